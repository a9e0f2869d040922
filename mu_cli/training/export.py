"""ONNX export, int8 quantisation and a parity check of the exported graphs.

Two graphs, batch 1 at run time but exported with dynamic batch and lengths:
- encoder: input_ids [B, S], attention_mask [B, S] -> cross_k, cross_v [L, B, kvh, S, hd]: the memory is
  projected to every decoder layer's cross-attention keys and values ONCE, inside the encoder graph;
- decoder: token [B, 1], position [1], past_k, past_v [L, B, kvh, T, hd], cross_k, cross_v,
  attention_mask [B, S] -> logits [B, V], new_k, new_v [L, B, kvh, T+1, hd] (one step with a KV cache).
Then onnxruntime's dynamic quantisation (int8 weights, per channel) writes *.int8.onnx beside them.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np
import torch
import torch.nn as nn

from mu_cli.runtime import open_session
from mu_cli.runtime.base import Stepper

from .model import MuModel

OPSET = 17
ENCODER_IN, ENCODER_OUT = ["input_ids", "attention_mask"], ["cross_k", "cross_v"]
DECODER_IN = ["token", "position", "past_k", "past_v", "cross_k", "cross_v", "attention_mask"]
DECODER_OUT = ["logits", "new_k", "new_v"]


class EncoderGraph(nn.Module):
    def __init__(self, model: MuModel):
        super().__init__()
        self.m = model

    def forward(self, input_ids, attention_mask):
        return self.m.cross_kv(self.m.encode(input_ids, attention_mask))


class DecoderGraph(nn.Module):
    def __init__(self, model: MuModel):
        super().__init__()
        self.m = model

    def forward(self, token, position, past_k, past_v, cross_k, cross_v, attention_mask):
        return self.m.decode_step(token, position, past_k, past_v, cross_k, cross_v, attention_mask)


def _example(model: MuModel, s: int = 7, t: int = 3):
    c = model.cfg
    ids = torch.randint(c.eos_id + 1, c.vocab_size, (1, s))
    mask = torch.ones(1, s, dtype=torch.long)
    kv = torch.zeros(c.dec_layers, 1, c.n_kv_heads, t, c.head_dim)
    ckv = torch.randn(c.dec_layers, 1, c.n_kv_heads, s, c.head_dim)
    return (ids, mask), (ids[:, :1], torch.tensor([t]), kv, kv, ckv, ckv, mask)


_KV = {1: "batch", 3: "len"}
_CROSS = {1: "batch", 3: "src"}
ENCODER_AXES = {
    "input_ids": {0: "batch", 1: "src"},
    "attention_mask": {0: "batch", 1: "src"},
    "cross_k": _CROSS,
    "cross_v": _CROSS,
}
DECODER_AXES = {
    "token": {0: "batch"},
    "past_k": _KV,
    "past_v": _KV,
    "cross_k": _CROSS,
    "cross_v": _CROSS,
    "attention_mask": {0: "batch", 1: "src"},
    "logits": {0: "batch"},
    "new_k": {1: "batch", 3: "len1"},
    "new_v": {1: "batch", 3: "len1"},
}


def export_onnx(model: MuModel, out_dir: Path) -> dict[str, Path]:
    """Write encoder.onnx and decoder.onnx (fp32) into out_dir."""
    model.eval()
    out_dir.mkdir(parents=True, exist_ok=True)
    enc_args, dec_args = _example(model)
    paths = {"encoder": out_dir / "encoder.onnx", "decoder": out_dir / "decoder.onnx"}
    export_graph(EncoderGraph(model), enc_args, paths["encoder"], ENCODER_IN, ENCODER_OUT, ENCODER_AXES)
    export_graph(DecoderGraph(model), dec_args, paths["decoder"], DECODER_IN, DECODER_OUT, DECODER_AXES)
    model.eval()  # the exporter restores the wrapper's mode, and with it the model's: keep both in eval
    return paths


def export_graph(graph: nn.Module, args: tuple, path: Path, inputs: list, outputs: list, axes: dict) -> None:
    """One graph to ONNX at mu's opset (the TorchScript exporter, these dynamic axes), its warnings silenced."""
    with warnings.catch_warnings(), torch.no_grad():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            graph.eval(),
            args,
            str(path),
            input_names=inputs,
            output_names=outputs,
            opset_version=OPSET,
            dynamo=False,
            dynamic_axes=axes,
        )


def int8_graphs(paths: dict[str, Path]) -> dict[str, Path]:
    """Dynamic int8 quantisation (QInt8 weights, per channel) -> encoder.int8.onnx, decoder.int8.onnx."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    out = {}
    root = logging.getLogger()
    level, root.level = root.level, logging.ERROR  # quantize_dynamic logs a pre-processing hint per call
    try:
        for name, src in paths.items():
            dst = src.with_name(f"{name}.int8.onnx")
            quantize_dynamic(str(src), str(dst), per_channel=True, weight_type=QuantType.QInt8)
            out[name] = dst
    finally:
        root.level = level
    return out


def _onnx_logits(enc, dec, ids: np.ndarray, tgt: list[int], cfg) -> np.ndarray:
    """Teacher-forced logits of the ONNX graphs: the encoder once, then the runtime's decoding step per token."""
    mask = np.ones_like(ids)
    ck, cv = enc.run(None, {"input_ids": ids, "attention_mask": mask})
    empty = np.zeros((cfg.dec_layers, 1, cfg.n_kv_heads, 0, cfg.head_dim), np.float32)
    step = Stepper(dec, {"cross_k": ck, "cross_v": cv, "attention_mask": mask}, empty)
    return np.stack([step(tok) for tok in tgt])


def parity(
    model: MuModel,
    fp32: dict[str, Path],
    int8: dict[str, Path],
    cases: list[tuple[list[int], list[int]]],
    graphs: tuple[str, str] = ("encoder", "decoder"),
    onnx_logits: Callable | None = None,
) -> dict:
    """Teacher-forced logits of torch vs fp32 ONNX vs int8 ONNX on fixed (source, decoder input) pairs:
    the largest absolute logit difference and how often the argmax agrees. `graphs` names the model's two
    graphs and `onnx_logits(first, step, src, tgt)` runs them (default: this module's encoder-decoder)."""
    cfg = model.eval().cfg
    run = onnx_logits or (lambda enc, dec, src, tgt: _onnx_logits(enc, dec, np.array([src]), tgt, cfg))
    sess = {
        k: (open_session(p[graphs[0]], cache=False), open_session(p[graphs[1]], cache=False))
        for k, p in (("fp32", fp32), ("int8", int8))
    }
    report = {k: {"max_abs_diff": 0.0, "argmax_agree": 0, "n": 0} for k in sess}
    with torch.no_grad():
        for src, tgt in cases:
            ids = torch.tensor([src])
            ref = model(ids, torch.ones_like(ids), torch.tensor([tgt]))[0].numpy()
            for k, (first, step) in sess.items():
                got = run(first, step, src, tgt)
                r = report[k]
                r["max_abs_diff"] = max(r["max_abs_diff"], float(np.abs(got - ref).max()))
                r["argmax_agree"] += int((got.argmax(-1) == ref.argmax(-1)).sum())
                r["n"] += len(tgt)
    for r in report.values():
        r["argmax_agree"] = round(r["argmax_agree"] / max(1, r["n"]), 4)
        r["max_abs_diff"] = float(f"{r['max_abs_diff']:.3g}")
    return report
