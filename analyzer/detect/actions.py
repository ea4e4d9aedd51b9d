"""The slots of a measurable action: actor, quantity, date, frequency, deliverable.

Example:
    >>> from analyzer.detect.evidence import sentence_evidence
    >>> text = "Đ/c Trần Văn Cường phụ trách, tổ chức 4 buổi tọa đàm hằng quý, hoàn thành trước 30/11/2024."
    >>> [(kind, words) for kind, _, _, words in action_slots(text, sentence_evidence(text))]
    [('actor', 'Đ/c Trần Văn Cường'), ('quantity', '4 buổi'), ('frequency', 'hằng quý'), ('date', 'trước 30/11/2024')]
"""

from __future__ import annotations

from analyzer.detect.evidence import Evidence

SLOTS_VI = {"actor": "Người/đơn vị thực hiện", "quantity": "Số lượng, tỷ lệ", "date": "Thời hạn, thời điểm",
            "frequency": "Tần suất", "deliverable": "Sản phẩm cụ thể"}


def action_slots(text: str, evidence: Evidence) -> list[tuple[str, int, int, str]]:
    """(slot, start, end, words) for the verifiable elements of an action, without overlaps, in text order."""
    chosen: list[tuple[str, int, int, str]] = []
    for hit in sorted(evidence.slots, key=lambda h: (h.start, -(h.end - h.start))):
        if any(hit.start < e and s < hit.end for _, s, e, _ in chosen):
            continue
        chosen.append((hit.value, hit.start, hit.end, text[hit.start:hit.end].strip()))
    return chosen
