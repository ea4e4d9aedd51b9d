"""Why a sentence is a slogan: reasons from a closed, documented set.

| code | Vietnamese reason shown to appraisers |
| --- | --- |
| ``stock_phrase`` | Cụm từ sáo rỗng (the phrase is named) |
| ``guidance`` | Nhắc lại hướng dẫn hoặc chuyên đề của năm (lexicon or similarity to the rubric's wording) |
| ``directive`` | Văn phong chỉ đạo, trích văn bản cấp trên, không có nội dung riêng |
| ``pledge`` | Lời hứa, quyết tâm chung chung |
| ``exhortation`` | Lời kêu gọi, yêu cầu chung |
| ``bare_mention`` | Chỉ nhắc tới một yêu cầu (chỉ tiêu, tồn tại, lộ trình, điển hình) mà không nêu cụ thể |
| ``no_concrete`` | Không có yếu tố cụ thể: số lượng, thời hạn, tần suất, người phụ trách |

Example:
    >>> from analyzer.detect.evidence import sentence_evidence
    >>> text = "Mô hình có lộ trình cụ thể, giải pháp khả thi, tạo chuyển biến mạnh mẽ."
    >>> [code for code, _, _ in slogan_reasons(text, sentence_evidence(text), ())]
    ['stock_phrase', 'guidance', 'bare_mention', 'no_concrete']
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

from analyzer.detect.evidence import Evidence
from analyzer.detect.rules import fold

REASONS_VI = {
    "stock_phrase": "Cụm từ sáo rỗng",
    "guidance": "Nhắc lại hướng dẫn, chuyên đề của năm",
    "directive": "Văn phong chỉ đạo, trích văn bản cấp trên, không có nội dung riêng",
    "pledge": "Lời hứa, quyết tâm chung chung",
    "exhortation": "Lời kêu gọi, yêu cầu chung",
    "bare_mention": "Chỉ nhắc tới yêu cầu mà không nêu cụ thể",
    "no_concrete": "Không có yếu tố cụ thể (số lượng, thời hạn, tần suất, người phụ trách)",
}
REQUIREMENT_VI = {"resolution_target": "chỉ tiêu nghị quyết", "shortcoming": "tồn tại, hạn chế",
                  "exemplar": "cá nhân điển hình", "roadmap": "lộ trình"}
GUIDANCE_SIMILARITY = 0.5


def _trigrams(text: str) -> set[str]:
    t = " ".join(fold(text).split())
    return {t[i:i + 3] for i in range(len(t) - 2)}


@functools.lru_cache(maxsize=256)
def _phrase_trigrams(phrase: str) -> frozenset[str]:
    return frozenset(_trigrams(phrase))


def guidance_similarity(text: str, phrases: Sequence[str]) -> tuple[float, str]:
    """Largest share of a guidance phrase's character trigrams found in ``text``, and that phrase."""
    grams = _trigrams(text)
    best, best_phrase = 0.0, ""
    for phrase in phrases:
        p = _phrase_trigrams(phrase)
        if p:
            share = len(p & grams) / len(p)
            if share > best:
                best, best_phrase = share, phrase
    return best, best_phrase


def slogan_reasons(text: str, evidence: Evidence, guidance_phrases: Sequence[str],
                   labels: frozenset[str] = frozenset()) -> list[tuple[str, str, str]]:
    """(code, Vietnamese message, evidence words) for each reason that applies, in table order."""
    out: list[tuple[str, str, str]] = []
    by_reason: dict[str, list[str]] = {}
    for hit in evidence.slogan:
        by_reason.setdefault(hit.value, []).append(hit.evidence)
    similarity, phrase = guidance_similarity(text, guidance_phrases)
    if similarity >= GUIDANCE_SIMILARITY:
        by_reason.setdefault("guidance", []).append(phrase)
    for code in ("stock_phrase", "guidance", "directive", "pledge", "exhortation"):
        if code in by_reason:
            words = ", ".join(dict.fromkeys(w for w in by_reason[code] if w.strip()))
            out.append((code, f"{REASONS_VI[code]}: «{words}»" if words else REASONS_VI[code], words))
    bare = [REQUIREMENT_VI[h.value] for h in evidence.cues if h.value in REQUIREMENT_VI and h.value not in labels]
    if "bare_mention" in by_reason and "shortcoming" not in labels:  # "những hạn chế nêu trên" names none
        bare.append(REQUIREMENT_VI["shortcoming"])
    if bare:
        named = ", ".join(dict.fromkeys(bare))
        out.append(("bare_mention", f"{REASONS_VI['bare_mention']}: {named}", named))
    if not evidence.slots:
        out.append(("no_concrete", REASONS_VI["no_concrete"], ""))
    return out
