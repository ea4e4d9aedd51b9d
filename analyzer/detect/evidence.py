"""Rule evidence of one sentence: cue hits, measurable slots (context numbers masked), section roles.

Pure function of the sentence text and its section path; the model and the explanations
both read it.

Example:
    >>> ev = sentence_evidence("Chi bộ có 15 đảng viên, tổ chức 4 buổi sinh hoạt chuyên đề trong quý II/2024.", "I. HỌC TẬP BÁC")
    >>> sorted({h.value for h in ev.slots}), sorted(ev.roles)
    (['date', 'quantity'], ['hoc_tap'])
    >>> [h.evidence for h in ev.context]
    ['có 15 đảng viên']
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass

from analyzer.detect.exemplars import find_names
from analyzer.detect.rules import DEFAULT_YEAR, Hit, fold, load_rules, match_rules


@dataclass(frozen=True)
class Evidence:
    """What the rules see in one sentence (offsets relative to the sentence)."""

    cues: tuple[Hit, ...]
    slots: tuple[Hit, ...]
    context: tuple[Hit, ...]
    slogan: tuple[Hit, ...]
    roles: frozenset[str]

    def cue_labels(self) -> set[str]:
        """Labels that at least one cue points to."""
        return {h.value for h in self.cues}

    def slot_kinds(self) -> set[str]:
        """Kinds of verifiable element present (quantity, date, frequency, actor, deliverable)."""
        return {h.value for h in self.slots}


def document_year(meta: Mapping[str, str], default: int = DEFAULT_YEAR) -> int:
    """The year of a submission: its date line's (``meta["date"]``, ``YYYY-MM-DD``, or ``meta["year"]``
    when the day was left blank), else ``default`` (the year of the campaign it is scored for: the rubric's).

    Example:
        >>> document_year({"date": "2023-03-15"}), document_year({"year": "2026"}), document_year({}, 2026)
        (2023, 2026, 2026)
        >>> document_year({"date": "2025-01-08", "doc_type": "BÁO CÁO"})
        2024
    """
    date = meta.get("date") or meta.get("year", "")
    if not (date[:4].isdigit() and 1990 <= int(date[:4]) <= 2100):
        return default
    # a report dated in January or February reports on the year before ("BÁO CÁO kết quả …" of 08/01/2025 on
    # 2024: "Năm 2024, Hội đã …" is its result, not last year's)
    if meta.get("doc_type", "").startswith("BÁO CÁO") and date[5:7] in ("01", "02"):
        return int(date[:4]) - 1
    return int(date[:4])


def _overlaps(hit: Hit, spans: list[tuple[int, int]]) -> bool:
    return any(hit.start < e and s < hit.end for s, e in spans)


def sentence_evidence(text: str, section: str = "", year: int = DEFAULT_YEAR) -> Evidence:
    """Run every rule file over one sentence and its section path; ``year`` is the submission's
    (:func:`document_year`), which tells last year's results from this year's plans."""
    folded = fold(text)
    context = match_rules(load_rules("context"), text, folded, year=year)
    masked = [(h.start, h.end) for h in context]
    slots = [h for h in match_rules(load_rules("measurables"), text, folded) if not _overlaps(h, masked)]
    slots += [Hit("slot.actor.person", "slot", "actor", s, e, name, "Người chịu trách nhiệm được nêu tên")
              for s, e, name in find_names(text)]
    cues = match_rules(load_rules("pillars"), text, folded) + match_rules(load_rules("requirements"), text, folded)
    slogan = match_rules(load_rules("slogans"), text, folded)
    return Evidence(tuple(cues), tuple(slots), tuple(context), tuple(slogan), section_roles(section))


@functools.lru_cache(maxsize=4096)
def section_roles(section: str) -> frozenset[str]:
    """Roles of a heading path ("III. NỘI DUNG > 3. Nêu gương" → neu_guong; outer headings prefixed ``outer_``).

    Cached: every sentence of a section shares its path.
    """
    roles: set[str] = set()
    if section:
        for depth, heading in enumerate(reversed(section.split(" > "))):
            found = {h.value for h in match_rules(load_rules("sections"), heading)}
            roles |= found if depth == 0 else {f"outer_{r}" for r in found}
    return frozenset(roles)
