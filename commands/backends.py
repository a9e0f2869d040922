"""`mu doctor`: which backends work here, which one is active, and how much of the catalog it covers."""

from __future__ import annotations

import typer

from . import _ui
from ._session import Session

# What to do about the usual reasons a backend is unavailable (matched in the reason text).
_FIXES = [
    (
        "gsettings is not installed",
        "install GSettings (Debian/Ubuntu: apt install libglib2.0-bin gsettings-desktop-schemas)",
    ),
    (
        "no D-Bus session bus",
        "run mu inside the desktop session, or start one for it (dbus-run-session -- mu ...), "
        "or set GSETTINGS_BACKEND=keyfile to write GLib's keyfile instead",
    ),
    ("dconf GSettings module", "install dconf-gsettings-backend, or set GSETTINGS_BACKEND=keyfile"),
    ("GSETTINGS_BACKEND=", "unset GSETTINGS_BACKEND (dconf) or set it to keyfile"),
    ("not Windows", "the windows backend runs on Windows only; here use --backend auto"),
]


def _fix(reason: str) -> str:
    return next((fix for words, fix in _FIXES if words in reason), "")


def doctor(ctx: typer.Context, json_out: bool = typer.Option(False, "--json", help="Print JSON on stdout.")):
    """List the backends, why each is or is not available, and the active one's coverage.

    With --backend NAME for a backend that cannot run here, it says why and what would fix it (exit 5).
    """
    from mu_cli.backends import describe_all
    from mu_cli.errors import Unsupported

    session = Session(ctx.obj)
    rows = describe_all()
    try:
        backend = session.backend
    except Unsupported as exc:
        return _unavailable(session, rows, exc, json_out)
    covered, missing = _coverage(session.catalog, backend)
    engine = session.engine
    counts = {
        "settings": len(session.catalog),
        "pages": len(session.catalog.pages),
        "writable": covered,
        "not_writable": missing,
    }
    data = {
        "active": backend.name,
        "backends": [_row(a) for a in rows],
        "catalog": counts,
        "resolver": "model" if engine.runtime is not None else "lexical search",
        "notice": engine.notice,
    }
    _ui.emit_json(data) if json_out else _print_report(data, rows)


def _print_report(data: dict, rows) -> None:
    _print_table(rows, data["active"])
    counts = data["catalog"]
    _ui.out.print(
        f"catalog: {counts['settings']} settings, {counts['pages']} pages; "
        f"{data['active']} can read and write {counts['writable']}",
        soft_wrap=True,
    )
    for reason, n in sorted(counts["not_writable"].items(), key=lambda kv: -kv[1])[:12]:
        _ui.out.print(f"  {n:4d} not writable: {reason}", soft_wrap=True)
    notice = f" ({data['notice']})" if data["notice"] else ""
    _ui.out.print(f"resolver: {data['resolver']}{notice}", soft_wrap=True)


def _coverage(catalog, backend) -> tuple[int, dict[str, int]]:
    """How many settings the backend can read and write here, and how many it cannot, by reason."""
    covered, missing = 0, {}
    for s in catalog.settings.values():
        reason = backend.unsupported(s)
        if reason:
            missing[reason] = missing.get(reason, 0) + 1
        else:
            covered += 1
    return covered, missing


def _row(a) -> dict:
    return {**vars(a), **({"fix": _fix(a.reason)} if not a.available and _fix(a.reason) else {})}


def _print_table(rows, active: str | None) -> None:
    """One line per backend (never wrapped: piped output stays greppable), and a fix line under one that
    cannot run here when there is a known fix."""
    _ui.out.print(f"{'backend':8s} {'available':14s} why", soft_wrap=True)
    for a in rows:
        mark = ("yes (active)" if a.name == active else "yes") if a.available else "no"
        _ui.out.print(f"{a.name:8s} {mark:14s} {a.reason}", soft_wrap=True)
        if not a.available and _fix(a.reason):
            _ui.out.print(f"{'':8s} {'':14s} fix: {_fix(a.reason)}", soft_wrap=True)


def _unavailable(session, rows, exc, json_out: bool) -> None:
    """The backend asked for cannot run here: the diagnosis, then exit 5."""
    from mu_cli.errors import UNSUPPORTED

    wanted = (session.opts.get("backend") or "").strip().lower() or None
    if json_out:
        _ui.emit_json({"active": None, "requested": wanted, "error": str(exc), "backends": [_row(a) for a in rows]})
    else:
        _print_table(rows, None)
        typer.echo(f"mu: {exc}", err=True)
    raise typer.Exit(UNSUPPORTED)


def register(app: typer.Typer) -> None:
    app.command("doctor", short_help="Which backends run here (and why not); catalog coverage.")(doctor)
    app.command("backends", help="Same as doctor.")(doctor)
