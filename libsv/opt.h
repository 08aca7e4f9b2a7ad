/* SPDX-License-Identifier: 0BSD */
/* libsv/opt.h - typed option tables (POSIX getopt rules).
 * Options come before operands; "-abc" clusters flags; an argument is
 * "-wARG" or "-w ARG"; "--" ends options; "-" alone is an operand.
 */
#ifndef LIBSV_OPT_H
#define LIBSV_OPT_H

#include <stddef.h>

enum sv_opt_type {
	SV_OPT_FLAG,	/* the unsigned at base + at: ++ */
	SV_OPT_CALL,	/* fn(letter, NULL) */
	/* from here on with an argument */
	SV_OPT_STR,	/* the const char * at base + at: the argument */
	SV_OPT_ULONG,	/* the unsigned long at base + at: the argument,
			   all decimal digits */
	SV_OPT_CALLARG, /* fn(letter, argument) */
};

/* An option: its letter, what it does and where its value goes, as an
 * offset into the caller's struct (base), so that a table is a constant
 * in .rodata, four bytes an option, not built on the stack at each call */
struct sv_opt {
	char c;
	unsigned char type;
	unsigned short at;
};
/* an option whose value is field of struct type st */
#define SV_OPT_IN(c, type, st, field) { c, type, offsetof(st, field) }

/* Parse argv[1..] against opts (terminated by c == 0): values into the
 * struct at base, calls to fn (returns 0, or -1 to reject the option:
 * usage). Returns the index of the first operand, or -1 for an unknown
 * option, a missing argument, a bad number or a rejected call. Never
 * prints: for the first two it notes what was wrong, and the caller's
 * sv_usage() says it as runit and getopt(3) do ("NAME: illegal option --
 * Z", "NAME: option requires an argument -- w") before the usage line. */
int sv_getopt(int argc, char **argv, const struct sv_opt *opts, void *base,
	      int (*fn)(int c, const char *arg));

/* Strict decimal: all of s, at least one digit, no overflow.
 * 0 and *v set, or -1. */
int sv_opt_ulong(const char *s, unsigned long *v);
#endif
