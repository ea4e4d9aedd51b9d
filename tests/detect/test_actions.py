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
    # a figure counting what no quantity rule names; a date, an article number and a class are not counts
    ("Tổ chức học tập chuyên đề cho 9/9 đảng viên và 5 quần chúng trong tháng 5/2024.",
     {("quantity", "5 quần chúng")}, {("quantity", "5/2024")}),
    ("Thực hiện đúng Điều 5 Quy chế làm việc, hướng dẫn học sinh lớp 9 ôn thi.",
     set(), {("quantity", "5 Quy"), ("quantity", "9 ôn")}),
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
