"""What every model runtime shares: model.json, onnxruntime sessions, the tokenizer, the decoding step.

No torch here, and onnxruntime/tokenizers are imported only when a session or tokenizer is made (so `mu --help`
stays fast). `model_dir/model.json` describes the artefacts; its "runtime" names the runtime class that runs
them (missing: encoder-decoder).
"""

from __future__ import annotations

import hashlib
import json
import math
from pathlib import Path
from typing import NamedTuple

import numpy as np

from ..calls import Call, Candidate
from ..errors import ModelError
from ..paths import cache_dir, prune_cache, touch

FORMAT_VERSION = 1
CPU = "CPUExecutionProvider"
ENCODER_DECODER, DECODER_ONLY = "encoder-decoder", "decoder-only"  # model.json "runtime"

# What each session of a runtime does with a request, for the bench's clock (a runtime's ROLES maps its session
# attributes, named like the keys of model.json "files", to these):
CONTEXT = "context"  # reads the request, yields no token (an encoder)
CONTEXT_TOKEN = "context+token"  # reads the request and yields the first token's distribution (a prefill)
STEP = "step"  # one decoding step: the next token's distribution


class Prediction(NamedTuple):
    calls: list[Call]
    confidence: float  # the lowest probability among the decoder's decisions
    alternatives: list[Candidate]  # the most likely settings/pages at the first target position


def runtime_kind(meta: dict) -> str:
    """The runtime model.json names (ENCODER_DECODER when it names none)."""
    kind = meta.get("runtime", ENCODER_DECODER)
    if kind not in (ENCODER_DECODER, DECODER_ONLY):
        raise ModelError(f"model.json names the runtime {kind!r}; this mu runs {ENCODER_DECODER} and {DECODER_ONLY}")
    return kind


def read_meta(model_dir: str | Path) -> dict:
    """model_dir/model.json, checked for the format this mu reads; ModelError when it cannot be used."""
    path = Path(model_dir) / "model.json"
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelError(f"no model in {model_dir} (model.json is missing); run `mu train`") from None
    except (OSError, ValueError) as exc:
        raise ModelError(f"cannot read {path}: {exc}") from None
    if meta.get("format_version") != FORMAT_VERSION:
        raise ModelError(
            f"{path}: model format {meta.get('format_version')!r}, this mu reads {FORMAT_VERSION}; run `mu train`"
        )
    return meta


def write_meta(model_dir: str | Path, meta: dict) -> None:
    """model_dir/model.json, as the training pipeline and `mu quantize` write it."""
    (Path(model_dir) / "model.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")


def load_tokenizer(path: Path, digest: str | None):
    from tokenizers import Tokenizer

    try:
        if digest and hashlib.sha256(path.read_bytes()).hexdigest() != digest:
            raise ModelError(f"{path} does not match model.json (tokenizer hash); run `mu train`")
    except OSError as exc:
        raise ModelError(f"cannot read the tokenizer {path}: {exc.strerror or exc}") from None
    try:
        tok = Tokenizer.from_file(str(path))
    except Exception as exc:  # tokenizers raises its own exception types
        raise ModelError(f"cannot load the tokenizer {path}: {exc}") from None
    tok.encode_special_tokens = True  # a request that spells "</s>" is text, not a control token
    return tok


def in_background(function, *args):
    """Start `function(*args)` on a thread; the returned callable waits for it and gives its result (or raises
    what it raised)."""
    import threading

    box: dict = {}

    def work():
        try:
            box["result"] = function(*args)
        except BaseException as exc:  # noqa: BLE001 - handed to the waiting thread
            box["error"] = exc

    thread = threading.Thread(target=work, name="mu-load", daemon=True)
    thread.start()

    def result():
        thread.join()
        if "error" in box:
            raise box["error"]
        return box["result"]

    return result


def open_session(path: Path | bytes, threads: int = 1, provider: str = CPU, cache: bool = True):
    """An onnxruntime session on `provider`. On the CPU with `cache`, graph optimisation is done once and the
    optimised graph cached (it is most of the load time); otherwise the graph is optimised in full on each load
    (another provider, or a graph that is about to change, such as an export being checked). `path` may be a
    serialised graph (bytes): one changed in memory, never cached."""
    import onnxruntime as ort

    if not isinstance(path, bytes) and not Path(path).exists():
        raise ModelError(f"model file {path} is missing; run `mu train`")
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = threads
    opts.inter_op_num_threads = 1
    if provider != CPU or not cache or isinstance(path, bytes):
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        model = path if isinstance(path, bytes) else str(path)
        return ort.InferenceSession(model, opts, providers=list(dict.fromkeys([provider, CPU])))
    cached = _optimized_copy(Path(path), ort.__version__)
    if cached is not None and cached.exists():
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL
        try:
            session = ort.InferenceSession(str(cached), opts, providers=[CPU])
            touch(cached)
            return session
        except Exception:  # a damaged cache file: rebuild it below
            cached.unlink(missing_ok=True)
    opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_EXTENDED
    if cached is not None:
        try:
            cached.parent.mkdir(parents=True, exist_ok=True)
            opts.optimized_model_filepath = str(cached)
        except OSError:
            pass  # no cache: every load optimises again
    session = ort.InferenceSession(str(path), opts, providers=[CPU])
    if cached is not None:
        prune_cache(cached.parent, "*.onnx", CACHED_GRAPHS, spare=cached)
    return session


CACHED_GRAPHS = 8  # optimised graphs kept (encoder and decoder of the last few models / onnxruntime versions)


def _optimized_copy(path: Path, ort_version: str) -> Path | None:
    """Where the optimised graph of `path` is cached: keyed by the file and the onnxruntime version."""
    try:
        st = path.stat()
    except OSError:
        return None
    key = hashlib.sha256(f"{path.resolve()}|{st.st_size}|{st.st_mtime_ns}|{ort_version}".encode()).hexdigest()[:20]
    return cache_dir() / "ort" / f"{path.stem}-{key}.onnx"


def pick(logits: np.ndarray, allowed: list[int]) -> tuple[int, float]:
    """The best allowed token and its probability among the allowed ones."""
    sub = logits[allowed]
    best = int(np.argmax(sub))
    z = np.exp(sub - sub[best]).sum()
    return allowed[best], float(1.0 / z) if math.isfinite(z) else 0.0


class Stepper:
    """The decoder with its KV cache: each call feeds one token and returns the next logits. `fixed` are the
    inputs every step gets unchanged (an encoder-decoder's cross-attention keys, values and mask)."""

    def __init__(self, session, fixed: dict, past_k: np.ndarray, past_v: np.ndarray | None = None, pos: int = 0):
        self.s, self.fixed = session, fixed
        self.pk, self.pv = past_k, past_k if past_v is None else past_v
        self.pos = pos

    def _run(self, tok: int):
        return self.s.run(
            None,
            {
                "token": np.array([[tok]], np.int64),
                "position": np.array([self.pos], np.int64),
                "past_k": self.pk,
                "past_v": self.pv,
                **self.fixed,
            },
        )

    def __call__(self, tok: int) -> np.ndarray:
        logits, self.pk, self.pv = self._run(tok)
        self.pos += 1
        return logits[0]

    def peek(self, tok: int) -> np.ndarray:
        """The logits after `tok` without keeping it in the cache."""
        return self._run(tok)[0][0]
