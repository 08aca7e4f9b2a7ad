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

/* runit's wording for the errors a supervisor meets, and words in its
 * style for more: the codes, and the texts in the same order in one
 * string (no pointers; libc's strerror table, 2.2 KB static, is not
 * linked). Of a socket's errors only those a write to a socket as
 * stdout or stderr can meet: svbox makes no socket, binds, connects or
 * accepts nothing (svlogd's UDP warning says no error word); none for
 * what no call of svbox returns (EFAULT, ENOTTY: no ioctl; EILSEQ: no
 * wide characters; ENODATA, EPROTO, ECANCELED). */
#if EDQUOT > 255 /* MIPS */
typedef unsigned short errcode;
#else
typedef unsigned char errcode; /* Linux's numbers elsewhere: < 256 */
#endif
static const errcode codes[] = {
	ENOENT, EACCES, EAGAIN, ENXIO, ENOTDIR, EISDIR, ENOSPC, EPERM, EEXIST,
	EINTR, ENOMEM, EIO, EBADF, EINVAL, ENAMETOOLONG, ELOOP, EROFS, EMFILE,
	ENFILE, ENOEXEC, ETXTBSY, EPIPE, ESRCH, EBUSY, EDQUOT, ECONNREFUSED,
	ETIMEDOUT, EFBIG, ENOSTR /* SV_ENOTFIFO */,
	ENOTEMPTY, EXDEV, ECHILD, E2BIG, ENODEV, ESPIPE, EMLINK, ERANGE,
	EDEADLK, ENOLCK, ENOSYS, ENETDOWN, ENETUNREACH, ECONNRESET, ENOTCONN,
	EHOSTUNREACH, EOPNOTSUPP, EMSGSIZE, ENOBUFS, ESTALE, EOVERFLOW,
};
static const char texts[] =
	"file does not exist\0access denied\0temporary failure\0"
	"device not configured\0not a directory\0is a directory\0"
	"out of disk space\0permission denied\0file already exists\0"
	"interrupted system call\0out of memory\0input/output error\0"
	"file descriptor not open\0invalid argument\0file name too long\0"
	"symbolic link loop\0read-only file system\0out of file descriptors\0"
	"file table overflow\0exec format error\0text busy\0broken pipe\0"
	"no such process\0device busy\0disk quota exceeded\0"
	"connection refused\0timed out\0file too big\0not a fifo\0"
	"directory not empty\0cross-device link\0no child processes\0"
	"argument list too long\0no such device\0unseekable descriptor\0"
	"too many links\0out of range\0deadlock avoided\0no locks available\0"
	"not implemented\0network down\0network unreachable\0"
	"connection reset\0not connected\0host unreachable\0"
	"operation not supported\0message too long\0out of buffer space\0"
	"stale file handle\0value too large";

const char *sv_strerror(int e)
{
	static char other[24];
	const char *t = texts;
	size_t i;

	for (i = 0; i < sizeof codes / sizeof *codes; i++, t += strlen(t) + 1)
		if (codes[i] == e)
			return t;
	/* the rest by number (runit says "unknown error") */
	sv_fmt(other, sizeof other, "error %d", e);
	return other;
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
 * path near PATH_MAX) is written whole, in one write() when it fits.
 * "unable to " is written here once, not in every caller's format. */
static void msg(const char *kind, int err, const char *fmt, va_list ap)
{
	struct sv_out o = SV_OUT_INIT(2);
	int saved = errno;

	sv_out_printf(&o, "%s%s%s: %s: %s", sv_prog, sv_prog_arg ? " " : "",
		      sv_prog_arg ? sv_prog_arg : "", kind,
		      err >= 0 ? "unable to " : "");
	sv_out_vprintf(&o, fmt, ap);
	if (err > 0)
		sv_out_printf(&o, ": %s", sv_strerror(err));
	sv_out_put(&o, "\n", 1);
	sv_out_flush(&o);
	errno = saved;
}

void sv_die(int code, const char *fmt, ...)
{
	va_list ap;
	int e = errno;

	va_start(ap, fmt);
	msg("fatal", code & SV_UNABLE ? e : -1, fmt, ap);
	va_end(ap);
	_exit(code & 0xff);
}

void sv_warn(const char *fmt, ...)
{
	va_list ap;
	int e = errno, unable = *fmt == *SV_UNABLE_MARK;

	va_start(ap, fmt);
	msg("warning", unable ? e : -1, fmt + unable, ap);
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
