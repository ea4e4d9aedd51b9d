"""Near-duplicate submissions inside a batch: MinHash over word 3-gram shingles, LSH lookup.

Two units sending the same text (or the same text with a few words changed) is something an
appraiser must see; the later document names its earlier twin.

Example:
    >>> finder = NearDuplicates()
    >>> base = ("Chi bộ tổ chức cho 100% đảng viên học tập chuyên đề năm 2024 trước ngày 30/6/2024. "
    ...         "Mỗi đảng viên viết một bản thu hoạch, liên hệ bản thân về tác phong phục vụ nhân dân. "
    ...         "Bộ phận một cửa niêm yết công khai quy trình, thời hạn giải quyết của 12 thủ tục đất đai. "
    ...         "Bí thư chi bộ tiếp công dân vào sáng thứ Năm hằng tuần, trực tiếp nghe và xử lý phản ánh. "
    ...         "Văn phòng tổng hợp kết quả, báo cáo Ban Tuyên giáo Huyện ủy trước ngày 15/12/2024.")
    >>> finder.add("a.docx", base), finder.add("b.docx", base.replace("sáng thứ Năm", "chiều thứ Sáu"))
    ([], ['a.docx'])
    >>> finder.add("c.docx", "Hội Nông dân xã vận động 40 hộ chuyển đổi cây trồng trong quý III/2024.")
    []
"""

from __future__ import annotations

import hashlib
import re

THRESHOLD = 0.7
NUM_PERM = 128
SHINGLE = 3
MIN_WORDS = 30
_WORD_RE = re.compile(r"\w+")


def sketch(text: str, num_perm: int = NUM_PERM) -> tuple[str, object]:
    """What the finder needs of a text: a MinHash of its word 3-grams, or an exact key for short texts.

    Computed where the text is (a worker process); only the small sketch travels to the batch.
    """
    from datasketch import MinHash

    words = _WORD_RE.findall(text.lower())
    if len(words) < MIN_WORDS:
        return "exact", hashlib.sha1(" ".join(words).encode("utf-8")).hexdigest() if words else ""
    shingles = {" ".join(words[i:i + SHINGLE]).encode("utf-8") for i in range(len(words) - SHINGLE + 1)}
    signature = MinHash(num_perm=num_perm, seed=1)
    signature.update_batch(list(shingles))
    return "minhash", signature


class NearDuplicates:
    """Incremental near-duplicate finder (Jaccard similarity of word 3-grams ≥ ``threshold``).

    Locality-sensitive hashing with the banding datasketch's ``MinHashLSH`` chooses for the
    threshold (14 bands of 9 hash values for 0.7 and 128 permutations): two documents are
    candidates when all values of one band agree. The index keeps one integer key per band and
    document, about a quarter of the memory of ``MinHashLSH``'s byte keys and sets, which the
    batch holds for every document until it ends. A candidate is a near-duplicate only when the
    share of its 128 hash values that agree (the estimate of the Jaccard similarity) reaches the
    threshold: two plans sharing only their stock roadmap lines can agree on one band by chance.
    The values are kept as 32-bit numbers (512 bytes a document).
    """

    def __init__(self, *, threshold: float = THRESHOLD, num_perm: int = NUM_PERM) -> None:
        self.threshold = threshold
        self.num_perm = num_perm
        self._bands: list[tuple[int, int]] | None = None
        self._index: dict[int, int | list[int]] = {}  # band key -> document number(s)
        self._ids: list[str] = []
        self._signatures: list[object] = []  # each document's hash values (uint32)
        self._exact: dict[str, str] = {}

    def add(self, doc_id: str, text: str) -> list[str]:
        """Register ``text`` as ``doc_id``; return the earlier documents it nearly duplicates."""
        return self.add_sketch(doc_id, sketch(text, self.num_perm))

    def pair(self, doc_id: str, sketched: tuple[str, object], twins: dict[str, list[str]]) -> None:
        """Register a :func:`sketch` and note it and each earlier document it nearly duplicates as each
        other's twins in ``twins`` (document id → its twins, in the order they were met)."""
        for twin in self.add_sketch(doc_id, sketched):
            twins.setdefault(doc_id, []).append(twin)
            twins.setdefault(twin, []).append(doc_id)

    def add_sketch(self, doc_id: str, sketched: tuple[str, object]) -> list[str]:
        """Register a :func:`sketch`; return the earlier documents it nearly duplicates."""
        kind, value = sketched
        if kind == "exact":
            if not value:
                return []
            twin = self._exact.get(value)  # type: ignore[arg-type]
            self._exact.setdefault(value, doc_id)  # type: ignore[arg-type]
            return [twin] if twin else []
        if self._bands is None:
            from datasketch import MinHashLSH

            self._bands = MinHashLSH(threshold=self.threshold, num_perm=self.num_perm).hashranges
        values = value.hashvalues  # type: ignore[attr-defined]
        keys = {hash((band, values[start:end].tobytes())) for band, (start, end) in enumerate(self._bands)}
        found: set[int] = set()
        number = len(self._ids)
        for key in keys:
            earlier = self._index.get(key)
            if earlier is None:
                self._index[key] = number
            elif isinstance(earlier, list):
                found.update(earlier)
                earlier.append(number)
            else:
                found.add(earlier)
                self._index[key] = [earlier, number]
        self._ids.append(doc_id)
        mine = values.astype("uint32")
        self._signatures.append(mine)
        return sorted(self._ids[k] for k in found
                      if float((self._signatures[k] == mine).mean()) >= self.threshold)  # type: ignore[union-attr]
