"""Legacy font encodings inside already-decoded text (.docx/.rtf/.doc runs, pasted text)."""

import pytest

from analyzer.ingest.legacy import convert_legacy, detect_legacy, repair_legacy, repair_mojibake
from conftest import SENTENCE, TCVN3, VISCII, VNI, shown_as_cp1252, to_legacy

SURFACES = [
    ("tcvn3", to_legacy(SENTENCE, TCVN3).decode("cp1252")),
    ("vni", to_legacy(SENTENCE, VNI).decode("cp1252")),
    ("viscii", to_legacy(SENTENCE, VISCII).decode("latin-1")),
]


@pytest.mark.parametrize(("name", "surface"), SURFACES, ids=[name for name, _ in SURFACES])
def test_sentence_round_trips(name, surface):
    assert detect_legacy(surface) == name
    assert repair_legacy(surface) == (SENTENCE, name)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("CéNG HOµ X· HéI CHñ NGHÜA VIÖT NAM\n§éc lËp - Tù do - H¹nh phóc",
         "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"),
        ("I. NéI DUNG M¤ H×NH\nChi bé ®¨ng ký", "I. NỘI DUNG MÔ HÌNH\nChi bộ đăng ký"),
        # a word of one capital (TCVN3 has no capital "Ũ") beside words in capitals inside a sentence
        ("Chi héi chän héi viªn Vò §×NH TOµN, tæ tr\xadëng.", "Chi hội chọn hội viên VŨ ĐÌNH TOÀN, tổ trưởng."),
    ],
)
def test_tcvn3_headings_get_their_capitals_back(text, expected):
    assert repair_legacy(text) == (expected, "tcvn3")


@pytest.mark.parametrize(
    "text",
    [
        "Chi bộ Trường THCS Thủy Đông đăng ký mô hình học tập và làm theo Bác",
        "Ban Tuyên giáo\nBác\nMô hình\nKính thưa",
        "Le café était très agréable à côté de la rivière. Où êtes-vous allé cet été?",
        "El niño comió una piña en la montaña con José y María después de la reunión.",
        "Die Größe der Straße überrascht mich. Männer gehen über die Brücke zur Schule.",
        "Giá: 100 € © 2024 ® ™ ± ½ ¼",
        "Chi bé",  # a real Vietnamese phrase ("small cell"), too little to call legacy
    ],
)
def test_unicode_and_other_languages_are_left_alone(text):
    assert detect_legacy(text) is None
    assert repair_legacy(text) == (text, None)


def test_mixed_document_converts_only_legacy_lines():
    text = "ĐẢNG BỘ XÃ THỦY ĐÔNG\nBan Tuyên giáo\n" + to_legacy(SENTENCE, TCVN3).decode("cp1252")
    assert repair_legacy(text) == (f"ĐẢNG BỘ XÃ THỦY ĐÔNG\nBan Tuyên giáo\n{SENTENCE}", "tcvn3")


def test_convert_legacy_keeps_line_count():
    text = "§¶ng ñy\n\nKính gửi: Ban Tuyên giáo\nx· Thñy §«ng"
    assert convert_legacy(text, "tcvn3") == "Đảng ủy\n\nKính gửi: Ban Tuyên giáo\nxã Thủy Đông"


@pytest.mark.parametrize(
    ("text", "expected", "changed"),
    [
        (shown_as_cp1252(SENTENCE), SENTENCE, True),
        (shown_as_cp1252("Đảng ủy") + "\nChi bộ Trường", "Đảng ủy\nChi bộ Trường", True),
        ("Chi bộ Trường THCS", "Chi bộ Trường THCS", False),
        ("Ã¡o dÃ\xa0i", "áo dài", True),
    ],
)
def test_repair_mojibake(text, expected, changed):
    assert repair_mojibake(text) == (expected, changed)


@pytest.mark.parametrize(
    ("text", "expected", "name"),
    [
        # too short for viparse's character model: the syllables of each reading decide
        ("Chi bé häp 2 lÇn.", "Chi bộ họp 2 lần.", "tcvn3"),
        ("Chi bé th«n 3 ®¨ng ký.", "Chi bộ thôn 3 đăng ký.", "tcvn3"),
        ("Chi boä hoïp 2 laàn.", "Chi bộ họp 2 lần.", "vni"),
    ],
)
def test_a_short_legacy_line_is_converted(text, expected, name):
    assert repair_legacy(text) == (expected, name)


@pytest.mark.parametrize("text", ["Ça va très bien, élève.", "Señor García, año 2024, niño.", "Größe Straße über Ärger.",
                                  "Ông Jürgen café naïve résumé.", "Bé vé xé"])
def test_a_short_line_of_another_language_is_left_alone(text):
    assert repair_legacy(text) == (text, None)


def test_a_one_line_tcvn3_file_is_read_as_tcvn3():
    from analyzer.ingest.decoding import decode_bytes

    decoded = decode_bytes("Chi bé häp 2 lÇn mçi th¸ng.\n".encode("cp1252"))
    assert (decoded.text, decoded.encoding) == ("Chi bộ họp 2 lần mỗi tháng.\n", "tcvn3")


LOST_BYTE_LINES = [  # letters whose UTF-8 ends in a byte Windows-1252 does not define (0x81 0x8D 0x8F 0x90 0x9D)
    "Chi bộ thôn Ngọc Quan học tập chuyên đề năm 2024.",
    "ĐẢNG BỘ XÃ LÂM THAO: giữ gìn truyền thống, thu gom rác dọc tuyến đường.",
    "Đồng chí Bí thư cùng các hộ dân khơi thông cống rãnh.",
]


@pytest.mark.parametrize("lost", ["replace", "ignore"])  # the byte became U+FFFD, or was dropped
@pytest.mark.parametrize("line", LOST_BYTE_LINES)
def test_mojibake_that_lost_bytes_is_repaired_by_the_syllables(line, lost):
    from analyzer.ingest.legacy import repair_mojibake_counted

    damaged = line.encode("utf-8").decode("cp1252", errors=lost)
    repaired, guessed = repair_mojibake_counted(damaged)
    assert repaired == line and guessed == sum(ch in "ọờềỏỐĐÍÁÝ" for ch in line)


def test_mojibake_that_lost_bytes_is_said_and_not_read_again_as_a_legacy_font(tmp_path):
    from analyzer.ingest import read_document

    text = "\n".join(LOST_BYTE_LINES * 3)
    (tmp_path / "hong.txt").write_bytes(text.encode("utf-8").decode("cp1252", errors="replace").encode("utf-8"))
    read = read_document(tmp_path / "hong.txt")
    assert read.text == text
    assert [w[:4] for w in read.warnings] == ["W106"] and "told by the syllable" in read.warnings[0]


@pytest.mark.parametrize(("name", "surface"), [*SURFACES, ("tcvn3", "CéNG HOµ X· HéI CHñ NGHÜA VIÖT NAM")])
def test_a_legacy_font_line_is_not_refilled_as_mojibake(name, surface):
    from analyzer.ingest.legacy import repair_mojibake_counted

    assert repair_mojibake_counted(surface) == (surface, 0)
