# Every target builds its own virtual environment first; nothing is assumed installed but Python 3.11+.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-dev
SAMPLE := src/newsbrief/samples/harbour-bridge.txt
EVENTS_SAMPLE := src/newsbrief/samples/border-talks.txt
STORIES_SAMPLE := src/newsbrief/samples/ferry-strike.jsonl
SHARED := ../shared/data

.PHONY: demo test lint check postgresql eval bench bench-entities bench-events bench-store bench-archive bench-splitters bench-load bench-soak bench-keywords bench-stages bench-stories bench-ask bench-batch identical fuzz serve chromium train train-events clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[dev]"
	touch $(STAMP)

demo: $(STAMP)  ## brief the bundled sample articles (seed form; the second with its events), then group six into stories
	$(BIN)/newsbrief brief $(SAMPLE) --show entities,quotes
	$(BIN)/newsbrief brief $(EVENTS_SAMPLE) --show events
	$(BIN)/newsbrief stories $(STORIES_SAMPLE)

test: $(STAMP) chromium postgresql  ## the whole test suite
	$(BIN)/python -m pytest -q

# The browser tests drive Debian's chromium (never a downloaded browser). Installed here when this
# is a Debian-like machine and we are root or have sudo; otherwise those tests skip and say why.
chromium:
	@command -v chromium >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; elif sudo -n true 2>/dev/null; then SUDO=sudo; else \
	    echo "note: chromium is not installed and needs root: the browser tests will be skipped"; exit 0; fi; \
	  $$SUDO apt-get install -y -q chromium >/dev/null 2>&1 || \
	  { $$SUDO apt-get update -q >/dev/null && $$SUDO apt-get install -y -q chromium >/dev/null; }; }

# The store's tests run on a throwaway PostgreSQL server the test session starts from Debian's
# package (.ci/postgres); installed here like chromium, when we can.
postgresql:
	@ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; elif sudo -n true 2>/dev/null; then SUDO=sudo; else \
	    echo "note: postgresql is not installed and needs root: the PostgreSQL store tests will be skipped"; exit 0; fi; \
	  $$SUDO apt-get install -y -q postgresql >/dev/null 2>&1 || \
	  { $$SUDO apt-get update -q >/dev/null && $$SUDO apt-get install -y -q postgresql >/dev/null; }; }

serve: $(STAMP)  ## the HTTP API and web page on http://127.0.0.1:8000
	$(BIN)/newsbrief serve --port 8000

lint: $(STAMP)  ## ruff and mypy on the package
	$(BIN)/ruff check src tests benchmarks training fuzz
	$(BIN)/ruff format --check src tests benchmarks training fuzz
	$(BIN)/mypy

check: lint test

eval: $(STAMP)  ## ROUGE on the shared dev sets beside LEAD-3 and the oracle
	$(BIN)/newsbrief eval $(SHARED)/bbc-news-summary/dev.jsonl
	$(BIN)/newsbrief eval $(SHARED)/cnn-dailymail/dev.jsonl

FUZZ_STAMP := $(VENV)/.installed-fuzz

$(FUZZ_STAMP): $(STAMP)
	$(BIN)/python -m pip install -q -e ".[dev,fuzz]"
	touch $(FUZZ_STAMP)

BASE ?= HEAD
identical: $(STAMP)  ## every layer's output on every shared set, byte for byte against git revision BASE (default HEAD)
	$(BIN)/python benchmarks/identical.py /tmp/newsbrief-identical --base $(BASE)

fuzz: $(FUZZ_STAMP)  ## atheris on every reader, layer and renderer, 200,000 inputs; writes benchmarks/RESULTS.md
	$(BIN)/python fuzz/run.py

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

bench-events: $(STAMP)  ## events on PETRARCH2's records and benchmarks/gold, and their cost; writes benchmarks/RESULTS.md
	$(BIN)/python benchmarks/events.py

bench-store: $(STAMP)  ## articles stored per second on SQLite and PostgreSQL; writes benchmarks/RESULTS.md
	$(BIN)/python benchmarks/store.py

bench-archive: $(STAMP)  ## a million Brief JSON records into SQLite and PostgreSQL: ingest rate, size, search, stories, export (not in CI; ~12 KB disk a record a database)
	$(BIN)/python benchmarks/archive.py

bench-stages: $(STAMP)  ## microseconds per article for each stage of a key-point brief; writes benchmarks/RESULTS.md
	$(BIN)/python benchmarks/keypoint_stages.py

bench-keywords: $(BENCH_STAMP)  ## keyphrases beside YAKE on the BBC/CNN references; writes benchmarks/RESULTS.md
	$(BIN)/python benchmarks/keywords.py

bench-ask: $(STAMP)  ## the right story first for benchmarks/gold/questions.jsonl, and ask's speed at 100k articles; writes benchmarks/RESULTS.md
	$(BIN)/python benchmarks/ask.py

bench-stories: $(BENCH_STAMP)  ## story clustering beside TF-IDF single pass, and its speed to 100k articles; writes benchmarks/RESULTS.md
	$(BIN)/python benchmarks/stories.py

bench-batch: $(STAMP)  ## articles/s on the local and Dask engines, overhead per task, the 1M projection; writes benchmarks/RESULTS.md
	$(BIN)/python benchmarks/batch.py

bench-load: $(STAMP)  ## 50 concurrent clients against a local server; writes benchmarks/RESULTS.md
	$(BIN)/python benchmarks/load.py

bench-soak: $(STAMP)  ## 50 clients, 10 minutes of mixed good and bad requests; fails on a 5xx or a failed good request
	$(BIN)/python benchmarks/soak.py

train: $(STAMP)  ## retrain the shipped key-point model from ../shared/data (deterministic)
	$(BIN)/python training/train_keypoints.py

train-events: $(STAMP)  ## retrain the shipped event classifier from ../shared/data (deterministic, ~5 min)
	$(BIN)/python training/train_events.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache build *.egg-info src/*.egg-info test-output
