"""tools/device_stage.py: what travels to and from the GPU machine comes back as it went."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

torch = pytest.importorskip("torch")

TOOL = Path(__file__).resolve().parents[2] / "tools" / "device_stage.py"


@pytest.fixture(scope="module")
def tool():
    spec = importlib.util.spec_from_file_location("device_stage", TOOL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_int8_rows_travel_exactly_and_other_weights_as_they_are(tool):
    torch.manual_seed(0)
    q = torch.randint(-127, 128, (96, 80)).float()
    q[:, 0] = 127  # each row's largest value: its scale exactly
    rows = q * (torch.rand(96, 1) + 0.01)
    state = {
        "layer.weight": rows,
        "encoder.pos": torch.randn(97, 64),
        "norm.weight": torch.randn(64),
        "remap": torch.arange(5000),
    }
    back = tool.unpack(tool.pack(state))
    assert torch.allclose(back["layer.weight"], rows, rtol=1e-6, atol=0)
    assert torch.equal(back["encoder.pos"], state["encoder.pos"])
    assert torch.equal(back["norm.weight"], state["norm.weight"])
    assert back["remap"].dtype == torch.int64 and torch.equal(back["remap"], state["remap"])
    trained = torch.randn(96, 80)  # not int8 rows: within half a step of each row's scale
    err = (tool.unpack(tool.pack({"w": trained}))["w"] - trained).abs()
    assert (err <= trained.abs().amax(dim=1, keepdim=True) / 254 + 1e-7).all()


def test_a_pool_of_encoded_pairs_reads_back_as_written(tool, tmp_path):
    train = [([5, 6, 7, 2], [9, 2]), ([8, 2], [10, 11, 12, 2])]
    val = [([3, 2], [4, 2])]
    tool.save_pool(tmp_path / "pool.npz.xz", train, val)
    assert tool.load_pool(tmp_path / "pool.npz.xz") == (train, val)
