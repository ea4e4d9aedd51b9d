import unicodedata

import pytest
import spacy

from analyzer.text.tokenizer import VietnameseTokenizer, word_spans
from analyzer.text.tones import to_traditional_tones


@pytest.fixture(scope="module")
def tokenizer():
    return VietnameseTokenizer(spacy.blank("xx").vocab)


def _words(text):
    return [text[s:e] for s, e in word_spans(text, 0, len(text))]


@pytest.mark.parametrize("word", ["Đảng ủy", "cấp ủy", "Huyện ủy", "Đảng uỷ", "cấp uỷ", "Huyện uỷ"])
def test_party_committee_words_are_single_tokens_in_both_tone_placements(word):
    for text in (f"{word} chỉ đạo các chi bộ thực hiện.", f"Các đồng chí trong {word} họp hằng tháng."):
        assert word in _words(text)


@pytest.mark.parametrize(
    "text",
    [
        "Đảng ủy xã Thủy Đông tổ chức cho 100% đảng viên học tập chuyên đề năm 2024 (trước 30/6/2024).",
        "Chỉ thị 05-CT/TW; PGS.TS. Nguyễn Văn A nói “Học đi đôi với hành.”",
        "Hòa giải viên   khỏe mạnh,\tđi đầu!",
        "ĐV, CB, GV, BGH, đ/c N.V.Tùng, T6/2024, QII/2024",
    ],
)
def test_every_token_is_an_exact_slice(tokenizer, text):
    for variant in (text, to_traditional_tones(text)):
        doc = tokenizer(variant)
        assert doc.text == variant
        for token in doc:
            assert variant[token.idx:token.idx + len(token.text)] == token.text


def test_nfd_input_keeps_offsets(tokenizer):
    text = unicodedata.normalize("NFD", "Đảng ủy xã và cấp ủy chi bộ.")
    doc = tokenizer(text)
    assert doc.text == text
    assert all(text[t.idx:t.idx + len(t.text)] == t.text for t in doc)


def test_sentence_starts_follow_layout(tokenizer):
    doc = tokenizer("I. HỌC TẬP BÁC\nChi bộ họp. Đ/c Nam phụ trách.")
    assert [s.text.strip() for s in doc.sents] == ["I. HỌC TẬP BÁC", "Chi bộ họp.", "Đ/c Nam phụ trách."]


def test_empty_text(tokenizer):
    assert len(tokenizer("")) == 0
