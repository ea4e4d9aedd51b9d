"""Scanned PDF pages are read by OCR (Tesseract, Vietnamese) when it is installed, with a warning."""

from __future__ import annotations

import difflib
import io
import os
import textwrap

import pytest

from analyzer.errors import IngestError
from analyzer.ingest import ocr, read_document
from conftest import SENTENCE, joined_pdf, make_pdf, make_stamped_scan, without_unicode_map

needs_tesseract = pytest.mark.skipif(not ocr.available(), reason="tesseract with Vietnamese data is not installed "
                                     "(`make test` installs it where it can: root and apt)")
SERIF = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
PAGE_TEXT = [
    "ĐẢNG BỘ XÃ LÂM THAO",
    "CHI BỘ THÔN NGỌC QUAN",
    "BẢN ĐĂNG KÝ MÔ HÌNH HỌC TẬP VÀ LÀM THEO BÁC NĂM 2024",
    "Năm 2023, Đảng uỷ xã chỉ ra hạn chế của thôn: còn 4 điểm đổ rác tự phát dọc chân đê và 800 m đường "
    "trục thôn chưa có đèn chiếu sáng.",
    SENTENCE + ".",
    "Đồng chí Nguyễn Thị Hằng, Bí thư chi bộ, gương mẫu phân loại rác tại gia đình từ tháng 4/2024.",
]


def _scan(lines: list[str], *, dpi: int = 300, noise: int = 20_000):
    """A page as a scanner gives it: the text drawn at 12 pt, slightly rotated, with specks."""
    import random

    from PIL import Image, ImageDraw, ImageFont

    width, height = int(8.27 * dpi), int(11.69 * dpi)
    page = Image.new("L", (width, height), 255)
    draw, font = ImageDraw.Draw(page), ImageFont.truetype(SERIF, int(12 / 72 * dpi * 1.1))
    y = int(0.6 * dpi)
    for line in lines:
        for row in textwrap.wrap(line, 75) or [""]:
            draw.text((int(0.7 * dpi), y), row, font=font, fill=0)
            y += int(0.21 * dpi)
    page = page.rotate(0.6, fillcolor=255)
    rng, pixels = random.Random(0), page.load()
    for _ in range(noise):
        pixels[rng.randrange(width), rng.randrange(height)] = rng.choice((0, 255))
    return page


def _pdf_of(images, path, dpi: int = 300):
    images[0].save(path, save_all=True, append_images=images[1:], resolution=dpi)
    return path


def _similarity(expected: str, got: str) -> float:
    return difflib.SequenceMatcher(None, " ".join(expected.split()), " ".join(got.split())).ratio()


@needs_tesseract
def test_a_scanned_submission_is_read_with_a_warning(tmp_path):
    read = read_document(_pdf_of([_scan(PAGE_TEXT)], tmp_path / "bản quét.pdf"))
    assert read.fmt == "pdf"
    assert read.warnings[0].startswith("W113") and "1 of 1 pages" in read.warnings[0]
    assert all(w.startswith("W115") for w in read.warnings[1:])  # the words Tesseract was unsure of, if any
    assert _similarity("\n".join(PAGE_TEXT), read.text) > 0.97, read.text
    assert SENTENCE + "." in read.text.splitlines()  # hard-wrapped lines are joined again, as for a text layer


@needs_tesseract
def test_scanned_pages_beside_typed_ones(tmp_path, unicode_font):
    typed = make_pdf(tmp_path / "typed.pdf", unicode_font, ["Kính gửi: Đảng ủy xã Lâm Thao", SENTENCE + "."])
    scanned = _pdf_of([_scan(PAGE_TEXT[3:])], tmp_path / "scanned.pdf")
    read = read_document(joined_pdf(tmp_path / "hai trang.pdf", typed, scanned))
    assert read.text.startswith("Kính gửi: Đảng ủy xã Lâm Thao\n" + SENTENCE + ".")  # the text layer, untouched
    assert "1 of 2 pages" in read.warnings[0] and "800 m đường trục thôn" in read.text


@needs_tesseract
def test_a_blank_scan_is_still_an_error(tmp_path):
    from PIL import Image

    blank = _pdf_of([Image.new("L", (2480, 3508), 255)], tmp_path / "trắng.pdf")
    with pytest.raises(IngestError) as error:
        read_document(blank)
    assert error.value.code == "E107" and "no text was recognised" in str(error.value)


@needs_tesseract
def test_only_the_first_pages_of_a_long_scan_are_read(tmp_path, monkeypatch):
    monkeypatch.setattr(ocr, "MAX_PAGES", 1)
    read = read_document(_pdf_of([_scan(PAGE_TEXT[:3]), _scan(PAGE_TEXT[3:])], tmp_path / "dài.pdf"))
    assert [w[:4] for w in read.warnings] == ["W113", "W114", "W108"] and "1 of 2 pages" in read.warnings[0]
    assert "LÂM THAO" in read.text and "đèn chiếu sáng" not in read.text


def test_without_tesseract_a_scan_says_how_to_get_it_read(tmp_path, monkeypatch):
    monkeypatch.setattr(ocr, "tesseract", lambda: None)
    with pytest.raises(IngestError) as error:
        read_document(_pdf_of([_scan(PAGE_TEXT, noise=0)], tmp_path / "bản quét.pdf"))
    assert error.value.code == "E107" and "tesseract-ocr-vie" in str(error.value)


def test_a_huge_page_is_rendered_within_bounds():
    """A PDF may declare any page size: a 1000-inch page is rendered at most MAX_SIDE pixels wide."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("L", (1000, 1000), 255).save(buffer, format="PDF", resolution=1)  # 1000 × 1000 inches
    (png,) = list(ocr._rendered(buffer.getvalue(), [0]))
    assert max(Image.open(io.BytesIO(png)).size) <= ocr.MAX_SIDE


@needs_tesseract
def test_a_scanned_submission_is_analysed_and_flagged(tmp_path):
    from analyzer.api import analyze_file

    result = analyze_file(_pdf_of([_scan(PAGE_TEXT)], tmp_path / "bản quét.pdf"))
    assert result.ok and any(w.startswith("W113") for w in result.warnings)
    labelled = {label for sentence in result.sentences for label in sentence.labels}
    assert {"shortcoming", "neu_guong"} <= labelled, [(s.text, s.labels) for s in result.sentences]


@pytest.mark.parametrize(("script", "says"), [
    ("kill -SEGV $$", "stopped with signal 11"),  # PDFium crashing on a hostile file
    ("sleep 30", "took over 2 s"),  # or hanging on it
    ("echo not json", "the renderer gave no answer"),
    ("exit 3", "stopped with status 3"),
])
def test_a_renderer_that_crashes_or_hangs_costs_one_row(tmp_path, monkeypatch, script, says):
    fake = tmp_path / "python"
    fake.write_text(f"#!/bin/sh\ncat > /dev/null\n{script}\n")
    fake.chmod(0o755)
    monkeypatch.setattr(ocr, "tesseract", lambda: "/usr/bin/tesseract")  # as if installed
    monkeypatch.setattr(ocr.sys, "executable", str(fake))
    monkeypatch.setattr(ocr, "PAGE_SECONDS", 1)
    with pytest.raises(IngestError) as error:
        read_document(_pdf_of([_scan(PAGE_TEXT[:2], noise=0)], tmp_path / "độc hại.pdf"))
    assert error.value.code == "E104" and says in str(error.value), str(error.value)


@needs_tesseract
@pytest.mark.parametrize(("name", "save"), [
    ("ảnh chụp.jpg", {"format": "JPEG", "quality": 80}),
    ("bản quét.png", {"format": "PNG"}),
    ("máy quét.tif", {"format": "TIFF", "compression": "group4"}),
    ("đổi đuôi.docx", {"format": "PNG"}),  # a picture renamed: its content decides
])
def test_a_picture_of_a_page_is_read_by_ocr(tmp_path, name, save):
    page = _scan(PAGE_TEXT)
    path = tmp_path / name
    (page.convert("1") if save.get("compression") == "group4" else page).save(path, **save)
    read = read_document(path)
    assert read.fmt == "image" and "W113" in [w[:4] for w in read.warnings]
    assert _similarity("\n".join(PAGE_TEXT), read.text) > 0.95, read.text


def _word_of_pictures(path, images):
    """A .docx holding nothing but pictures of its pages: a scan pasted into Word."""
    import io

    import docx
    from docx.shared import Inches

    document = docx.Document()
    for image in images:
        png = io.BytesIO()
        image.save(png, format="PNG")
        png.seek(0)
        document.add_picture(png, width=Inches(6))
    document.save(path)
    return path


@needs_tesseract
def test_a_scan_pasted_into_word_is_read_by_ocr(tmp_path):
    path = _word_of_pictures(tmp_path / "bản quét dán vào Word.docx", [_scan(PAGE_TEXT[:3]), _scan(PAGE_TEXT[3:])])
    read = read_document(path)
    assert read.fmt == "docx" and "2 of 2 pages" in read.warnings[0]
    assert _similarity("\n".join(PAGE_TEXT), read.text) > 0.95, read.text


def test_without_tesseract_a_scan_pasted_into_word_says_what_it_is(tmp_path, monkeypatch):
    monkeypatch.setattr(ocr, "tesseract", lambda: None)
    path = _word_of_pictures(tmp_path / "bản quét.docx", [_scan(PAGE_TEXT[:2], noise=0)])
    with pytest.raises(IngestError) as error:
        read_document(path)
    assert error.value.code == "E114" and "holds only pictures" in str(error.value)


@needs_tesseract
def test_a_multi_page_tiff_is_read_page_by_page(tmp_path):
    first, second = _scan(PAGE_TEXT[:3]), _scan(PAGE_TEXT[3:])
    first.save(tmp_path / "hai trang.tif", save_all=True, append_images=[second])
    read = read_document(tmp_path / "hai trang.tif")
    assert "2 of 2 pages" in read.warnings[0] and dict(read.meta)["pages"] == "2"
    assert read.text.index("LÂM THAO") < read.text.index("đèn chiếu sáng")


@needs_tesseract
def test_a_picture_without_text_is_an_error(tmp_path):
    from PIL import Image

    Image.new("RGB", (1200, 900), (120, 160, 90)).save(tmp_path / "phong cảnh.jpg")
    with pytest.raises(IngestError) as error:
        read_document(tmp_path / "phong cảnh.jpg")
    assert error.value.code == "E114" and "no text was recognised" in str(error.value)


def test_without_tesseract_a_picture_says_how_to_get_it_read(tmp_path, monkeypatch):
    monkeypatch.setattr(ocr, "tesseract", lambda: None)
    _scan(PAGE_TEXT[:2], noise=0).save(tmp_path / "bản quét.png")
    with pytest.raises(IngestError) as error:
        read_document(tmp_path / "bản quét.png")
    assert error.value.code == "E114" and "tesseract-ocr-vie" in str(error.value)


@needs_tesseract
def test_a_damaged_or_huge_picture_is_one_coded_error(tmp_path):
    from PIL import Image

    png = io.BytesIO()
    Image.new("L", (800, 600), 255).save(png, format="PNG")
    (tmp_path / "cắt cụt.png").write_bytes(png.getvalue()[:200])
    with pytest.raises(IngestError) as cut:
        read_document(tmp_path / "cắt cụt.png")
    assert cut.value.code == "E104"
    bomb = io.BytesIO()
    Image.new("1", (20_000, 20_000), 1).save(bomb, format="PNG")  # 400 megapixels in ~60 kB
    (tmp_path / "bom ảnh.png").write_bytes(bomb.getvalue())
    with pytest.raises(IngestError) as huge:
        read_document(tmp_path / "bom ảnh.png")
    assert huge.value.code == "E104" and "DecompressionBomb" in str(huge.value)


@needs_tesseract
def test_a_scan_reported_unreadable_is_read_once_tesseract_is_installed(tmp_path, monkeypatch):
    """The batch cache must not keep the E107 row of a scan after Tesseract has been installed."""
    import csv

    from analyzer.batch import score_folder
    from analyzer.config import Config

    def documents() -> dict[str, dict[str, str]]:
        with open(out / "documents.csv", encoding="utf-8-sig", newline="") as handle:
            return {row["doc_id"]: row for row in csv.DictReader(handle)}

    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    _pdf_of([_scan(PAGE_TEXT)], src / "bản quét.pdf")
    (src / "đánh máy.txt").write_text(SENTENCE + ".\n", encoding="utf-8")
    with monkeypatch.context() as without:
        without.setattr(ocr, "tesseract", lambda: None)
        first = score_folder(src, out, config=Config(jobs=1), progress=False)
    rows = documents()
    assert first.n_errors == 1 and rows["bản quét.pdf"]["error"].startswith("E107")
    again = score_folder(src, out, config=Config(jobs=1), progress=False)  # Tesseract is there now
    rows = documents()
    assert not again.up_to_date and again.n_errors == 0 and "W113" in rows["bản quét.pdf"]["warnings"]


@pytest.mark.parametrize(("read", "meant"), [
    ("Bí thư chỉ bộ Ngọc Quan", "Bí thư chi bộ Ngọc Quan"),
    ("CHỈ BỘ THÔN NGỌC QUAN", "CHI BỘ THÔN NGỌC QUAN"),
    ("Chỉ uỷ, chỉ ủy viên, Chỉ đoàn, Chỉ cục Hải quan, chỉ nhánh ngân hàng",
     "Chi uỷ, chi ủy viên, Chi đoàn, Chi cục Hải quan, chi nhánh ngân hàng"),
    ("Chỉ hội Phụ nữ, chỉ hội trưởng, các chỉ hội.", "Chi hội Phụ nữ, chi hội trưởng, các chi hội."),
    ("hội nghị chỉ\nbộ tháng 3", "hội nghị chi\nbộ tháng 3"),  # the phrase wrapped over two lines
    ("12 đẳng viên, ĐẲNG BỘ XÃ, Đẳng uỷ", "12 đảng viên, ĐẢNG BỘ XÃ, Đảng uỷ"),
    ("tỉnh thần trách nhiệm", "tinh thần trách nhiệm"),
    ("trong quý 11/2024 và quý 111/2024; QII/2024; Q11/2024", "trong quý II/2024 và quý III/2024; QII/2024; QII/2024"),
    ("chỉ tiêu NÑQ; H'Nhi Byä", "chỉ tiêu NNQ; H'Nhi Byă"),
    ("đồng chí N.T-Hiền và Ng.V.T-Tùng; N.V.T-Tùng", "đồng chí N.T.Hiền và Ng.V.T.Tùng; N.V.T.Tùng"),
    # real Vietnamese, left as it is
    ("chỉ bộ phận một cửa được giao", "chỉ bộ phận một cửa được giao"),
    ("chỉ hội viên mới được dự; chỉ hội\nđủ điều kiện", "chỉ hội viên mới được dự; chỉ hội\nđủ điều kiện"),
    ("bình đẳng viên chức; chỉ tiêu; chỉ đạo; Tỉnh Thanh Hoá", "bình đẳng viên chức; chỉ tiêu; chỉ đạo; Tỉnh Thanh Hoá"),
    ("quý 1/2024, quý IV, Q11 TP Hồ Chí Minh", "quý 1/2024, quý IV, Q11 TP Hồ Chí Minh"),
    ("T.P-HCM, Bà Rịa-Vũng Tàu, N-Hiền", "T.P-HCM, Bà Rịa-Vũng Tàu, N-Hiền"),
])
def test_misreadings_that_make_no_vietnamese_word_are_put_right(read, meant):
    assert ocr.correct(read) == meant


TSV_HEADER = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"


def _tsv(blocks: list[list[tuple[str, float]]]) -> str:
    """Tesseract's TSV of a page whose every block is one line of (word, confidence)."""
    rows = [TSV_HEADER]
    for b, words in enumerate(blocks, 1):
        rows += [f"5\t1\t{b}\t1\t1\t{w}\t0\t0\t10\t10\t{conf}\t{word}" for w, (word, conf) in enumerate(words, 1)]
    return "\n".join(rows) + "\n"


@pytest.fixture()
def fake_tesseract(tmp_path, monkeypatch):
    """A ``tesseract`` on the PATH (the OCR child process finds it there too) that has Vietnamese and
    answers every page with the TSV written to the returned file."""
    answer = tmp_path / "answer.tsv"
    program = tmp_path / "bin" / "tesseract"
    program.parent.mkdir()
    program.write_text(f"#!/bin/sh\nif [ \"$1\" = --list-langs ]; then echo vie; exit 0; fi\ncat > /dev/null\ncat '{answer}'\n")
    program.chmod(0o755)
    monkeypatch.setenv("PATH", f"{program.parent}{os.pathsep}{os.environ['PATH']}")
    ocr.tesseract.cache_clear()
    yield answer
    ocr.tesseract.cache_clear()


def test_tesseract_blocks_of_one_wrapped_line_are_reflowed_and_unsure_words_named(tmp_path, fake_tesseract):
    """Tesseract often makes each wrapped line a block of its own, with a blank line between: the
    reader joins them as it joins a PDF's wrapped lines, keeps bullets and sentences apart, and names
    the words Tesseract was unsure of (W115), for the appraiser to check against the original."""
    def words(line: str, unsure: str = "") -> list[tuple[str, float]]:
        return [(word, 31.0 if word == unsure else 95.0) for word in line.split()]

    fake_tesseract.write_text(_tsv([
        words("- Phấn đấu đến ngày 31/10/2024 đạt 95% công dân đủ điều kiện được"),
        words("kích hoạt tài khoản định danh điện tử mức 2, hoàn thành chỉ tiêu Nghị"),
        words("quyết Đảng ủy xã giao."),
        words("- Đồng chí H'Nhi Byä, Bí thư chỉ bộ trực tiếp phụ trách.", unsure="Byä,"),
        words("- Chi bộ có 12 đảng viên. _", unsure="_")]), encoding="utf-8")
    read = read_document(_pdf_of([_scan(["trang quét"], noise=0)], tmp_path / "bản quét.pdf"))
    assert read.text.splitlines() == [
        "- Phấn đấu đến ngày 31/10/2024 đạt 95% công dân đủ điều kiện được kích hoạt tài khoản định danh điện tử "
        "mức 2, hoàn thành chỉ tiêu Nghị quyết Đảng ủy xã giao.",
        "- Đồng chí H'Nhi Byă, Bí thư chi bộ trực tiếp phụ trách.",
        "- Chi bộ có 12 đảng viên."]
    assert read.warnings[0].startswith("W113: 1 of 1 pages")
    assert read.warnings[1] == "W115: OCR was unsure of 1 word(s); check them against the original: «Byă»"


def _answer(fake_tesseract, lines: list[str]) -> None:
    """The fake Tesseract reads ``lines`` on every page, sure of every word."""
    fake_tesseract.write_text(_tsv([[(word, 95.0) for word in line.split()] for line in lines]), encoding="utf-8")


STAMP = ["Ký bởi: Ủy ban nhân dân xã Lâm Thao", "Thời gian ký: 16.03.2024 08:30:22 +07:00"]
SCANNED = ["CHI BỘ THÔN NGỌC QUAN", "Chi bộ có 31 đảng viên."]


def test_a_scan_under_a_stamp_is_recognised_without_the_stamp(tmp_path, unicode_font):
    """The stamp is kept from the text layer, exact: the picture is rendered for OCR without it."""
    from PIL import Image

    path = make_stamped_scan(tmp_path / "ký số.pdf", unicode_font, Image.new("L", (248, 351), 255), STAMP)
    shown, bare = (Image.open(io.BytesIO(png)) for png in
                   (*ocr._rendered(path.read_bytes(), [0]), *ocr._rendered(path.read_bytes(), [0], bare={0})))
    assert shown.getextrema()[0] < 128 and bare.getextrema() == (255, 255)


@pytest.mark.parametrize(("top", "recognised", "expected"), [
    (True, SCANNED, [*STAMP, *SCANNED]),
    (False, SCANNED, [*SCANNED, *STAMP]),  # a stamp under the signature follows the text
    (True, [STAMP[0], *SCANNED], [STAMP[1], STAMP[0], *SCANNED]),  # a line OCR read too (a searchable scan) once
], ids=["stamp at the top", "stamp at the foot", "a line read twice"])
def test_a_scan_under_a_signature_stamp_is_read_by_ocr_with_the_stamp(tmp_path, unicode_font, fake_tesseract, top,
                                                                      recognised, expected):
    from PIL import Image

    _answer(fake_tesseract, recognised)
    picture = Image.new("L", (248, 351), 255)
    read = read_document(make_stamped_scan(tmp_path / "ký số.pdf", unicode_font, picture, STAMP, top=top))
    assert read.text.split() == " ".join(expected).split()  # in this order (the stamp's two lines are re-flowed)
    assert read.warnings == ("W113: 1 of 1 pages are scans, read by OCR: check names and figures against the original",)


def test_a_pdf_whose_text_cannot_be_decoded_is_read_by_ocr(tmp_path, unicode_font, fake_tesseract):
    _answer(fake_tesseract, [SENTENCE + "."])
    path = without_unicode_map(make_pdf(tmp_path / "không ToUnicode.pdf", unicode_font, [SENTENCE + "."]))
    read = read_document(path)
    assert read.text == SENTENCE + "." and read.warnings[0].startswith("W113: 1 of 1 pages")


@needs_tesseract
def test_a_signed_scan_is_read_by_ocr_and_keeps_its_stamp(tmp_path, unicode_font):
    path = make_stamped_scan(tmp_path / "ký số.pdf", unicode_font, _scan(PAGE_TEXT[:3], noise=0), STAMP)
    read = read_document(path)
    assert read.text.startswith("\n".join(STAMP) + "\nĐẢNG BỘ XÃ LÂM THAO\n"), read.text
    assert read.warnings[0].startswith("W113: 1 of 1 pages")


def _word_with_pictures(path, blocks):
    """A .docx of typed paragraphs (str) and pictures (a width and height in cm), in order."""
    import docx
    from docx.shared import Cm
    from PIL import Image

    document = docx.Document()
    for block in blocks:
        if isinstance(block, str):
            document.add_paragraph(block)
        else:
            png = io.BytesIO()
            Image.new("L", (int(block[0] * 10), int(block[1] * 10)), 255).save(png, format="PNG")
            png.seek(0)
            document.add_picture(png, width=Cm(block[0]), height=Cm(block[1]))
    document.save(path)
    return path


COVER = "Chi bộ thôn Ngọc Quan gửi bản đăng ký (bản scan kèm theo)"
PAGE, PHOTO = (17.0, 24.0), (15.0, 11.25)
LONG = [f"{k}. Chi bộ tổ chức cho 100% đảng viên học tập chuyên đề năm 2024 theo kế hoạch của Đảng ủy xã." for k in range(12)]
WORD_SCANS = [
    ([COVER, PAGE, "Nơi nhận: Đảng ủy xã."], [COVER, "", *SCANNED, "Nơi nhận: Đảng ủy xã."], 1, "a cover line over a page"),
    ([COVER, PAGE, PAGE], [COVER, "", *SCANNED, *SCANNED], 2, "two pages read together"),
    ([COVER, PHOTO], [COVER], 0, "a photo of an activity"),
    ([COVER, (4.0, 5.6)], [COVER], 0, "a small picture"),
    ([*LONG, PAGE], LONG, 0, "a typed registration with a scan of a page"),
]


@pytest.mark.parametrize(("blocks", "expected", "read", "what"), WORD_SCANS, ids=[case[3] for case in WORD_SCANS])
def test_pictures_of_pages_under_a_short_typed_text_are_read_where_they_stand(tmp_path, fake_tesseract, blocks,
                                                                                expected, read, what):
    _answer(fake_tesseract, SCANNED)
    got = read_document(_word_with_pictures(tmp_path / "bìa và bản quét.docx", blocks))
    assert got.text.splitlines() == expected
    assert got.warnings == ((f"W113: {read} of {read} pictures of pages in the document are scans, read by OCR "
                             "beside its typed text: check names and figures against the original",) if read else ())


def test_without_tesseract_pictures_of_pages_under_a_cover_line_are_named_unread(tmp_path, monkeypatch):
    monkeypatch.setattr(ocr, "tesseract", lambda: None)
    got = read_document(_word_with_pictures(tmp_path / "bìa và bản quét.docx", [COVER, PAGE, PAGE]))
    assert got.text == COVER
    assert [w[:30] for w in got.warnings] == ["W122: 2 picture(s) of pages (a"]
