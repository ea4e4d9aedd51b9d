"""The rules' fast forms match what the plain ones match: the prefilter (necessary literals) never
skips a sentence a pattern would match, a case-folded pattern finds on the lower-cased sentence the
spans the original finds, term tries and joined patterns test the word boundary once."""

from __future__ import annotations

import dataclasses
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analyzer.corpus import load_corpus
from analyzer.detect.prefilter import FOLD_UNSAFE, anchors, case_folded, trie_pattern
from analyzer.detect.rules import _words_regex, fold, load_rules, match_rules, rule_files

SHIPPED = [(name, rule.id, regex) for name in rule_files() for rule in load_rules(name)
           for regex, needs in zip(rule.regexes, rule.anchors) if needs is not None]


def _without_anchors(rules):  # type: ignore[no-untyped-def]
    """The rules as written: every pattern scanned, on the sentence as it is."""
    return tuple(dataclasses.replace(rule, anchors=(), folded=()) for rule in rules)


def _fragments() -> list[str]:
    """Pieces of the shipped patterns' literals, in both cases, plus characters that ``re`` folds
    with others under IGNORECASE (ı, ſ, İ, K, µ, ς) and the separators the patterns look for."""
    pieces: set[str] = set()
    for _, _, regex in SHIPPED:
        for word in re.findall(r"[^\W\d_]+", regex.pattern):
            pieces.update({word, word.upper(), word.capitalize()})
    return sorted(pieces) + ["ı", "ſ", "İ", "\u212a", "µ", "ς", "Σ", " ", " ", "\n", "/", "-", "–", "%", ":", ",", ".",
                             "2024", "15", "3", "1/2", "IV", "năm 2023,", "20", "Quý II/2024"]


FRAGMENTS = _fragments()
# corpus sentences, which the rules match often, cut and recased, with letters swapped for the ones
# ``re`` folds them with
SENTENCES = [s.text for doc in load_corpus("dev") for s in doc.sentences]
FOLDS = str.maketrans({"i": "ı", "s": "ſ", "k": "\u212a", "I": "İ", "S": "ſ", "o": "\u043e"})


@st.composite
def _texts(draw) -> str:  # type: ignore[no-untyped-def]
    if draw(st.booleans()):
        return "".join(draw(st.lists(st.sampled_from(FRAGMENTS), max_size=14)))
    text = draw(st.sampled_from(SENTENCES))
    start = draw(st.integers(0, len(text)))
    text = text[start:start + draw(st.integers(0, 120))]
    change = draw(st.sampled_from(["none", "upper", "lower", "title", "fold"]))
    if change == "fold":
        return text.translate(FOLDS)
    return text if change == "none" else getattr(text, change)()


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_texts() | st.text(max_size=40))
def test_a_pattern_that_matches_is_never_skipped(text):
    for name in rule_files():
        rules = load_rules(name)
        assert match_rules(rules, text) == match_rules(_without_anchors(rules), text), name
    for _, rule_id, regex in SHIPPED:
        needs = anchors(regex.pattern, regex.flags)
        if regex.search(text):
            assert needs.admit(text), (rule_id, text)


def test_the_prefilter_changes_no_hit_on_the_corpus():
    sentences = [s.text for doc in load_corpus() for s in doc.sentences][:6000]
    assert len(sentences) == 6000
    for name in rule_files():
        rules, plain = load_rules(name), _without_anchors(load_rules(name))
        for text in sentences:
            folded = fold(text)
            assert match_rules(rules, text, folded) == match_rules(plain, text, folded), (name, text)


def test_most_shipped_patterns_have_anchors_and_they_skip_most_sentences():
    patterns = [regex for name in rule_files() for rule in load_rules(name) if rule.check == "pattern"
                for regex in rule.regexes]
    assert len(SHIPPED) >= 0.8 * len(patterns)
    sentences = [s.text for doc in load_corpus()[:40] for s in doc.sentences]
    admitted = sum(needs.admit(text) for name in rule_files() for rule in load_rules(name)
                   for needs in rule.anchors if needs is not None for text in sentences)
    assert admitted < 0.5 * len(SHIPPED) * len(sentences)


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"(?i)\bchỉ đạt\s+\d+", ("chỉ đạt",)),
        (r"(?i)\bmới có\s+\d+", (" có",)),  # "i" folds with the dotless "ı": never in an anchor
        (r"\d+(?:[.,]\d+)?\s?%", ("%",)),
        (r"(?i)\b(?:quý|q)\s*[1-4]", ("q",)),  # "quý" contains "q": only the shorter is tested
        (r"(?i)\b(?:tồn tại|yếu kém)\b", ("tồn tạ", "yếu kém")),
        (r"(?i)\bsơ kết", ("ơ kết",)),  # nor "s", which folds with "ſ"
        (r"(?i)lộ trình(?: thực hiện)?\s*:", ("lộ trình",)),
        (r"(?:\d+|một)\s+lần", ("lần",)),
        (r"(a)\1", ("a",)),
        (r"(?i)[^x]yz|q", ("q", "yz")),
        (r"[ab]c", ("ac", "bc")),
    ],
)
def test_anchors_of_a_pattern(pattern, expected):
    assert anchors(pattern).strings == expected


@pytest.mark.parametrize("pattern", [r"(?i)\w+", r"\d+", r"(?:hạn chế)?\s*\d", r"(\w)\1", r"(?i)[^x]yz|\d", r"[^\W\d_]+", r"a{0,3}"])
def test_a_pattern_without_a_necessary_literal_has_no_anchors(pattern):
    assert anchors(pattern) is None


@pytest.mark.parametrize(("pattern", "text"), [
    (r"(?i)chỉ\s+\d", "CHỈ 3"),
    (r"(?i)kiểm\b", "\u212aIỂM"),  # the Kelvin sign folds to "k"
    (r"(?i)\bis\b", "ıſ"),  # dotless i and long s: no anchor can miss them
    (r"(?i)Đảng ủy", "ĐẢNG ỦY"),
])
def test_case_insensitive_anchors_admit_every_case(pattern, text):
    assert re.search(pattern, text)
    needs = anchors(pattern)
    assert needs is None or needs.admit(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="abđ ạờ-1", min_size=1, max_size=6), min_size=1, max_size=6),
       st.text(alphabet="abđ ạờ-1,.\n_", max_size=40))
def test_term_tries_test_the_word_boundary_after_the_first_character_with_the_same_matches(terms, text):
    terms = sorted({t.strip() for t in terms if t.strip()}, key=len, reverse=True)
    if not terms:
        return
    plain = re.compile(r"(?<!\w)" + trie_pattern([fold(t) for t in terms]) + r"(?!\w)")
    rewritten = _words_regex(terms)
    assert [m.span() for m in rewritten.finditer(text)] == [m.span() for m in plain.finditer(text)]


def _plain_joins() -> list[tuple[str, re.Pattern[str], re.Pattern[str]]]:
    """Each shipped rule's joined regex, and its patterns joined plainly ("a|b|c", each scoped)."""
    import yaml

    from analyzer.detect.rules import RULES_DIR, _joined, _scoped

    found = []
    for name in rule_files():
        for entry in yaml.safe_load((RULES_DIR / f"{name}.yaml").read_text(encoding="utf-8")):
            plain = [p for p in entry.get("patterns", []) if "(?P<slot>" not in p]
            if len(plain) >= 2:
                found.append((entry["id"], re.compile(_joined(plain), re.MULTILINE),
                              re.compile("|".join(_scoped(p) for p in plain), re.MULTILINE)))
    return found


JOINS = _plain_joins()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_texts())
def test_joined_patterns_test_the_word_boundary_once_with_the_same_matches(text):
    assert len(JOINS) >= 8
    for rule_id, joined, plain in JOINS:
        assert [m.span() for m in joined.finditer(text)] == [m.span() for m in plain.finditer(text)], rule_id


@pytest.mark.parametrize("patterns", [
    [r"\bab", r"a", r"\babc"],  # the rule's order decides which alternative matches at a position
    [r"a", r"\bab", r"\babc", r"b", r"(?i)\bB"],
    [r"(?i)\bAB", r"(?<!x)\ba", r"\babc"],
])
def test_joined_patterns_keep_the_rule_s_order(patterns):
    from analyzer.detect.rules import _joined, _scoped

    text = "abc ab a xab Bab aB"
    joined, plain = re.compile(_joined(patterns)), re.compile("|".join(_scoped(p) for p in patterns))
    assert [m.span() for m in joined.finditer(text)] == [m.span() for m in plain.finditer(text)]



def test_case_folding_compares_characters_as_re_does_under_ignorecase_everywhere_in_unicode():
    """For every character outside FOLD_UNSAFE: ``str.lower`` is the one character ``re`` compares
    under IGNORECASE, it keeps \\w, \\d and \\s, and a character without case is only ever its own
    lower case (so a case-sensitive digit or "/" still matches only itself)."""
    import _sre

    for code in range(0x110000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        c = chr(code)
        if c in FOLD_UNSAFE:
            continue
        low = c.lower()
        assert len(low) == 1 and ord(low) == _sre.unicode_tolower(code), hex(code)
        assert (c.isalnum() or c == "_") == (low.isalnum() or low == "_"), hex(code)
        assert c.isdecimal() == low.isdecimal() and c.isspace() == low.isspace(), hex(code)
        if low.lower() == low == low.upper():
            assert low == c, hex(code)


def test_most_shipped_case_insensitive_patterns_are_case_folded():
    patterns = [regex for name in rule_files() for rule in load_rules(name) if rule.check == "pattern"
                for regex in rule.regexes if regex.flags & re.IGNORECASE or "(?i" in regex.pattern]
    folded = [rule for name in rule_files() for rule in load_rules(name) for f in rule.folded if f is not None]
    assert len(folded) >= 0.8 * len(patterns)


@pytest.mark.parametrize(("pattern", "text", "expected"), [
    (r"(?i)\bis\b", "Iſ ıs is", [(0, 2), (3, 5), (6, 8)]),  # long s and dotless i: the original runs
    (r"(?i)\bkiểm tra\b", "\u212aIỂM TRA và Kiểm tra", [(0, 8), (12, 20)]),
    (r"(?i)\b(?:quý|q)\s*[1-4]\b", "QUÝ 3, quý 4, Q2", [(0, 5), (7, 12), (14, 16)]),
])
def test_a_case_insensitive_rule_finds_the_same_spans_as_its_pattern(tmp_path, pattern, text, expected):
    from analyzer.detect.rules import load_rule_file

    path = tmp_path / "r.yaml"
    path.write_text(f"- {{id: a, check: pattern, message: m, label: x, patterns: ['{pattern}']}}", encoding="utf-8")
    rules = load_rule_file(path)
    assert rules[0].folded[0] is not None
    assert [m.span() for m in re.finditer(pattern, text)] == expected
    assert [(h.start, h.end) for h in match_rules(rules, text)] == expected


@pytest.mark.parametrize("pattern", [r"\d+ [A-Z]", r"(?i:năm)|[A-ZĐ]{2}", r"(?i)(a)\1", r"(?i)µm", r"(?i)(?-i:A)b"])
def test_a_pattern_that_cannot_be_case_folded_is_not(pattern):
    assert case_folded(re.compile(pattern)) is None
