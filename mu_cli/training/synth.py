"""Training-data synthesiser: (request, model-form calls) pairs generated from the catalog.

`generate(catalog, seed, n)` -> (train, val) of records {"text", "calls", "family"}; `write_jsonl(path, records)`.
Sentences come from phrases.yaml (extend it for your own catalog) crossed with the catalog's names, values,
problems and pages. Every template string, alias, problem, page task, joiner and no-call template is a
*family*; ~10% are held out (by a hash of the family id, so the split is the same for every seed) and every
record using one goes to validation: validation measures generalisation to unseen phrasings, not memory.

Model-form values (grammar.call_to_tokens): toggle true/false; choice id; range the digit string as written
or "max"/"min"/"half"; duration [number, "s"|"min"|"h"] as written, or "never"; text the verbatim substring
(after a space: it is copied token by token); increase/decrease null, or the written amount.
"""
from __future__ import annotations

import hashlib
import itertools
import json
import math
import random
import re
from pathlib import Path
from typing import Any

import yaml

from ..calls import parse_number
from ..catalog import Catalog, Setting
from ..grammar import has_default

PHRASES = Path(__file__).with_name("phrases.yaml")
HOLDOUT = 0.10
_ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
         "seventeen eighteen nineteen").split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
# record types and their shares (no-call stays above 10% after dedupe)
_TYPES = (("single", 36), ("terse", 8), ("indirect", 14), ("open", 9), ("multi", 16), ("nocall", 17))
_DUR_POOL = (15, 30, 45, 60, 90, 120, 180, 300, 600, 900, 1200, 1500, 1800, 2700, 3600, 5400, 7200, 10800, 14400,
             18000)
_SECS = {"s": 1, "min": 60, "h": 3600}


def num_words(n: int) -> str:
    """English words for 0..999 ('seventy-five'); the model learns to write them back as digits."""
    if n < 20:
        return _ONES[n]
    if n < 100:
        return _TENS[n // 10] + ("" if n % 10 == 0 else "-" + _ONES[n % 10])
    h, r = divmod(n, 100)
    return _ONES[h] + " hundred" + ("" if r == 0 else " " + num_words(r))


def _h(s: str) -> int:
    return int(hashlib.sha1(s.encode()).hexdigest()[:10], 16)


def _holdout(ids: list[str], group=lambda i: i, per_group: int = 99, min_size: int = 0) -> set[str]:
    """~HOLDOUT of `ids` (lowest hashes), at most `per_group` from each group and only from groups of at least
    `min_size`, so that no setting loses all its names or problems and no frame group all its frames."""
    sizes = {}
    for i in ids:
        sizes[group(i)] = sizes.get(group(i), 0) + 1
    out, used = set(), {}
    for i in sorted(ids, key=_h):
        g = group(i)
        if len(out) >= round(len(ids) * HOLDOUT):
            break
        if sizes[g] >= min_size and used.get(g, 0) < per_group:
            out.add(i)
            used[g] = used.get(g, 0) + 1
    return out


class Seg:
    """A piece of text. k: f = free (any noise), c = choice value (spelling/case only), v = verbatim (digits,
    number words, text values: lower-casing only). A text call's value is its Seg, read after the noise."""
    __slots__ = ("t", "k")

    def __init__(self, t: str, k: str = "f"):
        self.t, self.k = t, k


class _T:
    """A parsed template: parts (is_slot, text, a determiner may precede the slot)."""
    __slots__ = ("fam", "parts", "question", "vspace", "polite")

    def __init__(self, fam: str, src: str, words: dict, polite: bool):
        self.fam, self.parts = fam, []
        for i, b in enumerate(re.split(r"\{(\w+)\}", src)):
            if i % 2 == 0:
                if b:
                    self.parts.append((False, b, False))
                continue
            prev = self.parts[-1] if self.parts else None
            last = prev[1].split()[-1:] if prev and not prev[0] else []
            self.parts.append((True, b, prev is None or (prev[1].endswith(" ") and bool(last)
                                                          and last[0].lower() not in words["no_det"])))
        first = src.split(" ", 1)[0].lower()
        self.polite = polite and not first.startswith("{") and first not in words["not_polite"]
        self.question = "?" in src or bool(re.match(r"(how|what|where|which|is|are|can|could|would|do|does|did|"
                                                    r"why|mind|whats)\b", src))
        # a text value is copied token by token, so it must stand between spaces (or end the text)
        ps = self.parts + [(False, " ", False)]
        self.vspace = any(p[0] and p[1] == "v" and i and not ps[i - 1][0] and ps[i - 1][1].endswith(" ")
                          and not ps[i + 1][0] and ps[i + 1][1].startswith(" ") for i, p in enumerate(self.parts))


def _rx(words) -> re.Pattern | None:
    words = sorted(set(words), key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(map(re.escape, words)) + r")\b", re.I) if words else None


class Synth:
    def __init__(self, catalog: Catalog, phrases: dict | None = None):
        ph = phrases or yaml.safe_load(PHRASES.read_text(encoding="utf-8"))
        self.cat, self.ph, self.v, self.fill = catalog, ph, ph["values"], ph["fillers"]
        self.w = w = {k: set(v) for k, v in ph["words"].items()}
        self.groups = {g: [_T(f"{g}.{sub}#{i}", t, w, sub.startswith("cmd")) for sub, ts in subs.items()
                           for i, t in enumerate(ts)] for g, subs in ph["frames"].items()}
        self.cmd = {g: [t for t in ts if ".cmd" in t.fam] for g, ts in self.groups.items()}
        self.shared = {k: [_T(f"shared.{k}#{i}", t, w, True) for i, t in enumerate(ts)]
                       for k, ts in ph["shared_verb"].items()}
        self.polar_frames = [_T(f"polar.{sub}#{i}", t, w, sub == "cmd") for sub, ts in
                             (ph.get("polar_frames") or {}).items() for i, t in enumerate(ts)]
        self.show_frames = {k: [_T(f"show.{k}#{i}", t, w, True) for i, t in enumerate(ts)]
                            for k, ts in (ph.get("show_frames") or {}).items()}
        # verb phrases with their value, per toggle ("unmute the mic" -> false); families per phrase
        self.polar = {sid: {on == "on": [(f"phrase:{sid}:{on}#{i}", x) for i, x in enumerate(xs)]
                            for on, xs in by.items()}
                      for sid, by in (ph.get("toggle_phrases") or {}).items()
                      if sid in catalog.settings and catalog.settings[sid].kind == "toggle"}
        self.sframes = {sid: {g: [_T(f"sf.{sid}.{g}#{i}", t, w, True) for i, t in enumerate(ts)]
                              for g, ts in by.items()}
                        for sid, by in (ph.get("setting_frames") or {}).items() if sid in catalog.settings}
        self.showable = {sid for sid, st in catalog.settings.items() if st.kind == "toggle" and _shows(st, w)}
        self.joiners = [(f"join.{k}#{i}", j) for k, js in ph["joiners"].items() for i, j in enumerate(js)]
        self.sp_joiners = [j for j in self.joiners if j[1].startswith(" ")]  # after a copied value
        self.nocall = {f: [_T(f"nocall.{f}#{i}", t, w, f in ph["nocall"]["polite"]) for i, t in enumerate(ts)]
                       for f, ts in ph["nocall"]["families"].items()}
        self.nc_slots = {k: [str(x) for x in v] for k, v in ph["nocall"]["slots"].items()}
        self._names()
        self._values()
        self.problems = {s.id: [(f"problem:{s.id}#{i}", p.text, c) for i, p in enumerate(s.problems)
                                if (c := self._problem_call(s, p)) is not None] for s in catalog.settings.values()}
        self.tasks = {pid: [(f"task:{pid}#{i}", t) for i, t in enumerate(ts)]
                      for pid, ts in (ph.get("page_tasks") or {}).items() if pid in catalog.pages}
        self._holdouts()
        self.sids, self.pids, self.task_pids = list(catalog.settings), list(catalog.pages), list(self.tasks)
        self.by_area: dict[str, list[str]] = {}
        for sid in self.sids:
            self.by_area.setdefault(sid.split(".")[0], []).append(sid)
        # common settings get more data; a priority-1 setting still gets 1/25 of a priority-5 one
        self.cum = list(itertools.accumulate(catalog.settings[s].priority ** 2 for s in self.sids))
        self.prob_sids = [s for s in self.sids if self.problems[s]] or self.sids
        self.prob_cum = list(itertools.accumulate(catalog.settings[s].priority + len(self.problems[s])
                                                  for s in self.prob_sids))
        spell = ph.get("spelling") or {}
        self.am_br, self.br_am = (_rx(spell), spell), (_rx(spell.values()), {b: a for a, b in spell.items()})
        self.short = (_rx(ph.get("shorthand") or {}), ph.get("shorthand") or {})
        self.name_re = _rx(n for n in self.all_names if len(n) >= 4)

    # ------------------------------------------------------------------ catalog material
    def _names(self) -> None:
        cat, owners, powners, w = self.cat, {}, {}, self.w
        for s in cat.settings.values():
            for n in (s.title, *s.aliases):
                owners.setdefault(n.lower(), set()).add(s.id)
        for p in cat.pages.values():
            for n in (p.title, *p.aliases):
                powners.setdefault(n.lower(), set()).add(p.id)
        self.all_names, self.names = set(owners) | set(powners), {}
        for s in cat.settings.values():
            out, low = [], set()  # names compared case-blind: "filter keys" must not be both title and held out
            title_words = set(_words(s.title))
            for i, n in enumerate((s.title, *s.aliases)):
                n = re.sub(r"\s*\([^)]*\)", "", n).strip()
                if n.lower() in low or (i and (set(_words(n)) & w["polar"]) - title_words):
                    continue  # "unmute" is no name of Mute: "turn on unmute" would teach the wrong value
                low.add(n.lower())
                if n and not (i and len(owners.get(n.lower(), ())) > 1):  # a shared alias would teach wrong labels
                    out.append((n, f"alias:{s.id}:{n.lower()}" if i else None, n.split()[0].lower() in w["verbal"]))
            self.names[s.id] = out or [(s.title, None, False)]
        self.nouns = {sid: [n for n in ns if not n[2]] or ns for sid, ns in self.names.items()}
        self.pnames = {p.id: [(p.title, None)] + [(a, f"palias:{p.id}:{a.lower()}") for a in
                                                  dict.fromkeys(a.lower() for a in p.aliases) if len(powners[a]) == 1
                                                  and a != p.title.lower()] for p in cat.pages.values()}
        kw = {}
        for s in cat.settings.values():
            for k in s.keywords:
                kw.setdefault(k.lower(), set()).add(s.page)
        # keywords name a page only when every setting using them lives there
        self.kw = [(k, next(iter(ps))) for k, ps in sorted(kw.items()) if len(ps) == 1 and k not in self.all_names
                   and re.fullmatch(r"[a-z][a-z -]{2,24}", k) and not set(k.split()) & w["not_noun"]]
        self.comp = {sid: c for sid, c in (self.ph.get("comparatives") or {}).items()
                     if sid in cat.settings and cat.settings[sid].kind in ("range", "duration")}
        # a comparative or adjective alone ("louder", "too dim") means the most common setting using it
        self.owner = {}
        for sid in sorted(self.comp, key=lambda i: -cat.settings[i].priority):
            for d in ("up", "down", "high", "low"):
                for w in self.comp[sid].get(d, ()):
                    self.owner.setdefault(w, sid)

    def _values(self) -> None:
        """Choice value phrases, value-only phrases ("dark mode"), text value pools."""
        self.cvals, counts = {}, {}
        for s in self.cat.settings.values():
            if s.kind == "choice":
                self.cvals[s.id] = [(c.id, list(dict.fromkeys(x for x in (
                    re.sub(r"\s*\([^)]*\)", "", c.label).strip(), *c.aliases, c.id.replace("_", " ")) if x)))
                    for c in s.values]
                for _, phr in self.cvals[s.id]:
                    for x in phr:
                        counts[x.lower()] = counts.get(x.lower(), 0) + 1
        self.value_only = {}
        for sid, vals in self.cvals.items():
            taken = {n.lower() for o, ns in self.names.items() if o != sid for n, _, _ in ns}
            ok = [(cid, x) for cid, phr in vals for x in phr if len(x.split()) >= 2 and counts[x.lower()] == 1
                  and x.lower() not in taken and not re.search(r"\d", x)]
            if ok:
                self.value_only[sid] = ok
        self.text_pat = {sid: ps for sid, ps in (self.ph.get("text_patterns") or {}).items()
                         if sid in self.cat.settings and self.cat.settings[sid].kind == "text"}
        self.text_slots = self.ph.get("text_slots") or {}
        pools = self.ph.get("text_values") or {}
        self.texts = {s.id: list(dict.fromkeys(v for v in (*pools.get(s.id, ()), *s.examples) if v and v.strip() == v))
                      for s in self.cat.settings.values() if s.kind == "text"}

    def _holdouts(self) -> None:
        # the first two templates of each sub-family are the canonical phrasings: always trained on
        frames = [t.fam for ts in (*self.groups.values(), *self.shared.values(), *self.nocall.values()) for t in ts
                  if int(t.fam.rsplit("#", 1)[1]) >= 2]
        grp = lambda f: f.split("#")[0]  # noqa: E731
        self.held = _holdout(frames, grp, per_group=2, min_size=3)
        by_owner = lambda a: a.split(":")[1]  # noqa: E731
        self.held |= _holdout([a for ns in self.names.values() for _, a, _ in ns if a], by_owner, 1, 2)
        self.held |= _holdout([a for ns in self.pnames.values() for _, a in ns if a], by_owner, 1, 2)
        self.held |= _holdout([f for ps in self.problems.values() for f, _, _ in ps], grp, 1, 3)
        self.held |= _holdout([f for ts in self.tasks.values() for f, _ in ts], grp, 1, 3)
        self.held |= _holdout([f for f, _ in self.joiners])
        self.held |= _holdout([f for by in self.polar.values() for xs in by.values() for f, _ in xs], grp, 1, 3)
        self.held |= _holdout([t.fam for t in self.polar_frames if int(t.fam.rsplit("#", 1)[1]) >= 2],
                              grp, 2, 3)
        self.held |= _holdout([t.fam for ts in self.show_frames.values() for t in ts
                               if int(t.fam.rsplit("#", 1)[1]) >= 2], grp, 2, 3)
        self.held |= _holdout([t.fam for by in self.sframes.values() for ts in by.values() for t in ts], grp, 1, 3)

    def _problem_call(self, s: Setting, p) -> dict | None:
        """A catalog problem as a model-form call; None when its value cannot be written from the text."""
        if p.action == "open":
            return {"action": "open", "page": p.value if p.value in self.cat.pages else s.page}
        call: dict[str, Any] = {"action": p.action, "setting": s.id}
        v, text = p.value, p.text
        if p.action in ("toggle", "get"):
            return call
        if p.action in ("increase", "decrease") and v is None:
            return {**call, "value": None}
        if s.kind == "toggle":
            v = v if isinstance(v, bool) else str(v).lower() in ("true", "on", "yes", "1")
        elif s.kind == "choice":
            v = {False: "off", True: "on"}.get(v, v) if isinstance(v, bool) else str(v)
            v = v if v in s.choice_ids else None
        elif s.kind == "text":
            v = str(v) if v is not None and f" {v} " in f"{text} " else None
        elif s.kind == "duration":
            v = "never" if v == 0 and p.action == "set" else find_duration(text, v)
            v = "null" if v is None and p.action != "set" else v
        elif isinstance(v, (int, float)) and float(v).is_integer():
            d = str(int(v))
            if re.search(rf"(?<!\d){d}(?!\d)", text) or int(v) in word_numbers(text):
                v = d
            elif p.action != "set":
                v = "null"  # an amount the text does not state is a vague one: the default step
            else:
                half = v == 50 and s.min == 0 and s.max == 100 and "half" in text
                v = "max" if v == s.max else "min" if v == s.min else "half" if half else None
        else:
            v = None
        return None if v is None else {**call, "value": None if v == "null" else v}

    # ------------------------------------------------------------------ names and values
    def _name(self, sid: str, det: bool, comps: list, plain: bool = False) -> Seg:
        names = self.names[sid]
        n, comp, verbal = self.r.choice(names)
        if verbal and self.r.random() < 0.85:  # verb-phrase names read badly in most frames
            n, comp, verbal = self.r.choice(self.nouns[sid])
        if plain and self.r.random() < 0.5:  # terse queries use the shortest name ("wifi", "dnd")
            n, comp, verbal = min(self.nouns[sid], key=lambda x: len(x[0]))
        if comp:
            comps.append(comp)
        n = n.lower() if self.r.random() < 0.7 else n
        if det and not verbal and not plain:
            r = self.r.random()
            n = ("the " + n) if r < 0.22 else ("my " + n) if r < 0.32 else n
        return Seg(n)

    def _number(self, n: int) -> tuple[str, bool]:
        if n <= 999 and self.r.random() < 0.1:
            w = num_words(n)
            return (w.replace("-", " ") if self.r.random() < 0.4 else w), True
        return str(n), False

    def _range_value(self, s: Setting, amount: bool = False) -> int | None:
        lo, hi = (1, max(1, int(s.max - s.min) // 2)) if amount else (max(s.min, 0), s.max)
        if hi < lo or hi > 99999:  # the grammar writes at most 5 digits and no sign
            return None
        step, r = (s.step if float(s.step).is_integer() and not amount else 1), self.r.random()
        for _ in range(8):
            if amount:  # "by 10": small round steps, at most half the range
                v = self.r.choice((5, 10, 10, 15, 20, 25, 30, 2, 3)) if r < 0.8 else self.r.randint(1, hi)
            elif r < 0.5 and hi - lo >= 20:  # people mostly say round numbers
                v = 10 * self.r.randint(math.ceil(lo / 10), int(hi // 10))
            elif r < 0.7 and hi - lo >= 10:
                v = 5 * self.r.randint(math.ceil(lo / 5), int(hi // 5))
            else:
                v = self.r.randint(math.ceil(lo), int(hi))
            if lo <= v <= hi and (amount or (v - s.min) % step == 0):
                return int(v)
        return None

    def _duration(self, s: Setting, amount: bool = False) -> tuple[Seg, list] | None:
        pool = [a for a in s.allowed if a] if s.allowed and not amount else \
            [a for a in _DUR_POOL if s.max is None or a <= s.max]
        if not pool:
            return None
        secs = self.r.choice(pool)
        special = [x for x in self.v["duration_special"] if int(x[1]) * _SECS[x[2]] == secs]
        if special and self.r.random() < 0.3:
            t, n, u = self.r.choice(special)
            return Seg(t, "v"), [n, u]
        reps = ([(secs // 3600, "h")] if secs % 3600 == 0 else []) + \
            ([(secs // 60, "min")] * 2 if secs % 60 == 0 and secs <= 14400 else []) + \
            ([(secs, "s")] if secs % 60 or secs <= 180 else [])
        n, u = self.r.choice(reps)
        txt, word = self._number(n)
        full = {"s": " second", "min": " minute", "h": " hour"}[u]
        # full unit words agree in number ("1 minute", "5 minutes"); abbreviations go with any number
        words = [w for w in self.v["duration_units"][u] if not w.startswith(full) or (w == full) == (n == 1)]
        if word:
            words = [full if n == 1 else full + "s"]
            txt = self.r.choice(("one", "an" if u == "h" else "a")) if n == 1 else txt
        return Seg(txt + self.r.choice(words), "v"), [str(n), u]

    def _set_value(self, s: Setting) -> tuple[Seg, Any] | None:
        k, r, R = s.kind, self.r.random(), self.r
        if k == "range":
            if r < 0.07:
                return Seg(R.choice(self.v["max_words"]), "c"), "max"
            if r < 0.11:
                return Seg(R.choice(self.v["min_words"]), "c"), "min"
            if r < 0.14 and s.unit == "percent" and s.min == 0 and s.max == 100:
                return Seg(R.choice(self.v["half_words"]), "c"), "half"
            v = self._range_value(s)
            if v is None:
                return None
            txt, word = self._number(v)
            pats = ["{n}", "{n} percent"] if word and s.unit == "percent" else ["{n}"] if word else \
                self.v["percent"] if s.unit == "percent" else ["{n}" + u for u in self.v["units"].get(s.unit, [""])]
            return Seg(R.choice(pats).replace("{n}", txt), "v"), str(v)
        if k == "duration":
            if r < 0.08 and (not s.allowed or 0 in s.allowed):
                return Seg(R.choice(self.v["never_words"]), "c"), "never"
            if r < 0.12 and s.allowed:  # the grammar offers <max>/<min> only for fixed lists
                m = R.random() < 0.5
                return Seg(R.choice(self.v["max_words" if m else "min_words"]), "c"), "max" if m else "min"
            pool = [a // 60 for a in (s.allowed or _DUR_POOL) if a and a % 60 == 0 and a <= 14400
                    and (s.max is None or a <= s.max)]
            if r < 0.2 and pool:  # a bare number is minutes ("sleep after 15")
                n = R.choice(pool)
                return Seg(str(n), "v"), [str(n), "min"]
            return self._duration(s)
        if k == "choice":
            cid, phr = R.choice(self.cvals[s.id])
            return Seg(R.choice(phr), "c"), cid
        if s.id in self.text_pat and (r < 0.7 or not self.texts.get(s.id)):
            text = re.sub(r"\{(\w+)\}", lambda m: str(R.choice(self.text_slots[m.group(1)])),
                          R.choice(self.text_pat[s.id]))
        elif self.texts.get(s.id):
            text = R.choice(self.texts[s.id])
        else:
            return None
        seg = Seg(text, "v")
        return seg, seg

    def _amount(self, s: Setting) -> tuple[Seg, Any] | None:
        if s.kind == "duration":
            d = self._duration(s, amount=True)
            return d and (Seg(self.r.choice(self.v["amount_duration"]).replace("{d}", d[0].t), "v"), d[1])
        v = self._range_value(s, amount=True)
        if v is None:
            return None
        txt, word = self._number(v)
        pats = [p for p in self.v["amount"] if s.unit == "percent" and not word or not ("%" in p or "percent" in p)]
        return Seg(self.r.choice(pats).replace("{n}", txt), "v"), str(v)

    # ------------------------------------------------------------------ clauses
    def _fill(self, t: _T, slots: dict, comps: list, sid: str | None = None) -> list[Seg]:
        segs = []
        for is_slot, txt, det in t.parts:
            if not is_slot:
                segs.append(Seg(txt))
            elif txt == "x":
                segs.append(self._name(sid, det, comps, plain=t.fam.startswith("terse")))
            elif txt == "n":
                n = self.r.choice(slots["n"])
                segs.append(Seg(self.r.choice(("the ", "the ", "my ")) + n if det and n != "it"
                                and self.r.random() < 0.6 else n))
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
        """One request about one setting -> (segs, calls, comps, question, polite) or None."""
        s, r = self.cat.settings[sid], self.r
        call: dict[str, Any] = {"action": "set", "setting": sid}
        slots: dict[str, Any] = {}
        group, need = intent, None
        if intent in ("set_on", "set_off", "terse_on", "terse_off", "terse_bare", "toggle_complaint_off",
                      "toggle_complaint_on"):
            call["value"] = not intent.endswith("off")
        elif intent in ("toggle", "get", "terse_get"):
            call = {"action": "toggle" if intent == "toggle" else "get", "setting": sid}
            group = intent if intent != "get" else "get_toggle" if s.kind == "toggle" else "get_value"
        elif intent in ("set_value", "terse_value"):
            sv = self._set_value(s)
            if sv is None:
                return None
            slots["v"], call["value"] = sv
            need = (lambda t: t.vspace) if s.kind == "text" else None
        elif intent in ("range_max", "range_min", "range_half", "never"):
            call["value"] = intent[6:] or "never"
        elif intent == "reset":
            call["value"] = self._default(s)
            if call["value"] is None:
                return None
        elif intent in ("increase", "decrease", "terse_up", "terse_down", "generic_low", "generic_high", "it_up",
                        "it_down"):
            up = intent in ("increase", "terse_up", "generic_low", "it_up")
            call = {"action": "increase" if up else "decrease", "setting": sid, "value": None}
            slots["m"] = r.choice(self.v["vague_up" if up else "vague_down"])
        elif intent in ("increase_by", "decrease_by"):
            am = self._amount(s)
            if am is None:
                return None
            call = {"action": intent[:8], "setting": sid}
            slots["a"], call["value"] = am
        elif intent in ("comp_up", "comp_down", "too_high", "too_low"):
            c, up = self.comp[sid], intent in ("comp_up", "too_low")
            call = {"action": "increase" if up else "decrease", "setting": sid, "value": None}
            slots.update(n=c["nouns"], m2=r.choice(self.v["comp_mod"]),
                         j=r.choice(c["low" if intent == "too_low" else "high"]) if intent[:3] == "too" else "",
                         c=r.choice(c["up" if up else "down"]) if intent[:4] == "comp" else "")
            solo = self.owner.get(slots["c"] or slots["j"]) == sid
            need = lambda t: solo or any(p[0] and p[1] == "n" for p in t.parts)  # noqa: E731
        elif intent in ("choice_value", "choice_value_off"):
            cid, phrase = r.choice(self.value_only[sid])
            if intent.endswith("off"):
                cid = next(c.id for c in s.values if c.id != cid)
            slots["v"], call["value"] = Seg(phrase, "c"), cid
        elif intent == "open_setting":
            call = {"action": "open", "page": s.page}
        special = self._special(sid, intent, group, call, cmd_only, slots)
        if special is not None:
            return special
        t = self._pick(group, cmd_only, need)
        if t is None:
            return None
        comps = [t.fam]
        return self._fill(t, slots, comps, sid), [call], comps, t.question, t.polite

    def _special(self, sid: str, intent: str, group: str, call: dict, cmd_only: bool, slots: dict):
        """Now and then, the setting's own phrasing instead of a generic frame: a verb phrase with its value
        ("unmute the mic"), show/hide for things on screen, or a frame of its own ("sleep after {v}")."""
        r = self.r
        if intent in ("set_on", "set_off"):
            on = intent == "set_on"
            phrases = self.polar.get(sid, {}).get(on)
            if phrases and r.random() < 0.35:
                fam, p = r.choice(phrases)
                pool = [t for t in self.polar_frames if not cmd_only or ".cmd" in t.fam] or self.polar_frames
                t = r.choice(pool)
                return self._fill(t, {"p": Seg(p)}, []), [call], [t.fam, fam], t.question, t.polite
            if sid in self.showable and self.show_frames and r.random() < 0.3:
                t = r.choice(self.show_frames["on" if on else "off"])
                return self._fill(t, {"w": Seg(self._shown_name(sid))}, []), [call], [t.fam], t.question, t.polite
            return None
        frames = self.sframes.get(sid, {}).get(group)
        if not frames or r.random() >= 0.5:
            return None
        t = r.choice(frames)
        if any(p[0] and p[1] not in slots and p[1] != "x" for p in t.parts):
            return None
        comps = [t.fam]
        return self._fill(t, slots, comps, sid), [call], comps, t.question, t.polite

    def _shown_name(self, sid: str) -> str:
        """The thing a show/hide setting shows: a noun name, or the title without its leading "Show"."""
        n, comp, verbal = self.r.choice(self.names[sid])
        n = re.sub(r"(?i)^show\s+(me\s+)?", "", n) if verbal or n.lower().startswith("show ") else n
        return n.lower() if self.r.random() < 0.7 else n

    @staticmethod
    def _default(s: Setting) -> Any:
        """"default" (the grammar's <default>: the catalog default) where the setting has one."""
        return "default" if has_default(s) else None

    def _sid(self) -> str:
        return self.r.choices(self.sids, cum_weights=self.cum)[0]

    def _intent(self, s: Setting, terse: bool = False) -> str:
        r, R = self.r.random(), self.r
        if terse:
            return R.choice({"toggle": ("terse_on", "terse_off", "terse_bare", "terse_get"),
                             "range": ("terse_value", "terse_up", "terse_down", "terse_get"),
                             "duration": ("terse_value", "terse_up", "terse_down", "terse_get"),
                             }.get(s.kind, ("terse_value", "terse_value", "terse_get")))
        if s.kind == "toggle":
            return "set_on" if r < .36 else "set_off" if r < .68 else "toggle" if r < .78 else "get"
        if s.kind in ("range", "duration", "choice") and r > 0.96 and self._default(s) is not None:
            return "reset"
        if s.kind in ("range", "duration"):
            if s.id in self.comp and r < 0.18:
                return R.choice(("comp_up", "comp_down") + (("it_up", "it_down") if self.comp[s.id].get("pronoun")
                                                            else ()))
            if s.kind == "range" and r < 0.28:
                half = s.unit == "percent" and s.min == 0 and s.max == 100
                return R.choice(("range_max", "range_min") + (("range_half",) if half else ()))
            if s.kind == "duration" and r < 0.25 and (not s.allowed or 0 in s.allowed):
                return "never"
            r = R.random()
            return ("set_value" if r < .36 else "increase" if r < .55 else "decrease" if r < .74
                    else "increase_by" if r < .81 else "decrease_by" if r < .88 else "get")
        if s.kind == "choice" and s.id in self.value_only and r < 0.25:
            return "choice_value_off" if len(s.values) == 2 and r < 0.06 else "choice_value"
        return "set_value" if r < 0.74 else "get"

    # ------------------------------------------------------------------ record types
    def _page(self, pid: str, cmd_only: bool = False, title: bool = False):
        name, comp = self.pnames[pid][0] if title else self.r.choice(self.pnames[pid])
        t = self._pick("open_page", cmd_only)
        name = name.replace("&", "and") if "&" in name and self.r.random() < 0.5 else name
        segs = self._fill(t, {"p": name.lower() if self.r.random() < 0.7 else name}, [])
        return segs, [{"action": "open", "page": pid}], [t.fam] + ([comp] if comp else []), t.question, t.polite

    def _open(self):
        r = self.r.random()
        if r < 0.5 or not self.tasks:
            return self._page(self.r.choice(self.pids))
        if r < 0.75:
            return self._clause(self._sid(), "open_setting")
        if r < 0.8 and self.kw:
            k, pid = self.r.choice(self.kw)
            t = self._pick("open_keyword")
            return self._fill(t, {"k": k}, []), [{"action": "open", "page": pid}], [t.fam], t.question, False
        pid = self.r.choice(self.task_pids)
        fam, task = self.r.choice(self.tasks[pid])
        t = self._pick("open_task")
        return self._fill(t, {"t": task}, []), [{"action": "open", "page": pid}], [t.fam, fam], t.question, False

    def _indirect(self):
        if self.r.random() < 0.6:
            sid = self.r.choices(self.prob_sids, cum_weights=self.prob_cum)[0]
            if self.problems[sid]:
                fam, text, call = self.r.choice(self.problems[sid])
                v, q = call.get("value"), text.rstrip().endswith("?")
                if isinstance(v, str) and self.cat.settings[sid].kind == "text":  # the value stays a copyable Seg
                    i = text.index(" " + v) + 1
                    seg = Seg(v, "v")
                    segs = [Seg(text[:i]), seg] + ([Seg(text[i + len(v):])] if text[i + len(v):] else [])
                    return segs, [{**call, "value": seg}], [fam], q, False
                plain = not isinstance(v, (str, list)) or v in ("max", "min", "half")  # keep written values intact
                return [Seg(text, "f" if plain else "v")], [dict(call)], [fam], q, False
        sid = self._sid()
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
        sids = list(dict.fromkeys(r.choices(self.sids, cum_weights=self.cum, k=k + 2)))[:k]
        if r.random() < 0.5:  # people combine related settings: the same area ("sound.", "privacy.")
            area = [x for x in self.by_area[sids[0].split(".")[0]] if x != sids[0]]
            sids = [sids[0]] + r.sample(area, min(k - 1, len(area)))
        if len(sids) < 2:
            return None
        if r.random() < 0.3:
            return self._shared(sids)
        segs, calls, comps, family, first = [], [], [], "", None
        for i, sid in enumerate(sids):
            s = self.cat.settings[sid]
            intent = self._intent(s)
            if intent in ("comp_up", "comp_down", "it_up", "it_down", "get") and r.random() < 0.8:  # need a name
                intent = "set_value" if s.kind != "toggle" else "set_on"
            c = self._page(s.page, cmd_only=True) if r.random() < 0.07 else self._clause(sid, intent, cmd_only=i > 0)
            if c is None:
                return None
            if i:
                jfam, j = r.choice(self.joiners if segs[-1].k != "v" else self.sp_joiners)
                segs.append(Seg(j))
                comps.append(jfam)
                family = family or "multi." + jfam.split("#")[0]
            first = first or c
            segs, calls, comps = segs + c[0], calls + c[1], comps + c[2]
        return segs, calls, [family] + comps, first[3], first[4]

    def _shared(self, sids: list[str]):
        """One verb for several settings: "turn off wifi and bluetooth", "set volume and brightness to 50"."""
        comps: list[str] = []
        if all(s in self.showable for s in sids) and self.r.random() < 0.5 and "show" in self.shared:
            on = self.r.random() < 0.4
            t = self.r.choice(self.shared["show" if on else "hide"])
            calls = [{"action": "set", "setting": s, "value": on} for s in sids]
            names = [self._shown_name(s) for s in sids]
            xs = ", ".join(names[:-1]) + self.r.choice((" and ", ", and ", " & ")) + names[-1]
            return self._fill(t, {"xs": Seg(xs)}, comps), calls, ["multi.shared", t.fam], False, t.polite
        if all(self.cat.settings[s].kind == "toggle" for s in sids):
            on, v = self.r.random() < 0.5, None
            t = self.r.choice(self.shared["on" if on else "off"])
            calls = [{"action": "set", "setting": s, "value": on} for s in sids]
        else:
            sids = [s for s in sids if self.cat.settings[s].kind == "range" and self.cat.settings[s].min <= 0]
            hi = min((self.cat.settings[s].max for s in sids), default=0)
            if len(sids) < 2 or hi < 10:
                return None
            n = 5 * self.r.randint(1, int(hi // 5))
            v, t = Seg(str(n) + ("%" if self.r.random() < 0.4 else ""), "v"), self.r.choice(self.shared["value"])
            calls = [{"action": "set", "setting": s, "value": str(n)} for s in sids]
        names = [self._name(s, False, comps).t for s in sids]
        xs = ", ".join(names[:-1]) + self.r.choice((" and ", ", and ", " & ")) + names[-1]
        return self._fill(t, {"xs": Seg(xs), "v": v}, comps), calls, ["multi.shared", t.fam] + comps, False, t.polite

    def _nocall(self):
        fam = self.r.choice(list(self.nocall))
        for _ in range(5):
            t = self.r.choice(self.nocall[fam])
            segs = [Seg(p[1] if not p[0] else self.r.choice(self.nc_slots[p[1]])) for p in t.parts]
            # a "missing" setting must really be missing from this catalog
            if fam not in self.ph["nocall"]["filtered"] or not self.name_re or \
                    not self.name_re.search("".join(x.t for x in segs)):
                return segs, [], [t.fam], t.question, t.polite
        return None

    # ------------------------------------------------------------------ noise and assembly
    def _noise(self, segs: list[Seg]) -> bool:
        """Spelling variants, shorthand, keyboard slips, dropped apostrophes, casing. True if a typo was made."""
        r, typo = self.r, False
        if r.random() < 0.14:
            rx, table = self.am_br if r.random() < 0.75 else self.br_am
            for s in segs:
                if s.k != "v" and rx:
                    s.t = rx.sub(lambda m: table.get(m.group(1).lower(), m.group(1)), s.t)
        free = [s for s in segs if s.k == "f"]
        if r.random() < 0.12 and self.short[0]:
            rx, table = self.short
            for s in free:
                old = s.t
                s.t = rx.sub(lambda m: r.choice(table[m.group(1).lower()]) if r.random() < 0.6 else m.group(1), s.t)
                typo = typo or old != s.t
        if r.random() < 0.1 and free:
            for _ in range(r.choice((1, 1, 2))):
                s = r.choice(free)
                words = s.t.split(" ")
                idx = [i for i, w in enumerate(words) if len(w) >= 4 and w.isalpha()]
                if idx:
                    i = r.choice(idx)
                    words[i], typo = _typo(words[i], r), True
                    s.t = " ".join(words)
        if r.random() < 0.2 and any("'" in s.t for s in free):
            for s in free:
                s.t = s.t.replace("'", "")
            typo = True
        c = r.random()
        for s in segs if c < 0.55 else free if c < 0.58 else ():
            s.t = s.t.lower() if c < 0.55 else s.t.upper()
        return typo

    def _assemble(self, item, st: dict, terse: bool = False) -> tuple[str, list, list[str]]:
        segs, calls, comps, question, polite = item
        r = self.r
        if not terse and r.random() < 0.08:  # a rambling request: situation(s), bridge, the real ask
            bridges = [b for b in self.fill["bridge"] if polite or not b.endswith(("you ", "to "))]
            pre = r.choice(self.fill["situation"])
            if len(pre.split()) + len("".join(s.t for s in segs).split()) < 17:
                pre += r.choice((" and ", ". also ", ", plus ")) + r.choice(self.fill["situation"]).lower()
            segs = [Seg(pre + r.choice(bridges))] + segs
            if len("".join(s.t for s in segs).split()) < 20 and segs[-1].k != "v":
                segs.append(Seg(", " + r.choice(self.fill["afterthought"])))
            st["long"] += 1
        elif not terse or r.random() < 0.3:
            p = r.random()
            if polite and p < 0.22:
                segs = [Seg(r.choice(self.fill["polite"]) + " ")] + segs
            elif p < 0.32:
                segs = [Seg(r.choice(self.fill["prefix"]) + " ")] + segs
            if r.random() < 0.18 and segs[-1].k != "v":
                segs.append(Seg(" " + r.choice(self.fill["suffix"])))
        st["typo"] += self._noise(segs)
        if segs[-1].k != "v" and segs[-1].t[-1:].isalnum() and r.random() < 0.12:
            segs.append(Seg(r.choice("?" if question else ".!")))
        text = re.sub(" {2,}", " ", "".join(s.t for s in segs).strip())
        if r.random() < 0.04 and segs[0].k == "f" and text[:1].isalpha():
            text = text[0].upper() + text[1:]
        st["question"] += question
        return text, [{**c, "value": c["value"].t} if isinstance(c.get("value"), Seg) else c for c in calls], comps

    def generate(self, seed: int, n: int, stats: dict | None = None) -> tuple[list[dict], list[dict]]:
        self.r = r = random.Random(seed)
        st = dict.fromkeys(("typo", "long", "question", "nocall", "multi", "single", "indirect", "open", "terse",
                            "page", "conflict", "attempts"), 0)
        seen: dict[str, list] = {}
        conflicts: list = []
        train, val = [], []
        # coverage first: every action of every setting and every page, so that a small n covers the catalog
        todo = [("single", (sid, a), 0) for sid, s in self.cat.settings.items() for a in
                {"toggle": ("set_on", "set_off", "toggle", "get"), "choice": ("set_value", "get"),
                 "text": ("set_value", "get")}.get(s.kind, ("set_value", "increase", "decrease", "get"))]
        todo = [("page", pid, 0) for pid in self.cat.pages] + todo
        names, weights = [t for t, _ in _TYPES], list(itertools.accumulate(w for _, w in _TYPES))
        while len(seen) < n and st["attempts"] < n * 4 + 1000:
            st["attempts"] += 1
            kind, arg, tries = todo.pop() if todo else (r.choices(names, cum_weights=weights)[0], None, 0)
            if kind == "single":
                sid, intent = arg or (self._sid(), None)
                item = self._clause(sid, intent or self._intent(self.cat.settings[sid]))
            elif kind == "page":
                item = self._page(arg, title=True)
            elif kind == "terse":
                sid = self._sid()
                item = self._clause(sid, self._intent(self.cat.settings[sid], terse=True))
            else:
                item = getattr(self, "_" + kind)()
            if item is None:
                if arg and tries < 20:
                    todo.append((kind, arg, tries + 1))
                continue
            before = (st["typo"], st["long"], st["question"])
            text, calls, comps = self._assemble(item, st, terse=kind == "terse")
            held = [c for c in comps if c in self.held]
            if arg and (held or not text or text in seen) and tries < 20:  # coverage items must land in train
                todo.append((kind, arg, tries + 1))
                st["typo"], st["long"], st["question"] = before
                continue
            if not text or text in seen:
                if text and seen[text] != calls:  # one text, two labels: kept first, listed for review
                    st["conflict"] += 1
                    conflicts.append((text, seen[text], calls)) if len(conflicts) < 50 else None
                st["typo"], st["long"], st["question"] = before  # count kept records only
                continue
            seen[text] = calls
            (val if held else train).append({"text": text, "calls": calls, "family": held[0] if held else comps[0]})
            tag = "nocall" if not calls else "multi" if len(calls) > 1 else kind
            st[tag] += 1
        if stats is not None:
            stats.update(st, total=len(seen), train=len(train), val=len(val), conflicts=conflicts)
        return train, val


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z']+", text.lower())


def _shows(s: Setting, w: dict) -> bool:
    """A toggle that shows something on screen: "hide the widgets button" means it off."""
    t = s.title.lower()
    if t.startswith("show "):
        return True
    return s.id.startswith(("taskbar.", "desktop.icon_")) and not (set(_words(t)) & (w["polar"] | w["verbal"]))


def _typo(w: str, r: random.Random) -> str:
    """One keyboard slip inside a word: swap, drop, double or a neighbouring key."""
    i, op = r.randrange(1, len(w) - 1), r.random()
    if op < 0.3:
        return w[:i] + w[i + 1] + w[i] + w[i + 2:]
    if op < 0.6:
        return w[:i] + w[i + 1:]
    if op < 0.8:
        return w[:i] + w[i] + w[i:]
    near = dict(zip("asertionmtulhgdcbp", "saretoinmyykghsvvo"))
    return w[:i] + near.get(w[i], w[i]) + w[i + 1:]


def word_numbers(text: str) -> set[int]:
    """Numbers written in words anywhere in `text` ("seventy five" -> 75, also its parts)."""
    words = re.findall(r"[a-z]+(?:-[a-z]+)*", text.lower())
    out = set()
    for i in range(len(words)):
        for j in range(i + 1, min(i + 4, len(words)) + 1):
            n = parse_number(" ".join(words[i:j]))
            if n is not None and float(n).is_integer() and words[i] not in ("a", "an", "and"):
                out.add(int(n))
    return out


_DUR_RE = re.compile(r"(?<![\w.])(\d+|[a-z]+(?:[ -][a-z]+)?)\s?(hours?|hrs?|h|minutes?|mins?|m|seconds?|secs?|s)\b")


def find_duration(text: str, secs: Any) -> list | None:
    """[number, unit] as written in `text` for a duration of `secs` seconds, or None."""
    if not isinstance(secs, int):
        return None
    t = text.lower()
    if "half an hour" in t or "half hour" in t:
        return ["30", "min"] if secs == 1800 else None
    for num, unit in _DUR_RE.findall(t):
        u = "h" if unit.startswith("h") else "min" if unit.startswith("m") else "s"
        last = num.rsplit(" ", 1)[-1]
        n = int(num) if num.isdigit() else parse_number(num) if num not in ("a", "an") else 1
        if n is None and " " in num:  # "after an hour", "about ten minutes"
            n = 1 if last in ("a", "an") else parse_number(last)
        if n and float(n).is_integer() and int(n) * _SECS[u] == secs:
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
