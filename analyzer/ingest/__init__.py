"""Ingestion: a submission file → its normalized text (:class:`RawDocument`).

One reader per format (.docx, .pdf, .doc, .odt/.fodt, .rtf, .html, .mht, Word 2003 XML, .txt/.md), content
sniffing when the suffix lies, encodings old and new (UTF-8/16, Windows-1258, the
TCVN3/VNI/VISCII font encodings) and one normalization that every later character
offset refers to. Every failure is an :class:`~analyzer.errors.IngestError` (E1xx).

Example:
    >>> from analyzer.ingest import normalize_text
    >>> normalize_text("Ðảng ủy xã\\u00a0Thủy Đông  ")
    'Đảng ủy xã Thủy Đông'
"""

from typing import TYPE_CHECKING

from analyzer.ingest.normalize import normalize_text

if TYPE_CHECKING:
    from analyzer.ingest.core import RawDocument, read_document

__all__ = ["RawDocument", "normalize_text", "read_document"]


def __getattr__(name: str):  # type: ignore[no-untyped-def]
    """Import the readers (python-docx, pypdf, …) only when a file is read, not for analyze_text."""
    if name in ("RawDocument", "read_document"):
        from analyzer.ingest import core

        return getattr(core, name)
    raise AttributeError(name)
