"""The Windows backend against in-memory models of the registry (MemoryRegistry) and user32
(RecordingWin32), and a scripted powercfg: every registry-, SPI- and powercfg-bound setting of the
catalog round-trips, writes exactly what its binding says, and undoes; the models behave like winreg."""

from __future__ import annotations

import re
import subprocess
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest

from mu_cli.backends.base import Backend, to_os
from mu_cli.backends.win32_seam import SPI, Broadcast, RecordingWin32, counterpart
from mu_cli.backends.windows import SPI_STRUCTS, Powercfg, WindowsBackend, registry_writes
from mu_cli.backends.winreg_seam import (
    HKEY_CURRENT_USER,
    HKEY_LOCAL_MACHINE,
    KEY_READ,
    KEY_SET_VALUE,
    KEY_WRITE,
    REG_BINARY,
    REG_DWORD,
    REG_MULTI_SZ,
    REG_QWORD,
    REG_SZ,
    REG_TYPES,
    MemoryRegistry,
    RealRegistry,
    reg_data,
)
from mu_cli.catalog import Catalog, Setting
from mu_cli.errors import Refused, Unsupported, ValueRefused

DELETED = "<deleted>"
TRICKY_TEXT = 'mu test: it\'s "quoted" $env:USERNAME \\\\server\\share C:\\Temp\\ \u00fc'


@lru_cache(maxsize=1)
def shipped_catalog() -> Catalog:
    return Catalog.load()


def ids(via: str) -> list[str]:
    return sorted(s.id for s in shipped_catalog().settings.values() if s.bindings["windows"].via == via)


# Catalog bindings that cannot write their own default; the test fails until the catalog is fixed
# (strict xfail: a fixed catalog turns these into failures that say to drop the entry).
CATALOG_GAPS = {
    "accessibility.color_filter_type": "FilterType map lacks grayscale (0), red_green_protanopia (4) and "
    "blue_yellow_tritanopia (5), and grayscale is the default",
}
REGISTRY_IDS = ids("registry")
SPI_IDS = ids("spi")
POWERCFG_IDS = ids("powercfg")
WIN32_SPI_IDS = sorted(
    s.id
    for s in shipped_catalog().settings.values()
    if s.bindings["windows"].via == "win32"
    and re.search(
        r"SPI_SET(MOUSEBUTTONSWAP|DOUBLECLICKTIME|STICKYKEYS|FILTERKEYS|TOGGLEKEYS|"
        r"MOUSEKEYS|ACCESSTIMEOUT|ANIMATION|AUDIODESCRIPTION)\b",
        s.bindings["windows"].spec.get("api", ""),
    )
)


def setting(sid: str) -> Setting:
    return shipped_catalog().settings[sid]


def values_of(s: Setting) -> list[dict]:
    return list(s.bindings["windows"].spec["values"])


def key_of(value: Any) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def expected(s: Setting, vspec: dict, value: Any) -> Any:
    """What the binding says the registry holds for catalog `value`: (data, REG type) or DELETED."""
    if "delete_means" in vspec and key_of(value) == key_of(vspec["delete_means"]):
        return DELETED
    raw = to_os(vspec, s, value)
    kind = REG_TYPES[vspec["type"]]
    if vspec.get("map") and key_of(value) not in {key_of(k) for k in vspec["map"]}:
        raise ValueRefused(f"{s.id}: no data for {value!r}")
    return (int(raw) if kind in (REG_DWORD, REG_QWORD) else str(raw)), kind


def stored(reg: MemoryRegistry, vspec: dict) -> Any:
    name = "" if vspec["name"] == "(Default)" else vspec["name"]
    try:
        return reg.value(vspec["key"], name)
    except FileNotFoundError:
        return DELETED


def expressible(s: Setting, value: Any) -> bool:
    """Whether every value of the binding has data (or a deletion) for `value`."""
    spec = s.bindings["windows"].spec
    for v in spec.get("values") or [spec]:
        mapped = {key_of(k) for k in v.get("map") or {}}
        if mapped and key_of(value) not in mapped and key_of(value) != key_of(v.get("delete_means")):
            return False
    return True


def other_value(s: Setting, current: Any) -> Any:
    """An in-domain value other than `current` that the binding can write."""
    if s.kind == "toggle":
        return not current
    if s.kind == "choice":
        return next(c for c in s.choice_ids if c != current and expressible(s, c))
    if s.kind == "range":
        return s.max if current != s.max else s.min
    if s.kind == "duration":
        return next((a for a in s.allowed if a != current), current + 300)
    return TRICKY_TEXT if current != TRICKY_TEXT else "plain"


def backend(elevated: bool = True, **kw: Any) -> tuple[WindowsBackend, MemoryRegistry, RecordingWin32]:
    reg, w32 = MemoryRegistry(elevated=elevated), RecordingWin32()
    return WindowsBackend(reg, w32, catalog=shipped_catalog(), **kw), reg, w32


# --- every registry-bound setting ----------------------------------------------------------------


def with_gaps(sids: list[str]) -> list[Any]:
    return [
        pytest.param(sid, marks=pytest.mark.xfail(strict=True, raises=ValueRefused, reason=CATALOG_GAPS[sid]))
        if sid in CATALOG_GAPS
        else sid
        for sid in sids
    ]


@pytest.mark.parametrize("start", ["present", "missing"])
@pytest.mark.parametrize("sid", with_gaps(REGISTRY_IDS))
def test_every_registry_setting_round_trips_and_undoes(sid: str, start: str) -> None:
    s = setting(sid)
    b, reg, w32 = backend()
    if start == "present":  # a machine where Windows already wrote the default
        for v in values_of(s):
            want = expected(s, v, s.default)
            if want != DELETED:
                reg.seed(v["key"], "" if v["name"] == "(Default)" else v["name"], *want)
    old = b.read(s)
    first = values_of(s)[0]
    if start == "missing" and "delete_means" in first:  # what Windows does without the value
        dm = first["delete_means"]
        assert old == (key_of(dm) == "true" if s.kind == "toggle" else str(dm))
    else:
        assert old == s.default
    before = {v["key"] + "\\" + v["name"]: stored(reg, v) for v in values_of(s)}

    new = other_value(s, old)
    b.write(s, new)
    assert b.read(s) == new
    for v in values_of(s):
        assert stored(reg, v) == expected(s, v, new), f"{v['key']}\\{v['name']}"
        if stored(reg, v) != DELETED:  # the key and value keep the catalog's spelling
            assert v["key"] in reg.keys()
            assert (v["name"] if v["name"] != "(Default)" else "") in reg.names(v["key"])
    notify = s.bindings["windows"].spec.get("notify")
    if notify == "explorer":
        assert any(s.title in note for note in b.take_notes())
    elif notify:
        assert w32.broadcasts[-1] == Broadcast(0, notify)
    else:
        assert w32.broadcasts == []

    b.write(s, old)  # undo: the journal writes the old catalog value back
    assert b.read(s) == old
    for v in values_of(s):
        now = stored(reg, v)
        assert now == expected(s, v, old)
        if start == "present":  # exactly what was there before
            assert now == before[v["key"] + "\\" + v["name"]]


def test_undo_of_a_value_that_was_missing_writes_the_default_explicitly() -> None:
    """The journal holds catalog values, not registry state: a value without delete_means that did not
    exist comes back holding the catalog default's data, not deleted."""
    s = setting("taskbar.widgets")
    b, reg, _ = backend()
    old = b.read(s)
    b.write(s, not old)
    b.write(s, old)
    assert reg.value(values_of(s)[0]["key"], values_of(s)[0]["name"]) == (1, REG_DWORD)


@pytest.mark.parametrize("sid", REGISTRY_IDS)
def test_hkcu_writes_as_a_user_and_machine_wide_values_are_refused(sid: str) -> None:
    s = setting(sid)
    b, reg, _ = backend(elevated=False)
    machine = any(not v["key"].startswith("HKCU\\") for v in values_of(s))
    new = other_value(s, b.read(s))
    if not machine:
        assert b.refusal(s) is None
        b.write(s, new)
        assert b.read(s) == new
        return
    assert b.refusal(s) and "needs admin" in b.refusal(s)
    with pytest.raises(Refused, match="needs admin: run from an elevated prompt with --allow-admin"):
        b.write(s, new)
    assert reg.keys() == []  # nothing was written


def test_admin_flag_matches_the_hives() -> None:
    """--allow-admin is asked for by setting.admin; it must cover every machine-wide registry write."""
    wrong = [
        s.id
        for s in shipped_catalog().settings.values()
        if s.bindings["windows"].via == "registry"
        and any(not v["key"].startswith("HKCU\\") for v in values_of(s)) != s.admin
    ]
    assert wrong == []


def test_a_denied_write_is_refused_even_when_the_backend_was_told_it_is_elevated() -> None:
    reg = MemoryRegistry(elevated=False)
    b = WindowsBackend(reg, RecordingWin32(), elevated=True, catalog=shipped_catalog())
    with pytest.raises(Refused, match="denied"):
        b.write(setting("system.long_paths"), True)


def test_a_failed_multi_value_write_puts_back_what_it_wrote() -> None:
    class FailsOn(MemoryRegistry):
        def SetValueEx(self, key: Any, value_name: str, reserved: int, type: int, value: Any) -> None:
            if value_name == "SystemUsesLightTheme":
                raise OSError(1009, "[WinError 1009] The configuration registry database is corrupt")
            super().SetValueEx(key, value_name, reserved, type, value)

    reg = FailsOn()
    key = "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Themes\\Personalize"
    reg.seed(key, "AppsUseLightTheme", 1, REG_DWORD)
    b = WindowsBackend(reg, RecordingWin32(), catalog=shipped_catalog())
    with pytest.raises(Exception, match="corrupt"):
        b.write(setting("personalization.color_mode"), "dark")
    assert reg.value(key, "AppsUseLightTheme") == (1, REG_DWORD)


def test_values_the_catalog_cannot_express_are_refused_before_writing() -> None:
    s = setting("accessibility.color_filter_type")
    b, reg, _ = backend()
    unmapped = [c for c in s.choice_ids if not expressible(s, c)]
    assert unmapped, "the catalog now maps every filter type: drop this test"
    with pytest.raises(ValueRefused):
        b.write(s, unmapped[0])
    assert reg.keys() == []


def test_ambiguous_first_values_are_told_apart_by_the_others() -> None:
    for sid in ("security.uac_level", "personalization.wallpaper_fit"):
        s = setting(sid)
        b, _, _ = backend()
        for choice in s.choice_ids:
            b.write(s, choice)
            assert b.read(s) == choice


@pytest.mark.parametrize(
    "kind, value",
    [
        ("REG_DWORD", -1),
        ("REG_DWORD", 2**32),
        ("REG_DWORD", 2.5),
        ("REG_DWORD", "5"),
        ("REG_SZ", True),
        ("REG_SZ", "a\0b"),
        ("REG_BINARY", 5),
        ("REG_MULTI_SZ", [1]),
        ("REG_LINK", "x"),
    ],
)
def test_registry_data_that_winreg_would_reject_is_refused_first(kind: str, value: Any) -> None:
    with pytest.raises(ValueRefused):
        reg_data(kind, value, "test")


def test_registry_writes_plan_matches_the_binding() -> None:
    plan = registry_writes(setting("sound.system_sounds"), False)
    assert [(w.hive, w.path, w.name, w.type, w.data) for w in plan] == [
        ("HKCU", "AppEvents\\Schemes", "", "REG_SZ", ".None")
    ]


# --- SystemParametersInfo ------------------------------------------------------------------------


def spi_name(action: str) -> str:
    return action[len("SPI_SET") :]


@pytest.mark.parametrize("sid", SPI_IDS)
def test_every_spi_setting_round_trips_with_a_broadcast(sid: str) -> None:
    s = setting(sid)
    spec = s.bindings["windows"].spec
    assert counterpart(spec["set"]) == spec["get"]
    b, _, w32 = backend()
    w32.values[spi_name(spec["get"])] = to_os(spec, s, s.default) if s.kind != "toggle" else int(s.default)
    old = b.read(s)
    assert old == s.default
    new = other_value(s, old)
    b.write(s, new)
    assert b.read(s) == new
    raw = to_os(spec, s, new)
    assert w32.values[spi_name(spec["set"])] == (raw if isinstance(raw, str) else int(raw))
    assert ("set", spec["set"], w32.values[spi_name(spec["set"])], spec["param"]) in w32.calls
    assert w32.broadcasts == [Broadcast(SPI[spec["set"]][0], None)]  # SPIF_SENDCHANGE
    b.write(s, old)
    assert b.read(s) == old and len(w32.broadcasts) == 2


def test_spi_codes_match_the_catalog_api_notes() -> None:
    """The catalog's api notes quote SPI codes; the seam's table (WinUser.h) must agree."""
    for s in shipped_catalog().settings.values():
        api = s.bindings["windows"].spec.get("api", "")
        for name, code in re.findall(r"(SPI_[A-Z]+) \((0x[0-9A-Fa-f]{4})\)", api):
            if name in SPI:
                assert SPI[name][0] == int(code, 16), (s.id, name)


def test_a_set_in_the_wrong_parameter_is_refused_by_the_model() -> None:
    with pytest.raises(Exception, match="uiParam"):
        RecordingWin32().spi_set("SPI_SETBEEP", 1, "pvParam")


@pytest.mark.parametrize("sid", WIN32_SPI_IDS)
def test_win32_spi_settings_round_trip_and_keep_the_other_flags(sid: str) -> None:
    s = setting(sid)
    b, _, w32 = backend()
    action = re.search(r"SPI_SET[A-Z]+", s.bindings["windows"].spec["api"]).group(0)
    if action in SPI_STRUCTS:
        fields = SPI_STRUCTS[action][0]
        w32.values[spi_name(action)] = [fields * 4, 0x1FE] + [7] * (fields - 2)  # other flags set
    assert b.unsupported(s) is None
    old = b.read(s)
    new = other_value(s, old)
    b.write(s, new)
    assert b.read(s) == new
    if action in SPI_STRUCTS and SPI_STRUCTS[action][2]:
        struct = w32.values[spi_name(action)]
        assert struct[1] & ~1 == 0x1FE and struct[2:] == [7] * (fields - 2)
    b.write(s, old)
    assert b.read(s) == old


# --- powercfg ------------------------------------------------------------------------------------


class FakePowercfg:
    """powercfg.exe as far as mu uses it: /query prints AC/DC indexes, /set*valueindex stores them."""

    def __init__(self) -> None:
        self.indexes: dict[tuple[str, str], list[int]] = {}
        self.calls: list[list[str]] = []

    def __call__(self, args: list[str]) -> str:
        self.calls.append(args)
        if args[0] == "/query":
            ac, dc = self.indexes.get((args[2], args[3]), [0, 0])
            return (
                f"Power Scheme GUID: 381b4222-f694-41f0-9685-ff5bb260df2e  (Balanced)\n"
                f"  Subgroup GUID: 00000000-0000-0000-0000-000000000000  ({args[2]})\n"
                f"    Power Setting GUID: 00000000-0000-0000-0000-000000000001  ({args[3]})\n"
                f"      Minimum Possible Setting: 0x00000000\n      Maximum Possible Setting: 0xffffffff\n"
                f"    Current AC Power Setting Index: 0x{ac:08x}\n    Current DC Power Setting Index: 0x{dc:08x}\n"
            )
        if args[0] in ("/setacvalueindex", "/setdcvalueindex"):
            assert args[1] == "SCHEME_CURRENT"
            slot = self.indexes.setdefault((args[2], args[3]), [0, 0])
            slot[0 if args[0] == "/setacvalueindex" else 1] = int(args[4])
            return ""
        assert args == ["/setactive", "SCHEME_CURRENT"]
        return ""


@pytest.mark.parametrize("sid", POWERCFG_IDS)
def test_every_powercfg_setting_round_trips(sid: str) -> None:
    s = setting(sid)
    spec = s.bindings["windows"].spec
    fake = FakePowercfg()
    b, _, _ = backend()
    b.handlers["powercfg"] = Powercfg(fake)
    assert b.unsupported(s) is None
    default = int(to_os(spec, s, s.default))
    fake.indexes[(spec["subgroup"], spec["setting"])] = [default, default]
    old = b.read(s)
    assert old == s.default
    new = other_value(s, old)
    b.write(s, new)
    assert fake.calls[-1] == ["/setactive", "SCHEME_CURRENT"]  # the active plan applies the new index
    assert b.read(s) == new
    ac, dc = fake.indexes[(spec["subgroup"], spec["setting"])]
    want = int(to_os(spec, s, new))
    assert (ac, dc) == {"ac": (want, default), "dc": (default, want), "both": (want, want)}[spec["power"]]
    b.write(s, old)
    assert b.read(s) == old and fake.indexes[(spec["subgroup"], spec["setting"])] == [default, default]


# --- what cannot be done here, and saying so -----------------------------------------------------


def test_availability_and_protocol() -> None:
    b = WindowsBackend()
    assert isinstance(b, Backend)
    if sys.platform != "win32":
        assert (b.availability().available, b.availability().reason) == (False, "not Windows")
        assert b.unsupported(setting("taskbar.widgets")) == "the Windows registry exists only on Windows"


def test_unsupported_says_what_is_missing() -> None:
    b, _, _ = backend()
    for s in shipped_catalog().settings.values():
        via = s.bindings["windows"].via
        reason = b.unsupported(s)
        if via in ("registry", "spi"):
            assert reason is None, s.id
        elif via == "page":
            page = shipped_catalog().page(s.page)
            assert reason and page.windows in reason and s.bindings["windows"].spec["reason"] in reason
            with pytest.raises(Unsupported):
                b.read(s)
        elif via == "powershell":
            assert reason and "PowerShell" in reason and "ms-settings:" in reason
        elif via in ("core_audio", "wmi", "winrt") and sys.platform != "win32":
            assert reason and "needs Windows" in reason, s.id
        elif via == "win32" and s.id not in WIN32_SPI_IDS:
            assert reason, s.id


def test_windows_only_libraries_are_not_imported_here() -> None:
    code = (
        "import sys, mu_cli.backends.windows, mu_cli.emit;"
        "print(sorted(m for m in ('winreg', 'pycaw', 'comtypes', 'screen_brightness_control', 'winrt')"
        " if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


# --- MemoryRegistry behaves like winreg ------------------------------------------------------------


def test_missing_keys_and_values_raise_file_not_found() -> None:
    reg = MemoryRegistry()
    with pytest.raises(FileNotFoundError):
        reg.OpenKey(HKEY_CURRENT_USER, "Software\\Nope")
    with reg.CreateKeyEx(HKEY_CURRENT_USER, "Software\\Mu", 0, KEY_READ | KEY_WRITE) as key:
        with pytest.raises(FileNotFoundError):
            reg.QueryValueEx(key, "Nope")
        with pytest.raises(FileNotFoundError):
            reg.DeleteValue(key, "Nope")


def test_paths_and_names_are_case_insensitive_and_keep_their_case() -> None:
    reg = MemoryRegistry()
    with reg.CreateKeyEx(HKEY_CURRENT_USER, "Software\\MuTest", 0, KEY_WRITE) as key:
        reg.SetValueEx(key, "SomeValue", 0, REG_DWORD, 30)
    with reg.OpenKey(HKEY_CURRENT_USER, "SOFTWARE\\mutest") as key:
        assert reg.QueryValueEx(key, "somevalue") == (30, REG_DWORD)
    assert reg.keys() == ["HKCU\\Software\\MuTest"] and reg.names("hkcu\\software\\MUTEST") == ["SomeValue"]


def test_default_value_is_the_empty_name() -> None:
    reg = MemoryRegistry()
    with reg.CreateKeyEx(HKEY_CURRENT_USER, "AppEvents\\Schemes", 0, KEY_READ | KEY_WRITE) as key:
        reg.SetValueEx(key, "", 0, REG_SZ, ".None")
        assert reg.QueryValueEx(key, "") == (".None", REG_SZ)
        assert reg.QueryValueEx(key, None) == (".None", REG_SZ)  # winreg takes None for the default too


@pytest.mark.parametrize(
    "kind, value, error",
    [
        (REG_DWORD, "30", ValueError),
        (REG_DWORD, 1.5, ValueError),
        (REG_DWORD, -1, OverflowError),
        (REG_DWORD, 2**32, OverflowError),
        (REG_QWORD, 2**64, OverflowError),
        (REG_SZ, 30, ValueError),
        (REG_SZ, b"x", ValueError),
        (REG_SZ, "a\0b", ValueError),
        (REG_MULTI_SZ, "one", ValueError),
        (REG_MULTI_SZ, ["a", 1], ValueError),
        (REG_BINARY, "text", TypeError),
    ],
)
def test_types_are_checked_like_winreg(kind: int, value: Any, error: type) -> None:
    reg = MemoryRegistry()
    with reg.CreateKeyEx(HKEY_CURRENT_USER, "Software\\Mu", 0, KEY_WRITE) as key:
        with pytest.raises(error):
            reg.SetValueEx(key, "v", 0, kind, value)


@pytest.mark.parametrize(
    "kind, value, back",
    [
        (REG_DWORD, 0, 0),
        (REG_DWORD, 2**32 - 1, 2**32 - 1),
        (REG_DWORD, True, 1),
        (REG_DWORD, None, 0),
        (REG_QWORD, 2**64 - 1, 2**64 - 1),
        (REG_SZ, "", ""),
        (REG_SZ, None, ""),
        (REG_MULTI_SZ, ["a", ""], ["a", ""]),
        (REG_BINARY, b"\x00\x01", b"\x00\x01"),
        (REG_BINARY, bytearray(b"x"), b"x"),
        (REG_BINARY, None, b""),
    ],
)
def test_values_come_back_as_winreg_returns_them(kind: int, value: Any, back: Any) -> None:
    reg = MemoryRegistry()
    with reg.CreateKeyEx(HKEY_CURRENT_USER, "Software\\Mu", 0, KEY_READ | KEY_WRITE) as key:
        reg.SetValueEx(key, "v", 0, kind, value)
        assert reg.QueryValueEx(key, "v") == (back, kind)


def test_access_rights_and_elevation() -> None:
    reg = MemoryRegistry(elevated=False)
    with reg.CreateKeyEx(HKEY_CURRENT_USER, "Software\\Mu", 0, KEY_WRITE):
        pass
    with reg.OpenKey(HKEY_CURRENT_USER, "Software\\Mu", 0, KEY_READ) as key:
        with pytest.raises(PermissionError):  # a read-only handle
            reg.SetValueEx(key, "v", 0, REG_DWORD, 1)
    with reg.OpenKey(HKEY_CURRENT_USER, "Software\\Mu", 0, KEY_SET_VALUE) as key:
        reg.SetValueEx(key, "v", 0, REG_DWORD, 1)
        with pytest.raises(PermissionError):  # a write-only handle
            reg.QueryValueEx(key, "v")
    with pytest.raises(PermissionError):
        reg.CreateKeyEx(HKEY_LOCAL_MACHINE, "SOFTWARE\\Mu", 0, KEY_WRITE)
    reg.seed("HKLM\\SOFTWARE\\Mu", "v", 1, REG_DWORD)
    with reg.OpenKey(HKEY_LOCAL_MACHINE, "SOFTWARE\\Mu") as key:  # reading HKLM is fine
        assert reg.QueryValueEx(key, "v") == (1, REG_DWORD)
    with pytest.raises(PermissionError):
        reg.OpenKey(HKEY_LOCAL_MACHINE, "SOFTWARE\\Mu", 0, KEY_SET_VALUE)
    elevated = MemoryRegistry(elevated=True)
    with elevated.CreateKeyEx(HKEY_LOCAL_MACHINE, "SOFTWARE\\Mu", 0, KEY_WRITE) as key:
        elevated.SetValueEx(key, "v", 0, REG_DWORD, 1)


def test_closed_handles_and_bad_paths() -> None:
    reg = MemoryRegistry()
    key = reg.CreateKeyEx(HKEY_CURRENT_USER, "Software\\Mu", 0, KEY_READ | KEY_WRITE)
    reg.CloseKey(key)
    with pytest.raises(OSError, match="handle is invalid"):
        reg.QueryValueEx(key, "v")
    with pytest.raises(OSError):
        reg.OpenKey(HKEY_CURRENT_USER, "\\Software")
    with pytest.raises(OSError):
        reg.OpenKey(12345, "Software")


def test_the_real_registry_is_windows_only() -> None:
    if sys.platform == "win32":
        pytest.skip("this is Windows")
    with pytest.raises(Unsupported):
        RealRegistry()


def test_a_wallpaper_that_is_not_there_is_refused_before_any_call(tmp_path: Path) -> None:
    s = setting("personalization.wallpaper")
    b, _, w32 = backend()
    with pytest.raises(ValueRefused, match="no picture at"):
        b.write(s, str(tmp_path / "missing.jpg"))
    assert not [c for c in w32.calls if c[0] == "set"]
    picture = tmp_path / "there.jpg"
    picture.write_bytes(b"\xff\xd8")
    b.write(s, str(picture))
    assert b.read(s) == str(picture)
