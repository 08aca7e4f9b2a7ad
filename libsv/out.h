/* SPDX-License-Identifier: 0BSD */
/* libsv/out.h - buffered output to a file descriptor, without stdio.
 * The buffer lives in the caller's struct (typically on its stack).
 */
#ifndef LIBSV_OUT_H
#define LIBSV_OUT_H
#include <stdarg.h>
#include <stddef.h>

struct sv_out {
	int fd;
	int err; /* errno of the first failed write, or 0 */
	size_t n;
	char b[512];
};

#define SV_OUT_INIT(fd) { (fd), 0, 0, { 0 } }

/* Append; a full buffer is written out first. Failures are kept in err. */
void sv_out_put(struct sv_out *o, const char *s, size_t n);
void sv_out_puts(struct sv_out *o, const char *s);
/* Formatted (fmt.h's conversions), never truncated. */
void sv_out_vprintf(struct sv_out *o, const char *fmt, va_list ap);
void sv_out_printf(struct sv_out *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Write out what is buffered. 0, or -1 with errno (also for an earlier
 * failed write). */
int sv_out_flush(struct sv_out *o);
#endif
