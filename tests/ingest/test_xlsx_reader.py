""".xlsx: a registration typed as a spreadsheet, one line per row."""

from __future__ import annotations

import datetime

import pytest

from analyzer.errors import IngestError
from analyzer.ingest import read_document
from conftest import SENTENCE


def _workbook(path, sheets):  # type: ignore[no-untyped-def]
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for title, rows, state in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
        sheet.sheet_state = state
    book.save(path)
    return path


def test_rows_become_lines_with_cells_joined(tmp_path):
    path = _workbook(tmp_path / "đăng ký.xlsx", [
        ("Đăng ký", [["BẢN ĐĂNG KÝ MÔ HÌNH NĂM 2024"], [], [], ["STT", "Nội dung", "Thời gian", "Người thực hiện"],
                     [1, SENTENCE, datetime.datetime(2024, 4, 30), "Bí thư chi bộ"],
                     [2, "Giảm tỷ lệ hồ sơ trễ hẹn\nxuống dưới 3%", None, 95.5]], "visible"),
        ("Ghi chú", [["=1+1"], [True]], "visible"),
        ("Nháp", [["không phải nội dung"]], "hidden"),
    ])
    read = read_document(path)
    assert read.fmt == "xlsx" and [w[:4] for w in read.warnings] == ["W119"] and "=1+1" in read.warnings[0]
    assert read.text.split("\n") == [
        "BẢN ĐĂNG KÝ MÔ HÌNH NĂM 2024",
        "",  # two empty rows: one paragraph break
        "STT | Nội dung | Thời gian | Người thực hiện",
        f"1 | {SENTENCE} | 30/04/2024 | Bí thư chi bộ",
        "2 | Giảm tỷ lệ hồ sơ trễ hẹn xuống dưới 3% | 95,5",
        "",  # the end of the sheet; "=1+1", a formula Excel never computed, is never run: left out, and said (W119)
        "Có",
    ]


def test_a_workbook_renamed_is_read_by_its_content(tmp_path):
    path = _workbook(tmp_path / "kế hoạch.xlsx", [("Kế hoạch", [[SENTENCE]], "visible")])
    renamed = tmp_path / "kế hoạch.doc"
    renamed.write_bytes(path.read_bytes())
    read = read_document(renamed)
    assert read.fmt == "xlsx" and read.text == SENTENCE and read.warnings[0].startswith("W105")


def test_a_damaged_workbook_is_e104(tmp_path):
    path = _workbook(tmp_path / "hỏng.xlsx", [("A", [[SENTENCE]], "visible")])
    (tmp_path / "cắt cụt.xlsx").write_bytes(path.read_bytes()[:300])
    with pytest.raises(IngestError) as error:
        read_document(tmp_path / "cắt cụt.xlsx")
    assert error.value.code == "E104"


def test_a_formula_a_program_wrote_without_its_value_gives_the_text_it_spells_out(tmp_path):
    """openpyxl and other generators write formulas without the value Excel would cache: a link's label
    and joined text are read; arithmetic is not evaluated."""
    path = _workbook(tmp_path / "lo_trinh.xlsx", [("Lộ trình", [
        ["STT", "Nội dung", "Thời gian"],
        [3, '=HYPERLINK("https://xa.vn/den","Lắp 20 bóng đèn đường ấp 3")', "Quý III/2024"],
        [4, '="Tổ chức "&"02 buổi sinh hoạt"', '="Tháng "&"5/2024"']], "visible")])
    read = read_document(path)
    assert read.text.split("\n")[1:] == ["3 | Lắp 20 bóng đèn đường ấp 3 | Quý III/2024",
                                          "4 | Tổ chức 02 buổi sinh hoạt | Tháng 5/2024"]
    assert read.warnings == ()


@pytest.mark.parametrize(("value", "number_format", "shown"), [
    (1.0, "0%", "100%"),  # "100% đảng viên": the commonest measurable target
    (0.955, "0.0%", "95,5%"),
    (46800000, "#,##0", "46.800.000"),
    (1234.5, "#,##0.00", "1.234,50"),
    (2.5, "0.0#", "2,5"),
    (1000000, '#,##0 "đồng"', "1.000.000 đồng"),
    (0.12, "[Red]0.0%;-0.0%", "12,0%"),
    (-0.5, "0%", "-50%"),
    (12, "General", "12"),  # typed as it is
    (95.5, "General", "95,5"),
])
def test_numbers_read_as_their_format_shows_them(tmp_path, value, number_format, shown):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Tỷ lệ đảng viên học tập chuyên đề", value])
    book.active["B1"].number_format = number_format
    book.save(tmp_path / "chi_tieu.xlsx")
    assert read_document(tmp_path / "chi_tieu.xlsx").text == f"Tỷ lệ đảng viên học tập chuyên đề | {shown}"
