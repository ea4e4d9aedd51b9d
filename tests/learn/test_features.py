"""The rule features of a sentence record."""

from __future__ import annotations

import pytest

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


@pytest.mark.parametrize(
    ("text", "year", "told"),
    [
        ("Đợt kiểm tra tháng 10/2023 cũng cho thấy 38/60 mô hình không có lộ trình.", 2024, {"year:past"}),
        ("Tổ chức 2 buổi tọa đàm trong tháng 5/2024.", 2024, {"year:this"}),
        ("Tổ chức 2 buổi tọa đàm trong tháng 5/2024.", 2023, {"year:next"}),
        ("Đọc lại thư Bác gửi Hội nghị cán bộ y tế năm 1955.", 2024, {"year:old"}),
        ("Giảm tỷ lệ bỏ học từ 3% năm học 2022–2023 xuống dưới 1% năm 2024.", 2024, {"year:past", "year:this"}),
        # a figure that only looks like a year is none
        ("Hội quản lý 1.2023 ha rừng và 2023,5 tấn chè.", 2024, set()),
    ],
)
def test_the_years_a_sentence_names_are_told_against_the_submissions_own(text, year, told):
    """Digits are folded to 0 in the words: these features tell last year's finding from this year's plan
    wherever the year stands (``context.past_result`` reads only a year that opens the sentence or has a comma)."""
    record = sentence_record(text, text.split(), "body", sentence_evidence(text, "", year), year=year)
    assert {name for name in record["dense"] if name.startswith("year:")} == told
