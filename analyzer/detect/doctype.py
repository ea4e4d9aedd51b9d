"""What kind of document a submission is: a model registration, or a file that is not one at all.

A batch folder often holds files that are not registrations: a meeting minute, an invitation, a decision, a
resolution, a news article pasted from a website. The corpus guidelines grade such a document 1 ("Không đạt",
corpora/README.md), and the appraiser must see why, so :func:`not_a_registration` reads the evidence a
person would, from the rules of ``analyzer/rules/doctypes.yaml``:

* the title line: the first of the document's first lines that names a kind of document. "BIÊN BẢN",
  "GIẤY MỜI", "QUYẾT ĐỊNH", "NGHỊ QUYẾT", "CÔNG VĂN", "TỜ TRÌNH" … are another kind — unless a
  registration's own title ("BẢN ĐĂNG KÝ", "KẾ HOẠCH", "BÁO CÁO") stands on a line of its own further
  down (a covering letter with its registration attached). "ĐĂNG KÝ", "KẾ HOẠCH", "BÁO CÁO", "CAM KẾT"
  and their typos ("ĐĂNG KÍ", "KẾ HOẶCH") are a registration's, and are never flagged. A title is read in
  capitals anywhere among the first lines, and in lower case ("Biên bản họp chi bộ tháng 3/2024", "Giấy
  mời") only on a title's line: the first line after the header (issuing body, motto, number, place and
  date), short, on its own, with no full stop or colon — never a sentence of the body ("Thông báo kết quả
  cho chi bộ.");
* an official letter's subject line in the header ("V/v tổ chức hội nghị sơ kết …") with no title, no
  registration's title on a line of its own and no registration signal (below): a công văn;
* without a recognised title, the absence of every registration signal (the model's name, the unit's own
  registration or commitment, a heading of a pillar, concrete actions under the pillars) together with
  three features of another kind: of a minute ("Thời gian: 19 giờ 30", "Địa điểm:", "Thành phần",
  "Chủ trì", "Thư ký", "Cuộc họp kết thúc") or, with no header at all, of a news article (a speaker's
  words reported, "Dự hội nghị có …", "Theo báo cáo …", "Dịp này …", a byline).

Example:
    >>> from analyzer.text.sentences import split_sentences
    >>> from analyzer.text.structure import analyze_layout
    >>> text = "CHI BỘ ẤP 3\\nGIẤY MỜI\\nKính mời đồng chí dự họp chi bộ lúc 19 giờ ngày 5/3/2024."
    >>> verdict = not_a_registration(text, analyze_layout(text, split_sentences(text)), ())
    >>> verdict.kind, verdict.title
    ('invitation', 'GIẤY MỜI')
    >>> verdict.reason.startswith("Không phải bản đăng ký mô hình: tiêu đề «GIẤY MỜI»")
    True
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from analyzer.detect.evidence import section_roles
from analyzer.detect.rules import Hit, Rule, load_rules, match_rules
from analyzer.labels import PILLARS
from analyzer.text.sentences import TABLE_SEPARATOR
from analyzer.text.structure import Layout, is_header_line

RULES = "doctypes"
# the meta field (and documents.csv column) that names the kind of a document that is not a registration
NOT_REGISTRATION = "not_registration"
PREFIX = "Không phải bản đăng ký mô hình"
# the lines a title is looked for in: a header of issuing body, motto, number, place and date comes first
TITLE_LINES = 15
# a title typed in lower case: a line of its own so long at the most, with no end of a sentence or label
TITLE_LENGTH = 120
_NOT_TITLE_END = ".;:!?…,"
# the features of another kind an untitled document needs, each a different rule
MIN_FEATURES = 3
# so many sentences with a pillar and a measurable action make a registration, whatever its form
MIN_PILLAR_ACTIONS = 3
REGISTRATION = "registration"
UNTITLED_KINDS_VI = {"minute": "biên bản cuộc họp", "article": "bài báo, bản tin"}
_HEADER_KEYS = ("doc_type", "issuing_body", "number", "date", "year")
_PILLAR_ROLES = frozenset(PILLARS)


@dataclass(frozen=True)
class Verdict:
    """A document that is not a model registration: its ``kind`` (``minute``, ``invitation``, ``decision``,
    ``resolution``, ``directive``, ``letter``, ``proposal``, ``notice``, ``guidance``, ``referral``,
    ``article``), the title read (empty when it has none), the Vietnamese reason and the evidence words."""

    kind: str
    title: str
    reason: str
    evidence: tuple[str, ...] = ()


class Labelled(Protocol):  # the part of a Sentence read here (analyzer.results.Sentence)
    labels: frozenset[str]


def _rules(prefix: str) -> tuple[Rule, ...]:
    return tuple(r for r in load_rules(RULES) if r.value.startswith(prefix))


def _lines(text: str) -> Iterable[str]:
    """The document's lines, each cell of a header laid out as a table on its own."""
    for line in text.split("\n"):
        for cell in line.split(TABLE_SEPARATOR):
            if cell.strip():
                yield cell.strip()


def _title_line(line: str) -> bool:
    """A line shaped as a title, not a sentence: short, on its own, begun with a capital, with no full stop,
    colon or comma (a sentence or a field, "Thông báo kết quả cho chi bộ.", "Thông báo: …")."""
    return (TABLE_SEPARATOR not in line and 2 <= len(line) <= TITLE_LENGTH and line[0].isupper()
            and line[-1] not in _NOT_TITLE_END and ":" not in line
            and not any(f"{c} " in line for c in ".;!?"))


def _lower_case_title(rules: tuple[Rule, ...], line: str) -> Hit | None:
    """The title rule a title line typed in lower case matches ("Biên bản họp chi bộ …" as "BIÊN BẢN"),
    its evidence as written, or None (a comma after the title's words begins a sentence: "Thông báo, …")."""
    upper = line.upper()
    if not _title_line(line) or len(upper) != len(line):
        return None
    hits = [h for h in match_rules(rules, upper) if not line[h.end:].lstrip().startswith(",")]
    return dataclasses.replace(hits[0], evidence=line[hits[0].start:hits[0].end]) if hits else None


def _top(text: str) -> tuple[tuple[Hit, str] | None, str]:
    """The first title among the first lines (the rule hit and its line, or None) and the official letter's
    subject line ("V/v …") of the header, or "": a title in capitals on any of the first lines (a cell of a
    header table too), one in lower case only on the first line after the header."""
    rules, subjects = _rules("title:"), _rules("subject:")
    subject, header = "", True
    n = 0
    for raw in text.split("\n"):
        line = raw.strip()
        if not line:
            continue
        for cell in _lines(line):
            if n >= TITLE_LINES:
                return None, subject
            n += 1
            hits = match_rules(rules, cell)
            if hits:
                return (hits[0], cell), subject
        if not header:
            continue
        cells = list(_lines(line))
        found = [cell for cell in cells if match_rules(subjects, cell)]
        subject = subject or (found[0] if found else "")
        if not all(cell in found or is_header_line(cell) for cell in cells):
            header = False  # the first line after the header: the only one a title in lower case is read on
            hit = _lower_case_title(rules, line)
            if hit is not None:
                return (hit, line), subject
    return None, subject


def title_of(text: str) -> tuple[Hit, str] | None:
    """The first title among the first lines (the rule hit and its line), or None.

    Example:
        >>> hit, line = title_of("ĐẢNG BỘ XÃ AN BÌNH\\nCHI BỘ ẤP 3\\nBẢN ĐĂNG KÍ MÔ HÌNH")
        >>> hit.value, line
        ('title:registration', 'BẢN ĐĂNG KÍ MÔ HÌNH')
        >>> hit, line = title_of("CHI BỘ ẤP 3\\nSố: 05-BB/CB\\nBiên bản họp chi bộ tháng 3/2024")
        >>> hit.value, hit.evidence
        ('title:minute', 'Biên bản')
    """
    return _top(text)[0]


def _registration_title_below(text: str, after: str) -> bool:
    """A registration's own title on a line of its own below the other title (in capitals, or in lower case
    on a title's line, "Bản đăng ký mô hình năm 2024"): a covering letter or decision with the registration,
    the plan or the report attached in the same file."""
    rules = _rules("title:registration")
    lines = list(_lines(text))
    start = lines.index(after) + 1 if after in lines else 0
    return any((line.upper() == line and len(line) <= 200 and match_rules(rules, line))
               or _lower_case_title(rules, line) is not None for line in lines[start:])


def _short(line: str, limit: int = 70) -> str:
    return line if len(line) <= limit else line[:limit].rsplit(" ", 1)[0] + " …"


def _registration_signals(texts: Sequence[str], layout: Layout, sentences: Sequence[Labelled]) -> bool:
    rules = _rules(REGISTRATION)
    if any(match_rules(rules, t) for t in texts):
        return True
    # a heading of a pillar: "I. HỌC TẬP BÁC", "2. Về làm theo", "Nêu gương"
    if any(section_roles(t.rstrip(":").strip()) & _PILLAR_ROLES for u, t in zip(layout.units, texts) if u.kind == "heading"):
        return True
    return sum(1 for s in sentences if "action" in s.labels and s.labels & _PILLAR_ROLES) >= MIN_PILLAR_ACTIONS


def _features(role: str, texts: Sequence[str]) -> dict[str, Hit]:
    """The first hit of each rule of ``role`` over the sentences, by rule id."""
    found: dict[str, Hit] = {}
    rules = _rules(role)
    for t in texts:
        for hit in match_rules(rules, t):
            found.setdefault(hit.rule, hit)
    return found


def _byline(layout: Layout, texts: Sequence[str]) -> bool:
    """The document ends with a name alone, a writer's, not a signature under a title ("T/M CHI BỘ")."""
    signature = [t for u, t in zip(layout.units, texts) if u.kind == "signature"]
    return len(signature) == 1 and layout.meta.get("signatory") == signature[0].strip()


def not_a_registration(text: str, layout: Layout, sentences: Sequence[Labelled]) -> Verdict | None:
    """A :class:`Verdict` when the document is not a model registration, else None (the conservative
    answer: a document with a registration's title or any registration signal is a registration)."""
    texts = [text[u.start:u.end] for u in layout.units]
    titled, subject = _top(text)
    if titled is not None:
        hit, line = titled
        kind = hit.value.partition(":")[2]
        if kind == REGISTRATION or _registration_title_below(text, line):
            return None
        reason = (f"{PREFIX}: tiêu đề «{_short(line)}» là của một {hit.message}, không phải của bản đăng ký, "
                  f"kế hoạch hay báo cáo thực hiện mô hình; xếp loại 1, cần xem lại hồ sơ đã nộp")
        return Verdict(kind, hit.evidence, reason, (line,))
    if layout.meta.get("doc_type") or _registration_signals(texts, layout, sentences):
        return None
    if subject and not _registration_title_below(text, ""):
        reason = (f"{PREFIX}: văn bản không có tiêu đề mà có dòng trích yếu «{_short(subject)}» của một công văn, "
                  f"không nêu tên mô hình, lời đăng ký, cam kết hay mục Học tập, Làm theo, Nêu gương; "
                  f"xếp loại 1, cần xem lại hồ sơ đã nộp")
        return Verdict("letter", "", reason, (subject,))
    no_header = not any(layout.meta.get(key) for key in _HEADER_KEYS)
    candidates = {"minute": _features("minute", texts)}
    if no_header:
        article = _features("article", texts)
        if _byline(layout, texts):
            article["byline"] = Hit("byline", "role", "article", 0, 0, texts[-1].strip(), "tên người viết ở cuối bài")
        candidates["article"] = article
    kind, found = max(candidates.items(), key=lambda item: len(item[1]))
    if len(found) < MIN_FEATURES:
        return None
    shown = "; ".join(f"{h.message} («{_short(h.evidence.strip(' ,:'), 40)}»)" for h in found.values())
    reason = (f"{PREFIX}: văn bản không có tiêu đề, không nêu tên mô hình, lời đăng ký, cam kết hay mục Học tập, "
              f"Làm theo, Nêu gương, mà có các dấu hiệu của một {UNTITLED_KINDS_VI[kind]}: {shown}; "
              f"xếp loại 1, cần xem lại hồ sơ đã nộp")
    return Verdict(kind, "", reason, tuple(h.evidence for h in found.values()))
