"""Detection: pillars, requirements, measurable actions and slogans on sentences.

The engine reads like a short script: gather rule evidence for every content sentence, turn it
into features, let the trained labeller give each label a probability, apply the thresholds and
the exclusion of ``action`` and ``slogan``, then explain every label with its evidence
(Presidio-style findings: label, span, score, source, message, evidence words).
"""

from __future__ import annotations

import collections
import functools
import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
from spacy.tokens import Doc

from analyzer.detect.actions import SLOTS_VI, action_slots
from analyzer.detect.evidence import Evidence, document_year, sentence_evidence
from analyzer.detect.exemplars import exemplar_names, listed_exemplar
from analyzer.detect.links import Echoes, Reference
from analyzer.detect.rules import DEFAULT_YEAR, Hit, fold
from analyzer.detect.slogans import (VACUOUS, first_hit, slogan_reasons, unfirm_action, without_step_pillars,
                                     without_unfirm_actions, without_unlabelled_lines, without_vacuous_figures)
from analyzer.labels import LABEL_NAMES_VI, LABELS
from analyzer.results import Finding, Sentence
from analyzer.text.structure import Layout, Unit

# the layout kinds that get labels
LABELLED_KINDS = frozenset({"body", "table_row"})
# the kinds that get a feature record: also a table's row of column names ("STT | Nội dung | Thời gian"),
# read like a row for the features of the rows around it (it was one in training) but never labelled
CONTENT_KINDS = LABELLED_KINDS | {"table_header"}
MODEL_ID = "model:sentences.v1"
MODELS_DIR = Path(os.environ.get("MOHINH_MODELS", Path(__file__).resolve().parents[2] / "models"))


@functools.lru_cache(maxsize=2)
def get_labeller(path: str | None = None):  # type: ignore[no-untyped-def]
    """The trained sentence labeller (``models/sentences.skops``), loaded once per process."""
    from analyzer.learn.model import load_model

    return load_model(Path(path) if path else MODELS_DIR / "sentences.skops")


def sentence_tokens(doc: Doc, start: int, end: int) -> list[str]:
    """Word tokens of ``doc`` covering the characters ``start:end``."""
    from analyzer.text.tokenizer import SENTENCES_KEY, doc_text

    if SENTENCES_KEY in doc.user_data:
        index = doc.user_data.get(SENTENCES_KEY + "_index")
        if index is None:  # built once per document (not once per sentence)
            index = doc.user_data[SENTENCES_KEY + "_index"] = {(s, e): w for s, e, w in doc.user_data[SENTENCES_KEY]}
        if (start, end) in index:
            return index[(start, end)]
    span = doc.char_span(start, end, alignment_mode="expand")
    return [t.text for t in span if not t.is_space] if span is not None else doc_text(doc)[start:end].split()


def content_index(units: Sequence[Unit]) -> list[int]:
    """Indices of the units that are labelled (body sentences and table rows, not headings or metadata)."""
    return [i for i, unit in enumerate(units) if unit.kind in CONTENT_KINDS]


def build_records(doc: Doc, units: Sequence[Unit], meta: Mapping[str, str], *,
                  year: int = DEFAULT_YEAR) -> tuple[list[int], list[Evidence], list[dict]]:
    """Indices of the content units, their rule evidence and feature records. ``year`` is the
    campaign's: the submission's own year when it has no date line (:func:`document_year`)."""
    from analyzer.learn.features import sentence_record
    from analyzer.text.tokenizer import doc_text

    text = doc_text(doc)
    personal = "person_name" in meta
    doc_type = meta.get("doc_type", "").split(" ")[0].lower()
    index = content_index(units)
    year = document_year(meta, year)
    evidences, records, words = [], [], []
    for k, i in enumerate(index):
        unit = units[i]
        sentence = text[unit.start:unit.end]
        evidence = sentence_evidence(sentence, unit.section, year)
        evidences.append(evidence)
        words.append(sentence_tokens(doc, unit.start, unit.end))
        # position among the content sentences, not in characters: blank lines, wraps and line
        # ends of another rendering of the same document must not move it
        kind = "table_row" if unit.kind == "table_header" else unit.kind  # see CONTENT_KINDS
        records.append(sentence_record(sentence, words[-1], kind, evidence,
                                       position=k / max(1, len(index) - 1), personal=personal,
                                       doc_type=doc_type, year=year))
    content_units = [units[i] for i in index]
    _add_neighbours(records, evidences, content_units)
    _add_references(records, evidences, [text[u.start:u.end] for u in content_units], words)
    return index, evidences, records


def _add_neighbours(records: list[dict], evidences: list[Evidence], units: Sequence[Unit]) -> None:
    """What the previous sentence of the same section points to (a shortcoming or target often runs on)."""
    for k in range(1, len(records)):
        if units[k].section != units[k - 1].section:
            continue
        dense = records[k]["dense"]
        for label in evidences[k - 1].cue_labels():
            dense[f"prev_cue:{label}"] = 1.0
        if not evidences[k - 1].slots:
            dense["prev_bare"] = 1.0


# "<number> <word>", "<number>%" or "<part>/<whole> <word>": the figures a later sentence repeats when it refers back
_QUANTITY = re.compile(r"(?<![\d/.,:-])(?P<number>\d+(?:[.,]\d+)*)(?:/(?P<whole>\d+(?:[.,]\d+)*))?\s*(?P<unit>%|[^\W\d_]+)")
# a number of time units is a duration or a clock time ("trong 9 tháng", "mỗi buổi 2 giờ", "từ 20 giờ"):
# when and how long, like the dates left out before it, not a counted thing of a shortcoming
_TIME_UNITS = frozenset({"giây", "phút", "giờ", "h", "ngày", "tuần", "tháng", "quý", "năm"})
# nor is a number followed by a function word ("từ 15 đến 60 tuổi", "2 và 3"): nothing is counted
# nor a verb or an adverb ("khối 6 chưa đạt", "tổ 3 có 12 hộ"): the number names the grade, team or place
_NOT_COUNTED = _TIME_UNITS | {"đến", "tới", "từ", "và", "hoặc", "hay", "với", "trong", "trên", "dưới", "trở", "so",
                              "của", "là", "thì", "mà", "để", "đã", "được", "sẽ", "còn", "lên", "xuống", "khi", "nếu",
                              "chưa", "không", "có", "đều", "cũng", "đang", "bị", "vẫn", "phải", "cần"}
# a dot before three digits separates thousands ("1.160 ha", "2.418 trường hợp"); a comma is the decimal mark
_THOUSANDS = re.compile(r"\.(?=\d{3}(?!\d))")
_LEADING_ZEROS = re.compile(r"^0+(?=\d)")  # "02" → "2"; "0", "0,5" stay
# a number after "số" is a document's or a place's number ("Số 12", "tổ dân phố số 5"), unless a total or a
# share of something ("tổng số 46,8 triệu đồng", "quân số 118", "trong số 29 người")
_NOT_A_QUANTITY = re.compile(r"(?:tháng|ngày|quý|(?<!trong )(?<!tổng )(?<!quân )số|năm|lần thứ|khóa|khoá)\s*$")
# a figure the unit aims at is not the figure of a shortcoming ("chỉ tiêu dưới 5%", "ít nhất 20 người")
_TARGET_BEFORE = re.compile(r"(?:chỉ tiêu|mục tiêu|dưới|không quá|tối thiểu|ít nhất|phấn đấu|lên|xuống|đạt từ)\s*$")
_BASELINE_CHANGE = re.compile(r"\btừ\s+\d[\d.,]*\s*(?:%|[^\W\d_]+)?(?:\s+[^\W\d_]+){0,4}?(?:\s+năm\s+\d{4})?\s+(?:xuống|lên|còn)\b")
# cue rules whose hit (without commitment wording) makes a sentence state a shortcoming: the words of
# shortcomings and shortfalls, and those of a deficient state ("xuống cấp", "thiếu", "trễ hạn")
_STATES_SHORTCOMING = frozenset({"req.shortcoming.cue", "req.shortcoming.shortfall", "req.shortcoming.problem"})
# a figure in this many sentences is the document's backdrop (its size, its topic), not a link
_CONTEXT_REPEATS = 4
# wording of a commitment or plan: a sentence with it redresses a shortcoming rather than states one
_COMMITMENT = re.compile(r"\b(?:phấn đấu|đăng ký|đăng kí|cam kết|sẽ|bảo đảm|đảm bảo|hoàn thành|trước ngày|không để)\b")
# ... unless negated: "chưa hoàn thành", "không bảo đảm", "chưa ký cam kết" state a shortfall (read
# in the few characters before the word, like the words before a figure in `_quantity_spans`)
_NEGATED = re.compile(r"\b(?:chưa|không|chưa được|không được)(?: ký)? $")


def commits(folded: str) -> bool:
    """Whether a folded sentence has commitment wording that is not negated.

    Example:
        >>> commits("phấn đấu hoàn thành trước ngày 30/6"), commits("còn 4 hộ chưa ký cam kết")
        (True, False)
    """
    return any(not _NEGATED.search(folded[max(0, m.start() - 16):m.start()]) for m in _COMMITMENT.finditer(folded))


def quantity_mentions(sentence: str) -> set[str]:
    """Counted things of a sentence ("214 hồ sơ" → ``214 hồ``, "8,7%" → ``8,7%``, "3/7 thôn" → ``3 thôn``),
    without dates, years, durations, document numbers, the number one, target figures, "all of it"
    ("100%", "96/96 đơn") and numbers before a function word ("từ 15 đến 60 tuổi" → ``60 tuổi`` only).
    A key holds the number's value, however it is written ("02 hộ" → ``2 hộ``, "1.160 ha" → ``1160 ha``).

    Example:
        >>> sorted(quantity_mentions("Năm 2023 còn 214 hồ sơ tồn đọng, 8,7% trễ hẹn (Báo cáo số 12-BC/UB ngày 3/1/2024)."))
        ['214 hồ', '8,7%']
        >>> sorted(quantity_mentions("Mới có 3/7 thôn có điểm tập kết rác, chỉ tiêu dưới 5%."))
        ['3 thôn']
    """
    return set(_quantity_spans(fold(sentence)))


def _quantity_spans(folded: str) -> dict[str, tuple[int, int]]:
    """Each counted thing's key and the span of its first mention (``fold`` keeps offsets)."""
    found: dict[str, tuple[int, int]] = {}
    for m in _QUANTITY.finditer(folded):
        number, whole, unit = m.group("number", "whole", "unit")
        # all of something ("100%", "96/96 đơn") is a target or a full result, never a shortcoming's figure;
        # a duration, a clock time or a number before a function word counts nothing (see above)
        if (number == "100" and unit == "%") or number == whole or unit in _NOT_COUNTED:
            continue
        before = folded[max(0, m.start() - 12):m.start()]
        if _NOT_A_QUANTITY.search(before) or _TARGET_BEFORE.search(before) or folded[m.end():m.end() + 1] in ("/", "-"):
            continue
        # the key is the value, not its spelling: "02 hộ" is "2 hộ", "1.160 ha" is "1160 ha" (and "01" is one)
        value = _LEADING_ZEROS.sub("", _THOUSANDS.sub("", number))
        if value == "1" or (len(value) == 4 and value.isdigit() and value[:2] in ("19", "20") and unit != "%"):
            continue
        found.setdefault(f"{value}%" if unit == "%" else f"{value} {unit}", (m.start(), m.end()))
    return found


def _figure_text(sentence: str, start: int, end: int, words: Sequence[str]) -> str:
    """The figure as written, with its whole counted word from the segmenter ("214 hồ" → "214 hồ sơ")."""
    figure = sentence[start:end]
    number = figure.split()[0]
    if not figure.endswith("%") and number in words:
        at = words.index(number)
        if at + 1 < len(words) and fold(words[at + 1]).startswith(fold(figure.split()[-1])):
            return f"{number} {words[at + 1]}"
    return figure


def _add_references(records: list[dict], evidences: list[Evidence], sentences: Sequence[str],
                    words: Sequence[Sequence[str]]) -> None:
    """Whether a sentence refers back to a shortcoming stated elsewhere in the document.

    A commitment carries ``shortcoming`` when it names or restates the shortcoming it redresses
    (guidelines, decisions 19 and 23): it repeats one of the counted things of a sentence that
    states a shortcoming (a shortcoming cue or a word of a deficient state, "xuống cấp", "thiếu",
    "trễ hạn", without commitment wording, or a sentence under a shortcoming heading), or it
    restates a baseline ("từ 8,7% … xuống dưới 3%"). The unit's size and figures that recur all
    over the document are its backdrop, not links; nor are "all of it" ("100%", "96/96 đơn") and
    durations ("trong 9 tháng", "mỗi buổi 2 giờ"), which a commitment shares with a stated
    shortcoming by chance (:func:`quantity_mentions`).
    """
    folded = [fold(s) for s in sentences]
    spans = [_quantity_spans(f) for f in folded]
    mentions = [set(found) for found in spans]
    stated = [("shortcoming" in ev.roles or any(h.rule in _STATES_SHORTCOMING for h in ev.cues))
              and not commits(f) for ev, f in zip(evidences, folded)]
    # the figures of a sentence giving the unit's size ("chi bộ có 17 đảng viên, phụ trách 12 thôn")
    # are context wherever they recur
    sizes = {key for ev, found, is_stated in zip(evidences, mentions, stated) if not is_stated
             and any(h.rule == "context.unit_size" for h in ev.context) for key in found}
    repeats = collections.Counter(key for found in mentions for key in found)
    owners: dict[str, set[int]] = {}
    for k, found in enumerate(mentions):
        if stated[k]:
            for key in found - sizes:
                if repeats[key] < _CONTEXT_REPEATS:
                    owners.setdefault(key, set()).add(k)
    for k, record in enumerate(records):
        dense = record["dense"]
        shared = [key for key in mentions[k] if owners.get(key, set()) - {k}]
        if shared:
            # the figures shown to the appraiser as the link ("nhắc lại số liệu «214 hồ sơ» … nêu ở câu 12")
            record["links"] = [_figure_text(sentences[k], *spans[k][key], words[k])
                               for key in sorted(shared, key=spans[k].__getitem__)]
            # the sentences that state them, for the appraiser ("… nêu ở câu 12"): those before it if any
            stating = sorted(set().union(*(owners[key] - {k} for key in shared)))
            before = [j for j in stating if j < k]
            record["linked_to"] = before or stating
            dense["ref:shortcoming_figure"] = 1.0
            if before:
                dense["ref:shortcoming_figure_before"] = 1.0
        if stated[k]:
            dense["states_shortcoming"] = 1.0
        if _BASELINE_CHANGE.search(folded[k]):
            dense["baseline_change"] = 1.0


def decide(probs: np.ndarray, thresholds: Mapping[str, float], labels: Sequence[str] = LABELS) -> list[frozenset[str]]:
    """Labels above threshold; of ``action`` and ``slogan`` only the one with the larger margin stays."""
    a, s = labels.index("action"), labels.index("slogan")
    out = []
    for row in probs:
        chosen = {label for j, label in enumerate(labels) if row[j] >= thresholds[label]}
        if "action" in chosen and "slogan" in chosen:
            drop = "slogan" if row[a] - thresholds["action"] >= row[s] - thresholds["slogan"] else "action"
            chosen.discard(drop)
        out.append(frozenset(chosen))
    return out


def _references(index: Sequence[int], records: Sequence[dict], decided: Sequence[frozenset[str]],
                sentences: Sequence[str]) -> dict[int, Reference]:
    """For each content sentence labelled `shortcoming` that redresses one stated elsewhere: what it
    repeats of it and which sentences (``sent_id``) state it (:mod:`analyzer.detect.links`)."""
    found: dict[int, Reference] = {}
    echoes: Echoes | None = None
    statements = [j for j, labels in enumerate(decided) if "shortcoming" in labels and "action" not in labels]
    for k, labels in enumerate(decided):
        if "shortcoming" not in labels:
            continue
        linked = records[k].get("linked_to", ())
        if records[k].get("links") and ("action" in labels or any(j < k for j in linked)):
            # a statement is not told that it repeats a commitment further on: only what comes back does
            found[k] = Reference(tuple(records[k]["links"]), tuple(index[j] for j in linked))
        elif "action" in labels:
            # the flagged statement it repeats the longest phrase of; of several, the nearest one before it
            echoes = echoes or Echoes([record["chars"] for record in records])
            echo = echoes.echo(k, statements)
            if echo is not None:
                s, e, holders = echo
                j = max(holders, key=lambda j: (j < k, -abs(k - j)))
                found[k] = Reference((sentences[k][s:e],), (index[j],), figures=False)
    return found


def _explain(sent_id: int, unit: Unit, text: str, labels: frozenset[str], probs: Mapping[str, float],
             evidence: Evidence, meta: Mapping[str, str], guidance: Sequence[str],
             reference: Reference | None = None, tokens: Sequence[str] = (),
             ruled: frozenset[str] = frozenset(), unruled: frozenset[str] = frozenset(),
             cause: Hit | None = None) -> tuple[list[Finding], list[str]]:
    """The findings and reasons of one sentence's labels; those in ``ruled`` were set by a rule after the
    model (:func:`~analyzer.detect.slogans.without_vacuous_figures`), which each such finding names, and
    those in ``unruled`` taken away by one (an action a conditional promise is not), which a reason says;
    ``cause``: the hit of the rule that made the sentence a shortcoming as the cause of one
    (:func:`_with_stated_causes`)."""
    sentence = text[unit.start:unit.end]
    findings: list[Finding] = []
    reasons: list[str] = []
    for label in LABELS:
        if label not in labels:
            continue
        words = [h.evidence for h in evidence.cues if h.value == label]
        if label == "action":
            words = [h.evidence for h in evidence.slots]
        roles = [r for r in evidence.roles if r == label]
        cue = ", ".join(dict.fromkeys(w for w in words if w.strip()))
        message = LABEL_NAMES_VI[label] + (f" (dấu hiệu: {cue})" if cue else "") + (" — nằm trong mục tương ứng" if roles else "")
        if label == "shortcoming" and reference is not None:
            message += reference.message()
            cue = ", ".join(filter(None, (cue, *dict.fromkeys(reference.words))))
        if label in ruled:  # the rule's decision, not the model's probability
            if label == "exemplar":
                findings.append(Finding(label, unit.start, unit.end, 1.0, "rule:exemplar.listed",
                                        f"{LABEL_NAMES_VI[label]} — người được nêu tên dưới mục cá nhân điển hình",
                                        unit.section.rsplit(" > ", 1)[-1], sent_id))
                continue
            if label == "shortcoming" and cause is not None:
                rule, message = cause, f"{LABEL_NAMES_VI[label]} — {cause.message}"
            else:
                rule = next(h for h in evidence.slogan if h.value in VACUOUS)
            findings.append(Finding(label, unit.start, unit.end, 1.0, f"rule:{rule.rule}", message, rule.evidence, sent_id))
            continue
        findings.append(Finding(label, unit.start, unit.end, probs[label], MODEL_ID, message, cue, sent_id))
    if "action" in labels:
        slots = action_slots(sentence, evidence, tokens)
        for slot, s, e, words in slots:
            findings.append(Finding(f"slot:{slot}", unit.start + s, unit.start + e, 1.0, f"rule:slot.{slot}",
                                    SLOTS_VI[slot], words, sent_id))
        kinds = dict.fromkeys(SLOTS_VI[k].lower() for k, *_ in slots)
        reasons.append("Hành động cụ thể: " + ", ".join(kinds) if kinds else "Hành động cụ thể")
    if "action" in unruled and (hit := unfirm_action(sentence)) is not None:
        reasons.append(f"{hit.message} («{hit.evidence}»)")
    if "slogan" in labels:
        for code, message, words in slogan_reasons(sentence, evidence, guidance, labels):
            findings.append(Finding(f"slogan_reason:{code}", unit.start, unit.end,
                                    1.0 if "slogan" in ruled else probs["slogan"], f"rule:slogan.{code}", message,
                                    words, sent_id))
            reasons.append(message)
    if "exemplar" in labels:
        for s, e, name in exemplar_names(sentence, meta):
            inside = 0 <= s < e <= len(sentence) and sentence[s:e] == name
            start, end = (unit.start + s, unit.start + e) if inside else (unit.start, unit.end)
            findings.append(Finding("exemplar_name", start, end, probs["exemplar"], "rule:exemplar.name",
                                    f"Cá nhân điển hình: {name}", name, sent_id))
    return findings, reasons


def _after_model(labels: frozenset[str], evidence: Evidence, sentence: str) -> frozenset[str]:
    """The rules that decide after the model, in order: a figure that measures nothing
    (:func:`~analyzer.detect.slogans.without_vacuous_figures`), a step of the model's own course, a
    conditional promise or a quoted target, a line of a form's fields or of past background (an award
    received), a person listed under a heading of exemplary individuals
    (:func:`~analyzer.detect.exemplars.listed_exemplar`)."""
    labels = without_vacuous_figures(labels, evidence)
    labels = without_step_pillars(labels, sentence)
    labels = without_unlabelled_lines(without_unfirm_actions(labels, sentence), sentence)
    return listed_exemplar(labels, evidence.roles, sentence)


# how many content sentences back a cause looks for the shortcoming it explains
_CAUSE_REACH = 2


def _with_stated_causes(decided: list[frozenset[str]], texts: Sequence[str]) -> dict[int, Hit]:
    """A specific cause of a shortcoming stated just before it is a shortcoming too (decision 23 (A) of the
    corpus guidelines; ``cause.stated`` in ``rules/causes.yaml``): "Nguyên nhân là tổ kiểm hóa chỉ làm việc
    đến 17 giờ, …" after the finding it explains. ``decided`` gains the label in place, where the model gave
    the sentence neither it nor slogan (a vague cause is a slogan) and one of the two content sentences
    before it carries it; the rule's hit of each sentence so labelled, by position. Of the 80 train + dev
    sentences that open on "Nguyên nhân", 78 carry the label; out of fold the model missed 5, each right
    after a statement it found, and labelled the two vague ones slogan.
    """
    set_by: dict[int, Hit] = {}
    for k, labels in enumerate(decided):
        if "shortcoming" in labels or "slogan" in labels:
            continue
        if not any("shortcoming" in decided[j] for j in range(max(0, k - _CAUSE_REACH), k)):
            continue
        hit = first_hit(("causes",), texts[k])
        if hit is not None:
            decided[k] = labels | {"shortcoming"}
            set_by[k] = hit
    return set_by


def decide_document(probs: np.ndarray, thresholds: Mapping[str, float], evidences: Sequence[Evidence],
                    texts: Sequence[str], labels: Sequence[str] = LABELS
                    ) -> tuple[list[frozenset[str]], list[frozenset[str]], dict[int, Hit]]:
    """The labels of a document's content sentences, as the analyzer decides them: the labeller's at its
    thresholds (``decide``), then the rules after the model on each sentence (:func:`_after_model`) and on
    the document (:func:`_with_stated_causes`). Returns the model's labels, the decided ones and the
    hits of the causes so labelled, by position (``mohinh crossval --rules`` measures the same)."""
    by_model = decide(probs, thresholds, labels)
    decided = [_after_model(found, evidence, text) for found, evidence, text in zip(by_model, evidences, texts)]
    return by_model, decided, _with_stated_causes(decided, texts)


def detect_document(doc: Doc, layout: Layout, *, rubric: str = "2024") -> tuple[tuple[Sentence, ...], tuple[Finding, ...]]:
    """Label every sentence of ``doc``; headings, header and signature lines get no label."""
    from analyzer.rubrics import load_rubric
    from analyzer.text.tokenizer import doc_text

    text = doc_text(doc)
    meta = layout.meta
    campaign = load_rubric(rubric)
    guidance = campaign.guidance_phrases
    # a submission without a date line is read as one of the rubric's year ("năm 2025, …" is last
    # year's result in a 2026 campaign)
    index, evidences, records = build_records(doc, layout.units, meta, year=campaign.year)
    labeller = get_labeller()
    probs = labeller.predict_proba(records) if records else np.zeros((0, len(LABELS)))
    texts = [text[layout.units[i].start:layout.units[i].end] for i in index]
    by_model, decided, causes = decide_document(probs, labeller.thresholds, evidences, texts, labeller.labels)
    by_unit = {i: k for k, i in enumerate(index)}
    references = _references(index, records, decided, texts)
    sentences: list[Sentence] = []
    findings: list[Finding] = []
    for i, unit in enumerate(layout.units):
        k = by_unit.get(i)
        if k is None or unit.kind not in LABELLED_KINDS:
            sentences.append(Sentence(i, unit.start, unit.end, text[unit.start:unit.end], unit.section, unit.kind))
            continue
        p = {label: float(probs[k, j]) for j, label in enumerate(labeller.labels)}
        tokens = sentence_tokens(doc, unit.start, unit.end) if "action" in decided[k] else ()
        found, reasons = _explain(i, unit, text, decided[k], p, evidences[k], meta, guidance, references.get(k), tokens,
                                  ruled=decided[k] - by_model[k], unruled=by_model[k] - decided[k],
                                  cause=causes.get(k))
        findings.extend(found)
        sentences.append(Sentence(i, unit.start, unit.end, text[unit.start:unit.end], unit.section, unit.kind,
                                  decided[k], tuple((label, round(v, 4)) for label, v in p.items()), tuple(reasons)))
    return tuple(sentences), tuple(findings)
