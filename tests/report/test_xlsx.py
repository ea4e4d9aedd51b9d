"""results.xlsx: Vietnamese headers, frozen header row, autofilter, ranking order, formula neutralisation."""

from __future__ import annotations

import csv
import zipfile

import pytest
from openpyxl import load_workbook

from analyzer.report.xlsx import safe_text

RANK_HEADERS = ["Thứ tự ưu tiên", "Tệp", "Trạng thái", "Điểm", "Xếp loại", "Mức xếp loại", "Học tập Bác",
                "Làm theo Bác", "Nêu gương"]
SENTENCE_HEADERS = ["Tệp", "Câu số", "Mục", "Nội dung câu", "Nhãn", "Lý do"]


@pytest.fixture(scope="module")
def book(rendered_samples):
    return load_workbook(rendered_samples / "results.xlsx")


def test_sheets_and_headers(book):
    assert book.sheetnames == ["Xếp hạng", "Câu cần xem", "Lỗi"]
    rank = [c.value for c in book["Xếp hạng"][1]]
    # the batch's review order (--priority weakest) is said in the priority header, in a sentence in its comment
    assert rank[0] == "Thứ tự ưu tiên (yếu nhất trước)" and rank[1:len(RANK_HEADERS)] == RANK_HEADERS[1:]
    assert book["Xếp hạng"]["A1"].comment.text.startswith("Sắp theo: hồ sơ yếu nhất trước (xếp loại thấp trước")
    assert {"Gắn chỉ tiêu nghị quyết", "Gắn tồn tại, hạn chế", "Cá nhân điển hình", "Lộ trình", "Số hành động",
            "Số câu chung chung", "Tỷ lệ chung chung", "Lý do", "Trang báo cáo"} <= set(rank)
    assert [c.value for c in book["Câu cần xem"][1]] == SENTENCE_HEADERS
    assert [c.value for c in book["Lỗi"][1]] == ["Thứ tự ưu tiên", "Tệp", "Lỗi", "Cách xử lý", "Mã lỗi"]


@pytest.mark.parametrize("sheet", ["Xếp hạng", "Câu cần xem", "Lỗi"])
def test_frozen_header_autofilter_widths_and_wrap(book, sheet):
    ws = book[sheet]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:{ws.cell(1, ws.max_column).column_letter}{ws.max_row}"
    assert all(ws.column_dimensions[c.column_letter].width >= 7 for c in ws[1])
    assert ws["A1"].font.bold and ws["B1"].alignment.wrap_text


def test_ranking_follows_priority_and_links_each_page(book, rendered_samples):
    with open(rendered_samples / "documents.csv", encoding="utf-8-sig") as handle:
        docs = sorted(csv.DictReader(handle), key=lambda r: int(r["priority"]))
    rows = list(book["Xếp hạng"].iter_rows(min_row=2))
    assert [r[1].value for r in rows] == [d["doc_id"] for d in docs]
    assert [r[0].value for r in rows] == list(range(1, len(docs) + 1))
    for row, doc in zip(rows, docs):
        assert row[3].value == pytest.approx(float(doc["score"]))
        assert row[6].value == ("✓" if doc["hoc_tap"] == "1" else "✗")
        link = row[-1].hyperlink.target.replace("\\", "/")  # a relative link, written as Excel writes one
        assert link.startswith("report/docs/") and (rendered_samples / link).is_file()
    sentences = list(book["Câu cần xem"].iter_rows(min_row=2, values_only=True))
    assert len(sentences) > 50
    assert any("Chung chung" in (s[4] or "") and s[5] for s in sentences)
    assert book["Câu cần xem"]["D2"].alignment.wrap_text


@pytest.mark.parametrize("text, risky", [("=1+1", True), ("+84 912", True), ("- Chi bộ", True), ("@SUM(A1)", True),
                                         ("\tTab", True), ("\rCR", True), ("Chi bộ = 15", False), ("", False),
                                         ("a\x00b\x1fc", False)])
def test_safe_text(text, risky):
    cleaned, flagged = safe_text(text)
    assert flagged is risky
    assert "\x00" not in cleaned and "\x1f" not in cleaned


def test_formula_like_cells_stay_text(hostile_batch):
    path = hostile_batch / "results.xlsx"
    book = load_workbook(path)
    risky = []
    for ws in book.worksheets:
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, str) and cell.value[:1] in "=+-@\t\r":
                    risky.append(cell.value)
                    assert cell.data_type == "s" and cell.quotePrefix, (ws.title, cell.coordinate, cell.value)
    starts = {v[:1] for v in risky}
    assert {"=", "+", "-", "@"} <= starts, risky
    assert any(v.startswith("=HYPERLINK(") for v in risky) and any(v.startswith("=cmd|") for v in risky)
    with zipfile.ZipFile(path) as archive:
        sheets = [archive.read(n).decode("utf-8") for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
    assert sheets and not any("<f>" in xml or "<f " in xml for xml in sheets)
    errors = list(book["Lỗi"].iter_rows(min_row=2, values_only=True))
    advice = "Lưu lại tệp từ phần mềm soạn thảo (Word, LibreOffice…) rồi gửi lại"
    assert [e[1:] for e in errors] == [("hỏng.docx", "Tệp bị hỏng, không đọc được", advice, "E104")]
    # the ranking's reason of the failed file is Vietnamese: what happened, what to do, the code; the
    # English message, with the file's path on the server, stays in documents.csv
    ranked = {row[1]: row for row in book["Xếp hạng"].iter_rows(min_row=2, values_only=True)}
    reason = ranked["hỏng.docx"][[c.value for c in book["Xếp hạng"][1]].index("Lý do")]
    assert reason == f"Tệp bị hỏng, không đọc được. {advice} (mã E104)"


def test_system_files_are_ranked_but_not_failures(tmp_path):
    """Thumbs.db and Word's ~$ owner file (E111) are no failed submissions: not in the "Lỗi" sheet, as the
    index lists them apart; the ranking keeps them, last, with their status and what to do."""
    from analyzer.errors import E, IngestError
    from analyzer.report.views import index_row
    from analyzer.report.xlsx import results_workbook, workbook_rows
    from analyzer.results import DocumentResult

    thumbs = DocumentResult("Thumbs.db", status="error", error=str(IngestError(
        E.NOT_A_SUBMISSION, path="/srv/ho_so/Thumbs.db", what="a Windows thumbnail cache")))
    broken = DocumentResult("hỏng.pdf", status="error", error=str(IngestError(
        E.CORRUPT, path="/srv/ho_so/hỏng.pdf", fmt="pdf", detail="PdfStreamError: Stream has ended unexpectedly")))
    path = tmp_path / "results.xlsx"
    with results_workbook(path) as add:
        for priority, result in enumerate((broken, thumbs), start=1):
            add(workbook_rows(result, index_row(result, priority)), "")
    book = load_workbook(path)
    assert [row[1] for row in book["Lỗi"].iter_rows(min_row=2, values_only=True)] == ["hỏng.pdf"]
    ranked = list(book["Xếp hạng"].iter_rows(min_row=2, values_only=True))
    headers = [c.value for c in book["Xếp hạng"][1]]
    assert headers[0] == "Thứ tự ưu tiên"  # no order given: nothing said about it
    assert [(r[1], r[2]) for r in ranked] == [("hỏng.pdf", "Lỗi đọc tệp"), ("Thumbs.db", "Không phải hồ sơ")]
    assert ranked[1][headers.index("Lý do")].endswith("có thể xoá khỏi thư mục hồ sơ (mã E111)")
    cells = [str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row if v]
    assert not any("/srv/" in v or "PdfStreamError" in v or "could not" in v for v in cells), cells


def test_a_text_longer_than_a_cell_is_cut_with_a_note():
    from analyzer.report.xlsx import CUT_NOTE, MAX_CELL

    cleaned, _ = safe_text("Nguyễn Văn An; " * 3000)
    assert len(cleaned) == MAX_CELL and cleaned.endswith(CUT_NOTE)


def test_a_sheet_longer_than_excel_allows_ends_with_a_note(tmp_path, monkeypatch):
    import analyzer.report.xlsx as xlsx
    from analyzer.report.views import index_row
    from analyzer.results import DocumentResult

    monkeypatch.setattr(xlsx, "MAX_ROWS", 4)  # header + 2 rows + the note
    path = tmp_path / "results.xlsx"
    with xlsx.results_workbook(path) as add:
        for k in range(6):
            bad = DocumentResult(f"tệp {k}.txt", status="error", error="E101: trống")
            add(xlsx.workbook_rows(bad, index_row(bad, k + 1)), "")
    sheet = load_workbook(path)["Xếp hạng"]
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    assert len(rows) == 4
    assert [r[1] for r in rows[1:3]] == ["tệp 0.txt", "tệp 1.txt"]
    assert rows[3][0].startswith("Bảng tính dừng ở đây vì Excel chỉ hiển thị tối đa")


def _ok_rows(k: int):
    from analyzer.report.views import index_row
    from analyzer.report.xlsx import workbook_rows
    from analyzer.results import DocumentResult

    result = DocumentResult(f"tệp {k}.txt", text="Chi bộ có 15 đảng viên.", score=float("nan") if k == 0 else 40.0 + k)
    return workbook_rows(result, index_row(result, k + 1))


def test_links_past_excels_limit_are_written_as_paths(tmp_path, monkeypatch):
    import analyzer.report.xlsx as xlsx

    monkeypatch.setattr(xlsx, "MAX_LINKS", 2)
    path = tmp_path / "results.xlsx"
    with xlsx.results_workbook(path) as add:
        for k in range(4):
            add(_ok_rows(k), f"docs/tep-{k}.html")
    rows = list(load_workbook(path)["Xếp hạng"].iter_rows(min_row=2))
    assert [bool(r[-1].hyperlink) for r in rows] == [True, True, False, False]
    assert [r[-1].value for r in rows] == ["Xem báo cáo", "Xem báo cáo", "report/docs/tep-2.html",
                                           "report/docs/tep-3.html"]
    assert rows[0][3].value is None and rows[1][3].value == 41.0  # a score that is not a number stays empty


def test_the_workbook_leaves_nothing_else_behind(tmp_path):
    from analyzer.report.xlsx import results_workbook

    path = tmp_path / "results.xlsx"
    with pytest.raises(KeyboardInterrupt):
        with results_workbook(path) as add:
            add(_ok_rows(1), "docs/tep-1.html")
            raise KeyboardInterrupt
    assert list(tmp_path.iterdir()) == []
    with results_workbook(path) as add:
        add(_ok_rows(1), "docs/tep-1.html")
    assert [p.name for p in tmp_path.iterdir()] == ["results.xlsx"]


def test_zip64_only_when_the_sheets_could_pass_4_gb(tmp_path, monkeypatch):
    import xlsxwriter

    import analyzer.report.xlsx as xlsx

    calls = []
    monkeypatch.setattr(xlsxwriter.Workbook, "use_zip64", lambda self: calls.append(self) or setattr(self, "allow_zip64", True))
    for limit, expected in ((xlsx.ZIP64_AFTER, 0), (1_000, 1)):  # the bound of one small row passes 1,000 bytes
        monkeypatch.setattr(xlsx, "ZIP64_AFTER", limit)
        path = tmp_path / f"{limit}.xlsx"
        with xlsx.results_workbook(path) as add:
            add(_ok_rows(1), "docs/tep-1.html")
        assert len(calls) == expected
        assert load_workbook(path)["Xếp hạng"]["B2"].value == "tệp 1.txt"


def test_a_file_that_is_no_registration_says_so_in_the_status_column_and_its_reason_first():
    """analyzer/detect/doctype.py: a meeting minute in the batch is "Không phải bản đăng ký", its reason first."""
    import analyzer
    from analyzer.report.views import index_row
    from analyzer.report.xlsx import RANK, RANK_COLUMNS, workbook_rows

    minute = analyzer.analyze_text("CHI BỘ ẤP 3\nBIÊN BẢN\nHọp chi bộ tháng 3 năm 2024\n"
                                   "Chi bộ thông qua kết quả thu quỹ tháng 2/2024 đạt 90%.\n")
    registration = analyzer.analyze_text("CHI BỘ ẤP 3\nBẢN ĐĂNG KÝ\nChi bộ tổ chức 4 buổi sinh hoạt chuyên đề năm 2024.\n")
    headers = [c.header for c in RANK_COLUMNS]
    rows = {name: dict(zip(headers, workbook_rows(r, index_row(r, 1))[RANK][0]))
            for name, r in (("minute", minute), ("registration", registration))}
    assert rows["minute"]["Trạng thái"] == "Không phải bản đăng ký"
    assert rows["minute"]["Lý do"].startswith("Không phải bản đăng ký mô hình: tiêu đề «BIÊN BẢN»")
    assert rows["registration"]["Trạng thái"] == "Đã phân tích"
    # the HTML index and the document's page give the same reason first
    from analyzer.report.views import document_view

    assert index_row(minute, 1)["top_reasons"][0] == document_view(minute)["reasons"][0] == minute.reasons[0]
