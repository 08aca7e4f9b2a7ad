/* SPDX-License-Identifier: 0BSD */
/* libsv/info.h - supervise/info: what runit's 20-byte status cannot say
 * (docs/runsv.8, FILES). Written by the engine beside status, replaced
 * atomically the same way, only when the service policy is built in. One
 * line of space-separated KEY=VALUE in this order:
 *   pid=N           the ./run the rest is about (0: none)
 *   ready=-|no|yes  -: no readiness (neither notification-fd nor check)
 *   ready_at=T      when it became ready (0: not ready)
 *   last=-|exit:N|signal:NAME   how the last ./run ended
 *   last_at=T       when (0: never)
 *   restarts=N      starts of ./run since the last u, the first not
 *                   counted
 *   fails=N         quick deaths in a row (runsv.8, "Restart policy")
 *   hold=-|backoff|failed       not started again until, or at all
 *   until=T         end of the backoff (0: none)
 * T is unix seconds with nine decimals, or 0. Readers ignore keys they do
 * not know, so keys may be added at the end, never renamed or reordered.
 */
#ifndef LIBSV_INFO_H
#define LIBSV_INFO_H
#include <stddef.h>
#include "tai.h"

enum { SV_READY_NONE = 0, SV_READY_NO = 1, SV_READY_YES = 2 };
enum { SV_HOLD_NONE = 0, SV_HOLD_BACKOFF = 1, SV_HOLD_FAILED = 2 };

struct sv_info {
	unsigned long pid;
	unsigned char ready, hold, exited; /* exited: last/last_at valid */
	int wstat;			   /* of the last ./run */
	unsigned long restarts, fails;
	struct sv_tai ready_at, last_at, until; /* sec 0: none */
};

#define SV_INFO_MAX 320 /* bytes of the line, at most */

/* The line (with its newline) into buf[SV_INFO_MAX]; its length. */
size_t sv_info_format(char *buf, const struct sv_info *in);
/* Parse n bytes of a line: 0, or -1 when it is not one (*in zeroed). */
int sv_info_parse(struct sv_info *in, const char *buf, size_t n);
/* "exit:N" / "signal:NAME" / "-" for a wait status into buf[24]. */
size_t sv_info_how(char *buf, int exited, int wstat);
/* A time value ("S.NNNNNNNNN" unix seconds, or "0") into buf[32]. */
size_t sv_info_time(char *buf, const struct sv_tai *t);

/* Write dir's SUP"info" ("supervise/" or "log/supervise/"), atomically.
 * 0, or -1 with errno. */
int sv_info_save(int dir, const char *sup, const struct sv_info *in);
/* Read supervise/info of the service directory dfd: 1 read, 0 there is
 * none (runit's runsv, or a build without the policy), -1 unreadable or
 * malformed (errno). */
int sv_info_get(int dfd, struct sv_info *in);
#endif
