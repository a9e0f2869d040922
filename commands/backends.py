"""`mu doctor`: which backends work here, which one is active, and how much of the catalog it covers."""
from __future__ import annotations

import typer

from . import _ui
from ._session import Session


def doctor(ctx: typer.Context, json_out: bool = typer.Option(False, "--json", help="Print JSON on stdout.")):
    """List the backends, why each is or is not available, and the active one's coverage."""
    from mu_cli.backends import describe_all

    session = Session(ctx)
    backend = session.backend
    rows = describe_all()
    covered, missing = [], {}
    for s in session.catalog.settings.values():
        reason = backend.unsupported(s)
        if reason:
            missing[reason] = missing.get(reason, 0) + 1
        else:
            covered.append(s.id)
    engine = session.engine
    route = "model" if engine.runtime is not None else "lexical search"
    data = {"active": backend.name, "backends": [vars(a) for a in rows],
            "catalog": {"settings": len(session.catalog), "pages": len(session.catalog.pages),
                        "writable": len(covered), "not_writable": missing},
            "resolver": route, "notice": engine.notice}
    if json_out:
        _ui.emit_json(data)
        return
    from rich.table import Table

    table = Table("backend", "available", "why", box=None)
    for a in rows:
        mark = "yes" + (" (active)" if a.name == backend.name else "") if a.available else "no"
        table.add_row(a.name, mark, a.reason)
    _ui.out.print(table)
    _ui.out.print(f"catalog: {len(session.catalog)} settings, {len(session.catalog.pages)} pages; "
                  f"{backend.name} can read and write {len(covered)}")
    for reason, n in sorted(missing.items(), key=lambda kv: -kv[1])[:12]:
        _ui.out.print(f"  {n:4d} not writable: {reason}")
    _ui.out.print(f"resolver: {route}" + (f" ({engine.notice})" if engine.notice else ""))


def register(app: typer.Typer) -> None:
    app.command("doctor")(doctor)
    app.command("backends", help="Same as doctor.")(doctor)
