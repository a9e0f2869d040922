"""Record types in the shapes of real requests: UI paths, context preambles, issue and forum titles, compound
requests whose other half is no settings task, phone phrasing, in-app near misses, and real assistant requests
that are no settings request at all (corpora/not-settings.jsonl, CLINC150 and SLURP; its README has the licences).

Each maker takes the synthesiser (synth.Synth: catalog material, phrases, random generator) and returns a record
item (segs, calls, families, question, polite) or None; `MAKERS` maps record types to makers.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from .synth_records import indirect
from .synth_text import Seg, _h

CORPUS = Path(__file__).with_name("corpora") / "not-settings.jsonl"
HELD_INTENTS = 0.1
# replies, not tasks: no second half of a compound request
SHORT_INTENTS = {
    "yes",
    "no",
    "maybe",
    "thank_you",
    "goodbye",
    "greeting",
    "repeat",
    "cancel",
    "general_greet",
    "what_is_your_name",
    "oos",
}  # share of the corpus's intents held out for validation


@lru_cache(maxsize=2)
def corpus(path: Path = CORPUS) -> tuple[tuple[str, str], ...]:
    """(text, family) of every corpus request; () when the corpus is not installed."""
    if not path.exists():
        return ()
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        out.append((rec["text"], f"corpus:{rec['source']}:{rec['intent']}"))
    return tuple(out)


def corpus_held(fams) -> set[str]:
    """Whole intents held out (by hash), so validation sees requests of intents it never trained on."""
    return {f for f in set(fams) if _h(f) % 1000 < HELD_INTENTS * 1000}


def _slots(sy, text: str) -> str:
    ph = sy.m.ph["real"]
    return re.sub(r"\{(\w+)\}", lambda m: str(sy.r.choice(ph[m.group(1)])) if m.group(1) in ph else m.group(0), text)


def _case(sy, text: str) -> str:
    """Corpus requests are lower case: re-case some, with or without closing punctuation."""
    r = sy.r.random()
    text = text[0].upper() + text[1:] if r < 0.4 else text.capitalize() if r < 0.5 else text
    if sy.r.random() < 0.3 and text[-1:].isalnum():
        text += (
            sy.r.choice(".?!") if not re.match(r"(what|how|when|where|who|is|are|can|do|does)\b", text.lower()) else "?"
        )
    return text


def _pick(sy, pool: str, fam: str, comps: list) -> str:
    items = sy.m.ph["real"][pool]
    i = sy.r.randrange(len(items))
    comps.append(f"real.{fam}#{i}")
    return _slots(sy, items[i])


def _ask(sy, toggle_only: bool = False):
    """One ask about one setting, as an imperative: (segs, calls, comps) or None."""
    sid = sy._sid()
    s = sy.m.cat.settings[sid]
    if toggle_only and s.kind != "toggle":
        return None
    intent = sy._intent(s)
    if intent in ("get", "comp_up", "comp_down", "it_up", "it_down"):
        intent = "set_on" if s.kind == "toggle" else "set_value"
    c = sy._clause(sid, intent, cmd_only=True)
    return None if c is None else (c[0], c[1], c[2])


def _title(sy, sid: str, comps: list) -> str:
    """A setting's name as a UI label: its title or an alias, as written in the catalog."""
    names = sy.m.names[sid]
    n, comp, _ = sy.r.choice(names) if sy.r.random() < 0.4 else names[0]
    if comp:
        comps.append(comp)
    return n


def _quoted(sy, text: str) -> str:
    a, b = sy.r.choice(sy.m.ph["real"]["quote"])
    return f"{a}{text}{b}"


def procedural(sy):
    """ "Open Settings > Accessibility > Keyboard, turn on Sticky keys, apply" -> the change, not the pages."""
    r, comps = sy.r, []
    if r.random() < 0.4:  # a lead-in, then a plain ask: "go to settings and turn off notifications"
        return _led_in(sy, comps)
    sid = sy._sid()
    s = sy.m.cat.settings[sid]
    page = sy.m.cat.pages.get(s.page)
    if page is None or s.kind not in ("toggle", "choice"):
        return None
    path, named, title = _ui_path(sy, page, sid, comps)
    if s.kind == "toggle":
        act, value = _toggle_step(sy, named, comps)
        if act is None:
            return None
    else:
        cid, phr = r.choice(sy.m.cvals[sid])
        act = _pick(sy, "act_choice", "act", comps).replace("{v}", _quoted(sy, r.choice(phr)))
        value = cid
    act = act.replace("{t}", _quoted(sy, title if r.random() < 0.7 else title.lower()))
    text = path + r.choice((", ", ". ", " and ", ", then ", " -> ", ": ")) + act + _pick(sy, "tail", "tail", comps)
    return [Seg(text)], [{"action": "set", "setting": sid, "value": value}], ["real.procedural"] + comps, False, False


def _led_in(sy, comps: list):
    ask = _ask(sy)
    if ask is None:
        return None
    lead = _pick(sy, "lead", "lead", comps)
    segs, calls, c2 = ask
    tail = _pick(sy, "tail", "tail", comps) if sy.r.random() < 0.3 and segs[-1].k != "v" else ""
    return [Seg(lead)] + segs + ([Seg(tail)] if tail else []), calls, ["real.procedural"] + comps + c2, False, False


def _ui_path(sy, page, sid: str, comps: list) -> tuple[str, bool, str]:
    """The way to the setting through the Settings app ("Settings > Accessibility > Keyboard"), whether it
    ends on the setting's label (else the action must name it), and that label."""
    r, ph = sy.r, sy.m.ph["real"]
    arrow = r.choice(ph["arrow"])
    steps = [_pick(sy, "open", "open", comps) if r.random() < 0.5 else r.choice(ph["app"])]
    if r.random() < 0.7:
        steps.append(ph["areas"].get(page.area, page.area.replace("_", " ").title()))
    if page.id != "home" and r.random() < 0.85:
        steps.append(page.title)
    title = _title(sy, sid, comps)
    named = r.random() < 0.5
    if named:
        steps.append(title)
    q = r.random() < 0.4
    steps = [_quoted(sy, x) if q and i else x for i, x in enumerate(steps)]
    path = arrow.join(steps) if r.random() < 0.75 else ", ".join(steps[:1] + [f"go to {x}" for x in steps[1:]])
    return path, named, title


def _toggle_step(sy, named: bool, comps: list) -> tuple[str | None, bool]:
    """The switching step ("turn on {t}") and its value; a step that names no label only where the path does."""
    on = sy.r.random() < 0.5
    for _ in range(8):
        act = _pick(sy, "act_on" if on else "act_off", "act", comps)
        if named or "{t}" in act:
            return act, on
        comps.pop()
    return None, on


def preamble(sy):
    """Platform, person or reason before or after the ask: "I'm on Windows 11. How do I turn off X?"."""
    r, comps = sy.r, []
    ask = _ask(sy) if r.random() < 0.7 else indirect(sy)
    if ask is None:
        return None
    segs, calls = ask[0], ask[1]
    comps += ask[2]
    pre = _pick(sy, "platform" if r.random() < 0.55 else "person", "pre", comps)
    if r.random() < 0.3:
        pre += ", " + _pick(sy, "person", "pre2", comps)[0].lower() + _pick(sy, "person", "pre2", comps)[1:]
    j = _pick(sy, "joiner_pre", "join", comps)
    if pre.endswith(",") and j.startswith((",", ".")):
        j = " "
    out = [Seg(pre + j)] + segs
    if r.random() < 0.35 and out[-1].k != "v":
        out.append(Seg(r.choice((" ", ", ")) + _pick(sy, "why", "why", comps)))
    return out, calls, ["real.preamble"] + comps, False, False


def titled(sy):
    """Issue and forum titles: a feature, a symptom or a wish, often with no verb."""
    r, comps = sy.r, []
    sid = sy._sid()
    name = Seg(_title(sy, sid, comps) if r.random() < 0.6 else sy._name(sid, False, comps).t)
    shaped = _title_shape(sy, sy.m.cat.settings[sid], comps)
    if shaped is None:
        return None
    t, call, value = shaped
    segs = []
    for part in re.split(r"(\{x\}|\{v\})", t):
        if part == "{x}":
            segs.append(Seg(name.t))
        elif part == "{v}":
            if value is None:
                return None
            segs.append(value)
        elif part:
            segs.append(Seg(part))
    return segs, [call], ["real.titled"] + comps, "?" in t, False


def _title_shape(sy, s, comps: list):
    """A title frame for the setting, its call, and the value Seg it names (or None); None when none fits."""
    r = sy.r
    if s.kind == "toggle":
        on = r.random() < 0.45
        return _pick(sy, "title_on" if on else "title_off", "title", comps), _set(s, on), None
    if s.kind in ("range", "duration") and r.random() < 0.4:
        up = r.random() < 0.5
        t = _pick(sy, "title_more" if up else "title_less", "title", comps)
        return t, {"action": "increase" if up else "decrease", "setting": s.id, "value": None}, None
    if s.kind == "range" and r.random() < 0.3:
        up = r.random() < 0.6
        return f"{{x}} {_pick(sy, 'max' if up else 'min', 'sup', comps)}", _set(s, "max" if up else "min"), None
    sv = sy._set_value(s)
    if sv is None:
        return None
    value, v = sv
    t = _pick(sy, "title_value", "title", comps)
    if s.kind == "text" and not re.search(r"\{v\}( |$)", t):  # a copied value stands between spaces
        return None
    return t, _set(s, v), value


def _set(s, value) -> dict:
    return {"action": "set", "setting": s.id, "value": value}


def _other(sy, comps: list) -> str:
    """The other half of a compound request: a corpus request or an app/file/web task."""
    pool = corpus(CORPUS)
    if pool and sy.r.random() < 0.6:
        for _ in range(5):
            text, fam = sy.r.choice(pool)
            if fam.rsplit(":", 1)[1] not in SHORT_INTENTS:
                break
        comps.append(fam)
        return _case(sy, text).rstrip(".?!")
    return _pick(sy, "other", "other", comps)


def compound(sy):
    """An ask and a task that is no setting, in either order: only the ask is a call."""
    r, comps = sy.r, []
    ask = _ask(sy) if r.random() < 0.85 else indirect(sy)
    if ask is None:
        return None
    segs, calls = list(ask[0]), ask[1]
    comps += ask[2]
    other = _other(sy, comps)
    j = _pick(sy, "then", "then", comps)
    if segs[-1].k == "v" and not j.startswith(" "):
        j = " and then "
    if r.random() < 0.5:
        out = [Seg(other[0].upper() + other[1:] if r.random() < 0.5 else other), Seg(j)] + segs
    else:
        out = segs + [Seg(j), Seg(other)]
    if r.random() < 0.25:
        tail = _pick(sy, "phone_tail", "ptail", comps)
        out = out + [Seg(tail)] if out[-1].k != "v" else out
    return out, calls, ["real.compound"] + comps, False, False


def phone(sy):
    """A phone-phrased ask for a setting the desktop has too."""
    r, comps = sy.r, []
    ask = _ask(sy)
    if ask is None:
        return None
    segs, calls = list(ask[0]), ask[1]
    comps += ask[2]
    if r.random() < 0.5 or segs[-1].k == "v":
        segs = [Seg(_pick(sy, "phone", "phone", comps))] + segs
    else:
        segs.append(Seg(_pick(sy, "phone_tail", "ptail", comps)))
    return segs, calls, ["real.phone"] + comps, False, False


def in_app(sy):
    """The words of a setting, but inside another app: nothing for mu."""
    r, comps = sy.r, []
    if r.random() < 0.45:
        return [Seg(_pick(sy, "near_miss", "near", comps))], [], ["real.near_miss"] + comps, False, True
    ask = _ask(sy)
    if ask is None or not ask[1] or not ask[1][0].get("setting", "").startswith(tuple(sy.m.ph["real"]["app_like"])):
        return None
    segs = list(ask[0])
    comps += ask[2]
    if r.random() < 0.6 or segs[-1].k == "v":
        segs = [Seg(_pick(sy, "in_app", "in_app", comps))] + segs
    else:
        segs.append(Seg(_pick(sy, "in_app_tail", "in_app_tail", comps)))
    return segs, [], ["real.in_app"] + comps, False, False


def chat(sy):
    """A real assistant request that is no settings request."""
    pool = corpus(CORPUS)
    if not pool:
        return None
    text, fam = sy.r.choice(pool)
    comps: list[str] = [fam]
    pre = _pick(sy, "chat_pre", "chat_pre", comps) if sy.r.random() < 0.3 else ""
    return [Seg(pre + _case(sy, text))], [], ["real.chat"] + comps, text.endswith("?"), False


MAKERS = {
    "procedural": procedural,
    "preamble": preamble,
    "titled": titled,
    "compound": compound,
    "phone": phone,
    "in_app": in_app,
    "chat": chat,
}
