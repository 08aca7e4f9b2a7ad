/* SPDX-License-Identifier: 0BSD */
/* libsv/supervise.h - the supervision engine: one service directory (its
 * ./run and the optional log/ service) as an object. runsv is a loop over
 * one of them; runsvdir -S over one per service directory.
 *
 * The object holds no globals, works relative to the service directory's
 * fd (no chdir), never prints and never exits: what it has to say goes to
 * the caller's say() callback, and the caller decides. Every helper
 * process (./finish, control/X) runs asynchronously; its exit is an
 * event, with a deadline, so a slow script never stalls anything else.
 *
 * Events in: a control byte (sv_svc_command, or sv_svc_input reading the
 * fifo), a child that exited (sv_svc_reaped), time (sv_svc_run). Out: the
 * fds to poll (sv_svc_pollfds) and the next deadline (sv_svc_deadline).
 * The state x event table is in supervise.c (STYLE.md section 9).
 *
 * On disk everything is runit's: supervise/{status,stat,pid,lock,control,
 * ok}, the same under log/supervise/. File descriptors held: the service
 * directory, and per record (service, logger) lock, control and ok; two
 * for the log pipe: 4 for a service without log/, 9 with one.
 */
#ifndef LIBSV_SUPERVISE_H
#define LIBSV_SUPERVISE_H
#include <poll.h>
#include <sys/types.h>
#include "info.h"
#include "status.h"

enum { SV_REC_MAIN = 0, SV_REC_LOG = 1 };

struct sv_svc;
/* what the engine has to say: a warning (err: an errno, or 0) */
typedef void sv_svc_say(void *ctx, const struct sv_svc *s, const char *msg,
			int err);

/* The service policy of one record (libsv/policy.c; docs/runsv.8
 * "Policy files"), read from its directory at each start of ./run. All 0
 * (and nfd -1) without the policy: runit's behaviour. */
struct sv_pol {
	long long killat; /* SIGKILL then (0: not armed) */
	long long chkat;  /* ./check due then, or killed then if running */
	pid_t chk, chkfor; /* the running ./check, and the ./run it checks */
	pid_t killpg;	  /* what killat kills: a group (< 0) or a pid */
	int nfd;	  /* notification pipe, read end (-1: none) */
	unsigned tkill, bmax, bstable, maxfail, chkgap, starts, fails;
	unsigned char downsig, restart, pgrp, stopped, warned, check, ready,
		hold, exited, main;
	struct sv_tai ready_at, last_at;
};

struct sv_rec {
	struct sv_status st;
	struct sv_pol pol;
	long long started; /* monotonic ms of the last start of ./run */
	long long again;   /* do not start before this (0: any time) */
	int ctl, ok, lock; /* supervise/control (read-write), ok, lock */
	int sfd;	   /* the run directory's state directory (a
			      read-only service directory), else -1 */
	int pidfd;	   /* an adopted ./run (not our child): its pidfd,
			      readable once it exits; else -1 */
	unsigned char unknown; /* its exit status cannot be known */
	int wstat;	   /* of the last ./run, for ./finish */
	unsigned char pidchanged, once;
};

/* a control/X script or ./finish's sibling: one at a time per service */
struct sv_helper {
	pid_t pid;
	long long deadline; /* killed then */
	char c;		    /* the control letter it decides */
	unsigned char rec, killed;
};

struct sv_svc;
struct sv_spawn;
/* The policy's part in the engine: a table of hooks, so a build without
 * it (sv_svc_policy NULL) carries none of its code. i: SV_REC_MAIN or
 * _LOG. */
struct sv_policy {
	/* ./run is about to start: read the files, fill in sp */
	void (*load)(struct sv_svc *s, int i, struct sv_spawn *sp);
	/* it started (pid > 0) or could not (pid < 0) */
	void (*started)(struct sv_svc *s, int i, const struct sv_spawn *sp,
			pid_t pid);
	/* ./run exited (wait status in r->wstat); ./finish may follow */
	void (*died)(struct sv_svc *s, int i);
	/* down after it (and ./finish): set r->again, want, hold */
	void (*down)(struct sv_svc *s, int i);
	/* command u */
	void (*up)(struct sv_svc *s, int i);
	/* supervise/info after the status files */
	void (*save)(struct sv_svc *s, int i);
	/* the notification pipe is readable */
	void (*input)(struct sv_svc *s, int i);
	/* a child exited: 1 if it was the policy's (./check) */
	int (*reaped)(struct sv_svc *s, pid_t pid, int w);
	/* time: start or kill ./check; its next deadline (0: none) */
	long long (*run)(struct sv_svc *s, int i, long long now);
};

/* The policy as built (libsv/policy.c). sv_svc_policy is &sv_policy
 * where Kconfig POLICY is on (every service of a process has the same);
 * NULL: runit's behaviour only, and none of the engine's calls into it
 * are linked. Like every hook of the engine it is a constant the program
 * defines (libsv/hooks.h). */
extern const struct sv_policy sv_policy;
extern const struct sv_policy *const sv_svc_policy;

struct sv_svc {
	/* (ordered for size: one of these per service in runsvdir -S) */
	int dir;		 /* the service directory */
	int errfd;	  /* its children's stderr (-1: inherited) */
	struct sv_rec r[2];	 /* SV_REC_MAIN, SV_REC_LOG */
	struct sv_helper h;
	int pipe[2];		 /* the log pipe (-1 when closed) */
	int outfd;		 /* catchall: where its lines go */
	unsigned char haslog, draining, setsid;
	unsigned char deflog;	 /* the logger is the default one (tpl) */
	unsigned char catchall;	 /* no logger: the engine reads the pipe and
				    writes each line to outfd as "NAME: " */
	unsigned char npart;	 /* catchall: a line's start, kept in part */
	unsigned char pgrp;	 /* ./run leads its own process group (unless
				    the file nosetsid says no; policy only) */
	unsigned char npend;	 /* commands held while a helper runs */
	char pend[80];
	char *part;		 /* SV_SVC_PART bytes the caller gave */
	void (*catch_read)(struct sv_svc *s); /* set by sv_svc_catchall: a
						 build without it has none
						 of its code */
	const char *logrun, *logarg; /* its TPL and NAME */
	sv_svc_say *say;
	void *ctx;
	const char *name; /* its children's messages name it (NULL: as the
			     caller's own messages do) */
	long gid;	  /* control-group's group, or -1 (state.h) */
};

/* Failure of sv_svc_open(): what (a text such as "unable to lock
 * supervise/lock") and errno (0: no errno applies). */
struct sv_svc_fail {
	char what[64]; /* "unable to open supervise/lock" */
	int err;
};

/* Set up the service in dir (an fd the object then owns): supervise/
 * made (or a supervise symlink's target made), locked, fifos made and
 * opened, status written. waitlog: block for log/supervise/lock (runsv)
 * or fail at once (runsvdir -S). tpl: the default logger's template
 * directory (with sv_deflog_fn set), or NULL: a service without any log
 * entry then gets TPL/run NAME as its logger, its state in
 * supervise/log/supervise/ (tpl and name kept by the caller as long as
 * the object).
 * 0, or -1 with *f filled (everything taken is given back). */
int sv_svc_open(struct sv_svc *s, int dir, int waitlog, const char *tpl,
		const char *name, sv_svc_say *say, void *ctx,
		struct sv_svc_fail *f);
/* The default logger (Kconfig DEFAULT_LOG): sv_deflog_fn is
 * sv_deflog_template (1 if tpl is a directory with an executable run);
 * NULL: sv_svc_open() ignores tpl and none of its code is linked. */
extern int (*const sv_deflog_fn)(const char *tpl);
int sv_deflog_template(const char *tpl);
/* Takeover (Kconfig TAKEOVER, libsv/takeover.c): sv_takeover is
 * &sv_takeover_on; NULL: none of its code is linked. */
struct sv_takeover {
	/* ./run (log/run) of record i started as pid: note its identity */
	void (*record)(struct sv_svc *s, int i, pid_t pid);
	/* record i's state says its ./run runs: adopt it if it does */
	void (*adopt)(struct sv_svc *s, int i);
	/* the log pipe of adopted processes into s->pipe: 0, or -1 */
	int (*pipe)(struct sv_svc *s);
};
extern const struct sv_takeover *const sv_takeover;
extern const struct sv_takeover sv_takeover_on;

/* Where record i keeps its status files, for messages ("supervise/",
 * "log/supervise/", or the default logger's "supervise/log/supervise/"). */
const char *sv_svc_sup(const struct sv_svc *s, int i);
/* The same as a directory and a prefix for openat(): the service
 * directory and that path, or the run directory's state directory (a
 * read-only service directory) and "" or "log/supervise/". */
int sv_svc_state(const struct sv_svc *s, int i, const char **prefix);
/* A service without a logger (no log/, no default logger): its output
 * (./run's stdout) goes through a pipe the engine reads, each line written
 * to outfd as "NAME: line" in one write (runsvdir -O, a container's
 * catch-all). name and part (SV_SVC_PART bytes: a line's start waits
 * there for its end) are kept by the caller: a service without the
 * catch-all carries no room for it. 0, or -1 with errno. */
#define SV_SVC_PART 118
int sv_svc_catchall(struct sv_svc *s, int outfd, const char *name,
		    char *part);
/* Give back every fd (children are not touched). */
void sv_svc_close(struct sv_svc *s);

/* One control byte for record rec. */
void sv_svc_command(struct sv_svc *s, int rec, char c);
/* fd (one of sv_svc_pollfds') is readable: read and obey what is in a
 * control fifo (none while a helper runs: the bytes wait in the fifo, in
 * order), or a readiness notification. */
void sv_svc_input(struct sv_svc *s, int fd);
/* pid exited with wait status w: 1 if it was one of s's, else 0. */
int sv_svc_reaped(struct sv_svc *s, pid_t pid, int w);
/* Start what is due, kill a helper past its deadline. */
void sv_svc_run(struct sv_svc *s, long long now);
/* The next deadline (monotonic ms), or 0 for none. */
long long sv_svc_deadline(const struct sv_svc *s);
/* The fds to poll for input (POLLIN): up to SV_SVC_NPOLL into p; returns
 * how many. p[i].fd is -1 for one not read now. */
#define SV_SVC_NPOLL 6
int sv_svc_pollfds(const struct sv_svc *s, struct pollfd *p);
/* KILL what is left: ./run's process group (or ./run), the logger's, a
 * helper, a ./check (a container's stop limit, runsvdir.8). 1 if there
 * was anything to kill. */
int sv_svc_kill(struct sv_svc *s);
/* Its children's pids (./run, log/run, the helper, two ./check) into
 * out[SV_SVC_NPIDS], 0 for none. */
#define SV_SVC_NPIDS 5
void sv_svc_pids(const struct sv_svc *s, pid_t *out);
/* 1 when the service was told x and everything has exited (logger
 * drained): the caller may close it and forget it. */
int sv_svc_finished(const struct sv_svc *s);
#endif
