"""The variants `mu bench` and `mu quantize` measure side by side: each is one way of answering a request.

A variant loads once, then answers requests one at a time and says where the time went:
- `ModelVariant`: a model directory at one precision ("fp32" or "int8", the keys of model.json "files"),
  run through the engine (model route, short-query fallback, confidence rules: what `mu ask` answers) by
  the runtime that model.json "runtime" names. Its ONNX sessions are wrapped in a clock, so a
  request's time splits into the context pass (the encoder, or a decoder-only model's prompt prefill),
  the first token, and each token after it.
- `LexicalVariant`: the lexical resolver alone (an engine without a model), the baseline.
- `UnavailableVariant`: a directory that cannot be run here, kept in the report with the reason.

The runtimes say what each of their sessions does (their ROLES: the context pass, a prefill that also yields
the first token, a decoding step); the clock reads that.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from ..catalog import Catalog
from ..engine import Engine
from ..errors import ModelError, MuError
from ..runtime import CONTEXT, CONTEXT_TOKEN, CPU, ENCODER_DECODER, RUNTIMES, STEP, read_meta, runtime_kind

LEXICAL = "lexical"


def meta_or_none(model_dir: Path) -> dict | None:
    """model.json, or None where there is none this mu can read (the bench lists such a directory as
    unavailable rather than stopping)."""
    try:
        return read_meta(model_dir)
    except ModelError:
        return None


def quant_mode(meta: dict) -> str:
    """What the "int8" files are: the mode `mu quantize` recorded, else the training pipeline's dynamic int8."""
    q = meta.get("quantization")
    return q.get("mode", "int8") if isinstance(q, dict) else "int8"


@dataclass
class Timing:
    """One request (ms). `context`: time in the encoder/prefill session; `first_token`: from the request to the
    end of the first step that yields a token distribution; `per_token`: mean time between later steps (the
    step and the constrained decoding's work around it); `tokens`: distributions computed."""

    total_ms: float
    context_ms: float | None = None
    first_token_ms: float | None = None
    per_token_ms: float | None = None
    tokens: int = 0

    @classmethod
    def from_events(cls, t0: float, t1: float, events: list[tuple[str, float, float]]) -> Timing:
        context = sum(e - s for role, s, e in events if role in (CONTEXT, CONTEXT_TOKEN))
        ends = [e for role, _, e in events if role in (CONTEXT_TOKEN, STEP)]
        per = (ends[-1] - ends[0]) / (len(ends) - 1) * 1000 if len(ends) > 1 else None
        return cls(
            (t1 - t0) * 1000,
            context * 1000 if events else None,
            (ends[0] - t0) * 1000 if ends else None,
            per,
            len(ends),
        )


class _TimedSession:
    """An onnxruntime session that notes (role, start, end) of every run on a shared list."""

    def __init__(self, session, role: str, events: list):
        self._s, self._role, self._events = session, role, events

    def run(self, *args, **kwargs):
        t0 = time.perf_counter()
        out = self._s.run(*args, **kwargs)
        self._events.append((self._role, t0, time.perf_counter()))
        return out

    def __getattr__(self, name):
        return getattr(self._s, name)


class Variant:
    name: str
    kind: str
    available = True
    reason = ""
    model_dir: Path | None = None
    precision: str | None = None
    load_ms: float | None = None

    def load(self) -> None:
        raise NotImplementedError

    def answer(self, text: str) -> tuple[list[dict], Timing]:
        raise NotImplementedError

    @property
    def size_bytes(self) -> int | None:
        return None

    def _plan(self, engine: Engine, text: str) -> list[dict]:
        try:
            return [c.to_json() for c in engine.plan(text).calls]
        except MuError:  # what `mu ask --file` does with a request it refuses: no calls
            return []


class ModelVariant(Variant):
    def __init__(
        self,
        name: str,
        model_dir: Path,
        catalog: Catalog,
        precision: str,
        threads: int = 1,
        provider: str = CPU,
        meta: dict | None = None,
    ):
        self.name, self.model_dir, self.catalog, self.precision = name, Path(model_dir), catalog, precision
        self.threads, self.provider = threads, provider
        self.meta = meta or meta_or_none(self.model_dir) or {}
        self.kind = runtime_kind(self.meta) if self.meta else ENCODER_DECODER
        self.runtime = self.engine = None
        self._events: list = []

    @property
    def files(self) -> dict[str, str]:
        return self.meta.get("files", {}).get(self.precision) or {}

    @property
    def cli_default(self) -> bool:
        """Is this the precision `mu ask` loads from this directory (int8 when there is one)?"""
        return self.precision == ("int8" if "int8" in self.meta.get("files", {}) else "fp32")

    @property
    def size_bytes(self) -> int | None:
        paths = [self.model_dir / f for f in self.files.values()]
        return sum(p.stat().st_size for p in paths) if paths and all(p.exists() for p in paths) else None

    def load(self) -> None:
        runtime_class = RUNTIMES[self.kind]
        self._events = []
        t0 = time.perf_counter()
        rt = runtime_class(
            self.model_dir,
            self.catalog,
            threads=self.threads,
            precision=self.precision,
            provider=self.provider,
            meta=self.meta or None,
        )
        for attr, role in rt.ROLES.items():
            setattr(rt, attr, _TimedSession(getattr(rt, attr), role, self._events))
        self.load_ms = (time.perf_counter() - t0) * 1000
        self.runtime, self.engine = rt, Engine(self.catalog, runtime=rt)

    def answer(self, text: str) -> tuple[list[dict], Timing]:
        self._events.clear()
        t0 = time.perf_counter()
        calls = self._plan(self.engine, text)
        return calls, Timing.from_events(t0, time.perf_counter(), self._events)

    def providers(self) -> list[str]:
        if self.runtime is None:
            return []
        return sorted({p for attr in self.runtime.ROLES for p in getattr(self.runtime, attr).get_providers()})


class LexicalVariant(Variant):
    kind = LEXICAL

    def __init__(self, catalog: Catalog, name: str = "lexical"):
        self.name, self.catalog, self.engine = name, catalog, None

    def load(self) -> None:
        t0 = time.perf_counter()
        self.engine = Engine(self.catalog, use_model=False)
        self._plan(self.engine, "brightness")  # the index and the rules are built on first use
        self.load_ms = (time.perf_counter() - t0) * 1000

    def answer(self, text: str) -> tuple[list[dict], Timing]:
        t0 = time.perf_counter()
        calls = self._plan(self.engine, text)
        return calls, Timing((time.perf_counter() - t0) * 1000)


class UnavailableVariant(Variant):
    available = False

    def __init__(self, name: str, kind: str, reason: str, model_dir: Path | None = None):
        self.name, self.kind, self.reason, self.model_dir = name, kind, reason, model_dir

    def load(self) -> None:
        raise ModelError(self.reason)


def variants_in(
    model_dir: Path, catalog: Catalog, label: str = "", threads: int = 1, provider: str = CPU
) -> list[Variant]:
    """One variant per precision a model directory holds (fp32 first), named after the precision (or the
    quantisation mode), prefixed with `label:` when the directory holds several."""
    model_dir = Path(model_dir)
    try:
        meta = read_meta(model_dir)
        kind = runtime_kind(meta)
    except ModelError as exc:
        return [UnavailableVariant(label or model_dir.name, "?", str(exc), model_dir)]
    precisions = sorted(meta.get("files", {}), key=lambda p: p != "fp32")
    out: list[Variant] = []
    for precision in precisions:
        tag = "fp32" if precision == "fp32" else quant_mode(meta) if precision == "int8" else precision
        name = tag if not label else label if len(precisions) == 1 else f"{label}:{tag}"
        out.append(ModelVariant(name, model_dir, catalog, precision, threads, provider, meta))
    return out or [UnavailableVariant(label or model_dir.name, kind, "model.json lists no files", model_dir)]
