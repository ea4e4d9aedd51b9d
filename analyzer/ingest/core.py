"""``read_document``: one file → one normalized :class:`RawDocument`, or one IngestError.

The flow reads like the data flow in DESIGN.md: check the path and size, read the
bytes once, let the content choose the reader, extract, repair encodings (mojibake,
legacy fonts), normalize. Whatever a reader library raises becomes a coded
:class:`~analyzer.errors.IngestError`, so one bad file never stops a batch.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from analyzer.errors import E, IngestError
from analyzer.ingest.artefacts import artefact_kind, web_page_of
from analyzer.ingest.base import Extracted, Limits, Refused
from analyzer.ingest.doc_reader import read_doc
from analyzer.ingest.docx_reader import read_docx
from analyzer.ingest.flatopc_reader import read_flat_docx
from analyzer.ingest.html_reader import read_html
from analyzer.ingest.image_reader import read_image
from analyzer.ingest.messages import W
from analyzer.ingest.mht_reader import read_mht
from analyzer.ingest.normalize import normalize_text
from analyzer.ingest.odt_reader import read_fodt, read_odt
from analyzer.ingest.pdf_reader import read_pdf
from analyzer.ingest.repair import language_warnings, repair_text
from analyzer.ingest.rtf_reader import read_rtf
from analyzer.ingest.sniff import SUFFIX_FORMATS, choose_format
from analyzer.ingest.txt_reader import read_txt
from analyzer.ingest.wordml_reader import read_wordml
from analyzer.ingest.xlsx_reader import read_xlsx

READERS = {
    "txt": read_txt, "md": read_txt, "docx": read_docx, "pdf": read_pdf,
    "doc": read_doc, "odt": read_odt, "rtf": read_rtf, "html": read_html, "image": read_image,
    "xlsx": read_xlsx, "mht": read_mht, "wordml": read_wordml, "wordxml": read_flat_docx,
    "fodt": read_fodt,
}  # fmt: skip
_DETAIL_CHARS = 200


@dataclass(frozen=True)
class RawDocument:
    """A document's final text and how it was obtained.

    ``text`` is normalized (:func:`~analyzer.ingest.normalize.normalize_text`): every
    character offset later in the pipeline refers to it. ``fmt`` is the format that was
    read (``"docx"``, ``"pdf"``, ``"txt"``, …), ``encoding`` the text's source encoding
    (``"utf-8"``, ``"cp1258"``, ``"tcvn3"`` when legacy fonts were converted, None for a
    Unicode container), ``warnings`` coded ``W1xx`` notes, ``meta`` (key, value) pairs.

    Example:
        >>> doc = RawDocument("Chi bộ Trường THCS Thủy Đông", "txt", "utf-8", (), ())
        >>> doc.text[:6]
        'Chi bộ'
    """

    text: str
    fmt: str
    encoding: str | None
    warnings: tuple[str, ...]
    meta: tuple[tuple[str, str], ...]


def _stat_regular(path: Path) -> os.stat_result:
    try:
        info = path.stat()
    except FileNotFoundError as exc:
        if path.is_symlink():
            raise Refused(E.BROKEN_LINK) from exc
        raise Refused(E.UNREADABLE, detail="no such file") from exc
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise Refused(E.BROKEN_LINK) from exc
        raise Refused(E.UNREADABLE, detail=exc.strerror or str(exc)) from exc
    if stat.S_ISDIR(info.st_mode) and not path.is_symlink():  # a batch lists a folder the walk could not read
        try:
            os.scandir(path).close()
        except OSError as exc:
            raise Refused(E.FOLDER_UNREADABLE, detail=exc.strerror or str(exc)) from exc
    if stat.S_ISDIR(info.st_mode) and path.is_symlink():
        raise Refused(E.LINK_TO_FOLDER)
    if not stat.S_ISREG(info.st_mode):
        raise Refused(E.NOT_A_FILE)
    return info


def _read_bytes(path: Path, limits: Limits) -> bytes:
    size = _stat_regular(path).st_size
    if size > limits.max_bytes:
        raise Refused(E.TOO_LARGE, size=size, limit=limits.max_bytes)
    try:
        with path.open("rb") as handle:
            data = handle.read(limits.max_bytes + 1)
    except OSError as exc:
        raise Refused(E.UNREADABLE, detail=exc.strerror or str(exc)) from exc
    if len(data) > limits.max_bytes:  # the file grew after stat
        raise Refused(E.TOO_LARGE, size=len(data), limit=limits.max_bytes)
    if not data or data.isspace():
        raise Refused(E.EMPTY_FILE)
    return data


def _finish(extracted: Extracted, fmt: str, notes: tuple[str, ...]) -> RawDocument:
    text, encoding, warnings = repair_text(extracted.text, extracted.encoding, extracted.warnings,
                                           legacy_done=extracted.legacy_done)
    text = normalize_text(text)
    if not text:
        raise Refused(E.NO_TEXT_PDF if fmt == "pdf" else E.EMPTY_FILE)
    return RawDocument(text, fmt, encoding, notes + warnings + language_warnings(text), extracted.meta)


def _extract(path: Path, limits: Limits) -> RawDocument:
    data = _read_bytes(path, limits)
    fmt, notes = choose_format(path.suffix.lower(), data)
    try:
        extracted = READERS[fmt](data, limits)
    except Refused as refusal:
        refusal.fields.setdefault("fmt", fmt)
        raise
    except Exception as exc:  # the contract: a reader library's failure is a coded error
        raise Refused(E.CORRUPT, fmt=fmt, detail=_failure(exc)) from exc
    return _finish(extracted, fmt, notes)


def _failure(exc: BaseException) -> str:
    """What went wrong inside a reader library, in a few words."""
    if isinstance(exc, RecursionError):
        return "its structure is nested too deeply"
    if isinstance(exc, MemoryError):
        return "reading it needs more memory than is available"
    if type(exc).__name__ in ("EntitiesForbidden", "DTDForbidden", "ExternalReferenceForbidden"):
        # defusedxml's refusal of declared XML entities (an "XML bomb", or a link to a file of the machine)
        return "its XML declares entities or external references, refused as unsafe"
    detail = f"{type(exc).__name__}: {exc}".strip().rstrip(":")
    return detail if len(detail) <= _DETAIL_CHARS else detail[: _DETAIL_CHARS - 1] + "…"


def read_document(
    path: str | os.PathLike[str], *, max_bytes: int = 50_000_000, max_unpacked: int = 200_000_000,
    max_chars: int = 5_000_000,
) -> RawDocument:
    """Read a submission file (.docx .pdf .doc .odt .rtf .html .mht .txt .md …) into text.

    ``max_bytes`` caps the file size (checked before reading); ``max_unpacked`` caps
    what a .docx/.odt zip may declare to unpack to; ``max_chars`` the text a reader may build
    (a spreadsheet's cells can repeat one shared string). Raises only
    :class:`~analyzer.errors.IngestError` (E100–E114); the file an operating system or an
    editor leaves beside documents (``~$…docx``, ``Thumbs.db``, ``.DS_Store``) is refused by its
    name with E111, unread, and so is a file of a saved web page's folder (``Bản đăng ký_files/header.htm``
    beside ``Bản đăng ký.htm``).

    Example:
        >>> doc = read_document("don_vi/chi_bo_thcs_thuy_dong.docx")  # doctest: +SKIP
        >>> doc.fmt, doc.text.splitlines()[0]  # doctest: +SKIP
        ('docx', 'ĐẢNG BỘ XÃ THỦY ĐÔNG | ĐẢNG CỘNG SẢN VIỆT NAM')
    """
    path = Path(path)
    what = artefact_kind(path.name) or web_page_of(path)
    if what is not None:
        raise IngestError(E.NOT_A_SUBMISSION, path=str(path), what=what)
    limits = Limits(max_bytes=max_bytes, max_unpacked=max_unpacked, max_chars=max_chars)
    fmt = SUFFIX_FORMATS.get(path.suffix.lower(), "text")
    try:
        return _extract(path, limits)
    except Refused as refusal:
        raise IngestError(refusal.template, **{"fmt": fmt, **refusal.fields, "path": str(path)}) from refusal
    except IngestError:
        raise
    except Exception as exc:  # e.g. MemoryError while repairing a huge text
        raise IngestError(E.CORRUPT, path=str(path), fmt=fmt, detail=_failure(exc)) from exc
