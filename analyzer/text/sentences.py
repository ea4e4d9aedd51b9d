"""Layout-aware sentence segmentation with exact character offsets.

Layout first (lines, table rows), then underthesea's ``sent_tokenize`` inside a line, then
repairs for what it gets wrong on administrative text: list markers split from their item
("1." / "II." / "a)"), titles split from the name ("PGS.TS." / "TP.") and "TM." from "BAN CHẤP HÀNH",
a closing quote left at the start of the next sentence, a quotation or parenthesis cut at a full stop
inside it, and "v.v. Năm", "ngành y. Cán bộ", "20 đ/v. Trong đó" left unsplit.

Example:
    >>> text = "I. HỌC TẬP BÁC\\n1. Chi bộ tổ chức học tập. PGS.TS. Lê Văn An báo cáo “Học đi đôi với hành.” Tiếp theo v.v. Năm 2024 làm tốt."
    >>> [text[s:e] for s, e in split_sentences(text)]
    ['I. HỌC TẬP BÁC', '1. Chi bộ tổ chức học tập.', 'PGS.TS. Lê Văn An báo cáo “Học đi đôi với hành.”', 'Tiếp theo v.v.', 'Năm 2024 làm tốt.']
"""

from __future__ import annotations

import re
from collections.abc import Iterator

MAX_SENTENCE_CHARS = 2000
MAX_QUOTE_CHARS = 600  # how far on a quotation or a parenthesis is looked for its close
TABLE_SEPARATOR = " | "

_MARKER_RE = re.compile(r"^(?:[IVXLC]{1,6}|\d{1,3}(?:\.\d{1,3})*|[a-zđA-Z])[.)/]$|^[-+•*–—]$|^(?:Phần|PHẦN|Mục|MỤC|Bước|BƯỚC|Giai đoạn|GIAI ĐOẠN)\s+\w{1,5}[.:]$")
_ABBREV_END_RE = re.compile(
    r"(?:^|[\s(“\"'])(?:TP|Tp|PGS|GS|TS|ThS|Ths|BS|BSCKI|BSCKII|KS|CN|ĐD|NGƯT|NGND|TTND|TTƯT|Đ/c|đ/c|Đ/C|Q|P|KP|TDP|TT|St|Tr|Th\.S|PGS\.TS|GS\.TS|Ths\.BS|ThS\.BS|BS\.CKI|BS\.CKII|Nxb|NXB|tr|TS\.BS)\.$"
    r"|(?:^|[\s(:,])(?:(?:Ngh|Ng|Nh|Th|Tr|Ph|Kh|Ch|Gi|Gh|Qu|[A-ZĐ])\.){1,3}$"  # a name's initials: "N.V.", "Ng.Th."
    r"|(?:^|[\s(“\"'])(?:DS|LS|KTS)\.$"  # a pharmacist's, a lawyer's, an architect's title: "DS. Phạm Thị Hà"
    # the signature block's "TM." (thay mặt), "KT." (ký thay), "TL." (thừa lệnh) opening a piece: "TM. BAN CHẤP HÀNH"
    r"|^(?:TM|KT|TL|TUQ|T\.M|K\.T|T\.L)\.$"
)
_CLOSERS = "”’\"')]»"
# "v.v.", an ellipsis glued to a word ("tọa đàm… Mỗi đảng viên"; "số … Chi bộ" is a blank left to fill in),
# a quotation cut short ("sửa đổi lối làm việc…” Chi bộ"), "y" (medicine: "ngành y.", "Đông y."), "m" after a
# figure ("350 m."), "đ/v" (đảng viên) and a numbered term, appendix or team ("học kỳ I.", "Tổ A.") end a sentence
# before a capital: underthesea takes every single letter for an initial
_VV_RE = re.compile(r"(?:v\.v\.|v\.v…|vv\.|(?<=[^\W\d_])(?:…|\.{3})[”\"]|(?<=[^\W\d_])…|(?i:đ/v)\.|(?<=\s)y\.|(?<=\d\s)m\.|(?i:\b(?:học kỳ|học kì|phụ lục|quý|giai đoạn|tổ|nhóm|khối|"
                    r"loại|mức|hạng|đội|lớp|khu|phần|mục|chương|điều|bước|đợt|ấp|khóm|khoá|khóa)\s+)[IVXA-DĐ]\.)\s+(?=[A-ZĐÀ-Ỹ])")
# a Roman numeral or a letter that numbers a term, an appendix, a team ("học kỳ I.", "Phụ lục I.", "Tổ A.")
# ends a sentence: it is no initial of a name
_NUMBERED_END_RE = re.compile(r"(?i)\b(?:học kỳ|học kì|kỳ|phụ lục|quý|giai đoạn|tổ|nhóm|khối|loại|xếp loại|mức|hạng|đội|"
                              r"lớp|khu|phần|mục|chương|điều|bước|đợt|ấp|khóm|khoá|khóa)\s+[IVXA-DĐ]\.$")
# nothing, or only a list marker, before a numbered part at the start of a sentence
_LEAD_MARKER_RE = re.compile(r"(?:(?:[-+•*–]|\d{1,3}(?:\.\d{1,3})*[.)/])\s*)?")
_SPLIT_HINT_RE = re.compile(r"[.!?…][\s”’\"')\]]*\s|[.!?…][A-ZĐÀ-Ỹ]|v\.v\.")


def _sent_tokenize(line: str) -> list[str]:
    from underthesea import sent_tokenize

    return sent_tokenize(line)


def _align(line: str, pieces: list[str]) -> list[tuple[int, int]]:
    """Offsets of ``pieces`` inside ``line`` (pieces are in order; whitespace may differ)."""
    spans: list[tuple[int, int]] = []
    cursor = 0
    for piece in pieces:
        chars = [c for c in piece if not c.isspace()]
        if not chars:
            continue
        while cursor < len(line) and line[cursor].isspace():
            cursor += 1
        start, i = cursor, cursor
        for c in chars:
            while i < len(line) and line[i].isspace():
                i += 1
            if i >= len(line) or line[i] != c:
                return [(0, len(line))]  # the splitter changed the text: keep the line whole
            i += 1
        spans.append((start, i))
        cursor = i
    return spans


def _repair(line: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in spans:
        if out:
            prev_s, prev_e = out[-1]
            prev = line[prev_s:prev_e]
            # a full stop with a digit or a small letter right after it ("hội trường KP.2") ends no sentence
            glued = start == prev_e and prev.endswith(".") and (line[start].isdigit() or line[start].islower())
            abbreviation = _ABBREV_END_RE.search(prev) and not _NUMBERED_END_RE.search(prev)
            lead = 0
            while start + lead < end and line[start + lead] in _CLOSERS:
                lead += 1
            # still inside a quotation or a parenthesis that closes after this piece's leading closers
            # ("Bác dạy: “Học đi đôi với hành. Lý luận phải gắn với thực tiễn.”"); "?"." leaves a bare "."
            quoted = _closes_at(line, prev_s, prev_e) >= start + lead
            bare = not any(c.isalnum() for c in line[start:end])
            if _MARKER_RE.match(prev) or abbreviation or glued or quoted or bare:
                out[-1] = (prev_s, end)
                continue
            if lead:
                out[-1] = (prev_s, start + lead)
                start += lead
                while start < end and line[start].isspace():
                    start += 1
                if start >= end:
                    continue
                if line[start].islower():  # "(… 12,5 tỷ đ.) trước 31/12/2025": the sentence goes on
                    out[-1] = (prev_s, end)
                    continue
        out.append((start, end))
    return [piece for s, e in out for piece in _split_vv(line, s, e)]


def _closes_at(line: str, start: int, end: int) -> int:
    """Where on ``line`` the quotation or parenthesis that ``line[start:end]`` opens and leaves open is
    closed (at most ``MAX_QUOTE_CHARS`` on), or -1: none is open, or it is never closed, or another
    one opens first.

    Example:
        >>> line = "Bác dạy: “Học đi đôi với hành. Lý luận phải gắn với thực tiễn.” Chi bộ làm theo."
        >>> line[_closes_at(line, 0, 30)]
        '”'
        >>> _closes_at("Bác dạy: “Học tập. Chi bộ làm “X” tốt.", 0, 18)
        -1
    """
    piece = line[start:end]
    rest = line[end:end + MAX_QUOTE_CHARS]
    for opener, closer in (("“", "”"), ("(", ")"), ('"', '"')):
        opened = piece.count(opener) % 2 if opener == closer else piece.count(opener) - piece.count(closer)
        if opened > 0:
            close, reopen = rest.find(closer), rest.find(opener) if opener != closer else -1
            if close >= 0 and (reopen < 0 or close < reopen):
                return end + close
    return -1


def _split_vv(line: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    for match in _VV_RE.finditer(line, start, end):
        if _LEAD_MARKER_RE.fullmatch(line, start, match.start()):
            continue  # "PHẦN I. MÔ HÌNH THỨ NHẤT", "1. Giai đoạn I. Chuẩn bị": the part's number opens the sentence
        if not line[match.end()].isupper():
            continue  # À-Ỹ holds small letters too: "v.v. được", "tư duy…” được học" go on
        cut = match.start() + len(match.group(0).rstrip())
        yield start, cut
        start = match.end()
    yield start, end


def _hard_split(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Cut a runaway sentence (a million characters on one line) at spaces, to bound memory."""
    while end - start > MAX_SENTENCE_CHARS:
        cut = text.rfind(" ", start + MAX_SENTENCE_CHARS // 2, start + MAX_SENTENCE_CHARS)
        cut = cut if cut > start else start + MAX_SENTENCE_CHARS
        yield start, cut
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if start < end:
        yield start, end


def split_line(line: str) -> list[tuple[int, int]]:
    """Sentence spans inside one line (no newline in ``line``), offsets relative to it.

    Example:
        >>> line = "Chi bộ có 15 ĐV. Đ/c Nguyễn Văn Tùng phụ trách."
        >>> [line[s:e] for s, e in split_line(line)]
        ['Chi bộ có 15 ĐV.', 'Đ/c Nguyễn Văn Tùng phụ trách.']
    """
    left = len(line) - len(line.lstrip())
    right = len(line.rstrip())
    if left >= right:
        return []
    body = line[left:right]
    if TABLE_SEPARATOR in body or not _SPLIT_HINT_RE.search(body):
        spans = [(0, len(body))]
    else:
        spans = _repair(body, _align(body, _sent_tokenize(body)))
    return [(s + left, e + left) for s, e in spans]


def split_sentences(text: str) -> list[tuple[int, int]]:
    """All sentence spans of a document text, in order; ``text[s:e]`` never starts or ends with space."""
    spans: list[tuple[int, int]] = []
    offset = 0
    for line in text.split("\n"):
        for s, e in split_line(line):
            spans.extend(_hard_split(text, offset + s, offset + e))
        offset += len(line) + 1
    return spans
