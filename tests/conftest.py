"""Every test gets its own user data dir and the sandbox backend unless it asks for another."""
from __future__ import annotations

import pytest


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
