/* SPDX-License-Identifier: 0BSD */
/* libsv/tai.h - TAI64N stamps and monotonic deadlines.
 * A TAI64 label is 2^62 + 10 + unix seconds (leap seconds ignored, as
 * runit and daemontools do). runit stores nanoseconds as usec*1000+500.
 */
#ifndef LIBSV_TAI_H
#define LIBSV_TAI_H
#include <stddef.h>

#define SV_TAI_OFFSET 4611686018427387914ULL /* 2^62 + 10 */

struct sv_tai {
	unsigned long long sec; /* TAI64 label */
	unsigned long nsec;
};

/* Wall-clock now as TAI64N, nanoseconds = usec*1000 + 500 (runit). */
void sv_tai_now(struct sv_tai *t);
/* 12 bytes: seconds big-endian (8), nanoseconds big-endian (4). */
void sv_tai_pack(unsigned char out[12], const struct sv_tai *t);
void sv_tai_unpack(struct sv_tai *t, const unsigned char in[12]);
/* "@" + 16 + 8 lowercase hex digits; writes exactly 25 bytes, no NUL. */
void sv_tai_label(char out[25], const struct sv_tai *t);
/* The label at s ("@" + 24 hex digits, either case) into *t: 0, or -1
 * when s does not start with one. Reads at most 25 bytes, stopping at
 * the first that does not fit. */
int sv_tai_unlabel(struct sv_tai *t, const char *s);
/* days since 1970-01-01 as a date of the proleptic Gregorian calendar:
 * the year, and *m and *d */
long long sv_tai_civil(long long days, unsigned *m, unsigned *d);
/* "YYYY-MM-DD?HH:MM:SS.f" with sep as '?' and digits (1..9) of the
 * nanoseconds (truncated), for the time off seconds east of UTC; with
 * zone, the offset follows as "+HH:MM" or "-HH:MM". The year has as many
 * digits as it needs (1 to 12: "1-01-01", "10000-01-01", as daemontools'
 * tai64nlocal writes them; 4 for any clock reading). No NUL; returns the
 * length (16 + the year's digits + digits, + 6 with zone), or 0 with
 * nothing written for a time before the year 0. t->sec must be below
 * 2^63. svlogd -tt: sep '_', 5 digits, off
 * 0; -ttt: 'T'; -T: 'T', 6, the local offset, zone; tai64nlocal: ' ', 9,
 * the local offset. */
size_t sv_tai_iso(char *out, const struct sv_tai *t, char sep, int digits,
		  long off, int zone);

/* Monotonic milliseconds (CLOCK_MONOTONIC). */
long long sv_mono_ms(void);
/* poll() timeout for a deadline in sv_mono_ms() units: -1 when deadline
 * is 0 (none), 0 when passed, else the remaining ms (capped). */
int sv_deadline_ms(long long deadline);
/* Earliest of two deadlines, 0 meaning none. */
long long sv_deadline_min(long long a, long long b);
#endif
