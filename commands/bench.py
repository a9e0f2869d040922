"""`mu bench`: latency, memory and accuracy of the model at each precision, other model directories and
the lexical baseline, side by side."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from . import _report, _ui
from ._session import Session


def bench(
    ctx: typer.Context,
    eval_path: List[Path] = typer.Option(
        [],
        "--eval",
        metavar="JSONL",
        help="Gold JSONL to score (default: mu's own eval set); "
        "repeat it to score several sets (latency is timed on the first).",
    ),
    variant: List[Path] = typer.Option(
        [], "--variant", metavar="DIR", help="Another model directory to measure (repeatable)."
    ),
    runs: int = typer.Option(3, "--runs", min=1, metavar="N", help="Timed passes over the requests."),
    warmup: int = typer.Option(10, "--warmup", min=0, metavar="N", help="Untimed requests first."),
    threads: int = typer.Option(1, "--threads", min=1, metavar="N", help="onnxruntime intra-op threads."),
    provider: str = typer.Option(
        "CPUExecutionProvider", "--provider", metavar="NAME", help="onnxruntime execution provider."
    ),
    process_runs: int = typer.Option(
        3, "--process-runs", min=0, metavar="N", help="Fresh `mu ask` processes timed per model."
    ),
    json_out: bool = typer.Option(False, "--json", help="Print the report as JSON on stdout."),
    plot: Optional[Path] = typer.Option(
        None, "--plot", metavar="FILE", help="Also draw latency and accuracy to a .png or .svg."
    ),
):
    """Measure latency, throughput, memory and accuracy of every variant on one fixed request set.

    \b
    Examples:
      mu bench                                   # shipped model, fp32 vs int8 where both exist
      mu bench --eval dev.jsonl --eval real.jsonl --runs 2 --json
    """
    from mu_cli import bench as lib
    from mu_cli.bench.scoring import load_gold
    from mu_cli.paths import eval_file, model_dir

    session = Session(ctx.obj)
    paths = list(eval_path) or [eval_file()]
    path, rows = paths[0], load_gold(paths[0])
    more = [(str(p), load_gold(p)) for p in paths[1:]]
    lib.check_provider(provider)
    if plot is not None:
        from mu_cli.bench.plot import check_plot

        check_plot(plot)
    opts = lib.BenchOptions(threads=threads, provider=provider, runs=runs, warmup=warmup, process_runs=process_runs)
    variants = lib.default_variants(session.catalog, model_dir(), variant, threads, provider)
    with _report.progress("mu bench") as say:
        result = lib.run_bench(variants, rows, opts, str(path), progress=say, more_evals=more)
        if plot is not None:
            from mu_cli.bench.plot import draw

            draw(result, plot)
            say(f"plot written to {plot}")
    if json_out:
        _ui.emit_json(result.report)
    else:
        _ui.out.print(_report.bench_view(result.report))


def register(app: typer.Typer) -> None:
    app.command("bench", short_help="Latency, memory and accuracy, model by model.")(bench)
