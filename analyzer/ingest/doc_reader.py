"""Word 97-2003 (.doc) through legacy-doc, a pure-Python reader of the piece table.

Word marks the end of a table cell and of a table row with the same character
(``\\x07``), so from the text alone a row end and an empty cell look alike. A run of
marks ends a line and a single mark separates cells: a row with an empty cell may
come out as two lines, but no text is lost and no table turns into one long line. A
paragraph Word numbers itself begins with the label Word draws ("II. ", "1. ", "- "), read
from the file's lists (:mod:`analyzer.ingest.doc_numbering`).

Example of a row as read::

    Học tập Bác | Mỗi tháng một buổi | Quý I
"""

from __future__ import annotations

import re

from legacy_doc import ExtractionOptions, LegacyDocError, extract_text

from analyzer.errors import E
from analyzer.ingest.base import Extracted, Limits, Refused
from analyzer.ingest.doc_numbering import cell_line_breaks, deleted_ranges, paragraph_labels
from analyzer.ingest.messages import W

_ROW_END = re.compile("\x07{2,}")
_CELL_END = "\x07"
# A field is \x13 instruction [\x14 result] \x15; only the result is document text.
_FIELD_CODE = re.compile("\x13[^\x13\x14\x15]*(?:\x14|\x15)")
_FIELD_END = re.compile("[\x14\x15]")
# Word's optional hyphen (\x1f) is the byte TCVN3 uses for "ư": keep it as a soft
# hyphen for the legacy repair (normalization drops it from Unicode text).
_WORD_CHARS = str.maketrans({"\x1f": "\u00ad", "\x1e": "-"})
_EDGE_SEPARATOR = re.compile(r"^(?:[ \t]*\|[ \t]*)+|(?:[ \t]*\|[ \t]*)+$", re.MULTILINE)
_META_KEYS = {"title": "title", "author": "author"}
_DELETED = "\x00"  # stands in for a deleted character until the labels are in place


def _raw_text(data: bytes, options: ExtractionOptions) -> str | None:
    """Piece-table text with cell marks and fields still in, a paragraph Word numbers beginning with
    its label (:mod:`analyzer.ingest.doc_numbering`); None if legacy-doc changed."""
    try:
        from legacy_doc import word
        from legacy_doc.ole import OleReader

        ole = OleReader(data, options=options)
        stream = ole.read_stream("WordDocument")
        flags = word._u16(stream, 0x0A)
        table = ole.read_stream("1Table" if flags & 0x0200 else "0Table")
        clx = word._find_clx(table)
        text = word._extract_text_from_piece_table(stream, clx, word._u32(stream, 0x18), word._u32(stream, 0x1C))
        # the main document is the first ccpText characters (FIB, FibRgLw97); footnotes, running headers
        # and footers, comments and text boxes follow it in the same stream, and the .docx reader skips them
        main = word._u32(stream, 0x4C)
    except (ImportError, AttributeError, TypeError):
        return None
    deleted = deleted_ranges(stream, table, clx, text)
    gone = frozenset(k for a, b in deleted for k in range(a, b))
    labels = paragraph_labels(stream, table, clx, text, gone)
    cells = cell_line_breaks(stream, table, clx, text)
    if cells or gone:
        chars = list(text)
        for at in cells:  # a cell's paragraphs are joined by a space, as the .docx reader joins them: a row stays one line
            chars[at] = " "
        for at in gone:  # text deleted with track changes on, which Word keeps in the file but does not show
            chars[at] = _DELETED
        text = "".join(chars)
    end = main if 0 < main < len(text) else len(text)
    # in one pass (inserting the labels one by one copied the whole text for each of them)
    starts = sorted({0, *(start for start in labels if start < end)})
    shown = "".join(labels.get(start, "") + text[start:stop] for start, stop in zip(starts, [*starts[1:], end]))
    return shown.replace(_DELETED, "") if gone else shown


def _drop_field_codes(text: str) -> str:
    previous = None
    while previous != text:  # nested fields unwrap from the inside out
        previous, text = text, _FIELD_CODE.sub("", text)
    return _FIELD_END.sub("", text)


def _mark_cells(raw: str) -> str:
    """Word's marks → lines and `` | ``; empty paragraphs stay as blank lines."""
    text = _ROW_END.sub("\n", _drop_field_codes(raw)).replace(_CELL_END, " | ").translate(_WORD_CHARS)
    return _EDGE_SEPARATOR.sub("", text.replace("\r", "\n"))


def _refusal(exc: LegacyDocError) -> Refused:
    detail = str(exc)
    if "ncrypt" in detail:
        return Refused(E.ENCRYPTED)
    return Refused(E.CORRUPT, fmt="doc", detail=detail)


def read_doc(data: bytes, limits: Limits) -> Extracted:
    """Text of a .doc file; table cells joined by ``" | "`` where the text shows them."""
    options = ExtractionOptions(max_file_bytes=limits.max_bytes, max_text_bytes=limits.max_unpacked)
    try:
        result = extract_text(data, options=options)
    except LegacyDocError as exc:
        raise _refusal(exc) from exc
    raw = _raw_text(data, options)
    text = result.text if raw is None else _mark_cells(raw)
    meta = tuple((_META_KEYS[k], str(v)) for k, v in result.metadata.items() if k in _META_KEYS and v)
    warnings = tuple(W.DOC_PARSER.format(detail=warning) for warning in result.warnings)
    return Extracted(text=text, warnings=warnings, meta=meta)
