"""`mu quantize`: an fp32 model directory -> a quantized one, evaluated against fp32 before it is written."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from mu_cli.errors import Refused, UsageError

from . import _report, _ui
from ._session import Session

MODE = typer.Option("dynamic", "--mode", metavar="MODE", help="dynamic, qdq-int8, qdq-uint8 or qdq-int16.")
MODEL = typer.Option(None, "--model", metavar="DIR", help="fp32 model directory (default: the shipped model).")
OUT = typer.Option(None, "--out", metavar="DIR", help="Directory to write (default: the --model directory).")
CALIBRATION = typer.Option(200, "--calibration", min=1, metavar="N", help="Synthesised requests to calibrate on.")
VALIDATION = typer.Option(300, "--validation", min=1, metavar="N", help="Synthesised held-out requests to score.")
EXCLUDE = typer.Option(
    [],
    "--exclude",
    metavar="OP|NODE",
    help="Operator type or node name/pattern kept in float (default for the QDQ modes: LayerNormalization and "
    "@logits, the decoder's output projection; none: quantize all).",
)
DEV = typer.Option(None, "--dev", metavar="JSONL", help="Gold JSONL gating the write (default: the dev set).")
MAX_DROP = typer.Option(0.01, "--max-drop", metavar="SHARE", help="Largest exact-accuracy drop over the shipped model.")
FORCE = typer.Option(False, "--force", help="Write over the shipped model even past --max-drop.")
SEED = typer.Option(0, "--seed", metavar="N", help="Seed of the synthesised requests.")
JSON_OUT = typer.Option(False, "--json", help="Print the report as JSON on stdout.")


def quantize(
    ctx: typer.Context,
    mode: str = MODE,
    model: Optional[Path] = MODEL,
    out: Optional[Path] = OUT,
    calibration: int = CALIBRATION,
    validation: int = VALIDATION,
    exclude: List[str] = EXCLUDE,
    dev: Optional[Path] = DEV,
    max_drop: float = MAX_DROP,
    force: bool = FORCE,
    seed: int = SEED,
    json_out: bool = JSON_OUT,
):
    """Quantize a model's fp32 graphs, compare with fp32 on the dev set and synthetic requests, then write it.

    \b
    Examples:
      mu quantize --model my-model/                       # int8 weights, dynamic activations
      mu quantize --model my-model/ --mode qdq-int16 --out my-model-a16/
    """
    from mu_cli.paths import model_dir
    from mu_cli.training import quantize as lib

    session = Session(ctx.obj)
    src = model or model_dir()
    _check_fp32(src)
    kept = tuple(exclude) or None
    opts = lib.QuantizeOptions(mode, calibration, validation, kept, seed, max_drop=max_drop, force=force)
    try:
        with _report.progress("mu quantize") as say:
            report = lib.run(src, out or src, session.catalog, opts, _gold(dev), model_dir(), say)
    except Refused as exc:
        _show(getattr(exc, "report", None), json_out)
        raise
    _show(report, json_out)


def _gold(dev: Path | None) -> tuple:
    """(name, rows) of the set that gates the write: --dev, else the shared dev set, else mu's own eval set."""
    from mu_cli.bench.scoring import dev_file, load_gold
    from mu_cli.paths import eval_file

    path = dev or dev_file() or eval_file()
    return ("dev" if path == dev_file() else path.stem, load_gold(path))


def _check_fp32(src) -> None:
    """Before any work: quantization starts from fp32 graphs, which the shipped model leaves out for size."""
    from mu_cli.training.quantize import fp32_files

    if not (src / "model.json").is_file():
        raise UsageError(f"{src} is not a model directory (no model.json)")
    if fp32_files(src) is None:
        raise UsageError(
            f"{src} holds int8 graphs only, and mu quantize starts from fp32 ones: train a model that "
            "keeps them (mu train --pretrained --keep-fp32 --out DIR), then mu quantize --model DIR"
        )


def _show(report, json_out: bool) -> None:
    if report is not None:
        _ui.emit_json(report) if json_out else _ui.out.print(_report.quantize_view(report))


def register(app: typer.Typer) -> None:
    app.command("quantize", short_help="Quantize an fp32 model, checked against fp32 first.")(quantize)
