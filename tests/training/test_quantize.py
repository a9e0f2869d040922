"""`mu quantize` on the tiny test model: every mode round-trips to a loadable model that answers like fp32,
operators can be kept in float, and the shipped model is protected by the accuracy gate."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mu_cli.bench.scoring import load_gold
from mu_cli.catalog import Catalog
from mu_cli.errors import Refused, UsageError
from mu_cli.runtime import ModelRuntime
from mu_cli.training import quantize as q

from helpers_model import tiny_records

pytest.importorskip("onnx")
DATA = Path(__file__).resolve().parents[1] / "data"
# Fixed inputs the round trip compares on: the toy generator's requests (another seed than training) and
# the hand-written small eval set.
FIXED = [r["text"] for r in tiny_records(None, 11, 40)[0]] + [r.text for r in load_gold(DATA / "eval_small.jsonl")]
# Share of FIXED answered exactly like fp32. Weight-only and int16 rounding never flipped a decision on the
# tiny model; int8 activations may flip a near-tie or two.
TOLERANCE = {"dynamic": 0.95, "qdq-int8": 0.90, "qdq-uint8": 0.90, "qdq-int16": 0.95}


def _run(tiny, out, tiny_catalog, shipped=None, **opts):
    options = q.QuantizeOptions(**{"calibration": 30, "validation": 40, **opts})
    gold = ("small", load_gold(DATA / "eval_small.jsonl"))
    return q.run(tiny, out, tiny_catalog, options, gold, shipped or tiny.parent / "elsewhere", generate=tiny_records)


@pytest.mark.parametrize("mode", q.MODES)
def test_round_trip_gives_a_loadable_model_that_answers_like_fp32(tiny, tiny_catalog, tmp_path, mode):
    out = tmp_path / mode
    report = _run(tiny, out, tiny_catalog, mode=mode)
    assert report["written"] and not report["shipped"]
    meta = json.loads((out / "model.json").read_text())
    assert meta["files"] == {"int8": {"encoder": f"encoder.{mode}.onnx", "decoder": f"decoder.{mode}.onnx"}}
    assert meta["quantization"]["mode"] == mode and meta["catalog"]["hash"] == tiny_catalog.hash
    assert "quantize" in meta["scores"] and (meta["quantization"]["calibration"] is None) == (mode == "dynamic")
    fp32 = ModelRuntime(tiny, tiny_catalog, precision="fp32")
    quant = ModelRuntime(out, tiny_catalog)  # the default precision: what `mu ask` would load from this directory
    same = sum(fp32.predict(t).calls == quant.predict(t).calls for t in FIXED)
    assert same / len(FIXED) >= TOLERANCE[mode], f"{same}/{len(FIXED)}"
    ev = report["evaluation"]
    assert ev["quantized"]["size_mb"] < ev["fp32"]["size_mb"]
    assert set(ev["agreement"]) == {"small", "synthetic"} and ev["agreement"]["synthetic"] >= TOLERANCE[mode]
    assert ev["fp32"]["small"]["n"] == 11 and ev["quantized"]["latency_ms"]["total"]["p50"] > 0
    if mode != "dynamic":
        cal = meta["quantization"]["calibration"]
        assert cal["requests"] == 30 and cal["encoder_feeds"] == 30 and cal["decoder_feeds"] > 30
        kept = meta["quantization"]["graphs"]["encoder"]["kept_float"]  # no integer LayerNorm: float by default
        assert meta["quantization"]["excluded"]["op_types"] == ["LayerNormalization"] and kept["LayerNormalization"]
        # the decoder's output projection stays float too: the MatMul behind the "logits" output
        dec = meta["quantization"]["graphs"]["decoder"]["excluded_nodes"]
        assert (
            dec
            and all(n.endswith("MatMul") for n in dec)
            and not report["quantization"]["graphs"]["encoder"]["excluded_nodes"]
        )


def test_calibration_feeds_cover_both_graphs(tiny, tiny_catalog):
    feeds = q.calibration_feeds(tiny, tiny_catalog, ["turn wifi off", "set brightness to 40"])
    assert len(feeds["encoder"]) == 2 and set(feeds["encoder"][0]) == {"input_ids", "attention_mask"}
    steps = feeds["decoder"]
    assert len(steps) >= 4 and {"token", "position", "past_k", "past_v", "cross_k", "cross_v"} <= set(steps[0])
    assert steps[1]["past_k"].shape[3] == steps[0]["past_k"].shape[3] + 1  # the KV cache grows step by step


def test_excluded_operators_stay_in_float(tiny, tiny_catalog, tmp_path):
    report = _run(tiny, tmp_path / "ex", tiny_catalog, mode="qdq-int8", exclude=("LayerNormalization", "*/ffn/down/*"))
    graphs = report["quantization"]["graphs"]
    for g in graphs.values():
        assert "LayerNormalization" not in g["quantized"] and g["kept_float"]["LayerNormalization"] > 0
    assert any(n.endswith("ffn/down/MatMul") for n in graphs["encoder"]["float_nodes"])
    assert any(n.endswith("ffn/down/MatMul") for n in graphs["encoder"]["excluded_nodes"])
    assert graphs["encoder"]["quantized"]["MatMul"] > 0
    everything = _run(tiny, tmp_path / "all", tiny_catalog, mode="qdq-uint8", exclude=("none",))
    assert everything["quantization"]["graphs"]["encoder"]["kept_float"] == {}
    with pytest.raises(UsageError, match="names no operator type or node"):
        _run(tiny, tmp_path / "bad", tiny_catalog, mode="dynamic", exclude=("NoSuchOp",))


def test_gate_protects_the_shipped_model_unless_forced(tiny, tiny_catalog, tmp_path):
    shipped = tmp_path / "shipped"
    shutil.copytree(tiny, shipped)
    before = {p.name: p.read_bytes() for p in shipped.iterdir()}
    with pytest.raises(Refused, match="--force") as info:
        _run(shipped, shipped, tiny_catalog, shipped=shipped, mode="dynamic", max_drop=-1.0)  # any result "drops"
    assert info.value.report["written"] is False and info.value.report["gate"]["set"] == "small"
    assert {p.name: p.read_bytes() for p in shipped.iterdir()} == before  # untouched, no staging left over
    assert not list(tmp_path.glob(".mu-quantize-*"))
    report = _run(shipped, shipped, tiny_catalog, shipped=shipped, mode="qdq-int8", max_drop=-1.0, force=True)
    assert report["written"] and report["shipped"]
    meta = json.loads((shipped / "model.json").read_text())
    assert meta["files"]["fp32"] == {"encoder": "encoder.onnx", "decoder": "decoder.onnx"}  # fp32 kept in place
    assert meta["files"]["int8"]["encoder"] == "encoder.qdq-int8.onnx"
    assert not (shipped / "encoder.int8.onnx").exists()  # the replaced int8 graphs are gone
    assert "val_exact_int8" not in meta["scores"] and "int8" not in meta["scores"]["parity"]
    ModelRuntime(shipped, tiny_catalog).predict("turn wifi off")


def test_gate_asks_for_accuracy_and_speed():
    def ev(exact, p50):
        return {"dev": {"exact": exact}, "latency_ms": {"total": {"p50": p50}}}

    ok = q.check_gate({"fp32": ev(0.5, 10.0), "quantized": ev(0.495, 10.5)}, "dev", 0.01)
    assert ok["failed"] == [] and ok["drop"] == 0.005 and ok["p50_ratio"] == 1.05
    bad = q.check_gate({"fp32": ev(0.5, 10.0), "quantized": ev(0.48, 40.0)}, "dev", 0.01)
    assert bad["failed"] == [
        "dev exact accuracy drops by 0.020 (more than 0.010)",
        "its median latency is 4.00x fp32's on this machine",
    ]


def test_a_model_without_fp32_graphs_is_refused(tiny, tiny_catalog, tmp_path):
    from mu_cli.errors import ModelError

    only = tmp_path / "only-int8"
    shutil.copytree(tiny, only)
    meta = json.loads((only / "model.json").read_text())
    meta["files"].pop("fp32")
    (only / "model.json").write_text(json.dumps(meta))
    with pytest.raises(ModelError, match="no fp32 graphs"):
        _run(only, tmp_path / "out", tiny_catalog, mode="dynamic")


def test_cli_quantize_json_and_table(tiny, tiny_catalog, tmp_path, monkeypatch):
    monkeypatch.setattr(Catalog, "load", classmethod(lambda cls, extra=(): tiny_catalog))
    monkeypatch.setattr("mu_cli.training.synth.generate", tiny_records)
    shipped = tmp_path / "shipped"
    shutil.copytree(tiny, shipped)
    monkeypatch.setenv("MU_MODEL", str(shipped))
    from mu_cli.commands import app

    small = str(DATA / "eval_small.jsonl")
    args = ["quantize", "--mode", "dynamic", "--calibration", "5", "--validation", "20", "--dev", small]
    r = CliRunner().invoke(app, [*args, "--out", str(tmp_path / "a"), "--json"])
    assert r.exit_code == 0, r.output
    report = json.loads(r.stdout)
    assert report["written"] and report["gate"]["set"] == "eval_small" and "mu quantize:" in r.stderr
    r = CliRunner().invoke(app, [*args, "--out", str(tmp_path / "b")])
    assert r.exit_code == 0 and "fp32 vs quantized" in r.stdout and "kept in float" in r.stdout
    r = CliRunner().invoke(app, [*args, "--max-drop", "-1"])  # default --out: the shipped model itself
    assert r.exit_code == 6 and "NOT written" in r.stdout and "--force" in r.stderr
    assert CliRunner().invoke(app, ["quantize", "--mode", "int4"]).exit_code == 2


def test_preprocessing_leaves_no_scratch_files_in_the_working_directory(tmp_path, monkeypatch):
    """Symbolic shape inference that cannot finish saves its partial graph in the working directory; the
    quantiser keeps that inside its own work folder (the graph is then quantised as exported)."""
    import onnx
    from onnx import TensorProto, helper

    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, ["n", 4])
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, None)
    nodes = [helper.make_node("Opaque", ["x"], ["h"], domain="com.example"), helper.make_node("Relu", ["h"], ["y"])]
    model = helper.make_model(
        helper.make_graph(nodes, "g", [x], [y]),
        opset_imports=[helper.make_opsetid("", 17), helper.make_opsetid("com.example", 1)],
    )
    src, work, cwd = tmp_path / "src.onnx", tmp_path / "work", tmp_path / "cwd"
    onnx.save(model, str(src))
    work.mkdir()
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    used, preprocessed = q.preprocess(src, work / "pre.onnx")
    assert (used, preprocessed) == (src, False)
    assert not list(cwd.iterdir())
