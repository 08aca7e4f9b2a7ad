/* SPDX-License-Identifier: 0BSD */
/* tai64nlocal.c - turn the TAI64N labels of svlogd -t (and multilog t)
 * logs into readable local times. Manual page: docs/tai64nlocal.8

APPLET(tai64nlocal, "")

config TAI64NLOCAL
	bool "tai64nlocal"
	default y
	help
	  tai64nlocal copies standard input to standard output, replacing
	  a TAI64N label (@ and 24 hex digits) at the start of a line by
	  the local time "YYYY-MM-DD HH:MM:SS.nnnnnnnnn" (daemontools').
*/

#include <errno.h>
#include <string.h>
#include <unistd.h>
#include "libsv/err.h"
#include "libsv/fmt.h"
#include "libsv/opt.h"
#include "libsv/tai.h"
#include "libsv/tz.h"

enum { IN = 8192, OUT = 8192, LABEL = 25 };

/* the output buffer and the offset's cache, on main's stack: no data
 * pages of the shared binary */
static struct t64 {
	char out[OUT];
	size_t on;
	unsigned long long sec; /* the second gmtoff is for */
	long gmtoff;
	struct sv_tz tz;
} *T;

static void flush(void)
{
	if (T->on && sv_write_all(1, T->out, T->on) < 0)
		sv_die_unable(SV_EXIT_TEMP, "write output");
	T->on = 0;
}

static void put(const char *p, size_t n)
{
	while (n) {
		size_t k = OUT - T->on < n ? OUT - T->on : n;
		memcpy(T->out + T->on, p, k);
		T->on += k;
		p += k;
		n -= k;
		if (T->on == OUT)
			flush();
	}
}

/* the label at p as local time, or the bytes as they are (not a label;
 * a time before the year 0 or past 2^63 - 2^62 s from 1970, where
 * daemontools' tai64nlocal prints a wrapped-around year or crashes) */
static void label(const char *p)
{
	struct sv_tai t;
	char buf[48];
	size_t n = 0;

	if (sv_tai_unlabel(&t, p) == 0 && t.nsec <= 999999999UL &&
	    t.sec < 1ULL << 63) {
		if (t.sec != T->sec) { /* the offset may change */
			T->gmtoff = sv_tz_offset(&T->tz,
						 (long long)t.sec -
							 (long long)SV_TAI_OFFSET);
			T->sec = t.sec;
		}
		n = sv_tai_iso(buf, &t, ' ', 9, T->gmtoff, 0);
	}
	if (n)
		put(buf, n);
	else
		put(p, LABEL);
}

int tai64nlocal_main(int argc, char **argv)
{
	static const struct sv_opt opts[] = { { 0, 0, 0 } };
	struct t64 t = { .on = 0 };
	char in[IN];
	size_t have = 0, off;
	int mid = 0; /* inside a line: its start is out */
	ssize_t r;

	sv_usage_code = SV_EXIT_TEMP;
	if (sv_getopt(argc, argv, opts, NULL, NULL) != argc)
		sv_usage();
	T = &t;
	sv_tz_load(&t.tz);
	for (;;) {
		r = read(0, in + have, IN - have);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			sv_die_unable(SV_EXIT_TEMP, "read input");
		have += (size_t)r;
		off = 0;
		while (off < have) {
			char *nl;
			size_t n;
			if (!mid) {
				/* a line's start: wait for its first 25 bytes
				 * (or its end) before deciding */
				if (have - off < LABEL && r > 0 &&
				    !memchr(in + off, '\n', have - off))
					break;
				if (have - off >= LABEL && in[off] == '@' &&
				    !memchr(in + off, '\n', LABEL)) {
					label(in + off);
					off += LABEL;
				}
				mid = 1;
			}
			nl = memchr(in + off, '\n', have - off);
			n = nl ? (size_t)(nl - (in + off)) + 1 : have - off;
			put(in + off, n);
			off += n;
			if (nl)
				mid = 0;
		}
		memmove(in, in + off, have - off);
		have -= off;
		flush(); /* what is out need not wait for more input */
		if (r == 0)
			return 0;
	}
}
