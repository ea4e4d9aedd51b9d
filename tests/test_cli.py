"""The batch command end to end on the bundled samples and on a folder of forty submissions."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys

import pandas as pd
import pytest
from click.testing import CliRunner

from analyzer.cli import main
from analyzer.output import DOCUMENT_COLUMNS, SENTENCE_COLUMNS

CONTRACT_DOCUMENT_COLUMNS = [
    "doc_id", "status", "error", "score", "grade", "priority", "hoc_tap", "lam_theo", "neu_guong",
    "hoc_tap_concrete", "lam_theo_concrete", "neu_guong_concrete", "resolution_target", "shortcoming",
    "exemplar", "roadmap", "exemplar_names", "n_sentences", "n_actions", "n_slogans", "slogan_index", "reasons",
]
CONTRACT_SENTENCE_COLUMNS = ["doc_id", "sent_id", "start", "end", "text", "section", "hoc_tap", "lam_theo",
                             "neu_guong", "action", "slogan", "resolution_target", "shortcoming", "exemplar",
                             "roadmap", "reasons"]


def _read(path):
    return pd.read_csv(path, encoding="utf-8-sig", keep_default_na=False)


def test_contract_columns_are_present():
    assert [c for c in DOCUMENT_COLUMNS if c in CONTRACT_DOCUMENT_COLUMNS] == CONTRACT_DOCUMENT_COLUMNS
    assert set(CONTRACT_SENTENCE_COLUMNS) <= set(SENTENCE_COLUMNS)


def test_samples_every_file_has_a_row(scored_samples, samples_dir):
    docs = _read(scored_samples / "documents.csv")
    files = sorted(p.name for p in samples_dir.iterdir())
    assert sorted(docs["doc_id"]) == files
    assert set(docs["status"]) == {"ok"}
    assert sorted(docs["priority"]) == list(range(1, len(files) + 1))
    assert docs["score"].between(0, 100).all() and docs["grade"].between(1, 5).all()
    assert {p.suffix for p in samples_dir.iterdir()} >= {".txt", ".docx", ".pdf", ".doc", ".odt", ".rtf"}


def test_sentence_text_equals_slice_of_document_text(scored_samples, samples_dir):
    from analyzer.api import analyze_file

    sentences = _read(scored_samples / "sentences.csv")
    for doc_id, group in sentences.groupby("doc_id"):
        text = analyze_file(samples_dir / doc_id).text
        for row in group.itertuples():
            assert text[row.start:row.end] == row.text


def test_samples_are_ranked_sensibly(scored_samples):
    docs = _read(scored_samples / "documents.csv").set_index("doc_id")
    assert docs.loc["chi_cuc_hai_quan_dang_ky.odt", "grade"] <= 2  # keyword-stuffed slogans
    assert docs.loc["dang_uy_xa_tho_phuc_dang_ky_2024.docx", "grade"] >= 4
    assert docs.loc["chi_bo_ap_dang_ky_font_TCVN3.txt", "warnings"].startswith("W10")


def test_forty_submissions_and_a_broken_one(tmp_path):
    from analyzer.corpus import load_corpus

    src = tmp_path / "in"
    (src / "xã A").mkdir(parents=True)
    docs = load_corpus("train")[:40]
    for i, gold in enumerate(docs):
        folder = src / "xã A" if i % 2 else src
        (folder / f"{gold.id} bản đăng ký.txt").write_text(gold.text, encoding="utf-8")
    (src / "hỏng.docx").write_bytes(b"PK\x03\x04 not really a zip")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["score", str(src), "--out", str(out), "--jobs", "2", "--quiet"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("41 files: 40 scored, 1 error; ")  # not "1 errors"
    assert "(41 files: 40 scored, 1 error)" in result.output
    rows = _read(out / "documents.csv")
    assert len(rows) == 41
    assert rows.loc[rows.doc_id == "hỏng.docx", "status"].item() == "error"
    assert rows.loc[rows.doc_id == "hỏng.docx", "error"].item().startswith("E10")
    assert (rows.status == "ok").sum() == 40
    assert any(d.startswith("xã A/") for d in rows.doc_id)
    sentences = _read(out / "sentences.csv")
    texts = {f"{g.id} bản đăng ký.txt": g.text for g in docs}
    for row in sentences.itertuples():
        text = texts[row.doc_id.split("/")[-1]]
        assert text[row.start:row.end] == row.text
    strict = CliRunner().invoke(main, ["score", str(src), "--out", str(out), "--strict", "--quiet", "--jobs", "1"])
    assert strict.exit_code == 1


def test_files_left_by_systems_and_editors_do_not_fail_a_strict_batch(tmp_path):
    """A Word owner file and Windows' folder files are listed (E111) but are no failed submission."""
    from analyzer.corpus import load_corpus

    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "Bản đăng ký.txt").write_text(load_corpus("train")[0].text, encoding="utf-8")
    (src / "~$n đăng ký.docx").write_bytes(b"\x0bNguyen Van A" + bytes(150))
    (src / "Thumbs.db").write_bytes(bytes(512))
    (src / "desktop.ini").write_text("[.ShellClassInfo]\n", encoding="utf-8")
    args = ["score", str(src), "--out", str(out), "--strict", "--quiet", "--jobs", "1"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    # counted apart from the errors (the summary said "4 files, 3 errors (3 of them system or editor files ...)")
    assert result.output.startswith("4 files: 1 scored, 0 errors, 3 skipped as not submissions (E111); ")
    assert "(4 files: 1 scored, 0 errors, 3 skipped as not submissions (E111))" in result.output
    rows = _read(out / "documents.csv").set_index("doc_id")
    assert rows.loc["Bản đăng ký.txt", "priority"] == 1 and rows.loc["Bản đăng ký.txt", "status"] == "ok"
    assert all(rows.loc[name, "error"].startswith("E111: ") for name in ("~$n đăng ký.docx", "Thumbs.db", "desktop.ini"))
    (src / "hỏng.docx").write_bytes(b"PK\x03\x04 not really a zip")  # a submission that fails: strict fails
    (src / "Thumbs.db").unlink()
    (src / "desktop.ini").unlink()
    failed = CliRunner().invoke(main, args)
    assert failed.exit_code == 1
    assert failed.output.startswith("3 files: 1 scored, 1 error, 1 skipped as not a submission (E111); ")
    assert "--strict: 1 file could not be read" in failed.output


def test_an_output_folder_inside_the_input_folder_is_not_scored_by_the_next_run(tmp_path):
    """"mohinh score HoSo --out HoSo/ketqua", twice: the second run scores the submission, not the first run's tables."""
    from analyzer.corpus import load_corpus

    src = tmp_path / "HoSo"
    src.mkdir()
    (src / "a.txt").write_text(load_corpus("train")[0].text, encoding="utf-8")
    args = ["score", str(src), "--out", str(src / "ketqua"), "--strict", "--quiet", "--jobs", "1"]
    for _ in range(2):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, result.output
        assert result.output.startswith("1 file: 1 scored, 0 errors; ")
    assert _read(src / "ketqua" / "documents.csv")["doc_id"].tolist() == ["a.txt"]


def test_a_folder_that_cannot_be_read_has_its_row_and_fails_a_strict_batch(tmp_path, monkeypatch):
    """Nothing is lost silently: a folder the walk cannot list is a row of its own (E115)."""
    import os

    from analyzer.corpus import load_corpus

    src = tmp_path / "in"
    (src / "khoá").mkdir(parents=True)
    (src / "khoá" / "b.txt").write_text("Chi bộ tổ chức 4 buổi học tập.", encoding="utf-8")
    (src / "a.txt").write_text(load_corpus("train")[0].text, encoding="utf-8")
    scandir = os.scandir

    def locked(path="."):
        if os.fspath(path).endswith("khoá"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", locked)  # as root, chmod cannot lock a folder
    result = CliRunner().invoke(main, ["score", str(src), "--out", str(tmp_path / "out"), "--strict", "--quiet",
                                       "--jobs", "1", "--no-report"])
    assert result.exit_code == 1, result.output
    rows = _read(tmp_path / "out" / "documents.csv").set_index("doc_id")
    assert rows.loc["khoá", "error"].startswith("E115: ") and "Permission denied" in rows.loc["khoá", "error"]
    assert rows.loc["a.txt", "status"] == "ok"


def test_a_damaged_analysis_file_is_a_coded_error_and_the_next_run_repairs_it(tmp_path):
    """A truncated analysis.jsonl (a disk filled up, a copy cut short): `report` says so, `score` redoes it."""
    from analyzer.corpus import load_corpus

    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    for doc in load_corpus("train")[:2]:
        (src / f"{doc.id}.txt").write_text(doc.text, encoding="utf-8")
    args = ["score", str(src), "--out", str(out), "--quiet", "--jobs", "1", "--no-report"]
    assert CliRunner().invoke(main, args).exit_code == 0
    data = (out / "analysis.jsonl").read_bytes()
    (out / "analysis.jsonl").write_bytes(data[:-300])
    result = CliRunner().invoke(main, ["report", str(out), "--jobs", "1"])
    assert result.exit_code == 1 and "E305: " in result.output and "line 2" in result.output
    result = CliRunner().invoke(main, args)
    assert "1 unchanged (cached)" in result.output and "up to date" not in result.output
    assert CliRunner().invoke(main, ["report", str(out), "--jobs", "1"]).exit_code == 0


@pytest.mark.parametrize(("option", "says"), [
    (["--rubric", "nope"], "E301: "), (["--max-bytes", "-5"], "--max-bytes"), (["--jobs", "-3"], "--jobs")])
def test_a_wrong_option_is_a_one_line_error_not_a_traceback(tmp_path, option, says):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("Chi bộ tổ chức 4 buổi học tập chuyên đề.", encoding="utf-8")
    result = CliRunner().invoke(main, ["score", str(tmp_path / "in"), "--out", str(tmp_path / "out"), *option])
    assert result.exit_code in (1, 2) and says in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_max_chars_refuses_a_longer_text(tmp_path):
    """`--max-chars` is the text limit of Config.max_chars: a file with more text is an E102 row."""
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "ngắn.txt").write_text("Chi bộ tổ chức 4 buổi học tập chuyên đề.", encoding="utf-8")
    (src / "dài.txt").write_text("Chi bộ tổ chức 4 buổi học tập chuyên đề. " * 40, encoding="utf-8")
    result = CliRunner().invoke(main, ["score", str(src), "--out", str(out), "--quiet", "--jobs", "1", "--no-report",
                                       "--max-chars", "500"])
    assert result.exit_code == 0, result.output
    rows = _read(out / "documents.csv").set_index("doc_id")
    assert rows.loc["ngắn.txt", "status"] == "ok"
    assert rows.loc["dài.txt", "error"].startswith("E102: ") and "500 characters" in rows.loc["dài.txt", "error"]


def test_a_link_out_of_the_folder_is_not_read(tmp_path):
    """A link unpacked from a submitted archive may point at any file of the machine: its text stays out."""
    from analyzer.corpus import load_corpus

    src, secret = tmp_path / "in", tmp_path / "bí mật.txt"
    src.mkdir()
    secret.write_text("Mật khẩu máy chủ: hai-ba-bốn-năm. Chi bộ tổ chức 4 buổi học tập.", encoding="utf-8")
    (src / "a.txt").write_text(load_corpus("train")[0].text, encoding="utf-8")
    (src / "b.txt").symlink_to(src / "a.txt")  # a link inside the folder is read
    (src / "c.txt").symlink_to(secret)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["score", str(src), "--out", str(out), "--quiet", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    rows = _read(out / "documents.csv").set_index("doc_id")
    assert rows.loc["b.txt", "status"] == "ok"
    assert rows.loc["c.txt", "error"].startswith("E109: ") and "outside the folder" in rows.loc["c.txt", "error"]
    assert "hai-ba-bốn-năm" not in (out / "sentences.csv").read_text(encoding="utf-8-sig")


def test_parquet_copies_keep_the_typed_schema_and_do_not_outlive_their_batch(tmp_path):
    """Scores are numbers and gaps are nulls in Parquet, even with error rows; a run without --parquet removes them."""
    from analyzer.corpus import load_corpus
    from analyzer.frames import load_results

    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "a.txt").write_text(load_corpus("train")[0].text, encoding="utf-8")
    (src / "rỗng.txt").write_text("", encoding="utf-8")
    args = ["score", str(src), "--out", str(out), "--quiet", "--jobs", "1", "--no-report"]
    assert CliRunner().invoke(main, [*args, "--parquet"]).exit_code == 0
    documents = pd.read_parquet(out / "documents.parquet")
    assert pd.api.types.is_float_dtype(documents["score"]) and documents["score"].isna().sum() == 1
    assert pd.api.types.is_integer_dtype(documents["grade"])
    sentences = pd.read_parquet(out / "sentences.parquet")
    assert all(pd.api.types.is_float_dtype(sentences[c]) for c in sentences.columns if c.startswith("p_"))
    pd.testing.assert_frame_equal(documents, load_results(out).documents, check_categorical=False)
    assert CliRunner().invoke(main, args).exit_code == 0
    assert not list(out.glob("*.parquet"))


def test_every_command_is_documented_in_the_readme():
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    for name in main.commands:
        assert f"mohinh {name}" in readme, name


def test_python_dash_m_runs_the_cli():
    out = subprocess.run([sys.executable, "-m", "analyzer", "--help"], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and "score" in out.stdout


def test_console_script_is_installed():
    exe = shutil.which("mohinh") or str((__import__("pathlib").Path(sys.executable).parent / "mohinh"))
    out = subprocess.run([exe, "score", "--help"], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and "--out" in out.stdout


def test_rules_command_lists_and_matches():
    listing = CliRunner().invoke(main, ["rules"])
    assert listing.exit_code == 0 and "rule files valid" in listing.output
    matched = CliRunner().invoke(main, ["rules", "Chi bộ tổ chức 4 buổi sinh hoạt hằng quý."])
    assert "slot.frequency" in matched.output and "«hằng quý»" in matched.output
    nothing = CliRunner().invoke(main, ["rules", "Hello world"])
    assert nothing.exit_code == 0 and "no rule matches this text" in nothing.output
    assert CliRunner().invoke(main, ["rules", "  "]).exit_code == 2


def test_rules_command_reads_last_year_against_the_given_year():
    sentence = "Năm 2025, chi bộ kết nạp 3 đảng viên."
    assert "context.past_result" not in CliRunner().invoke(main, ["rules", sentence]).output  # 2024 by default
    in_2026 = CliRunner().invoke(main, ["rules", "--year", "2026", sentence])
    assert in_2026.exit_code == 0 and "context.past_result" in in_2026.output and "«Năm 2025,»" in in_2026.output
    assert CliRunner().invoke(main, ["rules", "--year", "26", sentence]).exit_code == 2


EXTERNAL_DOC = """# id: ext_01
# year: 2024
# org_kind: hamlet
# doc_kind: registration
# region: Cà Mau
# grade: 3
# exemplar_names:
ĐĂNG KÝ MÔ HÌNH
Chi bộ tổ chức 4 buổi sinh hoạt chuyên đề về tấm gương Bác Hồ trong năm 2024. {hoc_tap action}
Đẩy mạnh việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh. {hoc_tap lam_theo slogan}
Năm 2023, Đảng ủy xã chỉ ra hạn chế: 12% hồ sơ đất đai trễ hạn. {shortcoming}
"""


def test_evaluate_another_annotated_corpus(tmp_path):
    """Appraisers' own annotated submissions: ``--corpus DIR --split all`` needs no splits.tsv."""
    (tmp_path / "corpus" / "docs").mkdir(parents=True)
    (tmp_path / "corpus" / "docs" / "ext_01.txt").write_text(EXTERNAL_DOC, encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(main, ["evaluate", "--corpus", str(tmp_path / "corpus"), "--split", "all",
                                  "--out", str(tmp_path / "eval")])
    assert result.exit_code == 0, result.output
    assert "(1 document, 4 sentences)" in result.output
    report = json.loads((tmp_path / "eval" / "evaluate_all.json").read_text(encoding="utf-8"))
    supports = {label: m["support"] for label, m in report["analyzer"]["labels"].items()}
    assert supports["hoc_tap"] == 2 and supports["shortcoming"] == 1 and supports["roadmap"] == 0
    # what one document cannot measure is null ("n/a"), not a score of 0: a label nobody marked and the
    # analyzer did not find, the order of grades
    roadmap = report["analyzer"]["labels"]["roadmap"]
    assert roadmap["f1"] is None and roadmap["f1_95ci"] is None and "| roadmap | n/a | n/a | n/a | n/a | 0 |" in result.output
    assert report["analyzer"]["spearman_score_grade"] is None and report["analyzer"]["pairwise_order"] is None
    assert "| spearman_score_grade | n/a |" in result.output
    # a named split needs splits.tsv; an empty folder is an error, not an empty report
    named = runner.invoke(main, ["evaluate", "--corpus", str(tmp_path / "corpus"), "--split", "test"])
    assert named.exit_code == 1 and "--split all" in named.output
    (tmp_path / "empty").mkdir()
    empty = runner.invoke(main, ["evaluate", "--corpus", str(tmp_path / "empty"), "--split", "all"])
    assert empty.exit_code == 1 and "no annotated documents" in empty.output


def test_evaluate_reads_another_corpus_leniently_and_reports_its_header_warnings(tmp_path):
    """A board's own annotation need not use the corpus's kinds or keys: its documents are measured and
    every header problem is named with what the measurement did about it, in the output and the .json."""
    (tmp_path / "corpus").mkdir()  # its files straight in the folder, no docs/
    (tmp_path / "corpus" / "ext_01.txt").write_text(
        EXTERNAL_DOC.replace("hamlet", "to_dan_pho").replace("# grade: 3\n", "").replace("# region: Cà Mau\n", ""),
        encoding="utf-8")
    (tmp_path / "corpus" / "ext_02.txt").write_text(EXTERNAL_DOC.replace("ext_01", "ext_02"), encoding="utf-8")
    result = CliRunner().invoke(main, ["evaluate", "--corpus", str(tmp_path / "corpus"), "--split", "all",
                                       "--out", str(tmp_path / "eval")])
    assert result.exit_code == 0, result.output
    assert "(2 documents, 8 sentences)" in result.output and "3 header warnings" in result.output
    assert "ext_01.txt:3: org_kind 'to_dan_pho' is not one of" in result.output
    report = json.loads((tmp_path / "eval" / "evaluate_all.json").read_text(encoding="utf-8"))
    assert len(report["warnings"]) == 3 and any("left out of the grade figures" in w for w in report["warnings"])
    assert report["analyzer"]["labels"]["hoc_tap"]["support"] == 4  # both documents measured
    assert report["analyzer"]["grade_accuracy"] in (0.0, 1.0)  # of the one graded document


def _one_submission(tmp_path):
    from analyzer.corpus import load_corpus

    src = tmp_path / "in"
    src.mkdir()
    (src / "Bản đăng ký.txt").write_text(load_corpus("train")[0].text, encoding="utf-8")
    return src


def test_a_full_disk_is_a_one_line_error_not_a_traceback(tmp_path, monkeypatch):
    """--out on a full disk (or over `ulimit -f`) ended `score` and `report` in an OSError traceback."""
    import errno

    import analyzer.batch
    import analyzer.report

    src, out = _one_submission(tmp_path), tmp_path / "out"

    def full(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise OSError(errno.ENOSPC, "No space left on device")

    real = analyzer.batch.write_csv
    monkeypatch.setattr(analyzer.batch, "write_csv", full)
    result = CliRunner().invoke(main, ["score", str(src), "--out", str(out), "--quiet", "--jobs", "1"])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
    assert f"E309: cannot write to --out {out}: No space left on device" in result.stderr
    assert "Traceback" not in result.output and "run the same command again" in result.stderr
    monkeypatch.setattr(analyzer.batch, "write_csv", real)
    assert CliRunner().invoke(main, ["score", str(src), "--out", str(out), "--quiet", "--jobs", "1"]).exit_code == 0
    monkeypatch.setattr(analyzer.report, "render_reports", full)
    result = CliRunner().invoke(main, ["report", str(out), "--jobs", "1"])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
    assert "E309" in result.stderr and f"`mohinh report {out}`" in result.stderr


def test_a_run_without_reports_says_the_reports_left_are_an_earlier_runs(tmp_path):
    """A re-run with --no-report after late submissions left the first run's index.html and results.xlsx in OUT,
    without the late ones, and said nothing: they read as this run's."""
    src, out = _one_submission(tmp_path), tmp_path / "out"
    args = ["score", str(src), "--out", str(out), "--quiet", "--jobs", "1", "--no-report"]
    assert "note:" not in CliRunner().invoke(main, args).output  # no reports yet: nothing to say
    assert CliRunner().invoke(main, args[:-1]).exit_code == 0
    assert "note:" not in CliRunner().invoke(main, args).output  # unchanged: the reports show these results
    shutil.copy(src / "Bản đăng ký.txt", src / "nộp muộn.txt")
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0
    assert f"note: {out / 'report' / 'index.html'} and results.xlsx are an earlier run's" in result.stderr
    assert f"`mohinh report {out}`" in result.stderr


def test_a_strict_failure_says_why(tmp_path):
    """--strict ended with exit status 1 and not a word of why."""
    src, out = _one_submission(tmp_path), tmp_path / "out"
    (src / "hỏng.docx").write_bytes(b"PK\x03\x04 not really a zip")
    result = CliRunner().invoke(main, ["score", str(src), "--out", str(out), "--quiet", "--jobs", "1", "--strict",
                                       "--no-report"])
    assert result.exit_code == 1
    assert "--strict: 1 file could not be read (status=error in documents.csv)" in result.stderr


def test_an_empty_input_folder_is_said(tmp_path):
    """A folder with no file (a wrong path, the submissions not copied yet) gave "0 files" and an empty report, silently."""
    (tmp_path / "in").mkdir()
    result = CliRunner().invoke(main, ["score", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--quiet"])
    assert result.exit_code == 0 and result.output.startswith("0 files: 0 scored, 0 errors; ")
    assert f"note: no file found in {tmp_path / 'in'}; give the folder that holds the submissions" in result.stderr
