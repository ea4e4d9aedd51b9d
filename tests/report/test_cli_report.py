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
