/* SPDX-License-Identifier: 0BSD */
/* libsv/pwd.c - see pwd.h */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include "fmt.h"
#include "sys.h"
#include "pwd.h"
#ifdef __GLIBC__
#include <grp.h>
#include <pwd.h>
#else
#include <sys/syscall.h>
#endif

/* more input behind what is kept from off on: 1, 0 at the end (or a full
 * buffer), -1 with errno */
static int fill(int fd, struct sv_db *st, char *buf, size_t cap)
{
	ssize_t n;

	memmove(buf, buf + st->off, st->have - st->off);
	st->have -= st->off;
	st->off = 0;
	if (st->eof || st->have == cap - 1)
		return 0;
	do
		n = read(fd, buf + st->have, cap - 1 - st->have);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -1;
	st->eof = n == 0;
	st->have += (size_t)n;
	return n > 0;
}

int sv_db_next(int fd, struct sv_db *st, char *buf, size_t cap, char **f,
	       int nf)
{
	char *line, *nl;
	int k, r;

	/* the rest of a line cut last time: skipped */
	while (st->cut) {
		nl = memchr(buf + st->off, '\n', st->have - st->off);
		if (nl) {
			st->off = (size_t)(nl - buf) + 1;
			st->cut = 0;
		} else {
			st->off = st->have;
			if ((r = fill(fd, st, buf, cap)) <= 0)
				return r;
		}
	}
	while (!(nl = memchr(buf + st->off, '\n', st->have - st->off))) {
		if ((r = fill(fd, st, buf, cap)) < 0)
			return -1;
		if (r)
			continue;
		if (st->off == st->have)
			return 0; /* the end */
		/* a last line without newline, or one longer than buf:
		 * seen up to here, its rest skipped next time */
		nl = buf + st->have;
		st->cut = !st->eof;
		break;
	}
	f[0] = line = buf + st->off;
	*nl = 0;
	st->off = (size_t)(nl - buf) + (nl < buf + st->have);
	for (k = 1; k < nf && (line = strchr(line, ':')); k++) {
		*line++ = 0;
		f[k] = line;
	}
	return k;
}

#ifdef __GLIBC__
int sv_getpw(const char *name, struct sv_pw *pw, char *buf, size_t cap)
{
	struct passwd *p;
	size_t k;

	errno = 0;
	p = getpwnam(name);
	if (!p)
		return errno ? -1 : 0;
	k = strlen(p->pw_name) + 1;
	if (k + strlen(p->pw_dir) + 1 > cap) {
		errno = ERANGE;
		return -1;
	}
	pw->uid = p->pw_uid;
	pw->gid = p->pw_gid;
	pw->name = memcpy(buf, p->pw_name, k);
	pw->dir = strcpy(buf + k, p->pw_dir);
	return 1;
}

int sv_getgr(const char *name, gid_t *gid)
{
	struct group *g;

	errno = 0;
	g = getgrnam(name);
	if (!g)
		return errno ? -1 : 0;
	*gid = g->gr_gid;
	return 1;
}

int sv_getgroups(const char *user, gid_t gid, gid_t *list, int max)
{
	int n = max;

	if (getgrouplist(user, gid, list, &n) < 0) {
		errno = ERANGE;
		return -1;
	}
	return n;
}

int sv_become(uid_t uid, const gid_t *list, int n, const char **what)
{
	*what = "setgroups";
	if (setgroups((size_t)n, list) < 0)
		return -1;
	*what = "setgid";
	if (setgid(list[0]) < 0)
		return -1;
	*what = "setuid";
	return setuid(uid);
}
#else
/* the line of file whose first field is name, in fields f[0..nf): the
 * count, 0 when none, -1 with errno */
static int find(const char *file, const char *name, char *buf, size_t cap,
		char **f, int nf)
{
	struct sv_db st = { 0, 0, 0, 0 };
	int fd = open(file, O_RDONLY | O_CLOEXEC), k, e;

	if (fd < 0)
		return errno == ENOENT ? 0 : -1;
	while ((k = sv_db_next(fd, &st, buf, cap, f, nf)) > 0)
		if (k == nf && !strcmp(f[0], name))
			break;
	e = errno;
	close(fd);
	errno = e;
	return k;
}

/* a numeric field: 0 when it is not one */
static int id(const char *s, unsigned long long *v)
{
	size_t k = sv_scan_ulong(s, v);

	return k && !s[k] && *v < 0xffffffffUL;
}

int sv_getpw(const char *name, struct sv_pw *pw, char *buf, size_t cap)
{
	char *f[7];
	unsigned long long u, g;
	int k = find("/etc/passwd", name, buf, cap, f, 7);

	if (k <= 0)
		return k;
	if (!id(f[2], &u) || !id(f[3], &g))
		return 0; /* a broken entry: none (as the C libraries) */
	pw->uid = (uid_t)u;
	pw->gid = (gid_t)g;
	pw->name = f[0];
	pw->dir = f[5];
	return 1;
}

int sv_getgr(const char *name, gid_t *gid)
{
	char buf[256], *f[4];
	unsigned long long g;
	/* the name and gid are all it needs: a long member list is cut */
	int k = find("/etc/group", name, buf, sizeof buf, f, 4);

	if (k <= 0)
		return k;
	if (!id(f[2], &g))
		return 0;
	*gid = (gid_t)g;
	return 1;
}

int sv_getgroups(const char *user, gid_t gid, gid_t *list, int max)
{
	char buf[SV_DB_LINE], *f[4], *m;
	struct sv_db st = { 0, 0, 0, 0 };
	unsigned long long g;
	size_t ulen = strlen(user);
	int fd, k, n = 1, i, e;

	if (max < 1) {
		errno = ERANGE;
		return -1;
	}
	list[0] = gid;
	fd = open("/etc/group", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? n : -1;
	while ((k = sv_db_next(fd, &st, buf, sizeof buf, f, 4)) > 0) {
		if (k < 4 || !id(f[2], &g))
			continue;
		for (m = f[3];; m++) {
			size_t l = sv_upto(m, ',');
			if (l == ulen && !memcmp(m, user, l))
				break;
			m += l;
			if (!*m)
				break;
		}
		if (!*m)
			continue;
		for (i = 0; i < n && list[i] != (gid_t)g; i++)
			;
		if (i < n)
			continue;
		if (n == max) {
			k = -1;
			errno = ERANGE;
			break;
		}
		list[n++] = (gid_t)g;
	}
	e = errno;
	close(fd);
	errno = e;
	return k < 0 ? -1 : n;
}

/* the system calls themselves: musl's wrappers bring their all-threads
 * machinery (1.3 KB static), and svbox has one thread */
int sv_become(uid_t uid, const gid_t *list, int n, const char **what)
{
	*what = "setgroups";
	if (sv_syscall(SYS_setgroups, (long)n, (long)list, 0, 0, 0) < 0)
		return -1;
	*what = "setgid";
	if (sv_syscall(SYS_setgid, list[0], 0, 0, 0, 0) < 0)
		return -1;
	*what = "setuid";
	return (int)sv_syscall(SYS_setuid, uid, 0, 0, 0, 0);
}
#endif
