"""normalize_text: one canonical form, line structure kept."""

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analyzer.ingest.normalize import normalize_text

CASES = [
    # (input, expected, what)
    ("Ðảng ủy xã Thủy Ðông", "Đảng ủy xã Thủy Đông", "Icelandic eth → Vietnamese Đ"),
    ("ðảng viên", "đảng viên", "lowercase eth → đ"),
    (unicodedata.normalize("NFD", "Chi bộ Trường THCS"), "Chi bộ Trường THCS", "NFD → NFC"),
    ("Chi bộ\r\nĐảng ủy\rxã", "Chi bộ\nĐảng ủy\nxã", "CRLF and CR → LF"),
    ("Nêu\u200b gương\u00ad\ufeff", "Nêu gương", "zero-width, soft hyphen, BOM removed"),
    ("Học\u0007 tập\x00 Bác", "Học tập Bác", "control characters removed"),
    ("Học\u00a0tập\u2003Bác\u202fnăm\u30002024", "Học tập Bác năm 2024", "Unicode spaces → space"),
    ("Học\ttập\t\tBác", "Học tập Bác", "tabs → one space"),
    ("   - Học tập   Bác   ", "- Học tập Bác", "strip and collapse inside a line"),
    ("I. NỘI DUNG\n\n\n\n\n1. Học tập Bác", "I. NỘI DUNG\n\n1. Học tập Bác", "3+ blank lines → one"),
    ("I. NỘI DUNG\n\n1. Học tập Bác", "I. NỘI DUNG\n\n1. Học tập Bác", "one blank line kept"),
    ("\n\n  \nChi bộ\n \n\n", "Chi bộ", "leading/trailing blank lines stripped"),
    ("Trang 1\fTrang 2", "Trang 1\nTrang 2", "page break → new line"),
    ("bo\u200b\u0323", "bọ", "zero-width between vowel and tone mark does not block NFC"),
    ("hòa hoà", "hòa hoà", "tone placement is not unified"),
    ("\uf0b7\tMỗi đảng viên\n\u27a2 Quý I\n\u25aa Tháng 1", "• Mỗi đảng viên\n• Quý I\n• Tháng 1",
     "a symbol-font or shape bullet that begins a line → •"),
    ("A \uf0b7 b\n\u25aaKhông", "A \uf0b7 b\n\u25aaKhông", "not a bullet: inside a line, or no space after it"),
]


@pytest.mark.parametrize(("raw", "expected", "what"), CASES, ids=[case[2] for case in CASES])
def test_normalize_text(raw, expected, what):
    assert normalize_text(raw) == expected


@given(st.text())
def test_normalize_is_idempotent_and_clean(text):
    once = normalize_text(text)
    assert normalize_text(once) == once
    assert once == unicodedata.normalize("NFC", once)
    assert "\r" not in once and "\t" not in once and "  " not in once and "\n\n\n" not in once
    assert once == once.strip("\n")
    assert all(line == line.strip(" ") for line in once.split("\n"))


def test_invisible_characters_live_only_in_the_planes_that_are_scanned():
    import sys
    import unicodedata

    outside = [c for c in range(0x20000, sys.maxunicode + 1) if not 0xE0000 <= c < 0xF0000
               and unicodedata.category(chr(c)) in ("Cc", "Cf", "Cs")]
    assert outside == []
