"""`mu apply --emit powershell|reg`: instead of applying, a script to review that makes the same
registry changes, and the undo script that puts the old values back.

Values go through the same plan the Windows backend runs (backends.windows.registry_writes), so the
script writes exactly what mu would. Settings that are not registry values (SystemParametersInfo,
powercfg, Core Audio, page-only) become one comment line saying what to do by hand.

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
from dataclasses import dataclass
from typing import Any, Iterable

from .backends.windows import registry_writes
from .backends.winreg_seam import HIVE_NAMES, RegWrite
from .catalog import Catalog, Setting
from .errors import UsageError, ValueRefused

FORMATS = ("powershell", "reg")
SUFFIX = {"powershell": ".ps1", "reg": ".reg"}
PS_TYPES = {"REG_SZ": "String", "REG_EXPAND_SZ": "ExpandString", "REG_DWORD": "DWord", "REG_QWORD": "QWord",
            "REG_MULTI_SZ": "MultiString", "REG_BINARY": "Binary"}
VIA_WORDS = {"spi": "SystemParametersInfo", "win32": "a Win32 call", "powercfg": "powercfg", "wmi": "WMI",
             "core_audio": "Core Audio", "winrt": "a WinRT call", "powershell": "a PowerShell cmdlet"}
_LINE_BREAKS = "\n\r\u0085\u2028\u2029"


@dataclass(frozen=True)
class Emitted:
    """A script that makes the changes and one that undoes them, in one format."""

    fmt: str
    script: str
    undo: str

    @property
    def suffix(self) -> str:
        return SUFFIX[self.fmt]

    def combined(self) -> str:
        """The script, then the undo script commented out (safe to print and to run as it is)."""
        mark = "#" if self.fmt == "powershell" else ";"
        undo = "\n".join(f"{mark} {line}".rstrip() for line in self.undo.splitlines())
        return f"{self.script}\n{mark} ---- undo: save the lines below without the leading '{mark} ' ----\n{undo}\n"


@dataclass(frozen=True)
class _Item:
    setting: Setting
    old: Any
    new: Any


def emit(items: Iterable[Any], catalog: Catalog, fmt: str) -> Emitted:
    """Scripts for `items`: transaction Outcomes (only status "change" counts) or journal Changes."""
    if fmt not in FORMATS:
        raise UsageError(f"--emit {fmt!r}: choose {' or '.join(FORMATS)}")
    todo = _items(items, catalog)
    writer = _PowerShell() if fmt == "powershell" else _Reg()
    script = writer.document(catalog, [(i.setting, i.old, i.new) for i in todo], undo=False)
    undo = writer.document(catalog, [(i.setting, i.new, i.old) for i in reversed(todo)], undo=True)
    return Emitted(fmt, script, undo)


def _items(items: Iterable[Any], catalog: Catalog) -> list[_Item]:
    out = []
    for item in items:
        call = getattr(item, "call", None)
        if call is not None and getattr(item, "status", "change") != "change":
            continue  # unchanged, a get, or an open
        sid = call.setting if call is not None else item.setting
        setting = catalog.setting(sid or "")
        if setting is None:
            raise UsageError(f"unknown setting id {sid!r}")
        out.append(_Item(setting, item.old, item.new))
    return out


def _plain(text: Any) -> str:
    """Text for a comment line: no control characters, so the comment cannot end early."""
    return re.sub(r"[\x00-\x1f\x7f\u0085\u2028\u2029]", " ", str(text))


class _Writer:
    mark = "#"
    footer: list[str] = []

    def document(self, catalog: Catalog, changes: list[tuple[Setting, Any, Any]], undo: bool) -> str:
        body: list[str] = []
        admin = False
        for setting, before, after in changes:
            body += self.change(catalog, setting, before, after, undo)
            binding = setting.bindings.get("windows")
            if binding and binding.via == "registry":
                admin |= any(split_hive(v["key"]) != "HKCU" for v in binding.spec["values"])
        if not changes:
            body.append(f"{self.mark} nothing to change")
        return "\n".join(self.header(len(changes), undo, admin) + body + self.footer) + "\n"

    def change(self, catalog: Catalog, setting: Setting, before: Any, after: Any, undo: bool) -> list[str]:
        m = self.mark
        title = _plain(f"{setting.title} ({setting.id}): {setting.format_value(before)} -> {setting.format_value(after)}")
        binding = setting.bindings.get("windows")
        if binding is None or binding.via != "registry":
            return ["", f"{m} {title}", f"{m}   {_by_hand(catalog, setting, binding)}"]
        try:
            writes = registry_writes(setting, after)
        except ValueRefused as exc:
            if not undo:
                raise
            return ["", f"{m} {title}", f"{m}   cannot be restored from here: {_plain(exc)}"]
        lines = ["", f"{m} {title}"] + self.writes(writes, setting)
        notify = binding.spec.get("notify")
        if notify == "explorer":
            lines.append(f"{m}   Explorer shows this after it restarts (sign out and in, or restart explorer.exe).")
        elif notify:
            lines.append(f"{m}   Open windows see this after sign-out, or a WM_SETTINGCHANGE {_plain(notify)!r} broadcast"
                         " (mu sends it; this script does not).")
        return lines

    def header(self, count: int, undo: bool, admin: bool) -> list[str]:
        raise NotImplementedError

    def writes(self, writes: list[RegWrite], setting: Setting) -> list[str]:
        raise NotImplementedError


def split_hive(key: str) -> str:
    return key.split("\\", 1)[0].upper()


def _by_hand(catalog: Catalog, setting: Setting, binding: Any) -> str:
    page = catalog.page(setting.page)
    where = f"Settings > {_plain(page.title)} ({_plain(page.windows)})" if page and page.windows else "its page in Settings"
    if binding is None or binding.via == "page":
        why = _plain(binding.spec.get("reason", "")) if binding else "no Windows binding"
        return f"not a registry value ({why}): change it by hand in {where}."
    how = VIA_WORDS.get(binding.via, binding.via)
    if binding.via == "spi":
        how += f" ({_plain(binding.spec.get('set', ''))})"
    return f"not a registry value: it is changed through {how}. Change it by hand in {where}, or with mu apply."


class _PowerShell(_Writer):
    mark = "#"

    def header(self, count: int, undo: bool, admin: bool) -> list[str]:
        what = "Puts back the values mu read before the change" if undo else "Makes the registry changes mu would make"
        lines = [
            f"# mu apply --emit powershell: {'undo script' if undo else 'script'} ({count} setting(s)).",
            f"# {what}; review it, then run it in PowerShell 5.1 or later.",
        ]
        if admin:
            lines += ["# Some values are machine-wide: run it from an elevated PowerShell.", "#Requires -RunAsAdministrator"]
        return lines + ["$ErrorActionPreference = 'Stop'"]

    def writes(self, writes: list[RegWrite], setting: Setting) -> list[str]:
        lines, current = [], None
        for w in writes:
            name = _ps_name(w.name, setting)
            if w.key != current:
                current = w.key
                path = "\\".join(p for p in (f"Registry::{HIVE_NAMES[w.hive]}", w.path) if p)
                lines.append(f"$key = {ps_string(path)}")
                if not w.delete:
                    # Not a bare `New-Item -Force`: on an existing key it deletes the key and its values.
                    lines.append("if (-not (Test-Path -LiteralPath $key)) { New-Item -Path $key -Force | Out-Null }")
            if w.delete:
                lines.append(f"if (Get-ItemProperty -LiteralPath $key -Name {name} -ErrorAction SilentlyContinue) "
                             f"{{ Remove-ItemProperty -LiteralPath $key -Name {name} }}")
            else:
                lines.append(f"Set-ItemProperty -LiteralPath $key -Name {name} -Value {_ps_value(w)} -Type {PS_TYPES[w.type]}")
        return lines


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
    return [int.from_bytes(data[i:i + 2], "little") for i in range(0, len(data), 2)]


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
        signed = w.data - 2 ** bits if w.data >= 2 ** (bits - 1) else w.data
        return str(signed)
    if w.type == "REG_MULTI_SZ":
        return "@(" + ", ".join(ps_string(s) for s in w.data) + ")"
    if w.type == "REG_BINARY":
        return "([byte[]](" + ",".join(f"0x{b:02x}" for b in w.data) + "))"
    return ps_string(w.data)


class _Reg(_Writer):
    mark = ";"
    footer = [""]  # regedit can skip a last line that has no line break after it

    def header(self, count: int, undo: bool, admin: bool) -> list[str]:
        what = "puts back the values mu read before the change" if undo else "makes the registry changes mu would make"
        lines = ["Windows Registry Editor Version 5.00", "",
                 f"; mu apply --emit reg: {'undo file' if undo else 'file'} ({count} setting(s)); it {what}.",
                 "; Review it, then import it: reg import FILE (or double-click it)."]
        if admin:
            lines.append("; Some values are machine-wide: import it from an elevated prompt.")
        return lines

    def writes(self, writes: list[RegWrite], setting: Setting) -> list[str]:
        lines, current = [], None
        for w in writes:
            if not _reg_safe(w.path, "[]") or not _reg_safe(w.name, ""):
                raise ValueRefused(f"{setting.id}: {w.key}\\{w.name} cannot be written in a .reg file "
                                   "(brackets, or text outside printable ASCII, in a key or value name)")
            if w.key != current:
                current = w.key
                lines += ["", f"[{HIVE_NAMES[w.hive]}\\{w.path}]" if w.path else f"[{HIVE_NAMES[w.hive]}]"]
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
        raise ValueRefused(f"{setting.id}: a .reg file cannot hold text with a line break ({text!r}); "
                           "use --emit powershell")
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
        return _hex("hex(7)", "".join(s + "\0" for s in w.data).encode("utf-16-le") + b"\0\0"), \
            "REG_MULTI_SZ " + " | ".join(_plain(s) for s in w.data)
    text = w.data
    reg_string(text, setting)  # refuses line breaks
    if w.type == "REG_EXPAND_SZ" or not all(" " <= c <= "~" for c in text):
        code = "hex(2)" if w.type == "REG_EXPAND_SZ" else "hex(1)"
        return _hex(code, (text + "\0").encode("utf-16-le")), f"{w.type} {_plain(text)}"
    return reg_string(text, setting), ""
