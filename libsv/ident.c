/* SPDX-License-Identifier: 0BSD */
/* libsv/ident.c - see ident.h */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include "fmt.h"
#include "status.h"
#include "ident.h"

static ssize_t slurp(const char *path, char *buf, size_t cap)
{
	ssize_t n = sv_read_small(AT_FDCWD, path, 0, buf, cap - 1);

	if (n >= 0)
		buf[n] = 0;
	return n;
}

int sv_ident_start(const char *stat, size_t n, unsigned long long *start)
{
	const char *p = NULL, *e = stat + n;
	size_t i;
	int field;

	for (i = 0; i < n; i++)
		if (stat[i] == ')')
			p = stat + i;
	if (!p)
		return -1;
	/* after ')': field 3 (state) onwards, 22 is the start time */
	for (field = 2, p++; field < 22; field++) {
		while (p < e && *p == ' ')
			p++;
		if (field < 21)
			while (p < e && *p != ' ')
				p++;
	}
	if (p >= e || *p < '0' || *p > '9')
		return -1;
	*start = 0;
	for (; p < e && *p >= '0' && *p <= '9'; p++)
		*start = *start * 10 + (unsigned)(*p - '0');
	return 0;
}

int sv_ident_of(pid_t pid, struct sv_ident *id)
{
	/* field 22 of /proc/PID/stat lies within about 300 bytes even with
	 * 20-digit counters before it */
	char path[32], buf[400];
	ssize_t n;

	size_t k;

	memset(id, 0, sizeof *id);
	id->pid = (unsigned long)pid;
	/* by hand, not sv_fmt(): this is the deepest point of a runsv's
	 * stack, at every start (its pages count per service) */
	memcpy(path, "/proc/", 6);
	k = 6 + sv_fmt_ulong(path + 6, (unsigned long)pid);
	memcpy(path + k, "/stat", sizeof "/stat");
	n = slurp(path, buf, sizeof buf);
	if (n <= 0 || sv_ident_start(buf, (size_t)n, &id->start) < 0) {
		if (n > 0)
			errno = EINVAL;
		return -1;
	}
	n = slurp("/proc/sys/kernel/random/boot_id", id->boot, sizeof id->boot);
	if (n <= 0)
		return -1;
	id->boot[sv_upto(id->boot, '\n')] = 0;
	return 0;
}

size_t sv_ident_format(char *out, const struct sv_ident *id)
{
	return sv_fmt(out, SV_IDENT_MAX, "%lu %llu %s\n", id->pid, id->start,
		      id->boot);
}

/* not inlined into adopt(), where it costs more (-15 B) */
__attribute__((noinline)) int sv_ident_parse(struct sv_ident *id, const char *buf,
					    size_t n)
{
	unsigned long long v;
	size_t k, i = 0;

	memset(id, 0, sizeof *id);
	if (!n || n >= SV_IDENT_MAX || buf[n - 1] != '\n')
		return -1;
	k = sv_scan_ulong(buf, &v);
	if (!k || buf[k] != ' ' || !v || v > 0x7fffffff)
		return -1;
	id->pid = (unsigned long)v;
	i = k + 1;
	k = sv_scan_ulong(buf + i, &id->start);
	if (!k || buf[i + k] != ' ')
		return -1;
	i += k + 1;
	k = n - 1 - i;
	if (!k || k >= sizeof id->boot || memchr(buf + i, ' ', k))
		return -1;
	memcpy(id->boot, buf + i, k);
	id->boot[k] = 0;
	return 0;
}

int sv_ident_same(const struct sv_ident *a, const struct sv_ident *b)
{
	return a->pid && a->pid == b->pid && a->start == b->start &&
	       a->boot[0] && !strcmp(a->boot, b->boot);
}
