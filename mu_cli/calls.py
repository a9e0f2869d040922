"""Calls and plans (the contract's JSON shapes) and value normalisation.

`normalize_value(setting, action, raw)` turns what people write ("max", "half", "5 min", "never", "on",
"20%") into a concrete value in the setting's domain, or raises ValueRefused with a one-line reason.
"""

from __future__ import annotations

import functools
import json
import math
import re
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from .catalog import Catalog, Setting
from .errors import UsageError, ValueRefused
from .slips import name_of


@dataclass(frozen=True)
class Call:
    action: str
    setting: str | None = None
    page: str | None = None
    value: Any = None
    target: str | None = None  # a device, for per-device settings
    confidence: float | None = field(default=None, compare=False)  # the model's, for this call alone

    def to_json(self) -> dict:
        if self.action == "open":
            out = {"action": "open", "page": self.page}
        else:
            out = {"action": self.action, "setting": self.setting, "value": self.value}
        if self.target:
            out["target"] = self.target
        if self.confidence is not None:
            out["confidence"] = round(self.confidence, 3)
        return out

    @classmethod
    def from_json(cls, data: dict) -> Call:
        return cls(data["action"], data.get("setting"), data.get("page"), data.get("value"), data.get("target"))


@dataclass(frozen=True)
class Candidate:
    setting: str | None
    page: str | None
    title: str
    score: float

    def to_json(self) -> dict:
        return {"setting": self.setting, "page": self.page, "title": self.title, "score": round(self.score, 3)}


class Word(str, Enum):
    """A closed set of names that are also the strings JSON and the journal carry (str() is the value)."""

    def __str__(self) -> str:
        return self.value


class Status(Word):
    """How a request resolved."""

    OK = "ok"
    NOT_UNDERSTOOD = "not_understood"
    AMBIGUOUS = "ambiguous"


class Route(Word):
    """What answered a request: the model, the lexical search, or a person picking among either's candidates."""

    MODEL = "model"
    SEARCH = "search"
    MODEL_CHOICE = "model+choice"
    SEARCH_CHOICE = "search+choice"

    @property
    def by_model(self) -> bool:
        return self in (Route.MODEL, Route.MODEL_CHOICE)

    def chosen(self) -> Route:
        """The route of a plan whose call a person picked from this route's candidates."""
        return Route.MODEL_CHOICE if self.by_model else Route.SEARCH_CHOICE


@dataclass(frozen=True)
class Plan:
    """What a request resolved to; `calls` empty means nothing to do (see `status`)."""

    query: str
    calls: tuple[Call, ...]
    confidence: float
    status: Status = Status.OK
    candidates: tuple[Candidate, ...] = ()
    route: Route = Route.SEARCH
    explanation: str = ""
    timings_ms: dict = field(default_factory=dict, compare=False)

    def to_json(self) -> dict:
        out = {
            "query": self.query,
            "calls": [c.to_json() for c in self.calls],
            "confidence": round(self.confidence, 3),
            "status": self.status,
            "route": self.route,
        }
        if self.candidates:
            out["candidates"] = [c.to_json() for c in self.candidates]
        if self.explanation:
            out["explanation"] = self.explanation
        if self.timings_ms:
            out["timings_ms"] = {k: round(v, 2) for k, v in self.timings_ms.items()}
        return out


# ---------------------------------------------------------------- words -> numbers
_UNITS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
        "sixteen seventeen eighteen nineteen".split()
    )
}
_TENS = {w: 10 * i for i, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()) if i > 1}
_ARTICLES = {"a": 1, "an": 1, "one": 1, "couple": 2, "few": 3, "half": 0.5, "quarter": 0.25}


# Why a request gave no call, where nothing more is known (a plan's explanation)
NO_CALL = "no confident call: not a setting this catalog can change"


def calls_key(calls) -> list[str]:
    """Calls (their JSON dicts) as comparable strings, order free and their confidences aside: whether two
    answers are the same answer."""
    return sorted(
        json.dumps({k: v for k, v in c.items() if k != "confidence"}, sort_keys=True, default=str) for c in calls
    )


def parse_number(text: str) -> float | None:
    """'70', '7.5', 'seventy', 'twenty five', 'a hundred' -> number; None if it is not one."""
    t = text.strip().lower().replace(",", "")
    if len(t) > 64:
        return None
    try:
        n = float(t)
        return n if math.isfinite(n) else None
    except ValueError:
        pass
    words = [w for w in re.split(r"[\s-]+", t) if w and w != "and"]
    if not words:
        return None
    total, current = 0.0, 0.0
    for w in words:
        if w in _UNITS:
            current += _UNITS[w]
        elif w in _TENS:
            current += _TENS[w]
        elif w == "hundred":
            current = (current or 1) * 100
        elif w == "thousand":
            total += (current or 1) * 1000
            current = 0
        elif w in ("a", "an") and len(words) > 1:
            current += 0
        else:
            return None
    return total + current


_DURATION_UNITS = [
    (r"h|hr|hrs|hour|hours", 3600),
    (r"m|min|mins|minute|minutes", 60),
    (r"s|sec|secs|second|seconds", 1),
]
_NEVER = {"never", "none", "off", "disabled", "disable", "no timeout", "0"}


def parse_duration(text: str, bare_unit: int = 60) -> int | None:
    """'5 min', 'an hour', '1h30m', '90 seconds', 'half an hour', 'never' -> seconds (never = 0).

    A bare number is read in `bare_unit` seconds (minutes by default: "sleep after 15")."""
    t = text.strip().lower()
    if len(t) > 64 or t.startswith("-"):  # no duration is that long to write, none is negative
        return None
    if t in _NEVER:
        return 0
    t = re.sub(r"\bhalf an? hour\b", "30 minutes", t)
    t = re.sub(r"(\d)\s*(h|hrs?|hours?)\s*(\d{1,2})\b(?!\s*[a-z.])", r"\1 hours \3 minutes", t)  # "1h30": 90 min
    t = re.sub(r"\b(an?|one) hour and a half\b", "90 minutes", t)
    total, found = 0.0, False
    for num, unit in re.findall(
        r"([\d.]+|[a-z]+(?:[\s-][a-z]+)*?)\s*(" + "|".join(u for u, _ in _DURATION_UNITS) + r")(?![a-z])", t
    ):
        n = parse_number(num) if num not in ("a", "an") else 1
        if n is None:
            return None
        secs = next(s for u, s in _DURATION_UNITS if re.fullmatch(u, unit))
        total += n * secs
        found = True
    if found:
        return int(round(total))
    n = parse_number(t)
    return None if n is None else int(round(n * bare_unit))


_MAX_WORDS = {
    "max",
    "maximum",
    "highest",
    "full",
    "fullest",
    "largest",
    "biggest",
    "loudest",
    "brightest",
    "all the way up",
    "top",
    "100 percent",
    "as high as possible",
    "fastest",
    "longest",
}
_MIN_WORDS = {
    "min",
    "minimum",
    "lowest",
    "smallest",
    "quietest",
    "dimmest",
    "all the way down",
    "zero",
    "bottom",
    "slowest",
    "shortest",
    "as low as possible",
}
_HALF_WORDS = {"half", "halfway", "middle", "50 percent", "medium", "mid"}


def names_a_level(text: str) -> bool:
    """Whether `text` names a level in words ("the max", "as low as possible", "halfway")."""
    return _names(text, (*_MAX_WORDS, *_MIN_WORDS, *_HALF_WORDS))


def level_named(text: str) -> str | None:
    """The one level a request names in words, as the word a value is normalised from ("to medium": "half"), or
    None for none or several ("from the max to half")."""
    named = [w for w, words in (("max", _MAX_WORDS), ("min", _MIN_WORDS), ("half", _HALF_WORDS)) if _names(text, words)]
    return named[0] if len(named) == 1 else None


def names_an_amount(text: str) -> bool:
    """Whether `text` names an amount of change in words ("a tad", "a lot")."""
    return _names(text, (*_A_BIT, *_A_LOT))


def _names(text: str, phrases) -> bool:
    words = _norm(re.sub(r"[^%\w\s-]", " ", text))  # "to full." names full
    plain = f" {words} "
    return any(f" {w} " in plain for w in phrases)


_A_BIT = {"a bit", "a little", "slightly", "a touch", "a tad", "bit", "little", "some", "a little bit"}
_A_LOT = {
    "a lot",
    "way more",
    "much",
    "lots",
    "a bunch",
    "way",
    "loads",
    "a ton",
    "way less",
    "much more",
    "much less",
    "a lot more",
    "a lot less",
}
_ON = {"true", "on", "yes", "enable", "enabled", "1", "active", "activate", "show", "start"}
_OFF = {"false", "off", "no", "disable", "disabled", "0", "inactive", "deactivate", "hide", "stop"}


def _norm(s: str) -> str:
    return re.sub(r"[\s_\-]+", " ", s.strip().lower())


def has_default(s: Setting) -> bool:
    """Whether "default" may stand for this setting's catalog default (not for text, nor where a choice is
    itself called "default")."""
    return s.kind != "text" and s.default is not None and "default" not in s.choice_ids


def normalize_value(setting: Setting, action: str, raw: Any) -> Any:
    """A concrete, in-domain value for `action` on `setting`, or ValueRefused."""
    if action not in setting.actions:
        raise ValueRefused(
            f"{setting.id} is a {setting.kind}: action {action!r} is not possible (use {', '.join(setting.actions)})"
        )
    if action in ("toggle", "get"):
        return None
    if action in ("increase", "decrease"):
        return _amount(setting, raw)
    if raw is None:
        raise ValueRefused(f"{setting.id}: a value is needed to set it")
    if isinstance(raw, float) and not math.isfinite(raw):
        raise ValueRefused(f"{setting.id}: {raw!r} is not a number it can take")
    if isinstance(raw, str) and any(ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 for ch in raw):
        raise ValueRefused(f"{setting.id}: the value holds control characters; give plain text")
    if isinstance(raw, str) and raw.strip().lower() == "default" and has_default(setting):
        raw = setting.default  # "reset it": the catalog's default value
    return {"toggle": _toggle, "range": _range, "duration": _duration, "choice": _choice, "text": _text}[setting.kind](
        setting, raw
    )


def _toggle(setting: Setting, raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    t = _norm(str(raw))
    if t in _ON:
        return True
    if t in _OFF:
        return False
    raise ValueRefused(f"{setting.id} is on/off: {raw!r} is neither")


def _range(setting: Setting, raw: Any) -> float | int:
    lo, hi = setting.min, setting.max
    if isinstance(raw, bool):
        raise ValueRefused(f"{setting.id} takes a number from {lo:g} to {hi:g}, not {raw!r}")
    if isinstance(raw, (int, float)):
        value = float(raw)
    else:
        t = _norm(str(raw)) if not str(raw).strip().startswith("-") else str(raw).strip()
        if t in _MAX_WORDS:
            return _tidy(hi)
        if t in _MIN_WORDS:
            return _tidy(lo)
        if t in _HALF_WORDS:
            value = 50.0 if setting.unit == "percent" and lo == 0 and hi == 100 else lo + (hi - lo) / 2
            return _tidy(_snap(setting, value))
        value = _number_with_unit(setting, t)
    if not lo <= value <= hi:
        raise ValueRefused(
            f"{setting.id}: {value:g} is outside {lo:g}..{hi:g}" + (f" {setting.unit}" if setting.unit else "")
        )
    return _tidy(_snap(setting, value))


def _number_with_unit(setting: Setting, t: str) -> float:
    m = re.fullmatch(r"(.+?)\s*(%|percent|per cent|pct|(?<![a-z])x|times)?", t)  # "six" is no "si" times
    number = parse_number(m.group(1)) if m else None
    if number is None:
        raise ValueRefused(f"{setting.id} takes a number from {setting.min:g} to {setting.max:g}, not {t!r}")
    unit = m.group(2)
    if unit in ("%", "percent", "per cent", "pct") and setting.unit != "percent":
        return setting.min + (setting.max - setting.min) * number / 100
    if unit in ("x", "times") and setting.unit == "percent":
        return number * 100
    return number


def _snap(setting: Setting, value: float) -> float:
    step = setting.step or 1
    base = setting.min or 0
    return base + round((value - base) / step) * step


def _tidy(value: float) -> int | float:
    return int(value) if float(value).is_integer() else round(value, 6)


def _duration(setting: Setting, raw: Any) -> int:
    if isinstance(raw, bool):
        raise ValueRefused(f"{setting.id} takes a duration such as '5 min' or 'never', not {raw!r}")
    if isinstance(raw, (int, float)):
        secs = int(round(raw))
    else:
        if str(raw).strip().startswith("-"):
            raise ValueRefused(f"{setting.id}: a duration cannot be negative ({raw!r})")
        t = _norm(str(raw))
        if t in _MAX_WORDS and setting.allowed:
            return max(setting.allowed)
        if t in _MIN_WORDS and setting.allowed:
            return min(a for a in setting.allowed if a) if any(setting.allowed) else 0
        parsed = parse_duration(t, 1)  # the contract's unit: a bare number is seconds ("600"), units say otherwise
        if parsed is None:
            raise ValueRefused(f"{setting.id} takes a duration such as '5 min', '1 hour' or 'never', not {raw!r}")
        secs = parsed
    if secs < 0:
        raise ValueRefused(f"{setting.id}: a duration cannot be negative ({raw!r})")
    if setting.max is not None and secs > setting.max:
        raise ValueRefused(f"{setting.id}: {secs} s is outside 0..{setting.max:g} s")
    if setting.allowed and secs not in setting.allowed:
        from .catalog import format_duration

        choices = ", ".join(format_duration(a) for a in setting.allowed)
        raise ValueRefused(f"{setting.id}: {format_duration(secs)} is not offered here (choose {choices})")
    return secs


def _choice(setting: Setting, raw: Any) -> str:
    t = _norm(str(raw).lower() if isinstance(raw, bool) else str(raw)).rstrip("%").strip()
    times = re.fullmatch(r"(\d+(?:\.\d+)?)\s*(?:x|times)", t)
    if times and all(c.label.endswith("%") for c in setting.values):
        t = f"{float(times.group(1)) * 100:g}"  # a choice of percents: "1.25x" is 125%
    for c in setting.values:
        names = [c.id, c.label, *c.aliases]
        if any(_norm(n).rstrip("%").strip() == t for n in names):
            return c.id
    raise ValueRefused(f"{setting.id}: {raw!r} is not one of {', '.join(setting.choice_ids)}")


def _text(setting: Setting, raw: Any) -> str:
    t = str(raw).strip()
    if not t or len(t) > 300 or any(ord(ch) < 32 for ch in t):
        raise ValueRefused(f"{setting.id}: text values must be 1-300 printable characters")
    check = _TEXT_DOMAINS.get(setting.id)
    return check(setting, t) if check else t


_RES_NAMES = {
    "720p": "1280x720",
    "hd": "1280x720",
    "1080p": "1920x1080",
    "full hd": "1920x1080",
    "fhd": "1920x1080",
    "1440p": "2560x1440",
    "qhd": "2560x1440",
    "2k": "2560x1440",
    "2160p": "3840x2160",
    "4k": "3840x2160",
    "uhd": "3840x2160",
}


def _resolution(setting: Setting, t: str) -> str:
    """ "1920 x 1080", "1920×1080", "1080p", "4k" -> "WxH"."""
    m = re.fullmatch(r"(\d{3,5})\s*(?:x|×|\*|by)\s*(\d{3,5})(?:\s*(?:px|pixels))?", t.lower())
    if m and all(200 <= int(side) <= 16384 for side in m.groups()):  # no display mode is smaller or larger (16K)
        return f"{int(m.group(1))}x{int(m.group(2))}"
    if t.lower() in _RES_NAMES:
        return _RES_NAMES[t.lower()]
    raise ValueRefused(f"{setting.id}: {t!r} is no resolution; write it as WIDTHxHEIGHT, e.g. 1920x1080")


def _refresh_rate(setting: Setting, t: str) -> str:
    m = re.fullmatch(r"(\d{2,3})(?:\.\d+)?\s*(?:hz|hertz)?", t.lower())
    if not m or not 20 <= int(m.group(1)) <= 600:
        raise ValueRefused(f"{setting.id}: {t!r} is no refresh rate; give it in Hz, e.g. 144")
    return m.group(1)


# Colours by name, as CSS names them (a hex colour is written "#rrggbb")
_COLORS = {
    "black": "#000000", "white": "#ffffff", "red": "#ff0000", "green": "#008000", "blue": "#0000ff",
    "yellow": "#ffff00", "orange": "#ffa500", "purple": "#800080", "pink": "#ffc0cb", "brown": "#a52a2a",
    "gray": "#808080", "grey": "#808080", "navy": "#000080", "teal": "#008080", "maroon": "#800000",
    "olive": "#808000", "lime": "#00ff00", "aqua": "#00ffff", "cyan": "#00ffff", "magenta": "#ff00ff",
    "fuchsia": "#ff00ff", "silver": "#c0c0c0", "gold": "#ffd700", "beige": "#f5f5dc", "indigo": "#4b0082",
    "violet": "#ee82ee", "turquoise": "#40e0d0", "coral": "#ff7f50", "salmon": "#fa8072", "crimson": "#dc143c",
    "lavender": "#e6e6fa", "khaki": "#f0e68c", "tan": "#d2b48c", "ivory": "#fffff0", "plum": "#dda0dd",
    "orchid": "#da70d6", "tomato": "#ff6347", "chocolate": "#d2691e", "sienna": "#a0522d", "slate gray": "#708090",
    "dark blue": "#00008b", "dark green": "#006400", "dark red": "#8b0000", "dark gray": "#a9a9a9",
    "dark grey": "#a9a9a9", "light blue": "#add8e6", "light green": "#90ee90", "light gray": "#d3d3d3",
    "light grey": "#d3d3d3", "sky blue": "#87ceeb", "midnight blue": "#191970", "royal blue": "#4169e1",
    "forest green": "#228b22", "sea green": "#2e8b57", "steel blue": "#4682b4", "hot pink": "#ff69b4",
}  # fmt: skip


def _color(setting: Setting, t: str) -> str:
    """ "#023C88", "#fff", "navy", "dark blue" -> "#rrggbb"."""
    low = " ".join(t.lower().replace("-", " ").split())
    m = re.fullmatch(r"#([0-9a-f]{6}|[0-9a-f]{3})|([0-9a-f]{6})", low)
    if m and (m.group(1) or re.search(r"\d", low) and re.search(r"[a-f]", low)):  # "#fff", "023c88"; not "180"
        h = m.group(1) or m.group(2)
        return "#" + (h if len(h) == 6 else "".join(ch * 2 for ch in h))
    if low in _COLORS:
        return _COLORS[low]
    raise ValueRefused(f"{setting.id}: {t!r} is no colour; give a name (navy, dark green) or a hex colour (#023c88)")


_IP = re.compile(r"(?:\d{1,3}\.){3}\d{1,3}|[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}", re.I)


# public resolvers by the names people give them: their primary and secondary IPv4 addresses
_DNS_PROVIDERS = {
    "cloudflare": "1.1.1.1, 1.0.0.1",
    "google": "8.8.8.8, 8.8.4.4",
    "quad9": "9.9.9.9, 149.112.112.112",
    "opendns": "208.67.222.222, 208.67.220.220",
    "adguard": "94.140.14.14, 94.140.15.15",
}


def _dns_servers(setting: Setting, t: str) -> str:
    """ "1.1.1.1,1.0.0.1" / "8.8.8.8 8.8.4.4" -> "1.1.1.1, 1.0.0.1"; "automatic" (from DHCP); a public resolver
    by name ("Cloudflare's", "Google DNS") -> its two addresses."""
    low = t.lower()
    if low in ("automatic", "auto", "dhcp", "default"):
        return "automatic"
    name = re.sub(r"('s|’s)$", "", re.sub(r"\s+(public\s+)?dns$", "", low.strip())).replace(" ", "")
    if name in _DNS_PROVIDERS:
        return _DNS_PROVIDERS[name]
    parts = [x for x in re.split(r"[\s,;]+", t) if x]
    if not parts or not all(
        _IP.fullmatch(x) and all(int(n) < 256 for n in x.split(".") if n.isdigit() and "." in x) for x in parts
    ):
        raise ValueRefused(f"{setting.id}: {t!r} is no list of DNS server addresses, e.g. 1.1.1.1, 1.0.0.1")
    return ", ".join(parts)


_TZ_ABBREV = {
    "utc": "UTC",
    "gmt": "GMT",
    "z": "UTC",
    "zulu": "UTC",
    "pst": "Pacific Standard Time",
    "pdt": "Pacific Standard Time",
    "pt": "Pacific Standard Time",
    "mst": "Mountain Standard Time",
    "mdt": "Mountain Standard Time",
    "cst": "Central Standard Time",
    "cdt": "Central Standard Time",
    "est": "Eastern Standard Time",
    "edt": "Eastern Standard Time",
    "et": "Eastern Standard Time",
    "akst": "Alaskan Standard Time",
    "hst": "Hawaiian Standard Time",
    "cet": "W. Europe Standard Time",
    "cest": "W. Europe Standard Time",
    "bst": "GMT Standard Time",
    "ist": "India Standard Time",
    "jst": "Tokyo Standard Time",
    "aest": "AUS Eastern Standard Time",
    "kst": "Korea Standard Time",
    "hawaii": "Hawaiian Standard Time",  # states that are one zone of their own, as people name them
    "alaska": "Alaskan Standard Time",
}


def _time_zone(setting: Setting, t: str) -> str:
    """An IANA zone in its own spelling ("europe/berlin" -> "Europe/Berlin", a city alone -> its zone), a Windows
    zone name ("Pacific Standard Time"), UTC/GMT or a UTC offset; anything else is refused."""
    low = " ".join(t.lower().replace("_", " ").split())
    if low in _TZ_ABBREV:
        return _TZ_ABBREV[low]
    if re.fullmatch(r"(?:utc|gmt)\s*[+-]\s*\d{1,2}(?::?\d{2})?", low):
        if not re.search(r"[1-9]", low):  # "UTC+0", "GMT-00:00": UTC itself
            return "UTC"
        return t.upper().replace(" ", "")
    if re.fullmatch(r"[a-z][a-z .'-]* standard time(?: \([a-z .]+\))?", low):
        return " ".join(w[:1].upper() + w[1:] for w in t.split())  # a Windows zone id, as Windows spells it
    american = _american_zone(low)
    if american:
        return american
    zones = _iana_zones()
    if not zones:  # no time zone database here: nothing to check against
        return t
    key = low.replace(" ", "_")
    key = name_of(key, _zone_keys()) or key  # "ameerica/new_york"
    if key in zones:
        return zones[key]
    city = _city_zone(key)
    if city:
        return city
    raise ValueRefused(
        f"{setting.id}: {t!r} is no time zone; give an IANA name (Europe/Berlin) or a Windows one "
        "(Pacific Standard Time)"
    )


_AMERICAN_ZONES = frozenset("pacific mountain central eastern atlantic alaska alaskan hawaii hawaiian".split())


def _american_zone(low: str) -> str | None:
    """North America's zones as people name them ("pacific time", "Pacifc Daylight Time") -> their Windows ids."""
    m = re.fullmatch(r"([a-z]+)(?: daylight)? time", low)
    name = m and name_of(m.group(1), _AMERICAN_ZONES)
    if not name:
        return None
    name = {"alaska": "alaskan", "hawaii": "hawaiian"}.get(name, name)
    return f"{name.capitalize()} Standard Time"


def _city_zone(key: str) -> str | None:
    """The zone of a city named alone ("berlin", a slip of it: "berln"): a zone of a region, not a legacy alias's
    last word ("Brazil/East", "US/Pacific")."""
    cities, names = _cities()
    found = cities.get(name_of(key, names) or "")
    return found[0] if found and len(found) == 1 else None


@functools.cache
def _cities() -> tuple[dict[str, list[str]], frozenset[str]]:
    cities: dict[str, list[str]] = {}
    for k, z in _iana_zones().items():
        if k.split("/", 1)[0] in _TZ_REGIONS:
            cities.setdefault(k.rsplit("/", 1)[-1], []).append(z)
    return cities, frozenset(cities)


_TZ_REGIONS = {"africa", "america", "antarctica", "asia", "atlantic", "australia", "europe", "indian", "pacific"}
_ZONES: dict[str, str] | None = None


@functools.cache
def _zone_keys() -> frozenset[str]:
    return frozenset(_iana_zones())


def _iana_zones() -> dict[str, str]:
    global _ZONES
    if _ZONES is None:
        try:
            import zoneinfo

            _ZONES = {z.lower(): z for z in zoneinfo.available_timezones()}
        except Exception:  # noqa: BLE001 - no database on this system
            _ZONES = {}
    return _ZONES


# Web browsers by the names people give them -> the short name the catalog uses ("firefox", "chrome", ...).
_BROWSERS = {
    "chrome": ("google chrome", "chrome", "google-chrome", "chrome browser"),
    "chromium": ("chromium", "chromium browser", "chromium-browser"),
    "firefox": ("firefox", "mozilla firefox", "firefox browser", "mozilla"),
    "edge": ("edge", "microsoft edge", "ms edge", "msedge", "edge browser"),
    "brave": ("brave", "brave browser"),
    "opera": ("opera", "opera gx", "opera browser"),
    "vivaldi": ("vivaldi",),
    "safari": ("safari",),
    "epiphany": ("epiphany", "gnome web"),
    "librewolf": ("librewolf",),
    "waterfox": ("waterfox",),
    "floorp": ("floorp",),
    "tor browser": ("tor browser", "tor"),
    "falkon": ("falkon",),
    "konqueror": ("konqueror",),
    "midori": ("midori",),
    "yandex browser": ("yandex browser", "yandex"),
    "arc": ("arc", "arc browser"),
    "zen": ("zen", "zen browser"),
    "qutebrowser": ("qutebrowser",),
    "internet explorer": ("internet explorer", "ie"),
}
_BROWSER_NAMES = {name: short for short, names in _BROWSERS.items() for name in names}
_BROWSER_KEYS = frozenset(_BROWSER_NAMES)
# Terminals by their usual names -> the program that runs them.
_TERMINALS = {
    "gnome terminal": "gnome-terminal",
    "console": "kgx",
    "gnome console": "kgx",
    "windows terminal": "wt",
    "xfce terminal": "xfce4-terminal",
    "xfce4 terminal": "xfce4-terminal",
    "mate terminal": "mate-terminal",
    "lxterminal": "lxterminal",
}


def _browser(setting: Setting, t: str) -> str:
    """A web browser's name ("Google Chrome", "firefox") -> its short name; anything else (a search engine, a
    site) is refused."""
    low = " ".join(t.lower().replace("_", " ").split())
    low = name_of(low, _BROWSER_KEYS) or low  # "chhrome"
    if low in _BROWSER_NAMES:
        return _BROWSER_NAMES[low]
    raise ValueRefused(f"{setting.id}: {t!r} is no web browser this mu knows (e.g. firefox, chrome, edge, brave)")


def _terminal(setting: Setting, t: str) -> str:
    """A terminal's name ("GNOME Terminal") -> its program; else one program name (alacritty, kitty, tilix)."""
    low = " ".join(t.lower().split())
    if low in _TERMINALS:
        return _TERMINALS[low]
    if re.fullmatch(r"[a-z0-9][a-z0-9._+-]*", low) and low not in _NO_PROGRAM:
        return low
    raise ValueRefused(f"{setting.id}: {t!r} is no terminal program, e.g. gnome-terminal, kgx, tilix")


# Words a request says around a program's name that name no program ("configure the terminal ...", "the default")
_NO_PROGRAM = frozenset(
    "default configure terminal terminals shell console emulator app application program settings setting new old "
    "the my a an to use set change make it this that one".split()
)


def _computer_name(setting: Setting, t: str) -> str:
    """A computer's name as Windows and DNS take it: 1-15 letters, digits and hyphens (NetBIOS's length), not
    digits alone, no hyphen at either end (a name a tool would read as an option, "-rf", is none)."""
    name = t.strip("\"'")
    if re.fullmatch(r"(?![\d-]*$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,13}[A-Za-z0-9])?", name):
        return name
    raise ValueRefused(
        f"{setting.id}: {t!r} is no computer name; use 1-15 letters, digits and hyphens (not at either end)"
    )


# What a desktop shows as a picture: image files, and GNOME's timed slideshows (.xml)
_PICTURE_TYPES = tuple(
    f".{t}" for t in "png jpg jpeg jfif gif bmp dib webp svg svgz jxl heic heif avif tif tiff ico xml".split()
)


# Where a path or URL starts: "~", "/", "./", "C:\\", "https://"
_PATH_START = re.compile(r"~|\.{0,2}[/\\]|[a-z]:[/\\]|[a-z]+://", re.I)


def _picture(setting: Setting, t: str) -> str:
    """A picture file (a path or a URL ending in an image type): a folder, a document or a name is refused, and so
    is a path with words before it ("use ~/Pictures/My Wallpapers/sea.png": the path starts at "~")."""
    path = t.strip("\"'")
    first, *later = path.split() or [""]
    if any(_PATH_START.match(w) for w in later) and not _PATH_START.match(first):
        raise ValueRefused(f"{setting.id}: {t!r} is no picture file; the path starts later")
    if path.lower().endswith(_PICTURE_TYPES):
        return path
    raise ValueRefused(f"{setting.id}: {t!r} is no picture file; give a path such as ~/Pictures/lake.jpg")


# Two-letter codes that are also English words: in lower case they are the words ("is there a bus stop ... i can
# use" set the country to Iceland), in capitals the codes ("IS", "IN", "IT"); "us" is the US layout people type
_WORD_CODES = frozenset("is in it no to be me my am as at by do he hi id la ma na ne or pa so we an on of".split())


def _by_locales(check: str):
    """A text domain checked by mu_cli.locales' `check` (imported only when such a value comes)."""

    def domain(setting: Setting, t: str) -> str:
        from . import locales

        if t.strip() in _WORD_CODES:
            raise ValueRefused(f"{setting.id}: {t.strip()!r} is a word; write the code in capitals or the name")
        return getattr(locales, check)(t, setting.id)

    domain.locale = True  # a language, format, country or layout: names of several words
    return domain


def only_of(setting: Setting, value: str, settings) -> bool:
    """Whether text `value` has `setting`'s own form and no other setting's ("Dvorak" is a keyboard layout and no
    language, "1920x1080" a resolution): a value that says by itself which setting it is."""
    own = _TEXT_DOMAINS.get(setting.id)
    if own is None or sum(f is own for f in _TEXT_DOMAINS.values()) > 1 or domain_value(setting, value) is None:
        return False  # pictures: a wallpaper's or a lock screen's alike
    return all(
        domain_value(settings[sid], value) is None for sid in _TEXT_DOMAINS if sid in settings and sid != setting.id
    )


def names_a_locale(setting: Setting) -> bool:
    """Whether `setting` takes a language, regional format, country or keyboard layout by name."""
    return getattr(_TEXT_DOMAINS.get(setting.id), "locale", False)


def domain_value(setting: Setting, span: str) -> str | None:
    """`span` as a value of a text setting whose values have a form to check (a resolution, a time zone, a
    language ...), normalised; None when it is no such value or the setting takes free text, any program name or
    any computer name."""
    check = _TEXT_DOMAINS.get(setting.id)
    if check is None or check in (_terminal, _computer_name):  # any word could be one: never guessed
        return None
    try:
        return check(setting, span)
    except ValueRefused:
        return None


# A symbol by its name: "use a comma as the decimal separator", "make the list separator a semicolon"
_SYMBOL_NAMES = {
    "comma": ",",
    "period": ".",
    "dot": ".",
    "full stop": ".",
    "semicolon": ";",
    "semi-colon": ";",
    "colon": ":",
    "space": " ",
    "apostrophe": "'",
    "pipe": "|",
    "vertical bar": "|",
    "slash": "/",
    "hyphen": "-",
    "dash": "-",
    "underscore": "_",
}


def _symbol(setting: Setting, t: str) -> str:
    """A separator: one character that is no letter or digit (",", ";", "."), or a symbol's name ("comma", "a
    semicolon", "full stop"; not "point", which names the decimal point itself)."""
    named = re.sub(r"(?i)^(?:an?|the)\s+", "", t.strip()).lower()
    if named in _SYMBOL_NAMES:
        return _SYMBOL_NAMES[named]
    if len(t) == 1 and not t.isalnum():
        return t
    raise ValueRefused(f"{setting.id}: {t!r} is no separator; write the character (',' or '.') or its name (comma)")


_TEXT_DOMAINS = {
    "language.display_language": _by_locales("language_name"),
    "language.regional_format": _by_locales("format_name"),
    "language.system_locale": _by_locales("format_name"),
    "language.country": _by_locales("country_name"),
    "keyboard.layout": _by_locales("layout_name"),
    "personalization.wallpaper": _picture,
    "personalization.wallpaper_dark": _picture,
    "lockscreen.background": _picture,
    "personalization.background_color": _color,
    "display.resolution": _resolution,
    "display.refresh_rate": _refresh_rate,
    "network.dns_servers": _dns_servers,
    "time.time_zone": _time_zone,
    "apps.default_browser": _browser,
    "apps.default_terminal": _terminal,
    "system.computer_name": _computer_name,
    "region.decimal_symbol": _symbol,
    "region.list_separator": _symbol,
    "region.currency_decimal_symbol": _symbol,
}


def _amount(setting: Setting, raw: Any) -> Any:
    """Increase/decrease amount in the setting's unit; None = the default step."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise ValueRefused(f"{setting.id}: an amount must be a number, not {raw!r}")
    if isinstance(raw, float) and not math.isfinite(raw) or isinstance(raw, str) and raw.strip().startswith("-"):
        raise ValueRefused(f"{setting.id}: an amount must be a positive number, not {raw!r}")
    if isinstance(raw, str):
        if any(ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 for ch in raw):
            raise ValueRefused(f"{setting.id}: the amount holds control characters; give plain text")
        t = _norm(raw)
        if t in _A_BIT:
            return None
        if t in _A_LOT:
            return _tidy(setting.step_amount() * 3)
        raw = parse_duration(t, 1) if setting.kind == "duration" else _number_with_unit(setting, t)
        if raw is None:
            raise ValueRefused(f"{setting.id}: cannot read the amount {t!r}")
    if raw <= 0:
        raise ValueRefused(f"{setting.id}: an amount must be positive")
    return _tidy(raw)


def resolve_relative(setting: Setting, action: str, amount: Any, current: Any) -> Any:
    """The concrete new value of an increase/decrease, clamped to the domain."""
    step = amount if amount is not None else setting.step_amount()
    if current is None:
        current = setting.default
    value = current + step if action == "increase" else current - step
    if setting.kind == "duration":
        value = max(0, int(value))
        if setting.allowed:
            pool = [a for a in setting.allowed if (a > current if action == "increase" else a < current)] or [current]
            value = min(pool, key=lambda a: abs(a - value))
        if setting.max is not None:
            value = min(value, int(setting.max))
        return value
    return _tidy(_snap(setting, min(max(value, setting.min), setting.max)))


def parse_assignment(text: str, catalog: Catalog) -> Call | None:
    """`display.brightness=70`, `sound.volume+=10`, `sound.mute=toggle` -> Call; None if not one."""
    m = re.fullmatch(r"\s*([a-z][a-z0-9_]*\.[a-z][a-z0-9_]*)\s*(\+=|-=|=)\s*(.*?)\s*", text, re.S)
    if not m:
        return None
    sid, op, raw = m.groups()
    setting = catalog.setting(sid)
    if setting is None:
        import difflib

        area, name = sid.split(".", 1)

        def score(i: str) -> float:  # the name's words count most: "network.bluetooth" -> bluetooth.enabled
            words = set(re.split(r"[._]", i))
            return (
                2 * len(words & set(name.split("_"))) + (area in words) + difflib.SequenceMatcher(None, sid, i).ratio()
            )

        near = [i for i in sorted(catalog.settings, key=score, reverse=True)[:3] if score(i) >= 1.7]
        hint = f"; did you mean {' or '.join(near)}?" if near else " (see `mu settings`)"
        raise UsageError(f"unknown setting id {sid!r}{hint}")
    target = None
    if "@" in raw:
        raw, target = (part.strip() for part in raw.rsplit("@", 1))
    if op != "=":
        action = "increase" if op == "+=" else "decrease"
        return Call(action, sid, value=normalize_value(setting, action, raw or None), target=target)
    if raw.lower() == "toggle":
        normalize_value(setting, "toggle", None)  # only an on/off setting toggles
        return Call("toggle", sid, target=target)
    if raw == "":
        raise ValueRefused(f"{sid}: a value is needed after '='")
    return Call("set", sid, value=normalize_value(setting, "set", raw), target=target)
