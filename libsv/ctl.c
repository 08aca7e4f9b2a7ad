/* SPDX-License-Identifier: 0BSD */
/* libsv/ctl.c - see ctl.h */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include "ctl.h"
#include "state.h"

/* open path in dfd for writing, refusing anything but a fifo (a planted
 * regular file would swallow commands and pass for a supervisor) */
static int open_fifo(int dfd, const char *path)
{
	struct stat st;
	int fd = openat(dfd, path, O_WRONLY | O_NONBLOCK | O_NOFOLLOW |
					   O_CLOEXEC);

	if (fd < 0) {
		if (errno == ELOOP)
			errno = SV_ENOTFIFO;
		return -1;
	}
	if (fstat(fd, &st) < 0 || !S_ISFIFO(st.st_mode)) {
		close(fd);
		errno = SV_ENOTFIFO;
		return -1;
	}
	return fd;
}

/* name in the state directory of the service directory dfd */
static int open_state_fifo(int dfd, const char *name)
{
	int sfd = sv_state_open(dfd), fd, e;

	if (sfd < 0)
		return -1;
	fd = open_fifo(sfd, name);
	e = errno;
	close(sfd);
	errno = e;
	return fd;
}

int sv_ctl_supervised(int dfd)
{
	int fd = open_state_fifo(dfd, "ok");

	if (fd >= 0) {
		close(fd);
		return 1;
	}
	return errno == ENXIO ? 0 : -1;
}

int sv_ctl_held(int dfd, const char *name)
{
	int fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC), r;

	if (fd < 0)
		return 0;
	r = sv_ctl_supervised(fd) > 0;
	close(fd);
	return r;
}

int sv_ctl_send(int dfd, const char *cmd, size_t n)
{
	int fd = open_state_fifo(dfd, "control");
	ssize_t r;
	int e;

	if (fd < 0)
		return errno == ENXIO ? 0 : -1;
	do
		r = write(fd, cmd, n);
	while (r < 0 && errno == EINTR);
	e = errno;
	close(fd);
	if (r < 0) {
		errno = e;
		return -1;
	}
	if ((size_t)r != n) {
		errno = EAGAIN;
		return -1;
	}
	return 1;
}

int sv_ctl_fifo(int dir, const char *path, int rdwr)
{
	struct stat st;
	int fd, e;

	if (mkfifoat(dir, path, 0600) < 0 && errno != EEXIST)
		return -1;
	if (fstatat(dir, path, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return -1;
	if (!S_ISFIFO(st.st_mode)) {
		errno = SV_ENOTFIFO;
		return -1;
	}
	if (st.st_uid != geteuid()) {
		/* made by someone else: it is not ours to trust */
		if (unlinkat(dir, path, 0) < 0 || mkfifoat(dir, path, 0600) < 0)
			return -1;
	}
	/* read-write: a fifo with a writer never reads as EOF (Linux) */
	fd = openat(dir, path, (rdwr ? O_RDWR : O_RDONLY) | O_NONBLOCK |
				       O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -1;
	/* the fifo is ours; whatever mode it was left with, it is 0600 now */
	if (fstat(fd, &st) < 0 || !S_ISFIFO(st.st_mode) ||
	    st.st_uid != geteuid() ||
	    ((st.st_mode & 07777) != 0600 && fchmod(fd, 0600) < 0)) {
		e = S_ISFIFO(st.st_mode) ? errno : SV_ENOTFIFO;
		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}
