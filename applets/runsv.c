/* SPDX-License-Identifier: 0BSD */
/* runsv.c - supervise one service directory and its log service.
 * runit-compatible: same supervise/ files, control bytes, finish
 * arguments and log pipe. Manual page: docs/runsv.8

APPLET(runsv, "DIR")

config RUNSV
	bool "runsv"
	default y
	help
	  runsv DIR starts DIR/run, restarts it when it exits (at most
	  once a second), runs DIR/finish after it, obeys the one-byte
	  commands written to DIR/supervise/control and pipes the
	  service's output into DIR/log/run. One poll() loop, no timer
	  while nothing is pending.

config RUNSV_HUP_TERM
	bool "SIGHUP, SIGINT and SIGQUIT stop runsv as SIGTERM does"
	default n
	depends on RUNSV
	help
	  Off (runit-compatible clients, safe default): these signals are
	  caught and ignored, so a stray signal never kills runsv and
	  orphans the service. On: they act like SIGTERM (service down,
	  logger drained, exit 0).

config RUNSV_SETSID
	bool "Start each ./run in a session of its own"
	default n
	depends on RUNSV
	help
	  Off: ./run stays in runsv's process group, as with runit. On:
	  ./run calls setsid(), so a signal to runsv's group (Ctrl-C in a
	  terminal) does not reach the service.
*/

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <stdlib.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "libsv/ctl.h"
#include "libsv/err.h"
#include "libsv/fmt.h"
#include "libsv/proc.h"
#include "libsv/sig.h"
#include "libsv/status.h"
#include "libsv/tai.h"

enum { RUNSV_USAGE = 1, THROTTLE_MS = 1000, RETRY_MS = 1000 };

struct svc {
	struct sv_status st;
	long long started; /* monotonic ms of the last start of ./run */
	long long again;   /* do not start before this (0: any time) */
	int supfd, ctl, ctlw;
	int wstat;
	unsigned char pidchanged, once, islog;
};

static struct {
	struct svc main, log;
	int haslog, draining;
	int pipe[2];
} S;

static void save(struct svc *s)
{
	const char *f = "status";

	if (sv_status_save(s->supfd, &s->st, s->pidchanged, &f) < 0)
		sv_warn_sys("unable to write %ssupervise/%s",
			    s->islog ? "log/" : "", f);
	else
		s->pidchanged = 0;
}

/* Run control/C if it is executable; 1 if it exited 0 (runit: a script
 * killed by a signal counts as success too), else 0. Synchronous. */
static int script(char c)
{
	char path[] = "control/?";
	char *argv[] = { path, NULL };
	struct stat st;
	pid_t pid;
	int w;

	path[8] = c;
	if (stat(path, &st) < 0) {
		if (errno != ENOENT)
			sv_warn_sys("unable to stat %s", path);
		return 0;
	}
	if (!(st.st_mode & S_IXUSR))
		return 0;
	pid = fork();
	if (pid < 0) {
		sv_warn_sys("unable to fork for %s", path);
		return 0;
	}
	if (!pid) {
		sv_sig_child();
		if (S.haslog && S.pipe[1] >= 0)
			dup2(S.pipe[1], 1);
		execve(path, argv, environ);
		sv_die_sys(SV_EXIT_TEMP, "unable to start %s", path);
	}
	while (waitpid(pid, &w, 0) < 0)
		if (errno != EINTR)
			return 0;
	return !(w >> 8);
}

static void start(struct svc *s)
{
	const int fin = !s->islog && s->st.state == SV_FINISH;
	char a1[24], a2[24];
	char *argv[] = { fin ? "./finish" : "./run", a1, a2, NULL };
	pid_t pid;

	if (!fin) {
		argv[1] = NULL;
		if (!s->islog)
			script('u');
	} else {
		int w = s->wstat;
		sv_fmt(a1, sizeof a1, "%d", WIFEXITED(w) ? WEXITSTATUS(w) : -1);
		sv_fmt(a2, sizeof a2, "%d", w & 0xff);
	}
	pid = fork();
	if (pid < 0) {
		sv_warn_sys("unable to fork, retrying");
		s->again = sv_mono_ms() + RETRY_MS;
		return;
	}
	if (!pid) {
		sv_sig_child();
		if (S.haslog && s->islog) {
			if (chdir("./log") < 0)
				sv_die_sys(SV_EXIT_TEMP, "unable to change to "
					   "directory ./log");
			dup2(S.pipe[0], 0);
		} else if (S.haslog) {
			dup2(S.pipe[1], 1);
		}
		if (ENABLE_RUNSV_SETSID && !s->islog)
			setsid();
		execve(argv[0], argv, environ);
		sv_warn_sys("unable to start %s%s", s->islog ? "log/" : "",
			    argv[0]);
		_exit(SV_EXIT_TEMP);
	}
	s->once = 0;
	if (!fin) {
		sv_tai_now(&s->st.stamp);
		s->st.state = SV_RUN;
		s->started = sv_mono_ms();
	}
	s->st.pid = (unsigned long)pid;
	s->st.paused = s->st.term = 0;
	s->pidchanged = 1;
	save(s);
	if (s->islog && S.draining) {
		/* the last logger: it gets EOF once the pipe is empty */
		close(S.pipe[0]);
		S.pipe[0] = -1;
		s->st.want = 'x';
		save(s);
	}
}

static void sig(struct svc *s, int signo)
{
	if (s->st.pid)
		kill((pid_t)s->st.pid, signo);
}

static void stop(struct svc *s)
{
	if (s->st.pid && (s->islog || !script('t'))) {
		sig(s, SIGTERM);
		s->st.term = 1;
		save(s);
	}
	if (s->st.want == 'u')
		return;
	sig(s, SIGCONT);
	if (!s->islog)
		script(s->st.want == 'd' ? 'd' : 'x');
}

/* a signal for command c, unless control/c says it handled it */
static void relay(struct svc *s, char c, int signo)
{
	if (s->st.state == SV_RUN && (s->islog || !script(c)))
		sig(s, signo);
}

static void control(struct svc *s, char c)
{
	const int run = s->st.state == SV_RUN;

	switch (c) {
	case 'u':
		if (S.draining)
			break;
		s->st.want = 'u';
		save(s);
		break;
	case 'o':
		if (S.draining)
			break;
		s->st.want = 'd';
		save(s);
		if (s->st.state == SV_DOWN)
			s->once = 1;
		break;
	case 'd':
		s->st.want = 'd';
		s->once = 0;
		save(s);
		if (run)
			stop(s);
		break;
	case 'x':
		if (s->islog)
			break;
		/* a pending once (o just before) still runs: runit starts on
		 * o at once, so "ox" starts the service, then stops it */
		s->st.want = 'x';
		save(s);
		if (run)
			stop(s);
		break;
	case 't':
		if (run)
			stop(s);
		break;
	case 'k':
		/* also kills ./finish; the reaper sets the state (runit forced
		 * DOWN here and could run finish twice) */
		if (s->st.pid && (s->islog || !script('k')))
			sig(s, SIGKILL);
		break;
	case 'p':
		relay(s, c, SIGSTOP);
		s->st.paused = 1;
		save(s);
		break;
	case 'c':
		relay(s, c, SIGCONT);
		s->st.paused = 0;
		save(s);
		break;
	case 'h':
		relay(s, c, SIGHUP);
		break;
	case 'a':
		relay(s, c, SIGALRM);
		break;
	case 'i':
		relay(s, c, SIGINT);
		break;
	case 'q':
		relay(s, c, SIGQUIT);
		break;
	case '1':
		relay(s, c, SIGUSR1);
		break;
	case '2':
		relay(s, c, SIGUSR2);
		break;
	}
}

static void exited(struct svc *s, int w)
{
	long long now;

	s->st.pid = 0;
	s->st.term = 0;
	s->pidchanged = 1;
	s->wstat = w;
	if (!s->islog && s->st.state == SV_RUN) {
		int fd = open("finish", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
		if (fd >= 0) {
			close(fd);
			s->st.state = SV_FINISH;
			s->again = 0;
			save(s);
			return;
		}
	}
	/* runit's throttle: a run (with its finish) that lasted less than a
	 * second is started again one second after it ended */
	s->st.state = SV_DOWN;
	now = sv_mono_ms();
	s->again = now < s->started + THROTTLE_MS ? now + THROTTLE_MS : 0;
	sv_tai_now(&s->st.stamp);
	save(s);
}

static void reap(void)
{
	pid_t pid;
	int w;

	while ((pid = waitpid(-1, &w, WNOHANG)) > 0) {
		if ((unsigned long)pid == S.main.st.pid)
			exited(&S.main, w);
		else if (S.haslog && (unsigned long)pid == S.log.st.pid)
			exited(&S.log, w);
	}
}

static void commands(struct svc *s)
{
	char buf[64];
	ssize_t n, i;

	while ((n = read(s->ctl, buf, sizeof buf)) > 0)
		for (i = 0; i < n; i++)
			control(s, buf[i]);
}

static void leave_if_done(void)
{
	if (S.main.st.want != 'x' || S.main.st.pid || S.main.once ||
	    S.main.st.state != SV_DOWN)
		return;
	if (!S.haslog)
		_exit(0);
	if (!S.draining) {
		/* close our ends: the logger sees EOF after the last line */
		S.draining = 1;
		close(S.pipe[1]);
		S.pipe[1] = -1;
		if (S.log.st.pid) {
			close(S.pipe[0]);
			S.pipe[0] = -1;
			S.log.st.want = 'x';
			save(&S.log);
		}
	}
	/* a logger waiting for its restart still drains the pipe first */
	if (!S.log.st.pid && (S.log.st.want != 'u' || S.pipe[0] < 0))
		_exit(0);
}

/* supervise/ (or log/supervise/): made, or the target of a symlink made,
 * then opened. at: the directory holding it ("." or "log"). */
static int supervise(const char *at)
{
	char path[16], target[256];
	ssize_t n;
	int fd;

	sv_fmt(path, sizeof path, "%s/supervise", at);
	if (mkdir(path, 0700) < 0) {
		n = readlink(path, target, sizeof target);
		if (n >= (ssize_t)sizeof target)
			sv_die(SV_EXIT_TEMP, "unable to readlink %s: name too "
			       "long", path);
		if (n >= 0) {
			int d = open(at, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
			target[n] = 0;
			mkdirat(d, target, 0700);
			close(d);
		} else if (errno != EINVAL && errno != ENOENT) {
			sv_die_sys(SV_EXIT_TEMP, "unable to readlink %s", path);
		}
	}
	fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		sv_die_sys(SV_EXIT_TEMP, "unable to open %s", path);
	return fd;
}

static void lock(struct svc *s, int wait)
{
	const char *p = s->islog ? "log/supervise/lock" : "supervise/lock";
	int fd = openat(s->supfd, "lock",
			O_WRONLY | O_APPEND | O_CREAT | O_NONBLOCK | O_CLOEXEC,
			0600);

	if (fd < 0)
		sv_die_sys(SV_EXIT_TEMP, "unable to open %s", p);
	if (flock(fd, LOCK_EX | (wait ? 0 : LOCK_NB)) < 0)
		sv_die_sys(SV_EXIT_TEMP, "unable to lock %s", p);
}

static void fifos(struct svc *s)
{
	const char *p = s->islog ? "log/supervise/" : "supervise/";

	if (sv_ctl_fifo(s->supfd, "control", &s->ctl, &s->ctlw) < 0)
		sv_die_sys(SV_EXIT_TEMP, "unable to open %scontrol", p);
	save(s);
}

static void ok(struct svc *s)
{
	int r;

	if (sv_ctl_fifo(s->supfd, "ok", &r, NULL) < 0)
		sv_die_sys(SV_EXIT_TEMP, "unable to open %ssupervise/ok",
			   s->islog ? "log/" : "");
}

static void init(struct svc *s, const char *down)
{
	struct stat st;

	sv_tai_now(&s->st.stamp);
	s->st.want = stat(down, &st) < 0 ? 'u' : 'd';
	s->ctl = s->ctlw = -1;
	s->pidchanged = 1;
}

/* not inlined: its locals stay out of the main loop's stack frame */
static __attribute__((noinline)) void setup(void)
{
	struct stat st;

	init(&S.main, "down");
	if (stat("log", &st) < 0) {
		if (errno != ENOENT)
			sv_warn_sys("unable to stat() ./log");
	} else if (!S_ISDIR(st.st_mode)) {
		/* an empty file "log": this service has no logger, say no more */
		if (!S_ISREG(st.st_mode) || st.st_size)
			sv_warn("./log: not a directory.");
	} else {
		S.haslog = 1;
		S.log.islog = 1;
		init(&S.log, "log/down");
		if (pipe2(S.pipe, O_CLOEXEC) < 0)
			sv_die_sys(SV_EXIT_TEMP, "unable to create pipe for log");
	}
	S.main.supfd = supervise(".");
	lock(&S.main, 0);
	if (S.haslog) {
		S.log.supfd = supervise("log");
		lock(&S.log, 1);
	}
	fifos(&S.main);
	if (S.haslog)
		fifos(&S.log);
	ok(&S.main);
	if (S.haslog)
		ok(&S.log);
}

/* 1: start s now; 0: not now (*dl lowered to when it will be due) */
static int due(struct svc *s, long long now, long long *dl)
{
	if (s->st.pid ||
	    !(s->st.want == 'u' || s->once || s->st.state == SV_FINISH))
		return 0;
	if (s->st.want == 'x' && !S.draining && !s->once &&
	    s->st.state != SV_FINISH)
		return 0;
	if (now >= s->again)
		return 1;
	*dl = sv_deadline_min(*dl, s->again);
	return 0;
}

static void run_due(struct svc *s, long long now, long long *dl)
{
	if (!due(s, now, dl))
		return;
	start(s);
	/* "ox": the once-start is followed by the stop x asked for */
	if (s->st.pid && s->st.state == SV_RUN && s->st.want == 'x')
		stop(s);
}

/* runsvdir's LOG pipe: runsvdir hands its read end to each runsv
 * (SVBOX_LOGFD=FD:PID, removed from the environment here). While runsvdir
 * lives, runsv leaves it alone; once runsvdir is gone (PDEATHSIG, or its
 * pid is no longer our parent), runsv reads and discards what services
 * write to their stderr, so none of them dies of SIGPIPE. */
static int drainfd = -1, draining_log;

static void drain_setup(void)
{
	const char *e = getenv("SVBOX_LOGFD");
	unsigned long long fd, ppid;
	size_t n;

	if (!e)
		return;
	n = sv_scan_ulong(e, &fd);
	if (e[n] != ':' || fd < 3 || fd > 1023)
		return;
	sv_scan_ulong(e + n + 1, &ppid);
	unsetenv("SVBOX_LOGFD");
	if (fcntl((int)fd, F_SETFD, FD_CLOEXEC) < 0)
		return;
	drainfd = (int)fd;
	fcntl(drainfd, F_SETFL, O_NONBLOCK);
	prctl(PR_SET_PDEATHSIG, SIGUSR2);
	if ((unsigned long long)getppid() != ppid)
		draining_log = 1;
}

static void drain(void)
{
	char buf[512];

	while (read(drainfd, buf, sizeof buf) > 0)
		;
}

static void handle(int signo)
{
	switch (signo) {
	case SIGCHLD:
		reap();
		break;
	case SIGUSR2:
		if (drainfd >= 0)
			draining_log = 1;
		break;
	case SIGHUP:
	case SIGINT:
	case SIGQUIT:
		if (!ENABLE_RUNSV_HUP_TERM)
			break;
		/* fall through */
	case SIGTERM:
		control(&S.main, 'x');
		break;
	}
}

int runsv_main(int argc, char **argv)
{
	static const int sigs[] = { SIGCHLD, SIGTERM, SIGHUP, SIGINT, SIGQUIT,
				    SIGPIPE, SIGUSR2, 0 };
	int sigfd, n;

	sv_usage_code = RUNSV_USAGE;
	if (argc != 2)
		sv_usage();
	sv_prog_arg = argv[1];
	sv_proc_std_fds();
	sigfd = sv_sig_open(sigs);
	drain_setup();
	if (sigfd < 0)
		sv_die_sys(SV_EXIT_TEMP, "unable to set up signals");
	if (chdir(argv[1]) < 0)
		sv_die_sys(SV_EXIT_TEMP, "unable to change to directory");
	setup();

	for (;;) {
		struct pollfd p[4] = {
			{ sigfd, POLLIN, 0 },
			{ S.main.ctl, POLLIN, 0 },
			{ S.haslog ? S.log.ctl : -1, POLLIN, 0 },
			{ draining_log ? drainfd : -1, POLLIN, 0 },
		};
		long long now = sv_mono_ms(), dl = 0;

		if (S.haslog)
			run_due(&S.log, now, &dl);
		run_due(&S.main, now, &dl);
		/* the deadlines as they are after starting: a failed fork
		 * has just set its retry time */
		dl = 0;
		now = sv_mono_ms();
		if ((S.haslog && due(&S.log, now, &dl)) || due(&S.main, now, &dl))
			dl = now;
		if (poll(p, 4, sv_deadline_ms(dl)) < 0 && errno != EINTR) {
			sv_warn_sys("unable to poll");
			continue;
		}
		while ((n = sv_sig_next(sigfd)) > 0)
			handle(n);
		if (draining_log)
			drain();
		reap();
		commands(&S.main);
		if (S.haslog)
			commands(&S.log);
		leave_if_done();
	}
}
