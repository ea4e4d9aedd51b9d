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
    ],
)
def test_names_table(sentence, names):
    assert [n for _, _, n in find_names(sentence)] == names
