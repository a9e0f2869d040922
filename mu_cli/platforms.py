"""The platform a request mentions is context, not part of the ask. "How to reduce text size in windows 11?" was
not understood, "How to increase mouse pointer size in Windows 10?" grew the pointer by 10 and "How to change
wallpaper in GNOME 45?" chose a slideshow: the version's number read as a value, the mention as a setting's words.
mu changes the settings of the system it runs on, so `without_platform` gives the request as it reads without them:
a version goes ("Windows 11 Pro 23H2" is "Windows"), and so does "in/on/under <platform>" at the end of a clause
and a platform in brackets.

A mention is a platform's only where it stands as one: after a preposition, "my", "the", "use", the request's or a
sentence's start, and before the end of a clause, a question or a word such as "laptop" or "here". "Set the font to
Ubuntu 12", "make it look like windows 10" and "the windows 10 right click menu" name values and features and stay.
"""

from __future__ import annotations

import re

# Patterns as text: compiled (and cached by re) only by the requests that name a platform.
_OS = (
    r"windows|win(?=\s*1[01]\b)|w(?=1[01]\b)|[kxl]?ubuntu|gnome|fedora(?:\s+workstation)?|debian|linux\s+mint|"
    r"pop!?_?\s?os|kde(?:\s+plasma)?|manjaro|arch\s+linux|endeavour\s?os|zorin(?:\s+os)?|elementary\s+os|"
    r"opensuse(?:\s+(?:tumbleweed|leap))?|linux"
)
# A release: number (or XP, Vista), edition, feature update and build: "11 Pro 23H2 (build 22631)", "22.04 LTS"
_VERSION = (
    r"\s*(?:\d+(?:\.\d+)*(?:\s*lts)?|xp|vista)\b(?:\s+(?:home|pro|enterprise|education)\b)?"
    r"(?:\s*(?:version\s+)?\d\dh\d\b)?(?:\s*\(?build\s+\d+(?:\.\d+)?\)?)?"
)
_VERSIONED = rf"(?i)\b(?P<os>{_OS})(?:{_VERSION})"
_BRACKETED = rf"(?i)\s*\(\s*(?:{_OS})(?:{_VERSION})?\s*\)"
_CLAUSE_END = rf"(?i)\s*\b(?:in|on|under)\s+(?:my\s+|the\s+)?(?:{_OS})(?=\s*(?:[?.!,;:)]|$))"
# What stands before and after a platform's mention (and not a value's or a feature's)
_BEFORE = (
    r"(?i)(?:^|[.!?:;,(]\s*|\b(?:in|on|under|with|running|runs|run|using|use|for|from|my|the|a|an|installed|install|"
    r"of)\s+)$"
)
_AFTER = (
    r"(?i)\s*(?:[?.!,;:)]|$)|\s+(?:how|what|why|where|when|is|are|was|can|could|does|do|did|i|i'm|im|and|but|so|"
    r"here|pc|laptop|computer|machine|desktop|system|install|installation|user|users)\b"
)


def without_platform(text: str) -> str:
    """The request without the platforms it mentions (the request itself when it names none, or only one)."""
    if not re.search(rf"(?i)\b(?:{_OS})", text):
        return text

    def unversioned(m: re.Match) -> str:
        if not re.search(_BEFORE, text[: m.start()]) or not re.match(_AFTER, text[m.end() :]):
            return m.group(0)
        return "Windows" if m.group("os").lower() in ("win", "w") else m.group("os")

    out = re.sub(_CLAUSE_END, "", re.sub(_BRACKETED, "", re.sub(_VERSIONED, unversioned, text)))
    if out == text:
        return text
    out = " ".join(out.split()).lstrip(",;: ")
    return out if re.search(r"\w", out) else text
