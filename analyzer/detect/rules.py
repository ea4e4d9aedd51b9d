"""Rules as data: load the YAML rule files of ``analyzer/rules`` and match them on text.

A closed set of checks: ``existence`` (any of ``terms``, whole words, case- and
tone-placement-insensitive; optional ``not_inside``: compounds in which a term means something
else, "thiếu" in "thiếu nhi", "yếu" in "chủ yếu") and ``pattern`` (any of ``patterns``, Python
regular expressions).
Each rule names what it is evidence of (``label``, ``slot``, ``reason`` or ``role``) and the
Vietnamese ``message`` an appraiser reads.

Example:
    >>> rules = load_rules("slogans")
    >>> [h.rule for h in match_rules(rules, "Tạo chuyển biến mạnh mẽ trong nhận thức.")]
    ['slogan.stock_phrase']
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from pathlib import Path

import yaml

from analyzer.detect.prefilter import FOLD_UNSAFE_RE, Anchors, anchors, case_folded, trie_pattern
from analyzer.config import read_yaml
from analyzer.errors import E, DataFileError
from analyzer.text.tones import to_modern_tones

RULES_DIR = Path(__file__).resolve().parent.parent / "rules"
# The year of a submission whose header gives no date: that of the default rubric's campaign
# (and of most annotated documents), so "năm 2023, …" reads as last year's result.
DEFAULT_YEAR = 2024
CHECKS = ("existence", "pattern")
KINDS = ("label", "slot", "reason", "role")


@dataclass(frozen=True)
class Rule:
    """One compiled rule."""

    id: str
    check: str
    message: str
    kind: str
    value: str
    regexes: tuple[re.Pattern[str], ...]
    source: str
    # matches that lie inside a match of this (an existence rule's not_inside) are not hits
    not_inside: re.Pattern[str] | None = None
    # per regex, literals of which every match contains one (None: always scan). Pattern rules
    # only: an existence rule's term trie already begins with a character (see _words_regex)
    anchors: tuple[Anchors | None, ...] = ()
    # per regex, the same pattern for the lower-cased sentence (prefilter.case_folded; None: none)
    folded: tuple[re.Pattern[str] | None, ...] = ()
    # per regex, its year groups (``past``, ``past2``…: see match_rules), read once here, not per sentence
    past: tuple[tuple[str, ...], ...] = dataclass_field(init=False, default=())

    def __post_init__(self) -> None:
        for name in ("anchors", "folded"):  # empty: none for any regex
            if not getattr(self, name):
                object.__setattr__(self, name, (None,) * len(self.regexes))
            elif len(getattr(self, name)) != len(self.regexes):
                raise ValueError(f"one entry of {name} per regex")
        object.__setattr__(self, "past", tuple(tuple(g for g in r.groupindex if g.startswith("past"))
                                               for r in self.regexes))


@dataclass(frozen=True)
class Hit:
    """A rule match: offsets relative to the matched text."""

    rule: str
    kind: str
    value: str
    start: int
    end: int
    evidence: str
    message: str


# spellings of one word that the rules and the model should read alike, each of the same length as
# the spelling it stands for: "quí"/"qúy" (quý), "hàng tháng" (hằng tháng: "every month"; "hàng" is
# also "goods", so only before a unit of time), "tỉ đồng"/"tỉ lệ" (tỷ)
# (also between the words of a segmenter's token, "tỉ_lệ")
_SPELLINGS = re.compile(r"\b(?:(?P<quy>qu[íý]|qúy)|(?P<hang>hàng)(?=[\s_]+(?:ngày|tuần|tháng|quý|quí|qúy|năm|kỳ|giờ)\b)"
                        r"|(?P<ty>tỉ)(?=[\s_]+(?:đồng|lệ)\b))(?![^\W_])")
_SPELLING_OF = {"quy": "quý", "hang": "hằng", "ty": "tỷ"}


def fold(text: str) -> str:
    """Lower-case, modern-tone copy of ``text`` with the same length (for matching terms); variant
    spellings of a word read as one ("mỗi quí" as "mỗi quý", "hàng tháng" as "hằng tháng", "tỉ đồng").

    Example:
        >>> fold("Họp HÀNG THÁNG, mỗi Quí một lần, giải ngân 2 tỉ đồng; hàng hoá")
        'họp hằng tháng, mỗi quý một lần, giải ngân 2 tỷ đồng; hàng hoá'
    """
    lowered = text.lower()
    if len(lowered) != len(text):  # a rare letter whose lower case is longer (e.g. "İ"): keep offsets
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return respell(to_modern_tones(lowered))


def respell(folded: str) -> str:
    """A folded text with the variant spellings of a word as one (see :func:`fold`), the same length.

    Example:
        >>> respell("sinh_hoạt hàng tháng ; tỉ_lệ ; mỗi quí")
        'sinh_hoạt hằng tháng ; tỷ_lệ ; mỗi quý'
    """
    return _SPELLINGS.sub(lambda m: _SPELLING_OF[m.lastgroup], folded)


def _fail(path: Path, detail: str) -> DataFileError:
    return DataFileError(E.RULE_FILE, path=path, detail=detail)


def _scoped(pattern: str) -> str:
    """``(?i)x`` → ``(?i:x)`` so that patterns with their own flags can be joined."""
    match = re.match(r"^\(\?([aiLmsux]+)\)", pattern)
    return f"(?{match.group(1)}:{pattern[match.end():]})" if match else f"(?:{pattern})"


def _joined(patterns: list[str]) -> str:
    r"""A rule's patterns as one regex. Consecutive patterns that begin with ``\b`` (after their
    flags) test the word boundary once in front of their alternatives instead of once per
    alternative at every position: the same matches (alternatives are still tried in the rule's
    order), about a third less time on the rules with several patterns.

    Example:
        >>> _joined([r"(?i)\bmới có", r"(?i)\bchỉ đạt"])
        '\\b(?:(?i:mới có)|(?i:chỉ đạt))'
        >>> _joined([r"\bquý", r"^tháng", r"\bsơ kết", r"\bbước"])
        '\\b(?:(?:quý))|(?:^tháng)|\\b(?:(?:sơ kết)|(?:bước))'
    """
    if len(patterns) < 2 or any(_has_top_level_bar(p) for p in patterns):
        return "|".join(_scoped(p) for p in patterns)
    parts: list[str] = []
    run: list[str] = []  # consecutive patterns that begin with \b, without it
    for p in [*patterns, ""]:
        head = re.match(r"^(\(\?[imsux]+\))?\\b", p)
        if head:
            run.append(_scoped((head.group(1) or "") + p[head.end():]))
            continue
        if run:
            parts.append(r"\b(?:" + "|".join(run) + ")")
            run = []
        if p:
            parts.append(_scoped(p))
    return "|".join(parts)


def _has_top_level_bar(pattern: str) -> bool:
    """Whether ``pattern`` is an alternation at its outermost level (``\\ba|c``: ``c`` has no ``\\b``)."""
    depth, i, in_class = 0, 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
            i += 2 if pattern[i + 1:i + 2] == "]" else 3 if pattern[i + 1:i + 3] == "^]" else 1
            continue
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            return True
        i += 1
    return False


def _compile(entry: dict, path: Path, index: int) -> Rule:
    where = f"rule #{index + 1} ({entry.get('id', 'no id')})"
    for field in ("id", "check", "message"):
        if not isinstance(entry.get(field), str) or not entry[field].strip():
            raise _fail(path, f"{where}: field '{field}' is missing or empty")
    if entry["check"] not in CHECKS:
        raise _fail(path, f"{where}: check '{entry['check']}' is not one of {', '.join(CHECKS)}")
    kinds = [k for k in KINDS if k in entry]
    if len(kinds) != 1:
        raise _fail(path, f"{where}: give exactly one of {', '.join(KINDS)}")
    not_inside = None
    if entry["check"] == "existence":
        terms = entry.get("terms")
        if not isinstance(terms, list) or not terms or not all(isinstance(t, str) and t.strip() for t in terms):
            raise _fail(path, f"{where}: field 'terms' must be a non-empty list of strings")
        regexes = (_words_regex(terms),)
        if "not_inside" in entry:
            compounds = entry["not_inside"]
            if not isinstance(compounds, list) or not compounds or not all(isinstance(t, str) and t.strip() for t in compounds):
                raise _fail(path, f"{where}: field 'not_inside' must be a non-empty list of strings")
            not_inside = _words_regex(compounds)
    else:
        if "not_inside" in entry:
            raise _fail(path, f"{where}: field 'not_inside' belongs to existence rules (write it into the pattern)")
        patterns = entry.get("patterns")
        if not isinstance(patterns, list) or not patterns:
            raise _fail(path, f"{where}: field 'patterns' must be a non-empty list")
        try:
            plain = [unicodedata.normalize("NFC", p) for p in patterns if "(?P<slot>" not in p]
            grouped = [re.compile(unicodedata.normalize("NFC", p), re.MULTILINE) for p in patterns if "(?P<slot>" in p]
            regexes = ((re.compile(_joined(plain), re.MULTILINE),) if plain else ()) + tuple(grouped)
        except re.error as err:
            raise _fail(path, f"{where}: invalid pattern: {err}") from None
    kind = kinds[0]
    pattern = entry["check"] == "pattern"
    needs = tuple(anchors(r.pattern, r.flags) if pattern else None for r in regexes)
    folded = tuple(case_folded(r) if pattern else None for r in regexes)
    return Rule(entry["id"], entry["check"], unicodedata.normalize("NFC", entry["message"]), kind,
                str(entry[kind]), regexes, path.name, not_inside, needs, folded)


def _words_regex(terms: list[str]) -> re.Pattern[str]:
    r"""Any of ``terms`` as whole words of folded text, the longest first.

    "Not after a word character" is tested after a term's first character, as ``(?<!\w.)``,
    instead of before it as ``(?<!\w)``: the same matches, but the regex then begins with a
    character and ``re`` skips the positions where no term can begin without trying them (the rule
    files' 24 term lists: about 1.4× faster).

    Example:
        >>> [m.group() for m in _words_regex(["hạn chế", "chế"]).finditer("hạn chế; cơ chế, chếch")]
        ['hạn chế', 'chế']
    """
    folded = sorted({fold(unicodedata.normalize("NFC", t.strip())) for t in terms}, key=len, reverse=True)
    return re.compile(trie_pattern(folded, after_first=r"(?<!\w(?s:.))") + r"(?!\w)")


def rule_files() -> list[str]:
    """Names of the rule files shipped in ``analyzer/rules`` (YAML, one list of rules each)."""
    return sorted(p.stem for p in RULES_DIR.glob("*.yaml") if p.stem != "name_titles")


@functools.lru_cache(maxsize=32)
def load_rules(name: str) -> tuple[Rule, ...]:
    """Load and validate ``rules/<name>.yaml`` (once per process)."""
    return load_rule_file(RULES_DIR / f"{name}.yaml")


def load_rule_file(path: Path) -> tuple[Rule, ...]:
    """Load and validate one rule file; errors name the file, the rule and the field."""
    try:
        data = read_yaml(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise _fail(path, f"cannot be read: {err}") from None
    if not isinstance(data, list):
        raise _fail(path, "the file must be a list of rules")
    rules = tuple(_compile(entry, path, i) for i, entry in enumerate(data))
    ids = [r.id for r in rules]
    if len(ids) != len(set(ids)):
        raise _fail(path, "rule ids must be unique")
    return rules


def match_rules(rules: tuple[Rule, ...], text: str, folded: str | None = None, *, year: int = DEFAULT_YEAR) -> list[Hit]:
    """Every match of ``rules`` in ``text`` (existence rules run on the folded copy).

    A pattern with a ``(?P<slot>…)`` group reports only that group's span (the rest is context).
    A pattern with a ``(?P<past>…)`` group (or ``past2``…: the patterns of a rule are joined into
    one expression) matches only where that year is before ``year``, the
    year of the submission ("năm 2023, …" is last year's result in 2024, this year's plan in 2023).
    A pattern that ignores case runs, in its case-folded form, on the lower-cased sentence when
    that gives the same spans (:func:`~analyzer.detect.prefilter.case_folded`).
    """
    lowered: str | None = None  # text.lower(), for the anchors and case-folded forms of pattern rules
    exact = False  # whether case-folded patterns find on text.lower() what the originals find on text
    hits = []
    for rule in rules:
        existence = rule.check == "existence"
        if existence and folded is None:  # folded once, and only for a file with existence rules
            folded = fold(text)
        target = folded if existence else text
        blocked = None
        for regex, needs, fast, past in zip(rule.regexes, rule.anchors, rule.folded, rule.past):
            scan, on = regex, target
            if needs is not None or fast is not None:
                if lowered is None:
                    lowered = text.lower()
                    exact = len(lowered) == len(text) and FOLD_UNSAFE_RE is not None \
                        and FOLD_UNSAFE_RE.search(text) is None
                if needs is not None and not needs.admit(target, None if existence else lowered):
                    continue
                if fast is not None and exact and not existence:
                    scan, on = fast, lowered
            for m in scan.finditer(on):
                if past and any(m.group(name) and int(m.group(name)) >= year for name in past):
                    continue
                start, end = m.span("slot") if "slot" in regex.groupindex and m.group("slot") else m.span()
                if blocked is None:  # found once per rule, and only for a rule that matched
                    blocked = [b.span() for b in rule.not_inside.finditer(target)] if rule.not_inside else []
                if end > start and not any(a <= start and end <= b for a, b in blocked):
                    hits.append(Hit(rule.id, rule.kind, rule.value, start, end, text[start:end], rule.message))
    return hits
