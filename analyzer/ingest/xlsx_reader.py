"""Excel workbooks (.xlsx, .xlsm): a registration or plan typed as a table, read row by row.

Some units fill the registration in a spreadsheet ("STT | Nội dung | Thời gian | Người thực
hiện"). Each row of each visible sheet becomes one line, its non-empty cells joined by
``" | "`` (the rule of .docx and .odt tables); an empty row is a paragraph break, and so is the
end of a sheet. Formulas give their last computed value, numbers read as a person would type
them ("12", "95,5"), dates as ``dd/mm/yyyy``. Nothing is evaluated or run.

Example (a work-item row)::

    1 | Tổ chức học tập chuyên đề năm 2024 | 30/04/2024 | Bí thư chi bộ
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterator

from analyzer.errors import E
from analyzer.ingest.base import Extracted, Limits, Refused
from analyzer.ingest.zipguard import open_zip

MAX_ROWS = 100_000  # per workbook: a sheet of a million empty formatted rows is not a submission


def _cell_text(value: object) -> str:
    """A cell's value as a person reads it.

    Example:
        >>> _cell_text(12.0), _cell_text(95.5), _cell_text(datetime.datetime(2024, 4, 30)), _cell_text(" a\\nb ")
        ('12', '95,5', '30/04/2024', 'a b')
    """
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


def _lines(workbook) -> Iterator[str]:  # type: ignore[no-untyped-def]
    rows = 0
    for sheet in workbook.worksheets:
        if getattr(sheet, "sheet_state", "visible") != "visible":
            continue
        for row in sheet.iter_rows(values_only=True):
            rows += 1
            if rows > MAX_ROWS:
                return
            yield " | ".join(text for text in map(_cell_text, row) if text)
        yield ""


def read_xlsx(data: bytes, limits: Limits) -> Extracted:
    """Text of an .xlsx workbook: one line per row of each visible sheet."""
    from openpyxl import load_workbook

    with open_zip(data, limits) as archive:
        if "xl/workbook.xml" not in archive.namelist():
            raise Refused(E.CORRUPT, fmt="xlsx", detail="it has no xl/workbook.xml (not an Excel workbook)")
    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        lines = list(_lines(workbook))
    finally:
        workbook.close()
    # runs of empty rows (a formatted but empty sheet) are one paragraph break
    text = "\n".join(line for k, line in enumerate(lines) if line or (k and lines[k - 1]))
    return Extracted(text=text.strip("\n"), meta=(("sheets", str(len(workbook.worksheets))),))
