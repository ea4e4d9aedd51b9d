"""Files of a batch that are not a model registration at all — a meeting minute, an invitation, a decision, a
resolution, a directive, a news article — are graded 1 with the reason first; registrations with odd or missing
titles are never taken for one (analyzer/detect/doctype.py, analyzer/rules/doctypes.yaml).

Every document here is written for this test; none is a corpus document.
"""

from __future__ import annotations

import pytest

import analyzer
from analyzer.detect.doctype import PREFIX, title_of
from analyzer.output import DOCUMENT_COLUMNS, document_row
from analyzer.results import DocumentResult
from analyzer.score import assign_priorities

HEADER = "ĐẢNG BỘ XÃ TÂN HÒA\nCHI BỘ ẤP TÂN QUY\nSố: 07-{code}/CB\nTân Hòa, ngày 12 tháng 3 năm 2024\n"

NOT_REGISTRATIONS = {
    "minute": (HEADER.format(code="BB") + "BIÊN BẢN\nHọp chi bộ thường kỳ tháng 3 năm 2024\n"
               "Thời gian: 19 giờ 30 phút, ngày 12/3/2024.\nĐịa điểm: Nhà văn hóa ấp Tân Quy.\n"
               "Thành phần: 21/23 đảng viên có mặt.\nChủ trì: đồng chí Trần Văn Sáu, Bí thư chi bộ.\n"
               "Chi bộ thông qua kết quả thu quỹ quốc phòng tháng 2/2024 đạt 90%.\n"
               "Cuộc họp kết thúc lúc 21 giờ cùng ngày.\nTHƯ KÝ\nLê Thị Bảy\nCHỦ TRÌ\nTrần Văn Sáu\n"),
    "invitation": (HEADER.format(code="GM") + "GIẤY MỜI\nChi ủy chi bộ ấp Tân Quy trân trọng kính mời đồng chí:\n"
                   "……………………………………\nĐến dự họp chi bộ thường kỳ tháng 4 năm 2024.\n"
                   "Thời gian: 19 giờ 00 ngày 05/4/2024.\nĐịa điểm: Nhà văn hóa ấp.\n"
                   "Nội dung: Thông qua dự thảo bản đăng ký mô hình học tập và làm theo Bác năm 2024.\n"
                   "Rất mong đồng chí đến dự đúng giờ.\nT/M CHI ỦY\nBÍ THƯ\nTrần Văn Sáu\n"),
    "decision": ("ĐẢNG ỦY XÃ TÂN HÒA\nSố: 112-QĐ/ĐU\nTân Hòa, ngày 20 tháng 12 năm 2024\nQUYẾT ĐỊNH\n"
                 "Về việc công nhận mô hình học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh năm 2024\n"
                 "Căn cứ Quy chế làm việc của Đảng ủy xã nhiệm kỳ 2020 – 2025;\n"
                 "Xét đề nghị của Ban Tuyên giáo Đảng ủy,\nBAN THƯỜNG VỤ ĐẢNG ỦY QUYẾT ĐỊNH\n"
                 "Điều 1. Công nhận 12 mô hình học tập và làm theo Bác năm 2024 (có danh sách kèm theo).\n"
                 "Điều 2. Các chi bộ có mô hình được công nhận tiếp tục duy trì, nhân rộng.\n"
                 "Điều 3. Văn phòng Đảng ủy và các chi bộ có liên quan thi hành quyết định này.\n"
                 "T/M BAN THƯỜNG VỤ\nBÍ THƯ\nNguyễn Văn Tám\n"),
    "resolution": (HEADER.format(code="NQ") + "NGHỊ QUYẾT\nHọp chi bộ tháng 3 năm 2024\n"
                   "Chi bộ đánh giá kết quả thực hiện nhiệm vụ tháng 2/2024 và đề ra nhiệm vụ tháng 3/2024.\n"
                   "Tiếp tục vận động nhân dân tham gia giữ gìn an ninh trật tự trên địa bàn ấp.\n"
                   "Thu quỹ quốc phòng an ninh đạt 100% kế hoạch trước ngày 31/3/2024.\n"
                   "T/M CHI BỘ\nBÍ THƯ\nTrần Văn Sáu\n"),
    "directive": ("HUYỆN ỦY CHÂU THÀNH\nSố: 05-CT/HU\nChâu Thành, ngày 02 tháng 1 năm 2024\nCHỈ THỊ\n"
                  "về tăng cường lãnh đạo việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh năm 2024\n"
                  "Ban Thường vụ Huyện ủy yêu cầu các cấp ủy, tổ chức đảng thực hiện tốt các nội dung sau.\n"
                  "1. Các chi bộ đăng ký mô hình trước ngày 31/3/2024.\n"
                  "2. Người đứng đầu cấp ủy nêu gương trong học tập và làm theo Bác.\n"
                  "T/M BAN THƯỜNG VỤ\nBÍ THƯ\nPhạm Văn Mười\n"),
    "proposal": ("CHI BỘ TRƯỜNG THCS TÂN HÒA\nSố: 03-TTr/CB\nTân Hòa, ngày 10 tháng 11 năm 2024\nTỜ TRÌNH\n"
                 "Về việc đề nghị khen thưởng cá nhân có thành tích trong học tập và làm theo Bác\n"
                 "Kính gửi: Đảng ủy xã Tân Hòa.\n"
                 "Chi bộ đề nghị Đảng ủy khen thưởng đồng chí Lê Văn Chín, giáo viên, đã có thành tích tiêu biểu.\n"
                 "T/M CHI BỘ\nBÍ THƯ\nĐỗ Thị Mười\n"),
    "untitled minute": ("Buổi họp chi bộ ấp Tân Quy tháng 5 năm 2024\n"
                        "Thời gian: 19 giờ 30 ngày 07/5/2024.\nĐịa điểm: nhà văn hóa ấp.\n"
                        "Thành phần: 19/23 đảng viên có mặt, vắng 4 đồng chí có lý do.\n"
                        "Chủ trì: đồng chí Trần Văn Sáu; thư ký: đồng chí Lê Thị Bảy.\n"
                        "Đồng chí Trưởng ấp thông báo lịch tiêm phòng cho đàn gia súc.\n"
                        "Các đồng chí thảo luận việc sửa chữa cống thoát nước đầu ấp.\n"
                        "Cuộc họp kết thúc lúc 21 giờ.\n"),
    "article": ("Xã Tân Hòa tuyên dương 15 gương điển hình học tập và làm theo Bác\n"
                "Sáng 20/5/2024, Đảng ủy xã Tân Hòa tổ chức hội nghị sơ kết việc học tập và làm theo Bác.\n"
                "Tới dự có đồng chí Phó Bí thư Thường trực Huyện ủy.\n"
                "Theo báo cáo, năm qua các chi bộ đã tổ chức 48 buổi sinh hoạt chuyên đề.\n"
                "Phát biểu tại hội nghị, đồng chí Bí thư Đảng ủy xã nhấn mạnh vai trò nêu gương của người đứng đầu.\n"
                "Dịp này, Đảng ủy xã đã tuyên dương 15 cá nhân tiêu biểu.\n"
                "(Theo Báo Long An)\n"),
    # a title typed in lower case on the title's line, right after the header
    "minute titled in lower case": (
        HEADER.format(code="BB") + "Biên bản họp chi bộ tháng 3/2024\n"
        "Thời gian: 19 giờ 30 phút, ngày 12/3/2024.\nĐịa điểm: Nhà văn hóa ấp Tân Quy.\n"
        "Chi bộ thông qua kết quả thu quỹ quốc phòng tháng 2/2024 đạt 90%.\n"
        "Chi bộ thảo luận việc đăng ký mô hình học tập và làm theo Bác năm 2024.\n"
        "Cuộc họp kết thúc lúc 21 giờ cùng ngày.\nTHƯ KÝ\nLê Thị Bảy\nCHỦ TRÌ\nTrần Văn Sáu\n"),
    "invitation titled in lower case": (
        HEADER.format(code="GM") + "Giấy mời\nChi ủy chi bộ ấp Tân Quy trân trọng kính mời đồng chí:\n"
        "Đến dự họp chi bộ thường kỳ tháng 4 năm 2024.\nThời gian: 19 giờ 00 ngày 05/4/2024.\n"
        "Rất mong đồng chí đến dự đúng giờ.\nT/M CHI ỦY\nBÍ THƯ\nTrần Văn Sáu\n"),
    "decision titled in lower case": (
        "ĐẢNG ỦY XÃ TÂN HÒA\nSố: 112-QĐ/ĐU\nTân Hòa, ngày 20 tháng 12 năm 2024\n"
        "Quyết định về việc công nhận mô hình học tập và làm theo Bác năm 2024\n"
        "Căn cứ Quy chế làm việc của Đảng ủy xã nhiệm kỳ 2020 – 2025;\n"
        "Điều 1. Công nhận 12 mô hình học tập và làm theo Bác năm 2024 (có danh sách kèm theo).\n"
        "Điều 2. Văn phòng Đảng ủy và các chi bộ có liên quan thi hành quyết định này.\n"
        "T/M BAN THƯỜNG VỤ\nBÍ THƯ\nNguyễn Văn Tám\n"),
    "notice titled in lower case": (
        HEADER.format(code="TB") + "Thông báo kết luận của Chi ủy về nhiệm vụ quý II năm 2024\n"
        "Chi ủy họp ngày 05/4/2024, thống nhất các nội dung sau.\n"
        "Tiếp tục vận động nhân dân tham gia giữ gìn an ninh trật tự trên địa bàn ấp.\n"
        "Thu quỹ quốc phòng an ninh đạt 100% kế hoạch trước ngày 30/6/2024.\n"
        "T/M CHI ỦY\nBÍ THƯ\nTrần Văn Sáu\n"),
    # an official letter: its subject line, no title
    "letter": ("ĐẢNG ỦY XÃ TÂN HÒA | ĐẢNG CỘNG SẢN VIỆT NAM\nSố: 45-CV/ĐU | Tân Hòa, ngày 02 tháng 4 năm 2024\n"
               "V/v tổ chức hội nghị sơ kết công tác quý I năm 2024\nKính gửi: Các chi bộ trực thuộc.\n"
               "Đảng ủy xã tổ chức hội nghị sơ kết công tác quý I năm 2024 vào 8 giờ ngày 10/4/2024 tại hội trường "
               "Ủy ban nhân dân xã.\nĐề nghị các chi bộ cử bí thư chi bộ đến dự đúng giờ.\n"
               "T/M ĐẢNG ỦY\nPHÓ BÍ THƯ\nNguyễn Văn Tám\n"),
}
EXPECTED_KIND = {"untitled minute": "minute", "minute titled in lower case": "minute",
                 "invitation titled in lower case": "invitation", "decision titled in lower case": "decision",
                 "notice titled in lower case": "notice"}

ACTIONS = ("I. HỌC TẬP BÁC\nChi bộ tổ chức cho 100% đảng viên học tập chuyên đề năm 2024 trước ngày 30/6/2024.\n"
           "II. LÀM THEO BÁC\nChi bộ vận động 25 hộ sửa chữa 1,2 km đường ấp trước tháng 9/2024.\n"
           "III. NÊU GƯƠNG\nBí thư chi bộ đăng ký 3 việc làm cụ thể, báo cáo kết quả tại cuộc họp tháng 12/2024.\n")
REGISTRATIONS = {
    "ĐĂNG KÍ typo": HEADER.format(code="ĐK") + "BẢN ĐĂNG KÍ MÔ HÌNH\nTên mô hình: “Ấp sạch, đường sáng”\n" + ACTIONS,
    "KẾ HOẶCH typo": HEADER.format(code="KH") + "KẾ HOẶCH\nthực hiện mô hình học tập và làm theo Bác năm 2024\n" + ACTIONS,
    "no title, header": HEADER.format(code="ĐK") + "Tên mô hình: “Ấp sạch, đường sáng”\n" + ACTIONS,
    "no title, no header": ACTIONS,
    "title in lower case": HEADER.format(code="ĐK") + "Bản đăng ký mô hình học tập và làm theo Bác năm 2024\n" + ACTIONS,
    "personal, pasted as text": ("Họ và tên: Lê Thị Bảy\nChức vụ: giáo viên\n"
                                 "Năm 2024 tôi đăng ký soạn 12 bài giảng điện tử trước tháng 12/2024.\n"
                                 "Bản thân tôi gương mẫu, không đi muộn buổi nào trong năm học.\n"),
    "covering letter, registration attached": (
        HEADER.format(code="TTr") + "TỜ TRÌNH\nVề việc gửi bản đăng ký mô hình năm 2024\n"
        "Kính gửi: Đảng ủy xã Tân Hòa.\nChi bộ gửi kèm bản đăng ký mô hình năm 2024.\n"
        "BẢN ĐĂNG KÝ\nTên mô hình: “Ấp sạch, đường sáng”\n" + ACTIONS),
    "a meeting's features, and the unit registers": (
        "Thời gian: 19 giờ ngày 12/3/2024.\nĐịa điểm: nhà văn hóa ấp.\nThành phần: toàn thể đảng viên.\n"
        "Chủ trì: đồng chí Bí thư chi bộ.\nChi bộ đăng ký mô hình “Ấp sạch, đường sáng” năm 2024.\n" + ACTIONS),
    "a report of results quoting speakers": (
        HEADER.format(code="BC") + "BÁO CÁO\nkết quả thực hiện mô hình năm 2024\n"
        "Theo báo cáo của các tổ, năm 2024 chi bộ đã tổ chức 12 buổi sinh hoạt chuyên đề.\n"
        "Phát biểu tại buổi sơ kết, đồng chí Bí thư nhấn mạnh vai trò nêu gương.\n" + ACTIONS),
    # a registration's title in lower case is read first; a line "Thông báo …" below it is no title
    "Kế hoạch in lower case, a line Thông báo below": (
        HEADER.format(code="KH") + "Kế hoạch\nThông báo kết quả thực hiện mô hình đến đảng viên hằng quý\n" + ACTIONS),
    # a sentence right after the header, or a title-like line after the first sentence, is no title
    "a sentence Thông báo … after the header": (
        HEADER.format(code="ĐK") + "Thông báo kết quả cho chi bộ.\nChi bộ tổ chức học tập chuyên đề năm 2024.\n"),
    "a line Thông báo … after the first sentence": (
        "Chi bộ tổ chức học tập chuyên đề năm 2024.\nThông báo kết quả thực hiện cho chi bộ\n"),
    "a field Thông báo: after the header": (
        HEADER.format(code="ĐK") + "Thông báo: kết quả thực hiện mô hình gửi chi bộ hằng quý\n"),
    # a letter whose subject is the registration is one
    "V/v đăng ký mô hình": (
        "CHI BỘ ẤP TÂN QUY\nSố: 07-CV/CB\nV/v đăng ký mô hình học tập và làm theo Bác năm 2024\n"
        "Kính gửi: Đảng ủy xã Tân Hòa.\nChi bộ ấp Tân Quy đăng ký mô hình “Ấp sạch, đường sáng” năm 2024.\n"
        + ACTIONS),
    "covering letter titled in lower case, registration attached in lower case": (
        HEADER.format(code="TTr") + "Tờ trình về việc gửi bản đăng ký mô hình năm 2024\n"
        "Kính gửi: Đảng ủy xã Tân Hòa.\nChi bộ gửi kèm bản đăng ký mô hình năm 2024.\n"
        "Bản đăng ký mô hình năm 2024\nTên mô hình: “Ấp sạch, đường sáng”\n" + ACTIONS),
    "covering letter V/v …, registration attached": (
        HEADER.format(code="CV") + "V/v gửi hồ sơ năm 2024\nKính gửi: Đảng ủy xã Tân Hòa.\n"
        "Chi bộ gửi kèm hồ sơ năm 2024.\nBẢN ĐĂNG KÝ\n" + ACTIONS),
}


@pytest.mark.parametrize("name", list(NOT_REGISTRATIONS))
def test_a_document_that_is_not_a_registration_is_graded_1_and_says_why_first(name):
    result = analyzer.analyze_text(NOT_REGISTRATIONS[name], doc_id=f"{name}.txt")
    meta = dict(result.meta)
    assert result.grade == 1, (result.score, result.reasons)
    assert result.reasons[0].startswith(f"{PREFIX}: "), result.reasons
    assert meta.get("not_registration") == EXPECTED_KIND.get(name, name)
    assert document_row(result, 1)["not_registration"] == meta["not_registration"]


@pytest.mark.parametrize("name", list(REGISTRATIONS))
def test_a_registration_with_an_odd_or_missing_title_is_not_taken_for_another_document(name):
    result = analyzer.analyze_text(REGISTRATIONS[name], doc_id=f"{name}.txt")
    assert "not_registration" not in dict(result.meta)
    assert not any(r.startswith(PREFIX) for r in result.reasons), result.reasons
    assert document_row(result, 1)["not_registration"] == ""


def test_the_reason_quotes_the_title_or_the_features_it_read():
    minute = analyzer.analyze_text(NOT_REGISTRATIONS["minute"])
    assert "«BIÊN BẢN»" in minute.reasons[0] and dict(minute.meta)["doc_type"] == "BIÊN BẢN"
    # the title is the document's type, not a part of its issuing body
    assert dict(minute.meta)["issuing_body"] == "ĐẢNG BỘ XÃ TÂN HÒA – CHI BỘ ẤP TÂN QUY"
    untitled = analyzer.analyze_text(NOT_REGISTRATIONS["untitled minute"]).reasons[0]
    assert "biên bản cuộc họp" in untitled and "«Địa điểm»" in untitled and "«Cuộc họp kết thúc»" in untitled
    article = analyzer.analyze_text(NOT_REGISTRATIONS["article"]).reasons[0]
    assert "bài báo" in article and "«Theo báo cáo»" in article
    minute = analyzer.analyze_text(NOT_REGISTRATIONS["minute titled in lower case"])
    assert "«Biên bản họp chi bộ tháng 3/2024»" in minute.reasons[0] and dict(minute.meta)["doc_type"] == "Biên bản"
    letter = analyzer.analyze_text(NOT_REGISTRATIONS["letter"]).reasons[0]
    assert "công văn" in letter and "«V/v tổ chức hội nghị sơ kết công tác quý I năm 2024»" in letter


def test_a_grade_cap_for_missing_content_gives_way_to_the_reason_it_is_no_registration():
    reasons = analyzer.analyze_text(NOT_REGISTRATIONS["minute"]).reasons
    assert not any(r.startswith("Xếp loại tối đa") for r in reasons)


@pytest.mark.parametrize(("text", "title"), [
    ("ĐẢNG BỘ XÃ AN BÌNH\nCHI BỘ ẤP 3\nSố: 04-ĐK/CB\nBẢN ĐĂNG KÍ MÔ HÌNH", ("title:registration", "BẢN ĐĂNG KÍ")),
    ("CHI BỘ ẤP 3 | ĐẢNG CỘNG SẢN VIỆT NAM\nKẾ HOẶCH", ("title:registration", "KẾ HOẶCH")),
    ("CHI BỘ ẤP 3\nBIÊN BẢN HỌP CHI BỘ", ("title:minute", "BIÊN BẢN")),
    ("CHI BỘ ẤP 3\nTHƯ MỜI", ("title:invitation", "THƯ MỜI")),
    # a reference in a sentence, and a word that only begins like a title, are no title
    ("Căn cứ Biên bản họp chi bộ ngày 5/3/2024, chi bộ đăng ký mô hình.", None),
    ("BÁO CÁOVIÊN", None),
    # in lower case, on the title's line: the first after the header, short, no full stop, comma or colon
    ("CHI BỘ ẤP 3\nSố: 05-BB/CB\nBiên bản họp chi bộ tháng 3/2024", ("title:minute", "Biên bản")),
    ("CHI BỘ ẤP 3 | ĐẢNG CỘNG SẢN VIỆT NAM\nSố: 05-GM/CB | Ấp 3, ngày 2/3/2024\nGiấy mời", ("title:invitation", "Giấy mời")),
    ("CHI BỘ ẤP 3\nKế hoạch thực hiện mô hình năm 2024", ("title:registration", "Kế hoạch")),
    ("CHI BỘ ẤP 3\nThông báo kết quả cho chi bộ.", None),
    ("CHI BỘ ẤP 3\nThông báo, chi bộ họp lúc 19 giờ", None),
    ("CHI BỘ ẤP 3\nTên mô hình: Ấp sạch\nThông báo kết quả", None),
    ("CHI BỘ ẤP 3\nI. HỌC TẬP BÁC\nThông báo kết quả", None),
])
def test_title_of_reads_the_first_title_line(text, title):
    found = title_of(text)
    assert (found[0].value, found[0].evidence) == title if title else found is None


def test_not_registration_is_a_documents_column_after_the_existing_ones():
    assert DOCUMENT_COLUMNS[-1] == "not_registration"


def test_a_file_that_is_no_registration_is_read_right_after_the_files_that_failed():
    results = [DocumentResult("weak", score=5.0, grade=1), DocumentResult("good", score=90.0, grade=5),
               DocumentResult("minute", score=50.0, grade=1, meta=(("not_registration", "minute"),)),
               DocumentResult("broken", status="error")]
    assert assign_priorities(results) == {"broken": 1, "minute": 2, "weak": 3, "good": 4}
    assert assign_priorities(results, "strongest")["minute"] == 2
