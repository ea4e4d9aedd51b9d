"""Final text normalization: every character offset downstream refers to its output.

Example:
    >>> normalize_text("Ðảng uỷ\\u00a0 xã \\r\\n\\r\\n\\r\\n\\r\\nChi bộ\\u200b")
    'Đảng uỷ xã\\n\\nChi bộ'
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache


# Separators that mean "new line" in the source, not junk: Word's manual line break
# (\x0b), page breaks (\x0c), NEL and the Unicode line/paragraph separators.
_LINE_BREAKS = re.compile(r"\r\n|[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_SPACES = re.compile(r"[^\S\n]+")
_SPACE_AT_LINE_EDGE = re.compile(r" ?\n ?")
_BLANK_RUNS = re.compile(r"\n{3,}")
# A bullet that begins a line, drawn from a symbol font (Word's Symbol "\uf0b7", Wingdings' squares,
# arrowheads and ticks, kept by PDF text layers and RTF as private-use characters) or as a
# Unicode shape: the list's bullet, "•", as the structure reader knows it.
_SYMBOL_BULLETS = re.compile("^[\uf020-\uf0ff\u25cf\u25aa\u25a0\u25e6\u25cb\u25ba\u27a2\u2713\u2714\u2756\u2043](?=[ \t])",
                             re.MULTILINE)


@cache
def _invisible() -> re.Pattern[str]:
    """Control (Cc) and format (Cf) characters but tab and newline: zero-width marks,
    BOMs, soft hyphens, bidi marks; and lone surrogates (Cs), which no file decodes to
    but a Python string may hold, and which no encoder (nor the word segmenter) accepts.
    Built once from the Unicode tables, as ranges."""
    # Only planes 0, 1 and 14 hold such characters (planes 2-3 are CJK ideographs, 4-13
    # unassigned, 15-16 private use): scanning just those is five times faster at start-up.
    planes = (range(0, 0x20000), range(0xE0000, 0xF0000))
    codes = [
        code
        for plane in planes
        for code in plane
        if unicodedata.category(chr(code)) in ("Cc", "Cf", "Cs") and chr(code) not in "\t\n"
    ]
    ranges: list[list[int]] = []
    for code in codes:
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return re.compile("[" + "".join(f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges) + "]+")


def _drop_invisible(text: str) -> str:
    return _invisible().sub("", text)


# a line break inside a paragraph (see analyzer.ingest.base.SOFT_BREAK; Word 97's is \x0b) with the spaces around it
_SOFT_BREAKS = re.compile(r"[^\S\n\u2028\x0b]*[\u2028\x0b][^\S\n\u2028\x0b]*")
_ENDS_LINE = ".!?…:;"
_LIST_MARKER = re.compile(r"[a-zđ][.)]\s")


def _soft_breaks(text: str) -> str:
    r"""A line break inside a paragraph → a space where the sentence goes on (the line does not end a sentence
    or a clause and the next one begins in lower case, not with a list's letter "a) "), else a new line.

    Example:
        >>> _soft_breaks("gương mẫu đi đầu,\u2028trực tiếp phụ trách.\u2028Đồng chí Đức\u2028a) Học tập")
        'gương mẫu đi đầu, trực tiếp phụ trách.\nĐồng chí Đức\na) Học tập'
    """
    def resolve(match: re.Match[str]) -> str:
        before = text[:match.start()].rstrip()[-1:]
        after = text[match.end():match.end() + 3]
        goes_on = bool(before) and before not in _ENDS_LINE and after[:1].islower() and not _LIST_MARKER.match(after)
        return " " if goes_on else "\n"

    return _SOFT_BREAKS.sub(resolve, text) if ("\u2028" in text or "\x0b" in text) else text


def normalize_text(text: str) -> str:
    """Return ``text`` in the one canonical form the analyzer works on.

    NFC; Icelandic ``Ð``/``ð`` → Vietnamese ``Đ``/``đ``; CRLF, CR and other line
    separators → LF; zero-width characters, soft hyphens, BOMs, lone surrogates and control
    characters (except newline) removed; tabs, NBSP and every other Unicode space → one space;
    lines stripped; a symbol-font or shape bullet that begins a line ("\uf0b7", "▪", "➢") → "•";
    two or more blank lines → one blank line; no blank lines at either
    end. Line structure is kept; tone placement (``hoà``/``hòa``) is not touched.

    Example:
        >>> normalize_text("  Chi bo\\u0302\\u0323   Tru\\u031bo\\u031b\\u0300ng\\t THCS  ")
        'Chi bộ Trường THCS'
    """
    text = _LINE_BREAKS.sub("\n", _soft_breaks(text))
    # Drop invisibles before NFC: a zero-width space between a vowel and its
    # combining tone mark would otherwise keep the two from composing.
    text = unicodedata.normalize("NFC", _drop_invisible(text))
    # Icelandic eth looks like Vietnamese Đ; old keyboards and cp1252-era converters
    # typed it in its place, and no Vietnamese word contains it.
    text = text.replace("\u00d0", "\u0110").replace("\u00f0", "\u0111")
    text = _SPACE_AT_LINE_EDGE.sub("\n", _SPACES.sub(" ", text)).strip(" ")
    text = _SYMBOL_BULLETS.sub("•", text)
    return _BLANK_RUNS.sub("\n\n", text).strip("\n")
