"""The encoder-decoder runtime: constrained greedy decoding of a request into catalog calls.

The encoder reads the request once; the decoder writes the call tokens one at a time with a KV cache, each
token chosen among those the grammar allows. The runtime refuses a model trained for another catalog, since
its functional tokens would name other settings.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import replace
from pathlib import Path

import numpy as np

from ..calls import Call, Candidate, domain_value, names_a_level
from ..catalog import Catalog
from ..errors import ModelError
from ..grammar import END_VALUE, EOS, CallGrammar, tokens_to_calls
from ..settle import _STATED_LAST, FUNCTION_WORDS
from .base import CONTEXT, CPU, STEP, Prediction, Stepper, in_background, load_tokenizer, open_session, pick, read_meta
from .spans import stated_value, whole_span

TOP_K = 5
# A call's target is reviewed when the model gives it less than REVIEW_BELOW: among its REVIEW_TOP most
# likely allowed targets, the one whose log-probability plus the caller's bonus (how well the request's words name
# it) is highest wins; its confidence is its share of that combined score, at most the model's first choice's.
REVIEW_BELOW, REVIEW_TOP = 0.95, 10
# An action its surest target does not take (a toggle for a choice of two) is read again when that target is at
# least this likely and the target the action allowed below FITTING_DOUBT
FITTING_SURE, FITTING_DOUBT = 0.9, 0.5
# Words a copy may be without stating any value ("set my time zone to my")
_IDLE_WORDS = FUNCTION_WORDS | {"and", "or"}
_DECISIONS = ("start", "target", "value")  # phases whose token is a choice the confidence should reflect


def _clean(text: str) -> str:
    """The request as the tokenizer reads it: what is not UTF-8 replaced."""
    return str(text).encode("utf-8", "replace").decode("utf-8")


class ModelRuntime:
    """Load once, then `predict(text)` as often as needed (not thread-safe: one request at a time)."""

    ROLES = {"encoder": CONTEXT, "decoder": STEP}  # its sessions, by model.json "files" key, for the bench's clock

    def __init__(
        self,
        model_dir: str | Path,
        catalog: Catalog,
        threads: int = 1,
        precision: str = "int8",
        provider: str = CPU,
        meta: dict | None = None,
    ):
        self.dir = Path(model_dir)
        # (setting, why) of the calls dropped for their values since Engine.plan last cleared it
        self.refused: list[tuple[str, str]] = []
        self.meta = meta if meta is not None else read_meta(self.dir)
        self.threads, self.provider = threads, provider
        self.catalog = catalog
        trained_for = self.meta.get("catalog", {}).get("hash", "")
        if trained_for != catalog.hash:
            raise ModelError(
                f"model was trained for another catalog (hash {trained_for[:12] or '?'}, this catalog "
                f"{catalog.hash[:12]}); run `mu train`"
            )
        self.cfg = self.meta["model"]["config"]
        files = self.meta["files"].get(precision) or self.meta["files"]["fp32"]
        # onnxruntime builds a session without holding the GIL: the sessions are built on other threads while
        # this one loads the tokenizer and the grammar
        sessions = in_background(self._load_sessions, files)
        self.tokenizer = load_tokenizer(self.dir / self.meta["tokenizer"]["file"], self.meta["tokenizer"].get("hash"))
        self.vocab = self.tokenizer.get_vocab(with_added_tokens=True)
        self.id_to_token = {i: t for t, i in self.vocab.items()}
        self.grammar = CallGrammar(catalog, self.vocab)
        sessions()
        self._targets = np.array(list(self.grammar.setting_ids.values()) + list(self.grammar.page_ids.values()))
        self._empty = np.zeros(
            (self.cfg["dec_layers"], 1, self.cfg["n_kv_heads"], 0, self.cfg["d_model"] // self.cfg["n_heads"]),
            np.float32,
        )

    # -------------------------------------------------------------- public
    def predict(self, text: str, prefer=None) -> Prediction:
        """Constrained greedy decoding of one request: valid catalog calls only, each with its own confidence
        (the lowest probability among its decisions). `prefer(text, targets)`, given targets as ("s"|"p", id),
        returns a log-probability bonus for each; it reviews an uncertain target (REVIEW_BELOW). An action that
        no sure target takes ("Primary mouse button switch": a toggle, for a choice) is read again with the action
        that target takes (_fitting_action), or, where that reading says no value ("switch keyboard layout"), is
        the way to that target's page."""
        src = self.encode(text)
        found, first_logits = self._decode(text, src, prefer)
        fitting = self._fitting_action(found, first_logits)
        if fitting is None:
            return found
        again, _ = self._decode(text, src, prefer, first=fitting)
        wanted = found.alternatives[0]
        if again.calls and (again.calls[0].setting, again.calls[0].page) == (wanted.setting, wanted.page):
            return again
        if not again.calls and wanted.setting and len(found.calls) == 1:  # "switch keyboard layout": no layout said
            page = self.catalog.settings[wanted.setting].page
            return Prediction([Call("open", page=page, confidence=round(wanted.score, 4))], wanted.score, [])
        return found

    def _fitting_action(self, found: Prediction, first_logits: np.ndarray) -> tuple[int, float] | None:
        """When the model chose, for its first call, an action its surest target (FITTING_SURE or more) does not
        take and then a target it doubts (below FITTING_DOUBT): the likeliest action that target takes, as sure as
        the target is; else None."""
        if not found.calls or not found.alternatives:
            return None
        best, call = found.alternatives[0], found.calls[0]
        if best.score < FITTING_SURE or (call.confidence or 0.0) >= FITTING_DOUBT:
            return None
        actions = self.catalog.settings[best.setting].actions if best.setting else ("open",)
        if call.action in actions:
            return None
        ids = [self.grammar.action_ids[a] for a in actions if a in self.grammar.action_ids]
        return (max(ids, key=lambda i: first_logits[i]), best.score) if ids else None

    def _decode(self, text: str, src: list[int], prefer, first: tuple[int, float] | None = None):
        """The greedy decoding (see predict) and the first token's logits; `first` (token, probability) forces the
        first call's action."""
        step, logits = self._begin(src)
        first_logits = logits
        st, out, stops, alternatives = self.grammar.start(), [], [], None
        chunks: list[tuple[list[int], list[float]]] = []  # per call: its tokens and its decisions' probabilities
        for n in range(self.cfg["max_tgt"]):
            allowed = self.grammar.allowed(st, src) if n < self.cfg["max_tgt"] - 1 else [self.grammar.eos]
            tok, prob = first if n == 0 and first is not None else pick(logits, allowed)
            if prefer is not None and st.phase == "target" and prob < REVIEW_BELOW:
                tok, prob = self._reviewed(text, logits, allowed, prefer)
            if st.phase == "start" and tok != self.grammar.eos:
                chunks.append(([], []))
            if st.phase in _DECISIONS:
                if chunks and tok != self.grammar.eos:
                    chunks[-1][1].append(prob)
                else:
                    stops.append(prob)
            if chunks and tok != self.grammar.eos:
                chunks[-1][0].append(tok)
            was, first_step = st.phase, st.phase == "start" and alternatives is None
            st = self.grammar.advance(st, tok)
            if was == "value" and st.phase == "text":  # a copy starts: any token of its run copies the same span
                chunks[-1][1][-1] = self._run_share(text, logits, allowed, tok, prob)
            out.append(tok)
            if first_step and st.phase == "done":  # no call: still ask which targets come closest
                acts = [a for a in allowed if a != self.grammar.eos]
                alternatives = self._alternatives(step.peek(acts[int(np.argmax(logits[acts]))])) if acts else []
            if st.phase == "done":
                break
            logits = step(tok)
            if first_step:
                alternatives = self._alternatives(logits)
        calls = self._calls(text, chunks)  # (an idle copy's own doubt no longer counts: see _idle_copy)
        probs = [*stops, *(p for _, ps in chunks for p in ps)]
        prediction = Prediction(calls, float(min(probs)) if probs else 0.0, alternatives or [])
        return prediction, first_logits

    def _calls(self, text: str, chunks: list[tuple[list[int], list[float]]]) -> list:
        """Each call's tokens as catalog calls (copies whole, a refused copy replaced by the value the request
        states), with the call's own confidence: the lowest probability among its decisions."""
        calls = []
        for toks, ps in chunks:
            got = tokens_to_calls(
                [self.id_to_token[i] for i in toks],
                self.catalog,
                lambda t: whole_span(text, self._detok(t)),
                lambda s: stated_value(text, lambda span: domain_value(s, span)),
                self.refused,
            )
            if len(got) == 1 and len(ps) > 2 and min(ps[2:]) < min(ps[:2]) and self._stated_copy(text, got[0]):
                del ps[2:]  # the copy's own doubt no longer counts, for the call or the request
            calls += [replace(c, confidence=round(min(ps), 4) if ps else 0.0) for c in got]
            if not got and len(ps) >= 2 and self._idle_copy(toks, text):
                s = self.catalog.settings[self.id_to_token[toks[1]][3:-1]]
                del ps[2:]
                calls.append(Call("open", page=s.page, confidence=round(min(ps), 4)))
        return calls

    def _stated_copy(self, text: str, call) -> bool:
        """Whether a set call copies a value the request states in the setting's own checked form ("change the
        background color to white": #ffffff): its doubt is which setting and action, not which words to copy."""
        s = self.catalog.settings.get(call.setting or "")
        if s is None or s.kind != "text" or call.action != "set":
            return False
        return stated_value(text, lambda span: domain_value(s, span)) == call.value

    def _idle_copy(self, toks: list[int], text: str) -> bool:
        """Whether a set call's copy, refused, is only words that state no value: "set" "time.time_zone" " my" of "my
        clock has the wrong time zone, how do I change this?" (its own name's words, "and", "my"). The request wants
        that setting changed and says not to what: the way is its page. A refused value the request does state
        ("set the time zone to Narnia"; "change the currency preference to CAD", where the copy was "currency")
        stays refused."""
        names = [self.id_to_token[i] for i in toks]
        if len(names) < 3 or names[0] != "<a:set>" or not names[1].startswith("<s:"):
            return False
        s = self.catalog.settings.get(names[1][3:-1])
        copied = re.findall(r"[a-z0-9]+", self._detok([n for n in names[2:] if n != END_VALUE]).lower())
        if s is None or s.kind != "text" or not copied:
            return False
        own = {w for n in (s.title, *s.aliases) for w in re.findall(r"[a-z0-9]+", n.lower())}
        stated = re.search(_STATED_LAST, text)
        said = re.findall(r"[a-z0-9]+", stated["value"].lower()) if stated and not names_a_level(stated[0]) else []
        if any(w not in _IDLE_WORDS and w not in own for w in said):
            return False  # a value stated at the end, refused (not a level: "to the highest" is the page's to pick)
        return all(w in _IDLE_WORDS or w in own for w in copied)

    def encode(self, text: str) -> list[int]:
        """Encoder input ids: the request's tokens, cut to the model's length, then </s>."""
        ids = self.tokenizer.encode(_clean(text), add_special_tokens=False).ids[: self.cfg["max_src"] - 1]
        return ids + [self.vocab[EOS]]

    def cut(self, text: str) -> bool:
        """Whether the request is longer than the model reads (its answer then came from the start alone). A token
        covers at least one character, so a shorter text is never tokenised for this."""
        limit = self.cfg["max_src"] - 1
        return len(text) >= limit and len(self.encode(text)) > limit

    def holds(self, word: str) -> bool:
        """Whether the tokenizer holds the lower-case `word` whole (as a word of its own, not in pieces)."""
        return f" {word}" in self.vocab

    def known_share(self, text: str) -> float:
        """The share of the request's words (of two letters or more) that the tokenizer holds whole: words of the
        requests the model learned from, not a run of letters it reads in pieces ("hsifoagm"). 0 for fewer than two
        words or no known word of three letters ("bt", "bb bt": too little to read without a name)."""
        said = [w for w in re.findall(r"[a-z]+", text.lower()) if len(w) >= 2]
        known = [w for w in said if self.holds(w)]
        return len(known) / len(said) if len(said) >= 2 and any(len(w) >= 3 for w in known) else 0.0

    # -------------------------------------------------------------- helpers
    def _session(self, files: dict[str, str], name: str):
        return open_session(self.dir / files[name], self.threads, self.provider)

    def _load_sessions(self, files: dict[str, str]) -> None:
        encoder = in_background(self._session, files, "encoder")  # the larger one; both at once
        self.decoder = self._session(files, "decoder")
        self.encoder = encoder()

    def _begin(self, src: list[int]) -> tuple[Stepper, np.ndarray]:
        """Read the request; the stepper that continues from it and the first token's logits."""
        ids = np.array([src], np.int64)
        mask = np.ones_like(ids)
        ck, cv = self.encoder.run(None, {"input_ids": ids, "attention_mask": mask})
        step = Stepper(self.decoder, {"cross_k": ck, "cross_v": cv, "attention_mask": mask}, self._empty)
        return step, step(self.cfg["bos_id"])

    def _reviewed(self, text: str, logits: np.ndarray, allowed: list[int], prefer) -> tuple[int, float]:
        """The target once the request's words have had their say (see REVIEW_BELOW), and its share."""
        sub = logits[allowed]
        top = np.argsort(-sub)[:REVIEW_TOP]
        ids = [allowed[int(i)] for i in top]
        names = [(self.id_to_token[i][1], self.id_to_token[i][3:-1]) for i in ids]
        bonus = prefer(text, names)
        logp = sub[top] - sub.max() - np.log(np.exp(sub - sub.max()).sum())
        score = logp + np.array([bonus.get(n, 0.0) for n in names])
        share = np.exp(score - score.max())
        best = int(np.argmax(score))
        # the words may change which target, not make the answer surer than the model's first choice was
        return ids[best], float(min(share[best] / share.sum(), np.exp(logp.max())))

    def _run_share(self, text: str, logits: np.ndarray, allowed: list[int], tok: int, prob: float) -> float:
        """How sure the model is of a copy's span rather than of its first token: a copy is widened to the whole
        run without whitespace it starts in ("179.115.69.185" from its "1"), so the probability of the copy is
        that of all allowed tokens found only in the run(s) where `tok` is."""
        clean = _clean(text)
        enc = self.tokenizer.encode(clean, add_special_tokens=False)
        runs = [m.start() for m in re.finditer(r"\S+", clean)]  # where each whitespace run starts
        where: dict[int, set[int]] = {}  # token id -> the runs it stands in
        for i, (start, _) in zip(enc.ids, enc.offsets):
            where.setdefault(i, set()).add(bisect.bisect_right(runs, start))
        mine = where.get(tok, set())
        inside = [j for j, t in enumerate(allowed) if where.get(t) and where[t] <= mine]
        sub = logits[allowed]
        p = np.exp(sub - sub.max())
        return max(prob, float(p[inside].sum() / p.sum())) if mine and inside else prob

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
