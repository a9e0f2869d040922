"""GVariant text, as `gsettings get` prints it and `gsettings set` parses it.

Only what GSettings keys use: booleans, numbers (with their `uint32 300` annotations), strings in
either quote style, arrays, tuples, dicts and variants. `KeyType` is what `gsettings range` reports
about a key; `format_value` turns a Python value into text of that type, refusing out-of-range values
before anything is written.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

# Keywords g_variant_print puts before numbers whose type is not the default (int32/double).
_TYPE_WORDS = {
    "boolean",
    "byte",
    "int16",
    "uint16",
    "int32",
    "uint32",
    "int64",
    "uint64",
    "handle",
    "double",
    "string",
    "objectpath",
    "signature",
}
_NUMBER = re.compile(r"[-+]?(0x[0-9a-fA-F]+|(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?|inf|nan)")
_ESCAPES = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v"}
_INT_BOUNDS = {
    "y": (0, 2**8 - 1),
    "n": (-(2**15), 2**15 - 1),
    "q": (0, 2**16 - 1),
    "i": (-(2**31), 2**31 - 1),
    "u": (0, 2**32 - 1),
    "x": (-(2**63), 2**63 - 1),
    "t": (0, 2**64 - 1),
}
# Types `format_value` can write; keys of other types (a(ss), a{sv}, ...) are reported unsupported.
WRITABLE = set(_INT_BOUNDS) | {"b", "d", "s", "enum", "flags", "as"}


class GVariantError(ValueError):
    """Text that is not GVariant, or a value that does not fit the key's type or range."""


def parse(text: str) -> Any:
    """GVariant text -> Python: bool, int, float, str, list, tuple, dict (None for `nothing`)."""
    parser = _Parser(text.strip())
    value = parser.value()
    parser.skip()
    if parser.pos != len(parser.text):
        raise GVariantError(f"unexpected text after value: {parser.text[parser.pos :]!r}")
    return value


class _Parser:
    def __init__(self, text: str):
        self.text, self.pos = text, 0

    def skip(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos].isspace():
            self.pos += 1

    def peek(self) -> str:
        self.skip()
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def word(self) -> str:
        m = re.compile(r"[A-Za-z_]\w*").match(self.text, self.pos)
        return m.group(0) if m else ""

    def value(self) -> Any:
        c = self.peek()
        if c == "@":  # type annotation: `@as []`, `@a(ss) []`
            end = self.text.find(" ", self.pos)
            self.pos = len(self.text) if end < 0 else end
            return self.value()
        if c in "'\"":
            return self.string(c)
        if c in "[(":
            return self.sequence(c)
        if c == "{":
            return dict(self.sequence("{"))
        if c == "<":
            self.pos += 1
            inner = self.value()
            self.expect(">")
            return inner
        return self.atom()

    def atom(self) -> Any:
        word = self.word()
        if word in ("true", "false"):
            self.pos += len(word)
            return word == "true"
        if word == "nothing":
            self.pos += len(word)
            return None
        if word in ("just",) or word in _TYPE_WORDS:
            self.pos += len(word)
            return self.value()
        m = _NUMBER.match(self.text, self.pos)
        if not m:
            raise GVariantError(f"cannot parse GVariant at {self.text[self.pos :]!r}")
        self.pos = m.end()
        token = m.group(0)
        if token.lower().lstrip("+-").startswith("0x"):
            return int(token, 16)
        return float(token) if any(ch in token for ch in ".eEn") else int(token)

    def sequence(self, opener: str) -> Any:
        closer = {"[": "]", "(": ")", "{": "}"}[opener]
        self.pos += 1
        items: list = []
        while self.peek() != closer:
            if not self.peek():
                raise GVariantError(f"missing {closer!r}")
            item = self.value()
            if opener == "{":  # a dict `{k: v, ...}` or a single dict entry `{k, v}`
                if self.peek() in (":", ","):
                    self.pos += 1
                item = (item, self.value())
            items.append(item)
            if self.peek() == ",":
                self.pos += 1
        self.pos += 1
        return tuple(items) if opener == "(" else items

    def expect(self, ch: str) -> None:
        if self.peek() != ch:
            raise GVariantError(f"expected {ch!r} at {self.text[self.pos :]!r}")
        self.pos += 1

    def string(self, quote: str) -> str:
        out, i, text = [], self.pos + 1, self.text
        while i < len(text) and text[i] != quote:
            if text[i] == "\\" and i + 1 < len(text):
                ch, i = text[i + 1], i + 2
                if ch in "uU":
                    width = 4 if ch == "u" else 8
                    out.append(chr(int(text[i : i + width], 16)))
                    i += width
                else:
                    out.append(_ESCAPES.get(ch, ch))  # \' \" \\ and unknown escapes stand for the char
            else:
                out.append(text[i])
                i += 1
        if i >= len(text):
            raise GVariantError("unterminated string")
        self.pos = i + 1
        return "".join(out)


def quote(text: str) -> str:
    """A GVariant string literal that parses back to exactly `text` (quotes, backslashes, controls)."""
    out = []
    for ch in text:
        if ch in "\\'":
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return "'" + "".join(out) + "'"


@dataclass(frozen=True)
class KeyType:
    """A key's type per `gsettings range`: a type code, or enum/flags with their nicks."""

    code: str
    choices: tuple[str, ...] = ()
    lo: float | None = None
    hi: float | None = None

    @property
    def writable(self) -> bool:
        return self.code in WRITABLE


def parse_range(text: str) -> KeyType:
    """`gsettings range` output: "type u", "range d 0.5 3.0", or "enum"/"flags" then one nick a line."""
    lines = [ln.strip() for ln in text.strip().splitlines() if ln.strip()]
    if not lines:
        raise GVariantError("empty gsettings range output")
    head = lines[0].split()
    if head[0] in ("enum", "flags"):
        return KeyType(head[0], tuple(str(parse(ln)) for ln in lines[1:]))
    if head[0] == "type" and len(head) == 2:
        return KeyType(head[1])
    if head[0] == "range" and len(head) == 4:
        return KeyType(head[1], lo=parse(head[2]), hi=parse(head[3]))
    raise GVariantError(f"unknown gsettings range output: {lines[0]!r}")


def format_value(kt: KeyType, value: Any) -> str:
    """`value` as GVariant text of the key's type; GVariantError when it does not fit."""
    code = kt.code
    if code == "b":
        return "true" if _bool(value) else "false"
    if code in _INT_BOUNDS:
        return str(_in_range(kt, _int(value), *_INT_BOUNDS[code]))
    if code == "d":
        # 12 significant digits drop the noise of a linear scale (110 * 0.01 = 1.1000000000000001).
        number = float(f"{_float(value):.12g}")
        return repr(float(_in_range(kt, number, -math.inf, math.inf)))
    if code == "s":
        return quote(str(value))
    if code == "enum":
        return quote(_nick(kt, value))
    if code in ("flags", "as"):
        items = [value] if isinstance(value, str) else list(value)
        if code == "flags":
            items = [_nick(kt, v) for v in items]
        return "[" + ", ".join(quote(str(v)) for v in items) + "]" if items else "@as []"
    raise GVariantError(f"keys of type {code} cannot be written")


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    raise GVariantError(f"{value!r} is not a boolean")


def _float(value: Any) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise GVariantError(f"{value!r} is not a number") from None
    if not math.isfinite(number):
        raise GVariantError(f"{value!r} is not a finite number")
    return number


def _int(value: Any) -> int:
    number = _float(value)
    # A linear scale can leave 1799.9999999; anything further from a whole number is a real fraction.
    if abs(number - round(number)) > 1e-6:
        raise GVariantError(f"{value!r} is not a whole number")
    return int(round(number))


def _in_range(kt: KeyType, number: Any, lo: float, hi: float) -> Any:
    lo = max(lo, kt.lo) if kt.lo is not None else lo
    hi = min(hi, kt.hi) if kt.hi is not None else hi
    if not lo - 1e-9 <= number <= hi + 1e-9:
        raise GVariantError(f"{number!r} is outside the key's range {_num(lo)}..{_num(hi)}")
    return number


def _num(x: float) -> str:
    return f"{x:g}" if isinstance(x, float) else str(x)


def _nick(kt: KeyType, value: Any) -> str:
    nick = str(value)
    if nick not in kt.choices:
        raise GVariantError(f"{nick!r} is not one of {', '.join(kt.choices)}")
    return nick
