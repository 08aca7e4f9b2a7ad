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
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "libsv/err.h"
#include "libsv/fmt.h"
#include "libsv/proc.h"
#include "libsv/sig.h"
#include "libsv/supervise.h"
#include "libsv/sys.h"
#include "libsv/tai.h"

/* runsv is a loop over one supervision engine object (libsv/supervise.c):
 * it opens the directory, polls, hands the engine its events, prints what
 * the engine says and exits when the engine is finished. */

enum { RUNSV_USAGE = 1 };

static void say(void *ctx, const struct sv_svc *s, const char *msg, int err)
{
	(void)ctx;
	(void)s;
	if (err)
		sv_warn("%s: %s", msg, sv_strerror(err));
	else
		sv_warn("%s", msg);
}

/* runsvdir's LOG pipe: runsvdir hands its read end to each runsv as fd 3
 * (SV_LOGFD); runsv takes it when it is the read side of the very pipe
 * its stderr writes to. While runsvdir lives, runsv leaves it alone; once
 * runsvdir is gone (parent-death signal USR2), runsv reads and discards
 * what services write to their stderr, so none of them dies of SIGPIPE. */
enum { SV_LOGFD = 3 };
static int drainfd = -1, draining_log;

/* first thing, before any fd of runsv's own can take fd 3 */
/* the two below are kept out of runsv_main: their buffers would sit in
 * its frame, under every spawn (each runsv's stack pages count per
 * service) */
static __attribute__((noinline)) void drain_setup(void)
{
	struct stat a, b;

	/* only svbox's own runsvdir with its LOG feature hands fd 3 over */
	if (!ENABLE_RUNSVDIR_LOG || fstat(SV_LOGFD, &a) < 0 || fstat(2, &b) < 0 ||
	    !S_ISFIFO(a.st_mode) || a.st_ino != b.st_ino ||
	    a.st_dev != b.st_dev ||
	    (fcntl(SV_LOGFD, F_GETFL) & O_ACCMODE) != O_RDONLY)
		return;
	fcntl(SV_LOGFD, F_SETFD, FD_CLOEXEC);
	fcntl(SV_LOGFD, F_SETFL, O_NONBLOCK);
	drainfd = SV_LOGFD;
	sv_prctl(PR_SET_PDEATHSIG, SIGUSR2);
	if (getppid() == 1)
		draining_log = 1;
}

static __attribute__((noinline)) void drain(void)
{
	char buf[512];

	while (read(drainfd, buf, sizeof buf) > 0)
		;
}

/* the service, off the stack of the loop */
static struct sv_svc S;

static void handle(int signo)
{
	pid_t pid;
	int w;

	switch (signo) {
	case SIGCHLD:
		while ((pid = waitpid(-1, &w, WNOHANG)) > 0)
			sv_svc_reaped(&S, pid, w);
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
		sv_svc_command(&S, SV_REC_MAIN, 'x');
		break;
	}
}

/* not inlined: its locals stay out of the main loop's stack frame */
static __attribute__((noinline)) void setup(char *dir)
{
	struct sv_svc_fail f;
	const char *tpl = NULL, *name;
	char *slash;
	int fd;

#if ENABLE_DEFAULT_LOG
	/* the default logger's template: runsvdir -l passes it in the
	 * environment, which then reaches no run script */
	tpl = getenv("RUNSV_DEFAULT_LOG");
	if (tpl)
		sv_unsetenv("RUNSV_DEFAULT_LOG");
	else
		tpl = CONFIG_DEFAULT_LOG_DIR;
#endif
	/* the service's name, for the default logger: DIR's last part */
	while ((slash = strrchr(dir, '/')) && !slash[1] && slash > dir)
		*slash = 0;
	name = slash ? slash + 1 : dir;

	if (chdir(dir) < 0)
		sv_die_unable(SV_EXIT_TEMP, "change to directory");
	fd = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		sv_die_unable(SV_EXIT_TEMP, "open directory");
	if (sv_svc_open(&S, fd, 1, tpl, name, say, NULL, &f) < 0) {
		if (f.err)
			sv_die(SV_EXIT_TEMP, "%s: %s", f.what,
			       sv_strerror(f.err));
		sv_die(SV_EXIT_TEMP, "%s", f.what);
	}
	/* runsvdir -O (a container): no logger, lines to stdout as NAME: */
	if (ENABLE_RUNSVDIR_CONTAINER && getenv("RUNSV_CATCHALL")) {
		sv_unsetenv("RUNSV_CATCHALL");
		static char part[SV_SVC_PART];
		if (sv_svc_catchall(&S, 1, name, part) < 0)
			sv_warn_unable("create the catch-all pipe");
	}
	S.setsid = ENABLE_RUNSV_SETSID;
	S.pgrp = ENABLE_POLICY_PGRP;
}

int runsv_main(int argc, char **argv)
{
	static const unsigned char sigs[] = { SIGCHLD, SIGTERM, SIGHUP,
					      SIGINT,  SIGQUIT, SIGPIPE,
					      SIGUSR2, 0 };
	int sigfd, n;

	sv_usage_code = RUNSV_USAGE;
	if (argc != 2)
		sv_usage();
	sv_prog_arg = argv[1];
	sv_proc_std_fds();
	drain_setup();
	sigfd = sv_sig_open(sigs);
	if (sigfd < 0)
		sv_die_unable(SV_EXIT_TEMP, "set up signals");
	setup(argv[1]);

	for (;;) {
		struct pollfd p[2 + SV_SVC_NPOLL];
		int k, e;

		sv_svc_run(&S, sv_mono_ms());
		if (sv_svc_finished(&S))
			_exit(0);
		p[0].fd = sigfd;
		p[0].events = POLLIN;
		e = sv_svc_pollfds(&S, p + 1);
		k = 1 + e;
		p[k].fd = draining_log ? drainfd : -1;
		p[k].revents = 0;
		p[k++].events = POLLIN;
		if (poll(p, (nfds_t)k, sv_deadline_ms(sv_svc_deadline(&S))) < 0 &&
		    errno != EINTR) {
			sv_warn_unable("poll");
			continue;
		}
		while ((n = sv_sig_next(sigfd)) > 0)
			handle(n);
		if (draining_log)
			drain();
		for (k = 1; k <= e; k++)
			if (p[k].revents)
				sv_svc_input(&S, p[k].fd);
		if (sv_svc_finished(&S))
			_exit(0);
	}
}
