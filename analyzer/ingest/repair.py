"""What every text gets once read, whichever way it came in (a file's reader or a caller's string):
mojibake and legacy font encodings (TCVN3, VNI) undone, and a warning when it hardly reads as
Vietnamese (typed without diacritics, another language).

Example:
    >>> repair_text("§¶ng ñy x· Thñy §«ng l·nh ®¹o chi bé", None, ())[:2]
    ('Đảng ủy xã Thủy Đông lãnh đạo chi bộ', 'tcvn3')
    >>> [w[:4] for w in language_warnings("Chi bo to chuc cho dang vien hoc tap chuyen de nam 2024 truoc 30/6. " * 2)]
    ['W112']
"""

from __future__ import annotations

from analyzer.ingest.legacy import LEGACY_NAMES, repair_legacy, repair_mojibake_counted, vietnamese_share
from analyzer.ingest.messages import W

# Vietnamese prose has one Vietnamese-only letter (ă ơ ư đ ộ …) in five; judge on a sample
# long enough to mean something.
_MIN_VIETNAMESE_SHARE = 0.05
_LANGUAGE_SAMPLE = 100_000
_MIN_LETTERS = 40
# a letterhead and a title are capitals; a submission whose letters are this much capitals is typed so
_MOSTLY_CAPITALS = 0.8
_MIN_LETTERS_CAPITALS = 200  # a letterhead and a title alone are capitals: judged on a body of text


def repair_text(text: str, encoding: str | None, warnings: tuple[str, ...], *,
                legacy_done: bool = False) -> tuple[str, str | None, tuple[str, ...]]:
    """Undo mojibake and legacy font encodings found in ``text``; the encoding (a legacy one's name when
    converted) and the warnings, with those of the repairs."""
    before = text
    text, guessed = repair_mojibake_counted(text)
    repaired = text != before
    if repaired:
        warnings += (W.MOJIBAKE_GUESSED.format(n=guessed) if guessed else W.MOJIBAKE,)
    # text just repaired is Unicode: read again as a legacy font (VISCII), what is left unrepaired would be garbled
    if not legacy_done and not repaired:
        text, legacy = repair_legacy(text)
        if legacy is not None:
            encoding = legacy
            warnings += (W.LEGACY.format(name=LEGACY_NAMES[legacy]),)
    return text, encoding, tuple(dict.fromkeys(warnings))


def language_warnings(text: str) -> tuple[str, ...]:
    """W112 when the text is long enough to judge and hardly any letter is Vietnamese; W118 when nearly
    every letter is a capital (a whole submission typed in capitals reads as a list of headings)."""
    sample = text[:_LANGUAGE_SAMPLE]
    letters = "".join(filter(str.isalpha, sample[:20_000]))
    if len(letters) < _MIN_LETTERS:
        return ()
    found: tuple[str, ...] = ()
    share = vietnamese_share(sample)
    if share < _MIN_VIETNAMESE_SHARE:
        found += (W.NOT_VIETNAMESE.format(share=share),)
    capitals = sum(map(str.isupper, letters)) / len(letters)
    if capitals >= _MOSTLY_CAPITALS and len(letters) >= _MIN_LETTERS_CAPITALS:
        found += (W.ALL_CAPITALS.format(share=capitals),)
    return found
