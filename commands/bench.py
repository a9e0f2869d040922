"""`mu bench`: latency, memory and accuracy of the model at each precision, other model directories and
the lexical baseline, side by side."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from . import _report, _ui
from ._session import Session

EVAL = typer.Option(
    [],
    "--eval",
    metavar="JSONL",
    help="Gold JSONL to score (default: mu's own eval set); repeat it to score several sets (latency is timed on "
    "the first).",
)
VARIANT = typer.Option([], "--variant", metavar="DIR", help="Another model directory to measure (repeatable).")
RUNS = typer.Option(3, "--runs", min=1, metavar="N", help="Timed passes over the requests.")
WARMUP = typer.Option(10, "--warmup", min=0, metavar="N", help="Untimed requests first.")
THREADS = typer.Option(1, "--threads", min=1, metavar="N", help="onnxruntime intra-op threads.")
PROVIDER = typer.Option("CPUExecutionProvider", "--provider", metavar="NAME", help="onnxruntime execution provider.")
PROCESS_RUNS = typer.Option(3, "--process-runs", min=0, metavar="N", help="Fresh `mu ask` processes timed per model.")
JSON_OUT = typer.Option(False, "--json", help="Print the report as JSON on stdout.")
PLOT = typer.Option(None, "--plot", metavar="FILE", help="Also draw latency and accuracy to a .png or .svg.")


def bench(
    ctx: typer.Context,
    eval_path: List[Path] = EVAL,
    variant: List[Path] = VARIANT,
    runs: int = RUNS,
    warmup: int = WARMUP,
    threads: int = THREADS,
    provider: str = PROVIDER,
    process_runs: int = PROCESS_RUNS,
    json_out: bool = JSON_OUT,
    plot: Optional[Path] = PLOT,
):
    """Measure latency, throughput, memory and accuracy of every variant on one fixed request set.

    \b
    Examples:
      mu bench                                   # shipped model, fp32 vs int8 where both exist
      mu bench --eval dev.jsonl --eval real.jsonl --runs 2 --json
    """
    from mu_cli import bench as lib
    from mu_cli.paths import model_dir

    session = Session(ctx.obj)
    (path, rows), *more = _gold_sets(eval_path)
    lib.check_provider(provider)
    _check_plot(plot)
    opts = lib.BenchOptions(threads=threads, provider=provider, runs=runs, warmup=warmup, process_runs=process_runs)
    variants = lib.default_variants(session.catalog, model_dir(), variant, threads, provider)
    with _report.progress("mu bench") as say:
        result = lib.run_bench(variants, rows, opts, path, progress=say, more_evals=more)
        if plot is not None:
            from mu_cli.bench.plot import draw

            draw(result, plot)
            say(f"plot written to {plot}")
    _ui.emit_json(result.report) if json_out else _ui.out.print(_report.bench_view(result.report))


def _gold_sets(paths: list[Path]) -> list[tuple[str, list]]:
    """(path, rows) of each --eval file (default: mu's own eval set); latency is timed on the first."""
    from mu_cli.bench.scoring import load_gold
    from mu_cli.paths import eval_file

    return [(str(p), load_gold(p)) for p in (list(paths) or [eval_file()])]


def _check_plot(plot: Path | None) -> None:
    """Before any measuring: --plot needs matplotlib and a .png or .svg name."""
    if plot is not None:
        from mu_cli.bench.plot import check_plot

        check_plot(plot)


def register(app: typer.Typer) -> None:
    app.command("bench", short_help="Latency, memory and accuracy, model by model.")(bench)
