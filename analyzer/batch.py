"""Batch scoring of a folder into the output contract's files.

Sentences and findings stream to disk as documents finish; only the small per-document rows
stay in memory until the batch is ranked.

Example:
    >>> summary = score_folder("corpora/samples", "/tmp/mohinh_out", progress=False)  # doctest: +SKIP
    >>> summary.n_files, summary.n_errors  # doctest: +SKIP
    (6, 0)
"""

from __future__ import annotations

import csv
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from analyzer.api import analyze_folder
from analyzer.config import Config
from analyzer.output import (DOCUMENT_COLUMNS, FINDING_COLUMNS, SENTENCE_COLUMNS, atomic_writer, document_row,
                             finding_rows, sentence_rows, write_csv)
from analyzer.score import assign_priorities


@dataclass(frozen=True)
class BatchSummary:
    """What a batch run produced."""

    out_dir: Path
    n_files: int
    n_errors: int
    n_sentences: int


def _progress(total: int, enabled: bool):  # type: ignore[no-untyped-def]
    from tqdm import tqdm

    return tqdm(total=total, unit="tệp", desc="mohinh", disable=not enabled, dynamic_ncols=True)


def score_folder(in_dir: str | Path, out_dir: str | Path, *, config: Config | None = None,
                 progress: bool = True, parquet: bool = False, priority_order: str = "weakest") -> BatchSummary:
    """Score every file under ``in_dir``; write documents.csv, sentences.csv, findings.csv to ``out_dir``."""
    from analyzer.api import iter_files

    config = config or Config()
    out = Path(out_dir)
    n_total = len(iter_files(in_dir, include_hidden=config.include_hidden))
    docs: list = []
    n_sentences = 0
    with ExitStack() as stack, _progress(n_total, progress) as bar:
        handles = {}
        for name, columns in (("sentences", SENTENCE_COLUMNS), ("findings", FINDING_COLUMNS)):
            handle = stack.enter_context(atomic_writer(out / f"{name}.csv"))
            handle.write("\ufeff")
            writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
            writer.writeheader()
            handles[name] = writer
        for result in analyze_folder(in_dir, config=config):
            for row in sentence_rows(result):
                handles["sentences"].writerow(row)
                n_sentences += 1
            for row in finding_rows(result):
                handles["findings"].writerow(row)
            docs.append(_Light(result))
            bar.update(1)
    priorities = assign_priorities(docs, priority_order)  # type: ignore[arg-type]
    rows = sorted((dict(d.row, priority=priorities[d.doc_id]) for d in docs), key=lambda r: r["priority"])
    write_csv(out / "documents.csv", DOCUMENT_COLUMNS, rows)
    if parquet:
        _write_parquet(out)
    return BatchSummary(out, len(docs), sum(1 for d in docs if not d.ok), n_sentences)


class _Light:
    """A finished document reduced to its row (the text and sentences are already on disk)."""

    __slots__ = ("doc_id", "ok", "score", "row")

    def __init__(self, result) -> None:  # type: ignore[no-untyped-def]
        self.doc_id = result.doc_id
        self.ok = result.ok
        self.score = result.score
        self.row = document_row(result, None)


def _write_parquet(out: Path) -> None:
    import pandas as pd

    for name in ("documents", "sentences", "findings"):
        frame = pd.read_csv(out / f"{name}.csv", encoding="utf-8-sig", keep_default_na=False)
        tmp = out / f".{name}.parquet.tmp"
        frame.to_parquet(tmp, index=False)
        tmp.replace(out / f"{name}.parquet")
