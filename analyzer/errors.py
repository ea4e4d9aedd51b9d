"""All error messages of mohinh in one place: coded, and saying what to do next.

Example:
    >>> from analyzer.errors import IngestError, E
    >>> err = IngestError(E.EMPTY_FILE, path="don_vi/trống.txt")
    >>> err.code
    'E101'
"""

from __future__ import annotations

import re


# what a scan needs to be read (E107, E114)
_INSTALL_OCR = ("install Tesseract OCR with its Vietnamese data (Debian: tesseract-ocr tesseract-ocr-vie) or send the "
                "original document.")


class E:
    """Error codes and message templates (``code: message``)."""

    # ingestion (E1xx)
    UNSUPPORTED_FORMAT = "E100: Unsupported file type '{suffix}' for {path}. Save it as .docx, .pdf, .txt, .doc, .odt, .rtf or .html."
    EMPTY_FILE = "E101: {path} is empty or contains only whitespace."
    TOO_LARGE = "E102: {path} is {size} bytes, above the limit of {limit} bytes. Split the file or raise --max-bytes."
    TOO_MUCH_TEXT = ("E102: {path} holds {size} characters of text, above the limit of {limit} characters (no "
                     "submission is that long). Split the file.")
    NOT_TEXT = "E103: {path} does not contain readable text (binary data?). Check that the file is a real {fmt} document."
    CORRUPT = "E104: {path} could not be read as {fmt}: {detail}. Re-save the file from its editor."
    WEB_ARCHIVE = ("E104: {path} is a web archive (.mht, a \"Single File Web Page\") whose page could not be read: "
                   "{detail}. Open it in Word or a browser and save it as .docx or .html.")
    UNREADABLE = "E105: {path} could not be opened: {detail}."
    DECODE = "E106: {path}: the text encoding could not be determined. Save it as UTF-8."
    NO_TEXT_PDF = ("E107: {path} is a PDF without a text layer (a scan?), and this machine cannot read scans: "
                   + _INSTALL_OCR)
    NO_TEXT_OCR = ("E107: {path} is a PDF without a text layer, and no text was recognised on its scanned pages. Send "
                   "the original document or a clearer scan.")
    ZIP_BOMB = "E108: {path} expands to more than {limit} bytes when unpacked; refused as unsafe."
    NOT_A_FILE = "E109: {path} is not a regular file (a device, a pipe or a socket)."
    BROKEN_LINK = "E109: {path} is a broken link or a loop of links: it leads to no file."
    LINK_TO_FOLDER = ("E109: {path} is a link to a folder; links to folders are not followed (a folder inside the "
                      "folder being scored is scored under its own name; copy the files of another one in).")
    IS_A_FOLDER = "E109: {path} is a folder, not a file; analyse a folder with analyze_folder() (`mohinh score IN`)."
    LINK_OUTSIDE = ("E109: {path} is a link to a file outside the folder being scored ({target}); it was not read. "
                    "A link unpacked from an archive can point at any file of this machine: copy the file itself "
                    "into the folder if it is a submission.")
    ENCRYPTED = "E110: {path} is password-protected. Send a copy saved without a password."
    NOT_A_SUBMISSION = "E111: {path} is {what}, not a submission; it was not read. It can be deleted from the folder."
    ARCHIVE = ("E112: {path} is a compressed archive ({suffix}); mohinh reads documents, not archives. Unpack it into "
               "the folder and score the folder again.")
    WORKER_DIED = ("E113: {path}: analysing it stopped its worker process (out of memory, or a crash in a reader "
                   "library); the other files were analysed. Re-save the file, or split it if it is very large.")
    IMAGE_NO_OCR = "E114: {path} is a picture (a scan or a photo of a page), and this machine cannot read pictures: " + _INSTALL_OCR
    IMAGE_NO_TEXT = "E114: {path} is a picture, and no text was recognised in it. Send the original document or a clearer scan."
    PICTURES_NO_OCR = ("E114: {path} holds only pictures of pages (a scan pasted into the document), and this machine "
                       "cannot read pictures: " + _INSTALL_OCR)
    PICTURES_NO_TEXT = ("E114: {path} holds only pictures (a scan pasted into the document), and no text was recognised "
                        "in them. Send the original document or a clearer scan.")
    FOLDER_UNREADABLE = ("E115: {path} is a folder that could not be read ({detail}); the files in it, if any, were not "
                         "scored. Give the account running mohinh permission to read it, then score again.")
    UNDECODABLE_PDF = ("E116: {path} is a PDF whose text cannot be decoded (its fonts have no Unicode map: the text "
                       "reads as symbols), and this machine cannot read its pages by OCR: " + _INSTALL_OCR)

    # corpus (E2xx)
    CORPUS_HEADER = "E200: {path}:{line}: {detail}"
    CORPUS_LABEL = "E201: {path}:{line}: unknown label '{label}'. Known labels: {known}."
    CORPUS_EXCLUSIVE = "E202: {path}:{line}: 'action' and 'slogan' exclude each other."
    CORPUS_FORMAT = "E203: {path}:{line}: {detail}"
    CORPUS_SPLIT = "E204: {detail}"
    CORPUS_FILES = "E205: {n} annotated files break the format of corpora/README.md:\n{errors}"

    # configuration and data files (E3xx)
    RULE_FILE = "E300: {path}: {detail}"
    RUBRIC_FILE = "E301: {path}: {detail}"
    MODEL_FILE = "E302: {path}: {detail}. Rebuild the models with `mohinh train`."
    INPUT_MISSING = "E303: {path} does not exist."
    CANNOT_SCAN = "E304: `mohinh evaluate --scanned` needs {what}: {advice}"
    NOT_A_FOLDER = "E306: {path} is not a folder; analyse one file with analyze_file() (`mohinh score` takes a folder)."
    OUT_IS_IN = ("E307: --out {path} is the input folder itself; write the results to another folder (the tables and "
                 "reports would be read as submissions by the next run).")
    OUT_BUSY = ("E308: {path} is being written by another mohinh run (process {pid}); wait for it to finish, "
                "or give another --out.")
    OUT_UNWRITABLE = "E309: cannot write to --out {path}: {detail}."
    OUTPUT_DAMAGED = ("E305: {path} is damaged at line {line} ({detail}). Score the folder again into the same "
                      "--out: the files whose results were lost are analysed again.")
    NOT_RESULTS = "E310: {path} is not the output folder of a `mohinh score` run: {detail}."
    NO_RUN_YET = ("E311: {path} holds no results yet: the `mohinh score` run into it was interrupted after {files}, "
                  "kept for the next run; run the same `mohinh score IN --out {path}` command again to finish it "
                  "(those files are not analysed again).")


def counted(n: int, noun: str, plural: str = "") -> str:
    """``n`` and the noun it counts, in the singular for one: for the command line's English.

    Example:
        >>> counted(1, "error"), counted(3, "error"), counted(0, "file")
        ('1 error', '3 errors', '0 files')
    """
    return f"{n} {noun if n == 1 else plural or noun + 's'}"


def not_a_submission(message: str) -> bool:
    """Whether a document row's error says the file is one an operating system or an editor left
    (E111): listed for completeness, ranked last, never counted as a failed submission.

    Example:
        >>> not_a_submission(str(IngestError(E.NOT_A_SUBMISSION, path="Thumbs.db", what="a thumbnail cache")))
        True
    """
    return message.startswith(E.NOT_A_SUBMISSION.partition(":")[0] + ":")


_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+>")


class MohinhError(Exception):
    """Base class: carries a code (``E101``) and a formatted, actionable message."""

    def __init__(self, template: str, **fields: object) -> None:
        code, _, message = template.partition(": ")
        self.code = code
        self.fields = fields
        # a library's detail may name an object by its address ("<_io.BytesIO object at 0x7fd6…>"): the
        # same file would get another message on every run, and the address means nothing to the reader
        self.message = _ADDRESS.sub(">", message.format(**fields))
        super().__init__(f"{code}: {self.message}")


class IngestError(MohinhError):
    """A file could not be turned into document text."""


class CorpusError(MohinhError):
    """An annotated corpus file breaks the format of ``corpora/README.md``."""


class DataFileError(MohinhError):
    """A rule, rubric or model file is invalid or missing."""
