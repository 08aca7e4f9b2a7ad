/* SPDX-License-Identifier: 0BSD */
/* libsv/ident.h - what a new supervisor needs to recognise a process the
 * last one started (docs/runsv.8, "Takeover"): its pid, the kernel's
 * start time of it (clock ticks since boot, /proc/PID/stat field 22) and
 * the boot it belongs to. A pid alone is not enough: pids are reused; a
 * reused pid has another start time, a reboot another boot id.
 */
#ifndef LIBSV_IDENT_H
#define LIBSV_IDENT_H
#include <stddef.h>
#include <sys/types.h>

struct sv_ident {
	unsigned long pid;
	unsigned long long start; /* ticks since boot */
	char boot[40];		  /* /proc/sys/kernel/random/boot_id */
};

/* The identity of the living process pid: 0, or -1 with errno. */
int sv_ident_of(pid_t pid, struct sv_ident *id);
/* "PID START BOOT\n"; returns the length (out holds SV_IDENT_MAX). */
enum { SV_IDENT_MAX = 80 };
size_t sv_ident_format(char *out, const struct sv_ident *id);
/* The reverse: 0, or -1 for anything else. */
int sv_ident_parse(struct sv_ident *id, const char *buf, size_t n);
/* The field 22 of a /proc/PID/stat line (the command may hold spaces and
 * parentheses: counted from the last ')'): 0 and *start, or -1. */
int sv_ident_start(const char *stat, size_t n, unsigned long long *start);
/* 1 if a and b are one process (pid, start and boot all equal). */
int sv_ident_same(const struct sv_ident *a, const struct sv_ident *b);
#endif
