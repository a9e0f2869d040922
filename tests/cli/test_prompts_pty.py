"""The prompts as a person meets them: `mu ask` on a real terminal (a pty), with stdout redirected to a file.
The plan must be on the terminal before "Apply?", the default must be no, Ctrl-C at the prompt exits 130 with
nothing changed, and a yes applies once without showing the plan again."""

from __future__ import annotations

import json
import os
import select
import signal
import sys
import time
from pathlib import Path

import pytest

pty = pytest.importorskip("pty")

REQUEST = "set the volume to 33"


def _run(tmp_path: Path, keys: bytes, out: Path) -> tuple[int, str]:
    """Run `mu ask REQUEST` with the pty as stdin and stderr and `out` as stdout; type `keys` at the prompt.
    Returns the exit status and everything the terminal showed."""
    env = {**os.environ, "MU_HOME": str(tmp_path / "home"), "MU_BACKEND": "sandbox", "NO_COLOR": "1", "COLUMNS": "120"}
    env.pop("MU_MODEL", None)
    pid, master = pty.fork()
    if pid == 0:  # the child: stdout to the file, Ctrl-C as a terminal delivers it (a background job ignores it), mu
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(fd, 1)
        os.execve(sys.executable, [sys.executable, "-m", "mu_cli", "ask", REQUEST], env)
    seen, typed, deadline = b"", False, time.monotonic() + 180
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(master, 4096)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            seen += chunk
        if not typed and b"Apply?" in seen:
            time.sleep(0.3)  # the prompt is printed just before mu starts reading the answer
            os.write(master, keys)
            typed = True
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
    else:
        os.kill(pid, 9)
        pytest.fail(f"mu ask did not finish; the terminal showed: {seen.decode(errors='replace')}")
    if not done:
        _, status = os.waitpid(pid, 0)
    seen += _drained(master)  # what the child wrote just before it ended (a loaded machine reads it late)
    os.close(master)
    return os.waitstatus_to_exitcode(status), seen.decode("utf-8", errors="replace")


def _drained(master: int) -> bytes:
    """The rest of what the terminal holds once the child has ended."""
    rest = b""
    while select.select([master], [], [], 0.5)[0]:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # the terminal is closed and empty
            break
        if not chunk:
            break
        rest += chunk
    return rest


def _volume(tmp_path: Path):
    state = tmp_path / "home" / "sandbox.json"
    return json.loads(state.read_text()).get("sound.volume") if state.exists() else None


def test_the_plan_is_on_the_terminal_before_the_prompt_and_the_default_is_no(tmp_path):
    out = tmp_path / "out.txt"
    code, screen = _run(tmp_path, b"\r", out)  # Enter: the default
    assert code == 0, screen
    before_prompt = screen.split("Apply?", 1)[0]
    assert "Volume" in before_prompt and "33" in before_prompt, screen
    assert "[y/N]" in screen and "nothing changed" in screen
    assert _volume(tmp_path) in (None, 50) and "33" not in out.read_text()


def test_ctrl_c_at_the_prompt_is_130_and_changes_nothing(tmp_path):
    code, screen = _run(tmp_path, b"\x03", tmp_path / "out.txt")
    assert code == 130, screen
    assert "Traceback" not in screen and "Aborted!" not in screen
    assert _volume(tmp_path) in (None, 50)


def test_yes_applies_once_without_a_second_plan(tmp_path):
    out = tmp_path / "out.txt"
    code, screen = _run(tmp_path, b"y\r", out)
    assert code == 0, screen
    assert _volume(tmp_path) == 33
    shown = screen + out.read_text()
    assert shown.count("Plan:") == 1, shown


def test_nothing_to_change_asks_nothing(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    (home / "sandbox.json").write_text(json.dumps({"sound.volume": 33}))
    code, screen = _run(tmp_path, b"y\r", tmp_path / "out.txt")
    assert code == 0 and "Apply?" not in screen and "already as asked" in screen, screen
