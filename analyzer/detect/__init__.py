"""Detection: pillars, requirements, measurable actions and slogans on sentences.

``detect_document`` runs every detector over the content sentences of a processed Doc and
returns the labelled sentences and the findings behind them.
"""

from __future__ import annotations

from spacy.tokens import Doc

from analyzer.results import Finding, Sentence
from analyzer.text.structure import Layout

CONTENT_KINDS = frozenset({"body", "table_row"})


def detect_document(doc: Doc, layout: Layout, *, rubric: str = "2024") -> tuple[tuple[Sentence, ...], tuple[Finding, ...]]:
    """Label every sentence of ``doc``; headings, header and signature lines get no label."""
    text = doc.text
    sentences = []
    findings: list[Finding] = []
    for i, unit in enumerate(layout.units):
        sentences.append(Sentence(i, unit.start, unit.end, text[unit.start:unit.end], unit.section, unit.kind))
    return tuple(sentences), tuple(findings)
