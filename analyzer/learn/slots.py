"""Gold action slots (``corpora/slots.tsv``) and the precision/recall of the predicted slots.

Example:
    >>> slot_match(("date", 10, 30), ("date", 18, 30)), slot_match(("date", 10, 30), ("quantity", 10, 30))
    (True, False)
"""

from __future__ import annotations

import collections
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from analyzer.corpus import CORPUS_DIR, GoldDocument
from analyzer.errors import E, CorpusError

SLOT_KINDS = ("actor", "activity", "quantity", "date", "frequency", "deliverable")


@dataclass(frozen=True)
class GoldSlot:
    """One annotated slot: the corpus document, the line of its sentence, its kind and exact text."""

    doc_id: str
    line: int
    kind: str
    text: str


def load_slots(path: Path | None = None) -> list[GoldSlot]:
    """Read and validate ``corpora/slots.tsv`` (unknown kind or malformed row → error naming the line)."""
    path = path or CORPUS_DIR / "slots.tsv"
    if not path.is_file():
        return []
    slots = []
    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip() or raw.startswith("#") or raw.startswith("doc_id\t"):
            continue
        parts = raw.split("\t")
        if len(parts) != 4 or not parts[1].isdigit():
            raise CorpusError(E.CORPUS_FORMAT, path=path, line=lineno, detail="expected doc_id<TAB>line<TAB>slot<TAB>text")
        if parts[2] not in SLOT_KINDS:
            raise CorpusError(E.CORPUS_FORMAT, path=path, line=lineno, detail=f"unknown slot '{parts[2]}'")
        slots.append(GoldSlot(parts[0], int(parts[1]), parts[2], parts[3]))
    return slots


def slot_match(gold: tuple[str, int, int], predicted: tuple[str, int, int]) -> bool:
    """Same kind and overlapping character spans."""
    return gold[0] == predicted[0] and gold[1] < predicted[2] and predicted[1] < gold[2]


def slot_metrics(docs: Sequence[GoldDocument], slots: Sequence[GoldSlot] | None = None) -> dict:
    """Per-kind precision/recall/F1 of the analyzer's slots on the annotated action sentences of ``docs``,
    and how many gold slots a predicted one of the same kind covers exactly (``exact``: the same words,
    neither a syllable nor a preposition more or less: what the appraiser reads as the evidence)."""
    from analyzer.api import analyze_text

    slots = list(load_slots() if slots is None else slots)
    by_doc = {d.id: d for d in docs}
    wanted: dict[str, dict[int, list[GoldSlot]]] = collections.defaultdict(lambda: collections.defaultdict(list))
    for slot in slots:
        if slot.doc_id in by_doc:
            wanted[slot.doc_id][slot.line].append(slot)
    # per kind: predicted slots overlapping a gold one, predicted, gold slots overlapped by a prediction,
    # gold, gold slots predicted with exactly their span (spans need not pair one to one: "Quý II" and
    # "quý IV/2024" both overlap "Quý II và quý IV/2024", so precision counts predictions, recall gold)
    counts = {k: [0, 0, 0, 0, 0] for k in SLOT_KINDS}
    n_sentences = 0
    for doc_id, lines in wanted.items():
        gold_doc = by_doc[doc_id]
        result = analyze_text(gold_doc.text, doc_id=doc_id, read=True)  # offsets as annotated
        predicted = [(f.label.split(":", 1)[1], f.start, f.end) for f in result.findings if f.label.startswith("slot:")]
        for sentence in gold_doc.sentences:
            if sentence.line not in lines:
                continue
            n_sentences += 1
            gold = []
            for slot in lines[sentence.line]:
                at = sentence.text.find(slot.text)
                if at < 0:
                    raise CorpusError(E.CORPUS_FORMAT, path="slots.tsv", line=slot.line,
                                      detail=f"'{slot.text}' is not in {doc_id} line {slot.line}")
                gold.append((slot.kind, sentence.start + at, sentence.start + at + len(slot.text)))
            pred = [x for x in predicted if sentence.start <= x[1] < sentence.end]
            for kind, count in counts.items():
                g = [x for x in gold if x[0] == kind]
                p = [x for x in pred if x[0] == kind]
                count[0] += sum(1 for x in p if any(slot_match(y, x) for y in g))
                count[1] += len(p)
                count[2] += sum(1 for y in g if any(slot_match(y, x) for x in p))
                count[3] += len(g)
                count[4] += sum(1 for y in g if y in p)
    out: dict = {"sentences": n_sentences, "kinds": {}}
    for kind, count in list(counts.items()) + [("all", [sum(c[i] for c in counts.values()) for i in range(5)])]:
        found, n_predicted, covered, n_gold, exact = count
        precision = found / n_predicted if n_predicted else 0.0
        recall = covered / n_gold if n_gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        row = {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4), "gold": n_gold,
               "predicted": n_predicted, "exact": exact}
        if kind == "all":
            out["all"] = row
        else:
            out["kinds"][kind] = row
    return out
