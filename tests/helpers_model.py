"""A tiny deterministic model for engine tests (the shipped weights are never needed).

`tiny_records` is a toy request generator for tests/data/model_catalog.yaml (the same record shape as
mu_cli/training/synth.py: {"text", "calls": [model-form call dicts], "family"}); `build_tiny_model`
trains a 2-layer d=32 model on it for a few seconds and exports it, int8 and fp32, into a directory.
"""

from __future__ import annotations

import random
from pathlib import Path

CATALOG = Path(__file__).parent / "data" / "model_catalog.yaml"

TINY_MODEL = dict(
    d_model=32, n_heads=4, n_kv_heads=2, enc_layers=2, dec_layers=1, ffn_hidden=64, max_src=48, max_tgt=24, dropout=0.0
)

_ZONES = ["Tokyo", "Berlin", "Paris", "Lima", "Cairo", "Oslo", "Europe/London", "America/New_York"]
_UNITS = {"s": "seconds", "min": "minutes", "h": "hours"}


def _one(rng: random.Random) -> tuple[str, list[dict], str]:
    """A request and its model-form calls."""
    kind = rng.randrange(11)
    if kind == 0:
        n = rng.randrange(0, 101)
        return (
            rng.choice([f"set brightness to {n}", f"brightness {n}%", f"screen brightness at {n} percent"]),
            [{"action": "set", "setting": "display.brightness", "value": str(n)}],
            "value",
        )
    if kind == 1:
        up = rng.random() < 0.5
        texts = ["make the screen brighter", "brighter please"] if up else ["dim the screen", "darker screen"]
        return (
            rng.choice(texts),
            [{"action": "increase" if up else "decrease", "setting": "display.brightness", "value": None}],
            "relative",
        )
    if kind == 2:
        word = rng.choice(["max", "min", "half"])
        return f"brightness to {word}", [{"action": "set", "setting": "display.brightness", "value": word}], "relative"
    if kind == 3:
        on = rng.random() < 0.5
        return (
            rng.choice([f"turn wifi {'on' if on else 'off'}", f"{'enable' if on else 'disable'} wireless"]),
            [{"action": "set", "setting": "network.wifi", "value": on}],
            "toggle",
        )
    if kind == 4:
        return (
            rng.choice(["mute", "mute the sound", "silence please"]),
            [{"action": "set", "setting": "sound.mute", "value": True}],
            "toggle",
        )
    if kind == 5:
        n, unit = rng.choice([(5, "min"), (10, "min"), (30, "s"), (1, "h"), (2, "h"), (15, "min")])
        return (
            f"turn the screen off after {n} {_UNITS[unit]}",
            [{"action": "set", "setting": "power.screen_timeout", "value": [n, unit]}],
            "value",
        )
    if kind == 6:
        mode = rng.choice(["dark", "light"])
        return (
            rng.choice([f"{mode} mode", f"switch to {mode} theme", f"use the {mode} colors"]),
            [{"action": "set", "setting": "personalization.color_mode", "value": mode}],
            "choice",
        )
    if kind == 7:
        zone = rng.choice(_ZONES)
        return (
            rng.choice([f"set my time zone to {zone}", f"timezone {zone} please"]),
            [{"action": "set", "setting": "time.time_zone", "value": zone}],
            "text",
        )
    if kind == 8:
        page = rng.choice([("display", "display settings"), ("wifi", "wifi settings"), ("colors", "color settings")])
        return f"open {page[1]}", [{"action": "open", "page": page[0]}], "open"
    if kind == 9:
        return rng.choice(["tell me a joke", "what is the weather", "hello there"]), [], "no_call"
    return (
        rng.choice(["mute and turn wifi off", "wifi off and mute"]),
        [
            {"action": "set", "setting": "sound.mute", "value": True},
            {"action": "set", "setting": "network.wifi", "value": False},
        ],
        "multi",
    )


def tiny_records(catalog=None, seed: int = 0, n: int = 600) -> tuple[list[dict], list[dict]]:
    """(train, val) records; the signature of synth.generate."""
    rng = random.Random(seed)
    recs = []
    for _ in range(n):
        text, calls, family = _one(rng)
        recs.append({"text": text, "calls": calls, "family": family})
    cut = int(n * 0.9)
    return recs[:cut], recs[cut:]


def build_tiny_model(out_dir: Path, steps: int = 500, seed: int = 0, work_dir: Path | None = None) -> dict:
    """Train and export the tiny model into out_dir; returns model.json's content. Tests that need it are
    skipped where the train extra (torch, onnx) is not installed."""
    import pytest

    pytest.importorskip("torch", reason="the tiny test model needs the train extra: pip install -e '.[train]'")
    pytest.importorskip("onnx", reason="the tiny test model needs the train extra: pip install -e '.[train]'")
    from mu_cli.catalog import Catalog
    from mu_cli.training import pipeline

    catalog = Catalog.from_yaml(CATALOG)
    return pipeline.run(
        catalog,
        out_dir,
        seed=seed,
        minutes=1.0,
        work_dir=work_dir or Path(out_dir) / "_work",
        n_samples=600,
        model_config=TINY_MODEL,
        generate=tiny_records,
        dev_path=None,
        train_overrides=tiny_training(steps, ckpt_every=100),
        text_vocab=700,
    )


def tiny_training(steps: int, ckpt_every: int) -> dict:
    """The training overrides of the tiny test models: a fixed number of small, fast steps on one thread."""
    return dict(
        max_steps=steps,
        batch_size=32,
        warmup_steps=20,
        peak_lr=6e-3,
        ckpt_every=ckpt_every,
        eval_every=0,
        val_exact_sample=40,
        threads=1,
    )
