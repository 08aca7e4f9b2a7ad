/* SPDX-License-Identifier: 0BSD */
/* libsv/logdir.h - svlogd's pure parts: the config grammar, the pattern
 * language, the line splitter and the log directory's format: the old
 * files' names, which of them a cleanup removes, how a processed file and
 * a closed current are committed (docs/svlogd.8). No I/O here but
 * sv_logdir_commit() and sv_log_seal(), on descriptors the caller owns.
 */
#ifndef LIBSV_LOGDIR_H
#define LIBSV_LOGDIR_H
#include <stddef.h>
#include "tai.h"

struct sv_logcfg {
	unsigned long size;	 /* s: rotate at this size (0: never) */
	unsigned long nmax;	 /* n: keep at most this many old files */
	unsigned long nmin;	 /* N: keep this many even when the disk is full */
	unsigned long tsecs;	 /* t: rotate at this age (0: never) */
	const char *processor;	 /* !: shell command, or NULL */
	const char *prefix;	 /* p: or NULL */
	const char *pats;	 /* the config's lines, NUL-ended, or NULL */
	const char *patsend;	 /* where they end */
	unsigned long udpip;	 /* u/U: IPv4, host byte order */
	unsigned short udpport;	 /* 0: no UDP */
	unsigned char udponly;	 /* U: selected lines go to UDP only */
};

/* Warnings the parser reports: an unparsable UDP address or port. */
enum sv_logcfg_warn { SV_LOGCFG_BADIP = 1, SV_LOGCFG_BADPORT };

/* Reset c to the defaults (s1000000 n10 N10 t0, nothing else). */
void sv_logcfg_init(struct sv_logcfg *c);
/* Parse n bytes of config text; text[n] must be writable too. Lines are
 * NUL-ended in place and c's strings point into text, so it must outlive
 * c. A last line without newline counts unless it is a single byte
 * (runit). Lines: first byte is the key,
 * the rest the value, no separator; unknown keys are ignored (runit's
 * leniency). warn (may be NULL) is called for bad UDP lines with the
 * line's value. */
void sv_logcfg_parse(struct sv_logcfg *c, char *text, size_t n,
		     void (*warn)(enum sv_logcfg_warn, const char *value));

/* svlogd's glob: '*' skips to the first occurrence of the next pattern
 * byte (or matches all at the end), '+' matches runs of the next byte;
 * no backtracking. 1 if pat matches all of s[0..len), else 0. */
int sv_log_match(const char *pat, const char *s, size_t len);

enum { SV_LOG_SELECT = 1, SV_LOG_ALERT = 2 };
/* Run the pattern lines of c (keys + - e E) over a line head:
 * SV_LOG_SELECT if the line goes to the directory, | SV_LOG_ALERT if it
 * is copied to stderr. The last matching pattern of each kind wins. */
int sv_log_select(const struct sv_logcfg *c, const char *head, size_t len);

/* The next line in p[0..n): its length without the newline in *len;
 * returns 1 if it ends with a newline (p[*len] == '\n'), 0 if the data
 * ends first (*len == n). */
int sv_log_line(const char *p, size_t n, size_t *len);

/* Old files: "@" + the 24 hex digits of a TAI64N label + "." + s
 * (complete), u (unprocessed, or not closed cleanly) or t (a processor's
 * output while it runs): 27 bytes, in time order when sorted. */
enum { SV_LOGNAME = 27 };
/* 's', 'u' or 't' if name is an old file's name, else 0. */
int sv_logname_kind(const char *name);
/* The name for a file rotated at *t: t's label, or, when the clock is
 * not after last (the greatest name the directory holds; "" if none),
 * one nanosecond after last, so that a clock set back never makes the
 * newest file sort first. *t is updated to the label used; a caller
 * whose name exists adds a nanosecond and calls again with last "". */
void sv_logname_make(char name[SV_LOGNAME + 1], struct sv_tai *t,
		     const char *last, char kind);

/* A cleanup is one pass over the directory's entries: */
struct sv_logscan {
	const char *busy;	/* the processor's @....u or NULL: its .u
				   and .t are neither counted nor removed */
	unsigned long count;	/* old files (.s and .u) */
	char oldest[SV_LOGNAME + 1];
	char newest[SV_LOGNAME + 1];
};
void sv_logscan_init(struct sv_logscan *s, const char *busy);
/* One entry. 1 if it is an abandoned processor output (a .t that is not
 * busy's) to remove now, else 0. */
int sv_logscan_add(struct sv_logscan *s, const char *name);
/* The file to remove so that at most keep old files remain (keep 0:
 * keep them all): the oldest, or NULL. One per pass. */
const char *sv_logscan_excess(const struct sv_logscan *s,
			      unsigned long keep);

/* A processor that exited 0 for the old file u ("@....u") in the log
 * directory dfd: its output .t becomes the .s file (mode 0744), then u is
 * removed and newstate replaces state. The input goes only once the
 * rename worked, so the lines are always in one of the two: -1 with
 * errno (and nothing changed) when the rename fails, else 0. */
int sv_logdir_commit(int dfd, const char *u);

/* Seal a current being closed cleanly: sync(fd) (fsync; tests pass their
 * own), then mode 0744, the mark of a complete file. 0 on success, also
 * where the file system cannot sync (EINVAL, EROFS); -1 with errno when
 * the data may not be on disk: the mode is left 0644, so the file counts
 * as not closed cleanly. An fsync error is never retried: Linux reports
 * a lost write once and would then report success. */
int sv_log_seal(int fd, int (*sync)(int));
#endif
