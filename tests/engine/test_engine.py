"""The Engine on its own: which route answers, how a plan is decided, and how a picked candidate becomes a call
(the tiny model of tests/helpers_model.py, trained for tests/data/model_catalog.yaml)."""

from dataclasses import replace

import pytest

from mu_cli.calls import Candidate, Plan, Route, Status
from mu_cli.engine import Engine
from mu_cli.errors import UsageError
from mu_cli.runtime import ModelRuntime


@pytest.fixture(scope="module")
def engine(tiny, tiny_catalog):
    return Engine(tiny_catalog, runtime=ModelRuntime(tiny, tiny_catalog))


def test_a_given_runtime_answers_and_is_never_replaced(engine, tiny_catalog):
    plan = engine.plan("turn wifi off")
    assert plan.status == Status.OK and plan.route == Route.MODEL
    assert [(c.action, c.setting, c.value) for c in plan.calls] == [("set", "network.wifi", False)]
    assert engine.runtime is engine.runtime and engine.notice == ""


def test_without_a_model_the_lexical_search_answers(tiny_catalog):
    plan = Engine(tiny_catalog, use_model=False).plan("wifi settings")
    assert plan.route == Route.SEARCH and plan.status in (Status.OK, Status.AMBIGUOUS)


def test_a_missing_model_is_a_notice_and_the_search_route(tiny_catalog, tmp_path):
    engine = Engine(tiny_catalog, model_dir=tmp_path / "none")
    assert engine.runtime is None and "no trained model" in engine.notice
    assert engine.plan("mute").route == Route.SEARCH


def test_a_model_for_another_catalog_is_a_notice_not_a_crash(tiny, catalog):
    engine = Engine(catalog, model_dir=tiny)  # the tiny model against the shipped catalog
    assert engine.runtime is None and "trained for another catalog" in engine.notice


@pytest.mark.parametrize("request_text", ["", "   ", "x" * 5000, "bad\x00byte"])
def test_requests_that_are_not_text_are_usage_errors(engine, request_text):
    with pytest.raises(UsageError):
        engine.plan(request_text)


def test_gibberish_is_not_understood_without_candidates(engine):
    plan = engine.plan("xqzv plugh")
    assert plan.status == Status.NOT_UNDERSTOOD and plan.calls == () and plan.candidates == ()
    assert plan.to_json()["status"] == "not_understood"  # the contract's string


def test_a_picked_candidate_is_a_call_on_the_chosen_route(engine):
    plan = Plan(
        "brightness",
        (),
        0.2,
        Status.AMBIGUOUS,
        (Candidate("display.brightness", None, "Brightness", 0.5), Candidate(None, "wifi", "Wi-Fi", 0.3)),
        Route.MODEL,
    )
    setting = engine.choose(plan, 1)
    assert setting.status == Status.OK and setting.route == Route.MODEL_CHOICE and setting.candidates == ()
    assert [c.setting for c in setting.calls] == ["display.brightness"]
    page = engine.choose(replace(plan, route=Route.SEARCH), 2)
    assert [(c.action, c.page) for c in page.calls] == [("open", "wifi")] and page.route == Route.SEARCH_CHOICE


def test_the_model_load_is_timed_apart_from_the_request(tiny, tiny_catalog):
    engine = Engine(tiny_catalog, model_dir=tiny)
    first, second = engine.plan("turn wifi off"), engine.plan("turn wifi on")
    assert "model_load" in first.timings_ms and "model_load" not in second.timings_ms
    assert first.timings_ms["model_load"] > first.timings_ms["total"] > 0


def test_the_search_index_is_cached_per_catalog_and_rebuilt_when_damaged(tiny_catalog, monkeypatch, tmp_path):
    from mu_cli.search import SearchIndex

    monkeypatch.setenv("MU_CACHE", str(tmp_path / "cache"))
    keys = [("setting", "network.wifi"), ("setting", "display.brightness")]
    built = SearchIndex.of(tiny_catalog)
    [cached] = (tmp_path / "cache").glob("search-*.pickle")
    loaded = SearchIndex.of(tiny_catalog)
    assert loaded is not built and loaded.scores("turn the wifi off", keys) == built.scores("turn the wifi off", keys)
    assert built.scores("turn the wifi off", keys)[("setting", "network.wifi")] > 0
    # the scores of a few targets are what the whole search ranks by
    whole = {(h.kind, h.id): h.score for h in built.search("turn the wifi off", limit=100)}
    assert built.scores("turn the wifi off", keys) == {k: whole.get(k, 0.0) for k in keys}
    cached.write_bytes(b"not a pickle")
    again = SearchIndex.of(tiny_catalog)
    assert again.scores("wifi", keys) == built.scores("wifi", keys)
    assert cached.read_bytes() != b"not a pickle"
