# The portal's entry points. See README.md.
PYTHON ?= python3
VENV := $(CURDIR)/.venv
PY := $(VENV)/bin/python
PORT ?= 8000
export PORT

.PHONY: run serve backup restore test lint schema shell services clean bench

$(VENV)/bin/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python 3.11 or newer is required"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@ $(VENV)/.runtime

run: $(VENV)/.runtime
	cd $(CURDIR) && exec $(PY) -m runtime.supervisor --port $(PORT)

serve: $(VENV)/.runtime
	cd $(CURDIR) && exec $(PY) -m runtime.supervisor --serve --port $(PORT)

backup: $(VENV)/.runtime
	cd $(CURDIR) && $(PY) manage.py backup $(if $(BACKUP),--output $(BACKUP))

restore: $(VENV)/.runtime
	@test -n "$(BACKUP)" || { echo "Say which backup: make restore BACKUP=var/backups/alliance-....dump"; exit 2; }
	cd $(CURDIR) && $(PY) manage.py restore $(BACKUP) --yes

services: $(VENV)/.runtime
	cd $(CURDIR) && exec $(PY) -m runtime.supervisor --services-only

test: $(VENV)/.dev
	cd $(CURDIR) && $(PY) -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/bandit -q -c pyproject.toml -r .
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) manage.py spectacular --validate --fail-on-warn --file $(CURDIR)/var/openapi.yaml
	diff -u docs/openapi.yaml $(CURDIR)/var/openapi.yaml || { echo "docs/openapi.yaml is out of date: run make schema"; exit 1; }

bench: $(VENV)/.dev
	cd $(CURDIR) && $(PY) -m bench.run $(BENCH_ARGS)

schema: $(VENV)/.dev
	$(PY) manage.py spectacular --validate --fail-on-warn --file docs/openapi.yaml

shell: $(VENV)/.runtime
	$(PY) manage.py shell

clean:
	rm -rf $(CURDIR)/var $(VENV)
