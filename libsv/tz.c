/* SPDX-License-Identifier: 0BSD */
/* libsv/tz.c - see tz.h */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "tai.h"
#include "tz.h"

enum { MAXFILE = 1 << 20, MAXPATH = 256 };

/* a POSIX rule, parsed */
struct when {
	char kind; /* 'J', 'n' or 'M' */
	int a, b, c; /* Jn/n: a; Mm.w.d: a.b.c */
	long time; /* seconds after local midnight */
};
struct rule {
	long std, dst; /* seconds east of UTC */
	int hasdst;
	struct when start, end;
};

/* --- the rule's grammar, over [p, e) --- */

static const char *num(const char *p, const char *e, long *v, long max)
{
	long n = 0;

	if (p == e || *p < '0' || *p > '9')
		return NULL;
	while (p < e && *p >= '0' && *p <= '9') {
		n = n * 10 + (*p++ - '0');
		if (n > max)
			return NULL;
	}
	*v = n;
	return p;
}

/* [+-]hh[:mm[:ss]] in seconds */
static const char *hms(const char *p, const char *e, long *v, long maxh)
{
	long h, m = 0, s = 0;
	int neg = 0;

	if (p < e && (*p == '+' || *p == '-'))
		neg = *p++ == '-';
	if (!(p = num(p, e, &h, maxh)))
		return NULL;
	if (p < e && *p == ':') {
		if (!(p = num(p + 1, e, &m, 59)))
			return NULL;
		if (p < e && *p == ':' && !(p = num(p + 1, e, &s, 59)))
			return NULL;
	}
	*v = (h * 3600 + m * 60 + s) * (neg ? -1 : 1);
	return p;
}

static const char *name(const char *p, const char *e)
{
	const char *s = p;

	/* POSIX: at least three characters, quoted or not */
	if (p < e && *p == '<') {
		while (++p < e && *p != '>')
			;
		return p < e && p - s > 3 ? p + 1 : NULL;
	}
	while (p < e && ((*p | 32) >= 'a' && (*p | 32) <= 'z'))
		p++;
	return p - s >= 3 ? p : NULL;
}

static const char *when(const char *p, const char *e, struct when *w)
{
	long a, b = 0, c = 0;

	if (p == e)
		return NULL;
	w->kind = *p == 'J' || *p == 'M' ? *p++ : 'n';
	if (!(p = num(p, e, &a, w->kind == 'M' ? 12 : 365)))
		return NULL;
	if (w->kind == 'M') {
		if (!a || p >= e || *p != '.' || !(p = num(p + 1, e, &b, 5)) ||
		    !b || p >= e || *p != '.' || !(p = num(p + 1, e, &c, 6)))
			return NULL;
	} else if (w->kind == 'J' && !a)
		return NULL;
	w->a = (int)a, w->b = (int)b, w->c = (int)c;
	w->time = 7200;
	if (p < e && *p == '/')
		p = hms(p + 1, e, &w->time, 167);
	return p;
}

/* the whole of [p, e) as a rule: 0, or -1 */
static int parse(const char *p, const char *e, struct rule *r)
{
	long off;

	if (!(p = name(p, e)) || !(p = hms(p, e, &off, 24)))
		return -1;
	r->std = -off;
	r->hasdst = 0;
	if (p == e)
		return 0;
	if (!(p = name(p, e)))
		return -1;
	r->hasdst = 1;
	r->dst = r->std + 3600;
	if (p < e && *p != ',') {
		if (!(p = hms(p, e, &off, 24)))
			return -1;
		r->dst = -off;
	}
	if (p == e) { /* the US rules */
		r->start = (struct when){ 'M', 3, 2, 0, 7200 };
		r->end = (struct when){ 'M', 11, 1, 0, 7200 };
		return 0;
	}
	if (*p != ',' || !(p = when(p + 1, e, &r->start)) || p == e ||
	    *p != ',' || !(p = when(p + 1, e, &r->end)))
		return -1;
	return p == e ? 0 : -1;
}

/* --- calendar --- */

static long long days_from_civil(long long y, unsigned m, unsigned d)
{
	long long era;
	unsigned yoe, doy;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

/* the year of a day since the epoch (the inverse of the above) */
static int leap(long long y)
{
	return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
}

/* local seconds since the epoch when w happens in year y */
static long long at(long long y, const struct when *w)
{
	long long d = days_from_civil(y, 1, 1);

	if (w->kind == 'J')
		d += w->a - 1 + (leap(y) && w->a >= 60);
	else if (w->kind == 'n')
		d += w->a;
	else {
		static const unsigned char len[] = { 31, 28, 31, 30, 31, 30,
						     31, 31, 30, 31, 30, 31 };
		long long first = days_from_civil(y, (unsigned)w->a, 1);
		int wd = (int)(((first + 4) % 7 + 7) % 7); /* 0: Sunday */
		int md = len[w->a - 1] + (w->a == 2 && leap(y));
		int day = 1 + (w->c - wd + 7) % 7 + (w->b - 1) * 7;

		while (day > md)
			day -= 7;
		d = first + day - 1;
	}
	return d * 86400 + w->time;
}

static long ruleoff(const struct rule *r, long long t)
{
	long long days, y, start, end;
	unsigned m, md;
	int dst;

	if (!r->hasdst)
		return r->std;
	days = (t + r->std) / 86400 - ((t + r->std) % 86400 < 0);
	y = sv_tai_civil(days, &m, &md);
	start = at(y, &r->start) - r->std;
	end = at(y, &r->end) - r->dst;
	if (start < end)
		dst = t >= start && t < end;
	else
		dst = !(t >= end && t < start);
	return dst ? r->dst : r->std;
}

/* --- TZif --- */

static unsigned long be32(const unsigned char *p)
{
	return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 |
	       (unsigned long)p[2] << 8 | p[3];
}

static long long when_i(const struct sv_tz *z, unsigned i)
{
	const unsigned char *p = z->times + (size_t)i * (z->wide ? 8 : 4);

	if (z->wide)
		return (long long)((unsigned long long)be32(p) << 32 |
				   be32(p + 4));
	return (long long)(int)be32(p);
}

/* the block at p (counts at p + 20) within [p, e): its size, or 0 */
static size_t block(struct sv_tz *z, const unsigned char *p,
		    const unsigned char *e, int wide)
{
	unsigned long c[6];
	size_t need;
	int i;

	if (e - p < 44 || memcmp(p, "TZif", 4))
		return 0;
	for (i = 0; i < 6; i++)
		if ((c[i] = be32(p + 20 + 4 * i)) > 65536)
			return 0;
	/* isutcnt isstdcnt leapcnt timecnt typecnt charcnt */
	need = 44 + c[3] * (wide ? 9 : 5) + c[4] * 6 + c[5] +
	       c[2] * (wide ? 12 : 8) + c[1] + c[0];
	if ((size_t)(e - p) < need || !c[4])
		return 0;
	z->timecnt = (unsigned)c[3];
	z->typecnt = (unsigned)c[4];
	z->wide = (unsigned)wide;
	z->times = p + 44;
	z->idx = z->times + c[3] * (wide ? 8 : 4);
	z->types = z->idx + c[3];
	for (i = 0; (unsigned)i < z->timecnt; i++)
		if (z->idx[i] >= z->typecnt)
			return 0;
	return need;
}

int sv_tz_from(struct sv_tz *z, const unsigned char *p, size_t n)
{
	const unsigned char *e = p + n, *f, *nl;
	size_t v1 = block(z, p, e, 0), v2;

	if (!v1)
		return -1;
	if (p[4] < '2')
		return 0;
	if (!(v2 = block(z, p + v1, e, 1)))
		return -1;
	f = p + v1 + v2; /* the footer: "\n" rule "\n" */
	if (f < e && *f == '\n' && (nl = memchr(f + 1, '\n', (size_t)(e - f - 1))) &&
	    nl > f + 1) {
		z->rule = (const char *)f + 1;
		z->rulelen = (size_t)(nl - f - 1);
	}
	return 0;
}

static void loadfile(struct sv_tz *z, const char *name)
{
	char path[MAXPATH];
	struct stat st;
	void *m;
	int fd;

	if (*name != '/') {
		static const char dir[] = "/usr/share/zoneinfo/";
		size_t n = strlen(name), i;
		for (i = 0; i + 1 < n; i++) /* no way out of the directory */
			if (name[i] == '.' && name[i + 1] == '.')
				return;
		if (n >= sizeof path - sizeof dir)
			return;
		memcpy(path, dir, sizeof dir - 1);
		memcpy(path + sizeof dir - 1, name, n + 1);
		name = path;
	}
	if ((fd = open(name, O_RDONLY | O_CLOEXEC | O_NOCTTY)) < 0)
		return;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size < 44 ||
	    st.st_size > MAXFILE ||
	    (m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd,
		      0)) == MAP_FAILED) {
		close(fd);
		return;
	}
	close(fd);
	z->map = m;
	z->maplen = (size_t)st.st_size;
	if (sv_tz_from(z, m, z->maplen) < 0)
		sv_tz_free(z);
}

void sv_tz_free(struct sv_tz *z)
{
	if (z->map)
		munmap((void *)z->map, z->maplen);
	memset(z, 0, sizeof *z);
}

void sv_tz_load(struct sv_tz *z)
{
	const char *tz = getenv("TZ");
	struct rule r;

	sv_tz_free(z);
	if (!tz)
		tz = "/etc/localtime";
	if (!*tz)
		return;
	loadfile(z, tz + (*tz == ':')); /* a file first, as glibc */
	if (!z->map && *tz != ':' && !parse(tz, tz + strlen(tz), &r)) {
		z->rule = tz;
		z->rulelen = strlen(tz);
	}
}

long sv_tz_offset(const struct sv_tz *z, long long t)
{
	struct rule r;
	unsigned lo = 0, hi = z->timecnt;
	const unsigned char *type = z->types; /* before the first: type 0 */

	/* beyond 285 million years the offset means nothing: no overflow */
	if (t > 1LL << 53)
		t = 1LL << 53;
	if (t < -(1LL << 53))
		t = -(1LL << 53);
	if (z->timecnt && t >= when_i(z, 0)) {
		while (hi - lo > 1) { /* the last transition at or before t */
			unsigned mid = lo + (hi - lo) / 2;
			if (when_i(z, mid) <= t)
				lo = mid;
			else
				hi = mid;
		}
		type += 6 * z->idx[lo];
		if (lo + 1 < z->timecnt) /* the footer: after the last */
			return (long)(int)be32(type);
	}
	if (z->rule && (!z->timecnt || t >= when_i(z, 0)) &&
	    !parse(z->rule, z->rule + z->rulelen, &r))
		return ruleoff(&r, t);
	return type ? (long)(int)be32(type) : 0;
}
