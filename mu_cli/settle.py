"""A model's values squared with what the request states: "up to 90" is a set, "after 30 sec" keeps its unit, and
a number the grammar could not write (150 on a 0-100 scale, -5) is the request's or refused, never written cut."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import NamedTuple

from .calls import Call, normalize_value, parse_duration, parse_number
from .catalog import Catalog
from .errors import ValueRefused


def settle_relative(text: str, calls, catalog: Catalog) -> list[Call]:
    """ "Turn the mic volume up to 90" names where to go, not how far: an increase/decrease of a range whose
    amount the request introduces with "to" (and never with "by") is a set to that value."""
    out, low = [], text.lower()
    for c in calls:
        s = catalog.settings.get(c.setting or "")
        if c.action in ("increase", "decrease") and c.value is not None and s is not None and s.kind == "range":
            n = re.escape(f"{c.value:g}")
            if re.search(rf"\bto\s+(?:about\s+|around\s+)?{n}(?![\d.])", low) and not re.search(
                rf"\bby\s+(?:about\s+|around\s+)?{n}(?![\d.])", low
            ):
                c = replace(c, action="set")
        out.append(c)
    return out


_STATED_DURATION = r"(?i)\b(\d+)\s*(seconds?|secs?|minutes?|mins?|hours?|hrs?)\b"


def settle_units(text: str, calls, catalog: Catalog) -> list[Call]:
    """ "Blank the screen after 30 sec": a duration the model wrote with the request's number in another unit
    (30 minutes) is the one the request states."""
    if not any(getattr(catalog.settings.get(c.setting or ""), "kind", "") == "duration" for c in calls):
        return list(calls)  # nothing to square: most requests
    stated: dict[int, set[int]] = {}
    for num, unit in re.findall(_STATED_DURATION, text):
        stated.setdefault(int(num), set()).add(parse_duration(f"{num} {unit}"))
    said = {secs for values in stated.values() for secs in values}
    out = []
    for c in calls:
        s = catalog.settings.get(c.setting or "")
        if s is not None and s.kind == "duration" and c.action == "set" and isinstance(c.value, int):
            meant = [v for n, vs in stated.items() for v in vs if c.value in (n, n * 60, n * 3600) and len(vs) == 1]
            if c.value not in said and len(meant) == 1:
                try:
                    c = replace(c, value=normalize_value(s, "set", meant[0]))
                except ValueRefused:
                    pass  # the stated one is outside the setting's domain: the model's stands
        out.append(c)
    return out


# A number as the request writes it: its sign, digits with a decimal part or separators, and a mark after it
# that changes its meaning ("50%", "1.5x"); not one inside a word or a date ("1080p", "2023-11"). Or in words:
# "twenty", "a hundred and fifty" (not "one" of "one and a half").
_WRITTEN_NUMBER = r"(?i)(?<![\w.,-])(-?\d+(?:[.,]\d+)*)(\s*(?:%|percent\b|x\b))?(?!\w)"
_NUMBER_WORD = (
    r"(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
    r"seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand)"
)
_WORDED_NUMBER = (
    rf"(?i)\b((?:an?\s+)?{_NUMBER_WORD}(?:(?:\s+and\s+|[\s-]+){_NUMBER_WORD})*)\b(\s*(?:%|percent\b))?"
    r"(?!\s+(?:and\s+)?an?\s+half)"
)
# A request to go back to the default (the model writes the catalog's default, no number of the request's)
_RESET = r"(?i)\b(?:reset|default|normal|original|restore|usual)\b"
# What introduces a value: "to 300%", "at 20", "older than 90 days", "after 10", "every 7", "for 5", "size=300"
_INTRODUCED = r"(?i)\b(?:to|at|than|after|every|for)\s*$|=\s*$"


_TIME_OF_DAY = r"(?i)\s*(?:am|pm|a\.m\.|p\.m\.|o'clock)\b"  # "at eleven am" sets no value


class Written(NamedTuple):
    """A number the request writes: as written (sign and mark too), its number, and whether a word introduces it
    as a value."""

    literal: str
    number: float
    introduced: bool


def written_numbers(text: str) -> list[Written]:
    """The numbers a request writes, in digits or in words."""
    out = []
    for pattern in (_WRITTEN_NUMBER, _WORDED_NUMBER):
        for m in re.finditer(pattern, text):
            n = parse_number(m.group(1))
            if n is not None and not re.match(_TIME_OF_DAY, text[m.end() :]):
                out.append(Written(m.group(0), n, re.search(_INTRODUCED, text[: m.start()]) is not None))
    return out


def settle_numbers(text: str, calls, catalog: Catalog) -> list[Call]:
    """ "Set the brightness to 150": the grammar lets the model write only values the setting can take, so a
    number outside its domain comes out cut (150 -> 15, "twenty" -> 2), without its sign or point (-5 -> 5,
    2.5 -> 25), or as another value (300% -> 130). A value set that is none of the request's numbers stands for
    the one introduced as a value ("to 150") whose digits it begins, normalised as an assignment would be (2.5 ->
    2 on a whole-number scale), else for the one out-of-domain number introduced as a value ("to 300%", "than 90
    days"): such a number is refused (ValueRefused), never written as another. Numbers another call of the
    request takes are that call's."""
    if re.search(_RESET, text):
        return list(calls)  # "reset it to normal": the catalog's default, a number the request need not write
    written, out = written_numbers(text), []
    for c in calls:
        s = catalog.settings.get(c.setting or "")
        if s is not None and c.action == "set" and written and _numeric(s, c.value):
            free = [w for w in written if not any(_takes(catalog, o, w) for o in calls if o is not c)]
            c = replace(c, value=_stated_value(s, c.value, free))
        out.append(c)
    return out


def _numeric(s, value) -> bool:
    """Whether `value` of `s` is a number the model wrote: a range's or duration's, or a choice of numbers."""
    if s.kind == "choice":  # "100%" on a scale, not "14 days": "two months" is one of those
        return all(re.fullmatch(r"\d+\s*%?", c.label) for c in s.values)
    return s.kind in ("range", "duration") and isinstance(value, (int, float)) and not isinstance(value, bool)


def _takes(catalog: Catalog, call: Call, w: Written) -> bool:
    """Whether `call`'s value is the number `w` ("1440" of a resolution "1440x900" too)."""
    s = catalog.settings.get(call.setting or "")
    if s is None or call.value is None or isinstance(call.value, bool):
        return False
    if s.kind == "text":
        return re.sub(r"\D", "", w.literal) in str(call.value)
    try:
        return normalize_value(s, "set", w.literal) == call.value or w.number == call.value
    except ValueRefused:
        return False


def _stated_value(s, value, written: list[Written]):
    """`value` (set on `s` by the model) squared with the numbers the request writes; see settle_numbers."""
    if s.kind == "duration":  # "-5 minutes": a sign the grammar cannot write
        if any(w.number < 0 and value in {-w.number * k for k in (1, 60, 3600)} for w in written):
            raise ValueRefused(f"{s.id}: a duration cannot be negative")
        return value
    own, cut, refused = re.sub(r"\D", "", str(value if s.kind == "choice" else f"{value:g}")), set(), {}
    for w in written:
        try:
            if normalize_value(s, "set", w.literal) == value or w.number == float(value):
                return value  # a number the request writes
        except ValueRefused as exc:
            if w.introduced:
                refused[w.literal] = exc
        if w.introduced and re.sub(r"\D", "", f"{abs(w.number):g}").startswith(own):
            cut.add(w.literal)
    if len(cut) == 1:
        return normalize_value(s, "set", cut.pop())
    if len(refused) == 1:
        raise refused.popitem()[1]
    return value


def settle(text: str, calls, catalog: Catalog) -> list[Call]:
    """The calls' values squared with what the request states (settle_relative, settle_units, settle_numbers)."""
    return settle_numbers(text, settle_units(text, settle_relative(text, calls, catalog), catalog), catalog)
