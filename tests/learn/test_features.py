"""The rule features of a sentence record."""

from __future__ import annotations

from analyzer.detect.evidence import sentence_evidence
from analyzer.learn.features import sentence_record


def _cue_terms(text: str) -> set[str]:
    record = sentence_record(text, text.split(), "body", sentence_evidence(text, ""))
    return {name for name in record["dense"] if name.startswith("cue_term:")}


def test_the_figure_inside_a_pattern_cue_is_not_part_of_its_term():
    # the appraiser reads the whole figure as evidence; the model sees the wording only
    one = _cue_terms("Năm 2023 xã mới có 54% hộ phân loại rác.")
    other = _cue_terms("Năm 2023 xã mới có 7,25% hộ phân loại rác.")
    assert "cue_term:mới có 0%" in one
    assert one == other
