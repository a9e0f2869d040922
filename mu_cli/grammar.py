"""The call language the model speaks, and the catalog grammar that constrains its decoding.

A request's answer is a sequence of functional tokens, one call after another, then `</s>`:

    <a:set> <s:display.brightness> <d:7> <d:0> </v>      set brightness to 70
    <a:set> <s:power.screen_timeout> <d:5> <u:min>         durations: digits then a unit (or <never>)
    <a:set> <s:personalization.color_mode> <c:dark>        choices: one token per value id
    <a:set> <s:network.wifi> <false>                       toggles
    <a:increase> <s:sound.volume> <null>                   bare increase/decrease (default step)
    <a:set> <s:display.brightness> <half>                  relative words: <max> <min> <half>
    <a:set> <s:accessibility.text_size> <default>          "reset it": the catalog default
    <a:set> <s:display.night_light_start> <d:2> <d:1> <d:.> <d:5> </v>   a decimal point where the step is fractional
    <a:set> <s:time.time_zone> ▁tokens ▁copied ... </v>    text: tokens copied from the request
    <a:open> <p:night_light>                               pages
    </s>                                                   no call at all

`CallGrammar` gives, for any prefix, the set of tokens that continue a valid call (valid ids, actions the
kind allows, digits that can still end inside the domain, this setting's choice values, only tokens of
the request for text, copied as one contiguous span, no target twice in one answer); so constrained decoding can only produce valid
catalog calls, and every prefix it allows can still be completed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from .calls import Call, has_default, normalize_value
from .catalog import Catalog, Setting
from .errors import ValueRefused

PAD, BOS, EOS, UNK = "<pad>", "<s>", "</s>", "<unk>"
SPECIALS = [PAD, BOS, EOS, UNK]
END_VALUE = "</v>"
VALUE_WORDS = ["<true>", "<false>", "<null>", "<max>", "<min>", "<half>", "<never>"]
DEFAULT = "<default>"  # after the other functional tokens: a model trained before it keeps its token ids
UNITS = {"<u:s>": 1, "<u:min>": 60, "<u:h>": 3600}
DIGITS = [f"<d:{d}>" for d in "0123456789"]
POINT = "<d:.>"
MAX_CALLS = 4
MAX_TEXT_TOKENS = 16
MAX_DIGITS = 5


def functional_tokens(catalog: Catalog) -> list[str]:
    """Every functional token for `catalog`, in a stable order (specials first)."""
    choices = sorted({c.id for s in catalog.settings.values() for c in s.values})
    return (
        SPECIALS
        + [f"<a:{a}>" for a in ("set", "increase", "decrease", "toggle", "get", "open")]
        + [f"<s:{sid}>" for sid in sorted(catalog.settings)]
        + [f"<p:{pid}>" for pid in sorted(catalog.pages)]
        + [f"<c:{c}>" for c in choices]
        + VALUE_WORDS
        + list(UNITS)
        + DIGITS
        + [END_VALUE, POINT, DEFAULT]
    )


# ------------------------------------------------------------------ calls <-> token strings
def call_to_tokens(call: Call, catalog: Catalog, text_tokens: Sequence[str] = ()) -> list[str]:
    """A model-form call -> functional tokens. `call.value` is the surface form to teach:
    bool, a choice id, 'max'/'min'/'half', 'never', a number (or number string), (number, unit) for
    durations (plain seconds are accepted too), or for text the already-tokenised `text_tokens`."""
    if call.action == "open":
        return ["<a:open>", f"<p:{call.page}>"]
    s = catalog.settings[call.setting]
    out = [f"<a:{call.action}>", f"<s:{s.id}>"]
    if call.action in ("toggle", "get"):
        return out
    v = call.value
    if call.action in ("increase", "decrease") and isinstance(v, str) and not _is_number(v):
        v = normalize_value(s, call.action, v)  # "a bit" -> None, "a lot" -> 3 steps
    if call.action in ("increase", "decrease") and v is None:
        return out + ["<null>"]
    if v == "default" and has_default(s):
        return out + [DEFAULT]
    if s.kind == "toggle":
        return out + ["<true>" if (normalize_value(s, "set", v) if isinstance(v, str) else v) else "<false>"]
    if s.kind == "choice":
        return out + [f"<c:{v if v in s.choice_ids else normalize_value(s, 'set', v)}>"]
    if s.kind == "text":
        return out + list(text_tokens) + [END_VALUE]
    if v in ("max", "min", "half", "never"):
        return out + [f"<{v}>"]
    if s.kind == "duration":
        num, unit = _duration_form(v)
        return out + _digits(num) + [f"<u:{unit}>"]
    return out + _digits(v) + [END_VALUE]


def _is_number(text: str) -> bool:
    return bool(re.fullmatch(r"\s*\d+(\.\d+)?\s*%?\s*", text))


def _duration_form(v: Any) -> tuple[int, str]:
    """(number, unit) with a whole number: (1.5, 'h') -> (90, 'min'); seconds -> the largest exact unit."""
    if isinstance(v, str):
        from .calls import parse_duration

        v = parse_duration(v)
    if isinstance(v, (list, tuple)):
        num, unit = v
        if float(num).is_integer():
            return int(num), unit
        v = float(num) * UNITS[f"<u:{unit}>"]
    secs = int(round(float(v)))
    for name in ("h", "min", "s"):
        size = UNITS[f"<u:{name}>"]
        if secs % size == 0 and secs // size < 10**4:
            return secs // size, name
    return secs, "s"


def _digits(num: Any) -> list[str]:
    if isinstance(num, float) and num.is_integer():
        num = int(num)
    text = str(num).strip().rstrip("%").strip()
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return [f"<d:{ch}>" for ch in text if ch.isdigit() or ch == "."]


# ------------------------------------------------------------------ grammar states
@dataclass(frozen=True)
class State:
    phase: str  # start | target | value | digits | dur_digits | text | done
    action: str = ""
    setting: str = ""
    digits: str = ""
    ncalls: int = 0
    ntext: int = 0
    used: tuple[str, ...] = ()  # target tokens already called: no target twice in one answer
    last: int = -1  # text: the token copied last
    copied: tuple[int, ...] = ()  # text: the tokens copied so far (the copy continues where they stand together)


class CallGrammar:
    """Token constraints for one catalog and one vocabulary (token -> id)."""

    def __init__(self, catalog: Catalog, vocab: dict[str, int]):
        self.catalog = catalog
        self.vocab = vocab
        self.id_to_token = {i: t for t, i in vocab.items()}
        self.eos = vocab[EOS]
        self.end_value = vocab[END_VALUE]
        self.point = vocab[POINT]
        self.action_ids = {a: vocab[f"<a:{a}>"] for a in ("set", "increase", "decrease", "toggle", "get", "open")}
        self.setting_ids = {sid: vocab[f"<s:{sid}>"] for sid in catalog.settings}
        self.page_ids = {pid: vocab[f"<p:{pid}>"] for pid in catalog.pages}
        self.digit_ids = [vocab[t] for t in DIGITS]
        self.unit_ids = {vocab[u]: secs for u, secs in UNITS.items()}
        self.word_ids = {w: vocab[w] for w in VALUE_WORDS}
        self.default_id = vocab.get(DEFAULT)  # None for a vocabulary from before <default>
        self.functional = set(vocab[t] for t in functional_tokens(catalog) if t in vocab)
        self._targets_by_action = {
            a: [self.setting_ids[s.id] for s in catalog.settings.values() if a in s.actions]
            for a in ("set", "increase", "decrease", "toggle", "get")
        }
        self._targets_by_action["open"] = list(self.page_ids.values())
        self._dur_reps: dict[str, set[str]] = {}

    def start(self) -> State:
        return State("start")

    def allowed(self, st: State, source_ids: Iterable[int] = ()) -> list[int]:
        """Token ids that may come next after state `st` (never empty)."""
        if st.phase == "start":
            acts = [i for a, i in self.action_ids.items() if self._targets(a, st)] if st.ncalls < MAX_CALLS else []
            return acts + [self.eos]
        if st.phase == "target":
            return self._targets(st.action, st) or self._targets_by_action[st.action]
        s = self.catalog.settings[st.setting]
        if st.phase == "value":
            return self._value_starts(st, s, source_ids)
        if st.phase == "digits":
            return self._range_next(st, s)
        if st.phase == "dur_digits":
            nxt = [self.digit_ids[d] for d in range(10) if self._dur_prefix_ok(st, s, st.digits + str(d))]
            return nxt + [u for u, secs in self.unit_ids.items() if self._duration_ok(st, s, int(st.digits) * secs)]
        if st.phase == "text":
            return self._text_next(st, source_ids)
        raise ValueError(f"no tokens after phase {st.phase}")

    def _targets(self, action: str, st: State) -> list[int]:
        used = {self.vocab[t] for t in st.used}
        return [i for i in self._targets_by_action[action] if i not in used]

    def _text_next(self, st: State, source_ids: Iterable[int]) -> list[int]:
        """A text value is a contiguous span of the request: any request token first, then only the token
        that follows the tokens copied so far where they stand together in the request."""
        src = list(source_ids)
        if st.ntext:
            n = len(st.copied)
            src = [src[j + n] for j in range(len(src) - n) if tuple(src[j : j + n]) == st.copied]
        src = [i for i in dict.fromkeys(src) if i not in self.functional]
        nxt = src if st.ntext < MAX_TEXT_TOKENS else []
        return nxt + [self.end_value] if st.ntext else (nxt or [self.end_value])

    def _value_starts(self, st: State, s: Setting, source_ids: Iterable[int]) -> list[int]:
        starts = self._starts(st, s, source_ids)
        if self.default_id is not None and st.action == "set" and has_default(s):
            return starts + [self.default_id]
        return starts

    def _starts(self, st: State, s: Setting, source_ids: Iterable[int]) -> list[int]:
        w = self.word_ids
        if s.kind == "text":
            return self._text_next(st, source_ids)
        if s.kind == "toggle":
            return [w["<true>"], w["<false>"]]
        if s.kind == "choice":
            return [self.vocab[f"<c:{c.id}>"] for c in s.values]
        relative = st.action in ("increase", "decrease")
        if s.kind == "duration":
            digits = [self.digit_ids[d] for d in range(1, 10) if self._dur_prefix_ok(st, s, str(d))]
            if relative:
                return [w["<null>"]] + digits
            never = [w["<never>"]] if not s.allowed or 0 in s.allowed else []
            return digits + never + ([w["<max>"], w["<min>"]] if s.allowed else [])
        digits = [self.digit_ids[d] for d in range(10) if self._range_prefix_ok(st, s, str(d))]
        return [w["<null>"]] + digits if relative else digits + [w["<max>"], w["<min>"], w["<half>"]]

    # -- ranges: integer digits, then an optional point and as many decimals as the step has
    def _bounds(self, st: State, s: Setting) -> tuple[float, float]:
        if st.action in ("increase", "decrease"):
            return min(s.step, 1), s.max - s.min
        return s.min, s.max

    def _range_next(self, st: State, s: Setting) -> list[int]:
        nxt = [self.digit_ids[d] for d in range(10) if self._range_prefix_ok(st, s, st.digits + str(d))]
        lo, hi = self._bounds(st, s)
        if "." not in st.digits and _decimals(s.step) and int(st.digits) < hi:
            nxt.append(self.point)
        if not st.digits.endswith(".") and lo <= float(st.digits) <= hi:
            nxt.append(self.end_value)
        return nxt

    def _range_prefix_ok(self, st: State, s: Setting, prefix: str) -> bool:
        lo, hi = self._bounds(st, s)
        if "." in prefix:  # completions lie in [prefix, prefix + 0.0..9]
            whole, frac = prefix.split(".")
            free = _decimals(s.step) - len(frac)
            return free >= 0 and float(prefix) <= hi and float(prefix) + 10 ** -len(frac) * (1 - 10**-free) >= lo
        if len(prefix) > MAX_DIGITS or (len(prefix) > 1 and prefix[0] == "0"):
            return False
        p = int(prefix)
        for extra in range(0, MAX_DIGITS - len(prefix) + 1):
            a, b = p * 10**extra, p * 10**extra + 10**extra - 1
            if _decimals(s.step) and extra == 0:
                b = p + 1 - 10 ** -_decimals(s.step)
            if b >= lo and a <= hi and not (extra and p == 0):
                return True
        return False

    # -- durations: 1-4 digits then a unit, only prefixes that can still end in an accepted duration
    def _dur_prefix_ok(self, st: State, s: Setting, prefix: str) -> bool:
        if len(prefix) > 4 or prefix.startswith("0"):
            return False
        if st.action in ("increase", "decrease") or not s.allowed:
            return s.max is None or int(prefix) <= s.max
        if s.id not in self._dur_reps:
            self._dur_reps[s.id] = {
                str(a // u) for a in s.allowed for u in UNITS.values() if a and a % u == 0 and a // u < 10**4
            }
        return any(rep.startswith(prefix) for rep in self._dur_reps[s.id])

    def _duration_ok(self, st: State, s: Setting, secs: int) -> bool:
        if st.action in ("increase", "decrease"):
            return s.max is None or secs <= s.max
        if s.max is not None and secs > s.max:
            return False
        return not s.allowed or secs in s.allowed

    def advance(self, st: State, tok: int) -> State:
        t = self.id_to_token.get(tok, "")
        if st.phase == "start":
            if tok == self.eos:
                return State("done", ncalls=st.ncalls, used=st.used)
            return State("target", t[3:-1], ncalls=st.ncalls, used=st.used)
        closed = State("start", ncalls=st.ncalls + 1, used=st.used + (t,) if st.phase == "target" else st.used)
        if st.phase == "target":
            if st.action in ("open", "toggle", "get"):
                return closed
            return State("value", st.action, t[3:-1], ncalls=st.ncalls, used=closed.used)
        s = self.catalog.settings[st.setting]
        if st.phase == "value":
            if t.startswith("<d:"):
                phase = "dur_digits" if s.kind == "duration" else "digits"
                return replace(st, phase=phase, digits=t[3])
            if s.kind == "text" and tok != self.end_value:
                return replace(st, phase="text", ntext=1, last=tok, copied=(tok,))
            return closed
        if st.phase in ("digits", "dur_digits"):
            if t.startswith("<d:"):
                return replace(st, digits=st.digits + t[3])
            return closed
        if st.phase == "text":
            return (
                closed
                if tok == self.end_value
                else replace(st, ntext=st.ntext + 1, last=tok, copied=st.copied + (tok,))
            )
        raise ValueError(f"cannot advance from {st.phase}")


def _decimals(step: float) -> int:
    """Decimal places a range's step needs: 1 -> 0, 0.5 -> 1, 0.25 -> 2."""
    text = f"{float(step):.6f}".rstrip("0")
    return len(text.split(".")[1])


# ------------------------------------------------------------------ token strings -> calls
class _Refused(Exception):
    """A call whose value the normaliser refuses: its setting, the refusal's message, where the next call starts."""

    def __init__(self, setting: str, message: str, end: int):
        super().__init__(message)
        self.setting, self.message, self.end = setting, message, end


def tokens_to_calls(
    tokens: Sequence[str], catalog: Catalog, detok=lambda toks: " ".join(toks), restate=None, refused=None
) -> list[Call]:
    """Decode a (grammar-valid) token sequence into concrete contract calls.

    `detok` turns copied text tokens back into a string (the tokenizer's decode). A call cut short (the
    sequence ended inside it) or naming an unknown target is dropped, and so is one whose value the normaliser
    refuses, unless `restate(setting)` finds the value the request states for that setting; (the setting, the
    refusal's message) is added to the list `refused`, where one is given."""
    calls, i = [], 0
    toks = [t for t in tokens if t not in (BOS, PAD)] + [EOS]
    while toks[i] != EOS:
        try:
            call, i = _read_call(toks, i, catalog, detok, restate)
        except (IndexError, KeyError, ValueError):
            break
        except _Refused as r:
            call, i = None, r.end
            if refused is not None:
                refused.append((r.setting, r.message))
        if call is not None:
            calls.append(call)
    return calls


def _read_call(toks: Sequence[str], i: int, catalog: Catalog, detok, restate) -> tuple[Call | None, int]:
    action, target = toks[i][3:-1], toks[i + 1][3:-1]
    if not toks[i].startswith("<a:"):
        raise ValueError(f"expected an action at {i}, got {toks[i]!r}")
    i += 2
    if action == "open":
        if target not in catalog.pages:
            raise KeyError(target)
        return Call("open", page=target), i
    s = catalog.settings[target]
    if action in ("toggle", "get"):
        return Call(action, s.id), i
    raw, i = _read_value(toks, i)
    if raw is None and action in ("increase", "decrease"):
        return Call(action, s.id, value=None), i
    if s.kind == "text" and isinstance(raw, list):
        raw = detok(raw).strip()
    try:
        return Call(action, s.id, value=normalize_value(s, action, raw)), i
    except ValueRefused as exc:  # a value the normaliser refuses is dropped rather than guessed
        value = restate(s) if restate is not None and s.kind == "text" else None
        if value is None:
            raise _Refused(s.id, str(exc), i) from None
        return Call(action, s.id, value=value), i


def _read_value(toks: Sequence[str], i: int) -> tuple[Any, int]:
    t = toks[i]
    if t in ("<true>", "<false>"):
        return t == "<true>", i + 1
    if t == "<null>":
        return None, i + 1
    if t in ("<max>", "<min>", "<half>", "<never>", DEFAULT):
        return t[1:-1], i + 1
    if t.startswith("<c:"):
        return t[3:-1], i + 1
    if t.startswith("<d:"):
        digits = ""
        while toks[i].startswith("<d:"):
            digits += toks[i][3]
            i += 1
        number = float(digits) if "." in digits else int(digits)
        if toks[i] in UNITS:
            return int(round(number * UNITS[toks[i]])), i + 1
        if toks[i] != END_VALUE:
            raise ValueError("number not closed")
        return number, i + 1
    text = []
    while toks[i] != END_VALUE:
        if toks[i] == EOS:
            raise ValueError("text not closed")
        text.append(toks[i])
        i += 1
    return text, i + 1
