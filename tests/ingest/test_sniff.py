"""choose_format: the content decides, the suffix breaks ties."""

import pytest

from analyzer.ingest.base import Refused
from analyzer.ingest.sniff import choose_format

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100)
RTF = rb"{\rtf1\ansi\ansicpg1258 Chi b\'f4\'f2}"
HTML = b"\xef\xbb\xbf\n<!DOCTYPE html><html><body><p>Chi b\xe1\xbb\x99</p></body></html>"
TEXT = "Chi bộ Trường THCS Thủy Đông".encode()

CASES = [
    # (suffix, content, format, renamed?)
    (".pdf", PDF, "pdf", False),
    (".txt", PDF, "pdf", True),
    (".doc", OLE, "doc", False),
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
]


@pytest.mark.parametrize(("suffix", "data", "fmt", "renamed"), CASES)
def test_choose_format(suffix, data, fmt, renamed):
    chosen, warnings = choose_format(suffix, data)
    assert chosen == fmt
    assert [w[:4] for w in warnings] == (["W105"] if renamed else [])


def test_known_non_document_suffix_is_unsupported():
    with pytest.raises(Refused) as refusal:
        choose_format(".xlsx", b"PK\x03\x04 a workbook")
    assert refusal.value.template.startswith("E100")
