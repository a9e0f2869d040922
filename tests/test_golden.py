"""Golden tests: the shipped model on requests whose answers were checked by hand.

They run the real weights in model/ (the engine tests use a tiny generated model instead). Only answers
checked to be right are kept here; a retrained model that changes one of them must be looked at, and the
golden file updated on purpose.
"""
import json
from pathlib import Path

import pytest

from mu_cli.catalog import Catalog
from mu_cli.engine import Engine
from mu_cli.paths import model_dir

GOLDEN = Path(__file__).parent / "golden" / "model_requests.jsonl"


@pytest.fixture(scope="module")
def engine():
    directory = model_dir()
    if not (directory / "model.json").is_file():
        pytest.skip("no shipped model in model/")
    eng = Engine(Catalog.load(), directory)
    if eng.runtime is None:
        pytest.fail(f"shipped model does not load: {eng.notice}")
    return eng


def _cases():
    return [json.loads(line) for line in GOLDEN.read_text().splitlines() if line.strip()]


@pytest.fixture(autouse=True)
def shipped_model(monkeypatch):
    monkeypatch.delenv("MU_MODEL", raising=False)


@pytest.mark.parametrize("case", _cases(), ids=lambda c: c["text"][:40])
def test_shipped_model_answers(engine, case):
    plan = engine.plan(case["text"])
    got = [c.to_json() for c in plan.calls]
    key = lambda c: json.dumps(c, sort_keys=True)  # noqa: E731 - order of calls is free
    assert sorted(map(key, got)) == sorted(map(key, case["calls"]))
