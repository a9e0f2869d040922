"""The sandbox backend: a JSON state file in the user data dir holding every setting.

It changes nothing on the machine; output always names it so nobody mistakes it for a real change.
"""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..catalog import Setting
from ..errors import BackendError
from .base import Availability, BackendName

SANDBOX_TARGETS = ("built-in", "external")


class SandboxBackend:
    name = BackendName.SANDBOX
    platform = ""

    def __init__(self, path: Path | None = None):
        from ..paths import home

        self.path = path or home() / "sandbox.json"

    def availability(self) -> Availability:
        return Availability(self.name, True, f"state file {self.path} (changes nothing on this machine)", real=False)

    def unsupported(self, setting: Setting) -> str | None:
        return None

    def targets(self, setting: Setting) -> list[str]:
        return list(SANDBOX_TARGETS) if setting.per_device else []

    def read(self, setting: Setting, target: str | None = None) -> Any:
        with self._locked(exclusive=False):
            state = self._load()
        return state.get(_slot(setting, target), setting.default)

    def write(self, setting: Setting, value: Any, target: str | None = None) -> None:
        with self._locked(exclusive=True):
            state = self._load()
            state[_slot(setting, target)] = value
            tmp = self.path.with_suffix(".tmp")
            tmp.write_text(json.dumps(state, indent=1, sort_keys=True), encoding="utf-8")
            os.replace(tmp, self.path)

    def _load(self) -> dict:
        try:
            state = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            raise BackendError(
                f"sandbox state {self.path} is unreadable: {exc}; move it away to start afresh"
            ) from None
        if not isinstance(state, dict):
            raise BackendError(
                f"sandbox state {self.path} holds {type(state).__name__}, not a map of settings; "
                "move it away to start afresh"
            )
        return state

    @contextmanager
    def _locked(self, exclusive: bool) -> Iterator[None]:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path.with_suffix(".lock"), os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            raise BackendError(f"sandbox state dir {self.path.parent} is not writable: {exc.strerror}") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
            yield
        finally:
            os.close(fd)


def _slot(setting: Setting, target: str | None) -> str:
    return f"{setting.id}@{target}" if target and target != SANDBOX_TARGETS[0] else setting.id
