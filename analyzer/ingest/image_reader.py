"""Pictures of pages (.png .jpg .tif .bmp .webp): a scan or a photo of a submission, read by OCR.

Submissions also arrive as pictures: a scanner's TIFF (one frame per page), a phone photo of the
signed paper. When Tesseract is installed (:mod:`analyzer.ingest.ocr`) their text is recognised
like a scanned PDF's, with the same warning (W113); without it, or when nothing is recognised,
the file is an E114 row that says so.
"""

from __future__ import annotations

from analyzer.errors import E
from analyzer.ingest.base import Extracted, Limits, Refused
from analyzer.ingest.pdf_reader import pages_text


def read_image(data: bytes, limits: Limits) -> Extracted:
    """The recognised text of a picture's frames, re-flowed like a PDF's pages."""
    from analyzer.ingest import ocr

    if not ocr.available():
        raise Refused(E.IMAGE_NO_OCR)
    pages, frames = ocr.recognise_image(data)
    read = sum(1 for page in pages if page.text.strip())
    if not read:
        raise Refused(E.IMAGE_NO_TEXT)
    return Extracted(text=pages_text([page.text for page in pages]),
                     warnings=ocr.warnings(read, frames, frames, len(pages), pages), meta=(("pages", str(frames)),))
