"""The training problems of the shipped catalog (problems.yaml beside this module): indirect requests and their
calls, by setting id.

They are training data only, so the catalog mu runs with does not carry them; the synthesiser and the tokenizer
read them through `with_problems`, merged over the shipped catalog by id like any catalog overlay. A catalog
built on another base file (a developer's own) keeps the problems it writes itself."""

from __future__ import annotations

from pathlib import Path

from mu_cli.catalog import Catalog
from mu_cli.paths import catalog_file

PROBLEMS_FILE = Path(__file__).resolve().with_name("problems.yaml")


def with_problems(catalog: Catalog) -> Catalog:
    """`catalog` with the shipped problems merged in right after the shipped catalog, so that a user catalog's
    own entries, problems included, still override them. The same catalog when it is built on another base, or
    has them already."""
    sources = [Path(s).resolve() for s in catalog.sources]
    if not sources or sources[0] != catalog_file().resolve() or PROBLEMS_FILE in sources:
        return catalog
    return Catalog.from_yaml(sources[0], PROBLEMS_FILE, *sources[1:])
