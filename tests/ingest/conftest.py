"""Builders of real Vietnamese test files, and legacy-encoding tables independent of viparse.

The legacy byte tables below are written out from the published code charts
(TCVN 5712:1993 VN3 "ABC", VNI-Windows, VISCII / RFC 1456) for exactly the letters of
:data:`SENTENCE`, so a test of the converter never checks viparse against itself.
"""

from __future__ import annotations

import io
import unicodedata
import zipfile
from pathlib import Path

import pytest

from analyzer.learn.render import unicode_font as unicode_font_file

SENTENCE = "Chi bộ Trường THCS Thủy Đông đăng ký mô hình học tập và làm theo Bác"
DATA = Path(__file__).parent / "data"
# the text of data/numbered.doc and data/numbered.odt, numbered there by Word's lists (data/README.md)
NUMBERED = """ĐẢNG BỘ XÃ THỦY ĐÔNG | ĐẢNG CỘNG SẢN VIỆT NAM
BẢN ĐĂNG KÝ MÔ HÌNH NĂM 2024
I. HỌC TẬP BÁC
1. Tổ chức 4 buổi sinh hoạt chuyên đề trong năm 2024.
2. Mỗi đảng viên viết 1 bài thu hoạch trước 30/6/2024.
- Quý I: học chuyên đề.
- Quý II: viết thu hoạch.
II. LÀM THEO BÁC
1. Sửa 2 km đường liên thôn.
a) Vận động 40 hộ hiến đất.
b) Góp 300 ngày công.
1.1. Tổ 1 làm đoạn đầu.
1.2. Tổ 2 làm đoạn cuối.
• Bí thư chi bộ đi đầu.
III. NÊU GƯƠNG
STT | Nội dung | Thời gian
1 | Học tập chuyên đề | Quý I
2 | Sửa đường | Quý II
3 | Sơ kết | Quý IV
Nơi nhận: Đảng ủy xã."""

TCVN3 = {"ộ": b"\xe9", "ư": b"\xad", "ờ": b"\xea", "ủ": b"\xf1", "Đ": b"\xa7", "ô": b"\xab", "đ": b"\xae",
         "ă": b"\xa8", "ý": b"\xfd", "ì": b"\xd7", "ọ": b"\xe4", "ậ": b"\xcb", "à": b"\xb5", "á": b"\xb8"}  # fmt: skip
VNI = {"ộ": b"o\xe4", "ư": b"\xf6", "ờ": b"\xf4\xf8", "ủ": b"u\xfb", "Đ": b"\xd1", "ô": b"o\xe2", "đ": b"\xf1",
       "ă": b"a\xea", "ý": b"y\xf9", "ì": b"\xec", "ọ": b"o\xef", "ậ": b"a\xe4", "à": b"a\xf8", "á": b"a\xf9"}  # fmt: skip
VISCII = {"ộ": b"\xb5", "ư": b"\xdf", "ờ": b"\xb6", "ủ": b"\xfc", "Đ": b"\xd0", "ô": b"\xf4", "đ": b"\xf0",
          "ă": b"\xe5", "ý": b"\xfd", "ì": b"\xec", "ọ": b"\xf7", "ậ": b"\xa7", "à": b"\xe0", "á": b"\xe1"}  # fmt: skip
_TONES = "\u0300\u0301\u0303\u0309\u0323"


def to_legacy(text: str, table: dict[str, bytes]) -> bytes:
    """Encode ``text`` with a legacy table; ASCII passes through, anything else must be listed."""
    return b"".join(table[char] if ord(char) > 0x7F else char.encode("ascii") for char in text)


def to_cp1258(text: str) -> bytes:
    """Windows-1258 as Windows writes it: precomposed base letter + a combining tone byte."""
    out = bytearray()
    for char in text:
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            decomposed = unicodedata.normalize("NFD", char)
            base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
            tones = "".join(c for c in decomposed if c in _TONES)
            out += (base + tones).encode("cp1258")
    return bytes(out)


def shown_as_cp1252(text: str) -> str:
    """UTF-8 bytes of ``text`` displayed as Windows-1252 (undefined bytes as C1 controls): mojibake."""
    return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in text.encode())


def make_docx(path: Path, paragraphs: list[str], rows: list[list[str]] | None = None, font: str | None = None) -> Path:
    """A .docx: ``paragraphs[0]``, then a table of ``rows``, then the other paragraphs."""
    import docx

    document = docx.Document()

    def add(text: str) -> None:
        run = document.add_paragraph().add_run(text)
        if font:
            run.font.name = font

    add(paragraphs[0])
    if rows:
        table = document.add_table(rows=len(rows), cols=len(rows[0]))
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                table.cell(r, c).text = value
    for text in paragraphs[1:]:
        add(text)
    document.save(path)
    return path


def _font_file() -> Path | None:
    return unicode_font_file("DejaVuSans")


@pytest.fixture(scope="session")
def unicode_font() -> Path:
    font = _font_file()
    if font is None:
        pytest.skip("no Unicode TTF font (DejaVuSans) to write Vietnamese into a PDF")
    return font


def make_pdf(path: Path, font: Path, blocks: list[str], width: float = 0) -> Path:
    """A PDF whose text layer wraps each block at the page (or ``width`` mm) width."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("DejaVu", fname=str(font))
    pdf.set_font("DejaVu", size=11)
    for block in blocks:
        pdf.multi_cell(width, 6, block, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def make_blank_pdf(path: Path) -> Path:
    """A PDF with a drawing and no text layer, as a scanned page has."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 50, style="F")
    pdf.output(str(path))
    return path


def make_odt(path: Path, paragraphs: list[str], rows: list[list[str]]) -> Path:
    from odf.opendocument import OpenDocumentText
    from odf.table import Table, TableCell, TableColumn, TableRow
    from odf.text import H, P

    document = OpenDocumentText()
    document.text.addElement(H(outlinelevel=1, text=paragraphs[0]))
    table = Table(name="MoHinh")
    table.addElement(TableColumn(numbercolumnsrepeated=len(rows[0])))
    for row in rows:
        table_row = TableRow()
        for value in row:
            cell = TableCell()
            if value:
                cell.addElement(P(text=value))
            table_row.addElement(cell)
        table.addElement(table_row)
    document.text.addElement(table)
    for text in paragraphs[1:]:
        document.text.addElement(P(text=text))
    document.save(str(path))
    return path


def rewrite_zip(data: bytes, extra: dict[str, bytes]) -> bytes:
    """The same zip with members added (deflated)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        for name, payload in extra.items():
            target.writestr(name, payload)
    return out.getvalue()


def declare_huge(data: bytes, member: str, size: int = 0xFFFF_FFF0) -> bytes:
    """The same zip whose central directory claims ``member`` unpacks to ``size`` bytes."""
    name = member.encode()
    at = data.index(b"PK\x01\x02")
    while data[at + 46 : at + 46 + len(name)] != name:
        at = data.index(b"PK\x01\x02", at + 4)
    return data[: at + 24] + size.to_bytes(4, "little") + data[at + 28 :]


def without_unicode_map(path: Path) -> Path:
    """The same PDF with its fonts' /ToUnicode maps deleted, as some virtual printers write it: the page
    shows the text, and the text layer reads as glyph numbers (control characters and symbols)."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject

    writer = PdfWriter()
    for page in PdfReader(path).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            if "/ToUnicode" in font:
                del font[NameObject("/ToUnicode")]
        writer.add_page(page)
    with open(path, "wb") as handle:
        writer.write(handle)
    return path


def joined_pdf(path: Path, *parts: Path) -> Path:
    """The pages of ``parts`` one after another in one PDF."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for part in parts:
        for page in PdfReader(part).pages:
            writer.add_page(page)
    with open(path, "wb") as handle:
        writer.write(handle)
    return path


def make_stamped_scan(path: Path, font: Path, picture, stamp: list[str], *, top: bool = True) -> Path:
    """A scanned page (``picture``, a PIL image, over the whole A4 page) under an e-signature stamp
    typed in 7 pt at its top right (``top``) or bottom right: the PDF an e-office system signs."""
    import io as _io

    from fpdf import FPDF

    png = _io.BytesIO()
    picture.save(png, format="PNG")
    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", fname=str(font))
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.image(png, x=0, y=0, w=210, h=297)
    pdf.set_font("DejaVu", size=7)
    pdf.set_xy(120, 5 if top else 270)
    pdf.multi_cell(85, 3.5, "\n".join(stamp))
    pdf.output(str(path))
    return path
