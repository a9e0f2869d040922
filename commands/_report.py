"""Rich rendering of the `mu bench` and `mu quantize` reports, and their progress lines on stderr."""

from __future__ import annotations

from contextlib import contextmanager

from rich import box
from rich.console import Group
from rich.table import Table
from rich.text import Text

from . import _ui


@contextmanager
def progress(prog: str):
    """A callback for progress messages: a spinner on a terminal, plain lines on stderr otherwise."""
    if _ui.err.is_terminal:
        with _ui.err.status(f"{prog}: starting") as status:
            yield lambda msg: status.update(f"{prog}: {msg}")
    else:
        yield lambda msg: _ui.err.print(f"{prog}: {msg}")


def _f(value, digits: int = 2, scale: float = 1.0) -> str:
    return "-" if value is None else f"{value * scale:.{digits}f}"


def _p(stats: dict | None, key: str = "p50", digits: int = 2) -> str:
    return _f((stats or {}).get(key), digits)


def bench_view(report: dict) -> Group:
    m, o = report["machine"], report["options"]
    head = Text(
        f"{m['cpu']} · {m['cores']} cores · onnxruntime {m['onnxruntime']} · python {m['python']} · "
        f"threads {o['threads']} · {o['provider']} · {o['requests']} requests × {o['runs']} runs "
        f"(+{o['warmup']} warm-up) · eval {o['eval']}",
        style="dim",
    )
    ok = [v for v in report["variants"] if v.get("latency_ms")]
    accs = [_accuracy_table(path, ok) for path in o.get("evals") or [o["eval"]]] if ok else []
    return Group(head, _latency_table(ok), _resources_table(ok), *accs, *_notes(report, ok))


def _latency_table(ok: list[dict]) -> Table:
    lat = _table("latency per request, ms", ("variant", "p50", "p95", "p99", "encoder", "1st token", "per token"))
    for v in ok:
        s = v["latency_ms"]
        total = [_p(s["total"], key) for key in ("p50", "p95", "p99")]
        lat.add_row(v["name"], *total, _p(s["context"]), _p(s["first_token"]), _p(s["per_token"], digits=3))
    return lat


_RESOURCES = (  # column, where its value is (the variant's entry, or its process timing), key, digits
    ("size MiB", None, "size_mb", 2),
    ("load ms", None, "load_ms", 1),
    ("tokens/s", None, "decode_tokens_per_s", 0),
    ("req/s", None, "requests_per_s", 1),
    ("mu ask ms", "process", "median_ms", 0),
    ("first ms", "process", "first_ms", 0),
    ("× python", "process", "ratio_to_python", 1),
    ("peak RSS MiB", "process", "peak_rss_mb", 0),
)


def _resources_table(ok: list[dict]) -> Table:
    res = _table("size, memory, throughput", ("variant", *(column for column, *_ in _RESOURCES)))
    for v in ok:
        cells = [_f(((v.get(part) or {}) if part else v).get(key), digits) for _, part, key, digits in _RESOURCES]
        res.add_row(v["name"], *cells)
    return res


def _notes(report: dict, ok: list[dict]) -> list[Text]:
    """What was not measured and why, each warm `mu ask` phase by phase, and the decoder-only comparison."""
    notes = [
        Text(f"{v['name']}: not measured: {v['reason']}", style="yellow")
        for v in report["variants"]
        if not v.get("latency_ms")
    ]
    for v in ok:
        proc = v.get("process") or {}
        if proc.get("phases_ms"):
            phases = ", ".join(f"{k} {ms:g}" for k, ms in proc["phases_ms"].items())
            notes.append(Text(f"{v['name']}: one warm `mu ask`, phase by phase (ms): {phases}"))
        if proc.get("bytecode_cached") is False:
            notes.append(
                Text(
                    f"{v['name']}: mu's bytecode is not cached here (PYTHONDONTWRITEBYTECODE?): every "
                    "`mu ask` compiled mu's modules again",
                    style="yellow",
                )
            )
    notes.append(Text(_decoder_only_line(report["decoder_only"])))
    return notes


def _accuracy_table(path: str, ok: list[dict]) -> Table:
    """Exact/target per tag on one eval set, a column per variant."""
    of = lambda v: (v.get("evals") or {}).get(path) or v["accuracy"]  # noqa: E731
    acc = _table(f"accuracy on {path}: exact/target", ("tag", "n", *[v["name"] for v in ok]))
    first = of(ok[0])
    acc.add_row("ALL", str(first["n"]), *[_pair(of(v)) for v in ok])
    for tag, t in first["tags"].items():
        acc.add_row(tag, str(t["n"]), *[_pair(of(v)["tags"][tag]) for v in ok])
    return acc


def _table(title: str, columns) -> Table:
    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    for i, col in enumerate(columns):
        table.add_column(col, justify="left" if i == 0 else "right", no_wrap=i == 0)
    return table


def _pair(acc: dict) -> str:
    return f"{acc['exact']:.3f}/{acc['target']:.3f}"


def _decoder_only_line(d: dict) -> str:
    if not d.get("found") or not d.get("runnable"):
        return f"decoder-only: {d['note']}"
    pairs = "; ".join(_pair_line(p) for p in d["pairs"])
    return f"decoder-only: {pairs or 'no encoder-decoder variant at the same precision'} ({d['note']})"


def _pair_line(p: dict) -> str:
    """encoder-decoder vs decoder-only in words: how much sooner the first token, how much faster decoding."""
    acc, params = p.get("accuracy") or {}, p.get("params") or {}
    ed, do = acc.get("encoder_decoder") or {}, acc.get("decoder_only") or {}
    size = lambda n: "?" if not n else f"{n / 1e6:.1f}M" if n >= 1e5 else f"{n / 1e3:.0f}k"  # noqa: E731
    cut = p.get("first_token_reduction_pct")
    first = "-" if cut is None else f"{abs(cut):.1f}% {'lower' if cut >= 0 else 'higher'}"
    return (
        f"{p['encoder_decoder']} ({size(params.get('encoder_decoder'))}) vs {p['decoder_only']} "
        f"({size(params.get('decoder_only'))}): first token {first} (×{_f(p['first_token_p50'])}), "
        f"decode tokens/s ×{_f(p['decode_tokens_per_s'])}, total ×{_f(p.get('total_p50'))}, "
        f"exact {_f(ed.get('exact'), 3)} vs {_f(do.get('exact'), 3)}"
    )


def quantize_view(report: dict) -> Group:
    ev, sets = report["evaluation"], report["sets"]
    fp, q = ev["fp32"], ev["quantized"]
    table = _table(f"mu quantize --mode {report['mode']}: fp32 vs quantized", ("", "fp32", report["mode"], "Δ"))

    def row(label, a, b, digits=2):
        delta = _f(b - a, digits) if a is not None and b is not None else "-"
        table.add_row(label, _f(a, digits), _f(b, digits), delta)

    row("size MiB", fp["size_mb"], q["size_mb"])
    row("load ms", fp["load_ms"], q["load_ms"], 1)
    for key, label in (("p50", "latency p50 ms"), ("p95", "latency p95 ms")):
        row(label, fp["latency_ms"]["total"][key], q["latency_ms"]["total"][key])
    row("first token p50 ms", fp["latency_ms"]["first_token"]["p50"], q["latency_ms"]["first_token"]["p50"])
    row("decode tokens/s", fp["decode_tokens_per_s"], q["decode_tokens_per_s"], 0)
    for name, n in sets.items():
        for metric in ("exact", "target"):
            row(f"{name} {metric} (n={n})", fp[name][metric], q[name][metric], 3)
        table.add_row(f"{name} same answer as fp32", "", f"{ev['agreement'][name]:.3f}", "")
    lines = [table]
    quant = report["quantization"]
    for graph, g in quant["graphs"].items():
        kept = ", ".join(f"{op}×{n}" for op, n in g["kept_float"].items()) or "none"
        done = ", ".join(f"{op}×{n}" for op, n in g["quantized"].items()) or "none"
        lines.append(Text(f"{graph}: quantized {done}; kept in float {kept}"))
    ex = quant["excluded"]
    lines.append(Text(f"excluded: {', '.join(ex['patterns']) or 'nothing'}"))
    gate = report["gate"]
    verdict = f"written to {report['output']}" if report.get("written") else f"NOT written: {'; '.join(gate['failed'])}"
    lines.append(
        Text(
            f"{verdict} (gate: {gate['set']} exact drop {gate['drop']:+.3f}, limit {gate['max_drop']:.3f}; "
            f"p50 ×{gate['p50_ratio']:.2f} of fp32, limit ×{gate['max_p50_ratio']:.2f})",
            style="bold" if report.get("written") else "bold red",
        )
    )
    return Group(*lines)
