"""`mu bench` on the tiny test model: stage timings, the report's JSON schema, accuracy, the decoder-only seam,
the plot, and the command line."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mu_cli import bench
from mu_cli.bench import variants as bench_variants
from mu_cli.bench.scoring import load_gold
from mu_cli.catalog import Catalog

DATA = Path(__file__).resolve().parents[1] / "data"
ROOT = Path(__file__).resolve().parents[2]
FAST = bench.BenchOptions(runs=2, warmup=1, loads=1, process_runs=0)

_STATS = {"type": ["object", "null"], "required": ["p50", "p95", "p99", "mean", "n"]}
_NUM = {"type": ["number", "null"]}
SCHEMA = {
    "type": "object",
    "required": ["schema", "machine", "options", "variants", "decoder_only", "bench_peak_rss_mb", "seconds"],
    "properties": {
        "schema": {"const": "mu-bench/1"},
        "machine": {"type": "object", "required": ["cpu", "cores", "platform", "python", "onnxruntime", "provider"]},
        "options": {
            "type": "object",
            "required": ["threads", "provider", "runs", "warmup", "seed", "eval", "requests"],
        },
        "decoder_only": {"type": "object", "required": ["found", "note"]},
        "variants": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["name", "kind", "available", "reason"],
                "if": {"properties": {"available": {"const": True}}},
                "then": {
                    "required": [
                        "load_ms",
                        "size_mb",
                        "latency_ms",
                        "decode_tokens_per_s",
                        "requests_per_s",
                        "accuracy",
                    ],
                    "properties": {
                        "load_ms": {"type": "number"},
                        "size_mb": _NUM,
                        "decode_tokens_per_s": _NUM,
                        "requests_per_s": {"type": "number"},
                        "latency_ms": {
                            "type": "object",
                            "required": ["total", "context", "first_token", "per_token"],
                            "additionalProperties": _STATS,
                        },
                        "accuracy": {"type": "object", "required": ["n", "exact", "target", "tags"]},
                        "process": {"type": ["object", "null"]},
                    },
                },
            },
        },
    },
}


@pytest.fixture
def cli(tiny, tiny_catalog, monkeypatch):
    """`mu` through CliRunner, with the tiny model and the catalog it was trained for."""
    monkeypatch.setattr(Catalog, "load", classmethod(lambda cls, extra=(): tiny_catalog))
    monkeypatch.setenv("MU_MODEL", str(tiny))
    from mu_cli.commands import app

    return lambda *args: CliRunner().invoke(app, list(args))


def test_stages_are_derived_from_session_events():
    ctx, step = bench_variants.CONTEXT, bench_variants.STEP
    events = [(ctx, 1.000, 1.004), (step, 1.005, 1.006), (step, 1.0065, 1.0075), (step, 1.008, 1.009)]
    t = bench_variants.Timing.from_events(1.0, 1.010, events)
    assert t.tokens == 3 and t.total_ms == pytest.approx(10.0)
    assert t.context_ms == pytest.approx(4.0) and t.first_token_ms == pytest.approx(6.0)
    assert t.per_token_ms == pytest.approx(1.5)  # (9.0 - 6.0) / 2 tokens after the first
    prefill = bench_variants.Timing.from_events(0.0, 0.005, [(bench_variants.CONTEXT_TOKEN, 0.0, 0.003)])
    assert prefill.first_token_ms == pytest.approx(3.0) and prefill.per_token_ms is None
    assert bench_variants.Timing.from_events(0.0, 0.001, []).context_ms is None


def test_report_matches_schema_and_scores_like_the_scorer(tiny, tiny_catalog):
    jsonschema = pytest.importorskip("jsonschema")
    rows = load_gold(DATA / "eval_small.jsonl")
    variants = bench.default_variants(tiny_catalog, tiny)
    assert [v.name for v in variants] == ["fp32", "int8", "lexical"]
    result = bench.run_bench(variants, rows, FAST, "eval_small.jsonl")
    report = result.report
    jsonschema.validate(report, SCHEMA)
    assert report["options"]["threads"] == 1 and report["options"]["provider"] == "CPUExecutionProvider"
    by_name = {v["name"]: v for v in report["variants"]}
    for name in ("fp32", "int8"):
        v = by_name[name]
        assert v["kind"] == "encoder-decoder" and v["latency_ms"]["total"]["n"] == 2 * 12
        assert (
            0
            < v["latency_ms"]["context"]["p50"]
            <= v["latency_ms"]["first_token"]["p50"]
            <= v["latency_ms"]["total"]["p99"]
        )
        assert v["decode_tokens_per_s"] > 0 and v["size_mb"] > 0
    assert by_name["int8"]["size_mb"] < by_name["fp32"]["size_mb"]
    assert by_name["lexical"]["latency_ms"]["first_token"] is None and by_name["lexical"]["size_mb"] is None
    assert report["decoder_only"]["found"] is False and "--variant" in report["decoder_only"]["note"]
    assert set(result.samples["fp32"]) == {"total", "context", "first_token", "per_token"}


def test_accuracy_is_the_scorer_on_the_first_pass(tiny, tiny_catalog):
    from mu_cli.bench.scoring import score

    rows = load_gold(DATA / "eval_small.jsonl")
    variant = bench_variants.ModelVariant("fp32", tiny, tiny_catalog, "fp32")
    variant.load()
    m = bench.measure(variant, [r.text for r in rows], runs=2)
    assert len(m.predictions) == len(rows) and len(m.timings) == 2 * len(rows)
    (entry,) = bench.run_bench([variant], rows, FAST).report["variants"]
    assert entry["accuracy"] == score(rows, m.predictions).to_json()


def test_a_decoder_only_directory_is_found_reported_and_compared(tiny, tiny_catalog, tmp_path, monkeypatch):
    dec = tmp_path / "model-decoder-only"
    shutil.copytree(tiny, dec)
    meta = json.loads((dec / "model.json").read_text())
    (dec / "model.json").write_text(json.dumps({**meta, "runtime": "decoder-only"}))
    rows = load_gold(DATA / "eval_small.jsonl")[:4]
    # the decoder-only runtime refuses an encoder-decoder's graphs: the directory is reported, not compared
    report = bench.run_bench(bench.default_variants(tiny_catalog, tiny, [dec]), rows, FAST).report
    assert report["decoder_only"]["found"] is True and report["decoder_only"]["runnable"] is False
    assert "names no prefill graph" in report["decoder_only"]["note"]

    from mu_cli.runtime import CONTEXT_TOKEN, RUNTIMES, STEP, ModelRuntime

    class StandIn(ModelRuntime):  # the encoder-decoder's graphs with a decoder-only's roles: the same seam
        ROLES = {"encoder": CONTEXT_TOKEN, "decoder": STEP}

    monkeypatch.setitem(RUNTIMES, "decoder-only", StandIn)
    report = bench.run_bench(bench.default_variants(tiny_catalog, tiny, [dec]), rows, FAST).report
    pairs = report["decoder_only"]["pairs"]
    assert [(p["encoder_decoder"], p["decoder_only"]) for p in pairs] == [
        ("fp32", "model-decoder-only:fp32"),
        ("int8", "model-decoder-only:int8"),
    ]
    assert all(p["first_token_p50"] > 0 and p["decode_tokens_per_s"] > 0 for p in pairs)


def test_a_model_naming_a_runtime_mu_lacks_is_reported_with_the_reason(tiny, tiny_catalog, tmp_path):
    other = tmp_path / "model-other"
    shutil.copytree(tiny, other)
    meta = json.loads((other / "model.json").read_text())
    (other / "model.json").write_text(json.dumps({**meta, "runtime": "state-space"}))
    found = bench_variants.variants_in(other, tiny_catalog, "other")
    assert [v.available for v in found] == [False] and "'state-space'" in found[0].reason


def test_process_time_and_peak_rss_of_mu_ask(tiny):
    out = bench.process_time(tiny, runs=1)
    assert out["median_ms"] > 0 and out["exit_codes"] and out["request"] == bench.PROCESS_REQUEST
    assert out["peak_rss_mb"] is None or out["peak_rss_mb"] > 10
    assert set(out["phases_ms"]) >= {"cli (command modules)", "first request"}
    assert isinstance(out["bytecode_cached"], bool)


def test_plot_is_written(tiny, tiny_catalog, tmp_path):
    pytest.importorskip("matplotlib")
    from mu_cli.bench.plot import draw

    rows = load_gold(DATA / "eval_small.jsonl")[:4]
    result = bench.run_bench(bench.default_variants(tiny_catalog, tiny), rows, FAST, "small")
    draw(result, tmp_path / "b.svg")
    assert (tmp_path / "b.svg").read_text().lstrip().startswith("<?xml")


def test_missing_matplotlib_is_one_clear_line(cli, monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib now raises ImportError
    r = cli("bench", "--plot", str(tmp_path / "b.png"))
    assert (
        r.exit_code == 2
        and r.stderr.strip() == "mu: --plot needs matplotlib, which is not installed: pip install 'mu-settings[bench]'"
    )


def test_cli_json_and_table(cli, tmp_path):
    small = str(DATA / "eval_small.jsonl")
    r = cli("bench", "--json", "--eval", small, "--runs", "1", "--warmup", "0", "--process-runs", "1", "--threads", "2")
    assert r.exit_code == 0, r.output
    report = json.loads(r.stdout)
    assert report["options"]["threads"] == 2 and report["options"]["eval"] == small
    procs = {v["name"]: v.get("process") for v in report["variants"]}
    assert procs["fp32"] is None and procs["int8"]["median_ms"] > 0 and procs["lexical"]["median_ms"] > 0
    assert "mu bench: fp32: loading" in r.stderr  # progress goes to stderr, data to stdout
    table = cli("bench", "--eval", small, "--runs", "1", "--warmup", "0", "--process-runs", "0")
    assert table.exit_code == 0 and "exact/target" in table.stdout and "decoder-only:" in table.stdout
    assert cli("bench", "--provider", "NoSuchProvider").exit_code == 2


def test_engine_modules_stay_free_of_cli_and_training_imports():
    code = (
        "import sys, mu_cli.bench, mu_cli.bench.variants, mu_cli.bench.plot, mu_cli.training.quantize, "
        "mu_cli.bench.scoring; "
        "bad = [m for m in ('typer', 'rich', 'torch', 'matplotlib', 'onnx') if m in sys.modules]; "
        "print(bad); sys.exit(bool(bad))"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_without_a_model_the_lexical_baseline_still_runs():
    from mu_cli.commands import app

    r = CliRunner().invoke(
        app,
        [
            "bench",
            "--json",
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
    assert r.exit_code == 0, r.output
    model, lexical = json.loads(r.stdout)["variants"]
    assert model["available"] is False and "no trained model" in model["reason"]
    assert lexical["name"] == "lexical" and lexical["accuracy"]["n"] == 11


def test_several_eval_sets_are_each_scored(tiny, tiny_catalog, tmp_path):
    from mu_cli.bench.scoring import score

    rows = load_gold(DATA / "eval_small.jsonl")
    other = tmp_path / "other.jsonl"
    other.write_text("".join(line + "\n" for line in (DATA / "eval_small.jsonl").read_text().splitlines()[:3]))
    more = load_gold(other)
    variant = bench_variants.ModelVariant("fp32", tiny, tiny_catalog, "fp32")
    report = bench.run_bench([variant], rows, FAST, "first.jsonl", more_evals=[(str(other), more)]).report
    (entry,) = report["variants"]
    assert report["options"]["evals"] == ["first.jsonl", str(other)]
    assert entry["evals"]["first.jsonl"] == entry["accuracy"]
    assert entry["evals"][str(other)] == score(more, [variant.answer(r.text)[0] for r in more]).to_json()
    assert entry["evals"][str(other)]["n"] == 3
