"""Score a Parquet file of submission texts with Dask, beyond one machine.

The analysis of one text, :func:`analyzer.analyze_text`, is a pure function of its inputs (the
text, the rubric, the model file) and it and its result (:class:`analyzer.DocumentResult`)
pickle, so it can run wherever Dask sends a partition. Each worker process builds the spaCy
pipeline and loads the model once, on its first text (``analyzer.api.warm_up`` does it ahead).

Input: a Parquet file (or folder of files) with an ``id`` column and a ``text`` column.
Output: one row per text with the document-level columns of ``documents.csv``
(``doc_id``, ``status``, ``error``, ``score``, ``grade``, the pillar and requirement flags,
``exemplar_names``, ``n_sentences``, ``n_actions``, ``n_slogans``, ``slogan_index``,
``reasons``, …, ``content_hash``); ``priority`` stays empty because ranking needs every row
(rank the computed frame with ``analyzer.score.assign_priorities`` or sort by ``score``).

Command line (a local cluster of 2 worker processes; pass ``--scheduler ADDRESS`` to use a
running ``dask scheduler`` on other machines, which need ``pip install 'mohinh[scale]'``)::

    python examples/dask_parquet.py texts.parquet scores.parquet --workers 2

Library (``score_parquet`` is ``dd.read_parquet(path).map_partitions(score_partition, meta=META)``,
with ``score_partition`` shipped to the workers by value)::

    from dask.distributed import Client
    from dask_parquet import score_parquet

    client = Client(n_workers=2, threads_per_worker=1)
    scores = score_parquet("texts.parquet").compute()          # a pandas DataFrame, one row per text
    score_parquet("texts.parquet").to_parquet("scores/")      # or stream the result to Parquet

Install the extra first: ``pip install -e '.[scale]'`` (``dask[dataframe]`` and ``distributed``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run from a checkout without installing
    sys.path.insert(0, str(ROOT))

from analyzer.output import DOCUMENT_COLUMNS  # noqa: E402

INT_COLUMNS = ("grade", "n_sentences", "n_actions", "n_slogans", "hoc_tap", "lam_theo", "neu_guong",
               "hoc_tap_concrete", "lam_theo_concrete", "neu_guong_concrete", "resolution_target",
               "shortcoming", "exemplar", "roadmap", "n_chars")
FLOAT_COLUMNS = ("score", "slogan_index")
COLUMNS = [c for c in DOCUMENT_COLUMNS if c != "priority"]
META = pd.DataFrame({c: pd.Series(dtype="Int64" if c in INT_COLUMNS else "float64" if c in FLOAT_COLUMNS else "object")
                     for c in COLUMNS})


def document_columns(result) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """The document-level row of one :class:`~analyzer.DocumentResult` (``documents.csv`` columns)."""
    from analyzer.output import document_row

    row = document_row(result, None)
    row.pop("priority", None)
    return row


def score_partition(frame: pd.DataFrame, rubric: str = "2024") -> pd.DataFrame:
    """Analyse every ``text`` of one partition (a pandas DataFrame with ``id`` and ``text``)."""
    from analyzer import analyze_text
    from analyzer.config import Config

    config = Config(rubric=rubric)
    rows = [document_columns(analyze_text("" if text is None else str(text), doc_id=str(doc_id), config=config))
            for doc_id, text in zip(frame["id"], frame["text"])]
    out = pd.DataFrame(rows, columns=COLUMNS, index=frame.index)
    for column in INT_COLUMNS:  # error rows have "" where an ok row has a number
        out[column] = pd.to_numeric(out[column].replace("", None), errors="coerce").astype("Int64")
    for column in FLOAT_COLUMNS:
        out[column] = pd.to_numeric(out[column].replace("", None), errors="coerce").astype("float64")
    return out.astype({c: "object" for c in COLUMNS if c not in INT_COLUMNS and c not in FLOAT_COLUMNS})


def score_parquet(path: str | Path, *, rubric: str = "2024", partitions: int | None = None):  # type: ignore[no-untyped-def]
    """A lazy Dask DataFrame of the scores of the texts in ``path`` (``compute()`` or ``to_parquet`` it)."""
    import dask.dataframe as dd

    frame = dd.read_parquet(str(path), columns=["id", "text"])
    if partitions:
        frame = frame.repartition(npartitions=partitions)
    return frame.map_partitions(_ByValue(score_partition), rubric, meta=META)


class _ByValue:
    """``fn`` shipped to the workers by value, so they need ``analyzer`` but not this file on their path."""

    def __init__(self, fn) -> None:  # type: ignore[no-untyped-def]
        self.fn = fn

    def __call__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return self.fn(*args, **kwargs)

    def __reduce__(self):  # type: ignore[no-untyped-def]
        import cloudpickle

        module = sys.modules.get(self.fn.__module__)
        if module is not None and self.fn.__module__ != "__main__":
            cloudpickle.register_pickle_by_value(module)
        return cloudpickle.loads, (cloudpickle.dumps(self.fn),)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Score a Parquet file of texts (id, text) with Dask.")
    parser.add_argument("input", help="Parquet file or folder with columns id and text")
    parser.add_argument("output", help="Parquet file to write the scores to")
    parser.add_argument("--workers", type=int, default=2, help="worker processes of the local cluster")
    parser.add_argument("--partitions", type=int, default=0, help="repartition the input (0 = as read)")
    parser.add_argument("--rubric", default="2024")
    parser.add_argument("--scheduler", default="", help="address of a running Dask scheduler (default: a local cluster)")
    args = parser.parse_args(argv)

    from dask.distributed import Client, LocalCluster

    if args.scheduler:
        client, cluster = Client(args.scheduler), None
    else:
        cluster = LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
    try:
        from analyzer.api import warm_up

        client.run(warm_up, args.rubric)  # build the pipeline and load the model on every worker
        scores = score_parquet(args.input, rubric=args.rubric, partitions=args.partitions or None).compute()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    scores.reset_index(drop=True).to_parquet(args.output, index=False)
    ok = int((scores["status"] == "ok").sum())
    print(f"{len(scores)} texts, {ok} ok, {len(scores) - ok} errors → {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
