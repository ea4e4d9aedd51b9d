"""Files an operating system or an editor leaves in a folder are recognised by name (E111), unread."""

from __future__ import annotations

import os

import pytest

from analyzer.errors import IngestError, not_a_submission
from analyzer.ingest import read_document
from analyzer.ingest.artefacts import artefact_kind

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
