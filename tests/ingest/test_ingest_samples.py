"""Golden end-to-end: each file in corpora/samples/ reads back as the corpus text it was made from."""

import importlib.util
from pathlib import Path

import pytest

from analyzer.ingest import read_document

CORPORA = Path(__file__).parents[2] / "corpora"


def _samples() -> list[tuple[str, str]]:
    maker = CORPORA / "make_samples.py"
    if not maker.exists() or not (CORPORA / "samples").is_dir():
        return []
    spec = importlib.util.spec_from_file_location("make_samples", maker)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return [(doc_id, name) for doc_id, name in module.SAMPLES if (CORPORA / "samples" / name).exists()]


SAMPLES = _samples()


def _lines(text: str) -> list[str]:
    return [line for line in text.split("\n") if line]


@pytest.mark.skipif(not SAMPLES, reason="no corpora/samples/ made by corpora/make_samples.py")
@pytest.mark.parametrize(("doc_id", "name"), SAMPLES, ids=[name for _, name in SAMPLES])
def test_sample_reads_back_as_its_corpus_text(doc_id, name):
    from analyzer.corpus import load_document

    expected = load_document(CORPORA / "docs" / f"{doc_id}.txt").text
    doc = read_document(CORPORA / "samples" / name)
    # The HTML writer drops empty paragraphs; every other format keeps them.
    if doc.fmt == "html":
        assert _lines(doc.text) == _lines(expected)
    else:
        assert doc.text == expected
    if "TCVN3" in name:
        assert doc.encoding == "tcvn3"
