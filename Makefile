# foitab.  `make run`: set up, build, run on fixtures/replies.  `make test`: set up, build
# under AddressSanitizer+UBSan, run every test.  V=1 shows commands.
Q := $(if $(V),,@)
CC ?= cc
PKGS := libxml-2.0 libpcre2-8 xlsxwriter sqlite3 libzip poppler-glib zlib
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
WARN := -Wall -Wextra -Werror -Wshadow -Wno-unused-parameter
BASE_CFLAGS = -std=c17 -D_GNU_SOURCE -I. -Ibuild $(WARN) $(PKG_CFLAGS)
VERSION := 0.1.0

SRC := $(wildcard util/*.c parsers/*.c normalize/*.c output/*.c pipeline/*.c)
LIB_SRC := $(filter-out pipeline/main.c,$(SRC))
RULES := $(sort $(wildcard normalize/rules/*.tsv))
TESTS := $(basename $(notdir $(wildcard tests/test_*.c)))

# Two builds: release (build/) for `make run` and benchmarks, sanitized (build/san/) for tests.
REL := build/rel
SAN := build/san
REL_FLAGS := -O2 -g
SAN_FLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

.PHONY: all run test unit e2e setup clean format bench fuzz fuzz-replay hostile
all: foitab

setup:
	$(Q)scripts/setup

foitab: $(REL)/foitab
	$(Q)cp $< $@.tmp && mv -f $@.tmp $@

$(REL)/%.o: %.c | setup-once
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(BASE_CFLAGS) $(REL_FLAGS) -DFOI_VERSION='"$(VERSION)"' -MMD -MP -c $< -o $@
$(SAN)/%.o: %.c | setup-once
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(BASE_CFLAGS) $(SAN_FLAGS) -DFOI_VERSION='"$(VERSION)"' -MMD -MP -c $< -o $@

build/rules_data.c: $(RULES) scripts/embed-rules
	@mkdir -p build
	$(Q)scripts/embed-rules $@ $(RULES)

$(REL)/libfoitab.a: $(LIB_SRC:%.c=$(REL)/%.o) $(REL)/build/rules_data.o
	$(Q)rm -f $@ && ar rcs $@ $^
$(SAN)/libfoitab.a: $(LIB_SRC:%.c=$(SAN)/%.o) $(SAN)/build/rules_data.o
	$(Q)rm -f $@ && ar rcs $@ $^

$(REL)/foitab: $(REL)/pipeline/main.o $(REL)/libfoitab.a
	$(Q)$(CC) $(REL_FLAGS) -o $@ $^ $(PKG_LIBS) -lm -lpthread
$(SAN)/foitab: $(SAN)/pipeline/main.o $(SAN)/libfoitab.a
	$(Q)$(CC) $(SAN_FLAGS) -o $@ $^ $(PKG_LIBS) -lm -lpthread

$(SAN)/tests/%: tests/%.c $(SAN)/libfoitab.a
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(BASE_CFLAGS) $(SAN_FLAGS) -o $@ $< $(SAN)/libfoitab.a $(PKG_LIBS) \
	    $(shell pkg-config --libs cmocka) -lm -lpthread

# The set-up runs once per make invocation, before anything is compiled.
.PHONY: setup-once
setup-once:
	$(Q)scripts/setup

run: setup-once foitab
	$(Q)mkdir -p out
	$(Q)./foitab run fixtures/replies -o out/foitab.xlsx --csv out/csv; rc=$$?; \
	    echo "wrote out/foitab.xlsx and out/csv/ (exit $$rc)"; [ $$rc -le 1 ]

unit: $(addprefix $(SAN)/tests/,$(or $(T),$(TESTS)))
	$(Q)fail=0; for t in $(or $(T),$(TESTS)); do \
	    ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1 $(SAN)/tests/$$t || fail=1; \
	done; [ $$fail -eq 0 ]

e2e: $(SAN)/foitab
	$(Q)FOITAB=$(SAN)/foitab tests/e2e.sh
	$(Q)FOITAB=$(SAN)/foitab tests/incremental.sh
	$(Q)FOITAB=$(SAN)/foitab tests/golden/check.sh
	$(Q)FOITAB=$(SAN)/foitab tests/golden/libreoffice.sh
	$(Q)FOITAB=$(SAN)/foitab tests/office.sh

test: setup-once unit e2e fuzz-replay hostile
	@echo "all tests passed"

# Fuzzing (issue 8).  `make fuzz` builds libFuzzer harnesses (clang) into build/fuzz/; run one
# with e.g. build/fuzz/fuzz_html -max_total_time=600 build/fuzz/corpus/fuzz_html fixtures/fuzz/fuzz_html.
# `make fuzz-replay` feeds each fixtures/fuzz/<harness>/ corpus to its harness through a plain
# main() under ASan+UBSan: no libFuzzer needed.
FUZZ := build/fuzz
FUZZ_CC ?= clang
FUZZ_FLAGS := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined
FUZZERS := $(basename $(notdir $(wildcard tests/fuzz/fuzz_*.c)))

$(FUZZ)/%.o: %.c | setup-once
	@mkdir -p $(dir $@)
	$(Q)$(FUZZ_CC) $(BASE_CFLAGS) $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link \
	    -DFOI_VERSION='"$(VERSION)"' -MMD -MP -c $< -o $@
$(FUZZ)/libfoitab.a: $(LIB_SRC:%.c=$(FUZZ)/%.o) $(FUZZ)/build/rules_data.o
	$(Q)rm -f $@ && ar rcs $@ $^
$(FUZZ)/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ)/libfoitab.a
	$(Q)$(FUZZ_CC) $(BASE_CFLAGS) $(FUZZ_FLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ)/libfoitab.a \
	    $(PKG_LIBS) -lm -lpthread

fuzz: $(addprefix $(FUZZ)/,$(FUZZERS))

$(SAN)/fuzz/%: tests/fuzz/%.c tests/fuzz/replay_main.c $(SAN)/libfoitab.a
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(BASE_CFLAGS) $(SAN_FLAGS) -o $@ $< tests/fuzz/replay_main.c $(SAN)/libfoitab.a \
	    $(PKG_LIBS) -lm -lpthread

fuzz-replay: $(addprefix $(SAN)/fuzz/,$(FUZZERS))
	$(Q)fail=0; for f in $(FUZZERS); do \
	    [ -d fixtures/fuzz/$$f ] || continue; \
	    ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1 \
	        $(SAN)/fuzz/$$f fixtures/fuzz/$$f || fail=1; \
	done; [ $$fail -eq 0 ]

hostile: $(SAN)/foitab
	$(Q)FOITAB=$(SAN)/foitab tests/hostile.sh


format:
	$(Q)clang-format -i $(SRC) $(wildcard util/*.h parsers/*.h normalize/*.h output/*.h pipeline/*.h tests/*.c)

bench: foitab
	$(Q)scripts/bench

clean:
	rm -rf build foitab out

-include $(shell find build -name '*.d' 2>/dev/null)
