"""Necessary literals of a regular expression: a cheap test that lets a rule skip a sentence.

Python's ``re`` scans a pattern that begins with ``\\b`` or ``(?i)`` position by position (its
literal-prefix search needs a plain, case-sensitive literal at the very start), about 50 ns a
character for each of a rule file's patterns, and most rules match few sentences. This module reads
a pattern's parse tree and finds a set of literal strings of which every match contains at least one
(a "necessary factor", as in RE2's prefilter). One search for those strings (a trie of literals,
which ``re`` scans quickly because it begins with a character) then tells that the pattern cannot
match, and its own scan is skipped. Nothing that would match is skipped: the analysis only ever
gives up (returns no anchors), never guesses.

* A sequence's requirement is the best of its parts': a run of parts that match a small, fixed set
  of strings (literals, small character classes, optional pieces, zero-width assertions) gives
  their products; any other part gives its own requirement.
* An alternation requires one of its branches' requirements (none if a branch has none).
* A repetition of at least one requires its body's requirement; one that may be absent requires
  nothing.
* Case-insensitive patterns: the anchors are lower-cased and tested against the lower-cased
  sentence. A character that ``re`` folds with characters of another lower case (the dotless "ı"
  and "i", the long "ſ" and "s", Greek letters with variant forms, "İ" whose lower case is two
  characters) is never part of an anchor, so the test stays exact.

Uses the standard library's parser (``re._parser``); if it is missing or changes shape, every pattern
simply has no anchors and is scanned as before.

Example:
    >>> anchors(r"(?i)\\b(?:trước|chậm nhất)\\s+ngày").strings
    ('chậm nhất', 'trước')
    >>> found = anchors(r"\\d+\\s?%")
    >>> found.strings, found.lower, found.admit("đạt 95 %"), found.admit("đạt 95 phần trăm")
    (('%',), False, True, False)
    >>> anchors(r"(?i)\\w+") is None
    True
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from typing import NamedTuple

try:
    from re import _casefix, _constants as C, _parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - a Python without the pure-Python regex parser
    _parser = None

# at most this many strings in a fixed set (a product of classes grows fast)
_MAX_EXACT = 64
# a bound on the strings searched for, not a tuned value (the shipped patterns need at most 42)
_MAX_ANCHORS = 256


def trie_pattern(terms: list[str], after_first: str = "") -> str:
    """One regex for a list of literal terms, as a character trie.

    Matches what ``(?:longest|…|shortest)`` matches (at a position, the longest term that is
    followed by a non-word character; siblings differ in their first character, so only one
    branch can match and backtracking only shortens), without trying every term at every word
    start.

    Example:
        >>> print(trie_pattern(["học tập", "học tập và làm theo", "hội"]))
        (?:h(?:ọc\\ tập(?:\\ và\\ làm\\ theo)?|ội))
    """
    trie: dict = {}
    for term in terms:
        node = trie
        for ch in term:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict, first: bool = False) -> str:
        end = "" in node
        branches = []
        for ch in sorted(k for k in node if k):
            child, chars = node[ch], [ch]
            while len(child) == 1 and "" not in child:  # a chain of single children: one literal
                (nxt, child), = child.items()
                chars.append(nxt)
            head = re.escape(ch) + after_first if first else re.escape(ch)
            branches.append(head + re.escape("".join(chars[1:])) + emit(child))
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return "(?:" + body + ")?" if end else body

    return "(?:" + emit(trie, first=True) + ")"


class Anchors(NamedTuple):
    """At least one of ``strings`` occurs in every match; they are tested against ``text.lower()``
    when ``lower`` (the pattern ignores case somewhere), else against the text itself."""

    strings: tuple[str, ...]
    lower: bool
    # the strings as one regex that begins with a character (``re`` then skips, in C, the positions
    # where none can begin): faster than one ``in`` test per string
    search: Callable[[str], object] = None  # type: ignore[assignment]

    def admit(self, text: str, lowered: str | None = None) -> bool:
        """Whether the pattern can match ``text`` (``lowered``: its ``lower()``, when already known)."""
        target = (text.lower() if lowered is None else lowered) if self.lower else text
        return self.search(target) is not None


def _extra_cases() -> frozenset[str]:
    """The members of ``re``'s extra case groups (characters it matches case-insensitively with
    characters of a different lower case: "i" and the dotless "ı", "s" and the long "ſ", Greek and
    Cyrillic variant forms), with their upper and lower cases."""
    if _parser is None:  # pragma: no cover
        return frozenset()
    found = set()
    for lower, extra in _casefix._EXTRA_CASES.items():
        found.add(chr(lower))
        found.update(chr(c) for c in extra)
    return frozenset(found | {case for c in found for case in (c.lower(), c.upper()) if len(case) == 1})


_EXTRA_CASES = _extra_cases()
# never in an anchor: those, and "İ", which lower-cases to "i" + combining dot above
_UNSAFE = _EXTRA_CASES | {"\u0130", "\u0307"}


class _Info(NamedTuple):
    exact: frozenset[str] | None  # every string the piece can match, when few and fixed
    required: frozenset[str] | None  # one of these occurs in every match of the piece


_UNKNOWN = _Info(None, None)
_EMPTY = _Info(frozenset({""}), None)


def anchors(pattern: str, flags: int = 0) -> Anchors | None:
    """The necessary literals of ``pattern`` (as :func:`re.compile` would read it with ``flags``), or
    ``None`` when none are known (then the pattern must always be scanned)."""
    if _parser is None:  # pragma: no cover
        return None
    try:
        tree = _parser.parse(pattern, flags)
    except Exception:  # noqa: BLE001 - an unexpected parser: no anchors, never a failure
        return None
    lower = bool(tree.state.flags & re.IGNORECASE) or _scoped_ignorecase(tree)
    try:
        info = _sequence(list(tree), lower)
    except Exception:  # noqa: BLE001 - a node shape this module does not know: no anchors
        return None
    strings = _best([info.exact, info.required])
    if strings is None:
        return None
    # a string that contains another is found whenever it is: only the shorter is tested
    strings = {s for s in strings if not any(t != s and t in s for t in strings)}
    if len(strings) > _MAX_ANCHORS:
        return None
    ordered = tuple(sorted(strings))
    return Anchors(ordered, lower, re.compile(trie_pattern(list(ordered))).search)


def _scoped_ignorecase(items) -> bool:  # type: ignore[no-untyped-def]
    for op, av in items:
        if op is C.SUBPATTERN and (av[1] & re.IGNORECASE or _scoped_ignorecase(av[3])):
            return True
        if op is C.BRANCH and any(_scoped_ignorecase(b) for b in av[1]):
            return True
        if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT) and _scoped_ignorecase(av[2]):
            return True
        if op is C.ATOMIC_GROUP and _scoped_ignorecase(av):
            return True
    return False


def _char(code: int, lower: bool) -> str | None:
    c = chr(code)
    if not lower:
        return c
    if c in _UNSAFE or len(c.lower()) != 1:
        return None
    return c.lower()


def _best(candidates) -> frozenset[str] | None:  # type: ignore[no-untyped-def]
    """The most selective usable requirement: the longest shortest string, then the fewest strings."""
    usable = [c for c in candidates if c and "" not in c]
    if not usable:
        return None
    return max(usable, key=lambda c: (min(map(len, c)), -len(c)))


def _product(a: frozenset[str], b: frozenset[str]) -> frozenset[str] | None:
    if len(a) * len(b) > _MAX_EXACT:
        return None
    return frozenset(x + y for x, y in itertools.product(a, b))


def _sequence(items: list, lower: bool) -> _Info:
    infos = [_node(op, av, lower) for op, av in items]
    candidates, run = [], frozenset({""})
    whole: frozenset[str] | None = frozenset({""})
    for info in infos:
        if info.exact is not None:
            joined = _product(run, info.exact)
            if joined is None:  # too many strings: close the run, start again from this piece
                candidates.append(run)
                joined = info.exact
            run = joined
            whole = _product(whole, info.exact) if whole is not None else None
        else:
            candidates += [run, info.required]
            run, whole = frozenset({""}), None
    candidates.append(run)
    return _Info(whole, _best(candidates))


def _node(op, av, lower: bool) -> _Info:  # type: ignore[no-untyped-def]
    if op is C.LITERAL:
        c = _char(av, lower)
        return _Info(frozenset({c}), None) if c is not None else _UNKNOWN
    if op is C.IN:
        chars = _class_chars(av, lower)
        return _Info(chars, None) if chars is not None else _UNKNOWN
    if op in (C.AT, C.ASSERT, C.ASSERT_NOT):  # zero width: adds no character to the match
        return _EMPTY
    if op is C.SUBPATTERN:
        return _sequence(list(av[3]), lower)
    if op is C.ATOMIC_GROUP:
        return _sequence(list(av), lower)
    if op is C.BRANCH:
        branches = [_sequence(list(b), lower) for b in av[1]]
        exact = None
        if all(b.exact is not None for b in branches):
            union = frozenset().union(*(b.exact for b in branches))
            exact = union if len(union) <= _MAX_EXACT else None
        needs = [b.exact if b.exact is not None and "" not in b.exact else b.required for b in branches]
        required = frozenset().union(*needs) if all(needs) else None
        return _Info(exact, required)
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
        low, high, body = av
        inner = _sequence(list(body), lower)
        if low == 0:
            if high == 1 and inner.exact is not None:
                return _Info(inner.exact | {""}, None)
            return _Info(None, None)
        if low == high == 1:
            return inner
        return _Info(None, _best([inner.exact, inner.required]))
    return _UNKNOWN


def _members(op, av) -> range | None:  # type: ignore[no-untyped-def]
    """The code points a class item lists: a character or a range (None for anything else)."""
    if op is C.LITERAL:
        return range(av, av + 1)
    if op is C.RANGE:
        return range(av[0], av[1] + 1)
    return None


def _class_chars(items, lower: bool) -> frozenset[str] | None:  # type: ignore[no-untyped-def]
    """The characters a ``[...]`` class matches, when it lists a few of them (no negation, no
    ``\\d``-like category)."""
    chars = set()
    for op, av in items:
        codes = _members(op, av)
        if codes is None or len(codes) > 16:
            return None
        for code in codes:
            c = _char(code, lower)
            if c is None:
                return None
            chars.add(c)
    return frozenset(chars) if len(chars) <= _MAX_EXACT else None


# --------------------------------------------------------------------------- case-folded patterns

# Characters a case-insensitive pattern may match that the lower-cased text does not show as ``re``
# compares them: the extra case groups' members other than plain i, I, s, S, and "İ" (a lower case
# of two characters). For every other character, ``str.lower`` gives the one character ``re``
# compares under IGNORECASE (checked over all of Unicode by the tests).
FOLD_UNSAFE = _EXTRA_CASES - set("iIsS") | {"\u0130"} if _EXTRA_CASES else frozenset()
# a text with none of these is matched by a case-folded pattern exactly as by the original
FOLD_UNSAFE_RE = re.compile("[" + "".join(map(re.escape, sorted(FOLD_UNSAFE))) + "]") if FOLD_UNSAFE else None


def case_folded(regex: re.Pattern[str]) -> re.Pattern[str] | None:
    """``regex``, when it ignores case everywhere, rewritten to match the lower-cased text case-
    sensitively: the same spans on ``text.lower()`` as ``regex`` on ``text`` for any text without
    :data:`FOLD_UNSAFE` characters (``re`` compares ``str.lower`` of each character then; the text
    keeps its length). ``None`` when it cannot be (a case-sensitive part, a back-reference, a
    character of an extra case group in the pattern).

    ``re`` is much faster on the rewritten pattern: an alternation of case-sensitive literals is
    tried by its first character, one of case-insensitive literals alternative by alternative.

    Example:
        >>> folded = case_folded(re.compile(r"(?i)\\b(?:LẬP|viết)\\s+[A-Z]\\w*"))
        >>> [m.group() for m in folded.finditer("Lập Kế hoạch, VIẾT báo cáo".lower())]
        ['lập kế', 'viết báo']
        >>> case_folded(re.compile(r"(?i:năm)|\\d+/\\d{4}")) is None  # "/" and digits have no case
        False
        >>> case_folded(re.compile(r"(?i:năm)|\\d+ [A-Z]")) is None  # a case-sensitive letter
        True
    """
    if _parser is None or not regex.flags & re.IGNORECASE and "(?" not in regex.pattern:
        return None
    try:
        tree = _parser.parse(regex.pattern, regex.flags & ~re.IGNORECASE)
        ignore = bool(regex.flags & re.IGNORECASE) or bool(tree.state.flags & re.IGNORECASE)
        data = _fold_items(list(tree), ignore)
        if data is None:
            return None
        tree.data = data
        tree.state.flags &= ~re.IGNORECASE
        from re import _compiler  # type: ignore[attr-defined]

        return _compiler.compile(tree, regex.flags & ~re.IGNORECASE)
    except Exception:  # noqa: BLE001 - a parser of another shape: keep the original pattern
        return None


_CASELESS_OPS = ("AT", "ANY", "CATEGORY", "FAILURE", "SUCCESS")


def _fold_items(items: list, ignore: bool) -> list | None:
    out = []
    for op, av in items:
        if op in (C.LITERAL, C.NOT_LITERAL):
            c = _fold_char(av, ignore)
            if c is None:
                return None
            out.append((op, c))
        elif op is C.IN:
            members = _fold_class(av, ignore)
            if members is None:
                return None
            out.append((op, members))
        elif op is C.SUBPATTERN:
            group, add, delete, body = av
            if delete & re.IGNORECASE:
                return None
            inner = _fold_items(list(body), ignore or bool(add & re.IGNORECASE))
            if inner is None:
                return None
            body.data = inner
            out.append((op, (group, add & ~re.IGNORECASE, delete, body)))
        elif op is C.BRANCH:
            branches = []
            for branch in av[1]:
                inner = _fold_items(list(branch), ignore)
                if inner is None:
                    return None
                branch.data = inner
                branches.append(branch)
            out.append((op, (av[0], branches)))
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            low, high, body = av
            inner = _fold_items(list(body), ignore)
            if inner is None:
                return None
            body.data = inner
            out.append((op, (low, high, body)))
        elif op in (C.ASSERT, C.ASSERT_NOT):
            direction, body = av
            inner = _fold_items(list(body), ignore)
            if inner is None:
                return None
            body.data = inner
            out.append((op, (direction, body)))
        elif op is C.ATOMIC_GROUP:
            inner = _fold_items(list(av), ignore)
            if inner is None:
                return None
            av.data = inner
            out.append((op, av))
        elif str(op) in _CASELESS_OPS:
            out.append((op, av))
        else:  # a back-reference, a conditional group: compared as written, not rewritten
            return None
    return out


def _fold_char(code: int, ignore: bool) -> int | None:
    """The character to compare with the lower-cased text: its lower case where the pattern ignores
    case; where it does not, the character itself if it has no case (a digit, "/"), else None."""
    c = chr(code)
    if c in FOLD_UNSAFE or len(c.lower()) != 1 or c.lower() in FOLD_UNSAFE:
        return None
    if not ignore:
        return code if c.lower() == c == c.upper() else None
    return ord(c.lower())


def _fold_class(items: list, ignore: bool) -> list | None:
    """A ``[...]`` class for the lower-cased text: its letters lower-cased (a range as the lower case
    of each of its characters), negation and categories as they are."""
    out, codes = [], set()
    for op, av in items:
        if op in (C.NEGATE, C.CATEGORY):
            out.append((op, av))
            continue
        found = _members(op, av)
        if found is None:
            return None
        for code in found:
            lowered = _fold_char(code, ignore)
            if lowered is None:
                return None
            codes.add(lowered)
    for start, end in _runs(sorted(codes)):
        out.append((C.LITERAL, start) if start == end else (C.RANGE, (start, end)))
    return out


def _runs(codes: list[int]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for code in codes:
        if runs and code == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], code)
        else:
            runs.append((code, code))
    return runs
