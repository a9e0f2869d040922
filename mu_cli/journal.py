"""The undo journal: append-only SQLite (WAL) in the user data dir, with named migrations.

Every change is recorded with its old value before it is written; a transaction is one `ask`/`apply`/`undo`.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import JournalError

MIGRATIONS: list[tuple[str, str]] = [
    (
        "m001_initial",
        """
        CREATE TABLE transactions (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            created REAL NOT NULL,
            command TEXT NOT NULL,
            query TEXT NOT NULL,
            backend TEXT NOT NULL,
            status TEXT NOT NULL,          -- applying | applied | rolled_back | undone | damaged
            undo_of INTEGER REFERENCES transactions(id)
        );
        CREATE TABLE changes (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            txn INTEGER NOT NULL REFERENCES transactions(id),
            seq INTEGER NOT NULL,
            setting TEXT NOT NULL,
            target TEXT,
            old_value TEXT NOT NULL,       -- JSON
            new_value TEXT NOT NULL,       -- JSON
            applied INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX changes_txn ON changes(txn);
    """,
    ),
    # what the OS stored before, exactly (backend snapshot, JSON; NULL: the old catalog value says it all)
    ("m002_old_raw", "ALTER TABLE changes ADD COLUMN old_raw TEXT"),
]


@dataclass(frozen=True)
class Change:
    setting: str
    target: str | None
    old: Any
    new: Any
    old_raw: Any = None  # the backend's exact snapshot of the old value, when it has one


@dataclass(frozen=True)
class Transaction:
    id: int
    created: float
    command: str
    query: str
    backend: str
    status: str
    undo_of: int | None
    changes: tuple[Change, ...]

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "created": time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(self.created)),
            "command": self.command,
            "query": self.query,
            "backend": self.backend,
            "status": self.status,
            "undo_of": self.undo_of,
            "changes": [{"setting": c.setting, "target": c.target, "old": c.old, "new": c.new} for c in self.changes],
        }


class Unreadable(str):
    """A journal value that is not the JSON mu wrote (a damaged row): shown as it is, never written back."""


def _value(raw: str):
    try:
        return json.loads(raw)
    except (TypeError, ValueError):
        return Unreadable(f"<unreadable: {str(raw)[:40]}>")


class Journal:
    def __init__(self, path: Path | None = None):
        from .paths import home

        self.path = path or home() / "journal.sqlite3"
        try:
            if self.path.is_file() and self.path.stat().st_size == 0:  # mu never leaves one empty: truncated
                raise JournalError(
                    f"undo journal {self.path} is empty (0 bytes): it was truncated, and its history "
                    "is lost; move it away to start a new one"
                )
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if not self.path.exists():
                self._create()
            self.db = sqlite3.connect(self.path, timeout=10, isolation_level=None)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA busy_timeout=10000")
            self._migrate()
        except (OSError, sqlite3.Error) as exc:
            raise JournalError(f"undo journal {self.path} cannot be opened: {exc}") from None

    def close(self) -> None:
        self.db.close()

    def _create(self) -> None:
        """A new journal appears whole: built beside it, then linked into place unless another process won
        the race (so an empty file at the path always means a truncated journal, never one being made)."""
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.new")
        tmp.unlink(missing_ok=True)
        try:
            self.db = sqlite3.connect(tmp, isolation_level=None)
            self.db.execute("PRAGMA journal_mode=WAL")
            self._migrate()
            self.db.close()
            try:
                os.link(tmp, self.path)
            except FileExistsError:
                pass
            except OSError:  # a file system without hard links: a rename, when nothing is there yet
                if not self.path.exists():
                    os.replace(tmp, self.path)
        finally:
            for leftover in (tmp, tmp.with_name(tmp.name + "-wal"), tmp.with_name(tmp.name + "-shm")):
                leftover.unlink(missing_ok=True)

    def _migrate(self) -> None:
        with self._write():
            self.db.execute("CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied REAL)")
            done = {r[0] for r in self.db.execute("SELECT name FROM _migrations")}
            for name, sql in MIGRATIONS:
                if name not in done:
                    for stmt in filter(str.strip, sql.split(";")):
                        self.db.execute(stmt)
                    self.db.execute("INSERT INTO _migrations VALUES (?, ?)", (name, time.time()))

    def _write(self):
        return _Immediate(self)

    def begin(
        self, command: str, query: str, backend: str, changes: Iterable[Change], undo_of: int | None = None
    ) -> int:
        """Record a transaction and every old value, before anything is written."""
        with self._write():
            cur = self.db.execute(
                "INSERT INTO transactions (created, command, query, backend, status, undo_of) "
                "VALUES (?, ?, ?, ?, 'applying', ?)",
                (time.time(), command, query, backend, undo_of),
            )
            txn = cur.lastrowid
            self.db.executemany(
                "INSERT INTO changes (txn, seq, setting, target, old_value, new_value, old_raw) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        txn,
                        i,
                        c.setting,
                        c.target,
                        json.dumps(c.old),
                        json.dumps(c.new),
                        None if c.old_raw is None else json.dumps(c.old_raw),
                    )
                    for i, c in enumerate(changes)
                ],
            )
        return txn

    def mark_applied(self, txn: int, seq: int) -> None:
        with self._write():
            self.db.execute("UPDATE changes SET applied = 1 WHERE txn = ? AND seq = ?", (txn, seq))

    def finish(self, txn: int, status: str) -> None:
        with self._write():
            self.db.execute("UPDATE transactions SET status = ? WHERE id = ?", (status, txn))
            if status == "applied":
                undone = self.db.execute("SELECT undo_of FROM transactions WHERE id = ?", (txn,)).fetchone()[0]
                if undone is not None:
                    self.db.execute("UPDATE transactions SET status = 'undone' WHERE id = ?", (undone,))

    def get(self, txn: int) -> Transaction | None:
        row = self.db.execute("SELECT * FROM transactions WHERE id = ?", (txn,)).fetchone()
        return self._load(row) if row else None

    def history(self, limit: int = 20) -> list[Transaction]:
        rows = self.db.execute("SELECT * FROM transactions ORDER BY id DESC LIMIT ?", (limit,)).fetchall()
        return [self._load(r) for r in rows]

    def last_undoable(self) -> Transaction | None:
        """The newest transaction whose changes are still in place (applied, or cut off mid-apply)."""
        row = self.db.execute(
            "SELECT * FROM transactions WHERE status IN ('applied', 'applying') AND undo_of IS NULL "
            "AND EXISTS (SELECT 1 FROM changes WHERE txn = transactions.id) ORDER BY id DESC LIMIT 1"
        ).fetchone()
        return self._load(row) if row else None

    def damaged(self) -> list[int]:
        """Transactions (not yet marked damaged) with a change row that is not the JSON mu wrote."""
        bad = set()
        for txn, *values in self.db.execute(
            "SELECT c.txn, c.old_value, c.new_value, c.old_raw FROM changes c JOIN transactions t ON t.id = c.txn "
            "WHERE t.status != 'damaged'"
        ):
            if any(v is not None and isinstance(_value(v), Unreadable) for v in values):
                bad.add(txn)
        return sorted(bad)

    def repair(self) -> tuple[Path, list[int]]:
        """Back the journal up, then mark every transaction with an unreadable row damaged (kept, listed, never
        undone); every readable row stays. Returns the backup's path and the transactions marked."""
        backup = self.path.with_name(f"{self.path.name}.bak-{time.strftime('%Y%m%d-%H%M%S')}")
        try:
            with sqlite3.connect(backup) as copy:
                self.db.backup(copy)
        except sqlite3.Error as exc:
            raise JournalError(f"cannot back up {self.path} to {backup}: {exc}") from None
        with self._write():
            bad = self.damaged()
            self.db.executemany("UPDATE transactions SET status = 'damaged' WHERE id = ?", [(t,) for t in bad])
        return backup, bad

    def _load(self, row: tuple) -> Transaction:
        changes = self.db.execute(
            "SELECT setting, target, old_value, new_value, old_raw FROM changes WHERE txn = ? ORDER BY seq", (row[0],)
        )
        return Transaction(
            *row[:7],
            changes=tuple(
                Change(s, t, _value(o), _value(n), None if r is None else _value(r)) for s, t, o, n, r in changes
            ),
        )


class _Immediate:
    """BEGIN IMMEDIATE ... COMMIT, so concurrent mu processes serialise their writes."""

    def __init__(self, journal: Journal):
        self.j = journal

    def __enter__(self):
        try:
            self.j.db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise JournalError(f"undo journal {self.j.path} is not writable: {exc}") from None

    def __exit__(self, exc_type, exc, tb):
        try:
            self.j.db.execute("ROLLBACK" if exc_type else "COMMIT")
        except sqlite3.Error as err:
            if not exc_type:
                raise JournalError(f"undo journal {self.j.path} is not writable: {err}") from None
        return False
