"""Legacy Vietnamese font encodings (TCVN3/ABC, VNI, VISCII) inside decoded text.

Text typed with a ``.VnTime`` (TCVN3) or ``VNI-Times`` (VNI) font is stored as Latin-1
look-alikes, so every reader — .docx, .rtf, .doc, a UTF-8 file pasted from such a
document — hands over mojibake such as ``"Chi bé §¶ng ñy"`` for *Chi bộ Đảng ủy*.
Detection and the conversion tables come from viparse; this module decides *which
lines* to convert, so that a Unicode header above a pasted TCVN3 body stays intact.

Example:
    >>> repair_legacy("Chi bé Tr\\xadêng THCS Thñy §«ng ®¨ng ký m« h×nh häc tËp")
    ('Chi bộ Trường THCS Thủy Đông đăng ký mô hình học tập', 'tcvn3')
"""

from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path

from viparse import detect_text_encoding
from viparse.normalize.encodings import get_charmap
from viparse.normalize.frequency import vietnamese_score
from viparse.normalize.tables import convert

#: Display names, also the set of encodings this module converts.
LEGACY_NAMES = {"tcvn3": "TCVN3", "vni": "VNI", "viscii": "VISCII"}

# Letters that only Unicode text can contain: a line holding one of them (or a
# combining mark) is Unicode Vietnamese and must never go through a legacy table.
_UNICODE_VIETNAMESE = re.compile(
    "[\u0102\u0103\u0110\u0111\u0128\u0129\u0168\u0169\u01a0\u01a1\u01af\u01b0"
    "\u1ea0-\u1ef9\u0300-\u036f]"
)
# Legacy surface characters: Latin-1 upper half, VISCII's six C0 letters and the two
# glyphs a PDF text layer substitutes for TCVN3 bytes (see viparse.normalize.tables).
_LEGACY_SURFACE = re.compile("[\u0080-\u00ff\x02\x05\x06\x14\x19\x1e\u2212\u2219]")
# Latin-1 letters that are also real Vietnamese letters: on their own they prove
# nothing about a line in a document that mixes Unicode and legacy text.
_VIETNAMESE_LATIN1 = frozenset("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")
_DETECTION_SAMPLE = 20_000
# A legacy letter sits inside a word ("bé", "§¶ng"); a symbol stands alone ("© 2024").
_SURFACE_LETTER = "[\u0080-\u009f\u00a1-\u00ff]"
_IN_WORD = re.compile(
    f"(?<=[A-Za-z]|{_SURFACE_LETTER}){_SURFACE_LETTER}|{_SURFACE_LETTER}(?=[A-Za-z]|{_SURFACE_LETTER})"
)
_MIN_IN_WORD = 3
_MIN_IN_WORD_RATIO = 0.6
_ASCII_UPPER = re.compile(r"[A-Z]")
_ASCII_LOWER = re.compile(r"[a-z]")
_WORD = re.compile(r"\S+")

# UTF-8 read as Windows-1252: "Chi bá»™ TrÆ°á»ng" for "Chi bộ Trường".
_MOJIBAKE = re.compile("(?:[ÃÄÅÆ][\u0080-\u00bf\u0152-\u0192\u02c6-\u02dc\u2013-\u2122]|á[»º])")
_CP1252_ONLY = {ch: bytes([b]) for b in range(0x80, 0xA0) if (ch := bytes([b]).decode("cp1252", "ignore"))}


_LETTER = re.compile(r"[^\W\d_]")


def has_unicode_vietnamese(text: str) -> bool:
    """True when ``text`` holds a letter only Unicode Vietnamese has (ă ơ ư đ ộ …), never a legacy font.

    Example:
        >>> has_unicode_vietnamese("Chi bộ"), has_unicode_vietnamese("Chi bé")
        (True, False)
    """
    return bool(_UNICODE_VIETNAMESE.search(text))


def vietnamese_share(text: str) -> float:
    """The share of the letters of ``text`` that only Vietnamese writes (about 1 in 5 in Vietnamese prose).

    Example:
        >>> vietnamese_share("The committee met twice."), round(vietnamese_share("Chi bộ họp hai lần."), 2)
        (0.0, 0.21)
    """
    letters = len(_LETTER.findall(text))
    return len(_UNICODE_VIETNAMESE.findall(text)) / letters if letters else 0.0


def _is_candidate(line: str) -> bool:
    return bool(_LEGACY_SURFACE.search(line)) and not _UNICODE_VIETNAMESE.search(line)


def _detection_sample(lines: list[str]) -> str:
    sample: list[str] = []
    size = 0
    for line in lines:
        sample.append(line)
        size += len(line) + 1
        if size >= _DETECTION_SAMPLE:
            break
    return "\n".join(sample)


def _enough_evidence(sample: str) -> bool:
    """Several legacy characters, most of them inside words: not a line of symbols."""
    surface = len(_LEGACY_SURFACE.findall(sample))
    in_word = len(_IN_WORD.findall(sample))
    return in_word >= _MIN_IN_WORD and in_word >= _MIN_IN_WORD_RATIO * surface


def detect_legacy(text: str) -> str | None:
    """Name of the legacy encoding of ``text`` (``"tcvn3"``, ``"vni"``, ``"viscii"``) or None.

    Only lines that cannot be Unicode Vietnamese are looked at; viparse's content
    detector then decides, and it declines on Unicode, on too little evidence and on
    other Latin languages (Spanish, French, German).

    Example:
        >>> detect_legacy("Chi boä Tröôøng THCS Thuûy Ñoâng ñaêng kyù moâ hình hoïc taäp")
        'vni'
        >>> detect_legacy("Chi bộ Trường THCS Thủy Đông") is None
        True
    """
    candidates = [line for line in text.splitlines() if _is_candidate(line)]
    if not candidates:
        return None
    sample = _detection_sample(candidates)
    if not _enough_evidence(sample):
        return None
    name = detect_text_encoding(sample)
    if len(sample) >= _SHORT_SAMPLE:
        return name if name in LEGACY_NAMES else None
    # on a sample too short for viparse's character model (it declines on "Chi bé häp 2 lÇn." and
    # reads "Ça va très bien, élève." as TCVN3) the syllables decide: a legacy reading whose words
    # are Vietnamese syllables where the text's own are not ("trốs", "Seủor" are none)
    return _by_syllables(sample)


# below this many characters viparse's content detector has too little to go on
_SHORT_SAMPLE = 400
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")
_SYLLABLE = re.compile("(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?[aăâeêioôơuưy]{1,3}(?:ch|ng|nh|[cmnpt])?")
_EDGES = "\"'.,;:!?()[]{}<>“”‘’…-–—/0123456789%"


def vietnamese_syllable(word: str) -> bool:
    """Whether ``word`` is spelt as one Vietnamese syllable: an onset, one to three vowels, a final
    consonant, at most one tone mark.

    Example:
        >>> [vietnamese_syllable(w) for w in ("nghiêng", "Trường", "häp", "trốs", "café", "ab")]
        [True, True, False, False, False, False]
    """
    marks = unicodedata.normalize("NFD", word.lower())
    if sum(ch in _TONES for ch in marks) > 1:
        return False
    bare = unicodedata.normalize("NFC", "".join(ch for ch in marks if ch not in _TONES))
    return _SYLLABLE.fullmatch(bare) is not None


def _syllable_share(text: str) -> tuple[int, float]:
    """How many words of ``text`` carry a character beyond ASCII (a legacy font's "th«n" is one word),
    and the share of them that are syllables."""
    words = [w for w in (t.strip(_EDGES) for t in text.split()) if w and not w.isascii()]
    return len(words), (sum(map(vietnamese_syllable, words)) / len(words) if words else 0.0)


def _by_syllables(sample: str) -> str | None:
    """The legacy encoding whose reading of a short ``sample`` is made of Vietnamese syllables (of
    two, the one that reads the more Vietnamese: "boọ hoùp" are syllables too), or None."""
    if _syllable_share(sample)[1] > 0.5:
        return None
    readings = {name: _convert_line(sample, name) for name in LEGACY_NAMES}
    fits = [name for name, text in readings.items() if (share := _syllable_share(text))[0] >= 2 and share[1] >= 0.9]
    return max(fits, key=lambda name: vietnamese_score(readings[name]), default=None)


def _signature_chars(name: str) -> frozenset[str]:
    charmap = get_charmap(name)
    assert charmap is not None, name
    sources = {source[0] for source, _ in charmap.pairs} | {source[-1] for source, _ in charmap.pairs}
    return frozenset(sources - _VIETNAMESE_LATIN1 - set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"))


def _upper_same_length(text: str) -> str:
    return "".join(up if len(up := ch.upper()) == 1 else ch for ch in text)


def _restore_case(original: str, converted: str) -> str:
    """Give TCVN3 headings back their capitals.

    TCVN3 has no capital toned vowels: ``CéNG HOµ`` typed with Caps Lock converts to
    ``CộNG HOà``. A line or a word with two or more capitals and no lowercase ASCII
    letter was meant to be all capitals (``BÝ TH¦`` is *BÍ THƯ*), and so was a word of one
    capital beside such a word (``Vò §×NH TOµN`` is *VŨ ĐÌNH TOÀN*).
    """
    if len(original) != len(converted):
        return converted
    if not _ASCII_LOWER.search(original) and len(_ASCII_UPPER.findall(original)) >= 2:
        return _upper_same_length(converted)
    out = list(converted)
    words = list(_WORD.finditer(original))
    shouted = [len(_ASCII_UPPER.findall(w.group())) >= 2 and not _ASCII_LOWER.search(w.group()) for w in words]
    for k, word in enumerate(words):
        token = word.group()
        # a word of one capital beside words in capitals is one of them: "VŨ ĐÌNH TOÀN", "BÍ THƯ"
        beside = (k > 0 and shouted[k - 1]) or (k + 1 < len(words) and shouted[k + 1])
        if shouted[k] or (beside and _ASCII_UPPER.search(token) and not _ASCII_LOWER.search(token)):
            out[word.start() : word.end()] = _upper_same_length(converted[word.start() : word.end()])
    return "".join(out)


def _convert_line(line: str, name: str) -> str:
    charmap = get_charmap(name)
    assert charmap is not None, name
    converted = convert(line, charmap)
    return _restore_case(line, converted) if name == "tcvn3" else converted


def convert_legacy(text: str, name: str) -> str:
    """Convert the legacy lines of ``text`` from encoding ``name``; leave Unicode lines.

    In a document that also holds Unicode Vietnamese, a line is converted only when it
    carries a character no Unicode Vietnamese line would (``§ ¶ µ « ×`` for TCVN3), so
    ``"Ban Tuyên giáo"`` next to a pasted TCVN3 paragraph is left as it is.

    Example:
        >>> convert_legacy("Kính gửi: Ban Tuyên giáo\\n§¶ng ñy x· Thñy §«ng", "tcvn3")
        'Kính gửi: Ban Tuyên giáo\\nĐảng ủy xã Thủy Đông'
    """
    lines = text.split("\n")
    mixed = any(_UNICODE_VIETNAMESE.search(line) for line in lines)
    signature = _signature_chars(name)
    out = []
    for line in lines:
        wanted = _is_candidate(line) and (not mixed or any(ch in signature for ch in line))
        out.append(_convert_line(line, name) if wanted else line)
    return "\n".join(out)


def repair_legacy(text: str) -> tuple[str, str | None]:
    """Detect and convert legacy-font text; return ``(text, encoding name or None)``.

    Example:
        >>> repair_legacy("§¶ng ñy x· Thñy §«ng l·nh ®¹o chi bé")
        ('Đảng ủy xã Thủy Đông lãnh đạo chi bộ', 'tcvn3')
    """
    name = detect_legacy(text)
    if name is None:
        return text, None
    return convert_legacy(text, name), name


def score(text: str) -> float:
    """How Vietnamese ``text`` reads (mean log-probability of its characters; higher is better)."""
    return vietnamese_score(text[:_DETECTION_SAMPLE])


_LOST = 0xFF  # stands for a byte Windows-1252 does not define, replaced by U+FFFD (never in UTF-8)


def _mojibake_bytes(line: str) -> bytes | None:
    out = bytearray()
    for ch in line:
        if ord(ch) < 0x100:
            out.append(ord(ch))
        elif ch in _CP1252_ONLY:
            out += _CP1252_ONLY[ch]
        elif ch == "\ufffd":
            out.append(_LOST)
        else:
            return None
    return bytes(out)


# The letters whose UTF-8 ends in a byte Windows-1252 does not define (0x81 0x8D 0x8F 0x90 0x9D): a tool
# that read the UTF-8 as Windows-1252 replaced or dropped that byte ("Ngá»\ufffdc", "Ngá»c"). Which one it
# was is told by the syllable it completes ("Ngọc": a final c takes only the sắc or nặng tone), then by
# how Vietnamese the word reads ("Đường", not "Đưọng").
_LOST_LETTERS = {b"\xe1\xbb": "ọờềỏỐ", b"\xc4": "Đ", b"\xc3": "ÍÁÝ"}
_TRUNCATED = re.compile(rb"(\xe1\xbb|\xc4|\xc3)(\xff|(?![\x80-\xbf]))")
# a lead's mark in the decoded text, NUL-fenced ("\x000\x00"), and the letters it may stand for
_MARKS = {lead: str(k) for k, lead in enumerate(_LOST_LETTERS)}
_BY_MARK = {str(k): letters for k, letters in enumerate(_LOST_LETTERS.values())}
_MARKED = re.compile("\x00([0-9])\x00")


def _refill(raw: bytes) -> tuple[str, int]:
    """Decode mojibake bytes whose undefined bytes were lost, choosing each lost letter by the syllable it
    completes; the text and how many letters were guessed."""
    marked = _TRUNCATED.sub(lambda m: f"\0{_MARKS[m.group(1)]}\0".encode("ascii"), raw)
    pieces = _MARKED.split(marked.decode("utf-8", "replace"))
    out = [pieces[0]]
    for k in range(1, len(pieces), 2):
        candidates = _BY_MARK[pieces[k]]
        before = re.search(r"[^\W\d_]*$", out[-1]).group()  # type: ignore[union-attr]
        after = re.match(r"[^\W\d_]*", pieces[k + 1]).group()  # type: ignore[union-attr]
        valid = [c for c in candidates if vietnamese_syllable(before + c + after)] or list(candidates)
        if any(ch.islower() for ch in before[1:] + after) or (before + after).islower():
            valid = [c for c in valid if not c.isupper()] or valid  # "NgỐc": a capital inside a word is not typed
        previous = re.search(r"([^\W\d_]+)\W*$", out[-1][:len(out[-1]) - len(before)])
        following = re.match(r"\W*([^\W\d_]+)", pieces[k + 1][len(after):])
        out += [max(valid, key=lambda c: _plausible(before + c + after, previous and previous.group(1),
                                                    following and following.group(1))), pieces[k + 1]]
    return "".join(out), len(pieces) // 2


@functools.lru_cache(maxsize=1)
def _lexicon() -> tuple[frozenset[str], frozenset[tuple[str, str]]]:
    """The syllables of underthesea's Vietnamese word list (Viet74K, installed with it) and the pairs of
    syllables its words are made of ("chuyên đề", "truyền thống")."""
    import underthesea.corpus

    path = Path(underthesea.corpus.__file__).parent / "data" / "Viet74K.txt"
    try:
        words = [line.lower().split() for line in path.read_text(encoding="utf-8").splitlines()]
    except OSError:
        return frozenset(), frozenset()
    syllables = frozenset(unicodedata.normalize("NFC", s) for w in words for s in w)
    pairs = frozenset((unicodedata.normalize("NFC", a), unicodedata.normalize("NFC", b))
                      for w in words for a, b in zip(w, w[1:]))
    return syllables, pairs


def _plausible(word: str, previous: str | None, following: str | None) -> tuple[int, float]:
    """How well ``word`` fits between its neighbours: a known syllable, the words it forms with them, then
    how Vietnamese it reads."""
    syllables, pairs = _lexicon()
    low = word.lower()
    fits = (low in syllables) + (((previous or "").lower(), low) in pairs) + ((low, (following or "").lower()) in pairs)
    return fits, vietnamese_score(word)


def _unmojibake_line(line: str) -> tuple[str, int]:
    if not _MOJIBAKE.search(line):
        return line, 0
    raw = _mojibake_bytes(line)
    if raw is None:
        return line, 0
    try:
        return raw.decode("utf-8"), 0
    except UnicodeDecodeError:
        pass
    text, guessed = _refill(raw)
    # kept only when nothing is left undecodable and the letters decoded outnumber the guessed ones: a line in
    # a legacy font has bytes of mojibake's shape here and there, not runs of them
    decoded = sum(not ch.isascii() for ch in text) - guessed
    return (text, guessed) if "\ufffd" not in text and decoded >= guessed else (line, 0)


def repair_mojibake(text: str) -> tuple[str, bool]:
    """Undo UTF-8 that was read as Windows-1252 and saved again, line by line (see :func:`repair_mojibake_counted`).

    Example:
        >>> repair_mojibake("Chi bá»™ TrÆ°á»\\x9dng THCS")
        ('Chi bộ Trường THCS', True)
    """
    repaired, _ = repair_mojibake_counted(text)
    return repaired, repaired != text


def repair_mojibake_counted(text: str) -> tuple[str, int]:
    """:func:`repair_mojibake`, and how many letters whose last byte was lost (replaced by U+FFFD or dropped
    by the tool that mis-read the text) were told by the syllable they complete.

    Example:
        >>> repair_mojibake_counted("Chi bá»™ thÃ´n Ngá»\\ufffdc Quan, Ngá»c Lá»™c")
        ('Chi bộ thôn Ngọc Quan, Ngọc Lộc', 2)
    """
    if not _MOJIBAKE.search(text):
        return text, 0
    lines = [_unmojibake_line(line) for line in text.split("\n")]
    return "\n".join(line for line, _ in lines), sum(n for _, n in lines)
