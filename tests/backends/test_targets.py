"""Multi-monitor targeting: the default display, both, or the other one; undo per device."""

import json

import pytest
from typer.testing import CliRunner

from mu_cli.commands import app
from mu_cli.targets import pick_targets, target_words

from linux_env import gsettings_missing, make_backlight


@pytest.mark.parametrize(
    "text, want",
    [
        ("increase brightness", None),
        ("set brightness to 40 on both monitors", "all"),
        ("dim all screens", "all"),
        ("make the external monitor brighter", "other"),
        ("brightness on the second screen to 30", "other"),
        ("lower the laptop screen brightness", "default"),
    ],
)
def test_target_words(text, want):
    assert target_words(text) == want


def test_pick_targets():
    devices = ["eDP-1", "HDMI-1"]
    assert pick_targets(devices, None) == ["eDP-1"]
    assert pick_targets(devices, "all") == devices
    assert pick_targets(devices, "other") == ["HDMI-1"]
    assert pick_targets(devices, None, "brightness on hdmi-1 to 20") == ["HDMI-1"]
    assert pick_targets(["only"], "other") == ["only"]


@pytest.fixture
def two_backlights(tmp_path, monkeypatch):
    if gsettings_missing():
        pytest.skip(gsettings_missing())
    root = tmp_path / "backlight"
    make_backlight(root, "intel_backlight", "firmware", 1000, 500)
    make_backlight(root, "acpi_video1", "raw", 100, 50)
    monkeypatch.setenv("MU_BACKLIGHT_ROOT", str(root))
    monkeypatch.setenv("MU_BACKEND", "gnome")
    monkeypatch.setenv("GSETTINGS_BACKEND", "keyfile")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return root


def _raw(root, name):
    return int((root / name / "brightness").read_text())


def test_both_monitors_then_undo_restores_each(two_backlights):
    mu = CliRunner()
    r = mu.invoke(app, ["apply", "--json", "display.brightness=20@all"])
    assert r.exit_code == 0, r.output
    results = json.loads(r.stdout)["results"]
    assert {x["target"] for x in results} == {"intel_backlight", "acpi_video1"}
    assert (_raw(two_backlights, "intel_backlight"), _raw(two_backlights, "acpi_video1")) == (200, 20)
    assert mu.invoke(app, ["undo"]).exit_code == 0
    assert (_raw(two_backlights, "intel_backlight"), _raw(two_backlights, "acpi_video1")) == (500, 50)


def test_default_is_the_preferred_display_and_other_is_the_second(two_backlights):
    mu = CliRunner()
    assert mu.invoke(app, ["apply", "display.brightness=30"]).exit_code == 0
    assert (_raw(two_backlights, "intel_backlight"), _raw(two_backlights, "acpi_video1")) == (300, 50)
    assert mu.invoke(app, ["apply", "display.brightness=80@other"]).exit_code == 0
    assert _raw(two_backlights, "acpi_video1") == 80
    assert mu.invoke(app, ["apply", "display.brightness=10@nope"]).exit_code == 2


FAKE_DDCUTIL = """
if args[0] == "detect":
    for n in sorted(state["displays"]):
        print("Display %s\\n   I2C bus:  /dev/i2c-%s\\n   Monitor:  DEL:DELL U2415:X%s\\n" % (n, n, n))
else:
    n = args[1]
    if args[2] == "getvcp":
        cur, top = state["displays"][n]
        print("VCP 10 C %d %d" % (cur, top))
    else:
        state["displays"][n][0] = int(args[4])
"""


def test_external_monitors_over_ddcutil(fake_tools, monkeypatch, tmp_path):
    from mu_cli.backends.gnome import GnomeBackend
    from mu_cli.catalog import Catalog

    fake_tools.add("ddcutil", FAKE_DDCUTIL, {"displays": {"1": [30, 100], "2": [60, 80]}})
    setting = Catalog.load().settings["display.external_monitor_brightness"]
    backend = GnomeBackend()
    assert backend.unsupported(setting) is None
    assert backend.targets(setting) == ["display1", "display2"]
    assert backend.read(setting) == 30 and backend.read(setting, "display2") == 75
    backend.write(setting, 50, "display2")
    assert fake_tools.calls("ddcutil")[-1] == ["--display", "2", "setvcp", "10", "40"]
    assert backend.read(setting, "display2") == 50 and backend.read(setting, "display1") == 30


def test_ddcutil_missing_is_reported(fake_tools):
    from mu_cli.backends.gnome import GnomeBackend
    from mu_cli.catalog import Catalog

    setting = Catalog.load().settings["display.external_monitor_brightness"]
    assert GnomeBackend().unsupported(setting) == "ddcutil not found: install ddcutil"
