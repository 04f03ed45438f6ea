# Two commands for a fresh machine with Python 3.11, pip and make:
#   make run   — set up .venv, build the demo store if missing, start the app on http://localhost:8501
#   make test  — the same set-up, then the whole test suite (unit, app, real browser)
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
DB     ?= $(or $(MAALBORD_DB),data/maalbord.duckdb)
PORT   ?= 8501
CITIZENS ?= 20000

.PHONY: run test setup store demo browser oidc screenshots bench clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

# The demo store: the catalogue plus synthetic citizens. Built only when missing.
store: setup
	@if [ ! -f "$(DB)" ]; then MAALBORD_DB="$(DB)" $(MAKE) --no-print-directory demo; \
	else MAALBORD_DB="$(DB)" $(BIN)/maalbord init; fi

demo: setup
	MAALBORD_DB="$(DB)" $(BIN)/maalbord init
	@if $(BIN)/maalbord demo --help >/dev/null 2>&1; then \
		MAALBORD_DB="$(DB)" $(BIN)/maalbord demo --citizens $(CITIZENS) --seed 1; fi

# `maalbord serve` checks before it starts: without [auth] in .streamlit/secrets.toml (local mode)
# only on 127.0.0.1; with [auth], every setting, the access file and the provider (docs/access.md).
run: store
	MAALBORD_DB="$(DB)" $(BIN)/maalbord serve --port $(PORT)

# Debian's chromium drives the browser tests (browser downloads are not possible here).
browser:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || \
		{ echo "Installing Debian's chromium for the browser tests"; \
		  $$( [ "$$(id -u)" = 0 ] || echo sudo ) apt-get update -qq && \
		  $$( [ "$$(id -u)" = 0 ] || echo sudo ) apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; }
	@fc-list 2>/dev/null | grep -qi "color emoji" || \
		{ echo "Installing an emoji font so the smileys show in screenshots"; \
		  $$( [ "$$(id -u)" = 0 ] || echo sudo ) apt-get install -y -qq fonts-noto-color-emoji >/dev/null || true; }

# A real OpenID provider for the sign-in tests: npm's oidc-provider on Debian's Node (tests/oidc/).
oidc:
	@command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || \
		{ echo "Installing Debian's nodejs and npm for the sign-in tests"; \
		  $$( [ "$$(id -u)" = 0 ] || echo sudo ) apt-get update -qq && \
		  $$( [ "$$(id -u)" = 0 ] || echo sudo ) apt-get install -y -qq nodejs npm >/dev/null; }
	@[ -d tests/oidc/node_modules/oidc-provider ] || (cd tests/oidc && npm ci --no-audit --no-fund --silent)

test: setup browser oidc
	$(BIN)/python -m pytest -n 2 --dist loadgroup

# Renew docs/screenshots/ (the README's) from a real browser run of the pages.
screenshots: setup browser
	MAALBORD_SCREENSHOTS=$(CURDIR)/docs/screenshots $(BIN)/python -m pytest -q tests/test_browser.py

bench: setup
	$(BIN)/python -m bench.run_all

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache
