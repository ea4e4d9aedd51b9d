"""The library API: analyze_text / analyze_file / analyze_folder / to_frames."""

from __future__ import annotations

import dataclasses

import pytest

import analyzer
from analyzer.errors import IngestError


def test_analyze_text_returns_frozen_plain_data():
    result = analyzer.analyze_text("I. NÊU GƯƠNG\nBí thư chi bộ đăng ký 3 việc làm cụ thể, công khai trước 30/4/2024.")
    assert result.ok and result.score is not None and 1 <= result.grade <= 5
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.score = 1  # type: ignore[misc]
    body = result.sentences[-1]
    assert body.kind == "body" and "neu_guong" in body.labels and "action" in body.labels
    assert body.prob("neu_guong") > 0.5
    assert any(f.label == "slot:date" for f in result.findings)


def test_offsets_refer_to_normalized_text():
    raw = "Chi bo\u0302\u0323  tổ chức   học tập chuyên đề.\r\n"
    result = analyzer.analyze_text(raw)
    assert result.text == "Chi bộ tổ chức học tập chuyên đề."
    for s in result.sentences:
        assert result.text[s.start:s.end] == s.text
    for f in result.findings:
        assert 0 <= f.start < f.end <= len(result.text)


def test_empty_text_is_an_error_result():
    result = analyzer.analyze_text("  \n ")
    assert result.status == "error" and result.error.startswith("E101")


def test_analyze_file_missing_is_error_row(tmp_path):
    result = analyzer.analyze_file(tmp_path / "không có.docx")
    assert result.status == "error" and result.error[:4] in ("E105", "E109")


def test_analyze_folder_order_and_frames(tmp_path):
    (tmp_path / "b.txt").write_text("Chi bộ tổ chức 2 buổi sinh hoạt chuyên đề trong quý III/2024.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Đẩy mạnh học tập và làm theo Bác.", encoding="utf-8")
    (tmp_path / "c.bin").write_bytes(b"\x00\x01\x02" * 100)
    results = list(analyzer.analyze_folder(tmp_path, config=analyzer.Config(jobs=1)))
    assert [r.doc_id for r in results] == ["a.txt", "b.txt", "c.bin"]
    frames = analyzer.to_frames(results)
    # review order: the failed file first (someone must look at it), then the weakest
    assert list(frames.documents["doc_id"]) == ["c.bin", "a.txt", "b.txt"]
    assert frames.documents.set_index("doc_id").loc["c.bin", "status"] == "error"
    assert set(frames.sentences["doc_id"]) == {"a.txt", "b.txt"}
    assert {"label", "source", "evidence"} <= set(frames.findings.columns)


def test_analyze_folder_missing_raises(tmp_path):
    with pytest.raises(IngestError):
        list(analyzer.analyze_folder(tmp_path / "nope"))


def test_findings_explain_themselves():
    result = analyzer.analyze_text("Phải thực sự gương mẫu, tạo chuyển biến mạnh mẽ trong nhận thức và hành động.")
    reasons = [f for f in result.findings if f.label.startswith("slogan_reason:")]
    assert reasons and all(f.message and f.source.startswith("rule:") for f in reasons)
    assert any("sáo rỗng" in f.message for f in reasons)
    assert result.sentences[0].reasons


def test_two_files_whose_names_print_alike_keep_rows_of_their_own(tmp_path):
    """An undecodable byte is written "\\xe1"; a file may be named with those very characters."""
    import os

    from analyzer.api import iter_files

    (tmp_path / "b\\xe1o.txt").write_text("Chi bộ họp.", encoding="utf-8")
    with open(os.path.join(os.fsencode(tmp_path), b"b\xe1o.txt"), "wb") as handle:
        handle.write("Chi bộ học tập.".encode())
    ids = [doc_id for _, doc_id in iter_files(tmp_path)]
    assert len(ids) == 2 and len(set(ids)) == 2


def test_analyze_folder_on_a_file_says_it_is_not_a_folder(tmp_path):
    import pytest

    from analyzer.api import analyze_folder
    from analyzer.errors import IngestError

    (tmp_path / "a.txt").write_text("Chi bộ họp.", encoding="utf-8")
    with pytest.raises(IngestError) as err:
        next(analyze_folder(tmp_path / "a.txt"))
    assert err.value.code == "E306" and "not a folder" in str(err.value)


def test_a_caller_s_string_is_read_as_a_file_s_text_is():
    """analyze_text converts a legacy font encoding and warns of a text typed without diacritics or in
    capitals, as analyze_file does for a file."""
    import analyzer

    tcvn3 = analyzer.analyze_text("§¶ng ñy x· Thñy §«ng tæ chøc cho 100% ®¶ng viªn häc tËp chuyªn ®Ò tr\xadíc 30/6/2025.")
    assert tcvn3.text.startswith("Đảng ủy xã Thủy Đông tổ chức") and tcvn3.encoding == "tcvn3"
    assert [w[:4] for w in tcvn3.warnings] == ["W101"]
    plain = analyzer.analyze_text("Chi bo to chuc cho 100% dang vien hoc tap chuyen de truoc 30/6/2025. Moi dang vien viet thu hoach.")
    assert [w[:4] for w in plain.warnings] == ["W112"]
    shouted = analyzer.analyze_text("I. HỌC TẬP BÁC\n" + "\n".join(
        f"CHI BỘ TỔ CHỨC CHO 100% ĐẢNG VIÊN HỌC TẬP CHUYÊN ĐỀ {k} TRƯỚC NGÀY 30/6/2025." for k in range(1, 13)))
    assert [w[:4] for w in shouted.warnings] == ["W118"]
    assert shouted.sentences[-1].kind == "body"  # a sentence in capitals closed by a full stop is no heading


def test_renamed_twins_never_take_a_name_another_file_has(tmp_path):
    """"b\\xe1o.txt" from undecodable bytes, the same characters typed, and "b\\xe1o.txt (2)" typed: three ids."""
    import os

    from analyzer.api import iter_files

    os.mkdir(os.fsencode(tmp_path / "in"))
    for name in (b"b\xe1o.txt", b"b\\xe1o.txt", b"b\\xe1o.txt (2)"):
        with open(os.path.join(os.fsencode(tmp_path / "in"), name), "w", encoding="utf-8") as handle:
            handle.write("Chi bộ họp.")
    ids = [doc_id for _, doc_id in iter_files(tmp_path / "in")]
    assert len(ids) == len(set(ids)) == 3


def test_invisible_format_characters_of_a_file_name_are_shown_as_escapes():
    from analyzer.api import printable_id

    assert printable_id("Ho_so_\u202excod.txt") == "Ho_so_\\u202excod.txt"
    assert printable_id("Chi\u200b bộ.docx") == "Chi\\u200b bộ.docx"
    assert printable_id("Chi bộ ấp 3.docx") == "Chi bộ ấp 3.docx"


def test_library_calls_that_go_wrong_say_what_to_do(tmp_path):
    import analyzer
    from analyzer.errors import MohinhError

    assert analyzer.analyze_file(tmp_path).error.startswith("E109") and "analyze_folder()" in analyzer.analyze_file(tmp_path).error
    with pytest.raises(TypeError, match="decode the bytes first"):
        analyzer.analyze_text(b"Chi b\xe1\xbb\x99")
    single = analyzer.analyze_text("Chi bộ tổ chức 02 buổi sinh hoạt chuyên đề.", doc_id="a.txt")
    assert list(analyzer.to_frames(single).documents["doc_id"]) == ["a.txt"]  # one result is a batch of one
    with pytest.raises(MohinhError, match="E303.*mohinh score"):
        analyzer.load_results(tmp_path / "chua_cham")


@pytest.mark.parametrize(("name", "said"), [("README.md", "must be YAML"), ("2024.0", "a year (2023, 2024)"),
                                            ("khong_co.yaml", "no such rubric")])
def test_a_wrong_rubric_is_named_as_given(name, said):
    from analyzer.errors import DataFileError
    from analyzer.rubrics import load_rubric

    with pytest.raises(DataFileError) as error:
        load_rubric(name)
    assert str(error.value).startswith(f"E301: {name}: ") and said in str(error.value)


def test_to_frames_lists_documents_in_review_order_as_load_results_does():
    import analyzer

    strong = analyzer.analyze_text("I. NỘI DUNG\n1. Học tập Bác\nChi bộ tổ chức 02 buổi sinh hoạt chuyên đề trước "
                                   "30/6/2025.\n2. Làm theo Bác\nMỗi đảng viên giúp đỡ 01 hộ khó khăn trong quý III/2025.",
                                   doc_id="a_manh.txt")
    weak = analyzer.analyze_text("Chi bộ tiếp tục đẩy mạnh học tập và làm theo Bác.", doc_id="b_yeu.txt")
    documents = analyzer.to_frames([strong, weak]).documents
    assert list(documents["doc_id"]) == ["b_yeu.txt", "a_manh.txt"] and list(documents["priority"]) == [1, 2]


def test_to_frames_refuses_results_that_share_a_doc_id():
    import analyzer

    # analyze_text's default doc_id is "text": three calls without doc_id= used to get one priority (3, 3, 3)
    # and sentences that could not be told apart when merged with their documents
    results = [analyzer.analyze_text(text) for text in ("Chi bộ có 15 đảng viên.",
                                                        "Chi bộ tổ chức cho 100% đảng viên học tập chuyên đề trước 30/6/2024.",
                                                        "Đẩy mạnh học tập và làm theo Bác.")]
    with pytest.raises(ValueError, match=r"doc_id 'text' names 3 of the results.*doc_id="):
        analyzer.to_frames(results)
    renamed = [dataclasses.replace(r, doc_id=f"{k}.txt") for k, r in enumerate(results)]
    assert sorted(analyzer.to_frames(renamed).documents["priority"]) == [1, 2, 3]


def test_to_frames_given_a_folder_says_to_read_it_with_load_results(tmp_path):
    import analyzer

    with pytest.raises(TypeError, match=r"load_results\(\).*analyze_folder\("):
        analyzer.to_frames(str(tmp_path))


def test_analyze_folder_says_a_wrong_folder_is_wrong_at_the_call(tmp_path):
    import analyzer

    # a generator raised only when first iterated: `results = analyze_folder("HoSo_2024")` with a typo passed,
    # and the error came from a later cell (list(results), to_frames(results)), far from the mistake
    with pytest.raises(IngestError, match="^E303: "):
        analyzer.analyze_folder(tmp_path / "khong_co")
    (tmp_path / "a.txt").write_text("Chi bộ có 15 đảng viên.", encoding="utf-8")
    with pytest.raises(IngestError, match=r"^E306: .*analyze_file\(\)"):
        analyzer.analyze_folder(tmp_path / "a.txt")
    assert [r.doc_id for r in analyzer.analyze_folder(tmp_path, config=analyzer.Config(jobs=1))] == ["a.txt"]
