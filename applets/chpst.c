/* SPDX-License-Identifier: 0BSD */
/* chpst.c - run a program with a changed process state, and the
 * daemontools personalities envdir, envuidgid, setuidgid, softlimit,
 * setlock, pgrphack. Manual pages: docs/chpst.8, docs/envdir.8 ...

APPLET(chpst, "[-vP012] [-u USER] [-U USER] [-b ARGV0] [-e DIR] [-/ ROOT] [-C DIR] [-n INC] [-l|-L LOCK] [-m BYTES] [-d BYTES] [-o N] [-p N] [-f BYTES] [-c BYTES] [-r BYTES] [-t SECS] PROG [ARG...]")
APPLET(envdir, "DIR PROG [ARG...]")
APPLET(envuidgid, "ACCOUNT PROG [ARG...]")
APPLET(setuidgid, "ACCOUNT PROG [ARG...]")
APPLET(softlimit, "[-a N] [-c N] [-d N] [-f N] [-l N] [-m N] [-o N] [-p N] [-r N] [-s N] [-t N] PROG [ARG...]")
APPLET(setlock, "[-nNxX] FILE PROG [ARG...]")
APPLET(pgrphack, "PROG [ARG...]")

config CHPST
	bool "chpst"
	default y
	help
	  chpst runs a program with another user, environment, root,
	  nice level, lock, resource limits or session, in runit's order.

config ENVDIR
	bool "envdir (daemontools)"
	default y

config ENVUIDGID
	bool "envuidgid (daemontools)"
	default y

config SETUIDGID
	bool "setuidgid (daemontools)"
	default y

config SOFTLIMIT
	bool "softlimit (daemontools)"
	default y

config SETLOCK
	bool "setlock (daemontools)"
	default y

config PGRPHACK
	bool "pgrphack (daemontools)"
	default y
*/

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "libsv/err.h"
#include "libsv/sys.h"
#include "libsv/dir.h"
#include "libsv/fmt.h"
#include "libsv/mem.h"
#include "libsv/opt.h"
#include "libsv/proc.h"
#include "libsv/pwd.h"

enum { NGROUPS = 60, NOLIMIT = -1 };

/* resources chpst and softlimit can set; -1: leave alone, -2: the hard
 * limit (softlimit's "=") */
enum { R_AS, R_CORE, R_DATA, R_FSIZE, R_MEMLOCK, R_NOFILE, R_NPROC, R_RSS,
       R_STACK, R_CPU, R_N };
static const int rlim[R_N] = {
	RLIMIT_AS,     RLIMIT_CORE,  RLIMIT_DATA, RLIMIT_FSIZE, RLIMIT_MEMLOCK,
	RLIMIT_NOFILE, RLIMIT_NPROC, RLIMIT_RSS,  RLIMIT_STACK, RLIMIT_CPU,
};

#ifdef __GLIBC__
#define set_limit setrlimit
#else
/* the system call itself: musl's setrlimit() brings its all-threads
 * machinery along (1.8 KB static), and chpst has one thread */
static int set_limit(int res, const struct rlimit *r)
{
	return (int)sv_syscall(SYS_prlimit64, 0, res, (long)r, 0, 0);
}
#endif

static struct {
	char **env;	/* staged: "NAME=value" sets, "NAME" unsets */
	size_t nenv, capenv;
	long long lim[R_N];
	const char *path; /* the PATH programs are looked up in (original) */
} S;

/* memory or die: chpst lives until its exec */
static void *get(size_t n)
{
	void *p = sv_alloc(n);

	if (!p)
		sv_die(SV_EXIT_TEMP, "out of memory");
	return p;
}

static void stage(char *kv)
{
	if (S.nenv == S.capenv) {
		char **e = get((S.capenv = S.capenv * 2 + 16) * sizeof *e);
		if (S.nenv)
			memcpy(e, S.env, S.nenv * sizeof *e);
		sv_free(S.env);
		S.env = e;
	}
	S.env[S.nenv++] = kv;
}

static void stagef(const char *name, unsigned long long v)
{
	char *kv = get(strlen(name) + 24);

	sv_fmt(kv, strlen(name) + 24, "%s=%llu", name, v);
	stage(kv);
}

static void stages(const char *name, const char *v)
{
	size_t n = strlen(name) + strlen(v) + 2;
	char *kv = get(n);

	sv_fmt(kv, n, "%s=%s", name, v);
	stage(kv);
}

/* the environment at exec: each staged entry removes the first variable
 * of its name, then a set appends itself */
static char **environment(void)
{
	size_t n = 0, i, j, k;
	char **e;

	while (environ[n])
		n++;
	e = get((n + S.nenv + 1) * sizeof *e);
	memcpy(e, environ, n * sizeof *e);
	for (i = 0; i < S.nenv; i++) {
		const char *kv = S.env[i], *eq = strchr(kv, '=');
		size_t len = eq ? (size_t)(eq - kv) : strlen(kv);
		for (j = 0; j < n; j++)
			if (!strncmp(e[j], kv, len) && e[j][len] == '=') {
				for (k = j; k + 1 < n; k++)
					e[k] = e[k + 1];
				n--;
				break;
			}
		if (eq)
			e[n++] = S.env[i];
	}
	e[n] = NULL;
	return e;
}

/* envdir semantics: a file sets NAME to its first line (trailing blanks
 * cut, NUL bytes as newlines), an empty file unsets NAME */
static void envdir(const char *dir, int subdirs_fatal, unsigned verbose)
{
	char dbuf[2048];
	const char *name;
	unsigned char type;
	struct sv_dir d;
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (dfd < 0)
		sv_die_unable(SV_EXIT_TEMP, "open directory: %s", dir);
	sv_dir_start(&d, dfd, dbuf, sizeof dbuf);
	for (;;) {
		char *buf;
		struct stat st;
		size_t n, i;
		ssize_t r = 0;
		int fd;

		errno = 0;
		if (!(name = sv_dir_next(&d, &type)))
			break;
		if (name[0] == '.')
			continue;
		fd = openat(dfd, name, O_RDONLY | O_CLOEXEC);
		if (fd >= 0 && fstat(fd, &st) < 0) {
			close(fd);
			fd = -1;
		} else if (fd >= 0 && S_ISDIR(st.st_mode)) {
			close(fd);
			fd = -1;
			errno = EISDIR;
		}
		if (fd < 0) {
			if (errno == EISDIR && !subdirs_fatal) {
				if (verbose)
					sv_warn("ignoring directory %s/%s", dir,
						name);
				continue;
			}
			sv_die_unable(SV_EXIT_TEMP, "read %s/%s", dir, name);
		}
		buf = get((size_t)st.st_size + strlen(name) + 2);
		n = strlen(name);
		memcpy(buf, name, n);
		buf[n++] = '=';
		i = n;
		while (i - n < (size_t)st.st_size &&
		       (r = read(fd, buf + i, (size_t)st.st_size - (i - n))) > 0)
			i += (size_t)r;
		if (r < 0 && i == n && st.st_size)
			sv_die_unable(SV_EXIT_TEMP, "read %s/%s", dir, name);
		close(fd);
		if (i == n) {
			buf[n - 1] = 0; /* empty: unset */
			stage(buf);
			continue;
		}
		{
			char *nl = memchr(buf + n, '\n', i - n);
			size_t end = nl ? (size_t)(nl - buf) : i, k;
			while (end > n && (buf[end - 1] == ' ' || buf[end - 1] == '\t'))
				end--;
			for (k = n; k < end; k++)
				if (!buf[k])
					buf[k] = '\n';
			buf[end] = 0;
		}
		stage(buf);
	}
	if (errno)
		sv_die_unable(SV_EXIT_TEMP, "read directory: %s", dir);
	close(dfd);
}

struct account {
	uid_t uid;
	gid_t gid[NGROUPS];
	int ngid, plain; /* plain: a bare user name */
	int known;	 /* pw was looked up */
	struct sv_pw pw;
	char buf[SV_DB_LINE];
};

/* USER, USER:GROUP..., :UID:GID... (numeric, no lookups) */
static void account(struct account *a, char *spec, int allow_colon)
{
	char *p = strchr(spec, ':'), *g;

	a->ngid = 0;
	a->known = 0;
	a->plain = !p;
	if (p && !allow_colon)
		sv_die(SV_EXIT_TEMP, "unknown account: %s", spec);
	if (spec[0] == ':') {
		unsigned long v;
		char *f = spec + 1, *next;

		next = strchr(f, ':');
		if (!next)
			sv_die(SV_EXIT_TEMP, "invalid uid/gids: %s", spec);
		*next = 0;
		if (sv_opt_ulong(f, &v) < 0)
			sv_die(SV_EXIT_TEMP, "invalid uid/gids: %s", spec);
		a->uid = (uid_t)v;
		for (f = next + 1; f; f = next) {
			next = strchr(f, ':');
			if (next)
				*next++ = 0;
			if (sv_opt_ulong(f, &v) < 0 || a->ngid >= NGROUPS)
				sv_die(SV_EXIT_TEMP, "invalid uid/gids: %s", spec);
			a->gid[a->ngid++] = (gid_t)v;
		}
		return;
	}
	if (p)
		*p++ = 0;
	switch (sv_getpw(spec, &a->pw, a->buf, sizeof a->buf)) {
	case -1:
		sv_die_unable(SV_EXIT_TEMP, "get password file entry");
	case 0:
		sv_die(SV_EXIT_TEMP, "unknown user/group: %s", spec);
	}
	a->known = 1;
	a->uid = a->pw.uid;
	if (!p) {
		a->gid[a->ngid++] = a->pw.gid;
		return;
	}
	for (g = p; g; g = p) {
		p = strchr(g, ':');
		if (p)
			*p++ = 0;
		if (a->ngid >= NGROUPS)
			sv_die(SV_EXIT_TEMP, "too many groups");
		switch (sv_getgr(g, &a->gid[a->ngid])) {
		case -1:
			sv_die_unable(SV_EXIT_TEMP, "get group file entry");
		case 0:
			sv_die(SV_EXIT_TEMP, "unknown user/group: %s", g);
		}
		a->ngid++;
	}
}

/* become the account: supplementary groups, gid, uid. login: a plain
 * user name gets its groups from /etc/group, HOME, USER and LOGNAME. */
static void become(struct account *a, int login)
{
	gid_t all[256];
	const gid_t *list = a->gid;
	const char *what;
	int n = a->ngid;

	if (login && a->plain && a->known) {
		n = sv_getgroups(a->pw.name, a->gid[0], all, 256);
		if (n < 0)
			sv_die_unable(SV_EXIT_TEMP, "setgroups");
		list = all;
		stages("HOME", a->pw.dir);
		stages("USER", a->pw.name);
		stages("LOGNAME", a->pw.name);
	}
	if (sv_become(a->uid, list, n, &what) < 0)
		sv_die_unable(SV_EXIT_TEMP, "%s", what);
}

/* $UID and $GID (the first group) for the program */
static void stage_ids(const struct account *a)
{
	stagef("UID", a->uid);
	stagef("GID", a->gid[0]);
}

static void lock(const char *file, int wait)
{
	int fd = open(file, O_WRONLY | O_APPEND | O_CREAT | O_NONBLOCK, 0600);

	if (fd < 0)
		sv_die_unable(SV_EXIT_TEMP, "open lock: %s", file);
	if (flock(fd, LOCK_EX | (wait ? 0 : LOCK_NB)) < 0)
		sv_die_unable(SV_EXIT_TEMP, "lock: %s", file);
}

static void limits(void)
{
	int i;

	for (i = 0; i < R_N; i++) {
		struct rlimit r;
		if (S.lim[i] == NOLIMIT)
			continue;
		if (getrlimit(rlim[i], &r) < 0)
			sv_die_unable(SV_EXIT_TEMP, "getrlimit()");
		if (S.lim[i] == -2 || (rlim_t)S.lim[i] > r.rlim_max)
			r.rlim_cur = r.rlim_max;
		else
			r.rlim_cur = (rlim_t)S.lim[i];
		if (set_limit(rlim[i], &r) < 0)
			sv_die_unable(SV_EXIT_TEMP, "setrlimit()");
	}
}

/* the limits last, after every allocation: a small -m or -d must not
 * make chpst itself fail */
static int run(char **argv, const char *argv0)
{
	const char *prog = argv[0];
	char **env = environment();

	if (argv0)
		argv[0] = (char *)argv0;
	limits();
	sv_proc_execvp(prog, argv, env, S.path);
	sv_die_unable(SV_EXIT_TEMP, "run: %s", prog);
}

static void nolimits(void)
{
	int i;

	for (i = 0; i < R_N; i++)
		S.lim[i] = NOLIMIT;
	S.path = getenv("PATH");
}

/* chpst's options */
/* chpst's options, on chpst_main's stack (the binary's data page is
 * the daemons') */
static struct chpst_c {
	const char *u, *U, *b, *e, *root, *cd, *lockf;
	long nice;
	int lockwait;
	unsigned verbose, setsid, close[3], version;
} *C;

static int num(const char *arg, long long *to)
{
	unsigned long v;

	if (sv_opt_ulong(arg, &v) < 0)
		return -1;
	*to = (long long)v;
	return 0;
}

static int chpst_opt(int c, const char *arg)
{
	/* the limits: each letter's resource (-m: data, then the rest) */
	static const char letters[] = "mdopfcrt";
	static const unsigned char res[] = { R_DATA, R_DATA, R_NOFILE, R_NPROC,
					     R_FSIZE, R_CORE, R_RSS, R_CPU };
	const char *l = strchr(letters, c);

	if (l) {
		if (num(arg, &S.lim[res[l - letters]]) < 0)
			return -1;
		if (c == 'm')
			S.lim[R_STACK] = S.lim[R_MEMLOCK] = S.lim[R_AS] =
				S.lim[R_DATA];
		return 0;
	}
	switch (c) {
	case 'l':
	case 'L':
		if (C->lockf)
			return -1;
		C->lockf = arg;
		C->lockwait = c == 'l';
		return 0;
	case 'n': {
		unsigned long v;
		const char *s = arg + (*arg == '+' || *arg == '-');
		if (sv_opt_ulong(s, &v) < 0)
			return -1;
		C->nice = *arg == '-' ? -(long)v : (long)v;
		return 0;
	}
	case '0': case '1': case '2':
		C->close[c - '0'] = 1;
		return 0;
	}
	return -1;
}

int chpst_main(int argc, char **argv)
{
	struct chpst_c c = { .nice = 0 };
	static const struct sv_opt opts[] = {
		SV_OPT_IN('u', SV_OPT_STR, struct chpst_c, u),
		SV_OPT_IN('U', SV_OPT_STR, struct chpst_c, U),
		SV_OPT_IN('b', SV_OPT_STR, struct chpst_c, b),
		SV_OPT_IN('e', SV_OPT_STR, struct chpst_c, e),
		SV_OPT_IN('/', SV_OPT_STR, struct chpst_c, root),
		SV_OPT_IN('C', SV_OPT_STR, struct chpst_c, cd),
		SV_OPT_IN('v', SV_OPT_FLAG, struct chpst_c, verbose),
		SV_OPT_IN('P', SV_OPT_FLAG, struct chpst_c, setsid),
		SV_OPT_IN('V', SV_OPT_FLAG, struct chpst_c, version),
		{ 'n', SV_OPT_CALLARG, 0 },
		{ 'l', SV_OPT_CALLARG, 0 },
		{ 'L', SV_OPT_CALLARG, 0 },
		{ 'm', SV_OPT_CALLARG, 0 },
		{ 'd', SV_OPT_CALLARG, 0 },
		{ 'o', SV_OPT_CALLARG, 0 },
		{ 'p', SV_OPT_CALLARG, 0 },
		{ 'f', SV_OPT_CALLARG, 0 },
		{ 'c', SV_OPT_CALLARG, 0 },
		{ 'r', SV_OPT_CALLARG, 0 },
		{ 't', SV_OPT_CALLARG, 0 },
		{ '0', SV_OPT_CALL, 0 },
		{ '1', SV_OPT_CALL, 0 },
		{ '2', SV_OPT_CALL, 0 },
		{ 0, 0, 0 },
	};
	struct account a;
	char spec[256];
	int i, fd;

	nolimits();
	C = &c;
	i = sv_getopt(argc, argv, opts, &c, chpst_opt);
	if (c.version)
		sv_say_version();
	if (i < 0 || i >= argc || c.version)
		sv_usage();
	if (C->setsid)
		setsid();
	if (C->e)
		envdir(C->e, 0, C->verbose);
	if (C->root && (chdir(C->root) < 0 || chroot(".") < 0))
		sv_die_unable(SV_EXIT_TEMP, "change root directory");
	if (C->cd && chdir(C->cd) < 0)
		sv_die_unable(SV_EXIT_TEMP, "change directory");
	if (C->nice) {
		errno = 0;
		if (nice((int)C->nice) == -1 && errno)
			sv_die_unable(SV_EXIT_TEMP, "set nice level");
	}
	if (C->U) {
		sv_fmt(spec, sizeof spec, "%s", C->U);
		account(&a, spec, 1);
		stage_ids(&a);
	}
	if (C->u) {
		sv_fmt(spec, sizeof spec, "%s", C->u);
		account(&a, spec, 1);
		become(&a, 1);
	}
	if (C->lockf)
		lock(C->lockf, C->lockwait);
	for (fd = 0; fd < 3; fd++)
		if (C->close[fd] && close(fd) < 0)
			sv_die_unable(SV_EXIT_TEMP, "close fd %d", fd);
	return run(argv + i, C->b);
}

/* envdir DIR PROG: a sub-directory is an error, as in daemontools */
int envdir_main(int argc, char **argv)
{
	nolimits();
	if (argc < 3)
		sv_usage();
	envdir(argv[1], 1, 0);
	return run(argv + 2, NULL);
}

int envuidgid_main(int argc, char **argv)
{
	struct account a;

	nolimits();
	if (argc < 3)
		sv_usage();
	account(&a, argv[1], 0);
	stage_ids(&a);
	return run(argv + 2, NULL);
}

int setuidgid_main(int argc, char **argv)
{
	struct account a;

	nolimits();
	if (argc < 3)
		sv_usage();
	account(&a, argv[1], 0);
	become(&a, 0);
	return run(argv + 2, NULL);
}

static int soft_opt(int c, const char *arg)
{
	static const char letters[] = "acdflmoprst";
	static const signed char res[] = { R_AS,    R_CORE,  R_DATA, R_FSIZE,
					   R_MEMLOCK, -1,    R_NOFILE, R_NPROC,
					   R_RSS,   R_STACK, R_CPU };
	long long v;
	int i = (int)(strchr(letters, c) - letters);

	if (!strcmp(arg, "="))
		v = -2;
	else if (num(arg, &v) < 0)
		return -1;
	if (c == 'm')
		S.lim[R_DATA] = S.lim[R_STACK] = S.lim[R_MEMLOCK] =
			S.lim[R_AS] = v;
	else
		S.lim[res[i]] = v;
	return 0;
}

int softlimit_main(int argc, char **argv)
{
	static const struct sv_opt opts[] = {
		{ 'a', SV_OPT_CALLARG, 0 },
		{ 'c', SV_OPT_CALLARG, 0 },
		{ 'd', SV_OPT_CALLARG, 0 },
		{ 'f', SV_OPT_CALLARG, 0 },
		{ 'l', SV_OPT_CALLARG, 0 },
		{ 'm', SV_OPT_CALLARG, 0 },
		{ 'o', SV_OPT_CALLARG, 0 },
		{ 'p', SV_OPT_CALLARG, 0 },
		{ 'r', SV_OPT_CALLARG, 0 },
		{ 's', SV_OPT_CALLARG, 0 },
		{ 't', SV_OPT_CALLARG, 0 },
		{ 0, 0, 0 },
	};
	int i;

	nolimits();
	i = sv_getopt(argc, argv, opts, NULL, soft_opt);
	if (i < 0 || i >= argc)
		sv_usage();
	return run(argv + i, NULL);
}

/* daemontools' meaning: wait by default and with -N, -n fails at once
 * (runit's setlock has them the other way round) */
static unsigned lk_nowait, lk_quiet;
static int setlock_opt(int c, const char *arg)
{
	(void)arg;
	if (c == 'n' || c == 'N')
		lk_nowait = c == 'n';
	else
		lk_quiet = c == 'x';
	return 0;
}

int setlock_main(int argc, char **argv)
{
	static const struct sv_opt opts[] = {
		{ 'n', SV_OPT_CALL, 0 },
		{ 'N', SV_OPT_CALL, 0 },
		{ 'x', SV_OPT_CALL, 0 },
		{ 'X', SV_OPT_CALL, 0 },
		{ 0, 0, 0 },
	};
	int i, fd;

	nolimits();
	i = sv_getopt(argc, argv, opts, NULL, setlock_opt);
	if (i < 0 || i + 1 >= argc)
		sv_usage();
	fd = open(argv[i], O_WRONLY | O_APPEND | O_CREAT | O_NONBLOCK, 0600);
	if (fd < 0 || flock(fd, LOCK_EX | (lk_nowait ? LOCK_NB : 0)) < 0) {
		if (lk_quiet)
			return 0;
		sv_die_unable(SV_EXIT_TEMP, fd < 0 ? "open %s" : "lock %s",
			      argv[i]);
	}
	if (lk_quiet) {
		/* -x: quiet about the lock only; a PROG that cannot run is
		 * 111 with a message, as daemontools' setlock says */
		char **env = environment();
		sv_proc_execvp(argv[i + 1], argv + i + 1, env, S.path);
		sv_die_unable(SV_EXIT_TEMP, "run: %s", argv[i + 1]);
	}
	return run(argv + i + 1, NULL);
}

int pgrphack_main(int argc, char **argv)
{
	nolimits();
	if (argc < 2)
		sv_usage();
	setsid();
	return run(argv + 1, NULL);
}
