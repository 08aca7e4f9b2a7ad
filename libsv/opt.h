/* SPDX-License-Identifier: 0BSD */
/* libsv/opt.h - typed option tables (POSIX getopt rules).
 * Options come before operands; "-abc" clusters flags; an argument is
 * "-wARG" or "-w ARG"; "--" ends options; "-" alone is an operand.
 */
#ifndef LIBSV_OPT_H
#define LIBSV_OPT_H

enum sv_opt_type {
	SV_OPT_FLAG,	/* (*to.u)++ */
	SV_OPT_STR,	/* *to.s = argument */
	SV_OPT_ULONG,	/* *to.ul = argument, all decimal digits */
	SV_OPT_CALL,	/* to.fn(letter, NULL) */
	SV_OPT_CALLARG, /* to.fn(letter, argument) */
};

struct sv_opt {
	char c;
	unsigned char type;
	union {
		unsigned *u;
		const char **s;
		unsigned long *ul;
		/* returns 0, or -1 to reject the option (usage) */
		int (*fn)(int c, const char *arg);
	} to;
};

/* Parse argv[1..] against opts (terminated by c == 0). Returns the index
 * of the first operand, or -1 for an unknown option, a missing argument,
 * a bad number or a rejected call. Never prints: for the first two it
 * notes what was wrong, and the caller's sv_usage() says it as runit and
 * getopt(3) do ("NAME: illegal option -- Z", "NAME: option requires an
 * argument -- w") before the usage line. */
int sv_getopt(int argc, char **argv, const struct sv_opt *opts);

/* Strict decimal: all of s, at least one digit, no overflow.
 * 0 and *v set, or -1. */
int sv_opt_ulong(const char *s, unsigned long *v);
#endif
