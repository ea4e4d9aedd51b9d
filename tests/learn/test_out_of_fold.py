"""Thresholds come from out-of-fold predictions: every sentence scored by a model that never saw its document."""

from __future__ import annotations

import numpy as np

from analyzer.corpus import load_corpus
from analyzer.learn.dataset import gold_records
from analyzer.learn.train import out_of_fold


def test_out_of_fold_is_deterministic_and_never_sees_the_document():
    per_doc = [gold_records([d]) for d in load_corpus("train")[:12]]
    probs, gold = out_of_fold(per_doc, C=1.0, folds=3)
    assert probs.shape == gold.shape == (sum(len(x) for x, _ in per_doc), gold.shape[1])
    again, _ = out_of_fold(per_doc, C=1.0, folds=3)
    assert np.array_equal(probs, again)
    # fold 0 holds documents 0, 3, 6, 9: their rows come first, in that order
    first = np.vstack([per_doc[k][1] for k in (0, 3, 6, 9)])
    assert np.array_equal(gold[:len(first)], first)
    # a model trained on the fold's documents themselves would be more confident on them
    from analyzer.learn.model import SentenceLabeller

    held = [per_doc[k] for k in (0, 3, 6, 9)]
    seen = SentenceLabeller(C=1.0).fit([r for x, _ in held for r in x], first).predict_proba([r for x, _ in held for r in x])
    assert np.abs(seen - first).mean() < np.abs(probs[:len(first)] - first).mean()
