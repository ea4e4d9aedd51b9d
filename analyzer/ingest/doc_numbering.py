"""Word 97-2003 (.doc) automatic numbering: the labels Word draws before numbered paragraphs.

The piece table holds a .doc file's text, not the "II.", "1." and "-" Word draws before a
paragraph of a list; those come from the binary structures this module reads ([MS-DOC]):

* the file information block locates the style sheet (``Stshf``), the paragraph property
  pages (``PlcfBtePapx``), the lists (``PlfLst``) and their overrides (``PlfLfo``);
* a paragraph's properties (a ``PAPX`` in a 512-byte page, found by the file position of its
  paragraph mark) or its style's, through the style's base styles, name a list override
  (``sprmPIlfo``) and a level (``sprmPIlvl``);
* an override points to a list (``LSTF``) whose levels (``LVL``) give the start, the number
  format, the level text (with level placeholders) and what follows the label; an override may
  restart a level (``LFOLVL``).

Word counts as for .docx (:mod:`analyzer.ingest.docx_numbering`): per list, an override's start
applied when it is first used, deeper levels restarting when a level is used.

The bytes are untrusted: every read is bounds-checked, and anything unexpected gives up on the
numbering (the text is read without it, as before), never on the file.
"""

from __future__ import annotations

import bisect
import re
import struct
from collections.abc import Iterator
from dataclasses import dataclass

from analyzer.ingest.base import count_item, format_number, list_bullet

__all__ = ["cell_line_breaks", "deleted_ranges", "paragraph_labels"]

_LEVELS = 9
_MAX_STEPS = 16
_MAX_LABEL = 40
_PAGE = 512
_NFC = {0: "decimal", 1: "upperRoman", 2: "lowerRoman", 3: "upperLetter", 4: "lowerLetter", 22: "decimalZero",
        23: "bullet", 255: "none"}
_SPRM_ILVL, _SPRM_ILFO = 0x260A, 0x460B
_SPRM_IN_TABLE = 0x2416  # sprmPFInTable: the paragraph is in a table cell
_SPRM_TDEFTABLE, _SPRM_CHGTABS = 0xD608, 0xC615
# paragraph ends in the piece-table text: paragraph mark, cell/row mark, section or page break
_PARAGRAPH_END = re.compile("[\r\x07\x0c]")
# FibRgFcLcb97 indexes of the (fc, lcb) pairs read here
_STSHF, _PLCF_BTE_CHPX, _PLCF_BTE_PAPX, _PLF_LST, _PLF_LFO = 1, 12, 13, 73, 74
_SPRM_DELETED = 0x0800  # sprmCFRMarkDel: the characters were deleted with track changes on
_MAX_PAGES = 100_000  # of character properties (512 bytes each: 50 MB)


class _Bad(Exception):
    """The numbering structures are not as [MS-DOC] describes them."""


def _u8(data: bytes, at: int) -> int:
    if not 0 <= at < len(data):
        raise _Bad
    return data[at]


def _u16(data: bytes, at: int) -> int:
    if not 0 <= at <= len(data) - 2:
        raise _Bad
    return struct.unpack_from("<H", data, at)[0]


def _u32(data: bytes, at: int) -> int:
    if not 0 <= at <= len(data) - 4:
        raise _Bad
    return struct.unpack_from("<I", data, at)[0]


def _s32(data: bytes, at: int) -> int:
    if not 0 <= at <= len(data) - 4:
        raise _Bad
    return struct.unpack_from("<i", data, at)[0]


def _fc_lcb(stream: bytes, index: int) -> tuple[int, int]:
    """The (offset, size) pair ``index`` of the FIB's FibRgFcLcb97."""
    csw = _u16(stream, 0x20)
    cslw = _u16(stream, 0x22 + 2 * csw)
    blob = 0x22 + 2 * csw + 2 + 4 * cslw
    count = _u16(stream, blob)
    if index >= count:
        return 0, 0
    return _u32(stream, blob + 2 + 8 * index), _u32(stream, blob + 2 + 8 * index + 4)


def _sprms(grpprl: bytes) -> dict[int, int]:
    """The sprms read here of a property list: {sprm: operand} for sprmPIlvl, sprmPIlfo, sprmPFInTable."""
    found: dict[int, int] = {}
    at = 0
    while at + 2 <= len(grpprl):
        sprm = _u16(grpprl, at)
        at += 2
        spra = sprm >> 13
        if sprm in (_SPRM_ILVL, _SPRM_ILFO, _SPRM_IN_TABLE):
            found[sprm] = _u16(grpprl, at) if sprm == _SPRM_ILFO else _u8(grpprl, at)
        if spra == 6:
            if sprm == _SPRM_TDEFTABLE or (sprm == _SPRM_CHGTABS and _u8(grpprl, at) == 255):
                break  # operands whose size is written otherwise: nothing after them is needed
            size = 1 + _u8(grpprl, at)
        else:
            size = (1, 1, 2, 4, 2, 2, 0, 3)[spra]
        at += size
    return found


@dataclass(frozen=True)
class _Level:
    start: int
    fmt: str
    text: str  # the level text, placeholders as chars 0-8
    follow: str
    legal: bool


def _level(table: bytes, at: int) -> tuple[_Level, int]:
    """The LVL at ``at`` and the offset after it."""
    start, nfc, flags = _s32(table, at), _u8(table, at + 4), _u8(table, at + 5)
    # a tab, a space or nothing after the label: read as a space all three ("I.ĐÁNH GIÁ" runs the label into
    # the heading's first word; LibreOffice writes "nothing" where its own list puts a tab stop)
    follow = " "
    chpx, papx = _u8(table, at + 24), _u8(table, at + 25)
    at += 28 + papx + chpx
    cch = _u16(table, at)
    if at + 2 + 2 * cch > len(table):
        raise _Bad
    text = table[at + 2:at + 2 + 2 * cch].decode("utf-16-le", errors="replace")
    return _Level(start, _NFC.get(nfc, "decimal"), text, follow, bool(flags & 0x04)), at + 2 + 2 * cch


def _lists(table: bytes, fc: int, lcb: int) -> dict[int, list[_Level]]:
    """lsid → its levels (PlfLst)."""
    if not lcb:
        return {}
    count = struct.unpack_from("<h", table, fc)[0] if fc + 2 <= len(table) else -1
    if count < 0:
        raise _Bad
    at = fc + 2
    heads = []
    for _ in range(count):
        heads.append((_s32(table, at), bool(_u8(table, at + 26) & 0x01)))
        at += 28
    lists = {}
    for lsid, simple in heads:
        levels = []
        for _ in range(1 if simple else _LEVELS):
            level, at = _level(table, at)
            levels.append(level)
        lists[lsid] = levels
    return lists


@dataclass(frozen=True)
class _Override:
    lsid: int
    starts: dict[int, int]
    levels: dict[int, _Level]


def _overrides(table: bytes, fc: int, lcb: int) -> list[_Override]:
    """The list overrides (PlfLfo), in order: ``ilfo`` n is the n-th."""
    if not lcb:
        return []
    count = _s32(table, fc)
    if not 0 <= count <= 0x7FFE:
        raise _Bad
    heads = [(_s32(table, fc + 4 + 16 * i), _u8(table, fc + 4 + 16 * i + 12)) for i in range(count)]
    at = fc + 4 + 16 * count
    out = []
    for lsid, clfolvl in heads:
        at += 4  # LFOData.cp
        starts, levels = {}, {}
        for _ in range(clfolvl):
            start, bits = _s32(table, at), _u32(table, at + 4)
            ilvl = bits & 0x0F
            at += 8
            if bits & 0x20:  # fFormatting: a whole LVL follows
                level, at = _level(table, at)
                if ilvl < _LEVELS:
                    levels[ilvl] = level
            if bits & 0x10 and ilvl < _LEVELS:  # fStartAt
                starts[ilvl] = start
        out.append(_Override(lsid, starts, levels))
    return out


def _styles(table: bytes, fc: int, lcb: int) -> dict[int, tuple[int, dict[int, int]]]:
    """istd → (istdBase, its list sprms) of the paragraph styles (STSH)."""
    if not lcb:
        return {}
    end = fc + lcb
    cb_stshi = _u16(table, fc)
    cstd, cb_base = _u16(table, fc + 2), _u16(table, fc + 4)
    at = fc + 2 + cb_stshi
    styles = {}
    for istd in range(cstd):
        cb_std = _u16(table, at)
        std = at + 2
        at = std + cb_std
        if not cb_std or at > end:
            continue
        stk, base = _u16(table, std + 2) & 0x000F, _u16(table, std + 2) >> 4
        if stk != 1:
            continue
        name = std + cb_base
        upx = name + 2 + 2 * _u16(table, name) + 2
        upx += (upx - std) & 1
        cb_upx = _u16(table, upx)
        if cb_upx >= 2 and upx + 2 + cb_upx <= at:
            styles[istd] = (base, _sprms(table[upx + 4:upx + 2 + cb_upx]))
    return styles


class _Papx:
    """Paragraph properties by the file position of the paragraph mark (PlcfBtePapx and its pages)."""

    def __init__(self, stream: bytes, table: bytes, fc: int, lcb: int) -> None:
        n = (lcb - 4) // 8 if lcb >= 12 else 0
        self.stream = stream
        self.bounds = [_u32(table, fc + 4 * i) for i in range(n + 1)]
        self.pages = [_u32(table, fc + 4 * (n + 1) + 4 * i) & 0x3FFFFF for i in range(n)]
        self._rgfc: dict[int, list[int]] = {}  # page offset → its paragraphs' file positions, read once

    def at(self, fc: int) -> tuple[int, dict[int, int]]:
        """(istd, list sprms) of the paragraph whose mark is at file position ``fc``."""
        i = bisect.bisect_right(self.bounds, fc) - 1
        if not 0 <= i < len(self.pages):
            return 0, {}
        page = self.pages[i] * _PAGE
        crun = _u8(self.stream, page + _PAGE - 1)
        rgfc = self._rgfc.get(page)
        if rgfc is None:
            rgfc = self._rgfc[page] = [_u32(self.stream, page + 4 * j) for j in range(crun + 1)]
        j = bisect.bisect_right(rgfc, fc) - 1
        if not 0 <= j < crun:
            return 0, {}
        offset = _u8(self.stream, page + 4 * (crun + 1) + 13 * j)
        if not offset:
            return 0, {}
        papx = page + 2 * offset
        cb = _u8(self.stream, papx)
        start, size = (papx + 2, 2 * _u8(self.stream, papx + 1)) if cb == 0 else (papx + 1, 2 * cb - 1)
        if size < 2 or start + size > page + _PAGE:
            return 0, {}
        return _u16(self.stream, start), _sprms(self.stream[start + 2:start + size])


def _pieces(clx: bytes) -> list[tuple[int, int, int, bool]]:
    """(cp start, cp end, fc, compressed) of the piece table's pieces."""
    n = (len(clx) - 4) // 12
    cps = [_u32(clx, 4 * i) for i in range(n + 1)]
    out = []
    for i in range(n):
        encoded = _u32(clx, 4 * (n + 1) + 8 * i + 2)
        compressed = bool(encoded & 0x40000000)
        out.append((cps[i], cps[i + 1], (encoded & 0x3FFFFFFF) // 2 if compressed else encoded, compressed))
    return out


def _label(level: _Level, counts: list[int | None], levels: list[_Level]) -> str:
    if level.fmt == "none":
        return ""
    if level.fmt == "bullet":
        bullet = level.text.strip()[:1]
        return list_bullet(bullet) + level.follow if bullet else ""
    parts = []
    for char in level.text[:2 * _MAX_LABEL]:  # the rest is never shown
        k = ord(char)
        if k < _LEVELS:
            value = counts[k] if counts[k] is not None else (levels[k].start if k < len(levels) else 0)
            fmt = "decimal" if level.legal or k >= len(levels) else levels[k].fmt
            parts.append(format_number(value, fmt))
        else:
            parts.append(char)
    label = "".join(parts)[:_MAX_LABEL]
    return label + level.follow if label.strip() else ""


def paragraph_labels(stream: bytes, table: bytes, clx: bytes, text: str,
                     deleted: frozenset[int] = frozenset()) -> dict[int, str]:
    """Index in ``text`` (the piece table's text, pieces in order) of each paragraph Word numbers
    → the label Word draws before it, the space after it included. A paragraph whose mark is in
    ``deleted`` (a tracked deletion) is not counted. Empty when the file has no lists, or when its
    numbering structures cannot be read."""
    try:
        return _labels(stream, table, clx, text, deleted)
    except (_Bad, struct.error, IndexError, ValueError):
        return {}


def _paragraphs(stream: bytes, table: bytes, clx: bytes, text: str) -> Iterator[tuple[int, int, int, dict[int, int]]]:
    """(start, end, istd, sprms) of each paragraph of ``text`` (``end``: the index of its mark), its
    properties read at the mark's file position; nothing when the pieces do not make ``text``."""
    papx = _Papx(stream, table, *_fc_lcb(stream, _PLCF_BTE_PAPX))
    spans = _spans(stream, clx, text)
    if spans is None:
        return
    start, span = 0, 0
    for mark in _PARAGRAPH_END.finditer(text):
        end = mark.start()
        while span < len(spans) and spans[span][1] <= end:
            span += 1
        paragraph_start, start = start, end + 1
        if span == len(spans):
            break
        first, _, fc, width = spans[span]
        yield (paragraph_start, end, *papx.at(fc + (end - first) * width))


def _spans(stream: bytes, clx: bytes, text: str) -> list[tuple[int, int, int, int]] | None:
    """(text start, text end, file position, bytes a character) of the pieces the text was made of
    (those legacy-doc keeps: a piece outside the document's text range is left out of the text);
    None when they do not make ``text``."""
    fc_min, fc_mac = _u32(stream, 0x18), _u32(stream, 0x1C)
    spans, index = [], 0
    for cp_start, cp_end, fc, compressed in _pieces(clx):
        width, count = (1 if compressed else 2), cp_end - cp_start
        if count > 0 and fc_min <= fc <= fc_mac and fc + count * width <= len(stream):
            spans.append((index, index + count, fc, width))
            index += count
    return spans if index == len(text) else None


def deleted_ranges(stream: bytes, table: bytes, clx: bytes, text: str) -> list[tuple[int, int]]:
    """Index ranges of ``text`` that a tracked change deleted (sprmCFRMarkDel in the character
    properties, PlcfBteChpx): Word keeps deleted text in the stream and shows it only with the
    changes marked. Empty when the file has none, or when its structures cannot be read."""
    try:
        return _deleted(stream, table, clx, text)
    except (_Bad, struct.error, IndexError, ValueError):
        return []


def _deleted(stream: bytes, table: bytes, clx: bytes, text: str) -> list[tuple[int, int]]:
    fc, lcb = _fc_lcb(stream, _PLCF_BTE_CHPX)
    n = (lcb - 4) // 8 if lcb >= 12 else 0
    runs: list[tuple[int, int]] = []  # file positions of deleted characters, [start, end)
    for i in range(min(n, _MAX_PAGES)):
        page = (_u32(table, fc + 4 * (n + 1) + 4 * i) & 0x3FFFFF) * _PAGE
        crun = _u8(stream, page + _PAGE - 1)
        if 4 * (crun + 1) + crun > _PAGE - 1:
            raise _Bad
        for j in range(crun):
            offset = _u8(stream, page + 4 * (crun + 1) + j)
            if not offset:
                continue
            chpx = page + 2 * offset
            cb = _u8(stream, chpx)
            if chpx + 1 + cb > page + _PAGE:
                raise _Bad
            if _marked_deleted(stream[chpx + 1:chpx + 1 + cb]):
                runs.append((_u32(stream, page + 4 * j), _u32(stream, page + 4 * (j + 1))))
    if not runs:
        return []
    spans = _spans(stream, clx, text)
    if spans is None:
        return []
    found = []
    for first, last, start_fc, width in spans:
        end_fc = start_fc + (last - first) * width
        for a, b in runs:
            lo, hi = max(a, start_fc), min(b, end_fc)
            if lo < hi:
                found.append((first + (lo - start_fc) // width, first + (hi - start_fc + width - 1) // width))
    return sorted(found)


def _marked_deleted(grpprl: bytes) -> bool:
    """Whether a character property list marks its run deleted (sprmCFRMarkDel on: 1, or 0x81, "the
    opposite of the style", which has no deletion of its own)."""
    at = 0
    while at + 2 <= len(grpprl):
        sprm = _u16(grpprl, at)
        at += 2
        spra = sprm >> 13
        if sprm == _SPRM_DELETED:
            return _u8(grpprl, at) in (1, 0x81)
        size = 1 + _u8(grpprl, at) if spra == 6 else (1, 1, 2, 4, 2, 2, 0, 3)[spra]
        at += size
    return False


def cell_line_breaks(stream: bytes, table: bytes, clx: bytes, text: str) -> list[int]:
    """Indexes in ``text`` of the breaks inside table cells: the paragraph marks ("\\r") of a cell of
    several paragraphs, whose last one ends with the cell mark instead, and the line breaks ("\\x0b")
    of a cell's paragraphs (a header's "CHI BỘ …" over "*", a signature's "T/M CHI BỘ" over "BÍ THƯ").
    Empty when the paragraph properties cannot be read."""
    found: list[int] = []
    try:
        for start, end, _, sprms in _paragraphs(stream, table, clx, text):
            if sprms.get(_SPRM_IN_TABLE):
                found += [k for k in range(start, end) if text[k] == "\x0b"]
                if text[end] == "\r":
                    found.append(end)
    except (_Bad, struct.error, IndexError, ValueError):
        return []
    return found


def _labels(stream: bytes, table: bytes, clx: bytes, text: str, deleted: frozenset[int]) -> dict[int, str]:
    lists = _lists(table, *_fc_lcb(stream, _PLF_LST))
    overrides = _overrides(table, *_fc_lcb(stream, _PLF_LFO))
    if not lists or not overrides:
        return {}
    styles = _styles(table, *_fc_lcb(stream, _STSHF))
    counts: dict[int, list[int | None]] = {}
    started: set[tuple[int, int]] = set()
    labels: dict[int, str] = {}
    for paragraph_start, end, istd, sprms in _paragraphs(stream, table, clx, text):
        if end in deleted or (end > paragraph_start and all(k in deleted for k in range(paragraph_start, end))):
            continue  # a paragraph deleted with track changes on is not shown, nor counted
        for _ in range(_MAX_STEPS):  # the style's list, through its base styles, when the paragraph names none
            if _SPRM_ILFO in sprms or istd not in styles:
                break
            istd, style_sprms = styles[istd]
            sprms = {**style_sprms, **sprms}
        ilfo, ilvl = sprms.get(_SPRM_ILFO, 0), sprms.get(_SPRM_ILVL, 0)
        if not 0 < ilfo <= len(overrides) or ilvl >= _LEVELS:
            continue
        override = overrides[ilfo - 1]
        levels = [override.levels.get(k, level) for k, level in enumerate(lists.get(override.lsid, []))]
        if ilvl >= len(levels):
            continue
        count = counts.setdefault(override.lsid, [None] * _LEVELS)
        restart = None
        if ilvl in override.starts and (ilfo, ilvl) not in started:
            started.add((ilfo, ilvl))
            restart = override.starts[ilvl]
        count_item(count, ilvl, levels[ilvl].start, restart)
        label = _label(levels[ilvl], count, levels)
        # an empty numbered paragraph keeps its label in a table cell (a table's STT column), not in the body
        if label and (text[paragraph_start:end].strip() or text[end] == "\x07"):
            labels[paragraph_start] = label
    return labels
