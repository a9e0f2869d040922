"""The lexical resolver: search plus simple action/value parsing.

It answers when no model matching the catalog is available (a user catalog not yet trained with
`mu train`), and gives short queries their candidate lists. The model is the main resolver.
"""

from __future__ import annotations

import re

from .calls import Call, Candidate, normalize_value, parse_duration
from .catalog import Catalog, Setting
from .errors import ValueRefused
from .search import Hit, SearchIndex

_SPLIT = re.compile(
    r"\s*(?:,\s*(?:and\s+|then\s+)?|;\s*|\s+and\s+(?:then\s+|also\s+)?|\s+then\s+|\s+also\s+|\s+plus\s+)"
)
_OPEN = re.compile(
    r"^(?:please\s+)?(?:open|go to|goto|take me to|navigate to|bring up|launch|show me|where (?:is|are|do i|can i)|how do i (?:add|find|get to|see))\b"
)
_GET = re.compile(r"^(?:is|are|was|what(?:'s| is| are)?|whats|how (?:high|loud|bright|big|long|fast)|check|tell me)\b")
_ON = re.compile(r"\b(?:turn(?:ed)? on|switch(?:ed)? on|enable|activate|start|put on|use|show|allow|unmute)\b|\bon\b")
_OFF = re.compile(
    r"\b(?:turn(?:ed)? off|switch(?:ed)? off|disable|deactivate|stop|hide|get rid of|remove|block|kill|mute|no more)\b|\boff\b"
)
_UP = re.compile(
    r"\b(?:increase|raise|up|higher|more|bigger|larger|louder|brighter|faster|longer|boost|bump up|crank|max out)\b"
)
_DOWN = re.compile(
    r"\b(?:decrease|lower|down|less|smaller|quieter|softer|dimmer|darker|slower|shorter|reduce|dim|turn down)\b"
)
_TOGGLE = re.compile(r"\btoggle\b")
_NUMBER = re.compile(r"(\d+(?:\.\d+)?)\s*(%|percent|per cent)?")
_DURATION = re.compile(
    r"(?:\d+|an?|one|two|three|five|ten|fifteen|twenty|thirty|half an?)\s*(?:h|hrs?|hours?|m|mins?|minutes?|s|secs?|seconds?)\b|\bnever\b"
)
_WORD_VALUE = re.compile(r"\b(max(?:imum)?|min(?:imum)?|half(?:way)?|full|lowest|highest|largest|smallest)\b")


class RuleResolver:
    def __init__(self, catalog: Catalog, index: SearchIndex):
        self.catalog = catalog
        self.index = index

    def resolve(self, text: str) -> tuple[list[Call], float, list[Candidate]]:
        clauses = [c for c in _SPLIT.split(text.lower().strip(" ?!.")) if c.strip()]
        calls, confs, cands = [], [], []
        for clause in clauses or [text.lower()]:
            call, conf, hits = self._clause(clause)
            cands += [
                Candidate(h.id if h.kind == "setting" else None, h.id if h.kind == "page" else None, h.title, h.score)
                for h in hits[:5]
            ]
            if call and call not in calls:
                calls.append(call)
                confs.append(conf)
        if len(clauses) > 1 and len(calls) < len(clauses):  # a clause that found nothing: read it whole
            call, conf, hits = self._clause(text.lower())
            if call and not calls:
                return [call], conf, cands
        return calls, (min(confs) if confs else 0.0), cands[:5]

    def _clause(self, clause: str) -> tuple[Call | None, float, list[Hit]]:
        hits = self.index.search(clause, limit=8)
        if not hits:
            return None, 0.0, []
        conf = _confidence(hits)
        if _OPEN.search(clause) or re.search(r"\b(settings?|page|menu|options)\b\s*$", clause):
            page = next((h for h in hits if h.kind == "page"), None)
            if page is None:
                setting = self.catalog.setting(hits[0].id)
                return (Call("open", page=setting.page), conf * 0.8, hits) if setting else (None, 0.0, hits)
            return Call("open", page=page.id), conf, hits
        for hit in hits:
            if hit.kind != "setting":
                continue
            call = self.setting_call(self.catalog.settings[hit.id], clause)
            if call:
                return call, conf, hits
        return None, 0.0, hits

    def setting_call(self, s: Setting, clause: str) -> Call | None:
        if _GET.search(clause) and not _NUMBER.search(clause):
            return Call("get", s.id)
        value = self._value(s, clause)
        if value is not None:
            return Call("set", s.id, value=value)
        if s.kind == "toggle":
            if _TOGGLE.search(clause):
                return Call("toggle", s.id)
            if _OFF.search(clause):
                return Call("set", s.id, value=False)
            return Call("set", s.id, value=True)
        if s.kind in ("range", "duration"):
            direction = "decrease" if _DOWN.search(clause) else "increase" if _UP.search(clause) else None
            if direction:
                return Call(direction, s.id, value=self._amount(s, clause))
        return None

    def _value(self, s: Setting, clause: str):
        try:
            if s.kind == "choice":
                for c in s.values:
                    for name in (c.label, c.id.replace("_", " "), *c.aliases):
                        if re.search(rf"\b{re.escape(name.lower())}\b", clause):
                            return c.id
                return None
            if s.kind == "range":
                m = _WORD_VALUE.search(clause)
                if m and not _UP.search(clause.replace(m.group(0), "")):
                    return normalize_value(s, "set", m.group(1))
                m = re.search(r"\bto\s+" + _NUMBER.pattern, clause) or (
                    _NUMBER.search(clause) if not (_UP.search(clause) or _DOWN.search(clause)) else None
                )
                return normalize_value(s, "set", m.group(0).replace("to ", "")) if m else None
            if s.kind == "duration":
                m = _DURATION.search(clause)
                if m and not (_UP.search(clause) or _DOWN.search(clause)):
                    return normalize_value(s, "set", m.group(0))
                m = re.search(r"\bto\s+(\d+)\b", clause)  # "sleep after 15": people mean minutes
                return normalize_value(s, "set", m.group(1) + " min") if m else None
            if s.kind == "text":
                m = re.search(r"\bto\s+(.+)$", clause)
                return normalize_value(s, "set", m.group(1)) if m else None
        except ValueRefused:
            return None
        return None

    def _amount(self, s: Setting, clause: str):
        m = re.search(r"\bby\s+" + _NUMBER.pattern, clause) or _NUMBER.search(clause)
        if not m:
            return None
        try:
            if s.kind == "duration":
                return parse_duration(m.group(0).replace("by ", ""), 60)
            return normalize_value(s, "increase", m.group(0).replace("by ", ""))
        except ValueRefused:
            return None


def _confidence(hits: list[Hit]) -> float:
    """Strong, clearly-ahead hits are confident; near ties are ambiguous by construction."""
    top = hits[0].score
    second = hits[1].score if len(hits) > 1 else 0.0
    strength = min(1.0, top / 4.0)
    margin = (top - second) / top if top else 0.0
    # a hit that explains little of the request (or only through fuzzy matches) is weak evidence
    cover = min(1.0, 0.3 + hits[0].coverage) if hits[0].coverage >= 0.5 else hits[0].coverage
    return round(strength * (0.45 + 0.55 * min(1.0, margin * 5)) * cover, 3)
