"""Rebuild a finished-stage work directory from the shipped int8 model (`mu train --pretrained --continue
--from-model DIR` when .train_ckpt_pretrained/ is gone; only model/ survives and its fp32 weights never shipped).

What the int8 graphs hold, and how each part comes back:
- named fp32 initializers (m.encoder.pos, biases, LayerNorms, m.remap): copied, exact;
- the int8 MatMul weights (anonymous `onnx::MatMul_N_quantized`, per-column QInt8 from quantize_dynamic):
  dequantized, (q - zero_point) * scale per output column. Which torch parameter each one is comes from a
  fresh PretrainedMu of the same config exported with export.py: its fp32 MatMul initializers equal the torch
  weights transposed (matched by value), and each int8 MatMulInteger replaces one of those MatMuls (matched
  by the tensors it reads and writes, checked by shape);
- the encoder word embedding (4-bit blocks of 32 columns, pack_encoder_embedding): unpacked;
- the tied decoder embedding (stored once as the int8 output projection, share_decoder_embedding): the
  projection's columns times their scales.
So the weights are the int8/4-bit values the shipped model computes with: rounding lost is not recovered.
The vocabulary: the shipped tokenizer's tokens in id order, remap from the graph, the MiniLM rows rebuilt from
MiniLM's vocabulary (and checked against remap); corpus counts are not recoverable (empty; nothing reads them).
"""

from __future__ import annotations

import json
import shutil
import tempfile
from dataclasses import asdict
from pathlib import Path

import numpy as np

from mu_cli.catalog import Catalog
from mu_cli.errors import MuError
from mu_cli.runtime import open_session
from mu_cli.runtime.base import Stepper

from .train import FitState

WORK_CKPT = ("ckpt/latest.pt", "ckpt-continue/latest.pt")


def has_start(work: Path) -> bool:
    """True when `work` holds a checkpoint continue_pretrained can start or resume from."""
    work = Path(work)
    return any((work / p).exists() for p in WORK_CKPT) or any(work.glob("ckpt-stage*/latest.pt"))


# ------------------------------------------------------------------ reading the int8 graphs
def _graph(path: Path):
    import onnx
    from onnx import numpy_helper

    model = onnx.load(str(path))
    inits = {i.name: numpy_helper.to_array(i) for i in model.graph.initializer}
    return model, inits


def _producers(graph) -> dict:
    return {o: n for n in graph.node for o in n.output}


def _consumers(graph) -> dict:
    out: dict[str, list] = {}
    for n in graph.node:
        for i in n.input:
            out.setdefault(i, []).append(n)
    return out


def _dequant_matmuls(graph, inits: dict) -> list[dict]:
    """Every MatMulInteger with an int8 initializer weight: its dequantized fp32 weight [K, N], the activation
    it reads and the fp32 tensor its Cast -> Mul chain writes (the replaced MatMul's output)."""
    prod, cons = _producers(graph), _consumers(graph)
    out = []
    for n in graph.node:
        if n.op_type != "MatMulInteger" or n.input[1] not in inits:
            continue
        q = inits[n.input[1]].astype(np.float32)
        zp = inits[n.input[3]].astype(np.float32) if len(n.input) > 3 and n.input[3] in inits else np.zeros(1)
        if zp.size not in (1, q.shape[1]):
            raise MuError(f"{n.name}: zero point of size {zp.size}, not per column")
        mul, scale = _weight_scale(n, q.shape[1], prod, cons, inits)
        quant = prod.get(n.input[0])
        act = quant.input[0] if quant is not None and quant.op_type == "DynamicQuantizeLinear" else n.input[0]
        out.append(
            {
                "name": n.name,
                "weight": (q - zp.reshape(1, -1)) * scale.reshape(1, -1),
                "q": inits[n.input[1]],
                "scale": scale,
                "zp": zp,
                "input": act,
                "output": mul.output[0],
            }
        )
    return out


def _weight_scale(n, columns: int, prod: dict, cons: dict, inits: dict):
    """The Mul after a MatMulInteger's Cast, and the per-column weight scale: an initializer [N] feeding the node
    that makes the Mul's scale (activation scale * weight scale)."""
    cast = cons[n.output[0]][0]
    mul = cons[cast.output[0]][0]
    if cast.op_type != "Cast" or mul.op_type != "Mul":
        raise MuError(f"{n.name}: not followed by Cast -> Mul (not onnxruntime's dynamic quantisation)")
    scale_in = next(i for i in mul.input if i != cast.output[0])
    feeds = prod[scale_in].input if scale_in in prod else [scale_in]
    cands = [i for i in feeds if i in inits and inits[i].dtype == np.float32 and inits[i].shape == (columns,)]
    guess = n.input[1].removesuffix("_quantized") + "_scale"
    name = guess if guess in cands else (cands[0] if len(cands) == 1 else None)
    if name is None:
        raise MuError(f"{n.name}: no per-column scale of shape [{columns}] for {n.input[1]}")
    return mul, inits[name]


def _fp32_matmuls(path: Path) -> list[dict]:
    """The fp32 export's MatMuls with an initializer weight: weight [K, N], activation, output."""
    model, inits = _graph(path)
    return [
        {"name": n.name, "weight": inits[n.input[1]], "input": n.input[0], "output": n.output[0]}
        for n in model.graph.node
        if n.op_type == "MatMul" and n.input[1] in inits
    ]


def _param_of(fp32: list[dict], state: dict) -> dict[str, str]:
    """fp32 MatMul output name -> torch parameter name, by value (the initializer is the weight transposed)."""
    by_shape: dict[tuple, list[str]] = {}
    for k, v in state.items():
        if v.dim() == 2:
            by_shape.setdefault(tuple(v.shape[::-1]), []).append(k)
    out = {}
    for mm in fp32:
        hits = [k for k in by_shape.get(mm["weight"].shape, []) if np.array_equal(state[k].numpy().T, mm["weight"])]
        if len(hits) != 1:
            raise MuError(f"fp32 export: MatMul {mm['name']} matches {len(hits)} torch weights")
        out[mm["output"]] = hits[0]
    if len(set(out.values())) != len(out):
        raise MuError("fp32 export: two MatMuls share one torch weight")
    return out


def _pair(int8: list[dict], fp32: list[dict]) -> list[tuple[dict, dict]]:
    """Each int8 MatMulInteger with the fp32 MatMul it replaced: by the tensor it writes and reads; where the
    names differ (another exporter), by position among the MatMuls of the same weight shape."""
    by_out = {m["output"]: m for m in fp32}
    pairs = []
    if all(q["output"] in by_out for q in int8) and len(int8) == len(fp32):
        pairs = [(q, by_out[q["output"]]) for q in int8]
    if not pairs or any(q["input"] != f["input"] for q, f in pairs):
        if len(int8) != len(fp32):
            raise MuError(f"{len(int8)} int8 MatMuls vs {len(fp32)} in the fp32 export: another architecture?")
        pairs = list(zip(int8, fp32))  # both graphs in the exporter's (topological) order
    for q, f in pairs:
        if q["weight"].shape != f["weight"].shape:
            raise MuError(f"{q['name']} {q['weight'].shape} vs {f['name']} {f['weight'].shape}: graphs differ")
    return pairs


def _unpack_q4(packed: np.ndarray, scale: np.ndarray) -> np.ndarray:
    """pack_encoder_embedding's inverse: two values a byte (low nibble first), zero point 8, a scale per block."""
    rows = packed.shape[0]
    q = np.empty((rows, packed.shape[1] * 2), np.float32)
    q[:, 0::2], q[:, 1::2] = packed & 0x0F, packed >> 4
    block = q.shape[1] // scale.shape[1]
    return ((q - 8.0).reshape(rows, scale.shape[1], block) * scale[..., None]).reshape(rows, -1)


# ------------------------------------------------------------------ the vocabulary
def _vocab(model_dir: Path, meta: dict, catalog: Catalog, remap: list[int], ecfg, minilm: Path | None):
    """The PrunedVocab of the shipped model (counts empty: the corpus is not part of the model)."""
    from mu_cli.grammar import BOS, EOS, PAD, UNK, functional_tokens

    from . import pretrained as P
    from .tokenizer import load_tokenizer, vocab_of

    ids = vocab_of(load_tokenizer(model_dir / meta["tokenizer"]["file"]))
    tokens = [t for t, _ in sorted(ids.items(), key=lambda kv: kv[1])]
    if [ids[t] for t in tokens] != list(range(len(tokens))) or len(tokens) != len(remap):
        raise MuError("the shipped tokenizer's ids are not 0..V-1 over the model's vocabulary")
    func = functional_tokens(catalog)
    nf = meta.get("pretrained", {}).get("vocab", {}).get("functional", len(func))
    if tokens[:nf] != func:
        raise MuError(
            "the catalog's functional tokens (ids, kinds, domains) differ from the shipped model's; "
            "its vocabulary cannot be kept: train from the start (mu train --pretrained --fresh)"
        )
    mv = P._minilm_vocab(Path(minilm or P.minilm_dir()))
    spelled = P._spelled(mv)
    text = tokens[nf:]
    missing = [t for t in text if t not in spelled]
    if missing:
        raise MuError(f"{len(missing)} tokens of the shipped tokenizer are not MiniLM's ({missing[:5]})")
    rows = sorted({mv[t] for t in (P.BERT_CLS, P.BERT_SEP, P.BERT_PAD, P.BERT_UNK)} | {spelled[t] for t in text})
    where = {r: i for i, r in enumerate(rows)}
    special = {PAD: P.BERT_PAD, BOS: P.BERT_CLS, EOS: P.BERT_SEP, UNK: P.BERT_UNK}
    want = [where[mv[special.get(t, P.BERT_UNK)]] for t in func] + [where[spelled[t]] for t in text]
    # not checked: ecfg's cls/sep/pad/unk rows. The shipped config (and graph: ConstantOfShape 101) keeps
    # MiniLM's own ids 101/102/0/100, i.e. pruned row 101, not [CLS] (row 2): kept as trained, not "fixed"
    ok = len(rows) == ecfg.rows and want == list(remap)
    if not ok:
        raise MuError("the MiniLM rows rebuilt from the tokenizer do not reproduce the model's remap")
    return P.PrunedVocab(tokens, rows, list(remap), nf, {})


# ------------------------------------------------------------------ the weights
def recover_model(model_dir: Path, catalog: Catalog | None = None):
    """The shipped int8 model as a PretrainedMu (dequantized weights) and what was read: (model, info)."""
    import torch

    from . import pretrained as P
    from .export import export_onnx
    from .model import ModelConfig

    meta = json.loads((model_dir / "model.json").read_text())
    files = meta["files"]["int8"]
    cfg = ModelConfig.from_dict(meta["model"]["config"])
    ecfg = P.EncoderConfig.from_dict(meta["model"]["encoder"])
    enc_g, enc_i = _graph(model_dir / files["encoder"])
    dec_g, dec_i = _graph(model_dir / files["decoder"])
    remap = [int(r) for r in enc_i["m.remap"]]

    # a fresh model of the same shape, exported by export.py: which MatMul is which torch weight
    torch.manual_seed(0)
    fresh = P.PretrainedMu(cfg, ecfg, remap).eval()
    state = fresh.state_dict()
    with tempfile.TemporaryDirectory() as tmp:
        ref = export_onnx(fresh, Path(tmp))
        fp32 = {k: _fp32_matmuls(p) for k, p in ref.items()}
    sd: dict[str, torch.Tensor] = {}
    n_mm = 0
    for part, (g, inits) in (("encoder", (enc_g, enc_i)), ("decoder", (dec_g, dec_i))):
        _named_initializers(inits, state, sd)
        n_mm += _matmul_weights(g.graph, inits, fp32[part], state, sd)
    if "encoder.word.weight" not in sd:
        sd["encoder.word.weight"] = _word_embedding(enc_i)
    missing = sorted(set(state) - set(sd))
    if missing:
        raise MuError(f"not in the shipped graphs: {missing}")
    model = P.PretrainedMu(cfg, ecfg, remap)
    model.load_state_dict(sd, strict=True)
    return model.eval(), {"meta": meta, "remap": remap, "int8_matmuls": n_mm, "tensors": len(sd)}


def _named_initializers(inits: dict, state: dict, sd: dict) -> None:
    """The graph's named initializers into `sd`: the state dict's names under the export wrapper's "m."."""
    import torch

    for name, arr in inits.items():
        key = name.removeprefix("m.")
        if name.startswith("m.") and key in state:
            if tuple(arr.shape) != tuple(state[key].shape):
                raise MuError(f"{name}: shape {arr.shape} vs {tuple(state[key].shape)}")
            sd[key] = torch.from_numpy(np.array(arr)).to(state[key].dtype)


def _matmul_weights(graph, inits: dict, fp32: list[dict], state: dict, sd: dict) -> int:
    """The dequantized int8 MatMul weights into `sd`, each under the torch weight that exports to the same
    MatMul of a fresh model's fp32 graph; how many."""
    import torch

    names = _param_of(fp32, state)
    n = 0
    for q, f in _pair(_dequant_matmuls(graph, inits), fp32):
        key = names[f["output"]]
        if key in sd:
            raise MuError(f"{key}: two int8 weights")
        sd[key] = torch.from_numpy(np.ascontiguousarray(q["weight"].T))
        n += 1
    return n


def _word_embedding(enc_i: dict):
    """The encoder's word embedding from its 4-bit packed form."""
    import torch

    p = "m.encoder.word.weight"
    if p + "_q4" not in enc_i:
        raise MuError("the encoder word embedding is neither fp32 nor 4-bit packed")
    return torch.from_numpy(_unpack_q4(enc_i[p + "_q4"], enc_i[p + "_q4_scale"]))


# ------------------------------------------------------------------ parity with the shipped runtime
DEFAULT_REQUESTS = [
    "set brightness to 70",
    "turn on dark mode",
    "make the screen a bit brighter",
    "mute the sound",
    "turn off bluetooth",
    "open wifi settings",
    "set the volume to 30 percent",
    "enable night light",
    "my mouse pointer is too small",
    "use a proxy at proxy.example.com:8080",
    "turn off notifications",
    "the text is too small to read",
    "change my wallpaper",
    "increase the volume and turn on bluetooth",
    "stop apps running in the background",
    "set screen timeout to 5 minutes",
    "where do i change the keyboard layout",
    "hello",
    "disable location services",
    "make everything bigger",
]


def parity(model, model_dir: Path, requests: list[str] | None = None, max_steps: int | None = None) -> dict:
    """The recovered torch model vs the shipped int8 graphs on `requests`: encoder hidden states (cosine per
    token, the int8 graph's last LayerNorm output), cross K/V, and greedy decoding (unconstrained argmax):
    the int8 sequence, torch's top-1 on that same prefix at each step, and torch's own greedy sequence."""
    import torch

    from .tokenizer import load_tokenizer

    meta = json.loads((model_dir / "model.json").read_text())
    cfg, tally = model.cfg, _Tally()
    tok = load_tokenizer(model_dir / meta["tokenizer"]["file"])
    enc, dec, hidden_out = _int8_sessions(model, model_dir, meta)
    max_steps, requests = max_steps or cfg.max_tgt, requests or DEFAULT_REQUESTS
    with torch.no_grad():
        for text in requests:
            ids = tok.encode(text, add_special_tokens=False).ids[: cfg.max_src - 1] + [tok.token_to_id("</s>")]
            src = np.array([ids], np.int64)
            mask = np.ones_like(src)
            outs = enc.run(None, {"input_ids": src, "attention_mask": mask})
            ts, tm = torch.from_numpy(src), torch.from_numpy(mask)
            mem = model.encode(ts, tm)
            if hidden_out:
                tally.cos_h.extend(_cos(outs[2][0, 1:], mem[0].numpy()).tolist())
            for onnx_kv, torch_kv in zip(outs[:2], model.cross_kv(mem)):
                tally.cos_kv.extend(_cos(_per_position(onnx_kv), _per_position(torch_kv.numpy())).tolist())
            seq, rows = _int8_greedy(dec, outs[0], outs[1], mask, cfg, max_steps)
            tally.add(model(ts, tm, torch.tensor([seq[:-1]]))[0].numpy(), np.stack(rows))
            tally.same_seq += int(_torch_greedy(model, ts, tm, cfg, max_steps) == seq)
    return tally.summary(len(requests))


class _Tally:
    """What parity counts over the requests."""

    def __init__(self):
        self.cos_h, self.cos_kv, self.agree, self.steps, self.same_seq, self.max_diff, self.sum_diff = (
            [],
            [],
            0,
            0,
            0,
            0.0,
            0.0,
        )

    def add(self, ref: np.ndarray, got: np.ndarray) -> None:
        """torch's teacher-forced logits against the int8 graphs' on the same steps."""
        self.agree += int((ref.argmax(-1) == got.argmax(-1)).sum())
        self.steps += len(got)
        diff = np.abs(ref - got)
        self.max_diff, self.sum_diff = max(self.max_diff, float(diff.max())), self.sum_diff + float(diff.mean(-1).sum())

    def summary(self, requests: int) -> dict:
        out = {
            "requests": requests,
            "decoder_steps": self.steps,
            "top1_agree": round(self.agree / max(1, self.steps), 4),
            "greedy_same": round(self.same_seq / max(1, requests), 4),
            "max_abs_logit_diff": round(self.max_diff, 4),
            "mean_abs_logit_diff": round(self.sum_diff / max(1, self.steps), 4),
            "cross_kv_cos_min": round(float(np.min(self.cos_kv)), 5),
            "cross_kv_cos_mean": round(float(np.mean(self.cos_kv)), 5),
        }
        if self.cos_h:
            out.update(
                hidden_cos_min=round(float(np.min(self.cos_h)), 5), hidden_cos_mean=round(float(np.mean(self.cos_h)), 5)
            )
        return out


def _cos(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return (a * b).sum(-1) / (np.linalg.norm(a, axis=-1) * np.linalg.norm(b, axis=-1) + 1e-12)


def _per_position(kv: np.ndarray) -> np.ndarray:
    """A [layers, 1, heads, positions, head_dim] cache as one row per layer and position."""
    return np.moveaxis(kv, 3, -2).reshape(-1, kv.shape[-1] * kv.shape[2])


def _int8_sessions(model, model_dir: Path, meta: dict):
    """The shipped int8 encoder (its last LayerNorm's output exposed, where the graph has it) and decoder."""
    import onnx

    enc_m = onnx.load(str(model_dir / meta["files"]["int8"]["encoder"]))
    last = f"/encoder/layers.{model.ecfg.layers - 1}/ln2/LayerNormalization_output_0"
    hidden_out = last in {o for n in enc_m.graph.node for o in n.output}
    if hidden_out:
        enc_m.graph.output.append(onnx.helper.make_tensor_value_info(last, onnx.TensorProto.FLOAT, None))
    enc = open_session(enc_m.SerializeToString(), cache=False)
    return enc, open_session(model_dir / meta["files"]["int8"]["decoder"], cache=False), hidden_out


def _int8_greedy(dec, ck, cv, mask, cfg, max_steps: int) -> tuple[list[int], list[np.ndarray]]:
    """Greedy decoding (unconstrained argmax) with the int8 decoder: the sequence and each step's logits."""
    empty = np.zeros((cfg.dec_layers, 1, cfg.n_kv_heads, 0, cfg.head_dim), np.float32)
    step = Stepper(dec, {"cross_k": ck, "cross_v": cv, "attention_mask": mask}, empty)
    seq, rows = [cfg.bos_id], []
    for _ in range(max_steps):
        rows.append(step(seq[-1]))
        seq.append(int(rows[-1].argmax()))
        if seq[-1] == cfg.eos_id:
            break
    return seq, rows


def _torch_greedy(model, ts, tm, cfg, max_steps: int) -> list[int]:
    import torch

    own = [cfg.bos_id]
    for _ in range(max_steps):
        nxt = int(model(ts, tm, torch.tensor([own]))[0, -1].argmax())
        own.append(nxt)
        if nxt == cfg.eos_id:
            break
    return own


def parity_ok(p: dict) -> bool:
    """Recovered weights that reproduce the int8 graphs: the differences int8 activations make, no more (the
    shipped model.json's own torch-vs-int8 parity: max logit difference 0.95, argmax agreement 1.0)."""
    return (
        p["top1_agree"] >= 0.95
        and p["max_abs_logit_diff"] < 2.5
        and p.get("hidden_cos_min", 1.0) > 0.98
        and p["cross_kv_cos_min"] > 0.98
    )


# ------------------------------------------------------------------ the work directory
def recover_work_dir(
    model_dir: Path,
    work: Path,
    catalog: Catalog,
    *,
    requests: list[str] | None = None,
    minilm_dir: Path | None = None,
    overwrite: bool = False,
) -> dict:
    """Write work/ckpt/latest.pt (a finished stage), work/vocab.json, work/tokenizer.json and work/run.json from
    the shipped int8 model in `model_dir`, so continue_pretrained(catalog, ..., work_dir=work) starts from it.
    Returns a summary with the parity of the recovered torch model against the shipped int8 graphs."""
    model_dir, work = Path(model_dir), Path(work)
    if has_start(work) and not overwrite:
        raise MuError(f"{work} already holds a checkpoint to continue from; not overwriting it")
    model, info = recover_model(model_dir, catalog)
    meta = info["meta"]
    shipped_hash = meta.get("catalog", {}).get("hash")
    pv = _vocab(model_dir, meta, catalog, info["remap"], model.ecfg, minilm_dir)  # refuses another grammar
    check = parity(model, model_dir, requests)
    if not parity_ok(check):
        raise MuError(f"the recovered weights do not reproduce the shipped model: {check}")

    work.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(model_dir / meta["tokenizer"]["file"], work / "tokenizer.json")
    ck, run_id = _checkpoint(model, model_dir, meta, catalog, work / "tokenizer.json", check)
    _write_work(work, ck, pv, run_id)
    return {
        "work": str(work),
        "files": ["ckpt/latest.pt", "vocab.json", "tokenizer.json", "run.json"],
        "catalog_hash": catalog.hash,
        "shipped_catalog_hash": shipped_hash,
        "catalog_matches": shipped_hash == catalog.hash,
        "int8_matmuls": info["int8_matmuls"],
        "tensors": info["tensors"],
        "stages": len(ck["stages"]),
        "step": ck["state"]["step"],
        "parity": check,
        "lossy": LOSSY,
    }


def _checkpoint(model, model_dir: Path, meta: dict, catalog: Catalog, tok_path: Path, check: dict):
    """The finished stage's checkpoint (a fresh AdamW: the moments are not recoverable) and its run id."""
    import torch

    from . import pretrained as P
    from .tokenizer import file_hash

    tr = meta.get("training", {})
    tcfg = P.PretrainedTrainConfig.from_dict(tr.get("train_config", {}))
    run_id = _run_id(model_dir, meta, catalog, tcfg)
    groups = model.param_groups(tcfg.enc_lr, tcfg.peak_lr, tcfg.weight_decay)
    opt = torch.optim.AdamW(groups, lr=tcfg.peak_lr, betas=(0.9, 0.98))
    recovered = {"from": str(model_dir.resolve()), "created": meta.get("created"), "parity": check, "lossy": LOSSY}
    ck = {
        "model": model.state_dict(),
        "optimizer": opt.state_dict(),
        "rng": torch.get_rng_state(),
        "state": asdict(_finished_state(tr)),
        "train_config": asdict(tcfg),
        "model_config": model.cfg.to_dict(),
        "encoder_config": model.ecfg.to_dict(),
        "fingerprint": {**run_id, "tokenizer": file_hash(tok_path)},
        "stages": list(tr.get("stages", [])),
        "data": None,
        "recovered": recovered,
    }
    return ck, run_id


LOSSY = (
    "int8 per-column weights of every Linear (rounding to 1/127 of each column's largest value); "
    "encoder word embedding 4-bit (1/7 of each 32-column block's largest value); "
    "decoder embedding = int8 output projection; optimizer moments and RNG state not recoverable "
    "(a fresh AdamW); corpus counts not recoverable (empty)"
)


def _finished_state(tr: dict) -> FitState:
    """The run state of a finished stage, from model.json's training record."""
    last = {k: tr[k] for k in ("train_loss", "val_loss", "val_exact", "val_exact_n") if k in tr}
    steps = int(tr.get("steps", tr.get("step", 0)))
    return FitState(
        step=steps,
        epoch=int(tr.get("epochs", 0)),
        batch=0,
        total_steps=steps,
        locked=True,
        train_seconds=float(tr.get("train_seconds", 0.0)),
        samples=int(tr.get("samples_seen", 0)),
        history=[{"step": steps, **last}] if last else [],
        done=True,
    )


def _run_id(model_dir: Path, meta: dict, catalog: Catalog, tcfg) -> dict:
    """What continue_pretrained checks a work directory against (run.json and the checkpoint's fingerprint)."""
    tr, pretrained = meta.get("training", {}), meta.get("pretrained", {})
    return {
        "catalog": catalog.hash,
        "seed": (tr.get("stages") or [{}])[0].get("seed", tcfg.seed),
        "n_samples": None,
        "min_count": pretrained.get("vocab", {}).get("min_count", 5),
        "minilm": pretrained.get("sha256", {}).get("model.safetensors"),
        "generator": meta.get("data", {}).get("generator", "mu_cli.training.synth"),
        "recovered_from": str(model_dir.resolve()),
    }


def _write_work(work: Path, ck: dict, pv, run_id: dict) -> None:
    import torch

    (work / "ckpt").mkdir(parents=True, exist_ok=True)
    tmp = work / "ckpt" / "latest.tmp"
    torch.save(ck, tmp)
    tmp.replace(work / "ckpt" / "latest.pt")
    (work / "vocab.json").write_text(json.dumps(pv.to_dict()))
    (work / "run.json").write_text(json.dumps(run_id))
