"""The slots of a measurable action: actor, activity, quantity, date, frequency, deliverable.

Quantity, date, frequency, deliverable and named persons come from the rule evidence; a figure
counting something no quantity rule names ("5 quần chúng", "7/7 thôn") is a quantity too. The
activity is a verb of ``rules/activities.yaml`` standing at the head of a clause (sentence
start, after a leading date or step label, after a comma, "và", a table cell border or the
actor), so "bài đọc" or "góc học tập" are not activities, nor is a verb made a noun ("việc làm",
"cuộc vận động"). A lead-in ("duy trì", "phân công", "đăng ký") gives way to the verb it leads to,
and is the activity itself when that verb heads no clause. The actor is the phrase between a
clause head (and any time or frequency opening the clause, "Từ tháng 5 đến tháng 11/2024") and its
activity when it starts with a unit, a role or a titled name ("cô Hà"), or the doer after "do",
with what he does ("do tổ chuyên môn biên soạn"); a partner ("phối hợp với Trạm Y tế") is not the
actor. A product noun of ``activities.yaml`` right after an activity and its count, or right after
any figure ("phát … 3 bản tin mỗi tháng"), is the deliverable, and may share words with the count
("12 bài đọc", "bài đọc song ngữ"); no other slots overlap. In a work-item table the task is the first cell that
is not a time, and the cells after it that name a unit or role, or a product ("Báo cáo sơ kết"),
are the actor and the deliverable.

How the slots compare with the annotated ones: ``mohinh evaluate`` (``corpora/slots.tsv``).

Example:
    >>> from analyzer.detect.evidence import sentence_evidence
    >>> text = "Đ/c Trần Văn Cường phụ trách, tổ chức 4 buổi tọa đàm hằng quý, hoàn thành trước 30/11/2024."
    >>> [(kind, words) for kind, _, _, words in action_slots(text, sentence_evidence(text))]
    [('actor', 'Đ/c Trần Văn Cường'), ('activity', 'phụ trách'), ('activity', 'tổ chức'), ('quantity', '4 buổi'), ('frequency', 'hằng quý'), ('date', 'trước 30/11/2024')]
    >>> text = "- Chi bộ tổ chức học tập chuyên đề năm 2024 cho 8/8 đảng viên trong tháng 3/2024."
    >>> [(kind, words) for kind, _, _, words in action_slots(text, sentence_evidence(text))]
    [('actor', 'Chi bộ'), ('activity', 'tổ chức'), ('quantity', '8/8 đảng viên'), ('date', 'trong tháng 3/2024')]
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from analyzer.detect.evidence import Evidence
from analyzer.detect.rules import Hit, fold, load_rules, match_rules
from analyzer.text.crf import known_word

SLOTS_VI = {"actor": "Người/đơn vị thực hiện", "activity": "Việc làm cụ thể", "quantity": "Số lượng, tỷ lệ",
            "date": "Thời hạn, thời điểm", "frequency": "Tần suất", "deliverable": "Sản phẩm cụ thể"}
MAX_ACTIVITIES = 3
_PREFIX_RE = re.compile(
    r"^\s*(?:[-+•*–]\s*|\d{1,2}(?:\.\d{1,2})*[.)]\s*|[a-zđ]\)\s*)?"
    r"(?:(?:Bước|Giai đoạn|Quý|Tháng|Từ tháng|Năm|Ngày|Đến ngày|Trước ngày|Trong)\b[^,:;|]{0,40}?[,:]\s*)?",
    re.IGNORECASE,
)
_CLAUSE_RE = re.compile(r"[,;:](?:\s+|(?=[^\W\d_]))")  # also "chung,Phó chủ tịch" (a space forgotten)
_WEAK_CLAUSE_RE = re.compile(r"\s(?:và|rồi|đồng thời|sau đó)\s+")
_LEAD_IN = frozenset({"đăng ký", "phấn đấu", "duy trì", "phân công", "giao", "dành", "tiếp tục", "phụ trách"})
# a verb made a noun by the word before it: "việc làm", "sự giúp đỡ", "cuộc vận động", "buổi sinh hoạt"
_NOMINAL_BEFORE = re.compile(r"\b(?:việc|công việc|sự|cuộc|buổi|kết quả|nội dung|hoạt động)\s+$", re.IGNORECASE)
_PERSON_SUFFIX = re.compile(r"\s+viên\b", re.IGNORECASE)
_NOT_ACTIVITY_AFTER = re.compile(r"^(?:\s+viên\b|\s+(?:trước|trong|chỉ tiêu|đúng|vượt)\b)", re.IGNORECASE)
_LOWER = "a-zàáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"
# words of duty between an actor and the verb ("Chi bộ trực tiếp chịu trách nhiệm tổ chức …")
_DUTY_WORDS = r"sẽ|phải|trực tiếp|thường xuyên|chủ động|tiếp tục|cùng|đã|được|chịu trách nhiệm|phụ trách|đăng ký|nhận"
_SKIP_RE = re.compile(
    rf"^(?:(?:{_DUTY_WORDS}|duy trì|phấn đấu|tôi|bản thân|đồng chí(?=\s+(?-i:[{_LOWER}]))|phối hợp với [^,;]{{1,40}}?(?=\s(?:để\s)?\w)|phối hợp)\s+)*",
    re.IGNORECASE,
)
_TRAILING_SKIP_RE = re.compile(rf"(?:\s+(?:{_DUTY_WORDS}|phối hợp với .*|phối hợp))+$", re.IGNORECASE)
_ACTOR_HEAD_RE = re.compile(
    r"^(?:(?:Mỗi|Các|Toàn thể|100%)\s+)?(?:(?:[Đđ]ồng chí|[Đđ]/[Cc])\s+)?(?:Chi bộ|Chi ủy|Chi uỷ|Đảng ủy|Đảng uỷ|"
    r"Ban\s|Bí thư|Phó Bí thư|Chủ tịch|Phó Chủ tịch|Giám đốc|Phó Giám đốc|Hiệu trưởng|Phó Hiệu trưởng|Trưởng|Phó|"
    r"Văn phòng|Bộ phận|Tổ|Hội|Đoàn|Chi đoàn|Chi hội|Công an|Trạm|Khoa|Phòng|UBND|Ủy ban|Uỷ ban|Mặt trận|Đội|Đồn|"
    r"Báo cáo viên|Cán bộ|Công chức|Giáo viên|Đảng viên|Hội viên|Đoàn viên|Thường trực|Chi cục|Xí nghiệp|Nhà trường|"
    r"Trường|Bệnh viện|Khối|Lãnh đạo|Người đứng đầu|ĐV|CB|CBCC|CBCS|CCVC|GV|GVCN|BCH|BTV|BGH|UBKT|MTTQ)",
    re.IGNORECASE,
)
# a person by name: "Đồng chí Puih Blơi", "Em H'Nhi Byă", "đ/c N.V.Tùng", "cô Hà" inside a sentence (the name
# starts with a capital)
_PERSON_HEAD_RE = re.compile(r"^(?:[Ee]m|[Ôô]ng|[Bb]à|[Tt]hầy|[Cc]ô|[Aa]nh|[Cc]hị|[Đđ]ồng chí|[Đđ]/[Cc])\s+(?=[^\W\d_])")
# the doer named after the action: "…, do đồng chí Bí thư chủ trì", "do chi hội trưởng thực hiện"
_BY_ACTOR_RE = re.compile(r"\bdo\s+", re.IGNORECASE)
# a target's subject, the measure it moves ("tỷ lệ …", "số vụ …", "thời gian …"), and the verbs that move it
_MEASURE_SUBJECT_RE = re.compile(r"(?:tỷ lệ|tỉ lệ|số|số lượng|thời gian|mức)\s", re.IGNORECASE)
_CHANGE_VERBS = frozenset(fold(w) for w in ("giảm", "tăng", "nâng", "rút ngắn"))
_CARRIES_OUT = frozenset(fold(w) for w in ("thực hiện", "đảm nhiệm", "làm"))
_BY_ACTOR_STOP_RE = re.compile(r"\s+(?:chủ trì|thực hiện|đảm nhiệm|phụ trách|trực tiếp|đến|tự)\b|[,;.]", re.IGNORECASE)
# a cell that only says when ("Tháng 6–7/2024", "Quý II và quý IV/2024", "Giai đoạn 1")
_TIME_CELL_RE = re.compile(
    r"^(?:(?:từ|đến|trước|sau|trong|cuối|đầu|giữa)\s+)?(?:tháng|quý|năm|ngày|tuần|giai đoạn|bước|đợt|học kỳ|qu[ýy] [IV]+)"
    r"\b[\w\s/–-]{0,40}$",
    re.IGNORECASE,
)
# a figure that counts people or things no quantity rule names ("8 quần chúng", "7/7 thôn", "3.000 câu hỏi"),
# unless a word before it makes it a label or a time ("tháng 4/2024", "lớp 9", "Điều 5") or a time follows
_COUNTED_RE = re.compile(
    r"(?:\b(?:ít nhất|tối thiểu|tối đa|trên|dưới|gần|khoảng|hơn)\s+)?(?<![\w/.,–-])(?P<figure>\d+(?:\.\d{3})*(?:/\d+)?)"
    r"\s+(?!(?:giờ|phút|ngày|tháng|năm|quý|tuần|lần|giai đoạn)\b)(?P<noun>[^\W\d_]+(?:\s+[^\W\d_]+)?)",
    re.IGNORECASE,
)
_NOT_COUNT_BEFORE = re.compile(
    r"(?:ngày|tháng|năm|quý|số|lớp|khóa|khoá|kỳ|đợt|lần|điều|khoản|tổ|thôn|ấp|khu|phòng|giai đoạn|bước|tầng|quận|phường|"
    r"tuyến|đường|khối|chương|bài|mục|phần|nhóm|đội|trạm|xã|cấp|mức|hạng|loại|độ|vòng|lượt|nhà|lô|thứ|tuổi|mẫu|"
    r"quyết định|nghị quyết|kế hoạch|chỉ thị|thông tư|nghị định|công văn|văn bản)\s*"
    r"(?:\d{1,2}\s*(?:,|và|–|-)\s*)*$",  # and the later numbers of a list of them ("khối 2, 3", "lớp 6, 7 và 8")
    re.IGNORECASE,
)
_NOT_NOUN = frozenset({"để", "cho", "của", "và", "trong", "tại", "ở", "về", "với", "từ", "đến", "theo", "trước", "sau", "mỗi",
                       "được", "đã", "sẽ", "là", "có", "trở", "lên", "xuống", "còn", "so", "đạt", "bị", "phải",
                       "không", "chưa", "đều", "cùng", "tham", "phụ", "thực", "tự",
                       "tuổi"})  # an age describes a person ("52 tuổi"), it counts nothing


def _counted(text: str, verbs: Sequence[int] = ()) -> list[tuple[str, int, int, str]]:
    """Quantities no rule names: a figure and the one or two words of the noun it counts (one when the
    second starts a verb: "7/7 thôn đạt …", "7 CBCS phụ trách …"; ``verbs`` are the activity starts)."""
    found = []
    for m in _COUNTED_RE.finditer(text):
        if _NOT_COUNT_BEFORE.search(text[max(0, m.start("figure") - 30):m.start("figure")]):
            continue
        words = m.group("noun").split()
        if words[0].lower() in _NOT_NOUN:
            continue
        second = m.start("noun") + len(words[0]) + 1
        if len(words) > 1 and (words[1].lower() in _NOT_NOUN or words[1][0].isupper() or second in verbs):
            words = words[:1]
        end = m.start("noun") + len(" ".join(words))
        found.append(("quantity", m.start(), end, text[m.start():end]))
    return found


# working with a partner before the verb ("phối hợp với Trạm Y tế", "cùng Chi đoàn")
_PARTNER_RE = re.compile(r"(?:^|(?<=\s))(?:phối hợp|cùng|kết hợp)(?:\s+với)?\s+[^,;]{1,60}$", re.IGNORECASE)
# between an activity and its product: the count ("soạn 12 bài đọc", "hoàn thành ngân hàng 3.000 câu hỏi" is a noun)
_COUNT_GAP_RE = re.compile(r"\s+(?:(?:ít nhất|tối thiểu|khoảng|gần|trên)\s+)?(?:\d+(?:[.,]\d+)*(?:/\d+)?\s+|(?:một|các|mỗi|những)\s+)?")
# a figure a product noun may follow ("2 bản tin", "ít nhất 10 video bài giảng"), not a date's ("15/4 báo cáo")
_FIGURE_BEFORE_RE = re.compile(r"(?<![\w/.,–-])\d+(?:\.\d{3})*\s+")
# the words describing a product, up to a preposition, a figure or punctuation (at most five)
# (or a relative clause, "còn thiếu", or a qualifier, "dưới 5 điểm")
_AFTER_PRODUCT = (r"(?:cho|để|tại|trong|trước|sau|vào|về|với|từ|đến|theo|ở|của|và|hoặc|gửi|qua|lên|trên|dưới|mỗi|hằng|"
                  r"hàng|đúng|khi|nhằm|do|được|đã|sẽ|còn)")
_PRODUCT_TAIL_RE = re.compile(rf"(?:\s+(?!{_AFTER_PRODUCT}\b)[^\W\d_][\w’'-]*){{0,5}}")
_FUNCTION_WORD_RE = re.compile(rf"\s+{_AFTER_PRODUCT}\b", re.IGNORECASE)
# the verb of a phrase the cut leaves behind ("bản thu hoạch gắn | với nhiệm vụ")
_LINK_WORD_RE = re.compile(r"(?:\s+(?:gắn|gắn liền|liên hệ|kết hợp|phù hợp|đi kèm))+$", re.IGNORECASE)
# a product may share words with the count of it: "12 bài đọc" (quantity) and "bài đọc song ngữ" (deliverable)
_MAY_OVERLAP = frozenset({"quantity", "deliverable"})

# The words next to a slot that belong to it by the slot guidelines (corpora/README.md, "Action slots"), so
# the appraiser reads the whole evidence: a date's preposition and the start of its range or list ("từ tháng 4
# đến tháng 12/2024", "T6–T8/2024", "Quý II và quý IV/2024"), a quantity's qualifier ("ít nhất 20 trong số 29
# người", "từ 99,7% trở lên"), a frequency's weekdays, time of day and qualifier ("buổi tối thứ Ba và thứ Năm
# hằng tuần", "ít nhất 1 lần/tháng", "cuối mỗi tháng"), the honorific before a named person ("Đồng chí Danh Sà
# Ren"). Each is read in the text just before (or after) the slot; a date's activity ("hoàn thành trước …")
# is not part of it.
_WHEN = r"(?:(?i:tháng|quý|ngày)\s*(?:\d{1,2}|[IVXivx]+)(?:/\d{1,2})?|[TQ]\s?(?:\d{1,2}|[IVX]+)|\d{1,2}/\d{1,2}(?:/\d{4})?)"
_WEEKDAY = r"(?i:(?:(?:buổi\s+)?(?:sáng|chiều|tối|trưa|đêm)\s+)?(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ nhật))"
_GROW_LEFT: dict[str, tuple[re.Pattern[str], ...]] = {
    "date": (re.compile(rf"(?<!\w){_WHEN}\s*(?:,|(?i:và|đến|tới)|–|-)\s*$"),
             re.compile(r"(?<!\w)(?i:cuối|đầu|giữa)\s+$"),
             re.compile(r"(?<!\w)(?i:(?:từ|trong|trước|sau|đến|tới|hết|ngày|dịp|chậm nhất)\s+){1,2}$")),
    "quantity": (re.compile(r"(?<![\w/.,])\d+(?:[.,]\d+)*\s+(?i:trong số)\s+$"),
                 re.compile(r"(?<!\w)(?i:ít nhất|tối thiểu|tối đa|không quá|không dưới|trên|dưới|gần|khoảng|hơn|từ)\s+$")),
    "frequency": (re.compile(rf"(?<!\w){_WEEKDAY}\s*(?:,|(?i:và))\s*$"),
                  re.compile(r"(?<!\w)(?i:buổi)\s+$"),
                  re.compile(r"(?<!\w)(?i:ít nhất|tối thiểu|tối đa|không quá|cuối|đầu|giữa|sau|trước)\s+$")),
    "actor": (re.compile(r"(?<!\w)(?:[Đđ]ồng chí|[Đđ]/[Cc]|[Ôô]ng|[Bb]à|[Aa]nh|[Cc]hị|[Ee]m|[Tt]hầy|[Cc]ô|"
                         r"(?:[Đđ]ại|[Tt]hượng|[Tt]rung|[Tt]hiếu)\s+(?:úy|uý|tá))\s+$"),),
}
# what may follow each left context: "cuối" only a month, quarter or year ("cuối tháng 6/2024", not "cuối
# 10/5/2024"), "buổi" only a time of day, a qualifier only a figure or a "mỗi/hằng" period, an honorific only
# a capitalised name
_GROWS_ONTO: dict[tuple[str, int], re.Pattern[str]] = {
    ("date", 1): re.compile(r"(?i:tháng|quý|năm|học kỳ|tuần)\b"),
    ("frequency", 1): re.compile(r"(?i:sáng|chiều|tối|trưa|đêm)\b"),
    ("frequency", 2): re.compile(r"(?:\d|(?i:một|mỗi|hằng|hàng|từng)\b)"),
    ("actor", 0): re.compile(rf"[^\W\d_{_LOWER}]"),
}
_GROW_WINDOW = 40  # characters before a slot its left context is read in (each item of a list in turn)
_GROW_RIGHT = {"quantity": re.compile(r"\s+(?i:trở lên|trở xuống)(?!\w)")}
_DATE_ACTIVITY = re.compile(r"(?i:hoàn thành)\s+(?=\S)")
# the rest of a word a span stops inside ("6 kỹ thuật|viên", "danh sách đề xuất hỗ|trợ"): letters in lower
# case only, at most two more syllables (a segmenter's word that runs into a name or a table border is not one)
_WORD_REST = re.compile(r"[^\W_]*(?: [^\W\d_]+){0,2}")


class _Words:
    """The segmenter's words of a sentence as character spans, to end a slot where a word ends."""

    def __init__(self, text: str, words: Sequence[str]) -> None:
        self.text = text
        self.starts: list[int] = []
        self.stops: list[int] = []
        cursor = 0
        for word in words:
            at = text.find(word, cursor)
            if at < 0 or not word.strip():
                continue
            cursor = at + len(word)
            self.starts.append(at)
            self.stops.append(cursor)

    def end(self, position: int, *, known: bool = False) -> int:
        """``position``, or the end of the word it falls inside when the rest of that word is plain syllables
        (and, if ``known``, the word is in the segmenter's dictionary: "Thường trực", not "Hiền nhận")."""
        i = bisect.bisect_left(self.starts, position) - 1  # the last word that starts before it
        if i < 0 or position >= self.stops[i]:
            return position
        rest = self.text[position:self.stops[i]]
        if rest != rest.lower() or not _WORD_REST.fullmatch(rest) \
                or (known and not known_word(self.text[self.starts[i]:self.stops[i]])):
            return position
        return self.stops[i]


def _grown(text: str, slot: tuple[str, int, int, str], others: Sequence[tuple[str, int, int, str]],
           whole: _Words | None = None) -> tuple[str, int, int, str]:
    """The slot with the words around it that belong to it (see ``_GROW_LEFT``), never into another slot; an
    actor also to the end of a dictionary word it stops inside ("Đồng chí Phó Bí thư Thường trực")."""
    kind, start, end = slot[0], slot[1], slot[2]
    if kind == "date":
        verb = _DATE_ACTIVITY.match(text, start, end)
        start = verb.end() if verb else start
    # another kind's slot stops it (a count and its product may share words); one of its own kind it may
    # cover, and that one is then dropped (``action_slots``)
    taken = [(s, e) for k, s, e, _ in others if k != kind and {k, kind} != _MAY_OVERLAP]
    for step, pattern in enumerate(_GROW_LEFT.get(kind, ())):
        onto = _GROWS_ONTO.get((kind, step))
        for _ in range(4):  # a list ("tháng 3, tháng 4 và tháng 5/2024") grows one item at a time
            m = pattern.search(text, max(0, start - _GROW_WINDOW), start)
            if m is None or (onto is not None and not onto.match(text, start)) \
                    or any(s < start and m.start() < e for s, e in taken):
                break
            start = m.start()
    right = _GROW_RIGHT.get(kind)
    tail = right.match(text, end) if right else None
    if tail and not any(s < tail.end() and end < e for s, e in taken):
        end = tail.end()
    if kind == "actor" and whole is not None:
        word_end = whole.end(end, known=True)
        if not any(s < word_end and end < e for s, e in taken):
            end = word_end
    return (kind, start, end, text[start:end])


def _word_end(match: re.Match[str] | None, text: str) -> bool:
    """The match ends a word ("Tổ" in "Tổ công tác", not in "Tổng kết")."""
    return match is not None and (match.end() == len(text) or not text[match.end() - 1].isalpha()
                                  or not text[match.end()].isalpha())


def starts_with_actor(phrase: str) -> bool:
    """The phrase opens with a unit, a role or a person named with a title ("Chi uỷ", "Đồng chí Puih Blơi").

    >>> [starts_with_actor(p) for p in ("Chi uỷ", "Tổng kết mô hình", "Em H'Nhi Byă", "em học sinh")]
    [True, False, True, False]
    """
    person = _PERSON_HEAD_RE.match(phrase)
    if person is not None and phrase[person.end()].isupper():
        return True
    return _word_end(_ACTOR_HEAD_RE.match(phrase), phrase)


def _cells(text: str) -> list[tuple[int, str]]:
    """(offset, text) of each cell of a table row."""
    out, offset = [], 0
    for cell in text.split(" | "):
        out.append((offset, cell))
        offset += len(cell) + 3
    return out


def _table_slots(text: str, task_end: int, products: Sequence[Hit]) -> list[tuple[str, int, int, str]]:
    """Actors and products named in the cells after a table row's task cell ("| Chi uỷ, Ban đại diện cha mẹ
    học sinh |", "| Biên bản đánh giá |", "| Tổ công tác số 2 |"); a cell with a date, a share or a leading
    figure is a time, target or count, not a name."""
    found = []
    for offset, cell in _cells(text):
        words = cell.strip()
        if offset < task_end or not words or words[0].isdigit() or re.search(r"\d\s*[/%]", words):
            continue
        lead = offset + len(cell) - len(cell.lstrip())
        if any(h.start == lead for h in products):  # the "Sản phẩm" column
            found.append(("deliverable", lead, lead + len(words), words))
            continue
        for part in re.finditer(r"[^,;]+", words):
            phrase = part.group().strip()
            if phrase and starts_with_actor(phrase) and len(phrase.split()) <= 8:
                start = lead + part.start() + len(part.group()) - len(part.group().lstrip())
                found.append(("actor", start, start + len(phrase), phrase))
    return found


def _product_after(text: str, verb_end: int, products: Sequence[Hit]) -> tuple[str, int, int, str] | None:
    """The product an activity verb makes: a product noun right after it or after its count ("dán 120 tờ rơi
    cảnh báo tín dụng đen"), with the words that describe it up to a preposition or punctuation."""
    gap = _COUNT_GAP_RE.match(text, verb_end)
    at = gap.end() if gap else verb_end
    noun = max((h for h in products if h.start == at), key=lambda h: h.end - h.start, default=None)
    if noun is None:
        return None
    tail = _PRODUCT_TAIL_RE.match(text, noun.end)
    end = tail.end() if tail else noun.end
    return ("deliverable", noun.start, end, text[noun.start:end])


def _clause_heads(text: str) -> tuple[list[int], list[int]]:
    """Strong heads (sentence start, punctuation; an actor may precede the verb) and weak ones ("và")."""
    if " | " in text:  # a table row: the task is the first cell with words that is not a time
        cells = [(offset, cell) for offset, cell in _cells(text) if any(c.isalpha() for c in cell)]
        tasks = [(offset, cell) for offset, cell in cells if not _TIME_CELL_RE.match(cell.strip())] or cells
        if tasks:  # the clauses of the task cell ("Tổng kết mô hình, biểu dương cá nhân điển hình")
            offset, cell = tasks[0]
            start, end = offset + len(cell) - len(cell.lstrip()), offset + len(cell)
            return ([start] + [m.end() for m in _CLAUSE_RE.finditer(text, start, end)],
                    [m.end() for m in _WEAK_CLAUSE_RE.finditer(text, start, end)])
    prefix = _PREFIX_RE.match(text)
    heads = [prefix.end() if prefix else 0]
    heads += [m.end() for m in _CLAUSE_RE.finditer(text)]
    return sorted(set(heads)), [m.end() for m in _WEAK_CLAUSE_RE.finditer(text)]


def action_slots(text: str, evidence: Evidence, words: Sequence[str] = ()) -> list[tuple[str, int, int, str]]:
    """(slot, start, end, words) for the slots of an action sentence, without overlaps, in text order.

    ``words`` (the segmenter's words of the sentence) let a count, a product or a verb end where its word
    ends ("6 kỹ thuật viên", not "6 kỹ thuật"), and drop a count whose unit is the first syllable of an
    activity ("khối 2, 3 tổ chức thi" counts no "3 tổ").
    """
    chosen: list[tuple[str, int, int, str]] = []
    whole = _Words(text, words)
    # activity verbs and product nouns: matched here, for action sentences only (the model does not read them)
    lexical = match_rules(load_rules("activities"), text, fold(text))
    verb_words = {(h.start, whole.end(h.end)) for h in lexical if h.value == "activity"}
    # a product noun that a person's suffix ends ("27 báo cáo viên") names people, not a product
    products = [h for h in lexical if h.value == "deliverable" and not _PERSON_SUFFIX.match(text, h.end)]

    def free(s: int, e: int, kind: str = "") -> bool:
        return not any(s < ce and cs < e and {kind, other} != _MAY_OVERLAP for other, cs, ce, _ in chosen)

    for hit in sorted(evidence.slots, key=lambda h: (h.start, -(h.end - h.start))):
        end = hit.end
        if hit.value == "deliverable":  # "báo cáo cho các trưởng thôn" → "báo cáo"
            end = _product_end(text, hit.start, hit.end, products, whole)
        if hit.value in ("quantity", "deliverable"):
            end = whole.end(end)
            if hit.value == "quantity" and _splits_a_verb(text, hit.start, end, verb_words):
                continue
        # a unit's word that opens an activity verb is the verb ("Tổ chức cho các hộ …" names no "Tổ")
        if hit.value == "actor" and any(s == hit.start and " " in text[s:e] for s, e in verb_words):
            continue
        if free(hit.start, end, hit.value):
            chosen.append((hit.value, hit.start, end, text[hit.start:end].strip()))
    verbs = [h.start for h in lexical if h.value == "activity"]
    for kind, start, end, _ in _counted(text, verbs):
        end = whole.end(end)
        if not _splits_a_verb(text, start, end, verb_words) and free(start, end, kind):
            chosen.append((kind, start, end, text[start:end]))
    heads, weak = _clause_heads(text)
    limit = len(text)
    if " | " in text:
        limit = text.find(" | ", heads[0]) if text.find(" | ", heads[0]) >= 0 else len(text)
    activities = sorted((h for h in lexical if h.value == "activity" and h.start < limit
                         and not _NOT_ACTIVITY_AFTER.match(text[h.end:])
                         and not _NOMINAL_BEFORE.search(text, max(0, h.start - 20), h.start)), key=lambda h: h.start)

    def verb(hit: Hit) -> tuple[str, int, int, str]:
        """The activity slot of a verb: a word of the dictionary ("trao đổi", "chấm dứt"), not the verb and
        its object the segmenter joined ("soạn bộ", "ghi sổ")."""
        verb_end = whole.end(hit.end, known=True)
        if any(hit.end < h.start < verb_end for h in products):
            verb_end = hit.end
        return ("activity", hit.start, verb_end, text[hit.start:verb_end])

    def take(hit: Hit) -> bool:
        """Choose ``hit`` as an activity (and the actor before it) if it heads its clause."""
        actor_ends = [e for kind, _, e, _ in chosen if kind == "actor" and e <= hit.start]
        anchor = max([h for h in heads + weak if h <= hit.start] + actor_ends, default=0)
        if any(kind == "activity" and anchor <= cs < hit.start for kind, cs, _, _ in chosen):
            return False
        at_head = anchor in heads and anchor not in actor_ends
        between = text[anchor:hit.start]
        lead = len(between) - len(between.lstrip(" ,:"))
        body = between.strip(" ,:")
        for slot in chosen:  # a time or frequency opening the clause: "Mỗi quý tôi tổ chức …", "từ tháng 4 đến …"
            kind, cs, ce = slot[:3]
            if kind in ("frequency", "date") and ce <= hit.start and anchor + lead in (cs, _grown(text, slot, chosen)[1]):
                lead = ce - anchor + len(text[ce:hit.start]) - len(text[ce:hit.start].lstrip(" ,:"))
                body = text[anchor + lead:hit.start].strip(" ,:")
                break
        partner = _PARTNER_RE.search(body)  # "(Chi bộ) phối hợp với Trạm Y tế xã tổ chức …": the partner is not the actor
        core = body[:partner.start()].strip() if partner else body
        rest = core[min(_SKIP_RE.match(core + " ").end(), len(core)):] if core else ""
        # the measure a target moves ("tỷ lệ nợ quá hạn … giảm xuống dưới 0,5%") is no actor, and the verb stands
        moves = bool(_MEASURE_SUBJECT_RE.match(rest)) and fold(hit.evidence) in _CHANGE_VERBS
        if rest.strip() and not moves:
            if not at_head or not starts_with_actor(core) or len(core.split()) > 8:
                return False
            phrase = _TRAILING_SKIP_RE.sub("", core).strip(" ,")
            start = anchor + lead
            earlier = max((h for h in heads if h < anchor), default=None)
            if earlier is not None and text[anchor - 2:anchor] == ", " and starts_with_actor(text[earlier:anchor - 2]) \
                    and len(text[earlier:anchor].split()) <= 8 and not any(earlier <= a.start < anchor for a in activities):
                start, phrase = earlier, text[earlier:start + len(phrase)]  # one person with two titles
            if phrase and free(start, start + len(phrase)):
                chosen.append(("actor", start, start + len(phrase), phrase))
        chosen.append(verb(hit))
        return True

    n = 0
    waived: dict[int, Hit] = {}  # a lead-in skipped, by the start of the verb it gave way to
    for i, hit in enumerate(activities):
        if n >= MAX_ACTIVITIES or not free(hit.start, hit.end):
            continue
        # a lead-in ("giao", "phụ trách") gives way to the verb it leads to, not to one inside a count or a
        # product ("phụ trách 6 lớp học bù": "học bù" is in "6 lớp học"), and takes its place if that verb
        # heads no clause ("duy trì 15 phút đọc sách": a count stands between)
        following = next((a for a in activities[i + 1:] if free(a.start, a.end)), None)
        if hit.evidence.lower() in _LEAD_IN and following is not None and \
                len(text[hit.end:following.start].split()) <= 8 and not _CLAUSE_RE.search(text[hit.end:following.start]):
            waived[following.start] = hit
            continue
        if take(hit):
            n += 1
            continue
        lead_in = waived.get(hit.start)  # the lead-ins that gave way to it, nearest first ("phân công … phụ trách …")
        while lead_in is not None and not take(lead_in):
            lead_in = waived.get(lead_in.start)
        n += lead_in is not None
    # what an activity makes, and what a figure counts when it is a product ("phát … 2 bản tin mỗi tháng")
    starts = {h.start for h in products}
    counted = [m.end() for m in _FIGURE_BEFORE_RE.finditer(text) if m.end() in starts]
    for after in [end for kind, _, end, _ in chosen if kind == "activity"] + counted:
        product = _product_after(text, after, products)
        if product:
            end = whole.end(product[2])
            product = ("deliverable", product[1], end, text[product[1]:end])
        if product and free(product[1], product[2], "deliverable"):
            chosen.append(product)
    for m in _BY_ACTOR_RE.finditer(text):  # "…, do đồng chí Bí thư chủ trì"
        stop = min((a.start for a in activities if a.start > m.end()), default=len(text))
        phrase = _TRAILING_SKIP_RE.sub("", _BY_ACTOR_STOP_RE.split(text[m.end():stop], maxsplit=1)[0]).strip(" ,.")
        if phrase and starts_with_actor(phrase) and len(phrase.split()) <= 8 and free(m.end(), m.end() + len(phrase)):
            chosen.append(("actor", m.end(), m.end() + len(phrase), phrase))
            # and what the doer does, unless it only says that he does it ("do chi hội trưởng thực hiện")
            does = next((a for a in activities if a.start == stop), None)
            if does is not None and n < MAX_ACTIVITIES and fold(does.evidence) not in _CARRIES_OUT \
                    and len(text[m.end() + len(phrase):stop].split()) <= 2 and free(does.start, does.end):
                chosen.append(verb(does))
                n += 1
    if " | " in text:
        chosen += [slot for slot in _table_slots(text, limit, products) if free(slot[1], slot[2], slot[0])]
    grown = list(chosen)
    for i, slot in enumerate(grown):  # one after another, so two slots never grow into each other
        grown[i] = _grown(text, slot, grown, whole)
    # a slot a grown one of its kind now covers ("Quý II" in "Quý II và quý IV/2024") is that one
    kept = [g for g in grown if not any(o is not g and o[0] == g[0] and o[1] <= g[1] and g[2] <= o[2]
                                        and (o[1], o[2]) != (g[1], g[2]) for o in grown)]
    return sorted(dict.fromkeys(_stripped(slot) for slot in kept), key=lambda c: c[1])


def _product_end(text: str, start: int, end: int, products: Sequence[Hit], whole: _Words) -> int:
    """Where a product the deliverable rule found ends: before the first preposition, relative clause or
    qualifier after its noun ("sổ theo dõi" is a noun: the cut is looked for after the product noun of
    ``activities.yaml`` that starts it, and never inside a word of the segmenter)."""
    noun_end = max((h.end for h in products if h.start == start), default=start + 1)
    for m in _FUNCTION_WORD_RE.finditer(text, noun_end, end):
        cut = m.end()
        if whole.end(cut) == cut:
            link = _LINK_WORD_RE.search(text, noun_end, m.start())
            return link.start() if link else m.start()
    return end


def _splits_a_verb(text: str, start: int, end: int, verb_words: set[tuple[int, int]]) -> bool:
    """A count whose unit, completed to its word, is an activity verb ("3 tổ chức thi": no "3 tổ")."""
    return any(e == end and start < s and " " in text[s:e] and text[start:s].rstrip()[-1:].isdigit()
               for s, e in verb_words)


def _stripped(slot: tuple[str, int, int, str]) -> tuple[str, int, int, str]:
    """The slot without the spaces at its edges (" thứ Sáu hằng tuần" → "thứ Sáu hằng tuần")."""
    kind, start, end, words = slot
    lead = len(words) - len(words.lstrip())
    trail = len(words) - len(words.rstrip())
    return (kind, start + lead, end - trail, words.strip())
