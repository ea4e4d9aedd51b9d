"""underthesea's word-segmentation CRF, decoded in bulk: same model, same tags, fewer objects.

``underthesea.word_tokenize`` builds 43 feature strings per syllable in Rust, hands them to
Python as a list of lists, and hands them back to Rust's tagger, one sentence per call: most
of its time goes to creating and hashing those strings. This module reads the same model
files (the CRFsuite ``models.bin``, and ``features.bin``, ``dictionary.bin``: pickled lists of
strings, read opcode by opcode, never unpickled — shipped inside the underthesea wheel) and computes the same scores without building them:

* each attribute template ``T[a,b].func`` is evaluated once per n-gram *start* (the value of
  ``T[-1,0]`` at position i is the value of ``T[0,1]`` at i-1), looked up once, and shifted
  into place with numpy for a whole document at a time;
* syllable-level facts (lower case, ``istitle``, ``isdigit``, dictionary membership) are kept
  in a bounded per-syllable table; n-grams are looked up in per-template dictionaries;
* emissions are one gather-and-sum over an (attributes × labels) weight matrix; Viterbi is the
  tagger's own (same tie-breaking: the lower label id wins).

The feature semantics mirror underthesea_core 3.x (checked by ``tests/text/test_crf.py``
against ``underthesea.word_tokenize`` on every sentence of the corpus and on generated
input): ``isdigit`` means "parses as a 32-bit signed integer", ``istitle`` means "every word's
first character is its own upper case", ``is_in_dict`` looks the lower-cased n-gram up in the
dictionary, and a window that leaves the sentence is ``BOS`` (if it starts before it) or
``EOS``. If the installed model uses templates this module does not know, or its files are not
in the expected format, :func:`load_segmenter` returns ``None`` and the caller falls back to
``underthesea.word_tokenize``.

Example:
    >>> seg = load_segmenter()
    >>> seg.words([["Đảng", "uỷ", "xã", "tổ", "chức", "học", "tập", "."]])
    [['Đảng uỷ', 'xã', 'tổ chức', 'học tập', '.']]
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import struct
import tempfile
from collections.abc import Mapping
from functools import lru_cache
from itertools import repeat
from importlib.util import find_spec
from pathlib import Path

import numpy

from analyzer.config import cache_dir

MODEL_NAME = "ws_crf_vlsp2013_20230727"
CACHE_FORMAT = 1  # bump when CRFSegmenter.to_arrays changes what it keeps
_TEMPLATE = re.compile(r"T\[(-?\d+)(?:,(-?\d+))?\](?:\.(lower|isdigit|istitle|is_in_dict))?\Z")
_INT = re.compile(r"[+-]?[0-9]+\Z")
_I32 = (-(2**31), 2**31 - 1)
_SYLLABLE_CACHE_LIMIT = 200_000


class ModelFormatError(ValueError):
    """The model files are not CRFsuite/underthesea files this module can read."""


def _model_dir() -> Path | None:
    spec = find_spec("underthesea")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "pipeline" / "word_tokenize" / "models" / MODEL_NAME


def _cqdb_strings(buf: bytes, offset: int) -> list[str]:
    """The strings of a CRFsuite CQDB chunk, indexed by id (its backward array)."""
    if buf[offset:offset + 4] != b"CQDB":
        raise ModelFormatError("expected a CQDB chunk")
    _size, _flag, byteorder, bwd_size, bwd_offset = struct.unpack_from("<5I", buf, offset + 4)
    if byteorder != 0x62445371:
        raise ModelFormatError("unexpected CQDB byte order")
    refs = struct.unpack_from(f"<{bwd_size}I", buf, offset + bwd_offset)
    strings = []
    for ref in refs:
        _id, ksize = struct.unpack_from("<2I", buf, offset + ref)
        start = offset + ref + 8
        strings.append(buf[start:start + ksize - 1].decode("utf-8"))
    return strings


def read_crfsuite(source: Path | bytes) -> tuple[list[str], list[str], numpy.ndarray, numpy.ndarray]:
    """Labels, attributes, state weights (attributes × labels) and transitions of a model file (or its bytes)."""
    buf = source if isinstance(source, bytes) else source.read_bytes()
    if buf[:4] != b"lCRF" or buf[8:12] != b"FOMC":
        name = "the model" if isinstance(source, bytes) else source.name
        raise ModelFormatError(f"{name} is not a CRFsuite model")
    (_version, _nfeat, num_labels, num_attrs, off_features, off_labels, off_attrs) = struct.unpack_from("<7I", buf, 12)
    labels = _cqdb_strings(buf, off_labels)
    attrs = _cqdb_strings(buf, off_attrs)
    if len(labels) != num_labels or len(attrs) != num_attrs:
        raise ModelFormatError("label or attribute count does not match the header")
    if buf[off_features:off_features + 4] != b"FEAT":
        raise ModelFormatError("expected a FEAT chunk")
    (count,) = struct.unpack_from("<I", buf, off_features + 8)
    dtype = numpy.dtype([("type", "<u4"), ("src", "<u4"), ("dst", "<u4"), ("weight", "<f8")])
    feats = numpy.frombuffer(buf, dtype=dtype, count=count, offset=off_features + 12)
    state = numpy.zeros((num_attrs + 1, num_labels))  # last row: attributes the model never saw
    trans = numpy.zeros((num_labels, num_labels))
    is_state = feats["type"] == 0
    s = feats[is_state]
    state[s["src"], s["dst"]] = s["weight"]
    t = feats[feats["type"] == 1]
    trans[t["src"], t["dst"]] = t["weight"]
    if not numpy.all(is_state | (feats["type"] == 1)):
        raise ModelFormatError("unknown feature type")
    return labels, attrs, state, trans


def read_plain_pickle(data: bytes) -> object:
    """A list or set of strings from a pickle stream, *without* unpickling.

    ``features.bin`` and ``dictionary.bin`` are joblib dumps of a list and a set of strings,
    i.e. plain pickles. Loading a pickle can run arbitrary code, so this reads the opcodes
    itself and builds only lists, sets and strings; any other opcode (a global, a call, a
    reduce…) raises :class:`ModelFormatError`.
    """
    stack: list = []
    memo: list = []
    marks: list[int] = []
    unpack_from = struct.unpack_from
    i, n = 0, len(data)
    try:
        while i < n:
            op = data[i]
            i += 1
            if op == 0x8C:  # SHORT_BINUNICODE
                size = data[i]
                stack.append(data[i + 1:i + 1 + size].decode("utf-8"))
                i += 1 + size
            elif op == 0x94:  # MEMOIZE
                memo.append(stack[-1])
            elif op == 0x58:  # BINUNICODE
                (size,) = unpack_from("<I", data, i)
                stack.append(data[i + 4:i + 4 + size].decode("utf-8"))
                i += 4 + size
            elif op == 0x8D:  # BINUNICODE8
                (size,) = unpack_from("<Q", data, i)
                stack.append(data[i + 8:i + 8 + size].decode("utf-8"))
                i += 8 + size
            elif op == 0x28:  # MARK
                marks.append(len(stack))
            elif op in (0x65, 0x90, 0x91):  # APPENDS, ADDITEMS, FROZENSET
                at = marks.pop()
                items = stack[at:]
                del stack[at:]
                if op == 0x65:
                    stack[-1].extend(items)
                elif op == 0x90:
                    stack[-1].update(items)
                else:
                    stack.append(frozenset(items))
            elif op == 0x61:  # APPEND
                item = stack.pop()
                stack[-1].append(item)
            elif op == 0x5D:  # EMPTY_LIST
                stack.append([])
            elif op == 0x8F:  # EMPTY_SET
                stack.append(set())
            elif op in (0x71, 0x72):  # BINPUT, LONG_BINPUT
                index = data[i] if op == 0x71 else unpack_from("<I", data, i)[0]
                i += 1 if op == 0x71 else 4
                memo.extend([None] * (index + 1 - len(memo)))
                memo[index] = stack[-1]
            elif op in (0x68, 0x6A):  # BINGET, LONG_BINGET
                index = data[i] if op == 0x68 else unpack_from("<I", data, i)[0]
                i += 1 if op == 0x68 else 4
                stack.append(memo[index])
            elif op == 0x80:  # PROTO
                i += 1
            elif op == 0x95:  # FRAME
                i += 8
            elif op == 0x2E:  # STOP
                if len(stack) != 1 or marks:
                    raise ModelFormatError("unbalanced pickle")
                return stack[0]
            else:
                raise ModelFormatError(f"pickle opcode {op:#04x} is not allowed here")
    except (IndexError, AttributeError, TypeError, UnicodeDecodeError, struct.error) as err:
        raise ModelFormatError(f"not a plain pickle: {err}") from None
    raise ModelFormatError("pickle has no STOP")


def _isdigit(s: str) -> bool:
    return bool(_INT.match(s)) and _I32[0] <= int(s) <= _I32[1]


def _istitle(s: str) -> bool:
    return all(w[:1].upper() == w[:1] for w in s.split(" "))


def _backtrack(last: int, back: list) -> list[int]:
    path = [last]
    for ptr in reversed(back):
        last = ptr[last]
        path.append(last)
    path.reverse()
    return path


class _Template:
    __slots__ = ("name", "a", "b", "func", "n", "bos", "eos", "false", "true")

    def __init__(self, name: str, attr_id: dict[str, int], missing: int) -> None:
        self.name = name
        m = _TEMPLATE.match(name)
        if m is None:
            raise ModelFormatError(f"unknown feature template {name!r}")
        self.a = int(m.group(1))
        self.b = int(m.group(2)) if m.group(2) is not None else self.a
        if self.b < self.a:
            raise ModelFormatError(f"unknown feature template {name!r}")
        self.func = m.group(3)
        self.n = self.b - self.a + 1
        self.bos = attr_id.get(f"{name}=BOS", missing)
        self.eos = attr_id.get(f"{name}=EOS", missing)
        self.false = attr_id.get(f"{name}=False", missing)
        self.true = attr_id.get(f"{name}=True", missing)


class CRFSegmenter:
    """Word segmentation with underthesea's CRF, a document's sentences at a time."""

    def __init__(self, templates: list[str], dictionary: set[str], labels: list[str], attrs: list[str],
                 state: numpy.ndarray, trans: numpy.ndarray) -> None:
        missing = len(attrs)
        attr_id = {a: i for i, a in enumerate(attrs)}
        self._setup(labels, [_Template(t, attr_id, missing) for t in templates], dictionary, state, trans, missing)
        place = {t.name: (key, col) for key, group in self._groups.items() for col, t in enumerate(group)}
        grouped: dict[tuple[int, str | None], dict[str, list[int]]] = {key: {} for key in self._groups}
        for i, name in enumerate(attrs):  # one pass over the attributes
            template, _, value = name.partition("=")  # template names have no "="
            where = place.get(template)
            if where is not None:
                key, col = where
                rows = grouped[key]
                row = rows.get(value)
                if row is None:
                    row = rows[value] = [missing] * len(self._groups[key])
                row[col] = i
        for key, rows in grouped.items():
            width = len(self._groups[key])
            index = dict(zip(rows, range(len(rows))))
            table = numpy.array([*rows.values(), [missing] * width], dtype=numpy.int64).reshape(-1, width)
            self._tables[key] = (index, table)

    def _setup(self, labels: list[str], templates: list[_Template], dictionary: set[str] | frozenset[str],
               state: numpy.ndarray, trans: numpy.ndarray, missing: int) -> None:
        """What both constructors share: labels, templates, their groups, dictionary and weights."""
        self.labels = list(labels)
        if "I-W" not in self.labels:
            raise ModelFormatError("the model has no I-W label")
        self._inside = self.labels.index("I-W")
        self._state = state
        self._trans = trans.tolist()
        self._dictionary = frozenset(dictionary)
        self._templates = templates
        self._missing = missing
        if any(t.n > 3 for t in self._templates):
            raise ModelFormatError("n-gram templates longer than 3 are not supported")
        self._max_n = max(t.n for t in self._templates)
        # string-valued templates (identity and .lower) grouped by (n, func): value → attribute ids
        self._groups: dict[tuple[int, str | None], list[_Template]] = {}
        for t in self._templates:
            if t.func in (None, "lower"):
                self._groups.setdefault((t.n, t.func), []).append(t)
        self._syllables: dict[str, tuple[str, bool, bool, bool]] = {}
        self._tables: dict[tuple[int, str | None], tuple[dict[str, int], numpy.ndarray]] = {}

    # -- the start-up cache -----------------------------------------------------------------

    def to_arrays(self) -> dict[str, numpy.ndarray]:
        """The built segmenter as plain arrays (strings as UTF-8 bytes), for :func:`from_arrays`."""
        arrays = {
            "labels": _packed(self.labels),
            "templates": _packed([t.name for t in self._templates]),
            "template_ids": numpy.array([[t.bos, t.eos, t.false, t.true] for t in self._templates], dtype=numpy.int64),
            "dictionary": _packed(sorted(self._dictionary)),
            "state": self._state,
            "trans": numpy.array(self._trans, dtype=numpy.float64),
            "missing": numpy.array(self._missing, dtype=numpy.int64),
        }
        for (n, func), (index, table) in self._tables.items():
            arrays[f"index_{n}_{func}"] = _packed(list(index))
            arrays[f"table_{n}_{func}"] = table
        return arrays

    @classmethod
    def from_arrays(cls, arrays: Mapping[str, numpy.ndarray]) -> CRFSegmenter:
        """A segmenter from :meth:`to_arrays`' arrays, without reading the model files again."""
        self = cls.__new__(cls)
        names = _unpacked(arrays["templates"])
        ids = arrays["template_ids"].tolist()
        missing = int(arrays["missing"])
        if len(ids) != len(names):
            raise ModelFormatError("template count does not match")
        labels = _unpacked(arrays["labels"])
        state, trans = arrays["state"], arrays["trans"]
        # every id must index a row of the weights, so a damaged cache fails here, not mid-document
        if (state.dtype != numpy.float64 or state.shape != (missing + 1, len(labels))
                or trans.dtype != numpy.float64 or trans.shape != (len(labels), len(labels))):
            raise ModelFormatError("cached weights do not match the labels")
        if any(not 0 <= i <= missing for row in ids for i in row):
            raise ModelFormatError("cached template ids are out of range")
        templates = [_Template(name, {}, missing) for name in names]
        for t, (bos, eos, false, true) in zip(templates, ids):
            t.bos, t.eos, t.false, t.true = bos, eos, false, true
        self._setup(labels, templates, _unpacked(arrays["dictionary"]), state, trans, missing)
        for key, group in self._groups.items():
            n, func = key
            index = _unpacked(arrays[f"index_{n}_{func}"])
            table = arrays[f"table_{n}_{func}"]
            if (table.dtype != numpy.int64 or table.shape != (len(index) + 1, len(group))
                    or table.min(initial=0) < 0 or table.max(initial=0) > missing):
                raise ModelFormatError("cached table does not match its index")
            self._tables[key] = (dict(zip(index, range(len(index)))), table)
        return self

    # -- features ---------------------------------------------------------------------------

    def _syllable(self, s: str) -> tuple[str, bool, bool, bool]:
        info = self._syllables.get(s)
        if info is None:
            if len(self._syllables) >= _SYLLABLE_CACHE_LIMIT:
                self._syllables.clear()
            low = s.lower()
            info = (low, _istitle(s), _isdigit(s), low in self._dictionary)
            self._syllables[s] = info
        return info

    def _emissions(self, tokens: list[str], starts: numpy.ndarray, ends: numpy.ndarray) -> numpy.ndarray:
        """Emission scores (tokens × labels) for the concatenated sentences."""
        n = len(tokens)
        info = [self._syllable(s) for s in tokens]
        lows = [x[0] for x in info]
        title = numpy.fromiter((x[1] for x in info), dtype=bool, count=n)
        digit = numpy.fromiter((x[2] for x in info), dtype=bool, count=n)
        grams: dict[tuple[int, bool], list[str]] = {(1, False): tokens, (1, True): lows}
        if self._max_n >= 2:
            grams[2, False] = [f"{x} {y}" for x, y in zip(tokens, tokens[1:])]
            grams[2, True] = [f"{x} {y}" for x, y in zip(lows, lows[1:])]
        if self._max_n >= 3:
            grams[3, False] = [f"{x} {y} {z}" for x, y, z in zip(tokens, tokens[1:], tokens[2:])]
            grams[3, True] = [f"{x} {y} {z}" for x, y, z in zip(lows, lows[1:], lows[2:])]
        in_dict = {1: numpy.fromiter((x[3] for x in info), dtype=bool, count=n)}
        dictionary = self._dictionary
        for k in (2, 3):
            if (k, True) in grams:
                in_dict[k] = numpy.fromiter(map(dictionary.__contains__, grams[k, True]), dtype=bool,
                                            count=len(grams[k, True]))
        positions = numpy.arange(n)
        ids = numpy.empty((n, len(self._templates)), dtype=numpy.int64)
        looked_up: dict[tuple[int, str | None], numpy.ndarray] = {}
        windows: dict[tuple[int, int], tuple[numpy.ndarray, numpy.ndarray, numpy.ndarray]] = {}
        for col, t in enumerate(self._templates):
            if (t.a, t.b) not in windows:
                first = positions + t.a
                before = first < starts
                windows[t.a, t.b] = (before, ~before & (positions + t.b < ends), numpy.clip(first, 0, max(n - t.n, 0)))
            before, valid, j = windows[t.a, t.b]
            if t.func in (None, "lower"):
                key = (t.n, t.func)
                if key not in looked_up:
                    index, table = self._tables[key]
                    values = grams[t.n, t.func == "lower"]
                    miss = len(table) - 1
                    rows = numpy.fromiter(map(index.get, values, repeat(miss)), dtype=numpy.int64, count=len(values))
                    looked_up[key] = table[rows] if len(rows) else numpy.empty((0, table.shape[1]), dtype=numpy.int64)
                per_start = looked_up[key][:, self._groups[key].index(t)]
                inside = per_start[j] if len(per_start) else numpy.full(n, self._missing)
            else:
                if t.func == "isdigit":
                    flags = digit
                elif t.func == "istitle":
                    flags = title
                    for k in range(1, t.n):  # every word of the n-gram
                        flags = flags[:n - k] & title[k:]
                else:
                    flags = in_dict[t.n]
                inside = numpy.where(flags[j] if len(flags) else False, t.true, t.false)
            ids[:, col] = numpy.where(valid, inside, numpy.where(before, t.bos, t.eos))
        return self._state[ids].sum(axis=1)

    # -- decoding ---------------------------------------------------------------------------

    def _viterbi(self, emissions: list[list[float]]) -> list[int]:
        """Best label path; ties go to the lower label id (as underthesea_core's tagger)."""
        trans = self._trans
        labels = range(len(trans))
        score = list(emissions[0])
        back: list[list[int]] = []
        for e in emissions[1:]:
            new, ptr = [], []
            for y in labels:
                best, arg = float("-inf"), 0
                for p in labels:
                    s = score[p] + trans[p][y]
                    if s > best:
                        best, arg = s, p
                new.append(best + e[y])
                ptr.append(arg)
            score = new
            back.append(ptr)
        best, y = float("-inf"), 0
        for label in labels:
            if score[label] > best:
                best, y = score[label], label
        return _backtrack(y, back)

    def _viterbi2(self, emissions: list[list[float]]) -> list[int]:
        """:meth:`_viterbi` unrolled for two labels (B-W, I-W): same sums, same tie-breaking."""
        (t00, t01), (t10, t11) = self._trans
        s0, s1 = emissions[0]
        back: list[tuple[int, int]] = []
        append = back.append
        for e0, e1 in emissions[1:]:
            a, b = s0 + t00, s1 + t10
            c, d = s0 + t01, s1 + t11
            p0 = 1 if b > a else 0
            p1 = 1 if d > c else 0
            s0 = (b if p0 else a) + e0
            s1 = (d if p1 else c) + e1
            append((p0, p1))
        return _backtrack(1 if s1 > s0 else 0, back)

    def tags(self, sentences: list[list[str]]) -> list[list[int]]:
        """Label ids for the syllables of each sentence (one decoding per sentence).

        Sentences are scored in batches of about ``BATCH`` syllables, so the feature arrays
        (syllables × 43 templates) stay small however long the document is.
        """
        out: list[list[int]] = []
        batch: list[list[str]] = []
        size = 0
        for sentence in sentences:
            batch.append(sentence)
            size += len(sentence)
            if size >= self.BATCH:
                out += self._tags(batch)
                batch, size = [], 0
        return out + self._tags(batch) if batch else out

    BATCH = 20_000

    def _tags(self, sentences: list[list[str]]) -> list[list[int]]:
        tokens: list[str] = [s for sentence in sentences for s in sentence]
        if not tokens:
            return [[] for _ in sentences]
        lengths = numpy.array([len(s) for s in sentences], dtype=numpy.int64)
        bounds = numpy.concatenate(([0], numpy.cumsum(lengths)))
        starts = numpy.repeat(bounds[:-1], lengths)
        ends = numpy.repeat(bounds[1:], lengths)
        scores = self._emissions(tokens, starts, ends)
        # one flat list per label (no per-token list objects), zipped back per sentence
        columns = [scores[:, y].tolist() for y in range(scores.shape[1])]
        decode = self._viterbi2 if len(self._trans) == 2 else self._viterbi
        out = []
        for i in range(len(sentences)):
            a, b = int(bounds[i]), int(bounds[i + 1])
            out.append(decode(list(zip(*(c[a:b] for c in columns)))) if b > a else [])
        return out

    def words(self, sentences: list[list[str]]) -> list[list[str]]:
        """Join syllables into words as ``underthesea.word_tokenize`` does."""
        out = []
        for sentence, tags in zip(sentences, self.tags(sentences)):
            words: list[str] = []
            for k, (token, tag) in enumerate(zip(sentence, tags)):
                if tag == self._inside and k > 0:
                    words[-1] = f"{words[-1]} {token}"
                else:
                    words.append(token)
            out.append(words)
        return out


def _packed(items: list[str]) -> numpy.ndarray:
    """Strings as one UTF-8 byte array: their count, then each, separated by NUL."""
    if any("\0" in item for item in items):
        raise ModelFormatError("a string holds NUL")
    return numpy.frombuffer("\0".join([str(len(items)), *items]).encode("utf-8"), dtype=numpy.uint8)


def _unpacked(array: numpy.ndarray) -> list[str]:
    if array.dtype != numpy.uint8 or array.ndim != 1:
        raise ModelFormatError("expected packed strings")
    head, _, rest = array.tobytes().decode("utf-8").partition("\0")
    items = rest.split("\0") if head != "0" else []
    if str(len(items)) != head:
        raise ModelFormatError("packed string count does not match")
    return items


def _cache_file(files: list[bytes]) -> Path | None:
    """The cache file for these model files (named by their digest), or None without a cache."""
    folder = cache_dir()
    if folder is None:
        return None
    digest = hashlib.blake2b(f"{CACHE_FORMAT}:{MODEL_NAME}".encode(), digest_size=16)
    for data in files:
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return folder / f"segmenter-{digest.hexdigest()}.npz"


def _read_cache(path: Path) -> CRFSegmenter | None:
    """The segmenter kept at ``path``; None if it is missing or unreadable (never unpickled)."""
    try:
        with numpy.load(path, allow_pickle=False) as arrays:
            return CRFSegmenter.from_arrays({name: arrays[name] for name in arrays.files})
    except Exception:  # noqa: BLE001 - whatever is wrong with a cache file (missing, cut short, not ours), it is rebuilt
        return None


def _write_cache(path: Path, segmenter: CRFSegmenter) -> None:
    """Keep the built segmenter for the next run; a cache that cannot be written is no error."""
    try:
        arrays = segmenter.to_arrays()
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=".segmenter-", suffix=".tmp")
    except (OSError, ModelFormatError):
        return
    try:
        with os.fdopen(handle, "wb") as out:
            numpy.savez(out, **arrays)
        os.replace(tmp, path)  # whole or not at all, also with two processes writing
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


@lru_cache(maxsize=1)
def load_segmenter() -> CRFSegmenter | None:
    """The bulk segmenter over the installed underthesea model, or None if it cannot be read.

    Building its lookup tables from the model files takes about half a second; the built tables
    are kept in :func:`analyzer.config.cache_dir` under the digest of the model files, so later
    runs read them back in a few milliseconds (the same tables: ``tests/text/test_crf.py``)."""
    base = _model_dir()
    if base is None or not (base / "models.bin").is_file():
        return None
    try:
        raw = [(base / name).read_bytes() for name in ("features.bin", "dictionary.bin", "models.bin")]
    except OSError:
        return None
    cache = _cache_file(raw)
    if cache is not None and (segmenter := _read_cache(cache)) is not None:
        return segmenter
    try:
        templates = read_plain_pickle(raw[0])
        dictionary = read_plain_pickle(raw[1])
        labels, attrs, state, trans = read_crfsuite(raw[2])
        if not (isinstance(templates, list) and all(isinstance(t, str) for t in templates)
                and isinstance(dictionary, (set, frozenset))):
            return None
        segmenter = CRFSegmenter(templates, dictionary, labels, attrs, state, trans)
    except (ModelFormatError, OSError, struct.error, UnicodeDecodeError):
        return None
    if cache is not None:
        _write_cache(cache, segmenter)
    return segmenter


def known_word(word: str) -> bool:
    """Whether ``word`` (syllables joined by spaces) is in the segmenter's dictionary, tones placed either way.

    Example:
        >>> known_word("trao đổi"), known_word("Chấm dứt"), known_word("ghi hạn")
        (True, True, False)
    """
    segmenter = load_segmenter()
    if segmenter is None:
        return False
    from analyzer.text.tones import to_modern_tones

    return to_modern_tones(word).lower() in segmenter._dictionary
