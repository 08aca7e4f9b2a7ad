/* SPDX-License-Identifier: 0BSD */
/* runsvdir.c - start a runsv for each service directory in DIR, event
 * driven (inotify), never handing over half-made directories.
 * Manual page: docs/runsvdir.8

APPLET(runsvdir, "[-PSCcO] [-T MS] [-l TPL] DIR [LOG]")

config RUNSVDIR
	bool "runsvdir"
	default y
	help
	  runsvdir DIR starts one runsv per subdirectory of DIR, restarts
	  a runsv that dies, and sends TERM to the runsv of a directory
	  that disappears. With inotify it acts within milliseconds and
	  makes no wakeups while idle.

config RUNSVDIR_GRACE
	bool "Wait for new service directories to be complete"
	default y
	depends on RUNSVDIR
	help
	  A new directory is handed to runsv only once it has an
	  executable run (and log/run when log/ exists). One created in
	  place (mkdir, then files written) must also have been quiet
	  for RUNSVDIR_GRACE_MS; one renamed in starts at once.

config RUNSVDIR_GRACE_MS
	int "Quiet time for directories created in place (ms)"
	default 1000
	depends on RUNSVDIR_GRACE

config RUNSVDIR_MAX
	int "Most services supervised at once"
	default 1000
	depends on RUNSVDIR

config RUNSVDIR_SELFEXEC
	bool "Start runsv from this very binary"
	default y
	depends on RUNSVDIR
	help
	  runsvdir execs its own executable as runsv, so it works when
	  only svbox is installed. Off: runsv is looked up in PATH.

config RUNSVDIR_LOG
	bool "The LOG argument: recent stderr shown in the process title"
	default y
	depends on RUNSVDIR

config RUNSVDIR_CONTAINER
	bool "Container mode and a clean stop of the whole tree"
	default y
	depends on RUNSVDIR
	help
	  runsvdir -C (automatic as PID 1, off with -c) reaps every
	  orphan, and on TERM or INT stops every service in parallel (as
	  sv x: service down, logger drained), then KILLs what is left
	  after -T MS (default 8000, below docker stop's 10 s) and exits
	  0, or 111 if it had to kill; a service with a file
	  container-main ends the container with its exit code. INT
	  (Ctrl-C) stops the whole tree this way in any mode.

config RUNSVDIR_INPROC
	bool "runsvdir -S: supervise every service in this one process"
	default y
	depends on RUNSVDIR
	help
	  With -S, runsvdir runs libsv's supervision engine for every
	  service directory itself, instead of one runsv process per
	  service: the same supervise/ files, fifos and locks, so sv, svc,
	  svok, svstat and runit's sv work unchanged; far less memory per
	  service (no process, no page tables).
*/

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h> /* DT_LNK */
#include <sys/inotify.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "libsv/ctl.h"
#include "libsv/dir.h"
#include "libsv/err.h"
#include "libsv/fmt.h"
#include "libsv/info.h"
#include "libsv/mem.h"
#include "libsv/opt.h"
#include "libsv/proc.h"
#include "libsv/sig.h"
#include "libsv/status.h"
#include "libsv/sys.h"
#include "libsv/supervise.h"
#include "libsv/svdir.h"
#include "libsv/tai.h"
#include <sys/resource.h>

enum {
	RUNSVDIR_USAGE = 1,
	RUNSVDIR_NOCWD = 100,
	RUNSVDIR_HUP = 111,
	RESTART_MS = 1000, /* a dead runsv is restarted at most once a second */
	RETRY_MS = 1000,   /* DIR unreadable, a fork that failed */
	POLL_MS = 5000,	   /* without inotify: look at DIR's mtime */
	DOT_MS = 900000,   /* LOG: a dot every 15 minutes */
	HELD_MAX_MS = 8000, /* a foreign runsv's directory: longest look gap */
	STOP_MS = 8000,	   /* -C: the stop limit (docker stop waits 10 s) */
	KILLED_MS = 1000,  /* after the KILLs: exit even if some hang */
	KILLED = 111,	   /* the exit code when something had to be killed */
};

/* runsvdir -S: one engine object per service directory */
struct inproc {
	struct sv_svc e;
	struct inproc *next; /* the list of removed ones still stopping */
	pid_t known[SV_SVC_NPIDS]; /* its pids as the pid table has them */
	char name[];	     /* the name it was started under */
};

struct svc {
	struct inproc *ip; /* -S: its engine (NULL: none running) */
	dev_t dev;
	ino_t ino;
	pid_t pid;
	long long again; /* not before this (restart throttle, grace) */
	int backoff;	 /* ms: held by another runsv, look again after */
	int wd, logwd;
	unsigned char seen, pending, inplace, said, done, held;
};

static struct runsvdir {
	struct svc *sv;
	int n, sigfd, ino, dirwd, parentwd, first;
	unsigned newsess; /* -P */
	const char *dir, *base;
	char *self, *log;
	size_t loglen;
	int logpipe[2], logchild; /* logpipe[1]: runsvdir's own, non-blocking */
	long long scan, dot;
	struct timespec lastm; /* the directory when it was last read */
	dev_t lastdev;
	ino_t lastino;
	const char *deflog; /* the default logger's template (-l) */
	unsigned catchall;  /* -O: unlogged lines to stdout as "NAME: " */
	/* -C and INT: a stop with a limit */
	unsigned container, nocontainer; /* -C, -c */
	const char *tms; /* -T MS */
	long long limit, stopdl; /* ms; the deadline of the stop (0: none) */
	int killed;
	/* -S */
	unsigned inproc, once; /* -S, -x */
	int exiting;
	struct inproc *gone;
	struct pidslot *pids; /* pid -> engine: open addressing */
	size_t pcap, pused;
	struct pollfd *pf;
	struct inproc **pw; /* whose fd pf[3 + k] is */
	int lastrecent, waiting, parenttargets;
} G;

/* the inotify descriptor; -1 for the compiler too without INOTIFY, so
 * the code that serves it is left out */
#define INO (ENABLE_INOTIFY ? G.ino : -1)
/* the LOG argument runsvdir writes into; NULL without RUNSVDIR_LOG */
#define LOG (ENABLE_RUNSVDIR_LOG ? G.log : NULL)

/* -S: pid -> engine, so a SIGCHLD costs no scan of every service */
struct pidslot {
	pid_t pid; /* 0: empty, -1: deleted */
	struct inproc *ip;
};

static size_t pslot(pid_t pid, size_t cap)
{
	return ((size_t)pid * 2654435761u) & (cap - 1);
}

static void pput(pid_t pid, struct inproc *ip);

static int pgrow(void)
{
	size_t cap = G.pcap ? G.pcap * 2 : 64, i;
	struct pidslot *old = G.pids, *t = sv_map(cap * sizeof *t);
	size_t ocap = G.pcap;

	if (!t)
		return -1;
	G.pids = t;
	G.pcap = cap;
	G.pused = 0;
	for (i = 0; i < ocap; i++)
		if (old[i].pid > 0)
			pput(old[i].pid, old[i].ip);
	sv_unmap(old, ocap * sizeof *old);
	return 0;
}

static void pput(pid_t pid, struct inproc *ip)
{
	size_t i;

	if ((G.pused + 1) * 2 > G.pcap && pgrow() < 0)
		return; /* reaping falls back to asking every engine */
	for (i = pslot(pid, G.pcap); G.pids[i].pid > 0; i = (i + 1) & (G.pcap - 1))
		;
	if (!G.pids[i].pid)
		G.pused++;
	G.pids[i].pid = pid;
	G.pids[i].ip = ip;
}

static struct pidslot *pfind(pid_t pid)
{
	size_t i;

	if (!G.pcap)
		return NULL;
	for (i = pslot(pid, G.pcap); G.pids[i].pid; i = (i + 1) & (G.pcap - 1))
		if (G.pids[i].pid == pid)
			return &G.pids[i];
	return NULL;
}

/* the pid table in step with the engine's children */
static void psync(struct inproc *ip)
{
	pid_t now[SV_SVC_NPIDS];
	int k;

	sv_svc_pids(&ip->e, now);
	for (k = 0; k < SV_SVC_NPIDS; k++)
		if (ip->known[k] && ip->known[k] != now[k]) {
			struct pidslot *ps = pfind(ip->known[k]);
			if (ps && ps->ip == ip)
				ps->pid = -1;
		}
	for (k = 0; k < SV_SVC_NPIDS; k++)
		if (now[k] && now[k] != ip->known[k])
			pput(now[k], ip);
	memcpy(ip->known, now, sizeof now);
}

static void ip_say(void *ctx, const struct sv_svc *e, const char *msg, int err)
{
	const struct inproc *ip = ctx;

	(void)e;
	if (err)
		sv_warn("%s: %s: %s", ip->name, msg, sv_strerror(err));
	else
		sv_warn("%s: %s", ip->name, msg);
}

static void ip_free(struct inproc *ip)
{
	ip->e.r[0].st.pid = ip->e.r[1].st.pid = 0;
	ip->e.r[0].pol.chk = ip->e.r[1].pol.chk = 0;
	ip->e.h.pid = 0;
	psync(ip);
	sv_svc_close(&ip->e);
	sv_free(ip);
}

static int mine(int wd, const struct svc *except)
{
	int i;

	for (i = 0; i < G.n; i++)
		if (&G.sv[i] != except &&
		    (G.sv[i].wd == wd || G.sv[i].logwd == wd))
			return 1;
	return wd == G.dirwd || wd == G.parentwd;
}

static void unwatch(struct svc *s, int *wd)
{
	if (INO >= 0 && *wd >= 0 && !mine(*wd, s))
		inotify_rm_watch(G.ino, *wd);
	*wd = -1;
}

static void watch(int *wd, const char *name, const char *sub, uint32_t mask)
{
	char path[4096];

	if (INO < 0 || *wd >= 0)
		return;
	if (sv_fmt(path, sizeof path, "%s/%s%s", G.dir, name, sub) <
	    sizeof path - 1)
		*wd = inotify_add_watch(G.ino, path, mask | IN_ONLYDIR);
}

static int held(struct svc *s, int dfd, const char *name, long long now);

/* look at s again after a pause that doubles from 1 s up to max ms */
static void later(struct svc *s, long long now, int max)
{
	s->backoff = s->backoff ? s->backoff * 2 : 1000;
	if (s->backoff > max)
		s->backoff = max;
	s->again = now + s->backoff;
	G.scan = sv_deadline_min(G.scan, s->again);
}

/* -S: the engine for name (dfd: DIR); on failure retried after a
 * growing pause, every other service untouched */
static void start_inproc(struct svc *s, int dfd, const char *name)
{
	long long now = sv_mono_ms();
	size_t n = strlen(name), part;
	struct sv_svc_fail f;
	struct inproc *ip;
	int fd;

	fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	/* the catch-all's room for a line's start behind the name: only
	 * where there is a catch-all */
	part = ENABLE_RUNSVDIR_CONTAINER && G.catchall ? SV_SVC_PART : 0;
	ip = fd >= 0 ? sv_alloc(sizeof *ip + n + 1 + part) : NULL;
	if (fd < 0 || !ip) {
		f.err = fd < 0 ? errno : ENOMEM;
		sv_fmt(f.what, sizeof f.what, "unable to %s",
		       fd < 0 ? "open directory" : "allocate");
		if (fd >= 0)
			close(fd);
		goto retry;
	}
	memset(ip, 0, sizeof *ip);
	memcpy(ip->name, name, n + 1);
	if (sv_svc_open(&ip->e, fd, 0, G.deflog, ip->name, ip_say, ip, &f) < 0) {
		sv_free(ip);
		if (f.err == EWOULDBLOCK && held(s, dfd, name, now))
			return;
		goto retry;
	}
	ip->e.name = ip->name;
	if (ENABLE_RUNSVDIR_CONTAINER && G.catchall &&
	    sv_svc_catchall(&ip->e, 1, ip->name, ip->name + n + 1) < 0)
		sv_warn("%s: unable to create its catch-all pipe: %s", name,
			sv_strerror(errno));
	ip->e.setsid = (unsigned char)G.newsess;
	ip->e.pgrp = ENABLE_POLICY_PGRP;
	ip->e.errfd = LOG ? G.logchild : -1;
	s->ip = ip;
	s->backoff = 0;
	s->again = now + RESTART_MS;
	return;
retry:
	/* said each time: the pauses grow to a minute */
	sv_warn("%s: not started: %s%s%s", name, f.what, f.err ? ": " : "",
		f.err ? sv_strerror(f.err) : "");
	later(s, now, 60000);
}

static void start(struct svc *s, const char *name)
{
	char *argv[] = { "runsv", (char *)name, NULL };
	char what[300];
	const char *path = getenv("PATH");
	struct sv_spawn sp = sv_spawn_none;
	pid_t pid;

	sp.sub = G.dir;
	sp.setsid = (int)G.newsess;
	sp.path = path ? path : "/bin:/usr/bin";
	sp.argv = argv;
	sp.what = what;
	sp.failcode = RUNSVDIR_NOCWD;

	sv_fmt(what, sizeof what, "runsv %s", name);
	if (ENABLE_RUNSVDIR_SELFEXEC)
		sp.self = G.self;
	if (ENABLE_RUNSVDIR_LOG && G.log && G.logchild >= 0) {
		/* the blocking side of the LOG pipe as stderr; the read end
		 * as fd 3, for runsv to drain should runsvdir go (runsv.8) */
		sp.fd[2] = G.logchild;
		sp.fd[3] = G.logpipe[0];
	}
	pid = sv_spawn(&sp);
	if (pid < 0) {
		sv_warn_unable("fork for %s", name);
		s->again = sv_mono_ms() + RETRY_MS;
		G.scan = sv_deadline_min(G.scan, s->again);
		return;
	}
	s->pid = pid;
	s->again = sv_mono_ms() + RESTART_MS;
}

/* executable regular file at DIR/name/sub? 1, or 0 with *why saying
 * what is wrong */
static int exe(int dfd, const char *name, const char *sub, const char **why)
{
	char path[4096 + 16];
	struct stat st;

	sv_fmt(path, sizeof path, "%s/%s", name, sub);
	if (fstatat(dfd, path, &st, 0) < 0)
		*why = errno == ENOENT ? "does not exist" : "cannot be examined";
	else if (!S_ISREG(st.st_mode))
		*why = "is not a regular file";
	else if (!(st.st_mode & 0111))
		*why = "is not executable";
	else
		return 1;
	return 0;
}

/* Is name supervised by a runsv this runsvdir did not start (one left by
 * a runsvdir that was killed)? Then starting another would only fail on
 * the lock: say so once, look again after 1, 2, 4, 8, 8 ... s. */
static int held(struct svc *s, int dfd, const char *name, long long now)
{
	if (!sv_ctl_held(dfd, name)) {
		if (s->held) {
			sv_warn("%s: its runsv is gone, starting one", name);
			s->backoff = 0;
		}
		s->held = 0;
		return 0;
	}
	if (!s->held) {
		sv_warn("%s: supervised by a runsv not started here; "
			"waiting for it to exit", name);
		s->backoff = 0;
	}
	s->held = 1;
	later(s, now, HELD_MAX_MS);
	return 1;
}

/* A known directory seen by a scan: start its runsv when due. */
static void visit(struct svc *s, int dfd, const char *name, long long now)
{
	char path[512];

	if (s->pid || s->ip || s->done || G.exiting)
		return;
	if (ENABLE_RUNSVDIR_GRACE && s->pending) {
		const uint32_t m = IN_CREATE | IN_MOVED_TO | IN_ATTRIB |
				   IN_CLOSE_WRITE | IN_DELETE | IN_MOVED_FROM;
		const char *why = NULL, *what = "run";
		int haslog;

		sv_fmt(path, sizeof path, "%s/log", name);
		haslog = sv_is(dfd, path, SV_IS_DIR);
		watch(&s->wd, name, "", m);
		if (haslog)
			watch(&s->logwd, name, "/log", m);
		if (!exe(dfd, name, "run", &why) ||
		    (haslog && !exe(dfd, name, what = "log/run", &why))) {
			/* said once, when it is not just being made: without
			 * inotify the next look is the next poll of DIR, no
			 * extra wakeups */
			if (!s->said && (!s->inplace || now >= s->again)) {
				sv_warn("%s: not started until %s/%s is ready: "
					"it %s", name, name, what, why);
				s->said = 1;
			}
			if (INO < 0)
				G.waiting = 1;
			return;
		}
		s->said = 0;
	}
	if (now < s->again) {
		G.scan = sv_deadline_min(G.scan, s->again);
		return;
	}
	if (held(s, dfd, name, now))
		return;
	if (s->pending) {
		s->pending = 0;
		unwatch(s, &s->wd);
		unwatch(s, &s->logwd);
	}
	if (ENABLE_RUNSVDIR_INPROC && G.inproc)
		start_inproc(s, dfd, name);
	else
		start(s, name);
}

/* A symlinked service: watch the directory holding its target, so a
 * target removed, replaced or made is noticed. Watches on one inode are
 * shared by the kernel; they stay for runsvdir's life. */
static void target_watch(int dfd, const char *name)
{
	char t[4096], path[4096];
	ssize_t n;
	char *slash;

	if (INO < 0)
		return;
	n = readlinkat(dfd, name, t, sizeof t - 1);
	if (n <= 0)
		return;
	t[n] = 0;
	slash = strrchr(t, '/');
	if (!slash)
		sv_fmt(path, sizeof path, "%s", G.dir);
	else if (slash == t)
		sv_fmt(path, sizeof path, "/");
	else if (*slash = 0, t[0] == '/')
		sv_fmt(path, sizeof path, "%s", t);
	else
		sv_fmt(path, sizeof path, "%s/%s", G.dir, t);
	/* a target in DIR's parent shares the parent's watch (one watch per
	 * inode): its events must then count too, not only DIR's own name */
	if (inotify_add_watch(G.ino, path, IN_CREATE | IN_MOVED_TO | IN_DELETE |
			      IN_MOVED_FROM | IN_ONLYDIR) == G.parentwd &&
	    G.parentwd >= 0)
		G.parenttargets = 1;
}

static struct svc *find(dev_t dev, ino_t ino)
{
	int i;

	for (i = 0; i < G.n; i++)
		if (G.sv[i].ino == ino && G.sv[i].dev == dev)
			return &G.sv[i];
	return NULL;
}

/* a new service directory; NULL when the table is full */
static struct svc *add(const struct stat *st, const char *name, int inplace,
		       long long now)
{
	struct svc *s;

	if (G.n >= CONFIG_RUNSVDIR_MAX) {
		sv_warn("unable to start runsv %s: too many services.", name);
		return NULL;
	}
	s = &G.sv[G.n++];
	memset(s, 0, sizeof *s);
	s->dev = st->st_dev;
	s->ino = st->st_ino;
	s->wd = s->logwd = -1;
	s->pending = ENABLE_RUNSVDIR_GRACE;
	s->inplace = inplace;
	if (ENABLE_RUNSVDIR_GRACE && inplace)
		s->again = now + CONFIG_RUNSVDIR_GRACE_MS;
	if (ENABLE_RUNSVDIR_GRACE && !inplace && INO < 0 && !G.first) {
		/* no events to tell: a recently changed directory may still
		 * be being written; count its mtime as activity */
		struct sv_tai t;
		sv_tai_now(&t);
		if ((long long)(t.sec - SV_TAI_OFFSET) - st->st_mtime < 2)
			s->again = now + CONFIG_RUNSVDIR_GRACE_MS;
	}
	return s;
}

static void scan(void)
{
	char buf[2048];
	long long now = sv_mono_ms();
	int dfd = open(G.dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), i;
	struct sv_dir dir;
	const char *name;
	unsigned char type;

	G.scan = 0;
	G.waiting = 0;
	if (dfd < 0) {
		sv_warn_unable("open directory %s", G.dir);
		G.scan = now + RETRY_MS;
		return;
	}
	for (i = 0; i < G.n; i++)
		G.sv[i].seen = 0;
	sv_dir_start(&dir, dfd, buf, sizeof buf);
	while ((name = sv_dir_next(&dir, &type))) {
		struct stat st;
		struct svc *s;

		if (name[0] == '.')
			continue;
		if (type == DT_LNK || type == DT_UNKNOWN)
			target_watch(dfd, name);
		if (fstatat(dfd, name, &st, 0) < 0) {
			sv_warn_unable("stat %s", name);
			continue;
		}
		if (!S_ISDIR(st.st_mode))
			continue;
		s = find(st.st_dev, st.st_ino);
		if (!s && !(s = add(&st, name, 0, now)))
			continue;
		s->seen = 1;
		visit(s, dfd, name, now);
	}
	if (errno) {
		sv_warn_unable("read directory %s", G.dir);
		G.scan = now + RETRY_MS;
		close(dfd);
		return;
	}
	close(dfd);
	for (i = 0; i < G.n;) {
		struct svc *s = &G.sv[i];
		if (s->seen) {
			i++;
			continue;
		}
		if (s->pid)
			kill(s->pid, SIGTERM);
		if (s->ip) {
			/* stopped as a TERMed runsv would be, then forgotten */
			sv_svc_command(&s->ip->e, SV_REC_MAIN, 'x');
			psync(s->ip);
			s->ip->next = G.gone;
			G.gone = s->ip;
		}
		unwatch(s, &s->wd);
		unwatch(s, &s->logwd);
		*s = G.sv[--G.n];
	}
	G.first = 0;
	/* -C: nothing (left) to supervise, nothing stopping: done */
	if (ENABLE_RUNSVDIR_CONTAINER && G.container && !G.n && !G.gone &&
	    !G.exiting)
		_exit(0);
}

static int reaped_inproc(pid_t pid, int w);
static void stop_all(int code);
#if ENABLE_RUNSVDIR_CONTAINER
static void main_gone(const struct svc *s);
static int wcode(int exited, int w);
#endif

static void reap(void)
{
	pid_t pid;
	int i, w;

	while ((pid = waitpid(-1, &w, WNOHANG)) > 0) {
		if (ENABLE_RUNSVDIR_INPROC && G.inproc && reaped_inproc(pid, w))
			continue;
		for (i = 0; i < G.n; i++)
			if (G.sv[i].pid == pid) {
				G.sv[i].pid = 0;
				IF_RUNSVDIR_CONTAINER(
				if (G.container && !G.exiting && !w)
					main_gone(&G.sv[i]);)
				G.scan = sv_deadline_min(G.scan,
					G.sv[i].again > sv_mono_ms()
						? G.sv[i].again : sv_mono_ms());
			}
	}
}

/* DIR's own watch (again, after DIR was replaced) */
static int watchdir(void)
{
	return G.dirwd = inotify_add_watch(G.ino, G.dir, IN_CREATE | IN_DELETE |
					   IN_MOVED_FROM | IN_MOVED_TO |
					   IN_ONLYDIR);
}

static void events(void)
{
	char buf[4096] __attribute__((aligned(8)));
	long long now = sv_mono_ms();
	ssize_t r;

	while ((r = read(G.ino, buf, sizeof buf)) > 0) {
		ssize_t off;
		for (off = 0; off < r;) {
			struct inotify_event *e = (void *)(buf + off);
			int i;

			off += (ssize_t)sizeof *e + e->len;
			if (e->wd == G.parentwd) {
				/* DIR itself replaced (a symlink switched) */
				if (!e->len || strcmp(e->name, G.base)) {
					if (G.parenttargets)
						G.scan = now;
					continue;
				}
				watchdir();
			} else if (e->wd == G.dirwd && (e->mask & IN_CREATE) &&
				   (e->mask & IN_ISDIR) && e->len &&
				   e->name[0] != '.' && ENABLE_RUNSVDIR_GRACE) {
				/* made in place: files will follow */
				struct stat st;
				int dfd = open(G.dir, O_RDONLY | O_DIRECTORY |
						      O_CLOEXEC);
				if (dfd >= 0 && !fstatat(dfd, e->name, &st, 0) &&
				    !find(st.st_dev, st.st_ino))
					add(&st, e->name, 1, now);
				if (dfd >= 0)
					close(dfd);
			}
			for (i = 0; i < G.n; i++)
				if (G.sv[i].inplace && G.sv[i].pending &&
				    (G.sv[i].wd == e->wd || G.sv[i].logwd == e->wd))
					G.sv[i].again = now + CONFIG_RUNSVDIR_GRACE_MS;
			G.scan = now;
		}
	}
}

/* LOG: shift every non-NUL byte into the end of the LOG argument */
static void logread(void)
{
	char buf[256];
	ssize_t r, i;

	while ((r = read(G.logpipe[0], buf, sizeof buf)) > 0)
		for (i = 0; i < r; i++) {
			if (!buf[i])
				continue;
			memmove(G.log + 5, G.log + 6, G.loglen - 6);
			G.log[G.loglen - 1] = buf[i];
		}
}

static void logsetup(char *arg)
{
	int fl;

	G.loglen = strlen(arg);
	if (G.loglen < 7) {
		sv_warn("log must have at least seven characters.");
		goto off;
	}
	if (pipe2(G.logpipe, O_CLOEXEC) < 0)
		goto fail;
	/* Two open files on one pipe's write side: the one children get as
	 * stderr stays blocking; runsvdir's own (its stderr and the dots) is
	 * non-blocking, so runsvdir, the pipe's only reader, never waits on
	 * it. Without /proc both are blocking, as runit's is. */
	G.logchild = G.logpipe[1];
	{
		char path[32];
		sv_fmt(path, sizeof path, "/proc/self/fd/%d", G.logpipe[1]);
		fl = open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
		if (fl >= 0)
			G.logpipe[1] = fl;
	}
	fcntl(G.logpipe[0], F_SETFL, O_NONBLOCK);
	if (dup2(G.logpipe[1], 2) < 0)
		goto fail;
	G.log = arg;
	G.dot = sv_mono_ms() + DOT_MS;
	return;
fail:
	sv_warn_unable("create pipe for log");
off:
	sv_warn("log service disabled.");
}

static void setup_watches(void)
{
	char parent[4096];
	size_t n;
	const char *slash;

	if (!ENABLE_INOTIFY)
		return;
	G.ino = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (INO < 0) {
		sv_warn_unable("use inotify, polling");
		return;
	}
	watchdir();
	slash = strrchr(G.dir, '/');
	while (slash && slash > G.dir && !slash[1]) /* "dir/" */
		for (slash--; slash > G.dir && *slash != '/'; slash--)
			;
	G.base = slash && *slash == '/' ? slash + 1 : G.dir;
	n = slash && *slash == '/' ? (size_t)(slash - G.dir) : 0;
	if (n >= sizeof parent)
		return;
	if (!slash || *slash != '/')
		memcpy(parent, ".", 2);
	else if (!n)
		memcpy(parent, "/", 2);
	else {
		memcpy(parent, G.dir, n);
		parent[n] = 0;
	}
	G.parentwd = inotify_add_watch(G.ino, parent, IN_CREATE | IN_MOVED_TO |
				       IN_DELETE | IN_MOVED_FROM | IN_ONLYDIR);
}

/* without inotify: rescan when DIR's mtime (to the nanosecond), inode or
 * device changed; and, runit's rule, once more after an mtime within the
 * last two seconds, so a change in the same timestamp tick as the last
 * scan is never missed */
static int changed(void)
{
	struct stat st;
	struct sv_tai t;
	int same, recent = G.lastrecent;

	if (stat(G.dir, &st) < 0) {
		sv_warn_unable("stat %s", G.dir);
		return 0;
	}
	same = st.st_mtim.tv_sec == G.lastm.tv_sec &&
	       st.st_mtim.tv_nsec == G.lastm.tv_nsec &&
	       st.st_ino == G.lastino && st.st_dev == G.lastdev;
	sv_tai_now(&t);
	G.lastrecent = (long long)(t.sec - SV_TAI_OFFSET) - st.st_mtime < 2;
	G.lastm = st.st_mtim;
	G.lastdev = st.st_dev;
	G.lastino = st.st_ino;
	return !same || recent;
}

/* -S: every engine, live and removed, gets its time; a finished one is
 * forgotten (a live one is started again, as runsvdir restarts a runsv
 * that exited) */
static void run_inproc(void)
{
	long long now = sv_mono_ms();
	struct inproc **pp, *ip;
	int i;

	for (i = 0; i < G.n; i++) {
		struct svc *s = &G.sv[i];
		if (!(ip = s->ip))
			continue;
		sv_svc_run(&ip->e, now);
		psync(ip);
		if (!sv_svc_finished(&ip->e))
			continue;
#if ENABLE_RUNSVDIR_CONTAINER
		/* -C: the main service ended on its own (container-main) */
		if (G.container && !G.exiting && ip->e.r[0].pol.main &&
		    ip->e.r[0].pol.exited)
			stop_all(wcode(1, ip->e.r[0].wstat));
#endif
		ip_free(ip);
		s->ip = NULL;
		/* -x: a service that exited stays so */
		s->done = (unsigned char)G.once;
		G.scan = sv_deadline_min(G.scan, s->again > now ? s->again : now);
	}
	for (pp = &G.gone; (ip = *pp);) {
		sv_svc_run(&ip->e, now);
		psync(ip);
		if (sv_svc_finished(&ip->e)) {
			*pp = ip->next;
			ip_free(ip);
		} else {
			pp = &ip->next;
		}
	}
}

static long long deadline_inproc(long long dl)
{
	struct inproc *ip;
	int i;

	for (i = 0; i < G.n; i++)
		if (G.sv[i].ip)
			dl = sv_deadline_min(dl, sv_svc_deadline(&G.sv[i].ip->e));
	for (ip = G.gone; ip; ip = ip->next)
		dl = sv_deadline_min(dl, sv_svc_deadline(&ip->e));
	return dl;
}

/* the control fifos to poll, after the 3 fds of runsvdir's own */
static int pollfds_inproc(void)
{
	const int cap = SV_SVC_NPOLL * CONFIG_RUNSVDIR_MAX;
	struct inproc *ip;
	int i, n = 0, k, m;

	for (i = 0; i <= G.n && n + SV_SVC_NPOLL <= cap; i++) {
		ip = i < G.n ? G.sv[i].ip : G.gone;
		for (; ip && n + SV_SVC_NPOLL <= cap; ip = i < G.n ? NULL : ip->next) {
			m = sv_svc_pollfds(&ip->e, G.pf + 3 + n);
			for (k = 0; k < m; k++)
				G.pw[n + k] = ip;
			n += m;
		}
	}
	return n;
}

static void input_inproc(int n)
{
	int k;

	for (k = 0; k < n; k++) {
		struct inproc *ip = G.pw[k];
		if (!(G.pf[3 + k].revents & (POLLIN | POLLHUP)))
			continue;
		sv_svc_input(&ip->e, G.pf[3 + k].fd);
		psync(ip);
	}
}

static int reaped_inproc(pid_t pid, int w)
{
	struct pidslot *ps = pfind(pid);
	struct inproc *ip;
	int i;

	if (ps && (ip = ps->ip) && sv_svc_reaped(&ip->e, pid, w)) {
		psync(ip);
		return 1;
	}
	/* not in the table (it could not grow): ask every engine */
	for (i = 0; i < G.n; i++)
		if ((ip = G.sv[i].ip) && sv_svc_reaped(&ip->e, pid, w)) {
			psync(ip);
			return 1;
		}
	for (ip = G.gone; ip; ip = ip->next)
		if (sv_svc_reaped(&ip->e, pid, w)) {
			psync(ip);
			return 1;
		}
	return 0;
}

/* -S and TERM (code 0) or HUP (111): every service down, every logger
 * drained, then exit */
static void stop_inproc(int code)
{
	int i;

	G.exiting = 1 + code;
	for (i = 0; i < G.n; i++)
		if (G.sv[i].ip) {
			sv_svc_command(&G.sv[i].ip->e, SV_REC_MAIN, 'x');
			psync(G.sv[i].ip);
		}
}

/* after TERM or HUP; or, with -x, once every service has exited and
 * none is left to start; runsv mode: after a stop, once every runsv
 * has exited */
static void exit_if_done(void)
{
	int i;

	if ((!G.exiting && !G.once) || G.gone || G.first)
		return;
	for (i = 0; i < G.n; i++)
		if (G.sv[i].ip || G.sv[i].pid ||
		    (!G.exiting && !G.sv[i].done))
			return;
	_exit(G.killed ? KILLED : G.exiting ? G.exiting - 1 : 0);
}

#if ENABLE_RUNSVDIR_CONTAINER
/* The stop of the whole tree (-C on TERM or INT; INT in any mode): every
 * service down in parallel, as sv x (each runsv gets TERM; -S: x to each
 * engine), every logger drained; what is left at the limit is killed
 * (kill_rest). code: the exit code when all went well. */
static void stop_all(int code)
{
	int i;

	if (G.exiting)
		return;
	G.stopdl = sv_mono_ms() + G.limit;
	if (ENABLE_RUNSVDIR_INPROC && G.inproc) {
		stop_inproc(code);
		return;
	}
	G.exiting = 1 + code;
	for (i = 0; i < G.n; i++)
		if (G.sv[i].pid)
			kill(G.sv[i].pid, SIGTERM);
}

/* KILL the process group (else the pid) of the record in dfd, as its
 * status says; the fd is closed */
static void kill_record(int dfd)
{
	enum sv_status_step step;
	struct sv_status st;

	if (dfd < 0)
		return;
	if (sv_status_get(dfd, &st, SV_STATUS_LEN, &step) > 0 && st.pid > 1 &&
	    kill(-(pid_t)st.pid, SIGKILL) < 0)
		kill((pid_t)st.pid, SIGKILL);
	close(dfd);
}

/* the limit: KILL every service's process group (and pid) and logger,
 * then each runsv still there (-S: each engine's children) */
static void kill_rest(void)
{
	char buf[2048];
	struct sv_dir dir;
	struct inproc *ip;
	const char *name;
	unsigned char type;
	int dfd, i;

	G.killed = 1;
	G.stopdl = sv_mono_ms() + KILLED_MS;
	if (ENABLE_RUNSVDIR_INPROC && G.inproc) {
		for (i = 0; i < G.n; i++)
			if (G.sv[i].ip)
				sv_svc_kill(&G.sv[i].ip->e);
		for (ip = G.gone; ip; ip = ip->next)
			sv_svc_kill(&ip->e);
		return;
	}
	dfd = open(G.dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		sv_dir_start(&dir, dfd, buf, sizeof buf);
		while ((name = sv_dir_next(&dir, &type))) {
			int fd;
			if (name[0] == '.')
				continue;
			fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
			if (fd < 0)
				continue;
			/* the logger: log/, or the default logger's */
			kill_record(sv_svdir_log(fd));
			kill_record(fd);
		}
		close(dfd);
	}
	for (i = 0; i < G.n; i++)
		if (G.sv[i].pid)
			kill(G.sv[i].pid, SIGKILL);
}

/* exit code of a wait status, as a shell says it */
static int wcode(int exited, int w)
{
	if (!exited)
		return 0;
	return WIFEXITED(w) ? WEXITSTATUS(w) : 128 + WTERMSIG(w);
}

/* -C, runsv mode: the runsv of s exited. Was it the container's main
 * service, ended on its own (a file container-main, supervise/info)?
 * Then the container stops with its exit code. */
static void main_gone(const struct svc *s)
{
	char buf[2048], path[4096 + 24];
	struct sv_dir dir;
	struct sv_info in;
	struct stat st;
	const char *name;
	unsigned char type;
	int dfd = open(G.dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), fd;

	if (dfd < 0)
		return;
	sv_dir_start(&dir, dfd, buf, sizeof buf);
	while ((name = sv_dir_next(&dir, &type)))
		if (name[0] != '.' && !fstatat(dfd, name, &st, 0) &&
		    st.st_dev == s->dev && st.st_ino == s->ino)
			break;
	sv_fmt(path, sizeof path, "%s/container-main", name ? name : ".");
	if (name && !fstatat(dfd, path, &st, 0) &&
	    (fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
		if (sv_info_get(fd, &in) > 0 && !in.pid && in.exited)
			stop_all(wcode(1, in.wstat));
		close(fd);
	}
	close(dfd);
}
#else
static void stop_all(int code) { (void)code; }
static void kill_rest(void) {}
#endif

static void hangup(void)
{
	int i;

	for (i = 0; i < G.n; i++)
		if (G.sv[i].pid)
			kill(G.sv[i].pid, SIGTERM);
	_exit(RUNSVDIR_HUP);
}

int runsvdir_main(int argc, char **argv)
{
	/* INT (Ctrl-C) stops the whole tree (-S, or RUNSVDIR_CONTAINER) */
	unsigned char sigs[] = { SIGCHLD, SIGTERM, SIGHUP, SIGALRM, 0, 0 };
	static const struct sv_opt opts[] = {
		SV_OPT_IN('P', SV_OPT_FLAG, struct runsvdir, newsess),
#if ENABLE_RUNSVDIR_INPROC
		SV_OPT_IN('S', SV_OPT_FLAG, struct runsvdir, inproc),
		SV_OPT_IN('x', SV_OPT_FLAG, struct runsvdir, once),
#endif
#if ENABLE_RUNSVDIR_CONTAINER
		SV_OPT_IN('C', SV_OPT_FLAG, struct runsvdir, container),
		SV_OPT_IN('c', SV_OPT_FLAG, struct runsvdir, nocontainer),
		SV_OPT_IN('O', SV_OPT_FLAG, struct runsvdir, catchall),
		SV_OPT_IN('T', SV_OPT_STR, struct runsvdir, tms),
#endif
#if ENABLE_DEFAULT_LOG
		SV_OPT_IN('l', SV_OPT_STR, struct runsvdir, deflog),
#endif
		{ 0, 0, 0 },
	};
	int i, n, cwd;
	unsigned long long limit = STOP_MS;

	sv_usage_code = RUNSVDIR_USAGE;
	sv_proc_std_fds();
	/* options before DIR (as runit: only leading ones) */
	i = sv_getopt(argc, argv, opts, &G, NULL);
	if (i < 0 || i >= argc ||
	    (G.tms && (!*G.tms || sv_scan_ulong(G.tms, &limit) != strlen(G.tms))))
		sv_usage();
#if ENABLE_DEFAULT_LOG
	/* each runsv takes it from its environment (and removes it) */
	if (G.deflog && !G.inproc) {
		size_t len = strlen(G.deflog) + sizeof "RUNSV_DEFAULT_LOG=";
		char *kv = sv_alloc(len);
		if (kv)
			sv_fmt(kv, len, "RUNSV_DEFAULT_LOG=%s", G.deflog);
		if (!kv || sv_putenv(kv) < 0)
			sv_die_unable(SV_EXIT_TEMP, "set RUNSV_DEFAULT_LOG");
	}
	else if (!G.deflog)
		G.deflog = CONFIG_DEFAULT_LOG_DIR;
#endif
	G.dir = argv[i];
	sv_prog_arg = G.dir;
	if (G.inproc || ENABLE_RUNSVDIR_CONTAINER)
		sigs[4] = SIGINT;
#if ENABLE_RUNSVDIR_CONTAINER
	/* PID 1 (a container's init): container mode unless -c */
	if (getpid() == 1 && !G.nocontainer)
		G.container = 1;
	G.limit = (long long)(limit > 86400000ULL ? 86400000ULL : limit);
	/* orphans come to runsvdir to be reaped (PID 1 gets them anyway) */
	if (G.container && getpid() != 1)
		sv_prctl(PR_SET_CHILD_SUBREAPER, 1);
	/* a container's services without a logger: docker logs shows their
	 * lines as "NAME: line" */
	if (G.container)
		G.catchall = 1;
	if (G.catchall && !G.inproc)
		if (sv_putenv("RUNSV_CATCHALL=1") < 0)
			sv_die_unable(SV_EXIT_TEMP, "set RUNSV_CATCHALL");
#else
#endif
	G.sigfd = sv_sig_open(sigs);
	if (G.sigfd < 0)
		sv_die_unable(SV_EXIT_TEMP, "set up signals");
	cwd = open(".", O_RDONLY | O_CLOEXEC);
	if (cwd < 0)
		sv_die_unable(RUNSVDIR_NOCWD, "open current directory");
	close(cwd);
	G.logchild = -1;
	if (ENABLE_RUNSVDIR_LOG && i + 1 < argc)
		logsetup(argv[i + 1]);
	G.sv = sv_map(sizeof *G.sv * CONFIG_RUNSVDIR_MAX);
	if (!G.sv)
		sv_die_unable(SV_EXIT_TEMP, "allocate the service table");
	if (ENABLE_RUNSVDIR_INPROC && G.inproc) {
		/* every fd the hard limit allows: 4 per service, 9 with log/ */
		/* prlimit(): no thread synchronisation code in the binary */
		struct rlimit rl;
		if (!prlimit(0, RLIMIT_NOFILE, NULL, &rl) &&
		    rl.rlim_cur < rl.rlim_max) {
			rl.rlim_cur = rl.rlim_max;
			prlimit(0, RLIMIT_NOFILE, &rl, NULL);
		}
		G.pf = sv_map(sizeof *G.pf * (3 + SV_SVC_NPOLL * CONFIG_RUNSVDIR_MAX));
		G.pw = sv_map(sizeof *G.pw * SV_SVC_NPOLL * CONFIG_RUNSVDIR_MAX);
		if (!G.pf || !G.pw)
			sv_die_unable(SV_EXIT_TEMP, "allocate the poll table");
	}
	if (ENABLE_RUNSVDIR_SELFEXEC) {
		G.self = sv_map(4096);
		n = G.self ? (int)readlink("/proc/self/exe", G.self, 4095) : -1;
		if (n <= 0) {
			sv_unmap(G.self, 4096);
			G.self = NULL;
		} else {
			G.self[n] = 0;
		}
	}
	G.ino = G.dirwd = G.parentwd = -1;
	setup_watches();
	G.first = 1;
	G.scan = sv_mono_ms();
	changed();

	for (;;) {
		struct pollfd own[3] = {
			{ G.sigfd, POLLIN, 0 },
			{ G.ino, POLLIN, 0 },
			{ LOG ? G.logpipe[0] : -1, POLLIN, 0 },
		};
		struct pollfd *p = own;
		long long dl = G.scan;
		int sig, np = 0;

		if (ENABLE_RUNSVDIR_CONTAINER && G.stopdl &&
		    sv_mono_ms() >= G.stopdl) {
			if (G.killed)
				_exit(KILLED); /* something would not die */
			kill_rest();
		}
		if (ENABLE_RUNSVDIR_INPROC && G.inproc) {
			run_inproc();
			dl = deadline_inproc(dl);
			memcpy(G.pf, own, sizeof own);
			p = G.pf;
			np = pollfds_inproc();
		}
		exit_if_done();
		if (ENABLE_RUNSVDIR_CONTAINER && G.stopdl)
			dl = sv_deadline_min(dl, G.stopdl);
		if (INO < 0)
			dl = sv_deadline_min(dl, sv_mono_ms() + POLL_MS);
		if (LOG)
			dl = sv_deadline_min(dl, G.dot);
		if (INO >= 0 && G.dirwd < 0)
			dl = sv_deadline_min(dl, sv_mono_ms() + RETRY_MS);
		if (poll(p, (nfds_t)(3 + np), sv_deadline_ms(dl)) < 0 &&
		    errno != EINTR)
			sv_warn_unable("poll");
		while ((sig = sv_sig_next(G.sigfd)) > 0) {
			if (ENABLE_RUNSVDIR_CONTAINER &&
			    (sig == SIGINT || (sig == SIGTERM && G.container))) {
				stop_all(0);
				continue;
			}
			if (G.inproc && (sig == SIGTERM || sig == SIGHUP ||
					 sig == SIGINT)) {
				if (!G.exiting)
					stop_inproc(sig == SIGHUP ? RUNSVDIR_HUP : 0);
				continue;
			}
			if (sig == SIGTERM)
				_exit(0);
			if (sig == SIGHUP)
				hangup();
			if (sig == SIGALRM)
				G.scan = sv_mono_ms();
		}
		reap();
		if (np)
			input_inproc(np);
		if (INO >= 0) {
			events();
			if (G.dirwd < 0) {
				if (watchdir() >= 0)
					G.scan = sv_mono_ms();
			}
		} else if (changed() || G.waiting) {
			/* a directory waiting for its run is looked at again
			 * at each poll of DIR (every POLL_MS), no sooner */
			G.scan = sv_mono_ms();
		}
		if (LOG) {
			logread();
			if (sv_mono_ms() >= G.dot) {
				(void)!write(G.logpipe[1], ".", 1);
				G.dot = sv_mono_ms() + DOT_MS;
			}
		}
		if (G.scan && sv_mono_ms() >= G.scan)
			scan();
	}
}
