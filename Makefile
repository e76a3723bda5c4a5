# Every target makes its own .venv when missing, so a fresh clone needs only `make run` / `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint bench screenshots installer clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[desktop,dev]'
	touch $(STAMP)

run: $(STAMP)
	$(PY) -m daftar_cli.main demo

test: lint
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q $(PYTEST_ARGS)

# The code's own standard, before the tests: ruff's lint rules and mypy (pyproject.toml).
lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy

bench: $(STAMP)
	$(PY) -m bench.run_all

screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m daftar_cli.main screenshots --out screenshots

# The one-folder desktop bundle in dist/daftar/ (installers/daftar.spec); see README "Building installers".
installer: $(STAMP) $(VENV)/.installer
	$(PY) -m PyInstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build/pyinstaller installers/daftar.spec
	du -sh dist/daftar

$(VENV)/.installer: pyproject.toml
	$(PY) -m pip install -q -e '.[desktop,dev,installer]'
	touch $@

# End-to-end check of this checkout (store, commands, challan, GUI offscreen, upgrade of the v1 store).
.PHONY: selftest
selftest: $(STAMP)
	@tmp=$$(mktemp -d) && cp tests/sync/fixtures/store_v1.db $$tmp/ && \
	QT_QPA_PLATFORM=$${QT_QPA_PLATFORM:-offscreen} $(PY) installers/entry.py selftest \
	  --upgrade-check $$tmp/store_v1.db 5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a; \
	rc=$$?; rm -rf $$tmp; exit $$rc

clean:
	rm -rf $(VENV) build dist *.egg-info
