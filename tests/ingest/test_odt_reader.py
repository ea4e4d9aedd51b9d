""".odt (odfpy): headings, paragraphs and table rows."""

import pytest

from analyzer.errors import IngestError
from analyzer.ingest import read_document
from conftest import SENTENCE, make_odt, rewrite_zip

ROWS = [["Học tập Bác", "Mỗi tháng một buổi sinh hoạt chuyên đề", "Quý I"], ["Nêu gương", "", "Bí thư chi bộ"]]


def test_paragraphs_and_table_rows(tmp_path):
    doc = read_document(make_odt(tmp_path / "dang_ky.odt", ["I. NỘI DUNG", SENTENCE], ROWS))
    assert doc.text.splitlines() == [
        "I. NỘI DUNG",
        "Học tập Bác | Mỗi tháng một buổi sinh hoạt chuyên đề | Quý I",
        "Nêu gương | Bí thư chi bộ",
        SENTENCE,
    ]
    assert doc.fmt == "odt"


def test_odt_zip_bomb(tmp_path):
    data = make_odt(tmp_path / "ok.odt", ["I. NỘI DUNG"], ROWS).read_bytes()
    (tmp_path / "bomb.odt").write_bytes(rewrite_zip(data, {"Pictures/zeros.bin": bytes(3_000_000)}))
    with pytest.raises(IngestError) as error:
        read_document(tmp_path / "bomb.odt", max_unpacked=1_000_000)
    assert error.value.code == "E108"


def test_truncated_odt(tmp_path):
    data = make_odt(tmp_path / "ok.odt", ["I. NỘI DUNG"] + [SENTENCE] * 30, ROWS).read_bytes()
    (tmp_path / "cut.odt").write_bytes(data[: len(data) // 2])
    with pytest.raises(IngestError) as error:
        read_document(tmp_path / "cut.odt")
    assert error.value.code == "E104"
