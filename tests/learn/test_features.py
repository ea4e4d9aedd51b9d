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


@pytest.mark.parametrize(("written", "same_as"), [
    ("Bí thư chi bộ đăng ký ba việc làm cụ thể.", "Bí thư chi bộ đăng ký 3 việc làm cụ thể."),
    ("Chi đoàn tổ chức 02 buổi tọa đàm về Bác.", "Chi đoàn tổ chức 2 buổi tọa đàm về Bác."),
    ("Chi bộ sinh hoạt chuyên đề hàng tháng.", "Chi bộ sinh hoạt chuyên đề hằng tháng."),
    ("Chi bộ sinh hoạt chuyên đề mỗi quí một lần.", "Chi bộ sinh hoạt chuyên đề mỗi quý một lần."),
    ("Giải ngân 2 tỉ đồng, tỉ lệ hộ vay đạt 5%.", "Giải ngân 2 tỷ đồng, tỷ lệ hộ vay đạt 5%."),
])
def test_one_thing_written_two_ways_gives_the_model_the_same_record(written, same_as):
    """A count in words lost `action` (the model saw no digit); "02 buổi" and "2 buổi" fell in two length buckets."""
    from analyzer.pipeline import get_nlp

    nlp = get_nlp()

    def record(text):  # type: ignore[no-untyped-def]
        return sentence_record(text, [t.text for t in nlp.make_doc(text)], "body", sentence_evidence(text, "II. NỘI DUNG"))

    assert record(written) == record(same_as)


def test_hang_is_read_as_every_only_before_a_unit_of_time():
    record = sentence_record("Bán hàng hoá hàng tuần.", ["Bán", "hàng hoá", "hàng", "tuần", "."], "body",
                             sentence_evidence("Bán hàng hoá hàng tuần.", ""))
    assert record["tok"] == "bán hàng_hoá hằng tuần ."
