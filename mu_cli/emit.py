"""`mu apply --emit powershell|reg`: instead of applying, a script to review that makes the same
registry changes on another computer, and the way back.

Values go through the same plan the Windows backend runs (backends.windows.registry_writes), so the
script writes exactly what mu would. Only registry values can be emitted: a setting changed through
SystemParametersInfo, powercfg, Core Audio, WMI or by hand is refused by name (exit 5), as is a change
that depends on the target's current value (a step, a toggle): this computer's values say nothing of the
target's.

The way back is read on the target, never here: the PowerShell script saves every value it is about to
write (or notes that it is absent) to a backup file before it writes anything, and the undo script puts
those back. A .reg file cannot read anything, so with --emit reg the way back is a backup made with
`reg export` before importing, and the output says which keys to export.

Quoting, because these scripts are run as they are:
- PowerShell strings are single-quoted (no `$` or backtick expansion) with ' doubled; anything outside
  printable ASCII (line breaks, other control characters, and the U+2018..U+201B quotes PowerShell also
  ends a string at) is spliced in as [char]0xNNNN, so nothing in a value can end the string or the line.
- .reg strings escape \\ and \"; text outside printable ASCII is written as hex(1) (UTF-16LE), so the
  file imports the same whatever encoding it is saved in. A line break is refused: a quoted .reg string
  cannot hold one, and hidden in hex(1) nobody reviewing the file would see it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .backends.windows import registry_writes
from .backends.winreg_seam import HIVE_NAMES, RegWrite
from .catalog import Catalog, Setting
from .errors import Unsupported, UsageError, ValueRefused

FORMATS = ("powershell", "reg")
SUFFIX = {"powershell": ".ps1", "reg": ".reg"}
PS_TYPES = {
    "REG_SZ": "String",
    "REG_EXPAND_SZ": "ExpandString",
    "REG_DWORD": "DWord",
    "REG_QWORD": "QWord",
    "REG_MULTI_SZ": "MultiString",
    "REG_BINARY": "Binary",
}
VIA_WORDS = {
    "spi": "SystemParametersInfo",
    "win32": "a Win32 call",
    "powercfg": "powercfg",
    "wmi": "WMI",
    "core_audio": "Core Audio",
    "winrt": "a WinRT call",
    "powershell": "a PowerShell cmdlet",
}
_LINE_BREAKS = "\n\r\u0085\u2028\u2029"


@dataclass(frozen=True)
class Emitted:
    """A script that makes the changes, and the way back: an undo script (PowerShell) or the backup
    steps to take on the target before importing (.reg)."""

    fmt: str
    script: str
    undo: str

    @property
    def suffix(self) -> str:
        return SUFFIX[self.fmt]

    def combined(self) -> str:
        """The script, then the way back commented out (safe to print and to run as it is)."""
        mark = "#" if self.fmt == "powershell" else ";"
        if self.fmt == "reg":
            return f"{self.script}{self.undo}"
        undo = "\n".join(f"{mark} {line}".rstrip() for line in self.undo.splitlines())
        return (
            f"{self.script}\n{mark} ---- undo: save the lines below without the leading '{mark} ' as mu-undo.ps1, "
            f"and run it with -Backup and the file the script names ----\n{undo}\n"
        )


@dataclass(frozen=True)
class _Item:
    setting: Setting
    value: Any
    writes: list[RegWrite]


def emit(items: Iterable[Any], catalog: Catalog, fmt: str) -> Emitted:
    """Scripts for `items`: Calls that set a value, or journal Changes (their new value)."""
    if fmt not in FORMATS:
        raise UsageError(f"--emit {fmt!r}: choose {' or '.join(FORMATS)}")
    todo = _items(items, catalog)
    writer = _PowerShell() if fmt == "powershell" else _Reg()
    return Emitted(fmt, writer.document(todo), writer.way_back(todo))


def _items(items: Iterable[Any], catalog: Catalog) -> list[_Item]:
    todo, elsewhere = [], []
    for item in items:
        action = getattr(item, "action", "set")
        if action == "open":
            raise UsageError(f"--emit writes registry values; opening the {item.page!r} page is not one")
        sid = item.setting or ""
        setting = catalog.setting(sid)
        if setting is None:
            raise UsageError(f"unknown setting id {sid!r} (see `mu settings`)")
        if action != "set":
            what = {"get": "reading it", "toggle": "a toggle"}.get(action, "a step up or down")
            raise UsageError(
                f"--emit cannot script {setting.id} as {what}: that depends on the value on the "
                f"target, which is not read here; give the value, e.g. {setting.id}=VALUE"
            )
        binding = setting.bindings.get("windows")
        if binding is None or binding.via != "registry":
            how = (
                "no Windows binding"
                if binding is None
                else ("set by hand in Settings" if binding.via == "page" else VIA_WORDS.get(binding.via, binding.via))
            )
            elsewhere.append(f"{setting.id} ({how})")
            continue
        value = item.value if hasattr(item, "value") else item.new
        todo.append(_Item(setting, value, registry_writes(setting, value)))
    if elsewhere:
        raise Unsupported(
            f"--emit writes registry values only, and {len(elsewhere)} of these settings are not one: "
            f"{', '.join(elsewhere)}; nothing was written (change them with mu apply on that computer)"
        )
    return todo


def _plain(text: Any) -> str:
    """Text for a comment line: no control characters, so the comment cannot end early."""
    return re.sub(r"[\x00-\x1f\x7f\u0085\u2028\u2029]", " ", str(text))


class _Writer:
    mark = "#"
    footer: list[str] = []

    def document(self, todo: list[_Item]) -> str:
        body: list[str] = []
        for item in todo:
            body += self.change(item)
        if not todo:
            body.append(f"{self.mark} nothing to change")
        admin = any(w.needs_admin for i in todo for w in i.writes)
        return "\n".join(self.header(len(todo), admin) + self.before(todo) + body + self.footer) + "\n"

    def before(self, todo: list[_Item]) -> list[str]:
        return []

    def change(self, item: _Item) -> list[str]:
        m, setting = self.mark, item.setting
        lines = ["", f"{m} {_plain(f'{setting.title} ({setting.id}) -> {setting.format_value(item.value)}')}"]
        lines += self.writes(item.writes, setting)
        notify = setting.bindings["windows"].spec.get("notify")
        if notify == "explorer":
            lines.append(f"{m}   Explorer shows this after it restarts (sign out and in, or restart explorer.exe).")
        elif notify:
            lines.append(
                f"{m}   Open windows see this after sign-out, or a WM_SETTINGCHANGE {_plain(notify)!r} broadcast"
                " (mu sends it; this script does not)."
            )
        return lines

    def header(self, count: int, admin: bool) -> list[str]:
        raise NotImplementedError

    def writes(self, writes: list[RegWrite], setting: Setting) -> list[str]:
        raise NotImplementedError

    def way_back(self, todo: list[_Item]) -> str:
        raise NotImplementedError


def _touched(todo: list[_Item]) -> list[RegWrite]:
    """Each (key, value name) the changes write, once, in order."""
    seen, out = set(), []
    for item in todo:
        for w in item.writes:
            if (w.key.lower(), w.name.lower()) not in seen:
                seen.add((w.key.lower(), w.name.lower()))
                out.append(w)
    return out


def _full_key(w: RegWrite) -> str:
    """The key with its hive spelled out, as reg.exe and .reg files write it."""
    return f"{HIVE_NAMES[w.hive]}\\{w.path}" if w.path else HIVE_NAMES[w.hive]


def _ps_key(w: RegWrite) -> str:
    return f"Registry::{_full_key(w)}"


_PS_SAVE = """\
# Before anything is written: what is there now (or that nothing is), for the undo script.
$muSaved = New-Object System.Collections.Generic.List[object]
function Save-MuValue([string]$Key, [string]$Name) {
    $item = Get-Item -LiteralPath $Key -ErrorAction SilentlyContinue
    $kind = $null; $data = $null
    if ($null -ne $item -and @($item.GetValueNames()) -contains $Name) {
        $kind = [string]$item.GetValueKind($Name)
        $data = $item.GetValue($Name, $null, [Microsoft.Win32.RegistryValueOptions]::DoNotExpandEnvironmentNames)
    }
    $muSaved.Add([pscustomobject]@{ Key = $Key; Name = $Name; Kind = $kind; Data = $data })
}"""

_PS_SAVED = """\
$muBackup = Join-Path ([Environment]::GetFolderPath('LocalApplicationData')) ('mu-undo-' + (Get-Date -Format 'yyyyMMdd-HHmmss') + '.xml')
$muSaved | Export-Clixml -LiteralPath $muBackup
Write-Host "Saved the values it changes to $muBackup; to undo: .\\mu-undo.ps1 -Backup '$muBackup'\""""

_PS_UNDO = """\
# mu apply --emit powershell: undo script.
# Puts back the registry values the script saved on this computer before it wrote anything (the file it
# named when it ran): each value as it was, and a value that was absent is removed again.
param([Parameter(Mandatory = $true)][string]$Backup)
$ErrorActionPreference = 'Stop'
$saved = @(Import-Clixml -LiteralPath $Backup)
[array]::Reverse($saved)
foreach ($old in $saved) {
    $name = if ($old.Name -eq '') { '(default)' } else { $old.Name }
    if ($null -eq $old.Kind) {
        if (Test-Path -LiteralPath $old.Key) { Remove-ItemProperty -LiteralPath $old.Key -Name $name -ErrorAction SilentlyContinue }
    } else {
        if (-not (Test-Path -LiteralPath $old.Key)) { New-Item -Path $old.Key -Force | Out-Null }
        New-ItemProperty -LiteralPath $old.Key -Name $name -Value $old.Data -PropertyType $old.Kind -Force | Out-Null
    }
}
Write-Host "Restored $($saved.Count) registry value(s) from $Backup"
"""


class _PowerShell(_Writer):
    mark = "#"

    def header(self, count: int, admin: bool) -> list[str]:
        lines = [
            f"# mu apply --emit powershell: script ({count} setting(s)).",
            "# Makes the registry changes mu would make; review it, then run it in PowerShell 5.1 or later.",
            "# It first saves the values it changes, as they are on the computer it runs on, to a file it names;",
            "# the undo script puts them back from that file.",
        ]
        if admin:
            lines += [
                "# Some values are machine-wide: run it from an elevated PowerShell.",
                "#Requires -RunAsAdministrator",
            ]
        return lines + ["$ErrorActionPreference = 'Stop'"]

    def before(self, todo: list[_Item]) -> list[str]:
        if not todo:
            return []
        saves = [f"Save-MuValue {ps_string(_ps_key(w))} {ps_string(w.name)}" for w in _touched(todo)]
        return [_PS_SAVE] + saves + [_PS_SAVED]

    def writes(self, writes: list[RegWrite], setting: Setting) -> list[str]:
        lines, current = [], None
        for w in writes:
            name = _ps_name(w.name, setting)
            if w.key != current:
                current = w.key
                lines.append(f"$key = {ps_string(_ps_key(w))}")
                if not w.delete:
                    # Not a bare `New-Item -Force`: on an existing key it deletes the key and its values.
                    lines.append("if (-not (Test-Path -LiteralPath $key)) { New-Item -Path $key -Force | Out-Null }")
            if w.delete:
                lines.append(
                    f"if (Get-ItemProperty -LiteralPath $key -Name {name} -ErrorAction SilentlyContinue) "
                    f"{{ Remove-ItemProperty -LiteralPath $key -Name {name} }}"
                )
            else:
                lines.append(
                    f"Set-ItemProperty -LiteralPath $key -Name {name} -Value {_ps_value(w)} -Type {PS_TYPES[w.type]}"
                )
        return lines

    def way_back(self, todo: list[_Item]) -> str:
        return _PS_UNDO


def ps_string(text: str) -> str:
    """A PowerShell expression for `text` that nothing inside it can escape from.

    The script is kept to printable ASCII: Windows PowerShell 5.1 reads a .ps1 without a BOM in the ANSI
    code page, where the UTF-8 bytes of many characters (U+0451 is D1 91) decode to a U+2018 quote that
    would end the string. Everything else is spliced in as [char]0xNNNN (UTF-16 code units).
    """
    parts, chunk = [], ""
    for unit in _utf16_units(text):
        if 0x20 <= unit < 0x7F:
            chunk += "''" if unit == 0x27 else chr(unit)
            continue
        if chunk:
            parts.append(f"'{chunk}'")
            chunk = ""
        parts.append(f"[char]0x{unit:04x}")
    if chunk or not parts:
        parts.append(f"'{chunk}'")
    if len(parts) == 1 and parts[0].startswith("'"):
        return parts[0]
    return "('' + " + " + ".join(parts) + ")"


def _utf16_units(text: str) -> list[int]:
    data = text.encode("utf-16-le", "surrogatepass")
    return [int.from_bytes(data[i : i + 2], "little") for i in range(0, len(data), 2)]


def _ps_name(name: str, setting: Setting) -> str:
    if name == "":
        return "'(default)'"
    if any(c in name for c in "*?[]"):
        raise ValueRefused(f"{setting.id}: value name {name!r} has wildcard characters PowerShell would expand")
    return ps_string(name)


def _ps_value(w: RegWrite) -> str:
    if w.type in ("REG_DWORD", "REG_QWORD"):
        bits = 32 if w.type == "REG_DWORD" else 64
        # The registry provider takes a signed Int32/Int64; the stored bits are the same.
        signed = w.data - 2**bits if w.data >= 2 ** (bits - 1) else w.data
        return str(signed)
    if w.type == "REG_MULTI_SZ":
        return "@(" + ", ".join(ps_string(s) for s in w.data) + ")"
    if w.type == "REG_BINARY":
        return "([byte[]](" + ",".join(f"0x{b:02x}" for b in w.data) + "))"
    return ps_string(w.data)


class _Reg(_Writer):
    mark = ";"
    footer = [""]  # regedit can skip a last line that has no line break after it

    def header(self, count: int, admin: bool) -> list[str]:
        lines = [
            "Windows Registry Editor Version 5.00",
            "",
            f"; mu apply --emit reg: file ({count} setting(s)); it makes the registry changes mu would make.",
            "; Review it, then import it: reg import FILE (or double-click it). Back up first: see the end.",
        ]
        if admin:
            lines.append("; Some values are machine-wide: import it from an elevated prompt.")
        return lines

    def way_back(self, todo: list[_Item]) -> str:
        if not todo:
            return ""
        touched = _touched(todo)
        keys = list(dict.fromkeys(_full_key(w) for w in touched))
        lines = [
            "; ---- the way back ----",
            "; A .reg file cannot read the values it replaces, so make the undo on the computer itself,",
            "; before importing this file, from a prompt there:",
        ]
        lines += [f';   reg export "{_plain(k)}" mu-backup-{n}.reg /y' for n, k in enumerate(keys, 1)]
        lines += [
            "; To undo, import those backups (reg import mu-backup-N.reg). A value this file adds that was",
            "; absent before stays after that; the values it writes are:",
        ]
        lines += [f";   {_plain(w.key)}\\{_plain(w.name) or '(Default)'}" for w in touched]
        return "\n".join(lines) + "\n"

    def writes(self, writes: list[RegWrite], setting: Setting) -> list[str]:
        lines, current = [], None
        for w in writes:
            if not _reg_safe(w.path, "[]") or not _reg_safe(w.name, ""):
                raise ValueRefused(
                    f"{setting.id}: {w.key}\\{w.name} cannot be written in a .reg file "
                    "(brackets, or text outside printable ASCII, in a key or value name)"
                )
            if w.key != current:
                current = w.key
                lines += ["", f"[{_full_key(w)}]"]
            name = "@" if w.name == "" else reg_string(w.name, setting)
            if w.delete:
                lines.append(f"{name}=-")
            else:
                data, note = _reg_value(w, setting)
                lines += ([f"; {note}"] if note else []) + [f"{name}={data}"]
        return lines


def _reg_safe(text: str, forbidden: str) -> bool:
    return all(" " <= c <= "~" and c not in forbidden for c in text)


def reg_string(text: str, setting: Setting) -> str:
    """A quoted .reg string: backslash and double quote escaped; no line breaks."""
    if any(c in text for c in _LINE_BREAKS):
        raise ValueRefused(
            f"{setting.id}: a .reg file cannot hold text with a line break ({text!r}); use --emit powershell"
        )
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _hex(kind: str, data: bytes) -> str:
    return f"{kind}:" + ",".join(f"{b:02x}" for b in data)


def _reg_value(w: RegWrite, setting: Setting) -> tuple[str, str]:
    """The text after `"Name"=`, and a comment line showing it readably when it is hex."""
    if w.type == "REG_DWORD":
        return f"dword:{w.data:08x}", ""
    if w.type == "REG_QWORD":
        return _hex("hex(b)", w.data.to_bytes(8, "little")), f"QWORD {w.data}"
    if w.type == "REG_BINARY":
        return _hex("hex", w.data), ""
    if w.type == "REG_MULTI_SZ":
        for s in w.data:
            reg_string(s, setting)  # refuses line breaks
        return _hex(
            "hex(7)", "".join(s + "\0" for s in w.data).encode("utf-16-le") + b"\0\0"
        ), "REG_MULTI_SZ " + " | ".join(_plain(s) for s in w.data)
    text = w.data
    reg_string(text, setting)  # refuses line breaks
    if w.type == "REG_EXPAND_SZ" or not all(" " <= c <= "~" for c in text):
        code = "hex(2)" if w.type == "REG_EXPAND_SZ" else "hex(1)"
        return _hex(code, (text + "\0").encode("utf-16-le")), f"{w.type} {_plain(text)}"
    return reg_string(text, setting), ""
