"""PDF: the text layer (pypdf; pdfplumber as a fallback when installed), re-flowed, its ruled tables
read row by row (:mod:`analyzer.ingest.pdf_tables`); scanned pages read by OCR when Tesseract is
installed (:mod:`analyzer.ingest.ocr`), and so are a page whose text layer cannot be decoded (a font
without a Unicode map gives symbols: :func:`undecodable`) and a scan under a few typed lines (an
e-signature stamp "Ký bởi: … Thời gian ký: …", kept beside the recognised text).

A PDF stores visual lines, so a paragraph arrives hard-wrapped at the page width.
:func:`reflow_lines` joins a line to the next when the line was wrapped (the next
line's first word would not have fitted on it, or the next line goes on in lower
case) and does not close a sentence; headings such as ``I. NỘI DUNG``, bullets
(``-``, ``+``, ``a)``, ``1.``) and blank lines stay on lines of their own, but a
full-width title goes on over its next capitalised line.

Example:
    >>> for line in reflow_lines(["I. NỘI DUNG",
    ...                           "Chi bộ tổ chức cho 100% đảng viên học tập chuyên đề năm 2024 theo",
    ...                           "đúng kế hoạch của Đảng ủy xã.",
    ...                           "- Nêu gương: Bí thư chi bộ gương mẫu đi đầu."]):
    ...     print(line)
    I. NỘI DUNG
    Chi bộ tổ chức cho 100% đảng viên học tập chuyên đề năm 2024 theo đúng kế hoạch của Đảng ủy xã.
    - Nêu gương: Bí thư chi bộ gương mẫu đi đầu.
"""

from __future__ import annotations

import difflib
import functools
import importlib.util
import io
import logging
import re
import unicodedata
from collections.abc import Callable
from typing import NamedTuple

from pypdf import PdfReader

from analyzer.errors import E
from analyzer.ingest.base import Extracted, Limits, Refused
from analyzer.ingest.messages import W
from analyzer.ingest.pdf_tables import PageReader
from analyzer.text.sentences import TABLE_SEPARATOR

_BLOCK_START = re.compile(
    r"""^(?:
        [-+•·*○●■□▪►✓❖\uf020-\uf0ff]\s           # bullets, a symbol font's too (a line opening with "–" is below)
      | [a-zđ]\)\s?                               # a) b) đ)
      | \(?\d{1,3}(?:\.\d{1,3})*[.)]\s?(?!\d)     # 1. 1) 1.2. (1)
      | [IVXLC]{1,6}[.)]\s                        # I. II) roman headings
      | [A-ZĐ][.)]\s                              # A. B)
      | (?:Điều|Chương|Phần|Mục|ĐIỀU|CHƯƠNG|PHẦN|MỤC)\s+[\dIVXLC]+\b   # Điều 1, PHẦN II
      | (?:\d{1,3}|[IVXLC]{1,6})\s\|\s            # a numbered table row: 3 | Tổ chức …
      | (?:Kính\sgửi|Nơi\snhận|Tên\s(?:mô\shình|việc\slàm)(?:\s\w+){0,2}|Mô\shình|Họ\s(?:và\s)?tên|Chức\svụ)\s?:
      | Căn\scứ\s                                 # Căn cứ Nghị quyết …
      | (?:ĐẢNG\sBỘ|CHI\sBỘ|ĐẢNG\s(?:ỦY|UỶ|CỘNG\sSẢN)|CỘNG\sHO[ÀÒ]A|ĐỘC\sLẬP|ỦY\sBAN|UỶ\sBAN)\b  # letterhead
    )\s*\S""",
    re.VERBOSE,
)
# Bullets are typed "-"; "– " opening a line after a full one is "Việt – Khmer" wrapped.
_NUMBERED_ROW = re.compile(r"^(?:\d{1,3}|[IVXLC]{1,6})[.)]?\s\|\s")
_DASH_START = re.compile(r"^[–—](\s?)\s*\S")
_QUOTE_END = "\"”»"
_CLOSING = "\"'”’»)]"
_SENTENCE_END = ".!?…"
_CLAUSE_END = ":;"
_PAGE_NUMBER = re.compile(r"^(?:Trang\s+)?[-–]?\s*\d{1,4}\s*[-–]?(?:\s*/\s*\d{1,4})?$")
_COLUMN_GAP = re.compile(r"\S\s{3,}\S")
# Advance widths relative to the em of a proportional font, by base letter: a full line
# of capitals holds fewer characters than a full line of "i" and "t".
_NARROW = frozenset(" iljtfrI.,:;'!|()[]/-\"’”“‘")
_WIDE = frozenset("mwMW")
# pypdf logs every repaired cross-reference table or missing end marker, and so does
# pdfminer (under the optional pdfplumber); the file's status already says what went wrong.
# Kept from propagating: underthesea calls logging.basicConfig when imported, so the root
# logger prints each note on stderr, through the middle of a batch's progress bar.
for _name in ("pypdf", "pdfminer"):
    logging.getLogger(_name).addHandler(logging.NullHandler())
    logging.getLogger(_name).propagate = False


class _Width(NamedTuple):
    """How much a full line holds: characters (monospaced text) and estimated ems (a PDF)."""

    chars: int
    ems: float


@functools.lru_cache(maxsize=4096)
def _advance(char: str) -> float:
    base = unicodedata.normalize("NFD", char)[0]
    if base in _NARROW:
        return 0.32
    if base in _WIDE:
        return 0.88
    if base.isupper():
        return 0.7
    return 0.55 if base.isalpha() else 0.6


def _ems(text: str) -> float:
    return sum(_advance(char) for char in text)


def _is_heading(line: str) -> bool:
    letters = [char for char in line if char.isalpha()]
    return len(letters) >= 2 and all(char.isupper() for char in letters)


def _goes_on_in_capitals(line: str) -> bool:
    """The rest of a wrapped title: no lower-case letter, not the end of a sentence."""
    return not any(char.islower() for char in line) and not line.rstrip(_CLOSING + " ").endswith(
        tuple(_SENTENCE_END + _CLAUSE_END)
    )


def _text_width(lines: list[str]) -> _Width:
    """A full line: the longest in characters; in ems the 90th percentile (the longest, for a few lines)."""
    lengths = sorted(len(line) for line in lines if line)
    ems = sorted(_ems(line) for line in lines if line)
    if not lengths:
        return _Width(0, 0.0)
    return _Width(lengths[-1], ems[-1] if len(ems) < 10 else ems[int(0.9 * (len(ems) - 1))])


def _is_full(line: str, following: str, width: _Width, *, by_both: bool = False) -> bool:
    """The next line's first word would not have fitted on ``line``: the line was wrapped. By its
    characters or by its estimated ems; ``by_both``: by both measures (the estimate of ems is rough)."""
    word = following.split(None, 1)[0]
    by_chars = len(line) + 1 + len(word) > width.chars
    by_ems = _ems(line) + _ems(" " + word) > width.ems
    return (by_chars and by_ems) if by_both else (by_chars or by_ems)


def _continues(line: str, following: str, width: _Width) -> bool:
    if not line or not following:
        return False
    if TABLE_SEPARATOR in following:  # a table's row begins a line of its own, unless it is the rest of one
        return TABLE_SEPARATOR in line and following[0].islower() and _is_full(line, following, width)
    if TABLE_SEPARATOR in line and not following[0].islower() and (
            following.rstrip(_CLOSING + " ")[-1:] in _SENTENCE_END or len(following) > width.chars / 2):
        # a sentence after a table's row opens a line of its own; a cell's wrapped words are a few, ending none
        # ("… | Tháng 4/2024 | Phó" / "Bí thư chi bộ")
        return False
    full = _is_full(line, following, width)
    if _BLOCK_START.match(following):
        return False
    dash = _DASH_START.match(following)
    if dash and not (full and dash.group(1)):
        return False
    if _is_heading(line):  # a title wrapped at the page width goes on in capitals
        return full and _goes_on_in_capitals(following) and not _COLUMN_GAP.search(line)
    tail = line.rstrip(_CLOSING + " ")
    if not tail or tail[-1] in _SENTENCE_END:
        return False
    if following[0].islower():
        return True
    if tail[-1] == ";":  # a full line ending a clause was wrapped, whatever follows ("…năm 2022;" / "Đảng ủy xã …"),
        # but a capital after it more often opens the next item: then the line must be full by both measures
        return _is_full(line, following, width, by_both=True) if following[0].isupper() else full
    if tail[-1] in _CLAUSE_END:  # "… đề ra chỉ tiêu:" wrapped before its figures
        return full and not following[0].isupper()
    # A quoted name closing a full line ends it: “Dân vận khéo” / Chi bộ …
    return full and not line.endswith(tuple(_QUOTE_END))


def reflow_lines(lines: list[str]) -> list[str]:
    """Join hard-wrapped lines into paragraphs; keep headings, bullets and blank lines."""
    lines = [line.strip() for line in lines]
    # a table's row is its cells side by side on one line, wider than the page's text: the text's full
    # line is measured without the rows, a row's among them
    row_width = _text_width(lines)
    width = _text_width([line for line in lines if TABLE_SEPARATOR not in line]) if row_width.chars else row_width
    out: list[str] = []
    last = ""  # the last physical line of out[-1], which decides the next join
    cells = 0  # separators of the table's last whole row (its header's first)
    for line in lines:
        measure = row_width if TABLE_SEPARATOR in last else width
        if out and (_continues(last, line, measure) or _completes_row(out[-1], line, cells)):
            out[-1] = f"{out[-1]} {line}"
        else:
            if out and TABLE_SEPARATOR in out[-1]:
                cells = out[-1].count(TABLE_SEPARATOR)
            out.append(line)
        last = line
    return out


def _completes_row(row: str, following: str, cells: int) -> bool:
    """A table row wrapped inside a cell: it has fewer cells than the row before it, and the next
    line holds exactly the rest ("5 | Đợt cao điểm … | Quý II – Quý" / "III/2024 | Đ/c Hoàng Văn Dũng");
    or wrapped at a separator (the next line opens with "| ", the row ends with " |")."""
    if TABLE_SEPARATOR not in row:
        return False
    at_separator = following.startswith("| ") or row.endswith(" |")
    if at_separator:
        return True
    if TABLE_SEPARATOR not in following or _NUMBERED_ROW.match(following):
        return False
    return row.count(TABLE_SEPARATOR) + following.count(TABLE_SEPARATOR) == cells


def _without_leading_number(lines: list[str]) -> list[str]:
    first = next((k for k, line in enumerate(lines) if line), None)
    if first is None or not _PAGE_NUMBER.match(lines[first]):
        return lines
    rest = lines[first + 1 :]
    while rest and not rest[0]:
        rest = rest[1:]
    return rest


def _drop_page_numbers(pages: list[list[str]]) -> list[list[str]]:
    """Remove a bare page number ("2", "- 2 -", "Trang 2") at the top or foot of a page.

    Blank lines at a page edge stay: they may be the paragraph break of the text.
    """
    if len(pages) < 2:
        return pages
    trimmed = []
    for lines in pages:
        lines = _without_leading_number([line.strip() for line in lines])
        trimmed.append(_without_leading_number(lines[::-1])[::-1])
    return trimmed


class _Layout(NamedTuple):
    """What lies under a page's text: the share of the page the largest picture drawn on it covers,
    and whether the text stands in the upper half of the page."""

    picture: float = 0.0
    high: bool = True


def _layout(page, visitors: PageReader) -> _Layout:  # type: ignore[no-untyped-def]
    """The page's largest picture (an image XObject drawn on it) and where its text stands."""
    try:
        box = page.mediabox
        area, middle = float(box.width) * float(box.height), float(box.bottom) + float(box.height) / 2
        objects = page["/Resources"].get_object().get("/XObject")
        objects = objects.get_object() if objects is not None else {}
        pictures = [drawn for name, drawn in visitors.drawn
                    if name in objects and objects[name].get_object().get("/Subtype") == "/Image"]
    except Exception:  # a damaged page dictionary: no picture known, as before
        return _Layout()
    return _Layout(min(max(pictures, default=0.0) / area, 1.0) if area > 0 else 0.0, visitors.high(middle))


def _pypdf_pages(data: bytes) -> tuple[list[str], list[_Layout]]:
    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        try:
            opened = reader.decrypt("")
        except Exception as exc:  # pypdf needs an extra crypto package for AES
            raise Refused(E.ENCRYPTED) from exc
        if not opened:
            raise Refused(E.ENCRYPTED)
    pages, layouts = [], []
    for page in reader.pages:
        visitors = PageReader()  # its ruled tables as rows (:mod:`analyzer.ingest.pdf_tables`)
        plain = page.extract_text(visitor_text=visitors.on_text, visitor_operand_before=visitors.on_operator) or ""
        pages.append(visitors.text(plain))
        layouts.append(_layout(page, visitors))
    return pages, layouts


def _pdfplumber_pages(data: bytes) -> list[str]:
    import pdfplumber  # optional: only used when it is installed

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def _plumber() -> Callable[[bytes], list[str]] | None:
    return _pdfplumber_pages if importlib.util.find_spec("pdfplumber") else None


def _extract_pages(data: bytes) -> tuple[list[str], list[_Layout], tuple[str, ...]]:
    fallback = _plumber()
    try:
        pages, layouts = _pypdf_pages(data)
    except Refused:
        raise
    except Exception as exc:
        if fallback is None:
            raise
        pages = fallback(data)
        return pages, [_Layout()] * len(pages), (W.PDF_FALLBACK.format(detail=type(exc).__name__),)
    if fallback is not None and not any(page.strip() for page in pages):
        return fallback(data), layouts, (W.PDF_FALLBACK.format(detail="no text"),)
    return pages, layouts, ()


# what a text layer without a Unicode map gives: glyph numbers read as characters, so control
# characters (the first 32 glyphs of a subset font; the space of a whole font is glyph 3) and rare
# symbols where the letters should be
_CONTROLS = frozenset({"Cc", "Cn", "Cs"})
_TEXT_MARKS = frozenset(".,;:!?()-–—/%|\"'“”‘’«»…•·+*_=°№")
_MIN_CONTROLS = 3
_MIN_CHARS = 20  # fewer characters without control characters are no evidence (a page number, "Hết.")


def undecodable(text: str) -> bool:
    r"""Whether a page's text layer cannot be decoded: control characters among it, or letters fewer
    than half its characters other than digits, with rare symbols a fifth of them. Figures, a table of
    numbers, dotted leaders and a text in a legacy font (TCVN3 "Chi bé Tr\xadêng", converted later) are text.

    Example:
        >>> undecodable("\x01\x02\x03\x04 \x05\x06 \x07\x08 \x0c\r\x0e\x0f\x10\r\x11 $-. /\x19/0")
        True
        >>> undecodable("Chi bộ có 31 đảng viên, 9 đảng viên được miễn sinh hoạt."), undecodable("1 | 2.500 | 30%")
        (False, False)
    """
    chars = [char for char in text if char not in " \t\n\r\u00a0"]
    categories = [unicodedata.category(char) for char in chars]
    controls = sum(1 for category in categories if category in _CONTROLS) + chars.count("\ufffd")
    if controls >= _MIN_CONTROLS and controls >= 0.1 * len(chars):
        return True
    if len(chars) < _MIN_CHARS:
        return False
    letters = sum(1 for char in chars if char.isalpha())
    digits = sum(1 for category in categories if category == "Nd")
    rare = sum(1 for char in chars if not char.isalnum() and char not in _TEXT_MARKS)
    return letters < 0.5 * (len(chars) - digits) and rare >= 0.2 * len(chars)


# a scan under a few typed lines (an e-signature stamp "Ký bởi: … Thời gian ký: …", a scanner app's
# note): a picture over this share of the page, and at most this many lines of text
_SCAN_SHARE = 0.6
_FEW_LINES = 6
_SAME_LINE = 0.8  # SequenceMatcher ratio above which a typed line is one OCR read


def _stamped_scan(page: str, layout: _Layout) -> bool:
    """A page that is a scan with a few typed lines over it: a picture covers most of it."""
    return layout.picture >= _SCAN_SHARE and 0 < sum(1 for line in page.splitlines() if line.strip()) <= _FEW_LINES


def _fold(line: str) -> str:
    return " ".join(unicodedata.normalize("NFC", line).casefold().split())


def _with_typed_lines(recognised: str, typed: str, high: bool) -> str:
    r"""A scan's recognised text with the typed lines over it that it does not hold already (a
    signature stamp: the scan is recognised without it), before or after it as they stand on the page.

    Example:
        >>> print(_with_typed_lines("CHI BỘ THÔN NGỌC QUAN\nBẢN ĐĂNG KÝ", "Ký bởi: Ủy ban nhân dân xã\nBẢN ĐĂNG KÝ", True))
        Ký bởi: Ủy ban nhân dân xã
        CHI BỘ THÔN NGỌC QUAN
        BẢN ĐĂNG KÝ
    """
    read = [_fold(line) for line in recognised.splitlines() if line.strip()]
    whole = "\n".join(read)

    def reproduced(line: str) -> bool:
        folded = _fold(line)
        return folded in whole or any(difflib.SequenceMatcher(None, folded, other).ratio() >= _SAME_LINE
                                      for other in read)

    kept = "\n".join(line for line in typed.splitlines() if line.strip() and not reproduced(line))
    if not kept:
        return recognised
    return f"{kept}\n{recognised}" if high else f"{recognised}\n{kept}"


class _Read(NamedTuple):
    pages: list[str]
    warnings: tuple[str, ...]
    tried: bool  # OCR was tried
    undecodable: int  # pages whose text layer could not be decoded


def _recognised(data: bytes, pages: list[str], layouts: list[_Layout]) -> _Read:
    """The pages with those that have no text layer (a scan; a page number stamped on it aside), whose
    text layer cannot be decoded (:func:`undecodable`) or that are a scan under a few typed lines
    (:func:`_stamped_scan`), read by OCR when this machine can (:mod:`analyzer.ingest.ocr`)."""
    from analyzer.ingest import ocr

    junk = {k for k, page in enumerate(pages) if undecodable(page)}
    scanned = {k for k, page in enumerate(pages) if not page.strip() or _PAGE_NUMBER.match(page.strip())}
    stamped = {k for k, (page, layout) in enumerate(zip(pages, layouts))
               if k not in junk | scanned and _stamped_scan(page, layout)}
    if not ocr.available():
        kept = ["" if k in junk else page for k, page in enumerate(pages)]
        notes = (W.UNDECODABLE.format(n=len(junk), total=len(pages)),) if junk and any(p.strip() for p in kept) else ()
        notes += (W.SCAN_PAGES_NOT_READ.format(n=len(stamped), total=len(pages)),) if stamped else ()
        return _Read(kept, notes, False, len(junk))
    chosen = sorted(junk | scanned | stamped)
    if not chosen:
        return _Read(pages, (), False, 0)
    recognised = ocr.recognise_pages(data, chosen, bare=stamped)
    found = {k: page for k, page in recognised.items() if page.text.strip()}
    for k in stamped & set(found):
        found[k] = found[k]._replace(text=_with_typed_lines(found[k].text, pages[k], layouts[k].high))
    pages = [found[k].text if k in found else "" if k in junk else page for k, page in enumerate(pages)]
    read = [found[k] for k in sorted(found)]
    return _Read(pages, ocr.warnings(len(read), len(pages), len(chosen), len(recognised), read), True, len(junk))


def read_pdf(data: bytes, limits: Limits) -> Extracted:
    """Text of a PDF's text layer, re-flowed; its scanned pages, those whose text layer cannot be
    decoded and those that are a scan under a signature stamp read by OCR when Tesseract is installed;
    :class:`Refused` E107 when no page has text (E116 when its text could not be decoded)."""
    pages, layouts, warnings = _extract_pages(data)
    read = _recognised(data, pages, layouts)
    pages, warnings = read.pages, warnings + read.warnings
    empty = sum(1 for page in pages if not page.strip())
    if empty == len(pages):
        raise Refused(E.NO_TEXT_OCR if read.tried else E.UNDECODABLE_PDF if read.undecodable else E.NO_TEXT_PDF)
    empty -= 0 if read.tried else read.undecodable  # said by W121
    if empty:
        warnings += (W.PDF_PAGES_WITHOUT_TEXT.format(empty=empty, total=len(pages)),)
    return Extracted(text=pages_text(pages), warnings=warnings, meta=(("pages", str(len(pages))),))


# a running header or footer: a line of this many characters or more on every page of the document
_RUNNING_MIN_CHARS = 12


def _drop_running_lines(pages: list[list[str]]) -> list[list[str]]:
    """Remove a running header or footer ("Chi bộ Trường THCS Lê Lợi – Bản đăng ký mô hình năm 2024"):
    the same line on every page of a document of two pages or more (on all but one of three pages or
    more: a first page or an endnote page without it), the first or last line of each page it is on
    (of all but one when they are three or more: a header drawn last can come out among a page's
    lines). A sentence a document repeats is not at the edge of every page. The .docx reader skips
    running headers and footers too."""
    if len(pages) < 2:
        return pages
    counts: dict[str, int] = {}
    edges: dict[str, int] = {}
    for lines in pages:
        kept = [line.strip() for line in lines if line.strip()]
        for line in set(kept):
            counts[line] = counts.get(line, 0) + 1
        for line in {kept[0], kept[-1]} if kept else ():
            edges[line] = edges.get(line, 0) + 1
    # with three pages or more, a header may be missing from one page: the first (Word's "different first
    # page") or an endnote page; it is then at the edge of all the pages it is on but one
    present = len(pages) - (1 if len(pages) >= 3 else 0)
    running = {line for line, n in counts.items()
               if n >= present and edges.get(line, 0) >= n - (1 if n >= 3 else 0) and len(line) >= _RUNNING_MIN_CHARS}
    if not running:
        return pages
    kept = [[line for line in lines if line.strip() not in running] for lines in pages]
    # a document of the same line on every page (a one-line notice printed twice) is that line, not a header
    return kept if any(line.strip() for lines in kept for line in lines) else pages


def _drop_repeated_table_headers(pages: list[list[str]]) -> list[list[str]]:
    """Remove the column names a table repeats at the top of each page it goes on to ("STT | Nội dung |
    Thời gian | Phụ trách", Word's "Repeat as header row"): the first line of a page, when the page before
    ends in a table whose first row it is. The .docx reader reads such a row once too."""
    out: list[list[str]] = []
    first_row = ""  # the first row of the table the text has reached, while it is in one
    for lines in pages:
        kept = list(lines)
        top = next((k for k, line in enumerate(kept) if line.strip()), None)
        if top is not None and first_row and kept[top].strip() == first_row:
            del kept[top]
        for line in kept:
            if not line.strip():
                continue
            if TABLE_SEPARATOR not in line:
                first_row = ""
            elif not first_row:
                first_row = line.strip()
        out.append(kept)
    return out


def pages_text(pages: list[str]) -> str:
    """The text of a document's pages: running headers and footers, bare page numbers and the column
    names a table repeats on each page dropped, hard-wrapped lines re-flowed."""
    split = _drop_repeated_table_headers(_drop_page_numbers(_drop_running_lines([p.splitlines() for p in pages])))
    lines = [line for page in split for line in page]
    return "\n".join(reflow_lines(lines))
