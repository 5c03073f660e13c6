# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORTAL := $(BIN)/graphql-portal
STAMP := $(VENV)/.installed
# Where the service keeps its files (the SQLite database, mail, keys): PORTAL_VAR_DIR, as the service reads it.
VAR := $(or $(PORTAL_VAR_DIR),var)

.PHONY: run test test-fast lint lock format schema migrations migrations-check clean

# The environment is installed from the lock files, never from the newest of everything:
# requirements-dev.lock pins every package (with hashes) for development and CI; requirements.lock
# pins what a production install needs. `make lock` writes both from pyproject.toml.
PIP_VERSION := 26.3
PIP_TOOLS_VERSION := 7.7.0
LOCK_FLAGS := --quiet --generate-hashes --strip-extras --allow-unsafe --no-emit-index-url --no-emit-find-links

$(STAMP): pyproject.toml requirements-dev.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "Installing graphql-portal and its locked dependencies into $(VENV) ..."
	@$(BIN)/python -m pip install "pip==$(PIP_VERSION)" > $(VENV)/install.log 2>&1 || { cat $(VENV)/install.log; exit 1; }
	@$(BIN)/python -m pip install --require-hashes -r requirements-dev.lock >> $(VENV)/install.log 2>&1 || { cat $(VENV)/install.log; exit 1; }
	@$(BIN)/python -m pip install --no-deps -e . >> $(VENV)/install.log 2>&1 || { cat $(VENV)/install.log; exit 1; }
	@touch $(STAMP)

## lock: after changing the dependencies in pyproject.toml, pin them again (both lock files)
lock:
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet "pip==$(PIP_VERSION)" "pip-tools==$(PIP_TOOLS_VERSION)"
	@echo "Resolving the development set (a few minutes) ..."
	@$(BIN)/pip-compile $(LOCK_FLAGS) $(UPGRADE) --extra dev --extra bench -o requirements-dev.lock pyproject.toml
	@echo "Resolving the production set, within the development set's versions ..."
	@$(BIN)/pip-compile $(LOCK_FLAGS) -c requirements-dev.lock -o requirements.lock pyproject.toml
	@echo "Wrote requirements-dev.lock and requirements.lock; review the diff, then make test."

## run: migrate the SQLite database, load the demo data, print the sign-ins and serve on :8000
run: $(STAMP)
	@PORTAL_DEBUG=1 $(PORTAL) migrate
	@PORTAL_DEBUG=1 $(PORTAL) seed-demo
	@test -s $(VAR)/demo-alice-password || (umask 077 && $(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(12))' > $(VAR)/demo-alice-password)
	@PORTAL_DEBUG=1 $(PORTAL) set-password alice@northwind.example < $(VAR)/demo-alice-password 2>/dev/null
	@echo ""
	@echo "Partner portal: http://127.0.0.1:8000/"
	@echo "  sign in as alice@northwind.example / $$(cat $(VAR)/demo-alice-password)  (Northwind Managed IT, ADMIN)"
	@echo ""
	@echo "Partner API token for alice@northwind.example (Northwind Managed IT, ADMIN):"
	@echo "  $$(PORTAL_DEBUG=1 $(PORTAL) create-token alice@northwind.example 2>/dev/null)"
	@echo "Staff sign-in for the admin: staff@portal.example / $$(cat $(VAR)/demo-staff-password 2>/dev/null || echo '(set with graphql-portal create-staff)')"
	@echo "GraphiQL: http://127.0.0.1:8000/graphql   Admin: http://127.0.0.1:8000/admin/   Emails: $(VAR)/mail/"
	@echo ""
	@PORTAL_DEBUG=1 $(PORTAL) serve

AUDIT := tests/http_audit
AXE := tests/axe

# Test processes (pytest-xdist); each has its own databases. `make test TEST_WORKERS=0` runs serially.
TEST_WORKERS ?= auto
NODE_PACKAGES := $(AUDIT)/node_modules/.package-lock.json $(AXE)/node_modules/.package-lock.json

## test: the whole suite (SQLite always; PostgreSQL, the browser, axe-core and node's HTTP audit when present)
test: $(STAMP) $(NODE_PACKAGES)
	@$(BIN)/python -m pytest -n $(TEST_WORKERS)

## test-fast: while developing, the suite on SQLite only (no PostgreSQL runs)
test-fast: $(STAMP) $(NODE_PACKAGES)
	@$(BIN)/python -m pytest -n $(TEST_WORKERS) -k "not postgres" -q

# The GraphQL-over-HTTP audit's npm packages (graphql-http), pinned by its package-lock.json.
$(AUDIT)/node_modules/.package-lock.json: $(AUDIT)/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  echo "Installing the GraphQL-over-HTTP audit (npm ci in $(AUDIT)) ..."; \
	  npm ci --prefix $(AUDIT) --no-audit --no-fund --loglevel=error; \
	else echo "npm not found: the GraphQL-over-HTTP audit test will be skipped"; fi

# axe-core, which the portal's browser tests inject into every page they check, pinned by its package-lock.json.
$(AXE)/node_modules/.package-lock.json: $(AXE)/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  echo "Installing axe-core for the accessibility tests (npm ci in $(AXE)) ..."; \
	  npm ci --prefix $(AXE) --no-audit --no-fund --loglevel=error; \
	else echo "npm not found: the accessibility (axe-core) tests will be skipped"; fi

## lint: ruff, and the import check (no cycles; every import follows ARCHITECTURE.md's layers)
lint: $(STAMP)
	@$(BIN)/ruff check .
	@$(BIN)/ruff format --check .
	@$(BIN)/python ../shared/tools/import-graph.py graphql_portal --layers

format: $(STAMP)
	@$(BIN)/ruff format .
	@$(BIN)/ruff check --fix .

## schema: regenerate schema.graphql from the served schema
schema: $(STAMP)
	@$(PORTAL) export-schema schema.graphql

## migrations: after a model change, generate the next migration for SQLite and PostgreSQL
migrations: $(STAMP)
	@test -n "$(NAME)" || { echo "usage: make migrations NAME=add_order_note" >&2; exit 2; }
	@$(BIN)/python scripts/makemigrations.py $(NAME)

migrations-check: $(STAMP)
	@$(BIN)/python scripts/makemigrations.py --check

clean:
	rm -rf $(VENV) var .pytest_cache
