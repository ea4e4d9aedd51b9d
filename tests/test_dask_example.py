"""Beyond one machine: analyze_text is a pure, picklable function, and the Dask example
(examples/dask_parquet.py) scores a Parquet file on a local cluster of 2 worker processes
with the same results as analyze_text."""

from __future__ import annotations

import functools
import importlib.util
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "dask_parquet.py"


def _example():
    spec = importlib.util.spec_from_file_location("dask_parquet_example", EXAMPLE)
    module = sys.modules.get(spec.name) or importlib.util.module_from_spec(spec)
    if spec.name not in sys.modules:
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
    return module


def _texts() -> list[tuple[str, str]]:
    from analyzer.corpus import load_corpus

    docs = load_corpus()[:4]
    return [(d.id, d.text) for d in docs] + [
        ("short", "I. NÊU GƯƠNG\nBí thư chi bộ đăng ký 3 việc làm cụ thể trước 30/6/2024."),
        ("empty", "   "),  # an error row travels through Dask too
    ]


def test_analyze_text_and_result_pickle():
    from analyzer import analyze_text
    from analyzer.config import Config
    from analyzer.results import DocumentResult

    assert pickle.loads(pickle.dumps(analyze_text)) is analyze_text
    fn = pickle.loads(pickle.dumps(functools.partial(analyze_text, config=Config(rubric="2023"))))
    text = "Chi bộ tổ chức cho 100% đảng viên học tập chuyên đề trước ngày 30/6/2024.\nHọc tập Bác là việc thường xuyên."
    result = fn(text, doc_id="a")
    assert isinstance(result, DocumentResult) and result.ok
    copy = pickle.loads(pickle.dumps(result))
    assert copy == result and copy.sentences == result.sentences and copy.findings == result.findings
    assert analyze_text(text, doc_id="a", config=Config(rubric="2023")) == result  # pure: same input, same output


def test_dask_local_cluster_matches_analyze_text(tmp_path):
    pytest.importorskip("dask.dataframe")
    pytest.importorskip("distributed")
    import pandas as pd

    from analyzer import analyze_text

    texts = _texts()
    source, target = tmp_path / "texts.parquet", tmp_path / "scores.parquet"
    pd.DataFrame({"id": [i for i, _ in texts], "text": [t for _, t in texts]}).to_parquet(source, index=False)
    proc = subprocess.run([sys.executable, str(EXAMPLE), str(source), str(target), "--workers", "2", "--partitions", "3"],
                          capture_output=True, text=True, timeout=240, cwd=str(tmp_path))
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "6 texts, 5 ok, 1 errors" in proc.stdout
    got = pd.read_parquet(target)
    module = _example()
    expected = module.score_partition(pd.DataFrame({"id": [i for i, _ in texts], "text": [t for _, t in texts]}))
    assert list(got.columns) == module.COLUMNS
    pd.testing.assert_frame_equal(got.reset_index(drop=True), expected.reset_index(drop=True), check_dtype=False)
    for (doc_id, text), row in zip(texts, got.to_dict("records")):
        result = analyze_text(text, doc_id=doc_id)
        assert row["doc_id"] == doc_id and row["status"] == result.status
        if result.ok:
            assert row["score"] == result.score and row["grade"] == result.grade
            assert row["n_sentences"] == len(result.sentences) and row["content_hash"] == result.content_hash
            assert row["reasons"] == "; ".join(result.reasons)
        else:
            assert row["error"] == result.error


def test_map_partitions_in_process_scheduler(tmp_path):
    """The library form of the example (score_parquet + map_partitions) with the synchronous scheduler (no workers: checks the graph and the meta)."""
    pytest.importorskip("dask.dataframe")
    import dask
    import pandas as pd

    texts = _texts()[3:5]
    source = tmp_path / "texts.parquet"
    pd.DataFrame({"id": [i for i, _ in texts], "text": [t for _, t in texts]}).to_parquet(source, index=False)
    module = _example()
    with dask.config.set(scheduler="synchronous"):
        got = module.score_parquet(source).compute()
    expected = module.score_partition(pd.read_parquet(source))
    pd.testing.assert_frame_equal(got.reset_index(drop=True), expected.reset_index(drop=True), check_dtype=False)
