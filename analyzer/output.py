"""Rows and files of the output contract (DESIGN.md): documents.csv, sentences.csv, findings.csv.

Rows are plain dicts; files are written to a temporary name and renamed when complete, so an
interrupted run never leaves a half-written file.

Example:
    >>> from analyzer.results import DocumentResult
    >>> row = document_row(DocumentResult(doc_id="a.pdf", status="error", error="E104: …"), 1)
    >>> row["status"], row["priority"], row["score"]
    ('error', 1, '')
"""

from __future__ import annotations

import csv
import json
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from analyzer.labels import LABELS, PILLARS, REQUIREMENTS
from analyzer.results import DocumentResult

FLAG_COLUMNS = list(PILLARS) + [f"{p}_concrete" for p in PILLARS] + list(REQUIREMENTS)
DOCUMENT_COLUMNS = (
    ["doc_id", "status", "error", "score", "grade", "priority"] + FLAG_COLUMNS
    + ["exemplar_names", "n_sentences", "n_actions", "n_slogans", "slogan_index", "reasons",
       "format", "encoding", "warnings", "doc_type", "number", "date", "place", "issuing_body", "model_name",
       "person_name", "duplicate_of", "n_chars", "content_hash", "not_registration"]
)
SENTENCE_COLUMNS = (
    ["doc_id", "sent_id", "start", "end", "text", "section", "kind"] + list(LABELS)
    + [f"p_{label}" for label in LABELS] + ["reasons"]
)
FINDING_COLUMNS = ["doc_id", "sent_id", "label", "start", "end", "score", "source", "message", "evidence"]
SEP = "; "


@dataclass(frozen=True)
class Ranked:
    """What ranking a batch needs of one analysed document (:func:`~analyzer.score.assign_priorities`), and
    the byte offset of the line that holds the rest of it (a row of the batch's temporary table, or a line of
    analysis.jsonl), read back in priority order."""

    doc_id: str
    ok: bool
    score: float | None
    offset: int
    error: str = ""
    grade: int | None = None
    not_registration: str = ""  # the kind of a file that is no registration at all (ranked right after failures)


def document_row(result: DocumentResult, priority: int | None) -> dict[str, object]:
    """One ``documents.csv`` row."""
    row: dict[str, object] = {c: "" for c in DOCUMENT_COLUMNS}
    row.update(doc_id=result.doc_id, status=result.status, error=result.error, format=result.fmt,
               encoding=result.encoding, warnings=SEP.join(result.warnings),
               priority=priority if priority is not None else "")
    if not result.ok:
        return row
    meta = dict(result.meta)
    row.update({name: result.flag(name) for name in FLAG_COLUMNS})
    row.update(
        score=result.score, grade=result.grade, exemplar_names=SEP.join(result.exemplar_names),
        n_sentences=len(result.sentences), n_actions=result.count("action"), n_slogans=result.count("slogan"),
        slogan_index="" if result.slogan_index is None else round(result.slogan_index, 4),
        reasons=SEP.join(result.reasons),
        n_chars=len(result.text), content_hash=result.content_hash,
        # the kind of a file that is not a registration at all ("minute", "article", …), graded 1; empty otherwise
        not_registration=meta.get("not_registration", ""),
        **{k: meta.get(k, "") for k in ("doc_type", "number", "date", "place", "issuing_body", "model_name", "person_name")},
    )
    return row


# near-duplicates named in a row at most: 2,000 submissions copied from one template made each row name
# hundreds, three times over (45 MB of documents.csv); the rest are counted
SHOWN_TWINS = 10


def mark_duplicate(row: dict, others: list[str]) -> None:
    """Name the near-identical submissions of the batch (the first ``SHOWN_TWINS``, and how many more) in a
    ``documents.csv`` row's ``duplicate_of``, warnings and reasons.

    Example:
        >>> row = {"warnings": "", "reasons": "Thiếu nội dung Nêu gương"}
        >>> mark_duplicate(row, ["xa_an_binh.docx"])
        >>> row["duplicate_of"], row["reasons"]
        ('xa_an_binh.docx', 'Gần trùng nội dung với hồ sơ xa_an_binh.docx; Thiếu nội dung Nêu gương')
    """
    shown, more = others[:SHOWN_TWINS], len(others) - SHOWN_TWINS
    names = ", ".join(shown)
    row["duplicate_of"] = SEP.join(shown)
    warning = f"W201: near-duplicate of {names}" + (f" and {more} more" if more > 0 else "")
    reason = f"Gần trùng nội dung với hồ sơ {names}" + (f" và {more} hồ sơ khác" if more > 0 else "")
    row["warnings"] = SEP.join(filter(None, [str(row.get("warnings", "")), warning]))
    row["reasons"] = SEP.join(filter(None, [reason, str(row.get("reasons", ""))]))


def sentence_rows(result: DocumentResult) -> Iterator[dict[str, object]]:
    """The ``sentences.csv`` rows of one document (none for a failed file)."""
    for s in result.sentences:
        probs = dict(s.probs)
        row: dict[str, object] = {
            "doc_id": result.doc_id, "sent_id": s.sent_id, "start": s.start, "end": s.end, "text": s.text,
            "section": s.section, "kind": s.kind, "reasons": SEP.join(s.reasons),
        }
        for label in LABELS:
            row[label] = int(label in s.labels)
            row[f"p_{label}"] = round(probs[label], 4) if label in probs else ""
        yield row


def finding_rows(result: DocumentResult) -> Iterator[dict[str, object]]:
    """The ``findings.csv`` rows of one document: every piece of evidence with its source."""
    for f in result.findings:
        yield {"doc_id": result.doc_id, "sent_id": f.sent_id, "label": f.label, "start": f.start, "end": f.end,
               "score": round(f.score, 4), "source": f.source, "message": f.message, "evidence": f.evidence}


@contextmanager
def atomic_writer(path: Path, keep: Callable[[Path], None] | None = None) -> Iterator[IO[str]]:
    """Open a temporary file beside ``path``; rename it over ``path`` only on success. On failure the temporary
    file is removed, or handed to ``keep`` (closed) for what it holds."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            yield handle
        os.replace(tmp, path)
    except BaseException:
        if keep is not None and Path(tmp).is_file():
            keep(Path(tmp))
        else:
            Path(tmp).unlink(missing_ok=True)
        raise


def results_folder(out_dir: str | os.PathLike[str], names: Iterable[str], reader: str) -> Path:
    """``out_dir`` as the output folder of a ``mohinh score`` run holding the files ``names``, else an error that
    says what was given instead: a folder that does not exist (E303), a file of the folder, or the folder of
    submissions itself (E310), or one whose first run was interrupted (E311). ``reader`` is the call that reads a folder ``{path}``, named in the advice.

    Example:
        >>> results_folder("khong_co", ["documents.csv"], "load_results('{path}')")
        Traceback (most recent call last):
        ...
        analyzer.errors.MohinhError: E303: khong_co (run `mohinh score IN --out khong_co` first) does not exist.
    """
    from analyzer.errors import E, MohinhError, counted

    out = Path(out_dir)
    if not out.exists():
        raise MohinhError(E.INPUT_MISSING, path=f"{out} (run `mohinh score IN --out {out}` first)")
    if not out.is_dir():
        raise MohinhError(E.NOT_RESULTS, path=out,
                          detail=f"it is a file; give the folder that holds it, {reader.format(path=out.parent)}")
    missing = [name for name in names if not (out / name).is_file()]
    writer = _writer(out) if missing else None
    if writer is not None:  # a first run is writing them
        raise MohinhError(E.OUT_BUSY, path=out, pid=writer)
    n_interrupted = interrupted_analyses(out) if missing else 0
    if n_interrupted:  # the first run was interrupted: what it analysed waits for the next
        raise MohinhError(E.NO_RUN_YET, path=out, files=counted(n_interrupted, "file"))
    if missing and not any(True for _ in out.iterdir()):  # an empty folder: the results are yet to come
        raise MohinhError(E.INPUT_MISSING, path=f"{out / missing[0]} (run `mohinh score IN --out {out}` first)")
    if missing:
        raise MohinhError(E.NOT_RESULTS, path=out, detail=(
            f"it holds no {missing[0]}; if it holds the submissions, score them into another folder, "
            f"`mohinh score {out} --out RESULTS`, and read that, {reader.format(path='RESULTS')}"))
    return out


LOCK = ".mohinh.lock"
_held: dict[str, int] = {}  # lock files this process holds → how many times it took them (a run renders too)


@contextmanager
def out_lock(out: Path) -> Iterator[None]:
    """Hold ``OUT/.mohinh.lock`` while a run writes into ``out``: a second run or a `mohinh report` on the same
    folder is refused (``E308``) instead of sweeping away the first one's temporary files. The operating
    system releases the lock when the process ends, however it ends (a killed run leaves none behind).
    Raises ``E309`` when the folder cannot be made or written."""
    from analyzer.errors import E, MohinhError

    key = os.path.realpath(out)
    if key in _held:
        _held[key] += 1
        try:
            yield
        finally:
            _held[key] -= 1
        return
    try:
        out.mkdir(parents=True, exist_ok=True)
        handle = open(out / LOCK, "a+", encoding="utf-8")
    except OSError as err:
        raise MohinhError(E.OUT_UNWRITABLE, path=out, detail=err.strerror or type(err).__name__) from None
    try:
        if not _try_lock(handle):
            handle.seek(0)
            pid = handle.read().strip() or "?"
            raise MohinhError(E.OUT_BUSY, path=out, pid=pid)
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        _held[key] = 1
        try:
            yield
        finally:
            del _held[key]
    finally:
        handle.close()  # closing releases the lock


def _writer(out: Path) -> str | None:
    """The process id of the run that holds ``out``'s lock (``?`` when unsaid), None when no other run does."""
    if os.path.realpath(out) in _held:
        return None
    try:
        handle = open(out / LOCK, "r+", encoding="utf-8")  # never made here: a folder of submissions stays as it is
    except OSError:
        return None
    with handle:  # closing releases the lock, if this took it
        return None if _try_lock(handle) else (handle.read().strip() or "?")


def _try_lock(handle: IO[str]) -> bool:
    try:
        import fcntl
    except ImportError:  # Windows
        import msvcrt

        try:
            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:
        return False


ANALYSIS = "analysis.jsonl"
# what a run that did not finish (Ctrl-C, `kill`, a full disk, a power cut) had written of its analysis.jsonl, one
# file a run: the next runs take the analyses from there instead of analysing the files again, until one completes
PARTIAL = ".analysis.partial-{n}.jsonl"
_PARTIAL_NAME = re.compile(r"\.analysis\.partial-(\d+)\.jsonl")
_ANALYSIS_TMP = f".{ANALYSIS}.*.tmp"  # analysis.jsonl being written (atomic_writer), or by a run killed outright


def partials(out: Path) -> list[tuple[int, Path]]:
    """What the runs interrupted since the last complete one had analysed (:data:`PARTIAL`), oldest first."""
    return sorted((int(m[1]), out / m[0]) for m in map(_PARTIAL_NAME.fullmatch, os.listdir(out)) if m)


def keep_partial(out: Path, tmp: Path) -> None:
    """Keep what an interrupted run (or one killed before: its temporary file) had written of its analysis.jsonl
    for the next run, under a name that no reader takes for a run's outputs."""
    if tmp.stat().st_size == 0:
        tmp.unlink()
        return
    tmp.replace(out / PARTIAL.format(n=max((n for n, _ in partials(out)), default=0) + 1))


def interrupted_analyses(out: Path) -> int:
    """How many files the runs into ``out`` interrupted since its last complete one had analysed (kept for the next
    run: :data:`PARTIAL`, or the temporary analysis.jsonl of a run killed outright); a line cut short is not one."""
    if not out.is_dir():
        return 0
    found: set[str] = set()
    for path in [*(path for _, path in partials(out)), *out.glob(_ANALYSIS_TMP)]:
        try:
            found.update(r["doc_id"] for _, r in analysis_lines(path) if isinstance(r.get("doc_id"), str))
        except OSError:
            pass
    return len(found)


def analysis_lines(path: Path) -> Iterator[tuple[int, dict]]:
    """The analyses an analysis.jsonl (or a run's kept :data:`PARTIAL`) holds, each with the byte offset of its
    line; a line cut short by an interruption, or damaged, is skipped."""
    with open(path, "rb") as handle:
        offset = 0
        for line in handle:
            try:
                record = json.loads(line)
            except ValueError:
                record = None
            if isinstance(record, dict):
                yield offset, record
            offset += len(line)


def sweep_temporaries(out: Path) -> None:
    """Remove what a run killed outright (SIGKILL, a power cut) left of its outputs: the temporary files
    of :func:`~analyzer.output.atomic_writer` and the report's and the workbook's working folders; all but
    its analyses, kept for the next run (:func:`keep_partial`). Called under the folder's lock (:func:`out_lock`)."""
    import shutil

    if not out.is_dir():
        return
    for tmp in out.glob(_ANALYSIS_TMP):  # a killed run's, as far as it got
        keep_partial(out, tmp)
    patterns = [(out, ".*.tmp"), (out, ".results.xlsx.rows-*"), (out / "report", ".*.tmp"), (out / "report", ".index-*"),
                (out / "report" / "docs", ".*.tmp")]
    for folder, pattern in patterns:
        for path in folder.glob(pattern) if folder.is_dir() else ():
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)


def write_csv(path: Path, columns: list[str], rows: Iterable[dict[str, object]]) -> int:
    """Write ``rows`` atomically as CSV (UTF-8 with BOM so Excel shows Vietnamese); return the count."""
    count = 0
    with atomic_writer(path) as handle:
        handle.write("\ufeff")
        writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
            count += 1
    return count
