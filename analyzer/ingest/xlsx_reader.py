"""Excel workbooks (.xlsx, .xlsm): a registration or plan typed as a table, read row by row.

Some units fill the registration in a spreadsheet ("STT | Nội dung | Thời gian | Người thực
hiện"). Each row of each visible sheet becomes one line, its non-empty cells joined by
``" | "`` (the rule of .docx and .odt tables); an empty row is a paragraph break, and so is the
end of a sheet. Formulas give their last computed value, numbers read as a person would type
them ("12", "95,5") or as their format shows them ("100%", "46.800.000"), dates as ``dd/mm/yyyy``. Nothing is evaluated or run: a formula a program
wrote without its value gives the text it spells out (a link's label, joined pieces of text), and
one that would need computing is left out with a warning (W119).

Example (a work-item row)::

    1 | Tổ chức học tập chuyên đề năm 2024 | 30/04/2024 | Bí thư chi bộ
"""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Iterator

from analyzer.errors import E
from analyzer.ingest.base import Extracted, Limits, Refused
from analyzer.ingest.messages import W
from analyzer.ingest.zipguard import open_zip

_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")
MAX_ROWS = 100_000  # per workbook: a sheet of a million empty formatted rows is not a submission


def _cell_text(value: object, number_format: str = "General") -> str:
    """A cell's value as a person reads it, a number as its format shows it (:func:`_formatted`).

    Example:
        >>> _cell_text(12.0), _cell_text(95.5), _cell_text(datetime.datetime(2024, 4, 30)), _cell_text(" a\\nb ")
        ('12', '95,5', '30/04/2024', 'a b')
        >>> _cell_text(1.0, "0%"), _cell_text(46800000, "#,##0"), _cell_text(0.955, "0.0%")
        ('100%', '46.800.000', '95,5%')
    """
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        shown = _formatted(value, number_format)
        if shown is not None:
            return shown
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, datetime.datetime):
        return value.strftime("%d/%m/%Y %H:%M" if value.hour or value.minute or value.second else "%d/%m/%Y")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M")
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:.10g}".replace(".", ",")
    return " ".join(str(value).split())


# a number format's pieces that are no digits: "literal", \escaped character, [colour]/[condition], _padding, *fill
_FORMAT_TOKEN = re.compile(r'"([^"]*)"|\\(.)|\[[^\]]*\]|_.|\*.')
_PLAIN_FORMATS = frozenset({"General", "@", "0"})  # read as typed


def _formatted(value: float, number_format: str) -> str | None:
    """A number under a percentage, thousands-grouped or fixed-decimals format as Excel shows it, with
    Vietnamese separators ("100%", "46.800.000", "95,5%", "2,50"); None for other formats ("General",
    dates, text), which :func:`_cell_text` reads as typed.

    Example:
        >>> _formatted(0.8, "0%"), _formatted(1234.5, "#,##0.00"), _formatted(3, "General")
        ('80%', '1.234,50', None)
    """
    if not number_format or number_format in _PLAIN_FORMATS:
        return None
    first = number_format.split(";")[0]
    section = _FORMAT_TOKEN.sub("", first)
    percent = "%" in section
    grouped = re.search(r"[#0],[#0]", section) is not None
    decimals = re.search(r"\.([0#]+)", section)
    if not (percent or grouped or decimals) or not re.search(r"[0#]", section):
        return None
    shortest = len(decimals.group(1).rstrip("#")) if decimals else 0  # "0.0#": one place, two at most
    places = len(decimals.group(1)) if decimals else 0
    number = value * 100 if percent else value
    text = f"{abs(number):,.{places}f}" if grouped else f"{abs(number):.{places}f}"
    while places > shortest and text.endswith("0"):
        text, places = text[:-1], places - 1
    text = text.rstrip(".").replace(",", "\0").replace(".", ",").replace("\0", ".")
    sign = "-" if number < 0 and any(d in "123456789" for d in text) else ""
    # text typed around the number ('#,##0 "đồng"'): kept where it stands
    digits = [m.start() for m in re.finditer(r"[0#]", first)]
    before, after = (_shown(first[:digits[0]]), _shown(first[digits[-1] + 1:])) if digits else ("", "")
    return before + sign + text + ("%" if percent else "") + after


def _shown(part: str) -> str:
    """What a piece of a number format around the digits shows: its quoted or escaped text and spaces."""
    return re.sub(r"[%,.]", "", _FORMAT_TOKEN.sub(lambda m: m.group(1) or m.group(2) or "", part))


_LITERAL = re.compile(r'"((?:[^"]|"")*)"')
_HYPERLINK = re.compile(r"^=\s*HYPERLINK\s*\(", re.IGNORECASE)


def formula_text(formula: str) -> str | None:
    """What a formula whose value was never computed shows, when its text says it: a link's label, the
    pieces of a text joined; ``None`` for arithmetic, which is not evaluated here.

    Example:
        >>> formula_text('=HYPERLINK("https://x.vn/a","Lắp 20 bóng đèn")'), formula_text('="Quý "&"III/2024"')
        ('Lắp 20 bóng đèn', 'Quý III/2024')
        >>> formula_text("=SUM(B2:B9)") is None
        True
    """
    literals = [text.replace('""', '"') for text in _LITERAL.findall(formula)]
    if not literals:
        return None
    return literals[-1] if _HYPERLINK.match(formula) else "".join(literals)


def _rows(workbook, formulas) -> Iterator[tuple]:  # type: ignore[no-untyped-def]
    """Each visible sheet's rows (values), then ``None`` at its end; a cell without a computed value
    gets its formula's text (``formulas``: the same workbook read without values, or None)."""
    for k, sheet in enumerate(workbook.worksheets):
        if getattr(sheet, "sheet_state", "visible") != "visible":
            continue
        other = formulas.worksheets[k].iter_rows(values_only=True) if formulas is not None else None
        for cells in sheet.iter_rows():
            written = next(other, ()) if other is not None else ()
            yield tuple((cell.value if cell.value is not None or j >= len(written) or not _is_formula(written[j])
                         else written[j], getattr(cell, "number_format", None) or "General")
                        for j, cell in enumerate(cells))
        yield None


def _is_formula(value: object) -> bool:
    return isinstance(value, str) and value.startswith("=")


def _lines(workbook, formulas, unresolved: list[str], cut: list[int]) -> Iterator[str]:  # type: ignore[no-untyped-def]
    rows = 0
    for row in _rows(workbook, formulas):
        if row is None:
            yield ""
            continue
        rows += 1
        if rows > MAX_ROWS:
            cut.append(MAX_ROWS)
            return
        cells = []
        for value, number_format in row:
            if _is_formula(value):
                shown = formula_text(value)  # type: ignore[arg-type]
                if shown is None:
                    unresolved.append(value)  # type: ignore[arg-type]
                    continue
                value = shown
            cells.append(_cell_text(value, number_format))
        yield " | ".join(text for text in cells if text)


def read_xlsx(data: bytes, limits: Limits) -> Extracted:
    """Text of an .xlsx workbook: one line per row of each visible sheet."""
    from openpyxl import load_workbook

    with open_zip(data, limits) as archive:
        if "xl/workbook.xml" not in archive.namelist():
            raise Refused(E.CORRUPT, fmt="xlsx", detail="it has no xl/workbook.xml (not an Excel workbook)")
        has_formulas = any(_FORMULA_TAG.search(archive.read(name)) for name in archive.namelist()
                           if name.startswith("xl/worksheets/") and name.endswith(".xml"))
    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    # a formula's value is what Excel computed when it saved the file; a workbook a program wrote has none
    formulas = load_workbook(io.BytesIO(data), read_only=True, data_only=False) if has_formulas else None
    unresolved: list[str] = []
    cut: list[int] = []
    lines: list[str] = []
    size = 0
    try:
        for line in _lines(workbook, formulas, unresolved, cut):
            size += len(line) + 1
            if size > limits.max_chars:  # every cell of a sheet can repeat one long shared string
                raise Refused(E.TOO_MUCH_TEXT, size=f"more than {limits.max_chars}", limit=limits.max_chars)
            lines.append(line)
    finally:
        workbook.close()
        if formulas is not None:
            formulas.close()
    # runs of empty rows (a formatted but empty sheet) are one paragraph break
    text = "\n".join(line for k, line in enumerate(lines) if line or (k and lines[k - 1]))
    warnings = (W.FORMULAS.format(n=len(unresolved), first=unresolved[0][:80]),) if unresolved else ()
    if cut:
        warnings += (W.ROWS_CUT.format(limit=MAX_ROWS),)
    return Extracted(text=text.strip("\n"), warnings=warnings, meta=(("sheets", str(len(workbook.worksheets))),))
