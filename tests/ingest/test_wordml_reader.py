"""Word 2003 XML (``<w:wordDocument>``, saved as .xml or renamed .doc): read as a .docx body is read,
without what Word does not show (hidden runs, comments, footnotes)."""

import pytest

from analyzer.errors import IngestError
from analyzer.ingest import read_document
from conftest import SENTENCE

NAMESPACES = ('xmlns:w="http://schemas.microsoft.com/office/word/2003/wordml" '
              'xmlns:wx="http://schemas.microsoft.com/office/word/2003/auxHint" '
              'xmlns:aml="http://schemas.microsoft.com/aml/2001/core" xmlns:o="urn:schemas-microsoft-com:office:office"')


def _document(body: str, properties: str = "") -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<?mso-application progid="Word.Document"?>\n'
            f"<w:wordDocument {NAMESPACES}>{properties}<w:body><wx:sect>{body}<w:sectPr/></wx:sect></w:body>"
            "</w:wordDocument>").encode("utf-8")


def _p(*runs: str, ppr: str = "") -> str:
    return f"<w:p>{ppr}{''.join(runs)}</w:p>"


def _r(text: str, rpr: str = "") -> str:
    return f"<w:r>{rpr}<w:t>{text}</w:t></w:r>"


def _cell(text: str) -> str:
    return f"<w:tc><w:tcPr/>{_p(_r(text)) if text else '<w:p/>'}</w:tc>"


HIDDEN = "<w:rPr><w:vanish/></w:rPr>"
COMMENT = ('<aml:annotation aml:id="0" w:type="Word.Comment" aml:author="NTH"><aml:content>'
           f'{_p(_r("Đề nghị chi bộ bổ sung số hộ vi phạm."))}</aml:content></aml:annotation>')
CASES = [
    # (what, body, expected lines)
    ("paragraphs", _p(_r("Chi bộ "), _r("thôn Ngọc Quan")) + _p(_r(SENTENCE)), ["Chi bộ thôn Ngọc Quan", SENTENCE]),
    ("a section inside a section",
     f"<wx:sub-section>{_p(_r('I. HỌC TẬP BÁC'))}<wx:sub-section>{_p(_r('Học chuyên đề.'))}</wx:sub-section></wx:sub-section>",
     ["I. HỌC TẬP BÁC", "Học chuyên đề."]),
    ("tab and line break", _p(_r("Quý II:"), "<w:r><w:tab/></w:r>", _r("học tập"), "<w:r><w:br/></w:r>", _r("Quý III: làm theo")),
     ["Quý II: học tập", "Quý III: làm theo"]),
    ("a table row by row", "<w:tbl><w:tblPr/>" + "".join(
        f"<w:tr>{''.join(_cell(c) for c in row)}</w:tr>" for row in (["STT", "Nội dung", "Thời gian"], ["1", "Dọn vệ sinh", ""]))
     + "</w:tbl>", ["STT | Nội dung | Thời gian", "1 | Dọn vệ sinh"]),
    ("a hidden run", _p(_r("VĂN BẢN ẨN: 999 hộ bị xử phạt. ", HIDDEN), _r("Chi bộ duy trì sinh hoạt đúng kỳ.")),
     ["Chi bộ duy trì sinh hoạt đúng kỳ."]),
    ("a run shown again", _p(_r("Chi bộ có 31 đảng viên.", '<w:rPr><w:vanish w:val="off"/></w:rPr>')),
     ["Chi bộ có 31 đảng viên."]),
    ("a reviewer's comment", _p(_r("Còn 4 điểm đổ rác tự phát."), COMMENT), ["Còn 4 điểm đổ rác tự phát."]),
    ("a footnote", _p(_r("Nghị quyết Đại hội"), f"<w:r><w:footnote>{_p(_r('Ngày 15/8/2020.'))}</w:footnote></w:r>",
                      _r(" đặt chỉ tiêu 100%.")), ["Nghị quyết Đại hội đặt chỉ tiêu 100%."]),
    ("list labels Word wrote beside the list", _p(_r("Sửa 2 km đường."), ppr='<w:pPr><w:listPr><wx:t wx:val="1."/></w:listPr></w:pPr>')
     + _p(_r("Tổ 1 làm đoạn đầu."), ppr='<w:pPr><w:listPr><wx:t wx:val="\uf0b7" wx:font="Symbol"/></w:listPr></w:pPr>')
     + _p(_r("Tổ 2 làm đoạn cuối."), ppr='<w:pPr><w:listPr><wx:t wx:val="-"/></w:listPr></w:pPr>'),
     ["1. Sửa 2 km đường.", "• Tổ 1 làm đoạn đầu.", "- Tổ 2 làm đoạn cuối."]),
]


@pytest.mark.parametrize(("what", "body", "lines"), CASES, ids=[case[0] for case in CASES])
def test_word_2003_xml_is_read_as_word_shows_it(tmp_path, what, body, lines):
    (tmp_path / "dang_ky.xml").write_bytes(_document(body))
    doc = read_document(tmp_path / "dang_ky.xml")
    assert (doc.fmt, doc.text.splitlines(), doc.warnings) == ("wordml", lines, ())


def test_renamed_doc_is_read_with_a_warning_and_its_properties(tmp_path):
    properties = "<o:DocumentProperties><o:Title>Bản đăng ký 2024</o:Title><o:Author>Nguyễn Văn Quyết</o:Author></o:DocumentProperties>"
    (tmp_path / "dang_ky.doc").write_bytes(_document(_p(_r(SENTENCE)), properties))
    doc = read_document(tmp_path / "dang_ky.doc")
    assert (doc.fmt, doc.text, [w[:4] for w in doc.warnings]) == ("wordml", SENTENCE, ["W105"])
    assert doc.meta == (("title", "Bản đăng ký 2024"), ("author", "Nguyễn Văn Quyết"))


@pytest.mark.parametrize(("name", "data", "code"), [
    ("cut.doc", _document(_p(_r(SENTENCE)) * 20)[:300], "E104"),  # cut short: not well-formed XML
    ("colorschememapping.xml", b'<?xml version="1.0"?><a:clrMap xmlns:a="urn:x" bg1="lt1"/>', "E100"),  # not a document
    ("entities.xml", _document(_p(_r("&x;"))).replace(b"<w:wordDocument", b'<!DOCTYPE w [<!ENTITY x "Chi b\xe1\xbb\x99">]>'
                                                         b"<w:wordDocument", 1), "E101"),  # entities are not expanded
])
def test_what_is_not_a_readable_word_xml_document_is_an_error(tmp_path, name, data, code):
    (tmp_path / name).write_bytes(data)
    with pytest.raises(IngestError) as error:
        read_document(tmp_path / name)
    assert error.value.code == code
