"""``results.xlsx``: the ranking, the sentences to look at and the failed files (XlsxWriter, streamed).

What a failed file's cells say is Vietnamese (what happened, what to do, the code): the English
message, which names the file's path on the server, stays in ``documents.csv``.

Rows go to disk as they are added (XlsxWriter's ``constant_memory`` mode), so a batch of any size is
written in flat memory; XlsxWriter writes a cell about three times as fast as openpyxl's write-only
sheets did, and the workbook is written by the parent while the workers render pages.

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

import math
import os
import re
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import xlsxwriter

from analyzer.errors import not_a_submission
from analyzer.labels import LABEL_NAMES_VI, PILLARS, REQUIREMENTS
from analyzer.report.views import (CHECK, CROSS, PRIORITY_ORDERS_VI, flagged_sentences, priority_order_vi,
                                   said_vi)
from analyzer.results import DocumentResult

RISKY_FIRST = ("=", "+", "-", "@", "\t", "\r")
MAX_CELL = 32_767
CUT_NOTE = " … [ô Excel chỉ chứa tối đa 32.767 ký tự; xem đầy đủ trong documents.csv, sentences.csv]"
ILLEGAL_CHARACTERS_RE = re.compile(r"[\000-\010\013\014\016-\037]")  # control characters XML 1.0 cannot hold
HEADER_FORMAT = {"bold": True, "bg_color": "#E4E7EB", "text_wrap": True, "valign": "top"}
LINK_FORMAT = {"font_color": "#1D4ED8", "underline": 1, "valign": "top"}


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
    # a file that is no model registration at all (analyzer/detect/doctype.py), to filter on beside the failures
    Column("Trạng thái", 13, lambda r, row: ("Không phải bản đăng ký" if r.not_registration else "Đã phân tích") if r.ok
           else "Không phải hồ sơ" if not_a_submission(r.error) else "Lỗi đọc tệp", wrap=True),
    Column("Điểm", 8, lambda r, row: row["score"], number_format="0.0"),
    Column("Xếp loại", 8, lambda r, row: row["grade"]),
    Column("Mức xếp loại", 11, lambda r, row: row["grade_name"]),
    *(Column(LABEL_NAMES_VI[p], 10, _flag(p)) for p in PILLARS),
    *(Column(f"{LABEL_NAMES_VI[p]} có hành động đo đếm được", 14, _flag(f"{p}_concrete"), wrap=True) for p in PILLARS),
    *(Column(LABEL_NAMES_VI[q], 12, _flag(q), wrap=True) for q in REQUIREMENTS),
    Column("Số câu", 7, lambda r, row: row["n_sentences"] if r.ok else ""),
    Column("Số hành động", 10, lambda r, row: row["n_actions"] if r.ok else ""),
    Column("Số câu chung chung", 11, lambda r, row: row["n_slogans"] if r.ok else ""),
    Column("Tỷ lệ chung chung", 11, lambda r, row: ("—" if row["slogan_index"] is None else row["slogan_index"])
           if r.ok else "", number_format="0%"),
    Column("Tên cá nhân điển hình", 22, _joined("exemplar_names"), wrap=True),
    Column("Tên mô hình", 36, lambda r, row: row["model_name"], wrap=True),
    Column("Cơ quan, đơn vị", 36, lambda r, row: row["issuing_body"], wrap=True),
    Column("Lý do", 60, lambda r, row: "; ".join(row["reasons"]) if r.ok else said_vi(row["error"]), wrap=True),
    Column("Cảnh báo khi đọc tệp", 40, lambda r, row: row["warnings_vi"], wrap=True),
)
SENTENCE_COLUMNS = (
    Column("Tệp", 30, lambda r, s: s["doc_id"], wrap=True),
    Column("Câu số", 7, lambda r, s: s["sent_id"] + 1),  # as an appraiser counts, from 1
    Column("Mục", 28, lambda r, s: s["section"], wrap=True),
    Column("Nội dung câu", 70, lambda r, s: s["text"], wrap=True),
    Column("Nhãn", 26, lambda r, s: s["labels"], wrap=True),
    Column("Lý do", 55, lambda r, s: s["reasons"], wrap=True),
)
ERROR_COLUMNS = (
    Column("Thứ tự ưu tiên", 9, lambda r, row: row["priority"]),
    Column("Tệp", 40, lambda r, row: row["doc_id"], wrap=True),
    Column("Lỗi", 45, lambda r, row: row["error"]["vi"] if row["error"] else "", wrap=True),
    Column("Cách xử lý", 60, lambda r, row: row["error"]["advice"] if row["error"] else "", wrap=True),
    Column("Mã lỗi", 8, lambda r, row: row["error"]["code"] if row["error"] else ""),
)
LINK_HEADER = "Trang báo cáo"
RANK, SENTENCES, ERRORS = "Xếp hạng", "Câu cần xem", "Lỗi"
MAX_ROWS = 1_048_576  # rows of an Excel sheet
MAX_LINKS = 65_530  # hyperlinks of an Excel sheet; after them a page's path is written as text
# ZIP64 is turned on only when the sheets' XML could pass 4 GB: an upper bound of its size, a text
# character written as 5 bytes at most ("&amp;") and a cell's markup as 100
ZIP64_AFTER = 4_000_000_000
CELL_MARKUP = 100
TRUNCATED_NOTE = ("Bảng tính dừng ở đây vì Excel chỉ hiển thị tối đa 1.048.576 dòng; toàn bộ kết quả "
                  "có trong documents.csv, sentences.csv và báo cáo HTML.")


def safe_text(value: str) -> tuple[str, bool]:
    """The text an XLSX cell can hold, and whether it needs the quote prefix (``=1+1`` → True). A text
    longer than a cell holds is cut and says so, with the full text's place (the CSV tables)."""
    text = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
    if len(text) > MAX_CELL:
        text = text[:MAX_CELL - len(CUT_NOTE)] + CUT_NOTE
    return text, text.startswith(RISKY_FIRST)


class _Sheet:
    """A sheet written row by row, with a frozen, filtered header row; one cell format per column
    and kind of value (plain, quote-prefixed text, number), made once."""

    def __init__(self, book: xlsxwriter.Workbook, title: str, columns: tuple[Column, ...], link: bool = False) -> None:
        self.book = book
        self.sheet = book.add_worksheet(title)
        self.columns = columns
        self.link = book.add_format(LINK_FORMAT) if link else None
        self.n_rows = 1
        self.dropped = 0
        self.n_links = 0
        self.xml_bound = 0  # bytes the sheet's XML can take at most
        self.formats = []
        for column in columns:
            base = {"valign": "top", **({"text_wrap": True} if column.wrap else {})}
            plain = book.add_format(base)
            number = book.add_format({**base, "num_format": column.number_format}) if column.number_format else plain
            self.formats.append((plain, book.add_format({**base, "quote_prefix": True}), number))

    def start(self, notes: dict[int, tuple[str, str]] | None = None) -> None:
        """Write the header row; ``notes``: column → (words added to its header, a comment on it)."""
        notes = notes or {}
        headers = [f"{c.header} ({notes[i][0]})" if i in notes else c.header for i, c in enumerate(self.columns)]
        headers += [LINK_HEADER] if self.link else []
        widths = [c.width for c in self.columns] + ([16] if self.link else [])
        for i, width in enumerate(widths):
            self.sheet.set_column(i, i, width)
        self.sheet.freeze_panes(1, 0)
        header = self.book.add_format(HEADER_FORMAT)
        for i, text in enumerate(headers):
            self.sheet.write_string(0, i, text, header)
        for i, (_, comment) in notes.items():
            self.sheet.write_comment(0, i, comment, {"x_scale": 2.5, "y_scale": 1.5})

    def _write(self, row: int, col: int, value: object) -> None:
        plain, quoted, number = self.formats[col]
        self.xml_bound += CELL_MARKUP
        if isinstance(value, str):
            text, risky = safe_text(value)
            self.xml_bound += 5 * len(text)
            if text:  # never a formula, never a number or a link read from the text
                self.sheet.write_string(row, col, text, quoted if risky else plain)
            else:
                self.sheet.write_blank(row, col, None, plain)
        elif isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
            self.sheet.write_number(row, col, value, number)
        else:
            self.sheet.write_blank(row, col, None, plain)

    def append(self, values: list, href: str = "") -> None:
        if self.n_rows >= MAX_ROWS - 1:  # Excel opens at most MAX_ROWS rows: end with a note
            if self.n_rows == MAX_ROWS - 1:
                self._write(self.n_rows, 0, TRUNCATED_NOTE)
                self.n_rows += 1
            self.dropped += 1
            return
        row = self.n_rows
        for col, value in enumerate(values):
            self._write(row, col, value)
        if self.link is not None and href:
            col = len(self.columns)
            self.xml_bound += CELL_MARKUP + 5 * len(href)
            if self.n_links < MAX_LINKS:  # a relative link to the page, beside the workbook
                self.sheet.write_url(row, col, f"external:{href}", self.link, "Xem báo cáo")
                self.n_links += 1
            else:
                self.sheet.write_string(row, col, href, self.formats[0][0])
        self.n_rows += 1

    def finish(self) -> None:
        width = len(self.columns) + (1 if self.link else 0)
        self.sheet.autofilter(0, 0, self.n_rows - 1, width - 1)


def _values(columns: tuple[Column, ...], result: DocumentResult, data: dict) -> list:
    return [c.value(result, data) for c in columns]


def workbook_rows(result: DocumentResult, row: dict) -> dict[str, list]:
    """Plain values of one document's rows in the three sheets (picklable: a worker computes them)."""
    return {RANK: [_values(RANK_COLUMNS, result, row)],
            SENTENCES: [_values(SENTENCE_COLUMNS, result, s) for s in flagged_sentences(result)],
            # the files an operating system or an editor left are no failures: the ranking lists them, last
            ERRORS: [] if result.ok or not_a_submission(result.error) else [_values(ERROR_COLUMNS, result, row)]}


@contextmanager
def results_workbook(path: Path, order: str | None = None) -> Iterator[Callable[[dict[str, list], str], None]]:
    """Yield ``add(workbook_rows(result, index_row), href)``: call it in priority order; the
    file is written atomically at the end. ``order``, the review order of the batch (``--priority``),
    is said in the ranking's priority header, and in a sentence in that header's comment."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    # the rows wait in XlsxWriter's files in a folder of their own, removed whatever happens
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=f".{path.name}.rows-", ignore_cleanup_errors=True) as rows_dir:
        # strings are written with write_string: never read as formulas, numbers or links
        book = xlsxwriter.Workbook(str(tmp), {"constant_memory": True, "tmpdir": rows_dir, "strings_to_numbers": False,
                                              "strings_to_formulas": False, "strings_to_urls": False})
        sheets = {name: _Sheet(book, name, columns, link=name == RANK) for name, columns in
                  ((RANK, RANK_COLUMNS), (SENTENCES, SENTENCE_COLUMNS), (ERRORS, ERROR_COLUMNS))}
        for name, sheet in sheets.items():
            sheet.start({0: (PRIORITY_ORDERS_VI[order][0], priority_order_vi(order))}
                        if name == RANK and order in PRIORITY_ORDERS_VI else None)

        def add(rows: dict[str, list], href: str) -> None:
            for name, values in rows.items():
                for v in values:
                    sheets[name].append(v, f"report/{href}" if href and name == RANK else "")

        try:
            yield add
            for sheet in sheets.values():
                sheet.finish()
            if sum(sheet.xml_bound for sheet in sheets.values()) > ZIP64_AFTER:
                book.use_zip64()
            book.close()
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
