/* SPDX-License-Identifier: 0BSD */
/* libsv/supervise.c - see supervise.h. The behaviour is runit's runsv
 * (docs/runsv.8); this file says how, as one table of state x event. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>
#include "ctl.h"
#include "dir.h"
#include "sys.h"
#include "fmt.h"
#include "proc.h"
#include "cgroup.h"
#include "state.h"
#include "supervise.h"
#include "tai.h"

enum {
	THROTTLE_MS = 1000, /* a run shorter than this waits this long */
	RETRY_MS = 1000,    /* a failed fork is tried again after this */
	HELPER_MS = 60000,  /* a control/X still running then is killed */
};

/* the policy: &sv_policy where Kconfig POLICY is on (main.c); NULL:
 * runit's behaviour, none of the calls into it linked */
#define POL sv_svc_policy

/* the default logger: sv_deflog_template where Kconfig DEFAULT_LOG is
 * on (main.c); NULL: tpl is ignored and its code left out */
#define DEFLOG(s) (sv_deflog_fn && (s)->deflog)

/* where a record keeps its state: the service, its log/, or the default
 * logger (no log entry at all, a template given: runsv.8) */
static const char *const sup[3] = { "supervise/", "log/supervise/",
				    "supervise/log/supervise/" };

/* 0, 1 or 2: the row of record i in the tables of paths */
static int kind(const struct sv_svc *s, int i)
{
	return i + (i && DEFLOG(s));
}


const char *sv_svc_sup(const struct sv_svc *s, int i)
{
	return sup[kind(s, i)];
}

int sv_svc_state(const struct sv_svc *s, int i, const char **pre)
{
	if (s->r[i].sfd >= 0) {
		*pre = "";
		return s->r[i].sfd;
	}
	if (i && DEFLOG(s) && s->r[0].sfd >= 0) {
		*pre = "log/supervise/";
		return s->r[0].sfd;
	}
	*pre = sup[kind(s, i)];
	return s->dir;
}

/* f says "unable to VERB PRE[OBJ]" (no OBJ: PRE without its last '/',
 * "./supervise" for the service's own) and errno's reason: -1 */
static int failed(struct sv_svc_fail *f, const char *verb, const char *pre,
		  const char *obj)
{
	f->err = errno;
	if (!obj)
		sv_fmt(f->what, sizeof f->what, "unable to %s %s%.*s", verb,
		       pre == sup[0] ? "./" : "", (int)strlen(pre) - 1, pre);
	else
		sv_fmt(f->what, sizeof f->what, "unable to %s %s%s", verb,
		       pre, obj);
	return -1;
}

static int fail(struct sv_svc_fail *f, const char *what)
{
	f->err = errno;
	sv_fmt(f->what, sizeof f->what, "%s", what);
	return -1;
}

static void closefd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

static void say(const struct sv_svc *s, const char *msg, int err)
{
	if (s->say)
		s->say(s->ctx, s, msg, err);
}

static void save(struct sv_svc *s, int i)
{
	struct sv_rec *r = &s->r[i];
	const char *f = "status";
	char msg[48];

	const char *pre;
	int base = sv_svc_state(s, i, &pre);

	if (sv_status_save(base, pre, &r->st, r->pidchanged, &f) < 0) {
		sv_fmt(msg, sizeof msg, "unable to write %s%s", sup[kind(s, i)],
		       f);
		say(s, msg, errno);
	} else {
		r->pidchanged = 0;
	}
	if (POL)
		POL->save(s, i);
}

/* a signal to ./run (or its group: to < 0); an adopted one through its
 * pidfd, so a pid reused after it died is never hit */
static void sendsig(const struct sv_svc *s, int i, pid_t to, int signo)
{
	const struct sv_rec *r = &s->r[i];

	if (sv_takeover && r->pidfd >= 0 && to == (pid_t)r->st.pid)
		sv_syscall(SYS_pidfd_send_signal, r->pidfd, signo, 0, 0, 0);
	else
		kill(to, signo);
}

static void sig(struct sv_svc *s, int i, int signo)
{
	if (s->r[i].st.pid)
		sendsig(s, i, (pid_t)s->r[i].st.pid, signo);
}

/* the stop signal, the CONT after it and timeout-kill's KILL: to the
 * whole process group when ./run leads one (policy), else to ./run */
static pid_t target(const struct sv_svc *s, int i)
{
	pid_t pid = (pid_t)s->r[i].st.pid;

	return POL && s->r[i].pol.pgrp && kill(-pid, 0) == 0 ? -pid : pid;
}

/* Start control/C (the service's, never the logger's) when it is an
 * executable file: 1, and what the command still has to do waits for its
 * exit (helper_done); 0: there is none, go on at once. */
static int helper(struct sv_svc *s, int i, char c)
{
	char path[] = "control/?", msg[40];
	char *argv[] = { path, NULL };
	struct sv_spawn sp = sv_spawn_none;
	struct stat st;
	pid_t pid;

	if (i != SV_REC_MAIN)
		return 0;
	path[8] = c;
	if (fstatat(s->dir, path, &st, 0) < 0) {
		if (errno != ENOENT) {
			sv_fmt(msg, sizeof msg, "unable to stat %s", path);
			say(s, msg, errno);
		}
		return 0;
	}
	if (!(st.st_mode & S_IXUSR))
		return 0;
	sp.dir = s->dir;
	sp.fd[2] = s->errfd;
	sp.argv = argv;
	sp.what = path;
	sp.who = s->name;
	if (s->pipe[1] >= 0)
		sp.fd[1] = s->pipe[1];
	pid = sv_spawn(&sp);
	if (pid < 0) {
		sv_fmt(msg, sizeof msg, "unable to fork for %s", path);
		say(s, msg, errno);
		return 0;
	}
	s->h.pid = pid;
	s->h.c = c;
	s->h.rec = (unsigned char)i;
	s->h.deadline = sv_mono_ms() + HELPER_MS;
	return 1;
}

static void gained_log(struct sv_svc *s);

/* record i's cgroup (cgroup.h), or -1: its service directory's or its
 * log/'s (the default logger has none of its own) */
static int cgroup(const struct sv_svc *s, int i, int create)
{
	int d, cg;

	if (!sv_cgroup_fn || (i && DEFLOG(s)))
		return -1;
	if (!i)
		return sv_cgroup_fn(s->dir, create);
	d = openat(s->dir, "log", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	cg = d < 0 ? -1 : sv_cgroup_fn(d, create);
	if (d >= 0)
		close(d);
	return cg;
}

/* SIGKILL to every process of record i's cgroup (timeout-kill, k) */
static void cgroup_kill(const struct sv_svc *s, int i)
{
	int cg = sv_cgroup_kill_fn ? cgroup(s, i, 0) : -1;

	if (cg >= 0) {
		sv_cgroup_kill_fn(cg);
		close(cg);
	}
}

/* ./run (or ./finish after it, or log/run), now */
static void spawn(struct sv_svc *s, int i)
{
	struct sv_rec *r = &s->r[i];
	const int fin = i == SV_REC_MAIN && r->st.state == SV_FINISH;
	const int def = i == SV_REC_LOG && DEFLOG(s);
	char a1[24], a2[24];
	int cg;
	char *argv[4] = { "./run", NULL, NULL, NULL };
	struct sv_spawn sp = sv_spawn_none;
	pid_t pid;

	sp.dir = s->dir;
	sp.fd[2] = s->errfd;
	sp.argv = argv;
	sp.what = i ? "log/./run" : "./run";
	sp.who = s->name;
	if (fin) {
		/* an adopted ./run's status is unknown: -1 0 */
		sp.what = argv[0] = "./finish";
		argv[1] = a1;
		argv[2] = a2;
		sv_fmt(a1, sizeof a1, "%d", WIFEXITED(r->wstat) && !r->unknown ?
						    WEXITSTATUS(r->wstat) : -1);
		sv_fmt(a2, sizeof a2, "%d", r->unknown ? 0 : r->wstat & 0xff);
	} else if (def) {
		/* the default logger: TPL/run NAME, in the service
		 * directory (found as "run" on the "PATH" TPL) */
		argv[0] = "run";
		argv[1] = (char *)s->logarg;
		sp.path = s->logrun;
		sp.what = "the default logger's run";
	}
	if (i == SV_REC_LOG) {
		sp.sub = def ? NULL : "log";
		sp.fd[0] = s->pipe[0];
	} else {
		if (!fin)
			gained_log(s);
		sp.fd[1] = s->pipe[1];
		sp.setsid = s->setsid;
	}
	if (!fin && !def && POL)
		POL->load(s, i, &sp);
	if (!fin && (cg = cgroup(s, i, 1)) >= 0) {
		int procs = openat(cg, "cgroup.procs", O_WRONLY | O_CLOEXEC);
		sp.cgroup = procs > 0 ? procs : 0;
		close(cg);
	}
	pid = sv_spawn(&sp);
	if (sp.cgroup > 0)
		close(sp.cgroup);
	if (!fin && POL)
		POL->started(s, i, &sp, pid);
	if (pid < 0) {
		say(s, "unable to fork, retrying", errno);
		r->again = sv_mono_ms() + RETRY_MS;
		return;
	}
	r->once = 0;
	if (!fin) {
		if (sv_takeover)
			sv_takeover->record(s, i, pid);
		r->unknown = 0;
		r->pol.stopped = 0;
		sv_tai_now(&r->st.stamp);
		r->st.state = SV_RUN;
		r->started = sv_mono_ms();
	}
	r->st.pid = (unsigned long)pid;
	r->st.paused = r->st.term = 0;
	r->pidchanged = 1;
	save(s, i);
	if (i == SV_REC_LOG && s->draining) {
		/* the last logger: it gets EOF once the pipe is empty */
		close(s->pipe[0]);
		s->pipe[0] = -1;
		r->st.want = 'x';
		save(s, i);
	}
}

/* ./run: control/u first, when there is one */
static void start(struct sv_svc *s, int i)
{
	if (i == SV_REC_MAIN && s->r[i].st.state != SV_FINISH &&
	    helper(s, i, 'u'))
		return;
	spawn(s, i);
}

/* the second half of a stop, after control/t (ok: it handled TERM) */
static void stop_rest(struct sv_svc *s, int i, int ok)
{
	struct sv_rec *r = &s->r[i];
	pid_t to = r->st.pid ? target(s, i) : 0;

	if (!ok && to) {
		sendsig(s, i, to, POL && r->pol.downsig ? r->pol.downsig
						       : SIGTERM);
		r->st.term = 1;
		r->pol.stopped = 1;
		if (POL && r->pol.tkill) {
			r->pol.killat = sv_mono_ms() + r->pol.tkill;
			r->pol.killpg = to;
		}
		save(s, i);
	}
	if (r->st.want == 'u')
		return; /* runit: t sends no CONT */
	if (to)
		sendsig(s, i, to, SIGCONT);
	helper(s, i, r->st.want == 'd' ? 'd' : 'x');
}

static void stop(struct sv_svc *s, int i)
{
	if (!s->r[i].st.pid || !helper(s, i, 't'))
		stop_rest(s, i, 0);
}

/* The state x event table. A cell is what an event does in a state; an
 * empty cell: nothing. Events are the control letters (EV_SIG: h a i q 1
 * 2, relayed as signals), a child's exit and time. */
enum ev { EV_U, EV_O, EV_D, EV_X, EV_T, EV_K, EV_P, EV_C, EV_SIG, EV_EXIT,
	  EV_TIME, NEV };

/* The control letters: the event each is and the signal it relays, in
 * three rows of bytes (u o d x t: no signal of their own; k p c h a i q 1
 * 2: SIGKILL, STOP, CONT, HUP, ALRM, INT, QUIT, USR1, USR2) */
static const char letters[] = "uodxtkpchaiq12";
static const unsigned char letter_ev[] = {
	EV_U, EV_O, EV_D, EV_X, EV_T, EV_K, EV_P, EV_C,
	EV_SIG, EV_SIG, EV_SIG, EV_SIG, EV_SIG, EV_SIG,
};
static const unsigned char letter_sig[] = {
	0, 0, 0, 0, 0, SIGKILL, SIGSTOP, SIGCONT,
	SIGHUP, SIGALRM, SIGINT, SIGQUIT, SIGUSR1, SIGUSR2,
};

/* c's place in letters, or -1 */
static int letter(char c)
{
	const char *p = c ? strchr(letters, c) : NULL;

	return p ? (int)(p - letters) : -1;
}

/* a signal for command c, unless control/c says it handled it */
static int signal_of(char c)
{
	int k = letter(c);

	return k < 0 ? 0 : letter_sig[k];
}
typedef void action(struct sv_svc *s, int i, char c);

static void want_up(struct sv_svc *s, int i, char c)
{
	(void)c;
	if (s->draining)
		return;
	s->r[i].st.want = 'u';
	if (POL)
		POL->up(s, i);
	save(s, i);
}

static void once(struct sv_svc *s, int i, char c)
{
	(void)c;
	if (s->draining)
		return;
	s->r[i].st.want = 'd';
	save(s, i);
	if (s->r[i].st.state == SV_DOWN)
		s->r[i].once = 1;
}

static void want_down(struct sv_svc *s, int i, char c)
{
	(void)c;
	s->r[i].st.want = 'd';
	s->r[i].once = 0;
	save(s, i);
}

static void down_stop(struct sv_svc *s, int i, char c)
{
	want_down(s, i, c);
	stop(s, i);
}

/* x: a pending once (o just before) still runs: runit starts on o at
 * once, so "ox" starts the service, then stops it */
static void want_exit(struct sv_svc *s, int i, char c)
{
	(void)c;
	if (i == SV_REC_LOG)
		return;
	s->r[i].st.want = 'x';
	save(s, i);
}

static void exit_stop(struct sv_svc *s, int i, char c)
{
	if (i == SV_REC_LOG)
		return;
	want_exit(s, i, c);
	stop(s, i);
}

static void term(struct sv_svc *s, int i, char c)
{
	(void)c;
	stop(s, i);
}

/* k also kills ./finish; the reaper sets the state (runit forced DOWN
 * here and could run ./finish twice) */
static void relay(struct sv_svc *s, int i, char c)
{
	if (s->r[i].st.pid && !helper(s, i, c))
		sig(s, i, signal_of(c));
}

static void pause_(struct sv_svc *s, int i, char c)
{
	if (s->r[i].st.state == SV_RUN)
		relay(s, i, c);
	s->r[i].st.paused = c == 'p';
	save(s, i);
}

/* ./run or ./finish exited */
static void exited(struct sv_svc *s, int i, char c)
{
	struct sv_rec *r = &s->r[i];
	long long now;
	int fd;

	(void)c;
	if (i == SV_REC_MAIN && r->st.state == SV_RUN) {
		fd = openat(s->dir, "finish", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
		if (fd >= 0) {
			close(fd);
			r->st.state = SV_FINISH;
			r->again = 0;
			save(s, i);
			return;
		}
	}
	/* runit's throttle: a run (with its finish) that lasted less than a
	 * second is started again one second after it ended */
	r->st.state = SV_DOWN;
	now = sv_mono_ms();
	r->again = now < r->started + THROTTLE_MS ? now + THROTTLE_MS : 0;
	if (POL && r->st.want == 'u')
		POL->down(s, i);
	sv_tai_now(&r->st.stamp);
	save(s, i);
}

/* time: start what is due (./run, or ./finish after a run) */
static void due_start(struct sv_svc *s, int i, char c);

/* the actions, and the table as their numbers: a byte a cell */
static action *const actions[] = {
	NULL, want_up, once, want_down, want_exit, pause_, due_start,
	down_stop, exit_stop, term, relay, exited,
};
enum { A_UP = 1, A_ONCE, A_DOWN, A_EXIT, A_PAUSE, A_DUE, A_DOWN_STOP,
       A_EXIT_STOP, A_TERM, A_RELAY, A_EXITED };

static const unsigned char table[3][NEV] = {
	[SV_DOWN] = {
		[EV_U] = A_UP, [EV_O] = A_ONCE, [EV_D] = A_DOWN,
		[EV_X] = A_EXIT, [EV_P] = A_PAUSE, [EV_C] = A_PAUSE,
		[EV_TIME] = A_DUE,
	},
	[SV_RUN] = {
		[EV_U] = A_UP, [EV_O] = A_ONCE, [EV_D] = A_DOWN_STOP,
		[EV_X] = A_EXIT_STOP, [EV_T] = A_TERM, [EV_K] = A_RELAY,
		[EV_P] = A_PAUSE, [EV_C] = A_PAUSE, [EV_SIG] = A_RELAY,
		[EV_EXIT] = A_EXITED,
	},
	[SV_FINISH] = {
		[EV_U] = A_UP, [EV_O] = A_ONCE, [EV_D] = A_DOWN,
		[EV_X] = A_EXIT, [EV_K] = A_RELAY, [EV_P] = A_PAUSE,
		[EV_C] = A_PAUSE, [EV_EXIT] = A_EXITED, [EV_TIME] = A_DUE,
	},
};

static void event(struct sv_svc *s, int i, enum ev e, char c)
{
	unsigned a = table[s->r[i].st.state < 3 ? s->r[i].st.state : 0][e];

	if (a)
		actions[a](s, i, c);
}

/* 1: record i is to be started now; 0: not now (*dl lowered to when) */
static int due(const struct sv_svc *s, int i, long long now, long long *dl)
{
	const struct sv_rec *r = &s->r[i];

	if (i == SV_REC_LOG && !s->haslog)
		return 0;
	if (r->st.pid || (s->h.pid && s->h.rec == i) ||
	    !(r->st.want == 'u' || r->once || r->st.state == SV_FINISH) ||
	    (POL && r->pol.hold == SV_HOLD_FAILED && !r->once &&
	     r->st.state != SV_FINISH))
		return 0;
	if (r->st.want == 'x' && !s->draining && !r->once &&
	    r->st.state != SV_FINISH)
		return 0;
	if (now >= r->again)
		return 1;
	if (dl)
		*dl = sv_deadline_min(*dl, r->again);
	return 0;
}

static void due_start(struct sv_svc *s, int i, char c)
{
	(void)c;
	if (!due(s, i, sv_mono_ms(), NULL))
		return;
	start(s, i);
	/* "ox": the once-start is followed by the stop x asked for */
	if (s->r[i].st.pid && s->r[i].st.state == SV_RUN &&
	    s->r[i].st.want == 'x')
		stop(s, i);
}

static enum ev event_of(char c)
{
	int k = letter(c);

	return k < 0 ? NEV : (enum ev)letter_ev[k];
}

/* told x, and the service is down with nothing left to run for it */
static int main_done(const struct sv_svc *s)
{
	const struct sv_rec *m = &s->r[SV_REC_MAIN];

	return m->st.want == 'x' && !m->st.pid && !m->once && !s->h.pid &&
	       m->st.state == SV_DOWN;
}

/* after x, once everything is down: close the pipe so the logger drains,
 * then finish */
static void wind_up(struct sv_svc *s)
{
	struct sv_rec *l = &s->r[SV_REC_LOG];

	if (s->catchall && main_done(s) && !s->draining) {
		/* what is in the pipe now is written out; then done */
		s->draining = 1;
		closefd(&s->pipe[1]);
		s->catch_read(s);
		if (s->npart)
			s->catch_read(s); /* the last partial line */
		return;
	}
	if (!main_done(s) || !s->haslog || s->draining)
		return;
	s->draining = 1;
	close(s->pipe[1]);
	s->pipe[1] = -1;
	if (l->st.pid) {
		close(s->pipe[0]);
		s->pipe[0] = -1;
		l->st.want = 'x';
		save(s, SV_REC_LOG);
	}
}

int sv_svc_finished(const struct sv_svc *s)
{
	const struct sv_rec *l = &s->r[SV_REC_LOG];

	if (!main_done(s))
		return 0;
	if (!s->haslog)
		return 1;
	/* a logger waiting for its restart still drains the pipe first */
	return s->draining && !l->st.pid &&
	       (l->st.want != 'u' || s->pipe[0] < 0);
}

void sv_svc_command(struct sv_svc *s, int i, char c)
{
	enum ev e = event_of(c);

	if (e == NEV)
		return;
	if (s->h.pid && s->h.rec == i) {
		/* a control/X decides the command before: this one waits,
		 * in order (the fifo is not read meanwhile) */
		if (s->npend < sizeof s->pend)
			s->pend[s->npend++] = c;
		else
			s->pend[sizeof s->pend - 1] = c;
		return;
	}
	event(s, i, e, c);
	wind_up(s);
}

/* catchall: one line (or piece of one) as "NAME: line\n", one write:
 * "NAME: ", the kept start (then no longer kept), the rest b, "\n" */
static void catch_line(struct sv_svc *s, const char *b, size_t nb)
{
	struct iovec v[5] = {
		{ (void *)s->logarg, strlen(s->logarg) }, { ": ", 2 },
		{ s->part, s->npart }, { (void *)b, nb }, { "\n", 1 },
	};
	ssize_t r;

	s->npart = 0;
	do
		r = writev(s->outfd, v, 5);
	while (r < 0 && errno == EINTR);
}

/* catchall: what the pipe holds, line by line; a line's start waits in
 * part for its end (longer ones go out in pieces). Called again after the
 * write end closed with nothing to read, the kept start goes out. */
static void catch_read(struct sv_svc *s)
{
	char buf[1024];
	ssize_t n;
	size_t k, start;

	if (s->pipe[0] < 0)
		return;
	n = read(s->pipe[0], buf, sizeof buf);
	if (n <= 0) {
		if (s->npart && (n == 0 || s->draining))
			catch_line(s, "", 0);
		return;
	}
	for (start = k = 0; k < (size_t)n; k++) {
		if (buf[k] != '\n')
			continue;
		catch_line(s, buf + start, k - start);
		start = k + 1;
	}
	if (start < (size_t)n) {
		size_t m = (size_t)n - start;
		if (s->npart + m > SV_SVC_PART) {
			/* too long to keep: out as a piece of its own */
			catch_line(s, buf + start, m);
		} else {
			memcpy(s->part + s->npart, buf + start, m);
			s->npart = (unsigned char)(s->npart + m);
		}
	}
}

int sv_svc_catchall(struct sv_svc *s, int outfd, const char *name,
		    char *part)
{
	if (s->haslog || s->catchall)
		return 0;
	if (pipe2(s->pipe, O_CLOEXEC) < 0)
		return -1;
	fcntl(s->pipe[0], F_SETFL, O_NONBLOCK);
	s->catchall = 1;
	s->catch_read = catch_read;
	s->part = part;
	s->outfd = outfd;
	s->logarg = name;
	return 0;
}

void sv_svc_input(struct sv_svc *s, int fd)
{
	char buf[64];
	ssize_t n, k;
	int i = fd == s->r[SV_REC_LOG].ctl;

	if (fd < 0)
		return;
	if (fd != s->r[i].ctl) {
		if (s->catchall && fd == s->pipe[0])
			s->catch_read(s);
		for (i = 0; sv_takeover && i < 2; i++)
			if (fd == s->r[i].pidfd) {
				/* an adopted ./run exited */
				close(fd);
				s->r[i].pidfd = -1;
				s->r[i].unknown = 1;
				sv_svc_reaped(s, (pid_t)s->r[i].st.pid, 255 << 8);
				return;
			}
		for (i = 0; POL && i < 2; i++)
			if (fd == s->r[i].pol.nfd)
				POL->input(s, i);
		return;
	}
	while (!(s->h.pid && s->h.rec == i) &&
	       (n = read(s->r[i].ctl, buf, sizeof buf)) > 0)
		for (k = 0; k < n; k++)
			sv_svc_command(s, i, buf[k]);
}

/* a control/X exited: what its command still had to do */
static void helper_done(struct sv_svc *s, int ok)
{
	int i = s->h.rec;
	char c = s->h.c;

	s->h.pid = 0;
	switch (c) {
	case 'u':
		spawn(s, i);
		break;
	case 't':
		stop_rest(s, i, ok);
		break;
	case 'd':
	case 'x':
		break;
	default:
		if (!ok && s->r[i].st.pid &&
		    (c == 'k' || s->r[i].st.state == SV_RUN))
			sig(s, i, signal_of(c));
	}
	/* commands read while it ran, in order */
	while (s->npend && !s->h.pid) {
		char b = s->pend[0];
		memmove(s->pend, s->pend + 1, --s->npend);
		sv_svc_command(s, i, b);
	}
}

int sv_svc_reaped(struct sv_svc *s, pid_t pid, int w)
{
	int i;

	if (pid <= 0)
		return 0;
	if (pid == s->h.pid) {
		/* runit: a script killed by a signal counts as success;
		 * one we killed at its deadline does not */
		helper_done(s, !(w >> 8) && !s->h.killed);
		s->h.killed = 0;
		wind_up(s);
		return 1;
	}
	for (i = 0; i < 2; i++) {
		struct sv_rec *r = &s->r[i];
		if ((unsigned long)pid != r->st.pid || !pid)
			continue;
		r->st.pid = 0;
		r->st.term = 0;
		r->pidchanged = 1;
		if (r->st.state == SV_RUN) {
			r->wstat = w;
			if (POL)
				POL->died(s, i);
		}
		event(s, i, EV_EXIT, 0);
		wind_up(s);
		return 1;
	}
	return POL && POL->reaped(s, pid, w);
}

int sv_svc_kill(struct sv_svc *s)
{
	int i, any = 0;

	for (i = 0; i < 2; i++) {
		if (s->r[i].st.pid) {
			sendsig(s, i, target(s, i), SIGKILL);
			sendsig(s, i, (pid_t)s->r[i].st.pid, SIGKILL);
			cgroup_kill(s, i);
			any = 1;
		}
		if (POL && s->r[i].pol.chk)
			kill(s->r[i].pol.chk, SIGKILL);
	}
	if (s->h.pid) {
		kill(s->h.pid, SIGKILL);
		any = 1;
	}
	return any;
}

void sv_svc_pids(const struct sv_svc *s, pid_t *out)
{
	out[0] = (pid_t)s->r[SV_REC_MAIN].st.pid;
	out[1] = (pid_t)s->r[SV_REC_LOG].st.pid;
	out[2] = s->h.pid;
	out[3] = s->r[SV_REC_MAIN].pol.chk;
	out[4] = s->r[SV_REC_LOG].pol.chk;
}

/* timeout-kill: the stop signal was not enough */
static long long kill_due(struct sv_svc *s, int i, long long now)
{
	struct sv_pol *p = &s->r[i].pol;

	if (!POL || !p->killat)
		return 0;
	if (now < p->killat)
		return p->killat;
	/* a group while it has members (its number is not reused until it
	 * is empty); a pid only while it is still our ./run */
	if (p->killpg < 0 ? kill(p->killpg, 0) == 0
			  : (pid_t)s->r[i].st.pid == p->killpg)
		kill(p->killpg, SIGKILL);
	/* and whatever left the group: its cgroup holds them all */
	cgroup_kill(s, i);
	p->killat = 0;
	return 0;
}

void sv_svc_run(struct sv_svc *s, long long now)
{
	int i;

	if (s->h.pid && now >= s->h.deadline && !s->h.killed) {
		kill(s->h.pid, SIGKILL);
		s->h.killed = 1;
	}
	for (i = 0; i < 1 + s->haslog; i++) {
		kill_due(s, i, now);
		if (POL)
			POL->run(s, i, now);
	}
	if (s->haslog)
		event(s, SV_REC_LOG, EV_TIME, 0);
	event(s, SV_REC_MAIN, EV_TIME, 0);
	wind_up(s);
}

long long sv_svc_deadline(const struct sv_svc *s)
{
	long long dl = 0, now = sv_mono_ms();

	int i;

	if (s->h.pid && !s->h.killed)
		dl = s->h.deadline;
	for (i = 0; i < 1 + s->haslog; i++) {
		if (POL) {
			dl = sv_deadline_min(dl, s->r[i].pol.killat);
			dl = sv_deadline_min(dl,
					     POL->run((struct sv_svc *)s, i, 0));
		}
	}
	if ((s->haslog && due(s, SV_REC_LOG, now, &dl)) ||
	    due(s, SV_REC_MAIN, now, &dl))
		dl = now;
	return dl;
}

int sv_svc_pollfds(const struct sv_svc *s, struct pollfd *p)
{
	int i, n = 0;

	for (i = 0; i < 1 + s->haslog; i++) {
		p[n].fd = s->h.pid && s->h.rec == i ? -1 : s->r[i].ctl;
		p[n].events = POLLIN;
		p[n++].revents = 0;
	}
	if (s->catchall && s->pipe[0] >= 0) {
		p[n].fd = s->pipe[0];
		p[n].events = POLLIN;
		p[n++].revents = 0;
	}
	for (i = 0; POL && i < 1 + s->haslog; i++)
		if (s->r[i].pol.nfd >= 0) {
			p[n].fd = s->r[i].pol.nfd;
			p[n].events = POLLIN;
			p[n++].revents = 0;
		}
	for (i = 0; sv_takeover && i < 2; i++)
		if (s->r[i].pidfd >= 0) {
			p[n].fd = s->r[i].pidfd;
			p[n].events = POLLIN;
			p[n++].revents = 0;
		}
	return n;
}

/* supervise/ (or log/supervise/): made, or the target of a symlink made,
 * then usable; at: "." or "log" in dir. Where it cannot be made because
 * the directory is read-only (and there is no supervise entry at all),
 * the run directory's state directory: its fd in *sfd. */
static int mksupervise(int dir, const char *at, int *sfd,
		       struct sv_svc_fail *f)
{
	const int l = at[0] == 'l' ? 1 : at[0] == 's' ? 2 : 0;
	char path[32], target[256];
	struct stat st;
	ssize_t n;

	sv_fmt(path, sizeof path, "%s/supervise", at);
	if (mkdirat(dir, path, 0700) < 0) {
		int e = errno;
		n = readlinkat(dir, path, target, sizeof target);
		if (n >= (ssize_t)sizeof target) {
			errno = ENAMETOOLONG;
			return failed(f, "readlink", sup[l], NULL);
		}
		if (n >= 0) {
			int d = openat(dir, at, O_RDONLY | O_DIRECTORY |
							O_CLOEXEC);
			target[n] = 0;
			mkdirat(d, target, 0700);
			close(d);
		} else if (errno == ENOENT && sfd && sv_state_rundir_fn &&
			   (e == EROFS || e == EACCES || e == EPERM)) {
			int d = openat(dir, at, O_RDONLY | O_DIRECTORY |
							O_CLOEXEC);
			*sfd = d < 0 ? -1 : sv_state_rundir_fn(d, 1);
			e = errno;
			if (d >= 0)
				close(d);
			if (*sfd >= 0)
				return 0;
			errno = e;
			return fail(f, l ? "unable to make log's state in the "
					   "run directory"
					 : "unable to make the state in the run "
					   "directory");
		} else if (errno != EINVAL && errno != ENOENT) {
			return failed(f, "readlink", sup[l], NULL);
		}
	}
	if (fstatat(dir, path, &st, 0) == 0) {
		if (S_ISDIR(st.st_mode))
			return 0;
		errno = ENOTDIR;
	}
	return failed(f, "open", sup[l], NULL);
}

static int lock(struct sv_svc *s, int i, int wait, struct sv_svc_fail *f)
{
	const char *pre;
	char path[32];
	int base = sv_svc_state(s, i, &pre), fd;

	sv_fmt(path, sizeof path, "%slock", pre);
	fd = openat(base, path, O_WRONLY | O_APPEND | O_CREAT | O_NONBLOCK |
					O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return failed(f, "open", sv_svc_sup(s, i), "lock");
	if (flock(fd, LOCK_EX | (wait ? 0 : LOCK_NB)) < 0) {
		failed(f, "lock", sv_svc_sup(s, i), "lock");
		close(fd);
		return -1;
	}
	return fd;
}

void sv_svc_close(struct sv_svc *s)
{
	int i;

	for (i = 0; i < 2; i++) {
		closefd(&s->r[i].ctl);
		closefd(&s->r[i].ok);
		closefd(&s->r[i].lock);
		closefd(&s->r[i].pol.nfd);
		closefd(&s->r[i].sfd);
		closefd(&s->r[i].pidfd);
	}
	closefd(&s->pipe[0]);
	closefd(&s->pipe[1]);
	closefd(&s->dir);
}

static void init(struct sv_svc *s, int i, int dir, const char *down)
{
	struct sv_rec *r = &s->r[i];
	struct stat st;

	sv_tai_now(&r->st.stamp);
	r->st.want = fstatat(dir, down, &st, 0) < 0 ? 'u' : 'd';
	r->ctl = r->ok = r->lock = r->pol.nfd = r->sfd = r->pidfd = -1;
	r->pidchanged = 1;
}

/* TPL/run is an executable file: 1, else 0 */
int sv_deflog_template(const char *tpl)
{
	int fd, r;

	if (!tpl || !*tpl)
		return 0;
	fd = open(tpl, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	r = fd >= 0 && sv_is(fd, "run", SV_IS_EXE);
	if (fd >= 0)
		close(fd);
	return r;
}

/* control-group (state.h): through descriptors only */
static void rights(struct sv_svc *s, int base, const char *pre,
		   const struct sv_rec *r)
{
	char path[32];
	size_t n = strlen(pre);
	int d;

	sv_fmt(path, sizeof path, "%s", n ? pre : ".");
	if (n > 1)
		path[n - 1] = 0; /* "supervise/" -> "supervise" */
	d = openat(base, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (d < 0 || sv_state_rights_fn(d, r->ctl, r->ok, s->gid) < 0)
		say(s, "unable to give control-group its rights", errno);
	if (d >= 0)
		close(d);
}

/* record i's control fifo, status files and ok fifo (opened last: a
 * client that finds ok held finds the rest in place) */
static int open_fifos(struct sv_svc *s, int i, struct sv_svc_fail *f)
{
	struct sv_rec *r = &s->r[i];
	const char *pre;
	char path[40];
	int base = sv_svc_state(s, i, &pre);

	sv_fmt(path, sizeof path, "%scontrol", pre);
	r->ctl = sv_ctl_fifo(base, path, 1);
	if (r->ctl < 0)
		return failed(f, "open", sv_svc_sup(s, i), "control");
	save(s, i);
	sv_fmt(path, sizeof path, "%sok", pre);
	r->ok = sv_ctl_fifo(base, path, 0);
	if (r->ok < 0)
		return failed(f, "open", sv_svc_sup(s, i), "ok");
	if (s->gid >= 0 && sv_state_rights_fn)
		rights(s, base, pre, r);
	return 0;
}

/* the log record (log/, or the default logger): its pipe, supervise/,
 * lock and fifos; on failure the caller gives back what it took */
static int open_log(struct sv_svc *s, int waitlog, int takeover,
		    struct sv_svc_fail *f)
{
	/* the default logger's directory: in the service's state */
	int base = !DEFLOG(s) ? s->dir : s->r[0].sfd >= 0 ? s->r[0].sfd
							    : s->dir;
	const char *at = !DEFLOG(s) ? "log" : s->r[0].sfd >= 0 ? "log"
								: "supervise/log";
	char down[24];

	sv_fmt(down, sizeof down, "%s/down", at);
	init(s, SV_REC_LOG, base, down);
	if (DEFLOG(s) && mkdirat(base, at, 0700) < 0 && errno != EEXIST)
		return fail(f, "unable to make supervise/log");
	if (mksupervise(base, at, DEFLOG(s) ? NULL : &s->r[1].sfd, f) < 0 ||
	    (s->r[1].lock = lock(s, SV_REC_LOG, waitlog, f)) < 0)
		return -1;
	takeover = takeover && sv_takeover;
	if (takeover)
		sv_takeover->adopt(s, SV_REC_LOG);
	if ((!takeover || sv_takeover->pipe(s) < 0) &&
	    pipe2(s->pipe, O_CLOEXEC) < 0)
		return fail(f, "unable to create pipe for log");
	return open_fifos(s, SV_REC_LOG, f);
}

static void close_log(struct sv_svc *s)
{
	closefd(&s->r[SV_REC_LOG].ctl);
	closefd(&s->r[SV_REC_LOG].ok);
	closefd(&s->r[SV_REC_LOG].lock);
	closefd(&s->r[SV_REC_LOG].sfd);
	closefd(&s->r[SV_REC_LOG].pidfd);
	closefd(&s->pipe[0]);
	closefd(&s->pipe[1]);
	s->haslog = s->deflog = 0;
}

/* before a start of ./run: a service without a logger that has gained a
 * log/ since gets it now, no relinking needed. Not inlined: its buffers
 * would deepen every spawn's frame (a runsv's stack pages count per
 * service). */
static __attribute__((noinline)) void gained_log(struct sv_svc *s)
{
	struct sv_svc_fail f;
	char msg[80];

	if (s->haslog || s->draining || !sv_is(s->dir, "log", SV_IS_DIR))
		return;
	if (s->catchall) {
		/* the catch-all's pipe gives way to the logger's */
		s->catch_read(s);
		closefd(&s->pipe[0]);
		closefd(&s->pipe[1]);
		s->catchall = 0;
	}
	s->haslog = 1;
	if (open_log(s, 0, 0, &f) < 0) {
		sv_fmt(msg, sizeof msg, "%s, going on without log/", f.what);
		say(s, msg, f.err);
		close_log(s);
	}
}

int sv_svc_open(struct sv_svc *s, int dir, int waitlog, const char *tpl,
		const char *name, sv_svc_say *say_, void *ctx,
		struct sv_svc_fail *f)
{
	struct stat st;
	int i;

	memset(s, 0, sizeof *s);
	s->dir = dir;
	s->say = say_;
	s->ctx = ctx;
	s->pipe[0] = s->pipe[1] = -1;
	s->errfd = -1;
	init(s, SV_REC_MAIN, dir, "down");
	s->r[SV_REC_LOG].ctl = s->r[SV_REC_LOG].ok = s->r[SV_REC_LOG].lock = -1;
	s->r[SV_REC_LOG].pol.nfd = s->r[SV_REC_LOG].sfd = -1;
	s->r[SV_REC_LOG].pidfd = -1;
	if (fstatat(dir, "log", &st, 0) < 0) {
		if (errno != ENOENT) {
			say(s, "unable to stat() ./log", errno);
		} else if (sv_deflog_fn && sv_deflog_fn(tpl)) {
			/* no log entry at all: the default logger */
			s->haslog = s->deflog = 1;
			s->logrun = tpl;
			s->logarg = name;
		}
	} else if (!S_ISDIR(st.st_mode)) {
		/* an empty file "log": this service has no logger, say no more */
		if (!S_ISREG(st.st_mode) || st.st_size)
			say(s, "./log: not a directory.", 0);
	} else {
		s->haslog = 1;
	}
	s->gid = sv_state_group_fn ? sv_state_group_fn(dir) : -1;
	if (s->gid == -2)
		say(s, "control-group names no group, ignored", 0);
	if (mksupervise(dir, ".", &s->r[0].sfd, f) < 0 ||
	    (s->r[0].lock = lock(s, SV_REC_MAIN, 0, f)) < 0)
		goto bad;
	if (sv_takeover)
		sv_takeover->adopt(s, SV_REC_MAIN);
	if ((s->haslog && open_log(s, waitlog, 1, f) < 0) ||
	    open_fifos(s, SV_REC_MAIN, f) < 0)
		goto bad;
	return 0;
bad:
	i = f->err;
	sv_svc_close(s);
	errno = f->err = i;
	return -1;
}
