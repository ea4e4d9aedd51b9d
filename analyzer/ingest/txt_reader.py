"""Plain text (.txt, .md and unknown text-like suffixes).

Example:
    >>> read_txt("Đảng ủy xã Thủy Đông\\r\\n".encode("utf-16"), None).encoding
    'utf-16-le'
"""

from __future__ import annotations

from analyzer.ingest.base import Extracted, Limits
from analyzer.ingest.decoding import decode_bytes
from analyzer.ingest.legacy import LEGACY_NAMES


def read_txt(data: bytes, limits: Limits | None) -> Extracted:
    """Text of a plain-text file in whatever encoding :func:`decode_bytes` recognises."""
    decoded = decode_bytes(data)
    return Extracted(
        text=decoded.text,
        encoding=decoded.encoding,
        warnings=decoded.warnings,
        legacy_done=decoded.encoding.rpartition("+")[2] in LEGACY_NAMES,  # "utf-8+tcvn3" for mixed files
    )
