/* SPDX-License-Identifier: 0BSD */
/* libsv/cgroup.c - see cgroup.h */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>
#include "cgroup.h"
#include "fmt.h"
#include "status.h"
#include "pwd.h"
#include "state.h"

#define CGROUP2_MAGIC 0x63677270 /* linux/magic.h */

/* the root: $SVCGROUP, or MOUNT/OWN/svbox where MOUNT is the cgroup2
 * mount (/sys/fs/cgroup, or /sys/fs/cgroup/unified beside v1) and OWN
 * our own cgroup, read into out itself: this runs at every spawn of every
 * runsv, whose stack pages count per service */
static int root(char *out, size_t cap)
{
	static const char *const mnt[] = { "/sys/fs/cgroup",
					   "/sys/fs/cgroup/unified" };
	const char *e = getenv("SVCGROUP");
	struct statfs sf;
	struct sv_db st = { 0, 0, 0, 0 };
	char *f[3];
	size_t m, k;
	int i, fd, nf;

	if (e && e[0] == '/') {
		sv_fmt(out, cap, "%s", e);
		return 0;
	}
	for (i = 0; i < 2; i++)
		if (statfs(mnt[i], &sf) == 0 && sf.f_type == CGROUP2_MAGIC)
			break;
	if (i == 2)
		return -1;
	/* the line "0::/PATH" of /proc/self/cgroup (after a line per v1
	 * hierarchy beside v1), read with the colon-file reader into out
	 * behind room for MOUNT */
	m = strlen(mnt[i]);
	fd = open("/proc/self/cgroup", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	while ((nf = sv_db_next(fd, &st, out + m, cap - m - sizeof "/svbox" + 1,
				f, 3)) > 0)
		if (nf == 3 && !strcmp(f[0], "0") && !f[1][0] && f[2][0] == '/')
			break;
	close(fd);
	if (nf <= 0)
		return -1;
	k = strlen(f[2]);
	if (k == 1) /* the root cgroup */
		k = 0;
	memmove(out + m, f[2], k);
	memcpy(out, mnt[i], m);
	memcpy(out + m + k, "/svbox", sizeof "/svbox");
	return 0;
}

/* fd is a directory of a cgroup2 file system */
static int cgroup2(int fd)
{
	struct statfs sf;

	return fstatfs(fd, &sf) == 0 && sf.f_type == CGROUP2_MAGIC;
}

int sv_cgroup(int dfd, int create)
{
	char r[512];
	int rfd, fd, e;

	if (root(r, sizeof r) < 0) {
		errno = ENOENT;
		return -1;
	}
	rfd = open(r, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (rfd < 0 && errno == ENOENT && create && !getenv("SVCGROUP")) {
		/* MOUNT/OWN/svbox: made only inside a cgroup2 mount */
		char *slash = strrchr(r, '/');
		int up;
		*slash = 0;
		up = open(r, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		*slash = '/';
		if (up >= 0 && cgroup2(up))
			mkdirat(up, slash + 1, 0755);
		if (up >= 0)
			close(up);
		rfd = open(r, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	}
	if (rfd < 0)
		return -1;
	if (!cgroup2(rfd)) { /* never a plain directory tree */
		close(rfd);
		errno = ENOTDIR;
		return -1;
	}
	/* the service's name only now, in the buffer of the root's path:
	 * no cgroup, no deeper stack */
	if (sv_state_key(dfd, r, NAME_MAX + 1) < 0) {
		close(rfd);
		return -1;
	}
	if (create)
		mkdirat(rfd, r, 0755);
	fd = openat(rfd, r, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	e = errno;
	close(rfd);
	errno = e;
	return fd;
}

int sv_cgroup_kill(int cg)
{
	char buf[4096], *l;
	int fd = openat(cg, "cgroup.kill", O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (fd >= 0) {
		n = write(fd, "1", 1);
		close(fd);
		return n == 1 ? 0 : -1;
	}
	/* no cgroup.kill (before Linux 5.14): those listed now */
	n = sv_read_small(cg, "cgroup.procs", 0, buf, sizeof buf - 1);
	if (n < 0)
		return -1;
	buf[n] = 0;
	for (l = buf; *l; l += sv_upto(l, '\n') + (l[sv_upto(l, '\n')] != 0)) {
		unsigned long long v;
		if (sv_scan_ulong(l, &v) && v > 1)
			kill((pid_t)v, SIGKILL);
	}
	return 0;
}
