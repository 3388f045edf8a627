# Two entry points for a fresh machine with only Python 3.11 and pip:
#   make demo   extract a bundled sample and show the JSON
#   make test   run the test suite
# Both create .venv and install the package on first use.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint evaluate benchmark samples docs clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/govreport extract samples/000_zibo_guofang_2024.pdf -o demo-output.json
	$(BIN)/python scripts/show_summary.py demo-output.json
	@echo "full document: demo-output.json"

test: $(STAMP)
	$(BIN)/pytest -q

lint: $(STAMP)
	$(BIN)/ruff check extractor scripts tests

evaluate: $(STAMP)
	$(BIN)/python scripts/evaluate.py samples

benchmark: $(STAMP)
	$(BIN)/python scripts/benchmark.py

samples: $(STAMP)
	$(BIN)/python scripts/make_samples.py

# The documentation site (mkdocs.yml, docs/) into site/; builds offline.
docs: $(STAMP)
	$(BIN)/mkdocs build --strict -d site

clean:
	rm -rf $(VENV) demo-output.json site
