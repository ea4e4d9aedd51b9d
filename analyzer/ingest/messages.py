"""Warning templates of the ingestion layer: short, English, with a ``W1xx`` code.

A warning never stops a file; it tells the appraiser what was repaired or guessed.

Example:
    >>> W.LEGACY.format(name="TCVN3")
    'W101: legacy TCVN3 font encoding detected and converted to Unicode'
"""

from __future__ import annotations


class W:
    """Warning codes and templates (``code: message``)."""

    LEGACY = "W101: legacy {name} font encoding detected and converted to Unicode"
    CP1258 = "W102: text decoded as Windows-1258 (Vietnamese code page)"
    UTF16_NO_BOM = "W103: no byte-order mark; decoded as {codec} from its NUL-byte pattern"
    GUESSED_CP1252 = "W104: encoding not recognised; decoded as Windows-1252 ({bad} bytes replaced)"
    WRONG_SUFFIX = "W105: the content is {actual}, not what the suffix '{suffix}' says; read as {actual}"
    MOJIBAKE = "W106: repaired UTF-8 text that had been mis-read as Windows-1252"
    MOJIBAKE_GUESSED = ("W106: repaired UTF-8 text that had been mis-read as Windows-1252; {n} letter(s) whose last "
                        "byte the mis-reading lost were told by the syllable they complete: check names against the original")
    PDF_FALLBACK = "W107: pypdf failed ({detail}); text extracted with pdfplumber"
    PDF_PAGES_WITHOUT_TEXT = "W108: {empty} of {total} PDF pages have no text layer (scanned?)"
    BAD_BYTES = "W109: {bad} bytes invalid in {codec} were replaced"
    DOC_PARSER = "W110: .doc parser: {detail}"
    MIXED_ENCODINGS = "W111: mixed encodings: {n_utf8} lines read as UTF-8, {n_other} as {codec}"
    NOT_VIETNAMESE = (
        "W112: the text does not look like Vietnamese ({share:.0%} of its letters are Vietnamese): "
        "another language, or typed without diacritics? The analysis may be unreliable"
    )
    OCR = "W113: {read} of {total} pages are scans, read by OCR: check names and figures against the original"
    OCR_LIMIT = "W114: only the first {limit} of {pages} scanned pages were read by OCR"
    OCR_UNSURE = "W115: OCR was unsure of {n} word(s); check them against the original: {words}"
    NUL_BYTES = "W116: {n} NUL byte(s) removed from the text (padding, or a copy from a damaged file)"
    CUT_SHORT = "W117: the file ends before its structure does ({detail}): it may have been cut short; check its end"
    FORMULAS = ("W119: {n} formula cell(s) have no computed value (the workbook was written by a program, not saved "
                "by Excel) and were left out, e.g. {first}; open and save it in Excel to keep them")
    ROWS_CUT = "W120: only the first {limit} rows of the workbook were read; the rest (later sheets too) was left out"
    ALL_CAPITALS = ("W118: {share:.0%} of the letters are capitals: headings and sentences cannot be told apart, and "
                    "the analysis may miss the sentences typed in capitals")
    UNDECODABLE = ("W121: {n} of {total} PDF pages have a text layer that cannot be decoded (a font without a Unicode "
                   "map: it reads as symbols) and were left out, as this machine cannot read them by OCR; install "
                   "Tesseract OCR with its Vietnamese data (tesseract-ocr-vie) or send the original document")
    SCAN_PAGES_NOT_READ = ("W122: {n} of {total} PDF pages are scans under a few typed lines (a signature stamp?): "
                           "only those lines were read, as this machine cannot read scans, and the analysis misses the "
                           "rest; install Tesseract OCR with its Vietnamese data (tesseract-ocr-vie) or send the "
                           "original document")
    SCAN_PICTURES_NOT_READ = ("W122: {n} picture(s) of pages (a scan pasted into the document) were not read, as this "
                              "machine cannot read pictures, and the analysis misses their text; install Tesseract "
                              "OCR with its Vietnamese data (tesseract-ocr-vie) or send the original document")
    OCR_PICTURES = ("W113: {read} of {total} pictures of pages in the document are scans, read by OCR beside its typed "
                    "text: check names and figures against the original")
    LEGACY_NAME = ("W202: the file's name is not UTF-8 (an archive from an old Windows machine?); shown as read in the "
                   "Vietnamese Windows code page (cp1258)")
