"""Names of exemplary individuals in a sentence the labeller marked ``exemplar``.

A name is a run of capitalised syllables either after a title ("đồng chí", "đ/c", "em",
"chị", ranks; ``rules/name_titles.yaml``) or starting with a family name of
``rules/surnames.txt``; or an initials form ("N.V.Tùng"). Ethnic-minority names ("H'Nhi Byă",
"Y Bhim Niê", "Ka Thương") come in through their title. A personal registration's author who
designates himself ("Bản thân tôi đăng ký là cá nhân điển hình") is named from "Họ và tên" or
the signature.

Example:
    >>> [n for _, _, n in find_names("Chọn đ/c N.V.Tùng và đồng chí Lê Thị Thu Hằng, Bí thư, làm điển hình.")]
    ['N.V.Tùng', 'Lê Thị Thu Hằng']
    >>> [n for _, _, n in find_names("Cá nhân điển hình: em H'Nhi Byă, học sinh lớp 9A2.")]
    ["H'Nhi Byă"]
    >>> find_names("Đồng chí Bí thư Chi bộ học tập tấm gương Hồ Chí Minh.")
    []
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Mapping

from analyzer.config import read_yaml
from analyzer.detect.rules import RULES_DIR, fold

# an initial: a capital, or the first consonant cluster of a syllable ("Ng." for Nguyễn, "Th." for Thị)
_INITIAL = r"(?:Ngh|Ng|Nh|Th|Tr|Ph|Kh|Ch|Gi|Gh|Qu|[A-ZĐ])\.\s?"
_WORD_RE = re.compile(rf"(?:{_INITIAL}){{1,3}}[^\W\d_]{{2,}}|[^\W\d_]+(?:['’][^\W\d_]+)?")
_INITIALS_RE = re.compile(rf"^(?:{_INITIAL}){{1,3}}[^\W\d_]+$")
_SELF_RE = re.compile(r"(?i)\b(?:bản thân tôi|tôi\b.{0,40}\b(?:đăng ký|phấn đấu|nhận)\b.{0,30}\b(?:điển hình|cá nhân tiêu biểu|gương)|bản thân\b.{0,40}điển hình)")


@functools.lru_cache(maxsize=1)
def _lexicons() -> tuple[frozenset[str], re.Pattern[str], frozenset[str], tuple[str, ...], frozenset[tuple[str, str]]]:
    lines = (RULES_DIR / "surnames.txt").read_text(encoding="utf-8").splitlines()
    surnames = frozenset(unicodedata.normalize("NFC", ln.split()[0]) for ln in lines if ln.strip() and not ln.startswith("#"))
    data = read_yaml((RULES_DIR / "name_titles.yaml").read_text(encoding="utf-8"))
    titles = sorted({fold(t) for t in data["titles"]}, key=len, reverse=True)
    title_re = re.compile(r"(?:^|[\s,;:(])(?:" + "|".join(map(re.escape, titles)) + r")\s*[:,]?\s*$")
    not_names = frozenset(unicodedata.normalize("NFC", w).split()[0] for w in data["not_names"])
    phrases = tuple(unicodedata.normalize("NFC", p) for p in data["not_name_phrases"])
    years = frozenset((unicodedata.normalize("NFC", s), unicodedata.normalize("NFC", b))
                      for s in data["year_stems"] for b in data["year_branches"])
    return surnames, title_re, not_names, phrases, years


def _capitalised(word: str) -> bool:
    return word[:1].isupper() and not word.isupper() or (len(word) <= 2 and word[:1].isupper())


def find_names(sentence: str) -> list[tuple[int, int, str]]:
    """Person names in ``sentence`` as (start, end, name), offsets relative to the sentence."""
    surnames, title_re, not_names, phrases, years = _lexicons()
    words = [(m.start(), m.end(), m.group(0)) for m in _WORD_RE.finditer(sentence)]
    found: list[tuple[int, int, str]] = []
    i = 0
    while i < len(words):
        start, end, word = words[i]
        if not _capitalised(word):
            i += 1
            continue
        j = i + 1
        while j < len(words) and _capitalised(words[j][2]) and sentence[words[j - 1][1]:words[j][0]] == " " \
                and j - i < 5:
            j += 1
        run = words[i:j]
        # the name starts after a title ("đ/c", or "Chị" opening the run), at a family name, or at initials
        k = 0
        while k < len(run) and not title_re.search(fold(sentence[:run[k][0]])) and run[k][2] not in surnames \
                and not _INITIALS_RE.match(run[k][2]):
            k += 1
        run = run[k:]
        name = sentence[run[0][0]:run[-1][1]] if run else ""
        if (len(run) >= 2 or run and _INITIALS_RE.match(name)) and run[0][2] not in not_names \
                and not any(p in name for p in phrases) and tuple(w for _, _, w in run) not in years:
            found.append((run[0][0], run[-1][1], name))
        i = j
    return found


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
