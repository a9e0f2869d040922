"""`mu quantize` as a library: an fp32 ONNX model directory -> a quantized model directory, evaluated.

Modes (weights are int8 per output channel in all of them):
- dynamic:   onnxruntime dynamic quantisation; activations are quantised at run time, per tensor;
- qdq-int8:  static QDQ, int8 activations with ranges calibrated offline (the S8S8 form NPUs and Arm prefer);
- qdq-uint8: static QDQ, uint8 activations (U8S8: the form onnxruntime's x86 CPU kernels fuse; on x86 its
             S8S8 per-channel MatMuls stay DequantizeLinear + float MatMul, several times slower than fp32);
- qdq-int16: static QDQ, int16 activations (com.microsoft Q/DQ before opset 21; no int16 kernels, so the
             graph runs in float between Q/DQ pairs: smaller on disk, not faster).
Static calibration runs requests synthesised from the catalog through the fp32 model: the encoder sees
their token ids, the decoder-step graph the feeds of constrained greedy decoding (past/cross KV included),
recorded step by step. `exclude` keeps operator types or nodes (names, shell patterns) in float; the
result lists which candidate nodes stayed float. By default the QDQ modes keep LayerNormalization in float:
there is no integer kernel for it, so Q/DQ around it only adds work and rounding (on the shipped model it
cost 0.5 ms per request and 3.6 points of agreement with fp32 on the dev set); and the decoder's output
projection (`@logits`): with calibrated activations it wrecked the ranking of candidate tokens on the shipped
model (dev exact 0.23 instead of 0.87). `("none",)` quantises all.

The quantised graphs, the tokenizer and a model.json are staged next to the output directory, evaluated
against the fp32 model (bench.measure: same engine route, same scorer), and only then moved in. Writing
over the shipped model is refused when exact accuracy drops more than `max_drop`, or when the quantised
model is slower than fp32 on this machine (check_gate), unless `force`.
"""

from __future__ import annotations

import fnmatch
import logging
import os
import shutil
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..bench import Measurement, measure, percentiles, speed, stage_samples
from ..bench.scoring import GoldRow, score, synthetic_gold
from ..bench.variants import ModelVariant, meta_or_none
from ..calls import calls_key
from ..catalog import Catalog
from ..errors import ModelError, Refused, UsageError
from ..runtime import write_meta

MODES = ("dynamic", "qdq-int8", "qdq-uint8", "qdq-int16")
MAX_P50_RATIO = 1.1  # a quantised model slower than fp32 has no business replacing the shipped one
LOGITS = "@logits"  # the MatMul that computes a graph's "logits" output (the tied output projection)
DEFAULT_EXCLUDE = {
    "dynamic": (),
    "qdq-int8": ("LayerNormalization", LOGITS),
    "qdq-uint8": ("LayerNormalization", LOGITS),
    "qdq-int16": ("LayerNormalization", LOGITS),
}
GRAPHS = ("encoder", "decoder")
# Float-valued helpers that never carry weights; listing them as "kept in float" would only be noise.
_PLUMBING = {
    "Constant",
    "Shape",
    "Cast",
    "Range",
    "Unsqueeze",
    "Squeeze",
    "Concat",
    "Reshape",
    "Slice",
    "Expand",
    "ConstantOfShape",
    "Identity",
    "Transpose",
    "Split",
}


@dataclass
class QuantizeOptions:
    mode: str = "dynamic"
    calibration: int = 200  # synthesised requests for static calibration
    validation: int = 300  # synthesised held-out requests for the evaluation
    exclude: tuple[str, ...] | None = None  # None: DEFAULT_EXCLUDE of the mode; ("none",): nothing
    seed: int = 0
    max_drop: float = 0.01  # largest exact-accuracy drop tolerated when writing over the shipped model
    force: bool = False
    threads: int = 1

    @property
    def excluded(self) -> tuple[str, ...]:
        if self.exclude is None:
            return DEFAULT_EXCLUDE.get(self.mode, ())
        return tuple(x for x in self.exclude if x.lower() != "none")


@dataclass
class GraphReport:
    file: str
    quantized: dict[str, int] = field(default_factory=dict)  # op type -> nodes now running quantised
    kept_float: dict[str, int] = field(default_factory=dict)  # op type -> candidate nodes still in float
    float_nodes: list[str] = field(default_factory=list)  # their names (first 40)
    excluded_nodes: list[str] = field(default_factory=list)


# ------------------------------------------------------------------ calibration data
def request_sets(
    catalog: Catalog, n_cal: int, n_val: int, seed: int, generate: Callable | None = None
) -> tuple[list[str], list[GoldRow]]:
    """Calibration texts (the synthesiser's training families) and validation rows (its held-out families)."""
    import random

    if generate is None:
        from .synth import generate
    train, val = generate(catalog, seed, max(2000, 12 * (n_cal + n_val)))
    cal = random.Random(seed).sample(train, min(n_cal, len(train)))
    return [r["text"] for r in cal], synthetic_gold(val, catalog)[:n_val]


class _Recorder:
    """Wraps a session: every run's feeds are kept (copied), so they can be replayed for calibration."""

    def __init__(self, session, sink: list):
        self._s, self._sink = session, sink

    def run(self, names, feeds, *args, **kwargs):
        import numpy as np

        self._sink.append({k: np.array(v, copy=True) for k, v in feeds.items()})
        return self._s.run(names, feeds, *args, **kwargs)

    def __getattr__(self, name):
        return getattr(self._s, name)


def calibration_feeds(src_dir: Path, catalog: Catalog, texts: Sequence[str]) -> dict[str, list[dict]]:
    """Encoder and decoder-step feeds of fp32 greedy decoding over `texts`."""
    from ..runtime import ModelRuntime

    rt = ModelRuntime(src_dir, catalog, precision="fp32")
    feeds: dict[str, list[dict]] = {"encoder": [], "decoder": []}
    rt.encoder = _Recorder(rt.encoder, feeds["encoder"])
    rt.decoder = _Recorder(rt.decoder, feeds["decoder"])
    for text in texts:
        rt.predict(text)
    return feeds


# ------------------------------------------------------------------ one graph
def _onnx():
    try:
        import onnx
        from onnxruntime import quantization  # noqa: F401  (needs onnx too)
    except ImportError as exc:
        raise UsageError(
            f"mu quantize needs the quantize extra: pip install 'mu-settings[quantize]' ({exc.name} missing)"
        ) from None
    return onnx


def candidate_ops(mode: str) -> set[str]:
    from onnxruntime.quantization.registry import IntegerOpsRegistry, QDQRegistry

    return set(IntegerOpsRegistry if mode == "dynamic" else QDQRegistry)


def resolve_exclude(patterns: Sequence[str], graphs: dict[str, object]) -> tuple[set[str], dict[str, list[str]]]:
    """Split --exclude values into operator types and node names (shell patterns allowed, or LOGITS), per graph."""
    op_types = {n.op_type for g in graphs.values() for n in g.graph.node}
    ops, nodes = set(), {k: [] for k in graphs}
    for pat in patterns:
        if pat in op_types:
            ops.add(pat)
            continue
        if pat == LOGITS:
            hits = {k: [n] if (n := logits_matmul(g.graph)) else [] for k, g in graphs.items()}
        else:
            hits = {k: [n.name for n in g.graph.node if fnmatch.fnmatchcase(n.name, pat)] for k, g in graphs.items()}
        if not any(hits.values()):
            raise UsageError(
                f"--exclude {pat!r} names no operator type or node (operator types here: {', '.join(sorted(op_types))})"
            )
        for k, names in hits.items():
            nodes[k] += names
    return ops, nodes


def logits_matmul(graph) -> str | None:
    """The name of the MatMul whose result becomes the graph output "logits" through single-path ops (the last
    position's Gather, a Reshape or Cast), or None."""
    producer = {o: n for n in graph.node for o in n.output}
    name = next((o.name for o in graph.output if o.name == "logits"), None)
    for _ in range(8):
        node = producer.get(name or "")
        if node is None:
            return None
        if node.op_type == "MatMul":
            return node.name
        name = node.input[0] if node.input else None
    return None


@contextmanager
def _quiet():
    """onnxruntime.quantization logs hints at WARNING/INFO through the root logger: keep stderr clean."""
    root = logging.getLogger()
    level, root.level = root.level, logging.ERROR
    try:
        yield
    finally:
        root.level = level


@contextmanager
def _inside(directory: Path):
    here = os.getcwd()
    os.chdir(directory)
    try:
        yield
    finally:
        os.chdir(here)


def quantize_graph(
    src: Path, dst: Path, mode: str, op_types: list[str], exclude_nodes: list[str], feeds: list[dict] | None = None
) -> None:
    """Write the quantised graph to dst (static modes: calibrated on `feeds`)."""
    from onnxruntime.quantization import QuantType, quantize_dynamic, quantize_static

    common = dict(
        per_channel=True, weight_type=QuantType.QInt8, op_types_to_quantize=op_types, nodes_to_exclude=exclude_nodes
    )
    with _quiet():
        if mode == "dynamic":
            quantize_dynamic(str(src), str(dst), **common)
        else:
            quantize_static(str(src), str(dst), _reader(feeds or []), **common, **_static_options(mode))


def _reader(feeds: list[dict]):
    """The calibration feeds as onnxruntime's calibration data reader."""
    from onnxruntime.quantization import CalibrationDataReader

    class Reader(CalibrationDataReader):
        def __init__(self):
            self._it = iter(feeds)

        def get_next(self):
            return next(self._it, None)

    return Reader()


def _static_options(mode: str) -> dict:
    """QDQ with the mode's activation type, min-max calibration (int16 through com.microsoft's Q/DQ)."""
    from onnxruntime.quantization import CalibrationMethod, QuantFormat, QuantType

    activations = {"qdq-int8": QuantType.QInt8, "qdq-uint8": QuantType.QUInt8, "qdq-int16": QuantType.QInt16}
    return dict(
        quant_format=QuantFormat.QDQ,
        activation_type=activations[mode],
        calibrate_method=CalibrationMethod.MinMax,
        extra_options={"CalibMaxIntermediateOutputs": 256, "UseQDQContribOps": mode == "qdq-int16"},
    )


def preprocess(src: Path, dst: Path) -> tuple[Path, bool]:
    """Symbolic shape inference + graph optimisation, as onnxruntime recommends before static quantisation;
    the raw graph when that fails (it is an aid, not a requirement). Exclusions and the report then refer to
    the graph the quantiser actually saw."""
    from onnxruntime.quantization.shape_inference import quant_pre_process

    try:
        with _quiet(), _inside(dst.parent):  # it leaves scratch files in the working directory
            quant_pre_process(str(src.resolve()), str(dst.resolve()))
        return dst, True
    except Exception:  # noqa: BLE001 - any failure here just means quantising the graph as exported
        return src, False


def graph_report(src: Path, dst: Path, candidates: set[str], excluded_nodes: list[str]) -> GraphReport:
    """Which candidate nodes of the fp32 graph now run quantised, and which stayed in float."""
    onnx = _onnx()
    source = onnx.shape_inference.infer_shapes(onnx.load(str(src)))
    out = onnx.load(str(dst))
    graph = source.graph
    types = {v.name: v.type.tensor_type.elem_type for v in [*graph.value_info, *graph.input, *graph.output]}
    types.update({t.name: t.data_type for t in graph.initializer})
    weights = {t.name for t in graph.initializer}
    made_by = {o: n for n in out.graph.node for o in n.output}
    by_name = {n.name: n for n in out.graph.node}
    rep = GraphReport(dst.name, excluded_nodes=list(excluded_nodes))
    q, f = Counter(), Counter()
    for node in graph.node:
        if node.op_type not in candidates or node.op_type in _PLUMBING:
            continue
        if types.get(node.output[0], onnx.TensorProto.FLOAT) != onnx.TensorProto.FLOAT:
            continue  # shape arithmetic, not data
        if node.op_type == "Gather" and node.input[0] not in weights:
            continue  # picks from activations (a layer's KV cache): moves data, computes nothing
        now = by_name.get(node.name)
        # replaced by an integer operator (dynamic mode), or every float input dequantised (a QDQ island)
        quantized = (
            now is None
            or now.op_type != node.op_type
            or all(
                getattr(made_by.get(i), "op_type", "") == "DequantizeLinear"
                for i in now.input
                if i and types.get(i, onnx.TensorProto.FLOAT) == onnx.TensorProto.FLOAT
            )
        )
        (q if quantized else f)[node.op_type] += 1
        if not quantized and len(rep.float_nodes) < 40:
            rep.float_nodes.append(node.name)
    rep.quantized, rep.kept_float = dict(sorted(q.items())), dict(sorted(f.items()))
    return rep


# ------------------------------------------------------------------ a model directory
def fp32_files(src_dir: Path) -> dict[str, str] | None:
    """The fp32 graph files model.json names in src_dir, when every one is there; None otherwise (the shipped
    model keeps int8 graphs only)."""
    fp32 = ((meta_or_none(src_dir) or {}).get("files") or {}).get("fp32")
    return fp32 if fp32 and all((src_dir / fp32.get(g, "")).is_file() for g in GRAPHS) else None


def quantize_dir(
    src_dir: Path,
    stage: Path,
    work: Path,
    catalog: Catalog,
    opts: QuantizeOptions,
    cal_texts: Sequence[str],
    progress: Callable[[str], None],
) -> dict:
    """Quantise both graphs of src_dir into `stage` with the tokenizer and a model.json (`work`: scratch);
    the "quantization" section of that model.json."""
    onnx = _onnx()
    meta = meta_or_none(src_dir)
    fp32 = fp32_files(src_dir)
    if fp32 is None:
        raise ModelError(f"{src_dir} has no fp32 graphs (model.json files.fp32); mu quantize starts from them")
    static = opts.mode != "dynamic"
    inputs, prepped = {}, {}
    for g in GRAPHS:
        inputs[g], prepped[g] = (
            preprocess(src_dir / fp32[g], work / f"{g}.pre.onnx") if static else (src_dir / fp32[g], False)
        )
    graphs = {g: onnx.load(str(inputs[g]), load_external_data=False) for g in GRAPHS}
    ex_ops, ex_nodes = resolve_exclude(opts.excluded, graphs)
    candidates = candidate_ops(opts.mode)
    feeds = {g: None for g in GRAPHS}
    if static:
        progress(f"calibration: fp32 greedy decoding of {len(cal_texts)} synthesised requests")
        feeds = calibration_feeds(src_dir, catalog, cal_texts)
    reports = {}
    for g in GRAPHS:
        op_types = sorted((candidates & {n.op_type for n in graphs[g].graph.node}) - ex_ops)
        dst = stage / f"{g}.{opts.mode}.onnx"
        progress(f"quantising {g} ({opts.mode}" + (f", {len(feeds[g])} calibration feeds)" if feeds[g] else ")"))
        quantize_graph(inputs[g], dst, opts.mode, op_types, ex_nodes[g], feeds[g])
        reports[g] = asdict(graph_report(inputs[g], dst, candidates, ex_nodes[g]))
    shutil.copy(src_dir / meta["tokenizer"]["file"], stage / meta["tokenizer"]["file"])
    quant = _describe(opts, src_dir, cal_texts, feeds, sorted(ex_ops), prepped, reports)
    write_meta(stage, {**meta, "files": {"int8": {g: f"{g}.{opts.mode}.onnx" for g in GRAPHS}}, "quantization": quant})
    return quant


_ACTIVATIONS = {
    "dynamic": "uint8, per tensor, quantised at run time",
    "qdq-int8": "int8, calibrated",
    "qdq-uint8": "uint8, calibrated",
    "qdq-int16": "int16, calibrated",
}


def _describe(opts: QuantizeOptions, src_dir: Path, cal_texts, feeds, ex_ops, prepped, reports) -> dict:
    """The "quantization" section of the output's model.json."""
    import onnxruntime

    calibration = (
        None
        if opts.mode == "dynamic"
        else {
            "method": "MinMax",
            "requests": len(cal_texts),
            "seed": opts.seed,
            "encoder_feeds": len(feeds["encoder"]),
            "decoder_feeds": len(feeds["decoder"]),
            "source": "mu_cli.training.synth (training families)",
        }
    )
    return {
        "mode": opts.mode,
        "weights": "int8, symmetric, per output channel",
        "activations": _ACTIVATIONS[opts.mode],
        "format": "QOperator (dynamic)" if opts.mode == "dynamic" else "QDQ",
        "calibration": calibration,
        "excluded": {"op_types": ex_ops, "patterns": list(opts.excluded)},
        "preprocessed": prepped,
        "graphs": reports,
        "onnxruntime": onnxruntime.__version__,
        "source_dir": str(src_dir),
        "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }


def evaluate(
    src_dir: Path,
    stage: Path,
    catalog: Catalog,
    sets: dict[str, list[GoldRow]],
    threads: int,
    progress: Callable[[str], None],
) -> dict:
    """fp32 (src_dir) vs quantised (stage) on each gold set: accuracy, agreement, size and latency."""
    variants = {
        "fp32": ModelVariant("fp32", src_dir, catalog, "fp32", threads),
        "quantized": ModelVariant("quantized", stage, catalog, "int8", threads),
    }
    out: dict = {k: {"size_mb": round((v.size_bytes or 0) / 2**20, 2)} for k, v in variants.items()}
    preds: dict = {}
    for name, v in variants.items():
        v.load()
        out[name]["load_ms"] = round(v.load_ms, 1)
        every = Measurement()
        for set_name, rows in sets.items():
            progress(f"evaluating {name} on {set_name} ({len(rows)} requests)")
            m = measure(v, [r.text for r in rows], runs=1, warmup=min(5, len(rows)))
            preds[name, set_name] = m.predictions
            out[name][set_name] = {k: x for k, x in score(rows, m.predictions).to_json().items() if k != "tags"}
            every.timings += m.timings
            every.pass_seconds += m.pass_seconds
        samples = stage_samples(every)
        out[name]["latency_ms"] = {s: percentiles(samples[s]) for s in ("total", "first_token", "per_token")}
        out[name].update(speed(every))
    out["agreement"] = {s: _agreement(preds["fp32", s], preds["quantized", s]) for s in sets}
    return out


def _agreement(a: list[list[dict]], b: list[list[dict]]) -> float:
    """Share of requests where both variants answered with the same calls (order free; confidences aside)."""
    return round(sum(calls_key(x) == calls_key(y) for x, y in zip(a, b)) / max(1, len(a)), 4)


def check_gate(evaluation: dict, set_name: str, max_drop: float) -> dict:
    """What writing over the shipped model asks of a quantised model: exact accuracy on `set_name` within
    `max_drop` of fp32, and a median latency not above fp32's (by more than MAX_P50_RATIO: timing noise)."""
    fp, q = evaluation["fp32"], evaluation["quantized"]
    drop = round(fp[set_name]["exact"] - q[set_name]["exact"], 4)
    ratio = round(q["latency_ms"]["total"]["p50"] / fp["latency_ms"]["total"]["p50"], 3)
    failed = []
    if drop > max_drop:
        failed.append(f"{set_name} exact accuracy drops by {drop:.3f} (more than {max_drop:.3f})")
    if ratio > MAX_P50_RATIO:
        failed.append(f"its median latency is {ratio:.2f}x fp32's on this machine")
    return {
        "set": set_name,
        "drop": drop,
        "max_drop": max_drop,
        "p50_ratio": ratio,
        "max_p50_ratio": MAX_P50_RATIO,
        "failed": failed,
    }


def install(stage: Path, out_dir: Path, src_dir: Path) -> None:
    """Move the staged model into out_dir. Into the source directory itself: its fp32 graphs stay, the
    quantised graphs it listed before are replaced, and scores measured on those are dropped."""
    meta = meta_or_none(stage)
    out_dir.mkdir(parents=True, exist_ok=True)
    same = out_dir.resolve() == src_dir.resolve()
    old = meta_or_none(out_dir) or {}
    if same:
        meta["files"] = {**old.get("files", {}), "int8": meta["files"]["int8"]}
        _drop_stale_scores(meta)
    keep = {f for files in meta["files"].values() for f in files.values()}
    for files in [v for k, v in old.get("files", {}).items() if k != "fp32" or not same]:
        for f in files.values():
            if f not in keep:
                (out_dir / f).unlink(missing_ok=True)
    for f in stage.iterdir():
        if f.name != "model.json":
            shutil.move(str(f), out_dir / f.name)
    write_meta(out_dir, meta)  # last: a model.json only ever names files that are in place


def _drop_stale_scores(meta: dict) -> None:
    scores = meta.get("scores", {})
    for key in ("val_exact_int8", "dev"):  # measured on the int8 graphs being replaced
        scores.pop(key, None)
    if isinstance(scores.get("parity"), dict):
        scores["parity"].pop("int8", None)
    meta.pop("latency_ms", None)


def run(
    src_dir: Path,
    out_dir: Path,
    catalog: Catalog,
    opts: QuantizeOptions,
    gold: tuple[str, list[GoldRow]] | None,
    shipped_dir: Path,
    progress: Callable[[str], None] | None = None,
    generate: Callable | None = None,
) -> dict:
    """Quantise, evaluate, then write out_dir (or refuse); the report `mu quantize` prints.

    `gold` is (name, rows) of the labelled set that gates writing over the shipped model (the dev set);
    without one the synthetic validation set gates."""
    say = progress or (lambda msg: None)
    if opts.mode not in MODES:
        raise UsageError(f"unknown mode {opts.mode!r}; one of {', '.join(MODES)}")
    src_dir, out_dir = Path(src_dir), Path(out_dir)
    say("synthesising calibration and validation requests from the catalog")
    cal_texts, val_rows = request_sets(catalog, opts.calibration, opts.validation, opts.seed, generate)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=".mu-quantize-", dir=out_dir.parent))
    sets = {gold[0]: gold[1]} if gold and gold[1] else {}
    sets["synthetic"] = val_rows
    try:
        report = _judged(src_dir, out_dir, stage, catalog, opts, sets, cal_texts, Path(shipped_dir), say)
        refuse = report["shipped"] and report["gate"]["failed"] and not opts.force
        _write_or_refuse(report, stage, out_dir, src_dir, refuse=bool(refuse))
        return report
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def _judged(
    src_dir: Path,
    out_dir: Path,
    stage: Path,
    catalog: Catalog,
    opts: QuantizeOptions,
    sets: dict,
    cal_texts: list[str],
    shipped_dir: Path,
    say,
) -> dict:
    """Quantise into the stage, evaluate it against fp32 on every set, and judge it by the first: the report."""
    with tempfile.TemporaryDirectory(prefix="mu-quantize-") as work:
        quant = quantize_dir(src_dir, stage, Path(work), catalog, opts, cal_texts, say)
    evaluation = evaluate(src_dir, stage, catalog, sets, opts.threads, say)
    gate = check_gate(evaluation, next(iter(sets)), opts.max_drop)
    return {
        "mode": opts.mode,
        "source": str(src_dir),
        "output": str(out_dir),
        "shipped": out_dir.resolve() == shipped_dir.resolve(),
        "sets": {k: len(v) for k, v in sets.items()},
        "options": {k: v for k, v in asdict(opts).items() if k != "force"},
        "quantization": quant,
        "evaluation": evaluation,
        "gate": gate,
    }


def _write_or_refuse(report: dict, stage: Path, out_dir: Path, src_dir: Path, refuse: bool) -> None:
    """Install the staged model into out_dir with its scores, or refuse (the report travels with the refusal:
    the command still shows what was measured)."""
    report["written"] = not refuse
    if refuse:
        refusal = Refused(
            f"not writing over the shipped model: {'; '.join(report['gate']['failed'])}; pass --force to "
            "write it anyway, or --out DIR"
        )
        refusal.report = report
        raise refusal
    meta = meta_or_none(stage)
    meta.setdefault("scores", {})["quantize"] = {"gate": report["gate"], **report["evaluation"]}
    write_meta(stage, meta)
    install(stage, out_dir, src_dir)
