"""The `mu` command line: one thin module per subcommand over the `mu_cli` engine.

`main` reads the common scripted shapes of `mu ask` and `mu apply` itself (`_lane`) and hands everything else
to the typer app (`_app`), built with only the command it runs."""

from __future__ import annotations

import sys

from mu_cli.errors import INTERRUPTED

from . import _lane
from ._root import COMMANDS, failure, interrupted_message

__all__ = ["COMMANDS", "failure", "main"]


def __getattr__(name: str):
    """`app`: the typer app with every command registered, made on first use (tests, embedding)."""
    if name == "app":
        from ._app import full_app

        return full_app()
    raise AttributeError(name)


def main() -> None:
    import signal

    def finished() -> None:
        # The command has answered: a Ctrl-C from here on (last output, interpreter shutdown) is ignored
        # rather than killing the process by signal with a status that hides the command's own.
        signal.signal(signal.SIGINT, signal.SIG_IGN)

    sys.unraisablehook = _interrupt_in_finalizer(sys.unraisablehook)
    code: int = 0
    try:
        try:
            lane = _lane.read(sys.argv[1:])
            if lane is not None:
                code = _lane.run(lane)
            else:
                from ._app import app_for

                app_for(sys.argv[1:])()
        finally:
            finished()
    except KeyboardInterrupt:
        sys.stderr.write(f"mu: interrupted; {interrupted_message()}\n")
        code = INTERRUPTED
    except SystemExit as exc:
        if isinstance(exc.code, str):
            sys.stderr.write(exc.code + "\n")
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    _exit_now(code)


def _interrupt_in_finalizer(previous):
    """A Ctrl-C that lands while a finalizer runs (a finished subprocess being freed, say) cannot interrupt it:
    Python would print it as an ignored exception with a traceback and go on. Deliver it again instead, a
    moment later from another thread, so it reaches ordinary code (the transaction's rollback and the one-line
    message) like any other."""

    def hook(unraisable):
        if isinstance(unraisable.exc_value, KeyboardInterrupt):
            import os
            import signal
            import threading

            threading.Timer(0.005, os.kill, (os.getpid(), signal.SIGINT)).start()
            return
        previous(unraisable)

    return hook


def _exit_now(code: int) -> None:
    """Leave without the interpreter's teardown (a tenth of a second of freeing the model and its libraries):
    everything mu writes is committed or closed by the time a command returns, so only the standard streams
    and the exit handlers are left. MU_FULL_EXIT=1 keeps the normal teardown (for profilers and leak checkers)."""
    import os

    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:  # noqa: BLE001 - a closed pipe: nothing more can be said on it
            pass
    if os.environ.get("MU_FULL_EXIT"):
        sys.exit(code)
    import atexit

    atexit._run_exitfuncs()  # what was registered to run at exit still runs; only the teardown is skipped
    os._exit(code)
