"""The fitted rubric weights as written to ``analyzer/rubrics/<year>.yaml``."""

from hypothesis import given
from hypothesis import strategies as st

from analyzer.learn.weights import to_hundred

# what ``fit_weights`` returns after rounding: one decimal each, at least the 4-point floor
_tenths = st.integers(min_value=40, max_value=600).map(lambda n: round(n / 10, 1))


@given(st.lists(_tenths, min_size=2, max_size=12))
def test_weights_sum_to_100_and_keep_one_decimal(weights):
    fitted = to_hundred(weights)
    assert abs(sum(fitted) - 100) < 1e-9
    # the rubric file shows each weight as written, never "52.199999999999996"
    assert all(len(repr(w).split(".")[1]) == 1 for w in fitted)
    # only the largest weight takes up the rounding
    top = weights.index(max(weights))
    assert [w for k, w in enumerate(fitted) if k != top] == [w for k, w in enumerate(weights) if k != top]


def test_the_bundled_rubrics_read_back_as_written():
    import re

    from analyzer.rubrics import RUBRIC_DIR

    for path in RUBRIC_DIR.glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        weights = re.search(r"weights:\n((?:  \w+: .+\n)+)", text).group(1)
        bands = re.search(r"bands: \[([^\]]*)\]", text).group(1)
        figures = re.findall(r": (\S+)\n", weights) + [b.strip() for b in bands.split(",")]
        # each weight and band as the fit wrote it: one decimal, never "52.199999999999996"
        assert all(re.fullmatch(r"\d+\.\d", f) for f in figures), (path.name, figures)
