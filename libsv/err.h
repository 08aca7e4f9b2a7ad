/* SPDX-License-Identifier: 0BSD */
/* libsv/err.h - messages and exit codes.
 * The only libsv module that prints or exits; only applets and main.c
 * call it. Messages read "PROG: fatal: unable to VERB OBJECT: reason".
 */
#ifndef LIBSV_ERR_H
#define LIBSV_ERR_H
#include <stddef.h>

enum {
	SV_EXIT_USAGE = 100, /* usage or permanent error */
	SV_EXIT_TEMP = 111,  /* temporary or system failure */
};

/* Message prefix: the applet name (set by main.c), followed by a space and
 * sv_prog_arg when that is set (runsv DIR, runsvdir DIR). */
extern const char *sv_prog;
extern const char *sv_prog_arg;
/* The applet's name and operands from APPLET(), for sv_usage(). */
extern const char *sv_name;
extern const char *sv_usage_line;
/* Exit status of sv_usage(); SV_EXIT_USAGE unless an applet changes it
 * (runsv 1, svlogd 111, sv's init-script mode 2). */
extern int sv_usage_code;
/* Set by sv_getopt() for a bad option: sv_usage() then says
 * "NAME: WHY -- C" before the usage line, as runit and getopt(3) do. */
extern const char *sv_usage_why;
extern char sv_usage_opt;
/* svbox's version (set by the dispatcher from VERSION or git describe) */
extern const char *sv_version;
/* "NAME: svbox VERSION" on stderr: what an applet's -V says */
void sv_say_version(void);

/* Print "PROG: fatal: MSG\n" (sv_die) or "PROG: fatal: unable to MSG:
 * ERR\n" (sv_die_unable, ERR from errno, left out when errno is 0) to
 * stderr and exit with code. "unable to " is not in the callers' formats:
 * sv_die_unable(SV_EXIT_TEMP, "open %s", name). */
void sv_die(int code, const char *fmt, ...)
	__attribute__((noreturn, format(printf, 2, 3)));
/* one function for both: SV_UNABLE in the code asks for "unable to" and
 * errno (exit codes are below 256) */
#define SV_UNABLE 0x100
#define sv_die_unable(code, ...) sv_die((code) | SV_UNABLE, __VA_ARGS__)
/* The same with "warning:"; they return. errno is preserved. A message
 * with errno that does not begin "unable to" is sv_warn("...: %s", ...,
 * sv_strerror(e)). */
void sv_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* a format that begins with SV_UNABLE_MARK asks for "unable to" and
 * errno (the callers' formats are literals: one byte, no second
 * function) */
#define SV_UNABLE_MARK "\001"
#define sv_warn_unable(...) sv_warn(SV_UNABLE_MARK __VA_ARGS__)
/* "usage: NAME OPERANDS\n" to stderr, exit sv_usage_code. */
void sv_usage(void) __attribute__((noreturn));
/* The same on stdout, exit 0 (for --help). */
void sv_help(void) __attribute__((noreturn));

/* runit's wording for errno values ("file does not exist"), so messages
 * and sv's output match runit's byte for byte; the same style for about
 * 40 more; any other as "error N" (a static buffer). */
const char *sv_strerror(int e);

/* write() all of buf to fd, retrying on EINTR. 0, or -1 with errno. */
int sv_write_all(int fd, const void *buf, size_t n);
#endif
