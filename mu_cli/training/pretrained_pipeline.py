"""`run_pretrained`: the pipeline of the pretrained-encoder variant (pipeline.run's steps, this model).

synthesise -> verify MiniLM, prune its vocabulary, write the tokenizer -> train (two LRs) -> export with
export.py's graphs -> int8 (quantize_dynamic, then one shared int8 table for the tied decoder embedding and a 4-bit
encoder word embedding)
-> evaluate through mu_cli.runtime.ModelRuntime (validation + dev) -> out_dir with model.json.
"""

from __future__ import annotations

import functools
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from mu_cli.catalog import Catalog
from mu_cli.errors import MuError
from mu_cli.runtime import write_meta

from . import pretrained as P
from .export import export_onnx, parity
from .pipeline import DEV, base_meta, export_stage, finish
from .synth import generate as synth_generate
from .tokenizer import file_hash, load_tokenizer
from .train import encode_records

N_SAMPLES = 400_000  # distinct pairs; a 40-minute CPU run sees each at most once, a GPU run about twice
MIN_COUNT = 5  # a word of the synthetic corpus keeps its MiniLM row when it occurs this often
# on a GPU, larger batches at a higher LR (the shipped model's recipe); on a CPU the config's defaults
GPU_RECIPE = {"batch_size": 128, "peak_lr": 1.5e-3, "enc_lr": 1e-4, "eval_every": 2500, "val_exact_sample": 600}
ARCHITECTURE = "minilm-encoder + mu decoder"
# one more stage (`mu train --pretrained --continue`): the latest finished weights in the work directory, trained
# on fresh pairs from the current catalog (new problems, aliases, phrasings) with its vocabulary, at a tenth of the
# decoder's LR, with more indirect and multi-setting requests than the first stage
CONTINUE_SAMPLES = 320_000
# on a GPU: more pairs (about two passes in 7 minutes), larger batches at twice the LR
CONTINUE_SAMPLES_GPU = 700_000
CONTINUE_GPU = {"batch_size": 128, "peak_lr": 3e-4, "enc_lr": 3e-5}
CONTINUE_MIX = (
    ("single", 24),
    ("terse", 5),
    ("indirect", 14),
    ("open", 6),
    ("multi", 13),
    ("nocall", 8),
    ("procedural", 8),
    ("preamble", 6),
    ("titled", 6),
    ("compound", 6),
    ("phone", 3),
    ("in_app", 3),
    ("chat", 6),
)
CONTINUE_RECIPE = {
    "peak_lr": 1.5e-4,
    "enc_lr": 1.5e-5,
    "warmup_steps": 200,
    "decay_frac": 0.5,
    "ckpt_every": 400,
    "eval_every": 2000,
    "val_exact_sample": 600,
}


# ------------------------------------------------------------------ the tied decoder embedding, once
def share_decoder_embedding(path: Path) -> dict:
    """After quantize_dynamic the decoder holds the tied embedding twice: a uint8 [V, d] table for the input
    Gather and the int8 [d, V] per-channel weight of the output MatMulInteger. Rewrite the input lookup to
    read the int8 weight (column `token`, times that column's scale) and drop the uint8 table.
    Returns what was done (bytes saved)."""
    import onnx

    model = onnx.load(str(path))
    g = model.graph
    inits = {i.name: i for i in g.initializer}
    found = _tied_lookup(g, inits)
    if isinstance(found, str):
        return {"shared": False, "reason": found}
    gather, deq, weight, scale = found
    _replace(g, (gather, deq), _column_lookup(weight, scale, gather.input[1], deq.output[0]))
    g.initializer.append(onnx.numpy_helper.from_array(np.array([-1], np.int64), "/embed_shared/axes"))
    saved = _drop_unused(g, inits, (inits[gather.input[0]].name, *deq.input[1:]))
    onnx.checker.check_model(model)
    onnx.save(model, str(path))
    return {"shared": True, "bytes_saved": saved}


def _tied_lookup(g, inits: dict):
    """(the uint8 lookup, its DequantizeLinear, the output projection's int8 weight, its per-column scale), or
    why the decoder is not in the shape share_decoder_embedding rewrites."""
    from onnx import numpy_helper

    gathers = _uint8_lookups(g, inits)
    if len(gathers) != 1:
        return f"{len(gathers)} quantized embedding lookups"
    vocab, d = inits[gathers[0].input[0]].dims
    deq = [n for n in g.node if gathers[0].output[0] in n.input]
    if len(deq) != 1 or deq[0].op_type != "DequantizeLinear":
        return "lookup not followed by DequantizeLinear"
    mms = [
        n
        for n in g.node
        if n.op_type == "MatMulInteger" and n.input[1] in inits and list(inits[n.input[1]].dims) == [d, vocab]
    ]
    if len(mms) != 1:
        return f"{len(mms)} output projections of shape [{d}, {vocab}]"
    weight = mms[0].input[1]
    zp = numpy_helper.to_array(inits[mms[0].input[3]]) if len(mms[0].input) > 3 else np.zeros(1)
    if np.any(zp != 0):
        return "asymmetric output projection"
    # the scale of the output projection: the Mul after MatMulInteger's Cast multiplies by [V] scales
    scale = next((n for n in inits if n == weight.replace("_quantized", "_scale")), None)
    if scale is None or list(inits[scale].dims) != [vocab]:
        return "no per-channel scale for the output projection"
    return gathers[0], deq[0], weight, scale


def _column_lookup(weight: str, scale: str, tok: str, out: str) -> list:
    """Nodes that read token rows from the int8 output projection [d, V]: column `tok`, times its scale."""
    from onnx import TensorProto, helper

    p = "/embed_shared"
    return [
        helper.make_node("Gather", [weight, tok], [p + "/cols"], axis=1),  # [d, B, 1] int8
        helper.make_node("Cast", [p + "/cols"], [p + "/colsf"], to=TensorProto.FLOAT),
        helper.make_node("Transpose", [p + "/colsf"], [p + "/rows"], perm=[1, 2, 0]),  # [B, 1, d]
        helper.make_node("Gather", [scale, tok], [p + "/s"], axis=0),  # [B, 1]
        helper.make_node("Unsqueeze", [p + "/s", p + "/axes"], [p + "/s3"]),  # [B, 1, 1]
        helper.make_node("Mul", [p + "/rows", p + "/s3"], [out]),
    ]


def _uint8_lookups(g, inits: dict) -> list:
    """Gathers from a 2-D uint8 initializer: quantize_dynamic's embedding lookups."""
    from onnx import TensorProto

    return [
        n
        for n in g.node
        if n.op_type == "Gather"
        and n.input[0] in inits
        and len(inits[n.input[0]].dims) == 2
        and inits[n.input[0]].data_type == TensorProto.UINT8
    ]


def _replace(g, old: tuple, new: list) -> None:
    """`new` nodes where the first of `old` stood, `old` removed."""
    at = list(g.node).index(old[0])
    for n in old:
        g.node.remove(n)
    for k, n in enumerate(new):
        g.node.insert(at + k, n)


def _drop_unused(g, inits: dict, names) -> int:
    """Remove the initializers among `names` that no node reads any more; the bytes that frees."""
    saved = 0
    for name in names:
        if name in inits and not any(name in n.input for n in g.node):
            saved += len(inits[name].raw_data) or 0
            g.initializer.remove(inits[name])
    return saved


def pack_encoder_embedding(path: Path, fp32_path: Path, block: int = 32) -> dict:
    """After quantize_dynamic the encoder looks its word embedding up in a uint8 table with one scale for the
    whole table. Replace it with 4-bit values in blocks of `block` columns, each block with its own scale,
    quantized from the fp32 weights (onnxruntime's GatherBlockQuantized): about 60% of the table's bytes, and
    rows with large values no longer coarsen every other row. Returns what was done (bytes saved)."""
    import onnx
    from onnx import helper, numpy_helper

    model, ref = onnx.load(str(path)), onnx.load(str(fp32_path))
    g = model.graph
    inits = {i.name: i for i in g.initializer}
    gathers = _uint8_lookups(g, inits)
    deqs = [n for n in g.node if gathers and n.op_type == "DequantizeLinear" and n.input[0] == gathers[0].output[0]]
    if len(gathers) != 1 or len(deqs) != 1:
        return {"packed": False, "reason": f"{len(gathers)} quantized embedding lookups"}
    gather, deq = gathers[0], deqs[0]
    table = inits[gather.input[0]]
    weights = {i.name: i for i in ref.graph.initializer}.get(table.name.removesuffix("_quantized"))
    if weights is None or table.dims[1] % block:
        return {"packed": False, "reason": "no fp32 table of that name, or columns not a multiple of the block"}
    packed, scale = _quantize_4bit(numpy_helper.to_array(weights).astype(np.float32), block)
    p = table.name.removesuffix("_quantized")
    g.initializer.extend([numpy_helper.from_array(packed, p + "_q4"), numpy_helper.from_array(scale, p + "_q4_scale")])
    node = helper.make_node(
        "GatherBlockQuantized",
        [p + "_q4", gather.input[1], p + "_q4_scale"],
        [deq.output[0]],
        domain="com.microsoft",
        gather_axis=0,
        quantize_axis=1,
        block_size=block,
        bits=4,
    )
    _replace(g, (gather, deq), [node])
    if not any(o.domain == "com.microsoft" for o in model.opset_import):
        model.opset_import.append(helper.make_opsetid("com.microsoft", 1))
    saved = _drop_unused(g, inits, (table.name, *deq.input[1:])) - (packed.nbytes + scale.size * 4)
    onnx.save(model, str(path))
    return {"packed": True, "bits": 4, "block": block, "bytes_saved": saved}


def _quantize_4bit(w: np.ndarray, block: int) -> tuple[np.ndarray, np.ndarray]:
    """Signed 4-bit values (zero point 8) in blocks of `block` columns, each with its own scale; two values a
    byte, the low nibble first. Returns (packed [rows, cols / 2] uint8, scales [rows, cols / block] float32)."""
    rows, cols = w.shape
    wb = w.reshape(rows, cols // block, block)
    scale = np.maximum(np.abs(wb).max(-1), 1e-12) / 7.0
    q = (np.clip(np.rint(wb / scale[..., None]), -8, 7) + 8).astype(np.uint8).reshape(rows, cols)
    return q[:, 0::2] | (q[:, 1::2] << 4), scale.astype(np.float32)


# ------------------------------------------------------------------ the pipeline
@dataclass
class Prepared:
    """What training starts from: verified weights' digests, data, the pruned vocabulary and its tokenizer."""

    digests: dict
    run_id: dict
    pv: P.PrunedVocab
    tok: object
    tok_path: Path
    train_ex: list
    val_ex: list
    val_recs: list
    skipped: int
    min_count: int


def prepare(
    catalog: Catalog,
    work: Path,
    seed: int = 0,
    n_samples: int = N_SAMPLES,
    resume: bool = False,
    emit: Callable[[dict], None] = lambda info: None,
    generate: Callable | None = None,
    min_count: int = MIN_COUNT,
    src_dir: Path | None = None,
    max_src: int | None = None,
    max_tgt: int | None = None,
    keep_vocab: bool = False,
) -> Prepared:
    """synthesise -> verify MiniLM -> prune its vocabulary -> tokenizer -> encoded examples.
    `keep_vocab`: the work directory's vocabulary and tokenizer stay (a second stage trains the same rows)."""
    emit({"phase": "verify"})
    src_dir = src_dir or P.minilm_dir()
    digests = P.verify(src_dir)
    emit({"phase": "synth"})
    generate = generate or synth_generate
    train_recs, val_recs = generate(catalog, seed, n_samples)
    emit({"phase": "tokenizer"})
    run_id = {
        "catalog": catalog.hash,
        "seed": seed,
        "n_samples": n_samples,
        "min_count": min_count,
        "minilm": digests["model.safetensors"],
        "generator": getattr(generate, "__module__", "?"),
    }
    run_id = _vocabulary(work, catalog, run_id, train_recs, resume, keep_vocab, src_dir, min_count)
    pv = P.PrunedVocab(**json.loads((work / "vocab.json").read_text()))
    tok = load_tokenizer(work / "tokenizer.json")
    emit({"phase": "vocab", "unified": len(pv.tokens), "encoder_rows": len(pv.rows), "functional": pv.n_functional})
    cfg = P.decoder_config(pv, {k: v for k, v in (("max_src", max_src), ("max_tgt", max_tgt)) if v})
    train_ex, skipped = encode_records(train_recs, tok, catalog, cfg)
    val_ex, val_skipped = encode_records(val_recs, tok, catalog, cfg)
    found = (train_ex, val_ex, val_recs, skipped + val_skipped, run_id["min_count"])
    return Prepared(digests, run_id, pv, tok, work / "tokenizer.json", *found)


def _vocabulary(work: Path, catalog: Catalog, run_id: dict, train_recs, resume: bool, keep: bool, src_dir, min_count):
    """The pruned vocabulary and its tokenizer in the work directory: kept (a further stage: the same rows, for
    the same grammar), reused (resuming the same run) or made anew from the training texts. The run id."""
    tok_path, pv_path = work / "tokenizer.json", work / "vocab.json"
    if keep:
        first = _read(work / "run.json") or {}
        if not (tok_path.exists() and pv_path.exists()) or first.get("catalog") != catalog.hash:
            raise MuError(
                f"{work} holds no vocabulary for this catalog's grammar (ids, kinds or domains changed?); "
                "train from the start: mu train --pretrained --fresh"
            )
        return {**run_id, "min_count": first.get("min_count"), "continues": first}
    if not (resume and tok_path.exists() and pv_path.exists() and _read(work / "run.json") == run_id):
        pv = P.prune_vocab((r["text"] for r in train_recs), catalog, src_dir, min_count)
        P.build_tokenizer(pv).save(str(tok_path))
        pv_path.write_text(json.dumps(pv.to_dict()))
        (work / "run.json").write_text(json.dumps(run_id))
    return run_id


def run_pretrained(
    catalog: Catalog,
    out_dir: str | Path,
    seed: int = 0,
    minutes: float = 40.0,
    resume: bool = False,
    progress_cb: Callable[[dict], None] | None = None,
    work_dir: str | Path | None = None,
    n_samples: int = N_SAMPLES,
    *,
    decoder_config: dict | None = None,
    train_overrides: dict | None = None,
    generate: Callable | None = None,
    dev_path: str | Path | None = DEV,
    min_count: int = MIN_COUNT,
    minilm_dir: str | Path | None = None,
) -> dict:
    """Train the pretrained-encoder variant for `catalog` into out_dir; returns model.json's content."""
    emit = progress_cb or (lambda info: None)
    work = Path(work_dir) if work_dir else Path(out_dir).parent / ".train_ckpt_pretrained"
    work.mkdir(parents=True, exist_ok=True)
    t_start, dc, src = time.time(), decoder_config or {}, Path(minilm_dir) if minilm_dir else None
    lengths = (dc.get("max_src"), dc.get("max_tgt"))
    prep = prepare(catalog, work, seed, n_samples, resume, emit, generate, min_count, src, *lengths)
    model = P.build_model(prep.pv, decoder_config, src, catalog=catalog)
    overrides = train_overrides or {}
    recipe = GPU_RECIPE if str(overrides.get("device", "cpu")).startswith("cuda") else {}
    tcfg = P.PretrainedTrainConfig.from_dict({"seed": seed, "minutes": minutes, **recipe, **overrides})
    fingerprint = {**prep.run_id, "tokenizer": file_hash(prep.tok_path)}
    data = (prep.train_ex, prep.val_ex, prep.tok, catalog)
    model, stats = P.train(model, tcfg, *data, work / "ckpt", resume, emit, fingerprint=fingerprint)
    return ship(prep, model, tcfg, stats, catalog, out_dir, work, dev_path, t_start, emit)


def continue_pretrained(
    catalog: Catalog,
    out_dir: str | Path,
    seed: int = 1,
    minutes: float = 40.0,
    resume: bool = False,
    progress_cb: Callable[[dict], None] | None = None,
    work_dir: str | Path | None = None,
    n_samples: int | None = None,
    *,
    train_overrides: dict | None = None,
    generate: Callable | None = None,
    dev_path: str | Path | None = DEV,
    minilm_dir: str | Path | None = None,
) -> dict:
    """One more stage: the latest finished run in the work directory (`run_pretrained`'s, or an earlier stage
    of this) goes on training on fresh pairs from the current catalog, with the same vocabulary. The stage
    trains in ckpt-continue/ and resumes from it like any run; a finished stage there that the new data does not
    match is kept as ckpt-stage<N>/ and becomes the start."""
    from .model import ModelConfig

    emit, overrides = progress_cb or (lambda info: None), train_overrides or {}
    gpu = str(overrides.get("device", "cpu")).startswith("cuda")
    work = Path(work_dir) if work_dir else Path(out_dir).parent / ".train_ckpt_pretrained"
    current, done = _stage_files(work)
    ck = _load(current if current.exists() else done[-1])
    t_start = time.time()
    cfg = ModelConfig.from_dict(ck["model_config"])
    n_samples = n_samples or (CONTINUE_SAMPLES_GPU if gpu else CONTINUE_SAMPLES)
    shape = dict(src_dir=Path(minilm_dir) if minilm_dir else None, max_src=cfg.max_src, max_tgt=cfg.max_tgt)
    prep = prepare(
        catalog, work, seed, n_samples, resume, emit, generate or _continue_generator(), **shape, keep_vocab=True
    )
    ck, stages = _start_of_stage(work, current, done, ck, prep, resume)
    recipe = {"seed": seed, "minutes": minutes, **CONTINUE_RECIPE, **(CONTINUE_GPU if gpu else {}), **overrides}
    tcfg = P.PretrainedTrainConfig.from_dict(recipe)
    model, stats = _train_stage(prep, ck, cfg, tcfg, catalog, work, resume, emit, stages)
    return ship(prep, model, tcfg, {**stats, "stages": stages}, catalog, out_dir, work, dev_path, t_start, emit)


def _load(path: Path) -> dict:
    import torch

    return torch.load(path, map_location="cpu", weights_only=False)


def _stage_files(work: Path) -> tuple[Path, list[Path]]:
    """The checkpoint of the stage in progress (may not exist) and the finished ones, oldest first."""
    current = work / "ckpt-continue" / "latest.pt"
    done = sorted(work.glob("ckpt-stage*/latest.pt"), key=lambda p: int(p.parent.name[10:]))
    done = [work / "ckpt" / "latest.pt"] * (work / "ckpt" / "latest.pt").exists() + done
    if not done and not current.exists():
        raise MuError(f"nothing to continue in {work}: train first (mu train --pretrained)")
    return current, done


def _continue_generator() -> Callable:
    """The synthesiser with the continuation's mix of record types."""
    generate = functools.partial(synth_generate, mix=CONTINUE_MIX)
    generate.__module__ = synth_generate.__module__
    return generate


def _start_of_stage(work: Path, current: Path, done: list[Path], ck: dict, prep, resume: bool):
    """The checkpoint this stage starts (or resumes) from and the stages before it. A finished stage in
    ckpt-continue/ that the new data does not match is kept as ckpt-stage<N>/ and becomes the start."""
    import shutil

    from .train import data_digest

    same_data = current.exists() and ck.get("data") == data_digest(prep.train_ex)
    if current.exists() and not (resume and same_data):
        if ck["state"]["done"] and not same_data:  # an earlier stage: the start
            kept = work / f"ckpt-stage{len(ck.get('stages', [])) + 1}"
            current.parent.rename(kept)
            done.append(kept / "latest.pt")
        elif resume:
            raise MuError(
                f"{current.parent} holds an unfinished stage on other data (catalog or seed changed); "
                "resume it with the same ones, or start this stage anew with --fresh"
            )
        else:
            shutil.rmtree(current.parent)
    if current.exists():  # resuming this stage: its start is recorded in its checkpoint
        return ck, ck.get("stages", [])
    if not done or not (ck := _load(done[-1]))["state"]["done"]:
        raise MuError(f"the run in {work} is not finished: resume it first (mu train --pretrained)")
    return ck, [*ck.get("stages", []), _stage_summary(ck)]


def _train_stage(prep, ck: dict, cfg, tcfg, catalog: Catalog, work: Path, resume: bool, emit, stages: list):
    model = P.PretrainedMu(cfg, P.EncoderConfig.from_dict(ck["encoder_config"]), prep.pv.remap)
    model.load_state_dict(ck["model"])
    fingerprint = {**prep.run_id, "tokenizer": file_hash(prep.tok_path)}
    ckpt = work / "ckpt-continue"
    return P.train(
        model,
        tcfg,
        prep.train_ex,
        prep.val_ex,
        prep.tok,
        catalog,
        ckpt,
        resume,
        emit,
        fingerprint=fingerprint,
        stages=stages,
    )


def _stage_summary(ck: dict) -> dict:
    """What model.json says of an earlier stage, from its final checkpoint."""
    st, tc = ck["state"], ck["train_config"]
    return {
        "steps": st["step"],
        "samples_seen": st["samples"],
        "train_seconds": round(st["train_seconds"], 1),
        "device": tc.get("device"),
        "batch_size": tc.get("batch_size"),
        "peak_lr": tc.get("peak_lr"),
        "seed": tc.get("seed"),
        **({"val_exact": st["history"][-1].get("val_exact")} if st["history"] else {}),
    }


def ship(
    prep: Prepared,
    model,
    tcfg,
    stats: dict,
    catalog: Catalog,
    out_dir: str | Path,
    work: Path,
    dev_path: str | Path | None = DEV,
    t_start: float | None = None,
    emit: Callable[[dict], None] = lambda info: None,
) -> dict:
    """A trained model -> ONNX -> int8 (one shared decoder table) -> evaluated -> out_dir with model.json."""
    stage, fp32, int8 = export_stage(model, work, prep.tok_path, export_onnx, emit)
    shared = share_decoder_embedding(int8["decoder"])
    packed = pack_encoder_embedding(int8["encoder"], fp32["encoder"])
    meta = _meta(prep, model, tcfg, stats, catalog, (stage, fp32, int8), packed)
    meta["export"] = {"decoder_embedding": shared, "encoder_embedding": packed}
    cases = [(s, [model.cfg.bos_id] + t[:-1]) for s, t in prep.val_ex[:8]]
    meta["scores"] = {"parity": parity(model, fp32, int8, cases)}
    write_meta(stage, meta)
    start, keep = t_start or time.time(), getattr(tcfg, "keep_fp32", False)
    evaluation = (prep.val_recs, prep.val_ex, prep.tok, fp32, dev_path, start, emit)
    return finish(stage, Path(out_dir), meta, catalog, *evaluation, keep_fp32=keep)


def _meta(prep: Prepared, model, tcfg, stats: dict, catalog: Catalog, graphs: tuple, packed: dict) -> dict:
    """model.json of the pretrained variant: the common entries, then where its encoder came from."""
    stage, fp32, int8 = graphs
    pv = prep.pv
    shapes = {"config": model.cfg.to_dict(), "encoder": model.ecfg.to_dict(), "params": model.param_counts()}
    tokens = {
        "vocab_size": len(pv.tokens),
        "type": "MiniLM WordPiece (uncased), pruned, space-marked tokens + functional tokens",
    }
    data = {
        "train": len(prep.train_ex),
        "val": len(prep.val_ex),
        "skipped": prep.skipped,
        "seed": prep.run_id["seed"],
        "generator": prep.run_id["generator"],
    }
    quant = "onnxruntime dynamic int8, per-channel QInt8 weights; tied decoder embedding stored once" + (
        "; encoder word embedding 4-bit in blocks of 32 columns" if packed.get("packed") else ""
    )
    meta = base_meta(stage, catalog, fp32, int8, tcfg, stats, ARCHITECTURE, shapes, tokens, data, quant)
    vocab = {
        "minilm": 30522,
        "encoder_rows": len(pv.rows),
        "unified": len(pv.tokens),
        "functional": pv.n_functional,
        "min_count": prep.min_count,
    }
    meta["pretrained"] = {
        "name": P.MODEL_NAME,
        "package": P.PACKAGE_DIST,
        "license": P.LICENSE,
        "sha256": prep.digests,
        "vocab": vocab,
    }
    return meta


def _read(path: Path):
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return None


# ------------------------------------------------------------------ keeping the better variant
def variants_summary(model_dirs: dict[str, str | Path]) -> dict:
    """The results of several trained variants side by side ({name: model dir}) and the one to keep: the
    best dev exact match (validation exact where no dev score exists), then the lower p50 latency. Meant
    for model.json's "variants" entry, so the kept model records the other's numbers too."""
    out = {}
    for name, d in model_dirs.items():
        meta = json.loads((Path(d) / "model.json").read_text())
        out[name] = {
            "architecture": meta.get("architecture"),
            "params": meta.get("model", {}).get("params"),
            "scores": {k: v for k, v in meta.get("scores", {}).items() if k != "parity"},
            "latency_ms": meta.get("latency_ms"),
            "size_mb": meta.get("size_mb"),
            "training": {
                k: meta.get("training", {}).get(k) for k in ("steps", "samples_per_s", "train_seconds", "val_exact")
            },
        }

    def rank(item):
        s = item[1]["scores"]
        return (
            -(s.get("dev") or {}).get("exact", s.get("val_exact_int8", 0.0)),
            (item[1]["latency_ms"] or {}).get("p50", float("inf")),
        )

    return {"chosen": min(out.items(), key=rank)[0] if out else None, "variants": out}
