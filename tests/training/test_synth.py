"""The training-data synthesiser: every label is a valid call for the catalog and can be read off the text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mu_cli.calls import Call, has_default
from mu_cli.catalog import KIND_ACTIONS, Catalog
from mu_cli.grammar import EOS, CallGrammar, call_to_tokens, functional_tokens, tokens_to_calls
from mu_cli.training.synth import find_duration, generate, num_words, word_numbers, write_jsonl

CATALOG = Path(__file__).resolve().parents[1] / "data" / "synth_catalog.yaml"
N = 6000


@pytest.fixture(scope="module")
def synth_catalog() -> Catalog:
    return Catalog.from_yaml(CATALOG)


@pytest.fixture(scope="module")
def data(synth_catalog):
    stats: dict = {}
    train, val = generate(synth_catalog, seed=7, n=N, stats=stats)
    return train, val, stats


def _digits_in_text(digits: str, text: str) -> bool:
    """A digit value must be copied from the text: as digits, or as a number written in words."""
    t = text.lower()
    if re.search(rf"(?<!\d){digits}(?!\d)", t):
        return True
    n = int(digits)
    if n in word_numbers(t):
        return True
    if n == 1 and re.search(r"\b(an?|one)\b", t):
        return True
    return (n == 30 and "half" in t and "hour" in t) or (n == 2 and "couple" in t)


def _check_call(call: dict, text: str, cat: Catalog) -> None:
    action = call["action"]
    if action == "open":
        assert call["page"] in cat.pages
        assert set(call) == {"action", "page"}
        return
    s = cat.settings[call["setting"]]
    assert action in KIND_ACTIONS[s.kind], (action, s.id)
    if action in ("toggle", "get"):
        assert call.get("value") is None
        return
    v = call["value"]
    if v == "default":  # "reset it": the grammar's <default>, only where the catalog has one
        assert action == "set" and has_default(s), (s.id, text)
        return
    if action in ("increase", "decrease"):
        if v is None:
            return
        if s.kind == "duration":
            assert isinstance(v, list) and v[1] in ("s", "min", "h") and _digits_in_text(v[0], text), (v, text)
        else:
            assert isinstance(v, str) and v.isdigit() and _digits_in_text(v, text), (v, text)
        return
    if s.kind == "toggle":
        assert isinstance(v, bool)
    elif s.kind == "choice":
        assert v in s.choice_ids, (v, s.id)
    elif s.kind == "text":
        assert isinstance(v, str) and v and f" {v} " in f"{text} ", (v, text)  # copied between spaces
    elif s.kind == "range":
        assert v in ("max", "min", "half") or (v.isdigit() and _digits_in_text(v, text)), (v, text)
        if v.isdigit():
            assert s.min <= int(v) <= s.max
    else:
        assert v in ("never", "max", "min") or (
            isinstance(v, list) and v[1] in ("s", "min", "h") and _digits_in_text(v[0], text)
        ), (v, text)


def _grammar_accepts(rec: dict, cat: Catalog) -> None:
    """The calls, as tokens, are accepted by the constrained-decoding grammar and decode back to calls."""
    words = rec["text"].split()
    vocab = {t: i for i, t in enumerate(functional_tokens(cat))}
    for w in words:
        vocab.setdefault(w, len(vocab))
    grammar = CallGrammar(cat, vocab)
    source = [vocab[w] for w in words]
    tokens: list[str] = []
    for c in rec["calls"]:
        call = Call(c["action"], c.get("setting"), c.get("page"), c.get("value"))
        text_tokens = (
            c["value"].split()
            if c.get("setting") and cat.settings[c["setting"]].kind == "text" and c["action"] == "set"
            else ()
        )
        tokens += call_to_tokens(call, cat, text_tokens)
    tokens.append(EOS)
    st = grammar.start()
    for tok in tokens:
        assert vocab[tok] in grammar.allowed(st, source), (rec, tok, tokens)
        if tok == EOS:
            break
        st = grammar.advance(st, vocab[tok])
    assert len(tokens_to_calls(tokens, cat)) == len(rec["calls"]), rec


def test_every_call_is_valid_for_the_catalog(data, synth_catalog):
    train, val, _ = data
    for rec in train + val:
        assert set(rec) == {"text", "calls", "family"}
        assert rec["text"] == rec["text"].strip() and rec["text"]
        for call in rec["calls"]:
            _check_call(call, rec["text"], synth_catalog)


def test_grammar_accepts_every_label(data, synth_catalog):
    train, val, _ = data
    for rec in (train + val)[::7]:
        _grammar_accepts(rec, synth_catalog)


def test_counts_shares_and_dedupe(data):
    train, val, stats = data
    records = train + val
    assert len(records) == N == stats["total"]
    assert len({r["text"] for r in records}) == len(records)
    nocall = sum(not r["calls"] for r in records) / len(records)
    multi = sum(len(r["calls"]) > 1 for r in records) / len(records)
    assert nocall >= 0.10
    assert 0.05 <= multi <= 0.3
    assert stats["typo"] / len(records) > 0.05
    assert stats["long"] > 0 and stats["question"] > 0


def test_every_setting_action_and_page_appears_in_train(data, synth_catalog):
    train, _, _ = data
    seen_actions = {(c["setting"], c["action"]) for r in train for c in r["calls"] if "setting" in c}
    for s in synth_catalog.settings.values():
        for action in s.actions:
            assert (s.id, action) in seen_actions, (s.id, action)
    pages = {c["page"] for r in train for c in r["calls"] if c["action"] == "open"}
    assert pages == set(synth_catalog.pages)


def test_deterministic_for_a_seed(synth_catalog):
    a = generate(synth_catalog, seed=3, n=800)
    b = generate(synth_catalog, seed=3, n=800)
    c = generate(synth_catalog, seed=4, n=800)
    assert a == b
    assert a != c


def test_val_families_are_held_out(data):
    train, val, _ = data
    assert val and len(val) < len(train)
    train_fams = {r["family"] for r in train}
    val_fams = {r["family"] for r in val}
    assert not train_fams & val_fams
    # whole template frames are held out, and some names or problems
    assert any("#" in f and not f.startswith(("problem:", "task:", "join.")) for f in val_fams)
    assert any(f.startswith(("alias:", "palias:", "problem:")) for f in val_fams)


def test_split_is_the_same_for_every_seed(synth_catalog):
    _, v1 = generate(synth_catalog, seed=1, n=1500)
    _, v2 = generate(synth_catalog, seed=2, n=1500)
    t1, _ = generate(synth_catalog, seed=1, n=1500)
    assert not {r["family"] for r in v2} & {r["family"] for r in t1}
    assert {r["family"] for r in v1} & {r["family"] for r in v2}


def test_model_form_examples(data):
    """Spot checks of the conventions the evaluation is labelled with."""
    train, val, _ = data
    by_text = {r["text"]: r["calls"] for r in train + val}
    for text, calls in by_text.items():
        low = text.lower()
        if re.fullmatch(r"(turn|switch) on (the |my )?wi-?fi", low):
            assert calls == [{"action": "set", "setting": "network.wifi", "value": True}]
        if re.fullmatch(r"is (the |my )?wi-?fi on\??", low):
            assert calls == [{"action": "get", "setting": "network.wifi"}]
    durations = [
        c["value"]
        for r in train + val
        for c in r["calls"]
        if c.get("setting") == "power.screen_timeout" and c["action"] == "set"
    ]
    assert "never" in durations and any(isinstance(d, list) and d[1] == "min" for d in durations)
    nulls = [c for r in train + val for c in r["calls"] if c["action"] == "increase" and c["value"] is None]
    amounts = [c for r in train + val for c in r["calls"] if c["action"] == "increase" and c["value"]]
    assert nulls and amounts


def test_helpers(tmp_path):
    assert num_words(75) == "seventy-five" and num_words(100) == "one hundred" and num_words(7) == "seven"
    assert 70 in word_numbers("set it to seventy please")
    assert find_duration("stay on for 20 minutes", 1200) == ["20", "min"]
    assert find_duration("half an hour", 1800) == ["30", "min"]
    assert find_duration("an hour", 3600) == ["1", "h"]
    assert find_duration("5 min", 60) is None
    out = tmp_path / "x.jsonl"
    write_jsonl(out, [{"text": "a", "calls": [], "family": "f"}])
    assert out.read_text() == '{"text": "a", "calls": [], "family": "f"}\n'
