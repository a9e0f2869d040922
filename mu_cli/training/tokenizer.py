"""The tokenizer: byte-level BPE over requests and catalog text, plus one token per functional symbol.

- Byte-level: any input encodes, nothing is unknown. No lowercasing: robustness to case comes from the
  data, and copied text values keep the user's spelling.
- `add_prefix_space`: every word carries its leading-space marker, the first one too, so a value word
  tokenises the same inside a request and alone; that is what lets the decoder copy a text value
  (a time zone, a path) token by token from the request.
- Every `grammar.functional_tokens(catalog)` symbol is a special token with a fixed id (its index in
  that list), so choosing an action, a setting, a page or a choice value is ONE decoding step
  (functional tokens, as in Octopus v2). `encode_special_tokens` is switched on after loading: a request
  that spells "</s>" or "<s:sound.volume>" is read as ordinary text, never as a control token.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers

from mu_cli.catalog import Catalog
from mu_cli.grammar import EOS, functional_tokens

from .problems import with_problems

TEXT_VOCAB = 4096  # learned text tokens (the 256 bytes included), on top of the functional tokens


def catalog_texts(catalog: Catalog) -> list[str]:
    """Every piece of natural language the catalog holds: titles, aliases, keywords, descriptions,
    problem statements, choice labels and aliases, text examples, page names."""
    out: list[str] = []
    for s in with_problems(catalog).settings.values():
        out += [s.title, s.description, *s.aliases, *s.keywords, *s.examples]
        out += [p.text for p in s.problems]
        out += [c.label for c in s.values] + [a for c in s.values for a in c.aliases]
    for p in catalog.pages.values():
        out += [p.title, p.description, *p.aliases]
    return [t for t in out if t]


def train_tokenizer(texts: Iterable[str], catalog: Catalog, text_vocab: int = TEXT_VOCAB) -> Tokenizer:
    """Train byte-level BPE on `texts` and the catalog's text; functional tokens get ids 0..F-1."""
    special = functional_tokens(catalog)
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=True)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=len(special) + text_vocab,
        min_frequency=2,
        special_tokens=special,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tok.train_from_iterator(list(texts) + catalog_texts(catalog), trainer)
    tok.encode_special_tokens = True
    return tok


def load_tokenizer(path: str | Path) -> Tokenizer:
    tok = Tokenizer.from_file(str(path))
    tok.encode_special_tokens = True
    return tok


def file_hash(path: str | Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def vocab_of(tok: Tokenizer) -> dict[str, int]:
    return tok.get_vocab(with_added_tokens=True)


def encode_source(tok: Tokenizer, text: str, max_len: int) -> list[int]:
    """The encoder input: the request's tokens, cut to fit, then </s> (so it is never empty)."""
    ids = tok.encode(text, add_special_tokens=False).ids[: max_len - 1]
    return ids + [tok.token_to_id(EOS)]


def value_tokens(tok: Tokenizer, text: str, value: str) -> list[str]:
    """The tokens a text value is copied as: the request's own spelling of it when the request contains it
    (case-insensitively, on word boundaries), else the value itself."""
    m = re.search(r"(?<!\w)" + re.escape(value.strip()) + r"(?!\w)", text, re.IGNORECASE)
    surface = m.group(0) if m else value.strip()
    tokens = tok.encode(surface, add_special_tokens=False).tokens
    if m:
        inside = set(tok.encode(text, add_special_tokens=False).tokens)
        if not set(tokens) <= inside:  # the span tokenises differently in context: fall back to the value
            tokens = tok.encode(value.strip(), add_special_tokens=False).tokens
    return tokens


def detokenizer(tok: Tokenizer):
    """token strings -> text, for grammar.tokens_to_calls."""

    def detok(tokens: Sequence[str]) -> str:
        ids = [i for i in (tok.token_to_id(t) for t in tokens) if i is not None]
        return tok.decode(ids, skip_special_tokens=True).strip()

    return detok
