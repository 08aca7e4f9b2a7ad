/* SPDX-License-Identifier: 0BSD */
/* libsv/state.c - see state.h */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "fmt.h"
#include "status.h"
#include "sys.h"
#include "pwd.h"
#include "state.h"

int sv_state_open(int dfd)
{
	struct stat st;
	int fd = openat(dfd, "supervise", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd >= 0 || errno != ENOENT || !sv_state_rundir_fn ||
	    fstatat(dfd, "supervise", &st, AT_SYMLINK_NOFOLLOW) == 0)
		return fd; /* (a dangling symlink is runit's: no fallback) */
	fd = sv_state_rundir_fn(dfd, 0);
	if (fd < 0)
		errno = ENOENT;
	return fd;
}

int sv_state_name(char *out, size_t cap, const char *path)
{
	size_t n = 0;

	for (; *path; path++) {
		const char *e = *path == '/' ? "%2f" : *path == '%' ? "%25" : NULL;
		size_t k = e ? 3 : 1;
		if (n + k >= cap || n + k > NAME_MAX) {
			errno = ENAMETOOLONG;
			return -1;
		}
		if (e)
			memcpy(out + n, e, 3);
		else
			out[n] = *path;
		n += k;
	}
	out[n] = 0;
	return (int)n;
}

/* the canonical absolute path of the directory open on dfd: the kernel's
 * name for it (/proc), else the cwd from inside it */
static int canon(int dfd, char *buf, size_t cap)
{
	char p[32];
	ssize_t n;
	int here, ok;

	/* by hand, not sv_fmt(): a spawn's deepest point (cgroup.c) */
	memcpy(p, "/proc/self/fd/", 14);
	p[14 + sv_fmt_ulong(p + 14, (unsigned long)dfd)] = 0;
	n = readlink(p, buf, cap - 1);
	if (n >= (ssize_t)cap - 1) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if (n > 0 && buf[0] == '/') {
		buf[n] = 0;
		return 0;
	}
	here = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (here < 0)
		return -1;
	/* the system call itself: musl's getcwd() brings malloc along */
	ok = fchdir(dfd) == 0 && sv_syscall(SYS_getcwd, (long)buf, (long)cap, 0, 0, 0) > 0 &&
	     buf[0] == '/';
	if (fchdir(here) < 0)
		ok = 0;
	close(here);
	return ok ? 0 : -1;
}

int sv_state_key(int dfd, char *name, size_t cap)
{
	/* small: a path whose name would not fit NAME_MAX is refused */
	char path[NAME_MAX + 1];

	if (canon(dfd, path, sizeof path) < 0)
		return -1;
	return sv_state_name(name, cap, path);
}

/* a directory of ours (or root's), not a symlink: the run directory's
 * parts and the state directories the engine uses */
static int owned(int fd)
{
	struct stat st;

	if (fstat(fd, &st) < 0 || !S_ISDIR(st.st_mode))
		return 0;
	return st.st_uid == geteuid() || st.st_uid == 0;
}

/* the directory part in fd, made (with mode) when missing and create is
 * set; never a symlink, and with create none another user owns */
static int sub(int fd, const char *part, mode_t mode, int create)
{
	const int fl = O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
	int nfd = openat(fd, part, fl);

	if (nfd < 0 && errno == ENOENT && create &&
	    (mkdirat(fd, part, mode) == 0 || errno == EEXIST))
		nfd = openat(fd, part, fl);
	if (nfd >= 0 && create && !owned(nfd)) {
		close(nfd);
		errno = EPERM;
		return -1;
	}
	return nfd;
}

/* the run directory, its missing parts made when create; no symlink on
 * the way (O_NOFOLLOW each part), none another user owns */
static int openroot(const char *root, int create)
{
	char part[NAME_MAX + 1];
	int fd = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	while (fd >= 0 && *root) {
		size_t k = sv_upto(root, '/');
		int nfd, e;
		if (!k) {
			root++;
			continue;
		}
		if (k > NAME_MAX) {
			close(fd);
			errno = ENAMETOOLONG;
			return -1;
		}
		memcpy(part, root, k);
		part[k] = 0;
		root += k;
		nfd = sub(fd, part, 0755, create);
		e = errno;
		close(fd);
		errno = e;
		fd = nfd;
	}
	return fd;
}

int sv_state_rundir(int dfd, int create)
{
	const char *root = getenv("SVRUNDIR"), *xdg = getenv("XDG_RUNTIME_DIR");
	char name[NAME_MAX + 1], user[512];
	int rfd, fd, e;

	if ((!root || !*root) && sv_rundir && geteuid() != 0 && xdg &&
	    xdg[0] == '/') {
		/* a user's tree: the user's own run directory */
		sv_fmt(user, sizeof user, "%s/runit/supervise", xdg);
		root = user;
	}
	if (!root || !*root)
		root = sv_rundir;
	if (!root || root[0] != '/') {
		errno = ENOENT;
		return -1;
	}
	if (sv_state_key(dfd, name, sizeof name) < 0)
		return -1;
	rfd = openroot(root, create);
	if (rfd < 0)
		return -1;
	fd = sub(rfd, name, 0700, create);
	e = errno;
	close(rfd);
	errno = e;
	return fd;
}

long sv_state_group(int dfd)
{
	char buf[256];
	gid_t g;
	unsigned long long v;
	ssize_t n = sv_read_small(dfd, "control-group", O_NOFOLLOW, buf,
				  sizeof buf - 1);
	size_t k;

	if (n < 0 && errno == ENOENT)
		return -1;
	if (n <= 0)
		return -2;
	buf[n] = 0;
	buf[sv_upto(buf, '\n')] = 0;
	k = sv_scan_ulong(buf, &v);
	if (k && !buf[k])
		return v < 0x7fffffff ? (long)v : -2;
	return sv_getgr(buf, &g) > 0 ? (long)g : -2;
}

int sv_state_rights(int dir, int ctl, int ok, long gid)
{
	const gid_t g = (gid_t)gid;

	if (fchown(dir, (uid_t)-1, g) < 0 || fchmod(dir, 0750) < 0 ||
	    fchown(ctl, (uid_t)-1, g) < 0 || fchmod(ctl, 0620) < 0 ||
	    fchown(ok, (uid_t)-1, g) < 0 || fchmod(ok, 0620) < 0)
		return -1;
	return 0;
}
