# izkit — build and check entry points.
#
#   make demo    build the izkit CLI and run it on the bundled sample messages
#   make test    install what is missing, then run every check (what CI runs)
#
# Other targets: make help.  Recipes longer than a line live in scripts/.
#
# How `make test` is put together: TEST_STEPS lists make targets that scripts/run-steps.sh runs
# in order, stopping at the first failure (KEEP_GOING=1 runs them all), then prints a summary.
# To add a language (issue 3: Python, Node, WASM bindings):
#   1. add its installers to scripts/setup.sh and its part name to SETUP_PARTS;
#   2. add a `test-<lang>` target (and its lint to `lint-<lang>` if it has one);
#   3. add the target names to BINDING_TESTS — `test-bindings` then runs them as one step.

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-builtin-rules

# Faster builds on small machines: no incremental cache, line tables only for debug info.
export CARGO_INCREMENTAL ?= 0
export CARGO_PROFILE_DEV_DEBUG ?= line-tables-only

CARGO ?= cargo
NIGHTLY ?= nightly
export NIGHTLY
CARGO_FUZZ_VERSION ?= 0.13.2
export CARGO_FUZZ_VERSION
# Seconds each fuzz target runs in `make test` (fuzz/run.sh takes it as its argument).
FUZZ_SECONDS ?= 60

# Where cargo puts binaries; follows CARGO_TARGET_DIR when it is set.
TARGET_DIR ?= $(or $(CARGO_TARGET_DIR),target)
# Cargo profile of the demo binary (dev shares its dependencies with `cargo test`).
DEMO_PROFILE ?= dev
DEMO_BIN := $(TARGET_DIR)/$(if $(filter dev test,$(DEMO_PROFILE)),debug,$(DEMO_PROFILE))/izkit
DEMO_FILES ?= $(sort $(wildcard examples/messages/*.hl7))

# ---- what `make setup` installs -------------------------------------------------------------
# Parts of scripts/setup.sh. Issue 3 adds e.g.: SETUP_PARTS += node wasm browser
SETUP_PARTS := rust fuzz python

# ---- the steps of `make test`, in order ------------------------------------------------------
# Bindings (issue 3) add their test targets here, e.g.: BINDING_TESTS += test-python test-node test-wasm
BINDING_TESTS := test-python test-node test-wasm
TEST_STEPS := setup fmt-check clippy test-rust test-fhir-sdk doc $(if $(strip $(BINDING_TESTS)),test-bindings) test-fuzz

.PHONY: help demo build test setup check lint fmt fmt-check clippy test-rust test-fhir-sdk doc test-bindings test-python test-node test-wasm \
	test-fuzz bench clean

help: ## list the targets
	@echo "izkit — make targets:"
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | awk -F'\t' '{printf "  make %-14s %s\n", $$1, $$2}'

# ---- the README's two commands ---------------------------------------------------------------

demo: build ## build izkit and print the key fields of every bundled sample message
	@bash scripts/demo.sh "$(DEMO_BIN)" $(DEMO_FILES)

test: ## install what is missing, then run every check and print a summary (what CI runs)
	+@MAKE="$(MAKE)" LOG_DIR="$(TARGET_DIR)/check-logs" bash scripts/run-steps.sh $(TEST_STEPS)

# ---- building blocks -------------------------------------------------------------------------

build: ## build the izkit CLI (profile: DEMO_PROFILE, default dev)
	$(CARGO) build --profile $(DEMO_PROFILE) -p izkit-cli --bin izkit

setup: ## install the toolchain parts the checks need; skips what is present
	bash scripts/setup.sh $(SETUP_PARTS)

check: ## every check without the setup step and the fuzz run (quick local loop)
	+@MAKE="$(MAKE)" LOG_DIR="$(TARGET_DIR)/check-logs" bash scripts/run-steps.sh fmt-check clippy test-rust doc \
		$(if $(strip $(BINDING_TESTS)),test-bindings)

lint: fmt-check clippy ## formatting and clippy

fmt: ## format every crate (the workspace and the fuzz workspace)
	$(CARGO) fmt --all
	if [[ -f fuzz/Cargo.toml ]]; then $(CARGO) fmt --all --manifest-path fuzz/Cargo.toml; fi

fmt-check: ## check formatting without changing files
	$(CARGO) fmt --all --check
	if [[ -f fuzz/Cargo.toml ]]; then $(CARGO) fmt --all --check --manifest-path fuzz/Cargo.toml; fi

clippy: ## clippy on every target of the workspace, warnings are errors
	$(CARGO) clippy --workspace --all-targets -- -D warnings

test-rust: ## unit, integration, property and doc tests of the workspace
	$(CARGO) test --workspace

# izkit's optional `fhir-sdk` feature (conversions to fhir-sdk's R4B types, izkit::fhir::sdk) in
# one native build: it is never in the default build, the bindings or WASM. fhir-sdk is big: this
# step from a fresh target dir took ~470 s of CPU and 3.3 GB peak memory (fhir-model is built
# once for the tests and checked once more for clippy and rustdoc), so it is not part of
# `make check`. `-p izkit` everywhere: the four commands then share one build of izkit.
test-fhir-sdk: ## the fhir-sdk feature: its tests, doc tests, clippy and rustdoc
	$(CARGO) test -p izkit --features fhir-sdk --test fhir_sdk
	$(CARGO) test -p izkit --features fhir-sdk --doc -- fhir::sdk
	$(CARGO) clippy -p izkit --features fhir-sdk --all-targets -- -D warnings
	RUSTDOCFLAGS="-D warnings" $(CARGO) doc -p izkit --no-deps --features fhir-sdk

# The CLI binary is not documented (`doc = false` in cli/Cargo.toml): it shares the name `izkit`
# with the library, and both would be written to target/doc/izkit.
doc: ## build the API docs; rustdoc warnings are errors
	RUSTDOCFLAGS="-D warnings" $(CARGO) doc --workspace --no-deps

# ---- bindings (issue 3) ----------------------------------------------------------------------
# Empty until the bindings exist; then it runs every target in BINDING_TESTS.
test-bindings: $(BINDING_TESTS) ## run the Python, Node and WASM binding tests (issue 3)
	@$(if $(strip $(BINDING_TESTS)),echo "bindings: $(BINDING_TESTS) done",echo "bindings: none yet (issue 3)")

test-python: ## build the Python package from source (maturin) and run its pytest suite
	bash bindings-python/ci.sh

test-node: ## build the Node addon (napi-rs) and run its node --test suite and tsc --strict check
	bash bindings-node/ci.sh

test-wasm: ## build the WASM package (wasm-bindgen) and run its tests in Node and headless Chromium
	bash bindings-wasm/ci.sh

# ---- fuzzing and benchmarks ------------------------------------------------------------------

test-fuzz: ## run every fuzz target for FUZZ_SECONDS seconds (cargo +nightly fuzz)
	@if [[ ! -f fuzz/run.sh ]]; then echo "fuzz/run.sh is missing" >&2; exit 1; fi
	bash fuzz/run.sh $(FUZZ_SECONDS)

bench: ## run the criterion benchmarks (see benches/README.md)
	$(CARGO) bench -p izkit-benches $(if $(BENCH_ARGS),-- $(BENCH_ARGS))

clean: ## remove build output (keeps fuzz corpora and crash artifacts)
	$(CARGO) clean
	if [[ -f fuzz/Cargo.toml ]]; then $(CARGO) clean --manifest-path fuzz/Cargo.toml; fi
	rm -rf $(TARGET_DIR)/check-logs
