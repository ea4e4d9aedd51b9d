"""Names of exemplary individuals in a sentence the labeller marked ``exemplar``.

A name is a run of capitalised syllables either after a title ("đồng chí", "đ/c", "em",
"chị", ranks; ``rules/name_titles.yaml``) or starting with a family name of
``rules/surnames.txt``; or an initials form ("N.V.Tùng"). Ethnic-minority names ("H'Nhi Byă",
"Y Bhim Niê", "Ka Thương") come in through their title. A personal registration's author who
designates himself ("Bản thân tôi đăng ký là cá nhân điển hình") is named from "Họ và tên" or
the signature.

Example:
    >>> [n for _, _, n in find_names("Chọn đ/c N.V.Tùng và đồng chí Lê Thị Thu Hằng, Bí thư, làm điển hình.")]
    ['N.V.Tùng', 'Lê Thị Thu Hằng']
    >>> [n for _, _, n in find_names("Cá nhân điển hình: em H'Nhi Byă, học sinh lớp 9A2.")]
    ["H'Nhi Byă"]
    >>> find_names("Đồng chí Bí thư Chi bộ học tập tấm gương Hồ Chí Minh.")
    []
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Mapping
from typing import NamedTuple

from analyzer.config import read_yaml
from analyzer.detect.rules import RULES_DIR, fold

# an initial: a capital, or the first consonant cluster of a syllable ("Ng." for Nguyễn, "Th." for Thị)
_INITIAL = r"(?:Ngh|Ng|Nh|Th|Tr|Ph|Kh|Ch|Gi|Gh|Qu|[A-ZĐ])\.\s?"
# a word of a name: initials before it ("N.V.Tùng"), an apostrophe or a hyphen inside it ("H'Hen", "Y-Moan")
# (the word after initials is a name's own, capitalised: "Nguyễn Văn T. làm" ends at "T.")
_WORD_RE = re.compile(rf"(?:{_INITIAL}){{1,3}}(?=[^\W\d_a-zđà-ỹ])[^\W\d_]{{2,}}|[^\W\d_]+(?:['’-][^\W\d_]+)?")
# initials and a name ("N.V.Tùng"), not a quarter or a part ("Q.III", "P.II")
_INITIALS_RE = re.compile(rf"^(?:{_INITIAL}){{1,3}}(?![IVX]+$)[^\W\d_]+$")
# the author designates himself: "Bản thân tôi …", "Tôi cam kết là gương điển hình", a student's "Em đăng ký …";
# not the pupils or the members a collective registration speaks of ("vận động các em …", "Bản thân mỗi đảng viên …")
_OTHERS = r"(?:các|mỗi|mọi|những|từng|đồng chí|đ/c|bí thư|người|cán bộ|đảng viên|đoàn viên|hội viên|chi ủy|cấp ủy)"
_SELF_RE = re.compile(r"(?i)\b(?:bản thân tôi|(?:tôi|(?<!các )(?<!mỗi )(?<!mọi )(?<!những )(?<!từng )em)\b.{0,40}"
                      r"\b(?:đăng ký|phấn đấu|nhận|cam kết)\b.{0,30}\b(?:điển hình|cá nhân tiêu biểu|gương)"
                      rf"|bản thân\b(?!\s+{_OTHERS}\b).{{0,40}}điển hình)")


# words that end a name in a sentence typed in capitals, where case cannot
# words of a name at most (six: "Công Tằng Tôn Nữ Diệu Linh"), of a capitalised run with titles before it
_LONGEST_NAME = 6
_LONGEST_RUN = 8
# what every name holds: two capitalised words side by side ("Lê Thị", "H'Nhi Byă", "NGUYỄN VĂN") or an
# initial ("N.V.Tùng", "Ng.Tùng")
_UPPER = re.escape("".join(c for c in map(chr, range(0x10000)) if c.isupper()))
_MAY_HOLD_NAME = re.compile(rf"[{_UPPER}](?:\S* [{_UPPER}]|[^\W\d_]{{0,2}}\.)")
_SHOUTED_STOPS = frozenset({"làm", "là", "được", "có", "đã", "sẽ", "và", "với", "trong", "tại", "của", "phụ", "chịu",
                            "đăng", "tham", "giữ", "cùng", "nhận", "trưởng", "bí", "phó", "chủ", "đi", "đầu"})


class _Lexicons(NamedTuple):
    surnames: frozenset[str]
    title_re: re.Pattern[str]
    not_names: frozenset[str]
    phrases: tuple[tuple[str, ...], ...]
    years: frozenset[tuple[str, str]]
    place_re: re.Pattern[str]
    bodies: tuple[str, ...]
    after_name: frozenset[str]
    titles: frozenset[str]


@functools.lru_cache(maxsize=1)
def _lexicons() -> _Lexicons:
    lines = (RULES_DIR / "surnames.txt").read_text(encoding="utf-8").splitlines()
    surnames = frozenset(unicodedata.normalize("NFC", ln.split()[0]) for ln in lines if ln.strip() and not ln.startswith("#"))
    data = read_yaml((RULES_DIR / "name_titles.yaml").read_text(encoding="utf-8"))
    titles = sorted({fold(t) for t in data["titles"]}, key=len, reverse=True)
    title_re = re.compile(r"(?:^|[\s,;:(])(?:" + "|".join(map(re.escape, titles)) + r")\s*[:,]?\s*$")
    not_names = frozenset(unicodedata.normalize("NFC", w).split()[0] for w in data["not_names"])
    phrases = tuple(tuple(fold(unicodedata.normalize("NFC", p)).split()) for p in data["not_name_phrases"])
    years = frozenset((unicodedata.normalize("NFC", s), unicodedata.normalize("NFC", b))
                      for s in data["year_stems"] for b in data["year_branches"])
    places = sorted({fold(w) for w in data["place_words"]}, key=len, reverse=True)
    place_re = re.compile(r"(?:^|[\s,;:(])(?:" + "|".join(map(re.escape, places)) + r")\s*$")
    bodies = tuple(sorted({fold(w) for w in data["body_phrases"]}))
    after = frozenset(unicodedata.normalize("NFC", w) for w in data["after_name"])
    return _Lexicons(surnames, title_re, not_names, phrases, years, place_re, bodies, after, frozenset(titles))


def is_family_name(word: str) -> bool:
    """Whether ``word`` ("Nguyễn", "H'Hen" is not) is a family name of ``rules/surnames.txt``."""
    return unicodedata.normalize("NFC", word) in _lexicons().surnames


def same_person(name: str) -> str:
    """A key under which the spellings of one name meet: letter case, tone placement ("Thủy", "Thuỷ"),
    spaces and apostrophes aside."""
    from analyzer.text.tones import to_modern_tones

    return " ".join(to_modern_tones(unicodedata.normalize("NFC", name)).casefold().replace("’", "'").split())


def _capitalised(word: str) -> bool:
    return word[:1].isupper() and not word.isupper() or (len(word) <= 2 and word[:1].isupper())


def find_names(sentence: str) -> list[tuple[int, int, str]]:
    """Person names in ``sentence`` as (start, end, name), offsets relative to the sentence."""
    if not _MAY_HOLD_NAME.search(sentence):
        return []  # no two capitalised words side by side, no initials: no name (most sentences)
    lexicons = _lexicons()
    # a name typed in capitals ("đồng chí NGUYỄN VĂN TÙNG, Phó Bí thư") is read as "Nguyễn Văn Tùng"; in a
    # sentence in capitals throughout, where every word looks like a name's, only right after a title
    # ("CHI BỘ CHỌN ĐỒNG CHÍ LÊ VĂN TƯ, TRƯỞNG ẤP, …")
    words = [(m.start(), m.end(), _as_name_word(m.group(0))) for m in _WORD_RE.finditer(sentence)]
    if _mostly_upper(sentence):
        return _shouted_names(sentence, words, lexicons)
    found: list[tuple[int, int, str]] = []
    i = 0
    while i < len(words):
        start, end, word = words[i]
        if not _capitalised(word):
            i += 1
            continue
        j = i + 1
        while j < len(words) and _capitalised(words[j][2]) and sentence[words[j - 1][1]:words[j][0]] == " " \
                and j - i < _LONGEST_RUN:
            j += 1
        run = _without_leading_title(words[i:j], lexicons.titles)
        # the name starts after a title ("đ/c", or "Chị" opening the run), at a family name, or at initials
        k = 0
        while k < len(run) and not lexicons.title_re.search(fold(sentence[:run[k][0]])) \
                and run[k][2] not in lexicons.surnames and not _INITIALS_RE.match(run[k][2]):
            k += 1
        # a title of two words whose first one ends the run's lead ("Chọn Cô Giáo Nguyễn Thị Lan")
        if 0 < k < len(run) and fold(f"{run[k - 1][2]} {run[k][2]}") in lexicons.titles:
            k += 1
        run = _without_leading_title(run[k:], lexicons.titles)
        run = _without_abbreviations(run, sentence, lexicons.surnames)
        run = _without_trailing_title(run, lexicons.after_name, sentence)
        if run and len(run[-1][2]) <= 3 and re.match(r"\.\s+[^\W\d_A-ZĐ]", sentence[run[-1][1]:]):
            run[-1] = (run[-1][0], run[-1][1] + 1, run[-1][2] + ".")  # a last initial mid-sentence: "Nguyễn Văn T. làm"
        name = sentence[run[0][0]:run[-1][1]] if run else ""
        before = fold(sentence[:run[0][0]]) if run else ""
        titled = bool(run) and bool(lexicons.title_re.search(before))
        if run and lexicons.place_re.search(before) and (not titled or not _ethnic_or_family(run[0][2], lexicons)):
            run = []  # "Trường THCS Lê Lợi"; after a title ending in a place, "Trưởng bản Pá Khôm" is the village
        if (len(run) >= 2 or run and _INITIALS_RE.match(name)) and _starts_a_name(run, titled, lexicons) \
                and not _famous(run, sentence, titled, lexicons) and tuple(w for _, _, w in run) not in lexicons.years:
            found.append((run[0][0], run[-1][1], name))
        i = j
    return found


def _shouted_names(sentence: str, words: list[tuple[int, int, str]], lexicons: _Lexicons) -> list[tuple[int, int, str]]:
    """Names in a sentence typed in capitals: a family name (or "Y", or an apostrophe's "H'Hen") right
    after a title, and the words after it up to a comma or a word no name holds ("LÀM", "LÀ", "CỦA")."""
    found: list[tuple[int, int, str]] = []
    for p, (start, _, _) in enumerate(words):
        if not lexicons.title_re.search(fold(sentence[:start])):
            continue
        if _without_leading_title(words[p:p + 3], lexicons.titles) != words[p:p + 3]:
            continue  # "ĐỒNG CHÍ THẠCH THỊ SA PHA": the name starts after the title, not at "Đồng"
        run = [words[p]]
        while p + len(run) < len(words) and len(run) < _LONGEST_NAME:
            nxt = words[p + len(run)]
            if sentence[run[-1][1]:nxt[0]] != " " or fold(nxt[2]) in _SHOUTED_STOPS:
                break
            run.append(nxt)
        run = _without_trailing_title(run, lexicons.after_name, sentence)
        first = run[0][2]
        if len(run) >= 2 and (first in lexicons.surnames or first == "Y" or "'" in first or "’" in first) \
                and _starts_a_name(run, True, lexicons) and not _famous(run, sentence, True, lexicons):
            found.append((run[0][0], run[-1][1], sentence[run[0][0]:run[-1][1]]))
    return found


def _famous(run: list[tuple[int, int, str]], sentence: str, titled: bool, lexicons: _Lexicons) -> bool:
    """Whether a run names a person of ``not_name_phrases`` ("Hồ Chí Minh", "VÕ NGUYÊN GIÁP"): it holds the
    phrase's words and does not go on past them with a word of a name, as another person's name does
    ("Phạm Văn Đồng Khởi", "Trần Việt Nam Anh") after a title or up to a comma, a bracket or a cell's end.
    A word no name goes on with ("Võ Nguyên Giáp Đại tướng") does not count, nor, without a title, a
    capitalised word that lower-case ones follow ("Hồ Chí Minh Toàn tập", "Hồ Chí Minh Vĩ đại")."""
    words = [fold(w) for _, _, w in run]
    closed = not sentence[run[-1][1]:].lstrip()[:1].isalpha()
    for phrase in lexicons.phrases:
        for q in range(len(words) - len(phrase) + 1):
            if tuple(words[q:q + len(phrase)]) == phrase:
                after = run[q + len(phrase)][2] if q + len(phrase) < len(run) else None
                if after is None or after in lexicons.not_names or not (titled or closed):
                    return True
    return False


def _ethnic_or_family(word: str, lexicons: _Lexicons) -> bool:
    """Whether ``word`` can open a person's name after a title: a family name, or the prefix of an
    ethnic-minority name ("Y Bhim", "A Thút", "H'Hen", "Y-Moan", "K'Bròn")."""
    return word in lexicons.surnames or len(word) == 1 or any(c in "'’-" for c in word)


def _mostly_upper(text: str) -> bool:
    letters = "".join(filter(str.isalpha, text))
    return bool(letters) and sum(map(str.isupper, letters)) > 0.6 * len(letters)


def _as_name_word(word: str) -> str:
    """A word in capitals as a name's word ("NGUYỄN" → "Nguyễn", "H'HEN" → "H'hen"); others unchanged."""
    return word.capitalize() if len(word) >= 2 and word.isupper() else word


def _starts_a_name(run: list[tuple[int, int, str]], titled: bool, lexicons: _Lexicons) -> bool:
    """Whether a capitalised run is a person's name by its first word.

    A word of ``not_names`` opens a body, a rank or a place ("Phó Bí thư", "Trạm Y tế", "Hội Nông dân"),
    but some are family names too ("Đoàn Văn Hậu", "Cao Thị Lan", "Nông Văn Dền", "Lữ Văn Hùng") or
    the Ê Đê men's "Y" ("Y Bhim Niê"): such a run is a name when it has three words or more and does not
    begin a body's name ("Đoàn Thanh Niên", "Cao Đẳng Y Tế"), or, after a title, "Y" and one more word.
    """
    first = run[0][2]
    if first not in lexicons.not_names:
        return True
    if first not in lexicons.surnames or fold(" ".join(w for _, _, w in run)).startswith(lexicons.bodies):
        return False
    return len(run) >= 3 or (titled and first == "Y")


def _without_leading_title(run: list[tuple[int, int, str]], titles: frozenset[str]) -> list[tuple[int, int, str]]:
    """A run without the titles it opens with, capitalised after a colon ("Ông Lê Văn Tám", "Cô Giáo Nguyễn
    Thị Lan", "Đồng Chí Nguyễn Văn Tùng", "ĐỒNG CHÍ THẠCH THỊ SA PHA")."""
    k = 0
    while k < len(run):
        two = fold(" ".join(w for _, _, w in run[k:k + 2])) if k + 1 < len(run) else ""
        if two in titles:
            k += 2
        elif fold(run[k][2]) in titles:
            k += 1
        else:
            break
    return run[k:]


def _without_abbreviations(run: list[tuple[int, int, str]], sentence: str,
                           surnames: frozenset[str]) -> list[tuple[int, int, str]]:
    """A run without the abbreviated titles and degrees typed in capitals before a family name ("NGƯT Đặng
    Thị Kim Oanh", "Bác sĩ CKI Trần Thị Ngọc Ánh", "BSCKII Nguyễn Văn Thái"); a word in capitals that is a
    family name ("NGUYỄN Văn Tùng") or is followed by none stays."""
    k = 0
    while k < len(run) and run[k][2] not in surnames and sentence[run[k][0]:run[k][1]].isupper() \
            and run[k][1] - run[k][0] >= 2 and not any(c in "'’-" for c in run[k][2]):
        k += 1
    return run[k:] if 0 < k < len(run) and run[k][2] in surnames else run


def _without_trailing_title(run: list[tuple[int, int, str]], after_name: frozenset[str],
                            sentence: str) -> list[tuple[int, int, str]]:
    """A name without the title or unit written after it with no comma ("Sùng A Lử Trưởng bản",
    "Lê Minh Khôi Lớp 9A"): the run ends before such a word, its third or later. Such a word that ends the
    run before a comma, a bracket or the sentence's end has no unit after it: it is the name's own
    ("Nguyễn Văn Hải Phòng, cán bộ địa chính")."""
    for k in range(2, len(run)):
        if run[k][2] in after_name:
            if k < len(run) - 1 or sentence[run[k][1]:].lstrip()[:1].isalnum():
                return run[:k]
    return run


# a person a designating sentence names beside the exemplar, not as one: who proposes or is replaced, who is
# helped ("theo đề nghị của đồng chí …", "thay cho đồng chí …", "giúp đỡ hộ bà …", "kèm cặp cháu …") …
_NOT_DESIGNATED_BEFORE = re.compile(
    r"(?:đề\s+nghị\s+của|chỉ\s+đạo\s+của|thay\s+cho|thay\s+thế|giúp\s+đỡ|kèm\s+cặp|hỗ\s+trợ|đỡ\s+đầu|nhận\s+nuôi|"
    r"thăm|tặng)(?:\s+(?:hộ|gia\s+đình|ông|bà|cháu|em|anh|chị|đồng\s+chí|đ/c|cụ|học\s+sinh|sinh\s+viên))*\s*$",
    re.IGNORECASE)
# … or who directs and follows it ("đồng chí Nguyễn Văn Bình, Bí thư chi bộ, chỉ đạo chọn …", "… trực tiếp theo dõi")
_NOT_DESIGNATED_AFTER = re.compile(r"^(?:\s*,[^,]{2,40},)?\s+(?:trực\s+tiếp\s+)?(?:chỉ\s+đạo|theo\s+dõi|đề\s+nghị|giám\s+sát)\b",
                                   re.IGNORECASE)


def exemplar_names(sentence: str, meta: Mapping[str, str]) -> list[tuple[int, int, str]]:
    """Names designated in an ``exemplar`` sentence; the author's name when he designates himself. A name
    the sentence gives as who proposes, directs or follows the choice, who is replaced or who is helped is
    left out, unless no other name is left.

    Example:
        >>> [n for _, _, n in exemplar_names("Chọn đồng chí Đinh Văn Hùng làm điển hình, giúp đỡ hộ bà Lò Thị Mai "
        ...                                  "thoát nghèo trong năm 2024.", {})]
        ['Đinh Văn Hùng']
    """
    names = find_names(sentence)
    designated = [(s, e, n) for s, e, n in names
                  if not _NOT_DESIGNATED_BEFORE.search(sentence[max(0, s - 40):s]) and not _NOT_DESIGNATED_AFTER.match(sentence[e:])]
    if designated:
        names = designated
    if not names and _SELF_RE.search(sentence):
        author = meta.get("person_name") or meta.get("signatory")
        if author:
            match = _SELF_RE.search(sentence)
            assert match is not None
            return [(match.start(), match.end(), author)]
    return names


def signed_name(line: str) -> str | None:
    """The name on a signature line, without the rank, title or degree before it and the "(Đã ký)" after it
    ("Thượng úy LÊ VĂN KHANG" → "Lê Văn Khang", "Bác sĩ CKI Trần Thị Hà", "Lê Văn Khang (Đã ký)"); None when
    the line holds something else beside a name ("BÍ THƯ", "Nguyễn Văn A và Trần Văn B").

    Example:
        >>> signed_name("Thượng úy LÊ VĂN KHANG"), signed_name("Đ/c Ng.V.An (Đã ký)"), signed_name("BÍ THƯ")
        ('Lê Văn Khang', 'Ng.V.An', None)
    """
    line = " ".join(_PARENTHESIS_RE.sub(" ", line).split())
    if not line or len(line) > 60:
        return None
    names = find_names(line)
    if not names and _is_shouted_name(line):
        names = [(0, len(line), line)]  # "LÊ VĂN KHANG": a name in capitals alone, a family name first
    if len(names) != 1 or line[names[0][1]:].strip(" .,"):
        return None
    start, _, name = names[0]
    if not _only_titles(line[:start]):
        return None
    return " ".join(_as_name_word(word) for word in name.split()) if name.isupper() else name


_PARENTHESIS_RE = re.compile(r"\([^()]{0,40}\)")


def _is_shouted_name(line: str) -> bool:
    words = line.split()
    return 2 <= len(words) <= _LONGEST_NAME and line.isupper() and is_family_name(words[0].capitalize()) \
        and all(w.isalpha() or "'" in w or "’" in w for w in words)


def _only_titles(text: str) -> bool:
    """Whether ``text`` is only titles, ranks and degrees ("Thượng úy", "Bác sĩ CKI", "PGS.TS", "Đại úy QNCN")."""
    titles = _lexicons().titles
    words = fold(text).replace(",", " ").split()
    originals = text.replace(",", " ").split()
    k = 0
    while k < len(words):
        if k + 1 < len(words) and f"{words[k]} {words[k + 1]}" in titles:
            k += 2
        elif words[k] in titles or words[k].rstrip(".") in titles or originals[k].isupper() or "." in originals[k]:
            k += 1  # a degree or a rank in capitals ("QNCN", "CKI", "PGS.TS")
        else:
            return False
    return True


# a list item's marker or a table row's number before the name ("- Đồng chí …", "2) …", "1 | Lò Văn Sình | …")
_ITEM_LEAD_RE = re.compile(r"^(?:[-+•*–]\s*|\d{1,2}[.)]\s*|[a-zđ][.)]\s*|\d{1,3}\s*\|\s*)?")


def listed_exemplar(labels: frozenset[str], roles: frozenset[str], sentence: str) -> frozenset[str]:
    """A person listed under a heading that designates exemplary individuals ("Cá nhân điển hình của mô hình:",
    "Chi bộ chọn 02 cá nhân điển hình sau:") is one: an item that opens on a name there is ``exemplar``
    (decision 8 of the corpus guidelines: a heading passes its meaning to the items under it; decision 9).
    ``roles``: the sentence's section roles, ``exemplar`` when its own heading names them.

    Example:
        >>> sorted(listed_exemplar(frozenset({"neu_guong"}), frozenset({"exemplar"}),
        ...                        "- Đồng chí Lù Văn Sình, Trưởng thôn;"))
        ['exemplar', 'neu_guong']
        >>> sorted(listed_exemplar(frozenset(), frozenset({"exemplar"}), "Chi bộ theo dõi, nhân rộng điển hình."))
        []
    """
    if "exemplar" in labels or "exemplar" not in roles:
        return labels
    lead = _ITEM_LEAD_RE.match(sentence)
    names = find_names(sentence)
    # the item opens on the name, a title before it at most ("Đồng chí", "Thượng úy"), not on a year or a deed
    if names and _only_titles(sentence[lead.end() if lead else 0:names[0][0]]):
        return labels | {"exemplar"}
    return labels
