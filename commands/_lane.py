"""The fast lane: `mu ask` and `mu apply` the way scripts call them, read without typer.

Importing typer and building a command from a function signature takes a sixth of a warm `mu ask`. A command
line this lane reads whole (root options, then `ask` or `apply` with options from the tables below and their
arguments) runs the command's `run` directly; anything else (help, completion, `--version`, an unknown,
combined or incomplete option, `--`, an argument starting with "-") returns None and goes to typer, which reads
everything and says what is wrong. A test holds these tables equal to the typer commands' parameters (names,
flags, repeats, defaults), so the two readings cannot drift apart."""

from __future__ import annotations

import os
from typing import NamedTuple

from ._root import failure

FLAG, VALUE, MANY = "flag", "value", "many"

# option -> (parameter, kind); kind: a flag, an option taking one value, a repeatable option taking one each time
ROOT = {"--backend": ("backend", VALUE), "--catalog": ("catalog", MANY), "--debug": ("debug", FLAG)}
ROOT_ENV = {"backend": "MU_BACKEND"}

COMMANDS = {
    "ask": {
        "options": {
            "--file": ("file", VALUE),
            "-f": ("file", VALUE),
            "--yes": ("yes", FLAG),
            "-y": ("yes", FLAG),
            "--dry-run": ("dry_run", FLAG),
            "-n": ("dry_run", FLAG),
            "--json": ("json_out", FLAG),
            "--allow-admin": ("allow_admin", FLAG),
        },
        "argument": ("request", 1),
    },
    "apply": {
        "options": {
            "--file": ("file", VALUE),
            "-f": ("file", VALUE),
            "--dry-run": ("dry_run", FLAG),
            "-n": ("dry_run", FLAG),
            "--json": ("json_out", FLAG),
            "--allow-admin": ("allow_admin", FLAG),
            "--emit": ("emit", VALUE),
        },
        "argument": ("items", -1),  # -1: any number of them
    },
}


class Lane(NamedTuple):
    command: str
    root: dict  # backend, catalog, debug: what the root command puts in ctx.obj
    params: dict  # the command's parameters, as its typer function receives them


def read(argv: list[str]) -> Lane | None:
    """The command line read by the tables, or None when typer must read it."""
    root: dict = {"backend": None, "catalog": [], "debug": False}
    words = list(argv)
    while words and words[0] != "--" and words[0].startswith("-"):
        if not _take(words, ROOT, root):
            return None
    if not words or words[0] not in COMMANDS:
        return None
    command = words.pop(0)
    spec = COMMANDS[command]
    options = spec["options"]
    params: dict = {name: _default(kind) for name, kind in options.values()}
    positional: list[str] = []
    while words:
        if words[0] == "--":  # what follows is arguments only: typer's reading
            return None
        if words[0].startswith("-") and words[0] != "-":
            if not _take(words, options, params):
                return None
        else:
            positional.append(words.pop(0))
    name, count = spec["argument"]
    if count == 1:
        if len(positional) > 1:
            return None
        params[name] = positional[0] if positional else None
    else:
        params[name] = positional or None
    for key, variable in ROOT_ENV.items():
        if root[key] is None:
            root[key] = os.environ.get(variable) or None  # as click reads an envvar: empty means unset
    return Lane(command, root, params)


def _default(kind: str):
    return False if kind == FLAG else [] if kind == MANY else None


def _take(words: list[str], table: dict, into: dict) -> bool:
    """Consume one option (and its value) from the front of `words` into `into`; False if it is not in the table
    or lacks its value."""
    word = words.pop(0)
    name, eq, inline = word.partition("=") if word.startswith("--") else (word, "", "")
    if name not in table:
        return False
    param, kind = table[name]
    if kind == FLAG:
        if eq:
            return False
        into[param] = True
        return True
    if eq:
        value = inline
    elif words:
        value = words.pop(0)
    else:
        return False
    if kind == MANY:
        into[param].append(value)
    else:
        into[param] = value
    return True


def run(lane: Lane) -> int:
    """Run the command the lane read; a MuError or unexpected error is one line on stderr and its exit code, as
    the root command does it (--debug: the traceback instead)."""
    import importlib
    import sys

    module = importlib.import_module(f"{__package__}._{lane.command}")
    try:
        return module.run(lane.root, **lane.params)
    except Exception as exc:  # noqa: BLE001 - the root owns every error, as _MuGroup does for typer
        if lane.root["debug"]:
            raise
        message, code = failure(exc)
        sys.stderr.write(f"mu: {message}\n")
        return code
