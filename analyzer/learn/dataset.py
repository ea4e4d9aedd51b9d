"""Training records from the annotated corpus: gold sentences through the same features as prediction.

Example:
    >>> from analyzer.corpus import parse_document
    >>> gold = parse_document("# id: x\\n# year: 2024\\n# org_kind: school\\n# doc_kind: plan\\n# region: Huế\\n"
    ...     "# grade: 3\\n# exemplar_names:\\nChi bộ tổ chức 4 buổi sinh hoạt chuyên đề. {hoc_tap action}\\n", "x.txt")
    >>> records, y = gold_records([gold])
    >>> y.tolist()
    [[1, 0, 0, 1, 0, 0, 0, 0, 0]]
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from analyzer.corpus import GoldDocument, GoldSentence
from analyzer.labels import LABELS


def gold_records(docs: Sequence[GoldDocument]) -> tuple[list[dict], np.ndarray]:
    """Feature records and the label matrix of every content sentence of ``docs`` (gold boundaries)."""
    from analyzer.detect import build_records
    from analyzer.pipeline import get_nlp
    from analyzer.text.structure import analyze_layout

    nlp = get_nlp()
    records: list[dict] = []
    rows: list[list[int]] = []
    for gold in docs:
        doc = nlp.make_doc(gold.text)
        layout = analyze_layout(gold.text, [(s.start, s.end) for s in gold.sentences])
        index, _, recs = build_records(doc, layout.units, layout.meta, year=gold.year)
        records.extend(recs)
        rows.extend([int(label in gold.sentences[i].labels) for label in LABELS] for i in index)
    return records, np.array(rows, dtype=np.int8).reshape(-1, len(LABELS))


def content_sentences(gold: GoldDocument) -> list[GoldSentence]:
    """The gold sentences that :func:`gold_records` gives a row, in its order (headings and
    metadata lines have none)."""
    from analyzer.detect import content_index
    from analyzer.text.structure import analyze_layout

    layout = analyze_layout(gold.text, [(s.start, s.end) for s in gold.sentences])
    return [gold.sentences[i] for i in content_index(layout.units)]
