"""Evaluation metrics as pure functions: P/R/F1, Spearman, pairwise order.

Example:
    >>> prf(tp=8, fp=2, fn=2)
    (0.8, 0.8, 0.8)
    >>> round(spearman([1, 2, 3, 4], [10, 20, 40, 30]), 2)
    0.8
    >>> pairwise_order([1, 2, 3], [5.0, 9.0, 7.0])
    0.6667
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall, F1 (0 when undefined)."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return round(p, 4), round(r, 4), round(f, 4)


# the thresholds a label's decision threshold is chosen from (by F1 on held-out probabilities)
THRESHOLD_GRID = np.arange(0.2, 0.81, 0.025)


def best_threshold(probs: np.ndarray, gold: np.ndarray) -> tuple[float, float]:
    """The threshold of ``THRESHOLD_GRID`` that maximises F1 of ``probs >= threshold`` against 0/1
    ``gold`` (the lowest of equals; without any positive, the lowest of the grid), and that F1.

    Example:
        >>> best_threshold(np.array([0.9, 0.7, 0.4, 0.1]), np.array([1, 1, 0, 0]))
        (0.425, 1.0)
    """
    best, best_f1 = 0.5, -1.0
    n_gold = float(np.sum(gold == 1))
    for t in THRESHOLD_GRID:
        pred = probs >= t
        tp = float(np.sum(pred & (gold == 1)))
        f1 = 2 * tp / (pred.sum() + n_gold) if pred.sum() + n_gold else 0.0
        if f1 > best_f1 + 1e-9:
            best, best_f1 = float(round(t, 3)), f1
    return best, float(best_f1)


# grid steps on each side of a threshold whose F1 are averaged when one is chosen (±0.05)
SMOOTHING = 2


def stable_threshold(probs: np.ndarray, gold: np.ndarray, window: int = SMOOTHING) -> float:
    """The threshold of ``THRESHOLD_GRID`` whose F1, averaged with that of the ``window`` grid steps on
    each side, is highest (the lowest of equals): the middle of a plateau rather than the top of a
    ripple on it. A label's F1 against its threshold is flat over a wide range (0.979 from 0.50 to 0.65
    for ``resolution_target`` out of fold), where the single best point moves by a step or three
    whenever a feature changes, and the thresholds with it.

    Example:
        >>> float(stable_threshold(np.array([0.9, 0.8, 0.7, 0.45, 0.3, 0.1]), np.array([1, 1, 1, 0, 0, 0])))
        0.525
    """
    n_gold = float(np.sum(gold == 1))
    f1 = []
    for t in THRESHOLD_GRID:
        pred = probs >= t
        tp = float(np.sum(pred & (gold == 1)))
        f1.append(2 * tp / (pred.sum() + n_gold) if pred.sum() + n_gold else 0.0)
    curve = np.array(f1)
    smooth = np.array([curve[max(0, k - window):k + window + 1].mean() for k in range(len(curve))])
    return float(round(THRESHOLD_GRID[int(np.argmax(smooth))], 3))


def _ranks(values: Sequence[float]) -> np.ndarray:
    from scipy.stats import rankdata

    return rankdata(values)


def spearman(a: Sequence[float], b: Sequence[float]) -> float:
    """Spearman's rank correlation (ties averaged); 0 when a side is constant."""
    if len(a) < 2:
        return 0.0
    ra, rb = _ranks(a), _ranks(b)
    if ra.std() == 0 or rb.std() == 0:
        return 0.0
    return float(np.corrcoef(ra, rb)[0, 1])


def pairwise_order(grades: Sequence[float], scores: Sequence[float]) -> float:
    """Share of document pairs with different grades whose scores are ordered the same way (ties count half)."""
    good = total = 0.0
    for i in range(len(grades)):
        for j in range(i + 1, len(grades)):
            if grades[i] == grades[j]:
                continue
            total += 1
            d = (grades[i] - grades[j]) * (scores[i] - scores[j])
            good += 1.0 if d > 0 else 0.5 if d == 0 else 0.0
    return round(good / total, 4) if total else 0.0


def boundary_match(gold: Sequence[tuple[int, int]], predicted: Sequence[tuple[int, int]]) -> float:
    """Share of gold sentences whose exact (start, end) the segmenter reproduced."""
    pred = set(predicted)
    return sum(1 for g in gold if g in pred) / len(gold) if gold else 1.0


def bootstrap_f1(per_doc: np.ndarray, *, resamples: int = 1000, seed: int = 0) -> tuple[float, float]:
    """95% interval of F1 when the documents are resampled with replacement.

    ``per_doc`` is n_documents × 3 (TP, FP, FN of each document): sentences of one submission
    are not independent, so the document is the unit that is drawn. Deterministic (fixed seed).

    Example:
        >>> low, high = bootstrap_f1(np.array([[9, 1, 0], [5, 0, 5], [8, 2, 0]]))
        >>> 0.0 <= low <= 0.8 <= high <= 1.0
        True
    """
    if len(per_doc) == 0:
        return 0.0, 0.0
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, len(per_doc), size=(resamples, len(per_doc)))
    tp, fp, fn = (per_doc[draws, k].sum(axis=1) for k in range(3))
    denominator = 2 * tp + fp + fn
    # a resample without gold or predicted sentences of the label has no F1: it is left out, not counted 0
    defined = denominator > 0
    if not defined.any():
        return 0.0, 0.0
    low, high = np.percentile(2 * tp[defined] / denominator[defined], [2.5, 97.5])
    return round(float(low), 3), round(float(high), 3)
