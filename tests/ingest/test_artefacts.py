"""Files an operating system or an editor leaves in a folder are recognised by name (E111), unread."""

from __future__ import annotations

import os

import pytest

from analyzer.errors import IngestError, not_a_submission
from analyzer.ingest import read_document
from analyzer.ingest.artefacts import artefact_kind, web_page_of

LEFT_BY_SYSTEMS_AND_EDITORS = [
    ("~$n đăng ký 2024.docx", "Microsoft Office owner file"),
    ("~$ĐĂNG KÝ.DOC", "Microsoft Office owner file"),
    ("~$ng tổng hợp.xlsx", "Microsoft Office owner file"),
    ("~WRL0003.tmp", "Word temporary file"),
    ("~wrd1234.TMP", "Word temporary file"),
    (".~lock.Bản đăng ký.docx#", "LibreOffice lock file"),
    ("Thumbs.db", "Windows thumbnail cache"),
    ("ehthumbs.db", "Windows thumbnail cache"),
    ("THUMBS.DB", "Windows thumbnail cache"),
    ("desktop.ini", "Windows folder settings file"),
    ("Desktop.ini", "Windows folder settings file"),
    (".DS_Store", "macOS folder settings file"),
    ("._Bản đăng ký.docx", "macOS resource fork"),
    ("Icon\r", "macOS folder icon"),
]
SUBMISSIONS = [
    "Bản đăng ký 2024.docx",
    "~bản nháp.docx",  # a tilde alone is a user's name for a file
    "bản ~$ sao.docx",  # "~$" only at the start is Word's
    "đăng ký$~.doc",
    "Thumbs.db.txt",
    "thumbs.docx",
    "desktop.ini.txt",
    "._",  # nothing after the prefix
    ".ghi chú.txt",  # a hidden file is still read
    "~WRL.docx",
    "Icon",
    ".~lock.docx",  # no closing '#'
]


@pytest.mark.parametrize(("name", "what"), LEFT_BY_SYSTEMS_AND_EDITORS)
def test_files_left_by_systems_and_editors_are_named(name, what):
    assert what in (artefact_kind(name) or "")


@pytest.mark.parametrize("name", SUBMISSIONS)
def test_other_names_are_submissions(name):
    assert artefact_kind(name) is None


def test_refused_by_name_before_anything_is_read(tmp_path):
    """Even a real submission saved under an owner file's name is not read (and so cannot fail to be)."""
    owner = tmp_path / "~$n đăng ký.docx"
    owner.write_text("Chi bộ tổ chức 4 buổi sinh hoạt chuyên đề trong quý II/2024.", encoding="utf-8")
    if hasattr(os, "geteuid") and os.geteuid() != 0:
        owner.chmod(0)  # Word keeps its owner file locked on Windows: opening it would fail
    with pytest.raises(IngestError) as refused:
        read_document(owner)
    assert refused.value.code == "E111" and not_a_submission(str(refused.value))
    assert "Microsoft Office owner file" in str(refused.value) and str(owner) in str(refused.value)
    owner.chmod(0o644)


def test_other_errors_are_not_taken_for_them(tmp_path):
    empty = tmp_path / "trống.txt"
    empty.write_bytes(b"")
    with pytest.raises(IngestError) as error:
        read_document(empty)
    assert not not_a_submission(str(error.value))


# (the page's name, its folder, whether the folder's files are the page's)
WEB_PAGE_FOLDERS = [
    ("Bản đăng ký chi bộ Ngọc Quan.htm", "Bản đăng ký chi bộ Ngọc Quan_files", True),  # Word's "Save as Web Page"
    ("dang_ky.html", "dang_ky_files", True),  # a browser's "Web page, complete"
    ("DANG_KY.HTM", "dang_ky_files", True),  # Windows: letter case aside
    ("dang_ky.htm", "dang_ky.files", True),  # Word for Mac
    ("dang_ky.htm", "dang_ky-Dateien", True),  # a German Word
    ("dang_ky.doc", "dang_ky_files", True),  # the page renamed .doc, its folder kept
    ("Bản đăng ký.htm".replace("ả", "a\u0309"), "Bản đăng ký_files", True),  # a name typed on a Mac (NFD)
    ("dang_ky.docx", "dang_ky_files", False),  # no page beside the folder
    ("khac.htm", "dang_ky_files", False),  # another page
    ("dang_ky.htm", "dang_ky", False),  # a folder of its own
    ("dang_ky.htm", "dang_ky_files_cu", False),
]
PAGE_FILES = ["header.htm", "filelist.xml", "colorschememapping.xml", "themedata.thmx", "image001.png"]


@pytest.mark.parametrize(("page", "folder", "companion"), WEB_PAGE_FOLDERS)
def test_files_of_a_saved_web_page_are_part_of_the_page(tmp_path, page, folder, companion):
    (tmp_path / page).write_text("<html><body><p>Chi bộ họp đúng kỳ.</p></body></html>", encoding="utf-8")
    (tmp_path / folder).mkdir()
    (tmp_path / folder / "header.htm").write_text("<p>Chi bộ thôn Ngọc Quan</p>", encoding="utf-8")
    what = web_page_of(tmp_path / folder / "header.htm")
    assert (what is not None) == companion
    if companion:
        assert f"web page '{page}'" in what and f"'{folder}'" in what
    assert web_page_of(tmp_path / page) is None


def test_a_saved_web_page_is_scored_and_its_files_are_listed_as_its_own(tmp_path):
    (tmp_path / "dang_ky.htm").write_text("<html><body><p>Chi bộ họp đúng kỳ.</p></body></html>", encoding="utf-8")
    (tmp_path / "dang_ky_files").mkdir()
    for name in PAGE_FILES:
        (tmp_path / "dang_ky_files" / name).write_text("<xml/>", encoding="utf-8")
    assert read_document(tmp_path / "dang_ky.htm").text == "Chi bộ họp đúng kỳ."
    for name in PAGE_FILES:
        with pytest.raises(IngestError) as refused:
            read_document(tmp_path / "dang_ky_files" / name)
        assert refused.value.code == "E111" and not_a_submission(str(refused.value))
        assert "a file of the web page 'dang_ky.htm'" in str(refused.value)
