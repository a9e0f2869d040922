"""Phrasings with a value of their own: polar verb phrases, show/hide, a setting's own frames, "reset"."""

from __future__ import annotations

import re

import pytest

from mu_cli.calls import Call, has_default, normalize_value
from mu_cli.grammar import DEFAULT, EOS, CallGrammar, call_to_tokens, functional_tokens, tokens_to_calls
from mu_cli.training.synth import Synth, generate


@pytest.fixture(scope="module")
def synth(catalog) -> Synth:
    return Synth(catalog)


@pytest.fixture(scope="module")
def records(catalog) -> list[dict]:
    train, val = generate(catalog, seed=3, n=40_000)
    return train + val


def _names(synth: Synth, sid: str) -> set[str]:
    return {n.lower() for n, _, _ in synth.m.names[sid]}


def test_aliases_with_a_value_of_their_own_are_no_plain_names(synth):
    """ "turn on unmute" would teach Mute = on: such aliases never fill a {x} slot."""
    assert "unmute" not in _names(synth, "sound.mute") and "mute sound" in _names(synth, "sound.mute")
    assert "hide desktop icons" not in _names(synth, "desktop.show_icons")
    assert "reduce motion" not in _names(synth, "accessibility.animation_effects")
    assert "block camera" not in _names(synth, "privacy.camera") and "camera access" in _names(synth, "privacy.camera")
    assert "hide taskbar" in _names(synth, "taskbar.auto_hide")  # the title itself says "hide"


def test_unmute_and_mute_carry_their_values(records):
    seen = {True: 0, False: 0}
    for rec in records:
        text = rec["text"].lower()
        for c in rec["calls"] if len(rec["calls"]) == 1 else ():  # "unmute the mic and mute everything": two asks
            if c.get("setting") == "sound.mute" and c["action"] == "set":
                if re.search(r"\bunmute\b", text):
                    assert c["value"] is False, rec
                    seen[False] += 1
                elif re.match(
                    r"((please|just|can you|could you) )?mute (the sound|the speakers|audio|everything)\b", text
                ) and not re.search(r"\b(off|of|no)\b", text):  # "mute audio off": Mute = off
                    assert c["value"] is True, rec
                    seen[True] += 1
    assert seen[True] and seen[False]


def test_hide_means_off_for_what_a_setting_shows(records, synth):
    hits = 0
    for rec in records:
        text = rec["text"].lower()
        if len(rec["calls"]) == 1 and re.match(r"(hide|how do i hide) ", text):
            c = rec["calls"][0]
            if c.get("setting") in synth.m.showable:
                assert c["value"] is False, rec
                hits += 1
    assert hits > 20
    assert {"taskbar.widgets", "taskbar.task_view", "explorer.show_hidden_files"} <= synth.m.showable
    assert "taskbar.auto_hide" not in synth.m.showable


def test_a_setting_has_frames_of_its_own(records):
    own = [r for r in records if r["family"].startswith("sf.") and len(r["calls"]) == 1]
    assert len({r["family"].split("#")[0] for r in own}) > 10
    for r in own:
        sid, intent = r["family"].split("#")[0][3:].rsplit(".", 1)
        c = r["calls"][0]
        assert c["setting"] == sid or (
            c["setting"].startswith(sid + "_")  # "... on battery": its sibling
            and any(q in r["text"].lower() for q in ("on battery", "plugged in"))
        ), r
        assert c["action"] == {"increase_by": "increase", "decrease_by": "decrease"}.get(intent, intent) or (
            intent in ("set_value", "never") and c["action"] == "set"
        ), r
    dim = [r for r in own if re.search(r"\bdim (the screen|the display|it)\b", r["text"].lower())]
    assert dim and all(r["calls"][0]["action"] == "decrease" for r in dim if ".set_value#" not in r["family"])
    assert any(r["calls"][0]["action"] == "decrease" for r in dim)


def test_generated_paths_are_copied_verbatim(records):
    paths = [
        c["value"]
        for r in records
        for c in r["calls"]
        if c.get("setting") == "personalization.wallpaper" and c["action"] == "set"
    ]
    assert len(set(paths)) > 20
    assert any("\\" in p for p in paths) and any(p.startswith(("~/", "/")) for p in paths)


def test_reset_means_the_catalog_default(records, catalog):
    resets = [
        (r, c)
        for r in records
        for c in r["calls"]
        if c.get("value") == "default" and has_default(catalog.settings[c["setting"]])
    ]
    assert len(resets) > 30
    vocab = {t: i for i, t in enumerate(functional_tokens(catalog))}
    for rec, c in resets[:50]:
        s = catalog.settings[c["setting"]]
        tokens = call_to_tokens(Call("set", s.id, value="default"), catalog)
        assert tokens[-1] == DEFAULT
        (call,) = tokens_to_calls(tokens + [EOS], catalog)
        assert call.value == normalize_value(s, "set", s.default), rec
        grammar = CallGrammar(catalog, vocab)
        st = grammar.start()
        for t in tokens[:-1]:
            st = grammar.advance(st, vocab[t])
        assert vocab[DEFAULT] in grammar.allowed(st)


def test_default_is_a_value_people_can_type(catalog):
    assert normalize_value(catalog.settings["accessibility.text_size"], "set", "default") == 100
    assert normalize_value(catalog.settings["power.mode"], "set", "Default") == catalog.settings["power.mode"].default


def test_a_vocabulary_from_before_default_still_decodes(catalog):
    """A model trained before <default> existed keeps working: the grammar just never offers it."""
    vocab = {t: i for i, t in enumerate(t for t in functional_tokens(catalog) if t != DEFAULT)}
    grammar = CallGrammar(catalog, vocab)
    st = grammar.start()
    for t in ("<a:set>", "<s:accessibility.text_size>"):
        st = grammar.advance(st, vocab[t])
    allowed = grammar.allowed(st)
    assert allowed and all(i in vocab.values() for i in allowed)


def test_a_switchs_opposites_carry_the_other_value(records):
    """ "turn off auto-rotate" is Rotation lock on: the catalog's opposites name a switch with the value flipped."""
    opposite = r"(?:auto[ -]?rotat\w*|automatic rotation|rotate automatically)"
    seen = {True: 0, False: 0}
    for rec in records:
        calls = rec["calls"]
        if len(calls) == 1 and calls[0].get("setting") == "display.rotation_lock" and calls[0]["action"] == "set":
            text = rec["text"].lower()
            off, on = re.search(r"\b(?:disable|off|of|no)\b", text), re.search(r"\b(?:enable|on)\b", text)
            if re.search(opposite, text) and bool(off) != bool(on):  # one way said: Rotation lock the other
                assert calls[0]["value"] is bool(off), rec
                seen[calls[0]["value"]] += 1
    assert seen[True] and seen[False]


def test_a_choice_whose_label_without_parentheses_is_anothers_keeps_their_words(synth):
    """ "Landscape (flipped)" is never named "Landscape": that is the other choice's label."""
    phrases = dict(synth.m.cvals["display.orientation"])
    assert "Landscape" not in phrases["landscape_flipped"] and "Landscape flipped" in phrases["landscape_flipped"]
    assert "Landscape" in phrases["landscape"]
