"""Word XML Document (Flat OPC): one XML file holding a .docx's parts, read as the .docx."""

from __future__ import annotations

import base64
import zipfile
from xml.etree import ElementTree

import pytest

from analyzer.errors import IngestError
from analyzer.ingest import read_document
from conftest import make_docx

PARAGRAPHS = ["BẢN ĐĂNG KÝ MÔ HÌNH NĂM 2024", "Chi bộ tổ chức 4 buổi sinh hoạt chuyên đề trong năm 2024."]
ROWS = [["STT", "Nội dung", "Thời gian"], ["1", "Học tập chuyên đề năm 2024", "Quý II/2024"]]


def _flat(docx_path, *, drop: str = "") -> bytes:
    """The Flat OPC of a .docx, as Word saves "Word XML Document": XML parts inline, others in base64."""
    parts = []
    with zipfile.ZipFile(docx_path) as package:
        types = ElementTree.fromstring(package.read("[Content_Types].xml"))
        by_name = {e.get("PartName").lstrip("/"): e.get("ContentType") for e in types if e.tag.endswith("Override")}
        by_suffix = {e.get("Extension"): e.get("ContentType") for e in types if e.tag.endswith("Default")}
        for name in package.namelist():
            if name == "[Content_Types].xml" or name == drop:
                continue
            blob = package.read(name)
            kind = by_name.get(name) or by_suffix.get(name.rsplit(".", 1)[-1], "application/octet-stream")
            if name.endswith((".xml", ".rels")):
                body = blob.split(b"?>", 1)[1] if blob.startswith(b"<?xml") else blob
                parts.append(f'<pkg:part pkg:name="/{name}" pkg:contentType="{kind}"><pkg:xmlData>'.encode()
                             + body + b"</pkg:xmlData></pkg:part>")
            else:
                parts.append(f'<pkg:part pkg:name="/{name}" pkg:contentType="{kind}"><pkg:binaryData>'
                             f"{base64.b64encode(blob).decode()}</pkg:binaryData></pkg:part>".encode())
    return (b'<?xml version="1.0" standalone="yes"?>\n<?mso-application progid="Word.Document"?>\n'
            b'<pkg:package xmlns:pkg="http://schemas.microsoft.com/office/2006/xmlPackage">'
            + b"".join(parts) + b"</pkg:package>")


@pytest.mark.parametrize(("suffix", "warned"), [(".xml", []), (".doc", ["W105"])])
def test_a_word_xml_document_reads_as_its_docx(tmp_path, suffix, warned):
    docx_path = make_docx(tmp_path / "goc.docx", PARAGRAPHS, ROWS)
    flat = tmp_path / f"dang_ky{suffix}"
    flat.write_bytes(_flat(docx_path))
    read, original = read_document(flat), read_document(docx_path)
    assert read.fmt == "wordxml" and read.text == original.text
    assert "1 | Học tập chuyên đề năm 2024 | Quý II/2024" in read.text.split("\n")
    assert [w[:4] for w in read.warnings] == warned


def test_a_package_without_a_document_part_is_refused(tmp_path):
    flat = tmp_path / "hong.xml"
    flat.write_bytes(_flat(make_docx(tmp_path / "goc.docx", PARAGRAPHS), drop="word/document.xml"))
    with pytest.raises(IngestError) as error:
        read_document(flat)
    assert error.value.code in ("E100", "E104")
