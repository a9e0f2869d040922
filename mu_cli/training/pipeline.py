"""`mu train` end to end: synthesise -> tokenizer -> train -> export -> quantise -> evaluate -> model/.

Everything is staged in `work_dir` (checkpoints, tokenizer, ONNX files) and copied into `out_dir` only
when the run is complete, so an interrupted run never leaves a half-written model behind.
"""

from __future__ import annotations

import json
import shutil
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from mu_cli.bench.scoring import load_gold, score
from mu_cli.catalog import Catalog
from mu_cli.runtime import ENCODER_DECODER as ENCODER_DECODER_RUNTIME
from mu_cli.runtime import FORMAT_VERSION, ModelRuntime, open_runtime, write_meta

from .export import export_onnx, int8_graphs, parity
from .model import ModelConfig
from .tokenizer import TEXT_VOCAB, file_hash, load_tokenizer, train_tokenizer
from .train import TrainConfig, calls_key, encode_records, special_ids, train

DEV = Path(__file__).resolve().parents[3] / "shared" / "eval" / "dev.jsonl"
FP32_LIMIT_MB = 60
N_SAMPLES = 60_000


def _generator() -> Callable:
    from .synth import generate

    return generate


def prepare_data(
    catalog: Catalog,
    work: Path,
    seed: int,
    n_samples: int,
    resume: bool,
    emit: Callable[[dict], None],
    generate: Callable,
    text_vocab: int = TEXT_VOCAB,
) -> tuple[list, list, object, Path]:
    """synthesise -> the byte-level BPE tokenizer (kept on resume of the same run): train and validation
    records, the tokenizer and its file."""
    emit({"phase": "synth"})
    train_recs, val_recs = generate(catalog, seed, n_samples)
    emit({"phase": "tokenizer"})
    tok_path = work / "tokenizer.json"
    if not (resume and tok_path.exists() and _same_run(work, catalog, seed)):
        train_tokenizer((r["text"] for r in train_recs), catalog, text_vocab).save(str(tok_path))
        (work / "run.json").write_text(json.dumps({"catalog": catalog.hash, "seed": seed}))
    return train_recs, val_recs, load_tokenizer(tok_path), tok_path


def export_stage(model, work: Path, tok_path: Path, export: Callable, emit: Callable[[dict], None]):
    """A trained model -> work/export with its fp32 and int8 ONNX graphs and the tokenizer."""
    emit({"phase": "export"})
    stage = work / "export"
    shutil.rmtree(stage, ignore_errors=True)
    fp32 = export(model, stage)
    emit({"phase": "quantize"})
    int8 = int8_graphs(fp32)
    shutil.copy(tok_path, stage / "tokenizer.json")
    return stage, fp32, int8


ARCHITECTURE = "encoder-decoder transformer (Mu-style: dual LayerNorm, RoPE, GQA, SwiGLU, tied embeddings)"
QUANTIZATION = "onnxruntime dynamic int8, per-channel QInt8 weights"


def base_meta(
    stage: Path,
    catalog: Catalog,
    fp32: dict,
    int8: dict,
    tcfg,
    stats: dict,
    architecture: str,
    model: dict,
    tokenizer: dict,
    data: dict,
    quantization: str = QUANTIZATION,
    runtime: str = ENCODER_DECODER_RUNTIME,
) -> dict:
    """The model.json entries every variant writes (a variant adds its own: scores, pretrained weights...)."""
    return {
        "format_version": FORMAT_VERSION,
        "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "runtime": runtime,
        "architecture": architecture,
        "model": model,
        "quantization": quantization,
        "files": {"int8": {k: p.name for k, p in int8.items()}, "fp32": {k: p.name for k, p in fp32.items()}},
        "tokenizer": {"file": "tokenizer.json", "hash": file_hash(stage / "tokenizer.json"), **tokenizer},
        "catalog": {"hash": catalog.hash, "settings": len(catalog.settings), "pages": len(catalog.pages)},
        "data": data,
        "training": {"train_config": asdict(tcfg), **stats},
    }


@dataclass(frozen=True)
class Recipe:
    """What differs between the models trained on the byte-level BPE data: their config, training loop, graphs,
    parity check and description. The rest of run() is theirs in common."""

    architecture: str
    config: type
    train: Callable
    export: Callable
    parity: Callable
    params: Callable = lambda model, mcfg: model.param_counts()
    work_name: str = ".train_ckpt"
    runtime: str = ENCODER_DECODER_RUNTIME  # model.json "runtime": the class that runs the exported graphs
    keep_fp32: bool = False  # a baseline that is never shipped keeps its fp32 graphs, whatever their size


ENCODER_DECODER = Recipe(ARCHITECTURE, ModelConfig, train, export_onnx, parity)


def run(
    catalog: Catalog,
    out_dir: str | Path,
    seed: int = 0,
    minutes: float = 35.0,
    resume: bool = False,
    progress_cb: Callable[[dict], None] | None = None,
    *,
    work_dir: str | Path | None = None,
    n_samples: int = N_SAMPLES,
    model_config: dict | None = None,
    train_overrides: dict | None = None,
    generate: Callable | None = None,
    dev_path: str | Path | None = DEV,
    text_vocab: int = TEXT_VOCAB,
    recipe: Recipe = ENCODER_DECODER,
) -> dict:
    """Train a model for `catalog` and write it to out_dir; returns the content of model.json."""
    emit, out_dir = progress_cb or (lambda info: None), Path(out_dir)
    work = Path(work_dir) if work_dir else out_dir.parent / recipe.work_name
    work.mkdir(parents=True, exist_ok=True)
    t_start = time.time()
    generate = generate or _generator()
    train_recs, val_recs, tok, tok_path = prepare_data(
        catalog, work, seed, n_samples, resume, emit, generate, text_vocab
    )
    mcfg = recipe.config(**{**(model_config or {}), "vocab_size": tok.get_vocab_size(), **special_ids(tok)})
    tcfg = TrainConfig.from_dict({"seed": seed, "minutes": minutes, **(train_overrides or {})})
    train_ex, skipped = encode_records(train_recs, tok, catalog, mcfg)
    val_ex, val_skipped = encode_records(val_recs, tok, catalog, mcfg)
    model, stats = recipe.train(mcfg, tcfg, train_ex, val_ex, tok, catalog, work / "ckpt", resume, emit)
    stage, fp32, int8 = export_stage(model, work, tok_path, recipe.export, emit)
    data = dict(train=len(train_ex), val=len(val_ex), skipped=skipped + val_skipped, seed=seed, n_samples=n_samples)
    data["generator"] = getattr(generate, "__module__", "?")
    meta = _meta(recipe, stage, catalog, (fp32, int8), tcfg, stats, model, mcfg, tok, data)
    cases = [(s, [mcfg.bos_id] + t[:-1]) for s, t in val_ex[:8]]
    meta["scores"] = {"parity": recipe.parity(model, fp32, int8, cases)}
    write_meta(stage, meta)
    keep = recipe.keep_fp32 or tcfg.keep_fp32
    return finish(stage, out_dir, meta, catalog, val_recs, val_ex, tok, fp32, dev_path, t_start, emit, keep_fp32=keep)


def _meta(recipe: Recipe, stage: Path, catalog: Catalog, graphs: tuple, tcfg, stats, model, mcfg, tok, data) -> dict:
    shapes = {"config": mcfg.to_dict(), "params": recipe.params(model, mcfg)}
    tokens = {"vocab_size": tok.get_vocab_size(), "type": "byte-level BPE + functional tokens"}
    return base_meta(
        stage, catalog, *graphs, tcfg, stats, recipe.architecture, shapes, tokens, data, runtime=recipe.runtime
    )


def finish(
    stage: Path,
    out_dir: Path,
    meta: dict,
    catalog: Catalog,
    val_recs: list[dict],
    val_ex,
    tok,
    fp32: dict,
    dev_path,
    t_start: float,
    emit: Callable[[dict], None],
    keep_fp32: bool = False,
) -> dict:
    """The steps every variant ends with: evaluate the staged int8 model (validation, dev, latency) through the
    runtime its architecture needs, record sizes, drop fp32 files past the size limit (unless `keep_fp32`),
    and install the staged directory into out_dir."""
    emit({"phase": "evaluate"})
    rt = open_runtime(stage, catalog)
    meta["scores"]["val_exact_int8"] = _val_exact(rt, val_recs[:500], val_ex[:500], tok, catalog)
    texts = [r["text"] for r in val_recs[:200]]
    if dev_path and Path(dev_path).exists():
        meta["scores"]["dev"] = score_dev(rt, Path(dev_path))
        texts = [json.loads(line)["text"] for line in Path(dev_path).read_text().splitlines() if line.strip()]
    meta["latency_ms"] = latency(rt, texts)
    sizes = {p.name: p.stat().st_size for p in stage.glob("*.onnx")}
    meta["size_mb"] = {
        "int8": round(sum(v for k, v in sizes.items() if ".int8." in k) / 2**20, 2),
        "fp32": round(sum(v for k, v in sizes.items() if ".int8." not in k) / 2**20, 2),
    }
    if not keep_fp32 and sum(sizes.values()) / 2**20 > FP32_LIMIT_MB:
        for p in fp32.values():
            p.unlink()
        meta["files"].pop("fp32")
    meta["training"]["pipeline_seconds"] = round(time.time() - t_start, 1)
    write_meta(stage, meta)
    _install(stage, out_dir)
    emit({"phase": "finished", "model_dir": str(out_dir), "scores": meta["scores"]})
    return meta


def _same_run(work: Path, catalog: Catalog, seed: int) -> bool:
    try:
        return json.loads((work / "run.json").read_text()) == {"catalog": catalog.hash, "seed": seed}
    except (OSError, ValueError):
        return False


def _install(stage: Path, out_dir: Path) -> None:
    """Replace the model files in out_dir with the staged ones (other files there are left alone)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in list(out_dir.glob("*.onnx")) + [out_dir / "tokenizer.json", out_dir / "model.json"]:
        old.unlink(missing_ok=True)
    for f in stage.iterdir():
        if f.suffix in (".onnx", ".json"):
            shutil.copy(f, out_dir / f.name)


# ------------------------------------------------------------------ evaluation through the runtime
def _val_exact(rt: ModelRuntime, recs: list[dict], examples, tok, catalog: Catalog) -> float:
    """Exact match of the shipped (int8) runtime on validation records, gold read back from their tokens."""
    from mu_cli.grammar import tokens_to_calls

    from .tokenizer import detokenizer

    id_to_tok = {i: t for t, i in tok.get_vocab(with_added_tokens=True).items()}
    detok, hits = detokenizer(tok), 0
    for rec, (_, tgt) in zip(recs, examples):
        gold = tokens_to_calls([id_to_tok[t] for t in tgt], catalog, detok)
        hits += calls_key(gold) == calls_key(rt.predict(rec["text"]).calls)
    return round(hits / max(1, len(recs)), 4)


def score_dev(rt: ModelRuntime, dev_path: Path) -> dict:
    """exact/target accuracy of the model alone on the dev set, by the bench's scorer (never trained on)."""
    rows = [row for row in load_gold(dev_path) if row.scored]
    result = score(rows, [[c.to_json() for c in rt.predict(row.text).calls] for row in rows]).to_json()
    return {k: result[k] for k in ("n", "exact", "target")}


def latency(rt: ModelRuntime, texts: list[str]) -> dict:
    """Per-request wall time of predict() (tokenise + encode + decode) on this machine."""
    for t in texts[:5]:
        rt.predict(t)
    times = []
    for t in texts:
        t0 = time.perf_counter()
        rt.predict(t)
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return {
        "p50": round(statistics.median(times), 2),
        "p95": round(times[int(0.95 * (len(times) - 1))], 2),
        "n": len(times),
        "threads": 1,
    }
