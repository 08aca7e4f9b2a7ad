/* SPDX-License-Identifier: 0BSD */
/* svactivate.c - put a packaged service directory into the live one,
 * atomically, and wait until it is supervised; svdeactivate takes it out
 * once its supervisor is gone. Manual page: docs/svactivate.8

APPLET(svactivate, "[-asL] [-t SEC] NAME...")
APPLET(svdeactivate, "[-t SEC] NAME...")

config SVACTIVATE
	bool "svactivate and svdeactivate"
	default y
	help
	  svactivate NAME copies (or, -s, symlinks) $SVSRC/NAME into the
	  live service directory under a dot name, adds the distro's
	  default logger when it has none, renames it into place and
	  waits until a supervisor holds it; -a does every service of
	  $SVSRC (the boot step). svdeactivate renames it away, waits
	  until its supervisor has stopped it, and removes it.

config SVDEACTIVATE
	bool "svdeactivate"
	default y

config SVSRC
	string "Where packages install service directories ($SVSRC)"
	default "/etc/rc"
	depends on SVACTIVATE
*/

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h> /* renameat */
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "libsv/ctl.h"
#include "libsv/sys.h"
#include "libsv/dir.h"
#include "libsv/err.h"
#include "libsv/fmt.h"
#include "libsv/opt.h"
#include "libsv/out.h"
#include "libsv/state.h"
#include "libsv/svdir.h"
#include "libsv/tai.h"

/* s6-svlink's codes */
enum { ACT_TIMEOUT = 99, ACT_USAGE = 100, DEPTH = 8, COPYBUF = 8192 };

static struct act {
	int live;	     /* the live directory ($SVDIR) */
	const char *livep, *srcp;
	unsigned all, link, nolog;
	unsigned long secs;
	struct sv_out *out;
} A;

static void say(const char *name, const char *what)
{
	sv_out_printf(A.out, "%s: %s\n", name, what);
	sv_out_flush(A.out);
}

/* a name as the live directory may hold it: no '/', no dot first */
static int goodname(const char *n)
{
	return *n && *n != '.' && !strchr(n, '/') && strlen(n) < NAME_MAX - 24;
}

/* name in dfd is an executable regular file */
static int runnable(int dfd, const char *name)
{
	return sv_is(dfd, name, SV_IS_EXE);
}

/* remove name in dfd and everything under it; no symlink followed. A
 * pass over a directory at a time, again while a pass removed something
 * (entries go while it is read); what cannot be removed stays. */
static void rmtree(int dfd, const char *name, int depth)
{
	char buf[2048];
	struct sv_dir d;
	const char *e;
	unsigned char type;
	struct stat st;
	int fd, gone = 1;

	if (unlinkat(dfd, name, 0) == 0 || errno == ENOENT)
		return;
	fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	while (fd >= 0 && depth < DEPTH * 2 && gone) {
		gone = 0;
		sv_dir_start(&d, fd, buf, sizeof buf);
		while ((e = sv_dir_next(&d, &type))) {
			if (!strcmp(e, ".") || !strcmp(e, ".."))
				continue;
			rmtree(fd, e, depth + 1);
			if (fstatat(fd, e, &st, AT_SYMLINK_NOFOLLOW) < 0)
				gone = 1;
		}
	}
	if (fd >= 0)
		close(fd);
	unlinkat(dfd, name, AT_REMOVEDIR);
}

static int copyfile(int sfd, int dfd, const char *name, mode_t mode)
{
	char buf[COPYBUF];
	int in = openat(sfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC), out;
	ssize_t n = 0;

	if (in < 0)
		return -1;
	out = openat(dfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
					O_CLOEXEC, mode & 07777);
	if (out < 0) {
		close(in);
		return -1;
	}
	while ((n = read(in, buf, sizeof buf)) > 0)
		if (sv_write_all(out, buf, (size_t)n) < 0) {
			n = -1;
			break;
		}
	if (n == 0 && fchmod(out, mode & 07777) < 0)
		n = -1;
	if (close(out) < 0)
		n = -1;
	close(in);
	return n < 0 ? -1 : 0;
}

/* copy the tree open on sfd into the new directory open on dfd; state
 * (supervise, at any level) stays behind */
static int copytree(int sfd, int dfd, int depth)
{
	char buf[2048], link[PATH_MAX];
	struct sv_dir d;
	const char *e;
	unsigned char type;

	if (depth > DEPTH) {
		errno = ELOOP;
		return -1;
	}
	sv_dir_start(&d, sfd, buf, sizeof buf);
	while ((e = sv_dir_next(&d, &type))) {
		struct stat st;
		ssize_t n;
		int s2, d2, r;
		if (!strcmp(e, ".") || !strcmp(e, "..") ||
		    !strcmp(e, "supervise"))
			continue;
		if (fstatat(sfd, e, &st, AT_SYMLINK_NOFOLLOW) < 0)
			return -1;
		if (S_ISREG(st.st_mode)) {
			if (copyfile(sfd, dfd, e, st.st_mode) < 0)
				return -1;
		} else if (S_ISLNK(st.st_mode)) {
			n = readlinkat(sfd, e, link, sizeof link - 1);
			if (n < 0)
				return -1;
			link[n] = 0;
			if (symlinkat(link, dfd, e) < 0)
				return -1;
		} else if (S_ISDIR(st.st_mode)) {
			if (mkdirat(dfd, e, st.st_mode & 07777) < 0)
				return -1;
			s2 = openat(sfd, e, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
						    O_CLOEXEC);
			d2 = openat(dfd, e, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
						    O_CLOEXEC);
			r = s2 < 0 || d2 < 0 ? -1 : copytree(s2, d2, depth + 1);
			if (s2 >= 0)
				close(s2);
			if (d2 >= 0)
				close(d2);
			if (r < 0)
				return -1;
		} /* fifos, sockets, devices: not part of a service */
	}
	return errno ? -1 : 0;
}

/* 1 if a supervisor holds path in the live directory, 0 if none */
static int held(const char *path)
{
	return sv_ctl_held(A.live, path);
}

/* leftovers of an interrupted svactivate or svdeactivate of name (its
 * pid gone): .NAME.new.PID, .NAME.old.PID */
static void tidy(const char *name)
{
	char buf[2048];
	struct sv_dir d;
	const char *e;
	unsigned char type;
	size_t k = strlen(name);

	sv_dir_start(&d, A.live, buf, sizeof buf);
	while ((e = sv_dir_next(&d, &type))) {
		unsigned long long pid;
		if (e[0] != '.' || strncmp(e + 1, name, k) ||
		    (strncmp(e + 1 + k, ".new.", 5) &&
		     strncmp(e + 1 + k, ".old.", 5)))
			continue;
		if (!sv_scan_ulong(e + k + 6, &pid) || !pid ||
		    (kill((pid_t)pid, 0) < 0 && errno == ESRCH)) {
			char dot[NAME_MAX + 1];
			sv_fmt(dot, sizeof dot, "%s", e);
			/* a deactivation cut short: once nothing
			 * supervises it */
			if (e[k + 2] == 'o' && held(dot))
				continue;
			rmtree(A.live, dot, 0);
		}
	}
}

/* watch what can change while waiting for path: the live directory, the
 * service directory, its state directory (here or in the run directory) */
static void watchfd(int ino, int fd)
{
	char p[32];

	sv_fmt(p, sizeof p, "/proc/self/fd/%d", fd);
	inotify_add_watch(ino, p, IN_CREATE | IN_MOVED_TO | IN_MOVED_FROM |
				  IN_DELETE | IN_OPEN | IN_CLOSE | IN_ATTRIB);
}

static void watch(int ino, const char *path)
{
	int fd, sfd;

	watchfd(ino, A.live);
	fd = openat(A.live, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return;
	watchfd(ino, fd);
	sfd = sv_state_open(fd);
	if (sfd >= 0) {
		watchfd(ino, sfd);
		close(sfd);
	}
	close(fd);
}

/* wait until path is held (want 1) or not (want 0), at most A.secs:
 * woken by inotify, and checked once a second besides (a supervisor of
 * another kind, a run directory made later) */
static int await(const char *path, int want)
{
	long long end = sv_mono_ms() + (long long)A.secs * 1000;
	int ino = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	int r = -1;

	for (;;) {
		long long left = end - sv_mono_ms();
		struct pollfd p = { ino, POLLIN, 0 };
		char buf[4096];
		if (ino >= 0)
			watch(ino, path);
		if (held(path) == want) {
			r = 0;
			break;
		}
		if (left <= 0)
			break;
		poll(&p, ino >= 0 ? 1 : 0, left < 1000 ? (int)left : 1000);
		while (ino >= 0 && read(ino, buf, sizeof buf) > 0)
			;
	}
	if (ino >= 0)
		close(ino);
	return r;
}

/* s in single quotes for sh, a quote inside as '\'' */
static size_t quote(char *out, size_t cap, const char *s)
{
	size_t n = 0;

	if (cap < 3)
		return 0;
	out[n++] = '\'';
	for (; *s && n + 5 < cap; s++) {
		if (*s == '\'') {
			memcpy(out + n, "'\\''", 4);
			n += 4;
		} else {
			out[n++] = *s;
		}
	}
	out[n++] = '\'';
	out[n] = 0;
	return n;
}

/* the distro's default logger for a copy without a log entry:
 * log/run that runs $SVSRC/.log/run NAME */
static int deflog(int dfd, const char *name)
{
	char text[PATH_MAX + 2 * NAME_MAX + 64];
	int src = open(A.srcp, O_RDONLY | O_DIRECTORY | O_CLOEXEC), fd;
	size_t n;

	if (src < 0)
		return 0;
	if (!runnable(src, ".log/run")) {
		close(src);
		return 0;
	}
	close(src);
	if (mkdirat(dfd, "log", 0755) < 0)
		return -1;
	n = sv_fmt(text, sizeof text, "#!/bin/sh\nexec ");
	n += quote(text + n, sizeof text - n, A.srcp);
	n += sv_fmt(text + n, sizeof text - n, "/.log/run ");
	n += quote(text + n, sizeof text - n, name);
	n += sv_fmt(text + n, sizeof text - n, "\n");
	fd = openat(dfd, "log/run", O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
					    O_CLOEXEC, 0755);
	if (fd < 0)
		return -1;
	if (sv_write_all(fd, text, n) < 0 || close(fd) < 0)
		return -1;
	return 1;
}

/* 0 done, 1 failed (said), ACT_TIMEOUT */
static int activate(const char *name)
{
	char tmp[NAME_MAX + 1], srcpath[PATH_MAX];
	struct stat st;
	int src, dfd, r;

	sv_fmt(srcpath, sizeof srcpath, "%s/%s", A.srcp, name);
	src = open(srcpath, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (src < 0) {
		sv_warn_unable("activate %s: unable to open %s", name, srcpath);
		return 1;
	}
	r = !runnable(src, "run") ? 1
	    : sv_is(src, "log", SV_IS_DIR) &&
			      !runnable(src, "log/run") ? 2 : 0;
	if (r) {
		close(src);
		sv_warn("unable to activate %s: %s/%s is not an executable "
			"file", name, srcpath, r == 1 ? "run" : "log/run");
		return 1;
	}
	tidy(name);
	if (fstatat(A.live, name, &st, AT_SYMLINK_NOFOLLOW) == 0) {
		close(src);
		say(name, "already active");
	} else {
		/* built under a dot name in the live directory (no scanner
		 * looks at it, and the rename stays on one file system) */
		sv_fmt(tmp, sizeof tmp, ".%s.new.%d", name, (int)getpid());
		if (A.link) {
			r = symlinkat(srcpath, A.live, tmp);
		} else {
			struct stat ss;
			fstat(src, &ss);
			r = mkdirat(A.live, tmp, ss.st_mode & 07777);
			dfd = r < 0 ? -1 : openat(A.live, tmp, O_RDONLY |
						  O_DIRECTORY | O_NOFOLLOW |
						  O_CLOEXEC);
			r = -1;
			if (dfd >= 0) {
				errno = 0; /* copytree: the scan's end says 0 */
				r = copytree(src, dfd, 0);
			}
			if (!r && !A.nolog &&
			    fstatat(src, "log", &st, AT_SYMLINK_NOFOLLOW) < 0 &&
			    errno == ENOENT)
				r = deflog(dfd, name) < 0 ? -1 : 0;
			if (dfd >= 0)
				close(dfd);
		}
		close(src);
		if (r < 0) {
			sv_warn_unable("activate %s: unable to build %s", name,
				       tmp);
			rmtree(A.live, tmp, 0);
			return 1;
		}
		if (sv_syscall(SYS_renameat2, A.live, (long)tmp, A.live,
			       (long)name, 1 /* RENAME_NOREPLACE */) < 0) {
			r = errno;
			rmtree(A.live, tmp, 0);
			if (r != EEXIST && r != ENOTEMPTY) {
				errno = r;
				sv_warn_unable("activate %s: unable to rename %s",
					       name, tmp);
				return 1;
			}
			say(name, "already active");
		} else {
			say(name, A.link ? "linked" : "copied");
		}
	}
	if (!A.secs)
		return 0;
	if (await(name, 1) < 0) {
		sv_warn("%s: not supervised after %lu seconds", name, A.secs);
		return ACT_TIMEOUT;
	}
	say(name, "supervised");
	return 0;
}

static int deactivate(const char *name)
{
	char old[NAME_MAX + 1];
	struct stat st;

	tidy(name);
	if (fstatat(A.live, name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
		say(name, "not active");
		return 0;
	}
	sv_fmt(old, sizeof old, ".%s.old.%d", name, (int)getpid());
	if (renameat(A.live, name, A.live, old) < 0) {
		sv_warn_unable("deactivate %s: unable to rename it", name);
		return 1;
	}
	if (await(old, 0) < 0) {
		sv_warn("%s: still supervised after %lu seconds, left as %s",
			name, A.secs, old);
		return ACT_TIMEOUT;
	}
	rmtree(A.live, old, 0);
	say(name, "removed");
	return 0;
}

/* svactivate (act) or svdeactivate of name: 0, 1 or ACT_TIMEOUT */
static int one(const char *name, int act)
{
	if (!goodname(name)) {
		sv_warn("unable to %sactivate %s: not a service name",
			act ? "" : "de", name);
		return 1;
	}
	return act ? activate(name) : deactivate(name);
}

static int run(int argc, char **argv, int act)
{
	static const struct sv_opt aopts[] = {
		SV_OPT_IN('a', SV_OPT_FLAG, struct act, all),
		SV_OPT_IN('s', SV_OPT_FLAG, struct act, link),
		SV_OPT_IN('L', SV_OPT_FLAG, struct act, nolog),
		SV_OPT_IN('t', SV_OPT_ULONG, struct act, secs),
		{ 0, 0, 0 },
	};
	struct sv_out o = SV_OUT_INIT(1);
	const char *e = getenv("SVSRC");
	int i, rc = 0, r;

	sv_usage_code = ACT_USAGE;
	A.out = &o;
	A.secs = 7;
	i = sv_getopt(argc, argv, act ? aopts : aopts + 3, &A, NULL);
	if (i < 0 || (i >= argc && !A.all))
		sv_usage();
	A.srcp = e && *e ? e : CONFIG_SVSRC;
	A.livep = sv_svdir(CONFIG_SVDIR);
	A.live = open(A.livep, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (A.live < 0)
		sv_die_unable(SV_EXIT_TEMP, "open %s", A.livep);
	if (act && A.all) {
		char buf[2048];
		struct sv_dir d;
		const char *n;
		unsigned char type;
		int src = open(A.srcp, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (src < 0)
			sv_die_unable(SV_EXIT_TEMP, "open %s", A.srcp);
		sv_dir_start(&d, src, buf, sizeof buf);
		while ((n = sv_dir_next(&d, &type))) {
			char name[NAME_MAX + 1];
			if (n[0] == '.')
				continue;
			sv_fmt(name, sizeof name, "%s", n);
			r = one(name, 1);
			rc = r > rc ? r : rc;
		}
		close(src);
	}
	for (; i < argc; i++) {
		r = one(argv[i], act);
		rc = r > rc ? r : rc;
	}
	sv_out_flush(&o);
	return rc == 1 ? SV_EXIT_TEMP : rc;
}

int svactivate_main(int argc, char **argv)
{
	return run(argc, argv, 1);
}

int svdeactivate_main(int argc, char **argv)
{
	return run(argc, argv, 0);
}
