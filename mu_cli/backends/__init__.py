"""Backend registry: pick the backend for this machine (or the one MU_BACKEND / --backend names).

Each entry of BACKENDS builds a backend without side effects; `auto` takes the first real backend
in AUTO_ORDER that is available, else the sandbox. A new platform is one module plus one factory
here; a factory whose module is absent returns an `Unavailable` that says why.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Any

from ..catalog import Setting
from ..errors import Unsupported, UsageError
from .base import Availability, Backend, BackendName

AUTO_ORDER = (BackendName.WINDOWS, BackendName.GNOME)


class Unavailable:
    """Stands in for a backend that cannot run on this machine; every call says why."""

    def __init__(self, name: BackendName, platform: str, reason: str):
        self.name, self.platform, self.reason = name, platform, reason

    def availability(self) -> Availability:
        return Availability(self.name, False, self.reason)

    def unsupported(self, setting: Setting) -> str | None:
        return self.reason

    def read(self, setting: Setting, target: str | None = None) -> Any:
        raise Unsupported(f"backend {self.name}: {self.reason}")

    def write(self, setting: Setting, value: Any, target: str | None = None) -> None:
        raise Unsupported(f"backend {self.name}: {self.reason}")

    def targets(self, setting: Setting) -> list[str]:
        return []


def _windows(catalog: Any = None) -> Backend:
    try:
        from .windows import WindowsBackend  # reports "not Windows" itself off Windows
    except ModuleNotFoundError as exc:
        if exc.name != f"{__name__}.windows":
            raise  # a real import error inside the Windows backend must not be hidden
        reason = "not Windows" if sys.platform != "win32" else "the Windows backend is not part of this build"
        return Unavailable(BackendName.WINDOWS, "windows", reason)
    return WindowsBackend(catalog=catalog)


def _gnome(catalog: Any = None) -> Backend:
    from .gnome import GnomeBackend

    return GnomeBackend()


def _sandbox(catalog: Any = None) -> Backend:
    from .sandbox import SandboxBackend

    return SandboxBackend()


# name -> factory(catalog) that builds the backend without side effects.
BACKENDS: dict[BackendName, Callable[..., Backend]] = {
    BackendName.WINDOWS: _windows,
    BackendName.GNOME: _gnome,
    BackendName.SANDBOX: _sandbox,
}


def detect(name: str | None = None, catalog: Any = None) -> Backend:
    """The backend named by `name`, else MU_BACKEND, else "auto" (the machine's own, else the sandbox).

    An explicitly named backend that is not available raises Unsupported with its reason rather than
    quietly falling back. `catalog` goes to the backends that use it (Windows).
    """
    chosen = (name or os.environ.get("MU_BACKEND") or "auto").strip().lower()
    if chosen == "auto":
        for candidate in AUTO_ORDER:
            backend = BACKENDS[candidate](catalog)
            if backend.availability().available:
                return backend
        return BACKENDS[BackendName.SANDBOX](catalog)
    factory = BACKENDS.get(chosen)
    if factory is None:
        raise UsageError(f"unknown backend {chosen!r}: choose auto, {', '.join(BACKENDS)}")
    backend = factory(catalog)
    avail = backend.availability()
    if not avail.available:
        raise Unsupported(f"backend {chosen} is not available here: {avail.reason}")
    return backend


def describe_all() -> list[Availability]:
    """Every registered backend and whether it can run here (for `mu backends` / `mu doctor`)."""
    return [BACKENDS[name]().availability() for name in BACKENDS]
