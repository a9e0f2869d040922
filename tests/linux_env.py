"""Fixtures for the GNOME backend tests: a throwaway GSettings keyfile store, a headless PulseAudio
with a null sink, a fake sysfs backlight tree, and fake command-line tools.

Import the fixtures by name from a test module (`from linux_env import gsettings_env, ...`).
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from functools import lru_cache
from pathlib import Path

import pytest

from mu_cli.catalog import Catalog
from mu_cli.paths import catalog_file

TEST_CATALOG = Path(__file__).parent / "data" / "gnome_catalog.yaml"
# One schema from each package the tests rely on.
NEEDED_SCHEMAS = {
    "org.gnome.desktop.interface": "gsettings-desktop-schemas",
    "org.gnome.settings-daemon.plugins.color": "gnome-settings-daemon-common",
    "org.gnome.mutter": "mutter-common",
    "org.gnome.shell": "gnome-shell-common",
}


@lru_cache(maxsize=1)
def gsettings_missing() -> str | None:
    """Why the GSettings tests cannot run here, or None."""
    if not shutil.which("gsettings"):
        return "gsettings is not installed (apt-get install libglib2.0-bin)"
    out = subprocess.run(["gsettings", "list-schemas"], capture_output=True, text=True, timeout=30).stdout.split()
    absent = [pkg for schema, pkg in NEEDED_SCHEMAS.items() if schema not in out]
    return f"GNOME schemas are not installed (apt-get install {' '.join(absent)})" if absent else None


@lru_cache(maxsize=1)
def catalog_under_test() -> Catalog:
    """The shipped catalog when it exists, else the small test catalog."""
    shipped = catalog_file()
    return Catalog.from_yaml(shipped if shipped.exists() else TEST_CATALOG)


@lru_cache(maxsize=1)
def small_catalog() -> Catalog:
    """The test catalog (its settings exercise each binding kind on purpose)."""
    return Catalog.from_yaml(TEST_CATALOG)


def settings_via(cat: Catalog, via: str) -> list[str]:
    return sorted(s.id for s in cat.settings.values() if "gnome" in s.bindings and s.bindings["gnome"].via == via)


@pytest.fixture
def gsettings_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """GSettings writes go to a keyfile under tmp_path; returns the keyfile's path."""
    reason = gsettings_missing()
    if reason:
        pytest.skip(reason)
    monkeypatch.setenv("GSETTINGS_BACKEND", "keyfile")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return tmp_path / "config" / "glib-2.0" / "settings" / "keyfile"


def _pactl_ready(env: dict) -> bool:
    return subprocess.run(["pactl", "info"], env=env, capture_output=True, timeout=10).returncode == 0


@pytest.fixture(scope="session")
def pulse_server():
    """A private PulseAudio daemon with a null sink; yields the environment that reaches it."""
    if not (shutil.which("pulseaudio") and shutil.which("pactl")):
        pytest.skip("PulseAudio is not installed (apt-get install pulseaudio pulseaudio-utils)")
    # A short path under /tmp: the socket path must fit the 108-byte limit of unix sockets.
    base = Path(tempfile.mkdtemp(prefix="mu-pulse-"))
    env = {**os.environ, "XDG_RUNTIME_DIR": str(base / "run"), "HOME": str(base / "home"),
           "XDG_CONFIG_HOME": str(base / "home" / ".config")}
    env.pop("PULSE_SERVER", None)
    (base / "run").mkdir(mode=0o700)
    (base / "home").mkdir()
    start = subprocess.run(["pulseaudio", "-n", "--daemonize", "--load=module-null-sink",
                            "--load=module-native-protocol-unix", "--exit-idle-time=-1"],
                           env=env, capture_output=True, text=True, timeout=30)
    deadline = time.monotonic() + 10
    while start.returncode == 0 and not _pactl_ready(env) and time.monotonic() < deadline:
        time.sleep(0.1)
    try:
        if start.returncode != 0 or not _pactl_ready(env):
            pytest.fail(f"headless PulseAudio did not start: {start.stderr.strip()[-500:]}")
        yield env
    finally:
        subprocess.run(["pulseaudio", "--kill"], env=env, capture_output=True, timeout=30)
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def pulse_env(pulse_server: dict, monkeypatch: pytest.MonkeyPatch) -> dict:
    """Points this test's process environment (so the backend's pactl) at the private PulseAudio."""
    for name in ("XDG_RUNTIME_DIR", "HOME", "XDG_CONFIG_HOME"):
        monkeypatch.setenv(name, pulse_server[name])
    monkeypatch.delenv("PULSE_SERVER", raising=False)
    return pulse_server


def make_backlight(root: Path, name: str, kind: str, top: int, value: int) -> Path:
    device = root / name
    device.mkdir(parents=True)
    for fname, text in (("type", kind), ("max_brightness", top), ("brightness", value), ("actual_brightness", value)):
        (device / fname).write_text(f"{text}\n")
    return device


@pytest.fixture
def fake_backlight(tmp_path: Path) -> Path:
    """A sysfs-like tree with a raw intel_backlight (0..19393) and a firmware acpi_video0 (0..15)."""
    root = tmp_path / "backlight"
    make_backlight(root, "intel_backlight", "raw", 19393, 9000)
    make_backlight(root, "acpi_video0", "firmware", 15, 10)
    return root


# A fake tool: a Python script that logs its arguments and keeps its state in a JSON file.
_FAKE = """#!{python}
import json, sys
from pathlib import Path
args = sys.argv[1:]
state_path = Path({state!r})
state = json.loads(state_path.read_text())
with open({log!r}, "a") as log:
    log.write(json.dumps([Path(sys.argv[0]).name, *args]) + "\\n")
{body}
state_path.write_text(json.dumps(state))
"""


class FakeTools:
    """Installs fake tools in a bin dir that becomes the whole PATH (so real tools are not found)."""

    def __init__(self, root: Path, monkeypatch: pytest.MonkeyPatch):
        self.bin, self.log, self.state = root / "bin", root / "calls.log", root / "state.json"
        self.bin.mkdir()
        self.log.write_text("")
        self.state.write_text("{}")
        monkeypatch.setenv("PATH", str(self.bin))

    def add(self, name: str, body: str, state: dict | None = None) -> None:
        if state:
            self.state.write_text(json.dumps({**json.loads(self.state.read_text()), **state}))
        script = self.bin / name
        script.write_text(_FAKE.format(python=sys.executable, state=str(self.state), log=str(self.log), body=body))
        script.chmod(0o755)

    def calls(self, name: str) -> list[list[str]]:
        rows = [json.loads(line) for line in self.log.read_text().splitlines()]
        return [row[1:] for row in rows if row[0] == name]

    def put(self, **values) -> None:
        self.state.write_text(json.dumps({**json.loads(self.state.read_text()), **values}))


# Bodies of fake tools, following the output formats of the real ones.
FAKE_NMCLI = """
radio = args[1]
if len(args) == 3:
    for r in (["wifi", "wwan"] if radio == "all" else [radio]):
        state[r] = args[2] == "on"
elif radio == "all":
    word = lambda on: "enabled" if on else "disabled"
    print("WIFI-HW  WIFI     WWAN-HW  WWAN")
    print("enabled  %s  missing  %s" % (word(state["wifi"]), word(state["wwan"])))
else:
    print("enabled" if state[radio] else "disabled")
"""
FAKE_RFKILL = """
if args[0] == "-J":
    print(json.dumps({"rfkilldevices": state["devices"]}))
else:
    for d in state["devices"]:
        if args[1] == "all" or d["type"] == {"wifi": "wlan"}.get(args[1], args[1]):
            d["soft"] = "blocked" if args[0] == "block" else "unblocked"
"""
FAKE_BLUETOOTHCTL = """
if args[0] == "show":
    print("Controller 00:11:22:33:44:55 (public)\\n\\tName: test\\n\\tPowered: %s" % ("yes" if state["bt"] else "no"))
elif state.get("bt_broken"):
    print("Failed to set power %s: org.bluez.Error.Busy" % args[1])
else:
    state["bt"] = args[1] == "on"
    print("Changing power %s succeeded" % args[1])
"""
FAKE_PPD = """
if args[0] == "get":
    print(state["profile"])
elif args[1] in ("power-saver", "balanced"):
    state["profile"] = args[1]
else:
    sys.exit(print("Failed to activate profile: Profile %r is not available" % args[1], file=sys.stderr) or 1)
"""


@pytest.fixture
def fake_tools(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> FakeTools:
    return FakeTools(tmp_path, monkeypatch)


@pytest.fixture
def bus_socket():
    """A listening unix socket at a short path, standing in for a session bus."""
    import socket

    base = Path(tempfile.mkdtemp(prefix="mu-bus-"))
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.bind(str(base / "bus"))
    sock.listen(1)
    try:
        yield base / "bus"
    finally:
        sock.close()
        shutil.rmtree(base, ignore_errors=True)
