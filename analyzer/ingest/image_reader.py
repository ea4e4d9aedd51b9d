"""Pictures of pages (.png .jpg .tif .bmp .webp): a scan or a photo of a submission, read by OCR.

Submissions also arrive as pictures: a scanner's TIFF (one frame per page), a phone photo of the
signed paper. When Tesseract is installed (:mod:`analyzer.ingest.ocr`) their text is recognised
like a scanned PDF's, with the same warning (W113); without it, or when nothing is recognised,
the file is an E114 row that says so.
"""

from __future__ import annotations

from collections.abc import Sequence

from analyzer.errors import E
from analyzer.ingest.base import Extracted, Limits, Refused
from analyzer.ingest.ocr import Page
from analyzer.ingest.pdf_reader import pages_text


def read_image(data: bytes, limits: Limits) -> Extracted:
    """The recognised text of a picture's frames, re-flowed like a PDF's pages."""
    return read_pictures([data])


def recognise_pictures(pictures: Sequence[bytes], *, skip_damaged: bool = False) -> tuple[list[list[Page]], int]:
    """The recognised frames of each picture of pages, in order (the first ``MAX_PAGES`` frames of them
    all), and how many frames they have; ``skip_damaged``: a picture that cannot be read gives none
    (it stands among typed text, which is still read) instead of refusing the document."""
    from analyzer.ingest import ocr

    found: list[list[Page]] = []
    frames = recognised = 0
    for picture in pictures:
        got: list[Page] = []
        count = 1  # not opened (beyond MAX_PAGES, or damaged): counted as one page the warning says was not read
        if recognised < ocr.MAX_PAGES:
            try:
                got, count = ocr.recognise_image(picture)
            except Refused:
                if not skip_damaged:
                    raise
            got = got[:ocr.MAX_PAGES - recognised]
        found.append(got)
        frames += count
        recognised += len(got)
    return found, frames


def read_pictures(pictures: Sequence[bytes], no_ocr: str = E.IMAGE_NO_OCR, no_text: str = E.IMAGE_NO_TEXT,
                  meta: tuple[tuple[str, str], ...] = ()) -> Extracted:
    """The recognised text of pictures of pages in order (one picture, or those a Word document holds
    when a scan was pasted into it), the first ``MAX_PAGES`` frames of them; ``no_ocr`` and
    ``no_text`` are the refusals when Tesseract is missing or recognises nothing."""
    from analyzer.ingest import ocr

    if not ocr.available():
        raise Refused(no_ocr)
    found, frames = recognise_pictures(pictures)
    pages = [page for got in found for page in got]
    read = sum(1 for page in pages if page.text.strip())
    if not read:
        raise Refused(no_text)
    return Extracted(text=pages_text([page.text for page in pages]),
                     warnings=ocr.warnings(read, frames, frames, len(pages), pages),
                     meta=(*meta, ("pages", str(frames))))
