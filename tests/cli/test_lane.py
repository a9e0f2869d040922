"""The fast lane reads `mu ask`/`mu apply` command lines exactly as the typer app does, or leaves them to it."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from mu_cli.commands import _lane, app


def _click_params(command) -> dict:
    """option -> (parameter, kind), and the argument, as the lane's tables spell them."""
    options, argument = {}, None
    for p in command.params:
        if p.param_type_name == "argument":
            argument = (p.name, p.nargs)
        elif p.name not in ("help", "version", "install_completion", "show_completion"):
            kind = _lane.FLAG if p.is_flag else _lane.MANY if p.multiple else _lane.VALUE
            for opt in p.opts + p.secondary_opts:
                options[opt] = (p.name, kind)
            assert p.default in (None, False), (p.name, p.default)  # the lane's defaults: False, None, []
    return {"options": options, "argument": argument}


def test_the_tables_are_the_typer_commands_parameters():
    group = typer.main.get_command(app)
    assert _click_params(group)["options"] == _lane.ROOT
    assert {p.name: p.envvar for p in group.params if p.envvar} == _lane.ROOT_ENV
    for name, spec in _lane.COMMANDS.items():
        assert _click_params(group.commands[name]) == spec, name


def _plain(value):
    if isinstance(value, tuple):
        value = list(value)
    return value


def _typer_reading(argv: list[str]):
    """What click makes of the command line: the root's options and the command's parameters."""
    group = typer.main.get_command(app)
    ctx = group.make_context("mu", list(argv))
    name, *rest = list(getattr(ctx, "_protected_args", None) or getattr(ctx, "protected_args", [])) + ctx.args
    command = group.commands[name]
    sub = command.make_context(name, rest, parent=ctx)
    root = {
        "backend": ctx.params["backend"],
        "catalog": list(ctx.params["catalog"] or []),
        "debug": ctx.params["debug"],
    }
    params = {k: (_plain(v) or None) if k == "items" else _plain(v) for k, v in sub.params.items()}
    return name, root, params


READ = [
    ["ask", "turn on dark mode"],
    ["ask", "--json", "--dry-run", "turn on dark mode"],
    ["ask", "turn on dark mode", "-n", "--json"],
    ["ask", "-y", "--allow-admin", "set volume to 3"],
    ["ask", "--file", "requests.txt", "--json"],
    ["ask", "--file=requests.txt"],
    ["ask", "-f", "-", "--json"],
    ["ask", "-"],
    ["ask", ""],
    ["ask"],
    ["--backend", "gnome", "ask", "x"],
    ["--backend=sandbox", "--catalog", "a.yaml", "--catalog=b.yaml", "--debug", "apply", "sound.volume=3"],
    ["apply", "display.brightness=70", "sound.volume+=10", "turn on night light", "--json"],
    ["apply", "--emit", "reg", "display.brightness=50"],
    ["apply", "--emit=powershell", "-n", "x=1"],
    ["apply", "-f", "changes.txt", "--dry-run"],
    ["apply"],
    ["ask", "--file", "a", "--file", "b", "x"],
]


@pytest.mark.parametrize("argv", READ, ids=" ".join)
@pytest.mark.parametrize("env_backend", [None, "", "sandbox"])
def test_the_lane_reads_a_command_line_as_typer_does(argv, env_backend, monkeypatch):
    if env_backend is None:
        monkeypatch.delenv("MU_BACKEND", raising=False)
    else:
        monkeypatch.setenv("MU_BACKEND", env_backend)
    lane = _lane.read(argv)
    assert lane is not None
    assert (lane.command, lane.root, lane.params) == _typer_reading(argv)


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--help"],
        ["--version"],
        ["ask", "--help"],
        ["apply", "-h"],
        ["settings", "night"],
        ["undo"],
        ["ask", "-yn", "x"],
        ["ask", "--", "-x"],
        ["ask", "--file"],
        ["ask", "a", "b"],
        ["ask", "--json=1", "x"],
        ["ask", "-5 brightness"],
        ["--backend"],
        ["--nope", "ask", "x"],
        ["ask", "--nope", "x"],
        ["apply", "--emit"],
        ["ask", "-fa.txt"],
        ["nosuch", "x"],
    ],
    ids=lambda argv: " ".join(argv) or "(none)",
)
def test_anything_else_is_left_to_typer(argv):
    assert _lane.read(argv) is None


def _mu(args: list[str], tmp_path, track: bool = False) -> subprocess.CompletedProcess:
    """`mu ARGS` in a fresh interpreter; `track`: stderr ends with the CLI libraries it loaded."""
    code = (
        "import atexit, sys\n"
        f"sys.argv = ['mu'] + {args!r}\n"
        + (
            "atexit.register(lambda: sys.stderr.write('\\nLOADED ' + ' '.join(sorted({m.split('.')[0] for m in "
            "sys.modules if m.split('.')[0] in ('typer', 'click', 'rich')}))))\n"
            if track
            else ""
        )
        + "from mu_cli.commands import main\nmain()\n"
    )
    env = {**os.environ, "MU_HOME": str(tmp_path / "home"), "MU_BACKEND": "sandbox"}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)


def test_a_scripted_ask_loads_no_cli_library(tmp_path, monkeypatch):
    monkeypatch.setenv("MU_MODEL", str(Path(__file__).resolve().parents[2] / "model"))  # the model route
    done = _mu(["ask", "--json", "--dry-run", "turn on dark mode"], tmp_path, track=True)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["calls"][0]["setting"] == "personalization.color_mode"
    assert done.stderr.rsplit("LOADED", 1)[1].split() == [], done.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["apply", "--json", "--dry-run", "display.brightness=70", "network.wifi=off"],
        ["apply", "bogus.setting=1"],
        ["apply", "display.brightness=900"],
        ["apply", "--emit", "reg", "--json", "display.brightness=50"],
        ["apply", "--emit", "reg", "display.brightness=50"],
        ["ask", "--json", "--dry-run", "xqzv plugh"],
        ["ask", "--json", "--dry-run"],
        ["ask", "--file", "/nonexistent/requests.txt"],
    ],
)
def test_the_lane_answers_as_the_typer_app_does(args, tmp_path, monkeypatch):
    monkeypatch.setenv("MU_BACKEND", "sandbox")
    assert _lane.read(args) is not None
    fast = _mu(args, tmp_path)
    typed = CliRunner().invoke(app, args)
    untimed = lambda out: re.sub(r'"timings_ms": \{[^}]*\}', "", out)  # noqa: E731
    assert (fast.returncode, untimed(fast.stdout), fast.stderr) == (
        typed.exit_code,
        untimed(typed.stdout),
        typed.stderr,
    )
