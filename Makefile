# wasipy: CPython 3.13 for WASI in one wasm32-wasip1 module.
# `make run` does everything from nothing; `make test` is what CI runs.

SHELL := /bin/bash
# target/deps/bin: the pinned wasmtime (scripts/wasmtime.sh), for every step, test and bench.
export PATH := $(CURDIR)/target/deps/bin:$(HOME)/.cargo/bin:$(PATH)

OUT      := target/wasipy
WASM     := $(OUT)/wasipy.wasm
# /usr holds the stdlib zip; /tmp and the current directory are writable, as for `python`.
# The native stack wasmtime gives the module: WASMTIME_STACK in scripts/pins.env says why.
WASMTIME_STACK := $(shell sed -n 's/^WASMTIME_STACK=//p' scripts/pins.env)
WASMTIME := wasmtime run --wasm max-wasm-stack=$(WASMTIME_STACK) --dir $(OUT)/usr::/usr --dir /tmp::/tmp --dir .
# The `wasipy` command (scripts/wasipy-launcher.sh): WASMTIME's mappings, python's
# environment variables and a precompiled module; `make install` puts it on a PATH.
# FLAVOUR=numpy: the module with numpy built in (scripts/flavour.sh, target/wasipy-numpy).
FLAVOUR  ?=
LAUNCHER := $(if $(FLAVOUR),target/wasipy-$(FLAVOUR),$(OUT))/bin/wasipy
PREFIX   ?= $(HOME)/.local
ARGS     ?=

.PHONY: deps quiet-deps build web-module build-flavour build-numpy web-numpy stdlib run repl install dist docs test test-rust test-web test-conformance conformance bench clean help

help:
	@echo "make run [ARGS=\"-c 'print(1)'\"]  build everything (first time: ~10 min) and run wasipy under wasmtime"
	@echo "make repl                         the interactive interpreter (wasipy -i) under wasmtime"
	@echo "make build-numpy                  the module with numpy built in (first time: ~10 min more)"
	@echo "make run FLAVOUR=numpy ARGS=...   run that one (target/wasipy-numpy/bin/wasipy)"
	@echo "make install [PREFIX=~/.local]    the wasipy command in PREFIX/bin (run make build first)"
	@echo "make dist                         the wasipy wheel (Sphinx extension, MkDocs plugin) and npm tarball in target/dist/"
	@echo "make docs                         wasipy's docs site in target/docs-site/, its examples run and checked"
	@echo "make test                         build and run every test"
	@echo "make deps | build | stdlib | clean"

deps:
	@bash scripts/deps.sh

# build and run check the dependencies quietly: a step speaks only when it has work to do.
quiet-deps:
	@WASIPY_QUIET=1 bash scripts/deps.sh

stdlib: quiet-deps
	@WASIPY_QUIET=1 bash scripts/stdlib.sh

build: quiet-deps stdlib
	@bash scripts/crate.sh
	@bash scripts/launcher.sh
	@[ -n "$$WASIPY_QUIET" ] || echo "== $(WASM): $$(stat -c %s $(WASM)) bytes, $$(gzip -9c $(WASM) | wc -c) gzipped" >&2

# The browsers' module in two parts (scripts/split.sh): `make build` makes it when
# the npm packages are there (the split runs the module through the page's host).
web-module: build node_modules/.package-lock.json
	@bash scripts/split.sh target/wasipy/wasipy.wasm target/wasipy/web

# A flavour: the plain module plus compiled packages (recipes/flavours.env).
build-flavour: build
	@[ -n "$(FLAVOUR)" ] || { echo "make build-flavour needs FLAVOUR=NAME (see recipes/flavours.env)" >&2; exit 2; }
	@bash scripts/flavour.sh $(FLAVOUR)

build-numpy:
	@$(MAKE) --no-print-directory build-flavour FLAVOUR=numpy

# Its browser module in two parts too, as web-module's (scripts/flavour.sh splits it once the npm packages are there).
web-numpy: build-numpy node_modules/.package-lock.json
	@bash scripts/flavour.sh numpy

run:
	@WASIPY_QUIET=1 $(MAKE) --no-print-directory $(if $(FLAVOUR),build-flavour,build)
	@$(LAUNCHER) $(ARGS)

# python -i under wasmtime: the basic REPL (WASI has no termios for line editing); Ctrl-D ends it.
repl:
	@WASIPY_QUIET=1 $(MAKE) --no-print-directory $(if $(FLAVOUR),build-flavour,build)
	@$(LAUNCHER) -i $(ARGS)

install: build
	@bash scripts/launcher.sh install "$(PREFIX)"

test: test-rust test-web test-conformance

test-rust: build
	cargo test --release --quiet --target wasm32-wasip1 --bins
	cargo test --release --quiet --target $$(rustc -vV | sed -n 's/^host: //p') --tests

# Quiet on success; on a failure, the end of npm's log and what to do.
node_modules/.package-lock.json: package-lock.json
	@mkdir -p target && npm ci --no-audit --no-fund > target/npm-ci.log 2>&1 || { tail -n 25 target/npm-ci.log >&2; \
	  echo "[npm ci] failed: npm says why above (all of it: target/npm-ci.log); fix that (often the network or the registry setting), then run make again" >&2; exit 1; }

# Node tests of the JS library on the real module (and the numpy flavour's CLI), then the browser tests in Chromium.
test-web: build web-module web-numpy node_modules/.package-lock.json
	npm test

# CPython's own tests inside wasipy (conformance/modules.txt): the fast subset in
# `make test`, everything in `make conformance`; under wasmtime and the browser runtime.
# Then numpy's own suites in the numpy module (conformance/numpy-suites.txt), likewise
# (--node: the browser runtime; `make conformance` there: fft, linalg, random, markupsafe).
test-conformance: build web-module web-numpy node_modules/.package-lock.json
	node conformance/run.mjs --fast --strict
	node conformance/numpy.mjs --fast --strict
	node conformance/numpy.mjs --fast --strict --node

conformance: build web-module web-numpy node_modules/.package-lock.json
	node conformance/run.mjs
	node conformance/numpy.mjs
	node conformance/numpy.mjs --node numpy.fft numpy.linalg numpy.random markupsafe

# Start-up, size, latency, imports, CPU and memory beside Pyodide, MicroPython and
# native CPython (bench/): writes bench/RESULTS.md and bench/chart.svg. Not a test.
bench: build web-module web-numpy node_modules/.package-lock.json
	npm run build --silent
	npm run bench

# What docs authors install: the Python wheel (wasipy.sphinx, the MkDocs plugin,
# the runtime) and the npm package, both from dist/, into target/dist/.
dist: build web-module web-numpy node_modules/.package-lock.json
	@npm run build --silent
	@bash scripts/python-dist.sh
	@bash scripts/npm-dist.sh

# wasipy's docs (docs/), built with its own MkDocs plugin: examples run and checked.
docs: dist
	@bash scripts/docs.sh

clean:
	rm -rf $(OUT) target/wasm32-wasip1 target/wasipy-* target/flavour-*
