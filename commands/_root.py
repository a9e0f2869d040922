"""What the root command owns: the command table, and how an error that reaches it is reported."""

from __future__ import annotations

from mu_cli.errors import INTERRUPTED, UNEXPECTED, MuError

COMMITTED: list[int] = []  # transactions this process has committed, newest last (for the Ctrl-C message)

# command -> the module under mu_cli.commands that registers it
COMMANDS = {
    "ask": "ask",
    "apply": "apply",
    "undo": "undo",
    "doctor": "backends",
    "backends": "backends",
    "settings": "settings",
    "train": "train",
    "quantize": "quantize",
    "bench": "bench",
}


def failure(exc: BaseException) -> tuple[str, int]:
    """The one line (without "mu: ") and the exit code for an error that reached the root command."""
    if isinstance(exc, MuError):
        return str(exc), exc.exit_code
    if isinstance(exc, KeyboardInterrupt):
        return f"interrupted; {interrupted_message()}", INTERRUPTED
    return f"unexpected error: {type(exc).__name__}: {exc} (run with --debug for the traceback)", UNEXPECTED


def interrupted_message() -> str:
    return (
        f"transaction {COMMITTED[-1]} was applied in full before it (undo with: mu undo)"
        if COMMITTED
        else "nothing was left half-applied"
    )
