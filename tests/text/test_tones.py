import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analyzer.text import tones
from analyzer.text.tones import to_modern_tones, to_traditional_tones


@pytest.mark.parametrize(
    ("traditional", "modern"),
    [
        ("Đảng ủy", "Đảng uỷ"),
        ("cấp ủy", "cấp uỷ"),
        ("Huyện ủy", "Huyện uỷ"),
        ("hòa giải", "hoà giải"),
        ("khỏe mạnh", "khoẻ mạnh"),
        ("THỦY", "THUỶ"),
        ("Thủy Đông", "Thuỷ Đông"),
    ],
)
def test_traditional_to_modern_and_back(traditional, modern):
    assert to_modern_tones(traditional) == modern
    assert to_traditional_tones(modern) == traditional


@pytest.mark.parametrize("unchanged", ["hoàng", "quý", "Quỳnh", "thuyền", "khuyến", "hoạch", "toàn"])
def test_leaves_syllables_whose_mark_does_not_move(unchanged):
    assert to_modern_tones(unchanged) == unchanged


def test_length_is_preserved():
    text = "Đảng ủy xã Hòa Bình chỉ đạo các cấp ủy, tòa án, y tế thủy sản."
    assert len(to_modern_tones(text)) == len(text)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="qQgGoOuUaAeEyYòóỏõọÒÓỎÕỌùúủũụÙÚỦŨỤàáèéỳýỷỹỵẢẺỶ hx1_.\n", max_size=30))
def test_the_q_and_g_test_after_the_two_letters_matches_as_one_before_them(text):
    """The regexes test "not after q / g" after a key's two letters (so they begin with a letter);
    a plain formulation with the test in front gives the same text."""
    for table, regex in ((tones._TO_MODERN, tones._MODERN_RE), (tones._TO_TRADITIONAL, tones._TRAD_RE)):
        plain = re.compile(r"(?<![qQgG])(" + "|".join(map(re.escape, table)) + r")(?![^\W\d_])")
        assert regex.sub(lambda m: table[m.group(1)], text) == plain.sub(lambda m: table[m.group(1)], text)
