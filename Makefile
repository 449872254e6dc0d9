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
	rm -f $(DEMO_OUT)/cohort.duckdb
	$(BIN)/oncofr extract examples/corpus -o $(DEMO_OUT)/results.jsonl \
		--db $(DEMO_OUT)/cohort.duckdb --include-text --summary
	@echo ""
	@echo "Document results (one JSON object per line): $(DEMO_OUT)/results.jsonl"
	@echo "Look at one:  head -1 $(DEMO_OUT)/results.jsonl | $(BIN)/python -m json.tool --no-ensure-ascii"
	@echo "Cohort store (DuckDB): $(DEMO_OUT)/cohort.duckdb"
	@echo "Query it:     $(BIN)/oncofr query --db $(DEMO_OUT)/cohort.duckdb --metastasis C22 --drug évérolimus"
	@echo "Browse them: $(BIN)/oncofr serve --db $(DEMO_OUT)/cohort.duckdb  (then open http://127.0.0.1:8000)"

test: $(STAMP)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check src tests

# Every dev set present in ../shared/data (missing ones are skipped) -> docs/evaluation.md;
# FRACCO also compares rules alone with rules + a span model trained on half of it (~10 min)
evaluate: $(STAMP)
	$(BIN)/oncofr evaluate --all ../shared/data --train-split --write-doc docs/evaluation.md

clean:
	rm -rf $(VENV) $(DEMO_OUT) .pytest_cache

# Throughput, memory and start-up beside EDS-NLP's comparable pipeline -> docs/performance.md
.PHONY: benchmark
benchmark: $(STAMP)
	$(BIN)/python benchmarks/run.py --write docs/performance.md

# ICD-O-3 rules alone vs rules + a span model trained at run time on half of ../shared FRACCO dev
# (the comparison `make evaluate` writes, for FRACCO only, printed)
.PHONY: benchmark-fracco
benchmark-fracco: $(STAMP)
	$(BIN)/oncofr evaluate --gold ../shared/data/fracco-dev --train-split
