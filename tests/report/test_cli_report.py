"""``mohinh report OUT`` re-renders without analysing; ``mohinh score`` renders unless ``--no-report``."""

from __future__ import annotations

import shutil

from click.testing import CliRunner

from analyzer.cli import main


def test_report_rerenders_an_existing_folder(scored_samples, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(scored_samples, out, ignore=shutil.ignore_patterns("report", "results.xlsx"))
    analysis = (out / "analysis.jsonl").read_bytes()
    result = CliRunner().invoke(main, ["report", str(out)])
    assert result.exit_code == 0, result.output
    assert str(out / "report" / "index.html") in result.output and str(out / "results.xlsx") in result.output
    assert (out / "report" / "index.html").is_file() and (out / "results.xlsx").is_file()
    assert len(list((out / "report" / "docs").glob("*.html"))) == 8
    assert (out / "analysis.jsonl").read_bytes() == analysis


def test_a_documents_table_resaved_from_excel_is_ranked_again_with_a_note(scored_samples, tmp_path):
    """Excel's "CSV" writes the Windows code page (cp1258): the render does not stop on it."""
    out = tmp_path / "out"
    shutil.copytree(scored_samples, out, ignore=shutil.ignore_patterns("report", "results.xlsx"))
    table = out / "documents.csv"
    table.write_bytes(table.read_text(encoding="utf-8-sig").encode("cp1258", "replace"))
    result = CliRunner().invoke(main, ["report", str(out)])
    assert result.exit_code == 0, result.output
    assert "ranked again" in result.stderr and "documents.csv" in result.stderr
    assert len(list((out / "report" / "docs").glob("*.html"))) == 8


def test_report_says_what_to_do_without_analysis(tmp_path):
    result = CliRunner().invoke(main, ["report", str(tmp_path)])
    assert result.exit_code == 1
    assert "E303" in result.output and "mohinh score" in result.output


def test_score_renders_reports_unless_told_not_to(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "chi_bo.txt").write_text("I. HỌC TẬP\nChi bộ tổ chức cho 100% đảng viên học tập chuyên đề trước 30/6/2024.\n",
                                    encoding="utf-8")
    skipped = CliRunner().invoke(main, ["score", str(src), "--out", str(tmp_path / "a"), "--quiet", "--jobs", "1",
                                        "--no-report"])
    assert skipped.exit_code == 0, skipped.output
    assert not (tmp_path / "a" / "report").exists() and not (tmp_path / "a" / "results.xlsx").exists()
    full = CliRunner().invoke(main, ["score", str(src), "--out", str(tmp_path / "b"), "--quiet", "--jobs", "1"])
    assert full.exit_code == 0, full.output
    assert "index.html" in full.output and "results.xlsx" in full.output
    assert (tmp_path / "b" / "report" / "index.html").is_file() and (tmp_path / "b" / "results.xlsx").is_file()


def _score(*args):
    return CliRunner().invoke(main, ["score", *map(str, args), "--quiet", "--jobs", "1"])


PLAN = "I. HỌC TẬP\nChi bộ tổ chức cho 100% đảng viên học tập chuyên đề trước 30/6/2024.\n"


def test_a_report_left_behind_by_no_report_or_a_render_cut_short_is_rendered_again(tmp_path):
    """The batch's tables say one thing, the report another: the next run that is otherwise up to date
    renders the report again, rather than printing "outputs up to date" over a stale one."""
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "a.txt").write_text(PLAN, encoding="utf-8")
    (src / "b.txt").write_text(PLAN.replace("30/6", "31/7"), encoding="utf-8")
    assert _score(src, "--out", out).exit_code == 0
    (src / "b.txt").unlink()
    assert _score(src, "--out", out, "--no-report").exit_code == 0
    assert "b.txt" in (out / "report" / "index.html").read_text(encoding="utf-8")  # stale, as asked
    again = _score(src, "--out", out)
    assert "outputs up to date" in again.output and "report:" in again.output
    assert "b.txt" not in (out / "report" / "index.html").read_text(encoding="utf-8")
    # a render cut short leaves no stamp: the next run renders again
    (out / "report" / ".rendered-from.json").unlink()
    assert "report:" in _score(src, "--out", out).output
    assert "report:" not in _score(src, "--out", out).output  # and then it is current


def test_out_must_not_be_the_input_folder_and_an_earlier_output_inside_is_not_read(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(PLAN, encoding="utf-8")
    same = _score(src, "--out", src)
    assert same.exit_code == 1 and "E307" in same.output
    assert _score(src, "--out", src / "ketqua_2024").exit_code == 0  # last year's results kept inside IN
    result = _score(src, "--out", tmp_path / "out")
    assert "not read, results of an earlier run: ketqua_2024" in result.output
    assert "1 file: 1 scored, 0 errors; " in result.output


def test_near_duplicates_are_shown_in_the_report_and_the_workbook(tmp_path):
    from openpyxl import load_workbook

    from analyzer.corpus import load_corpus

    doc = load_corpus("train")[0]
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "a.txt").write_text(doc.text, encoding="utf-8")
    (src / "b.txt").write_text(doc.text, encoding="utf-8")
    assert _score(src, "--out", out).exit_code == 0
    assert "Gần trùng nội dung" in (out / "report" / "index.html").read_text(encoding="utf-8")
    assert all("Gần trùng nội dung" in page.read_text(encoding="utf-8") for page in (out / "report" / "docs").glob("*.html"))
    cells = [str(c.value) for row in load_workbook(out / "results.xlsx")["Xếp hạng"].iter_rows() for c in row]
    assert sum("Gần trùng nội dung" in c for c in cells) == 2


def test_two_names_that_differ_only_in_unicode_form_get_two_rows_told_apart(tmp_path):
    import unicodedata

    from analyzer.api import iter_files

    (tmp_path / unicodedata.normalize("NFC", "Chi bộ thôn Tây.txt")).write_text(PLAN, encoding="utf-8")
    (tmp_path / unicodedata.normalize("NFD", "Chi bộ thôn Tây.txt")).write_text(PLAN, encoding="utf-8")
    ids = [doc_id for _, doc_id in iter_files(tmp_path)]
    assert len(ids) == 2 and ids[1].endswith(" (2)")


def test_a_hidden_folder_is_named_not_read_unless_asked(tmp_path):
    src = tmp_path / "in"
    (src / ".nhap").mkdir(parents=True)
    (src / "a.txt").write_text(PLAN, encoding="utf-8")
    (src / ".nhap" / "b.txt").write_text(PLAN, encoding="utf-8")
    named = _score(src, "--out", tmp_path / "o1", "--no-report")
    assert "1 file: " in named.output and "not read, hidden folders (--include-hidden reads them): .nhap" in named.output
    read = _score(src, "--out", tmp_path / "o2", "--no-report", "--include-hidden")
    assert "2 files: " in read.output and "hidden folders" not in read.output


def test_the_index_counts_files_that_are_no_submission_apart_as_the_command_line_does(tmp_path):
    """The command line said "3 errors (3 of them system or editor files ...)"; the index called the files of a
    saved web page's folder "tệp hệ thống, tệp tạm". Both now count them apart as not submissions (E111)."""
    import re

    src, out = tmp_path / "in", tmp_path / "out"
    (src / "trang_files").mkdir(parents=True)
    (src / "a.txt").write_text(PLAN, encoding="utf-8")
    (src / "trang.htm").write_text(f"<html><body><p>{PLAN}</p></body></html>", encoding="utf-8")
    (src / "trang_files" / "filelist.xml").write_text("<xml/>", encoding="utf-8")
    (src / "Thumbs.db").write_bytes(bytes(512))
    result = _score(src, "--out", out)
    assert result.output.startswith("4 files: 2 scored, 0 errors, 2 skipped as not submissions (E111); ")
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", (out / "report" / "index.html").read_text(encoding="utf-8")))
    assert "2 không phải hồ sơ, bỏ qua" in text and "0 không đọc được" in text
    assert "Tệp không phải hồ sơ (2) — tệp hệ thống, tệp tạm, tệp đi kèm trang web" in text and "…_files" in text
