"""choose_format: the content decides, the suffix breaks ties."""

import io
import zipfile

import pytest

from analyzer.ingest.base import Refused
from analyzer.ingest.sniff import choose_format

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100)
RTF = rb"{\rtf1\ansi\ansicpg1258 Chi b\'f4\'f2}"
HTML = b"\xef\xbb\xbf\n<!DOCTYPE html><html><body><p>Chi b\xe1\xbb\x99</p></body></html>"
TEXT = "Chi bộ Trường THCS Thủy Đông".encode()
MHT = b'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="----=_NextPart_01DA"\r\n\r\n------=_NextPart_01DA'
CHROME_MHT = (b"From: <Saved by Blink>\r\nSnapshot-Content-Location: https://x.vn/dang-ky\r\nMIME-Version: 1.0\r\n"
              b'Content-Type: multipart/related;\r\n\ttype="text/html";\r\n\tboundary="----MultipartBoundary--x"\r\n\r\n')
EMAIL = b"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b"  # a mail, not a web archive
NOT_HEADERS = "Ghi chú:\nMIME-Version: 1.0\nContent-Type: multipart/related".encode()  # a line that is no header first
WORDML = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<?mso-application progid="Word.Document"?>\n'
          b'<w:wordDocument xmlns:w="http://schemas.microsoft.com/office/word/2003/wordml"><w:body>')
FODT = (b'<?xml version="1.0" encoding="UTF-8"?>\n<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        + b'xmlns:x="urn:x" ' * 150 + b'office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">')

CASES = [
    # (suffix, content, format, renamed?)
    (".pdf", PDF, "pdf", False),
    (".txt", PDF, "pdf", True),
    (".doc", OLE, "doc", False),
    (".dot", OLE, "doc", False),  # a Word 97-2003 template
    (".doc", RTF, "rtf", True),
    (".doc", HTML, "html", True),
    (".rtf", RTF, "rtf", False),
    (".htm", HTML, "html", False),
    (".txt", HTML, "html", True),
    (".html", b"<p>Chi b\xe1\xbb\x99</p>", "html", False),
    (".txt", TEXT, "txt", False),
    (".md", TEXT, "md", False),
    ("", TEXT, "txt", False),
    (".csv", TEXT, "txt", False),
    (".doc", TEXT, "txt", True),  # a .doc that is plain text
    (".pdf", b"\x00\x01\x02 garbage", "pdf", False),  # binary: the PDF reader will refuse it
    (".jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF", "image", False),  # pictures of pages: read by OCR
    (".pdf", b"\x89PNG\r\n\x1a\n\x00\x00", "image", True),
    ("", b"II*\x00\x08\x00\x00\x00", "image", False),
    (".txt", b"RIFF\x10\x00\x00\x00WEBPVP8 ", "image", True),
    (".txt", "BM của chi bộ: bản đăng ký".encode(), "txt", False),  # a BMP's "BM" is no proof
    (".mht", MHT, "mht", False),  # a web archive ("Single File Web Page")
    (".doc", MHT, "mht", True),  # exported by an e-office system as .doc
    (".mhtml", CHROME_MHT, "mht", False),
    (".txt", EMAIL, "txt", False),
    (".txt", NOT_HEADERS, "txt", False),
    (".xml", WORDML, "wordml", False),  # Word 2003 XML: .xml is its own suffix
    (".doc", WORDML, "wordml", True),
    (".fodt", FODT, "fodt", False),  # its namespaces take 3 KB before the mimetype
    (".xml", FODT, "fodt", False),
    (".txt", b"Xem <w:wordDocument> trong http://schemas.microsoft.com/office/word/2003/wordml", "txt", False),
]


@pytest.mark.parametrize(("suffix", "data", "fmt", "renamed"), CASES)
def test_choose_format(suffix, data, fmt, renamed):
    chosen, warnings = choose_format(suffix, data)
    assert chosen == fmt
    assert [w[:4] for w in warnings] == (["W105"] if renamed else [])


def _zip_of(names: list[str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "Chi bộ tổ chức 4 buổi sinh hoạt chuyên đề.")
    return buffer.getvalue()


@pytest.mark.parametrize(("suffix", "data"), [
    (".zip", None),  # submissions sent zipped
    (".ZIP", None),
    (".rar", b"Rar!\x1a\x07\x01\x00" + bytes(64)),
    (".7z", b"7z\xbc\xaf\x27\x1c" + bytes(64)),
    (".docx", None),  # zipped submissions renamed as a Word file
    (".pdf", None),
    ("", None),
])
def test_an_archive_is_refused_with_what_to_do(suffix, data):
    data = data if data is not None else _zip_of(["Bản đăng ký xã A.docx", "Bản đăng ký xã B.pdf"])
    with pytest.raises(Refused) as refusal:
        choose_format(suffix.lower(), data)
    assert refusal.value.template.startswith("E112") and "Unpack it" in refusal.value.template


def test_a_document_named_zip_is_still_read_by_its_content(tmp_path):
    from conftest import make_docx

    docx = make_docx(tmp_path / "x.docx", ["Chi bộ tổ chức 4 buổi sinh hoạt chuyên đề."]).read_bytes()
    fmt, warnings = choose_format(".zip", docx)
    assert fmt == "docx" and [w[:4] for w in warnings] == ["W105"]


@pytest.mark.parametrize(("suffix", "data"), [
    (".pptx", b"PK\x03\x04 a slide deck"),
    (".xml", b'<?xml version="1.0"?><xml xmlns:o="urn:schemas-microsoft-com:office:office"><o:MainFile HRef="../a.htm"/></xml>'),
    (".thmx", b"PK\x03\x04 a theme"),  # Word's theme, beside a web page
])
def test_known_non_document_suffix_is_unsupported(suffix, data):
    with pytest.raises(Refused) as refusal:
        choose_format(suffix, data)
    assert refusal.value.template.startswith("E100")


@pytest.mark.parametrize("names", [
    ["[Content_Types].xml", "ppt/presentation.xml"],  # a PowerPoint renamed .docx: a package, its reader says so
    ["mimetype", "content.xml"],
])
def test_an_office_package_without_a_document_is_not_called_an_archive(names):
    assert choose_format(".docx", _zip_of(names))[0] == "docx"
