"""One batch folder holding every kind of bad input beside three good submissions.

The batch must finish, give every file exactly one row with a coded error (E1xx) or warning
(W1xx), leave the good files' results exactly as when they are scored alone, keep memory
bounded (size limits are configurable) and keep Vietnamese file names as their doc_id.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import pathlib
import re
import subprocess
import sys
import time
import tracemalloc
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from analyzer.api import printable_id
from analyzer.batch import score_folder
from analyzer.config import Config
from analyzer.errors import IngestError
from analyzer.ingest import read_document
from conftest import (SENTENCE, TCVN3, VNI, big_text_file, codes, corpus_docs, docx_bytes, garbage, make_docx,
                      make_pdf, read_csv, rows_by_doc, symlink_loop, to_cp1258, to_legacy, zip_bomb_docx)

MAX_BYTES = 20_000_000  # the batch's configured limit: the 50 MB file is above it
MAX_UNPACKED = 20_000_000
BIG = 50 * 1024 * 1024
LEGACY_NAME = to_cp1258("Bản đăng ký Windows") + b".txt"
ONE_LINE = 1_000_000
ROOT = os.geteuid() == 0 if hasattr(os, "geteuid") else False
LINES = "\n".join([SENTENCE] * 3)
# Word's owner file of "Bản đăng ký …docx" (its first two characters give way to "~$"), a LibreOffice
# lock, Windows' and macOS's folder files, and a resource fork from a zip made on a Mac
ARTEFACTS = ("~$n đăng ký mô hình 2024.docx", ".~lock.Bản đăng ký mô hình 2024.docx#", "Thumbs.db", "desktop.ini",
             ".DS_Store", "__MACOSX/._Đảng ủy xã Hòa Bình – nộp lần 2.docx")
HIDDEN_DIR = ".git"  # not walked: its files are not submissions


@dataclass(frozen=True)
class Case:
    """A file of the battery and what its documents.csv row must say."""

    doc_id: str
    status: str  # ok | error
    codes: tuple[str, ...] = ()  # E1xx of the error, or W1xx that must be among the warnings


GOOD = ("tốt/bản đăng ký số 1.txt", "Chi bộ Thủy Đông/Bản đăng ký mô hình 2024 (bản cuối).txt",
        "Đảng ủy xã Hòa Bình – nộp lần 2.docx")
CASES = (
    Case("trống.txt", "error", ("E101",)),
    Case("chỉ khoảng trắng.txt", "error", ("E101",)),
    Case("rác nhị phân.txt", "error", ("E103",)),
    Case("cắt cụt.docx", "error", ("E104",)),
    Case("cắt cụt.pdf", "error", ("E104",)),
    Case("bom nén.docx", "error", ("E108",)),
    Case("rất lớn 50 MB.txt", "error", ("E102",)),
    Case("một dòng một triệu ký tự.txt", "ok", ("W112",)),
    Case("trộn mã/UTF-8 và Windows-1258.txt", "ok", ("W111", "W102")),
    Case("trộn mã/UTF-8 và TCVN3.txt", "ok", ("W111", "W101")),
    Case("phông cũ/TCVN3 .VnTime.txt", "ok", ("W101",)),
    Case("phông cũ/VNI-Times.txt", "ok", ("W101",)),
    Case("English report.txt", "ok", ("W112",)),
    Case("không đọc được.txt", "error", ("E105",)),
    Case("vòng liên kết/a.txt", "error", ("E109",)),
    Case("vòng liên kết/b.txt", "error", ("E109",)),
    Case("vòng thư mục/con/lên trên", "error", ("E109",)),
    Case("liên kết hỏng.docx", "error", ("E109",)),
    Case("trình chiếu.pptx", "error", ("E100",)),
    Case("hồ sơ các chi bộ.zip", "error", ("E112",)),
    # what operating systems and editors leave beside submissions (E111): listed, unread, ranked last
    *(Case(name, "error", ("E111",)) for name in ARTEFACTS),
    # a name that is not UTF-8 (cp1258 from a Windows zip): shown as read in cp1258, and said so
    Case("Bản đăng ký Windows.txt", "ok", ("W202",)),
    *(Case(name, "ok") for name in GOOD),
)
BAD_INPUTS = len(CASES) - len(GOOD)


def _good_texts() -> list[str]:
    return [doc.text for doc in corpus_docs("train")[:3]]


_GOOD_BYTES: dict[str, bytes] = {}


def _write_good(root: Path) -> None:
    """The good submissions, byte for byte the same in every folder (a .docx records when it was made)."""
    if not _GOOD_BYTES:
        for name, text in zip(GOOD, _good_texts()):
            if name.endswith(".docx"):
                _GOOD_BYTES[name] = make_docx(root / "_tmp.docx", text.split("\n")).read_bytes()
                (root / "_tmp.docx").unlink()
            else:
                _GOOD_BYTES[name] = text.encode("utf-8")
    for name, data in _GOOD_BYTES.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def _build(root: Path, font: Path | None) -> None:
    scratch = root.parent / "scratch"
    scratch.mkdir()
    _write_good(root)
    for sub in ("trộn mã", "phông cũ", "vòng liên kết", "vòng thư mục/con"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    (root / "trống.txt").write_bytes(b"")
    (root / "chỉ khoảng trắng.txt").write_bytes(b"  \r\n\t \n" + "\u00a0\u200b\u3000\n".encode())
    (root / "rác nhị phân.txt").write_bytes(garbage(64 * 1024))
    docx = docx_bytes(scratch / "t.docx", [SENTENCE, "Bí thư chi bộ gương mẫu đi đầu."])
    (root / "cắt cụt.docx").write_bytes(docx[: len(docx) // 2])
    if font is not None:
        pdf = make_pdf(scratch / "t.pdf", font, [SENTENCE + ".", "Bí thư chi bộ gương mẫu đi đầu."]).read_bytes()
    else:  # a minimal hand-written PDF: only its truncation matters
        pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    (root / "cắt cụt.pdf").write_bytes(pdf[: len(pdf) // 2])
    zip_bomb_docx(root / "bom nén.docx", docx, unpacked=64 * 1024 * 1024)
    big_text_file(root / "rất lớn 50 MB.txt", BIG)
    line = "Chi bộ " + "x" * (ONE_LINE - len("Chi bộ "))  # one token-less run: cheap to segment
    (root / "một dòng một triệu ký tự.txt").write_text(line + "\n", encoding="utf-8")
    (root / "trộn mã/UTF-8 và Windows-1258.txt").write_bytes(
        SENTENCE.encode() + b"\r\n" + to_cp1258(SENTENCE) + b"\r\n" + SENTENCE.encode() + b"\r\n")
    (root / "trộn mã/UTF-8 và TCVN3.txt").write_bytes(
        SENTENCE.encode() + b"\n" + to_legacy(SENTENCE, TCVN3) + b"\n" + to_legacy(SENTENCE, TCVN3) + b"\n")
    (root / "phông cũ/TCVN3 .VnTime.txt").write_bytes(to_legacy(LINES, TCVN3))
    (root / "phông cũ/VNI-Times.txt").write_bytes(to_legacy(LINES, VNI))
    (root / "English report.txt").write_text(
        "Report on the public service model\nThe committee organised three seminars on public service in 2024.\n"
        "Every member wrote a report before the end of June and the board checked them.\n", encoding="utf-8")
    (root / "không đọc được.txt").write_text(SENTENCE, encoding="utf-8")
    if not ROOT:
        (root / "không đọc được.txt").chmod(0)
    symlink_loop(root / "vòng liên kết/a.txt", root / "vòng liên kết/b.txt")
    os.symlink("../..", root / "vòng thư mục/con/lên trên")  # a directory loop
    os.symlink("không có tệp này.docx", root / "liên kết hỏng.docx")
    (root / "trình chiếu.pptx").write_bytes(b"PK\x03\x04" + garbage(2048, seed=2))
    (root / os.fsdecode(LEGACY_NAME)).write_text(LINES, encoding="utf-8")
    with zipfile.ZipFile(root / "hồ sơ các chi bộ.zip", "w") as archive:  # submissions sent zipped
        archive.writestr("Chi bộ Thủy Đông.docx", docx)
    (root / "__MACOSX").mkdir()
    (root / ARTEFACTS[0]).write_bytes(b"\x0bNguy\xe1n V\x00" + bytes(150))  # Word's owner file: the user's name
    (root / ARTEFACTS[1]).write_text("Nguyễn Văn A,máy-01,máy-01,30.11.2026 08:15,file:///home/a;\n", encoding="utf-8")
    (root / ARTEFACTS[2]).write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + garbage(4096, seed=3))  # an OLE file
    (root / ARTEFACTS[3]).write_text("[.ShellClassInfo]\nIconResource=C:\\Windows\\System32\\shell32.dll,4\n",
                                     encoding="utf-16")  # the text decodes: by content it would be "scored"
    (root / ARTEFACTS[4]).write_bytes(b"\x00\x00\x00\x01Bud1" + bytes(2048))
    (root / ARTEFACTS[5]).write_bytes(b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        " + bytes(64))
    (root / HIDDEN_DIR).mkdir()
    (root / HIDDEN_DIR / "description").write_text(SENTENCE, encoding="utf-8")


class _Unreadable:
    """As root, chmod 000 does not stop reading: make opening that one file fail as EACCES instead.

    The patch is on ``pathlib.Path.open`` (what the reader uses); forked workers inherit it.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.original = pathlib.Path.open

    def __enter__(self) -> None:
        target, original = self.path, self.original

        def open_(path, *args, **kwargs):  # type: ignore[no-untyped-def]
            if Path(path) == target:
                raise PermissionError(errno.EACCES, "Permission denied", str(path))
            return original(path, *args, **kwargs)

        pathlib.Path.open = open_  # type: ignore[method-assign]

    def __exit__(self, *exc: object) -> None:
        pathlib.Path.open = self.original  # type: ignore[method-assign]


def _config(jobs: int) -> Config:
    return Config(jobs=jobs, max_bytes=MAX_BYTES, max_unpacked=MAX_UNPACKED)


@pytest.fixture(scope="module")
def battery(tmp_path_factory) -> Path:
    from conftest import font_file

    root = tmp_path_factory.mktemp("battery") / "IN"
    root.mkdir()
    _build(root, font_file())
    yield root
    for path in root.rglob("*"):
        if not path.is_symlink() and path.is_file():
            path.chmod(0o644)


def _score(root: Path, out: Path, jobs: int) -> tuple[Path, float]:
    started = time.perf_counter()
    with _Unreadable(root / "không đọc được.txt") if ROOT else contextlib.nullcontext():
        score_folder(root, out, config=_config(jobs), progress=False)
    return out, time.perf_counter() - started


@pytest.fixture(scope="module", params=[1, 2], ids=["jobs=1", "jobs=2"])
def batch(request, battery, tmp_path_factory) -> Path:
    out, seconds = _score(battery, tmp_path_factory.mktemp(f"out_jobs{request.param}"), request.param)
    assert seconds < 90, f"the battery took {seconds:.0f} s"
    return out


@pytest.fixture(scope="module")
def alone(tmp_path_factory) -> Path:
    """The three good submissions scored on their own, under the same names."""
    root = tmp_path_factory.mktemp("alone") / "IN"
    root.mkdir()
    _write_good(root)
    out = tmp_path_factory.mktemp("alone_out")
    score_folder(root, out, config=Config(jobs=1), progress=False)
    return out


def test_battery_size():
    assert BAD_INPUTS == 27 and len(GOOD) == 3


def test_every_file_has_exactly_one_row(batch):
    rows = read_csv(batch / "documents.csv")
    doc_ids = [row["doc_id"] for row in rows]
    assert sorted(doc_ids) == sorted(case.doc_id for case in CASES)
    assert len(set(doc_ids)) == len(doc_ids)
    assert sorted(r["priority"] for r in rows) == sorted(str(k) for k in range(1, len(rows) + 1))


@pytest.mark.parametrize("case", CASES, ids=[case.doc_id for case in CASES])
def test_row_says_what_happened(batch, case):
    row = {r["doc_id"]: r for r in read_csv(batch / "documents.csv")}[case.doc_id]
    assert row["status"] == case.status, row["error"]
    if case.status == "error":
        assert re.match(r"^E1\d\d: \S.{20,}", row["error"]), row["error"]
        assert (row["error"][:4],) == case.codes, row["error"]
        assert row["score"] == "" and row["grade"] == ""
        if case.codes == ("E102",):
            assert f"above the limit of {MAX_BYTES} bytes" in row["error"]  # the configured limit, not the default
        if case.codes == ("E108",):
            assert f"more than {MAX_UNPACKED} bytes" in row["error"]
    else:
        assert row["error"] == ""
        assert set(case.codes) <= set(codes(row["warnings"])), row["warnings"]
        assert 0 <= float(row["score"]) <= 100 and int(row["n_sentences"]) > 0


def test_files_left_by_systems_and_editors_rank_last_and_are_listed_apart(batch):
    rows = sorted(read_csv(batch / "documents.csv"), key=lambda r: int(r["priority"]))
    assert {r["doc_id"] for r in rows[-len(ARTEFACTS):]} == set(ARTEFACTS)
    assert all(r["status"] == "error" for r in rows[:len(rows) - len(ARTEFACTS)] if r["status"] != "ok")
    assert rows[0]["status"] == "error" and not rows[0]["error"].startswith("E111")  # real failures come first
    from analyzer.report import render_reports

    html = render_reports(batch).index.read_text(encoding="utf-8")
    failed, _, others = html.partition('<section id="tep-he-thong">')
    assert all(f"<code>{name}</code>" in others and f"<code>{name}</code>" not in failed for name in ARTEFACTS)
    assert "<code>trình chiếu.pptx</code>" in failed  # an unsupported file stays a failure
    from openpyxl import load_workbook

    status = {row[1]: row[2] for row in load_workbook(batch / "results.xlsx")["Xếp hạng"].iter_rows(min_row=2, values_only=True)}
    assert {status[name] for name in ARTEFACTS} == {"Không phải hồ sơ"} and status["trình chiếu.pptx"] == "Lỗi đọc tệp"


def test_good_files_score_as_when_alone(batch, alone):
    mixed = {r["doc_id"]: r for r in read_csv(batch / "documents.csv")}
    single = {r["doc_id"]: r for r in read_csv(alone / "documents.csv")}
    mixed_sentences = rows_by_doc(read_csv(batch / "sentences.csv"))
    single_sentences = rows_by_doc(read_csv(alone / "sentences.csv"))
    for name in GOOD:
        assert single[name]["status"] == "ok"
        assert {k: v for k, v in mixed[name].items() if k != "priority"} == \
            {k: v for k, v in single[name].items() if k != "priority"}
        assert mixed_sentences[name] == single_sentences[name] and len(single_sentences[name]) > 5


def test_no_sentences_or_analysis_for_failed_files(batch):
    failed = {case.doc_id for case in CASES if case.status == "error"}
    assert not failed & {row["doc_id"] for row in read_csv(batch / "sentences.csv")}
    with open(batch / "analysis.jsonl", encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle]
    assert sorted(r["doc_id"] for r in records) == sorted(case.doc_id for case in CASES)
    assert all(r["status"] == "error" and not r["sentences"] for r in records if r["doc_id"] in failed)


def test_mixed_and_legacy_files_read_as_unicode(batch):
    sentences = rows_by_doc(read_csv(batch / "sentences.csv"))
    for name in ("trộn mã/UTF-8 và Windows-1258.txt", "trộn mã/UTF-8 và TCVN3.txt",
                 "phông cũ/TCVN3 .VnTime.txt", "phông cũ/VNI-Times.txt"):
        assert [row["text"] for row in sentences[name]] == [SENTENCE] * 3, name


def test_one_million_characters_on_one_line(batch):
    row = {r["doc_id"]: r for r in read_csv(batch / "documents.csv")}["một dòng một triệu ký tự.txt"]
    assert int(row["n_chars"]) == ONE_LINE
    spans = [(int(r["start"]), int(r["end"])) for r in rows_by_doc(read_csv(batch / "sentences.csv"))[row["doc_id"]]]
    assert spans[0][0] == 0 and spans[-1][1] == ONE_LINE
    assert all(a < b and b - a <= 2000 for a, b in spans) and all(b <= c for (_, b), (c, _) in zip(spans, spans[1:]))


def test_text_above_one_million_characters_within_max_chars():
    """Above spaCy's default nlp.max_length (1,000,000) but within Config.max_chars."""
    from analyzer.api import analyze_text

    result = analyze_text("x" * (ONE_LINE + 200_000))
    assert result.ok, result.error
    assert result.sentences[-1].end == ONE_LINE + 200_000


def test_vietnamese_file_names_are_the_doc_ids(batch, battery):
    rows = {r["doc_id"] for r in read_csv(batch / "documents.csv")}
    on_disk = {printable_id(p.relative_to(battery).as_posix()) for p in battery.rglob("*")
               if (p.is_file() or p.is_symlink()) and not p.relative_to(battery).as_posix().startswith(HIDDEN_DIR + "/")}
    assert set(GOOD) <= rows and rows == on_disk


def test_directory_symlink_loop_does_not_hang_the_walk(tmp_path):
    from analyzer.api import iter_files

    (tmp_path / "a/b").mkdir(parents=True)
    (tmp_path / "a/b/x.txt").write_text(SENTENCE, encoding="utf-8")
    os.symlink("..", tmp_path / "a/b/lên")
    os.symlink("../a", tmp_path / "a/vòng")
    os.symlink(tmp_path, tmp_path / "gốc")
    started = time.perf_counter()
    found = [doc_id for _, doc_id in iter_files(tmp_path)]
    assert time.perf_counter() - started < 1
    assert found == ["a/b/lên", "a/b/x.txt", "a/vòng", "gốc"]


# --- size limits and memory ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def fifty_mb(tmp_path_factory) -> Path:
    return big_text_file(tmp_path_factory.mktemp("big") / "rất lớn.txt", BIG)


def test_size_limit_is_configurable(fifty_mb, tmp_path):
    with pytest.raises(IngestError) as default:
        read_document(fifty_mb)  # the default limit is 50,000,000 bytes
    assert default.value.code == "E102" and "50000000" in str(default.value)
    small = tmp_path / "nhỏ.txt"
    small.write_text(LINES, encoding="utf-8")
    assert read_document(small).text == LINES
    with pytest.raises(IngestError) as lowered:
        read_document(small, max_bytes=100)
    assert lowered.value.code == "E102" and "above the limit of 100 bytes" in str(lowered.value)


def test_refusing_a_large_file_reads_nothing(fifty_mb):
    tracemalloc.start()
    try:
        with pytest.raises(IngestError):
            read_document(fifty_mb, max_bytes=1_000_000)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 1_000_000


_RSS_SCRIPT = r"""
import resource, sys
from analyzer.cli import main

def run(folder, out):
    main(["score", folder, "--out", out, "--jobs", "1", "--max-bytes", "1000000", "--quiet"], standalone_mode=False)
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

warm = run(sys.argv[1], sys.argv[3])
after = run(sys.argv[2], sys.argv[4])
print(warm, after)
"""


def test_peak_memory_of_a_run_with_a_50_mb_file_stays_flat(fifty_mb, tmp_path):
    """A subprocess scores one good file, then the same file beside a 50 MB one with --max-bytes 1000000."""
    small, both = tmp_path / "small", tmp_path / "both"
    for folder in (small, both):
        folder.mkdir()
        (folder / "tốt.txt").write_text(_good_texts()[0], encoding="utf-8")
    (both / "rất lớn.txt").hardlink_to(fifty_mb)
    result = subprocess.run([sys.executable, "-c", _RSS_SCRIPT, str(small), str(both), str(tmp_path / "o1"),
                             str(tmp_path / "o2")], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    warm, after = map(int, result.stdout.split()[-2:])  # kilobytes on Linux
    assert after - warm < 16 * 1024, f"peak RSS grew by {(after - warm) / 1024:.0f} MB"
    rows = {r["doc_id"]: r for r in read_csv(tmp_path / "o2" / "documents.csv")}
    assert rows["rất lớn.txt"]["error"].startswith("E102") and rows["tốt.txt"]["status"] == "ok"
