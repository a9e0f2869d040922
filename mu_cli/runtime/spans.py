"""Text values copied whole from the request, whatever the tokenizer made of them."""

from __future__ import annotations

import re

_OPEN, _CLOSE = "\"'`“‘«([{", "\"'`”’»)]}"
_TRAIL = ".,;:!?"


def whole_span(text: str, value: str) -> str:
    """A copied text value as the request wrote it, and whole: an uncased tokenizer lowercases and strips
    accents, but paths and names keep their case; a copy never starts or ends inside a run without whitespace
    (a path, URL, dotted name), and quotes around it delimit it rather than belong to it. Where the copy stands
    more than once (a word, not a mark), the longest of those spans is the one ("set proxy to
    http://proxy.corp:8080" copied "proxy": the address, not the word before it)."""
    low, want = text.lower(), value.lower()
    starts = [m.start() for m in re.finditer(re.escape(want), low)][:8] if value else []
    if not starts:
        return value
    if len(re.findall(r"\w", value)) < 2:
        starts = starts[:1]  # a mark (".", ","): where it first stands
    return max((_span_at(text, start, start + len(value)) for start in starts), key=len) or value


def _span_at(text: str, start: int, end: int) -> str:
    """The whole run (or the quoted text) around text[start:end]."""
    quoted = _quoted(text, start, end)
    if quoted:
        return quoted
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    span = text[start:end]
    opener = lambda ch, rest: ch in _OPEN and _CLOSE[_OPEN.index(ch)] not in rest  # noqa: E731
    closer = lambda ch, rest: ch in _CLOSE and _OPEN[_CLOSE.index(ch)] not in rest  # noqa: E731
    while len(span) > 1 and opener(span[0], span[1:]):
        span = span[1:]
    while len(span) > 1 and (span[-1] in _TRAIL or closer(span[-1], span[:-1])):
        span = span[:-1]
    if len(span) > 2 and span[0] in _OPEN and span[-1] == _CLOSE[_OPEN.index(span[0])]:
        span = span[1:-1]
    return span


def _quoted(text: str, start: int, end: int) -> str:
    """The text between the quotes around [start, end), or ""."""
    for a, b in zip(_OPEN[:6], _CLOSE[:6]):
        i = text.rfind(a, 0, start + 1)
        if i < 0 or not (i == 0 or text[i - 1].isspace() or text[i - 1] in _OPEN + "=:("):
            continue
        j = text.find(b, max(end - 1, i + 1))
        if j > i and (j + 1 == len(text) or not text[j + 1].isalnum()) and j - i - 1 <= 3 * max(end - start, 8):
            inner = text[i + 1 : j].strip()
            if inner and text.find(a, i + 1, start) < 0:
                return inner
    return ""


# words a domain takes as "back to the default" ("auto" DNS): a request that says them says it of anything
_DEFAULT_WORDS = {"auto", "default"}


def stated_value(text: str, accept) -> str | None:
    """The value the request states for a setting whose copy was refused: the first of its quoted parts, then of
    its runs of 1-4 words (longest first), that `accept` turns into a value. A span of two letters counts only in
    capitals ("US", not "us"), and a word for the default not at all."""
    for span in _spans(text):
        if len(span) <= 2 and not span.isupper() or span.lower() in _DEFAULT_WORDS:
            continue
        value = accept(span)
        if value is not None:
            return value
    return None


def _spans(text: str):
    """The request's quoted parts, then its runs of 4, 3, 2 and 1 words (edge punctuation and quotes off)."""
    for i, j in _quote_pairs(text):
        if text[i + 1 : j].strip():
            yield text[i + 1 : j].strip()
    words = [w.strip(_TRAIL + "\"'`“”‘’«»") for w in text.split()]
    for n in range(min(4, len(words)), 0, -1):
        for i in range(len(words) - n + 1):
            span = " ".join(w for w in words[i : i + n] if w)
            if span:
                yield span


def _quote_pairs(text: str) -> list[tuple[int, int]]:
    out = []
    for a, b in zip(_OPEN[:6], _CLOSE[:6]):
        i = text.find(a)
        while i >= 0:
            j = text.find(b, i + 1)
            if j < 0:
                break
            out.append((i, j))
            i = text.find(a, j + 1)
    return out
