"""Files that operating systems and editors leave in a folder, which are never submissions.

A folder of submissions copied from Windows holds ``Thumbs.db`` and ``desktop.ini``; one zipped on
a Mac holds ``.DS_Store`` and ``._`` resource forks; a document that was open in Word when the
folder was copied has its owner file ``~$…docx`` beside it (162 bytes: the user's name). Read as
documents they are a "damaged .docx", an unsupported type, or worse a one-line "submission" that
is scored and ranked. They are recognised by name, before anything is read, and reported as what
they are (E111), so the batch still lists them and the appraiser is told they can be deleted.

Example:
    >>> artefact_kind("~$n đăng ký 2024.docx")
    'a Microsoft Office owner file (Word or Excel writes one beside a document while it is open)'
    >>> artefact_kind("Bản đăng ký 2024.docx") is None
    True
"""

from __future__ import annotations

import re

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
