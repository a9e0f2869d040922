"""The typer app: the root command, its options, and the command modules registered on it."""

from __future__ import annotations

import typer
from typer.core import TyperArgument, TyperGroup

from mu_cli.errors import INTERRUPTED

from ._root import COMMANDS, failure

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
        except (Exception, KeyboardInterrupt) as exc:  # noqa: BLE001 - the root command owns unexpected errors
            _fail(ctx, *failure(exc), exc)


def _fail(ctx: typer.Context, message: str, code: int, exc: BaseException):
    if (ctx.obj or {}).get("debug"):
        raise exc
    typer.echo(f"mu: {message}", err=True)
    raise typer.Exit(code)


def _new_app() -> typer.Typer:
    made = typer.Typer(
        cls=_MuGroup,
        no_args_is_help=True,
        add_completion=True,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
        help="mu: change your computer's settings by saying what you want.",
    )
    made.callback()(_root_options)
    return made


def _root_options(
    ctx: typer.Context,
    backend: str = typer.Option(
        None,
        "--backend",
        envvar="MU_BACKEND",
        metavar="NAME",
        help="auto, windows, gnome or sandbox (default: auto, the real one found here).",
    ),
    catalog: list[str] = typer.Option(
        None, "--catalog", metavar="YAML", help="Extra catalog YAML that adds or overrides entries (repeatable)."
    ),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks."),
    version: bool = typer.Option(
        False, "--version", help="Print the version and exit.", is_eager=True, callback=lambda value: _version(value)
    ),
):
    """mu: change your computer's settings by saying what you want."""
    ctx.obj = {"backend": backend, "catalog": catalog or [], "debug": debug}


def _version(value: bool) -> None:
    if value:
        from mu_cli import __version__

        typer.echo(f"mu {__version__}")
        raise typer.Exit(0)


_GLOBAL_WITH_VALUE = {"--backend", "--catalog"}


def _with_commands(names) -> typer.Typer:
    """An app with the modules of these commands registered, in the order `mu --help` lists them."""
    import importlib

    made = _new_app()
    for module in dict.fromkeys(COMMANDS[n] for n in COMMANDS if n in names):
        importlib.import_module(f"{__package__}.{module}").register(made)
    return made


def full_app() -> typer.Typer:
    """Every command registered (help, completion, tests, embedding); made once."""
    global _FULL
    if _FULL is None:
        _FULL = _with_commands(COMMANDS)
    return _FULL


_FULL: typer.Typer | None = None


def app_for(argv: list[str]) -> typer.Typer:
    """The app for this command line: only the command it names, when it names one (its --help included);
    everything for `mu`, `mu --help`, completion or an unknown command (click then says what exists)."""
    import os

    if os.environ.get("_MU_COMPLETE"):
        return full_app()
    words = iter(argv)
    for word in words:
        if word == "--":
            break
        if word in _GLOBAL_WITH_VALUE:
            next(words, None)
        elif not word.startswith("-"):
            return _with_commands({word}) if word in COMMANDS else full_app()
    return full_app()
