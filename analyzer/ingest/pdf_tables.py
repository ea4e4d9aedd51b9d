"""Ruled tables of a PDF page read as rows: one line a row, its cells joined by " | ".

A PDF keeps no table, only text placed on the page and lines drawn around it. pypdf reads a
table's text in drawing order, so a roadmap row "1 | Học tập chuyên đề … | Tháng 3 – 4/2024 |
Đ/c Bí thư" arrives as four or more lines, a wrapped cell ("Quý II – quý III/2024") torn from its
row, and the rows lose the shape every other reader gives them. Here the ruling is read as well:
the horizontal and vertical lines the page strokes (``m``/``l``, the edges of a stroked ``re``) and
the thin rectangles it fills, in page space. Vertical strokes whose spans overlap make one table; its columns are their distinct x,
its rows the distinct y of the horizontal strokes across it. Each piece of text whose start lies
inside goes to its cell; the pieces of a cell, in drawing order, make its text. A page without a
ruled grid of two columns or more keeps pypdf's text unchanged, and so does the text around a
table. Borderless tables (a header's two columns) are read as pypdf gives them.

Footnotes are left out, as the .doc and HTML readers leave them out: the text below a short rule
that starts at the left margin ("the separator" Word and LibreOffice draw above a page's notes),
when its first line opens with the number of a reference mark raised in smaller type on the page
("nhiệm kỳ 2022–2025¹"), together with those marks. A raised small number that refers to no note
on its page ("50 m²") stays.

Example:
    >>> grid = _Grid(xs=[0.0, 50.0, 200.0], ys=[100.0, 80.0, 60.0])
    >>> grid.cell(10.0, 90.0), grid.cell(120.0, 65.0), grid.cell(300.0, 65.0)
    ((0, 0), (1, 1), None)
"""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass, field

from analyzer.text.sentences import TABLE_SEPARATOR  # how every reader joins a row's cells, and the layout reads them

_THIN = 2.0  # points: a stroke or a rectangle thinner than this is a rule
_SAME = 2.0  # points: rules this close are one
_MIN_RULE = 5.0  # points: shorter strokes are marks, not rules
_STROKE = frozenset({b"S", b"s", b"B", b"B*", b"b", b"b*"})
_FILL = frozenset({b"f", b"F", b"f*"})
# a footnote's separator: a horizontal rule this long (points; Word draws 144, LibreOffice a quarter of
# the text width), starting this close to the left margin
_SEPARATOR_LENGTH = (20.0, 250.0)
_MARGIN = 6.0
_NOTE_MARK = re.compile(r"\s*(\d{1,3}|[*†‡])\s*")
_NOTE_START = re.compile(r"\s*(\d{1,3}|[*†‡])(?!\d)")
_SMALLER = 0.8
_MAX_RULES = 2000  # per page and direction  # a reference mark's type is at most this size of the text it follows


@dataclass
class _Grid:
    xs: list[float]  # column edges, left to right
    ys: list[float]  # row edges, top to bottom (page space: y grows upwards)
    cells: dict[tuple[int, int], list[tuple[str, float]]] = field(default_factory=dict)

    def cell(self, x: float, y: float) -> tuple[int, int] | None:
        """(row, column) of a point inside the grid, else None."""
        if not (self.xs[0] - _SAME <= x <= self.xs[-1] + _SAME and self.ys[-1] - _SAME <= y <= self.ys[0] + _SAME):
            return None
        column = min(max(bisect.bisect_right(self.xs, x) - 1, 0), len(self.xs) - 2)
        rising = [-y0 for y0 in self.ys]
        row = min(max(bisect.bisect_right(rising, -y) - 1, 0), len(self.ys) - 2)
        return row, column

    def rows(self) -> list[str]:
        """The table's rows as lines: each cell's pieces joined (a space where its text wraps)."""
        lines = []
        for row in range(len(self.ys) - 1):
            cells = []
            for column in range(len(self.xs) - 1):
                text, last_y = "", None
                for piece, y in self.cells.get((row, column), []):
                    if last_y is not None and abs(y - last_y) > 1 and not text.endswith(" "):
                        text += " "
                    text += piece
                    last_y = y
                cells.append(" ".join(text.split()))
            if any(cells):
                lines.append(TABLE_SEPARATOR.join(cell for cell in cells if cell))
        return lines


def _merged(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > _SAME:
            out.append(v)
    return out


def _grids(horizontal: list[tuple[float, float, float]], vertical: list[tuple[float, float, float]]) -> list[_Grid]:
    """Tables from rules: ``horizontal`` (x0, x1, y), ``vertical`` (x, y0, y1), each with x0 < x1, y0 < y1."""
    # rules whose spans overlap or touch make one table: in order of their tops, a rule that starts
    # below everything the current group reaches begins another (one pass, not each rule against all)
    groups: list[list[tuple[float, float, float]]] = []
    reach = -float("inf")
    for rule in sorted((v for v in vertical if v[2] - v[1] >= _MIN_RULE), key=lambda v: v[1]):
        if groups and rule[1] <= reach + _SAME:
            groups[-1].append(rule)
            reach = max(reach, rule[2])
        else:
            groups.append([rule])
            reach = rule[2]
    grids = []
    for group in groups:
        xs = _merged([x for x, _, _ in group])
        bottom, top = min(y0 for _, y0, _ in group), max(y1 for _, _, y1 in group)
        across = [y for x0, x1, y in horizontal
                  if bottom - _SAME <= y <= top + _SAME and x0 < xs[-1] - _SAME and x1 > xs[0] + _SAME]
        ys = _merged([*across, bottom, top])[::-1]
        if len(xs) >= 3 and len(ys) >= 2:
            grids.append(_Grid(xs, ys))
    return grids


class PageReader:
    """Visitors for pypdf's ``extract_text`` that collect the page's rules and placed text, then
    the page's text with its ruled tables as rows (:meth:`text`)."""

    def __init__(self) -> None:
        self.pieces: list[tuple[str, float, float] | tuple[str, None, None]] = []
        self.sizes: list[float] = []  # each piece's type size on the page (points)
        self.horizontal: list[tuple[float, float, float]] = []
        self.vertical: list[tuple[float, float, float]] = []
        self._at: tuple[float, float] | None = None
        self._path: list[tuple[str, float, float, float, float]] = []  # drawn once a paint operator comes
        self.drawn: list[tuple[str, float]] = []  # each XObject drawn (``Do``): its name, its area on the page

    def on_text(self, text: str, cm: list[float], tm: list[float], font: object, size: object) -> None:
        if not text.strip() and "\n" in text:  # a line break pypdf adds: no place of its own
            self.pieces.append((text, None, None))
            self.sizes.append(0.0)
            return
        x, y = tm[4], tm[5]
        self.pieces.append((text, x * cm[0] + y * cm[2] + cm[4], x * cm[1] + y * cm[3] + cm[5]))
        try:
            scale = math.hypot(tm[2], tm[3]) * math.hypot(cm[2], cm[3])
            self.sizes.append(abs(float(size)) * scale)
        except (TypeError, ValueError):
            self.sizes.append(0.0)

    def on_operator(self, operator: bytes, operands: list, cm: list[float], tm: list[float]) -> None:
        try:
            if operator == b"re":  # a rectangle: its edges, when it is stroked; itself, when it is a thin fill
                x, y, w, h = (float(v) for v in operands[:4])
                (x0, y0), (x1, y1) = _apply(cm, x, y), _apply(cm, x + w, y + h)
                self._path.append(("rect", x0, y0, x1, y1))
            elif operator == b"m":
                self._at = _apply(cm, float(operands[0]), float(operands[1]))
            elif operator == b"l" and self._at is not None:
                end = _apply(cm, float(operands[0]), float(operands[1]))
                self._path.append(("line", *self._at, *end))
                self._at = end
            elif operator in _STROKE or operator in _FILL or operator == b"n":
                self._paint(operator)
            elif operator == b"Do" and operands:  # a picture (or a form) fills the unit square the matrix maps
                self.drawn.append((str(operands[0]), abs(cm[0] * cm[3] - cm[1] * cm[2])))
        except (TypeError, ValueError, IndexError):  # a malformed operator draws nothing worth reading
            self._at = None

    def _paint(self, operator: bytes) -> None:
        """The path is drawn: stroked lines and rectangle edges are rules, and so is a thin filled
        rectangle (a border drawn as a fill); a wide fill (a cell's shading) and a clip (``n``) are not."""
        for kind, x0, y0, x1, y1 in self._path:
            if operator in _STROKE:
                if kind == "line":
                    self._rule(x0, y0, x1, y1)
                else:
                    for edge in ((x0, y0, x1, y0), (x0, y1, x1, y1), (x0, y0, x0, y1), (x1, y0, x1, y1)):
                        self._rule(*edge)
            elif operator in _FILL and kind == "rect":
                if abs(y1 - y0) < _THIN:
                    self._rule(x0, y0, x1, y0)
                elif abs(x1 - x0) < _THIN:
                    self._rule(x0, y0, x0, y1)
        self._path = []
        self._at = None

    def _rule(self, x0: float, y0: float, x1: float, y1: float) -> None:
        if abs(y1 - y0) < _THIN and abs(x1 - x0) >= _MIN_RULE:
            self.horizontal.append((min(x0, x1), max(x0, x1), (y0 + y1) / 2))
        elif abs(x1 - x0) < _THIN and abs(y1 - y0) >= _MIN_RULE:
            self.vertical.append(((x0 + x1) / 2, min(y0, y1), max(y0, y1)))

    def high(self, middle: float) -> bool:
        """Whether the page's text stands above ``middle`` (its placed pieces' median height; True without any)."""
        heights = sorted(y for piece, x, y in self.pieces if y is not None and piece.strip())
        return not heights or heights[len(heights) // 2] >= middle

    def _marks(self) -> dict[int, str]:
        """Reference marks: a number (or "*") in smaller type after text on its line, raised or not (a
        superscript set by a text rise keeps the line's baseline)."""
        marks: dict[int, str] = {}
        last: int | None = None
        for k, (piece, x, y) in enumerate(self.pieces):
            if x is None or y is None or not piece.strip():
                continue
            mark = _NOTE_MARK.fullmatch(piece)
            if mark and last is not None:
                size, before = self.sizes[k], self.sizes[last]
                y0 = self.pieces[last][2]
                # raised by its position, or by a text rise (``Ts``) that leaves it on the line's baseline
                if 0 < size <= _SMALLER * before and y0 is not None and -1.0 < y - y0 < before:
                    marks[k] = mark.group(1)
                    continue
            last = k
        return marks

    def _footnotes(self) -> set[int]:
        """The pieces of the page's footnotes and of the marks that refer to them (see the module docstring)."""
        marks = self._marks()
        if len(self.horizontal) > _MAX_RULES or len(self.vertical) > _MAX_RULES:
            return set()
        placed = [(k, x, y) for k, (piece, x, y) in enumerate(self.pieces)
                  if x is not None and y is not None and piece.strip() and k not in marks]
        if not marks or not placed:
            return set()
        left = min(x for _, x, _ in placed)
        for x0, x1, rule_y in sorted(self.horizontal, key=lambda rule: -rule[2]):
            if not (_SEPARATOR_LENGTH[0] <= x1 - x0 <= _SEPARATOR_LENGTH[1] and abs(x0 - left) <= _MARGIN):
                continue
            if any(x0 - _SAME <= x <= x1 + _SAME and y0 - _SAME <= rule_y <= y1 + _SAME for x, y0, y1 in self.vertical):
                continue  # a table's rule
            below = [(k, y) for k, _, y in placed if y < rule_y]
            above = {k for k, _, y in placed if y > rule_y}
            if not below or not above:
                continue
            top = max(y for _, y in below)
            first = min(k for k, y in below if abs(y - top) < 1)
            start = _NOTE_START.match(self.pieces[first][0])
            numbers = {number for k, number in marks.items() if k in above or self.pieces[k][2] > rule_y}
            if start is None or start.group(1) not in numbers:
                continue
            notes = {k for k, _ in below}
            referring = {k for k, number in marks.items() if self.pieces[k][2] > rule_y}
            return notes | referring | {k for k, number in marks.items() if k in notes}
        return set()

    def text(self, plain: str) -> str:
        """The page's text: ``plain`` (pypdf's) when it has neither footnotes nor a ruled table, else the
        same pieces without the notes and with each table's in its place as rows."""
        if "".join(piece for piece, _, _ in self.pieces) != plain:
            return plain
        notes = self._footnotes()
        if notes:
            self._drop(notes)
        # a page of thousands of rules is a drawing, not a table (and would cost time for nothing)
        ruled = 0 < len(self.vertical) <= _MAX_RULES and len(self.horizontal) <= _MAX_RULES
        grids = _grids(self.horizontal, self.vertical) if ruled else []
        if not grids:
            return "".join(piece for piece, _, _ in self.pieces)
        owner: list[int | None] = []
        for piece, x, y in self.pieces:
            found = None
            if x is not None and y is not None and piece.strip():
                for k, grid in enumerate(grids):
                    place = grid.cell(x, y)
                    if place is not None:
                        grid.cells.setdefault(place, []).append((piece, y))
                        found = k
                        break
            owner.append(found)
        if all(k is None for k in owner):
            return "".join(piece for piece, _, _ in self.pieces)
        # a piece without text of its own (a line break, a space) between two pieces of one table is the table's
        placed = [k for k, (piece, x, _) in enumerate(self.pieces) if x is not None and piece.strip()]
        for before, after in zip(placed, placed[1:]):
            if owner[before] is not None and owner[before] == owner[after]:
                for k in range(before + 1, after):
                    owner[k] = owner[before]
        parts, written = [], set()
        for (piece, _, _), k in zip(self.pieces, owner):
            if k is None:
                parts.append(piece)
            elif k not in written:
                written.add(k)
                parts.append("\n" + "\n".join(grids[k].rows()) + "\n")
        return "".join(parts)

    def _drop(self, dropped: set[int]) -> None:
        """Leave out the pieces ``dropped``, with the line breaks that ended their lines."""
        kept: list[int] = []
        after_dropped = False
        for k, (piece, x, _) in enumerate(self.pieces):
            if k in dropped:
                after_dropped = True
                continue
            if x is None and after_dropped:
                continue
            if x is not None and piece.strip():
                after_dropped = False
            kept.append(k)
        self.pieces = [self.pieces[k] for k in kept]
        self.sizes = [self.sizes[k] for k in kept]


def _apply(cm: list[float], x: float, y: float) -> tuple[float, float]:
    return x * cm[0] + y * cm[2] + cm[4], x * cm[1] + y * cm[3] + cm[5]
