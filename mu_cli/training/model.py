"""The mu model: a small encoder-decoder transformer that maps a request to call tokens.

It follows the published design of Microsoft's Mu (the Windows Settings agent), scaled down:
- about 2/3 of the layer parameters in the encoder and 1/3 in the decoder: the request is read once,
  the few output tokens are generated with a cheap decoder;
- one embedding matrix shared by the encoder input, the decoder input and the output projection;
- Dual LayerNorm: every sub-layer is normalised on the way in and on the way out,
  x = x + norm_out(f(norm_in(x)));
- rotary position embeddings in self-attention (cross-attention has none: memory positions are
  already encoded);
- grouped-query attention (few key/value heads: a small KV cache and fast decoder steps);
- SwiGLU feed-forward layers.

Reads top to bottom: the config, the modules, the model with `forward` (training), then the pieces the
exporter and the greedy decoder use (`encode`, `cross_kv`, `decode_step`). Checkpoints carry the config.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import torch
import torch.nn as nn
import torch.nn.functional as F

NEG = -1e9  # additive mask value; finite so a fully masked row stays NaN-free in ONNX too


@dataclass
class ModelConfig:
    vocab_size: int = 5000
    d_model: int = 256
    n_heads: int = 8
    n_kv_heads: int = 2
    enc_layers: int = 7  # 7:3 layers and a 576-wide FFN: ~2/3 of the layer parameters encode
    dec_layers: int = 3
    ffn_hidden: int = 576  # SwiGLU width (a multiple of 64)
    max_src: int = 96  # request tokens, the closing </s> included
    max_tgt: int = 48  # call tokens, <s> included
    rope_base: float = 10000.0
    dropout: float = 0.1
    pad_id: int = 0
    bos_id: int = 1
    eos_id: int = 2

    @property
    def head_dim(self) -> int:
        return self.d_model // self.n_heads

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> ModelConfig:
        return cls(**{k: v for k, v in data.items() if k in cls.__dataclass_fields__})


# ------------------------------------------------------------------ modules
def rotate(x: torch.Tensor, pos: torch.Tensor, inv_freq: torch.Tensor) -> torch.Tensor:
    """Rotary embedding of x [B, H, T, hd] at positions pos [T]."""
    angles = pos.to(torch.float32)[:, None] * inv_freq[None, :]  # [T, hd/2]
    cos, sin = angles.cos(), angles.sin()
    x1, x2 = x[..., : x.shape[-1] // 2], x[..., x.shape[-1] // 2 :]
    return torch.cat([x1 * cos - x2 * sin, x1 * sin + x2 * cos], dim=-1)


class Attention(nn.Module):
    """Grouped-query attention; `rotary` for self-attention, off for cross-attention."""

    def __init__(self, cfg: ModelConfig, rotary: bool):
        super().__init__()
        self.h, self.kvh, self.hd, self.rotary = cfg.n_heads, cfg.n_kv_heads, cfg.head_dim, rotary
        self.q = nn.Linear(cfg.d_model, self.h * self.hd, bias=False)
        self.k = nn.Linear(cfg.d_model, self.kvh * self.hd, bias=False)
        self.v = nn.Linear(cfg.d_model, self.kvh * self.hd, bias=False)
        self.o = nn.Linear(self.h * self.hd, cfg.d_model, bias=False)
        self.register_buffer(
            "inv_freq", 1.0 / cfg.rope_base ** (torch.arange(0, self.hd, 2).float() / self.hd), persistent=False
        )

    def project_kv(self, src: torch.Tensor, pos: torch.Tensor | None = None) -> tuple[torch.Tensor, torch.Tensor]:
        """Keys and values [B, kvh, T, hd] of `src` [B, T, d]."""
        b, t, _ = src.shape
        k = self.k(src).view(b, t, self.kvh, self.hd).transpose(1, 2)
        v = self.v(src).view(b, t, self.kvh, self.hd).transpose(1, 2)
        return (rotate(k, pos, self.inv_freq) if self.rotary else k), v

    def attend(
        self, x: torch.Tensor, k: torch.Tensor, v: torch.Tensor, mask: torch.Tensor, pos: torch.Tensor | None = None
    ) -> torch.Tensor:
        """x [B, Tq, d] attends to k, v [B, kvh, Tk, hd]; mask is additive, broadcast to [B, 1, 1, Tq, Tk]."""
        b, tq, _ = x.shape
        q = self.q(x).view(b, tq, self.h, self.hd).transpose(1, 2)
        if self.rotary:
            q = rotate(q, pos, self.inv_freq)
        # query heads in groups that share one key/value head: [B, kvh, group, Tq, hd]
        q = q.reshape(b, self.kvh, self.h // self.kvh, tq, self.hd)
        scores = q @ k.unsqueeze(2).transpose(-1, -2) / math.sqrt(self.hd) + mask
        out = scores.softmax(dim=-1) @ v.unsqueeze(2)
        return self.o(out.reshape(b, self.h, tq, self.hd).transpose(1, 2).reshape(b, tq, self.h * self.hd))


class SwiGLU(nn.Module):
    def __init__(self, cfg: ModelConfig):
        super().__init__()
        self.gate = nn.Linear(cfg.d_model, cfg.ffn_hidden, bias=False)
        self.up = nn.Linear(cfg.d_model, cfg.ffn_hidden, bias=False)
        self.down = nn.Linear(cfg.ffn_hidden, cfg.d_model, bias=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.down(F.silu(self.gate(x)) * self.up(x))


class DualNorm(nn.Module):
    """x + drop(norm_out(f(norm_in(x)))): Dual LayerNorm around one sub-layer."""

    def __init__(self, cfg: ModelConfig):
        super().__init__()
        self.norm_in, self.norm_out = nn.LayerNorm(cfg.d_model), nn.LayerNorm(cfg.d_model)
        self.drop = nn.Dropout(cfg.dropout)

    def forward(self, x: torch.Tensor, f) -> torch.Tensor:
        return x + self.drop(self.norm_out(f(self.norm_in(x))))


class EncoderLayer(nn.Module):
    def __init__(self, cfg: ModelConfig):
        super().__init__()
        self.attn, self.ffn = Attention(cfg, rotary=True), SwiGLU(cfg)
        self.n1, self.n2 = DualNorm(cfg), DualNorm(cfg)

    def forward(self, x: torch.Tensor, mask: torch.Tensor, pos: torch.Tensor) -> torch.Tensor:
        def self_attn(h):
            k, v = self.attn.project_kv(h, pos)
            return self.attn.attend(h, k, v, mask, pos)

        return self.n2(self.n1(x, self_attn), self.ffn)


class DecoderLayer(nn.Module):
    def __init__(self, cfg: ModelConfig):
        super().__init__()
        self.self_attn, self.cross_attn, self.ffn = Attention(cfg, True), Attention(cfg, False), SwiGLU(cfg)
        self.n1, self.n2, self.n3 = DualNorm(cfg), DualNorm(cfg), DualNorm(cfg)

    def forward(self, x, self_kv, causal, pos, cross_kv, src_mask):
        """One layer over x [B, T, d]; self_kv/cross_kv are this layer's (k, v)."""
        x = self.n1(x, lambda h: self.self_attn.attend(h, *self_kv(h), causal, pos))
        x = self.n2(x, lambda h: self.cross_attn.attend(h, *cross_kv, src_mask))
        return self.n3(x, self.ffn)


# ------------------------------------------------------------------ the model
class MuModel(nn.Module):
    def __init__(self, cfg: ModelConfig):
        super().__init__()
        self.cfg = cfg
        self.embed = nn.Embedding(cfg.vocab_size, cfg.d_model)  # shared: encoder, decoder, output
        self.drop = nn.Dropout(cfg.dropout)
        self.encoder = nn.ModuleList(EncoderLayer(cfg) for _ in range(cfg.enc_layers))
        self.decoder = nn.ModuleList(DecoderLayer(cfg) for _ in range(cfg.dec_layers))
        self.enc_norm, self.dec_norm = nn.LayerNorm(cfg.d_model), nn.LayerNorm(cfg.d_model)
        self.apply(self._init)

    @staticmethod
    def _init(m: nn.Module) -> None:
        if isinstance(m, (nn.Linear, nn.Embedding)):
            nn.init.normal_(m.weight, std=0.02)

    def embed_tokens(self, ids: torch.Tensor) -> torch.Tensor:
        return self.embed(ids) * math.sqrt(self.cfg.d_model)

    def logits(self, h: torch.Tensor) -> torch.Tensor:
        return self.dec_norm(h) @ self.embed.weight.t()  # tied output projection

    @staticmethod
    def pad_mask(mask: torch.Tensor) -> torch.Tensor:
        """[B, S] 1/0 attention mask -> additive [B, 1, 1, 1, S]."""
        return ((1.0 - mask.to(torch.float32)) * NEG)[:, None, None, None, :]

    def encode(self, src: torch.Tensor, src_mask: torch.Tensor) -> torch.Tensor:
        """Token ids [B, S] and their 1/0 mask -> memory [B, S, d]."""
        pos = torch.arange(src.shape[1], device=src.device)
        x, mask = self.drop(self.embed_tokens(src)), self.pad_mask(src_mask)
        for layer in self.encoder:
            x = layer(x, mask, pos)
        return self.enc_norm(x)

    def cross_kv(self, memory: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Every decoder layer's cross-attention keys and values, stacked: [L, B, kvh, S, hd] each."""
        kv = [layer.cross_attn.project_kv(memory) for layer in self.decoder]
        return torch.stack([k for k, _ in kv]), torch.stack([v for _, v in kv])

    def forward(self, src: torch.Tensor, src_mask: torch.Tensor, tgt_in: torch.Tensor) -> torch.Tensor:
        """Teacher forcing: logits [B, T, V] for every position of tgt_in [B, T]."""
        ck, cv = self.cross_kv(self.encode(src, src_mask))
        smask = self.pad_mask(src_mask)
        t = tgt_in.shape[1]
        pos = torch.arange(t, device=src.device)
        causal = torch.full((t, t), NEG, device=src.device).triu(1)
        x = self.drop(self.embed_tokens(tgt_in))
        for i, layer in enumerate(self.decoder):
            x = layer(x, lambda h, a=layer.self_attn: a.project_kv(h, pos), causal, pos, (ck[i], cv[i]), smask)
        return self.logits(x)

    def decode_step(self, token, pos, past_k, past_v, cross_k, cross_v, src_mask):
        """One decoder step with a KV cache.

        token [B, 1], pos [1] (the token's position), past_k/past_v [L, B, kvh, T, hd],
        cross_k/cross_v [L, B, kvh, S, hd], src_mask [B, S] -> logits [B, V], new_k, new_v [L, B, kvh, T+1, hd]."""
        x = self.embed_tokens(token)
        smask = self.pad_mask(src_mask)
        no_mask = torch.zeros((1, 1), dtype=torch.float32, device=x.device)
        new_k, new_v = [], []
        for i, layer in enumerate(self.decoder):

            def self_kv(h, i=i, a=layer.self_attn):
                k, v = a.project_kv(h, pos)
                new_k.append(torch.cat([past_k[i], k], dim=2))
                new_v.append(torch.cat([past_v[i], v], dim=2))
                return new_k[-1], new_v[-1]

            x = layer(x, self_kv, no_mask, pos, (cross_k[i], cross_v[i]), smask)
        return self.logits(x)[:, -1], torch.stack(new_k), torch.stack(new_v)

    def empty_cache(self, batch: int = 1) -> torch.Tensor:
        c = self.cfg
        return torch.zeros(c.dec_layers, batch, c.n_kv_heads, 0, c.head_dim)

    def param_counts(self) -> dict:
        """Parameters by part (the shared embedding counted once)."""
        count = lambda mods: sum(p.numel() for m in mods for p in m.parameters())  # noqa: E731
        enc, dec = count(self.encoder) + count([self.enc_norm]), count(self.decoder) + count([self.dec_norm])
        emb = self.embed.weight.numel()
        return {
            "total": enc + dec + emb,
            "encoder": enc,
            "decoder": dec,
            "embedding": emb,
            "encoder_share": round(enc / (enc + dec), 3),
        }
