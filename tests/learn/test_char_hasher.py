"""The sentence model's character features equal scikit-learn's HashingVectorizer(char_wb)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.feature_extraction.text import HashingVectorizer

from analyzer.learn.model import CharWbHasher

EDGE = ["Chi bộ tổ chức 4 buổi.", "  A  b\tC\n", "", "x", "İstanbul ǅa ß ΑΣ", "\u00a0a\u3000b", "đ/c N.V.Tùng", "100%"]


def reference(ngram_range, n_features, docs):
    return HashingVectorizer(analyzer="char_wb", ngram_range=ngram_range, n_features=n_features,
                             alternate_sign=False, norm=None, dtype=np.float32).transform(docs)


def same(a, b) -> bool:
    return a.shape == b.shape and (a != b).nnz == 0 and a.dtype == b.dtype


@pytest.mark.parametrize("ngram_range, n_features", [((2, 5), 2 ** 16), ((1, 3), 2 ** 10), ((3, 3), 2 ** 20)])
def test_edge_documents(ngram_range, n_features):
    ours = CharWbHasher(ngram_range, n_features)
    assert same(ours.transform(EDGE), reference(ngram_range, n_features, EDGE))
    assert same(ours.transform(EDGE), reference(ngram_range, n_features, EDGE))  # again, from the table


def test_corpus_sentences():
    from analyzer.corpus import load_corpus
    from analyzer.learn.dataset import gold_records

    records, _ = gold_records(load_corpus("dev")[:8])
    docs = [r["chars"] for r in records]
    assert len(docs) > 100
    assert same(CharWbHasher((2, 5), 2 ** 16).transform(docs), reference((2, 5), 2 ** 16, docs))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=40), min_size=1, max_size=5))
def test_any_text(docs):
    assert same(CharWbHasher((2, 5), 2 ** 16).transform(docs), reference((2, 5), 2 ** 16, docs))
