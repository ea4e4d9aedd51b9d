"""A document's text as a scanner gives it back: page pictures in a PDF, to measure what OCR costs.

``mohinh evaluate --scanned`` renders every annotated document this way and reads it back through
the same reader a submission goes through (:func:`analyzer.ingest.read_document`: PDFium renders
the pages, Tesseract recognises them), so the figures say how far the labels can be trusted on a
scanned submission. The pages are A4 at 300 dpi, 13 pt serif type wrapped at the margins, each
turned by a small random angle and sprinkled with specks, as a sheet fed through an office scanner
comes out. The same text and seed give the same file.
"""

from __future__ import annotations

import random
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL.Image import Image

__all__ = ["DPI", "scan_pages", "unicode_font", "write_scan"]

DPI = 300
_A4_INCHES = (8.27, 11.69)
_MARGINS_INCHES = (0.9, 0.8, 0.8, 0.8)  # left, right, top, bottom
_POINT_SIZE = 13
_LINE_SPACING = 1.45
_MAX_TILT_DEGREES = 0.8
_SPECKS_PER_PAGE = 20_000
_SYSTEM_FONTS = Path("/usr/share/fonts/truetype")
_EPOCH = time.gmtime(1_704_067_200)  # 2024-01-01, as the PDF's creation and modification time


def unicode_font(name: str = "DejaVuSerif") -> Path | None:
    """A TrueType font with every Vietnamese letter: Debian's ``fonts-dejavu-core`` file, else the
    copy matplotlib ships (when it is installed), else None. (DejaVu, not a Times-like font: Debian's
    Liberation 1.x lacks the letters with two marks, "ả", "ộ", "ữ".)"""
    system = _SYSTEM_FONTS / "dejavu" / f"{name}.ttf"
    if system.is_file():
        return system
    try:
        import matplotlib
    except ImportError:
        return None
    bundled = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / f"{name}.ttf"
    return bundled if bundled.is_file() else None


def _rows(line: str, fits) -> list[str]:  # type: ignore[no-untyped-def]
    """``line`` broken at spaces into rows that ``fits`` (a word longer than a row gets one of its own)."""
    rows, row = [], ""
    for word in line.split():
        wider = f"{row} {word}" if row else word
        if row and not fits(wider):
            rows.append(row)
            wider = word
        row = wider
    return rows + [row]


def scan_pages(text: str, *, seed: int = 0, font: Path | None = None) -> list[Image]:
    """The pages of ``text`` (one paragraph a line; an empty line leaves an empty row) as grey
    pictures with a scanner's tilt and specks."""
    from PIL import Image as PILImage
    from PIL import ImageDraw, ImageFont

    font = font or unicode_font()
    if font is None:
        raise FileNotFoundError("no Unicode TrueType font to draw Vietnamese text with: install Debian's "
                                "fonts-dejavu-core (or matplotlib, which ships DejaVu)")
    width, height = (int(inches * DPI) for inches in _A4_INCHES)
    left, right, top, bottom = (int(inches * DPI) for inches in _MARGINS_INCHES)
    face = ImageFont.truetype(str(font), int(_POINT_SIZE / 72 * DPI))
    step = int(face.size * _LINE_SPACING)
    line_width = width - left - right

    pages: list[PILImage.Image] = []
    y = height  # no page yet
    for line in text.split("\n"):
        for row in _rows(line, lambda row: face.getlength(row) <= line_width):
            if y + step > height - bottom:
                pages.append(PILImage.new("L", (width, height), 255))
                y = top
            ImageDraw.Draw(pages[-1]).text((left, y), row, font=face, fill=0)
            y += step
    rng = random.Random(seed)
    scanned = []
    for page in pages:
        page = page.rotate(rng.uniform(-_MAX_TILT_DEGREES, _MAX_TILT_DEGREES), resample=PILImage.BILINEAR,
                           fillcolor=255)
        pixels = page.load()
        for _ in range(_SPECKS_PER_PAGE):
            pixels[rng.randrange(width), rng.randrange(height)] = rng.choice((0, 255))
        scanned.append(page)
    return scanned


def write_scan(text: str, path: Path, *, seed: int = 0) -> Path:
    """Write ``text`` to ``path`` as a PDF of scanned pages (pictures only, no text layer)."""
    first, *rest = scan_pages(text, seed=seed)
    first.save(path, format="PDF", save_all=True, append_images=rest, resolution=DPI, title="scan",
               creationDate=_EPOCH, modDate=_EPOCH)  # not the file's name nor the time: the same bytes every time
    return path
