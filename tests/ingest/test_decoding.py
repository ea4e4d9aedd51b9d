"""decode_bytes: every encoding a Vietnamese text file has come in."""

import pytest

from analyzer.ingest.base import Refused
from analyzer.ingest.decoding import decode_bytes, looks_binary
from conftest import SENTENCE, TCVN3, VISCII, VNI, to_cp1258, to_legacy

PARAGRAPH = SENTENCE + ".\nĐảng ủy xã giao chỉ tiêu cho từng đảng viên, gắn với nghị quyết đại hội."

ENCODED = [
    # (bytes, expected encoding, expected warning code or None)
    (SENTENCE.encode("utf-8"), "utf-8", None),
    (SENTENCE.encode("utf-8-sig"), "utf-8", None),
    (SENTENCE.encode("utf-16"), "utf-16-le", None),
    (b"\xfe\xff" + SENTENCE.encode("utf-16-be"), "utf-16-be", None),
    (SENTENCE.encode("utf-16-le"), "utf-16-le", "W103"),
    (SENTENCE.encode("utf-16-be"), "utf-16-be", "W103"),
    (b"\xff\xfe\x00\x00" + SENTENCE.encode("utf-32-le"), "utf-32-le", None),
    (to_cp1258(SENTENCE), "cp1258", "W102"),
    (to_legacy(SENTENCE, TCVN3), "tcvn3", "W101"),
    (to_legacy(SENTENCE, VNI), "vni", "W101"),
    (to_legacy(SENTENCE, VISCII), "viscii", "W101"),
]


@pytest.mark.parametrize(("data", "encoding", "warning"), ENCODED, ids=[f"{e}-{w}" for _, e, w in ENCODED])
def test_decodes_the_sentence_exactly(data, encoding, warning):
    decoded = decode_bytes(data)
    assert decoded.text == SENTENCE
    assert decoded.encoding == encoding
    assert [w[:4] for w in decoded.warnings] == ([warning] if warning else [])


def test_legacy_tables_in_the_tests_are_the_real_charts():
    assert to_legacy("Đảng", {"Đ": b"\xa7", "ả": b"\xb6"}) == "§¶ng".encode("cp1252")
    assert to_legacy(SENTENCE, TCVN3).startswith(b"Chi b\xe9 Tr\xad\xeang")


def test_cp1258_writes_tones_as_combining_bytes():
    assert to_cp1258("ộ") == b"\xf4\xf2"  # ô + combining dot below
    assert decode_bytes(to_cp1258(PARAGRAPH)).text == PARAGRAPH


@pytest.mark.parametrize("table", [TCVN3, VNI, VISCII], ids=["tcvn3", "vni", "viscii"])
def test_legacy_paragraph_with_crlf(table):
    data = to_legacy(SENTENCE, table) + b"\r\n" + to_legacy(SENTENCE, table)
    assert decode_bytes(data).text == f"{SENTENCE}\r\n{SENTENCE}"


def test_latin_text_falls_back_to_cp1252_with_a_warning():
    decoded = decode_bytes("Le café était très agréable à côté de la rivière.".encode("cp1252"))
    assert decoded.text == "Le café était très agréable à côté de la rivière."
    assert decoded.encoding in {"cp1252", "cp1258"}


@pytest.mark.parametrize(
    "data",
    [
        bytes(range(256)) * 8,  # NUL bytes
        bytes(b for b in bytes(range(1, 256)) * 8),  # no NUL, many control bytes
        bytes((i * 97 + 13) % 128 + 128 for i in range(4000)),  # only high bytes
        b"\xff\xfe" + b"\x01\x00\x02\x00\x1b\x00" * 300,  # a UTF-16 BOM in front of control codes
    ],
    ids=["nul", "controls", "high-bytes", "bom-garbage"],
)
def test_binary_is_refused(data):
    with pytest.raises(Refused) as refusal:
        decode_bytes(data)
    assert refusal.value.template.startswith("E103")


def test_looks_binary():
    assert looks_binary(b"%PDF-1.4\n\x00\x01")
    assert not looks_binary(SENTENCE.encode())
    assert not looks_binary(to_legacy(SENTENCE, VISCII))


@pytest.mark.parametrize("stray", [b"\xff", b"\x80", b"\xc3", b"\xed\xa0\x80"])
@pytest.mark.parametrize("newline", ["\n", "\r"])
def test_a_stray_invalid_byte_in_utf8_text_is_replaced_not_read_as_a_legacy_font(stray, newline):
    """One bad byte (a copy cut inside a letter) costs one letter, not the line or the document."""
    text = PARAGRAPH.replace("\n", newline)
    data = text.encode("utf-8").replace("Đảng".encode(), "Đảng".encode() + stray, 1)
    decoded = decode_bytes(data)
    assert decoded.encoding == "utf-8"
    assert decoded.text.replace("\ufffd", "") == text
    assert [w[:4] for w in decoded.warnings] == ["W109"]


def test_a_line_in_an_8bit_encoding_beside_utf8_lines_is_still_read_in_its_own():
    data = "Đảng ủy xã Thủy Đông\n".encode() + to_cp1258(SENTENCE)
    decoded = decode_bytes(data)
    assert decoded.text.splitlines() == ["Đảng ủy xã Thủy Đông", SENTENCE]
    assert decoded.encoding == "utf-8+cp1258"


@pytest.mark.parametrize("data", [
    PARAGRAPH.encode().replace(b" ", b" \x00", 1),       # one stray NUL inside
    PARAGRAPH.encode() + bytes(512),                        # padded to a sector
    PARAGRAPH.encode() + bytes(4096),
])
def test_text_with_a_few_nul_bytes_is_read_with_a_warning(data):
    decoded = decode_bytes(data)
    assert decoded.text == PARAGRAPH and decoded.encoding == "utf-8"
    assert [w[:4] for w in decoded.warnings] == ["W116"]


def test_data_full_of_nul_bytes_is_still_binary():
    with pytest.raises(Refused) as refused:
        decode_bytes(b"\x7fELF\x02\x01\x01" + bytes(9) + PARAGRAPH.encode() + b"\x00\x01\x00\x02" * 40)
    assert refused.value.template.startswith("E103")
