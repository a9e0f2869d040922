"""What the engine does with what people really type, on the shipped model: gibberish and chit-chat are not
understood (never a picker, never a write), copied values are whole spans of the request, a call the request's
words do not support is dropped, and every call carries its own confidence."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mu_cli.calls import Call
from mu_cli.catalog import Catalog
from mu_cli.runtime import whole_span
from mu_cli.support import Support, words


@pytest.fixture(autouse=True)
def shipped_model(monkeypatch):
    monkeypatch.delenv("MU_MODEL", raising=False)


@pytest.fixture(scope="module")
def engine(shipped_engine):
    return shipped_engine


@pytest.mark.parametrize(
    "text",
    ["hi", "blah", "order a pizza", "xqzv plugh", "zzz", "foo bar baz", "asdf", "!!!", "thanks", "lorem ipsum dolor"],
)
def test_chit_chat_and_gibberish_are_not_understood(engine, text):
    plan = engine.plan(text)
    assert plan.calls == () and plan.status == "not_understood" and plan.candidates == ()


_CONSONANTS = "bcdfghjklmnpqrstvwxz"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.text(alphabet=_CONSONANTS, min_size=2, max_size=9), min_size=1, max_size=4))
def test_random_strings_give_no_call(engine, parts):
    text = " ".join(parts)
    support = Support(engine.catalog)
    vocab = set().union(*(support.vocab(k)[0] for k in (*engine.catalog.settings, *engine.catalog.pages)))
    if set(words(text)) & vocab:  # a real abbreviation (dns, vpn, hdr) may stand in a random string
        return
    assert engine.plan(text).calls == ()


@pytest.mark.parametrize(
    "text,setting,value",
    [
        ("change my wallpaper to /home/me/pics/beach.png", "personalization.wallpaper", "/home/me/pics/beach.png"),
        (
            'Set "/home/crab/deep mind.png" as the desktop background',
            "personalization.wallpaper",
            "/home/crab/deep mind.png",
        ),
        ("set the resolution to 2560 x 1440", "display.resolution", "2560x1440"),
    ],
)
def test_copied_values_are_whole(engine, text, setting, value):
    calls = [c for c in engine.plan(text).calls if c.setting == setting]
    assert calls and calls[0].value == value


def test_text_values_are_whole_runs_of_the_request(engine):
    for text in [
        "use C:\\Users\\kim\\Pictures\\lake_2024.jpg as wallpaper",
        "set my computer name to lab-42.local",
        "time zone Europe/Berlin please",
        "set dns to 9.9.9.9, 149.112.112.112",
    ]:
        for c in engine.plan(text).calls:
            if isinstance(c.value, str) and engine.catalog.settings[c.setting].kind == "text":
                assert re.search(rf"(^|\s|[\"'`]){re.escape(c.value.split(',')[0])}", text), (text, c)


def test_every_call_has_its_own_confidence(engine):
    plan = engine.plan("turn on bluetooth and set the volume to 40")
    assert len(plan.calls) == 2
    assert all(0 < c.confidence <= 1 for c in plan.calls)
    assert plan.confidence == pytest.approx(min(c.confidence for c in plan.calls), abs=1e-3) or plan.confidence <= min(
        c.confidence for c in plan.calls
    )


def test_whole_span_extends_to_the_run_and_drops_quotes():
    assert whole_span("change my wallpaper to /home/me/pics/beach.png", "/home/m") == "/home/me/pics/beach.png"
    assert whole_span('Set "/home/crab/deep mind.png" as it', "crab/deep") == "/home/crab/deep mind.png"
    assert whole_span("set my hostname to lab-42.local.", "lab-42") == "lab-42.local"
    assert whole_span("region Canada (Alberta) please", "canada (alberta)") == "Canada (Alberta)"
    assert whole_span("dns to 1.1.1.1, 1.0.0.1", "1.1.1.1, 1.0") == "1.1.1.1, 1.0.0.1"
    assert whole_span("decimal symbol ,", ",") == ","
    assert whole_span("no such thing", "zzz") == "zzz"


def test_support_needs_a_word_of_the_setting():
    cat = Catalog.load()
    s = Support(cat)
    assert s.supports("blutooth on", Call("set", "bluetooth.enabled", value=True))  # one edit away
    assert s.supports("Enable Wi-Fi please", Call("set", "network.wifi", value=True))
    assert s.supports("DisableToggleKeys", Call("set", "accessibility.toggle_keys", value=False))
    assert not s.supports("zzz", Call("set", "accessibility.magnifier", value=True))
    assert not s.supports("xqzv plugh", Call("set", "display.resolution", value="xqzv"))


def test_a_copy_continues_only_where_its_tokens_stand_together(engine):
    from mu_cli.grammar import State

    g = engine.runtime.grammar
    a, b, c, d = (engine.runtime.vocab[t] for t in (" home", " pictures", " documents", " me"))
    src = [a, b, c, a, d]
    st = State("text", "set", "personalization.wallpaper", ntext=1, last=a, copied=(a,))
    assert set(g.allowed(st, src)) == {b, d, g.end_value}
    st = State("text", "set", "personalization.wallpaper", ntext=2, last=a, copied=(c, a))
    assert set(g.allowed(st, src)) == {d, g.end_value}
