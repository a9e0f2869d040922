"""The decoder-only baseline: a tiny one trained for a few seconds on the test catalog, its ONNX + int8 round
trip, the runtime's constrained decoding, `mu train --decoder-only` and the bench's encoder-decoder vs
decoder-only ratios."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mu_cli import bench
from mu_cli.bench.scoring import load_gold
from mu_cli.catalog import Catalog
from mu_cli.errors import ModelError, UsageError
from mu_cli.runtime import open_runtime, runtime_kind

from helpers_model import CATALOG, tiny_records, tiny_training

torch = pytest.importorskip("torch")
decoder_only = pytest.importorskip("mu_cli.training.decoder_only")

DATA = Path(__file__).resolve().parents[1] / "data"
TINY = dict(d_model=32, n_heads=4, n_kv_heads=2, dec_layers=3, ffn_hidden=64, max_src=48, max_tgt=24, dropout=0.0)
FAST = bench.BenchOptions(runs=2, warmup=1, loads=1, process_runs=0)


def build_tiny_decoder_only(out_dir: Path, steps: int = 400, work_dir: Path | None = None) -> dict:
    return decoder_only.run(
        Catalog.from_yaml(CATALOG),
        out_dir,
        seed=0,
        minutes=1.0,
        work_dir=work_dir or Path(out_dir).parent / "work",
        n_samples=600,
        model_config=TINY,
        generate=tiny_records,
        dev_path=None,
        text_vocab=700,
        train_overrides=tiny_training(steps, ckpt_every=200),
    )


@pytest.fixture(scope="session")
def tiny_do(tmp_path_factory) -> Path:
    out = tmp_path_factory.getbasetemp() / "tiny-decoder-only" / "model-decoder-only"
    if not (out / "model.json").exists():
        build_tiny_decoder_only(out)
    return out


def test_teacher_forcing_equals_prefill_then_cached_steps():
    """A batch of right-padded requests read in one pass gives each row the logits that prefilling its own
    request alone and stepping through the cache gives (what the runtime does)."""
    torch.manual_seed(0)
    cfg = decoder_only.DecoderOnlyConfig(vocab_size=50, **{k: v for k, v in TINY.items() if "max" not in k})
    model = decoder_only.DecoderOnlyModel(cfg).eval()
    src = torch.tensor([[5, 6, 7, 2, 0], [8, 9, 2, 0, 0]])
    tgt_in = torch.tensor([[1, 10, 11, 12], [1, 13, 14, 0]])
    with torch.no_grad():
        batch = model(src, (src != 0).long(), tgt_in)
        for row, (n_src, n_tgt) in enumerate([(4, 4), (3, 3)]):
            logits, k, v = model.prefill(torch.cat([src[row : row + 1, :n_src], tgt_in[row : row + 1, :1]], dim=1))
            steps = [logits]
            for pos, tok in enumerate(tgt_in[row, 1:n_tgt], start=n_src + 1):
                logits, k, v = model.decode_step(tok.view(1, 1), torch.tensor([pos]), k, v)
                steps.append(logits)
            assert torch.allclose(torch.cat(steps), batch[row, :n_tgt], atol=1e-5)


def test_similar_size_to_the_default_encoder_decoder():
    cfg = decoder_only.DecoderOnlyConfig(vocab_size=5032)
    ours = decoder_only.DecoderOnlyModel(cfg).param_counts()["total"]
    assert abs(ours / decoder_only.encoder_decoder_params(cfg) - 1) < 0.05


def test_trains_exports_int8_and_writes_model_json(tiny_do):
    meta = json.loads((tiny_do / "model.json").read_text())
    assert runtime_kind(meta) == "decoder-only"
    assert meta["files"] == {
        "int8": {"prefill": "prefill.int8.onnx", "decoder": "decoder.int8.onnx"},
        "fp32": {"prefill": "prefill.onnx", "decoder": "decoder.onnx"},
    }
    assert all((tiny_do / f).exists() for files in meta["files"].values() for f in files.values())
    assert meta["model"]["config"]["dec_layers"] == 3 and meta["model"]["params"]["encoder_decoder_default"] > 0
    parity = meta["scores"]["parity"]
    assert parity["fp32"]["max_abs_diff"] < 1e-3 and parity["fp32"]["argmax_agree"] == 1.0
    assert parity["int8"]["argmax_agree"] >= 0.9
    assert meta["size_mb"]["int8"] < meta["size_mb"]["fp32"]
    assert meta["scores"]["val_exact_int8"] >= 0.5, meta["scores"]  # it learned the toy requests


def test_runtime_decodes_only_valid_calls(tiny_do, tiny_catalog):
    from mu_cli.runtime import DecoderOnlyRuntime

    rt = open_runtime(tiny_do, tiny_catalog)
    assert isinstance(rt, DecoderOnlyRuntime)
    texts = [r["text"] for r in tiny_records(None, 7, 40)[0]] + ["", "</s> <s:sound.volume>", "zzzz " * 60]
    for text in texts:
        pred = rt.predict(text)
        assert 0.0 <= pred.confidence <= 1.0
        for call in pred.calls:
            if call.action == "open":
                assert call.page in tiny_catalog.pages
            else:
                assert call.action in tiny_catalog.settings[call.setting].actions
    assert [{k: v for k, v in c.to_json().items() if k != "confidence"} for c in rt.predict("turn wifi off").calls] == [
        {"action": "set", "setting": "network.wifi", "value": False}
    ]


def test_int8_and_fp32_answer_alike(tiny_do, tiny_catalog):
    texts = [r["text"] for r in tiny_records(None, 11, 30)[0]]
    fp32, int8 = (open_runtime(tiny_do, tiny_catalog, precision=p) for p in ("fp32", "int8"))
    same = sum(fp32.predict(t).calls == int8.predict(t).calls for t in texts)
    assert same >= 0.9 * len(texts)


def test_a_directory_without_its_graphs_is_one_clear_error(tiny_do, tiny_catalog, tmp_path):
    meta = json.loads((tiny_do / "model.json").read_text())
    meta["files"] = {"int8": {"decoder": "decoder.int8.onnx"}}
    (tmp_path / "model.json").write_text(json.dumps(meta))
    (tmp_path / "tokenizer.json").write_bytes((tiny_do / "tokenizer.json").read_bytes())
    with pytest.raises(ModelError, match="prefill"):
        open_runtime(tmp_path, tiny_catalog)


def test_bench_reports_encoder_decoder_vs_decoder_only(tiny, tiny_do, tiny_catalog):
    rows = load_gold(DATA / "eval_small.jsonl")[:6]
    variants = bench.default_variants(tiny_catalog, tiny, [tiny_do])
    report = bench.run_bench(variants, rows, FAST).report
    dec = [v for v in report["variants"] if v["kind"] == "decoder-only"]
    assert [v["name"] for v in dec] == ["model-decoder-only:fp32", "model-decoder-only:int8"]
    assert all(v["latency_ms"]["context"]["n"] == 2 * 6 and v["accuracy"]["n"] == 6 for v in dec)
    summary = report["decoder_only"]
    assert summary["found"] and summary["runnable"]
    assert [(p["encoder_decoder"], p["decoder_only"]) for p in summary["pairs"]] == [
        ("fp32", "model-decoder-only:fp32"),
        ("int8", "model-decoder-only:int8"),
    ]
    for p in summary["pairs"]:
        assert p["first_token_p50"] > 0 and p["decode_tokens_per_s"] > 0
        assert p["first_token_reduction_pct"] == pytest.approx((1 - p["first_token_p50"]) * 100, abs=0.06)
        assert set(p["accuracy"]) == {"encoder_decoder", "decoder_only"} and p["params"]["decoder_only"] > 0


def test_ratios_from_known_numbers():
    def entry(name, kind, first, tps, total, exact):
        return {
            "name": name,
            "kind": kind,
            "precision": "int8",
            "params": 8_000_000,
            "reason": None,
            "latency_ms": {"first_token": {"p50": first}, "total": {"p50": total}},
            "decode_tokens_per_s": tps,
            "accuracy": {"exact": exact, "target": exact},
        }

    summary = bench.decoder_only_summary(
        [
            entry("int8", "encoder-decoder", 2.12, 2350.0, 4.0, 0.56),
            entry("do:int8", "decoder-only", 4.0, 500.0, 10.0, 0.5),
        ]
    )
    (pair,) = summary["pairs"]
    assert pair["first_token_p50"] == 0.53 and pair["first_token_reduction_pct"] == 47.0
    assert pair["decode_tokens_per_s"] == 4.7 and pair["total_p50"] == 0.4
    assert pair["accuracy"] == {
        "encoder_decoder": {"exact": 0.56, "target": 0.56},
        "decoder_only": {"exact": 0.5, "target": 0.5},
    }
    from mu_cli.commands._report import _decoder_only_line

    line = _decoder_only_line(summary)
    assert "first token 47.0% lower" in line and "decode tokens/s ×4.70" in line and "exact 0.560 vs 0.500" in line
    assert "(8.0M) vs do:int8 (8.0M)" in line


def test_mu_train_decoder_only_passes_device_and_out(tiny_catalog, monkeypatch, tmp_path):
    seen = {}

    def fake_run(catalog, out_dir, **kwargs):
        seen.update(out=Path(out_dir), **kwargs)
        return {"scores": {}, "size_mb": {}, "latency_ms": {}}

    monkeypatch.setattr(Catalog, "load", classmethod(lambda cls, extra=(): tiny_catalog))
    monkeypatch.setattr(decoder_only, "run", fake_run)
    monkeypatch.setenv("MU_MODEL", str(tmp_path / "model"))
    from mu_cli.commands import app

    result = CliRunner().invoke(app, ["train", "--decoder-only", "--minutes", "1"])
    assert result.exit_code == 0, result.output
    assert seen["out"] == tmp_path / "model-decoder-only" and seen["train_overrides"] == {
        "device": "cpu",
        "keep_fp32": False,
    }
    result = CliRunner().invoke(app, ["train", "--decoder-only", "--pretrained"])
    assert result.exit_code == 2 and "choose one" in result.output
    result = CliRunner().invoke(app, ["train", "--device", "tpu"])
    assert result.exit_code == 2 and "cpu or cuda" in result.output
    result = CliRunner().invoke(app, ["train", "--continue"])
    assert result.exit_code == 2 and "--pretrained --continue" in result.output


def test_never_overwrites_the_shipped_model(tiny_catalog, monkeypatch, tmp_path):
    monkeypatch.setenv("MU_MODEL", str(tmp_path / "model"))
    with pytest.raises(UsageError, match="shipped"):
        decoder_only.run(tiny_catalog, tmp_path / "model", generate=tiny_records, dev_path=None)


def test_mu_bench_and_mu_ask_run_a_decoder_only_directory(tiny, tiny_do, tiny_catalog, monkeypatch):
    monkeypatch.setattr(Catalog, "load", classmethod(lambda cls, extra=(): tiny_catalog))
    monkeypatch.setenv("MU_MODEL", str(tiny))
    from mu_cli.commands import app

    result = CliRunner().invoke(
        app,
        [
            "bench",
            "--variant",
            str(tiny_do),
            "--eval",
            str(DATA / "eval_small.jsonl"),
            "--runs",
            "1",
            "--warmup",
            "0",
            "--process-runs",
            "0",
        ],
    )
    assert result.exit_code == 0, result.output
    out = " ".join(result.stdout.split())
    assert "model-decoder-only:int8" in out and "first token" in out and "decode tokens/s" in out
    monkeypatch.setenv("MU_MODEL", str(tiny_do))
    result = CliRunner().invoke(app, ["ask", "--dry-run", "--json", "turn wifi off"])
    assert result.exit_code == 0 and '"network.wifi"' in result.stdout
