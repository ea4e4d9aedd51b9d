"""Near-duplicate submissions inside a batch are reported with the twin's doc_id."""

from pathlib import Path

import pandas as pd

from analyzer.batch import score_folder
from analyzer.config import Config
from analyzer.corpus import load_corpus
from analyzer.dedup import NearDuplicates


def test_distinct_corpus_documents_are_not_duplicates():
    finder = NearDuplicates()
    assert all(finder.add(d.id, d.text) == [] for d in load_corpus("dev"))


def test_the_index_finds_what_datasketchs_lsh_finds():
    import random

    from datasketch import MinHashLSH

    from analyzer.dedup import NUM_PERM, THRESHOLD, sketch

    rng = random.Random(0)
    texts = []
    for doc in load_corpus("dev")[:12]:
        words = doc.text.split()
        texts.append(doc.text)
        for share in (0.02, 0.1, 0.3):  # edited copies: clear twins, some near the threshold, some far below
            edited = [w if rng.random() > share else rng.choice(["thôn", "xã", "tổ", "năm", "hộ"]) for w in words]
            texts.append(" ".join(edited))
    order = list(range(len(texts)))
    rng.shuffle(order)
    finder, lsh = NearDuplicates(), MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
    found = dropped = 0
    signatures = {}
    for k in order:
        kind, signature = sketch(texts[k])
        assert kind == "minhash"
        candidates = lsh.query(signature)
        # LSH's candidates whose estimated Jaccard similarity reaches the threshold
        expected = sorted(c for c in candidates if signature.jaccard(signatures[c]) >= THRESHOLD)
        lsh.insert(str(k), signature)
        signatures[str(k)] = signature
        assert finder.add_sketch(str(k), (kind, signature)) == expected
        found += bool(expected)
        dropped += len(candidates) - len(expected)
    assert found >= 12  # the comparison saw twins, not only distinct documents
    assert dropped >= 1  # and candidates of one band below the threshold, which are no twins


def test_batch_names_the_twin(tmp_path):
    a, b = load_corpus("train")[:2]
    src = tmp_path / "in"
    (src / "xã B").mkdir(parents=True)
    (src / "a.txt").write_text(a.text, encoding="utf-8")
    # the second unit copied the first one's text and changed its own name in the header
    (src / "xã B" / "copy.txt").write_text(a.text.replace(a.text.split("\n")[1], "CHI BỘ ẤP MỚI", 1), encoding="utf-8")
    (src / "b.txt").write_text(b.text, encoding="utf-8")
    score_folder(src, tmp_path / "out", config=Config(jobs=1), progress=False)
    docs = pd.read_csv(tmp_path / "out" / "documents.csv", keep_default_na=False).set_index("doc_id")
    assert docs.loc["a.txt", "duplicate_of"] == "xã B/copy.txt"
    assert docs.loc["xã B/copy.txt", "duplicate_of"] == "a.txt"
    assert "W201" in docs.loc["xã B/copy.txt", "warnings"]
    assert docs.loc["xã B/copy.txt", "reasons"].startswith("Gần trùng nội dung với hồ sơ a.txt")
    assert docs.loc["b.txt", "duplicate_of"] == ""
    # the library's frames say the same as the command's tables (but for the cache key: the command's is
    # that of the file's bytes, the library's that of the text it analysed)
    from analyzer.api import analyze_folder, to_frames
    from analyzer.frames import load_results

    library = to_frames(analyze_folder(src, config=Config(jobs=1))).documents
    pd.testing.assert_frame_equal(library.drop(columns="content_hash"),
                                  load_results(tmp_path / "out").documents.drop(columns="content_hash"))


def test_rerun_of_an_unchanged_folder_is_up_to_date_and_a_change_is_not(tmp_path):
    a, b = load_corpus("dev")[:2]
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(a.text, encoding="utf-8")
    (src / "b.txt").write_text(b.text, encoding="utf-8")
    out = tmp_path / "out"
    first = score_folder(src, out, config=Config(jobs=1), progress=False)
    before = (out / "sentences.csv").read_bytes()
    again = score_folder(src, out, config=Config(jobs=1), progress=False)
    assert not first.up_to_date and again.up_to_date and again.n_sentences == first.n_sentences
    assert (out / "sentences.csv").read_bytes() == before
    (src / "b.txt").write_text(b.text + "\nChi bộ họp hằng tháng.", encoding="utf-8")
    changed = score_folder(src, out, config=Config(jobs=1), progress=False)
    assert not changed.up_to_date and changed.n_cached == 1
    other_rubric = score_folder(src, out, config=Config(jobs=1, rubric="2023"), progress=False)
    assert not other_rubric.up_to_date and other_rubric.n_cached == 0


def test_an_edited_rule_file_invalidates_cached_analyses(tmp_path):
    """The cache key covers the analyzer's code and rule files, not only its version string."""
    import shutil

    import analyzer
    from analyzer.api import source_digest

    package = Path(analyzer.__file__).parent
    copy = tmp_path / "analyzer"
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__"))
    before = source_digest(str(copy))
    assert before == source_digest.__wrapped__(str(copy))  # stable
    rules = copy / "rules" / "requirements.yaml"
    rules.write_text(rules.read_text(encoding="utf-8") + "\n# an appraiser's note\n", encoding="utf-8")
    assert source_digest.__wrapped__(str(copy)) != before
    (copy / "notes.md").write_text("not code", encoding="utf-8")  # other files do not matter
    rules.write_text(rules.read_text(encoding="utf-8").replace("\n# an appraiser's note\n", ""), encoding="utf-8")
    assert source_digest.__wrapped__(str(copy)) == before


def test_a_document_copied_by_hundreds_names_a_few_and_counts_the_rest():
    """2,000 submissions from one template made each row name hundreds of files, three times over."""
    from analyzer.output import SHOWN_TWINS, mark_duplicate

    row = {"warnings": "", "reasons": "Thiếu nội dung Nêu gương"}
    others = [f"xã {k:03d}.txt" for k in range(774)]
    mark_duplicate(row, others)
    assert row["duplicate_of"].split("; ") == others[:SHOWN_TWINS]
    assert row["warnings"].endswith(f"xã {SHOWN_TWINS - 1:03d}.txt and {774 - SHOWN_TWINS} more")
    assert row["reasons"].startswith("Gần trùng nội dung với hồ sơ xã 000.txt")
    assert f"và {774 - SHOWN_TWINS} hồ sơ khác; Thiếu nội dung Nêu gương" in row["reasons"]
    assert len(row["warnings"]) + len(row["reasons"]) + len(row["duplicate_of"]) < 1000


def test_a_lower_size_limit_is_not_served_from_the_cache(tmp_path):
    """A file one byte over a lowered --max-bytes stayed `ok` from the cache (its key hashed max_bytes + 1 bytes)."""
    src = tmp_path / "in"
    src.mkdir()
    text = load_corpus("dev")[0].text
    (src / "a.txt").write_text(text, encoding="utf-8")
    size = (src / "a.txt").stat().st_size
    out = tmp_path / "out"
    score_folder(src, out, config=Config(jobs=1), progress=False)
    lowered = score_folder(src, out, config=Config(jobs=1, max_bytes=size - 1), progress=False)
    docs = pd.read_csv(out / "documents.csv", keep_default_na=False).set_index("doc_id")
    assert lowered.n_cached == 0 and docs.loc["a.txt", "error"].startswith("E102")


def test_limits_the_file_is_within_keep_the_cache_and_its_hash(tmp_path):
    """A limit a file is within changes nothing of its row (its content hash included); a lower limit on
    characters is not served the earlier `ok` from the cache."""
    src = tmp_path / "in"
    src.mkdir()
    text = load_corpus("dev")[0].text
    (src / "a.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    score_folder(src, out, config=Config(jobs=1), progress=False)
    first = pd.read_csv(out / "documents.csv", keep_default_na=False).set_index("doc_id").loc["a.txt"]
    roomy = score_folder(src, out, config=Config(jobs=1, max_bytes=10 ** 7, max_chars=10 ** 6), progress=False)
    again = pd.read_csv(out / "documents.csv", keep_default_na=False).set_index("doc_id").loc["a.txt"]
    assert roomy.n_cached == 1 and again.to_dict() == first.to_dict()
    lowered = score_folder(src, out, config=Config(jobs=1, max_chars=len(text) // 2), progress=False)
    docs = pd.read_csv(out / "documents.csv", keep_default_na=False).set_index("doc_id")
    assert lowered.n_cached == 0 and docs.loc["a.txt", "status"] == "error"


def test_a_missing_parquet_copy_is_written_again(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(load_corpus("dev")[0].text, encoding="utf-8")
    out = tmp_path / "out"
    score_folder(src, out, config=Config(jobs=1), progress=False, parquet=True)
    (out / "documents.parquet").unlink()
    again = score_folder(src, out, config=Config(jobs=1), progress=False, parquet=True)
    assert not again.up_to_date and again.n_cached == 1 and (out / "documents.parquet").is_file()


def test_a_moved_or_renamed_file_is_taken_from_the_cache_under_its_new_name(tmp_path):
    """Appraisers put a district's files into a sub-folder: the unchanged files are not analysed again."""
    src = tmp_path / "in"
    src.mkdir()
    texts = [doc.text for doc in load_corpus("dev")[:2]]
    for k, text in enumerate(texts):
        (src / f"xã {k}.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    score_folder(src, out, config=Config(jobs=1), progress=False)
    before = pd.read_csv(out / "sentences.csv", keep_default_na=False)
    (src / "Huyện A").mkdir()
    (src / "xã 0.txt").rename(src / "Huyện A" / "xã 0.txt")
    (src / "xã 1.txt").rename(src / "xã một.txt")
    again = score_folder(src, out, config=Config(jobs=1), progress=False)
    assert again.n_cached == 2
    docs = pd.read_csv(out / "documents.csv", keep_default_na=False)
    assert sorted(docs.doc_id) == ["Huyện A/xã 0.txt", "xã một.txt"] and set(docs.status) == {"ok"}
    after = pd.read_csv(out / "sentences.csv", keep_default_na=False)
    renamed = {"xã 0.txt": "Huyện A/xã 0.txt", "xã 1.txt": "xã một.txt"}
    assert sorted(before.assign(doc_id=before.doc_id.map(renamed)).values.tolist()) == sorted(after.values.tolist())
    from analyzer.frames import load_analysis

    assert sorted(r.doc_id for r in load_analysis(out)) == ["Huyện A/xã 0.txt", "xã một.txt"]


def test_a_web_page_file_scored_alone_is_not_served_from_the_cache_once_its_page_is_beside_it(tmp_path):
    """Scored before the page was put back beside its folder, a page's header.htm was `ok`; after, it is E111."""
    src = tmp_path / "in"
    (src / "dang_ky_files").mkdir(parents=True)
    (src / "dang_ky_files" / "header.htm").write_text(f"<p>{load_corpus('dev')[0].text}</p>", encoding="utf-8")
    out = tmp_path / "out"
    score_folder(src, out, config=Config(jobs=1), progress=False)
    (src / "dang_ky.htm").write_text(f"<p>{load_corpus('dev')[1].text}</p>", encoding="utf-8")
    again = score_folder(src, out, config=Config(jobs=1), progress=False)
    docs = pd.read_csv(out / "documents.csv", keep_default_na=False).set_index("doc_id")
    assert again.n_cached == 0 and docs.loc["dang_ky.htm", "status"] == "ok"
    assert docs.loc["dang_ky_files/header.htm", "error"].startswith("E111")
