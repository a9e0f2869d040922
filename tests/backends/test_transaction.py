import multiprocessing
import random

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from mu_cli.backends.sandbox import SandboxBackend
from mu_cli.calls import Call
from mu_cli.errors import BackendError, Conflict, Refused
from mu_cli.journal import Journal
from mu_cli.transaction import commit, find_undo_target, plan_undo, prepare

# three settings of three kinds, written in this order
THREE = (
    Call("set", "display.brightness", value=10),
    Call("set", "network.wifi", value=False),
    Call("set", "personalization.color_mode", value="dark"),
)


def _value_for(s, rnd: random.Random):
    if s.kind == "toggle":
        return rnd.random() < 0.5
    if s.kind == "range":
        steps = int((s.max - s.min) / s.step)
        v = s.min + rnd.randint(0, steps) * s.step
        return int(v) if float(v).is_integer() else v
    if s.kind == "duration":
        return rnd.choice(s.allowed) if s.allowed else rnd.choice([0, 60, 300, 900, 3600])
    if s.kind == "choice":
        return rnd.choice(s.choice_ids)
    return rnd.choice(["Europe/Berlin", "French", 'it\'s "quoted" $HOME'])


def _snapshot(backend, catalog, ids):
    return {i: backend.read(catalog.settings[i]) for i in ids}


@hsettings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10_000), n=st.integers(1, 8))
def test_apply_then_undo_restores_every_value(tmp_path_factory, catalog, seed, n):
    rnd = random.Random(seed)
    d = tmp_path_factory.mktemp("prop")
    backend, journal = SandboxBackend(d / "state.json"), Journal(d / "j.sqlite3")
    ids = rnd.sample(sorted(catalog.settings), n)
    before = _snapshot(backend, catalog, ids)
    calls = [Call("set", i, value=_value_for(catalog.settings[i], rnd)) for i in ids]
    txn = commit(prepare(calls, catalog, backend), catalog, backend, journal, command="t", query="q", allow=True)
    assert {c.setting: backend.read(catalog.settings[c.setting]) for c in calls} == {c.setting: c.value for c in calls}
    if txn is None:  # every value was already what was asked
        return
    undo = plan_undo(find_undo_target(journal, None), catalog, backend)
    commit(undo, catalog, backend, journal, command="undo", query="u", allow=True, undo_of=txn)
    assert _snapshot(backend, catalog, ids) == before
    assert journal.get(txn).status == "undone"


class FailingBackend(SandboxBackend):
    """The real sandbox, with a fault injected at the n-th write."""

    def __init__(self, path, fail_at, exc):
        super().__init__(path)
        self.writes, self.fail_at, self.exc = 0, fail_at, exc

    def write(self, setting, value, target=None):
        self.writes += 1
        if self.writes == self.fail_at:
            raise self.exc
        super().write(setting, value, target)


@pytest.mark.parametrize("exc", [BackendError("disk on fire"), KeyboardInterrupt(), RuntimeError("boom")])
def test_failure_midway_restores_everything(tmp_path, catalog, exc):
    backend = FailingBackend(tmp_path / "s.json", fail_at=3, exc=exc)
    journal = Journal(tmp_path / "j.sqlite3")
    calls = list(THREE)
    before = _snapshot(backend, catalog, [c.setting for c in calls])
    with pytest.raises((BackendError, KeyboardInterrupt)):
        commit(prepare(calls, catalog, backend), catalog, backend, journal, command="t", query="q", allow=True)
    assert _snapshot(backend, catalog, [c.setting for c in calls]) == before
    assert journal.history()[0].status == "rolled_back"
    with pytest.raises(Exception, match="nothing to undo"):
        find_undo_target(journal, None)


def test_undo_reports_conflicts_and_force_overrides(tmp_path, catalog):
    backend, journal = SandboxBackend(tmp_path / "s.json"), Journal(tmp_path / "j.sqlite3")
    s = catalog.settings["display.brightness"]
    commit(
        prepare([Call("set", s.id, value=30)], catalog, backend),
        catalog,
        backend,
        journal,
        command="t",
        query="q",
        allow=True,
    )
    backend.write(s, 77)  # changed outside mu
    txn = find_undo_target(journal, None)
    with pytest.raises(Conflict, match="changed outside mu"):
        plan_undo(txn, catalog, backend)
    assert backend.read(s) == 77
    outcomes = plan_undo(txn, catalog, backend, force=True)
    commit(outcomes, catalog, backend, journal, command="undo", query="u", allow=True, undo_of=txn.id)
    assert backend.read(s) == s.default


def test_risky_changes_need_permission(tmp_path, catalog):
    backend, journal = SandboxBackend(tmp_path / "s.json"), Journal(tmp_path / "j.sqlite3")
    admin = next(s for s in catalog.settings.values() if s.admin and s.kind == "toggle")
    outcomes = prepare([Call("set", admin.id, value=not admin.default)], catalog, backend)
    with pytest.raises(Refused):
        commit(outcomes, catalog, backend, journal, command="t", query="q")
    assert backend.read(admin) == admin.default and journal.history() == []


def _worker(args):
    home, i = args
    from mu_cli.catalog import Catalog

    cat = Catalog.load()
    backend, journal = SandboxBackend(home / "s.json"), Journal(home / "j.sqlite3")
    for k in range(10):
        calls = [Call("set", "sound.volume", value=(i * 10 + k) % 101)]
        commit(prepare(calls, cat, backend), cat, backend, journal, command="t", query=f"{i}-{k}", allow=True)
    return True


def test_concurrent_processes_keep_the_journal_intact(tmp_path):
    with multiprocessing.get_context("spawn").Pool(3) as pool:
        assert all(pool.map(_worker, [(tmp_path, i) for i in range(3)]))
    journal = Journal(tmp_path / "j.sqlite3")
    history = journal.history(100)
    assert len(history) >= 20 and all(t.status == "applied" for t in history)
    assert journal.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


class LateBackend(SandboxBackend):
    """The sandbox, interrupted just after the n-th write landed (a child that finished after Ctrl-C)."""

    def __init__(self, path, at):
        super().__init__(path)
        self.writes, self.at = 0, at

    def write(self, setting, value, target=None):
        super().write(setting, value, target)
        self.writes += 1
        if self.writes == self.at:
            raise KeyboardInterrupt


def test_a_write_that_lands_as_ctrl_c_arrives_is_restored_too(tmp_path, catalog):
    backend = LateBackend(tmp_path / "s.json", at=2)
    journal = Journal(tmp_path / "j.sqlite3")
    calls = list(THREE)
    before = _snapshot(backend, catalog, [c.setting for c in calls])
    with pytest.raises(KeyboardInterrupt):
        commit(prepare(calls, catalog, backend), catalog, backend, journal, command="t", query="q", allow=True)
    assert _snapshot(backend, catalog, [c.setting for c in calls]) == before
    assert journal.history()[0].status == "rolled_back"


class StuckBackend(SandboxBackend):
    """The sandbox, whose restore of one setting fails: what is left must stay undoable."""

    def __init__(self, path):
        super().__init__(path)
        self.writes = 0

    def write(self, setting, value, target=None):
        self.writes += 1
        if self.writes == 2:
            super().write(setting, value, target)
            raise BackendError("lost the bus")
        if self.writes > 2 and setting.id == "network.wifi":
            raise BackendError("still no bus")
        super().write(setting, value, target)


def test_what_a_failed_restore_leaves_is_named_and_undoable(tmp_path, catalog):
    backend = StuckBackend(tmp_path / "s.json")
    journal = Journal(tmp_path / "j.sqlite3")
    calls = [Call("set", "display.brightness", value=10), Call("set", "network.wifi", value=False)]
    with pytest.raises(BackendError, match="could not restore Wi-Fi"):
        commit(prepare(calls, catalog, backend), catalog, backend, journal, command="t", query="q", allow=True)
    assert find_undo_target(journal, None).id == journal.history()[0].id
