"""`mohinh evaluate --word`: documents written as Word files that number their own headings and lists."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from analyzer.cli import main
from analyzer.corpus import load_corpus
from analyzer.ingest.base import Limits
from analyzer.ingest.docx_numbering import format_number
from analyzer.ingest.docx_reader import read_docx
from analyzer.learn import evaluate as evaluation
from analyzer.learn.wordfile import split_marker, write_word


@pytest.mark.parametrize(("line", "expected"), [
    ("II. LÀM THEO BÁC", (("upperRoman", "%1."), 2, "LÀM THEO BÁC")),
    ("3. Tổ chức 4 buổi", (("decimal", "%1."), 3, "Tổ chức 4 buổi")),
    ("3) Tổ chức", (("decimal", "%1)"), 3, "Tổ chức")),
    ("1.2. Khảo sát", (("decimal", "1.%1."), 2, "Khảo sát")),
    ("2.1.4 Khảo sát", (("decimal", "2.1.%1"), 4, "Khảo sát")),
    ("c) Không để", (("lowerLetter", "%1)"), 3, "Không để")),
    ("- Mỗi đảng viên", (("bullet", "-"), 1, "Mỗi đảng viên")),
    ("• Mỗi đảng viên", (("bullet", "•"), 1, "Mỗi đảng viên")),
    ("đ) Không để", None),  # Word's letters skip "đ"
    ("IIII. Sai", None),
    ("2024. Năm", None),
    ("30/6/2024 hoàn thành", None),
    ("I.", None),
    ("Chi bộ có 8 đảng viên.", None),
])
def test_markers_word_can_number(line, expected):
    assert split_marker(line) == expected


def _read(text: str, tmp_path, separate: bool = False) -> tuple[str, str]:
    path = write_word(text, tmp_path / "w.docx", separate=separate)
    plain = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    return read_docx(path.read_bytes(), Limits()).text, plain


def test_the_markers_are_numbering_not_text(tmp_path):
    text = "I. HỌC TẬP BÁC\n1. Tổ chức 4 buổi.\n2. Viết thu hoạch.\nII. LÀM THEO BÁC\n1. Sửa 2 km đường.\n- Quý I\n" \
           "STT | Nội dung\n1 | Khảo sát\n2 | Sửa đường"
    read, plain = _read(text, tmp_path)
    assert read == text
    assert plain.split("\n")[:6] == ["HỌC TẬP BÁC", "Tổ chức 4 buổi.", "Viết thu hoạch.", "LÀM THEO BÁC",
                                     "Sửa 2 km đường.", "Quý I"]


_WORDS = st.sampled_from("Chi bộ đảng viên tổ chức học tập Bác năm 2024 hộ nghèo 31/31 100% quý II".split())
_PLAIN = st.lists(_WORDS, min_size=1, max_size=6).map(" ".join)


@st.composite
def _line(draw) -> str:
    kind = draw(st.sampled_from(["plain", "roman", "decimal", "prefixed", "letter", "bullet", "row", "blank"]))
    rest = draw(_PLAIN)
    n = draw(st.integers(1, 30))
    if kind == "roman":
        return f"{format_number(n, 'upperRoman')}. {rest}"
    if kind == "decimal":
        return f"{n}{draw(st.sampled_from('.)'))} {rest}"
    if kind == "prefixed":
        return f"{draw(st.integers(1, 9))}.{n}. {rest}"
    if kind == "letter":
        return f"{format_number(min(n, 26), 'lowerLetter')}) {rest}"
    if kind == "bullet":
        return f"{draw(st.sampled_from('-+•'))} {rest}"
    if kind == "row":
        first = str(n) if draw(st.booleans()) else rest
        return " | ".join([first] + draw(st.lists(_PLAIN, min_size=1, max_size=3)))
    return "" if kind == "blank" else rest


@settings(max_examples=60, deadline=None)
@given(st.lists(_line(), min_size=1, max_size=25), st.booleans())
def test_any_numbered_text_reads_back_as_written(tmp_path_factory, lines, separate):
    """Word counts the lists the writer made (restarts as overrides, or as lists of their own); the
    reader must count them the same way back."""
    text = "\n".join(lines)
    assert _read(text, tmp_path_factory.mktemp("w"), separate)[0] == text


@pytest.fixture(scope="module")
def dev_corpus(tmp_path_factory):
    """Three dev documents with numbered headings, lists and tables, as a corpus of their own."""
    root = tmp_path_factory.mktemp("corpus")
    (root / "docs").mkdir()
    numbered = [d for d in load_corpus("dev") if sum(split_marker(line) is not None for line in d.text.split("\n")) >= 5]
    for gold in numbered[:3]:
        shutil.copy(gold.path, root / "docs" / Path(gold.path).name)
    return root


def test_evaluate_word_reads_what_the_text_says(dev_corpus, tmp_path):
    result = CliRunner().invoke(main, ["evaluate", "--corpus", str(dev_corpus), "--split", "all", "--word", "--jobs", "1",
                                       "--out", str(tmp_path / "eval")])
    assert result.exit_code == 0, result.output
    assert "read back from Word files" in result.output
    word = json.loads((tmp_path / "eval" / "evaluate_all_word.json").read_text(encoding="utf-8"))
    text = json.loads(json.dumps(evaluation.evaluate("all", dev_corpus)))
    assert word["read_as"] == "word" and word["unread"] == [] and word["characters_aligned"] == 1.0
    assert word["analyzer"]["labels"] == text["analyzer"]["labels"]
    assert word["analyzer"]["sentence_boundary_exact"] == text["analyzer"]["sentence_boundary_exact"]


def test_evaluate_reads_back_one_way_at_a_time(dev_corpus):
    result = CliRunner().invoke(main, ["evaluate", "--corpus", str(dev_corpus), "--split", "all", "--word", "--scanned"])
    assert result.exit_code == 2 and "choose one" in result.output
    with pytest.raises(ValueError, match="read_as"):
        evaluation.evaluate("all", dev_corpus, read_as="fax")
