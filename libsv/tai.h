/* SPDX-License-Identifier: 0BSD */
/* libsv/tai.h - TAI64N stamps and monotonic deadlines.
 * A TAI64 label is 2^62 + 10 + unix seconds (leap seconds ignored, as
 * runit and daemontools do). runit stores nanoseconds as usec*1000+500.
 */
#ifndef LIBSV_TAI_H
#define LIBSV_TAI_H

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
/* "YYYY-MM-DD_HH:MM:SS.xxxxx" in UTC with sep between date and time
 * ('_' for svlogd -tt, 'T' for -ttt); writes exactly 25 bytes, no NUL.
 * xxxxx: the nanoseconds' first five of nine digits. */
void sv_tai_date(char out[25], const struct sv_tai *t, char sep);

/* Monotonic milliseconds (CLOCK_MONOTONIC). */
long long sv_mono_ms(void);
/* poll() timeout for a deadline in sv_mono_ms() units: -1 when deadline
 * is 0 (none), 0 when passed, else the remaining ms (capped). */
int sv_deadline_ms(long long deadline);
/* Earliest of two deadlines, 0 meaning none. */
long long sv_deadline_min(long long a, long long b);
#endif
