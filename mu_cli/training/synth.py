"""Training-data synthesiser: (request, model-form calls) pairs generated from the catalog.

`generate(catalog, seed, n)` -> (train, val), records {"text", "calls", "family"}; `write_jsonl(path, records)`.
The sentences come from phrases.yaml (extend it for your own catalog), crossed with the catalog's names,
values, problems and pages. Every template string, alias, problem, page task, joiner and no-call template
is a *family*; ~10% of them are held out (picked by a hash of the family id, so the split is the same for
every seed) and every record using one goes to validation: validation then measures generalisation to
unseen phrasings and names, not memory.

Model-form values (grammar.call_to_tokens): toggle true/false; choice id; range the digit string as written
or "max"/"min"/"half"; duration [number, "s"|"min"|"h"] as written, or "never"; text the verbatim substring
(always after a space, since it is copied token by token); increase/decrease null or the written amount.
"""
from __future__ import annotations

import hashlib
import json
import math
import random
import re
from pathlib import Path
from typing import Any

import yaml

from ..catalog import Catalog, Setting

PHRASES = Path(__file__).with_name("phrases.yaml")
HOLDOUT = 0.10
_ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
         "seventeen eighteen nineteen").split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
_DETS = ("the", "my", "a", "an", "your", "this", "of")
_VERBAL = {"turn", "put", "show", "use", "allow", "let", "change", "choose", "automatically", "set", "hide", "play",
           "open", "dismiss", "enable", "make", "get", "run", "send", "keep", "ask", "start", "lock", "block", "find"}
# Record types and their shares; no-call stays above the required 10% after dedupe.
_TYPES = (("single", 46), ("terse", 5), ("indirect", 12), ("open", 9), ("multi", 14), ("nocall", 14))
_DUR_POOL = (15, 30, 45, 60, 90, 120, 180, 300, 600, 900, 1200, 1500, 1800, 2700, 3600, 5400, 7200, 10800, 14400,
             18000)


def num_words(n: int) -> str:
    """English words for 0..999 ('seventy-five'); the model is taught to write them back as digits."""
    if n < 20:
        return _ONES[n]
    if n < 100:
        return _TENS[n // 10] + ("" if n % 10 == 0 else "-" + _ONES[n % 10])
    h, r = divmod(n, 100)
    return _ONES[h] + " hundred" + ("" if r == 0 else " " + num_words(r))


def _h(s: str) -> int:
    return int(hashlib.sha1(s.encode()).hexdigest()[:10], 16)


def _holdout(ids: list[str], frac: float = HOLDOUT, group=lambda i: i, per_group: int = 99,
             min_size: int = 0) -> set[str]:
    """Deterministic ~frac of `ids` (lowest hashes), at most `per_group` per group, only from groups of
    at least `min_size` (so no setting loses all its problems or names)."""
    sizes: dict[str, int] = {}
    for i in ids:
        sizes[group(i)] = sizes.get(group(i), 0) + 1
    out, used = set(), {}
    for i in sorted(ids, key=_h):
        if len(out) >= round(len(ids) * frac):
            break
        g = group(i)
        if sizes[g] >= min_size and used.get(g, 0) < per_group:
            out.add(i)
            used[g] = used.get(g, 0) + 1
    return out


class Seg:
    """A piece of the text. kind f = free (noise allowed), c = choice value (spelling/case only),
    v = verbatim (digits, number words, text values: only lower-casing). A text call's value is its Seg."""
    __slots__ = ("t", "k")

    def __init__(self, t: str, k: str = "f"):
        self.t, self.k = t, k


class _T:
    """A parsed template: parts are (is_slot, text, det_ok)."""
    __slots__ = ("fam", "parts", "question", "vspace")

    def __init__(self, fam: str, src: str):
        self.fam = fam
        bits = re.split(r"\{(\w+)\}", src)
        self.parts = []
        for i, b in enumerate(bits):
            if i % 2 == 0:
                if b:
                    self.parts.append((False, b, False))
            else:
                prev = self.parts[-1] if self.parts else None
                last = prev[1].split()[-1:] if prev and not prev[0] else []
                det_ok = prev is None or (not prev[0] and prev[1].endswith(" ") and last[0] not in _DETS)
                self.parts.append((True, b, det_ok))
        self.question = "?" in src or bool(re.match(r"(how|what|where|which|is|are|can|could|would|do|does|did|"
                                                    r"why|mind|whats)\b", src))
        # a text value is copied token by token, so it must follow a space
        self.vspace = any(p[0] and p[1] == "v" and i and not self.parts[i - 1][0]
                          and self.parts[i - 1][1].endswith(" ") for i, p in enumerate(self.parts))


class Synth:
    def __init__(self, catalog: Catalog, phrases: dict | None = None):
        ph = phrases or yaml.safe_load(PHRASES.read_text(encoding="utf-8"))
        self.cat, self.ph = catalog, ph
        self.groups = {g: [_T(f"{g}.{sub}#{i}", t) for sub, ts in subs.items() for i, t in enumerate(ts)]
                       for g, subs in ph["frames"].items()}
        self.cmd = {g: [t for sub, ts in subs.items() if sub.startswith("cmd") for t in self._of(g, sub)]
                    for g, subs in ph["frames"].items()}
        self.shared = {k: [_T(f"shared.{k}#{i}", t) for i, t in enumerate(ts)] for k, ts in ph["shared_verb"].items()}
        self.joiners = [(f"join.{k}#{i}", j) for k, js in ph["joiners"].items() for i, j in enumerate(js)]
        self.nocall = {f: [_T(f"nocall.{f}#{i}", t) for i, t in enumerate(ts)]
                       for f, ts in ph["nocall"]["families"].items()}
        self.v, self.fill = ph["values"], ph["fillers"]
        self._names()
        self._pages()
        self._values()
        self.problems = {s.id: [(f"problem:{s.id}#{i}", p.text, c) for i, p in enumerate(s.problems)
                                if (c := self._problem_call(s, p)) is not None] for s in catalog.settings.values()}
        self.tasks = {pid: [(f"task:{pid}#{i}", t) for i, t in enumerate(ts)]
                      for pid, ts in (ph.get("page_tasks") or {}).items() if pid in catalog.pages}
        self._holdouts()
        self.sids = list(catalog.settings)
        self.weights = [catalog.settings[s].priority ** 2 for s in self.sids]
        with_problems = [s for s in self.sids if self.problems[s]]
        self.prob_sids = with_problems or self.sids
        self.prob_w = [catalog.settings[s].priority + len(self.problems[s]) for s in self.prob_sids]
        spell = ph.get("spelling") or {}
        self.am_br = (re.compile(r"\b(" + "|".join(map(re.escape, spell)) + r")\b"), spell)
        self.br_am = (re.compile(r"\b(" + "|".join(map(re.escape, spell.values())) + r")\b"),
                      {b: a for a, b in spell.items()})
        sh = ph.get("shorthand") or {}
        self.short = (re.compile(r"\b(" + "|".join(map(re.escape, sorted(sh, key=len, reverse=True))) + r")\b"), sh)
        names = sorted({n.lower() for n in self.all_names if len(n) >= 4}, key=len, reverse=True)
        self.name_re = re.compile(r"\b(" + "|".join(map(re.escape, names)) + r")\b") if names else None

    def _of(self, g: str, sub: str) -> list[_T]:
        return [t for t in self.groups[g] if t.fam.startswith(f"{g}.{sub}#")]

    # ------------------------------------------------------------------ catalog material
    def _names(self) -> None:
        owners: dict[str, set] = {}
        cat = self.cat
        for s in cat.settings.values():
            for n in (s.title, *s.aliases):
                owners.setdefault(n.lower(), set()).add(s.id)
        self.names, self.all_names = {}, set(owners)
        for s in cat.settings.values():
            out = []
            for i, n in enumerate(dict.fromkeys((s.title, *s.aliases))):
                n = re.sub(r"\s*\([^)]*\)", "", n).strip()
                if not n or (i and len(owners.get(n.lower(), ())) > 1):
                    continue  # an alias shared by several settings would teach a wrong label half the time
                verbal = n.split()[0].lower() in _VERBAL
                out.append((n, None if i == 0 else f"alias:{s.id}:{n.lower()}", verbal))
            self.names[s.id] = out or [(s.title, None, False)]
        comp = self.ph.get("comparatives") or {}
        self.comp = {sid: c for sid, c in comp.items() if sid in cat.settings and cat.settings[sid].kind in
                     ("range", "duration")}
        # comparatives used alone ("louder") only when exactly one setting uses them
        uses: dict[str, list] = {}
        for sid, c in self.comp.items():
            for d in ("up", "down"):
                for w in c.get(d, ()):
                    uses.setdefault(w, []).append(sid)
        self.solo = {w for w, ss in uses.items() if len(ss) == 1}

    def _pages(self) -> None:
        owners: dict[str, set] = {}
        for p in self.cat.pages.values():
            for n in (p.title, *p.aliases):
                owners.setdefault(n.lower(), set()).add(p.id)
        self.all_names |= set(owners)
        self.pnames = {}
        for p in self.cat.pages.values():
            out = [(p.title, None)]
            out += [(a, f"palias:{p.id}:{a.lower()}") for a in p.aliases if len(owners[a.lower()]) == 1]
            self.pnames[p.id] = out
        kw_pages: dict[str, set] = {}
        for s in self.cat.settings.values():
            for k in s.keywords:
                kw_pages.setdefault(k.lower(), set()).add(s.page)
        self.kw = [(k, next(iter(ps))) for k, ps in sorted(kw_pages.items()) if len(ps) == 1
                   and re.fullmatch(r"[a-z][a-z -]{2,24}", k) and k not in self.all_names]

    def _values(self) -> None:
        """Choice value phrases, value-only phrases ("dark mode"), text value pools."""
        self.cvals, counts, vo = {}, {}, {}
        for s in self.cat.settings.values():
            if s.kind != "choice":
                continue
            self.cvals[s.id] = [(c.id, list(dict.fromkeys(
                x for x in (re.sub(r"\s*\([^)]*\)", "", c.label).strip(), *c.aliases, c.id.replace("_", " "))
                if x))) for c in s.values]
            for cid, phr in self.cvals[s.id]:
                for x in phr:
                    counts[x.lower()] = counts.get(x.lower(), 0) + 1
                    vo.setdefault(s.id, []).append((cid, x))
        others = lambda sid: {n.lower() for o, ns in self.names.items() if o != sid for n, _, _ in ns}  # noqa: E731
        self.value_only = {}
        for sid, pairs in vo.items():
            taken = others(sid)
            ok = [(cid, x) for cid, x in pairs if len(x.split()) >= 2 and counts[x.lower()] == 1
                  and x.lower() not in taken and not re.search(r"\d", x)]
            if ok:
                self.value_only[sid] = ok
        pools = self.ph.get("text_values") or {}
        self.texts = {s.id: list(dict.fromkeys(v for v in (*pools.get(s.id, ()), *s.examples)
                                               if v.strip() == v and v))
                      for s in self.cat.settings.values() if s.kind == "text"}

    def _holdouts(self) -> None:
        frames = [t.fam for ts in (*self.groups.values(), *self.shared.values(), *self.nocall.values()) for t in ts]
        grp = lambda f: f.split("#")[0]  # noqa: E731
        held = _holdout(frames, group=grp, per_group=3, min_size=5)
        aliases = [a for ns in self.names.values() for _, a, _ in ns if a]
        held |= _holdout(aliases, group=lambda a: a.split(":")[1], per_group=1, min_size=2)
        palias = [a for ns in self.pnames.values() for _, a in ns if a]
        held |= _holdout(palias, group=lambda a: a.split(":")[1], per_group=1, min_size=2)
        probs = [f for ps in self.problems.values() for f, _, _ in ps]
        held |= _holdout(probs, group=grp, per_group=1, min_size=3)
        held |= _holdout([f for ts in self.tasks.values() for f, _ in ts], group=grp, per_group=1, min_size=3)
        held |= _holdout([f for f, _ in self.joiners])
        self.held = held

    def _problem_call(self, s: Setting, p) -> dict | None:
        """A catalog problem as a model-form call, or None when its value cannot be written from the text."""
        if p.action == "open":
            return {"action": "open", "page": p.value if p.value in self.cat.pages else s.page}
        call: dict[str, Any] = {"action": p.action, "setting": s.id}
        if p.action in ("toggle", "get"):
            return call
        v, text = p.value, p.text
        if p.action in ("increase", "decrease") and v is None:
            return {**call, "value": None}
        if s.kind == "toggle":
            v = v if isinstance(v, bool) else str(v).lower() in ("true", "on", "yes", "1")
        elif s.kind == "choice":
            v = {False: "off", True: "on"}.get(v, v) if isinstance(v, bool) else str(v)
            v = v if v in s.choice_ids else None
        elif s.kind == "text":
            v = str(v) if v is not None and f" {v}" in text else None
        elif s.kind == "duration":
            v = "never" if v == 0 and p.action == "set" else _find_duration(text, v)
        elif isinstance(v, (int, float)) and float(v).is_integer():
            d = str(int(v))
            if re.search(rf"(?<!\d){d}(?!\d)", text) or int(v) in _word_numbers(text):
                v = d
            elif p.action != "set":
                v = None
            else:
                half = v == 50 and s.min == 0 and s.max == 100 and "half" in text
                v = "max" if v == s.max else "min" if v == s.min else "half" if half else None
        else:
            v = None
        return None if v is None else {**call, "value": v}

    # ------------------------------------------------------------------ phrases
    def _name(self, sid: str, det: bool, comps: list, plain: bool = False) -> Seg:
        names = self.names[sid]
        n, comp, verbal = self.r.choice(names)
        if verbal and len(names) > 1 and self.r.random() < 0.6:
            n, comp, verbal = self.r.choice(names)  # verb-phrase titles read badly in most frames
        if comp:
            comps.append(comp)
        if self.r.random() < 0.7:
            n = n.lower()
        if det and not verbal and not plain:
            r = self.r.random()
            n = ("the " + n) if r < 0.22 else ("my " + n) if r < 0.32 else n
        return Seg(n)

    def _number(self, n: int, word_ok: bool = True) -> tuple[str, bool]:
        if word_ok and n <= 999 and self.r.random() < 0.1:
            w = num_words(n)
            return (w.replace("-", " ") if self.r.random() < 0.4 else w), True
        return str(n), False

    def _range_value(self, s: Setting, amount: bool = False) -> int | None:
        lo, hi = (1, s.max - s.min) if amount else (max(s.min, 0), s.max)
        if hi < lo or hi > 99999:
            return None
        step = s.step if float(s.step).is_integer() and not amount else 1
        r = self.r.random()
        for _ in range(8):
            if r < 0.5 and hi - lo >= 20:
                v = self.r.choice((5, 10, 10, 20, 25, 30, 50)) if amount else 10 * self.r.randint(
                    math.ceil(lo / 10), int(hi // 10))
            elif r < 0.7 and hi - lo >= 10:
                v = 5 * self.r.randint(math.ceil(lo / 5), int(hi // 5))
            else:
                v = self.r.randint(math.ceil(lo), int(hi))
            if lo <= v <= hi and (amount or (v - s.min) % step == 0):
                return int(v)
        return None

    def _range_phrase(self, s: Setting, v: int) -> Seg:
        txt, word = self._number(v)
        if s.unit == "percent":
            pats = ("{n}", "{n} percent") if word else self.v["percent"]
        else:
            pats = self.v["units"].get(s.unit, [""])
            pats = ["{n}" + u for u in pats] if not word else ["{n}"]
        return Seg(self.r.choice(pats).replace("{n}", txt), "v")

    def _duration(self, s: Setting, amount: bool = False) -> tuple[Seg, list] | None:
        pool = [a for a in s.allowed if a] if s.allowed and not amount else \
            [a for a in _DUR_POOL if s.max is None or a <= s.max]
        if not pool:
            return None
        secs = self.r.choice(pool)
        special = [x for x in self.v["duration_special"] if int(x[1]) * {"s": 1, "min": 60, "h": 3600}[x[2]] == secs]
        if special and self.r.random() < 0.3:
            t, n, u = self.r.choice(special)
            return Seg(t, "v"), [n, u]
        reps = [(secs // 3600, "h")] if secs % 3600 == 0 else []
        reps += [(secs // 60, "min")] * 2 if secs % 60 == 0 and secs <= 14400 else []
        reps += [(secs, "s")] if secs % 60 or secs <= 180 else []
        n, u = self.r.choice(reps)
        txt, word = self._number(n)
        words = [w for w in self.v["duration_units"][u]
                 if (w.strip() in ("second", "minute", "hour")) == (n == 1) or not w.strip().endswith(("s", "e", "r"))
                 or w.strip() in ("hrs", "mins", "secs")]
        words = [w for w in words if not word or w.startswith(" ") and len(w) > 4] or [" " + {"s": "seconds",
                                                                                             "min": "minutes",
                                                                                             "h": "hours"}[u]]
        if n == 1 and word:
            txt = self.r.choice(("one", "a" if u == "min" else "an" if u == "h" else "one"))
        return Seg(txt + self.r.choice(words), "v"), [str(n), u]

    def _set_value(self, s: Setting, text_ok: bool) -> tuple[Seg, Any] | None:
        k, r = s.kind, self.r.random()
        if k == "range":
            if r < 0.07:
                return Seg(self.r.choice(self.v["max_words"]), "c"), "max"
            if r < 0.11:
                return Seg(self.r.choice(self.v["min_words"]), "c"), "min"
            if r < 0.14 and s.unit == "percent" and s.min == 0 and s.max == 100:
                return Seg(self.r.choice(self.v["half_words"]), "c"), "half"
            v = self._range_value(s)
            return None if v is None else (self._range_phrase(s, v), str(v))
        if k == "duration":
            if r < 0.08 and (not s.allowed or 0 in s.allowed):
                return Seg(self.r.choice(self.v["never_words"]), "c"), "never"
            if r < 0.12 and s.allowed:
                m = self.r.random() < 0.5
                return Seg(self.r.choice(self.v["max_words" if m else "min_words"]), "c"), "max" if m else "min"
            if r < 0.2 and s.allowed is not None:
                pool = [a // 60 for a in (s.allowed or _DUR_POOL) if a and a % 60 == 0 and a <= 14400
                        and (s.max is None or a <= s.max)]
                if pool:  # a bare number is minutes ("sleep after 15")
                    n = self.r.choice(pool)
                    return Seg(str(n), "v"), [str(n), "min"]
            return self._duration(s)
        if k == "choice":
            cid, phr = self.r.choice(self.cvals[s.id])
            return Seg(self.r.choice(phr), "c"), cid
        if not text_ok or not self.texts.get(s.id):
            return None
        seg = Seg(self.r.choice(self.texts[s.id]), "v")
        return seg, seg

    def _amount(self, s: Setting) -> tuple[Seg, Any] | None:
        if s.kind == "duration":
            d = self._duration(s, amount=True)
            return None if d is None else (Seg(self.r.choice(self.v["amount_duration"]).replace("{d}", d[0].t), "v"),
                                           d[1])
        v = self._range_value(s, amount=True)
        if v is None:
            return None
        txt, word = self._number(v)
        pats = [p for p in self.v["amount"] if "%" not in p and "percent" not in p or s.unit == "percent"]
        pats = [p for p in pats if "%" not in p] if word else pats
        return Seg(self.r.choice(pats).replace("{n}", txt), "v"), str(v)

    # ------------------------------------------------------------------ rendering
    def _fill(self, t: _T, slots: dict, comps: list, sid: str | None = None) -> list[Seg]:
        segs = []
        for is_slot, txt, det in t.parts:
            if not is_slot:
                segs.append(Seg(txt))
            elif txt == "x":
                segs.append(self._name(sid, det, comps, plain=t.fam.startswith("terse")))
            elif txt == "n":
                n = self.r.choice(slots["n"])
                if det and n != "it" and self.r.random() < 0.6:
                    n = self.r.choice(("the ", "the ", "my ")) + n
                segs.append(Seg(n))
            else:
                v = slots[txt]
                segs.append(v if isinstance(v, Seg) else Seg(v))
        return segs

    def _pick(self, group: str, cmd_only: bool = False, need=None) -> _T | None:
        pool = self.cmd[group] if cmd_only and self.cmd[group] else self.groups[group]
        for _ in range(6):
            t = self.r.choice(pool)
            if need is None or need(t):
                return t
        return None

    def _clause(self, sid: str, intent: str, cmd_only: bool = False):
        """One request about one setting -> (segs, calls, comps, question) or None."""
        s, r = self.cat.settings[sid], self.r
        call: dict[str, Any] = {"action": "set", "setting": sid}
        slots: dict[str, Any] = {}
        group = intent
        if intent in ("set_on", "set_off", "terse_on", "terse_off", "terse_bare", "toggle_complaint_off",
                      "toggle_complaint_on"):
            call["value"] = "off" not in intent and "complaint_off" not in intent
        elif intent == "toggle":
            call = {"action": "toggle", "setting": sid}
        elif intent in ("get", "terse_get"):
            call = {"action": "get", "setting": sid}
            group = "terse_get" if intent == "terse_get" else "get_toggle" if s.kind == "toggle" else "get_value"
        elif intent in ("set_value", "terse_value"):
            sv = self._set_value(s, True)
            if sv is None:
                return None
            slots["v"], call["value"] = sv
        elif intent in ("range_max", "range_min", "range_half"):
            call["value"] = intent[6:]
        elif intent == "never":
            call["value"] = "never"
        elif intent in ("increase", "decrease", "terse_up", "terse_down", "generic_low", "generic_high"):
            up = intent in ("increase", "terse_up", "generic_low")
            call = {"action": "increase" if up else "decrease", "setting": sid, "value": None}
            slots["m"] = r.choice(self.v["vague_up" if up else "vague_down"])
        elif intent in ("increase_by", "decrease_by"):
            am = self._amount(s)
            if am is None:
                return None
            call = {"action": intent[:8], "setting": sid}
            slots["a"], call["value"] = am
        elif intent in ("comp_up", "comp_down", "too_high", "too_low"):
            c = self.comp[sid]
            up = intent in ("comp_up", "too_low")
            call = {"action": "increase" if up else "decrease", "setting": sid, "value": None}
            slots["n"] = c["nouns"]
            slots["m2"] = r.choice(self.v["comp_mod"])
            slots["j"] = r.choice(c["low" if intent == "too_low" else "high"]) if intent.startswith("too") else ""
            slots["c"] = r.choice(c["up" if intent == "comp_up" else "down"]) if intent.startswith("comp") else ""
            solo = slots["c"] in self.solo
            t = self._pick(group, cmd_only, lambda t: solo or any(p[0] and p[1] == "n" for p in t.parts)
                           or intent.startswith("too"))
            if t is None:
                return None
            return self._fill(t, slots, [t.fam], sid), [call], [t.fam], t.question
        elif intent in ("choice_value", "choice_value_off"):
            cid, phrase = r.choice(self.value_only[sid])
            if intent.endswith("off"):
                cid = next(c.id for c in s.values if c.id != cid)
            slots["v"], call["value"] = Seg(phrase, "c"), cid
        elif intent == "open_setting":
            call = {"action": "open", "page": s.page}
        t = self._pick(group, cmd_only, (lambda t: t.vspace) if s.kind == "text" and "v" in slots else None)
        if t is None:
            return None
        comps = [t.fam]
        return self._fill(t, slots, comps, sid), [call], comps, t.question

    def _intent(self, s: Setting, terse: bool = False) -> str:
        r = self.r.random()
        if terse:
            opts = {"toggle": ("terse_on", "terse_off", "terse_bare", "terse_get"),
                    "range": ("terse_value", "terse_up", "terse_down", "terse_get"),
                    "duration": ("terse_value", "terse_up", "terse_down", "terse_get"),
                    }.get(s.kind, ("terse_value", "terse_value", "terse_get"))
            return self.r.choice(opts)
        if s.kind == "toggle":
            return "set_on" if r < .36 else "set_off" if r < .68 else "toggle" if r < .78 else "get"
        if s.kind in ("range", "duration"):
            if s.id in self.comp and r < 0.18:
                return self.r.choice(("comp_up", "comp_down"))
            if s.kind == "range" and r < 0.28:
                return self.r.choice(("range_max", "range_min", "range_half") if s.unit == "percent" and s.min == 0
                                     and s.max == 100 else ("range_max", "range_min"))
            if s.kind == "duration" and r < 0.25 and (not s.allowed or 0 in s.allowed):
                return "never"
            r = self.r.random()
            return ("set_value" if r < .36 else "increase" if r < .55 else "decrease" if r < .74
                    else "increase_by" if r < .81 else "decrease_by" if r < .88 else "get")
        if s.kind == "choice" and s.id in self.value_only and r < 0.25:
            return "choice_value_off" if len(s.values) == 2 and r < 0.06 else "choice_value"
        return "set_value" if r < 0.74 else "get"

    # ------------------------------------------------------------------ record types
    def _open(self):
        r = self.r.random()
        if r < 0.5 or not self.tasks:
            pid = self.r.choice(list(self.cat.pages))
            name, comp = self.r.choice(self.pnames[pid])
            t = self._pick("open_page")
            name = name.replace("&", "and") if "&" in name and self.r.random() < 0.5 else name
            p = name.lower() if self.r.random() < 0.7 else name
            return self._fill(t, {"p": p}, []), [{"action": "open", "page": pid}], [t.fam] + ([comp] if comp else []), \
                t.question
        if r < 0.75:
            sid = self.r.choices(self.sids, self.weights)[0]
            return self._clause(sid, "open_setting")
        if r < 0.8 and self.kw:
            k, pid = self.r.choice(self.kw)
            t = self._pick("open_keyword")
            return self._fill(t, {"k": k}, []), [{"action": "open", "page": pid}], [t.fam], t.question
        pid = self.r.choice(list(self.tasks))
        fam, task = self.r.choice(self.tasks[pid])
        t = self._pick("open_task")
        return self._fill(t, {"t": task}, []), [{"action": "open", "page": pid}], [t.fam, fam], t.question

    def _indirect(self):
        r = self.r.random()
        if r < 0.6:
            sid = self.r.choices(self.prob_sids, self.prob_w)[0]
            if self.problems[sid]:
                fam, text, call = self.r.choice(self.problems[sid])
                plain = not isinstance(call.get("value"), (str, list)) or call["value"] in ("max", "min", "half")
                return [Seg(text, "f" if plain else "v")], [dict(call)], [fam], text.rstrip().endswith("?")
        sid = self.r.choices(self.sids, self.weights)[0]
        s = self.cat.settings[sid]
        if s.kind == "toggle":
            return self._clause(sid, self.r.choice(("toggle_complaint_off", "toggle_complaint_on")))
        if s.kind in ("range", "duration"):
            if sid in self.comp and self.r.random() < 0.7:
                return self._clause(sid, self.r.choice(("too_high", "too_low")))
            return self._clause(sid, self.r.choice(("generic_low", "generic_high")))
        return None

    def _multi(self):
        r = self.r
        k = 2 if r.random() < 0.75 else 3
        sids = list(dict.fromkeys(r.choices(self.sids, self.weights, k=k + 2)))[:k]
        if len(sids) < 2:
            return None
        if r.random() < 0.15:
            return self._shared(sids)
        segs, calls, comps, q = [], [], [], False
        for i, sid in enumerate(sids):
            s = self.cat.settings[sid]
            intent = self._intent(s)
            if intent in ("comp_up", "comp_down", "get") and r.random() < 0.8:
                intent = "set_value" if s.kind != "toggle" else "set_on"
            if r.random() < 0.08:
                intent = "open_setting"
            c = self._clause(sid, intent, cmd_only=i > 0)
            if c is None:
                return None
            if i:
                jfam, j = r.choice(self.joiners)
                segs.append(Seg(j))
                comps.append(jfam)
            segs += c[0]
            calls += c[1]
            comps += c[2]
            q = q or (i == 0 and c[3])
        return segs, calls, ["multi." + comps[len(c[2]) + 1 if False else 0].split("#")[0]] + comps, q

    def _shared(self, sids: list[str]):
        kinds = {self.cat.settings[s].kind for s in sids}
        comps: list[str] = []
        if kinds == {"toggle"}:
            on = self.r.random() < 0.5
            t = self.r.choice(self.shared["on" if on else "off"])
            calls = [{"action": "set", "setting": s, "value": on} for s in sids]
            v = None
        else:
            sids = [s for s in sids if self.cat.settings[s].kind == "range" and self.cat.settings[s].min <= 0]
            if len(sids) < 2:
                return None
            hi = min(self.cat.settings[s].max for s in sids)
            if hi < 10:
                return None
            n = 5 * self.r.randint(1, int(hi // 5))
            v = Seg(str(n) + ("%" if self.r.random() < 0.4 else ""), "v")
            t = self.r.choice(self.shared["value"])
            calls = [{"action": "set", "setting": s, "value": str(n)} for s in sids]
        names = [self._name(s, False, comps).t for s in sids]
        xs = ", ".join(names[:-1]) + self.r.choice((" and ", ", and ", " & ")) + names[-1]
        return self._fill(t, {"xs": Seg(xs), "v": v}, comps), calls, ["multi.shared", t.fam] + comps, False

    def _nocall(self):
        fam = self.r.choice(list(self.nocall))
        slots = self.ph["nocall"]["slots"]
        for _ in range(5):
            t = self.r.choice(self.nocall[fam])
            segs = [Seg(p[1] if not p[0] else self.r.choice(slots[p[1]])) for p in t.parts]
            text = "".join(x.t for x in segs).lower()
            if fam not in self.ph["nocall"]["filtered"] or not self.name_re or not self.name_re.search(text):
                return segs, [], [t.fam], t.question
        return None

    # ------------------------------------------------------------------ noise and assembly
    def _noise(self, segs: list[Seg], stats: dict) -> None:
        r, typo = self.r, False
        free = [s for s in segs if s.k != "v"]
        if r.random() < 0.14:
            rx, table = self.am_br if r.random() < 0.75 else self.br_am
            for s in free:
                s.t = rx.sub(lambda m: table[m.group(1)], s.t)
        free = [s for s in segs if s.k == "f"]
        if r.random() < 0.12:
            rx, table = self.short
            for s in free:
                s.t = rx.sub(lambda m: r.choice(table[m.group(1)]) if r.random() < 0.6 else m.group(1), s.t)
            typo = True
        if r.random() < 0.1 and free:
            for _ in range(r.choice((1, 1, 2))):
                s = r.choice(free)
                words = s.t.split(" ")
                idx = [i for i, w in enumerate(words) if len(w) >= 4 and w.isalpha()]
                if idx:
                    i = r.choice(idx)
                    words[i] = _typo(words[i], r)
                    s.t = " ".join(words)
                    typo = True
        if r.random() < 0.2 and any("'" in s.t for s in free):
            for s in free:
                s.t = s.t.replace("'", "")
            typo = True
        c = r.random()
        if c < 0.55:
            for s in segs:
                s.t = s.t.lower()
        elif c < 0.58:
            for s in free:
                s.t = s.t.upper()
        stats["typo"] += typo

    def _assemble(self, item, stats: dict, long_ok: bool = True) -> tuple[str, list, list[str]] | None:
        segs, calls, comps, question = item
        r = self.r
        first = segs[0].t.split(" ", 1)[0].lower() if segs else ""
        imperative = any(".cmd" in c for c in comps[:1]) and first not in ("can", "could", "would", "how", "i")
        if long_ok and r.random() < 0.07:
            pre = r.choice(self.fill["situation"]) + r.choice(
                [b for b in self.fill["bridge"] if imperative or not b.rstrip().endswith("you")])
            segs = [Seg(pre)] + segs
            if len("".join(s.t for s in segs).split()) < 20:
                segs.append(Seg(", " + r.choice(self.fill["afterthought"])))
            stats["long"] += 1
        else:
            p = r.random()
            if imperative and p < 0.22:
                segs = [Seg(r.choice(self.fill["polite"]) + " ")] + segs
            elif p < 0.32:
                segs = [Seg(r.choice(self.fill["prefix"]) + " ")] + segs
            if r.random() < 0.18 and segs[-1].k != "v":
                segs.append(Seg(" " + r.choice(self.fill["suffix"])))
        self._noise(segs, stats)
        if segs[-1].k != "v" and r.random() < 0.12:
            segs.append(Seg(r.choice("?" if question else ".!")))
        text = "".join(s.t for s in segs).strip()
        if "  " in text:
            text = re.sub(" {2,}", " ", text)
        if r.random() < 0.04 and segs[0].k == "f" and text[:1].isalpha():
            text = text[0].upper() + text[1:]
        out = []
        for c in calls:
            v = c.get("value")
            out.append({**c, "value": v.t} if isinstance(v, Seg) else c)
        stats["question"] += question
        return text, out, comps

    def generate(self, seed: int, n: int, stats: dict | None = None) -> tuple[list[dict], list[dict]]:
        self.r = r = random.Random(seed)
        st = {k: 0 for k in ("typo", "long", "question", "nocall", "multi", "indirect", "open", "terse",
                             "conflict", "attempts")}
        seen: dict[str, list] = {}
        train, val = [], []
        # coverage first: every action of every setting, every page (so small n still covers the catalog)
        todo: list[tuple[str, Any]] = []
        for sid, s in self.cat.settings.items():
            acts = {"toggle": ("set_on", "set_off", "toggle", "get"), "choice": ("set_value", "get"),
                    "text": ("set_value", "get")}.get(s.kind, ("set_value", "increase", "decrease", "get"))
            todo += [("single", (sid, a)) for a in acts]
        todo += [("page", pid) for pid in self.cat.pages]
        names = [t for t, _ in _TYPES]
        weights = [w for _, w in _TYPES]
        limit = n * 4 + 1000
        while len(seen) < n and st["attempts"] < limit:
            st["attempts"] += 1
            kind, arg = todo.pop(0) if todo else (r.choices(names, weights)[0], None)
            item = None
            if kind == "single":
                sid, intent = arg if arg else (r.choices(self.sids, self.weights)[0], None)
                item = self._clause(sid, intent or self._intent(self.cat.settings[sid]))
            elif kind == "page":
                t = self._pick("open_page")
                item = (self._fill(t, {"p": self.cat.pages[arg].title.lower()}, []),
                        [{"action": "open", "page": arg}], [t.fam], t.question)
            elif kind == "terse":
                sid = r.choices(self.sids, self.weights)[0]
                item = self._clause(sid, self._intent(self.cat.settings[sid], terse=True))
            else:
                item = getattr(self, "_" + kind)()
            if item is None:
                continue
            before = dict(st)
            text, calls, comps = self._assemble(item, st, long_ok=kind not in ("terse", "nocall"))
            key = text
            if not text or key in seen:
                st.update({k: before[k] for k in ("typo", "long", "question")})
                st["conflict"] += bool(text) and seen[key] != calls
                continue
            seen[key] = calls
            held = [c for c in comps if c in self.held]
            rec = {"text": text, "calls": calls, "family": held[0] if held else comps[0]}
            (val if held else train).append(rec)
            st["nocall" if not calls else "multi" if len(calls) > 1 else kind if kind in ("indirect", "open", "terse")
               else "single"] = st.get("nocall" if not calls else "multi" if len(calls) > 1 else kind if kind in
                                       ("indirect", "open", "terse") else "single", 0) + 1
        if stats is not None:
            stats.update(st, total=len(seen), train=len(train), val=len(val))
        return train, val


def _typo(w: str, r: random.Random) -> str:
    """One keyboard slip: swap, drop, double or a neighbouring key."""
    i = r.randrange(1, len(w) - 1)
    op = r.random()
    if op < 0.3:
        return w[:i] + w[i + 1] + w[i] + w[i + 2:]
    if op < 0.6:
        return w[:i] + w[i + 1:]
    if op < 0.8:
        return w[:i] + w[i] + w[i:]
    near = {"a": "s", "s": "a", "e": "r", "r": "e", "i": "o", "o": "i", "n": "m", "m": "n", "t": "y", "u": "y",
            "l": "k", "h": "g", "g": "h", "d": "s", "c": "v", "b": "v"}
    return w[:i] + near.get(w[i], w[i]) + w[i + 1:]


def _word_numbers(text: str) -> set[int]:
    from ..calls import parse_number

    words = re.findall(r"[a-z]+(?:-[a-z]+)*", text.lower())
    out = set()
    for i in range(len(words)):
        for j in range(i + 1, min(i + 4, len(words)) + 1):
            n = parse_number(" ".join(words[i:j]))
            if n is not None and float(n).is_integer() and words[i] not in ("a", "an", "and"):
                out.add(int(n))
    return out


_DUR_RE = re.compile(r"(?<![\w.])(\d+|[a-z]+(?:[ -][a-z]+)?)\s?(hours?|hrs?|h|minutes?|mins?|m|seconds?|secs?|s)\b")


def _find_duration(text: str, secs: Any) -> list | None:
    """[number, unit] as written in `text` for `secs` seconds, or None."""
    if not isinstance(secs, int):
        return None
    t = text.lower()
    if "half an hour" in t or "half hour" in t:
        return ["30", "min"] if secs == 1800 else None
    from ..calls import parse_number

    for num, unit in _DUR_RE.findall(t):
        u = "h" if unit.startswith("h") else "min" if unit.startswith("m") else "s"
        n = 1 if num in ("a", "an") else parse_number(num) if not num.isdigit() else int(num)
        if n is None and " " in num:
            n = parse_number(num.split(" ", 1)[1])
        if n and float(n).is_integer() and int(n) * {"h": 3600, "min": 60, "s": 1}[u] == secs:
            return [str(int(n)), u]
    return None


def generate(catalog: Catalog, seed: int, n: int, stats: dict | None = None,
             phrases: dict | None = None) -> tuple[list[dict], list[dict]]:
    """`n` distinct (text, calls) records for `catalog`, split into (train, val) by held-out family."""
    return Synth(catalog, phrases).generate(seed, n, stats)


def write_jsonl(path: str | Path, records: list[dict]) -> None:
    with open(path, "w", encoding="utf-8") as f:
        for rec in records:
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
