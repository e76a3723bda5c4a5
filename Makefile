# Every target makes its own .venv when missing, so a fresh clone needs only `make run` / `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test bench screenshots installer clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(PY) -m daftar_cli.main demo

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q $(PYTEST_ARGS)

bench: $(STAMP)
	$(PY) -m bench.run_all

screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m daftar_cli.main screenshots --out screenshots

clean:
	rm -rf $(VENV) build dist *.egg-info
