"""The model at run time: onnxruntime sessions, the tokenizer, constrained greedy decoding.

No torch here, and onnxruntime/tokenizers are imported only when a ModelRuntime is built (so `mu --help`
stays fast). `model_dir/model.json` describes the artefacts; the runtime refuses a model trained for
another catalog, since its functional tokens would name other settings.
"""
from __future__ import annotations

import hashlib
import json
import math
from dataclasses import replace
from pathlib import Path
from typing import NamedTuple

import numpy as np

from .calls import Call, Candidate
from .catalog import Catalog
from .errors import ModelError
from .paths import prune_cache, touch
from .grammar import EOS, CallGrammar, tokens_to_calls

FORMAT_VERSION = 1
TOP_K = 5
_DECISIONS = ("start", "target", "value")  # phases whose token is a choice the confidence should reflect


class Prediction(NamedTuple):
    calls: list[Call]
    confidence: float               # the lowest probability among the decoder's decisions
    alternatives: list[Candidate]   # the most likely settings/pages at the first target position


def is_decoder_only(meta: dict) -> bool:
    """model.json "architecture" is prose ("encoder-decoder transformer (...)"); a decoder-only model says so."""
    text = str(meta.get("architecture", "")).lower()
    return "decoder-only" in text or "decoder only" in text


def open_runtime(model_dir: str | Path, catalog: Catalog, threads: int = 1, precision: str = "int8"):
    """The runtime for the architecture model.json names: ModelRuntime, or the decoder-only baseline's."""
    if is_decoder_only(_read_meta(Path(model_dir))):
        from .runtime_decoder_only import DecoderOnlyRuntime

        return DecoderOnlyRuntime(model_dir, catalog, threads=threads, precision=precision)
    return ModelRuntime(model_dir, catalog, threads=threads, precision=precision)


class ModelRuntime:
    """Load once, then `predict(text)` as often as needed (not thread-safe: one request at a time)."""

    def __init__(self, model_dir: str | Path, catalog: Catalog, threads: int = 1, precision: str = "int8"):
        self.dir = Path(model_dir)
        self.meta = _read_meta(self.dir)
        self.catalog = catalog
        trained_for = self.meta.get("catalog", {}).get("hash", "")
        if trained_for != catalog.hash:
            raise ModelError(f"model was trained for another catalog (hash {trained_for[:12] or '?'}, this catalog "
                             f"{catalog.hash[:12]}); run `mu train`")
        self.cfg = self.meta["model"]["config"]
        files = self.meta["files"].get(precision) or self.meta["files"]["fp32"]
        # onnxruntime builds a session without holding the GIL: the sessions are built on other threads while
        # this one loads the tokenizer and the grammar
        sessions = _in_background(self._load_sessions, files, threads)
        self.tokenizer = _load_tokenizer(self.dir / self.meta["tokenizer"]["file"], self.meta["tokenizer"].get("hash"))
        self.vocab = self.tokenizer.get_vocab(with_added_tokens=True)
        self.id_to_token = {i: t for t, i in self.vocab.items()}
        self.grammar = CallGrammar(catalog, self.vocab)
        sessions()
        self._targets = np.array(list(self.grammar.setting_ids.values()) + list(self.grammar.page_ids.values()))
        self._empty = np.zeros((self.cfg["dec_layers"], 1, self.cfg["n_kv_heads"], 0,
                                self.cfg["d_model"] // self.cfg["n_heads"]), np.float32)

    # -------------------------------------------------------------- public
    def predict(self, text: str) -> Prediction:
        """Constrained greedy decoding of one request: valid catalog calls only, each with its own confidence
        (the lowest probability among its decisions)."""
        src = self.encode(text)
        step, logits = self._begin(src)
        st, out, probs, alternatives = self.grammar.start(), [], [], None
        chunks: list[tuple[list[int], list[float]]] = []  # per call: its tokens and its decisions' probabilities
        for n in range(self.cfg["max_tgt"]):
            allowed = self.grammar.allowed(st, src) if n < self.cfg["max_tgt"] - 1 else [self.grammar.eos]
            tok, prob = _pick(logits, allowed)
            if st.phase == "start" and tok != self.grammar.eos:
                chunks.append(([], []))
            if st.phase in _DECISIONS:
                probs.append(prob)
                if chunks and tok != self.grammar.eos:
                    chunks[-1][1].append(prob)
            if chunks and tok != self.grammar.eos:
                chunks[-1][0].append(tok)
            first = st.phase == "start" and alternatives is None
            st = self.grammar.advance(st, tok)
            out.append(tok)
            if first and st.phase == "done":  # no call: still ask which targets come closest
                acts = [a for a in allowed if a != self.grammar.eos]
                alternatives = self._alternatives(step.peek(acts[int(np.argmax(logits[acts]))])) if acts else []
            if st.phase == "done":
                break
            logits = step(tok)
            if first:
                alternatives = self._alternatives(logits)
        calls = []
        for toks, ps in chunks:
            got = tokens_to_calls([self.id_to_token[i] for i in toks], self.catalog,
                                  lambda t: whole_span(text, self._detok(t)))
            calls += [replace(c, confidence=round(min(ps), 4) if ps else 0.0) for c in got]
        return Prediction(calls, float(min(probs)) if probs else 0.0, alternatives or [])

    def encode(self, text: str) -> list[int]:
        """Encoder input ids: the request's tokens, cut to the model's length, then </s>."""
        clean = str(text).encode("utf-8", "replace").decode("utf-8")
        ids = self.tokenizer.encode(clean, add_special_tokens=False).ids[: self.cfg["max_src"] - 1]
        return ids + [self.vocab[EOS]]

    # -------------------------------------------------------------- helpers
    def _load_sessions(self, files: dict[str, str], threads: int) -> None:
        encoder = _in_background(_session, self.dir / files["encoder"], threads)  # the larger; both at once
        self.decoder = _session(self.dir / files["decoder"], threads)
        self.encoder = encoder()

    def _begin(self, src: list[int]) -> tuple["_Stepper", np.ndarray]:
        """Read the request; the stepper that continues from it and the first token's logits."""
        ids = np.array([src], np.int64)
        mask = np.ones_like(ids)
        ck, cv = self.encoder.run(None, {"input_ids": ids, "attention_mask": mask})
        step = _Stepper(self.decoder, {"cross_k": ck, "cross_v": cv, "attention_mask": mask}, self._empty)
        return step, step(self.cfg["bos_id"])

    def _alternatives(self, logits: np.ndarray) -> list[Candidate]:
        """The most likely settings/pages at a target position: the decoder's own candidate list."""
        nxt = logits[self._targets]
        p = np.exp(nxt - nxt.max())
        p /= p.sum()
        out = []
        for i in np.argsort(-p)[:TOP_K]:
            name = self.id_to_token[int(self._targets[i])]
            kind, ident = name[1], name[3:-1]
            if kind == "s":
                out.append(Candidate(ident, None, self.catalog.settings[ident].title, float(p[i])))
            else:
                out.append(Candidate(None, ident, self.catalog.pages[ident].title, float(p[i])))
        return out

    def _detok(self, tokens: list[str]) -> str:
        ids = [self.vocab[t] for t in tokens if t in self.vocab]
        return self.tokenizer.decode(ids, skip_special_tokens=True).strip()


class _Stepper:
    """The decoder with its KV cache: each call feeds one token and returns the next logits. `fixed` are the
    inputs every step gets unchanged (an encoder-decoder's cross-attention keys, values and mask)."""

    def __init__(self, session, fixed: dict, past_k: np.ndarray, past_v: np.ndarray | None = None, pos: int = 0):
        self.s, self.fixed = session, fixed
        self.pk, self.pv = past_k, past_k if past_v is None else past_v
        self.pos = pos

    def _run(self, tok: int):
        return self.s.run(None, {"token": np.array([[tok]], np.int64), "position": np.array([self.pos], np.int64),
                                 "past_k": self.pk, "past_v": self.pv, **self.fixed})

    def __call__(self, tok: int) -> np.ndarray:
        logits, self.pk, self.pv = self._run(tok)
        self.pos += 1
        return logits[0]

    def peek(self, tok: int) -> np.ndarray:
        """The logits after `tok` without keeping it in the cache."""
        return self._run(tok)[0][0]


_OPEN, _CLOSE = "\"'`“‘«([{", "\"'`”’»)]}"
_TRAIL = ".,;:!?"


def whole_span(text: str, value: str) -> str:
    """A copied text value as the request wrote it, and whole: an uncased tokenizer lowercases and strips
    accents, but paths and names keep their case; a copy never starts or ends inside a run without whitespace
    (a path, URL, dotted name), and quotes around it delimit it rather than belong to it."""
    start = text.lower().find(value.lower()) if value else -1
    if start < 0:
        return value
    end = start + len(value)
    quoted = _quoted(text, start, end)
    if quoted:
        return quoted
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    span = text[start:end]
    opener = lambda ch, rest: ch in _OPEN and _CLOSE[_OPEN.index(ch)] not in rest  # noqa: E731
    closer = lambda ch, rest: ch in _CLOSE and _OPEN[_CLOSE.index(ch)] not in rest  # noqa: E731
    while len(span) > 1 and opener(span[0], span[1:]):
        span = span[1:]
    while len(span) > 1 and (span[-1] in _TRAIL or closer(span[-1], span[:-1])):
        span = span[:-1]
    if len(span) > 2 and span[0] in _OPEN and span[-1] == _CLOSE[_OPEN.index(span[0])]:
        span = span[1:-1]
    return span or value


def _quoted(text: str, start: int, end: int) -> str:
    """The text between the quotes around [start, end), or ""."""
    for a, b in zip(_OPEN[:6], _CLOSE[:6]):
        i = text.rfind(a, 0, start + 1)
        if i < 0 or not (i == 0 or text[i - 1].isspace() or text[i - 1] in _OPEN + "=:("):
            continue
        j = text.find(b, max(end - 1, i + 1))
        if j > i and (j + 1 == len(text) or not text[j + 1].isalnum()) and j - i - 1 <= 3 * max(end - start, 8):
            inner = text[i + 1:j].strip()
            if inner and text.find(a, i + 1, start) < 0:
                return inner
    return ""


def _pick(logits: np.ndarray, allowed: list[int]) -> tuple[int, float]:
    """The best allowed token and its probability among the allowed ones."""
    sub = logits[allowed]
    best = int(np.argmax(sub))
    z = np.exp(sub - sub[best]).sum()
    return allowed[best], float(1.0 / z) if math.isfinite(z) else 0.0


def _read_meta(model_dir: Path) -> dict:
    path = model_dir / "model.json"
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelError(f"no model in {model_dir} (model.json is missing); run `mu train`") from None
    except (OSError, ValueError) as exc:
        raise ModelError(f"cannot read {path}: {exc}") from None
    if meta.get("format_version") != FORMAT_VERSION:
        raise ModelError(f"{path}: model format {meta.get('format_version')!r}, this mu reads {FORMAT_VERSION}; "
                         "run `mu train`")
    return meta


def _load_tokenizer(path: Path, digest: str | None):
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


def _in_background(function, *args):
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


def _session(path: Path, threads: int):
    """An onnxruntime session; graph optimisation is done once and cached (it is most of the load time)."""
    import onnxruntime as ort

    if not path.exists():
        raise ModelError(f"model file {path} is missing; run `mu train`")
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = threads
    opts.inter_op_num_threads = 1
    cached = _optimized_copy(path, ort.__version__)
    if cached is not None and cached.exists():
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL
        try:
            session = ort.InferenceSession(str(cached), opts, providers=["CPUExecutionProvider"])
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
    session = ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])
    if cached is not None:
        prune_cache(cached.parent, "*.onnx", CACHED_GRAPHS, spare=cached)
    return session


CACHED_GRAPHS = 8  # optimised graphs kept (encoder and decoder of the last few models / onnxruntime versions)


def _optimized_copy(path: Path, ort_version: str) -> Path | None:
    """Where the optimised graph of `path` is cached: keyed by the file and the onnxruntime version."""
    from .paths import cache_dir

    try:
        st = path.stat()
    except OSError:
        return None
    key = hashlib.sha256(f"{path.resolve()}|{st.st_size}|{st.st_mtime_ns}|{ort_version}".encode()).hexdigest()[:20]
    return cache_dir() / "ort" / f"{path.stem}-{key}.onnx"