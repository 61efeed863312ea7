# CIMNAS — make run: the paper's main experiment on ./cimnas.sqlite; make test: the test suite.
SWIFT ?= swift
SCRATCH ?= .build
APT_PACKAGES := libsqlite3-dev libcsv-dev
RELEASE_BIN := $(SCRATCH)/release/cimnas

.PHONY: all deps build debug test run bench embed clean fuzz install test-factorised

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

# Checks (never regenerates) the embedded files, so a stale EmbeddedFiles.swift fails here as it would ship.
# The test product builds exactly what the tests use (with the cimnas binary); `--build-tests` would also build
# every dependency's executables, e.g. swift-protobuf's protoc (700 C++ files) that nothing here runs.
test: deps
	@./tools/embed.sh --check
	$(SWIFT) build --product CIMNASPackageTests --scratch-path $(SCRATCH)
	$(SWIFT) test --skip-build --scratch-path $(SCRATCH)

# Fuzz every outside-input parser (CSV importers, keys, design JSON, space files, --hw, --layer) in-process with a
# seeded mutator: FUZZ_ITERATIONS per target × 9 targets (default 1.1M inputs, integer extremes included);
# every numeric field at 0, −1, 2^31, 2^53, 2^63 − 1 (IntegerExtremesTests); and CLI_FUZZ_RUNS runs of the
# real binary with mutated arguments for every subcommand (CLIFuzzTests). FUZZ_SEED picks another run.
# `make test` runs the same suites with small counts.
FUZZ_ITERATIONS ?= 125000
CLI_FUZZ_RUNS ?= 2000
FUZZ_SEED ?= 1
fuzz: deps
	@./tools/embed.sh --check
	$(SWIFT) build --product CIMNASPackageTests --scratch-path $(SCRATCH)
	CIMNAS_FUZZ_ITERATIONS=$(FUZZ_ITERATIONS) CIMNAS_CLI_FUZZ_RUNS=$(CLI_FUZZ_RUNS) CIMNAS_FUZZ_SEED=$(FUZZ_SEED) \
	  $(SWIFT) test --skip-build --scratch-path $(SCRATCH) --filter 'FuzzTests|IntegerExtremesTests'

# The factorised sweep against the per-design evaluator, bit for bit, on FACTORISED_DESIGNS seeded designs of
# three spaces (`make test` runs the same test on 24,000).
FACTORISED_DESIGNS ?= 120000
test-factorised: deps
	@./tools/embed.sh --check
	$(SWIFT) build --product CIMNASPackageTests --scratch-path $(SCRATCH)
	CIMNAS_FACTORISED_DESIGNS=$(FACTORISED_DESIGNS) $(SWIFT) test --skip-build --scratch-path $(SCRATCH) \
	  --filter FactorisedSweepTests

DB ?= cimnas.sqlite

# The paper's main experiment: CIMNAS GA, population 150, 100 generations, ela_acc, area <= 8 cm2, seed 1,
# every evaluation cached in $(DB) (a second run is served from the cache); hardware-aware top-1 with the ADC
# bound of docs/hardware-accuracy.md (every layer's ADC-only SQNR >= 10 dB).
run: build
	$(RELEASE_BIN) search --db $(DB) --min-adc-sqnr-db 10

# Release benchmarks; BENCH_ARGS adds flags (e.g. BENCH_ARGS=--large or --quick). Writes bench/results/latest.json
# and the generated table of BENCHMARKS.md. Peers: bench/peers/zigzag_vs_cimnas.py; regressions: bench/check.sh.
BENCH_ARGS ?=
bench: deps embed
	$(SWIFT) build -c release --scratch-path $(SCRATCH) --product CIMBench
	@mkdir -p bench/results
	$(SCRATCH)/release/CIMBench --json bench/results/latest.json --markdown BENCHMARKS.md $(BENCH_ARGS)

# Installs the release binary as $(PREFIX)/bin/cimnas and the datasets (predictor weights and their training
# CSV included) as $(PREFIX)/share/cimnas, where the binary finds them from its own resolved path.
PREFIX ?= /usr/local
install: build
	./tools/install.sh "$(DESTDIR)$(PREFIX)" $(RELEASE_BIN)

clean:
	rm -rf $(SCRATCH)
