"""Scoring with a fitted sentence model in NumPy alone.

A fitted :class:`~analyzer.learn.model.SentenceLabeller` is, for scoring, a handful of arrays: the
idf weights of the hashed word and character n-grams, the names of the rule features, the latent
word space, one coefficient column per label (and per part of a split label) and the boosted
trees. :class:`Predictor` holds those arrays and computes the features and the probabilities
itself, so a process that scores submissions imports neither scikit-learn nor SciPy nor skops
(together about two seconds of a cold start). Training builds its matrices with the same
functions (:func:`features`), so what the model was fitted on and what it scores are computed by
one piece of code.

The model file is written by skops and holds only plain containers and arrays; :func:`read_model_file`
reads exactly that subset of the skops format (JSON values, lists, tuples, dicts with string keys,
NumPy arrays loaded with ``allow_pickle=False``) and refuses every other node, naming its type,
before it builds anything.

Example:
    >>> CharWbHasher((2, 3), 2 ** 16).ngrams("bộ")
    [' b', 'bộ', 'ộ ', ' bộ', 'bộ ']
    >>> rows = Rows(np.array([0, 2, 2]), np.array([0, 1]), np.array([1.0, 2.0]), 2)
    >>> rows_dot(rows, np.array([[1.0], [10.0]])).ravel().tolist()
    [21.0, 0.0]
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

import numpy as np

CHUNK = 1000  # sentences scored at once

_INT_MIN = -2147483648


class Rows(NamedTuple):
    """A sparse matrix in compressed-row form (what ``scipy.sparse.csr_matrix`` holds)."""

    indptr: np.ndarray
    indices: np.ndarray
    data: np.ndarray
    n_features: int

    @property
    def n_rows(self) -> int:
        return len(self.indptr) - 1

    def to_scipy(self):  # type: ignore[no-untyped-def]
        """The same matrix for scikit-learn (training only)."""
        from scipy.sparse import csr_matrix

        return csr_matrix((self.data, self.indices, self.indptr), shape=(self.n_rows, self.n_features))


def _row_sums(values: np.ndarray, indptr: np.ndarray) -> np.ndarray:
    """Sum of ``values`` (nnz × k, or nnz) over each row's slice; an empty row sums to 0."""
    out = np.zeros((len(indptr) - 1, *values.shape[1:]), dtype=values.dtype)
    starts = indptr[:-1]
    filled = starts < indptr[1:]
    if filled.any():
        # the filled rows' slices are contiguous, so reduceat over their starts sums exactly them
        out[filled] = np.add.reduceat(values, starts[filled], axis=0)
    return out


def rows_dot(rows: Rows, matrix: np.ndarray) -> np.ndarray:
    """``rows @ matrix`` for a dense ``matrix`` (features × k): n_rows × k."""
    return _row_sums(matrix[rows.indices] * rows.data[:, None], rows.indptr)


def _counts(indices: list[int], indptr: list[int], n_features: int) -> Rows:
    """Counts of the hashed n-grams per row, indices sorted within each row (as SciPy sums duplicates)."""
    idx = np.asarray(indices, dtype=np.int64)
    ptr = np.asarray(indptr, dtype=np.int64)
    n_rows = len(ptr) - 1
    row = np.repeat(np.arange(n_rows, dtype=np.int64), np.diff(ptr))
    keys, counts = np.unique(row * n_features + idx, return_counts=True)
    new_ptr = np.searchsorted(keys, np.arange(n_rows + 1, dtype=np.int64) * n_features)
    return Rows(new_ptr.astype(np.int32), (keys % n_features).astype(np.int32), counts.astype(np.float32), n_features)


def _bucket(h: int, n_features: int) -> int:
    """scikit-learn's column of a signed MurmurHash3 value (``alternate_sign=False``)."""
    return (2147483647 - (n_features - 1)) % n_features if h == _INT_MIN else abs(h) % n_features


class CharWbHasher:
    """``HashingVectorizer(analyzer="char_wb", alternate_sign=False, norm=None, dtype=float32)``,
    computed word by word with each word's columns kept in a bounded table.

    The same matrix as scikit-learn's (lower case; n-grams inside words padded with one space,
    a word shorter than n counted once; MurmurHash3 of the UTF-8 n-gram, ``abs(h) % n_features``),
    checked by ``tests/learn/test_hashers.py``; a sentence's frequent words are not cut
    into n-grams and hashed again every time (a vocabulary levels off, so the table does too).
    """

    LIMIT = 200_000

    def __init__(self, ngram_range: tuple[int, int], n_features: int) -> None:
        import mmh3

        self.min_n, self.max_n = ngram_range
        self.n_features = n_features
        self._hash = mmh3.hash
        self._words: dict[str, list[int]] = {}

    def ngrams(self, word: str) -> list[str]:
        padded = f" {word} "
        size = len(padded)
        grams: list[str] = []
        for n in range(self.min_n, self.max_n + 1):
            if n >= size:
                grams.append(padded)
                break
            grams.extend([padded[i:i + n] for i in range(size - n + 1)])
        return grams

    def transform(self, documents: Sequence[str]) -> Rows:
        words, n_features, hash_ = self._words, self.n_features, self._hash
        indices: list[int] = []
        indptr = [0]
        for document in documents:
            for word in document.lower().split():
                found = words.get(word)
                if found is None:
                    if len(words) >= self.LIMIT:
                        words.clear()
                    found = words[word] = [_bucket(hash_(gram, 0), n_features) for gram in self.ngrams(word)]
                indices += found
            indptr.append(len(indices))
        return _counts(indices, indptr, n_features)


class WordHasher:
    """``HashingVectorizer(token_pattern=r"\\S+", lowercase=False, ngram_range=(1, n),
    alternate_sign=False, norm=None, dtype=float32)`` over space-separated tokens.

    No table: word pairs do not level off the way words do, and one hash per n-gram is cheap.
    """

    def __init__(self, ngram_range: tuple[int, int], n_features: int) -> None:
        import mmh3

        self.min_n, self.max_n = ngram_range
        self.n_features = n_features
        self._hash = mmh3.hash

    def transform(self, documents: Sequence[str]) -> Rows:
        n_features, hash_ = self.n_features, self._hash
        indices: list[int] = []
        indptr = [0]
        for document in documents:
            tokens = document.split()
            for n in range(self.min_n, self.max_n + 1):
                grams = tokens if n == 1 else [" ".join(tokens[i:i + n]) for i in range(len(tokens) - n + 1)]
                indices += [_bucket(hash_(gram, 0), n_features) for gram in grams]
            indptr.append(len(indices))
        return _counts(indices, indptr, n_features)


_HASHERS: dict[tuple, CharWbHasher | WordHasher] = {}


def hasher(kind: str, ngram_range: tuple[int, int], n_features: int) -> CharWbHasher | WordHasher:
    """One hasher (and its table) per configuration and process."""
    key = (kind, tuple(ngram_range), n_features)
    found = _HASHERS.get(key)
    if found is None:
        found = _HASHERS[key] = (CharWbHasher if kind == "chars" else WordHasher)(tuple(ngram_range), n_features)
    return found


def fit_idf(counts: Rows) -> np.ndarray:
    """Smoothed idf of each column, as ``TfidfTransformer(smooth_idf=True)`` fits it (float32)."""
    df = np.bincount(counts.indices, minlength=counts.n_features).astype(np.float32)
    n = np.float32(counts.n_rows)
    return (np.log((n + 1) / (df + 1)) + 1).astype(np.float32)


def tfidf(counts: Rows, idf: np.ndarray) -> Rows:
    """``TfidfTransformer(sublinear_tf=True)``: (1 + log tf) × idf, rows scaled to unit length."""
    data = (np.log(counts.data) + np.float32(1)) * idf[counts.indices]
    # as scikit-learn's row normalisation: float32 squares summed in float64, divided in float64
    norms = np.sqrt(_row_sums((data * data).astype(np.float64), counts.indptr))
    norms[norms == 0] = 1
    data = (data / np.repeat(norms, np.diff(counts.indptr))).astype(np.float32)
    return Rows(counts.indptr, counts.indices, data, counts.n_features)


def dense_rows(dicts: Sequence[Mapping[str, float]], columns: Mapping[str, int]) -> Rows:
    """The rule features of each record in the columns ``columns`` maps their names to
    (``DictVectorizer``; unknown names dropped)."""
    indices: list[int] = []
    data: list[float] = []
    indptr = [0]
    for features in dicts:
        pairs = sorted((columns[k], v) for k, v in features.items() if k in columns and v != 0)
        indices.extend(j for j, _ in pairs)
        data.extend(v for _, v in pairs)
        indptr.append(len(indices))
    return Rows(np.asarray(indptr, dtype=np.int32), np.asarray(indices, dtype=np.int32),
                np.asarray(data, dtype=np.float32), len(columns))


def rows_columns(rows: Rows, columns: np.ndarray) -> np.ndarray:
    """The values of ``columns`` in each row, as a dense n_rows × len(columns) array (0 where absent).

    Example:
        >>> rows_columns(Rows(np.array([0, 2, 3]), np.array([1, 4, 4]), np.array([2.0, 3.0, 5.0]), 5), np.array([4, 0])).tolist()
        [[3.0, 0.0], [5.0, 0.0]]
    """
    columns = np.asarray(columns, dtype=np.int64)
    where = np.full(rows.n_features, -1, dtype=np.int64)
    where[columns] = np.arange(len(columns))
    out = np.zeros((rows.n_rows, len(columns)))
    row = np.repeat(np.arange(rows.n_rows), np.diff(rows.indptr))
    j = where[rows.indices]
    keep = j >= 0
    out[row[keep], j[keep]] = rows.data[keep]
    return out


def topics(word_tfidf: Rows, lsa: np.ndarray) -> np.ndarray:
    """The sentence's place in the latent word space of the training sentences (unit length)."""
    found = rows_dot(word_tfidf, lsa).astype(np.float32)
    return found / np.maximum(np.linalg.norm(found, axis=1, keepdims=True), 1e-9)


class Blocks(NamedTuple):
    """A sentence batch's features, block by block in the order of the coefficient rows."""

    words: Rows
    chars: Rows
    dense: Rows
    topics: np.ndarray | None

    def to_scipy(self):  # type: ignore[no-untyped-def]
        """One matrix for scikit-learn (training only)."""
        from scipy.sparse import csr_matrix, hstack

        blocks = [self.words.to_scipy(), self.chars.to_scipy(), self.dense.to_scipy()]
        if self.topics is not None:
            blocks.append(csr_matrix(self.topics))
        return hstack(blocks).tocsr()

    def dot(self, matrix: np.ndarray) -> np.ndarray:
        """The blocks side by side, times ``matrix`` (features × k)."""
        out = np.zeros((self.words.n_rows, matrix.shape[1]))
        offset = 0
        for block in (self.words, self.chars, self.dense):
            out += rows_dot(block, matrix[offset:offset + block.n_features])
            offset += block.n_features
        if self.topics is not None:
            out += self.topics.astype(np.float64) @ matrix[offset:offset + self.topics.shape[1]]
        return out


def hashed(records: Sequence[dict], params: Mapping) -> tuple[Rows, Rows]:
    """Counts of the hashed word and character n-grams of ``records``."""
    words = hasher("words", params["word_ngrams"], 2 ** params["word_bits"]).transform([r["tok"] for r in records])
    chars = hasher("chars", params["char_ngrams"], 2 ** params["char_bits"]).transform([r["chars"] for r in records])
    return words, chars


def features(records: Sequence[dict], params: Mapping, word_idf: np.ndarray, char_idf: np.ndarray,
             dense_columns: Mapping[str, int], lsa: np.ndarray | None,
             counts: tuple[Rows, Rows] | None = None) -> Blocks:
    """The feature blocks of ``records`` under fitted idf weights, rule-feature columns and latent
    space; ``counts``: their :func:`hashed` n-grams when already counted."""
    words, chars = counts or hashed(records, params)
    word_tfidf = tfidf(words, word_idf)
    return Blocks(word_tfidf, tfidf(chars, char_idf), dense_rows([r["dense"] for r in records], dense_columns),
                  None if lsa is None else topics(word_tfidf, lsa))


def trees_proba(trees: Mapping[str, np.ndarray], X: np.ndarray) -> np.ndarray:
    """Probability of the positive class for each row of ``X`` under compiled boosted trees
    (= the booster's ``predict_proba``; see :func:`analyzer.learn.model.compile_trees`)."""
    return forests_proba(merge_forests([trees]), X)[:, 0]


def merge_forests(forests: Sequence[Mapping[str, np.ndarray]]) -> dict[str, np.ndarray]:
    """Several compiled boosters as one set of trees (node indices made global), with where each
    booster's trees begin (``bounds``) and each booster's baseline log-odds (``baselines``), so
    :func:`forests_proba` walks them all at once."""
    keys = ("feature", "threshold", "missing_left", "leaf", "value")
    merged: dict[str, np.ndarray] = {key: np.concatenate([f[key] for f in forests]) for key in keys}
    offsets = np.cumsum([0] + [len(f["feature"]) for f in forests[:-1]])
    for key in ("left", "right", "roots"):
        merged[key] = np.concatenate([f[key] + offset for f, offset in zip(forests, offsets)])
    merged["children"] = np.column_stack([merged["right"], merged["left"]])  # [node, went left]
    merged["bounds"] = np.cumsum([0] + [len(f["roots"]) for f in forests])
    merged["baselines"] = np.array([f["baseline"][0] for f in forests], dtype=np.float64)
    return merged


def forests_proba(merged: Mapping[str, np.ndarray], X: np.ndarray) -> np.ndarray:
    """n_rows × boosters: each booster's probability of the positive class for each row of ``X``
    (``merged``: :func:`merge_forests`).

    All (row, tree) walks advance together, one tree level per step, and a walk leaves the set as
    soon as it reaches a leaf. Each booster's leaf values are summed over its own trees alone, in
    order, so the probabilities are the same, bit for bit, as walking each booster by itself.
    """
    X = np.asarray(X, dtype=np.float64)
    n_rows, n_features = X.shape
    n_trees = len(merged["roots"])
    feature, threshold, is_leaf, children = merged["feature"], merged["threshold"], merged["leaf"], merged["children"]
    offset = np.repeat(np.arange(n_rows) * n_features, n_trees)  # where each walk's row begins in X
    node = np.tile(merged["roots"], n_rows)
    walking = np.flatnonzero(~is_leaf[node])
    flat = X.ravel()
    missing = bool(np.isnan(flat).any())  # the rule features are counts: a missing value is rare
    while walking.size:
        at = node[walking]
        value = flat[offset[walking] + feature[at]]
        left = value <= threshold[at]
        if missing:
            left |= np.isnan(value) & merged["missing_left"][at]
        node[walking] = children[at, left.view(np.uint8)]
        walking = walking[~is_leaf[node[walking]]]
    values = merged["value"][node].reshape(n_rows, n_trees)
    bounds = merged["bounds"]
    raw = np.column_stack([merged["baselines"][b] + np.ascontiguousarray(values[:, bounds[b]:bounds[b + 1]]).sum(axis=1)
                           for b in range(len(bounds) - 1)])
    return 1.0 / (1.0 + np.exp(-raw))


def part_names(label: str) -> tuple[str, str]:
    """The two parts a label split by another one is also learned as (see ``params["split"]``):
    its sentences without the other label, then those with it."""
    return f"{label}|without", f"{label}|with"


class Predictor:
    """A fitted sentence model as arrays: probabilities of every label for feature records.

    ``coef`` is (word columns + character columns + rule features + latent dimensions) × columns,
    where the columns are the labels, then the two parts of each label in ``params["split"]``
    (:func:`part_names`); a column in ``boosters`` averages its logistic probability with its
    trees' probability. The trees read the rule features ``tree_features`` (indices into
    ``dense_names``) and whether the sentence has each of the hashed word n-grams ``tree_words``.
    A split label's probability is the mean of its own and the larger of its parts'.
    """

    def __init__(self, *, params: Mapping, word_idf: np.ndarray, char_idf: np.ndarray, dense_names: Sequence[str],
                 lsa: np.ndarray | None, coef: np.ndarray, intercept: np.ndarray, thresholds: Mapping[str, float],
                 tree_features: np.ndarray, boosters: Mapping[str, Mapping[str, np.ndarray]],
                 tree_words: np.ndarray | None = None) -> None:
        self.params = dict(params)
        self.labels = tuple(self.params["labels"])
        self.split = {str(label): str(by) for label, by in self.params.get("split", {}).items()}
        self.columns = self.labels + tuple(name for label in self.split for name in part_names(label))
        self.word_idf = np.asarray(word_idf, dtype=np.float32)
        self.char_idf = np.asarray(char_idf, dtype=np.float32)
        self.dense_names = [str(name) for name in dense_names]
        self.lsa = None if lsa is None else np.asarray(lsa, dtype=np.float16).astype(np.float32)
        self.coef = np.asarray(coef, dtype=np.float64)
        self.intercept = np.asarray(intercept, dtype=np.float64)
        self.thresholds = {str(k): float(v) for k, v in thresholds.items()}
        self.tree_features = np.asarray(tree_features, dtype=np.int64)
        self.tree_names = [self.dense_names[i] for i in self.tree_features]
        self.dense_columns = {name: j for j, name in enumerate(self.dense_names)}
        self.tree_words = np.zeros(0, dtype=np.int64) if tree_words is None else np.asarray(tree_words, dtype=np.int64)
        self.boosters = {label: {key: np.asarray(value) for key, value in trees.items()}
                         for label, trees in boosters.items()}

    @property
    def boosters(self) -> dict[str, dict[str, np.ndarray]]:
        return self._boosters

    @boosters.setter
    def boosters(self, boosters: dict[str, dict[str, np.ndarray]]) -> None:
        self._boosters = boosters
        # the boosters merged (merge_forests) when first used; replace them, never mutate them in place
        self._forest: dict[str, np.ndarray] | None = None

    def features(self, records: Sequence[dict]) -> Blocks:
        return features(records, self.params, self.word_idf, self.char_idf, self.dense_columns, self.lsa)

    def predict_proba(self, records: Sequence[dict]) -> np.ndarray:
        """n × len(labels) probabilities; a long document in blocks of :data:`CHUNK` sentences, every
        feature being the sentence's own (the trees' work arrays grow with sentences × trees)."""
        if not records:
            return np.zeros((0, len(self.labels)))
        if len(records) > CHUNK:
            return np.vstack([self.predict_proba(records[k:k + CHUNK]) for k in range(0, len(records), CHUNK)])
        blocks = self.features(records)
        probs = 1.0 / (1.0 + np.exp(-(blocks.dot(self.coef) + self.intercept)))
        if self.boosters:
            if self._forest is None:
                self._forest = merge_forests(list(self.boosters.values()))
            trees = forests_proba(self._forest, self.trees_input(blocks))
            for b, name in enumerate(self.boosters):
                j = self.columns.index(name)
                probs[:, j] = (probs[:, j] + trees[:, b]) / 2
        for label in self.split:
            j = self.labels.index(label)
            parts = [self.columns.index(name) for name in part_names(label)]
            probs[:, j] = (probs[:, j] + probs[:, parts].max(axis=1)) / 2
        return probs[:, :len(self.labels)]

    def trees_input(self, blocks: Blocks) -> np.ndarray:
        """What the trees read: the chosen rule features (counts and flags, exact in the float32 of
        ``blocks.dense``; the position, the one fractional feature, is not among them), then the
        chosen word n-grams (0/1)."""
        return np.hstack([rows_columns(blocks.dense, self.tree_features),
                          (rows_columns(blocks.words, self.tree_words) != 0).astype(np.float64)])

    def to_state(self) -> dict:
        """Plain containers and arrays (what the model file holds)."""
        return {"format": "mohinh.sentences/3", "params": self.params, "word_idf": self.word_idf,
                "char_idf": self.char_idf, "dense_names": np.asarray(self.dense_names, dtype=str),
                "lsa": None if self.lsa is None else self.lsa.astype(np.float16), "coef": self.coef,
                "intercept": self.intercept, "thresholds": self.thresholds, "tree_features": self.tree_features,
                "tree_words": self.tree_words, "boosters": self.boosters}

    @classmethod
    def from_state(cls, state: Mapping) -> "Predictor":
        if state.get("format") not in ("mohinh.sentences/2", "mohinh.sentences/3"):  # 2: no split labels
            raise ValueError(f"unknown model format {state.get('format')!r} (retrain with `mohinh train`)")
        return cls(**{key: state[key] for key in ("params", "word_idf", "char_idf", "dense_names", "lsa", "coef",
                                                  "intercept", "thresholds", "tree_features", "boosters")},
                   tree_words=state.get("tree_words"))


# --------------------------------------------------------------------------- the model file

class UntrustedNodes(ValueError):
    """The model file holds something other than plain containers and arrays."""

    def __init__(self, found: list[str]) -> None:
        super().__init__(f"untrusted types {sorted(set(found))}")
        self.found = found


_CONTAINERS = {"ListNode": list, "TupleNode": tuple}


def _audit(node: object, found: list[str], depth: int = 0) -> None:
    if not isinstance(node, dict) or depth > 50:
        found.append("malformed node")
        return
    loader = node.get("__loader__")
    if loader == "JsonNode" and node.get("is_json") is True and isinstance(node.get("content"), str):
        return
    if loader == "NdArrayNode" and node.get("type") == "numpy" and isinstance(node.get("file"), str):
        return
    if loader in _CONTAINERS and isinstance(node.get("content"), list):
        for child in node["content"]:
            _audit(child, found, depth + 1)
        return
    if loader == "DictNode" and isinstance(node.get("content"), dict):
        key_types = node.get("key_types", {}).get("content", [])
        if any(k.get("__loader__") != "TypeNode" or (k.get("__module__"), k.get("__class__")) != ("builtins", "str")
               for k in key_types if isinstance(k, dict)) or not all(isinstance(k, dict) for k in key_types):
            found.append("dict with non-string keys")
        for child in node["content"].values():
            _audit(child, found, depth + 1)
        return
    name = f"{node.get('__module__')}.{node.get('__class__')}"
    found.append(name)


def _build(node: dict, archive: zipfile.ZipFile) -> object:
    loader = node["__loader__"]
    if loader == "JsonNode":
        return json.loads(node["content"])
    if loader == "NdArrayNode":
        return np.load(io.BytesIO(archive.read(node["file"])), allow_pickle=False)
    if loader == "DictNode":
        return {key: _build(child, archive) for key, child in node["content"].items()}
    return _CONTAINERS[loader](_build(child, archive) for child in node["content"])


def read_model_file(path: Path) -> dict:
    """The state stored in a skops model file of plain containers and arrays.

    Every node is audited before anything is built; any other node (an object, a function, a type)
    raises :class:`UntrustedNodes` naming it. Arrays are read with ``allow_pickle=False``.
    """
    with zipfile.ZipFile(path) as archive:
        schema = json.loads(archive.read("schema.json"))
        if not isinstance(schema, dict) or "format" not in (schema.get("content") or {}):
            raise ValueError("not a model of the current format (older models stored scikit-learn objects)")
        found: list[str] = []
        _audit(schema, found)
        if found:
            raise UntrustedNodes(found)
        state = _build(schema, archive)
    if not isinstance(state, dict):
        raise ValueError("the model file does not hold a mapping")
    return state
