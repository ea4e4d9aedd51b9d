"""Report dicts: text rows rebuild the document, safe page names, checklist evidence, Vietnamese numbers."""

from __future__ import annotations

import re

import pytest

import analyzer
from analyzer.detect.actions import SLOTS_VI
from analyzer.report.views import (PAGE_NAME, checklist, date_vi, document_view, grade_label, index_row, number_vi,
                                   page_name, text_blocks)
from analyzer.results import DocumentResult, Finding, Sentence
from analyzer.serialize import read_analysis

TEXT = """CHI BỘ THÔN NGỌC QUAN
I. HỌC TẬP BÁC
Chi bộ tổ chức cho 100% đảng viên học tập chuyên đề năm 2024 trước ngày 30/6/2024.

II. LÀM THEO BÁC
Luôn nêu cao tinh thần trách nhiệm, phát huy truyền thống cách mạng.
Đồng chí Nguyễn Văn Quyết, Bí thư chi bộ, phụ trách vận động 45 hộ làm 2 km đường hoa trong quý III/2024.
"""


@pytest.fixture(scope="module")
def result():
    return analyzer.analyze_text(TEXT, doc_id="thon.txt")


def test_rows_rebuild_the_document_text(result):
    blocks = text_blocks(result)
    assert "\n".join(b["text"] for b in blocks) == result.text
    for b in blocks:
        pieces = "".join(p.get("text") or "".join(part["text"] for part in p["sentence"]["parts"]) for p in b["pieces"])
        assert pieces == b["text"]


def test_every_sentence_is_wrapped_once_with_its_labels(result):
    wrapped = {p["sentence"]["id"]: p["sentence"] for b in text_blocks(result) for p in b["pieces"] if "sentence" in p}
    assert set(wrapped) == {f"s{s.sent_id}" for s in result.sentences}
    for s in result.sentences:
        view = wrapped[f"s{s.sent_id}"]
        assert "".join(part["text"] for part in view["parts"]) == s.text
        assert set(view["classes"].split()) == {f"lbl-{label}" for label in s.labels}


def test_action_slots_are_inner_spans_named_in_vietnamese(result):
    action = next(s for s in result.sentences if s.has("action"))
    view = next(p["sentence"] for b in text_blocks(result) for p in b["pieces"]
                if "sentence" in p and p["sentence"]["id"] == f"s{action.sent_id}")
    slots = [part for part in view["parts"] if part.get("kind", "").startswith("slot")]
    assert slots and all(part["title"] in set(SLOTS_VI.values()) for part in slots)
    assert "Thời hạn, thời điểm" in {part["title"] for part in slots}


def test_flagged_sentences_carry_notes_with_reasons(result):
    notes = {n["sent_id"]: n for b in text_blocks(result) for n in b["notes"]}
    for s in result.sentences:
        assert (s.sent_id in notes) == bool(s.labels)
        if s.has("slogan"):
            assert notes[s.sent_id]["kind"] == "slogan" and notes[s.sent_id]["reasons"]


def test_checklist_links_the_first_evidence_sentence(result):
    items = {c["flag"]: c for c in checklist(result)}
    assert len(items) == 10
    for flag, item in items.items():
        assert item["ok"] == bool(result.flag(flag))
        if item["ok"]:
            sent_id = int(item["href"][2:])
            sentence = next(s for s in result.sentences if s.sent_id == sent_id)
            assert sentence.text == item["evidence"]
        else:
            assert item["href"] == "" and item["mark"] == "✗"


@pytest.mark.parametrize("doc_id", ["a.txt", "xã A/Bản đăng ký (1).docx", "<img src=x>.txt", "../../etc/passwd",
                                    "Đảng ủy " * 40 + ".pdf", "...", "đăng ký.TXT"])
def test_page_names_are_safe_stable_and_unique(doc_id):
    name = page_name(doc_id)
    assert PAGE_NAME.fullmatch(name) and re.fullmatch(r"[a-z0-9-]{1,60}-[0-9a-f]{16}\.html", name), name
    assert page_name(doc_id) == name
    assert page_name(doc_id + " ") != name


@pytest.mark.parametrize("value, text", [(13.333, "13,3"), (10.0, "10"), (80.33, "80,3"), (0, "0"), (None, "")])
def test_numbers_are_written_the_vietnamese_way(value, text):
    assert number_vi(value) == text


@pytest.mark.parametrize("grade, label", [(5, "5 – Xuất sắc"), (4, "4 – Tốt"), (3, "3 – Đạt"), (2, "2 – Yếu"),
                                          (1, "1 – Không đạt"), (None, "")])
def test_grade_bands_have_vietnamese_names(grade, label):
    assert grade_label(grade) == label


def test_dates_and_failed_documents(scored_samples):
    assert date_vi("2024-03-18") == "18/03/2024" and date_vi("tháng 3/2024") == "tháng 3/2024"
    failed = analyzer.analyze_text("   ", doc_id="trống.txt")
    view, row = document_view(failed, 1), index_row(failed, 1)
    assert not view["ok"] and view["blocks"] == [] and view["error"]["vi"] == "Tệp rỗng"
    assert row["error"]["detail"].startswith("E101")
    first = next(read_analysis(scored_samples / "analysis.jsonl"))
    assert index_row(first, 3, "docs/x.html")["flags"][0]["key"] == "hoc_tap"


def test_a_product_sharing_its_count_keeps_the_rest_of_its_words():
    text = "Chi đoàn biên soạn 6 bản tin tiếng Mông trong quý III/2024."
    sentence = Sentence(0, 0, len(text), text, "", "body", frozenset({"action"}))
    findings = [Finding("slot:quantity", 19, 24, 1.0, "rule:slot.quantity", "Số lượng, tỷ lệ", "6 bản", 0),
                Finding("slot:deliverable", 21, 39, 1.0, "rule:slot.deliverable", "Sản phẩm cụ thể", "bản tin tiếng Mông", 0)]
    blocks = text_blocks(DocumentResult("a.txt", text=text, sentences=(sentence,), findings=tuple(findings)))
    parts = blocks[0]["pieces"][0]["sentence"]["parts"]
    assert "".join(p["text"] for p in parts) == text
    assert [(p["text"], p["title"]) for p in parts if "kind" in p] == [("6 bản", "Số lượng, tỷ lệ"),
                                                                      ("tin tiếng Mông", "Sản phẩm cụ thể")]


def test_every_ingestion_code_has_a_vietnamese_gloss():
    """The appraiser reads the gloss, not the English message: a new W1xx/E1xx code needs one."""
    from analyzer.errors import E
    from analyzer.ingest.messages import W
    from analyzer.report.views import ADVICE_VI, CODES_VI

    templates = [value for cls in (E, W) for name, value in vars(cls).items() if name.isupper() and isinstance(value, str)]
    codes = {template.partition(":")[0] for template in templates if template[:2] in ("E1", "W1")}
    assert codes and not codes - set(CODES_VI), sorted(codes - set(CODES_VI))
    assert all(CODES_VI[code] and CODES_VI[code][0].isupper() for code in codes)
    # a file that could not be read: the appraiser is also told what to do
    errors = {code for code in codes if code.startswith("E")}
    assert not errors - set(ADVICE_VI), sorted(errors - set(ADVICE_VI))
    assert all(ADVICE_VI[code][0].isupper() and not ADVICE_VI[code].endswith(".") for code in errors)


@pytest.mark.parametrize("message, said", [
    ("E104: /srv/ho_so/xã A/hỏng.pdf could not be read as pdf: PdfStreamError: Stream has ended unexpectedly. "
     "Re-save the file from its editor.",
     "Tệp bị hỏng, không đọc được. Lưu lại tệp từ phần mềm soạn thảo (Word, LibreOffice…) rồi gửi lại (mã E104)"),
    ("E112: /srv/ho_so/xa_A.zip is a compressed archive (.zip); mohinh reads documents, not archives. Unpack it "
     "into the folder and score the folder again.",
     "Tệp nén (.zip, .rar…), không phải văn bản. Giải nén vào thư mục hồ sơ rồi chấm lại (mã E112)"),
    ("E111: /srv/ho_so/Thumbs.db is a Windows thumbnail cache, not a submission; it was not read. It can be "
     "deleted from the folder.",
     "Không phải hồ sơ (tệp hệ thống, tệp tạm của phần mềm, hoặc tệp đi kèm một trang web đã lưu). Không cần "
     "thẩm định; có thể xoá khỏi thư mục hồ sơ (mã E111)"),
    ("E999: something new", "Lỗi không mong đợi khi phân tích. Báo cho người quản trị công cụ (chi tiết lỗi trong "
                            "cột error của documents.csv)"),
])
def test_an_error_reads_in_vietnamese_without_the_servers_path(message, said):
    from analyzer.report.views import error_gloss, said_vi

    glossed = error_gloss(message)
    assert said_vi(glossed) == said and glossed["detail"] == message  # the English stays for the CSV tables
    failed = DocumentResult("hỏng.pdf", status="error", error=message)
    html = analyzer.report.document_html(failed)
    assert said.partition(" (mã")[0] in html and "/srv/" not in html and "PdfStreamError" not in html
    assert "could not" not in html and "archive" not in html


def test_a_near_duplicate_of_many_counts_the_others_in_vietnamese():
    from analyzer.report.views import gloss

    names = ", ".join(f"ban_sao_{k:02}.txt" for k in range(1, 11))
    assert gloss(f"W201: near-duplicate of {names} and 2 more")["vi"] == \
        f"Gần trùng nội dung với hồ sơ khác trong cùng đợt: {names} và 2 hồ sơ khác"
    assert gloss("W201: near-duplicate of b.txt")["vi"] == "Gần trùng nội dung với hồ sơ khác trong cùng đợt: b.txt"


def test_a_document_without_actions_or_slogans_has_no_slogan_ratio():
    """0 slogans ÷ 0 sentences is no ratio: "—", not "0%" (wholly concrete)."""
    empty = DocumentResult("x.txt", text="Chi bộ thôn A.", score=0.0, grade=1,
                           sentences=(Sentence(0, 0, 14, "Chi bộ thôn A.", "", "body"),))
    assert empty.slogan_index is None
    assert index_row(empty, 1)["slogan_pct"] == "—" and document_view(empty)["counts"]["slogan_pct"] == "—"
    html = analyzer.report.document_html(empty)
    assert "Tỷ lệ chung chung —: câu chung chung ÷ (chung chung + hành động)" in html


def test_a_scanned_submission_is_marked_in_the_index_and_the_workbook(tmp_path):
    """Its text was recognised by OCR: the appraiser sees it in the ranking, can search for it, and
    reads the warning in the workbook."""
    import dataclasses

    from openpyxl import load_workbook

    from analyzer.report.html import render_index
    from analyzer.report.views import SCANNED_VI
    from analyzer.report.xlsx import results_workbook, workbook_rows

    typed = analyzer.analyze_text("Chi bộ tổ chức cho 100% đảng viên học tập chuyên đề trước 30/6/2024.", doc_id="a.docx")
    scanned = dataclasses.replace(typed, doc_id="quét.pdf", warnings=(
        "W113: 1 of 1 pages are scans, read by OCR: check names and figures against the original",))
    rows = [index_row(typed, 1, "docs/a.html"), index_row(scanned, 2, "docs/q.html")]
    assert [row["scanned"] for row in rows] == [False, True] and "OCR" in rows[1]["search"].split()
    html = render_index(rows, [])
    mark = f'<small class="scan">{SCANNED_VI}</small>'
    assert html.count(mark) == 1 and html.index('data-doc="quét.pdf"') < html.index(mark)
    path = tmp_path / "results.xlsx"
    with results_workbook(path) as add:
        for result, row in zip((typed, scanned), rows):
            add(workbook_rows(result, row), row["href"])
    sheet = load_workbook(path)["Xếp hạng"]
    header = [cell.value for cell in sheet[1]]
    notes = {row[1]: row[header.index("Cảnh báo khi đọc tệp")] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert notes["a.docx"] in ("", None) and notes["quét.pdf"].startswith("Trang bản quét được đọc bằng nhận dạng chữ")


def test_words_ocr_was_unsure_of_are_marked_in_the_text_across_slots_and_names():
    """W115 names them; the document page marks each where it stands, as a whole word, inside a name
    or a slot as well (which keep their own marks), and says so in the legend."""
    import dataclasses

    from analyzer.report.html import render_document
    from analyzer.report.views import UNSURE_VI

    text = "Đồng chí H'Nhi Byă vận động 12 hộ Byăn trong quý II/2024."
    sentence = Sentence(0, 0, len(text), text, "", "body", frozenset({"action", "exemplar"}))
    findings = (Finding("exemplar_name", 9, 18, 1.0, "rule:exemplar", "Cá nhân điển hình", "H'Nhi Byă", 0),
                Finding("slot:quantity", 28, 33, 1.0, "rule:slot.quantity", "Số lượng, tỷ lệ", "12 hộ", 0))
    typed = DocumentResult("quét.pdf", text=text, sentences=(sentence,), findings=findings)
    scanned = dataclasses.replace(typed, warnings=(
        "W113: 1 of 1 pages are scans, read by OCR: check names and figures against the original",
        "W115: OCR was unsure of 3 word(s); check them against the original: «Byă», «12», «II/2024»"))
    parts = text_blocks(scanned)[0]["pieces"][0]["sentence"]["parts"]
    assert "".join(p["text"] for p in parts) == text
    marked = [(p["text"], p.get("kind", "")) for p in parts if p.get("unsure")]
    assert marked == [("Byă", "name"), ("12", "slot slot-quantity"), ("II/2024", "")]  # not "Byăn": not a whole word
    assert all(p["title"].endswith(UNSURE_VI) for p in parts if p.get("unsure"))
    assert [p["text"] for p in parts if p.get("kind") == "name"] == ["H'Nhi ", "Byă"]  # the name keeps its mark
    assert not any(p.get("unsure") for p in text_blocks(typed)[0]["pieces"][0]["sentence"]["parts"])
    page = render_document(document_view(scanned))
    assert page.count('mh-unsure" title=') == 3 and "từ máy nhận dạng chữ (OCR) không chắc chắn" in page
    plain = render_document(document_view(typed))
    assert 'mh-unsure" title=' not in plain and "từ máy nhận dạng chữ (OCR) không chắc chắn" not in plain


@pytest.mark.parametrize(("date_line", "shown"), [
    ("Ngọc Quan, ngày 20 tháng 3 năm 2026", ("Ngày", "20/03/2026")),
    ("Ngọc Quan, ngày ... tháng ... năm 2026", ("Năm (văn bản để trống ngày, tháng)", "2026")),
])
def test_the_page_shows_the_date_line_or_only_its_year(date_line, shown):
    text = TEXT.replace("CHI BỘ THÔN NGỌC QUAN\n", f"CHI BỘ THÔN NGỌC QUAN\n{date_line}\n")
    meta = {row["label"]: row["value"] for row in document_view(analyzer.analyze_text(text))["meta"]}
    assert shown in meta.items() and meta["Địa danh"] == "Ngọc Quan"


def test_the_index_says_what_a_missing_flag_lacks_in_plain_vietnamese():
    """"Thiếu nội dung Nêu gương", "Không nêu cá nhân điển hình": not "Thiếu Gắn chỉ tiêu nghị quyết"."""
    from analyzer.api import analyze_text
    from analyzer.report.views import index_row

    result = analyze_text("I. HỌC TẬP BÁC\nChi bộ tổ chức 4 buổi sinh hoạt chuyên đề trong năm 2024.", doc_id="a")
    flags = {f["key"]: f for f in index_row(result, 1)["flags"]}
    assert not flags["neu_guong"]["ok"] and flags["neu_guong"]["missing"] == "Thiếu nội dung Nêu gương"
    assert not flags["exemplar"]["ok"] and flags["exemplar"]["missing"] == "Không nêu cá nhân điển hình"
    assert all(not f["missing"].startswith("Thiếu Gắn") for f in flags.values())


def test_two_names_whose_short_hashes_collided_get_pages_of_their_own():
    """These two names share the first 32 bits of SHA-1 (found by brute force): 64 bits tell them apart."""
    base = "Ban_dang_ky_mo_hinh_hoc_tap_va_lam_theo_Bac_cua_chi_bo_ap_3_{}.docx"
    assert page_name(base.format(44865)) != page_name(base.format(91767))
