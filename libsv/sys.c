/* SPDX-License-Identifier: 0BSD */
/*
 * libsv/sys.c - the thin system-call wrappers of the static musl build.
 *
 * musl's fstatat, fcntl, open, pipe2, fchmod, fchown, fchdir and signal carry
 * fallbacks for kernels before 2.6.39/3.6 (O_PATH descriptors through
 * /proc/self/fd, O_CLOEXEC by a second fcntl, the 32-bit stat layouts),
 * and its clock_gettime looks up the vDSO; its signalfd, readlink and
 * close carry more fallbacks, its _Fork the locks and signal masking a
 * threaded program needs, its strlen and strchrnul a word-at-a-time
 * scan: 5 KB of a 52 KB router binary that svbox never needs. With
 * SV_RAWSYS (set by the Makefile for STATIC=1) and musl on x86_64 or
 * aarch64, where the kernel's struct stat and flag values are musl's
 * own, these definitions take the place of libc's in the link: each is
 * the system call itself, with errno set by libc's syscall(). Everywhere
 * else (glibc, dynamic builds, other architectures) this file is empty
 * and libc's functions are used.
 *
 * What is given up: the vDSO (a clock read is a system call, a few
 * hundred nanoseconds, a handful of times per event) and support for
 * kernels older than 3.6. signal() here only sets SIG_DFL or SIG_IGN
 * (svbox installs no handler on Linux: signals are read from a signalfd).
 * _Fork is the bare system call: svbox has no threads, no handlers and
 * never calls raise() (the child's libc keeps the parent's thread id).
 */
#include <stddef.h>
#if defined(SV_RAWSYS) && defined(__linux__) && !defined(__GLIBC__) && \
	(defined(__x86_64__) || defined(__aarch64__))
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

int fstatat(int dir, const char *restrict path, struct stat *restrict st,
	    int flags)
{
	return (int)syscall(SYS_newfstatat, dir, path, st, flags);
}

int fstat(int fd, struct stat *st)
{
	return fstatat(fd, "", st, AT_EMPTY_PATH);
}

int stat(const char *restrict path, struct stat *restrict st)
{
	return fstatat(AT_FDCWD, path, st, 0);
}

int lstat(const char *restrict path, struct stat *restrict st)
{
	return fstatat(AT_FDCWD, path, st, AT_SYMLINK_NOFOLLOW);
}

static long arg(va_list ap)
{
	return va_arg(ap, long);
}

int fcntl(int fd, int cmd, ...)
{
	va_list ap;
	long a;

	va_start(ap, cmd);
	a = arg(ap);
	va_end(ap);
	return (int)syscall(SYS_fcntl, fd, cmd, a);
}

int openat(int dir, const char *path, int flags, ...)
{
	va_list ap;
	long mode;

	va_start(ap, flags);
	mode = arg(ap);
	va_end(ap);
	return (int)syscall(SYS_openat, dir, path, flags, mode);
}

int open(const char *path, int flags, ...)
{
	va_list ap;
	long mode;

	va_start(ap, flags);
	mode = arg(ap);
	va_end(ap);
	return openat(AT_FDCWD, path, flags, (int)mode);
}

int pipe2(int fd[2], int flags)
{
	return (int)syscall(SYS_pipe2, fd, flags);
}

int fchmod(int fd, mode_t mode)
{
	return (int)syscall(SYS_fchmod, fd, mode);
}

int fchown(int fd, uid_t uid, gid_t gid)
{
	return (int)syscall(SYS_fchown, fd, uid, gid);
}

int fchdir(int fd)
{
	return (int)syscall(SYS_fchdir, fd);
}

int clock_gettime(clockid_t clock, struct timespec *ts)
{
	return (int)syscall(SYS_clock_gettime, clock, ts);
}

void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	return (void *)syscall(SYS_mmap, addr, len, prot, flags, fd, off);
}

/* The kernel's struct sigaction begins with the handler; with flags,
 * restorer and mask zero it sets SIG_DFL or SIG_IGN on every arch. */
void (*signal(int sig, void (*handler)(int)))(int)
{
	struct {
		void (*handler)(int);
		unsigned long rest[4];
	} ka = { handler, { 0, 0, 0, 0 } }, old;

	if (handler != SIG_DFL && handler != SIG_IGN) {
		errno = EINVAL;
		return SIG_ERR;
	}
	if (syscall(SYS_rt_sigaction, sig, &ka, &old, _NSIG / 8) < 0)
		return SIG_ERR;
	return old.handler;
}
int close(int fd)
{
	/* Linux frees the descriptor even when close is interrupted: done */
	long r = syscall(SYS_close, fd);
	return r < 0 && errno == EINTR ? 0 : (int)r;
}

int signalfd(int fd, const sigset_t *set, int flags)
{
	return (int)syscall(SYS_signalfd4, fd, set, _NSIG / 8, flags);
}

ssize_t readlinkat(int dir, const char *restrict path, char *restrict buf,
		   size_t n)
{
	return syscall(SYS_readlinkat, dir, path, buf, n);
}

ssize_t readlink(const char *restrict path, char *restrict buf, size_t n)
{
	return readlinkat(AT_FDCWD, path, buf, n);
}

/* svbox has no threads and no signal handlers: a process is copied by
 * the system call alone. The child's copy of libc's thread record keeps
 * the parent's thread id, which only raise() and the pthread calls read;
 * svbox calls neither. */
pid_t _Fork(void)
{
	return (pid_t)syscall(SYS_clone, SIGCHLD, 0, 0, 0, 0);
}

/* The string functions svbox uses on short strings (names, paths, format
 * strings), a byte at a time; memchr, over whole input buffers in
 * svlogd, stays libc's. getenv is here because musl's uses its internal
 * strchrnul, which would bring that back. */
size_t strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return (size_t)(p - s);
}

char *strchrnul(const char *s, int c)
{
	while (*s && *s != (char)c)
		s++;
	return (char *)s;
}

char *strchr(const char *s, int c)
{
	s = strchrnul(s, c);
	return *s == (char)c ? (char *)s : NULL;
}

char *getenv(const char *name)
{
	extern char **environ;
	size_t n = (size_t)(strchrnul(name, '=') - name);
	char **e;

	if (n && !name[n])
		for (e = environ; *e; e++)
			if (!strncmp(*e, name, n) && (*e)[n] == '=')
				return *e + n + 1;
	return NULL;
}
#else
typedef int sv_sys_empty; /* ISO C: a translation unit is not empty */
#endif
