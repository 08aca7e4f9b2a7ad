/* SPDX-License-Identifier: 0BSD */
/* libsv/fmt.h - a small printf for messages and status lines.
 * It keeps libc's stdio (and its floating point code) out of the static
 * binary. Conversions: %s %.*s %c %d %i %u %x %ld %lu %lx %lld %llu %llx
 * %zu %%, with an optional '0' flag and a field width.
 */
#ifndef LIBSV_FMT_H
#define LIBSV_FMT_H
#include <stdarg.h>
#include <stddef.h>

/* Format into buf (size > 0). Returns the length written, excluding the
 * terminating NUL; output longer than size - 1 is truncated. */
size_t sv_vfmt(char *buf, size_t size, const char *fmt, va_list ap);
size_t sv_fmt(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Format without a size limit: every piece of output is handed to
 * sink(ctx, piece, length) in order. Nothing is ever truncated. */
typedef void sv_fmt_sink(void *ctx, const char *s, size_t n);
void sv_vfmt_to(sv_fmt_sink *sink, void *ctx, const char *fmt, va_list ap);

/* Decimal digits of u into buf (at least 21 bytes). Returns the length. */
size_t sv_fmt_ulong(char *buf, unsigned long long u);

/* Parse leading decimal digits of s into *u (0 if none, saturating).
 * Returns the number of bytes consumed. */
size_t sv_scan_ulong(const char *s, unsigned long long *u);
/* The length of s up to its first c or its end (strcspn for one byte,
 * without libc's 256-bit set: 200 bytes of a static binary). */
#define sv_upto(s, c) ((size_t)(strchrnul((s), (c)) - (s)))
#endif
