""".odt (odfpy): headings, paragraphs and table rows."""

import pytest

from analyzer.errors import IngestError
from analyzer.ingest.base import Limits
from analyzer.ingest.odt_reader import read_odt
from analyzer.ingest import read_document
from conftest import DATA, NUMBERED, SENTENCE, make_odt, rewrite_zip

ROWS = [["Học tập Bác", "Mỗi tháng một buổi sinh hoạt chuyên đề", "Quý I"], ["Nêu gương", "", "Bí thư chi bộ"]]


def test_paragraphs_and_table_rows(tmp_path):
    doc = read_document(make_odt(tmp_path / "dang_ky.odt", ["I. NỘI DUNG", SENTENCE], ROWS))
    assert doc.text.splitlines() == [
        "I. NỘI DUNG",
        "Học tập Bác | Mỗi tháng một buổi sinh hoạt chuyên đề | Quý I",
        "Nêu gương | Bí thư chi bộ",
        SENTENCE,
    ]
    assert doc.fmt == "odt"


def test_odt_zip_bomb(tmp_path):
    data = make_odt(tmp_path / "ok.odt", ["I. NỘI DUNG"], ROWS).read_bytes()
    (tmp_path / "bomb.odt").write_bytes(rewrite_zip(data, {"Pictures/zeros.bin": bytes(3_000_000)}))
    with pytest.raises(IngestError) as error:
        read_document(tmp_path / "bomb.odt", max_unpacked=1_000_000)
    assert error.value.code == "E108"


def test_truncated_odt(tmp_path):
    data = make_odt(tmp_path / "ok.odt", ["I. NỘI DUNG"] + [SENTENCE] * 30, ROWS).read_bytes()
    (tmp_path / "cut.odt").write_bytes(data[: len(data) // 2])
    with pytest.raises(IngestError) as error:
        read_document(tmp_path / "cut.odt")
    assert error.value.code == "E104"


def _item(text, *sublists):
    from odf.text import ListItem, P

    item = ListItem()
    item.addElement(P(text=text))
    for sub in sublists:
        item.addElement(sub)
    return item


def _list(*items, **attributes):
    from odf.text import List

    listing = List(**attributes)
    for item in items:
        listing.addElement(item)
    return listing


def test_list_items_begin_with_their_number_or_bullet():
    import io

    from odf.opendocument import OpenDocumentText
    from odf.text import ListHeader, ListItem, ListLevelStyleBullet, ListLevelStyleNumber, ListStyle, Number, P

    document = OpenDocumentText()
    numbered = ListStyle(name="L1")
    numbered.addElement(ListLevelStyleNumber(level=1, numformat="I", numsuffix="."))
    numbered.addElement(ListLevelStyleNumber(level=2, numformat="1", numsuffix=".", displaylevels=2))
    numbered.addElement(ListLevelStyleBullet(level=3, bulletchar="–"))
    numbered.addElement(ListLevelStyleNumber(level=4, numformat="a", numsuffix=")", startvalue=3))
    document.automaticstyles.addElement(numbered)
    bullets = ListStyle(name="L2")
    bullets.addElement(ListLevelStyleBullet(level=1, bulletchar="\uf0b7"))
    document.automaticstyles.addElement(bullets)
    header = ListHeader()
    header.addElement(P(text="Tiêu đề danh sách"))
    kept = ListItem()
    kept.addElement(Number(text="9."))
    kept.addElement(P(text="số do trình soạn thảo ghi"))
    wrapper = ListItem()
    wrapper.addElement(_list(_item("chỉ có danh sách con")))
    restarted = _item("đặt lại")
    restarted.setAttribute("startvalue", "5")
    document.text.addElement(_list(header, _item("HỌC TẬP BÁC", _list(_item("a"), _item("b", _list(_item("x", _list(
        _item("y"))))))), _item("LÀM THEO BÁC"), stylename="L1", id="list1"))
    document.text.addElement(P(text="Đoạn xen giữa"))
    document.text.addElement(_list(_item("NÊU GƯƠNG"), stylename="L1", continuenumbering="true"))
    document.text.addElement(_list(_item("mới"), wrapper, restarted, kept, stylename="L1"))
    document.text.addElement(_list(_item("tiếp list1"), stylename="L1", continuelist="list1"))
    document.text.addElement(_list(_item("chấm"), stylename="L2"))
    document.text.addElement(_list(_item("không kiểu"), stylename="KhongCo"))
    buffer = io.BytesIO()
    document.save(buffer)
    assert read_odt(buffer.getvalue(), Limits()).text.splitlines() == [
        "Tiêu đề danh sách", "I. HỌC TẬP BÁC", "I.1. a", "I.2. b", "– x", "c) y", "II. LÀM THEO BÁC", "Đoạn xen giữa",
        "III. NÊU GƯƠNG", "I. mới", "I.1. chỉ có danh sách con", "V. đặt lại", "9. số do trình soạn thảo ghi",
        "IV. tiếp list1", "• chấm", "không kiểu"]


def test_lists_as_libreoffice_writes_them():
    """LibreOffice's .odt of the .docx files of tests/ingest/data (data/README.md): lists continued
    across headings, restarted, nested, bulleted, in a table; headings numbered through their styles."""
    assert read_document(DATA / "numbered.odt").text == NUMBERED
    assert read_document(DATA / "numbered_styles.odt").text.splitlines() == [
        "I. HỌC TẬP BÁC", "1. Học chuyên đề", "2. Viết thu hoạch", "Chi bộ tổ chức 4 buổi sinh hoạt chuyên đề.",
        "II. LÀM THEO BÁC", "1. Sửa đường", "III. NÊU GƯƠNG"]


FLAT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
 <office:meta><dc:title>Bản đăng ký 2024</dc:title></office:meta>
 <office:automatic-styles><text:list-style style:name="L1">
  <text:list-level-style-number text:level="1" style:num-suffix="." style:num-format="I"/></text:list-style>
 </office:automatic-styles>
 <office:body><office:text>
  <text:p>ĐẢNG BỘ XÃ LÂM THAO</text:p>
  <text:list text:style-name="L1"><text:list-item><text:h>HỌC TẬP BÁC</text:h></text:list-item>
   <text:list-item><text:h>LÀM THEO BÁC</text:h></text:list-item></text:list>
  <text:p>Chi bộ tổ chức 4 buổi<office:annotation><text:p>Ghi chú của người duyệt.</text:p></office:annotation> sinh hoạt chuyên đề.</text:p>
  <table:table><table:table-row><table:table-cell><text:p>Quý II</text:p></table:table-cell>
   <table:table-cell><text:p>Xóa 4 điểm rác</text:p></table:table-cell></table:table-row></table:table>
 </office:text></office:body>
</office:document>"""


@pytest.mark.parametrize("name", ["dang_ky.fodt", "dang_ky.xml", "dang_ky.doc"])
def test_flat_odt_is_read_as_an_odt(tmp_path, name):
    (tmp_path / name).write_text(FLAT, encoding="utf-8")
    doc = read_document(tmp_path / name)
    assert (doc.fmt, doc.text.splitlines()) == ("fodt", [
        "ĐẢNG BỘ XÃ LÂM THAO", "I. HỌC TẬP BÁC", "II. LÀM THEO BÁC", "Chi bộ tổ chức 4 buổi sinh hoạt chuyên đề.",
        "Quý II | Xóa 4 điểm rác"])
    assert [w[:4] for w in doc.warnings] == (["W105"] if name.endswith(".doc") else [])


def test_a_fodt_that_is_not_a_text_document_is_an_error(tmp_path):
    (tmp_path / "bang_tinh.fodt").write_text(FLAT.replace("opendocument.text", "opendocument.spreadsheet"), encoding="utf-8")
    with pytest.raises(IngestError) as error:
        read_document(tmp_path / "bang_tinh.fodt")
    assert error.value.code == "E104" and "OpenDocument text" in str(error.value)


def test_a_letterhead_table_is_read_column_after_column(tmp_path):
    from odf.opendocument import OpenDocumentText
    from odf.table import Table, TableCell, TableColumn, TableRow
    from odf.text import P

    document = OpenDocumentText()
    table = Table(name="TieuDe")
    table.addElement(TableColumn(numbercolumnsrepeated=2))
    row = TableRow()
    for lines in (["ĐẢNG BỘ XÃ LÂM THAO", "CHI BỘ THÔN NGỌC QUAN", "Số: 01-ĐK/CB"],
                  ["ĐẢNG CỘNG SẢN VIỆT NAM", "Ngọc Quan, ngày 16 tháng 3 năm 2024"]):
        cell = TableCell()
        for line in lines:
            cell.addElement(P(text=line))
        row.addElement(cell)
    table.addElement(row)
    document.text.addElement(table)
    document.text.addElement(P(text="BẢN ĐĂNG KÝ"))
    document.save(str(tmp_path / "tieu_de.odt"))
    assert read_document(tmp_path / "tieu_de.odt").text.splitlines() == [
        "ĐẢNG BỘ XÃ LÂM THAO", "CHI BỘ THÔN NGỌC QUAN", "Số: 01-ĐK/CB",
        "ĐẢNG CỘNG SẢN VIỆT NAM", "Ngọc Quan, ngày 16 tháng 3 năm 2024", "BẢN ĐĂNG KÝ"]
