# Every target builds its own virtual environment first; nothing is assumed installed but Python 3.11+.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-dev
SAMPLE := src/newsbrief/samples/harbour-bridge.txt
SHARED := ../shared/data

.PHONY: demo test lint check eval bench bench-entities bench-splitters train clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[dev]"
	touch $(STAMP)

demo: $(STAMP)  ## brief the bundled sample article (seed form)
	$(BIN)/newsbrief brief $(SAMPLE) --show entities,quotes

test: $(STAMP)  ## the whole test suite
	$(BIN)/python -m pytest -q

lint: $(STAMP)  ## ruff and mypy on the package
	$(BIN)/ruff check src tests benchmarks training
	$(BIN)/ruff format --check src tests benchmarks training
	$(BIN)/mypy

check: lint test

eval: $(STAMP)  ## ROUGE on the shared dev sets beside LEAD-3 and the oracle
	$(BIN)/newsbrief eval $(SHARED)/bbc-news-summary/dev.jsonl
	$(BIN)/newsbrief eval $(SHARED)/cnn-dailymail/dev.jsonl

BENCH_STAMP := $(VENV)/.installed-bench

$(BENCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install -q -e ".[dev,bench]"
	touch $(BENCH_STAMP)

bench-splitters: $(BENCH_STAMP)  ## sentence splitters on verbatim reference sentences
	$(BIN)/python benchmarks/splitters.py

bench: $(BENCH_STAMP)  ## key points beside every peer on ../shared/data; writes benchmarks/RESULTS.md
	$(BIN)/python benchmarks/keypoints.py

bench-entities: $(STAMP)  ## entities and quotes against benchmarks/gold; writes benchmarks/RESULTS.md
	$(BIN)/python benchmarks/entities_quotes.py

train: $(STAMP)  ## retrain the shipped key-point model from ../shared/data (deterministic)
	$(BIN)/python training/train_keypoints.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache build *.egg-info src/*.egg-info
