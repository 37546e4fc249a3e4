# Taste: the README's two commands are `make demo` and `make test`.
SWIFT    ?= swift
PREFIX   ?= /usr/local
DEMO_OUT ?= out/skills
APT_PACKAGES := libgit2-dev libsqlite3-dev pkg-config sqlite3 libpq5 postgresql
VENV     ?= .build/venv
# The official MCP Python SDK and the Agent Skills reference validator, for the real-clients check.
PY_PACKAGES := mcp==2.3.0 skills-ref==0.1.1

.PHONY: deps clients browser build release demo test lint format install templates bench clean fuzz fuzz-smoke sanitize

# Installs the native libraries when missing: apt-get update once, then install; nothing when all are present.
deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  sudo=""; [ "$$(id -u)" -ne 0 ] && sudo=sudo; \
	  echo "Installing$$missing"; \
	  $$sudo apt-get update -qq && $$sudo apt-get install -y -qq $$missing; \
	fi

# A virtual environment with PY_PACKAGES at their pinned versions; pip runs only for what is missing.
clients:
	@test -x $(VENV)/bin/python || python3 -m venv $(VENV) 2>/dev/null || { \
	  rm -rf $(VENV); sudo=""; [ "$$(id -u)" -ne 0 ] && sudo=sudo; \
	  echo "Installing python3-venv"; $$sudo apt-get update -qq && $$sudo apt-get install -y -qq python3-venv && \
	  python3 -m venv $(VENV); }
	@missing=""; for p in $(PY_PACKAGES); do $(VENV)/bin/pip freeze 2>/dev/null | grep -qix "$$p" || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then echo "Installing$$missing"; $(VENV)/bin/pip install -q $$missing; fi

# Headless Chromium from Debian's packages, for the report's browser tests; nothing when it is there.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  sudo=""; [ "$$(id -u)" -ne 0 ] && sudo=sudo; \
	  echo "Installing chromium"; \
	  $$sudo apt-get update -qq && $$sudo apt-get install -y -qq -o DPkg::Lock::Timeout=600 chromium; }

build: deps
	$(SWIFT) build

# The Swift runtime linked in: a command starts in 11 ms instead of 17 (lint of a 466-line change: 43 ms, not 54).
release: deps
	$(SWIFT) build -c release --static-swift-stdlib

# Mines this repository's own history into the default store, prints the skills and exports them.
demo: release
	@bin=$$($(SWIFT) build -c release --show-bin-path)/taste; \
	echo "\$$ taste mine"; $$bin mine --repo . && \
	echo && echo "\$$ taste skills"; $$bin skills --repo . && \
	echo && echo "\$$ taste export --out $(DEMO_OUT)"; $$bin export --repo . --out $(DEMO_OUT) && \
	echo && echo "Exported skill files are in $(DEMO_OUT)/:" && find $(DEMO_OUT) -name SKILL.md | sort

test: deps clients browser
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	$(VENV)/bin/python scripts/real-clients.py "$$($(SWIFT) build --show-bin-path)/taste" $(VENV)/bin/agentskills

# The code follows .swift-format (the toolchain's swift-format): `make format` rewrites, `make lint` checks.
lint:
	$(SWIFT) format lint --strict --recursive --parallel Sources Tests Fuzz Package.swift

format:
	$(SWIFT) format --in-place --recursive --parallel Sources Tests Fuzz Package.swift

install: release
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 0755 "$$($(SWIFT) build -c release --show-bin-path)/taste" $(DESTDIR)$(PREFIX)/bin/taste

# libFuzzer with AddressSanitizer on every reader of outside text (Fuzz/), each target for FUZZ_SECONDS from its seeds
# in Fuzz/Corpus/: make fuzz FUZZ_SECONDS=300 FUZZ_TARGETS="lexer mcp". A crash, hang or memory blow-up fails it.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?=
fuzz: deps
	scripts/fuzz.sh $(FUZZ_SECONDS) $(FUZZ_TARGETS)

# Every target briefly, for CI.
fuzz-smoke: deps
	scripts/fuzz.sh 10

# The test suite under AddressSanitizer, the daemon's tests under ThreadSanitizer (.build-asan, .build-tsan).
sanitize: deps
	scripts/sanitize.sh

# Re-embeds skills-templates/ into the binary after a template changed.
templates:
	scripts/embed-templates.sh

# Full-history mining against `git log -p` on the same repositories: make bench REPOS="/path/a /path/b"
bench: release
	scripts/benchmark.sh $(REPOS) $(REPO)

clean:
	rm -rf .build out
