"""`mu train`: synthesise data from the catalog, train, export, quantize, evaluate (needs the train extra)."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from mu_cli.errors import UsageError

from . import _ui
from ._session import Session


def train(
    ctx: typer.Context,
    out: Optional[Path] = typer.Option(None, "--out", help="Model directory to write (default: the shipped model/)."),
    minutes: float = typer.Option(35.0, "--minutes", help="Training time budget."),
    seed: int = typer.Option(0, "--seed", help="Random seed (same seed, same data, same model)."),
    resume: bool = typer.Option(True, "--resume/--fresh", help="Continue from the latest checkpoint."),
):
    """Train the model for the current catalog and write it with its model.json."""
    try:
        from mu_cli.training import pipeline
    except ImportError as exc:
        raise UsageError(f"mu train needs the train extra: pip install 'mu-settings[train]' ({exc.name} missing)")
    from mu_cli.paths import model_dir

    session = Session(ctx)
    from rich.progress import Progress

    with Progress(console=_ui.err, transient=False) as progress:
        task = progress.add_task("training", total=None)

        def on_progress(stage: str, done: float | None = None, total: float | None = None) -> None:
            progress.update(task, description=stage, completed=done, total=total)

        result = pipeline.run(session.catalog, out or model_dir(), seed=seed, minutes=minutes,
                              resume=resume, progress_cb=on_progress)
    _ui.emit_json(result)


def register(app: typer.Typer) -> None:
    app.command("train")(train)
