"""The labeller blends its linear model with boosted trees for a few labels, deterministically,
and stores and loads both with skops; its NumPy predictor computes what scikit-learn's estimators do."""

from __future__ import annotations

import numpy as np
import pytest

from analyzer.corpus import load_corpus
from analyzer.labels import LABELS
from analyzer.learn.dataset import gold_records
from analyzer.learn.model import (BOOSTED, SPLIT, Predictor, SentenceLabeller, compile_trees, load_model, save_model,
                                  trees_proba)
from analyzer.learn.predict import Rows, forests_proba, merge_forests, part_names, topics


@pytest.fixture(scope="module")
def fitted():
    records, y = gold_records(load_corpus("train")[:40])
    return SentenceLabeller(C=1.0, boost_rounds=15).fit(records, y), records, y


def _trees_input(labeller, records):  # type: ignore[no-untyped-def]
    predictor = labeller.predictor_
    return predictor.trees_input(predictor.features(records))


def test_a_boosted_label_averages_the_linear_model_and_the_trees(fitted):
    labeller, records, _ = fitted
    probs = labeller.predict_proba(records)
    linear = Predictor.from_state(dict(labeller.predictor_.to_state(), boosters={}))
    alone = linear.predict_proba(records)
    X = labeller.predictor_.features(records).to_scipy()
    for j, label in enumerate(labeller.labels):
        if label in SPLIT:
            continue  # below
        if label in BOOSTED:
            trees = trees_proba(labeller.predictor_.boosters[label], _trees_input(labeller, records))
            assert np.allclose(probs[:, j], (alone[:, j] + trees) / 2)
            assert not np.allclose(probs[:, j], alone[:, j])  # the trees do move it
        else:
            assert np.array_equal(probs[:, j], alone[:, j])
        # = the logistic regression of the label, computed block by block in NumPy
        assert np.allclose(alone[:, j], labeller.classifiers_[label].predict_proba(X)[:, 1], rtol=0, atol=1e-9)


def test_a_split_label_averages_its_own_probability_and_the_larger_of_its_parts(fitted):
    # shortcoming is also learned as its statements (not action) and its commitments (action)
    labeller, records, y = fitted
    assert SPLIT == {"shortcoming": "action"} and labeller.predictor_.params["split"] == SPLIT
    predictor = labeller.predictor_
    X = predictor.features(records).to_scipy()
    trees_input = _trees_input(labeller, records)

    def blended(name):  # the column's logistic regression averaged with its trees
        linear = labeller.classifiers_[name].predict_proba(X)[:, 1]
        return (linear + trees_proba(predictor.boosters[name], trees_input)) / 2

    without, with_ = part_names("shortcoming")
    j, a = LABELS.index("shortcoming"), LABELS.index("action")
    # each part learned its own sentences: statements score higher on the first, commitments on the second
    statements, commitments = (y[:, j] == 1) & (y[:, a] == 0), (y[:, j] == 1) & (y[:, a] == 1)
    assert statements.sum() >= 3 and commitments.sum() >= 3
    assert blended(without)[statements].mean() > blended(without)[commitments].mean()
    assert blended(with_)[commitments].mean() > blended(with_)[statements].mean()
    expected = (blended("shortcoming") + np.maximum(blended(without), blended(with_))) / 2
    probs = labeller.predict_proba(records)
    assert probs.shape == (len(records), len(LABELS))
    assert np.allclose(probs[:, j], expected, rtol=0, atol=1e-9)


def test_a_model_without_split_labels_still_loads_and_scores_as_before(fitted):
    # a model file of format 2 has no parts: its labels' probabilities are their own
    labeller, records, _ = fitted
    plain = SentenceLabeller(C=1.0, boost_rounds=15, split={}).fit(*gold_records(load_corpus("train")[:40]))
    state = dict(plain.predictor_.to_state(), format="mohinh.sentences/2")
    state["params"] = {k: v for k, v in state["params"].items() if k != "split"}
    loaded = Predictor.from_state(state)
    assert loaded.columns == LABELS and np.array_equal(loaded.predict_proba(records), plain.predict_proba(records))


def test_the_trees_never_see_the_position_in_the_document(fitted):
    labeller, _, _ = fitted
    names = labeller.predictor_.tree_names
    assert "position" in labeller.predictor_.dense_names and "position" not in names
    assert names and all(not name.startswith(("tok", "chars")) for name in names)


def test_the_trees_also_read_the_most_frequent_word_ngrams(fitted):
    labeller, records, _ = fitted
    predictor = labeller.predictor_
    assert len(predictor.tree_words) == labeller.tree_words == 200
    trees_input = _trees_input(labeller, records)
    words = trees_input[:, len(predictor.tree_names):]
    assert words.shape == (len(records), 200) and set(np.unique(words)) == {0.0, 1.0}
    # the first is the n-gram in most sentences: the full stop, or a word as common
    assert words[:, 0].mean() > 0.3 and words[:, 0].mean() >= words[:, -1].mean()


def test_fitting_twice_gives_the_same_probabilities(fitted):
    labeller, records, y = fitted
    again = SentenceLabeller(C=1.0, boost_rounds=15).fit(records, y)
    assert np.array_equal(labeller.predict_proba(records), again.predict_proba(records))


def test_the_fitted_model_does_not_depend_on_the_number_of_threads(fitted):
    # `mohinh train` must rebuild the same model on a machine with other cores (BLAS sums in another
    # order with more threads: the latent space and the logistic regressions are fitted with one)
    from threadpoolctl import threadpool_limits

    labeller, records, y = fitted
    fits = []
    for threads in (1, 4):
        with threadpool_limits(threads):
            fits.append(SentenceLabeller(C=1.0, boost_rounds=15).fit(records, y).predictor_.to_state())
    for state in fits:
        for key in ("word_idf", "char_idf", "lsa", "coef", "intercept", "tree_features", "tree_words"):
            assert np.array_equal(state[key], labeller.predictor_.to_state()[key]), key
        for label, trees in state["boosters"].items():
            assert all(np.array_equal(trees[k], labeller.predictor_.boosters[label][k]) for k in trees), label


def test_save_and_load_keep_the_probabilities(fitted, tmp_path):
    labeller, records, _ = fitted
    path = tmp_path / "sentences.skops"
    save_model(labeller, path, {"model": "test"})
    loaded = load_model(path)
    assert loaded.params["boosted"] == list(labeller.boosted) and loaded.params["boost_rounds"] == 15
    assert loaded.thresholds == labeller.thresholds_ and loaded.labels == labeller.labels
    assert np.array_equal(loaded.predict_proba(records), labeller.predict_proba(records))


def test_compiled_trees_predict_what_scikit_learn_predicts(fitted):
    labeller, records, y = fitted
    trees_input = _trees_input(labeller, records)
    j = labeller.labels.index("shortcoming")
    booster = labeller._booster().fit(trees_input, y[:, j])
    expected = booster.predict_proba(trees_input)[:, 1]
    assert np.allclose(trees_proba(compile_trees(booster), trees_input), expected, rtol=0, atol=1e-12)
    assert np.array_equal(compile_trees(booster)["value"], labeller.predictor_.boosters["shortcoming"]["value"])
    # values at, just below and above the split thresholds, and missing values, go the same way
    rng = np.random.default_rng(0)
    thresholds = compile_trees(booster)["threshold"]
    probe = rng.choice(np.concatenate([thresholds, thresholds - 1e-9, thresholds + 1e-9, [0.0, 1.0, np.nan]]),
                       size=(300, trees_input.shape[1]))
    assert np.allclose(trees_proba(compile_trees(booster), probe), booster.predict_proba(probe)[:, 1], rtol=0, atol=1e-12)


def test_boosters_walked_together_give_each_booster_s_own_probabilities_bit_for_bit(fitted):
    labeller, records, _ = fitted
    boosters = labeller.predictor_.boosters
    assert len(boosters) >= 3
    trees_input = _trees_input(labeller, records)
    rng = np.random.default_rng(1)
    probe = np.vstack([trees_input, rng.choice([0.0, 1.0, 2.0, np.nan], size=(50, trees_input.shape[1]))])
    together = forests_proba(merge_forests(list(boosters.values())), probe)
    assert together.shape == (len(probe), len(boosters))
    for b, trees in enumerate(boosters.values()):
        assert np.array_equal(together[:, b], trees_proba(trees, probe))
    # and the predictor, which merges its boosters once, scores as it did before they were replaced
    predictor = labeller.predictor_
    before = predictor.predict_proba(records)
    predictor.boosters = dict(reversed(list(boosters.items())))
    assert np.array_equal(predictor.predict_proba(records), before)
    predictor.boosters = boosters


def test_the_latent_word_space_brings_words_of_the_same_sentences_together():
    from scipy.sparse import csr_matrix

    # words 0-2 share sentences with each other, words 3-5 with each other, never across
    rows = [[1, 1, 0, 0, 0, 0], [0, 1, 1, 0, 0, 0], [1, 0, 1, 0, 0, 0],
            [0, 0, 0, 1, 1, 0], [0, 0, 0, 0, 1, 1], [0, 0, 0, 1, 0, 1]] * 3
    lsa = SentenceLabeller(lsa_dims=2)._fit_lsa(csr_matrix(np.array(rows, dtype=np.float32)))
    alone = topics(Rows(np.arange(7), np.arange(6), np.ones(6, dtype=np.float32), 6), lsa)
    assert np.allclose(np.linalg.norm(alone, axis=1), 1.0, atol=1e-3)
    similarity = alone @ alone.T
    # the words of one group land together, the two groups apart
    assert similarity[0, 2] > 0.9 and similarity[3, 5] > 0.9
    assert abs(similarity[0, 3]) < 0.1


def test_the_latent_word_space_is_stored_as_float16_and_computed_as_stored(fitted):
    labeller, _, _ = fitted
    predictor = labeller.predictor_
    assert predictor.lsa is not None and predictor.lsa.shape[1] == labeller.lsa_dims
    assert predictor.to_state()["lsa"].dtype == np.float16
    assert np.array_equal(predictor.to_state()["lsa"].astype(np.float32), predictor.lsa)


def test_a_training_set_smaller_than_the_latent_space_still_fits():
    records, y = gold_records(load_corpus("train")[:1])
    records, y = records[:5], np.zeros((5, y.shape[1]), dtype=y.dtype)
    y[0] = 1  # both classes for every label
    labeller = SentenceLabeller(C=1.0, boosted=(), lsa_dims=64).fit(records, y)
    assert labeller.predictor_.lsa is not None and labeller.predictor_.lsa.shape[1] == 4
    assert labeller.predict_proba(records).shape == (5, len(labeller.labels))


def test_a_label_with_one_class_in_training_gets_a_sure_constant_and_no_trees():
    # a small corpus or a fold of a few documents may hold no sentence of a label (or only such sentences)
    records, y = gold_records(load_corpus("train")[:3])
    y = y.copy()
    absent, everywhere = LABELS.index("shortcoming"), LABELS.index("exemplar")
    y[:, absent], y[:, everywhere] = 0, 1
    labeller = SentenceLabeller(C=1.0, boost_rounds=5).fit(records, y)
    probs = labeller.predict_proba(records)
    assert np.all(probs[:, absent] < 1e-3) and np.all(probs[:, everywhere] > 1 - 1e-3)
    assert "shortcoming" not in labeller.predictor_.boosters and "resolution_target" in labeller.predictor_.boosters
    assert labeller.classifiers_["shortcoming"] is None and labeller.classifiers_["hoc_tap"] is not None


def test_a_long_document_is_scored_in_blocks_with_the_same_probabilities(fitted, monkeypatch):
    """The trees' work arrays grow with sentences × trees: a long document is scored in blocks."""
    import analyzer.learn.predict as predict

    labeller, records, _ = fitted
    whole = labeller.predictor_.predict_proba(records)
    monkeypatch.setattr(predict, "CHUNK", 7)
    assert len(records) > 7 * 3
    assert np.allclose(labeller.predictor_.predict_proba(records), whole, rtol=0, atol=1e-12)
