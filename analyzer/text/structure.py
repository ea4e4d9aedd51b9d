"""Document structure: header metadata, headings, section paths, signature block.

Pure functions over the document text and its sentence spans. Every sentence gets a ``kind``
(``header``, ``heading``, ``body``, ``table_row``, ``table_header``, ``signature``) and the heading
path of the section it sits in. A table row whose first cell is "STT" or "TT" is the table's column
names (``table_header``): no content of its own, so it gets no label.

Example:
    >>> text = "CHI BỘ ẤP 3\\nSố: 04-ĐK/CB\\nBẢN ĐĂNG KÝ\\nI. HỌC TẬP BÁC\\nChi bộ tổ chức học tập."
    >>> from analyzer.text.sentences import split_sentences
    >>> layout = analyze_layout(text, split_sentences(text))
    >>> [(u.kind, u.section) for u in layout.units]
    [('header', ''), ('header', ''), ('header', ''), ('heading', ''), ('body', 'I. HỌC TẬP BÁC')]
    >>> layout.meta["number"], layout.meta["doc_type"]
    ('04-ĐK/CB', 'BẢN ĐĂNG KÝ')
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from analyzer.text.sentences import TABLE_SEPARATOR

_MARKER_RE = re.compile(
    # "I/", "1/", "I –", "1-" too, as typed (a dash before a figure is a range: "4 – 6/2024 | …")
    r"^(?:(?P<roman>[IVXLC]{1,6})(?:[.)/]|\s*[-–](?=\s+\D))|(?P<num>\d{1,2}(?:\.\d{1,2}){0,3})(?:[.)/]|\s*[-–](?=\s+\D))?"
    r"|(?P<letter>[a-zđ])[.)]|(?P<cap>[A-Z])[.)]"
    r"|(?P<part>(?:Phần|PHẦN|Mục|MỤC|Chương|CHƯƠNG)\s+[\wIVX]+[.:]?"
    r"|(?:Nội dung|NỘI DUNG)\s+(?:\d{1,2}|[IVX]{1,4}|(?:thứ|THỨ)\s+[^\W\d_]+)\s*[.:]?)|(?P<bullet>[-+•*–]))"
    r"(?:\s+|(?<=[.)])(?=[A-ZĐÀ-Ỹ]))(?P<rest>\S.*)$"  # "I.Tình hình": no space after the numeral, a capital next
)
# the first cell of a table's column names: "STT", "TT", "Số TT", "S.TT" (a row of the table has its number there)
_HEADER_CELL_RE = re.compile(r"^\s*(?:(?:số|s[.ố]?)\s*)?tt\.?\s*\|", re.IGNORECASE)
_NUMBER_RE = re.compile(r"\b(\d{1,4}[a-zA-Z]?\s?-\s?[A-ZĐ]{1,6}(?:/[A-ZĐ0-9-]{1,12})+)")
_SO_RE = re.compile(r"^S[ốô]\s*:?\s*(\S+)", re.IGNORECASE)
# a date line: "Thủy Đông, ngày 15 tháng 3 năm 2024" (the place before the comma is optional)
_DATE_LINE = r"^(?:(?P<place>[^,\n]{2,40}),\s*)?[Nn]gày"
_DATE_RE = re.compile(_DATE_LINE + r"\s+(?P<d>\d{1,2})\s*,?\s+tháng\s+(?P<m>\d{1,2})\s*,?\s+năm\s+(?P<y>\d{4})")
# the date line written in figures ("Lâm Thao, ngày 22/3/2024"): read for the metadata, not the layout
_DATE_FIGURES_RE = re.compile(_DATE_LINE + r"\s+(?P<d>\d{1,2})\s*(?P<sep>[/.-])\s*(?P<m>\d{1,2})\s*(?P=sep)\s*(?P<y>\d{4})\b")
# a date line left for the signing day to be written in by hand ("ngày    tháng 3 năm 2026",
# "ngày ... tháng ... năm 2026"): only its year is known
_DATE_BLANK_RE = re.compile(_DATE_LINE + r"[\s._…]*(?:\d{1,2}[\s._…]*)?tháng[\s._…]*(?:\d{1,2}[\s._…]*)?,?\s*năm\s+(?P<y>\d{4})"
                            # the month and year only: "Tân An, tháng 3 năm 2025"
                            r"|^(?:(?P<place2>[^,\n]{2,40}),\s*)?[Tt]háng\s+\d{1,2}\s*,?\s+năm\s+(?P<y2>\d{4})")
# a minute's or an invitation's hour, written before its date: "Thời gian 19 giờ 30, ngày 05/3/2024"
_TIME_FIELD_RE = re.compile(r"^\s*thời\s*gian\b", re.IGNORECASE)
_DOC_TYPE_RE = re.compile(
    r"^(BẢN ĐĂNG KÝ|PHIẾU ĐĂNG KÝ|ĐĂNG KÝ|KẾ HOẠCH|BÁO CÁO|CHƯƠNG TRÌNH|ĐỀ ÁN|BẢN CAM KẾT|CAM KẾT|TỜ TRÌNH|THÔNG BÁO)\b"
)
_META_LINE_RE = re.compile(
    r"^(?:Kính gửi|Tên mô hình|Họ và tên|Họ tên|Chức vụ|Đơn vị|Nơi công tác|Ngày sinh|Năm sinh|Ngày vào Đảng|"
    r"Ngày vào đảng|Chi bộ|Đảng bộ|Trình độ|Quê quán|Chuyên đề|Tên chuyên đề|Đơn vị công tác)\s*:",
    re.IGNORECASE,
)
# "HOÀ" and "HÒA": either tone placement
_MOTTO_INSIDE_RE = re.compile(r"ĐẢNG CỘNG SẢN VIỆT NAM|CỘNG H(?:OÀ|ÒA) XÃ HỘI CHỦ NGHĨA VIỆT NAM")
_MOTTO_RE = re.compile(r"^(?:CỘNG H(?:OÀ|ÒA) XÃ HỘI|ĐẢNG CỘNG SẢN VIỆT NAM|Độc lập\s*[-–]|\*+$|[-_=~*\s]{3,}$)")
_SIGNATURE_RE = re.compile(
    r"^(?:T/M|TM\.|T/L|KT\.|K/T|BÍ THƯ|PHÓ BÍ THƯ|NGƯỜI ĐĂNG K[ÝÍ]|NGƯỜI VIẾT|NGƯỜI LẬP|XÁC NHẬN|THỦ TRƯỞNG|GIÁM ĐỐC|"
    r"CHỦ TỊCH|HIỆU TRƯỞNG|TRƯỞNG|CHI ỦY|CHI UỶ|ĐẢNG ỦY|ĐẢNG UỶ|Nơi nhận|- Như|- Lưu|\(Ký|\(ký|\(đã ký|\(Đã ký|Lưu:|- Lưu)"
)
# the signatory's role on a line of its own, in any case and either spelling of "ký" ("Người đăng kí",
# "Người viết", "Xác nhận của chi bộ"): read only walking back from the end, where nothing else is so short
_SIGNATURE_ROLE_RE = re.compile(
    r"^(?:người\s+(?:đăng\s+k[ýí]|viết|lập|làm\s+đơn|báo\s+cáo|cam\s+kết)|xác\s+nhận\s+của\s[^.!?;:]{2,40})\s*[.:]?$",
    re.IGNORECASE)
# a name alone on a line (a signature): "Trần Văn Minh", "H'Hen Niê", "Đ/c Ng.V.An"
_NAME_RE = re.compile(r"^(?:(?:Đ/c|đ/c|Đồng chí)\s+)?[A-ZĐÀ-Ỹ][\wÀ-ỹ.'’]*(?:\s+[A-ZĐÀ-Ỹ][\wÀ-ỹ.'’]*){1,4}$")
# "Họ và tên: …" (a personal registration's author), as a line, a numbered item or a table row
_PERSON_LINE_RE = re.compile(r"^(?:[-+•]\s*|\d{1,2}[.)]\s*)?(?:(?:họ và tên|họ tên)\s*(?:đảng viên|người đăng ký)?"
                             r"|đảng viên|người đăng ký)\s*(?::|\|)"
                             # the author introduces himself: "Tôi tên là Lê Văn Khang, …", "Tên tôi là: …"
                             r"|^(?:tôi\s+tên\s+là|tên\s+tôi\s+là|tôi\s+là)\s*:?(?=\s*(?-i:[A-ZĐÀÁẢÃẠÂĂÊÔƠƯÍÌỈĨỊÚÙỦŨỤÝ]))",
                             re.IGNORECASE)
# what follows the name on its line: another field ("Cấp bậc: …", a capitalised word and lower-case ones before a
# colon, the spaces between them gone), a cell, a title after a dash
_AFTER_PERSON_RE = re.compile(r"\s*\|\s*|[;,.(:]|\s[-–]\s|\s{2,}|\b(?:sinh|[Nn]ăm sinh|[Nn]gày sinh|[Gg]iới tính|"
                              r"[Cc]hức vụ|[Đđ]ơn vị|[Qq]uê quán|[Dd]ân tộc|[Cc]ấp bậc|[Qq]uân hàm|[Ss]inh ngày|"
                              r"[Đđ]ảng viên|[Tt]rình độ|[Nn]ghề nghiệp|[Nn]gày vào)\b"
                              r"|\s(?=[A-ZĐ][^\W\d_]*(?:\s[^\W\d_A-ZĐ][^\W\d_]*){1,3}\s*:)")
_QUOTED_RE = re.compile(r"[“\"]([^”\"]{6,200})[”\"]")
_QUOTED_LINE_RE = re.compile(r"^\s*[“\"«]([^”\"»]{6,200})[”\"»]\s*[.:]?\s*$")
# a field whose value is quoted: "Tên việc làm đăng ký: “Đo đạc đúng hẹn …”", "Tên MH: "…""
_QUOTED_FIELD_RE = re.compile(r"^[^:“\"]{2,40}:\s*[“\"«]")
_TERMINAL = ".!?;…"


@dataclass(frozen=True)
class Unit:
    """One sentence's place in the layout."""

    start: int
    end: int
    kind: str
    section: str
    heading_level: int = 0


@dataclass(frozen=True)
class Layout:
    """Sentence units and header metadata of one document."""

    units: tuple[Unit, ...]
    meta: dict[str, str]


def _is_upper(text: str) -> bool:
    """Written in capitals: three letters or more, not only a Roman numeral ("Quý II – III/2024" wrapped)."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters) and not set(letters) <= set("IVXLCDM")


def _shouted(text: str) -> bool:
    """A sentence typed in capitals is still a sentence: ten words or more closed by a full stop
    ("CHI BỘ CHỌN ĐỒNG CHÍ TRẦN VĂN BA, TRƯỞNG ẤP, LÀM CÁ NHÂN ĐIỂN HÌNH CỦA MÔ HÌNH.")."""
    return text[-1:] in (".", "!", "?", ";") and len(text.split()) >= 10


def _names_a_section(text: str) -> bool:
    from analyzer.detect.evidence import section_roles  # the rules' section cues (rules/sections.yaml)

    return bool(section_roles(text))


# a table row's number cell ("3 | Tổ chức …"): a copied row renumbered is the same row
_STT_CELL_RE = re.compile(r"^\s*\d{1,3}[.)]?\s*\|\s*")


def wording(sentence: str) -> str:
    """What a sentence says, without its list marker or its table row's number, lower-cased and with single
    spaces: the same item copied into another section or renumbered reads the same.

    Example:
        >>> wording("2. Tổ chức  4 buổi sinh hoạt chuyên đề.") == wording("- tổ chức 4 buổi sinh hoạt chuyên đề.")
        True
        >>> wording("3 | Tổ chức 4 buổi tọa đàm | Quý II/2024")
        'tổ chức 4 buổi tọa đàm | quý ii/2024'
    """
    unnumbered = _STT_CELL_RE.sub("", sentence.strip())
    match = _MARKER_RE.match(unnumbered)
    return " ".join((match.group("rest") if match else unnumbered).lower().split())


# a numbered line without a full stop that counts or dates something is a list item, not a heading, from this
# many words ("4. Phương hướng 6 tháng cuối năm", "b) Phụ đạo học sinh lớp 9" are headings)
_ITEM_WORDS = 7
_FIGURE_RE = re.compile(r"\d")
_YEAR_RE = re.compile(r"\b(?:19|20)\d\d\b(?:\s*[-–]\s*(?:19|20)\d\d\b)?")


def heading_level(sentence: str, line_start: bool) -> int:
    """0 when ``sentence`` is content, else its heading level (1 = top).

    Example:
        >>> heading_level("II. NỘI DUNG NÊU GƯƠNG", True), heading_level("1. Học tập Bác:", True)
        (1, 2)
        >>> heading_level("1. Tổ chức 4 buổi sinh hoạt chuyên đề trong năm 2024.", True)
        0
        >>> heading_level("I.Tình hình", True), heading_level("Nêu gương", True), heading_level("Học tập và làm theo Bác mỗi ngày", True)
        (1, 5, 0)
        >>> heading_level("ĐỒNG CHÍ BÍ THƯ ĐĂNG KÝ 03 VIỆC LÀM CỤ THỂ, HOÀN THÀNH TRƯỚC THÁNG 4/2025.", True)
        0
    """
    if not line_start or TABLE_SEPARATOR in sentence or len(sentence) > 160:
        return 0
    match = _MARKER_RE.match(sentence)
    rest = match.group("rest") if match else sentence
    short_label = rest.endswith(":") and len(rest) <= 100
    no_end = rest[-1] not in _TERMINAL and len(rest) <= 90 and not rest.endswith(",")
    if match is None:
        if _is_upper(sentence) and len(sentence) <= 120 and not _shouted(sentence):
            return 1
        if short_label and len(rest) <= 60:
            # a label in sentence case ("Các việc làm cụ thể:", "Cá nhân điển hình của mô hình:") heads the items
            # under it inside the numbered section it sits in, like a bullet's label
            return 6
        # a section's name on a line of its own, neither numbered nor in capitals ("Nêu gương", "Lộ trình
        # thực hiện"; Word's heading styles carry no number): a sub-heading, siblings with one another
        return 5 if no_end and sentence[:1].isupper() and len(sentence.split()) <= 5 and _names_a_section(sentence) else 0
    if match.group("bullet"):
        return 6 if short_label and len(rest) <= 60 else 0
    if not ((_is_upper(rest) and not _shouted(rest)) or short_label or no_end):
        return 0
    if no_end and not short_label and not _is_upper(rest) and match.group("num", "letter") != (None, None) \
            and len(rest.split()) >= _ITEM_WORDS and _FIGURE_RE.search(_YEAR_RE.sub("", rest)):
        return 0  # an item with a figure, its full stop left out: "1. Tổ chức 04 lớp tập huấn … trong quý II/2024"
    if match.group("roman") or match.group("part") or match.group("cap"):
        return 1
    if match.group("num"):
        return 1 + match.group("num").count(".") + 1
    return 5


def _header_end(text: str, spans: list[tuple[int, int]]) -> int:
    """Index of the first sentence after the header block."""
    seen_type = False
    for i, (s, e) in enumerate(spans[:40]):
        sent = text[s:e]
        if _DOC_TYPE_RE.match(sent):
            seen_type = True
            continue
        header_like = (
            _MOTTO_RE.match(sent) or _SO_RE.match(sent) or _DATE_RE.match(sent) or _META_LINE_RE.match(sent)
            or (_is_upper(sent) and not _MARKER_RE.match(sent) and not _shouted(sent))
            or (not seen_type and len(sent) < 80 and sent[-1] not in _TERMINAL and not _MARKER_RE.match(sent))
            or (seen_type and i <= 12 and len(sent) < 200 and sent[-1] not in _TERMINAL
                and not _MARKER_RE.match(sent) and ("mô hình" in sent.lower() or "năm 20" in sent))
            # the model's name in quotes under the title, the whole line ("“Sinh viên đảng viên học tập …”")
            or (seen_type and i <= 12 and _QUOTED_LINE_RE.match(sent))
        )
        if not header_like:
            return i
    return min(len(spans), 40) if len(spans) <= 40 else 0


def _is_date_line(sent: str) -> bool:
    """A place-and-date line and nothing else ("TP. Hồ Chí Minh, ngày 10 tháng 3 năm 2024"), as one is
    written above the signature: no content ("Ngày 30 tháng 6 năm 2024 sơ kết mô hình." is some).

    Example:
        >>> _is_date_line("Phường 5, ngày 10 tháng 3 năm 2024"), _is_date_line("Ngày 30 tháng 6 năm 2024 sơ kết mô hình.")
        (True, False)
    """
    if len(sent) > 80:
        return False
    found = _DATE_RE.match(sent) or _DATE_FIGURES_RE.match(sent) or _DATE_BLANK_RE.match(sent)
    return found is not None and not sent[found.end():].strip(" .")


# a number line of a header: "Số: 07-BB/CB", "Số 07/BB", "Số:    -KH/CB" (not "Số lượng …")
_NUMBER_LINE_RE = re.compile(r"^S[ốô]\s*(?::|[\d.…_]|-)")


def is_header_line(line: str) -> bool:
    """A line of a header and nothing else, each cell of a header laid out as a table: the issuing body or
    the motto in capitals, the number, the place and date.

    Example:
        >>> is_header_line("CHI BỘ ẤP 3 | Tân Hòa, ngày 12 tháng 3 năm 2024"), is_header_line("Số: 07-BB/CB")
        (True, True)
        >>> is_header_line("Biên bản họp chi bộ"), is_header_line("Số lượng đảng viên: 20"), is_header_line("I. HỌC TẬP")
        (False, False, False)
    """
    cells = [cell.strip() for cell in line.split(TABLE_SEPARATOR) if cell.strip()]
    return bool(cells) and all(
        (_is_upper(cell) and not _MARKER_RE.match(cell) and not _shouted(cell)) or _MOTTO_RE.match(cell)
        or _NUMBER_LINE_RE.match(cell) or _is_date_line(cell) for cell in cells)


def _signature_start(text: str, spans: list[tuple[int, int]], floor: int) -> int:
    i = len(spans)
    while i > floor:
        sent = text[spans[i - 1][0]:spans[i - 1][1]]
        if _SIGNATURE_RE.match(sent) or (_NAME_RE.match(sent) and len(sent) <= 40) or _MOTTO_RE.match(sent) \
                or _is_date_line(sent) or _SIGNATURE_ROLE_RE.match(sent) or _signature_cells(sent):
            i -= 1
            continue
        break
    for j in range(len(spans) - 1, max(floor, len(spans) - 15) - 1, -1):
        s, e = spans[j]
        if text[s:e].lower().startswith("nơi nhận") and all(b - a <= 90 for a, b in spans[j:]):
            return min(i, j)
    return i


def _signature_cells(line: str) -> bool:
    """A line of signatures: each cell a role or a name with its rank at most ("XÁC NHẬN CỦA CHI BỘ | NGƯỜI ĐĂNG
    KÝ", "Trần Thị Lan | Thiếu tá Lê Văn Khang", "Lê Văn Khang (Đã ký)")."""
    cells = [cell.strip() for cell in line.split(TABLE_SEPARATOR)]
    return len(line) <= 120 and all(
        cell and (_SIGNATURE_RE.match(cell) or _SIGNATURE_ROLE_RE.match(cell) or _signed_name(cell)) for cell in cells)


def _is_family_name(word: str) -> bool:
    from analyzer.detect.exemplars import is_family_name

    return is_family_name(word)


def _meta(text: str, spans: list[tuple[int, int]], header_end: int, signature_start: int) -> dict[str, str]:
    meta: dict[str, str] = {}
    issuing: list[str] = []
    # a header is often a table of two columns ("ĐẢNG BỘ XÃ … | ĐẢNG CỘNG SẢN VIỆT NAM", "Số: 05-ĐK/CB |
    # Tân Phú, ngày 12 tháng 3 năm 2024"): each cell is read as a line of its own
    cells = [cell.strip() for s, e in spans[: max(header_end, 1) + 2] for cell in text[s:e].split(TABLE_SEPARATOR)]
    for sent in filter(None, cells):
        if "doc_type" not in meta and _DOC_TYPE_RE.match(sent):
            meta["doc_type"] = _DOC_TYPE_RE.match(sent).group(1)  # type: ignore[union-attr]
        elif "number" not in meta and _SO_RE.match(sent):
            found = _NUMBER_RE.search(sent)
            meta["number"] = found.group(1).replace(" ", "") if found else _SO_RE.match(sent).group(1)  # type: ignore[union-attr]
            # the date written on the same line, as a PDF gives the two cells ("Số: 05-ĐK/CB Tân Phú, ngày …")
            after = sent[found.end() if found else _SO_RE.match(sent).end():].strip()  # type: ignore[union-attr]
            if after and "date" not in meta and "year" not in meta:
                _read_date(after, meta)
        elif "date" not in meta and "year" not in meta and _read_date(sent, meta):
            continue  # the date line
        elif "doc_type" not in meta and _is_upper(sent) and not _MOTTO_RE.match(sent) and len(issuing) < 3:
            body = _MOTTO_INSIDE_RE.sub(" ", sent).strip(" *-–")  # the Party's or the State's name beside it
            if body:
                issuing.append(" ".join(body.split()))
    if issuing:
        meta["issuing_body"] = " – ".join(issuing)
    for s, e in spans:
        sent = text[s:e]
        lowered = sent.lower()
        if "model_name" not in meta and lowered.startswith("tên mô hình"):
            value = sent.partition(":")[2].strip().strip("“”\"'. ")
            if value:
                meta["model_name"] = value
        label = _PERSON_LINE_RE.match(sent) if "person_name" not in meta else None
        if label:
            value = _AFTER_PERSON_RE.split(sent[label.end():].strip(" |:"))[0].strip()
            value = _signed_name(value) if value else None  # "Đồng chí Lê Văn Khang", "Thượng úy LÊ VĂN KHANG"
            if value:
                meta["person_name"] = value
    if "model_name" not in meta:
        for s, e in spans[: header_end + 3]:
            sent = text[s:e]
            quoted = _QUOTED_RE.search(sent)
            # the title's quoted line, or a quote the sentence calls the model; not a campaign's or a
            # book's name quoted in the first sentence ("Thực hiện Cuộc vận động “Phát huy truyền thống …”")
            if quoted and ("mô hình" in sent.lower() or _is_upper(sent) or _QUOTED_LINE_RE.match(sent)
                           or _QUOTED_FIELD_RE.match(sent)):
                meta["model_name"] = quoted.group(1).strip()
                break
    signatory = _signatory([text[s:e] for s, e in spans[signature_start:]])
    if signatory:
        meta["signatory"] = signatory
    if "date" not in meta and "year" not in meta:
        # a personal registration often dates itself above the signature: a line that is only the date
        for s, e in spans[max(header_end, signature_start - 3):]:
            if _read_date(text[s:e], meta):
                break
    return meta


def _signed_name(line: str) -> str | None:
    """The name a signature line holds, without its rank or title: "Thượng úy LÊ VĂN KHANG" → "Lê Văn Khang"."""
    from analyzer.detect.exemplars import signed_name

    found = signed_name(line)
    if found:
        return found
    if _NAME_RE.match(line) and not _is_upper(line):
        return line.strip()  # "H'Hen Niê"
    return None


def _signatory(lines: list[str]) -> str | None:
    """Who signs: the name under the author's role ("NGƯỜI ĐĂNG KÝ", "Người viết"), in the same column when
    the signatures stand side by side ("XÁC NHẬN CỦA CHI BỘ | NGƯỜI ĐĂNG KÝ"), not the secretary who confirms
    the registration after it; else the last name of the signature block.

    Example:
        >>> _signatory(["NGƯỜI ĐĂNG KÝ", "Lê Thị Thu", "XÁC NHẬN CỦA CHI BỘ", "BÍ THƯ", "Nguyễn Văn Hải"])
        'Lê Thị Thu'
        >>> _signatory(["XÁC NHẬN CỦA CHI BỘ | NGƯỜI ĐĂNG KÝ", "Trần Thị Lan | Thượng úy Lê Văn Khang"])
        'Lê Văn Khang'
        >>> _signatory(["T/M CHI BỘ", "BÍ THƯ", "Trần Văn Ba"])
        'Trần Văn Ba'
    """
    for i, line in enumerate(lines):
        cells = [cell.strip() for cell in line.split(TABLE_SEPARATOR)]
        column = next((c for c, cell in enumerate(cells) if _AUTHOR_ROLE_RE.match(cell)), None)
        if column is None:
            continue
        for below in lines[i + 1:]:
            row = [cell.strip() for cell in below.split(TABLE_SEPARATOR)]
            cell = row[column] if len(row) == len(cells) else below if len(row) == 1 else ""
            found = _signed_name(cell) if cell else None
            if found:
                return found
    for line in reversed(lines):
        if TABLE_SEPARATOR not in line:
            found = _signed_name(line)
            if found and not (_is_upper(line) and _SIGNATURE_RE.match(line)):
                return found
    return None


# the author's own role above his signature (not "XÁC NHẬN", "T/M CHI BỘ", "BÍ THƯ": who confirms it)
_AUTHOR_ROLE_RE = re.compile(r"^người\s+(?:đăng\s+k[ýí]|viết|lập|làm\s+đơn|cam\s+kết|báo\s+cáo)\b", re.IGNORECASE)


def _read_date(sent: str, meta: dict[str, str]) -> bool:
    """Put the date and place of a date line ("Châu Thành, ngày 20 tháng 3 năm 2024", "ngày 22/3/2024")
    into ``meta``, or only its year (``meta["year"]``) when the day is left blank for the signing
    ("ngày    tháng 3 năm 2026"). A line that goes on after the date is a sentence, not the document's
    date, and a date that is no calendar date ("ngày 45/13/2024") is not read.

    Example:
        >>> meta = {}
        >>> _read_date("Lâm Thao, ngày 22/3/2024", meta), meta
        (True, {'date': '2024-03-22', 'place': 'Lâm Thao'})
        >>> meta = {}
        >>> _read_date("Lâm Thao, ngày ... tháng ... năm 2026", meta), meta
        (True, {'year': '2026', 'place': 'Lâm Thao'})
        >>> _read_date("Ngày 15 tháng 4 năm 2024, chi bộ tổ chức hội nghị.", {})
        False
        >>> meta = {}
        >>> _read_date("Thời gian: 19 giờ 30 phút, ngày 05/3/2024.", meta), meta
        (True, {'date': '2024-03-05'})
    """
    m = _DATE_RE.match(sent) or _DATE_FIGURES_RE.match(sent) or _DATE_BLANK_RE.match(sent)
    if m is None or sent[m.end():].strip().strip(".").strip():
        return False
    if m.re is _DATE_BLANK_RE:
        meta["year"] = m["y"] or m["y2"]
    else:
        try:
            found = datetime.date(int(m["y"]), int(m["m"]), int(m["d"]))
        except ValueError:
            return False
        meta["date"] = found.isoformat()
    # a field before the comma is no place: "Thời gian: 19 giờ 30 phút, ngày 05/3/2024" (a minute's hour)
    place = m["place"] or (m["place2"] if m.re is _DATE_BLANK_RE else None)
    if place and ":" not in place and not _TIME_FIELD_RE.match(place):
        meta["place"] = place.strip()
    return True


def analyze_layout(text: str, spans: list[tuple[int, int]]) -> Layout:
    """Classify each sentence span and compute section paths and header metadata."""
    header_end = _header_end(text, spans)
    signature_start = max(_signature_start(text, spans, header_end), header_end)
    line_starts = {0} | {i + 1 for i, c in enumerate(text) if c == "\n"}
    stack: list[tuple[int, str]] = []
    units: list[Unit] = []
    for i, (s, e) in enumerate(spans):
        sent = text[s:e]
        section = " > ".join(h for _, h in stack)
        if i < header_end:
            units.append(Unit(s, e, "header", ""))
            continue
        if i >= signature_start:
            units.append(Unit(s, e, "signature", section))
            continue
        level = heading_level(sent, s in line_starts)
        if level:
            while stack and stack[-1][0] >= level:
                stack.pop()
            units.append(Unit(s, e, "heading", " > ".join(h for _, h in stack), level))
            stack.append((level, sent.rstrip(":").strip()))
            continue
        kind = ("table_header" if _HEADER_CELL_RE.match(sent) else "table_row") if TABLE_SEPARATOR in sent else "body"
        units.append(Unit(s, e, kind, section))
    return Layout(tuple(units), _meta(text, spans, header_end, signature_start))
