# Balai — two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PYTEST_ARGS ?=

.PHONY: run test check bench worker format messages clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/balai run --host 127.0.0.1 --port 8000

worker: $(STAMP)
	$(BIN)/balai worker

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

check: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy balai balai_ml
	BALAI_DATA_DIR=$$(mktemp -d) $(BIN)/python manage.py makemigrations --check --dry-run

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: $(STAMP)
	$(BIN)/python -m balai.ops.messages

bench: $(STAMP)
	$(BIN)/python -m bench.run
	$(BIN)/python -m bench.cpu_cost
	$(BIN)/python -m bench.screen_bench
	$(BIN)/python -m bench.backup_bench
	$(BIN)/python -m balai_ml bench

clean:
	rm -rf $(VENV) build *.egg-info
