"""Word XML Document (Word 2007 and later, "Flat OPC": one XML file, saved as .xml and often renamed
.doc by e-office systems): the parts of a .docx written one after the other, read as a .docx is read.

Each ``pkg:part`` carries a part of the package by name and content type, XML inline (``pkg:xmlData``)
or binary in base64 (``pkg:binaryData``: pictures). They are put back into a .docx package, so that
numbering, styles, hidden runs, comments, embedded web pages and scanned pages are read by the one
.docx reader.

Example (the document part of such a file)::

    <pkg:part pkg:name="/word/document.xml" pkg:contentType="…wordprocessingml.document.main+xml">
      <pkg:xmlData><w:document>…<w:t>Chi bộ thôn Ngọc Quan</w:t>…</w:document></pkg:xmlData></pkg:part>
"""

from __future__ import annotations

import base64
import binascii
import io
import zipfile
from xml.sax.saxutils import quoteattr

from lxml import etree

from analyzer.errors import E
from analyzer.ingest.base import Extracted, Limits, Refused
from analyzer.ingest.docx_reader import read_docx
from analyzer.ingest.wordml_reader import parse_untrusted

PKG = "http://schemas.microsoft.com/office/2006/xmlPackage"
_PART, _NAME, _TYPE = f"{{{PKG}}}part", f"{{{PKG}}}name", f"{{{PKG}}}contentType"
_XML_DATA, _BINARY_DATA = f"{{{PKG}}}xmlData", f"{{{PKG}}}binaryData"
_RELS_TYPE = "application/vnd.openxmlformats-package.relationships+xml"


def to_docx(data: bytes) -> bytes:
    """The .docx package a Flat OPC document writes out: its parts, and a ``[Content_Types].xml`` naming
    each part's content type."""
    root = parse_untrusted(data)
    if root.tag != f"{{{PKG}}}package":
        raise Refused(E.CORRUPT, fmt="wordxml", detail=f"its root is <{etree.QName(root).localname}>, not <pkg:package>")
    parts: dict[str, bytes] = {}
    types: dict[str, str] = {}
    for part in root.iter(_PART):
        name = (part.get(_NAME) or "").lstrip("/")
        if not name or ".." in name.split("/"):
            continue
        xml, binary = part.find(_XML_DATA), part.find(_BINARY_DATA)
        if xml is not None and len(xml):
            parts[name] = etree.tostring(xml[0], xml_declaration=True, encoding="UTF-8", standalone=True)
        elif binary is not None:
            try:
                parts[name] = base64.b64decode("".join((binary.text or "").split()), validate=True)
            except (binascii.Error, ValueError):
                continue  # a damaged picture: the text is still read
        else:
            continue
        types[name] = part.get(_TYPE) or ""
    if "word/document.xml" not in parts:
        raise Refused(E.CORRUPT, fmt="wordxml", detail="it has no /word/document.xml part (not a Word document)")
    overrides = "".join(f"<Override PartName={quoteattr('/' + name)} ContentType={quoteattr(kind)}/>"
                        for name, kind in types.items() if kind and kind != _RELS_TYPE)
    content_types = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                     '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                     f'<Default Extension="rels" ContentType="{_RELS_TYPE}"/>'
                     '<Default Extension="xml" ContentType="application/xml"/>' + overrides + "</Types>")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", content_types)
        for name, blob in parts.items():
            package.writestr(name, blob)
    return out.getvalue()


def read_flat_docx(data: bytes, limits: Limits) -> Extracted:
    """Text of a Word XML Document (Flat OPC), read as the .docx it writes out."""
    return read_docx(to_docx(data), limits)
