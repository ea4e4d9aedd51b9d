"""Pure scoring: a transparent 0–100 score from parts, a grade band, reasons, priorities.

Every part has a value in [0, 1], a weight from the rubric and a Vietnamese reason.

Example:
    >>> from analyzer.rubrics import load_rubric
    >>> flags = {"hoc_tap": 1, "hoc_tap_concrete": 1, "lam_theo": 1, "lam_theo_concrete": 1,
    ...          "neu_guong": 0, "neu_guong_concrete": 0, "resolution_target": 1,
    ...          "shortcoming": 0, "exemplar": 1, "roadmap": 1}
    >>> rubric = load_rubric("2024")
    >>> parts = score_parts(flags, n_actions=12, n_slogans=3, rubric=rubric)
    >>> [p.name for p in parts if p.value == 0]
    ['neu_guong', 'shortcoming']
    >>> "Thiếu nội dung Nêu gương" in reasons(parts), "20% câu chung chung" in reasons(parts)
    (True, True)
    >>> grade_for(95.0, rubric), grade_for(95.0, rubric, missing_pillars=1)
    (5, 2)
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Protocol

from analyzer.errors import not_a_submission
from analyzer.labels import PILLARS
from analyzer.results import DocumentResult, ScorePart
from analyzer.rubrics import Rubric, load_rubric
from analyzer.text.structure import wording

PILLAR_VI = {"hoc_tap": "Học tập Bác", "lam_theo": "Làm theo Bác", "neu_guong": "Nêu gương"}
REQUIREMENT_MISSING_VI = {
    "resolution_target": "Không gắn chỉ tiêu nghị quyết cụ thể",
    "shortcoming": "Không nêu tồn tại, hạn chế cụ thể",
    "exemplar": "Không nêu cá nhân điển hình",
    "roadmap": "Không có lộ trình thực hiện",
}


REQUIREMENT_SHORT_VI = {
    "resolution_target": "chỉ tiêu nghị quyết cụ thể",
    "shortcoming": "tồn tại, hạn chế cụ thể",
    "exemplar": "cá nhân điển hình",
    "roadmap": "lộ trình thực hiện",
}


FEW_SENTENCES = 5


class Labelled(Protocol):
    text: str
    labels: frozenset[str]


def label_counts(sentences: Iterable[Labelled]) -> tuple[int, int]:
    """The actions and slogans a document's score counts: each wording once, so a section pasted twice, or
    one action copied five times, earns no more than it did once; and a step of the model's own course with
    no pillar ("Quý II/2024: thực hiện mô hình.", "Tháng 12/2024: tổng kết mô hình.": ``step.model_only``),
    like a sentence on the model's scope (``step.model_scope``), is the roadmap's, not an action of the
    unit's work, so a plan of such steps earns no actions from them.

    Example:
        >>> from analyzer.results import Sentence
        >>> act = "Tổ chức 4 buổi sinh hoạt chuyên đề trong năm 2024."
        >>> label_counts([Sentence(i, 0, 0, f"{i + 1}. {act}", "", "body", frozenset({"action"})) for i in range(5)])
        (1, 0)
        >>> step = Sentence(5, 0, 0, "Quý II/2024: thực hiện mô hình.", "", "body", frozenset({"action", "roadmap"}))
        >>> label_counts([step])
        (0, 0)
    """
    from analyzer.detect.slogans import model_step  # after detection: scoring alone does not load the rules

    actions: set[str] = set()
    slogans: set[str] = set()
    for s in sentences:
        if "action" in s.labels and (not s.labels.isdisjoint(PILLARS) or not model_step(s.text)):
            actions.add(wording(s.text))
        if "slogan" in s.labels:
            slogans.add(wording(s.text))
    return len(actions), len(slogans)


def flagged_labels(sentences: Iterable[Labelled]) -> list[frozenset[str]]:
    """The labels a document's flags are read from: an action copied from an earlier one (the same wording,
    renumbered or pasted under another heading) is not an action again, so the one activity pasted under
    each pillar makes no other pillar concrete; its pillars still count as present.

    Example:
        >>> from analyzer.results import Sentence
        >>> act = "Tổ chức 4 buổi sinh hoạt chuyên đề trong năm 2024."
        >>> first = Sentence(0, 0, 0, f"1. {act}", "", "body", frozenset({"hoc_tap", "action"}))
        >>> pasted = Sentence(1, 0, 0, f"1. {act}", "", "body", frozenset({"neu_guong", "action"}))
        >>> [sorted(labels) for labels in flagged_labels([first, pasted])]
        [['action', 'hoc_tap'], ['neu_guong']]
    """
    seen: set[str] = set()
    out: list[frozenset[str]] = []
    for s in sentences:
        labels = frozenset(s.labels)
        if "action" in labels:
            said = wording(s.text)
            if said in seen:
                labels -= {"action"}
            seen.add(said)
        out.append(labels)
    return out


def score_parts(flags: Mapping[str, int], *, n_actions: int, n_slogans: int, rubric: Rubric,
                written: tuple[int, int] | None = None) -> list[ScorePart]:
    """The score breakdown of one document. ``n_actions`` and ``n_slogans`` are what the score counts
    (:func:`label_counts`); ``written``, the sentences labelled so (the report's columns): where they
    differ, the reason says why the score counts fewer.

    Example:
        >>> rubric = load_rubric("2024")
        >>> flags = {"hoc_tap": 1, "lam_theo": 1, "neu_guong": 1}
        >>> print(score_parts(flags, n_actions=1, n_slogans=3, rubric=rubric, written=(7, 3))[-1].reason)
        75% câu chung chung, nhưng chỉ 4 câu được tính là hành động cụ thể hoặc khẩu hiệu chung chung: quá ít để đánh giá mức cụ thể (cần ít nhất 5); điểm tính mỗi nội dung một lần, không tính các bước của chính mô hình (triển khai, sơ kết, tổng kết mô hình): 1 trong 7 câu hành động
    """
    w = rubric.weights
    parts: list[ScorePart] = []
    for pillar, name in PILLAR_VI.items():
        if flags.get(f"{pillar}_concrete"):
            value, reason = 1.0, f"Có nội dung {name} với hành động đo đếm được"
        elif flags.get(pillar):
            value, reason = rubric.pillar_without_action, f"Nội dung {name} chưa có hành động đo đếm được"
        else:
            value, reason = 0.0, f"Thiếu nội dung {name}"
        parts.append(ScorePart(pillar, value, w[pillar], value * w[pillar], reason))
    for req, missing in REQUIREMENT_MISSING_VI.items():
        value = 1.0 if flags.get(req) else 0.0
        reason = "Đáp ứng: " + missing.replace("Không ", "").replace("nêu ", "có ") if value else missing
        parts.append(ScorePart(req, value, w[req], value * w[req], reason))
    share = min(1.0, n_actions / rubric.actions_full) if rubric.actions_full else 0.0
    # where the score counts fewer sentences than carry the labels, the first reason that counts them says why
    note = ""
    if written is not None and written != (n_actions, n_slogans):
        differ = [f"{n} trong {w} câu {name}" for n, w, name in
                  ((n_actions, written[0], "hành động"), (n_slogans, written[1], "chung chung")) if n != w]
        note = ("; điểm tính mỗi nội dung một lần, không tính các bước của chính mô hình (triển khai, sơ kết, "
                "tổng kết mô hình): " + ", ".join(differ))
    # in the reasons it explains lost points: "10 hành động" alone read as praise beside a grade 5
    shown = f"{n_actions} hành động đo đếm được"
    if 0 < share < 1:
        shown = f"Chỉ có {shown} (cần {rubric.actions_full} để đủ điểm)"
    action_part = ScorePart("action_share", share, w["action_share"], share * w["action_share"], shown)
    counted = n_slogans + n_actions
    if counted:
        index = n_slogans / counted
        # a share of one or two sentences says little: the part is earned in proportion to the sentences it
        # rests on, up to FEW_SENTENCES (no annotated submission has fewer than four), so a two-line note
        # does not earn the whole part that a full plan of concrete actions earns
        value = (1 - index) * min(1.0, counted / FEW_SENTENCES)
        reason = f"{round(index * 100)}% câu chung chung"
        if counted < FEW_SENTENCES:
            reason += (f", nhưng chỉ {counted} câu được tính là hành động cụ thể hoặc khẩu hiệu chung chung: "
                       f"quá ít để đánh giá mức cụ thể (cần ít nhất {FEW_SENTENCES})")
    else:
        value, reason = 0.0, "Không có câu nào cụ thể, đo đếm được"
    slogan_part = ScorePart("slogan_index", value, w["slogan_index"], value * w["slogan_index"], reason)
    if note:  # on the first of the two reasons the appraiser reads (see reasons(): the larger loss first)
        if slogan_part.weight - slogan_part.points >= action_part.weight - action_part.points:
            slogan_part = dataclasses.replace(slogan_part, reason=slogan_part.reason + note)
        else:
            action_part = dataclasses.replace(action_part, reason=action_part.reason + note)
    return [*parts, action_part, slogan_part]


def total(parts: Sequence[ScorePart]) -> float:
    """The score: sum of the parts' points, 0–100."""
    return round(min(100.0, max(0.0, sum(p.points for p in parts))), 2)


def grade_for(score: float, rubric: Rubric, *, missing_pillars: int = 0, missing_requirements: int = 0) -> int:
    """Grade band 1–5 of a score; a missing pillar caps the grade (``missing_pillar_max_grade``), and
    so do missing requirements (``missing_requirements_max_grade``: grade 5 asks for all four)."""
    return min(1 + sum(score >= b for b in rubric.bands), grade_cap(rubric, missing_pillars, missing_requirements))


def grade_cap(rubric: Rubric, missing_pillars: int = 0, missing_requirements: int = 0) -> int:
    """The highest grade a document missing this many pillars and requirements can have."""
    cap = rubric.missing_pillar_max_grade if missing_pillars else 5
    for count, grade in rubric.missing_requirements_max_grade:
        if missing_requirements >= count:
            cap = min(cap, grade)
    return cap


def cap_reason(score: float, rubric: Rubric, missing_pillars: Sequence[str], missing_requirements: Sequence[str]) -> str:
    """Why the grade is below the score's band (an empty string when it is not): what is missing.

    Example:
        >>> cap_reason(95.0, load_rubric("2024"), [], ["exemplar"])
        'Xếp loại tối đa 4 (điểm 95 thuộc mức 5) vì thiếu: cá nhân điển hình'
    """
    band = 1 + sum(score >= b for b in rubric.bands)
    cap = grade_cap(rubric, len(missing_pillars), len(missing_requirements))
    if cap >= band:
        return ""
    names = [PILLAR_VI[p] for p in missing_pillars] + [REQUIREMENT_SHORT_VI[r] for r in missing_requirements]
    return f"Xếp loại tối đa {cap} (điểm {score:g} thuộc mức {band}) vì thiếu: {', '.join(names)}"


def reasons(parts: Sequence[ScorePart]) -> list[str]:
    """Short Vietnamese reasons, the most serious first: a missing pillar (it caps the grade), then the
    parts that lost the most points."""
    lost = sorted((p for p in parts if p.value < 1), key=lambda p: (not (p.name in PILLAR_VI and p.value == 0),
                                                                   -(p.weight - p.points)))
    return [p.reason for p in lost if p.weight - p.points >= 0.5]


def assign_priorities(results: Sequence[DocumentResult], order: str = "weakest",
                      bands: Sequence[float] | None = None) -> dict[str, int]:
    """Review order of a batch: ``doc_id`` → priority (1 = read first).

    ``weakest`` reads the lowest grades first, and within a grade the lowest scores; ``strongest`` the
    highest; ``doubtful`` those
    closest to a grade boundary first: the ``bands`` of the rubric that graded them (by default the
    2024 rubric's). Failed files come first: someone must look at them; then the files that are not a
    registration at all (a minute, a news article: graded 1, set aside by a person); the files an operating
    system or an editor left (E111, never submissions) come last.
    """
    boundaries = tuple(bands) if bands is not None else load_rubric().bands
    def key(r: DocumentResult) -> tuple[float, float, str]:
        if not r.ok and not_a_submission(r.error):
            return (math.inf, 0.0, r.doc_id)
        if not r.ok or r.score is None:
            return (-1.0, 0.0, r.doc_id)
        if r.not_registration:
            return (-0.5, r.score, r.doc_id)
        # by grade first: a grade capped for what is missing ranks with its grade, not its score
        grade = r.grade or 0
        if order == "strongest":
            return (5 - grade, 100 - r.score, r.doc_id)
        if order == "doubtful":
            return (min(abs(r.score - b) for b in boundaries), 0.0, r.doc_id)
        return (grade, r.score, r.doc_id)

    return {r.doc_id: i for i, r in enumerate(sorted(results, key=key), start=1)}
