"""`mu ask`: understand a request, show the plan, apply it after you confirm."""

from __future__ import annotations

from typing import Optional

import typer

from . import _ask


def ask(
    ctx: typer.Context,
    request: Optional[str] = typer.Argument(None, metavar="REQUEST", help='What you want, e.g. "turn on dark mode".'),
    file: Optional[str] = typer.Option(
        None, "--file", "-f", metavar="FILE", help="Answer every line of a file (- = stdin)."
    ),
    yes: bool = typer.Option(False, "--yes", "-y", help="Apply without asking."),
    dry_run: bool = typer.Option(False, "--dry-run", "-n", help="Show the plan; change nothing."),
    json_out: bool = typer.Option(False, "--json", help="Print JSON on stdout."),
    allow_admin: bool = typer.Option(False, "--allow-admin", help="Allow admin-only or non-undoable changes."),
):
    """Understand a request, show the plan, and apply it after you confirm.

    A question ("is night light on?") is answered in a sentence. Durations are in seconds unless given a
    unit ("10m", "1h", "90s").

    \b
    Examples:
      mu ask "my mouse pointer is too small"
      mu ask -y "turn on night light"
      mu ask --json --dry-run --file requests.txt     # one JSON line per request
    """
    raise typer.Exit(_ask.run(ctx.obj, request, file, yes, dry_run, json_out, allow_admin))


def register(app: typer.Typer) -> None:
    app.command("ask", short_help="Understand a request, show the plan, apply it if you confirm.")(ask)
