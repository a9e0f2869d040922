"""Scoring predictions against a gold set, with the rules of the shared eval scorer (eval/README.md).

A gold row is {"text", "expect": [[call, ...], ...], "tags": [...]}: `expect` lists acceptable answers
(call order free); `[[]]` means no call; `[["__unscored__"]]` keeps a line for alignment but is not scored.
A gold call's action may be "any"; its value may be "*" (anything), a list (any of these), or null (for
increase/decrease/toggle/get/open/any: any amount; otherwise the prediction must carry no value either).

`exact` needs the same calls with matching values, `target` only the same settings/pages. Both are
tallied overall and per tag. Used by `mu bench` and `mu quantize`; the engine never imports it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import UsageError

UNSCORED = [["__unscored__"]]
_NO_AMOUNT_NEEDED = ("increase", "decrease", "toggle", "get", "open", "any")
_SECONDS = {"s": 1, "min": 60, "h": 3600}


@dataclass(frozen=True)
class GoldRow:
    text: str
    expect: list  # acceptable answers, each a list of call dicts
    tags: tuple[str, ...] = ()

    @property
    def scored(self) -> bool:
        return self.expect != UNSCORED


@dataclass
class Score:
    """exact/target counts overall and per tag; `misses` holds (text, expected, got) of inexact rows."""

    n: int = 0
    exact: int = 0
    target: int = 0
    tags: dict[str, list[int]] = field(default_factory=dict)  # tag -> [n, exact, target]
    misses: list[tuple[str, list, list]] = field(default_factory=list)

    def add(self, row: GoldRow, calls: list[dict]) -> tuple[bool, bool]:
        ok_exact = any(answer_matches(ans, calls, call_matches) for ans in row.expect)
        ok_target = any(answer_matches(ans, calls, same_target) for ans in row.expect)
        self.n += 1
        self.exact += ok_exact
        self.target += ok_target
        for tag in row.tags:
            tally = self.tags.setdefault(tag, [0, 0, 0])
            tally[0] += 1
            tally[1] += ok_exact
            tally[2] += ok_target
        if not ok_exact:
            self.misses.append((row.text, row.expect, calls))
        return ok_exact, ok_target

    def to_json(self, digits: int = 4) -> dict:
        def ratio(k: int, n: int) -> float:
            return round(k / n, digits) if n else 0.0

        return {
            "n": self.n,
            "exact": ratio(self.exact, self.n),
            "target": ratio(self.target, self.n),
            "tags": {
                t: {"n": v[0], "exact": ratio(v[1], v[0]), "target": ratio(v[2], v[0])}
                for t, v in sorted(self.tags.items())
            },
        }


# ------------------------------------------------------------------ matching rules
def _canon_text(value: Any) -> str:
    """Case, surrounding blanks, and runs of spaces, '_' or '-' do not matter in text values."""
    return re.sub(r"[\s_\-]+", " ", str(value).strip().lower())


def value_matches(action: str, gold: Any, pred: Any) -> bool:
    """Does a predicted value satisfy the gold value of a call whose gold action is `action`?"""
    if gold == "*":
        return True
    if gold is None:
        return pred is None or action in _NO_AMOUNT_NEEDED
    if isinstance(gold, bool) or isinstance(pred, bool):  # True is not 1 here
        return isinstance(gold, bool) and isinstance(pred, bool) and gold == pred
    if isinstance(gold, list):
        return any(value_matches(action, option, pred) for option in gold)
    if isinstance(gold, (int, float)):
        try:
            return abs(float(pred) - float(gold)) < 1e-6
        except (TypeError, ValueError):
            return False
    return pred is not None and _canon_text(gold) == _canon_text(pred)


def target_of(call: dict) -> tuple[str, Any]:
    """What a call acts on: ("page", id) for an open (or a bare page), else ("setting", id)."""
    if call.get("action") == "open" or ("page" in call and "setting" not in call):
        return "page", call.get("page")
    return "setting", call.get("setting")


def same_target(gold: dict, pred: dict) -> bool:
    return target_of(gold) == target_of(pred)


def call_matches(gold: dict, pred: dict) -> bool:
    if not same_target(gold, pred):
        return False
    action = gold.get("action")
    if action != "any" and action != pred.get("action"):
        return False
    return value_matches(action, gold.get("value"), pred.get("value"))


def answer_matches(gold_calls: Sequence[dict], pred_calls: Sequence[dict], match) -> bool:
    """Same number of calls, and each gold call claims the first still-unclaimed prediction it matches.

    First-fit, not an optimal assignment: the shared scorer pairs calls this way, and numbers must agree."""
    if len(gold_calls) != len(pred_calls):
        return False
    free = list(pred_calls)
    for g in gold_calls:
        for i, p in enumerate(free):
            if match(g, p):
                del free[i]
                break
        else:
            return False
    return True


# ------------------------------------------------------------------ gold sets
def dev_file() -> Path | None:
    """The shared development set (../shared/eval/dev.jsonl beside a source checkout), when there is one."""
    path = Path(__file__).resolve().parents[3] / "shared" / "eval" / "dev.jsonl"
    return path if path.is_file() else None


def load_gold(path: str | Path) -> list[GoldRow]:
    """Rows of a gold JSONL file; UsageError naming the line when one is malformed."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read the eval file {path}: {getattr(exc, 'strerror', None) or exc}") from None
    rows = []
    for no, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            rows.append(GoldRow(str(data["text"]), list(data["expect"]), tuple(data.get("tags") or ())))
        except (ValueError, KeyError, TypeError) as exc:
            raise UsageError(f"{path}:{no}: not a gold row ({type(exc).__name__}: {exc})") from None
    return rows


def score(rows: Iterable[GoldRow], predictions: Iterable[list[dict]]) -> Score:
    """Score predicted call lists (one per row, same order); unscored rows are skipped."""
    rows, predictions = list(rows), list(predictions)
    if len(rows) != len(predictions):
        raise ValueError(f"{len(rows)} gold rows but {len(predictions)} predictions")
    result = Score()
    for row, calls in zip(rows, predictions):
        if row.scored:
            result.add(row, list(calls or []))
    return result


def synthetic_gold(records: Iterable[dict], catalog) -> list[GoldRow]:
    """Gold rows from synthesised records (training/synth.py), their model-form calls made concrete.

    Records whose calls the value normaliser refuses are left out."""
    from ..calls import normalize_value
    from ..errors import ValueRefused

    rows = []
    for rec in records:
        try:
            calls = [_contract_call(c, catalog, normalize_value) for c in rec["calls"]]
        except (ValueRefused, KeyError, TypeError, ValueError):
            continue
        tags = ("no_call",) if not calls else ("multi",) if len(calls) > 1 else ("single",)
        rows.append(GoldRow(rec["text"], [calls], tags))
    return rows


def _contract_call(call: dict, catalog, normalize_value) -> dict:
    if call["action"] == "open":
        if call["page"] not in catalog.pages:
            raise KeyError(call["page"])
        return {"action": "open", "page": call["page"]}
    setting = catalog.settings[call["setting"]]
    raw = call.get("value")
    if isinstance(raw, list) and len(raw) == 2 and raw[1] in _SECONDS:  # [number, unit] duration
        raw = int(round(float(raw[0]) * _SECONDS[raw[1]]))
    value = (
        None
        if raw is None and call["action"] in ("increase", "decrease")
        else normalize_value(setting, call["action"], raw)
    )
    return {"action": call["action"], "setting": setting.id, "value": value}
