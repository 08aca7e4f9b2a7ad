/* SPDX-License-Identifier: 0BSD */
/* svlogd.c - runit-compatible rotating logger: large buffered writes, one
 * timestamp per read, no line ever dropped. Manual page: docs/svlogd.8

APPLET(svlogd, "[-tttTv] [-r C] [-R CHARS] [-l LEN] [-b BUFLEN] DIR...")

config SVLOGD
	bool "svlogd"
	default y
	help
	  svlogd DIR... reads lines on standard input and appends them to
	  DIR/current, rotating it by size and age, keeping a number of
	  old files, optionally feeding each to a processor, with runit's
	  config file and log directory layout.

config SVLOGD_PROCESSOR
	bool "svlogd: ! config line (a processor for each rotated file)"
	default y
	depends on SVLOGD
	help
	  !PROCESSOR in a log directory's config: each rotated file is
	  fed to sh -c PROCESSOR and its output kept as the @...s file
	  (runit's svlogd; gzip, for one). Without it, svlogd says once
	  per reading of config that the line is not used, and keeps
	  rotated files as they are (1.7 KB in the router build).

config SVLOGD_UDP
	bool "svlogd: u and U config lines (copy lines to a UDP address)"
	default y
	depends on SVLOGD

config SVLOGD_LOCALTIME
	bool "svlogd -T: ISO 8601 stamps in local time with the UTC offset"
	default y
	depends on SVLOGD
	help
	  -T prefixes each line with 2026-11-29T07:12:00.123456+01:00,
	  local time from TZ or /etc/localtime (s6-log's T, in local
	  time). The zone is read by libsv/tz.c (2.7 KB), again on
	  HUP.

config SVLOGD_PREFIX
	bool "svlogd: p config line (a prefix for every line)"
	default y
	depends on SVLOGD
*/

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h> /* renameat */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>
#include "libsv/dir.h"
#include "libsv/err.h"
#include "libsv/fmt.h"
#include "libsv/logdir.h"
#include "libsv/opt.h"
#include "libsv/proc.h"
#include "libsv/sig.h"
#include "libsv/tai.h"
#include "libsv/tz.h"

enum {
	SVLOGD_USAGE = 111,
	MIN_BUF = 65536,     /* the input buffer (a pipe's), whatever -b says */
	PAUSE_MS = 3000,     /* a failed step is retried after this */
	TERM_LINE_MS = 2000, /* after TERM, wait this long for a line's end */
	BACKOFF_MAX_MS = 60000,
	NAMELEN = SV_LOGNAME,
	NIOV = 1024,	     /* queue entries per directory (IOV_MAX) */
	LINE_IOV = 10,	     /* the most entries one line queues, with a
				rotation mark of ALRM or t after it */
	SCRATCH = 1200,	     /* a line's copy for stderr or UDP */
};

/* What a directory's writer is doing (docs/svlogd.8, "Writing"). Each
 * step is tried from the main loop; a step that fails pauses the
 * directory until its deadline, nothing ever waits in a loop:
 *	W_WRITE		write the queue up to a rotation mark
 *	W_ROTATE	rotation: wait for a running processor, name the file
 *	W_SEAL		fsync + 0744 + close current
 *	W_RENAME	current -> @....s (or .u)
 *	W_OPEN		a new current; then cleanup and the processor
 * The queue: pieces of the input buffer, of the stamp, of the config (the
 * prefix) and of ob (copies), in order; an entry with a NULL base is a
 * rotation mark. Input is read only while every queue is empty, so the
 * pieces stay valid until written. */
enum { W_WRITE, W_ROTATE, W_SEAL, W_RENAME, W_OPEN };

struct dir {
	const char *name;
	int fd, cur, lock, udp;
	struct iovec *iov;	  /* the queue, iov[qh..niov) */
	char *ob;		  /* copies the queue points to */
	/* from here on cleared by dopen() */
	struct sv_logcfg c;
	char *cfg;		  /* config text, c points into it */
	size_t cfgmap;		  /* its mapping's size */
	int qh, niov;
	size_t on;		  /* ob's bytes in use */
	unsigned long long lsize; /* current's size once the queue is out */
	unsigned long long fsize; /* current's size on disk */
	unsigned long long lost;  /* bytes given up (TERM on a failing disk) */
	long long tdl;		  /* age rotation deadline (monotonic ms) */
	long long until;	  /* paused: the failed step runs again then */
	pid_t proc;		  /* running processor */
	long long pretry;	  /* failed processor: restart then */
	unsigned pfail;
	unsigned char st, ok, sel, pdone, gone, unsealed;
	char pname[NAMELEN + 1];  /* the processor's @....u */
	char rname[NAMELEN + 1];  /* the file being rotated to */
	char last[NAMELEN + 1];	  /* greatest @ name seen */
};

/* svlogd's state, on svlogd_main's stack: the binary's writable page is
 * for what every daemon needs */
static struct svlogd {
	struct dir *d;
	int nd, sigfd;
	int peek[2], null; /* stdin a pipe: read through tee(2), see input() */
	size_t owed;	   /* bytes copied from stdin, not yet taken from it */
	unsigned char term, cont, hup, eof, stall;
	char *in, *head, *scratch; /* see svlogd_main(): one mapping */
	size_t cap, have, off, obcap;
	unsigned long len;
	unsigned tflag, local, verbose, version;
	size_t slen; /* the stamp's length with its space, 0: none */
	int repl;
	const char *replset;
	char stamp[48]; /* a clock reads years of 4 digits: 33 used */
	long gmtoff; /* -T: the local offset for stampsec */
	unsigned long long stampsec;
	struct sv_tz tz; /* -T: the zone, read again on HUP */
} *G;

static void info(const char *fmt, const char *a, const char *b)
{
	char buf[512];
	size_t n;

	if (!G->verbose)
		return;
	n = sv_fmt(buf, sizeof buf, "svlogd: info: ");
	n += sv_fmt(buf + n, sizeof buf - n, fmt, a, b);
	buf[n < sizeof buf - 1 ? n++ : n - 1] = '\n';
	sv_write_all(2, buf, n);
}

/* now + s seconds; a t beyond any uptime is never reached */
static long long after(unsigned long s)
{
	return sv_mono_ms() + (long long)(s < 3153600000UL ? s : 3153600000UL)
				  * 1000;
}

static void newname(struct dir *d, char *name, char kind)
{
	struct sv_tai t;
	struct stat st;

	sv_tai_now(&t);
	sv_logname_make(name, &t, d->last, kind);
	while (fstatat(d->fd, name, &st, AT_SYMLINK_NOFOLLOW) == 0) {
		t.nsec++;
		sv_logname_make(name, &t, "", kind);
	}
	memcpy(d->last, name, NAMELEN + 1);
}

/* Old files: remove abandoned .t files (never the running processor's)
 * and keep at most keep (0: all); on a full disk one file a call. 1 if
 * one was deleted. */
static int cleanup(struct dir *d, unsigned long keep, int diskfull)
{
	struct sv_logscan s;
	struct sv_dir dir;
	const char *name;
	unsigned char type;
	int deleted = 0;

	do {
		sv_logscan_init(&s, d->pname);
		/* between lines the scratch space is free */
		sv_dir_start(&dir, d->fd, G->scratch, SCRATCH);
		while ((name = sv_dir_next(&dir, &type)))
			if (sv_logscan_add(&s, name))
				unlinkat(d->fd, name, 0);
		if (strcmp(s.newest, d->last) > 0)
			memcpy(d->last, s.newest, NAMELEN + 1);
		if (!(name = sv_logscan_excess(&s, keep)))
			break;
		if (diskfull)
			sv_warn("out of disk space, delete: %s/%s", d->name, name);
		else
			info("delete: %s/%s", d->name, name);
		if (unlinkat(d->fd, name, 0) < 0)
			break;
		deleted = 1;
	} while (!diskfull);
	return deleted;
}

static unsigned long long queued(const struct dir *d)
{
	unsigned long long n = 0;
	int i;

	for (i = d->qh; i < d->niov; i++)
		n += d->iov[i].iov_len;
	return n;
}

/* TERM came and a step failed: what is queued is lost (finish() says
 * how much), and so is what comes for d until the end */
static void giveup(struct dir *d)
{
	d->lost += queued(d);
	d->qh = d->niov = 0;
	d->on = 0;
	d->st = W_WRITE;
	d->pdone = 0;
	d->until = 0;
	d->gone = 1;
}

/* a step failed with errno: say so and try again in PAUSE_MS; after TERM
 * give up instead (TERM itself retries a paused step once, at once) */
static void fail(struct dir *d, const char *what)
{
	char buf[512];
	size_t n;

	if (G->term) {
		giveup(d);
		return;
	}
	n = sv_fmt(buf, sizeof buf, "svlogd: pausing: unable to %s: %s: %s\n",
		   what, d->name, errno ? sv_strerror(errno)
				       : "not a regular file");
	sv_write_all(2, buf, n);
	d->until = sv_mono_ms() + PAUSE_MS;
}

/* queue p[0..n) (NULL: a rotation mark); p must stay valid until written */
static void push(struct dir *d, const char *p, size_t n)
{
	struct iovec *last = d->niov > d->qh ? &d->iov[d->niov - 1] : NULL;

	if (p && last && last->iov_base &&
	    (const char *)last->iov_base + last->iov_len == p) {
		last->iov_len += n;
		return;
	}
	d->iov[d->niov].iov_base = (void *)p;
	d->iov[d->niov++].iov_len = n;
}

/* current's size after n more bytes: a write never takes a file past s,
 * the rest goes to the next one (the writer splits the same way) */
static void grow(struct dir *d, unsigned long long n)
{
	d->lsize += n;
	if (d->c.size && d->lsize > d->c.size)
		d->lsize = (d->lsize - 1) % d->c.size + 1;
}

/* rotate once what is queued is written (ALRM, t, a line's end) */
static void mark(struct dir *d)
{
	if (d->lsize) {
		push(d, NULL, 0);
		d->lsize = 0;
	}
}

static int opencur(struct dir *d)
{
	struct stat st;

	d->cur = openat(d->fd, "current", O_WRONLY | O_APPEND | O_CREAT |
			O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (d->cur < 0)
		return -1;
	if (fstat(d->cur, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(d->cur);
		d->cur = -1;
		errno = 0; /* fail() says: not a regular file */
		return -1;
	}
	fchmod(d->cur, 0644);
	return 0;
}

/* close current cleanly: 0744 only once fsync said the data is on disk */
static void sealcur(struct dir *d)
{
	if (sv_log_seal(d->cur, fsync) < 0) {
		sv_warn_unable("fsync current: %s: left as not closed cleanly",
			       d->name);
		d->unsealed = 1;
	}
	close(d->cur);
	d->cur = -1;
}

/* the processor: sh -c PROCESSOR in the log directory, the rotated file
 * on stdin, its .t on stdout, state on fd 4, newstate on fd 5; the files
 * opened here (none following a symlink, the written ones created anew),
 * so a failure is said and retried, never half started */
static void procstart(struct dir *d)
{
	char tname[NAMELEN + 1];
	char *argv[] = { "sh", "-c", (char *)d->c.processor, NULL };
	struct sv_spawn sp = sv_spawn_none;
	static const char *const what[] = { "input", "output", "", "",
					     "state", "newstate" };
	struct stat st;
	pid_t pid;
	int k;

	sp.dir = d->fd;
	sp.self = "/bin/sh";
	sp.argv = argv;
	sp.what = "processor";
	d->pretry = 0;
	memcpy(tname, d->pname, NAMELEN + 1);
	tname[26] = 't';
	unlinkat(d->fd, tname, 0);
	unlinkat(d->fd, "newstate", 0);
	sp.fd[0] = openat(d->fd, d->pname, O_RDONLY | O_NONBLOCK | O_NOFOLLOW |
			  O_CLOEXEC);
	sp.fd[1] = openat(d->fd, tname, O_WRONLY | O_CREAT | O_EXCL |
				  O_NOFOLLOW | O_CLOEXEC, 0644);
	sp.fd[4] = openat(d->fd, "state", O_RDONLY | O_CREAT | O_NONBLOCK |
				  O_NOFOLLOW | O_CLOEXEC, 0644);
	sp.fd[5] = openat(d->fd, "newstate", O_WRONLY | O_CREAT | O_EXCL |
				     O_NOFOLLOW | O_CLOEXEC, 0644);
	pid = -1;
	for (k = 0; k < 6; k++) {
		if (k == 2 || k == 3)
			continue;
		if (sp.fd[k] >= 0 && (fstat(sp.fd[k], &st) < 0 ||
				      !S_ISREG(st.st_mode))) {
			sv_warn("unable to open %s for processor: %s: not a "
				"regular file", what[k], d->name);
			break;
		}
		if (sp.fd[k] < 0) {
			sv_warn_unable("open %s for processor: %s", what[k],
				       d->name);
			break;
		}
	}
	if (k == 6) {
		info("processing: %s/%s", d->name, d->pname);
		pid = sv_spawn(&sp);
		if (pid < 0)
			sv_warn_unable("fork for processor: %s", d->name);
	}
	for (k = 0; k < 6; k++)
		if (sp.fd[k] >= 0)
			close(sp.fd[k]);
	if (pid < 0) {
		d->pretry = sv_mono_ms() + 1000;
		return;
	}
	d->proc = pid;
}

/* the processor exited: on success its output becomes the .s file (a
 * step of the writer, retried like the others), else it runs again */
static void procdone(struct dir *d, int w)
{
	char tname[NAMELEN + 1];
	long long ms = 1000LL << (d->pfail < 6 ? d->pfail : 6);

	d->proc = 0;
	if (WIFEXITED(w) && !WEXITSTATUS(w)) {
		d->pdone = 1;
		return;
	}
	sv_warn("processor failed, restart: %s", d->name);
	memcpy(tname, d->pname, NAMELEN + 1);
	tname[26] = 't';
	unlinkat(d->fd, tname, 0);
	d->pretry = sv_mono_ms() + (ms > BACKOFF_MAX_MS ? BACKOFF_MAX_MS : ms);
	d->pfail++;
}

/* the processor's output becomes the .s file (libsv: the input goes
 * only once that worked) */
static int procfinish(struct dir *d)
{
	if (sv_logdir_commit(d->fd, d->pname) < 0) {
		if (G->term) { /* no more tries: both files stay, nothing lost */
			sv_warn_unable("rename processed file: %s/%s", d->name,
				       d->pname);
			d->pdone = 0;
			d->pname[0] = 0;
			return 0;
		}
		fail(d, "rename processed file");
		return -1;
	}
	d->pname[26] = 's';
	info("processed: %s/%s", d->name, d->pname);
	d->pname[0] = 0;
	d->pfail = 0;
	d->pdone = 0;
	return 0;
}

/* the queue's first entries up to a mark, at most lim bytes; writev */
static ssize_t writeq(struct dir *d, unsigned long long lim)
{
	struct iovec *v = d->iov + d->qh;
	int n = 0, max = d->niov - d->qh;
	unsigned long long sum = 0;
	size_t keep = 0;
	ssize_t r;

	while (n < max && v[n].iov_base && sum < lim)
		sum += v[n++].iov_len;
	if (sum > lim) { /* the last piece crosses the size limit */
		keep = v[n - 1].iov_len;
		v[n - 1].iov_len -= (size_t)(sum - lim);
	}
	r = writev(d->cur, v, n);
	if (keep)
		v[n - 1].iov_len = keep;
	return r;
}

/* written: drop r bytes from the queue's head */
static void consume(struct dir *d, size_t r)
{
	struct iovec *v = d->iov;

	d->fsize += r;
	while (r && r >= v[d->qh].iov_len)
		r -= v[d->qh++].iov_len;
	if (r) {
		v[d->qh].iov_base = (char *)v[d->qh].iov_base + r;
		v[d->qh].iov_len -= r;
	}
}

/* Take d's steps as far as they go now. */
static void drive(struct dir *d)
{
	while (d->ok && !d->gone) {
		ssize_t r;

		if (d->until) {
			if (sv_mono_ms() < d->until)
				return;
			d->until = 0;
		}
		if (ENABLE_SVLOGD_PROCESSOR && d->pdone && procfinish(d) < 0)
			return;
		switch (d->st) {
		case W_WRITE:
			if (d->qh == d->niov) {
				d->qh = d->niov = 0;
				d->on = 0;
				return;
			}
			if (!d->iov[d->qh].iov_base) {
				d->qh++;
				d->st = W_ROTATE;
				break;
			}
			if (d->c.size && d->fsize >= d->c.size) {
				d->st = W_ROTATE;
				break;
			}
			r = writeq(d, d->c.size ? d->c.size - d->fsize
					       : (unsigned long long)-1);
			if (r > 0) {
				consume(d, (size_t)r);
				break;
			}
			if (r < 0 && errno == EINTR)
				break;
			if (r == 0)
				errno = EIO;
			if (errno == ENOSPC && d->c.nmin < d->c.nmax) {
				int e = errno;
				if (cleanup(d, d->c.nmin, 1))
					break;
				errno = e;
			}
			fail(d, "write to current");
			return;
		case W_ROTATE:
			if (d->c.tsecs)
				d->tdl = after(d->c.tsecs);
			if (ENABLE_SVLOGD_PROCESSOR && (d->proc || d->pdone))
				return; /* its CHLD goes on */
			if (ENABLE_SVLOGD_PROCESSOR && d->pretry && d->pname[0]) {
				sv_warn("processor failed, giving up: %s/%s",
					d->name, d->pname);
				d->pretry = 0;
				d->pname[0] = 0;
			}
			if (!d->fsize) { /* an empty current stays */
				d->st = W_WRITE;
				break;
			}
			d->st = W_SEAL;
			break;
		case W_SEAL:
			d->unsealed = 0;
			sealcur(d);
			newname(d, d->rname, d->c.processor || d->unsealed
						     ? 'u' : 's');
			info("rename: %s/current %s", d->name, d->rname);
			d->st = W_RENAME;
			break;
		case W_RENAME:
			if (renameat(d->fd, "current", d->fd, d->rname) < 0) {
				fail(d, "rename current");
				return;
			}
			d->st = W_OPEN;
			break;
		case W_OPEN:
			if (opencur(d) < 0) {
				fail(d, "open current");
				return;
			}
			d->fsize = 0;
			d->st = W_WRITE;
			cleanup(d, d->c.nmax, 0);
			if (ENABLE_SVLOGD_PROCESSOR && d->c.processor) {
				memcpy(d->pname, d->rname, NAMELEN + 1);
				d->pfail = 0;
				procstart(d);
			}
			break;
		}
	}
}

/* d has a step to take before more input is read */
static int stuck(const struct dir *d)
{
	return d->ok && !d->gone && (d->niov > d->qh || d->st != W_WRITE);
}

static int anystuck(void)
{
	int i;

	for (i = 0; i < G->nd; i++)
		if (stuck(&G->d[i]))
			return 1;
	return 0;
}

/* append n bytes to d: copied to ob if p does not outlive this line */
static void emit(struct dir *d, const char *p, size_t n, int copy)
{
	if (!n)
		return;
	if (copy) {
		memcpy(d->ob + d->on, p, n);
		p = d->ob + d->on;
		d->on += n;
	}
	push(d, p, n);
	grow(d, n);
}

static void endline(struct dir *d)
{
	emit(d, "\n", 1, 0);
	if (d->c.size > G->len && d->lsize >= d->c.size - G->len)
		mark(d);
}

static void stampnow(void)
{
	struct sv_tai now;

	sv_tai_now(&now);
	if (G->tflag == 1) {
		sv_tai_label(G->stamp, &now);
	} else if (ENABLE_SVLOGD_LOCALTIME && G->local) {
		if (now.sec != G->stampsec) { /* the offset may change */
			G->gmtoff = sv_tz_offset(
				&G->tz, (long long)(now.sec - SV_TAI_OFFSET));
			G->stampsec = now.sec;
		}
		sv_tai_iso(G->stamp, &now, 'T', 6, G->gmtoff, 1);
	} else if (G->tflag) {
		sv_tai_iso(G->stamp, &now, G->tflag == 2 ? '_' : 'T', 5, 0, 0);
	}
	G->stamp[G->slen - 1] = ' ';
}

/* stderr or UDP copy: STAMP PREFIX HEAD [...] \n */
static size_t copyline(char *buf, size_t cap, const struct dir *d,
		       const char *head, size_t hl, int trunc)
{
	size_t n = 0, k;

	memcpy(buf, G->stamp, G->slen);
	n = G->slen;
	if (ENABLE_SVLOGD_PREFIX && d->c.prefix) {
		k = strlen(d->c.prefix);
		k = k > cap - n - 5 ? cap - n - 5 : k;
		memcpy(buf + n, d->c.prefix, k);
		n += k;
	}
	k = hl > cap - n - 5 ? cap - n - 5 : hl;
	memcpy(buf + n, head, k);
	n += k;
	if (trunc) {
		memcpy(buf + n, "...", 3);
		n += 3;
	}
	buf[n++] = '\n';
	return n;
}

static void udpsend(struct dir *d, const char *head, size_t hl, int trunc)
{
	char *buf = G->scratch;
	struct sockaddr_in sa;
	size_t n = copyline(buf, SCRATCH, d, head, hl, trunc);
	static const char nosock[] = "warning: no udp socket available: ";
	static const char fail[] = "warning: failure sending through udp: ";

	if (d->udp < 0)
		d->udp = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK |
				SOCK_CLOEXEC, 0);
	if (d->udp < 0) {
		emit(d, nosock, sizeof nosock - 1, 0);
		emit(d, buf, n, 1);
		return;
	}
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_port = htons(d->c.udpport);
	sa.sin_addr.s_addr = htonl((uint32_t)d->c.udpip);
	if (sendto(d->udp, buf, n, 0, (struct sockaddr *)&sa, sizeof sa) !=
	    (ssize_t)n) {
		emit(d, fail, sizeof fail - 1, 0);
		emit(d, buf, n, 1);
	}
}

/* a line, or the first part of one longer than our buffer; nl: p[n] is
 * its newline, in the input buffer */
static void line(const char *p, size_t n, int complete, int nl)
{
	size_t hl = n < G->len ? n : G->len;
	const char *head = p;
	int i, trunc = n > G->len || !complete;

	if (G->repl) {
		size_t k;
		for (k = 0; k < hl; k++) {
			unsigned char c = (unsigned char)p[k];
			G->head[k] = c < 32 || c > 126 ||
					    (G->replset && strchr(G->replset, c))
					    ? (char)G->repl : (char)c;
		}
		head = G->head;
	}
	for (i = 0; i < G->nd; i++) {
		struct dir *d = &G->d[i];
		int s;

		if (!d->ok)
			continue;
		if (d->gone) { /* TERM, and its disk failed: counted */
			d->lost += n + (size_t)complete;
			continue;
		}
		if (nl && head == p && !d->c.pats && !d->c.prefix &&
		    !d->c.udpport) {
			/* the common case: no copy, the stamp and the line
			 * itself (with its newline) go to writev */
			size_t need = G->slen + n + 1;
			if (!d->c.size || d->lsize + need <= d->c.size) {
				d->sel = 1;
				if (G->slen)
					push(d, G->stamp, G->slen);
				push(d, p, n + 1);
				d->lsize += need;
				if (d->c.size > G->len &&
				    d->lsize >= d->c.size - G->len)
					mark(d);
				continue;
			}
		}
		s = d->c.pats ? sv_log_select(&d->c, head, hl) : SV_LOG_SELECT;
		d->sel = 0;
		if (s & SV_LOG_ALERT)
			sv_write_all(2, G->scratch, copyline(G->scratch, SCRATCH,
							    d, head, hl, trunc));
		if (!(s & SV_LOG_SELECT))
			continue;
		if (ENABLE_SVLOGD_UDP && d->c.udpport)
			udpsend(d, head, hl, trunc);
		if (ENABLE_SVLOGD_UDP && d->c.udponly)
			continue;
		d->sel = 1;
		if (G->slen)
			emit(d, G->stamp, G->slen, 0);
		if (ENABLE_SVLOGD_PREFIX && d->c.prefix)
			emit(d, d->c.prefix, strlen(d->c.prefix), 0);
		emit(d, head, hl, head != p);
		emit(d, p + hl, n - hl, 0);
		if (complete)
			endline(d);
	}
}

/* the rest of a long line: raw, to the directories that took its start */
static void more(const char *p, size_t n, int complete)
{
	int i;

	for (i = 0; i < G->nd; i++) {
		struct dir *d = &G->d[i];
		if (!d->ok || !d->sel)
			continue;
		if (d->gone) {
			d->lost += n + (size_t)complete;
			continue;
		}
		emit(d, p, n, 0);
		if (complete)
			endline(d);
	}
}

/* room in every queue for one more line; a full queue is written first */
static int room(void)
{
	int i;

	for (i = 0; i < G->nd; i++) {
		struct dir *d = &G->d[i];
		if (!d->ok || d->gone)
			continue;
		if (d->niov + LINE_IOV > NIOV ||
		    d->on + G->len + SCRATCH > G->obcap)
			drive(d);
		if (d->niov + LINE_IOV > NIOV ||
		    d->on + G->len + SCRATCH > G->obcap)
			return 0;
	}
	return 1;
}

/* Queue the input's complete lines from G->off on, as long as every
 * queue has room; a partial line stays (all of it at eof, with a newline
 * added). G->stall: stopped for room, to go on once the queues are out. */
static void process(int eof)
{
	size_t n;
	int nl;

	G->stall = 0;
	if (G->slen)
		stampnow();
	while (G->off < G->have || (eof && G->cont)) {
		const char *p = G->in + G->off;

		if (!room()) {
			G->stall = 1;
			return;
		}
		if (G->off == G->have) {
			/* a long line whose every byte went out as
			 * continuation: at eof it still gets its newline */
			more(p, 0, 1);
			G->cont = 0;
			break;
		}
		nl = sv_log_line(p, G->have - G->off, &n);
		if (G->cont) {
			more(p, n, nl || eof);
			G->cont = !nl && !eof;
		} else if (nl || eof) {
			line(p, n, 1, nl);
		} else if (G->off == 0 && G->have == G->cap) {
			line(p, n, 0, 0); /* longer than the buffer */
			G->cont = 1;
		} else {
			break;
		}
		G->off += n + (size_t)nl;
	}
}

static void badudp(enum sv_logcfg_warn w, const char *v)
{
	sv_warn(w == SV_LOGCFG_BADIP ? "unable to scan ip address: %s"
				     : "unable to scan port number: %s", v);
}

/* d's files closed, current sealed; nothing is queued or running then */
static void dclose(struct dir *d)
{
	if (!d->ok)
		return;
	if (d->cur >= 0)
		sealcur(d);
	close(d->lock);
	close(d->fd);
	if (d->udp >= 0)
		close(d->udp);
	if (d->cfg)
		munmap(d->cfg, d->cfgmap);
	d->cfg = NULL;
	d->ok = 0;
	info("close: %s%s", d->name, "");
}

static void config(struct dir *d)
{
	/* non-blocking, no symlink: a fifo or device planted as config must
	 * not hang the logger (its signals are blocked for the signalfd) */
	int fd = openat(d->fd, "config", O_RDONLY | O_NONBLOCK | O_NOFOLLOW |
					 O_CLOEXEC);
	struct stat st;
	size_t n = 0;

	sv_logcfg_init(&d->c);
	if (fd < 0) {
		if (errno == ELOOP)
			sv_warn("unable to read config: %s: a symlink, ignored",
				d->name);
		else if (errno != ENOENT)
			sv_warn_unable("read config: %s", d->name);
		return;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		sv_warn("unable to read config: %s: not a regular file, ignored",
			d->name);
		close(fd);
		return;
	}
	/* a mapping of its own: no allocator in the logger */
	d->cfgmap = (size_t)st.st_size + 1;
	d->cfg = mmap(NULL, d->cfgmap, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (d->cfg == MAP_FAILED)
		d->cfg = NULL;
	if (d->cfg) {
		ssize_t r;
		while (n < (size_t)st.st_size &&
		       (r = read(fd, d->cfg + n, (size_t)st.st_size - n)) > 0)
			n += (size_t)r;
		sv_logcfg_parse(&d->c, d->cfg, n, ENABLE_SVLOGD_UDP ? badudp : NULL);
		info("read: %s/config%s", d->name, "");
	} else {
		sv_warn_unable("read config: %s", d->name);
	}
	close(fd);
	if (!ENABLE_SVLOGD_PROCESSOR && d->c.processor) {
		sv_warn("unable to run processor: %s: not in this build "
			"(CONFIG_SVLOGD_PROCESSOR)", d->name);
		d->c.processor = NULL;
	}
	if (!ENABLE_SVLOGD_UDP)
		d->c.udpport = d->c.udponly = 0;
}

/* what dopen() took, given back when the directory cannot be used */
static void drelease(struct dir *d)
{
	if (d->cfg)
		munmap(d->cfg, d->cfgmap);
	d->cfg = NULL;
	close(d->lock);
	close(d->fd);
}

/* not inlined (in openall it costs more: -32 B) */
static __attribute__((noinline)) void dopen(struct dir *d)
{
	struct stat st;

	memset(&d->c, 0, sizeof *d - offsetof(struct dir, c));
	d->cfg = NULL;
	d->udp = d->cur = -1;
	d->fd = open(d->name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (d->fd < 0) {
		sv_warn_unable("open log directory: %s", d->name);
		return;
	}
	if (fstatat(d->fd, "lock", &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	    !S_ISREG(st.st_mode)) {
		sv_warn("unable to lock directory: %s: lock is %s", d->name,
			S_ISLNK(st.st_mode) ? "a symlink" : "not a regular file");
		close(d->fd);
		return;
	}
	d->lock = openat(d->fd, "lock", O_WRONLY | O_APPEND | O_CREAT |
			 O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (d->lock >= 0 && (fstat(d->lock, &st) < 0 || !S_ISREG(st.st_mode))) {
		sv_warn("unable to lock directory: %s: lock is not a regular "
			"file", d->name);
		close(d->lock);
		close(d->fd);
		return;
	}
	if (d->lock < 0 || flock(d->lock, LOCK_EX | LOCK_NB) < 0) {
		sv_warn_unable("lock directory: %s", d->name);
		if (d->lock >= 0)
			close(d->lock);
		close(d->fd);
		return;
	}
	config(d);
	if (fstatat(d->fd, "current", &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	    !S_ISREG(st.st_mode)) {
		/* a fifo would block every open, a symlink points anywhere */
		sv_warn("unable to use %s/current: not a regular file", d->name);
		drelease(d);
		return;
	}
	cleanup(d, 0, 0);
	if (fstatat(d->fd, "current", &st, AT_SYMLINK_NOFOLLOW) == 0) {
		if (st.st_size && !(st.st_mode & S_IXUSR)) {
			/* not closed cleanly: keep it aside as unprocessed */
			char name[NAMELEN + 1];
			newname(d, name, 'u');
			renameat(d->fd, "current", d->fd, name);
			cleanup(d, d->c.nmax, 0);
			st.st_size = 0;
		}
	} else if (errno != ENOENT) {
		sv_warn_unable("stat current: %s", d->name);
		drelease(d);
		return;
	} else {
		st.st_size = 0;
	}
	if (opencur(d) < 0) {
		if (errno)
			sv_warn_unable("open current: %s", d->name);
		else
			sv_warn("unable to use %s/current: not a regular file",
				d->name);
		drelease(d);
		return;
	}
	d->fsize = d->lsize = (unsigned long long)st.st_size;
	d->tdl = d->c.tsecs ? after(d->c.tsecs) : 0;
	d->ok = 1;
	info(st.st_size ? "append: %s/current%s" : "new: %s/current%s",
	     d->name, "");
}

static void openall(void)
{
	int i, ok = 0;

	for (i = 0; i < G->nd; i++) {
		dopen(&G->d[i]);
		ok += G->d[i].ok;
	}
	if (!ok)
		sv_die(SV_EXIT_TEMP, "no functional log directories.");
}

/* every queue written or given up, no processor left: close and go (not
 * inlined: -13 B) */
static __attribute__((noinline)) void finish(void)
{
	char buf[256];
	int i, lost = 0;

	for (i = 0; i < G->nd; i++) {
		struct dir *d = &G->d[i];
		if (d->ok && d->lost) {
			size_t k = sv_fmt(buf, sizeof buf, "svlogd: warning: "
					  "exiting on TERM, unable to write "
					  "%llu bytes to %s/current\n",
					  d->lost, d->name);
			sv_write_all(2, buf, k);
			lost = 1;
		}
		dclose(d);
	}
	exit(lost ? SV_EXIT_TEMP : 0);
}

/* -r, -R, -l, -b */
static int setopt(int c, const char *arg)
{
	unsigned long long v;

	if (c == 'r') {
		if (!arg[0] || arg[1])
			return -1;
		G->repl = (unsigned char)arg[0];
	} else if (c == 'R') {
		G->replset = arg;
		if (!G->repl)
			G->repl = '_';
	} else {
		sv_scan_ulong(arg, &v);
		if (c == 'l')
			G->len = v && v < 1000000 ? (unsigned long)v : 1000;
		else
			G->cap = v && v < 1000000000 ? (size_t)v : 1024;
	}
	return 0;
}

static void reap(void)
{
	pid_t pid;
	int i, w;

	while ((pid = waitpid(-1, &w, WNOHANG)) > 0)
		for (i = 0; i < G->nd; i++)
			if (ENABLE_SVLOGD_PROCESSOR && G->d[i].proc == pid)
				procdone(&G->d[i], w);
}

/* a processor running or its output not yet renamed */
static int processing(void)
{
	int i;

	for (i = 0; i < G->nd; i++)
		if (ENABLE_SVLOGD_PROCESSOR && G->d[i].ok && (G->d[i].proc || G->d[i].pdone))
			return 1;
	return 0;
}

static void signals(void)
{
	int i, sig;

	while ((sig = sv_sig_next(G->sigfd)) > 0) {
		switch (sig) {
		case SIGTERM:
			G->term = 1;
			info("sigterm received.%s%s", "", "");
			/* a paused step gets one more try, now */
			for (i = 0; i < G->nd; i++)
				G->d[i].until = 0;
			break;
		case SIGHUP:
			info("sighangup received.%s%s", "", "");
			G->hup = 1; /* once nothing is queued or processed */
			break;
		case SIGALRM:
			info("sigalarm received.%s%s", "", "");
			for (i = 0; i < G->nd; i++)
				if (G->d[i].ok && !G->d[i].gone)
					mark(&G->d[i]);
			break;
		case SIGCHLD:
			reap();
			break;
		}
	}
}

/* Input that a kill -9 does not lose: when stdin is a pipe, its bytes are
 * copied with tee(2), which leaves them in the pipe, and taken from it
 * (spliced to /dev/null) only once the lines among them are written. A
 * logger killed before that leaves them to the next one (runsv keeps the
 * pipe): lines may then be written twice, never lost. The one line in
 * transit, whose start came and whose end had not, is held by the logger
 * alone (leaving it in the pipe would keep the pipe from ever being empty,
 * and Linux then stops waking the reader of a long write). Elsewhere (a
 * file, a terminal) plain read(2). */
static void peek_setup(void)
{
	struct stat st;

	G->peek[0] = G->peek[1] = G->null = -1;
	if (fstat(0, &st) < 0 || !S_ISFIFO(st.st_mode) ||
	    pipe2(G->peek, O_CLOEXEC) < 0)
		return;
	/* room for the writer while a copy is written (the bytes stay in
	 * the pipe till then): the pipe four times the copy, where allowed */
	fcntl(0, F_SETPIPE_SZ, (int)(4 * G->cap));
	G->null = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (G->null < 0) {
		close(G->peek[0]);
		close(G->peek[1]);
		G->peek[0] = G->peek[1] = -1;
	}
}

static ssize_t input(void)
{
	size_t want = G->cap - G->have, got = 0;
	ssize_t r;

	if (G->peek[0] < 0)
		return read(0, G->in + G->have, want);
	r = tee(0, G->peek[1], want, SPLICE_F_NONBLOCK);
	if (r < 0 && errno == EINVAL) { /* no pipe after all */
		close(G->peek[0]);
		close(G->peek[1]);
		G->peek[0] = G->peek[1] = -1;
		return read(0, G->in + G->have, want);
	}
	if (r <= 0)
		return r;
	while (got < (size_t)r) {
		ssize_t k = read(G->peek[0], G->in + G->have + got, (size_t)r - got);
		if (k <= 0 && errno != EINTR)
			sv_die_unable(SV_EXIT_TEMP, "read a copy of the input");
		if (k > 0)
			got += (size_t)k;
	}
	G->owed = got;
	return (ssize_t)got;
}

/* the lines of the copy are written: take its bytes from the pipe */
static void settle(void)
{
	while (G->owed) {
		ssize_t k = splice(0, NULL, G->null, NULL, G->owed, 0);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) { /* cannot happen to bytes tee(2) saw: be safe */
			char sink[512];
			k = read(0, sink, G->owed < sizeof sink ? G->owed
						       : sizeof sink);
			if (k <= 0)
				sv_die_unable(SV_EXIT_TEMP,
					      "read standard input");
		}
		G->owed -= (size_t)k;
	}
}

static size_t up16(size_t n)
{
	return (n + 15) & ~(size_t)15;
}

/* Everything the logger uses, in one anonymous mapping, laid out so that
 * an idle logger touches few pages: the directories, the scratch space
 * (stderr and UDP copies, the directory reading buffer), the head (-r)
 * and the first queue share the first page; then each other queue with
 * its copies; the input buffer last. No allocator: pages are touched
 * only as they are used. */
static void memory(void)
{
	size_t dirs = up16((size_t)G->nd * sizeof *G->d);
	size_t tmp = up16(SCRATCH) + up16(G->len + 1);
	size_t per = NIOV * sizeof(struct iovec) + up16(G->obcap);
	char *p;
	int i;

	p = mmap(NULL, dirs + tmp + (size_t)G->nd * per + G->cap,
		 PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		sv_die(SV_EXIT_TEMP, "out of memory.");
	G->d = (struct dir *)(void *)p;
	G->scratch = p + dirs;
	G->head = G->scratch + up16(SCRATCH);
	p += dirs + tmp;
	for (i = 0; i < G->nd; i++, p += per) {
		G->d[i].iov = (struct iovec *)(void *)p;
		G->d[i].ob = p + NIOV * sizeof(struct iovec);
	}
	G->in = p;
}

int svlogd_main(int argc, char **argv)
{
	static const unsigned char sigs[] = { SIGTERM, SIGHUP, SIGALRM,
					      SIGCHLD, 0 };
	struct svlogd g = { .len = 0 };
	static const struct sv_opt opts[] = {
		SV_OPT_IN('t', SV_OPT_FLAG, struct svlogd, tflag),
		SV_OPT_IN(ENABLE_SVLOGD_LOCALTIME ? 'T' : 1, SV_OPT_FLAG,
			  struct svlogd, local),
		SV_OPT_IN('v', SV_OPT_FLAG, struct svlogd, verbose),
		SV_OPT_IN('V', SV_OPT_FLAG, struct svlogd, version),
		{ 'r', SV_OPT_CALLARG, 0 },
		{ 'R', SV_OPT_CALLARG, 0 },
		{ 'l', SV_OPT_CALLARG, 0 },
		{ 'b', SV_OPT_CALLARG, 0 },
		{ 0, 0, 0 },
	};
	long long termed = 0;
	int i;

	G = &g;
	sv_usage_code = SVLOGD_USAGE;
	G->len = 1000;
	G->cap = 1024;
	sv_proc_std_fds();
	i = sv_getopt(argc, argv, opts, &g, setopt);
	if (g.version)
		sv_say_version();
	if (i < 0 || i >= argc || g.version || G->cap <= G->len)
		sv_usage();
	if (G->tflag > 3)
		G->tflag = 3;
	/* -T wins over -t: the last form asked for is not tracked */
	G->slen = G->local ? 33 : G->tflag ? 26 : 0;
	if (ENABLE_SVLOGD_LOCALTIME && G->local)
		sv_tz_load(&G->tz);
	/* a bigger input buffer than -b asks for: fewer syscalls, same
	 * output; the copies a line can make (a head with replacements, a
	 * UDP warning) fit ob twice */
	if (G->cap < MIN_BUF)
		G->cap = MIN_BUF;
	G->obcap = 2 * (G->len + SCRATCH);
	G->nd = argc - i;
	memory();
	for (; i < argc; i++)
		G->d[G->nd - (argc - i)].name = argv[i];
	signal(SIGPIPE, SIG_IGN);
	G->sigfd = sv_sig_open(sigs);
	if (G->sigfd < 0)
		sv_die_unable(SV_EXIT_TEMP, "set up signals");
	openall();
	peek_setup();

	/* One loop: run every directory's steps that are due, queue input
	 * while every queue is empty, then sleep until input, a signal or
	 * the next deadline (age rotation, a paused step, a processor's
	 * restart, TERM's wait for a line's end). */
	for (;;) {
		struct pollfd p[2] = { { G->sigfd, POLLIN, 0 }, { 0, POLLIN, 0 } };
		long long dl, now = sv_mono_ms();
		int busy, closing;

		for (i = 0; i < G->nd; i++) {
			struct dir *d = &G->d[i];
			if (!d->ok || d->gone)
				continue;
			if (d->tdl && now >= d->tdl) {
				d->tdl = after(d->c.tsecs);
				mark(d);
			}
			if (ENABLE_SVLOGD_PROCESSOR && d->pretry && !d->proc && !d->pdone && d->pname[0] &&
			    now >= d->pretry && !G->term && !G->eof)
				procstart(d);
			drive(d);
		}
		if (!(busy = anystuck()) && G->stall) {
			process(G->eof);
			for (i = 0; i < G->nd; i++)
				drive(&G->d[i]);
			busy = anystuck();
		}
		if (!busy && !G->stall && G->owed)
			settle();
		if (!busy && G->off) { /* nothing points into the input now */
			memmove(G->in, G->in + G->off, G->have - G->off);
			G->have -= G->off;
			G->off = 0;
		}
		if (G->term && !termed)
			termed = now + TERM_LINE_MS;
		if (termed && now >= termed && !G->eof) {
			G->eof = 1; /* the line never ended: write it */
			process(1);
			continue;
		}
		closing = G->eof || (G->term && !G->have && !G->cont);
		if (closing && !busy && !G->stall) {
			if (!processing())
				finish();
		} else if (!busy && G->hup && !processing()) {
			G->hup = 0;
			if (ENABLE_SVLOGD_LOCALTIME && G->local) {
				sv_tz_load(&G->tz); /* a new /etc/localtime */
				G->stampsec = 0;
			}
			for (i = 0; i < G->nd; i++)
				dclose(&G->d[i]);
			openall();
			continue;
		}
		dl = termed;
		for (i = 0; i < G->nd; i++) {
			struct dir *d = &G->d[i];
			if (!d->ok || d->gone)
				continue;
			dl = sv_deadline_min(dl, d->tdl);
			dl = sv_deadline_min(dl, d->until);
			if (ENABLE_SVLOGD_PROCESSOR && d->pretry && !d->proc && !G->term && !G->eof)
				dl = sv_deadline_min(dl, d->pretry);
		}
		/* input only while every queue is empty: the pieces point
		 * into the input buffer */
		p[1].fd = !busy && !closing && !G->stall && !G->owed &&
				  G->have < G->cap ? 0 : -1;
		if (poll(p, 2, sv_deadline_ms(dl)) < 0 && errno != EINTR)
			sv_warn_unable("poll");
		if (p[0].revents & POLLIN)
			signals();
		if (!(p[1].revents & (POLLIN | POLLHUP | POLLERR)))
			continue;
		ssize_t r = input();
		if (r < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (r < 0)
			sv_warn_unable("read standard input");
		if (r <= 0) {
			G->eof = 1;
			process(1);
		} else {
			G->have += (size_t)r;
			process(0);
		}
		for (i = 0; i < G->nd; i++)
			drive(&G->d[i]);
	}
}
