/* SPDX-License-Identifier: 0BSD */
/* libsv/tz.h - the local time zone's offset from UTC, for svlogd -T and
 * tai64nlocal, without libc's localtime (musl's is 6.6 KB of a static
 * binary; only the offset is needed, never a zone's name).
 *
 * The zone is TZ as POSIX and the tz database define it:
 *   TZ unset        the TZif file /etc/localtime;
 *   TZ empty        UTC;
 *   [:]NAME         the TZif file NAME, an absolute path or a name under
 *                   /usr/share/zoneinfo (no ".."), when it can be read
 *                   (first, as glibc: TZ=EST5EDT is the file of that name);
 *   a POSIX rule    otherwise, when TZ has no ':' and the whole of it
 *                   parses:
 *                   "std offset[dst[offset][,start[/time],end[/time]]]",
 *                   names alphabetic or in <...>, offsets hh[:mm[:ss]]
 *                   west of Greenwich, rules Jn, n or Mm.w.d, times up to
 *                   +-167 h (RFC 8536); a dst without rules changes on
 *                   the US rules M3.2.0,M11.1.0.
 * A TZif file (versions 1-4) gives its transitions; after the last one,
 * its footer's rule. A zone that cannot be read or parsed is UTC, as in
 * glibc and musl. Leap-second records are ignored, as TAI64 labels here
 * ignore leap seconds. */
#ifndef LIBSV_TZ_H
#define LIBSV_TZ_H
#include <stddef.h>

struct sv_tz {
	const unsigned char *map; /* the mapped TZif file, or NULL */
	size_t maplen;
	const unsigned char *times, *idx, *types; /* in map */
	unsigned timecnt, typecnt, wide; /* wide: 8-byte times (v2+) */
	const char *rule; /* POSIX rule: TZ itself or the footer; NULL: none */
	size_t rulelen;
};

/* Read TZ (and the file it names) into *z; replaces what *z held. */
void sv_tz_load(struct sv_tz *z);
/* Unmap what sv_tz_load mapped; *z is UTC after. */
void sv_tz_free(struct sv_tz *z);
/* The TZif data p[0..n) (kept by the caller) as the zone of *z, which
 * the caller zeroed: 0, or -1 when it is not TZif (then *z is unusable).
 * What sv_tz_load does with the file it maps; the fuzz target's door. */
int sv_tz_from(struct sv_tz *z, const unsigned char *p, size_t n);
/* Seconds east of UTC at unix time t. */
long sv_tz_offset(const struct sv_tz *z, long long t);
#endif
