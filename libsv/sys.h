/* SPDX-License-Identifier: 0BSD */
/*
 * libsv/sys.h - a system call that libc has no wrapper for (getdents64,
 * pidfd_open, renameat2, ...), with up to five arguments: libc's
 * syscall(), or in the static musl build on x86_64 libsv/sys.c's own
 * without the varargs frame (-140 B).
 */
#ifndef LIBSV_SYS_H
#define LIBSV_SYS_H
#include <unistd.h>
#include <sys/syscall.h>

/* libsv/sys.c's wrappers take the place of libc's: SV_RAWSYS (the
 * Makefile's static build) with musl on x86_64 or aarch64. Tested after
 * a libc header: glibc says itself only there. */
#if defined(SV_RAWSYS) && defined(__linux__) && !defined(__GLIBC__) && \
	(defined(__x86_64__) || defined(__aarch64__))
#define SV_OWN_SYS 1
#endif

#if defined(SV_OWN_SYS) && defined(__x86_64__)
long sv_syscall(long n, long a, long b, long c, long d, long e);
#else
#define sv_syscall(n, a, b, c, d, e) syscall(n, a, b, c, d, e)
#endif
/* prctl with one argument: the system call as above (libc's prctl is
 * variadic, and its va_list frame costs 150 B) */
#define sv_prctl(op, a) sv_syscall(SYS_prctl, op, a, 0, 0, 0)

#endif
