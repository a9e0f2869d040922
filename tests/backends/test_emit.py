"""`mu apply --emit powershell|reg`: golden scripts for a handful of changes, and the quoting rules that
keep a value from escaping its string (checked on arbitrary text).

Regenerate the golden files after a deliberate change with MU_UPDATE_GOLDEN=1, then read the diff.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mu_cli.backends.win32_seam import RecordingWin32
from mu_cli.backends.windows import WindowsBackend
from mu_cli.backends.winreg_seam import MemoryRegistry
from mu_cli.calls import Call
from mu_cli.catalog import Catalog
from mu_cli.emit import emit, ps_string, reg_string
from mu_cli.errors import Unsupported, UsageError, ValueRefused
from mu_cli.journal import Change

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
TRICKY = 'it\'s "quoted" $env:USERNAME `$(calc) \\\\server\\share C:\\Temp\\'
UNICODE = "C:\\Users\\Zo\u00eb\\S\u00f8ren\u2018s saver.scr"
NEWLINE = "<local>\n*.example.com"


@lru_cache(maxsize=1)
def shipped_catalog() -> Catalog:
    return Catalog.load()


def changes() -> list[Change]:
    return [
        Change("personalization.color_mode", None, "light", "dark"),  # two DWORDs and a broadcast
        Change("network.proxy_server", None, "", TRICKY),  # REG_SZ with quotes, $, `, backslashes
        Change("personalization.screen_saver_name", None, "", UNICODE),  # non-ASCII and a U+2018 quote
        Change("notifications.sounds", None, True, False),  # undo deletes the value
        Change("security.uac_level", None, "notify", "never_notify"),  # HKLM: elevated
        Change("sound.system_sounds", None, True, False),  # the key's (Default) value
        Change("keyboard.numlock_on_startup", None, False, True),  # HKU\.DEFAULT, a REG_SZ number
    ]


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("MU_UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
    assert path.exists(), f"{path} is missing: run with MU_UPDATE_GOLDEN=1 and review it"
    assert text == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt, suffix", [("powershell", ".ps1"), ("reg", ".reg")])
def test_golden_scripts(fmt: str, suffix: str) -> None:
    out = emit(changes(), shipped_catalog(), fmt)
    assert out.suffix == suffix
    check_golden(f"emit_changes{suffix}", out.script)
    check_golden(f"emit_changes_undo{suffix}", out.undo)


def test_a_newline_is_spliced_into_powershell_and_refused_in_reg() -> None:
    items = [Change("network.proxy_bypass", None, "", NEWLINE)]
    out = emit(items, shipped_catalog(), "powershell")
    check_golden("emit_newline.ps1", out.script)
    assert "[char]0x000a" in out.script and "\n*.example.com" not in out.script
    with pytest.raises(ValueRefused, match="line break"):
        emit(items, shipped_catalog(), "reg")


def test_calls_write_what_the_backend_writes_and_save_what_is_there_first() -> None:
    """The emitted data is what WindowsBackend writes for the same change; the script saves each value it
    touches before its first write, and the count is of what it emits."""
    cat = shipped_catalog()
    s = cat.settings["taskbar.alignment"]
    out = emit([Call("set", s.id, value="left"), Call("set", "taskbar.widgets", value=False)], cat, "powershell")
    assert "(2 setting(s))" in out.script
    reg = MemoryRegistry()
    WindowsBackend(reg, RecordingWin32(), catalog=cat).write(s, "left")
    data, _ = reg.value("HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\Advanced", "TaskbarAl")
    assert f"-Name 'TaskbarAl' -Value {data} -Type DWord" in out.script
    saves = out.script.index(
        "Save-MuValue 'Registry::HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion"
        "\\Explorer\\Advanced' 'TaskbarAl'"
    )
    assert saves < out.script.index("Export-Clixml") < out.script.index("Set-ItemProperty")
    assert "Import-Clixml" in out.undo and "TaskbarAl" not in out.undo  # undo reads the target's saved values
    reg_out = emit([Call("set", s.id, value="left")], cat, "reg")
    assert f'"TaskbarAl"=dword:{data:08x}' in reg_out.script
    assert (
        'reg export "HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\Advanced"'
        in reg_out.combined()
    )


def test_what_is_not_a_registry_value_is_refused_by_name() -> None:
    items = [
        Call("set", "display.brightness", value=50),
        Call("set", "taskbar.alignment", value="left"),
        Call("set", "sound.volume", value=3),
        Change("display.scale", None, "100", "125"),
    ]
    with pytest.raises(Unsupported) as err:
        emit(items, shipped_catalog(), "reg")
    text = str(err.value)
    assert "display.brightness (WMI)" in text and "sound.volume (Core Audio)" in text and "display.scale" in text
    assert "taskbar.alignment" not in text and "\n" not in text


@pytest.mark.parametrize(
    "call",
    [
        Call("increase", "taskbar.widgets", value=None),
        Call("toggle", "taskbar.widgets"),
        Call("get", "taskbar.widgets"),
        Call("open", page="taskbar"),
    ],
)
def test_what_depends_on_the_target_is_refused(call: Call) -> None:
    with pytest.raises(UsageError):
        emit([call], shipped_catalog(), "powershell")


def test_combined_output_runs_only_the_script() -> None:
    out = emit(changes()[:1], shipped_catalog(), "powershell")
    text = out.combined()
    tail = text.split("---- undo", 1)[1].splitlines()[1:]
    assert text.startswith(out.script) and tail and all(line.startswith("#") for line in tail)


def test_unknown_format_and_setting() -> None:
    with pytest.raises(UsageError):
        emit([], shipped_catalog(), "bash")
    with pytest.raises(UsageError):
        emit([Change("no.such", None, 1, 2)], shipped_catalog(), "reg")
    assert "nothing to change" in emit([], shipped_catalog(), "reg").script


def test_a_value_the_catalog_cannot_express_is_refused() -> None:
    with pytest.raises(ValueRefused):
        emit(
            [Change("accessibility.color_filter_type", None, "inverted", "grayscale")], shipped_catalog(), "powershell"
        )


# --- quoting on arbitrary text ---------------------------------------------------------------------

_PS_TOKEN = re.compile(r"'((?:[^']|'')*)'|\[char\]0x([0-9a-f]{4})")


def ps_eval(expr: str) -> str:
    """What PowerShell makes of ps_string's output: one single-quoted string, or ('' + part + ...)
    of single-quoted strings and [char]0xNNNN."""
    body = expr[len("('' + ") : -1].split(" + ") if expr.startswith("('' + ") else [expr]
    units = bytearray()
    for part in body:
        m = _PS_TOKEN.fullmatch(part)
        assert m, f"not a string or [char]: {part!r} in {expr!r}"
        if m.group(2):
            units += int(m.group(2), 16).to_bytes(2, "little")
        else:
            units += m.group(1).replace("''", "'").encode("utf-16-le", "surrogatepass")
    return units.decode("utf-16-le", "surrogatepass")


@given(st.text())
def test_powershell_strings_are_ascii_and_cannot_be_escaped(text: str) -> None:
    expr = ps_string(text)
    # Printable ASCII only: no line break, and none of the U+2018..U+201B quotes PowerShell also ends a
    # string at, even when the script is read in another code page.
    assert all(" " <= c <= "~" for c in expr)
    assert ps_eval(expr) == text


@given(st.text(alphabet=st.characters(blacklist_characters="\n\r\u0085\u2028\u2029")))
def test_reg_strings_round_trip(text: str) -> None:
    quoted = reg_string(text, shipped_catalog().settings["network.proxy_server"])
    inner = quoted[1:-1]
    assert quoted[0] == quoted[-1] == '"' and not re.search(r'(?<!\\)(\\\\)*"', inner)
    assert re.sub(r"\\(.)", r"\1", inner) == text
