"""A document's text as a Word file that numbers its own headings and lists, to measure reading it.

Most submissions are typed in Word, and Word's automatic numbering keeps "II.", "1.", "a)", the
dashes of a list and the STT column of a table out of the text: Word draws them. ``mohinh evaluate
--word`` writes every annotated document this way and reads it back through the reader a
submission goes through, so the figures say how far the labels hold on such a file.

Each line of the text becomes a paragraph. A line that begins with a marker Word can number loses
it and is numbered instead: Roman "I.", decimal "1." or "1)", a decimal under a fixed prefix
"1.2." (Word's level text "1.%1."), letters "a)" (not "đ)", which Word's letters skip), and the
bullets "-", "+" and "•" (the last drawn as Word draws it, a Symbol-font character). Consecutive
numbers of one kind continue one list, as a list resumed after a paragraph does in Word; a number
that does not follow on starts a new instance of the list with a ``w:startOverride``. A line with
cells (" | ") becomes a row of a Word table, consecutive rows with as many cells one table, and a
first cell holding only a number is numbered by Word as a table's STT column is.

Example:
    >>> split_marker("II. LÀM THEO BÁC")
    (('upperRoman', '%1.'), 2, 'LÀM THEO BÁC')
    >>> split_marker("1.3. Tổ chức 4 buổi") , split_marker("đ) Không")
    ((('decimal', '1.%1.'), 3, 'Tổ chức 4 buổi'), None)
"""

from __future__ import annotations

import re
from pathlib import Path

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from analyzer.ingest.base import format_number

__all__ = ["WordLists", "split_marker", "write_word"]

_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_MARKER = re.compile(r"^(?:(?P<roman>[IVXLC]{1,6})\.|(?P<prefix>(?:\d{1,2}\.){1,3})(?P<sub>\d{1,2})(?P<end>\.?)"
                     r"|(?P<decimal>\d{1,2})(?P<dot>[.)])|(?P<letter>[a-z])\)|(?P<bullet>[-+•]))[ \t]+(?=\S)")
_STT = re.compile(r"^\d{1,3}$")
_SYMBOL_BULLET = "\uf0b7"  # Word's "•": a private-use character in the Symbol font


def _roman(text: str) -> int | None:
    values = [_ROMAN_VALUES[c] for c in text]
    total = sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))
    return total if format_number(total, "upperRoman") == text else None  # "IIII", "VX": not numbers


def split_marker(line: str) -> tuple[tuple[str, str], int, str] | None:
    """``((numFmt, lvlText), value, rest)`` of a line that begins with a marker Word can number, else None."""
    match = _MARKER.match(line)
    if match is None:
        return None
    rest = line[match.end():]
    if match["roman"]:
        value = _roman(match["roman"])
        return (("upperRoman", "%1."), value, rest) if value else None
    if match["sub"]:
        return ("decimal", match["prefix"] + "%1" + match["end"]), int(match["sub"]), rest
    if match["decimal"]:
        return ("decimal", "%1" + match["dot"]), int(match["decimal"]), rest
    if match["letter"]:
        return ("lowerLetter", "%1)"), ord(match["letter"]) - ord("a") + 1, rest
    return ("bullet", match["bullet"]), 1, rest


class WordLists:
    """The numbering definitions and instances written into the document's numbering part.

    A list that restarts is a new instance of its kind's definition with a ``w:startOverride``, as
    Word writes it; with ``separate``, a definition of its own that starts there (no override: the
    form LibreOffice carries over to a .doc unchanged)."""

    def __init__(self, numbering, separate: bool = False) -> None:  # type: ignore[no-untyped-def]
        self.numbering = numbering
        self.next_abstract = 1 + max((int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))),
                                     default=0)
        self.next_num = 1 + max((int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))), default=0)
        self.separate = separate
        self.definitions: dict[tuple[str, str, int], int] = {}
        self.running: dict[tuple[str, str], tuple[int, int]] = {}  # kind → (numId, last value)

    def _definition(self, kind: tuple[str, str], start: int = 1) -> int:
        if (*kind, start) not in self.definitions:
            fmt, text = kind
            symbol = text == "•"
            text = _SYMBOL_BULLET if symbol else text
            fonts = '<w:rPr><w:rFonts w:ascii="Symbol" w:hAnsi="Symbol" w:hint="default"/></w:rPr>' if symbol else ""
            key = self.next_abstract
            self.next_abstract += 1
            element = parse_xml(
                f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{key}"><w:multiLevelType w:val="singleLevel"/>'
                f'<w:lvl w:ilvl="0"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>'
                f'<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="720" w:hanging="360"/></w:pPr>{fonts}</w:lvl>'
                f'</w:abstractNum>')
            first_num = self.numbering.find(qn("w:num"))  # every abstractNum comes before the nums
            if first_num is None:
                self.numbering.append(element)
            else:
                first_num.addprevious(element)
            self.definitions[(*kind, start)] = key
        return self.definitions[(*kind, start)]

    def num_id(self, kind: tuple[str, str], value: int) -> int:
        """The list instance a paragraph numbered ``value`` of ``kind`` belongs to."""
        running = self.running.get(kind)
        if running is not None and (value == running[1] + 1 or kind[0] == "bullet"):
            self.running[kind] = (running[0], value)
            return running[0]
        key = self.next_num
        self.next_num += 1
        if self.separate:
            self.definitions.pop((*kind, value), None)  # a new definition for every instance
            definition, restart = self._definition(kind, value), ""
        else:
            definition = self._definition(kind)
            restart = f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{value}"/></w:lvlOverride>'
        self.numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="{key}"><w:abstractNumId '
                                        f'w:val="{definition}"/>{restart}</w:num>'))
        self.running[kind] = (key, value)
        return key

    def number(self, paragraph, kind: tuple[str, str], value: int) -> None:  # type: ignore[no-untyped-def]
        """Make a python-docx ``paragraph`` item ``value`` of a list of ``kind`` (from :func:`split_marker`)."""
        paragraph._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="{self.num_id(kind, value)}"/></w:numPr>'))


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.split(" | ")]


def write_word(text: str, path: Path, *, separate: bool = False) -> Path:
    """Write ``text`` to ``path`` as a .docx whose markers and STT cells Word numbers itself
    (``separate``: as :class:`WordLists`)."""
    document = docx.Document()
    lists = WordLists(document.part.numbering_part.element, separate=separate)
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        if " | " in lines[i]:
            width = len(_cells(lines[i]))
            rows = []
            while i < len(lines) and " | " in lines[i] and len(_cells(lines[i])) == width:
                rows.append(_cells(lines[i]))
                i += 1
            table = document.add_table(rows=len(rows), cols=width)
            for row, cells in zip(table.rows, rows):
                for j, (cell, value) in enumerate(zip(row.cells, cells)):
                    paragraph = cell.paragraphs[0]
                    if j == 0 and _STT.match(value):
                        lists.number(paragraph, ("decimal", "%1"), int(value))
                    else:
                        paragraph.add_run(value)
            continue
        marker = split_marker(lines[i])
        if marker is None:
            document.add_paragraph(lines[i])
        else:
            kind, value, rest = marker
            lists.number(document.add_paragraph(rest), kind, value)
        i += 1
    document.core_properties.title = ""
    document.save(str(path))
    return path
