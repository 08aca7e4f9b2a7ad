/* SPDX-License-Identifier: 0BSD */
/* libsv/proc.c - see proc.h */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include "err.h"
#include "fmt.h"
#include "mem.h"
#include "proc.h"
#include "sig.h"

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
			if (errno != ENOENT && errno != ENOTDIR) {
				saved = errno;
				if (errno != EACCES && errno != EPERM &&
				    errno != EISDIR)
					return -1;
			}
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

int sv_putenv(char *kv)
{
	extern char **environ;
	size_t n = 0, len = sv_upto(kv, '=') + 1;
	char **e, **p;

	while (environ[n])
		n++;
	e = sv_alloc((n + 2) * sizeof *e); /* zeroed: ends in NULL */
	if (!e)
		return -1;
	n = 0;
	for (p = environ; *p; p++)
		if (strncmp(*p, kv, len))
			e[n++] = *p;
	e[n] = kv;
	environ = e;
	return 0;
}

void sv_unsetenv(const char *name)
{
	extern char **environ;
	size_t len = strlen(name);
	char **r, **w;

	for (r = w = environ; *r; r++)
		if (strncmp(*r, name, len) || (*r)[len] != '=')
			*w++ = *r;
	*w = NULL;
}

const struct sv_spawn sv_spawn_none = {
	.dir = -1,
	.fd = { -1, -1, -1, -1, -1, -1 },
	.failcode = SV_EXIT_TEMP,
};

pid_t sv_fork(void)
{
#ifdef __GLIBC__
	return fork();
#else
	return _Fork();
#endif
}

pid_t sv_spawn(const struct sv_spawn *sp)
{
	extern char **environ;
	pid_t pid = sv_fork();
	int k, src[6], nf = -1;

	if (pid) {
		/* both sides: no window where the group does not exist */
		if (pid > 0 && sp->pgrp && !sp->setsid)
			setpgid(pid, pid);
		return pid;
	}
	/* into the service's cgroup before anything else: whatever it
	 * starts is born there */
	if (sp->cgroup > 0 && write(sp->cgroup, "0\n", 2) < 0)
		sv_die_unable(sp->failcode, "enter the service's cgroup");
	sv_sig_child();
	if (sp->who)
		sv_prog_arg = sp->who;
	if (sp->dir >= 0 && fchdir(sp->dir) < 0)
		sv_die_unable(sp->failcode, "change to service directory");
	if (sp->sub && chdir(sp->sub) < 0)
		sv_die_unable(sp->failcode, "change to directory %s", sp->sub);
	/* sources out of the way of the targets first, then moved */
	if (sp->nto > 2 && (nf = fcntl(sp->nfrom, F_DUPFD_CLOEXEC, 6)) < 0)
		sv_die_unable(sp->failcode, "set up notification-fd");
	for (k = 0; k < 6; k++)
		src[k] = sp->fd[k] >= 0 && sp->fd[k] < 6 && sp->fd[k] != k
				 ? fcntl(sp->fd[k], F_DUPFD, 6) : sp->fd[k];
	for (k = 0; k < 6; k++)
		if (src[k] >= 0)
			sv_proc_move(src[k], k);
		else if (src[k] == -2)
			close(k);
	if (nf >= 0 && sv_proc_move(nf, sp->nto) < 0)
		sv_die_unable(sp->failcode, "set up notification-fd");
	if (sp->setsid)
		setsid();
	else if (sp->pgrp)
		setpgid(0, 0);
	if (sp->self)
		execve(sp->self, sp->argv, environ);
	if (sp->path)
		sv_proc_execvp(sp->argv[0], sp->argv, environ, sp->path);
	else
		execve(sp->argv[0], sp->argv, environ);
	sv_warn_unable("start %s", sp->what);
	_exit(sp->failcode);
}
