"""The steps `ask` and `apply` share: resolve, check, apply as one transaction, report."""

from __future__ import annotations

from mu_cli.lock import held
from mu_cli.transaction import Effect, commit, prepare

from . import _ui
from ._root import COMMITTED


def apply_calls(session, calls, query: str, command: str, *, dry_run: bool, allow: bool, outcomes=None):
    """Prepare `calls` (a dry run may pass them prepared) and, unless dry_run, commit them as one transaction,
    reading them afresh under mu's lock; returns (outcomes, transaction id or None). commit() refuses risky
    changes that are not allowed."""
    if dry_run:
        return outcomes if outcomes is not None else prepare(calls, session.catalog, session.backend), None
    with held(session.lock_path):  # read, plan, write and journal as one: no other mu in between
        outcomes = prepare(calls, session.catalog, session.backend)
        txn = commit(
            outcomes, session.catalog, session.backend, session.journal, command=command, query=query, allow=allow
        )
    if txn:
        COMMITTED.append(txn)
    return outcomes, txn


def result_json(plan_json: dict, outcomes, txn, backend, dry_run: bool) -> dict:
    avail = backend.availability()
    return {
        **plan_json,
        "backend": backend.name,
        "sandbox": not avail.real,
        "dry_run": dry_run,
        "results": [o.to_json() for o in outcomes],
        "transaction": txn,
    }


def report(session, query: str, outcomes, txn, dry_run: bool, shown: bool = False) -> None:
    """The plan (unless it was `shown` before a prompt) and what became of it."""
    backend = session.backend
    if not shown:
        _ui.out.print(_ui.plan_panel(query, outcomes, backend, "Dry run" if dry_run else "Applied" if txn else "Plan"))
    changed = [o for o in outcomes if o.status == Effect.CHANGE]
    if dry_run:
        _ui.err.print("dry run: nothing changed")
    elif txn:
        _ui.err.print(f"applied {len(changed)} change(s) as transaction {txn}; undo with: mu undo")
    elif any(o.status == Effect.UNCHANGED for o in outcomes) and not changed:
        _ui.err.print("already set: nothing to change")
    for note in getattr(backend, "take_notes", list)():
        _ui.err.print(f"note: {note}")
    for o in outcomes:
        if o.status == Effect.OPEN:
            _ui.err.print(open_page(session.catalog.pages[o.page], launch=not dry_run and backend.availability().real))


def open_page(page, launch: bool) -> str:
    """Open a settings page where a desktop can show it; always say where it is."""
    import os
    import shutil
    import subprocess
    import sys

    where = f"{page.title}: Windows {page.windows or '(no page)'}, GNOME Settings {page.gnome or '(no panel)'}"
    if not launch:
        return where
    if sys.platform == "win32" and page.windows:
        os.startfile(page.windows)  # type: ignore[attr-defined]  # ms-settings: URIs open through the shell
        return f"opened {page.windows}"
    tool = shutil.which("gnome-control-center")
    if tool and page.gnome and (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        subprocess.Popen([tool, page.gnome], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return f"opened GNOME Settings > {page.gnome}"
    return where
