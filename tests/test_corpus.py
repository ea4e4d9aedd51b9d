import pytest

from analyzer.corpus import (CORPUS_DIR, HOLDOUT_DIR, ORG_KINDS, load_corpus, parse_document, read_source, read_splits,
                             summarize)
from analyzer.errors import CorpusError
from analyzer.ingest import normalize_text

HEAD = "# id: x\n# year: 2024\n# org_kind: school\n# doc_kind: plan\n# region: Huế\n# grade: 3\n# exemplar_names:\n"


def test_rendering_and_offsets():
    doc = parse_document(HEAD + "CHI BỘ X\nChi bộ tổ chức 4 buổi. {lam_theo action}\n>> Đẩy  mạnh. {slogan}\n\n\nTiếp.\n", "x.txt")
    assert doc.text == "CHI BỘ X\nChi bộ tổ chức 4 buổi. Đẩy mạnh.\n\nTiếp."
    assert [doc.text[s.start:s.end] for s in doc.sentences] == [s.text for s in doc.sentences]
    assert doc.sentences[2].labels == frozenset({"slogan"})
    assert doc.sentences[0].labels == frozenset()


@pytest.mark.parametrize(
    ("body", "code", "fragment"),
    [
        ("Câu. {hoc_tap actoin}\n", "E201", "unknown label 'actoin'"),
        ("Câu. {action slogan}\n", "E202", "x.txt:9"),
        ("\n>> Câu đầu. {slogan}\n", "E203", "'>>' line without"),
        ("Câu {a} giữa. {slogan}\n", "E203", "stray"),
        ("{slogan}\n", "E203", "labels without a sentence"),
    ],
)
def test_loader_errors_name_file_and_line(body, code, fragment):
    with pytest.raises(CorpusError) as err:
        parse_document(HEAD + "Tiêu đề\n" + body, "x.txt")
    assert err.value.code == code and fragment in str(err.value)


@pytest.mark.parametrize(
    ("header", "fragment"),
    [
        (HEAD.replace("# grade: 3\n", ""), "missing header key 'grade'"),
        (HEAD.replace("# grade: 3", "# grade: 7"), "grade '7'"),
        (HEAD.replace("# id: x", "# id: y"), "differs from the file name"),
        (HEAD.replace("school", "shop"), "org_kind 'shop'"),
        (HEAD + "# sampling: skewed\n", "sampling 'skewed'"),
        # the line of the key at fault, not line 1
        (HEAD.replace("# grade: 3", "# grade: 7"), "x.txt:6:"),
        (HEAD + "# grade: 2\n", "x.txt:8: header key 'grade' given twice (first on line 6)"),
        (HEAD.replace("# year: 2024", "# year: 99999"), "x.txt:2: year '99999'"),
        (HEAD.replace("# region: Huế", "# region: Huế {slogan}"), "x.txt:5: labels on a header line"),
        (HEAD.replace("# exemplar_names:", "# exemplar_names: Phạm Thị Không Có"),
         "x.txt:7: exemplar name 'Phạm Thị Không Có' is not written so in the text"),
    ],
)
def test_header_errors(header, fragment):
    with pytest.raises(CorpusError) as err:
        parse_document(header + "Câu. {slogan}\n", "x.txt")
    assert fragment in str(err.value)


# Another corpus read for evaluation (``strict=False``): a header key that only describes a document
# does not refuse it; what the measurement does about each problem is the document's warning
@pytest.mark.parametrize(
    ("header", "fragment", "fields"),
    [
        (HEAD.replace("school", "police_station"), "x.txt:3: org_kind 'police_station' is not one of",
         {"org_kind": "police_station", "grade": 3}),
        (HEAD.replace("plan", "bao_cao"), "kept as written", {"doc_kind": "bao_cao"}),
        (HEAD.replace("# region: Huế\n", "").replace("# year: 2024\n", ""),
         "missing header keys 'year', 'region'; not needed to evaluate", {"region": "", "year": None}),
        (HEAD.replace("# grade: 3", "# grade: 7"), "x.txt:6: grade '7' is not 1–5; the document is left out of the grade",
         {"grade": None}),
        (HEAD.replace("# grade: 3\n", ""), "missing header key 'grade'; the document is left out", {"grade": None}),
        (HEAD.replace("# id: x", "# id: y"), "the file name is the document's id", {"id": "x"}),
        (HEAD.replace("# id: x\n", ""), "missing header key 'id'", {"id": "x"}),
        (HEAD.replace("# exemplar_names:\n", ""), "left out of the exemplar-name figures", {"exemplar_names": None}),
        (HEAD.replace("# exemplar_names:", "# exemplar_names: Phạm Thị Không Có"),
         "writes them); the name figures match it as written in the header", {"exemplar_names": ("Phạm Thị Không Có",)}),
        (HEAD + "# sampling: skewed\n", "read as 'natural'", {"sampling": "natural"}),
    ],
)
def test_a_lenient_reading_turns_header_problems_into_warnings(header, fragment, fields):
    doc = parse_document(header + "Câu. {slogan}\n", "x.txt", strict=False)
    assert any(fragment in w for w in doc.warnings), doc.warnings
    assert {key: getattr(doc, key) for key in fields} == fields
    assert [s.labels for s in doc.sentences] == [frozenset({"slogan"})]


def test_a_lenient_reading_takes_labels_and_keys_in_any_case_and_still_refuses_unknown_labels():
    doc = parse_document(HEAD.replace("# grade:", "# Grade:") + "Câu. {Action Slogan}\n", "x.txt", strict=False)
    assert doc.grade == 3 and doc.sentences[0].labels == {"action", "slogan"}
    assert doc.warnings == ("x.txt:8: 'action' and 'slogan' exclude each other; both are measured as annotated",)
    assert parse_document(HEAD + "Câu. {slogan}\n", "x.txt", strict=False).warnings == ()
    with pytest.raises(CorpusError, match="unknown label 'hoctap'"):
        parse_document(HEAD + "Câu. {hoctap}\n", "x.txt", strict=False)
    with pytest.raises(CorpusError, match="header line is not"):  # strict: keys in lower case only
        parse_document(HEAD.replace("# grade:", "# Grade:") + "Câu. {slogan}\n", "x.txt")


def test_the_check_command_reads_leniently_on_request(tmp_path, capsys):
    """Annotators of another corpus can see what evaluate will make of their headers before running it."""
    from analyzer.corpus import main

    (tmp_path / "a.txt").write_text(HEAD.replace("# id: x", "# id: a").replace("# grade: 3\n", "")
                                    + "Câu. {slogan}\n", encoding="utf-8")
    assert main(["check", str(tmp_path)]) == 1
    assert "missing header key 'grade'" in capsys.readouterr().err
    assert main(["check", "--lenient", str(tmp_path)]) == 0
    out = capsys.readouterr()
    assert "warning: " in out.err and "left out of the grade figures" in out.err
    assert "documents: 1" in out.out and "grades: {None: 1}" in out.out


def test_a_lenient_corpus_may_keep_its_files_without_docs_folder(tmp_path):
    (tmp_path / "a.txt").write_text(HEAD.replace("# id: x", "# id: a") + "Câu. {slogan}\n", encoding="utf-8")
    assert [d.id for d in load_corpus(None, tmp_path, strict=False)] == ["a"]
    with pytest.raises(CorpusError, match="no annotated documents"):
        load_corpus(None, tmp_path)


@pytest.mark.parametrize(("data", "fragment"), [
    ("Câu một. {slogan}\nCâu hai.\n".encode("utf-16"), "x.txt:1: byte 0xff is not UTF-8"),
    ("Câu một. {slogan}\n".encode() + "Đông.\n".encode("cp1258"), "x.txt:9: byte 0xd0 is not UTF-8"),
])
def test_a_file_that_is_not_utf8_is_a_coded_error_with_its_line(tmp_path, data, fragment):
    from analyzer.corpus import load_document

    path = tmp_path / "x.txt"
    path.write_bytes(HEAD.encode() + data if not data.startswith(b"\xff") else data)
    with pytest.raises(CorpusError) as err:
        load_document(path)
    assert err.value.code == "E203" and fragment.replace("x.txt", str(path)) in str(err.value)


def test_a_utf8_file_with_a_byte_order_mark_loads(tmp_path):
    from analyzer.corpus import load_document

    path = tmp_path / "x.txt"
    path.write_bytes(("\ufeff" + HEAD + "Câu. {slogan}\n").encode())
    assert load_document(path).meta["id"] == "x"


def test_the_corpus_command_takes_a_folder_and_names_a_missing_file(tmp_path, capsys):
    from analyzer.corpus import main

    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "x.txt").write_text(HEAD + "Câu. {slogan}\n", encoding="utf-8")
    assert main(["check", str(tmp_path)]) == 0 and "documents: 1" in capsys.readouterr().out
    assert main(["check", str(tmp_path / "khong_co.txt")]) == 1
    assert "E303:" in capsys.readouterr().err


def test_a_corpus_that_does_not_validate_prints_no_counts(tmp_path, capsys):
    """Counts of the valid files alone would read as the corpus's."""
    from analyzer.corpus import main

    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "x.txt").write_text(HEAD + "Câu. {slogan}\n", encoding="utf-8")
    (tmp_path / "docs" / "y.txt").write_text(HEAD.replace("id: x", "id: y") + "Câu. {slogna}\n", encoding="utf-8")
    assert main(["check", str(tmp_path)]) == 1
    captured = capsys.readouterr()
    assert "documents:" not in captured.out and "1 of 2 file(s) valid" in captured.err


def test_loading_a_corpus_names_every_file_at_fault_at_once(tmp_path):
    """Annotators fix their files together, not one error per run of `mohinh evaluate`."""
    (tmp_path / "docs").mkdir()
    for name, body in (("a", "Câu. {slogan}\n"), ("b", "Câu. {slogna}\n"), ("c", "Câu. {action slogan}\n")):
        (tmp_path / "docs" / f"{name}.txt").write_text(HEAD.replace("id: x", f"id: {name}") + body, encoding="utf-8")
    with pytest.raises(CorpusError) as err:
        load_corpus(None, tmp_path)
    message = str(err.value)
    assert err.value.code == "E205" and message.startswith("E205: 2 annotated files")
    assert "b.txt:8: unknown label 'slogna'" in message and "c.txt:8:" in message and "a.txt" not in message
    (tmp_path / "docs" / "c.txt").unlink()  # one file at fault: its own error, as loading it alone gives
    with pytest.raises(CorpusError) as err:
        load_corpus(None, tmp_path)
    assert err.value.code == "E201"


def test_a_corpus_with_many_files_at_fault_names_the_first_and_the_check_command(tmp_path, monkeypatch):
    import analyzer.corpus

    monkeypatch.setattr(analyzer.corpus, "_SHOWN_ERRORS", 2)
    (tmp_path / "docs").mkdir()
    for name in "pqrs":
        (tmp_path / "docs" / f"{name}.txt").write_text(HEAD + "Câu. {slogan}\n", encoding="utf-8")  # id: x
    with pytest.raises(CorpusError) as err:
        load_corpus(None, tmp_path)
    lines = str(err.value).splitlines()
    assert lines[0] == "E205: 4 annotated files break the format of corpora/README.md:"
    assert "p.txt" in lines[1] and "q.txt" in lines[2] and len(lines) == 4
    assert lines[3] == f"  … and 2 more: `python -m analyzer.corpus check {tmp_path}` lists them all"


@pytest.fixture(scope="module")
def corpus():
    return load_corpus()


def test_corpus_size_and_diversity(corpus):
    stats = summarize(corpus)
    assert stats["documents"] >= 120
    assert stats["sentences"] >= 4000
    assert set(stats["grades"]) == {1, 2, 3, 4, 5}
    assert len(stats["org_kinds"]) >= 20
    assert set(stats["doc_kinds"]) == {"registration", "plan", "report", "personal"}
    assert stats["regions"] >= 30
    assert all(stats["labels"][label] >= 30 for label in stats["labels"])


def test_sampling_defaults_to_natural_and_dev_test_are_natural(corpus):
    assert parse_document(HEAD + "Câu. {slogan}\n", "x.txt").sampling == "natural"
    assert parse_document(HEAD + "# sampling: targeted\nCâu. {slogan}\n", "x.txt").sampling == "targeted"
    splits = read_splits()
    # held-out documents measure the analyzer on submissions as they come
    assert all(d.sampling == "natural" for d in corpus if splits[d.id] != "train")
    assert sum(d.sampling == "natural" for d in corpus if splits[d.id] == "train") >= 100


def test_every_document_has_a_split_and_splits_hold_every_grade(corpus):
    splits = read_splits()
    assert {d.id for d in corpus} == set(splits)
    for split in ("train", "dev", "test"):
        grades = {d.grade for d in corpus if splits[d.id] == split}
        assert grades == {1, 2, 3, 4, 5}, split


def test_rendered_text_is_already_normalized(corpus):
    for doc in corpus:
        assert normalize_text(doc.text) == doc.text, doc.id


def test_org_kinds_are_known(corpus):
    assert {d.org_kind for d in corpus} <= ORG_KINDS


def test_exemplar_names_appear_in_text_or_author(corpus):
    for doc in corpus:
        for name in doc.exemplar_names:
            assert name in doc.text, (doc.id, name)


@pytest.fixture(scope="module")
def holdout():
    return load_corpus(root=HOLDOUT_DIR)


def test_holdout_is_a_separate_natural_corpus_of_every_grade(holdout, corpus):
    # corpora/holdout/ is read for reporting only (`mohinh evaluate --corpus corpora/holdout`, the
    # model card): load_corpus(), fitting, thresholds and crossval see corpora/docs/ only, and no
    # document is in both
    assert len(holdout) >= 40
    assert not {d.id for d in holdout} & {d.id for d in corpus}
    assert not {d.text for d in holdout} & {d.text for d in corpus}
    assert all(d.sampling == "natural" for d in holdout)
    assert {d.grade for d in holdout} == {1, 2, 3, 4, 5}
    assert {d.org_kind for d in holdout} <= ORG_KINDS
    assert all(normalize_text(d.text) == d.text for d in holdout)
    for doc in holdout:
        for name in doc.exemplar_names:
            assert name in doc.text, (doc.id, name)


@pytest.mark.parametrize("folder", sorted(p.parent for p in (CORPUS_DIR / "candidates").glob("*/docs")))
def test_candidate_documents_load_and_are_not_in_the_corpus(folder, corpus, holdout):
    # corpora/candidates/*: measured with `mohinh crossval --extra`, not adopted; never trained on
    candidates = load_corpus(root=folder)
    assert candidates
    assert not {d.id for d in candidates} & {d.id for d in corpus + holdout}
    assert not {d.text for d in candidates} & {d.text for d in corpus + holdout}


def test_a_lenient_reading_of_a_valid_corpus_is_the_strict_one(corpus, holdout):
    """Evaluating the bundled corpus as another one changes nothing: the same documents, no warning."""
    for strict in corpus[:60] + holdout[:20]:
        lenient = parse_document(read_source(strict.path), strict.path, strict=False)
        assert lenient == strict and lenient.meta == strict.meta and lenient.warnings == ()
