"""The decoder-only baseline `mu bench` compares the encoder-decoder with (`mu train --decoder-only`).

One causal transformer reads the request and writes the calls in a single sequence:

    request tokens  </s>  <s>  call tokens ... </s>
    (the encoder's input)  (the decoder's input and output)

built from model.py's blocks (Dual LayerNorm, RoPE grouped-query attention, SwiGLU, tied embeddings) with
as many layers as bring it to about the parameter count of the from-scratch encoder-decoder. It is trained
on the same synthesised data with the same tokenizer and schedule (train.py's batches, WSD learning rate,
optimiser step and time budget), the loss on the call tokens only, decoded with the same catalog grammar,
and exported as two ONNX graphs (prefill and one cached step, see mu_cli/runtime/decoder_only.py) plus
their dynamic int8 versions.

`python -m mu_cli.training.decoder_only --out DIR --minutes M --device cuda` trains it without the CLI
(torch, tokenizers, pyyaml, onnx and onnxruntime are all it needs).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import math
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import torch
import torch.nn as nn

from mu_cli.catalog import Catalog
from mu_cli.errors import MuError, UsageError
from mu_cli.grammar import CallGrammar
from mu_cli.runtime import DECODER_ONLY as DECODER_ONLY_RUNTIME

from . import pipeline
from .decoder_only_export import export_onnx, parity
from .model import NEG, EncoderLayer, ModelConfig, MuModel
from .pipeline import DEV, N_SAMPLES
from .train import Example, TrainConfig, model_device
from .train import evaluate as train_evaluate
from .train import train as train_model

ARCHITECTURE = (
    "decoder-only transformer (Mu-style blocks: dual LayerNorm, RoPE, GQA, SwiGLU, tied embeddings; "
    "request, </s>, <s>, then the calls in one causal sequence)"
)
DEFAULT_OUT = "model-decoder-only"


@dataclass
class DecoderOnlyConfig(ModelConfig):
    """model.py's config; `dec_layers` causal layers and no encoder. 11 layers of d=256 make ~8.0M parameters
    with the 5k-token vocabulary, against 7.9M of the default 7+3-layer encoder-decoder."""

    enc_layers: int = 0
    dec_layers: int = 11


# ------------------------------------------------------------------ the model
def causal_mask(pos: torch.Tensor) -> torch.Tensor:
    """Additive [T, T]: position i sees positions <= i."""
    return (pos[None, :] > pos[:, None]).to(torch.float32) * NEG


def left_align(src: torch.Tensor, mask: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Right-padded requests [B, S] -> padded on the left, so each request runs straight into its answer."""
    s = src.shape[1]
    shift = s - mask.sum(dim=1, keepdim=True)
    idx = (torch.arange(s, device=src.device)[None, :] - shift) % s
    return src.gather(1, idx), mask.gather(1, idx)


class CausalLayer(EncoderLayer):
    """An encoder layer that attends backwards only and hands back its keys and values (the KV cache)."""

    def forward(self, x, mask, pos, past: tuple[torch.Tensor, torch.Tensor] | None = None):
        kv = []

        def self_attn(h):
            k, v = self.attn.project_kv(h, pos)
            if past is not None:
                k, v = torch.cat([past[0], k], dim=2), torch.cat([past[1], v], dim=2)
            kv.extend((k, v))
            return self.attn.attend(h, k, v, mask, pos)

        x = self.n2(self.n1(x, self_attn), self.ffn)
        return x, kv[0], kv[1]


class DecoderOnlyModel(nn.Module):
    def __init__(self, cfg: DecoderOnlyConfig):
        super().__init__()
        self.cfg = cfg
        self.embed = nn.Embedding(cfg.vocab_size, cfg.d_model)  # shared: input and output
        self.drop = nn.Dropout(cfg.dropout)
        self.layers = nn.ModuleList(CausalLayer(cfg) for _ in range(cfg.dec_layers))
        self.norm = nn.LayerNorm(cfg.d_model)
        self.apply(MuModel._init)

    def embed_tokens(self, ids: torch.Tensor) -> torch.Tensor:
        return self.embed(ids) * math.sqrt(self.cfg.d_model)

    def logits(self, h: torch.Tensor) -> torch.Tensor:
        return self.norm(h) @ self.embed.weight.t()  # tied output projection

    def run(self, ids, pos, mask, past_k=None, past_v=None):
        """The layers over ids [B, T] at positions pos [T] -> hidden [B, T, d] and every layer's keys and
        values, the past included: [L, B, kvh, T0 + T, hd]."""
        x = self.drop(self.embed_tokens(ids))
        ks, vs = [], []
        for i, layer in enumerate(self.layers):
            x, k, v = layer(x, mask, pos, None if past_k is None else (past_k[i], past_v[i]))
            ks.append(k)
            vs.append(v)
        return x, torch.stack(ks), torch.stack(vs)

    def forward(self, src: torch.Tensor, src_mask: torch.Tensor, tgt_in: torch.Tensor) -> torch.Tensor:
        """Teacher forcing with MuModel's signature (train.optimise drives both): logits [B, T, V] for the
        answer positions tgt_in [B, T] (<s> first), each request [B, S] read before its answer."""
        src, src_mask = left_align(src, src_mask)
        ids = torch.cat([src, tgt_in], dim=1)
        keys = torch.cat([src_mask, torch.ones_like(tgt_in)], dim=1)
        pos = torch.arange(ids.shape[1], device=ids.device)
        h, _, _ = self.run(ids, pos, causal_mask(pos) + MuModel.pad_mask(keys))
        return self.logits(h[:, src.shape[1] :])

    def prefill(self, ids: torch.Tensor, key_mask: torch.Tensor | None = None):
        """The prompt ids [B, P] (left-padded, `key_mask` 1/0, when batched) -> the next token's logits [B, V]
        and the cache [L, B, kvh, P, hd]."""
        pos = torch.arange(ids.shape[1], device=ids.device)
        mask = causal_mask(pos) if key_mask is None else causal_mask(pos) + MuModel.pad_mask(key_mask)
        h, k, v = self.run(ids, pos, mask)
        return self.logits(h[:, -1]), k, v

    def decode_step(self, token, pos, past_k, past_v, key_mask: torch.Tensor | None = None):
        """One token [B, 1] at position pos [1] after the cache -> logits [B, V], cache one longer."""
        mask = (
            torch.zeros((1, 1), dtype=torch.float32, device=token.device)
            if key_mask is None
            else MuModel.pad_mask(key_mask)
        )
        h, k, v = self.run(token, pos, mask, past_k, past_v)
        return self.logits(h[:, -1]), k, v

    def param_counts(self) -> dict:
        layers = sum(p.numel() for m in (self.layers, self.norm) for p in m.parameters())
        emb = self.embed.weight.numel()
        return {"total": layers + emb, "layers": layers, "embedding": emb}


def encoder_decoder_params(cfg: DecoderOnlyConfig) -> int:
    """Parameters of the default from-scratch encoder-decoder for the same vocabulary: what this one matches."""
    keep = ("vocab_size", "pad_id", "bos_id", "eos_id")
    return MuModel(ModelConfig(**{k: getattr(cfg, k) for k in keep})).param_counts()["total"]


# ------------------------------------------------------------------ decoding and evaluation
def _choose(
    grammar: CallGrammar, states: list, out: list[list[int]], logits: torch.Tensor, srcs, last: bool, pad: int
) -> list[int]:
    """One constrained greedy step for every row (a finished row feeds padding); states and out advance."""
    nxt = []
    for i, st in enumerate(states):
        if st.phase == "done":
            nxt.append(pad)
            continue
        allowed = grammar.allowed(st, srcs[i]) if not last else [grammar.eos]
        best = allowed[int(torch.argmax(logits[i, allowed]))]
        states[i] = grammar.advance(st, best)
        out[i].append(best)
        nxt.append(best)
    return nxt


@torch.no_grad()
def greedy_decode(
    model: DecoderOnlyModel, grammar: CallGrammar, srcs: list[list[int]], max_steps: int
) -> list[list[int]]:
    """Constrained greedy decoding of a batch of requests (prompts left-padded), with the KV cache."""
    model.eval()
    cfg, dev = model.cfg, model_device(model)
    prompts = [s + [cfg.bos_id] for s in srcs]
    p = max(len(x) for x in prompts)
    ids = torch.tensor([[cfg.pad_id] * (p - len(x)) + x for x in prompts], dtype=torch.long, device=dev)
    keys = (ids != cfg.pad_id).long()
    logits, pk, pv = model.prefill(ids, keys)
    states, out = [grammar.start() for _ in srcs], [[] for _ in srcs]
    for step in range(max_steps):
        nxt = _choose(grammar, states, out, logits.float().cpu(), srcs, step == max_steps - 1, cfg.pad_id)
        if all(st.phase == "done" for st in states):
            break
        keys = torch.cat([keys, torch.ones((len(srcs), 1), dtype=torch.long, device=dev)], dim=1)
        token = torch.tensor(nxt, dtype=torch.long, device=dev)[:, None]
        logits, pk, pv = model.decode_step(token, torch.tensor([p + step], device=dev), pk, pv, keys)
    return out


def evaluate(model: DecoderOnlyModel, examples: list[Example], tok, catalog: Catalog, cfg: TrainConfig) -> dict:
    """train.evaluate with this model's decoding."""
    return train_evaluate(model, examples, tok, catalog, cfg, decode=greedy_decode)


# ------------------------------------------------------------------ the loop
def train(model_cfg: DecoderOnlyConfig, cfg: TrainConfig, *data, **options) -> tuple[DecoderOnlyModel, dict]:
    """train.train for this model (train_ex, val_ex, tok, catalog, ckpt_dir, resume, progress_cb): the
    encoder-decoder's batches (same seed, same order), schedule, budget, checkpoints; its own evaluation."""
    return train_model(model_cfg, cfg, *data, **options, build=DecoderOnlyModel, evaluate_fn=evaluate)


# ------------------------------------------------------------------ synthesise -> train -> export -> evaluate
DECODER_ONLY = pipeline.Recipe(
    ARCHITECTURE,
    DecoderOnlyConfig,
    train,
    export_onnx,
    parity,
    params=lambda model, mcfg: {**model.param_counts(), "encoder_decoder_default": encoder_decoder_params(mcfg)},
    work_name=".train_ckpt_decoder_only",
    keep_fp32=True,
    runtime=DECODER_ONLY_RUNTIME,
)


def run(
    catalog: Catalog,
    out_dir: str | Path,
    seed: int = 0,
    minutes: float = 35.0,
    resume: bool = False,
    progress_cb: Callable[[dict], None] | None = None,
    **kwargs,
) -> dict:
    """pipeline.run for the decoder-only baseline (same data, tokenizer and schedule for the same seed and
    sample count); writes out_dir with its model.json and returns that."""
    from mu_cli.paths import model_dir

    if Path(out_dir).resolve() == model_dir().resolve():
        raise UsageError(
            f"{out_dir} holds the shipped encoder-decoder; write the decoder-only baseline elsewhere "
            f"(--out {DEFAULT_OUT})"
        )
    return pipeline.run(catalog, out_dir, seed, minutes, resume, progress_cb, recipe=DECODER_ONLY, **kwargs)


# ------------------------------------------------------------------ python -m mu_cli.training.decoder_only
def _arguments(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(
        prog="python -m mu_cli.training.decoder_only",
        description="Train the decoder-only baseline and write it with its model.json.",
    )
    ap.add_argument("--out", type=Path, default=Path(DEFAULT_OUT), help="model directory to write")
    ap.add_argument(
        "--work", type=Path, default=None, help="checkpoints and staging (default: OUT/../.train_ckpt_decoder_only)"
    )
    ap.add_argument("--minutes", type=float, default=35.0, help="training time budget")
    ap.add_argument("--device", default="cpu", help="cpu or cuda")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--n-samples", type=int, default=N_SAMPLES, help="synthesised request/call pairs")
    ap.add_argument("--batch-size", type=int, default=None)
    ap.add_argument("--peak-lr", type=float, default=None)
    ap.add_argument("--max-steps", type=int, default=None, help="exactly this many steps (no time budget)")
    ap.add_argument("--threads", type=int, default=None, help="torch CPU threads")
    ap.add_argument("--layers", type=int, default=None, help="causal layers (default 11)")
    ap.add_argument("--fresh", action="store_true", help="ignore the latest checkpoint")
    ap.add_argument("--dev", type=Path, default=DEV, help="dev set scored at the end (skipped when missing)")
    return ap.parse_args(argv)


def _printer(every_s: float = 30.0) -> Callable[[dict], None]:
    """Progress lines on stderr: every phase and evaluation, a training line every `every_s` seconds."""
    last = [0.0]

    def say(info: dict) -> None:
        phase = info.get("phase")
        if phase == "train" and time.time() - last[0] < every_s:
            return
        last[0] = time.time() if phase == "train" else last[0]
        shown = {k: round(v, 4) if isinstance(v, float) else v for k, v in info.items() if k != "phase"}
        print(f"decoder-only: {phase} {json.dumps(shown)}", file=sys.stderr, flush=True)

    return say


def main(argv: list[str] | None = None) -> int:
    a = _arguments(argv)
    if importlib.util.find_spec("platformdirs") is None:  # caches (parsed catalog, optimised graphs) go here then
        os.environ.setdefault("MU_HOME", str((a.work or a.out.parent / DECODER_ONLY.work_name) / "mu-home"))
    if a.device.startswith("cuda") and not torch.cuda.is_available():
        print("decoder-only: --device cuda, but torch sees no CUDA device here", file=sys.stderr)
        return 2
    named = (
        ("device", a.device),
        ("batch_size", a.batch_size),
        ("peak_lr", a.peak_lr),
        ("max_steps", a.max_steps),
        ("threads", a.threads),
    )
    overrides = {k: v for k, v in named if v is not None}
    layers = {"dec_layers": a.layers} if a.layers else None
    try:
        meta = run(
            Catalog.load(),
            a.out,
            seed=a.seed,
            minutes=a.minutes,
            resume=not a.fresh,
            progress_cb=_printer(),
            work_dir=a.work,
            n_samples=a.n_samples,
            train_overrides=overrides,
            model_config=layers,
            dev_path=a.dev,
        )
    except MuError as exc:
        print(f"decoder-only: {exc}", file=sys.stderr)
        return exc.exit_code
    training = {k: v for k, v in meta["training"].items() if k != "train_config"}
    scores = {k: meta[k] for k in ("scores", "latency_ms", "size_mb")}
    out = {"model_dir": str(a.out), "params": meta["model"]["params"], **scores, "training": training}
    print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
