"""Render a few corpus documents as the files officials really send: corpora/samples/.

Run once by a developer (the samples are committed): ``python corpora/make_samples.py``.
Needs python-docx, fpdf2, odfpy and, for the .doc sample, LibreOffice (``soffice``).
"""

from __future__ import annotations

import html
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from analyzer.corpus import load_document  # noqa: E402

OUT = HERE / "samples"
SAMPLES = [  # (corpus id, file name): all from the train split
    ("h2_01", "dang_uy_xa_tho_phuc_dang_ky_2024.docx"),
    ("h1_09", "chi_bo_truong_tieu_hoc_dang_ky.pdf"),
    ("h4_07", "ca_nhan_ngan_hang_dang_ky.doc"),
    ("h4_01", "chi_cuc_hai_quan_dang_ky.odt"),
    ("h2_09", "mat_tran_xa_ke_hoach.rtf"),
    ("h6_14", "chi_bo_thon_dang_ky.txt"),
    ("h5_07", "doan_thanh_nien_dang_ky.html"),
    ("h2_15", "chi_bo_ap_dang_ky_font_TCVN3.txt"),
]
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def _lines(doc_id: str) -> list[str]:
    return load_document(HERE / "docs" / f"{doc_id}.txt").text.split("\n")


def _docx(lines: list[str], path: Path, separate: bool = False) -> None:
    """A Word file whose headings, list items and STT cells Word numbers itself (automatic
    numbering, as most submissions are typed); ``separate`` as analyzer.learn.wordfile.WordLists."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    from analyzer.learn.wordfile import WordLists, split_marker

    document = Document()
    lists = WordLists(document.part.numbering_part.element, separate=separate)
    table = None
    for i, line in enumerate(lines):
        if " | " in line:
            cells = line.split(" | ")
            if table is None or len(table.columns) != len(cells):
                table = document.add_table(rows=0, cols=len(cells))
                table.style = "Table Grid"
            for j, (cell, value) in enumerate(zip(table.add_row().cells, cells)):
                if j == 0 and value.isdigit() and len(value) <= 3:
                    lists.number(cell.paragraphs[0], ("decimal", "%1"), int(value))
                else:
                    cell.text = value
            continue
        table = None
        paragraph = document.add_paragraph()
        marker = split_marker(line)
        if marker is not None:
            kind, value, line = marker
            lists.number(paragraph, kind, value)
        run = paragraph.add_run(line)
        if i < 8 and (line.isupper() or line.startswith(("Số", "BẢN", "KẾ", "BÁO"))):
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run.bold = line.isupper()
        elif line[:3].strip().rstrip(".").isupper() and len(line) < 90:
            run.bold = True
    document.save(path)


def _pdf(lines: list[str], path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.add_font("DejaVu", "", str(FONT))
    pdf.set_font("DejaVu", size=12)
    for line in lines:
        pdf.multi_cell(0, 7, line or " ", new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))


def _odt(lines: list[str], path: Path) -> None:
    from odf.opendocument import OpenDocumentText
    from odf.table import Table, TableCell, TableColumn, TableRow
    from odf.text import P

    document = OpenDocumentText()
    table = None
    for line in lines:
        if " | " in line:
            cells = line.split(" | ")
            if table is None:
                table = Table(name=f"Bang{len(document.text.childNodes)}")
                table.addElement(TableColumn(numbercolumnsrepeated=len(cells)))
                document.text.addElement(table)
            row = TableRow()
            for value in cells:
                cell = TableCell()
                cell.addElement(P(text=value))
                row.addElement(cell)
            table.addElement(row)
            continue
        table = None
        document.text.addElement(P(text=line))
    document.save(str(path))


def _rtf(lines: list[str], path: Path) -> None:
    def esc(text: str) -> str:
        out = []
        for ch in text:
            if ch in "\\{}":
                out.append("\\" + ch)
            elif ord(ch) < 128:
                out.append(ch)
            else:
                code = ord(ch)
                out.append(f"\\u{code if code < 32768 else code - 65536}?")
        return "".join(out)

    body = "\n".join(f"\\pard {esc(line)}\\par" for line in lines)
    path.write_text("{\\rtf1\\ansi\\ansicpg1258\\deff0{\\fonttbl{\\f0 Times New Roman;}}\\f0\\fs26\n" + body + "\n}\n",
                    encoding="ascii")


def _html(lines: list[str], path: Path) -> None:
    parts, rows = [], []
    for line in lines + [""]:
        if " | " in line:
            rows.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in line.split(" | ")) + "</tr>")
            continue
        if rows:
            parts.append("<table border='1'>" + "".join(rows) + "</table>")
            rows = []
        if line:
            parts.append(f"<p>{html.escape(line)}</p>")
    path.write_text("<!DOCTYPE html><html lang='vi'><head><meta charset='utf-8'><title>Đăng ký mô hình</title>"
                    "<style>body{font-family:serif}</style></head><body>\n" + "\n".join(parts) + "\n</body></html>\n",
                    encoding="utf-8")


def _tcvn3(lines: list[str], path: Path) -> None:
    """Encode as a .VnTime (TCVN3) typist would have: accented capitals fall back to lower case."""
    import unicodedata

    from viparse.normalize import tcvn3

    table = {uni: src.encode("latin-1") for src, uni in tcvn3._ENTRIES if len(src) == 1}
    out = bytearray()
    for ch in "\r\n".join(lines) + "\r\n":
        if ord(ch) < 128:
            out += ch.encode()
        elif ch in table:
            out += table[ch]
        elif ch.lower() in table:
            out += table[ch.lower()]
        else:
            out += unicodedata.normalize("NFD", ch)[0].encode("ascii", "replace")
    path.write_bytes(bytes(out))


def _doc(lines: list[str], path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise SystemExit("the .doc sample needs LibreOffice (apt-get install libreoffice-writer-nogui)")
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / (path.stem + ".docx")
        # LibreOffice's .doc splits a list restarted by an override in two: a list of its own per restart
        _docx(lines, source, separate=True)
        subprocess.run([soffice, "--headless", "--convert-to", "doc", "--outdir", tmp, str(source)],
                       check=True, capture_output=True, timeout=180)
        shutil.copy(Path(tmp) / (path.stem + ".doc"), path)


def main() -> None:
    """Write every sample into corpora/samples/."""
    OUT.mkdir(exist_ok=True)
    writers = {".docx": _docx, ".pdf": _pdf, ".odt": _odt, ".rtf": _rtf, ".html": _html, ".doc": _doc}
    for doc_id, name in SAMPLES:
        path = OUT / name
        lines = _lines(doc_id)
        if "TCVN3" in name:
            _tcvn3(lines, path)
        elif path.suffix == ".txt":
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        else:
            writers[path.suffix](lines, path)
        print(f"{doc_id} → {path.relative_to(HERE.parent)}")


if __name__ == "__main__":
    main()
