"""(#12) The fast model runs in numpy without importing torch: its averaging and its softmax give torch's
float32 figures to the bit, so every score, label and explanation stays what it was."""

from __future__ import annotations

import subprocess
import sys
from fractions import Fraction

import numpy as np
import pytest

from classifier.floats import bag_means, fma, softmax

torch = pytest.importorskip("torch")


def test_softmax_is_torchs_to_the_bit():
    rng = np.random.default_rng(12)
    for scale in (0.5, 4, 30):
        rows = (rng.standard_normal((20_000, 3)) * scale).astype(np.float32)
        rows[:5] = [[0, 0, 0], [1, 1, -1], [-200, 0, 3], [88, 88.5, -90], [0, -103.9, -104.1]]
        assert softmax(rows).tobytes() == torch.softmax(torch.from_numpy(rows), dim=-1).numpy().tobytes()
    assert softmax(np.zeros((0, 3), np.float32)).shape == (0, 3)


def test_bag_means_are_embedding_bags_to_the_bit():
    rng = np.random.default_rng(7)
    table = rng.standard_normal((500, 3)).astype(np.float32) / 7
    sizes = rng.integers(1, 400, size=60)
    flat = rng.integers(0, 500, size=int(sizes.sum()))
    offsets = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64)
    bag = torch.nn.EmbeddingBag(500, 3, mode="mean")
    bag.weight.data = torch.from_numpy(table)
    expected = bag(torch.from_numpy(flat), torch.from_numpy(offsets)).detach().numpy()
    assert bag_means(table, flat, offsets).tobytes() == expected.tobytes()


def test_fma_rounds_once():
    f = np.float32
    # a * b = 2^-24 - 2^-70: in float64 the sum with 1 + 2^-23 lands halfway between two float32 numbers and
    # the cast would round it up to even; the exact sum lies below, so it rounds down
    assert fma(f(2**-12 * (1 + 2**-23)), f(2**-12 * (1 - 2**-23)), f(1 + 2**-23)) == f(1 + 2**-23)
    assert f(np.float64(f(1 + 2**-23)) + 2**-24) == f(1 + 2**-22)  # (what a plain cast gives)
    rng = np.random.default_rng(3)
    a, b, c = (rng.standard_normal(2000).astype(np.float32) for _ in range(3))
    exact = [
        Fraction(float(x)) * Fraction(float(y)) + Fraction(float(z)) for x, y, z in zip(a, b, c, strict=True)
    ]
    nearest = [min((np.float32(v), np.nextafter(np.float32(v), np.float32(np.inf)),
                    np.nextafter(np.float32(v), np.float32(-np.inf))), key=lambda g: abs(Fraction(float(g)) - v))
               for v in exact]  # fmt: skip
    assert fma(a, b, c).tolist() == [float(g) for g in nearest]


def test_the_shipped_fast_model_scores_posts_without_importing_torch():
    code = (
        "import sys; from classifier.loader import load_classifier; "
        "p = load_classifier('fast').predict(['老板拖欠我们三个月工资不发', '今天天气很好']); "
        "print(p[0].label, p[1].label, 'torch' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["wage_arrears", "irrelevant", "False"]
