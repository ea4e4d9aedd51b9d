"""PDF: text layer via pypdf, hard-wrapped lines re-flowed into paragraphs."""

import pytest

from analyzer.errors import IngestError
from analyzer.ingest import read_document
from analyzer.ingest import ocr
from analyzer.ingest.pdf_reader import reflow_lines, undecodable
from conftest import DATA, SENTENCE, TCVN3, VNI, joined_pdf, make_blank_pdf, make_pdf, make_stamped_scan, \
    to_legacy, without_unicode_map

PARAGRAPH = (
    "Chi bộ Trường THCS Thủy Đông đăng ký mô hình học tập và làm theo Bác với nội dung tổ chức cho "
    "100% đảng viên học tập chuyên đề năm 2024, gắn với chỉ tiêu nghị quyết đại hội chi bộ nhiệm kỳ "
    "2020-2025 và khắc phục hạn chế đã được cấp ủy cấp trên chỉ ra trong kiểm điểm cuối năm."
)

REFLOW = [
    # (physical lines, expected lines, what)
    (["Chi bộ tổ chức cho 100% đảng viên học tập chuyên đề năm 2024 theo",
      "đúng kế hoạch của Đảng ủy xã."],
     ["Chi bộ tổ chức cho 100% đảng viên học tập chuyên đề năm 2024 theo đúng kế hoạch của Đảng ủy xã."],
     "wrapped sentence joined"),
    (["I. NỘI DUNG", "Chi bộ tổ chức cho 100% đảng viên học tập chuyên đề năm 2024."],
     ["I. NỘI DUNG", "Chi bộ tổ chức cho 100% đảng viên học tập chuyên đề năm 2024."],
     "heading kept"),
    (["Mỗi đảng viên đăng ký ít nhất một việc làm cụ thể theo các nội dung sau",
      "- Học tập Bác: mỗi tháng một buổi;", "+ Quý I: học chuyên đề;", "a) Nêu gương: Bí thư đi đầu.",
      "1. Làm theo Bác", "2) Nêu gương"],
     ["Mỗi đảng viên đăng ký ít nhất một việc làm cụ thể theo các nội dung sau",
      "- Học tập Bác: mỗi tháng một buổi;", "+ Quý I: học chuyên đề;", "a) Nêu gương: Bí thư đi đầu.",
      "1. Làm theo Bác", "2) Nêu gương"],
     "bullets and numbers start lines"),
    (["1. Tổ chức cho đảng viên học tập chuyên đề năm 2024 theo đúng kế hoạch",
      "của Huyện ủy và Đảng ủy xã;"],
     ["1. Tổ chức cho đảng viên học tập chuyên đề năm 2024 theo đúng kế hoạch của Huyện ủy và Đảng ủy xã;"],
     "a wrapped list item is joined"),
    (["Chi bộ tổ chức cho 100% đảng viên học tập chuyên đề năm 2024 theo", "",
      "đúng kế hoạch."],
     ["Chi bộ tổ chức cho 100% đảng viên học tập chuyên đề năm 2024 theo", "", "đúng kế hoạch."],
     "blank line is a paragraph break"),
    (["Họ và tên: Nguyễn Thị Hạnh", "Chức vụ: Bí thư chi bộ",
      "Chi bộ tổ chức cho 100% đảng viên học tập chuyên đề năm 2024 theo kế hoạch."],
     ["Họ và tên: Nguyễn Thị Hạnh", "Chức vụ: Bí thư chi bộ",
      "Chi bộ tổ chức cho 100% đảng viên học tập chuyên đề năm 2024 theo kế hoạch."],
     "short lines were ended on purpose"),
    (["Năm 2023 trên địa bàn xã xảy ra 14 vụ trộm cắp tài sản, tăng 5 vụ so với năm 2022;",
      "Đảng ủy xã đã chỉ ra hạn chế của chi bộ là chưa vận động được các hộ lắp camera."],
     ["Năm 2023 trên địa bàn xã xảy ra 14 vụ trộm cắp tài sản, tăng 5 vụ so với năm 2022; "
      "Đảng ủy xã đã chỉ ra hạn chế của chi bộ là chưa vận động được các hộ lắp camera."],
     "a full line ending with ';' goes on, a capital after it or not"),
    # a roadmap table's rows, each its cells side by side on one line, are wider than the page's text:
    # the text's full line is measured without them
    (["Góp phần thực hiện chỉ tiêu Nghị quyết Đại hội Đảng bộ xã nhiệm kỳ",
      "2020–2025: đến năm 2025 có 500 ha dừa được chứng nhận hữu cơ, thu nhập",
      "bình quân đạt 68 triệu đồng/người/năm.",
      *[f"{k} | Tập huấn quy trình trồng dừa hữu cơ cho 240 hộ thành viên ấp {k} | Quý III/2024 | "
        f"Trạm Khuyến nông phối hợp Công ty dừa Lương Quới" for k in range(1, 7)]],
     ["Góp phần thực hiện chỉ tiêu Nghị quyết Đại hội Đảng bộ xã nhiệm kỳ 2020–2025: đến năm 2025 có "
      "500 ha dừa được chứng nhận hữu cơ, thu nhập bình quân đạt 68 triệu đồng/người/năm.",
      *[f"{k} | Tập huấn quy trình trồng dừa hữu cơ cho 240 hộ thành viên ấp {k} | Quý III/2024 | "
        f"Trạm Khuyến nông phối hợp Công ty dừa Lương Quới" for k in range(1, 7)]],
     "a line wrapped before a figure beside a table's wide rows"),
    ([*[f"{k} | Tập huấn quy trình trồng dừa hữu cơ cho 240 hộ thành viên ấp {k} | Quý III/2024 | "
        f"Trạm Khuyến nông phối hợp Công ty dừa Lương Quới" for k in range(1, 4)],
      "Văn phòng Đảng ủy tổng hợp kết quả, báo cáo trước ngày 15/12/2024.",
      "1 | Sơ kết mô hình | Tháng 6/2024 | Chi ủy phối hợp Ban công tác Mặt trận ấp",
      "và Chi hội Nông dân"],
     [*[f"{k} | Tập huấn quy trình trồng dừa hữu cơ cho 240 hộ thành viên ấp {k} | Quý III/2024 | "
        f"Trạm Khuyến nông phối hợp Công ty dừa Lương Quới" for k in range(1, 4)],
      "Văn phòng Đảng ủy tổng hợp kết quả, báo cáo trước ngày 15/12/2024.",
      "1 | Sơ kết mô hình | Tháng 6/2024 | Chi ủy phối hợp Ban công tác Mặt trận ấp và Chi hội Nông dân"],
     "text after a table's widest row opens a line; a cell's wrapped words still join its row"),
]


@pytest.mark.parametrize(("lines", "expected", "what"), REFLOW, ids=[case[2] for case in REFLOW])
def test_reflow_lines(lines, expected, what):
    assert reflow_lines(lines) == expected


def test_pdf_text_layer_is_reflowed(tmp_path, unicode_font):
    blocks = ["I. NỘI DUNG", PARAGRAPH, "- Học tập Bác: mỗi tháng một buổi sinh hoạt chuyên đề;",
              "a) Nêu gương: Bí thư chi bộ gương mẫu đi đầu.", "Nơi nhận:", "- Đảng ủy xã;"]
    doc = read_document(make_pdf(tmp_path / "dang_ky.pdf", unicode_font, blocks, width=110))
    assert doc.text.splitlines() == blocks
    assert (doc.fmt, doc.meta) == ("pdf", (("pages", "1"),))


def test_page_numbers_are_dropped_and_pages_joined(tmp_path, unicode_font):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("DejaVu", fname=str(unicode_font))
    pdf.set_font("DejaVu", size=11)
    for number, text in ((1, SENTENCE + ","), (2, "gắn với chỉ tiêu nghị quyết.")):
        pdf.add_page()
        pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
        pdf.set_y(-20)
        pdf.cell(0, 6, str(number), align="C")
    pdf.output(str(tmp_path / "hai_trang.pdf"))
    assert read_document(tmp_path / "hai_trang.pdf").text == f"{SENTENCE}, gắn với chỉ tiêu nghị quyết."


def test_pdf_without_text_layer(tmp_path):
    with pytest.raises(IngestError) as error:
        read_document(make_blank_pdf(tmp_path / "scan.pdf"))
    assert error.value.code == "E107"


def _truncated_pdf(tmp_path, font):
    """A PDF cut in half (its end marker and cross-reference table lost)."""
    data = make_pdf(tmp_path / "ok.pdf", font, [PARAGRAPH]).read_bytes()
    (tmp_path / "cut.pdf").write_bytes(data[: len(data) // 2])
    return tmp_path / "cut.pdf"


def test_truncated_pdf(tmp_path, unicode_font):
    with pytest.raises(IngestError) as error:
        read_document(_truncated_pdf(tmp_path, unicode_font))
    assert error.value.code == "E104"


def test_repair_messages_of_a_damaged_pdf_stay_off_the_console(tmp_path, unicode_font, capsys):
    """underthesea calls ``logging.basicConfig`` when imported, so the root logger has a console
    handler in every run that analyses text: pypdf's notes on a damaged file must not reach it and
    cut through the batch's progress bar (the file's status says what went wrong)."""
    import logging

    root = logging.getLogger()
    console = logging.StreamHandler()  # to sys.stderr as it is now, which capsys captures
    root.addHandler(console)
    try:
        with pytest.raises(IngestError):
            read_document(_truncated_pdf(tmp_path, unicode_font))
    finally:
        root.removeHandler(console)
    assert capsys.readouterr().err == ""


def test_pdf_named_txt_is_read_as_pdf(tmp_path, unicode_font):
    path = make_pdf(tmp_path / "x.pdf", unicode_font, [SENTENCE]).rename(tmp_path / "dang_ky.txt")
    doc = read_document(path)
    assert (doc.fmt, doc.text) == ("pdf", SENTENCE)
    assert doc.warnings[0].startswith("W105")


def _encrypted_pdf(path, font, **passwords):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("DejaVu", fname=str(font))
    pdf.set_font("DejaVu", size=11)
    pdf.set_encryption(**passwords)
    pdf.multi_cell(0, 6, SENTENCE)
    pdf.output(str(path))
    return path


def test_pdf_with_a_user_password_is_refused(tmp_path, unicode_font):
    path = _encrypted_pdf(tmp_path / "mat_khau.pdf", unicode_font, owner_password="chu", user_password="khach")
    with pytest.raises(IngestError) as error:
        read_document(path)
    assert error.value.code == "E110"


def test_pdf_with_only_an_owner_password_is_read(tmp_path, unicode_font):
    path = _encrypted_pdf(tmp_path / "chi_doc.pdf", unicode_font, owner_password="chu")
    assert read_document(path).text == SENTENCE


def test_pdf_encrypted_with_aes_and_only_an_owner_password_is_read(tmp_path, unicode_font):
    """Any viewer opens it; pypdf needs the cryptography package (pypdf[crypto]) to decrypt AES."""
    from fpdf.enums import EncryptionMethod

    path = _encrypted_pdf(tmp_path / "aes.pdf", unicode_font, owner_password="chu",
                          encryption_method=EncryptionMethod.AES_128)
    assert read_document(path).text == SENTENCE


def test_a_ruled_table_is_read_row_by_row_as_the_word_file_gives_it():
    """A roadmap table of a PDF: one line a row, cells joined by " | ", a wrapped cell joined again."""
    lines = read_document(DATA / "notes_headers.pdf").text.splitlines()
    assert "STT | Nội dung | Thời gian | Người phụ trách" in lines
    assert ("2 | Kèm cặp 3 giáo viên ứng dụng công nghệ thông tin | Học kỳ II năm học 2023–2024 | "
            "Đ/c Tổ trưởng tổ Tin học") in lines
    assert "5 | Tổng kết mô hình, đề xuất khen thưởng | Tháng 12/2024 | Chi ủy" in lines
    # the text around the table is pypdf's, re-flowed as before
    assert "III. LỘ TRÌNH THỰC HIỆN" in lines and "Nơi nhận:" in lines


def test_a_table_drawn_with_cell_borders_is_read_as_rows_and_a_lone_rule_is_no_table(tmp_path, unicode_font):
    """fpdf2 draws each cell's border; a long task wraps in its cell. A rule under a title is no table."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("DejaVu", fname=str(unicode_font))
    pdf.set_font("DejaVu", size=11)
    pdf.multi_cell(0, 6, "III. LỘ TRÌNH THỰC HIỆN", new_x="LMARGIN", new_y="NEXT")
    pdf.line(10, pdf.get_y() + 1, 200, pdf.get_y() + 1)
    pdf.ln(4)
    rows = [("STT", "Nội dung", "Thời gian"),
            ("1", "Kèm cặp 3 giáo viên ứng dụng công nghệ thông tin trong dạy học môn Toán", "Quý II – quý III/2024"),
            ("2", "Tổng kết mô hình", "Tháng 12/2024")]
    with pdf.table(col_widths=(12, 60, 40), first_row_as_headings=False) as table:
        for row in rows:
            cells = table.row()
            for text in row:
                cells.cell(text)
    pdf.multi_cell(0, 6, "Trên đây là bản đăng ký của chi bộ.", new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(tmp_path / "bang.pdf"))
    lines = [line for line in read_document(tmp_path / "bang.pdf").text.splitlines() if line]
    assert lines == ["III. LỘ TRÌNH THỰC HIỆN", *(" | ".join(row) for row in rows), "Trên đây là bản đăng ký của chi bộ."]


def test_a_running_header_and_footer_are_not_read_as_the_document(tmp_path, unicode_font):
    """The same line on every page (the unit and the title over each page, "Trang 2/3" under it)."""
    from fpdf import FPDF

    class Paged(FPDF):
        def header(self):
            self.set_font("DejaVu", size=9)
            self.cell(0, 6, "Chi bộ Trường THCS Lê Lợi – Bản đăng ký mô hình năm 2024", new_x="LMARGIN", new_y="NEXT")

        def footer(self):
            self.set_y(-15)
            self.set_font("DejaVu", size=9)
            self.cell(0, 6, f"Trang {self.page_no()}/3")

    pdf = Paged()
    pdf.add_font("DejaVu", fname=str(unicode_font))
    for k in range(3):
        pdf.add_page()
        pdf.set_font("DejaVu", size=11)
        pdf.multi_cell(0, 6, f"Mục {k + 1}. Chi bộ tổ chức {k + 2} buổi sinh hoạt chuyên đề.", new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(tmp_path / "ba trang.pdf"))
    assert read_document(tmp_path / "ba trang.pdf").text.splitlines() == [
        f"Mục {k + 1}. Chi bộ tổ chức {k + 2} buổi sinh hoạt chuyên đề." for k in range(3)]


def test_a_sentence_repeated_on_two_pages_is_not_a_running_header():
    from analyzer.ingest.pdf_reader import _drop_running_lines

    repeated = SENTENCE + "."
    pages = [["Kính gửi: Đảng ủy xã Lâm Thao", repeated], ["Năm 2023 còn 4 điểm đổ rác.", repeated, "Hết."]]
    assert _drop_running_lines(pages) == pages
    header = "Chi bộ Trường THCS Lê Lợi – Bản đăng ký mô hình năm 2024"
    assert _drop_running_lines([[header, "Một."], [header, "Hai."]]) == [["Một."], ["Hai."]]


def test_a_running_header_the_first_page_lacks_is_dropped_from_the_others():
    """Word's "different first page": the header is on pages 2–4 only; a sentence repeated in the
    middle of two pages of three stays."""
    from analyzer.ingest.pdf_reader import _drop_running_lines

    header = "Chi bộ ấp Bình Thạnh – Bản đăng ký mô hình năm 2025"
    pages = [["ĐẢNG BỘ XÃ BÌNH THẠNH", "Một."], [header, "Hai."], [header, "Ba."], ["Bốn.", header]]
    assert _drop_running_lines(pages) == [["ĐẢNG BỘ XÃ BÌNH THẠNH", "Một."], ["Hai."], ["Ba."], ["Bốn."]]
    repeated = SENTENCE + "."
    pages = [["Mở.", repeated, "Một."], ["Hai.", repeated, "Ba."], ["Bốn.", "Năm."]]
    assert _drop_running_lines(pages) == pages


def test_footnotes_and_their_marks_are_left_out_as_the_doc_reader_leaves_them():
    """LibreOffice's export: the note below a short rule at the page's foot, its mark raised in the text."""
    text = read_document(DATA / "notes_headers.pdf").text
    assert "Nghị quyết Đại hội Chi bộ nhiệm kỳ 2022–2025 đặt chỉ tiêu" in text  # not "2022–20251"
    assert "lần thứ VII" not in text  # the footnote's own text
    assert "\n• Phối hợp với Ban đại diện cha mẹ học sinh" in text  # a symbol font's bullet opens its line


def _page_with_raised_number(path, font, *, note: bool):
    """Word's way: a mark in smaller raised type, a 144 pt rule at the left margin, the note in 10 pt."""
    from fpdf import FPDF

    pdf = FPDF(unit="pt", format="A4")
    pdf.set_margins(72, 72)
    pdf.add_page()
    pdf.add_font("DejaVu", fname=str(font))
    pdf.set_font("DejaVu", size=13)
    pdf.write(18, "Chi bộ sửa chữa nhà văn hóa rộng 120 m")
    pdf.char_vpos = "SUP"
    pdf.write(18, "2" if not note else "1")
    pdf.char_vpos = "LINE"
    pdf.write(18, " theo Kết luận số 01-KL/TW trong tháng 5/2024.")
    pdf.ln(24)
    pdf.write(18, "Mỗi tháng chi bộ tổ chức 01 buổi sinh hoạt chuyên đề.")
    if note:
        pdf.line(72, 740, 216, 740)
        pdf.set_xy(72, 748)
        pdf.set_font("DejaVu", size=10)
        pdf.write(12, "1 Kết luận số 01-KL/TW ngày 18/5/2021 của Bộ Chính trị.")
    pdf.output(str(path))
    return path


def test_a_word_style_footnote_is_left_out_and_its_mark_with_it(tmp_path, unicode_font):
    text = read_document(_page_with_raised_number(tmp_path / "note.pdf", unicode_font, note=True)).text
    assert "rộng 120 m theo Kết luận số 01-KL/TW trong tháng 5/2024." in text
    assert "Bộ Chính trị" not in text
    assert text.rstrip().endswith("Mỗi tháng chi bộ tổ chức 01 buổi sinh hoạt chuyên đề.")


def test_a_raised_number_that_refers_to_no_note_stays(tmp_path, unicode_font):
    """"m²" is no footnote mark: without a note below a separator nothing is left out."""
    text = read_document(_page_with_raised_number(tmp_path / "m2.pdf", unicode_font, note=False)).text
    assert "rộng 120 m2 theo Kết luận" in text


def test_a_document_of_one_line_on_every_page_keeps_it():
    """The same line at the edge of every page is a running header, unless it is all the document holds."""
    from analyzer.ingest.pdf_reader import _drop_running_lines

    line = "Chi bộ tổ chức cho 100% đảng viên học tập chuyên đề năm 2024."
    assert _drop_running_lines([[line], [line]]) == [[line], [line]]
    assert _drop_running_lines([[line, "Nội dung trang một."], [line, "Nội dung trang hai."]]) == [
        ["Nội dung trang một."], ["Nội dung trang hai."]]


def test_a_table_row_wrapped_inside_a_cell_or_at_a_separator_is_one_row():
    lines = ["STT | Nội dung | Thời gian | Phụ trách", "4 | Học tập chuyên đề | Quý I | Chi ủy",
             "5 | Đợt cao điểm kích hoạt định danh điện tử mức 2 | Quý II – Quý", "III/2024 | Đ/c Hoàng Văn Dũng",
             "6 | Sơ kết mô hình, đánh giá cá nhân điển hình, đề nghị khen thưởng", "| Tháng 6/2024 | Chi bộ",
             "7 | Tổng kết | Tháng 12/2024 | Chi bộ"]
    assert reflow_lines(lines) == [
        "STT | Nội dung | Thời gian | Phụ trách", "4 | Học tập chuyên đề | Quý I | Chi ủy",
        "5 | Đợt cao điểm kích hoạt định danh điện tử mức 2 | Quý II – Quý III/2024 | Đ/c Hoàng Văn Dũng",
        "6 | Sơ kết mô hình, đánh giá cá nhân điển hình, đề nghị khen thưởng | Tháng 6/2024 | Chi bộ",
        "7 | Tổng kết | Tháng 12/2024 | Chi bộ"]


def test_a_line_ending_a_clause_before_a_capital_is_joined_only_when_full_by_both_measures():
    long_line = "Căn cứ Nghị quyết Đại hội Đảng bộ xã Bắc Khê lần thứ XXIII, nhiệm kỳ"
    lines = [long_line, "2020 – 2025 và Nghị quyết của Đảng ủy xã về nhiệm vụ năm 2024;",
             "Chi bộ Công an xã đăng ký xây dựng mô hình như sau:"]
    assert reflow_lines(lines) == [f"{long_line} 2020 – 2025 và Nghị quyết của Đảng ủy xã về nhiệm vụ năm 2024;",
                                   "Chi bộ Công an xã đăng ký xây dựng mô hình như sau:"]


# what pypdf gives of a page whose font has no Unicode map (glyph numbers), and text that must stay text
JUNK = "\x01\x02\x03\x04 \x05\x06 \x07\x08 \t\n\x0b \x0c\r\x0e\x0f\n\x10\r\x11 \x05\x06 \x0c\r\x12\x03 \x03\x04\x13\x10"
UNDECODABLE = [
    (JUNK, True, "glyph numbers of a subset font: control characters"),
    (" \n\x0c\x1d\x0b \x10\r\x11 \x05\x06\n\x05\x82 \x0c\r\x83", True, "a short page of them"),
    ('C@X! .QY$ >Q$* *V?)F [\"\'\\) \x7e?Q *NQ <U$@ TN I] #B. ^*#V $*Q^. D_ {~}', True, "symbols where letters should be"),
    ("\ufffd\ufffd\ufffd\ufffd ch\ufffd b\ufffd", True, "replacement characters"),
    ("Chi bộ có 31 đảng viên, trong đó 9 đảng viên được miễn sinh hoạt.", False, "Vietnamese"),
    ("STT | 2022 | 2023 | 2024\n1 | 2.500 | 3.000 | 30%\n2 | 1.134 | 286 | 95,5%", False, "a table of numbers"),
    ("2", False, "a page number"),
    ("Hết.", False, "a short page"),
    ("Họ và tên: ______________________ Chức vụ: ______________________", False, "a form's blanks"),
    ("I. Học tập Bác ............................................ 3", False, "dotted leaders"),
    ("\uf0b7 Học tập Bác\n\uf0b7 Làm theo Bác\n\uf0b7 Nêu gương", False, "a symbol font's bullets"),
    (to_legacy(SENTENCE, TCVN3).decode("cp1252"), False, "TCVN3, converted later"),
    (to_legacy(SENTENCE, VNI).decode("cp1252"), False, "VNI, converted later"),
]


@pytest.mark.parametrize(("text", "expected", "what"), UNDECODABLE, ids=[case[2] for case in UNDECODABLE])
def test_a_text_layer_that_cannot_be_decoded_is_told_from_text(text, expected, what):
    assert undecodable(text) is expected


def _undecodable_pdf(tmp_path, font):
    return without_unicode_map(make_pdf(tmp_path / "không ToUnicode.pdf", font, [SENTENCE + ".", "Hết."]))


def test_without_ocr_a_pdf_whose_text_cannot_be_decoded_says_so(tmp_path, unicode_font, monkeypatch):
    monkeypatch.setattr(ocr, "tesseract", lambda: None)
    with pytest.raises(IngestError) as error:
        read_document(_undecodable_pdf(tmp_path, unicode_font))
    assert error.value.code == "E116" and "send the original" in str(error.value)


def test_without_ocr_pages_that_cannot_be_decoded_are_left_out_with_a_warning(tmp_path, unicode_font, monkeypatch):
    monkeypatch.setattr(ocr, "tesseract", lambda: None)
    typed = make_pdf(tmp_path / "typed.pdf", unicode_font, ["Kính gửi: Đảng ủy xã Lâm Thao"])
    read = read_document(joined_pdf(tmp_path / "hai trang.pdf", typed, _undecodable_pdf(tmp_path, unicode_font)))
    assert read.text == "Kính gửi: Đảng ủy xã Lâm Thao"
    assert [w[:9] for w in read.warnings] == ["W121: 1 o"], read.warnings  # not W108 too: the page has a text layer


def test_without_ocr_a_scan_under_a_signature_stamp_is_not_scored_on_the_stamp_silently(tmp_path, unicode_font,
                                                                                        monkeypatch):
    from PIL import Image

    monkeypatch.setattr(ocr, "tesseract", lambda: None)
    stamp = ["Ký bởi: Ủy ban nhân dân xã Lâm Thao", "Thời gian ký: 16.03.2024 08:30:22 +07:00"]
    path = make_stamped_scan(tmp_path / "ký số.pdf", unicode_font, Image.new("L", (248, 351), 200), stamp)
    read = read_document(path)
    assert read.text.split() == " ".join(stamp).split()  # the stamp alone, and the warning says so
    assert [w[:4] for w in read.warnings] == ["W122"] and "1 of 1 PDF pages" in read.warnings[0]


COLUMNS = "STT | Nội dung | Thời gian | Phụ trách"
REPEATED_HEADERS = [
    # (pages, expected lines, what)
    ([f"III. LỘ TRÌNH\n{COLUMNS}\n1 | Học tập chuyên đề | Tháng 5/2024 | Ban Tuyên giáo\nTrang 1/2",
      f"{COLUMNS}\n2 | Sơ kết 6 tháng | Tháng 7/2024 | Thường trực Đảng ủy\nTrang 2/2"],
     ["III. LỘ TRÌNH", COLUMNS, "1 | Học tập chuyên đề | Tháng 5/2024 | Ban Tuyên giáo",
      "2 | Sơ kết 6 tháng | Tháng 7/2024 | Thường trực Đảng ủy"],
     "the column names a table repeats on its next page"),
    ([f"III. LỘ TRÌNH\n{COLUMNS}\n1 | Học tập chuyên đề | Tháng 5/2024 | Ban Tuyên giáo\nIV. TỔNG KẾT",
      f"{COLUMNS}\n1 | Tổng kết mô hình | Tháng 12/2024 | Chi ủy"],
     ["III. LỘ TRÌNH", COLUMNS, "1 | Học tập chuyên đề | Tháng 5/2024 | Ban Tuyên giáo", "IV. TỔNG KẾT",
      COLUMNS, "1 | Tổng kết mô hình | Tháng 12/2024 | Chi ủy"],
     "a second table after a heading keeps its column names"),
]


@pytest.mark.parametrize(("pages", "expected", "what"), REPEATED_HEADERS, ids=[case[2] for case in REPEATED_HEADERS])
def test_a_table_header_row_repeated_on_each_page_is_read_once(pages, expected, what):
    from analyzer.ingest.pdf_reader import pages_text

    assert pages_text(pages).splitlines() == expected
