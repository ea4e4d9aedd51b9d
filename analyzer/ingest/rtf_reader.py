r"""Rich Text Format (.rtf) through striprtf, including Vietnamese code page 1258.

Word writes Vietnamese as ``\uNNNN?`` escapes, or as ``\'xx`` bytes in the document's
ANSI code page (``\ansicpg1258``) where tone marks are separate combining bytes:
``Tr\'fd\'f5\'ccng`` is *Trường* once NFC composes it.

Example:
    >>> read_rtf(rb"{\rtf1\ansi\ansicpg1258 Chi b\'f4\'f2 Tr\'fd\'f5\'ccng}", None).text
    'Chi bô\u0323 Trươ\u0300ng'
"""

from __future__ import annotations

import re

from striprtf.striprtf import charset_map, rtf_to_text

from analyzer.ingest.base import Extracted, Limits
from analyzer.ingest.messages import W

_ANSI_CODE_PAGE = re.compile(rb"\\ansicpg(\d{3,5})")
_DEFAULT_CODE_PAGE = "cp1252"
# A font entry "{\f1\fswiss\fcharset0 Times New Roman;}": its charset and name.
_FONT_ENTRY = re.compile(r"(\\f\d+[^;{}]*?\\fcharset)0(\b[^;{}]*?)([^\\;{}]*);")
_LEGACY_FONT = re.compile(r"\s*(?:\.vn|vni)", re.IGNORECASE)
# A cell's end (\cell, \nestcell; not \cellx, a cell's right edge): striprtf writes it as "|", which
# text may hold too; a private-use character marks it until the row is joined as other readers join it.
_CELL_WORD = re.compile(r"\\(?:nest)?cell(?![a-z])")
_CELL_MARK = "\ue000"


def _code_page(data: bytes) -> str:
    found = _ANSI_CODE_PAGE.search(data[:4096])
    if not found:
        return _DEFAULT_CODE_PAGE
    name = f"cp{found.group(1).decode()}"
    try:
        "".encode(name)
    except LookupError:
        return _DEFAULT_CODE_PAGE
    return name


def _charset_number(code_page: str) -> int | None:
    return next((number for number, name in charset_map.items() if name == code_page and number), None)


def _ansi_fonts_use(rtf: str, code_page: str) -> str:
    r"""Make ``\fcharset0`` fonts decode in the document's code page.

    striprtf reads ``\fcharset0`` ("ANSI") as cp1252 whatever ``\ansicpg`` says, which
    turns every cp1258 tone byte into a Latin-1 letter. Legacy ``.VnTime``/``VNI``
    fonts keep cp1252: their bytes are font glyphs that :mod:`legacy` converts.
    """
    number = _charset_number(code_page)
    if number is None:
        return rtf

    def retag(match: re.Match[str]) -> str:
        if _LEGACY_FONT.match(match.group(3)):
            return match.group(0)
        return f"{match.group(1)}{number}{match.group(2)}{match.group(3)};"

    return _FONT_ENTRY.sub(retag, rtf)


# A paragraph or line end inside a table cell (a \par or \line while \intbl holds, until \pard or the row's end): the
# cell's paragraphs are joined by a space, as the .docx reader joins them, so that a row stays one line
_CELL_PARAGRAPH = "\ue001"
_PARAGRAPH_WORDS = re.compile(r"\\\\|\\(pard|intbl|par|line|row|nestrow)(?![a-z])")


def _mark_cell_paragraphs(rtf: str) -> str:
    def replace(match: re.Match[str]) -> str:
        nonlocal in_table
        word = match.group(1)
        if word == "intbl":
            in_table = True
        elif word in ("pard", "row", "nestrow"):
            in_table = False
        elif word in ("par", "line") and in_table:
            return "\\u57345 "  # U+E001, _CELL_PARAGRAPH
        elif word == "line":
            return "\\u8232 "  # U+2028, a line break inside a paragraph (SOFT_BREAK)
        return match.group(0)

    in_table = False
    return _PARAGRAPH_WORDS.sub(replace, rtf)


def _rows(text: str) -> str:
    """A table row's line: its non-empty cells joined by " | ", as the other readers join them."""
    if _CELL_MARK not in text:
        return text.replace(_CELL_PARAGRAPH, "\n")
    lines = []
    for line in text.split("\n"):
        if _CELL_MARK in line:
            cells = (" ".join(part.replace(_CELL_PARAGRAPH, " ").split()) for part in line.split(_CELL_MARK))
            line = " | ".join(cell for cell in cells if cell)
        lines.append(line.replace(_CELL_PARAGRAPH, "\n"))
    return "\n".join(lines)


# what a scan for deleted or hidden text reads: a control word (with its number and the space it ends
# with), an escaped symbol or byte, a group's brace, or a run of text
_TOKEN = re.compile(r"\\([a-zA-Z]+)(-?\d+)? ?|\\'[0-9a-fA-F]{2}|\\[^a-zA-Z]|[{}]|[^\\{}]+")
# what deleted or hidden text keeps: the structure of tables and the formatting words (only text, paragraph
# and line ends, tabs and characters go)
_DROPPED_WORDS = frozenset({"par", "line", "tab", "u", "emdash", "endash", "bullet", "lquote", "rquote", "ldblquote",
                            "rdblquote", "emspace", "enspace", "qmspace", "zwj", "zwnj", "sect", "page"})
# character formatting that keeps text out of what Word shows: a tracked deletion (``\deleted``), hidden
# text (``\v``, Font > Hidden); each on until its word with 0, the group's end or ``\plain``
_UNSHOWN = frozenset({"deleted", "v"})
_HAS_UNSHOWN = re.compile(r"\\(?:deleted|v)(?![a-zA-Z])")
_DESTINATION = "\\*"  # opens a group that is not text ({\*\bkmkstart …}): kept, or its words would show


def _without_unshown(rtf: str) -> str:
    r"""The RTF without the text a tracked change deleted (``\deleted`` … ``\deleted0``, the group's end or
    ``\plain``), which Word keeps in the file and shows struck through only with the changes marked, and
    without hidden text (``\v`` … ``\v0``), which it does not show at all.

    Example:
        >>> _without_unshown(r"{Chi b\u7897? c\'f3 {\deleted 25}{\revised 28} \u273?\u7843?ng vi\u234?n}")
        "{Chi b\\u7897? c\\'f3 {\\deleted }{\\revised 28} \\u273?\\u7843?ng vi\\u234?n}"
        >>> _without_unshown(r"{Chi b\u7897? {\v 999 h\u7897?} c\'f3 \v \'e1n\v0  28}")
        "{Chi b\\u7897? {\\v } c\\'f3 \\v \\v0 28}"
    """
    out: list[str] = []
    stack: list[frozenset[str]] = []
    unshown: frozenset[str] = frozenset()
    for match in _TOKEN.finditer(rtf):
        token, word, number = match.group(), match.group(1), match.group(2)
        if token == "{":
            stack.append(unshown)
        elif token == "}":
            unshown = stack.pop() if stack else frozenset()
        elif word in _UNSHOWN:
            unshown = unshown - {word} if number == "0" else unshown | {word}
        elif word == "plain":
            unshown = frozenset()
        if (unshown and token not in "{}" and word not in _UNSHOWN and token != _DESTINATION
                and (word is None or word in _DROPPED_WORDS)):
            continue
        out.append(token)
    return "".join(out)


def read_rtf(data: bytes, limits: Limits | None) -> Extracted:
    r"""Text of an RTF file; ``\'xx`` bytes decoded in the declared code page; a table row on one
    line, its non-empty cells joined by ``" | "``."""
    code_page = _code_page(data)
    # Escapes are ASCII; raw 8-bit text (rare) is in the declared code page.
    rtf = _ansi_fonts_use(data.decode(code_page, errors="replace"), code_page)
    if _HAS_UNSHOWN.search(rtf):
        rtf = _without_unshown(rtf)
    # a file cut short (a copy interrupted, an attachment truncated) ends with groups left open
    open_groups = _open_groups(rtf)
    cut = (W.CUT_SHORT.format(detail=f"{open_groups} RTF group(s) not closed"),) if open_groups else ()
    rtf = _CELL_WORD.sub(lambda _: "\\u57344 ", _mark_cell_paragraphs(rtf))  # U+E000, _CELL_MARK
    try:
        return Extracted(text=_rows(rtf_to_text(rtf, encoding=code_page)), encoding=code_page, warnings=cut)
    except UnicodeDecodeError:
        text = _rows(rtf_to_text(rtf, encoding=code_page, errors="replace"))
        warning = W.BAD_BYTES.format(bad=text.count("\ufffd"), codec=code_page)
        return Extracted(text=text, encoding=code_page, warnings=(warning, *cut))


_BRACES = re.compile(r"\\[\\{}]|[{}]")


def _open_groups(rtf: str) -> int:
    """How many groups are still open at the end ("{" not closed by "}"; escaped braces are text)."""
    depth = 0
    for match in _BRACES.finditer(rtf):
        token = match.group()
        if token == "{":
            depth += 1
        elif token == "}":
            depth = max(depth - 1, 0)
    return depth
