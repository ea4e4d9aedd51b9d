"""`mohinh evaluate --markers`: the corpus read with its list markers written in another style."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from analyzer.cli import main
from analyzer.corpus import MARKER_STYLES, load_corpus, restyle_markers, restyled
from analyzer.learn import evaluate as evaluation

# line: as written in the styles bullet, plus, swap, none ("=" keeps the line as it is)
TABLE = [
    ("I. HỌC TẬP BÁC", "=", "=", "=", "="),
    ("1. Tình hình chi bộ", "=", "=", "1) Tình hình chi bộ", "="),
    ("1.2. Khảo sát 40 hộ", "=", "=", "=", "="),
    ("a) Vận động 40 hộ hiến đất.", "=", "=", "a. Vận động 40 hộ hiến đất.", "Vận động 40 hộ hiến đất."),
    ("b. Sửa 2 km đường.", "=", "=", "b) Sửa 2 km đường.", "Sửa 2 km đường."),
    ("- Quý I: khảo sát.", "• Quý I: khảo sát.", "+ Quý I: khảo sát.", "=", "Quý I: khảo sát."),
    ("+ Quý II: sửa đường.", "• Quý II: sửa đường.", "=", "=", "Quý II: sửa đường."),
    ("• Quý III: nghiệm thu.", "=", "+ Quý III: nghiệm thu.", "=", "Quý III: nghiệm thu."),
    ("  - Mỗi đảng viên 5 hộ.", "  • Mỗi đảng viên 5 hộ.", "  + Mỗi đảng viên 5 hộ.", "=", "  Mỗi đảng viên 5 hộ."),
    # no marker, a year, a date, a negative figure, a table row, an empty bullet
    *((line, "=", "=", "=", "=") for line in ("2024. Năm bản lề", "30/6/2024 hoàn thành", "-5% so với năm 2023",
                                               "Chi bộ có 8 đảng viên.", "STT | Nội dung", "- ")),
]


@pytest.mark.parametrize("row", TABLE, ids=[row[0] for row in TABLE])
def test_restyle_markers(row):
    line, *expected = row
    assert [restyle_markers(line, style) for style in MARKER_STYLES] == [line if e == "=" else e for e in expected]


def test_an_unknown_style_is_refused():
    with pytest.raises(ValueError, match="marker style"):
        restyle_markers("- Quý I", "roman")


@pytest.fixture(scope="module")
def marked_corpus(tmp_path_factory):
    """Two dev documents with bullets and lettered items, as a corpus of their own."""
    root = tmp_path_factory.mktemp("corpus")
    (root / "docs").mkdir()
    marked = [d for d in load_corpus("dev") if re.search(r"^- ", d.text, re.M) and re.search(r"^[a-z]\) ", d.text, re.M)]
    for gold in marked[:2]:
        shutil.copy(gold.path, root / "docs" / Path(gold.path).name)
    return root


@pytest.mark.parametrize("style", list(MARKER_STYLES))
def test_restyled_documents_keep_their_labels_and_sentences(marked_corpus, style):
    for doc in load_corpus(None, marked_corpus):
        other = restyled(doc, style)
        assert [s.labels for s in other.sentences] == [s.labels for s in doc.sentences]
        assert other.text != doc.text and other.grade == doc.grade and other.exemplar_names == doc.exemplar_names
        changed = [(a.text, b.text) for a, b in zip(doc.sentences, other.sentences) if a.text != b.text]
        assert changed and all(restyle_markers(a, style) == b for a, b in changed)


def test_evaluate_markers(marked_corpus, tmp_path):
    result = CliRunner().invoke(main, ["evaluate", "--corpus", str(marked_corpus), "--split", "all", "--markers", "bullet",
                                       "--out", str(tmp_path / "eval")])
    assert result.exit_code == 0, result.output
    assert "list markers restyled (bullet: every bullet (-, +, *, –) written •)" in result.output
    report = json.loads((tmp_path / "eval" / "evaluate_all_markers-bullet.json").read_text(encoding="utf-8"))
    plain = evaluation.evaluate("all", marked_corpus)
    assert report["markers"] == "bullet" and "slots" not in report and "markers" not in plain
    assert report["documents"] == plain["documents"] == 2 and report["sentences"] == plain["sentences"]
    assert {label: m["support"] for label, m in report["analyzer"]["labels"].items()} == \
        {label: m["support"] for label, m in plain["analyzer"]["labels"].items()}
