"""The GNOME / Linux backend: GSettings keys through `gsettings`, plus pactl, sysfs backlight, nmcli,
rfkill, bluetoothctl and powerprofilesctl for what GSettings does not hold.

Each catalog binding names its mechanism (`via`); one handler per mechanism reads and writes it.
Catalog values go through base.to_os/from_os, so the catalog's `map` and `linear` decide what is stored.
"""

from __future__ import annotations

import glob
import math
import os
import shutil
import stat
import time
from collections.abc import Mapping
from contextlib import suppress
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from ..catalog import Setting
from ..errors import BackendError, Unsupported
from ..locales import locale_id, locale_name
from .base import Availability, BackendName, HandlerBackend, existing_picture, from_os, to_os
from .gvariant import GVariantError, KeyType, format_value, parse, parse_range
from .linux_tools import Backlight, Bluetoothctl, Ddcutil, Nmcli, Pactl, PowerProfiles, Rfkill, first_line, missing, run

LOST = "writes would be lost"


class GSettings:
    """Keys of a gsettings binding: all are written (in order), the first readable one is read."""

    def __init__(self) -> None:
        # (schema, key) -> its type, or the reason it cannot be used; `gsettings range` once per key.
        self._types: dict[tuple[str, str], KeyType | str] = {}

    def unsupported(self, spec: Mapping[str, Any]) -> str | None:
        reason = missing("gsettings")
        if reason:
            return reason
        for key in spec["keys"]:
            try:
                found = self._lookup(key["schema"], key["key"])
            except BackendError as exc:
                return str(exc)
            if isinstance(found, str):
                return found
        return None

    def targets(self, spec: Mapping[str, Any]) -> list[str]:
        return []

    def read(self, setting: Setting, spec: Mapping[str, Any], target: str | None) -> Any:
        key = next((k for k in spec["keys"] if not k.get("write_only")), spec["keys"][0])
        self.key_type(key)
        raw = self.get(key["schema"], key["key"])
        return from_os(_key_spec(spec, key), setting, _from_store(key, raw))

    def write(self, setting: Setting, spec: Mapping[str, Any], value: Any, target: str | None) -> None:
        # Format (and range-check) every key before writing any, so a bad value changes nothing.
        if any(_is_uri_key(key) for key in spec["keys"]):
            existing_picture(setting, value)
        plan = [(key, self.format(key, to_os(_key_spec(spec, key), setting, value))) for key in spec["keys"]]
        old = [self.get_text(k["schema"], k["key"]) for k, _ in plan] if len(plan) > 1 else []
        for i, (key, text) in enumerate(plan):
            try:
                self.set_text(key["schema"], key["key"], text)
            except BackendError:
                for (done, _), before in zip(plan[:i], old):  # put the keys already written back
                    with suppress(BackendError):  # best effort: the first error is the one to report
                        self.set_text(done["schema"], done["key"], before)
                raise

    def snapshot(self, spec: Mapping[str, Any], target: str | None) -> list[list[str]]:
        """Every key of the binding as GVariant text, exactly as stored (light and dark wallpaper apart)."""
        return [[k["schema"], k["key"], self.get_text(k["schema"], k["key"])] for k in spec["keys"]]

    def restore(self, spec: Mapping[str, Any], raw: list, target: str | None) -> None:
        for schema, key, text in raw:
            self.set_text(schema, key, text)

    def format(self, key: Mapping[str, Any], os_value: Any) -> str:
        kt = self.key_type(key)
        try:
            return format_value(kt, _to_store(key, os_value))
        except GVariantError as exc:
            raise BackendError(f"{key['schema']} {key['key']}: refusing to write {os_value!r}: {exc}") from None

    def key_type(self, key: Mapping[str, Any]) -> KeyType:
        found = self._lookup(key["schema"], key["key"])
        if isinstance(found, str):
            raise Unsupported(found)
        return found

    def get(self, schema: str, key: str) -> Any:
        text = self.get_text(schema, key)
        try:
            return parse(text)
        except GVariantError as exc:
            raise BackendError(f"gsettings get {schema} {key}: cannot parse {text!r}: {exc}") from None

    def get_text(self, schema: str, key: str) -> str:
        return run("gsettings", ["get", schema, key]).stdout.strip()

    def set_text(self, schema: str, key: str, text: str, tries: int = 3) -> None:
        """Write one key and read it back; a write another program's write raced away (the keyfile store is
        rewritten whole) is tried again after a short pause."""
        for attempt in range(tries):
            try:
                return self._set_once(schema, key, text)
            except BackendError as exc:
                if attempt == tries - 1 or "reads back" not in str(exc):
                    raise
                time.sleep(0.05 * 2**attempt)

    def _set_once(self, schema: str, key: str, text: str) -> None:
        proc = run("gsettings", ["set", schema, key, text])
        # gsettings exits 0 when dconf cannot reach its service or GLib fell back to memory: the change
        # is gone at once. stderr usually says so (not always: dconf reports it from another thread),
        # so the value is also read back; that catches a system-wide mandatory value too.
        err = proc.stderr
        if "failed to commit changes to dconf" in err or "'memory' GSettings backend" in err:
            detail = err.split("failed to commit changes to dconf:", 1)[-1]
            raise BackendError(f"gsettings set {schema} {key}: the change was not saved ({first_line(detail)})")
        now = self.get(schema, key)
        if not _same(now, parse(text)):
            raise BackendError(f"gsettings set {schema} {key}: the change was not saved (it reads back {now!r})")

    def _lookup(self, schema: str, key: str) -> KeyType | str:
        if (schema, key) not in self._types:
            self._types[(schema, key)] = self._probe(schema, key)
        return self._types[(schema, key)]

    def _probe(self, schema: str, key: str) -> KeyType | str:
        proc = run("gsettings", ["range", schema, key], check=False)
        if proc.returncode != 0:
            err = first_line(proc.stderr)
            if "No such schema" in err:
                return f"schema {schema} not installed"
            if "No such key" in err:
                return f"key {key} not in schema {schema}"
            raise BackendError(f"gsettings range {schema} {key} failed: {err or f'exit status {proc.returncode}'}")
        try:
            kt = parse_range(proc.stdout)
        except GVariantError as exc:
            return f"{schema} {key}: {exc}"
        return kt if kt.writable else f"{schema} {key} has type {kt.code}, which mu cannot write"


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        return isinstance(a, (int, float)) and isinstance(b, (int, float)) and math.isclose(a, b, abs_tol=1e-12)
    return a == b


def _key_spec(spec: Mapping[str, Any], key: Mapping[str, Any]) -> Mapping[str, Any]:
    """A key's own map/linear, falling back to the binding's."""
    inherited = {name: spec[name] for name in ("map", "linear") if name in spec}
    return {**inherited, **key}


# GNOME stores pictures as URIs (picture-uri); the catalog speaks file paths.
def _is_uri_key(key: Mapping[str, Any]) -> bool:
    return key["key"].endswith("-uri") or "-uri-" in key["key"]  # picture-uri, picture-uri-dark


def _path_to_uri(key: Mapping[str, Any], value: Any) -> Any:
    """A path for a URI key as a file:// URI ("~/" is this user's home)."""
    if _is_uri_key(key) and isinstance(value, str) and value.startswith("~/"):
        value = os.path.expanduser(value)
    if _is_uri_key(key) and isinstance(value, str) and value.startswith("/"):
        return Path(value).as_uri()
    return value


# GNOME stores regional formats as POSIX locales ("en_GB.UTF-8"); the catalog speaks their names.
def _is_locale_key(key: Mapping[str, Any]) -> bool:
    return key["schema"] == "org.gnome.system.locale" and key["key"] == "region"


def _to_store(key: Mapping[str, Any], value: Any) -> Any:
    """A catalog value as the key stores it: a picture path as a file:// URI, a locale's name as its id."""
    if _is_locale_key(key) and isinstance(value, str) and value:
        return locale_id(value)
    return _path_to_uri(key, value)


def _from_store(key: Mapping[str, Any], raw: Any) -> Any:
    if _is_locale_key(key) and isinstance(raw, str):
        return locale_name(raw)
    return _uri_to_path(key, raw)


def _uri_to_path(key: Mapping[str, Any], raw: Any) -> Any:
    if _is_uri_key(key) and isinstance(raw, str) and raw.startswith("file:///"):
        return unquote(urlparse(raw).path)
    return raw


class PageOnly:
    """No verified way to write it: only the settings page can change it."""

    def unsupported(self, spec: Mapping[str, Any]) -> str:
        return spec.get("reason") or "no verified way to change it on GNOME: open its settings page"

    def targets(self, spec: Mapping[str, Any]) -> list[str]:
        return []

    def read(self, setting: Setting, spec: Mapping[str, Any], target: str | None) -> Any:
        raise Unsupported(f"{setting.id}: {self.unsupported(spec)}")

    def write(self, setting: Setting, spec: Mapping[str, Any], value: Any, target: str | None) -> None:
        raise Unsupported(f"{setting.id}: {self.unsupported(spec)}")


class GnomeBackend(HandlerBackend):
    """Reads and writes the catalog's `gnome` bindings on this machine."""

    name = BackendName.GNOME
    platform = "gnome"

    def __init__(self, backlight_root: str | Path | None = None):
        self.gsettings = GSettings()
        self.handlers: dict[str, Any] = {
            "gsettings": self.gsettings,
            "pactl": Pactl(),
            "backlight": Backlight(backlight_root),
            "nmcli": Nmcli(),
            "rfkill": Rfkill(),
            "bluetoothctl": Bluetoothctl(),
            "powerprofilesctl": PowerProfiles(),
            "ddcutil": Ddcutil(),
            "page": PageOnly(),
        }

    def availability(self) -> Availability:
        reason = missing("gsettings")
        if reason:
            return Availability(self.name, False, reason)
        ok, why = gsettings_persist(os.environ)
        return Availability(self.name, ok, why)

    def unsupported(self, setting: Setting) -> str | None:
        try:
            handler, spec = self._handler(setting)
            return handler.unsupported(spec)
        except Unsupported as exc:
            return str(exc)

    def canonical(self, setting: Setting, value: Any) -> Any:
        """`value` as it reads back once written: several choices can share one stored value."""
        handler, spec = self._handler(setting)
        if handler is not self.gsettings:
            return value
        key = next((k for k in spec["keys"] if not k.get("write_only")), spec["keys"][0])
        key_spec = _key_spec(spec, key)
        return from_os(key_spec, setting, _from_store(key, _to_store(key, to_os(key_spec, setting, value))))

    def _handler(self, setting: Setting) -> tuple[Any, Mapping[str, Any]]:
        binding = setting.bindings.get(self.platform)
        if binding is None:
            raise Unsupported(f"{setting.id} has no GNOME binding")
        handler = self.handlers.get(binding.via)
        if handler is None:
            raise Unsupported(f"{setting.id}: unknown GNOME mechanism {binding.via!r}")
        return handler, binding.spec


def gsettings_persist(env: Mapping[str, str]) -> tuple[bool, str]:
    """Whether a `gsettings set` would outlive the command, and why (GLib silently falls back to an
    in-memory backend when dconf has no session bus, so success there means nothing)."""
    backend = env.get("GSETTINGS_BACKEND", "")
    if backend == "keyfile":
        return True, f"GSettings keyfile backend ({keyfile_path(env)})"
    if backend == "memory":
        return False, f"GSETTINGS_BACKEND=memory: {LOST}"
    if backend and backend != "dconf":
        return False, f"GSETTINGS_BACKEND={backend} is neither keyfile nor dconf: {LOST}"
    bus = session_bus(env)
    if bus is None:
        return False, f"no D-Bus session bus and GSETTINGS_BACKEND is not keyfile: {LOST}"
    if not dconf_module(env):
        return False, f"the dconf GSettings module is not installed (dconf-gsettings-backend): {LOST}"
    return True, f"GSettings through dconf on the session bus ({bus})"


def keyfile_path(env: Mapping[str, str]) -> Path:
    config = env.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(config) / "glib-2.0" / "settings" / "keyfile"


def session_bus(env: Mapping[str, str]) -> str | None:
    """The session bus address GLib would use, when it looks reachable; None when there is none."""
    address = env.get("DBUS_SESSION_BUS_ADDRESS", "")
    if not address:
        # GLib's own fallbacks: $XDG_RUNTIME_DIR/bus, then autolaunch through X11.
        runtime = env.get("XDG_RUNTIME_DIR")
        if runtime and _is_socket(Path(runtime) / "bus"):
            return f"unix:path={runtime}/bus"
        if env.get("DISPLAY") and shutil.which("dbus-launch"):
            return "autolaunch on X11"
        return None
    for entry in address.split(";"):
        transport, _, params = entry.partition(":")
        fields = dict(p.split("=", 1) for p in params.split(",") if "=" in p)
        if transport == "unix" and "path" in fields:
            if _is_socket(Path(unquote(fields["path"]))):
                return entry
        elif transport in ("unix", "tcp", "nonce-tcp", "unixexec", "systemd", "launchd"):
            return entry  # abstract sockets and remote buses cannot be checked without connecting
    return None


def _is_socket(path: Path) -> bool:
    try:
        return stat.S_ISSOCK(path.stat().st_mode)
    except OSError:
        return False


def dconf_module(env: Mapping[str, str]) -> bool:
    """Whether GIO can load the dconf settings backend (without it GLib uses memory)."""
    dirs = (
        [env["GIO_MODULE_DIR"]]
        if env.get("GIO_MODULE_DIR")
        else [
            *glob.glob("/usr/lib/*/gio/modules"),
            "/usr/lib64/gio/modules",
            "/usr/lib/gio/modules",
            "/usr/local/lib/gio/modules",
        ]
    )
    dirs += [d for d in env.get("GIO_EXTRA_MODULES", "").split(os.pathsep) if d]
    return any(Path(d, "libdconfsettings.so").exists() for d in dirs)
