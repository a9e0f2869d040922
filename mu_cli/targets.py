"""Which device a request means, for settings that exist once per display or audio device.

"increase brightness" targets the default device (the built-in or primary one, first in the backend's
list); "on both monitors" / "all screens" means every device; "the external monitor" / "second screen"
means the other one; a device's own name means that device.
"""

from __future__ import annotations

import re

_ALL = re.compile(
    r"\b(?:both|all|every|each)\s+(?:of\s+(?:the|my)\s+)?(?:monitors?|screens?|displays?|"
    r"speakers?|devices?|outputs?)\b|\beverywhere\b"
)
_OTHER = re.compile(
    r"\b(?:external|second|secondary|other|2nd|extra|big)\s+(?:monitor|screen|display)\b|"
    r"\b(?:monitor|screen|display)\s+(?:2|two)\b"
)
_BUILT_IN = re.compile(
    r"\b(?:built[- ]?in|internal|laptop|primary|main|first)\s+(?:monitor|screen|display|panel)\b|"
    r"\blaptop screen\b"
)


def target_words(text: str) -> str | None:
    """'all', 'other', 'default', or None when the request names no device."""
    t = text.lower()
    if _ALL.search(t):
        return "all"
    if _OTHER.search(t):
        return "other"
    if _BUILT_IN.search(t):
        return "default"
    return None


def pick_targets(devices: list[str], wanted: str | None, text: str = "") -> list[str]:
    """The devices a call applies to, from the backend's list (first = default)."""
    if not devices:
        return []
    named = [d for d in devices if d.lower() in text.lower()]
    if named:
        return named[:1]
    if wanted == "all":
        return list(devices)
    if wanted == "other":
        return devices[1:2] or devices[:1]
    return devices[:1]
