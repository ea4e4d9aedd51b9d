"""``results.xlsx``: the ranking, the sentences to look at and the failed files (openpyxl, streamed).

Submission text is untrusted: every text cell is stored as a string (never a formula), and one
that begins with ``= + - @``, a tab or a carriage return also gets Excel's quote-prefix style, so
it stays text when edited or exported (formula injection). Characters XML cannot hold are replaced.

Example:
    >>> import tempfile, pathlib
    >>> from openpyxl import load_workbook
    >>> from analyzer.results import DocumentResult
    >>> from analyzer.report.views import index_row
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "results.xlsx"
    >>> bad = DocumentResult("=HYPERLINK(1).txt", status="error", error="E101: trống")
    >>> with results_workbook(path) as add:
    ...     add(workbook_rows(bad, index_row(bad, 1)), "")
    >>> cell = load_workbook(path)["Xếp hạng"]["B2"]
    >>> cell.value, cell.data_type, cell.quotePrefix
    ('=HYPERLINK(1).txt', 's', True)
"""

from __future__ import annotations

import os
from copy import copy
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from analyzer.errors import not_a_submission
from analyzer.labels import LABEL_NAMES_VI, PILLARS, REQUIREMENTS
from analyzer.report.views import CHECK, CROSS, flagged_sentences
from analyzer.results import DocumentResult

RISKY_FIRST = ("=", "+", "-", "@", "\t", "\r")
MAX_CELL = 32_767
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", start_color="FFE4E7EB")


@dataclass(frozen=True)
class Column:
    """One column: Vietnamese header, width, how to get the value, and its cell format."""

    header: str
    width: float
    value: Callable[[DocumentResult, dict], object]
    wrap: bool = False
    number_format: str = ""


def _flag(name: str) -> Callable[[DocumentResult, dict], object]:
    return lambda result, row: (CHECK if result.flag(name) else CROSS) if result.ok else ""


def _joined(key: str) -> Callable[[DocumentResult, dict], object]:
    return lambda result, row: "; ".join(row[key])


RANK_COLUMNS = (
    Column("Thứ tự ưu tiên", 9, lambda r, row: row["priority"]),
    Column("Tệp", 34, lambda r, row: row["doc_id"], wrap=True),
    Column("Trạng thái", 13, lambda r, row: "Đã phân tích" if r.ok else "Không phải hồ sơ" if not_a_submission(r.error)
           else "Lỗi đọc tệp"),
    Column("Điểm", 8, lambda r, row: row["score"], number_format="0.0"),
    Column("Xếp loại", 8, lambda r, row: row["grade"]),
    Column("Mức xếp loại", 11, lambda r, row: row["grade_name"]),
    *(Column(LABEL_NAMES_VI[p], 10, _flag(p)) for p in PILLARS),
    *(Column(f"{LABEL_NAMES_VI[p]} có hành động đo đếm được", 14, _flag(f"{p}_concrete"), wrap=True) for p in PILLARS),
    *(Column(LABEL_NAMES_VI[q], 12, _flag(q), wrap=True) for q in REQUIREMENTS),
    Column("Số câu", 7, lambda r, row: row["n_sentences"] if r.ok else ""),
    Column("Số hành động", 10, lambda r, row: row["n_actions"] if r.ok else ""),
    Column("Số câu chung chung", 11, lambda r, row: row["n_slogans"] if r.ok else ""),
    Column("Tỷ lệ chung chung", 11, lambda r, row: row["slogan_index"] if r.ok else "", number_format="0%"),
    Column("Tên cá nhân điển hình", 22, _joined("exemplar_names"), wrap=True),
    Column("Tên mô hình", 36, lambda r, row: row["model_name"], wrap=True),
    Column("Cơ quan, đơn vị", 36, lambda r, row: row["issuing_body"], wrap=True),
    Column("Lý do", 60, lambda r, row: "; ".join(row["reasons"]) if r.ok else r.error, wrap=True),
    Column("Cảnh báo khi đọc tệp", 40, lambda r, row: row["warnings_vi"], wrap=True),
)
SENTENCE_COLUMNS = (
    Column("Tệp", 30, lambda r, s: s["doc_id"], wrap=True),
    Column("Câu số", 7, lambda r, s: s["sent_id"]),
    Column("Mục", 28, lambda r, s: s["section"], wrap=True),
    Column("Nội dung câu", 70, lambda r, s: s["text"], wrap=True),
    Column("Nhãn", 26, lambda r, s: s["labels"], wrap=True),
    Column("Lý do", 55, lambda r, s: s["reasons"], wrap=True),
)
ERROR_COLUMNS = (
    Column("Thứ tự ưu tiên", 9, lambda r, row: row["priority"]),
    Column("Tệp", 40, lambda r, row: row["doc_id"], wrap=True),
    Column("Lỗi", 45, lambda r, row: row["error"]["vi"] if row["error"] else "", wrap=True),
    Column("Chi tiết", 80, lambda r, row: r.error, wrap=True),
)
LINK_HEADER = "Trang báo cáo"
RANK, SENTENCES, ERRORS = "Xếp hạng", "Câu cần xem", "Lỗi"
MAX_ROWS = 1_048_576  # rows of an Excel sheet
TRUNCATED_NOTE = ("Bảng tính dừng ở đây vì Excel chỉ hiển thị tối đa 1.048.576 dòng; toàn bộ kết quả "
                  "có trong documents.csv, sentences.csv và báo cáo HTML.")


def safe_text(value: str) -> tuple[str, bool]:
    """The text an XLSX cell can hold, and whether it needs the quote prefix (``=1+1`` → True)."""
    text = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)[:MAX_CELL]
    return text, text.startswith(RISKY_FIRST)


def _cell(sheet, value: object, column: Column, styles: dict) -> WriteOnlyCell:  # type: ignore[no-untyped-def]
    """A cell of ``column``; its style is set once per (column, kind) and then copied
    (assigning openpyxl style objects hashes them on every cell: most of the workbook's time)."""
    risky = False
    if isinstance(value, str):
        value, risky = safe_text(value)
    cell = WriteOnlyCell(sheet, value)
    if isinstance(value, str):
        cell.data_type = "s"  # never a formula, never an error value such as "#N/A"
    key = (column, isinstance(value, str), risky)
    style = styles.get(key)
    if style is not None:
        cell._style = copy(style)
        return cell
    if risky:
        cell.quotePrefix = True
    if column.number_format and not isinstance(value, str):
        cell.number_format = column.number_format
    cell.alignment = WRAP if column.wrap else TOP
    styles[key] = copy(cell._style)
    return cell


class _Sheet:
    """A write-only sheet with a frozen, filtered header row."""

    def __init__(self, book: Workbook, title: str, columns: tuple[Column, ...], link: bool = False) -> None:
        self.sheet = book.create_sheet(title)
        self.columns = columns
        self.link = link
        self.n_rows = 1
        self.dropped = 0
        self.styles: dict = {}

    def start(self) -> None:
        headers = [c.header for c in self.columns] + ([LINK_HEADER] if self.link else [])
        widths = [c.width for c in self.columns] + ([16] if self.link else [])
        for i, width in enumerate(widths, start=1):
            self.sheet.column_dimensions[get_column_letter(i)].width = width
        self.sheet.freeze_panes = "A2"
        cells = []
        for header in headers:
            cell = WriteOnlyCell(self.sheet, header)
            cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, WRAP
            cells.append(cell)
        self.sheet.append(cells)

    def append(self, values: list, href: str = "") -> None:
        if self.n_rows >= MAX_ROWS - 1:  # Excel opens at most MAX_ROWS rows: end with a note
            if self.n_rows == MAX_ROWS - 1:
                self.sheet.append([_cell(self.sheet, TRUNCATED_NOTE, self.columns[0], self.styles)])
                self.n_rows += 1
            self.dropped += 1
            return
        cells = [_cell(self.sheet, value, c, self.styles) for value, c in zip(values, self.columns)]
        if self.link:
            cell = WriteOnlyCell(self.sheet, "Xem báo cáo" if href else "")
            if href:
                cell.hyperlink = href
                cell.font = Font(color="FF1D4ED8", underline="single")
            cells.append(cell)
        self.sheet.append(cells)
        self.n_rows += 1

    def finish(self) -> None:
        width = len(self.columns) + (1 if self.link else 0)
        self.sheet.auto_filter.ref = f"A1:{get_column_letter(width)}{self.n_rows}"


def _values(columns: tuple[Column, ...], result: DocumentResult, data: dict) -> list:
    return [c.value(result, data) for c in columns]


def workbook_rows(result: DocumentResult, row: dict) -> dict[str, list]:
    """Plain values of one document's rows in the three sheets (picklable: a worker computes them)."""
    return {RANK: [_values(RANK_COLUMNS, result, row)],
            SENTENCES: [_values(SENTENCE_COLUMNS, result, s) for s in flagged_sentences(result)],
            ERRORS: [] if result.ok else [_values(ERROR_COLUMNS, result, row)]}


@contextmanager
def results_workbook(path: Path) -> Iterator[Callable[[dict[str, list], str], None]]:
    """Yield ``add(workbook_rows(result, index_row), href)``: call it in priority order; the
    file is written atomically at the end."""
    book = Workbook(write_only=True)
    sheets = {name: _Sheet(book, name, columns, link=name == RANK) for name, columns in
              ((RANK, RANK_COLUMNS), (SENTENCES, SENTENCE_COLUMNS), (ERRORS, ERROR_COLUMNS))}
    for sheet in sheets.values():
        sheet.start()

    def add(rows: dict[str, list], href: str) -> None:
        for name, values in rows.items():
            for v in values:
                sheets[name].append(v, f"report/{href}" if href and name == RANK else "")

    yield add
    for sheet in sheets.values():
        sheet.finish()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        book.save(tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
