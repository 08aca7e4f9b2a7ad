/* SPDX-License-Identifier: 0BSD */
/* libsv/svdir.c - see svdir.h */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "ctl.h"
#include "state.h"
#include "svdir.h"

const char *sv_svdir(const char *dflt)
{
	const char *s = getenv("SVDIR");

	return s && *s ? s : dflt;
}

int sv_svdir_under(const char *name, enum sv_svdir_rule rule)
{
	size_t n = strlen(name);

	if (!n)
		return 0;
	if (rule == SV_RULE_RUNIT)
		return name[0] != '/' && name[0] != '.' && name[n - 1] != '/';
	return !strchr(name, '/') && strcmp(name, ".") && strcmp(name, "..");
}

int sv_svdir_open(const char *name, enum sv_svdir_rule rule,
		  const char *svdir)
{
	const int fl = O_RDONLY | O_DIRECTORY | O_CLOEXEC;
	int base, fd, e;

	if (!sv_svdir_under(name, rule))
		return open(name, fl);
	base = open(svdir, fl);
	if (base < 0)
		return -1;
	fd = openat(base, name, fl);
	e = errno;
	close(base);
	errno = e;
	return fd;
}

int sv_svdir_log(int dfd)
{
	int fd = openat(dfd, "log", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0 && errno == ENOENT) {
		struct stat st;
		/* a dangling symlink "log" is an entry too */
		if (fstatat(dfd, "log", &st, AT_SYMLINK_NOFOLLOW) == 0)
			return -1;
		/* the default logger's state: only while one runs (a stale
		 * one, the template gone, is no logger) */
		int sfd = sv_state_open(dfd);
		fd = sfd < 0 ? -1 : openat(sfd, "log", O_RDONLY | O_DIRECTORY |
							     O_CLOEXEC);
		if (sfd >= 0)
			close(sfd);
		if (fd >= 0 && sv_ctl_supervised(fd) <= 0) {
			close(fd);
			fd = -1;
		}
		if (fd < 0)
			errno = ENOENT;
	}
	return fd;
}
