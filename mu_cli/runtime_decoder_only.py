"""The decoder-only baseline at run time: the same constrained greedy decoding as runtime.ModelRuntime.

A decoder-only model reads the request and writes the calls in one sequence: the request's tokens, `</s>`,
then `<s>` and the call tokens. Two ONNX graphs (mu_cli/training/decoder_only.py writes them):
- prefill: input_ids [1, P] (the whole prompt) -> logits [1, V] of the first call token, present_k,
  present_v [L, 1, kvh, P, hd];
- decoder: token [1, 1], position [1], past_k, past_v -> logits [1, V], new_k, new_v (one step, KV cache).
The bench times the prefill as the first token's step (CONTEXT_TOKEN) and every later step as STEP.
Importing this module registers the runtime with the bench.
"""
from __future__ import annotations

import numpy as np

from .bench_variants import CONTEXT_TOKEN, DECODER_ONLY, STEP, register_runtime
from .errors import ModelError
from .runtime import ModelRuntime, _session, _Stepper

ROLES = {"prefill": CONTEXT_TOKEN, "decoder": STEP}


class DecoderOnlyRuntime(ModelRuntime):
    """Load once, then `predict(text)`: the answer is a continuation of the request (one request at a time)."""

    def _load_sessions(self, files: dict[str, str], threads: int) -> None:
        missing = [name for name in ROLES if name not in files]
        if missing:
            raise ModelError(f"{self.dir}/model.json names no {' or '.join(missing)} graph for this decoder-only "
                             "model; run `mu train --decoder-only`")
        self.prefill = _session(self.dir / files["prefill"], threads)
        self.decoder = _session(self.dir / files["decoder"], threads)

    def _begin(self, src: list[int]) -> tuple[_Stepper, np.ndarray]:
        """Prefill the prompt (the request, then `<s>`): the first call token's logits and the cache after it."""
        prompt = np.array([src + [self.cfg["bos_id"]]], np.int64)
        logits, pk, pv = self.prefill.run(None, {"input_ids": prompt})
        return _Stepper(self.decoder, {}, pk, pv, pos=prompt.shape[1]), logits[0]


register_runtime(DECODER_ONLY, DecoderOnlyRuntime, ROLES)
