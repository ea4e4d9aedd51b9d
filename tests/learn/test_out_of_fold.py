"""Thresholds come from out-of-fold predictions: every sentence scored by a model that never saw its document."""

from __future__ import annotations

import numpy as np

from analyzer.corpus import load_corpus
from analyzer.learn.dataset import gold_records
from analyzer.learn.train import natural_rows, out_of_fold


def test_out_of_fold_is_deterministic_and_never_sees_the_document():
    per_doc = [gold_records([d]) for d in load_corpus("train")[:12]]
    probs, gold = out_of_fold(per_doc, C=1.0, folds=3)
    assert probs.shape == gold.shape == (sum(len(x) for x, _ in per_doc), gold.shape[1])
    again, _ = out_of_fold(per_doc, C=1.0, folds=3)
    assert np.array_equal(probs, again)
    # rows in document order, whatever the fold
    assert np.array_equal(gold, np.vstack([y for _, y in per_doc]))
    # fold 0 holds documents 0, 3, 6, 9
    first = np.vstack([per_doc[k][1] for k in (0, 3, 6, 9)])
    rows = np.concatenate([np.arange(*_span(per_doc, k)) for k in (0, 3, 6, 9)])
    # a model trained on the fold's documents themselves would be more confident on them
    from analyzer.learn.model import SentenceLabeller

    held = [per_doc[k] for k in (0, 3, 6, 9)]
    seen = SentenceLabeller(C=1.0).fit([r for x, _ in held for r in x], first).predict_proba([r for x, _ in held for r in x])
    assert np.abs(seen - first).mean() < np.abs(probs[rows] - first).mean()
    # a document's rows are predicted by the fold model that did not see it: same as fitting it alone
    rest = [per_doc[k] for k in range(12) if k % 3 != 0]
    alone = SentenceLabeller(C=1.0).fit([r for x, _ in rest for r in x], np.vstack([y for _, y in rest]))
    assert np.allclose(probs[rows], alone.predict_proba([r for x, _ in held for r in x]))


def _span(per_doc, k):
    start = sum(len(x) for x, _ in per_doc[:k])
    return start, start + len(per_doc[k][0])


def test_thresholds_are_tuned_on_natural_documents_only():
    from analyzer.corpus import parse_document

    head = "# id: x\n# year: 2024\n# org_kind: school\n# doc_kind: plan\n# region: Huế\n# grade: 3\n# exemplar_names:\n"
    body = "Chi bộ tổ chức 4 buổi sinh hoạt chuyên đề. {hoc_tap action}\nĐẩy mạnh học tập và làm theo Bác. {slogan}\n"
    docs = [parse_document(head + body, "x.txt"), parse_document(head + "# sampling: targeted\n" + body, "x.txt")]
    per_doc = [gold_records([d]) for d in docs]
    assert natural_rows(docs, per_doc).tolist() == [True, True, False, False]


def test_model_card_records_the_natural_tuning_set():
    import json

    from analyzer.detect import MODELS_DIR

    card = json.loads((MODELS_DIR / "sentences.card.json").read_text(encoding="utf-8"))
    docs = load_corpus("train") + load_corpus("dev")
    assert card["thresholds_tuned_on"]["sampling"] == "natural"
    assert card["thresholds_tuned_on"]["documents"] == sum(d.sampling == "natural" for d in docs) < len(docs)
