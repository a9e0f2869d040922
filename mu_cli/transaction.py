"""Applying a plan all-or-nothing, and undoing it.

`prepare` reads every old value and checks every call before anything is written; `commit` journals the
old values, writes, and restores what it already changed on any failure, Ctrl-C included.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from .backends.base import Backend
from .calls import Call, Word, resolve_relative
from .catalog import Catalog, Setting
from .errors import BackendError, Conflict, MuError, Refused, Unsupported, UsageError
from .journal import Change, Journal, Transaction, Unreadable
from .lock import sigint_held


class Effect(Word):
    """What applying a call would do: change the value, leave it as it is, only read it (get), open a page."""

    CHANGE = "change"
    UNCHANGED = "unchanged"
    VALUE = "value"
    OPEN = "open"


@dataclass(frozen=True)
class Outcome:
    """One call, resolved against the backend: what it is now and what it will be."""

    call: Call
    title: str
    page: str
    old: Any
    new: Any
    status: Effect
    target: str | None = None
    display_old: str = ""
    display_new: str = ""
    restore_raw: Any = None  # undo: the backend's exact snapshot to put back instead of writing `new`

    def to_json(self) -> dict:
        out = {**self.call.to_json(), "title": self.title, "status": self.status}
        if self.call.action != "open":
            out.update(old=self.old, new=self.new)
        if self.target:
            out["target"] = self.target
        return out


def prepare(calls: Iterable[Call], catalog: Catalog, backend: Backend) -> list[Outcome]:
    """Resolve calls into outcomes (reads only). Raises before anything could be half-applied."""
    outcomes: list[Outcome] = []
    for call in calls:
        if call.action == "open":
            page = catalog.page(call.page or "")
            if page is None:
                raise UsageError(f"unknown page {call.page!r}")
            outcomes.append(Outcome(call, page.title, page.id, None, None, Effect.OPEN))
            continue
        setting = catalog.setting(call.setting or "")
        if setting is None:
            raise UsageError(f"unknown setting id {call.setting!r} (see `mu settings`)")
        reason = backend.unsupported(setting)
        if reason:
            raise Unsupported(
                f"{setting.title} ({setting.id}) cannot be changed with the {backend.name} backend: {reason}"
            )
        for target in _targets(setting, call, backend):
            outcomes.append(_resolve(setting, call, backend, target))
    return outcomes


def _targets(setting: Setting, call: Call, backend: Backend) -> list[str | None]:
    from .targets import pick_targets

    devices = backend.targets(setting) if setting.per_device else []
    if not devices:
        if call.target and call.target not in ("all", "default", "other"):
            raise UsageError(f"{setting.id} has no device named {call.target!r} here")
        return [None]
    if call.target in (None, "default", "all", "other"):
        return list(pick_targets(devices, call.target))
    if call.target not in devices:
        raise UsageError(f"{setting.id}: no device {call.target!r} (devices: {', '.join(devices)})")
    return [call.target]


def _resolve(setting: Setting, call: Call, backend: Backend, target: str | None) -> Outcome:
    old = backend.read(setting, target)
    if call.action == "get":
        new, status = old, Effect.VALUE
    else:
        if call.action == "toggle":
            new = not old
        elif call.action in ("increase", "decrease"):
            new = resolve_relative(setting, call.action, call.value, old)
        else:
            new = call.value
        status = Effect.UNCHANGED if _same(old, same_as_written(backend, setting, new)) else Effect.CHANGE
    page = setting.page
    return Outcome(
        call, setting.title, page, old, new, status, target, setting.format_value(old), setting.format_value(new)
    )


def same_as_written(backend: Backend, setting: Setting, value: Any) -> Any:
    canonical = getattr(backend, "canonical", None)
    if canonical is None or value is None:
        return value
    try:
        return canonical(setting, value)
    except Exception:  # a value the backend cannot store reads back as itself; the write will say why
        return value


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        return abs(float(a) - float(b)) < 1e-9
    return a == b


def needs_permission(outcomes: Iterable[Outcome], catalog: Catalog) -> list[str]:
    """Why each risky change needs an explicit yes (admin rights, or no undo)."""
    reasons = []
    for o in outcomes:
        if o.status != Effect.CHANGE:
            continue
        s = catalog.setting(o.call.setting or "")
        if s and s.admin:
            reasons.append(f"{s.title} needs admin rights")
        if s and not s.undoable:
            reasons.append(f"{s.title} cannot be undone")
    return reasons


def commit(
    outcomes: list[Outcome],
    catalog: Catalog,
    backend: Backend,
    journal: Journal,
    *,
    command: str,
    query: str,
    allow: bool = False,
    undo_of: int | None = None,
) -> int | None:
    """Journal, then write every change; on any failure restore what was written and re-raise."""
    todo = _allowed_changes(outcomes, catalog, backend, allow)
    if not todo and undo_of is None:
        return None
    raws = [_snapshot(backend, catalog.settings[o.call.setting], o.target) for o in todo]
    changes = [Change(o.call.setting, o.target, o.old, o.new, raw) for o, raw in zip(todo, raws)]
    txn = journal.begin(command, query, backend.name, changes, undo_of)
    done: list[tuple[Outcome, Any]] = []
    try:
        for seq, (o, raw) in enumerate(zip(todo, raws)):
            with sigint_held():  # a write is whole: Ctrl-C lands after it, and the restore includes it
                done.append((o, raw))  # before the write: a write that fails halfway is re-read and restored too
                _put(backend, catalog.settings[o.call.setting], o.new, o.restore_raw, o.target)
                journal.mark_applied(txn, seq)
    except BaseException as exc:
        _undo_partial(exc, done, txn, catalog, backend, journal)
    journal.finish(txn, "applied")
    return txn


def _allowed_changes(outcomes: list[Outcome], catalog: Catalog, backend: Backend, allow: bool) -> list[Outcome]:
    """The outcomes that change something; Refused when one needs a permission not given, or the backend
    refuses one (machine-wide values without elevation, say)."""
    risky = needs_permission(outcomes, catalog)
    if risky and not allow:
        raise Refused(f"refused: {'; '.join(risky)} (pass --allow-admin to go ahead)")
    todo = [o for o in outcomes if o.status == Effect.CHANGE]
    refusal = getattr(backend, "refusal", None)
    blocked = [r for r in (refusal(catalog.settings[o.call.setting]) for o in todo) if r] if refusal else []
    if blocked:
        raise Refused(f"refused: {'; '.join(blocked)}")
    return todo


def _undo_partial(exc: BaseException, done: list, txn: int, catalog: Catalog, backend: Backend, journal) -> None:
    """After a failed or interrupted write: restore what was written, journal the outcome, and raise (what could
    not be restored stays in the transaction, undoable)."""
    with sigint_held(reraise=False):  # a second Ctrl-C must not stop the restore
        left = _rollback(done, catalog, backend)
        journal.finish(txn, "applied" if left else "rolled_back")  # what is left stays undoable
    if left:
        names = ", ".join(f"{catalog.settings[o.call.setting].title}" for o, _ in left)
        raise BackendError(
            f"stopped ({_why(exc)}); could not restore {names}: transaction {txn} keeps them, undo with: mu undo {txn}"
        ) from exc
    if isinstance(exc, (MuError, KeyboardInterrupt)):
        raise exc
    raise BackendError(f"{backend.name} backend failed: {exc}; nothing was changed") from exc


def _why(exc: BaseException) -> str:
    return "interrupted" if isinstance(exc, KeyboardInterrupt) else str(exc) or type(exc).__name__


def _snapshot(backend: Backend, setting: Setting, target: str | None) -> Any:
    take = getattr(backend, "snapshot", None)
    return take(setting, target) if take else None


def _put(backend: Backend, setting: Setting, value: Any, raw: Any, target: str | None) -> None:
    """Write `value`, or put back the exact stored state `raw` where the backend took one."""
    if raw is not None and getattr(backend, "restore", None):
        backend.restore(setting, raw, target)
    else:
        backend.write(setting, value, target)


def _rollback(done: list[tuple[Outcome, Any]], catalog: Catalog, backend: Backend) -> list[tuple[Outcome, Any]]:
    """Restore every setting that was written or being written, newest first (exactly, from its snapshot), and
    read each back; the ones that are still not their old value."""
    left = []
    for o, raw in reversed(done):
        setting = catalog.settings[o.call.setting]
        try:
            if raw is not None and getattr(backend, "restore", None):
                if backend.snapshot(setting, o.target) != raw:
                    backend.restore(setting, raw, o.target)
                if backend.snapshot(setting, o.target) != raw:
                    left.append((o, raw))
                continue
            if not _same(backend.read(setting, o.target), same_as_written(backend, setting, o.old)):
                backend.write(setting, o.old, o.target)
            if not _same(backend.read(setting, o.target), same_as_written(backend, setting, o.old)):
                left.append((o, raw))
        except Exception:  # keep restoring the others; the journal still holds the old value
            left.append((o, raw))
    return left


def plan_undo(
    txn: Transaction, catalog: Catalog, backend: Backend, force: bool = False, journal: Journal | None = None
) -> list[Outcome]:
    """Outcomes that restore `txn`'s old values (a setting it changed twice goes back to its first old value);
    Conflict if a setting changed since, naming the later mu transaction when mu changed it."""
    first: dict[tuple, Change] = {}  # per setting and device: the earliest change (its old value) ...
    last: dict[tuple, Change] = {}  # ... and the latest (what the transaction left)
    for ch in txn.changes:
        first.setdefault((ch.setting, ch.target), ch)
        last[(ch.setting, ch.target)] = ch
    outcomes, conflicts = [], []
    for key in reversed(list(first)):
        setting = _undoable_setting(txn, first[key], last[key], catalog)
        current = backend.read(setting, key[1])
        conflict = None if force else _conflict(txn, setting, current, first[key], last[key], backend, journal)
        if conflict:
            conflicts.append(conflict)
        else:
            outcomes.append(_restoring(setting, first[key], current, backend))
    if conflicts:
        raise Conflict(f"not undone: {'; '.join(conflicts)} (use --force to restore anyway)")
    return outcomes


def _undoable_setting(txn: Transaction, ch: Change, left: Change, catalog: Catalog) -> Setting:
    setting = catalog.setting(ch.setting)
    if setting is None:
        raise UsageError(f"transaction {txn.id} changed {ch.setting!r}, which is no longer in the catalog")
    if isinstance(ch.old, Unreadable) or isinstance(left.new, Unreadable):
        raise Refused(
            f"transaction {txn.id}: the journal's record of {setting.title} is damaged; set it by "
            "hand (`mu undo --repair` marks it)"
        )
    return setting


def _conflict(txn, setting: Setting, current, ch: Change, left: Change, backend: Backend, journal) -> str | None:
    """Why the setting cannot be restored without --force (it changed since), or None."""
    if _same(current, same_as_written(backend, setting, left.new)) or _same(current, ch.old):
        return None
    later = _later_writer(journal, txn, (ch.setting, ch.target)) if journal else None
    by = f"mu transaction {later} changed it since (undo that first)" if later else "changed outside mu since"
    return f"{setting.title} is now {setting.format_value(current)}, mu set {setting.format_value(left.new)}: {by}"


def _restoring(setting: Setting, ch: Change, current, backend: Backend) -> Outcome:
    """The outcome that puts `ch`'s old value back (exactly, from its snapshot, where the backend took one)."""
    exact = ch.old_raw if ch.old_raw is not None and not isinstance(ch.old_raw, Unreadable) else None
    same = _snapshot(backend, setting, ch.target) == exact if exact is not None else _same(current, ch.old)
    call = Call("set", setting.id, value=ch.old, target=ch.target)
    return Outcome(
        call,
        setting.title,
        setting.page,
        current,
        ch.old,
        Effect.UNCHANGED if same else Effect.CHANGE,
        ch.target,
        setting.format_value(current),
        setting.format_value(ch.old),
        restore_raw=exact,
    )


def _later_writer(journal: Journal, txn: Transaction, key: tuple) -> int | None:
    """The newest applied mu transaction after `txn` that changed this setting on this device."""
    for t in journal.history(200):
        if (
            t.id > txn.id
            and t.status in ("applied", "applying")
            and any((c.setting, c.target) == key for c in t.changes)
        ):
            return t.id
    return None


def find_undo_target(journal: Journal, txn_id: int | None) -> Transaction:
    if txn_id is None:
        txn = journal.last_undoable()
        if txn is None:
            raise UsageError("nothing to undo")
        return txn
    txn = journal.get(txn_id) if 0 < txn_id < 2**63 else None
    if txn is None:
        raise UsageError(f"no transaction {txn_id} in the journal (see `mu undo --list`)")
    if txn.status == "undone":
        raise UsageError(f"transaction {txn_id} was already undone")
    if txn.status == "rolled_back":
        raise UsageError(f"transaction {txn_id} was rolled back; nothing to undo")
    if txn.status == "damaged":
        raise Refused(f"transaction {txn_id} is damaged in the journal; set its settings by hand")
    return txn


BackendFactory = Callable[[str], Backend]
