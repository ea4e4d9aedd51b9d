"""Names of exemplary individuals in a sentence the labeller marked ``exemplar``.

A name is a run of capitalised syllables after a title ("đồng chí", "đ/c", "em", "bà", ranks)
or after "Cá nhân điển hình:", starting with a family name of ``rules/surnames.txt``; or an
initials form ("N.V.Tùng"). A personal registration's author who designates himself ("Bản
thân tôi đăng ký là cá nhân điển hình") is named from "Họ và tên" or the signature.

Example:
    >>> [n for _, _, n in find_names("Chọn đ/c N.V.Tùng và đồng chí Lê Thị Thu Hằng, Bí thư, làm điển hình.")]
    ['N.V.Tùng', 'Lê Thị Thu Hằng']
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Mapping

from analyzer.detect.rules import RULES_DIR

_SYLLABLE = r"[A-ZĐÀ-ỸẠ-Ỹ][a-zđà-ỹạ-ỹ']+"
_INITIALS_RE = re.compile(r"(?<![\w.])((?:[A-ZĐ]\.\s?){1,3}[A-ZĐÀ-Ỹ][a-zđà-ỹ]+)")
_RUN_RE = re.compile(rf"(?<![\w])({_SYLLABLE}(?:\s+(?:{_SYLLABLE}|H'{_SYLLABLE}|[A-ZĐ]'?{_SYLLABLE})){{1,4}})")
_SELF_RE = re.compile(r"(?i)\b(?:bản thân tôi|tôi\b.{0,40}\b(?:đăng ký|phấn đấu|nhận)\b.{0,30}\b(?:điển hình|cá nhân tiêu biểu|gương)|bản thân\b.{0,40}điển hình)")


@functools.lru_cache(maxsize=1)
def surnames() -> frozenset[str]:
    """Family names (first syllable) from ``rules/surnames.txt``."""
    lines = (RULES_DIR / "surnames.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(unicodedata.normalize("NFC", ln.split()[0]) for ln in lines if ln.strip() and not ln.startswith("#"))


def find_names(sentence: str) -> list[tuple[int, int, str]]:
    """Person names in ``sentence`` as (start, end, name), offsets relative to the sentence."""
    found: list[tuple[int, int, str]] = []
    for m in _INITIALS_RE.finditer(sentence):
        found.append((m.start(1), m.end(1), m.group(1)))
    names = surnames()
    for m in _RUN_RE.finditer(sentence):
        words = m.group(1).split()
        start = m.start(1)
        # drop leading capitalised words that are not a family name (e.g. "Bí thư", "Chi bộ")
        while words and words[0] not in names:
            start += len(words[0]) + 1
            words = words[1:]
            while start < len(sentence) and sentence[start].isspace():
                start += 1
        if len(words) >= 2 and not any(s <= start < e for s, e, _ in found):
            name = " ".join(words)
            found.append((start, start + len(name), name))
    return sorted(found)


def exemplar_names(sentence: str, meta: Mapping[str, str]) -> list[tuple[int, int, str]]:
    """Names designated in an ``exemplar`` sentence; the author's name when he designates himself."""
    names = find_names(sentence)
    if not names and _SELF_RE.search(sentence):
        author = meta.get("person_name") or meta.get("signatory")
        if author:
            match = _SELF_RE.search(sentence)
            assert match is not None
            return [(match.start(), match.end(), author)]
    return names
