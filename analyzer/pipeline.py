"""The spaCy engine: a blank Vietnamese pipeline with mohinh's tokenizer and components.

Components only match and set annotations; the work is done by pure functions in
``analyzer.text`` and ``analyzer.detect``. The pipeline is built lazily, once per process.

Example:
    >>> doc = get_nlp()("I. HỌC TẬP BÁC\\nChi bộ tổ chức học tập chuyên đề cho 100% đảng viên.")
    >>> [u.kind for u in doc._.mohinh_layout.units]
    ['heading', 'body']
"""

from __future__ import annotations

import functools

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from analyzer.text.structure import analyze_layout

MAX_LENGTH = 50_000_000


def sentence_spans(doc: Doc) -> list[tuple[int, int]]:
    """Character spans of the tokenizer's sentences, without trailing whitespace tokens."""
    from analyzer.text.tokenizer import SENTENCES_KEY

    if SENTENCES_KEY in doc.user_data:
        return [(s, e) for s, e, _ in doc.user_data[SENTENCES_KEY]]
    spans = []
    for sent in doc.sents:
        tokens = [t for t in sent if not t.is_space]
        if tokens:
            spans.append((tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)))
    return spans


class StructureComponent:
    """Sets ``doc._.mohinh_layout`` (see :func:`analyzer.text.structure.analyze_layout`)."""

    def __call__(self, doc: Doc) -> Doc:
        from analyzer.text.tokenizer import doc_text

        doc._.mohinh_layout = analyze_layout(doc_text(doc), sentence_spans(doc))
        return doc


class DetectorComponent:
    """Sets ``doc._.mohinh_sentences`` (labels, probabilities) and ``doc._.mohinh_findings``."""

    def __init__(self, *, rubric: str = "2024") -> None:
        self.rubric = rubric

    def __call__(self, doc: Doc) -> Doc:
        from analyzer.detect import detect_document

        sentences, findings = detect_document(doc, doc._.mohinh_layout, rubric=self.rubric)
        doc._.mohinh_sentences = sentences
        doc._.mohinh_findings = findings
        return doc


@functools.lru_cache(maxsize=4)
def get_nlp(rubric: str = "2024") -> Language:
    """The mohinh pipeline (built once per process and rubric)."""
    import analyzer.factories  # noqa: F401  (registers the factories)

    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"@tokenizers": "analyzer.vi_tokenizer.v1"}}})
    # spaCy's 1,000,000-character guard protects its parser and NER, which mohinh does not use; the
    # real limit is Config.max_chars, and the tokenizer works sentence by sentence.
    nlp.max_length = MAX_LENGTH
    nlp.add_pipe("analyzer_structure")
    nlp.add_pipe("analyzer_detector", config={"rubric": rubric})
    return nlp
