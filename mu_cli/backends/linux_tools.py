"""Linux command-line tools behind the GNOME backend: one runner, one small handler per binding kind.

Every tool is found with shutil.which when it is used (not at import), called with an argument list
(never a shell), with a timeout, and its failures become one-line BackendErrors. Output is parsed in
the C.UTF-8 locale so messages are untranslated while non-ASCII text survives.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..catalog import Setting
from ..errors import BackendError
from .base import coerce, from_os, to_os

# The Debian package to install when a tool is missing (named in the error message).
PACKAGES = {
    "gsettings": "libglib2.0-bin",
    "pactl": "pulseaudio-utils",
    "nmcli": "network-manager",
    "rfkill": "rfkill",
    "bluetoothctl": "bluez",
    "ddcutil": "ddcutil",
    "powerprofilesctl": "power-profiles-daemon",
    "busctl": "systemd",
}
DEFAULT_TIMEOUT = 10.0


def missing(tool: str) -> str | None:
    """None when `tool` is on PATH, else the one-line reason."""
    return None if shutil.which(tool) else not_found(tool)


def not_found(tool: str) -> str:
    return f"{tool} not found: install {PACKAGES.get(tool, tool)}"


def tool_env() -> dict[str, str]:
    env = dict(os.environ)
    env["LC_ALL"] = "C.UTF-8"  # untranslated output to parse; plain C would turn non-ASCII into '?'
    env.pop("LANGUAGE", None)  # gettext would still translate through LANGUAGE
    return env


def run(
    tool: str, args: list[str], timeout: float = DEFAULT_TIMEOUT, check: bool = True
) -> subprocess.CompletedProcess:
    """Run `tool args`; BackendError when it is missing, hangs, or (with check) exits non-zero."""
    exe = shutil.which(tool)
    what = " ".join([tool, *[a for a in args if not a.startswith("-")][:1]])
    if not exe:
        raise BackendError(not_found(tool))
    try:
        proc = subprocess.run(
            [exe, *args],
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=timeout,
            env=tool_env(),
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )  # Ctrl-C reaches mu, which lets a write finish
    except FileNotFoundError:  # removed between which() and exec
        raise BackendError(not_found(tool)) from None
    except subprocess.TimeoutExpired:
        raise BackendError(f"{what} timed out after {timeout:g} s") from None
    except OSError as exc:
        raise BackendError(f"{what} could not run: {exc.strerror or exc}") from None
    if check and proc.returncode != 0:
        raise BackendError(f"{what} failed: {first_line(proc.stderr, proc.stdout) or f'exit status {proc.returncode}'}")
    return proc


def first_line(*texts: str) -> str:
    for text in texts:
        for line in (text or "").splitlines():
            if line.strip():
                return line.strip()
    return ""


def as_bool(value: Any) -> bool:
    """A switch state from a mapped OS value: bool, 1/0, on/off, yes/no, enabled/disabled."""
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1", "on", "yes", "enabled", "unblocked")
    return bool(value)


def switch_raw(spec: Mapping[str, Any], state: bool) -> Any:
    """A read switch state shaped like the binding's map values, so from_os can match it."""
    mapping = spec.get("map") or {}
    if any(isinstance(v, str) for v in mapping.values()):
        return "on" if state else "off"
    return state


class Pactl:
    """Volume (average of the channels, percent) and mute of the default sink or source."""

    def unsupported(self, spec: Mapping[str, Any]) -> str | None:
        reason = missing("pactl")
        if reason:
            return reason
        proc = run("pactl", ["info"], check=False)
        return None if proc.returncode == 0 else f"no sound server: {first_line(proc.stderr) or 'pactl info failed'}"

    def targets(self, spec: Mapping[str, Any]) -> list[str]:
        return []

    def read(self, setting: Setting, spec: Mapping[str, Any], target: str | None) -> Any:
        device = _pa_device(spec)
        out = run("pactl", [f"get-{spec['target']}-{spec['control']}", device]).stdout
        if spec["control"] == "mute":
            m = re.search(r"Mute:\s*(\w+)", out)
            if not m:
                raise BackendError(f"pactl get-{spec['target']}-mute: unexpected output {first_line(out)!r}")
            return from_os(spec, setting, switch_raw(spec, m.group(1) == "yes"))
        percents = [int(p) for p in re.findall(r"(\d+)%", out)]
        if not percents:
            raise BackendError(f"pactl get-{spec['target']}-volume: unexpected output {first_line(out)!r}")
        return from_os(spec, setting, sum(percents) / len(percents))

    def write(self, setting: Setting, spec: Mapping[str, Any], value: Any, target: str | None) -> None:
        device, os_value = _pa_device(spec), to_os(spec, setting, value)
        if spec["control"] == "mute":
            run("pactl", [f"set-{spec['target']}-mute", device, "1" if as_bool(os_value) else "0"])
            return
        percent = round(float(os_value))
        if percent < 0:
            raise BackendError(f"volume {percent}% is below 0%")
        # `--` ends pactl's options, so a value starting with '-' is never taken for one.
        run("pactl", ["--", f"set-{spec['target']}-volume", device, f"{percent}%"])


def _pa_device(spec: Mapping[str, Any]) -> str:
    return "@DEFAULT_SINK@" if spec["target"] == "sink" else "@DEFAULT_SOURCE@"


BACKLIGHT_ROOT = "/sys/class/backlight"
_TYPE_RANK = {"firmware": 0, "platform": 1, "raw": 2}  # kernel ABI: prefer firmware, then platform, then raw


class Backlight:
    """Panel brightness in percent over sysfs raw values (0..max_brightness), one target per device."""

    def __init__(self, root: str | Path | None = None):
        self._root = root

    @property
    def root(self) -> Path:
        return Path(self._root or os.environ.get("MU_BACKLIGHT_ROOT") or BACKLIGHT_ROOT)

    @property
    def system(self) -> bool:
        """Whether this is the real sysfs tree, where logind can write for an unprivileged user."""
        return self.root == Path(BACKLIGHT_ROOT)

    def devices(self) -> list[str]:
        """Device names, preferred first."""
        try:
            entries = [d for d in self.root.iterdir() if (d / "max_brightness").is_file()]
        except OSError:
            return []
        ranked = []
        for d in entries:
            kind = _read(d / "type") if (d / "type").is_file() else "raw"
            ranked.append((_TYPE_RANK.get(kind, 3), d.name))
        return [name for _, name in sorted(ranked)]

    def unsupported(self, spec: Mapping[str, Any]) -> str | None:
        return None if self.devices() else f"no backlight device in {self.root}"

    def targets(self, spec: Mapping[str, Any]) -> list[str]:
        return self.devices()

    def read(self, setting: Setting, spec: Mapping[str, Any], target: str | None) -> Any:
        device = self._device(target)
        # `brightness` holds what was last set (so a write reads back); `actual_brightness` can lag.
        raw, top = int(_read(device / "brightness")), self._max(device)
        return from_os(spec, setting, raw * 100 / top)

    def write(self, setting: Setting, spec: Mapping[str, Any], value: Any, target: str | None) -> None:
        device = self._device(target)
        top = self._max(device)
        percent = float(to_os(spec, setting, value))
        raw = min(max(round(percent * top / 100), 0), top)
        try:
            (device / "brightness").write_text(f"{raw}\n")
        except PermissionError:
            self._logind(device, raw)
        except OSError as exc:
            raise BackendError(f"cannot write {device / 'brightness'}: {exc.strerror or exc}") from None

    def _logind(self, device: Path, raw: int) -> None:
        """sysfs needs root; logind's SetBrightness lets the session's own user set it."""
        hint = (
            f"cannot write {device / 'brightness'}: permission denied "
            "(run as root, or add a udev rule giving the video group write access)"
        )
        if not self.system or missing("busctl"):
            raise BackendError(hint)
        try:
            run(
                "busctl",
                [
                    "call",
                    "org.freedesktop.login1",
                    "/org/freedesktop/login1/session/auto",
                    "org.freedesktop.login1.Session",
                    "SetBrightness",
                    "ssu",
                    "backlight",
                    device.name,
                    str(raw),
                ],
            )
        except BackendError as exc:
            raise BackendError(f"{hint}; logind also failed: {exc}") from None

    def _device(self, target: str | None) -> Path:
        names = self.devices()
        if not names:
            raise BackendError(f"no backlight device in {self.root}")
        if target is None:
            return self.root / names[0]
        if target not in names:
            raise BackendError(f"no backlight device {target!r} in {self.root} (have: {', '.join(names)})")
        return self.root / target

    def _max(self, device: Path) -> int:
        top = int(_read(device / "max_brightness"))
        if top <= 0:
            raise BackendError(f"{device / 'max_brightness'} is {top}: the device cannot be dimmed")
        return top


def _read(path: Path) -> str:
    try:
        return path.read_text().strip()
    except OSError as exc:
        raise BackendError(f"cannot read {path}: {exc.strerror or exc}") from None


class Switch:
    """A radio or power switch driven by one tool; the OS value is a bool (a binding `map` can invert it)."""

    tool = ""

    def unsupported(self, spec: Mapping[str, Any]) -> str | None:
        return missing(self.tool)

    def targets(self, spec: Mapping[str, Any]) -> list[str]:
        return []

    def read(self, setting: Setting, spec: Mapping[str, Any], target: str | None) -> Any:
        return from_os(spec, setting, switch_raw(spec, self.get(spec.get("radio", ""))))

    def write(self, setting: Setting, spec: Mapping[str, Any], value: Any, target: str | None) -> None:
        self.set(spec.get("radio", ""), as_bool(to_os(spec, setting, value)))

    def get(self, radio: str) -> bool:
        raise NotImplementedError

    def set(self, radio: str, state: bool) -> None:
        raise NotImplementedError


class Nmcli(Switch):
    """`nmcli radio wifi|wwan|all`: true = on. `radio all` is on when Wi-Fi and WWAN both are."""

    tool = "nmcli"

    def get(self, radio: str) -> bool:
        lines = run("nmcli", ["radio", radio]).stdout.strip().splitlines()
        if radio != "all":
            return first_line(*lines) == "enabled"
        # `radio all` prints a table: WIFI-HW WIFI WWAN-HW WWAN, then the states.
        cells = dict(zip(lines[0].split(), lines[1].split())) if len(lines) >= 2 else {}
        states = [cells[k] for k in ("WIFI", "WWAN") if k in cells]
        if not states:
            raise BackendError(f"nmcli radio all: unexpected output {first_line(*lines)!r}")
        return all(state == "enabled" for state in states)

    def set(self, radio: str, state: bool) -> None:
        run("nmcli", ["radio", radio, "on" if state else "off"])


class Rfkill(Switch):
    """rfkill soft blocks. With a radio type, true = unblocked (on); with `radio: all`, true = every
    radio blocked, i.e. airplane mode."""

    tool = "rfkill"

    def get(self, radio: str) -> bool:
        devices = _rfkill_devices(radio)
        if radio == "all":
            return all("blocked" in (d.get("soft"), d.get("hard")) for d in devices)
        return any(d.get("soft") == "unblocked" and d.get("hard") == "unblocked" for d in devices)

    def set(self, radio: str, state: bool) -> None:
        block = state if radio == "all" else not state
        run("rfkill", ["block" if block else "unblock", radio])
        # A hard block (hardware switch) survives `unblock`; say so instead of reporting success.
        if not block and self.get(radio) != state:
            raise BackendError(f"rfkill: {radio} is still blocked by a hardware switch")


class Bluetoothctl(Switch):
    """BlueZ adapter power: true = powered."""

    tool = "bluetoothctl"

    def get(self, radio: str) -> bool:
        out = run("bluetoothctl", ["show"]).stdout
        m = re.search(r"^\s*Powered:\s*(\w+)", out, re.M)
        if not m:
            raise BackendError(f"bluetoothctl show: {first_line(out) or 'no Bluetooth controller'}")
        return m.group(1) == "yes"

    def set(self, radio: str, state: bool) -> None:
        proc = run("bluetoothctl", ["power", "on" if state else "off"])
        # bluetoothctl exits 0 even when the change failed; it only says so in its output.
        failed = [
            ln
            for ln in (proc.stdout + proc.stderr).splitlines()
            if re.search(r"Failed|No default controller|not available", ln)
        ]
        if failed:
            raise BackendError(f"bluetoothctl power: {failed[0].strip()}")


def _rfkill_devices(radio: str) -> list[dict]:
    out = run("rfkill", ["-J", "-o", "TYPE,SOFT,HARD"]).stdout
    try:
        data = json.loads(out or "{}")
        # util-linux names the list "rfkilldevices" (older releases: ""); take whichever is there.
        devices = next(iter(data.values()), []) if isinstance(data, dict) else []
    except ValueError:
        raise BackendError(f"rfkill -J: unexpected output {first_line(out)!r}") from None
    kind = {"wifi": "wlan"}.get(radio, radio)
    found = [d for d in devices if radio == "all" or d.get("type") == kind]
    if not found:
        raise BackendError(f"rfkill: no {radio} radio found" if radio != "all" else "rfkill: no radios found")
    return found


class PowerProfiles:
    """power-profiles-daemon's active profile; the binding's map turns choice ids into profile names."""

    def unsupported(self, spec: Mapping[str, Any]) -> str | None:
        return missing("powerprofilesctl")

    def targets(self, spec: Mapping[str, Any]) -> list[str]:
        return []

    def read(self, setting: Setting, spec: Mapping[str, Any], target: str | None) -> Any:
        return from_os(spec, setting, first_line(run("powerprofilesctl", ["get"]).stdout))

    def write(self, setting: Setting, spec: Mapping[str, Any], value: Any, target: str | None) -> None:
        run("powerprofilesctl", ["set", str(to_os(spec, setting, value))])


class Ddcutil:
    """External monitors' brightness over DDC/CI (VCP feature 0x10), one target per detected display.

    `ddcutil detect --terse` lists "Display N" blocks; `ddcutil --display N getvcp 10 --terse` answers
    "VCP 10 C <current> <max>"; `setvcp 10 <raw>` writes. Needs /dev/i2c-* access (i2c group or root)."""

    FEATURE = "10"

    def displays(self) -> list[str]:
        if missing("ddcutil"):
            return []
        out = run("ddcutil", ["detect", "--terse"], check=False).stdout
        return [f"display{m}" for m in re.findall(r"^Display\s+(\d+)", out, re.M)]

    def unsupported(self, spec: Mapping[str, Any]) -> str | None:
        reason = missing("ddcutil")
        if reason:
            return reason
        return None if self.displays() else "ddcutil found no DDC/CI monitor (check i2c-dev and /dev/i2c-* access)"

    def targets(self, spec: Mapping[str, Any]) -> list[str]:
        return self.displays()

    def _display(self, target: str | None) -> str:
        displays = self.displays()
        if not displays:
            raise BackendError("ddcutil found no DDC/CI monitor")
        name = target or displays[0]
        if name not in displays:
            raise BackendError(f"no DDC/CI monitor {name!r} (found {', '.join(displays)})")
        return name.removeprefix("display")

    def _get(self, number: str) -> tuple[int, int]:
        out = run("ddcutil", ["--display", number, "getvcp", self.FEATURE, "--terse"]).stdout
        m = re.search(r"VCP\s+10\s+C\s+(\d+)\s+(\d+)", out)
        if not m or int(m.group(2)) <= 0:
            raise BackendError(f"ddcutil getvcp 10: unexpected answer {first_line(out)!r}")
        return int(m.group(1)), int(m.group(2))

    def read(self, setting: Setting, spec: Mapping[str, Any], target: str | None) -> Any:
        current, top = self._get(self._display(target))
        return coerce(setting, current * 100 / top)

    def write(self, setting: Setting, spec: Mapping[str, Any], value: Any, target: str | None) -> None:
        number = self._display(target)
        _, top = self._get(number)
        raw = max(0, min(top, round(float(value) * top / 100)))
        run("ddcutil", ["--display", number, "setvcp", self.FEATURE, str(raw)])
