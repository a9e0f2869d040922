"""The decoder-only baseline at run time: the same constrained greedy decoding as runtime.ModelRuntime.

A decoder-only model reads the request and writes the calls in one sequence: the request's tokens, `</s>`,
then `<s>` and the call tokens. Two ONNX graphs (mu_cli/training/decoder_only.py writes them; its model.json says
"runtime": "decoder-only"):
- prefill: input_ids [1, P] (the whole prompt) -> logits [1, V] of the first call token, present_k,
  present_v [L, 1, kvh, P, hd];
- decoder: token [1, 1], position [1], past_k, past_v -> logits [1, V], new_k, new_v (one step, KV cache).
The bench times the prefill as the first token's step (CONTEXT_TOKEN) and every later step as STEP.
"""

from __future__ import annotations

import numpy as np

from ..errors import ModelError
from .base import CONTEXT_TOKEN, STEP, Stepper
from .encoder_decoder import ModelRuntime


class DecoderOnlyRuntime(ModelRuntime):
    """Load once, then `predict(text)`: the answer is a continuation of the request (one request at a time)."""

    ROLES = {"prefill": CONTEXT_TOKEN, "decoder": STEP}

    def _load_sessions(self, files: dict[str, str]) -> None:
        missing = [name for name in self.ROLES if name not in files]
        if missing:
            raise ModelError(
                f"{self.dir}/model.json names no {' or '.join(missing)} graph for this decoder-only "
                "model; run `mu train --decoder-only`"
            )
        self.prefill = self._session(files, "prefill")
        self.decoder = self._session(files, "decoder")

    def _begin(self, src: list[int]) -> tuple[Stepper, np.ndarray]:
        """Prefill the prompt (the request, then `<s>`): the first call token's logits and the cache after it."""
        prompt = np.array([src + [self.cfg["bos_id"]]], np.int64)
        logits, pk, pv = self.prefill.run(None, {"input_ids": prompt})
        return Stepper(self.decoder, {}, pk, pv, pos=prompt.shape[1]), logits[0]
