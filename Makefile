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
	$(VENV)/bin/mohinh score corpora/samples --out out/samples
	@echo "Open out/samples/documents.csv (ranked) and out/samples/sentences.csv"

test: $(VENV)/.installed
	$(PY) -m pytest -q

clean:
	rm -rf out .pytest_cache
