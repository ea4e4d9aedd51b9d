"""Bootstrap interval of F1 over documents."""

from __future__ import annotations

import numpy as np

from analyzer.learn.metrics import bootstrap_f1, prf


def test_identical_documents_give_a_point_interval():
    per_doc = np.array([[4, 1, 1]] * 12)
    f1 = prf(48, 12, 12)[2]
    assert bootstrap_f1(per_doc) == (round(f1, 3), round(f1, 3))


def test_the_interval_holds_the_estimate_narrows_with_more_documents_and_is_deterministic():
    rng = np.random.default_rng(7)
    small = rng.integers(0, 6, size=(30, 3))
    large = np.vstack([small] * 10)
    tp, fp, fn = small.sum(axis=0)
    f1 = prf(int(tp), int(fp), int(fn))[2]
    low, high = bootstrap_f1(small)
    assert low <= f1 <= high
    big_low, big_high = bootstrap_f1(large)
    assert big_high - big_low < high - low
    assert bootstrap_f1(small) == (low, high)


def test_no_documents():
    assert bootstrap_f1(np.zeros((0, 3), dtype=int)) == (0.0, 0.0)
