"""Length-preserving tone-placement conversion (traditional "hòa, ủy" → modern "hoà, uỷ").

underthesea's word-segmentation CRF was trained on modern placement: fed "Đảng ủy" it splits
the word, fed "Đảng uỷ" it keeps it whole. We feed it a modern copy of the same length and
slice tokens from the original, so offsets never move.

Example:
    >>> to_modern_tones("Đảng ủy xã Hòa Bình")
    'Đảng uỷ xã Hoà Bình'
    >>> to_traditional_tones("cấp uỷ, hoà giải")
    'cấp ủy, hòa giải'
"""

from __future__ import annotations

import re

_TONES = ("\u0300", "\u0301", "\u0309", "\u0303", "\u0323")  # huyền sắc hỏi ngã nặng
_BASES = {"o": "ae", "u": "y"}  # oa, oe, uy carry the tone on the second vowel in modern style


def _table() -> tuple[dict[str, str], dict[str, str]]:
    import unicodedata

    to_modern: dict[str, str] = {}
    for first, seconds in _BASES.items():
        for second in seconds:
            for tone in _TONES:
                for upper1, upper2 in ((False, False), (True, False), (True, True)):
                    a = first.upper() if upper1 else first
                    b = second.upper() if upper2 else second
                    trad = unicodedata.normalize("NFC", a + tone) + b
                    modern = a + unicodedata.normalize("NFC", b + tone)
                    to_modern[trad] = modern
    return to_modern, {v: k for k, v in to_modern.items()}


_TO_MODERN, _TO_TRADITIONAL = _table()
# only at the end of a syllable ("hoàng", "quỳnh" keep their mark) and never after "q" / "g". The
# test for "q" / "g" comes after the two letters (every key is two), so the regex begins with a
# letter and ``re`` skips the positions where no key begins instead of trying each
_MODERN_RE = re.compile("(" + "|".join(map(re.escape, _TO_MODERN)) + r")(?<![qQgG]..)(?![^\W\d_])")
_TRAD_RE = re.compile("(" + "|".join(map(re.escape, _TO_TRADITIONAL)) + r")(?<![qQgG]..)(?![^\W\d_])")
assert all(len(key) == 2 for key in (*_TO_MODERN, *_TO_TRADITIONAL))


def to_modern_tones(text: str) -> str:
    """Move the tone mark of syllable-final oa/oe/uy to the second vowel; same length."""
    return _MODERN_RE.sub(lambda m: _TO_MODERN[m.group(1)], text)


def to_traditional_tones(text: str) -> str:
    """The inverse of :func:`to_modern_tones` (used by invariance tests)."""
    return _TRAD_RE.sub(lambda m: _TO_TRADITIONAL[m.group(1)], text)
