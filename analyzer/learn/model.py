"""The sentence labeller: one logistic regression per label over words, characters and rule features,
blended for a few labels with gradient-boosted trees over the rule features alone.

The linear model cannot weigh one rule feature by another ("hạn chế" is a bare mention in most
sentences, a finding when an inspection and a count stand beside it); trees over the same rule
features can. Averaging the two probabilities raised the cross-validated F1 of
`resolution_target` (+0.005) and `shortcoming` (+0.018) on the natural documents of train + dev,
and changed the other labels by less than fold seeds disagree (once the trees stopped splitting
on the position in the document), so only those two are blended (together about 1.5 ms per
document).

Follows scikit-learn's conventions: ``__init__`` stores parameters, ``fit`` returns self,
learned attributes end in ``_``. Persisted with skops as plain scikit-learn objects and arrays, loaded
with an explicit allow-list of types (never pickle).

Example:
    >>> labeller = SentenceLabeller(C=4.0)
    >>> labeller.C
    4.0
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from analyzer.errors import E, DataFileError
from analyzer.labels import LABELS


# the labels whose probability averages the linear model with boosted trees (see the module docstring)
BOOSTED = ("resolution_target", "shortcoming")
# a rule feature seen in fewer training sentences than this is left to the linear model
_MIN_FEATURE_COUNT = 5
_NOT_FOR_TREES = frozenset({"position"})


class SentenceLabeller:
    """Multi-label sentence classifier with per-label decision thresholds."""

    def __init__(self, *, C: float = 10.0, labels: Sequence[str] = LABELS, char_ngrams: tuple[int, int] = (2, 5),
                 word_ngrams: tuple[int, int] = (1, 2), char_bits: int = 16, word_bits: int = 15,
                 boosted: Sequence[str] = BOOSTED, boost_rounds: int = 60, lsa_dims: int = 64) -> None:
        self.C = C
        self.labels = tuple(labels)
        self.char_ngrams = char_ngrams
        self.word_ngrams = word_ngrams
        self.char_bits = char_bits
        self.word_bits = word_bits
        self.boosted = tuple(label for label in boosted if label in self.labels)
        self.boost_rounds = boost_rounds
        self.lsa_dims = lsa_dims
        self.lsa_: np.ndarray | None = None
        self._stacked_cache: tuple[np.ndarray, np.ndarray] | None = None

    def _vectorizers(self):  # type: ignore[no-untyped-def]
        """Hashing vectorizers: no vocabulary to store, so the model file stays small and loads fast."""
        from sklearn.feature_extraction.text import HashingVectorizer

        words = HashingVectorizer(token_pattern=r"\S+", lowercase=False, ngram_range=self.word_ngrams,
                                  n_features=2 ** self.word_bits, alternate_sign=False, norm=None, dtype=np.float32)
        chars = _char_hasher(tuple(self.char_ngrams), 2 ** self.char_bits)
        return words, chars

    def _matrix(self, records: Sequence[dict], dense=None):  # type: ignore[no-untyped-def]
        from scipy.sparse import csr_matrix, hstack

        words, chars = self._vectorizers()
        word_tfidf = self.words_.transform(words.transform([r["tok"] for r in records]))
        blocks = [
            word_tfidf,
            self.chars_.transform(chars.transform([r["chars"] for r in records])),
            self.dense_.transform([r["dense"] for r in records]) if dense is None else dense,
        ]
        if self.lsa_ is not None:
            blocks.append(csr_matrix(self._topics(word_tfidf)))
        return hstack(blocks).tocsr()

    def _topics(self, word_tfidf) -> np.ndarray:  # type: ignore[no-untyped-def]
        """The sentence's place in the latent word space of the training sentences (unit length):
        words that occur in the same sentences land close, so a sentence worded with a synonym of
        the training words still lands near them."""
        topics = np.asarray(word_tfidf @ self.lsa_, dtype=np.float32)
        return topics / np.maximum(np.linalg.norm(topics, axis=1, keepdims=True), 1e-9)

    def fit(self, records: Sequence[dict], y: np.ndarray) -> "SentenceLabeller":
        """Fit vectorizers and one classifier per label; ``y`` is n × len(labels) of 0/1."""
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.feature_extraction.text import TfidfTransformer
        from sklearn.linear_model import LogisticRegression

        words, chars = self._vectorizers()
        word_counts = words.transform([r["tok"] for r in records])
        self.words_ = TfidfTransformer(sublinear_tf=True).fit(word_counts)
        self.lsa_ = self._fit_lsa(self.words_.transform(word_counts))
        self.chars_ = TfidfTransformer(sublinear_tf=True).fit(chars.transform([r["chars"] for r in records]))
        self.dense_ = DictVectorizer(dtype=np.float32)
        dense = self.dense_.fit_transform([r["dense"] for r in records])
        X = self._matrix(records, dense)
        self.classifiers_ = {}
        for j, label in enumerate(self.labels):
            clf = LogisticRegression(C=self.C, class_weight="balanced", max_iter=5000, solver="liblinear")
            clf.fit(X, y[:, j])
            self.classifiers_[label] = clf
        # the trees see the rule features but not the position in the document: a threshold on it
        # (nothing near the top is a finding) fails the short or unusual document; the linear
        # model weighs it smoothly
        usable = np.array([name not in _NOT_FOR_TREES for name in self.dense_.feature_names_])
        counts = np.asarray((dense != 0).sum(axis=0)).ravel()
        self.tree_features_ = np.flatnonzero(usable & (counts >= _MIN_FEATURE_COUNT))
        trees_input = dense[:, self.tree_features_].toarray()
        self.boosters_ = {label: compile_trees(self._booster().fit(trees_input, y[:, self.labels.index(label)]))
                          for label in self.boosted}
        self.thresholds_ = {label: 0.5 for label in self.labels}
        self._stacked_cache = None
        return self

    def _fit_lsa(self, word_tfidf) -> np.ndarray | None:  # type: ignore[no-untyped-def]
        """Latent semantic analysis of the training sentences' words: the first ``lsa_dims``
        right singular vectors (features × dims), rounded to float16 as they are stored, so the
        fitted and the loaded model compute the same."""
        from sklearn.decomposition import TruncatedSVD

        dims = min(self.lsa_dims, min(word_tfidf.shape) - 1)  # a tiny training set has fewer directions
        if dims <= 0:
            return None
        svd = TruncatedSVD(dims, algorithm="randomized", n_iter=5, random_state=0).fit(word_tfidf)
        return svd.components_.T.astype(np.float16).astype(np.float32)

    def predict_proba(self, records: Sequence[dict]) -> np.ndarray:
        """n × len(labels) probabilities."""
        if not records:
            return np.zeros((0, len(self.labels)))
        dense = self.dense_.transform([r["dense"] for r in records])
        X = self._matrix(records, dense)
        weights, bias = self._stacked()
        scores = np.asarray(X @ weights) + bias  # the nine decision functions in one sparse product
        probs = 1.0 / (1.0 + np.exp(-scores))  # = each classifier's predict_proba(X)[:, 1]
        if self.boosters_:
            trees_input = dense[:, self.tree_features_].toarray()
            for label, trees in self.boosters_.items():
                j = self.labels.index(label)
                probs[:, j] = (probs[:, j] + trees_proba(trees, trees_input)) / 2
        return probs

    def _booster(self):  # type: ignore[no-untyped-def]
        """Boosted trees for one label (deterministic: no early-stopping split, no subsampling)."""
        from sklearn.ensemble import HistGradientBoostingClassifier

        return HistGradientBoostingClassifier(max_iter=self.boost_rounds, learning_rate=0.25, max_leaf_nodes=31,
                                              min_samples_leaf=10, l2_regularization=1.0, early_stopping=False,
                                              random_state=0)

    def _stacked(self) -> tuple[np.ndarray, np.ndarray]:
        """Coefficients of all binary classifiers as one (features × labels) matrix, and intercepts."""
        stacked = self._stacked_cache
        if stacked is None:
            clfs = [self.classifiers_[label] for label in self.labels]
            stacked = (np.column_stack([c.coef_.ravel() for c in clfs]),
                       np.array([float(np.ravel(c.intercept_)[0]) for c in clfs]))
            self._stacked_cache = stacked
        return stacked

    def tune_thresholds_on(self, probs: np.ndarray, y: np.ndarray) -> dict[str, float]:
        """Choose each label's threshold to maximise F1 of held-out probabilities ``probs``
        (e.g. out-of-fold predictions) against ``y``."""
        for j, label in enumerate(self.labels):
            best, best_f1 = 0.5, -1.0
            for t in np.arange(0.2, 0.81, 0.025):
                pred = probs[:, j] >= t
                tp = float(np.sum(pred & (y[:, j] == 1)))
                f1 = 2 * tp / (pred.sum() + y[:, j].sum()) if pred.sum() + y[:, j].sum() else 0.0
                if f1 > best_f1 + 1e-9:
                    best, best_f1 = float(round(t, 3)), f1
            self.thresholds_[label] = best
        return dict(self.thresholds_)

    def to_state(self) -> dict:
        """Plain scikit-learn objects and builtins (what skops stores)."""
        return {"params": {"C": self.C, "labels": list(self.labels), "char_ngrams": list(self.char_ngrams),
                           "word_ngrams": list(self.word_ngrams), "char_bits": self.char_bits,
                           "word_bits": self.word_bits, "boosted": list(self.boosted),
                           "boost_rounds": self.boost_rounds, "lsa_dims": self.lsa_dims},
                "words": self.words_, "chars": self.chars_, "dense": self.dense_,
                "classifiers": self.classifiers_, "thresholds": self.thresholds_,
                "tree_features": self.tree_features_, "boosters": self.boosters_,
                "lsa": None if self.lsa_ is None else self.lsa_.astype(np.float16)}

    @classmethod
    def from_state(cls, state: dict) -> "SentenceLabeller":
        """Rebuild from :meth:`to_state`."""
        params = dict(state["params"])
        obj = cls(C=params["C"], labels=params["labels"], char_ngrams=tuple(params["char_ngrams"]),
                  word_ngrams=tuple(params["word_ngrams"]), char_bits=params["char_bits"],
                  word_bits=params["word_bits"], boosted=params.get("boosted", ()),
                  boost_rounds=params.get("boost_rounds", 60), lsa_dims=params.get("lsa_dims", 0))
        obj.words_, obj.chars_, obj.dense_ = state["words"], state["chars"], state["dense"]
        obj.classifiers_, obj.thresholds_ = dict(state["classifiers"]), dict(state["thresholds"])
        lsa = state.get("lsa")
        obj.lsa_ = None if lsa is None else np.asarray(lsa, dtype=np.float32)
        obj.tree_features_ = np.asarray(state.get("tree_features", np.zeros(0, dtype=np.int64)))
        obj.boosters_ = {label: {key: np.asarray(value) for key, value in trees.items()}
                         for label, trees in state.get("boosters", {}).items()}
        return obj


def compile_trees(booster) -> dict[str, np.ndarray]:  # type: ignore[no-untyped-def]
    """A fitted binary ``HistGradientBoostingClassifier`` as flat NumPy arrays: every tree's nodes
    one after the other (child indices made global), the index of each tree's root and the
    baseline log-odds. Stored with skops as plain arrays (no tree class to trust) and predicted by
    :func:`trees_proba` in NumPy (no OpenMP threads in the ``--jobs`` workers; about as fast as
    scikit-learn's per-tree calls on a document's few dozen sentences).
    """
    parts: dict[str, list[np.ndarray]] = {key: [] for key in ("feature", "threshold", "left", "right",
                                                               "missing_left", "leaf", "value")}
    roots, offset = [], 0
    for iteration in booster._predictors:
        (predictor,) = iteration  # binary classification: one tree per iteration
        nodes = predictor.nodes
        if nodes["is_categorical"].any():
            raise ValueError("categorical splits are not supported")
        roots.append(offset)
        parts["feature"].append(nodes["feature_idx"].astype(np.int32))
        parts["threshold"].append(nodes["num_threshold"].astype(np.float64))
        parts["left"].append(nodes["left"].astype(np.int32) + offset)
        parts["right"].append(nodes["right"].astype(np.int32) + offset)
        parts["missing_left"].append(nodes["missing_go_to_left"].astype(bool))
        parts["leaf"].append(nodes["is_leaf"].astype(bool))
        parts["value"].append(nodes["value"].astype(np.float64))
        offset += len(nodes)
    trees = {key: np.concatenate(values) for key, values in parts.items()}
    trees["roots"] = np.asarray(roots, dtype=np.int32)
    trees["baseline"] = np.asarray(booster._baseline_prediction, dtype=np.float64).ravel()
    return trees


def trees_proba(trees: dict[str, np.ndarray], X: np.ndarray) -> np.ndarray:
    """Probability of the positive class for each row of ``X`` (= the booster's ``predict_proba``).

    All (row, tree) walks advance together, one tree level per step, and a walk leaves the set as
    soon as it reaches a leaf.
    """
    X = np.asarray(X, dtype=np.float64)
    n_rows, n_features = X.shape
    n_trees = len(trees["roots"])
    feature, threshold, is_leaf = trees["feature"], trees["threshold"], trees["leaf"]
    row = np.repeat(np.arange(n_rows), n_trees)
    node = np.tile(trees["roots"], n_rows)
    walking = np.flatnonzero(~is_leaf[node])
    flat = X.ravel()
    while walking.size:
        at = node[walking]
        value = flat[row[walking] * n_features + feature[at]]
        left = (value <= threshold[at]) | (np.isnan(value) & trees["missing_left"][at])
        node[walking] = np.where(left, trees["left"][at], trees["right"][at])
        walking = walking[~is_leaf[node[walking]]]
    raw = trees["baseline"][0] + trees["value"][node].reshape(n_rows, n_trees).sum(axis=1)
    return 1.0 / (1.0 + np.exp(-raw))


class CharWbHasher:
    """``HashingVectorizer(analyzer="char_wb", alternate_sign=False, norm=None, dtype=float32)``,
    computed word by word with each word's hashed n-grams kept in a bounded table.

    The same matrix as scikit-learn's (lower case; n-grams inside words padded with one space,
    a word shorter than n counted once; MurmurHash3 of the UTF-8 n-gram, ``abs(h) % n_features``),
    checked by ``tests/learn/test_char_hasher.py``; a sentence's frequent words are not cut
    into n-grams and hashed again every time.

    Example:
        >>> CharWbHasher((2, 3), 2 ** 16).ngrams("bộ")
        [' b', 'bộ', 'ộ ', ' bộ', 'bộ ']
    """

    LIMIT = 200_000

    def __init__(self, ngram_range: tuple[int, int], n_features: int) -> None:
        from sklearn.utils import murmurhash3_32

        self.min_n, self.max_n = ngram_range
        self.n_features = n_features
        self._hash = murmurhash3_32
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

    def _indices(self, word: str) -> list[int]:
        out = []
        for gram in self.ngrams(word):
            h = self._hash(gram, seed=0)
            out.append((2147483647 - (self.n_features - 1)) % self.n_features if h == -2147483648
                       else abs(h) % self.n_features)
        return out

    def transform(self, documents: Sequence[str]):  # type: ignore[no-untyped-def]
        """Counts of hashed n-grams, one CSR row per document."""
        from scipy.sparse import csr_matrix

        words = self._words
        indices: list[int] = []
        indptr = [0]
        for document in documents:
            for word in document.lower().split():
                found = words.get(word)
                if found is None:
                    if len(words) >= self.LIMIT:
                        words.clear()
                    found = words[word] = self._indices(word)
                indices += found
            indptr.append(len(indices))
        matrix = csr_matrix((np.ones(len(indices), dtype=np.float32), np.array(indices, dtype=np.int32),
                             np.array(indptr, dtype=np.int32)), shape=(len(documents), self.n_features))
        matrix.sum_duplicates()
        return matrix


@functools.lru_cache(maxsize=4)
def _char_hasher(ngram_range: tuple[int, int], n_features: int) -> CharWbHasher:
    return CharWbHasher(ngram_range, n_features)


def save_model(labeller: SentenceLabeller, path: Path, card: dict) -> None:
    """Write the model with skops and its card (JSON) beside it."""
    import skops.io as sio

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    import zipfile

    sio.dump(labeller.to_state(), tmp, compression=zipfile.ZIP_DEFLATED, compresslevel=9)
    tmp.replace(path)
    card = dict(card, sha256=hashlib.sha256(path.read_bytes()).hexdigest())
    path.with_suffix(".card.json").write_text(json.dumps(card, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _skops_io():  # type: ignore[no-untyped-def]
    """Import ``skops.io`` trusting only the estimators a mohinh model contains.

    skops builds its default trusted list from ``sklearn.utils.discovery.all_estimators``, which
    imports every scikit-learn module (about a second). Narrowing that list to the
    estimator types mohinh stores makes the import faster and the loading stricter.
    """
    import sys

    if "skops.io" in sys.modules:
        return sys.modules["skops.io"]
    import sklearn.utils
    import sklearn.utils.discovery as discovery
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.feature_extraction.text import TfidfTransformer
    from sklearn.linear_model import LogisticRegression

    used = [(cls.__name__, cls) for cls in (LogisticRegression, TfidfTransformer, DictVectorizer)]
    # skops does ``from sklearn.utils import all_estimators``: patch that name and the original
    originals = [(module, module.all_estimators) for module in (discovery, sklearn.utils)]
    for module, _ in originals:
        module.all_estimators = lambda type_filter=None: list(used)  # type: ignore[assignment]
    try:
        import skops.io as sio
    finally:
        for module, original in originals:
            module.all_estimators = original
    return sio


def load_model(path: Path) -> SentenceLabeller:
    """Load a skops model, refusing every type that skops does not already trust.

    A model written by ``mohinh train`` holds only scikit-learn estimators, NumPy arrays and plain
    containers, all in skops' default trusted set (the boosted trees are stored as arrays); anything
    else (a function such as ``exec``, a custom class) makes the file untrusted and it is refused
    rather than loaded.
    """
    sio = _skops_io()

    if not path.is_file():
        raise DataFileError(E.MODEL_FILE, path=path, detail="the model file is missing")
    from skops.io.exceptions import UntrustedTypesFoundException

    try:
        # skops audits every type in the file before it constructs anything
        state = sio.load(path, trusted=[])
    except UntrustedTypesFoundException:
        untrusted = sio.get_untrusted_types(file=path)
        raise DataFileError(E.MODEL_FILE, path=path, detail=f"refused untrusted types {untrusted}") from None
    except Exception as err:
        raise DataFileError(E.MODEL_FILE, path=path, detail=f"cannot be loaded ({type(err).__name__}: {err})") from None
    return SentenceLabeller.from_state(state)
