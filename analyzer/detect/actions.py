"""The slots of a measurable action: actor, activity, quantity, date, frequency, deliverable.

Quantity, date, frequency, deliverable and named persons come from the rule evidence. The
activity is a verb of ``rules/activities.yaml`` standing at the head of a clause (sentence
start, after a leading date or step label, after a comma, "và", a table cell border or the
actor), so "bài đọc" or "góc học tập" are not activities. The actor is the phrase between a
clause head and its activity when it starts with a unit or role word.

Example:
    >>> from analyzer.detect.evidence import sentence_evidence
    >>> text = "Đ/c Trần Văn Cường phụ trách, tổ chức 4 buổi tọa đàm hằng quý, hoàn thành trước 30/11/2024."
    >>> [(kind, words) for kind, _, _, words in action_slots(text, sentence_evidence(text))]
    [('actor', 'Trần Văn Cường'), ('activity', 'tổ chức'), ('quantity', '4 buổi'), ('frequency', 'hằng quý'), ('date', 'trước 30/11/2024')]
    >>> text = "- Chi bộ tổ chức học tập chuyên đề năm 2024 cho 8/8 đảng viên trong tháng 3/2024."
    >>> [(kind, words) for kind, _, _, words in action_slots(text, sentence_evidence(text))]
    [('actor', 'Chi bộ'), ('activity', 'tổ chức'), ('quantity', '8/8 đảng viên'), ('date', 'trong tháng 3/2024')]
"""

from __future__ import annotations

import re

from analyzer.detect.evidence import Evidence

SLOTS_VI = {"actor": "Người/đơn vị thực hiện", "activity": "Việc làm cụ thể", "quantity": "Số lượng, tỷ lệ",
            "date": "Thời hạn, thời điểm", "frequency": "Tần suất", "deliverable": "Sản phẩm cụ thể"}
MAX_ACTIVITIES = 3
_PREFIX_RE = re.compile(
    r"^\s*(?:[-+•*–]\s*|\d{1,2}(?:\.\d{1,2})*[.)]\s*|[a-zđ]\)\s*)?"
    r"(?:(?:Bước|Giai đoạn|Quý|Tháng|Từ tháng|Năm|Ngày|Đến ngày|Trước ngày|Trong)\b[^,:;|]{0,40}?[,:]\s*)?",
    re.IGNORECASE,
)
_CLAUSE_RE = re.compile(r"[,;:]\s+")
_WEAK_CLAUSE_RE = re.compile(r"\s(?:và|rồi|đồng thời|sau đó)\s+")
_LEAD_IN = frozenset({"đăng ký", "phấn đấu", "duy trì", "phân công", "giao", "dành", "tiếp tục"})
_NOT_ACTIVITY_AFTER = re.compile(r"^(?:\s+viên\b|\s+(?:trước|trong|chỉ tiêu|đúng|vượt)\b)", re.IGNORECASE)
_SKIP_RE = re.compile(
    r"^(?:(?:sẽ|phải|trực tiếp|thường xuyên|chủ động|tiếp tục|cùng|đã|được|chịu trách nhiệm|phụ trách|đăng ký|"
    r"phối hợp với [^,;]{1,40}?(?=\s(?:để\s)?\w)|phối hợp)\s+)*",
    re.IGNORECASE,
)
_TRAILING_SKIP_RE = re.compile(
    r"(?:\s+(?:sẽ|phải|trực tiếp|thường xuyên|chủ động|tiếp tục|cùng|đã|được|chịu trách nhiệm|phụ trách|đăng ký|"
    r"phối hợp với .*|phối hợp))+$",
    re.IGNORECASE,
)
_ACTOR_HEAD_RE = re.compile(
    r"^(?:(?:Mỗi|Các|Toàn thể|100%)\s+)?(?:(?:[Đđ]ồng chí|[Đđ]/[Cc])\s+)?(?:Chi bộ|Chi ủy|Chi uỷ|Đảng ủy|Đảng uỷ|"
    r"Ban\s|Bí thư|Phó Bí thư|Chủ tịch|Phó Chủ tịch|Giám đốc|Phó Giám đốc|Hiệu trưởng|Phó Hiệu trưởng|Trưởng|Phó|"
    r"Văn phòng|Bộ phận|Tổ|Hội|Đoàn|Chi đoàn|Chi hội|Công an|Trạm|Khoa|Phòng|UBND|Ủy ban|Uỷ ban|Mặt trận|Đội|Đồn|"
    r"Báo cáo viên|Cán bộ|Công chức|Giáo viên|Đảng viên|Hội viên|Đoàn viên|Thường trực|Chi cục|Xí nghiệp|Nhà trường|"
    r"Trường|Bệnh viện|Khối|Lãnh đạo|Người đứng đầu)",
    re.IGNORECASE,
)


def _clause_heads(text: str) -> tuple[list[int], list[int]]:
    """Strong heads (sentence start, punctuation; an actor may precede the verb) and weak ones ("và")."""
    if " | " in text:  # a table row: the task is the first cell with words
        offset = 0
        for cell in text.split(" | "):
            if any(c.isalpha() for c in cell):
                return [offset], []
            offset += len(cell) + 3
    prefix = _PREFIX_RE.match(text)
    heads = [prefix.end() if prefix else 0]
    heads += [m.end() for m in _CLAUSE_RE.finditer(text)]
    return sorted(set(heads)), [m.end() for m in _WEAK_CLAUSE_RE.finditer(text)]


def action_slots(text: str, evidence: Evidence) -> list[tuple[str, int, int, str]]:
    """(slot, start, end, words) for the slots of an action sentence, without overlaps, in text order."""
    chosen: list[tuple[str, int, int, str]] = []

    def free(s: int, e: int) -> bool:
        return not any(s < ce and cs < e for _, cs, ce, _ in chosen)

    for hit in sorted(evidence.slots, key=lambda h: (h.start, -(h.end - h.start))):
        if free(hit.start, hit.end):
            chosen.append((hit.value, hit.start, hit.end, text[hit.start:hit.end].strip()))
    heads, weak = _clause_heads(text)
    limit = len(text)
    if " | " in text:
        limit = text.find(" | ", heads[0]) if text.find(" | ", heads[0]) >= 0 else len(text)
    activities = sorted((h for h in evidence.activities if h.start < limit
                         and not _NOT_ACTIVITY_AFTER.match(text[h.end:])), key=lambda h: h.start)
    n = 0
    for i, hit in enumerate(activities):
        if n >= MAX_ACTIVITIES or not free(hit.start, hit.end):
            continue
        following = activities[i + 1] if i + 1 < len(activities) else None
        if hit.evidence.lower() in _LEAD_IN and following is not None and \
                len(text[hit.end:following.start].split()) <= 8 and not _CLAUSE_RE.search(text[hit.end:following.start]):
            continue
        actor_ends = [e for kind, _, e, _ in chosen if kind == "actor" and e <= hit.start]
        anchor = max([h for h in heads + weak if h <= hit.start] + actor_ends, default=0)
        if any(kind == "activity" and anchor <= cs < hit.start for kind, cs, _, _ in chosen):
            continue
        between = text[anchor:hit.start]
        lead = len(between) - len(between.lstrip())
        body = between.strip()
        rest = body[_SKIP_RE.match(body).end():] if body else ""
        if rest.strip():
            if anchor not in heads or anchor in actor_ends or not _ACTOR_HEAD_RE.match(body) or len(body.split()) > 8:
                continue
            phrase = _TRAILING_SKIP_RE.sub("", body).strip(" ,")
            if phrase and free(anchor + lead, anchor + lead + len(phrase)):
                chosen.append(("actor", anchor + lead, anchor + lead + len(phrase), phrase))
        chosen.append(("activity", hit.start, hit.end, text[hit.start:hit.end]))
        n += 1
    return sorted(chosen, key=lambda c: c[1])
