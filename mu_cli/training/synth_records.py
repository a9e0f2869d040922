"""The record types of the training-data synthesiser beyond single commands: pages, indirect complaints,
several settings at once, requests that must produce nothing; and the noise and filler every record gets.

Plain functions of `sy`, the synth.Synth that holds the catalog material, the phrases and the random generator."""

from __future__ import annotations

import re

from .synth_text import Seg, keyboard_slip


def page(sy, pid: str, cmd_only: bool = False, title: bool = False):
    name, comp = sy.m.pnames[pid][0] if title else sy.r.choice(sy.m.pnames[pid])
    t = sy._pick("open_page", cmd_only)
    name = name.replace("&", "and") if "&" in name and sy.r.random() < 0.5 else name
    segs = sy._fill(t, {"p": name.lower() if sy.r.random() < 0.7 else name}, [])
    return segs, [{"action": "open", "page": pid}], [t.fam] + ([comp] if comp else []), t.question, t.polite


def open_request(sy):
    r = sy.r.random()
    if r < 0.5 or not sy.m.tasks:
        return page(sy, sy.r.choice(sy.m.pids))
    if r < 0.75:
        return sy._clause(sy._sid(), "open_setting")
    if r < 0.8 and sy.m.kw:
        k, pid = sy.r.choice(sy.m.kw)
        t = sy._pick("open_keyword")
        return sy._fill(t, {"k": k}, []), [{"action": "open", "page": pid}], [t.fam], t.question, False
    pid = sy.r.choice(sy.m.task_pids)
    fam, task = sy.r.choice(sy.m.tasks[pid])
    t = sy._pick("open_task")
    return sy._fill(t, {"t": task}, []), [{"action": "open", "page": pid}], [t.fam, fam], t.question, False


def indirect(sy):
    if sy.r.random() < 0.6:
        sid = sy.r.choices(sy.m.prob_sids, cum_weights=sy.m.prob_cum)[0]
        if sy.m.problems[sid]:
            fam, text, call = sy.r.choice(sy.m.problems[sid])
            v, q = call.get("value"), text.rstrip().endswith("?")
            if isinstance(v, str) and sy.m.cat.settings[sid].kind == "text":  # the value stays a copyable Seg
                i = text.index(" " + v) + 1
                seg = Seg(v, "v")
                segs = [Seg(text[:i]), seg] + ([Seg(text[i + len(v) :])] if text[i + len(v) :] else [])
                return segs, [{**call, "value": seg}], [fam], q, False
            plain = not isinstance(v, (str, list)) or v in ("max", "min", "half")  # keep written values intact
            return [Seg(text, "f" if plain else "v")], [dict(call)], [fam], q, False
    sid = sy._sid()
    s = sy.m.cat.settings[sid]
    if s.kind == "toggle":
        return sy._clause(sid, sy.r.choice(("toggle_complaint_off", "toggle_complaint_on")))
    if s.kind in ("range", "duration"):
        if sid in sy.m.comp and sy.r.random() < 0.7:
            return sy._clause(sid, sy.r.choice(("too_high", "too_low")))
        return sy._clause(sid, sy.r.choice(("generic_low", "generic_high")))
    return None


def multi(sy):
    r = sy.r
    k = 2 if r.random() < 0.75 else 3
    sids = list(dict.fromkeys(r.choices(sy.m.sids, cum_weights=sy.m.cum, k=k + 2)))[:k]
    if r.random() < 0.5:  # people combine related settings: the same area ("sound.", "privacy.")
        area = [x for x in sy.m.by_area[sids[0].split(".")[0]] if x != sids[0]]
        sids = [sids[0]] + r.sample(area, min(k - 1, len(area)))
    if len(sids) < 2:
        return None
    if sy.m.qualified and r.random() < 0.06:
        return conditioned(sy)
    if r.random() < 0.3:
        return shared(sy, sids)
    segs, calls, comps, family, first = [], [], [], "", None
    for i, sid in enumerate(sids):
        s = sy.m.cat.settings[sid]
        intent = sy._intent(s)
        if intent in ("comp_up", "comp_down", "it_up", "it_down", "get") and r.random() < 0.8:  # need a name
            intent = "set_value" if s.kind != "toggle" else "set_on"
        if r.random() < 0.2:  # clipped asks in a list: "wifi off bluetooth off", "black and size 4"
            intent = sy._intent(s, terse=True)
            if intent in ("terse_get", "terse_bare"):
                intent = r.choice(("terse_on", "terse_off")) if s.kind == "toggle" else "terse_value"
        c = page(sy, s.page, cmd_only=True) if r.random() < 0.07 else sy._clause(sid, intent, cmd_only=i > 0)
        if c is None:
            return None
        if i:
            jfam = join(sy, segs, comps)
            family = family or "multi." + jfam.split("#")[0]
        first = first or c
        segs, calls, comps = segs + c[0], calls + c[1], comps + c[2]
    if segs[-1].k != "v" and r.random() < 0.08:  # "... and sync the time too"
        segs.append(Seg(r.choice((" too", " as well", " also", " aswell", " while you're at it"))))
    if r.random() < 0.06:  # "a few things: ..."
        segs = [Seg(r.choice(sy.m.fill["several"]))] + segs
    return segs, calls, [family] + comps, first[3], first[4]


def join(sy, segs: list[Seg], comps: list[str]) -> str:
    """A joiner between two asks (after a copied value, one that starts with a space); its family."""
    jfam, j = sy.r.choice(sy.m.joiners if segs[-1].k != "v" else sy.m.sp_joiners)
    segs.append(Seg(j))
    comps.append(jfam)
    return jfam


def conditioned(sy):
    """One condition for one or two asks: "on battery, screen off after 5 min and sleep after 15" -> the
    settings that carry that condition in their titles, named by their plain siblings."""
    r = sy.r
    q = r.choice(sorted(sy.m.qualified))
    plain = r.sample(sorted(sy.m.qualified[q]), min(len(sy.m.qualified[q]), r.choice((1, 2, 2))))
    segs, calls, comps = [], [], []
    for i, sid in enumerate(plain):
        s = sy.m.cat.settings[sid]
        intent = sy._intent(s)
        if intent in ("comp_up", "comp_down", "it_up", "it_down", "get", "reset"):
            intent = "set_value"
        c = sy._clause(sid, intent, cmd_only=True)
        if c is None:
            return None
        if i:
            join(sy, segs, comps)
        segs, comps = segs + c[0], comps + c[2]
        calls += [
            {**call, "setting": sy.m.qualified[q][call["setting"]]} if call.get("setting") == sid else call
            for call in c[1]
        ]
    if r.random() < 0.6 or segs[-1].k == "v":
        segs = [Seg(r.choice((f"{q}, ", f"when {q}, ", f"while {q}, ", f"when it's {q}, ", f"{q}: ")))] + segs
    else:
        segs.append(Seg(r.choice((f" {q}", f" when {q}", f" while {q}", f", both {q}", f" when it's {q}"))))
    return segs, calls, ["multi.conditioned"] + comps, False, True


def shared(sy, sids: list[str]):
    """One verb for several settings: "turn off wifi and bluetooth", "set volume and brightness to 50"."""
    comps: list[str] = []
    if all(s in sy.m.showable for s in sids) and sy.r.random() < 0.5 and "show" in sy.m.shared:
        on = sy.r.random() < 0.4
        t = sy.r.choice(sy.m.shared["show" if on else "hide"])
        calls = [{"action": "set", "setting": s, "value": on} for s in sids]
        names = [sy._shown_name(s) for s in sids]
        xs = ", ".join(names[:-1]) + sy.r.choice((" and ", ", and ", " & ")) + names[-1]
        return sy._fill(t, {"xs": Seg(xs)}, comps), calls, ["multi.shared", t.fam], False, t.polite
    if all(sy.m.cat.settings[s].kind == "toggle" for s in sids):
        on, v = sy.r.random() < 0.5, None
        t = sy.r.choice(sy.m.shared["on" if on else "off"])
        calls = [{"action": "set", "setting": s, "value": on} for s in sids]
    else:
        sids = [s for s in sids if sy.m.cat.settings[s].kind == "range" and sy.m.cat.settings[s].min <= 0]
        hi = min((sy.m.cat.settings[s].max for s in sids), default=0)
        if len(sids) < 2 or hi < 10:
            return None
        n = 5 * sy.r.randint(1, int(hi // 5))
        v, t = Seg(str(n) + ("%" if sy.r.random() < 0.4 else ""), "v"), sy.r.choice(sy.m.shared["value"])
        calls = [{"action": "set", "setting": s, "value": str(n)} for s in sids]
    names = [sy._name(s, False, comps).t for s in sids]
    xs = ", ".join(names[:-1]) + sy.r.choice((" and ", ", and ", " & ")) + names[-1]
    return sy._fill(t, {"xs": Seg(xs), "v": v}, comps), calls, ["multi.shared", t.fam] + comps, False, t.polite


def nocall(sy):
    fam = sy.r.choice(list(sy.m.nocall))
    for _ in range(5):
        t = sy.r.choice(sy.m.nocall[fam])
        segs = [Seg(p[1] if not p[0] else sy.r.choice(sy.m.nc_slots[p[1]])) for p in t.parts]
        # a "missing" setting must really be missing from this catalog
        if (
            fam not in sy.m.ph["nocall"]["filtered"]
            or not sy.m.name_re
            or not sy.m.name_re.search("".join(x.t for x in segs))
        ):
            return segs, [], [t.fam], t.question, t.polite
    return None


# ------------------------------------------------------------------ noise and assembly
def noise(sy, segs: list[Seg]) -> bool:
    """Spelling variants, shorthand, keyboard slips, dropped apostrophes, casing. True if a typo was made."""
    r, typo = sy.r, False
    if r.random() < 0.14:
        rx, table = sy.m.am_br if r.random() < 0.75 else sy.m.br_am
        for s in segs:
            if s.k != "v" and rx:
                s.t = rx.sub(lambda m: table.get(m.group(1).lower(), m.group(1)), s.t)
    free = [s for s in segs if s.k == "f"]
    if r.random() < 0.12 and sy.m.short[0]:
        rx, table = sy.m.short
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
                words[i], typo = keyboard_slip(words[i], r), True
                s.t = " ".join(words)
    if r.random() < 0.04:  # "turn of the wifi": the common slip of "off"
        for s in free:
            old = s.t
            s.t = re.sub(r"\boff\b", "of", s.t)
            typo = typo or old != s.t
    if r.random() < 0.2 and any("'" in s.t for s in free):
        for s in free:
            s.t = s.t.replace("'", "")
        typo = True
    c = r.random()
    for s in segs if c < 0.55 else free if c < 0.58 else ():
        s.t = s.t.lower() if c < 0.55 else s.t.upper()
    return typo


def assemble(sy, item, st: dict, terse: bool = False) -> tuple[str, list, list[str]]:
    segs, calls, comps, question, polite = item
    r = sy.r
    if not terse and r.random() < 0.08:  # a rambling request: situation(s), bridge, the real ask
        bridges = [b for b in sy.m.fill["bridge"] if polite or not b.endswith(("you ", "to "))]
        pre = r.choice(sy.m.fill["situation"])
        if len(pre.split()) + len("".join(s.t for s in segs).split()) < 17:
            pre += r.choice((" and ", ". also ", ", plus ")) + r.choice(sy.m.fill["situation"]).lower()
        segs = [Seg(pre + r.choice(bridges))] + segs
        if len("".join(s.t for s in segs).split()) < 20 and segs[-1].k != "v":
            segs.append(Seg(", " + r.choice(sy.m.fill["afterthought"])))
        st["long"] += 1
    elif not terse or r.random() < 0.3:
        p = r.random()
        if polite and p < 0.22:
            segs = [Seg(r.choice(sy.m.fill["polite"]) + " ")] + segs
        elif p < 0.32:
            segs = [Seg(r.choice(sy.m.fill["prefix"]) + " ")] + segs
        if r.random() < 0.18 and segs[-1].k != "v":
            segs.append(Seg(" " + r.choice(sy.m.fill["suffix"])))
        elif (
            r.random() < 0.05
            and segs[-1].k != "v"
            and calls
            and not question
            and all(c["action"] not in ("get", "open") for c in calls)
        ):  # "..., it's driving me crazy"
            segs.append(Seg(r.choice(sy.m.fill["reason"])))
    st["typo"] += noise(sy, segs)
    if segs[-1].k != "v" and segs[-1].t[-1:].isalnum() and r.random() < 0.12:
        segs.append(Seg(r.choice("?" if question else ".!")))
    text = re.sub(" {2,}", " ", "".join(s.t for s in segs).strip())
    if r.random() < 0.04 and segs[0].k == "f" and text[:1].isalpha():
        text = text[0].upper() + text[1:]
    st["question"] += question
    return text, [{**c, "value": c["value"].t} if isinstance(c.get("value"), Seg) else c for c in calls], comps


# record types made here, by the name synth's type shares use
RECORDS = {"indirect": indirect, "open": open_request, "multi": multi, "nocall": nocall}
