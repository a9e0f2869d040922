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

import itertools
import json
import math
import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from ..calls import has_default
from ..catalog import Catalog, Setting
from ..settle import speed_move
from .problems import with_problems
from .synth_real import CORPUS, MAKERS, corpus, corpus_held
from .synth_records import RECORDS, assemble, page
from .synth_text import (  # noqa: F401 - find_duration, num_words and word_numbers are this module's API too
    SECS,
    Frame,
    Seg,
    find_duration,
    holdout,
    num_words,
    shows,
    split_title,
    superlative,
    text_words,
    word_numbers,
    word_pattern,
)

PHRASES = Path(__file__).with_name("phrases.yaml")
# record types and their shares (no-call stays above 10% after dedupe)
_TYPES = (
    ("single", 28),
    ("terse", 6),
    ("indirect", 12),
    ("open", 7),
    ("multi", 13),
    ("nocall", 10),
    ("procedural", 6),
    ("preamble", 5),
    ("titled", 5),
    ("compound", 5),
    ("phone", 2),
    ("in_app", 2),
    ("chat", 6),
)
_DUR_POOL = (15, 30, 45, 60, 90, 120, 180, 300, 600, 900, 1200, 1500, 1800, 2700, 3600, 5400, 7200, 10800, 14400, 18000)


_STATS = (
    "typo",
    "long",
    "question",
    "nocall",
    "multi",
    "single",
    "indirect",
    "open",
    "terse",
    "page",
    "conflict",
    "attempts",
)


@dataclass
class _Draw:
    """One generate() call's progress: counts, coverage items left, texts seen (with their calls), records."""

    st: dict
    todo: list
    seen: dict = field(default_factory=dict)
    conflicts: list = field(default_factory=list)
    train: list = field(default_factory=list)
    val: list = field(default_factory=list)


def _choice_phrases(c, siblings=()) -> list[str]:
    """How a request may name a choice: its label without parentheses (with their words when that is another
    choice's label: "Landscape (flipped)" is "landscape flipped", not "Landscape"), its aliases, its id in words."""
    label = re.sub(r"\s*\([^)]*\)", "", c.label).strip()
    if label.lower() in {re.sub(r"\s*\([^)]*\)", "", o.label).strip().lower() for o in siblings if o.id != c.id}:
        label = re.sub(r"[()]", "", c.label).strip()
    return list(dict.fromkeys(x for x in (label, *c.aliases, c.id.replace("_", " ")) if x))


def _names_a_value(x: str, counts: dict, taken: set) -> bool:
    """Whether a choice phrase alone names its value: two words or more, of one choice only, no other setting's
    name, no digits ("dark mode")."""
    return len(x.split()) >= 2 and counts[x.lower()] == 1 and x.lower() not in taken and not re.search(r"\d", x)


# terse requests per kind ("wifi off", "brightness 40"), and the shares of a range or duration's intents
_TERSE = {
    "toggle": ("terse_on", "terse_off", "terse_bare", "terse_get"),
    "range": ("terse_value", "terse_up", "terse_down", "terse_get"),
    "duration": ("terse_value", "terse_up", "terse_down", "terse_get"),
}
_SCALAR_SHARES = (
    (0.36, "set_value"),
    (0.55, "increase"),
    (0.74, "decrease"),
    (0.81, "increase_by"),
    (0.88, "decrease_by"),
)


def _share(r: float, shares: tuple[tuple[float, str], ...], rest: str) -> str:
    """The first intent whose cumulative share `r` falls under, else `rest`."""
    return next((intent for bound, intent in shares if r < bound), rest)


class Intent(NamedTuple):
    """What a clause says about its setting before a frame is picked: the call, the slot fillers, the frame
    group, and a condition the frame must meet (or None)."""

    call: dict
    slots: dict
    group: str
    need: Callable | None = None


# intent -> the Synth method that makes its call and slots; an intent not listed is a plain set-call.
_INTENTS = {
    **dict.fromkeys(
        ("set_on", "set_off", "terse_on", "terse_off", "terse_bare", "toggle_complaint_off", "toggle_complaint_on"),
        "_i_polar",
    ),
    **dict.fromkeys(("toggle", "get", "terse_get"), "_i_toggle_or_get"),
    **dict.fromkeys(("set_value", "terse_value"), "_i_value"),
    **dict.fromkeys(("range_max", "range_min", "range_half", "never"), "_i_extreme"),
    "reset": "_i_reset",
    **dict.fromkeys(
        ("increase", "decrease", "terse_up", "terse_down", "generic_low", "generic_high", "it_up", "it_down"),
        "_i_vague",
    ),
    **dict.fromkeys(("increase_by", "decrease_by"), "_i_by"),
    **dict.fromkeys(("comp_up", "comp_down", "too_high", "too_low"), "_i_comparative"),
    **dict.fromkeys(("sup_max", "sup_min"), "_i_superlative"),
    **dict.fromkeys(("choice_value", "choice_value_off"), "_i_choice"),
    "open_setting": "_i_open",
}


class _Building:
    """Builds the material (see Material): each step sets the fields it makes."""

    def __init__(self, catalog: Catalog, phrases: dict | None = None):
        catalog = with_problems(catalog)
        ph = phrases or yaml.safe_load(PHRASES.read_text(encoding="utf-8"))
        self.cat, self.ph, self.v, self.fill = catalog, ph, ph["values"], ph["fillers"]
        self.w = {k: set(v) for k, v in ph["words"].items()}
        self._frames()
        self._toggle_phrasing()
        self._names()
        self._values()
        self._problems_and_tasks()
        self._holdouts()
        self._shares()
        spell = ph.get("spelling") or {}
        self.am_br, self.br_am = (
            (word_pattern(spell), spell),
            (word_pattern(spell.values()), {b: a for a, b in spell.items()}),
        )
        self.short = (word_pattern(ph.get("shorthand") or {}), ph.get("shorthand") or {})
        self.name_re = word_pattern(n for n in self.all_names if len(n) >= 4)

    # ------------------------------------------------------------------ phrases and catalog material
    def _frames(self) -> None:
        """The request frames by group (and the command-only ones), shared-verb, polar, show and no-call frames,
        and the joiners between clauses."""
        ph, w = self.ph, self.w
        self.groups = {
            g: [
                Frame(f"{g}.{sub}#{i}", t, w, sub.startswith("cmd"))
                for sub, ts in subs.items()
                for i, t in enumerate(ts)
            ]
            for g, subs in ph["frames"].items()
        }
        self.cmd = {g: [t for t in ts if ".cmd" in t.fam] for g, ts in self.groups.items()}
        self.shared = {
            k: [Frame(f"shared.{k}#{i}", t, w, True) for i, t in enumerate(ts)] for k, ts in ph["shared_verb"].items()
        }
        self.polar_frames = [
            Frame(f"polar.{sub}#{i}", t, w, sub == "cmd")
            for sub, ts in (ph.get("polar_frames") or {}).items()
            for i, t in enumerate(ts)
        ]
        self.show_frames = {
            k: [Frame(f"show.{k}#{i}", t, w, True) for i, t in enumerate(ts)]
            for k, ts in (ph.get("show_frames") or {}).items()
        }
        self.joiners = [(f"join.{k}#{i}", j) for k, js in ph["joiners"].items() for i, j in enumerate(js)]
        self.sp_joiners = [j for j in self.joiners if j[1].startswith(" ")]  # after a copied value
        self.nocall = {
            f: [Frame(f"nocall.{f}#{i}", t, w, f in ph["nocall"]["polite"]) for i, t in enumerate(ts)]
            for f, ts in ph["nocall"]["families"].items()
        }
        self.nc_slots = {k: [str(x) for x in v] for k, v in ph["nocall"]["slots"].items()}

    def _toggle_phrasing(self) -> None:
        """Verb phrases with their value per toggle ("unmute the mic" -> false; a family per phrase), frames of
        a setting's own, and the toggles that show or hide something on screen."""
        ph, w, settings = self.ph, self.w, self.cat.settings
        self.polar = {
            sid: {on == "on": [(f"phrase:{sid}:{on}#{i}", x) for i, x in enumerate(xs)] for on, xs in by.items()}
            for sid, by in (ph.get("toggle_phrases") or {}).items()
            if sid in settings and settings[sid].kind == "toggle"
        }
        self.sframes = {
            sid: {g: [Frame(f"sf.{sid}.{g}#{i}", t, w, True) for i, t in enumerate(ts)] for g, ts in by.items()}
            for sid, by in (ph.get("setting_frames") or {}).items()
            if sid in settings
        }
        self.showable = {sid for sid, st in settings.items() if st.kind == "toggle" and shows(st, w)}

    def _problems_and_tasks(self) -> None:
        """The catalog's problems as (family, text, call) per setting, and the page tasks per page."""
        self.problems = {
            s.id: [
                (f"problem:{s.id}#{i}", p.text, c)
                for i, p in enumerate(s.problems)
                if (c := self._problem_call(s, p)) is not None
            ]
            for s in self.cat.settings.values()
        }
        self.tasks = {
            pid: [(f"task:{pid}#{i}", t) for i, t in enumerate(ts)]
            for pid, ts in (self.ph.get("page_tasks") or {}).items()
            if pid in self.cat.pages
        }

    def _shares(self) -> None:
        """How often each setting is drawn: common settings get more data (a priority-1 setting still gets 1/25 of
        a priority-5 one); for problems, priority plus how many it has."""
        settings = self.cat.settings
        self.sids, self.pids, self.task_pids = list(settings), list(self.cat.pages), list(self.tasks)
        self.by_area: dict[str, list[str]] = {}
        for sid in self.sids:
            self.by_area.setdefault(sid.split(".")[0], []).append(sid)
        self.cum = list(itertools.accumulate(settings[s].priority ** 2 for s in self.sids))
        self.prob_sids = [s for s in self.sids if self.problems[s]] or self.sids
        self.prob_cum = list(itertools.accumulate(settings[s].priority + len(self.problems[s]) for s in self.prob_sids))

    def _names(self) -> None:
        """Names of every setting and page (title, aliases), what a name may be used for, keywords that name a
        page, conditioned variants of a setting, and comparatives."""
        cat, owners, powners = self.cat, {}, {}
        for s in cat.settings.values():
            for n in (s.title, *s.aliases):
                owners.setdefault(n.lower(), set()).add(s.id)
        for p in cat.pages.values():
            for n in (p.title, *p.aliases):
                powners.setdefault(n.lower(), set()).add(p.id)
        self.all_names, self.names = set(owners) | set(powners), {}
        bare = {}  # titles without their parentheses: "Brightness (external monitor)" is no plain "Brightness"
        for s in cat.settings.values():
            bare.setdefault(split_title(s.title)[0].lower(), set()).add(s.id)
        self._qualified(bare)
        for s in cat.settings.values():
            self.names[s.id] = self._setting_names(s, owners, bare) or [(s.title, None, False)]
        self.nouns = {sid: [n for n in ns if not n[2]] or ns for sid, ns in self.names.items()}
        self.pnames = {
            p.id: [(p.title, None)]
            + [
                (a, f"palias:{p.id}:{a.lower()}")
                for a in dict.fromkeys(a.lower() for a in p.aliases)
                if len(powners[a]) == 1 and a != p.title.lower()
            ]
            for p in cat.pages.values()
        }
        self._keywords()
        self._comparatives()

    def _qualified(self, bare: dict[str, set[str]]) -> None:
        """ "Turn off my screen after (on battery)" is "Turn off my screen after" under a condition: {condition:
        {plain setting: conditioned one}} for requests that state the condition once for several asks."""
        cat, self.qualified = self.cat, {}
        for ids in bare.values():
            plain = [i for i in ids if split_title(cat.settings[i].title)[1] is None]
            for i in ids - set(plain[:1]) if len(plain) == 1 else ():
                a, b = cat.settings[plain[0]], cat.settings[i]
                if (a.kind, a.min, a.max, a.allowed, a.choice_ids) == (b.kind, b.min, b.max, b.allowed, b.choice_ids):
                    self.qualified.setdefault(split_title(b.title)[1].lower(), {})[a.id] = b.id
        self.qualified = {q: m for q, m in self.qualified.items() if len(m) > 1}

    def _setting_names(self, s: Setting, owners: dict, bare: dict) -> list[tuple[str, str | None, bool]]:
        """(name, its alias family or None for the title, whether it starts with a verb) of one setting."""
        out, low, w = [], set(), self.w  # names compared case-blind: "filter keys" must not be both title and held out
        title_words = set(text_words(s.title))
        for i, n in enumerate((s.title, *s.aliases)):
            n, qual = split_title(n)
            if not i and qual and len(bare[n.lower()]) > 1:  # keep the qualifier: "... after on battery"
                n = f"{n} {qual}"
            if n.lower() in low or (i and (set(text_words(n)) & w["polar"]) - title_words):
                continue  # "unmute" is no name of Mute: "turn on unmute" would teach the wrong value
            low.add(n.lower())
            if n and not (i and len(owners.get(n.lower(), ())) > 1):  # a shared alias would teach wrong labels
                out.append((n, f"alias:{s.id}:{n.lower()}" if i else None, n.split()[0].lower() in w["verbal"]))
        return out

    def _keywords(self) -> None:
        """Keywords that name a page: only those every setting using them lives on."""
        kw = {}
        for s in self.cat.settings.values():
            for k in s.keywords:
                kw.setdefault(k.lower(), set()).add(s.page)
        self.kw = [
            (k, next(iter(ps)))
            for k, ps in sorted(kw.items())
            if len(ps) == 1
            and k not in self.all_names
            and re.fullmatch(r"[a-z][a-z -]{2,24}", k)
            and not set(k.split()) & self.w["not_noun"]
        ]

    def _comparatives(self) -> None:
        """Comparatives per range setting; a comparative or adjective alone ("louder", "too dim") means the most
        common setting using it."""
        cat = self.cat
        self.comp = {
            sid: c
            for sid, c in (self.ph.get("comparatives") or {}).items()
            if sid in cat.settings and cat.settings[sid].kind in ("range", "duration")
        }
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
                self.cvals[s.id] = [(c.id, _choice_phrases(c, s.values)) for c in s.values]
                for _, phr in self.cvals[s.id]:
                    for x in phr:
                        counts[x.lower()] = counts.get(x.lower(), 0) + 1
        self.value_only = {}
        for sid, vals in self.cvals.items():
            taken = {n.lower() for o, ns in self.names.items() if o != sid for n, _, _ in ns}
            ok = [(cid, x) for cid, phr in vals for x in phr if _names_a_value(x, counts, taken)]
            if ok:
                self.value_only[sid] = ok
        self.text_pat = {
            sid: ps
            for sid, ps in (self.ph.get("text_patterns") or {}).items()
            if sid in self.cat.settings and self.cat.settings[sid].kind == "text"
        }
        self.text_slots = self.ph.get("text_slots") or {}
        pools = self.ph.get("text_values") or {}
        self.texts = {
            s.id: list(dict.fromkeys(v for v in (*pools.get(s.id, ()), *s.examples) if v and v.strip() == v))
            for s in self.cat.settings.values()
            if s.kind == "text"
        }

    def _holdouts(self) -> None:
        # the first two templates of each sub-family are the canonical phrasings: always trained on
        frames = [
            t.fam
            for ts in (*self.groups.values(), *self.shared.values(), *self.nocall.values())
            for t in ts
            if int(t.fam.rsplit("#", 1)[1]) >= 2
        ]
        grp = lambda f: f.split("#")[0]  # noqa: E731
        self.held = holdout(frames, grp, per_group=2, min_size=3)
        by_owner = lambda a: a.split(":")[1]  # noqa: E731
        self.held |= holdout([a for ns in self.names.values() for _, a, _ in ns if a], by_owner, 1, 2)
        self.held |= holdout([a for ns in self.pnames.values() for _, a in ns if a], by_owner, 1, 2)
        self.held |= holdout([f for ps in self.problems.values() for f, _, _ in ps], grp, 1, 3)
        self.held |= holdout([f for ts in self.tasks.values() for f, _ in ts], grp, 1, 3)
        self.held |= holdout([f for f, _ in self.joiners])
        self.held |= holdout([f for by in self.polar.values() for xs in by.values() for f, _ in xs], grp, 1, 3)
        self.held |= holdout([t.fam for t in self.polar_frames if int(t.fam.rsplit("#", 1)[1]) >= 2], grp, 2, 3)
        self.held |= holdout(
            [t.fam for ts in self.show_frames.values() for t in ts if int(t.fam.rsplit("#", 1)[1]) >= 2], grp, 2, 3
        )
        self.held |= holdout([t.fam for by in self.sframes.values() for ts in by.values() for t in ts], grp, 1, 3)
        self.held |= corpus_held(f for _, f in corpus(CORPUS))

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


@dataclass(frozen=True)
class Material:
    """What the synthesiser draws from, built once from the catalog and the phrases and never changed after:
    frames, names, values, problems, held-out families, shares and text patterns (see _Building's steps)."""

    fill: Any
    w: Any
    br_am: Any
    short: Any
    name_re: Any
    groups: Any
    cmd: Any
    shared: Any
    polar_frames: Any
    show_frames: Any
    joiners: Any
    sp_joiners: Any
    nocall: Any
    nc_slots: Any
    polar: Any
    sframes: Any
    showable: Any
    problems: Any
    tasks: Any
    task_pids: Any
    by_area: Any
    cum: Any
    prob_sids: Any
    prob_cum: Any
    names: Any
    nouns: Any
    pnames: Any
    qualified: Any
    kw: Any
    comp: Any
    owner: Any
    value_only: Any
    text_pat: Any
    text_slots: Any
    texts: Any
    held: Any
    cat: Any
    ph: Any
    v: Any
    am_br: Any
    sids: Any
    pids: Any
    all_names: Any
    cvals: Any


def material(catalog: Catalog, phrases: dict | None = None) -> Material:
    """The material for `catalog` (its shipped problems merged in) and the phrases (default: phrases.yaml)."""
    built = _Building(catalog, phrases)
    return Material(**{f.name: getattr(built, f.name) for f in fields(Material)})


class Synth:
    """Draws training records from the material with one random generator (made by `generate`)."""

    def __init__(self, catalog: Catalog, phrases: dict | None = None):
        self.m = material(catalog, phrases)

    # ------------------------------------------------------------------ names and values
    def _name(self, sid: str, det: bool, comps: list, plain: bool = False) -> Seg:
        names = self.m.names[sid]
        n, comp, verbal = self.r.choice(names)
        if verbal and self.r.random() < 0.85:  # verb-phrase names read badly in most frames
            n, comp, verbal = self.r.choice(self.m.nouns[sid])
        if plain and self.r.random() < 0.5:  # terse queries use the shortest name ("wifi", "dnd")
            n, comp, verbal = min(self.m.nouns[sid], key=lambda x: len(x[0]))
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
        pool = (
            [a for a in s.allowed if a]
            if s.allowed and not amount
            else [a for a in _DUR_POOL if s.max is None or a <= s.max]
        )
        if not pool:
            return None
        secs = self.r.choice(pool)
        special = [x for x in self.m.v["duration_special"] if int(x[1]) * SECS[x[2]] == secs]
        if special and self.r.random() < 0.3:
            t, n, u = self.r.choice(special)
            return Seg(t, "v"), [n, u]
        reps = (
            ([(secs // 3600, "h")] if secs % 3600 == 0 else [])
            + ([(secs // 60, "min")] * 2 if secs % 60 == 0 and secs <= 14400 else [])
            + ([(secs, "s")] if secs % 60 or secs <= 180 else [])
        )
        n, u = self.r.choice(reps)
        txt, word = self._number(n)
        full = {"s": " second", "min": " minute", "h": " hour"}[u]
        # full unit words agree in number ("1 minute", "5 minutes"); abbreviations go with any number
        words = [w for w in self.m.v["duration_units"][u] if not w.startswith(full) or (w == full) == (n == 1)]
        if word:
            words = [full if n == 1 else full + "s"]
            txt = self.r.choice(("one", "an" if u == "h" else "a")) if n == 1 else txt
        return Seg(txt + self.r.choice(words), "v"), [str(n), u]

    def _set_value(self, s: Setting) -> tuple[Seg, Any] | None:
        """A value to set `s` to, as the request says it (a Seg) and as the call holds it; None when none fits."""
        r, R = self.r.random(), self.r  # drawn first, whatever the kind: the data of a seed depends on it
        if s.kind == "range":
            return self._range_set(s, r)
        if s.kind == "duration":
            return self._duration_set(s, r)
        if s.kind == "choice":
            cid, phr = R.choice(self.m.cvals[s.id])
            return Seg(R.choice(phr), "c"), cid
        if s.id in self.m.text_pat and (r < 0.7 or not self.m.texts.get(s.id)):
            slot = lambda m: str(R.choice(self.m.text_slots[m.group(1)]))  # noqa: E731
            text = re.sub(r"\{(\w+)\}", slot, R.choice(self.m.text_pat[s.id]))
        elif self.m.texts.get(s.id):
            text = R.choice(self.m.texts[s.id])
        else:
            return None
        seg = Seg(text, "v")
        return seg, seg

    def _range_set(self, s: Setting, r: float) -> tuple[Seg, Any] | None:
        R, v = self.r, self.m.v
        if r < 0.07:
            return Seg(R.choice(v["max_words"]), "c"), "max"
        if r < 0.11:
            return Seg(R.choice(v["min_words"]), "c"), "min"
        if r < 0.14 and s.unit == "percent" and s.min == 0 and s.max == 100:
            return Seg(R.choice(v["half_words"]), "c"), "half"
        n = self._range_value(s)
        if n is None:
            return None
        txt, word = self._number(n)
        if word:
            pats = ["{n}", "{n} percent"] if s.unit == "percent" else ["{n}"]
        else:
            pats = v["percent"] if s.unit == "percent" else ["{n}" + u for u in v["units"].get(s.unit, [""])]
        return Seg(R.choice(pats).replace("{n}", txt), "v"), str(n)

    def _duration_set(self, s: Setting, r: float) -> tuple[Seg, Any] | None:
        R = self.r
        if r < 0.08 and (not s.allowed or 0 in s.allowed):
            return Seg(R.choice(self.m.v["never_words"]), "c"), "never"
        if r < 0.12 and s.allowed:  # the grammar offers <max>/<min> only for fixed lists
            m = R.random() < 0.5
            return Seg(R.choice(self.m.v["max_words" if m else "min_words"]), "c"), "max" if m else "min"
        pool = [
            a // 60
            for a in (s.allowed or _DUR_POOL)
            if a and a % 60 == 0 and a <= 14400 and (s.max is None or a <= s.max)
        ]
        if r < 0.2 and pool:  # a bare number is minutes ("sleep after 15")
            n = R.choice(pool)
            return Seg(str(n), "v"), [str(n), "min"]
        return self._duration(s)

    def _amount(self, s: Setting) -> tuple[Seg, Any] | None:
        if s.kind == "duration":
            d = self._duration(s, amount=True)
            return d and (Seg(self.r.choice(self.m.v["amount_duration"]).replace("{d}", d[0].t), "v"), d[1])
        v = self._range_value(s, amount=True)
        if v is None:
            return None
        txt, word = self._number(v)
        pats = [p for p in self.m.v["amount"] if s.unit == "percent" and not word or not ("%" in p or "percent" in p)]
        return Seg(self.r.choice(pats).replace("{n}", txt), "v"), str(v)

    # ------------------------------------------------------------------ clauses
    def _fill(self, t: Frame, slots: dict, comps: list, sid: str | None = None) -> list[Seg]:
        segs = []
        for is_slot, txt, det in t.parts:
            if not is_slot:
                segs.append(Seg(txt))
            elif txt == "x":
                named = slots.get("x") or self._name(sid, det, comps, plain=t.fam.startswith("terse"))
                segs.append(named)
            elif txt == "n":
                n = self.r.choice(slots["n"])
                segs.append(
                    Seg(
                        self.r.choice(("the ", "the ", "my ")) + n if det and n != "it" and self.r.random() < 0.6 else n
                    )
                )
            else:
                v = slots[txt]
                segs.append(v if isinstance(v, Seg) else Seg(v))
        return segs

    def _pick(self, group: str, cmd_only: bool = False, need=None) -> Frame | None:
        pool = self.m.cmd[group] if cmd_only and self.m.cmd[group] else self.m.groups[group]
        for _ in range(6):
            t = self.r.choice(pool)
            if need is None or need(t):
                return t
        return None

    def _clause(self, sid: str, intent: str, cmd_only: bool = False):
        """One request about one setting -> (segs, calls, comps, question, polite) or None."""
        s = self.m.cat.settings[sid]
        built = Intent({"action": "set", "setting": sid}, {}, intent)
        handler = _INTENTS.get(intent)
        if handler is not None:
            built = getattr(self, handler)(s, intent, built)
            if built is None:
                return None
        call, slots, group, need = built
        special = self._special(sid, intent, group, call, cmd_only, slots)
        if special is not None:
            return special
        t = self._pick(group, cmd_only, need)
        if t is None:
            return None
        comps = [t.fam]
        segs = self._fill(t, slots, comps, sid)
        if call["action"] in ("increase", "decrease"):
            move = speed_move(s, "".join(g.t for g in segs))  # "blink speed up" is a shorter blink time
            call = {**call, "action": move or call["action"]}
        return segs, [call], comps, t.question, t.polite

    # Each intent's call and slots (the _INTENTS table names the method): `base` is a set-call without a value,
    # the intent's own frame group and no condition on the frame; None when the setting cannot say it.
    def _i_polar(self, s: Setting, intent: str, base: Intent) -> Intent:
        on = not intent.endswith("off")
        # "turn off auto-rotate": Rotation lock on (not "turn on block camera": a name that turns itself reads badly)
        opposites = [o for o in s.opposites if not set(text_words(o)) & self.m.w["polar"]]
        if opposites and self.r.random() < 0.3:
            return base._replace(call={**base.call, "value": not on}, slots={"x": Seg(self.r.choice(opposites))})
        return base._replace(call={**base.call, "value": on})

    def _i_toggle_or_get(self, s: Setting, intent: str, base: Intent) -> Intent:
        group = intent if intent != "get" else "get_toggle" if s.kind == "toggle" else "get_value"
        return base._replace(call={"action": "toggle" if intent == "toggle" else "get", "setting": s.id}, group=group)

    def _i_value(self, s: Setting, intent: str, base: Intent) -> Intent | None:
        sv = self._set_value(s)
        if sv is None:
            return None
        need = (lambda t: t.vspace) if s.kind == "text" else None
        return base._replace(call={**base.call, "value": sv[1]}, slots={"v": sv[0]}, need=need)

    def _i_extreme(self, s: Setting, intent: str, base: Intent) -> Intent:
        return base._replace(call={**base.call, "value": intent[6:] or "never"})

    def _i_reset(self, s: Setting, intent: str, base: Intent) -> Intent | None:
        value = self._default(s)
        return None if value is None else base._replace(call={**base.call, "value": value})

    def _i_vague(self, s: Setting, intent: str, base: Intent) -> Intent:
        up = intent in ("increase", "terse_up", "generic_low", "it_up")
        call = {"action": "increase" if up else "decrease", "setting": s.id, "value": None}
        return base._replace(call=call, slots={"m": self.r.choice(self.m.v["vague_up" if up else "vague_down"])})

    def _i_by(self, s: Setting, intent: str, base: Intent) -> Intent | None:
        am = self._amount(s)
        if am is None:
            return None
        return base._replace(call={"action": intent[:8], "setting": s.id, "value": am[1]}, slots={"a": am[0]})

    def _i_comparative(self, s: Setting, intent: str, base: Intent) -> Intent:
        r, c, up = self.r, self.m.comp[s.id], intent in ("comp_up", "too_low")
        slots = dict(
            n=c["nouns"],
            m2=r.choice(self.m.v["comp_mod"]),
            j=r.choice(c["low" if intent == "too_low" else "high"]) if intent[:3] == "too" else "",
            c=r.choice(c["up" if up else "down"]) if intent[:4] == "comp" else "",
        )
        call = {"action": "increase" if up else "decrease", "setting": s.id, "value": None}
        return base._replace(call=call, slots=slots, need=self._names_it(s.id, slots["c"] or slots["j"]))

    def _i_superlative(self, s: Setting, intent: str, base: Intent) -> Intent | None:
        """ "the loudest it goes" -> max"""
        c, up = self.m.comp[s.id], intent == "sup_max"
        sups = [w for w in map(superlative, c["up" if up else "down"]) if w]
        if not sups:
            return None
        slots = dict(n=c["nouns"], s=self.r.choice(sups), s2=self.r.choice(c["high" if up else "low"][:1]))
        return base._replace(
            call={**base.call, "value": intent[4:]},
            slots=slots,
            need=self._names_it(s.id, c["up" if up else "down"][0]),
        )

    def _i_choice(self, s: Setting, intent: str, base: Intent) -> Intent:
        cid, phrase = self.r.choice(self.m.value_only[s.id])
        if intent.endswith("off"):
            cid = next(c.id for c in s.values if c.id != cid)
        return base._replace(call={**base.call, "value": cid}, slots={"v": Seg(phrase, "c")})

    def _i_open(self, s: Setting, intent: str, base: Intent) -> Intent:
        return base._replace(call={"action": "open", "page": s.page})

    def _names_it(self, sid: str, word: str):
        """A frame condition: a word that belongs to this setting alone names it; otherwise the frame must have
        a slot for the setting's noun."""
        solo = self.m.owner.get(word) == sid
        return lambda t: solo or any(p[0] and p[1] == "n" for p in t.parts)

    def _special(self, sid: str, intent: str, group: str, call: dict, cmd_only: bool, slots: dict):
        """Now and then, the setting's own phrasing instead of a generic frame: a verb phrase with its value
        ("unmute the mic"), show/hide for things on screen, or a frame of its own ("sleep after {v}")."""
        r = self.r
        if intent in ("set_on", "set_off"):
            on = intent == "set_on"
            phrases = self.m.polar.get(sid, {}).get(on)
            if phrases and r.random() < 0.35:
                fam, p = r.choice(phrases)
                pool = [t for t in self.m.polar_frames if not cmd_only or ".cmd" in t.fam] or self.m.polar_frames
                t = r.choice(pool)
                return self._fill(t, {"p": Seg(p)}, []), [call], [t.fam, fam], t.question, t.polite
            if sid in self.m.showable and self.m.show_frames and r.random() < 0.3:
                t = r.choice(self.m.show_frames["on" if on else "off"])
                return self._fill(t, {"w": Seg(self._shown_name(sid))}, []), [call], [t.fam], t.question, t.polite
            return None
        frames = self.m.sframes.get(sid, {}).get(group)
        if not frames or r.random() >= 0.5:
            return None
        t = r.choice(frames)
        if any(p[0] and p[1] not in slots and p[1] != "x" for p in t.parts):
            return None
        comps = [t.fam]
        return self._fill(t, slots, comps, sid), [call], comps, t.question, t.polite

    def _shown_name(self, sid: str) -> str:
        """The thing a show/hide setting shows: a noun name, or the title without its leading "Show"."""
        n, comp, verbal = self.r.choice(self.m.names[sid])
        n = re.sub(r"(?i)^show\s+(me\s+)?", "", n) if verbal or n.lower().startswith("show ") else n
        return n.lower() if self.r.random() < 0.7 else n

    @staticmethod
    def _default(s: Setting) -> Any:
        """ "default" (the grammar's <default>: the catalog default) where the setting has one."""
        return "default" if has_default(s) else None

    def _sid(self) -> str:
        return self.r.choices(self.m.sids, cum_weights=self.m.cum)[0]

    def _intent(self, s: Setting, terse: bool = False) -> str:
        """What one request about `s` asks (an _INTENTS key), drawn by the shares of its kind."""
        r, R = self.r.random(), self.r
        if terse:
            return R.choice(_TERSE.get(s.kind, ("terse_value", "terse_value", "terse_get")))
        if s.kind == "toggle":
            return _share(r, ((0.36, "set_on"), (0.68, "set_off"), (0.78, "toggle")), "get")
        if s.kind in ("range", "duration", "choice") and r > 0.96 and self._default(s) is not None:
            return "reset"
        if s.kind in ("range", "duration"):
            return self._scalar_intent(s, r)
        if s.kind == "choice" and s.id in self.m.value_only and r < 0.25:
            return "choice_value_off" if len(s.values) == 2 and r < 0.06 else "choice_value"
        return "set_value" if r < 0.74 else "get"

    def _scalar_intent(self, s: Setting, r: float) -> str:
        R = self.r
        if s.id in self.m.comp and r < 0.18:
            return R.choice(
                ("comp_up", "comp_down") + (("it_up", "it_down") if self.m.comp[s.id].get("pronoun") else ())
            )
        if s.kind == "range" and s.id in self.m.comp and r < 0.22:
            return R.choice(("sup_max", "sup_min"))
        if s.kind == "range" and r < 0.28:
            half = s.unit == "percent" and s.min == 0 and s.max == 100
            return R.choice(("range_max", "range_min") + (("range_half",) if half else ()))
        if s.kind == "duration" and r < 0.25 and (not s.allowed or 0 in s.allowed):
            return "never"
        return _share(R.random(), _SCALAR_SHARES, "get")

    def generate(
        self, seed: int, n: int, stats: dict | None = None, mix: Sequence[tuple[str, int]] | None = None
    ) -> tuple[list[dict], list[dict]]:
        self.r = r = random.Random(seed)
        run = _Draw(dict.fromkeys(_STATS, 0), self._coverage())
        names, weights = [t for t, _ in mix or _TYPES], list(itertools.accumulate(w for _, w in mix or _TYPES))
        while len(run.seen) < n and run.st["attempts"] < n * 4 + 1000:
            run.st["attempts"] += 1
            kind, arg, tries = run.todo.pop() if run.todo else (r.choices(names, cum_weights=weights)[0], None, 0)
            item = self._make(kind, arg)
            if item is None:
                if arg and tries < 20:
                    run.todo.append((kind, arg, tries + 1))
                continue
            self._keep(run, item, kind, arg, tries)
        if stats is not None:
            stats.update(run.st, total=len(run.seen), train=len(run.train), val=len(run.val), conflicts=run.conflicts)
        return run.train, run.val

    def _coverage(self) -> list[tuple]:
        """Every page and every action of every setting, first: a small n still covers the catalog."""
        actions = {
            "toggle": ("set_on", "set_off", "toggle", "get"),
            "choice": ("set_value", "get"),
            "text": ("set_value", "get"),
        }
        todo = [
            ("single", (sid, a), 0)
            for sid, s in self.m.cat.settings.items()
            for a in actions.get(s.kind, ("set_value", "increase", "decrease", "get"))
        ]
        return [("page", pid, 0) for pid in self.m.cat.pages] + todo

    def _make(self, kind: str, arg):
        """One item of this record type (for `arg`, when it is a coverage item), or None."""
        if kind == "single":
            sid, intent = arg or (self._sid(), None)
            return self._clause(sid, intent or self._intent(self.m.cat.settings[sid]))
        if kind == "page":
            return page(self, arg, title=True)
        if kind == "terse":
            sid = self._sid()
            return self._clause(sid, self._intent(self.m.cat.settings[sid], terse=True))
        return (MAKERS.get(kind) or RECORDS[kind])(self)

    def _keep(self, run: _Draw, item, kind: str, arg, tries: int) -> None:
        """The item as a record, in train or (a held-out family) val, unless its text is empty or seen; a
        coverage item that lands elsewhere is tried again."""
        st = run.st
        before = (st["typo"], st["long"], st["question"])
        text, calls, comps = assemble(self, item, st, terse=kind == "terse")
        calls = _with_required(self.m.cat, calls)
        held = [c for c in comps if c in self.m.held]
        if arg and (held or not text or text in run.seen) and tries < 20:  # coverage items must land in train
            run.todo.append((kind, arg, tries + 1))
            st["typo"], st["long"], st["question"] = before
            return
        if not text or text in run.seen:
            if text and run.seen[text] != calls:  # one text, two labels: kept first, listed for review
                st["conflict"] += 1
                run.conflicts.append((text, run.seen[text], calls)) if len(run.conflicts) < 50 else None
            st["typo"], st["long"], st["question"] = before  # count kept records only
            return
        run.seen[text] = calls
        (run.val if held else run.train).append({"text": text, "calls": calls, "family": held[0] if held else comps[0]})
        tag = "nocall" if not calls else "multi" if len(calls) > 1 else kind
        st[tag] = st.get(tag, 0) + 1


def _with_required(cat: Catalog, calls: list[dict]) -> list[dict]:
    """A change to a setting that takes effect only in another's state carries that state too, as mu plans it
    ("set workspaces to 6" also turns dynamic workspaces off)."""
    out: list[dict] = []
    for c in calls:
        taken = {o.get("setting") for o in [*calls, *out]}
        out += [
            {"action": "set", "setting": rid, "value": v}
            for rid, v in cat.prerequisites(c.get("setting"), c["action"], taken)
        ]
        out.append(c)
    return out


def generate(
    catalog: Catalog,
    seed: int,
    n: int,
    stats: dict | None = None,
    phrases: dict | None = None,
    mix: Sequence[tuple[str, int]] | None = None,
) -> tuple[list[dict], list[dict]]:
    """`n` distinct (text, calls) records for `catalog`, split into (train, val) by held-out family;
    `mix` ((record type, weight), ...) replaces the default shares of _TYPES."""
    return Synth(catalog, phrases).generate(seed, n, stats, mix)


def write_jsonl(path: str | Path, records: list[dict]) -> None:
    with open(path, "w", encoding="utf-8") as f:
        for rec in records:
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
