"""Why a sentence is a slogan: reasons from a closed, documented set.

| code | Vietnamese reason shown to appraisers |
| --- | --- |
| ``stock_phrase`` | Cụm từ sáo rỗng (the phrase is named) |
| ``guidance`` | Nhắc lại hướng dẫn hoặc chuyên đề của năm (lexicon or similarity to the rubric's wording) |
| ``directive`` | Văn phong chỉ đạo, trích văn bản cấp trên, không có nội dung riêng |
| ``pledge`` | Lời hứa, quyết tâm chung chung |
| ``exhortation`` | Lời kêu gọi, yêu cầu chung |
| ``bare_mention`` | Chỉ nhắc tới một yêu cầu (chỉ tiêu, tồn tại, lộ trình, điển hình) mà không nêu cụ thể |
| ``no_concrete`` | Không có yếu tố cụ thể: số lượng, thời hạn, tần suất, người phụ trách (or only who acts is named) |
| ``vacuous_figure`` | Con số không đo được điều gì ("100% đảng viên nâng cao nhận thức", "100% tồn tại được khắc phục") |
| ``vacuous_deadline`` | Thời hạn gắn với một trạng thái chung chung ("Trước ngày 30/6/2024, nâng cao nhận thức …") |
| ``model_only`` | The model's reading alone, no rule agrees: the appraiser is asked to look again |

A requirement is "only mentioned" when the sentence names it ("các tồn tại, hạn chế", "như đã chỉ ra
ở trên"), not when it holds a word of a deficiency ("vi phạm", "khó khăn"): "không để người thân vi
phạm pháp luật" mentions no shortcoming of the unit.

Example:
    >>> from analyzer.detect.evidence import sentence_evidence
    >>> text = "Mô hình có lộ trình cụ thể, giải pháp khả thi, tạo chuyển biến mạnh mẽ."
    >>> [code for code, _, _ in slogan_reasons(text, sentence_evidence(text), ())]
    ['stock_phrase', 'guidance', 'bare_mention', 'no_concrete']
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence

from analyzer.detect.evidence import Evidence
from analyzer.detect.rules import Hit, fold, load_rules, match_rules
from analyzer.labels import PILLARS

REASONS_VI = {
    "stock_phrase": "Cụm từ sáo rỗng",
    "guidance": "Nhắc lại hướng dẫn, chuyên đề của năm",
    "directive": "Văn phong chỉ đạo, trích văn bản cấp trên, không có nội dung riêng",
    "pledge": "Lời hứa, quyết tâm chung chung",
    "exhortation": "Lời kêu gọi, yêu cầu chung",
    "bare_mention": "Chỉ nhắc tới yêu cầu mà không nêu cụ thể",
    "no_concrete": "Không có yếu tố cụ thể (số lượng, thời hạn, tần suất, người phụ trách)",
    "model_only": "Mô hình phân loại đánh giá là câu chung chung nhưng không quy tắc nào nêu được lý do: cần xem lại",
    "vacuous_figure": "Con số không đo được điều gì cụ thể (tỷ lệ gắn với nhận thức, phẩm chất, hoặc nhắc chung "
                      "tồn tại, chỉ tiêu mà không nêu tên), không kiểm chứng được",
    "vacuous_deadline": "Thời hạn gắn với một trạng thái chung chung (nâng cao nhận thức, thấm nhuần, gương mẫu), "
                        "không có việc làm hay số lượng nào để kiểm chứng",
}
# the reasons of a rule that decides after the model: a figure, a date that measures nothing
VACUOUS = ("vacuous_figure", "vacuous_deadline")
# what a figure that measures nothing cannot make a sentence: an action, or a requirement it only names
_UNMEASURED = frozenset({"action", "resolution_target", "shortcoming"})
_PILLARS = frozenset(PILLARS)
_UNNAMED_RULE = "slogan.vacuous_requirement"  # "100% tồn tại, hạn chế": no date makes the unnamed specific
_PAST_RULE = "context.past_result"
_YEAR_ONLY = re.compile(r"(?i)^(?:(?:hoàn thành\s+)?(?:trong|cả|suốt)\s+)?năm\s+(?:học\s+)?\d{4}(?:\s*[–-]\s*\d{4})?$")
# what only names who acts is not measurable: "Chi bộ sẽ chú trọng công tác phát triển đảng viên."
ONLY_ACTOR_VI = "Không có yếu tố đo được (số lượng, thời hạn, tần suất): chỉ nêu người thực hiện"
# the words that name a requirement itself (a cue of another kind, a word of a deficiency, is no mention of it)
_MENTIONS = {"shortcoming": frozenset({"tồn tại", "hạn chế", "yếu kém", "khuyết điểm", "bất cập", "nhược điểm",
                                      "thiếu sót"})}
_MENTION_RULES = frozenset({"req.shortcoming.refer_back"})
REQUIREMENT_VI = {"resolution_target": "chỉ tiêu nghị quyết", "shortcoming": "tồn tại, hạn chế",
                  "exemplar": "cá nhân điển hình", "roadmap": "lộ trình"}
GUIDANCE_SIMILARITY = 0.5


def _trigrams(text: str) -> set[str]:
    t = " ".join(fold(text).split())
    return {t[i:i + 3] for i in range(len(t) - 2)}


@functools.lru_cache(maxsize=256)
def _phrase_trigrams(phrase: str) -> frozenset[str]:
    return frozenset(_trigrams(phrase))


def guidance_similarity(text: str, phrases: Sequence[str]) -> tuple[float, str]:
    """Largest share of a guidance phrase's character trigrams found in ``text``, and that phrase."""
    grams = _trigrams(text)
    best, best_phrase = 0.0, ""
    for phrase in phrases:
        p = _phrase_trigrams(phrase)
        if p:
            share = len(p & grams) / len(p)
            if share > best:
                best, best_phrase = share, phrase
    return best, best_phrase


def _distinct(words: Iterable[str]) -> list[str]:
    """The words in order, each once whatever its case ("Tồn tại: khắc phục … tồn tại" quotes it once).

    >>> _distinct(["Tồn tại", "tồn tại", " ", "hạn chế"])
    ['Tồn tại', 'hạn chế']
    """
    seen: dict[str, str] = {}
    for word in words:
        if word.strip():
            seen.setdefault(word.lower(), word)
    return list(seen.values())


def slogan_reasons(text: str, evidence: Evidence, guidance_phrases: Sequence[str],
                   labels: frozenset[str] = frozenset()) -> list[tuple[str, str, str]]:
    """(code, Vietnamese message, evidence words) for each reason that applies, in table order."""
    out: list[tuple[str, str, str]] = []
    by_reason: dict[str, list[str]] = {}
    for hit in evidence.slogan:
        by_reason.setdefault(hit.value, []).append(hit.evidence)
    similarity, phrase = guidance_similarity(text, guidance_phrases)
    for code in ("stock_phrase", "guidance", "directive", "pledge", "exhortation", *VACUOUS):
        words = ", ".join(_distinct(by_reason.get(code, ())))
        if code == "guidance" and similarity >= GUIDANCE_SIMILARITY and not words:
            # worded like the year's guidance without its words: say which phrase, not as a quotation
            out.append((code, f"{REASONS_VI[code]} (gần giống câu hướng dẫn: {phrase})", ""))
        elif code in by_reason:
            out.append((code, f"{REASONS_VI[code]}: «{words}»" if words else REASONS_VI[code], words))
    # each requirement only mentioned, with the words that mention it ("tồn tại, hạn chế «phiền hà, tiêu cực»")
    bare: dict[str, list[str]] = {}
    for h in evidence.cues:
        if h.value in REQUIREMENT_VI and h.value not in labels and _mentions(h.value, h.rule, h.evidence):
            bare.setdefault(h.value, []).append(h.evidence)
    if "bare_mention" in by_reason and "shortcoming" not in labels:  # "những hạn chế nêu trên" names none
        bare.setdefault("shortcoming", []).extend(by_reason["bare_mention"])
    if bare:
        def _named(req: str, words: list[str]) -> str:
            own = [w for w in dict.fromkeys(words) if w.strip() and fold(w) not in fold(REQUIREMENT_VI[req])]
            return REQUIREMENT_VI[req] + (f" «{', '.join(own)}»" if own else "")

        named = "; ".join(_named(req, words) for req, words in bare.items())
        found = ", ".join(_distinct(w for words in bare.values() for w in words))
        out.append(("bare_mention", f"{REASONS_VI['bare_mention']}: {named}", found))
    if not evidence.slots:
        out.append(("no_concrete", REASONS_VI["no_concrete"], ""))
    elif evidence.slot_kinds() == {"actor"}:
        out.append(("no_concrete", ONLY_ACTOR_VI, ""))
    if not out:
        out.append(("model_only", REASONS_VI["model_only"], ""))
    return out


def without_vacuous_figures(labels: frozenset[str], evidence: Evidence) -> frozenset[str]:
    """A sentence whose only figures measure nothing is a slogan, not an action (decisions 2 and 3 of the
    corpus guidelines): "100% đảng viên nâng cao nhận thức, tạo chuyển biến mạnh mẽ" counts no one
    doing anything that can be checked, nor does "100% tồn tại, hạn chế được khắc phục" name which. A
    content sentence so worded is a slogan and keeps its pillars; a deliverable or another count keeps it an action, and so does a deadline or a
    frequency more precise than a whole year, unless only an unnamed requirement is counted, or the date is all
    there is beside a state of mind ("Trước ngày 30/6/2024, nâng cao nhận thức của đảng viên …",
    ``vacuous_deadline``). The corpus has no such sentence for the model to learn from (a filler plan of them
    scored 95.7, grade 4; one of deadlines on states of mind 77.5), so a line the model gives no label at all
    ("Tồn tại: khắc phục 100% tồn tại, hạn chế.") is such a slogan too, unless it is last year's result.

    Example:
        >>> from analyzer.detect.evidence import sentence_evidence
        >>> text = "100% đảng viên nêu gương, 100% cán bộ gương mẫu đi đầu."
        >>> sorted(without_vacuous_figures(frozenset({"neu_guong", "action"}), sentence_evidence(text)))
        ['neu_guong', 'slogan']
        >>> text = "100% đảng viên gương mẫu tham gia 4 buổi sinh hoạt chuyên đề."
        >>> sorted(without_vacuous_figures(frozenset({"neu_guong", "action"}), sentence_evidence(text)))
        ['action', 'neu_guong']
        >>> text = "Trước ngày 30/9/2024, mỗi đảng viên thực sự là tấm gương sáng."
        >>> sorted(without_vacuous_figures(frozenset({"neu_guong", "action"}), sentence_evidence(text)))
        ['neu_guong', 'slogan']
        >>> sorted(without_vacuous_figures(frozenset(), sentence_evidence("Khắc phục 100% tồn tại, hạn chế.")))
        ['slogan']
        >>> text = "Năm 2023, 100% tồn tại, hạn chế đã được khắc phục."
        >>> sorted(without_vacuous_figures(frozenset(), sentence_evidence(text)))
        []
    """
    vacuous = [h for h in evidence.slogan if h.value in VACUOUS]
    if not vacuous or (not labels and any(h.rule == _PAST_RULE for h in evidence.context)):
        return labels  # last year's results are context (decision 20), whatever they claim
    spans = [(h.start, h.end) for h in vacuous]
    unnamed_only = all(h.rule == _UNNAMED_RULE for h in vacuous)
    deadline = any(h.value == "vacuous_deadline" for h in vacuous)  # the date is what the rule found vacuous
    for h in evidence.slots:
        if h.value == "deliverable" or (h.value == "quantity" and not any(s <= h.start and h.end <= e for s, e in spans)):
            return labels  # a deliverable, another count ("4 buổi", "không có đảng viên vi phạm") is a measure
        if h.value == "frequency" and not unnamed_only and not _YEAR_ONLY.search(h.evidence):
            return labels  # how often something is done ("hằng tháng")
        if h.value == "date" and not unnamed_only and not deadline and not _YEAR_ONLY.search(h.evidence):
            return labels  # when something is done ("trước 30/4/2024"); a whole year is not
    return (labels - _UNMEASURED) | {"slogan"}


def without_step_pillars(labels: frozenset[str], text: str) -> frozenset[str]:
    """A sentence that only names a step of the model's own course ("Quý II/2024: thực hiện mô hình.",
    "Tháng 12/2024: tổng kết mô hình.") carries no pillar (decisions 10 and 14 of the corpus guidelines: a
    sentence about the model in general gets none, nor does a review); its action and roadmap labels stay.
    The rule (``step.model_only`` in ``rules/steps.yaml``) matches only lines the corpus labels without a
    pillar; the model gave a plan of such steps a concrete Làm theo Bác it does not have. So does a sentence
    that only says where the model applies or who leads it (``step.model_scope``: "Mô hình áp dụng cho cả 2
    điểm trường …", "Mô hình do Ban Thường trực … chủ trì"), decision 10's own example.

    Example:
        >>> sorted(without_step_pillars(frozenset({"lam_theo", "action", "roadmap"}), "Quý II/2024: thực hiện mô hình."))
        ['action', 'roadmap']
        >>> sorted(without_step_pillars(frozenset({"lam_theo", "action", "roadmap"}),
        ...                             "Tháng 4/2024: triển khai kế hoạch, mở đường dây Zalo báo hỏng."))
        ['action', 'lam_theo', 'roadmap']
    """
    if not labels & _PILLARS or not model_step(text):
        return labels
    return labels - _PILLARS


# rule files of sentences that are no action whatever they count (``without_unfirm_actions``)
_NO_ACTION_RULES = ("promises", "targets", "periods")


def without_unfirm_actions(labels: frozenset[str], text: str) -> frozenset[str]:
    """A sentence that commits the unit to nothing firm is no action, whatever it counts; its other labels
    stay. A conditional promise (decision 5 of the corpus guidelines, ``promise.conditional`` in
    ``rules/promises.yaml``): "Nếu được huyện hỗ trợ kinh phí, xã sẽ lắp 2 camera …", "Trường hợp tỉnh mở
    lớp …, chi bộ sẽ cử 2 cán bộ …", "Khi có kinh phí, tôi sẽ …"; and the resolution's target quoted as
    such (decision 2, ``target.quoted`` in ``rules/targets.yaml``): "Nghị quyết Chi bộ năm 2024: không có
    quân nhân vi phạm kỷ luật …", unless the unit commits to it in the same sentence; and the model's own
    period (decision 6, ``period.model`` in ``rules/periods.yaml``): "Thời gian áp dụng: 9 tháng, kể từ
    ngày 01/4/2024.", a roadmap element. No corpus line so written is an action but one (a quoted target
    followed by "tôi cam kết …"), and the model gave 8 of the 30 natural train + dev conditional ones, 5 of
    the 165 quoted targets and 3 of the 66 periods the label out of fold, for the figures they count.

    Example:
        >>> text = "- Nếu Đảng ủy Khối tổ chức cuộc thi tìm hiểu về Bác, Chi bộ sẽ cử ít nhất 5 đảng viên tham gia."
        >>> sorted(without_unfirm_actions(frozenset({"hoc_tap", "action"}), text))
        ['hoc_tap']
        >>> text = "- Khi có tin báo mất nước, tôi có mặt tại bản chậm nhất trong 24 giờ."
        >>> sorted(without_unfirm_actions(frozenset({"lam_theo", "action"}), text))
        ['action', 'lam_theo']
    """
    if "action" not in labels or unfirm_action(text) is None:
        return labels
    return labels - {"action"}


def unfirm_action(text: str) -> Hit | None:
    """The rule hit that makes a sentence no action (``without_unfirm_actions``): its message says why, its
    evidence the words ("Nếu được cấp kinh phí", "Nghị quyết Chi bộ năm 2024:"); None when there is none."""
    return first_hit(_NO_ACTION_RULES, text)


def first_hit(files: Sequence[str], text: str) -> Hit | None:
    """The first hit in ``text`` of the rule files ``files`` (``rules/<name>.yaml``), taken in order; None
    when none matches."""
    for name in files:
        hits = match_rules(load_rules(name), text)
        if hits:
            return hits[0]
    return None


# rule files of lines that carry no label whatever the model reads in them (``without_unlabelled_lines``)
_NO_LABEL_RULES = ("fields", "background")


def without_unlabelled_lines(labels: frozenset[str], text: str) -> frozenset[str]:
    """A line of a form's fields or of past background carries no label: "Tên việc làm: “Mỗi tuần 1 buổi
    phụ đạo …”", "Chức vụ: Trưởng thôn …" (decisions 8 and 9 of the corpus guidelines, ``field.form_line``
    in ``rules/fields.yaml``) name the work item or the person, and "Năm 2023, đồng chí Thoa được Chủ tịch
    UBND tỉnh tặng Bằng khen …" (decisions 1 and 17, ``background.award`` in ``rules/background.yaml``) is
    an award received before the model. No corpus line so written carries a label, but what they name can
    read as content: a count in the item's name made one an action, a duty in the title one a Làm theo
    Bác, an exemplar's award a Nêu gương.

    Example:
        >>> sorted(without_unlabelled_lines(frozenset({"action"}), 'Tên việc làm: "Mỗi tuần 1 buổi phụ đạo cho học sinh"'))
        []
        >>> sorted(without_unlabelled_lines(frozenset({"neu_guong"}), "Tháng 9/2024, anh Hiếu được Huyện đoàn tặng Giấy khen."))
        []
        >>> sorted(without_unlabelled_lines(frozenset({"action"}), "Đơn vị thực hiện 4 buổi tập huấn trong quý II/2024."))
        ['action']
    """
    if not labels or first_hit(_NO_LABEL_RULES, text) is None:
        return labels
    return frozenset()


def model_step(text: str) -> bool:
    """Whether a sentence only names a step of the model's own course (``step.model_only``): "Quý II/2024:
    thực hiện mô hình.", "Tháng 12/2024: tổng kết mô hình.".
    """
    return first_hit(("steps",), text) is not None


def _mentions(requirement: str, rule: str, words: str) -> bool:
    """Whether a cue names the requirement itself (see the module docstring)."""
    if requirement not in _MENTIONS or rule in _MENTION_RULES:
        return True
    return fold(words) in {fold(term) for term in _MENTIONS[requirement]}
