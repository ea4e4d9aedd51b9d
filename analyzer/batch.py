"""Batch scoring of a folder into the output contract's files, incrementally.

Documents stream to disk as they finish (``analysis.jsonl``, ``sentences.csv``,
``findings.csv``); their ``documents.csv`` rows wait in a temporary file until the batch is
ranked, so memory holds only each document's id, score and place in that file (and its
near-duplicate sketch). A re-run re-uses the previous ``analysis.jsonl`` for every file whose
bytes, rubric, model and analyzer code and rule files are unchanged (the content-hash cache).

Example:
    >>> summary = score_folder("corpora/samples", "/tmp/mohinh_out", progress=False)  # doctest: +SKIP
    >>> summary.n_files, summary.n_errors  # doctest: +SKIP
    (8, 0)
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import os
import sys
import tempfile
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from analyzer.api import (analyze_file, content_hash, error_result, iter_files, link_outside, parallel_map,
                          worker_died)
from analyzer.config import Config
from analyzer.dedup import NearDuplicates, sketch
from analyzer.errors import E, MohinhError, not_a_submission
from analyzer.output import (ANALYSIS, DOCUMENT_COLUMNS, FINDING_COLUMNS, SENTENCE_COLUMNS, Ranked, analysis_lines,
                             atomic_writer, document_row, finding_rows, keep_partial, mark_duplicate, out_lock, partials,
                             sentence_rows, sweep_temporaries, write_csv)
from analyzer.results import DocumentResult
from analyzer.rubrics import load_rubric
from analyzer.score import assign_priorities
from analyzer.serialize import dumps, from_dict

MANIFEST = ".mohinh-manifest.json"
OUTPUTS = ("documents.csv", "sentences.csv", "findings.csv", ANALYSIS)


@dataclass(frozen=True)
class BatchSummary:
    """What a batch run produced."""

    out_dir: Path
    n_files: int
    n_errors: int
    n_sentences: int
    n_cached: int
    up_to_date: bool = False
    n_not_submissions: int = 0  # of the errors, files an operating system or an editor left (E111)
    earlier_outputs: tuple[str, ...] = ()  # output folders of earlier runs inside IN, not walked
    hidden_folders: tuple[str, ...] = ()  # hidden directories inside IN (".git"), not walked


@dataclass(frozen=True)
class _Job:
    path: str
    doc_id: str
    config: Config
    key: str
    root: str  # the folder being scored: a link out of it is not read


def _file_key(path: Path, config: Config, reading: bytes = b"", within: str | Path | None = None) -> str:
    """Cache key of a file's bytes (empty when the file cannot be read: it is analysed to get its error).

    ``reading`` names what this machine can read beyond the code (:func:`_reading`), so that a scan
    reported unreadable is read once Tesseract is installed, not kept from the cache. A link to a file
    outside ``within`` (the input folder) is never opened, not even to hash it (its row says E109). A file of
    a saved web page's folder is marked: scored alone before the page was put beside it, it is not served
    from the cache once the page is there (its row says E111).
    """
    from analyzer.ingest.artefacts import web_page_of

    try:
        if within is not None and link_outside(path, within) is not None:
            return ""
        if not path.is_file():
            return ""
        with open(path, "rb") as handle:
            data = handle.read(config.max_bytes + 1)
        # a file over the limit is refused (E102): marked, so that a file of exactly the old limit's size is not
        # taken from the cache under a limit one byte lower. Within the limit the key is the content's alone, the
        # same under any limit (the limit on characters is checked against the cached text: ``_previous``).
        over = b"\0over-max-bytes" if len(data) > config.max_bytes else b""
        return content_hash(reading + data + over + (b"\0web-page-file" if web_page_of(path) else b""), config)
    except OSError:
        return ""


def _reading() -> bytes:
    """What the readers can do on this machine that the analyzer's code does not fix: OCR or not."""
    from analyzer.ingest import ocr

    return b"ocr\0" if ocr.available() else b"no-ocr\0"


@dataclass(frozen=True)
class _Done:
    """A finished document, already serialised: the batch only writes these strings."""

    doc_id: str
    ok: bool
    score: float | None
    row: dict
    line: str
    sentences_csv: str
    findings_csv: str
    n_sentences: int
    sketch: tuple[str, object] | None


def _grade(value: object) -> int | None:
    return int(value) if isinstance(value, (int, float)) or (isinstance(value, str) and value.isdigit()) else None


def _csv_chunk(columns: list[str], rows) -> str:  # type: ignore[no-untyped-def]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore")
    writer.writerows(rows)
    return buffer.getvalue()


def _finish(result: DocumentResult, line: str | None = None) -> _Done:
    """Serialise one document where it was analysed (a worker), so the parent does little per document."""
    return _Done(result.doc_id, result.ok, result.score, document_row(result, None),
                 line if line is not None else dumps(result) + "\n",
                 _csv_chunk(SENTENCE_COLUMNS, sentence_rows(result)), _csv_chunk(FINDING_COLUMNS, finding_rows(result)),
                 len(result.sentences), sketch(result.text) if result.ok else None)


def _run(job: _Job) -> _Done:
    """Worker: analyse one file and serialise the outcome."""
    try:
        result = analyze_file(job.path, doc_id=job.doc_id, config=job.config, key=job.key, within=job.root)
    except Exception as err:  # never lose a file: the row says what happened
        result = error_result(job.doc_id, err)
    return _finish(result)


def _crashed(job: _Job) -> _Done:
    """The row of a file whose analysis killed its worker process (see ``parallel_map``)."""
    return _finish(worker_died(job.doc_id, job.path))


_Where = tuple[str, int]  # a cached analysis: the file that holds it (ANALYSIS or a PARTIAL of analyzer.output) and the byte offset of its line


def _previous(out: Path, max_chars: int) -> dict[str, tuple[str, _Where]]:
    """doc_id → (cache key, where) of the analyses of the previous complete run (analysis.jsonl) and of the runs
    interrupted since (:data:`~analyzer.output.PARTIAL`, newer: they win), for the documents whose text is within ``max_chars``
    (under a lower limit the same file is refused). A line cut short by the interruption is skipped."""
    index: dict[str, tuple[str, _Where]] = {}
    for path in [out / ANALYSIS, *(path for _, path in partials(out))]:
        if not path.is_file():
            continue
        for offset, record in analysis_lines(path):
            if record.get("status") == "ok" and record.get("content_hash") and len(record.get("text", "")) <= max_chars:
                index[record["doc_id"]] = (record["content_hash"], (path.name, offset))
    return index


def _cached_at(previous: dict[str, tuple[str, _Where]], by_key: dict[str, _Where], doc_id: str,
               key: str) -> _Where | None:
    """Where the cache holds the analysis of a file with this key: under its name, else under another."""
    if not key:
        return None
    earlier, where = previous.get(doc_id, ("", (ANALYSIS, 0)))
    return where if earlier == key else by_key.get(key)


def _progress(total: int, enabled: bool):  # type: ignore[no-untyped-def]
    from tqdm import tqdm

    # a bar redrawn into a log file or a cron mail is noise: drawn only on a terminal
    return tqdm(total=total, unit="tệp", desc="mohinh", disable=not enabled or not _on_terminal(), dynamic_ncols=True)


def _on_terminal() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


def score_folder(in_dir: str | Path, out_dir: str | Path, *, config: Config | None = None, progress: bool = True,
                 parquet: bool = False, priority_order: str = "weakest", use_cache: bool = True) -> BatchSummary:
    """Score every file under ``in_dir`` into ``out_dir`` (documents/sentences/findings CSV + analysis.jsonl),
    holding the folder's lock (:func:`~analyzer.output.out_lock`: ``E308`` while another run writes there)."""
    config = config or Config()
    out = Path(out_dir)
    if os.path.realpath(out) == os.path.realpath(in_dir):
        raise MohinhError(E.OUT_IS_IN, path=out)
    with out_lock(out):
        return _score_folder(in_dir, out, config, progress, parquet, priority_order, use_cache)


def _score_folder(in_dir: str | Path, out: Path, config: Config, progress: bool, parquet: bool, priority_order: str,
                  use_cache: bool) -> BatchSummary:
    sweep_temporaries(out)  # keeps what a killed run had analysed (output.PARTIAL)
    earlier: list[str] = []
    hidden: list[str] = []
    files = iter_files(in_dir, include_hidden=config.include_hidden, skip=out, outputs=earlier, hidden=hidden)
    reading = _reading()
    keys = [_file_key(p, config, reading, in_dir) for p, _ in files]
    # the folder is part of the inputs: error rows name the file's path, which a moved folder changes
    manifest = {"files": [[doc_id, key] for (_, doc_id), key in zip(files, keys)],
                "priority": priority_order, "parquet": parquet, "root": os.path.realpath(in_dir),
                "max_chars": config.max_chars}
    parquet_there = not parquet or all((out / f"{name}.parquet").is_file() for name in _PARQUET)
    if use_cache and all(keys) and parquet_there and _read_manifest(out) == manifest:
        saved = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
        return BatchSummary(out, len(files), saved["n_errors"], saved["n_sentences"], len(files), up_to_date=True,
                            n_not_submissions=saved.get("n_not_submissions", 0), earlier_outputs=tuple(earlier),
                            hidden_folders=tuple(hidden))
    (out / MANIFEST).unlink(missing_ok=True)
    previous = _previous(out, config.max_chars) if use_cache else {}
    # a file moved or renamed since (a district's files put in a sub-folder) is the same analysis: found
    # by its key, under its new name
    by_key = {key: offset for key, offset in previous.values()}  # the same content under several names: any
    offsets = [_cached_at(previous, by_key, doc_id, key) for (_, doc_id), key in zip(files, keys)]
    cached = [where is not None for where in offsets]
    jobs = [_Job(str(p), doc_id, config, k, str(in_dir)) for (p, doc_id), k, c in zip(files, keys, cached) if not c]
    analysed = parallel_map(_run, jobs, config.workers, warm=config.rubric, on_crash=_crashed)
    docs: list[Ranked] = []
    twins: dict[str, list[str]] = {}
    finder = NearDuplicates()
    n_sentences = n_cached = 0
    old = {name: open(out / name, "rb") for name in {where[0] for where in offsets if where is not None}}  # noqa: SIM115
    waiting = tempfile.TemporaryFile()  # noqa: SIM115  (the documents.csv rows, until the batch is ranked)
    try:
        with ExitStack() as stack, _progress(len(files), progress) as bar:
            handles = {}
            for name, columns in (("sentences", SENTENCE_COLUMNS), ("findings", FINDING_COLUMNS)):
                handle = stack.enter_context(atomic_writer(out / f"{name}.csv"))
                handle.write("\ufeff")
                csv.DictWriter(handle, fieldnames=columns).writeheader()
                handles[name] = handle
            analysis = stack.enter_context(atomic_writer(out / ANALYSIS, keep=lambda tmp: keep_partial(out, tmp)))
            for (_, doc_id), where in zip(files, offsets):
                if where is not None:
                    source = old[where[0]]
                    source.seek(where[1])
                    line = source.readline().decode("utf-8")
                    result = from_dict(json.loads(line))
                    if result.doc_id == doc_id:
                        done = _finish(result, line if line.endswith("\n") else line + "\n")
                    else:
                        done = _finish(dataclasses.replace(result, doc_id=doc_id))
                    n_cached += 1
                else:
                    done = next(analysed)
                analysis.write(done.line)
                handles["sentences"].write(done.sentences_csv)
                handles["findings"].write(done.findings_csv)
                n_sentences += done.n_sentences
                docs.append(Ranked(done.doc_id, done.ok, done.score, waiting.tell(), str(done.row.get("error", "")),
                                 _grade(done.row.get("grade")), str(done.row.get("not_registration", ""))))
                waiting.write(json.dumps(done.row, ensure_ascii=False).encode("utf-8") + b"\n")
                if done.sketch is not None:
                    finder.pair(done.doc_id, done.sketch, twins)
                bar.update(1)
            # ranked before the streamed tables are put in place (leaving the block): a run interrupted while ranking
            # leaves the last complete run's tables together, and its analyses kept for the next run
            priorities = assign_priorities(docs, priority_order, load_rubric(config.rubric).bands)  # type: ignore[arg-type]
            write_csv(out / "documents.csv", DOCUMENT_COLUMNS,
                      _ranked_rows(waiting, sorted(docs, key=lambda d: priorities[d.doc_id]), priorities, twins))
        for _, path in partials(out):  # all in analysis.jsonl now
            path.unlink()
    finally:
        waiting.close()
        for handle in old.values():
            handle.close()
    if parquet:
        _write_parquet(out)
    else:
        _remove_parquet(out)
    n_errors = sum(1 for d in docs if not d.ok)
    n_not_submissions = sum(1 for d in docs if not d.ok and not_a_submission(d.error))
    with atomic_writer(out / MANIFEST) as handle:  # last: it vouches for the outputs above
        json.dump(dict(manifest, n_sentences=n_sentences, n_errors=n_errors, n_not_submissions=n_not_submissions,
                       sizes=_sizes(out)), handle)
    return BatchSummary(out, len(docs), n_errors, n_sentences, n_cached, n_not_submissions=n_not_submissions,
                        earlier_outputs=tuple(earlier), hidden_folders=tuple(hidden))


def _sizes(out: Path) -> dict[str, int]:
    return {name: (out / name).stat().st_size for name in OUTPUTS}


def _read_manifest(out: Path) -> dict | None:
    """The previous complete run's inputs (files and their cache keys), when all its outputs exist
    as that run wrote them (a truncated or edited output has another size: the run is redone)."""
    try:
        if not all((out / name).is_file() for name in OUTPUTS):
            return None
        saved = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
        if saved.pop("sizes", None) != _sizes(out):
            return None
        saved.pop("n_sentences", None)
        saved.pop("n_errors", None)
        saved.pop("n_not_submissions", None)
        return saved
    except (OSError, ValueError):
        return None


def _ranked_rows(waiting, docs: list[Ranked], priorities: dict[str, int], twins: dict[str, list[str]]):  # type: ignore[no-untyped-def]
    """The documents.csv rows in ``docs`` order, read back from the temporary file, with their
    priority and near-duplicate twins."""
    for d in docs:
        waiting.seek(d.offset)
        row = json.loads(waiting.readline())
        row["priority"] = priorities[d.doc_id]
        if d.doc_id in twins:
            mark_duplicate(row, twins[d.doc_id])
        yield row


_PARQUET = ("documents", "sentences", "findings")


def _write_parquet(out: Path) -> None:
    """Parquet copies of the tables, with the dtypes of :func:`~analyzer.frames.load_results` (numbers as
    numbers, missing values as nulls), the same schema whatever the batch holds."""
    from analyzer.frames import load_results

    frames = load_results(out)
    for name, frame in zip(_PARQUET, (frames.documents, frames.sentences, frames.findings)):
        tmp = out / f".{name}.parquet.tmp"
        frame.to_parquet(tmp, index=False)
        tmp.replace(out / f"{name}.parquet")


def _remove_parquet(out: Path) -> None:
    """A run without ``--parquet`` leaves no Parquet copy of an earlier batch beside its tables."""
    for name in _PARQUET:
        (out / f"{name}.parquet").unlink(missing_ok=True)
