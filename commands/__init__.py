"""The `mu` command line: one thin module per subcommand over the `mu_cli` engine."""
from __future__ import annotations

import sys

import typer
from typer.core import TyperArgument, TyperGroup

from mu_cli.errors import INTERRUPTED, UNEXPECTED, MuError


# Arguments are named by their metavar (REQUEST, ID, WORDS); typer's type label after it ("<int>",
# "<list[str]>") tells a reader nothing more, so help shows the name alone.
TyperArgument.display_type_rich = lambda self, ctx: None  # type: ignore[method-assign]


class _MuGroup(TyperGroup):
    """Turns every MuError into one line on stderr and the contract's exit code."""

    def invoke(self, ctx: typer.Context):
        try:
            return super().invoke(ctx)
        except typer.Abort as exc:  # Ctrl-C or end of input at a prompt
            _fail(ctx, "interrupted at the prompt; nothing changed", INTERRUPTED, exc)
        except (typer.Exit, typer.TyperException):  # typer's own exits and usage errors
            raise
        except MuError as exc:
            _fail(ctx, str(exc), exc.exit_code, exc)
        except KeyboardInterrupt as exc:
            _fail(ctx, f"interrupted; {_interrupted_message()}", INTERRUPTED, exc)
        except Exception as exc:  # noqa: BLE001 - the root command owns unexpected errors
            _fail(ctx, f"unexpected error: {type(exc).__name__}: {exc} (run with --debug for the traceback)",
                  UNEXPECTED, exc)


def _fail(ctx: typer.Context, message: str, code: int, exc: BaseException):
    if (ctx.obj or {}).get("debug"):
        raise exc
    typer.echo(f"mu: {message}", err=True)
    raise typer.Exit(code)


def _new_app() -> typer.Typer:
    made = typer.Typer(cls=_MuGroup, no_args_is_help=True, add_completion=True, pretty_exceptions_enable=False,
                       rich_markup_mode=None, help="mu: change your computer's settings by saying what you want.")
    made.callback()(_root)
    return made


def _root(
    ctx: typer.Context,
    backend: str = typer.Option(None, "--backend", envvar="MU_BACKEND", metavar="NAME",
                                help="auto, windows, gnome or sandbox (default: auto, the real one found here)."),
    catalog: list[str] = typer.Option(None, "--catalog", metavar="YAML", help="Extra catalog YAML that adds or overrides entries (repeatable)."),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks."),
    version: bool = typer.Option(False, "--version", help="Print the version and exit.", is_eager=True,
                                 callback=lambda value: _version(value)),
):
    """mu: change your computer's settings by saying what you want."""
    ctx.obj = {"backend": backend, "catalog": catalog or [], "debug": debug}


def _version(value: bool) -> None:
    if value:
        from mu_cli import __version__

        typer.echo(f"mu {__version__}")
        raise typer.Exit(0)


COMMANDS = {"ask": "ask", "apply": "apply", "undo": "undo", "doctor": "backends", "backends": "backends",
            "settings": "settings", "train": "train", "quantize": "quantize", "bench": "bench"}
_GLOBAL_WITH_VALUE = {"--backend", "--catalog"}


def _with_commands(names) -> typer.Typer:
    """An app with the modules of these commands registered, in the order `mu --help` lists them."""
    import importlib

    made = _new_app()
    for module in dict.fromkeys(COMMANDS[n] for n in COMMANDS if n in names):
        importlib.import_module(f"{__name__}.{module}").register(made)
    return made


def __getattr__(name: str):
    """`app`, every command registered, is made on first use (tests, embedding); `mu` itself builds only the
    command it runs (each other command module costs its import and typer's introspection)."""
    if name == "app":
        globals()["app"] = made = _with_commands(COMMANDS)
        return made
    raise AttributeError(name)


def _app_for(argv: list[str]) -> typer.Typer:
    """The app for this command line: only the command it names, when it names one (its --help included);
    everything for `mu`, `mu --help`, completion or an unknown command (click then says what exists)."""
    import os

    if os.environ.get("_MU_COMPLETE"):
        return __getattr__("app")
    words = iter(argv)
    for word in words:
        if word == "--":
            break
        if word in _GLOBAL_WITH_VALUE:
            next(words, None)
        elif not word.startswith("-"):
            return _with_commands({word}) if word in COMMANDS else __getattr__("app")
    return __getattr__("app")


def _interrupted_message() -> str:
    from ._flow import COMMITTED

    return f"transaction {COMMITTED[-1]} was applied in full before it (undo with: mu undo)" if COMMITTED \
        else "nothing was left half-applied"


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
            _app_for(sys.argv[1:])()
        finally:
            finished()
    except KeyboardInterrupt:
        typer.echo(f"mu: interrupted; {_interrupted_message()}", err=True)
        code = INTERRUPTED
    except SystemExit as exc:
        if isinstance(exc.code, str):
            typer.echo(exc.code, err=True)
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
