# Limber: the two quick-start commands are `make run` and `make test`.
SWIFT ?= swift
PROGRAM ?= Programs/low-back-basics.yaml
# One release configuration for everything: the Swift runtime linked in, so the binary runs on a
# machine without the toolchain (changing the flag recompiles every target, so it never varies).
# How it is linked (lld, packed relocations, libstdc++ in) is Package.swift's releaseLinkerFlags,
# so a plain `swift build -c release` links the same binary (docs/architecture.md, "The release build").
# Each function in a section of its own, so the link can lay out the session's functions together
# (packaging/limber.order, Package.swift's releaseLinkerFlags); the static Swift runtime and
# Foundation already come that way.
RELEASE_FLAGS = -c release --static-swift-stdlib -Xswiftc -Xfrontend -Xswiftc -function-sections -Xcc -ffunction-sections
RELEASE_BIN = .build/release/limber
VERSION := $(shell sed -n 's/^ *static let version = "\(.*\)"$$/\1/p' Sources/limber/Limber.swift)

# Where `make install` puts things; DESTDIR stages them for a package.
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share
MANDIR ?= $(DATADIR)/man
BASH_COMPLETIONS ?= $(DATADIR)/bash-completion/completions
ZSH_COMPLETIONS ?= $(DATADIR)/zsh/site-functions
FISH_COMPLETIONS ?= $(DATADIR)/fish/vendor_completions.d
STRIP ?= strip
# Generated man pages and completions.
GEN = .build/generated
# The man pages' date: the newest changelog entry's, so a rebuild makes the same pages.
MAN_DATE := $(shell date -u -d "$$(sed -n 's/^ -- .*>  //p' packaging/changelog | head -n 1)" +%F)

.PHONY: run test deps build release bench scale stress fuzz clean man completions dist install uninstall deb

## run: install what is missing, build, and start the guided session of the default program
run: deps release
	$(RELEASE_BIN) run $(PROGRAM)

## test: install what is missing, build the .deb (its tests are part of the suite), run the
## whole test suite, then the short stress suite
test:
	scripts/install-deps --test
	$(MAKE) deb
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
	$(SWIFT) build $(RELEASE_FLAGS) --product limber

## man: limber(1), every command on one page, from the command definitions, so `--help` and `man`
## agree (the tool behind swift-argument-parser's generate-manual plugin, run on the release
## binary: the plugin itself would rebuild every product without --static-swift-stdlib), and
## limber-program(5) from docs/program-format.md, checked key by key against `limber schema`
man: release
	$(SWIFT) build --product generate-manual
	rm -rf $(GEN)/man
	mkdir -p $(GEN)/man
	$$($(SWIFT) build --show-bin-path)/generate-manual $(RELEASE_BIN) --date $(MAN_DATE) --output-directory $(GEN)/man
	$(RELEASE_BIN) schema > $(GEN)/schema.json
	python3 scripts/make-program-man docs/program-format.md $(GEN)/schema.json $(MAN_DATE) > $(GEN)/man/limber-program.5

## completions: bash, zsh and fish completion scripts from the command definitions
completions: release
	mkdir -p $(GEN)/completions
	$(RELEASE_BIN) --generate-completion-script bash | sed '1{/^#!/d}' > $(GEN)/completions/limber
	$(RELEASE_BIN) --generate-completion-script zsh > $(GEN)/completions/_limber
	$(RELEASE_BIN) --generate-completion-script fish > $(GEN)/completions/limber.fish

## dist: everything `make install` copies: the release binary, man pages and completions
dist: release man completions

# Under sudo, swift is usually not on the PATH: then install copies what `make dist` built.
DIST_FILES = $(RELEASE_BIN) $(GEN)/man/limber.1 $(GEN)/completions/limber
$(DIST_FILES):
	@echo "limber: $@ is missing; run 'make dist' first (as yourself, with swift on the PATH)" >&2; exit 1

## install: the stripped binary, cue sounds, sample programs, man pages and shell completions
## under PREFIX (default /usr/local), staged under DESTDIR when set
install: $(if $(shell command -v $(SWIFT)),dist,$(DIST_FILES))
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/limber/sounds/voice $(DESTDIR)$(DATADIR)/limber/programs $(DESTDIR)$(DATADIR)/limber/programs/library \
	  $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 \
	  $(DESTDIR)$(BASH_COMPLETIONS) $(DESTDIR)$(ZSH_COMPLETIONS) $(DESTDIR)$(FISH_COMPLETIONS)
	install -m 0755 $(RELEASE_BIN) $(DESTDIR)$(BINDIR)/limber
	$(STRIP) --remove-section=.comment --remove-section=.note $(DESTDIR)$(BINDIR)/limber
	install -m 0644 Sounds/*.wav $(DESTDIR)$(DATADIR)/limber/sounds/
	install -m 0644 Sounds/voice/*.wav $(DESTDIR)$(DATADIR)/limber/sounds/voice/
	install -m 0644 Programs/*.yaml $(DESTDIR)$(DATADIR)/limber/programs/
	install -m 0644 Programs/library/*.yaml $(DESTDIR)$(DATADIR)/limber/programs/library/
	install -m 0644 $(GEN)/man/*.1 $(DESTDIR)$(MANDIR)/man1/
	install -m 0644 $(GEN)/man/*.5 $(DESTDIR)$(MANDIR)/man5/
	install -m 0644 $(GEN)/completions/limber $(DESTDIR)$(BASH_COMPLETIONS)/limber
	install -m 0644 $(GEN)/completions/_limber $(DESTDIR)$(ZSH_COMPLETIONS)/_limber
	install -m 0644 $(GEN)/completions/limber.fish $(DESTDIR)$(FISH_COMPLETIONS)/limber.fish

## uninstall: removes what `make install` put under PREFIX (same PREFIX and DESTDIR)
uninstall:
	rm -f $(DESTDIR)$(BINDIR)/limber $(DESTDIR)$(MANDIR)/man1/limber.1 $(DESTDIR)$(MANDIR)/man5/limber-program.5 \
	  $(DESTDIR)$(BASH_COMPLETIONS)/limber $(DESTDIR)$(ZSH_COMPLETIONS)/_limber $(DESTDIR)$(FISH_COMPLETIONS)/limber.fish
	rm -rf $(DESTDIR)$(DATADIR)/limber

## deb: limber_VERSION_ARCH.deb in this folder, from an install under /usr staged in .build/deb
DEB_ROOT = .build/deb/root
deb:
	scripts/install-deps --deb
	rm -rf $(DEB_ROOT)
	$(MAKE) install DESTDIR=$(CURDIR)/$(DEB_ROOT) PREFIX=/usr ZSH_COMPLETIONS=/usr/share/zsh/vendor-completions
	scripts/make-deb $(DEB_ROOT) $(VERSION) .

BENCH_MINUTES ?= 10

## bench: release-build benchmarks: validate and plan (wall time, peak RSS); the audio engine
## over a real-time session of BENCH_MINUTES (cue onset error, CPU, RSS; aplay per cue); a
## 3-minute guided session under a pty (voice, --voice off, --no-sound) against termdown and
## countdown-cli; limber report over a generated ten-year, ten-patient log against jq and a
## Python loop; a fixed CPU loop as each of those parts starts and ends (the machine's speed); then
## one table of every figure with goals and ratios (BENCH_TABLE_FLAGS=--strict:
## exit 1 when a goal is missed)
BENCH_RESULTS = .build/bench/results.jsonl
BENCH_TABLE_FLAGS ?=
bench: release
	$(SWIFT) build $(RELEASE_FLAGS) --product limber-bench
	mkdir -p .build/bench && rm -f $(BENCH_RESULTS)
	BENCH_RESULTS=$(BENCH_RESULTS) python3 scripts/bench.py $(RELEASE_BIN)
	.build/release/limber-bench audio --minutes $(BENCH_MINUTES)
	.build/release/limber-bench speech --program $(PROGRAM)
	BENCH_RESULTS=$(BENCH_RESULTS) python3 scripts/bench-session.py $(RELEASE_BIN) --minutes 3
	BENCH_RESULTS=$(BENCH_RESULTS) python3 scripts/bench-report.py $(RELEASE_BIN) $(BENCH_REPORT_FLAGS)
	python3 scripts/bench-table.py $(BENCH_TABLE_FLAGS) $(BENCH_RESULTS)

## scale: a clinic of SCALE_PATIENTS (default 10,000) patients' year-long logs: limber report over
## the folder (time, peak RSS), the FHIR export (time, size), DuckDB and Parquet, Spark if pyspark
## is installed (not in CI: minutes and gigabytes, in .build/scale)
scale: release
	scripts/scale $(RELEASE_BIN)

clean:
	rm -rf .build limber_*.deb
