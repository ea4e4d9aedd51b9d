"""The library API: analyse a text, a file or a folder; turn results into DataFrames.

Example:
    >>> result = analyze_text("I. NÊU GƯƠNG\\nBí thư chi bộ đăng ký 3 việc làm cụ thể trước 30/6/2024.")
    >>> result.status, [s.kind for s in result.sentences]
    ('ok', ['heading', 'body'])
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

from analyzer.config import Config
from analyzer.errors import E, IngestError, MohinhError
from analyzer.labels import document_flags
from analyzer.results import DocumentResult, Sentence

ANALYZER_VERSION = "0.1.0"


class Frames(NamedTuple):
    """The DataFrames of a batch: one row per document, per sentence and per finding."""

    documents: "pd.DataFrame"  # type: ignore[name-defined]  # noqa: F821
    sentences: "pd.DataFrame"  # type: ignore[name-defined]  # noqa: F821
    findings: "pd.DataFrame"  # type: ignore[name-defined]  # noqa: F821


def model_digest() -> str:
    """SHA-256 of the sentence model file (changes when ``mohinh train`` rebuilds it)."""
    from analyzer.detect import MODELS_DIR

    return _file_digest(str(MODELS_DIR / "sentences.skops"))


@functools.lru_cache(maxsize=2)
def source_digest(root: str | None = None) -> str:
    """SHA-256 of the analyzer's code and data files (``*.py``, rule and rubric YAML, lexicons):
    editing a rule file or upgrading the analyzer invalidates cached analyses."""
    base = Path(root) if root else Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(p for p in base.rglob("*") if p.suffix in (".py", ".yaml", ".yml", ".txt") and p.is_file()):
        digest.update(path.relative_to(base).as_posix().encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


@functools.lru_cache(maxsize=4)
def _file_digest(path: str) -> str:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return "missing"


def content_hash(data: str | bytes, config: Config) -> str:
    """Cache key of an analysis: changes with the input, the rubric, the model and the analyzer's code and rules."""
    from analyzer.rubrics import load_rubric

    digest = hashlib.sha256()
    for part in (ANALYZER_VERSION, source_digest(), load_rubric(config.rubric).digest, model_digest()):
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    digest.update(data.encode("utf-8") if isinstance(data, str) else data)
    return digest.hexdigest()


def analyze_text(text: str, *, doc_id: str = "text", config: Config | None = None, fmt: str = "text",
                 encoding: str = "", warnings: tuple[str, ...] = (), key: str = "", read: bool = False) -> DocumentResult:
    """Analyse one submission's text (normalised first; offsets refer to the normalised text).

    A caller's string is read as a file's text is: legacy font encodings (TCVN3, VNI) and mojibake are
    undone (W101, W102) and a text that hardly reads as Vietnamese (typed without diacritics) gets W112.
    ``read=True`` says a reader has done so already (:func:`analyze_file`).

    Example:
        >>> r = analyze_text("Chi bộ tổ chức cho 100% đảng viên học tập chuyên đề năm 2024.")
        >>> r.sentences[0].text
        'Chi bộ tổ chức cho 100% đảng viên học tập chuyên đề năm 2024.'
    """
    from analyzer.detect.exemplars import same_person
    from analyzer.ingest.normalize import normalize_text
    from analyzer.ingest.repair import language_warnings, repair_text
    from analyzer.pipeline import get_nlp
    from analyzer.rubrics import load_rubric
    from analyzer.labels import PILLARS, REQUIREMENTS
    from analyzer.score import cap_reason, flagged_labels, grade_for, label_counts, reasons, score_parts, total
    from analyzer.detect.doctype import NOT_REGISTRATION, not_a_registration

    if not isinstance(text, str):
        hint = " (decode the bytes first, or read the file with analyze_file())" if isinstance(text, (bytes, bytearray)) else ""
        raise TypeError(f"analyze_text takes the text as str, not {type(text).__name__}{hint}")
    config = config or Config()
    if not read:
        text, legacy, warnings = repair_text(text, encoding or None, tuple(warnings))
        encoding = legacy or encoding
    text = normalize_text(text)
    if not read:
        warnings = tuple(dict.fromkeys((*warnings, *language_warnings(text))))
    if not text.strip():
        return error_result(doc_id, IngestError(E.EMPTY_FILE, path=doc_id), fmt=fmt)
    if len(text) > config.max_chars:
        return error_result(doc_id, IngestError(E.TOO_MUCH_TEXT, path=doc_id, size=len(text), limit=config.max_chars),
                            fmt=fmt)
    doc = get_nlp(config.rubric)(text)
    sentences: tuple[Sentence, ...] = doc._.mohinh_sentences
    findings = doc._.mohinh_findings
    layout = doc._.mohinh_layout
    # one person once, however the document spells him ("Lê Thị Thủy" … "Lê Thị Thuỷ", "NGUYỄN VĂN AN")
    first_spelling: dict[str, str] = {}
    for f in findings:
        if f.label == "exemplar_name":
            first_spelling.setdefault(same_person(f.evidence), f.evidence)
    names = tuple(first_spelling.values())
    # an action pasted again under another pillar makes that pillar no more concrete than it was
    flags = document_flags(flagged_labels(sentences))
    # the requirement is a named exemplary individual: "Cá nhân điển hình: …" naming nobody does not meet it
    flags["exemplar"] = int(flags["exemplar"] and bool(names))
    rubric = load_rubric(config.rubric)
    n_actions, n_slogans = label_counts(sentences)
    written = (sum(s.has("action") for s in sentences), sum(s.has("slogan") for s in sentences))
    parts = score_parts(flags, n_actions=n_actions, n_slogans=n_slogans, rubric=rubric, written=written)
    score = total(parts)
    missing = [p for p in PILLARS if not flags[p]]
    unmet = [r for r in REQUIREMENTS if not flags[r]]
    capped = cap_reason(score, rubric, missing, unmet)
    grade = grade_for(score, rubric, missing_pillars=len(missing), missing_requirements=len(unmet))
    meta = dict(layout.meta)
    # a file that is not a registration at all (a minute, an invitation, a news article) is graded 1, and
    # says so first: its score is what its sentences would earn, its grade is not a registration's
    other = not_a_registration(text, layout, sentences)
    if other is not None:
        grade, capped = 1, other.reason
        meta[NOT_REGISTRATION] = other.kind
        if other.title and not meta.get("doc_type"):
            meta["doc_type"] = other.title
            meta = _without_title(meta, other.title)
    return DocumentResult(
        doc_id=doc_id, text=text, fmt=fmt, encoding=encoding, warnings=tuple(warnings),
        meta=tuple(sorted(meta.items())), sentences=sentences, findings=findings,
        flags=tuple(flags.items()), exemplar_names=names, breakdown=tuple(parts), score=score,
        grade=grade, reasons=tuple(filter(None, (capped, *reasons(parts)))),
        content_hash=key or content_hash(text, config),
    )


def _without_title(meta: dict[str, str], title: str) -> dict[str, str]:
    """The header's issuing body without a title the header did not know as one ("CHI BỘ ẤP 3 – BIÊN BẢN")."""
    body = [part for part in meta.get("issuing_body", "").split(" – ") if part and not part.startswith(title)]
    if "issuing_body" in meta:
        meta = {k: v for k, v in meta.items() if k != "issuing_body"}
        if body:
            meta["issuing_body"] = " – ".join(body)
    return meta


def error_result(doc_id: str, error: Exception, *, fmt: str = "") -> DocumentResult:
    """The row of a file that could not be analysed: nothing is lost, the reason is kept."""
    message = str(error) if isinstance(error, MohinhError) else f"E199: unexpected {type(error).__name__}: {error}"
    return DocumentResult(doc_id=doc_id, status="error", error=message, fmt=fmt)


def analyze_file(path: str | os.PathLike[str], *, doc_id: str | None = None, config: Config | None = None,
                 key: str = "", within: str | os.PathLike[str] | None = None) -> DocumentResult:
    """Read and analyse one file; a file that cannot be read gives ``status == "error"``. With
    ``within`` (the folder being scored), a link to a file outside it is not read (E109): a link
    unpacked from a submitted archive could otherwise put any file of the machine into the report.

    Example:
        >>> analyze_file("khong_co.docx").status
        'error'
    """
    from analyzer.ingest import read_document
    from analyzer.ingest.messages import W

    config = config or Config()
    if within is None and os.path.isdir(path) and not os.path.islink(path):  # a folder: analyze_folder()
        name = printable_id(doc_id or Path(path).name)
        return error_result(name, IngestError(E.IS_A_FOLDER, path=printable_id(str(path))), fmt="")
    path = Path(path)
    doc_id = printable_id(doc_id or path.name)
    target = link_outside(path, within) if within is not None else None
    if target is not None:
        return error_result(doc_id, IngestError(E.LINK_OUTSIDE, path=path, target=printable_id(target)),
                            fmt=path.suffix.lower().lstrip("."))
    try:
        raw = read_document(path, max_bytes=config.max_bytes, max_unpacked=config.max_unpacked,
                            max_chars=config.max_chars)
    except IngestError as err:
        return error_result(doc_id, err, fmt=path.suffix.lower().lstrip("."))
    except Exception as err:  # a reader bug must not stop a batch; the row says what happened
        return error_result(doc_id, err, fmt=path.suffix.lower().lstrip("."))
    warnings = raw.warnings
    if any(legacy_name(os.fsencode(part)) is not None for part in path.parts):  # the name was read as cp1258
        warnings += (W.LEGACY_NAME,)
    try:
        return analyze_text(raw.text, doc_id=doc_id, config=config, fmt=raw.fmt,
                            encoding=raw.encoding or "", warnings=warnings, key=key, read=True)
    except MohinhError as err:
        return error_result(doc_id, err, fmt=raw.fmt)


# a folder holding these is the output of an earlier ``mohinh score`` (its manifest, or its tables)
OUTPUT_MARKS = (".mohinh-manifest.json", ("analysis.jsonl", "documents.csv"))


def is_output_folder(folder: str | os.PathLike[str]) -> bool:
    """Whether ``folder`` holds the results of a ``mohinh score`` run."""
    path = Path(folder)
    manifest, tables = OUTPUT_MARKS
    try:
        return (path / manifest).is_file() or all((path / name).is_file() for name in tables)
    except OSError:  # a path longer than the system allows: walked, and its files get rows saying so
        return False


def link_outside(path: str | os.PathLike[str], within: str | os.PathLike[str]) -> str | None:
    """Where ``path`` leads when it is a link to a file outside the folder ``within``, else None: such a
    file is never opened (a link unpacked from a submitted archive can point anywhere on the machine)."""
    if not _is_link(Path(path)):
        return None
    target, folder = os.path.realpath(path), os.path.realpath(within)
    return target if os.path.commonpath([target, folder]) != folder else None


def _is_link(path: Path) -> bool:
    try:
        return path.is_symlink()
    except OSError:
        return False


def iter_files(folder: str | os.PathLike[str], *, include_hidden: bool = False,
               skip: str | os.PathLike[str] | None = None,
               outputs: list[str] | None = None, hidden: list[str] | None = None) -> list[tuple[Path, str]]:
    """Every file under ``folder``, recursively, in a stable order, with its ``doc_id``.

    Hidden files are listed like the others (``.DS_Store`` then gets its E111 row: nothing in
    the folder is lost); hidden directories (``.git``, ``.ipynb_checkpoints``) are not walked
    unless ``include_hidden``. Links are listed but never followed into directories, so a link
    loop cannot hang the walk. A folder that cannot be read is listed itself (its row says so,
    E115), and the folder ``skip`` (the batch's own output, when it lies inside ``folder``) is not
    walked, so a second run does not score the first one's tables and reports; nor is the output
    folder of an earlier run (last year's ``--out HoSo/ketqua``): its path is added to ``outputs``
    when given, for the caller to say so, as a hidden directory's is to ``hidden``.
    """
    root = Path(folder)
    found: list[tuple[Path, str]] = []
    skipped = os.path.realpath(skip) if skip is not None else None

    def unreadable(err: OSError) -> None:
        if err.filename is None:
            return
        path = Path(err.filename)
        if path == root:
            raise IngestError(E.FOLDER_UNREADABLE, path=root, detail=err.strerror or str(err)) from err
        found.append((path, printable_id(path.relative_to(root).as_posix())))

    for dirpath, dirnames, filenames in os.walk(root, followlinks=False, onerror=unreadable):
        if hidden is not None and not include_hidden:  # not walked, but named: nothing is skipped silently
            hidden.extend(printable_id((Path(dirpath) / d).relative_to(root).as_posix())
                          for d in sorted(dirnames) if d.startswith(".") and not _is_link(Path(dirpath) / d))
        dirnames[:] = sorted(d for d in dirnames if (include_hidden or not d.startswith("."))
                             and (skipped is None or os.path.realpath(Path(dirpath) / d) != skipped))
        for d in [d for d in dirnames if not _is_link(Path(dirpath) / d) and is_output_folder(Path(dirpath) / d)]:
            dirnames.remove(d)
            if outputs is not None:
                outputs.append(printable_id((Path(dirpath) / d).relative_to(root).as_posix()))
        for name in sorted(filenames):
            path = Path(dirpath) / name
            found.append((path, printable_id(path.relative_to(root).as_posix())))
        for name in dirnames:
            if _is_link(Path(dirpath) / name):
                path = Path(dirpath) / name
                found.append((path, printable_id(path.relative_to(root).as_posix())))
    found.sort(key=lambda item: (item[1], os.fsencode(item[0])))
    # two names can print alike (an undecodable byte written "\\xe1" beside a name that has those four
    # characters): the second gets a number, so that every file keeps a row and a report page of its own;
    # so do two names that differ only in Unicode form (a name typed on a Mac is decomposed, NFD)
    seen: dict[str, int] = {}
    taken = {unicodedata.normalize("NFC", doc_id) for _, doc_id in found}
    for k, (path, doc_id) in enumerate(found):
        key = unicodedata.normalize("NFC", doc_id)
        if key in seen:
            number = seen[key]
            while True:  # a number no other file's name already has ("b.txt (2)" may be a real name)
                number += 1
                renamed = f"{doc_id} ({number})"
                if unicodedata.normalize("NFC", renamed) not in taken:
                    break
            seen[key] = number
            taken.add(unicodedata.normalize("NFC", renamed))
            found[k] = (path, renamed)
        else:
            seen[key] = 1
    return found


# bidi embeddings, overrides and isolates, zero-width characters, the byte order mark
_FORMAT_CHARS = re.compile("[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")


def printable_id(name: str) -> str:
    r"""A file name as text every output can hold.

    A name that is not valid UTF-8 on disk (an archive unpacked from an old Windows machine)
    reaches Python with lone surrogates, which no CSV, JSON or XLSX writer accepts. Read in the
    Vietnamese Windows code page (cp1258), its bytes usually spell Vietnamese syllables: the name
    is then shown as that reading ("Báo cáo đăng kí.txt", with warning W202 on its row); otherwise its
    undecodable bytes are written as ``\xNN`` (unique and readable).

    Invisible format characters (a right-to-left override that shows "hoso_<U+202E>xcod.txt" as
    "hoso_docx.txt", zero-width spaces) are written as ``\uNNNN``: a name must read as what it is.

    Example:
        >>> printable_id("B\udce1o c\udce1o.txt"), printable_id("b\udc81o.txt"), printable_id("ho_so_\u202excod.txt")
        ('Báo cáo.txt', 'b\\x81o.txt', 'ho_so_\\u202excod.txt')
    """
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        raw = name.encode("utf-8", "surrogateescape")
        name = legacy_name(raw) or raw.decode("utf-8", "backslashreplace")
    return _FORMAT_CHARS.sub(lambda m: f"\\u{ord(m.group()):04x}", name)


_NAME_WORD = re.compile(r"[^\W\d_]+")


def legacy_name(raw: bytes) -> str | None:
    """A file name's bytes read in the Vietnamese Windows code page, when they are not UTF-8 and that
    reading is made of Vietnamese syllables, else None.

    Example:
        >>> legacy_name("Báo cáo đăng kí".encode("cp1258") + b".docx"), legacy_name(b"Chi bo.docx")
        ('Báo cáo đăng kí.docx', None)
    """
    from analyzer.ingest.legacy import vietnamese_syllable

    try:
        raw.decode("utf-8")
        return None
    except UnicodeDecodeError:
        pass
    try:
        name = unicodedata.normalize("NFC", raw.decode("cp1258"))
    except UnicodeDecodeError:
        return None
    words = [w for w in _NAME_WORD.findall(name) if not w.isascii()]
    return name if words and all(map(vietnamese_syllable, words)) else None


def worker_died(doc_id: str, path: str) -> DocumentResult:
    """The row of a file whose analysis killed its worker process (E113; see :func:`parallel_map`)."""
    return error_result(doc_id, IngestError(E.WORKER_DIED, path=path))


def _crashed_item(item: tuple[str, str, Config, str]) -> DocumentResult:
    path, doc_id, _, _ = item
    return worker_died(doc_id, path)


def _analyze_item(item: tuple[str, str, Config, str]) -> DocumentResult:
    path, doc_id, config, root = item
    return analyze_file(path, doc_id=doc_id, config=config, within=root)


def analyze_folder(folder: str | os.PathLike[str], *, config: Config | None = None) -> Iterator[DocumentResult]:
    """Analyse every file under ``folder`` (sorted by ``doc_id``), yielding results in order.

    With ``config.jobs`` > 1 the files are analysed by worker processes; the order of the
    results does not change. A folder that does not exist (E303) or is a file (E306) is refused
    at the call, before any result is asked for.

    Example:
        >>> analyze_folder("HoSo_khong_co")
        Traceback (most recent call last):
        ...
        analyzer.errors.IngestError: E303: HoSo_khong_co does not exist.
    """
    config = config or Config()
    root = Path(folder)
    if not root.is_dir():
        raise IngestError(E.INPUT_MISSING if not root.exists() else E.NOT_A_FOLDER, path=root)
    items = [(str(p), doc_id, config, str(root)) for p, doc_id in iter_files(root, include_hidden=config.include_hidden)]
    return parallel_map(_analyze_item, items, config.workers, warm=config.rubric, on_crash=_crashed_item)


_WARM_TEXT = ("I. HỌC TẬP BÁC\nChi bộ tổ chức cho 100% đảng viên học tập chuyên đề năm 2024 trước ngày 30/6/2024.\n"
              "Người ký\nNguyễn Văn An")


def warm_up(rubric: str = "2024") -> None:
    """Build the pipeline, load the model and analyse a short text now, before forking workers:
    they share what this loads (the word segmenter's CRF, the rules, the rubric) instead of each
    loading it at its first document, and so does every fresh worker that replaces one."""
    from analyzer.config import Config
    from analyzer.detect import get_labeller
    from analyzer.pipeline import get_nlp

    get_nlp(rubric)
    get_labeller()
    analyze_text(_WARM_TEXT, doc_id="warm-up", config=Config(rubric=rubric))


# a worker is replaced by a fresh fork after this many items, so what a long batch leaves behind in
# a worker (caches, allocator fragmentation, a leak in a library) cannot add up
RECYCLE_AFTER = 500


def parallel_map(func, items: list, workers: int, *, warm: str | None = "2024",  # type: ignore[no-untyped-def]
                 on_crash=None) -> Iterator:
    """``map(func, items)`` in order, over ``workers`` forked processes when there is more than one item.

    ``warm``: the rubric whose pipeline and model are loaded before forking (shared copy-on-write
    by the workers); ``None`` when ``func`` does not analyse text. Every ``RECYCLE_AFTER`` items
    per worker, fresh forks of the warm parent take the workers' place.

    A worker that dies (the kernel's out-of-memory killer, a crash in a reader's native code)
    breaks the pool: the items it held are run again one at a time, each in a process of its own,
    so the one that kills its process again is known, and ``on_crash(item)`` stands for its result
    (without ``on_crash`` that item raises :class:`RuntimeError`); the others are not lost. With
    one worker the items run in this process, unprotected (``mohinh score --jobs 1``).
    """
    workers = min(workers, max(1, len(items)))
    if workers <= 1:
        yield from map(func, items)
        return
    if warm is not None:
        warm_up(warm)
    yield from _pooled(func, items, workers, on_crash)


def _pooled(func, items: list, workers: int, on_crash) -> Iterator:  # type: ignore[no-untyped-def]
    import multiprocessing
    from collections import deque
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    context = multiprocessing.get_context("fork")
    window = 4 * workers  # items in flight: the results wait in order, so memory stays bounded
    start = 0
    while start < len(items):
        stop = min(len(items), start + RECYCLE_AFTER * workers)
        broken_at, submitted = None, start
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            pending: deque = deque()
            while submitted < stop or pending:
                try:
                    while submitted < stop and len(pending) < window:
                        pending.append((submitted, pool.submit(func, items[submitted])))
                        submitted += 1
                    result = pending[0][1].result()
                except BrokenProcessPool:
                    broken_at = pending[0][0] if pending else submitted
                    break
                pending.popleft()
                yield result
        if broken_at is None:
            start = stop
            continue
        for index in range(broken_at, submitted):  # in flight when a worker died: one at a time
            yield _alone(func, items[index], context, on_crash)
        start = submitted


def _alone(func, item, context, on_crash):  # type: ignore[no-untyped-def]
    """``func(item)`` in a process of its own; ``on_crash(item)`` if that process dies."""
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    with ProcessPoolExecutor(1, mp_context=context) as solo:
        try:
            return solo.submit(func, item).result()
        except BrokenProcessPool as exc:
            if on_crash is None:
                raise RuntimeError("a worker process died while handling an item") from exc
            return on_crash(item)


def to_frames(results: Iterable[DocumentResult]) -> Frames:
    """Documents, sentences and findings of ``results`` as pandas DataFrames (dicts first).

    The documents are ranked for review and near-duplicates among them named (``duplicate_of``,
    W201), as ``mohinh score`` writes them to ``documents.csv``.

    Example:
        >>> frames = to_frames([analyze_text("Chi bộ có 15 đảng viên.", doc_id="a.txt")])
        >>> list(frames.documents["doc_id"]), len(frames.sentences)
        (['a.txt'], 1)
    """
    from analyzer.dedup import NearDuplicates, sketch
    from analyzer.frames import documents_frame, findings_frame, sentences_frame

    if isinstance(results, (str, bytes, os.PathLike)):
        raise TypeError(f"to_frames takes DocumentResults, not a path ({results!r}): read a scored folder with "
                        "load_results(), or analyse a folder of submissions with to_frames(analyze_folder(…))")
    results = [results] if isinstance(results, DocumentResult) else list(results)  # one result is a batch of one
    # the frames are joined and ranked by doc_id: documents that share one could not be told apart
    shared = Counter(r.doc_id for r in results).most_common(1)
    if shared and shared[0][1] > 1:
        (doc_id, times), = shared
        raise ValueError(f"doc_id {doc_id!r} names {times} of the results: give each document its own "
                         "(analyze_text(text, doc_id=…)); to compare two batches of the same files, make the frames "
                         "of each and pd.concat them with a column that says which batch")
    # near-duplicates within the results, as `mohinh score` marks them within its batch
    finder, twins = NearDuplicates(), {}
    for r in results:
        if r.ok:
            finder.pair(r.doc_id, sketch(r.text), twins)
    # documents in review order, as documents.csv and load_results() give them
    documents = documents_frame(results, twins=twins).sort_values("priority", kind="stable").reset_index(drop=True)
    return Frames(documents, sentences_frame(results), findings_frame(results))
