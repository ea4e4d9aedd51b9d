"""DocumentResult ⇄ JSON-safe dicts (``analysis.jsonl``: one document per line).

The batch writes every analysed document here, so reports can be re-rendered and unchanged
files re-used without analysing again.

Example:
    >>> from analyzer.results import DocumentResult, Sentence
    >>> r = DocumentResult("a.txt", text="Chi bộ họp.", sentences=(Sentence(0, 0, 11, "Chi bộ họp.", "", "body"),))
    >>> from_dict(to_dict(r)) == r
    True
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from analyzer.results import DocumentResult, Finding, ScorePart, Sentence

SCHEMA = "mohinh.analysis.v1"


def to_dict(result: DocumentResult) -> dict:
    """A JSON-safe dict of ``result`` (frozensets become sorted lists)."""
    return {
        "schema": SCHEMA,
        "doc_id": result.doc_id, "status": result.status, "error": result.error, "text": result.text,
        "fmt": result.fmt, "encoding": result.encoding, "warnings": list(result.warnings),
        "meta": dict(result.meta),
        "sentences": [
            {"sent_id": s.sent_id, "start": s.start, "end": s.end, "text": s.text, "section": s.section,
             "kind": s.kind, "labels": sorted(s.labels), "probs": dict(s.probs), "reasons": list(s.reasons)}
            for s in result.sentences
        ],
        "findings": [f.__dict__ | {} for f in result.findings],
        "flags": dict(result.flags), "exemplar_names": list(result.exemplar_names),
        "breakdown": [p.__dict__ | {} for p in result.breakdown],
        "score": result.score, "grade": result.grade, "priority": result.priority,
        "reasons": list(result.reasons), "content_hash": result.content_hash,
    }


def from_dict(data: dict) -> DocumentResult:
    """Rebuild a DocumentResult from :func:`to_dict`."""
    if data.get("schema") != SCHEMA:
        raise ValueError(f"not a {SCHEMA} record: {data.get('schema')!r}")
    return DocumentResult(
        doc_id=data["doc_id"], status=data["status"], error=data["error"], text=data["text"], fmt=data["fmt"],
        encoding=data["encoding"], warnings=tuple(data["warnings"]), meta=tuple(sorted(data["meta"].items())),
        sentences=tuple(
            Sentence(s["sent_id"], s["start"], s["end"], s["text"], s["section"], s["kind"], frozenset(s["labels"]),
                     tuple(s["probs"].items()), tuple(s["reasons"]))
            for s in data["sentences"]
        ),
        findings=tuple(Finding(**f) for f in data["findings"]),
        flags=tuple(data["flags"].items()), exemplar_names=tuple(data["exemplar_names"]),
        breakdown=tuple(ScorePart(**p) for p in data["breakdown"]), score=data["score"], grade=data["grade"],
        priority=data["priority"], reasons=tuple(data["reasons"]), content_hash=data["content_hash"],
    )


def dumps(result: DocumentResult) -> str:
    """One ``analysis.jsonl`` line."""
    return json.dumps(to_dict(result), ensure_ascii=False, separators=(",", ":"))


def read_analysis(path: Path) -> Iterator[DocumentResult]:
    """Stream the documents of an ``analysis.jsonl`` file; a line that cannot be read is E305, naming it."""
    from analyzer.errors import E, DataFileError

    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                result = from_dict(json.loads(line))
            except (ValueError, KeyError, TypeError, AttributeError) as err:
                raise DataFileError(E.OUTPUT_DAMAGED, path=path, line=number,
                                    detail=f"{type(err).__name__}: {err}"[:200]) from None
            yield result
