"""The trained labeller on a table of Vietnamese sentences, with the guidelines' borderline decisions.

Every sentence here is written for this test (none is a corpus sentence). Each case is a short
registration: a heading (sections are evidence) and the sentence, sometimes after a sentence it
refers back to. ``must`` labels have to be predicted, ``must_not`` labels must not be.
"""

from __future__ import annotations

import pytest

from analyzer.api import analyze_text

HEADER = "CHI BỘ TỔ DÂN PHỐ SỐ 9\nBẢN ĐĂNG KÝ MÔ HÌNH NĂM 2024\n"

CASES = [
    # pillars by content (decision 10) and concrete actions (decisions 1, 2)
    ("1. Học tập Bác", "Chi bộ tổ chức 3 buổi sinh hoạt chuyên đề về phong cách làm việc của Bác trong quý II/2024.",
     {"hoc_tap", "action"}, {"slogan", "shortcoming"}),
    ("2. Làm theo Bác", "Trả kết quả giấy xác nhận cư trú trong ngày cho 100% người dân đến làm thủ tục từ tháng 5/2024.",
     {"lam_theo", "action"}, {"slogan"}),
    ("3. Nêu gương", "Đồng chí Bí thư chi bộ đăng ký 2 việc làm nêu gương, công khai tại cuộc họp tổ dân phố tháng 4/2024.",
     {"neu_guong", "action"}, {"slogan"}),
    # a slogan about a pillar is that pillar + slogan (decision 7)
    ("1. Học tập Bác", "Đẩy mạnh việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh trong toàn chi bộ.",
     {"hoc_tap", "slogan"}, {"action"}),
    ("3. Nêu gương", "Mỗi đảng viên phải thực sự gương mẫu, đi đầu trong mọi phong trào.",
     {"neu_guong", "slogan"}, {"action"}),
    # context numbers are not actions (decision 1)
    ("I. TÌNH HÌNH CHUNG", "Chi bộ có 23 đảng viên, trong đó 9 đảng viên nữ.",
     set(), {"action", "shortcoming"}),
    # bare requirement mentions are slogans only (decisions 3, 13)
    ("II. YÊU CẦU", "Mô hình gắn với chỉ tiêu nghị quyết và khắc phục những tồn tại, hạn chế đã được chỉ ra.",
     {"slogan"}, {"resolution_target", "shortcoming", "action"}),
    ("II. YÊU CẦU", "Chi bộ quyết tâm khắc phục những hạn chế, khuyết điểm mà cấp ủy cấp trên đã góp ý.",
     {"slogan"}, {"shortcoming", "action"}),
    # a specific target of the resolution (decision 2)
    ("II. MỤC TIÊU", "Nghị quyết Đại hội Đảng bộ phường nhiệm kỳ 2020–2025 đề ra chỉ tiêu 95% hộ gia đình đạt danh hiệu gia đình văn hóa.",
     {"resolution_target"}, {"slogan", "shortcoming"}),
    # shortcomings pointed out by a review, a survey, citizens (decisions 16, 20, 23 A)
    ("I. LÝ DO XÂY DỰNG MÔ HÌNH", "Kiểm điểm năm 2023, Đảng ủy phường chỉ ra hạn chế của chi bộ: 31 hồ sơ xác nhận cư trú bị trả chậm.",
     {"shortcoming"}, {"action", "slogan"}),
    ("I. LÝ DO XÂY DỰNG MÔ HÌNH", "Tại buổi tiếp xúc cử tri tháng 11/2023, người dân phản ánh 12 ý kiến về rác thải để sai giờ quy định.",
     {"shortcoming"}, {"action"}),
    ("III. ĐÁNH GIÁ > 2. Hạn chế", "Còn 4 hộ kinh doanh chưa ký cam kết giữ vệ sinh vỉa hè.",
     {"shortcoming"}, {"slogan"}),
    # a vague limitation is a slogan, not a shortcoming (decision 16)
    ("III. ĐÁNH GIÁ > 2. Hạn chế", "Một số đảng viên còn lúng túng trong việc vận động nhân dân.",
     {"slogan"}, {"shortcoming"}),
    # a commitment that restates a baseline refers back (decision 19)
    ("2. Làm theo Bác", "Giảm số hồ sơ bị trả chậm từ 31 hồ sơ năm 2023 xuống không quá 3 hồ sơ trong năm 2024.",
     {"lam_theo", "action", "shortcoming"}, {"slogan"}),
    # the words of a refer-back with nothing pointed out behind them (decisions 3, 23)
    ("II. NỘI DUNG", "Tiếp thu ý kiến của nhân dân để hoàn thiện mô hình.",
     {"slogan"}, {"shortcoming", "action"}),
    ("II. NỘI DUNG", "Thực hiện các nhiệm vụ theo kế hoạch mà chi bộ đã xác định.",
     {"slogan"}, {"shortcoming", "action"}),
    # a new target without a link is not a shortcoming (decisions 19, 23)
    ("2. Làm theo Bác", "Phấn đấu 100% hồ sơ được giải quyết đúng hạn trong năm 2024.",
     {"lam_theo", "action"}, {"shortcoming", "slogan"}),
    # exemplar designated vs mentioned (decision 9)
    ("4. Cá nhân điển hình", "Chọn đồng chí Lê Thị Hồng Nhung, tổ trưởng tổ dân phố, làm cá nhân điển hình của mô hình.",
     {"exemplar", "neu_guong"}, {"slogan"}),
    ("2. Làm theo Bác", "Đồng chí Phan Văn Lộc phụ trách tổ thu gom rác từ tháng 3/2024.",
     set(), {"exemplar"}),
    # roadmap vs frequency (decisions 6, 14)
    ("5. Lộ trình thực hiện", "Giai đoạn 2 (tháng 5–8/2024): tổ chức 4 buổi ra quân làm sạch đường phố, lắp 6 thùng rác công cộng.",
     {"roadmap", "action"}, {"slogan"}),
    ("2. Làm theo Bác", "Sinh hoạt chi bộ đều đặn vào ngày 5 hằng tháng, mỗi buổi dành 15 phút kể chuyện về Bác.",
     {"action"}, {"roadmap", "slogan"}),
    ("5. Lộ trình thực hiện", "Tháng 12/2024 tổng kết, đánh giá mô hình.",
     {"roadmap"}, {"slogan"}),
    # a figure that measures nothing is no action (decisions 2, 3): a share of members put on a state of
    # mind or a virtue, or the shortcomings and targets unnamed; a real measure beside it keeps the action
    ("1. Học tập Bác", "100% đảng viên nâng cao nhận thức, tạo chuyển biến mạnh mẽ trong năm 2024.",
     {"slogan"}, {"action"}),
    ("3. Nêu gương", "100% cán bộ, đảng viên gương mẫu, đi đầu, nói đi đôi với làm.",
     {"neu_guong", "slogan"}, {"action"}),
    ("2. Làm theo Bác", "100% đảng viên khắc phục tồn tại, hạn chế, đổi mới tư duy, sửa đổi lối làm việc.",
     {"slogan"}, {"action", "shortcoming"}),
    ("2. Làm theo Bác", "Phấn đấu 100% tồn tại, hạn chế được khắc phục trước ngày 30/6/2024.",
     {"slogan"}, {"action", "shortcoming"}),
    # … also where the model reads the line as no content at all (a requirement written as "label: text"),
    # but not last year's result, which stays context whatever it claims (decision 20)
    ("IV. CÁC YÊU CẦU", "Tồn tại: khắc phục 100% tồn tại, hạn chế.", {"slogan"}, {"action", "shortcoming"}),
    ("I. ĐẶC ĐIỂM TÌNH HÌNH", "Năm 2023, 100% tồn tại, hạn chế đã được khắc phục.", set(),
     {"slogan", "action", "shortcoming"}),
    ("2. Làm theo Bác", "Gắn với chỉ tiêu nghị quyết: 100% chỉ tiêu nghị quyết được hoàn thành trong năm 2024.",
     {"slogan"}, {"action", "resolution_target"}),
    ("3. Nêu gương", "100% đảng viên gương mẫu, không có đảng viên vi phạm kỷ luật trong năm 2024.",
     {"neu_guong", "action"}, {"slogan"}),
    ("IV. GẮN VỚI CHỈ TIÊU NGHỊ QUYẾT", "Mô hình gắn với chỉ tiêu nghị quyết đại hội, phấn đấu hoàn thành 100% chỉ tiêu.",
     {"slogan"}, {"action", "resolution_target"}),
    ("2. Làm theo Bác", "Phấn đấu hoàn thành 100% chỉ tiêu huấn luyện dân quân năm 2024.",
     {"lam_theo", "action"}, {"slogan"}),
    # a share of nothing named, an unnamed work plan, doing "well": no figure measures anything
    ("5. Lộ trình thực hiện", "Thực hiện mô hình trong năm 2024, đạt 100%.",
     {"slogan"}, {"action"}),
    ("2. Làm theo Bác", "Phấn đấu đạt 100% kế hoạch công tác năm 2024.",
     {"slogan"}, {"action", "resolution_target"}),
    ("2. Làm theo Bác", "100% công chức thực hiện tốt nhiệm vụ được giao.",
     {"slogan"}, {"action"}),
    # a deadline put on a state of mind or a virtue measures nothing either (the whole sentence is the two)
    ("1. Học tập Bác", "Trước ngày 30/6/2024, nâng cao nhận thức của đảng viên về tư tưởng, đạo đức của Bác.",
     {"hoc_tap", "slogan"}, {"action"}),
    ("3. Nêu gương", "Trong tháng 5/2024, người đứng đầu gương mẫu, đi đầu trong mọi việc.",
     {"neu_guong", "slogan"}, {"action"}),
    ("2. Làm theo Bác", "Tạo chuyển biến rõ nét trong phục vụ người dân trước ngày 31/10/2024.",
     {"lam_theo", "slogan"}, {"action"}),
    # … but a dated step of a roadmap, an activity, a frequency beside it stays an action (decisions 6, 14)
    ("5. Lộ trình thực hiện", "Quý II/2024: thực hiện mô hình, đạt 100%.",
     {"action", "roadmap"}, {"slogan"}),
    ("3. Nêu gương", "Trong tháng 5/2024, đảng viên gương mẫu đóng góp ngày công làm đường vào thôn.",
     {"neu_guong", "action"}, {"slogan"}),
    ("1. Học tập Bác", "Trước ngày 30/6/2024, nâng cao nhận thức qua sinh hoạt chuyên đề hằng tháng.",
     {"hoc_tap", "action"}, {"slogan"}),
    # a step of the model's own course is action roadmap with no pillar (decisions 10, 14), "đạt 100%" or not
    ("II. LỘ TRÌNH THỰC HIỆN", "- Quý II/2024: thực hiện mô hình, đạt 100%.",
     {"action", "roadmap"}, {"hoc_tap", "lam_theo", "neu_guong", "slogan"}),
    ("II. LỘ TRÌNH THỰC HIỆN", "- Quý I/2024: xây dựng, thông qua và triển khai mô hình, đạt 100%.",
     {"action", "roadmap"}, {"hoc_tap", "lam_theo", "neu_guong", "slogan"}),
    # … while a step naming the unit's own work keeps its pillar
    ("II. LỘ TRÌNH THỰC HIỆN", "- Quý II/2024: triển khai mô hình, lắp 46 bóng đèn trên tuyến đường ấp.",
     {"action", "roadmap", "lam_theo"}, {"slogan"}),
]

REFER_BACK = (
    "I. LÝ DO XÂY DỰNG MÔ HÌNH\n"
    "Năm 2023, Đoàn kiểm tra của Quận ủy chỉ ra: còn 17 hộ lấn chiếm lòng đường để bán hàng.\n"
    "II. NỘI DUNG\n2. Làm theo Bác\n{sentence}\n"
)


def _labels(text: str, sentence: str) -> frozenset[str]:
    result = analyze_text(text, doc_id="table")
    assert result.status == "ok"
    found = [s for s in result.sentences if s.text == sentence]
    assert found, f"sentence not segmented as one: {sentence}"
    return found[0].labels


@pytest.mark.parametrize("section, sentence, must, must_not", CASES, ids=[c[1][:40] for c in CASES])
def test_labels_of_a_sentence(section, sentence, must, must_not):
    headings = section.split(" > ")
    labels = _labels(HEADER + "\n".join(headings) + "\n" + sentence + "\n", sentence)
    assert must <= labels, f"missing {sorted(must - labels)} in {sorted(labels)}"
    assert not (must_not & labels), f"unexpected {sorted(must_not & labels)} in {sorted(labels)}"


@pytest.mark.parametrize("sentence, refers", [
    # repeats the counted object that was pointed out (decision 23 B)
    ("Vận động 17 hộ nêu trên chuyển vào khu chợ tạm trước ngày 30/6/2024.", True),
    # refers back in words, naming who pointed it out (decision 23 B)
    ("Lắp biển cấm đỗ xe ở đoạn phố mà Đoàn kiểm tra của Quận ủy đã ghi nhận, xong trước ngày 30/9/2024.", True),
    # works on the same topic without a link: not a shortcoming
    ("Tổ chức 2 buổi tuyên truyền về trật tự đô thị trong quý III/2024.", False),
])
def test_a_commitment_refers_back_to_the_shortcoming_it_redresses(sentence, refers):
    labels = _labels(HEADER + REFER_BACK.format(sentence=sentence), sentence)
    assert ("shortcoming" in labels) is refers, sorted(labels)


def test_a_tables_column_names_get_no_label():
    """The header row of a shortcomings table names its columns ("Tồn tại, hạn chế", "Giải pháp khắc
    phục"): no slogan, no finding; its numbered rows are read as usual."""
    header = "STT | Tồn tại, hạn chế | Nguyên nhân | Giải pháp khắc phục | Thời gian"
    row = "1 | 7 hộ chưa có nhà tiêu hợp vệ sinh | Thiếu kinh phí | Vận động hỗ trợ 7 hộ xây nhà tiêu | Tháng 6/2024"
    result = analyze_text(HEADER + "I. THỰC TRẠNG\nĐảng ủy xã kiểm tra, chỉ ra còn 7 hộ chưa có nhà tiêu hợp vệ sinh.\n"
                          + header + "\n" + row + "\n")
    (first,) = [s for s in result.sentences if s.text == header]
    assert first.kind == "table_header" and not first.labels
    assert not [f for f in result.findings if f.sent_id == first.sent_id]
    (second,) = [s for s in result.sentences if s.text == row]
    assert second.kind == "table_row" and "shortcoming" in second.labels


def test_a_slogan_the_vacuous_figure_rule_decided_names_the_rule_not_the_model():
    """Every finding says what decided it: the model's probability, or the rule that overrode it."""
    sentence = "100% đảng viên nêu gương, 100% cán bộ gương mẫu đi đầu."
    result = analyze_text(HEADER + "3. Nêu gương\n" + sentence + "\n")
    (s,) = [s for s in result.sentences if s.text == sentence]
    assert "slogan" in s.labels and "action" not in s.labels
    (label,) = [f for f in result.findings if f.sent_id == s.sent_id and f.label == "slogan"]
    assert label.source == "rule:slogan.vacuous_figure" and label.score == 1.0 and label.evidence.startswith("100%")
    reasons = [f for f in result.findings if f.sent_id == s.sent_id and f.label == "slogan_reason:vacuous_figure"]
    assert reasons and all(f.score == 1.0 for f in reasons)


def test_a_deadline_on_a_state_of_mind_is_a_slogan_the_rule_names():
    """The reason says the deadline measures nothing, in the appraiser's Vietnamese."""
    sentence = "Trước ngày 30/9/2024, mỗi đảng viên thực sự là tấm gương sáng."
    result = analyze_text(HEADER + "3. Nêu gương\n" + sentence + "\n")
    (s,) = [s for s in result.sentences if s.text == sentence]
    assert s.labels == {"neu_guong", "slogan"}
    (label,) = [f for f in result.findings if f.sent_id == s.sent_id and f.label == "slogan"]
    assert label.source == "rule:slogan.vacuous_deadline" and label.score == 1.0
    (reason,) = [f for f in result.findings if f.sent_id == s.sent_id and f.label == "slogan_reason:vacuous_deadline"]
    assert reason.message.startswith("Thời hạn gắn với một trạng thái chung chung")


@pytest.mark.parametrize(("heading", "sentence", "condition"), [
    ("2. Làm theo Bác", "- Nếu được Ủy ban nhân dân phường hỗ trợ kinh phí, chi bộ sẽ lắp 4 bóng đèn tại hẻm 12 trong quý III/2024.",
     "Nếu được Ủy ban nhân dân phường hỗ trợ kinh phí"),
    ("1. Học tập Bác", "b) Nếu Quận ủy tổ chức hội thi kể chuyện về Bác, chi bộ sẽ cử ít nhất 3 đảng viên dự thi.",
     "Nếu Quận ủy tổ chức hội thi kể chuyện về Bác"),
    ("2. Làm theo Bác", "Khi có kinh phí, tổ dân phố sẽ mua thêm 2 thùng rác công cộng đặt tại chợ tạm trước tháng 10/2024.",
     "Khi có kinh phí"),
    ("2. Làm theo Bác", "Trường hợp được Hội cấp trên bố trí vốn, chi hội sẽ cho 5 hộ vay nuôi bò trong năm 2024.",
     "Trường hợp được Hội cấp trên bố trí vốn"),
    ("2. Làm theo Bác", "Trường hợp huyện mở lớp dạy nghề may, chi hội sẽ vận động 12 chị em tham gia trong quý III/2024.",
     "Trường hợp huyện mở lớp dạy nghề may"),
])
def test_a_conditional_promise_is_no_action_and_says_why(heading, sentence, condition):
    """Decision 5: a promise on a condition commits to nothing firm, whatever it counts; its pillar stays."""
    result = analyze_text(HEADER + heading + "\n" + sentence + "\n")
    (s,) = [s for s in result.sentences if s.text == sentence]
    assert "action" not in s.labels and s.labels & {"hoc_tap", "lam_theo"}
    assert any(r.startswith("Lời hứa có điều kiện") and f"«{condition}»" in r for r in s.reasons), s.reasons
    assert not [f for f in result.findings if f.sent_id == s.sent_id and f.label.startswith("slot:")]


@pytest.mark.parametrize("sentence", [
    "- Khi có tin báo cháy, tổ xung kích có mặt tại hiện trường chậm nhất trong 10 phút.",  # an event, a response
    "Mỗi quý, Bí thư chi bộ báo cáo trước chi bộ số đơn thư tồn đọng nếu có, và tự phê bình.",  # "nếu" inside
    "Hồ sơ được giải quyết trong 3 ngày làm việc; nếu thiếu giấy tờ, công chức hướng dẫn bằng văn bản một lần.",
])
def test_a_commitment_with_a_condition_inside_or_a_trigger_stays_an_action(sentence):
    result = analyze_text(HEADER + "2. Làm theo Bác\n" + sentence + "\n")
    (s,) = [s for s in result.sentences if s.text == sentence]
    assert "action" in s.labels and not any(r.startswith("Lời hứa có điều kiện") for r in s.reasons)


@pytest.mark.parametrize("line", [
    'Tên việc làm đăng ký: "Mỗi tháng 2 buổi trực tiếp dân tại nhà văn hóa tổ dân phố"',
    "Tên MH: “Mỗi đảng viên một tuần 3 lần nhắc hộ dân phân loại rác”",
    "Chức vụ: Tổ trưởng tổ dân phố số 9, phụ trách giải quyết 12 hồ sơ đăng ký tạm trú mỗi tháng",
])
def test_a_line_of_a_forms_fields_below_the_title_carries_no_label(line):
    """Decisions 8 and 9: a form's fields name the work item or the person; what they name is no content,
    though a count in the item's name reads like an action."""
    text = (HEADER + "I. THÔNG TIN ĐĂNG KÝ\nHọ và tên: Lê Thị Hoa\n" + line
            + "\nII. LÀM THEO BÁC\nTôi trực tiếp dân 2 buổi mỗi tháng tại nhà văn hóa.\n")
    result = analyze_text(text)
    (s,) = [s for s in result.sentences if s.text == line]
    assert not s.labels and not [f for f in result.findings if f.sent_id == s.sent_id]
    assert "action" in result.sentences[-1].labels


@pytest.mark.parametrize(("sentence", "unlabelled"), [
    ("Đồng chí đã được Ủy ban nhân dân quận tặng Giấy khen về thành tích trong công tác cải cách hành chính năm 2024.", True),
    ("Tháng 10/2024, chị Mai được Ban Thường vụ Huyện đoàn tặng Giấy khen.", True),
    ("Chị Hoa 4 năm liền được Giám đốc Trung tâm Y tế tặng giấy khen.", True),
    # a target to earn one is no background
    ("Phấn đấu năm 2024 có 3 đảng viên được Đảng ủy xã tặng Giấy khen vì hướng dẫn 100% hồ sơ trực tuyến.", False),
])
def test_an_award_received_carries_no_label(sentence, unlabelled):
    """Decisions 1 and 17: an exemplar's achievements, an award received, carry no label (the model read a
    Làm theo Bác or a Nêu gương into them)."""
    result = analyze_text(HEADER + "2. Làm theo Bác\n" + sentence + "\n")
    (s,) = [s for s in result.sentences if s.text == sentence]
    assert (not s.labels) is unlabelled, s.labels


@pytest.mark.parametrize(("sentence", "quoted"), [
    ("NQ Đại hội Đảng bộ xã lần thứ XV đề ra: hằng năm có từ 90% thôn đạt chuẩn văn hóa, giảm 5% số vụ vi phạm trật tự.",
     "NQ Đại hội Đảng bộ xã lần thứ XV đề ra"),
    ("Nghị quyết Đảng bộ phường năm 2024 xác định: 100% tổ dân phố tổ chức 1 buổi đối thoại với nhân dân mỗi quý.",
     "Nghị quyết Đảng bộ phường năm 2024 xác định"),
])
def test_a_quoted_resolution_target_is_no_action_and_says_why(sentence, quoted):
    """Decision 2: quoting the resolution's target alone is resolution_target only."""
    result = analyze_text(HEADER + "II. MỤC TIÊU\n" + sentence + "\n")
    (s,) = [s for s in result.sentences if s.text == sentence]
    assert "action" not in s.labels and "resolution_target" in s.labels
    assert any(r.startswith("Trích chỉ tiêu của nghị quyết") and f"«{quoted}»" in r for r in s.reasons), s.reasons


def test_a_quoted_target_the_unit_commits_to_stays_an_action():
    sentence = ("Nghị quyết Đại hội Đảng bộ phường đề ra chỉ tiêu 95% hộ phân loại rác tại nguồn; chi bộ phấn đấu "
                "đạt 97% trong năm 2024.")
    result = analyze_text(HEADER + "II. MỤC TIÊU\n" + sentence + "\n")
    (s,) = [s for s in result.sentences if s.text == sentence]
    assert {"action", "resolution_target"} <= s.labels


CAUSE_CONTEXT = ("I. THỰC TRẠNG\nNăm 2023, Đảng ủy phường chỉ ra hạn chế của tổ: 14 hồ sơ đăng ký tạm trú trả kết quả "
                 "trễ hẹn.\n")


def test_a_specific_cause_right_after_a_shortcoming_is_one_and_the_rule_says_so():
    """Decision 23 (A): a specific cause of a stated shortcoming carries the label; the finding names the rule."""
    cause = "Nguyên nhân là hồ sơ được chuyển qua hai bộ phận bằng bản giấy, mỗi bộ phận giữ một sổ riêng."
    result = analyze_text(HEADER + CAUSE_CONTEXT + cause + "\n")
    (s,) = [s for s in result.sentences if s.text == cause]
    assert "shortcoming" in s.labels
    (label,) = [f for f in result.findings if f.sent_id == s.sent_id and f.label == "shortcoming"]
    assert label.source in ("rule:cause.stated", "model:sentences.v1")
    # where the model leaves it out, the rule sets it and its finding says what decided it
    from analyzer.detect import _with_stated_causes

    statement = CAUSE_CONTEXT.splitlines()[1]
    decided = [frozenset({"shortcoming"}), frozenset()]
    (hit,) = _with_stated_causes(decided, [statement, cause]).values()
    assert decided[1] == {"shortcoming"} and hit.rule == "cause.stated"
    assert hit.evidence == "Nguyên nhân là" and "nguyên nhân cụ thể" in hit.message


@pytest.mark.parametrize(("context", "cause"), [
    # a vague cause is a slogan, not a shortcoming
    (CAUSE_CONTEXT, "Nguyên nhân chủ yếu là nhận thức của một bộ phận nhân dân còn hạn chế."),
    # the cause of a success, and a cause with no shortcoming before it
    ("II. KẾT QUẢ\nNăm 2024, tổ trả đúng hẹn 100% hồ sơ tạm trú.\n",
     "Nguyên nhân của kết quả trên là tổ nhận hồ sơ cả buổi tối thứ Ba và thứ Bảy."),
])
def test_a_cause_that_is_vague_or_explains_no_shortcoming_is_none(context, cause):
    result = analyze_text(HEADER + context + cause + "\n")
    (s,) = [s for s in result.sentences if s.text == cause]
    assert "shortcoming" not in s.labels


@pytest.mark.parametrize(("sentence", "rule"), [
    ("Thời gian áp dụng: 8 tháng, kể từ ngày 01/5/2024.", "period.model"),
    ("Bắt đầu tháng 5/2024,kết thúc cuối năm 2024.", "period.model"),
    ("- Mô hình kéo dài từ tháng 5/2024 qua hết học kỳ I của năm học 2024–2025.", "period.model"),
    ("Mô hình thực hiện từ tháng 5 đến tháng 12/2024, sơ kết vào tháng 8/2024.", None),  # its review is an action
    ("Nếu được phường hỗ trợ, tổ sẽ lắp 3 bóng đèn trong quý III/2024.", "promise.conditional"),
    ("NQ Đại hội Đảng bộ phường đề ra chỉ tiêu 95% hộ đạt gia đình văn hóa.", "target.quoted"),
    ("Tổ tổ chức 2 buổi ra quân dọn vệ sinh mỗi tháng từ tháng 5/2024.", None),
])
def test_the_rules_that_take_action_away_name_themselves(sentence, rule):
    """Decisions 2, 5 and 6: a quoted target, a conditional promise and the model's own period are no action;
    the rule that says so is the one the sentence's reason quotes."""
    from analyzer.detect.slogans import unfirm_action, without_unfirm_actions

    hit = unfirm_action(sentence)
    assert (hit.rule if hit else None) == rule
    kept = without_unfirm_actions(frozenset({"action", "roadmap"}), sentence)
    assert kept == (frozenset({"roadmap"}) if rule else frozenset({"action", "roadmap"}))


AFTER_MODEL = [
    # decision 10: a sentence only on the model's scope or who leads it gets no pillar (step.model_scope)
    ("Mô hình áp dụng cho cả 3 tổ dân phố và toàn bộ đảng viên của chi bộ.", {"lam_theo", "action"}, {"action"}),
    ("Mô hình do Ban công tác Mặt trận khu phố chủ trì, các đoàn thể cùng tham gia.", {"lam_theo"}, set()),
    ("- Mô hình được triển khai tại Bộ phận Một cửa của phường.", {"lam_theo", "roadmap"}, {"roadmap"}),
    ("Mô hình giúp người dân nộp hồ sơ trực tuyến tại nhà.", {"lam_theo"}, {"lam_theo"}),
    # decisions 1, 8, 9, 17: a form's field, an award received carry no label (field.form_line, background.award)
    ('Tên việc làm: "Mỗi tháng 2 buổi trực tiếp dân"', {"lam_theo", "action"}, set()),
    ("Năm 2023, chị Hoa được Hội Liên hiệp Phụ nữ tỉnh tặng Bằng khen.", {"neu_guong", "action"}, set()),
    # decisions 2, 5, 6: no action in a quoted target, a conditional promise, the model's own period
    ("Nếu được phường hỗ trợ, tổ sẽ lắp 3 bóng đèn trong quý III/2024.", {"lam_theo", "action"}, {"lam_theo"}),
    ("Tổ tổ chức 2 buổi ra quân dọn vệ sinh mỗi tháng từ tháng 5/2024.", {"lam_theo", "action"}, {"lam_theo", "action"}),
]


@pytest.mark.parametrize(("sentence", "by_model", "decided"), AFTER_MODEL)
def test_the_rules_after_the_model(sentence, by_model, decided):
    """What the rules applied after the model keep of its labels, each rule a guideline decision."""
    from analyzer.detect import _after_model
    from analyzer.detect.evidence import sentence_evidence

    assert _after_model(frozenset(by_model), sentence_evidence(sentence), sentence) == decided
