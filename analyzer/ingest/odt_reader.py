"""OpenDocument text (.odt): paragraphs, headings, lists and table rows in order.

Tables follow the .docx rule: one line per row, non-empty cells joined by ``" | "``,
nested tables as lines of their own after their row.

Example (content of a two-cell row)::

    Học tập Bác | Mỗi tháng một buổi sinh hoạt chuyên đề
"""

from __future__ import annotations

import io
from collections.abc import Iterator

from odf.opendocument import load

from analyzer.errors import E
from analyzer.ingest.base import Extracted, Limits, Refused, flatten_row
from analyzer.ingest.zipguard import open_zip

_TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_TABLE_NS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE_NS = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_PARAGRAPHS = {(_TEXT_NS, "p"), (_TEXT_NS, "h")}
_TABLE, _ROW, _CELL = (_TABLE_NS, "table"), (_TABLE_NS, "table-row"), (_TABLE_NS, "table-cell")
# Deleted text of tracked changes, comments and footnote bodies are not the document's
# running text.
_SKIPPED = {(_TEXT_NS, "tracked-changes"), (_OFFICE_NS, "annotation"), (_TEXT_NS, "note")}
_ELEMENT_NODE, _TEXT_NODE = 1, 3


def _elements(node) -> Iterator:
    for child in node.childNodes:
        if child.nodeType == _ELEMENT_NODE and child.qname not in _SKIPPED:
            yield child


def _inline(node) -> str:
    parts = []
    for child in node.childNodes:
        if child.nodeType == _TEXT_NODE:
            parts.append(child.data)
        elif child.nodeType != _ELEMENT_NODE or child.qname in _SKIPPED:
            continue
        elif child.qname == (_TEXT_NS, "line-break"):
            parts.append("\n")
        elif child.qname == (_TEXT_NS, "tab"):
            parts.append("\t")
        elif child.qname == (_TEXT_NS, "s"):
            parts.append(" " * int(child.getAttribute("c") or 1))
        else:
            parts.append(_inline(child))
    return "".join(parts)


def _cell(cell) -> tuple[str, list[str]]:
    texts, nested = [], []
    for kind, text in _blocks(cell):
        (texts if kind == "p" else nested).append(text)
    return " ".join(" ".join(texts).split()), nested


def _rows(table) -> Iterator:
    """Rows of a table, also those inside header-rows and row-group wrappers."""
    for child in _elements(table):
        if child.qname == _ROW:
            yield child
        elif child.qname != _TABLE:
            yield from _rows(child)


def _table(table) -> Iterator[tuple[str, str]]:
    for row in _rows(table):
        yield from flatten_row([_cell(cell) for cell in _elements(row) if cell.qname == _CELL])


def _blocks(node) -> Iterator[tuple[str, str]]:
    """``("p", text)`` per paragraph/heading, ``("row", text)`` per table row."""
    for child in _elements(node):
        if child.qname in _PARAGRAPHS:
            yield "p", _inline(child)
        elif child.qname == _TABLE:
            yield from _table(child)
        else:  # lists, list items, sections, indexes: containers of blocks
            yield from _blocks(child)


def _meta(document) -> tuple[tuple[str, str], ...]:
    wanted = {"title": "title", "creator": "author", "initial-creator": "author"}
    pairs: dict[str, str] = {}
    for child in _elements(document.meta):
        key = wanted.get(child.qname[1])
        value = _inline(child).strip()
        if key and value and key not in pairs:
            pairs[key] = value
    return tuple(pairs.items())


def read_odt(data: bytes, limits: Limits) -> Extracted:
    """Text of an .odt file: paragraphs and table rows (cells joined by ``" | "``)."""
    open_zip(data, limits).close()
    document = load(io.BytesIO(data))
    if not document.mimetype.startswith("application/vnd.oasis.opendocument.text"):
        raise Refused(E.CORRUPT, fmt="odt", detail=f"it is a '{document.mimetype}', not a text document")
    lines = [text for _, text in _blocks(document.text)]
    return Extracted(text="\n".join(lines), meta=_meta(document))
