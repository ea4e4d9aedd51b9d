"""The sentence model's hashed word and character features, idf weights, tf-idf and rule-feature
columns equal what scikit-learn's estimators compute (scoring computes them in NumPy alone)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.feature_extraction import DictVectorizer
from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer

from analyzer.learn.predict import CharWbHasher, WordHasher, dense_rows, fit_idf, tfidf

EDGE = ["Chi bộ tổ chức 4 buổi.", "  A  b\tC\n", "", "x", "İstanbul ǅa ß ΑΣ", "\u00a0a\u3000b", "đ/c N.V.Tùng", "100%"]
WORDS = ["tổ_chức <num> buổi sinh_hoạt chuyên_đề .", "", "a", "a a a b a", "đ/c n.v.tùng ( <num> % )",
         "x\u00a0y\u3000z \t w", "ǅa ΑΣ ß"]


def reference(ngram_range, n_features, docs):
    return HashingVectorizer(analyzer="char_wb", ngram_range=ngram_range, n_features=n_features,
                             alternate_sign=False, norm=None, dtype=np.float32).transform(docs)


def word_reference(ngram_range, n_features, docs):
    return HashingVectorizer(token_pattern=r"\S+", lowercase=False, ngram_range=ngram_range, n_features=n_features,
                             alternate_sign=False, norm=None, dtype=np.float32).transform(docs)


def same(ours, theirs) -> bool:
    a = ours.to_scipy()
    return a.shape == theirs.shape and (a != theirs).nnz == 0 and a.dtype == theirs.dtype


@pytest.mark.parametrize("ngram_range, n_features", [((2, 5), 2 ** 16), ((1, 3), 2 ** 10), ((3, 3), 2 ** 20)])
def test_edge_documents(ngram_range, n_features):
    ours = CharWbHasher(ngram_range, n_features)
    assert same(ours.transform(EDGE), reference(ngram_range, n_features, EDGE))
    assert same(ours.transform(EDGE), reference(ngram_range, n_features, EDGE))  # again, from the table


@pytest.mark.parametrize("ngram_range, n_features", [((1, 2), 2 ** 15), ((1, 1), 2 ** 4), ((1, 3), 2 ** 20)])
def test_word_edge_documents(ngram_range, n_features):
    ours = WordHasher(ngram_range, n_features)
    assert same(ours.transform(WORDS), word_reference(ngram_range, n_features, WORDS))
    assert same(ours.transform(WORDS), word_reference(ngram_range, n_features, WORDS))


@pytest.fixture(scope="module")
def dev_records():
    from analyzer.corpus import load_corpus
    from analyzer.learn.dataset import gold_records

    records, _ = gold_records(load_corpus("dev")[:8])
    assert len(records) > 100
    return records


def test_corpus_sentences(dev_records):
    chars = [r["chars"] for r in dev_records]
    assert same(CharWbHasher((2, 5), 2 ** 16).transform(chars), reference((2, 5), 2 ** 16, chars))
    words = [r["tok"] for r in dev_records]
    assert same(WordHasher((1, 2), 2 ** 15).transform(words), word_reference((1, 2), 2 ** 15, words))


def test_idf_and_tfidf_equal_scikit_learns(dev_records):
    docs = [r["chars"] for r in dev_records]
    counts = CharWbHasher((2, 5), 2 ** 16).transform(docs)
    theirs = TfidfTransformer(sublinear_tf=True).fit(reference((2, 5), 2 ** 16, docs))
    idf = fit_idf(counts)
    assert idf.dtype == np.float32 and np.array_equal(idf, theirs.idf_)
    ours = tfidf(counts, idf).to_scipy()
    expected = theirs.transform(reference((2, 5), 2 ** 16, docs))
    assert ours.dtype == expected.dtype and abs(ours - expected).max() == 0
    assert np.allclose(np.asarray(ours.multiply(ours).sum(axis=1)).ravel(), 1.0, atol=1e-6)


def test_rule_feature_columns_equal_dict_vectorizers(dev_records):
    dicts = [r["dense"] for r in dev_records]
    vectorizer = DictVectorizer(dtype=np.float32).fit(dicts[:60])
    names = list(vectorizer.feature_names_)
    assert names == sorted({name for d in dicts[:60] for name in d})
    ours = dense_rows(dicts, vectorizer.vocabulary_).to_scipy()  # later rows hold names the first 60 never saw: dropped
    assert abs(ours - vectorizer.transform(dicts)).max() == 0


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=40), min_size=1, max_size=5))
def test_any_text(docs):
    assert same(CharWbHasher((2, 5), 2 ** 16).transform(docs), reference((2, 5), 2 ** 16, docs))
    assert same(WordHasher((1, 2), 2 ** 15).transform(docs), word_reference((1, 2), 2 ** 15, docs))
