/* SPDX-License-Identifier: 0BSD */
/* sv.c - control and query runsv-supervised services, runit's sv byte for
 * byte, waiting for changes with inotify instead of polling.
 * Manual page: docs/sv.8

APPLET(sv, "[-v] [-w SEC] [-l|-m] COMMAND SERVICE...")

config SV
	bool "sv"
	default y
	help
	  sv COMMAND SERVICE... sends commands to runsv and reports the
	  status of services, with runit's output and exit codes. Called
	  through a symlink under another name (/etc/init.d/NAME -> sv) it
	  acts as the init script of service NAME (LSB exit codes).
*/

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/inotify.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "libsv/ctl.h"
#include "libsv/err.h"
#include "libsv/fmt.h"
#include "libsv/info.h"
#include "libsv/mem.h"
#include "libsv/opt.h"
#include "libsv/out.h"
#include "libsv/proc.h"
#include "libsv/state.h"
#include "libsv/status.h"
#include "libsv/sys.h"
#include "libsv/svdir.h"
#include "libsv/tai.h"

enum {
	SV_MAXRC = 99,
	LSB_USAGE = 2,
	LSB_NOTRUNNING = 1,
	LSB_STOPPED = 3,
	LSB_UNKNOWN = 4,
	POLL_MS = 100,	      /* without inotify */
	CHECK_MS = 250,	      /* while a ./check script decides */
	APPEAR_MS = 50,	      /* while waiting for a runsv to appear */
	QUICK_MS = 64,	      /* a change usually comes this soon: look every
				 ms for 16 ms, then at 2, 4 ... ms; inotify
				 only after (making and freeing an inotify
				 instance costs the kernel several ms, more
				 than most waits) */
};

struct svc {
	int fd;		/* the service directory, or -1 once done */
	char pending;	/* its runsv is not there yet: send when it is */
	char haswatch;
};

static struct sv {
	const char *acts;  /* bytes sent to supervise/control */
	const char *check; /* letters checked while waiting */
	const char *svdir;
	unsigned verbose, kill, lsb, appear, longform, machine, version;
	const char *wait; /* -w SEC */
	unsigned readywait; /* a service is up, not ready: a longer wait */
	unsigned long long waitms; /* 64 bits: any SEC, on any word size */
	struct sv_tai start, now;
	int rc, ino;
	struct sv_out *out; /* in sv_main's frame: its 512-byte buffer stays
			       out of .bss, so the static binary's writable
			       segment (every applet's) fits one page */
} G;

/* the inotify descriptor; -1 for the compiler too without INOTIFY, so
 * the code that serves it is left out */
#define INO (ENABLE_INOTIFY ? G.ino : -1)

static void err(void)
{
	if (G.rc < SV_MAXRC)
		G.rc++;
}

static void line(const char *kind, const char *name, const char *msg,
		 int e)
{
	sv_out_printf(G.out, "%s: %s: %s", kind, name, msg);
	if (e)
		sv_out_printf(G.out, ": %s", sv_strerror(e));
	sv_out_put(G.out, "\n", 1);
	if (kind[0] != 'o')
		err();
}

/* Read the status of the service in fd (runsv.8, sv.8 "Reading the
 * status"). 1: *st filled; 0: no runsv (message printed: ok: for exit,
 * fail: otherwise); -1: warning printed. quiet (waiting for a runsv to
 * appear): no runsv yet, or no supervise/ yet, is -2 and prints nothing;
 * every other failure is still said. */
static int get(int fd, const char *name, struct sv_status *st, int quiet)
{
	enum sv_status_step step;
	int r = sv_status_get(fd, st, SV_STATUS_LEN, &step), e = errno;

	if (r > 0)
		return r;
	if (quiet && (!r || (step == SV_STEP_OK && e == ENOENT)))
		return -2;
	if (!r) {
		line(*G.acts == 'x' ? "ok" : "fail", name, "runsv not running",
		     0);
		return 0;
	}
	line("warning", name, sv_status_why(step),
	     step == SV_STEP_FORMAT ? 0 : e);
	return -1;
}

/* supervise/info about the record st (policy builds): 1 read and about
 * the same ./run; 0 none, or not about it (a change in between) */
static int info(int fd, const struct sv_status *st, struct sv_info *in)
{
	return sv_info_get(fd, in) > 0 && in->pid == st->pid;
}

/* seconds from now to t (0 when past) */
static unsigned long long until(const struct sv_tai *t)
{
	return t->sec > G.now.sec ? t->sec - G.now.sec : 0;
}

/* what runit's status line cannot say (sv.8, "Status line") */
static void print_info(int fd, const struct sv_status *st)
{
	struct sv_info in;

	if (!info(fd, st, &in))
		return;
	if (st->pid && st->state == SV_RUN && in.ready)
		sv_out_puts(G.out, in.ready == SV_READY_YES ? ", ready"
							     : ", not ready");
	if (!st->pid && in.hold == SV_HOLD_FAILED)
		sv_out_puts(G.out, ", failed");
	if (!st->pid && in.hold == SV_HOLD_BACKOFF)
		sv_out_printf(G.out, ", backoff %llus", until(&in.until));
}

/* The status line (sv.8 "Status line"), without newline. 1: the record
 * has a pid, 2: it has none, 0: the down file could not be examined
 * (nothing printed). */
static int print(int fd, const char *name, const struct sv_status *st)
{
	unsigned long long el = 0;
	struct stat sb;
	int down = fstatat(fd, "down", &sb, 0) == 0;

	if (!down && errno != ENOENT) {
		sv_out_flush(G.out);
		sv_warn_unable("stat %s/down", name);
		return 0;
	}
	if (G.now.sec > st->stamp.sec)
		el = G.now.sec - st->stamp.sec;
	if (st->state < 3) /* runit's sv: no word for another state */
		sv_out_printf(G.out, "%s: ", sv_status_word(st->state));
	sv_out_printf(G.out, "%s: ", name);
	if (st->state)
		sv_out_printf(G.out, "(pid %lu) ", st->pid);
	sv_out_printf(G.out, "%llus", el);
	sv_status_notes(G.out, st, down);
	if (st->pid && st->term)
		sv_out_puts(G.out, ", got TERM");
	if (ENABLE_POLICY)
		print_info(fd, st);
	return st->pid ? 1 : 2;
}

/* ./check in the service directory: 1 passes, 0 does not */
static int checkscript(int fd, const char *name)
{
	char *argv[] = { "./check", NULL };
	struct sv_spawn sp = sv_spawn_none;
	struct stat sb;
	pid_t pid;
	int w;

	if (fstatat(fd, "check", &sb, 0) < 0) {
		if (errno == ENOENT)
			return 1;
		sv_out_flush(G.out);
		sv_warn_unable("stat %s/check", name);
		return 0;
	}
	sv_out_flush(G.out);
	/* stdout closed; a check that cannot run counts as passed (exit 0),
	 * as before: the warning says so */
	sp.dir = fd;
	sp.fd[1] = -2;
	sp.failcode = 0;
	sp.argv = argv;
	sp.what = "./check";
	pid = sv_spawn(&sp);
	if (pid < 0) {
		sv_warn_unable("fork for %s/check", name);
		return 0;
	}
	while (waitpid(pid, &w, 0) < 0)
		if (errno != EINTR)
			return 0;
	return !(w >> 8);
}

/* up means ready: from supervise/info when the service has readiness
 * (notification-fd or a check the supervisor runs), else ./check as
 * runit's sv runs it. 1 ready, 0 not yet. */
static int ready(int fd, const char *name, const struct sv_status *st)
{
	struct sv_info in;
	int r = ENABLE_POLICY ? sv_info_get(fd, &in) : 0;

	if (r > 0 && in.pid != st->pid)
		return 0; /* written before this ./run: not yet */
	if (r > 0 && in.ready) {
		G.readywait |= in.ready != SV_READY_YES;
		return in.ready == SV_READY_YES;
	}
	return checkscript(fd, name);
}

static int before_start(const struct sv_status *st)
{
	return st->stamp.sec < G.start.sec ||
	       (st->stamp.sec == G.start.sec && st->stamp.nsec < G.start.nsec);
}

/* Has the command taken effect? 1: yes ("ok:" printed); 0: not yet;
 * -1: error (message printed). */
static int check(int fd, const char *name)
{
	struct sv_status st;
	const char *c;
	int r = get(fd, name, &st, 0);

	if (r <= 0)
		return !r && *G.acts == 'x' ? 1 : -1;
	for (c = G.check; *c; c++) {
		switch (*c) {
		case 'x':
			return 0;
		case 'u':
			if (!st.pid || st.state != SV_RUN || !ready(fd, name, &st))
				return 0;
			break;
		case 'd':
			if (st.pid || st.state != SV_DOWN)
				return 0;
			break;
		case 'C':
			if (st.pid && !ready(fd, name, &st))
				return 0;
			break;
		case 't':
		case 'k':
			if (!st.pid && st.want == 'd')
				break;
			if (before_start(&st) || !st.pid || st.term ||
			    !ready(fd, name, &st))
				return 0;
			break;
		case 'o':
			if ((!st.pid && before_start(&st)) ||
			    (st.pid && st.want != 'd'))
				return 0;
			break;
		case 'p':
			if (st.pid && !st.paused)
				return 0;
			break;
		case 'c':
			if (st.pid && st.paused)
				return 0;
			break;
		}
	}
	sv_out_puts(G.out, "ok: ");
	print(fd, name, &st);
	sv_out_put(G.out, "\n", 1);
	return 1;
}

/* held back by backoff or failed (policy builds) */
static int held(int fd, const struct sv_status *st)
{
	struct sv_info in;

	return ENABLE_POLICY && st->want == 'u' && !st->pid &&
	       info(fd, st, &in) && in.hold;
}

/* Send G.acts (sv.8 "How a command is sent"). -1: drop the service;
 * 0 or 1: wait for it. */
static int control(struct svc *s, const char *name, const char *acts)
{
	struct sv_status st;
	int r = get(s->fd, name, &st, G.appear);

	if (r == -2) {
		s->pending = 1;
		return 0;
	}
	if (r == 0)
		return -1;
	if (r < 0)
		return -1;
	s->pending = 0;
	/* already wanted: skip, except a d that has no TERM pending, and a u
	 * for a service held by its restart policy (u resets it) */
	if (st.want == *acts && (*acts != 'd' || st.term) && !held(s->fd, &st))
		return 0;
	r = sv_ctl_send(s->fd, acts, strlen(acts));
	if (r == 0) {
		line(*acts == 'x' ? "ok" : "fail", name, "runsv not running", 0);
		return -1;
	}
	if (r < 0) {
		line("warning", name, errno == EAGAIN
			 ? "unable to write to supervise/control"
			 : "unable to open supervise/control", errno);
		return -1;
	}
	return 1;
}

#if ENABLE_POLICY
static unsigned long long ago(const struct sv_tai *t)
{
	return G.now.sec > t->sec ? G.now.sec - t->sec : 0;
}

/* sv -m: one line of stable keys per record (sv.8, "Machine form"); the
 * keys from ready to until are supervise/info's own, in its format */
static void machine(int fd, const char *name, const char *sfx,
		    const struct sv_status *st)
{
	struct sv_info in;
	struct stat sb;
	char since[32], line[SV_INFO_MAX];
	size_t n;

	if (!info(fd, st, &in))
		memset(&in, 0, sizeof in);
	sv_info_time(since, &st->stamp);
	n = sv_info_format(line, &in);
	line[n - 1] = 0; /* its newline */
	sv_out_printf(G.out, "state=%s pid=%lu since=%s normally=%s want=%s "
		      "paused=%u term=%u %s service=%s%s\n",
		      sv_status_word(st->state), st->pid, since,
		      fstatat(fd, "down", &sb, 0) == 0 ? "down" : "up",
		      st->want == 'u' ? "up" : "down", st->paused, st->term,
		      strchr(line, ' ') + 1 /* after its pid */, name, sfx);
}

/* sv -l: what supervise/info says, one fact a line, after the status */
static void details(int fd, const char *pre, const struct sv_status *st)
{
	struct sv_info in;
	char how[24];

	if (!info(fd, st, &in))
		return;
	if (in.ready == SV_READY_YES)
		sv_out_printf(G.out, "  %sready: yes, for %llus\n", pre,
			      ago(&in.ready_at));
	else if (in.ready && st->pid)
		sv_out_printf(G.out, "  %sready: not yet\n", pre);
	if (in.exited) {
		sv_info_how(how, 1, in.wstat);
		sv_out_printf(G.out, "  %slast exit: %s, %llus ago\n", pre,
			      how, ago(&in.last_at));
	}
	sv_out_printf(G.out, "  %srestarts: %lu\n", pre, in.restarts);
	if (in.fails)
		sv_out_printf(G.out, "  %squick deaths in a row: %lu\n", pre,
			      in.fails);
	if (in.hold == SV_HOLD_FAILED)
		sv_out_printf(G.out, "  %sfailed: not started again until "
				      "sv up\n", pre);
	else if (in.hold)
		sv_out_printf(G.out, "  %sbackoff: started again in %llus\n",
			      pre, until(&in.until));
}
#endif

/* sv.8 "The status command": main record; log record after "; " (-m:
 * one line each; -l: the facts of supervise/info after the line) */
/* not inlined (in sv_main it costs more: -8 B) */
static __attribute__((noinline)) int status(int fd, const char *name)
{
	struct sv_status st, lst;
	char logname[4096 + 8]; /* any name openat() took, plus "/log" */
	int r = get(fd, name, &st, 0), lfd, lr = 0;

	if (r <= 0)
		return r < 0 ? LSB_UNKNOWN : LSB_NOTRUNNING;
	sv_fmt(logname, sizeof logname, "%s/log", name);
	lfd = sv_svdir_log(fd);
#if ENABLE_POLICY
	if (G.machine) {
		machine(fd, name, "", &st);
		if (lfd >= 0 && get(lfd, logname, &lst, 0) > 0)
			machine(lfd, name, "/log", &lst);
		if (lfd >= 0)
			close(lfd);
		return st.pid ? 0 : LSB_STOPPED;
	}
#endif
	r = print(fd, name, &st);
	if (lfd < 0) {
		/* no log/, or a plain file "log" (no logger): nothing to add */
		if (errno != ENOENT && errno != ENOTDIR) {
			sv_out_puts(G.out, "; ");
			line("warning", logname, "unable to change directory",
			     errno);
		} else {
			sv_out_put(G.out, "\n", 1);
		}
	} else {
		sv_out_puts(G.out, "; ");
		if ((lr = get(lfd, logname, &lst, 0)) > 0) {
			print(lfd, "log", &lst);
			sv_out_put(G.out, "\n", 1);
		}
	}
#if ENABLE_POLICY
	if (G.longform) {
		details(fd, "", &st);
		if (lr > 0)
			details(lfd, "log ", &lst);
	}
#endif
	if (lfd >= 0)
		close(lfd);
	return r == 1 ? 0 : r == 2 ? LSB_STOPPED : LSB_UNKNOWN;
}

static int open_service(const char *name)
{
	int fd = sv_svdir_open(name, SV_RULE_RUNIT, G.svdir);

	if (fd < 0)
		line("fail", name, "unable to change to service directory",
		     errno);
	return fd;
}

static void watch(struct svc *s, const char *name)
{
	char path[4096];
	int under = sv_svdir_under(name, SV_RULE_RUNIT);

	if (INO < 0 || s->haswatch)
		return;
	int dfd, sfd;

	if (sv_fmt(path, sizeof path, "%s%s%s/" SV_CTL_DIR,
		   under ? G.svdir : "", under ? "/" : "", name) >=
	    sizeof path - 1)
		return;
	if (inotify_add_watch(G.ino, path, IN_MOVED_TO | IN_CREATE) >= 0) {
		s->haswatch = 1;
		return;
	}
	/* a read-only service directory: its state in the run directory */
	path[strlen(path) - sizeof SV_CTL_DIR] = 0;
	dfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	sfd = dfd < 0 ? -1 : sv_state_open(dfd);
	if (sfd >= 0) {
		sv_fmt(path, sizeof path, "/proc/self/fd/%d", sfd);
		if (inotify_add_watch(G.ino, path, IN_MOVED_TO | IN_CREATE) >= 0)
			s->haswatch = 1;
		close(sfd);
	}
	if (dfd >= 0)
		close(dfd);
}

/* not inlined (in sv_main it costs more: -65 B) */
static __attribute__((noinline)) void await(struct svc *s, char **names,
					     int n)
{
	long long t0 = sv_mono_ms();
	int i, left, step = 1;

	for (;;) {
		long long el = sv_mono_ms() - t0;
		int tmo = -1, fast = 0;
		char buf[1024];

		/* readiness takes its time: watch at once */
		if (ENABLE_INOTIFY && INO < 0 &&
		    (el >= QUICK_MS || G.readywait))
			G.ino = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);

		sv_tai_now(&G.now);
		for (i = left = 0; i < n; i++) {
			if (s[i].fd < 0)
				continue;
			watch(&s[i], names[i]);
			if (s[i].pending &&
			    (control(&s[i], names[i], G.acts) < 0 ||
			     s[i].pending)) {
				if (s[i].pending && el <= (long long)G.waitms) {
					left++;
					fast = APPEAR_MS;
					continue;
				}
				if (s[i].pending) {
					G.appear = 0;
					control(&s[i], names[i], G.acts);
				}
				close(s[i].fd);
				s[i].fd = -1;
				continue;
			}
			if (check(s[i].fd, names[i])) {
				close(s[i].fd);
				s[i].fd = -1;
				continue;
			}
			if (el > (long long)G.waitms) {
				struct sv_status st;
				sv_out_puts(G.out, G.kill ? "kill: " : "timeout: ");
				if (get(s[i].fd, names[i], &st, 0) > 0) {
					print(s[i].fd, names[i], &st);
					sv_out_put(G.out, "\n", 1);
					err();
				}
				if (G.kill)
					control(&s[i], names[i], "k");
				close(s[i].fd);
				s[i].fd = -1;
				continue;
			}
			left++;
			struct stat cs;
			if (!fast && fstatat(s[i].fd, "check", &cs, 0) == 0)
				fast = CHECK_MS;
			if (!s[i].haswatch)
				fast = ENABLE_INOTIFY && el < QUICK_MS ? step : POLL_MS;
		}
		if (el >= 16 && step < QUICK_MS / 2)
			step *= 2;
		sv_out_flush(G.out);
		if (!left)
			return;
		{
			long long left_ms = (long long)G.waitms - el + 1;
			tmo = left_ms > 0x7fffffff ? 0x7fffffff : (int)left_ms;
		}
		if (fast && fast < tmo)
			tmo = fast;
		{
			struct pollfd p = { G.ino, POLLIN, 0 };
			poll(&p, 1, tmo);
		}
		while (INO >= 0 && read(G.ino, buf, sizeof buf) > 0)
			;
	}
}

/* The last close of an inotify instance waits for the kernel to destroy
 * its watches (a scheduler tick and an RCU grace period: 4 to 16 ms here),
 * and sv's exit would wait with it. A child that holds nothing but the
 * instance and dies with sv makes that last close its own. */
static void ino_leave(void)
{
	pid_t parent = getpid(), pid;
	int fd;

	if (!ENABLE_INOTIFY || INO < 0)
		return;
	pid = sv_fork();
	if (pid)
		return; /* failed: sv waits for the teardown itself */
	for (fd = 0; fd < 1024; fd++)
		if (fd != G.ino)
			close(fd);
	sv_prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() == parent)
		pause();
	_exit(0);
}

/* the LSB words: the letters sent, which are those checked while
 * waiting, but for check (nothing sent, C checked) and status (nothing
 * checked, no wait); names and letters in the table itself, no pointers */
#define W_KILL 1
#define W_ONLYCHECK 2
#define W_NOWAIT 4
/* each word and its letters, packed, and its flags in the same order */
static const char words[] =
	"start\0u\0stop\0d\0restart\0tcu\0shutdown\0x\0reload\0h\0"
	"try-restart\0tc\0check\0C\0force-stop\0d\0force-reload\0tc\0"
	"force-restart\0tcu\0force-shutdown\0x\0status\0s";
static const unsigned char wflags[] = {
	0, 0, 0, 0, 0, 0, W_ONLYCHECK, W_KILL, W_KILL, W_KILL, W_KILL,
	W_NOWAIT,
};

/* the command word -> G.acts, G.check; returns 1 if it waits */
static int command(const char *w)
{
	static char one[2];
	const char *p;
	size_t i;

	for (i = 0, p = words; i < sizeof wflags; i++) {
		const char *acts = p + strlen(p) + 1;
		if (!strcmp(w, p)) {
			unsigned f = wflags[i];
			G.acts = f & W_ONLYCHECK ? "" : acts;
			G.check = f & W_NOWAIT ? "" : acts;
			G.kill = f & W_KILL;
			return !(f & W_NOWAIT);
		}
		p = acts + strlen(acts) + 1;
	}
	switch (*w) {
	case 's':
		if (G.lsb)
			sv_usage();
		G.acts = "s";
		G.check = "";
		return 0;
	case 'u': case 'd': case 'o': case 'p': case 'c': case 'h':
	case 'a': case 'i': case 'q': case '1': case '2': case 't':
	case 'k': case 'x':
		one[0] = *w;
		break;
	case 'e':
		one[0] = 'x';
		break;
	case 'D':
		one[0] = 'd';
		G.kill = 1;
		break;
	case 'T':
		G.acts = G.check = "tc";
		G.kill = 1;
		return 1;
	case 'X':
	case 'E':
		one[0] = 'x';
		G.kill = 1;
		break;
	default:
		sv_usage();
	}
	G.acts = G.check = one;
	return G.kill;
}

int sv_main(int argc, char **argv)
{
	struct sv_out out = SV_OUT_INIT(1);
	const char *base = strrchr(argv[0], '/');
	static const struct sv_opt opts[] = {
		SV_OPT_IN('v', SV_OPT_FLAG, struct sv, verbose),
#if ENABLE_POLICY
		SV_OPT_IN('l', SV_OPT_FLAG, struct sv, longform),
		SV_OPT_IN('m', SV_OPT_FLAG, struct sv, machine),
#endif
		SV_OPT_IN('w', SV_OPT_STR, struct sv, wait),
		SV_OPT_IN('V', SV_OPT_FLAG, struct sv, version),
		{ 0, 0, 0 },
	};
	char *lsbname[1];
	char **names;
	struct svc *s;
	unsigned long long secs = 7;
	int i, n, waits, lsbrc = 0;

	base = base ? base + 1 : argv[0];
	G.out = &out;
	G.ino = -1;
	if (strcmp(base, "sv")) {
		static const char usage[] = "[-w SEC] COMMAND";
		G.lsb = 1;
		sv_name = base;
		sv_usage_line = usage;
		sv_usage_code = LSB_USAGE;
	}
	i = sv_getopt(argc, argv, opts, &G, NULL);
	if (G.version)
		sv_say_version();
	if (i < 0 || G.version || i >= argc || (!G.lsb && i + 1 >= argc))
		sv_usage();
	if (getenv("SVWAIT"))
		sv_scan_ulong(getenv("SVWAIT"), &secs);
	if (G.wait) {
		sv_scan_ulong(G.wait, &secs);
		G.verbose = 1;
		G.appear = 1;
	}
	G.waitms = secs > 86400000000ULL ? 86400000000000ULL : secs * 1000;
	G.svdir = sv_svdir(CONFIG_SVDIR);
	waits = command(argv[i]) || G.verbose;
	if (G.appear && !strchr("u", *G.acts) && strcmp(G.acts, "tcu"))
		G.appear = 0;
	if (G.lsb) {
		lsbname[0] = (char *)base;
		names = lsbname;
		n = 1;
	} else {
		names = argv + i + 1;
		n = argc - i - 1;
	}
	sv_tai_now(&G.start);
	G.now = G.start;

	if (*G.acts == 's') {
		for (i = 0; i < n; i++) {
			int fd = open_service(names[i]);
			if (fd < 0) {
				lsbrc = LSB_UNKNOWN;
				continue;
			}
			lsbrc = status(fd, names[i]);
			close(fd);
		}
		sv_out_flush(G.out);
		return G.lsb ? lsbrc : G.rc;
	}
	s = sv_map((size_t)n * sizeof *s);
	if (!s)
		sv_die_unable(G.lsb ? 151 : SV_EXIT_USAGE, "allocate");
	for (i = 0; i < n; i++) {
		s[i].pending = s[i].haswatch = 0;
		s[i].fd = open_service(names[i]);
		if (s[i].fd >= 0 && (control(&s[i], names[i], G.acts) < 0 ||
				     !waits)) {
			close(s[i].fd);
			s[i].fd = -1;
		}
	}
	sv_out_flush(G.out);
	if (waits)
		await(s, names, n);
	sv_unmap(s, (size_t)n * sizeof *s);
	sv_out_flush(G.out);
	ino_leave();
	return G.rc;
}
