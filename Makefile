# Descent Lab: `make run` serves the app, `make test` runs every test (`make test-fast`: no browser,
# nothing slow, in parallel), `make bench` the benchmarks.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8501

.PHONY: run dev test test-fast bench lint clean venv venv-dev

$(VENV)/.runtime: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

venv: $(VENV)/.runtime
venv-dev: $(VENV)/.dev

run: $(VENV)/.runtime
	$(PY) -m streamlit run app.py --server.port $(PORT) --browser.gatherUsageStats false

# for developers: full tracebacks in the browser (students get the error type only, see
# .streamlit/config.toml) and a rerun when a file is saved
dev: $(VENV)/.runtime
	$(PY) -m streamlit run app.py --server.port $(PORT) --browser.gatherUsageStats false \
		--client.showErrorDetails full --server.fileWatcherType auto --server.runOnSave true

test: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(PY) -m pytest

# the quick loop while working: no browser, nothing marked slow, on every core
test-fast: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(PY) -m pytest -n auto -m "not browser and not slow" -q

bench: $(VENV)/.dev
	$(PY) benchmarks/engine.py
	$(PY) benchmarks/sweep.py
	$(PY) benchmarks/landscapes.py

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis test-artifacts
