# `make demo` sets everything up and runs claimx on the bundled example article.
# `make test` sets everything up and runs the test suite.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python

.PHONY: setup demo test bench clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

demo: setup
	$(PY) -m claimx extract examples/presstv-shamkhani.txt --format table

test: setup
	@# The browser test needs Debian's chromium; install it when we can (root, apt).
	-@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && ! command -v chromium >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; fi
	$(PY) -m pytest -q

bench: setup
	$(PY) benchmarks/bench_speed.py

clean:
	rm -rf $(VENV) dist build .pytest_cache .hypothesis
