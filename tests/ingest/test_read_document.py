"""read_document: the public contract — text in every encoding, one coded error per bad file."""

import dataclasses
import os
import unicodedata

import pytest

from analyzer.errors import IngestError
from analyzer.ingest import RawDocument, read_document
from analyzer.ingest import core
from conftest import SENTENCE, TCVN3, VNI, make_docx, shown_as_cp1252, to_cp1258, to_legacy

TEXT_FILES = [
    # (file name, bytes, encoding, warning codes)
    ("utf8.txt", SENTENCE.encode("utf-8"), "utf-8", []),
    ("utf8_bom.txt", SENTENCE.encode("utf-8-sig"), "utf-8", []),
    ("utf16.txt", SENTENCE.encode("utf-16"), "utf-16-le", []),
    ("cp1258.txt", to_cp1258(SENTENCE), "cp1258", ["W102"]),
    ("tcvn3.txt", to_legacy(SENTENCE, TCVN3), "tcvn3", ["W101"]),
    ("vni.txt", to_legacy(SENTENCE, VNI), "vni", ["W101"]),
    ("ghi_chu.md", ("# " + SENTENCE).encode(), "utf-8", []),
    ("khong_duoi", SENTENCE.encode(), "utf-8", []),
    ("nhat_ky.log", SENTENCE.encode(), "utf-8", []),
]


@pytest.mark.parametrize(("name", "data", "encoding", "codes"), TEXT_FILES, ids=[f[0] for f in TEXT_FILES])
def test_text_files_in_every_encoding(tmp_path, name, data, encoding, codes):
    (tmp_path / name).write_bytes(data)
    doc = read_document(tmp_path / name)
    assert doc.text.removeprefix("# ") == SENTENCE
    assert doc.encoding == encoding
    assert [w[:4] for w in doc.warnings] == codes


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Ðảng ủy xã Thủy Ðông\r\n\r\n\r\n\r\nChi bộ", "Đảng ủy xã Thủy Đông\n\nChi bộ"),
        (unicodedata.normalize("NFD", SENTENCE), SENTENCE),
        ("\ufeff  " + SENTENCE + "\u200b\u00a0 \n", SENTENCE),
    ],
    ids=["eth-and-blank-lines", "nfd", "bom-zero-width-nbsp"],
)
def test_text_is_normalized(tmp_path, raw, expected):
    (tmp_path / "x.txt").write_text(raw, encoding="utf-8")
    assert read_document(tmp_path / "x.txt").text == expected


def test_utf8_file_holding_pasted_tcvn3_text(tmp_path):
    (tmp_path / "dan.txt").write_text("ĐẢNG BỘ XÃ\n" + to_legacy(SENTENCE, TCVN3).decode("cp1252"), encoding="utf-8")
    doc = read_document(tmp_path / "dan.txt")
    assert (doc.text, doc.encoding) == (f"ĐẢNG BỘ XÃ\n{SENTENCE}", "tcvn3")


def test_utf8_mojibake_is_repaired(tmp_path):
    (tmp_path / "loi_font.txt").write_text(shown_as_cp1252(SENTENCE), encoding="utf-8")
    doc = read_document(tmp_path / "loi_font.txt")
    assert doc.text == SENTENCE
    assert doc.warnings == ("W106: repaired UTF-8 text that had been mis-read as Windows-1252",)


def test_raw_document_is_frozen_plain_data(tmp_path):
    (tmp_path / "x.txt").write_text(SENTENCE, encoding="utf-8")
    doc = read_document(str(tmp_path / "x.txt"))
    assert isinstance(doc, RawDocument) and doc.meta == ()
    with pytest.raises(dataclasses.FrozenInstanceError):
        doc.text = ""


def _bad_inputs(tmp_path):
    """(name → path, keyword limits) for each kind of bad input."""
    (tmp_path / "trong.txt").write_bytes(b"")
    (tmp_path / "khoang_trang.txt").write_bytes(b" \r\n\t \n\xc2\xa0\n")
    (tmp_path / "rac.txt").write_bytes(bytes(range(256)) * 16)
    (tmp_path / "lon.txt").write_bytes(SENTENCE.encode() * 100)
    (tmp_path / "trinh_chieu.pptx").write_bytes(b"not really a slide deck")
    os.symlink(tmp_path / "khong_co.docx", tmp_path / "lien_ket_gay.docx")
    os.symlink(tmp_path / "vong_b.txt", tmp_path / "vong_a.txt")
    os.symlink(tmp_path / "vong_a.txt", tmp_path / "vong_b.txt")
    (tmp_path / "thu_muc.docx").mkdir()
    os.symlink(tmp_path / "thu_muc.docx", tmp_path / "lien_ket_thu_muc")
    os.mkfifo(tmp_path / "ong.txt")
    return {
        "empty": (tmp_path / "trong.txt", {}, "E101"),
        "whitespace only": (tmp_path / "khoang_trang.txt", {}, "E101"),
        "binary named .txt": (tmp_path / "rac.txt", {}, "E103"),
        "above max_bytes": (tmp_path / "lon.txt", {"max_bytes": 1000}, "E102"),
        "slides suffix": (tmp_path / "trinh_chieu.pptx", {}, "E100"),
        "broken symlink": (tmp_path / "lien_ket_gay.docx", {}, "E109"),
        "symlink loop": (tmp_path / "vong_a.txt", {}, "E109"),
        "directory": (tmp_path / "thu_muc.docx", {}, "E109"),
        "named pipe": (tmp_path / "ong.txt", {}, "E109"),
        "link to a folder": (tmp_path / "lien_ket_thu_muc", {}, "E109"),
        "missing": (tmp_path / "khong_co.pdf", {}, "E105"),
    }


BAD = ["empty", "whitespace only", "binary named .txt", "above max_bytes", "slides suffix",
       "broken symlink", "symlink loop", "directory", "named pipe", "link to a folder", "missing"]  # fmt: skip
# what each says the file is: an appraiser must not be told a link to a folder is broken
SAYS = {"broken symlink": "broken link", "symlink loop": "loop of links", "named pipe": "a pipe",
        "link to a folder": "link to a folder"}


@pytest.mark.parametrize("case", BAD)
def test_bad_inputs_raise_coded_errors(tmp_path, case):
    path, limits, code = _bad_inputs(tmp_path)[case]
    with pytest.raises(IngestError) as error:
        read_document(path, **limits)
    assert error.value.code == code
    assert str(path) in str(error.value)
    assert SAYS.get(case, "") in str(error.value)


def test_too_large_is_refused_before_reading(tmp_path, monkeypatch):
    (tmp_path / "lon.txt").write_bytes(b"x" * 2000)
    monkeypatch.setattr(core.Path, "open", lambda *a, **k: pytest.fail("the file was opened"))
    with pytest.raises(IngestError) as error:
        read_document(tmp_path / "lon.txt", max_bytes=1000)
    assert error.value.code == "E102" and "2000" in error.value.message


@pytest.mark.parametrize("failure", [RecursionError("deep"), MemoryError(), KeyError("word/document.xml"),
                                     ValueError("bad"), UnicodeDecodeError("utf-8", b"\xff", 0, 1, "bad")])
def test_any_reader_failure_becomes_an_ingest_error(tmp_path, monkeypatch, failure):
    def explode(data, limits):
        raise failure

    monkeypatch.setitem(core.READERS, "docx", explode)
    path = make_docx(tmp_path / "dang_ky.docx", [SENTENCE])
    with pytest.raises(IngestError) as error:
        read_document(path)
    assert error.value.code == "E104"
    assert error.value.fields["fmt"] == "docx"


def test_encrypted_office_file(tmp_path):
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500) + "EncryptedPackage".encode("utf-16-le") + bytes(500)
    (tmp_path / "mat_khau.docx").write_bytes(ole)
    with pytest.raises(IngestError) as error:
        read_document(tmp_path / "mat_khau.docx")
    assert error.value.code == "E110"


def test_a_corrupt_picture_gets_the_same_message_on_every_run(tmp_path):
    """A library's detail naming an object by its address would differ from run to run (and --jobs 1 vs 2)."""
    from analyzer.api import analyze_file

    path = tmp_path / "trang1.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(50))
    errors = {analyze_file(path).error for _ in range(2)}
    assert len(errors) == 1 and " at 0x" not in errors.pop()


_GOES_ON = "Đồng chí Nguyễn Thị Hồng, Bí thư chi bộ, gương mẫu đi đầu,"
_REST = "trực tiếp phụ trách việc lắp đèn."


def _soft_break_files(tmp_path):  # type: ignore[no-untyped-def]
    import docx

    document = docx.Document()
    paragraph = document.add_paragraph()
    paragraph.add_run(_GOES_ON).add_break()
    paragraph.add_run(_REST).add_break()
    paragraph.add_run("Đồng chí Trần Văn Đức phụ trách.")
    document.save(tmp_path / "soft.docx")
    (tmp_path / "soft.html").write_text(f"<p>{_GOES_ON}<br>{_REST}<br>Đồng chí Trần Văn Đức phụ trách.</p>",
                                        encoding="utf-8")
    rtf = "{\\rtf1\\ansi " + "\\line ".join(
        "".join(c if ord(c) < 128 else f"\\u{ord(c)}?" for c in part)
        for part in (_GOES_ON, _REST, "Đồng chí Trần Văn Đức phụ trách.")) + "\\par}"
    (tmp_path / "soft.rtf").write_text(rtf, encoding="ascii")
    return [tmp_path / f"soft.{ext}" for ext in ("docx", "html", "rtf")]


def test_a_line_break_inside_a_sentence_does_not_cut_it(tmp_path):
    """Shift+Enter after "đi đầu," made two sentences of one; after a full stop it still ends the line."""
    for path in _soft_break_files(tmp_path):
        lines = [line for line in read_document(path).text.split("\n") if line.strip()]
        assert lines == [f"{_GOES_ON} {_REST}", "Đồng chí Trần Văn Đức phụ trách."], path.suffix
