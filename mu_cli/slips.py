"""Slips of the keyboard: a word typed with two neighbours swapped or one letter inserted, dropped or changed, and
the one name of a list such a slip was meant for ("Geerman": German, "Ameerica/New_York": America/New_York)."""

from __future__ import annotations

import functools
from collections.abc import Iterable


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


_INDEX: dict[int, tuple[frozenset[str], dict[tuple[str, int], list[str]]]] = {}


def slip_of(word: str, names: Iterable[str]) -> str | None:
    """The one name of `names` (lower case) that lower-case `word` is a slip of; None where none or several are (a
    value that could be two names is no value). `names` is indexed once by first letter and length."""
    names = names if isinstance(names, frozenset) else frozenset(names)
    if id(names) not in _INDEX or _INDEX[id(names)][0] is not names:
        index: dict[tuple[str, int], list[str]] = {}
        for n in names:
            index.setdefault((n[:1], len(n)), []).append(n)
        _INDEX[id(names)] = (names, index)
    index = _INDEX[id(names)][1]
    if len(word) < 4 or word in names:
        return None
    near = {n for d in (-1, 0, 1) for n in index.get((word[:1], len(word) + d), ()) if is_slip(word, n)}
    if len(near) != 1 or _english_word(word):  # "green" is a word of its own, no slip of Greek
        return None
    return near.pop()


@functools.cache
def _english():
    """pyspellchecker's English words (loaded once, and only where a slip of a name is found)."""
    from spellchecker import SpellChecker

    return SpellChecker(language="en", distance=1)


def _english_word(word: str) -> bool:
    return " " not in word and word in _english()
