"""Which reader a file needs: its content decides, its suffix only breaks ties.

Submissions are renamed by hand: a ``.doc`` that Word saved as RTF, as a web page or a web
archive (.mht) or as Word 2003 XML, a ``.docx`` renamed ``.doc``, a PDF attached as ``.txt``.
Magic bytes are checked first.

Example:
    >>> choose_format(".doc", b"{\\\\rtf1\\\\ansi Chi b\\\\'f4\\\\'f2}")
    ('rtf', ("W105: the content is rtf, not what the suffix '.doc' says; read as rtf",))
    >>> choose_format(".txt", "Đảng ủy xã Thủy Đông".encode())
    ('txt', ())
"""

from __future__ import annotations

import io
import re
import zipfile

from analyzer.errors import E
from analyzer.ingest.base import Refused
from analyzer.ingest.decoding import looks_binary
from analyzer.ingest.messages import W

SUFFIX_FORMATS = {
    ".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md",
    ".docx": "docx", ".docm": "docx", ".dotx": "docx", ".dotm": "docx",  # macro-enabled documents, templates
    ".pdf": "pdf", ".doc": "doc", ".dot": "doc", ".odt": "odt", ".rtf": "rtf",
    ".html": "html", ".htm": "html", ".xhtml": "html", ".mht": "mht", ".mhtml": "mht",  # web archives
    ".fodt": "fodt",  # flat OpenDocument text (one XML file)
    ".png": "image", ".jpg": "image", ".jpeg": "image", ".tif": "image", ".tiff": "image", ".bmp": "image",
    ".webp": "image",  # pictures of pages, read by OCR
    ".xlsx": "xlsx", ".xlsm": "xlsx",  # a registration typed as a spreadsheet
}  # fmt: skip
# Suffixes of files that are surely not documents this analyzer reads.
# An .xml file is read only when its content is a document (Word 2003 XML, flat OpenDocument): a web
# page's companion files (filelist.xml, colorschememapping.xml) and other data are not submissions.
UNSUPPORTED_SUFFIXES = frozenset(
    ".xls .ods .ppt .pptx .odp .gif .heic .xml .thmx "
    ".exe .dll .msi .mp3 .mp4 .wav .avi .mov .mkv .db .sqlite".split()
)
# Archives: submissions are often sent zipped; the message says to unpack them (E112).
ARCHIVE_SUFFIXES = frozenset(".zip .rar .7z .gz .tgz .tar .bz2 .xz .zst .cab .arj".split())
_CONTAINER_FORMATS = frozenset({"docx", "pdf", "doc", "odt", "image", "xlsx"})
# pictures: PNG, JPEG, TIFF (both byte orders), WebP (a BMP's "BM" could open a text file)
_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
_ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
_ENCRYPTED_OOXML = "EncryptedPackage".encode("utf-16-le")
_HTML_START = re.compile(
    rb"^(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html[\s>])", re.IGNORECASE | re.DOTALL
)
_HEAD = 2048
# a MIME message's header block (RFC 5322: "Name: value" lines, folded lines begin with white space)
_MIME_HEADERS = re.compile(rb"\A(?:[!-9;-~]+:[^\r\n]*\r?\n(?:[ \t][^\r\n]*\r?\n)*)+")
_MIME_VERSION = re.compile(rb"^mime-version\s*:", re.IGNORECASE | re.MULTILINE)
_MULTIPART_RELATED = re.compile(rb"^content-type\s*:\s*multipart/related", re.IGNORECASE | re.MULTILINE)
# one-file XML documents; their root declares its namespaces first (LibreOffice's: about 3 KB of them)
XML_HEAD = 8192
_WORDML_NS = b"http://schemas.microsoft.com/office/word/2003/wordml"
_WORDML_ROOT = re.compile(rb"<(?:[\w.-]+:)?wordDocument[\s>]")
_FODT_ROOT = re.compile(rb"<(?:[\w.-]+:)?document\s[^>]*mimetype\s*=\s*[\"']application/vnd\.oasis\.opendocument\.text[\"']")
_FLAT_OPC_ROOT = re.compile(rb"<(?:[\w.-]+:)?package\s[^>]*http://schemas\.microsoft\.com/office/2006/xmlPackage")
XML_FORMATS = frozenset({"wordml", "wordxml", "fodt"})  # whose own suffix is .xml


# what sniff() says of a zip archive of files (submissions zipped and renamed ".docx"): no document, no
# Office or OpenDocument package (which lists its parts in "[Content_Types].xml" or a "mimetype" entry)
ARCHIVE = "archive"
_PACKAGE_MARKS = frozenset({"[Content_Types].xml", "mimetype", "META-INF/manifest.xml"})


def _zip_format(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "word/document.xml" in names:
                return "docx"
            if "xl/workbook.xml" in names:
                return "xlsx"
            mimetype = archive.getinfo("mimetype") if "mimetype" in names else None
            if mimetype is not None and mimetype.file_size < 200 and archive.read(mimetype).startswith(_ODT_MIMETYPE):
                return "odt"
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError, KeyError, RuntimeError):
        return None  # a damaged package: its reader says what is wrong with it (E104)
    return ARCHIVE if names and not names & _PACKAGE_MARKS else None


def _is_html(head: bytes) -> bool:
    return bool(_HTML_START.match(head.lstrip(b"\xef\xbb\xbf \t\r\n")))


def _is_web_archive(head: bytes) -> bool:
    """A MIME message whose headers say ``MIME-Version`` and ``Content-Type: multipart/related``."""
    headers = _MIME_HEADERS.match(head.lstrip(b"\xef\xbb\xbf \t\r\n"))
    return headers is not None and bool(_MIME_VERSION.search(headers.group())) and \
        bool(_MULTIPART_RELATED.search(headers.group()))


def xml_document(head: bytes) -> str | None:
    """``"wordml"`` for Word 2003 XML (``<w:wordDocument>``), ``"wordxml"`` for Word 2007's XML Document
    (``<pkg:package>``, Flat OPC), ``"fodt"`` for a flat OpenDocument text
    (``<office:document office:mimetype="…opendocument.text">``), None for any other content."""
    if not head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        return None
    if _WORDML_NS in head and _WORDML_ROOT.search(head):
        return "wordml"
    if _FLAT_OPC_ROOT.search(head) and b"/word/" in head:  # Word 2007's "XML Document": the parts of a .docx
        return "wordxml"
    if _FODT_ROOT.search(head):
        return "fodt"
    return None


def sniff(data: bytes) -> str | None:
    """The format the content proves (``"pdf"``, ``"docx"``, …), :data:`ARCHIVE` for a zip of files, or None
    for plain data.

    Raises :class:`Refused` (E110) for an encrypted Office file.
    """
    head = data[:_HEAD]
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(_ZIP_MAGIC):
        return _zip_format(data)
    if head.startswith(_OLE_MAGIC):
        if _ENCRYPTED_OOXML in data[:65536]:
            raise Refused(E.ENCRYPTED)
        return "doc"
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{\\rtf"):
        return "rtf"
    if _is_web_archive(data[:XML_HEAD]):
        return "mht"
    xml = xml_document(data[:XML_HEAD])
    if xml is not None:
        return xml
    if _is_html(head):
        return "html"
    if head.startswith(_IMAGE_MAGIC) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP"):
        return "image"
    return None


def _declared(suffix: str) -> str | None:
    declared = SUFFIX_FORMATS.get(suffix)
    if declared is None and suffix in ARCHIVE_SUFFIXES:
        raise Refused(E.ARCHIVE, suffix=suffix)
    if declared is None and suffix in UNSUPPORTED_SUFFIXES:
        raise Refused(E.UNSUPPORTED_FORMAT, suffix=suffix)
    return declared


def choose_format(suffix: str, data: bytes) -> tuple[str, tuple[str, ...]]:
    """The reader's format for a file with this (lower-case) suffix and content.

    Content wins over the suffix; a container suffix (.pdf, .docx, .doc, .odt) on
    plain text reads as text; an unknown suffix reads as text; a known non-document
    suffix (.pptx, .xml, …) is refused with E100, an archive's (.zip, .rar, …) with E112, unless the
    content is a document; so is a zip archive of files under any name (submissions zipped and named
    ".docx").
    """
    content = sniff(data)
    declared = SUFFIX_FORMATS.get(suffix)
    if content is not None and content != ARCHIVE:
        renamed = bool(suffix) and content != declared and not (suffix == ".xml" and content in XML_FORMATS)
        return content, (W.WRONG_SUFFIX.format(actual=content, suffix=suffix),) if renamed else ()
    declared = _declared(suffix)
    if content == ARCHIVE:
        raise Refused(E.ARCHIVE, suffix=f"zip, named {suffix}" if suffix and suffix != ".zip" else ".zip")
    if declared in _CONTAINER_FORMATS and data and not looks_binary(data):
        return "txt", (W.WRONG_SUFFIX.format(actual="txt", suffix=suffix),)
    return declared or "txt", ()
