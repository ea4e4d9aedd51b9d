"""A plain keyword baseline: the reference row ``mohinh evaluate`` prints beside the analyzer.

One fixed keyword list per label, a digit for ``action``; deliberately simple and never tuned.

Example:
    >>> sorted(keyword_labels("Chi bộ tổ chức học tập chuyên đề cho 100% đảng viên."))
    ['action', 'hoc_tap']
    >>> keyword_score({"hoc_tap": 1, "lam_theo": 0}, n_actions=1, n_slogans=1)
    28.57
"""

from __future__ import annotations

import re
from collections.abc import Mapping

KEYWORDS = {
    "hoc_tap": r"học tập|nghiên cứu|quán triệt|chuyên đề",
    "lam_theo": r"làm theo",
    "neu_guong": r"nêu gương|gương mẫu",
    "resolution_target": r"chỉ tiêu|nghị quyết",
    "shortcoming": r"tồn tại|hạn chế",
    "exemplar": r"điển hình",
    "roadmap": r"lộ trình|giai đoạn|quý|tháng",
}
_COMPILED = {label: re.compile(pattern, re.IGNORECASE) for label, pattern in KEYWORDS.items()}
_DIGIT = re.compile(r"\d")


def keyword_labels(sentence: str) -> frozenset[str]:
    """Labels of a content sentence by keywords alone."""
    labels = {label for label, regex in _COMPILED.items() if regex.search(sentence)}
    labels.add("action" if _DIGIT.search(sentence) else "slogan")
    return frozenset(labels)


def keyword_score(flags: Mapping[str, int], *, n_actions: int, n_slogans: int) -> float:
    """Flags present (of the seven) plus the share of actions, on 0–100."""
    present = sum(flags.values()) / 7
    share = n_actions / (n_actions + n_slogans) if n_actions + n_slogans else 0.0
    return round(100 * (0.6 * present + 0.4 * share), 2)
