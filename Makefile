# Two entry points on a fresh machine: `make demo` and `make test` (see README.md).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: demo test install clean browser ocr

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

install: $(VENV)/.installed

demo: $(VENV)/.installed ocr
	$(VENV)/bin/mohinh score corpora/samples --out out/samples
	@echo "Open out/samples/report/index.html in a browser (ranked reports), out/samples/results.xlsx, out/samples/documents.csv"

# The property tests (hypothesis) draw the same examples on every run of `make test`, so CI is
# reproducible; `make test HYPOTHESIS_SEED=$$RANDOM` (or plain pytest) explores new ones.
HYPOTHESIS_SEED ?= 4

test: $(VENV)/.installed browser ocr
	$(PY) -m pytest -q --hypothesis-seed=$(HYPOTHESIS_SEED)

# The report's browser test drives Debian's chromium; install it when we can (root + apt), never fail here.
browser:
	@{ command -v chromium && command -v chromedriver; } >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 \
	  && (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver fonts-dejavu-core) \
	  || echo "chromium not installed: the browser test of the reports will be skipped"; } || true

# Scanned PDFs are read with Debian's Tesseract and its Vietnamese data; install them when we can
# (root + apt), never fail here: without them a scan is an E107 row and the OCR tests are skipped.
ocr:
	@command -v tesseract >/dev/null 2>&1 && tesseract --list-langs 2>&1 | grep -qx vie || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 \
	  && (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tesseract-ocr tesseract-ocr-vie) \
	  || echo "tesseract not installed: scanned PDFs will be reported (E107), not read"; } || true

clean:
	rm -rf out .pytest_cache
