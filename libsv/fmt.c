/* SPDX-License-Identifier: 0BSD */
/* libsv/fmt.c - see fmt.h */
#include <limits.h>
#include "fmt.h"

#define LONG64 (ULONG_MAX > 0xffffffffUL)

size_t sv_fmt_ulong(char *buf, unsigned long long u)
{
	char tmp[24];
	size_t n = 0, i;

	do
		tmp[n++] = (char)('0' + u % 10);
	while (u /= 10);
	for (i = 0; i < n; i++)
		buf[i] = tmp[n - 1 - i];
	return n;
}

size_t sv_scan_ulong(const char *s, unsigned long long *u)
{
	unsigned long long v = 0;
	size_t i = 0;

	while (s[i] >= '0' && s[i] <= '9') {
		unsigned d = (unsigned)(s[i] - '0');
		v = v > (~0ULL - d) / 10 ? ~0ULL : v * 10 + d;
		i++;
	}
	*u = v;
	return i;
}

struct out {
	char *p;
	size_t n, max;
	sv_fmt_sink *sink; /* when set, every piece goes here instead */
	void *ctx;
};

static void put(struct out *o, const char *s, size_t n)
{
	if (o->sink) {
		o->sink(o->ctx, s, n);
		return;
	}
	while (n--) {
		if (o->n < o->max)
			o->p[o->n] = *s;
		o->n++;
		s++;
	}
}

static void pad(struct out *o, char c, size_t n)
{
	while (n--)
		put(o, &c, 1);
}

static void vfmt(struct out *o, const char *fmt, va_list ap)
{
	char num[24];

	for (; *fmt; fmt++) {
		char zero = ' ', c;
		size_t width = 0, len;
		int lng = 0, prec = -1, neg = 0, base = 10;
		unsigned long long u = 0;
		const char *s;

		if (*fmt != '%') {
			put(o, fmt, 1);
			continue;
		}
		fmt++;
		if (*fmt == '0')
			zero = '0', fmt++;
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (size_t)(*fmt++ - '0');
		if (fmt[0] == '.' && fmt[1] == '*')
			prec = va_arg(ap, int), fmt += 2;
		while (*fmt == 'l')
			lng++, fmt++;
		if (*fmt == 'z')
			lng = 3, fmt++;
		switch (c = *fmt) {
		case 's':
			s = va_arg(ap, const char *);
			if (!s)
				s = "(null)";
			for (len = 0; s[len] && (prec < 0 || len < (size_t)prec);)
				len++;
			if (width > len)
				pad(o, ' ', width - len);
			put(o, s, len);
			continue;
		case 'c':
			num[0] = (char)va_arg(ap, int);
			put(o, num, 1);
			continue;
		case 'd':
		case 'i':
		case 'x':
		case 'u':
			/* one read per width: long, long long and size_t are
			 * the same where long has 64 bits */
			if (lng >= 2 || (lng && LONG64))
				u = va_arg(ap, unsigned long long);
			else if (lng)
				u = va_arg(ap, unsigned long);
			else
				u = va_arg(ap, unsigned);
			if (c == 'x') {
				base = 16;
			} else if (c != 'u') {
				long long v = lng >= 2 || (lng && LONG64)
						      ? (long long)u
					      : lng ? (long long)(long)u
						    : (long long)(int)u;
				neg = v < 0;
				u = neg ? 0ULL - (unsigned long long)v
					: (unsigned long long)v;
			}
			break;
		case '%':
			put(o, "%", 1);
			continue;
		default:
			if (!c)
				fmt--;
			continue;
		}
		len = 0;
		do {
			num[sizeof num - 1 - len++] =
				"0123456789abcdef"[u % (unsigned)base];
			u /= (unsigned)base;
		} while (u);
		if (neg && zero == '0')
			put(o, "-", 1);
		if (width > len + (size_t)neg)
			pad(o, zero, width - len - (size_t)neg);
		if (neg && zero != '0')
			put(o, "-", 1);
		put(o, num + sizeof num - len, len);
	}
}

void sv_vfmt_to(sv_fmt_sink *sink, void *ctx, const char *fmt, va_list ap)
{
	struct out o = { NULL, 0, 0, sink, ctx };

	vfmt(&o, fmt, ap);
}

size_t sv_vfmt(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { buf, 0, size ? size - 1 : 0, NULL, NULL };

	vfmt(&o, fmt, ap);
	if (size)
		buf[o.n < o.max ? o.n : o.max] = 0;
	return o.n < o.max ? o.n : o.max;
}

size_t sv_fmt(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	n = sv_vfmt(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
