"""Slips of the catalog's own words mended before a request is read: "turn on blutooth", "scren timout".

The model learned slips that the synthesiser made, but one swapped pair of letters in a word it knows well still
changes its answer: on the development sets, one slip in a catalog word of each request lost 142 of 1,142 right
answers. A word is mended only when all of these hold:

- it is none of the catalog's words (titles, aliases, keywords) or the words requests are made of, nor another
  form of one ("disable" of "disabled"), nor a word the tokenizer holds whole;
- exactly one catalog word, or one of the words requests are made of ("turn", "disable"), is one slip from it
  (support.is_slip: two neighbours swapped, or for words of five letters or more one letter inserted, dropped or
  changed; a word of five letters also typed in four: "niht"), or several forms of one word are and one of them
  is as long as the slip ("windosw": windows, not window);
- it is no English word ("matter" is not "master", "spend" not "speed"), by pyspellchecker's English word list,
  and no English word with its first letter and five times as common as that catalog word is one edit from it
  either (CATALOG_PRIOR: "plaae" could be "place" as well as "plane").

A slip of a common English word typed in lower case ("seeeing", "meetimgs") is mended too, where no catalog word is
one slip from it and one English word clearly is (Speller._english_word). The English word list loads (about
0.15 s) only when a request first holds a word the other checks leave.
"""

from __future__ import annotations

import functools
import re

from .slips import english_words, two_slips
from .support import _STOP, _SUFFIXES, is_slip, stem

_ENDINGS = frozenset({"", *_SUFFIXES})
# How much likelier a catalog word is in a request than in the English word list's counts: an English word that
# starts the same and is one edit from the slip must be this much commoner than the catalog word to stop the mend
# ("scren": screen, not screw; "plaae" stays, as "place" is commoner still than "plane")
CATALOG_PRIOR = 5
# A slip of an English word is mended where the word is this much commoner than any other one slip from it with
# its first letter, and this common at all (pyspellchecker's counts: "seeing" 47,000; "lockup" 1,179 is no mend of
# "lookup", which the list lacks)
ENGLISH_LEAD = 10
ENGLISH_FLOOR = 5000
# A word of five letters or more typed in lower case, not part of a path, an address or a dotted name
_LOWER_WORD = r"(?<![\w./\\~@:'-])[a-z]{5,}(?![\w/\\@:'-]|\.\w|\s+App\b)"
# A word that may be a slip: letters only, four or more, not part of a path, an address, a dotted name or an option
# ("--verbose"); a part of a word joined by a hyphen is one ("left-hnaded"); not a name before "App" ("the Memrise App")
_CANDIDATE = r"(?:(?<![\w./\\~@:-])|(?<=[A-Za-z]-))[A-Za-z]{4,}(?![\w/\\@:]|-(?![A-Za-z])|\.\w|\s+App\b)"


# Slips of the words every request is made of, too short or too common to be caught as slips of catalog words,
# informal spellings of catalog words ("nite light"), and a verb typed as one word with its particle ("turnoff
# bluetooth" lost 30 right answers of dev and real-dev)
_COMMON_SLIPS = {"teh": "the", "adn": "and", "waht": "what", "taht": "that", "wiht": "with"} | {
    "nite": "night",  # informal spellings of catalog words
    "brite": "bright",
    "thru": "through",
}
_JOINED = r"(?i)\b(turn|switch)(on|off)\b"
# "tun" typed for "turn" before the state ("tun of cursor shadow", "a tweak that tuns off ..."): too short to be
# caught as a slip
_TUN = r"(?i)(?<!\ba\s)(?<!\bthe\s)\btun(?=\s+(?:on|off?)\b|s\s+(?:on|off)\b)"  # not "a tun of wine", "tuns of"
# "now" typed for "know" before what is known: "does anybody now how to ...", "I don't now if ..."
_NOW_FOR_KNOW = (
    r"(?i)\b(anybody|anyone|somebody|someone|you|i|don'?t|do\s+not)\s+now\s+(?=(?:how|if|what|where|why|whether)\b)"
)
# The words two of which may be typed as one (Speller._unglued: "howto", "howcto")
_GLUED = frozenset("how to what is the do can it where why i you turn switch set off on".split())
# "2" typed for "to" before a verb ("how 2 turn off ...", "I want 2 disable ..."): not before a count ("2 minutes")
# nor after a number or a date ("march 2 calendar")
_TWO_FOR_TO = (
    r"(?i)(?<=[a-z'])\s+2\s+(?=(?:turn|switch|set|change|make|get|stop|start|allow|enable|disable|show|hide|use|open|"
    r"adjust|put|let|keep|see|view|have|be|do|go|add|remove|move|find|track|snap|implement|activate|deactivate|"
    r"re-?enable|click|type|increase|decrease|reduce|lower|raise|boost|mute|unmute|pin|unpin|lock|unlock|connect|"
    r"disconnect|sleep|restart|reset|fix|control|access|scroll|zoom|ask|know|learn|read|hear|play)\b)"
)
# "of" typed for "off" after a verb that switches ("no way of turning of the annoying ... combining")
_OF_FOR_OFF = r"(?i)\b((?:turn|switch)(?:s|ed|ing)?)\s+of\b"


def common_slips(text: str) -> str:
    """`text` with the slips of _COMMON_SLIPS mended, "turnoff", "switchon", ... written as two words, "tun of" and
    "turn of" as "turn off", "anybody now how" as "know how" and "want 2 disable" as "want to disable"."""
    text = re.sub(_OF_FOR_OFF, r"\1 off", re.sub(_TUN, "turn", re.sub(_JOINED, r"\1 \2", text)))
    text = re.sub(_TWO_FOR_TO, " to ", re.sub(_NOW_FOR_KNOW, r"\1 know ", text))
    return re.sub(rf"(?i)\b(?:{'|'.join(_COMMON_SLIPS)})\b", lambda m: _COMMON_SLIPS[m.group().lower()], text)


def _short(w: str, v: str) -> bool:
    """A word of five letters typed in four, one after its first dropped ("niht", "clok", "slep"): a slip here,
    where the word is also no English word (support.is_slip takes a dropped letter from five letters typed)."""
    return len(w) == 4 and len(v) == 5 and w[0] == v[0] and any(v[:i] + v[i + 1 :] == w for i in range(1, 5))


def _long(w: str, v: str) -> bool:
    return len(v) >= 7 and v not in _STOP and two_slips(w, v)


def _kept(cache: dict[str, str | None], w: str, make) -> str | None:
    """`make(w)`, kept per word in `cache`; a long batch of requests clears it (the cache stays small)."""
    if w not in cache:
        if len(cache) >= 4096:
            cache.clear()
        cache[w] = make(w)
    return cache[w]


class Speller:
    """Mends slips of the catalog's words in a request (see the module's docstring)."""

    def __init__(self, names, holds):
        """`names()`: the catalog's words (support.Support.names), asked for only when a request holds a word that
        is neither a word requests are made of nor one the tokenizer holds; `holds(word)`: whether the model's
        tokenizer holds the lower-case word whole."""
        self._names = names
        self.holds = holds
        self._mends: dict[str, str | None] = {}  # word -> its mend, or None
        self._english_mends: dict[str, str | None] = {}  # word -> the English word it is a slip of, or None

    def mend(self, text: str) -> str:
        """`text` with each slip of a catalog word (see the module's docstring) written as that word; a request
        whose words are mostly unknown (a run of random letters: "xtqqvxtz cgfr dxvt ldlxp gfync" would have read
        "gfync" as G-Sync) is left as typed."""
        made: list[str] = []
        typed, text = text, common_slips(text)

        def mended_word(m: re.Match) -> str:
            got = self._mended_word(m)
            if got != m.group():
                made.append(got)
            return got

        mended = re.sub(_CANDIDATE, mended_word, text)
        mended = re.sub(_LOWER_WORD, lambda m: self._english_word(m, made), mended)
        if not made:
            return text
        mended = re.sub(_NOW_FOR_KNOW, r"\1 know ", mended)  # "anybody now howcto": known once "how to" is mended
        rest = [w for w in re.findall(r"[a-z]{2,}", mended.lower()) if w not in made]
        known = [w for w in rest if w in self.known or self.holds(w)]
        return mended if len(known) * 2 >= len(rest) else typed  # the words besides the mended ones, half known

    def _english_word(self, m: re.Match, made: list[str]) -> str:
        """A slip of a common English word typed in lower case ("seeeing", "meetimgs", "loojs") as that word, where it
        is one slip from the word (slips.two_slips) and from no other with its first letter nearly as common
        (ENGLISH_LEAD); the model reads the word, not the slip. A name typed with a capital ("Papirus") stays."""
        w = m.group()
        got = _kept(self._english_mends, w, self._english_mend)
        if got is None:
            return w
        made.append(got)
        return got

    def _english_mend(self, w: str) -> str | None:
        """The English word `w` is a slip of, where no catalog word is one edit from it either ("sreen" could be
        "screen" as well as "seen": it stays, as _mend leaves it)."""
        if w in self.known or self.holds(w) or self._form(w) or self._slip_of(w) is not None:
            return None
        if self._near(w, 1, lambda v: two_slips(w, v, 1)):
            return None
        english = self.english
        if w in english:
            return None
        near = sorted(
            (
                (english.word_frequency[c], c)
                for c in english.candidates(w) or ()
                if c[0] == w[0] and two_slips(w, c, 1)
            ),
            reverse=True,
        )
        if not near or near[0][0] < ENGLISH_FLOOR or len(near) > 1 and near[1][0] * ENGLISH_LEAD > near[0][0]:
            return None
        return near[0][1] if near[0][1].isalpha() else None

    def noise(self, text: str) -> bool:
        """Whether most of the request's words are no words at all: of its words of three letters or more (camelCase
        split), at least two and more than half are neither English, nor the catalog's or the tokenizer's, nor a
        slip of one (of four letters or more: one edit from an English word), nor typed in capitals (an
        abbreviation: "HKLM"). "tumwqqy qdeu fmgjk enemkzjz rdp" is noise
        though "rdp" names Remote Desktop; "Bildschirm heller machen" too, as mu reads English only."""
        said = [w for w in re.findall(r"[A-Za-z]+", re.sub(r"(?<=[a-z])(?=[A-Z])", " ", text)) if len(w) >= 3]

        def most(odd: list[str]) -> bool:
            return len(odd) >= 2 and len(odd) * 2 > len(said)

        odd = [w.lower() for w in said if not w.isupper()]
        odd = [w for w in odd if w not in _STOP and not self.holds(w)]
        if not most(odd):  # most requests end here: their words are the model's own
            return False
        odd = [w for w in odd if w not in self.known and not self._form(w) and self._slip_of(w) is None]
        if not most(odd):
            return False
        english = self.english
        return most([w for w in odd if w not in english and (len(w) < 4 or not self._near_english(w))])

    def _near_english(self, w: str) -> bool:
        """Whether an English word is one edit from `w` ("slep", "mins"): a slip, not a run of letters."""
        return any(c != w for c in self.english.candidates(w) or ())

    def _mended_word(self, m: re.Match) -> str:
        return self._slip_of(m.group().lower()) or m.group()

    def _slip_of(self, w: str) -> str | None:
        """`_mend(w)`, kept per word: the request is mended, then asked whether it is noise."""
        return _kept(self._mends, w, self._mend)

    def _mend(self, w: str) -> str | None:
        """The word `w` is a slip of, or None."""
        if w in _STOP or self.holds(w) or w in self.known or self._form(w):
            return None
        near = self._near(w, 1, lambda v: is_slip(w, v) or _short(w, v))
        twice = not near and len(w) >= 7
        if twice:  # two slips in a long word ("blutooht", "notifactions"): a catalog word as long alone
            near = self._near(w, 2, lambda v: _long(w, v))
        if len(near) > 1 and len({stem(v) for v in near}) == 1:  # forms of one word ("windosw": window, windows)
            near = [v for v in near if len(v) == len(w)] or near
        if len(near) > 1:  # the one a finger slips to: "chamge" is change (n beside m), not charge
            near = [v for v in near if two_slips(w, v, 1)]
        if len(near) != 1:
            return self._unglued(w)
        english = self.english
        if w in english or twice and self._near_english(w):
            return None
        floor = CATALOG_PRIOR * english.word_frequency[near[0]]
        typed = two_slips(w, near[0], 1)  # a slip of the keys: then a rival must be one too ("brower": browser, as
        rivals = [  # "broker" is no slip of it, k far from w); "plaae" is neither plane's nor place's: no guess
            c
            for c in english.candidates(w) or ()
            if c[0] == w[0]
            and c != near[0]
            and english.word_frequency[c] >= floor
            and (not typed or two_slips(w, c, 1))
        ]
        return None if rivals else near[0]

    def _near(self, w: str, spread: int, test) -> list[str]:
        """The words to mend to that start as `w` does, at most `spread` letters longer or shorter, that pass
        `test`."""
        by_start = self._by_start
        return [v for n in range(-spread, spread + 1) for v in by_start.get((w[0], len(w) + n), ()) if test(v)]

    @functools.cached_property
    def _by_start(self) -> dict[tuple[str, int], list[str]]:
        """The words to mend to by (first letter, length), made on the first word that may be a slip: the
        catalog's and the longer of those requests are made of ("trun" is "turn", "disbale" "disable")."""
        out: dict[tuple[str, int], list[str]] = {}
        for v in self.vocab | {v for v in _STOP if len(v) >= 4}:
            out.setdefault((v[0], len(v)), []).append(v)
        return out

    def _unglued(self, w: str) -> str | None:
        """Two words requests are made of typed as one, or with a letter for the space between them ("howto",
        "howcto": "how to"); None for an English word or another run of letters."""
        for i in range(2, len(w) - 1):
            for a, b in ((w[:i], w[i:]), (w[:i], w[i + 1 :])):
                if a in _GLUED and b in _GLUED and len(b) >= 2 and w not in self.english:
                    return f"{a} {b}"
        return None

    @functools.cached_property
    def vocab(self) -> frozenset[str]:
        """The catalog's words."""
        return self._names()

    @functools.cached_property
    def known(self) -> frozenset[str]:
        """The catalog's words and the words requests are made of."""
        return self.vocab | _STOP

    def _form(self, w: str) -> bool:
        """Whether `w` is another form of a known word: the same stem of four letters or more, another ending."""
        return any(
            w[n:] in _ENDINGS and w[:n] + e in self.known
            for n in range(max(4, len(w) - 5), len(w) + 1)
            for e in _ENDINGS
        )

    @property
    def english(self):
        """pyspellchecker's English words with their frequencies, loaded on first use (slips.english_words)."""
        return english_words()
