"""Every spaCy registration of mohinh, in one file (namespaced and versioned)."""

from __future__ import annotations

from collections.abc import Callable

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import registry

from analyzer.text.tokenizer import VietnameseTokenizer

for _name in ("mohinh_layout", "mohinh_sentences", "mohinh_findings"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


@registry.tokenizers("analyzer.vi_tokenizer.v1")
def create_vi_tokenizer() -> Callable[[Language], VietnameseTokenizer]:
    """Layout-aware sentences + underthesea word segmentation with exact offsets."""

    def create(nlp: Language) -> VietnameseTokenizer:
        return VietnameseTokenizer(nlp.vocab)

    return create


@Language.factory("analyzer_structure", default_config={})
def create_structure(nlp: Language, name: str) -> "StructureComponent":
    """Header metadata, headings, section paths and sentence kinds (``doc._.mohinh_layout``)."""
    from analyzer.pipeline import StructureComponent

    return StructureComponent()


@Language.factory("analyzer_detector", default_config={"rubric": "2024"})
def create_detector(nlp: Language, name: str, rubric: str) -> "DetectorComponent":
    """Sentence labels and findings (``doc._.mohinh_findings``)."""
    from analyzer.pipeline import DetectorComponent

    return DetectorComponent(rubric=rubric)
