"""``mohinh evaluate``: the analyzer on a corpus split, beside a keyword baseline.

Runs the full pipeline (its own segmentation) on each gold document's text, maps predicted
sentences to gold sentences by overlap, and reports per-label P/R/F1, document-level accuracy
for pillars, concreteness and requirements, exemplar-name recall, exact sentence boundaries,
and Spearman / pairwise order between score and grade.
"""

from __future__ import annotations

import bisect
import functools
import json
import re
import time
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from analyzer.corpus import MARKER_STYLES, GoldDocument, load_corpus, restyled
from analyzer.errors import E, MohinhError, counted
from analyzer.labels import LABELS, PILLARS, REQUIREMENTS, document_flags
from analyzer.learn.metrics import bootstrap_f1, boundary_match, pairwise_order, prf, spearman

if TYPE_CHECKING:
    import pandas as pd

    from analyzer.results import DocumentResult


def _name_key(name: str) -> str:
    name = unicodedata.normalize("NFC", name).lower()
    name = re.sub(r"^(?:đ/c|đồng chí|em|bà|ông)\s+", "", name)
    return re.sub(r"[\s.]+", "", name)


def names_match(gold: str, predicted: str) -> bool:
    """Same person: equal after dropping titles, spaces and dots, or one ends with the other (≥ 2 syllables)."""
    g, p = _name_key(gold), _name_key(predicted)
    if g == p:
        return True
    short = min(gold, predicted, key=len)
    return len(short.split()) >= 2 and (g.endswith(p) or p.endswith(g))


def _gold_flags(doc: GoldDocument) -> dict[str, int]:
    return document_flags(s.labels for s in doc.sentences)


def _best_gold(gold: GoldDocument, starts: Sequence[int], start: int, end: int) -> int | None:
    """Index of the gold sentence that the predicted span ``start:end`` overlaps most (None: no overlap)."""
    i = max(0, bisect.bisect_right(starts, start) - 1)
    best, best_overlap = None, 0
    for j in range(max(0, i - 1), min(len(gold.sentences), i + 30)):
        g = gold.sentences[j]
        if g.start >= end:
            break
        overlap = min(end, g.end) - max(start, g.start)
        if overlap > best_overlap:
            best, best_overlap = j, overlap
    return best


def _project(gold: GoldDocument, predicted: Sequence[tuple[int, int, frozenset[str]]]) -> list[frozenset[str]]:
    """Predicted labels of each gold sentence: union over predicted sentences that overlap it most."""
    out: list[set[str]] = [set() for _ in gold.sentences]
    starts = [s.start for s in gold.sentences]
    for start, end, labels in predicted:
        if not labels:
            continue
        best = _best_gold(gold, starts, start, end)
        if best is not None:
            out[best] |= labels
    return [frozenset(x) for x in out]


def gold_offsets(read: str, gold: str) -> tuple[np.ndarray, np.ndarray]:
    """Map character offsets of a read-back text (``read``: a scan's OCR) into ``gold``, the text
    it was made from, through their character alignment (``difflib``, no junk heuristic).

    Returns ``(starts, ends)``, each ``len(read) + 1`` long: a span ``i:j`` of ``read`` is
    ``starts[i]:ends[j]`` of ``gold``, from its first aligned character to just after its last one
    (empty when none of it is aligned: text the reader made up).

    Example:
        >>> starts, ends = gold_offsets("Chi bo có 8 dang viên", "Chi bộ có 8 đảng viên.")
        >>> int(starts[10]), int(ends[21])
        (10, 21)
    """
    import difflib

    aligned = np.full(len(read) + 1, -1, dtype=np.int64)
    for a, b, size in difflib.SequenceMatcher(None, read, gold, autojunk=False).get_matching_blocks():
        aligned[a:a + size] = np.arange(b, b + size)
    # a start goes to the next aligned character (gold offsets rise with read offsets) ...
    starts = np.where(aligned >= 0, aligned, len(gold))
    starts = np.minimum.accumulate(starts[::-1])[::-1]
    # ... an end to just after the last aligned character before it
    ends = np.empty_like(aligned)
    ends[0] = 0
    ends[1:] = np.maximum.accumulate(aligned[:-1]) + 1
    return starts, ends


# how a document can be read back: its text, a scan of it, a Word file that numbers its own lists
READ_AS = ("text", "scan", "word")
_FILE_SUFFIX = {"scan": ".pdf", "word": ".docx"}


def _analyse(gold: GoldDocument, read_as: str = "text") -> tuple[DocumentResult, list[tuple[int, int]]]:
    """The analyzer's result on ``gold`` and its sentences' spans in the gold text: the text itself,
    or a file made of it and read back through the reader a submission goes through: a PDF of
    scanned pages (``"scan"``, :mod:`analyzer.learn.render`) or a .docx whose headings, lists and
    STT cells Word numbers itself (``"word"``, :mod:`analyzer.learn.wordfile`)."""
    from analyzer.api import analyze_file, analyze_text

    if read_as == "text":
        result = analyze_text(gold.text, doc_id=gold.id, read=True)  # offsets as annotated
        return result, [(s.start, s.end) for s in result.sentences]
    import tempfile

    from analyzer.learn.render import write_scan
    from analyzer.learn.wordfile import write_word

    write = write_scan if read_as == "scan" else write_word
    with tempfile.TemporaryDirectory(prefix=f"mohinh-{read_as}-") as folder:
        result = analyze_file(write(gold.text, Path(folder) / f"{gold.id}{_FILE_SUFFIX[read_as]}"), doc_id=gold.id)
    starts, ends = gold_offsets(result.text, gold.text)
    return result, [(int(starts[s.start]), int(ends[s.end])) for s in result.sentences]


def _read_crashed(gold: GoldDocument, read_as: str) -> tuple[DocumentResult, list[tuple[int, int]]]:
    """Stands for a document whose read-back killed its worker: unread, as in a batch (E113)."""
    from analyzer.api import worker_died

    return worker_died(gold.id, f"{gold.id}{_FILE_SUFFIX[read_as]}"), []


def _analyses(docs: Sequence[GoldDocument], read_as: str, jobs: int) -> list[tuple]:
    """``(gold, result, spans)`` of every document (:func:`_analyse`); files read back side by side
    in ``jobs`` processes (OCR takes seconds a page), texts in this one."""
    if read_as not in READ_AS:
        raise ValueError(f"read_as must be one of {READ_AS}, not {read_as!r}")
    if read_as == "text":
        return [(gold, *_analyse(gold)) for gold in docs]
    from analyzer.api import parallel_map

    if read_as == "scan":
        from analyzer.ingest import ocr
        from analyzer.learn.render import unicode_font

        if not ocr.available():
            raise MohinhError(E.CANNOT_SCAN, what="Tesseract OCR with its Vietnamese data to read the scans back",
                              advice="install it (Debian: tesseract-ocr tesseract-ocr-vie).")
        if unicode_font() is None:
            raise MohinhError(E.CANNOT_SCAN, what="a Unicode font to draw the pages with",
                              advice="install Debian's fonts-dejavu-core (or matplotlib, which ships DejaVu).")
    read = parallel_map(functools.partial(_analyse, read_as=read_as), list(docs), jobs,
                        on_crash=functools.partial(_read_crashed, read_as=read_as))
    return [(gold, *analysed) for gold, analysed in zip(docs, read)]


def _system_rows(analyses: Sequence[tuple], system: str) -> list[dict]:
    from analyzer.detect import LABELLED_KINDS
    from analyzer.learn.baseline import keyword_labels, keyword_score

    rows = []
    for gold, result, spans in analyses:
        if system == "baseline":
            predicted = [(start, end, keyword_labels(s.text) if s.kind in LABELLED_KINDS else frozenset())
                         for s, (start, end) in zip(result.sentences, spans)]
        else:
            predicted = [(start, end, s.labels) for s, (start, end) in zip(result.sentences, spans)]
        projected = _project(gold, predicted)
        flags = document_flags(projected)
        if system == "baseline":
            n_a = sum("action" in x for x in projected)
            n_s = sum("slogan" in x for x in projected)
            score = keyword_score({k: flags[k] for k in PILLARS + REQUIREMENTS}, n_actions=n_a, n_slogans=n_s)
            names: tuple[str, ...] = ()
        else:
            score, names = result.score or 0.0, result.exemplar_names
        rows.append({"gold": gold, "projected": projected, "flags": flags, "score": score, "names": names,
                     "grade": result.grade, "spans": spans, "result": result})
    return rows


def _summarize(rows: list[dict], with_names: bool) -> dict:
    # TP, FP, FN per document and label (documents are the unit of the bootstrap interval)
    per_doc = np.zeros((len(rows), len(LABELS), 3), dtype=np.int64)
    for d, row in enumerate(rows):
        for sent, pred in zip(row["gold"].sentences, row["projected"]):
            for j, label in enumerate(LABELS):
                g, p = label in sent.labels, label in pred
                per_doc[d, j] += (g and p, p and not g, g and not p)
    per_label = {}
    for j, label in enumerate(LABELS):
        tp, fp, fn = (int(v) for v in per_doc[:, j].sum(axis=0))
        p, r, f = prf(tp, fp, fn)
        # a small annotated set may hold no sentence of a label and the analyzer find none: nothing to
        # measure, reported as null ("n/a"), not as a score of 0
        per_label[label] = {"precision": p if tp + fp else None, "recall": r if tp + fn else None,
                            "f1": f if tp + fp + fn else None, "support": tp + fn,
                            "f1_95ci": bootstrap_f1(per_doc[:, j]) if tp + fp + fn else None}
    def doc_acc(keys: Sequence[str]) -> float:
        pairs = [(row["flags"][k], _gold_flags(row["gold"])[k]) for row in rows for k in keys]
        return round(sum(a == b for a, b in pairs) / len(pairs), 4) if pairs else 0.0
    graded = [row for row in rows if row["gold"].grade is not None]  # another corpus may leave a grade out
    grades = [row["gold"].grade for row in graded]
    scores = [row["score"] for row in graded]
    low = [s for s, g in zip(scores, grades) if g <= 2]
    high = [s for s, g in zip(scores, grades) if g == 5]

    def mean(values: list[float | None]) -> float | None:
        defined = [v for v in values if v is not None]
        return round(sum(defined) / len(defined), 4) if defined else None

    varied = len(set(grades)) > 1  # a rank order needs two grades at least
    out = {
        "labels": per_label,
        "macro_f1_core": mean([per_label[x]["f1"] for x in PILLARS + ("action", "slogan")]),
        "macro_f1_all": mean([v["f1"] for v in per_label.values()]),
        "doc_accuracy_pillars": doc_acc(PILLARS),
        "doc_accuracy_concrete": doc_acc([f"{p}_concrete" for p in PILLARS]),
        "doc_accuracy_requirements": doc_acc(REQUIREMENTS),
        "spearman_score_grade": round(spearman(scores, grades), 4) if varied else None,
        "pairwise_order": pairwise_order(grades, scores) if varied else None,
        "grade12_below_grade5": bool(max(low) < min(high)) if low and high else None,
    }
    if with_names:
        named = [row for row in rows if row["gold"].exemplar_names is not None]  # None: names not annotated
        gold_names = [(row, n) for row in named for n in row["gold"].exemplar_names]
        found = sum(1 for row, n in gold_names if any(names_match(n, p) for p in row["names"]))
        predicted = [(row, p) for row in named for p in row["names"]]
        correct = sum(1 for row, p in predicted if any(names_match(n, p) for n in row["gold"].exemplar_names))
        out["exemplar_name_recall"] = round(found / len(gold_names), 4) if gold_names else None
        out["exemplar_name_precision"] = round(correct / len(predicted), 4) if predicted else None
        out["grade_accuracy"] = (round(sum(r["grade"] == r["gold"].grade for r in graded) / len(graded), 4)
                                 if graded else None)
        out["sentence_boundary_exact"] = round(
            sum(boundary_match([(s.start, s.end) for s in r["gold"].sentences], r["spans"]) * len(r["gold"].sentences)
                for r in rows) / max(1, sum(len(r["gold"].sentences) for r in rows)), 4)
    return out


def evaluate(split: str = "dev", root: str | Path | None = None, *, read_as: str = "text", jobs: int = 1,
             markers: str | None = None) -> dict:
    """Evaluate the analyzer and the keyword baseline on ``split`` ("dev", "test", "dev+test", or
    "all": every document) of the annotated corpus at ``root`` (default: the bundled ``corpora/``;
    another folder holds ``docs/*.txt`` in the same format, ``splits.tsv`` only for named splits,
    ``slots.tsv`` optionally).

    ``read_as``: ``"text"``, or analyse each document as it would arrive in a file, ``jobs`` at a
    time, its sentences mapped back onto the gold ones through the alignment of the two texts
    (:func:`gold_offsets`): ``"scan"``, a PDF of page pictures (:mod:`analyzer.learn.render`) read
    back by OCR; ``"word"``, a .docx whose headings, lists and table STT cells Word numbers itself
    (:mod:`analyzer.learn.wordfile`). Documents whose file could not be read are counted (nothing
    found in them) and named in ``unread``; the action slots are left out (they are measured on
    the text). ``markers``: every document read with its list markers written in another style
    (:data:`analyzer.corpus.MARKER_STYLES`), the same labels on the same sentences: how far the
    labels depend on how a submission marks its lists (the slots are left out here too)."""
    from analyzer.learn.slots import load_slots, slot_metrics

    started = time.perf_counter()
    # another corpus is read leniently: its header keys that only describe a document (an org_kind the
    # guidelines do not list, no region) are warnings in the report, not a refusal of the whole corpus
    docs = (load_corpus(None, root, strict=False) if split == "all"
            else [d for part in split.split("+") for d in load_corpus(part, root, strict=False)])
    if markers is not None:
        docs = [restyled(doc, markers) for doc in docs]
    analyses = _analyses(docs, read_as, jobs)
    report = {
        "split": split, "corpus": str(Path(root).resolve()) if root else "corpora", "read_as": read_as,
        **({"markers": markers} if markers is not None else {}),
        "documents": len(docs), "sentences": sum(len(d.sentences) for d in docs),
        **({"warnings": [w for d in docs for w in d.warnings]} if any(d.warnings for d in docs) else {}),
        "analyzer": _summarize(_system_rows(analyses, "analyzer"), with_names=True),
        "baseline": _summarize(_system_rows(analyses, "baseline"), with_names=False),
    }
    if read_as != "text":
        if read_as == "scan":
            from analyzer.learn.render import unicode_font

            report["font"] = unicode_font().name  # type: ignore[union-attr]  # _analyses made sure there is one
        report["unread"] = [f"{gold.id}: {result.error}" for gold, result, _ in analyses if result.status != "ok"]
        report["characters_aligned"] = _aligned_share(analyses)
    elif markers is None:
        slots = slot_metrics(docs, load_slots(Path(root) / "slots.tsv") if root else None)
        if slots["sentences"]:
            report["slots"] = slots
    report["seconds"] = round(time.perf_counter() - started, 1)
    return report


def _aligned_share(analyses: Sequence[tuple]) -> float:
    """The share of the gold documents' sentence characters that the read-back sentences cover."""
    covered = total = 0
    for gold, _, spans in analyses:
        marks = np.zeros(len(gold.text) + 1, dtype=np.int64)
        for start, end in spans:
            if end > start:
                marks[start] += 1
                marks[end] -= 1
        inside = np.cumsum(marks)[:-1] > 0
        for sent in gold.sentences:
            covered += int(inside[sent.start:sent.end].sum())
            total += sent.end - sent.start
    return round(covered / total, 4) if total else 0.0


def sentence_predictions(split: str = "dev", docs: Sequence[GoldDocument] | None = None, *, read_as: str = "text",
                         jobs: int = 1) -> pd.DataFrame:
    """Gold against predicted labels, one row per gold sentence of ``split`` (the rows ``evaluate`` counts).

    Columns: the document (``doc_id``, ``org_kind``, ``doc_kind``, ``gold_grade`` and the
    analyzer's ``score`` and ``grade``), the sentence (``sent_id``, ``line`` in the corpus file,
    ``start``, ``end``, ``text``), then per label ``gold_<label>`` and ``pred_<label>`` (0/1) and
    ``p_<label>``, the highest probability the model gave a predicted sentence mapped to it.
    ``read_as`` and ``jobs`` as for :func:`evaluate`: which sentences reading a scan or a Word file loses.

    Example:
        >>> from analyzer.corpus import parse_document
        >>> gold = parse_document("# id: x\\n# year: 2024\\n# org_kind: hamlet\\n# doc_kind: registration\\n"
        ...     "# region: Cà Mau\\n# grade: 3\\n# exemplar_names:\\n"
        ...     "Chi bộ tổ chức 4 buổi sinh hoạt chuyên đề trong năm 2024. {hoc_tap action}\\n", "x.txt")
        >>> rows = sentence_predictions(docs=[gold])
        >>> rows[["text", "gold_action", "pred_action"]].values.tolist()
        [['Chi bộ tổ chức 4 buổi sinh hoạt chuyên đề trong năm 2024.', 1, 1]]
    """
    from analyzer.frames import typed_frame

    docs = load_corpus(split) if docs is None else docs
    records = []
    for row in _system_rows(_analyses(docs, read_as, jobs), "analyzer"):
        gold, result = row["gold"], row["result"]
        starts = [s.start for s in gold.sentences]
        probs: list[dict[str, float]] = [{} for _ in gold.sentences]
        for s, (start, end) in zip(result.sentences, row["spans"]):
            best = _best_gold(gold, starts, start, end)
            if best is not None:
                for label, p in s.probs:
                    probs[best][label] = max(p, probs[best].get(label, 0.0))
        for i, (sent, pred) in enumerate(zip(gold.sentences, row["projected"])):
            record = {"doc_id": gold.id, "org_kind": gold.org_kind, "doc_kind": gold.doc_kind,
                      "gold_grade": gold.grade, "score": row["score"], "grade": row["grade"], "sent_id": i,
                      "line": sent.line, "start": sent.start, "end": sent.end, "text": sent.text}
            for label in LABELS:
                record[f"gold_{label}"] = int(label in sent.labels)
                record[f"pred_{label}"] = int(label in pred)
                record[f"p_{label}"] = probs[i].get(label, "")
            records.append(record)
    kinds = {"doc_id": "string", "org_kind": "category", "doc_kind": "category", "gold_grade": "Int64",
             "score": "float64", "grade": "Int64", "sent_id": "Int64", "line": "Int64", "start": "Int64",
             "end": "Int64", "text": "string"}
    for label in LABELS:
        kinds |= {f"gold_{label}": "Int64", f"pred_{label}": "Int64", f"p_{label}": "float64"}
    return typed_frame(records, kinds)


_SHOWN_WARNINGS = 20  # header warnings the Markdown lists (the .json report has them all)


def to_markdown(report: dict) -> str:
    """The report as Markdown tables."""
    a, b = report["analyzer"], report["baseline"]
    corpus = report.get("corpus", "corpora")
    read_as = report.get("read_as", "text")
    lines = [f"# mohinh evaluate — split `{report['split']}`{'' if corpus == 'corpora' else f' of {corpus}'} "
             f"({counted(report['documents'], 'document')}, {counted(report['sentences'], 'sentence')})"
             + {"scan": ", read back from scans by OCR", "word": ", read back from Word files"}.get(read_as, "")
             + (f", list markers restyled ({report['markers']}: {MARKER_STYLES[report['markers']]})"
                if report.get("markers") else ""), ""]
    if read_as != "text":
        made = (f"rendered as a scanned PDF (A4 pages as 300-dpi pictures, tilted, with specks; font {report['font']}) "
                "and read back by OCR" if read_as == "scan" else
                "written as a .docx whose headings, lists and table STT cells Word numbers itself, and read back")
        lines += [f"Each document was {made}; {report['characters_aligned']:.1%} of the gold sentences' characters are "
                  f"covered by the read-back sentences; unread: {len(report['unread'])}"
                  + "".join(f"\n- {line}" for line in report["unread"]), ""]
    if report.get("warnings"):  # what the lenient reading of another corpus let pass
        shown = report["warnings"][:_SHOWN_WARNINGS]
        more = len(report["warnings"]) - len(shown)
        lines += [f"{counted(len(report['warnings']), 'header warning')} (the documents were measured all the same):"]
        lines += [f"- {w}" for w in shown] + ([f"- … and {more} more in the .json report"] if more else []) + [""]
    lines += ["| label | P | R | F1 | F1 95% CI (documents resampled) | support | baseline F1 |",
              "| --- | --- | --- | --- | --- | --- | --- |"]
    def num(value: float | None) -> str:
        return "n/a" if value is None else f"{value:.3f}"

    def plain(value: object) -> str:
        return "n/a" if value is None else str(value)

    for label in LABELS:
        m = a["labels"][label]
        interval = "n/a" if m["f1_95ci"] is None else "–".join(f"{v:.3f}" for v in m["f1_95ci"])
        lines.append(f"| {label} | {num(m['precision'])} | {num(m['recall'])} | {num(m['f1'])} | {interval} | "
                     f"{m['support']} | {num(b['labels'][label]['f1'])} |")
    lines += ["", "| document-level | analyzer | baseline |", "| --- | --- | --- |"]
    for key in ("macro_f1_core", "macro_f1_all", "doc_accuracy_pillars", "doc_accuracy_concrete",
                "doc_accuracy_requirements", "spearman_score_grade", "pairwise_order", "grade12_below_grade5"):
        lines.append(f"| {key} | {plain(a[key])} | {plain(b[key])} |")
    for key in ("exemplar_name_recall", "exemplar_name_precision", "grade_accuracy", "sentence_boundary_exact"):
        lines.append(f"| {key} | {plain(a[key])} | – |")
    if "slots" in report:
        slots = report["slots"]
        lines += ["", f"Action slots on {slots['sentences']} annotated action sentences (corpora/slots.tsv):", "",
                  "| slot | P | R | F1 | gold | predicted | exact span |", "| --- | --- | --- | --- | --- | --- | --- |"]
        for kind, m in list(slots["kinds"].items()) + [("all", slots["all"])]:
            lines.append(f"| {kind} | {m['precision']:.3f} | {m['recall']:.3f} | {m['f1']:.3f} | {m['gold']} | "
                         f"{m['predicted']} | {m['exact'] / max(m['gold'], 1):.3f} |")
    return "\n".join(lines) + "\n"


def write_report(report: dict, out_dir: Path) -> tuple[Path, Path]:
    """Write ``evaluate_<split>.json`` and ``.md`` (``evaluate_<split>_scanned.*`` for a read-back
    from scans, ``evaluate_<split>_word.*`` from Word files; ``_markers-<style>`` added for restyled
    list markers) into ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    name = f"evaluate_{report['split']}" + {"scan": "_scanned", "word": "_word"}.get(report.get("read_as", "text"), "")
    name += f"_markers-{report['markers']}" if report.get("markers") else ""
    json_path, md_path = out_dir / f"{name}.json", out_dir / f"{name}.md"
    json_path.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    md_path.write_text(to_markdown(report), encoding="utf-8")
    return json_path, md_path
