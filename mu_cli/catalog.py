"""The settings catalog: validated, frozen dataclasses loaded from YAML.

`Catalog.from_yaml(path, *extra)` loads the shipped catalog and merges user files over it (an entry with a
known id overrides the fields it names). Every error names the file, the entry and the field.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import CatalogError
from .paths import load_cached, prune_cache, store_cached, touch

KINDS = ("toggle", "range", "duration", "choice", "text")
ACTIONS = ("set", "increase", "decrease", "toggle", "get", "open")
KIND_ACTIONS = {
    "toggle": ("set", "toggle", "get"),
    "range": ("set", "increase", "decrease", "get"),
    "duration": ("set", "increase", "decrease", "get"),
    "choice": ("set", "get"),
    "text": ("set", "get"),
}
PLATFORMS = ("windows", "gnome")
WINDOWS_VIA = ("registry", "spi", "wmi", "core_audio", "powercfg", "winrt", "win32", "powershell", "page")
GNOME_VIA = (
    "gsettings",
    "pactl",
    "backlight",
    "nmcli",
    "rfkill",
    "bluetoothctl",
    "powerprofilesctl",
    "ddcutil",
    "page",
)
# Binding vocabularies. The code below checks bindings with them and catalog_schema.py writes the JSON Schema
# from them: one place for each rule.
HIVES = ("HKCU", "HKLM", "HKU", "HKCR")
REG_TYPES = ("REG_DWORD", "REG_QWORD", "REG_SZ", "REG_EXPAND_SZ", "REG_BINARY", "REG_MULTI_SZ")
PACTL_TARGETS = ("sink", "source")
AUDIO_CONTROLS = ("volume", "mute")
AUDIO_ENDPOINTS = ("render", "capture")
SPI_PARAMS = ("uiParam", "pvParam")
POWER_SOURCES = ("ac", "dc", "both")
SPEED_DIRECTIONS = ("higher", "lower")  # a range's `faster`, a range's or duration's `saves_battery`
_SETTING_FIELDS = {
    "id",
    "title",
    "page",
    "kind",
    "description",
    "min",
    "max",
    "step",
    "unit",
    "default_step",
    "faster",
    "saves_battery",
    "allowed",
    "values",
    "examples",
    "default",
    "aliases",
    "opposites",
    "requires",
    "keywords",
    "problems",
    "priority",
    "undoable",
    "admin",
    "per_device",
    "bindings",
}
_PAGE_FIELDS = {"id", "title", "area", "windows", "gnome", "description", "aliases"}


@dataclass(frozen=True)
class Choice:
    id: str
    label: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Problem:
    """An indirect request and the call that answers it (training data for the model)."""

    text: str
    action: str
    value: Any = None


@dataclass(frozen=True)
class Binding:
    """How one platform reads and writes a setting; `spec` is the binding's YAML mapping."""

    via: str
    spec: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def writable(self) -> bool:
        return self.via != "page"


@dataclass(frozen=True)
class Page:
    id: str
    title: str
    area: str
    windows: str
    gnome: str
    description: str = ""
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Setting:
    id: str
    title: str
    page: str
    kind: str
    description: str
    priority: int
    bindings: Mapping[str, Binding] = field(compare=False, hash=False)
    min: float | None = None
    max: float | None = None
    step: float = 1
    unit: str = ""
    default_step: float | None = None
    faster: str = "higher"  # a scale of speed: which way its value goes as the thing gets faster ("lower": a time)
    saves_battery: str = ""  # which way a scale or time goes to make a battery last longer ("lower": a timeout)
    allowed: tuple[int, ...] = ()
    values: tuple[Choice, ...] = ()
    examples: tuple[str, ...] = ()
    default: Any = None
    aliases: tuple[str, ...] = ()
    opposites: tuple[str, ...] = ()  # a toggle's: names of its other state ("auto-rotate" of Rotation lock)
    requires: tuple[tuple[str, Any], ...] = ()  # (setting id, value) it takes effect under only
    keywords: tuple[str, ...] = ()
    problems: tuple[Problem, ...] = ()
    undoable: bool = True
    admin: bool = False
    per_device: bool = False

    @property
    def actions(self) -> tuple[str, ...]:
        return KIND_ACTIONS[self.kind]

    @property
    def choice_ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.values)

    @property
    def area(self) -> str:
        return self.id.split(".", 1)[0]

    def choice(self, value_id: str) -> Choice | None:
        return next((c for c in self.values if c.id == value_id), None)

    def step_amount(self) -> float:
        """The amount of a bare increase/decrease."""
        if self.default_step:
            return self.default_step
        if self.kind == "duration":
            return 300
        span = (self.max or 0) - (self.min or 0)
        return max(self.step, round(span / 10 / self.step) * self.step)

    def domain(self) -> str:
        """The values it takes, in a few words: 'on/off', '0-100 %', 'light, dark', '1 min … never'."""
        if self.kind == "toggle":
            return "on/off"
        if self.kind == "choice":
            return ", ".join(self.choice_ids)
        if self.kind == "range":
            unit = f" {self.unit}" if self.unit else ""
            step = f" step {self.step:g}" if self.step not in (1, None) else ""
            return f"{self.min:g}-{self.max:g}{unit}{step}".replace(" percent", " %")
        if self.kind == "duration":
            if self.allowed:
                return ", ".join(format_duration(a) for a in self.allowed)
            return f"seconds, up to {format_duration(int(self.max))}" if self.max else "seconds"
        return "text" + (f", e.g. {', '.join(self.examples[:3])}" if self.examples else "")

    def format_value(self, value: Any) -> str:
        """A value as people read it: 'on', '70%', '5 min', 'Dark'."""
        if value is None:
            return "-"
        if self.kind == "toggle":
            return "on" if value else "off"
        if self.kind == "choice":
            c = self.choice(str(value))
            return c.label if c else str(value)
        if self.kind == "duration":
            return format_duration(int(value))
        if self.kind == "range":
            num = int(value) if float(value).is_integer() else value
            return f"{num}%" if self.unit == "percent" else f"{num} {self.unit}".strip()
        return str(value)


def format_duration(seconds: int) -> str:
    if seconds == 0:
        return "never"
    for size, name in ((3600, "h"), (60, "min")):
        if seconds % size == 0:
            return f"{seconds // size} {name}"
    return f"{seconds} s"


class Catalog:
    """All settings and pages; lookups by id; the grammar hash a trained model is tied to."""

    def __init__(
        self,
        settings: Iterable[Setting],
        pages: Iterable[Page],
        areas: Mapping[str, str],
        sources: tuple[str, ...] = (),
        digest: str = "",
    ):
        self.settings: dict[str, Setting] = {s.id: s for s in settings}
        self.pages: dict[str, Page] = {p.id: p for p in pages}
        self.areas = dict(areas)
        self.sources = sources
        self.hash = digest

    def __len__(self) -> int:
        return len(self.settings)

    def setting(self, sid: str) -> Setting | None:
        return self.settings.get(sid)

    def page(self, pid: str) -> Page | None:
        return self.pages.get(pid)

    def prerequisites(self, sid: str | None, action: str, taken: set) -> list[tuple[str, Any]]:
        """The states a change to `sid` takes effect under only (its `requires`), less the settings in `taken`."""
        s = self.settings.get(sid or "")
        if s is None or action not in ("set", "increase", "decrease"):
            return []
        return [(rid, v) for rid, v in s.requires if rid not in taken]

    @classmethod
    def load(cls, extra: Iterable[str | Path] = ()) -> Catalog:
        """The shipped catalog, then MU_CATALOG files (os.pathsep-separated), then `extra`."""
        from .paths import catalog_file

        files: list[str | Path] = [catalog_file()]
        env = os.environ.get("MU_CATALOG", "")
        files += [p for p in env.split(os.pathsep) if p]
        files += list(extra)
        return cls.from_yaml(*files)

    @classmethod
    def from_yaml(cls, *paths: str | Path) -> Catalog:
        """The catalog of these files, through a compiled copy keyed by their contents (any edit to any of
        them, a user catalog included, makes a new one); parsing and validating 500 settings is slow."""
        try:
            raws = [Path(path).read_bytes() for path in paths]
        except OSError:
            raws = None  # from_data names the file that cannot be read
        key = _compiled_key(raws) if raws is not None else None
        compiled = _cache_dir() / f"compiled-{key}.pickle" if key else None
        catalog = load_cached(compiled, cls) if compiled is not None else None
        if catalog is not None:
            return catalog
        catalog = cls.from_data(
            [(str(path), _read_yaml(Path(path), raw)) for path, raw in zip(paths, raws or [None] * len(paths))]
        )
        if compiled is not None:
            store_cached(compiled, catalog, CACHED_CATALOGS)
        return catalog

    @classmethod
    def from_data(cls, docs: list[tuple[str, Any]]) -> Catalog:
        raw_settings: dict[str, tuple[str, dict]] = {}
        raw_pages: dict[str, tuple[str, dict]] = {}
        areas: dict[str, str] = {}
        for source, data in docs:
            _merge_doc(source, data, raw_settings, raw_pages, areas)
        pages = [_page(src, raw) for src, raw in raw_pages.values()]
        page_ids = {p.id for p in pages}
        for p in pages:
            if areas and p.area not in areas:
                raise CatalogError(f"catalog {raw_pages[p.id][0]}: page {p.id}: field 'area': unknown area {p.area!r}")
        settings = [_setting(src, raw, page_ids) for src, raw in raw_settings.values()]
        _check_requires(settings, raw_settings)
        return cls(settings, pages, areas, tuple(s for s, _ in docs), grammar_hash(settings, pages))


def grammar_hash(settings: Iterable[Setting], pages: Iterable[Page]) -> str:
    """What a trained model depends on: the ids, kinds and value domains its decoding grammar is built from.
    Titles, aliases, descriptions and bindings can change without retraining."""
    canon = json.dumps(
        {
            "settings": sorted(
                [s.id, s.kind, s.min, s.max, s.step, list(s.allowed), list(s.choice_ids)] for s in settings
            ),
            "pages": sorted(p.id for p in pages),
        },
        default=str,
    )
    return hashlib.sha256(canon.encode()).hexdigest()


def _read_yaml(path: Path, raw: bytes | None = None) -> Any:
    """Parse a catalog file (`raw`: its bytes, when already read), through a JSON cache keyed by its contents
    (YAML parsing is slow)."""
    try:
        raw = path.read_bytes() if raw is None else raw
    except OSError as exc:
        raise CatalogError(f"catalog {path}: cannot read ({exc.strerror or exc})") from None
    digest = hashlib.sha256(raw).hexdigest()
    cache = _cache_dir() / f"catalog-{digest[:24]}.json"
    try:
        data = json.loads(cache.read_text(encoding="utf-8"))
        touch(cache)
        return data
    except (OSError, ValueError):
        pass
    data = _prebuilt(path, digest)
    if data is not None:
        return data
    text = _plain_json(path, _parse_yaml(path, raw))
    _write_cache(cache, text)
    return json.loads(text)


def _parse_yaml(path: Path, raw: bytes) -> Any:
    import yaml

    try:
        return yaml.load(raw.decode("utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except UnicodeDecodeError as exc:
        raise CatalogError(f"catalog {path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark else ""
        raise CatalogError(f"catalog {path}{where}: not valid YAML ({getattr(exc, 'problem', exc)})") from None


def _plain_json(path: Path, data: Any) -> str:
    """The parse as JSON text: what the cache holds, and read back through it, so the catalog hash never
    depends on the cache."""
    try:
        return json.dumps(data, default=str)
    except (TypeError, ValueError) as exc:
        raise CatalogError(f"catalog {path}: holds values that are not plain data ({exc})") from None


def _write_cache(cache: Path, text: str) -> None:
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, cache)
        prune_cache(cache.parent, "catalog-*.json", CACHED_CATALOGS, spare=cache)
    except (OSError, TypeError, ValueError):
        pass  # an unwritable cache only costs time


def _prebuilt(path: Path, digest: str) -> Any:
    """The parse an installed wheel carries beside the shipped YAML (settings_catalog.json, made at build
    time), while it is the parse of exactly the bytes with this sha256; else None."""
    try:
        built = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        if isinstance(built, dict) and built.get("sha256") == digest:
            return built["data"]
    except (OSError, ValueError, KeyError):
        pass
    return None


CACHED_CATALOGS = 8  # parsed catalog files kept in the cache (the shipped one and users' own)


def _compiled_key(raws: Iterable[bytes]) -> str:
    """A digest of the files' contents, their order and this mu's code."""
    from . import __version__

    code = Path(__file__).stat()  # the classes pickled are this module's: an edited module rebuilds
    digest = hashlib.sha256(f"{__version__}|{_COMPILED_FORMAT}|{code.st_size}|{code.st_mtime_ns}".encode())
    for data in raws:
        digest.update(len(data).to_bytes(8, "little") + hashlib.sha256(data).digest())
    return digest.hexdigest()[:24]


_COMPILED_FORMAT = "pickle of Catalog v3"


def _cache_dir() -> Path:
    from .paths import cache_dir

    return cache_dir()


def _merge_doc(source: str, data: Any, settings: dict, pages: dict, areas: dict) -> None:
    if not isinstance(data, dict):
        raise CatalogError(f"catalog {source}: top level must be a mapping with 'settings' and/or 'pages'")
    unknown = set(data) - {"version", "areas", "pages", "settings"}
    if unknown:
        raise CatalogError(f"catalog {source}: unknown top-level field {sorted(unknown)[0]!r}")
    if data.get("version", 1) != 1:
        raise CatalogError(f"catalog {source}: field 'version': only version 1 is understood")
    for i, area in enumerate(_list(source, data, "areas")):
        if not isinstance(area, dict) or not isinstance(area.get("id"), str):
            raise CatalogError(f"catalog {source}: areas[{i}]: needs 'id' and 'title'")
        areas[area["id"]] = str(area.get("title", area["id"]))
    for section, target in (("pages", pages), ("settings", settings)):
        for i, entry in enumerate(_list(source, data, section)):
            if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
                raise CatalogError(f"catalog {source}: {section}[{i}]: entry must be a mapping with a string 'id'")
            old = target.get(entry["id"])
            merged = {**old[1], **entry} if old and old[0] != source else entry
            if old and old[0] == source:
                raise CatalogError(f"catalog {source}: {section}[{i}] ({entry['id']}): duplicate id")
            target[entry["id"]] = (source, merged)


def _list(source: str, data: dict, key: str) -> list:
    value = data.get(key) or []
    if not isinstance(value, list):
        raise CatalogError(f"catalog {source}: field {key!r} must be a list")
    return value


class _Entry:
    """Typed field access that reports the entry and field on error."""

    def __init__(self, source: str, kind: str, raw: dict):
        self.source, self.kind, self.raw = source, kind, raw
        self.id = raw.get("id")

    def fail(self, fld: str, msg: str) -> CatalogError:
        return CatalogError(f"catalog {self.source}: {self.kind} {self.id}: field {fld!r}: {msg}")

    def get(self, fld: str, types: type | tuple, default: Any = ..., required: bool = False) -> Any:
        if fld not in self.raw or self.raw[fld] is None:
            if required or default is ...:
                raise self.fail(fld, "is required")
            return default
        value = self.raw[fld]
        if isinstance(value, bool) and bool not in (types if isinstance(types, tuple) else (types,)):
            raise self.fail(fld, f"expected {_tname(types)}, got a boolean (quote it in YAML)")
        if not isinstance(value, types):
            raise self.fail(fld, f"expected {_tname(types)}, got {type(value).__name__}")
        return value

    def words(self, fld: str) -> tuple[str, ...]:
        value = self.get(fld, list, [])
        if not all(isinstance(w, str) and w.strip() for w in value):
            raise self.fail(fld, "must be a list of non-empty strings")
        return tuple(value)


def _tname(types: type | tuple) -> str:
    names = {
        "str": "a string",
        "int": "an integer",
        "float": "a number",
        "bool": "true/false",
        "list": "a list",
        "dict": "a mapping",
    }
    ts = types if isinstance(types, tuple) else (types,)
    return " or ".join(names.get(t.__name__, t.__name__) for t in ts)


def _page(source: str, raw: dict) -> Page:
    e = _Entry(source, "page", raw)
    unknown = set(raw) - _PAGE_FIELDS
    if unknown:
        raise e.fail(sorted(unknown)[0], "unknown field")
    pid = e.get("id", str)
    if not _slug(pid):
        raise e.fail("id", "must be lower_snake_case")
    return Page(
        pid,
        e.get("title", str),
        e.get("area", str),
        e.get("windows", str),
        e.get("gnome", str),
        e.get("description", str, ""),
        e.words("aliases"),
    )


def _check_requires(settings: list[Setting], raw_settings: dict[str, tuple[str, dict]]) -> None:
    """Each setting a setting requires exists, and is required in a state it can take (on/off, one of its choices)."""
    by_id = {s.id: s for s in settings}
    for s in settings:
        for rid, value in s.requires:
            other, fail = by_id.get(rid), _Entry(raw_settings[s.id][0], "setting", raw_settings[s.id][1]).fail
            if other is None:
                raise fail("requires", f"unknown setting {rid!r}")
            if not (
                other.kind == "toggle"
                and isinstance(value, bool)
                or other.kind == "choice"
                and value in other.choice_ids
            ):
                raise fail("requires", f"{rid} cannot be {value!r}: an on/off setting's true/false or a choice's id")


def _slug(s: str) -> bool:
    return bool(s) and s[0].isalpha() and s.islower() and all(c.isalnum() or c == "_" for c in s)


def _setting(source: str, raw: dict, page_ids: set[str]) -> Setting:
    e = _Entry(source, "setting", raw)
    unknown = set(raw) - _SETTING_FIELDS
    if unknown:
        raise e.fail(sorted(unknown)[0], "unknown field")
    sid = e.get("id", str)
    parts = sid.split(".")
    if len(parts) != 2 or not all(_slug(p) for p in parts):
        raise e.fail("id", "must look like area.lower_snake_name")
    kind = e.get("kind", str)
    if kind not in KINDS:
        raise e.fail("kind", f"must be one of {', '.join(KINDS)}")
    page = e.get("page", str)
    if page not in page_ids:
        raise e.fail("page", f"unknown page {page!r}")
    priority = e.get("priority", int)
    if not 1 <= priority <= 5:
        raise e.fail("priority", "must be 1..5")
    fields: dict[str, Any] = dict(
        id=sid,
        title=e.get("title", str),
        page=page,
        kind=kind,
        description=e.get("description", str),
        priority=priority,
        aliases=e.words("aliases"),
        opposites=e.words("opposites"),
        requires=tuple((str(k), v) for k, v in e.get("requires", dict, {}).items()),
        keywords=e.words("keywords"),
        undoable=e.get("undoable", bool, True),
        admin=e.get("admin", bool, False),
        per_device=e.get("per_device", bool, False),
        unit=e.get("unit", str, ""),
    )
    fields.update(_domain(e, kind))
    if fields["opposites"] and kind != "toggle":
        raise e.fail("opposites", "only an on/off setting has an opposite state to name")
    fields["problems"] = _problems(e, kind)
    fields["bindings"] = _bindings(e, kind, fields)
    return Setting(**fields)


def _num(e: _Entry, fld: str, default: Any = ...) -> Any:
    value = e.get(fld, (int, float), default)
    return value


def _domain(e: _Entry, kind: str) -> dict:
    """The value domain fields of a setting of this kind, checked."""
    if kind == "range":
        return _range_domain(e)
    if e.get("faster", str, ""):
        raise e.fail("faster", "only a range has a direction of speed")
    if kind == "duration":
        return {**_duration_domain(e), "saves_battery": _way(e, "saves_battery")}
    if e.get("saves_battery", str, ""):
        raise e.fail("saves_battery", "only a range or a duration has a direction that saves battery")
    if kind == "choice":
        return _choice_domain(e)
    if kind == "toggle":
        return {"default": e.get("default", bool, False)}
    return {"examples": e.words("examples"), "default": e.get("default", str, "")}


def _range_domain(e: _Entry) -> dict:
    lo, hi = _num(e, "min"), _num(e, "max")
    if lo >= hi:
        raise e.fail("max", "must be greater than min")
    step = _num(e, "step", 1)
    if step <= 0:
        raise e.fail("step", "must be positive")
    default = _num(e, "default", lo)
    if not lo <= default <= hi:
        raise e.fail("default", f"{default} is outside {lo}..{hi}")
    return {
        "min": lo,
        "max": hi,
        "step": step,
        "default_step": _num(e, "default_step", None),
        "default": default,
        "faster": _way(e, "faster", "higher"),
        "saves_battery": _way(e, "saves_battery"),
    }


def _way(e: _Entry, fld: str, default: str = "") -> str:
    """A direction field (`faster`, `saves_battery`): "higher" or "lower", or `default` where it is left out."""
    way = e.get(fld, str, default)
    if way != default and way not in SPEED_DIRECTIONS:
        raise e.fail(fld, f"must be one of {', '.join(SPEED_DIRECTIONS)}")
    return way


def _duration_domain(e: _Entry) -> dict:
    allowed = e.get("allowed", list, [])
    if not all(isinstance(a, int) and not isinstance(a, bool) and a >= 0 for a in allowed):
        raise e.fail("allowed", "must be a list of whole seconds >= 0")
    default = e.get("default", int, 0)
    if default < 0 or (allowed and default not in allowed):
        raise e.fail("default", f"{default} is not an allowed duration")
    return {
        "allowed": tuple(sorted(set(allowed))),
        "default": default,
        "default_step": _num(e, "default_step", None),
        "max": _num(e, "max", None),
        "min": 0,
    }


def _choice_domain(e: _Entry) -> dict:
    choices = []
    for i, c in enumerate(e.get("values", list)):
        if not isinstance(c, dict) or not isinstance(c.get("id"), str) or not isinstance(c.get("label"), str):
            raise e.fail(f"values[{i}]", "needs a string 'id' and 'label' (quote ids like \"off\" and \"100\")")
        choices.append(Choice(c["id"], c["label"], tuple(str(a) for a in c.get("aliases") or [])))
    ids = [c.id for c in choices]
    if len(ids) < 2 or len(set(ids)) != len(ids):
        raise e.fail("values", "needs at least two distinct ids")
    default = e.get("default", str, ids[0])
    if default not in ids:
        raise e.fail("default", f"{default!r} is not one of the values")
    return {"values": tuple(choices), "default": default}


def _problems(e: _Entry, kind: str) -> tuple[Problem, ...]:
    out = []
    for i, p in enumerate(e.get("problems", list, [])):
        if not isinstance(p, dict) or not isinstance(p.get("text"), str):
            raise e.fail(f"problems[{i}]", "needs 'text' and 'action'")
        action = p.get("action")
        if action not in KIND_ACTIONS[kind] and action != "open":
            raise e.fail(f"problems[{i}]", f"action {action!r} is not allowed for a {kind}")
        out.append(Problem(p["text"], action, p.get("value")))
    return tuple(out)


def _bindings(e: _Entry, kind: str, fields: dict) -> dict[str, Binding]:
    raw = e.get("bindings", dict)
    out = {}
    for platform, vias in (("windows", WINDOWS_VIA), ("gnome", GNOME_VIA)):
        b = raw.get(platform)
        fld = f"bindings.{platform}"
        if not isinstance(b, dict) or "via" not in b:
            raise e.fail(fld, "is required: a mapping with 'via' (use via: page when no mechanism is verified)")
        if b["via"] not in vias:
            raise e.fail(f"{fld}.via", f"must be one of {', '.join(vias)}")
        _check_binding(e, fld, b, kind, fields)
        out[platform] = Binding(b["via"], dict(b))
    extra = set(raw) - set(PLATFORMS)
    if extra:
        raise e.fail(f"bindings.{sorted(extra)[0]}", "unknown platform")
    return out


def _domain_keys(kind: str, fields: dict) -> set[str] | None:
    if kind == "toggle":
        return {"true", "false"}
    if kind == "choice":
        return {c.id for c in fields["values"]}
    return None


def _check_map(e: _Entry, fld: str, spec: dict, kind: str, fields: dict) -> None:
    mapping = spec.get("map")
    if mapping is None:
        return
    if not isinstance(mapping, dict):
        raise e.fail(f"{fld}.map", "must be a mapping")
    keys = _domain_keys(kind, fields)
    if keys is not None:
        bad = {str(k).lower() if isinstance(k, bool) else str(k) for k in mapping} - keys
        if bad:
            raise e.fail(f"{fld}.map", f"{sorted(bad)[0]!r} is not a value of this setting")


def _check_binding(e: _Entry, fld: str, b: dict, kind: str, fields: dict) -> None:
    via = b["via"]
    _check_map(e, fld, b, kind, fields)
    if via == "gsettings":
        keys = b.get("keys")
        if not isinstance(keys, list) or not keys:
            raise e.fail(f"{fld}.keys", "gsettings needs a non-empty list of {schema, key}")
        for i, k in enumerate(keys):
            if not isinstance(k, dict) or not isinstance(k.get("schema"), str) or not isinstance(k.get("key"), str):
                raise e.fail(f"{fld}.keys[{i}]", "needs 'schema' and 'key'")
            _check_map(e, f"{fld}.keys[{i}]", k, kind, fields)
    elif via == "registry":
        values = b.get("values")
        if not isinstance(values, list) or not values:
            raise e.fail(f"{fld}.values", "registry needs a non-empty list of {key, name, type}")
        for i, v in enumerate(values):
            if not isinstance(v, dict) or not all(isinstance(v.get(x), str) for x in ("key", "name", "type")):
                raise e.fail(f"{fld}.values[{i}]", "needs 'key', 'name' and 'type'")
            if v["key"].split("\\", 1)[0] not in HIVES:
                hives = ", ".join(h + "\\" for h in HIVES[:-1]) + " or " + HIVES[-1] + "\\"
                raise e.fail(f"{fld}.values[{i}].key", f"must start with {hives}")
            if v["type"] not in REG_TYPES:
                raise e.fail(f"{fld}.values[{i}].type", f"must be one of {', '.join(REG_TYPES)}")
            _check_map(e, f"{fld}.values[{i}]", v, kind, fields)
    elif via == "pactl":
        if b.get("target") not in PACTL_TARGETS or b.get("control") not in AUDIO_CONTROLS:
            raise e.fail(fld, f"pactl needs target: {'|'.join(PACTL_TARGETS)} and control: {'|'.join(AUDIO_CONTROLS)}")
    elif via in ("nmcli", "rfkill") and not isinstance(b.get("radio"), str):
        raise e.fail(f"{fld}.radio", f"{via} needs a radio type")
