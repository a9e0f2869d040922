"""Training: records -> token ids -> an encoder-decoder trained with a warmup-stable-decay schedule.

- AdamW, small label smoothing, gradient clipping; batches bucketed by request length (less padding);
- a time budget: after a few calibration steps the number of steps that fit `minutes` is estimated
  (re-estimated at each checkpoint while the LR is still stable, fixed once the decay starts);
  `max_steps` instead gives a fixed, fully deterministic schedule;
- a checkpoint every `ckpt_every` steps; `resume=True` continues from the latest one with the same data
  order, optimizer state and RNG state (runs get interrupted);
- validation: loss on the validation set and exact match of constrained greedy decoding on a sample;
- progress goes to a callback (the CLI draws it).
"""

from __future__ import annotations

import hashlib
import math
import random
import time
from array import array
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

import torch
import torch.nn.functional as F

from mu_cli.calls import Call
from mu_cli.calls import calls_key as json_calls_key
from mu_cli.catalog import Catalog
from mu_cli.errors import MuError
from mu_cli.grammar import BOS, EOS, PAD, CallGrammar, call_to_tokens, tokens_to_calls

from .model import ModelConfig, MuModel
from .tokenizer import detokenizer, encode_source, value_tokens, vocab_of


@dataclass
class TrainConfig:
    seed: int = 0
    batch_size: int = 64
    peak_lr: float = 1.5e-3
    min_lr_frac: float = 0.05  # the LR at the end of the decay, as a share of the peak
    warmup_steps: int = 300
    decay_frac: float = 0.2  # the last 20% of the steps decay linearly
    weight_decay: float = 0.05
    label_smoothing: float = 0.05
    grad_clip: float = 1.0
    minutes: float = 35.0  # wall time for the training steps (evaluations not counted)
    max_steps: int = 0  # > 0: exactly this many steps, no time budget
    calib_steps: int = 40
    ckpt_every: int = 500
    eval_every: int = 2000  # 0: evaluate only at the end
    val_loss_sample: int = 2000
    val_exact_sample: int = 300
    threads: int = 2
    device: str = "cpu"  # "cuda" trains on a GPU (the model still exports and runs on CPU)
    keep_fp32: bool = False  # keep the fp32 graphs beside the int8 ones whatever their size (mu quantize)

    @classmethod
    def from_dict(cls, data: dict) -> TrainConfig:
        return cls(**{k: v for k, v in data.items() if k in {f.name for f in fields(cls)}})


Example = tuple[list[int], list[int]]  # (encoder ids ending in </s>, target ids ending in </s>)


# ------------------------------------------------------------------ records -> ids
def encode_record(rec: dict, tok, vocab: dict[str, int], catalog: Catalog, max_src: int, max_tgt: int) -> Example:
    src = encode_source(tok, rec["text"], max_src)
    toks: list[str] = []
    for c in rec["calls"]:
        call = Call.from_json(c)
        text = value_tokens(tok, rec["text"], str(call.value)) if _is_text(call, catalog) else ()
        toks += call_to_tokens(call, catalog, text)
    tgt = [vocab[t] for t in toks][: max_tgt - 2] + [vocab[EOS]]
    return src, tgt


def _is_text(call: Call, catalog: Catalog) -> bool:
    s = catalog.settings.get(call.setting or "")
    return bool(s and s.kind == "text" and call.action == "set")


def encode_records(records: list[dict], tok, catalog: Catalog, cfg: ModelConfig) -> tuple[list[Example], int]:
    """Encoded examples, and how many records were skipped (a call the catalog or grammar rejects)."""
    out, skipped, vocab = [], 0, vocab_of(tok)
    for rec in records:
        try:
            out.append(encode_record(rec, tok, vocab, catalog, cfg.max_src, cfg.max_tgt))
        except (KeyError, ValueError, TypeError, MuError):
            skipped += 1
    return out, skipped


# ------------------------------------------------------------------ batching
def epoch_batches(n_examples: int, lengths: list[int], batch_size: int, seed: int, epoch: int) -> list[list[int]]:
    """Shuffled batches of similar request lengths; the same for the same (seed, epoch)."""
    rng = random.Random(seed * 100_003 + epoch)
    idx = list(range(n_examples))
    rng.shuffle(idx)
    pool = batch_size * 50
    batches = []
    for start in range(0, len(idx), pool):
        chunk = sorted(idx[start : start + pool], key=lambda i: lengths[i])
        batches += [chunk[i : i + batch_size] for i in range(0, len(chunk), batch_size)]
    rng.shuffle(batches)
    return batches


def collate(examples: list[Example], pad: int, bos: int) -> tuple[torch.Tensor, ...]:
    """-> src [B, S], src_mask [B, S], tgt_in [B, T], labels [B, T] (-100 where padded)."""
    s_len, t_len = max(len(s) for s, _ in examples), max(len(t) for _, t in examples)
    src = torch.full((len(examples), s_len), pad, dtype=torch.long)
    tgt_in = torch.full((len(examples), t_len), pad, dtype=torch.long)
    labels = torch.full((len(examples), t_len), -100, dtype=torch.long)
    for i, (s, t) in enumerate(examples):
        src[i, : len(s)] = torch.tensor(s)
        tgt_in[i, : len(t)] = torch.tensor([bos] + t[:-1])
        labels[i, : len(t)] = torch.tensor(t)
    return src, (src != pad).long(), tgt_in, labels


# ------------------------------------------------------------------ schedule
def lr_at(step: int, total: int, cfg: TrainConfig) -> float:
    """Warmup-stable-decay: linear warmup, a long constant phase, a linear decay over the last steps."""
    if step < cfg.warmup_steps:
        return cfg.peak_lr * (step + 1) / cfg.warmup_steps
    decay_start = int(total * (1 - cfg.decay_frac))
    if step < decay_start:
        return cfg.peak_lr
    frac = min(1.0, (step - decay_start) / max(1, total - decay_start))
    return cfg.peak_lr * (1 - frac * (1 - cfg.min_lr_frac))


# ------------------------------------------------------------------ decoding and evaluation
@torch.no_grad()
def greedy_decode(model: MuModel, grammar: CallGrammar, srcs: list[list[int]], max_steps: int) -> list[list[int]]:
    """Constrained greedy decoding of a batch, with the KV cache (the same algorithm as the runtime)."""
    model.eval()
    cfg, dev = model.cfg, model_device(model)
    src, mask, _, _ = (t.to(dev) for t in collate([(s, [cfg.eos_id]) for s in srcs], cfg.pad_id, cfg.bos_id))
    ck, cv = model.cross_kv(model.encode(src, mask))
    pk, pv = model.empty_cache(len(srcs)).to(dev), model.empty_cache(len(srcs)).to(dev)
    states = [grammar.start() for _ in srcs]
    out: list[list[int]] = [[] for _ in srcs]
    token = torch.full((len(srcs), 1), cfg.bos_id, dtype=torch.long, device=dev)
    for step in range(max_steps):
        logits, pk, pv = model.decode_step(token, torch.tensor([step], device=dev), pk, pv, ck, cv, mask)
        logits = logits.float().cpu()
        nxt = []
        for i, st in enumerate(states):
            if st.phase == "done":
                nxt.append(cfg.pad_id)
                continue
            allowed = grammar.allowed(st, srcs[i]) if step < max_steps - 1 else [grammar.eos]
            best = allowed[int(torch.argmax(logits[i, allowed]))]
            states[i] = grammar.advance(st, best)
            out[i].append(best)
            nxt.append(best)
        if all(st.phase == "done" for st in states):
            break
        token = torch.tensor(nxt, dtype=torch.long, device=dev)[:, None]
    return out


def model_device(model: torch.nn.Module) -> torch.device:
    return next(model.parameters()).device


def calls_key(calls: list[Call]) -> list[str]:
    """The calls as comparable strings (their confidences aside)."""
    return json_calls_key([c.to_json() for c in calls])


def evaluate(
    model: MuModel, examples: list[Example], tok, catalog: Catalog, cfg: TrainConfig, decode: Callable | None = None
) -> dict:
    """Validation loss (sample) and exact match of constrained decoding (sample; `decode`: the model's
    greedy_decode, this module's by default)."""
    model.eval()
    mc = model.cfg
    sample = examples[: cfg.val_loss_sample]
    total, n = 0.0, 0
    with torch.no_grad():
        for i in range(0, len(sample), 128):
            src, mask, tgt_in, labels = (
                t.to(model_device(model)) for t in collate(sample[i : i + 128], mc.pad_id, mc.bos_id)
            )
            logits = model(src, mask, tgt_in)
            total += F.cross_entropy(
                logits.reshape(-1, logits.shape[-1]), labels.reshape(-1), ignore_index=-100, reduction="sum"
            ).item()
            n += int((labels != -100).sum())
    vocab = vocab_of(tok)
    grammar, id_to_tok, detok = CallGrammar(catalog, vocab), {i: t for t, i in vocab.items()}, detokenizer(tok)
    sample = examples[: cfg.val_exact_sample]
    hits = 0
    for i in range(0, len(sample), 64):
        batch = sample[i : i + 64]
        preds = (decode or greedy_decode)(model, grammar, [s for s, _ in batch], mc.max_tgt)
        for (_, gold), pred in zip(batch, preds):
            g = tokens_to_calls([id_to_tok[t] for t in gold], catalog, detok)
            p = tokens_to_calls([id_to_tok[t] for t in pred], catalog, detok)
            hits += calls_key(g) == calls_key(p)
    model.train()
    return {"val_loss": total / max(1, n), "val_exact": hits / max(1, len(sample)), "val_exact_n": len(sample)}


# ------------------------------------------------------------------ the loop
def _save(path: Path, payload: dict) -> None:
    tmp = path.with_suffix(".tmp")
    torch.save(payload, tmp)
    tmp.replace(path)  # atomic: an interrupted save never corrupts the latest checkpoint


def train(
    model_cfg: ModelConfig,
    cfg: TrainConfig,
    train_ex: list[Example],
    val_ex: list[Example],
    tok,
    catalog: Catalog,
    ckpt_dir: Path,
    resume: bool = False,
    progress_cb: Callable[[dict], None] | None = None,
    *,
    build: Callable = MuModel,
    evaluate_fn: Callable | None = None,
) -> tuple[MuModel, dict]:
    """Train (or continue training) the model `build` makes of `model_cfg` (with its own `evaluate_fn`, else
    evaluate) and return it in eval mode with the run's statistics."""
    setup(cfg)
    model = build(model_cfg).to(cfg.device)
    data, ident = (train_ex, val_ex, tok, catalog), {"model_config": model_cfg.to_dict()}
    stats = fit(model, optimizer(model, cfg), cfg, *data, ckpt_dir, resume, progress_cb, ident, evaluate_fn)
    return model, stats


def optimizer(model, cfg: TrainConfig) -> torch.optim.Optimizer:
    """AdamW with weight decay on the matrices only (not on norms and biases)."""
    decay = [p for p in model.parameters() if p.dim() >= 2]
    no_decay = [p for p in model.parameters() if p.dim() < 2]
    groups = [{"params": decay, "weight_decay": cfg.weight_decay}, {"params": no_decay, "weight_decay": 0.0}]
    return torch.optim.AdamW(groups, lr=cfg.peak_lr, betas=(0.9, 0.98))


def setup(cfg: TrainConfig) -> None:
    torch.set_num_threads(cfg.threads)
    torch.set_flush_denormal(True)  # denormal weights/moments made early steps ~10x slower on CPU
    torch.manual_seed(cfg.seed)


@dataclass
class FitState:
    """Where a training run is; saved in every checkpoint (as a plain dict) and resumed from it."""

    step: int = 0
    epoch: int = 0
    batch: int = 0  # the next batch of this epoch
    total_steps: int = 0  # 0 until the time budget's rate is measured (or max_steps fixes it)
    locked: bool = False  # total_steps is final
    train_seconds: float = 0.0
    samples: int = 0
    history: list = field(default_factory=list)  # one row per evaluation
    done: bool = False

    @classmethod
    def start(cls, cfg: TrainConfig) -> FitState:
        return cls(total_steps=cfg.max_steps or 0, locked=bool(cfg.max_steps))


@dataclass
class Run:
    """What one call of `fit` works with: the model and optimiser, the data and where checkpoints go."""

    model: Any
    opt: Any
    cfg: TrainConfig
    train_ex: list
    val_ex: list
    tok: Any
    catalog: Catalog
    latest: Path
    ident: dict
    evaluate: Callable
    emit: Callable[[dict], None]
    state: FitState = field(default_factory=FitState)

    def checkpoint(self) -> None:
        _save(
            self.latest,
            {
                "model": self.model.state_dict(),
                "optimizer": self.opt.state_dict(),
                "rng": torch.get_rng_state(),
                "state": asdict(self.state),
                "train_config": asdict(self.cfg),
                **self.ident,
            },
        )


def fit(
    model,
    opt,
    cfg: TrainConfig,
    train_ex: list[Example],
    val_ex: list[Example],
    tok,
    catalog: Catalog,
    ckpt_dir: Path,
    resume: bool = False,
    progress_cb: Callable[[dict], None] | None = None,
    ident: dict | None = None,
    evaluate_fn: Callable = None,
) -> dict:
    """The training loop every model shares: length-bucketed batches, the WSD schedule (a param group's
    "base_lr" scales with it; without one the group follows peak_lr), the time budget, evaluations,
    checkpoints every `ckpt_every` steps and resume. `ident` (model config, data fingerprint) travels with
    each checkpoint; a checkpoint of another run is refused. The model ends on the CPU in eval mode."""
    ckpt_dir.mkdir(parents=True, exist_ok=True)
    ident = {**(ident or {}), "data": data_digest(train_ex)}
    hooks = (evaluate_fn or evaluate, progress_cb or (lambda info: None), FitState.start(cfg))
    run = Run(model, opt, cfg, train_ex, val_ex, tok, catalog, ckpt_dir / "latest.pt", ident, *hooks)
    if resume and run.latest.exists():
        _resume(run)
    _loop(run)
    model.eval().cpu()
    stats = _stats(run.state, cfg, len(train_ex))
    run.emit({"phase": "done", **stats})
    return stats


def _stats(st: FitState, cfg: TrainConfig, n_train: int) -> dict:
    """The run's statistics for model.json, with its last evaluation."""
    return {
        "steps": st.step,
        "epochs": round(st.samples / max(1, n_train), 2),
        "device": cfg.device,
        "train_seconds": round(st.train_seconds, 1),
        "samples_seen": st.samples,
        "samples_per_s": round(st.samples / max(1e-9, st.train_seconds), 1),
        **(st.history[-1] if st.history else {}),
    }


def _resume(run: Run) -> None:
    """Model, optimiser, random state and run state from the latest checkpoint, if it is this run's."""
    ck = torch.load(run.latest, map_location="cpu", weights_only=False)
    if {k: ck.get(k) for k in run.ident} != run.ident:
        raise MuError(
            f"checkpoint {run.latest} belongs to another run (model config or data: catalog, seed, "
            "tokenizer); remove it or train without resume (mu train --fresh)"
        )
    run.model.load_state_dict(ck["model"])
    run.opt.load_state_dict(ck["optimizer"])
    torch.set_rng_state(ck["rng"])
    run.state = FitState(**ck["state"])


def _loop(run: Run) -> None:
    """Steps until the budget (or max_steps) is spent, evaluating and checkpointing on the way."""
    cfg, st = run.cfg, run.state
    lengths = [len(s) for s, _ in run.train_ex]
    batches = epoch_batches(len(run.train_ex), lengths, cfg.batch_size, cfg.seed, st.epoch)
    mc = run.model.cfg
    run.model.train()
    loss_avg, t_mark, calib = None, time.perf_counter(), None
    while not st.done:
        if st.batch >= len(batches):
            st.epoch, st.batch = st.epoch + 1, 0
            batches = epoch_batches(len(run.train_ex), lengths, cfg.batch_size, cfg.seed, st.epoch)
        batch = collate([run.train_ex[i] for i in batches[st.batch]], mc.pad_id, mc.bos_id)
        lr = _schedule(run.opt, cfg, st)
        loss, t_mark = optimise(run.model, run.opt, cfg, batch, st, t_mark)
        loss_avg = loss if loss_avg is None else 0.98 * loss_avg + 0.02 * loss
        if calib is None and st.step >= 5:
            calib = (st.step, st.train_seconds)
        if not st.locked and calib and st.step - calib[0] >= cfg.calib_steps:
            _plan_steps(st, cfg, calib)
        run.emit(
            {
                "phase": "train",
                "step": st.step,
                "total_steps": st.total_steps,
                "loss": loss_avg,
                "lr": lr,
                "elapsed_s": st.train_seconds,
                "samples_per_s": st.samples / max(1e-9, st.train_seconds),
            }
        )
        st.done = bool(st.total_steps) and st.step >= st.total_steps
        if _after_step(run, loss_avg):
            t_mark = time.perf_counter()  # evaluations and checkpoints are not training time


def _schedule(opt, cfg: TrainConfig, st: FitState) -> float:
    """Set this step's learning rates (the WSD schedule); returns the schedule's value."""
    lr = lr_at(st.step, st.total_steps or 10**9, cfg)
    for g in opt.param_groups:
        g["lr"] = g.get("base_lr", cfg.peak_lr) * lr / cfg.peak_lr
    return lr


def _after_step(run: Run, loss_avg: float | None) -> bool:
    """Evaluate and checkpoint when due; whether either happened (their time is not training time)."""
    cfg, st = run.cfg, run.state
    evaluating = st.done or bool(cfg.eval_every and st.step % cfg.eval_every == 0)
    if evaluating:
        result = run.evaluate(run.model, run.val_ex, run.tok, run.catalog, cfg) if run.val_ex else {}
        row = {
            "step": st.step,
            "train_loss": round(loss_avg or math.nan, 4),
            **{k: round(v, 4) if isinstance(v, float) else v for k, v in result.items()},
        }
        st.history.append(row)
        run.emit({"phase": "eval", **row})
    if st.done or st.step % cfg.ckpt_every == 0:
        run.checkpoint()
    return evaluating or st.step % cfg.ckpt_every == 0


def data_digest(examples: list[Example]) -> str:
    """What the training examples are, in 16 hex digits: a checkpoint resumes only on the same data."""
    h = hashlib.sha256()
    for src, tgt in examples:
        h.update(array("i", src).tobytes() + b"|" + array("i", tgt).tobytes() + b"\n")
    return h.hexdigest()[:16]


def optimise(model, opt, cfg, batch, st: FitState, t_mark: float) -> tuple[float, float]:
    """One optimiser step on a collated batch, and the run state's step/time/sample counts advanced."""
    src, mask, tgt_in, labels = (t.to(cfg.device, non_blocking=True) for t in batch)
    with torch.autocast("cuda", dtype=torch.bfloat16, enabled=cfg.device.startswith("cuda")):
        logits = model(src, mask, tgt_in)
    loss = F.cross_entropy(
        logits.float().reshape(-1, logits.shape[-1]),
        labels.reshape(-1),
        ignore_index=-100,
        label_smoothing=cfg.label_smoothing,
    )
    opt.zero_grad(set_to_none=True)
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), cfg.grad_clip)
    opt.step()
    now = time.perf_counter()
    st.train_seconds += now - t_mark
    st.step += 1
    st.batch += 1
    st.samples += src.shape[0]
    return loss.item(), now


def _plan_steps(st: FitState, cfg: TrainConfig, calib: tuple[int, float]) -> None:
    """Estimate how many steps fit the budget from the measured rate; fixed once the decay begins."""
    rate = (st.step - calib[0]) / max(1e-9, st.train_seconds - calib[1])
    remaining = cfg.minutes * 60 - st.train_seconds
    st.total_steps = max(st.step + 1, st.step + int(remaining * rate))
    if st.step >= int(st.total_steps * (1 - cfg.decay_frac)):
        st.locked = True


def load_checkpoint(path: Path) -> MuModel:
    """The model of a checkpoint (its config travels with it), in eval mode."""
    ck = torch.load(path, map_location="cpu", weights_only=False)
    model = MuModel(ModelConfig.from_dict(ck["model_config"]))
    model.load_state_dict(ck["model"])
    return model.eval()


def special_ids(tok) -> dict:
    v = vocab_of(tok)
    return {"pad_id": v[PAD], "bos_id": v[BOS], "eos_id": v[EOS]}
