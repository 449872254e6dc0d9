# OncoFR: `make demo` and `make test` work on a fresh clone (they create .venv themselves).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_OUT := demo-output

.PHONY: demo test lint evaluate clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

demo: $(STAMP)
	@mkdir -p $(DEMO_OUT)
	$(BIN)/oncofr extract examples/corpus -o $(DEMO_OUT)/results.jsonl --summary
	@echo ""
	@echo "Document results (one JSON object per line): $(DEMO_OUT)/results.jsonl"
	@echo "Look at one:  head -1 $(DEMO_OUT)/results.jsonl | $(BIN)/python -m json.tool --no-ensure-ascii"

test: $(STAMP)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check src tests

# Every dev set present in ../shared/data (missing ones are skipped) -> docs/evaluation.md
evaluate: $(STAMP)
	$(BIN)/oncofr evaluate --all ../shared/data --write-doc docs/evaluation.md

clean:
	rm -rf $(VENV) $(DEMO_OUT) .pytest_cache
