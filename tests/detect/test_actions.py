"""The slots of an action sentence (actor, activity, quantity, date, frequency, deliverable), as a table
of Vietnamese sentences: each row lists slots that must be found and slots that must not."""

from __future__ import annotations

import pytest

from analyzer.detect.actions import action_slots, starts_with_actor
from analyzer.detect.evidence import sentence_evidence


def _slots(text: str) -> set[tuple[str, str]]:
    return {(kind, words) for kind, _, _, words in action_slots(text, sentence_evidence(text))}


@pytest.mark.parametrize("text, present, absent", [
    # a work-item row: the time cell comes first, the task's clauses each open an activity, the last
    # cells name who does it and what it produces
    ("14 | Tháng 12/2024 | Sơ kết mô hình, biểu dương đoàn viên tiêu biểu | Ban Chấp hành Chi đoàn | Báo cáo sơ kết",
     {("activity", "Sơ kết"), ("activity", "biểu dương"), ("actor", "Ban Chấp hành Chi đoàn"),
      ("deliverable", "Báo cáo sơ kết")}, {("actor", "Tháng 12/2024")}),
    ("2 | Rà soát hồ sơ; cập nhật phần mềm | Quý II/2024 | Tổ Một cửa, Văn phòng Đảng ủy",
     {("activity", "Rà soát"), ("activity", "cập nhật"), ("actor", "Tổ Một cửa"), ("actor", "Văn phòng Đảng ủy")}, set()),
    # "Tổ" opens "Tổng hợp" but is not a word of it; a cell with a figure is not a name
    ("3 | Tuyên truyền tại họp thôn | Tổng hợp sau mỗi đợt | Trước 30/6/2024",
     set(), {("actor", "Tổng hợp sau mỗi đợt"), ("actor", "Trước 30/6/2024")}),
    # the count and the product share their noun
    ("Chi đoàn biên soạn 6 bản tin tiếng Mông gửi các thôn trong quý III/2024.",
     {("actor", "Chi đoàn"), ("activity", "biên soạn"), ("quantity", "6 bản"), ("deliverable", "bản tin tiếng Mông")}, set()),
    ("Hội dán 150 tờ rơi phòng chống lừa đảo qua mạng tại các chợ trong tháng 5/2024.",
     {("quantity", "150 tờ rơi"), ("deliverable", "tờ rơi phòng chống lừa đảo")}, set()),
    # a product ends before a preposition, a relative clause or a qualifier ("sổ theo dõi" is one noun), and
    # what it frees is a slot of its own
    ("Chi hội trưởng lập nhóm Zalo với 7 trưởng thôn, ghi sổ theo dõi hằng tuần.",
     {("deliverable", "nhóm Zalo"), ("deliverable", "sổ theo dõi"), ("frequency", "hằng tuần")},
     {("deliverable", "nhóm Zalo với 7 trưởng thôn"), ("deliverable", "sổ")}),
    ("Mỗi đảng viên viết bản thu hoạch gắn với nhiệm vụ được giao trước ngày 15/4/2024.",
     {("deliverable", "bản thu hoạch"), ("date", "trước ngày 15/4/2024")}, {("deliverable", "bản thu hoạch gắn")}),
    # a figure counting what no quantity rule names; a date, an article number and a class are not counts
    ("Tổ chức học tập chuyên đề cho 9/9 đảng viên và 5 quần chúng trong tháng 5/2024.",
     {("quantity", "5 quần chúng")}, {("quantity", "5/2024")}),
    ("Thực hiện đúng Điều 5 Quy chế làm việc, hướng dẫn học sinh lớp 9 ôn thi.",
     set(), {("quantity", "5 Quy"), ("quantity", "9 ôn")}),
    ("Phấn đấu tỷ lệ học sinh viết chữ chưa đạt ở khối 2, 3 giảm còn dưới 4% trong năm học 2024–2025.",
     {("quantity", "dưới 4%")}, {("quantity", "3 giảm")}),
    ("Phấn đấu 7/7 thôn đạt chuẩn văn hóa trong năm 2024.",
     {("quantity", "7/7 thôn")}, {("quantity", "7/7 thôn đạt")}),
    # a person named with a title is the actor; duty words between the actor and the verb are skipped
    ("Em Lò Thị Mai hướng dẫn 4 bạn cùng lớp ôn bài vào tối thứ Bảy hằng tuần.",
     {("activity", "hướng dẫn"), ("quantity", "4 bạn")}, set()),
    ("Đồng chí Bí thư chi bộ chịu trách nhiệm soạn 4 bài giảng ngắn về lời Bác dạy trước ngày 30/4/2024.",
     {("actor", "Đồng chí Bí thư chi bộ"), ("activity", "soạn"), ("deliverable", "bài giảng ngắn")}, set()),
    # one person with two titles; the doer named after the action; a role written short
    ("Đồng chí Phó Bí thư chi bộ, Trưởng Trạm Y tế trực tiếp khám bệnh vào sáng thứ Ba hằng tuần.",
     {("actor", "Đồng chí Phó Bí thư chi bộ, Trưởng Trạm Y tế")}, {("actor", "Trưởng Trạm Y tế")}),
    ("Chi đoàn sinh hoạt chuyên đề về Bác mỗi quý một lần, do đồng chí Bí thư Chi đoàn chủ trì.",
     {("actor", "Chi đoàn"), ("actor", "đồng chí Bí thư Chi đoàn")}, set()),
    ("Mỗi ĐV nhận giúp đỡ 1 hộ khó khăn trong năm 2024.", {("actor", "Mỗi ĐV")}, set()),
    ("Tổng kết mô hình do thiếu kinh phí nên lùi sang quý I/2025.", set(), {("actor", "thiếu kinh phí nên lùi sang quý I")}),
    ("- Tổ chức cho các hộ trong ấp ký cam kết không thả rông gia súc trong tháng 6/2024.",
     {("date", "trong tháng 6/2024")}, {("actor", "Tổ chức cho các hộ trong ấp")}),
    ("5 | Tuần tra tại các bến đò | Hằng tuần | Tổ công tác số 3", {("actor", "Tổ công tác số 3")}, set()),
    # "phụ trách" is the activity when nothing follows it, a lead-in when another activity does
    ("Đồng chí Phó Chủ tịch Hội phụ trách tổ hòa giải của 4 ấp trong năm 2024.",
     {("actor", "Đồng chí Phó Chủ tịch Hội"), ("activity", "phụ trách")}, set()),
    ("Chi đoàn phụ trách tổ chức 3 buổi sinh hoạt hè cho thiếu nhi trong tháng 7/2024.",
     {("actor", "Chi đoàn"), ("activity", "tổ chức")}, {("activity", "phụ trách")}),
    # a verb after "việc", "sự", "cuộc" … is a noun; a clause may start after a comma with no space
    ("Mỗi ĐV đăng ký ít nhất 1 việc làm giúp hộ khó khăn trong năm 2024.",
     {("actor", "Mỗi ĐV"), ("activity", "đăng ký")}, {("activity", "làm")}),
    ("Chủ tịch Hội phụ trách chung,Phó Chủ tịch Hội theo dõi các chi hội hằng tháng.",
     {("actor", "Phó Chủ tịch Hội"), ("activity", "theo dõi")}, set()),
    # a time or frequency opening the clause is neither the actor nor in its way
    ("Mỗi quý tôi tổ chức 1 buổi nói chuyện với phụ huynh về an toàn giao thông.",
     {("frequency", "Mỗi quý"), ("activity", "tổ chức")}, set()),
    ("Hằng tháng Chi đoàn thăm 3 gia đình chính sách của xã.",
     {("frequency", "Hằng tháng"), ("actor", "Chi đoàn"), ("activity", "thăm")}, {("actor", "Hằng tháng Chi đoàn")}),
    # the partner the unit works with is not the actor
    ("Phối hợp với Trạm Y tế xã tổ chức 2 buổi khám sàng lọc cho người cao tuổi trong quý II/2024.",
     {("activity", "tổ chức"), ("quantity", "2 buổi")}, {("actor", "Trạm Y tế xã")}),
    # an age counts nothing
    ("Đồng chí Nguyễn Văn Hải, 52 tuổi, phụ trách tổ hòa giải của 4 ấp trong năm 2024.",
     {("activity", "phụ trách")}, {("quantity", "52 tuổi")}),
    # a lead-in ("duy trì", "phân công", "đăng ký") gives way to the verb it leads to, and is the activity
    # itself when that verb heads no clause (a count stands between) or lies inside a count
    ("Chi bộ duy trì 10 phút đọc sách về Bác đầu mỗi buổi sinh hoạt.",
     {("actor", "Chi bộ"), ("activity", "duy trì")}, set()),
    ("Chi bộ phân công 4 đảng viên phụ trách 4 lớp học bù cho học sinh yếu vào tối thứ Sáu hằng tuần.",
     {("actor", "Chi bộ"), ("activity", "phân công")}, set()),
    ("Năm 2025, đồng chí đăng ký kèm cặp 3 đảng viên trẻ viết bài trên trang tin của xã.",
     {("activity", "kèm cặp"), ("quantity", "3 đảng viên")}, {("activity", "đăng ký")}),
    # a clause opened by a period with its preposition, then the actor and the verb
    ("Từ tháng 5 đến tháng 11/2024 chi đoàn đã tặng 30 suất quà cho học sinh nghèo.",
     {("date", "Từ tháng 5 đến tháng 11/2024"), ("actor", "chi đoàn"), ("activity", "tặng")}, set()),
    # a title in lower case inside the sentence, before a name
    ("Năm 2024, thầy Quang phụ trách 2 nhóm học sinh ôn thi.",
     {("actor", "thầy Quang"), ("activity", "phụ trách")}, set()),
    # the doer named after the action, and what he does, unless it only says he does it
    ("Mỗi lớp có 5 bài giảng điện tử về lời Bác dạy, do tổ chuyên môn biên soạn và cập nhật hằng tháng.",
     {("actor", "tổ chuyên môn"), ("activity", "biên soạn")}, set()),
    ("Sinh hoạt chi hội hằng tháng có 1 câu chuyện về Bác, do chi hội trưởng thực hiện.",
     {("actor", "chi hội trưởng")}, {("activity", "thực hiện")}),
    # a target names the measure it moves, not who acts: the verb that moves it is the activity
    ("Phấn đấu tỷ lệ hộ nghèo của xã giảm xuống dưới 3% vào cuối năm 2025.",
     {("activity", "giảm"), ("quantity", "dưới 3%")}, {("actor", "tỷ lệ hộ nghèo của xã")}),
    ("Số hộ tham gia phân loại rác tại nguồn tăng ít nhất 40 hộ trong năm 2025.",
     {("activity", "tăng"), ("quantity", "ít nhất 40 hộ")}, set()),
    # a product a figure counts is the deliverable, however far the verb ("phát … 3 bản tin")
    ("Đài truyền thanh xã phát trên loa của 9 thôn 3 bản tin mỗi tháng về gương người tốt việc tốt.",
     {("deliverable", "bản tin"), ("frequency", "mỗi tháng")}, set()),
    ("Mỗi môn có ít nhất 12 video bài giảng ngắn do tổ chuyên môn biên soạn.",
     {("deliverable", "video bài giảng ngắn"), ("actor", "tổ chuyên môn"), ("activity", "biên soạn")}, set()),
    # … but not a product noun a person's suffix ends: "báo cáo viên" are people
    ("Đăng tải mỗi tháng 01 câu chuyện về Bác trên nhóm Zalo của 27 báo cáo viên.",
     {("activity", "Đăng tải")}, {("deliverable", "báo cáo viên")}),
    ("Hằng quý tập huấn cho 35 báo cáo viên cơ sở về kỹ năng nói chuyện chuyên đề.",
     {("activity", "tập huấn")}, {("deliverable", "báo cáo viên cơ sở")}),
])
def test_action_slots(text, present, absent):
    found = _slots(text)
    assert present <= found, sorted(found)
    assert not absent & found, sorted(found)


def test_slots_do_not_overlap_except_a_count_and_its_product():
    text = "Chi đoàn biên soạn 6 bản tin tiếng Mông, in 200 tờ gấp và 3 cuốn sổ tay trước 30/9/2024."
    spans = sorted(action_slots(text, sentence_evidence(text)), key=lambda s: s[1])
    for (kind_a, _, end_a, _), (kind_b, start_b, _, _) in zip(spans, spans[1:]):
        if start_b < end_a:
            assert {kind_a, kind_b} == {"quantity", "deliverable"}


@pytest.mark.parametrize("phrase, expected", [
    ("Chi uỷ", True), ("Tổ công tác số 2", True), ("Đồng chí Hoàng Văn Dũng", True), ("đ/c Bùi Thanh Tâm", True), ("Em Lò Thị Mai", True),
    ("Tổng kết mô hình", False), ("Trước 30/6/2024", False), ("em học sinh lớp 3", False), ("Thường xuyên", False),
])
def test_starts_with_actor(phrase, expected):
    assert starts_with_actor(phrase) is expected


# the segmenter's words of each sentence below, as `detect_document` passes them
_WORDS = {
    "Năm 2024, đồng chí Nguyệt kèm 3 giao dịch viên mới về kỹ năng tiếp nhận.":
        ["Năm", "2024", ",", "đồng chí", "Nguyệt", "kèm", "3", "giao dịch viên", "mới", "về", "kỹ năng", "tiếp nhận", "."],
    "Tổ chuyên môn khối 2, 3 tổ chức thi viết chữ đẹp 1 lần mỗi học kỳ.":
        ["Tổ", "chuyên môn", "khối", "2", ",", "3", "tổ chức", "thi", "viết", "chữ", "đẹp", "1", "lần", "mỗi", "học kỳ", "."],
    "Ban biên soạn 2 tập tài liệu hỏi đáp, lập danh sách đề xuất hỗ trợ gửi Phòng trước ngày 30/6/2024.":
        ["Ban", "biên soạn", "2", "tập", "tài liệu", "hỏi đáp", ",", "lập", "danh sách", "đề xuất", "hỗ trợ", "gửi",
         "Phòng", "trước", "ngày", "30/6/2024", "."],
    "Đảng viên trao đổi kinh nghiệm với 12 nhà văn hóa thôn trong quý II/2024.":
        ["Đảng viên", "trao đổi", "kinh nghiệm", "với", "12", "nhà văn hóa", "thôn", "trong", "quý", "II/2024", "."],
    # a segmenter's word running into a name is not completed
    "Tổ phó Hà Minh Đức lập sổ theo dõi 14 hộ nghèo.":
        ["Tổ phó", "Hà Minh Đức lập", "sổ", "theo dõi", "14", "hộ", "nghèo", "."],
    "Chi bộ lập sổ theo dõi 14 hộ nghèo trong tháng 3/2024.":
        ["Chi bộ", "lập sổ", "theo dõi", "14", "hộ", "nghèo", "trong", "tháng", "3/2024", "."],
    "Đồng chí Phó Bí thư Thường trực Đảng ủy chỉ đạo, báo cáo tiến độ hằng tháng.":
        ["Đồng chí", "Phó", "Bí thư", "Thường trực", "Đảng ủy", "chỉ đạo", ",", "báo cáo", "tiến độ", "hằng", "tháng", "."],
    "Đồng chí Bí thư soạn bộ câu hỏi về lời Bác dạy trước ngày 30/4/2024.":
        ["Đồng chí", "Bí thư", "soạn bộ", "câu hỏi", "về", "lời", "Bác", "dạy", "trước", "ngày", "30/4/2024", "."],
}


@pytest.mark.parametrize("text, present, absent", [
    # a count ends where its word ends; a count whose unit is the first syllable of a verb is none
    ("Năm 2024, đồng chí Nguyệt kèm 3 giao dịch viên mới về kỹ năng tiếp nhận.",
     {("quantity", "3 giao dịch viên")}, {("quantity", "3 giao dịch")}),
    ("Tổ chuyên môn khối 2, 3 tổ chức thi viết chữ đẹp 1 lần mỗi học kỳ.",
     {("quantity", "1 lần")}, {("quantity", "3 tổ"), ("quantity", "3 tổ chức")}),
    # a product and a count end with their words too
    ("Ban biên soạn 2 tập tài liệu hỏi đáp, lập danh sách đề xuất hỗ trợ gửi Phòng trước ngày 30/6/2024.",
     {("deliverable", "danh sách đề xuất hỗ trợ"), ("date", "trước ngày 30/6/2024")},
     {("deliverable", "danh sách đề xuất hỗ")}),
    ("Đảng viên trao đổi kinh nghiệm với 12 nhà văn hóa thôn trong quý II/2024.",
     {("activity", "trao đổi"), ("quantity", "12 nhà văn hóa"), ("date", "trong quý II/2024")},
     {("activity", "trao"), ("quantity", "12 nhà văn")}),
    ("Tổ phó Hà Minh Đức lập sổ theo dõi 14 hộ nghèo.", {("quantity", "14 hộ")}, {("quantity", "14 hộ nghèo")}),
    # an actor ends where its word ends when that word is in the dictionary
    ("Đồng chí Phó Bí thư Thường trực Đảng ủy chỉ đạo, báo cáo tiến độ hằng tháng.",
     {("actor", "Đồng chí Phó Bí thư Thường trực")}, {("actor", "Đồng chí Phó Bí thư Thường")}),
    # a verb does not run over a product or an object the segmenter joined to it (not a dictionary word)
    ("Chi bộ lập sổ theo dõi 14 hộ nghèo trong tháng 3/2024.",
     {("activity", "lập"), ("quantity", "14 hộ")}, {("activity", "lập sổ")}),
    ("Đồng chí Bí thư soạn bộ câu hỏi về lời Bác dạy trước ngày 30/4/2024.", {("activity", "soạn")}, {("activity", "soạn bộ")}),
])
def test_slots_end_where_their_words_end(text, present, absent):
    found = {(kind, words) for kind, _, _, words in action_slots(text, sentence_evidence(text), _WORDS[text])}
    assert present <= found, sorted(found)
    assert not absent & found, sorted(found)


@pytest.mark.parametrize("text, slot", [
    # a date with its preposition and the start of its range or list, never with its activity
    ("Chi đoàn tổ chức 3 buổi ngoại khóa từ tháng 4 đến tháng 12/2024.", ("date", "từ tháng 4 đến tháng 12/2024")),
    ("Tổ chức tập huấn trong T6–T8/2024 cho cán bộ thôn.", ("date", "trong T6–T8/2024")),
    ("Kiểm tra chéo hồ sơ vào Quý II và quý IV/2024.", ("date", "Quý II và quý IV/2024")),
    ("Tuyên truyền tại 3 chợ trong tháng 3, tháng 4 và tháng 5/2024.", ("date", "trong tháng 3, tháng 4 và tháng 5/2024")),
    ("Chi bộ tổng kết mô hình, hoàn thành trước ngày 15/12/2024.", ("date", "trước ngày 15/12/2024")),
    ("Ngày 10/12/2024 Chi bộ tổ chức hội nghị sơ kết.", ("date", "Ngày 10/12/2024")),
    ("Chi bộ sơ kết mô hình vào cuối tháng 6/2024.", ("date", "cuối tháng 6/2024")),
    # a quantity with its qualifier
    ("Phấn đấu ít nhất 20 trong số 29 người đọc thông viết thạo trước 15/12/2024.",
     ("quantity", "ít nhất 20 trong số 29 người")),
    ("Tỷ lệ hồ sơ trực tuyến đạt từ 85% trở lên trong năm 2024.", ("quantity", "từ 85% trở lên")),
    ("Giảm số hồ sơ trễ hẹn xuống dưới 5% trong năm 2024.", ("quantity", "dưới 5%")),
    # a frequency with its weekdays, its time of day and its qualifier
    ("Đoàn viên dạy chữ vào tối thứ Ba và thứ Năm hằng tuần.", ("frequency", "tối thứ Ba và thứ Năm hằng tuần")),
    ("Giáo viên trực thư viện buổi tối thứ Tư hằng tuần.", ("frequency", "buổi tối thứ Tư hằng tuần")),
    ("Chi bộ nghe báo cáo tiến độ ít nhất 1 lần/tháng.", ("frequency", "ít nhất 1 lần/tháng")),
    ("Tổ công tác họp rút kinh nghiệm cuối mỗi tháng.", ("frequency", "cuối mỗi tháng")),
    # a named person with the honorific before the name
    ("Năm 2024, đồng chí Danh Sà Ren nhận kèm 2 chiến sĩ mới.", ("actor", "đồng chí Danh Sà Ren")),
])
def test_slots_take_the_words_that_belong_to_them(text, slot):
    found = action_slots(text, sentence_evidence(text))
    assert slot in {(kind, words) for kind, _, _, words in found}, found
    for kind, start, end, words in found:  # the offsets are the words, with no space at either edge
        assert text[start:end] == words == words.strip()


def test_slots_in_a_document_end_where_the_segmenters_words_end():
    from analyzer import analyze_text

    result = analyze_text("I. LÀM THEO BÁC\n- Năm 2024, đồng chí Nguyệt kèm 3 giao dịch viên mới về kỹ năng tiếp nhận, "
                          "hoàn thành trước ngày 30/6/2024.")
    slots = {(f.label, result.text[f.start:f.end]) for f in result.findings if f.label.startswith("slot:")}
    assert ("slot:quantity", "3 giao dịch viên") in slots, slots
