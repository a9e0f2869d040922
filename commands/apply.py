"""`mu apply`: no prompts, for scripts. Requests and assignments, applied as one transaction."""

from __future__ import annotations

from typing import List, Optional

import typer

from . import _apply, _complete


def apply(
    ctx: typer.Context,
    items: Optional[List[str]] = typer.Argument(
        None,
        metavar="ITEMS",
        autocompletion=_complete.assignments,
        help='Requests or assignments: display.brightness=70, sound.volume+=10, "turn on night light".',
    ),
    file: Optional[str] = typer.Option(
        None, "--file", "-f", metavar="FILE", help="One request/assignment per line, or a YAML list."
    ),
    dry_run: bool = typer.Option(False, "--dry-run", "-n", help="Show what would change; change nothing."),
    json_out: bool = typer.Option(False, "--json", help="Print JSON on stdout."),
    allow_admin: bool = typer.Option(False, "--allow-admin", help="Allow admin-only or non-undoable changes."),
    emit: Optional[str] = typer.Option(
        None,
        "--emit",
        metavar="powershell|reg",
        help="Print a powershell or reg script that makes the "
        "registry changes on another computer, and the way to undo them there, "
        "instead of applying them here.",
    ),
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
    raise typer.Exit(_apply.run(ctx.obj, items, file, dry_run, json_out, allow_admin, emit))


def register(app: typer.Typer) -> None:
    app.command("apply", short_help="Apply requests and assignments without prompts, all or none.")(apply)
