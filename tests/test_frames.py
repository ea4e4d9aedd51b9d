"""analyzer.frames: stable columns and dtypes, OUT folders read back, one document shown inline."""

from __future__ import annotations

import pandas as pd
import pytest

import analyzer
from analyzer.frames import (DOCUMENT_DTYPES, FINDING_DTYPES, SENTENCE_DTYPES, documents_frame, findings_frame,
                             load_analysis, load_results, sentences_frame, show_document, typed_frame)
from analyzer.output import DOCUMENT_COLUMNS, FINDING_COLUMNS, SENTENCE_COLUMNS
from analyzer.results import DocumentResult, Sentence

TEXT = ("I. LÀM THEO BÁC\n"
        "Chi bộ tổ chức 2 buổi tọa đàm <Bác Hồ với thanh niên> & giao lưu trong quý III/2024.\n"
        "Đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh.")


@pytest.fixture(scope="module")
def frames() -> analyzer.Frames:
    results = [analyzer.analyze_text(TEXT, doc_id="chi_bo_ap_3.txt"),
               DocumentResult("hong.pdf", status="error", error="E104: tệp PDF bị hỏng", fmt="pdf")]
    return analyzer.to_frames(results)


def dtypes(frame: pd.DataFrame) -> dict[str, str]:
    return {c: str(t) for c, t in frame.dtypes.items()}


@pytest.mark.parametrize("name, schema, columns", [
    ("documents", DOCUMENT_DTYPES, DOCUMENT_COLUMNS),
    ("sentences", SENTENCE_DTYPES, SENTENCE_COLUMNS),
    ("findings", FINDING_DTYPES, FINDING_COLUMNS),
])
def test_columns_and_dtypes_follow_the_schema(frames, name, schema, columns):
    frame = getattr(frames, name)
    assert list(frame.columns) == columns == list(schema)
    assert dtypes(frame) == schema


@pytest.mark.parametrize("frame, column, dtype", [
    ("documents", "score", "float64"),
    ("documents", "slogan_index", "float64"),
    ("documents", "grade", "Int64"),
    ("documents", "priority", "Int64"),
    ("documents", "hoc_tap_concrete", "Int64"),
    ("documents", "n_actions", "Int64"),
    ("documents", "status", "category"),
    ("documents", "reasons", "string"),
    ("sentences", "text", "string"),
    ("sentences", "kind", "category"),
    ("sentences", "action", "Int64"),
    ("sentences", "p_slogan", "float64"),
    ("findings", "label", "category"),
    ("findings", "score", "float64"),
    ("findings", "evidence", "string"),
])
def test_key_columns_have_their_dtype(frames, frame, column, dtype):
    assert str(getattr(frames, frame)[column].dtype) == dtype


def test_failed_document_has_missing_numbers_not_blanks(frames):
    failed = frames.documents.set_index("doc_id").loc["hong.pdf"]
    assert failed["status"] == "error" and failed["priority"] == 1
    assert pd.isna(failed["score"]) and failed["grade"] is pd.NA and failed["n_sentences"] is pd.NA
    assert failed["reasons"] == "" and failed["error"].startswith("E104")


def test_sentence_labels_and_text_are_typed(frames):
    sents = frames.sentences
    assert list(sents["kind"].cat.categories[:6]) == ["header", "heading", "body", "table_row", "signature", "table_header"]
    action = sents[sents["text"].str.contains("tọa đàm", regex=False)].iloc[0]
    assert action["action"] == 1 and action["slogan"] == 0 and action["p_action"] > 0.5
    assert frames.documents["grade"].mean() >= 1  # Int64 arithmetic skips <NA>


def test_slogan_index_is_missing_without_actions_or_slogans(tmp_path):
    """0 ÷ 0 is no ratio: NaN in the frame, blank in documents.csv (0 would read as wholly concrete)."""
    from analyzer.output import document_row, write_csv

    text = "Chi bộ thôn A."
    bare = DocumentResult("x.txt", text=text, sentences=(Sentence(0, 0, len(text), text, "", "body"),), score=0.0, grade=1)
    docs = documents_frame([bare])
    assert pd.isna(docs.loc[0, "slogan_index"]) and docs.loc[0, "n_actions"] == 0 == docs.loc[0, "n_slogans"]
    write_csv(tmp_path / "documents.csv", DOCUMENT_COLUMNS, [document_row(bare, 1)])
    row = pd.read_csv(tmp_path / "documents.csv", dtype=str, keep_default_na=False).iloc[0]
    assert row["slogan_index"] == ""


def test_two_batches_concatenate_without_losing_their_categories():
    """format, label and source have the same categories in every batch, as status and kind do."""
    from analyzer.results import Finding

    first = [DocumentResult("a.docx", fmt="docx", score=50.0, grade=3, findings=(
        Finding("slot:date", 0, 5, 1.0, "rule:slot.date", "Thời hạn, thời điểm", "2024", 0),))]
    second = [DocumentResult("b.pdf", fmt="pdf", score=40.0, grade=2, findings=(
        Finding("slogan_reason:stock_phrase", 0, 9, 0.9, "rule:slogan.stock_phrase", "Cụm từ sáo rỗng", "", 0),
        Finding("action", 0, 9, 0.8, "model:sentences.v1", "Hành động", "", 0)))]
    docs = pd.concat([documents_frame(first), documents_frame(second)], ignore_index=True)
    assert str(docs["format"].dtype) == "category" and docs["format"].tolist() == ["docx", "pdf"]
    found = pd.concat([findings_frame(first), findings_frame(second)], ignore_index=True)
    assert str(found["label"].dtype) == "category" == str(found["source"].dtype)
    assert found["source"].tolist() == ["rule:slot.date", "rule:slogan.stock_phrase", "model:sentences.v1"]


def test_every_format_a_reader_gives_is_a_known_category():
    from analyzer.frames import known_categories
    from analyzer.ingest.core import READERS

    assert set(READERS) <= set(known_categories()["format"])


def test_status_categories_exist_in_a_clean_batch():
    docs = documents_frame([DocumentResult("a.txt", score=50.0, grade=3)])
    assert docs["status"].value_counts().to_dict() == {"ok": 1, "error": 0}


def test_empty_results_give_typed_empty_frames():
    for build, schema in ((documents_frame, DOCUMENT_DTYPES), (sentences_frame, SENTENCE_DTYPES),
                          (findings_frame, FINDING_DTYPES)):
        frame = build([])
        assert frame.empty and dtypes(frame) == schema


def test_typed_frame_keeps_unknown_columns_as_text():
    frame = typed_frame([{"doc_id": "a.txt", "grade": "", "ghi_chu": 7}], {"doc_id": "string", "grade": "Int64"})
    assert list(frame.columns) == ["doc_id", "grade", "ghi_chu"]
    assert frame.loc[0, "grade"] is pd.NA and frame.loc[0, "ghi_chu"] == "7"


def test_load_results_round_trips_a_scored_folder(scored_samples):
    loaded = load_results(scored_samples)
    rebuilt = analyzer.to_frames(load_analysis(scored_samples))
    assert len(loaded.documents) == len(list(load_analysis(scored_samples))) > 0
    assert list(loaded.documents["priority"]) == sorted(loaded.documents["priority"])
    pd.testing.assert_frame_equal(loaded.documents.sort_values("doc_id").reset_index(drop=True),
                                  rebuilt.documents.sort_values("doc_id").reset_index(drop=True))
    pd.testing.assert_frame_equal(loaded.sentences, rebuilt.sentences)
    pd.testing.assert_frame_equal(loaded.findings, rebuilt.findings)
    for frame, schema in zip(loaded, (DOCUMENT_DTYPES, SENTENCE_DTYPES, FINDING_DTYPES)):
        assert dtypes(frame) == schema


def test_load_results_text_equals_the_document_slice(scored_samples):
    texts = {r.doc_id: r.text for r in load_analysis(scored_samples)}
    sents = load_results(scored_samples).sentences
    assert all(texts[row.doc_id][row.start:row.end] == row.text for row in sents.itertuples())


def test_show_document_renders_escaped_text(frames):
    from IPython.display import HTML

    result = analyzer.analyze_text(TEXT, doc_id="chi_bo_ap_3.txt")
    shown = show_document(result, priority=2)
    assert isinstance(shown, HTML)
    assert "&lt;Bác Hồ với thanh niên&gt;" in shown.data and "&amp; giao lưu" in shown.data
    assert "<Bác Hồ" not in shown.data
    assert shown.data.lstrip().startswith("<div")  # a fragment, not a whole page
    assert "<html" not in shown.data.lower()


def test_public_api_is_exported():
    for name in ("documents_frame", "sentences_frame", "findings_frame", "load_results", "load_analysis",
                 "show_document"):
        assert name in analyzer.__all__ and callable(getattr(analyzer, name))


def test_load_analysis_gives_each_result_its_batch_priority(scored_samples):
    ranked = load_results(scored_samples).documents.set_index("doc_id")["priority"]
    results = list(load_analysis(scored_samples))
    assert {r.doc_id: r.priority for r in results} == ranked.to_dict()
    first = next(r for r in results if r.priority == 1)
    assert "Thứ tự ưu tiên thẩm định: <strong>1</strong>" in show_document(first).data  # as on its report page


def test_load_analysis_of_a_wrong_folder_says_so_when_called(tmp_path, samples_dir):
    from analyzer.errors import MohinhError

    with pytest.raises(MohinhError, match=r"^E303: .*chua_cham.*mohinh score.*does not exist"):
        load_analysis(tmp_path / "chua_cham")  # before the first result is asked for
    with pytest.raises(MohinhError, match=r"^E310: .*samples.*score them into another folder.*mohinh score"):
        load_analysis(samples_dir)


@pytest.mark.parametrize("given", ["submissions", "table"])
def test_load_results_of_a_wrong_folder_gives_advice_that_works(scored_samples, samples_dir, given):
    from analyzer.errors import MohinhError

    path = samples_dir if given == "submissions" else scored_samples / "documents.csv"
    with pytest.raises(MohinhError) as error:
        load_results(path)
    message = str(error.value)
    assert message.startswith("E310: ")
    assert f"--out {samples_dir}" not in message  # that is refused (E307): results never go into the submissions
    assert "documents.csv/documents.csv" not in message
    if given == "table":
        assert f"load_results('{scored_samples}')" in message


def test_load_analysis_of_a_damaged_file_names_the_line(scored_samples, tmp_path):
    from analyzer.errors import DataFileError

    lines = (scored_samples / "analysis.jsonl").read_bytes().splitlines(keepends=True)
    (tmp_path / "analysis.jsonl").write_bytes(lines[0] + lines[1][:500])  # cut short while written
    with pytest.raises(DataFileError, match=r"^E305: .*analysis.jsonl is damaged at line 2"):
        list(load_analysis(tmp_path))


def test_a_result_shows_itself_in_jupyter_as_its_report_page():
    result = analyzer.analyze_text(TEXT, doc_id="chi_bo_ap_3.txt")
    shown = result._repr_html_()  # what Jupyter draws for a cell ending in `result` (before: the dataclass repr)
    assert shown == show_document(result).data
    assert 'class="mh-doc"' in shown and "&lt;Bác Hồ với thanh niên&gt;" in shown


def test_documents_shown_in_one_notebook_link_each_to_its_own_sentences():
    import re

    # two analyze_text results share the default doc_id "text": each "Câu 2" link must stay in its own document
    first = show_document(analyzer.analyze_text(TEXT)).data
    second = show_document(analyzer.analyze_text("Chi bộ có 15 đảng viên.\n" + TEXT)).data
    ids = [set(re.findall(r'\bid="([^"]+)"', html)) for html in (first, second)]
    assert ids[0] and ids[1] and not ids[0] & ids[1]
    for html, own in zip((first, second), ids):
        assert set(re.findall(r'href="#([^"]+)"', html)) <= own


def test_load_results_parses_each_column_as_its_dtype(scored_samples, monkeypatch):
    # every cell used to be read as text and converted column by column (pd.to_numeric, astype(object)):
    # 3,200 documents' tables took 3.9 s, now under 1 s; the frames are the same
    import analyzer.frames as frames_module

    expected = load_results(scored_samples)
    converted, column = [], frames_module._column

    def spy(series, dtype, name):
        if str(series.dtype) != dtype:
            converted.append((name, str(series.dtype), dtype))
        return column(series, dtype, name)

    monkeypatch.setattr(frames_module, "_column", spy)
    for frame, again in zip(expected, load_results(scored_samples)):
        pd.testing.assert_frame_equal(frame, again)
    assert converted == []
