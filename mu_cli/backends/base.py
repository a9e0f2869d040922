"""The protocol every backend implements, and the value mapping they share.

Backends speak catalog values (bool, number, choice id, seconds, text); the binding's `map` / `linear`
translate them to what the OS stores. Windows, GNOME and the sandbox all fit this shape.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from ..calls import Word
from ..catalog import Setting
from ..errors import ValueRefused


class BackendName(Word):
    """The backends mu has (what --backend and MU_BACKEND name, besides "auto")."""

    WINDOWS = "windows"
    GNOME = "gnome"
    SANDBOX = "sandbox"


@dataclass(frozen=True)
class Availability:
    name: str
    available: bool
    reason: str
    real: bool = True  # False for the sandbox: its writes change nothing on the machine


@runtime_checkable
class Backend(Protocol):
    name: BackendName
    platform: str  # the catalog bindings it uses: "windows", "gnome", or "" (sandbox: all)

    def availability(self) -> Availability: ...

    def unsupported(self, setting: Setting) -> str | None:
        """None when `setting` can be read and written here, else the reason it cannot."""

    def read(self, setting: Setting, target: str | None = None) -> Any: ...

    def write(self, setting: Setting, value: Any, target: str | None = None) -> None: ...

    def targets(self, setting: Setting) -> list[str]:
        """Device names for per-device settings (first = default); [] when there is one."""

    # Optional: `canonical(setting, value)` -> the value as it reads back once written, for backends
    # where several catalog values share one stored value (see transaction.same_as_written).
    # Optional: `snapshot(setting, target)` -> what the OS stores, exactly (JSON-able; None: nothing finer than
    # the catalog value) and `restore(setting, raw, target)` to put it back bit for bit (undo, rollback).


class HandlerBackend:
    """A backend that hands each setting to one handler per binding mechanism (`via`).

    Subclasses define `_handler(setting) -> (handler, binding spec)`; handlers take the spec along."""

    def _handler(self, setting: Setting) -> tuple[Any, Mapping[str, Any]]:
        raise NotImplementedError

    def targets(self, setting: Setting) -> list[str]:
        handler, spec = self._handler(setting)
        return handler.targets(spec)

    def read(self, setting: Setting, target: str | None = None) -> Any:
        handler, spec = self._handler(setting)
        return handler.read(setting, spec, target)

    def write(self, setting: Setting, value: Any, target: str | None = None) -> None:
        handler, spec = self._handler(setting)
        handler.write(setting, spec, value, target)

    def snapshot(self, setting: Setting, target: str | None = None) -> Any:
        handler, spec = self._handler(setting)
        take = getattr(handler, "snapshot", None)
        return take(spec, target) if take else None

    def restore(self, setting: Setting, raw: Any, target: str | None = None) -> None:
        handler, spec = self._handler(setting)
        handler.restore(spec, raw, target)


def existing_picture(setting: Setting, value: Any) -> Any:
    """A picture path written to a real desktop must name a file that is there ("~" is this user's home); a
    value that is no path of this system (a URL) is left to the desktop. ValueRefused otherwise: nothing is
    written."""
    path = Path(value).expanduser() if isinstance(value, str) else None
    if path is None or not path.is_absolute():
        return value
    if not path.is_file():
        raise ValueRefused(f"{setting.id}: there is no picture at {value}")
    return value


def _key(value: Any) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def to_os(spec: Mapping[str, Any], setting: Setting, value: Any) -> Any:
    """Catalog value -> the value the OS stores, per the binding's map or linear."""
    mapping = spec.get("map")
    if mapping:
        table = {_key(k): v for k, v in mapping.items()}
        if _key(value) in table:
            return table[_key(value)]
    linear = spec.get("linear")
    if linear and setting.kind in ("range", "duration"):
        return value * linear.get("scale", 1) + linear.get("offset", 0)
    return value


def from_os(spec: Mapping[str, Any], setting: Setting, raw: Any) -> Any:
    """The OS value -> catalog value (inverse of to_os; ranges round to the setting's step)."""
    mapping = spec.get("map")
    if mapping:
        for k, v in mapping.items():
            if v == raw or _key(v) == _key(raw):
                return _catalog_key(setting, k)
    linear = spec.get("linear")
    if linear and setting.kind in ("range", "duration") and isinstance(raw, (int, float)):
        raw = (raw - linear.get("offset", 0)) / linear.get("scale", 1)
    return coerce(setting, raw)


def _catalog_key(setting: Setting, k: Any) -> Any:
    if setting.kind == "toggle":
        return k if isinstance(k, bool) else str(k).lower() == "true"
    return str(k)


def coerce(setting: Setting, raw: Any) -> Any:
    """A raw value read back, as the catalog type (rounding ranges to the step)."""
    if setting.kind == "toggle":
        return bool(raw) if not isinstance(raw, str) else raw.lower() in ("true", "1", "yes", "on")
    if setting.kind == "range":
        step = setting.step or 1
        value = round(float(raw) / step) * step
        value = min(max(value, setting.min), setting.max)
        return int(value) if float(value).is_integer() else round(value, 6)
    if setting.kind == "duration":
        return int(round(float(raw)))
    return raw if setting.kind == "text" else str(raw)
