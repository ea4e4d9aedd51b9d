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
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from analyzer.errors import E, DataFileError
from analyzer.output import SEP, Ranked, atomic_writer, interrupted_analyses, out_lock, results_folder, sweep_temporaries
from analyzer.report.html import index_chunks, render_document
from analyzer.report.views import PAGE_NAME, Summary, document_view, index_row, not_submission_row, page_name
from analyzer.report.xlsx import results_workbook, workbook_rows
from analyzer.results import DocumentResult
from analyzer.score import assign_priorities
from analyzer.serialize import from_dict

__all__ = ["ReportPaths", "document_html", "page_name", "render_reports"]
ANALYSIS = "analysis.jsonl"
RENDERED = ".rendered-from.json"  # written last by a render: what it was rendered from


@dataclass(frozen=True)
class ReportPaths:
    """Where the reports of a batch folder were written."""

    index: Path
    docs_dir: Path
    xlsx: Path
    n_documents: int
    n_errors: int  # files that could not be read, without those an operating system or an editor left
    n_not_submissions: int = 0  # those (E111)
    note: str = ""  # what the render could not use and did instead (a documents.csv re-saved by another program)
    # files a `mohinh score` run into the folder had reached when it was interrupted, since the run rendered here: kept
    # for the next run (analyzer.output.PARTIAL), not in these reports
    n_interrupted: int = 0


def document_html(result: DocumentResult, *, priority: int | None = None, standalone: bool = True) -> str:
    """The report of one submission: a whole page, or (``standalone=False``) a fragment for a notebook.

    The fragment carries its own ``<style>``, scoped to ``.mh-doc``, so it can sit inside any page.
    """
    return render_document(document_view(result, priority), standalone=standalone)


def _entries(path: Path) -> list[Ranked]:
    """Every document of ``analysis.jsonl`` with the byte offset of its line."""
    entries, offset = [], 0
    with open(path, "rb") as handle:
        for number, line in enumerate(handle, start=1):
            if line.strip():
                try:
                    record = json.loads(line)
                    entries.append(Ranked(record["doc_id"], record["status"] == "ok", record.get("score"), offset,
                                          record.get("error") or "", record.get("grade"),
                                          (record.get("meta") or {}).get("not_registration", "")))
                except (ValueError, KeyError, TypeError, AttributeError) as err:
                    raise DataFileError(E.OUTPUT_DAMAGED, path=path, line=number,
                                        detail=f"{type(err).__name__}: {err}"[:200]) from None
            offset += len(line)
    return entries


_NEAR_DUPLICATE = "W201: near-duplicate of "


def _ranking(out: Path, entries: list[Ranked]) -> tuple[dict[str, int], str | None, dict[str, str], str]:
    """Priorities from ``documents.csv`` (ranked again, weakest first, when it is missing or stale), the order
    they follow (``--priority``, None when the batch did not record it), the near-duplicates the batch found
    for each document (its ``duplicate_of``, W201) and a note when the file could not be read as the batch
    wrote it (re-saved from Excel in the Windows code page)."""
    path = out / "documents.csv"
    priorities: dict[str, int] = {}
    twins: dict[str, str] = {}
    note = ""
    if path.is_file():
        try:
            with open(path, encoding="utf-8-sig", newline="") as handle:
                for row in csv.DictReader(handle):
                    if (row.get("priority") or "").isdigit():
                        priorities[row["doc_id"]] = int(row["priority"])
                    if row.get("duplicate_of"):
                        # as the batch wrote it, with the count of those it did not name ("… and 764 more")
                        said = [w for w in (row.get("warnings") or "").split(SEP) if w.startswith(_NEAR_DUPLICATE)]
                        twins[row["doc_id"]] = said[0][len(_NEAR_DUPLICATE):] if said else row["duplicate_of"]
        except (UnicodeDecodeError, csv.Error, KeyError, OSError) as err:
            priorities, twins = {}, {}
            note = (f"{path} is not the table the batch wrote ({type(err).__name__}: re-saved by another program?): "
                    "the documents are ranked again, weakest first, without the batch's near-duplicates; "
                    "run `mohinh score` again to restore it")
    if any(e.doc_id not in priorities for e in entries):
        return assign_priorities(entries), "weakest", twins, note  # type: ignore[arg-type]
    return priorities, _recorded_order(out), twins, note


def _recorded_order(out: Path) -> str | None:
    """The ``--priority`` the batch was ranked by, as its manifest records it."""
    from analyzer.batch import MANIFEST

    try:
        order = json.loads((out / MANIFEST).read_text(encoding="utf-8")).get("priority")
    except (OSError, ValueError, AttributeError):
        return None
    return order if isinstance(order, str) else None


def _identity(out: Path) -> dict[str, list[int] | None]:
    """What the reports are rendered from: the size and time of the batch's analysis and ranking."""
    found: dict[str, list[int] | None] = {}
    for name in (ANALYSIS, "documents.csv"):
        try:
            stat = (out / name).stat()
            found[name] = [stat.st_size, stat.st_mtime_ns]
        except OSError:
            found[name] = None
    return found


def reports_current(out_dir: str | Path) -> bool:
    """Whether ``OUT/report/index.html`` and ``OUT/results.xlsx`` were rendered, to the end, from the
    batch's present results: not after a run with ``--no-report``, nor by a render cut short."""
    out = Path(out_dir)
    stamp = out / "report" / RENDERED
    if not ((out / "report" / "index.html").is_file() and (out / "results.xlsx").is_file() and stamp.is_file()):
        return False
    try:
        return json.loads(stamp.read_text(encoding="utf-8")) == _identity(out)
    except (OSError, ValueError):
        return False


def _write(path: Path, text: str) -> None:
    with atomic_writer(path) as handle:
        handle.write(text)


@dataclass(frozen=True)
class _Task:
    analysis: str
    offset: int
    priority: int
    docs_dir: str
    twins: str = ""  # the batch's near-duplicates of the document (W201)


def _render_one(task: _Task) -> tuple[dict, dict[str, list]]:
    """Read one document back, write its page; return its index row and workbook rows (plain data)."""
    with open(task.analysis, "rb") as handle:
        handle.seek(task.offset)
        result = from_dict(json.loads(handle.readline()))
    if task.twins:
        result = replace(result, warnings=(*result.warnings, f"{_NEAR_DUPLICATE}{task.twins}"))
    href = ""
    if result.ok:
        name = page_name(result.doc_id)
        view = document_view(result, task.priority)
        _write(Path(task.docs_dir) / name, render_document(view, standalone=True, index_href="../index.html"))
        href = f"docs/{name}"
    row = index_row(result, task.priority, href)
    return row, workbook_rows(result, row)


def _rows(path: Path) -> Iterator[dict]:
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            yield json.loads(line)


def render_reports(out_dir: str | Path, *, jobs: int = 1) -> ReportPaths:
    """Write ``OUT/report/index.html``, ``OUT/report/docs/*.html`` and ``OUT/results.xlsx``.

    Pages are rendered by ``jobs`` processes (each reads its document back from
    ``analysis.jsonl``); the parent writes the workbook and the index in priority order, the
    index rows through a temporary file, so memory stays flat on large batches.
    """
    out = Path(out_dir)
    results_folder(out, (ANALYSIS,), "`mohinh report {path}`")
    with out_lock(out):
        return _render_reports(out, jobs)


def _render_reports(out: Path, jobs: int) -> ReportPaths:
    from analyzer.api import parallel_map

    analysis = out / ANALYSIS
    sweep_temporaries(out)  # keeps what a killed run had analysed, for the next run
    entries = _entries(analysis)
    priorities, order, twins, note = _ranking(out, entries)
    entries.sort(key=lambda e: (priorities[e.doc_id], e.doc_id))
    report, docs = out / "report", out / "report" / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    (report / RENDERED).unlink(missing_ok=True)  # until this render is complete
    xlsx = out / "results.xlsx"
    pages = {page_name(e.doc_id) for e in entries if e.ok}
    tasks = [_Task(str(analysis), e.offset, priorities[e.doc_id], str(docs), twins.get(e.doc_id, "")) for e in entries]
    counts = Summary()
    with tempfile.TemporaryDirectory(dir=report, prefix=".index-") as tmp:
        ok_rows, failed_rows, other_rows = (Path(tmp) / f"{name}.jsonl" for name in ("rows", "failures", "others"))
        with results_workbook(xlsx, order=order) as add_to_workbook, open(ok_rows, "w", encoding="utf-8") as ok_out, \
                open(failed_rows, "w", encoding="utf-8") as failed_out, open(other_rows, "w", encoding="utf-8") as other_out:
            for row, workbook in parallel_map(_render_one, tasks, jobs, warm=None):
                counts.add(row)
                out_file = ok_out if row["ok"] else other_out if not_submission_row(row) else failed_out
                out_file.write(json.dumps(row, ensure_ascii=False) + "\n")
                add_to_workbook(workbook, row["href"])
        n_failures = counts.n_files - counts.n_ok - counts.n_not_submissions
        with atomic_writer(report / "index.html") as handle:
            for chunk in index_chunks(_rows(ok_rows), _rows(failed_rows), n_rows=counts.n_ok, n_failures=n_failures,
                                      summary=counts.as_dict(), xlsx_href="../results.xlsx",
                                      not_submissions=_rows(other_rows), n_not_submissions=counts.n_not_submissions,
                                      order=order):
                handle.write(chunk)
    for stale in docs.glob("*.html"):  # pages of documents no longer in the batch; a file of the user's stays
        if stale.name not in pages and PAGE_NAME.fullmatch(stale.name):
            stale.unlink()
    _write(report / RENDERED, json.dumps(_identity(out)))
    return ReportPaths(report / "index.html", docs, xlsx, len(entries), n_failures, counts.n_not_submissions, note,
                       interrupted_analyses(out))
