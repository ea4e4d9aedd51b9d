"""How `mohinh evaluate` scores the action slots against `corpora/slots.tsv`."""

from __future__ import annotations

import collections

from analyzer.corpus import load_corpus
from analyzer.learn.slots import load_slots, slot_metrics


def test_each_gold_slot_is_counted_once_and_exact_spans_are_a_part_of_them():
    docs = load_corpus("dev")
    ids = {d.id for d in docs}
    rows = collections.Counter(s.kind for s in load_slots() if s.doc_id in ids)
    report = slot_metrics(docs)
    # recall is over the annotated slots: a gold slot two predictions overlap ("Quý II" and "quý IV/2024"
    # in "Quý II và quý IV/2024") is one slot, not two
    assert {kind: m["gold"] for kind, m in report["kinds"].items() if m["gold"]} == dict(rows)
    for m in [*report["kinds"].values(), report["all"]]:
        assert 0 <= m["exact"] <= m["gold"] * m["recall"] + 1e-9
    assert report["all"]["gold"] == sum(rows.values())


def test_a_prediction_overlapping_two_gold_slots_counts_once_for_precision():
    doc = next(d for d in load_corpus("dev") if d.id == "h10_01")
    line = 41  # "Chi bộ tổ chức … cho 8/8 đảng viên và 3 quần chúng …" (corpora/slots.tsv)
    sentence = next(s for s in doc.sentences if s.line == line)
    from analyzer.learn.slots import GoldSlot

    whole = GoldSlot(doc.id, line, "quantity", sentence.text)  # one gold span over both counts
    report = slot_metrics([doc], [whole])
    quantity = report["kinds"]["quantity"]
    assert quantity["gold"] == 1 and quantity["recall"] == 1.0
    assert quantity["predicted"] >= 2 and quantity["precision"] == 1.0 and quantity["exact"] == 0
