"""underthesea word segmentation as a spaCy tokenizer, with exact character offsets.

Each sentence is segmented on its own (so a token never crosses a sentence boundary), on a
modern-tone copy of the same length (so "Đảng ủy" and "Đảng uỷ" are both one word), with
``use_token_normalize=False``; tokens are then re-aligned syllable by syllable and sliced from
the original text.

Example:
    >>> text = "Đảng ủy xã và cấp ủy chi bộ tổ chức học tập."
    >>> [text[s:e] for s, e in word_spans(text, 0, len(text))]
    ['Đảng ủy', 'xã', 'và', 'cấp ủy', 'chi bộ', 'tổ chức', 'học tập', '.']
"""

from __future__ import annotations

import numpy
from spacy.attrs import SENT_START
from spacy.tokens import Doc
from spacy.util import get_words_and_spaces
from spacy.vocab import Vocab

from analyzer.text.sentences import split_sentences

SENTENCES_KEY = "mohinh_sentences"
from analyzer.text.tones import to_modern_tones


def _word_tokenize(text: str) -> list[str]:
    from underthesea import word_tokenize

    return word_tokenize(text, use_token_normalize=False)


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


def word_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Word spans (absolute offsets) of ``text[start:end]``, one sentence or line."""
    chunk = text[start:end]
    modern = to_modern_tones(chunk)
    spans: list[tuple[int, int]] = []
    cursor = 0
    for token in _word_tokenize(modern):
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
        for s, e in split_sentences(text):
            spans = word_spans(text, s, e)
            if spans:
                starts.add(len(words))
                sentence_words = [text[a:b] for a, b in spans]
                words.extend(sentence_words)
                sentences.append((s, e, sentence_words))
        if not words:
            return Doc(self.vocab, words=[text] if text else [], spaces=[False] if text else [])
        all_words, spaces = get_words_and_spaces(words, text)
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
        return doc

    def to_bytes(self, **kwargs: object) -> bytes:
        return b""

    def from_bytes(self, _bytes: bytes, **kwargs: object) -> "VietnameseTokenizer":
        return self

    def to_disk(self, path: object, **kwargs: object) -> None:
        return None

    def from_disk(self, path: object, **kwargs: object) -> "VietnameseTokenizer":
        return self
