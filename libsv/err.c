/* SPDX-License-Identifier: 0BSD */
/* libsv/err.c - see err.h */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "err.h"
#include "fmt.h"
#include "out.h"

const char *sv_prog = "svbox";
const char *sv_prog_arg;
const char *sv_name = "svbox";
const char *sv_usage_line = "";
const char *sv_version = "";
const char *sv_usage_why;
char sv_usage_opt;
int sv_usage_code = SV_EXIT_USAGE;

static const struct {
	int e;
	const char *s;
} table[] = {
	{ ENOENT, "file does not exist" },
	{ EACCES, "access denied" },
	{ EAGAIN, "temporary failure" },
	{ ENXIO, "device not configured" },
	{ ENOTDIR, "not a directory" },
	{ EISDIR, "is a directory" },
	{ ENOSPC, "out of disk space" },
	{ EPERM, "permission denied" },
	{ EEXIST, "file already exists" },
	{ EINTR, "interrupted system call" },
	{ ENOMEM, "out of memory" },
	{ EIO, "input/output error" },
	{ EBADF, "file descriptor not open" },
	{ EINVAL, "invalid argument" },
	{ ENAMETOOLONG, "file name too long" },
	{ ELOOP, "symbolic link loop" },
	{ EROFS, "read-only file system" },
	{ EMFILE, "out of file descriptors" },
	{ ENFILE, "file table overflow" },
	{ ENOEXEC, "exec format error" },
	{ ETXTBSY, "text busy" },
	{ EPIPE, "broken pipe" },
	{ ESRCH, "no such process" },
	{ EBUSY, "device busy" },
	{ EDQUOT, "disk quota exceeded" },
	{ ECONNREFUSED, "connection refused" },
	{ ETIMEDOUT, "timed out" },
	{ EFBIG, "file too big" },
	{ ENOSTR, "not a fifo" }, /* SV_ENOTFIFO */
};

const char *sv_strerror(int e)
{
	size_t i;

	for (i = 0; i < sizeof table / sizeof *table; i++)
		if (table[i].e == e)
			return table[i].s;
	return strerror(e);
}

int sv_write_all(int fd, const void *buf, size_t n)
{
	const char *p = buf;

	while (n) {
		ssize_t r = write(fd, p, n);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

/* One line on stderr, never cut: a message of any length (a service
 * path near PATH_MAX) is written whole, in one write() when it fits. */
static void msg(const char *kind, int err, const char *fmt, va_list ap)
{
	struct sv_out o = SV_OUT_INIT(2);
	int saved = errno;

	sv_out_printf(&o, "%s%s%s: %s: ", sv_prog, sv_prog_arg ? " " : "",
		      sv_prog_arg ? sv_prog_arg : "", kind);
	sv_out_vprintf(&o, fmt, ap);
	if (err)
		sv_out_printf(&o, ": %s", sv_strerror(err));
	sv_out_put(&o, "\n", 1);
	sv_out_flush(&o);
	errno = saved;
}

void sv_die(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	msg("fatal", 0, fmt, ap);
	va_end(ap);
	_exit(code);
}

void sv_die_sys(int code, const char *fmt, ...)
{
	va_list ap;
	int e = errno;

	va_start(ap, fmt);
	msg("fatal", e, fmt, ap);
	va_end(ap);
	_exit(code);
}

void sv_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	msg("warning", 0, fmt, ap);
	va_end(ap);
}

void sv_warn_sys(const char *fmt, ...)
{
	va_list ap;
	int e = errno;

	va_start(ap, fmt);
	msg("warning", e, fmt, ap);
	va_end(ap);
}

static void usage_to(int fd)
{
	char buf[512];
	size_t n = sv_fmt(buf, sizeof buf, "usage: %s %s\n", sv_name,
			  sv_usage_line);
	sv_write_all(fd, buf, n);
}

void sv_usage(void)
{
	if (sv_usage_why) {
		struct sv_out o = SV_OUT_INIT(2);
		sv_out_printf(&o, "%s: %s -- %c\n", sv_name, sv_usage_why,
			      sv_usage_opt);
		sv_out_flush(&o);
	}
	usage_to(2);
	_exit(sv_usage_code);
}

void sv_help(void)
{
	usage_to(1);
	_exit(0);
}

void sv_say_version(void)
{
	struct sv_out o = SV_OUT_INIT(2);

	sv_out_printf(&o, "%s: svbox %s\n", sv_name, sv_version);
	sv_out_flush(&o);
}
