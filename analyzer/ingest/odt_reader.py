"""OpenDocument text (.odt, and the flat .fodt): paragraphs, headings, lists and table rows in order.

Tables follow the .docx rule: one line per row, non-empty cells joined by ``" | "``,
nested tables as lines of their own after their row. A list item begins with the number or
bullet the word processor shows ("2. ", "1.3) ", "- "), which OpenDocument keeps in the list's
style, not in the text (:class:`_Lists`).

Example (content of a two-cell row)::

    Học tập Bác | Mỗi tháng một buổi sinh hoạt chuyên đề
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

from odf.opendocument import load
from odf.text import ListStyle

from analyzer.errors import E
from analyzer.ingest.base import (SOFT_BREAK, Extracted, Limits, Refused, count_item, flatten_row, format_number, list_bullet,
                                  parse_int)
from analyzer.ingest.sniff import XML_HEAD, xml_document
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
_STYLE_NS = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
_XML_NS = "http://www.w3.org/XML/1998/namespace"
_LIST, _ITEM, _NUMBER = (_TEXT_NS, "list"), (_TEXT_NS, "list-item"), (_TEXT_NS, "number")
_NUMBER_STYLE, _BULLET_STYLE = (_TEXT_NS, "list-level-style-number"), (_TEXT_NS, "list-level-style-bullet")
_ODF_FORMATS = {"1": "decimal", "a": "lowerLetter", "A": "upperLetter", "i": "lowerRoman", "I": "upperRoman"}
_MAX_LEVEL = 10
_MAX_SPACES = 100  # of one <text:s text:c="…"/>
_MAX_START = 10**6


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
            parts.append(SOFT_BREAK)
        elif child.qname == (_TEXT_NS, "tab"):
            parts.append("\t")
        elif child.qname == (_TEXT_NS, "s"):
            # every run of spaces becomes one space (normalize_text): "c" is bounded, not trusted
            parts.append(" " * parse_int(child.getAttribute("c") or None, 1, low=1, high=_MAX_SPACES))
        else:
            parts.append(_inline(child))
    return "".join(parts)


def _attr(node, namespace: str, name: str) -> str:
    return str(node.attributes.get((namespace, name), "") or "")


def _int(text: str, default: int) -> int:
    return parse_int(text, default, low=0, high=_MAX_START)


class _Level:
    """How one level of a list style labels its items."""

    def __init__(self, node) -> None:  # type: ignore[no-untyped-def]
        self.bullet = node.qname == _BULLET_STYLE
        char = _attr(node, _TEXT_NS, "bullet-char")[:1]
        self.char = list_bullet(char)
        self.fmt = _ODF_FORMATS.get(_attr(node, _STYLE_NS, "num-format"), "none")
        self.prefix = _attr(node, _STYLE_NS, "num-prefix")[:10]
        self.suffix = _attr(node, _STYLE_NS, "num-suffix")[:10]
        self.start = _int(_attr(node, _TEXT_NS, "start-value"), 1)
        self.shown = max(1, min(_MAX_LEVEL, _int(_attr(node, _TEXT_NS, "display-levels"), 1)))


class _Lists:
    """The document's list styles and the running counts of its lists (ODF 1.2, 4.3 and 16.30):
    a list counts anew unless it continues the list before it (``text:continue-numbering``) or a
    named one (``text:continue-list``); an item's level is its list's depth; an item may restart
    the count (``text:start-value``); counting an item restarts the levels below it."""

    def __init__(self, document) -> None:  # type: ignore[no-untyped-def]
        self.styles: dict[str, dict[int, _Level]] = {}
        for root in (document.styles, document.automaticstyles):
            for style in root.getElementsByType(ListStyle):
                levels = {}
                for child in _elements(style):
                    if child.qname in (_NUMBER_STYLE, _BULLET_STYLE):
                        level = _int(_attr(child, _TEXT_NS, "level"), 0)
                        if 1 <= level <= _MAX_LEVEL:
                            levels[level] = _Level(child)
                self.styles[_attr(style, _STYLE_NS, "name")] = levels
        self.named: dict[str, list[int | None]] = {}
        self.last: list[int | None] | None = None

    def counts(self, listing) -> list[int | None]:  # type: ignore[no-untyped-def]
        """The counts an outermost list goes on with (its own, or those of the list it continues)."""
        continued = self.named.get(_attr(listing, _TEXT_NS, "continue-list"))
        if continued is None and _attr(listing, _TEXT_NS, "continue-numbering") == "true":
            continued = self.last
        counts = continued if continued is not None else [None] * (_MAX_LEVEL + 1)
        name = _attr(listing, _XML_NS, "id")
        if name:
            self.named[name] = counts
        self.last = counts
        return counts

    def label(self, style: str, level: int, counts: list[int | None], start: str) -> str:
        """Count an item at ``level`` and return the label shown before it ("" when none)."""
        levels = self.styles.get(style, {})
        this = levels.get(level)
        first = this.start if this is not None else 1
        count_item(counts, level, first, _int(start, first) if start else None)
        if this is None:
            return ""
        if this.bullet:
            return this.char + " "
        if this.fmt == "none":
            return ""
        numbers = []
        for k in range(max(1, level - this.shown + 1), level + 1):
            other = levels.get(k)
            fmt = other.fmt if other is not None and not other.bullet else "decimal"
            value = counts[k] if counts[k] is not None else (other.start if other is not None else 1)
            numbers.append(format_number(value, fmt))
        return f"{this.prefix}{'.'.join(numbers)}{this.suffix} "


def _cell(cell, lists: _Lists) -> tuple[list[str], list[str]]:
    texts, nested = [], []
    for kind, text in _blocks(cell, lists):
        (texts if kind == "p" else nested).append(text)
    return texts, nested


def _rows(table) -> Iterator:
    """Rows of a table, also those inside header-rows and row-group wrappers."""
    for child in _elements(table):
        if child.qname == _ROW:
            yield child
        elif child.qname != _TABLE:
            yield from _rows(child)


def _table(table, lists: _Lists) -> Iterator[tuple[str, str]]:
    for row in _rows(table):
        yield from flatten_row([_cell(cell, lists) for cell in _elements(row) if cell.qname == _CELL])


def _list(listing, lists: _Lists, outer: tuple[str, int, list] | None = None) -> Iterator[tuple[str, str]]:
    """The blocks of a ``text:list``, each item's first paragraph beginning with its label; ``outer``
    is the (style, level, counts) of the list this one is nested in."""
    style = _attr(listing, _TEXT_NS, "style-name") or (outer[0] if outer else "")
    level = outer[1] + 1 if outer else 1
    counts = outer[2] if outer else lists.counts(listing)
    for item in _elements(listing):
        children = [c for c in _elements(item) if c.qname != _NUMBER]
        label = ""
        # an item is counted when it begins with a paragraph (one that holds only a sublist is not);
        # a list header is not
        if item.qname == _ITEM and children and children[0].qname in _PARAGRAPHS and level <= _MAX_LEVEL:
            label = lists.label(style, level, counts, _attr(item, _TEXT_NS, "start-value"))
            shown = next((_inline(c).strip() for c in _elements(item) if c.qname == _NUMBER), "")
            label = f"{shown} " if shown else label  # the number the writer kept, when it kept one
        for child in children:
            if child.qname in _PARAGRAPHS:
                yield "p", label + _inline(child)
                label = ""
            elif child.qname == _LIST:
                yield from _list(child, lists, (style, level, counts))
            else:
                yield from _blocks(child, lists)


def _blocks(node, lists: _Lists) -> Iterator[tuple[str, str]]:
    """``("p", text)`` per paragraph/heading, ``("row", text)`` per table row."""
    for child in _elements(node):
        if child.qname in _PARAGRAPHS:
            yield "p", _inline(child)
        elif child.qname == _TABLE:
            yield from _table(child, lists)
        elif child.qname == _LIST:
            yield from _list(child, lists)
        else:  # sections, indexes: containers of blocks
            yield from _blocks(child, lists)


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
    lines = [text for _, text in _blocks(document.text, _Lists(document))]
    return Extracted(text="\n".join(lines), meta=_meta(document))


_ODT_MIMETYPE = "application/vnd.oasis.opendocument.text"
# odfpy loads a package: the flat document goes in as its content.xml, which odfpy reads section by section
# (office:meta, office:styles, office:automatic-styles, office:body), whichever file they stand in
_FLAT_MANIFEST = ('<?xml version="1.0" encoding="UTF-8"?>\n'
                  '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
                  f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{_ODT_MIMETYPE}"/>'
                  '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                  "</manifest:manifest>")


def read_fodt(data: bytes, limits: Limits) -> Extracted:
    """Text of a flat OpenDocument text (.fodt: LibreOffice's "Flat XML ODF Text Document", one XML
    file holding what an .odt's parts hold), read as the .odt it stands for."""
    if xml_document(data[:XML_HEAD]) != "fodt":
        raise Refused(E.CORRUPT, fmt="fodt", detail="it is not an <office:document> of an OpenDocument text")
    package = io.BytesIO()
    with zipfile.ZipFile(package, "w") as archive:
        archive.writestr("mimetype", _ODT_MIMETYPE)
        archive.writestr("META-INF/manifest.xml", _FLAT_MANIFEST)
        archive.writestr("content.xml", data)
    return read_odt(package.getvalue(), limits)
