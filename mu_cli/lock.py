"""One mu at a time reads, plans, writes and journals: an OS file lock beside the journal, held from the first
read of a transaction to its last journal row (so `sound.volume+=10` from two processes adds 20, and an undo
sees what the other process wrote). Also: Ctrl-C held back for the length of one write."""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import JournalError

WAIT_SECONDS = 60.0


def _try_lock(f) -> bool:
    if os.name == "nt":  # pragma: no cover - Windows
        import msvcrt

        try:
            msvcrt.locking(f.fileno(), msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False
    import fcntl

    try:
        fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False


@contextmanager
def held(path: Path, wait: float = WAIT_SECONDS) -> Iterator[None]:
    """Hold the lock file `path`, waiting up to `wait` seconds for another mu to finish."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        f = open(path, "a+b")
    except OSError as exc:
        raise JournalError(f"cannot open the lock file {path}: {exc.strerror or exc}") from None
    with f:
        deadline, pause = time.monotonic() + wait, 0.01
        while not _try_lock(f):
            if time.monotonic() > deadline:
                raise JournalError(f"another mu process has held {path} for {wait:g} s; try again when it is done")
            time.sleep(pause)
            pause = min(pause * 2, 0.2)
        yield  # closing the file releases the lock, also when the process dies


@contextmanager
def sigint_held(reraise: bool = True) -> Iterator[list]:
    """Ctrl-C waits until the block is done (one write, or the restore after a failure), then, with `reraise`,
    arrives as KeyboardInterrupt. Yields the list of signals that came meanwhile."""
    got: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield got
        return
    previous = signal.signal(signal.SIGINT, lambda signum, frame: got.append(signum))
    try:
        yield got
    finally:
        signal.signal(signal.SIGINT, previous)
        if got and reraise:
            raise KeyboardInterrupt
