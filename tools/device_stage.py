"""One more training stage from the shipped model, prepared here and trained on a machine with a GPU, several
variants at once (one process each: the model is small, so one GPU trains four about as fast as one).

    python tools/device_stage.py prep DIR [--pairs 700000] [--pools p1:14:continue,p2:15:real]
    python tools/device_stage.py train DIR OUT [--variants a,b,c,d] [--minutes 7]     # on the GPU machine
    python tools/device_stage.py ship DIR OUT VARIANT[+VARIANT...] MODEL_DIR [--alpha 0.5]

`prep` rebuilds the shipped stage's weights from model/ (mu_cli.training.recover), synthesises and encodes each
pool (`seed`, and the continuation's mix or one with more real-shaped requests), and writes DIR/start.pt, the
pools (xz-compressed token arrays) and their validation records. `train` needs only the repository, torch and
DIR; it writes OUT/<variant>.pt and OUT/<variant>.log. `ship` turns variants (averaged, and with `--alpha` the
shipped stage's share) into a model directory through the pipeline's ship(), which `mu bench --variant` and
MU_MODEL take. Weights travel as int8 rows with their scales: exact for the shipped model's weights, which are
int8 columns already, and below the int8 model's own rounding for trained ones.
"""

from __future__ import annotations

import argparse
import io
import json
import lzma
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

REAL_MIX = (  # the continuation's mix with more of the shapes of real requests (49% of pairs, not 35%)
    ("single", 20),
    ("terse", 4),
    ("indirect", 14),
    ("open", 5),
    ("multi", 12),
    ("nocall", 9),
    ("procedural", 10),
    ("preamble", 8),
    ("titled", 8),
    ("compound", 8),
    ("phone", 4),
    ("in_app", 4),
    ("chat", 7),
)
VARIANTS = {  # name: (pool, learning rates); batch 128 and the rest of the continuation's GPU recipe
    "a": ("p1", {"peak_lr": 3e-4, "enc_lr": 3e-5}),
    "b": ("p1", {"peak_lr": 1.5e-4, "enc_lr": 1.5e-5}),
    "c": ("p2", {"peak_lr": 3e-4, "enc_lr": 3e-5}),
    "d": ("p2", {"peak_lr": 1.5e-4, "enc_lr": 1.5e-5}),
}


# ------------------------------------------------------------------ weights as int8 rows
def pack(state: dict, word16: bool = False) -> dict:
    """A state dict to travel: 2-D weights as int8 rows and their scales, position tables and small tensors as
    they are, the encoder's word table in fp16 when `word16` (the start: its 4-bit blocks are no int8 rows)."""
    import torch

    out = {}
    for k, v in state.items():
        v = v.detach().cpu()
        if not v.is_floating_point() or v.numel() <= 4096 or k.endswith("pos"):
            out[k] = ("as_is", v)
        elif word16 and k == "encoder.word.weight" or v.dim() != 2:
            out[k] = ("fp16", v.half())
        else:
            scale = v.float().abs().amax(dim=1, keepdim=True).clamp_min(1e-12) / 127.0
            out[k] = ("int8", torch.round(v.float() / scale).clamp(-127, 127).to(torch.int8), scale.squeeze(1))
    return out


def unpack(packed: dict) -> dict:
    return {
        k: v[1].float() * v[2].unsqueeze(1) if v[0] == "int8" else v[1].float() if v[0] == "fp16" else v[1]
        for k, v in packed.items()
    }


# ------------------------------------------------------------------ pools of encoded pairs
def save_pool(path: Path, train_ex: list, val_ex: list) -> None:
    arrays = {}
    for part, examples in (("train", train_ex), ("val", val_ex)):
        for side in (0, 1):
            seqs = [np.asarray(ex[side], np.uint16) for ex in examples]
            arrays[f"{part}{side}"] = np.concatenate(seqs)
            arrays[f"{part}{side}_len"] = np.array([len(s) for s in seqs], np.uint16)
    buf = io.BytesIO()
    np.savez(buf, **arrays)
    path.write_bytes(lzma.compress(buf.getvalue(), preset=6))


def load_pool(path: Path) -> tuple[list, list]:
    z = np.load(io.BytesIO(lzma.decompress(path.read_bytes())))

    def seqs(key: str) -> list[list[int]]:
        ends = np.cumsum(z[f"{key}_len"].astype(np.int64))
        return [z[key][e - n : e].astype(np.int64).tolist() for e, n in zip(ends, z[f"{key}_len"].tolist())]

    return tuple(list(zip(seqs(f"{part}0"), seqs(f"{part}1"))) for part in ("train", "val"))


# ------------------------------------------------------------------ here: the start and the pools
def prep(out: Path, pairs: int, pools: list[tuple[str, int, str]]) -> None:
    import functools

    import torch

    from mu_cli.catalog import Catalog
    from mu_cli.training.pretrained_pipeline import CONTINUE_MIX
    from mu_cli.training.recover import recover_model
    from mu_cli.training.synth import generate
    from mu_cli.training.train import encode_records

    out.mkdir(parents=True, exist_ok=True)
    catalog = Catalog.load([])
    model, _ = recover_model(ROOT / "model", catalog)
    torch.save(pack(model.state_dict(), word16=True), out / "start.pt")
    tok = _tokenizer()
    for name, seed, mix in pools:
        t0 = time.time()
        train, val = functools.partial(generate, mix=REAL_MIX if mix == "real" else CONTINUE_MIX)(catalog, seed, pairs)
        train_ex, _ = encode_records(train, tok, catalog, model.cfg)
        val_ex, _ = encode_records(val[:3000], tok, catalog, model.cfg)
        save_pool(out / f"pool-{name}.npz.xz", train_ex, val_ex)
        (out / f"val-{name}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in val[:3000]))
        meta = {"seed": seed, "mix": mix, "pairs": pairs, "train": len(train_ex), "val": len(val_ex)}
        (out / f"pool-{name}.json").write_text(json.dumps(meta))
        print(f"{name}: {len(train_ex)} train, {len(val_ex)} val pairs, {time.time() - t0:.0f} s", flush=True)


def _tokenizer():
    from mu_cli.training.tokenizer import load_tokenizer

    return load_tokenizer(ROOT / "model" / "tokenizer.json")


def _shipped_model(packed: dict):
    """A PretrainedMu of the shipped model's shape holding the packed weights."""
    from mu_cli.training import pretrained as P
    from mu_cli.training.model import ModelConfig

    meta = json.loads((ROOT / "model" / "model.json").read_text())
    cfg, ecfg = ModelConfig.from_dict(meta["model"]["config"]), P.EncoderConfig.from_dict(meta["model"]["encoder"])
    model = P.PretrainedMu(cfg, ecfg, packed["remap"][1].tolist())
    model.load_state_dict(unpack(packed), strict=True)
    return model


# ------------------------------------------------------------------ there: the variants, one process each
def train(src: Path, out: Path, variants: list[str], minutes: float, max_steps: int = 0) -> None:
    out.mkdir(parents=True, exist_ok=True)
    me = [sys.executable, __file__, "one", str(src), str(out), str(minutes), str(max_steps)]
    procs = [subprocess.Popen([*me, name]) for name in variants]
    codes = [p.wait() for p in procs]
    print("exit codes", dict(zip(variants, codes)), flush=True)
    if any(codes):
        raise SystemExit(1)


def train_one(src: Path, out: Path, minutes: float, max_steps: int, name: str) -> None:
    import torch

    from mu_cli.catalog import Catalog
    from mu_cli.training import pretrained as P
    from mu_cli.training.pretrained_pipeline import CONTINUE_GPU, CONTINUE_RECIPE

    t0, pool, rates = time.time(), *VARIANTS[name]
    with open(out / f"{name}.log", "w") as log:

        def emit(info: dict) -> None:
            if info.get("phase") != "train" or info.get("step", 0) % 500 == 0:
                log.write(json.dumps({"t": round(time.time() - t0, 1), **info}) + "\n")
                log.flush()

        model = _shipped_model(torch.load(src / "start.pt", weights_only=False))
        train_ex, val_ex = load_pool(src / f"pool-{pool}.npz.xz")
        device = "cuda" if torch.cuda.is_available() else "cpu"
        recipe = {**CONTINUE_RECIPE, **CONTINUE_GPU, "seed": 20 + ord(name[0]), "minutes": minutes}
        recipe |= {"ckpt_every": 10**9, "eval_every": 3000, "threads": 3, "device": device, "max_steps": max_steps}
        emit({"phase": "config", **recipe, **rates, "pool": pool, "train": len(train_ex)})
        cfg = P.PretrainedTrainConfig.from_dict({**recipe, **rates})
        catalog = Catalog.load([])
        model, _ = P.train(model, cfg, train_ex, val_ex, _tokenizer(), catalog, Path(f"/tmp/ckpt-{name}"), False, emit)
        torch.save(pack(model.state_dict()), out / f"{name}.pt.tmp")
        os.replace(out / f"{name}.pt.tmp", out / f"{name}.pt")
        emit({"phase": "saved"})


# ------------------------------------------------------------------ here: a model directory
def ship(src: Path, trained: Path, spec: str, model_dir: Path, alpha: float) -> dict:
    """Variants `spec` ("d", "c+d") averaged, with `alpha` of the shipped stage, through the pipeline's ship()."""
    import tempfile

    import torch

    from mu_cli.catalog import Catalog
    from mu_cli.training import pretrained as P
    from mu_cli.training.pretrained_pipeline import Prepared, _stage_summary
    from mu_cli.training.pretrained_pipeline import ship as ship_stage
    from mu_cli.training.recover import recover_work_dir
    from mu_cli.training.train import encode_records

    names, catalog = spec.split("+"), Catalog.load([])
    work = Path(tempfile.mkdtemp(prefix="mu-stage-"))
    recover_work_dir(ROOT / "model", work, catalog)
    ck = torch.load(work / "ckpt" / "latest.pt", weights_only=False)
    model = _averaged(src, trained, names, alpha)
    rows = [json.loads(line) for line in (trained / f"{names[0]}.log").read_text().splitlines()]
    conf, done = (next(r for r in rows if r["phase"] == phase) for phase in ("config", "done"))
    pool = VARIANTS[names[0]][0]
    val_recs = [json.loads(line) for line in (src / f"val-{pool}.jsonl").read_text().splitlines()][:600]
    tok, meta = _tokenizer(), json.loads((src / f"pool-{pool}.json").read_text())
    run = json.loads((work / "run.json").read_text())
    run_id = {**run, "seed": meta["seed"], "n_samples": meta["pairs"], "generator": "mu_cli.training.synth"}
    pv = P.PrunedVocab(**json.loads((work / "vocab.json").read_text()))
    train_ex, _ = load_pool(src / f"pool-{pool}.npz.xz")
    val = (encode_records(val_recs, tok, catalog, model.cfg)[0], val_recs)
    prep = Prepared(
        P.verify(P.minilm_dir()),
        {**run_id, "continues": run},
        pv,
        tok,
        work / "tokenizer.json",
        train_ex,
        *val,
        0,
        run["min_count"],
    )
    tcfg = P.PretrainedTrainConfig.from_dict({k: v for k, v in conf.items() if k not in ("t", "phase")})
    stats = {
        **{k: v for k, v in done.items() if k not in ("t", "phase")},
        "stages": [*ck["stages"], _stage_summary(ck)],
    }
    return ship_stage(prep, model, tcfg, stats, catalog, model_dir, work, None, time.time())


def _averaged(src: Path, trained: Path, names: list[str], alpha: float):
    import torch

    start = torch.load(src / "start.pt", weights_only=False)
    states = [unpack(torch.load(trained / f"{n}.pt", weights_only=False)) for n in names]
    base = unpack(start)
    mean = {
        k: (alpha * base[k] + (1 - alpha) * sum(s[k] for s in states) / len(states)) if v.is_floating_point() else v
        for k, v in states[0].items()
    }
    model = _shipped_model(start)
    model.load_state_dict(mean, strict=True)
    return model.eval()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("prep")
    p.add_argument("dir", type=Path)
    p.add_argument("--pairs", type=int, default=700_000)
    p.add_argument("--pools", default="p1:14:continue,p2:15:real")
    t = sub.add_parser("train")
    t.add_argument("dir", type=Path)
    t.add_argument("out", type=Path)
    t.add_argument("--variants", default="a,b,c,d")
    t.add_argument("--minutes", type=float, default=7.0)
    t.add_argument("--max-steps", type=int, default=0)
    o = sub.add_parser("one")
    for arg in ("dir", "out", "minutes", "max_steps", "name"):
        o.add_argument(arg)
    s = sub.add_parser("ship")
    for arg in ("dir", "trained", "variants", "model_dir"):
        s.add_argument(arg, type=Path if arg != "variants" else str)
    s.add_argument("--alpha", type=float, default=0.0)
    a = ap.parse_args()
    if a.cmd == "prep":
        prep(a.dir, a.pairs, [(n, int(seed), mix) for n, seed, mix in (x.split(":") for x in a.pools.split(","))])
    elif a.cmd == "train":
        train(a.dir, a.out, a.variants.split(","), a.minutes, a.max_steps)
    elif a.cmd == "one":
        train_one(Path(a.dir), Path(a.out), float(a.minutes), int(a.max_steps), a.name)
    else:
        print(json.dumps(ship(a.dir, a.trained, a.variants, a.model_dir, a.alpha)["scores"]))


if __name__ == "__main__":
    main()
