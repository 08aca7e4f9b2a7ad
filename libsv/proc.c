/* SPDX-License-Identifier: 0BSD */
/* libsv/proc.c - see proc.h */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include "proc.h"

int sv_proc_execvp(const char *file, char *const argv[], char *const envp[],
		   const char *path)
{
	char buf[4096];
	size_t fl = strlen(file);
	int saved = ENOENT;

	if (strchr(file, '/')) {
		execve(file, argv, envp);
		return -1;
	}
	if (!path)
		path = "/bin:/usr/bin";
	for (;;) {
		const char *end = strchr(path, ':');
		size_t dl = end ? (size_t)(end - path) : strlen(path);

		if (dl + fl + 2 <= sizeof buf) {
			size_t n = 0;
			if (dl) {
				memcpy(buf, path, dl);
				n = dl;
				buf[n++] = '/';
			}
			memcpy(buf + n, file, fl + 1);
			execve(buf, argv, envp);
			if (errno != ENOENT && errno != ENOTDIR)
				saved = errno;
			if (errno != ENOENT && errno != ENOTDIR &&
			    errno != EACCES && errno != EPERM &&
			    errno != EISDIR)
				return -1;
		}
		if (!end)
			break;
		path = end + 1;
	}
	errno = saved;
	return -1;
}

int sv_proc_move(int from, int to)
{
	if (from == to)
		return fcntl(to, F_SETFD, 0);
	if (dup2(from, to) < 0)
		return -1;
	close(from);
	return 0;
}

void sv_proc_std_fds(void)
{
	int fd;

	while ((fd = open("/dev/null", O_RDWR)) >= 0 && fd < 3)
		;
	if (fd > 2)
		close(fd);
}
