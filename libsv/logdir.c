/* SPDX-License-Identifier: 0BSD */
/* libsv/logdir.c - see logdir.h */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <stdio.h> /* renameat */
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include "fmt.h"
#include "sys.h"
#include "logdir.h"

void sv_logcfg_init(struct sv_logcfg *c)
{
	memset(c, 0, sizeof *c);
	c->size = 1000000;
	c->nmax = 10;
	c->nmin = 10;
}

static unsigned long num(const char *s, const char **end)
{
	unsigned long long u;
	size_t k = sv_scan_ulong(s, &u);

	if (end)
		*end = s + k;
	return u > (unsigned long)-1 ? (unsigned long)-1 : (unsigned long)u;
}

/* one copy for its four uses (-17 B) */
static __attribute__((noinline)) unsigned long mul(unsigned long v,
						 unsigned long m)
{
	return v > (unsigned long)-1 / m ? (unsigned long)-1 : v * m;
}

/* "a.b.c.d[:port]"; 0, or the warning */
static int udp(struct sv_logcfg *c, const char *s)
{
	unsigned long ip = 0, port = 514;
	const char *e = s;
	int i;

	for (i = 0; i < 4; i++) {
		unsigned long long o;
		size_t k = sv_scan_ulong(e, &o);
		if (!k || (i < 3 && e[k] != '.'))
			return SV_LOGCFG_BADIP;
		ip = ip << 8 | (o & 255);
		e += k + (i < 3);
	}
	if (*e == ':') {
		port = num(e + 1, NULL);
		if (!port || port > 65535)
			return SV_LOGCFG_BADPORT;
	}
	c->udpip = ip;
	c->udpport = (unsigned short)port;
	return 0;
}

void sv_logcfg_parse(struct sv_logcfg *c, char *text, size_t n,
		     void (*warn)(enum sv_logcfg_warn, const char *value))
{
	char *p = text, *end = text + n;
	const char *e;

	while (p < end) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		char *v = p + 1;
		int w;

		if (!nl) {
			if (end - p < 2)
				break;
			nl = end;
		}
		*nl = 0;
		switch (*p) {
		case 's':
			c->size = num(v, &e);
			if (*e == 'k')
				c->size = mul(c->size, 1024);
			else if (*e == 'm')
				c->size = mul(c->size, 1048576);
			break;
		case 'n':
			c->nmax = num(v, NULL);
			break;
		case 'N':
			c->nmin = num(v, NULL);
			break;
		case 't':
			c->tsecs = num(v, &e);
			if (*e == 'm')
				c->tsecs = mul(c->tsecs, 60);
			else if (*e == 'h')
				c->tsecs = mul(c->tsecs, 3600);
			break;
		case '!':
			if (*v)
				c->processor = v;
			break;
		case 'p':
			if (*v)
				c->prefix = v;
			break;
		case 'u':
		case 'U':
			if (*p == 'U')
				c->udponly = 1;
			if ((w = udp(c, v)) && warn)
				warn((enum sv_logcfg_warn)w, v);
			break;
		case '+':
		case '-':
		case 'e':
		case 'E':
			if (!c->pats)
				c->pats = p;
			c->patsend = nl + 1;
			break;
		}
		p = nl + 1;
	}
}

int sv_log_match(const char *p, const char *s, size_t len)
{
	for (;;) {
		char c = *p++;

		if (!c)
			return !len;
		if (c == '*') {
			c = *p;
			if (!c)
				return 1;
			while (len && *s != c)
				s++, len--;
			if (!len)
				return 0;
		} else if (c == '+' && *p) {
			/* (a '+' ending the pattern is a plain byte: runit read
			 * past the pattern's end there) */
			c = *p++;
			if (!len || *s != c)
				return 0;
			while (len && *s == c)
				s++, len--;
		} else {
			if (!len || *s != c)
				return 0;
			s++, len--;
		}
	}
}

int sv_log_select(const struct sv_logcfg *c, const char *head, size_t len)
{
	const char *p;
	int sel = SV_LOG_SELECT, alert = 0;

	for (p = c->pats; p && p < c->patsend; p += strlen(p) + 1) {
		if (!strchr("+-eE", *p) || !*p ||
		    !sv_log_match(p + 1, head, len))
			continue;
		switch (*p) {
		case '+':
			sel = SV_LOG_SELECT;
			break;
		case '-':
			sel = 0;
			break;
		case 'e':
			alert = SV_LOG_ALERT;
			break;
		case 'E':
			alert = 0;
			break;
		}
	}
	return sel | alert;
}

/* the first '\n' in p[0..n): 16 bytes a step with SSE2, 8 with plain
 * words elsewhere (libc's memchr is a byte loop in some libcs) */
static const char *newline(const char *p, size_t n)
{
	const char *e = p + n;

#if defined(__SSE2__)
	const __m128i nl = _mm_set1_epi8('\n');
	for (; e - p >= 16; p += 16) {
		int m = _mm_movemask_epi8(_mm_cmpeq_epi8(
			_mm_loadu_si128((const __m128i *)(const void *)p), nl));
		if (m)
			return p + __builtin_ctz((unsigned)m);
	}
#else
	for (; e - p >= 8; p += 8) {
		uint64_t v;
		memcpy(&v, p, 8);
		v ^= 0x0a0a0a0a0a0a0a0aULL;
		if ((v - 0x0101010101010101ULL) & ~v & 0x8080808080808080ULL)
			break;
	}
#endif
	for (; p < e; p++)
		if (*p == '\n')
			return p;
	return NULL;
}

int sv_log_line(const char *p, size_t n, size_t *len)
{
	const char *nl = newline(p, n);

	if (!nl) {
		*len = n;
		return 0;
	}
	*len = (size_t)(nl - p);
	return 1;
}

int sv_logname_kind(const char *n)
{
	int i;

	if (strnlen(n, SV_LOGNAME + 1) != SV_LOGNAME || n[0] != '@' ||
	    n[25] != '.' || !strchr("stu", n[26]))
		return 0;
	for (i = 1; i < 25; i++)
		if (!((n[i] >= '0' && n[i] <= '9') || (n[i] >= 'a' && n[i] <= 'f')))
			return 0;
	return n[26];
}

void sv_logname_make(char name[SV_LOGNAME + 1], struct sv_tai *t,
		     const char *last, char kind)
{
	if (t->nsec >= 1000000000UL) /* not a valid label: carry */
		t->sec++, t->nsec -= 1000000000UL;
	sv_tai_label(name, t);
	if (last && last[0] == '@' && memcmp(name, last, 25) <= 0 &&
	    !sv_tai_unlabel(t, last)) {
		t->nsec++;
		if (t->nsec >= 1000000000UL)
			t->sec++, t->nsec -= 1000000000UL;
		sv_tai_label(name, t);
	}
	name[25] = '.';
	name[26] = kind;
	name[27] = 0;
}

void sv_logscan_init(struct sv_logscan *s, const char *busy)
{
	s->busy = busy && busy[0] ? busy : NULL;
	s->count = 0;
	s->oldest[0] = s->newest[0] = 0;
}

int sv_logscan_add(struct sv_logscan *s, const char *name)
{
	int k = sv_logname_kind(name);

	if (!k)
		return 0;
	if (strcmp(name, s->newest) > 0)
		memcpy(s->newest, name, SV_LOGNAME + 1);
	if (s->busy && !memcmp(name, s->busy, 26))
		return 0; /* the processor's input or output */
	if (k == 't')
		return 1;
	s->count++;
	if (!s->oldest[0] || strcmp(name, s->oldest) < 0)
		memcpy(s->oldest, name, SV_LOGNAME + 1);
	return 0;
}

const char *sv_logscan_excess(const struct sv_logscan *s, unsigned long keep)
{
	return keep && s->count > keep && s->oldest[0] ? s->oldest : NULL;
}

int sv_logdir_commit(int dfd, const char *u)
{
	char t[SV_LOGNAME + 1], sname[SV_LOGNAME + 1];

	memcpy(t, u, SV_LOGNAME + 1);
	memcpy(sname, u, SV_LOGNAME + 1);
	t[26] = 't';
	sname[26] = 's';
	if (renameat(dfd, t, dfd, sname) < 0)
		return -1;
	/* the syscall itself: libc's fchmodat carries flag emulation this
	 * call does not need */
	sv_syscall(SYS_fchmodat, dfd, (long)sname, 0744, 0, 0);
	unlinkat(dfd, u, 0);
	renameat(dfd, "newstate", dfd, "state");
	return 0;
}

int sv_log_seal(int fd, int (*sync)(int))
{
	if (sync(fd) < 0 && errno != EINVAL && errno != EROFS)
		return -1;
	return fchmod(fd, 0744) < 0 ? -1 : 0;
}
