"""Files that operating systems and editors leave in a folder, which are never submissions.

A folder of submissions copied from Windows holds ``Thumbs.db`` and ``desktop.ini``; one zipped on
a Mac holds ``.DS_Store`` and ``._`` resource forks; a document that was open in Word when the
folder was copied has its owner file ``~$…docx`` beside it (162 bytes: the user's name). Read as
documents they are a "damaged .docx", an unsupported type, or worse a one-line "submission" that
is scored and ranked. They are recognised by name, before anything is read, and reported as what
they are (E111), so the batch still lists them and the appraiser is told they can be deleted.

A page saved by Word's "Save as Web Page" (or a browser's "Web page, complete") is ``Bản đăng ký.htm``
and a folder beside it, ``Bản đăng ký_files``, holding its pictures, styles, theme and Word's running
header (``header.htm``, ``filelist.xml``, ``themedata.thmx``, ``image001.png``): those files are part of
the page, which is scored, and are listed as such (:func:`web_page_of`).

Example:
    >>> artefact_kind("~$n đăng ký 2024.docx")
    'a Microsoft Office owner file (Word or Excel writes one beside a document while it is open)'
    >>> artefact_kind("Bản đăng ký 2024.docx") is None
    True
"""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

# (pattern over the whole file name, case-insensitive; what the file is)
_ARTEFACTS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), what) for pattern, what in (
        (r"~\$.*", "a Microsoft Office owner file (Word or Excel writes one beside a document while it is open)"),
        (r"~wr[a-z]\d*\.tmp", "a Microsoft Word temporary file"),
        (r"\.~lock\..*#", "a LibreOffice lock file (written beside a document while it is open)"),
        (r"(?:eh)?thumbs\.db", "a Windows thumbnail cache"),
        (r"desktop\.ini", "a Windows folder settings file"),
        (r"\.ds_store", "a macOS folder settings file"),
        (r"\._.+", "a macOS resource fork (made when a Mac copies or zips a folder)"),
        (r"icon\r", "a macOS folder icon"),
    )
)


def artefact_kind(name: str) -> str | None:
    """What a file is, in a few words, when its name is that of an operating system's or an
    editor's own file (never a submission); ``None`` for any other name."""
    for pattern, what in _ARTEFACTS:
        if pattern.fullmatch(name):
            return what
    return None


# The folder a saved web page keeps its files in: "<page>_files" (Word, browsers), "<page>.files" (Word for
# Mac), and the names localized editions of Word give it, which Windows keeps together with the page
_PAGE_FOLDER = re.compile(
    r"(?P<page>.+)(?:_files|\.files|-dateien|_fichiers|_archivos|_arquivos|_ficheiros|_bestanden|_file|-filer|"
    r"_pliki|_soubory|_tiedostot|_dosyalar|_elemei|_datoteke|_fajlovi|_fitxers|_bylos|_failid|_fails)",
    re.IGNORECASE,
)
_PAGE_SUFFIXES = frozenset({".htm", ".html", ".xhtml", ".mht", ".mhtml", ".doc"})


def _same(name: str) -> str:
    return unicodedata.normalize("NFC", name).casefold()


def web_page_of(path: str | os.PathLike[str]) -> str | None:
    """What a file is when it lies in the folder of a saved web page (``X_files`` beside ``X.htm``):
    part of that page, named; ``None`` for any other file. Names are compared as Windows and macOS
    compare them (letter case, and Unicode form, aside).

    Example:
        >>> web_page_of("ho_so/Bản đăng ký_files/header.htm")  # doctest: +SKIP
        "a file of the web page 'Bản đăng ký.htm' (… in the folder 'Bản đăng ký_files' …)"
    """
    folder = Path(path).parent
    found = _PAGE_FOLDER.fullmatch(folder.name)
    if found is None:
        return None
    stem = _same(found.group("page"))
    try:
        names = sorted(os.listdir(folder.parent))
    except OSError:
        return None
    for name in names:
        page, suffix = os.path.splitext(name)
        if suffix.lower() in _PAGE_SUFFIXES and _same(page) == stem and os.path.isfile(folder.parent / name):
            return (f"a file of the web page '{name}' (a document saved as a web page keeps its pictures, styles and "
                    f"running header in the folder '{folder.name}' beside it; the page itself is scored)")
    return None
