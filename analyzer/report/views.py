"""DocumentResult → plain dicts for the report templates and the workbook (dicts first, then render).

Everything an appraiser reads is Vietnamese; every string taken from a submission stays a plain
``str`` here and is escaped by the templates.

Example:
    >>> from analyzer.results import DocumentResult, Sentence
    >>> text = "I. HỌC TẬP\\nChi bộ tổ chức 2 buổi học tập chuyên đề trước 30/6/2024."
    >>> r = DocumentResult("a.txt", text=text, sentences=(
    ...     Sentence(0, 0, 10, "I. HỌC TẬP", "", "heading"),
    ...     Sentence(1, 11, 67, text[11:67], "I. HỌC TẬP", "body", frozenset({"hoc_tap", "action"}))),
    ...     flags=(("hoc_tap", 1), ("hoc_tap_concrete", 1)), score=42.5, grade=2)
    >>> view = document_view(r, priority=3)
    >>> view["grade_name"], [b["text"] for b in view["blocks"]]
    ('Yếu', ['I. HỌC TẬP', 'Chi bộ tổ chức 2 buổi học tập chuyên đề trước 30/6/2024.'])
    >>> [(c["label"], c["ok"], c["href"]) for c in view["checklist"][:2]]
    [('Có nội dung Học tập Bác', True, '#s1'), ('Học tập Bác có hành động đo đếm được', True, '#s1')]
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

from analyzer.detect.actions import SLOTS_VI
from analyzer.detect.links import sentence_refs
from analyzer.errors import not_a_submission
from analyzer.labels import LABEL_NAMES_VI, LABELS, PILLARS, REQUIREMENTS
from analyzer.results import DocumentResult, Finding, Sentence
from analyzer.score import PILLAR_VI, REQUIREMENT_MISSING_VI

GRADE_NAMES_VI = {5: "Xuất sắc", 4: "Tốt", 3: "Đạt", 2: "Yếu", 1: "Không đạt"}
LABEL_TAGS = {"hoc_tap": "HT", "lam_theo": "LT", "neu_guong": "NG", "action": "HĐ", "slogan": "KH",
              "resolution_target": "CT", "shortcoming": "TT", "exemplar": "ĐH", "roadmap": "LTr"}
PART_NAMES_VI = {**LABEL_NAMES_VI, "action_share": "Số hành động đo đếm được",
                 "slogan_index": "Mức cụ thể (ít câu chung chung)"}
REQUIREMENT_CHECKS_VI = {"resolution_target": "Gắn với chỉ tiêu nghị quyết", "shortcoming": "Gắn với tồn tại, hạn chế",
                         "exemplar": "Có cá nhân điển hình", "roadmap": "Có lộ trình thực hiện"}
MISSING_FILTERS_VI = {"hoc_tap": "Học tập Bác", "lam_theo": "Làm theo Bác", "neu_guong": "Nêu gương",
                      "resolution_target": "chỉ tiêu NQ", "shortcoming": "tồn tại hạn chế",
                      "exemplar": "cá nhân điển hình", "roadmap": "lộ trình"}
META_FIELDS_VI = (("issuing_body", "Cơ quan, đơn vị"), ("doc_type", "Loại văn bản"), ("number", "Số, ký hiệu"),
                  ("date", "Ngày"), ("year", "Năm (văn bản để trống ngày, tháng)"), ("place", "Địa danh"), ("model_name", "Tên mô hình"),
                  ("person_name", "Họ và tên (cá nhân đăng ký)"))
# Ingestion warnings and errors are coded English messages; the appraiser gets a Vietnamese gloss.
CODES_VI = {
    "W101": "Tệp dùng phông chữ cũ (TCVN3/VNI/VISCII), đã chuyển sang Unicode",
    "W102": "Văn bản được giải mã theo bảng mã Windows-1258",
    "W103": "Tệp UTF-16 không có BOM, bảng mã được đoán",
    "W104": "Không nhận ra bảng mã; một số ký tự đã bị thay thế",
    "W105": "Đuôi tệp không khớp với nội dung thật",
    "W106": "Đã sửa lỗi chữ tiếng Việt bị đọc sai bảng mã",
    "W107": "Đọc PDF bằng công cụ dự phòng",
    "W108": "Một số trang PDF không có lớp chữ (bản quét?)",
    "W109": "Một số byte không hợp lệ đã bị thay thế",
    "W110": "Lưu ý khi đọc tệp .doc",
    "W111": "Tệp trộn nhiều bảng mã; mỗi dòng đã được đọc theo bảng mã của nó",
    "W112": "Văn bản có vẻ không phải tiếng Việt (hoặc gõ không dấu): kết quả phân tích có thể không tin cậy",
    "W113": "Trang bản quét được đọc bằng nhận dạng chữ (OCR): cần đối chiếu tên người và số liệu với bản gốc",
    "W114": "Bản quét quá dài: chỉ các trang đầu được nhận dạng chữ",
    "W115": "Máy nhận dạng chữ (OCR) không chắc chắn ở các từ sau, cần đối chiếu với bản gốc",
    "W116": "Tệp có byte rỗng (NUL) lẫn trong văn bản, đã được loại bỏ",
    "W117": "Tệp có thể bị cắt cụt (thiếu phần cuối): cần kiểm tra phần cuối văn bản với bản gốc",
    "W119": "Một số ô công thức trong bảng tính chưa có giá trị (tệp do phần mềm tạo, chưa lưu bằng Excel) nên bị bỏ qua",
    "W120": "Bảng tính quá nhiều dòng: chỉ các dòng đầu được đọc, phần còn lại bị bỏ qua",
    "W118": "Văn bản gần như viết hoa toàn bộ: khó phân biệt tiêu đề với câu, kết quả phân tích có thể thiếu sót",
    "W121": "Một số trang PDF có lớp chữ không giải mã được (phông chữ không có bảng mã Unicode) nên bị bỏ qua: cần nhận dạng chữ (OCR) hoặc gửi bản gốc",
    "W122": "Một số trang bản quét (ảnh trang văn bản) chưa được đọc vì máy không có nhận dạng chữ (OCR): kết quả phân tích thiếu nội dung các trang này, cần gửi bản gốc",
    "W201": "Gần trùng nội dung với hồ sơ khác trong cùng đợt",
    "W202": "Tên tệp không theo bảng mã Unicode (UTF-8), đã được đọc theo bảng mã tiếng Việt Windows-1258",
    "E100": "Định dạng tệp không được hỗ trợ",
    "E101": "Tệp rỗng",
    "E102": "Tệp quá lớn",
    "E103": "Tệp không chứa văn bản đọc được",
    "E104": "Tệp bị hỏng, không đọc được",
    "E105": "Không mở được tệp",
    "E106": "Không xác định được bảng mã",
    "E107": "PDF không có lớp chữ (bản quét), không nhận dạng được chữ",
    "E108": "Tệp nén giải ra quá lớn, bị từ chối vì không an toàn",
    "E109": "Không phải tệp thông thường (thư mục, liên kết hỏng hoặc liên kết ra ngoài thư mục hồ sơ)",
    "E110": "Tệp có mật khẩu",
    "E111": "Không phải hồ sơ (tệp hệ thống, tệp tạm của phần mềm, hoặc tệp đi kèm một trang web đã lưu)",
    "E112": "Tệp nén (.zip, .rar…), không phải văn bản",
    "E113": "Phân tích tệp này làm dừng tiến trình xử lý (hết bộ nhớ hoặc lỗi thư viện đọc tệp)",
    "E114": "Tệp ảnh (bản quét hoặc ảnh chụp trang văn bản), không đọc được chữ",
    "E115": "Thư mục không đọc được (không có quyền truy cập), các tệp bên trong chưa được chấm",
    "E116": "PDF có lớp chữ không giải mã được (phông chữ không có bảng mã Unicode)",
    "E199": "Lỗi không mong đợi khi phân tích",
}
# What to do about a file that could not be read: the English message's advice, for the appraiser. The
# English message itself (with the file's path on the server and the reader library's words) stays in
# the CSV tables.
_SCAN_ADVICE_VI = ("Yêu cầu đơn vị gửi bản gốc (tệp soạn thảo) hoặc bản quét rõ hơn; nếu máy chấm chưa cài "
                   "nhận dạng chữ tiếng Việt (Tesseract: tesseract-ocr, tesseract-ocr-vie), cài rồi chấm lại")
ADVICE_VI = {
    "E100": "Lưu lại thành .docx, .pdf, .doc, .odt, .rtf, .html hoặc .txt rồi gửi lại",
    "E101": "Yêu cầu đơn vị gửi lại tệp có nội dung",
    "E102": "Kiểm tra có đúng tệp hồ sơ không; nếu đúng, chia thành các tệp nhỏ hơn, hoặc chấm lại với giới hạn "
            "lớn hơn (--max-bytes, --max-chars)",
    "E103": "Kiểm tra có đúng tệp văn bản của hồ sơ không; yêu cầu đơn vị gửi lại bản đúng",
    "E104": "Lưu lại tệp từ phần mềm soạn thảo (Word, LibreOffice…) rồi gửi lại",
    "E105": "Kiểm tra quyền đọc tệp, hoặc sao chép lại tệp vào thư mục hồ sơ rồi chấm lại",
    "E106": "Lưu lại tệp với bảng mã Unicode (UTF-8) rồi gửi lại",
    "E107": _SCAN_ADVICE_VI,
    "E108": "Lưu lại tệp từ phần mềm soạn thảo rồi gửi lại",
    "E109": "Nếu đây là hồ sơ, sao chép chính tệp đó (không phải liên kết) vào thư mục hồ sơ rồi chấm lại",
    "E110": "Yêu cầu đơn vị gửi bản lưu không đặt mật khẩu",
    "E111": "Không cần thẩm định; có thể xoá khỏi thư mục hồ sơ",
    "E112": "Giải nén vào thư mục hồ sơ rồi chấm lại",
    "E113": "Lưu lại tệp từ phần mềm soạn thảo rồi gửi lại; nếu tệp rất lớn, chia thành các tệp nhỏ hơn",
    "E114": _SCAN_ADVICE_VI,
    "E115": "Cấp quyền đọc thư mục cho tài khoản chạy mohinh rồi chấm lại",
    "E116": _SCAN_ADVICE_VI,
    "E199": "Báo cho người quản trị công cụ (chi tiết lỗi trong cột error của documents.csv)",
}
# How the batch was ranked for review (``mohinh score --priority``): a few words for a column header, a
# sentence for the top of the index
PRIORITY_ORDERS_VI = {
    "weakest": ("yếu nhất trước", "hồ sơ yếu nhất trước (xếp loại thấp trước, cùng xếp loại thì điểm thấp trước)"),
    "strongest": ("tốt nhất trước", "hồ sơ tốt nhất trước (xếp loại cao trước, cùng xếp loại thì điểm cao trước)"),
    "doubtful": ("gần ranh giới xếp loại trước",
                 "hồ sơ có điểm gần ranh giới giữa hai mức xếp loại nhất trước (dễ xếp nhầm mức nhất, cần đọc kỹ)"),
}


def priority_order_vi(order: str | None) -> str:
    """The sentence that says how the review priority was ordered; empty when the order is not known.

    Example:
        >>> priority_order_vi("doubtful")  # doctest: +ELLIPSIS
        'Sắp theo: hồ sơ có điểm gần ranh giới giữa hai mức xếp loại nhất trước (dễ xếp nhầm mức nhất, cần đọc kỹ). Tệp ...'
    """
    # in every order (score.assign_priorities), what someone must look at before any appraisal comes first
    first = " Tệp không đọc được và văn bản không phải bản đăng ký mô hình luôn đứng đầu danh sách."
    return f"Sắp theo: {PRIORITY_ORDERS_VI[order][1]}.{first}" if order in PRIORITY_ORDERS_VI else ""


_GLOSS_QUOTES = frozenset({"W115"})
_TWINS = "near-duplicate of "  # W201's message: the files named after it
_MORE_TWINS = re.compile(r" and (\d+) more$")  # … and the count of those it does not name
CHECK, CROSS = "✓", "✗"
SCANNED_VI = "Bản quét: chữ do máy nhận dạng (OCR), cần đối chiếu bản gốc"
UNSURE_VI = "Máy nhận dạng chữ (OCR) không chắc chắn ở từ này: đối chiếu bản gốc"


def percent_vi(share: float | None) -> str:
    """A share as a whole percentage, ``—`` for none (a ratio of nothing): ``percent_vi(0.125) == '12%'``."""
    return "—" if share is None else f"{round(share * 100)}%"


def grade_label(grade: int | None) -> str:
    """``"4 – Tốt"`` for a grade band, empty for none."""
    return f"{grade} – {GRADE_NAMES_VI[grade]}" if grade in GRADE_NAMES_VI else ""


def number_vi(value: float | None, digits: int = 1) -> str:
    """A number the Vietnamese way (decimal comma, no trailing ``,0``): ``number_vi(13.33) == '13,3'``."""
    if value is None:
        return ""
    text = f"{value:.{digits}f}".replace(".", ",")
    return text.rstrip("0").rstrip(",") if "," in text else text


def date_vi(value: str) -> str:
    """``2024-03-18`` → ``18/03/2024``; anything else unchanged."""
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value)
    return f"{m[3]}/{m[2]}/{m[1]}" if m else value


def gloss(message: str) -> dict[str, str]:
    """A coded message with its Vietnamese gloss: ``{"code", "vi", "advice", "detail"}``. ``detail`` is the
    English message, for the CSV tables only: it names the file's path on the server. A gloss that names
    words of the submission (W115) carries them, as the message quotes them («…»); a near-duplicate's
    (W201) names the other submissions; an error's ``advice`` says what to do, in Vietnamese.

    Example:
        >>> gloss("W115: OCR was unsure of 1 word(s); check them against the original: «Byä»")["vi"]
        'Máy nhận dạng chữ (OCR) không chắc chắn ở các từ sau, cần đối chiếu với bản gốc: «Byä»'
        >>> gloss("W201: near-duplicate of a.txt, b.txt and 3 more")["vi"]
        'Gần trùng nội dung với hồ sơ khác trong cùng đợt: a.txt, b.txt và 3 hồ sơ khác'
        >>> said_vi(error_gloss("E112: /srv/ho_so/xa_A.zip is a compressed archive (.zip); …"))
        'Tệp nén (.zip, .rar…), không phải văn bản. Giải nén vào thư mục hồ sơ rồi chấm lại (mã E112)'
    """
    code = message.partition(":")[0].strip()
    vi = CODES_VI.get(code, "")
    if vi and code in _GLOSS_QUOTES and "«" in message:
        vi += ": " + message[message.index("«"):]
    if vi and code == "W201" and _TWINS in message:  # the other submissions, named, and how many more
        vi += ": " + _MORE_TWINS.sub(r" và \1 hồ sơ khác", message.split(_TWINS, 1)[1].strip())
    return {"code": code if vi else "", "vi": vi, "advice": ADVICE_VI.get(code, ""), "detail": message}


def error_gloss(message: str) -> dict[str, str] | None:
    """A failed file's error glossed (:func:`gloss`); one whose code has no gloss reads as an
    unexpected error, never as the English message. None for no error.

    Example:
        >>> error_gloss("E101: /srv/ho_so/trống.txt is empty or contains only whitespace.")["vi"]
        'Tệp rỗng'
    """
    if not message:
        return None
    glossed = gloss(message)
    return glossed if glossed["vi"] else {**glossed, "vi": CODES_VI["E199"], "advice": ADVICE_VI["E199"]}


def said_vi(glossed: dict[str, str] | None) -> str:
    """A file's error (:func:`error_gloss`) as the appraiser reads it in one line: what happened, what
    to do, the code.

    Example:
        >>> said_vi(error_gloss("E101: /srv/ho_so/trống.txt is empty or contains only whitespace."))
        'Tệp rỗng. Yêu cầu đơn vị gửi lại tệp có nội dung (mã E101)'
    """
    if not glossed:
        return ""
    code = f" (mã {glossed['code']})" if glossed["code"] else ""
    return f"{glossed['vi']}. {glossed['advice']}{code}" if glossed["advice"] else f"{glossed['vi']}{code}"


def not_submission_row(row: dict) -> bool:
    """Whether a view row is a file an operating system or an editor left (E111), not a submission."""
    return not row["ok"] and bool(row.get("error")) and not_a_submission(row["error"]["detail"])


PAGE_NAME = re.compile(r"[a-z0-9-]{1,60}-[0-9a-f]{16}\.html")  # what page_name() gives, and nothing else


def page_name(doc_id: str) -> str:
    """A safe, unique, stable file name for a document's page: ASCII slug + short hash (:data:`PAGE_NAME`).

    >>> page_name("xã A/Bản đăng ký <1>.docx")
    'xa-a-ban-dang-ky-1-docx-...html'
    """
    folded = unicodedata.normalize("NFD", doc_id.replace("đ", "d").replace("Đ", "D"))
    ascii_ = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_).strip("-")[:60].strip("-") or "tep"
    return f"{slug}-{hashlib.sha1(doc_id.encode('utf-8')).hexdigest()[:16]}.html"  # 64 bits: no two files share a page


def first_evidence(sentences: Sequence[Sentence], labels: Iterable[str]) -> Sentence | None:
    """The first sentence carrying all of ``labels``."""
    wanted = tuple(labels)
    return next((s for s in sentences if all(s.has(label) for label in wanted)), None)


def checklist(result: DocumentResult) -> list[dict]:
    """The 3 pillars, their measurable actions and the 4 requirements, each with its first evidence."""
    items: list[tuple[str, str, tuple[str, ...]]] = []
    for pillar in PILLARS:
        name = LABEL_NAMES_VI[pillar]
        items.append((pillar, f"Có nội dung {name}", (pillar,)))
        items.append((f"{pillar}_concrete", f"{name} có hành động đo đếm được", (pillar, "action")))
    items += [(req, REQUIREMENT_CHECKS_VI[req], (req,)) for req in REQUIREMENTS]
    out = []
    for flag, label, needs in items:
        ok = bool(result.flag(flag))
        evidence = first_evidence(result.sentences, needs) if ok else None
        out.append({"flag": flag, "label": label, "ok": ok, "mark": CHECK if ok else CROSS,
                    "href": f"#s{evidence.sent_id}" if evidence else "",
                    "evidence": evidence.text if evidence else ""})
    return out


def _tags(labels: Iterable[str]) -> list[dict[str, str]]:
    return [{"label": label, "tag": LABEL_TAGS[label], "name": LABEL_NAMES_VI[label]} for label in LABELS if label in labels]


def legend() -> list[dict[str, str]]:
    """Every label with its tag and Vietnamese name, in ontology order."""
    return _tags(LABELS)


def flag_columns() -> list[dict[str, str]]:
    """The pillar and requirement columns of the index, with their tags and Vietnamese names."""
    return _tags((*PILLARS, *REQUIREMENTS))


def _inner_spans(sentence: Sentence, findings: Sequence[Finding]) -> list[tuple[int, int, str, str]]:
    """Slots and exemplar names inside a sentence, without overlaps: (start, end, kind, title). A span that
    starts inside an earlier one keeps the part after it ("[12 bài] [đọc song ngữ]": a count and its product)."""
    spans = []
    for f in findings:
        if not (sentence.start <= f.start < f.end <= sentence.end) or (f.start, f.end) == (sentence.start, sentence.end):
            continue
        if f.label.startswith("slot:"):
            slot = f.label.partition(":")[2]
            spans.append((f.start, f.end, f"slot slot-{slot}", SLOTS_VI.get(slot, slot)))
        elif f.label == "exemplar_name":
            spans.append((f.start, f.end, "name", "Cá nhân điển hình"))
    chosen: list[tuple[int, int, str, str]] = []
    for start, end, kind, title in sorted(spans, key=lambda s: (s[0], -(s[1] - s[0]))):
        start = max([start] + [e for s, e, _, _ in chosen if s <= start < e])
        rest = sentence.text[start - sentence.start:end - sentence.start]
        start += len(rest) - len(rest.lstrip())
        if start < end and any(c.isalpha() for c in rest) \
                and all(start >= e or end <= s for s, e, _, _ in chosen):
            chosen.append((start, end, kind, title))
    return sorted(chosen)


def unsure_words(warnings: Iterable[str]) -> list[str]:
    """The words OCR was unsure of, as W115 names them.

    Example:
        >>> unsure_words(["W113: 1 of 1 pages are scans, read by OCR", "W115: OCR was unsure of 2 word(s); "
        ...               "check them against the original: «Byä», «N.T-Hiền», …"])
        ['Byä', 'N.T-Hiền']
    """
    return [word for w in warnings if w.startswith("W115:") for word in re.findall(r"«([^«»]+)»", w)]


def _unsure_spans(sentence: Sentence, words: Sequence[str]) -> list[tuple[int, int]]:
    """Where the words OCR was unsure of stand in a sentence, as whole words: (start, end), sorted, apart."""
    if not words:
        return []
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, sorted(words, key=len, reverse=True))) + r")(?!\w)")
    return [(sentence.start + m.start(), sentence.start + m.end()) for m in pattern.finditer(sentence.text)]


def _sentence_parts(text: str, sentence: Sentence, findings: Sequence[Finding],
                    unsure: Sequence[str] = ()) -> list[dict]:
    """The sentence cut into its plain text, its slots and names (``kind``, ``title``) and, across
    them, the words OCR was unsure of (``unsure``): a part is inside one span of each at most."""
    spans = [(start, end, {"kind": kind, "title": title}) for start, end, kind, title in _inner_spans(sentence, findings)]
    marks = _unsure_spans(sentence, unsure)
    if not spans and not marks:  # most sentences: one plain part
        return [{"text": text[sentence.start:sentence.end]}]
    cuts = sorted({sentence.start, sentence.end, *(x for start, end, _ in spans for x in (start, end)),
                   *(x for start, end in marks for x in (start, end))})
    parts: list[dict] = []
    for start, end in zip(cuts, cuts[1:]):
        part: dict = {"text": text[start:end]}
        for s_start, s_end, attrs in spans:
            if s_start <= start < s_end:
                part |= attrs
        if any(m_start <= start < m_end for m_start, m_end in marks):
            part["unsure"] = True
            part["title"] = "; ".join(filter(None, (part.get("title", ""), UNSURE_VI)))
        parts.append(part)
    return parts


def _note(sentence: Sentence, findings: Sequence[Finding]) -> dict:
    """Why a sentence is flagged: its reasons, the action slots and the evidence of its other labels."""
    slots = [{"name": SLOTS_VI.get(f.label[5:], f.label[5:]), "words": f.evidence}
             for f in findings if f.label.startswith("slot:")]
    # a linked commitment's message names the sentences that state its shortcoming: links to them
    evidence = [dict(zip(("text", "refs"), sentence_refs(f.message)))
                for f in findings if f.label in LABELS and f.label not in ("action", "slogan")]
    kind = "slogan" if sentence.has("slogan") else "action" if sentence.has("action") else "other"
    return {"id": f"s{sentence.sent_id}", "sent_id": sentence.sent_id, "tags": _tags(sentence.labels),
            "kind": kind, "reasons": list(sentence.reasons), "slots": slots, "evidence": evidence}


def _cuts(text: str, sentences: Sequence[Sentence]) -> list[int]:
    """Newlines that fall outside every sentence: the text is split into rows there."""
    spans = sorted((s.start, s.end) for s in sentences)
    cuts, j = [], 0
    for m in re.finditer("\n", text):
        pos = m.start()
        while j < len(spans) and spans[j][1] <= pos:
            j += 1
        if j < len(spans) and spans[j][0] <= pos:
            continue
        cuts.append(pos)
    return cuts


def text_blocks(result: DocumentResult) -> list[dict]:
    """The document text as rows (lines, or groups of lines a sentence spans), each with its notes.

    Joining the rows' ``text`` with newlines gives back ``result.text`` exactly.
    """
    text = result.text
    unsure = unsure_words(result.warnings)
    by_sentence: dict[int, list[Finding]] = defaultdict(list)
    for f in result.findings:
        by_sentence[f.sent_id].append(f)
    sentences = sorted(result.sentences, key=lambda s: s.start)
    blocks, k, start = [], 0, 0
    for stop in [*_cuts(text, sentences), len(text)]:
        pieces: list[dict] = []
        notes = []
        cursor = start
        while k < len(sentences) and sentences[k].start < stop:
            s = sentences[k]
            k += 1
            if s.start < cursor:  # overlapping sentence: never print text twice
                continue
            if s.start > cursor:
                pieces.append({"text": text[cursor:s.start]})
            flagged = bool(s.labels)
            pieces.append({"sentence": {
                "id": f"s{s.sent_id}", "kind": s.kind, "tags": _tags(s.labels),
                "classes": " ".join(f"lbl-{label}" for label in LABELS if label in s.labels),
                "title": "; ".join(LABEL_NAMES_VI[label] for label in LABELS if label in s.labels),
                "parts": _sentence_parts(text, s, by_sentence[s.sent_id], unsure)}})
            if flagged:
                notes.append(_note(s, by_sentence[s.sent_id]))
            cursor = s.end
        if cursor < stop:
            pieces.append({"text": text[cursor:stop]})
        blocks.append({"text": text[start:stop], "blank": not text[start:stop].strip(), "pieces": pieces,
                       "notes": notes})
        start = stop + 1
    return blocks


def _warnings(result: DocumentResult) -> list[dict[str, str]]:
    return [gloss(w) for w in result.warnings]


def document_view(result: DocumentResult, priority: int | None = None) -> dict:
    """Everything the document page shows, as plain dicts and strings."""
    meta = dict(result.meta)
    return {
        "doc_id": result.doc_id, "ok": result.ok, "error": error_gloss(result.error),
        "title": meta.get("model_name") or result.doc_id, "priority": priority,
        "score": number_vi(result.score), "grade": result.grade, "grade_name": GRADE_NAMES_VI.get(result.grade or 0, ""),
        "meta": [{"label": label, "value": date_vi(meta[key]) if key == "date" else meta[key]}
                 for key, label in META_FIELDS_VI if meta.get(key)],
        "file": {"fmt": result.fmt, "encoding": result.encoding, "n_chars": len(result.text),
                 "n_sentences": len(result.sentences)},
        "warnings": _warnings(result),
        "breakdown": [{"name": PART_NAMES_VI.get(p.name, p.name), "value": f"{round(p.value * 100)}%",
                       "weight": number_vi(p.weight), "points": number_vi(p.points), "reason": p.reason,
                       "full": p.value >= 1, "zero": p.value <= 0} for p in result.breakdown],
        "total_weight": number_vi(sum(p.weight for p in result.breakdown)),
        "reasons": list(result.reasons),
        "checklist": checklist(result),
        "exemplar_names": list(result.exemplar_names),
        "counts": {"actions": result.count("action"), "slogans": result.count("slogan"),
                   "slogan_pct": percent_vi(result.slogan_index)},
        "legend": legend(),
        "slot_names": ", ".join(name.lower() for name in SLOTS_VI.values()),
        "blocks": text_blocks(result) if result.ok else [],
        "unsure": bool(unsure_words(result.warnings)),
    }


def index_row(result: DocumentResult, priority: int | None, href: str = "") -> dict:
    """One row of the ranked index (and of the workbook's "Xếp hạng" sheet)."""
    meta = dict(result.meta)
    flags = [{"key": key, "tag": LABEL_TAGS[key], "name": LABEL_NAMES_VI[key], "ok": bool(result.flag(key)),
              "concrete": bool(result.flag(f"{key}_concrete")) if key in PILLARS else None,
              "missing": f"Thiếu nội dung {PILLAR_VI[key]}" if key in PILLARS else REQUIREMENT_MISSING_VI[key]}
             for key in (*PILLARS, *REQUIREMENTS)]
    for f in flags:
        f["mark"] = CHECK if f["ok"] else CROSS
    scanned = any(w.startswith("W113") for w in result.warnings)  # its text was recognised by OCR
    return {
        "doc_id": result.doc_id, "href": href, "priority": priority if priority is not None else "",
        "ok": result.ok, "error": error_gloss(result.error),
        "score": result.score, "score_text": number_vi(result.score), "grade": result.grade,
        "grade_label": grade_label(result.grade), "grade_name": GRADE_NAMES_VI.get(result.grade or 0, ""),
        "flags": flags, "concrete": sum(1 for p in PILLARS if result.flag(f"{p}_concrete")),
        "missing": " ".join(f["key"] for f in flags if not f["ok"]),
        "n_sentences": len(result.sentences), "n_actions": result.count("action"), "n_slogans": result.count("slogan"),
        "slogan_index": result.slogan_index, "slogan_pct": percent_vi(result.slogan_index),
        "reasons": list(result.reasons), "top_reasons": list(result.reasons[:3]),
        "exemplar_names": list(result.exemplar_names),
        "model_name": meta.get("model_name", ""), "issuing_body": meta.get("issuing_body", ""),
        "scanned": scanned, "warnings_vi": "; ".join(dict.fromkeys(w["vi"] or w["detail"] for w in _warnings(result))),
        "search": " ".join([result.doc_id, meta.get("model_name", ""), meta.get("issuing_body", ""),
                            meta.get("person_name", ""), *result.reasons, *((SCANNED_VI, "OCR") if scanned else ())]),
    }


def flagged_sentences(result: DocumentResult) -> list[dict]:
    """The sentences an appraiser should look at: slogans and every sentence with a reason."""
    slots: dict[int, list[str]] = defaultdict(list)
    for f in result.findings:
        if f.label.startswith("slot:"):
            slots[f.sent_id].append(f"{SLOTS_VI.get(f.label[5:], f.label[5:])}: {f.evidence}")
    return [{"doc_id": result.doc_id, "sent_id": s.sent_id, "section": s.section, "text": s.text,
             "labels": "; ".join(LABEL_NAMES_VI[label] for label in LABELS if label in s.labels),
             "reasons": "; ".join([*s.reasons, *slots[s.sent_id]])}
            for s in result.sentences if s.has("slogan") or s.reasons]


class Summary:
    """Counts at the top of the index (files, failures, grades, missing items), one row at a time."""

    def __init__(self) -> None:
        self.n_files = self.n_ok = self.n_not_submissions = 0
        self.grades: Counter = Counter()
        self.missing: Counter = Counter()

    def add(self, row: dict) -> None:
        self.n_files += 1
        if row["ok"]:
            self.n_ok += 1
            self.grades[row["grade"]] += 1
            self.missing.update(row["missing"].split())
        elif not_submission_row(row):
            self.n_not_submissions += 1

    def as_dict(self) -> dict:
        return {
            "n_files": self.n_files, "n_ok": self.n_ok, "n_errors": self.n_files - self.n_ok - self.n_not_submissions,
            "n_not_submissions": self.n_not_submissions,
            "grades": [{"grade": g, "name": GRADE_NAMES_VI[g], "count": self.grades[g]}
                       for g in sorted(GRADE_NAMES_VI, reverse=True)],
            "missing": [{"key": key, "label": f"Thiếu {name}", "count": self.missing[key]}
                        for key, name in MISSING_FILTERS_VI.items()],
        }


def summary(rows: Iterable[dict]) -> dict:
    """Counts at the top of the index: files, failures, grades, missing items."""
    counter = Summary()
    for row in rows:
        counter.add(row)
    return counter.as_dict()
