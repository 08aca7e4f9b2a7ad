# SPDX-License-Identifier: 0BSD
# svbox - flat, non-recursive GNU make; the only build entry point.
#   make                 build $(BUILD)/svbox from .config (configs/defconfig
#                        when there is none; no Kconfig frontend needed)
#   make defconfig | tinyconfig | oldconfig | menuconfig
#   make static          fully static binary with musl-gcc (musl-tools)
#   make check           unit tests, tree checks and the bats suite
#   make check SANITIZE=1   the same under AddressSanitizer + UBSan
#   make install DESTDIR= PREFIX=    svbox, one symlink per applet, man pages
#   make uninstall DESTDIR= PREFIX=  remove them again
#   make help            the targets and variables
#   make demo            a small supervision tree in the foreground
#   make bench           benchmarks against runit, busybox, s6, daemontools
#   make fuzz            libFuzzer targets: svlogd's parser, the time zone (clang)
#   make singles         link each applet alone (dependency check)

SANITIZE ?=
STATIC   ?=
ifeq ($(SANITIZE),1)
BUILD    ?= build/asan
else
BUILD    ?= build
endif
CONFIG   ?= $(if $(wildcard .config),.config,configs/defconfig)
PREFIX   ?= /usr/local
BINDIR   ?= $(PREFIX)/bin
MANDIR   ?= $(PREFIX)/share/man
DESTDIR  ?=
ifeq ($(SANITIZE),1)
CFLAGS   ?= -O1 -g
else ifeq ($(STATIC)$(origin CFLAGS),1undefined)
# the static (router, initramfs) build: -Oz where the compiler has it
# (gcc 12, clang), no jump tables: -1 KB tiny against -Os; integer
# registers only where the target has the option (x86, aarch64; svbox
# has no floating point): struct copies without vector moves, -0.5 KB;
# then gcc's passes that trade bytes for speed off, each measured
# (bench/README.md, "Size"): tail merging and partial inlining (-0.3 KB
# defconfig); the expensive optimisations, forward propagation, loop
# invariant motion, complete peeling, block copying, if-conversion,
# straight-line strength reduction and saving registers around calls,
# and a call counted as costing nothing beyond its arguments, so that
# less is inlined (-1.5 KB defconfig, -0.7 KB tiny); register pressure
# not weighed when hoisting, null checks kept, no RTL forward
# propagation, switches not turned into tables, loops not turned into
# memset/memcpy calls (-135 B defconfig); on x86 data aligned
# as the ABI asks, not to 32 bytes for vector loads svbox never makes
# (-160 B defconfig, -112 B tiny). Tried at once; one by one only where
# the compiler refuses the set (-malign-data is x86's alone).
try_cflag = $(shell $(CC) -Werror $(1) -S -o /dev/null -x c /dev/null 2>/dev/null && echo $(1))
SIZE_TRY := -fno-jump-tables -mgeneral-regs-only -fno-tree-tail-merge \
	-fno-partial-inlining -fno-expensive-optimizations -fno-tree-forwprop \
	-fno-tree-loop-im -fno-move-loop-invariants -fno-if-conversion \
	-fno-tree-slsr -fno-caller-saves --param=uninlined-function-insns=0 \
	--param=max-completely-peel-times=0 --param=max-grow-copy-bb-insns=1 \
	-fno-ira-hoist-pressure -fno-delete-null-pointer-checks \
	-fno-forward-propagate -fno-tree-switch-conversion \
	-fno-tree-loop-distribute-patterns -malign-data=abi
CFLAGS   := $(or $(call try_cflag,-Oz),-Os) $(or $(call try_cflag,$(SIZE_TRY)), \
	$(foreach f,$(SIZE_TRY),$(call try_cflag,$(f))))
else
CFLAGS   ?= -Os
endif
CPPFLAGS ?=
LDFLAGS  ?=

# Ours come first: a packager's CPPFLAGS, CFLAGS and LDFLAGS come after
# them on every command line, so their hardening (-fstack-protector-strong,
# -D_FORTIFY_SOURCE, -z relro) wins over the size-minded defaults here.
SV_CFLAGS := -std=c99 -D_GNU_SOURCE -Wall -Wextra -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -ffunction-sections -fdata-sections \
	-fno-asynchronous-unwind-tables -fno-stack-protector -I.
SV_LDFLAGS := -Wl,--gc-sections
ifeq ($(SANITIZE),1)
SV_CFLAGS += -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=undefined
SV_LDFLAGS += -fsanitize=address,undefined
endif
ifeq ($(STATIC),1)
# one RX and one RW segment, no build-id note, no RELRO page: a static
# binary gains nothing from them and each costs up to a page of padding.
# No PIE: constant tables of pointers stay in .rodata instead of the
# writable .data.rel.ro, so each daemon's writable data fits one page;
# sections sorted by alignment: no padding between them; no .comment
# section naming the compiler (-112 B with its section header). Link-time
# optimisation: calls across files inlined or dropped (-4 KB defconfig).
# SV_RAWSYS: libsv/sys.c's system-call wrappers replace musl's (-3.6 KB);
# libsv/rawsys.h, included first everywhere, calls open, openat and fcntl
# through fixed-argument forms (no va_list frames; -119 B).
SV_CFLAGS += -fno-pie -fno-ident -flto -DSV_RAWSYS -include libsv/rawsys.h
SV_LDFLAGS += -flto -flto-partition=one -static -no-pie -s -Wl,-z,noseparate-code \
	-Wl,--build-id=none -Wl,-z,norelro -Wl,--sort-section=alignment
# libsv/start.c's entry point instead of libc's start files, where it
# says it has one (static musl on x86_64 and aarch64, no stack protector)
OWN_START := $(shell $(CC) $(SV_CFLAGS) $(CPPFLAGS) $(CFLAGS) -dM -E libsv/start.c 2>/dev/null | \
	grep -c 'define SV_OWN_START')
endif
ifeq ($(WERROR),1)
SV_CFLAGS += -Werror
endif

GEN      := $(BUILD)/gen
LIBSV    := $(patsubst %.c,$(BUILD)/%.o,$(wildcard libsv/*.c))
APPLETS  := $(patsubst %.c,$(BUILD)/%.o,$(wildcard applets/*.c))
UNITS    := $(patsubst testsuite/libsv/%.c,$(BUILD)/unit/%,$(wildcard testsuite/libsv/*.c))

# Rebuild everything when the compiler or flags change (make static after
# make, SANITIZE=1, CC=clang): the flags live in a stamp file.
FLAGS_NOW := $(CC) $(SV_CFLAGS) $(CPPFLAGS) $(CFLAGS) $(SV_LDFLAGS) $(LDFLAGS)
$(shell mkdir -p $(BUILD) && { [ "$$(cat $(BUILD)/.flags 2>/dev/null)" = '$(FLAGS_NOW)' ] || echo '$(FLAGS_NOW)' > $(BUILD)/.flags; })

all: $(BUILD)/svbox

# The version: git describe in a git checkout, else the VERSION file; the
# header is rewritten only when it changes.
VERSION_NOW := $(shell git describe --tags --dirty 2>/dev/null || \
	{ v=$$(cat VERSION); h=$$(git rev-parse --short HEAD 2>/dev/null); echo "$$v$${h:+-g$$h}"; })
$(shell mkdir -p $(GEN) && { [ "$$(cat $(GEN)/version.h 2>/dev/null)" = '#define SVBOX_VERSION "$(VERSION_NOW)"' ] || echo '#define SVBOX_VERSION "$(VERSION_NOW)"' > $(GEN)/version.h; })

$(BUILD)/svbox: $(BUILD)/main.o $(APPLETS) $(LIBSV)
	$(CC) $(SV_CFLAGS) $(CFLAGS) $(SV_LDFLAGS) $(if $(filter 1,$(OWN_START)),-nostartfiles) \
		$(LDFLAGS) -o $@ $^

$(GEN)/config.h $(GEN)/applets.h $(GEN)/Kconfig.applets: $(CONFIG) Kconfig $(wildcard applets/*.c) scripts/gen.sh
	scripts/gen.sh $(CONFIG) $(GEN)
	@touch $(GEN)/config.h $(GEN)/applets.h

# libsv never sees config.h: it compiles the same in every configuration.
$(BUILD)/libsv/%.o: libsv/%.c $(BUILD)/.flags
	@mkdir -p $(@D)
	$(CC) $(SV_CFLAGS) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/%.o: %.c $(GEN)/config.h $(GEN)/applets.h $(BUILD)/.flags
	@mkdir -p $(@D)
	$(CC) $(SV_CFLAGS) -I$(GEN) -include config.h $(CPPFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

# the unit tests use libc's stdio, so libc's start-up (libsv/start.c)
$(BUILD)/unit/%: testsuite/libsv/%.c $(filter-out %/start.o,$(LIBSV))
	@mkdir -p $(@D)
	$(CC) $(SV_CFLAGS) $(CPPFLAGS) $(CFLAGS) $(SV_LDFLAGS) $(LDFLAGS) -o $@ $^

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

# configuration
defconfig:
	cp configs/defconfig .config
tinyconfig:
	cp configs/tiny_defconfig .config
oldconfig menuconfig: FORCE
	scripts/gen.sh $(CONFIG) build/gen
	@[ -f .config ] || cp configs/defconfig .config
	$(if $(filter oldconfig,$@),kconfig-conf --oldconfig,kconfig-mconf) Kconfig

static:
	$(MAKE) CC=musl-gcc STATIC=1

check: $(BUILD)/svbox $(UNITS)
	SVBOX=$(abspath $(BUILD)/svbox) UNITS="$(UNITS)" CONFIG=$(CONFIG) \
		scripts/check.sh

check-tree: $(BUILD)/svbox
	SVBOX=$(abspath $(BUILD)/svbox) scripts/check-tree.sh

singles:
	scripts/singles.sh

# The applet list comes from the generated header, so a cross-compiled
# build installs without running the target's binary.
APPLET_NAMES = $$(sed -n 's/^APPLET(\([a-z0-9_]*\),.*/\1/p' $(GEN)/applets.h | tr _ -)

install: $(BUILD)/svbox
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man8
	install -m 755 $(BUILD)/svbox $(DESTDIR)$(BINDIR)/svbox
	install -m 644 docs/svbox.8 $(DESTDIR)$(MANDIR)/man8/svbox.8
	for a in $(APPLET_NAMES); do \
		ln -sf svbox $(DESTDIR)$(BINDIR)/$$a || exit 1; \
		if [ -f docs/$$a.8 ]; then install -m 644 docs/$$a.8 $(DESTDIR)$(MANDIR)/man8/$$a.8 || exit 1; fi; \
	done

uninstall: $(GEN)/applets.h
	for a in $(APPLET_NAMES); do \
		if [ -L $(DESTDIR)$(BINDIR)/$$a ]; then rm -f $(DESTDIR)$(BINDIR)/$$a; fi; \
		rm -f $(DESTDIR)$(MANDIR)/man8/$$a.8; \
	done
	rm -f $(DESTDIR)$(BINDIR)/svbox $(DESTDIR)$(MANDIR)/man8/svbox.8

help:
	@echo 'svbox build targets (variables: CONFIG= BUILD= CC= SANITIZE=1 STATIC=1 DESTDIR= PREFIX=)'
	@echo '  make                 build $$(BUILD)/svbox from .config, else configs/defconfig'
	@echo '  make defconfig       .config = every applet and feature'
	@echo '  make tinyconfig      .config = the router build'
	@echo '  make menuconfig      edit .config (kconfig-frontends-nox)'
	@echo '  make oldconfig       bring .config in step with Kconfig'
	@echo '  make static          fully static binary with musl-gcc'
	@echo '  make check           unit tests, tree checks, the bats suite'
	@echo '  make check SANITIZE=1   the same under ASan + UBSan'
	@echo '  make install         svbox, a symlink per applet, man pages'
	@echo '  make uninstall       remove what make install put there'
	@echo '  make demo            a small supervision tree in the foreground'
	@echo '  make bench           benchmarks against runit, daemontools, s6'
	@echo '  make fuzz            libFuzzer targets (clang)'
	@echo '  make singles         link each applet alone'
	@echo '  make size            static sizes of defconfig and tiny_defconfig'
	@echo '  make clean           remove build/ and what the demo left'

demo: $(BUILD)/svbox
	scripts/demo.sh $(BUILD)/svbox

# libFuzzer targets (clang), each run FUZZ_SECS seconds
FUZZ_SECS ?= 10
FUZZ_CC   ?= clang
fuzz:
	@mkdir -p build/fuzz
	for f in testsuite/fuzz/*_fuzz.c; do \
		n=$$(basename $$f .c); \
		$(FUZZ_CC) -std=c99 -D_GNU_SOURCE -g -O1 -I. -fsanitize=fuzzer,address,undefined \
			-o build/fuzz/$$n $$f libsv/logdir.c libsv/fmt.c libsv/tai.c libsv/tz.c || exit 1; \
		mkdir -p build/fuzz/$$n.corpus; \
		build/fuzz/$$n -max_total_time=$(FUZZ_SECS) -max_len=4096 build/fuzz/$$n.corpus || exit 1; \
	done

bench:
	bench/run.sh
	bench/inproc.sh
	bench/policy.sh
	bench/container.sh
	bench/takeover.sh

size:
	bench/size.sh

clean:
	rm -rf build
	rm -rf examples/demo/*/supervise examples/demo/*/log/supervise \
		examples/demo/*/log/main

.PHONY: all defconfig tinyconfig oldconfig menuconfig static check check-tree \
	singles install uninstall help demo bench fuzz size clean FORCE
