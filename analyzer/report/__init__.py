"""The appraisers' reports: a ranked index page, one HTML page per submission, ``results.xlsx``.

Reports are rendered from a finished batch folder (``OUT/analysis.jsonl`` streamed one document
at a time, ``OUT/documents.csv`` for the review priority), so they can be rebuilt without
analysing again (``mohinh report OUT``).

Example:
    >>> import analyzer
    >>> from analyzer.report import document_html
    >>> r = analyzer.analyze_text("Chi bộ tổ chức cho 100% đảng viên học tập chuyên đề trước 30/6/2024.")
    >>> html = document_html(r, standalone=False)
    >>> html.startswith('<div class="mh-doc"'), 'id="s0"' in html
    (True, True)
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

from analyzer.errors import E, MohinhError
from analyzer.output import atomic_writer
from analyzer.report.html import render_document, render_index
from analyzer.report.views import document_view, index_row, page_name
from analyzer.report.xlsx import results_workbook
from analyzer.results import DocumentResult
from analyzer.score import assign_priorities
from analyzer.serialize import from_dict

__all__ = ["ReportPaths", "document_html", "page_name", "render_reports"]
ANALYSIS = "analysis.jsonl"


@dataclass(frozen=True)
class ReportPaths:
    """Where the reports of a batch folder were written."""

    index: Path
    docs_dir: Path
    xlsx: Path
    n_documents: int
    n_errors: int


def document_html(result: DocumentResult, *, priority: int | None = None, standalone: bool = True) -> str:
    """The report of one submission: a whole page, or (``standalone=False``) a fragment for a notebook.

    The fragment carries its own ``<style>``, scoped to ``.mh-doc``, so it can sit inside any page.
    """
    return render_document(document_view(result, priority), standalone=standalone)


@dataclass(frozen=True)
class _Entry:
    doc_id: str
    ok: bool
    score: float | None
    offset: int


def _entries(path: Path) -> list[_Entry]:
    """Every document of ``analysis.jsonl`` with the byte offset of its line."""
    entries, offset = [], 0
    with open(path, "rb") as handle:
        for line in handle:
            if line.strip():
                record = json.loads(line)
                entries.append(_Entry(record["doc_id"], record["status"] == "ok", record.get("score"), offset))
            offset += len(line)
    return entries


def _priorities(out: Path, entries: list[_Entry]) -> dict[str, int]:
    """Priorities from ``documents.csv``; ranked again (weakest first) when it is missing or stale."""
    path = out / "documents.csv"
    priorities: dict[str, int] = {}
    if path.is_file():
        with open(path, encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle):
                if (row.get("priority") or "").isdigit():
                    priorities[row["doc_id"]] = int(row["priority"])
    if any(e.doc_id not in priorities for e in entries):
        return assign_priorities(entries)  # type: ignore[arg-type]
    return priorities


def _write(path: Path, text: str) -> None:
    with atomic_writer(path) as handle:
        handle.write(text)


def render_reports(out_dir: str | Path) -> ReportPaths:
    """Write ``OUT/report/index.html``, ``OUT/report/docs/*.html`` and ``OUT/results.xlsx``.

    Documents are read back one at a time in priority order, so memory stays flat on large batches.
    """
    out = Path(out_dir)
    analysis = out / ANALYSIS
    if not analysis.is_file():
        raise MohinhError(E.INPUT_MISSING, path=f"{analysis} (run `mohinh score IN --out {out}` first)")
    entries = _entries(analysis)
    priorities = _priorities(out, entries)
    entries.sort(key=lambda e: (priorities[e.doc_id], e.doc_id))
    report, docs = out / "report", out / "report" / "docs"
    xlsx = out / "results.xlsx"
    rows, failures, pages = [], [], set()
    with results_workbook(xlsx) as add_to_workbook, open(analysis, "rb") as handle:
        for entry in entries:
            handle.seek(entry.offset)
            result = from_dict(json.loads(handle.readline()))
            priority = priorities[result.doc_id]
            href = ""
            if result.ok:
                name = page_name(result.doc_id)
                view = document_view(result, priority)
                _write(docs / name, render_document(view, standalone=True, index_href="../index.html"))
                pages.add(name)
                href = f"docs/{name}"
            row = index_row(result, priority, href)
            (rows if result.ok else failures).append(row)
            add_to_workbook(result, row)
    _write(report / "index.html", render_index(rows, failures, xlsx_href="../results.xlsx"))
    for stale in docs.glob("*.html") if docs.is_dir() else ():
        if stale.name not in pages:
            stale.unlink()
    return ReportPaths(report / "index.html", docs, xlsx, len(entries), len(failures))
