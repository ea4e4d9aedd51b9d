"""Web archives (.mht, .mhtml: Word's or a browser's "Single File Web Page", which e-office systems
export and units rename .doc): the page they hold, read as HTML.

A web archive is a MIME message (RFC 2557): the headers ``MIME-Version: 1.0`` and ``Content-Type:
multipart/related``, then the page, its pictures and Word's running header as parts, each encoded
(quoted-printable or base64) in its own charset. The page is the part the ``start`` parameter
names, else the first ``text/html`` part; it is decoded with the charset of its part and read by
:func:`~analyzer.ingest.html_reader.read_html`. The other parts are not read.

Example:
    >>> archive = (b'MIME-Version: 1.0\\r\\nContent-Type: multipart/related; boundary="b"\\r\\n\\r\\n--b\\r\\n'
    ...            b'Content-Type: text/html; charset="utf-8"\\r\\nContent-Transfer-Encoding: quoted-printable\\r\\n\\r\\n'
    ...            b'<p class=3DMsoNormal>Chi b=E1=BB=99 Th=E1=BB=A7y =C4=90=C3=B4ng</p>\\r\\n--b--\\r\\n')
    >>> read_mht(archive, None).text
    'Chi bộ Thủy Đông'
"""

from __future__ import annotations

import email
from email.message import Message

from analyzer.errors import E
from analyzer.ingest.base import Extracted, Limits, Refused
from analyzer.ingest.html_reader import read_html


def _content_id(value: object) -> str:
    return str(value or "").strip().strip("<>").strip()


def _page(archive: Message) -> Message | None:
    """The part holding the page: the one ``start`` names, else the first ``text/html`` part."""
    parts = [part for part in archive.walk() if not part.is_multipart()]
    start = _content_id(archive.get_param("start"))
    named = [part for part in parts if start and _content_id(part.get("Content-ID")) == start]
    return next(iter(named), None) or next((part for part in parts if part.get_content_type() == "text/html"), None)


def read_mht(data: bytes, limits: Limits | None) -> Extracted:
    """Visible text of the page a web archive holds (as :func:`~analyzer.ingest.html_reader.read_html`
    reads a page); refused (E104) when the archive holds no page."""
    archive = email.message_from_bytes(data)
    page = _page(archive)
    if page is None:
        found = sorted({part.get_content_type() for part in archive.walk() if not part.is_multipart()})
        raise Refused(E.WEB_ARCHIVE, fmt="mht", detail=f"it holds no web page (no text/html part; found {', '.join(found)})")
    markup = page.get_payload(decode=True)
    if not isinstance(markup, bytes) or not markup.strip():
        raise Refused(E.WEB_ARCHIVE, fmt="mht", detail="its web page is empty")
    return read_html(markup, limits, charset=page.get_content_charset())
