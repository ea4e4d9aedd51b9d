"""What every reader returns or raises, before the file's path is known.

Readers are pure functions of the file's bytes; the path only matters for the error
message, so :mod:`analyzer.ingest.core` attaches it when it turns a :class:`Refused`
into an :class:`~analyzer.errors.IngestError`.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterator

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    """Size guards: the file itself and what a container may unpack to."""

    max_bytes: int = 50_000_000
    max_unpacked: int = 200_000_000
    max_chars: int = 5_000_000  # of text a reader may give (a few bytes can stand for many characters)


@dataclass(frozen=True)
class Extracted:
    """A reader's raw result: text not yet legacy-repaired nor normalized.

    ``legacy_done`` says the reader already converted the whole text from a legacy
    font encoding (a TCVN3 .txt file), so it must not be converted a second time.

    Example:
        >>> Extracted(text="Chi bộ Trường THCS Thủy Đông", encoding="utf-8").encoding
        'utf-8'
    """

    text: str
    encoding: str | None = None
    warnings: tuple[str, ...] = ()
    meta: tuple[tuple[str, str], ...] = ()
    legacy_done: bool = False


class Refused(Exception):
    """A reader's coded refusal; ``template`` is one of :class:`~analyzer.errors.E`."""

    def __init__(self, template: str, **fields: object) -> None:
        super().__init__(template)
        self.template = template
        self.fields = fields


# A line break inside a paragraph (Word's Shift+Enter, ODF's text:line-break, RTF's \line, HTML's <br>):
# readers write this character, and normalize_text makes it a space where the line goes on mid-sentence
# ("… gương mẫu đi đầu," / "trực tiếp phụ trách …"), else a new line
SOFT_BREAK = "\u2028"


# A letterhead or a signature laid out as a borderless table of two or three columns: a cell's line
# that names the Party or the State ("ĐẢNG CỘNG SẢN VIỆT NAM", "CỘNG HÒA XÃ HỘI …", "Độc lập - …"),
# the document's number ("Số: 01-ĐK/CB") or its place and date ("Ngọc Quan, ngày 16 tháng 3 năm 2024"),
# or opens the signature ("Nơi nhận:", "T/M CHI BỘ", "TM. BAN CHẤP HÀNH", "KT. BÍ THƯ", "NGƯỜI ĐĂNG KÝ")
_LAYOUT_LINE = re.compile(
    r"^(?:ĐẢNG CỘNG SẢN VIỆT NAM|CỘNG H(?:OÀ|ÒA) XÃ HỘI|Độc lập\s*[-–]|S[ốô]\s*:?\s*\d|[^,]{2,40},\s*ngày\b"
    r"|Nơi nhận|T/M\b|TM\.|T/L\b|TL\.|KT\.|K/T\b|NGƯỜI ĐĂNG K[ÝÍ]|XÁC NHẬN)"
)
_LAYOUT_MAX_CELLS = 3
_LINE_BREAKS = "[\u2028\x0b]"


def _layout_row(cells: list[list[str]]) -> bool:
    """Whether a row is a letterhead's or a signature's, laid out in columns: two or three cells with
    text, one of them several lines, and a line that only a letterhead or a signature holds."""
    filled = [lines for lines in cells if lines]
    return (2 <= len(filled) <= _LAYOUT_MAX_CELLS and any(len(lines) > 1 for lines in filled)
            and any(_LAYOUT_LINE.match(line) for lines in filled for line in lines))


def flatten_row(cells: list[tuple[list[str], list[str]]]) -> Iterator[tuple[str, str]]:
    """One table row as one line (each cell's lines joined by a space, the cells by " | "), then the
    lines of tables nested in its cells. A letterhead or a signature laid out as a table is read as
    one sees it, column after column, each of its lines a line ("ĐẢNG BỘ XÃ LÂM THAO", "Số: 01-ĐK/CB",
    then "ĐẢNG CỘNG SẢN VIỆT NAM", "Ngọc Quan, ngày 16 tháng 3 năm 2024").

    Example:
        >>> list(flatten_row([(["1"], []), (["Tổ chức tọa đàm", "(02 buổi)"], ["a | b"]), ([], [])]))
        [('row', '1 | Tổ chức tọa đàm (02 buổi)'), ('row', 'a | b')]
        >>> list(flatten_row([(["Nơi nhận:", "- Lưu."], []), (["T/M CHI BỘ", "BÍ THƯ"], [])]))
        [('row', 'Nơi nhận:'), ('row', '- Lưu.'), ('row', 'T/M CHI BỘ'), ('row', 'BÍ THƯ')]
    """
    # a paragraph's line breaks (Shift+Enter: "T/M CHI BỘ⏎BÍ THƯ") are lines of the cell too
    texts = [[" ".join(line.split()) for text in lines for line in re.split(_LINE_BREAKS, text) if line.strip()]
             for lines, _ in cells]
    if _layout_row(texts):
        for lines, (_, nested) in zip(texts, cells):
            for line in lines + nested:
                yield "row", line
        return
    yield "row", " | ".join(" ".join(lines) for lines in texts if lines)
    for _, nested in cells:
        for line in nested:
            yield "row", line


_MAX_LETTERS = 10  # "a" … "z", "aa" … : longer runs of one letter are written in decimal
_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
          (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def _roman(n: int) -> str:
    out = []
    for value, letters in _ROMAN:
        count, n = divmod(n, value)
        out.append(letters * count)
    return "".join(out)


def format_number(n: int, fmt: str) -> str:
    """``n`` as a list number in Word's number format ``fmt`` ("decimal", "upperRoman", "lowerLetter", …;
    HTML and OpenDocument lists use the same formats under other names). Numbers a format cannot
    write (a Roman 4000, a letter run longer than ten) are written in decimal.

    Example:
        >>> format_number(4, "upperRoman"), format_number(28, "lowerLetter"), format_number(4000, "upperRoman")
        ('IV', 'bb', '4000')
    """
    if fmt == "none":
        return ""
    if fmt in ("upperRoman", "lowerRoman") and 0 < n < 4000:
        roman = _roman(n)
        return roman if fmt == "upperRoman" else roman.lower()
    if fmt in ("upperLetter", "lowerLetter") and 0 < n <= 26 * _MAX_LETTERS:
        letter = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt == "decimalZero" and 0 <= n < 10:
        return f"0{n}"
    return str(n)


# The bullets Vietnamese documents type, kept as they are; any other (a Symbol or Wingdings
# character, "o", "▪") is written "•"
_PLAIN_BULLETS = frozenset("-+–•*")


def list_bullet(char: str) -> str:
    """The bullet a list's level draws, as text: "-", "+", "–", "•", "*" kept, any other "•".

    Example:
        >>> list_bullet("-"), list_bullet("\uf0b7"), list_bullet("o")
        ('-', '•', '•')
    """
    return char if char in _PLAIN_BULLETS else "•"


def count_item(counts: list[int | None], level: int, start: int, restart: int | None = None,
               keep: Container[int] = ()) -> None:
    """Count one list item at ``level`` as word processors do: ``restart`` when the item restarts the
    list there, else the level's ``start`` the first time, else one more; the deeper levels start
    again, but for those in ``keep``. ``counts`` holds each level's last number (None: not used yet).

    Example:
        >>> counts = [None] * 3
        >>> for level in (0, 1, 1, 0, 1):
        ...     count_item(counts, level, 1)
        >>> counts
        [2, 1, None]
    """
    current = counts[level]
    counts[level] = restart if restart is not None else start if current is None else current + 1
    for deeper in range(level + 1, len(counts)):
        if deeper not in keep:
            counts[deeper] = None


def parse_int(text: object, default: int, low: int | None = None, high: int | None = None) -> int:
    """``text`` as an integer within ``low`` … ``high`` (when given); ``default`` when it is none
    (missing, not a number, or more digits than Python converts).

    Example:
        >>> parse_int("7", 1), parse_int(None, 1), parse_int("năm", 1), parse_int("-5", 1, low=0)
        (7, 1, 1, 0)
    """
    try:
        value = int(str(text)) if text is not None else default
    except ValueError:
        return default
    if low is not None:
        value = max(low, value)
    return value if high is None else min(high, value)
