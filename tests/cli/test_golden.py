"""Golden tests: the shipped model on requests whose answers were checked by hand.

They run the real weights in model/ (the engine tests use a tiny generated model instead). Only answers
checked to be right are kept here; a retrained model that changes one of them must be looked at, and the
golden file updated on purpose.
"""

import json
from pathlib import Path

import pytest

from mu_cli.catalog import Catalog

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "model_requests.jsonl"


@pytest.fixture(scope="module")
def engine(shipped_engine):
    return shipped_engine


def _cases():
    return [json.loads(line) for line in GOLDEN.read_text().splitlines() if line.strip()]


@pytest.fixture(autouse=True)
def shipped_model(monkeypatch):
    monkeypatch.delenv("MU_MODEL", raising=False)


@pytest.mark.parametrize("case", _cases(), ids=lambda c: c["text"][:40])
def test_shipped_model_answers(engine, case):
    plan = engine.plan(case["text"])
    got = [{k: v for k, v in c.to_json().items() if k != "confidence"} for c in plan.calls]
    key = lambda c: json.dumps(c, sort_keys=True)  # noqa: E731 - order of calls is free
    assert sorted(map(key, got)) == sorted(map(key, case["calls"]))


def test_up_to_a_value_is_a_set():
    """The model's increase with an amount becomes a set when the request says "to" that amount."""
    from mu_cli.calls import Call
    from mu_cli.settle import settle_relative

    cat = Catalog.load()
    up = Call("increase", "sound.microphone_volume", value=90)
    assert settle_relative("turn the mic volume up to 90", [up], cat)[0].action == "set"
    assert settle_relative("turn the mic volume up by 90", [up], cat)[0].action == "increase"
    assert settle_relative("raise mic volume 90", [up], cat)[0].action == "increase"
    down = Call("decrease", "display.brightness", value=20)
    assert settle_relative("dim the screen down to 20%", [down], cat)[0] == Call("set", "display.brightness", value=20)
    assert settle_relative("dim the screen by 20% down to 20", [down], cat)[0].action == "decrease"
