"""Output files: atomic (an interrupted run leaves no half-written file), never duplicated, stable ids."""

from __future__ import annotations

import errno
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

import analyzer.batch
from analyzer.batch import score_folder
from analyzer.config import Config
from analyzer.output import LOCK
from conftest import SENTENCE, read_csv

OUTPUTS = ("documents.csv", "sentences.csv", "findings.csv", "analysis.jsonl")


@pytest.fixture()
def submissions(tmp_path, samples_dir) -> Path:
    """The sample submissions in every format, plus one in a sub-folder with a Vietnamese name."""
    root = tmp_path / "IN"
    shutil.copytree(samples_dir, root)
    (root / "Chi bộ ấp 3").mkdir()
    (root / "Chi bộ ấp 3" / "bản đăng ký.txt").write_text(
        SENTENCE + ".\nChi bộ tổ chức cho 100% đảng viên học tập chuyên đề năm 2024 trước ngày 30/6/2024.\n",
        encoding="utf-8")
    return root


def _snapshot(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in OUTPUTS if (out / name).exists()}


def _leftovers(out: Path) -> list[str]:
    # the folder's lock file stays (the system releases the lock itself): not a leftover; nor do the analyses an
    # interrupted run kept for the next (no reader takes them for outputs)
    return sorted(p.name for p in out.iterdir() if (p.name.startswith(".") or p.suffix == ".tmp") and p.name != LOCK
                  and not p.name.startswith(".analysis.partial-"))


def _interrupt_after(monkeypatch, n: int, error: BaseException) -> None:
    """The analysis of the (n+1)-th document raises ``error`` (jobs=1 runs ``_run`` in-process)."""
    calls = {"n": 0}
    real = analyzer.batch._run

    def run(job):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] > n:
            raise error
        return real(job)

    monkeypatch.setattr(analyzer.batch, "_run", run)


INTERRUPTIONS = [KeyboardInterrupt(), OSError(errno.ENOSPC, "No space left on device")]


@pytest.mark.parametrize("error", INTERRUPTIONS, ids=["ctrl-c", "disk-full"])
def test_interrupted_first_run_leaves_no_file(submissions, tmp_path, monkeypatch, error):
    out = tmp_path / "OUT"
    _interrupt_after(monkeypatch, 3, error)
    with pytest.raises(type(error)):
        score_folder(submissions, out, config=Config(jobs=1), progress=False)
    assert _snapshot(out) == {} and _leftovers(out) == []


@pytest.mark.parametrize("error", INTERRUPTIONS, ids=["ctrl-c", "disk-full"])
def test_the_files_an_interrupted_run_analysed_are_not_analysed_again(submissions, tmp_path, monkeypatch, error):
    """Ctrl-C at the 7th of 9 files threw the six analyses away: the next run analysed all nine again (an hour
    of a large batch's OCR). It takes them from what the interrupted run kept, and writes the same outputs."""
    out, fresh = tmp_path / "OUT", tmp_path / "FRESH"
    _interrupt_after(monkeypatch, 6, error)
    with pytest.raises(type(error)):
        score_folder(submissions, out, config=Config(jobs=1), progress=False)
    assert _snapshot(out) == {}  # nothing that looks like a run's outputs
    monkeypatch.undo()
    summary = score_folder(submissions, out, config=Config(jobs=1), progress=False)
    assert summary.n_cached == 6 and summary.n_files == 9
    assert [p.name for p in out.iterdir() if "partial" in p.name] == []  # all in analysis.jsonl now
    score_folder(submissions, fresh, config=Config(jobs=1), progress=False)
    assert _snapshot(out) == _snapshot(fresh)


def test_the_files_a_killed_run_analysed_are_not_analysed_again(submissions, tmp_path, monkeypatch):
    """A run killed outright (SIGKILL, a power cut) left its analysis.jsonl half-written under a temporary name,
    its last line cut: the next run keeps the whole lines and analyses only the other files."""
    out = tmp_path / "OUT"
    score_folder(submissions, tmp_path / "FULL", config=Config(jobs=1), progress=False)
    lines = (tmp_path / "FULL" / "analysis.jsonl").read_bytes().splitlines(keepends=True)
    out.mkdir()
    (out / ".analysis.jsonl.k3j9.tmp").write_bytes(b"".join(lines[:4]) + lines[4][:100])
    summary = score_folder(submissions, out, config=Config(jobs=1), progress=False)
    assert summary.n_cached == 4 and [p.name for p in out.glob(".analysis*")] == []
    assert _snapshot(out) == _snapshot(tmp_path / "FULL")


@pytest.mark.parametrize("error", INTERRUPTIONS, ids=["ctrl-c", "disk-full"])
def test_interrupted_rerun_keeps_the_previous_complete_output(submissions, tmp_path, monkeypatch, error):
    out = tmp_path / "OUT"
    score_folder(submissions, out, config=Config(jobs=1), progress=False)
    before = _snapshot(out)
    assert set(before) == set(OUTPUTS)
    (submissions / "Chi bộ ấp 3" / "bản đăng ký.txt").write_text(SENTENCE + " – bản sửa.\n", encoding="utf-8")
    _interrupt_after(monkeypatch, 2, error)
    with pytest.raises(type(error)):
        score_folder(submissions, out, config=Config(jobs=1), progress=False, use_cache=False)
    assert _snapshot(out) == before and _leftovers(out) == []


def test_interrupted_while_ranking_leaves_whole_files(submissions, tmp_path, monkeypatch):
    """Interrupted after the streamed files are complete: each file is whole, none half-written."""
    out = tmp_path / "OUT"
    score_folder(submissions, out, config=Config(jobs=1), progress=False)
    before = _snapshot(out)

    def stop(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise KeyboardInterrupt

    monkeypatch.setattr(analyzer.batch, "assign_priorities", stop)
    with pytest.raises(KeyboardInterrupt):
        score_folder(submissions, out, config=Config(jobs=1), progress=False, use_cache=False)
    assert (out / "documents.csv").read_bytes() == before["documents.csv"]
    for name in OUTPUTS:
        assert (out / name).read_bytes() == before[name]  # same inputs: the new files equal the old ones
    assert _leftovers(out) == []


def test_interrupted_while_ranking_changed_files_leaves_the_last_complete_run_and_keeps_their_analyses(
        submissions, tmp_path, monkeypatch):
    """Interrupted while ranking, a run had already put its analysis.jsonl, sentences.csv and findings.csv in place
    beside the last complete run's documents.csv: `report` and load_results read a changed file's new sentences
    beside its old score and priority. The tables are put in place together, after the ranking."""
    out = tmp_path / "OUT"
    score_folder(submissions, out, config=Config(jobs=1), progress=False)
    before = _snapshot(out)
    (submissions / "Chi bộ ấp 3" / "bản đăng ký.txt").write_text(
        SENTENCE + ".\nChi bộ tổ chức 4 buổi sinh hoạt chuyên đề năm 2024, mỗi quý một buổi.\n", encoding="utf-8")

    def stop(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr(analyzer.batch, "assign_priorities", stop)
        with pytest.raises(KeyboardInterrupt):
            score_folder(submissions, out, config=Config(jobs=1), progress=False)
    assert _snapshot(out) == before and _leftovers(out) == []
    summary = score_folder(submissions, out, config=Config(jobs=1), progress=False)
    assert summary.n_cached == summary.n_files  # the changed file's analysis was kept for this run


def _unique_rows(out: Path) -> None:
    documents = read_csv(out / "documents.csv")
    sentences = read_csv(out / "sentences.csv")
    assert len({r["doc_id"] for r in documents}) == len(documents)
    assert len({(r["doc_id"], r["sent_id"]) for r in sentences}) == len(sentences)
    lines = (out / "analysis.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(documents)


def test_rerun_never_duplicates_rows(submissions, tmp_path):
    out = tmp_path / "OUT"
    first = score_folder(submissions, out, config=Config(jobs=1), progress=False)
    snapshot = _snapshot(out)
    second = score_folder(submissions, out, config=Config(jobs=1), progress=False)
    assert (second.n_files, second.n_cached) == (first.n_files, first.n_files)
    assert _snapshot(out) == snapshot
    _unique_rows(out)

    (submissions / "chi_bo_thon_dang_ky.txt").unlink()
    (submissions / "Chi bộ ấp 3" / "bản đăng ký.txt").write_text(SENTENCE + " năm 2024.\n", encoding="utf-8")
    third = score_folder(submissions, out, config=Config(jobs=2), progress=False)
    assert (third.n_files, third.n_cached) == (first.n_files - 1, first.n_files - 2)
    _unique_rows(out)
    rows = {r["doc_id"]: r for r in read_csv(out / "documents.csv")}
    assert "chi_bo_thon_dang_ky.txt" not in rows
    changed = [r for r in read_csv(out / "sentences.csv") if r["doc_id"] == "Chi bộ ấp 3/bản đăng ký.txt"]
    assert [r["text"] for r in changed] == [SENTENCE + " năm 2024."]


def test_doc_ids_and_results_are_stable_across_runs_and_job_counts(submissions, tmp_path):
    outs = []
    for k, (folder, jobs) in enumerate(((submissions, 1), (f"{submissions}/", 2), (submissions, 2))):
        out = tmp_path / f"OUT{k}"
        score_folder(folder, out, config=Config(jobs=jobs), progress=False, use_cache=False)
        outs.append(_snapshot(out))
    assert outs[0] == outs[1] == outs[2]
    doc_ids = [r["doc_id"] for r in read_csv(tmp_path / "OUT0" / "documents.csv")]
    on_disk = sorted(p.relative_to(submissions).as_posix() for p in submissions.rglob("*") if p.is_file())
    assert sorted(doc_ids) == on_disk and "Chi bộ ấp 3/bản đăng ký.txt" in doc_ids


def test_doc_id_does_not_depend_on_where_the_folder_is(submissions, tmp_path):
    moved = tmp_path / "nơi khác" / "hồ sơ"
    moved.parent.mkdir()
    shutil.copytree(submissions, moved)
    score_folder(submissions, tmp_path / "A", config=Config(jobs=1), progress=False)
    score_folder(moved, tmp_path / "B", config=Config(jobs=1), progress=False)
    a, b = read_csv(tmp_path / "A" / "documents.csv"), read_csv(tmp_path / "B" / "documents.csv")
    assert [(r["doc_id"], r["content_hash"], r["score"]) for r in a] == \
        [(r["doc_id"], r["content_hash"], r["score"]) for r in b]


def _temporaries(out: Path) -> list[str]:
    return sorted(str(p.relative_to(out)) for p in out.rglob(".*") if p.name not in (".mohinh-manifest.json", LOCK)
                  and not p.name.startswith(".analysis.partial-"))


def test_sigterm_unwinds_like_ctrl_c_and_leaves_no_temporary_file(tmp_path, monkeypatch):
    """`kill` (SIGTERM) while a batch writes its outputs: the run ends with 143 and removes the temporary
    files of its outputs. The signal is sent from inside the run, at its third document, so that it
    always lands while the outputs are open (a signal from outside can come after the run ended)."""
    import os
    import signal

    from click.testing import CliRunner

    from analyzer.cli import main
    from analyzer.corpus import load_corpus
    from analyzer.dedup import NearDuplicates

    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    for doc in load_corpus("train")[:6]:
        (src / f"{doc.id}.txt").write_text(doc.text, encoding="utf-8")
    seen: list[bool] = []
    add_sketch = NearDuplicates.add_sketch

    def killed_at_the_third(self, doc_id, sketched):  # type: ignore[no-untyped-def]
        seen.append(any(out.glob(".*.tmp")))
        if len(seen) == 3:
            os.kill(os.getpid(), signal.SIGTERM)
        return add_sketch(self, doc_id, sketched)

    monkeypatch.setattr(NearDuplicates, "add_sketch", killed_at_the_third)
    previous = signal.getsignal(signal.SIGTERM)
    try:
        result = CliRunner().invoke(main, ["score", str(src), "--out", str(out), "--quiet", "--jobs", "1", "--no-report"])
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert len(seen) == 3 and seen[-1], "the outputs were being written when the signal came"
    assert result.exit_code == 128 + signal.SIGTERM
    assert _temporaries(out) == []
    # said, not a silent exit; and the three files analysed when the signal came are kept for the next run
    assert "interrupted: " in result.output and "run the same command again" in result.output
    assert len((out / ".analysis.partial-1.jsonl").read_text(encoding="utf-8").splitlines()) == 3


def test_what_a_killed_run_left_is_swept_by_the_next(tmp_path):
    from analyzer.output import sweep_temporaries

    out = tmp_path / "out"
    (out / "report" / ".index-abc").mkdir(parents=True)
    (out / ".results.xlsx.rows-x1").mkdir()
    (out / ".sentences.csv.k3j.tmp").write_text("half", encoding="utf-8")
    (out / "report" / ".index.html.q.tmp").write_text("half", encoding="utf-8")
    (out / "documents.csv").write_text("doc_id\n", encoding="utf-8")
    sweep_temporaries(out)
    assert _temporaries(out) == [] and (out / "documents.csv").is_file()


@contextmanager
def _held_by_another_process(out: Path) -> Iterator[int]:
    """``out``'s lock held by another process (a run writing there), for the block; its process id."""
    import subprocess
    import sys

    holder = subprocess.Popen([sys.executable, "-c", (
        "import sys, time; from pathlib import Path; from analyzer.output import out_lock\n"
        "with out_lock(Path(sys.argv[1])):\n    print('held', flush=True); time.sleep(60)\n"), str(out)],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        yield holder.pid
    finally:
        holder.kill()
        holder.wait()


def test_a_second_run_into_a_folder_being_written_is_refused_and_the_first_one_goes_on(submissions, tmp_path):
    """A second `score` or a `mohinh report` on the same --out swept away the first run's temporary files."""
    from analyzer.errors import MohinhError
    from analyzer.report import render_reports

    out = tmp_path / "OUT"
    score_folder(submissions, out, config=Config(jobs=1), progress=False)
    with _held_by_another_process(out) as pid:
        with pytest.raises(MohinhError, match=f"^E308: .*process {pid}"):
            score_folder(submissions, out, config=Config(jobs=1), progress=False)
        with pytest.raises(MohinhError, match="^E308"):
            render_reports(out)
    score_folder(submissions, out, config=Config(jobs=1), progress=False)  # the lock went with its process
    render_reports(out)


def test_reading_a_folder_a_first_run_is_writing_says_it_is_busy(tmp_path):
    """`mohinh report OUT` while the first run into OUT was still analysing said E310, "not the output folder of a
    `mohinh score` run ... if it holds the submissions, score them into another folder": it is being written."""
    from analyzer.errors import MohinhError
    from analyzer.frames import load_results
    from analyzer.report import render_reports

    out = tmp_path / "OUT"
    with _held_by_another_process(out) as pid:
        with pytest.raises(MohinhError, match=f"^E308: .*process {pid}"):
            render_reports(out)
        with pytest.raises(MohinhError, match="^E308"):
            load_results(out)
    with pytest.raises(MohinhError, match="^E310"):  # the run is gone, its outputs never came
        render_reports(out)


def test_an_output_folder_that_cannot_be_written_is_a_coded_error(submissions, tmp_path):
    from analyzer.errors import MohinhError

    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(MohinhError, match="^E309: cannot write to --out"):
        score_folder(submissions, blocker / "OUT", config=Config(jobs=1), progress=False)


def _killed_run_left(out: Path, lines: list[bytes]) -> None:
    """What a run killed outright (SIGKILL, a power cut) leaves of its analysis.jsonl: ``lines``, the next cut short."""
    out.mkdir(exist_ok=True)
    (out / ".analysis.jsonl.k3j9.tmp").write_bytes(b"".join(lines[:-1]) + lines[-1][:100])


def test_a_report_after_a_killed_run_keeps_what_it_had_analysed(submissions, tmp_path):
    """`mohinh report OUT` after a `score` killed midway swept its temporary analysis.jsonl away with the other
    temporary files: the files it had analysed (a new submission, here) were analysed again by the next run."""
    from click.testing import CliRunner

    from analyzer.cli import main

    out, full = tmp_path / "OUT", tmp_path / "FULL"
    score_folder(submissions, out, config=Config(jobs=1), progress=False)  # the last complete run
    (submissions / "nộp thêm.txt").write_text(SENTENCE + ".\nChi bộ tổ chức 4 buổi sinh hoạt chuyên đề năm 2024.\n",
                                              encoding="utf-8")
    score_folder(submissions, full, config=Config(jobs=1), progress=False)
    lines = (full / "analysis.jsonl").read_bytes().splitlines(keepends=True)
    new = next(i for i, line in enumerate(lines) if "nộp thêm.txt" in line.decode("utf-8"))
    _killed_run_left(out, [*lines[:new + 1], lines[new + 1 if new + 1 < len(lines) else 0]])
    result = CliRunner().invoke(main, ["report", str(out), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert f"interrupted after {new + 1} files, kept for the next run but not in these reports" in result.output
    assert [p.name for p in out.glob(".analysis*")] == [".analysis.partial-1.jsonl"]
    summary = score_folder(submissions, out, config=Config(jobs=1), progress=False)
    assert summary.n_cached == summary.n_files == len(lines)  # the new file's analysis was not lost
    assert [p.name for p in out.glob(".analysis*")] == []
    assert "interrupted" not in CliRunner().invoke(main, ["report", str(out), "--jobs", "1"]).output


def test_reading_a_folder_whose_first_run_was_killed_says_to_finish_the_run(submissions, tmp_path):
    """`mohinh report OUT` after the first run into OUT was killed said E310, "not the output folder of a `mohinh
    score` run ... if it holds the submissions, score them into another folder": its run is to be finished."""
    from analyzer.errors import MohinhError
    from analyzer.frames import load_results
    from analyzer.report import render_reports

    out, full = tmp_path / "OUT", tmp_path / "FULL"
    score_folder(submissions, full, config=Config(jobs=1), progress=False)
    _killed_run_left(out, (full / "analysis.jsonl").read_bytes().splitlines(keepends=True)[:4])
    for read in (render_reports, load_results):
        with pytest.raises(MohinhError, match=r"^E311: .*interrupted after 3 files, kept for the next run; run the same "
                                              r"`mohinh score IN --out .*OUT` command again"):
            read(out)
    assert len(list(out.glob(".analysis*"))) == 1
    assert score_folder(submissions, out, config=Config(jobs=1), progress=False).n_cached == 3
    render_reports(out)
