"""Builders of hostile and reshaped submissions for the robustness battery.

The file builders of ``tests/ingest/conftest.py`` (docx, PDF with DejaVu, legacy
encodings) are re-used: that module is loaded once more under its own name, because
every ``conftest.py`` is a module called ``conftest`` and only the last one loaded keeps
that name. Test modules here import from this file with ``from conftest import …``.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import os
import random
import textwrap
import zipfile
from pathlib import Path

import pytest

from analyzer.corpus import CORPUS_DIR, GoldDocument, load_document, read_splits
from analyzer.text.tones import to_modern_tones


def _load_ingest_builders():
    path = Path(__file__).resolve().parent.parent / "ingest" / "conftest.py"
    spec = importlib.util.spec_from_file_location("mohinh_ingest_builders", path)
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


_ingest = _load_ingest_builders()
SENTENCE = _ingest.SENTENCE
TCVN3, VNI = _ingest.TCVN3, _ingest.VNI
to_legacy, to_cp1258 = _ingest.to_legacy, _ingest.to_cp1258
make_docx, make_pdf = _ingest.make_docx, _ingest.make_pdf
unicode_font = _ingest.unicode_font  # the fixture, shared
font_file = _ingest._font_file

WRAP_COLUMNS = 70
_SENTENCE_END = ".!?…"
_CLOSERS = "\"'”’»)] "


# --- the corpus ---------------------------------------------------------------------------------

def corpus_docs(split: str) -> list[GoldDocument]:
    """The annotated documents of one split, sorted by id.

    Reads ``splits.tsv`` directly, so a document being added (not yet given a split) is
    ignored instead of failing the whole load as :func:`analyzer.corpus.load_corpus` does.
    """
    splits = read_splits()
    return [load_document(CORPUS_DIR / "docs" / f"{doc_id}.txt")
            for doc_id in sorted(doc_id for doc_id, name in splits.items() if name == split)
            if (CORPUS_DIR / "docs" / f"{doc_id}.txt").is_file()]


# --- comparing results --------------------------------------------------------------------------

def same_text(text: str) -> str:
    """What must not change between two renderings of one sentence: words and modern tone marks."""
    return to_modern_tones(" ".join(text.split()))


def sentence_key(result) -> list[tuple[tuple[str, ...], str]]:  # type: ignore[no-untyped-def]
    """The sentences of a result as (sorted labels, normalised text), in order."""
    return [(tuple(sorted(s.labels)), same_text(s.text)) for s in result.sentences]


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def rows_by_doc(rows: list[dict[str, str]]) -> dict[str, list[dict[str, str]]]:
    grouped: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        grouped.setdefault(row["doc_id"], []).append(row)
    return grouped


def codes(text: str) -> list[str]:
    """The ``E1xx``/``W1xx`` codes at the start of each ``; ``-separated message."""
    return [part.strip()[:4] for part in text.split("; ") if part.strip()]


# --- reshaped submissions -----------------------------------------------------------------------

def hard_wrap(text: str, columns: int = WRAP_COLUMNS) -> list[str]:
    """Physical lines of ``text`` wrapped at ``columns``, as a PDF's text layer gives them."""
    lines: list[str] = []
    for line in text.split("\n"):
        lines += textwrap.wrap(line, columns, break_on_hyphens=False, break_long_words=False) or [""]
    return lines


def write_wrapped_pdf(path: Path, font: Path, text: str, columns: int = WRAP_COLUMNS) -> Path:
    """A PDF whose every physical line is ``text`` hard-wrapped at ``columns`` characters."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("DejaVu", fname=str(font))
    pdf.set_font("DejaVu", size=10)
    for line in hard_wrap(text, columns):
        pdf.cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def write_docx(path: Path, text: str) -> Path:
    """``text`` as Word writes it: one paragraph a line, runs of ``a | b | c`` lines as real tables."""
    import docx

    document = docx.Document()
    lines = text.split("\n")
    k = 0
    while k < len(lines):
        if " | " not in lines[k]:
            document.add_paragraph(lines[k])
            k += 1
            continue
        rows = []
        while k < len(lines) and " | " in lines[k]:
            rows.append(lines[k].split(" | "))
            k += 1
        table = document.add_table(rows=len(rows), cols=max(len(row) for row in rows))
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                table.cell(r, c).text = value
    document.save(path)
    return path


def wrap_is_ambiguous(text: str, columns: int = WRAP_COLUMNS) -> list[str]:
    """Lines whose end no reader of the wrapped text can tell from a wrap.

    A line that does not end a sentence and already fills the width (the next line's first
    word would not have fitted), or is followed by a line going on in lower case, looks
    exactly like a wrapped line once its paragraph break is gone (a PDF keeps no blank lines).
    A line longer than the width fills it when its last wrapped piece does ("… năm 2024;"
    before "Chi bộ Công an xã đăng ký …").
    """
    lines = [line for line in text.split("\n") if line.strip()]
    found = []
    for line, following in zip(lines, lines[1:]):
        if line.rstrip(_CLOSERS).endswith(tuple(_SENTENCE_END)):
            continue
        last = hard_wrap(line, columns)[-1]
        fills = len(last) <= columns < len(last) + 1 + len(following.split()[0])
        if fills or (following[0].islower() and not following[1:2] in (")", ".")):
            found.append(line)
    return found


# --- hostile files ------------------------------------------------------------------------------

def docx_bytes(tmp: Path, paragraphs: list[str]) -> bytes:
    return make_docx(tmp, paragraphs).read_bytes()


def zip_bomb_docx(path: Path, template: bytes, unpacked: int) -> Path:
    """A real .docx that inflates to ``unpacked`` bytes of zeros (written in chunks)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(template)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        with target.open("word/media/bom.bin", "w") as member:
            chunk = b"\0" * (1 << 20)
            for _ in range(unpacked // len(chunk)):
                member.write(chunk)
    path.write_bytes(out.getvalue())
    return path


def big_text_file(path: Path, size: int) -> Path:
    """A real UTF-8 text file of ``size`` bytes (Vietnamese lines), written in chunks."""
    line = (SENTENCE + ".\n").encode("utf-8")
    block = line * ((1 << 20) // len(line) + 1)
    with open(path, "wb") as handle:
        written = 0
        while written < size:
            piece = block[: size - written]
            handle.write(piece)
            written += len(piece)
    return path


def garbage(size: int, seed: int = 1) -> bytes:
    return random.Random(seed).randbytes(size)


def symlink_loop(a: Path, b: Path) -> None:
    os.symlink(b.name, a)
    os.symlink(a.name, b)


_INTERNET = ("AF_INET", "AF_INET6")


def block_network(patch, attempts: list[str]) -> None:
    """Make every way out to the network raise, recording each attempt in ``attempts``.

    Connecting, sending and name resolution are refused for Internet sockets; creating one is
    not network access (urllib3 binds an AF_INET6 socket to ::1 at import to probe for IPv6),
    nor are local (AF_UNIX) sockets.
    """
    import socket

    def refuse(name):  # type: ignore[no-untyped-def]
        def blocked(*args, **kwargs):  # type: ignore[no-untyped-def]
            attempts.append(f"{name}{args[:2]!r}")
            raise OSError(f"network access while scoring: {name}")

        return blocked

    def guarded(name, method):  # type: ignore[no-untyped-def]
        def call(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            if self.family.name in _INTERNET:
                attempts.append(f"socket.{name}{args[:1]!r}")
                raise OSError(f"network access while scoring: socket.{name}")
            return method(self, *args, **kwargs)

        return call

    for name in ("connect", "connect_ex", "sendto", "sendmsg"):
        patch.setattr(socket.socket, name, guarded(name, getattr(socket.socket, name)))
    for name in ("create_connection", "getaddrinfo", "gethostbyname", "gethostbyname_ex", "gethostbyaddr",
                 "getnameinfo", "getfqdn"):
        patch.setattr(socket, name, refuse(f"socket.{name}"))


@pytest.fixture()
def no_network(monkeypatch):
    """Every way out to the network raises; yields the list of attempts (it must stay empty)."""
    attempts: list[str] = []
    block_network(monkeypatch, attempts)
    yield attempts
