"""``mohinh crossval``: out-of-fold F1 over train + dev for several fold assignments, never test."""

from __future__ import annotations

import re
import shutil

import numpy as np
import pytest
from click.testing import CliRunner

from analyzer.cli import main
from analyzer.corpus import CORPUS_DIR, load_corpus
from analyzer.learn import crossval as cv


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory):
    """Ten natural and one targeted train document, two dev documents and a test document, which
    cross-validation must leave out."""
    root = tmp_path_factory.mktemp("corpus")
    (root / "docs").mkdir()
    train = load_corpus("train")
    natural = [d for d in train if d.sampling == "natural"][:10]
    targeted = [d for d in train if d.sampling == "targeted"][:1]
    dev = load_corpus("dev")[:2]
    rows = []
    for docs, split in ((natural + targeted, "train"), (dev, "dev")):
        for d in docs:
            shutil.copy(CORPUS_DIR / "docs" / f"{d.id}.txt", root / "docs" / f"{d.id}.txt")
            rows.append(f"{d.id}\t{split}")
    test = load_corpus("test")[0]
    shutil.copy(CORPUS_DIR / "docs" / f"{test.id}.txt", root / "docs" / f"{test.id}.txt")
    rows.append(f"{test.id}\ttest")
    (root / "splits.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return root, natural, targeted, dev


@pytest.fixture(scope="module")
def report(small_corpus):
    root, natural, _, _ = small_corpus
    return cv.crossval([0, 3], folds=3, C=1.0, subsets={"first": re.compile(f"^{natural[0].id}$")}, root=root,
                       jobs=1, labels=("slogan", "action"), predictions=True)


def test_the_report_covers_train_and_dev_only_and_the_natural_documents(report, small_corpus):
    _, natural, targeted, dev = small_corpus
    assert report["documents"] == len(natural) + len(targeted) + len(dev)  # not the test document
    assert report["groups"] == {"natural": len(natural) + sum(d.sampling == "natural" for d in dev), "first": 1}
    row = report["results"]["natural"]["slogan"]
    assert len(row["f1"]) == len(row["threshold"]) == 2 and 0.0 < min(row["f1"]) <= 1.0
    assert row["mean_f1"] == pytest.approx(np.mean(row["f1"]), abs=1e-4)
    gold = sum(1 for d in natural + dev if d.sampling == "natural" for s in d.sentences if "slogan" in s.labels)
    assert row["support"] == gold
    assert "| slogan |" in cv.to_markdown(report) and "seed 3: F1 @ threshold" in cv.to_markdown(report)


def test_seed_zero_is_what_mohinh_train_tunes_its_thresholds_on(report, small_corpus):
    from analyzer.learn.dataset import gold_records
    from analyzer.learn.metrics import best_threshold
    from analyzer.learn.train import natural_rows, out_of_fold

    root = small_corpus[0]
    docs = load_corpus("train", root) + load_corpus("dev", root)
    per_doc = [gold_records([d]) for d in docs]
    probs, y = out_of_fold(per_doc, C=1.0, folds=3)
    keep = natural_rows(docs, per_doc)
    j = cv.LABELS.index("action")
    threshold, f1 = best_threshold(probs[keep, j], y[keep, j])
    assert report["results"]["natural"]["action"]["threshold"][0] == threshold
    assert report["results"]["natural"]["action"]["f1"][0] == round(f1, 4)
    # the predictions are those same out-of-fold probabilities, cut at that threshold
    first = report["predictions"].query("seed == 0")
    assert first["p_action"].to_numpy() == pytest.approx(probs[:, j], abs=5e-5)
    assert first["gold_action"].tolist() == y[:, j].tolist()
    assert first["pred_action"].tolist() == (probs[:, j] >= threshold).astype(int).tolist()


def test_the_predictions_name_each_sentence_once_per_fold_assignment(report, small_corpus):
    root = small_corpus[0]
    docs = load_corpus("train", root) + load_corpus("dev", root)
    frame = report["predictions"]
    assert frame["seed"].value_counts().to_dict() == {0: len(frame) // 2, 3: len(frame) // 2}
    by_line = {(d.id, s.line): s for d in docs for s in d.sentences}
    for row in frame.query("seed == 3").itertuples():
        gold = by_line[(row.doc_id, row.line)]
        assert row.text == gold.text
        assert (row.gold_slogan, row.gold_shortcoming) == (int("slogan" in gold.labels), int("shortcoming" in gold.labels))
    # headings and metadata lines have no row; every labelled sentence has one
    labelled = {(d.id, s.line) for d in docs for s in d.sentences if s.labels}
    assert labelled <= set(zip(frame["doc_id"], frame["line"]))
    assert {"pred_slogan", "pred_action"} <= set(frame.columns) and "pred_roadmap" not in frame.columns


def test_probabilities_that_do_not_fit_the_sentences_are_refused(small_corpus):
    # a row count that differs from the content sentences means the two disagree on which lines are
    # content: the table would pair texts with other sentences' probabilities
    docs = load_corpus("dev", small_corpus[0])
    with pytest.raises(ValueError, match="content sentences"):
        cv.prediction_frame(docs, [0], [np.zeros((3, len(cv.LABELS)))], {})


def test_the_predictions_are_written_beside_the_figures_not_into_them(report, tmp_path):
    import json

    import pandas as pd

    written = cv.write_report(report, tmp_path)
    assert [p.name for p in written] == ["crossval.json", "crossval.md", "predictions.csv"]
    assert "predictions" not in json.loads(written[0].read_text(encoding="utf-8"))
    back = pd.read_csv(written[2], encoding="utf-8-sig")
    assert len(back) == len(report["predictions"]) and back["text"].tolist() == report["predictions"]["text"].tolist()
    figures_only = {key: value for key, value in report.items() if key != "predictions"}
    assert [p.name for p in cv.write_report(figures_only, tmp_path / "plain")] == ["crossval.json", "crossval.md"]


def test_a_shuffled_assignment_comes_back_in_document_order(monkeypatch):
    # a stand-in for the trainer that scores every sentence with the number of its document: after
    # un-shuffling, the blocks of rows must be back in document order, each as long as its document
    def fake(per_doc, *, C, folds, extra):  # type: ignore[no-untyped-def]
        probs = np.vstack([np.full((len(y), 1), float(doc_id)) for (doc_id, y) in per_doc])
        return probs, np.vstack([y for _, y in per_doc])

    import analyzer.learn.train as train

    monkeypatch.setattr(train, "out_of_fold", fake)
    per_doc = [(k, np.zeros((k % 3 + 1, 1))) for k in range(7)]
    probs = cv._fold_probabilities((per_doc, 5, 3, 1.0, False, []))
    assert probs.ravel().tolist() == [float(k) for k in range(7) for _ in range(k % 3 + 1)]


def test_side_by_side_seeds_give_the_figures_of_one_after_the_other(report, small_corpus):
    root, natural, _, _ = small_corpus
    again = cv.crossval([0, 3], folds=3, C=1.0, subsets={"first": re.compile(f"^{natural[0].id}$")}, root=root,
                        jobs=2, labels=("slogan", "action"))
    assert again["results"] == report["results"]


def _candidates(tmp_path, docs):
    (tmp_path / "docs").mkdir()
    for d in docs:
        shutil.copy(CORPUS_DIR / "docs" / f"{d.id}.txt", tmp_path / "docs" / f"{d.id}.txt")
    return tmp_path


def test_extra_documents_train_every_fold_and_are_never_scored(small_corpus, tmp_path):
    from analyzer.learn.dataset import gold_records
    from analyzer.learn.metrics import best_threshold
    from analyzer.learn.train import natural_rows, out_of_fold

    root, natural, _, _ = small_corpus
    taken = {p.stem for p in (root / "docs").glob("*.txt")}
    candidates = [d for d in load_corpus("train") if d.sampling == "targeted" and d.id not in taken][:2]
    extra = _candidates(tmp_path, candidates)
    got = cv.crossval([0], folds=3, C=1.0, root=root, jobs=1, labels=("action",), extra=extra)
    assert got["documents"] == len(load_corpus("train", root) + load_corpus("dev", root))  # candidates not scored
    assert got["extra"] == {"folder": str(extra), "documents": 2}
    assert "also trained on the 2 documents" in cv.to_markdown(got)
    docs = load_corpus("train", root) + load_corpus("dev", root)
    per_doc = [gold_records([d]) for d in docs]
    probs, y = out_of_fold(per_doc, C=1.0, folds=3, extra=[gold_records([d]) for d in candidates])
    plain, _ = out_of_fold(per_doc, C=1.0, folds=3)
    assert not np.allclose(probs, plain)  # the candidates did reach the models
    keep, j = natural_rows(docs, per_doc), cv.LABELS.index("action")
    threshold, f1 = best_threshold(probs[keep, j], y[keep, j])
    assert got["results"]["natural"]["action"]["threshold"] == [threshold]
    assert got["results"]["natural"]["action"]["f1"] == [round(f1, 4)]


@pytest.mark.parametrize("renamed", [False, True])
def test_extra_documents_that_repeat_a_corpus_document_are_refused(small_corpus, tmp_path, renamed):
    root, natural, _, _ = small_corpus
    extra = _candidates(tmp_path, natural[:1])
    name = natural[0].id
    if renamed:  # the same text under another id would also leak a scored document into its own fold
        source = extra / "docs" / f"{name}.txt"
        name = "copy_01"
        text = source.read_text(encoding="utf-8").replace(f"# id: {natural[0].id}\n", f"# id: {name}\n")
        (extra / "docs" / f"{name}.txt").write_text(text, encoding="utf-8")
        source.unlink()
    with pytest.raises(cv.MohinhError, match=name):
        cv.crossval([0], folds=3, C=1.0, root=root, jobs=1, labels=("action",), extra=extra)


@pytest.mark.parametrize("spec", ["no-equals", "=^h1_", "bad=(unclosed"])
def test_a_malformed_subset_is_refused(spec):
    with pytest.raises(ValueError, match="subset"):
        cv.parse_subsets([spec])
    result = CliRunner().invoke(main, ["crossval", "--subset", spec])
    assert result.exit_code == 2 and "subset" in result.output


def test_bad_seeds_are_refused_before_any_work():
    result = CliRunner().invoke(main, ["crossval", "--seeds", "0,-1"])
    assert result.exit_code == 2 and "--seeds" in result.output
    result = CliRunner().invoke(main, ["crossval", "--seeds", "a"])
    assert result.exit_code == 2


def test_the_command_writes_the_predictions_on_request(small_corpus, tmp_path):
    root = small_corpus[0]
    args = ["crossval", "--corpus", str(root), "--seeds", "0", "--folds", "3", "--C", "1", "--jobs", "1"]
    result = CliRunner().invoke(main, [*args, "--predictions", "--out", str(tmp_path / "with")])
    assert result.exit_code == 0, result.output
    assert "predictions.csv" in result.output and (tmp_path / "with" / "predictions.csv").is_file()
    assert "| shortcoming |" in result.output


def test_the_rules_after_the_model_are_measured_on_the_same_predictions(small_corpus):
    """``--rules``: each label's F1 once more after the rules the analyzer applies after the model, at the
    same thresholds; the rules decide only some sentences, so the figures stay near the model's."""
    root, natural, _, _ = small_corpus
    report = cv.crossval([0], folds=3, C=1.0, root=root, jobs=1, labels=("action", "slogan", "shortcoming"),
                         rules=True)
    for label, row in report["results"]["natural"].items():
        assert len(row["f1_rules"]) == 1 and 0.0 <= row["f1_rules"][0] <= 1.0
        # at the natural documents' own thresholds, the model's decisions are the best-threshold figure
        assert row["f1_model"] == row["f1"], label
        assert abs(row["f1_rules"][0] - row["f1"][0]) < 0.1, label
        assert row["mean_f1_rules"] == row["f1_rules"][0]
    assert "model → after the rules" in cv.to_markdown(report)
