"""Open the zip container of a .docx or .odt only when it is safe to unpack.

The sizes a zip declares for its members are checked before anything is read:
``zipfile`` never returns more than a member's declared size (it fails the CRC
instead), so a member that lies about its size cannot unpack past the limit either.
"""

from __future__ import annotations

import io
import zipfile

from analyzer.errors import E
from analyzer.ingest.base import Limits, Refused

_MAX_MEMBERS = 10_000


def open_zip(data: bytes, limits: Limits) -> zipfile.ZipFile:
    """A :class:`zipfile.ZipFile` over ``data``, or :class:`Refused` (E104 or E108).

    Example:
        >>> try:
        ...     open_zip(b"PK\\x03\\x04 truncated", Limits())
        ... except Refused as refusal:
        ...     print(refusal.template[:4])
        E104
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError) as exc:
        raise Refused(E.CORRUPT, detail=f"the zip container is damaged or truncated ({exc})") from exc
    declared = sum(member.file_size for member in members)
    if declared > limits.max_unpacked or len(members) > _MAX_MEMBERS:
        archive.close()
        raise Refused(E.ZIP_BOMB, limit=limits.max_unpacked)
    return archive
