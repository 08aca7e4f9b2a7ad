/* SPDX-License-Identifier: 0BSD */
/*
 * libsv/rawsys.h - included first into every file of the static musl
 * build (the Makefile's -include, with SV_RAWSYS): open, openat and
 * fcntl called through libsv/sys.c's fixed-argument forms. libc declares
 * the three variadic, and a variadic call costs each call site the
 * vector-register count in %al and each definition a va_list frame that
 * saves every argument register (-0.3 KB defconfig). The mode (or fcntl's
 * argument) is 0 where the call has none; elsewhere these are libc's.
 */
#ifndef LIBSV_RAWSYS_H
#define LIBSV_RAWSYS_H
#include <fcntl.h>
#include "sys.h"
#if defined(SV_OWN_SYS)
int sv_openat(int dir, const char *path, int flags, long mode);
int sv_fcntl(int fd, int cmd, long arg);
#define SV_OPENAT_(d, p, f, m, ...) sv_openat(d, p, f, (long)(m))
#define openat(...) SV_OPENAT_(__VA_ARGS__, 0, 0)
#define SV_OPEN_(p, f, m, ...) sv_openat(AT_FDCWD, p, f, (long)(m))
#define open(...) SV_OPEN_(__VA_ARGS__, 0, 0)
#define SV_FCNTL_(fd, c, a, ...) sv_fcntl(fd, c, (long)(a))
#define fcntl(...) SV_FCNTL_(__VA_ARGS__, 0, 0)
#endif
#endif
