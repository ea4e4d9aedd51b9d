"""Fit the rubric's part weights and grade bands to the annotated grades (train + dev), reproducibly.

The parts are computed from the gold labels of each document (what the analyzer aims to
find), so the fit does not depend on the model's errors; non-negative least squares maps the
part values to the grade scale, the weights are rescaled to sum to 100, and each grade band
boundary is the cut between neighbouring grades that misclassifies the fewest documents.

Example:
    >>> import numpy as np
    >>> w = fit_weights(np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [0.0, 0.0]]), np.array([3, 2, 5, 1]))
    >>> [round(float(x), 1) for x in w]
    [63.6, 36.4]
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from analyzer.corpus import GoldDocument
from analyzer.labels import document_flags
from analyzer.rubrics import PARTS, RUBRIC_DIR, Rubric, load_rubric


def gold_parts(doc: GoldDocument, rubric: Rubric) -> np.ndarray:
    """Part values (0–1, in ``PARTS`` order) of a gold document under ``rubric``'s settings."""
    from analyzer.score import label_counts, score_parts

    flags = document_flags(s.labels for s in doc.sentences)
    n_actions, n_slogans = label_counts(doc.sentences)
    parts = {p.name: p.value for p in score_parts(flags, n_actions=n_actions, n_slogans=n_slogans, rubric=rubric)}
    return np.array([parts[name] for name in PARTS])


MIN_WEIGHT = 4.0


def fit_weights(values: np.ndarray, grades: np.ndarray, min_weight: float = 0.0) -> list[float]:
    """Weights ≥ ``min_weight`` (then rescaled to sum 100) such that ``values @ w`` tracks ``(grade - 1) × 25``.

    The floor keeps every part of the rubric visible to appraisers even when the data alone
    would drop it.
    """
    from scipy.optimize import nnls

    target = (grades - 1) * 25.0 - values @ np.full(values.shape[1], min_weight)
    w, _ = nnls(values, target)
    w = w + min_weight
    if w.sum() == 0:
        return [100.0 / values.shape[1]] * values.shape[1]
    return [float(x) for x in 100 * w / w.sum()]


def fit_bands(scores: Sequence[float], grades: Sequence[int]) -> list[float]:
    """Four increasing cut scores (grades 2–5) that misclassify the fewest documents, each chosen in turn."""
    scores_a, grades_a = np.asarray(scores, dtype=float), np.asarray(grades)
    bands: list[float] = []
    low = 0.0
    for g in (2, 3, 4, 5):
        candidates = sorted({round(s, 2) for s in scores_a if s > low} | {low + 0.01})
        best, best_err = candidates[0], None
        for c in candidates:
            err = int(np.sum((scores_a >= c) & (grades_a < g)) + np.sum((scores_a < c) & (grades_a >= g)))
            if best_err is None or err < best_err:
                best, best_err = c, err
        bands.append(round(float(best), 1))
        low = best
    return bands


def to_hundred(weights: Sequence[float]) -> list[float]:
    """Weights with one decimal whose sum is 100: the largest takes up the rounding, and is itself
    rounded, so the rubric file reads "52.2", not "52.199999999999996".

    Example:
        >>> to_hundred([4.0, 10.5, 4.0, 10.5, 4.0, 6.5, 4.3, 4.0, 51.9])[-1]
        52.2
    """
    out = list(weights)
    top = int(np.argmax(out))
    out[top] = round(out[top] + 100 - sum(out), 1)
    return out


def fit_rubric(docs: Sequence[GoldDocument], rubric_name: str = "2024") -> dict:
    """Fitted weights and bands for ``docs`` (usually train + dev)."""
    from analyzer.score import grade_for, total
    from analyzer.results import ScorePart

    rubric = load_rubric(rubric_name)
    values = np.array([gold_parts(d, rubric) for d in docs])
    grades = np.array([d.grade for d in docs])
    weights = to_hundred([round(w, 1) for w in fit_weights(values, grades, MIN_WEIGHT)])
    scores = [total([ScorePart(n, v, w, v * w, "") for n, v, w in zip(PARTS, row, weights)]) for row in values]
    bands = fit_bands(scores, grades)
    fitted = Rubric(**{**rubric.__dict__, "weights": dict(zip(PARTS, weights)), "bands": tuple(bands)})
    accuracy = float(np.mean([grade_for(s, fitted) == g for s, g in zip(scores, grades)]))
    return {"weights": dict(zip(PARTS, [float(w) for w in weights])), "bands": bands, "documents": len(docs),
            "gold_grade_accuracy": round(accuracy, 4)}


def write_rubric(fit: dict, name: str) -> Path:
    """Replace the ``weights`` and ``bands`` of ``rubrics/<name>.yaml`` in place, keeping its comments."""
    path = RUBRIC_DIR / f"{name}.yaml"
    text = path.read_text(encoding="utf-8")
    weights = "weights:\n" + "".join(f"  {k}: {v}\n" for k, v in fit["weights"].items())
    text = re.sub(r"weights:\n(?:  \w+: [\d.]+\n)+", lambda _: weights, text)
    text = re.sub(r"bands: \[[^\]]*\]", lambda _: f"bands: [{', '.join(str(b) for b in fit['bands'])}]", text)
    path.write_text(text, encoding="utf-8")
    load_rubric.cache_clear()
    load_rubric(name)  # validate what was written
    return path
