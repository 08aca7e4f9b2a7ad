/* SPDX-License-Identifier: 0BSD */
/* libsv/status.c - see status.h */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h> /* renameat */
#include <string.h>
#include <unistd.h>
#include "ctl.h"
#include "err.h"
#include "fmt.h"
#include "state.h"
#include "out.h"
#include "status.h"

void sv_status_pack(unsigned char out[SV_STATUS_LEN], const struct sv_status *s)
{
	sv_tai_pack(out, &s->stamp);
	out[12] = (unsigned char)s->pid;
	out[13] = (unsigned char)(s->pid >> 8);
	out[14] = (unsigned char)(s->pid >> 16);
	out[15] = (unsigned char)(s->pid >> 24);
	out[16] = s->paused ? 1 : 0;
	out[17] = (unsigned char)(s->want == 'x' ? 'd' : s->want);
	out[18] = s->term ? 1 : 0;
	out[19] = s->state;
}

int sv_status_unpack(struct sv_status *s, const unsigned char *in, size_t n)
{
	if (n != SV_STATUS_LEN && n != SV_STATUS_DTLEN)
		return -1;
	sv_tai_unpack(&s->stamp, in);
	s->pid = (unsigned long)in[12] | (unsigned long)in[13] << 8 |
		 (unsigned long)in[14] << 16 | (unsigned long)in[15] << 24;
	s->paused = in[16];
	s->want = (char)in[17];
	if (n == SV_STATUS_LEN) {
		s->term = in[18];
		s->state = in[19];
	} else {
		s->term = 0;
		s->state = s->pid ? SV_RUN : SV_DOWN;
	}
	return 0;
}

static char *cat(char *p, const char *s)
{
	while (*s)
		*p++ = *s++;
	return p;
}

/* one copy: inlined, each of its three callers had its own (+18 B) */
__attribute__((noinline)) const char *sv_status_word(unsigned state)
{
	return state == SV_RUN ? "run" : state == SV_FINISH ? "finish" : "down";
}

size_t sv_status_stat(char *buf, const struct sv_status *s)
{
	char *p = cat(buf, sv_status_word(s->state));

	if (s->paused)
		p = cat(p, ", paused");
	if (s->term)
		p = cat(p, ", got TERM");
	if (s->state != SV_DOWN && s->want == 'd')
		p = cat(p, ", want down");
	if (s->state != SV_DOWN && s->want == 'x')
		p = cat(p, ", want exit");
	*p++ = '\n';
	*p = 0;
	return (size_t)(p - buf);
}

const char *sv_status_why(enum sv_status_step step)
{
	switch (step) {
	case SV_STEP_OK:
		return "unable to open supervise/ok";
	case SV_STEP_OPEN:
		return "unable to open supervise/status";
	case SV_STEP_READ:
		return "unable to read supervise/status";
	default:
		return "unable to read supervise/status: bad format";
	}
}

void sv_status_notes(struct sv_out *o, const struct sv_status *st, int down)
{
	if (st->pid && down)
		sv_out_puts(o, ", normally down");
	if (!st->pid && !down)
		sv_out_puts(o, ", normally up");
	if (st->pid && st->paused)
		sv_out_puts(o, ", paused");
	if (!st->pid && st->want == 'u')
		sv_out_puts(o, ", want up");
	if (st->pid && st->want == 'd')
		sv_out_puts(o, ", want down");
}

ssize_t sv_read_small(int dir, const char *path, int flags, void *buf,
		      size_t n)
{
	int fd = openat(dir, path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | flags), e;
	ssize_t r;

	if (fd < 0)
		return -1;
	do
		r = read(fd, buf, n);
	while (r < 0 && errno == EINTR);
	e = errno;
	close(fd);
	errno = e;
	return r < 0 ? -2 : r;
}

int sv_status_put(int dir, const char *sup, const char *name, const void *p,
		  size_t len)
{
	char tmp[48], dst[48];
	int fd, e;

	sv_fmt(dst, sizeof dst, "%s%s", sup, name);
	sv_fmt(tmp, sizeof tmp, "%s%s.new", sup, name);
	/* created anew: a symlink, fifo or hard link planted under the
	 * temporary name is removed, never followed, opened or truncated */
	unlinkat(dir, tmp, 0);
	fd = openat(dir, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NONBLOCK |
				      O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0)
		return -1;
	if (sv_write_all(fd, p, len) < 0) {
		e = errno;
		close(fd);
		unlinkat(dir, tmp, 0);
		errno = e;
		return -1;
	}
	if (close(fd) < 0 && errno != EINTR)
		return -1;
	return renameat(dir, tmp, dir, dst);
}

int sv_status_save(int dir, const char *sup, const struct sv_status *s,
		   int pidchanged, const char **failed)
{
	unsigned char rec[SV_STATUS_LEN];
	char buf[48];
	size_t n;
	const char *dummy;

	if (!failed)
		failed = &dummy;
	if (pidchanged) {
		n = 0;
		if (s->pid) {
			n = sv_fmt_ulong(buf, s->pid);
			buf[n++] = '\n';
		}
		*failed = "pid";
		if (sv_status_put(dir, sup, "pid", buf, n) < 0)
			return -1;
	}
	n = sv_status_stat(buf, s);
	*failed = "stat";
	if (sv_status_put(dir, sup, "stat", buf, n) < 0)
		return -1;
	sv_status_pack(rec, s);
	*failed = "status";
	return sv_status_put(dir, sup, "status", rec, sizeof rec);
}

int sv_status_get(int dfd, struct sv_status *s, size_t minlen,
		  enum sv_status_step *step)
{
	unsigned char raw[SV_STATUS_LEN];
	ssize_t r = sv_ctl_supervised(dfd);
	int fd, e;

	*step = SV_STEP_OK;
	if (r <= 0)
		return (int)r;
	*step = SV_STEP_OPEN;
	if ((fd = sv_state_open(dfd)) < 0)
		return -1;
	r = sv_read_small(fd, "status", 0, raw, sizeof raw);
	e = errno;
	close(fd);
	errno = e;
	if (r < 0) {
		if (r == -2)
			*step = SV_STEP_READ;
		return -1;
	}
	*step = SV_STEP_FORMAT;
	if ((size_t)r < minlen || sv_status_unpack(s, raw, (size_t)r) < 0)
		return -1;
	return 1;
}
