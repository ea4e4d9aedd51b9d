""".doc (legacy-doc, pure Python) on files made by LibreOffice from Vietnamese .docx files."""

from pathlib import Path

import pytest

from analyzer.errors import IngestError
from analyzer.ingest import read_document
from conftest import DATA, SENTENCE

CORPUS_SAMPLES = sorted((Path(__file__).parents[2] / "corpora" / "samples").glob("*.doc"))


def test_sample_doc_paragraphs_and_tables():
    doc = read_document(DATA / "sample.doc")
    assert doc.text.splitlines() == [
        "ĐẢNG BỘ XÃ THỦY ĐÔNG | ĐẢNG CỘNG SẢN VIỆT NAM",
        "CHI BỘ TRƯỜNG THCS THỦY ĐÔNG | Thủy Đông, ngày 15 tháng 3 năm 2024",
        "ĐĂNG KÝ MÔ HÌNH HỌC TẬP VÀ LÀM THEO TƯ TƯỞNG, ĐẠO ĐỨC, PHONG CÁCH HỒ CHÍ MINH NĂM 2024",
        SENTENCE,
        "I. NỘI DUNG",
        "Học tập Bác | Mỗi tháng một buổi sinh hoạt chuyên đề | Quý I",
        "Nêu gương | Bí thư chi bộ gương mẫu đi đầu | Cả năm",
        "Nơi nhận: Đảng ủy xã, lưu chi bộ.",
    ]
    assert (doc.fmt, doc.encoding) == ("doc", None)


def test_tcvn3_doc_is_converted_including_the_soft_hyphen_u():
    doc = read_document(DATA / "sample_tcvn3.doc")
    assert doc.text.splitlines() == ["Đảng ủy xã Thủy Đông", SENTENCE]
    assert doc.encoding == "tcvn3"


@pytest.mark.skipif(not CORPUS_SAMPLES, reason="no .doc sample in corpora/samples/")
@pytest.mark.parametrize("path", CORPUS_SAMPLES, ids=[p.name for p in CORPUS_SAMPLES])
def test_corpus_samples_read(path):
    assert read_document(path).text


def test_damaged_doc(tmp_path):
    data = (DATA / "sample.doc").read_bytes()
    (tmp_path / "hong.doc").write_bytes(data[:1536])
    with pytest.raises(IngestError) as error:
        read_document(tmp_path / "hong.doc")
    assert error.value.code == "E104"


def test_footnotes_and_running_headers_are_not_read_as_the_document():
    """Like the .docx reader: the main text only (footnotes, headers and footers follow it in the stream)."""
    text = read_document(DATA / "notes_headers.doc").text
    assert text.rstrip().endswith("Trần Văn Minh")  # the signature, last of the body
    assert "thông qua ngày 15/8/2022" not in text and "Trang 3/3" not in text
    assert text.count("Bản đăng ký mô hình năm 2024") == 0
    assert "III. LỘ TRÌNH THỰC HIỆN" in text.splitlines()


def test_a_cell_of_several_lines_stays_in_its_row():
    """A header cell "CHI BỘ …" over "*" (a line break in the cell), a signature cell of three paragraphs."""
    lines = read_document(DATA / "notes_headers.doc").text.splitlines()
    assert lines[1] == "CHI BỘ TRƯỜNG THCS LÊ LỢI *"
    assert lines[-1] == "Nơi nhận: - Đảng ủy xã (để b/c); - Lưu chi bộ. | T/M CHI BỘ BÍ THƯ Trần Văn Minh"


@pytest.mark.parametrize("name", ["tracked.doc", "tracked.rtf"])
def test_text_deleted_with_track_changes_is_not_read(name):
    """Word keeps a tracked deletion in the file: "Chi bộ có 2528 đảng viên" was read for "28"."""
    lines = read_document(DATA / name).text.split("\n")
    assert "Chi bộ có 28 đảng viên, trong đó 6 đảng viên được miễn sinh hoạt; 100% đảng viên đã học tập " \
           "chuyên đề năm 2024 và viết bản thu hoạch." in lines


def test_a_list_item_deleted_with_track_changes_is_neither_read_nor_counted():
    lines = read_document(DATA / "tracked_item.doc").text.split("\n")
    assert not any("Việc đăng ký làm theo" in line for line in lines)
    assert "a) Tuyến đường liên ấp dài 1,2 km còn 214 m chưa có đèn chiếu sáng; 3 hộ nghèo chưa có nhà vệ sinh " \
           "hợp vệ sinh." in lines
