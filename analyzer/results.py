"""Plain, frozen result data: what leaves the pipeline (never a spaCy object).

All offsets are character offsets into ``DocumentResult.text`` (the document text after
decoding and normalisation), end exclusive.

Example:
    >>> s = Sentence(0, 0, 24, "Chi bộ có 15 đảng viên.", "", "body")
    >>> s.has("action")
    False
"""

from __future__ import annotations

from dataclasses import dataclass, field

from analyzer.labels import LABELS


@dataclass(frozen=True)
class Finding:
    """One piece of evidence: a label or slot on a character span, with who found it and why.

    ``source`` names the rule (``rule:slogan.stock_phrase``) or model (``model:pillars.v1``);
    ``message`` is the Vietnamese explanation an appraiser reads; ``evidence`` the supporting words.
    """

    label: str
    start: int
    end: int
    score: float
    source: str
    message: str
    evidence: str = ""
    sent_id: int = -1


@dataclass(frozen=True)
class Sentence:
    """One sentence with its layout role, labels, label probabilities and reasons."""

    sent_id: int
    start: int
    end: int
    text: str
    section: str
    kind: str
    labels: frozenset[str] = frozenset()
    probs: tuple[tuple[str, float], ...] = ()
    reasons: tuple[str, ...] = ()

    def has(self, label: str) -> bool:
        """True when the sentence carries ``label``."""
        return label in self.labels

    def prob(self, label: str) -> float | None:
        """The probability a model gave ``label``, or None when no model scored it."""
        return dict(self.probs).get(label)


@dataclass(frozen=True)
class ScorePart:
    """One part of the score: its value (0–1), weight, points and a Vietnamese reason."""

    name: str
    value: float
    weight: float
    points: float
    reason: str


@dataclass(frozen=True)
class DocumentResult:
    """Everything mohinh knows about one submission.

    ``status`` is ``ok`` or ``error`` (then ``error`` holds the coded message and the rest is
    empty); ``priority`` is set when a batch is ranked.
    """

    doc_id: str
    status: str = "ok"
    error: str = ""
    text: str = ""
    fmt: str = ""
    encoding: str = ""
    warnings: tuple[str, ...] = ()
    meta: tuple[tuple[str, str], ...] = ()
    sentences: tuple[Sentence, ...] = ()
    findings: tuple[Finding, ...] = ()
    flags: tuple[tuple[str, int], ...] = ()
    exemplar_names: tuple[str, ...] = ()
    breakdown: tuple[ScorePart, ...] = ()
    score: float | None = None
    grade: int | None = None
    priority: int | None = None
    reasons: tuple[str, ...] = ()
    content_hash: str = ""
    extra: tuple[tuple[str, object], ...] = field(default=(), compare=False)

    @property
    def ok(self) -> bool:
        """True when the document was analysed."""
        return self.status == "ok"

    def flag(self, name: str) -> int:
        """A document flag (``hoc_tap``, ``lam_theo_concrete``, ``exemplar`` …) as 0/1."""
        return dict(self.flags).get(name, 0)

    def count(self, label: str) -> int:
        """How many sentences carry ``label``."""
        return sum(1 for s in self.sentences if label in s.labels)

    @property
    def not_registration(self) -> str:
        """The kind of a file that is not a model registration at all ("minute", "article", …: see
        analyzer/detect/doctype.py), empty for a registration."""
        return dict(self.meta).get("not_registration", "")

    @property
    def slogan_index(self) -> float | None:
        """slogans ÷ (slogans + actions); None when there is neither (0 would read as wholly concrete)."""
        actions, slogans = self.count("action"), self.count("slogan")
        return slogans / (actions + slogans) if actions + slogans else None

    def label_counts(self) -> dict[str, int]:
        """Sentences per label."""
        return {label: self.count(label) for label in LABELS}

    def _repr_html_(self) -> str:
        """Jupyter draws a result as its report page (:func:`analyzer.show_document`), not as its fields."""
        from analyzer.frames import show_document

        return show_document(self).data
