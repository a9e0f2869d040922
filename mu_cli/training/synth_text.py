"""Text pieces of the training-data synthesiser: number words, durations as written, keyboard slips,
templates and their segments, the held-out split."""

from __future__ import annotations

import hashlib
import random
import re
from typing import Any

from ..calls import parse_number
from ..catalog import Setting

HOLDOUT = 0.10
_ONES = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen"
).split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
SECS = {"s": 1, "min": 60, "h": 3600}


def num_words(n: int) -> str:
    """English words for 0..999 ('seventy-five'); the model learns to write them back as digits."""
    if n < 20:
        return _ONES[n]
    if n < 100:
        return _TENS[n // 10] + ("" if n % 10 == 0 else "-" + _ONES[n % 10])
    h, r = divmod(n, 100)
    return _ONES[h] + " hundred" + ("" if r == 0 else " " + num_words(r))


def _h(s: str) -> int:
    return int(hashlib.sha1(s.encode()).hexdigest()[:10], 16)


def holdout(ids: list[str], group=lambda i: i, per_group: int = 99, min_size: int = 0) -> set[str]:
    """~HOLDOUT of `ids` (lowest hashes), at most `per_group` from each group and only from groups of at least
    `min_size`, so that no setting loses all its names or problems and no frame group all its frames."""
    sizes = {}
    for i in ids:
        sizes[group(i)] = sizes.get(group(i), 0) + 1
    out, used = set(), {}
    for i in sorted(ids, key=_h):
        g = group(i)
        if len(out) >= round(len(ids) * HOLDOUT):
            break
        if sizes[g] >= min_size and used.get(g, 0) < per_group:
            out.add(i)
            used[g] = used.get(g, 0) + 1
    return out


class Seg:
    """A piece of text. k: f = free (any noise), c = choice value (spelling/case only), v = verbatim (digits,
    number words, text values: lower-casing only). A text call's value is its Seg, read after the noise."""

    __slots__ = ("t", "k")

    def __init__(self, t: str, k: str = "f"):
        self.t, self.k = t, k


class Frame:
    """A parsed template: parts (is_slot, text, a determiner may precede the slot)."""

    __slots__ = ("fam", "parts", "question", "vspace", "polite")

    def __init__(self, fam: str, src: str, words: dict, polite: bool):
        self.fam, self.parts = fam, []
        for i, b in enumerate(re.split(r"\{(\w+)\}", src)):
            if i % 2 == 0:
                if b:
                    self.parts.append((False, b, False))
                continue
            prev = self.parts[-1] if self.parts else None
            last = prev[1].split()[-1:] if prev and not prev[0] else []
            self.parts.append(
                (
                    True,
                    b,
                    prev is None or (prev[1].endswith(" ") and bool(last) and last[0].lower() not in words["no_det"]),
                )
            )
        first = src.split(" ", 1)[0].lower()
        self.polite = polite and not first.startswith("{") and first not in words["not_polite"]
        self.question = "?" in src or bool(
            re.match(
                r"(how|what|where|which|is|are|can|could|would|do|does|did|"
                r"why|mind|whats)\b",
                src,
            )
        )
        # a text value is copied token by token, so it must stand between spaces (or end the text)
        ps = self.parts + [(False, " ", False)]
        self.vspace = any(
            p[0]
            and p[1] == "v"
            and i
            and not ps[i - 1][0]
            and ps[i - 1][1].endswith(" ")
            and not ps[i + 1][0]
            and ps[i + 1][1].startswith(" ")
            for i, p in enumerate(self.parts)
        )


def word_pattern(words) -> re.Pattern | None:
    words = sorted(set(words), key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(map(re.escape, words)) + r")\b", re.I) if words else None


def split_title(title: str) -> tuple[str, str | None]:
    """ "Brightness (external monitor)" -> ("Brightness", "external monitor"); no parenthesis -> (title, None)."""
    qual = re.findall(r"\(([^)]*)\)", title)
    return re.sub(r"\s*\([^)]*\)", "", title).strip(), qual[0].strip() if qual else None


def text_words(text: str) -> list[str]:
    return re.findall(r"[a-z']+", text.lower())


def shows(s: Setting, w: dict) -> bool:
    """A toggle that shows something on screen: "hide the widgets button" means it off."""
    t = s.title.lower()
    if t.startswith("show "):
        return True
    return s.id.startswith(("taskbar.", "desktop.icon_")) and not (set(text_words(t)) & (w["polar"] | w["verbal"]))


def keyboard_slip(w: str, r: random.Random) -> str:
    """One keyboard slip inside a word: swap, drop, double or a neighbouring key."""
    i, op = r.randrange(1, len(w) - 1), r.random()
    if op < 0.3:
        return w[:i] + w[i + 1] + w[i] + w[i + 2 :]
    if op < 0.6:
        return w[:i] + w[i + 1 :]
    if op < 0.8:
        return w[:i] + w[i] + w[i:]
    near = dict(zip("asertionmtulhgdcbp", "saretoinmyykghsvvo"))
    return w[:i] + near.get(w[i], w[i]) + w[i + 1 :]


def superlative(comparative: str) -> str | None:
    """ "louder" -> "loudest", "more orange" -> "most orange", "less bright" -> "least bright"; else None."""
    head, _, rest = comparative.partition(" ")
    if head in ("more", "less") and rest:
        return ("most " if head == "more" else "least ") + rest
    return comparative[:-2] + "est" if not rest and comparative.endswith("er") and len(comparative) > 4 else None


def word_numbers(text: str) -> set[int]:
    """Numbers written in words anywhere in `text` ("seventy five" -> 75, also its parts)."""
    words = re.findall(r"[a-z]+(?:-[a-z]+)*", text.lower())
    out = set()
    for i in range(len(words)):
        for j in range(i + 1, min(i + 4, len(words)) + 1):
            n = parse_number(" ".join(words[i:j]))
            if n is not None and float(n).is_integer() and words[i] not in ("a", "an", "and"):
                out.add(int(n))
    return out


_DUR_RE = re.compile(r"(?<![\w.])(\d+|[a-z]+(?:[ -][a-z]+)?)\s?(hours?|hrs?|h|minutes?|mins?|m|seconds?|secs?|s)\b")


def find_duration(text: str, secs: Any) -> list | None:
    """[number, unit] as written in `text` for a duration of `secs` seconds, or None."""
    if not isinstance(secs, int):
        return None
    t = text.lower()
    if "half an hour" in t or "half hour" in t:
        return ["30", "min"] if secs == 1800 else None
    for num, unit in _DUR_RE.findall(t):
        u = "h" if unit.startswith("h") else "min" if unit.startswith("m") else "s"
        last = num.rsplit(" ", 1)[-1]
        n = int(num) if num.isdigit() else parse_number(num) if num not in ("a", "an") else 1
        if n is None and " " in num:  # "after an hour", "about ten minutes"
            n = 1 if last in ("a", "an") else parse_number(last)
        if n and float(n).is_integer() and int(n) * SECS[u] == secs:
            return [str(int(n)), u]
    return None
