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
#include "state.h"

#define CGROUP2_MAGIC 0x63677270 /* linux/magic.h */

int (*sv_cgroup_fn)(int dfd, int create);
int (*sv_cgroup_kill_fn)(int cg);

/* the root: $SVCGROUP, or MOUNT/OWN/svbox where MOUNT is the cgroup2
 * mount (/sys/fs/cgroup, or /sys/fs/cgroup/unified beside v1) and OWN
 * our own cgroup; small buffers only: this runs in every runsv */
static int root(char *out, size_t cap)
{
	static const char *const mnt[] = { "/sys/fs/cgroup",
					   "/sys/fs/cgroup/unified" };
	const char *e = getenv("SVCGROUP");
	struct statfs sf;
	char own[1024];
	ssize_t n;
	size_t k;
	int i, fd;

	if (e && e[0] == '/') {
		sv_fmt(out, cap, "%s", e);
		return 0;
	}
	for (i = 0; i < 2; i++)
		if (statfs(mnt[i], &sf) == 0 && sf.f_type == CGROUP2_MAGIC)
			break;
	if (i == 2)
		return -1;
	/* "0::/PATH\n": the last line of /proc/self/cgroup */
	fd = open("/proc/self/cgroup", O_RDONLY | O_CLOEXEC);
	n = fd < 0 ? -1 : read(fd, own, sizeof own - 1);
	if (fd >= 0)
		close(fd);
	if (n <= 0)
		return -1;
	own[n] = 0;
	e = strstr(own, "0::/");
	if (!e)
		return -1;
	k = strcspn(e + 3, "\n");
	((char *)e)[3 + k] = 0;
	sv_fmt(out, cap, "%s%s/svbox", mnt[i], k > 1 ? e + 3 : "");
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
	char r[512], name[NAME_MAX + 1];
	int rfd, fd, e;

	if (root(r, sizeof r) < 0) {
		errno = ENOENT;
		return -1;
	}
	if (sv_state_key(dfd, name, sizeof name) < 0)
		return -1;
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
	if (create)
		mkdirat(rfd, name, 0755);
	fd = openat(rfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
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
	fd = openat(cg, "cgroup.procs", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = 0;
	for (l = buf; *l; l += strcspn(l, "\n") + (l[strcspn(l, "\n")] != 0)) {
		unsigned long long v;
		if (sv_scan_ulong(l, &v) && v > 1)
			kill((pid_t)v, SIGKILL);
	}
	return 0;
}
