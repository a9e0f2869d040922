"""ONNX export of the decoder-only baseline, and a parity check of the exported graphs.

Two graphs, batch 1 at run time but exported with dynamic batch and lengths (mu_cli/runtime/decoder_only.py
runs them):
- prefill: input_ids [B, P] -> logits [B, V] of the token after the prompt, present_k, present_v
  [L, B, kvh, P, hd];
- decoder: token [B, 1], position [1], past_k, past_v [L, B, kvh, T, hd] -> logits [B, V], new_k, new_v
  [L, B, kvh, T+1, hd].
export.quantize then writes their dynamic int8 versions beside them, as for the encoder-decoder.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import torch
import torch.nn as nn

from mu_cli.runtime.base import Stepper

from . import export
from .export import export_graph

PREFILL_IN, PREFILL_OUT = ["input_ids"], ["logits", "present_k", "present_v"]
STEP_IN, STEP_OUT = ["token", "position", "past_k", "past_v"], ["logits", "new_k", "new_v"]


class PrefillGraph(nn.Module):
    def __init__(self, model):
        super().__init__()
        self.m = model

    def forward(self, input_ids):
        return self.m.prefill(input_ids)


class StepGraph(nn.Module):
    def __init__(self, model):
        super().__init__()
        self.m = model

    def forward(self, token, position, past_k, past_v):
        return self.m.decode_step(token, position, past_k, past_v)


_LEN = {1: "batch", 3: "len"}
PREFILL_AXES = {"input_ids": {0: "batch", 1: "len"}, "logits": {0: "batch"}, "present_k": _LEN, "present_v": _LEN}
STEP_AXES = {
    "token": {0: "batch"},
    "past_k": _LEN,
    "past_v": _LEN,
    "logits": {0: "batch"},
    "new_k": {1: "batch", 3: "len1"},
    "new_v": {1: "batch", 3: "len1"},
}


def export_onnx(model, out_dir: Path) -> dict[str, Path]:
    """Write prefill.onnx and decoder.onnx (fp32) of a DecoderOnlyModel (on the CPU) into out_dir."""
    model.eval()
    c = model.cfg
    out_dir.mkdir(parents=True, exist_ok=True)
    ids = torch.randint(c.eos_id + 1, c.vocab_size, (1, 7))
    kv = torch.zeros(c.dec_layers, 1, c.n_kv_heads, 3, c.head_dim)
    paths = {"prefill": out_dir / "prefill.onnx", "decoder": out_dir / "decoder.onnx"}
    export_graph(PrefillGraph(model), (ids,), paths["prefill"], PREFILL_IN, PREFILL_OUT, PREFILL_AXES)
    step_args = (ids[:, :1], torch.tensor([3]), kv, kv)
    export_graph(StepGraph(model), step_args, paths["decoder"], STEP_IN, STEP_OUT, STEP_AXES)
    model.eval()  # the exporter restores the wrapper's mode, and with it the model's: keep both in eval
    return paths


def _onnx_logits(prefill, step, src: list[int], tgt_in: list[int]) -> np.ndarray:
    """Logits after each answer token: the prompt (request + <s>) prefilled, then one cached step per token."""
    logits, pk, pv = prefill.run(None, {"input_ids": np.array([src + tgt_in[:1]], np.int64)})
    stepper = Stepper(step, {}, pk, pv, pos=len(src) + 1)
    return np.stack([logits[0], *(stepper(tok) for tok in tgt_in[1:])])


def parity(model, fp32: dict[str, Path], int8: dict[str, Path], cases: list[tuple[list[int], list[int]]]) -> dict:
    """export.parity over the prefill and step graphs."""
    return export.parity(model, fp32, int8, cases, ("prefill", "decoder"), _onnx_logits)
