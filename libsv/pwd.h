/* SPDX-License-Identifier: 0BSD */
/* libsv/pwd.h - accounts: users, groups, and becoming one. */
#ifndef LIBSV_PWD_H
#define LIBSV_PWD_H
#include <stddef.h>
#include <sys/types.h>

/* Under glibc these ask the C library (NSS: LDAP, userdb, ... as
 * configured). Elsewhere (musl, static) /etc/passwd and /etc/group are
 * read here, with no stdio, no malloc and no nscd query: a line over
 * SV_DB_LINE bytes is seen only up to there. */
#define SV_DB_LINE 1024

struct sv_pw {
	uid_t uid;
	gid_t gid;
	char *name, *dir; /* in the caller's buffer */
};

/* The user called name: 1 (pw filled, its strings in buf), 0 when there
 * is none, -1 with errno when the lookup failed. */
int sv_getpw(const char *name, struct sv_pw *pw, char *buf, size_t cap);

/* The group called name: 1 (*gid set), 0 when there is none, -1 with
 * errno. */
int sv_getgr(const char *name, gid_t *gid);

/* user's groups: gid first, then every group whose member list names
 * user (initgroups); the count, or -1 with errno (ERANGE: more than
 * max). */
int sv_getgroups(const char *user, gid_t gid, gid_t *list, int max);

/* Become uid with the supplementary groups list[0..n) and the group
 * list[0]: 0, or -1 with errno and *what the step that failed
 * ("setgroups", "setgid", "setuid"). */
int sv_become(uid_t uid, const gid_t *list, int n, const char **what);

/* The colon file reader behind them (also cgroup.c's reader of
 * /proc/self/cgroup, and the unit tests'): the
 * next line of fd split at ':' into at most nf fields (the last keeps the
 * rest of the line), in buf (cap bytes, SV_DB_LINE is enough); the number
 * of fields, 0 at the end, -1 with errno. st is zeroed before the first
 * call. */
struct sv_db {
	size_t have, off;
	int eof, cut;
};
int sv_db_next(int fd, struct sv_db *st, char *buf, size_t cap, char **f,
	       int nf);
#endif
