# hikeshi — GNU Make build.
#
#   make            build build/hikeshi
#   make run        install deps, build, create ./var/hikeshi.db with demo data if absent, serve on :8080
#   make test       install deps, build (gcc, clang, ASan+UBSan), run every test layer
#   make bench      benchmarks (see docs/PERFORMANCE.md)
#
# CC=clang works too; warnings are errors with both compilers.

ifeq ($(origin CC),default)
CC := gcc
endif
PKGS    := libmicrohttpd jansson sqlite3 libsodium inih gmime-3.0 libidn2 libcurl zlib pangocairo cairo cairo-pdf cairo-svg cairo-png xlsxwriter
CFLAGS  ?= -O2 -g
WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wformat=2 -Wno-format-nonliteral -Wno-missing-field-initializers
CPPFLAGS_ALL = -std=c11 -D_GNU_SOURCE -Isrc -Ibuild/gen $(shell pkg-config --cflags $(PKGS))
LDLIBS_ALL   = $(shell pkg-config --libs $(PKGS)) -lcmark-gfm -lcmark-gfm-extensions -lmagic -lpthread -lm

SRC     := $(sort $(wildcard src/lib/*.c src/core/*.c src/store/*.c src/app/*.c src/http/*.c src/intake/*.c src/cli/*.c src/report/*.c)) src/main.c
WEB     := $(sort $(shell find web -type f \( -name '*.html' -o -name '*.css' -o -name '*.js' -o -name '*.json' -o -name '*.svg' \) 2>/dev/null))
EMBED   := $(sort $(wildcard src/store/migrations/*.sql)) data/taxonomy/rsit.json $(wildcard data/build/*.json data/build/templates/*.md data/risk/*.json data/evaluation/*.json) docs/openapi.json $(WEB)
GEN     := build/gen/embedded.c

B        ?= build
OBJ      := $(SRC:%.c=$(B)/obj/%.o) $(B)/obj/gen/embedded.o
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)
# The report renderer's pure parts (model validation, axis steps) are unit-tested too.
RENDER_SRC := src/report/model.c src/report/axis.c src/report/chart.c src/report/draw.c \
              src/report/render_pdf.c src/report/render_html.c src/report/render_csv.c src/report/markdown_model.c
LIB_OBJ  := $(filter $(B)/obj/src/lib/% $(B)/obj/src/core/% $(B)/obj/src/store/% $(B)/obj/src/intake/% $(B)/obj/src/app/actor.o,$(OBJ)) \
            $(B)/obj/src/report/model.o $(B)/obj/src/report/axis.o $(B)/obj/src/report/compose.o $(B)/obj/src/report/metrics.o \
            $(B)/obj/src/report/markdown_model.o

ASAN_FLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined

.PHONY: all deps run test test-only unit asan clang bench bench-build clean format fuzz fuzz-build
all: $(B)/hikeshi

deps:
	@scripts/install-deps

$(GEN): $(EMBED) scripts/embed.sh
	@mkdir -p $(dir $@)
	@echo "  EMBED   $@"
	@scripts/embed.sh $(EMBED) > $@.tmp && mv $@.tmp $@

$(B)/obj/gen/embedded.o: $(GEN)
	@mkdir -p $(dir $@)
	@echo "  CC      $@"
	@$(CC) $(CPPFLAGS_ALL) $(CFLAGS) -c $< -o $@

$(B)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $@"
	@$(CC) $(CPPFLAGS_ALL) $(CFLAGS) $(WARN) -MMD -MP -c $< -o $@

$(B)/hikeshi: $(OBJ)
	@echo "  LINK    $@"
	@$(CC) $(CFLAGS) -o $@ $(OBJ) $(LDLIBS_ALL)

$(B)/tests/%: tests/unit/%.c $(LIB_OBJ) $(B)/obj/gen/embedded.o
	@mkdir -p $(dir $@)
	@echo "  LINK    $@"
	@$(CC) $(CPPFLAGS_ALL) $(CFLAGS) $(WARN) $(shell pkg-config --cflags cmocka) -o $@ $< $(LIB_OBJ) $(B)/obj/gen/embedded.o $(LDLIBS_ALL) $(shell pkg-config --libs cmocka)

unit: $(UNIT_BIN)

# The sanitizer build lives in build/asan with the same rules.
asan:
	@$(MAKE) --no-print-directory B=build/asan CFLAGS="$(ASAN_FLAGS)" build/asan/hikeshi unit

# Compile everything with clang too, so both compilers keep -Werror clean.
clang:
	@$(MAKE) --no-print-directory B=build/clang CC=clang build/clang/hikeshi unit

run: deps all
	@scripts/run-demo

test: deps
	@$(MAKE) --no-print-directory all unit
	@$(MAKE) --no-print-directory clang
	@$(MAKE) --no-print-directory asan
	@$(MAKE) --no-print-directory fuzz-build
	@scripts/test-all

# Run the layers without rebuilding (for development).
test-only:
	@scripts/test-all

bench: deps all bench-build
	@bench/run

format:
	clang-format -i $(SRC) $(wildcard src/*/*.h) $(UNIT_SRC) tests/fuzz/*.c

clean:
	rm -rf build

-include $(OBJ:.o=.d)

# Fuzz targets (libFuzzer + ASan + UBSan, clang): every tests/fuzz/fuzz_*.c.
# `make fuzz` runs each for FUZZ_SECONDS (default 60); `make test` runs a
# short smoke of each.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := $(patsubst tests/fuzz/%.c,build/fuzz/%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_SRC := $(filter-out src/core/markdown.c,$(wildcard src/core/*.c)) src/core/markdown.c src/lib/cursor.c \
            src/lib/timeutil.c src/lib/buf.c src/lib/log.c src/http/problem.c src/app/actor.c src/app/app.c \
            $(wildcard src/intake/*.c) $(RENDER_SRC)
build/fuzz/%: tests/fuzz/%.c $(FUZZ_SRC)
	@mkdir -p $(dir $@)
	@echo "  FUZZ    $@"
	@clang -std=c11 -D_GNU_SOURCE -Isrc -Ibuild/gen $(shell pkg-config --cflags $(PKGS)) -g -O1 \
		-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -o $@ $^ $(LDLIBS_ALL)
fuzz-build: $(FUZZ_TARGETS)
fuzz: $(FUZZ_TARGETS)
	@for t in $(FUZZ_TARGETS); do n=$$(basename $$t); mkdir -p build/fuzz/corpus-$$n; \
		echo "== $$n"; $$t -max_total_time=$(FUZZ_SECONDS) -max_len=65536 build/fuzz/corpus-$$n tests/fuzz/corpus || exit 1; done

# Benchmark helpers for the mail path (bench/run): the parser alone, and the
# MTA-side driver that runs hikeshi mailgate once per message.
bench-build: $(B)/bench/mimebench $(B)/bench/mgdrive
$(B)/bench/mimebench: bench/mimebench.c $(filter $(B)/obj/src/intake/% $(B)/obj/src/lib/%,$(OBJ)) $(B)/obj/gen/embedded.o
	@mkdir -p $(dir $@)
	@echo "  LINK    $@"
	@$(CC) $(CPPFLAGS_ALL) $(CFLAGS) $(WARN) -o $@ $^ $(LDLIBS_ALL)
$(B)/bench/mgdrive: bench/mgdrive.c
	@mkdir -p $(dir $@)
	@echo "  LINK    $@"
	@$(CC) $(CFLAGS) $(WARN) -o $@ $<
