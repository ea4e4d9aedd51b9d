"""Optical character recognition of scanned PDF pages, with Tesseract's Vietnamese model.

Many submissions arrive as a scan of the signed paper: a PDF whose pages are pictures, with no
text layer. When the ``tesseract`` program and its Vietnamese data are installed (Debian:
``tesseract-ocr tesseract-ocr-vie``; Windows: the UB Mannheim build with "Vietnamese" ticked),
such pages are rendered with PDFium (``pypdfium2``) and read by Tesseract, offline; the document
then carries a warning (W113) that its text was recognised, not typed, so names and figures are
worth checking against the original. Without Tesseract a scanned PDF stays an E107 row that says
how to get it read.

PDFium and Tesseract run in a child process, so a hostile PDF that crashes or hangs them costs its
own row (E104), not the batch. Pages are rendered at 300 dpi, never larger than :data:`MAX_SIDE`
pixels on a side (a PDF may declare a page of any size), at most :data:`MAX_PAGES` pages per
document, each page recognised within :data:`PAGE_SECONDS`. Tesseract runs on one thread: a batch
already runs one document per core. Its output for the same page and the same Tesseract version
is the same on every run.

Example:
    >>> render_scale(595.2, 841.9)  # an A4 page in points: 300 dpi
    4.166...
    >>> round(render_scale(14_400, 14_400) * 14_400)  # a 200-inch page is capped
    4200
"""

from __future__ import annotations

import functools
import io
import itertools
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import unicodedata
from collections.abc import Container, Iterator, Sequence
from pathlib import Path
from typing import NamedTuple

from analyzer.errors import E
from analyzer.ingest.base import Refused
from analyzer.ingest.messages import W

LANGUAGE = "vie"
DPI = 300
MAX_SIDE = 4200  # pixels: an A4 page at 300 dpi is 2480 × 3508
MAX_PAGES = 40
PAGE_SECONDS = 120
SURE = 60  # Tesseract's confidence in a word (0-100) below which the appraiser is asked to check it
UNSURE_LISTED = 30  # words named in W115
_AROUND_WORD = ".,;:!?()[]\"'“”‘’«»"  # punctuation a listed word is shown without
_BARE = "b"  # after a page number in the child's arguments: render the page without its text layer


@functools.lru_cache(maxsize=1)
def tesseract() -> str | None:
    """The path of a ``tesseract`` that has the Vietnamese model, or None."""
    path = shutil.which("tesseract")
    if path is None:
        return None
    try:
        listed = subprocess.run([path, "--list-langs"], capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    languages = {line.strip() for line in (listed.stdout + listed.stderr).splitlines()}
    return path if LANGUAGE in languages else None


def available() -> bool:
    """Whether scanned pages can be recognised on this machine."""
    return tesseract() is not None


def render_scale(width: float, height: float) -> float:
    """PDFium's scale for a page of ``width`` × ``height`` points: 300 dpi, capped at ``MAX_SIDE``."""
    return min(DPI / 72, MAX_SIDE / max(width, height, 1.0))


class Page(NamedTuple):
    """One recognised page: its text, and the words Tesseract was unsure of, in reading order."""

    text: str
    unsure: tuple[str, ...] = ()


def warnings(read: int, total: int, tried: int, recognised: int, pages: Sequence[Page] = (),
             template: str = W.OCR) -> tuple[str, ...]:
    """W113 for ``read`` of ``total`` pages read by OCR (``template`` says of what), W114 when only
    ``recognised`` of the ``tried`` scanned pages were (``MAX_PAGES``), and W115 naming the words
    Tesseract was unsure of on the recognised ``pages`` (each once, in reading order).

    Example:
        >>> warnings(2, 3, 2, 2, [Page("…", ("Byä", "N.T-Hiền")), Page("…", ("Byä",))])[1]
        'W115: OCR was unsure of 2 word(s); check them against the original: «Byä», «N.T-Hiền»'
    """
    found = (template.format(read=read, total=total),) if read else ()
    found += (W.OCR_LIMIT.format(limit=recognised, pages=tried),) if tried > recognised else ()
    unsure = list(dict.fromkeys(word for page in pages for word in page.unsure))
    if unsure:
        listed = ", ".join(f"«{word}»" for word in unsure[:UNSURE_LISTED])
        found += (W.OCR_UNSURE.format(n=len(unsure), words=listed + (", …" if len(unsure) > UNSURE_LISTED else "")),)
    return found


def _png(image) -> bytes:  # type: ignore[no-untyped-def]
    png = io.BytesIO()
    image.save(png, format="PNG")
    return png.getvalue()


def _rendered(data: bytes, pages: Sequence[int], bare: Container[int] = ()) -> Iterator[bytes]:
    """PNG bytes of each page (0-based numbers), in grey; the ``bare`` pages without their text layer
    (the picture of a scan alone, not the signature stamp typed over it)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    document = pdfium.PdfDocument(data)
    try:
        for number in pages:
            page = document[number]
            try:
                if number in bare:
                    for text in list(page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_TEXT], max_depth=0)):
                        page.remove_obj(text)
                    page.gen_content()
                yield _png(page.render(scale=render_scale(*page.get_size()), grayscale=True).to_pil())
            finally:
                page.close()
    finally:
        document.close()


def recognise(png: bytes) -> Page:
    """What Tesseract reads on one page image: its lines, without specks, blank lines or
    misreadings, and the words it was unsure of (confidence below ``SURE``)."""
    program = tesseract()
    if program is None:
        raise Refused(E.NO_TEXT_PDF)
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    try:
        done = subprocess.run([program, "stdin", "stdout", "-l", LANGUAGE, "--psm", "3", "tsv"], input=png,
                              capture_output=True, timeout=PAGE_SECONDS, env=env, check=False)
    except subprocess.TimeoutExpired as exc:
        raise Refused(E.CORRUPT, fmt="pdf", detail=f"recognising a scanned page took over {PAGE_SECONDS} s") from exc
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no message"]
        raise Refused(E.CORRUPT, fmt="pdf", detail=f"Tesseract failed on a scanned page: {detail[0][:200]}")
    return from_tsv(done.stdout.decode("utf-8", "replace"))


def from_tsv(tsv: str) -> Page:
    r"""A page from Tesseract's TSV: one row per word (level 5) with its block, paragraph and line
    numbers, its confidence (0-100) and text, as its plain-text output lays them out, one line per
    line. Tesseract leaves a blank line between the blocks it finds, and it often makes every wrapped
    line of a paragraph a block of its own: the blank lines are dropped, and the reader re-flows the
    lines as it does a PDF's text layer (pdf_reader.reflow_lines), which keeps headings, bullets and
    sentences apart.

    Example:
        >>> rows = ["level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext",
        ...         "5\t1\t1\t1\t1\t1\t0\t0\t9\t9\t96.1\tChỉ", "5\t1\t1\t1\t1\t2\t0\t0\t9\t9\t95.0\tbộ",
        ...         "5\t1\t2\t1\t1\t1\t0\t0\t9\t9\t31.5\tByä"]
        >>> from_tsv("\n".join(rows))
        Page(text='Chi bộ\nByă', unsure=('Byă',))
    """
    lines: dict[tuple[str, str, str], list[str]] = {}
    unsure: list[str] = []
    for row in tsv.splitlines()[1:]:
        fields = row.split("\t")
        if len(fields) < 12 or fields[0] != "5" or not fields[11].strip():
            continue
        word = fields[11].strip()
        lines.setdefault((fields[2], fields[3], fields[4]), []).append(word)
        try:
            sure = float(fields[10]) >= SURE
        except ValueError:
            sure = True
        word = correct(clean_line(word)).strip(_AROUND_WORD)
        if not sure and sum(char.isalnum() for char in word) >= 2 and word not in unsure:
            unsure.append(word)
    text = correct("\n".join(line for line in (clean_line(" ".join(words)) for words in lines.values()) if line))
    return Page(text, tuple(unsure))


# specks of a scan read as punctuation: a token of them that has an underscore or more than one
# character ("-_", "___.", "..") anywhere, or a lone one at the end of a line ("… 4/2024. :");
# a lone dash inside a line ("Thôn sạch – Đường sáng") and a bullet opening it stay
_SPECKS = re.compile(r"^[_~`'\"|.,:;=\-–—]*(?:_[_~`'\"|.,:;=\-–—]*|[~`'\"|.,:;=\-–—]{2,})$")
_END_SPECK = re.compile(r"^[_~`'|.,:;]$")


def clean_line(line: str) -> str:
    """A recognised line without the specks a scan leaves.

    Example:
        >>> clean_line("-_ Chi bộ đăng ký mô hình. :"), clean_line("- Thôn sạch – Đường sáng")
        ('Chi bộ đăng ký mô hình.', '- Thôn sạch – Đường sáng')
    """
    tokens = [t for t in line.split() if not _SPECKS.match(t)]
    while len(tokens) > 1 and _END_SPECK.match(tokens[-1]):
        tokens.pop()
    return " ".join(tokens)


# What Tesseract's Vietnamese model misreads in these documents, where the misreading is not a
# Vietnamese word or phrase: the dot of "chi" read as the hook of "chỉ" ("chỉ bộ": no such phrase;
# "chỉ bộ phận …" and "chỉ hội viên …" are, and stay), "ả" as "ẳ" ("đẳng viên"), "i" as "ỉ" ("tỉnh
# thần"), the Roman numeral of a quarter as a number ("quý 11/2024": there are four), letters no
# Vietnamese word has for the Vietnamese ones they resemble ("ÑQ", "Byä"), and the last dot of a
# name's initials as a hyphen ("N.T-Hiền").
# what "chi" heads: a cell, its committee, a branch, an office; "hội" only as a name or at a stop
_CHI_HEADS = r"bộ\b(?!\s+phận)|uỷ\b|ủy\b|đoàn\b|cục\b|nhánh\b|hội(?:\s*[.,;:)]|\s+(?:[A-ZĐ]|trưởng\b|phó\b))"
_MISREAD = (
    (re.compile(rf"\b([Cc])hỉ(?=\s+(?:{_CHI_HEADS}))"), r"\1hi"),
    (re.compile(r"\bCHỈ(?=\s+(?:BỘ|UỶ|ỦY|ĐOÀN|CỤC|NHÁNH|HỘI)\b)"), "CHI"),
    (re.compile(r"(?<!bình )(?<!Bình )\b([Đđ])ẳng(?=\s+(?:viên|bộ|uỷ|ủy)\b)"), r"\1ảng"),
    (re.compile(r"\bĐẲNG(?=\s+(?:VIÊN|BỘ|UỶ|ỦY)\b)"), "ĐẢNG"),
    (re.compile(r"\b([Tt])ỉnh(?=\s+thần\b)"), r"\1inh"),
    (re.compile(r"\b((?:[Qq]uý|QUÝ)\s+(?=1{2,3}(?!\d))|Q(?=1{2,3}/\d{4}\b))(111|11)"),
     lambda m: m.group(1) + "I" * len(m.group(2))),
    (re.compile("[ÑñÄä]"), lambda m: {"Ñ": "N", "ñ": "n", "Ä": "Ă", "ä": "ă"}[m.group(0)]),
    (re.compile(r"\b((?:[A-ZĐ]\.){1,2}[A-ZĐ])-(?=[A-ZĐ][a-zđà-ỹ])"), r"\1."),
)


def correct(text: str) -> str:
    """Recognised text with Tesseract's misreadings that make no Vietnamese word put right
    (``_MISREAD``; a phrase may be wrapped over two lines).

    Example:
        >>> correct("Bí thư chỉ bộ, đẳng viên Chỉ hội Phụ nữ; quý 11/2024, ÑQ; chỉ bộ phận một cửa")
        'Bí thư chi bộ, đảng viên Chi hội Phụ nữ; quý II/2024, NQ; chỉ bộ phận một cửa'
        >>> correct("tại hội nghị chỉ" + chr(10) + "bộ tháng 3") == "tại hội nghị chi" + chr(10) + "bộ tháng 3"
        True
    """
    text = unicodedata.normalize("NFC", text)
    for pattern, replacement in _MISREAD:
        text = pattern.sub(replacement, text)
    return text


def recognise_pages(data: bytes, pages: Sequence[int], bare: Container[int] = ()) -> dict[int, Page]:
    """The recognised text of the given pages of a PDF (the first ``MAX_PAGES`` of them), the ``bare``
    ones rendered without their text layer (a scan under a typed signature stamp: the stamp is kept
    from the text layer, exact, and not read a second time into the scan's lines).

    PDFium is native code reading an untrusted file: the pages are rendered and recognised in a
    child process (``python -m analyzer.ingest.ocr``), so a PDF that crashes or hangs the renderer
    costs its own row (E104), never the batch or a worker of it.
    """
    chosen = list(pages)[:MAX_PAGES]
    args = [f"{number}{_BARE if number in bare else ''}" for number in chosen]
    answer = _in_child(["pdf", *args], data, len(chosen), "pdf")
    return {int(number): Page(text, tuple(unsure)) for number, (text, unsure) in answer["pages"].items()}


def recognise_image(data: bytes) -> tuple[list[Page], int]:
    """The recognised text of each frame of a picture (a scan or a photo of a page; a multi-page
    TIFF has several), the first ``MAX_PAGES`` of them, and how many frames it has. The picture
    is decoded in the child process too (image decoders are native code)."""
    answer = _in_child(["image"], data, MAX_PAGES, "image")
    pages = [answer["pages"][key] for key in sorted(answer["pages"], key=int)]
    return [Page(text, tuple(unsure)) for text, unsure in pages], int(answer["frames"])


def _in_child(args: list[str], data: bytes, n_pages: int, fmt: str) -> dict:
    """Run ``python -m analyzer.ingest.ocr ARGS`` on ``data``; its answer, or the refusal it sent."""
    seconds = PAGE_SECONDS * (n_pages + 1)
    # a session of its own, so that on a timeout the child and its Tesseract are stopped together
    with subprocess.Popen([sys.executable, "-m", "analyzer.ingest.ocr", *args], stdin=subprocess.PIPE,
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=_child_env(),
                          start_new_session=True) as child:
        try:
            stdout, _ = child.communicate(data, timeout=seconds)
        except subprocess.TimeoutExpired as exc:
            os.killpg(child.pid, signal.SIGKILL)
            child.communicate()
            raise Refused(E.CORRUPT, fmt=fmt, detail=f"reading its scanned pages took over {seconds} s") from exc
    try:
        answer = json.loads(stdout) if child.returncode == 0 else None
    except ValueError:
        answer = None
    if answer is None:
        how = ("gave no answer" if child.returncode == 0 else f"stopped with signal {-child.returncode}"
               if child.returncode < 0 else f"stopped with status {child.returncode}")
        raise Refused(E.CORRUPT, fmt=fmt, detail=f"rendering its scanned pages failed (the renderer {how})")
    if "refused" in answer:
        raise Refused(answer["refused"], **answer["fields"])
    return answer


def _child_env() -> dict[str, str]:
    """The environment of the child: this one, with this copy of ``analyzer`` importable first
    (a notebook may import it from a folder that is not installed)."""
    here = str(Path(__file__).resolve().parents[2])
    path = os.environ.get("PYTHONPATH", "")
    return dict(os.environ, PYTHONPATH=here + (os.pathsep + path if path else ""))


def _frames(data: bytes) -> tuple[Iterator[bytes], int]:
    """PNG bytes of each frame of a picture (grey, at most ``MAX_SIDE`` pixels on a side; the first
    ``MAX_PAGES``), and how many frames it has. Pillow refuses a decompression bomb."""
    from PIL import Image, ImageOps, ImageSequence

    picture = Image.open(io.BytesIO(data))
    frames = getattr(picture, "n_frames", 1)

    def pngs() -> Iterator[bytes]:
        for frame in itertools.islice(ImageSequence.Iterator(picture), MAX_PAGES):
            page = ImageOps.exif_transpose(frame).convert("L")  # a phone photo's orientation
            if max(page.size) > MAX_SIDE:
                page.thumbnail((MAX_SIDE, MAX_SIDE))
            yield _png(page)

    return pngs(), frames


def _child(args: Sequence[str]) -> dict:
    """In the child process: render and recognise the PDF pages or the picture frames on stdin."""
    data = sys.stdin.buffer.read()
    kind, fmt = args[0], "pdf" if args[0] == "pdf" else "image"
    try:
        if kind == "pdf":
            pages = [int(arg.rstrip(_BARE)) for arg in args[1:]]
            bare = {int(arg.rstrip(_BARE)) for arg in args[1:] if arg.endswith(_BARE)}
            rendered = _rendered(data, pages, bare)
            return {"pages": {str(number): recognise(png) for number, png in zip(pages, rendered)}}
        pngs, frames = _frames(data)
        return {"pages": {str(k): recognise(png) for k, png in enumerate(pngs)}, "frames": frames}
    except Refused as refusal:
        return {"refused": refusal.template, "fields": refusal.fields}
    except Exception as exc:  # PDFium's or Pillow's own errors on a damaged file
        return {"refused": E.CORRUPT, "fields": {"fmt": fmt, "detail": f"{type(exc).__name__}: {exc}"[:200]}}


if __name__ == "__main__":
    sys.stdout.write(json.dumps(_child(sys.argv[1:]), ensure_ascii=False))
