"""How much one slip of the keyboard costs: each request of the given sets is read as written and with one slip in
a catalog word of five letters or more (its longest, then its second longest), and the answers right as written
that the slip makes wrong (and the reverse) are counted. `mu_cli/spelling.py` is what mends such slips.

    python tools/slip_check.py ../shared/eval/dev.jsonl ../shared/eval/real-dev.jsonl [--slip swap|drop]
        [--as-typed] [--any-word]

`--slip swap` swaps the two letters in the middle of the word ("brigthness"), `drop` drops the middle one
("brighness"). `--as-typed` reads the slips as typed, as mu did before it mended them; `--any-word` slips any word of
five letters or more ("disable", "largest", "portrait", "unable"), not only the catalog's.
"""

from __future__ import annotations

import argparse
import json
import re

from mu_cli.bench.scoring import answer_matches, call_matches
from mu_cli.catalog import Catalog
from mu_cli.engine import Engine
from mu_cli.errors import MuError


def slipped(text: str, vocab: frozenset[str] | None, nth: int, slip: str) -> str | None:
    """`text` with its `nth` longest catalog word of 5+ letters (any word of them, with no `vocab`) slipped, or None
    when it has none."""
    found = sorted(
        (m for m in re.finditer(r"[A-Za-z]{5,}", text) if vocab is None or m.group().lower() in vocab),
        key=lambda m: -len(m.group()),
    )
    if not found:
        return None
    m = found[nth % len(found)]
    w, i = m.group(), len(m.group()) // 2
    w = w[:i] + w[i + 1 :] if slip == "drop" else w[: i - 1] + w[i] + w[i - 1] + w[i + 1 :]
    return text[: m.start()] + w + text[m.end() :]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="+")
    parser.add_argument("--slip", choices=("swap", "drop"), default="swap")
    parser.add_argument("--as-typed", action="store_true")
    parser.add_argument("--any-word", action="store_true", help="slip any word of 5+ letters, not only the catalog's")
    args = parser.parse_args()
    engine = Engine(Catalog.load())
    if args.as_typed:
        engine.speller.mend = lambda text: text
    vocab = None if args.any_word else engine.speller.vocab

    def right(text: str, expect: list) -> bool:
        try:
            calls = [c.to_json() for c in engine.plan(text).calls]
        except MuError:
            calls = []
        return any(answer_matches(a, calls, call_matches) for a in expect)

    rows = [json.loads(line) for path in args.sets for line in open(path, encoding="utf-8")]
    read = lost = gained = 0
    for row in rows:
        was = right(row["text"], row["expect"])
        for nth in (0, 1):
            text = slipped(row["text"], vocab, nth, args.slip)
            if text is not None:
                now = right(text, row["expect"])
                read, lost, gained = read + 1, lost + (was and not now), gained + (now and not was)
    print(f"{read} slipped requests ({args.slip}): {lost} right answers lost, {gained} gained")


if __name__ == "__main__":
    main()
