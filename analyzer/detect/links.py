"""Which stated shortcoming a commitment refers back to, told to the appraiser.

A commitment the labeller marks `shortcoming` is one that redresses a shortcoming the document
states (decision 23 (B) of the corpus guidelines). Its finding says which sentence states it, so
that the appraiser can check the link in one click: the sentence whose figures it repeats (the
link the labeller's features see, ``ref:shortcoming_figure``), or else the flagged statement it
repeats the longest uncommon phrase of ("ấp Rạch Sen", "sinh hoạt chuyên đề hình thức"). The
phrase is an explanation only, never a feature: a shared phrase ties commitments to a shortcoming
far less reliably than a shared figure (out of fold, about one in five of the commitments sharing
one with a stated shortcoming carry the label), so it is shown where the labeller already decided.

Example:
    >>> ref = Reference(("214 hồ sơ",), (11,))  # sent_id 11: the twelfth sentence
    >>> ref.message()
    ' — nhắc lại số liệu «214 hồ sơ» của tồn tại, hạn chế nêu ở câu 12'
    >>> REFERENCE.search(ref.message()).group(1)
    '12'
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from analyzer.detect.rules import fold

__all__ = ["REFERENCE", "Echoes", "Reference", "sentence_refs"]

# the end of a finding's message that names the sentences stating the shortcoming (see ``Reference``)
REFERENCE = re.compile(r"nêu ở câu (\d+(?:, \d+)*)$")

_WORD = re.compile(r"[^\W\d_]+")
# a phrase in more content sentences than this is the document's topic, not a reference back
_RARE = 3
_LONGEST = 12  # words of a phrase at most
# function words: a phrase neither begins nor ends with one
_FUNCTION = frozenset(fold(w) for w in (
    "và của các cho có được trong với là đã không chưa còn những một về theo tại để từ đến này ở trên dưới "
    "như nhiều hơn cả đều cũng thì mà nên khi sẽ đang bị do vì nếu qua sau trước giữa vào ra lên xuống mỗi "
    "hoặc hay nào gì đó này ấy i ii iii iv").split())
# times: a phrase does not end with one ("hài lòng năm")
_TIMES = frozenset(fold(w) for w in "năm tháng ngày quý tuần giờ".split())
# words every submission repeats, and those of a shortcoming's telling and redress: a phrase of only
# these (and function words) ties nothing
_GENERIC = frozenset(fold(w) for w in (
    "chi bộ,đảng viên,đảng ủy,đảng uỷ,tổ chức,thực hiện,kiểm tra,đoàn,báo cáo,kế hoạch,hướng dẫn,khắc phục,"
    "nguyên nhân,hạn chế,tồn tại,đề nghị,đánh giá,phản ánh,xử lý,chỉ ra,phát hiện,kiểm điểm,góp ý,nêu trên,"
    "tình trạng,trường hợp,công tác,nhiệm vụ,kết quả,mô hình,năm,tháng,ngày,quý,tuần,giờ,người,việc,đồng chí,"
    "cán bộ,công chức,đơn vị,cơ quan,tỷ lệ,số,lần,thường xuyên,hằng,toàn bộ,học tập,làm theo,ủy ban,uỷ ban,"
    "nhân dân,thường vụ,hội,ban,phòng,sở,tổ,hộ,xã,huyện,tỉnh,phường,thôn,ấp,bản,khu,quận,thành phố,cuối,đầu,"
    "đảng,ủy,uỷ,hồ sơ,văn bản,ý kiến,học sinh,người dân,hội viên,đoàn viên,giáo viên,công dân,khách hàng,"
    "người bệnh,năm học,học kỳ,đợt,buổi,kỳ,lượt,chỉ tiêu,nghị quyết,cam kết,đăng ký,hoàn thành,bảo đảm,đảm bảo,phấn đấu,tiếp tục").split(","))
_LONGEST_GENERIC = max(len(w.split()) for w in _GENERIC)


def _ties(words: Sequence[str]) -> bool:
    """Whether a phrase can tie two sentences: it neither begins nor ends with a function word (nor
    ends with a time, "năm"), and not every word of it is a function word or part of a generic one.

    Example:
        >>> [_ties(fold(p).split()) for p in ("ấp Rạch Sen", "đợt kiểm tra", "ở xã Châu Khê", "hài lòng năm")]
        [True, False, False, False]
    """
    if words[0] in _FUNCTION or words[-1] in _FUNCTION or words[-1] in _TIMES:
        return False
    i = 0
    while i < len(words):
        if words[i] in _FUNCTION:
            i += 1
            continue
        n = next((n for n in range(min(_LONGEST_GENERIC, len(words) - i), 0, -1)
                  if " ".join(words[i:i + n]) in _GENERIC), 0)
        if not n:
            return True
        i += n
    return False


@dataclass(frozen=True)
class Reference:
    """What a commitment repeats of a stated shortcoming (figures, or a phrase) and which
    sentences (``sent_id``) state it."""

    words: tuple[str, ...]
    sent_ids: tuple[int, ...]
    figures: bool = True

    def message(self) -> str:
        """The Vietnamese tail of the finding's message; names the sentences last (``REFERENCE``)."""
        what = "số liệu" if self.figures else "cụm từ"
        quoted = ", ".join(dict.fromkeys(self.words))
        # sentences as an appraiser counts them, from 1 (``sent_id`` counts from 0)
        where = f" nêu ở câu {', '.join(str(k + 1) for k in self.sent_ids)}" if self.sent_ids else " đã nêu"
        return f" — nhắc lại {what} «{quoted}» của tồn tại, hạn chế{where}"


def sentence_refs(message: str) -> tuple[str, list[int]]:
    """A finding's message split into its text and the sentences its reference names (as written:
    counted from 1, so sentence ``n`` is ``sent_id`` ``n - 1``).

    Example:
        >>> sentence_refs("Gắn tồn tại, hạn chế — nhắc lại cụm từ «ấp Rạch Sen» của tồn tại, hạn chế nêu ở câu 4, 9")
        ('Gắn tồn tại, hạn chế — nhắc lại cụm từ «ấp Rạch Sen» của tồn tại, hạn chế nêu ở ', [4, 9])
        >>> sentence_refs("Trụ cột Học tập Bác")
        ('Trụ cột Học tập Bác', [])
    """
    match = REFERENCE.search(message)
    if match is None:
        return message, []
    return message[:match.start() + len("nêu ở ")], [int(n) for n in match.group(1).split(", ")]


def _words(folded: str) -> list[tuple[str, int, int]]:
    return [(m.group(), m.start(), m.end()) for m in _WORD.finditer(folded)]


class Echoes:
    """The phrases the sentences of one document repeat from each other. Each sentence's words, the
    sentences each word is in and each phrase's count are read once (and only when asked for), so
    the work grows with the document's words, not with the pairs asked about: a submission with
    hundreds of flagged sentences costs a fraction of a second. It reads the sentences folded
    (:func:`~analyzer.detect.rules.fold`, which keeps their length, so a span indexes the text too),
    as the labeller's records already hold them (``chars``, digits written 0).

    Example:
        >>> doc = ["Đảng uỷ xã chỉ ra: 2 tổ an ninh ở ấp Rạch Sen hoạt động cầm chừng.",
        ...        "Phó Chủ tịch Hội đi tuần cùng tổ ấp Rạch Sen mỗi tháng.",
        ...        "Mỗi tổ an ninh tuần tra 2 lần/tháng.", "Các tổ an ninh báo cáo hằng tháng.",
        ...        "Củng cố tổ an ninh ở các ấp."]
        >>> echoes = Echoes([fold(s) for s in doc])
        >>> s, e = echoes.phrase(1, 0)
        >>> doc[1][s:e]
        'ấp Rạch Sen'
        >>> echoes.phrase(2, 0) is None  # "tổ an ninh": the topic of four sentences
        True
    """

    def __init__(self, folded: Sequence[str]) -> None:
        self.texts = folded
        self._words: dict[int, list[tuple[str, int, int]]] = {}
        self._joined: list[str] = []
        self._holders: dict[str, set[int]] = {}
        self._counts: dict[str, bool] = {}
        self._runs: dict[tuple[int, ...], dict[str, list[int]]] = {}

    def words(self, k: int) -> list[tuple[str, int, int]]:
        """Sentence ``k``'s words, folded, with their offsets."""
        if k not in self._words:
            self._words[k] = _words(self.texts[k])
        return self._words[k]

    def _rare(self, words: Sequence[str]) -> bool:
        """Whether the phrase is in at most ``_RARE`` sentences: only those holding its rarest
        words are searched, and the search stops at one more."""
        phrase = " ".join(words)
        if not self._joined:  # the whole document, read the first time a phrase is counted
            for k in range(len(self.texts)):
                self._joined.append(" " + " ".join(w for w, _, _ in self.words(k)) + " ")
                for w, _, _ in self.words(k):
                    self._holders.setdefault(w, set()).add(k)
        if phrase not in self._counts:
            sets = sorted((self._holders.get(w, set()) for w in set(words)), key=len)
            holders = set.intersection(*sets)
            found = 0
            for k in holders if len(holders) > _RARE else ():
                found += f" {phrase} " in self._joined[k]
                if found > _RARE:
                    break
            self._counts[phrase] = found <= _RARE
        return self._counts[phrase]

    def _phrases(self, among: tuple[int, ...]) -> dict[str, list[int]]:
        """Every run of 2 to ``_LONGEST`` words of the sentences ``among``, and which of them hold it."""
        if among not in self._runs:
            runs: dict[str, list[int]] = {}
            for j in among:
                theirs = [w for w, _, _ in self.words(j)]
                for i in range(len(theirs)):
                    phrase = theirs[i]
                    for w in theirs[i + 1:i + _LONGEST]:
                        phrase += " " + w
                        holders = runs.setdefault(phrase, [])
                        if not holders or holders[-1] != j:
                            holders.append(j)
            self._runs[among] = runs
        return self._runs[among]

    def echo(self, k: int, among: Sequence[int]) -> tuple[int, int, list[int]] | None:
        """The span in sentence ``k`` of the longest phrase it repeats from any of the sentences
        ``among`` (two words or more, not all common ones, ``_ties``, held by at most three sentences
        of the document), and which of them hold it. Numbers are left to the figure links."""
        runs = self._phrases(tuple(j for j in among if j != k))
        mine = self.words(k)
        words = [w for w, _, _ in mine]
        best: tuple[int, int] | None = None
        for i in range(len(words)):
            # the runs from word i that the sentences among hold (a run's beginnings are held too)
            ends, phrase = [], words[i]
            for e in range(i + 2, min(len(words), i + _LONGEST) + 1):
                phrase += " " + words[e - 1]
                if phrase not in runs:
                    break
                ends.append(e)
            for e in reversed(ends):  # the longest first
                if best is not None and e - i <= best[1] - best[0]:
                    break
                if _ties(words[i:e]) and self._rare(words[i:e]):
                    best = (i, e)
                    break
        if best is None:
            return None
        return mine[best[0]][1], mine[best[1] - 1][2], runs[" ".join(words[best[0]:best[1]])]

    def phrase(self, k: int, j: int) -> tuple[int, int] | None:
        """The span in sentence ``k`` of the longest phrase it repeats from sentence ``j`` (``echo``)."""
        found = self.echo(k, [j])
        return found[:2] if found else None
