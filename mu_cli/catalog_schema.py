"""The catalog's JSON Schema, written from the vocabularies catalog.py checks entries with.

`mu_cli/catalog.schema.json` is this module's output (`python -m mu_cli.catalog_schema > mu_cli/catalog.schema.json`;
a test keeps them equal): users validate their own catalog files with it, and its rules cannot drift from the
loader's, since both read the same constants.
"""

from __future__ import annotations

import json

from .catalog import (
    ACTIONS,
    AUDIO_CONTROLS,
    AUDIO_ENDPOINTS,
    GNOME_VIA,
    HIVES,
    KINDS,
    PACTL_TARGETS,
    POWER_SOURCES,
    REG_TYPES,
    SPEED_DIRECTIONS,
    SPI_PARAMS,
    WINDOWS_VIA,
)

STRING = {"type": "string"}
TEXT = {"type": "string", "minLength": 1}
WORDS = {"$ref": "#/$defs/words"}
SLUG = {"$ref": "#/$defs/slug"}
VALUE_MAP = {"$ref": "#/$defs/value_map"}
LINEAR = {"$ref": "#/$defs/linear"}
PAGE_REASON = {"type": "string", "description": "page: why there is no verified way to write it"}


def _enum(values, description: str = "") -> dict:
    return {"enum": list(values), **({"description": description} if description else {})}


def _described(kind: dict, description: str) -> dict:
    return {**kind, "description": description}


def _entries(*required: str, **properties) -> dict:
    """An object with exactly these properties, the named ones required."""
    return {
        "type": "object",
        "additionalProperties": False,
        **({"required": list(required)} if required else {}),
        "properties": properties,
    }


def _page() -> dict:
    return _entries(
        "id",
        "title",
        "area",
        "windows",
        "gnome",
        id=SLUG,
        title=TEXT,
        area=_described(SLUG, "id of an entry in areas"),
        windows=_described(STRING, 'ms-settings: URI, or "" when Windows has no such page'),
        gnome=_described(STRING, 'gnome-control-center panel name, or "" when GNOME has none'),
        description=STRING,
        aliases=WORDS,
    )


def _setting() -> dict:
    number = {"type": "number"}
    positive = {"type": "number", "exclusiveMinimum": 0}
    return _entries(
        "id",
        "title",
        "page",
        "kind",
        "description",
        "priority",
        "bindings",
        id={"$ref": "#/$defs/setting_id"},
        title=TEXT,
        page=SLUG,
        kind=_enum(KINDS),
        description=TEXT,
        min=number,
        max=number,
        step=positive,
        unit=STRING,
        default_step=_described(positive, "amount of a bare increase/decrease"),
        faster=_described(
            _enum(SPEED_DIRECTIONS), 'range: which way the value goes as the thing gets faster ("lower": a time)'
        ),
        saves_battery=_described(
            _enum(SPEED_DIRECTIONS),
            'range or duration: which way the value goes to make a battery last longer ("lower": a timeout)',
        ),
        allowed={
            "type": "array",
            "items": {"type": "integer", "minimum": 0},
            "description": "duration: the only values the OS accepts, in seconds (0 = never)",
        },
        values={"type": "array", "minItems": 2, "items": {"$ref": "#/$defs/choice"}},
        examples=_described(WORDS, "text: typical values"),
        default={"description": "the value the sandbox backend starts from"},
        aliases=_described(WORDS, "other names of the setting itself"),
        requires={
            "type": "object",
            "additionalProperties": {"type": ["boolean", "string"]},
            "description": "settings it takes effect under only, and their state: a request that changes it sets them too",
        },
        opposites=_described(
            WORDS, 'toggle: names of its other state ("auto-rotate" of Rotation lock: turning it off turns this on)'
        ),
        keywords=_described(WORDS, "words people use when they mean it"),
        problems={
            "type": "array",
            "items": {"$ref": "#/$defs/problem"},
            "description": "training data (mu_cli/training/problems.yaml holds the shipped catalog's)",
        },
        priority={"type": "integer", "minimum": 1, "maximum": 5, "description": "5 = changed all the time, 1 = rarely"},
        undoable={"type": "boolean", "default": True},
        admin={"type": "boolean", "default": False},
        per_device={"type": "boolean", "default": False, "description": "exists once per display/audio device"},
        bindings=_entries(
            "windows", "gnome", windows={"$ref": "#/$defs/windows_binding"}, gnome={"$ref": "#/$defs/gnome_binding"}
        ),
    )


def _windows_binding() -> dict:
    return {
        "type": "object",
        "required": ["via"],
        "properties": {
            "via": _enum(WINDOWS_VIA),
            "values": {
                "type": "array",
                "minItems": 1,
                "items": {"$ref": "#/$defs/registry_value"},
                "description": "registry: written together; the first is read",
            },
            "notify": _described(
                STRING,
                "WM_SETTINGCHANGE lParam to broadcast after a registry write, or 'explorer' when Explorer must restart",
            ),
            "get": _described(STRING, "spi: SPI_GET* action name"),
            "set": _described(STRING, "spi: SPI_SET* action name"),
            "param": _enum(SPI_PARAMS, "spi: where the value goes on set"),
            "api": _described(STRING, "wmi/winrt/win32/powershell/core_audio: the verified call"),
            "endpoint": _enum(AUDIO_ENDPOINTS),
            "control": _enum(AUDIO_CONTROLS),
            "subgroup": _described(STRING, "powercfg subgroup alias, e.g. SUB_VIDEO"),
            "setting": _described(STRING, "powercfg setting alias, e.g. VIDEOIDLE"),
            "power": _enum(POWER_SOURCES),
            "map": VALUE_MAP,
            "linear": LINEAR,
            "reason": PAGE_REASON,
        },
    }


def _gnome_binding() -> dict:
    return {
        "type": "object",
        "required": ["via"],
        "properties": {
            "via": _enum(GNOME_VIA),
            "keys": {
                "type": "array",
                "minItems": 1,
                "items": {"$ref": "#/$defs/gsettings_key"},
                "description": "gsettings: written together; the first is read",
            },
            "target": _enum(PACTL_TARGETS, "pactl"),
            "control": _enum(AUDIO_CONTROLS, "pactl"),
            "radio": _described(STRING, "nmcli radio / rfkill type: wifi, wwan, all, bluetooth"),
            "map": VALUE_MAP,
            "reason": PAGE_REASON,
        },
    }


def _definitions() -> dict:
    hive = "|".join(HIVES)
    return {
        "slug": {"type": "string", "pattern": "^[a-z][a-z0-9_]*$"},
        "setting_id": {"type": "string", "pattern": "^[a-z][a-z0-9_]*\\.[a-z][a-z0-9_]*$"},
        "words": {"type": "array", "items": TEXT},
        "page": _page(),
        "choice": _entries(
            "id", "label", id={"type": "string", "pattern": "^[a-z0-9][a-z0-9_]*$"}, label=TEXT, aliases=WORDS
        ),
        "problem": {
            **_entries("text", "action", text={"type": "string", "minLength": 3}, action=_enum(ACTIONS), value={}),
            "description": "An indirect request (a complaint, not a command) and the call that answers it.",
        },
        "setting": _setting(),
        "value_map": {
            "type": "object",
            "description": 'catalog value ("true"/"false" for toggles, the choice id for choices) -> OS value',
            "additionalProperties": {},
        },
        "linear": {
            **_entries(scale={"type": "number"}, offset={"type": "number"}),
            "description": "os_value = value * scale + offset (ranges); read back inverts and rounds to the step",
        },
        "registry_value": _entries(
            "key",
            "name",
            "type",
            key={"type": "string", "pattern": f"^({hive})\\\\"},
            name=_described(STRING, "value name; (Default) for the key's default value"),
            type=_enum(REG_TYPES),
            map=VALUE_MAP,
            delete_means={
                "description": "catalog value that a missing value stands for (written by deleting the value)"
            },
            linear=LINEAR,
        ),
        "windows_binding": _windows_binding(),
        "gsettings_key": _entries(
            "schema",
            "key",
            schema=STRING,
            key=STRING,
            map=VALUE_MAP,
            linear=LINEAR,
            write_only={"type": "boolean", "description": "written with the others but not read back"},
        ),
        "gnome_binding": _gnome_binding(),
    }


def schema() -> dict:
    """The JSON Schema (draft 2020-12) of a catalog file."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://mu.invalid/catalog.schema.json",
        "title": "mu settings catalog",
        "description": "settings_catalog.yaml, or a user file passed with --catalog / MU_CATALOG that adds or "
        "overrides entries by id.",
        **_entries(
            version={"const": 1},
            areas={"type": "array", "items": _entries("id", "title", id=SLUG, title=TEXT)},
            pages={"type": "array", "items": {"$ref": "#/$defs/page"}},
            settings={"type": "array", "items": {"$ref": "#/$defs/setting"}},
        ),
        "$defs": _definitions(),
    }


def text() -> str:
    return json.dumps(schema(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    import sys

    sys.stdout.write(text())
