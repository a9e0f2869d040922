"""`mu bench --plot`: latency distributions and accuracy per variant in one figure (.png or .svg).

matplotlib is not a runtime dependency (the `bench` extra brings it); without it the command stops with
one line that says so, before anything is measured.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import UsageError

FORMATS = (".png", ".svg")


def check_plot(path: Path) -> None:
    """UsageError unless `path` has a supported suffix and matplotlib can be imported."""
    if Path(path).suffix.lower() not in FORMATS:
        raise UsageError(f"--plot {path}: give a .png or .svg file name")
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        raise UsageError("--plot needs matplotlib, which is not installed: pip install 'mu-settings[bench]'") from None


def draw(result, path: Path) -> None:
    """Three panels: total latency per request (box plot), stage medians, exact/target accuracy."""
    check_plot(path)
    import matplotlib

    matplotlib.use("Agg")  # files only: no display needed
    import matplotlib.pyplot as plt

    report = result.report
    ok = [v for v in report["variants"] if v.get("latency_ms")]
    fig, (ax_lat, ax_stage, ax_acc) = plt.subplots(1, 3, figsize=(5 * 3, 4.8))
    _latency(ax_lat, [result.samples[v["name"]]["total"] for v in ok], [v["name"] for v in ok])
    _stages(ax_stage, ok)
    _accuracy(ax_acc, ok, Path(report["options"]["eval"]).name)
    m = report["machine"]
    title = f"mu bench · {m['cpu']} · threads {report['options']['threads']} · onnxruntime {m['onnxruntime']}"
    fig.suptitle(title, fontsize=9)
    fig.tight_layout()
    fig.savefig(str(path))
    plt.close(fig)


def _latency(ax, totals: list, names: list[str]) -> None:
    ax.boxplot(totals, showfliers=True)
    ax.set_xticks(range(1, len(names) + 1), names, rotation=30, ha="right")
    ax.set_yscale("log")
    ax.set_ylabel("ms per request (log)")
    ax.set_title("total latency per request")


def _stages(ax, ok: list[dict]) -> None:
    stages = (("context", "encoder"), ("first_token", "first token"), ("per_token", "per token"))
    width = 0.8 / len(stages)
    for i, (key, label) in enumerate(stages):
        vals = [(v["latency_ms"].get(key) or {}).get("p50") or 0 for v in ok]
        ax.bar([x + i * width for x in range(len(ok))], vals, width, label=label)
    ax.set_xticks([x + width for x in range(len(ok))], [v["name"] for v in ok], rotation=30, ha="right")
    ax.set_ylabel("ms (p50)")
    ax.set_title("where the time goes")
    ax.legend()


def _accuracy(ax, ok: list[dict], eval_name: str) -> None:
    for i, key in enumerate(("exact", "target")):
        ax.bar([x + i * 0.4 for x in range(len(ok))], [v["accuracy"][key] for v in ok], 0.4, label=key)
    ax.set_xticks([x + 0.2 for x in range(len(ok))], [v["name"] for v in ok], rotation=30, ha="right")
    ax.set_ylim(0, 1)
    ax.set_title(f"accuracy ({eval_name})")
    ax.legend()
