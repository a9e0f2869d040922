"""The model at run time: the runtime model.json names, over onnxruntime sessions and the tokenizer.

`open_runtime(model_dir, catalog)` reads model.json and builds the runtime its "runtime" key names:
the encoder-decoder (`ModelRuntime`, what mu ships; also when the key is missing) or the decoder-only
baseline (`DecoderOnlyRuntime`). Both answer `predict(text)` with a Prediction, and say in `ROLES` what each of
their sessions does with a request.
"""

from __future__ import annotations

from pathlib import Path

from ..catalog import Catalog
from .base import (
    CONTEXT,
    CONTEXT_TOKEN,
    CPU,
    DECODER_ONLY,
    ENCODER_DECODER,
    FORMAT_VERSION,
    STEP,
    Prediction,
    open_session,
    read_meta,
    runtime_kind,
    write_meta,
)
from .decoder_only import DecoderOnlyRuntime
from .encoder_decoder import ModelRuntime
from .spans import whole_span

RUNTIMES = {ENCODER_DECODER: ModelRuntime, DECODER_ONLY: DecoderOnlyRuntime}

__all__ = [
    "CONTEXT",
    "CONTEXT_TOKEN",
    "CPU",
    "DECODER_ONLY",
    "ENCODER_DECODER",
    "FORMAT_VERSION",
    "RUNTIMES",
    "STEP",
    "DecoderOnlyRuntime",
    "ModelRuntime",
    "Prediction",
    "open_runtime",
    "open_session",
    "read_meta",
    "runtime_kind",
    "whole_span",
    "write_meta",
]


def open_runtime(
    model_dir: str | Path, catalog: Catalog, threads: int = 1, precision: str = "int8", provider: str = CPU
):
    """The runtime model.json names, loaded (ModelError when the model cannot be used with this catalog)."""
    meta = read_meta(model_dir)
    return RUNTIMES[runtime_kind(meta)](
        model_dir, catalog, threads=threads, precision=precision, provider=provider, meta=meta
    )
