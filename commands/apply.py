"""`mu apply`: no prompts, for scripts. Requests and assignments, applied as one transaction."""
from __future__ import annotations

from typing import List, Optional

import typer

from mu_cli.errors import Ambiguous, NotUnderstood, UsageError

from . import _complete, _flow, _ui
from ._session import Session, read_lines


def apply(
    ctx: typer.Context,
    items: Optional[List[str]] = typer.Argument(None, metavar="ITEMS", autocompletion=_complete.assignments, help="Requests or assignments: display.brightness=70, "
                                                "sound.volume+=10, \"turn on night light\"."),
    file: Optional[str] = typer.Option(None, "--file", "-f", metavar="FILE", help="One request/assignment per line, or a YAML list."),
    dry_run: bool = typer.Option(False, "--dry-run", "-n", help="Show what would change; change nothing."),
    json_out: bool = typer.Option(False, "--json", help="Print JSON on stdout."),
    allow_admin: bool = typer.Option(False, "--allow-admin", help="Allow admin-only or non-undoable changes."),
    emit: Optional[str] = typer.Option(None, "--emit", metavar="powershell|reg", help="Print a powershell or reg script that makes the "
                                       "registry changes on another computer, and the way to undo them there, "
                                       "instead of applying them here."),
):
    """Apply requests and assignments without prompts: all of them, or none (exit codes per the contract).

    An assignment is ID=VALUE, ID+=STEP or ID-=STEP (ids: mu settings). Durations are in seconds unless
    given a unit ("10m", "1h", "90s").

    \b
    Examples:
      mu apply display.brightness=70 sound.volume+=10 "turn on night light"
      mu apply --dry-run --json power.screen_timeout=600
      mu apply --file changes.txt                    # one item a line; # comments
      mu apply --emit powershell personalization.color_mode=dark > dark.ps1
    """
    session = Session(ctx)
    lines = list(items or []) + (read_lines(file, script=True) if file else [])
    if not lines:
        raise UsageError("nothing to apply: give assignments/requests or --file")
    calls = []
    for line in lines:
        calls += _calls_for(session, line)
    query = " ; ".join(lines)
    if emit:
        if json_out:
            raise UsageError("--emit prints a script, not JSON: drop --json (or drop --emit to apply with JSON)")
        return _emit(session, calls, emit)
    outcomes, txn = _flow.apply_calls(session, calls, query, "apply", dry_run=dry_run, allow=allow_admin)
    if json_out:
        _ui.emit_json(_flow.result_json({"query": query, "calls": [c.to_json() for c in calls]},
                                        outcomes, txn, session.backend, dry_run))
    else:
        _flow.report(session, query, outcomes, txn, dry_run)


def _emit(session, calls, fmt: str) -> None:
    from mu_cli.emit import emit as make_script

    script = make_script(calls, session.catalog, fmt)  # nothing is read here: the target is another computer
    _ui.out.file.write(script.combined())


def _calls_for(session, line: str):
    from mu_cli.calls import parse_assignment

    call = parse_assignment(line, session.catalog)
    if call is not None:
        return [call]
    plan = session.engine.plan(line)
    if plan.status == "ambiguous":
        names = ", ".join(c.setting or c.page for c in plan.candidates)
        raise Ambiguous(f"{line!r} is ambiguous ({names}); nothing changed — use an assignment like id=value")
    if not plan.calls:
        raise NotUnderstood(f"not understood: {line!r}; nothing changed")
    return list(plan.calls)


def register(app: typer.Typer) -> None:
    app.command("apply", short_help="Apply requests and assignments without prompts, all or none.")(apply)
