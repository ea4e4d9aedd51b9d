"""The sentence label ontology of DESIGN.md, in one place.

Example:
    >>> from analyzer.labels import LABELS, PILLARS
    >>> PILLARS
    ('hoc_tap', 'lam_theo', 'neu_guong')
"""

from __future__ import annotations

from collections.abc import Iterable

PILLARS: tuple[str, ...] = ("hoc_tap", "lam_theo", "neu_guong")
REQUIREMENTS: tuple[str, ...] = ("resolution_target", "shortcoming", "exemplar", "roadmap")
LABELS: tuple[str, ...] = PILLARS + ("action", "slogan") + REQUIREMENTS
CORE_LABELS: tuple[str, ...] = PILLARS + ("action", "slogan")
EXCLUSIVE: tuple[tuple[str, str], ...] = (("action", "slogan"),)

LABEL_NAMES_VI: dict[str, str] = {
    "hoc_tap": "Học tập Bác",
    "lam_theo": "Làm theo Bác",
    "neu_guong": "Nêu gương",
    "action": "Hành động đo đếm được",
    "slogan": "Chung chung, khẩu hiệu",
    "resolution_target": "Gắn chỉ tiêu nghị quyết",
    "shortcoming": "Gắn tồn tại, hạn chế",
    "exemplar": "Cá nhân điển hình",
    "roadmap": "Lộ trình",
}


def document_flags(label_sets: Iterable[frozenset[str] | set[str]]) -> dict[str, int]:
    """Document flags (0/1) from its sentences' labels: pillars, ``<pillar>_concrete``, requirements.

    A pillar is concrete when one sentence carries both the pillar and ``action``.

    Example:
        >>> flags = document_flags([{"hoc_tap", "action"}, {"neu_guong", "slogan"}, {"roadmap"}])
        >>> flags["hoc_tap_concrete"], flags["neu_guong"], flags["neu_guong_concrete"], flags["exemplar"]
        (1, 1, 0, 0)
    """
    sets = list(label_sets)
    flags: dict[str, int] = {}
    for pillar in PILLARS:
        flags[pillar] = int(any(pillar in s for s in sets))
        flags[f"{pillar}_concrete"] = int(any(pillar in s and "action" in s for s in sets))
    for req in REQUIREMENTS:
        flags[req] = int(any(req in s for s in sets))
    return flags
