"""Names of exemplary individuals as appraisers write them: initials, ethnic-minority names, titles."""

import pytest

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
    ],
)
def test_names_table(sentence, names):
    assert [n for _, _, n in find_names(sentence)] == names


@pytest.mark.parametrize("sentence", ["Em đăng ký là gương điển hình của lớp 9A trong năm học 2024–2025.",
                                      "Tôi cam kết là gương điển hình trong tổ dân phố 4."])
def test_the_author_designating_himself_is_named_from_the_registration(sentence):
    from analyzer.detect.exemplars import exemplar_names

    assert [n for _, _, n in exemplar_names(sentence, {"person_name": "Trương Thị Bích Ngọc"})] == ["Trương Thị Bích Ngọc"]


def test_one_person_spelt_two_ways_is_listed_once():
    import analyzer

    result = analyzer.analyze_text("3. Nêu gương\nChi bộ chọn đồng chí Lê Thị Thủy làm cá nhân điển hình của mô hình.\n"
                                   "Chọn đồng chí Lê Thị Thuỷ làm cá nhân điển hình tiêu biểu.")
    assert result.exemplar_names == ("Lê Thị Thủy",)
