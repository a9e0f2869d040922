"""`mu quantize`: an fp32 model directory -> a quantized one, evaluated against fp32 before it is written."""
from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from mu_cli.errors import Refused

from . import _report, _ui
from ._session import Session


def quantize(
    ctx: typer.Context,
    mode: str = typer.Option("dynamic", "--mode", help="dynamic, qdq-int8, qdq-uint8 or qdq-int16."),
    model: Optional[Path] = typer.Option(None, "--model", help="fp32 model directory (default: the shipped model)."),
    out: Optional[Path] = typer.Option(None, "--out", help="Directory to write (default: the --model directory)."),
    calibration: int = typer.Option(200, "--calibration", min=1, help="Synthesised requests to calibrate on."),
    validation: int = typer.Option(300, "--validation", min=1, help="Synthesised held-out requests to score."),
    exclude: List[str] = typer.Option([], "--exclude", help="Operator type or node name/pattern kept in float "
                                      "(default for the QDQ modes: LayerNormalization and @logits, the decoder's "
                                      "output projection; none: quantize all)."),
    dev: Optional[Path] = typer.Option(None, "--dev", help="Gold JSONL gating the write (default: the dev set)."),
    max_drop: float = typer.Option(0.01, "--max-drop", help="Largest exact-accuracy drop over the shipped model."),
    force: bool = typer.Option(False, "--force", help="Write over the shipped model even past --max-drop."),
    seed: int = typer.Option(0, "--seed", help="Seed of the synthesised requests."),
    json_out: bool = typer.Option(False, "--json", help="Print the report as JSON on stdout."),
):
    """Quantize the model, compare it with fp32 on the dev set and synthetic requests, then write it."""
    from mu_cli import quantize as lib
    from mu_cli.paths import eval_file, model_dir
    from mu_cli.scoring import dev_file, load_gold

    session = Session(ctx)
    src = model or model_dir()
    gold_path = dev or dev_file() or eval_file()
    gold = ("dev" if gold_path == dev_file() else gold_path.stem, load_gold(gold_path))
    opts = lib.QuantizeOptions(mode=mode, calibration=calibration, validation=validation,
                               exclude=tuple(exclude) or None, seed=seed, max_drop=max_drop, force=force)
    try:
        with _report.progress("mu quantize") as say:
            report = lib.run(src, out or src, session.catalog, opts, gold, model_dir(), say)
    except Refused as exc:
        _show(getattr(exc, "report", None), json_out)
        raise
    _show(report, json_out)


def _show(report, json_out: bool) -> None:
    if report is not None:
        _ui.emit_json(report) if json_out else _ui.out.print(_report.quantize_view(report))


def register(app: typer.Typer) -> None:
    app.command("quantize")(quantize)
