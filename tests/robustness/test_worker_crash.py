"""A worker process that dies (out-of-memory killer, a crash in native code) costs one row, not the batch.

With ``multiprocessing.Pool`` the batch used to wait forever for the dead worker's result.
"""

from __future__ import annotations

import os
import signal
from contextlib import contextmanager

import pytest

from analyzer.api import parallel_map
from analyzer.batch import score_folder
from analyzer.config import Config
from conftest import SENTENCE, read_csv


@contextmanager
def _deadline(seconds: int):
    """Fail instead of hanging the suite if the pool waits for a dead worker again."""
    def expired(*_):  # type: ignore[no-untyped-def]
        raise TimeoutError(f"still waiting after {seconds} s: a dead worker hangs the pool")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _square_or_die(item: int) -> int:
    if item in (3, 7):
        os.kill(os.getpid(), signal.SIGKILL)  # as the out-of-memory killer does
    return item * item


def test_parallel_map_replaces_what_a_dead_worker_held():
    with _deadline(120):
        results = list(parallel_map(_square_or_die, list(range(12)), 2, warm=None, on_crash=lambda item: -item))
    assert results == [0, 1, 4, -3, 16, 25, 36, -7, 64, 81, 100, 121]


def test_without_a_stand_in_the_dead_item_is_an_error_not_a_hang():
    with _deadline(120), pytest.raises(RuntimeError, match="worker process died"):
        list(parallel_map(_square_or_die, list(range(6)), 2, warm=None))


_KILLED = "tệp làm chết tiến trình.txt"


def _run_or_die(job):  # type: ignore[no-untyped-def]
    import analyzer.batch

    if job.doc_id == _KILLED:
        os.kill(os.getpid(), signal.SIGKILL)
    return analyzer.batch._run_original(job)


def test_a_batch_goes_on_when_a_file_kills_its_worker(tmp_path, monkeypatch):
    import analyzer.batch

    src = tmp_path / "in"
    src.mkdir()
    names = [f"hồ sơ {k}.txt" for k in range(5)] + [_KILLED]
    for name in names:
        (src / name).write_text(f"{SENTENCE}.\nBí thư chi bộ gương mẫu đi đầu.\n", encoding="utf-8")
    monkeypatch.setattr(analyzer.batch, "_run_original", analyzer.batch._run, raising=False)
    monkeypatch.setattr(analyzer.batch, "_run", _run_or_die)
    with _deadline(240):
        summary = score_folder(src, tmp_path / "out", config=Config(jobs=2), progress=False)
    rows = {row["doc_id"]: row for row in read_csv(tmp_path / "out" / "documents.csv")}
    assert sorted(rows) == sorted(names) and summary.n_errors == 1
    assert rows[_KILLED]["status"] == "error" and rows[_KILLED]["error"].startswith("E113: ")
    assert all(rows[name]["status"] == "ok" for name in names if name != _KILLED)
