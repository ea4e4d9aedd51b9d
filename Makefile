# Two entry points on a fresh machine: `make demo` and `make test` (see README.md).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: demo test install clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

install: $(VENV)/.installed

demo: $(VENV)/.installed
	@sh .ci/system-packages ocr
	$(VENV)/bin/mohinh score corpora/samples --out out/samples
	@echo "Open out/samples/report/index.html in a browser (ranked reports), out/samples/results.xlsx, out/samples/documents.csv"

# The property tests (hypothesis) draw the same examples on every run of `make test`, so CI is
# reproducible; `make test HYPOTHESIS_SEED=$$RANDOM` (or plain pytest) explores new ones.
HYPOTHESIS_SEED ?= 4

test: $(VENV)/.installed
	@sh .ci/system-packages browser ocr
	$(PY) -m pytest -q --hypothesis-seed=$(HYPOTHESIS_SEED)

# Chromium (the report's browser test) and Tesseract (scans) are Debian packages, not Python ones:
# .ci/system-packages installs the missing ones when it can (root + apt) and never fails.

clean:
	rm -rf out .pytest_cache
