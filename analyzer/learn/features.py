"""Features of one sentence for the scikit-learn labeller (dicts and strings; no spaCy objects).

Example:
    >>> from analyzer.detect.evidence import sentence_evidence
    >>> text = "Tổ chức 4 buổi sinh hoạt chuyên đề trong quý II/2024."
    >>> rec = sentence_record(text, ["Tổ chức", "4", "buổi", "sinh hoạt", "chuyên đề", "trong", "quý", "II/2024", "."],
    ...                       "body", sentence_evidence(text, "1. Học tập Bác"))
    >>> rec["tok"]
    'tổ_chức <num> buổi sinh_hoạt chuyên_đề trong quý ii/0000 .'
    >>> rec["dense"]["slot:quantity"], rec["dense"]["role:hoc_tap"]
    (1.0, 1.0)
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from analyzer.detect.evidence import Evidence
from analyzer.detect.rules import fold, respell

_DIGITS = re.compile(r"\d")
_FIGURE = re.compile(r"\d+(?:[.,/]\d+)*")
# the rule of counts, also written in words ("hai buổi", "ba hộ": see rules/measurables.yaml)
_COUNT_RULE = "slot.quantity.count"
_LEADING_ZEROS = re.compile(r"(?<![\d.,])0+(?=\d)")
_NUMBER = re.compile(r"^\d+(?:[.,]\d+)*$")
_BULLET = re.compile(r"^(?:[-+•*–]|\d{1,2}(?:\.\d{1,2})*[.)]?|[a-zđ]\))\s")
_FIRST_PERSON = re.compile(r"(?i)\b(?:tôi|bản thân|em)\b")
_VAGUE = re.compile(r"(?i)\b(?:một số|một bộ phận|một vài|có lúc|có nơi|chưa cao|chưa đồng đều|còn hạn chế|nhất định)\b")
_PROBLEM_ROLES = frozenset({"shortcoming", "motivation"})
# a year written out ("năm 2023", "10/2023", "2022–2023"), not part of a larger number ("1.2023 ha")
_YEAR = re.compile(r"(?<![\d.,])(?:19|20)\d\d(?![\d.,]\d)")
_PLAN_VERBS = re.compile(r"(?i)\b(?:sẽ|đăng ký|phấn đấu|cam kết|tổ chức|thực hiện|hoàn thành|xây dựng|triển khai|duy trì|lập|thành lập|mở|ra mắt|đã)\b")


@functools.lru_cache(maxsize=65536)
def _token(word: str) -> str:
    word = fold(word).replace(" ", "_")
    if _NUMBER.match(word):
        return "<num>"
    return _DIGITS.sub("0", word)


def sentence_record(text: str, tokens: Sequence[str], kind: str, evidence: Evidence, *,
                    position: float = 0.0, personal: bool = False, doc_type: str = "",
                    year: int | None = None) -> dict[str, object]:
    """The feature record of a sentence: ``tok`` (words), ``chars`` (folded text), ``dense`` (rule features).

    ``year`` is the submission's own: each year the sentence names is told as before it (``year:past``,
    ``year:old`` more than three years before), its own (``year:this``) or after it (``year:next``). A
    statement of a shortcoming cites last year's inspection, a commitment this year's months; the words
    cannot tell them apart, since every digit is folded to 0.
    """
    dense: dict[str, float] = {f"kind:{kind}": 1.0, "position": round(position, 2)}
    for hit in evidence.cues:
        dense[f"cue:{hit.value}"] = dense.get(f"cue:{hit.value}", 0.0) + 1.0
        dense[f"cue_term:{_FIGURE.sub('0', fold(hit.evidence))}"] = 1.0  # figures in a pattern's span are not the term
        dense[f"cue_rule:{hit.rule}"] = 1.0
    for hit in evidence.slots:
        dense[f"slot:{hit.value}"] = 1.0
        dense[f"slot_rule:{hit.rule}"] = 1.0
    dense["n_slots"] = float(len(evidence.slot_kinds()))
    for hit in evidence.context:
        dense[f"context:{hit.rule}"] = 1.0
    for hit in evidence.slogan:
        dense[f"slogan:{hit.rule}"] = dense.get(f"slogan:{hit.rule}", 0.0) + 1.0
    for role in evidence.roles:
        dense[f"role:{role}"] = 1.0
    has_digit = bool(_DIGITS.search(text))
    problem_roles = _PROBLEM_ROLES & evidence.roles
    if problem_roles:
        # under a heading about problems, a figure makes a statement specific; "một số …" keeps it vague
        specificity = "digit" if has_digit else "vague" if _VAGUE.search(text) else "words"
        for role in problem_roles:
            dense[f"role:{role}:{specificity}"] = 1.0
    # a count is a count however it is written: "ba việc" as "3 việc", "02 buổi" as "2 buổi"
    spelled = {fold(hit.evidence.split()[0]) for hit in evidence.slots
               if hit.rule == _COUNT_RULE and hit.evidence[:1].isalpha()}
    chars = fold(text)
    if spelled:
        chars = re.sub(r"\b(?:" + "|".join(map(re.escape, sorted(spelled))) + r")\b(?=\s)", "0", chars)
    chars = _LEADING_ZEROS.sub("", chars)
    n_chars = len(chars)  # of the text as read: "02 buổi" as long as "2 buổi"
    dense[f"len:{min(n_chars // 40, 6)}"] = 1.0
    dense["has_digit"] = float(has_digit or bool(spelled))
    dense["bullet"] = float(bool(_BULLET.match(text)))
    dense["ends_colon"] = float(text.endswith(":"))
    dense["table_row"] = float(" | " in text)
    dense["first_person"] = float(bool(_FIRST_PERSON.search(text)))
    dense["plan_verb"] = float(bool(_PLAN_VERBS.search(text)))
    dense["personal_doc"] = float(personal)
    if doc_type:
        dense[f"doc_type:{doc_type}"] = 1.0
    dense["exclaim"] = float(text.rstrip().endswith("!"))
    if year is not None:
        for found in _YEAR.findall(text):
            delta = int(found) - year
            dense["year:" + ("old" if delta < -3 else "past" if delta < 0 else "this" if delta == 0 else "next")] = 1.0
    return {
        "tok": respell(" ".join("<num>" if spelled and fold(t) in spelled else _token(t) for t in tokens if t.strip())),
        "chars": _DIGITS.sub("0", chars),
        "dense": dense,
    }
