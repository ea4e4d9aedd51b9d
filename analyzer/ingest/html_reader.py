"""HTML (.html, .htm, and Word's "Web Page" saved as .doc): block elements → lines.

Scripts, styles and the ``<head>`` are dropped; ``<br>`` and every block element end
a line; a table row becomes one line with its non-empty cells joined by ``" | "``.

Example:
    >>> read_html("<p>Chi bộ <b>Trường THCS</b>\\n Thủy Đông</p><script>x()</script>"
    ...           "<table><tr><td>Học tập Bác</td><td></td><td>Quý I</td></tr></table>".encode(), None).text
    'Chi bộ Trường THCS Thủy Đông\\nHọc tập Bác | Quý I'
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Comment, Declaration, Doctype, NavigableString, ProcessingInstruction

from analyzer.ingest.base import Extracted, Limits
from analyzer.ingest.decoding import decode_bytes
from analyzer.ingest.legacy import LEGACY_NAMES

_DROPPED = ["script", "style", "noscript", "template", "head", "title", "meta", "link", "iframe", "object", "svg"]
_BLOCKS = {
    "address", "article", "aside", "blockquote", "caption", "dd", "div", "dl", "dt", "fieldset",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
    "li", "main", "nav", "ol", "p", "pre", "section", "table", "ul", "body",
}  # fmt: skip
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_WHITESPACE = re.compile(r"\s+")
_NOT_TEXT = (Comment, Declaration, Doctype, ProcessingInstruction)


def _declared_charset(data: bytes) -> str | None:
    found = _META_CHARSET.search(data[:4096])
    if not found:
        return None
    name = found.group(1).decode("ascii").lower()
    try:
        "".encode(name)
    except LookupError:
        return None
    return name


def _decode(data: bytes) -> tuple[str, str, tuple[str, ...]]:
    charset = _declared_charset(data)
    if charset and charset not in ("utf-8", "utf8"):
        # Trust an explicit non-UTF-8 declaration (windows-1258 pages exist), but
        # fall back to sniffing when the bytes contradict it.
        try:
            return data.decode(charset), charset, ()
        except UnicodeDecodeError:
            pass
    decoded = decode_bytes(data)
    return decoded.text, decoded.encoding, decoded.warnings


def _cell_text(cell) -> str:
    return " ".join(cell.get_text(" ").split())


def _flatten_rows(soup: BeautifulSoup) -> None:
    # Innermost rows first, so a nested table is already one string in its cell.
    for row in reversed(soup.find_all("tr")):
        cells = [_cell_text(cell) for cell in row.find_all(["td", "th"], recursive=False)]
        row.replace_with(NavigableString("\n" + " | ".join(text for text in cells if text) + "\n"))


def _html_to_text(markup: str) -> str:
    soup = BeautifulSoup(markup, "html.parser")
    for node in soup.find_all(_DROPPED):
        node.decompose()
    for node in soup.find_all(string=lambda s: isinstance(s, _NOT_TEXT)):
        node.extract()
    for node in soup.find_all(string=True):
        if node.find_parent("pre") is None:
            node.replace_with(_WHITESPACE.sub(" ", node))
    for br in soup.find_all("br"):
        br.replace_with("\n")
    _flatten_rows(soup)
    for block in soup.find_all(_BLOCKS):
        block.insert_before("\n")
        block.insert_after("\n")
    # Block boundaries stack up newlines; a page has no blank-line paragraph breaks.
    return "\n".join(line for line in soup.get_text("").split("\n") if line.strip())


def read_html(data: bytes, limits: Limits | None) -> Extracted:
    """Visible text of an HTML page, one line per block element or table row."""
    markup, encoding, warnings = _decode(data)
    text = _html_to_text(markup)
    return Extracted(text=text, encoding=encoding, warnings=warnings, legacy_done=encoding in LEGACY_NAMES)
