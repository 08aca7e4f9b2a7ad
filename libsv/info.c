/* SPDX-License-Identifier: 0BSD */
/* libsv/info.c - see info.h */
#include <errno.h>
#include <stddef.h>
#include <fcntl.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "ctl.h"
#include "fmt.h"
#include "info.h"
#include "state.h"
#include "sig.h"
#include "status.h"

static const char *const ready[] = { "-", "no", "yes" };
static const char *const hold[] = { "-", "backoff", "failed" };

size_t sv_info_time(char *buf, const struct sv_tai *t)
{
	if (t->sec < SV_TAI_OFFSET)
		return sv_fmt(buf, 32, "0");
	return sv_fmt(buf, 32, "%llu.%09lu", t->sec - SV_TAI_OFFSET, t->nsec);
}

size_t sv_info_how(char *buf, int exited, int w)
{
	const char *n;

	if (!exited)
		return sv_fmt(buf, 24, "-");
	if (WIFEXITED(w))
		return sv_fmt(buf, 24, "exit:%d", WEXITSTATUS(w));
	n = sv_sig_name(WTERMSIG(w));
	if (n)
		return sv_fmt(buf, 24, "signal:%s", n);
	return sv_fmt(buf, 24, "signal:%d", WTERMSIG(w));
}

size_t sv_info_format(char *buf, const struct sv_info *in)
{
	char ra[32], la[32], un[32], how[24];

	sv_info_time(ra, &in->ready_at);
	sv_info_time(la, &in->last_at);
	sv_info_time(un, &in->until);
	sv_info_how(how, in->exited, in->wstat);
	return sv_fmt(buf, SV_INFO_MAX,
		      "pid=%lu ready=%s ready_at=%s last=%s last_at=%s "
		      "restarts=%lu fails=%lu hold=%s until=%s\n",
		      in->pid, ready[in->ready < 3 ? in->ready : 0], ra, how, la,
		      in->restarts, in->fails, hold[in->hold < 3 ? in->hold : 0],
		      un);
}

/* "S.NNNNNNNNN" or "0" */
static int scan_time(struct sv_tai *t, const char *v, size_t n)
{
	unsigned long long s, ns = 0;
	size_t k = sv_scan_ulong(v, &s), d;

	if (!k)
		return -1;
	if (k < n && v[k] == '.') {
		d = sv_scan_ulong(v + k + 1, &ns);
		if (d != 9)
			return -1;
		k += d + 1;
	}
	if (k != n)
		return -1;
	t->sec = s || ns ? s + SV_TAI_OFFSET : 0;
	t->nsec = (unsigned long)ns;
	return 0;
}

static int word(const char *const *w, int nw, const char *v, size_t n)
{
	int i;

	for (i = 0; i < nw; i++)
		if (strlen(w[i]) == n && !memcmp(w[i], v, n))
			return i;
	return -1;
}

static int scan_num(unsigned long *u, const char *v, size_t n)
{
	unsigned long long x;

	if (!n || sv_scan_ulong(v, &x) != n)
		return -1;
	*u = (unsigned long)x;
	return 0;
}

static int scan_how(struct sv_info *in, const char *v, size_t n)
{
	unsigned long x = 0;
	int s;

	if (n == 1 && *v == '-')
		return 0;
	if (n > 5 && !memcmp(v, "exit:", 5) && !scan_num(&x, v + 5, n - 5) &&
	    x < 256) {
		in->exited = 1;
		in->wstat = (int)x << 8;
		return 0;
	}
	if (n > 7 && !memcmp(v, "signal:", 7) &&
	    (s = sv_sig_number(v + 7, n - 7))) {
		in->exited = 1;
		in->wstat = s;
		return 0;
	}
	return -1;
}

/* the keys in their order on the line, each with its kind of value and
 * its place in struct sv_info (no pointers, no switch of nine cases) */
enum { K_NUM, K_TIME, K_READY, K_HOLD, K_HOW };
static const struct {
	char key[9];
	unsigned char kind, off;
} keys[] = {
	{ "pid", K_NUM, offsetof(struct sv_info, pid) },
	{ "ready", K_READY, offsetof(struct sv_info, ready) },
	{ "ready_at", K_TIME, offsetof(struct sv_info, ready_at) },
	{ "last", K_HOW, 0 },
	{ "last_at", K_TIME, offsetof(struct sv_info, last_at) },
	{ "restarts", K_NUM, offsetof(struct sv_info, restarts) },
	{ "fails", K_NUM, offsetof(struct sv_info, fails) },
	{ "hold", K_HOLD, offsetof(struct sv_info, hold) },
	{ "until", K_TIME, offsetof(struct sv_info, until) },
};
#define NKEYS (int)(sizeof keys / sizeof *keys)

int sv_info_parse(struct sv_info *in, const char *buf, size_t n)
{
	const char *p = buf, *end = buf + n;
	int seen = 0, r;

	memset(in, 0, sizeof *in);
	while (p < end && *p != '\n') {
		const char *k = p, *eq, *v;
		size_t vl, kl;
		int key;

		while (p < end && *p != ' ' && *p != '\n')
			p++;
		eq = memchr(k, '=', (size_t)(p - k));
		if (!eq)
			goto bad;
		v = eq + 1;
		vl = (size_t)(p - v);
		kl = (size_t)(eq - k);
		for (key = 0; key < NKEYS; key++)
			if (kl < sizeof keys[0].key && !keys[key].key[kl] &&
			    !memcmp(keys[key].key, k, kl))
				break;
		r = 0; /* a key added later */
		if (key < NKEYS) {
			void *f = (char *)in + keys[key].off;
			switch (keys[key].kind) {
			case K_NUM: r = scan_num(f, v, vl); break;
			case K_TIME: r = scan_time(f, v, vl); break;
			case K_HOW: r = scan_how(in, v, vl); break;
			default:
				r = word(keys[key].kind == K_READY ? ready : hold,
					 3, v, vl);
				*(unsigned char *)f = (unsigned char)r;
			}
			seen |= 1 << key;
		}
		if (r < 0)
			goto bad;
		if (p < end && *p == ' ')
			p++;
	}
	if (seen == (1 << NKEYS) - 1)
		return 0;
bad:
	memset(in, 0, sizeof *in);
	return -1;
}

int sv_info_save(int dir, const char *sup, const struct sv_info *in)
{
	char buf[SV_INFO_MAX];

	return sv_status_put(dir, sup, "info", buf, sv_info_format(buf, in));
}

int sv_info_get(int dfd, struct sv_info *in)
{
	char buf[SV_INFO_MAX];
	ssize_t r;
	int sfd = sv_state_open(dfd), e;

	memset(in, 0, sizeof *in);
	if (sfd < 0)
		return errno == ENOENT ? 0 : -1;
	r = sv_read_small(sfd, "info", O_NOFOLLOW, buf, sizeof buf);
	e = errno;
	close(sfd);
	errno = e;
	if (r < 0)
		return errno == ENOENT ? 0 : -1;
	if (sv_info_parse(in, buf, (size_t)r) < 0) {
		errno = EINVAL;
		return -1;
	}
	return 1;
}
