"""Every test gets its own user data dir and the sandbox backend unless it asks for another."""
from __future__ import annotations

import os
import tempfile

import pytest


def pytest_configure(config):
    # Before any fixture: what session-wide fixtures cache or write goes to a scratch dir, never the
    # user's real data and cache dirs (each test then gets its own MU_HOME below).
    scratch = tempfile.mkdtemp(prefix="mu-tests-")
    os.environ["MU_HOME"] = os.path.join(scratch, "mu-home")
    os.environ["XDG_CACHE_HOME"] = os.path.join(scratch, "cache")
    os.environ["XDG_DATA_HOME"] = os.path.join(scratch, "data")


@pytest.fixture(autouse=True)
def mu_home(tmp_path, monkeypatch):
    home = tmp_path / "mu-home"
    monkeypatch.setenv("MU_HOME", str(home))
    monkeypatch.setenv("MU_BACKEND", "sandbox")
    monkeypatch.delenv("MU_CATALOG", raising=False)
    # engine/CLI tests must not depend on the shipped weights: the golden tests opt back in
    monkeypatch.setenv("MU_MODEL", str(tmp_path / "no-model"))
    monkeypatch.setenv("NO_COLOR", "1")
    return home


@pytest.fixture(scope="session")
def catalog():
    from mu_cli.catalog import Catalog

    return Catalog.load()


@pytest.fixture(scope="session")
def shipped_engine():
    """The engine on the shipped weights in model/ (the engine tests use a tiny generated model instead)."""
    from mu_cli.engine import Engine
    from mu_cli.paths import model_dir

    directory = model_dir()
    if not (directory / "model.json").is_file():
        pytest.skip("no shipped model in model/")
    from mu_cli.catalog import Catalog

    eng = Engine(Catalog.load(), directory)
    if eng.runtime is None:
        pytest.fail(f"shipped model does not load: {eng.notice}")
    return eng
