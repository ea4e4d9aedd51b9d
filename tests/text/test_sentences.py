import pytest

from analyzer.text.sentences import split_line, split_sentences


def _split(text):
    return [text[s:e] for s, e in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I. HỌC TẬP BÁC", ["I. HỌC TẬP BÁC"]),
        ("II. NỘI DUNG NÊU GƯƠNG\n1. Học tập Bác:", ["II. NỘI DUNG NÊU GƯƠNG", "1. Học tập Bác:"]),
        ("1.1. Tổ chức học tập chuyên đề. Mỗi đảng viên viết thu hoạch.",
         ["1.1. Tổ chức học tập chuyên đề.", "Mỗi đảng viên viết thu hoạch."]),
        ("- Nêu gương: Bí thư đăng ký 3 việc. Công khai tại chi bộ.",
         ["- Nêu gương: Bí thư đăng ký 3 việc.", "Công khai tại chi bộ."]),
        ("+ Tổ chức tọa đàm. a) Viết thu hoạch.", ["+ Tổ chức tọa đàm.", "a) Viết thu hoạch."]),
        ("• Hằng tuần kiểm tra. Hằng tháng báo cáo.", ["• Hằng tuần kiểm tra.", "Hằng tháng báo cáo."]),
        ("Bác dạy: “Học đi đôi với hành.” Chi bộ làm theo.", ["Bác dạy: “Học đi đôi với hành.”", "Chi bộ làm theo."]),
        ("TP. Hồ Chí Minh, ngày 5 tháng 3 năm 2024. Đ/c Nam phụ trách.",
         ["TP. Hồ Chí Minh, ngày 5 tháng 3 năm 2024.", "Đ/c Nam phụ trách."]),
        ("Mời PGS.TS. Lê Văn An báo cáo. Tiếp theo là thảo luận.",
         ["Mời PGS.TS. Lê Văn An báo cáo.", "Tiếp theo là thảo luận."]),
        ("Thực hiện Chỉ thị 05-CT/TW. Năm 2024 làm tốt.", ["Thực hiện Chỉ thị 05-CT/TW.", "Năm 2024 làm tốt."]),
        ("Hội nghị ngày 31/5/2024 đã quán triệt. Các chi bộ triển khai.",
         ["Hội nghị ngày 31/5/2024 đã quán triệt.", "Các chi bộ triển khai."]),
        ("Trồng cây, làm đường, v.v. Năm 2024 tiếp tục.", ["Trồng cây, làm đường, v.v.", "Năm 2024 tiếp tục."]),
        ("Chọn đ/c N.V.Tùng làm điển hình. Tốt.", ["Chọn đ/c N.V.Tùng làm điển hình.", "Tốt."]),
        ("Chọn đ/c Ng.V.An làm điển hình. Tốt.", ["Chọn đ/c Ng.V.An làm điển hình.", "Tốt."]),
        ("Giao đồng chí Ng.Th.Hòa, kế toán trưởng, phụ trách.", ["Giao đồng chí Ng.Th.Hòa, kế toán trưởng, phụ trách."]),
        ("Giao đ/c Ng. Văn An phụ trách. Tốt.", ["Giao đ/c Ng. Văn An phụ trách.", "Tốt."]),
        ("1 | Tổ chức 2 buổi tọa đàm. | Quý II/2024 | Bí thư", ["1 | Tổ chức 2 buổi tọa đàm. | Quý II/2024 | Bí thư"]),
        ("Có thật không? Có!", ["Có thật không?", "Có!"]),
        ("Chi bộ có 15 ĐV.Trong đó 3 nữ.", ["Chi bộ có 15 ĐV.", "Trong đó 3 nữ."]),
        # a full stop glued to a number is no end; a sentence going on in lower case after ")" is one
        ("Mời Trường Chính trị TP. Hồ Chí Minh báo cáo tại hội trường KP.2 vào tháng 4/2025. Tốt.",
         ["Mời Trường Chính trị TP. Hồ Chí Minh báo cáo tại hội trường KP.2 vào tháng 4/2025.", "Tốt."]),
        ("Sửa nhà văn hóa (tương đương 12,5 tỷ đ.) trước 31/12/2025. Chi bộ họp.",
         ["Sửa nhà văn hóa (tương đương 12,5 tỷ đ.) trước 31/12/2025.", "Chi bộ họp."]),
        ('Thảo luận chủ đề "Làm gì để dân không phải đi lại?" trong quý II/2024.',
         ['Thảo luận chủ đề "Làm gì để dân không phải đi lại?" trong quý II/2024.']),
        # a numbered term, appendix or team is no initial of a name; an ellipsis Word typed ends a sentence
        ("Sơ kết vào cuối học kỳ I. Tổng kết vào cuối năm học.", ["Sơ kết vào cuối học kỳ I.", "Tổng kết vào cuối năm học."]),
        ("Đ/c Lan phụ trách Tổ A. Đ/c Hùng phụ trách Tổ B.", ["Đ/c Lan phụ trách Tổ A.", "Đ/c Hùng phụ trách Tổ B."]),
        ("Chi tiết tại Phụ lục I. Chi bộ tổ chức 2 buổi tọa đàm.", ["Chi tiết tại Phụ lục I.", "Chi bộ tổ chức 2 buổi tọa đàm."]),
        ("Chi bộ tổ chức 2 buổi tọa đàm… Mỗi đảng viên viết 1 bản thu hoạch.",
         ["Chi bộ tổ chức 2 buổi tọa đàm…", "Mỗi đảng viên viết 1 bản thu hoạch."]),
        ("Căn cứ Kế hoạch số … Chi bộ đăng ký", ["Căn cứ Kế hoạch số … Chi bộ đăng ký"]),
        ("Chi bộ KP. 3 phường 5 họp hằng tháng.", ["Chi bộ KP. 3 phường 5 họp hằng tháng."]),
        ("Giao đồng chí T. Hùng phụ trách. Tốt.", ["Giao đồng chí T. Hùng phụ trách.", "Tốt."]),
    ],
)
def test_segmentation_table(text, expected):
    assert _split(text) == expected


def test_spans_are_exact_slices_without_outer_space():
    text = "  ĐẢNG BỘ XÃ  \n\nChi bộ họp.   Tiếp theo.\n"
    for s, e in split_sentences(text):
        assert text[s:e] == text[s:e].strip() and text[s:e]


def test_runaway_line_is_cut_into_bounded_pieces():
    text = "chữ " * 300_000
    spans = split_sentences(text)
    assert all(e - s <= 2000 for s, e in spans)
    assert spans[0][0] == 0 and spans[-1][1] == len(text.rstrip())


def test_empty_and_blank_lines():
    assert split_line("") == [] and split_line("   ") == []
    assert split_sentences("\n\n") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the signature block: "TM." (thay mặt), "KT." (ký thay), "TL." (thừa lệnh) open the line they are on
        ("TM. BAN CHẤP HÀNH", ["TM. BAN CHẤP HÀNH"]),
        ("TM.BAN THƯỜNG TRỰC", ["TM.BAN THƯỜNG TRỰC"]),
        ("KT. CHỦ TỊCH", ["KT. CHỦ TỊCH"]),
        ("TL. BAN THƯỜNG VỤ", ["TL. BAN THƯỜNG VỤ"]),
        ("TM. BCH ĐOÀN XÃ\nBÍ THƯ", ["TM. BCH ĐOÀN XÃ", "BÍ THƯ"]),
        # a pharmacist's, a lawyer's, an architect's title before the name
        ("DS. Phạm Thị Thu Hà", ["DS. Phạm Thị Thu Hà"]),
        ("Mời LS. Trần Văn Nam tư vấn pháp luật. KTS. Lê Hoa thiết kế.",
         ["Mời LS. Trần Văn Nam tư vấn pháp luật.", "KTS. Lê Hoa thiết kế."]),
        # still ends a sentence in the middle of a line
        ("Tổ Kỹ thuật trực đến 21 giờ. TM. BAN CHẤP HÀNH", ["Tổ Kỹ thuật trực đến 21 giờ.", "TM. BAN CHẤP HÀNH"]),
    ],
)
def test_signature_and_titles_table(text, expected):
    assert _split(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a quotation of several sentences stays in the sentence that quotes it
        ("Bác dạy: “Học đi đôi với hành. Lý luận phải gắn với thực tiễn.” Chi bộ quán triệt lời dạy.",
         ["Bác dạy: “Học đi đôi với hành. Lý luận phải gắn với thực tiễn.”", "Chi bộ quán triệt lời dạy."]),
        ("Khẩu hiệu “Một năm khởi đầu từ mùa xuân. Một đời khởi đầu từ tuổi trẻ. Một Đảng khởi đầu từ chi bộ.” được treo tại hội trường.",
         ["Khẩu hiệu “Một năm khởi đầu từ mùa xuân. Một đời khởi đầu từ tuổi trẻ. Một Đảng khởi đầu từ chi bộ.” "
          "được treo tại hội trường."]),
        ('Thấm nhuần lời Bác "Đoàn kết,đoàn kết,đại đoàn kết.Thành công,thành công,đại thành công".',
         ['Thấm nhuần lời Bác "Đoàn kết,đoàn kết,đại đoàn kết.Thành công,thành công,đại thành công".']),
        # so does a parenthesis
        ("Mô hình (triển khai từ tháng 3/2024. Sơ kết tháng 6/2024) được đánh giá hằng quý. Chi bộ họp.",
         ["Mô hình (triển khai từ tháng 3/2024. Sơ kết tháng 6/2024) được đánh giá hằng quý.", "Chi bộ họp."]),
        # the full stop after a closing quote is the sentence's, not a sentence
        ('Bản thu hoạch trả lời câu hỏi: "Tôi đã để dân chờ việc gì?". Chi bộ tổng hợp.',
         ['Bản thu hoạch trả lời câu hỏi: "Tôi đã để dân chờ việc gì?".', "Chi bộ tổng hợp."]),
        # a quote or a parenthesis never closed on the line holds nothing together
        ("Bác dạy: “Học đi đôi với hành. Chi bộ làm theo.", ["Bác dạy: “Học đi đôi với hành.", "Chi bộ làm theo."]),
        ("Kinh phí (dự kiến 5 triệu đồng. Chi bộ vận động.", ["Kinh phí (dự kiến 5 triệu đồng.", "Chi bộ vận động."]),
        ("Nội dung: (1) học tập. (2) làm theo. (3) nêu gương.", ["Nội dung: (1) học tập.", "(2) làm theo.", "(3) nêu gương."]),
    ],
)
def test_quotes_and_parentheses_table(text, expected):
    assert _split(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a part, section or phase numbered in Roman figures opening the line is its marker, not a sentence
        ('PHẦN I. MÔ HÌNH THỨ NHẤT: "KHU DÂN CƯ NÓI KHÔNG VỚI TÚI NI LÔNG"',
         ['PHẦN I. MÔ HÌNH THỨ NHẤT: "KHU DÂN CƯ NÓI KHÔNG VỚI TÚI NI LÔNG"']),
        ("Phần II. Nội dung đăng ký", ["Phần II. Nội dung đăng ký"]),
        ("Giai đoạn I. Chuẩn bị (tháng 3/2024).", ["Giai đoạn I. Chuẩn bị (tháng 3/2024)."]),
        # the same words after a sentence's start still end it
        ("Sơ kết vào cuối giai đoạn I. Tổng kết vào tháng 12.", ["Sơ kết vào cuối giai đoạn I.", "Tổng kết vào tháng 12."]),
    ],
)
def test_numbered_part_marker_table(text, expected):
    assert _split(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "y" (medicine) and "đ" (đồng) are words, not initials: their full stop ends the sentence
        ("Mỗi tháng đọc một đoạn thư Bác gửi cán bộ ngành y. Cán bộ Trạm ghi nhớ lời Bác dặn.",
         ["Mỗi tháng đọc một đoạn thư Bác gửi cán bộ ngành y.", "Cán bộ Trạm ghi nhớ lời Bác dặn."]),
        ("Khám bệnh miễn phí bằng Đông y. Chi bộ vận động 3 lương y tham gia.",
         ["Khám bệnh miễn phí bằng Đông y.", "Chi bộ vận động 3 lương y tham gia."]),
        ("Tổng kinh phí 15.000.000 đ. Nguồn xã hội hóa.", ["Tổng kinh phí 15.000.000 đ.", "Nguồn xã hội hóa."]),
        ("Làm mới 350 m. Mỗi hộ góp 2 ngày công.", ["Làm mới 350 m.", "Mỗi hộ góp 2 ngày công."]),
        # an address's "p." (phường), "q." (quận), "x." (xã), "h." (huyện), "t." (tỉnh) is an abbreviation still
        ("Họp tại nhà văn hóa p. Bến Nghé, q. Một. Tốt.", ["Họp tại nhà văn hóa p. Bến Nghé, q. Một.", "Tốt."]),
        ("Sửa nhà văn hóa (tương đương 12,5 tỷ đ.) trước 31/12/2025.", ["Sửa nhà văn hóa (tương đương 12,5 tỷ đ.) trước 31/12/2025."]),
    ],
)
def test_word_letter_ends_sentence_table(text, expected):
    assert _split(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "đ/v" (đảng viên) ends a sentence: its "v" is no initial
        ("Chi bộ có 20 đ/v. Trong đó 5 đ/v nữ.", ["Chi bộ có 20 đ/v.", "Trong đó 5 đ/v nữ."]),
        ("Kết nạp 2 Đ/V. Chi bộ đạt trong sạch vững mạnh.", ["Kết nạp 2 Đ/V.", "Chi bộ đạt trong sạch vững mạnh."]),
        # a quotation cut short with an ellipsis, then its closing quote, ends the sentence
        ('Học tập chuyên đề "Đổi mới tư duy, sửa đổi lối làm việc..." Chi bộ tổ chức 2 đợt.',
         ['Học tập chuyên đề "Đổi mới tư duy, sửa đổi lối làm việc..."', "Chi bộ tổ chức 2 đợt."]),
        ("Học tập chuyên đề “Đổi mới tư duy, sửa đổi lối làm việc…” Chi bộ tổ chức 2 đợt.",
         ["Học tập chuyên đề “Đổi mới tư duy, sửa đổi lối làm việc…”", "Chi bộ tổ chức 2 đợt."]),
        ("Chuyên đề “Đổi mới tư duy…” được học trong quý II.", ["Chuyên đề “Đổi mới tư duy…” được học trong quý II."]),
    ],
)
def test_party_member_and_cut_quotation_table(text, expected):
    assert _split(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a small letter with a diacritic after "v.v." or a numbered team goes on with the sentence
        ("Trồng cây, làm đường, v.v. được nhân dân đồng tình.", ["Trồng cây, làm đường, v.v. được nhân dân đồng tình."]),
        ("Đ/c Lan phụ trách Tổ A. ưu tiên hộ nghèo.", ["Đ/c Lan phụ trách Tổ A. ưu tiên hộ nghèo."]),
    ],
)
def test_small_letter_goes_on_table(text, expected):
    assert _split(text) == expected
