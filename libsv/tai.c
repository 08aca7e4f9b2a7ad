/* SPDX-License-Identifier: 0BSD */
/* libsv/tai.c - see tai.h */
#include <stddef.h>
#include <time.h>
#include "fmt.h"
#include "tai.h"

void sv_tai_now(struct sv_tai *t)
{
	struct timespec ts = { 0, 0 };

	/* microseconds, as runit's labels have them: the same digits */
	clock_gettime(CLOCK_REALTIME, &ts);
	t->sec = SV_TAI_OFFSET + (unsigned long long)ts.tv_sec;
	t->nsec = (unsigned long)ts.tv_nsec / 1000 * 1000 + 500;
}

void sv_tai_pack(unsigned char out[12], const struct sv_tai *t)
{
	int i;

	for (i = 0; i < 8; i++)
		out[i] = (unsigned char)(t->sec >> (56 - 8 * i));
	for (i = 0; i < 4; i++)
		out[8 + i] = (unsigned char)(t->nsec >> (24 - 8 * i));
}

void sv_tai_unpack(struct sv_tai *t, const unsigned char in[12])
{
	int i;

	t->sec = 0;
	t->nsec = 0;
	for (i = 0; i < 8; i++)
		t->sec = t->sec << 8 | in[i];
	for (i = 8; i < 12; i++)
		t->nsec = t->nsec << 8 | in[i];
}

static void hex(char *out, unsigned long long v, int digits)
{
	while (digits--) {
		out[digits] = "0123456789abcdef"[v & 15];
		v >>= 4;
	}
}

void sv_tai_label(char out[25], const struct sv_tai *t)
{
	out[0] = '@';
	hex(out + 1, t->sec, 16);
	hex(out + 17, t->nsec, 8);
}

int sv_tai_unlabel(struct sv_tai *t, const char *s)
{
	int i;

	if (s[0] != '@')
		return -1;
	t->sec = 0;
	t->nsec = 0;
	for (i = 1; i < 25; i++) {
		char c = s[i];
		unsigned v = c >= '0' && c <= '9' ? (unsigned)(c - '0')
			     : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10)
			     : c >= 'A' && c <= 'F' ? (unsigned)(c - 'A' + 10)
			     : 16;
		if (v > 15)
			return -1;
		if (i < 17)
			t->sec = t->sec << 4 | v;
		else
			t->nsec = t->nsec << 4 | v;
	}
	return 0;
}

static void dec(char *out, unsigned long v, int digits)
{
	while (digits--) {
		out[digits] = (char)('0' + v % 10);
		v /= 10;
	}
}

long long sv_tai_civil(long long days, unsigned *m, unsigned *d)
{
	long long era;
	unsigned doe, yoe, doy, mp;

	days += 719468;
	era = (days >= 0 ? days : days - 146096) / 146097;
	doe = (unsigned)(days - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	return (long long)yoe + era * 400 + (*m <= 2);
}

size_t sv_tai_iso(char *out, const struct sv_tai *t, char sep, int digits,
		  long off, int zone)
{
	long long s = (long long)(t->sec - SV_TAI_OFFSET) + off;
	long long days = s / 86400, rem = s % 86400, y;
	unsigned d, m;
	unsigned long frac = t->nsec;
	size_t n;
	char *p;
	int i;

	if (rem < 0)
		rem += 86400, days--;
	y = sv_tai_civil(days, &m, &d);
	if (y < 0)
		return 0;
	/* the year in as many digits as it has (daemontools' form) */
	p = out + sv_fmt_ulong(out, (unsigned long long)y);
	p[0] = '-';
	dec(p + 1, m, 2);
	p[3] = '-';
	dec(p + 4, d, 2);
	p[6] = sep;
	dec(p + 7, (unsigned long)(rem / 3600), 2);
	p[9] = ':';
	dec(p + 10, (unsigned long)(rem / 60 % 60), 2);
	p[12] = ':';
	dec(p + 13, (unsigned long)(rem % 60), 2);
	p[15] = '.';
	for (i = digits; i < 9; i++)
		frac /= 10;
	dec(p + 16, frac, digits);
	n = (size_t)(p - out) + 16 + (size_t)digits;
	if (zone) {
		unsigned long a = (unsigned long)(off < 0 ? -off : off) / 60;
		out[n] = off < 0 ? '-' : '+';
		dec(out + n + 1, a / 60, 2);
		out[n + 3] = ':';
		dec(out + n + 4, a % 60, 2);
		n += 6;
	}
	return n;
}

long long sv_mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int sv_deadline_ms(long long deadline)
{
	long long left;

	if (!deadline)
		return -1;
	left = deadline - sv_mono_ms();
	if (left <= 0)
		return 0;
	return left > 86400000 ? 86400000 : (int)left;
}

long long sv_deadline_min(long long a, long long b)
{
	if (!a)
		return b;
	if (!b)
		return a;
	return a < b ? a : b;
}
