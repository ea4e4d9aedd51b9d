"""underthesea word segmentation as a spaCy tokenizer, with exact character offsets.

Each sentence is segmented on its own (so a token never crosses a sentence boundary), on a
modern-tone copy of the same length (so "Đảng ủy" and "Đảng uỷ" are both one word), with
``use_token_normalize=False``; tokens are then re-aligned syllable by syllable and sliced from
the original text. The sentences of a document are decoded together by
:mod:`analyzer.text.crf` (underthesea's CRF, same words, several times faster).

Example:
    >>> text = "Đảng ủy xã và cấp ủy chi bộ tổ chức học tập."
    >>> [text[s:e] for s, e in word_spans(text, 0, len(text))]
    ['Đảng ủy', 'xã', 'và', 'cấp ủy', 'chi bộ', 'tổ chức', 'học tập', '.']
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy
from spacy.attrs import SENT_START
from spacy.tokens import Doc
from spacy.vocab import Vocab

from analyzer.text.crf import load_segmenter
from analyzer.text.sentences import split_sentences
from analyzer.text.tones import to_modern_tones

SENTENCES_KEY = "mohinh_sentences"
TEXT_KEY = "mohinh_text"


def words_and_spaces(words: list[str], text: str) -> tuple[list[str], list[bool]]:
    r"""``spacy.util.get_words_and_spaces`` in linear time: the words, with the white space between
    them as tokens of their own, and whether one space follows each. spaCy's searches
    ``text[pos:]``, a copy of the rest of the text for every word, which made a long document
    quadratic (800,000 characters: 4.1 s of its 19.6); this searches from ``pos``.

    Example:
        >>> words_and_spaces(["Chi bộ", "họp", "."], "Chi bộ  họp.\n")
        (['Chi bộ', ' ', 'họp', '.', '\n'], [True, False, False, False, False])
    """
    if "".join("".join(words).split()) != "".join(text.split()):
        raise ValueError(f"the words are not the text's: {text[:80]!r}")
    text_words: list[str] = []
    text_spaces: list[bool] = []
    pos = 0
    for word in words:
        if word.isspace():
            continue
        start = text.find(word, pos)
        if start < 0:
            raise ValueError(f"{word!r} is not in the text after character {pos}")
        if start > pos:
            text_words.append(text[pos:start])
            text_spaces.append(False)
        text_words.append(word)
        pos = start + len(word)
        space = pos < len(text) and text[pos] == " "
        text_spaces.append(space)
        pos += space
    if pos < len(text):
        text_words.append(text[pos:])
        text_spaces.append(False)
    return text_words, text_spaces


def doc_text(doc: Doc) -> str:
    """The text a Doc was made from (``doc.text`` rebuilds it from every Token object)."""
    text = doc.user_data.get(TEXT_KEY)
    return text if isinstance(text, str) else doc.text


def _underthesea_words(text: str) -> list[str]:
    from underthesea import word_tokenize

    return word_tokenize(text, use_token_normalize=False)


@lru_cache(maxsize=1)
def _syllable_pattern() -> re.Pattern[str]:
    from underthesea.pipeline.word_tokenize import regex_tokenize

    return regex_tokenize.patterns


def syllables(text: str) -> list[str]:
    """underthesea's regex pre-tokenisation (``use_token_normalize=False``), without its
    per-match ``groupdict`` walk: every alternative of its pattern is one named group spanning
    the whole alternative, so the first group that matched is the whole match."""
    from underthesea.pipeline.text_normalize.character_normalize import normalize_characters_in_text

    return [m.group() for m in _syllable_pattern().finditer(normalize_characters_in_text(text))]


def segment_words(chunks: list[str]) -> list[list[str]]:
    """``underthesea.word_tokenize(chunk, use_token_normalize=False)`` for every chunk, decoded
    in one batch by :mod:`analyzer.text.crf` (identical words; underthesea itself is the
    fallback when its model files cannot be read)."""
    segmenter = load_segmenter()
    if segmenter is None:
        return [_underthesea_words(chunk) for chunk in chunks]
    return segmenter.words([syllables(chunk) for chunk in chunks])


def _whitespace_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans, i = [], start
    while i < end:
        while i < end and text[i].isspace():
            i += 1
        j = i
        while j < end and not text[j].isspace():
            j += 1
        if j > i:
            spans.append((i, j))
        i = j
    return spans


def align_words(text: str, start: int, end: int, modern: str, words: list[str]) -> list[tuple[int, int]]:
    """Absolute spans in ``text`` of the ``words`` segmented from ``modern`` (= modern-tone
    ``text[start:end]``, same length), syllable by syllable; whitespace spans if the segmenter
    changed the text."""
    spans: list[tuple[int, int]] = []
    cursor = 0
    for token in words:
        token_start = None
        for syllable in token.split():
            found = modern.find(syllable, cursor)
            if found < 0 or modern[cursor:found].strip():
                return _whitespace_spans(text, start, end)  # the CRF changed the text
            if token_start is None:
                token_start = found
            cursor = found + len(syllable)
        if token_start is not None:
            spans.append((start + token_start, start + cursor))
    if modern[cursor:].strip():
        spans.extend(_whitespace_spans(text, start + cursor, end))
    return spans


def word_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Word spans (absolute offsets) of ``text[start:end]``, one sentence or line."""
    modern = to_modern_tones(text[start:end])
    return align_words(text, start, end, modern, segment_words([modern])[0])


class VietnameseTokenizer:
    """spaCy tokenizer: layout-aware sentences + underthesea words, sentence starts set.

    Registered as ``analyzer.vi_tokenizer.v1`` (see ``analyzer.factories``).

    Example:
        >>> import spacy
        >>> tok = VietnameseTokenizer(spacy.blank("xx").vocab)
        >>> [t.text for t in tok("Huyện ủy chỉ đạo.")]
        ['Huyện ủy', 'chỉ đạo', '.']
    """

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        words: list[str] = []
        starts: set[int] = set()
        sentences: list[tuple[int, int, list[str]]] = []
        bounds = split_sentences(text)
        moderns = [to_modern_tones(text[s:e]) for s, e in bounds]
        for (s, e), modern, segmented in zip(bounds, moderns, segment_words(moderns)):
            spans = align_words(text, s, e, modern, segmented)
            if spans:
                starts.add(len(words))
                sentence_words = [text[a:b] for a, b in spans]
                words.extend(sentence_words)
                sentences.append((s, e, sentence_words))
        if not words:
            return Doc(self.vocab, words=[text] if text else [], spaces=[False] if text else [])
        all_words, spaces = words_and_spaces(words, text)
        sent_starts: list[bool] = []
        k = 0
        for word in all_words:
            if k < len(words) and word == words[k]:
                sent_starts.append(k in starts)
                k += 1
            else:
                sent_starts.append(False)  # whitespace token: part of the previous sentence
        sent_starts[0] = True
        doc = Doc(self.vocab, words=all_words, spaces=spaces)
        # one vectorised call (passing sent_starts to Doc() walks a Token object per word)
        doc.from_array([SENT_START], numpy.array([1 if x else -1 for x in sent_starts], dtype=numpy.int64).astype(numpy.uint64)[:, None])
        # plain copies of the sentences and their words, so later steps need not walk Token objects
        doc.user_data[SENTENCES_KEY] = sentences
        doc.user_data[TEXT_KEY] = text  # == doc.text: words_and_spaces reproduces it exactly
        return doc

    def to_bytes(self, **kwargs: object) -> bytes:
        return b""

    def from_bytes(self, _bytes: bytes, **kwargs: object) -> "VietnameseTokenizer":
        return self

    def to_disk(self, path: object, **kwargs: object) -> None:
        return None

    def from_disk(self, path: object, **kwargs: object) -> "VietnameseTokenizer":
        return self
