import pytest

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
