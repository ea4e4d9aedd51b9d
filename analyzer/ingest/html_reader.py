"""HTML (.html, .htm, and Word's "Web Page" saved as .doc): block elements → lines (lxml's parser).

Scripts, styles and the ``<head>`` are dropped; ``<br>`` and every block element end
a line; a table row becomes one line with its non-empty cells joined by ``" | "``. An item
of a list begins with the number or bullet a browser shows before it ("2. ", "b. ", "• "):
a page saved by LibreOffice or exported from an online editor keeps its numbering in
``<ol>``, not in the text (Word's "Web Page" writes its numbers as text). What a browser hides
(``display:none``, ``visibility:hidden``, the ``hidden`` attribute, Word's ``mso-hide:all``) is not
read, nor are a word processor's running header and footer, footnotes and reviewers' comments.

Example:
    >>> read_html("<p>Chi bộ <b>Trường THCS</b>\\n Thủy Đông</p><script>x()</script>"
    ...           "<table><tr><td>Học tập Bác</td><td></td><td>Quý I</td></tr></table>".encode(), None).text
    'Chi bộ Trường THCS Thủy Đông\\nHọc tập Bác | Quý I'
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, CData, NavigableString

from analyzer.ingest.base import SOFT_BREAK, Extracted, Limits, flatten_row, format_number, parse_int
from analyzer.ingest.decoding import decode_bytes
from analyzer.ingest.legacy import LEGACY_NAMES
from analyzer.ingest.messages import W

_DROPPED = ["script", "style", "noscript", "template", "head", "title", "meta", "link", "iframe", "object", "svg"]
_BLOCKS = {
    "address", "article", "aside", "blockquote", "caption", "dd", "div", "dl", "dt", "fieldset",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
    "li", "main", "nav", "ol", "p", "pre", "section", "table", "ul", "body",
}  # fmt: skip
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_WHITESPACE = re.compile(r"\s+")
# an <ol>'s type attribute or CSS list-style-type → the number format (base.format_number)
_OL_TYPES = {"1": "decimal", "a": "lowerLetter", "A": "upperLetter", "i": "lowerRoman", "I": "upperRoman"}
_CSS_TYPES = {"decimal": "decimal", "lower-alpha": "lowerLetter", "lower-latin": "lowerLetter",
              "upper-alpha": "upperLetter", "upper-latin": "upperLetter", "lower-roman": "lowerRoman",
              "upper-roman": "upperRoman", "decimal-leading-zero": "decimalZero", "none": "none",
              "disc": "bullet", "circle": "bullet", "square": "bullet"}
_LIST_STYLE = re.compile(r"list-style(?:-type)?\s*:\s*([a-z-]+)", re.IGNORECASE)
_MAX_LIST_NUMBER = 10**6


def _codec(name: str | None) -> str | None:
    """``name`` lower-cased when Python knows the encoding, else None."""
    if not name:
        return None
    try:
        "".encode(name)
    except LookupError:
        return None
    return name.lower()


def _declared_charset(data: bytes) -> str | None:
    found = _META_CHARSET.search(data[:4096])
    return _codec(found.group(1).decode("ascii")) if found else None


def _decode(data: bytes, charset: str | None = None) -> tuple[str, str, tuple[str, ...]]:
    charset = _codec(charset) or _declared_charset(data)
    if charset and charset not in ("utf-8", "utf8"):
        # Trust an explicit non-UTF-8 declaration (windows-1258 pages exist), but
        # fall back to sniffing when the bytes contradict it.
        try:
            return data.decode(charset), charset, ()
        except UnicodeDecodeError:
            pass
    decoded = decode_bytes(data)
    return decoded.text, decoded.encoding, decoded.warnings


_HTML_OPENED = re.compile(r"<html[\s>]", re.IGNORECASE)
_HTML_CLOSED = re.compile(r"</html\s*>", re.IGNORECASE)
_OPEN_TAG_AT_END = re.compile(r"<[A-Za-z/!][^<>]*\Z")


def _cut_short(markup: str) -> tuple[str, ...]:
    """W117 for a page cut short (a copy interrupted, an attachment truncated): it opens ``<html>``
    but never closes it, as every editor's "Save as web page" does, or it ends inside a tag."""
    if _OPEN_TAG_AT_END.search(markup[-4096:]):
        return (W.CUT_SHORT.format(detail="the page ends inside a tag"),)
    if _HTML_OPENED.search(markup) and not _HTML_CLOSED.search(markup):
        return (W.CUT_SHORT.format(detail="<html> is never closed"),)
    return ()


def _int(value: object, default: int) -> int:
    return parse_int(value, default, low=-_MAX_LIST_NUMBER, high=_MAX_LIST_NUMBER)


def _number_lists(soup: BeautifulSoup) -> None:
    """Write before each list item the label a browser shows: its number in the list's format
    (``type``, ``start``, ``reversed``, an item's ``value``, CSS ``list-style-type``) or "•"."""
    # each list's items: every <li> whose nearest list is this one, also one a page wraps in another
    # element; found in one walk (a list's own search of its descendants is quadratic in nested lists)
    owned: dict[int, list] = {}
    for item in soup.find_all("li"):
        parent = item.find_parent(["ol", "ul"])
        if parent is not None:
            owned.setdefault(id(parent), []).append(item)
    for listing in soup.find_all(["ol", "ul"]):
        css = _LIST_STYLE.search(str(listing.get("style", "")))
        fmt = _CSS_TYPES.get(css.group(1).lower(), "") if css else ""
        fmt = fmt or (_OL_TYPES.get(str(listing.get("type", "1")), "decimal") if listing.name == "ol" else "bullet")
        items = owned.get(id(listing), [])
        step = -1 if listing.name == "ol" and listing.has_attr("reversed") else 1
        number = _int(listing.get("start"), len(items) if step < 0 else 1)
        for item in items:
            number = _int(item.get("value"), number)
            own = _LIST_STYLE.search(str(item.get("style", "")))
            if fmt == "none" or (own is not None and own.group(1).lower() == "none"):
                label = ""
            else:
                label = "• " if fmt == "bullet" else f"{format_number(number, fmt)}. "
            if label:
                _first_block(item).insert(0, NavigableString(label))
            number += step


def _first_block(item):  # type: ignore[no-untyped-def]
    """Where an item's label goes: into the paragraph an item begins with (<li><p>…), else the item."""
    for child in item.children:
        if isinstance(child, NavigableString) and not child.strip():
            continue
        return child if getattr(child, "name", None) in ("p", "div", "h1", "h2", "h3", "h4", "h5", "h6") else item
    return item


def _row_lines(soup: BeautifulSoup) -> dict[int, str]:
    """Every table row (by ``id``) → its line: its non-empty cells joined by " | " (a letterhead's or a
    signature's row: its cells' lines, column after column, :func:`~analyzer.ingest.base.flatten_row`)."""
    lines: dict[int, str] = {}
    # Innermost rows first, so a nested table is already lines in its cell.
    for row in reversed(soup.find_all("tr")):
        cells = [(_text(cell, lines).split("\n"), []) for cell in row.find_all(["td", "th"], recursive=False)]
        lines[id(row)] = "\n" + "\n".join(line for _, line in flatten_row(cells)) + "\n"
    return lines


def _text(soup: BeautifulSoup, rows: dict[int, str]) -> str:
    """The page's text in one walk of the tree: a table row as its line (``rows``), white space
    collapsed outside ``<pre>``, a line break for ``<br>`` and around every block element.
    (Nothing is inserted into or replaced in the tree: either looks a node's place up among its
    siblings, which made long lists and tables quadratic.)"""
    parts: list[str] = []
    stack: list = [(soup, 0)]
    while stack:
        node, in_pre = stack.pop()
        if node is None:  # the end of a block
            parts.append("\n")
        elif isinstance(node, NavigableString):
            if type(node) in (NavigableString, CData):  # not a comment, a declaration, …
                parts.append(str(node) if in_pre else _WHITESPACE.sub(" ", node))
        elif id(node) in rows:
            parts.append(rows[id(node)])
        elif node.name == "br":
            parts.append(SOFT_BREAK)
        else:
            if node.name in _BLOCKS:
                parts.append("\n")
                stack.append((None, in_pre))
            in_pre = in_pre or node.name == "pre"
            stack.extend((child, in_pre) for child in reversed(node.contents))
    return "".join(parts)


# what a word processor writes beside the text of the page: its running header and footer
# (LibreOffice: <div title="header">), footnotes and endnotes (LibreOffice: <div id="sdfootnote1">,
# Word: <div id="ftn1">) and the marks that point to them (<a class="sdfootanc">, <a href="#_ftn1">);
# the .docx reader reads the body only, and so does this one
_NOTE_ID = re.compile(r"^(?:sdfootnote|sdendnote|_?ftn|_?edn)\d+$")
_NOTE_HREF = re.compile(r"^#(?:sdfootnote|sdendnote|_ftn|_edn|_msocom_)\d+(?:sym|anc)?$")
# Word's "Web Page" marks its parts by style: <div style='mso-element:comment-list'> holds the reviewers'
# comments (<p class=MsoCommentText>), and "mso-element:header", "footer", "footnote-list", "endnote-list" the rest;
# in the text, a comment's anchor "[NTH1]" is <a class=msocomanchor> inside <span class=MsoCommentReference>
_WORD_PART = re.compile(r"mso-element\s*:\s*(?:comment|header|footer|footnote|endnote)", re.IGNORECASE)
_NOTE_CLASSES = frozenset({"sdfootanc", "sdendnoteanc", "msocomanchor", "msocomoff", "msocommentreference"})
# what a browser does not show (Word writes its hidden text "display:none;mso-hide:all")
_HIDDEN = re.compile(r"(?:^|[;\s])(?:display\s*:\s*none|visibility\s*:\s*hidden|mso-hide\s*:\s*all)\b",
                     re.IGNORECASE)


def _is_furniture(node) -> bool:  # type: ignore[no-untyped-def]
    style = str(node.get("style", ""))
    if node.has_attr("hidden") or _HIDDEN.search(style):
        return True
    if node.name == "div":
        return (str(node.get("title", "")).lower() in ("header", "footer") or bool(_NOTE_ID.match(str(node.get("id", ""))))
                or bool(_WORD_PART.search(style)))
    if node.name in ("a", "span"):
        classes = {name.lower() for name in node.get("class", [])}
        return bool(classes & _NOTE_CLASSES) or bool(_NOTE_HREF.match(str(node.get("href", ""))))
    return False


def _html_to_text(markup: str) -> str:
    # lxml's parser closes an item or a paragraph the page leaves open (<li><p>…<li>) as a browser
    # does, where html.parser would nest every following item in it
    soup = BeautifulSoup(markup, "lxml")
    for node in soup.find_all(_DROPPED):
        node.decompose()
    for node in soup.find_all(_is_furniture):
        node.decompose()
    _number_lists(soup)
    # Block boundaries stack up newlines; a page has no blank-line paragraph breaks.
    return "\n".join(line for line in _text(soup, _row_lines(soup)).split("\n") if line.strip())


def read_html(data: bytes, limits: Limits | None, charset: str | None = None) -> Extracted:
    """Visible text of an HTML page, one line per block element or table row. ``charset`` is the
    encoding the page's container declares (a web archive's part), trusted before the page's own
    ``<meta charset>``."""
    markup, encoding, warnings = _decode(data, charset)
    warnings += _cut_short(markup)
    text = _html_to_text(markup)
    return Extracted(text=text, encoding=encoding, warnings=warnings, legacy_done=encoding in LEGACY_NAMES)
