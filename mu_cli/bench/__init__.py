"""`mu bench` as a library: latency, throughput, memory and accuracy of every variant, side by side.

For each variant (variants.py): model load time (median of `loads`), a warm-up, then `runs` timed
passes over a fixed request set (the eval file's texts, in order; the variants take turns pass by pass):
total, context (encoder), first-token and per-token latency with p50/p95/p99, decode tokens/s and
requests/s in batch mode (one engine, requests back to back, like `mu ask --file`). Accuracy of the first
pass on the eval file with the shared scorer's rules (scoring.py). Per model directory also the
whole-process time and peak RSS of `mu ask --dry-run --json` (a fresh interpreter each time, cold imports
included).

`run_bench` returns a BenchResult: `report` (JSON-ready, schema BENCH_SCHEMA) and the raw samples a plot
needs. Nothing random is drawn; the machine description goes into the report with the options.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import MuError, UsageError
from ..runtime import CPU, DECODER_ONLY, ENCODER_DECODER
from .scoring import GoldRow, score
from .variants import LEXICAL, LexicalVariant, Timing, UnavailableVariant, Variant, meta_or_none, variants_in

BENCH_SCHEMA = "mu-bench/1"
PROCESS_REQUEST = "set the brightness to 40"
_STAGES = ("total", "context", "first_token", "per_token")


@dataclass
class BenchOptions:
    threads: int = 1
    provider: str = CPU
    runs: int = 3
    warmup: int = 10
    loads: int = 3
    process_runs: int = 3
    seed: int = 0  # nothing is drawn at random today; recorded so a sampled request set stays reproducible


@dataclass
class Measurement:
    timings: list[Timing] = field(default_factory=list)  # every timed request of every pass
    predictions: list[list[dict]] = field(default_factory=list)  # the first pass, one per request
    pass_seconds: list[float] = field(default_factory=list)


@dataclass
class BenchResult:
    report: dict
    samples: dict[str, dict[str, list[float]]]  # variant -> stage -> per-request ms


# ------------------------------------------------------------------ measuring one variant
def measure(variant: Variant, texts: Sequence[str], runs: int = 1, warmup: int = 0) -> Measurement:
    """Warm up on the first `warmup` texts, then answer every text `runs` times (a loaded variant)."""
    for text in texts[:warmup]:
        variant.answer(text)
    m = Measurement()
    for _ in range(max(1, runs)):
        one_pass(variant, texts, m)
    return m


def one_pass(variant: Variant, texts: Sequence[str], m: Measurement) -> None:
    """Answer every text once, back to back; the first pass's answers are the ones scored."""
    keep = not m.pass_seconds
    t0 = time.perf_counter()
    for text in texts:
        calls, timing = variant.answer(text)
        m.timings.append(timing)
        if keep:
            m.predictions.append(calls)
    m.pass_seconds.append(time.perf_counter() - t0)


def load(variant: Variant, times: int = 1) -> dict:
    """Load `times` times (the last load is kept); the median load time."""
    loads = []
    for _ in range(max(1, times)):
        variant.load()
        loads.append(variant.load_ms)
    return {"load_ms": round(statistics.median(loads), 2)}


def percentiles(values: Sequence[float]) -> dict | None:
    if not values:
        return None
    import numpy as np

    p50, p95, p99 = np.percentile(np.asarray(values, dtype=float), [50, 95, 99])
    return {
        "p50": round(float(p50), 3),
        "p95": round(float(p95), 3),
        "p99": round(float(p99), 3),
        "mean": round(statistics.fmean(values), 3),
        "n": len(values),
    }


def stage_samples(m: Measurement) -> dict[str, list[float]]:
    out = {s: [] for s in _STAGES}
    for t in m.timings:
        for stage, value in zip(_STAGES, (t.total_ms, t.context_ms, t.first_token_ms, t.per_token_ms)):
            if value is not None:
                out[stage].append(value)
    return out


def speed(m: Measurement) -> dict:
    """Decode tokens/s (tokens after the first, over the time they took) and requests/s in batch mode
    (every timed request over the wall time of the passes that answered them back to back)."""
    tokens = sum(t.tokens - 1 for t in m.timings if t.per_token_ms is not None)
    seconds = sum(t.per_token_ms * (t.tokens - 1) for t in m.timings if t.per_token_ms is not None) / 1000
    wall = sum(m.pass_seconds)
    return {
        "decode_tokens_per_s": round(tokens / seconds, 1) if seconds > 0 else None,
        "tokens_per_request": round(statistics.fmean(t.tokens for t in m.timings), 2) if tokens else None,
        "requests_per_s": round(len(m.timings) / wall, 2) if wall > 0 else None,
    }


# ------------------------------------------------------------------ the whole process
# `python -m mu_cli ...`, plus a note of the process's own peak RSS at exit. The child's rusage would not do:
# Linux carries the parent's resident size across fork+exec into ru_maxrss; VmHWM belongs to the new image.
_CHILD = """
import atexit, os, runpy, sys
def _peak():
    try:
        with open('/proc/self/status') as f:
            kib = next(int(line.split()[1]) for line in f if line.startswith('VmHWM:'))
        with open(os.environ['MU_BENCH_RSS'], 'w') as f:
            f.write(str(kib))
    except (OSError, StopIteration, ValueError):
        pass
atexit.register(_peak)
sys.argv = ['mu'] + sys.argv[1:]
runpy.run_module('mu_cli', run_name='__main__', alter_sys=True)
"""


# The same request's road, one phase at a time, in a fresh interpreter (caches already warm): where the
# whole-process time goes. Each phase is timed around the same calls `mu ask` makes.
_PHASES = """
import json, sys, time
T = time.perf_counter
t = [T()]
def mark():
    t.append(T())
from mu_cli.catalog import Catalog; from mu_cli.engine import Engine; import mu_cli.transaction; mark()
import mu_cli.commands._ask; mark()
catalog = Catalog.load(); mark()
import numpy, onnxruntime, tokenizers; mark()
engine = Engine(catalog); mark()
engine.runtime; mark()
engine.plan(sys.argv[1]); mark()
names = ["engine modules", "cli (command modules)", "catalog (compiled copy)", "numpy + onnxruntime + tokenizers",
         "engine", "model sessions + tokenizer", "first request"]
print(json.dumps({n: round((b - a) * 1000, 1) for n, a, b in zip(names, t, t[1:])}))
"""


def _python_ms(runs: int) -> float:
    """A bare interpreter's start and exit (`python -c pass`), the floor every process time stands on."""
    times = []
    for _ in range(max(runs, 3)):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def process_time(model_dir: Path | None, runs: int = 3, request: str = PROCESS_REQUEST) -> dict | None:
    """Wall time and peak RSS of `mu ask --dry-run --json REQUEST` in a fresh interpreter.

    The first run starts from an empty MU_HOME (no compiled catalog, no optimised graphs: as after an
    install); the median is over the runs after it. Also: the ratio to `python -c pass`, and the phases of
    one warm run. `model_dir` None: no model (the lexical route). The sandbox backend and a throwaway MU_HOME
    keep the user's state out of it. Peak RSS is read from /proc (Linux); elsewhere it is null."""
    if runs <= 0:
        return None
    with tempfile.TemporaryDirectory(prefix="mu-bench-") as tmp:
        env = _child_env(Path(tmp), model_dir)
        times, peaks, codes = _timed_runs(env, request, runs + 1)
        phase_ms = _phases(env, request)
    python, median = _python_ms(runs), statistics.median(times[1:])
    rss = round(max(peaks), 1) if peaks else None
    return {
        "median_ms": round(median, 1),
        "first_ms": round(times[0], 1),
        "runs_ms": [round(t, 1) for t in times],
        "python_ms": round(python, 1),
        "ratio_to_python": round(median / python, 1) if python else None,
        "phases_ms": phase_ms,
        "peak_rss_mb": rss,
        "bytecode_cached": _bytecode_cached(),
        "exit_codes": sorted(set(codes)),
        "request": request,
    }


def _timed_runs(env: dict, request: str, n: int) -> tuple[list[float], list[float], list[int]]:
    """`n` fresh `mu ask` processes one after another: their wall times (ms), peak RSS (MiB) and exit codes."""
    rss_file, cmd = Path(env["MU_BENCH_RSS"]), [sys.executable, "-c", _CHILD, "ask", "--dry-run", "--json", request]
    times, peaks, codes = [], [], []
    for _ in range(n):
        rss_file.unlink(missing_ok=True)
        t0 = time.perf_counter()
        done = subprocess.run(
            cmd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        times.append((time.perf_counter() - t0) * 1000)
        codes.append(done.returncode)
        if rss_file.exists():
            peaks.append(int(rss_file.read_text()) / 1024)
    return times, peaks, codes


def _child_env(tmp: Path, model_dir: Path | None) -> dict:
    """A fresh `mu ask`'s environment: a throwaway MU_HOME (and cache), the sandbox, this model, this mu."""
    path = os.pathsep.join([str(Path(__file__).resolve().parents[2]), os.environ.get("PYTHONPATH", "")])
    env = dict(
        os.environ,
        MU_HOME=str(tmp / "home"),
        MU_BACKEND="sandbox",
        NO_COLOR="1",
        MU_MODEL=str(model_dir) if model_dir else str(tmp / "no-model"),
        MU_BENCH_RSS=str(tmp / "rss"),
        PYTHONPATH=path.rstrip(os.pathsep),
    )
    for name in ("XDG_CACHE_HOME", "MU_CACHE"):
        env.pop(name, None)
    return env


def _phases(env: dict, request: str) -> dict | None:
    """One warm run's phases (ms), or None when the child could not say."""
    done = subprocess.run(
        [sys.executable, "-c", _PHASES, request], env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True
    )
    try:
        return json.loads(done.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return None


def _bytecode_cached() -> bool:
    """Whether mu's own modules load from cached bytecode. Without it (a checkout run with
    PYTHONDONTWRITEBYTECODE=1, say) every process compiles them again: tens of milliseconds more per run."""
    import importlib.util

    return Path(importlib.util.cache_from_source(__file__)).exists()


def peak_rss_mb() -> float | None:
    try:
        import resource
    except ImportError:
        return None
    scale = 1 if sys.platform == "darwin" else 1024
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale / 2**20, 1)


def machine(provider: str = CPU) -> dict:
    """What the numbers were measured on."""
    import numpy as np
    import onnxruntime as ort

    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith(("model name", "hardware")):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "onnxruntime": ort.__version__,
        "numpy": np.__version__,
        "providers_available": ort.get_available_providers(),
        "provider": provider,
    }


# ------------------------------------------------------------------ the bench
def check_provider(provider: str) -> None:
    import onnxruntime as ort

    if provider not in ort.get_available_providers():
        raise UsageError(
            f"execution provider {provider!r} is not available here (available: "
            f"{', '.join(ort.get_available_providers())})"
        )


def run_bench(
    variants: Sequence[Variant],
    rows: list[GoldRow],
    opts: BenchOptions,
    eval_path: str = "",
    progress: Callable[[str], None] | None = None,
    more_evals: Sequence[tuple[str, list[GoldRow]]] = (),
) -> BenchResult:
    """Measure every variant on the eval rows; the report the command prints. `more_evals` ((path, rows), ...)
    are scored too (one untimed pass each), under each variant's "evals" beside the first set's "accuracy".

    All variants are loaded and warmed up first, then the timed passes take turns (pass 1 of every variant,
    then pass 2, ...): a machine that gets busier or quieter halfway through skews them all alike."""
    say = progress or (lambda msg: None)
    t0 = time.perf_counter()
    texts = [r.text for r in rows]
    entries = [_entry(v) for v in variants]
    live = _load_all(variants, entries, texts, opts, say)
    for r in range(opts.runs):
        say(f"timed pass {r + 1} of {opts.runs}: {len(texts)} requests for each of {len(live)} variants")
        for v, _, m in live:
            one_pass(v, texts, m)
    samples = {}
    for v, entry, m in live:
        samples[v.name] = _finish(v, entry, m, rows)
        entry["evals"] = {eval_path: entry["accuracy"]}
        for path, more in more_evals:
            say(f"{v.name}: scoring {len(more)} requests of {path}")
            entry["evals"][path] = score(more, [v.answer(r.text)[0] for r in more]).to_json()
    _time_processes(live, opts, say)
    report = _report(opts, eval_path, len(rows), [path for path, _ in more_evals], entries)
    report["seconds"] = round(time.perf_counter() - t0, 1)
    return BenchResult(report, samples)


def _report(opts: BenchOptions, eval_path: str, requests: int, more: list[str], entries: list[dict]) -> dict:
    keys = ("threads", "provider", "runs", "warmup", "loads", "process_runs", "seed")
    options = {
        **{k: getattr(opts, k) for k in keys},
        "eval": eval_path,
        "requests": requests,
        "evals": [eval_path, *more],
    }
    return {
        "schema": BENCH_SCHEMA,
        "machine": machine(opts.provider),
        "options": options,
        "variants": entries,
        "decoder_only": decoder_only_summary(entries),
        "bench_peak_rss_mb": peak_rss_mb(),
    }


def _load_all(variants, entries: list[dict], texts: list[str], opts: BenchOptions, say) -> list[tuple]:
    """Load and warm up every available variant: (variant, its report entry, its measurement) for each that
    loads; one that does not is marked unavailable in its entry, with the reason."""
    live = []
    for v, entry in zip(variants, entries):
        if not v.available:
            continue
        loads = opts.loads if v.kind != LEXICAL else 1
        say(f"{v.name}: loading ({loads}x), {opts.warmup} warm-up requests")
        try:
            entry.update(load(v, loads))
        except MuError as exc:
            entry.update(available=False, reason=str(exc))
            continue
        for text in texts[: opts.warmup]:
            v.answer(text)
        live.append((v, entry, Measurement()))
    return live


def _entry(v: Variant) -> dict:
    params = (getattr(v, "meta", None) or {}).get("model", {}).get("params", {}).get("total")
    return {
        "name": v.name,
        "kind": v.kind,
        "dir": str(v.model_dir) if v.model_dir else None,
        "precision": v.precision,
        "available": v.available,
        "reason": v.reason or None,
        "params": params,
    }


def _finish(v: Variant, entry: dict, m: Measurement, rows: list[GoldRow]) -> dict[str, list[float]]:
    """Fill a measured variant's entry; its raw samples."""
    samples = stage_samples(m)
    size = v.size_bytes
    entry.update(
        size_mb=round(size / 2**20, 2) if size else None,
        latency_ms={s: percentiles(x) for s, x in samples.items()},
        **speed(m),
        accuracy=score(rows, m.predictions).to_json(),
    )
    if hasattr(v, "providers"):
        entry["providers"] = v.providers()
    return samples


def _time_processes(live: list, opts: BenchOptions, say: Callable[[str], None]) -> None:
    """`mu ask` loads a directory's default precision: time the process once per directory, for that one."""
    done = set()
    for v, entry, _ in live:
        key = str(v.model_dir) if v.kind != LEXICAL else LEXICAL
        if opts.process_runs <= 0 or not getattr(v, "cli_default", True) or key in done:
            continue
        done.add(key)
        say(f"{v.name}: {opts.process_runs} fresh `mu ask` processes")
        entry["process"] = process_time(v.model_dir if v.kind != LEXICAL else None, opts.process_runs)


def decoder_only_summary(entries: list[dict]) -> dict:
    """Encoder-decoder vs decoder-only at the same precision: first-token latency and decode speed ratios."""
    dec = [e for e in entries if e["kind"] == DECODER_ONLY]
    if not dec:
        return {
            "found": False,
            "note": "no decoder-only model: train one with `mu train --decoder-only` and "
            "pass its directory with --variant DIR",
        }
    runnable = [e for e in dec if e.get("latency_ms")]
    if not runnable:
        return {"found": True, "runnable": False, "note": dec[0]["reason"] or "decoder-only model not runnable"}
    pairs = [
        _ratios(e, d)
        for d in runnable
        for e in entries
        if e["kind"] == ENCODER_DECODER and e.get("latency_ms") and e["precision"] == d["precision"]
    ]
    return {
        "found": True,
        "runnable": True,
        "pairs": pairs,
        "note": "ratio = encoder-decoder / decoder-only (first token < 1: encoder-decoder answers sooner; "
        "decode speed > 1: encoder-decoder decodes faster); Mu reports 47% lower first-token "
        "latency and 4.7x faster decoding",
    }


def _ratios(ed: dict, do: dict) -> dict:
    """One encoder-decoder against one decoder-only variant: latency ratios, the first-token reduction (%),
    and their accuracies side by side."""

    def ratio(a, b):
        return round(a / b, 3) if a and b else None

    ft = lambda e: (e["latency_ms"].get("first_token") or {}).get("p50")  # noqa: E731
    first = ratio(ft(ed), ft(do))
    acc = lambda e: {k: (e.get("accuracy") or {}).get(k) for k in ("exact", "target")}  # noqa: E731
    return {
        "encoder_decoder": ed["name"],
        "decoder_only": do["name"],
        "params": {"encoder_decoder": ed.get("params"), "decoder_only": do.get("params")},
        "first_token_p50": first,
        "first_token_reduction_pct": round((1 - first) * 100, 1) if first is not None else None,
        "decode_tokens_per_s": ratio(ed.get("decode_tokens_per_s"), do.get("decode_tokens_per_s")),
        "total_p50": ratio(ed["latency_ms"]["total"]["p50"], do["latency_ms"]["total"]["p50"]),
        "accuracy": {"encoder_decoder": acc(ed), "decoder_only": acc(do)},
    }


def default_variants(
    catalog, model_dir: Path, extra_dirs: Sequence[Path] = (), threads: int = 1, provider: str = CPU
) -> list[Variant]:
    """The shipped model at each precision, every --variant directory, any decoder-only model directory next
    to the shipped one (where `mu train --decoder-only` would put it), and the lexical baseline."""
    model_dir = Path(model_dir)
    dirs = [(model_dir, "")] + [(Path(d), Path(d).name) for d in extra_dirs]
    seen = {d.resolve() for d, _ in dirs}
    for meta_file in sorted(model_dir.resolve().parent.glob("*/model.json")):
        meta = meta_or_none(meta_file.parent)
        if meta and meta.get("runtime") == DECODER_ONLY and meta_file.parent.resolve() not in seen:
            dirs.append((meta_file.parent, meta_file.parent.name))
    out: list[Variant] = []
    for d, label in dirs:
        if d == model_dir and not (d / "model.json").is_file():  # the lexical baseline still runs
            out.append(UnavailableVariant("model", ENCODER_DECODER, f"no trained model in {d} (run `mu train`)", d))
            continue
        out += variants_in(d, catalog, label, threads, provider)
    return out + [LexicalVariant(catalog)]
