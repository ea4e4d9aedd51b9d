"""A short fuzz of ingestion and segmentation (hypothesis): nothing raises but coded errors, every
offset is valid. Bounded to a few seconds per property so that it runs in CI."""

from __future__ import annotations

import os
import tempfile
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analyzer.api import analyze_text
from analyzer.errors import IngestError
from analyzer.ingest import normalize_text, read_document
from analyzer.ingest.base import Refused
from analyzer.ingest.decoding import decode_bytes
from analyzer.text.sentences import split_sentences
from analyzer.text.tokenizer import word_spans

# CI runs a short fuzz; MOHINH_FUZZ_SCALE=50 pytest tests/robustness/test_fuzz.py runs a long one.
SCALE = int(os.environ.get("MOHINH_FUZZ_SCALE", "1"))
FAST = settings(max_examples=300 * SCALE, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=80 * SCALE, deadline=None, suppress_health_check=[HealthCheck.too_slow])

VOWELS = "aăâeêioôơuưy"
TONES = "\u0300\u0301\u0309\u0303\u0323"
LETTERS = "".join(unicodedata.normalize("NFC", v + t) for v in VOWELS for t in ("", *TONES)) + "bcdđghklmnpqrstvx"
SYLLABLE = st.builds(lambda c, v, e: c + v + e, st.sampled_from(["", "b", "ch", "đ", "ng", "tr", "th", "qu", "gi", "kh"]),
                     st.sampled_from([unicodedata.normalize("NFC", v + t) for v in VOWELS for t in ("", *TONES)]),
                     st.sampled_from(["", "n", "ng", "c", "t", "m", "nh", "ch", "p", "i", "o", "u"]))
WORD = st.one_of(
    SYLLABLE, SYLLABLE.map(str.capitalize), SYLLABLE.map(str.upper),
    st.sampled_from(["Đảng ủy", "chi bộ", "Hòa", "hoà", "uỷ", "100%", "30/6/2024", "II.", "1.", "a)", "v.v.", "PGS.TS.",
                     "TP.", "Đ/c", "“Dân", "vận”", "khéo”", "-", "–", "|", "(", ")", "...", "…", "?", "!", ";", ":"]),
    st.from_regex(r"\d{1,4}(?:[.,/]\d{1,3})?", fullmatch=True),
)
SEPARATOR = st.sampled_from([" ", " ", " ", ". ", ", ", "\n", "\n\n", " | ", "\t", "\u00a0", "  ", "\r\n", "\n- ", "\n1. "])
VIETNAMESE_ISH = st.lists(st.tuples(WORD, SEPARATOR), max_size=60).map(lambda pairs: "".join(w + s for w, s in pairs))
WILD = st.text(alphabet=st.one_of(st.sampled_from(LETTERS + LETTERS.upper() + " \n\t\r.,;:!?…-–|()“”\"'/%0123456789"),
                                  st.sampled_from("\u00a0\u200b\u200e\ufeff\u00ad\u2028\x0b\x0c\x85\u3000ÐðĐđ" + TONES),
                                  st.characters()), max_size=300)
TEXT = st.one_of(VIETNAMESE_ISH, WILD)


def _invisible(char: str) -> bool:
    return unicodedata.category(char) in ("Cc", "Cf") and char != "\n"


@FAST
@given(TEXT)
def test_normalize_text_is_canonical_and_idempotent(raw):
    text = normalize_text(raw)
    assert normalize_text(text) == text
    assert unicodedata.is_normalized("NFC", text)
    assert not any(_invisible(char) or unicodedata.category(char) == "Cs" for char in text)
    assert "\r" not in text and "\t" not in text
    assert "\n\n\n" not in text and text == text.strip()
    assert all(line == line.strip() for line in text.split("\n"))


@FAST
@given(st.one_of(
    st.binary(max_size=3000),
    st.tuples(TEXT, st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1258", "cp1252", "latin-1"]))
      .map(lambda pair: pair[0].encode(pair[1], errors="ignore")),
))
def test_decode_bytes_decodes_or_refuses_with_a_code(data):
    try:
        decoded = decode_bytes(data)
    except Refused as refusal:
        assert refusal.template.startswith("E103")
        return
    assert isinstance(decoded.text, str) and decoded.encoding
    assert all(w[:1] == "W" and w[1:4].isdigit() for w in decoded.warnings)


@FAST
@given(VIETNAMESE_ISH)
def test_utf8_text_decodes_to_itself(text):
    decoded = decode_bytes(text.encode("utf-8"))
    assert (decoded.text, decoded.encoding, decoded.warnings) == (text, "utf-8", ())


SUFFIXES = [".txt", ".docx", ".pdf", ".doc", ".odt", ".rtf", ".html", ".md", "", ".xlsx", ".TXT", ".mht", ".xml"]
# the starts of the formats told by their content: a reader must refuse with a code whatever follows
HEADS = [b"PK\x03\x04", b"%PDF-1.4\n", b"{\\rtf1 ", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"<html><body>",
         b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"b\"\r\n\r\n--b\r\n",
         b'<?xml version="1.0"?><w:wordDocument xmlns:w="http://schemas.microsoft.com/office/word/2003/wordml"><w:body>',
         b'<pkg:package xmlns:pkg="http://schemas.microsoft.com/office/2006/xmlPackage"><pkg:part pkg:name="/word/'
         b'document.xml"><pkg:xmlData>']


@SLOW
@given(st.one_of(st.binary(max_size=4000), TEXT.map(lambda t: t.encode("utf-8", errors="surrogatepass")),
                 st.sampled_from(HEADS).flatmap(lambda head: st.binary(max_size=2000).map(lambda t: head + t))),
       st.sampled_from(SUFFIXES))
def test_read_document_gives_normalized_text_or_a_coded_error(data, suffix):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"hồ sơ{suffix}"
        path.write_bytes(data)
        try:
            doc = read_document(path, max_bytes=1_000_000)
        except IngestError as err:
            assert err.code[:2] == "E1" and str(err).startswith(err.code)
            return
    assert doc.text and normalize_text(doc.text) == doc.text


def _check_spans(text: str, spans: list[tuple[int, int]], *, lines: bool) -> None:
    previous = 0
    for start, end in spans:
        assert previous <= start < end <= len(text)
        piece = text[start:end]
        assert piece == piece.strip() and piece
        if lines:
            assert "\n" not in piece
        previous = end


@FAST
@given(TEXT.map(normalize_text))
def test_sentences_are_ordered_non_empty_trimmed_slices(text):
    spans = split_sentences(text)
    _check_spans(text, spans, lines=True)
    covered = "".join(text[s:e] for s, e in spans)
    assert "".join(covered.split()) == "".join(text.split())  # every non-space character is in a sentence


@SLOW
@given(TEXT.map(normalize_text))
def test_words_are_exact_slices_inside_their_sentence(text):
    for start, end in split_sentences(text):
        words = word_spans(text, start, end)
        _check_spans(text, words, lines=True)
        assert all(start <= s and e <= end for s, e in words)
        assert "".join(text[s:e].replace(" ", "") for s, e in words) == "".join(text[start:end].split())


@pytest.fixture(scope="module")
def tokenizer():
    import spacy

    from analyzer.text.tokenizer import VietnameseTokenizer

    return VietnameseTokenizer(spacy.blank("xx").vocab)


@SLOW
@given(TEXT.map(normalize_text))
def test_spacy_tokens_rebuild_the_text(tokenizer, text):
    doc = tokenizer(text)
    assert doc.text == text
    for token in doc:
        assert text[token.idx: token.idx + len(token.text)] == token.text


@SLOW
@given(TEXT)
def test_analyze_text_never_raises_and_offsets_are_valid(raw):
    from analyzer.ingest.repair import repair_text

    result = analyze_text(raw)
    read = normalize_text(repair_text(raw, None, ())[0])  # a legacy font or mojibake undone, then normalised
    if not result.ok:
        assert result.error.startswith("E101") and not read
        return
    text = result.text
    assert text == read
    _check_spans(text, [(s.start, s.end) for s in result.sentences], lines=True)
    assert all(text[s.start:s.end] == s.text for s in result.sentences)
    assert all(0 <= f.start <= f.end <= len(text) for f in result.findings)
    assert 0 <= result.score <= 100 and 1 <= result.grade <= 5
    assert all(not {"action", "slogan"} <= s.labels for s in result.sentences)



@FAST
@given(st.lists(st.one_of(VIETNAMESE_ISH.map(lambda t: t.replace("\n", " ").replace("\r", " ")), st.just("")),
                max_size=30))
def test_pdf_reflow_only_joins_lines(lines):
    from analyzer.ingest.pdf_reader import reflow_lines

    out = reflow_lines(lines)
    assert "".join("".join(out).split()) == "".join("".join(lines).split())
    assert len(out) <= len(lines) and all("\n" not in line for line in out)
