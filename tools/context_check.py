"""How much what a request says besides its ask costs: synthetic requests of 12 words or less (the synthesiser's
own, with their right calls) are read as written and with one kind of context added (a platform, a machine, a
link, quotes, ...), and exact match is printed for both. `mu_cli/context.py` is what takes that context out.

    python tools/context_check.py [--seed 777] [--n 6000] [--kinds platform,link] [--as-typed]

`--as-typed` reads every request with its context left in, as mu did before `without_context`.
"""

from __future__ import annotations

import argparse
import random

from mu_cli.bench.scoring import answer_matches, call_matches
from mu_cli.catalog import Catalog
from mu_cli.engine import Engine
from mu_cli.errors import MuError
from mu_cli.training.pretrained_pipeline import CONTINUE_MIX
from mu_cli.training.synth import generate

AFTER, BEFORE = "after", "before"
KINDS = {  # kind: (where it goes, the forms it takes)
    "platform": (AFTER, [" in windows 11", " in Windows 10?", " on ubuntu 22.04", " (Windows 11 Pro 23H2)", " on win 11"]),
    "platform_first": (BEFORE, ["Windows 11: ", "windows 10 ", "On Ubuntu 24.04, ", "Linux Mint 21.1 here, "]),
    "machine": (AFTER, [" on my dell xps 15", " on my thinkpad t480", " on my 27 inch monitor", " on my HP Envy 13"]),
    "machine_first": (BEFORE, ["My Lenovo Yoga 7i: ", "On my Dell XPS 13 9310, ", "my galaxy book 3 "]),
    "link": (AFTER, [" (see https://answers.microsoft.com/en-us/windows/forum/all/x/1a2b3c)",
                     ". More info: https://askubuntu.com/questions/123456/how-to"]),
    "quotes": ("wrap", ['"', "'", "`"]),
    "markdown": ("wrap", ["**", "### ", "> "]),
    "machine_clause": (BEFORE, ["I have a laptop. ", "My PC: Dell desktop. ", "Lenovo laptop here, "]),
    "parts": (BEFORE, ["I have 16GB RAM and an RTX 3060. ", "My PC: i7-12700H, 32 GB, 1TB SSD. "]),
    "update": (AFTER, [" after update KB5034441", " since 23H2", " (build 22631.2861)"]),
    "frame": (BEFORE, ["can you ", "could you please ", "I'd like to ", "pls "]),
    "emoji": (AFTER, [" 🙏", " 😊", " 🔥🔥"]),
    "marks": (AFTER, ["!!", "!!!", "?!"]),
    "issue": (BEFORE, ["Feature request: ", "[Feature Request] ", "Suggestion: ", "Request: ", "FR: "]),
    "thanks": (AFTER, [", thanks in advance", ". Thank you!", " thx", ", any help appreciated"]),
    "lead_in": (BEFORE, ["So basically ", "Quick question: ", "Also, ", "Btw ", "Hi all, "]),
    "closing_question": (AFTER, [". Is that possible?", ". Any ideas?", ". How?", ", is there a way?"]),
    "aside": (AFTER, [" (if possible)", " (I think)", " asap", " for now"]),
    "bullet": (BEFORE, ["- ", "* ", "1. "]),
    "story": (BEFORE, ["Since the last update, ", "My son used my laptop yesterday and now ", "I work night shifts. ",
                       "I'm new to this. "]),
    "wish": (BEFORE, ["Please add an option to ", "It would be nice to be able to ", "Add a toggle to ",
                      "It would be great if there was a setting to "]),
    "tap": (BEFORE, ["tap on the gear icon and ", "click on the menu on top right and "]),
    "reason": (AFTER, [" because it's annoying", ", it drives me crazy", " since I work at night",
                       " as my eyes hurt"]),
}  # fmt: skip


def with_context(text: str, kind: str, rng: random.Random) -> str:
    where, forms = KINDS[kind]
    form = rng.choice(forms)
    if where == AFTER:
        return text + form
    if where == BEFORE:
        return form + text
    closing = "" if form.endswith(" ") else form
    return form + text + closing


def exact(engine: Engine, text: str, calls: list[dict]) -> bool:
    try:
        got = [c.to_json() for c in engine.plan(text).calls]
    except MuError:
        got = []
    return answer_matches(calls, got, call_matches)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=777)
    ap.add_argument("--n", type=int, default=6000, help="synthetic requests to draw (the short ones are used)")
    ap.add_argument("--kinds", default=",".join(KINDS))
    ap.add_argument(
        "--as-typed", action="store_true", help="leave the context in (the reading before it was taken out)"
    )
    args = ap.parse_args()
    if args.as_typed:
        import mu_cli.engine

        mu_cli.engine.without_context = lambda text: text
    catalog = Catalog.load()
    engine = Engine(catalog)
    pairs, _ = generate(catalog, args.seed, args.n, mix=CONTINUE_MIX)
    pairs = [(p["text"].rstrip(" .?!"), p["calls"]) for p in pairs[: args.n]]
    pairs = [(t, c) for t, c in pairs if len(t.split()) <= 12]
    plain = sum(exact(engine, t, c) for t, c in pairs) / len(pairs)
    print(f"{len(pairs)} requests; as written: exact {plain:.3f}")
    for kind in args.kinds.split(","):
        rng = random.Random(5)
        hits = sum(exact(engine, with_context(t, kind, rng), c) for t, c in pairs)
        print(f"{kind:16} exact {hits / len(pairs):.3f}")


if __name__ == "__main__":
    main()
