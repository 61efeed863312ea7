# CIMNAS — make run: the paper's main experiment on ./cimnas.sqlite; make test: the test suite.
SWIFT ?= swift
SCRATCH ?= .build
APT_PACKAGES := libsqlite3-dev libcsv-dev
RELEASE_BIN := $(SCRATCH)/release/cimnas

.PHONY: all deps build debug test run bench embed clean

all: build

# Install missing native libraries (root, no sudo); apt-get update only when something is missing.
deps:
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

embed:
	@./tools/embed.sh

build: deps embed
	$(SWIFT) build -c release --scratch-path $(SCRATCH) --product cimnas

debug: deps embed
	$(SWIFT) build --scratch-path $(SCRATCH)

test: deps embed
	$(SWIFT) build --build-tests --scratch-path $(SCRATCH)
	$(SWIFT) test --skip-build --scratch-path $(SCRATCH)

DB ?= cimnas.sqlite

# Until the search lands: create ./cimnas.sqlite, import the default technology and run demo queries.
run: build
	@if ls datasets/tech/*.csv >/dev/null 2>&1; then \
	  for f in datasets/tech/*.csv; do $(RELEASE_BIN) tech import "$$f" --db $(DB) || exit 1; done; \
	else \
	  $(RELEASE_BIN) tech import --defaults --db $(DB); \
	fi
	$(RELEASE_BIN) query technology_versions --db $(DB)
	$(RELEASE_BIN) sql "SELECT t.name || '@' || t.version AS technology, p.component, count(*) AS parameters FROM technology_parameter p JOIN technology t ON t.id = p.technology_id GROUP BY 1, 2 ORDER BY 1, 2" --db $(DB)
	$(RELEASE_BIN) query cache_stats --db $(DB)

bench: deps embed
	$(SWIFT) build -c release --scratch-path $(SCRATCH) --product CIMBench
	$(SCRATCH)/release/CIMBench

clean:
	rm -rf $(SCRATCH)
