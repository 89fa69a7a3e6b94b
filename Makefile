# rfmkit - customer segments from transaction exports, as Unix filters.
#
#   make                 build librfmkit.a and the commands into build/
#   make check           build and run every test
#   make SANITIZE=1 check   the same under -fsanitize=address,undefined
#   make tsan-check      the multi-threaded paths under ThreadSanitizer (in check)
#   make demo            the pipeline on the bundled real data
#   make deb             the Debian package, in build-deb/ (tests/deb.sh)
#   make bench           benchmarks on the full dataset (not part of check;
#                        BENCH_SECTIONS, BENCH_ENGINE_ROWS: tests/bench.sh)
#   make valgrind        every case under valgrind's memcheck (slow; not in check)
#   make install         install commands, man pages, completion, data
#                        (PREFIX, DESTDIR)
#   make fuzz            fuzz each parser for FUZZ_TIME seconds (clang, libFuzzer)
#   make fuzz-regress    every fuzzer over its committed corpus, once

VERSION = 0.1.0
PREFIX ?= /usr/local
BINDIR = $(PREFIX)/bin
MANDIR = $(PREFIX)/share/man
DATADIR = $(PREFIX)/share/rfmkit
# bash-completion loads a command's completion from a file of its name.
BASHCOMPDIR = $(PREFIX)/share/bash-completion/completions

CC ?= cc
CFLAGS ?= -O2
WARN = -Wall -Wextra -Werror
ALL_CFLAGS = -std=c11 $(WARN) -pthread -D_GNU_SOURCE -DRFMKIT_VERSION='"$(VERSION)"' \
	-Ilib $(CPPFLAGS) $(CFLAGS)
# libcsv parses; zlib, liblzma, libzstd and libbz2 read compressed input.
LIBS = -lcsv -lz -llzma -lzstd -lbz2 -lm -pthread

ifeq ($(SANITIZE),thread)
B = build-tsan
ALL_CFLAGS += -g -fsanitize=thread
LDFLAGS += -fsanitize=thread
else ifdef SANITIZE
B = build-sanitize
ALL_CFLAGS += -g -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=all
LDFLAGS += -fsanitize=address,undefined
else
B = build
endif

CMDS = rfm-extract rfm-scale kmeans-fit segment-predict
LIB_SRC = $(wildcard lib/*.c)
LIB_OBJ = $(LIB_SRC:lib/%.c=$(B)/lib/%.o)
LIB_HDR = $(wildcard lib/*.h)
# The static library every command links, in the build directory.
LIB = $(B)/librfmkit.a
BINS = $(CMDS:%=$(B)/%)
# rfmkit-report and rfmkit-demo are shell scripts: in the build tree they
# use the data and gnuplot scripts of data/, installed those of DATADIR.
SCRIPTS = rfmkit-report rfmkit-demo
PLOTS = data/rfmkit-plot.gp data/rfm-distributions.gp data/choose-k.gp \
	data/segments.gp data/profiles.gp data/share.gp data/migration.gp

UNIT_SRC = $(wildcard tests/unit/*.c)
# Shared by the tools and the unit tests (collide.h: the old hash).
TOOL_HDR = $(wildcard tests/tools/*.h)
TOOLS = $(B)/tools/csvbare $(B)/tools/csvmangle $(B)/tools/gen \
	$(B)/tools/runtime $(B)/tools/flipcheck $(B)/tools/pngcheck
CHECK_LIBS = $(shell pkg-config --libs check 2>/dev/null)

MANPAGES = $(wildcard man/*.[1-8])

all: $(BINS) $(SCRIPTS:%=$(B)/%)

# A missing library stops the build with the package that provides it.
HAVE = \
	'csv.h csv_init -lcsv libcsv-dev' \
	'zlib.h zlibVersion -lz zlib1g-dev' \
	'lzma.h lzma_version_string -llzma liblzma-dev' \
	'zstd.h ZSTD_versionNumber -lzstd libzstd-dev' \
	'bzlib.h BZ2_bzlibVersion -lbz2 libbz2-dev'
$(B)/.have-libs:
	@mkdir -p $(B)
	@for h in $(HAVE); do set -- $$h; \
	  printf '#include <%s>\nint main(void){return (int)(long)%s != 1;}\n' \
	    $$1 $$2 | $(CC) -x c - -o $(B)/.have.bin $$3 >/dev/null 2>&1 || { \
	    echo "rfmkit: $$1 and $$3 were not found." >&2; \
	    echo "rfmkit: on Debian or Ubuntu: apt-get install $$4" >&2; \
	    exit 1; }; \
	done
	@rm -f $(B)/.have.bin
	@touch $@

$(B)/.have-check:
	@mkdir -p $(B)
	@pkg-config --exists check 2>/dev/null || { \
	  echo "rfmkit: the Check unit-test library was not found (pkg-config check)." >&2; \
	  echo "rfmkit: on Debian or Ubuntu: apt-get install check pkg-config" >&2; \
	  exit 1; }
	@touch $@

$(B)/lib/%.o: lib/%.c $(LIB_HDR) | $(B)/.have-libs
	@mkdir -p $(B)/lib
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(LIB): $(LIB_OBJ)
	rm -f $@
	$(AR) rcs $@ $(LIB_OBJ)

$(B)/%: cmd/%.c $(LIB) $(LIB_HDR)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(LIB) $(LIBS)

$(B)/%: cmd/%.in Makefile
	@mkdir -p $(B)
	sed -e 's|@VERSION@|$(VERSION)|' -e 's|@DATADIR@|$(CURDIR)/data|' \
	  $< > $@.tmp && chmod +x $@.tmp && mv $@.tmp $@

$(B)/tools/%: tests/tools/%.c $(LIB) $(LIB_HDR) $(TOOL_HDR)
	@mkdir -p $(B)/tools
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(LIB) $(LIBS)

$(B)/unit-tests: $(UNIT_SRC) $(LIB) $(LIB_HDR) $(TOOL_HDR) | $(B)/.have-check
	$(CC) $(ALL_CFLAGS) $(shell pkg-config --cflags check 2>/dev/null) \
	  $(LDFLAGS) -o $@ $(UNIT_SRC) $(LIB) $(LIBS) $(CHECK_LIBS)

# The suite: unit tests of lib/, the library's independence from the
# command-line layer, table-driven end-to-end cases, the bad-input corpus,
# I/O faults, the weekly refit killed at each step, bit flips of model and
# scaler files, parity with the pandas and scikit-learn fixtures on the
# real data (the migration table too), RFM scores against pandas and the
# R package rfm, the man pages and --help, the pictures, the report page
# (its form driven in headless Chromium), the README's examples, make
# install, the bash completion against --help, the Debian package
# (built, linted, its commands run; not under SANITIZE), the distributed
# job (run by GNU parallel over ssh to a private sshd on 127.0.0.1, and
# under Hadoop's and Spark's contract), and the fuzzers' corpora.
check: all $(B)/unit-tests $(TOOLS)
	CK_FORK=yes $(B)/unit-tests
	sh tests/layers.sh $(LIB)
	sh tests/run-cases.sh $(B) tests/cases
	sh tests/bad-input.sh
	sh tests/faults.sh $(B)
	sh tests/partial.sh $(B)
	sh tests/refit.sh $(B)
	sh tests/bitflip.sh $(B)
	sh tests/parity.sh $(B)
	sh tests/parity-model.sh $(B)
	sh tests/migration.sh $(B)
	sh tests/scores.sh $(B)
	sh tests/man.sh $(B)
	sh tests/help.sh $(B)
	sh tests/pictures.sh $(B)
	sh tests/browser-selftest.sh $(B)
	sh tests/report.sh $(B)
	sh tests/readme.sh $(B)
	sh tests/install.sh "$(MAKE)" $(if $(SANITIZE),SANITIZE=1)
	sh tests/completion.sh $(B)
	$(if $(SANITIZE),,sh tests/deb.sh build-deb)
	sh tests/engine-contract.sh $(B)
	sh tests/engine-parallel.sh $(B)
	@$(MAKE) --no-print-directory fuzz-check
	$(if $(SANITIZE),,@$(MAKE) --no-print-directory tsan-check)
	@echo "rfmkit: all tests passed ($(B))"

# ThreadSanitizer over every multi-threaded path: the unit tests of the
# reader's rounds (csvin, extract), of numbers parsed by its threads (num),
# of the hash key drawn once for all threads (strmap), of the pool (rng),
# k-means and the silhouette (quality), and the
# end-to-end cases that run the commands with several threads, built with
# -fsanitize=thread; a data race fails them (exit 66).  Part of check.
TSAN_ENV = TSAN_OPTIONS='halt_on_error=1 exitcode=66'
TSAN_SUITES = csvin extract num strmap rng kmeans quality
tsan-check:
	@$(MAKE) --no-print-directory SANITIZE=thread all build-tsan/unit-tests
	@for s in $(TSAN_SUITES); do \
	  echo "tsan: unit suite $$s"; \
	  $(TSAN_ENV) CK_FORK=yes CK_RUN_SUITE=$$s build-tsan/unit-tests \
	    > build-tsan/unit-$$s.log 2>&1 || \
	    { cat build-tsan/unit-$$s.log; exit 1; }; \
	done
	$(TSAN_ENV) sh tests/run-cases.sh build-tsan tests/cases '*threads*'

# The main job on the bundled real data, for a new user.
demo: all
	$(B)/rfmkit-demo out

# The Debian package, built from a copy of the tree into build-deb/,
# linted and its commands run (tests/deb.sh; make check does the same).
deb:
	sh tests/deb.sh build-deb

bench: all $(TOOLS)
	sh tests/bench.sh $(B)

# Every case of tests/cases with each command under valgrind's memcheck:
# $(B)/valgrind/ holds scripts named like the commands, first in PATH, so
# that an invalid access or a leak fails its case (exit 99, valgrind's
# report on stderr); the runs that exit 99 are also listed at the end,
# and they alone make the target fail.
# Slow: not part of check.  VALGRIND_CASES picks the cases by a name
# pattern, as run-cases.sh does.  --vgdb=no: the gdb server's file in
# TMPDIR would fail the cases that set ulimit -f 0.  Cases that fail
# under valgrind without a memcheck error: rfm-scale-tmpdir (valgrind
# itself needs TMPDIR), and those whose numbers go through num.c's long
# double path (valgrind computes x87 long doubles in double precision,
# so a number read from a scaler file may differ in its last digit).
VALGRIND = valgrind --tool=memcheck --leak-check=full \
	--errors-for-leak-kinds=definite,indirect --error-exitcode=99 -q \
	--vgdb=no
VALGRIND_CASES = *

valgrind: all
	@command -v valgrind > /dev/null || { \
	  echo "rfmkit: valgrind was not found; on Debian or Ubuntu:" \
	    "apt-get install valgrind" >&2; exit 1; }
	@mkdir -p $(B)/valgrind
	@rm -f $(B)/valgrind/errors.log
	@for c in $(CMDS); do \
	  { echo '#!/bin/sh'; \
	    echo '$(VALGRIND) "'"$$(pwd)/$(B)/$$c"'" "$$@"'; \
	    echo 's=$$?'; \
	    echo '[ $$s != 99 ] || echo "'"$$c"' $$*" >> "'"$$(pwd)/$(B)/valgrind/errors.log"'"'; \
	    echo 'exit $$s'; } > $(B)/valgrind/$$c && \
	  chmod +x $(B)/valgrind/$$c || exit 1; done
	@st=0; sh tests/run-cases.sh $(B)/valgrind tests/cases \
	  '$(VALGRIND_CASES)' || st=$$?; \
	if [ -s $(B)/valgrind/errors.log ]; then \
	  echo "valgrind: memcheck errors (exit 99) in these runs:"; \
	  cat $(B)/valgrind/errors.log; \
	  exit 1; \
	fi; \
	echo "valgrind: no memcheck error"; \
	[ $$st = 0 ] || echo "valgrind: the cases that failed above" \
	  "failed without a memcheck error (see the note above this target)"

.PHONY: valgrind

install: all
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
	  $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man7 $(DESTDIR)$(DATADIR) \
	  $(DESTDIR)$(BASHCOMPDIR)
	cp $(BINS) $(DESTDIR)$(BINDIR)/
	for s in $(SCRIPTS); do \
	  sed -e 's|@VERSION@|$(VERSION)|' -e 's|@DATADIR@|$(DATADIR)|' \
	    cmd/$$s.in > $(DESTDIR)$(BINDIR)/$$s && \
	  chmod 755 $(DESTDIR)$(BINDIR)/$$s || exit 1; done
	for m in $(MANPAGES); do \
	  s=$${m##*.}; cp $$m $(DESTDIR)$(MANDIR)/man$$s/ || exit 1; done
	cp data/README data/sample.csv data/online_retail.csv.xz $(PLOTS) \
	  $(DESTDIR)$(DATADIR)/
	cp data/rfmkit.bash-completion $(DESTDIR)$(BASHCOMPDIR)/rfm-extract
	for c in $(filter-out rfm-extract,$(CMDS)) $(SCRIPTS); do \
	  ln -sf rfm-extract $(DESTDIR)$(BASHCOMPDIR)/$$c || exit 1; done

uninstall:
	for c in $(CMDS) $(SCRIPTS); do \
	  rm -f $(DESTDIR)$(BINDIR)/$$c $(DESTDIR)$(BASHCOMPDIR)/$$c; done
	for m in $(MANPAGES); do \
	  s=$${m##*.}; rm -f $(DESTDIR)$(MANDIR)/man$$s/$${m#man/}; done
	rm -f $(DESTDIR)$(DATADIR)/README $(DESTDIR)$(DATADIR)/sample.csv \
	  $(DESTDIR)$(DATADIR)/online_retail.csv.xz
	for p in $(PLOTS); do rm -f $(DESTDIR)$(DATADIR)/$${p#data/}; done
	-rmdir $(DESTDIR)$(DATADIR)

clean:
	rm -rf build build-sanitize build-tsan build-deb

.PHONY: all check tsan-check demo deb bench install uninstall clean
.SECONDARY:

# Coverage-guided fuzzing of the parsers (tests/fuzz/fuzz_*.c) with
# libFuzzer, AddressSanitizer and UndefinedBehaviorSanitizer.  The fuzzers
# and a clang build of lib/ go to $(B)/fuzz/; the plain build is not
# touched.
#   make fuzz [FUZZ_TIME=60] [FUZZ_TARGETS="num date"] [FUZZ_ARGS=...]
#       each target for FUZZ_TIME seconds on a copy of its corpus
#   make fuzz-regress
#       each target over tests/fuzz/corpus/TARGET once (make check runs it
#       when clang and libFuzzer work)
#   make fuzz-build
#       only build them
FUZZ_CC = clang
FUZZ_TIME = 60
FUZZ_TARGETS = csv_extract date num tsv scaler_file model_file options textenc \
	partial previous breaks_file rules_file
FUZZ_DIR = $(B)/fuzz
FUZZ_CFLAGS = -std=c11 -Wall -Wextra -pthread -D_GNU_SOURCE \
	-DRFMKIT_VERSION='"fuzz"' -Ilib -g -O1 -fno-omit-frame-pointer \
	-fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_LIB_OBJ = $(LIB_SRC:lib/%.c=$(FUZZ_DIR)/lib/%.o)
FUZZ_BINS = $(FUZZ_TARGETS:%=$(FUZZ_DIR)/fuzz_%)
FUZZ_PROBE = printf '\#include <stddef.h>\n\#include <stdint.h>\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }\n' | \
	$(FUZZ_CC) -fsanitize=fuzzer,address,undefined -x c - \
	-o $(FUZZ_DIR)/.probe >/dev/null 2>&1
FUZZ_MISSING = clang with libFuzzer ($(FUZZ_CC) -fsanitize=fuzzer) does not \
	work here; on Debian or Ubuntu: apt-get install clang libclang-rt-14-dev

$(FUZZ_DIR)/.have-libfuzzer:
	@mkdir -p $(FUZZ_DIR)
	@$(FUZZ_PROBE) || { echo "rfmkit: $(FUZZ_MISSING)" >&2; exit 1; }
	@rm -f $(FUZZ_DIR)/.probe
	@touch $@

$(FUZZ_DIR)/lib/%.o: lib/%.c $(LIB_HDR) | $(FUZZ_DIR)/.have-libfuzzer
	@mkdir -p $(FUZZ_DIR)/lib
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

$(FUZZ_DIR)/librfmkit.a: $(FUZZ_LIB_OBJ)
	rm -f $@
	$(AR) rcs $@ $(FUZZ_LIB_OBJ)

# The library's read(2) calls go through tests/fuzz/fuzz.h (--wrap=read),
# which can make them short, interrupted or failing.
$(FUZZ_DIR)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h \
    tests/fuzz/num_oracle.h tests/fuzz/textenc_oracle.h \
    $(FUZZ_DIR)/librfmkit.a $(LIB_HDR)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< \
	  $(FUZZ_DIR)/librfmkit.a $(LIBS) -Wl,--wrap=read

fuzz-build: $(FUZZ_BINS)

fuzz: $(FUZZ_BINS)
	sh tests/fuzz/run.sh run $(FUZZ_DIR) $(FUZZ_TIME) $(FUZZ_TARGETS)

fuzz-regress: $(FUZZ_BINS)
	sh tests/fuzz/run.sh regress $(FUZZ_DIR) 0 $(FUZZ_TARGETS)

# Part of make check: the regression when clang and libFuzzer work.
fuzz-check:
	@mkdir -p $(FUZZ_DIR)
	@if $(FUZZ_PROBE); then \
	  rm -f $(FUZZ_DIR)/.probe; \
	  $(MAKE) --no-print-directory fuzz-regress || exit 1; \
	else \
	  echo "rfmkit: fuzz regression skipped: $(FUZZ_MISSING)"; \
	fi

.PHONY: fuzz fuzz-build fuzz-regress fuzz-check
