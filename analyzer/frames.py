"""pandas DataFrames of results with stable column names and dtypes (dicts first, DataFrame second).

The columns are those of the output contract (``analyzer.output``); each has one dtype,
whether the frame comes from results in memory or from an ``OUT`` folder on disk:

* counts, 0/1 flags, ``grade``, ``priority``, offsets and ids → ``Int64`` (missing is ``<NA>``);
* ``score``, ``slogan_index`` and the ``p_*`` probabilities → ``float64`` (missing is ``NaN``: a failed
  file's score, the slogan ratio of a document with neither actions nor slogans);
* ``status``, ``kind``, ``format``, finding ``label`` and ``source`` → ``category``, with the same
  categories in every batch (:func:`known_categories`);
* every other column is text → ``string`` (empty text is ``""``, never missing).

Example:
    >>> from analyzer.results import DocumentResult, Sentence
    >>> text = "Chi bộ tổ chức 4 buổi sinh hoạt chuyên đề trong năm 2024."
    >>> sent = Sentence(0, 0, len(text), text, "II. NỘI DUNG", "body", frozenset({"lam_theo", "action"}))
    >>> ok = DocumentResult("chi_bo_ap_3.txt", text=text, sentences=(sent,), score=71.5, grade=4)
    >>> failed = DocumentResult("hong.pdf", status="error", error="E104: tệp PDF bị hỏng")
    >>> docs = documents_frame([ok, failed])
    >>> docs[["doc_id", "status", "score", "grade", "priority", "n_actions"]]
                doc_id status  score  grade  priority  n_actions
    0  chi_bo_ap_3.txt     ok   71.5      4         2          1
    1         hong.pdf  error    NaN   <NA>         1       <NA>
    >>> str(docs["grade"].dtype), str(docs["score"].dtype), str(docs["status"].dtype), str(docs["doc_id"].dtype)
    ('Int64', 'float64', 'category', 'string')
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from analyzer.api import Frames
from analyzer.errors import E
from analyzer.labels import LABELS
from analyzer.output import (DOCUMENT_COLUMNS, FINDING_COLUMNS, FLAG_COLUMNS, SENTENCE_COLUMNS, document_row,
                             finding_rows, mark_duplicate, results_folder, sentence_rows)
from analyzer.results import DocumentResult

if TYPE_CHECKING:
    import pandas as pd
    from IPython.display import HTML

INT, FLOAT, TEXT, CATEGORY = "Int64", "float64", "string", "category"

# Known values come first and always exist, so value_counts() shows "error: 0" in a clean batch.
CATEGORIES: dict[str, tuple[str, ...]] = {
    "status": ("ok", "error"),
    "kind": ("header", "heading", "body", "table_row", "signature", "table_header"),
}


@functools.cache
def known_categories() -> dict[str, tuple[str, ...]]:
    """Every category column's known values, the same in every batch, so that ``pd.concat`` of two batches'
    frames keeps the dtype: the formats read, then the suffixes of the archives and other files refused by
    their suffix, the finding labels and their rules and model. (A value outside them, the suffix of another
    file that could not be read, comes after them.)

    Example:
        >>> known_categories()["format"][:4], known_categories()["source"][0]
        (('txt', 'md', 'docx', 'pdf'), 'model:sentences.v1')
    """
    from analyzer.detect import MODEL_ID
    from analyzer.detect.actions import SLOTS_VI
    from analyzer.detect.slogans import REASONS_VI
    from analyzer.ingest.sniff import ARCHIVE_SUFFIXES, SUFFIX_FORMATS, UNSUPPORTED_SUFFIXES, XML_FORMATS

    refused = sorted(suffix.lstrip(".") for suffix in ARCHIVE_SUFFIXES | UNSUPPORTED_SUFFIXES)
    read = [*SUFFIX_FORMATS.values(), *sorted(XML_FORMATS)]  # Word 2003 XML has no suffix of its own
    return {**CATEGORIES, "format": tuple(dict.fromkeys([*read, *refused])),
            "label": (*LABELS, "exemplar_name", *(f"slot:{slot}" for slot in SLOTS_VI),
                      *(f"slogan_reason:{code}" for code in REASONS_VI)),
            "source": (MODEL_ID, "rule:exemplar.name", *(f"rule:slot.{slot}" for slot in SLOTS_VI),
                       *(f"rule:slogan.{code}" for code in REASONS_VI))}


def _schema(columns: list[str], ints: Iterable[str], floats: Iterable[str], categories: Iterable[str]) -> dict[str, str]:
    kinds = {**{c: INT for c in ints}, **{c: FLOAT for c in floats}, **{c: CATEGORY for c in categories}}
    return {c: kinds.get(c, TEXT) for c in columns}


DOCUMENT_DTYPES: dict[str, str] = _schema(
    DOCUMENT_COLUMNS, ["grade", "priority", *FLAG_COLUMNS, "n_sentences", "n_actions", "n_slogans", "n_chars"],
    ["score", "slogan_index"], ["status", "format"])
SENTENCE_DTYPES: dict[str, str] = _schema(
    SENTENCE_COLUMNS, ["sent_id", "start", "end", *LABELS], [f"p_{label}" for label in LABELS], ["kind"])
FINDING_DTYPES: dict[str, str] = _schema(
    FINDING_COLUMNS, ["sent_id", "start", "end"], ["score"], ["label", "source"])


def _column(series: pd.Series, dtype: str, name: str) -> pd.Series:
    import pandas as pd

    if dtype in (INT, FLOAT, TEXT) and str(series.dtype) == dtype:  # read with its dtype (load_results)
        return series
    if dtype == CATEGORY and isinstance(series.dtype, pd.CategoricalDtype) and not series.isna().any():
        known = known_categories().get(name, ())
        return series.cat.set_categories([*known, *sorted(set(series.cat.categories) - set(known))])
    values = series.astype(object)
    if dtype in (INT, FLOAT):
        blank = values.isna() | (values == "")
        return pd.to_numeric(values.where(~blank, None)).astype(dtype)
    values = values.where(values.notna(), "").astype(str)
    if dtype == CATEGORY:
        known = known_categories().get(name, ())
        extra = sorted(set(values) - set(known))
        return values.astype(pd.CategoricalDtype([*known, *extra]))
    return values.astype(dtype)


def typed_frame(rows: Iterable[Mapping[str, object]] | pd.DataFrame, dtypes: Mapping[str, str]) -> pd.DataFrame:
    """A DataFrame of ``rows`` with the columns of ``dtypes`` first, in order, each cast to its dtype.

    Blank cells (``""``) of number columns become missing; columns not in ``dtypes`` are kept
    after them as text. This is the one place where mohinh decides a column's dtype.

    Example:
        >>> frame = typed_frame([{"doc_id": "a.txt", "grade": 3}, {"doc_id": "b.txt", "grade": ""}],
        ...                     {"doc_id": "string", "grade": "Int64"})
        >>> frame["grade"].tolist()
        [3, <NA>]
    """
    import pandas as pd

    frame = rows if isinstance(rows, pd.DataFrame) else pd.DataFrame(list(rows))
    extras = [c for c in frame.columns if c not in dtypes]
    frame = frame.reindex(columns=[*dtypes, *extras])
    return pd.DataFrame(
        {c: _column(frame[c], dtypes.get(c, TEXT), c) for c in frame.columns}, index=pd.RangeIndex(len(frame)),
    )


def documents_frame(results: Iterable[DocumentResult], *, order: str = "weakest",
                    twins: Mapping[str, list[str]] | None = None) -> pd.DataFrame:
    """One row per document (failures included) in the given order, ranked for review by ``order``.

    ``order`` is that of ``mohinh score --priority``: ``weakest``, ``strongest`` or ``doubtful``;
    ``twins`` names each document's near-duplicates in the batch (``duplicate_of``, W201), as
    :func:`analyzer.api.to_frames` finds them.

    Example:
        >>> from analyzer.results import DocumentResult
        >>> docs = documents_frame([DocumentResult("xa_tho_phuc.docx", score=82.0, grade=5),
        ...                         DocumentResult("chi_bo_thon.txt", score=38.5, grade=2)])
        >>> docs[["doc_id", "grade", "priority"]].values.tolist()
        [['xa_tho_phuc.docx', 5, 2], ['chi_bo_thon.txt', 2, 1]]
    """
    from analyzer.score import assign_priorities

    results = list(results)
    priorities = assign_priorities(results, order)
    rows = [document_row(r, priorities.get(r.doc_id)) for r in results]
    for row in rows:
        if twins and row["doc_id"] in twins:
            mark_duplicate(row, twins[str(row["doc_id"])])
    return typed_frame(rows, DOCUMENT_DTYPES)


def sentences_frame(results: Iterable[DocumentResult]) -> pd.DataFrame:
    """One row per sentence: offsets into the document text, layout kind, nine 0/1 labels, probabilities.

    Example:
        >>> from analyzer.results import DocumentResult, Sentence
        >>> text = "Đẩy mạnh học tập và làm theo Bác."
        >>> s = Sentence(0, 0, len(text), text, "", "body", frozenset({"hoc_tap", "slogan"}), (("slogan", 0.93),))
        >>> frame = sentences_frame([DocumentResult("a.txt", text=text, sentences=(s,))])
        >>> frame[["text", "slogan", "action", "p_slogan", "p_action"]].values.tolist()
        [['Đẩy mạnh học tập và làm theo Bác.', 1, 0, 0.93, nan]]
    """
    return typed_frame((row for r in results for row in sentence_rows(r)), SENTENCE_DTYPES)


def findings_frame(results: Iterable[DocumentResult]) -> pd.DataFrame:
    """One row per finding: label or slot, span, score, the rule or model behind it, message, evidence.

    Example:
        >>> from analyzer.results import DocumentResult, Finding
        >>> f = Finding("slogan_reason:stock_phrase", 0, 31, 0.97, "rule:slogan.stock_phrase",
        ...             "Cụm từ sáo rỗng: «nâng cao nhận thức»", "nâng cao nhận thức", sent_id=0)
        >>> frame = findings_frame([DocumentResult("a.txt", findings=(f,))])
        >>> frame.loc[0, ["label", "evidence"]].tolist()
        ['slogan_reason:stock_phrase', 'nâng cao nhận thức']
    """
    return typed_frame((row for r in results for row in finding_rows(r)), FINDING_DTYPES)


def load_results(out_dir: str | Path) -> Frames:
    """Read the CSV files of a ``mohinh score`` folder back, with the dtypes of :func:`documents_frame` & co.

    ``documents`` keeps the file's order (by priority); sentences and findings are in document order.

    Example:
        >>> frames = load_results("out/samples")  # doctest: +SKIP
        >>> frames.documents.query("grade <= 2")[["doc_id", "score", "reasons"]]  # doctest: +SKIP
    """
    import pandas as pd

    out = results_folder(out_dir, ("documents.csv", "sentences.csv", "findings.csv"), "load_results('{path}')")

    def read(name: str, dtypes: Mapping[str, str]) -> pd.DataFrame:
        # each column parsed as its dtype: a few thousand documents' tables read in half the time, and
        # without a copy of every cell as a Python object; an empty cell is missing in number columns only
        numbers = [c for c, dtype in dtypes.items() if dtype in (INT, FLOAT)]
        frame = pd.read_csv(out / f"{name}.csv", encoding="utf-8-sig", keep_default_na=False,
                            na_values=dict.fromkeys(numbers, [""]), dtype=defaultdict(lambda: TEXT, dtypes))
        return typed_frame(frame, dtypes)

    return Frames(read("documents", DOCUMENT_DTYPES), read("sentences", SENTENCE_DTYPES),
                  read("findings", FINDING_DTYPES))


def load_analysis(out_dir: str | Path) -> Iterator[DocumentResult]:
    """Stream the analysed documents of a ``mohinh score`` folder (its ``analysis.jsonl``), without re-analysing.

    The documents come in ``doc_id`` order, each with the review ``priority`` the batch gave it
    (``documents.csv``), which :func:`show_document` shows as the report page does. A folder that is not the
    output of a run is refused at the call (E303, E310); a line of ``analysis.jsonl`` that cannot be read,
    when the stream reaches it (E305).

    Example:
        >>> results = list(load_analysis("out/samples"))  # doctest: +SKIP
        >>> show_document(next(r for r in results if r.priority == 1))  # doctest: +SKIP
    """
    import csv

    from analyzer.batch import ANALYSIS

    out = results_folder(out_dir, (ANALYSIS,), "load_analysis('{path}')")
    priorities: dict[str, int] = {}
    try:
        with open(out / "documents.csv", encoding="utf-8-sig", newline="") as handle:
            priorities = {row["doc_id"]: int(row["priority"]) for row in csv.DictReader(handle)
                          if (row.get("priority") or "").isdigit()}
    except (OSError, UnicodeDecodeError, csv.Error, KeyError):
        pass  # no ranking to read (a run cut short, a table re-saved by another program): priorities stay None
    return _analysed(out / ANALYSIS, priorities)


def _analysed(path: Path, priorities: Mapping[str, int]) -> Iterator[DocumentResult]:
    from dataclasses import replace

    from analyzer.serialize import read_analysis

    for result in read_analysis(path):
        yield replace(result, priority=priorities.get(result.doc_id, result.priority))


def show_document(result: DocumentResult, priority: int | None = None) -> HTML:
    """One document's sentences, flagged ones highlighted and explained, as HTML shown inline in Jupyter.

    The markup is that of the appraisers' report page (``analyzer.report.document_html``);
    the submission text is escaped there. ``priority`` defaults to the result's own (:func:`load_analysis`).
    The sentences' anchors are named after the document, so that the "Câu N" links of each of several
    documents shown in one notebook lead to its own sentences. A result shown as a cell's value is drawn so.

    Example:
        >>> r = analyze_text("Chi bộ tổ chức 2 buổi tọa đàm <Bác Hồ với thanh niên> trong quý III/2024.")  # doctest: +SKIP
        >>> show_document(r, priority=1)  # doctest: +SKIP
    """
    import hashlib
    import re

    from IPython.display import HTML

    from analyzer.report import document_html

    html = document_html(result, priority=priority if priority is not None else result.priority, standalone=False)
    # the page's anchors are "s0", "s1" …: in a notebook every document shown would have them
    name = hashlib.sha256("\0".join((result.doc_id, result.content_hash, result.text)).encode("utf-8", "replace"))
    return HTML(re.sub(r'(\bid="|\bhref="#)(s\d+")', rf"\g<1>mh-{name.hexdigest()[:10]}-\g<2>", html))
