/* libsv/ctl.c - see ctl.h */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include "ctl.h"

int sv_ctl_supervised(int dfd)
{
	int fd = openat(dfd, SV_CTL_DIR "/ok",
			O_WRONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd >= 0) {
		close(fd);
		return 1;
	}
	return errno == ENXIO ? 0 : -1;
}

int sv_ctl_send(int dfd, const char *cmd, size_t n)
{
	int fd = openat(dfd, SV_CTL_DIR "/control",
			O_WRONLY | O_NONBLOCK | O_CLOEXEC);
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
	if (fstatat(supfd, name, &st, 0) < 0)
		return -1;
	if (!S_ISFIFO(st.st_mode)) {
		errno = EEXIST;
		return -1;
	}
	r = openat(supfd, name, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (r < 0)
		return -1;
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
