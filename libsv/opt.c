/* SPDX-License-Identifier: 0BSD */
/* libsv/opt.c - see opt.h */
#include <stddef.h>
#include "err.h"
#include "fmt.h"
#include "opt.h"

int sv_opt_ulong(const char *s, unsigned long *v)
{
	unsigned long long u;
	size_t n = sv_scan_ulong(s, &u);

	if (!n || s[n] || n > 19 || u > (unsigned long)-1)
		return -1;
	*v = (unsigned long)u;
	return 0;
}

static const struct sv_opt *find(const struct sv_opt *o, char c)
{
	for (; o->c; o++)
		if (o->c == c)
			return o;
	return NULL;
}

/* what was wrong, for sv_usage() to say (the library reports, the
 * applet decides: it calls sv_usage()) */
static int bad(const char *why, char c)
{
	sv_usage_why = why;
	sv_usage_opt = c;
	return -1;
}

int sv_getopt(int argc, char **argv, const struct sv_opt *opts, void *base,
	      int (*fn)(int c, const char *arg))
{
	int i;

	for (i = 1; i < argc; i++) {
		char *a = argv[i];

		if (a[0] != '-' || !a[1])
			break;
		if (a[1] == '-' && !a[2])
			return i + 1;
		for (a++; *a; a++) {
			const struct sv_opt *o = find(opts, *a);
			const char *arg = NULL;

			if (!o)
				return bad("illegal option", *a);
			if (o->type >= SV_OPT_STR) {
				if (a[1])
					arg = a + 1;
				else if (i + 1 < argc)
					arg = argv[++i];
				else
					return bad("option requires an "
						   "argument", *a);
			}
			void *to = (char *)base + o->at;
			switch (o->type) {
			case SV_OPT_FLAG:
				(*(unsigned *)to)++;
				break;
			case SV_OPT_STR:
				*(const char **)to = arg;
				break;
			case SV_OPT_ULONG:
				if (sv_opt_ulong(arg, to) < 0)
					return -1;
				break;
			default:
				if (fn(*a, arg) < 0)
					return -1;
			}
			if (arg)
				break;
		}
	}
	return i;
}
