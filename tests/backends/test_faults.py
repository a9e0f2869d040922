"""Fault injection in small form: Ctrl-C at random points over a multi-setting GNOME apply (real GSettings,
keyfile store), concurrent relative writers and undo after them, fuzzed assignments and batch lines. Each asserts
what the README's reliability section promises."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from mu_cli.calls import parse_assignment
from mu_cli.commands import app
from mu_cli.errors import MuError
from mu_cli.journal import Journal

from linux_env import gsettings_missing

APPLY = [
    "accessibility.text_size=150",
    "personalization.color_mode=dark",
    "desktop.hot_corner=false",
    "time.show_seconds=true",
    "keyboard.cursor_blink=false",
    "multitasking.workspace_count=8",
    "desktop.ui_effects=false",
    "fonts.hinting=full",
]
KEYS = [
    ("org.gnome.desktop.interface", "text-scaling-factor"),
    ("org.gnome.desktop.interface", "color-scheme"),
    ("org.gnome.desktop.interface", "enable-hot-corners"),
    ("org.gnome.desktop.interface", "clock-show-seconds"),
    ("org.gnome.desktop.interface", "cursor-blink"),
    ("org.gnome.desktop.wm.preferences", "num-workspaces"),
    ("org.gnome.desktop.interface", "enable-animations"),
    ("org.gnome.desktop.interface", "font-hinting"),
]


def _state(env: dict) -> list[str]:
    return [
        subprocess.run(["gsettings", "get", s, k], env=env, capture_output=True, text=True).stdout.strip()
        for s, k in KEYS
    ]


def _mu(env: dict, *args: str, **kw) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "mu_cli", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        **kw,
    )


def test_ctrl_c_at_random_points_leaves_nothing_untracked(tmp_path):
    reason = gsettings_missing()
    if reason:
        pytest.skip(reason)
    env = {
        **os.environ,
        "MU_HOME": str(tmp_path / "home"),
        "MU_BACKEND": "gnome",
        "GSETTINGS_BACKEND": "keyfile",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }
    original = _state(env)
    rng, outcomes, seen = random.Random(7), [], 0
    journal = tmp_path / "home" / "journal.sqlite3"
    for trial in range(8):
        proc = _mu(env, "apply", *APPLY)
        time.sleep(rng.uniform(0.2, 2.0))
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
        assert proc.returncode in (0, 130) and "Traceback" not in err, err
        last = [t for t in Journal(journal).history(1) if t.id > seen] if journal.exists() else []
        now = _state(env)
        if last and last[0].status == "applied":  # done in full, before or despite the signal: undo it
            assert now != original and ("nothing was left half-applied" not in err), err
            outcomes.append("applied")
            undo = _mu(env, "undo")
            assert undo.wait(timeout=60) == 0, undo.stderr.read()
        else:  # cut off: everything it touched is back, and it says so
            assert now == original, (trial, err)
            assert not last or last[0].status == "rolled_back", (trial, err)
            outcomes.append("rolled back" if last else "before the journal")
        assert _state(env) == original  # bit for bit, after the undo too
        if journal.exists():
            seen = max([t.id for t in Journal(journal).history(1)] + [seen])
    assert len(outcomes) == 8


def test_ctrl_c_after_the_answer_is_not_a_crash(tmp_path):
    """The signal lands once the command has printed its answer (shutdown, or the last lines of output):
    the exit status is the command's own, never death by signal."""
    env = {**os.environ, "MU_HOME": str(tmp_path / "home"), "MU_BACKEND": "sandbox"}
    for delay in (0.0, 0.05, 0.2):
        proc = _mu(env, "apply", "mouse.drag_threshold+=1")
        line = proc.stderr.readline()
        while line and not line.startswith("applied"):
            line = proc.stderr.readline()
        assert line.startswith("applied"), line
        time.sleep(delay)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
        assert proc.returncode in (0, 130) and "Traceback" not in err, (proc.returncode, err)


def test_ctrl_c_inside_a_finalizer_is_delivered_again_not_printed(tmp_path):
    """Python prints a KeyboardInterrupt raised in __del__ (a finished subprocess freed as Ctrl-C lands) as an
    ignored exception and goes on; mu delivers it again to ordinary code instead."""
    script = tmp_path / "finalizer.py"
    script.write_text(
        "import sys, time\n"
        "from mu_cli.commands import _interrupt_in_finalizer\n"
        "sys.unraisablehook = _interrupt_in_finalizer(sys.unraisablehook)\n"
        "class Freed:\n"
        "    def __del__(self):\n"
        "        raise KeyboardInterrupt\n"
        "try:\n"
        "    Freed()\n"
        "    time.sleep(5)\n"
        "    print('lost')\n"
        "except KeyboardInterrupt:\n"
        "    print('interrupted')\n"
    )
    done = subprocess.run(
        [sys.executable, str(script)],
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # not ignored as in a background job
    )
    assert done.stdout.strip() == "interrupted" and "Traceback" not in done.stderr, (done.stdout, done.stderr)


def test_concurrent_writers_lose_nothing_and_undo_in_reverse_restores(tmp_path):
    env = {**os.environ, "MU_HOME": str(tmp_path / "home"), "MU_BACKEND": "sandbox"}
    assert _mu(env, "apply", "mouse.drag_threshold=4").wait(timeout=60) == 0
    writers = [_mu(env, "apply", "mouse.drag_threshold+=1") for _ in range(16)]
    assert all(w.wait(timeout=180) == 0 for w in writers)
    check = _mu(env, "apply", "--json", "--dry-run", "mouse.drag_threshold=4")
    assert json.loads(check.communicate(timeout=60)[0])["results"][0]["old"] == 20  # 4 + 16, no lost update
    for _ in range(16):  # newest first, as the journal lists them
        assert _mu(env, "undo").wait(timeout=60) == 0
    check = _mu(env, "apply", "--json", "--dry-run", "mouse.drag_threshold=4")
    assert json.loads(check.communicate(timeout=60)[0])["results"][0]["status"] == "unchanged"


_IDS = [
    "display.brightness",
    "sound.volume",
    "power.screen_timeout",
    "network.wifi",
    "personalization.color_mode",
    "display.resolution",
    "time.time_zone",
    "network.dns_servers",
    "fonts.interface_font",
    "nosuch.setting",
]
_VALUES = st.one_of(
    st.text(max_size=12),
    st.sampled_from(
        ["nan", "inf", "-5", "toggle", "max", "1e308", "10m", "[/]", "\x1b[0m", "1920x1080", "banana", "-0", "0x10"]
    ),
    st.integers(-(10**30), 10**30).map(str),
    st.floats(allow_subnormal=False).map(str),
)


@settings(max_examples=1200, deadline=None)
@given(st.sampled_from(_IDS), st.sampled_from(["=", "+=", "-="]), _VALUES)
def test_fuzzed_assignments_are_a_call_or_a_clear_refusal(catalog, sid, op, value):
    try:
        call = parse_assignment(f"{sid}{op}{value}", catalog)
    except MuError as exc:  # a usage error: one clear line, exit 2
        assert exc.exit_code == 2 and "\n" not in str(exc)
        return
    if call is not None and isinstance(call.value, float):
        assert call.value == call.value and abs(call.value) != float("inf")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40), min_size=1, max_size=40))
def test_fuzzed_batch_lines_give_one_json_line_each(tmp_path, lines):
    f = tmp_path / "batch.txt"
    data = "\n".join(lines) + "\n"
    f.write_bytes(data.encode("utf-8", "surrogatepass"))
    r = CliRunner().invoke(app, ["ask", "--json", "--dry-run", "--file", str(f)])
    out = r.stdout.split("\n")[:-1]
    assert len(out) == len(data.split("\n")) - 1, (lines, r.stdout)
    assert all(isinstance(json.loads(x), dict) for x in out)
    assert r.exit_code in (0, 2, 3, 4), r.output


def test_undo_repair_keeps_readable_rows(tmp_path):
    runner = CliRunner()
    assert runner.invoke(app, ["apply", "display.brightness=20"]).exit_code == 0
    assert runner.invoke(app, ["apply", "sound.volume=20"]).exit_code == 0
    import sqlite3

    home = Path(os.environ["MU_HOME"])
    db = sqlite3.connect(home / "journal.sqlite3")
    db.execute("UPDATE changes SET new_value = '{bad' WHERE txn = 1")
    db.commit()
    db.close()
    r = runner.invoke(app, ["undo", "--repair", "--json"])
    assert r.exit_code == 0 and json.loads(r.stdout)["damaged"] == [1]
    assert Path(json.loads(r.stdout)["backup"]).exists()
    assert runner.invoke(app, ["undo", "1"]).exit_code == 6
    assert runner.invoke(app, ["undo"]).exit_code == 0  # transaction 2 is whole and undoable
