/* SPDX-License-Identifier: 0BSD */
/* runit.c - a runit-compatible init and its helpers: runit (process no 1:
 * stages 1, 2 and 3), runit-init (0 or 6: halt or reboot; as process no 1
 * it becomes runit), runsvchdir (switch runsvdir's directory) and
 * utmpset (a logout record). Manual pages: docs/runit.8, runit-init.8,
 * runsvchdir.8, utmpset.8

APPLET(runit, "")
APPLET(runit_init, "0|6")
APPLET(runsvchdir, "DIR")
APPLET(utmpset, "[-w] LINE")

config RUNIT
	bool "runit (a runit-compatible process no 1)"
	default y
	help
	  runit as process no 1: runs RUNIT_DIR/1 (one-time start-up),
	  then RUNIT_DIR/2 (normally runsvdir; restarted if it crashes)
	  until told to stop (runit-init 0 or 6, or CONT with an
	  executable stopit), then RUNIT_DIR/3, then halts or reboots.
	  Reaps every orphan, never exits. Void's, Artix's and
	  Devuan's runit stage scripts run unchanged.

config RUNIT_DIR
	string "The stage scripts' directory"
	default "/etc/runit"
	depends on RUNIT || RUNIT_INIT || RUNSVCHDIR
	help
	  Where 1, 2, 3, ctrlaltdel, stopit, reboot and runsvdir/ are.
	  The environment variable RUNIT_DIR overrides it (an initramfs
	  can pass it on the kernel command line).

config RUNIT_INIT
	bool "runit-init (init 0, init 6)"
	default y
	help
	  runit-init 0 halts, runit-init 6 reboots (through runit's
	  stopit and reboot files and a CONT to process no 1); started
	  as process no 1 it becomes runit (when RUNIT is built in).

config RUNSVCHDIR
	bool "runsvchdir"
	default y
	help
	  runsvchdir DIR points RUNIT_DIR/runsvdir/current at DIR
	  (keeping the old one as previous), for runlevel-like switches.

config UTMPSET
	bool "utmpset"
	default y
	help
	  utmpset [-w] LINE writes a logout record for LINE into utmp
	  (and wtmp with -w), as getty services' finish scripts do.
*/

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h> /* rename */
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <time.h>
#include <sys/wait.h>
#include <unistd.h>
#include "libsv/dir.h"
#include "libsv/err.h"
#include "libsv/fmt.h"
#include "libsv/opt.h"
#include "libsv/proc.h"
#include "libsv/sig.h"
#include "libsv/tai.h"

enum {
	STAGE2_MS = 1000, /* a crashed stage 2 runs again this long after its
			     start, at the earliest */
	STOP2_MS = 5000,  /* stage 2 still there this long after TERM: KILL */
	SKIP2 = 100,	  /* stage 1's exit code that skips stage 2 */
	RESTART2 = 111,	  /* stage 2's exit code that restarts it */
};

#if ENABLE_RUNIT || ENABLE_RUNIT_INIT || ENABLE_RUNSVCHDIR
/* RUNIT_DIR/name into buf[4096]; RUNIT_DIR from the environment first */
static const char *rpath(char *buf, const char *name)
{
	const char *d = getenv("RUNIT_DIR");

	sv_fmt(buf, 4096, "%s/%s", d && *d ? d : CONFIG_RUNIT_DIR, name);
	return buf;
}
#endif

#if ENABLE_RUNIT
/* name is a regular file with the execute-by-owner bit (runit's test) */
static int armed(const char *name)
{
	char p[4096];

	return sv_is(AT_FDCWD, rpath(p, name), SV_IS_EXE);
}

/* an info line on stderr (the console): "runit: MSG" */
static void say(const char *fmt, const char *arg)
{
	char line[4200];
	size_t n = sv_fmt(line, sizeof line - 1, "runit: ");

	n += sv_fmt(line + n, sizeof line - 1 - n, fmt, arg);
	line[n++] = '\n';
	sv_write_all(2, line, n);
}

/* start RUNIT_DIR/name in a session of its own; its pid, or 0 */
static pid_t start(const char *name)
{
	char p[4096];
	char *argv[] = { p, NULL };
	struct sv_spawn sp = sv_spawn_none;
	pid_t pid;

	sp.setsid = 1;
	sp.argv = argv;
	sp.what = p;

	rpath(p, name);
	pid = sv_spawn(&sp);
	if (pid < 0) {
		sv_warn_unable("start %s", p);
		return 0;
	}
	say("started %s", p);
	return pid;
}

/* the end: every process killed, then halt or reboot; never returns */
static void __attribute__((noreturn)) finish(int sigfd)
{
	int rb = armed("reboot");

	say("%s", "sending KILL to all processes");
	kill(-1, SIGKILL);
	sync();
	say("%s", rb ? "rebooting" : "powering off");
	if (rb)
		reboot(RB_AUTOBOOT);
	else if (reboot(RB_POWER_OFF) < 0)
		reboot(RB_HALT_SYSTEM);
	/* still here (no permission): process no 1 never exits */
	sv_warn_unable("%s", rb ? "reboot" : "halt");
	for (;;) {
		struct pollfd p = { sigfd, POLLIN, 0 };
		poll(&p, 1, -1);
		while (sv_sig_next(sigfd) > 0)
			;
		while (waitpid(-1, NULL, WNOHANG) > 0)
			;
	}
}

int runit_main(int argc, char **argv)
{
	static const unsigned char sigs[] = { SIGCHLD, SIGCONT, SIGINT, 0 };
	long long again = 0, stopdl = 0, started = 0;
	pid_t pid, ctl = 0;
	int sigfd, st = 1, stopping = 0, sig, w;

	(void)argc;
	(void)argv;
	if (getpid() != 1)
		sv_die(SV_EXIT_TEMP, "must be run as process no 1");
	/* fds 0-2 first (the console, or /dev/null): the signal fd never
	 * lands there to become a stage's stdin */
	sv_proc_std_fds();
	sigfd = sv_sig_open(sigs);
	if (sigfd < 0)
		sv_die_unable(SV_EXIT_TEMP, "set up signals");
	setsid();
	/* Ctrl-Alt-Del: a SIGINT to process no 1, not an instant reboot */
	reboot(RB_DISABLE_CAD);
	pid = start("1");
	if (!pid)
		st = 3, pid = start("3");

	for (;;) {
		long long now = sv_mono_ms(), dl = 0;
		struct pollfd p = { sigfd, POLLIN, 0 };

		if (st == 2 && !pid && !stopping && again && now >= again) {
			again = 0;
			started = now;
			pid = start("2");
			if (!pid)
				again = now + STAGE2_MS;
		}
		if (stopdl && now >= stopdl && pid) {
			say("%s", "stage 2 did not stop: sending KILL");
			kill(pid, SIGKILL);
			stopdl = 0;
		}
		dl = sv_deadline_min(again, stopdl);
		if (poll(&p, 1, sv_deadline_ms(dl)) < 0 && errno != EINTR)
			continue;
		while ((sig = sv_sig_next(sigfd)) > 0) {
			/* runit takes CONT and INT in stage 2 only */
			if (st != 2)
				continue;
			if (sig == SIGINT && armed("ctrlaltdel") && !ctl) {
				ctl = start("ctrlaltdel");
				continue;
			}
			if (sig == SIGCONT && !stopping && armed("stopit")) {
				stopping = 1;
				if (pid) {
					say("%s", "stopping stage 2");
					kill(pid, SIGTERM);
					kill(pid, SIGCONT);
					stopdl = sv_mono_ms() + STOP2_MS;
				}
			}
		}
		while ((w = 0, pid > 0 || ctl > 0) &&
		       (sig = (int)waitpid(-1, &w, WNOHANG)) > 0) {
			if (sig == ctl) {
				/* ctrlaltdel done: as if CONT came */
				ctl = 0;
				kill(getpid(), SIGCONT);
				continue;
			}
			if (sig != pid)
				continue; /* an orphan: reaped */
			pid = 0;
			stopdl = 0;
			if (st == 1) {
				if (WIFSIGNALED(w) ||
				    WEXITSTATUS(w) == SKIP2) {
					say("%s", "stage 1 failed: skipping stage 2");
					st = 3;
					pid = start("3");
				} else {
					st = 2;
					again = sv_mono_ms();
				}
			} else if (st == 2 && !stopping &&
				   (WIFSIGNALED(w) || WEXITSTATUS(w) == RESTART2)) {
				say("%s", "stage 2 crashed: restarting it");
				again = started + STAGE2_MS;
			} else if (st == 2) {
				st = 3;
				pid = start("3");
			} else if (st == 3) {
				finish(sigfd);
			}
			if (st == 3 && !pid)
				finish(sigfd);
		}
		/* stage 2 not running (waiting to restart) when told to stop */
		if (st == 2 && stopping && !pid) {
			st = 3;
			again = 0;
			pid = start("3");
			if (!pid)
				finish(sigfd);
		}
		/* orphans, also while no stage runs */
		if (!pid && !ctl)
			while (waitpid(-1, NULL, WNOHANG) > 0)
				;
	}
}
#endif

#if ENABLE_RUNIT_INIT
/* chmod name to mode, making it first when make is set */
static void mark(const char *name, mode_t mode, int make)
{
	char p[4096];
	int fd;

	rpath(p, name);
	if (make) {
		fd = open(p, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0);
		if (fd < 0)
			sv_die_unable(SV_EXIT_TEMP, "create %s", p);
		close(fd);
	}
	if (chmod(p, mode) < 0 && (make || errno != ENOENT))
		sv_die_unable(SV_EXIT_TEMP, "chmod %s", p);
}

int runit_init_main(int argc, char **argv)
{
	if (getpid() == 1) {
#if ENABLE_RUNIT
		/* the kernel started us as init: become runit */
		argv[0] = "runit";
		return runit_main(argc, argv);
#else
		sv_die(SV_EXIT_TEMP, "unable to become runit: not built in");
#endif
	}
	if (argc != 2 || argv[1][1] || (argv[1][0] != '0' && argv[1][0] != '6'))
		sv_usage();
	mark("stopit", 0100, 1);
	if (argv[1][0] == '0')
		mark("reboot", 0, 0);
	else
		mark("reboot", 0100, 1);
	if (kill(1, SIGCONT) < 0)
		sv_die_unable(SV_EXIT_TEMP, "signal process no 1");
	return 0;
}
#endif

#if ENABLE_RUNSVCHDIR
int runsvchdir_main(int argc, char **argv)
{
	char p[4096], target[4096];
	struct stat st;
	ssize_t n;

	if (argc != 2 || !argv[1][0])
		sv_usage();
	if (!strcmp(argv[1], "current") || !strcmp(argv[1], "previous") ||
	    !strcmp(argv[1], "current.new") || !strcmp(argv[1], "previous.new"))
		sv_die(SV_EXIT_USAGE, "unable to use %s: a name of runsvchdir's own",
		       argv[1]);
	if (chdir(rpath(p, "runsvdir")) < 0)
		sv_die_unable(SV_EXIT_TEMP, "change to directory %s", p);
	if (stat(argv[1], &st) < 0)
		sv_die_unable(SV_EXIT_TEMP, "stat %s", argv[1]);
	if (!S_ISDIR(st.st_mode))
		sv_die(SV_EXIT_TEMP, "unable to use %s: not a directory",
		       argv[1]);
	/* previous: what current pointed at (a copy of the link) */
	n = readlink("current", target, sizeof target - 1);
	if (n > 0) {
		target[n] = 0;
		unlink("previous.new");
		if (symlink(target, "previous.new") < 0 ||
		    rename("previous.new", "previous") < 0)
			sv_die_unable(SV_EXIT_TEMP, "make %s/previous", p);
	} else if (errno != ENOENT && errno != EINVAL) {
		sv_die_unable(SV_EXIT_TEMP, "readlink %s/current", p);
	}
	unlink("current.new");
	if (symlink(argv[1], "current.new") < 0)
		sv_die_unable(SV_EXIT_TEMP, "make %s/current.new", p);
	if (rename("current.new", "current") < 0)
		sv_die_unable(SV_EXIT_TEMP, "rename %s/current.new", p);
	return 0;
}
#endif

#if ENABLE_UTMPSET
/* glibc's utmp record on Linux (384 bytes; also the one on 64-bit
 * systems, whose times are 32 bits wide), which who, last and login read */
struct urec {
	short type;
	char pad[2];
	int pid;
	char line[32], id[4], user[32], host[256];
	short term, exit;
	int session, sec, usec;
	int addr[4];
	char unused[20];
};
enum { UT_DEAD = 8 };

int utmpset_main(int argc, char **argv)
{
	unsigned wtmp = 0;
	static const struct sv_opt opts[] = {
		{ 'w', SV_OPT_FLAG, 0 }, /* wtmp itself */
		{ 0, 0, 0 },
	};
	int i = sv_getopt(argc, argv, opts, &wtmp, NULL), fd, found = 0;
	struct urec r;
	struct timespec ts = { 0, 0 };
	size_t len;

	if (i < 0 || i + 1 != argc || !argv[i][0])
		sv_usage();
	len = strlen(argv[i]);
	if (len > sizeof r.line)
		sv_die(SV_EXIT_USAGE, "unable to use %s: longer than %zu bytes",
		       argv[i], sizeof r.line);
	fd = open("/var/run/utmp", O_RDWR | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		sv_die_unable(SV_EXIT_TEMP, "open /var/run/utmp");
	clock_gettime(CLOCK_REALTIME, &ts);
	while (read(fd, &r, sizeof r) == (ssize_t)sizeof r) {
		if (strncmp(r.line, argv[i], sizeof r.line) || r.type == UT_DEAD)
			continue;
		r.type = UT_DEAD;
		memset(r.user, 0, sizeof r.user);
		memset(r.host, 0, sizeof r.host);
		r.sec = (int)ts.tv_sec;
		r.usec = (int)(ts.tv_nsec / 1000);
		if (lseek(fd, -(off_t)sizeof r, SEEK_CUR) < 0 ||
		    sv_write_all(fd, &r, sizeof r) < 0)
			sv_die_unable(SV_EXIT_TEMP, "write /var/run/utmp");
		found = 1;
		break;
	}
	close(fd);
	if (!found)
		return 0; /* nobody logged in there: nothing to log out */
	if (wtmp) {
		fd = open("/var/log/wtmp", O_WRONLY | O_APPEND | O_NOFOLLOW |
						   O_CLOEXEC);
		if (fd < 0 || sv_write_all(fd, &r, sizeof r) < 0)
			sv_die_unable(SV_EXIT_TEMP, "write /var/log/wtmp");
		close(fd);
	}
	return 0;
}
#endif
