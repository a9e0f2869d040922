"""The Windows registry behind a seam: the few `winreg` calls the Windows backend makes.

`RealRegistry` hands them to the stdlib `winreg` (imported only on Windows). `MemoryRegistry` is an
in-memory model of the same calls that behaves the way winreg does where the backend can tell: hives,
case-insensitive key paths and value names that keep the case they were created with, typed values
checked like winreg checks them, FileNotFoundError for a missing key or value, PermissionError for a
handle without the right access and for machine-wide writes from a process that is not elevated.

`RegWrite` and `reg_data` say what one value becomes (the backend writes it, emit.py prints it).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from ..errors import Unsupported, ValueRefused

# The values winreg itself uses (winreg.HKEY_CURRENT_USER == 0x80000001, and so on).
HKEY_CLASSES_ROOT = 0x80000000
HKEY_CURRENT_USER = 0x80000001
HKEY_LOCAL_MACHINE = 0x80000002
HKEY_USERS = 0x80000003
HIVES = {"HKCR": HKEY_CLASSES_ROOT, "HKCU": HKEY_CURRENT_USER, "HKLM": HKEY_LOCAL_MACHINE, "HKU": HKEY_USERS}
HIVE_NAMES = {
    "HKCR": "HKEY_CLASSES_ROOT",
    "HKCU": "HKEY_CURRENT_USER",
    "HKLM": "HKEY_LOCAL_MACHINE",
    "HKU": "HKEY_USERS",
}
ADMIN_HIVES = frozenset({"HKLM", "HKU", "HKCR"})  # writes there need an elevated process

KEY_QUERY_VALUE = 0x0001
KEY_SET_VALUE = 0x0002
KEY_CREATE_SUB_KEY = 0x0004
KEY_WOW64_64KEY = 0x0100  # 32-bit Python must not be redirected to WOW6432Node
KEY_READ = 0x20019
KEY_WRITE = 0x20006

REG_NONE = 0
REG_SZ = 1
REG_EXPAND_SZ = 2
REG_BINARY = 3
REG_DWORD = 4
REG_MULTI_SZ = 7
REG_QWORD = 11
REG_TYPES = {
    "REG_NONE": REG_NONE,
    "REG_SZ": REG_SZ,
    "REG_EXPAND_SZ": REG_EXPAND_SZ,
    "REG_BINARY": REG_BINARY,
    "REG_DWORD": REG_DWORD,
    "REG_MULTI_SZ": REG_MULTI_SZ,
    "REG_QWORD": REG_QWORD,
}

_NOT_FOUND = "[WinError 2] The system cannot find the file specified"
_DENIED = "[WinError 5] Access is denied"


@runtime_checkable
class Registry(Protocol):
    """The winreg functions the backend calls, with winreg's signatures and exceptions."""

    elevated: bool  # whether this process may write HKLM / HKU / HKCR

    def OpenKey(self, key: Any, sub_key: str, reserved: int = 0, access: int = KEY_READ) -> Any: ...

    def CreateKeyEx(self, key: Any, sub_key: str, reserved: int = 0, access: int = KEY_WRITE) -> Any: ...

    def QueryValueEx(self, key: Any, value_name: str) -> tuple[Any, int]: ...

    def SetValueEx(self, key: Any, value_name: str, reserved: int, type: int, value: Any) -> None: ...

    def DeleteValue(self, key: Any, value: str) -> None: ...

    def CloseKey(self, hkey: Any) -> None: ...


@contextmanager
def opened(reg: Registry, hive: str, path: str, access: int, create: bool = False) -> Iterator[Any]:
    """An open key of `hive` ("HKCU"...), closed afterwards; `create` makes missing keys (CreateKeyEx)."""
    access |= KEY_WOW64_64KEY
    root = HIVES[hive]
    handle = reg.CreateKeyEx(root, path, 0, access) if create else reg.OpenKey(root, path, 0, access)
    try:
        yield handle
    finally:
        reg.CloseKey(handle)


class RealRegistry:
    """The stdlib winreg, unchanged."""

    def __init__(self) -> None:
        if sys.platform != "win32":
            raise Unsupported("the Windows registry exists only on Windows")
        import winreg  # type: ignore[import-not-found]

        self._w = winreg
        self._elevated: bool | None = None

    @property
    def elevated(self) -> bool:
        if self._elevated is None:
            import ctypes

            self._elevated = bool(ctypes.windll.shell32.IsUserAnAdmin())  # type: ignore[attr-defined]
        return self._elevated

    def OpenKey(self, key: Any, sub_key: str, reserved: int = 0, access: int = KEY_READ) -> Any:
        return self._w.OpenKey(key, sub_key, reserved, access)

    def CreateKeyEx(self, key: Any, sub_key: str, reserved: int = 0, access: int = KEY_WRITE) -> Any:
        return self._w.CreateKeyEx(key, sub_key, reserved, access)

    def QueryValueEx(self, key: Any, value_name: str) -> tuple[Any, int]:
        return self._w.QueryValueEx(key, value_name)

    def SetValueEx(self, key: Any, value_name: str, reserved: int, type: int, value: Any) -> None:
        self._w.SetValueEx(key, value_name, reserved, type, value)

    def DeleteValue(self, key: Any, value: str) -> None:
        self._w.DeleteValue(key, value)

    def CloseKey(self, hkey: Any) -> None:
        self._w.CloseKey(hkey)


# --- registry data: what one catalog value becomes ------------------------------------------------


@dataclass(frozen=True)
class RegWrite:
    """One registry value to set (or, with delete=True, to remove)."""

    hive: str  # HKCU, HKLM, HKU, HKCR
    path: str  # the key below the hive
    name: str  # "" is the key's (Default) value
    type: str  # REG_DWORD, REG_SZ, ...
    data: Any = None
    delete: bool = False

    @property
    def key(self) -> str:
        return f"{self.hive}\\{self.path}"

    @property
    def needs_admin(self) -> bool:
        return self.hive in ADMIN_HIVES


def split_key(key: str) -> tuple[str, str]:
    hive, _, path = key.partition("\\")
    return hive.upper(), path


def value_name(name: str) -> str:
    return "" if name.lower() == "(default)" else name


def reg_data(kind: str, value: Any, where: str) -> Any:
    """`value` as the Python object winreg stores for `kind`; ValueRefused when it cannot be one."""
    if kind in ("REG_DWORD", "REG_QWORD"):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if not isinstance(value, int):
            raise ValueRefused(f"{where}: {value!r} is not a whole number for {kind}")
        if not 0 <= value < 2 ** (32 if kind == "REG_DWORD" else 64):
            raise ValueRefused(f"{where}: {value} does not fit {kind}")
        return int(value)
    if kind in ("REG_SZ", "REG_EXPAND_SZ"):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            raise ValueRefused(f"{where}: {value!r} is not text for {kind}")
        if "\0" in str(value):
            raise ValueRefused(f"{where}: text with a NUL character cannot be stored")
        return str(value)
    if kind == "REG_MULTI_SZ":
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(s, str) and "\0" not in s for s in items):
            raise ValueRefused(f"{where}: {value!r} is not a list of text for REG_MULTI_SZ")
        return list(items)
    if kind == "REG_BINARY":
        try:
            return bytes.fromhex(value) if isinstance(value, str) else bytes(memoryview(value))
        except (TypeError, ValueError):
            raise ValueRefused(f"{where}: {value!r} is not binary data (bytes or hex text)") from None
    raise ValueRefused(f"{where}: mu does not write registry type {kind}")


# --- the in-memory model ---------------------------------------------------------------------------


@dataclass
class _Key:
    name: str
    subkeys: dict[str, _Key] = field(default_factory=dict)  # lower-cased name -> key
    values: dict[str, tuple[str, Any, int]] = field(default_factory=dict)  # lower name -> (name, data, type)


@dataclass
class _Handle:
    hive: str
    key: _Key
    access: int
    closed: bool = False

    def __enter__(self) -> _Handle:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.closed = True


class MemoryRegistry:
    """A registry in memory that answers the backend's winreg calls the way Windows would.

    `elevated=False` models a normal user: HKCU is writable, HKLM/HKU/HKCR can be read but opening them
    for writing raises PermissionError, as RegOpenKeyEx/RegCreateKeyEx do (ERROR_ACCESS_DENIED).
    """

    def __init__(self, elevated: bool = False):
        self.elevated = elevated
        self._hives = {name: _Key(HIVE_NAMES[name]) for name in HIVES}
        self._by_handle = {code: name for name, code in HIVES.items()}

    # winreg's calls ---------------------------------------------------------------------------------
    def OpenKey(self, key: Any, sub_key: str, reserved: int = 0, access: int = KEY_READ) -> _Handle:
        hive, node = self._start(key)
        for part in _parts(sub_key):
            child = node.subkeys.get(part.lower())
            if child is None:
                raise FileNotFoundError(2, _NOT_FOUND)
            node = child
        self._check_open(hive, access)
        return _Handle(hive, node, access)

    def CreateKeyEx(self, key: Any, sub_key: str, reserved: int = 0, access: int = KEY_WRITE) -> _Handle:
        hive, node = self._start(key)
        parts = _parts(sub_key)
        missing = any(True for _ in self._missing(node, parts))
        # Creating a subkey needs KEY_CREATE_SUB_KEY on the parent: a normal user has it only in HKCU.
        self._check_open(hive, access | (KEY_CREATE_SUB_KEY if missing else 0))
        for part in parts:
            node = node.subkeys.setdefault(part.lower(), _Key(part))
        return _Handle(hive, node, access)

    def QueryValueEx(self, key: _Handle, value_name: str) -> tuple[Any, int]:
        self._usable(key, KEY_QUERY_VALUE)
        found = key.key.values.get((value_name or "").lower())
        if found is None:
            raise FileNotFoundError(2, _NOT_FOUND)
        _, data, kind = found
        return (list(data) if isinstance(data, list) else data), kind

    def SetValueEx(self, key: _Handle, value_name: str, reserved: int, type: int, value: Any) -> None:
        self._usable(key, KEY_SET_VALUE)
        data = _checked(type, value)
        name = value_name or ""
        key.key.values[name.lower()] = (name, data, type)

    def DeleteValue(self, key: _Handle, value: str) -> None:
        self._usable(key, KEY_SET_VALUE)
        if key.key.values.pop((value or "").lower(), None) is None:
            raise FileNotFoundError(2, _NOT_FOUND)

    def CloseKey(self, hkey: Any) -> None:
        if isinstance(hkey, _Handle):
            hkey.closed = True

    # for tests and fixtures -------------------------------------------------------------------------
    def value(self, key_path: str, name: str) -> tuple[Any, int]:
        """(data, REG_* type) of `name` under "HKCU\\Path\\To\\Key"; FileNotFoundError when missing."""
        hive, _, path = key_path.partition("\\")
        with self.OpenKey(HIVES[hive.upper()], path) as handle:
            return self.QueryValueEx(handle, name)

    def seed(self, key_path: str, name: str, data: Any, kind: int) -> None:
        """Put a value in place as Windows would have it, whatever the elevation."""
        hive, _, path = key_path.partition("\\")
        node = self._hives[hive.upper()]
        for part in _parts(path):
            node = node.subkeys.setdefault(part.lower(), _Key(part))
        node.values[name.lower()] = (name, _checked(kind, data), kind)

    def names(self, key_path: str) -> list[str]:
        """The value names of a key, with the case they were created with."""
        hive, _, path = key_path.partition("\\")
        with self.OpenKey(HIVES[hive.upper()], path) as handle:
            return sorted(name for name, _, _ in handle.key.values.values())

    def keys(self) -> list[str]:
        """Every key that holds a value, as "HKCU\\Path" with the case it was created with."""
        out: list[str] = []

        def walk(node: _Key, path: str) -> None:
            if node.values:
                out.append(path)
            for child in node.subkeys.values():
                walk(child, f"{path}\\{child.name}")

        for hive, root in self._hives.items():
            walk(root, hive)
        return sorted(out)

    # helpers ----------------------------------------------------------------------------------------
    def _start(self, key: Any) -> tuple[str, _Key]:
        if isinstance(key, _Handle):
            self._usable(key, 0)
            return key.hive, key.key
        hive = self._by_handle.get(key)
        if hive is None:
            raise OSError(6, "[WinError 6] The handle is invalid")
        return hive, self._hives[hive]

    def _missing(self, node: _Key, parts: list[str]) -> Iterator[str]:
        for part in parts:
            nxt = node.subkeys.get(part.lower())
            if nxt is None:
                yield part
                return
            node = nxt

    def _check_open(self, hive: str, access: int) -> None:
        wants_write = access & (KEY_SET_VALUE | KEY_CREATE_SUB_KEY)
        if wants_write and hive in ADMIN_HIVES and not self.elevated:
            raise PermissionError(13, _DENIED)

    @staticmethod
    def _usable(handle: _Handle, right: int) -> None:
        if not isinstance(handle, _Handle) or handle.closed:
            raise OSError(6, "[WinError 6] The handle is invalid")
        if right and not handle.access & right:
            raise PermissionError(13, _DENIED)


def _parts(sub_key: str) -> list[str]:
    if sub_key is None:
        return []
    if not isinstance(sub_key, str):
        raise TypeError(f"sub_key must be str, not {type(sub_key).__name__}")
    if sub_key.startswith("\\"):
        raise OSError(161, "[WinError 161] The specified path is invalid")
    parts = [p for p in sub_key.split("\\") if p]
    if any(len(p) > 255 for p in parts):
        raise OSError(87, "[WinError 87] The parameter is incorrect")
    return parts


def _checked(kind: int, value: Any) -> Any:
    """The data winreg.SetValueEx would store for `value` of type `kind`, or winreg's exception."""
    bad = ValueError("Could not convert the data to the specified type.")
    if kind in (REG_DWORD, REG_QWORD):
        if value is None:
            return 0
        if not isinstance(value, int):
            raise bad
        bits = 32 if kind == REG_DWORD else 64
        if value < 0:
            raise OverflowError("can't convert negative int to unsigned")
        if value >= 2**bits:
            raise OverflowError("int too big to convert")
        return int(value)
    if kind in (REG_SZ, REG_EXPAND_SZ):
        if value is None:
            return ""
        if not isinstance(value, str):
            raise bad
        if "\0" in value:
            raise ValueError("embedded null character")
        return value
    if kind == REG_MULTI_SZ:
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(s, str) for s in value):
            raise bad
        if any("\0" in s for s in value):
            raise ValueError("embedded null character")
        return list(value)
    # REG_BINARY, REG_NONE and any other type take a bytes-like object, as winreg does.
    if value is None:
        return b""
    try:
        return bytes(memoryview(value))
    except TypeError:
        raise TypeError(f"Objects of type '{type(value).__name__}' can not be used as binary registry values") from None
