/* SPDX-License-Identifier: 0BSD */
/*
 * libsv/start.c - the start-up of the static musl build of svbox.
 *
 * The C library's start-up (crt1, crti, crtbegin, crtend, crtn and
 * musl's __libc_start_main) sets up the thread pointer and the
 * thread-local block a threaded program needs (errno lives in it), the
 * stack protector's canary and the aux vector's facts, and runs
 * constructors and, from exit, destructors and stdio's flush: 1.9 KB of
 * the router binary's code and 568 B of its writable memory that svbox
 * has no use for (no threads, no constructors, no atexit, no stdio: its
 * output is flushed by libsv/out.c before it exits). Here the entry
 * point finds argc, argv and the environment and calls main; errno is a
 * plain variable and exit is _exit.
 *
 * Nothing svbox links from musl may read the thread pointer then, which
 * is never set: what libsv/sys.c does not replace is memchr, memcpy,
 * memmove and a few plain system calls (getrlimit and prctl are in
 * sys.c because Debian's musl builds them with the stack protector,
 * whose canary is read through it). svbox.bats disassembles the static
 * binary and fails on an access through the thread pointer that nothing
 * set. The unit tests, which use libc's stdio (it reads the thread
 * pointer), link without this file and with libc's start files; a build
 * with the stack protector keeps libc's start-up, and every other build
 * (glibc, dynamic, other architectures) compiles this file empty.
 */
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>
#include "sys.h"
#if defined(SV_OWN_SYS) && !defined(__SSP__) && !defined(__SSP_STRONG__) && \
	!defined(__SSP_ALL__) && !defined(__SSP_EXPLICIT__)
/* the Makefile links svbox without the C library's start files (crt1,
 * crti, crtbegin, crtend, crtn) when it finds this defined */
#define SV_OWN_START 1
/* kept through link-time optimisation: libc's members that call them are
 * brought in after it has run */
#define KEEP __attribute__((noinline, used))

static int sv_errno_value;

KEEP int *__errno_location(void)
{
	return &sv_errno_value;
}

/* the name musl's own code (__syscall_ret) calls it by */
KEEP __attribute__((const)) int *___errno_location(void)
	__attribute__((alias("__errno_location")));

/* The entry point: the kernel leaves argc, argv, NULL, envp, NULL and
 * the aux vector on the stack. */
#if defined(__x86_64__)
__asm__(".text\n.global _start\n.type _start,@function\n_start:\n"
	"\txor %ebp,%ebp\n\tmov %rsp,%rdi\n\tand $-16,%rsp\n"
	"\tcall sv_start\n\thlt\n");
#else
__asm__(".text\n.global _start\n.type _start,%function\n_start:\n"
	"\tmov x29,#0\n\tmov x30,#0\n\tmov x0,sp\n\tbl sv_start\n");
#endif

int main(int argc, char **argv); /* main.c */
KEEP __attribute__((noreturn)) void sv_start(long *sp);
KEEP __attribute__((noreturn)) void sv_start(long *sp)
{
	extern char **environ;
	int argc = (int)sp[0];
	char **argv = (char **)(sp + 1);

	environ = argv + argc + 1;
	_exit(main(argc, argv));
}

/* svbox registers nothing with atexit and keeps no stdio buffers: its
 * output is flushed before it exits (libsv/out.c), so exit has nothing
 * to run first */
KEEP void exit(int code)
{
	_exit(code);
}
#else
typedef int sv_start_empty; /* ISO C: a translation unit is not empty */
#endif
