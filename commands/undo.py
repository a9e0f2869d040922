"""`mu undo`: revert the last transaction, or a given one; list the history."""

from __future__ import annotations

from typing import Optional

import typer

from . import _ui
from ._root import COMMITTED
from ._session import Session

REPAIR_HELP = "Back the journal up and mark transactions with unreadable rows damaged (kept and listed, never undone)."


def undo(
    ctx: typer.Context,
    txn_id: Optional[int] = typer.Argument(None, metavar="ID", help="Transaction to revert (default: the last)."),
    list_: bool = typer.Option(False, "--list", "-l", help="Show the history instead."),
    limit: int = typer.Option(20, "--limit", metavar="N", help="How many transactions --list shows."),
    force: bool = typer.Option(False, "--force", help="Restore even values changed outside mu since."),
    dry_run: bool = typer.Option(False, "--dry-run", "-n", help="Show what would be restored."),
    json_out: bool = typer.Option(False, "--json", help="Print JSON on stdout."),
    repair: bool = typer.Option(False, "--repair", help=REPAIR_HELP),
):
    """Revert the last change (or transaction ID); --list shows the journal.

    \b
    Examples:
      mu undo                 # the last transaction
      mu undo --list          # the journal, newest first
      mu undo 12 --dry-run    # what undoing transaction 12 would restore
    """
    session = Session(ctx.obj)
    if repair:
        return _repair(session, json_out)
    if list_:
        return _history(session, limit, json_out)
    txn, backend, outcomes, new = _revert(session, txn_id, force, dry_run)
    if json_out:
        results = [o.to_json() for o in outcomes]
        _ui.emit_json(
            {"undone": txn.id, "transaction": new, "dry_run": dry_run, "backend": backend.name, "results": results}
        )
        return
    _ui.out.print(_ui.plan_panel(f"undo {txn.id} ({txn.query})", outcomes, backend, "Undo"))
    _ui.err.print("dry run: nothing changed" if dry_run else f"transaction {txn.id} undone")


def _revert(session, txn_id: int | None, force: bool, dry_run: bool):
    """Under mu's lock: the transaction to undo, its backend, the restoring outcomes and (unless a dry run) the
    id of the transaction that applied them."""
    from mu_cli.lock import held
    from mu_cli.transaction import commit, find_undo_target, plan_undo

    with held(session.lock_path):
        txn = find_undo_target(session.journal, txn_id)
        backend = session.backend_named(txn.backend)
        outcomes = plan_undo(txn, session.catalog, backend, force=force, journal=session.journal)
        new = None
        if not dry_run:
            new = commit(
                outcomes,
                session.catalog,
                backend,
                session.journal,
                command="undo",
                query=f"undo {txn.id}",
                allow=True,
                undo_of=txn.id,
            )
            if new:
                COMMITTED.append(new)
    return txn, backend, outcomes, new


def _repair(session, json_out: bool) -> None:
    from mu_cli.lock import held

    with held(session.lock_path):
        backup, bad = session.journal.repair()
    if json_out:
        _ui.emit_json({"backup": str(backup), "damaged": bad})
        return
    damaged = f"marked damaged: {', '.join(map(str, bad))}" if bad else "no damaged rows"
    _ui.err.print(f"journal backed up to {backup}; {damaged}")


def _history(session, limit: int, json_out: bool) -> None:
    history = session.journal.history(limit)
    bad = session.journal.damaged()
    if bad:
        _ui.err.print(
            f"note: transaction(s) {', '.join(map(str, bad))} have unreadable rows; "
            "`mu undo --repair` marks them damaged (a backup is kept)"
        )
    if json_out:
        _ui.emit_json([t.to_json() for t in history])
        return
    if not history:
        _ui.err.print("the journal is empty")
        return
    import time

    # One block per transaction: a heading line, then one indented line per change. Nothing is cut or
    # wrapped mid-word however narrow the terminal (the terminal wraps long lines itself), and piped output
    # stays one fact per line.
    cat = session.catalog
    width = max(len(str(t.id)) for t in history)
    for t in history:
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(t.created))
        _ui.out.print(f"{t.id:>{width}}  {when}  {t.command:5s}  {t.status:11s}  {t.query}", soft_wrap=True)
        for c in t.changes:
            _ui.out.print(f"{'':>{width}}    {_change_line(cat, c)}", soft_wrap=True)


def _change_line(catalog, change) -> str:
    """ "Brightness: 50% → 70%" in the catalog's words; an id the catalog no longer has, as it was."""
    s = catalog.settings.get(change.setting)
    if s is None:
        return f"{change.setting}: {change.old!r} → {change.new!r}"
    target = f" [{change.target}]" if change.target else ""

    def show(value) -> str:
        try:
            return s.format_value(value)
        except (TypeError, ValueError):  # a raw backend value outside the catalog's form
            return str(value)

    return f"{s.title}{target}: {show(change.old)} → {show(change.new)}"


def register(app: typer.Typer) -> None:
    app.command("undo", short_help="Revert the last transaction, or one by id; --list the journal.")(undo)
