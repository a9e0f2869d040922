"""The GNOME backend against the real tools: gsettings (keyfile store), a headless PulseAudio, a fake
sysfs backlight tree, and scripted stand-ins for nmcli/rfkill/bluetoothctl/powerprofilesctl."""

from __future__ import annotations

import math
import subprocess
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mu_cli.backends import BACKENDS, describe_all, detect
from mu_cli.backends import gnome as gnome_mod
from mu_cli.backends.base import to_os
from mu_cli.backends.gnome import GnomeBackend, gsettings_persist
from mu_cli.backends.gvariant import GVariantError, KeyType, format_value, parse, quote
from mu_cli.backends.linux_tools import run
from mu_cli.backends.sandbox import SandboxBackend
from mu_cli.catalog import Catalog, Setting
from mu_cli.errors import BackendError, Unsupported, UsageError, ValueRefused

from linux_env import (
    FAKE_BLUETOOTHCTL,
    FAKE_NMCLI,
    FAKE_PPD,
    FAKE_RFKILL,
    catalog_under_test,
    make_backlight,
    settings_via,
    small_catalog,
)

GSETTINGS_IDS = settings_via(catalog_under_test(), "gsettings")


def small(sid: str) -> Setting:
    return small_catalog().settings[sid]


def raw_get(schema: str, key: str) -> Any:
    out = subprocess.run(["gsettings", "get", schema, key], capture_output=True, text=True, check=True).stdout
    return parse(out)


# What GNOME Settings stores in org.gnome.system.locale region for a regional format
LOCALES = {"English (United Kingdom)": "en_GB.UTF-8", "German (Germany)": "de_DE.UTF-8"}


def expected_raw(spec: dict, key: dict, setting: Setting, value: Any) -> Any:
    """What the binding says the OS stores for `value` (key map/linear over the binding's)."""
    merged = {**{k: spec[k] for k in ("map", "linear") if k in spec}, **key}
    os_value = to_os(merged, setting, value)
    if key["schema"] == "org.gnome.system.locale":
        return LOCALES[os_value]
    if "-uri" in key["key"] and isinstance(os_value, str) and os_value.startswith("~/"):
        os_value = str(Path(os_value).expanduser())
    if "-uri" in key["key"] and isinstance(os_value, str) and os_value.startswith("/"):
        return Path(os_value).as_uri()
    return os_value


def same(raw: Any, expected: Any) -> bool:
    if isinstance(raw, float) or isinstance(expected, float):
        return math.isclose(float(raw), float(expected), rel_tol=1e-9, abs_tol=1e-9)
    return raw == expected


def aliased(spec: dict, setting: Setting, got: Any, value: Any) -> bool:
    """Whether a many-to-one map sends both values to the same stored value of the read key (so the
    read can only return the first of them, e.g. every contrast theme -> high-contrast true)."""
    key = next(k for k in spec["keys"] if not k.get("write_only"))
    return same(expected_raw(spec, key, setting, got), expected_raw(spec, key, setting, value))


def candidates(setting: Setting, current: Any) -> list[Any]:
    """Values other than the current one that exercise the binding (both ends of a range)."""
    if setting.kind == "toggle":
        return [not current]
    if setting.kind == "choice":
        # A partial map means the other choices are not expressible through this binding (and are refused).
        first = setting.bindings["gnome"].spec["keys"][0]
        mapped = first.get("map") or setting.bindings["gnome"].spec.get("map")
        return [c for c in setting.choice_ids if c != current and (not mapped or c in mapped)][:3]
    if setting.kind == "range":
        step = setting.step or 1
        mid = setting.min + round((setting.max - setting.min) / 2 / step) * step
        values = [setting.max, setting.min, mid]
    elif setting.kind == "duration":
        values = list(setting.allowed[-2:]) if setting.allowed else [600, 0]
    else:
        values = list(setting.examples[:1]) + ['mu test: it\'s "quoted" \\ back\\slash']
    return [v for v in dict.fromkeys(values) if v != current][:2]


# --- every gsettings setting of the catalog -------------------------------------------------------


@pytest.mark.parametrize("sid", GSETTINGS_IDS)
def test_every_gsettings_setting_round_trips(sid: str, gsettings_env: Path, tmp_path: Path) -> None:
    setting = catalog_under_test().settings[sid]
    spec = setting.bindings["gnome"].spec
    backend = GnomeBackend()
    reason = backend.unsupported(setting)
    if reason and "not installed" in reason:
        pytest.skip(reason)
    assert reason is None, f"{sid}: {reason}"
    original, stored = backend.read(setting), backend.snapshot(setting)
    values = candidates(setting, original)
    if any(k["schema"] == "org.gnome.system.locale" for k in spec["keys"]):  # names stored as locale ids
        values = list(LOCALES)
    if any("-uri" in k["key"] for k in spec["keys"]):  # a picture: one that is there, and a URL
        picture = tmp_path / "a picture.png"
        picture.write_bytes(b"\x89PNG")
        values = [str(picture), "https://example.invalid/b.png"]
    for value in values:
        backend.write(setting, value)
        got = backend.read(setting)
        assert got == backend.canonical(setting, value) or aliased(spec, setting, got, value), (
            f"{sid}: wrote {value!r}, read {got!r}"
        )
        for key in spec["keys"]:
            raw = raw_get(key["schema"], key["key"])
            assert same(raw, expected_raw(spec, key, setting, value)), f"{sid}: {key['key']} holds {raw!r}"
    backend.restore(setting, stored)
    assert backend.read(setting) == original


def test_catalog_has_gsettings_settings() -> None:
    assert len(GSETTINGS_IDS) >= 5


# --- gsettings: types, mapping, refusal -----------------------------------------------------------


@pytest.mark.parametrize(
    "sid, value, schema, key, raw",
    [
        ("personalization.color_mode", "dark", "org.gnome.desktop.interface", "color-scheme", "prefer-dark"),
        ("accessibility.text_size", 125, "org.gnome.desktop.interface", "text-scaling-factor", 1.25),
        ("accessibility.always_show_scrollbars", True, "org.gnome.desktop.interface", "overlay-scrolling", False),
        ("power.screen_timeout", 900, "org.gnome.desktop.session", "idle-delay", 900),
        (
            "display.night_light_strength",
            30,
            "org.gnome.settings-daemon.plugins.color",
            "night-light-temperature",
            5360,
        ),
        ("time.clock_format", "12h", "org.gnome.desktop.interface", "clock-format", "12h"),
        ("accessibility.cursor_size", 48, "org.gnome.desktop.interface", "cursor-size", 48),
    ],
)
def test_writes_the_mapped_os_value(gsettings_env: Path, sid: str, value: Any, schema: str, key: str, raw: Any) -> None:
    backend = GnomeBackend()
    backend.write(small(sid), value)
    assert same(raw_get(schema, key), raw)
    assert backend.read(small(sid)) == value


def test_uint32_text_is_parsed(gsettings_env: Path) -> None:
    subprocess.run(["gsettings", "set", "org.gnome.desktop.session", "idle-delay", "420"], check=True)
    out = subprocess.run(
        ["gsettings", "get", "org.gnome.desktop.session", "idle-delay"], capture_output=True, text=True
    ).stdout
    assert out.strip() == "uint32 420"
    assert GnomeBackend().read(small("power.screen_timeout")) == 420


def test_all_keys_are_written_first_is_read(gsettings_env: Path) -> None:
    backend, setting = GnomeBackend(), small("power.sleep_timeout")
    backend.write(setting, 2700)
    schema = "org.gnome.settings-daemon.plugins.power"
    assert raw_get(schema, "sleep-inactive-ac-timeout") == 2700
    assert raw_get(schema, "sleep-inactive-battery-timeout") == 2700
    subprocess.run(["gsettings", "set", schema, "sleep-inactive-battery-timeout", "60"], check=True)
    assert backend.read(setting) == 2700  # the write_only key is not what is read


def test_failed_second_key_puts_the_first_back(gsettings_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    backend, setting = GnomeBackend(), small("power.sleep_timeout")
    real_set = backend.gsettings.set_text

    def failing(schema: str, key: str, text: str) -> None:
        if key == "sleep-inactive-battery-timeout":
            raise BackendError("gsettings set failed: The key is not writable")
        real_set(schema, key, text)

    monkeypatch.setattr(backend.gsettings, "set_text", failing)
    with pytest.raises(BackendError, match="not writable"):
        backend.write(setting, 3600)
    assert raw_get("org.gnome.settings-daemon.plugins.power", "sleep-inactive-ac-timeout") == 1200


def test_out_of_range_is_refused_before_writing(gsettings_env: Path) -> None:
    backend = GnomeBackend()
    with pytest.raises(BackendError, match=r"text-scaling-factor.*outside the key's range 0\.5\.\.3"):
        backend.write(small("accessibility.text_size"), 400)
    with pytest.raises(BackendError, match="outside the key's range"):
        backend.write(small("power.screen_timeout"), -5)
    assert not gsettings_env.exists()  # nothing was written at all


def test_unknown_enum_nick_is_refused(gsettings_env: Path) -> None:
    doc = {
        "pages": [{"id": "p", "title": "P", "area": "a", "windows": "", "gnome": ""}],
        "settings": [
            {
                "id": "x.mode",
                "title": "Mode",
                "page": "p",
                "kind": "choice",
                "description": "d",
                "priority": 1,
                "values": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}],
                "bindings": {
                    "windows": {"via": "page"},
                    "gnome": {
                        "via": "gsettings",
                        "keys": [
                            {
                                "schema": "org.gnome.desktop.interface",
                                "key": "color-scheme",
                                "map": {"a": "default", "b": "purple"},
                            }
                        ],
                    },
                },
            }
        ],
    }
    setting = Catalog.from_data([("inline", doc)]).settings["x.mode"]
    with pytest.raises(BackendError, match="'purple' is not one of default, prefer-dark, prefer-light"):
        GnomeBackend().write(setting, "b")


def test_missing_schema_or_key_is_unsupported(gsettings_env: Path) -> None:
    backend = GnomeBackend()
    dock = "schema org.gnome.shell.extensions.dash-to-dock not installed"
    assert backend.unsupported(small("taskbar.auto_hide")) == dock
    with pytest.raises(Unsupported, match="not installed"):
        backend.read(small("taskbar.auto_hide"))
    with pytest.raises(Unsupported, match="not installed"):
        backend.write(small("taskbar.auto_hide"), True)
    spec = {"via": "gsettings", "keys": [{"schema": "org.gnome.desktop.interface", "key": "no-such-key"}]}
    assert backend.gsettings.unsupported(spec) == "key no-such-key not in schema org.gnome.desktop.interface"


def test_key_type_is_looked_up_once(gsettings_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []

    def spy(tool: str, args: list[str], **kw: Any):
        calls.append(args[0])
        return run(tool, args, **kw)

    monkeypatch.setattr(gnome_mod, "run", spy)
    backend, setting = GnomeBackend(), small("personalization.color_mode")
    for value in ("dark", "light", "dark"):
        backend.unsupported(setting)
        backend.write(setting, value)
        backend.read(setting)
    assert calls.count("range") == 1


QUOTED = ["it's", 'say "hi"', "back\\slash", "\\'", "'\"'\"", "a\nb\tc\x01", "naïve ✓ 😀", " ", "", "@as []"]


@pytest.mark.parametrize("text", QUOTED)
def test_quotes_and_backslashes_round_trip(gsettings_env: Path, text: str) -> None:
    backend, setting = GnomeBackend(), small("personalization.gtk_theme")
    backend.write(setting, text)
    assert raw_get("org.gnome.desktop.interface", "gtk-theme") == text
    assert backend.read(setting) == text


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=24))
def test_any_text_round_trips(gsettings_env: Path, text: str) -> None:
    backend, setting = GnomeBackend(), small("personalization.gtk_theme")
    backend.write(setting, text)
    assert backend.read(setting) == text


def test_wallpaper_paths_become_file_uris(gsettings_env: Path, tmp_path: Path) -> None:
    backend, setting = GnomeBackend(), small("personalization.wallpaper")
    picture = tmp_path / "My Pictures" / "cat's.jpg"
    picture.parent.mkdir()
    picture.write_bytes(b"\xff\xd8")
    backend.write(setting, str(picture))
    assert raw_get("org.gnome.desktop.background", "picture-uri") == picture.as_uri()
    assert "My%20Pictures/cat%27s.jpg" in picture.as_uri()
    assert backend.read(setting) == str(picture)
    backend.write(setting, "https://example.invalid/a.png")  # not a path: stored as given
    assert backend.read(setting) == "https://example.invalid/a.png"


def test_regional_formats_are_stored_as_locales(gsettings_env: Path) -> None:
    backend, setting = GnomeBackend(), catalog_under_test().settings["language.regional_format"]
    backend.write(setting, "French (Canada)")
    assert raw_get("org.gnome.system.locale", "region") == "fr_CA.UTF-8"
    assert backend.read(setting) == "French (Canada)"
    subprocess.run(["gsettings", "set", "org.gnome.system.locale", "region", "pt_BR.UTF-8"], check=True)
    assert backend.read(setting) == "Portuguese (Brazil)"
    with pytest.raises(ValueRefused, match="no locale"):
        backend.write(setting, "Elvish (Rivendell)")
    assert raw_get("org.gnome.system.locale", "region") == "pt_BR.UTF-8"
    subprocess.run(["gsettings", "set", "org.gnome.system.locale", "region", ""], check=True)
    assert backend.read(setting) == ""  # empty: the formats follow the language


def test_a_wallpaper_that_is_not_there_is_refused_and_nothing_written(gsettings_env: Path, tmp_path: Path) -> None:
    backend, setting = GnomeBackend(), small("personalization.wallpaper")
    before = raw_get("org.gnome.desktop.background", "picture-uri")
    with pytest.raises(ValueRefused, match="no picture at"):
        backend.write(setting, str(tmp_path / "missing.png"))
    assert raw_get("org.gnome.desktop.background", "picture-uri") == before


def test_page_binding_is_unsupported_with_its_reason() -> None:
    backend, setting = GnomeBackend(), small("display.hdr")
    assert backend.unsupported(setting) == "no verified command sets HDR on GNOME 43"
    with pytest.raises(Unsupported, match="HDR"):
        backend.write(setting, True)


# --- GVariant text ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, value",
    [
        ("uint32 300", 300),
        ("'prefer-dark'", "prefer-dark"),
        ("true", True),
        ("1.25", 1.25),
        ("@as []", []),
        ('"it\'s"', "it's"),
        ("int64 -5", -5),
        ("['<Alt>F4']", ["<Alt>F4"]),
        ("[('xkb', 'us')]", [("xkb", "us")]),
        ("{'a': <1>}", {"a": 1}),
        ("'a\\u0001\\n'", "a\x01\n"),
    ],
)
def test_gvariant_parse(text: str, value: Any) -> None:
    assert parse(text) == value


def test_gvariant_format_checks_type_and_range() -> None:
    assert format_value(KeyType("u"), 300) == "300"
    assert format_value(KeyType("d"), 110 * 0.01) == "1.1"
    assert format_value(KeyType("i", lo=0, hi=100), 49.9999999999) == "50"
    assert format_value(KeyType("as"), ["a'b"]) == "['a\\'b']"
    assert parse(quote("x'\\\"y")) == "x'\\\"y"
    for kt, value in (
        (KeyType("u"), -1),
        (KeyType("b"), "maybe"),
        (KeyType("i"), 1.5),
        (KeyType("d"), math.nan),
        (KeyType("enum", ("a", "b")), "c"),
    ):
        with pytest.raises(GVariantError):
            format_value(kt, value)


# --- availability and detection --------------------------------------------------------------------

NO_BUS = "no D-Bus session bus and GSETTINGS_BACKEND is not keyfile: writes would be lost"


@pytest.fixture
def bare_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> pytest.MonkeyPatch:
    """No GSETTINGS_BACKEND, no session bus, no X11: what a root shell or CI looks like."""
    for name in ("GSETTINGS_BACKEND", "DBUS_SESSION_BUS_ADDRESS", "DISPLAY", "MU_BACKEND"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path / "runtime"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("MU_HOME", str(tmp_path / "mu"))
    return monkeypatch


def test_keyfile_backend_is_available(gsettings_env: Path) -> None:
    avail = GnomeBackend().availability()
    assert avail.available and str(gsettings_env) in avail.reason


def test_without_bus_or_keyfile_is_unavailable(bare_env: pytest.MonkeyPatch) -> None:
    avail = GnomeBackend().availability()
    assert not avail.available and avail.reason == NO_BUS


def test_memory_backend_is_refused(bare_env: pytest.MonkeyPatch) -> None:
    bare_env.setenv("GSETTINGS_BACKEND", "memory")
    avail = GnomeBackend().availability()
    assert not avail.available and avail.reason == "GSETTINGS_BACKEND=memory: writes would be lost"


def test_stale_bus_address_is_unavailable(bare_env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    bare_env.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={tmp_path}/gone")
    assert gsettings_persist({"DBUS_SESSION_BUS_ADDRESS": f"unix:path={tmp_path}/gone"}) == (False, NO_BUS)
    assert not GnomeBackend().availability().available


def test_reachable_bus_with_dconf_is_available(bus_socket: Path) -> None:
    ok, why = gsettings_persist({"DBUS_SESSION_BUS_ADDRESS": f"unix:path={bus_socket},guid=1"})
    if not gnome_mod.dconf_module({}):
        assert not ok and "dconf-gsettings-backend" in why
        return
    assert ok and str(bus_socket) in why
    ok, why = gsettings_persist({"XDG_RUNTIME_DIR": str(bus_socket.parent)})  # GLib's $XDG_RUNTIME_DIR/bus
    assert ok


def test_write_that_is_not_saved_is_an_error(bare_env: pytest.MonkeyPatch) -> None:
    if GnomeBackend().unsupported(small("personalization.color_mode")) is not None:
        pytest.skip("GNOME schemas are not installed")
    # gsettings exits 0 here although dconf (or GLib's memory fallback) drops the change.
    with pytest.raises(BackendError, match="not saved"):
        GnomeBackend().write(small("personalization.color_mode"), "dark")


def test_silently_dropped_write_is_caught_by_reading_back(gsettings_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def dropping(tool: str, args: list[str], **kw: Any):
        if args[0] == "set":  # exits 0 and says nothing, like dconf's lost commit sometimes does
            return subprocess.CompletedProcess([tool, *args], 0, "", "")
        return run(tool, args, **kw)

    monkeypatch.setattr(gnome_mod, "run", dropping)
    with pytest.raises(BackendError, match="color-scheme: the change was not saved .it reads back 'default'"):
        GnomeBackend().write(small("personalization.color_mode"), "dark")


def test_missing_gsettings(fake_tools) -> None:
    backend = GnomeBackend()
    assert backend.availability().reason == "gsettings not found: install libglib2.0-bin"
    assert backend.unsupported(small("personalization.color_mode")) == "gsettings not found: install libglib2.0-bin"
    with pytest.raises(BackendError, match="gsettings not found"):
        backend.write(small("personalization.color_mode"), "dark")


def test_detect(bare_env: pytest.MonkeyPatch, gsettings_env: Path) -> None:
    bare_env.setenv("GSETTINGS_BACKEND", "keyfile")
    assert isinstance(detect(), GnomeBackend)
    assert isinstance(detect("sandbox"), SandboxBackend)
    bare_env.setenv("GSETTINGS_BACKEND", "memory")
    assert isinstance(detect(), SandboxBackend)  # auto falls back
    bare_env.setenv("MU_BACKEND", "gnome")
    with pytest.raises(Unsupported, match="backend gnome is not available here: GSETTINGS_BACKEND=memory"):
        detect()
    with pytest.raises(Unsupported, match="not Windows"):
        detect("windows")
    with pytest.raises(UsageError, match="unknown backend 'beos'"):
        detect("beos")
    assert [a.name for a in describe_all()] == list(BACKENDS)


# --- PulseAudio ----------------------------------------------------------------------------------------


def pactl(*args: str) -> str:
    return subprocess.run(["pactl", *args], capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize("target", ["sink", "source"])
def test_volume_and_mute_on_the_null_device(pulse_env: dict, target: str) -> None:
    backend = GnomeBackend()
    prefix = "sound." if target == "sink" else "sound.microphone_"
    volume, mute = small(prefix + "volume"), small(prefix + "mute")
    device = "@DEFAULT_SINK@" if target == "sink" else "@DEFAULT_SOURCE@"
    before = (backend.read(volume), backend.read(mute))
    assert backend.unsupported(volume) is None
    backend.write(volume, 37)
    assert "/  37% /" in pactl(f"get-{target}-volume", device)
    assert backend.read(volume) == 37
    backend.write(mute, True)
    assert pactl(f"get-{target}-mute", device).strip() == "Mute: yes"
    assert backend.read(mute) is True
    backend.write(volume, before[0])
    backend.write(mute, before[1])
    assert (backend.read(volume), backend.read(mute)) == before


@pytest.mark.parametrize("sid", settings_via(catalog_under_test(), "pactl"))
def test_every_pactl_setting_round_trips(pulse_env: dict, sid: str) -> None:
    backend, setting = GnomeBackend(), catalog_under_test().settings[sid]
    original = backend.read(setting)
    for value in candidates(setting, original):
        backend.write(setting, value)
        assert backend.read(setting) == value
    backend.write(setting, original)
    assert backend.read(setting) == original


def test_volume_reads_the_channel_average(pulse_env: dict) -> None:
    pactl("set-sink-volume", "@DEFAULT_SINK@", "40%", "61%")
    assert GnomeBackend().read(small("sound.volume")) == 50  # 50.5 rounds to the step


def test_no_sound_server(pulse_env: dict, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    backend = GnomeBackend()
    assert backend.unsupported(small("sound.volume")).startswith("no sound server: ")
    with pytest.raises(BackendError, match="pactl get-sink-volume failed: "):
        backend.read(small("sound.volume"))


def test_missing_pactl(fake_tools) -> None:
    backend = GnomeBackend()
    assert backend.unsupported(small("sound.volume")) == "pactl not found: install pulseaudio-utils"
    with pytest.raises(BackendError, match="^pactl not found: install pulseaudio-utils$"):
        backend.write(small("sound.volume"), 50)


# --- backlight -------------------------------------------------------------------------------------------


def test_backlight_targets_prefer_firmware(fake_backlight: Path) -> None:
    backend = GnomeBackend(backlight_root=fake_backlight)
    make_backlight(fake_backlight, "dell_backlight", "platform", 100, 50)
    assert backend.targets(small("display.brightness")) == ["acpi_video0", "dell_backlight", "intel_backlight"]


def test_backlight_percent_and_raw(fake_backlight: Path) -> None:
    backend, setting = GnomeBackend(backlight_root=fake_backlight), small("display.brightness")
    assert backend.read(setting) == 67  # acpi_video0: 10 of 15
    backend.write(setting, 40)
    assert (fake_backlight / "acpi_video0" / "brightness").read_text().strip() == "6"
    assert backend.read(setting) == 40
    backend.write(setting, 50, target="intel_backlight")
    assert (fake_backlight / "intel_backlight" / "brightness").read_text().strip() == str(round(19393 / 2))
    assert backend.read(setting, target="intel_backlight") == 50
    backend.write(setting, 100, target="intel_backlight")
    assert (fake_backlight / "intel_backlight" / "brightness").read_text().strip() == "19393"
    with pytest.raises(BackendError, match="no backlight device 'eDP-1'.*have: acpi_video0, intel_backlight"):
        backend.write(setting, 10, target="eDP-1")


@pytest.mark.parametrize("sid", settings_via(catalog_under_test(), "backlight"))
def test_every_backlight_setting_round_trips(fake_backlight: Path, sid: str) -> None:
    backend, setting = GnomeBackend(backlight_root=fake_backlight), catalog_under_test().settings[sid]
    for target in backend.targets(setting):
        for value in (0, 20, 60, 100):
            backend.write(setting, value, target=target)
            assert backend.read(setting, target=target) == value, f"{target} at {value}%"


def test_backlight_root_from_environment(fake_backlight: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MU_BACKLIGHT_ROOT", str(fake_backlight))
    assert GnomeBackend().targets(small("display.brightness"))[0] == "acpi_video0"
    monkeypatch.setenv("MU_BACKLIGHT_ROOT", str(fake_backlight / "none"))
    reason = GnomeBackend().unsupported(small("display.brightness"))
    assert reason == f"no backlight device in {fake_backlight / 'none'}"


def test_backlight_permission_denied(fake_backlight: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def denied(self: Path, *a: Any, **kw: Any) -> int:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "write_text", denied)
    with pytest.raises(BackendError, match="permission denied .*udev rule"):
        GnomeBackend(backlight_root=fake_backlight).write(small("display.brightness"), 30)


# --- radios, Bluetooth, power profiles (scripted stand-ins record the arguments) -------------------------


def test_nmcli_wifi(fake_tools) -> None:
    fake_tools.add("nmcli", FAKE_NMCLI, {"wifi": True, "wwan": True})
    backend, setting = GnomeBackend(), small("network.wifi")
    assert backend.unsupported(setting) is None and backend.read(setting) is True
    backend.write(setting, False)
    assert fake_tools.calls("nmcli")[-1] == ["radio", "wifi", "off"]
    assert backend.read(setting) is False


def test_nmcli_radio_all_table(fake_tools) -> None:
    fake_tools.add("nmcli", FAKE_NMCLI, {"wifi": True, "wwan": False})
    spec = {"via": "nmcli", "radio": "all"}
    assert backend_switch("nmcli").read(small("network.wifi"), spec, None) is False
    fake_tools.put(wwan=True)
    assert backend_switch("nmcli").read(small("network.wifi"), spec, None) is True


def backend_switch(via: str):
    return GnomeBackend().handlers[via]


def test_rfkill_airplane_mode(fake_tools) -> None:
    devices = [
        {"type": "wlan", "soft": "unblocked", "hard": "unblocked"},
        {"type": "bluetooth", "soft": "unblocked", "hard": "unblocked"},
    ]
    fake_tools.add("rfkill", FAKE_RFKILL, {"devices": devices})
    backend, setting = GnomeBackend(), small("network.airplane_mode")
    assert backend.read(setting) is False
    backend.write(setting, True)
    assert fake_tools.calls("rfkill")[-1] == ["block", "all"]
    assert backend.read(setting) is True
    backend.write(setting, False)
    assert backend.read(setting) is False
    bluetooth = {"via": "rfkill", "radio": "bluetooth"}
    fake_tools.put(devices=[{**d, "hard": "blocked"} if d["type"] == "bluetooth" else d for d in devices])
    with pytest.raises(BackendError, match="hardware switch"):
        backend_switch("rfkill").write(small("bluetooth.enabled"), bluetooth, True, None)


def test_bluetoothctl_power(fake_tools) -> None:
    fake_tools.add("bluetoothctl", FAKE_BLUETOOTHCTL, {"bt": True})
    backend, setting = GnomeBackend(), small("bluetooth.enabled")
    backend.write(setting, False)
    assert fake_tools.calls("bluetoothctl")[-1] == ["power", "off"] and backend.read(setting) is False
    fake_tools.put(bt_broken=True)
    with pytest.raises(BackendError, match="^bluetoothctl power: Failed to set power on: org.bluez.Error.Busy$"):
        backend.write(setting, True)


def test_powerprofilesctl_map(fake_tools) -> None:
    fake_tools.add("powerprofilesctl", FAKE_PPD, {"profile": "balanced"})
    backend, setting = GnomeBackend(), small("power.mode")
    assert backend.read(setting) == "balanced"
    backend.write(setting, "best_power_efficiency")
    assert fake_tools.calls("powerprofilesctl")[-1] == ["set", "power-saver"]
    assert backend.read(setting) == "best_power_efficiency"
    with pytest.raises(BackendError, match="^powerprofilesctl set failed: Failed to activate profile"):
        backend.write(setting, "best_performance")


@pytest.mark.parametrize(
    "sid, tool, package",
    [
        ("network.wifi", "nmcli", "network-manager"),
        ("network.airplane_mode", "rfkill", "rfkill"),
        ("bluetooth.enabled", "bluetoothctl", "bluez"),
        ("power.mode", "powerprofilesctl", "power-profiles-daemon"),
    ],
)
def test_missing_tool_is_unsupported_and_write_fails(fake_tools, sid: str, tool: str, package: str) -> None:
    backend, message = GnomeBackend(), f"{tool} not found: install {package}"
    assert backend.unsupported(small(sid)) == message
    with pytest.raises(BackendError, match=f"^{message}$"):
        backend.write(small(sid), small(sid).default)


def test_tool_timeout_and_failure(fake_tools) -> None:
    fake_tools.add("slow", "import time; time.sleep(5)")
    with pytest.raises(BackendError, match=r"^slow timed out after 0\.5 s$"):
        run("slow", [], timeout=0.5)
    fake_tools.add("grumpy", "sys.exit(print('\\nError: first line\\nsecond', file=sys.stderr) or 3)")
    with pytest.raises(BackendError, match="^grumpy set failed: Error: first line$"):
        run("grumpy", ["--quiet", "set"])


def test_no_shell_anywhere() -> None:
    backends = Path(gnome_mod.__file__).parent
    shell_flag = "shell" + "=True"  # spelled apart so a search of the tests does not find this line
    for module in ("gnome.py", "linux_tools.py", "gvariant.py", "__init__.py", "windows.py"):
        assert shell_flag not in (backends / module).read_text()


def test_undo_puts_back_exactly_what_was_stored(gsettings_env: Path, tmp_path: Path) -> None:
    """Undo restores the stored values bit for bit: a speed between the catalog's steps, and a dark wallpaper
    that differs from the light one."""
    from mu_cli.calls import Call
    from mu_cli.journal import Journal
    from mu_cli.transaction import commit, find_undo_target, plan_undo, prepare

    cat = Catalog.load()
    subprocess.run(["gsettings", "set", "org.gnome.desktop.peripherals.mouse", "speed", "0.0"], check=True)
    subprocess.run(
        ["gsettings", "set", "org.gnome.desktop.background", "picture-uri", "'file:///light.png'"], check=True
    )
    subprocess.run(
        ["gsettings", "set", "org.gnome.desktop.background", "picture-uri-dark", "'file:///dark.png'"], check=True
    )
    backend, journal = GnomeBackend(), Journal(tmp_path / "j.sqlite3")
    new = tmp_path / "new.png"
    new.write_bytes(b"\x89PNG")
    calls = [Call("set", "mouse.pointer_speed", value=15), Call("set", "personalization.wallpaper", value=str(new))]
    commit(prepare(calls, cat, backend), cat, backend, journal, command="t", query="q", allow=True)
    assert raw_get("org.gnome.desktop.background", "picture-uri-dark") == new.as_uri()
    undo = plan_undo(find_undo_target(journal, None), cat, backend)
    commit(undo, cat, backend, journal, command="undo", query="u", allow=True, undo_of=1)
    assert raw_get("org.gnome.desktop.peripherals.mouse", "speed") == 0.0
    assert raw_get("org.gnome.desktop.background", "picture-uri") == "file:///light.png"
    assert raw_get("org.gnome.desktop.background", "picture-uri-dark") == "file:///dark.png"


def test_a_write_raced_away_once_is_tried_again(gsettings_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sets = []

    def racing(tool: str, args: list[str], **kw: Any):
        if args[0] == "set":
            sets.append(args)
            if len(sets) == 1:  # another program rewrote the keyfile over this first write
                return subprocess.CompletedProcess([tool, *args], 0, "", "")
        return run(tool, args, **kw)

    monkeypatch.setattr(gnome_mod, "run", racing)
    GnomeBackend().write(small("personalization.color_mode"), "dark")
    assert len(sets) == 2 and raw_get("org.gnome.desktop.interface", "color-scheme") == "prefer-dark"
