"""``mohinh crossval``: cross-validate the trainer over train + dev, where changes to the model are decided.

The test split is for reporting only, and dev alone holds 20–50 sentences of a requirement label,
so whether a change to the features or the model helps is decided on cross-validation over the
train + dev documents: every document's sentences are scored by a model trained without it
(:func:`analyzer.learn.train.out_of_fold`, the same function ``mohinh train`` tunes its thresholds
with), and each label's F1 is read at its best threshold, as training would choose it. One fold
assignment moves a requirement label's F1 by about a point, so several assignments are run
(``--seeds``: 0 deals the documents to folds in id order, as ``mohinh train`` does; another seed
shuffles them first) and a change counts when it holds on each. Figures are given on the
documents of natural sampling (targeted documents over-represent some labels) and on named
subsets of them (``--subset NAME=REGEX`` on document ids). Whether candidate documents would help
the corpus is measured the same way (``--extra DIR``): every fold also trains on them, on unchanged
fold assignments, since adding them to the corpus would deal the folds anew. Which sentences a
change finds or loses is read in the out-of-fold predictions themselves (``--predictions``: one row
per sentence and fold assignment, gold labels beside probabilities, ``predictions.csv``).

Seeds run side by side in worker processes, each with one OpenMP thread: boosted trees that each
want every core make two processes on two cores many times slower than one after the other.

Example:
    >>> parse_subsets(["h1-h10=^h([1-9]|10)_"])["h1-h10"].pattern
    '^h([1-9]|10)_'
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from analyzer.errors import E, MohinhError
from analyzer.labels import LABELS

if TYPE_CHECKING:
    import pandas as pd

    from analyzer.corpus import GoldDocument


def parse_subsets(specs: Sequence[str]) -> dict[str, re.Pattern[str]]:
    """``NAME=REGEX`` strings as named patterns (a bad one raises ``ValueError`` naming it)."""
    out: dict[str, re.Pattern[str]] = {}
    for spec in specs:
        name, sep, pattern = spec.partition("=")
        if not sep or not name.strip() or not pattern:
            raise ValueError(f"subset {spec!r} is not NAME=REGEX")
        try:
            out[name.strip()] = re.compile(pattern)
        except re.error as err:
            raise ValueError(f"subset {spec!r}: {err}") from None
    return out


def _fold_probabilities(args: tuple[list, int, int, float, bool, list]) -> np.ndarray:
    """Out-of-fold probabilities of every sentence under one fold assignment, rows in document order."""
    import contextlib

    import sklearn.ensemble  # noqa: F401  (loads the OpenMP runtime, so the limit below reaches it)
    import sklearn.linear_model  # noqa: F401
    from threadpoolctl import threadpool_limits

    from analyzer.learn.train import out_of_fold

    per_doc, seed, folds, C, one_thread, extra = args
    order = np.arange(len(per_doc)) if seed == 0 else np.random.RandomState(seed).permutation(len(per_doc))
    with threadpool_limits(1) if one_thread else contextlib.nullcontext():
        probs, _ = out_of_fold([per_doc[k] for k in order], C=C, folds=folds, extra=extra)
    # back to document order
    sizes = np.array([len(y) for _, y in per_doc])
    starts = np.concatenate([[0], np.cumsum(sizes[order])[:-1]])
    return np.vstack([probs[starts[at]:starts[at] + sizes[k]] for k, at in sorted(zip(order, range(len(order))))])


def assignment_probabilities(per_doc: list, seed: int, *, C: float, folds: int) -> np.ndarray:
    """Out-of-fold probabilities of every sentence, documents dealt to folds by ``seed`` (0: in id
    order, as :func:`~analyzer.learn.train.out_of_fold`; another seed shuffles them), rows in document order."""
    return _fold_probabilities((per_doc, seed, folds, C, False, []))


def crossval(seeds: Sequence[int] = (0, 1), *, folds: int = 5, C: float = 10.0,
             subsets: Mapping[str, re.Pattern[str]] | None = None, root: str | Path | None = None,
             jobs: int = 1, labels: Sequence[str] = LABELS, extra: str | Path | None = None,
             predictions: bool = False, rules: bool = False) -> dict:
    """Per-label best-threshold F1 of out-of-fold predictions over train + dev, for each seed.

    ``extra``: a folder of candidate documents (``docs/*.txt``, no splits) that every fold also
    trains on and that are never scored, so the figures say what adding them to the corpus would do
    on the same fold assignments (adding them to the corpus itself would deal new folds).
    ``predictions``: also return the out-of-fold predictions as a DataFrame under the key
    ``"predictions"`` (see :func:`prediction_frame`; :func:`write_report` writes it as a CSV).
    ``rules``: also give each label's F1 at each fold assignment's thresholds of the natural documents,
    as the model decides (``f1_model``) and after the rules that follow it in the analyzer
    (:func:`after_rules`; ``f1_rules``), with their means: what those rules change, measured on the same
    out-of-fold predictions (a subset's own best thresholds, in ``f1``, are not those)."""
    from analyzer.corpus import load_corpus
    from analyzer.learn.dataset import gold_records
    from analyzer.learn.metrics import best_threshold
    from analyzer.learn.train import document_rows

    started = time.perf_counter()
    docs = load_corpus("train", root) + load_corpus("dev", root)
    if len(docs) < folds:
        raise MohinhError(E.CORPUS_SPLIT, detail=f"{len(docs)} train + dev documents cannot fill {folds} folds")
    candidates = load_corpus(None, extra) if extra else []
    if candidates:  # a candidate may repeat no corpus document, test included, by id or by text
        known = load_corpus(None, root)
        ids, texts = {d.id for d in known}, {d.text for d in known}
        clash = sorted(d.id for d in candidates if d.id in ids or d.text in texts)
        if clash:
            raise MohinhError(E.CORPUS_SPLIT, detail=f"--extra documents already in the corpus: {', '.join(clash[:10])}")
    # refused before any document is segmented and featurised, the slow part of preparing the folds
    per_doc = [gold_records([d]) for d in docs]
    extra_per_doc = [gold_records([d]) for d in candidates]
    y = np.vstack([y for _, y in per_doc])
    natural = np.array([d.sampling == "natural" for d in docs])
    groups = {"natural": natural}
    for name, pattern in (subsets or {}).items():
        groups[name] = natural & np.array([bool(pattern.search(d.id)) for d in docs])
    rows = {name: document_rows(per_doc, mask) for name, mask in groups.items()}
    parallel = jobs > 1 and len(seeds) > 1
    work = [(per_doc, seed, folds, C, parallel, extra_per_doc) for seed in seeds]
    if parallel:
        import multiprocessing

        with multiprocessing.get_context("fork").Pool(min(jobs, len(work))) as pool:
            all_probs = pool.map(_fold_probabilities, work)
    else:
        all_probs = [_fold_probabilities(item) for item in work]
    results: dict[str, dict[str, dict[str, object]]] = {}
    for name, keep in rows.items():
        results[name] = {}
        for label in labels:
            j = LABELS.index(label)
            found = [best_threshold(probs[keep, j], y[keep, j]) for probs in all_probs]
            results[name][label] = {"f1": [round(f, 4) for _, f in found], "threshold": [t for t, _ in found],
                                    "mean_f1": round(float(np.mean([f for _, f in found])), 4),
                                    "support": int(y[keep, j].sum())}
    if rules:
        from analyzer.learn.metrics import prf

        # every label is decided (the rules read some labels to change others), at the natural documents'
        # thresholds of each fold assignment; a label not reported keeps the trained model's threshold
        trained = _trained_thresholds()
        decided = []  # per fold assignment: (the model's labels, the labels after the rules)
        for k, probs in enumerate(all_probs):
            chosen = {label: results["natural"][label]["threshold"][k] if label in labels else trained[label]
                      for label in LABELS}
            decided.append((after_rules(docs, probs, chosen, apply=False), after_rules(docs, probs, chosen)))

        def f1(made: np.ndarray, keep: np.ndarray, j: int) -> float:
            tp = int((made[keep, j] & (y[keep, j] == 1)).sum())
            return prf(tp, int(made[keep, j].sum()) - tp, int(y[keep, j].sum()) - tp)[2]

        for name, keep in rows.items():
            for label in labels:
                j = LABELS.index(label)
                row = results[name][label]
                row["f1_model"] = [round(f1(model, keep, j), 4) for model, _ in decided]
                row["f1_rules"] = [round(f1(ruled, keep, j), 4) for _, ruled in decided]
                row["mean_f1_model"] = round(float(np.mean(row["f1_model"])), 4)
                row["mean_f1_rules"] = round(float(np.mean(row["f1_rules"])), 4)
    report = {"seeds": list(seeds), "folds": folds, "C": C, "documents": len(docs),
              "groups": {name: int(mask.sum()) for name, mask in groups.items()},
              "subsets": {name: p.pattern for name, p in (subsets or {}).items()},
              "extra": {"folder": str(extra), "documents": len(candidates)} if extra else None, "rules": rules,
              "results": results, "seconds": round(time.perf_counter() - started, 1)}
    if predictions:
        thresholds = {label: row["threshold"] for label, row in results["natural"].items()}
        report["predictions"] = prediction_frame(docs, seeds, all_probs, thresholds)
    return report


def _trained_thresholds() -> dict[str, float]:
    """The thresholds of the shipped model (its card), for the labels a run does not report."""
    from analyzer.detect import get_labeller

    return dict(get_labeller().thresholds)


def after_rules(docs: Sequence[GoldDocument], probs: np.ndarray, thresholds: Mapping[str, float], *,
                apply: bool = True) -> np.ndarray:
    """0/1 labels of every content sentence of ``docs`` (rows as ``probs``, in document order) as the analyzer
    decides them (:func:`analyzer.detect.decide_document`): the labeller's probabilities at ``thresholds``,
    then (``apply``) the rules that follow the model.

    Example:
        >>> from analyzer.corpus import parse_document
        >>> gold = parse_document("# id: x\\n# year: 2024\\n# org_kind: school\\n# doc_kind: plan\\n# region: Huế\\n"
        ...     "# grade: 3\\n# exemplar_names:\\nNếu được xã hỗ trợ, trường sẽ mua 2 tủ sách. {lam_theo}\\n", "x.txt")
        >>> probs = np.zeros((1, len(LABELS))); probs[0, [LABELS.index("lam_theo"), LABELS.index("action")]] = 0.9
        >>> made = after_rules([gold], probs, {label: 0.5 for label in LABELS})
        >>> [label for label, v in zip(LABELS, made[0]) if v]
        ['lam_theo']
    """
    from analyzer.detect import build_records, decide, decide_document
    from analyzer.pipeline import get_nlp
    from analyzer.text.structure import analyze_layout

    if not apply:
        return np.array([[label in labels for label in LABELS] for labels in decide(probs, thresholds)],
                        dtype=np.int8).reshape(probs.shape)
    nlp = get_nlp()
    out = np.zeros(probs.shape, dtype=np.int8)
    row = 0
    for gold in docs:
        layout = analyze_layout(gold.text, [(s.start, s.end) for s in gold.sentences])
        index, evidences, _ = build_records(nlp.make_doc(gold.text), layout.units, layout.meta, year=gold.year)
        texts = [gold.text[layout.units[i].start:layout.units[i].end] for i in index]
        _, decided, _ = decide_document(probs[row:row + len(index)], thresholds, evidences, texts)
        for k, labels in enumerate(decided):
            out[row + k] = [label in labels for label in LABELS]
        row += len(index)
    if row != len(probs):
        raise ValueError(f"{len(probs)} rows of probabilities for {row} content sentences")
    return out


def prediction_frame(docs: Sequence[GoldDocument], seeds: Sequence[int], all_probs: Sequence[np.ndarray],
                     thresholds: Mapping[str, Sequence[float]]) -> pd.DataFrame:
    """Out-of-fold predictions, one row per content sentence of ``docs`` and fold assignment.

    Columns: ``seed``, ``doc_id``, ``sampling``, ``line`` (in the corpus file), ``text``, then per
    label ``gold_<label>`` (0/1) and ``p_<label>``, and for the labels of ``thresholds`` (one per
    seed, as the report chose them on the natural documents) ``pred_<label>`` (0/1), so a label's
    misses are ``gold_<label> == 1 & pred_<label> == 0``.

    Example:
        >>> from analyzer.corpus import parse_document
        >>> gold = parse_document("# id: x\\n# year: 2024\\n# org_kind: school\\n# doc_kind: plan\\n"
        ...     "# region: Huế\\n# grade: 3\\n# exemplar_names:\\nTổ chức 4 buổi sinh hoạt. {hoc_tap action}\\n", "x.txt")
        >>> probs = np.full((1, len(LABELS)), 0.5)
        >>> frame = prediction_frame([gold], [0], [probs], {"action": [0.6]})
        >>> frame[["seed", "doc_id", "line", "gold_action", "p_action", "pred_action"]].values.tolist()
        [[0, 'x', 8, 1, 0.5, 0]]
    """
    import pandas as pd

    from analyzer.frames import typed_frame
    from analyzer.learn.dataset import content_sentences

    base = pd.DataFrame([{"doc_id": d.id, "sampling": d.sampling, "line": s.line, "text": s.text,
                          **{f"gold_{label}": int(label in s.labels) for label in LABELS}}
                         for d in docs for s in content_sentences(d)])
    parts = []
    for k, (seed, probs) in enumerate(zip(seeds, all_probs)):
        if len(probs) != len(base):
            raise ValueError(f"{len(probs)} rows of probabilities for {len(base)} content sentences")
        part = base.copy()
        part.insert(0, "seed", seed)
        for j, label in enumerate(LABELS):
            part[f"p_{label}"] = np.round(probs[:, j], 4)
            if label in thresholds:
                part[f"pred_{label}"] = (probs[:, j] >= thresholds[label][k]).astype(int)
        parts.append(part)
    kinds = {"seed": "Int64", "doc_id": "string", "sampling": "category", "line": "Int64", "text": "string"}
    kinds |= {f"gold_{label}": "Int64" for label in LABELS}
    kinds |= {f"p_{label}": "float64" for label in LABELS}
    kinds |= {f"pred_{label}": "Int64" for label in LABELS if label in thresholds}
    return typed_frame(pd.concat(parts, ignore_index=True), kinds)


def to_markdown(report: Mapping) -> str:
    """The report as Markdown tables: one row per label, F1 @ threshold for each seed, their mean."""
    seeds = report["seeds"]
    extra = report.get("extra")
    also = f"; every fold also trained on the {extra['documents']} documents of {extra['folder']}" if extra else ""
    lines = [f"#### mohinh crossval — train + dev, {report['folds']} folds, seeds {', '.join(map(str, seeds))}{also}", ""]
    for name, by_label in report["results"].items():
        ruled = report.get("rules")
        lines += [f"{name}: {report['groups'][name]} documents" + (f" (ids matching `{report['subsets'][name]}`)"
                                                                   if name in report["subsets"] else ""), "",
                  "| label | " + " | ".join(f"seed {s}: F1 @ threshold" for s in seeds) + " | mean F1 |"
                  + (" at the natural thresholds: model → after the rules (means) |" if ruled else "") + " support |",
                  "| --- |" + " --- |" * (len(seeds) + 2 + bool(ruled))]
        for label, row in by_label.items():
            cells = [f"{f:.3f} @ {t:.3f}" for f, t in zip(row["f1"], row["threshold"])]
            after = f" {row['mean_f1_model']:.3f} → {row['mean_f1_rules']:.3f} |" if ruled else ""
            lines.append(f"| {label} | " + " | ".join(cells) + f" | {row['mean_f1']:.3f} |{after} {row['support']} |")
        lines.append("")
    return "\n".join(lines)


def write_report(report: Mapping, out_dir: Path) -> list[Path]:
    """Write ``crossval.json`` and ``.md`` into ``out_dir``, and ``predictions.csv`` when the report has them."""
    out_dir.mkdir(parents=True, exist_ok=True)
    json_path, md_path = out_dir / "crossval.json", out_dir / "crossval.md"
    figures = {key: value for key, value in report.items() if key != "predictions"}
    json_path.write_text(json.dumps(figures, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    md_path.write_text(to_markdown(report) + "\n", encoding="utf-8")
    written = [json_path, md_path]
    if report.get("predictions") is not None:
        written.append(out_dir / "predictions.csv")
        report["predictions"].to_csv(written[-1], index=False, encoding="utf-8-sig")
    return written
