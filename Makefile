# Two commands set everything up on a fresh machine:
#   make demo   install into .venv, create the SQLite database with demo content, serve :8000
#   make test   install what the suite needs (Chromium, the HTML checker) and run it all
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DATA ?= data
# The newsroom's story editor, bundled from frontend/ by esbuild.
ASSETS := src/thepost/static/build/visual-editor.js
# Debian packages installed when missing; waits for another apt run to finish instead of failing.
APT_INSTALL := apt-get -o DPkg::Lock::Timeout=600 update -qq && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq

.PHONY: demo test install lint clean browser checkers pgclient bench-tools assets messages

# A C compiler and SQLite's headers build the search's ranking function (setup.py); where
# they cannot be installed the site still runs, ranking with FTS5's bm25() (the suite fails).
$(STAMP): pyproject.toml setup.py src/thepost/db/_fts5rank.c
	@test -f /usr/include/sqlite3ext.h && command -v cc >/dev/null || { $(APT_INSTALL) gcc libsqlite3-dev; } || echo "No C compiler or SQLite headers: search will rank with FTS5's bm25()."
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP) $(ASSETS)

demo: $(STAMP) $(ASSETS)
	THEPOST_DATA_DIR=$(DATA) $(BIN)/thepost serve --demo --host 127.0.0.1 --port 8000

# Debian's Chromium for the browser tests; never a downloaded browser build.
browser:
	@test -x /usr/bin/chromium || { $(APT_INSTALL) chromium; }

# pg_dump and pg_restore for `thepost backup` and `restore` on PostgreSQL (and their tests).
pgclient:
	@command -v pg_dump >/dev/null || ls /usr/lib/postgresql/*/bin/pg_dump >/dev/null 2>&1 || { $(APT_INSTALL) postgresql-client; }

# From the npm registry, as package-lock.json pins them: the story editor's libraries and
# esbuild, which bundles them into static/build; the Nu HTML Checker (vnu.jar, run with the
# system Java) and axe-core for the tests. Node.js and npm from Debian when missing.
node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { $(APT_INSTALL) nodejs npm; }
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $@

$(ASSETS): node_modules/.installed $(wildcard frontend/*.js)
	npm run --silent build

assets: $(ASSETS)

checkers: node_modules/.installed
	@command -v java >/dev/null || { $(APT_INSTALL) default-jre-headless; }

# wrk and nginx for the page benchmarks (bench/README.md), and matplotlib for their chart.
bench-tools: $(STAMP)
	@command -v wrk >/dev/null && command -v nginx >/dev/null || { $(APT_INSTALL) wrk nginx-light; }
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'

# The suite on two workers (pytest-xdist; the machine's cores): TEST_WORKERS=0 runs it in one
# process. Tests sharing something outside the process (Redis's invalidation channel) are
# kept on one worker by their xdist_group.
TEST_WORKERS ?= 2
test: $(STAMP) $(ASSETS) browser checkers pgclient lint
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

# The translations (babel.cfg says what is read): every message of the reader's site, its
# emails, the newsroom and the Python code that marks them, extracted into messages.pot, and each
# language's messages.po brought up to date with it: a new message arrives empty, a
# changed one marked fuzzy, for a translator to write or check (tests/test_translations.py
# fails until they have). The site reads the .po files themselves: nothing to compile.
# A new language: $(BIN)/pybabel init -i $(LOCALES)/messages.pot -d $(LOCALES) -l <tag>
LOCALES := src/thepost/locale
messages: $(STAMP)
	$(BIN)/pybabel --quiet extract -F babel.cfg -k N_plural:1,2 --add-comments=Translators: \
		--add-location=file --project="The Post" --no-wrap -o $(LOCALES)/messages.pot .
	$(BIN)/pybabel --quiet update -i $(LOCALES)/messages.pot -d $(LOCALES) --previous \
		--ignore-obsolete --no-wrap

clean:
	rm -rf $(VENV) node_modules $(DATA) test-artifacts src/thepost/static/build
