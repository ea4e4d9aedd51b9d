"""Sentences that refer back to a shortcoming stated elsewhere in the document (decision 19)."""

from __future__ import annotations

import pytest

from analyzer.detect import quantity_mentions
from analyzer.detect.rules import fold, load_rules, match_rules

DOC = """CHI BỘ THÔN ĐÔNG HÀ
BẢN ĐĂNG KÝ MÔ HÌNH NĂM 2024
I. LÝ DO CHỌN MÔ HÌNH
Năm 2023, Đảng ủy xã chỉ ra hạn chế của thôn: còn 4 điểm đổ rác tự phát dọc chân đê.
Chi bộ có 27 đảng viên.
II. LÀM THEO BÁC
Xóa bỏ 4 điểm đổ rác tự phát trước ngày 30/6/2024 và trồng hoa tại các vị trí này.
Tổ chức 27 buổi tổng vệ sinh trong năm 2024.
"""


@pytest.mark.parametrize("sentence, expected", [
    ("Năm 2023 còn 214 hồ sơ tồn đọng, 8,7% trễ hẹn.", {"214 hồ", "8,7%"}),
    ("Hoàn thành trước ngày 30/6/2024 theo Kế hoạch số 12-KH/ĐU.", set()),
    ("Tháng 3 năm 2024 tổ chức 1 buổi.", set()),
    # the target ("xuống dưới 5 ý kiến", "chỉ tiêu 98%", "ít nhất 20 người") is not a shortcoming's figure
    ("Giảm từ 23 ý kiến xuống dưới 5 ý kiến.", {"23 ý"}),
    ("Mới đạt 91,2%, thấp hơn chỉ tiêu 98% của Nghị quyết.", {"91,2%"}),
    ("Đến ngày 15/12/2024, ít nhất 20 trong số 29 người đọc thông.", {"29 người"}),
    # of a fraction the part is the figure (the whole is usually the unit's size)
    ("Mới có 3/7 thôn có điểm tập kết rác đạt chuẩn.", {"3 thôn"}),
    # all of something is a target or a full result; a number of time units is a duration or a clock time
    ("96/96 đơn được xử lý đúng hạn, 100% đơn có phiếu hẹn, 3 đơn phải bổ sung.", {"3 đơn"}),
    ("Trong 9 tháng, mỗi buổi trực 2 giờ từ 20 giờ, trả kết quả sau 07 ngày làm việc cho 12 hộ.", {"12 hộ"}),
    # a number followed by a function word counts nothing
    ("Tỷ lệ người từ 15 đến 60 tuổi biết chữ; trực từ 23h đến 03h; 2 và 3 hộ.", {"60 tuổi", "3 hộ"}),
    # a key is the number's value however it is written: leading zeros, thousands dots ("01" is one)
    ("Còn 02 hộ và 1.160 ha chưa đạt, 0,5% lỗi; mở 01 lớp, 2.418 trường hợp.", {"2 hộ", "1160 ha", "0,5%", "2418 trường"}),
    ("Năm 2023 còn 19,5 ha lúa bị ngập.", {"19,5 ha"}),
    # a total is a counted thing; a document's or a place's number is not
    ("Trường đã thu sai, tổng số 46,8 triệu đồng; tổ dân phố số 5; Quyết định số 12.", {"46,8 triệu"}),
    # a number before a verb names a grade, a team or a place ("khối 6 chưa đạt", "tổ 3 có"): nothing counted
    ("14% học sinh khối 6 chưa đạt chuẩn đọc hiểu; tổ 3 có 12 hộ nghèo.", {"14%", "12 hộ"}),
])
def test_quantity_mentions_skip_dates_years_document_numbers_and_targets(sentence, expected):
    assert quantity_mentions(sentence) == expected


def _dense_by_sentence(text: str) -> dict[str, dict]:
    """The rule features of every content sentence of ``text``, by its text."""
    from analyzer.detect import build_records
    from analyzer.pipeline import get_nlp
    from analyzer.text.sentences import split_sentences
    from analyzer.text.structure import analyze_layout

    doc = get_nlp().make_doc(text)
    layout = analyze_layout(text, split_sentences(text))
    index, _, records = build_records(doc, layout.units, layout.meta)
    return {text[layout.units[i].start:layout.units[i].end]: r["dense"] for i, r in zip(index, records)}


def test_a_commitment_repeating_a_stated_shortcoming_figure_is_marked():
    by_text = _dense_by_sentence(DOC)
    redress = by_text["Xóa bỏ 4 điểm đổ rác tự phát trước ngày 30/6/2024 và trồng hoa tại các vị trí này."]
    assert redress.get("ref:shortcoming_figure_before") == 1.0
    # the same count as a context figure (no shortcoming stated with it) is not a reference
    assert "ref:shortcoming_figure" not in by_text["Tổ chức 27 buổi tổng vệ sinh trong năm 2024."]


def test_a_figure_written_with_a_leading_zero_is_the_same_figure():
    text = DOC.replace("Xóa bỏ 4 điểm", "Xóa bỏ 04 điểm")
    redress = _dense_by_sentence(text)["Xóa bỏ 04 điểm đổ rác tự phát trước ngày 30/6/2024 và trồng hoa tại các vị trí này."]
    assert redress.get("ref:shortcoming_figure_before") == 1.0


def test_a_full_result_or_a_duration_shared_with_a_stated_shortcoming_is_not_a_reference():
    text = ("I. THỰC TRẠNG\nĐoàn kiểm tra chỉ ra: 100% hồ sơ có phiếu hẹn nhưng 14 hồ sơ trễ hạn, mỗi hồ sơ chậm 3 ngày.\n"
            "II. LÀM THEO BÁC\n100% hồ sơ được trả đúng hẹn trong năm 2024.\nTrực 3 ngày mỗi tuần tại bộ phận một cửa.\n"
            "Giải quyết xong 14 hồ sơ trễ hạn trước ngày 30/6/2024.\n")
    by_text = _dense_by_sentence(text)
    assert "ref:shortcoming_figure" not in by_text["100% hồ sơ được trả đúng hẹn trong năm 2024."]
    assert "ref:shortcoming_figure" not in by_text["Trực 3 ngày mỗi tuần tại bộ phận một cửa."]
    assert by_text["Giải quyết xong 14 hồ sơ trễ hạn trước ngày 30/6/2024."].get("ref:shortcoming_figure_before") == 1.0


def _evidence(rule: str, sentence: str) -> list[str]:
    """What the requirement rule ``rule`` matches in ``sentence``."""
    return [h.evidence for h in match_rules(load_rules("requirements"), sentence) if h.rule == rule]


@pytest.mark.parametrize("sentence, refers", [
    ("Vận động 48 hộ nêu trên làm nhà tiêu hợp vệ sinh.", True),
    ("Năm 2024 không để ổ dịch nào phát hiện muộn như năm 2023.", True),
    ("Khắc phục tình trạng người dân phải đi lại nhiều lần.", True),
    ("Giảm số ý kiến cử tri từ 23 ý kiến của năm 2023 xuống dưới 5 ý kiến.", True),
    # who pointed it out, in a relative clause; a named complaint answered; a place that had the problem
    ("Nạo vét 3 đoạn mương mà tổ giám sát của Mặt trận đã ghi nhận bị bồi lấp.", True),
    ("Trả kết quả đúng hẹn, không để người dân phải chờ như cử tri tổ dân phố đã kiến nghị.", True),
    ("Mở thêm quầy thu phí buổi trưa, đáp ứng kiến nghị của tiểu thương chợ Đình.", True),
    ("Lắp đèn chiếu sáng ở 2 ngã ba từng xảy ra va chạm ban đêm.", True),
    # ... with a count inside the clause, with "bị", "nhắc" or "rút kinh nghiệm"; an answer "đáp lại" / "theo"
    ("Không để vụ án nào bị hủy như 2 vụ Viện kiểm sát tỉnh đã rút kinh nghiệm.", True),
    ("Đưa 3 xe đã bị nêu trong kết luận kiểm tra về đúng định mức.", True),
    ("Nghiệm thu xong 9 đề tài quá hạn mà Đảng ủy Trường đã nhắc.", True),
    ("Người dân nhận kết quả tại nhà, đáp lại kiến nghị của cử tri thôn năm 2023.", True),
    ("Hủy 47 khoản thuốc hết hạn theo kết luận của đoàn kiểm tra Sở Y tế.", True),
    # the same words with nothing pointed out behind them
    ("Làm việc gì cũng nghĩ đến lợi ích của nhân dân như Bác đã dạy.", False),
    ("Tiếp thu ý kiến đóng góp để hoàn thiện mô hình.", False),
    ("Thực hiện theo ý kiến chỉ đạo của Đảng ủy xã.", False),
    ("Triển khai theo kế hoạch mà chi bộ đã đề ra.", False),
    ("Tổ chức 4 buổi sinh hoạt chuyên đề trong năm 2024.", False),
    ("Mỗi đảng viên viết một bản thu hoạch.", False),
])
def test_refer_back_phrases(sentence, refers):
    assert bool(_evidence("req.shortcoming.refer_back", sentence)) is refers


@pytest.mark.parametrize("sentence, shortfall", [
    # shortfall wording before a figure makes a bad figure a finding (decision 23)
    ("Hiện nay mới có 54% hộ gia đình trong xã phân loại rác tại nguồn.", True),
    ("Đến hết năm 2023 toàn xã mới chuyển đổi được 61 ha.", True),
    ("Tỷ lệ hài lòng chỉ đạt 78%, thấp nhất khối.", True),
    ("Trong đó chỉ 214 yêu cầu cấp bản sao điện tử.", True),
    ("Cả năm mới chỉ tổ chức được hai buổi.", True),
    # "mới" as "new", an address, a target: no shortfall
    ("Thành lập mới 4 tổ hợp tác trong quý II/2024.", False),
    ("Giúp đỡ có địa chỉ 150 hộ nghèo.", False),
    ("Phấn đấu đạt chỉ tiêu 98% hồ sơ đúng hạn.", False),
])
def test_shortfall_wording(sentence, shortfall):
    assert bool(_evidence("req.shortcoming.shortfall", sentence)) is shortfall


def test_shortfall_evidence_holds_the_whole_figure():
    evidence = _evidence("req.shortcoming.shortfall", "Năm 2023 mới đạt 93,2% diện tích, chỉ 1.214 hộ.")
    assert evidence == ["mới đạt 93,2%", "chỉ 1.214"]


@pytest.mark.parametrize("stated, redress", [
    # no cue word ("hạn chế", "tồn tại") and no problem heading: the shortfall wording alone states it
    ("Đến cuối năm 2023, xã mới có 61 hộ phân loại rác tại nguồn.", "Hướng dẫn 61 hộ nêu trên ủ phân hữu cơ trước ngày 30/6/2024."),
    # … or a word of a deficient state ("xuống cấp" is neither a cue nor shortfall wording)
    ("Năm 2023, 3 phòng học của điểm trường Bản Lầy xuống cấp, dột khi mưa.", "Sửa chữa 3 phòng học trước ngày 31/8/2024."),
])
def test_a_figure_stated_without_a_cue_word_is_a_link_target(stated, redress):
    by_text = _dense_by_sentence(f"BẢN ĐĂNG KÝ MÔ HÌNH NĂM 2024\nI. ĐẶC ĐIỂM\n{stated}\nII. LÀM THEO BÁC\n{redress}\n")
    assert by_text[stated].get("states_shortcoming") == 1.0
    assert by_text[redress].get("ref:shortcoming_figure_before") == 1.0


@pytest.mark.parametrize("shortfall, states", [
    # a negated commitment word ("chưa hoàn thành", "không bảo đảm", "chưa ký cam kết") is a shortfall
    ("Năm 2023, chi bộ nhận xét lớp chủ nhiệm còn hạn chế: có 3 học sinh chưa hoàn thành môn Tiếng Việt.", True),
    ("Năm 2023, Đảng ủy chỉ ra hạn chế: 5 chi bộ không hoàn thành chỉ tiêu kết nạp đảng viên.", True),
    ("Năm 2023, Đoàn kiểm tra chỉ ra hạn chế: 5 chi bộ không bảo đảm sinh hoạt định kỳ.", True),
    ("Năm 2023, Đoàn kiểm tra chỉ ra hạn chế: còn 3 học sinh chưa ký cam kết an toàn giao thông.", True),
    ("Năm 2024, chi bộ cam kết khắc phục hạn chế: kèm 3 học sinh hoàn thành môn Tiếng Việt.", False),
])
def test_a_negated_commitment_word_states_a_shortcoming_that_a_later_commitment_can_repeat(shortfall, states):
    text = (f"BẢN ĐĂNG KÝ MÔ HÌNH NĂM 2024\nI. ĐẶC ĐIỂM\n{shortfall}\nII. LÀM THEO BÁC\n"
            "Kèm riêng 3 học sinh và 5 chi bộ nói trên vào chiều thứ Tư hằng tuần.\n")
    by_text = _dense_by_sentence(text)
    assert (by_text[shortfall].get("states_shortcoming") == 1.0) is states
    commitment = by_text["Kèm riêng 3 học sinh và 5 chi bộ nói trên vào chiều thứ Tư hằng tuần."]
    assert (commitment.get("ref:shortcoming_figure_before") == 1.0) is states


def test_the_sentence_index_of_a_document_is_built_once():
    """sentence_tokens used to rebuild its index for every sentence (quadratic on long documents)."""
    from analyzer.detect import sentence_tokens
    from analyzer.pipeline import get_nlp
    from analyzer.text.tokenizer import SENTENCES_KEY

    class Counted(list):
        walks = 0

        def __iter__(self):
            Counted.walks += 1
            return super().__iter__()

    doc = get_nlp().make_doc(DOC)
    sentences = doc.user_data[SENTENCES_KEY] = Counted(doc.user_data[SENTENCES_KEY])
    words = [sentence_tokens(doc, s, e) for s, e, _ in list.__iter__(sentences)]
    assert words == [w for _, _, w in list.__iter__(sentences)]
    assert Counted.walks == 1


def test_the_finding_names_the_figures_it_repeats():
    """The appraiser sees which stated figures tie a commitment to the shortcoming."""
    from analyzer.api import analyze_text

    result = analyze_text(DOC, doc_id="refs")
    redress = next(s for s in result.sentences if s.text.startswith("Xóa bỏ 4 điểm"))
    assert "shortcoming" in redress.labels
    finding = next(f for f in result.findings if f.label == "shortcoming" and f.sent_id == redress.sent_id)
    stating = next(s for s in result.sentences if s.text.startswith("Năm 2023, Đảng ủy xã chỉ ra"))
    assert finding.message.endswith(f"nhắc lại số liệu «4 điểm» của tồn tại, hạn chế nêu ở câu {stating.sent_id + 1}")  # counted from 1
    assert "4 điểm" in finding.evidence
    # the sentence that states the shortcoming is not said to repeat itself
    stated = next(f for f in result.findings if f.label == "shortcoming" and f.sent_id != redress.sent_id)
    assert "nhắc lại" not in stated.message


# (sentence, statement, the other content sentences of its document, the phrase the finding names or None)
ECHOES = [
    # a place named by the shortcoming, with the noun of its kind
    ("Phó Chủ tịch Hội cùng tổ ấp Rạch Sen đi tuần đêm mỗi tuần một lần.",
     "Kiểm điểm năm 2023, Đảng uỷ xã nhận xét: tổ an ninh ở ấp Cây Dầu và ấp Rạch Sen hoạt động cầm chừng.",
     ["Các tổ an ninh phối hợp Công an xã tuần tra 2 lần/tháng."], "ấp Rạch Sen"),
    # the deficiency itself, the longest shared run of words
    ("Cuối năm 2024 không còn chi bộ nào bị nhận xét sinh hoạt chuyên đề sơ sài.",
     "Đoàn kiểm tra của Thị uỷ nhận xét 12 chi bộ sinh hoạt chuyên đề còn sơ sài, chưa liên hệ thực tế.",
     ["Biên soạn tài liệu sinh hoạt mẫu."], "sinh hoạt chuyên đề"),
    # the words every submission repeats, or those of telling a shortcoming, tie nothing
    ("Chi bộ tổ chức kiểm tra, báo cáo kết quả khắc phục hạn chế với Đảng ủy xã.",
     "Đảng ủy xã kiểm tra và chỉ ra hạn chế của chi bộ: còn 12 hộ chưa có nhà tiêu.", [], None),
    # a phrase of the document's topic (in four sentences or more) is not a reference back
    ("Vận động phụ huynh cho con đi học đều.", "Năm học 2022–2023 có 11 học sinh bỏ học, phụ huynh cho con đi làm thuê.",
     ["Họp phụ huynh cho con đi học.", "Thăm phụ huynh cho con đi học đều."], None),
    # nor a number (figures are the figure links' business) and the thing every office counts
    ("Giải quyết 214 hồ sơ.", "Còn 214 hồ sơ tồn đọng.", [], None),
]


@pytest.mark.parametrize("sentence, statement, others, phrase", ECHOES)
def test_the_phrase_a_commitment_repeats_of_a_stated_shortcoming(sentence, statement, others, phrase):
    from analyzer.detect.links import Echoes

    span = Echoes([fold(s) for s in (statement, sentence, *others)]).phrase(1, 0)
    assert (sentence[span[0]:span[1]] if span else None) == phrase


def test_a_finding_names_the_sentence_that_states_its_shortcoming():
    """A figure link names the sentences that state the figure (those before it); a flagged
    commitment without one names the flagged statement it repeats a phrase of, and a statement
    names none."""
    from analyzer.detect import _references

    sentences = ["Năm 2023, Đảng ủy xã chỉ ra: 2 tổ an ninh ở ấp Rạch Sen hoạt động cầm chừng.",
                 "Còn 4 điểm đổ rác tự phát dọc chân đê.",
                 "Củng cố tổ an ninh ở ấp Rạch Sen trong tháng 4/2024.",
                 "Xóa bỏ 4 điểm đổ rác trước ngày 30/6/2024.",
                 "Tổ chức 12 buổi tuần tra."]
    index = [3, 4, 7, 8, 9]  # content sentence → sent_id (headings between them)
    records = [{"chars": fold(s)} for s in sentences]  # the labeller's records: the folded sentence
    records[3] |= {"links": ["4 điểm"], "linked_to": [1]}
    decided = [frozenset({"shortcoming"}), frozenset({"shortcoming"}), frozenset({"action", "shortcoming"}),
               frozenset({"action", "shortcoming"}), frozenset({"action"})]
    refs = _references(index, records, decided, sentences)
    assert set(refs) == {2, 3}
    assert refs[3].message() == " — nhắc lại số liệu «4 điểm» của tồn tại, hạn chế nêu ở câu 5"  # sent_id 4
    assert refs[2].message() == " — nhắc lại cụm từ «tổ an ninh ở ấp Rạch Sen» của tồn tại, hạn chế nêu ở câu 4"


def test_the_report_links_the_sentence_a_finding_names():
    from analyzer.api import analyze_text
    from analyzer.report.html import render_document
    from analyzer.report.views import document_view

    result = analyze_text(DOC, doc_id="refs")
    stating = next(s for s in result.sentences if s.text.startswith("Năm 2023, Đảng ủy xã chỉ ra"))
    html = render_document(document_view(result))
    # the appraiser counts from 1; the anchor is the sentence's id
    assert f'nêu ở <a href="#s{stating.sent_id}">câu {stating.sent_id + 1}</a>' in html
    assert f'id="s{stating.sent_id}"' in html


def test_each_of_hundreds_of_commitments_names_the_statement_of_its_own_place():
    """Untrusted text may hold hundreds of flagged sentences: each phrase is looked up in an index
    of the document's words and phrases, not compared with every statement (before, 300 statements
    and 300 commitments took 43 s; now a fraction of a second)."""
    from analyzer.detect import _references

    first = "Bình Hòa Lợi Phú Tân Định Mỹ Sen Dầu Khe Tre Gò Dài Nà Sáy Lùn Tiến Hạ Đoài An".split()
    places = [f"ấp {a} {b}" for a in first for b in first if a != b][:300]
    statements = [f"Đoàn kiểm tra chỉ ra: {p} còn nhiều hộ chưa có nhà tiêu hợp vệ sinh." for p in places]
    commitments = [f"Vận động các hộ ở {p} xây nhà tiêu trong tháng 5/2024." for p in places]
    n = len(places)
    decided = [frozenset({"shortcoming"})] * n + [frozenset({"action", "shortcoming"})] * n
    records = [{"chars": fold(s)} for s in statements + commitments]
    refs = _references(list(range(2 * n)), records, decided, statements + commitments)
    assert {k: refs[k].sent_ids for k in refs} == {n + i: (i,) for i in range(n)}
    assert refs[n].words == (places[0],)


def test_a_statement_is_not_told_it_repeats_a_later_commitment():
    """The link is shown on what comes back to the shortcoming, never on the statement itself."""
    from analyzer.api import analyze_text

    text = ("BẢN ĐĂNG KÝ MÔ HÌNH NĂM 2024\nI. THỰC TRẠNG\n"
            "Năm 2023, đoàn kiểm tra của Phòng Giáo dục chỉ ra hạn chế: 14% học sinh khối 6 chưa đạt chuẩn đọc hiểu.\n"
            "II. LÀM THEO BÁC\n"
            "Giảm tỷ lệ học sinh khối 6 chưa đạt chuẩn đọc hiểu từ 14% xuống dưới 5% vào cuối năm học.\n")
    result = analyze_text(text, doc_id="direction")
    stated = next(s for s in result.sentences if s.text.startswith("Năm 2023, đoàn kiểm tra"))
    for finding in result.findings:
        if finding.label == "shortcoming" and finding.sent_id == stated.sent_id:
            assert "nhắc lại" not in finding.message
    later = next(s for s in result.sentences if s.text.startswith("Giảm tỷ lệ"))
    shown = [f.message for f in result.findings if f.label == "shortcoming" and f.sent_id == later.sent_id]
    assert all("«14%»" in m and "6 chưa" not in m for m in shown)
