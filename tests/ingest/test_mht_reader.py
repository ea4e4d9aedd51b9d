"""Web archives (.mht, "Single File Web Page", and the same bytes renamed .doc): the page they hold,
decoded from its part (quoted-printable or base64, in its charset) and read as HTML."""

import base64
import quopri

import pytest

from analyzer.errors import IngestError
from analyzer.ingest import read_document
from conftest import SENTENCE, to_cp1258

PAGE = f"""<html><head><meta http-equiv=Content-Type content="text/html; charset={{charset}}"></head>
<body lang=VI><div class=WordSection1>
<p class=MsoNormal>ĐẢNG BỘ XÃ LÂM THAO</p>
<p class=MsoNormal>{SENTENCE}.</p>
<table><tr><td>Quý II/2024</td><td>Xóa 4 điểm rác tự phát</td></tr></table>
</div></body></html>"""
TEXT = ["ĐẢNG BỘ XÃ LÂM THAO", SENTENCE + ".", "Quý II/2024 | Xóa 4 điểm rác tự phát"]
HEADER = "<html><body><div style='mso-element:header'><p>Chi bộ thôn Ngọc Quan - Bản đăng ký</p></div></body></html>"
PICTURE = base64.encodebytes(b"\x89PNG\r\n\x1a\n" + bytes(64)).decode("ascii")


def _part(content_type: str, encoding: str, body: bytes, location: str, content_id: str = "") -> str:
    encoded = quopri.encodestring(body) if encoding == "quoted-printable" else base64.encodebytes(body)
    cid = f"Content-ID: <{content_id}>\r\n" if content_id else ""
    return (f"Content-Location: {location}\r\n{cid}Content-Transfer-Encoding: {encoding}\r\n"
            f"Content-Type: {content_type}\r\n\r\n" + encoded.decode("ascii").replace("\n", "\r\n") + "\r\n")


def _archive(parts: list[str], headers: str = "", start: str = "") -> bytes:
    boundary = "----=_NextPart_01DA7F3C.5B2E1A40"
    start = f';\r\n\tstart="<{start}>"' if start else ""
    body = "".join(f"--{boundary}\r\n{part}" for part in parts)
    return (f"{headers}MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"{boundary}\"{start}\r\n\r\n"
            f"This document is a Single File Web Page, also known as a Web Archive file.\r\n\r\n{body}"
            f"--{boundary}--\r\n").encode("ascii")


def _page(charset: str, encoding: str, meta: bool = True) -> str:
    markup = PAGE.format(charset=charset) if meta else PAGE.partition("</head>")[2]
    data = to_cp1258(markup) if charset == "windows-1258" else markup.encode(charset)
    return _part(f'text/html; charset="{charset}"', encoding, data, "file:///C:/D0F2/dang_ky.htm")


WORD = _archive([_page("utf-8", "quoted-printable"),
                 _part('text/html; charset="utf-8"', "quoted-printable", HEADER.encode(), "file:///C:/D0F2/dang_ky_files/header.htm"),
                 _part("image/png", "base64", PICTURE.encode(), "file:///C:/D0F2/dang_ky_files/image001.png")])
ARCHIVES = [
    # (name, bytes, encoding of the page, warning codes)
    ("dang_ky.mht", WORD, "utf-8", []),  # Word's "Single File Web Page": the header part is not read
    ("dang_ky.doc", WORD, "utf-8", ["W105"]),  # an e-office system's export, named .doc
    ("cp1258.mhtml", _archive([_page("windows-1258", "quoted-printable")]), "windows-1258", []),
    ("base64.mht", _archive([_page("utf-8", "base64")]), "utf-8", []),
    ("no_meta.mht", _archive([_page("windows-1258", "base64", meta=False)]), "windows-1258", []),  # the part's charset
    # a browser's archive: headers before MIME-Version, the page named by "start" after a picture
    ("chrome.mhtml", _archive([_part("image/png", "base64", PICTURE.encode(), "https://x.vn/a.png"),
                               _part('text/html; charset="utf-8"', "quoted-printable", PAGE.format(charset="utf-8").encode(),
                                     "https://x.vn/dang-ky", content_id="frame-1@mhtml.blink")],
                              headers="From: <Saved by Blink>\r\nSubject: =?utf-8?Q?=C4=90=C4=83ng_k=C3=BD?=\r\n",
                              start="frame-1@mhtml.blink"), "utf-8", []),
]


@pytest.mark.parametrize(("name", "data", "encoding", "warnings"), ARCHIVES)
def test_the_page_of_a_web_archive_is_read_as_html(tmp_path, name, data, encoding, warnings):
    (tmp_path / name).write_bytes(data)
    doc = read_document(tmp_path / name)
    assert (doc.fmt, doc.encoding, doc.text.splitlines()) == ("mht", encoding, TEXT)
    assert [w[:4] for w in doc.warnings] == warnings


BROKEN = [
    # (name, bytes, what the error says)
    ("anh.mht", _archive([_part("image/png", "base64", PICTURE.encode(), "file:///C:/a.png")]), "no text/html part"),
    ("trong.mht", _archive([_part('text/html; charset="utf-8"', "base64", b"   ", "file:///C:/a.htm")]), "empty"),
    ("khong_phai.mht", "Chi bộ thôn Ngọc Quan".encode(), "no text/html part"),
]


@pytest.mark.parametrize(("name", "data", "detail"), BROKEN)
def test_a_web_archive_without_a_page_is_an_error_saying_what_to_do(tmp_path, name, data, detail):
    (tmp_path / name).write_bytes(data)
    with pytest.raises(IngestError) as error:
        read_document(tmp_path / name)
    assert error.value.code == "E104" and "web archive" in str(error.value) and detail in str(error.value)
    assert "save it as .docx" in str(error.value)
