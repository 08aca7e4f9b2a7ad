/* SPDX-License-Identifier: 0BSD */
/* libsv/out.c - see out.h */
#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include "err.h"
#include "fmt.h"
#include "out.h"

int sv_out_flush(struct sv_out *o)
{
	if (o->n && sv_write_all(o->fd, o->b, o->n) < 0 && !o->err)
		o->err = errno;
	o->n = 0;
	if (o->err) {
		errno = o->err;
		return -1;
	}
	return 0;
}

void sv_out_put(struct sv_out *o, const char *s, size_t n)
{
	while (n) {
		size_t k = sizeof o->b - o->n;
		if (!k) {
			sv_out_flush(o);
			continue;
		}
		if (k > n)
			k = n;
		memcpy(o->b + o->n, s, k);
		o->n += k;
		s += k;
		n -= k;
	}
}

void sv_out_puts(struct sv_out *o, const char *s)
{
	sv_out_put(o, s, strlen(s));
}

static void sink(void *o, const char *s, size_t n)
{
	sv_out_put(o, s, n);
}

/* one copy, not one in sv_out_printf() and one in err.c (-31 B) */
__attribute__((noinline)) void sv_out_vprintf(struct sv_out *o, const char *fmt,
					       va_list ap)
{
	sv_vfmt_to(sink, o, fmt, ap);
}

void sv_out_printf(struct sv_out *o, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sv_out_vprintf(o, fmt, ap);
	va_end(ap);
}
