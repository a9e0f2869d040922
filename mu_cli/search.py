"""Lexical search over setting and page names, aliases and keywords.

Used for short queries ("bluetooth", "night"), for candidate lists, and as the fallback resolver.
Scoring is BM25-like per field, with prefix and one-or-two-edit fuzzy matches of query words,
a bonus when a whole alias phrase occurs in the query, and a mild priority weight.
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
import math
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .catalog import Catalog
from .paths import cache_dir, load_cached, store_cached

_BRITISH = {
    "colour": "color",
    "colours": "colors",
    "grey": "gray",
    "centre": "center",
    "favourite": "favorite",
    "behaviour": "behavior",
    "optimise": "optimize",
    "minimise": "minimize",
    "maximise": "maximize",
    "personalise": "personalize",
    "personalisation": "personalization",
    "licence": "license",
    "organise": "organize",
    "recognise": "recognize",
    "dialogue": "dialog",
}
_STOP = set(
    "a an the to of for my me i it is on in at and or be can you please pls could would will this that "
    "with make set turn change switch get so too way bit little some just want need".split()
)
# fields and their weights: what a word in a title says about a setting is worth more than the description
_FIELDS = {"title": 3.0, "alias": 3.0, "id": 2.0, "keyword": 1.6, "choice": 1.0, "page": 0.8, "description": 0.4}


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower().replace("'", ""))


@lru_cache(maxsize=8192)
def stem(word: str) -> str:
    w = _BRITISH.get(word, word)
    for suffix in ("ness", "ing", "ed", "es", "s"):
        if len(w) > len(suffix) + 2 and w.endswith(suffix) and not w.endswith("ss"):
            return w[: -len(suffix)]
    return w


def terms(text: str) -> list[str]:
    return [stem(w) for w in words(text) if w not in _STOP]


@dataclass(frozen=True)
class Hit:
    kind: str  # setting | page
    id: str
    title: str
    score: float
    coverage: float = 1.0  # share of the query's words this hit matched (fuzzy matches count less)


class SearchIndex:
    @classmethod
    def of(cls, catalog: Catalog) -> SearchIndex:
        """The index of `catalog`, from the cache when one was built for the same catalog by this code (the
        build is ~50 ms; loading it ~5), else built and cached."""
        path = _cache_path(catalog)
        index = load_cached(path, cls)
        if index is None:
            index = cls(catalog)
            store_cached(path, index, CACHED_INDEXES)
        return index

    def __init__(self, catalog: Catalog):
        self.docs: list[tuple[str, str, str, float]] = []  # kind, id, title, priority weight
        self.postings: dict[str, dict[int, float]] = defaultdict(dict)
        self.doc_terms: list[set[str]] = []  # each document's own terms
        self.doc_phrases: list[list[str]] = []  # each document's whole names (titles, aliases, keywords)
        self.by_key: dict[tuple[str, str], int] = {}  # (kind, id) -> document
        for s in catalog.settings.values():
            page = catalog.pages.get(s.page)
            fields = {
                "title": [s.title],
                "alias": [*s.aliases, *s.opposites],  # its other state's names name it too ("auto-rotate")
                "keyword": list(s.keywords),
                "id": [s.id.replace(".", " ").replace("_", " ")],
                "description": [s.description],
                "choice": [c.label for c in s.values],
                "page": [page.title] if page else [],
            }
            self._add("setting", s.id, s.title, 1 + 0.06 * s.priority, fields)
        for p in catalog.pages.values():
            fields = {
                "title": [p.title],
                "alias": list(p.aliases),
                "id": [p.id.replace("_", " ")],
                "description": [p.description],
            }
            self._add("page", p.id, p.title, 1.1, fields)
        n = len(self.docs)
        self.idf = {t: math.log(1 + (n - len(d) + 0.5) / (len(d) + 0.5)) for t, d in self.postings.items()}
        self.vocab = sorted(self.postings)

    def _add(self, kind: str, did: str, title: str, weight: float, fields: dict[str, list[str]]) -> None:
        idx = len(self.docs)
        self.docs.append((kind, did, title, weight))
        self.by_key[(kind, did)] = idx
        self.doc_terms.append(set())
        self.doc_phrases.append([])
        for field, texts in fields.items():
            for text in texts:
                toks = terms(text)
                self.doc_terms[idx].update(toks)
                for t in set(toks):
                    w = _FIELDS[field] / (1 + 0.15 * max(0, len(toks) - 2))
                    self.postings[t][idx] = max(self.postings[t].get(idx, 0.0), w)
                if field in ("title", "alias", "keyword") and len(toks) >= 1:
                    self.doc_phrases[idx].append(" ".join(toks))

    def _expand(self, term: str, near=None) -> list[tuple[str, float]]:
        """The term itself, or vocabulary words it is a prefix of, or words one/two edits away (among `near`
        only, when given: the words of the documents being scored)."""
        if term in self.postings:
            return [(term, 1.0)]
        out = []
        if len(term) >= 3:
            at = bisect.bisect_left(self.vocab, term)
            for v in itertools.islice(self.vocab, at, None):
                if not v.startswith(term):
                    break
                if len(v) - len(term) <= 6:
                    out.append((v, 0.7))
        if len(term) >= 4 and not out:
            limit = 1 if len(term) < 7 else 2
            pool = self.vocab if near is None else near
            out += [(v, 0.6) for v in pool if abs(len(v) - len(term)) <= limit and within_edits(term, v, limit)]
        return out[:8]

    def search(self, query: str, limit: int = 5, kind: str | None = None) -> list[Hit]:
        qterms = terms(query)
        if not qterms:
            return []
        scores, matched = self._scored(qterms)
        hits = []
        for doc, score in scores.items():
            dkind, did, title, weight = self.docs[doc]
            if kind and dkind != kind:
                continue
            hits.append(Hit(dkind, did, title, score * weight / math.sqrt(len(qterms)), matched[doc] / len(qterms)))
        hits.sort(key=lambda h: -h.score)
        return hits[:limit]

    def scores(self, query: str, keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], float]:
        """The score search() ranks by, of just these settings and pages (by (kind, id)), with a query word
        that is no catalog word matched against their own words only (quick enough for every request)."""
        docs = {self.by_key[k]: k for k in keys if k in self.by_key}
        qterms = terms(query)
        if not qterms or not docs:
            return {}
        scores, _ = self._scored(qterms, list(docs))
        return {key: scores.get(d, 0.0) * self.docs[d][3] / math.sqrt(len(qterms)) for d, key in docs.items()}

    def _scored(self, qterms: list[str], docs: list[int] | None = None) -> tuple[dict[int, float], dict[int, float]]:
        """Each document's raw score for the query's terms, and the share of the terms it matched: of every
        document, or only of `docs` (a query word no catalog word is then matched against their words only)."""
        near = None if docs is None else sorted(set().union(*(self.doc_terms[d] for d in docs)))
        scores: dict[int, float] = defaultdict(float)
        matched: dict[int, float] = defaultdict(float)
        for t in qterms:
            best: dict[int, float] = {}
            for v, factor in self._expand(t, near):
                idf, posting = self.idf[v], self.postings[v]
                for doc in posting if docs is None else (d for d in docs if d in posting):
                    scores[doc] += factor * idf * posting[doc]
                    best[doc] = max(best.get(doc, 0.0), factor)
            for doc, factor in best.items():
                matched[doc] += factor
        joined = " " + " ".join(qterms) + " "
        for doc in range(len(self.docs)) if docs is None else docs:  # a whole name in the request: "night light"
            named = [1.5 * len(p.split()) for p in self.doc_phrases[doc] if f" {p} " in joined]
            if named:
                scores[doc] += max(named)
        return scores, matched


CACHED_INDEXES = 8  # indexes kept in the cache (one per catalog, as for the compiled catalogs)


def _cache_path(catalog: Catalog) -> Path:
    from . import __version__

    code = Path(__file__).stat()  # an edited module builds its index again
    key = hashlib.sha256(f"{__version__}|{catalog.hash}|{code.st_size}|{code.st_mtime_ns}".encode()).hexdigest()
    return cache_dir() / f"search-{key[:24]}.pickle"


def within_edits(a: str, b: str, limit: int) -> bool:
    """Levenshtein distance(a, b) <= limit (small strings; early exit)."""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        if min(cur) > limit:
            return False
        prev = cur
    return prev[-1] <= limit
