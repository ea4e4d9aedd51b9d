"""HTML (beautifulsoup4 with lxml): block elements → lines, table rows → " | " lines, scripts dropped."""

import pytest

from analyzer.ingest import read_document
from conftest import DATA, SENTENCE, to_cp1258

WRAPPED = SENTENCE.replace(" đăng ký", "\n   đăng ký")  # source newlines are not line breaks
PAGE = f"""<!DOCTYPE html>
<html><head><title>Đăng ký</title><style>p {{ color: red }}</style>
<script>var x = "không được hiện";</script></head>
<body>
<h1>I. NỘI   DUNG</h1>
<p>{WRAPPED}</p>
<!-- ghi chú ẩn -->
<ul><li>Học tập Bác:&nbsp;mỗi tháng một buổi;</li><li>Nêu gương<br>Bí thư đi đầu.</li></ul>
<table><tr><th>Nội dung</th><th></th><th>Thời gian</th></tr>
<tr><td>Làm theo Bác</td><td>Cải tiến <b>giờ dạy</b></td><td>Quý II</td></tr></table>
<noscript>Bật JavaScript</noscript>
<div>Nơi nhận: Đảng ủy xã.</div>
</body></html>"""


def test_blocks_become_lines_and_scripts_vanish(tmp_path):
    (tmp_path / "dang_ky.html").write_text(PAGE, encoding="utf-8")
    doc = read_document(tmp_path / "dang_ky.html")
    assert doc.text.splitlines() == [
        "I. NỘI DUNG",
        SENTENCE,
        "• Học tập Bác: mỗi tháng một buổi;",
        "• Nêu gương",
        "Bí thư đi đầu.",
        "Nội dung | Thời gian",
        "Làm theo Bác | Cải tiến giờ dạy | Quý II",
        "Nơi nhận: Đảng ủy xã.",
    ]
    assert "không được hiện" not in doc.text and "color" not in doc.text
    assert doc.fmt == "html"


def test_declared_windows_1258(tmp_path):
    page = b'<html><head><meta charset="windows-1258"></head><body><p>' + to_cp1258(SENTENCE) + b"</p></body></html>"
    (tmp_path / "cp1258.htm").write_bytes(page)
    doc = read_document(tmp_path / "cp1258.htm")
    assert (doc.text, doc.encoding) == (SENTENCE, "windows-1258")


def test_word_web_page_saved_as_doc(tmp_path):
    (tmp_path / "dang_ky.doc").write_text(PAGE, encoding="utf-8")
    doc = read_document(tmp_path / "dang_ky.doc")
    assert doc.fmt == "html" and doc.text.startswith("I. NỘI DUNG\n")


def test_list_items_begin_with_what_a_browser_shows(tmp_path):
    page = """<ol><li>Tổ chức 4 buổi</li><li>Viết thu hoạch<ol type="a"><li>tổ 1</li><li>tổ 2</li></ol></li></ol>
    <ol type="I" start="2"><li>LÀM THEO BÁC</li></ol><ul><li>Mỗi đảng viên</li><li style="list-style: none">không</li></ul>
    <ol reversed><li>x</li><li>y</li></ol><ol style="list-style-type: upper-roman"><li value="7">bảy</li><li>tám</li></ol>
    <nav><ul style="list-style-type:none"><li>Trang chủ</li></ul></nav><ol start="năm"><li>sai</li></ol>
    <table><tr><td><ol><li>Khảo sát</li></ol></td><td>Quý I</td></tr></table>"""
    (tmp_path / "ds.html").write_text(page, encoding="utf-8")
    assert read_document(tmp_path / "ds.html").text.splitlines() == [
        "1. Tổ chức 4 buổi", "2. Viết thu hoạch", "a. tổ 1", "b. tổ 2", "II. LÀM THEO BÁC", "• Mỗi đảng viên", "không",
        "2. x", "1. y", "VII. bảy", "VIII. tám", "Trang chủ", "1. sai", "1. Khảo sát | Quý I"]


def test_lists_as_libreoffice_writes_them():
    """<li><p>…</p> with the </li> left out: each item numbered as a browser numbers it (the formats
    LibreOffice kept: "a." for Word's "a)", "1." for "1.1.", discs for the dashes)."""
    lines = read_document(DATA / "numbered.html").text.splitlines()
    assert lines[2:15] == [
        "I. HỌC TẬP BÁC", "1. Tổ chức 4 buổi sinh hoạt chuyên đề trong năm 2024.",
        "2. Mỗi đảng viên viết 1 bài thu hoạch trước 30/6/2024.", "• Quý I: học chuyên đề.", "• Quý II: viết thu hoạch.",
        "II. LÀM THEO BÁC", "1. Sửa 2 km đường liên thôn.", "a. Vận động 40 hộ hiến đất.", "b. Góp 300 ngày công.",
        "1. Tổ 1 làm đoạn đầu.", "2. Tổ 2 làm đoạn cuối.", "• Bí thư chi bộ đi đầu.", "III. NÊU GƯƠNG"]
    assert lines[16] == "1. | Học tập chuyên đề | Quý I"


def test_a_table_in_a_cell_is_read_as_its_rows_inside_the_outer_row(tmp_path):
    page = """<html><body><table>
    <tr><td>1</td><td>Khảo sát <!-- ẩn --><table><tr><td>Thôn A</td><td>12 hộ</td></tr>
    <tr><td>Thôn B</td><td></td><td>8 hộ</td></tr></table></td><td>Quý I</td></tr>
    <tr><td></td><td>  </td></tr>
    <tr><td>2</td><td><pre>Tổng   kết</pre></td></tr></table></body></html>"""
    (tmp_path / "bang.html").write_text(page, encoding="utf-8")
    assert read_document(tmp_path / "bang.html").text.splitlines() == [
        "1 | Khảo sát Thôn A | 12 hộ Thôn B | 8 hộ | Quý I",
        "2 | Tổng kết",
    ]


def test_libreoffice_headings_in_numbered_lists_keep_their_numbers_and_page_furniture_is_dropped(tmp_path):
    """A Writer document saved as HTML: <ol type="I"><li><h1>, a running header and footer, footnotes."""
    page = """<html><body>
<div title="header"><p>Chi bộ Trường THCS Lê Lợi – Bản đăng ký mô hình năm 2024</p></div>
<ol type="I"><li><h1 class="western">CƠ SỞ XÂY DỰNG MÔ HÌNH</h1></li></ol>
<p>Thực hiện Nghị quyết Đại hội Chi bộ nhiệm kỳ 2022–2025<a class="sdfootanc" name="sdfootnote1anc"
 href="#sdfootnote1sym"><sup>1</sup></a>, chi bộ đăng ký mô hình.</p>
<ol type="I" start="2"><li><h2 class="western">NỘI DUNG</h2></li></ol>
<p>Chi bộ tổ chức 4 buổi sinh hoạt chuyên đề.</p>
<div id="sdfootnote1"><p><a class="sdfootsym" name="sdfootnote1sym" href="#sdfootnote1anc">1</a>Nghị quyết
 thông qua ngày 15/8/2022.</p></div>
<div title="footer"><p>Trang 1/2</p></div>
</body></html>"""
    path = tmp_path / "dang_ky.html"
    path.write_text(page, encoding="utf-8")
    assert read_document(path).text.splitlines() == [
        "I. CƠ SỞ XÂY DỰNG MÔ HÌNH",
        "Thực hiện Nghị quyết Đại hội Chi bộ nhiệm kỳ 2022–2025, chi bộ đăng ký mô hình.",
        "II. NỘI DUNG",
        "Chi bộ tổ chức 4 buổi sinh hoạt chuyên đề.",
    ]


def test_a_page_cut_short_is_read_with_a_warning_to_check_its_end(tmp_path):
    """An attachment truncated mid-transfer: its text is kept, and W117 says to check the end."""
    whole = tmp_path / "whole.html"
    whole.write_text(PAGE, encoding="utf-8")
    assert not [w for w in read_document(whole).warnings if w.startswith("W117")]
    for name, cut in (("no_end.html", PAGE[: PAGE.index("<table>")]),  # <html> never closed
                      ("in_tag.html", PAGE[: PAGE.index("<table>") + 4])):  # ends inside a tag
        path = tmp_path / name
        path.write_text(cut, encoding="utf-8")
        result = read_document(path)
        assert [w[:4] for w in result.warnings] == ["W117"], name
        assert "Học tập Bác: mỗi tháng một buổi;" in result.text


def test_a_fragment_without_html_tags_is_no_page_cut_short(tmp_path):
    path = tmp_path / "fragment.html"
    path.write_text(f"<p>{SENTENCE}</p><p>Số đảng viên < 30 người</p>", encoding="utf-8")
    assert not read_document(path).warnings


# Word's "Save as Web Page": a reviewer's comment (its anchor in the text, its body in the comment list),
# the running header and the footnotes, each in a part Word marks by its style
WORD_PAGE = """<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><meta name=ProgId content=Word.Document></head>
<body lang=VI><div class=WordSection1>
<div style='mso-element:header' id=h1><p class=MsoHeader>Chi bộ thôn Ngọc Quan - Bản đăng ký năm 2024</p></div>
<p class=MsoNormal>Còn 4 điểm đổ rác tự phát dọc chân đê.<span class=MsoCommentReference><a class=msocomanchor
 id="_anchor_1" href="#_msocom_1" language=JavaScript name="_msoanchor_1">[NTH1]</a><span
 style='mso-special-character:comment'>&nbsp;</span></span></p>
<p class=MsoNormal>Nghị quyết đặt chỉ tiêu 100%.<a style='mso-footnote-id:ftn1' href="#_ftn1" name="_ftnref1">[1]</a></p>
</div>
<div style='mso-element:footnote-list'><![if !supportFootnotes]><hr align=left size=1 width="33%"><![endif]>
<div style='mso-element:footnote' id=ftn1><p class=MsoFootnoteText>[1] Nghị quyết ngày 15/8/2020.</p></div></div>
<div style='mso-element:comment-list'><![if !supportAnnotations]><hr class=msocomoff align=left size=1 width="33%"><![endif]>
<div style='mso-element:comment'><![if !supportAnnotations]><div id="_com_1" class=msocomtxt language=JavaScript><![endif]><div>
<p class=MsoCommentText><span class=MsoCommentReference><span style='mso-special-format:comment'><![if !supportAnnotations]><a
 href="#_msoanchor_1" class=msocomoff>[NTH1]</a><![endif]></span></span>Đề nghị chi bộ bổ sung: cần nêu rõ 50 hộ vi phạm.</p>
</div><![if !supportAnnotations]></div><![endif]></div></div>
<div style='mso-element:footer' id=f1><p class=MsoFooter>Trang 1</p></div>
</body></html>"""


def test_word_web_page_comments_header_and_footnotes_are_not_read(tmp_path):
    path = tmp_path / "Ban dang ky.htm"
    path.write_text(WORD_PAGE, encoding="utf-8")
    assert read_document(path).text.splitlines() == [
        "Còn 4 điểm đổ rác tự phát dọc chân đê.",
        "Nghị quyết đặt chỉ tiêu 100%.",
    ]


HIDDEN = [
    # (markup, the text a browser shows)
    ("<p style='display:none'>VĂN BẢN ẨN: 999 hộ bị xử phạt.</p><p>Chi bộ họp đúng kỳ.</p>", "Chi bộ họp đúng kỳ."),
    ('<p>Chi bộ <span style="color:red; DISPLAY: None">không </span>họp đúng kỳ.</p>', "Chi bộ họp đúng kỳ."),
    ('<div style="visibility:hidden"><p>Hướng dẫn: ghi tên mô hình.</p></div><p>Chi bộ họp đúng kỳ.</p>', "Chi bộ họp đúng kỳ."),
    ("<p hidden>Mẫu số 01</p><p>Chi bộ họp đúng kỳ.</p>", "Chi bộ họp đúng kỳ."),
    ("<p class=MsoNormal>Chi bộ họp<span style='display:none;mso-hide:all'> (ẩn)</span> đúng kỳ.</p>", "Chi bộ họp đúng kỳ."),
    ("<p>Chi bộ họp<span style='mso-hide:all'> (ẩn)</span> đúng kỳ.</p>", "Chi bộ họp đúng kỳ."),
    # shown: display other than none, a property that only ends in "display"
    ('<p style="display:block">Chi bộ họp đúng kỳ.</p>', "Chi bộ họp đúng kỳ."),
    ('<p style="mso-display:none-x;font-display:none">Chi bộ họp đúng kỳ.</p>', "Chi bộ họp đúng kỳ."),
]


@pytest.mark.parametrize(("markup", "shown"), HIDDEN)
def test_hidden_text_is_not_read(tmp_path, markup, shown):
    path = tmp_path / "an.html"
    path.write_text(f"<html><body>{markup}</body></html>", encoding="utf-8")
    assert read_document(path).text == shown


# Word's "Web Page" of a letterhead and a signature typed into borderless tables: a <p> a line, or <br>
LAYOUT_ROWS = [
    ("<tr><td><p><b>ĐẢNG BỘ XÃ LÂM THAO</b></p><p>CHI BỘ THÔN NGỌC QUAN</p><p>Số: 01-ĐK/CB</p></td>"
     "<td><p><b>ĐẢNG CỘNG SẢN VIỆT NAM</b></p><p><i>Ngọc Quan, ngày 16 tháng 3 năm 2024</i></p></td></tr>",
     ["ĐẢNG BỘ XÃ LÂM THAO", "CHI BỘ THÔN NGỌC QUAN", "Số: 01-ĐK/CB", "ĐẢNG CỘNG SẢN VIỆT NAM",
      "Ngọc Quan, ngày 16 tháng 3 năm 2024"], "letterhead"),
    ("<tr><td><p>Nơi nhận:</p><p>- Lưu.</p></td><td><p>T/M CHI BỘ<br>BÍ THƯ</p><p>Nguyễn Văn Quyết</p></td></tr>",
     ["Nơi nhận:", "- Lưu.", "T/M CHI BỘ", "BÍ THƯ", "Nguyễn Văn Quyết"], "signature"),
    ("<tr><td>1</td><td><p>Tổ chức tọa đàm</p><p>(02 buổi)</p></td><td>Quý II/2024</td></tr>",
     ["1 | Tổ chức tọa đàm (02 buổi) | Quý II/2024"], "roadmap row"),
]


@pytest.mark.parametrize(("row", "expected", "what"), LAYOUT_ROWS, ids=[case[2] for case in LAYOUT_ROWS])
def test_a_letterhead_or_signature_table_is_read_column_after_column(tmp_path, row, expected, what):
    (tmp_path / "bang.html").write_text(f"<html><body><table>{row}</table></body></html>", encoding="utf-8")
    assert read_document(tmp_path / "bang.html").text.splitlines() == expected
