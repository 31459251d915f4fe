# Limber: the two quick-start commands are `make run` and `make test`.
SWIFT ?= swift
PROGRAM ?= Programs/low-back-basics.yaml
RELEASE_BIN = .build/release/limber

.PHONY: run test deps build release bench clean

## run: install what is missing, build, and show the session plan of the default program
run: deps release
	$(RELEASE_BIN) plan $(PROGRAM)

## test: install what is missing and run the whole test suite
test:
	scripts/install-deps --test
	$(SWIFT) test

deps:
	scripts/install-deps

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release --product limber

## bench: release-build benchmarks of validate and plan (wall time, peak RSS)
bench: release
	python3 scripts/bench.py $(RELEASE_BIN)

clean:
	rm -rf .build
