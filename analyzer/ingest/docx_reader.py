"""Word 2007+ (.docx): paragraphs and table rows in document order.

A table row becomes one line, its non-empty cells joined by ``" | "``; a table nested
in a cell follows its row as lines of its own; text boxes follow their paragraph. A heading,
list item or table cell that Word numbers begins with the label Word shows ("II. ", "1. ",
"a) ", "- "), counted as Word counts it (:mod:`analyzer.ingest.docx_numbering`).

Runs in a TCVN3 capitals font (``.VnTimeH``, ``.VnArialH``) are converted here: the
font draws lowercase bytes as capitals, which the text alone cannot show, so
``céng hoµ x· héi`` in ``.VnTimeH`` is *CỘNG HOÀ XÃ HỘI*. Other legacy text is left to
the content detector of :mod:`analyzer.ingest.legacy`.

Example (a registration whose header is a two-column table)::

    ĐẢNG BỘ XÃ THỦY ĐÔNG | ĐẢNG CỘNG SẢN VIỆT NAM
    Chi bộ Trường THCS Thủy Đông đăng ký mô hình học tập và làm theo Bác.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn

from analyzer.errors import E
from analyzer.ingest.base import SOFT_BREAK, Extracted, Limits, Refused, flatten_row
from analyzer.ingest.docx_numbering import Numbering
from analyzer.ingest.legacy import LEGACY_NAMES, convert_legacy
from analyzer.ingest.messages import W
from analyzer.ingest.pdf_reader import pages_text
from analyzer.ingest.zipguard import open_zip

_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_P, _TBL, _TR, _TC = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc")
_T, _TAB, _PTAB, _BR, _CR = qn("w:t"), qn("w:tab"), qn("w:ptab"), qn("w:br"), qn("w:cr")
_NB_HYPHEN, _SOFT_HYPHEN, _SYM = qn("w:noBreakHyphen"), qn("w:softHyphen"), qn("w:sym")
_TXBX, _PPR = qn("w:txbxContent"), qn("w:pPr")
_R, _RFONTS_PATH = qn("w:r"), f"{qn('w:rPr')}/{qn('w:rFonts')}"
_FONT_ATTRIBUTES = (qn("w:ascii"), qn("w:hAnsi"))
_TCVN3_CAPITALS_FONT = re.compile(r"^\.vn.*h$", re.IGNORECASE)
_SDT, _SDT_CONTENT, _CUSTOM_XML = qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")
# a run Word does not show: hidden text (Font > Hidden), hidden in the web layout (a table of contents'
# page numbers), or the mark of a style separator
_HIDDEN = tuple(f"{qn('w:rPr')}/{qn(name)}" for name in ("w:vanish", "w:specVanish", "w:webHidden"))
_OFF = frozenset({"0", "false", "off"})
_VAL = qn("w:val")
_DRAWING, _BLIP = qn("w:drawing"), qn("a:blip")
_EXTENT = f"*/{qn('wp:extent')}"  # of wp:inline or wp:anchor
_EMBED = qn("r:embed")
# Properties, text a tracked move took away, and the Fallback copy of every text box
# (its Choice twin is read).
_SKIPPED = {qn("w:pPr"), qn("w:rPr"), qn("w:sdtPr"), qn("w:tblPr"), qn("w:trPr"), qn("w:tcPr"),
            qn("w:moveFrom"), f"{_MC}Fallback"}  # fmt: skip
# a line break inside a paragraph (Shift+Enter) is a soft break: normalize_text decides whether it ends a line
_CHARS = {_TAB: "\t", _PTAB: "\t", _BR: SOFT_BREAK, _CR: SOFT_BREAK, _NB_HYPHEN: "-",
          # TCVN3 keeps "ư" in the soft-hyphen slot (0xAD): keep it for the
          # legacy repair; normalization drops it from Unicode text.
          _SOFT_HYPHEN: "\u00ad"}  # fmt: skip


def _children(element) -> Iterator:
    """Child elements, looking through content controls and custom XML wrappers."""
    for child in element.iterchildren():
        if child.tag in (_SDT, _CUSTOM_XML, _SDT_CONTENT):
            yield from _children(child)
        elif child.tag not in _SKIPPED and isinstance(child.tag, str):
            yield child


def _symbol(sym) -> str:
    code = sym.get(qn("w:char")) or ""
    try:
        return chr(int(code, 16))
    except ValueError:
        return ""


@dataclass(frozen=True)
class _Picture:
    """A picture drawn in the body: its part's relationship id and its size on the page (EMU)."""

    part: str
    width: int
    height: int


@dataclass
class _Inline:
    """What a paragraph's runs hold: text pieces, the text boxes anchored in it, its pictures."""

    parts: list[str] = field(default_factory=list)
    boxes: list = field(default_factory=list)
    pictures: list[_Picture] = field(default_factory=list)


def _hidden(run) -> bool:  # type: ignore[no-untyped-def]
    """Whether Word hides the run: ``w:vanish``, ``w:specVanish`` or ``w:webHidden`` not turned off."""
    return any(mark is not None and mark.get(_VAL, "true").lower() not in _OFF
               for mark in map(run.find, _HIDDEN))


def _picture(drawing) -> _Picture | None:  # type: ignore[no-untyped-def]
    extent, blip = drawing.find(_EXTENT), next(drawing.iter(_BLIP), None)
    if extent is None or blip is None or not blip.get(_EMBED):
        return None
    try:
        return _Picture(blip.get(_EMBED), int(extent.get("cx", "0")), int(extent.get("cy", "0")))
    except ValueError:
        return None


def _run_font(run) -> str:
    fonts = run.find(_RFONTS_PATH)
    if fonts is None:
        return ""
    return next((name for attr in _FONT_ATTRIBUTES if (name := fonts.get(attr))), "")


def _tcvn3_capitals(run, found: _Inline) -> str:
    inner = _Inline()
    _inline(run, inner)
    found.boxes += inner.boxes
    found.pictures += inner.pictures
    return convert_legacy("".join(inner.parts), "tcvn3").upper()


def _inline(element, found: _Inline) -> None:
    for child in element.iterchildren():
        tag = child.tag
        if tag == _R and _hidden(child):
            continue
        if tag == _DRAWING and (picture := _picture(child)) is not None:
            found.pictures.append(picture)  # and its text boxes, if any, below
        if tag == _T:
            found.parts.append(child.text or "")
        elif tag in _CHARS:
            found.parts.append(_CHARS[tag])
        elif tag == _SYM:
            found.parts.append(_symbol(child))
        elif tag == _TXBX:
            found.boxes.append(child)
        elif tag == _R and _TCVN3_CAPITALS_FONT.match(_run_font(child)):
            found.parts.append(_tcvn3_capitals(child, found))
        elif tag not in _SKIPPED and isinstance(tag, str):
            _inline(child, found)


_Block = tuple[str, str] | tuple[str, _Picture]


def _paragraph(p, numbering: Numbering, in_cell: bool) -> Iterator[_Block]:
    found = _Inline()
    _inline(p, found)
    text = "".join(found.parts)
    # an empty numbered paragraph keeps its label in a table cell (a table's STT column), not in the body
    yield "p", numbering.label(p.find(_PPR), labelled=in_cell or bool(text.strip())) + text
    for picture in found.pictures:
        yield "picture", picture
    for box in found.boxes:
        yield from _blocks(box, numbering)


def _cell(tc, numbering: Numbering) -> tuple[list[str], list[str]]:
    """One cell → its paragraphs, plus the lines of tables nested in it (its pictures are not
    a scan's pages: a letterhead's logo)."""
    texts, nested = [], []
    for kind, text in _blocks(tc, numbering, in_cell=True):
        if isinstance(text, str):
            (texts if kind == "p" else nested).append(text)
    return texts, nested


def _table(tbl, numbering: Numbering) -> Iterator[tuple[str, str]]:
    for tr in _children(tbl):
        if tr.tag != _TR:
            continue
        yield from flatten_row([_cell(tc, numbering) for tc in _children(tr) if tc.tag == _TC])


def _blocks(container, numbering: Numbering, in_cell: bool = False) -> Iterator[_Block]:
    """``("p", text)`` per paragraph and ``("row", text)`` per table row, in order, each paragraph
    followed by ``("picture", _Picture)`` per picture drawn in it; a paragraph Word numbers begins
    with its label ("II. ", "1. ", "- ": :mod:`analyzer.ingest.docx_numbering`)."""
    for child in _children(container):
        if child.tag == _P:
            yield from _paragraph(child, numbering, in_cell)
        elif child.tag == _TBL:
            yield from _table(child, numbering)


def _numbering(document) -> Numbering:  # type: ignore[no-untyped-def]
    """The document's lists, from its numbering part and its styles (none when it has no numbering part)."""
    part = document.part
    try:
        numbering = part.part_related_by(RT.NUMBERING).element
    except KeyError:
        return Numbering()
    try:
        styles = part.part_related_by(RT.STYLES).element
    except KeyError:
        styles = None
    return Numbering(numbering, styles)


def _meta(document) -> tuple[tuple[str, str], ...]:
    props = document.core_properties
    pairs = (("title", props.title), ("author", props.author))
    return tuple((key, value.strip()) for key, value in pairs if value and value.strip())


def _has_tcvn3_capitals(body) -> bool:
    return any(_TCVN3_CAPITALS_FONT.match(_run_font(run)) for run in body.iter(_R))


# ISO/IEC 29500 Strict namespaces → the Transitional ones python-docx knows (ECMA-376 Part 1). Word's
# "Strict Open XML Document" writes the same parts and element names under the Strict URIs; the
# relationship types follow the namespace ("…/officeDocument/relationships/styles"), so one prefix
# maps them too.
_STRICT_NAMESPACES = tuple((f"http://purl.oclc.org/ooxml/{strict}".encode(), transitional.encode()) for strict, transitional in (
    ("wordprocessingml/main", "http://schemas.openxmlformats.org/wordprocessingml/2006/main"),
    ("officeDocument/relationships/extendedProperties",
     "http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties"),
    ("officeDocument/relationships/customProperties",
     "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"),
    ("officeDocument/relationships", "http://schemas.openxmlformats.org/officeDocument/2006/relationships"),
    ("officeDocument/extendedProperties", "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"),
    ("officeDocument/customProperties", "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"),
    ("officeDocument/docPropsVTypes", "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"),
    ("officeDocument/sharedTypes", "http://schemas.openxmlformats.org/officeDocument/2006/sharedTypes"),
    ("officeDocument/math", "http://schemas.openxmlformats.org/officeDocument/2006/math"),
    ("officeDocument/customXml", "http://schemas.openxmlformats.org/officeDocument/2006/customXml"),
    ("officeDocument/bibliography", "http://schemas.openxmlformats.org/officeDocument/2006/bibliography"),
    ("drawingml/wordprocessingDrawing", "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"),
    ("drawingml/picture", "http://schemas.openxmlformats.org/drawingml/2006/picture"),
    ("drawingml/chart", "http://schemas.openxmlformats.org/drawingml/2006/chart"),
    ("drawingml/diagram", "http://schemas.openxmlformats.org/drawingml/2006/diagram"),
    ("drawingml/lockedCanvas", "http://schemas.openxmlformats.org/drawingml/2006/lockedCanvas"),
    ("drawingml/main", "http://schemas.openxmlformats.org/drawingml/2006/main"),
))
_STRICT_MARK = b"http://purl.oclc.org/ooxml/"


# The main part of a macro-enabled document (.docm) or a template (.dotx, .dotm) is a Word document
# to read; python-docx opens only the .docx content type. Nothing of a macro is ever run or read.
_DOCX_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_OTHER_MAINS = (b"application/vnd.ms-word.document.macroEnabled.main+xml",
                b"application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
                b"application/vnd.ms-word.template.macroEnabledTemplate.main+xml")


def _readable(data: bytes, archive) -> bytes:  # type: ignore[no-untyped-def]
    """The package as python-docx reads it: Strict namespaces rewritten to Transitional ones, the
    main part of a .docm, .dotx or .dotm declared a document's (unchanged when neither applies).
    Only XML parts change; the archive's size was checked when it was opened."""
    names = archive.namelist()
    # the package's relationships name the main part by a Strict or a Transitional type: a small
    # part to read, where the document itself may be megabytes
    strict = "_rels/.rels" in names and _STRICT_MARK in archive.read("_rels/.rels")
    types = archive.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
    if not strict and not any(main in types for main in _OTHER_MAINS):
        return data
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as converted:
        for info in archive.infolist():
            part = archive.read(info)
            if info.filename == "[Content_Types].xml":
                for main in _OTHER_MAINS:
                    part = part.replace(main, _DOCX_MAIN)
            if strict and info.filename.endswith((".xml", ".rels")):
                for strict_uri, transitional in _STRICT_NAMESPACES:
                    part = part.replace(strict_uri, transitional)
            converted.writestr(info.filename, part)
    return out.getvalue()


_PICTURE = re.compile(r"^word/media/[^/]*?(\d*)\.(?:png|jpe?g|tiff?|bmp|gif|webp)$", re.IGNORECASE)


def _pictures(data: bytes, limits: Limits) -> list[bytes]:
    """The pictures a Word document holds (``word/media``), in the order Word numbers them
    (image1, image2, …, image10)."""
    with open_zip(data, limits) as archive:
        names = [(m, name) for name in archive.namelist() if (m := _PICTURE.match(name))]
        names.sort(key=lambda item: (int(item[0].group(1) or 0), item[1]))
        return [archive.read(name) for _, name in names]


# a picture of a page: at least this wide on the page (EMU: 8 cm), as tall as a portrait page for its
# width (A4 1.41, Letter 1.29, a scan cropped to its text a little more or less); a landscape picture is
# as likely a photo of an activity
_PAGE_WIDTH = 2_880_000
_PAGE_SHAPE = (1.15, 1.75)
# pictures of pages are read by OCR when the typed text around them is shorter than this many
# characters a picture (a cover line over the signed, stamped scan, not a typed registration with
# a scan of its last page)
_TYPED_PER_PAGE = 600


def _page_like(picture: _Picture) -> bool:
    return picture.width >= _PAGE_WIDTH and _PAGE_SHAPE[0] <= picture.height / picture.width <= _PAGE_SHAPE[1]


def _with_scanned_pages(document, blocks: list[_Block], text: str) -> tuple[str, tuple[str, ...]]:  # type: ignore[no-untyped-def]
    """The document's text with the pictures of pages pasted into it read by OCR, each where it stands
    (consecutive pages re-flowed together), when the typed text is short beside them (a cover line
    "Chi bộ thôn Ngọc Quan gửi bản đăng ký (bản scan kèm theo)" over the scanned registration); W113, or
    W122 when this machine cannot read them. Otherwise the typed text alone."""
    from analyzer.ingest import ocr
    from analyzer.ingest.image_reader import recognise_pictures

    parts = document.part.related_parts
    pages = [k for k, (kind, picture) in enumerate(blocks)
             if kind == "picture" and _page_like(picture) and picture.part in parts]
    if not pages or sum(1 for char in text if not char.isspace()) >= _TYPED_PER_PAGE * len(pages):
        return text, ()
    if not ocr.available():
        return text, (W.SCAN_PICTURES_NOT_READ.format(n=len(pages)),)
    found, frames = recognise_pictures([parts[blocks[k][1].part].blob for k in pages], skip_damaged=True)
    recognised = dict(zip(pages, found))
    lines: list[str] = []
    run: list[str] = []  # the recognised pages of consecutive pictures
    for k, (kind, block) in enumerate(blocks):
        if k in recognised:
            run += [page.text for page in recognised[k]]
            continue
        if kind == "picture" or run and not block.strip():  # a blank line between two pages says nothing
            continue
        if run:
            lines.append(pages_text(run))
            run = []
        lines.append(block)
    if run:
        lines.append(pages_text(run))
    read = [page for got in found for page in got if page.text.strip()]
    tried = sum(len(got) for got in found)
    notes = ocr.warnings(len(read), frames, frames, tried, read, template=W.OCR_PICTURES)
    return "\n".join(lines), notes


_ALT_CHUNK, _RID = qn("w:altChunk"), qn("r:id")
# an altChunk part's format by its content type (else by its name and content, as a file's)
_CHUNK_FORMATS = {"text/html": "html", "application/xhtml+xml": "html", "message/rfc822": "mht",
                  "multipart/related": "mht", "application/rtf": "rtf", "text/rtf": "rtf", "text/plain": "txt",
                  "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": "docx"}


def _paragraphs_of(text: str) -> list:  # type: ignore[type-arg]
    """``w:p`` elements holding ``text``, one a line (an empty line an empty paragraph)."""
    from docx.oxml import OxmlElement

    made = []
    for line in text.split("\n"):
        p, r, t = OxmlElement("w:p"), OxmlElement("w:r"), OxmlElement("w:t")
        t.text = line
        t.set(qn("xml:space"), "preserve")
        r.append(t)
        p.append(r)
        made.append(p)
    return made


def _inline_alt_chunks(document, limits: Limits) -> tuple[str, ...]:  # type: ignore[no-untyped-def]
    """Put the text of each altChunk (a web page, RTF or text a web export or e-office system embeds as the
    document's content: Word shows it in place) where it stands, as paragraphs; the warnings of reading them."""
    from analyzer.ingest.core import READERS  # the readers of the other formats (core imports this module)
    from analyzer.ingest.sniff import choose_format

    warnings: tuple[str, ...] = ()
    for chunk in list(document.element.body.iter(_ALT_CHUNK)):
        part = document.part.related_parts.get(chunk.get(_RID))
        text = ""
        if part is not None:
            blob = part.blob
            fmt = _CHUNK_FORMATS.get(part.content_type.split(";")[0].strip().lower())
            try:
                fmt = fmt or choose_format("." + str(part.partname).rsplit(".", 1)[-1].lower(), blob)[0]
                read = READERS[fmt](blob, limits)
                text, warnings = read.text, warnings + read.warnings
            except Refused:
                text = ""
        for p in _paragraphs_of(text) if text.strip() else []:
            chunk.addprevious(p)
        chunk.getparent().remove(chunk)
    return warnings


def read_docx(data: bytes, limits: Limits) -> Extracted:
    """Text of a .docx file: paragraphs and table rows (cells joined by ``" | "``), without the text Word
    hides; pictures of pages pasted under a short typed text read by OCR where they stand. A Strict Open
    XML document (Word's "Strict Open XML Document", ISO/IEC 29500 Strict), a macro-enabled document
    (.docm) and a template (.dotx, .dotm) are read like any other."""
    with open_zip(data, limits) as archive:
        if "word/document.xml" not in archive.namelist():
            raise Refused(E.CORRUPT, fmt="docx", detail="it has no word/document.xml (not a Word document)")
        data = _readable(data, archive)
    document = docx.Document(io.BytesIO(data))
    body = document.element.body
    chunk_warnings = _inline_alt_chunks(document, limits)
    blocks = list(_blocks(body, _numbering(document)))
    text = "\n".join(block for _, block in blocks if isinstance(block, str))
    if not text.strip():
        pictures = _pictures(data, limits)
        if pictures:  # a scan pasted into Word: its pages are read like a picture's
            from analyzer.ingest.image_reader import read_pictures

            return read_pictures(pictures, E.PICTURES_NO_OCR, E.PICTURES_NO_TEXT, meta=_meta(document))
    text, warnings = _with_scanned_pages(document, blocks, text)
    warnings = chunk_warnings + warnings
    if _has_tcvn3_capitals(body):
        warning = W.LEGACY.format(name=LEGACY_NAMES["tcvn3"])
        return Extracted(text=text, encoding="tcvn3", warnings=(warning, *warnings), meta=_meta(document))
    return Extracted(text=text, warnings=warnings, meta=_meta(document))
