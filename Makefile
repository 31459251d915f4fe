# Limber: the two quick-start commands are `make run` and `make test`.
SWIFT ?= swift
PROGRAM ?= Programs/low-back-basics.yaml
RELEASE_BIN = .build/release/limber

.PHONY: run test deps build release bench stress fuzz clean

## run: install what is missing, build, and start the guided session of the default program
run: deps release
	$(RELEASE_BIN) run $(PROGRAM)

## test: install what is missing, run the whole test suite, then the short stress suite
test:
	scripts/install-deps --test
	$(SWIFT) test
	scripts/stress --quick

## stress: the reliability and security suite in full (fuzzing, 200 SIGKILLs, faults, hostile
## inputs, privacy; about 10 minutes), ending with its summary table
stress:
	scripts/install-deps --test
	scripts/stress

## fuzz: libFuzzer on the program, log and WAV readers (FUZZ_SECONDS each, default 100)
FUZZ_SECONDS ?= 100
fuzz: deps
	scripts/fuzz --seconds $(FUZZ_SECONDS)

deps:
	scripts/install-deps

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release --product limber

BENCH_MINUTES ?= 10

## bench: release-build benchmarks: validate and plan (wall time, peak RSS); the audio engine
## over a real-time session of BENCH_MINUTES (cue onset error, CPU, RSS; aplay per cue); a
## 3-minute guided session under a pty against termdown and countdown-cli; limber report over a
## generated ten-year, ten-patient log against jq and a Python loop
bench: release
	$(SWIFT) build -c release --product limber-bench
	python3 scripts/bench.py $(RELEASE_BIN)
	.build/release/limber-bench audio --minutes $(BENCH_MINUTES)
	python3 scripts/bench-session.py $(RELEASE_BIN) --minutes 3
	python3 scripts/bench-report.py $(RELEASE_BIN)

clean:
	rm -rf .build
