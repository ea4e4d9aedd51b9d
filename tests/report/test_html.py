"""HTML reports: escaping of untrusted text, the index in priority order, one page per document."""

from __future__ import annotations

import csv
import re
import shutil
from html.parser import HTMLParser

import pytest

import analyzer
from analyzer.report import document_html, page_name
from analyzer.serialize import read_analysis


class Tags(HTMLParser):
    """Start tags, ids and the text of the elements with an id."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def names(self) -> set[str]:
        return {tag for tag, _ in self.tags}

    def ids(self) -> set[str]:
        return {attrs["id"] for _, attrs in self.tags if "id" in attrs}


def parse(html: str) -> Tags:
    parser = Tags()
    parser.feed(html)
    return parser


def _priorities(out) -> list[str]:
    with open(out / "documents.csv", encoding="utf-8-sig") as handle:
        return [row["doc_id"] for row in sorted(csv.DictReader(handle), key=lambda r: int(r["priority"]))]


@pytest.mark.parametrize("standalone", [True, False])
def test_submission_markup_is_shown_as_text(standalone, hostile):
    name, text = hostile
    result = analyzer.analyze_text(text, doc_id=name)
    html = document_html(result, priority=1, standalone=standalone)
    tags = parse(html)
    assert "script" not in tags.names() and "img" not in tags.names() and "b" not in tags.names()
    assert "i" not in tags.names()
    assert "<script>" not in html and "<b>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;.txt" in html
    assert not any(k.startswith("on") for _, attrs in tags.tags for k in attrs)


def test_fragment_is_scoped_and_standalone_is_a_page():
    result = analyzer.analyze_text("Chi bộ tổ chức cho 100% đảng viên học tập chuyên đề trước 30/6/2024.")
    fragment = document_html(result, standalone=False)
    page = document_html(result)
    assert fragment.startswith('<div class="mh-doc"') and "<html" not in fragment
    style = fragment.split("<style>")[1].split("</style>")[0]
    selectors = [rule.split("{")[0] for rule in style.replace("}", "}\n").splitlines() if "{" in rule]
    assert all(".mh-doc" in sel or sel.strip().startswith("@") for sel in selectors), selectors
    assert page.startswith("<!DOCTYPE html>") and 'lang="vi"' in page and "Content-Security-Policy" in page
    assert fragment in page and 'id="s0"' in page


def test_index_lists_every_submission_in_priority_order(rendered_samples):
    html = (rendered_samples / "report" / "index.html").read_text(encoding="utf-8")
    rows = [attrs for tag, attrs in parse(html).tags if tag == "tr" and "data-doc" in attrs]
    assert [r["data-doc"] for r in rows] == _priorities(rendered_samples)
    for label in ("Xuất sắc", "Không đạt", "Thiếu Nêu gương", "Thiếu lộ trình", "Tỷ lệ chung chung", "Lý do chính"):
        assert label in html
    links = [attrs["href"] for tag, attrs in parse(html).tags if tag == "a" and attrs.get("href", "").startswith("docs/")]
    assert links == [f"docs/{page_name(d)}" for d in _priorities(rendered_samples)]
    assert "http://" not in html and "https://" not in html and "<script src" not in html


def test_every_document_page_highlights_its_sentences(rendered_samples):
    pages = sorted(p.name for p in (rendered_samples / "report" / "docs").iterdir())
    results = list(read_analysis(rendered_samples / "analysis.jsonl"))
    assert pages == sorted(page_name(r.doc_id) for r in results)
    for result in results:
        html = (rendered_samples / "report" / "docs" / page_name(result.doc_id)).read_text(encoding="utf-8")
        tags = parse(html)
        assert {f"s{s.sent_id}" for s in result.sentences} <= tags.ids()
        for _, attrs in tags.tags:
            if attrs.get("href", "").startswith("#"):
                assert attrs["href"][1:] in tags.ids()
        for label in {label for s in result.sentences for label in s.labels}:
            assert f"lbl-{label}" in html
        assert "Cách tính điểm" in html and "Yêu cầu của mô hình" in html and "@media print" in html
        assert 'href="../index.html"' in html


def test_failed_files_have_their_own_section(hostile_batch):
    html = (hostile_batch / "report" / "index.html").read_text(encoding="utf-8")
    section = html.split('id="tep-loi"')[1].split("</section>")[0]
    assert "hỏng.docx" in section and "mã E104" in section and "Tệp bị hỏng" in section
    # what to do, in Vietnamese; not the English message with the server's path and the library's words
    assert "Lưu lại tệp từ phần mềm soạn thảo" in section
    assert str(hostile_batch.parent) not in html and "could not be read" not in html and "Error" not in section
    assert not (hostile_batch / "report" / "docs" / page_name("hỏng.docx")).exists()
    tags = parse(html)
    assert [a.get("src") for t, a in tags.tags if t == "script"] == [None]  # only our own inline script
    assert "img" not in tags.names()


@pytest.mark.parametrize("order, said", [
    ("weakest", "Sắp theo: hồ sơ yếu nhất trước (xếp loại thấp trước, cùng xếp loại thì điểm thấp trước)."),
    ("doubtful", "Sắp theo: hồ sơ có điểm gần ranh giới giữa hai mức xếp loại nhất trước"),
    (None, None)])
def test_the_index_says_how_the_priority_is_ordered(order, said):
    from analyzer.report.html import render_index
    from analyzer.report.views import index_row

    rows = [index_row(analyzer.analyze_text("Chi bộ tổ chức 4 buổi học tập chuyên đề trong năm 2024.", doc_id="a.txt"), 1)]
    html = render_index(rows, [], order=order)
    if said:
        assert said in html.split('id="thu-tu">')[1].split("</strong>")[0]
    else:
        assert 'id="thu-tu"' not in html and "Sắp theo" not in html


def test_a_long_model_name_is_clipped_in_the_index_and_whole_on_its_page():
    from analyzer.report.html import render_index
    from analyzer.report.views import index_row

    name = "Thôn sạch đường sáng " * 150
    result = analyzer.analyze_text(f'Tên mô hình: "{name}"\nChi bộ tổ chức 4 buổi học tập chuyên đề năm 2024.',
                                   doc_id="dai.txt")
    model_name = dict(result.meta).get("model_name", "")
    assert len(model_name) > 1000
    html = render_index([index_row(result, 1)], [])
    cell = html.split('<td class="doc"')[1].split("</td>")[0]
    shown = re.findall(r"<small[^>]*>([^<]*)</small>", cell)
    assert max(len(text) for text in shown) <= 160 and any(text.endswith("…") for text in shown)
    assert f'title="{model_name}"' in cell  # the whole of it on hover
    assert model_name in document_html(result)


def test_rendering_again_is_stable_and_drops_stale_pages(hostile_batch):
    """The page of a file no longer in the batch goes; an appraiser's own file in docs/ stays."""
    from analyzer.report import render_reports

    docs = hostile_batch / "report" / "docs"
    before = {p.name: p.read_bytes() for p in docs.iterdir()}
    (docs / page_name("đã xoá khỏi đợt.docx")).write_text("cũ", encoding="utf-8")
    own = {"ghi_chu_cua_toi.html": "ghi chú của tôi".encode(), "ghi-chu-12345678.html": b"x"}
    for name, data in own.items():
        (docs / name).write_bytes(data)
    try:
        render_reports(hostile_batch)
        assert {p.name: p.read_bytes() for p in docs.iterdir()} == {**before, **own}
    finally:  # the batch is shared with other tests
        for name in own:
            (docs / name).unlink()


def test_without_documents_csv_the_batch_is_ranked_again(rendered_samples, tmp_path):
    from analyzer.report import render_reports

    out = tmp_path / "out"
    out.mkdir()
    (out / "analysis.jsonl").write_bytes((rendered_samples / "analysis.jsonl").read_bytes())
    paths = render_reports(out)
    html = paths.index.read_text(encoding="utf-8")
    rows = [attrs for tag, attrs in parse(html).tags if tag == "tr" and "data-doc" in attrs]
    assert [r["data-doc"] for r in rows] == _priorities(rendered_samples)  # weakest first, as the batch ranks
    assert paths.n_documents == 8 and paths.n_errors == 0 and paths.xlsx.is_file()


def test_two_worker_processes_render_the_same_report_as_one(rendered_samples, hostile_batch, tmp_path):
    from openpyxl import load_workbook

    from analyzer.report import render_reports

    for source in (rendered_samples, hostile_batch):
        outs = []
        for jobs in (1, 2):
            out = tmp_path / f"{source.name}-{jobs}"
            shutil.copytree(source, out)
            shutil.rmtree(out / "report")
            (out / "results.xlsx").unlink()
            render_reports(out, jobs=jobs)
            outs.append(out)
        one, two = outs
        pages = sorted(p.name for p in (one / "report" / "docs").iterdir())
        assert pages and pages == sorted(p.name for p in (two / "report" / "docs").iterdir())
        for name in pages:
            assert (one / "report" / "docs" / name).read_bytes() == (two / "report" / "docs" / name).read_bytes()
        assert (one / "report" / "index.html").read_bytes() == (two / "report" / "index.html").read_bytes()
        books = [load_workbook(o / "results.xlsx") for o in outs]
        for sheet in books[0].sheetnames:
            assert [[c.value for c in r] for r in books[0][sheet].iter_rows()] == \
                   [[c.value for c in r] for r in books[1][sheet].iter_rows()]
        assert not any(p.name.startswith(".index-") for p in (two / "report").iterdir())  # temporary rows removed
