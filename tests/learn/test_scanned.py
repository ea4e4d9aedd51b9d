"""`mohinh evaluate --scanned`: documents rendered as scans, read back by OCR, mapped onto the gold sentences."""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from analyzer.cli import main
from analyzer.corpus import parse_document
from analyzer.ingest import ocr
from analyzer.learn import evaluate as evaluation
from analyzer.learn.render import scan_pages, unicode_font, write_scan

needs_tesseract = pytest.mark.skipif(not ocr.available(), reason="tesseract with Vietnamese data is not installed "
                                     "(`make test` installs it where it can: root and apt)")
needs_font = pytest.mark.skipif(unicode_font() is None, reason="no Unicode TrueType font (DejaVu) to draw pages with")

DOC = """# id: scan_01
# year: 2024
# org_kind: hamlet
# doc_kind: registration
# region: Phú Thọ
# grade: 4
# exemplar_names: Nguyễn Thị Hằng
CHI BỘ THÔN NGỌC QUAN
BẢN ĐĂNG KÝ MÔ HÌNH HỌC TẬP VÀ LÀM THEO BÁC NĂM 2024
Năm 2023, Đảng uỷ xã chỉ ra hạn chế của thôn: còn 4 điểm đổ rác tự phát dọc chân đê. {shortcoming}
Chi bộ tổ chức học tập chuyên đề năm 2024 cho 31/31 đảng viên trong tháng 4/2024. {hoc_tap action}
Xoá bỏ 4 điểm đổ rác tự phát dọc chân đê trước ngày 30/6/2024. {lam_theo action shortcoming}
Đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh. {hoc_tap lam_theo slogan}
Đồng chí Nguyễn Thị Hằng, Bí thư chi bộ, gương mẫu phân loại rác tại gia đình từ tháng 4/2024. {neu_guong exemplar action}
"""


def _corpus(tmp_path, text: str = DOC):
    (tmp_path / "corpus" / "docs").mkdir(parents=True)
    (tmp_path / "corpus" / "docs" / "scan_01.txt").write_text(text, encoding="utf-8")
    return tmp_path / "corpus"


def test_offsets_of_an_identical_text_are_themselves():
    text = "Chi bộ có 8 đảng viên.\nXoá 4 điểm đổ rác."
    starts, ends = evaluation.gold_offsets(text, text)
    assert starts.tolist() == list(range(len(text))) + [len(text)]
    assert ends.tolist() == list(range(len(text) + 1))


def test_offsets_carry_a_sentence_across_what_ocr_changes():
    gold = "Năm 2023 còn 4 điểm đổ rác.\nChi bộ có 31 đảng viên."
    read = "Năm 2O23 còn 4 diểm đổ rác.\n\nChi bộ có 31 đảng viên,"  # O for 0, a lost tone, a blank line, a comma
    starts, ends = evaluation.gold_offsets(read, gold)
    second = read.index("Chi")
    assert (starts[0], ends[second - 2]) == (0, gold.index("\n"))
    assert (starts[second], ends[len(read)]) == (gold.index("Chi"), len(gold) - 1)


def test_a_span_the_reader_made_up_maps_to_nothing():
    gold = "Chi bộ có 8 đảng viên."
    read = "Chi bộ có 8 đảng viên. ~~~~"
    starts, ends = evaluation.gold_offsets(read, gold)
    start, end = read.index("~"), len(read)
    assert ends[end] <= starts[start]


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet="abcđêơ ứ.\n0123", min_size=1, max_size=60), st.data())
def test_mapped_spans_are_ordered_and_inside_the_gold_text(gold, data):
    read = data.draw(st.text(alphabet="abcđêơ ứ.\n0123", max_size=60))
    starts, ends = evaluation.gold_offsets(read, gold)
    assert len(starts) == len(ends) == len(read) + 1
    assert all(0 <= s <= len(gold) for s in starts) and all(0 <= e <= len(gold) for e in ends)
    assert list(starts) == sorted(starts) and list(ends) == sorted(ends)


@needs_font
def test_scans_are_pictures_page_by_page_and_the_same_every_time(tmp_path):
    short, long = scan_pages("Chi bộ có 8 đảng viên."), scan_pages("\n".join(["Chi bộ có 8 đảng viên."] * 200))
    assert len(short) == 1 and len(long) > 3
    assert short[0].size == (2481, 3507)  # A4 at 300 dpi
    first, again = write_scan(DOC, tmp_path / "a.pdf"), write_scan(DOC, tmp_path / "b.pdf")
    assert first.read_bytes()[:5] == b"%PDF-" and first.read_bytes() == again.read_bytes()
    assert write_scan(DOC, tmp_path / "c.pdf", seed=1).read_bytes() != first.read_bytes()


@needs_tesseract
@needs_font
def test_evaluate_scanned_reads_the_documents_back_by_ocr(tmp_path):
    result = CliRunner().invoke(main, ["evaluate", "--corpus", str(_corpus(tmp_path)), "--split", "all", "--scanned",
                                       "--jobs", "1", "--out", str(tmp_path / "eval")])
    assert result.exit_code == 0, result.output
    assert "read back from scans by OCR" in result.output and "unread: 0" in result.output
    report = json.loads((tmp_path / "eval" / "evaluate_all_scanned.json").read_text(encoding="utf-8"))
    assert report["read_as"] == "scan" and report["unread"] == [] and "slots" not in report
    assert report["characters_aligned"] > 0.95
    labels = report["analyzer"]["labels"]
    # what the text gives is found through the scan as well
    text = evaluation.evaluate("all", tmp_path / "corpus")
    assert text["read_as"] == "text"
    for label in ("hoc_tap", "shortcoming", "exemplar", "action"):
        assert labels[label]["support"] == text["analyzer"]["labels"][label]["support"]
        assert labels[label]["f1"] >= text["analyzer"]["labels"][label]["f1"] - 0.34, label
    assert report["analyzer"]["exemplar_name_recall"] == text["analyzer"]["exemplar_name_recall"]


@needs_tesseract
@needs_font
def test_sentence_predictions_of_a_scan_carry_the_gold_rows(tmp_path):
    gold = parse_document(DOC, "scan_01.txt")
    rows = evaluation.sentence_predictions(docs=[gold], read_as="scan")
    assert rows["text"].tolist() == [s.text for s in gold.sentences]
    assert rows.loc[rows["gold_hoc_tap"] == 1, "pred_hoc_tap"].tolist() == [1, 1]


def test_a_scan_that_cannot_be_read_is_named_and_counted_as_missed(tmp_path, monkeypatch):
    def damaged(text, path, *, seed=0):
        path.write_bytes(b"%PDF-1.4\n% not a real PDF\n")
        return path

    monkeypatch.setattr("analyzer.learn.render.write_scan", damaged)
    monkeypatch.setattr(ocr, "available", lambda: True)
    monkeypatch.setattr("analyzer.learn.render.unicode_font", lambda name="DejaVuSerif": Path(__file__))
    report = evaluation.evaluate("all", _corpus(tmp_path), read_as="scan", jobs=1)
    assert len(report["unread"]) == 1 and report["unread"][0].startswith("scan_01: E104")
    assert report["analyzer"]["labels"]["hoc_tap"]["recall"] == 0.0
    assert report["analyzer"]["labels"]["hoc_tap"]["support"] == 2


def test_without_tesseract_evaluate_scanned_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setattr(ocr, "available", lambda: False)
    result = CliRunner().invoke(main, ["evaluate", "--corpus", str(_corpus(tmp_path)), "--split", "all", "--scanned"])
    assert result.exit_code == 1
    assert "E304" in result.output and "tesseract-ocr-vie" in result.output


_ANALYSE = evaluation._analyse


def _read_back_or_die(gold, read_as):
    """The text as it is, but scan_02 kills its process (a forked worker: the patch holds there)."""
    assert read_as == "scan"
    if gold.id == "scan_02":
        os.kill(os.getpid(), signal.SIGKILL)
    return _ANALYSE(gold)


def test_a_scan_whose_reading_kills_its_worker_is_named_and_the_others_are_kept(tmp_path, monkeypatch):
    corpus = _corpus(tmp_path)
    (corpus / "docs" / "scan_02.txt").write_text(DOC.replace("# id: scan_01", "# id: scan_02"), encoding="utf-8")
    monkeypatch.setattr(evaluation, "_analyse", _read_back_or_die)
    monkeypatch.setattr(ocr, "available", lambda: True)
    report = evaluation.evaluate("all", corpus, read_as="scan", jobs=2)
    assert [line.split(":")[:2] for line in report["unread"]] == [["scan_02", " E113"]]
    assert report["analyzer"]["labels"]["hoc_tap"]["support"] == 4
    assert report["analyzer"]["labels"]["hoc_tap"]["recall"] == 0.5  # scan_01's two found, scan_02's two missed
