"""mu_cli.bench.scoring: the shared scorer's rules, a hand-checked gold file, and mu's own eval set."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from mu_cli.bench.scoring import (
    GoldRow,
    answer_matches,
    call_matches,
    dev_file,
    load_gold,
    same_target,
    score,
    synthetic_gold,
    value_matches,
)

DATA = Path(__file__).resolve().parents[1] / "data"
ROOT = Path(__file__).resolve().parents[2]
SMALL, SMALL_PRED = DATA / "eval_small.jsonl", DATA / "eval_small.pred.jsonl"
SHARED_SCORER = ROOT.parent / "shared" / "eval" / "score.py"


def _preds(path: Path = SMALL_PRED) -> list[list[dict]]:
    return [json.loads(line)["calls"] for line in path.read_text().splitlines() if line.strip()]


def test_small_eval_file_scores_as_computed_by_hand():
    """12 rows, one unscored. Exact hits: rows 1, 2 (null amount = any), 4 (order free), 7 ("*"), 8 (case and
    blanks), 11 (any of [300, 600]), 12 ("any" action) = 7/11. Target adds row 3 (0 is not false) and row 9
    (amount 10, not 20) = 9/11. Rows 5 (a call where none belongs) and 6 (wrong page) miss both."""
    s = score(load_gold(SMALL), _preds()).to_json()
    assert (s["n"], s["exact"], s["target"]) == (11, round(7 / 11, 4), round(9 / 11, 4))
    expected = {
        "single": (8, 6, 7),
        "value": (5, 4, 5),
        "relative": (2, 1, 2),
        "short": (2, 1, 2),
        "multi": (2, 1, 2),
        "no_call": (1, 0, 0),
        "open": (1, 0, 0),
    }
    got = {tag: (t["n"], round(t["exact"] * t["n"]), round(t["target"] * t["n"])) for tag, t in s["tags"].items()}
    assert got == expected


@pytest.mark.skipif(not SHARED_SCORER.exists(), reason="the shared scorer is not beside this checkout")
def test_same_numbers_as_the_shared_scorer(capsys):
    spec = importlib.util.spec_from_file_location("shared_score", SHARED_SCORER)
    ref = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(ref)
    rows, preds = load_gold(SMALL), _preds()
    for row, calls in zip(rows, preds):
        if not row.scored:
            continue
        for answer in row.expect:
            assert answer_matches(answer, calls, call_matches) == ref.set_matches(answer, calls, ref.call_matches)
            assert answer_matches(answer, calls, same_target) == ref.set_matches(answer, calls, ref.targets_match)
    import sys

    argv, sys.argv = sys.argv, ["score.py", str(SMALL), str(SMALL_PRED), "--json", "--by-tag"]
    try:
        ref.main()
    finally:
        sys.argv = argv
    theirs = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    ours = score(rows, preds).to_json()
    assert (ours["n"], ours["exact"], ours["target"]) == (
        theirs["n"],
        round(theirs["exact"], 4),
        round(theirs["target"], 4),
    )
    assert {k: v["n"] for k, v in ours["tags"].items()} == {k: v["n"] for k, v in theirs["tags"].items()}


@pytest.mark.parametrize(
    "action, gold, pred, ok",
    [
        ("set", True, True, True),
        ("set", False, 0, False),
        ("set", 1, True, False),  # booleans are not numbers
        ("set", 40, 40.0, True),
        ("set", 40, "40", True),
        ("set", 40, None, False),
        ("set", "*", None, True),
        ("set", [300, 600], 600, True),
        ("set", ["dusk", "desert"], "aquatic", False),
        ("set", "Dark", "dark ", True),
        ("set", "New_York", " new-york", True),
        ("set", "a/b", "a b", False),
        ("increase", None, 15, True),
        ("set", None, 15, False),
        ("set", None, None, True),
        ("any", None, 3, True),
    ],
)
def test_value_rules(action, gold, pred, ok):
    assert value_matches(action, gold, pred) is ok


def test_targets_actions_and_counts():
    page = {"action": "open", "page": "wifi"}
    assert call_matches(page, {"action": "open", "page": "wifi"})
    assert not same_target(page, {"action": "set", "setting": "network.wifi", "value": True})
    assert call_matches({"action": "any", "setting": "sound.volume"}, {"action": "get", "setting": "sound.volume"})
    assert not call_matches(
        {"action": "get", "setting": "sound.volume"}, {"action": "set", "setting": "sound.volume", "value": 3}
    )
    two = [{"action": "set", "setting": "a", "value": 1}, {"action": "set", "setting": "b", "value": 2}]
    assert answer_matches(two, two[::-1], call_matches)
    assert not answer_matches(two, two + two[:1], call_matches)  # one call too many
    assert answer_matches([], [], call_matches) and not answer_matches([], two[:1], same_target)


def test_unscored_rows_and_length_mismatch():
    rows = [GoldRow("x", [["__unscored__"]], ("no_call",)), GoldRow("y", [[]], ("no_call",))]
    assert score(rows, [[{"action": "open", "page": "p"}], []]).to_json()["n"] == 1
    with pytest.raises(ValueError):
        score(rows, [[]])


def test_malformed_gold_names_the_line(tmp_path):
    from mu_cli.errors import UsageError

    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "a", "expect": [[]]}\n{"text": "b"}\n')
    with pytest.raises(UsageError, match=r"bad.jsonl:2"):
        load_gold(bad)


def test_synthetic_records_become_contract_calls(catalog):
    recs = [
        {"text": "a", "calls": [{"action": "set", "setting": "power.screen_timeout", "value": ["5", "min"]}]},
        {"text": "b", "calls": [{"action": "set", "setting": "display.brightness", "value": "max"}]},
        {
            "text": "c",
            "calls": [
                {"action": "increase", "setting": "sound.volume", "value": None},
                {"action": "open", "page": "display"},
            ],
        },
        {"text": "d", "calls": []},
        {"text": "e", "calls": [{"action": "set", "setting": "display.brightness", "value": "loud"}]},
    ]
    rows = synthetic_gold(recs, catalog)
    assert [r.text for r in rows] == ["a", "b", "c", "d"]  # a value the normaliser refuses drops the record
    assert rows[0].expect == [[{"action": "set", "setting": "power.screen_timeout", "value": 300}]]
    assert rows[1].expect[0][0]["value"] == 100 and rows[2].tags == ("multi",) and rows[3].expect == [[]]


# ------------------------------------------------------------------ mu's own eval set
def test_shipped_eval_set_is_well_formed(catalog):
    from mu_cli.calls import normalize_value
    from mu_cli.paths import eval_file

    rows = load_gold(eval_file())
    assert len(rows) >= 120 and len({r.text for r in rows}) == len(rows)
    tags = {t for r in rows for t in r.tags}
    assert tags == {
        "single",
        "multi",
        "value",
        "relative",
        "indirect",
        "question",
        "open",
        "no_call",
        "typo",
        "short",
        "long",
    }
    for r in rows:
        first, words = r.expect[0], len(r.text.split())
        derived = {
            "single": len(first) == 1,
            "multi": len(first) > 1,
            "no_call": not first,
            "short": words <= 2,
            "long": words >= 20,
            "open": bool(first) and all(c["action"] == "open" for c in first),
        }
        assert {t for t, on in derived.items() if on} == set(r.tags) & set(derived), r.text
        for call in (c for answer in r.expect for c in answer):
            if call["action"] == "open":
                assert call["page"] in catalog.pages, r.text
                continue
            setting = catalog.settings[call["setting"]]
            if call["action"] == "any" or call.get("value") in (None, "*"):
                continue
            for v in call["value"] if isinstance(call["value"], list) else [call["value"]]:
                assert normalize_value(setting, call["action"], v) == v, r.text


def test_dev_file_is_found_beside_a_checkout_or_absent():
    path = dev_file()
    assert path is None or path.name == "dev.jsonl"
