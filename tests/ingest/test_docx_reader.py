""".docx: paragraphs and table rows in document order, legacy fonts, zip guards."""

import io
import zipfile

import docx
import pytest

from analyzer.errors import IngestError
from analyzer.ingest import read_document
from conftest import SENTENCE, TCVN3, VNI, declare_huge, make_docx, rewrite_zip, to_legacy

HEADER = [["ĐẢNG BỘ XÃ THỦY ĐÔNG", "ĐẢNG CỘNG SẢN VIỆT NAM"], ["Chi bộ Trường THCS Thủy Đông", ""]]


def test_paragraphs_and_table_rows_in_document_order(tmp_path):
    path = make_docx(tmp_path / "dang_ky.docx", ["Kính gửi: Đảng ủy xã Thủy Đông", SENTENCE, "I. NỘI DUNG"], HEADER)
    doc = read_document(path)
    assert doc.text.splitlines() == [
        "Kính gửi: Đảng ủy xã Thủy Đông",
        "ĐẢNG BỘ XÃ THỦY ĐÔNG | ĐẢNG CỘNG SẢN VIỆT NAM",
        "Chi bộ Trường THCS Thủy Đông",  # the empty cell is skipped
        SENTENCE,
        "I. NỘI DUNG",
    ]
    assert (doc.fmt, doc.encoding, doc.warnings) == ("docx", None, ())


def test_nested_table_and_multi_paragraph_cell(tmp_path):
    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Học tập Bác"
    table.cell(0, 0).add_paragraph("(nội dung 1)")
    inner = table.cell(0, 1).add_table(rows=2, cols=2)
    for r, row in enumerate([["Quý I", "Học chuyên đề"], ["Quý II", "Viết thu hoạch"]]):
        for c, value in enumerate(row):
            inner.cell(r, c).text = value
    document.add_paragraph("Nêu gương")
    document.save(tmp_path / "nested.docx")
    assert read_document(tmp_path / "nested.docx").text.splitlines() == [
        "Học tập Bác (nội dung 1)",
        "Quý I | Học chuyên đề",
        "Quý II | Viết thu hoạch",
        "Nêu gương",
    ]


@pytest.mark.parametrize(
    ("table", "font", "encoding"),
    [(TCVN3, ".VnTime", "tcvn3"), (VNI, "VNI-Times", "vni")],
    ids=["tcvn3", "vni"],
)
def test_legacy_font_runs_are_converted(tmp_path, table, font, encoding):
    legacy = to_legacy(SENTENCE, table).decode("cp1252")
    path = make_docx(tmp_path / "cu.docx", [legacy, "THCS 2024"], font=font)
    doc = read_document(path)
    assert doc.text.splitlines() == [SENTENCE, "THCS 2024"]
    assert doc.encoding == encoding
    assert any(w.startswith("W101") for w in doc.warnings)


def test_docx_renamed_doc_is_read_as_docx(tmp_path):
    path = make_docx(tmp_path / "x.docx", [SENTENCE]).rename(tmp_path / "dang_ky.doc")
    doc = read_document(path)
    assert (doc.fmt, doc.text) == ("docx", SENTENCE)
    assert doc.warnings[0].startswith("W105")


def _code(path, **limits):
    with pytest.raises(IngestError) as error:
        read_document(path, **limits)
    return error.value.code


def test_truncated_docx(tmp_path):
    data = make_docx(tmp_path / "ok.docx", [SENTENCE] * 20).read_bytes()
    (tmp_path / "cut.docx").write_bytes(data[: len(data) // 2])
    assert _code(tmp_path / "cut.docx") == "E104"


def test_zip_bomb_of_zeros(tmp_path):
    data = make_docx(tmp_path / "ok.docx", [SENTENCE]).read_bytes()
    (tmp_path / "bomb.docx").write_bytes(rewrite_zip(data, {"word/media/zeros.bin": bytes(5_000_000)}))
    assert len((tmp_path / "bomb.docx").read_bytes()) < 100_000
    assert _code(tmp_path / "bomb.docx", max_unpacked=1_000_000) == "E108"


def test_zip_bomb_declaring_a_huge_member(tmp_path):
    data = make_docx(tmp_path / "ok.docx", [SENTENCE]).read_bytes()
    (tmp_path / "bomb.docx").write_bytes(declare_huge(data, "word/document.xml"))
    assert _code(tmp_path / "bomb.docx") == "E108"


def test_zip_that_is_not_a_word_document(tmp_path):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    (tmp_path / "bang.docx").write_bytes(out.getvalue())
    assert _code(tmp_path / "bang.docx") == "E104"


def test_whitespace_only_docx_is_empty(tmp_path):
    assert _code(make_docx(tmp_path / "trong.docx", ["   ", "\t"], [["", " "]])) == "E101"


def test_tcvn3_capitals_font_and_soft_hyphen_u(tmp_path):
    from docx.oxml import OxmlElement

    document = docx.Document()
    for text, font in [("céng hoµ x· héi chñ nghÜa viÖt nam", ".VnTimeH"), ("§éc lËp - Tù do - H¹nh phóc", ".VnTime")]:
        document.add_paragraph().add_run(text).font.name = font
    paragraph = document.add_paragraph()
    for text in ("Chi bé Tr", "êng THCS Thñy §«ng ®¨ng ký m« h×nh häc tËp vµ lµm theo B¸c"):
        run = paragraph.add_run(text)
        run.font.name = ".VnTime"
        if text.endswith("Tr"):  # Word stores TCVN3 "ư" (0xAD) as an optional hyphen
            run._r.append(OxmlElement("w:softHyphen"))
    document.save(tmp_path / "cu.docx")
    doc = read_document(tmp_path / "cu.docx")
    assert doc.text.splitlines() == ["CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", SENTENCE]
    assert (doc.encoding, doc.warnings) == ("tcvn3", ("W101: legacy TCVN3 font encoding detected and converted to Unicode",))


def _as_strict(data: bytes) -> bytes:
    """The package as Word's "Strict Open XML Document" writes it: the same parts under the ISO/IEC 29500
    Strict namespaces, with the main part marked ``conformance="strict"``."""
    to_strict = [
        (b"http://schemas.openxmlformats.org/wordprocessingml/2006/main", b"http://purl.oclc.org/ooxml/wordprocessingml/main"),
        (b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties",
         b"http://purl.oclc.org/ooxml/officeDocument/relationships/extendedProperties"),
        (b"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
         b"http://purl.oclc.org/ooxml/officeDocument/relationships"),
        (b"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
         b"http://purl.oclc.org/ooxml/officeDocument/extendedProperties"),
        (b"http://schemas.openxmlformats.org/drawingml/2006/main", b"http://purl.oclc.org/ooxml/drawingml/main"),
    ]

    def edit(name: str, part: bytes) -> bytes:
        if name.endswith((".xml", ".rels")):
            for transitional, strict in to_strict:
                part = part.replace(transitional, strict)
        return part.replace(b"<w:document ", b'<w:document w:conformance="strict" ', 1) if name == "word/document.xml" else part

    return _edited(data, edit)


def _edited(data: bytes, edit) -> bytes:  # type: ignore[no-untyped-def]
    """The same zip with each member's bytes passed through ``edit(name, bytes)``."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, edit(item.filename, source.read(item.filename)))
    return out.getvalue()


def test_a_strict_open_xml_document_reads_like_the_transitional_one(tmp_path):
    path = make_docx(tmp_path / "dang_ky.docx", ["Kính gửi: Đảng ủy xã Thủy Đông", SENTENCE], HEADER)
    strict = tmp_path / "dang_ky_strict.docx"
    strict.write_bytes(_as_strict(path.read_bytes()))
    with zipfile.ZipFile(strict) as archive:
        assert b"purl.oclc.org/ooxml/wordprocessingml/main" in archive.read("word/document.xml")
        assert b"schemas.openxmlformats.org/wordprocessingml" not in archive.read("word/document.xml")
    with pytest.raises(KeyError):  # what python-docx alone makes of it
        docx.Document(str(strict))
    read, expected = read_document(strict), read_document(path)
    assert (read.text, read.fmt, read.warnings) == (expected.text, "docx", ())
    assert SENTENCE in read.text.splitlines()


@pytest.mark.parametrize(("suffix", "content_type"), [
    (".docm", "application/vnd.ms-word.document.macroEnabled.main+xml"),
    (".dotx", "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"),
    (".dotm", "application/vnd.ms-word.template.macroEnabledTemplate.main+xml"),
    (".docx", "application/vnd.ms-word.document.macroEnabled.main+xml"),  # a .docm renamed .docx
])
def test_macro_enabled_documents_and_templates_are_read_as_documents(tmp_path, suffix, content_type):
    path = make_docx(tmp_path / "dang_ky.docx", ["Kính gửi: Đảng ủy xã Thủy Đông", SENTENCE], HEADER)
    main = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    other = tmp_path / f"dang_ky_khac{suffix}"
    other.write_bytes(_edited(path.read_bytes(), lambda name, part: part.replace(main, content_type.encode())))
    with zipfile.ZipFile(other) as archive:
        assert content_type.encode() in archive.read("[Content_Types].xml")
    with pytest.raises(ValueError, match="not a Word file"):  # what python-docx alone makes of it
        docx.Document(str(other))
    read = read_document(other)
    assert (read.text, read.fmt, read.warnings) == (read_document(path).text, "docx", ())


HIDDEN = [
    ("<w:vanish/>", False, "hidden text (Font > Hidden)"),
    ("<w:specVanish/>", False, "a style separator's mark"),
    ("<w:webHidden/>", False, "hidden in the web layout (a table of contents' page numbers)"),
    ('<w:vanish w:val="true"/>', False, "hidden, said in full"),
    ('<w:vanish w:val="0"/>', True, "hidden turned off"),
    ('<w:vanish w:val="false"/>', True, "hidden turned off, in words"),
    ("<w:b/>", True, "bold"),
]


@pytest.mark.parametrize(("properties", "shown", "what"), HIDDEN, ids=[case[2] for case in HIDDEN])
def test_text_word_hides_is_not_read(tmp_path, properties, shown, what):
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    for text in ("Chi bộ có 31 đảng viên.", "Chi bộ duy trì sinh hoạt đúng kỳ"):
        document.add_paragraph(text, style="List Number")
    paragraph = document.paragraphs[-1]._p
    paragraph.append(parse_xml(f'<w:r {nsdecls("w")}><w:rPr>{properties}</w:rPr><w:t xml:space="preserve">'
                               " (VĂN BẢN ẨN: 999 hộ bị xử phạt)</w:t></w:r>"))
    paragraph.append(parse_xml(f'<w:r {nsdecls("w")}><w:t>.</w:t></w:r>'))
    document.add_paragraph("Nêu gương.", style="List Number")
    document.save(tmp_path / "ẩn.docx")
    hidden = " (VĂN BẢN ẨN: 999 hộ bị xử phạt)" if shown else ""
    assert read_document(tmp_path / "ẩn.docx").text.splitlines() == [
        "1. Chi bộ có 31 đảng viên.", f"2. Chi bộ duy trì sinh hoạt đúng kỳ{hidden}.", "3. Nêu gương."]


def _with_alt_chunk(tmp_path, name: str, content_type: str, chunk: bytes, before: str = "") -> bytes:
    """A .docx whose content is an altChunk part (as html-docx-js and e-office exporters write one)."""
    import io
    import zipfile

    from conftest import make_docx

    plain = make_docx(tmp_path / "base.docx", [before]).read_bytes()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(plain)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                data = data.replace(b"<w:sectPr", b'<w:altChunk r:id="rIdAlt1"/><w:sectPr', 1)
            elif info.filename == "word/_rels/document.xml.rels":
                data = data.replace(b"</Relationships>", b'<Relationship Id="rIdAlt1" Type="http://schemas.openxml'
                                    b'formats.org/officeDocument/2006/relationships/aFChunk" Target="' + name.encode()
                                    + b'"/></Relationships>')
            elif info.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", f'<Override PartName="/word/{name}" ContentType="{content_type}"/>'
                                    "</Types>".encode())
            target.writestr(info, data)
        target.writestr(f"word/{name}", chunk)
    return out.getvalue()


@pytest.mark.parametrize(("name", "content_type", "chunk"), [
    ("afchunk.htm", "text/html", "<html><body><p>I. HỌC TẬP BÁC</p><table><tr><td>1</td><td>Tổ chức 02 buổi "
                                 "sinh hoạt chuyên đề</td></tr></table></body></html>".encode("utf-8")),
    ("afchunk.rtf", "application/rtf", rb"{\rtf1\ansi\uc1 I. H\u7884?C T\u7852?P B\'c1C\par 1 | T\u7893? ch\u7913?c "
                                       rb"02 bu\u7893?i sinh ho\u7841?t chuy\u234?n \u273?\u7873?}"),
    ("afchunk.txt", "text/plain", "I. HỌC TẬP BÁC\n1 | Tổ chức 02 buổi sinh hoạt chuyên đề".encode("utf-8")),
])
def test_a_documents_alt_chunk_is_read_where_it_stands(tmp_path, name, content_type, chunk):
    """Word shows an embedded web page, RTF or text part (w:altChunk) as the document's content."""
    path = tmp_path / "xuat_tu_web.docx"
    path.write_bytes(_with_alt_chunk(tmp_path, name, content_type, chunk, before="CHI BỘ THÔN NGỌC QUAN"))
    assert read_document(path).text.split("\n") == [
        "CHI BỘ THÔN NGỌC QUAN", "I. HỌC TẬP BÁC", "1 | Tổ chức 02 buổi sinh hoạt chuyên đề"]


# A letterhead and a signature are typed into borderless tables of two columns, several lines a cell
# (a paragraph each, or Shift+Enter breaks): read as one sees them, column after column, a line each.
# A roadmap row whose cell holds two paragraphs stays one row.
LAYOUT_TABLES = [
    ([["ĐẢNG BỘ XÃ LÂM THAO", "CHI BỘ THÔN NGỌC QUAN", "*", "Số: 01-ĐK/CB"],
      ["ĐẢNG CỘNG SẢN VIỆT NAM", "Ngọc Quan, ngày 16 tháng 3 năm 2024"]],
     ["ĐẢNG BỘ XÃ LÂM THAO", "CHI BỘ THÔN NGỌC QUAN", "*", "Số: 01-ĐK/CB",
      "ĐẢNG CỘNG SẢN VIỆT NAM", "Ngọc Quan, ngày 16 tháng 3 năm 2024"], "letterhead"),
    ([["Nơi nhận:", "- Đảng ủy xã (b/c);", "- Lưu chi bộ."], ["T/M CHI BỘ\u2028BÍ THƯ\u2028(Đã ký)\u2028Nguyễn Văn Quyết"]],
     ["Nơi nhận:", "- Đảng ủy xã (b/c);", "- Lưu chi bộ.", "T/M CHI BỘ", "BÍ THƯ", "(Đã ký)", "Nguyễn Văn Quyết"],
     "signature with line breaks"),
    ([["1"], ["Tổ chức tọa đàm về văn hóa công vụ", "(02 buổi)"], ["Quý II/2024"], ["Đ/c Phó Bí thư"]],
     ["1 | Tổ chức tọa đàm về văn hóa công vụ (02 buổi) | Quý II/2024 | Đ/c Phó Bí thư"], "roadmap row"),
]


@pytest.mark.parametrize(("cells", "expected", "what"), LAYOUT_TABLES, ids=[case[2] for case in LAYOUT_TABLES])
def test_a_letterhead_or_signature_table_is_read_column_after_column(tmp_path, cells, expected, what):
    document = docx.Document()
    table = document.add_table(rows=1, cols=len(cells))
    for c, lines in enumerate(cells):
        cell = table.cell(0, c)
        cell.text = lines[0].replace("\u2028", "\n")  # python-docx writes "\n" as a <w:br/>
        for line in lines[1:]:
            cell.add_paragraph(line)
    document.save(tmp_path / "bang.docx")
    assert read_document(tmp_path / "bang.docx").text.splitlines() == expected
