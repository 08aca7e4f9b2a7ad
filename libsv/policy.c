/* SPDX-License-Identifier: 0BSD */
/* libsv/policy.c - the service policy: the files beyond runit's in a
 * service directory (and in log/), read at each start of ./run
 * (docs/runsv.8, "Policy files"). s6's names and formats where s6 has the
 * file: notification-fd, timeout-kill, down-signal, nosetsid; svbox's
 * own: restart, backoff, max-failures; runit's check, run by the
 * supervisor when there is no notification-fd. The engine calls in here
 * through struct sv_policy only. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "err.h"
#include "fmt.h"
#include "status.h"
#include "info.h"
#include "proc.h"
#include "sig.h"
#include "supervise.h"

enum {
	CHECK_FIRST_MS = 10,   /* ./check first runs this long after ./run */
	CHECK_GAP_MS = 1000,   /* the gap doubles up to this */
	CHECK_KILL_MS = 5000,  /* a ./check running this long is killed */
	STABLE_MS = 10000,     /* a run shorter than this was a quick death */
	BACKOFF_FIRST_MS = 1000,
	NFD_MAX = 1023,
	MS_MAX = 0x7fffffff,
};

enum { RESTART_ALWAYS, RESTART_ON_FAILURE, RESTART_NEVER };

/* bits of sv_pol.warned: one warning per bad file until it is good */
enum { W_NFD = 1, W_TKILL = 2, W_DOWNSIG = 4, W_RESTART = 8,
       W_BACKOFF = 16, W_MAXFAIL = 32, W_CHECK = 64 };

static const char *const prefix[2] = { "", "log/" };

static void warn(struct sv_svc *s, int i, int bit, const char *name,
		 const char *what)
{
	struct sv_pol *p = &s->r[i].pol;
	char msg[112];

	if (p->warned & bit)
		return;
	p->warned = (unsigned char)(p->warned | bit);
	sv_fmt(msg, sizeof msg, "%s%s: %s, ignored", prefix[i], name, what);
	if (s->say)
		s->say(s->ctx, s, msg, 0);
}

/* The content of the record's file name, trimmed of trailing white
 * space, NUL-ended: its length; -1 when there is none, or it cannot be
 * read (warned once, as bad content is). */
static int readf(struct sv_svc *s, int i, const char *name, int bit,
		 char *buf, size_t cap)
{
	char path[32];
	ssize_t n;

	/* no fstat (its buffer would deepen runsv's stack): a directory
	 * fails the read (EISDIR), a fifo reads nothing (O_NONBLOCK) */
	sv_fmt(path, sizeof path, "%s%s", prefix[i], name);
	n = sv_read_small(s->dir, path, O_NOCTTY, buf, cap - 1);
	if (n < 0 && errno == ENOENT)
		return -1;
	if (n < 0) {
		warn(s, i, bit, name, sv_strerror(errno));
		return -1;
	}
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' ' ||
			 buf[n - 1] == '\t' || buf[n - 1] == '\r'))
		n--;
	buf[n] = 0;
	return (int)n;
}

/* a decimal number in lo..hi, the whole text: 0, else -1 */
static int num(const char *t, int len, unsigned long long lo,
	       unsigned long long hi, unsigned *out)
{
	unsigned long long u;

	if (len <= 0 || sv_scan_ulong(t, &u) != (size_t)len || u < lo || u > hi)
		return -1;
	*out = (unsigned)u;
	return 0;
}

/* one setting: the file's number, or dflt (warned once when bad) */
static unsigned setting(struct sv_svc *s, int i, const char *name, int bit,
			unsigned long long lo, unsigned long long hi,
			unsigned dflt, const char *what)
{
	char buf[32];
	int n = readf(s, i, name, bit, buf, sizeof buf);
	unsigned v;

	if (n < 0)
		return dflt;
	if (num(buf, n, lo, hi, &v) < 0) {
		warn(s, i, bit, name, what);
		return dflt;
	}
	s->r[i].pol.warned = (unsigned char)(s->r[i].pol.warned & ~bit);
	return v;
}

/* record i's file name is there (*st filled) */
static int has(const struct sv_svc *s, int i, const char *name,
	       struct stat *st)
{
	char path[24];

	sv_fmt(path, sizeof path, "%s%s", prefix[i], name);
	return fstatat(s->dir, path, st, 0) == 0;
}

static void load(struct sv_svc *s, int i, struct sv_spawn *sp)
{
	struct sv_pol *p = &s->r[i].pol;
	char buf[32];
	struct stat st;
	unsigned nfd;
	int n, fds[2];

	nfd = setting(s, i, "notification-fd", W_NFD, 3, NFD_MAX, 0,
		      "not a number from 3 to 1023");
	p->tkill = setting(s, i, "timeout-kill", W_TKILL, 0, MS_MAX, 0,
			   "not a number of milliseconds");
	p->maxfail = setting(s, i, "max-failures", W_MAXFAIL, 0, 1000000, 0,
			     "not a number from 0 to 1000000");
	p->downsig = SIGTERM;
	if ((n = readf(s, i, "down-signal", W_DOWNSIG, buf, sizeof buf)) >= 0) {
		int sig = sv_sig_number(buf, (unsigned long)n);
		if (sig && sig != SIGKILL && sig != SIGSTOP && sig < 256) {
			p->downsig = (unsigned char)sig;
			p->warned &= (unsigned char)~W_DOWNSIG;
		} else {
			warn(s, i, W_DOWNSIG, "down-signal",
			     "not a signal name or number");
		}
	}
	p->restart = RESTART_ALWAYS;
	if ((n = readf(s, i, "restart", W_RESTART, buf, sizeof buf)) >= 0) {
		static const char *const words[] = { "always", "on-failure",
						     "never" };
		unsigned k = 0;
		while (k < 3 && strcmp(buf, words[k]))
			k++;
		if (k < 3) {
			p->restart = (unsigned char)k;
			p->warned &= (unsigned char)~W_RESTART;
		} else {
			warn(s, i, W_RESTART, "restart",
			     "not always, on-failure or never");
		}
	}
	p->bmax = 0;
	p->bstable = STABLE_MS;
	if ((n = readf(s, i, "backoff", W_BACKOFF, buf, sizeof buf)) >= 0) {
		char *sp2 = strchr(buf, ' ');
		unsigned a, b = STABLE_MS;
		if (sp2)
			*sp2++ = 0;
		if (num(buf, (int)strlen(buf), 1, MS_MAX, &a) < 0 ||
		    (sp2 && num(sp2, (int)strlen(sp2), 0, MS_MAX, &b) < 0)) {
			warn(s, i, W_BACKOFF, "backoff",
			     "not MAX [STABLE] in milliseconds");
		} else {
			p->bmax = a;
			p->bstable = b;
			p->warned &= (unsigned char)~W_BACKOFF;
		}
	}
	p->main = i == SV_REC_MAIN && has(s, i, "container-main", &st);
	p->pgrp = s->pgrp && !has(s, i, "nosetsid", &st);
	sp->pgrp = p->pgrp;
	p->check = !nfd && has(s, i, "check", &st);
	if (p->check && !(S_ISREG(st.st_mode) && (st.st_mode & S_IXUSR))) {
		warn(s, i, W_CHECK, "check", "not an executable file");
		p->check = 0;
	}
	p->ready = nfd || p->check ? SV_READY_NO : SV_READY_NONE;
	p->ready_at.sec = 0;
	if (p->nfd >= 0) {
		close(p->nfd);
		p->nfd = -1;
	}
	if (nfd) {
		if (pipe2(fds, O_CLOEXEC) < 0) {
			if (s->say)
				s->say(s->ctx, s, "unable to create the "
						  "notification pipe", errno);
			return;
		}
		fcntl(fds[0], F_SETFL, O_NONBLOCK);
		p->nfd = fds[0];
		sp->nfrom = fds[1];
		sp->nto = (int)nfd;
	}
}

static void started(struct sv_svc *s, int i, const struct sv_spawn *sp,
		    pid_t pid)
{
	struct sv_pol *p = &s->r[i].pol;

	/* the write end lives in the child only: EOF once it is gone */
	if (sp->nto)
		close(sp->nfrom);
	if (pid < 0) {
		if (p->nfd >= 0)
			close(p->nfd);
		p->nfd = -1;
		return;
	}
	p->starts++;
	p->hold = SV_HOLD_NONE;
	if (p->check) {
		p->chkgap = CHECK_FIRST_MS;
		if (!p->chk)
			p->chkat = sv_mono_ms() + CHECK_FIRST_MS;
	}
}

static void died(struct sv_svc *s, int i)
{
	struct sv_rec *r = &s->r[i];
	struct sv_pol *p = &r->pol;

	p->exited = 1;
	sv_tai_now(&p->last_at);
	if (p->ready)
		p->ready = SV_READY_NO;
	p->ready_at.sec = 0;
	if (p->nfd >= 0) {
		close(p->nfd);
		p->nfd = -1;
	}
	if (!p->chk)
		p->chkat = 0;
	/* timeout-kill on a pid: nothing left to kill; on a group: its
	 * members still get the KILL when they outlive ./run */
	if (p->killpg > 0)
		p->killat = 0;
}

static void down(struct sv_svc *s, int i)
{
	struct sv_rec *r = &s->r[i];
	struct sv_pol *p = &r->pol;
	long long now = sv_mono_ms(), ran = now - r->started;
	int w = r->wstat, failure;
	unsigned long long d;

	/* a stop asked for (t, or d/x then u) is no failure and no death */
	if (p->stopped)
		return;
	/* the container's main service: its exit on its own ends the
	 * supervision (logger drained); runsvdir stops the rest */
	if (p->main) {
		r->st.want = 'x';
		return;
	}
	failure = WIFEXITED(w) ? WEXITSTATUS(w) != 0
			       : !WIFSIGNALED(w) || WTERMSIG(w) != p->downsig;
	if (p->restart == RESTART_NEVER ||
	    (p->restart == RESTART_ON_FAILURE && !failure)) {
		r->st.want = 'd';
		p->fails = 0;
		r->again = 0;
		return;
	}
	if (ran >= p->bstable) {
		p->fails = 0;
		return;
	}
	p->fails++;
	if (p->maxfail && p->fails >= p->maxfail) {
		p->hold = SV_HOLD_FAILED;
		if (s->say)
			s->say(s->ctx, s, i ? "log: failed: gave up after "
					      "max-failures quick deaths"
					    : "failed: gave up after "
					      "max-failures quick deaths", 0);
		return;
	}
	if (!p->bmax)
		return;
	d = p->fails > 20 ? p->bmax : (unsigned long long)BACKOFF_FIRST_MS
					      << (p->fails - 1);
	if (d > p->bmax)
		d = p->bmax;
	r->again = now + (long long)d;
	p->hold = SV_HOLD_BACKOFF;
}

static void up(struct sv_svc *s, int i)
{
	struct sv_rec *r = &s->r[i];
	struct sv_pol *p = &r->pol;

	/* u: a fresh start, now, whatever held it */
	if (p->hold)
		r->again = 0;
	p->hold = SV_HOLD_NONE;
	p->fails = 0;
	p->starts = r->st.pid ? 1 : 0;
}

static void save(struct sv_svc *s, int i)
{
	const struct sv_rec *r = &s->r[i];
	const struct sv_pol *p = &r->pol;
	struct sv_info in;
	char msg[48];

	memset(&in, 0, sizeof in);
	in.pid = r->st.pid;
	in.ready = p->ready;
	in.ready_at = p->ready_at;
	in.exited = p->exited;
	in.wstat = r->wstat;
	in.last_at = p->last_at;
	in.restarts = p->starts > 1 ? p->starts - 1 : 0;
	in.fails = p->fails;
	in.hold = p->hold;
	if (p->hold == SV_HOLD_BACKOFF && r->again) {
		long long left = r->again - sv_mono_ms();
		sv_tai_now(&in.until);
		if (left > 0) {
			in.until.sec += (unsigned long long)left / 1000;
			in.until.nsec += (unsigned long)(left % 1000) * 1000000;
			if (in.until.nsec >= 1000000000) {
				in.until.nsec -= 1000000000;
				in.until.sec++;
			}
		}
	}
	const char *pre;
	int base = sv_svc_state(s, i, &pre);

	if (sv_info_save(base, pre, &in) < 0 && s->say) {
		sv_fmt(msg, sizeof msg, "unable to write %sinfo",
		       sv_svc_sup(s, i));
		s->say(s->ctx, s, msg, errno);
	}
}

static void ready(struct sv_svc *s, int i)
{
	struct sv_pol *p = &s->r[i].pol;

	p->ready = SV_READY_YES;
	sv_tai_now(&p->ready_at);
	save(s, i);
}

static void input(struct sv_svc *s, int i)
{
	struct sv_pol *p = &s->r[i].pol;
	char buf[64];
	ssize_t n = read(p->nfd, buf, sizeof buf);

	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	/* a newline: ready; EOF first: up, but never ready */
	if (n > 0 && !memchr(buf, '\n', (size_t)n))
		return;
	close(p->nfd);
	p->nfd = -1;
	if (n > 0 && s->r[i].st.pid)
		ready(s, i);
}

static int reaped(struct sv_svc *s, pid_t pid, int w)
{
	int i;

	for (i = 0; i < 2; i++) {
		struct sv_pol *p = &s->r[i].pol;
		if (pid != p->chk)
			continue;
		p->chk = 0;
		p->chkat = 0;
		if (p->chkfor != (pid_t)s->r[i].st.pid || !s->r[i].st.pid ||
		    p->ready != SV_READY_NO)
			return 1; /* about a ./run gone by now */
		if (WIFEXITED(w) && !WEXITSTATUS(w)) {
			ready(s, i);
			return 1;
		}
		p->chkgap = p->chkgap * 2 > CHECK_GAP_MS ? CHECK_GAP_MS
							 : p->chkgap * 2;
		p->chkat = sv_mono_ms() + p->chkgap;
		return 1;
	}
	return 0;
}

static long long run(struct sv_svc *s, int i, long long now)
{
	struct sv_pol *p = &s->r[i].pol;
	char *argv[] = { "./check", NULL };
	struct sv_spawn sp = sv_spawn_none;
	pid_t pid;

	if (!now || !p->chkat || now < p->chkat)
		return p->chkat;
	if (p->chk) {
		/* hung: killed, and counted as not ready when reaped */
		kill(p->chk, SIGKILL);
		p->chkat = 0;
		return 0;
	}
	if (!s->r[i].st.pid || s->r[i].st.state != SV_RUN ||
	    p->ready != SV_READY_NO) {
		p->chkat = 0;
		return 0;
	}
	sp.dir = s->dir;
	sp.sub = i ? "log" : NULL;
	sp.fd[1] = -2;
	sp.fd[2] = s->errfd;
	sp.argv = argv;
	sp.what = i ? "log/./check" : "./check";
	sp.who = s->name;
	pid = sv_spawn(&sp);
	if (pid < 0) {
		p->chkat = now + CHECK_GAP_MS;
		return p->chkat;
	}
	p->chk = pid;
	p->chkfor = (pid_t)s->r[i].st.pid;
	p->chkat = now + CHECK_KILL_MS;
	return p->chkat;
}

const struct sv_policy sv_policy = {
	load, started, died, down, up, save, input, reaped, run,
};
