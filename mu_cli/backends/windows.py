"""The Windows backend: the registry and SystemParametersInfo through thin seams (winreg_seam,
win32_seam), powercfg through an argument list, and Core Audio, monitor brightness and WinRT radios
through the Windows-only libraries pycaw, screen-brightness-control and PyWinRT (imported lazily).

Each catalog binding names its mechanism (`via`); one handler per mechanism reads and writes it.
Catalog values go through base.to_os/from_os, so the catalog's `map` and `linear` decide what is stored.
"""

from __future__ import annotations

import asyncio
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping
from importlib.util import find_spec
from typing import Any

from ..catalog import Setting
from ..errors import BackendError, Refused, Unsupported, ValueRefused
from . import winreg_seam as wr
from .base import Availability, BackendName, HandlerBackend, coerce, existing_picture, from_os, to_os
from .win32_seam import SM_SWAPBUTTON, SPI
from .winreg_seam import RegWrite, reg_data, split_key, value_name

ADMIN = "needs admin: run from an elevated prompt with --allow-admin"
MISSING = object()  # a registry value (or its key) that does not exist


def _key(value: Any) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


# --- registry values: catalog value -> what is written (shared with emit.py) ----------------------


def value_spec(binding: Mapping[str, Any], value: Mapping[str, Any]) -> Mapping[str, Any]:
    """A registry value's own map/linear, falling back to the binding's."""
    return {**{k: binding[k] for k in ("map", "linear") if k in binding}, **value}


def registry_writes(setting: Setting, value: Any) -> list[RegWrite]:
    """Every value a registry-bound setting writes for catalog `value`; ValueRefused when the catalog
    has no registry data for it. Nothing is written: this is the plan (the backend and emit run it)."""
    binding = setting.bindings["windows"].spec
    return [_one_write(setting, value_spec(binding, v), value) for v in binding["values"]]


def _one_write(setting: Setting, spec: Mapping[str, Any], value: Any) -> RegWrite:
    hive, path = split_key(spec["key"])
    name = value_name(spec["name"])
    if "delete_means" in spec and _key(value) == _key(spec["delete_means"]):
        return RegWrite(hive, path, name, spec["type"], delete=True)
    mapping = spec.get("map")
    if mapping and _key(value) not in {_key(k) for k in mapping}:
        raise ValueRefused(
            f"{setting.id}: the catalog gives no registry data for {setting.format_value(value)} "
            f"({spec['key']}\\{spec['name']})"
        )
    where = f"{setting.id} ({spec['key']}\\{spec['name']})"
    return RegWrite(hive, path, name, spec["type"], reg_data(spec["type"], to_os(spec, setting, value), where))


def _same_raw(a: Any, b: Any) -> bool:
    return a == b or (a is not MISSING and b is not MISSING and str(a) == str(b))


def _catalog_value(setting: Setting, raw_key: Any) -> Any:
    """A map key or delete_means as the catalog type."""
    if setting.kind == "toggle":
        return raw_key if isinstance(raw_key, bool) else str(raw_key).lower() == "true"
    return coerce(setting, raw_key) if setting.kind in ("range", "duration") else str(raw_key)


class Handler:
    """One mechanism (`via`): what it cannot do here, its devices, read and write."""

    def __init__(self, backend: WindowsBackend | None = None):
        self.b = backend

    def unsupported(self, setting: Setting, spec: Mapping[str, Any]) -> str | None:
        return None

    def targets(self, spec: Mapping[str, Any]) -> list[str]:
        return []


class RegistryValues(Handler):
    """via: registry: every value is written (in order), the first is read."""

    def unsupported(self, setting: Setting, spec: Mapping[str, Any]) -> str | None:
        return self.b.missing("registry")

    def read(self, setting: Setting, spec: Mapping[str, Any], target: str | None) -> Any:
        values = [value_spec(spec, v) for v in spec["values"]]
        first = values[0]
        raw = self.query(first)
        if raw is MISSING:
            return _catalog_value(setting, first["delete_means"]) if "delete_means" in first else setting.default
        mapping = first.get("map") or {}
        keys = [k for k, v in mapping.items() if _same_raw(v, raw)]
        # Two catalog values can write the same first value (UAC "notify" with and without dimming,
        # wallpaper "tile" and "center"): the other values tell them apart.
        for other in values[1:]:
            if len(keys) < 2:
                break
            seen = self.query(other)
            keys = [k for k in keys if _same_raw(self._expected(setting, other, k), seen)] or keys
        return _catalog_value(setting, keys[0]) if keys else from_os(first, setting, raw)

    def _expected(self, setting: Setting, spec: Mapping[str, Any], key: Any) -> Any:
        try:
            w = _one_write(setting, spec, _catalog_value(setting, key))
        except ValueRefused:
            return None
        return MISSING if w.delete else w.data

    def write(self, setting: Setting, spec: Mapping[str, Any], value: Any, target: str | None) -> None:
        plan = registry_writes(setting, value)  # every value is checked before any is written
        admin = next((w for w in plan if w.needs_admin), None)
        if admin and not self.b.elevated:
            raise Refused(f"{setting.title} ({setting.id}) writes {admin.key}: {ADMIN}")
        before = [self.snapshot(w) for w in plan] if len(plan) > 1 else []
        done: list[RegWrite] = []
        try:
            for w in plan:
                self.apply(w, f"{setting.title} ({setting.id})")
                done.append(w)
        except BaseException:
            for w, old in zip(done, before):  # put back the values already written
                self.restore(w, old)
            raise
        self.b.notify(setting, spec.get("notify"))

    def query(self, spec: Mapping[str, Any]) -> Any:
        hive, path = split_key(spec["key"])
        return self._get(hive, path, value_name(spec["name"]))[0]

    def snapshot(self, w: RegWrite) -> tuple[Any, int]:
        return self._get(w.hive, w.path, w.name)

    def _get(self, hive: str, path: str, name: str) -> tuple[Any, int]:
        reg = self.b.registry
        try:
            with wr.opened(reg, hive, path, wr.KEY_READ) as handle:
                return reg.QueryValueEx(handle, name)
        except FileNotFoundError:
            return MISSING, wr.REG_NONE
        except OSError as exc:
            raise BackendError(f"cannot read {hive}\\{path}\\{name}: {exc.strerror or exc}") from None

    def apply(self, w: RegWrite, who: str) -> None:
        reg = self.b.registry
        try:
            if w.delete:
                try:
                    with wr.opened(reg, w.hive, w.path, wr.KEY_SET_VALUE) as handle:
                        reg.DeleteValue(handle, w.name)
                except FileNotFoundError:
                    pass  # the key or the value is already gone: that is what "delete" asks for
                return
            with wr.opened(reg, w.hive, w.path, wr.KEY_SET_VALUE, create=True) as handle:
                reg.SetValueEx(handle, w.name, 0, wr.REG_TYPES[w.type], w.data)
        except PermissionError:
            raise Refused(f"{who}: access to {w.key} denied: {ADMIN}") from None
        except (OSError, ValueError, TypeError) as exc:
            raise BackendError(f"cannot write {w.key}\\{w.name or '(Default)'}: {exc}") from None

    def restore(self, w: RegWrite, old: tuple[Any, int]) -> None:
        data, kind = old
        name = {v: k for k, v in wr.REG_TYPES.items()}.get(kind, "REG_BINARY")
        try:
            self.apply(RegWrite(w.hive, w.path, w.name, name, data, delete=data is MISSING), "restore")
        except Exception:  # keep restoring the others; the journal still holds the old value
            pass


# --- SystemParametersInfo ----------------------------------------------------------------------------


def _spi_value(value: Any) -> int | str:
    if isinstance(value, str):
        return value
    if isinstance(value, float) and not value.is_integer():
        raise ValueRefused(f"{value} is not a whole number")
    return int(value)


class Spi(Handler):
    """via: spi: SystemParametersInfoW get/set by action name; every set is read back."""

    def unsupported(self, setting: Setting, spec: Mapping[str, Any]) -> str | None:
        unknown = [a for a in (spec.get("get"), spec.get("set")) if a not in SPI]
        return f"unknown SystemParametersInfo action {unknown[0]}" if unknown else self.b.missing("win32")

    def read(self, setting: Setting, spec: Mapping[str, Any], target: str | None) -> Any:
        return from_os(spec, setting, self.b.win32.spi_get(spec["get"]))

    def write(self, setting: Setting, spec: Mapping[str, Any], value: Any, target: str | None) -> None:
        mapping = spec.get("map")
        if mapping and _key(value) not in {_key(k) for k in mapping}:
            raise ValueRefused(
                f"{setting.id}: the catalog gives no {spec['set']} value for {setting.format_value(value)}"
            )
        if spec["set"] == "SPI_SETDESKWALLPAPER":
            existing_picture(setting, value)
        self.b.win32.spi_set(spec["set"], _spi_value(to_os(spec, setting, value)), spec["param"])
        now = self.read(setting, spec, target)
        if not isinstance(now, str) and now != value:
            raise BackendError(f"{spec['set']} did not take: {setting.id} reads back {setting.format_value(now)}")


# Win32 settings that are one flag of an SPI struct: SET action -> (32-bit fields, field, bit or 0 for a BOOL)
SPI_STRUCTS = {
    "SPI_SETSTICKYKEYS": (2, 1, 0x1),  # STICKYKEYS {cbSize, dwFlags}: SKF_STICKYKEYSON
    "SPI_SETFILTERKEYS": (6, 1, 0x1),  # FILTERKEYS {cbSize, dwFlags, 4 timings}: FKF_FILTERKEYSON
    "SPI_SETTOGGLEKEYS": (2, 1, 0x1),  # TOGGLEKEYS: TKF_TOGGLEKEYSON
    "SPI_SETMOUSEKEYS": (7, 1, 0x1),  # MOUSEKEYS {cbSize, dwFlags, 5 more}: MKF_MOUSEKEYSON
    "SPI_SETACCESSTIMEOUT": (3, 1, 0x1),  # ACCESSTIMEOUT {cbSize, dwFlags, iTimeOutMSec}: ATF_TIMEOUTON
    "SPI_SETANIMATION": (2, 1, 0),  # ANIMATIONINFO {cbSize, iMinAnimate}
    "SPI_SETAUDIODESCRIPTION": (3, 1, 0),  # AUDIODESCRIPTION {cbSize, Enabled, Locale}
}


class Win32Calls(Handler):
    """via: win32: the settings that are SystemParametersInfo calls (flags of a struct, button swap,
    double-click time); the rest say which call mu does not make yet."""

    @staticmethod
    def action(spec: Mapping[str, Any]) -> str:
        found = re.search(r"SPI_SET[A-Z]+", spec.get("api", ""))
        return found.group(0) if found else ""

    def unsupported(self, setting: Setting, spec: Mapping[str, Any]) -> str | None:
        action = self.action(spec)
        if action in SPI_STRUCTS or action in ("SPI_SETMOUSEBUTTONSWAP", "SPI_SETDOUBLECLICKTIME"):
            return self.b.missing("win32")
        if action == "SPI_SETHIGHCONTRAST":
            return "SPI_SETHIGHCONTRAST needs the contrast theme's file, which the catalog does not name"
        call = spec.get("api", "a Win32 call").split("(")[0].strip()
        return f"not implemented in mu's Win32 layer yet: {call}"

    def read(self, setting: Setting, spec: Mapping[str, Any], target: str | None) -> Any:
        action, w32 = self.action(spec), self.b.win32
        if action in SPI_STRUCTS:
            fields, index, bit = SPI_STRUCTS[action]
            got = w32.spi_get_struct(action.replace("SPI_SET", "SPI_GET", 1), fields)[index]
            return bool(got & bit) if bit else bool(got)
        raw = (
            w32.get_system_metrics(SM_SWAPBUTTON) if action == "SPI_SETMOUSEBUTTONSWAP" else w32.get_double_click_time()
        )
        return from_os(spec, setting, raw)

    def write(self, setting: Setting, spec: Mapping[str, Any], value: Any, target: str | None) -> None:
        action, w32 = self.action(spec), self.b.win32
        if action not in SPI_STRUCTS:
            w32.spi_set(action, _spi_value(to_os(spec, setting, value)), "uiParam")
            return
        fields, index, bit = SPI_STRUCTS[action]
        struct = w32.spi_get_struct(action.replace("SPI_SET", "SPI_GET", 1), fields)
        # Change only the one flag: the other flags and timings are the user's.
        struct[index] = (struct[index] | bit if value else struct[index] & ~bit) if bit else int(bool(value))
        w32.spi_set_struct(action, struct)


# --- powercfg, Core Audio, brightness, WinRT radios ---------------------------------------------------


def _windows_module(module: str, package: str, what: str) -> str | None:
    if sys.platform != "win32":
        return f"{what} needs Windows and the {package} package"
    try:
        found = find_spec(module)
    except ModuleNotFoundError:
        found = None
    return None if found else f"{what} needs the {package} package (pip install {package})"


def run_powercfg(args: list[str]) -> str:
    """powercfg.exe with an argument list (no shell); its stdout, or BackendError."""
    try:
        proc = subprocess.run(["powercfg", *args], capture_output=True, text=True, errors="replace", timeout=30)
    except FileNotFoundError:
        raise Unsupported("powercfg.exe not found (it ships with Windows)") from None
    except subprocess.TimeoutExpired:
        raise BackendError(f"powercfg {' '.join(args)} did not answer in 30 s") from None
    if proc.returncode != 0:
        detail = (proc.stderr or proc.stdout).strip().splitlines()
        raise BackendError(f"powercfg {' '.join(args)} failed: {detail[0] if detail else proc.returncode}")
    return proc.stdout


class Powercfg(Handler):
    """via: powercfg: a power setting of the active plan, AC and/or DC (`power`)."""

    def __init__(self, run: Callable[[list[str]], str] | None = None):
        self.run = run or run_powercfg

    def unsupported(self, setting: Setting, spec: Mapping[str, Any]) -> str | None:
        if self.run is run_powercfg and shutil.which("powercfg") is None:
            return "powercfg.exe not found (it ships with Windows)"
        return None

    def read(self, setting: Setting, spec: Mapping[str, Any], target: str | None) -> Any:
        out = self.run(["/query", "SCHEME_CURRENT", spec["subgroup"], spec["setting"]])
        # The labels are localized; the AC and DC indexes are the last two 0x values, in that order.
        found = re.findall(r"0x([0-9a-fA-F]{8})\b", out)
        if len(found) < 2:
            raise BackendError(f"powercfg /query {spec['subgroup']} {spec['setting']}: no AC/DC values in its output")
        ac, dc = (int(h, 16) for h in found[-2:])
        return from_os(spec, setting, dc if spec.get("power") == "dc" else ac)

    def write(self, setting: Setting, spec: Mapping[str, Any], value: Any, target: str | None) -> None:
        index = _spi_value(to_os(spec, setting, value))
        if not isinstance(index, int) or index < 0:
            raise ValueRefused(
                f"{setting.id}: the catalog gives no power setting index for {setting.format_value(value)}"
            )
        power = spec.get("power", "both")
        sides = ["ac", "dc"] if power == "both" else [power]
        for side in sides:
            self.run([f"/set{side}valueindex", "SCHEME_CURRENT", spec["subgroup"], spec["setting"], str(index)])
        self.run(["/setactive", "SCHEME_CURRENT"])  # the active plan takes the new index now


class CoreAudio(Handler):
    """via: core_audio: the default render/capture endpoint's volume or mute, through pycaw."""

    def unsupported(self, setting: Setting, spec: Mapping[str, Any]) -> str | None:
        return _windows_module("pycaw", "pycaw", "Core Audio")

    def _endpoint(self, spec: Mapping[str, Any]) -> Any:
        from pycaw.pycaw import AudioUtilities  # type: ignore[import-not-found]

        capture = spec.get("endpoint") == "capture"
        device = AudioUtilities.GetMicrophone() if capture else AudioUtilities.GetSpeakers()
        if device is None:
            raise BackendError(f"no default {'input' if capture else 'output'} device")
        volume = getattr(device, "EndpointVolume", None)  # pycaw >= 2024 wraps the IMMDevice
        if volume is None:
            from comtypes import CLSCTX_ALL  # type: ignore[import-not-found]
            from pycaw.pycaw import IAudioEndpointVolume  # type: ignore[import-not-found]

            volume = device.Activate(IAudioEndpointVolume._iid_, CLSCTX_ALL, None).QueryInterface(IAudioEndpointVolume)
        return volume

    def read(self, setting: Setting, spec: Mapping[str, Any], target: str | None) -> Any:
        volume = self._endpoint(spec)
        if spec.get("control") == "mute":
            return bool(volume.GetMute())
        return coerce(setting, volume.GetMasterVolumeLevelScalar() * 100)

    def write(self, setting: Setting, spec: Mapping[str, Any], value: Any, target: str | None) -> None:
        volume = self._endpoint(spec)
        if spec.get("control") == "mute":
            volume.SetMute(int(bool(value)), None)
        else:
            volume.SetMasterVolumeLevelScalar(min(max(float(value) / 100, 0.0), 1.0), None)


class Brightness(Handler):
    """via: wmi (laptop panel, WmiMonitorBrightnessMethods) or DDC/CI monitors ("vcp", dxva2), through
    screen-brightness-control."""

    def __init__(self, method: str):
        self.method = method

    def unsupported(self, setting: Setting, spec: Mapping[str, Any]) -> str | None:
        return _windows_module("screen_brightness_control", "screen-brightness-control", "brightness")

    def targets(self, spec: Mapping[str, Any]) -> list[str]:
        import screen_brightness_control as sbc  # type: ignore[import-not-found]

        return list(sbc.list_monitors(method=self.method))

    def read(self, setting: Setting, spec: Mapping[str, Any], target: str | None) -> Any:
        import screen_brightness_control as sbc  # type: ignore[import-not-found]

        found = sbc.get_brightness(display=target or 0, method=self.method)
        if not found:
            raise BackendError(f"no display answers brightness queries ({self.method})")
        return coerce(setting, found[0])

    def write(self, setting: Setting, spec: Mapping[str, Any], value: Any, target: str | None) -> None:
        import screen_brightness_control as sbc  # type: ignore[import-not-found]

        sbc.set_brightness(int(value), display=target or 0, method=self.method)


class Radios(Handler):
    """via: winrt: Windows.Devices.Radios (Wi-Fi, Bluetooth) and the mobile hotspot's tethering manager."""

    def unsupported(self, setting: Setting, spec: Mapping[str, Any]) -> str | None:
        if "Tethering" in spec.get("api", ""):
            return _windows_module(
                "winrt.windows.networking.networkoperators",
                "winrt-Windows.Networking.NetworkOperators",
                "the mobile hotspot",
            )
        return _windows_module("winrt.windows.devices.radios", "winrt-Windows.Devices.Radios", "radio control")

    def read(self, setting: Setting, spec: Mapping[str, Any], target: str | None) -> Any:
        return asyncio.run(self._hotspot(spec) if "Tethering" in spec.get("api", "") else self._radio(spec))

    def write(self, setting: Setting, spec: Mapping[str, Any], value: Any, target: str | None) -> None:
        asyncio.run(
            self._hotspot(spec, bool(value)) if "Tethering" in spec.get("api", "") else self._radio(spec, bool(value))
        )

    @staticmethod
    async def _radio(spec: Mapping[str, Any], on: bool | None = None) -> bool:
        from winrt.windows.devices.radios import Radio, RadioState  # type: ignore[import-not-found]

        found = re.search(r"RadioKind\.\w+\((\d+)\)", spec.get("api", ""))
        kind = int(found.group(1)) if found else -1
        if int(await Radio.request_access_async()) != 1:  # RadioAccessStatus.Allowed
            raise BackendError("Windows denies radio access (Settings > Privacy & security > Radios)")
        radio = next((r for r in await Radio.get_radios_async() if int(r.kind) == kind), None)
        if radio is None:
            raise BackendError("this machine has no such radio")
        if on is not None and int(await radio.set_state_async(RadioState(1 if on else 2))) != 1:
            raise BackendError("Windows refused to switch the radio")
        return int(radio.state) == 1  # RadioState.On

    @staticmethod
    async def _hotspot(spec: Mapping[str, Any], on: bool | None = None) -> bool:
        from winrt.windows.networking.connectivity import NetworkInformation  # type: ignore[import-not-found]
        from winrt.windows.networking.networkoperators import NetworkOperatorTetheringManager  # type: ignore

        profile = NetworkInformation.get_internet_connection_profile()
        if profile is None:
            raise BackendError("no internet connection to share")
        manager = NetworkOperatorTetheringManager.create_from_connection_profile(profile)
        if on is not None:
            result = await (manager.start_tethering_async() if on else manager.stop_tethering_async())
            if int(result.status) != 0:  # TetheringOperationStatus.Success
                raise BackendError(f"mobile hotspot: {result.additional_error_message or result.status}")
        return int(manager.tethering_operational_state) == 1  # TetheringOperationalState.On


class ByHand(Handler):
    """via: page and via: powershell: mu does not change it; say why and which page does."""

    def unsupported(self, setting: Setting, spec: Mapping[str, Any]) -> str:
        why = spec.get("reason") or "no verified way to change it"
        if spec.get("via") == "powershell":
            why = f"it is changed by a PowerShell command ({spec.get('api', '?')}), which mu does not run"
        return f"{why}; change it by hand: open {self.b.page_uri(setting)}"

    def read(self, setting: Setting, spec: Mapping[str, Any], target: str | None) -> Any:
        raise Unsupported(f"{setting.id}: {self.unsupported(setting, spec)}")

    def write(self, setting: Setting, spec: Mapping[str, Any], value: Any, target: str | None) -> None:
        raise Unsupported(f"{setting.id}: {self.unsupported(setting, spec)}")


# --- the backend ------------------------------------------------------------------------------------


class WindowsBackend(HandlerBackend):
    """Reads and writes the catalog's `windows` bindings. The seams default to the real registry and
    user32 (on Windows only); tests pass a MemoryRegistry and a RecordingWin32."""

    name = BackendName.WINDOWS
    platform = "windows"

    def __init__(
        self,
        registry: wr.Registry | None = None,
        win32: Any = None,
        elevated: bool | None = None,
        *,
        catalog: Any = None,
    ):
        self._registry, self._win32, self._elevated, self._catalog = registry, win32, elevated, catalog
        self.notes: list[str] = []  # things to tell the user after a write (Explorer restarts)
        byhand = ByHand(self)
        self.handlers: dict[str, Any] = {
            "registry": RegistryValues(self),
            "spi": Spi(self),
            "win32": Win32Calls(self),
            "powercfg": Powercfg(),
            "core_audio": CoreAudio(),
            "wmi": Brightness("wmi"),
            "ddc": Brightness("vcp"),
            "winrt": Radios(),
            "powershell": byhand,
            "page": byhand,
        }

    @property
    def registry(self) -> wr.Registry:
        if self._registry is None:
            self._registry = wr.RealRegistry()  # Unsupported off Windows
        return self._registry

    @property
    def win32(self) -> Any:
        if self._win32 is None:
            from .win32_seam import CtypesWin32

            self._win32 = CtypesWin32()  # Unsupported off Windows
        return self._win32

    @property
    def elevated(self) -> bool:
        return self._elevated if self._elevated is not None else bool(self.registry.elevated)

    def missing(self, seam: str) -> str | None:
        """Why the registry or win32 seam cannot be had here, else None."""
        try:
            getattr(self, seam)
        except Unsupported as exc:
            return str(exc)
        return None

    def availability(self) -> Availability:
        if sys.platform != "win32":
            return Availability(self.name, False, "not Windows")
        admin = "elevated" if self.elevated else "not elevated: machine-wide settings need an elevated prompt"
        return Availability(self.name, True, f"Windows registry and Win32 APIs ({admin})")

    def unsupported(self, setting: Setting) -> str | None:
        try:
            handler, spec = self._handler(setting)
            return handler.unsupported(setting, spec)
        except Unsupported as exc:
            return str(exc)

    def refusal(self, setting: Setting) -> str | None:
        """Why writing `setting` would be refused here (machine-wide values, not elevated), else None."""
        binding = setting.bindings.get(self.platform)
        if binding is None or binding.via != "registry" or self.elevated:
            return None
        hives = {split_key(v["key"])[0] for v in binding.spec["values"]}
        return f"{setting.title} ({setting.id}) {ADMIN}" if hives & wr.ADMIN_HIVES else None

    def take_notes(self) -> list[str]:
        notes, self.notes = self.notes, []
        return notes

    def notify(self, setting: Setting, area: str | None) -> None:
        if area == "explorer":
            self.notes.append(
                f"{setting.title}: shows after Explorer restarts (sign out and in, or restart explorer.exe)"
            )
        elif area:
            self.win32.broadcast_setting_change(area)

    def page_uri(self, setting: Setting) -> str:
        try:
            if self._catalog is None:
                from ..catalog import Catalog

                self._catalog = Catalog.load()
            page = self._catalog.page(setting.page)
        except Exception:  # the catalog is only needed for the hint; never fail because of it
            page = None
        return page.windows if page is not None and page.windows else "its page in Settings"

    def _handler(self, setting: Setting) -> tuple[Any, Mapping[str, Any]]:
        binding = setting.bindings.get(self.platform)
        if binding is None:
            raise Unsupported(f"{setting.id} has no Windows binding")
        via = binding.via
        if via == "win32" and "dxva2" in binding.spec.get("api", ""):
            via = "ddc"  # external monitors over DDC/CI: the same library as the panel's WMI brightness
        handler = self.handlers.get(via)
        if handler is None:
            raise Unsupported(f"{setting.id}: unknown Windows mechanism {binding.via!r}")
        return handler, {**binding.spec, "via": binding.via}
