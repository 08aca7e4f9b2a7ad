/* SPDX-License-Identifier: 0BSD */
/* libsv/takeover.c - the engine's takeover (supervise.h: sv_takeover;
 * docs/runsv.8, TAKEOVER): what a successor needs to recognise ./run,
 * adopting it, and the log pipe taken again. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "fmt.h"
#include "sys.h"
#include "ident.h"
#include "status.h"
#include "supervise.h"

/* what a successor needs to recognise ./run (ident.h) */
static void record(struct sv_svc *s, int i, pid_t pid)
{
	struct sv_ident id;
	char buf[SV_IDENT_MAX];
	const char *pre;
	int base = sv_svc_state(s, i, &pre);

	if (sv_ident_of(pid, &id) == 0)
		sv_status_put(base, pre, "ident", buf, sv_ident_format(buf, &id));
}

/* Takeover: the state says record i's ./run runs, and that very process
 * (ident.h) is alive, its supervisor gone (we hold the lock now): adopt
 * it instead of starting another. Its exit is seen through a pidfd; a
 * kernel without pidfds gets runit's behaviour (a new ./run). */
static void adopt(struct sv_svc *s, int i)
{
	struct sv_rec *r = &s->r[i];
	unsigned char raw[SV_STATUS_LEN];
	struct sv_status old;
	struct sv_ident was, now;
	char buf[SV_IDENT_MAX], path[40];
	const char *pre;
	int base = sv_svc_state(s, i, &pre), fd;
	ssize_t n;

	sv_fmt(path, sizeof path, "%sstatus", pre);
	n = sv_read_small(base, path, O_NOFOLLOW, raw, sizeof raw);
	if (n != SV_STATUS_LEN || sv_status_unpack(&old, raw, (size_t)n) < 0 ||
	    old.state != SV_RUN || !old.pid)
		return;
	sv_fmt(path, sizeof path, "%sident", pre);
	n = sv_read_small(base, path, O_NOFOLLOW, buf, sizeof buf);
	if (n <= 0 || sv_ident_parse(&was, buf, (size_t)n) < 0 ||
	    was.pid != old.pid)
		return;
	/* the pid checked before the pidfd is taken, and once more after */
	for (fd = -1;;) {
		if (sv_ident_of((pid_t)old.pid, &now) < 0 ||
		    !sv_ident_same(&was, &now)) {
			if (fd >= 0)
				close(fd);
			return;
		}
		if (fd >= 0)
			break;
		fd = (int)sv_syscall(SYS_pidfd_open, (pid_t)old.pid, 0, 0, 0, 0);
		if (fd < 0)
			return;
	}
	fcntl(fd, F_SETFD, FD_CLOEXEC);
	r->st = old; /* its pid, start stamp and what was wanted */
	r->pidfd = fd;
	r->unknown = 0;
	r->started = sv_mono_ms();
	r->pidchanged = 1;
}

/* the log pipe of an adopted pair: the same pipe, taken from the service
 * (its stdout) or the logger (its stdin), so no line in it is lost and
 * either side can be restarted later as usual; -1: a new one */
static int same_pipe(struct sv_svc *s)
{
	const struct sv_rec *m = &s->r[SV_REC_MAIN], *l = &s->r[SV_REC_LOG];
	char path[48];
	struct stat a;
	pid_t from = m->pidfd >= 0 ? (pid_t)m->st.pid : (pid_t)l->st.pid;
	int fd = m->pidfd >= 0 ? 1 : 0;

	if (m->pidfd < 0 && l->pidfd < 0)
		return -1;
	sv_fmt(path, sizeof path, "/proc/%d/fd/%d", (int)from, fd);
	s->pipe[0] = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	s->pipe[1] = open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
	if (s->pipe[0] < 0 || s->pipe[1] < 0 || fstat(s->pipe[0], &a) < 0 ||
	    !S_ISFIFO(a.st_mode)) {
		if (s->pipe[0] >= 0)
			close(s->pipe[0]);
		if (s->pipe[1] >= 0)
			close(s->pipe[1]);
		s->pipe[0] = s->pipe[1] = -1;
		return -1;
	}
	/* blocking again, as pipe2() gives them */
	fcntl(s->pipe[0], F_SETFL, 0);
	fcntl(s->pipe[1], F_SETFL, 0);
	return 0;
}

const struct sv_takeover sv_takeover_on = { record, adopt, same_pipe };
