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

void sv_out_printf(struct sv_out *o, const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	n = sv_vfmt(buf, sizeof buf, fmt, ap);
	va_end(ap);
	sv_out_put(o, buf, n);
}
