"""Rendering: stdout carries data (text or JSON), stderr carries everything else."""

from __future__ import annotations

import json
import sys
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console
    from rich.panel import Panel
    from rich.table import Table

    out: Console
    err: Console


@cache
def _console(stderr: bool) -> Console:
    from rich.console import Console

    # markup off: requests, values and titles are the user's text, and "[/...]" in them is text, not a style
    return Console(stderr=stderr, highlight=False, markup=False)


def __getattr__(name: str):
    """`out` and `err` are made on first use: the JSON path never imports rich."""
    if name in ("out", "err"):
        return _console(name == "err")
    raise AttributeError(name)


_LINE_BREAKS = {ord("\u2028"): "\\u2028", ord("\u2029"): "\\u2029", ord("\x85"): "\\u0085"}


def emit_json(obj) -> None:
    """One JSON object on one line: the characters other tools split lines at are escaped too."""
    sys.stdout.write(json.dumps(obj, ensure_ascii=False).translate(_LINE_BREAKS) + "\n")
    sys.stdout.flush()


def interactive() -> bool:
    return sys.stdin.isatty() and sys.stderr.isatty()


def confirm(question: str, default: bool) -> bool:
    """A yes/no question on stderr. Ctrl-C or end of input there: Interrupted (nothing changed)."""
    return _asking(lambda typer: typer.confirm(question, default=default, err=True))


def prompt(question: str, default, kind=str):
    """A typed answer on stderr (asked again until it parses). Ctrl-C or end of input: Interrupted."""
    return _asking(lambda typer: typer.prompt(question, type=kind, default=default, err=True))


def _asking(ask):
    import typer  # only a person at a terminal gets here: the scripted paths never import it

    from mu_cli.errors import Interrupted

    try:
        return ask(typer)
    except typer.Abort:
        raise Interrupted("interrupted at the prompt; nothing changed") from None


def plan_panel(query: str, outcomes, backend, title: str = "Plan") -> Panel:
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    from mu_cli.transaction import Effect

    table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
    for col in ("", "setting", "page", "now", "", "new"):
        table.add_column(col)
    marks = {Effect.CHANGE: "•", Effect.UNCHANGED: "=", Effect.VALUE: "?", Effect.OPEN: "↗"}
    for o in outcomes:
        target = f" [{o.target}]" if o.target else ""
        if o.status == Effect.OPEN:
            table.add_row(marks[Effect.OPEN], f"open {o.title}", o.page, "", "", "")
        elif o.status == Effect.VALUE:
            table.add_row(marks[Effect.VALUE], o.title + target, o.page, o.display_old, "", "")
        else:
            table.add_row(marks[o.status], o.title + target, o.page, o.display_old, "→", o.display_new)
    avail = backend.availability()
    sub = Text(f"backend: {backend.name}") if avail.real else Text("backend: sandbox (not real)", style="yellow")
    if not avail.real:
        _console(True).print(
            "note: the sandbox backend keeps a state file and changes nothing on this machine (see `mu doctor`)"
        )
    return Panel(table, title=Text(f"{title}: {query}"[:70]), subtitle=sub, expand=False)


def candidates_table(plan) -> Table:
    from rich.table import Table

    table = Table(box=None, show_header=False)
    for i, c in enumerate(plan.candidates, 1):
        table.add_row(f"{i}.", c.title, f"({c.setting or 'page ' + c.page})")
    return table
