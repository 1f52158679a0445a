"""The two sums the ``fast`` model runs, in numpy, giving the float32 figures torch gives to the bit, so that a
saved model runs without importing torch (#12: the import costs ~1.9 s of CPU at every start of ``analyze``,
``doctor`` or a scheduler job, for a model that is one table lookup and an average).

- ``bag_means``: ``nn.EmbeddingBag(mode="mean")``: each bag's rows added one after another from zero, then
  divided by the bag's size.
- ``softmax``: ``torch.softmax(x, dim=-1)`` on the CPU: the row's largest value taken off, SLEEF's ``expf`` (the
  1-ulp exponential torch's vectorised kernels use, with fused multiply-adds), the row summed left to right,
  and each value multiplied by the sum's reciprocal.

``tests/test_classifier_floats.py`` holds both against torch (random rows, every corpus text); they are what
torch computes on a processor with AVX2 or AVX-512, where its vectorised kernels run (any machine of the last
ten years).
"""

from __future__ import annotations

import numpy as np

F32 = np.float32
# SLEEF's xexpf: 1/ln 2, ln 2 in two parts, and the polynomial for exp on [-ln2/2, ln2/2]
R_LN2 = F32(1.442695040888963407359924681001892137426645954152985934135449406931)
L2U, L2L = F32(0.693145751953125), F32(1.428606765330187045e-06)
POLY = tuple(map(F32, (0.00139304355252534151077271, 0.00833336077630519866943359, 0.0416664853692054748535156,
                       0.166666671633720397949219, 0.5)))  # fmt: skip
POLY_FIRST = F32(0.000198527617612853646278381)
GROUP = 16  # bags summed together by ``bag_means``


def bag_means(table: np.ndarray, flat: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """The mean of ``table``'s rows ``flat[offsets[i] : offsets[i + 1]]`` for each bag ``i``, each bag summed
    in order from zero in the table's float type (numpy's reductions sum pairwise or in blocks, which rounds
    otherwise; ``cumsum`` adds one row after another). Bags of like length are summed together (``GROUP`` at a
    time, the longest first), each padded with zero rows to the group's longest, which leave a running sum as
    it is; an empty bag gives zeros, as torch's."""
    n, dim = len(offsets), table.shape[1]
    out = np.zeros((n, dim), dtype=table.dtype)
    if not len(flat):
        return out
    sizes = np.diff(offsets, append=len(flat))
    order = np.argsort(-sizes, kind="stable")
    for first in range(0, n, GROUP):
        bags = order[first : first + GROUP]
        lengths = sizes[bags]
        if not lengths[0]:
            break
        steps = np.arange(int(lengths[0]))[:, None]
        padding = steps >= lengths
        rows = table[flat[np.where(padding, 0, offsets[bags] + steps)]]
        rows[padding] = 0
        # + 0: a bag whose first rows are all -0.0 starts from +0.0, as torch's running sum does
        sums = np.cumsum(rows, axis=0, dtype=table.dtype)[-1] + table.dtype.type(0)
        out[bags] = sums / np.maximum(lengths, 1).astype(table.dtype)[:, None]
    return out


def fma(a, b, c) -> np.ndarray:
    """float32 ``a * b + c`` rounded once, as a fused multiply-add: the product is exact in float64 and the
    sum's rounding error is recovered (two-sum), so that a float64 result halfway between two float32 numbers
    goes the way the exact sum lies."""
    a, b, c = (np.asarray(v, np.float64) for v in (a, b, c))
    p = a * b
    s = p + c
    v = s - p
    err = (p - (s - v)) + (c - v)  # s + err == p + c exactly
    out = s.astype(F32)
    wide = out.astype(np.float64)
    other = np.nextafter(out, np.where(s > wide, F32(np.inf), F32(-np.inf)).astype(F32))
    tie = (s != wide) & (s == (wide + other.astype(np.float64)) / 2) & (err != 0)
    # a tie broken to even by the cast: the exact value lies beyond s on err's side
    away = tie & ((err > 0) == (other.astype(np.float64) > wide))
    return np.where(away, other, out).astype(F32)


def _pow2(q: np.ndarray) -> np.ndarray:
    return ((q + 127).astype(np.int32) << 23).view(F32)


def expf(d: np.ndarray) -> np.ndarray:
    """SLEEF's ``xexpf`` on float32 values (what torch's vectorised ``exp`` runs)."""
    d = np.asarray(d, F32)
    q = np.rint(d * R_LN2).astype(np.int32)
    qf = q.astype(F32)
    s = fma(qf, -L2U, d)
    s = fma(qf, -L2L, s)
    u = np.full_like(s, POLY_FIRST)
    for c in POLY:
        u = fma(u, s, c)
    u = F32(1) + fma(s * s, u, s)
    half = q >> 1
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):  # out of range: replaced below
        u = (u * _pow2(half)) * _pow2(q - half)
    u = np.where(d < F32(-104), F32(0), u)
    return np.where(F32(100) < d, F32(np.inf), u).astype(F32)


def softmax(logits: np.ndarray) -> np.ndarray:
    """``torch.softmax(logits, dim=-1)`` of float32 rows, to the bit."""
    x = np.asarray(logits, F32)
    if x.size == 0:
        return x.copy()
    e = expf(x - x.max(axis=1, keepdims=True))
    total = e[:, 0].copy()
    for j in range(1, e.shape[1]):
        total += e[:, j]
    return e * (F32(1) / total)[:, None]
