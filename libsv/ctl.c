/* SPDX-License-Identifier: 0BSD */
/* libsv/ctl.c - see ctl.h */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include "ctl.h"

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

int sv_ctl_supervised(int dfd)
{
	int fd = open_fifo(dfd, SV_CTL_DIR "/ok");

	if (fd >= 0) {
		close(fd);
		return 1;
	}
	return errno == ENXIO ? 0 : -1;
}

int sv_ctl_send(int dfd, const char *cmd, size_t n)
{
	int fd = open_fifo(dfd, SV_CTL_DIR "/control");
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

int sv_ctl_fifo(int supfd, const char *name, int *rfd, int *wfd)
{
	struct stat st;
	int r, w = -1, e;

	if (mkfifoat(supfd, name, 0600) < 0 && errno != EEXIST)
		return -1;
	if (fstatat(supfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return -1;
	if (!S_ISFIFO(st.st_mode)) {
		errno = SV_ENOTFIFO;
		return -1;
	}
	if (st.st_uid != geteuid()) {
		/* made by someone else: it is not ours to trust */
		if (unlinkat(supfd, name, 0) < 0 ||
		    mkfifoat(supfd, name, 0600) < 0)
			return -1;
	}
	r = openat(supfd, name, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC);
	if (r < 0)
		return -1;
	/* the fifo is ours; whatever mode it was left with, it is 0600 now */
	if (fstat(r, &st) < 0 || !S_ISFIFO(st.st_mode) ||
	    st.st_uid != geteuid() ||
	    ((st.st_mode & 07777) != 0600 && fchmod(r, 0600) < 0)) {
		e = S_ISFIFO(st.st_mode) ? errno : SV_ENOTFIFO;
		close(r);
		errno = e;
		return -1;
	}
	if (wfd) {
		w = openat(supfd, name, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
		if (w < 0) {
			e = errno;
			close(r);
			errno = e;
			return -1;
		}
		*wfd = w;
	}
	*rfd = r;
	return 0;
}
