"""Formalistic, gamed registrations an appraiser grades 1–3 by the corpus rubric, beside short good ones.

Every document in ``tests/data/gaming`` is written for this test (none is a corpus document): ``g*`` game
the form — keyword stuffing, a restatement of the guidance, "100%" filler, a roadmap of the model's own
course, numbers that count nothing, one action pasted under each pillar, names without commitments, a
table of "Thường xuyên" rows, deadlines put on stock phrases, last year's results, a meeting minute, a
news article — and ``c*`` are short registrations with concrete actions and every requirement. A gamed
document must stay at Đạt or below on its score alone, not only because a missing requirement caps its
grade (a plan of deadlines on stock phrases scored 77.5, in the band of Tốt); a good one at Tốt or above.
The meeting minute and the news article are no registration at all: graded 1 (Không đạt), saying so first
(they were graded 2 and 3 as weak registrations before analyzer/detect/doctype.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

import analyzer
from analyzer.detect.doctype import PREFIX
from analyzer.rubrics import load_rubric

DATA = Path(__file__).resolve().parent.parent / "data" / "gaming"
GAMED = sorted(DATA.glob("g*.txt"))
GOOD = sorted(DATA.glob("c*.txt"))
NOT_REGISTRATIONS = {"g10_meeting_minute": "minute", "g11_news_article": "article"}


def test_the_battery_is_there():
    assert len(GAMED) >= 12 and len(GOOD) >= 4


@pytest.mark.parametrize("path", GAMED, ids=lambda p: p.stem)
def test_a_gamed_registration_scores_no_higher_than_dat(path):
    result = analyzer.analyze_file(path)
    tot = load_rubric().bands[2]  # the score from which a document is Tốt (4)
    assert result.grade <= 3 and result.score < tot, (result.grade, result.score, result.reasons)


@pytest.mark.parametrize("path", GOOD, ids=lambda p: p.stem)
def test_a_short_concrete_registration_stays_tot_or_better(path):
    result = analyzer.analyze_file(path)
    assert result.grade >= 4, (result.grade, result.score, result.reasons)


@pytest.mark.parametrize("path", GAMED + GOOD, ids=lambda p: p.stem)
def test_only_the_minute_and_the_article_are_no_registration(path):
    result = analyzer.analyze_file(path)
    kind = dict(result.meta).get("not_registration")
    assert kind == NOT_REGISTRATIONS.get(path.stem), result.reasons
    if kind:
        assert result.grade == 1 and result.reasons[0].startswith(PREFIX), (result.grade, result.reasons)


def test_the_reasons_say_why_the_score_counts_fewer_actions_than_the_report_shows():
    """A plan of the model's own steps: its sentences keep `action` (the report's column counts them) while
    the score counts none of them; the reasons say so, with both counts, so the two figures do not clash."""
    from analyzer.score import label_counts

    result = analyzer.analyze_file(DATA / "g04_lifecycle_roadmap.txt")
    counted, _ = label_counts(result.sentences)
    assert counted < result.count("action")
    assert f"{counted} trong {result.count('action')} câu hành động" in " ".join(result.reasons)
    assert "không tính các bước của chính mô hình" in " ".join(result.reasons)
