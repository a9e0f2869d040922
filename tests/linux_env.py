"""What the GNOME backend tests stand on: the catalogs under test, a fake sysfs backlight tree and fake
command-line tools (the fixtures that set them up are in tests/backends/conftest.py)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
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


def make_backlight(root: Path, name: str, kind: str, top: int, value: int) -> Path:
    device = root / name
    device.mkdir(parents=True)
    for fname, text in (("type", kind), ("max_brightness", top), ("brightness", value), ("actual_brightness", value)):
        (device / fname).write_text(f"{text}\n")
    return device


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
