import re

import pytest

from analyzer.detect.rules import fold, load_rule_file, load_rules, match_rules
from analyzer.errors import DataFileError

RULE_FILES = ["pillars", "requirements", "measurables", "context", "slogans", "sections"]


@pytest.mark.parametrize("name", RULE_FILES)
def test_shipped_rule_files_are_valid(name):
    assert load_rules(name)


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("- {id: a, check: existence, message: m, label: x}", "field 'terms'"),
        ("- {id: a, check: nearby, message: m, label: x, terms: [a]}", "check 'nearby'"),
        ("- {id: a, check: pattern, message: m, label: x, patterns: ['(']}", "invalid pattern"),
        ("- {id: a, check: existence, message: m, terms: [a]}", "exactly one of label, slot, reason, role"),
        ("- {check: existence, message: m, label: x, terms: [a]}", "field 'id'"),
        ("id: a", "must be a list"),
        ("- {id: a, check: existence, message: m, label: x, terms: [a], not_inside: []}", "field 'not_inside'"),
        ("- {id: a, check: pattern, message: m, label: x, patterns: [a], not_inside: [ab]}", "belongs to existence rules"),
        ("- {id: a, check: existence, message: m, label: x, terms: [a]}\n- {id: a, check: existence, message: m, label: x, terms: [b]}",
         "unique"),
    ],
)
def test_invalid_rule_files_name_file_and_field(tmp_path, content, fragment):
    path = tmp_path / "bad.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        load_rule_file(path)
    assert "bad.yaml" in str(err.value) and fragment in str(err.value)


def test_existence_is_case_and_tone_placement_insensitive(tmp_path):
    path = tmp_path / "r.yaml"
    path.write_text("- {id: a, check: existence, message: m, label: x, terms: [cấp ủy]}", encoding="utf-8")
    rules = load_rule_file(path)
    for text in ("Các CẤP UỶ đảng", "các cấp ủy", "Cấp uỷ chi bộ"):
        hits = match_rules(rules, text)
        assert [h.evidence.lower() for h in hits] in (["cấp ủy"], ["cấp uỷ"])
    assert match_rules(rules, "cấp ủyviên") == []


def test_a_term_inside_a_not_inside_compound_is_no_hit(tmp_path):
    path = tmp_path / "r.yaml"
    path.write_text("- {id: a, check: existence, message: m, label: x, terms: [thiếu, yếu], not_inside: [thiếu nhi, chủ yếu]}",
                    encoding="utf-8")
    rules = load_rule_file(path)
    assert match_rules(rules, "Tranh vẽ thiếu nhi, chủ yếu về Bác.") == []
    # the same words elsewhere in the sentence still count
    assert [h.evidence for h in match_rules(rules, "Thiếu nhi thôn thiếu sân chơi, học lực yếu.")] == ["thiếu", "yếu"]


@pytest.mark.parametrize("sentence", [
    "Khoa trang trí hành lang bằng tranh vẽ thiếu nhi.",
    "Nguyên nhân chủ yếu là hướng dẫn bằng lời.",
    "Thiếu tá Cầm Văn Thiết bám bản 62 ngày.",
    "Hoàn thành chậm nhất ngày 30/6/2024.",
    "Đảng viên không ngại khó, chẳng ngại khổ, luôn đi đầu.",
    "Cán bộ không ngại khó, ngại khổ, bám cơ sở.",
])
def test_compounds_are_not_deficiency_words(sentence):
    assert [h for h in match_rules(load_rules("requirements"), sentence) if h.rule == "req.shortcoming.problem"] == []


@pytest.mark.parametrize(("sentence", "evidence"), [
    ("Việc tiếp dân ở bộ phận một cửa còn qua loa, hồ sơ bị thất lạc.", ["qua loa", "thất lạc"]),
    ("Trên thực tế vẫn còn tình trạng đùn đẩy trách nhiệm giữa các ban.", ["vẫn còn", "đùn đẩy"]),
    ("Một số cán bộ né tránh va chạm, nể nang trong đấu tranh phê bình.", ["né tránh", "nể nang"]),
    ("Một số cán bộ còn ngại khó, ngại va chạm.", ["ngại", "ngại"]),
    ("Chỉ số hài lòng của người dân năm 2023 giảm sút, thủ tục còn rườm rà.", ["giảm sút", "rườm rà"]),
])
def test_words_of_a_deficient_behaviour_are_evidence(sentence, evidence):
    hits = [h for h in match_rules(load_rules("requirements"), sentence) if h.rule == "req.shortcoming.problem"]
    assert [h.evidence for h in hits] == evidence


def test_fold_keeps_length():
    text = "ĐẢNG ỦY Hòa Bình"
    assert len(fold(text)) == len(text) and fold(text) == "đảng uỷ hoà bình"


@pytest.mark.parametrize(
    ("sentence", "slots"),
    [
        ("Tổ chức 4 buổi tọa đàm trong quý II/2024.", {"quantity", "date"}),
        ("Phấn đấu 100% hồ sơ giải quyết đúng hạn.", {"quantity"}),
        ("Sinh hoạt chuyên đề hằng tháng.", {"frequency"}),
        ("Đ/c Trần Văn Cường theo dõi, báo cáo.", {"actor"}),
        ("Không có đảng viên vi phạm kỷ luật.", {"quantity"}),
        ("Nâng cao nhận thức cho cán bộ, đảng viên.", set()),
        # counts and frequencies written in words: "hai buổi" counts as "02 buổi" does
        ("Chi bộ đối thoại với nhân dân một năm hai lần.", {"frequency"}),
        ("Tổ tự quản tuần tra hai tuần một lần.", {"frequency"}),
        ("Kiểm tra nhà văn hóa 3 tháng/lần.", {"frequency"}),
        ("Dân quân tuần tra 2 đêm/tuần.", {"frequency"}),
        ("Ban Chỉ huy họp mỗi thứ Bảy.", {"frequency"}),
        ("Hiệu trưởng tự kiểm điểm vào cuối mỗi học kỳ.", {"frequency"}),
        ("Chi bộ tổ chức hai buổi tập huấn cho hội viên.", {"quantity"}),
        ("Mỗi đảng viên giúp đỡ ba hộ khó khăn.", {"quantity"}),
        ("Một lần nữa khẳng định quyết tâm của chi bộ.", set()),
    ],
)
def test_measurable_slots(sentence, slots):
    from analyzer.detect.evidence import sentence_evidence

    assert sentence_evidence(sentence).slot_kinds() >= slots
    if not slots:
        assert not sentence_evidence(sentence).slots


@pytest.mark.parametrize(
    "sentence",
    [
        "Chi bộ có 15 đảng viên.",
        "Thực hiện Chỉ thị 05-CT/TW của Bộ Chính trị.",
        "Hưởng ứng phong trào 5 không, 3 sạch.",
        "Nhiệm kỳ 2020–2025 đã đề ra.",
    ],
)
def test_context_numbers_make_no_slot(sentence):
    from analyzer.detect.evidence import sentence_evidence

    assert "quantity" not in sentence_evidence(sentence).slot_kinds()


@pytest.mark.parametrize(
    ("sentence", "date"),
    [
        ("Phấn đấu đến năm 2025 giảm 10% số hộ nghèo.", "năm 2025"),
        ("Trong năm 2024 có 12 hộ được hỗ trợ sửa nhà.", "Trong năm 2024"),
        ("Năm 2024 cùng 3 chi hội tổ chức 4 buổi tọa đàm.", "Năm 2024"),
    ],
)
def test_a_year_before_a_campaign_word_is_a_date_not_a_campaign_number(sentence, date):
    """ "năm 2024 có …" is no "phong trào 5 không": the year keeps its date slot."""
    from analyzer.detect.evidence import sentence_evidence

    dates = [hit.evidence for hit in sentence_evidence(sentence).slots if hit.value == "date"]
    assert dates == [date]


@pytest.mark.parametrize(
    ("sentence", "dates"),
    [
        ("Hoàn thành sửa chữa 3 phòng học trước ngày 30 tháng 6 năm 2024.", ["trước ngày 30 tháng 6 năm 2024"]),
        ("Khảo sát trong tháng 6 năm 2024, chậm nhất ngày 15 tháng 7 năm 2024 báo cáo.",
         ["trong tháng 6 năm 2024", "chậm nhất ngày 15 tháng 7 năm 2024"]),
        ("Tổ chức khảo sát 120 hộ từ tháng 3–5/2024.", ["từ tháng 3–5/2024"]),
        ("Tổ chức khảo sát 120 hộ trong tháng 3-5/2024.", ["trong tháng 3-5/2024"]),
        ("Hỗ trợ 50 triệu đồng xây nhà cho 01 hộ trước Tết Nguyên đán Giáp Thìn.", ["trước Tết Nguyên đán Giáp Thìn"]),
        # dots or dashes, a quarter with the old tone placement or "Q."
        ("Sơn lại cổng chào của ấp trước 15-8-2025.", ["trước 15-8-2025"]),
        ("Tổ chức 02 buổi tọa đàm trước ngày 20.10.2025.", ["trước ngày 20.10.2025"]),
        ("Học tập chuyên đề trong qúy III/2025.", ["qúy III/2025"]),
        ("Q.III/2025: ra quân dọn vệ sinh đường làng.", ["Q.III/2025"]),
    ],
)
def test_a_date_written_out_or_as_a_range_is_one_slot(sentence, dates):
    """The date as a submission writes it, whole: not "trước ngày 30" and "năm 2024" apart."""
    from analyzer.detect.evidence import sentence_evidence

    ev = sentence_evidence(sentence)
    assert [hit.evidence for hit in ev.slots if hit.value == "date"] == dates
    assert not [hit for hit in ev.slots if hit.rule == "slot.actor.person"]  # "Giáp Thìn" is a year


@pytest.mark.parametrize(
    ("sentence", "campaign"),
    [
        ('Thực hiện phong trào "5 không, 3 sạch" ở từng chi hội.', True),
        ('Cán bộ thực hiện quy tắc "4 xin, 4 luôn" khi tiếp dân.', True),
        ('Hưởng ứng phong trào "Giao dịch viên 3 nhất".', True),
        # a number that designates a unit is no campaign's count
        ("Chi bộ nhận xét tôi vắng 4 buổi sinh hoạt chi hội khu 7 không có lý do.", False),
        ("Khảo sát cho thấy 39% học sinh khối 9 không làm được bài toán thực tế.", False),
        ("Đại đội 2 có 74 quân nhân.", False),
        ("Tỷ lệ học sinh viết chữ chưa đạt yêu cầu khối 2, 3 giảm còn dưới 4%.", False),
        ("Người bệnh có kết quả trước 10 giờ 30 cùng buổi sáng.", False),
        ("Năm 2024, chuyền 5 không có đơn hàng nào giao chậm.", False),
    ],
)
def test_a_number_that_designates_a_unit_is_not_a_campaign_name(sentence, campaign):
    """ "5 không, 3 sạch" names a campaign; "khu 7 không có lý do" and "Đại đội 2 có" do not."""
    from analyzer.detect.evidence import sentence_evidence

    rules = {hit.rule for hit in sentence_evidence(sentence, "", 2024).context}
    assert ("context.campaign_name" in rules) is campaign


@pytest.mark.parametrize(
    ("sentence", "year", "past"),
    [
        ("Năm 2023, chi bộ kết nạp 3 đảng viên mới.", 2024, True),
        ("Năm 2023, chi bộ kết nạp 3 đảng viên mới.", 2023, False),  # this year's result, in a 2023 submission
        ("Năm 2025, chi bộ kết nạp 3 đảng viên mới.", 2026, True),  # no year is past once and for all
        ("Trong năm 2024, Tòa án không nhận phản ánh nào.", 2024, False),
        ("Giai đoạn 2019–2023 đội mở 3 lớp xóa mù chữ.", 2024, True),
        ("Giai đoạn 2024–2025 đội mở 3 lớp xóa mù chữ.", 2024, False),
        ("Những năm qua, đơn vị luôn hoàn thành nhiệm vụ.", 2024, True),
        # a year that opens the sentence needs no comma; inside a sentence it does
        ("Năm 2023 tôi được chi bộ góp ý có 5 trường hợp phải hẹn lại.", 2024, True),
        ("- Trong năm 2023 có 4 phản ánh về việc trả lời chậm.", 2024, True),
        ("b) Năm 2022 đồng chí Xuyến đạt danh hiệu chiến sĩ thi đua cơ sở.", 2024, True),
        ("1.2. Cuối năm 2023 xã còn 41 hộ nghèo.", 2024, True),
        ("Năm 2024 tôi đăng ký không để trường hợp nào phải hẹn lại.", 2024, False),
        ("Năm 2025 chi bộ kết nạp 3 đảng viên mới.", 2024, False),
        ("Chi bộ phấn đấu năm 2023 có 12 hộ thoát nghèo.", 2024, False),
        ("Năm 2023 | 12 hộ | 15 hộ", 2024, False),
        # a school year: by the year it began, or, set as a deadline, by the year it ends
        ("Năm học 2023–2024, trường còn 11 trẻ suy dinh dưỡng.", 2024, True),
        ("Đến cuối năm học 2023–2024, không còn học sinh nào bỏ học.", 2024, False),
        ("Phấn đấu cuối năm học 2023-2024, 100% học sinh lớp 1 đọc thông.", 2024, False),
        ("Đến hết học kỳ II năm học 2023 – 2024, dạy đủ 100% bài thực hành.", 2024, False),
        ("Kết thúc năm học 2022–2023, có 797 học sinh hoàn thành chương trình.", 2024, True),
        ("Đến cuối năm học 2023–2024, trường đã có 98% học sinh lên lớp.", 2025, True),
        ("Trong học kỳ II năm học 2023–2024, dạy đủ 100% bài thực hành.", 2024, False),
        ("Học kỳ I năm học 2023–2024, tỷ lệ chuyên cần chỉ đạt 91,2%.", 2024, True),
        # "năm trước" is last year, but not "năm" + the preposition "trước"
        ("Không để chậm như 3 đơn hàng năm trước.", 2024, True),
        ("Quý III/2024: tự đánh giá giữa năm trước chi bộ.", 2024, False),
        ("Giải quyết xong 61 hồ sơ quá 2 năm trước ngày 30/9/2024.", 2024, False),
    ],
)
def test_last_years_results_are_told_by_the_submissions_own_year(sentence, year, past):
    """ "Năm 2023, …" is context (last year's result) in a 2024 submission, a plan or a result in a 2023 one."""
    from analyzer.detect.evidence import sentence_evidence

    rules = {hit.rule for hit in sentence_evidence(sentence, "", year).context}
    assert ("context.past_result" in rules) is past


def _last_and_this(text, config=None):
    """The two "tọa đàm" sentences of ``text`` (last year's, this year's) and the findings, as
    (sentence, label, evidence)."""
    from analyzer import analyze_text

    result = analyze_text(text, config=config)
    last, this = (s for s in result.sentences if "tọa đàm" in s.text)
    return last, this, {(f.sent_id, f.label, f.evidence) for f in result.findings}


@pytest.mark.parametrize("year", [2023, 2026])
def test_a_submission_dated_in_its_header_reads_the_years_before_as_past(year):
    """The header's date decides: last year's activity is context, this year's is a measurable action."""
    last, this, found = _last_and_this(
        f"CHI BỘ THÔN AN BÌNH\nAn Bình, ngày 10 tháng 3 năm {year}\nBẢN ĐĂNG KÝ MÔ HÌNH\nII. LÀM THEO BÁC\n"
        f"Năm {year - 1}, chi bộ tổ chức 4 buổi tọa đàm cho 30 hộ.\n"
        f"Trong năm {year}, chi bộ tổ chức 4 buổi tọa đàm cho 30 hộ.\n")
    assert not any(sent == last.sent_id and label == "action" for sent, label, _ in found)
    assert (this.sent_id, "slot:date", f"Trong năm {year}") in found
    assert any(sent == this.sent_id and label == "action" for sent, label, _ in found)


def test_a_date_line_left_blank_for_the_signing_day_still_gives_the_year():
    """ "ngày ... tháng ... năm 2026" above the signature: a 2026 submission, whatever the rubric."""
    last, this, found = _last_and_this(
        "BẢN ĐĂNG KÝ\nHọ và tên: Lê Thị Hoa\nII. LÀM THEO BÁC\n"
        "Năm 2025, chi bộ tổ chức 4 buổi tọa đàm cho 30 hộ.\n"
        "Năm 2026, chi bộ tổ chức 4 buổi tọa đàm cho 30 hộ.\n"
        "Bình Minh, ngày ... tháng ... năm 2026\nNGƯỜI ĐĂNG KÝ\nLê Thị Hoa\n")
    assert "action" not in last.labels and "action" in this.labels
    assert (this.sent_id, "slot:date", "Năm 2026") in found and (last.sent_id, "slot:date", "Năm 2025") not in found


@pytest.mark.parametrize("year", [2023, 2026])
def test_a_submission_without_a_date_is_read_as_one_of_the_rubrics_year(year, tmp_path):
    """No date line: the campaign the board scores for (its rubric's year) tells last year from this."""
    from analyzer.config import Config
    from analyzer.rubrics import RUBRIC_DIR

    rubric = tmp_path / f"{year}.yaml"
    rubric.write_text(re.sub(r"(?m)^year: \d+", f"year: {year}", (RUBRIC_DIR / "2024.yaml").read_text("utf-8")),
                      "utf-8")
    last, this, _ = _last_and_this(
        "CHI BỘ THÔN AN BÌNH\nBẢN ĐĂNG KÝ MÔ HÌNH\nII. LÀM THEO BÁC\n"
        f"Năm {year - 1}, chi bộ tổ chức 4 buổi tọa đàm cho 30 hộ.\n"
        f"Năm {year}, chi bộ tổ chức 4 buổi tọa đàm cho 30 hộ.\n", Config(rubric=str(rubric)))
    assert "action" not in last.labels and "action" in this.labels


@pytest.mark.parametrize("section, role", [
    ("I. TÌNH HÌNH CHUNG", "context"),
    ("1. Đặc điểm tình hình đơn vị", "context"),
    ("II. THỰC TRẠNG VÀ LÝ DO XÂY DỰNG MÔ HÌNH", "motivation"),
    ("1. Vì sao chi bộ chọn mô hình này", "motivation"),
    ("A. NHỮNG ĐIỀU TÔI CẦN SỬA", "motivation"),
    ("I. NHỮNG VIỆC TÔI PHẢI KHẮC PHỤC", "motivation"),
    ("2. Điều chi bộ đã nhắc tôi", "motivation"),
    ("II. NHỮNG VẤN ĐỀ CẦN GIẢI QUYẾT", "motivation"),
    ("III. ĐÁNH GIÁ > 2. Hạn chế", "shortcoming"),
    ("1. Tôi tự nhận những thiếu sót", "shortcoming"),
    ("II. NHỮNG VIỆC CHƯA LÀM TỐT NĂM 2025", "shortcoming"),
    ("b) Nhược điểm", "shortcoming"),
])
def test_problem_headings_are_told_from_neutral_situation_headings(section, role):
    """A bad figure under "Lý do" is evidence of a shortcoming; under "Tình hình chung" it is context (decision 23)."""
    from analyzer.detect.evidence import section_roles

    roles = section_roles(section)
    assert role in roles
    assert not ({"context", "motivation"} - {role}) & roles


@pytest.mark.parametrize("patterns", [
    [r"(?i)\bmới có \d+", r"(?i)\bchỉ đạt \d+%"],
    # an alternation at the outermost level keeps its own boundaries ("12%" in "A12%" has none)
    [r"(?i)\bnêu trên\b|\d+%", r"(?i)\btừng bị\b"],
    [r"(?i)\bx[|]y", r"\bnăm \d{4}"],
])
def test_joined_patterns_match_what_each_pattern_matches(patterns):
    import re

    from analyzer.detect.rules import _joined

    joined = re.compile(_joined(patterns), re.MULTILINE)
    for text in ["Hiện mới có 54% hộ, chỉ đạt 70% kế hoạch.", "Các hạn chế nêu trên, mã A12%.",
                 "Kho từng bị ngập; X|Y năm 2023.", "Mới Có 3 thôn"]:
        single = sorted({m.span() for p in patterns for m in re.finditer(p, text, re.MULTILINE)})
        assert sorted(m.span() for m in joined.finditer(text)) == single, text


@pytest.mark.parametrize(
    ("sentence", "code", "shown", "not_shown"),
    [
        # a requirement only mentioned: the reason names the words that mention it
        ("Chi cục quyết tâm khắc phục những hạn chế, yếu kém trong công tác thông quan.", "bare_mention",
         "tồn tại, hạn chế «yếu kém", None),
        # a word of a deficiency is no mention of the unit's shortcomings; naming who acts is not measurable
        ("Đảng viên tích cực giúp đỡ các hộ còn khó khăn trong ấp.", "no_concrete",
         "chỉ nêu người thực hiện", "tồn tại"),
        # worded like the guidance without its words: the phrase is named, not quoted as if in the sentence
        ("Chị em hội viên ai cũng là một cá nhân tiêu biểu điển hình.", "guidance", "gần giống câu hướng dẫn", "«"),
    ],
)
def test_a_slogan_reason_shows_what_the_sentence_says(sentence, code, shown, not_shown):
    from analyzer.detect.evidence import sentence_evidence
    from analyzer.detect.slogans import slogan_reasons

    messages = {c: m for c, m, _ in slogan_reasons(sentence, sentence_evidence(sentence),
                                                   ("ít nhất một cá nhân điển hình tiêu biểu",))}
    assert shown in messages[code]
    assert not_shown is None or not_shown not in messages[code]


@pytest.mark.parametrize("sentence", [
    "Ban chấp hành chi hội gương mẫu đi đầu, không để người thân vi phạm pháp luật.",
    "Chi cục cam kết không để phát sinh phiền hà, tiêu cực trong thông quan.",
    "Đảng viên tích cực giúp đỡ các hộ còn khó khăn trong ấp.",
])
def test_a_word_of_a_deficiency_is_no_bare_mention_of_shortcomings(sentence):
    from analyzer.detect.evidence import sentence_evidence
    from analyzer.detect.slogans import slogan_reasons

    assert "bare_mention" not in [c for c, _, _ in slogan_reasons(sentence, sentence_evidence(sentence), ())]


def test_a_slogan_the_rules_cannot_explain_says_so():
    """Every flagged sentence carries a reason: the model's reading alone is named as such."""
    from analyzer.detect.evidence import sentence_evidence
    from analyzer.detect.slogans import slogan_reasons

    sentence = "Chi bộ tổ chức 02 buổi sinh hoạt chuyên đề trong tháng 5/2025."
    assert [c for c, _, _ in slogan_reasons(sentence, sentence_evidence(sentence), ())] == ["model_only"]


@pytest.mark.parametrize(("sentence", "counts"), [
    ("Năm 2024 tổ chức 4 buổi sinh hoạt chuyên đề cho đảng viên.", ["4 buổi"]),  # "tổ chức" is the verb
    ("Thành lập 3 tổ tự quản ở 3 thôn trong quý II/2024.", ["3 tổ"]),
])
def test_a_number_before_to_chuc_is_no_count_of_teams(sentence, counts):
    from analyzer.detect.evidence import sentence_evidence

    assert [h.evidence for h in sentence_evidence(sentence).slots if h.rule == "slot.quantity.count"] == counts


@pytest.mark.parametrize(("sentence", "guidance"), [
    ("Không nhận quà của khách hàng dưới mọi hình thức.", False),  # a form, a manner
    ("Tuyên truyền bằng nhiều hình thức phong phú.", False),
    ("Sinh hoạt chi bộ còn hình thức, chiếu lệ.", True),  # formalism: a deficiency
])
def test_hinh_thuc_as_a_form_is_no_word_of_formalism(sentence, guidance):
    from analyzer.detect.evidence import sentence_evidence

    ev = sentence_evidence(sentence)
    found = [h.evidence for h in (*ev.slogan, *ev.cues) if h.evidence == "hình thức"]
    assert bool(found) is guidance


def test_a_noun_holding_a_verb_s_syllable_is_no_activity():
    from analyzer.detect.rules import fold, load_rules, match_rules

    text = "Đồng chí Ngọc phụ trách công trình thắp sáng theo chương trình; trình Hiệu trưởng ban hành."
    found = [h.evidence for h in match_rules(load_rules("activities"), text, fold(text)) if h.value == "activity"]
    assert found == ["phụ trách", "trình", "ban hành"]
