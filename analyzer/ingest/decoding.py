"""Bytes of a plain-text file → str, for Vietnamese files of any age.

Handles UTF-8 (with or without BOM), UTF-16/32 with a BOM, UTF-16 without a BOM
(recognised by its NUL bytes), Windows-1258 (which writes tone marks as separate
combining characters: NFC composes them later) and the legacy font encodings TCVN3,
VNI and VISCII (converted by :mod:`analyzer.ingest.legacy`). Binary data is refused.

Example:
    >>> decode_bytes("Chi bộ Trường THCS".encode("utf-8")).text
    'Chi bộ Trường THCS'
    >>> decoded = decode_bytes(b"Chi b\\xe9 Tr\\xad\\xeang THCS Th\\xf1y \\xa7\\xabng")
    >>> decoded.text, decoded.encoding
    ('Chi bộ Trường THCS Thủy Đông', 'tcvn3')
"""

from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass

from analyzer.errors import E
from analyzer.ingest.base import Refused
from analyzer.ingest.legacy import LEGACY_NAMES, convert_legacy, detect_legacy, has_unicode_vietnamese, score
from analyzer.ingest.messages import W

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_SNIFF = 8192
# Control bytes (but tab, LF, VT, FF, CR, ESC, 0x1E, 0x1F): a text file has next to
# none. VISCII keeps six rare capitals in C0, hence a ratio rather than a ban.
_CONTROL_BYTES = frozenset(range(0x00, 0x09)) | frozenset(range(0x0E, 0x1B)) | {0x1C, 0x1D, 0x7F}
_MAX_CONTROL_RATIO = 0.05
# Vietnamese in an 8-bit encoding has one high byte per toned syllable (~10-30 %);
# random or compressed data has one in two.
_MAX_HIGH_RATIO = 0.45
_C1_AS_CP1252 = {
    byte: char for byte in range(0x80, 0xA0) if (char := bytes([byte]).decode("cp1252", errors="ignore"))
}


@dataclass(frozen=True)
class Decoded:
    """Decoded text, the encoding it was read in and what was guessed on the way."""

    text: str
    encoding: str
    warnings: tuple[str, ...] = ()


def _strict_or_replace(data: bytes, codec: str) -> Decoded:
    try:
        return Decoded(data.decode(codec), codec)
    except UnicodeDecodeError:
        text = data.decode(codec, errors="replace")
        return Decoded(text, codec, (W.BAD_BYTES.format(bad=text.count("\ufffd"), codec=codec),))


def _from_bom(data: bytes) -> Decoded | None:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _strict_or_replace(data[len(bom) :], codec)
    return None


def _nul_ratio(sample: bytes) -> float:
    return sample.count(0) / len(sample) if sample else 0.0


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le``/``-be`` when every other byte is NUL, as ASCII letters in UTF-16 are."""
    sample = data[: _SNIFF - _SNIFF % 2]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even, odd = _nul_ratio(sample[0::2]), _nul_ratio(sample[1::2])
    if odd > 0.3 and even < 0.05:
        return "utf-16-le"
    if even > 0.3 and odd < 0.05:
        return "utf-16-be"
    return None


def looks_binary(data: bytes) -> bool:
    """True for data no text file holds: NUL bytes or many control bytes.

    Example:
        >>> looks_binary(b"\\x89PNG\\r\\n\\x1a\\n\\x00\\x00\\x00\\rIHDR")
        True
        >>> looks_binary("Đảng ủy xã Thủy Đông".encode())
        False
    """
    sample = data[:_SNIFF]
    if not sample:
        return False
    if 0 in sample:
        return True
    controls = sum(1 for byte in sample if byte in _CONTROL_BYTES)
    return controls / len(sample) > _MAX_CONTROL_RATIO


def _high_ratio(data: bytes) -> float:
    sample = data[:_SNIFF]
    return sum(1 for byte in sample if byte >= 0x80) / len(sample)


def _cp1258(data: bytes) -> Decoded | None:
    try:
        text = unicodedata.normalize("NFC", data.decode("cp1258"))
    except UnicodeDecodeError:
        return None
    return Decoded(text, "cp1258", (W.CP1258,))


def _legacy(data: bytes) -> Decoded | None:
    # Latin-1 keeps every byte as the code point the viparse tables are keyed on,
    # including VISCII's letters in 0x80-0x9F; TCVN3 and VNI files were typed on
    # Windows, where those bytes are curly quotes and dashes (cp1252).
    latin1 = data.decode("latin-1")
    name = detect_legacy(latin1)
    if name is None:
        return None
    text = latin1 if name == "viscii" else latin1.translate(_C1_AS_CP1252)
    return Decoded(convert_legacy(text, name), name, (W.LEGACY.format(name=LEGACY_NAMES[name]),))


def _cp1252(data: bytes) -> Decoded:
    text = data.decode("cp1252", errors="replace")
    return Decoded(text, "cp1252", (W.GUESSED_CP1252.format(bad=text.count("\ufffd")),))


def _eight_bit(data: bytes) -> Decoded:
    """The most Vietnamese-looking reading among cp1258, the legacy fonts and cp1252."""
    if _high_ratio(data) > _MAX_HIGH_RATIO:
        raise Refused(E.NOT_TEXT, fmt="text")
    candidates = [c for c in (_legacy(data), _cp1258(data)) if c is not None]
    candidates.append(_cp1252(data))
    return max(candidates, key=lambda c: score(c.text))


def _is_garbage_char(char: str) -> bool:
    if char in "\t\n\r\x0b\x0c":
        return False
    return char == "\ufffd" or unicodedata.category(char) in ("Cc", "Cn", "Co", "Cs")


def _garbage_ratio(text: str) -> float:
    sample = text[:_SNIFF]
    return sum(1 for char in sample if _is_garbage_char(char)) / len(sample) if sample else 0.0


def _checked(decoded: Decoded) -> Decoded:
    if _garbage_ratio(decoded.text) > _MAX_CONTROL_RATIO:
        raise Refused(E.NOT_TEXT, fmt="text")
    return decoded


def decode_bytes(data: bytes) -> Decoded:
    """Decode the bytes of a text file; raise :class:`Refused` (``E103``) on binary data.

    The order is: byte-order mark, BOM-less UTF-16, refusal of binary data, strict
    UTF-8, UTF-8 lines mixed with 8-bit ones, then the 8-bit encodings ranked by how
    Vietnamese the result reads.

    Example:
        >>> decode_bytes("Học tập và làm theo Bác".encode("utf-16")).encoding
        'utf-16-le'
        >>> decode_bytes("Nêu gương".encode("utf-8-sig")).text
        'Nêu gương'
    """
    return _checked(_decode(data))


def _decode(data: bytes) -> Decoded:
    decoded = _from_bom(data)
    if decoded is not None:
        return decoded
    codec = _utf16_without_bom(data)
    if codec is not None:
        decoded = _strict_or_replace(data, codec)
        return Decoded(decoded.text, codec, (W.UTF16_NO_BOM.format(codec=codec), *decoded.warnings))
    data, nul = _without_stray_nuls(data)
    if looks_binary(data):
        raise Refused(E.NOT_TEXT, fmt="text")
    try:
        decoded = Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        decoded = _mixed(data) or _eight_bit(data)
    return Decoded(decoded.text, decoded.encoding, (*nul, *decoded.warnings))


# a text file with this many NUL bytes at most (beyond the padding at its end) is text with strays;
# with more it is binary data (an image, an executable), which has NULs everywhere
_MAX_STRAY_NULS = 16


def _without_stray_nuls(data: bytes) -> tuple[bytes, tuple[str, ...]]:
    """The bytes without the NUL padding at their end and a few stray NULs inside (a warning says
    how many); with more NULs inside, unchanged. The binary check that follows refuses either when
    what is left is not text.

    Example:
        >>> _without_stray_nuls("Chi bộ\\x00 họp".encode() + bytes(512))[0].decode()
        'Chi bộ họp'
    """
    body = data.rstrip(b"\x00")
    inside = body.count(0)
    if body == data and not inside or inside > _MAX_STRAY_NULS or not body:
        return data, ()
    cleaned = body.replace(b"\x00", b"")
    return cleaned, (W.NUL_BYTES.format(n=len(data) - len(cleaned)),)


# a UTF-8 line may hold a stray invalid byte or two (a copy cut inside a letter, a byte flipped in
# transit): it stays UTF-8, the bytes replaced, when its valid letters outnumber them this many times
# (an 8-bit line read as UTF-8 is nearly all invalid sequences, its accented letters among them)
_STRAY_BYTES_PER_LETTER = 4


def _utf8_line(line: bytes) -> tuple[str, int] | None:
    """The line as UTF-8 and how many of its bytes were invalid, when it holds Vietnamese letters no
    8-bit reading gives and its invalid bytes, if any, are strays (a line in an 8-bit encoding is
    nearly all invalid sequences).

    Example:
        >>> _utf8_line("Chi bộ tổ chức học tập".encode().replace("học".encode(), "học".encode() + b"\\xff"))
        ('Chi bộ tổ chức học\ufffd tập', 1)
        >>> _utf8_line(b"Chi b\\xf4\\xf2 tr\\xfd\\xf5\\xccng") is None
        True
    """
    try:
        text, bad = line.decode("utf-8"), 0
    except UnicodeDecodeError:
        text = line.decode("utf-8", errors="replace")
        bad = text.count("\ufffd") - line.count("\ufffd".encode())
        letters = sum(1 for c in text if ord(c) > 127 and c != "\ufffd")
        if letters < _STRAY_BYTES_PER_LETTER * bad:
            return None
    return (text, bad) if has_unicode_vietnamese(text) else None


def _mixed(data: bytes) -> Decoded | None:
    """A file pasted together from UTF-8 and an 8-bit encoding: each line in its own.

    Lines that are valid UTF-8 with Vietnamese letters stay UTF-8; the other lines are
    read together in the 8-bit encoding that makes them most Vietnamese.

    Example:
        >>> decoded = _mixed("Đảng ủy xã\\n".encode() + b"Chi b\\xf4\\xf2 tr\\xfd\\xf5\\xccng")
        >>> decoded.text.splitlines(), decoded.encoding
        (['Đảng ủy xã', 'Chi bộ trường'], 'utf-8+cp1258')
    """
    lines = data.split(b"\n")
    read = [_utf8_line(line) for line in lines]
    texts: list[str | None] = [r[0] if r else None for r in read]
    n_utf8 = sum(1 for text in texts if text is not None)
    if not n_utf8:
        return None
    rest = [k for k, text in enumerate(texts) if text is None and not lines[k].isascii()]
    replaced = sum(r[1] for r in read if r)
    strays = (W.BAD_BYTES.format(bad=replaced, codec="utf-8"),) if replaced else ()
    if not rest:  # UTF-8 throughout, but for a few stray bytes
        return Decoded("\n".join(t if t is not None else line.decode("ascii") for t, line in zip(texts, lines)),
                       "utf-8", strays)
    try:
        other = _eight_bit(b"\n".join(lines[k] for k in rest))
    except Refused:
        return None
    decoded = other.text.split("\n")
    if len(decoded) != len(rest):
        return None
    for k, text in zip(rest, decoded):
        texts[k] = text
    warning = W.MIXED_ENCODINGS.format(n_utf8=n_utf8, n_other=len(rest), codec=other.encoding)
    return Decoded("\n".join(t if t is not None else line.decode("ascii") for t, line in zip(texts, lines)),
                   f"utf-8+{other.encoding}", (warning, *strays, *other.warnings))
