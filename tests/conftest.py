"""Every test gets its own user data dir and the sandbox backend unless it asks for another; the catalogs and
the tiny model every folder shares are made once per session."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))  # helpers_model, linux_env: for every test folder


def pytest_configure(config):
    # Before any fixture: what session-wide fixtures cache or write goes to a scratch dir, never the
    # user's real data and cache dirs (each test then gets its own MU_HOME below).
    scratch = tempfile.mkdtemp(prefix="mu-tests-")
    config._mu_scratch = scratch
    os.environ["MU_HOME"] = os.path.join(scratch, "mu-home")
    # one cache for the session: a catalog is compiled, a graph optimised, once (tests of the cache itself
    # drop MU_CACHE to get one of their own under MU_HOME)
    os.environ["MU_CACHE"] = os.path.join(scratch, "mu-cache")
    os.environ["XDG_CACHE_HOME"] = os.path.join(scratch, "cache")
    os.environ["XDG_DATA_HOME"] = os.path.join(scratch, "data")


def pytest_unconfigure(config):
    # the session's scratch dir (its compiled catalogs and optimised graphs, ~16 MB) goes with the session
    scratch = getattr(config, "_mu_scratch", None)
    if scratch:
        shutil.rmtree(scratch, ignore_errors=True)


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
    """The shipped catalog."""
    from mu_cli.catalog import Catalog

    return Catalog.load()


@pytest.fixture(scope="session")
def tiny_catalog():
    """The six-setting catalog the tiny model is trained for (tests/data/model_catalog.yaml)."""
    from mu_cli.catalog import Catalog

    from helpers_model import CATALOG

    return Catalog.from_yaml(CATALOG)


@pytest.fixture(scope="session")
def tiny(tmp_path_factory) -> Path:
    """The tiny model's directory (tests/helpers_model.py): trained once per session, a few seconds, and shared
    by every test that runs a model without the shipped weights."""
    from helpers_model import build_tiny_model

    out = tmp_path_factory.getbasetemp() / "tiny" / "model"
    if not (out / "model.json").exists():
        build_tiny_model(out, work_dir=out.parent / "work")
    return out


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
