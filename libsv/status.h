/* SPDX-License-Identifier: 0BSD */
/* libsv/status.h - supervise/status, stat and pid: the one home of the
 * runit 20-byte record (docs/runsv.8, FILES):
 *   0..7   TAI64 seconds, big-endian     8..11  nanoseconds, big-endian
 *   12..15 pid, little-endian            16     paused (0/1)
 *   17     want 'u' or 'd' (exit = 'd')  18     got TERM (0/1)
 *   19     state 0 down, 1 run, 2 finish
 * daemontools' supervise wrote the first 18 bytes only (want 0 = once).
 */
#ifndef LIBSV_STATUS_H
#define LIBSV_STATUS_H
#include <stddef.h>
#include <sys/types.h> /* ssize_t */
#include "tai.h"

#define SV_STATUS_LEN 20
#define SV_STATUS_DTLEN 18

enum { SV_DOWN = 0, SV_RUN = 1, SV_FINISH = 2 };

struct sv_status {
	struct sv_tai stamp;
	unsigned long pid;
	unsigned char paused;
	char want; /* 'u', 'd', 'x' (exit; packed as 'd'), or 0 (dt once) */
	unsigned char term;
	unsigned char state;
};

/* Encode into the 20-byte record. */
void sv_status_pack(unsigned char out[SV_STATUS_LEN],
		    const struct sv_status *s);
/* Decode n bytes: 20 (runit) or 18 (daemontools: term 0, state run iff
 * pid != 0). 0, or -1 for any other length. */
int sv_status_unpack(struct sv_status *s, const unsigned char *in, size_t n);
/* The text of supervise/stat ("run, paused, want down\n"), NUL-ended.
 * buf needs 48 bytes. Returns the length. */
size_t sv_status_stat(char *buf, const struct sv_status *s);
/* The state's word: "run", "finish", else "down". */
const char *sv_status_word(unsigned state);

/* Why sv_status_get() failed. */
enum sv_status_step {
	SV_STEP_OK = 1, /* opening supervise/ok (errno; ENOENT: no supervise) */
	SV_STEP_OPEN,	/* opening supervise/status (errno) */
	SV_STEP_READ,	/* reading it (errno) */
	SV_STEP_FORMAT, /* it has a wrong length (no errno) */
};

/* What a client does first: is a supervisor alive in the service
 * directory dfd, and what does its status record say? 1: alive and *s
 * filled; 0: no supervisor (ENXIO on supervise/ok); -1: failed at *step.
 * minlen: 20 (runit's sv wants exactly 20) or 18 (daemontools' svstat
 * accepts an 18-byte record). Never blocks. */
int sv_status_get(int dfd, struct sv_status *s, size_t minlen,
		  enum sv_status_step *step);
/* What failed at step, in runit's sv's words ("unable to open
 * supervise/ok", ... "unable to read supervise/status: bad format"). */
const char *sv_status_why(enum sv_status_step step);

/* Write the status files of the service directory dir into sup
 * ("supervise/" or "log/supervise/"), each as NAME.new (never through a
 * symlink) renamed over NAME: "pid" (only if pidchanged), "stat",
 * "status". 0, or -1 with errno; *failed names the file (may be NULL). */
int sv_status_save(int dir, const char *sup, const struct sv_status *s,
		   int pidchanged, const char **failed);
/* One file of them: SUP NAME.new (never through a symlink), renamed over
 * SUP NAME. 0, or -1 with errno. */
int sv_status_put(int dir, const char *sup, const char *name, const void *p,
		  size_t len);
/* What runit's sv and daemontools' svstat add after the time, in their
 * order: ", normally down" (up with a down file), ", normally up",
 * ", paused", ", want up", ", want down" (sv adds ", got TERM" after). */
struct sv_out;
void sv_status_notes(struct sv_out *o, const struct sv_status *st, int down);

/* A small file's content, in one read (a status record, a policy file,
 * /proc/PID/stat): path opened at dir with flags added to O_RDONLY,
 * O_NONBLOCK (a fifo planted there reads nothing) and O_CLOEXEC, read
 * (again when interrupted), closed. The bytes read, or with errno -1
 * when the open failed (ENOENT: no such file), -2 when the read did. */
ssize_t sv_read_small(int dir, const char *path, int flags, void *buf,
		      size_t n);
#endif
