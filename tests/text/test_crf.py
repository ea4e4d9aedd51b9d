"""The bulk CRF decoder must give exactly ``underthesea.word_tokenize``'s words."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from underthesea import word_tokenize

from analyzer.text import crf, tokenizer
from analyzer.text.tones import to_modern_tones

DOCS = Path(__file__).resolve().parents[2] / "corpora" / "docs"


def reference(line: str) -> list[str]:
    return word_tokenize(line, use_token_normalize=False)


def ours(lines: list[str]) -> list[list[str]]:
    return tokenizer.segment_words(lines)


def test_segmenter_loads_from_the_installed_model():
    seg = crf.load_segmenter()
    assert seg is not None, "underthesea's model files could not be read: the analyzer would fall back to the slow path"
    assert set(seg.labels) == {"B-W", "I-W"}


def test_every_corpus_line_is_segmented_as_underthesea_does():
    lines = []
    for path in sorted(DOCS.glob("*.txt")):
        lines += [to_modern_tones(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(lines) > 5000
    got = ours(lines)
    mismatches = [(line, g) for line, g in zip(lines, got) if g != reference(line)]
    assert not mismatches, mismatches[:3]


EDGE = ["BOS", "EOS", "True", "False", "2147483647", "2147483648", "-5", "+7", "0012", "1.5", "60.542.000",
        "02/05/2014", "v.v", "TP.", "HCM", "NĐ-CP", "T.Ư", "H'Mông", "e-mail", "www.dangcongsan.vn",
        "http://a.vn/x", "ĐẢNG", "Đảng", "ủy", "uỷ", "ǅa", "ß", "İ", "²", "١٢", "...", "(", ")", ",", "%", ":",
        "Hồ", "Chí", "Minh", "học", "tập", "và", "làm", "theo", "tư", "tưởng", "đạo", "đức", "phong", "cách",
        "cán", "bộ", "đảng", "viên", "chi", "bộ", "sinh", "viên", "Nguyễn", "Văn", "N.V.Tùng", "đ/c", "x", "X2"]


@settings(max_examples=150, deadline=None)
# code points this Python's Unicode database leaves unassigned (category Cn) are excluded: underthesea's
# Rust core may know them as letters of a newer Unicode version, which Python cannot reproduce
@given(st.lists(st.lists(st.sampled_from(EDGE) | st.text(st.characters(blacklist_categories=("Cn", "Cs")), min_size=1,
                                                         max_size=6).filter(lambda s: not s.isspace()),
                         min_size=0, max_size=14), min_size=1, max_size=6))
def test_generated_lines_are_segmented_as_underthesea_does(sentences):
    lines = [" ".join(words) for words in sentences]
    lines = [line for line in lines if line.strip()] or ["x"]
    try:
        expected = [reference(line) for line in lines]
    except BaseException as exc:  # underthesea_core panics on some exotic input; nothing to compare then
        if type(exc).__name__ == "PanicException":
            return
        raise
    assert ours(lines) == expected


def test_documents_are_decoded_in_one_batch_with_sentence_boundaries_kept():
    seg = crf.load_segmenter()
    sentences = [["sinh"], ["viên", "đi", "học"], [], ["Đảng", "ủy"]]
    assert seg.words(sentences) == [reference(" ".join(s)) if s else [] for s in sentences]


def test_falls_back_to_underthesea_when_the_model_cannot_be_read(monkeypatch):
    line = "Đảng ủy xã tổ chức học tập chuyên đề năm 2024."
    monkeypatch.setattr(tokenizer, "load_segmenter", lambda: None)
    assert tokenizer.segment_words([line]) == [reference(line)]


def test_a_file_that_is_not_a_crfsuite_model_is_refused(tmp_path):
    bogus = tmp_path / "models.bin"
    bogus.write_bytes(b"not a model at all" * 10)
    with pytest.raises(crf.ModelFormatError):
        crf.read_crfsuite(bogus)


def test_unknown_feature_templates_are_refused():
    with pytest.raises(crf.ModelFormatError):
        crf.CRFSegmenter(["T[0].suffix3"], set(), ["B-W", "I-W"], [], crf.numpy.zeros((1, 2)), crf.numpy.zeros((2, 2)))


def test_plain_pickles_are_read_without_unpickling():
    import pickle

    assert crf.read_plain_pickle(pickle.dumps(["T[0]", "T[1]"], protocol=4)) == ["T[0]", "T[1]"]
    assert crf.read_plain_pickle(pickle.dumps({"sinh viên", "học"}, protocol=4)) == {"sinh viên", "học"}
    assert crf.read_plain_pickle(pickle.dumps(["a", "a"], protocol=2)) == ["a", "a"]


class _Boom:
    def __reduce__(self):  # what a malicious pickle does: call something on load
        return (print, ("pwned",))


@pytest.mark.parametrize("payload", [_Boom(), [1, 2], {"a": 1}])
def test_a_pickle_with_anything_but_strings_lists_and_sets_is_refused(payload):
    import pickle

    with pytest.raises(crf.ModelFormatError):
        crf.read_plain_pickle(pickle.dumps(payload, protocol=4))


def test_two_label_viterbi_equals_the_general_one():
    import random

    seg = crf.load_segmenter()
    rng = random.Random(7)
    for n in range(1, 40):
        emissions = [[rng.choice([0.0, 1.0, -1.0, rng.uniform(-3, 3)]) for _ in range(2)] for _ in range(n)]
        assert seg._viterbi2(emissions) == seg._viterbi(emissions)


def test_long_documents_are_scored_in_batches_with_the_same_words(monkeypatch):
    seg = crf.load_segmenter()
    sentences = [["Đảng", "uỷ", "xã", "tổ", "chức", "học", "tập"], ["sinh", "viên"], [], ["cán", "bộ", "đảng", "viên"]] * 5
    whole = seg.words(sentences)
    monkeypatch.setattr(crf.CRFSegmenter, "BATCH", 3)
    assert seg.words(sentences) == whole
    assert len(whole) == len(sentences)


def test_templates_longer_than_three_syllables_are_refused():
    with pytest.raises(crf.ModelFormatError):
        crf.CRFSegmenter(["T[0,3]"], set(), ["B-W", "I-W"], [], crf.numpy.zeros((1, 2)), crf.numpy.zeros((2, 2)))


# -- the start-up cache: the built tables kept between runs -----------------------------------

@pytest.fixture
def cache(tmp_path, monkeypatch):
    """A fresh cache folder, and load_segmenter built again from it (restored afterwards)."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("MOHINH_CACHE_DIR", str(folder))
    crf.load_segmenter.cache_clear()
    yield folder
    crf.load_segmenter.cache_clear()


def _built_from_the_model_files():
    base = crf._model_dir()
    templates = crf.read_plain_pickle((base / "features.bin").read_bytes())
    dictionary = crf.read_plain_pickle((base / "dictionary.bin").read_bytes())
    return crf.CRFSegmenter(templates, dictionary, *crf.read_crfsuite(base / "models.bin"))


def _same_tables(a, b):
    assert a.labels == b.labels and a._inside == b._inside and a._missing == b._missing
    assert a._dictionary == b._dictionary and a._trans == b._trans
    assert crf.numpy.array_equal(a._state, b._state)
    assert [(t.name, t.a, t.b, t.func, t.bos, t.eos, t.false, t.true) for t in a._templates] == \
        [(t.name, t.a, t.b, t.func, t.bos, t.eos, t.false, t.true) for t in b._templates]
    assert a._tables.keys() == b._tables.keys()
    for key, (index, table) in a._tables.items():
        assert b._tables[key][0] == index and crf.numpy.array_equal(b._tables[key][1], table)


def test_the_cache_holds_exactly_the_tables_built_from_the_model_files(cache, monkeypatch):
    built = _built_from_the_model_files()
    first = crf.load_segmenter()
    files = list(cache.glob("segmenter-*.npz"))
    assert len(files) == 1 and not list(cache.glob(".segmenter-*"))
    _same_tables(first, built)
    # the next process reads the cache and never builds: building would fail here
    crf.load_segmenter.cache_clear()
    monkeypatch.setattr(crf.CRFSegmenter, "__init__", lambda *a, **k: (_ for _ in ()).throw(AssertionError("rebuilt")))
    again = crf.load_segmenter()
    _same_tables(again, built)
    sentences = [line.split() for line in ["Đảng uỷ xã tổ chức học tập chuyên đề năm 2024 .",
                                            "Chi bộ thôn Tân Lập có 48/131 hộ chưa có nhà tiêu hợp vệ sinh ."]]
    assert again.words(sentences) == built.words(sentences) == [reference(" ".join(s)) for s in sentences]


@pytest.mark.parametrize("content", [b"", b"garbage" * 100, b"PK\x03\x04 truncated zip"])
def test_an_unreadable_cache_file_is_rebuilt_and_replaced(cache, content):
    crf.load_segmenter()
    (path,) = cache.glob("segmenter-*.npz")
    path.write_bytes(content)
    crf.load_segmenter.cache_clear()
    _same_tables(crf.load_segmenter(), _built_from_the_model_files())
    assert path.stat().st_size > 1_000_000  # written again whole


def test_a_cache_that_would_need_unpickling_is_refused(cache):
    crf.load_segmenter()
    (path,) = cache.glob("segmenter-*.npz")
    with crf.numpy.load(path) as arrays:
        kept = {name: arrays[name] for name in arrays.files}
    kept["labels"] = crf.numpy.array([_Boom()], dtype=object)  # an object array is a pickle inside the .npy
    with path.open("wb") as out:
        crf.numpy.savez(out, **kept)
    crf.load_segmenter.cache_clear()
    _same_tables(crf.load_segmenter(), _built_from_the_model_files())


def test_the_cache_can_be_switched_off_and_a_folder_that_cannot_be_written_is_no_error(tmp_path, monkeypatch):
    try:
        monkeypatch.setenv("MOHINH_CACHE_DIR", "off")
        crf.load_segmenter.cache_clear()
        assert crf.load_segmenter() is not None
        blocked = tmp_path / "a file, not a folder"
        blocked.write_text("x")
        monkeypatch.setenv("MOHINH_CACHE_DIR", str(blocked / "cache"))
        crf.load_segmenter.cache_clear()
        assert crf.load_segmenter() is not None
        assert not list(tmp_path.rglob("segmenter-*"))
    finally:
        crf.load_segmenter.cache_clear()


def test_packed_strings_keep_every_string_and_refuse_a_separator():
    for items in [[], [""], ["a", "", "sinh viên"], ["0", "1"]]:
        assert crf._unpacked(crf._packed(items)) == items
    with pytest.raises(crf.ModelFormatError):
        crf._packed(["a\0b"])


def test_a_cache_file_of_another_kind_is_rebuilt(cache):
    crf.load_segmenter()
    (path,) = cache.glob("segmenter-*.npz")
    with path.open("wb") as out:
        crf.numpy.save(out, crf.numpy.arange(3))  # a lone .npy array, not the folder of arrays
    crf.load_segmenter.cache_clear()
    _same_tables(crf.load_segmenter(), _built_from_the_model_files())


def test_the_cache_folder_follows_the_environment(tmp_path, monkeypatch):
    from analyzer.config import cache_dir

    monkeypatch.delenv("MOHINH_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache_dir() == tmp_path / "mohinh"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache_dir() == tmp_path / "home" / ".cache" / "mohinh"
    monkeypatch.setenv("MOHINH_CACHE_DIR", "~/elsewhere")
    assert cache_dir() == tmp_path / "home" / "elsewhere"
    for off in ("", "off", "OFF", "0", "none"):
        monkeypatch.setenv("MOHINH_CACHE_DIR", off)
        assert cache_dir() is None


@pytest.mark.parametrize("damage", ["table id past the weights", "negative table id", "template id past the weights",
                                    "weights cut short", "table of floats"])
def test_a_cache_with_ids_outside_the_weights_is_rebuilt(cache, damage):
    """A damaged cache that still unpacks would fail mid-document; it is refused on load instead."""
    crf.load_segmenter()
    (path,) = cache.glob("segmenter-*.npz")
    with crf.numpy.load(path) as arrays:
        kept = {name: arrays[name].copy() for name in arrays.files}
    table = next(name for name in kept if name.startswith("table_"))
    if damage == "table id past the weights":
        kept[table][0, 0] = int(kept["missing"]) + 1
    elif damage == "negative table id":
        kept[table][0, 0] = -1
    elif damage == "template id past the weights":
        kept["template_ids"][0, 0] = 10**9
    elif damage == "weights cut short":
        kept["state"] = kept["state"][:10]
    else:
        kept[table] = kept[table].astype(float)
    with path.open("wb") as out:
        crf.numpy.savez(out, **kept)
    crf.load_segmenter.cache_clear()
    _same_tables(crf.load_segmenter(), _built_from_the_model_files())


def test_without_a_home_directory_there_is_no_cache_folder(monkeypatch):
    from analyzer.config import cache_dir

    for name in ("MOHINH_CACHE_DIR", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr("pathlib.Path.home", classmethod(lambda cls: cls("~")))  # what expanduser leaves
    assert cache_dir() is None
    monkeypatch.setattr("pathlib.Path.home", classmethod(lambda cls: (_ for _ in ()).throw(RuntimeError("no home"))))
    assert cache_dir() is None
