# Two entry points on a fresh machine: `make demo` and `make test` (see README.md).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: demo test install clean browser

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

install: $(VENV)/.installed

demo: $(VENV)/.installed
	$(VENV)/bin/mohinh score corpora/samples --out out/samples
	@echo "Open out/samples/report/index.html in a browser (ranked reports), out/samples/results.xlsx, out/samples/documents.csv"

# The property tests (hypothesis) draw the same examples on every run of `make test`, so CI is
# reproducible; `make test HYPOTHESIS_SEED=$$RANDOM` (or plain pytest) explores new ones.
HYPOTHESIS_SEED ?= 4

test: $(VENV)/.installed browser
	$(PY) -m pytest -q --hypothesis-seed=$(HYPOTHESIS_SEED)

# The report's browser test drives Debian's chromium; install it when we can (root + apt), never fail here.
browser:
	@{ command -v chromium && command -v chromedriver; } >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 \
	  && (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver fonts-dejavu-core) \
	  || echo "chromium not installed: the browser test of the reports will be skipped"; } || true

clean:
	rm -rf out .pytest_cache
