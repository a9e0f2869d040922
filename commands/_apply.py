"""What `mu apply` does once its command line is read (no typer here: the fast lane runs it too)."""

from __future__ import annotations

from mu_cli.calls import NO_CALL, Status, parse_assignment
from mu_cli.errors import Ambiguous, NotUnderstood, UsageError, ValueRefused

from . import _flow, _ui
from ._session import Session, read_lines


def run(
    opts: dict | None,
    items: list[str] | None = None,
    file: str | None = None,
    dry_run: bool = False,
    json_out: bool = False,
    allow_admin: bool = False,
    emit: str | None = None,
) -> int:
    """`mu apply` with its options read: the exit code. `opts`: the root options (backend, catalog)."""
    session = Session(opts)
    lines = list(items or []) + (read_lines(file, script=True) if file else [])
    if not lines:
        raise UsageError("nothing to apply: give assignments/requests or --file")
    calls = []
    for n, line in enumerate(lines, 1):
        try:
            calls += _calls_for(session, line)
        except ValueRefused as exc:
            if len(lines) == 1:
                raise
            raise ValueRefused(f"item {n} ({line!r}): {exc}; nothing changed") from None
    query = " ; ".join(lines)
    if emit:
        if json_out:
            raise UsageError("--emit prints a script, not JSON: drop --json (or drop --emit to apply with JSON)")
        _emit(session, calls, emit)
        return 0
    outcomes, txn = _flow.apply_calls(session, calls, query, "apply", dry_run=dry_run, allow=allow_admin)
    if json_out:
        _ui.emit_json(
            _flow.result_json(
                {"query": query, "calls": [c.to_json() for c in calls]}, outcomes, txn, session.backend, dry_run
            )
        )
    else:
        _flow.report(session, query, outcomes, txn, dry_run)
    return 0


def _emit(session, calls, fmt: str) -> None:
    from mu_cli.emit import emit as make_script

    script = make_script(calls, session.catalog, fmt)  # nothing is read here: the target is another computer
    _ui.out.file.write(script.combined())


def _calls_for(session, line: str):
    call = parse_assignment(line, session.catalog)
    if call is not None:
        return [call]
    plan = session.engine.plan(line)
    if plan.status == Status.AMBIGUOUS:
        names = ", ".join(c.setting or c.page for c in plan.candidates)
        raise Ambiguous(f"{line!r} is ambiguous ({names}); nothing changed — use an assignment like id=value")
    if not plan.calls:
        why = f" ({plan.explanation})" if plan.explanation != NO_CALL else ""
        raise NotUnderstood(f"not understood: {line!r}{why}; nothing changed")
    return list(plan.calls)
