"""What `mu ask` does once its command line is read (no typer here: the fast lane runs it too)."""

from __future__ import annotations

from mu_cli.calls import NO_CALL, Status
from mu_cli.errors import AMBIGUOUS, NOT_UNDERSTOOD, MuError, Refused, UsageError
from mu_cli.transaction import Effect, needs_permission

from . import _flow, _ui
from ._session import Session, read_lines


def run(
    opts: dict | None,
    request: str | None = None,
    file: str | None = None,
    yes: bool = False,
    dry_run: bool = False,
    json_out: bool = False,
    allow_admin: bool = False,
) -> int:
    """`mu ask` with its options read: the exit code. `opts`: the root options (backend, catalog)."""
    session = Session(opts)
    if (request is None) == (file is None):
        raise UsageError("give a request or --file PATH (one of the two)")
    if file is None:
        try:
            return _one(session, request, yes, dry_run, json_out, allow_admin)
        except MuError as exc:
            if json_out:  # a script reading stdout gets the refusal too, as --file gives it a line
                _ui.emit_json({"query": request, "calls": [], "error": str(exc), "exit_code": exc.exit_code})
            raise
    first = 0
    for line in read_lines(file):
        try:
            code = _one(session, line, yes, dry_run, json_out or True, allow_admin, batch=True)
        except MuError as exc:
            _ui.emit_json({"query": line, "calls": [], "error": str(exc), "exit_code": exc.exit_code})
            code = exc.exit_code
        first = first or code
    return first


def _one(session, request: str, yes: bool, dry_run: bool, json_out: bool, allow: bool, batch=False) -> int:
    engine = session.engine
    plan = engine.plan(request)
    if engine.notice and not batch:
        _ui.err.print(f"note: {engine.notice}")
        engine.notice = ""
    if plan.status == Status.AMBIGUOUS and not json_out and _ui.interactive():
        plan = _pick(engine, plan)
    if plan.status != Status.OK:
        return _not_done(plan, json_out, batch)
    if not dry_run and not yes and not (_ui.interactive() and not json_out):
        dry_run, shown_only = True, True
    else:
        shown_only = False
    outcomes, _ = _flow.apply_calls(session, plan.calls, plan.query, "ask", dry_run=True, allow=True)
    if not json_out and all(o.status == Effect.VALUE for o in outcomes):  # a question: answer it, nothing to apply
        return _answer(session, outcomes)
    if not dry_run and not yes:
        allow = _confirmed(session, plan, outcomes, allow)
        if allow is None:
            return 0
    txn = None
    if not dry_run:  # after a prompt, read the values again: they may have changed while it waited
        outcomes, txn = _flow.apply_calls(
            session, plan.calls, plan.query, "ask", dry_run=False, allow=allow, outcomes=outcomes if yes else None
        )
    if json_out:
        _ui.emit_json(_flow.result_json(plan.to_json(), outcomes, txn, session.backend, dry_run))
    else:
        _flow.report(session, plan.query, outcomes, txn, dry_run, shown=not dry_run and not yes)
        if shown_only:
            _ui.err.print("not applied: no terminal to confirm on (pass --yes to apply)")
    return 0


def _answer(session, outcomes) -> int:
    for o in outcomes:
        _ui.out.print(f"{o.title}{f' ({o.target})' if o.target else ''} is {o.display_old}.")
    if not session.backend.availability().real:
        _ui.err.print("note: the sandbox backend's value, not this machine's (see `mu doctor`)")
    return 0


def _confirmed(session, plan, outcomes, allow: bool) -> bool | None:
    """The plan shown and the person's answer: None when nothing is to be applied, else whether risky changes
    are allowed. The plan goes to stderr beside the prompt when stdout is a file: nobody confirms what they
    cannot see."""
    console = _ui.out if _ui.out.is_terminal else _ui.err
    console.print(_ui.plan_panel(plan.query, outcomes, session.backend))
    if all(o.status in (Effect.UNCHANGED, Effect.VALUE) for o in outcomes):  # already as asked: nothing to confirm
        _ui.err.print("nothing to change: already as asked")
        return None
    if not _ui.confirm("Apply?", default=_ui.out.is_terminal):
        _ui.err.print("nothing changed")
        return None
    return allow or _confirm_risky(session, outcomes)


def _pick(engine, plan):
    _ui.err.print(f'"{plan.query}" could mean:')
    _ui.err.print(_ui.candidates_table(plan))
    while True:  # a number out of range asks again
        choice = _ui.prompt(f"Pick a number (1-{len(plan.candidates)}, 0 = none)", default=0, kind=int)
        if 0 <= choice <= len(plan.candidates):
            break
        _ui.err.print(f"{choice} is not on the list")
    return engine.choose(plan, choice) if choice else plan


def _confirm_risky(session, outcomes) -> bool:
    risky = needs_permission(outcomes, session.catalog)
    if not risky:
        return False
    answer = _ui.prompt(f"{'; '.join(risky)}. Type yes to go ahead", default="no")
    if answer.strip().lower() != "yes":
        raise Refused("refused: not confirmed")
    return True


def _not_done(plan, json_out: bool, batch: bool = False) -> int:
    if json_out:
        _ui.emit_json(plan.to_json())
        if not batch:  # the reason on stderr too, for people and logs
            what = "ambiguous (see candidates)" if plan.status == Status.AMBIGUOUS else "not understood"
            _ui.err.print(f"mu: {what}: {plan.query!r}")
    elif plan.status == Status.AMBIGUOUS:
        _ui.err.print(f'"{plan.query}" is ambiguous; candidates:')
        _ui.out.print(_ui.candidates_table(plan))
        _ui.err.print('nothing changed; name the setting, e.g. mu ask "turn on <setting>"')
    else:
        why = f": {plan.explanation}" if plan.explanation != NO_CALL else " is not a setting change mu can make"
        _ui.err.print(f"mu: not understood: {plan.query!r}{why}")
    return AMBIGUOUS if plan.status == Status.AMBIGUOUS else NOT_UNDERSTOOD
