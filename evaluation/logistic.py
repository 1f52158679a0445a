"""Logistic regression by Newton's method for the evaluation tools' small learned scorers (the pair scorer of
``evaluation.pairmodel``, the extraction gates of ``evaluation.extractgate``): numpy only, inputs standardised, an L2
penalty on every weight but the bias (column 0, which must be all ones)."""

from __future__ import annotations


def fit(rows, labels, l2: float, iterations: int) -> tuple[list[float], list[float], list[float]]:
    """(mean, scale, weights) of a logistic regression of ``labels`` (0/1) on ``rows``: each input is standardised by
    its mean and scale (the bias column kept as it is), then the weights found by at most ``iterations`` Newton steps
    with the L2 penalty ``l2``."""
    import numpy as np

    x = np.asarray(rows, dtype=float)
    y = np.asarray(labels, dtype=float)
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    mean[0], scale[0] = 0.0, 1.0
    scale[scale < 1e-9] = 1.0
    z = (x - mean) / scale
    w = np.zeros(z.shape[1])
    penalty = np.full(z.shape[1], l2)
    penalty[0] = 0.0
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-np.clip(z @ w, -30, 30)))
        grad = z.T @ (p - y) + penalty * w
        hess = (z * (p * (1 - p))[:, None]).T @ z + np.diag(penalty + 1e-6)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return mean.tolist(), scale.tolist(), w.tolist()
