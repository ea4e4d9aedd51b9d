"""Small inputs that would cost a batch minutes or gigabytes: each is bounded, read right, or refused."""

from __future__ import annotations

import io
import os
import zipfile

import pytest

from analyzer.config import Config
from analyzer.errors import IngestError
from analyzer.ingest import read_document


def _replace_members(data: bytes, members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, members.get(item.filename, source.read(item.filename)))
    return out.getvalue()


def test_an_odt_space_count_of_millions_is_one_space(tmp_path):
    """<text:s text:c="200000000"/>: 977 bytes that would be 200 MB of spaces."""
    from odf.opendocument import OpenDocumentText
    from odf.text import P

    document = OpenDocumentText()
    document.text.addElement(P(text="Chi bộ PLACEHOLDER họp."))
    document.save(str(tmp_path / "a.odt"))
    data = (tmp_path / "a.odt").read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        content = archive.read("content.xml").decode("utf-8")
    content = content.replace("PLACEHOLDER", '<text:s text:c="20000000"/>' * 5)
    from analyzer.ingest.base import Limits
    from analyzer.ingest.odt_reader import read_odt

    text = read_odt(_replace_members(data, {"content.xml": content.encode("utf-8")}), Limits()).text  # before spaces collapse
    assert text.startswith("Chi bộ ") and text.endswith(" họp.") and len(text) < 2000


def test_a_workbook_repeating_one_long_string_is_refused_before_it_is_held(tmp_path):
    """Every cell points to one shared string: a few KB that would be gigabytes of text."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    long_text = "Chi bộ tổ chức học tập chuyên đề. " * 100
    for _ in range(300):
        sheet.append([long_text] * 60)
    book.save(tmp_path / "lap_lai.xlsx")
    assert (tmp_path / "lap_lai.xlsx").stat().st_size < 1_000_000  # 1.8 million characters of cells
    with pytest.raises(IngestError) as error:
        read_document(tmp_path / "lap_lai.xlsx", max_chars=1_000_000)
    assert error.value.code == "E102" and "characters" in str(error.value)


def test_a_workbook_longer_than_its_row_limit_says_so(tmp_path, monkeypatch):
    import analyzer.ingest.xlsx_reader as xlsx_reader
    from openpyxl import Workbook

    monkeypatch.setattr(xlsx_reader, "MAX_ROWS", 5)
    book = Workbook()
    for k in range(8):
        book.active.append([f"Dòng {k}"])
    book.create_sheet("Sau").append(["Nội dung ở trang tính thứ hai"])
    book.save(tmp_path / "dai.xlsx")
    read = read_document(tmp_path / "dai.xlsx")
    assert [w[:4] for w in read.warnings] == ["W120"] and "Dòng 4" in read.text and "Dòng 5" not in read.text


def test_a_list_template_of_megabytes_is_cut_to_what_a_label_can_show():
    from lxml import etree

    from analyzer.ingest.docx_numbering import MAX_LABEL, _level

    ns = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    lvl = etree.fromstring(f'<w:lvl xmlns:w="{ns}"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
                           f'<w:lvlText w:val="{"%1." * 1_000_000}"/></w:lvl>')
    level = _level(lvl)
    assert level.text.startswith("%1.%1.") and len(level.text) <= 2 * MAX_LABEL


def test_deeply_nested_html_lists_are_numbered_each_by_its_own_list():
    from analyzer.ingest.html_reader import read_html

    depth = 3000
    text = read_html(("<ol><li>" * depth + "Chi bộ họp." + "</li></ol>" * depth).encode(), None).text
    assert text.count("1.") == depth and text.rstrip().endswith("Chi bộ họp.")


def test_vertical_rules_that_overlap_in_a_chain_make_one_table_and_a_drawing_makes_none():
    from analyzer.ingest.pdf_tables import _MAX_RULES, PageReader, _grids

    chain = [(10.0, 0.0, 20.0), (50.0, 15.0, 40.0), (90.0, 35.0, 60.0), (10.0, 100.0, 120.0), (90.0, 100.0, 120.0),
             (50.0, 100.0, 120.0)]
    horizontal = [(10.0, 90.0, y) for y in (0.0, 20.0, 40.0, 60.0, 100.0, 120.0)]
    grids = _grids(horizontal, chain)
    assert [grid.xs for grid in grids] == [[10.0, 50.0, 90.0], [10.0, 50.0, 90.0]]
    page = PageReader()
    page.vertical = [(float(x), 0.0, 10.0) for x in range(_MAX_RULES + 1)]
    page.horizontal = [(0.0, float(_MAX_RULES), 0.0), (0.0, float(_MAX_RULES), 10.0)]
    page.pieces, page.sizes = [("Chi bộ họp.", 1.0, 5.0)], [12.0]
    assert page.text("Chi bộ họp.") == "Chi bộ họp."


def test_a_path_longer_than_the_system_allows_is_a_row_not_a_crash(tmp_path):
    from analyzer.batch import score_folder
    from conftest import read_csv

    root = tmp_path / "in"
    root.mkdir()
    (root / "tot.txt").write_text("Chi bộ tổ chức 02 buổi sinh hoạt chuyên đề trước 30/6/2025.\n", encoding="utf-8")
    fd = os.open(root, os.O_RDONLY)
    try:
        for _ in range(25):  # 25 × 200 characters: past PATH_MAX (4096)
            os.mkdir("x" * 200, dir_fd=fd)
            inner = os.open("x" * 200, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = inner
        with open(os.open("sau.txt", os.O_WRONLY | os.O_CREAT, dir_fd=fd), "w", encoding="utf-8") as handle:
            handle.write("Chi bộ họp.\n")
    finally:
        os.close(fd)
    summary = score_folder(root, tmp_path / "out", config=Config(jobs=1), progress=False)
    rows = read_csv(tmp_path / "out" / "documents.csv")
    assert summary.n_files == len(rows) >= 2
    assert {r["status"] for r in rows if r["doc_id"] == "tot.txt"} == {"ok"}
    assert any(r["error"].startswith(("E105", "E115")) for r in rows if r["doc_id"] != "tot.txt")


def test_a_link_to_a_file_outside_the_folder_is_not_opened_even_to_hash_it(tmp_path):
    from analyzer.batch import _file_key

    (tmp_path / "secret.txt").write_text("mật", encoding="utf-8")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "link.txt").symlink_to(tmp_path / "secret.txt")
    (tmp_path / "in" / "own.txt").write_text("Chi bộ họp.", encoding="utf-8")
    (tmp_path / "in" / "inner.txt").symlink_to(tmp_path / "in" / "own.txt")
    assert _file_key(tmp_path / "in" / "link.txt", Config(), within=tmp_path / "in") == ""
    assert _file_key(tmp_path / "in" / "inner.txt", Config(), within=tmp_path / "in") != ""
