"""Names of exemplary individuals as appraisers write them: initials, ethnic-minority names, titles."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analyzer.detect import exemplars
from analyzer.detect.exemplars import find_names


@pytest.mark.parametrize(
    ("sentence", "names"),
    [
        ("Cá nhân điển hình: đ/c N.V.Tùng, giáo viên.", ["N.V.Tùng"]),
        ("Cá nhân điển hình: đ/c Ng.V.An, công chức Hải quan.", ["Ng.V.An"]),
        ("Chọn đồng chí Ng.Th.Hòa, kế toán trưởng, làm điển hình.", ["Ng.Th.Hòa"]),
        ("Cá nhân điển hình: đồng chí Nguyễn V. Tùng, giáo viên Toán.", ["Nguyễn V. Tùng"]),
        ("Cá nhân điển hình: đ/c Lê T. Hồng Nhung, giáo viên.", ["Lê T. Hồng Nhung"]),
        ("Chị H’Linh Niê, hội viên người Ê Đê, là cá nhân điển hình.", ["H’Linh Niê"]),
        ("Em H'Nhi Byă, học sinh lớp 9A2, là gương điển hình.", ["H'Nhi Byă"]),
        ("Chọn đ/c N.V.Tùng và đồng chí Lê Thị Thu Hằng, Bí thư, làm điển hình.", ["N.V.Tùng", "Lê Thị Thu Hằng"]),
        ("Đồng chí Bí thư Chi bộ học tập tấm gương Hồ Chí Minh.", []),
        ("Cá nhân điển hình là đồng chí Bí thư Chi bộ.", []),
        ("Thực hiện theo Th.S Kế hoạch của Ban.", []),
        ("Giao đồng chí Trần Văn Bình hỗ trợ 01 hộ xây nhà trước Tết Nguyên đán Giáp Thìn.", ["Trần Văn Bình"]),
        # family names that also open a body's name, and the Ê Đê "Y"
        ("Chi bộ chọn đồng chí Y Kông Niê, đảng viên, làm cá nhân điển hình.", ["Y Kông Niê"]),
        ("Chọn đồng chí Đoàn Văn Hậu và Cao Thị Lan làm điển hình.", ["Đoàn Văn Hậu", "Cao Thị Lan"]),
        ("Cá nhân điển hình: hội viên Nông Văn Dền, Lữ Văn Hùng.", ["Nông Văn Dền", "Lữ Văn Hùng"]),
        ("Đồng chí Phó Bí thư phối hợp với Trạm Y Tế và Ban Chấp hành Đoàn Thanh Niên.", []),
        ("Chọn em Trần Minh Khoa và đồng chí Cao Văn Thanh.", ["Trần Minh Khoa", "Cao Văn Thanh"]),
        # a title after the name without a comma ends it; a name in capitals in a sentence that is not
        ("Chọn đồng chí Sùng A Lử Trưởng bản và em Lê Minh Khôi Lớp 9A.", ["Sùng A Lử", "Lê Minh Khôi"]),
        ("Chi bộ chọn đồng chí NGUYỄN VĂN TÙNG, Phó Bí thư, làm cá nhân điển hình.", ["NGUYỄN VĂN TÙNG"]),
        # a school or a street named after a person is no person
        ("Chi bộ Trường THCS Lê Lợi chọn cô Lê Thị Hoa ở đường Trần Hưng Đạo.", ["Lê Thị Hoa"]),
        ("Chi bộ Trường THCS LÊ LỢI chọn cô Lê Thị Hoa.", ["Lê Thị Hoa"]),
        # a title capitalised after a colon or opening the sentence is no part of the name
        ("Cá nhân điển hình: Ông Lê Văn Tám, Trưởng ấp.", ["Lê Văn Tám"]),
        ("Cá nhân điển hình: Đồng Chí Nguyễn Văn Tùng.", ["Nguyễn Văn Tùng"]),
        ("Chọn Cô Giáo Nguyễn Thị Lan làm điển hình.", ["Nguyễn Thị Lan"]),
        ("Đồng chí Đồng Văn Minh phụ trách.", ["Đồng Văn Minh"]),
        # hyphenated Ê Đê names, six-word names, a title in capitals before a name in capitals
        ("Cá nhân điển hình: đ/c Y-Moan Niê, Trưởng buôn.", ["Y-Moan Niê"]),
        ("Cá nhân điển hình: đ/c Y-Ngông Niê Kdăm, Trưởng buôn.", ["Y-Ngông Niê Kdăm"]),
        ("Chọn đồng chí Công Tằng Tôn Nữ Diệu Linh làm điển hình.", ["Công Tằng Tôn Nữ Diệu Linh"]),
        ("- CÁ NHÂN ĐIỂN HÌNH: ĐỒNG CHÍ THẠCH THỊ SA PHA, PHÓ BÍ THƯ CHI BỘ, TRƯỞNG ẤP.", ["THẠCH THỊ SA PHA"]),
        # a real name that goes on past a famous one is another person's; the famous one alone is no exemplar
        ("Chọn đồng chí Phạm Văn Đồng Khởi, Trưởng ấp, làm cá nhân điển hình.", ["Phạm Văn Đồng Khởi"]),
        ("6 | Phạm Văn Đồng Khởi | Trưởng ấp | Cá nhân điển hình", ["Phạm Văn Đồng Khởi"]),
        ("Chọn đồng chí Trần Việt Nam Anh làm cá nhân điển hình.", ["Trần Việt Nam Anh"]),
        ("NOI GƯƠNG ĐỒNG CHÍ VÕ NGUYÊN GIÁP, ĐƠN VỊ THI ĐUA.", []),
        ("(Hồ Chí Minh Toàn tập, Tập 12, tr. 558).", []),
        ("Học tập và làm theo tư tưởng, đạo đức, phong cách Chủ tịch Hồ Chí Minh.", []),
        # degrees and honours abbreviated in capitals before the name, kinship words of address
        ("Cá nhân điển hình: Bác sĩ CKI Trần Thị Ngọc Ánh, Trưởng khoa Nhi.", ["Trần Thị Ngọc Ánh"]),
        ("Cá nhân điển hình: NGƯT Đặng Thị Kim Oanh, giáo viên Toán.", ["Đặng Thị Kim Oanh"]),
        ("Cá nhân điển hình: BSCKII Nguyễn Văn Thái, Giám đốc Trung tâm Y tế.", ["Nguyễn Văn Thái"]),
        ("Cá nhân điển hình: chú Vừ A Dính, Bí thư chi bộ bản.", ["Vừ A Dính"]),
        ("Năm 2024, đồng chí Bé Tư nhận hướng dẫn 10 hộ lân cận.", ["Bé Tư"]),
        # Mông, Dao and Khmer family names in a table's name column
        ("2 | Vừ A Dính | Trưởng bản | Cá nhân điển hình", ["Vừ A Dính"]),
        ("3 | Tẩn Láo Lở | Người có uy tín | Cá nhân điển hình", ["Tẩn Láo Lở"]),
        ("4 | Chau Sóc Kha | Phó trưởng ấp | Cá nhân điển hình", ["Chau Sóc Kha"]),
        ("5 | Néang Sa Phi | Chi hội trưởng | Cá nhân điển hình", ["Néang Sa Phi"]),
        # a title's word ending the name before a comma is the name's own ("Phòng"); a place after a head's title is none
        ("Chọn đồng chí Nguyễn Văn Hải Phòng, cán bộ địa chính, làm điển hình.", ["Nguyễn Văn Hải Phòng"]),
        ("Chọn đồng chí Lê Văn Tám Phòng Tư pháp làm điển hình.", ["Lê Văn Tám"]),
        ("Cá nhân điển hình: đồng chí Hà Văn Thắng, Trưởng bản Pá Khôm.", ["Hà Văn Thắng"]),
        ("Cá nhân điển hình: Trưởng bản Giàng A Páo.", ["Giàng A Páo"]),
        ("Cá nhân điển hình: già làng A Thút, người Ba Na.", ["A Thút"]),
        # places, a university, a hospital and a memorial named after a person
        ("Tổ chức tham quan Khu di tích Kim Liên, Nam Đàn.", []),
        ("Tổ chức tham quan Khu di tích Nguyễn Sinh Sắc.", []),
        ("Trường Đại học Nguyễn Tất Thành ký kết hợp tác.", []),
        ("Chi bộ Bệnh viện Đa khoa Nguyễn Đình Chiểu chọn điển hình.", []),
        ("Tổ chức khám bệnh tại xóm Đồng Mận và bản Đồng Tâm.", []),
        ("Đăk Pờ Lang, ngày 20 tháng 3 năm 2024", []),
        ("Kính gửi: Ban Thường vụ Thành ủy Buôn Ma Thuột.", []),
    ],
)
def test_names_table(sentence, names):
    assert [n for _, _, n in find_names(sentence)] == names


@pytest.mark.parametrize("sentence", ["Em đăng ký là gương điển hình của lớp 9A trong năm học 2024–2025.",
                                      "Tôi cam kết là gương điển hình trong tổ dân phố 4."])
def test_the_author_designating_himself_is_named_from_the_registration(sentence):
    from analyzer.detect.exemplars import exemplar_names

    assert [n for _, _, n in exemplar_names(sentence, {"person_name": "Trương Thị Bích Ngọc"})] == ["Trương Thị Bích Ngọc"]


@pytest.mark.parametrize("sentence", ["Chi bộ đề nghị mỗi em đoàn viên đăng ký phấn đấu trở thành gương điển hình.",
                                      "Vận động các em học sinh đăng ký phấn đấu làm theo gương điển hình.",
                                      "Bản thân Bí thư chi bộ là cá nhân điển hình của mô hình."])
def test_the_signer_of_a_collective_registration_is_not_designated_by_its_third_person(sentence):
    from analyzer.detect.exemplars import exemplar_names

    assert exemplar_names(sentence, {"signatory": "Nguyễn Văn Quyết"}) == []


def test_one_person_spelt_two_ways_is_listed_once():
    import analyzer

    result = analyzer.analyze_text("3. Nêu gương\nChi bộ chọn đồng chí Lê Thị Thủy làm cá nhân điển hình của mô hình.\n"
                                   "Chọn đồng chí Lê Thị Thuỷ làm cá nhân điển hình tiêu biểu.")
    assert result.exemplar_names == ("Lê Thị Thủy",)


_WORDS = ["đồng", "chí", "Đồng", "chí", "Nguyễn", "Văn", "Tùng", "NGUYỄN", "VĂN", "em", "H'Nhi", "Byă", "N.V.Tùng",
          "Ng.An", "Bí", "thư", "Chi", "bộ", "Y", "Bhim", "Niê", "chọn", "làm", "điển", "hình", "Hồ", "Chí", "Minh",
          "cô", "Lan", "Trường", "THCS", "Lê", "Lợi", "ĐỒNG", "CHÍ", "THẠCH", "THỊ", "SA", "PHA", "đ/c", "Q.III"]


@given(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=12), st.lists(st.sampled_from([" ", ", ", ": ", "  "]),
                                                                           min_size=12, max_size=12))
@settings(max_examples=300, deadline=None)
def test_the_quick_check_before_reading_names_never_loses_one(words, gaps):
    """Most sentences hold no two capitalised words side by side and no initials, and are not read word by
    word; every sentence that holds a name is."""
    sentence = "".join(w + g for w, g in zip(words, gaps)).strip(" ,:") + "."
    found = find_names(sentence)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(exemplars, "_MAY_HOLD_NAME", re.compile(""))
        assert find_names(sentence) == found


@pytest.mark.parametrize(("sentence", "names"), [
    ("Đồng chí Nguyễn Văn Bình, Bí thư chi bộ, chỉ đạo chọn đồng chí Đinh Văn Hùng làm cá nhân điển hình.", ["Đinh Văn Hùng"]),
    ("Chi bộ thống nhất chọn đồng chí Đinh Văn Hùng làm gương điển hình, đồng chí Bí thư Nguyễn Văn Bình trực tiếp "
     "theo dõi, giúp đỡ.", ["Đinh Văn Hùng"]),
    ("Chọn đồng chí Đinh Văn Hùng làm điển hình theo đề nghị của đồng chí Trần Văn Cường, Chủ tịch UBND xã.",
     ["Đinh Văn Hùng"]),
    ("Chọn đồng chí Đinh Văn Hùng làm điển hình, kèm cặp cháu Lò Văn Pá đi học đầy đủ.", ["Đinh Văn Hùng"]),
    ("Đồng chí Đinh Văn Hùng được chọn làm điển hình, thay cho đồng chí Lò Văn Tủa đã chuyển sinh hoạt.",
     ["Đinh Văn Hùng"]),
    # a household is designated, two people in one sentence are both
    ("Chọn hộ ông Võ Văn Nhiều và bà Trần Thị Lệ làm điển hình của mô hình.", ["Võ Văn Nhiều", "Trần Thị Lệ"]),
    ("Chọn đồng chí Nguyễn Văn T. làm điển hình của chi bộ.", ["Nguyễn Văn T."]),
])
def test_only_the_designated_are_exemplars_not_who_proposes_directs_or_is_helped(sentence, names):
    from analyzer.detect.exemplars import exemplar_names

    assert [n for _, _, n in exemplar_names(sentence, {})] == names


@pytest.mark.parametrize(("sentence", "listed"), [
    ("- Đồng chí Lù Văn Sình, Trưởng thôn;", True),
    ("1. Thượng úy Trần Văn An, Chính trị viên phó.", True),
    ("2 | Vàng A Chá | Bí thư Chi đoàn | Dạy chữ cho 12 thanh niên", True),
    ("- Năm 2023, đ/c Đ.V.Khánh bắn AK bài 1 đạt 30/30 điểm, được e tặng Giấy khen.", False),  # a deed, not a listing
    ("- Chi bộ theo dõi, nhân rộng các điển hình.", False),
])
def test_a_person_listed_under_a_heading_of_exemplars_is_one(sentence, listed):
    from analyzer.detect.exemplars import listed_exemplar

    assert ("exemplar" in listed_exemplar(frozenset({"neu_guong"}), frozenset({"exemplar"}), sentence)) is listed
    assert "exemplar" not in listed_exemplar(frozenset({"neu_guong"}), frozenset({"neu_guong"}), sentence)
