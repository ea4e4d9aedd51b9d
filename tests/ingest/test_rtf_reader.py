r"""RTF (striprtf): \uNNNN? escapes, cp1258 \'xx bytes, legacy .VnTime fonts."""

import pytest

from analyzer.ingest import read_document
from analyzer.ingest.rtf_reader import read_rtf
from conftest import DATA, NUMBERED, SENTENCE, TCVN3, to_cp1258, to_legacy


def _hex_escapes(data: bytes) -> str:
    return "".join(f"\\'{byte:02x}" if byte > 0x7F else chr(byte) for byte in data)


def _unicode_escapes(text: str) -> str:
    return "".join(f"\\u{ord(char)}?" if ord(char) > 0x7F else char for char in text)


def test_unicode_escapes(tmp_path):
    rtf = (r"{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0\fswiss\fcharset0 Times New Roman;}}"
           r"\uc1\pard " + _unicode_escapes("I. NỘI DUNG") + r"\par " + _unicode_escapes(SENTENCE) + r"\par}")
    (tmp_path / "dang_ky.rtf").write_text(rtf, encoding="ascii")
    doc = read_document(tmp_path / "dang_ky.rtf")
    assert doc.text.splitlines() == ["I. NỘI DUNG", SENTENCE]
    assert doc.fmt == "rtf"


def test_cp1258_hex_escapes_with_ansi_font(tmp_path):
    rtf = (r"{\rtf1\ansi\ansicpg1258\deff0{\fonttbl{\f0\froman\fcharset0 Times New Roman;}}"
           r"\pard\f0 " + _hex_escapes(to_cp1258(SENTENCE)) + r"\par}")
    (tmp_path / "cp1258.rtf").write_text(rtf, encoding="ascii")
    doc = read_document(tmp_path / "cp1258.rtf")
    assert (doc.text, doc.encoding) == (SENTENCE, "cp1258")


def test_cp1258_hex_escapes_with_vietnamese_charset(tmp_path):
    rtf = (r"{\rtf1\ansi\ansicpg1258{\fonttbl{\f0\fnil\fcharset163 Arial;}}"
           r"\f0 " + _hex_escapes(to_cp1258(SENTENCE)) + "}")
    (tmp_path / "cp1258.rtf").write_bytes(rtf.encode("ascii"))
    assert read_document(tmp_path / "cp1258.rtf").text == SENTENCE


def test_tcvn3_font_in_rtf_is_converted(tmp_path):
    rtf = (r"{\rtf1\ansi\ansicpg1258{\fonttbl{\f0\fnil\fcharset0 .VnTime;}}"
           r"\f0 " + _hex_escapes(to_legacy(SENTENCE, TCVN3)) + r"\par}")
    (tmp_path / "cu.rtf").write_bytes(rtf.encode("ascii"))
    doc = read_document(tmp_path / "cu.rtf")
    assert (doc.text, doc.encoding) == (SENTENCE, "tcvn3")
    assert doc.warnings == ("W101: legacy TCVN3 font encoding detected and converted to Unicode",)


def test_rtf_saved_as_doc(tmp_path):
    (tmp_path / "dang_ky.doc").write_text(r"{\rtf1\ansi " + _unicode_escapes(SENTENCE) + "}", encoding="ascii")
    doc = read_document(tmp_path / "dang_ky.doc")
    assert (doc.fmt, doc.text) == ("rtf", SENTENCE)


def test_tables_and_lists_as_libreoffice_writes_them():
    """LibreOffice's RTF of data/numbered.docx: list numbers as \\listtext, table cells ended by \\cell
    (striprtf's "|"), read as the other formats read them: cells joined by " | ", empty ones dropped."""
    assert read_document(DATA / "numbered.rtf").text == NUMBERED


def test_a_bar_in_the_text_is_not_a_cell():
    text = read_rtf(rb"{\rtf1\ansi a|b\par\trowd\cellx100\cellx200\cellx300 A\cell  \cell C\cell\row}", None).text
    assert text.splitlines() == ["a|b", "A | C"]


def test_a_cell_of_several_lines_stays_in_its_row():
    """The header cell "CHI BỘ …" \\line "*" and the signature cell of three paragraphs, as in the .doc and .docx."""
    lines = read_document(DATA / "notes_headers.rtf").text.splitlines()
    assert lines[1] == "CHI BỘ TRƯỜNG THCS LÊ LỢI *"
    assert lines[-1] == "Nơi nhận: - Đảng ủy xã (để b/c); - Lưu chi bộ. | T/M CHI BỘ BÍ THƯ Trần Văn Minh"


def test_a_file_cut_short_is_read_with_a_warning(tmp_path):
    """An attachment truncated in transit: what is there is read, and the row says to check its end."""
    data = (DATA / "notes_headers.rtf").read_bytes()
    (tmp_path / "cut.rtf").write_bytes(data[: len(data) // 2])
    cut = read_document(tmp_path / "cut.rtf")
    assert [w[:4] for w in cut.warnings] == ["W117"] and cut.text.startswith("ĐẢNG BỘ XÃ TÂN PHÚ")
    assert not read_document(DATA / "notes_headers.rtf").warnings
    assert not read_rtf(rb"{\rtf1\ansi Ngo\u7863?c \{ngo\u7863?c\}}", None).warnings  # escaped braces are text


HIDDEN = [
    (r"Chi b\u7897? {\v (\u7848?N: 999) }c\'f3 31 \u273?\u7843?ng vi\u234?n.", "a hidden group"),
    (r"Chi b\u7897? \v (\u7848?N: 999) \v0 c\'f3 31 \u273?\u7843?ng vi\u234?n.", "hidden until \\v0"),
    (r"Chi b\u7897? \v\b (\u7848?N:\par 999) \plain c\'f3 31 \u273?\u7843?ng vi\u234?n.", "hidden until \\plain"),
    (r"Chi b\u7897? {\v\'e1\'e2 {\*\bkmkstart an}} c\'f3 31 \u273?\u7843?ng vi\u234?n.", "a destination in it"),
]


@pytest.mark.parametrize(("body", "what"), HIDDEN, ids=[case[1] for case in HIDDEN])
def test_hidden_text_is_not_read(tmp_path, body, what):
    (tmp_path / "ẩn.rtf").write_text(r"{\rtf1\ansi\ansicpg1258\viewkind4\uc1\pard " + body + r"\par}", encoding="ascii")
    assert " ".join(read_document(tmp_path / "ẩn.rtf").text.split()) == "Chi bộ có 31 đảng viên."
