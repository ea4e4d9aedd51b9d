"""Smoke test of the benchmark command (the benchmark itself is never run by the test suite)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_benchmark_runs_on_a_tiny_corpus(tmp_path):
    results = tmp_path / "results.json"
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--docs", "20", "--flat", "4,8", "--work", str(tmp_path / "work"),
         "--results", str(results), "--first-repeats", "1"],
        capture_output=True, text=True, timeout=300, cwd=str(ROOT),
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    for heading in ("THROUGHPUT", "STAGES", "PEAK RSS", "IMPORT TO FIRST RESULT", "CACHE", "TARGETS"):
        assert heading in proc.stdout
    res = json.loads(results.read_text(encoding="utf-8"))
    assert res["corpus"]["documents"] == 20 and res["corpus"]["docx"] >= 1
    assert all(v > 0 for v in res["throughput_chars_per_s"].values())
    assert res["cache"]["unchanged_cached"] == res["cache"]["files"] == 20
    assert res["cache"]["one_changed_reanalysed"] == 1
    stages = res["stages_s"]["score --jobs 1"]
    assert stages["tokenize: words (regex + CRF)"] > 0 and stages["write"] > 0 and stages["report (HTML + XLSX)"] > 0
    assert res["stages_s"]["score --jobs 2 (parent)"]["parent: waiting for workers"] > 0
    assert 0 < res["peak_rss_mb"]["score --jobs 1"] < 1536
