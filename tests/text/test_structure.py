from pathlib import Path

import pytest

from analyzer.text.sentences import split_sentences
from analyzer.text.structure import analyze_layout, heading_level

HEADER = """ĐẢNG BỘ HUYỆN THẠNH HÓA
CHI BỘ TRƯỜNG THCS THỦY ĐÔNG
Số: 04-ĐK/CB
Thủy Đông, ngày 15 tháng 3 năm 2024
BẢN ĐĂNG KÝ
Xây dựng mô hình học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh năm 2024
Tên mô hình: “Mỗi giáo viên một chuyên đề đổi mới”
I. HỌC TẬP BÁC
1. Nội dung
Chi bộ tổ chức học tập chuyên đề cho 100% đảng viên.
II. NÊU GƯƠNG
Bí thư chi bộ đăng ký 3 việc làm cụ thể.
T/M CHI BỘ
BÍ THƯ
Nguyễn Văn An"""


def _layout(text):
    return analyze_layout(text, split_sentences(text))


@pytest.mark.parametrize("header", [
    # the two-column header table of a Word file, one row a line
    "ĐẢNG BỘ XÃ TÂN PHÚ | ĐẢNG CỘNG SẢN VIỆT NAM\nCHI BỘ TRƯỜNG THCS LÊ LỢI\n"
    "Số: 05-ĐK/CB | Tân Phú, ngày 12 tháng 3 năm 2025\nBẢN ĐĂNG KÝ\n",
    # the same table as a PDF gives it: the cells of a row on one line
    "ĐẢNG BỘ XÃ TÂN PHÚ ĐẢNG CỘNG SẢN VIỆT NAM\nCHI BỘ TRƯỜNG THCS LÊ LỢI\n"
    "Số: 05-ĐK/CB Tân Phú, ngày 12 tháng 3 năm 2025\nBẢN ĐĂNG KÝ\n",
])
def test_a_header_table_gives_the_date_and_the_issuing_body_without_the_partys_name(header):
    meta = _layout(header + "I. HỌC TẬP BÁC\nChi bộ tổ chức 4 buổi học tập trong năm 2025.").meta
    assert (meta["number"], meta["date"], meta["place"]) == ("05-ĐK/CB", "2025-03-12", "Tân Phú")
    assert meta["issuing_body"] == "ĐẢNG BỘ XÃ TÂN PHÚ – CHI BỘ TRƯỜNG THCS LÊ LỢI"


def test_header_metadata():
    meta = _layout(HEADER).meta
    assert meta["number"] == "04-ĐK/CB"
    assert meta["date"] == "2024-03-15"
    assert meta["place"] == "Thủy Đông"
    assert meta["doc_type"] == "BẢN ĐĂNG KÝ"
    assert meta["model_name"] == "Mỗi giáo viên một chuyên đề đổi mới"
    assert meta["issuing_body"] == "ĐẢNG BỘ HUYỆN THẠNH HÓA – CHI BỘ TRƯỜNG THCS THỦY ĐÔNG"
    assert meta["signatory"] == "Nguyễn Văn An"


PERSONAL = """BẢN ĐĂNG KÝ
Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh năm 2025
Họ và tên: Lê Thị Hoa
I. HỌC TẬP BÁC
Ngày 15 tháng 4 năm 2025, tôi học chuyên đề cùng chi bộ và viết 1 bài thu hoạch.
II. LÀM THEO BÁC
Mỗi tháng tôi kèm 2 học sinh yếu môn Toán.
{date}
NGƯỜI ĐĂNG KÝ
Lê Thị Hoa"""


@pytest.mark.parametrize(("line", "date", "year", "place"), [
    ("Bình Minh, ngày 20 tháng 3 năm 2025", "2025-03-20", None, "Bình Minh"),  # dated above the signature
    ("Bình Minh, ngày 20/3/2025", "2025-03-20", None, "Bình Minh"),  # in figures
    ("ngày 02-9-2025.", "2025-09-02", None, None),
    ("Bình Minh, ngày     tháng 3 năm 2026", None, "2026", "Bình Minh"),  # the day left for the signing
    ("Bình Minh, ngày ... tháng ... năm 2026", None, "2026", "Bình Minh"),
    ("Bình Minh, ngày 45/13/2025", None, None, None),  # no calendar date
    ("", None, None, None),  # undated: never the date of a sentence in the text ("Ngày 15 tháng 4 năm 2025, tôi …")
])
def test_a_date_line_is_read_in_figures_and_above_the_signature(line, date, year, place):
    meta = _layout(PERSONAL.format(date=line)).meta
    assert (meta.get("date"), meta.get("year"), meta.get("place")) == (date, year, place)


def test_a_header_date_in_figures_is_read():
    meta = _layout(HEADER.replace("ngày 15 tháng 3 năm 2024", "ngày 15/03/2024")).meta
    assert (meta["date"], meta["place"]) == ("2024-03-15", "Thủy Đông")


def test_kinds_and_section_paths():
    units = _layout(HEADER).units
    kinds = [u.kind for u in units]
    assert kinds[:7] == ["header"] * 7
    assert kinds[7:] == ["heading", "heading", "body", "heading", "body", "signature", "signature", "signature"]
    assert units[9].section == "I. HỌC TẬP BÁC > 1. Nội dung"
    assert units[11].section == "II. NÊU GƯƠNG"


@pytest.mark.parametrize("header", [
    "STT | Tồn tại, hạn chế | Nguyên nhân | Giải pháp khắc phục",
    "TT | Nội dung | Thời gian | Người chịu trách nhiệm",
    "Số TT | Việc làm | Kết quả",
    "S.TT | Chỉ tiêu | Năm 2023 | Đăng ký năm 2024",
])
def test_a_tables_column_names_are_its_header_not_a_row(header):
    """The row that names the columns has no content of its own; the numbered rows under it have."""
    text = f"{HEADER.split('II.')[0]}{header}\n1 | Vận động 7 hộ xây nhà tiêu | Tháng 6/2024\nTTHC | Số hồ sơ | 12"
    kinds = [u.kind for u in _layout(text).units]
    assert kinds[-3:] == ["table_header", "table_row", "table_row"]


def test_personal_registration_name():
    text = "BẢN ĐĂNG KÝ CÁ NHÂN\nHọ và tên: Lê Quang Vĩnh\nChức vụ: Công chức\n1. Học tập\nTôi học tập chuyên đề."
    assert _layout(text).meta["person_name"] == "Lê Quang Vĩnh"


@pytest.mark.parametrize(("line", "name"), [
    ("Họ và tên: Nguyễn Văn An - Tổ trưởng tổ dân phố 4", "Nguyễn Văn An"),
    ("1. Họ và tên: Nguyễn Văn An", "Nguyễn Văn An"),
    ("Họ và tên | Nguyễn Văn An", "Nguyễn Văn An"),  # a table row
    ("Họ và tên: | Nguyễn Thị Hoa", "Nguyễn Thị Hoa"),  # a Word table, the label's cell with its colon
    ("Họ và tên: Lê Thị Hoa   Giới tính: Nữ", "Lê Thị Hoa"),
    ("Họ và tên: Trương Thị Bích Ngọc | Ngày sinh: 12/8/1979", "Trương Thị Bích Ngọc"),
])
def test_the_name_of_a_personal_registration_is_read_without_the_fields_beside_it(line, name):
    text = f"BẢN ĐĂNG KÝ CÁ NHÂN\n{line}\n1. Học tập\nTôi học tập 02 chuyên đề trong tháng 5/2025."
    assert _layout(text).meta["person_name"] == name


@pytest.mark.parametrize(("signature", "name"), [("H'Hen Niê", "H'Hen Niê"),
                                                 ("TRƯƠNG THỊ BÍCH NGỌC", "Trương Thị Bích Ngọc")])
def test_a_signature_with_an_apostrophe_or_in_capitals_names_the_signatory(signature, name):
    text = f"BẢN ĐĂNG KÝ CÁ NHÂN\n1. Học tập\nTôi học tập 02 chuyên đề trong tháng 5/2025.\nNGƯỜI ĐĂNG KÝ\n{signature}"
    assert _layout(text).meta["signatory"] == name


@pytest.mark.parametrize("motto", ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"])
def test_the_state_s_name_is_no_issuing_body_in_either_tone_placement(motto):
    text = f"ĐẢNG BỘ PHƯỜNG AN KHÁNH | {motto}\nCHI BỘ KHU PHỐ 4\nBẢN ĐĂNG KÝ\n1. Học tập\nChi bộ học tập."
    assert _layout(text).meta["issuing_body"] == "ĐẢNG BỘ PHƯỜNG AN KHÁNH – CHI BỘ KHU PHỐ 4"


def test_heading_levels():
    assert heading_level("I. HỌC TẬP BÁC", True) == 1
    assert heading_level("1.1. Nội dung cụ thể", True) == 3
    assert heading_level("a) Về học tập:", True) == 5
    assert heading_level("a. Về học tập:", True) == 5  # Word's other letter format
    assert heading_level("A Lưới có 3 thôn đạt chuẩn văn hoá.", True) == 0  # a place, not a letter
    assert heading_level("- Lộ trình thực hiện:", True) == 6
    assert heading_level("1. Tổ chức 4 buổi sinh hoạt chuyên đề trong năm 2024.", True) == 0
    assert heading_level("NỘI DUNG MÔ HÌNH", False) == 0
    assert heading_level("1 | Tổ chức | Quý II", True) == 0


def test_recipients_block_is_signature():
    text = "I. NỘI DUNG\nChi bộ họp hằng tháng.\nNơi nhận:\n- Ban Tuyên giáo Huyện ủy;\n- Lưu.\nT/M CHI BỘ\nBÍ THƯ\nLê Văn Hùng"
    units = _layout(text).units
    assert [u.kind for u in units][2:] == ["signature"] * 6


def test_a_wrapped_roman_quarter_is_no_heading():
    """A table cell "Quý II – quý III/2024" wrapped in a PDF leaves "III/2024" on a line of its own."""
    units = _layout("I. LÀM THEO BÁC\nTổ chức 4 buổi học tập, quý II –\nIII/2024\nChi bộ họp.").units
    assert [u.kind for u in units] == ["heading", "body", "body", "body"]
    assert units[-1].section == "I. LÀM THEO BÁC"


@pytest.mark.parametrize("line", ["Bình Minh, ngày 20 tháng 3 năm 2025", "TP. Hồ Chí Minh, ngày 20 tháng 3 năm 2025",
                                  "Bình Minh, ngày 20/3/2025"])
def test_a_date_line_above_the_signature_is_the_signatures_not_content(line):
    """It was read as a sentence of the body, labelled roadmap, even action ("TP. Hồ Chí Minh, …")."""
    units = _layout(PERSONAL.format(date=line)).units
    dated = next(u for u in units if u.end - u.start == len(line))
    assert dated.kind == "signature"


@pytest.mark.parametrize("role", ["Người đăng kí", "Người đăng ký", "NGƯỜI ĐĂNG KÍ", "Người viết", "Xác nhận của chi bộ"])
@pytest.mark.parametrize("date", ["Bình Minh, ngày 20 tháng 3 năm 2025", "Bình Minh,ngày 20 tháng 3 năm 2025"])
def test_the_signatorys_role_in_sentence_case_opens_the_signature_with_the_date_above_it(role, date):
    """"Người đăng kí" stopped the walk back from the name, so the date line above it and the role were
    read as sentences of the last section (labelled neu_guong under "Nêu gương")."""
    units = _layout(PERSONAL.replace("NGƯỜI ĐĂNG KÝ", role).format(date=date)).units
    assert [u.kind for u in units[-3:]] == ["signature"] * 3
    assert units[-4].kind == "body"  # the last sentence of content stays content


@pytest.mark.parametrize("line", ["Người viết bài thu hoạch nộp chi bộ", "Xác nhận của chi bộ về việc đăng ký: đạt."])
def test_a_sentence_that_opens_with_a_role_word_is_no_signature(line):
    units = _layout(PERSONAL.replace("NGƯỜI ĐĂNG KÝ\nLê Thị Hoa", line).format(date="Mỗi quý tôi báo cáo 1 lần.")).units
    assert units[-1].kind == "body"


@pytest.mark.parametrize(("top", "sub"), [("I.", "1."), ("I/", "1/"), ("I –", "1-"), ("I -", "1 –")])
def test_headings_numbered_with_a_slash_or_a_dash_are_headings(top, sub):
    text = (f"CHI BỘ KHOA KHÁM BỆNH\nBẢN ĐĂNG KÝ\n{top} LÝ DO XÂY DỰNG MÔ HÌNH\nNăm 2023, khảo sát ghi nhận 14 ý kiến.\n"
            f"{sub} Nêu gương\nBí thư chi bộ đăng ký 3 việc làm cụ thể.")
    units = _layout(text).units
    assert [u.kind for u in units[2:]] == ["heading", "body", "heading", "body"]
    assert units[-1].section == f"{top} LÝ DO XÂY DỰNG MÔ HÌNH > {sub} Nêu gương"


def test_a_table_row_opening_with_a_range_of_months_is_no_heading():
    assert heading_level("4 – 6/2024 | Nhóm bạn cùng tiến học tập | Giáo viên Toán khối 9", True) == 0


@pytest.mark.parametrize("line", [
    "Thời gian: 19 giờ 30 phút, ngày 05/3/2024.",  # a minute's hour and day (tests/data/gaming/g10_meeting_minute.txt)
    "Thời gian 19 giờ 30, ngày 05 tháng 3 năm 2024",
    "Địa điểm: Nhà văn hóa ấp, ngày 05/3/2024",
])
def test_a_field_before_the_date_is_no_place(line):
    meta = _layout("ĐẢNG BỘ XÃ LONG THỚI\nCHI BỘ ẤP LONG HÒA\nBIÊN BẢN\n" + line + "\nChi bộ họp thường kỳ.").meta
    assert "place" not in meta, meta


def test_the_gaming_minute_has_no_place_read_from_its_hour():
    path = Path(__file__).resolve().parent.parent / "data" / "gaming" / "g10_meeting_minute.txt"
    meta = _layout(path.read_text(encoding="utf-8")).meta
    assert "place" not in meta and meta["date"] == "2024-03-05", meta


@pytest.mark.parametrize(("line", "name"), [
    ("Họ và tên: Lê Văn Khang Cấp bậc: Thượng úy", "Lê Văn Khang"),  # the spaces between the fields collapsed
    ("Họ và tên: Lê Văn Khang        Sinh ngày: 12/8/1989", "Lê Văn Khang"),
    ("Họ và tên: Lê Văn Khang Ngày vào Đảng: 3/2/2010", "Lê Văn Khang"),
    ("Họ và tên: Lê Văn Khang Đảng viên chính thức", "Lê Văn Khang"),
    ("Họ và tên: Đồng chí Lê Văn Khang", "Lê Văn Khang"),
    ("HỌ VÀ TÊN: LÊ VĂN KHANG", "Lê Văn Khang"),
    ("Tôi tên là Lê Văn Khang, đảng viên Chi bộ thôn 3.", "Lê Văn Khang"),
    ("Tôi là Lê Văn Khang, sinh năm 1975, đảng viên Chi bộ thôn 3.", "Lê Văn Khang"),
    ("Đảng viên: Lê Văn Khang", "Lê Văn Khang"),
])
def test_the_author_is_named_by_any_field_beside_his_name_or_by_his_self_introduction(line, name):
    text = f"BẢN ĐĂNG KÝ CÁ NHÂN\n{line}\n1. Học tập\nTôi học tập 02 chuyên đề trong tháng 5/2025."
    assert _layout(text).meta["person_name"] == name


@pytest.mark.parametrize("line", ["Tôi là đảng viên Chi bộ thôn 3.", "Tôi là Bí thư chi bộ, xin đăng ký như sau:",
                                  "Đảng viên: 15 đồng chí"])
def test_a_self_introduction_or_a_field_without_a_name_names_nobody(line):
    text = f"BẢN ĐĂNG KÝ CÁ NHÂN\n{line}\n1. Học tập\nTôi học tập 02 chuyên đề trong tháng 5/2025."
    assert "person_name" not in _layout(text).meta


@pytest.mark.parametrize(("signature", "name"), [
    ("NGƯỜI ĐĂNG KÝ\nLê Thị Thu\nXÁC NHẬN CỦA CHI BỘ\nBÍ THƯ\nNguyễn Văn Hải", "Lê Thị Thu"),  # not the countersignature
    ("NGƯỜI ĐĂNG KÝ\n(Đã ký)\nLê Thị Thu\nT/M CHI BỘ\nBÍ THƯ\nTrần Thị Lan", "Lê Thị Thu"),
    ("XÁC NHẬN CỦA CHI BỘ | NGƯỜI ĐĂNG KÝ\nTrần Thị Lan | Lê Văn Khang", "Lê Văn Khang"),  # side by side
    ("NGƯỜI ĐĂNG KÝ\nThượng úy LÊ VĂN KHANG", "Lê Văn Khang"),
    ("NGƯỜI ĐĂNG KÝ\nThiếu tá Lê Văn Khang", "Lê Văn Khang"),
    ("NGƯỜI ĐĂNG KÝ\nBác sĩ CKI Hà Thị Páo", "Hà Thị Páo"),
    ("NGƯỜI ĐĂNG KÝ\nLê Văn Khang (Đã ký)", "Lê Văn Khang"),
    ("T/M CHI BỘ\nBÍ THƯ\nTrần Văn Ba", "Trần Văn Ba"),
])
def test_the_signatory_is_the_author_under_his_role_without_rank_or_title(signature, name):
    text = f"BẢN ĐĂNG KÝ CÁ NHÂN\n1. Học tập\nTôi học tập 02 chuyên đề trong tháng 5/2025.\n{signature}"
    assert _layout(text).meta["signatory"] == name


@pytest.mark.parametrize(("line", "meta"), [
    ("Tân An, tháng 3 năm 2025", {"year": "2025", "place": "Tân An"}),
    ("Tân An, ngày 10 tháng 3, năm 2025", {"date": "2025-03-10", "place": "Tân An"}),
])
def test_a_date_line_without_its_day_or_with_a_comma_before_the_year_is_read(line, meta):
    text = f"CHI BỘ THÔN 3\n{line}\nBẢN ĐĂNG KÝ\nI. HỌC TẬP BÁC\nChi bộ học tập chuyên đề."
    found = _layout(text).meta
    assert {k: found.get(k) for k in meta} == meta


def test_the_models_quoted_name_under_the_title_is_header_not_content():
    text = ("CHI BỘ SINH VIÊN\nHà Nội, ngày 10 tháng 3 năm 2024\nBẢN ĐĂNG KÝ MÔ HÌNH\n"
            "“Sinh viên đảng viên học tập và làm theo Bác”\nI. HỌC TẬP BÁC\nChi bộ học tập chuyên đề.")
    layout = _layout(text)
    assert [u.kind for u in layout.units][:4] == ["header"] * 4
    assert layout.meta["model_name"] == "Sinh viên đảng viên học tập và làm theo Bác"


def test_a_campaigns_name_quoted_in_the_first_sentence_is_no_model_name():
    text = ("CHI BỘ ĐẠI ĐỘI 2\nSơn La, ngày 10 tháng 3 năm 2024\nBẢN ĐĂNG KÝ\n"
            "Thực hiện Cuộc vận động “Phát huy truyền thống, cống hiến tài năng, xứng danh Bộ đội Cụ Hồ”, tôi đăng ký.\n"
            "I. HỌC TẬP BÁC\nTôi học tập chuyên đề.")
    assert "model_name" not in _layout(text).meta


@pytest.mark.parametrize("item", ["1. Tổ chức 04 lớp tập huấn kỹ thuật cho hội viên trong quý II/2024",
                                  "a) Giải ngân 1,2 tỷ đồng cho 30 hộ trước 30/6/2024",
                                  "3.2. Mỗi chi hội kể chuyện về Bác 1 lần/tháng"])
def test_a_numbered_item_with_a_figure_and_no_full_stop_is_content_not_a_heading(item):
    assert heading_level(item, True) == 0


@pytest.mark.parametrize("heading", ["4. Phương hướng 6 tháng cuối năm", "2. Nội dung đăng ký thực hiện mô hình năm 2024",
                                     "2.1. Mở lớp học linh hoạt theo giờ của dân", "Nội dung 2: Làm theo Bác",
                                     "Nội dung thứ nhất: Học tập Bác"])
def test_short_numbered_lines_and_numbered_contents_are_headings(heading):
    assert heading_level(heading, True) > 0


def test_a_label_in_sentence_case_heads_its_items_inside_the_numbered_section():
    text = ("CHI BỘ THÔN 3\nBẢN ĐĂNG KÝ\nIII. NÊU GƯƠNG\nCác việc làm cụ thể:\n"
            "- Đăng ký 3 việc làm cụ thể, công khai tại cuộc họp chi bộ tháng 3/2024.")
    assert _layout(text).units[-1].section == "III. NÊU GƯƠNG > Các việc làm cụ thể"
