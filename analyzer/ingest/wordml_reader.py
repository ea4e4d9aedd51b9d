"""Word 2003 XML (WordprocessingML 2003, Word's "XML Document": one XML file, saved as .xml and often
renamed .doc): paragraphs and table rows in order, read as a .docx is read.

Its elements are those of a .docx body (``w:p``, ``w:r``, ``w:t``, ``w:tab``, ``w:br``, ``w:tbl``,
``w:tr``, ``w:tc``) under another namespace: they are renamed into the .docx namespace and walked by
the .docx reader, so a table row is one line, its non-empty cells joined by ``" | "``, and a hidden run
(``w:vanish``) is not read. Before that, what a .docx keeps outside its body is taken out: reviewers'
comments (``aml:annotation`` of type ``Word.Comment``), footnotes and endnotes.
Sections (``wx:sect``, ``wx:sub-section``) are opened, and a numbered paragraph begins with the label
Word wrote beside it for other programs (``w:listPr/wx:t``: "1.", "a)", a bullet).

Example (``<w:p><w:r><w:t>Chi bộ thôn Ngọc Quan</w:t></w:r></w:p>`` and a row of two cells)::

    Chi bộ thôn Ngọc Quan
    Học tập Bác | Quý II/2024
"""

from __future__ import annotations

from lxml import etree

from analyzer.errors import E
from analyzer.ingest.base import Extracted, Limits, Refused, list_bullet
from analyzer.ingest.docx_numbering import Numbering
from analyzer.ingest.docx_reader import _blocks, _has_tcvn3_capitals  # the one walk of a Word body
from analyzer.ingest.legacy import LEGACY_NAMES
from analyzer.ingest.messages import W

_W2003 = "{http://schemas.microsoft.com/office/word/2003/wordml}"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_WX = "{http://schemas.microsoft.com/office/word/2003/auxHint}"
_AML = "{http://schemas.microsoft.com/aml/2001/core}"
_O = "{urn:schemas-microsoft-com:office:office}"
_MAX_LABEL = 40


def parse_untrusted(data: bytes):  # type: ignore[no-untyped-def]
    """The root of an XML document from a submission: entities are neither expanded nor fetched, no DTD
    is loaded."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True,
                             remove_pis=True)
    return etree.fromstring(data, parser)


def _to_docx_namespace(root) -> None:  # type: ignore[no-untyped-def]
    for node in root.iter(etree.Element):
        if node.tag.startswith(_W2003):
            node.tag = _W + node.tag[len(_W2003):]
        for name in [name for name in node.attrib if name.startswith(_W2003)]:
            node.attrib[_W + name[len(_W2003):]] = node.attrib.pop(name)


def _remove(nodes) -> None:  # type: ignore[no-untyped-def]
    for node in list(nodes):
        parent = node.getparent()
        if parent is not None:
            parent.remove(node)


def _label(p) -> str:  # type: ignore[no-untyped-def]
    """The list label Word wrote for other programs in the paragraph's properties, with a space after it."""
    hint = p.find(f"{_W}pPr/{_W}listPr/{_WX}t")
    text = str(hint.get(f"{_WX}val", "")).strip()[:_MAX_LABEL] if hint is not None else ""
    if not text:
        return ""
    return (text if any(char.isalnum() for char in text) else list_bullet(text[0])) + " "


def _shown(root) -> None:  # type: ignore[no-untyped-def]
    """Leave in the tree what the page shows, in the shape of a .docx body."""
    etree.strip_tags(root, f"{_WX}sect", f"{_WX}sub-section")
    _remove(node for node in root.iter(f"{_AML}annotation") if str(node.get(f"{_W}type", "")).startswith("Word.Comment"))
    _remove(root.iter(f"{_W}footnote", f"{_W}endnote"))
    for p in root.iter(f"{_W}p"):
        label = _label(p)
        if label:
            run = etree.Element(f"{_W}r")
            etree.SubElement(run, f"{_W}t").text = label
            p.insert(0, run)


def _meta(root) -> tuple[tuple[str, str], ...]:  # type: ignore[no-untyped-def]
    pairs = (("title", root.findtext(f"{_O}DocumentProperties/{_O}Title")),
             ("author", root.findtext(f"{_O}DocumentProperties/{_O}Author")))
    return tuple((key, value.strip()) for key, value in pairs if value and value.strip())


def read_wordml(data: bytes, limits: Limits | None) -> Extracted:
    """Text of a Word 2003 XML document: paragraphs and table rows (cells joined by ``" | "``)."""
    root = parse_untrusted(data)
    if root.tag != f"{_W2003}wordDocument":
        raise Refused(E.CORRUPT, fmt="wordml", detail=f"its root is <{etree.QName(root).localname}>, not <w:wordDocument>")
    _to_docx_namespace(root)
    body = root.find(f"{_W}body")
    if body is None:
        return Extracted(text="", meta=_meta(root))
    _shown(body)
    text = "\n".join(block for _, block in _blocks(body, Numbering()) if isinstance(block, str))
    if _has_tcvn3_capitals(body):
        return Extracted(text=text, encoding="tcvn3", warnings=(W.LEGACY.format(name=LEGACY_NAMES["tcvn3"]),),
                         meta=_meta(root))
    return Extracted(text=text, meta=_meta(root))
