"""Win32 user32 calls behind a seam: SystemParametersInfoW and the WM_SETTINGCHANGE broadcast.

`CtypesWin32` makes the real calls (ctypes.windll is touched only on Windows); `RecordingWin32` is the
in-memory model the tests use: it keeps the SPI values, checks that each SET gets its value where the
Win32 documentation puts it (uiParam or pvParam), and records every broadcast.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from ..errors import BackendError, Unsupported

SPIF_UPDATEINIFILE = 0x01
SPIF_SENDCHANGE = 0x02
SPIF_PERSIST = SPIF_UPDATEINIFILE | SPIF_SENDCHANGE  # write to the user profile and tell every window
HWND_BROADCAST = 0xFFFF
WM_SETTINGCHANGE = 0x001A
SMTO_ABORTIFHUNG = 0x0002
SM_SWAPBUTTON = 23

# SPI action codes from WinUser.h (Windows SDK 10.0.26100), for every action the catalog names.
# SET actions carry where their value goes, per the SystemParametersInfoW documentation:
#   "ui" = uiParam holds the value; "pv" = pvParam holds the value itself (an inlined BOOL/UINT) or,
#   for a string, points to it; "struct" = pvParam points to a struct and uiParam is its size.
# GET actions always write into pvParam: "int" (BOOL/UINT/int/DWORD/ULONG), "str" (a WCHAR buffer
# whose length is uiParam) or "struct".
SPI: dict[str, tuple[int, str]] = {
    "SPI_GETBEEP": (0x0001, "int"),
    "SPI_SETBEEP": (0x0002, "ui"),
    "SPI_GETKEYBOARDSPEED": (0x000A, "int"),
    "SPI_SETKEYBOARDSPEED": (0x000B, "ui"),
    "SPI_GETSCREENSAVETIMEOUT": (0x000E, "int"),
    "SPI_SETSCREENSAVETIMEOUT": (0x000F, "ui"),
    "SPI_GETSCREENSAVEACTIVE": (0x0010, "int"),
    "SPI_SETSCREENSAVEACTIVE": (0x0011, "ui"),
    "SPI_SETDESKWALLPAPER": (0x0014, "pv"),
    "SPI_GETDESKWALLPAPER": (0x0073, "str"),
    "SPI_GETKEYBOARDDELAY": (0x0016, "int"),
    "SPI_SETKEYBOARDDELAY": (0x0017, "ui"),
    "SPI_SETDOUBLECLICKTIME": (0x0020, "ui"),
    "SPI_SETMOUSEBUTTONSWAP": (0x0021, "ui"),
    "SPI_SETDRAGFULLWINDOWS": (0x0025, "ui"),
    "SPI_GETDRAGFULLWINDOWS": (0x0026, "int"),
    "SPI_GETFILTERKEYS": (0x0032, "struct"),
    "SPI_SETFILTERKEYS": (0x0033, "struct"),
    "SPI_GETTOGGLEKEYS": (0x0034, "struct"),
    "SPI_SETTOGGLEKEYS": (0x0035, "struct"),
    "SPI_GETMOUSEKEYS": (0x0036, "struct"),
    "SPI_SETMOUSEKEYS": (0x0037, "struct"),
    "SPI_GETSHOWSOUNDS": (0x0038, "int"),
    "SPI_SETSHOWSOUNDS": (0x0039, "ui"),
    "SPI_GETSTICKYKEYS": (0x003A, "struct"),
    "SPI_SETSTICKYKEYS": (0x003B, "struct"),
    "SPI_GETACCESSTIMEOUT": (0x003C, "struct"),
    "SPI_SETACCESSTIMEOUT": (0x003D, "struct"),
    "SPI_GETHIGHCONTRAST": (0x0042, "struct"),
    "SPI_SETHIGHCONTRAST": (0x0043, "struct"),
    "SPI_GETANIMATION": (0x0048, "struct"),
    "SPI_SETANIMATION": (0x0049, "struct"),
    "SPI_GETFONTSMOOTHING": (0x004A, "int"),
    "SPI_SETFONTSMOOTHING": (0x004B, "ui"),
    "SPI_SETMOUSETRAILS": (0x005D, "ui"),
    "SPI_GETMOUSETRAILS": (0x005E, "int"),
    "SPI_GETSNAPTODEFBUTTON": (0x005F, "int"),
    "SPI_SETSNAPTODEFBUTTON": (0x0060, "ui"),
    "SPI_GETMOUSEHOVERTIME": (0x0066, "int"),
    "SPI_SETMOUSEHOVERTIME": (0x0067, "ui"),
    "SPI_GETWHEELSCROLLLINES": (0x0068, "int"),
    "SPI_SETWHEELSCROLLLINES": (0x0069, "ui"),
    "SPI_GETMENUSHOWDELAY": (0x006A, "int"),
    "SPI_SETMENUSHOWDELAY": (0x006B, "ui"),
    "SPI_GETWHEELSCROLLCHARS": (0x006C, "int"),
    "SPI_SETWHEELSCROLLCHARS": (0x006D, "ui"),
    "SPI_GETMOUSESPEED": (0x0070, "int"),
    "SPI_SETMOUSESPEED": (0x0071, "pv"),
    "SPI_GETAUDIODESCRIPTION": (0x0074, "struct"),
    "SPI_SETAUDIODESCRIPTION": (0x0075, "struct"),
    "SPI_GETSCREENSAVESECURE": (0x0076, "int"),
    "SPI_SETSCREENSAVESECURE": (0x0077, "ui"),
    "SPI_GETHUNGAPPTIMEOUT": (0x0078, "int"),
    "SPI_SETHUNGAPPTIMEOUT": (0x0079, "ui"),
    "SPI_GETWINARRANGING": (0x0082, "int"),
    "SPI_SETWINARRANGING": (0x0083, "pv"),
    "SPI_GETDRAGFROMMAXIMIZE": (0x008C, "int"),
    "SPI_SETDRAGFROMMAXIMIZE": (0x008D, "pv"),
    "SPI_GETSNAPSIZING": (0x008E, "int"),
    "SPI_SETSNAPSIZING": (0x008F, "pv"),
    "SPI_GETDOCKMOVING": (0x0090, "int"),
    "SPI_SETDOCKMOVING": (0x0091, "pv"),
    "SPI_GETACTIVEWINDOWTRACKING": (0x1000, "int"),
    "SPI_SETACTIVEWINDOWTRACKING": (0x1001, "pv"),
    "SPI_GETMENUANIMATION": (0x1002, "int"),
    "SPI_SETMENUANIMATION": (0x1003, "pv"),
    "SPI_GETCOMBOBOXANIMATION": (0x1004, "int"),
    "SPI_SETCOMBOBOXANIMATION": (0x1005, "pv"),
    "SPI_GETLISTBOXSMOOTHSCROLLING": (0x1006, "int"),
    "SPI_SETLISTBOXSMOOTHSCROLLING": (0x1007, "pv"),
    "SPI_GETKEYBOARDCUES": (0x100A, "int"),
    "SPI_SETKEYBOARDCUES": (0x100B, "pv"),
    "SPI_GETACTIVEWNDTRKZORDER": (0x100C, "int"),
    "SPI_SETACTIVEWNDTRKZORDER": (0x100D, "pv"),
    "SPI_GETSELECTIONFADE": (0x1014, "int"),
    "SPI_SETSELECTIONFADE": (0x1015, "pv"),
    "SPI_GETTOOLTIPANIMATION": (0x1016, "int"),
    "SPI_SETTOOLTIPANIMATION": (0x1017, "pv"),
    "SPI_GETCURSORSHADOW": (0x101A, "int"),
    "SPI_SETCURSORSHADOW": (0x101B, "pv"),
    "SPI_GETMOUSESONAR": (0x101C, "int"),
    "SPI_SETMOUSESONAR": (0x101D, "pv"),
    "SPI_GETMOUSECLICKLOCK": (0x101E, "int"),
    "SPI_SETMOUSECLICKLOCK": (0x101F, "pv"),
    "SPI_GETMOUSEVANISH": (0x1020, "int"),
    "SPI_SETMOUSEVANISH": (0x1021, "pv"),
    "SPI_GETDROPSHADOW": (0x1024, "int"),
    "SPI_SETDROPSHADOW": (0x1025, "pv"),
    "SPI_GETUIEFFECTS": (0x103E, "int"),
    "SPI_SETUIEFFECTS": (0x103F, "pv"),
    "SPI_GETCLIENTAREAANIMATION": (0x1042, "int"),
    "SPI_SETCLIENTAREAANIMATION": (0x1043, "pv"),
    "SPI_GETCLEARTYPE": (0x1048, "int"),
    "SPI_SETCLEARTYPE": (0x1049, "pv"),
    "SPI_GETSYSTEMLANGUAGEBAR": (0x1050, "int"),
    "SPI_SETSYSTEMLANGUAGEBAR": (0x1051, "pv"),
    "SPI_GETCARETWIDTH": (0x2006, "int"),
    "SPI_SETCARETWIDTH": (0x2007, "pv"),
    # The documentation says pvParam; ReactOS and DrMemory read uiParam. A write is read back, so a
    # wrong guess fails loudly instead of silently doing nothing.
    "SPI_GETMOUSECLICKLOCKTIME": (0x2008, "int"),
    "SPI_SETMOUSECLICKLOCKTIME": (0x2009, "pv"),
    "SPI_GETFONTSMOOTHINGCONTRAST": (0x200C, "int"),
    "SPI_SETFONTSMOOTHINGCONTRAST": (0x200D, "pv"),
    "SPI_GETMESSAGEDURATION": (0x2016, "int"),
    "SPI_SETMESSAGEDURATION": (0x2017, "pv"),
}
PLACEMENT = {"uiParam": "ui", "pvParam": "pv"}
WALLPAPER_CHARS = 1024  # SPI_GETDESKWALLPAPER buffer (MAX_PATH is 260; long paths go beyond it)


def counterpart(action: str) -> str:
    """SPI_SETFOO -> SPI_GETFOO and back (the name of the value both act on is FOO)."""
    return (
        action.replace("SPI_SET", "SPI_GET", 1)
        if action.startswith("SPI_SET")
        else action.replace("SPI_GET", "SPI_SET", 1)
    )


@runtime_checkable
class Win32(Protocol):
    def spi_get(self, action: str) -> int | str:
        """SystemParametersInfoW(action, 0, &out, 0) for a BOOL/UINT/int value, or the string of a
        WCHAR-buffer action (SPI_GETDESKWALLPAPER)."""

    def spi_set(self, action: str, value: int | str, param: str) -> None:
        """SystemParametersInfoW(action, ...) with `value` in `param` ("uiParam"/"pvParam") and
        SPIF_UPDATEINIFILE | SPIF_SENDCHANGE."""

    def spi_get_struct(self, action: str, fields: int) -> list[int]:
        """A struct of `fields` 32-bit fields whose first is cbSize (STICKYKEYS, FILTERKEYS, ...)."""

    def spi_set_struct(self, action: str, values: list[int]) -> None: ...

    def get_system_metrics(self, index: int) -> int: ...

    def get_double_click_time(self) -> int: ...

    def broadcast_setting_change(self, area: str) -> None:
        """SendMessageTimeoutW(HWND_BROADCAST, WM_SETTINGCHANGE, 0, area, SMTO_ABORTIFHUNG, ...)."""


def _code(action: str, want: tuple[str, ...]) -> tuple[int, str]:
    entry = SPI.get(action)
    if entry is None:
        raise Unsupported(f"unknown SystemParametersInfo action {action}")
    if entry[1] not in want:
        raise BackendError(f"{action} takes a {entry[1]} value, not {'/'.join(want)}")
    return entry


class CtypesWin32:
    """The real user32 calls through ctypes."""

    def __init__(self) -> None:
        if sys.platform != "win32":
            raise Unsupported("Win32 APIs exist only on Windows")
        import ctypes
        from ctypes import wintypes

        self._c, self._w = ctypes, wintypes
        user32 = ctypes.WinDLL("user32", use_last_error=True)
        self._spi = user32.SystemParametersInfoW
        self._spi.argtypes = [wintypes.UINT, wintypes.UINT, ctypes.c_void_p, wintypes.UINT]
        self._spi.restype = wintypes.BOOL
        self._send = user32.SendMessageTimeoutW
        self._send.argtypes = [
            wintypes.HWND,
            wintypes.UINT,
            wintypes.WPARAM,
            wintypes.LPCWSTR,
            wintypes.UINT,
            wintypes.UINT,
            ctypes.POINTER(ctypes.c_size_t),
        ]
        self._send.restype = ctypes.c_ssize_t
        self._metrics = user32.GetSystemMetrics
        self._dblclick = user32.GetDoubleClickTime

    def _call(self, action: str, ui: int, pv: Any, flags: int) -> None:
        code = SPI[action][0]
        if not self._spi(code, ui, pv, flags):
            err = self._c.get_last_error()
            raise BackendError(f"SystemParametersInfoW({action}) failed: {self._c.FormatError(err).strip()}")

    def spi_get(self, action: str) -> int | str:
        _, kind = _code(action, ("int", "str"))
        if kind == "str":
            buf = self._c.create_unicode_buffer(WALLPAPER_CHARS)
            self._call(action, WALLPAPER_CHARS, buf, 0)
            return buf.value
        out = self._w.UINT(0)
        self._call(action, 0, self._c.byref(out), 0)
        return int(out.value)

    def spi_set(self, action: str, value: int | str, param: str) -> None:
        _code(action, ("ui", "pv"))
        if isinstance(value, str):
            self._call(action, 0, self._c.c_wchar_p(value), SPIF_PERSIST)
        elif param == "uiParam":
            self._call(action, int(value), None, SPIF_PERSIST)
        else:
            self._call(action, 0, self._c.c_void_p(int(value)), SPIF_PERSIST)

    def spi_get_struct(self, action: str, fields: int) -> list[int]:
        _code(action, ("struct",))
        buf = (self._w.UINT * fields)(fields * 4)
        self._call(action, fields * 4, self._c.byref(buf), 0)
        return list(buf)

    def spi_set_struct(self, action: str, values: list[int]) -> None:
        _code(action, ("struct",))
        buf = (self._w.UINT * len(values))(len(values) * 4, *values[1:])
        self._call(action, len(values) * 4, self._c.byref(buf), SPIF_PERSIST)

    def get_system_metrics(self, index: int) -> int:
        return int(self._metrics(index))

    def get_double_click_time(self) -> int:
        return int(self._dblclick())

    def broadcast_setting_change(self, area: str) -> None:
        result = self._c.c_size_t(0)
        # A hung window must not hang mu: SMTO_ABORTIFHUNG and 5 s per window. A zero return only
        # means some window timed out; the settings are already written.
        self._send(HWND_BROADCAST, WM_SETTINGCHANGE, 0, area, SMTO_ABORTIFHUNG, 5000, self._c.byref(result))


@dataclass(frozen=True)
class Broadcast:
    """One WM_SETTINGCHANGE: wparam is the SPI action code (SPIF_SENDCHANGE) or 0; lparam the area."""

    wparam: int
    lparam: str | None


@dataclass
class RecordingWin32:
    """user32 in memory: SPI values by name, struct values, and every broadcast in order."""

    values: dict[str, Any] = field(default_factory=dict)  # "BEEP" -> 1, "STICKYKEYS" -> [8, 0x1FE]
    broadcasts: list[Broadcast] = field(default_factory=list)
    calls: list[tuple] = field(default_factory=list)

    @staticmethod
    def _name(action: str) -> str:
        return action[len("SPI_GET") :]

    def spi_get(self, action: str) -> int | str:
        _, kind = _code(action, ("int", "str"))
        self.calls.append(("get", action))
        return self.values.get(self._name(action), "" if kind == "str" else 0)

    def spi_set(self, action: str, value: int | str, param: str) -> None:
        _, where = _code(action, ("ui", "pv"))
        if PLACEMENT.get(param) != where:
            raise BackendError(f"{action} takes its value in {'uiParam' if where == 'ui' else 'pvParam'}, not {param}")
        if isinstance(value, str):
            if where != "pv":
                raise BackendError(f"{action} takes a number, not text")
        elif not 0 <= int(value) < 2**32:
            raise BackendError(f"{action}: {value} does not fit a UINT")
        self.calls.append(("set", action, value, param))
        self.values[self._name(action)] = value if isinstance(value, str) else int(value)
        self.broadcasts.append(Broadcast(SPI[action][0], None))

    def spi_get_struct(self, action: str, fields: int) -> list[int]:
        _code(action, ("struct",))
        self.calls.append(("get_struct", action))
        stored = self.values.get(self._name(action))
        return list(stored) if stored else [fields * 4] + [0] * (fields - 1)

    def spi_set_struct(self, action: str, values: list[int]) -> None:
        _code(action, ("struct",))
        if values[0] != len(values) * 4:
            raise BackendError(f"{action}: cbSize {values[0]} does not match the struct")
        self.calls.append(("set_struct", action, list(values)))
        self.values[self._name(action)] = list(values)
        self.broadcasts.append(Broadcast(SPI[action][0], None))

    def get_system_metrics(self, index: int) -> int:
        if index == SM_SWAPBUTTON:
            return int(bool(self.values.get("MOUSEBUTTONSWAP", 0)))
        return 0

    def get_double_click_time(self) -> int:
        return int(self.values.get("DOUBLECLICKTIME", 500))

    def broadcast_setting_change(self, area: str) -> None:
        self.broadcasts.append(Broadcast(0, area))
