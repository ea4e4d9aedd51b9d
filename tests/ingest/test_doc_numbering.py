""".doc automatic numbering ([MS-DOC] lists, overrides, paragraph and style properties)."""

import struct

from hypothesis import given, settings
from hypothesis import strategies as st

from analyzer.ingest import doc_numbering, read_document
from analyzer.ingest.doc_numbering import _SPRM_ILFO, _SPRM_ILVL, _overrides, _sprms, paragraph_labels
from conftest import DATA, NUMBERED


def test_a_doc_whose_headings_items_and_stt_cells_word_numbers():
    """LibreOffice's .doc of a .docx numbered as Word numbers it (analyzer.learn.wordfile, separate lists):
    Roman headings, decimal items restarting under each, dashes, letters, "1.1.", a Symbol bullet and
    an STT column, read back as the text they were made from."""
    assert read_document(DATA / "numbered.doc").text == NUMBERED


def test_headings_numbered_through_their_styles():
    assert read_document(DATA / "numbered_styles.doc").text.splitlines() == [
        "I. HỌC TẬP BÁC", "1. Học chuyên đề", "2. Viết thu hoạch", "Chi bộ tổ chức 4 buổi sinh hoạt chuyên đề.",
        "II. LÀM THEO BÁC", "1. Sửa đường", "III. NÊU GƯƠNG"]


def _streams(name: str) -> tuple[bytes, bytes]:
    """The WordDocument and table streams of a test file."""
    from legacy_doc import word
    from legacy_doc.ole import OleReader
    from legacy_doc.types import ExtractionOptions

    ole = OleReader((DATA / name).read_bytes(), options=ExtractionOptions())
    stream = ole.read_stream("WordDocument")
    return stream, ole.read_stream("1Table" if word._u16(stream, 0x0A) & 0x0200 else "0Table")


def test_the_style_sheet_names_the_heading_styles_lists():
    stream, table = _streams("numbered_styles.doc")
    styles = doc_numbering._styles(table, *doc_numbering._fc_lcb(stream, doc_numbering._STSHF))
    # Heading 1 and Heading 2 (built-in style indexes 1 and 2): the same list, levels 0 and 1
    assert styles[1][1][_SPRM_ILFO] == styles[2][1][_SPRM_ILFO] > 0
    assert (styles[1][1][_SPRM_ILVL], styles[2][1][_SPRM_ILVL]) == (0, 1)


def test_a_doc_without_lists_reads_as_before():
    assert read_document(DATA / "sample.doc").text.splitlines()[4] == "I. NỘI DUNG"


def test_property_lists_are_walked_by_operand_size():
    grpprl = (struct.pack("<HB", 0x2403, 1)  # spra 1: one byte
              + struct.pack("<HI", 0x6412, 7)  # spra 3: four bytes
              + struct.pack("<HB", 0xC60D, 3) + b"abc"  # spra 6: a length byte, then as many bytes
              + struct.pack("<HB", _SPRM_ILVL, 2) + struct.pack("<HH", _SPRM_ILFO, 5)
              + struct.pack("<H", 0x7627) + b"xyz")  # spra 7: three bytes
    assert _sprms(grpprl) == {_SPRM_ILVL: 2, _SPRM_ILFO: 5}
    # a table definition's operand is sized otherwise: the walk stops there
    assert _sprms(struct.pack("<HH", 0xD608, 99) + struct.pack("<HH", _SPRM_ILFO, 5)) == {}


def test_an_override_restarts_a_level_and_may_redefine_it():
    lvl = struct.pack("<iBB9sBiIBBBB", 3, 4, 0, bytes(9), 1, 0, 0, 0, 0, 0, 0) + struct.pack("<H", 2) + "\x00)".encode(
        "utf-16-le")
    plf = (struct.pack("<i", 2)
           + struct.pack("<iiiBBBB", 11, 0, 0, 1, 0, 0, 0) + struct.pack("<iiiBBBB", 12, 0, 0, 1, 0, 0, 0)
           + struct.pack("<I", 0) + struct.pack("<iI", 5, 0x10 | 1)  # level 1 restarts at 5
           + struct.pack("<I", 0) + struct.pack("<iI", 0, 0x20 | 2) + lvl)  # level 2 redefined
    first, second = _overrides(plf, 0, len(plf))
    assert (first.lsid, first.starts, first.levels) == (11, {1: 5}, {})
    assert (second.lsid, second.starts) == (12, {})
    assert (second.levels[2].start, second.levels[2].fmt, second.levels[2].text, second.levels[2].follow) == (
        3, "lowerLetter", "\x00)", " ")


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=3000), st.binary(max_size=3000), st.binary(max_size=200),
       st.text(alphabet="ab\r\x07", max_size=50))
def test_damaged_numbering_never_fails_the_file(stream, table, clx, text):
    assert isinstance(paragraph_labels(stream, table, clx, text), dict)


def test_damaged_numbering_of_a_real_file_is_dropped_not_raised():
    """The lists of numbered.doc cut short: the text is read without numbers, no exception."""
    from legacy_doc import word

    stream, table = _streams("numbered.doc")
    clx = word._find_clx(table)
    text = word._extract_text_from_piece_table(stream, clx, word._u32(stream, 0x18), word._u32(stream, 0x1C))
    assert paragraph_labels(stream, table, clx, text)
    fc, lcb = doc_numbering._fc_lcb(stream, doc_numbering._PLF_LST)
    assert paragraph_labels(stream, table[:fc + lcb // 2], clx, text) == {}
