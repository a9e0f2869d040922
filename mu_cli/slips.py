"""Slips of the keyboard: a word typed with two neighbours swapped or one letter inserted, dropped or changed, and
the one name of a list such a slip was meant for ("Geerman": German, "Ameerica/New_York": America/New_York)."""

from __future__ import annotations

import functools


def is_slip(a: str, b: str) -> bool:
    """A slip, not another word: after the same first letter, two neighbours swapped ("wfii"), or for words of
    5+ letters one letter inserted, dropped or changed ("blutooth", "narator")."""
    if abs(len(a) - len(b)) > 1 or min(len(a), len(b)) < 4 or a[0] != b[0]:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        swap = len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
        return swap or (len(diff) == 1 and len(a) >= 5)
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return len(short) >= 5 and any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")


def _neighbours() -> frozenset[tuple[str, str]]:
    """Pairs of keys side by side or one row apart on a QWERTY keyboard (each row starts half a key right)."""
    pairs = set()
    for r, row in enumerate(_ROWS):
        for i, k in enumerate(row):
            near = [row[j] for j in (i - 1, i + 1) if 0 <= j < len(row)]
            if r + 1 < len(_ROWS):
                near += [_ROWS[r + 1][j] for j in (i - 1, i) if 0 <= j < len(_ROWS[r + 1])]
            pairs.update((k, n) for n in near)
    return frozenset(pairs | {(b, a) for a, b in pairs})


_NEAR_KEYS = _neighbours()
_VOWELS = frozenset("aeiouy")


def _changed(x: str, y: str) -> int:
    """The cost of typing `y` for `x`: none for the letter itself, one for a key beside it or one vowel for
    another ("transparancy"), more for any other letter (two words, not a slip: "evernote" is no "everyone")."""
    if x == y:
        return 0
    return 1 if (x, y) in _NEAR_KEYS or x in _VOWELS and y in _VOWELS else 3


def two_slips(a: str, b: str, most: int = 2) -> bool:
    """Whether `b` is at most two slips (or `most`) from `a` (a letter inserted or dropped, a neighbouring key or
    another vowel typed, two neighbours swapped), for long words whose slips the catalog leaves far apart."""
    if abs(len(a) - len(b)) > most:
        return False
    prev2, prev = None, list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            row[j] = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + _changed(a[i - 1], b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], prev2[j - 2] + 1)
        if min(row) > most:
            return False
        prev2, prev = prev, row
    return prev[-1] <= most


@functools.lru_cache(maxsize=64)
def _index(names: frozenset[str]) -> dict[tuple[str, int], list[str]]:
    """`names` by (first letter, length): the names a slip of a word may be of are those of its letter, one longer
    or shorter (a frozenset keeps its hash: a lookup here is cheap)."""
    index: dict[tuple[str, int], list[str]] = {}
    for n in names:
        index.setdefault((n[:1], len(n)), []).append(n)
    return index


def name_of(word: str, names: frozenset[str]) -> str | None:
    """The name of `names` (lower case) that lower-case `word` is, or the one it is a slip of; None where none is,
    or it could be a slip of several (a value that could be two names is no value) or is an English word itself."""
    if word in names:
        return word
    if len(word) < 4:
        return None
    index = _index(names)
    near = {n for d in (-1, 0, 1) for n in index.get((word[:1], len(word) + d), ()) if is_slip(word, n)}
    if len(near) != 1 or _english_word(word):  # "green" is a word of its own, no slip of Greek
        return None
    return near.pop()


@functools.cache
def english_words():
    """pyspellchecker's English words with their counts, loaded once a process and only when first asked for
    (about 0.15 s)."""
    from spellchecker import SpellChecker

    return SpellChecker(language="en", distance=1)


def _english_word(word: str) -> bool:
    return " " not in word and word in english_words()
