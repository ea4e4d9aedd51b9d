"""PDF: the text layer (pypdf; pdfplumber as a fallback when installed), re-flowed.

A PDF stores visual lines, so a paragraph arrives hard-wrapped at the page width.
:func:`reflow_lines` joins a line to the next when the line does not close a
sentence, heading or list item and the next line continues it; headings such as
``I. NỘI DUNG``, bullets (``-``, ``+``, ``a)``, ``1.``) and blank lines stay
on lines of their own.

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

import importlib.util
import io
import logging
import re
from collections.abc import Callable

from pypdf import PdfReader

from analyzer.errors import E
from analyzer.ingest.base import Extracted, Limits, Refused
from analyzer.ingest.messages import W

_BLOCK_START = re.compile(
    r"""^(?:
        [-+•·*–—○●■□▪►✓❖]\s                      # bullets
      | [a-zđ]\)\s?                               # a) b) đ)
      | \(?\d{1,3}(?:\.\d{1,3})*[.)]\s?(?!\d)     # 1. 1) 1.2. (1)
      | [IVXLC]{1,6}[.)]\s                        # I. II) roman headings
      | [A-ZĐ][.)]\s                              # A. B)
      | (?:Điều|Chương|Phần|Mục)\s+[\dIVXLC]+\b   # Điều 1, Phần II
    )""",
    re.VERBOSE,
)
_CLOSING = "\"'”’»)]"
_SENTENCE_END = ".!?:;…"
_PAGE_NUMBER = re.compile(r"^(?:Trang\s+)?[-–]?\s*\d{1,4}\s*[-–]?(?:\s*/\s*\d{1,4})?$")
# A wrapped line fills most of the text width; a shorter one ended on purpose.
_WRAPPED_SHARE = 0.6
# pypdf logs every repaired cross-reference table; without a handler of the
# application's, Python would print each one on stderr in the middle of a batch.
logging.getLogger("pypdf").addHandler(logging.NullHandler())


def _is_heading(line: str) -> bool:
    letters = [char for char in line if char.isalpha()]
    return len(letters) >= 2 and all(char.isupper() for char in letters)


def _closes_block(line: str) -> bool:
    tail = line.rstrip(_CLOSING + " ")
    return not tail or tail[-1] in _SENTENCE_END or _is_heading(line)


def _starts_block(line: str) -> bool:
    return bool(_BLOCK_START.match(line)) or _is_heading(line)


def _text_width(lines: list[str]) -> int:
    """Characters in a full line: the 90th percentile (the longest, for a few lines)."""
    lengths = sorted(len(line) for line in lines if line)
    if len(lengths) < 10:
        return lengths[-1] if lengths else 0
    return lengths[int(0.9 * (len(lengths) - 1))]


def _continues(line: str, following: str, width: int) -> bool:
    if not line or not following or _closes_block(line) or _starts_block(following):
        return False
    return len(line) >= _WRAPPED_SHARE * width or following[0].islower()


def reflow_lines(lines: list[str]) -> list[str]:
    """Join hard-wrapped lines into paragraphs; keep headings, bullets and blank lines."""
    lines = [line.strip() for line in lines]
    width = _text_width(lines)
    out: list[str] = []
    last = ""  # the last physical line of out[-1], which decides the next join
    for line in lines:
        if out and _continues(last, line, width):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
        last = line
    return out


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


def _pypdf_pages(data: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        try:
            opened = reader.decrypt("")
        except Exception as exc:  # pypdf needs an extra crypto package for AES
            raise Refused(E.ENCRYPTED) from exc
        if not opened:
            raise Refused(E.ENCRYPTED)
    return [page.extract_text() or "" for page in reader.pages]


def _pdfplumber_pages(data: bytes) -> list[str]:
    import pdfplumber  # optional: only used when it is installed

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def _plumber() -> Callable[[bytes], list[str]] | None:
    return _pdfplumber_pages if importlib.util.find_spec("pdfplumber") else None


def _extract_pages(data: bytes) -> tuple[list[str], tuple[str, ...]]:
    fallback = _plumber()
    try:
        pages = _pypdf_pages(data)
    except Refused:
        raise
    except Exception as exc:
        if fallback is None:
            raise
        return fallback(data), (W.PDF_FALLBACK.format(detail=type(exc).__name__),)
    if fallback is not None and not any(page.strip() for page in pages):
        return fallback(data), (W.PDF_FALLBACK.format(detail="no text"),)
    return pages, ()


def read_pdf(data: bytes, limits: Limits) -> Extracted:
    """Text of a PDF's text layer, re-flowed; :class:`Refused` E107 when it has none."""
    pages, warnings = _extract_pages(data)
    empty = sum(1 for page in pages if not page.strip())
    if empty == len(pages):
        raise Refused(E.NO_TEXT_PDF)
    if empty:
        warnings += (W.PDF_PAGES_WITHOUT_TEXT.format(empty=empty, total=len(pages)),)
    lines = [line for page in _drop_page_numbers([p.splitlines() for p in pages]) for line in page]
    text = "\n".join(reflow_lines(lines))
    return Extracted(text=text, warnings=warnings, meta=(("pages", str(len(pages))),))
