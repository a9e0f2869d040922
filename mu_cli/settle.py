"""A model's calls squared with what the request states: "up to 90" is a set, "after 30 sec" keeps its unit, a
number the grammar could not write (150 on a 0-100 scale, -5) is the request's or refused, never written cut, a
request that only names a scale ("set the screen brightness") sets no number of the model's own (its page opens),
"from A to B" is B, "capped at 60hz" is what the setting has now, a list is whole, "French AZERTY" is French (AZERTY),
a switch is set the way the request commands it ("keep my camera disabled", "narator wont shut up", "turn off
auto-rotate"), a choice the way it wishes or complains ("I just want dark mode", "annoying that the Start icon is
centered"), "never turn off X" keeps X on, and a call for what the request leaves out ("not wifi") goes."""

from __future__ import annotations

import functools
import re
from dataclasses import replace
from typing import NamedTuple

from .calls import (
    Call,
    domain_value,
    level_named,
    names_a_level,
    names_a_locale,
    names_an_amount,
    normalize_value,
    parse_duration,
    parse_number,
)
from .catalog import Catalog, format_duration
from .errors import ValueRefused
from .support import _MOVE_WORDS, _SIZE_WORDS, _STOP, _same_word, is_slip, stem, words

# Words that place a scale's value where it goes: "up to 90", "if my battery is below 30 percent ..."
_PLACED_AT = r"(?:to|at|below|under|above|over|reaches|hits)"


def settle_relative(text: str, calls, catalog: Catalog) -> list[Call]:
    """ "Turn the mic volume up to 90" names where to go, not how far: an increase/decrease of a range whose
    amount the request introduces with "to", "at", "below" ... (and never with "by") is a set to that value, and so
    is one of a duration whose amount is stated only after "to" ("increase the screen timeout to 10 minutes")."""
    out, low = [], text.lower()
    for c in calls:
        s = catalog.settings.get(c.setting or "")
        if c.action in ("increase", "decrease") and c.value is not None and s is not None and s.kind == "range":
            n = re.escape(f"{c.value:g}")
            if re.search(rf"\b{_PLACED_AT}\s+(?:about\s+|around\s+)?{n}(?![\d.])", low) and not re.search(
                rf"\bby\s+(?:about\s+|around\s+)?{n}(?![\d.])", low
            ):
                c = replace(c, action="set")
        elif c.action in ("increase", "decrease") and c.value is not None and s is not None and s.kind == "duration":
            # "increase the screen timeout to 10 minutes": the duration the amount is stated as follows a "to"
            said = [d.follows for d in stated_durations(text) if d.secs == c.value]
            if said and all(f == "to" for f in said):
                c = replace(c, action="set")
        out.append(c)
    return out


_NUMBER_WORD = (
    r"(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
    r"seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand)"
)
# A duration as the request states it: "30 sec", "15s", "fifteen seconds", "a minute", "2.5 hrs", "1h30", "1 hour
# and 30 minutes" (not the "an hour" of "half an hour", which is 30 minutes)
_STATED_DURATION = (
    rf"(?i)\b(?<!half )(\d+(?:\.\d+)?|(?:an?\s+)?{_NUMBER_WORD}(?:[\s-]+{_NUMBER_WORD})*|an?)\s*"
    r"(seconds?|secs?|minutes?|mins?|hours?|hrs?|(?<=\d)[smh]|(?<=\d\s)[smh])(?![a-z])(?:\s*(?:and\s+)?(\d+)\s*(?:minutes?|mins?|m)?\b)?"
)
_HALF_HOURS = ((r"(?i)\bhalf an? hour\b", "30 minutes"), (r"(?i)\b(?:an?|one) hour and a half\b", "90 minutes"))


# "a twelve hour shift", "a 5 minute break": a duration that describes a thing, not a wait
_SINGULAR = {"second", "minute", "hour"}
_ADJECTIVE_AFTER = (
    r"(?i)[\s-]+(?!(?:and|or|of|please|then|but|on|when|if|idle|inactive|after|before|pls|thanks)\b)[a-z]"
)


class Stated(NamedTuple):
    """A duration the request states: its seconds, the digits it is written with, and whether it is a time from
    now ("in ten minutes") or describes a thing ("a twelve hour shift") rather than a wait."""

    secs: int
    digits: str
    soon: bool
    follows: str  # the word before it ("after" of "after 5 min", "timeout" of "screen timeout 5 min")


def stated_durations(text: str) -> list[Stated]:
    """The durations a request states, in seconds (negative with a minus before them), each with the digits it is
    written with ("2.5 hours" -> 9000, "25")."""
    for pattern, plain in _HALF_HOURS:
        text = re.sub(pattern, plain, text)
    out = []
    for m in re.finditer(_STATED_DURATION, text):
        num, unit, tail = m.groups()
        n = 1 if num.lower() in ("a", "an") else parse_number(num)
        secs = parse_duration(f"{n:g} {unit}") if n is not None else None
        if secs is not None and tail and unit.lower().startswith("h"):
            secs, num = secs + int(tail) * 60, num + tail  # "1h30": 90 minutes
        if secs is not None:
            before = text[: m.start()]
            negative = re.search(r"(?:^|[^\w.-])-\s*$", before) is not None  # "-5 min": refused later
            soon = re.search(r"(?i)\b(?:in|within)\s*$", before) is not None  # "in ten minutes": a time from now
            soon = soon or re.match(_ADJECTIVE_AFTER, text[m.end() :]) is not None and unit.lower() in _SINGULAR
            follows = (re.findall(r"[a-z0-9=:]+", before.lower()[-40:]) or [""])[-1]
            out.append(Stated(-secs if negative else secs, re.sub(r"\D", "", num) or str(int(n)), soon, follows))
    return out


def settle_units(text: str, calls, catalog: Catalog) -> list[Call]:
    """ "Blank the screen after 30 sec": a duration the model wrote that is none the request states (nor a bare
    number of it, "sleep after 15", nor a never) is the one it states, or of several the one whose digits and the
    value's begin one another: 30 sec written as 30 minutes, 59 s as 590 s, 2.5 hours as 2 hours, 1h30 as 1 hour.
    One another call takes is that call's; one the setting does not offer is refused (ValueRefused); one read from
    a share ("80%") goes."""
    if not any(getattr(catalog.settings.get(c.setting or ""), "kind", "") == "duration" for c in calls):
        return list(calls)  # nothing to square: most requests
    stated = stated_durations(text)
    said = {d.secs for d in stated}
    numbers, reset = written_numbers(text), re.search(_RESET, text)
    bare = {w.number * k for w in numbers for k in (1, 60) if w.unit is None and not _percent(w)}  # "to 1": 1 min
    percent = {w.number * k for w in numbers for k in (1, 60, 3600) if _percent(w)}
    out = []
    for c in calls:
        s = catalog.settings.get(c.setting or "")
        if s is not None and s.kind == "duration" and c.action == "set" and isinstance(c.value, int):
            if c.value in percent - said - bare:
                continue  # "80% plugged in" read as 80 minutes: a share is no duration
            if not said and not numbers and not reset and _only_named(s, text):
                c = Call("open", page=s.page, confidence=c.confidence)  # "set the screen timeout" wrote 0
            elif c.value not in said | bare and not (c.value == 0 and re.search(_NEVER, text)) and not reset:
                others = {o.value for o in calls if o is not c}  # "sleep after 15, screen off after 15s": 15 s is taken
                introducers = _WAIT_WORDS | _names_of(s)
                meant = _meant_duration(c.value, [d for d in stated if d.secs not in others], introducers)
                if len(meant) == 1:
                    c = replace(c, value=normalize_value(s, "set", meant.pop()))
        out.append(c)
    return out


@functools.lru_cache(maxsize=256)
def _choice_durations(s) -> dict[str, int] | None:
    """A choice's values as durations in seconds ("15 seconds", "1 minute"), or None where some value is none."""
    secs = {v.id: parse_duration(v.label, bare_unit=0) for v in s.values}
    return None if any(n is None for n in secs.values()) else secs


def settle_choice_durations(text: str, calls, catalog: Catalog) -> list[Call]:
    """ "set notification duration to 15 minutes" chose 15 seconds: a choice of durations set to one the request does
    not state, where it states one wait (not a time from now), takes the value of that length, or is refused
    (ValueRefused: the setting does not offer it)."""
    out = []
    for c in calls:
        s = catalog.settings.get(c.setting or "")
        lengths = _choice_durations(s) if s is not None and s.kind == "choice" and c.action == "set" else None
        stated = {d.secs for d in stated_durations(text) if not d.soon and d.secs > 0} if lengths else set()
        if lengths and len(stated) == 1 and lengths.get(c.value) not in stated:
            wanted = stated.pop()
            match = [v for v, n in lengths.items() if n == wanted]
            if not match:
                offered = ", ".join(v.label for v in s.values)
                raise ValueRefused(f"{s.id}: {format_duration(wanted)} is not one of its choices ({offered})")
            c = replace(c, value=match[0])
        out.append(c)
    return out


_WAIT_WORDS = frozenset({"after", "to", "at", "for", "every", "of", "=", ":", "timeout", "timer", "delay", "off"})
# what a duration of 0 says ("no suspend", "after off"; not "turn off the screen after ...")
_NEVER = r"(?i)\b(?:never|disable|no|don'?t)\b|\b(?:after|to|at)\s+off\b|[=:]\s*off\b"


def _meant_duration(value: int, stated: list[Stated], introducers: set[str]) -> set[int]:
    """The stated duration a model's other one stands for: the only one, when a word of waiting or of the
    setting's name comes before it ("after 59 s", "screen timeout 5 min", not "Windows 11 23h2"), or of several
    those whose digits and the value's in some unit begin one another (30 sec written as 30 minutes, 59 s as 590
    s, 2.5 hours as 2)."""
    if len({d.secs for d in stated}) == 1 and not stated[0].soon and stated[0].follows in introducers:
        return {stated[0].secs}
    forms = {str(value // k) for k in (1, 60, 3600) if value % k == 0 and value}
    return {d.secs for d in stated if any(d.digits.startswith(f) or f.startswith(d.digits) for f in forms)}


def _percent(w: Written) -> bool:
    return w.literal.rstrip().lower().endswith(("%", "percent"))


# A number as the request writes it: its sign, digits with a decimal part or separators, and a mark after it
# that changes its meaning ("50%", "1.5x"); not one inside a word or a date ("1080p", "2023-11"). Or in words:
# "twenty", "a hundred and fifty" (not "one" of "one and a half").
_WRITTEN_NUMBER = r"(?i)(?<![\w.,-])(-?\d+(?:[.,]\d+)*)(\s*(?:%|percent\b|x\b))?(?!\w|[.,]\d)"
# A number written with its unit's letters on it: "5000K", "400ms", "144hz" (the model copied "50" of "5000K")
_GLUED_NUMBER = (  # "k" after a colour temperature ("6500K"), not a screen's "4k"
    r"(?i)(?<![\w.,-])(-?\d+(?:[.,]\d+)*(?=(?:ms|hz|px|db|dpi|nits?|fps|kb|mb|gb|mah|w|v)\b)|\d{3,}(?=k\b))"
)
_WORDED_NUMBER = (
    rf"(?i)\b((?:an?\s+)?{_NUMBER_WORD}(?:(?:\s+and\s+|[\s-]+){_NUMBER_WORD})*)\b(\s*(?:%|percent\b))?"
    r"(?!\s+(?:and\s+)?an?\s+half)"
)
# A request to go back to the default (the model writes the catalog's default, no number of the request's)
_RESET = r"(?i)\b(?:reset|default|normal|original|restore|usual)\b"
# What introduces a value: "to 300%", "at 20", "size=300" (not "after a twelve hour shift")
_INTRODUCED = r"(?i)\b(?:to|at)\s*$|=\s*$"
# An amount: "by 200" (not a sum's: "divide 100 by 20", "multiplied by 3")
_BY = r"(?i)^(?!.*\b(?:divid|multipl)\w*\s+(?:\S+\s+){0,2}by\s*$).*\bby\s*$"
_DURATION_UNIT = r"(?i)\s*(seconds?|secs?|minutes?|mins?|hours?|hrs?|[smh])(?![a-z])"
# "at eleven am", "from 7 in the evening" set no value
_TIME_OF_DAY = r"(?i)\s*(?:am|pm|a\.m\.|p\.m\.|o'clock)\b|\s+in\s+the\s+(?:evening|afternoon|morning)\b|\s+at\s+night\b"


class Written(NamedTuple):
    """A number the request writes: as written (sign and mark too), its number, and whether a word introduces it
    as a value."""

    literal: str
    number: float
    introduced: bool
    by: bool  # "by 200": an amount
    unit: str | None  # a duration's unit after it ("10 minutes")
    follows: str  # the word before it, lower-cased ("brightness" of "brightness 150")
    at: int = -1  # where it starts in the request


@functools.lru_cache(maxsize=8)
def written_numbers(text: str) -> tuple[Written, ...]:
    """The numbers a request writes, in digits or in words (read once a request: settle_units and settle_numbers
    both ask)."""
    out = []
    for pattern in (_WRITTEN_NUMBER, _GLUED_NUMBER, _WORDED_NUMBER):
        for m in re.finditer(pattern, text):
            n = parse_number(m.group(1))
            if n is not None and not re.match(_TIME_OF_DAY, text[m.end() :]):
                before, unit = text[: m.start()], re.match(_DURATION_UNIT, text[m.end() :])
                introduced, by = re.search(_INTRODUCED, before) is not None, re.search(_BY, before) is not None
                follows = (re.findall(r"[a-z0-9]+", before.lower()[-40:]) or [""])[-1]
                out.append(Written(m.group(0), n, introduced, by, unit.group(1) if unit else None, follows, m.start()))
    return tuple(out)


def settle_numbers(text: str, calls, catalog: Catalog) -> list[Call]:
    """ "Set the brightness to 150": the grammar lets the model write only values the setting can take, so a
    number outside its domain comes out cut (150 -> 15, "twenty" -> 2), without its sign or point (-5 -> 5,
    2.5 -> 25), or as another value (300% -> 130, 31.4 -> 34). A value set that is none of the request's numbers,
    unless the request names it in words ("the max", "no scaling"), stands for the number the request sets: the
    one introduced as a value ("to 150", "at 20", "=300"; of several, the one whose digits the value begins), or
    the request's only number ("brightness 150"). That number is normalised as an assignment would be (2.5 -> 2 on
    a whole-number scale) or refused (ValueRefused), never written as another. Numbers another call of the
    request takes are that call's."""
    out = []
    for c in calls:
        s = catalog.settings.get(c.setting or "")
        setting = s is not None and c.action == "set" and _numeric(s, c.value)
        amount = s is not None and s.kind == "range" and c.action in ("increase", "decrease")
        timed = _in_milliseconds(s, text) if setting else None
        if timed is not None:  # "set cursor blink rate to 1 second": 1000 ms; "repeat delay to 250 ms": step 0
            c = replace(c, value=normalize_value(s, "set", timed))
        elif (setting or amount) and not re.search(_RESET, text):  # "reset it to normal": the default, no number
            free = [w for w in written_numbers(text) if not any(_takes(catalog, o, w) for o in calls if o is not c)]
            if setting and free:
                c = replace(c, value=_stated_value(s, c.value, free, text))
            elif setting and s.kind == "range" and not written_numbers(text):
                c = _unwritten(s, c, text)
            elif amount and (free or c.value is not None):
                c = replace(c, value=_stated_amount(s, c, free, text))
        out.append(c)
    return out


# A time the request writes in milliseconds or seconds: "250 ms", "1 second", "1.5s"
_TIME_SPAN = r"(?i)(?<![\w.])(\d+(?:\.\d+)?)\s*(ms|msecs?|milliseconds?|millisecs?|s|secs?|seconds?)\b"


def _in_milliseconds(s, text: str) -> str | None:
    """The value of a scale in milliseconds, or of steps a binding maps linearly to milliseconds (the keyboard's
    repeat delay: 250 + 250 * step ms), that the request's one written time sets ("half a second" too); None where
    it writes none, or several."""
    text = re.sub(r"(?i)\bhalf\s+(?:a\s+)?sec(?:ond)?\b", "0.5 seconds", text)  # "every half second"
    text = re.sub(r"(?i)\b(?:a\s+)?quarter\s+(?:of\s+)?(?:a\s+)?sec(?:ond)?\b", "0.25 seconds", text)
    spans = re.findall(_TIME_SPAN, text)
    if s is None or s.kind != "range" or len(spans) != 1:
        return None
    number, unit = spans[0]
    ms = float(number) * (1 if unit.lower().startswith("m") else 1000)
    if s.unit == "ms":
        return f"{ms:g}"
    lines = [k["linear"] for b in s.bindings.values() for k in b.spec.get("keys", []) or [] if k.get("linear")]
    if s.unit != "step" or " ms" not in s.description or len(lines) != 1 or not lines[0].get("scale"):
        return None
    offset, scale = lines[0].get("offset", 0), lines[0]["scale"]
    step = round((ms - offset) / scale)
    if not s.min <= step <= s.max:
        ends = sorted(offset + scale * n for n in (s.min, s.max))
        raise ValueRefused(f"{s.id}: {number} {unit} is outside {ends[0]:g}..{ends[1]:g} ms")
    return f"{step:g}"


# What a request that only names a setting says besides its name: "set the screen brightness", "can you please
# change my mouse speed?"
_BARE_ASK = frozenset(
    "set change adjust modify configure edit tweak alter put make the my a an to please pls can could would you i "
    "want need like how do does what where is it me for on in this that setting settings level value time".split()
)


def _unwritten(s, c: Call, text: str) -> Call:
    """ "Set the screen brightness" wrote 0, "set the mouse speed" 20: a request that only names a setting gives it
    no number, so its page opens, where the person picks; a level it names in words is that level ("set the
    brightness to medium" wrote 12)."""
    level = level_named(text)
    if level is not None:
        return replace(c, value=normalize_value(s, "set", level))
    return Call("open", page=s.page, confidence=c.confidence) if _only_named(s, text) else c


def _only_named(s, text: str) -> bool:
    """Whether the request's words are only `s`'s names and the words of a bare ask."""
    said = set(re.findall(r"[a-z0-9]+", text.lower()))
    return bool(said) and said <= _BARE_ASK | _names_of(s)


# A request that asks to choose a value it does not state: "Choose what happens when you close the laptop lid", "Set
# how long before the screen goes blank", "change which ... "
_CHOOSING = r"(?i)\b(?:choose|select|pick|change|set|decide|configure|adjust)\s+(?:what|which|how\s+(?:long|much|many|fast|soon|often|big|bright|loud))\b"


def settle_unstated(text: str, calls, catalog: Catalog) -> list[Call]:
    """ "Choose what happens when you close the laptop lid" set Sleep, "Set how long before the screen goes blank"
    0 (never): a request that asks to choose a value and states none (no number, time word, level or choice's
    name) is the way to the setting's page, where the person chooses."""
    if len(calls) != 1 or calls[0].action != "set" or not re.search(_CHOOSING, text):
        return list(calls)
    c = calls[0]
    s = catalog.settings.get(c.setting or "")
    if s is None or s.kind not in ("choice", "range", "duration"):
        return [c]
    if s.kind == "choice":
        stated = any(_named(s, v.id, text) for v in s.values)
    else:
        stated = bool(written_numbers(text)) or names_a_level(text) or re.search(_TIME_WORDS, text) is not None
    return [c] if stated else [Call("open", page=s.page, confidence=c.confidence)]


# A span of time in words: "a day", "weekly", "two months", "forever"
_TIME_WORDS = (
    r"(?i)\b(?:sec|secs|seconds?|mins?|minutes?|hours?|hrs?|days?|daily|weeks?|weekly|fortnight|months?|monthly|"
    r"years?|yearly|forever|never)\b"
)


# Words that imply a level without a number: "mute", "all the way", "double", "back to normal"
_IMPLIED_LEVEL = (
    r"(?i)\d|\b(?:zero|none|mute\w*|silen\w*|off|never|full|all\s+the\s+way|quarter|third|double|triple|twice|normal|"
    r"default|reset|usual|original|standard|regular|back|one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
    r"twelve|\w+teen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred)\b"
)


def settle_unimplied(text: str, calls, catalog: Catalog) -> list[Call]:
    """ "I want to disable the ambient light sensor and make it so that I'm in control of the brightness of my
    screen" also set the brightness to 0: among several calls, a level set that the request states in no number,
    no level's name ("max", "half") and no word that implies one ("mute", "back to normal") is the model's own,
    and goes."""
    if len(calls) < 2 or re.search(_IMPLIED_LEVEL, text) or names_a_level(text) or written_numbers(text):
        return list(calls)
    out = []
    for c in calls:
        s = catalog.settings.get(c.setting or "")
        if s is not None and s.kind == "range" and c.action == "set" and _numeric(s, c.value):
            continue
        out.append(c)
    return out or list(calls)


def settle_spans(text: str, calls, catalog: Catalog) -> list[Call]:
    """ "... set the age range to 23 to 27 and the distance to 10 km" chose "14 days" for the recycle bin: a choice
    of a span of time ("14 days", "Pause for 2 weeks") in a request that writes numbers, none of them its own, and
    names no span of time is the model's own, and goes."""
    written = written_numbers(text)
    if not written or re.search(_TIME_WORDS, text) or re.search(_RESET, text) or re.search(r"\d\s*[smhdw]\b", text):
        return list(calls)  # a span the words imply ("for ages", "as long as possible", "1m") stays
    out = []
    for c in calls:
        s = catalog.settings.get(c.setting or "")
        label = next((v.label for v in s.values if v.id == c.value), "") if s is not None and s.kind == "choice" else ""
        span = re.search(r"(\d+)\s*" + _TIME_WORDS[4:], label)
        if span and not any(w.number == int(span.group(1)) for w in written):
            continue
        out.append(c)
    return out


# A value stated in words at the end of a command's clause: "set the screen timeout to banana"
_STATED_TO = (
    r"(?i)\b(?:set|change|switch|make|put|turn)(?:\s+(?!and\b|then\b|to\b)[\w'-]+){1,6}\s+to\s+"
    r"(?P<v>[a-z][a-z'-]*(?:\s+[a-z][a-z'-]*){0,2})\s*"
    r"(?=$|[,.;:!?]|\b(?:and|then|please|pls|plz|thanks|now)\b)"
)


# Words of a level or a speed that any scale or time may be set to: "to its quickest", "to nothing"
_LEVEL_WORDS = _SIZE_WORDS | frozenset(
    "quick fast slow high low loud soft quiet bright dim dark long short nothing highest lowest most least".split()
)


def settle_unknown_value(text: str, calls, catalog: Catalog) -> list[Call]:
    """ "set the screen timeout to banana" set it to never, "set the brightness to comfortable" to 0, "set the taskbar
    alignment to diagonal" centred it: a value a request states in words none of the setting's own (its texts, its
    choices' names), nor another form or a slip of one, nor a level's or a move's word ("max", "quieter"), is a value
    the setting does not take, and the choice, level or time the model wrote for it instead goes (a text value is
    the request's own and stays)."""
    return [] if len(calls) == 1 and unknown_value(text, calls[0], catalog) else list(calls)


def unknown_value(text: str, call: Call, catalog: Catalog) -> str | None:
    """Why the value a request states for a set call's choice, level or time is none the setting takes (see
    settle_unknown_value), or None."""
    s = catalog.settings.get(call.setting or "")
    if (
        s is None
        or call.action != "set"
        or s.kind not in ("choice", "range", "duration")
        or not re.search(r"(?i)\bto\s", text)
    ):
        return None
    hexed = re.search(r"(?i)\bto\s+(#[0-9a-f]{3}(?:[0-9a-f]{3})?)\b", text) if s.kind == "choice" else None
    if hexed and not any(hexed[1].lower() in (v.label.lower(), *map(str.lower, v.aliases)) for v in s.values):
        return f"{s.id}: {hexed[1]!r} is no value of {s.title}; it takes {_what_it_takes(s)}"  # a colour it lacks
    for m in re.finditer(_STATED_TO, text):
        said = [w for w in re.findall(r"[a-z]{2,}", m["v"].lower()) if w not in _STOP]  # "to ml" too
        if said and not re.search(_IMPLIED_LEVEL, m["v"]) and not names_a_level(m["v"]):
            vocab, stems = _setting_words(s)
            if not any(_same_word(w, vocab, stems) for w in said):
                return f"{s.id}: {m['v']!r} is no value of {s.title}; it takes {_what_it_takes(s)}"
    return None


def _what_it_takes(s) -> str:
    if s.kind == "choice":
        return ", ".join(v.label for v in s.values)
    if s.kind == "duration":
        return "a time (30 seconds, 5 minutes, 1 hour, never)"
    unit = f" {s.unit}" if s.unit else ""
    return f"a number from {s.min:g} to {s.max:g}{unit}"


@functools.lru_cache(maxsize=256)
def _setting_words(s) -> tuple[frozenset[str], frozenset[str]]:
    """(the words, their 4-letter stems) of a setting's texts and its choices' names, and of moves ("quieter")."""
    texts = [s.id.replace("_", " "), s.title, s.description, s.unit, *s.aliases, *s.keywords, *s.examples]
    texts += [*s.opposites, *(p.text for p in s.problems)]
    texts += [n for v in s.values for n in (v.id.replace("_", " "), v.label, *v.aliases)]
    ws = frozenset(re.findall(r"[a-z0-9]+", "\n".join(texts).lower())) | _MOVE_WORDS | _LEVEL_WORDS  # "pc" too
    return ws, frozenset(w[:4] for w in ws if len(w) >= 4)


def _numeric(s, value) -> bool:
    """Whether `value` of `s` is a number the model wrote: a range's, or a choice of numbers (a duration's is
    settle_units')."""
    if s.kind == "choice":  # "100%" on a scale, not "14 days": "two months" is one of those
        return all(re.fullmatch(r"\d+\s*%?", c.label) for c in s.values)
    return s.kind == "range" and isinstance(value, (int, float)) and not isinstance(value, bool)


def _takes(catalog: Catalog, call: Call, w: Written) -> bool:
    """Whether `call`'s value is the number `w` ("1440" of a resolution "1440x900" too)."""
    s = catalog.settings.get(call.setting or "")
    if s is None or call.value is None or isinstance(call.value, bool):
        return False
    if s.kind == "text":
        return _digits(w) in re.sub(r"\D", " ", str(call.value)).split()
    if s.kind == "choice":  # "Reduce the volume of other sounds by 80%": the choice's own number
        label = next((" ".join((v.label, *v.aliases)) for v in s.values if v.id == call.value), "")
        if _digits(w) in re.sub(r"\D", " ", label).split():
            return True
    if s.kind == "duration":  # "2 mins": 120 s
        return call.value in {w.number * k for k in (1, 60, 3600)}
    try:
        return w.number == call.value or normalize_value(s, "set", w.literal) == call.value
    except ValueRefused:
        return False


def _stated_value(s, value, written: list[Written], text: str):
    """`value` (set on `s` by the model) squared with the numbers the request writes; see settle_numbers."""
    for w in written:
        try:
            if normalize_value(s, "set", w.literal) == value or w.number == float(value):
                return value  # a number the request writes
        except ValueRefused:
            pass
    if _named(s, value, text):
        return value  # "the max", "no scaling": a value in words
    # the number set: one introduced as a value ("to 150") that the grammar could not write (outside the domain, a
    # sign, a point) or whose digits the value begins (150 written as 15); else the request's only number, after
    # the setting's name ("brightness 150", not "GNOME 45")
    own = re.sub(r"\D", "", str(value if s.kind == "choice" else f"{value:g}"))
    meant = {w.literal for w in written if w.introduced and (_unwritable(s, w) or _digits(w).startswith(own))}
    meant = meant or {w.literal for w in written if w.follows in _names_of(s) and len(written) == 1}
    return normalize_value(s, "set", meant.pop()) if len(meant) == 1 else value


def _digits(w: Written) -> str:
    return re.sub(r"\D", "", f"{abs(w.number):g}")


def _unwritable(s, w: Written) -> bool:
    """Whether the grammar could not write `w` as a value of `s`: negative, with a point, or outside the domain."""
    if w.number < 0 or re.search(r"\d[.,]\d", w.literal):
        return True
    try:
        normalize_value(s, "set", w.literal)
        return False
    except ValueRefused:
        return True


def _stated_amount(s, call: Call, written: list[Written], text: str):
    """ "Increase the volume by 200": an amount the grammar could not write (beyond the scale's span, with a point)
    or cut (419 written as 49, 12.5 as 15), or left out, is the one the request writes after "by" (the change
    then stops at the scale's end, as `sound.volume+=200` does); one read off another number ("4" of "my 4k
    monitor") is no amount: the setting's own step."""
    if any(abs(w.number) == call.value for w in written_numbers(text)) or call.value is None and names_an_amount(text):
        return call.value  # written ("by -10" read as a decrease by 10 stands), or in words ("a tad")
    own = "" if call.value is None else re.sub(r"\D", "", f"{call.value:g}")  # none written: any "by" number
    meant = {
        w.literal
        for w in written
        if w.by and w.number > 0 and (w.number > s.max - s.min or _unwritable(s, w) or _digits(w).startswith(own))
    }
    if len(meant) == 1:
        return normalize_value(s, call.action, meant.pop())
    # one the model read off another number ("4" of "my 4k monitor") is none; one the request writes nowhere is the
    # model's own reading of a complaint ("my mum can't read the menus": a bigger step)
    copied = own and re.search(rf"(?<!\d){own}(?!\d)", text) and not names_an_amount(text)
    return None if copied else call.value


def _named(s, value, text: str) -> bool:
    """Whether the request names `value` in words: a level ("the max"), or a choice by a name of its own ("no
    scaling" is 100%)."""
    if s.kind != "choice":
        return names_a_level(text)
    choice = next((c for c in s.values if c.id == value), None)
    names = _choice_names(s, choice) if choice is not None else []  # not inside a number: "3x" of "1.3x"
    return any(re.search(rf"(?i)(?<![\w.,]){re.escape(n)}(?!\w)", text) for n in names if n)


def _choice_names(s, choice) -> list[str]:
    """A choice's names: its label, with its parentheses' words ("Landscape (flipped)": "landscape flipped"), its
    aliases and its id in words ("double" of Double-click)."""
    return [choice.label, re.sub(r"[()]", "", choice.label), *choice.aliases, choice.id.replace("_", " ")]


# Server addresses listed one after another: "1.1.1.1 and 8.8.8.8", "1.1.1.1, 1.0.0.1 or 9.9.9.9"
_ADDRESS = r"(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7})"
_ADDRESS_RUN = rf"(?i){_ADDRESS}(?:(?:\s*[,;&]\s*|\s+(?:and|or|\+)\s+|\s+){_ADDRESS}(?![\w.:]))*"


def settle_lists(text: str, calls, catalog: Catalog) -> list[Call]:
    """ "Set DNS to 1.1.1.1 and 8.8.8.8": a server list the model copied a part of is the whole list the request
    writes there ("from 8.8.8.8 to 1.1.1.1" is no list: the value stays the one copied)."""
    out = []
    for c in calls:
        if c.setting == "network.dns_servers" and c.action == "set" and isinstance(c.value, str):
            first = c.value.split(",")[0].strip()
            at = text.lower().find(first.lower()) if first else -1
            run = next((m for m in re.finditer(_ADDRESS_RUN, text) if m.start() <= at < m.end()), None)
            if run:
                listed = re.sub(r"(?i)\s*(?:[,;&+]|\band\b|\bor\b)\s*|\s+", ", ", run.group(0))
                try:
                    c = replace(c, value=normalize_value(catalog.settings[c.setting], "set", listed))
                except ValueRefused:
                    pass  # not all of them addresses: the copy stands
        out.append(c)
    return out


# "from A to B": A is what the setting has, B what it should have (B up to the end of its clause)
_FROM_TO = r"(?i)\bfrom\s+(\S.*?)\s+to\s+(\S.*?)\s*(?=$|[,;!?]|\.(?:\s|$)|\s+(?:and|then|but|instead)\b)"


def settle_from_to(text: str, calls, catalog: Catalog) -> list[Call]:
    """ "Change the volume from 20 to 50": a value the model took from after "from" is the one after "to" (its
    longest start that is a value of the setting)."""
    pairs = re.findall(_FROM_TO, text) if re.search(r"(?i)\bfrom\b", text) else []
    out = []
    for c in calls:
        s = catalog.settings.get(c.setting or "")
        if s is not None and c.action == "set" and s.kind != "toggle":
            for old, new in pairs:
                if _value_of(s, old) == c.value:
                    words = new.split()
                    values = (_value_of(s, " ".join(words[:n])) for n in range(len(words), 0, -1))
                    got = next((v for v in values if v is not None), None)  # 0 and False are values
                    if got is None and _numeric(s, c.value) and words:
                        normalize_value(s, "set", words[0])  # "from 20 to 150": 150 refused, not 20 kept
                    c = c if got is None else replace(c, value=got)
                    break
        out.append(c)
    return out


def _value_of(s, text: str):
    """`text` as a value of `s`, or None."""
    try:
        return normalize_value(s, "set", text.strip("\"'"))
    except ValueRefused:
        return None


# A word no value is: "set my hostname to lab 42" copied "my"
FUNCTION_WORDS = frozenset("my the a an to it its this that your our me i you is as of for on in at by".split())
# The value a request states last: "... to lab 42", "... as 'Office PC'"
_ENDING = r"[\"'“]?(?P<value>[^,;!?\"'”]+?)[\"'”]?\s*(?:[.,;!?]\s*)?$"
_STATED_LAST = rf"(?i)\b(?:to|as|=)\s*{_ENDING}"


def settle_function_words(text: str, calls, catalog: Catalog) -> list[Call]:
    """ "set my hostname to lab 42" wrote "my", "change the hostname without rebooting" "change": a copied text value
    that is a word no value is (a pronoun, an article, a preposition, the command's verb) is the value the request
    states at its end ("lab 42"; "... instead of my yeti": what follows the copied word there), normalised as an
    assignment would be, or refused (ValueRefused: a computer name takes no space)."""
    out = []
    for c in calls:
        s = catalog.settings.get(c.setting or "")
        said = c.value.lower() if isinstance(c.value, str) else None  # "change the hostname ...": a verb copied
        if s is not None and s.kind == "text" and (said in FUNCTION_WORDS or said in _COPIED_VERBS):
            after = rf"(?i)\b{re.escape(c.value)}\s+{_ENDING}" if said in FUNCTION_WORDS else r"(?!)"  # not a verb's
            stated = re.search(_STATED_LAST, text) or re.search(after, text)  # "... instead of my yeti"
            if stated is None:
                continue  # no value stated at all: no call
            c = replace(c, value=normalize_value(s, "set", stated["value"].strip()))
        out.append(c)
    return out


# A copy that took the setting's name and its "to", or the command's verb, along: "wallpaper to beach.jpg" of "set the
# wallpaper to beach.jpg"
_NAME_AND_TO = r"(?i)^(?P<name>(?:[\w'-]+\s+){1,3}?)(?:(?:to|as|into|=)\s+)?(?P<value>\S+)$"
# A copy that took what names the value along: "file called beach photo.jpg"
_CALLED = (
    r"(?i)^(?:the\s+|a\s+|my\s+)?(?:file|picture|image|photo|folder|one)\s+(?:called|named|titled)\s+(?P<value>.+)$"
)
_COPIED_VERBS = frozenset({"the", "my", "a", "set", "make", "use", "change", "put", "apply", "switch", "turn"})


def settle_name_copied(text: str, calls, catalog: Catalog) -> list[Call]:
    """ "set the wallpaper to beach.jpg" copied "wallpaper to beach.jpg" (and, that copy naming no setting, gave
    nothing), "make beach.jpg my wallpaper" "make beach.jpg": a text value whose first words are the setting's own
    words or the command's verb (and a "to") takes the word after them, where that word alone has the setting's
    form."""
    out = []
    for c in calls:
        s = catalog.settings.get(c.setting or "")
        called = re.match(_CALLED, c.value) if isinstance(c.value, str) and s is not None and s.kind == "text" else None
        if called is not None and domain_value(s, called["value"]) is not None:  # "the file called beach photo.jpg"
            c = replace(c, value=domain_value(s, called["value"]))
        m = re.match(_NAME_AND_TO, c.value) if isinstance(c.value, str) and s is not None and s.kind == "text" else None
        if m is not None and not re.search(rf"[\"'“]{re.escape(c.value)}", text):
            own = {w for n in (s.title, *s.aliases, *s.keywords) for w in words(n)}
            alone = domain_value(s, m["value"]) if set(words(m["name"])) <= own | _COPIED_VERBS else None
            c = c if alone is None else replace(c, value=alone)
        out.append(c)
    return out


def settle_copies(text: str, calls, catalog: Catalog) -> list[Call]:
    """ "Set the lock screen to ~/lake.jpg and the wallpaper to ~/sea.jpg": a call that copied the value an earlier
    call took, where the request writes one other value of that form that no call took, takes that one."""
    out: list[Call] = []
    for c in calls:
        s = catalog.settings.get(c.setting or "")
        if s is not None and s.kind == "text" and isinstance(c.value, str) and c.value in {o.value for o in out}:
            taken = {o.value for o in calls}
            rest = text  # not a word of a value taken ("English" of "English (United Kingdom)")
            for v in (v for v in taken if isinstance(v, str)):
                rest = re.sub(re.escape(v), " ", rest, flags=re.I)
            words = (w.strip(".,;:!?\"'") for w in rest.split())
            others = {v for w in words if w and (v := domain_value(s, w)) is not None and v not in taken}
            if len(others) == 1:
                c = replace(c, value=others.pop())
        out.append(c)
    return out


def settle_names(text: str, calls, catalog: Catalog) -> list[Call]:
    """ "Switch keyboard layout to French AZERTY" copied "French", "display language to Portuguese Brazil" and "to
    Brazilian Portuguese" "Portuguese": a layout, language or format copied without the words after (or before) it
    that make it another, longer one of its kind ("French (AZERTY)", "Portuguese (Brazil)") is that one."""
    out = []
    for c in calls:
        s = catalog.settings.get(c.setting or "")
        if s is not None and names_a_locale(s) and isinstance(c.value, str) and c.value:
            c = replace(c, value=_named_whole(s, c.value, text))
        out.append(c)
    return out


def _may_name(w: str) -> bool:
    """Whether `w` can be a word of a language's or layout's name before it: no short word or code ("at", "be" are
    Austria's and Belgium's) and no word of a command."""
    return len(w) >= 4 and w.isalpha() and w.lower() not in _STOP


def _named_whole(s, value: str, text: str) -> str:
    """`value` with the (up to three) words that follow it in the request, or the one or two before it, where those
    make it another value of `s`."""
    m = re.search(rf"(?i)(?<!\w){re.escape(value)}(?!\w)", text)
    if m is None:
        return value
    after = re.split(r"[,.;!?]|\s(?:and|then|or|to|for|on|in|at|with|so|but|please|pls)\s", text[m.end() :] + " ")[0]
    tail = after.split()[:3]
    for k in range(len(tail), 0, -1):
        more = " ".join(tail[:k])
        if more.count("(") != more.count(")"):
            continue  # "(Latin America)" whole or not at all
        more = more.strip("()")
        for form in (f"{value} {more}", f"{value} ({more})"):
            whole = domain_value(s, form)
            if whole is not None and whole != domain_value(s, value):
                return whole
    before: list[str] = []  # the words right before it that may name it: "Brazilian Portuguese", "Simplified Chinese"
    for w in reversed(re.findall(r"[\w-]+", text[: m.start()])[-2:]):
        if not _may_name(w):
            break
        before.insert(0, w)
    for k in range(1, len(before) + 1):
        whole = domain_value(s, " ".join([*before[-k:], value]))
        if whole is not None and whole != domain_value(s, value):
            return whole
    return value


# A picture the request makes before it uses it: "Rename /home/me/a.png to /home/me/wall.png and then use the file as
# the desktop wallpaper", "... and save the combined image to "~/bg.png". Then, set this combined image as the
# background". The setting gets the last file written before it is named, not the first one read.
# A path in a request, quoted or bare (the engine's steps find "this image"'s path with it too)
PATH_SPAN = r"[\"“'](?P<quoted>(?:~|/|[A-Za-z]:\\)[^\"”']*)[\"”']|(?<![\w\"“'])(?P<bare>~?/[^\s\"'”,;]+)"
_PICTURE_NAMED = r"(?i)\b(?:background|wallpaper|lock\s*screen)"
_FILE_MADE = (
    r"(?i)\b(?:sav|cop(?:y|i)|mov|renam|download|export|convert|resiz|crop|edit|combin|merg|wr(?:ite|ote)|creat)"
)


def settle_files(text: str, calls, catalog: Catalog) -> list[Call]:
    """A picture setting given a file the request then makes another from takes that other one (see _FILE_MADE)."""
    if text.count("/") < 2 or not re.search(_FILE_MADE, text):
        return list(calls)
    out = []
    for c in calls:
        s = catalog.settings.get(c.setting or "")
        at = text.find(c.value) if isinstance(c.value, str) and c.value else -1
        named = re.search(_PICTURE_NAMED, text[at:]) if s is not None and s.kind == "text" and at >= 0 else None
        if named is not None and c.value not in text[at + named.start() :]:
            between = text[at + len(c.value) : at + named.start()]
            made = [m["quoted"] or m["bare"] for m in re.finditer(PATH_SPAN, between)]
            if made and re.search(_FILE_MADE, text[: at + named.start()]) and domain_value(s, made[-1]) is not None:
                c = replace(c, value=made[-1])
        out.append(c)
    return out


def settle_stated_gets(text: str, calls, catalog: Catalog) -> list[Call]:
    """A question about a setting whose value the request itself states, beside a change, goes: "How to increase the
    text scale on a 3440 x 1440 screen resolution?" also asked for the resolution. A value another call takes is
    that call's ("what's my resolution? set it to 1920x1080" keeps both)."""
    if len(calls) < 2 or not any(c.action == "get" for c in calls) or all(c.action == "get" for c in calls):
        return list(calls)
    taken = {c.value for c in calls if c.action != "get"}
    tokens = re.findall(r"[^\s,;!?()]+", text)
    spans = {" ".join(tokens[i : i + n]).rstrip(".:") for n in (1, 2, 3) for i in range(len(tokens) - n + 1)}
    out = []
    for c in calls:
        s = catalog.settings.get(c.setting or "")
        if c.action == "get" and s is not None and s.kind == "text":
            stated = {v for span in spans if any(ch.isdigit() for ch in span) and (v := domain_value(s, span))}
            if stated - taken:
                continue
        out.append(c)
    return out


# A time of day: "9pm", "7:30 am", "21:30", "noon", "midnight"
_CLOCK_TIME = (
    r"(?i)\b(?:(?P<h>\d{1,2})(?::(?P<m>[0-5]\d))?\s*(?P<half>a\.?m\.?|p\.?m\.?)(?!\w)|(?P<h24>[01]?\d|2[0-3]):(?P<m24>[0-5]\d)\b|"
    r"(?P<word>noon|midday|midnight)\b)"
)


def _clock_hours(m: re.Match) -> float | None:
    """A time of day as hours after midnight (21.5 for "9:30pm"), or None."""
    if m["word"]:
        return 0.0 if m["word"].lower() == "midnight" else 12.0
    if m["h24"] is not None:
        return int(m["h24"]) + int(m["m24"]) / 60
    h = int(m["h"])
    if not 1 <= h <= 12:
        return None
    pm = m["half"].lower().startswith("p")
    return (h % 12) + (12 if pm else 0) + (int(m["m"]) / 60 if m["m"] else 0)


def settle_clock_as_level(text: str, calls, catalog: Catalog) -> list[Call]:
    """ "night light at 21:00" set the night light's strength to 21, "set the screen to turn off at 10pm" a 10-minute
    timeout: a level or a wait whose number the request writes only as a time of day is that time's. On a page with
    a setting that is a time of day (unit "hours") the time goes to it (the end where the request says "off",
    "until" ...); elsewhere the call goes (no schedule for it)."""
    clocks = [m for m in re.finditer(_CLOCK_TIME, text) if m["h"] or m["h24"]]
    if len(clocks) != 1 or any(w.at < clocks[0].start() or w.at >= clocks[0].end() for w in written_numbers(text)):
        return list(calls)  # most requests; two times are settle_clock's; a number written besides
    said = int(clocks[0]["h"] or clocks[0]["h24"])
    out = []
    for c in calls:
        s = catalog.settings.get(c.setting or "")
        numeric = isinstance(c.value, (int, float)) and not isinstance(c.value, bool)
        if s is None or c.action != "set" or s.kind not in ("range", "duration") or s.unit == "hours" or not numeric:
            out.append(c)
            continue
        if c.value not in (said, said * 60, said * 3600, _clock_hours(clocks[0])):
            out.append(c)
            continue
        clock = [t for t in catalog.settings.values() if t.page == s.page and t.kind == "range" and t.unit == "hours"]
        ends = re.search(r"(?i)\b(?:off|end|ends|until|till|stop|stops)\b", text) is not None
        clock = [t for t in clock if t.id.endswith("_end") == ends] or clock
        if clock and not any(o.setting == clock[0].id for o in calls):
            out.append(Call("set", clock[0].id, value=_clock_hours(clocks[0]), confidence=c.confidence))
    return out


def settle_clock(text: str, calls, catalog: Catalog) -> list[Call]:
    """A setting that is a time of day (unit "hours": the night light's start and end) takes the time the request
    writes: "start at 9pm" wrote 9, "at 21:30" 21. With two times, "from 9pm to 7am", a start takes the first and
    an end the second, and the other end of the pair is set too. A value the request writes as a plain number
    stays ("... reserved for 6:30 pm, and move night light until three": three)."""
    if not any(getattr(catalog.settings.get(c.setting or ""), "unit", None) == "hours" for c in calls):
        return list(calls)  # no time of day to square: most requests
    clocks = [(m.span(), h) for m in re.finditer(_CLOCK_TIME, text) if (h := _clock_hours(m)) is not None]
    if not clocks:
        return list(calls)
    hours = [h for _, h in clocks]
    # the numbers the request writes outside its times of day ("move night light until three")
    plain = {w.number for w in written_numbers(text) if not any(a <= w.at < b for (a, b), _ in clocks)}
    out = []
    for c in calls:
        s = catalog.settings.get(c.setting or "")
        if s is None or s.kind != "range" or s.unit != "hours" or c.action != "set" or c.value in plain:
            out.append(c)
            continue
        end = c.setting.endswith("_end")
        if len(hours) == 1:
            out.append(replace(c, value=normalize_value(s, "set", f"{hours[0]:g}")))
        elif len(hours) == 2 and (c.setting.endswith("_start") or end):
            out.append(replace(c, value=normalize_value(s, "set", f"{hours[1 if end else 0]:g}")))
            other = c.setting[: -len("_end")] + "_start" if end else c.setting[: -len("_start")] + "_end"
            t = catalog.settings.get(other)
            if t is not None and not any(o.setting == other for o in calls):
                out.append(
                    Call(
                        "set",
                        other,
                        value=normalize_value(t, "set", f"{hours[0 if end else 1]:g}"),
                        confidence=c.confidence,
                    )
                )
        else:
            out.append(c)
    return out


# A direction the request asks for, and words that ask what a value is rather than to move it
_UP = r"(?i)\b(?:zoom\s+in|increase|raise|enlarge|bigger|larger|louder|brighter)\b"
_DOWN = r"(?i)\b(?:zoom\s+out|decrease|lower|reduce|shrink|smaller|quieter|dimmer)\b"
_ASKS_WHAT = (
    r"(?i)\b(?:what|wat|whats|which|check|see|show|tell|read|have|current(?:ly)?|is|are|status|level|much|many)\b|"
    r"\?.*\?"
)


def settle_direction(text: str, calls, catalog: Catalog) -> list[Call]:
    """ "How do you zoom out text size on your computer?" asked for the text size: a question about a scale's value
    in a request that asks to move it one way (by words that are not the setting's own name: "bigger text?" asks
    what it is), and asks what it is by no word, is that move."""
    if len(calls) != 1 or calls[0].action != "get" or re.search(_ASKS_WHAT, text):
        return list(calls)
    s = catalog.settings.get(calls[0].setting or "")
    if s is None or s.kind != "range":
        return list(calls)
    own = {w for n in (s.title, *s.aliases) for w in re.findall(r"[a-z]+", n.lower())}  # "bigger text?" names it
    up = [m for m in re.finditer(_UP, text) if m.group(0).lower() not in own]
    down = [m for m in re.finditer(_DOWN, text) if m.group(0).lower() not in own]
    if bool(up) == bool(down):
        return list(calls)
    return [replace(calls[0], action="increase" if up else "decrease")]


# A speed asked for: "blink faster", "turn the blink rate up" (faster), and the other way ("too slow" is often the
# person: "grandma is too slow to double-click"); a scale's own time named ("double click time", "delay") asks for
# the value itself
_UP_WORDS = r"(?:up|increase|raise|boost|higher|more|crank|bump|push|max)"
_DOWN_WORDS = r"(?:down|decrease|reduce|lower|less|cut|tone|knock|dial|drop|min)"
_FASTER = (
    r"(?i)\b(?:faster|quicker|more\s+(?:quickly|often|rapidly)|speed\s+(?:it\s+)?up)\b|"
    rf"\b(?:speed|rate)\s+(?:\S+\s+){{0,2}}?(?:up|higher)\b|\b{_UP_WORDS}\s+(?:\S+\s+){{0,3}}?(?:speed|rate)\b"
)
_SLOWER = (
    r"(?i)\b(?:slower|more\s+slowly|less\s+often|slow\s+(?:it\s+)?down)\b|"
    rf"\b(?:speed|rate)\s+(?:\S+\s+){{0,2}}?(?:down|lower)\b|\b{_DOWN_WORDS}\s+(?:\S+\s+){{0,3}}?(?:speed|rate)\b"
)
_OWN_TIME = r"(?i)\b(?:time|times|cycle|interval|gap|delay|length|duration|ms|milliseconds?)\b"


def speed_move(s, text: str) -> str | None:
    """The move ("increase", "decrease") of a scale whose value goes down as the thing gets faster (the catalog's
    `faster: lower`: a time) that `text` asks for by a speed it names, one way only and with no time named; None
    for any other scale or request."""
    if s.kind != "range" or s.faster != "lower" or re.search(_OWN_TIME, text):
        return None
    faster, slower = re.search(_FASTER, text), re.search(_SLOWER, text)
    if bool(faster) == bool(slower):
        return None
    return "decrease" if faster else "increase"


def settle_speed(text: str, calls, catalog: Catalog) -> list[Call]:
    """ "Make the cursor blink faster" lengthened the blink: the one move of a scale of time the request asks to go
    faster or slower (speed_move) goes that way."""
    s = _the_one(calls, catalog, "range", actions=("increase", "decrease"))
    move = speed_move(s, text) if s is not None else None
    return [replace(calls[0], action=move)] if move else list(calls)


# A battery asked to last longer: "make my battery last longer", "I need more battery life", "save battery", "my
# battery drains too fast"
_SAVE_BATTERY = (
    r"(?i)\b(?:(?:battery|laptop|notebook|computer|pc|charge|it)\s+(?:to\s+)?last(?:s|ing)?\s+"
    r"(?:longer|all\s+day|through\s+the\s+day)|"
    r"(?:more|better|longer|improved?|extend(?:ed)?|increased?|maximi[sz]e|boost)\s+(?:the\s+|my\s+)?"
    r"battery\s+(?:life|time)|more\s+battery(?![\w\s]*\btimeout)|battery\s+life|"
    r"(?:save|saving|conserve|preserve|spare)\s+(?:the\s+|my\s+|some\s+)?(?:battery|power|energy|juice)|"
    r"battery\s+(?:drains?|dies|runs\s+(?:out|down)|goes\s+down|empties)\w*"
    r"(?:\s+(?:too|so|really|very))?\s+(?:fast|quickly|quick|soon))"
)
# A way the request itself moves a scale: "keep the screen on longer to save battery" asks for longer
_A_MOVE = (
    rf"(?i)\b(?:{_UP_WORDS}|{_DOWN_WORDS}|bigger|longer|smaller|shorter|dim|dimmer|brighter|darker|sooner|later|"
    r"quicker|faster|slower)\b"
)


def settle_battery_goal(text: str, calls, catalog: Catalog) -> list[Call]:
    """ "Make my battery last longer" lengthened the sleep timeout on battery, "my battery drains too fast" lowered the
    level battery saver starts at: a move of a scale or time that the catalog says saves battery one way
    (`saves_battery`), in a request whose ask is a battery that lasts longer and that moves nothing by words of its
    own, goes the way that saves it."""
    m = re.search(_SAVE_BATTERY, text)
    if m is None or re.search(_A_MOVE, text[: m.start()] + " " + text[m.end() :]):
        return list(calls)
    out = []
    for c in calls:
        s = catalog.settings.get(c.setting or "")
        if s is not None and s.saves_battery and c.action in ("increase", "decrease") and c.value is None:
            c = replace(c, action="increase" if s.saves_battery == "higher" else "decrease")
        out.append(c)
    return out


def _the_one(calls, catalog: Catalog, kind: str, actions=("set",)):
    """The setting of a request's one call, where that call's action is one of `actions` and its setting of `kind`;
    None otherwise (most readings of how a request says a state or a value are of its one call)."""
    if len(calls) != 1 or calls[0].action not in actions:
        return None
    s = catalog.settings.get(calls[0].setting or "")
    return s if s is not None and s.kind == kind else None


# A plain degree asked as a scale's value: "change font size to large", "set volume to quiet" (not "the largest",
# "as low as possible": levels, calls.names_a_level)
_DEGREE = (
    r"(?i)(?<!\bway\s)(?<!\bfar\s)(?<!\bmuch\s)(?<!\bso\s)\b(?:to|be|as|at)\s+[\"'\u2018\u201c]?"  # not "way to bright"
    r"(?:(?:very|really|quite|pretty|more|a\s+bit|a\s+little|somewhat)\s+)?"
    r"(?:(?P<up>large|big|huge|loud|bright|high|fast|long|thick|strong)|"
    r"(?P<down>small|tiny|quiet|soft|dim|low|slow|short|thin|weak))(?:er)?\b(?!\s+(?:than|as|enough|to)\b)"
)
# A verb before it that asks for the value, unless the degree ends a request the model read as a value ("volume to
# quiet please"; "mic to loud" it read as a move is "too loud")
_SETS_TO = r"(?i)\b(?:set|change|make|turn|switch|put|adjust|bring|want|like|prefer|need)\b"


def settle_degree(text: str, calls, catalog: Catalog) -> list[Call]:
    """ "change font size to large" set the largest size and "set volume to quiet" none at all: the one call that sets
    a scale to an end of its range (not its default: "text size to small" is the normal size), in a request that
    asks for it as a plain degree ("to large", "be quiet", "to 'Large'") and writes no number and names no level,
    moves the scale that way instead; so does a move the other way ("I want the volume to be loud" lowered it), and
    a default at one end where the degree is the other ("text size to 'Large'" set the normal size)."""
    if len(calls) != 1 or calls[0].action not in ("set", "increase", "decrease") or written_numbers(text):
        return list(calls)
    c = calls[0]
    s = catalog.settings.get(c.setting or "")
    degrees = [
        m
        for m in re.finditer(_DEGREE, text)
        if re.search(_SETS_TO, text[: m.start()])
        or c.action == "set"  # a move the model read may be "too": "mic to loud"
        and re.fullmatch(r"(?i)[\s,]*(?:please|pls|thanks)?[\s.!]*", text[m.end() :])
    ]
    if s is None or s.kind != "range" or len(degrees) != 1 or names_a_level(text):
        return list(calls)
    up = degrees[0]["up"] is not None
    kept = c.value == s.default and s.default == (s.max if up else s.min)  # "text size to small": the normal one
    if c.action == "set" and (c.value not in (s.min, s.max) or kept):
        return list(calls)
    return [replace(c, action="increase" if up else "decrease", value=None)]


# A wait complained of as too short or too long: "why does my computer go to sleep so fast", "locks way too soon"
# ("it's really late", "so early in the morning": a time of day, not a wait)
_TOO_SOON = r"(?i)\b(?:(?:too|so)\s+(?:fast|quick(?:ly)?|soon|often|frequently)|too\s+early)\b"
_TOO_LATE = r"(?i)\btoo\s+(?:slow(?:ly)?|late|long)\b"
_A_WAY = r"(?i)\b(?:longer|shorter|more|less|increase\w*|decrease\w*|reduc\w*|extend\w*|raise|lower|up|down)\b"


def settle_too_soon(text: str, calls, catalog: Catalog) -> list[Call]:
    """ "why does my computer go to sleep so fast" shortened the sleep timeout: a wait moved up or down in a request
    that says its doing comes too soon (or too late), and says no way to move it, is moved the way that mends it."""
    soon, late = re.search(_TOO_SOON, text), re.search(_TOO_LATE, text)
    if bool(soon) == bool(late) or re.search(_A_WAY, text):
        return list(calls)
    if _the_one(calls, catalog, "duration", ("increase", "decrease")) is None:
        return list(calls)
    return [replace(calls[0], action="increase" if soon else "decrease")]


# A share of a percent scale in words: "at about a quarter", "three quarters", "by a third" (slips too: "quater")
_FRACTIONS = {"quarter": 0.25, "third": 1 / 3, "fifth": 0.2, "tenth": 0.1}
_SHARE_WORD = r"(?i)\s*(?:quarters?|thirds?|fifths?|tenths?)\b"
_COUNTS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4}
_TO = frozenset("to at about around roughly approximately like by just only".split())


def _fraction(text: str, names: frozenset[str] = frozenset()) -> float | None:
    """The one share of a whole the request writes in words ("a quarter", "two thirds"), introduced as a value ("to",
    "at", ...) or after a word of `names` ("volume three quarters"), or None."""
    words = [w.lower() for w in re.findall(r"[A-Za-z]+", text)]
    said = []
    for before, count, word in zip(words, words[1:], words[2:]):  # introduced: "to a third", not "a third-year"
        base = word[:-1] if word.endswith("s") and count not in ("a", "one") else word
        part = next((f for n, f in _FRACTIONS.items() if base == n or len(base) >= 5 and is_slip(base, n)), None)
        singular = count in ("a", "one")  # "a quarter", "three quarters": not "a quarters", "three quarter"
        if part is not None and count in _COUNTS and singular == (base == word) and (before in _TO or before in names):
            said.append(_COUNTS[count] * part)
    return said[0] if len(said) == 1 and said[0] < 1 else None


# A share written in digits: "3/4", "2 out of 5" (not a date, "3/4/2024", nor a path)
_SHARE_DIGITS = r"(?i)(?<![\w./])(\d{1,3})\s*(?:/|out\s+of)\s*(\d{1,3})(?![\w/.])"


def _written_share(text: str) -> tuple[float, set[int]] | None:
    """The one share the request writes in digits, and where its numbers start; None for none or several."""
    found = [m for m in re.finditer(_SHARE_DIGITS, text) if 0 < int(m.group(1)) <= int(m.group(2)) >= 2]
    if len(found) != 1:
        return None
    m = found[0]
    return int(m.group(1)) / int(m.group(2)), {m.start(1), m.start(2)}


def settle_fractions(text: str, calls, catalog: Catalog) -> list[Call]:
    """ "Put the volume at about a quater" wrote 0, "volume at three quarters" 30, "to a third" 100, "volume 3/4" 3,
    "brightness 2 out of 5" 5: a percent scale set to, or changed by, a share the request writes in words or digits
    takes that share of the scale."""
    digits = _written_share(text) if re.search(r"/|out\s+of", text) else None
    if digits is None and not re.search(r"(?i)qua|thir|fift|tent", text):
        return list(calls)
    out = []
    for c in calls:
        s = catalog.settings.get(c.setting or "")
        share = digits[0] if digits else _fraction(text, frozenset(_names_of(s)) if s is not None else frozenset())
        if share is None:
            out.append(c)
            continue
        stated = (
            c.value is not None
            and any(  # a number of the request's own, not a part of its share
                w.number == c.value and not re.match(_SHARE_WORD, text[w.at + len(w.literal) :])
                for w in written_numbers(text)
                if not digits or w.at not in digits[1]
            )
        )
        if s is not None and s.kind == "range" and s.unit == "percent" and not stated:
            if c.action == "set" or c.action in ("increase", "decrease") and re.search(r"(?i)\bby\b", text):
                value = s.min + share * (s.max - s.min) if c.action == "set" else share * (s.max - s.min)
                c = replace(c, value=normalize_value(s, c.action, f"{value:.0f}"))
        out.append(c)
    return out


# A value the request says a setting has now, not the one it wants: "capped at 60hz", "only select 100, 200, 300",
# "100% is too small" (a number with its mark: "144hz", "150%")
_A_NUMBER = r"(?i)(?<![\w.])(\d+(?:\.\d+)?)\s*(?:%|hz|hertz|fps)?(?!\w|\.\d)"
_NOW_BEFORE = r"(?i)\b(?:capped|stuck|locked|limited|fixed|only|currently|defaults?)\b[^.,;!?\d]{0,30}$"
_NOW_AFTER = r"(?i)^\s*(?:%|hz|hertz|fps)?\s*(?:is|was|are|were)\s+(?:way\s+|far\s+|much\s+|just\s+)?(?:too|so)\b"
_LIST_GAP = r"(?i)^\s*(?:,|or|and|,\s*or|,\s*and)\s*$"  # "100, 200 or 300": one list


def settle_current(text: str, calls, catalog: Catalog) -> list[Call]:
    """ "My 144hz monitor was capped at 60hz" gave 60, "right now the menu offers only 100, 200, 300, 400. I'd like
    to pick 150" gave 100: the one numeric call of a request that set a number the request says the setting has now
    takes the one other number the request writes that the setting can take."""
    if len(calls) != 1 or not re.search(r"\d", text):
        return list(calls)
    c = calls[0]
    s = catalog.settings.get(c.setting or "")
    if s is None or c.action != "set" or s.kind not in ("range", "choice", "text") or isinstance(c.value, bool):
        return [c]
    now, others, last_now, last_end = set(), set(), False, -1
    for m in re.finditer(_A_NUMBER, text):
        listed = last_now and re.match(_LIST_GAP, text[last_end : m.start()]) is not None
        is_now = listed or bool(re.search(_NOW_BEFORE, text[: m.start()]) or re.match(_NOW_AFTER, text[m.end() :]))
        value = _value_of(s, m.group(0))
        if value is not None:
            (now if is_now else others).add(value)
        last_now, last_end = is_now, m.end()
    others -= now
    if c.value in now and len(others) == 1:
        return [replace(c, value=others.pop())]
    return [c]


# What comes before the duration a request wishes for: "make it 10 minutes", "I want 10 minutes instead"
_WISH_BEFORE = (
    r"(?i)\b(?:make\s+it|want(?:\s+it)?|prefer|rather|should\s+be|set\s+it\s+to|change\s+it\s+to|wait|like|"
    r"instead\s+of\s+that|to)\s+(?:at\s+least\s+|about\s+|around\s+|like\s+)?$"
)


def settle_wished_wait(text: str, calls, catalog: Catalog) -> list[Call]:
    """ "The screen turns off after 2 minutes, make it 10 minutes" set 2 minutes, what it is now: the one duration
    call of a request that states two durations, whose value is the first, takes the second where the request
    wishes for it ("make it", "I want ... instead", "can you make it wait ..."); so does a move of a duration in a
    request that wishes for the one duration it states."""
    if len(calls) != 1 or calls[0].value is None and calls[0].action not in ("increase", "decrease"):
        return list(calls)
    c = calls[0]
    s = catalog.settings.get(c.setting or "")
    stated = stated_durations(text) if s is not None and s.kind == "duration" else []
    moved = c.value is None and len(stated) == 1  # "turns off way too fast, make it wait 15 minutes": a move
    if not moved and (len({d.secs for d in stated}) != 2 or c.value != stated[0].secs):
        return [c]
    later = [m for m in re.finditer(_STATED_DURATION, text)][-1]
    if not re.search(_WISH_BEFORE, text[: later.start()]):
        return [c]
    return [replace(c, action="set", value=normalize_value(s, "set", f"{stated[-1].secs}s"))]


def settle(text: str, calls, catalog: Catalog) -> list[Call]:
    """The calls squared with what the request states, step by step in this order: the values it writes or names
    (settle_relative ... settle_battery_goal), then the states it commands, complains of or refuses
    (settle_commanded ... settle_accidental), and last what it leaves out or only likens its ask to
    (settle_exclusions ...)."""
    values = (settle_quoted_name, settle_relative, settle_units, settle_choice_durations, settle_from_to)
    values += (
        settle_numbers,
        settle_spans,
        settle_unimplied,
        settle_unknown_value,
        settle_fractions,
        settle_current,
        settle_wished_wait,
    )
    values += (settle_lists, settle_function_words, settle_name_copied, settle_copies, settle_names, settle_files)
    values += (settle_stated_gets, settle_clock_as_level, settle_clock, settle_direction, settle_speed, settle_degree)
    values += (settle_too_soon, settle_battery_goal)
    states = (settle_commanded, settle_choice_off, settle_choice_wanted, settle_named, settle_either_way)
    states += (settle_checkbox, settle_disliked)
    states += (settle_refused, settle_stated, settle_harmful, settle_unseen)
    states += (settle_chosen, settle_described, settle_denied_choice, settle_instead, settle_switch_instead)
    states += (settle_self_switched, settle_kept_choice, settle_back, settle_set_up, settle_unstated, settle_negation)
    states += (settle_prevented, settle_accidental)
    last = (
        settle_exclusions,
        settle_kept_aside,
        settle_rejected,
        settle_likened,
        settle_quoted,
        settle_both,
        settle_app_at_work,
    )
    for step in (*values, *states, *last):
        calls = step(text, calls, catalog)
    return calls


@functools.lru_cache(maxsize=4)
def _dependents(catalog: Catalog) -> dict[tuple[str, object], tuple[str, ...]]:
    """The choices that take effect only while a switch is in a state (the catalog's `requires`), by that state."""
    out: dict[tuple[str, object], list[str]] = {}
    for d in catalog.settings.values():
        if d.kind == "choice":
            for need in d.requires:
                out.setdefault(need, []).append(d.id)
    return {need: tuple(ids) for need, ids in out.items()}


def with_dependents(text: str, calls, catalog: Catalog) -> list[Call]:
    """A switch turned into the state a choice takes effect under, where the request names one of that choice's
    values (outside the switch's own names: "grayscale mode" is Color filters') and no call sets it, sets it too: "a
    filter which turns the screen into grayscale" turned color filters on and chose no filter."""
    out = list(calls)
    for c in calls:
        ids = _dependents(catalog).get((c.setting, c.value), ()) if c.action == "set" else ()
        for d in (catalog.settings[i] for i in ids if not any(o.setting == i for o in out)):
            s = catalog.settings[c.setting]
            said = _without_names(text, _sought(_plain_names(s), s.opposites))
            named = [v.id for v in d.values if _named(d, v.id, said)]
            if len(named) == 1:
                out.append(Call("set", d.id, value=named[0], confidence=c.confidence))
    return out


# A switch a clause commands: "disable X", "I wanna turn X off", "how do I enable X", "keep X disabled", "X should
# stay on" (the verb opening its clause or after a word that asks for it; "it disables X", "X turned on by itself"
# describe, and command nothing)
_ASKS = (
    r"(?i)(?:^\s*|\b(?:to|wanna|gonna|please|pls|plz|kindly|i|we|you|can|could|would|will|must|should|just|also|"
    r"help\s+me|let\s+me|how\s+do\s+i|how\s+can\s+i|how\s+to)\s+)(?:(?:permanently|completely|fully|entirely|"
    r"totally|simply|quickly|just|also|always)\s+)?"
)
_COMMANDS = (
    (_ASKS + r"(?:re-?)?(disable|deactivate|enable|activate|(?:turn|switch|shut)\s+(?:off|on))\b"),  # "re-enable"
    (
        _ASKS + r"(allow|permit|block|disallow|forbid)\b(?!\s+(?:me|us|you|\w+ing)\b)"
    ),  # "allow updates over metered ..."
    (_ASKS + r"(?:turn|switch)\s+(?:\S+\s+){1,4}?(?:back\s+)?(off|on)\s*(?:please|for\s+me|again|now)?\s*$"),
    (
        r"(?i)\b(?:keep|leave|have|want|need|like|set|make|get)\s+(?:\S+\s+){1,5}?(?:turned\s+|switched\s+)?"
        r"(disabled|deactivated|off|enabled|activated|on)\s*(?:by\s+default|permanently|always|all\s+the\s+time|"
        r"please|for\s+me|for\s+good|forever|again|now)?\s*$"
    ),
    (
        r"(?i)\b(?:should|must)\s+(?:always\s+)?(?:be|stay|remain)\s+(?:turned\s+|switched\s+)?(disabled|off|enabled|on)\b"
    ),
    # what an option asked for does: "add a tweak that turns off the lock screen", "a setting which disables X"
    (
        r"(?i)\b(?:option|setting|toggle|tweak|switch|check-?box|button|feature|script|mod)s?\s+(?:that|which)\s+"
        r"(?:(?:will|would|can|could)\s+)?(?:(disable|deactivate)s?|(enable|activate)s?|(?:turn|switch|shut)s?\s+(off|on))\b"
    ),
    # a mode to go into, the switch named by the request ("put my laptop in airplane mode", "switch to battery saver")
    r"(?i)\b(?:put|switch|set|change|get)\s+(?:\S+\s+){0,3}?(in|into|to)\s+(?:the\s+)?thesetting\b(?!\s*(?:off|on)\b)",
)
# A clause that describes or forbids rather than commands: what it asks of a switch is left to the model (and to
# settle_negation)
_NOT_A_COMMAND = (
    r"(?i)\b(?:not|no|never|without|stop|stops|prevent|keeps|used\s+to|itself|automatically|every\s+time|whenever)\b"
    r"|n't\b|\b(?:cant|dont|wont|doesnt|isnt|didnt|cannot)\b"
)
# A switch stuck in the state the request cannot leave: "narrator won't shut up", "I can't turn off bluetooth",
# "wifi won't stay on" ask for the state it will not take
_STUCK = (
    r"(?i)(?:\bwon'?t|\bcan'?t|\bcannot|\bcouldn'?t|\bdoesn'?t|\bunable\s+to|\bfails?\s+to|\brefuses?\s+to)"
    r"\s+(?:\S+\s+){0,3}?(?:(?:turn|switch|shut)\s+(?:\S+\s+){0,3}?(off|on)\b|(disable|enable|deactivate|activate)\b"
    r"|(?:stay|remain)\s+(off|on|disabled|enabled)\b|(stop|shut\s+up|go\s+away|quit)\b)"
)
# A switch gone that should be there: "the sound on my computer just quit on me", "bluetooth stopped working" ask
# for it on (not "stopped showing", "stopped turning off": what it stopped is another matter)
_GONE = (
    r"(?i)\b(quit|stopped\s+working|died|cut\s+out|went\s+(?:out|silent|dead))\b"
    r"(?!\s+(?:turning|showing|popping|coming|asking|working\s+(?:off|on))\b)"
)
# A state the request denies having asked for: "why is X on? I never turned it on", "I didn't enable X" ask for
# the other one
_DENIED = (
    r"(?i)(?:\bnever|\bdidn'?t|\bdid\s+not)\s+(?:\S+\s+){0,2}?(?:(?:turned|switched|turn|switch)\s+(?:\S+\s+){0,3}?"
    r"(off|on)\b|(disabled|enabled|deactivated|activated|disable|enable)\b)"
)
_PRONOUNS = frozenset({"it", "this", "that", "what", "i", "me", "can", "next", "them", "these", "those"})
_OFF = frozenset(
    {"disable", "deactivate", "turn off", "switch off", "shut off", "off", "disabled", "deactivated"}
    | {"stop", "shut up", "go away", "quit", "block", "disallow", "forbid"}
)


def commanded_switches(text: str) -> list[tuple[str, bool]]:
    """The request's clauses that command one state of a switch, each with that state: "disable wifi" -> False."""
    out = []
    for clause in re.split(rf"(?i){_CLAUSE_BREAK}|->|>|\u2192", text):
        stuck = [*re.finditer(_STUCK, clause)]
        gone = [] if stuck else [*re.finditer(_GONE, clause)]
        denied = [] if stuck or gone else [*re.finditer(_DENIED, clause)]
        if re.search(_NOT_A_COMMAND, clause) and not stuck and not gone and not denied:
            continue
        found = stuck or gone or denied or [m for pattern in _COMMANDS for m in re.finditer(pattern, clause)]
        said = {True} if gone else {(_said(m) in _OFF) is bool(denied) for m in found}
        cuts = sorted(m.span(m.lastindex) for m in found)  # the words that say the state, not what they are said of
        rest = "".join(clause[a:b] for a, b in zip([0, *(e for _, e in cuts)], [*(b for b, _ in cuts), None]))
        if len(said) == 1 and not re.search(_POLAR, rest):  # "turn on hide desktop icons": two polarities
            out.append((clause, said.pop()))
    return out


# "it" of the switch the request names ("why is X on? I never turned it on"); not a procedure's closing "apply and
# keep it on", which keeps the change
_SAYS_IT = r"(?i)^(?!.*\b(?:keep|leave)\b).*\b(?:it|them)\b"


# Words that turn a switch one way or the other, besides a command's own ("hide" of "turn on hide desktop icons")
_POLAR = (
    r"(?i)\b(?:hide|hidden|show|block|unblock|skip|reduce|mute|muted|unmute|disable|disabled|enable|enabled|stop|"
    r"prevent|deny|allow|without|unlock|unhide)\b"
)


def _plain_names(s) -> tuple[str, ...]:
    """`s`'s title and the aliases that turn it no way its title does not ("unmute" is no plain name of Mute,
    "hide desktop icons" none of Show desktop icons)."""
    return _plain_of(s.title, s.aliases)


@functools.lru_cache(maxsize=1024)
def _plain_of(title: str, aliases: tuple[str, ...]) -> tuple[str, ...]:
    words = set(re.findall(r"[a-z']+", title.lower()))
    return (title, *(a for a in aliases if not set(re.findall(_POLAR, a.lower())) - words))


def _said(m: re.Match) -> str:
    return re.sub(r"\s+", " ", m.group(m.lastindex).lower())


def _names_some(names: set[str], clause: str) -> bool:
    """Whether a word of `clause` is one of `names` or a slip of one ("narator")."""
    return any(w in names or any(is_slip(w, n) for n in names) for w in _name_words(clause))


# A switch's name that is itself a command: "hide the dock", "show sounds", "mute microphone", "use HDR"
_COMMAND_NAME = r"(?i)^(?:hide|show|mute|unmute|use|allow|block|automatically|auto-?hide|play|lock|snap|display)\b"
_BARE_WORDS = frozenset("please pls can could would you i want to the my a an just".split())


def _bare(text: str) -> str:
    return "".join(w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in _BARE_WORDS)


# A box ticked or cleared by its label: "uncheck \"Hide protected operating system files\"", "tick show hidden files"
_BOX = (
    r"(?i)\b(?:(?P<off>uncheck|untick|deselect|unselect|clear)|(?P<on>check|tick|select))\s+(?:the\s+)?"
    r"(?P<box>(?:check\s*)?box\s+)?(?:(?:for|of|next\s+to|labell?ed|named|called)\s+)?(?P<quote>[\"'“‘])?\s*"
    r"(?P<name>thesetting|theopposite)\b"
)


def settle_checkbox(text: str, calls, catalog: Catalog) -> list[Call]:
    """'uncheck "Hide protected operating system files"' hid them: the one switch of a request that ticks or clears
    a box labelled with its name takes the box's state, or the other one where the label names its other state (the
    catalog's `opposites`)."""
    s = _the_one(calls, catalog, "toggle") if re.search(r"(?i)\b(?:un)?(?:check|tick)|select|clear", text) else None
    if s is None:
        return list(calls)
    c = calls[0]
    said = {
        (m["on"] is not None) is (m["name"] == "thesetting")
        for m in re.finditer(_BOX, _without_names(text, _sought(_plain_names(s), s.opposites)))
        if m["off"] or m["box"] or m["quote"]  # "check bluetooth" may ask whether it is on
    }
    return [replace(c, value=said.pop())] if len(said) == 1 else [c]


def settle_named(text: str, calls, catalog: Catalog) -> list[Call]:
    """ "hide the task bar" (Automatically hide the taskbar, whose alias is "hide taskbar") read as off: a request
    that says only a name of its one switch that is a command ("hide ...", "show ...", "mute ...") sets it on, and
    only a name of the switch's other state, off."""
    if len(calls) != 1 or calls[0].action != "set":
        return list(calls)
    c = calls[0]
    s = catalog.settings.get(c.setting or "")
    if s is None or s.kind != "toggle":
        return [c]
    said = _bare(text)
    if any(_bare(n) == said for n in (s.title, *s.aliases) if re.match(_COMMAND_NAME, n)):
        return [replace(c, value=True)]
    if any(_bare(n) == said for n in s.opposites if re.match(_COMMAND_NAME, n)):
        return [replace(c, value=False)]
    return [c]


_EITHER_WAY = r"(?i)\b(?:on\s+or\s+off|off\s+or\s+on)\b"  # not "off/on": "annoyed by X, turn off/on this" wants off


def settle_either_way(text: str, calls, catalog: Catalog) -> list[Call]:
    """ "Turn Bluetooth on or off" (a how-to's title) read as off: the one switch a request asks to turn either way,
    outside the switch's own name ("Play a sound when keyboard accessibility features turn on or off"), is
    toggled."""
    if len(calls) != 1 or calls[0].action != "set" or not re.search(_EITHER_WAY, text):
        return list(calls)
    c = calls[0]
    s = catalog.settings.get(c.setting or "")
    if s is None or s.kind != "toggle":
        return [c]
    named = _without_names(text, _sought(_plain_names(s), s.opposites))
    return [replace(c, action="toggle", value=None)] if re.search(_EITHER_WAY, named) else [c]


def settle_commanded(text: str, calls, catalog: Catalog) -> list[Call]:
    """ "I wanna disable the sound after login", "keep my camera disabled": the toggle a commanding clause names (a
    word of its title or aliases) takes the state the clause commands, whatever the model read. Only for a request
    of one call whose clauses command one state; of a toggle whose own name is a negation, see _inverted_state."""
    if len(calls) != 1:
        return list(calls)  # several asks: which clause commands which is the model's reading
    c = calls[0]
    s = catalog.settings.get(c.setting or "")
    if s is None or s.kind != "toggle" or c.action != "set":
        return [c]
    named = _without_names(text, _sought(_plain_names(s), s.opposites))  # its own name commands nothing
    commanding = [  # "turn off auto-rotate": Rotation lock on
        (clause, state if "theopposite" not in clause or "thesetting" in clause else not state)
        for clause, state in commanded_switches(named)
    ]
    if re.match(_INVERTED_TITLE, s.title):
        state = _inverted_state(s, commanding)
        return [c if state is None else replace(c, value=state)]
    said = {state for _, state in commanding}
    if len(said) != 1:
        return [c]
    unmarked = " ".join(o for o in s.opposites if not re.search(_POLAR, o))  # not "block camera": "block" marks it
    names = _names_of(s) - _PRONOUNS - _name_words(unmarked)  # "rotation" names either state
    if any(
        "theopposite" in clause
        or _names_some(names, clause.replace("thesetting", s.title))
        or re.search(_SAYS_IT, clause)
        and _names_some(names, named.replace("thesetting", s.title))
        for clause, _ in commanding
    ):  # the clause names the switch, or says "it" of the one the request names
        c = replace(c, value=said.pop())
    return [c]


# The words around a command that name nothing ("can you please turn the ... on")
_COMMAND_WORDS = frozenset(
    "can could would will you i we please pls just also to how do does help me let wanna want need like keep leave "
    "turn switch shut disable enable deactivate activate on off my the a an your this that it is are be should must "
    "permanently completely always again back automatic automatically".split()  # "disable automatic drivers install"
)


def _first_named(clause: str) -> str:
    """The first word of `clause` that is no command word: what the command is about."""
    return next((w for w in re.findall(r"[a-z0-9]+", clause.lower()) if w not in _COMMAND_WORDS), "")


_WORD = r"[\w-]+(?:'\w+)?"  # a word, "won't" too, not the quotes around it


@functools.lru_cache(maxsize=1024)
def _sought(plain: tuple[str, ...], opposites: tuple[str, ...] = ()) -> tuple[tuple[tuple[str, ...], str], ...]:
    """A setting's names as words, each with what it stands for in a request: "thesetting", or "theopposite" for a
    name of its other state; longest first ("bypass recycle bin" before "recycle bin")."""
    named = [(tuple(re.findall(_WORD, n.lower())), "theopposite") for n in opposites]
    named += [(tuple(re.findall(_WORD, n.lower())), "thesetting") for n in plain]
    return tuple(sorted((n for n in named if n[0]), key=lambda n: len(n[0]), reverse=True))


def _without_names(text: str, sought: tuple[tuple[tuple[str, ...], str], ...]) -> str:
    """`text` with each name of `sought` (_sought) in it, or a slip of it ("disable myte mic" of "mute mic"), as the
    word it stands for."""
    spans = [(m.start(), m.end(), m.group().lower()) for m in re.finditer(_WORD, text)]
    out, i, cut = [], 0, 0
    while i < len(spans):
        got = next(
            (
                (len(words), token)
                for words, token in sought
                if i + len(words) <= len(spans) and all(_same(spans[j][2], w) for j, w in enumerate(words, i))
            ),
            None,
        )
        if got:
            out.append(f"{text[cut : spans[i][0]]} {got[1]} ")
            cut, i = spans[i + got[0] - 1][1], i + got[0]
        else:
            i += 1
    return "".join(out) + text[cut:]


def _same(w: str, name_word: str) -> bool:
    return w == name_word or len(name_word) >= 4 and is_slip(w, name_word) or w.rstrip("s") == name_word.rstrip("s")


def _inverted_state(s, commanding: list[tuple[str, bool]]) -> bool | None:
    """The state commanded of a toggle whose own name is a negation ("No auto-restart ...", "Mute"): a clause that
    names the toggle itself ("turn off mute") asks for the state it commands, one that names all of what the name
    negates ("disable automatic restart", "turn the sound on") the other state; None when they differ or none does."""
    negated = [
        _name_words(re.sub(_INVERTED_TITLE, " ", n)) - _PRONOUNS
        for n in (s.title, *s.aliases)
        if re.match(_INVERTED_TITLE, n)
    ]
    said = set()
    for clause, state in commanding:
        clause = re.sub(r"(?i)\b(?:instead\s+of|rather\s+than)\s+thesetting\b", " ", clause)  # a contrast names it
        if "thesetting" in clause or "theopposite" in clause:  # an opposite's state is flipped already ("unmute")
            said.add(state)
        elif (first := _first_named(_after_command(clause))) and any(
            core and stem(first) in {stem(w) for w in core} and all(_names_some({w}, clause) for w in core)
            for core in negated
        ):  # what the command names first ("disable myte mic" names no microphone: a slip of its own negation)
            said.add(not state)
    return said.pop() if len(said) == 1 else None


def _after_command(clause: str) -> str:
    """What the clause's last switching verb is said of ("would it be possible to disable the touchpad ...": "the
    touchpad ..."), or the whole clause where it has none."""
    verbs = [*re.finditer(r"(?i)\b(?:disable|enable|deactivate|activate|(?:turn|switch|shut)\s+(?:off|on))\b", clause)]
    return clause[verbs[-1].end() :] if verbs else clause


# A wish for a choice by its name: "I just want to see a system wide dark mode", "I just want the one picture"
_WISHED = (  # the wish, then up to six words that describe nothing ("the photo looks squashed" is no wish)
    r"(?i)\b(?:want|wanna|prefer|like|need|set|switch|change|make|put|choose|pick|select|turn\s+on)\b"
    r"(?:\s+(?!(?:looks?|gives?|shows?|is|are|was|were|keeps?|fits?|has|have)\b)\S+){0,6}?\s+$"
)


_DESCRIBED = r"(?i)\s+(?:looks?|gives?|shows?|is|are|was|were|keeps?|fits?|has|have)\b"  # "the photo fits fine"
_NOT_A_WISH = (  # a negation, a contrast, a way back or a switch turned off beside the wish
    r"(?i)\b(?:not|no|never|without|instead|rather|than|from|but|hate|dislike|annoy\w*|too|rid|remove|off|disabled?|"
    r"hid(?:e|es|den|ing)|normal|default|back|again|reset|restore|dont|doesnt|wont|cant|didnt|isnt|biggest|largest|"
    r"smallest|most|max)\b"
    r"|n't\b|\b(?:turn|switch)\s+of\b|\bas\s+\w+\s+as\b"
)


def settle_chosen(text: str, calls, catalog: Catalog) -> list[Call]:
    """ "I just want to see a system wide dark mode" gave light: the one call of a request that names one of its
    choices, a few words after a wish, and does not name the choice the model wrote, takes the named one."""
    if len(calls) != 1:
        return list(calls)
    c = calls[0]
    s = catalog.settings.get(c.setting or "")
    if s is None or s.kind != "choice" or c.action != "set" or _named(s, c.value, text):
        return [c]
    choices = {n.lower() for v in s.values for n in _choice_names(s, v)}
    own = [n for n in (s.title, *s.aliases) if n.lower() not in choices]  # "Show smaller taskbar buttons": no "small"
    rest = _without_names(text, _sought(tuple(own)))
    named = [v.id for v in s.values if _named(s, v.id, rest)]
    if len(named) != 1 or re.search(_NOT_A_WISH, text):
        return [c]
    for n in _choice_names(s, s.choice(named[0])):
        for m in re.finditer(rf"(?i)\b{re.escape(n)}(?!\w)", rest):
            if re.search(_WISHED, rest[: m.start()]) and not re.match(_DESCRIBED, rest[m.end() :]):
                return [replace(c, value=named[0])]
    return [c]


# A complaint about a state: "I find it super annoying that the Start icon is centered", "I hate dark mode"
_DISLIKE = (
    r"(?i)\b(?:annoy\w*|hate|dislike|can'?t\s+stand|cannot\s+stand|tired\s+of|sick\s+of|ugly|bothers?|"
    r"irritat\w*|drives?\s+me\s+(?:crazy|nuts|mad))\b"
)
_NOT_A_DISLIKE = (  # a negation, a comparison or a wish beside it ("make it dark because it keeps annoying me")
    r"(?i)\b(?:not|no|never|without|instead|rather|than|from|but|because|since|prefer|want|like|make|set|switch|"
    r"change|use|put|turn|go)\b|n't\b"
)


def settle_disliked(text: str, calls, catalog: Catalog) -> list[Call]:
    """ "I find it super annoying that the Start icon is centered" gave center: the one call of a request that
    complains of one of its two-way choice's values, and names no other value, takes the other one."""
    if len(calls) != 1 or not re.search(_DISLIKE, text):
        return list(calls)
    c = calls[0]
    s = catalog.settings.get(c.setting or "")
    if s is None or s.kind != "choice" or len(s.values) != 2 or c.action != "set":
        return [c]
    named = [v.id for v in s.values if _named(s, v.id, text)]
    if named != [c.value]:
        return [c]
    for clause in re.split(rf"(?i){_CLAUSE_BREAK}", text):
        if re.search(_DISLIKE, clause) and _named(s, c.value, clause) and not re.search(_NOT_A_DISLIKE, clause):
            return [replace(c, value=next(v.id for v in s.values if v.id != c.value))]
    return [c]


# What a choice does that the request forbids: "don't sleep when closing the lid", "never hibernate on low battery",
# "I don't want it to shut down" (the choice's name, in a form of its own, after the forbidding words)
_REFUSING = r"(?i)(?:\bdon'?t|\bdo\s+not|\bnever|\bshouldn'?t|\bshould\s+not|\bmustn'?t|\bmust\s+not)\s+"
_REFUSED_GAP = (
    r"(?:(?:want|let|allow|make|have|need|ever|it|them|my|the|this|pc|computer|laptop|machine|screen|to|go|"
    r"into|automatically|auto)\s+){0,5}"
)
# The choices that do nothing, which a refused doing leaves
_NOTHING = ("do_nothing", "nothing", "none", "never", "off", "disable")


def _nothing_where(calls, catalog: Catalog, said) -> list[Call]:
    """The one set call of a choice that has a value doing nothing takes that value where `said(names)` holds of
    the chosen value's names."""
    if len(calls) != 1 or calls[0].action != "set":
        return list(calls)
    c = calls[0]
    s = catalog.settings.get(c.setting or "")
    if s is None or s.kind != "choice" or c.value in _NOTHING:
        return [c]
    nothing = next((v.id for v in s.values if v.id in _NOTHING), None)
    choice = next((v for v in s.values if v.id == c.value), None)
    if nothing is None or choice is None:
        return [c]
    return [replace(c, value=nothing)] if said([n for n in _choice_names(s, choice) if n]) else [c]


def settle_refused(text: str, calls, catalog: Catalog) -> list[Call]:
    """ "Don't sleep when closing laptop lid" gave Sleep: the one call of a request that forbids the doing its choice
    names (a name of the choice, or a form of it: "sleeping") takes the choice that does nothing, where the setting
    has one."""
    if not re.search(_REFUSING, text):
        return list(calls)

    def said(names: list[str]) -> bool:
        alternatives = "|".join(re.escape(n) for n in names)
        return re.search(rf"{_REFUSING}{_REFUSED_GAP}(?:{alternatives})(?:s|es|ing|ed|ping)?\b", text, re.I) is not None

    return _nothing_where(calls, catalog, said)


# Words that deny what follows them: "do not start week on Sunday", "don't put the taskbar on the left" (not "never":
# "the dock never sits on the right" wants it there; not a wait: "don't want anything installed for the next 4 weeks")
_DENYING = (
    r"(?i)(?:\bdon'?t|\bdo\s+not|\bno\s+longer|\bstop|\bshouldn'?t|\bshould\s+not)\s+"
    r"(?:(?!(?:but|instead|rather|and|or|so|then|for|until|during|within|after|before)\b)[\w'-]+\s+){0,5}?"
)


def settle_denied_choice(text: str, calls, catalog: Catalog) -> list[Call]:
    """ "do not start week on Sunday" gave Sunday, "don't use 12 hour time" 12-hour: the one set call of a choice
    whose value the request names only after words that deny it takes another: the one other value it names, or
    with none named, the other of two, or the setting's default; with none of those, its page opens."""
    if len(calls) != 1 or calls[0].action != "set" or not re.search(_DENYING, text):
        return list(calls)
    c = calls[0]
    s = catalog.settings.get(c.setting or "")
    choice = next((v for v in s.values if v.id == c.value), None) if s is not None and s.kind == "choice" else None
    if choice is None:
        return [c]
    names = [n for n in _choice_names(s, choice) if n]
    alternatives = "|".join(re.escape(n) for n in names)
    denied = re.sub(rf"{_DENYING}(?:{alternatives})(?!\w)", " ", text, flags=re.I)
    if denied == text or any(re.search(rf"(?i)\b{re.escape(n)}(?!\w)", denied) for n in names):
        return [c]  # not denied, or named again outside the denial
    others = [v.id for v in s.values if v.id != c.value and _named(s, v.id, denied)]
    if len(others) > 1:
        return [c]
    return [replace(c, value=others[0])] if others else [_not_this(c, s)]


def _not_this(c: Call, s) -> Call:
    """Choice call `c` with the value a request that rejects `c`'s own wants instead, where it names none: the other
    of two, or the setting's default; with neither, a call opening its page, where the person picks."""
    rest = [v.id for v in s.values if v.id != c.value]
    pick = rest[0] if len(rest) == 1 else s.default if s.default != c.value else None
    return Call("open", page=s.page, confidence=c.confidence) if pick is None else replace(c, value=pick)


# A wish, a command or a question of how beside a doing the request states: "make it sleep when the lid closes"
_NO_STATEMENT = (
    r"(?i)\b(?:want|wanna|wish|would|should|could|can|make|set|change|let|please|pls|prefer|like|need|how|instead|"
    r"rather|supposed|expect\w*|ok|okay|fine|good|great|nice|perfect|desired?)\b|\?\s*$"
)


def _doings(name: str) -> str:
    """`name` ("sleep", "shut down") said of what a machine does: "sleeps", "shuts down", "goes to sleep", "keeps
    sleeping"; a name of two words as its first's doing ("screen flash": "the screen flashes")."""
    first, _, rest = name.partition(" ")
    tail = rf"\s+{re.escape(rest)}" if rest else ""
    head, _, last = name.rpartition(" ")  # "screen flash": "the whole screen flashes"
    named = rf"|\b{re.escape(head)}\s+{re.escape(last)}(?:s|es)\b" if head and " " not in head else ""
    return (
        rf"\b{re.escape(first)}(?:s|es){tail}\b|\bkeeps\s+{re.escape(first)}(?:p?ing|ing){tail}\b"
        rf"|\b(?:goes|went|falls|fell|drops|dropped)\s+(?:in)?to\s+{re.escape(name)}\b{named}"
    )


# A doing the machine does unbidden: "wakes up by itself", "turns on for no reason"
_UNBIDDEN = r"(?i)\b(?:by\s+itself|on\s+its\s+own|of\s+its\s+own\s+accord|for\s+no\s+reason|randomly)\b"


def settle_described(text: str, calls, catalog: Catalog) -> list[Call]:
    """ "laptop sleeps when lid is closed with hdmi connected" gave Sleep: a request that only states that the machine
    does what the one call's choice names (no wish, command or question of how) complains of it, and takes the
    choice that does nothing, where the setting has one; so does one that states a doing done unbidden (_UNBIDDEN:
    "the computer wakes up by itself at night" chose to enable wake timers), whatever the choice is named."""
    if re.search(_NO_STATEMENT, text):
        return list(calls)

    def said(names: list[str]) -> bool:
        plain = {n.lower() for n in names if not re.search(r"[^\w\s]", n)}
        return any(re.search(_doings(n), text, flags=re.I) for n in plain)

    if re.search(_UNBIDDEN, text):  # "the computer wakes up by itself at night": whatever the choice is named
        return _nothing_where(calls, catalog, lambda names: True)

    return _nothing_where(calls, catalog, said)


# A state a request only states of its setting: "my taskbar moved to the top", "the clock is in 24 hour format", "my
# second monitor is upside down" (the thing, then what it is, became or shows, then the choice's name)
_BECAME = (
    r"(?:is|are|was|were|'s|has\s+been|have\s+been|got|gets|became|becomes|went|goes|moved|switched|changed|flipped|"
    r"turned|keeps|stays|starts|started|shows|showing|says|remains)"
)
# A command, a wish or a question anywhere in it: the state is what it asks for, or asks about
_NOT_ONLY_STATED = (
    r"(?i)\b(?:turn|set|change|switch|make|enable|disable|remove|hide|open|keep|put|use|adjust|increase|decrease|"
    r"raise|lower|reduce|mute|unmute|add|allow|let|get|go|select|choose|pick|move|dim|brighten|block|activate|"
    r"deactivate|configure|swap|flip|rotate|bring|restore|revert|fix|reset|apply)\b|\b(?:why|what|where|when|which|"
    r"is\s+there|isn'?t|doesn'?t)\b|\b(?:prefer\w*|favou?rite|better|best|ideal|usually|normally|here|like|love|"
    r"good|correct|right|fine|so|must|ought|needs?\s+to|ha(?:s|ve)\s+to|from\s+now\s+on)\b|\bin\s+my\s+country\b"
)


# A thing said to harm the person: "flashing animations give me migraines", "I get dizzy from motion on screen"
_HARMS = (
    r"(?i)\b(?:gives?|giving|gave|makes?|making|made|causes?|causing|caused|triggers?|triggering)\s+(?:me\s+)?"
    r"(?:a\s+|an\s+)?(?:migraines?|headaches?|seizures?|nausea|motion\s+sickness|eye\s?strain|dizzy|sick|nauseous|"
    r"queasy|vertigo)\b|\b(?:get|feel|am|'m|become)\s+(?:\w+\s+)?(?:dizzy|sick|nauseous|queasy)\s+"
    r"(?:from|because\s+of|with|when|watching|seeing)\b|\bhurts?\s+my\s+(?:eyes|head)\b"
)
_BECAUSE = re.compile(r"(?i)\b(?:because|since|as|so)\b")
_WISHES = r"(?i)\b(?:want|wanna|need|like|let\s+me|please|pls|prefer|wish)\b"
# A command in the request: then what it commands is the model's reading ("blue light gives me headaches, turn on ...")
_COMMANDS_SOMETHING = r"(?i)\b(?:turn|switch|enable|disable|activate|deactivate|set|use|put|make\s+it|stop|start)\b"


# Words of many things' names, which say no switch is the harm: a screen, its light, a mode, the eyes
_ANY_THINGS = frozenset(
    "screen screens display monitor light lights mode eye eyes filter sound sounds computer pc".split()
)


def settle_harmful(text: str, calls, catalog: Catalog) -> list[Call]:
    """ "flashing animations give me migraines" and "I get dizzy from motion on screen" turned animations on: the one
    switch a request that commands and wishes nothing says harms the person (gives migraines or headaches, makes them
    dizzy or sick, hurts their eyes), named as what harms (before the harm, after any "because"; or after "I get
    dizzy from"), is turned off; a switch whose name is a negation is left to the model."""
    if len(calls) != 1 or calls[0].action != "set" or not re.search(_HARMS, text):
        return list(calls)
    c = calls[0]
    s = catalog.settings.get(c.setting or "")
    if s is None or s.kind != "toggle" or re.match(_INVERTED_TITLE, s.title):
        return [c]
    if re.search(_COMMANDS_SOMETHING, text) or re.search(_WISHES, text) or commanded_switches(text):
        return [c]  # "natural scrolling on because it gives me headaches": what is commanded or wished is the ask
    names = _names_of(s) - _PRONOUNS - _ANY_THINGS  # "the bright screen hurts my eyes" names no night light
    harms = [re.search(_HARMS, p) for p in re.split(_CLAUSE_BREAK, text)]
    causes = [  # what "gives me migraines", or what "I get dizzy from"
        m.string[m.end() :]
        if re.match(r"(?i)get|feel|am|'m|become", m[0])
        else _BECAUSE.split(m.string[: m.start()])[-1]
        for m in harms
        if m
    ]
    return [replace(c, value=False)] if any(_names_some(names, cause) for cause in causes) else [c]


# A thing complained of as unseen: "the mouse pointer disappears while I'm typing", "I can't see the cursor"
_UNSEEN = (
    r"(?i)\b(?:disappear(?:s|ed|ing)?|vanish(?:es|ed|ing)?|(?:is|are)\s+gone|went\s+away|goes\s+away|"
    r"(?:can'?t|cannot|can\s+not|couldn'?t)\s+see|invisible)\b"
)
_HIDING_TITLE = r"(?i)^(?:automatically\s+|auto-?)?hide\b"
_SHOWING_TITLE = r"(?i)^(?:always\s+)?show\b"


def settle_unseen(text: str, calls, catalog: Catalog) -> list[Call]:
    """ "the mouse pointer disappears while I'm typing" turned Hide pointer while typing on, "the taskbar disappeared"
    auto-hide on, "the scroll bars keep disappearing" Always show scrollbars off: the one switch of a request that
    complains a thing it names is unseen (disappears, vanished, is gone, can't see it), and commands and wishes
    nothing, shows the thing: a switch whose title hides it is turned off, one whose title shows it on."""
    if len(calls) != 1 or calls[0].action != "set" or not re.search(_UNSEEN, text):
        return list(calls)
    c = calls[0]
    s = catalog.settings.get(c.setting or "")
    if s is None or s.kind != "toggle" or re.search(_WISHES, text) or commanded_switches(text):
        return [c]
    if re.search(r"(?i)\b(?:hide|hidden|hiding|make|makes|let|have|on|off)\b", text):
        return [c]  # "I can't see hidden files", "make the taskbar disappear", "mouse vanish on": the model's to read
    unseen = [
        m
        for m in re.finditer(_UNSEEN, text)
        if not re.search(r"(?i)(?:never|not|n't)\s+(?:\w+\s+)?$", text[: m.start()])
    ]
    if not unseen or any(_names_some(_names_of(s), m[0]) for m in unseen):
        return [c]  # "never goes away"; a name of the switch itself ("mouse vanish")
    if re.match(_HIDING_TITLE, s.title):
        return [replace(c, value=False)]
    return [replace(c, value=True)] if re.match(_SHOWING_TITLE, s.title) else [c]


def settle_stated(text: str, calls, catalog: Catalog) -> list[Call]:
    """ "my taskbar moved to the top" gave Top: the one set call of a choice whose value a request that asks nothing
    only states of the setting (a word of the setting, a verb of being or becoming, the value's name: the state it
    is in) takes the other of two values, or the setting's default; with neither, its page opens."""
    s = _the_one(calls, catalog, "choice")
    if s is None or re.search(_NO_STATEMENT, text) or re.search(_NOT_ONLY_STATED, text):
        return list(calls)
    c = calls[0]
    choice = next((v for v in s.values if v.id == c.value), None)
    if choice is None or [v.id for v in s.values if _named(s, v.id, text)] != [c.value]:
        return [c]
    page = catalog.pages.get(s.page)
    said = [s.title, *s.aliases, *s.keywords, s.id.replace(".", " ").replace("_", " ")]
    own = set(words(" ".join(said + ([page.title, *page.aliases] if page is not None else []))))
    names = "|".join(re.escape(n) for n in _choice_names(s, choice) if n)
    m = re.search(rf"(?i)((?:\b[\w'-]+\s+){{1,3}}){_BECAME}\s+(?:[\w-]+\s+){{0,4}}?(?:{names})(?!\w)", text)
    if m is None or not own & set(words(m.group(1))):  # the thing itself is what is said to be so
        return [c]
    return [_not_this(c, s)]


# A switch a clause forbids: "never turn off X", "don't turn X on", "do not disable X", "don't let X turn off"
# ("never" only opening its clause: "set the screen timeout to never" is a value)
_NEGATED = (
    r"(?i)(?:^\s*(?:please\s+|just\s+)*never|\b(?:don'?t|do\s+not))\s+(?:ever\s+)?(?:let\s+(?:\S+\s+){1,4}?)?"
    r"(?:(?:turn|switch|shut)\s+(?:\S+\s+){0,3}?(off|on)\b|(disable|enable|deactivate|activate)\b)"
)
_CLAUSE_BREAK = r"[,;.!?]|\b(?:and|but|then)\b"
# A toggle whose own name is a negation ("Mute", "No auto-restart ...", "Disable touchpad while typing"): what
# "never turn it off" asks of it is left to the model
_INVERTED_TITLE = r"(?i)^(?:no|not|mute|disable|hide|turn off|block|prevent|exclude)\b"


def negated_switches(text: str) -> list[tuple[str, bool]]:
    """The request's clauses that forbid a switch, each with the state it keeps: "never turn off wifi" -> True."""
    out = []
    for clause in re.split(_CLAUSE_BREAK, text):
        m = re.search(_NEGATED, clause)
        if m:
            out.append((clause, (m.group(1) or m.group(2)).lower() in ("off", "disable", "deactivate")))
    return out


def settle_negation(text: str, calls, catalog: Catalog) -> list[Call]:
    """ "Never turn off wifi", "don't disable bluetooth": the toggle a forbidding clause names (a word of its title
    or aliases) keeps the other state, whatever the model read ("never turn off" is no "turn off")."""
    forbidding = (
        negated_switches(text)
        if re.search(r"(?i)\b(?:never|don'?t|not|keep|leave|want|have|need|like|should|stay|remain)\b", text)
        else []
    )
    out = []
    for c in calls:
        s = catalog.settings.get(c.setting or "")
        if forbidding and s is not None and s.kind == "toggle" and c.action == "set":
            kept = {state for clause, state in forbidding if _names_of(s) & _name_words(clause)}
            if len(kept) == 1 and not re.match(_INVERTED_TITLE, s.title):
                c = replace(c, value=kept.pop())
        out.append(c)
    return out


# A doing the request prevents: "stop Windows from installing drivers", "prevent the touchpad from moving while I
# type", "I don't want Windows to restart automatically" (the object, then the doing to the end of its clause; not
# "never" or "no longer", which describe as often as they forbid: "they never finish installing updates")
_PREVENTED = (
    r"(?i)\b(?:stop|stops|prevent|prevents|block|blocks|keep|keeps)[\"”']?\s+((?:[\w'-]+\s+){0,5}?)from\s+(\w+ing\b[^,;.!?]*)"
    r"|(?:\bdon'?t|\bdo\s+not)\s+(?:(?:want|let|allow|need)\s+((?:[\w'-]+\s+){0,4}?)"
    r"(?:to\s+)?)?((?!(?:know|understand|see|get|care|like|think)\b)\w+\b[^,;.!?]*)"
)
_PREVENTING = r"(?i)\b(?:stop|stops|prevent|prevents|block|blocks|keep|keeps|from)\b|n'?t\b|\bnot\b"  # cheap precheck
# The words that negate a switch named "Disable touchpad while typing": a prevented doing that says one ("stop it from
# turning off while I type") forbids the negation itself
_NEGATING = (
    r"(?i)\b(?:disabl\w*|turn\w*\s+off|switch\w*\s+off|shut\w*\s+off|off|mut\w*|hid\w*|block\w*|exclud\w*|"
    r"prevent\w*|no)\b"
)
# Words of a negated name that tell no doing apart ("Disable touchpad while typing": "while")
_NOT_DOINGS = frozenset("while when after from with at once are is a an quality users logged features".split())


def _prevented_state(s, text: str) -> bool | None:
    """The state a request that prevents a doing asks of a toggle whose own name negates that doing ("Exclude
    drivers from quality updates": "stop Windows from installing drivers" asks it on); None when it prevents none of
    what the name negates, or both ways."""
    negated = {
        stem(w)
        for n in (s.title, *s.aliases)
        if re.match(_INVERTED_TITLE, n)
        for w in _name_words(re.sub(_INVERTED_TITLE, " ", n)) - _PRONOUNS - _NOT_DOINGS
        if len(w) >= 4
    }
    said = set()
    for m in re.finditer(_PREVENTED, _without_names(text, _sought(_plain_names(s), s.opposites))):
        doing = m.group(2) or m.group(4) or ""
        if re.search(r"\b(?:thesetting|theopposite)\b", m.group(0)):
            continue  # "I don't want accessibility timeout": the switch itself, settle_commanded's
        said_of = f"{m.group(1) or m.group(3) or ''} {' '.join(doing.split()[:6])}"  # what is prevented, its start
        words = {stem(w) for w in re.findall(r"[a-z]+", said_of.lower())}
        if negated & words:
            said.add(re.search(_NEGATING, doing) is None)
    return said.pop() if len(said) == 1 else None


def settle_prevented(text: str, calls, catalog: Catalog) -> list[Call]:
    """ "Stop Windows from installing drivers" set Exclude drivers from quality updates off, "stop windows from
    restarting automatically after updates" No auto-restart off: a toggle whose own name negates a doing
    (_INVERTED_TITLE) is on where the request prevents that doing, and off where it prevents the negation ("don't
    hide the pointer while typing")."""
    out = []
    for c in calls:
        s = catalog.settings.get(c.setting or "")
        if s is not None and s.kind == "toggle" and c.action == "set" and re.match(_INVERTED_TITLE, s.title):
            state = _prevented_state(s, text) if re.search(_PREVENTING, text) else None
            c = c if state is None else replace(c, value=state)
        out.append(c)
    return out


# A doing the request calls an accident: "my palm inadvertently touches the touch pad", "I keep accidentally clicking"
_ACCIDENT = (
    r"(?i)\b(?:accidental(?:ly)?|inadvertent(?:ly)?|unintentional(?:ly)?|unintended|involuntar(?:y|ily)|"
    r"by\s+(?:accident|mistake))\b"
)


def settle_accidental(text: str, calls, catalog: Catalog) -> list[Call]:
    """ "Each time my palm inadvertently touches the touch pad, my cursor moves ..." turned Disable touchpad while
    typing off: the one switch whose own name negates a doing (_INVERTED_TITLE), in a request that calls that doing
    an accident (names what the name negates beside "accidentally", "inadvertently", "by mistake", ...) and says no
    word of turning anything off, is on. (Other switches are left alone: most that accidents name prevent them,
    "my taskbar keeps getting dragged to the side by accident" asks Lock the taskbar on.)"""
    if not re.search(_ACCIDENT, text) or re.search(_NEGATING, text):  # "turned off by mistake": the negation's
        return list(calls)
    s = _the_one(calls, catalog, "toggle")
    if s is None or calls[0].value is not False or not re.match(_INVERTED_TITLE, s.title):
        return list(calls)
    negated = {stem(w) for w in _name_words(re.sub(_INVERTED_TITLE, " ", s.title)) - _NOT_DOINGS if len(w) >= 4}
    said = {stem(w) for w in _name_words(re.sub(r"(?i)\btouch\s+pad\b", "touchpad", text))}
    return [replace(calls[0], value=True)] if negated & said else list(calls)


# A switch said to change state by itself: "bluetooth automatically turn on", "my wifi turns off on its own",
# "wifi keeps turning itself on" (its name, up to two words, then the doing with a word of its own accord)
_BY_ITSELF = r"(?:automatically|auto|by\s+itself|on\s+its\s+own|itself|randomly)"
_SELF_SWITCHED = (
    r"(?i)\b(?P<name>[\w-]+(?:\s+[\w-]+)?)\s+(?:(?:keeps?|kept)\s+)?(?:" + _BY_ITSELF + r"\s+)?"
    r"(?:turns?|turned|turning|switch(?:es|ed|ing)?|comes?|came|coming|goes|went|going)\s+"
    r"(?:" + _BY_ITSELF + r"\s+|back\s+)?(?P<state>on|off)\b(?:\s+" + _BY_ITSELF + r")?"
)


# What makes a doing a complaint, and what makes it a liking
_A_COMPLAINT = (
    r"(?i)\b(?:why|keeps?|kept|annoy\w*|hate|every\s*time|whenever|each\s+time|again|problem|issue|bug|stop\w*|"
    r"won'?t|doesn'?t|can'?t|how\s+(?:do|can)|help|fix|prevent\w*)\b"
)
_LIKED = r"(?i)\b(?:like|love|great|nice|perfect|good|glad|happy|fine)\b"


def settle_self_switched(text: str, calls, catalog: Catalog) -> list[Call]:
    """ "whenever i closed my lid and again open it. bluetooth automatically turn on .. why" set the lid's action: a
    request that says one switch, by its title or an alias, turns on or off by itself (and says it of no other
    setting) asks it the other way, whatever setting the model read from the events around it."""
    if not re.search(_A_COMPLAINT, text) or re.search(_LIKED, text):  # "turns on automatically at sunset, I like that"
        return list(calls)
    found = []
    for m in re.finditer(_SELF_SWITCHED, text):
        if not re.search(_BY_ITSELF + r"|\bkeeps?\b|\bkept\b", m.group(0), re.I):
            continue
        words = [w for w in m["name"].lower().split() if not re.fullmatch(_BY_ITSELF, w)]
        names = [" ".join(words[i:]) for i in range(len(words))]  # "my bluetooth": "bluetooth"
        by_name = titled(catalog)
        said = (text[: m.start("name")].lower() + " ".join(words)).split()
        longest = next((n for k in range(len(said), 0, -1) if (n := " ".join(said[-k:])) in by_name), "")
        if longest and longest not in names:  # "Automatically delete old files in the recycle bin": not the bin's
            names = [longest]
        ids = next((by_name[n] for n in names if n in by_name), ())
        toggles = [sid for sid in ids if catalog.settings[sid].kind == "toggle"]
        if len(toggles) == 1:
            found.append((toggles[0], m["state"].lower() == "off"))
    if len({sid for sid, _ in found}) != 1 or len(set(found)) != 1:
        return list(calls)
    sid, wanted = found[0]
    if any(c.setting == sid for c in calls):
        return [replace(c, value=wanted) if c.setting == sid and c.action == "set" else c for c in calls]
    return [Call("set", sid, value=wanted, confidence=min((c.confidence or 1.0) for c in calls) if calls else None)]


# A choice the machine keeps going back to by itself: "keeps switching my network to public", "power mode reverts to
# balanced", "keeps changing back to ..." (the doing, up to three words, then "to" and what follows)
_KEPT_TO = (
    r"(?i)\b(?:(?:keeps?|kept)\s+(?:on\s+)?(?:switching|changing|going|resetting|reverting|defaulting|setting|"
    r"putting|moving|jumping|flipping)|resets|reverts|defaults|(?:switches|changes|goes|flips)\s+back)\b"
    r"(?:\s+[\w']+){0,3}?\s+(?:back\s+)?(?:to|into)\s+(?P<rest>[^.,;!?]*)"
)


def settle_kept_choice(text: str, calls, catalog: Catalog) -> list[Call]:
    """ "Windows keeps switching my network to public" chose Public: the one call of a choice whose value the request
    says the machine keeps going (back) to by itself takes the other value, where the choice has two; with more, what
    is wanted instead is unsaid, and its page opens. So it does for a text value the request copied from there
    ("Windows keeps switching my default browser back to Edge" set Edge)."""
    m = re.search(_KEPT_TO, text)
    s = (_the_one(calls, catalog, "choice") or _the_one(calls, catalog, "text")) if m else None
    c = calls[0] if calls else None
    if s is not None and s.kind == "text":
        copied = isinstance(c.value, str) and re.search(rf"(?i)(?<!\w){re.escape(c.value)}(?!\w)", m["rest"])
        return [Call("open", page=s.page, confidence=c.confidence)] if copied else list(calls)
    if s is None or not _named(s, c.value, " ".join(m["rest"].split()[:4])):
        return list(calls)
    others = [v for v in s.choice_ids if v != c.value]
    if len(others) == 1:
        return [replace(c, value=others[0])]
    return [Call("open", page=s.page, confidence=c.confidence)]


# A thing said to be back that was gone: "Copilot icon reappears after reboot", "the chat icon came back"
_BACK = (
    r"(?i)\b(?:re-?appear(?:s|ed|ing)?|(?:comes?|came|coming|is|are|was|were|keeps?\s+coming)\s+back|"
    r"(?:shows?|showed|showing|pops?|popped|turns?|turned)\s+up\s+again|appear(?:s|ed)?\s+again|returns|returned)\b"
)


# What is shown on the screen, as against what works or sounds ("my sound came back" is no complaint)
_SHOWN = (
    r"(?i)\b(?:icons?|buttons?|bar|feed|widgets?|search|box|menu|banners?|pop-?ups?|tips?|ads?|suggestions?|"
    r"recommend\w*|section|shortcuts?|badges?|labels?|tray)\b"
)


def settle_back(text: str, calls, catalog: Catalog) -> list[Call]:
    """ "Copilot icon reappears after reboot" showed it: the one switch set in a request that states (no wish,
    command or question of how) that a thing shown on the screen (_SHOWN: an icon, a button, a feed) is back after
    it was gone is what the request wants gone again: off, or on where the switch's name negates it ("Hide ...")."""
    if not re.search(_BACK, text) or re.search(_NO_STATEMENT, text) or not re.search(_SHOWN, text):
        return list(calls)
    s = _the_one(calls, catalog, "toggle")
    if s is None or not isinstance(calls[0].value, bool):
        return list(calls)
    return [replace(calls[0], value=bool(re.match(_INVERTED_TITLE, s.title)))]


# A question of where or how to set a thing up, and the words that would say a state
_HOW_TO_SET_UP = (
    r"(?i)\b(?:how|where)\s+(?:do\s+i\s+|can\s+i\s+|to\s+|i\s+can\s+|should\s+i\s+)?"
    r"(?:configure|find|set\s+up|setup|access|get\s+to|manage)\b"
)
_A_STATE = (
    r"(?i)\b(?:on|off|enabl\w*|disabl\w*|activat\w*|deactivat\w*|turn\w*|switch\w*|stop\w*|start\w*|show\w*|"
    r"hid\w*|block\w*|allow\w*|remov\w*|no|not|never|mute\w*|unmute\w*|keeps?)\b"
)


def settle_set_up(text: str, calls, catalog: Catalog) -> list[Call]:
    """ "I unable to find how to configure system-wide proxy in settings." turned the proxy off: the one switch set
    in a request that asks where or how to configure, find or set up a thing, and says no state, opens its page."""
    s = _the_one(calls, catalog, "toggle") if re.search(_HOW_TO_SET_UP, text) else None
    if s is None or re.search(_A_STATE, text):
        return list(calls)
    return [Call("open", page=s.page, confidence=calls[0].confidence)]


# A request that opens with a command ("Open file explorer to This PC instead of Home" wants This PC)
_IMPERATIVE = (
    r"(?i)^\s*(?:please\s+|pls\s+|can\s+you\s+|could\s+you\s+)?(?:open|use|set|switch|make|show|start|put|change|turn|"
    r"let|have|go|move|default|launch|pick|choose|select)\b"
)


def settle_instead(text: str, calls, catalog: Catalog) -> list[Call]:
    """ "File explorer opens Home instead of This PC" chose Home: the one call of a choice, in a request that states
    what the machine does (no command, wish or question but "why ...?": _IMPERATIVE, _NO_STATEMENT) with one of its
    values "instead of" another, takes the other; a command ("open to This PC instead of Home") keeps the first."""
    m = re.search(r"(?i)\binstead\s+of\b", text)
    if m is None or len(calls) != 1 or calls[0].action != "set" or re.match(_IMPERATIVE, text):
        return list(calls)
    stated = re.sub(r"(?i)\binstead\b", " ", text)
    if re.match(r"(?i)\s*why\b", text):  # "why does explorer open Home instead of This PC?" complains too
        stated = stated.rstrip(" ?")
    if re.search(_NO_STATEMENT, stated):
        return list(calls)
    s = catalog.settings.get(calls[0].setting or "")
    if s is None or s.kind != "choice":
        return list(calls)
    before = [v.id for v in s.values if _named(s, v.id, text[: m.start()])]
    after = [v.id for v in s.values if _named(s, v.id, re.split(r"[,.;!?]", text[m.end() :])[0])]
    if len(before) != 1 or len(after) != 1 or before == after or calls[0].value != before[0]:
        return list(calls)
    return [replace(calls[0], value=after[0])]


def settle_switch_instead(text: str, calls, catalog: Catalog) -> list[Call]:
    """ "Use a fixed number of workspaces instead of dynamic ones" turned dynamic workspaces on: the one switch turned
    on in a request that names it only in the few words after "instead of" or "rather than" (a word of its name
    that no other setting of its page has there, and none elsewhere), after an ask of three words or more, is what
    the request turns away from: off."""
    m = re.search(r"(?i)\b(?:instead\s+of|rather\s+than)\b", text)
    s = _the_one(calls, catalog, "toggle") if m else None
    if (
        s is None or calls[0].value is not True or len(text[: m.start()].split()) < 3
    ):  # "Instead of X, Y": Y may name it
        return list(calls)
    span = re.split(r"[,.;!?]", text[m.end() :])[0].split()[:4]  # what it turns away from, in a few words
    outside = f"{text[: m.start()]} {' '.join(text[m.end() :].split()[len(span) :])}".lower()
    neighbours = [_names_of(o) for o in catalog.settings.values() if o.page == s.page and o.id != s.id]
    after = _name_words(" ".join(span)) & (_names_of(s) - _PRONOUNS).difference(*neighbours)
    if not after or after & _name_words(outside) or any(n.lower() in outside for n in (s.title, *s.aliases)):
        return list(calls)
    return [replace(calls[0], value=False)]


_QUOTE = r"[\"“'‘]([^\"”'’]{3,60})[\"”'’]"  # "Tap to click", 'night light'


@functools.lru_cache(maxsize=4)
def titled(catalog: Catalog) -> dict[str, tuple[str, ...]]:
    """Each title and alias of the catalog's settings, lower-cased, with the settings it names."""
    out: dict[str, list[str]] = {}
    for s in catalog.settings.values():
        for n in {s.title.lower(), *(a.lower() for a in s.aliases)}:
            out.setdefault(n, []).append(s.id)
    return {n: tuple(ids) for n, ids in out.items()}


# A quote on the way to the setting: a page of a path ("Settings > 'Taskbar'", "go to 'Proxy'", "open 'Sound'")
_ON_THE_WAY = r"(?i)(?:>|/|->|\u2192|\b(?:go|head|navigate|get)\s+to|\bopen|\bfind|\bselect|\bclick(?:\s+on)?|\btap(?:\s+on)?)\s*$"


@functools.lru_cache(maxsize=4)
def _paged(catalog: Catalog) -> frozenset[str]:
    """The settings one of whose names is a page's title or alias too ("Touchpad", "Storage Sense")."""
    pages = {n.lower() for p in catalog.pages.values() for n in (p.title, *p.aliases)}
    return frozenset(sid for n, ids in titled(catalog).items() if n in pages for sid in ids)


def settle_quoted_name(text: str, calls, catalog: Catalog) -> list[Call]:
    """ "The option 'Tap to click' (Emulate mouse button) is disabled by default" set Emulate middle click: the one
    call of a request that quotes one setting's exact name is that setting's. A switch's state carries over to
    another switch; any other call opens the named setting's page, where the person chooses."""
    if len(calls) != 1 or calls[0].setting is None or not re.search(_QUOTE, text):
        return list(calls)
    c = calls[0]
    named = {
        sid
        for m in re.finditer(_QUOTE, text)
        if not re.search(_ON_THE_WAY, text[: m.start()]) and not re.match(r"\s*(?:>|/|->|\u2192)", text[m.end() :])
        for sid in titled(catalog).get(m.group(1).strip().lower(), ())
    }
    if len(named) != 1 or c.setting in named or named & _paged(catalog):
        return [c]
    s, was = catalog.settings[named.pop()], catalog.settings.get(c.setting)
    if s.kind == "toggle" and was is not None and was.kind == "toggle":
        return [replace(c, setting=s.id)]
    return [Call("open", page=s.page, confidence=c.confidence)]


# A value the request quotes after a verb that sets it: 'change the mode to "Hip Hop"' (not 'go to "Taskbar"', a
# page on the way)
_QUOTED_VALUE = (
    r"(?i)\b(?:set|change|switch|turn|make|put)\s+(?:[^\s,;.!?\"“'‘]+\s+){0,4}?(?:to|as|into)\s+"
    r"[\"“'‘]([^\"”'’]{1,40})[\"”'’]"
)


def settle_quoted(text: str, calls, catalog: Catalog) -> list[Call]:
    """'change the mode to "Hip Hop"' set dark mode light: a choice set where the request quotes the value it
    wants, and the quote names none of the setting's choices, goes (the quoted value is another thing's); where it
    names one, written as one word or not ('set the power button to "Shutdown"' had chosen Sleep), that one is set."""
    quoted = [m.group(1) for m in re.finditer(_QUOTED_VALUE, text)]
    if not quoted:
        return list(calls)
    out = []
    for c in calls:
        s = catalog.settings.get(c.setting or "")
        if s is not None and s.kind == "choice" and c.action == "set":
            named = {v.id for q in quoted for v in s.values if _named(s, v.id, q) or _named_squashed(s, v, q)}
            if not named:
                continue
            c = replace(c, value=named.pop()) if len(named) == 1 else c
        out.append(c)
    return out


def _named_squashed(s, choice, quoted: str) -> bool:
    """Whether `quoted` is one of `choice`'s names written without its spaces, hyphens or underscores ("Shutdown")."""

    def squash(name: str) -> str:
        return re.sub(r"[\s_-]+", "", name).lower()

    return any(squash(n) == squash(quoted) for n in _choice_names(s, choice) if n)


# What a request leaves out: "turn bluetooth on, not wifi", "mute the speakers but not the mic", "everything except
# the recycle bin", "leave the camera alone" (a short span, to the end of its clause; not "..., not just an icon")
_EXCLUDED = (
    r"(?i)(?:(?:[,;]\s*|\bbut\s+|\band\s+)not|\bexcept(?:\s+for)?|\bother\s+than|\bapart\s+from|\bexcluding)"
    r"\s+(?!(?:just|only|enough|too|so|very|really|even|always|all|any|a|an|yet|now|that|this|sure)\b)"
    r"(?:the\s+|my\s+)?(\w+(?:[\s-]+\w+){0,2}?)(?=$|[,.;!?]|\s+(?:and|but|then)\b)"
    r"|\bleave\s+(?:the\s+|my\s+)?(\w+(?:[\s-]+\w+){0,2}?)\s+(?:alone|as\s+it\s+is|as\s+is|untouched|unchanged)\b"
)


def settle_exclusions(text: str, calls, catalog: Catalog) -> list[Call]:
    """A call for what the request leaves out goes: one whose setting the left-out words are a name of (words of
    its title and aliases, not its switching words: "mic" of "Mute microphone") and the rest of the request names
    by no other such word. "Mute the speakers but not the mic" gave the microphone's mute; "move the page down,
    not up" keeps its scrolling direction ("up" is a value, no name)."""
    spans = [m.group(1) or m.group(2) for m in re.finditer(_EXCLUDED, text)] if re.search(_LEAVES_OUT, text) else []
    if not spans:
        return list(calls)
    rest = _name_words(re.sub(_EXCLUDED, " ", text))
    out = []
    for c in calls:
        s = catalog.settings.get(c.setting or "")
        names = _names_of(s) if s is not None else set()
        left_out = [w for w in map(_name_words, spans) if w and w <= names]
        if not (left_out and not (names & rest) - set().union(*left_out)):
            out.append(c)
    return out


# A thing the request keeps as it is beside its ask: "turn off notification sounds but keep the banners", "disable
# animations but keep transparency", "turn off night light but keep dark mode", "... but leave bluetooth on"
_KEEPS = (
    r"(?i)\b(?P<join>but|while|and|yet|still)\s+(?:keep(?:ing)?|leav(?:e|ing))\s+(?:the\s+|my\s+)?"
    r"(?P<span>(?!(?:it|that|this|them|everything|all|things?)\b)[\w-]+(?:\s+[\w-]+){0,2}?)"
    r"(?:\s+(?P<state>on|enabled|active|visible|running|working|off|disabled|hidden|as\s+(?:it\s+)?is|alone))?"
    r"(?=\s*$|\s*[,.;!?]|\s+(?:and|but|then|too|as\s+well)\b)"
)


def _undoes_kept(c: Call, s, span: str, state: str | None) -> bool:
    """Whether call `c` of setting `s` changes what a request keeps (`span`, in `state` or as it is): turns a switch
    off (on, where it keeps it off), or sets a choice to a value other than the one it keeps."""
    if c.action != "set":
        return False
    if s.kind == "toggle":
        kept_off = state is not None and state.lower() in ("off", "disabled", "hidden")
        return c.value is (True if kept_off else False)
    kept = [v.id for v in s.values if _named(s, v.id, span)] if s.kind == "choice" else []
    return len(kept) == 1 and c.value != kept[0]


def settle_kept_aside(text: str, calls, catalog: Catalog) -> list[Call]:
    """A call that changes what the request keeps goes, where the kept words name its setting at least as fully as
    the rest of the request does: "turn off notification sounds but keep the banners" had also turned notifications
    off; "turn off the screen saver but keep the screen on" keeps the screen saver's call (two of its words outside,
    one kept). After "and", only beside another call: "go ahead and keep the taskbar visible" is the ask itself."""
    kept = [*re.finditer(_KEEPS, text)]
    if not kept:
        return list(calls)
    outside = _name_words(re.sub(_KEEPS, " ", text))
    out, gone = [], []
    for c in calls:
        s = catalog.settings.get(c.setting or "")
        names = _names_of(s) if s is not None else set()
        hits = [m for m in kept if names & _name_words(m["span"])]
        if any(len(names & _name_words(m["span"])) >= len(names & outside) for m in hits) and any(
            _undoes_kept(c, s, m["span"], m["state"]) for m in hits
        ):
            gone.append(all(m["join"].lower() == "and" for m in hits))
            continue
        out.append(c)
    return list(calls) if any(gone) and not out else out


# A value the request rejects as too little or too much: "100% is too small", "too big at 125% scaling"
_TOO_WORDS = r"(small|tiny|little|low|dim|dark|slow|short|quiet|soft|big|large|huge|high|bright|fast|long|loud)"
_REJECTED = (
    r"(?i)\b(\d+(?:\.\d+)?)\s*%?\s*(?:scal\w*\s+)?(?:is|was|looks|seems|feels|are|gets)?\s*"
    rf"(?:(?:way|much|far|a\s+bit|slightly|still|just|a\s+little)\s+)?too\s+{_TOO_WORDS}\b"
    rf"|\btoo\s+{_TOO_WORDS}\s+(?:at|with|on|in|for)\s+(\d+(?:\.\d+)?)\b"
)
_TOO_LITTLE = frozenset("small tiny little low dim dark slow short quiet soft".split())


def _rejected(text: str) -> tuple[float, float]:
    """The open interval the request's rejected values leave: above each one it calls too little, below each one
    it calls too much."""
    lo, hi = float("-inf"), float("inf")
    for m in re.finditer(_REJECTED, text):
        value, word = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        if word.lower() in _TOO_LITTLE:
            lo = max(lo, float(value))
        else:
            hi = min(hi, float(value))
    return lo, hi


def settle_rejected(text: str, calls, catalog: Catalog) -> list[Call]:
    """ "since 100% is too small on a 4k screen and 200% is too big" set 100: a choice set to a value the request
    rejects takes one its rejections leave (the middle one between two bounds, the next one past one bound), or,
    with none left ("too small at 100%, but too big at 125%"), its page opens."""
    if not re.search(_REJECTED, text):
        return list(calls)
    lo, hi = _rejected(text)
    out = []
    for c in calls:
        s = catalog.settings.get(c.setting or "")
        ids = [v.id for v in s.values] if s is not None and s.kind == "choice" else []
        if c.action != "set" or not ids or not all(re.fullmatch(r"\d+(?:\.\d+)?", i) for i in ids):
            out.append(c)
            continue
        if lo < float(c.value) < hi:
            out.append(c)
            continue
        left = sorted((i for i in ids if lo < float(i) < hi), key=float)
        if not left:
            out.append(Call("open", page=s.page, confidence=c.confidence))
            continue
        both = lo > float("-inf") and hi < float("inf")
        pick = left[len(left) // 2] if both else left[0] if hi == float("inf") else left[-1]
        out.append(replace(c, value=pick))
    return out


# What the request likens its ask to, as the example it has: "Similarly to existing DisableStickyKeys, also
# DisableToggleKeys ...", "just like the Bluetooth one" (a short span, to its clause's end or the word that describes it)
_LIKENED = (
    r"(?i)\b(?:similar(?:ly)?\s+to|just\s+like|same\s+as|(?:the\s+)?(?:already\s+)?existing)\s+(?:the\s+|an?\s+)?"
    r"([\w-]+(?:\s+[\w-]+){0,2}?)(?=$|[,.;:!?]|\s+(?:and|but|then|feature|option|setting|toggle|does|do|is|works?)\b)"
)


def _written_values(s) -> frozenset[tuple[str, str]]:
    """The registry values setting `s` writes on Windows (key, name); empty for other bindings."""
    b = s.bindings.get("windows")
    if b is None or b.via != "registry":
        return frozenset()
    return frozenset((v.get("key", ""), v.get("name", "")) for v in b.spec.get("values", ()))


@functools.lru_cache(maxsize=4)
def _covering(catalog: Catalog) -> dict[str, tuple[tuple[str, str], ...]]:
    """For each choice, the (other choice, setting writing both) pairs: "Choose your mode" writes what the app mode
    and the Windows mode each write, with the same values."""
    written = {s.id: _written_values(s) for s in catalog.settings.values() if s.kind == "choice"}
    out: dict[str, list[tuple[str, str]]] = {}
    for a, wa in written.items():
        for b, wb in written.items():
            if a >= b or not wa or not wb or wa & wb:
                continue
            ids = set(catalog.settings[a].choice_ids) & set(catalog.settings[b].choice_ids)
            for c, wc in written.items():
                if wc == wa | wb and ids <= set(catalog.settings[c].choice_ids):
                    out.setdefault(a, []).append((b, c))
                    out.setdefault(b, []).append((a, c))
    return {k: tuple(v) for k, v in out.items()}


_BOTH = r"(?i)\b(?:and|both|&|as\s+well\s+as)\b"
_ONE_ONLY = r"(?i)\b(?:only|keep|leave|but|except)\b"


def settle_both(text: str, calls, catalog: Catalog) -> list[Call]:
    """ "Enable dark mode for both apps and system" set the apps' mode alone: the one call of a choice that, with a
    choice the request also names by a word of its own, the two joined by "and" (each one's own word within three
    words of it), is written whole by a third setting
    (_covering: the colour mode over the app and Windows modes) sets that third one, unless the request keeps one
    of them apart ("only", "keep", "but")."""
    if len(calls) != 1 or calls[0].action != "set" or not re.search(_BOTH, text) or re.search(_ONE_ONLY, text):
        return list(calls)
    c = calls[0]
    joined = [  # the words about each "and": "App AND System", "both apps and the system"
        _name_words(" ".join(text[: m.start()].split()[-3:] + text[m.end() :].split()[:3]))
        for m in re.finditer(_BOTH, text)
    ]
    for other, whole in _covering(catalog).get(c.setting or "", ()):
        own, mine = (
            _names_of(catalog.settings[i]) | _name_words(" ".join(catalog.settings[i].keywords))
            for i in (other, c.setting)
        )
        if any(said & (own - mine) and said & (mine - own) for said in joined):
            return [replace(c, setting=whole)]
    return list(calls)


def settle_app_at_work(text: str, calls, catalog: Catalog) -> list[Call]:
    """ "Make Chrome ask where to save each file before downloading" made Chrome the default browser: a default app
    set from a request that names the app as one doing more than being chosen (three words or more go on after its
    name) and says neither "default" nor the kind of app (the start of a word of the setting's names: "browser",
    "links", "terminal", or a slip of one) asks something of that app, not of the system: that call goes."""
    out = []
    for c in calls:
        s = catalog.settings.get(c.setting or "")
        if s is not None and s.id.startswith("apps.default_") and c.action == "set" and isinstance(c.value, str):
            kinds = _name_words(" ".join((s.title, *s.aliases))) - {"default", "app", "for"}
            said = re.search(rf"(?i)\bdefault|\b(?:{'|'.join(w[:4] for w in kinds if len(w) >= 3)})", text)
            at = re.search(rf"(?i)\b{re.escape(c.value)}\b", text)
            if at and not said and len(re.findall(r"\w+", text[at.end() :])) >= 3:
                continue
        out.append(c)
    return out


def settle_likened(text: str, calls, catalog: Catalog) -> list[Call]:
    """ "Similarly to existing DisableStickyKeys, also DisableToggleKeys and DisableFilterKeys could be added" also
    turned Sticky Keys off: among several calls, one whose setting the example the request likens its ask to names,
    and the rest of the request names by none of its own words (none the other calls' names share), goes."""
    if len(calls) < 2 or not re.search(_LIKENED, text):
        return list(calls)
    split = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", text)  # "DisableStickyKeys": disable sticky keys
    spans = [_name_words(m.group(1)) for m in re.finditer(_LIKENED, split)]
    rest = _name_words(re.sub(_LIKENED, " ", split))
    named = [_names_of(catalog.settings[c.setting]) if c.setting in catalog.settings else set() for c in calls]
    out = []
    for i, c in enumerate(calls):
        own = named[i] - set().union(*named[:i], *named[i + 1 :])  # "sticky", not the "keys" of all three
        if not (any(w and w <= named[i] for w in spans) and not own & rest):
            out.append(c)
    return out or list(calls)


# The words without one of which no clause commands off (commanded_switches): a cheap check before reading clauses
_SAYS_OFF = r"(?i)\b(?:off|disabl\w*|deactivat\w*|stop\w*|quit|shut|away|never|didn'?t|did\s+not)\b"


def settle_choice_off(text: str, calls, catalog: Catalog) -> list[Call]:
    """ "Add keys for Delivery Optimization and disable peering" chose peering on the local network: the one call of
    a choice that has a value doing nothing ("off", "disabled", "never", ...), where every clause that commands a
    state commands off and one of them names the setting (a word of its title, aliases or keywords), takes that
    value, unless the request names the chosen value itself ("change the lid action to turn off": Shut down)."""
    s = _the_one(calls, catalog, "choice") if re.search(_SAYS_OFF, text) else None
    nothing = next((v for v in s.choice_ids if v in (*_NOTHING, "disabled")), None) if s else None
    c = calls[0] if calls else None
    if nothing is None or c.value == nothing or _named(s, c.value, text):  # "change the lid action to turn off"
        return list(calls)
    commanding = commanded_switches(text)
    names = (_names_of(s) | _name_words(" ".join(s.keywords))) - _PRONOUNS
    said = {w for k, _ in commanding for w in re.findall(r"[a-z0-9]+", k.lower())}
    named = any(w == n or len(n) >= 4 and w.startswith(n) for w in said for n in names)  # "peering" of "peer"
    if commanding and not any(state for _, state in commanding) and named:
        return [replace(c, value=nothing)]
    return [c]


# Words that refuse, complain or leave out: a request with one may want the choice that does nothing
_NOT_WANTED = (
    r"(?i)\b(?:no|not|don'?t|doesn'?t|never|without|hate|annoy\w*|remove|get\s+rid|less|fewer|too|nothing|none|"
    r"keeps?)\b"
)
# The setting wished for right after the wish: "need high contrast" (not "want to close the laptop and ...")
_WISHED_FOR = r"(?i)\b(?:need|want|wanna|turn\s+on|enable|use)\s+(?:the\s+|a\s+|some\s+)?(\w+(?:\s+\w+)?)"


def settle_choice_wanted(text: str, calls, catalog: Catalog) -> list[Call]:
    """ "i need high contrast because of cataracts" chose no contrast theme: the one call of a choice set to its value
    that does nothing ("none", "off", ...), in a request that wishes for the setting by name right after "need",
    "want", "turn on", "enable" or "use", and says nothing that turns it off, refuses, complains or leaves out, opens
    its page, where the choice is made."""
    wished = " ".join(re.findall(_WISHED_FOR, text))
    s = _the_one(calls, catalog, "choice") if wished else None
    if s is None or calls[0].value not in (*_NOTHING, "disabled", "none") or _named(s, calls[0].value, text):
        return list(calls)
    if re.search(_SAYS_OFF, text) or re.search(_NOT_WANTED, text) or not _names_some(_names_of(s) - _PRONOUNS, wished):
        return list(calls)
    return [Call("open", page=s.page, confidence=calls[0].confidence)]


# Words that switch a setting or join its name, not words that name it ("Mute microphone": "microphone")
_NOT_NAMES = frozenset(
    "mute unmute muted off on show hide hidden block let turn enable enabled disable disabled allow use the a an of "
    "for to in into your my when i will or and with is".split()
)


def _names_of(s) -> set[str]:
    """The words that name setting `s`: its title's and aliases'."""
    return _name_words(" ".join((s.title, *s.aliases)))


def _name_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in _NOT_NAMES}


_LEAVES_OUT = r"(?i)\b(?:not|except|other\s+than|apart\s+from|excluding|leave)\b"
