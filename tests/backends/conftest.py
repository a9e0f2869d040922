"""Fixtures of the backend tests: a throwaway GSettings keyfile store, a headless PulseAudio with a null sink,
a fake sysfs backlight tree, fake command-line tools and a stand-in session bus."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from linux_env import FakeTools, gsettings_missing, make_backlight


def _pactl_ready(env: dict) -> bool:
    return subprocess.run(["pactl", "info"], env=env, capture_output=True, timeout=10).returncode == 0


@pytest.fixture
def gsettings_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """GSettings writes go to a keyfile under tmp_path; returns the keyfile's path."""
    reason = gsettings_missing()
    if reason:
        pytest.skip(reason)
    monkeypatch.setenv("GSETTINGS_BACKEND", "keyfile")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return tmp_path / "config" / "glib-2.0" / "settings" / "keyfile"


@pytest.fixture(scope="session")
def pulse_server():
    """A private PulseAudio daemon with a null sink; yields the environment that reaches it."""
    if not (shutil.which("pulseaudio") and shutil.which("pactl")):
        pytest.skip("PulseAudio is not installed (apt-get install pulseaudio pulseaudio-utils)")
    # A short path under /tmp: the socket path must fit the 108-byte limit of unix sockets.
    base = Path(tempfile.mkdtemp(prefix="mu-pulse-"))
    env = {
        **os.environ,
        "XDG_RUNTIME_DIR": str(base / "run"),
        "HOME": str(base / "home"),
        "XDG_CONFIG_HOME": str(base / "home" / ".config"),
    }
    env.pop("PULSE_SERVER", None)
    (base / "run").mkdir(mode=0o700)
    (base / "home").mkdir()
    start = subprocess.run(
        [
            "pulseaudio",
            "-n",
            "--daemonize",
            "--load=module-null-sink",
            "--load=module-native-protocol-unix",
            "--exit-idle-time=-1",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
    )
    deadline = time.monotonic() + 10
    while start.returncode == 0 and not _pactl_ready(env) and time.monotonic() < deadline:
        time.sleep(0.1)
    try:
        if start.returncode != 0 or not _pactl_ready(env):
            pytest.fail(f"headless PulseAudio did not start: {start.stderr.strip()[-500:]}")
        yield env
    finally:
        subprocess.run(["pulseaudio", "--kill"], env=env, capture_output=True, timeout=30)
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def pulse_env(pulse_server: dict, monkeypatch: pytest.MonkeyPatch) -> dict:
    """Points this test's process environment (so the backend's pactl) at the private PulseAudio."""
    for name in ("XDG_RUNTIME_DIR", "HOME", "XDG_CONFIG_HOME"):
        monkeypatch.setenv(name, pulse_server[name])
    monkeypatch.delenv("PULSE_SERVER", raising=False)
    return pulse_server


@pytest.fixture
def fake_backlight(tmp_path: Path) -> Path:
    """A sysfs-like tree with a raw intel_backlight (0..19393) and a firmware acpi_video0 (0..15)."""
    root = tmp_path / "backlight"
    make_backlight(root, "intel_backlight", "raw", 19393, 9000)
    make_backlight(root, "acpi_video0", "firmware", 15, 10)
    return root


@pytest.fixture
def fake_tools(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> FakeTools:
    return FakeTools(tmp_path, monkeypatch)


@pytest.fixture
def bus_socket():
    """A listening unix socket at a short path, standing in for a session bus."""
    import socket

    base = Path(tempfile.mkdtemp(prefix="mu-bus-"))
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.bind(str(base / "bus"))
    sock.listen(1)
    try:
        yield base / "bus"
    finally:
        sock.close()
        shutil.rmtree(base, ignore_errors=True)
