"""Report fixtures: the scored samples rendered once, and a small batch with hostile input and a broken file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

HOSTILE_NAME = "<img src=x onerror=alert(1)>.txt"
HOSTILE_TEXT = """CHI BỘ THÔN AN PHÚ
BẢN ĐĂNG KÝ
Mô hình "<b>Thôn sạch</b> <script>alert(1)</script>"
I. HỌC TẬP
<script>alert("xss")</script> Chi bộ tổ chức cho 100% đảng viên học tập chuyên đề năm 2024 trước ngày 30/6/2024.
II. LÀM THEO
=HYPERLINK("http://x.invalid","bấm") Chi bộ vận động 45 hộ dân làm 2 km đường hoa trong quý III/2024.
+84 Chi bộ luôn phát huy tinh thần trách nhiệm, nêu cao ý thức.
- Đồng chí Bí thư chi bộ phụ trách, báo cáo kết quả hằng tháng tại sinh hoạt chi bộ.
@tag <i>Luôn</i> gương mẫu, đi đầu trong mọi công việc.
"""


@pytest.fixture(scope="session")
def rendered_samples(scored_samples, tmp_path_factory) -> Path:
    """A copy of the scored samples with its reports rendered (the shared fixture stays untouched)."""
    from analyzer.report import render_reports

    out = tmp_path_factory.mktemp("report") / "samples"
    shutil.copytree(scored_samples, out)
    render_reports(out)
    return out


@pytest.fixture(scope="session")
def hostile_batch(tmp_path_factory) -> Path:
    """A scored folder with script tags, formula-like lines, an HTML file name and a broken .docx."""
    from analyzer.batch import score_folder
    from analyzer.config import Config
    from analyzer.report import render_reports

    root = tmp_path_factory.mktemp("hostile")
    src, out = root / "in", root / "out"
    src.mkdir()
    (src / HOSTILE_NAME).write_text(HOSTILE_TEXT, encoding="utf-8")
    (src / "=cmd|' -C calc'!A0.txt").write_text("Chi bộ tổ chức 3 buổi sinh hoạt chuyên đề trong năm 2024.\n",
                                                 encoding="utf-8")
    (src / "hỏng.docx").write_bytes(b"PK\x03\x04 not really a zip")
    score_folder(src, out, config=Config(jobs=1), progress=False)
    render_reports(out)
    return out


@pytest.fixture(scope="session")
def hostile() -> tuple[str, str]:
    """(file name, text) of a submission full of markup and formula-like lines."""
    return HOSTILE_NAME, HOSTILE_TEXT


ARTIFACTS_KEY = pytest.StashKey[list]()


def pytest_configure(config):
    config.stash[ARTIFACTS_KEY] = []


@pytest.fixture
def artifact(request):
    """Remember a file a test saved, to list it at the end of the run."""
    return request.config.stash[ARTIFACTS_KEY].append


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    saved = config.stash.get(ARTIFACTS_KEY, [])
    if saved:
        terminalreporter.write_sep("-", "report screenshots")
        for path in saved:
            terminalreporter.write_line(str(path))
