"""A setting named by its technical name: the registry value or GSettings key the catalog binds it to.

Issues about tweak tools and desktops often name a setting the way the system stores it ("Set ShowTaskViewButton to
0", "TaskbarAl 0", "gsettings set org.gnome.desktop.interface clock-show-seconds true", "HideFileExt"). Such a
name, when exactly one setting of the catalog is bound to it, says which setting is meant more surely than any
wording does; the data written after it ("= 0", "to 1", "true") says which value, through the binding's own map.
"""

from __future__ import annotations

import functools
import re
from dataclasses import replace
from typing import NamedTuple

from .calls import Call
from .catalog import Catalog

# How sure a call named by its technical name is (a name the catalog binds to one setting only)
NAMED_SURE = 0.95

# A registry value name worth reading: camel case, six letters or more, matched as written ("ShowTaskViewButton",
# "TaskbarAl"; not "Enabled", "Value", "Flags", which many settings share); a GSettings key: hyphenated words
_REGISTRY_NAME = r"^(?=.{6,})[A-Za-z][a-z0-9]*(?:[A-Z][a-z0-9]*)+$"
_GSETTINGS_KEY = r"^[a-z0-9]+(?:-[a-z0-9]+)+$"
# Where a GSettings key is one ("left-handed" and "double-click" are words too): the tool or a schema named
_GSETTINGS_PLACE = r"(?i)\b(?:g?settings|dconf)\s+(?:set|get|reset|write|read)\b|\borg\.gnome\.[\w.-]+"
# The data written after a name: "= 0", " to 1", ": true", " /d 0", " 'prefer-dark'"
_DATA = r"""(?i)^\s*(?:=|:|to\b|/d\b|/t\s+REG_DWORD\s+/d\b)?\s*(?P<data>'[^']*'|"[^"]*"|-?[\w.-]+)"""
# Words that turn what follows off: "disable ShowSecondsInSystemClock", "remove HideFileExt"
_TURNED_OFF = r"(?i)\b(?:disable|turn\s+off|switch\s+off|remove|revert|undo|delete|unset|reset)\W+(?:\w+\W+){0,2}$"


@functools.lru_cache(maxsize=4)
def _names(catalog: Catalog) -> dict[str, tuple[str, dict]]:
    """Technical name -> (the one setting bound to it, that binding entry): registry value names as written
    ("HideFileExt"), GSettings keys ("clock-show-seconds"); names bound to several settings are left out."""
    seen: dict[str, list[tuple[str, dict]]] = {}
    for s in catalog.settings.values():
        for b in s.bindings.values():
            for v in b.spec.get("values", []) or []:
                if v.get("name") and re.match(_REGISTRY_NAME, v["name"]):
                    seen.setdefault(v["name"], []).append((s.id, v))
            for k in b.spec.get("keys", []) or []:
                if k.get("key") and re.match(_GSETTINGS_KEY, k["key"]):
                    seen.setdefault(k["key"], []).append((s.id, k))
    return {n: found[0] for n, found in seen.items() if len({sid for sid, _ in found}) == 1}


class Named(NamedTuple):
    """A technical name in the request: the one setting bound to it, its binding entry, the data written after it
    (or None), and where the name (with its data) starts and ends."""

    setting: str
    entry: dict
    data: str | None
    start: int
    end: int


def named(text: str, catalog: Catalog) -> list[Named]:
    """The settings the request names by technical name."""
    return list(_named(text, catalog))


@functools.lru_cache(maxsize=64)
def _named(text: str, catalog: Catalog) -> tuple[Named, ...]:
    """named(), read once a request: the engine, settle_technical and every support check ask."""
    table = _names(catalog)
    keys = re.search(_GSETTINGS_PLACE, text) is not None  # a hyphenated key counts only where GSettings is spoken of
    out = []
    for m in re.finditer(r"[A-Za-z][A-Za-z0-9-]+", text):
        hit = table.get(m.group(0))
        if hit is not None and (keys or "-" not in m.group(0)):
            data = re.match(_DATA, text[m.end() :])
            end = m.end() + (data.end() if data else 0)
            out.append(Named(hit[0], hit[1], data["data"].strip("'\"") if data else None, m.start(), end))
    return tuple(out)


def without_names(text: str, catalog: Catalog) -> str:
    """The request with its technical names (and the data written after them) taken out."""
    for n in reversed(named(text, catalog)):
        text = text[: n.start] + " " + text[n.end :]
    return text


def _value(s, entry: dict, data: str | None, off: bool):
    """The catalog value the data names through the binding's map, or for a switch with no data it maps, what its
    name states (the data "1"; "0" when the request turns the name off); None otherwise."""
    if data is not None:
        value = _mapped(s, entry, data)
        if value is not None or s.kind != "toggle":
            return value
    return _mapped(s, entry, "0" if off else "1") if s.kind == "toggle" else None


def _mapped(s, entry: dict, wanted: str):
    mapping = entry.get("map") or {}
    if mapping:
        found = [v for v, d in mapping.items() if str(d).lower() == wanted.lower()]
        if len(found) != 1:
            return None
        value = found[0]
        return {"true": True, "false": False}.get(value, value) if s.kind == "toggle" else value
    if s.kind == "toggle" and wanted.lower() in ("true", "false", "1", "0"):
        return wanted.lower() in ("true", "1")
    return None


def settle_technical(text: str, calls, catalog: Catalog) -> list[Call]:
    """The calls of a request that names settings by their technical names: each such setting, set to the value its
    written data (or the name itself, turned off or not) maps to, or where that says no value, the model's own call
    of it, else its page. A request that names none keeps the model's calls; one that names some gives only theirs
    (the engine reads the rest of the request for other asks)."""
    out: list[Call] = []
    for n in named(text, catalog):
        if any(c.setting == n.setting or c.page == catalog.settings[n.setting].page for c in out):
            continue  # named twice: the first
        s = catalog.settings[n.setting]
        value = _value(s, n.entry, n.data, re.search(_TURNED_OFF, text[: n.start]) is not None)
        own = next((c for c in calls if c.setting == n.setting), None)
        if value is not None:
            out.append(Call("set", n.setting, value=value, confidence=NAMED_SURE))
        elif own is not None:
            out.append(replace(own, confidence=NAMED_SURE))
        else:
            out.append(Call("open", page=s.page, confidence=NAMED_SURE))
    return out or list(calls)
