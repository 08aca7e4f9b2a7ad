/* SPDX-License-Identifier: 0BSD */
/*
 * libsv/sys.c - the thin system-call wrappers of the static musl build.
 *
 * musl's fstatat, fcntl, open, pipe2, fchmod, fchown, fchdir and signal carry
 * fallbacks for kernels before 2.6.39/3.6 (O_PATH descriptors through
 * /proc/self/fd, O_CLOEXEC by a second fcntl, the 32-bit stat layouts),
 * and its clock_gettime looks up the vDSO; its signalfd, readlink and
 * close carry more fallbacks, its _Fork the locks and signal masking a
 * threaded program needs, its read, write, poll, waitpid and the like
 * are thread cancellation points, its strlen and strchrnul scan a word
 * at a time; svbox needs none of it, and the router binary has 6 KB
 * less code without it (46.5 KB against 52.5). With SV_RAWSYS (set by
 * the Makefile for STATIC=1) and musl on x86_64 or aarch64, where the
 * kernel's struct stat and flag values are musl's own, these
 * definitions take the place of libc's in the link: each is the system
 * call itself. On x86_64 the call is made inline (SYS3, SYS6) and the
 * plain calls (read, write, poll, waitpid, ...) and libsv's sv_syscall
 * (sys.h) are here too; on aarch64 only the first set, through libc's
 * syscall()
 * (not in CI: built with Debian's gcc-aarch64-linux-gnu and
 * musl-dev:arm64, runsv.bats, sv.bats and svlogd.bats run under
 * qemu-user). Everywhere else (glibc, dynamic builds, other
 * architectures) this file is empty and libc's functions are used.
 *
 * What is given up: the vDSO (a clock read is a system call, a few
 * hundred nanoseconds, a handful of times per event) and support for
 * kernels older than 3.6. signal() here only sets SIG_DFL or SIG_IGN
 * (svbox installs no handler on Linux: signals are read from a signalfd).
 * _Fork is the bare system call: svbox has no threads, no handlers and
 * never calls raise() (the child's libc keeps the parent's thread id);
 * sigprocmask does not keep libc's own signals (threads, timers) out of
 * the mask, as svbox uses none.
 */
#include "sys.h"
#if defined(SV_OWN_SYS)
#include <stddef.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h> /* renameat */
#include <sys/file.h>
#include <sys/inotify.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/statfs.h>
#include <sys/reboot.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

/* libc's functions are called, not inlined: one copy of each */
#define NOINLINE __attribute__((noinline))
/* the string functions are what libc's own code calls too (printf's
 * strnlen, in the unit tests): kept for callers that the link brings in
 * after link-time optimisation has run */
#define STRFN __attribute__((noinline, used))

#if defined(__x86_64__)
/* The kernel's own calling convention, inline: no varargs frame (libc's
 * syscall() saves every argument register, vector ones included, on the
 * stack) and no marshalling of the arguments into it. */
static inline long sc3(long n, long a, long b, long c)
{
	long r;

	__asm__ volatile("syscall"
			 : "=a"(r)
			 : "a"(n), "D"(a), "S"(b), "d"(c)
			 : "rcx", "r11", "memory");
	return r;
}

static inline long sc6(long n, long a, long b, long c, long d, long e,
		       long f)
{
	register long r10 __asm__("r10") = d;
	register long r8 __asm__("r8") = e;
	register long r9 __asm__("r9") = f;
	long r;

	__asm__ volatile("syscall"
			 : "=a"(r)
			 : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8),
			   "r"(r9)
			 : "rcx", "r11", "memory");
	return r;
}

/* the kernel's -errno as -1 and errno */
static __attribute__((noinline)) long ret(long r)
{
	if ((unsigned long)r > -4096UL) {
		errno = (int)-r;
		return -1;
	}
	return r;
}

#define SYS3(n, a, b, c) ret(sc3(n, (long)(a), (long)(b), (long)(c)))
#define SYS6(n, a, b, c, d, e, f)                                           \
	ret(sc6(n, (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), \
		(long)(f)))
#else
#define SYS3(n, a, b, c) syscall(n, a, b, c)
#define SYS6(n, a, b, c, d, e, f) syscall(n, a, b, c, d, e, f)
#endif
#define SYS1(n, a) SYS3(n, a, 0, 0)
#define SYS2(n, a, b) SYS3(n, a, b, 0)
#define SYS4(n, a, b, c, d) SYS6(n, a, b, c, d, 0, 0)

NOINLINE int fstatat(int dir, const char *restrict path,
		     struct stat *restrict st, int flags)
{
	return (int)SYS4(SYS_newfstatat, dir, path, st, flags);
}

NOINLINE int fstat(int fd, struct stat *st)
{
	return fstatat(fd, "", st, AT_EMPTY_PATH);
}

NOINLINE int stat(const char *restrict path, struct stat *restrict st)
{
	return fstatat(AT_FDCWD, path, st, 0);
}

NOINLINE int lstat(const char *restrict path, struct stat *restrict st)
{
	return fstatat(AT_FDCWD, path, st, AT_SYMLINK_NOFOLLOW);
}

/* the fixed-argument forms the static build calls (rawsys.h); libc's
 * variadic names stay for libc's own members */
#undef open
#undef openat
#undef fcntl

NOINLINE int sv_fcntl(int fd, int cmd, long a)
{
	return (int)SYS3(SYS_fcntl, fd, cmd, a);
}

NOINLINE int sv_openat(int dir, const char *path, int flags, long mode)
{
	return (int)SYS4(SYS_openat, dir, path, flags, mode);
}

static long arg(va_list ap)
{
	return va_arg(ap, long);
}

NOINLINE int fcntl(int fd, int cmd, ...)
{
	va_list ap;
	long a;

	va_start(ap, cmd);
	a = arg(ap);
	va_end(ap);
	return sv_fcntl(fd, cmd, a);
}

NOINLINE int openat(int dir, const char *path, int flags, ...)
{
	va_list ap;
	long mode;

	va_start(ap, flags);
	mode = arg(ap);
	va_end(ap);
	return sv_openat(dir, path, flags, mode);
}

NOINLINE int open(const char *path, int flags, ...)
{
	va_list ap;
	long mode;

	va_start(ap, flags);
	mode = arg(ap);
	va_end(ap);
	return sv_openat(AT_FDCWD, path, flags, mode);
}

NOINLINE int pipe2(int fd[2], int flags)
{
	return (int)SYS2(SYS_pipe2, fd, flags);
}

NOINLINE int fchmod(int fd, mode_t mode)
{
	return (int)SYS2(SYS_fchmod, fd, mode);
}

NOINLINE int fchown(int fd, uid_t uid, gid_t gid)
{
	return (int)SYS3(SYS_fchown, fd, uid, gid);
}

NOINLINE int fchdir(int fd)
{
	return (int)SYS1(SYS_fchdir, fd);
}

NOINLINE int clock_gettime(clockid_t clock, struct timespec *ts)
{
	return (int)SYS2(SYS_clock_gettime, clock, ts);
}

NOINLINE void *mmap(void *addr, size_t len, int prot, int flags, int fd,
		    off_t off)
{
	return (void *)SYS6(SYS_mmap, addr, len, prot, flags, fd, off);
}

/* The kernel's struct sigaction begins with the handler; with flags,
 * restorer and mask zero it sets SIG_DFL or SIG_IGN on every arch. */
NOINLINE void (*signal(int sig, void (*handler)(int)))(int)
{
	struct {
		void (*handler)(int);
		unsigned long rest[4];
	} ka = { handler, { 0, 0, 0, 0 } }, old;

	if (handler != SIG_DFL && handler != SIG_IGN) {
		errno = EINVAL;
		return SIG_ERR;
	}
	if (SYS4(SYS_rt_sigaction, sig, &ka, &old, _NSIG / 8) < 0)
		return SIG_ERR;
	return old.handler;
}

NOINLINE int close(int fd)
{
	/* Linux frees the descriptor even when close is interrupted: done */
	long r = SYS1(SYS_close, fd);
	return r < 0 && errno == EINTR ? 0 : (int)r;
}

NOINLINE int signalfd(int fd, const sigset_t *set, int flags)
{
	return (int)SYS4(SYS_signalfd4, fd, set, _NSIG / 8, flags);
}

NOINLINE ssize_t readlinkat(int dir, const char *restrict path,
			    char *restrict buf, size_t n)
{
	return SYS4(SYS_readlinkat, dir, path, buf, n);
}

NOINLINE ssize_t readlink(const char *restrict path, char *restrict buf,
			  size_t n)
{
	return readlinkat(AT_FDCWD, path, buf, n);
}

#if defined(__x86_64__)
/* x86-64 only (aarch64 has other calls for several of them: poll, dup2,
 * unlink, symlink, renameat): the plain ones, one system call each,
 * without libc's thread cancellation points and its waits for other
 * threads. */
NOINLINE ssize_t read(int fd, void *buf, size_t n)
{
	return SYS3(SYS_read, fd, buf, n);
}

NOINLINE ssize_t write(int fd, const void *buf, size_t n)
{
	return SYS3(SYS_write, fd, buf, n);
}

NOINLINE ssize_t writev(int fd, const struct iovec *v, int n)
{
	return SYS3(SYS_writev, fd, v, n);
}

NOINLINE int poll(struct pollfd *p, nfds_t n, int ms)
{
	return (int)SYS3(SYS_poll, p, n, ms);
}

NOINLINE pid_t waitpid(pid_t pid, int *w, int opt)
{
	return (pid_t)SYS4(SYS_wait4, pid, w, opt, 0);
}

NOINLINE int munmap(void *addr, size_t len)
{
	return (int)SYS2(SYS_munmap, addr, len);
}

NOINLINE int fsync(int fd)
{
	return (int)SYS1(SYS_fsync, fd);
}

NOINLINE int dup2(int from, int to)
{
	return (int)SYS2(SYS_dup2, from, to);
}

NOINLINE int flock(int fd, int op)
{
	return (int)SYS2(SYS_flock, fd, op);
}

NOINLINE int kill(pid_t pid, int sig)
{
	return (int)SYS2(SYS_kill, pid, sig);
}

NOINLINE int setpgid(pid_t pid, pid_t pg)
{
	return (int)SYS2(SYS_setpgid, pid, pg);
}

NOINLINE pid_t setsid(void)
{
	return (pid_t)SYS1(SYS_setsid, 0);
}

NOINLINE int chdir(const char *path)
{
	return (int)SYS1(SYS_chdir, path);
}

NOINLINE int unlink(const char *path)
{
	return (int)SYS1(SYS_unlink, path);
}

NOINLINE int unlinkat(int dir, const char *path, int flags)
{
	return (int)SYS3(SYS_unlinkat, dir, path, flags);
}

NOINLINE int mkdirat(int dir, const char *path, mode_t mode)
{
	return (int)SYS3(SYS_mkdirat, dir, path, mode);
}

NOINLINE int mknodat(int dir, const char *path, mode_t mode, dev_t dev)
{
	return (int)SYS4(SYS_mknodat, dir, path, mode, dev);
}

NOINLINE int renameat(int od, const char *op, int nd, const char *np)
{
	return (int)SYS4(SYS_renameat, od, op, nd, np);
}

NOINLINE int symlink(const char *target, const char *path)
{
	return (int)SYS2(SYS_symlink, target, path);
}

NOINLINE int execve(const char *path, char *const argv[], char *const envp[])
{
	return (int)SYS3(SYS_execve, path, argv, envp);
}

NOINLINE off_t lseek(int fd, off_t off, int whence)
{
	return SYS3(SYS_lseek, fd, off, whence);
}

NOINLINE ssize_t splice(int in, off_t *inoff, int out, off_t *outoff, size_t n,
	       unsigned flags)
{
	return SYS6(SYS_splice, in, inoff, out, outoff, n, flags);
}

NOINLINE ssize_t tee(int in, int out, size_t n, unsigned flags)
{
	return SYS4(SYS_tee, in, out, n, flags);
}

NOINLINE int inotify_init1(int flags)
{
	return (int)SYS1(SYS_inotify_init1, flags);
}

NOINLINE int inotify_add_watch(int fd, const char *path, uint32_t mask)
{
	return (int)SYS3(SYS_inotify_add_watch, fd, path, mask);
}

NOINLINE int inotify_rm_watch(int fd, int wd)
{
	return (int)SYS2(SYS_inotify_rm_watch, fd, wd);
}

NOINLINE int prlimit(pid_t pid, int res, const struct rlimit *set,
		     struct rlimit *old)
{
	return (int)SYS4(SYS_prlimit64, pid, res, set, old);
}

/* libsv's own system calls without a libc wrapper (getdents64, getcwd,
 * pidfd_open, ...; libsv/sys.h): no varargs frame */
NOINLINE long sv_syscall(long n, long a, long b, long c, long d, long e)
{
	return SYS6(n, a, b, c, d, e, 0);
}

/* the applets' rarer calls: musl's socket() emulates SOCK_CLOEXEC for
 * kernels before 2.6.27, its sendto and pause are cancellation points,
 * its nice() is two calls of its own, its statfs and fstatfs bring
 * statvfs's conversions (-0.9 KB defconfig) */
NOINLINE int socket(int domain, int type, int proto)
{
	return (int)SYS3(SYS_socket, domain, type, proto);
}

NOINLINE ssize_t sendto(int fd, const void *buf, size_t n, int flags,
			const struct sockaddr *to, socklen_t tolen)
{
	return SYS6(SYS_sendto, fd, buf, n, flags, to, tolen);
}

NOINLINE int statfs(const char *path, struct statfs *st)
{
	return (int)SYS2(SYS_statfs, path, st);
}

NOINLINE int fstatfs(int fd, struct statfs *st)
{
	return (int)SYS2(SYS_fstatfs, fd, st);
}

NOINLINE int chroot(const char *path)
{
	return (int)SYS1(SYS_chroot, path);
}

NOINLINE int chmod(const char *path, mode_t mode)
{
	return (int)SYS2(SYS_chmod, path, mode);
}

NOINLINE int rename(const char *from, const char *to)
{
	return (int)SYS2(SYS_rename, from, to);
}

NOINLINE int symlinkat(const char *target, int dir, const char *path)
{
	return (int)SYS3(SYS_symlinkat, target, dir, path);
}

NOINLINE int pause(void)
{
	return (int)SYS1(SYS_pause, 0);
}

NOINLINE void sync(void)
{
	SYS1(SYS_sync, 0);
}

/* the kernel's two magic numbers guard against a stray call */
NOINLINE int reboot(int how)
{
	return (int)SYS4(SYS_reboot, 0xfee1deadL, 0x28121969L, how, 0);
}

/* the new nice value, or -1 and errno (POSIX: EPERM for a raise not
 * allowed); the kernel's getpriority() says 20 - nice, never negative */
NOINLINE int nice(int inc)
{
	long cur = SYS2(SYS_getpriority, PRIO_PROCESS, 0);
	long n;

	if (cur < 0)
		return -1;
	n = 20 - cur + (inc < -40 ? -40 : inc > 40 ? 40 : inc);
	n = n < -20 ? -20 : n > 19 ? 19 : n;
	if (SYS3(SYS_setpriority, PRIO_PROCESS, 0, n) < 0) {
		if (errno == EACCES)
			errno = EPERM;
		return -1;
	}
	return (int)n;
}
#endif

/* svbox uses no signal of libc's own (thread cancellation, timers): the
 * mask is set as it is asked, and a set holds what it is given */
NOINLINE int sigemptyset(sigset_t *set)
{
	memset(set, 0, sizeof *set);
	return 0;
}

NOINLINE int sigaddset(sigset_t *set, int sig)
{
	unsigned s = (unsigned)sig - 1, w = 8 * sizeof(unsigned long);

	if (s >= _NSIG - 1) {
		errno = EINVAL;
		return -1;
	}
	((unsigned long *)set)[s / w] |= 1UL << (s % w);
	return 0;
}

NOINLINE int sigprocmask(int how, const sigset_t *restrict set,
			 sigset_t *restrict old)
{
	return (int)SYS4(SYS_rt_sigprocmask, how, set, old, _NSIG / 8);
}

/* getrlimit and prctl: Debian's musl builds them with the stack
 * protector, whose canary is read through the thread pointer that
 * libsv/start.c's start-up does not set */
NOINLINE int getrlimit(int res, struct rlimit *r)
{
	return (int)SYS4(SYS_prlimit64, 0, res, 0, r);
}

NOINLINE int prctl(int op, ...)
{
	va_list ap;
	long a[4];
	int i;

	va_start(ap, op);
	for (i = 0; i < 4; i++)
		a[i] = va_arg(ap, long);
	va_end(ap);
	return (int)SYS6(SYS_prctl, op, a[0], a[1], a[2], a[3], 0);
}

/* svbox has no threads and no signal handlers: a process is copied by
 * the system call alone. The child's copy of libc's thread record keeps
 * the parent's thread id, which only raise() and the pthread calls read;
 * svbox calls neither. */
pid_t _Fork(void)
{
	return (pid_t)SYS4(SYS_clone, SIGCHLD, 0, 0, 0);
}

/* The string functions svbox uses on short strings (names, paths, format
 * strings, status records), a byte at a time; memchr, over whole input
 * buffers in svlogd, and memcpy and memmove stay libc's. getenv is here
 * because musl's uses its internal strchrnul, which would bring that
 * back. */
STRFN size_t strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return (size_t)(p - s);
}

STRFN char *strchrnul(const char *s, int c)
{
	while (*s && *s != (char)c)
		s++;
	return (char *)s;
}

STRFN size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

STRFN int strncmp(const char *a, const char *b, size_t n)
{
	for (; n && *a && *a == *b; n--, a++, b++)
		;
	return n ? (unsigned char)*a - (unsigned char)*b : 0;
}

STRFN int strcmp(const char *a, const char *b)
{
	for (; *a && *a == *b; a++, b++)
		;
	return (unsigned char)*a - (unsigned char)*b;
}

STRFN int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *p = a, *q = b;

	for (; n && *p == *q; n--, p++, q++)
		;
	return n ? *p - *q : 0;
}

STRFN char *strrchr(const char *s, int c)
{
	const char *r = NULL;

	do
		if (*s == (char)c)
			r = s;
	while (*s++);
	return (char *)r;
}

STRFN char *strchr(const char *s, int c)
{
	s = strchrnul(s, c);
	return *s == (char)c ? (char *)s : NULL;
}

STRFN char *getenv(const char *name)
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
