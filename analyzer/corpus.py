"""Load and validate the annotated corpus (format v1 of ``corpora/README.md``).

A corpus file holds ``# key: value`` header lines, then one gold sentence per line with
optional ``{labels}`` at the end; ``>> `` continues the previous rendered line.

Example:
    >>> doc = parse_document("# id: x\\n# year: 2024\\n# org_kind: school\\n"
    ...     "# doc_kind: plan\\n# region: Huế\\n# grade: 3\\n# exemplar_names:\\n"
    ...     "Chi bộ tổ chức 4 buổi sinh hoạt. {lam_theo action}\\n", "x.txt")
    >>> sorted(doc.sentences[0].labels)
    ['action', 'lam_theo']
"""

from __future__ import annotations

import argparse
import collections
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from analyzer.errors import E, CorpusError
from analyzer.labels import EXCLUSIVE, LABELS

CORPUS_DIR = Path(__file__).resolve().parent.parent / "corpora"
# documents written apart from the corpus, outside its splits: read for reporting only
HOLDOUT_DIR = CORPUS_DIR / "holdout"
REQUIRED_KEYS = ("id", "year", "org_kind", "doc_kind", "region", "grade", "exemplar_names")
ORG_KINDS = frozenset(
    "school kindergarten university hospital health_station commune_party ward_party hamlet "
    "police military border_guard court procuracy enterprise bank tax treasury customs "
    "cooperative farmers_assoc women_assoc youth_union veterans_assoc fatherland_front one_stop "
    "agency propaganda_board individual".split()
)
DOC_KINDS = frozenset({"registration", "plan", "report", "personal"})
# ``natural``: a label occurs about as often as in real submissions; ``targeted``: written to
# over-represent the forms of some labels (trains the classifiers, never sets a threshold)
SAMPLINGS = ("natural", "targeted")
SPLITS = ("train", "dev", "test")
_LABEL_RE = re.compile(r"\s*\{([^{}]*)\}\s*$")
_SPACES_RE = re.compile(r"\s+")
_HEADER_RE = re.compile(r"^#\s*([a-z_]+)\s*:\s*(.*)$")
_HEADER_ANY_CASE_RE = re.compile(r"^#\s*([A-Za-z_]+)\s*:\s*(.*)$")


@dataclass(frozen=True)
class GoldSentence:
    """One annotated sentence: offsets into the rendered text, its labels, its source line."""

    start: int
    end: int
    text: str
    labels: frozenset[str]
    line: int


@dataclass(frozen=True)
class GoldDocument:
    """One annotated submission: rendered text, gold sentences and document-level fields."""

    id: str
    path: str
    text: str
    sentences: tuple[GoldSentence, ...]
    grade: int | None  # None only in a lenient reading (another corpus's file without a valid grade)
    year: int | None
    org_kind: str
    doc_kind: str
    region: str
    exemplar_names: tuple[str, ...] | None  # None: not annotated (lenient reading), left out of the name figures
    meta: dict[str, str] = field(default_factory=dict, compare=False)
    sampling: str = "natural"
    # what a lenient reading (``strict=False``) let pass, "path:line: problem; what is done about it"
    warnings: tuple[str, ...] = field(default=(), compare=False)

    def has_label(self, label: str) -> bool:
        """True when at least one gold sentence carries ``label``."""
        return any(label in s.labels for s in self.sentences)


# Header keys that only describe a document: evaluating another corpus (``strict=False``) keeps an
# unknown value, or goes on without the key, with a warning instead of refusing the corpus
_DESCRIPTIVE_KEYS = ("year", "org_kind", "doc_kind", "region")


def _header(meta: dict[str, str], path: str, where: dict[str, int] | None = None, *,
            strict: bool = True) -> tuple[dict[str, object], list[str]]:
    """The document-level fields of a header, and the warnings of a lenient reading.

    ``strict`` (training, ``check``): any missing key or value outside the guidelines raises
    ``CorpusError`` naming the line of the key at fault (``where``). Otherwise (evaluating another
    corpus) only what a measurement needs is kept strict, the labels; a problem with a header key is a
    warning saying what the measurement does about it (a missing ``grade`` leaves the document out of
    the grade figures, missing ``exemplar_names`` out of the name figures, an unknown ``org_kind`` is
    kept as written)."""
    where = where or {}
    warnings: list[str] = []

    def problem(key: str, detail: str, instead: str) -> None:
        if strict:
            raise CorpusError(E.CORPUS_HEADER, path=path, line=where.get(key, 1), detail=detail)
        warnings.append(f"{path}:{where.get(key, 1)}: {detail}; {instead}")

    missing_required = [key for key in REQUIRED_KEYS if key not in meta]
    if strict and missing_required:
        raise CorpusError(E.CORPUS_HEADER, path=path, line=1, detail=f"missing header key '{missing_required[0]}'")
    stem = Path(path).stem
    doc_id = meta.get("id", stem)
    if "id" not in meta:
        problem("id", "missing header key 'id'", "the file name is the document's id")
    elif doc_id != stem:
        problem("id", f"id '{doc_id}' differs from the file name '{stem}'", "the file name is the document's id")
        doc_id = stem
    grade: int | None = None
    if "grade" not in meta:
        problem("grade", "missing header key 'grade'", "the document is left out of the grade figures")
    elif meta["grade"] not in {"1", "2", "3", "4", "5"}:
        problem("grade", f"grade '{meta['grade']}' is not 1–5", "the document is left out of the grade figures")
    else:
        grade = int(meta["grade"])
    year: int | None = None
    if "year" in meta and meta["year"].isdigit() and 1990 <= int(meta["year"]) <= 2100:
        year = int(meta["year"])
    elif "year" in meta:
        problem("year", f"year '{meta['year']}' is not a year between 1990 and 2100", "it only describes the document")
    kinds = {"org_kind": ORG_KINDS, "doc_kind": DOC_KINDS}
    for key, known in kinds.items():
        if key in meta and meta[key] not in known:
            problem(key, f"{key} '{meta[key]}' is not one of {sorted(known)}", "kept as written (it only describes the document)")
    missing = [key for key in _DESCRIPTIVE_KEYS if key not in meta]
    if missing and not strict:
        warnings.append(f"{path}:1: missing header key{'s' if len(missing) > 1 else ''} "
                        f"{', '.join(repr(k) for k in missing)}; not needed to evaluate (it only describes the document)")
    sampling = meta.get("sampling", "natural")
    if sampling not in SAMPLINGS:
        problem("sampling", f"sampling '{sampling}' is not one of {list(SAMPLINGS)}", "read as 'natural'")
        sampling = "natural"
    names: tuple[str, ...] | None = None
    if "exemplar_names" in meta:
        names = tuple(n.strip() for n in meta["exemplar_names"].split(";") if n.strip())
    else:
        problem("exemplar_names", "missing header key 'exemplar_names'",
                "the document is left out of the exemplar-name figures (write the key empty when it names nobody)")
    return {"id": doc_id, "grade": grade, "year": year, "exemplar_names": names, "sampling": sampling,
            "org_kind": meta.get("org_kind", ""), "doc_kind": meta.get("doc_kind", ""),
            "region": meta.get("region", "")}, warnings


def _labels(raw: str, path: str, lineno: int, warnings: list[str] | None = None) -> frozenset[str]:
    """The labels of ``{...}``; an unknown one raises. ``warnings`` (a lenient reading) takes them in
    any case and notes two exclusive labels instead of refusing them (both are measured as written)."""
    if warnings is not None:
        raw = raw.lower()
    labels = frozenset(raw.replace(",", " ").split())
    for label in sorted(labels):
        if label not in LABELS:
            raise CorpusError(E.CORPUS_LABEL, path=path, line=lineno, label=label, known=" ".join(LABELS))
    for a, b in EXCLUSIVE:
        if a in labels and b in labels:
            if warnings is None:
                raise CorpusError(E.CORPUS_EXCLUSIVE, path=path, line=lineno)
            warnings.append(f"{path}:{lineno}: '{a}' and '{b}' exclude each other; both are measured as annotated")
    return labels


def parse_document(source: str, path: str, *, strict: bool = True) -> GoldDocument:
    """Parse one corpus file's content; raise ``CorpusError`` naming ``path`` and the line.

    ``strict=False`` reads another corpus for evaluation: header keys in any case, labels in any
    case, and the problems :func:`_header` lists become the document's ``warnings`` (the format of
    the body and unknown labels still raise: they would change what is measured)."""
    source = unicodedata.normalize("NFC", source.replace("\r\n", "\n"))
    warnings: list[str] | None = None if strict else []
    meta: dict[str, str] = {}
    where: dict[str, int] = {}  # the line of each header key
    lines: list[list[tuple[str, frozenset[str], int]]] = []  # rendered lines of sentences
    in_header = True
    for lineno, raw in enumerate(source.split("\n"), start=1):
        line = raw.rstrip()
        if in_header and line.startswith("#"):
            match = (_HEADER_RE if strict else _HEADER_ANY_CASE_RE).match(line)
            if not match:
                raise CorpusError(E.CORPUS_FORMAT, path=path, line=lineno, detail="header line is not '# key: value'")
            key, value = match.group(1).lower(), match.group(2).strip()
            if key in meta:
                raise CorpusError(E.CORPUS_HEADER, path=path, line=lineno,
                                  detail=f"header key '{key}' given twice (first on line {where[key]})")
            if _LABEL_RE.search(value):
                raise CorpusError(E.CORPUS_FORMAT, path=path, line=lineno, detail="labels on a header line")
            meta[key], where[key] = value, lineno
            continue
        in_header = False
        if not line.strip():
            if lines and lines[-1]:
                lines.append([])  # runs of blank lines render as one, as normalize_text does
            continue
        continued = line.startswith(">>")
        body = _SPACES_RE.sub(" ", line[2:] if continued else line).strip()
        match = _LABEL_RE.search(body)
        labels = frozenset()
        if match:
            labels = _labels(match.group(1), path, lineno, warnings)
            body = body[: match.start()].rstrip()
        if not body:
            raise CorpusError(E.CORPUS_FORMAT, path=path, line=lineno, detail="labels without a sentence")
        if "{" in body or "}" in body:
            raise CorpusError(E.CORPUS_FORMAT, path=path, line=lineno, detail="stray '{' or '}' (labels go at the end)")
        if continued:
            if not lines or not lines[-1]:
                raise CorpusError(E.CORPUS_FORMAT, path=path, line=lineno, detail="'>>' line without a sentence line before it")
            lines[-1].append((body, labels, lineno))
        else:
            lines.append([(body, labels, lineno)])
    fields, header_warnings = _header(meta, path, where, strict=strict)
    while lines and not lines[-1]:
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
    parts: list[str] = []
    sentences: list[GoldSentence] = []
    offset = 0
    for i, group in enumerate(lines):
        if i:
            parts.append("\n")
            offset += 1
        for j, (body, labels, lineno) in enumerate(group):
            if j:
                parts.append(" ")
                offset += 1
            sentences.append(GoldSentence(offset, offset + len(body), body, labels, lineno))
            parts.append(body)
            offset += len(body)
    text = "".join(parts)
    if not sentences:
        raise CorpusError(E.CORPUS_FORMAT, path=path, line=1, detail="no sentence in the document")
    for name in fields["exemplar_names"] or ():  # type: ignore[attr-defined]
        if name not in text:
            detail = (f"exemplar name '{name}' is not written so in the text (names are given exactly as the text "
                      "writes them)")
            if strict:
                raise CorpusError(E.CORPUS_HEADER, path=path, line=where.get("exemplar_names", 1), detail=detail)
            header_warnings.append(f"{path}:{where.get('exemplar_names', 1)}: {detail}; the name figures match it "
                                   "as written in the header")
    return GoldDocument(path=path, text=text, sentences=tuple(sentences), meta=dict(meta),
                        warnings=tuple(header_warnings + (warnings or [])), **fields)  # type: ignore[arg-type]


# List-marker styles a document can be read in (``mohinh evaluate --markers``): submissions mark their
# lists in many ways, the corpus mostly with "-", "1." and "a)"
MARKER_STYLES = {
    "bullet": "every bullet (-, +, *, –) written •",
    "plus": "every bullet (-, *, –, •) written +",
    "swap": "numbers and letters in the other punctuation: 1. ↔ 1), a) ↔ a.",
    "none": "bullets and letters left out (numbers kept)",
}
_BULLET_RE = re.compile(r"^([ \t]*)[-+*•–][ \t]+(?=\S)")
_NUMBER_RE = re.compile(r"^([ \t]*)(\d{1,2}|[a-zđ])([.)])[ \t]+(?=\S)")


def restyle_markers(line: str, style: str) -> str:
    """``line`` with its list marker written in ``style`` (one of :data:`MARKER_STYLES`); a line
    with no marker, a Roman heading or a multi-level number ("1.2.") is left as it is.

    Example:
        >>> [restyle_markers(line, "swap") for line in ("1. Khảo sát", "a) Vận động", "- Quý I", "1.2. Tổ chức")]
        ['1) Khảo sát', 'a. Vận động', '- Quý I', '1.2. Tổ chức']
        >>> restyle_markers("- Quý I: khảo sát", "bullet"), restyle_markers("b) Vận động 40 hộ.", "none")
        ('• Quý I: khảo sát', 'Vận động 40 hộ.')
    """
    if style not in MARKER_STYLES:
        raise ValueError(f"marker style must be one of {', '.join(MARKER_STYLES)}, not {style!r}")
    bullet = _BULLET_RE.match(line)
    if bullet:
        written = {"bullet": "• ", "plus": "+ ", "none": ""}.get(style)
        return line if written is None else bullet.group(1) + written + line[bullet.end():]
    number = _NUMBER_RE.match(line)
    if number is None or style in ("bullet", "plus"):
        return line
    indent, value, mark = number.groups()
    rest = line[number.end():]
    if style == "none":
        return line if value.isdigit() else indent + rest
    return f"{indent}{value}{')' if mark == '.' else '.'} {rest}"


def restyled(doc: GoldDocument, style: str) -> GoldDocument:
    """``doc`` parsed again from its file with every list marker written in ``style``: the same
    labels on the same sentences, only the markers differ."""
    source = read_source(doc.path)
    lines, in_header = [], True
    for line in source.replace("\r\n", "\n").split("\n"):
        in_header = in_header and line.startswith("#")
        lines.append(line if in_header or line.startswith(">>") else restyle_markers(line, style))
    return parse_document("\n".join(lines), doc.path)


def read_source(path: str | Path) -> str:
    """A corpus file's text: UTF-8, with or without a byte-order mark (Notepad's and Excel's "UTF-8");
    any other encoding is a coded error naming the line of the first byte that is not UTF-8."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as err:
        raise CorpusError(E.CORPUS_FORMAT, path=path, line=0, detail=f"cannot be read: {err.strerror or err}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[:err.start].count(b"\n") + 1
        raise CorpusError(E.CORPUS_FORMAT, path=path, line=line,
                          detail=f"byte 0x{data[err.start]:02x} is not UTF-8; save the file as UTF-8") from None


def load_document(path: str | Path, *, strict: bool = True) -> GoldDocument:
    """Read and parse one corpus file (``strict``: as :func:`parse_document`)."""
    return parse_document(read_source(path), str(path), strict=strict)


def read_splits(path: str | Path | None = None) -> dict[str, str]:
    """Map document id → split name from ``corpora/splits.tsv``."""
    path = Path(path) if path else CORPUS_DIR / "splits.tsv"
    splits: dict[str, str] = {}
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        doc_id, _, split = line.partition("\t")
        if split not in SPLITS:
            raise CorpusError(E.CORPUS_SPLIT, detail=f"{path}:{lineno}: unknown split '{split}'")
        splits[doc_id] = split
    return splits


def _load_each(paths: list[Path], *, strict: bool = True) -> tuple[list[GoldDocument], list[CorpusError]]:
    """The documents of ``paths`` that load, and the error of each one that does not."""
    docs, errors = [], []
    for path in paths:
        try:
            docs.append(load_document(path, strict=strict))
        except CorpusError as err:
            errors.append(err)
    return docs, errors


_SHOWN_ERRORS = 20  # files at fault a loading error names (the check command lists every one)


def load_corpus(split: str | None = None, root: str | Path | None = None, *, strict: bool = True) -> list[GoldDocument]:
    """Load every document of ``corpora/docs`` (or only one split), sorted by id.

    ``strict=False`` reads another corpus for evaluation (see :func:`parse_document`): a header key
    that only describes a document does not stop it, each document carries its ``warnings``, and a
    folder without ``docs/`` is read for its own ``*.txt`` files.

    Example:
        >>> dev = load_corpus("dev")  # doctest: +SKIP
    """
    root = Path(root) if root else CORPUS_DIR
    folder = root / "docs" if strict or (root / "docs").is_dir() else root
    docs, errors = _load_each(sorted(folder.glob("*.txt")), strict=strict)
    if len(errors) == 1:
        raise errors[0]
    if errors:  # every file at fault at once, not one per run: a board's annotators fix them together
        shown = [f"  {err}" for err in errors[:_SHOWN_ERRORS]]
        if len(errors) > _SHOWN_ERRORS:
            shown.append(f"  … and {len(errors) - _SHOWN_ERRORS} more: `python -m analyzer.corpus check {root}` "
                         "lists them all")
        raise CorpusError(E.CORPUS_FILES, n=len(errors), errors="\n".join(shown))
    if not docs:
        raise CorpusError(E.CORPUS_SPLIT, detail=f"no annotated documents in {folder} (expected docs/*.txt)")
    if split is None:
        return docs
    if not (root / "splits.tsv").is_file():
        raise CorpusError(E.CORPUS_SPLIT, detail=f"{root} has no splits.tsv: evaluate all its documents with --split all")
    splits = read_splits(root / "splits.tsv")
    missing = [d.id for d in docs if d.id not in splits]
    if missing:
        raise CorpusError(E.CORPUS_SPLIT, detail=f"documents without a split in splits.tsv: {', '.join(missing[:10])}; run `python -m analyzer.corpus split`")
    return [d for d in docs if splits[d.id] == split]


def summarize(docs: list[GoldDocument]) -> dict[str, object]:
    """Counts and diversity of a list of documents (what ``check`` prints)."""
    label_counts = collections.Counter(lab for d in docs for s in d.sentences for lab in s.labels)
    lengths = sorted(len(d.sentences) for d in docs)
    return {
        "documents": len(docs),
        "sentences": sum(len(d.sentences) for d in docs),
        "labelled_sentences": sum(1 for d in docs for s in d.sentences if s.labels),
        "characters": sum(len(d.text) for d in docs),
        "sentences_per_doc_min_median_max": (lengths[0], lengths[len(lengths) // 2], lengths[-1]) if lengths else (0, 0, 0),
        "labels": {lab: label_counts.get(lab, 0) for lab in LABELS},
        "grades": dict(sorted(collections.Counter(d.grade for d in docs).items(), key=lambda kv: (kv[0] is None, kv[0] or 0))),
        "org_kinds": dict(collections.Counter(d.org_kind for d in docs).most_common()),
        "doc_kinds": dict(collections.Counter(d.doc_kind for d in docs).most_common()),
        "sampling": dict(collections.Counter(d.sampling for d in docs).most_common()),
        "regions": len({d.region for d in docs}),
        "years": dict(sorted(collections.Counter(d.year for d in docs).items(), key=lambda kv: (kv[0] is None, kv[0] or 0))),
    }


SPLIT_SHARES = {"train": 0.68, "dev": 0.16, "test": 0.16}


def assign_splits(docs: list[GoldDocument], existing: dict[str, str]) -> dict[str, str]:
    """Keep existing assignments; give each new document, per grade, the split furthest below its share.

    Deterministic: new documents are taken in the order of a hash of their id.
    """
    import hashlib

    splits = {d.id: existing[d.id] for d in docs if d.id in existing}
    new = sorted((d for d in docs if d.id not in existing), key=lambda d: hashlib.sha1(d.id.encode()).hexdigest())
    for doc in new:
        same = [splits[d.id] for d in docs if d.grade == doc.grade and d.id in splits]
        counts = collections.Counter(same)
        n = len(same) + 1
        splits[doc.id] = min(SPLITS, key=lambda s: (counts[s] + 1) / n - SPLIT_SHARES[s])
    return splits


def write_splits(splits: dict[str, str], path: Path | None = None) -> None:
    """Write ``splits.tsv`` sorted by id."""
    path = path or CORPUS_DIR / "splits.tsv"
    lines = ["# document id<TAB>split — fixed; the test split is read only for reporting"]
    lines += [f"{doc_id}\t{split}" for doc_id, split in sorted(splits.items())]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """``python -m analyzer.corpus check [--lenient] [FILES…]`` validates and prints counts; ``split`` assigns
    new documents."""
    parser = argparse.ArgumentParser(prog="python -m analyzer.corpus", description=main.__doc__)
    parser.add_argument("command", choices=["check", "split"])
    parser.add_argument("files", nargs="*", help="corpus files (default: all of corpora/docs)")
    parser.add_argument("--lenient", action="store_true",
                        help="read the files as `mohinh evaluate --corpus` reads another corpus: header problems "
                             "that change nothing measured are warnings, not errors")
    args = parser.parse_intermixed_args(argv)
    if args.command == "split":
        docs = load_corpus()
        path = CORPUS_DIR / "splits.tsv"
        splits = assign_splits(docs, read_splits(path) if path.exists() else {})
        write_splits(splits, path)
        print(dict(collections.Counter(splits.values())))
        return 0
    files: list[Path] = []
    failures = 0
    for given in map(Path, args.files):
        if given.is_dir():  # a corpus folder (its docs/) or a folder of annotated files
            folder = given / "docs" if (given / "docs").is_dir() else given
            files += sorted(folder.glob("*.txt"))
        elif given.exists():
            files.append(given)
        else:
            failures += 1
            print(f"error: {E.INPUT_MISSING.format(path=given)}", file=sys.stderr)
    if not args.files:
        files = sorted((CORPUS_DIR / "docs").glob("*.txt"))
    docs, errors = _load_each(files, strict=not args.lenient)
    for doc in docs:
        for warning in doc.warnings:
            print(f"warning: {warning}", file=sys.stderr)
    for err in errors:
        print(f"error: {err}", file=sys.stderr)
    failures += len(errors)
    if failures:  # the counts of a corpus that does not validate would mislead
        print(f"{failures} error(s); {len(docs)} of {len(files)} file(s) valid. Fix them, then count again.",
              file=sys.stderr)
        return 1
    for key, value in summarize(docs).items():
        print(f"{key}: {value}")
    split_path = CORPUS_DIR / "splits.tsv"
    if not args.files and split_path.exists():
        splits = read_splits(split_path)
        print("splits:", dict(collections.Counter(splits.get(d.id, "MISSING") for d in docs)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
