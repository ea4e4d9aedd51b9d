"""The sentence label ontology of DESIGN.md, in one place.

Example:
    >>> from analyzer.labels import LABELS, PILLARS
    >>> PILLARS
    ('hoc_tap', 'lam_theo', 'neu_guong')
"""

from __future__ import annotations

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
