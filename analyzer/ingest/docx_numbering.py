"""Word's automatic numbering: the "I.", "1.", "a)" and "-" that Word draws before a paragraph.

A heading or a list item numbered by Word (Home › Numbering, a multilevel list, a heading style
linked to one) does not hold its number as text: the paragraph names a list (``w:numPr``, its own
or its style's), and Word counts and formats the number as it lays the page out. Read without
them, "II. LÀM THEO BÁC" loses its "II." and a table's STT column is empty, so this module counts
as Word does and gives each paragraph the label it shows (ECMA-376 Part 1, 17.9):

* a list instance (``w:num``) refers to a definition (``w:abstractNum``, or the one a numbering
  style links to); instances of one definition count on together, and an instance's
  ``w:startOverride`` restarts its level the first time it is used;
* a level's counter starts at ``w:start`` and goes up by one per paragraph; using a level restarts
  the levels below it (``w:lvlRestart`` can keep them counting);
* ``w:lvlText`` writes the label, ``%1`` … ``%9`` standing for the levels' numbers in their
  ``w:numFmt`` (decimal in a legal list, ``w:isLgl``); a bullet is written as "•" unless it is a
  plain dash or plus, which Vietnamese documents use as bullets;
* the label is followed by a space, unless the level says nothing follows it (``w:suff``).

Submission files are untrusted: style chains and links are followed a bounded number of steps,
huge numbers are written in decimal, and a label is never longer than :data:`MAX_LABEL`.

Example (a level 0 "upperRoman" list with ``lvlText`` "%1."): the first two paragraphs that use it
get "I. " and "II. ".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from docx.oxml.ns import qn

from analyzer.ingest.base import count_item, format_number, list_bullet, parse_int

__all__ = ["MAX_LABEL", "Numbering", "format_number"]

MAX_LABEL = 40
_LEVELS = 9
_MAX_STEPS = 16  # style basedOn chains and numbering-style links followed at most this far
_PLACEHOLDER = re.compile(r"%([1-9])")
_W_VAL = qn("w:val")



def _val(element, path: str) -> str | None:
    """``w:val`` of the first ``path`` child of ``element`` (None when either is missing)."""
    if element is None:
        return None
    child = element.find(path)
    return None if child is None else child.get(_W_VAL)


def _on(element) -> bool:  # type: ignore[no-untyped-def]
    """Whether an on/off property element is present and not turned off."""
    return element is not None and element.get(_W_VAL) not in ("0", "false", "off")


@dataclass(frozen=True)
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    restart: int = -1  # the level whose use restarts this one: -1 any level above it, 0 never (w:lvlRestart)
    legal: bool = False
    suffix: str = " "


def _level(lvl) -> _Level:
    restart = _val(lvl, qn("w:lvlRestart"))
    return _Level(start=parse_int(_val(lvl, qn("w:start")), 0), fmt=_val(lvl, qn("w:numFmt")) or "decimal",
                  # a label is at most MAX_LABEL characters, each from at most two of the template's
                  # ("%1"): the rest is never shown (a 4 MB template would be rewritten for every item)
                  text=(_val(lvl, qn("w:lvlText")) or "")[:2 * MAX_LABEL],
                  restart=-1 if restart is None else parse_int(restart, -1),
                  legal=_on(lvl.find(qn("w:isLgl"))),
                  suffix={"nothing": ""}.get(_val(lvl, qn("w:suff")) or "tab", " "))


def _levels(parent) -> dict[int, _Level]:
    levels = {}
    for lvl in parent.findall(qn("w:lvl")):
        ilvl = parse_int(lvl.get(qn("w:ilvl")), -1)
        if 0 <= ilvl < _LEVELS:
            levels[ilvl] = _level(lvl)
    return levels


@dataclass(frozen=True)
class _Instance:
    definition: str
    starts: dict[int, int]  # w:startOverride per level
    levels: dict[int, _Level]  # levels an instance redefines (w:lvlOverride/w:lvl)


class Numbering:
    """The numbering of one document, read from its numbering and styles parts; call :meth:`label`
    for every paragraph in document order (it counts)."""

    def __init__(self, numbering=None, styles=None) -> None:  # type: ignore[no-untyped-def]
        self._definitions: dict[str, dict[int, _Level]] = {}
        self._style_links: dict[str, str] = {}  # abstractNum id → the numbering style it takes its levels from
        self._instances: dict[str, _Instance] = {}
        self._style_numbering: dict[str, tuple[str | None, str | None]] = {}  # style id → (numId, ilvl)
        self._based_on: dict[str, str] = {}
        self._level_styles: dict[tuple[str, str], int] = {}  # (abstractNum id, paragraph style) → level
        self._default_style: str | None = None
        self._counts: dict[str, list[int | None]] = {}  # per numbering definition: every instance counts on them
        self._started: set[tuple[str, int]] = set()  # (numId, level) whose startOverride has been applied
        if numbering is not None:
            self._read_numbering(numbering)
        if styles is not None:
            self._read_styles(styles)

    def _read_numbering(self, numbering) -> None:  # type: ignore[no-untyped-def]
        for abstract in numbering.findall(qn("w:abstractNum")):
            key = abstract.get(qn("w:abstractNumId")) or ""
            self._definitions[key] = _levels(abstract)
            link = _val(abstract, qn("w:numStyleLink"))
            if link:
                self._style_links[key] = link
            for lvl in abstract.findall(qn("w:lvl")):
                style = _val(lvl, qn("w:pStyle"))
                ilvl = parse_int(lvl.get(qn("w:ilvl")), -1)
                if style and 0 <= ilvl < _LEVELS:
                    self._level_styles[(key, style)] = ilvl
        for num in numbering.findall(qn("w:num")):
            starts, levels = {}, {}
            for override in num.findall(qn("w:lvlOverride")):
                ilvl = parse_int(override.get(qn("w:ilvl")), -1)
                if not 0 <= ilvl < _LEVELS:
                    continue
                start = _val(override, qn("w:startOverride"))
                if start is not None:
                    starts[ilvl] = parse_int(start, 1)
                lvl = override.find(qn("w:lvl"))
                if lvl is not None:
                    levels[ilvl] = _level(lvl)
            self._instances[num.get(qn("w:numId")) or ""] = _Instance(_val(num, qn("w:abstractNumId")) or "",
                                                                      starts, levels)

    def _read_styles(self, styles) -> None:  # type: ignore[no-untyped-def]
        for style in styles.findall(qn("w:style")):
            key = style.get(qn("w:styleId")) or ""
            based_on = _val(style, qn("w:basedOn"))
            if based_on:
                self._based_on[key] = based_on
            if style.get(qn("w:type")) == "paragraph" and style.get(qn("w:default")) in ("1", "true", "on"):
                self._default_style = key
            num_pr = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
            if num_pr is not None:
                self._style_numbering[key] = (_val(num_pr, qn("w:numId")), _val(num_pr, qn("w:ilvl")))

    def _definition(self, instance: _Instance) -> str:
        """The numbering definition an instance counts on, through numbering-style links."""
        key = instance.definition
        for _ in range(_MAX_STEPS):
            style = self._style_links.get(key)
            if style is None:
                break
            num_id, _level_id = self._style_numbering.get(style, (None, None))
            linked = self._instances.get(num_id or "")
            if linked is None or linked.definition == key:
                break
            key = linked.definition
        return key

    def _style_list(self, style: str | None) -> tuple[str | None, str | None, str | None]:
        """(numId, ilvl, the style that gave them) of a paragraph style, through its basedOn chain."""
        seen = 0
        while style and seen < _MAX_STEPS:
            if style in self._style_numbering:
                num_id, ilvl = self._style_numbering[style]
                return num_id, ilvl, style
            style = self._based_on.get(style)
            seen += 1
        return None, None, None

    def _numbered(self, p_pr) -> tuple[str, int] | None:  # type: ignore[no-untyped-def]
        """(numId, level) of a paragraph whose ``w:pPr`` is ``p_pr``, or None when it is not numbered."""
        style = _val(p_pr, qn("w:pStyle")) or self._default_style
        num_pr = None if p_pr is None else p_pr.find(qn("w:numPr"))
        num_id = _val(num_pr, qn("w:numId"))
        ilvl = _val(num_pr, qn("w:ilvl"))
        from_style = None
        if num_id is None:
            num_id, style_ilvl, from_style = self._style_list(style)
            ilvl = ilvl if ilvl is not None else style_ilvl
        if num_id is None or num_id == "0" or num_id not in self._instances:
            return None
        if ilvl is None:  # a style's list: the level that names the style, else the first
            definition = self._definition(self._instances[num_id])
            level = self._level_styles.get((definition, from_style or style or ""), 0)
        else:
            level = parse_int(ilvl, 0)
        return (num_id, level) if 0 <= level < _LEVELS else None

    def label(self, p_pr, labelled: bool = True) -> str:  # type: ignore[no-untyped-def]
        """The label Word shows before the paragraph whose ``w:pPr`` is ``p_pr`` ("" when none), the
        space after it included; counts the paragraph (and gives it no label unless ``labelled``)."""
        if not self._instances:
            return ""
        numbered = self._numbered(p_pr)
        if numbered is None:
            return ""
        num_id, level = numbered
        instance = self._instances[num_id]
        definition = self._definition(instance)
        base = self._definitions.get(definition, {})
        levels = {**base, **instance.levels}
        counts = self._counts.setdefault(definition, [None] * _LEVELS)
        this = levels.get(level)
        if this is None:  # a level the list does not define: Word shows no label
            return ""
        restart = None
        if level in instance.starts and (num_id, level) not in self._started:
            self._started.add((num_id, level))
            restart = instance.starts[level]
        # a deeper level keeps counting when it never restarts, or restarts only below this level
        keep = {deeper for deeper in range(level + 1, _LEVELS)
                if (limit := levels.get(deeper, _Level()).restart) == 0 or 0 < limit <= level}
        count_item(counts, level, this.start, restart, keep)
        if not labelled:
            return ""
        if this.fmt == "bullet":
            bullet = this.text.strip()[:1]
            return list_bullet(bullet) + this.suffix if bullet else ""

        def number(match: re.Match) -> str:
            k = int(match.group(1)) - 1
            value = counts[k] if counts[k] is not None else levels.get(k, _Level()).start
            return format_number(value, "decimal" if this.legal else levels.get(k, _Level()).fmt)

        label = _PLACEHOLDER.sub(number, this.text)[:MAX_LABEL]
        return label + this.suffix if label.strip() else ""
