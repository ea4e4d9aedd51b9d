"""Word's automatic numbering read as the labels Word shows ("II. ", "1. ", "a) ", "- ")."""

import io

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from analyzer.ingest import read_document
from analyzer.ingest.base import Limits
from analyzer.ingest.docx_numbering import MAX_LABEL, format_number
from analyzer.ingest.docx_reader import read_docx

W = nsdecls("w")


def _level(ilvl: int, fmt: str, text: str, start: int = 1, extra: str = "") -> str:
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/>{extra}</w:lvl>')


class Doc:
    """A python-docx document with numbering definitions of the test's own."""

    def __init__(self) -> None:
        self.document = docx.Document()
        self.numbering = self.document.part.numbering_part.element
        for child in list(self.numbering):  # the template's lists are not this test's
            self.numbering.remove(child)

    def abstract(self, key: int, *levels: str, link: str = "") -> None:
        style_link = f'<w:numStyleLink w:val="{link}"/>' if link else ""
        element = parse_xml(f'<w:abstractNum {W} w:abstractNumId="{key}">{style_link}{"".join(levels)}</w:abstractNum>')
        first_num = self.numbering.find(element.tag.replace("abstractNum", "num"))
        if first_num is None:
            self.numbering.append(element)
        else:
            first_num.addprevious(element)

    def num(self, key: int, abstract: int, overrides: str = "") -> None:
        self.numbering.append(parse_xml(f'<w:num {W} w:numId="{key}"><w:abstractNumId w:val="{abstract}"/>'
                                        f'{overrides}</w:num>'))

    def style(self, style_id: str, num: int | None = None, ilvl: int | None = None, based_on: str = "",
              kind: str = "paragraph") -> None:
        ilvl_xml = "" if ilvl is None else f'<w:ilvl w:val="{ilvl}"/>'
        num_pr = "" if num is None else f'<w:pPr><w:numPr>{ilvl_xml}<w:numId w:val="{num}"/></w:numPr></w:pPr>'
        based = f'<w:basedOn w:val="{based_on}"/>' if based_on else ""
        self.document.styles.element.append(parse_xml(
            f'<w:style {W} w:type="{kind}" w:styleId="{style_id}"><w:name w:val="{style_id}"/>{based}{num_pr}</w:style>'))

    def p(self, text: str, num: int | None = None, ilvl: int | None = 0, style: str = "") -> None:
        paragraph = self.document.add_paragraph(text)
        p_pr = paragraph._p.get_or_add_pPr()
        if style:
            p_pr.insert(0, parse_xml(f'<w:pStyle {W} w:val="{style}"/>'))
        if num is not None:
            ilvl_xml = "" if ilvl is None else f'<w:ilvl w:val="{ilvl}"/>'
            p_pr.append(parse_xml(f'<w:numPr {W}>{ilvl_xml}<w:numId w:val="{num}"/></w:numPr>'))

    def text(self) -> str:
        buffer = io.BytesIO()
        self.document.save(buffer)
        return read_docx(buffer.getvalue(), Limits()).text


def test_template_list_styles_are_numbered_and_bulleted():
    document = docx.Document()
    document.add_paragraph("Học tập Bác", style="List Number")
    document.add_paragraph("Làm theo Bác", style="List Number")
    document.add_paragraph("Mỗi đảng viên giúp đỡ 1 hộ nghèo", style="List Bullet")
    document.add_paragraph("Nêu gương", style="List Number")
    buffer = io.BytesIO()
    document.save(buffer)
    assert read_docx(buffer.getvalue(), Limits()).text.split("\n") == [
        "1. Học tập Bác", "2. Làm theo Bác", "• Mỗi đảng viên giúp đỡ 1 hộ nghèo", "3. Nêu gương"]


def test_headings_and_items_of_a_registration():
    d = Doc()
    d.abstract(1, _level(0, "upperRoman", "%1."))
    d.abstract(2, _level(0, "decimal", "%1."))
    d.abstract(3, _level(0, "bullet", "-"), _level(1, "bullet", "+"))
    d.num(1, 1)
    d.num(2, 2)
    d.num(3, 2, '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>')
    d.num(4, 3)
    d.p("HỌC TẬP BÁC", 1)
    d.p("Tổ chức 4 buổi sinh hoạt chuyên đề.", 2)
    d.p("Mỗi đảng viên viết 1 bài thu hoạch.", 2)
    d.p("LÀM THEO BÁC", 1)
    d.p("Giúp đỡ 3 hộ nghèo.", 3)  # a new instance that restarts at 1
    d.p("Sửa 2 km đường.", 3)
    d.p("Cụ thể:", None)
    d.p("Quý I: khảo sát.", 4)
    d.p("Tháng 1: lập danh sách.", 4, ilvl=1)
    d.p("NÊU GƯƠNG", 1)
    assert d.text().split("\n") == [
        "I. HỌC TẬP BÁC", "1. Tổ chức 4 buổi sinh hoạt chuyên đề.", "2. Mỗi đảng viên viết 1 bài thu hoạch.",
        "II. LÀM THEO BÁC", "1. Giúp đỡ 3 hộ nghèo.", "2. Sửa 2 km đường.", "Cụ thể:", "- Quý I: khảo sát.",
        "+ Tháng 1: lập danh sách.", "III. NÊU GƯƠNG"]


def test_instances_of_one_definition_count_on_together():
    """Word keeps the count on the definition: a second instance without an override goes on."""
    d = Doc()
    d.abstract(1, _level(0, "decimal", "%1."))
    d.num(1, 1)
    d.num(2, 1)
    d.num(3, 1, '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="7"/></w:lvlOverride>')
    for text, num in (("a", 1), ("b", 2), ("c", 1), ("d", 3), ("e", 3), ("f", 1)):
        d.p(text, num)
    assert d.text().split("\n") == ["1. a", "2. b", "3. c", "7. d", "8. e", "9. f"]


def test_levels_restart_below_the_level_used_and_legal_numbering():
    d = Doc()
    d.abstract(1, _level(0, "upperRoman", "%1."), _level(1, "decimal", "%1.%2."),
               _level(2, "lowerLetter", "%3)", extra='<w:lvlRestart w:val="0"/>'),
               _level(3, "decimal", "%1.%4", extra="<w:isLgl/>"))
    d.num(1, 1)
    for text, ilvl in (("A", 0), ("a", 1), ("x", 2), ("b", 1), ("y", 2), ("B", 0), ("c", 1), ("z", 2), ("q", 3)):
        d.p(text, 1, ilvl=ilvl)
    assert d.text().split("\n") == ["I. A", "I.1. a", "a) x", "I.2. b", "b) y", "II. B", "II.1. c",
                                    "c) z", "2.1 q"]


def test_style_numbering_through_based_on_and_a_numbering_style_link():
    d = Doc()
    d.abstract(1, _level(0, "decimal", "Bước %1:"), _level(1, "lowerLetter", "%2."))
    d.abstract(2, link="OutlineStyle")  # takes its levels from the numbering style's list
    d.num(1, 1)
    d.num(2, 2)
    d.style("OutlineStyle", num=1, kind="numbering")
    d.style("Step", num=2)
    d.style("StepDetail", based_on="Step")
    d.style("Sub", num=1, ilvl=1)
    d.p("Khảo sát", None, style="Step")
    d.p("Triển khai", None, style="StepDetail")
    d.p("tổ 1", None, style="Sub")
    d.p("Không đánh số", 0, style="Step")  # numId 0 takes the style's numbering away
    d.p("Tổng kết", None, ilvl=None, style="Step")
    assert d.text().split("\n") == ["Bước 1: Khảo sát", "Bước 2: Triển khai", "a. tổ 1", "Không đánh số",
                                    "Bước 3: Tổng kết"]


def test_suffixes_bullets_and_empty_paragraphs():
    d = Doc()
    d.abstract(1, _level(0, "decimal", "%1.", extra='<w:suff w:val="nothing"/>'))
    d.abstract(2, _level(0, "bullet", "\uf0b7"), _level(1, "bullet", "o"), _level(2, "bullet", "–"))
    d.abstract(3, _level(0, "none", ""))
    d.num(1, 1)
    d.num(2, 2)
    d.num(3, 3)
    d.p("liền", 1)
    d.p("", 1)  # counted, but no label on an empty line of the body
    d.p("sau dòng trống", 1)
    d.p("chấm", 2)
    d.p("vòng", 2, ilvl=1)
    d.p("gạch", 2, ilvl=2)
    d.p("không nhãn", 3)
    d.p("cấp không có", 1, ilvl=5)  # a level the list does not define
    assert d.text().split("\n") == ["1.liền", "", "3.sau dòng trống", "• chấm", "• vòng", "– gạch", "không nhãn",
                                    "cấp không có"]


def test_a_tables_numbered_stt_cells_are_read_with_their_numbers():
    d = Doc()
    d.abstract(1, _level(0, "decimal", "%1"))
    d.num(1, 1)
    table = d.document.add_table(rows=3, cols=3)
    for i, (what, when) in enumerate((("Nội dung", "Thời gian"), ("Học tập chuyên đề", "Quý I"),
                                      ("Khảo sát 17 thủ tục", "Quý II"))):
        cells = table.rows[i].cells
        if i:
            cells[0].paragraphs[0]._p.get_or_add_pPr().append(
                parse_xml(f'<w:numPr {W}><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>'))
        else:
            cells[0].text = "STT"
        cells[1].text, cells[2].text = what, when
    assert d.text().split("\n") == ["STT | Nội dung | Thời gian", "1 | Học tập chuyên đề | Quý I",
                                    "2 | Khảo sát 17 thủ tục | Quý II"]


def test_hostile_numbering_is_bounded():
    d = Doc()
    d.abstract(1, _level(0, "lowerLetter", "%1)" * 50, start=10**9))
    d.abstract(2, link="Loop")
    d.abstract(3, _level(0, "decimal", "%1."))
    d.num(1, 1)
    d.num(2, 2)
    d.num(3, 3, '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="' + "9" * 5000 + '"/></w:lvlOverride>')
    d.style("Loop", num=2, kind="numbering")
    d.style("A", based_on="B")
    d.style("B", based_on="A")
    d.p("dài", 1)
    d.p("vòng lặp", 2)
    d.p("số khổng lồ", 3)
    d.p("kiểu vòng", None, style="A")
    d.p("không có", 99)
    d.p("cấp sai", 3, ilvl=99)
    lines = d.text().split("\n")
    assert lines[0].startswith("1000000000)") and lines[0].endswith(" dài") and len(lines[0]) <= MAX_LABEL + 5
    assert lines[1:] == ["vòng lặp", "1. số khổng lồ", "kiểu vòng", "không có", "cấp sai"]


@pytest.mark.parametrize(("n", "fmt", "expected"), [
    (4, "upperRoman", "IV"), (1999, "upperRoman", "MCMXCIX"), (9, "lowerRoman", "ix"), (4000, "upperRoman", "4000"),
    (1, "lowerLetter", "a"), (26, "lowerLetter", "z"), (28, "upperLetter", "BB"), (10**6, "lowerLetter", "1000000"),
    (0, "upperRoman", "0"), (7, "decimalZero", "07"), (12, "decimalZero", "12"), (3, "none", ""),
    (3, "vietnameseCounting", "3"),
])
def test_number_formats(n, fmt, expected):
    assert format_number(n, fmt) == expected


def test_a_word_file_without_numbering_is_read_as_before(tmp_path):
    document = docx.Document()
    document.add_paragraph("I. HỌC TẬP BÁC")
    document.add_paragraph("1. Tổ chức 4 buổi sinh hoạt chuyên đề.")
    path = tmp_path / "a.docx"
    document.save(path)
    assert read_document(path).text == "I. HỌC TẬP BÁC\n1. Tổ chức 4 buổi sinh hoạt chuyên đề."
