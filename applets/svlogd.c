/* SPDX-License-Identifier: 0BSD */
/* svlogd.c - runit-compatible rotating logger: large buffered writes, one
 * timestamp per read, no line ever dropped. Manual page: docs/svlogd.8

APPLET(svlogd, "[-tttv] [-r C] [-R CHARS] [-l LEN] [-b BUFLEN] DIR...")

config SVLOGD
	bool "svlogd"
	default y
	help
	  svlogd DIR... reads lines on standard input and appends them to
	  DIR/current, rotating it by size and age, keeping a number of
	  old files, optionally feeding each to a processor, with runit's
	  config file and log directory layout.

config SVLOGD_UDP
	bool "svlogd: u and U config lines (copy lines to a UDP address)"
	default y
	depends on SVLOGD

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
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
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

enum {
	SVLOGD_USAGE = 111,
	MIN_BUF = 131072,    /* our read and write buffers, whatever -b says */
	PAUSE_MS = 3000,     /* a failed write is retried after this */
	TERM_RETRIES = 3,    /* ... this many times once TERM has come */
	TERM_LINE_MS = 2000, /* after TERM, wait this long for a line's end */
	BACKOFF_MAX_MS = 60000,
	NAMELEN = 27,	     /* "@" + 24 hex + ".s" */
	NIOV = 1024,	     /* pieces per writev (IOV_MAX on Linux) */
	DENTS = 2048,	     /* directory reading buffer */
	SCRATCH = 1200,	     /* a line's copy for stderr or UDP */
};

struct dir {
	const char *name;
	int fd, cur, lock, udp;
	struct sv_logcfg c;
	char *cfg;		 /* config text, c points into it */
	char *ob;		 /* output buffer, for what is assembled */
	size_t on;
	struct iovec *iov;	 /* what the next writev writes: pieces of ob,
				    of the input buffer and of the stamp */
	int niov;
	unsigned long long size; /* current: written + buffered */
	long long tdl;		 /* age rotation deadline (monotonic ms) */
	pid_t proc;		 /* running processor */
	long long pretry;	 /* failed processor: restart then */
	unsigned pfail;
	char pname[NAMELEN + 1]; /* the processor's @....u */
	char last[NAMELEN + 1];	 /* greatest @ name seen */
	unsigned char ok, sel;
};

static struct {
	struct dir *d;
	int nd, sigfd, term, cont;
	char **names;
	char *in, *head, *dents, *scratch; /* one block: dents, scratch
					      (stderr and UDP copies), head, in */
	size_t cap, have, obcap;
	unsigned long len;
	unsigned tflag, verbose;
	int repl;
	const char *replset;
	struct sv_tai now;
	int lost; /* gave up writing something (TERM on a full disk) */
	char stamp[26];
	unsigned long long stampsec;
} G;

static void info(const char *fmt, const char *a, const char *b)
{
	char buf[512];
	size_t n;

	if (!G.verbose)
		return;
	n = sv_fmt(buf, sizeof buf, "svlogd: info: ");
	n += sv_fmt(buf + n, sizeof buf - n, fmt, a, b);
	buf[n < sizeof buf - 1 ? n++ : n - 1] = '\n';
	sv_write_all(2, buf, n);
}

static void pausing(const char *what, const struct dir *d)
{
	char buf[512];
	size_t n = sv_fmt(buf, sizeof buf, "svlogd: pausing: unable to %s: "
			  "%s: %s\n", what, d->name, sv_strerror(errno));
	sv_write_all(2, buf, n);
}

/* TAI64N label of now, never below what the directory already holds, so
 * a clock that goes back cannot make the newest file the oldest */
static void newname(struct dir *d, char *name, char suffix)
{
	struct sv_tai t;
	int i;

	sv_tai_now(&t);
	sv_tai_label(name, &t);
	if (d->last[0] == '@' && memcmp(name, d->last, 25) <= 0) {
		/* the clock is behind the newest file: continue after it */
		t.sec = 0;
		t.nsec = 0;
		for (i = 1; i < 25; i++) {
			unsigned v = (unsigned)(d->last[i] <= '9'
						? d->last[i] - '0'
						: d->last[i] - 'a' + 10);
			if (i < 17)
				t.sec = t.sec << 4 | v;
			else
				t.nsec = t.nsec << 4 | v;
		}
		t.nsec++;
	}
	for (;;) {
		sv_tai_label(name, &t);
		name[25] = '.';
		name[26] = suffix;
		name[27] = 0;
		struct stat st;
		if (fstatat(d->fd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
			break;
		t.nsec++;
	}
	if (t.nsec >= 1000000000UL) /* not a valid label: carry */
		t.sec++, t.nsec -= 1000000000UL, sv_tai_label(name, &t);
	memcpy(d->last, name, NAMELEN + 1);
}

/* Old files: remove abandoned .t files, keep at most n (0: all). With
 * keep set, delete one oldest file only while more than keep exist
 * (disk full). Returns 1 if a file was deleted. */
static int cleanup(struct dir *d, unsigned long keep, int diskfull)
{
	char oldest[NAMELEN + 1];
	unsigned long count;
	int deleted = 0;
	struct sv_dir dir;
	const char *name;
	unsigned char type;

	for (;;) {
		count = 0;
		oldest[0] = 0;
		sv_dir_start(&dir, d->fd, G.dents, DENTS);
		while ((name = sv_dir_next(&dir, &type))) {
			if (name[0] != '@' || strlen(name) != NAMELEN)
				continue;
			if (name[26] == 't') {
				unlinkat(d->fd, name, 0);
				continue;
			}
			count++;
			if (!oldest[0] || strcmp(name, oldest) < 0)
				memcpy(oldest, name, NAMELEN + 1);
			if (strcmp(name, d->last) > 0)
				memcpy(d->last, name, NAMELEN + 1);
		}
		if (!keep || count <= keep || !oldest[0])
			return deleted;
		if (diskfull)
			sv_warn("out of disk space, delete: %s/%s", d->name, oldest);
		else
			info("delete: %s/%s", d->name, oldest);
		if (unlinkat(d->fd, oldest, 0) < 0)
			return deleted;
		deleted = 1;
		if (diskfull)
			return 1;
	}
}

/* Wait at most ms for a signal, noting TERM; other signals stay queued
 * for the main loop (they act after the pause). */
static void nap(int ms)
{
	struct pollfd p = { G.sigfd, POLLIN, 0 };
	sigset_t set;
	struct timespec ts = { 0, 0 };
	siginfo_t si;

	poll(&p, 1, ms);
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	if (sigtimedwait(&set, &si, &ts) == SIGTERM)
		G.term = 1;
}

/* Write out d's pending pieces. On errors: delete old files if the disk
 * is full and N allows, else pause and retry; nothing is dropped unless
 * TERM has come and TERM_RETRIES pauses more did not help. */
static void flush(struct dir *d)
{
	struct iovec *v = d->iov;
	int n = d->niov, tries = 0;

	while (n) {
		ssize_t r = writev(d->cur, v, n);
		if (r > 0) {
			while (n && (size_t)r >= v->iov_len)
				r -= (ssize_t)v->iov_len, v++, n--;
			if (n) {
				v->iov_base = (char *)v->iov_base + r;
				v->iov_len -= (size_t)r;
			}
			continue;
		}
		if (r < 0 && errno == EINTR)
			continue;
		if (r == 0)
			errno = EIO;
		if (errno == ENOSPC && d->c.nmin < d->c.nmax &&
		    cleanup(d, d->c.nmin, 1))
			continue;
		if (!G.lost)
			pausing("write to current", d);
		if (G.lost || (G.term && ++tries > TERM_RETRIES)) {
			char buf[256];
			size_t left = 0, k;
			for (; n; v++, n--)
				left += v->iov_len;
			k = sv_fmt(buf, sizeof buf, "svlogd: warning: exiting on "
				   "TERM, unable to write %zu bytes to "
				   "%s/current\n", left, d->name);
			if (!G.lost)
				sv_write_all(2, buf, k);
			d->size -= left;
			G.lost = 1;
			break;
		}
		nap(PAUSE_MS);
	}
	d->niov = 0;
	d->on = 0;
}

/* queue p[0..n) for the next writev; p must stay valid until then */
static void push(struct dir *d, const char *p, size_t n)
{
	struct iovec *last = d->niov ? &d->iov[d->niov - 1] : NULL;

	if (last && (const char *)last->iov_base + last->iov_len == p) {
		last->iov_len += n;
		return;
	}
	if (d->niov == NIOV)
		flush(d);
	d->iov[d->niov].iov_base = (void *)p;
	d->iov[d->niov++].iov_len = n;
}

static void closecur(struct dir *d)
{
	flush(d);
	while (fsync(d->cur) < 0 && errno != EINVAL && errno != EINTR) {
		pausing("fsync current", d);
		nap(PAUSE_MS);
	}
	fchmod(d->cur, 0744);
	close(d->cur);
	d->cur = -1;
}

static int opencur(struct dir *d)
{
	for (;;) {
		d->cur = openat(d->fd, "current", O_WRONLY | O_APPEND | O_CREAT |
				O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (d->cur >= 0)
			break;
		pausing("open current", d);
		nap(PAUSE_MS);
	}
	fchmod(d->cur, 0644);
	return 0;
}

/* the processor: sh -c PROCESSOR in the log directory, the rotated file
 * on stdin, its .t on stdout, state on fd 4, newstate on fd 5; the files
 * opened here, so a failure is said and retried, never half started */
static void procstart(struct dir *d)
{
	char tname[NAMELEN + 1];
	char *argv[] = { "sh", "-c", (char *)d->c.processor, NULL };
	struct sv_spawn sp = { d->fd, NULL, { -1, -1, -1, -1, -1, -1 }, 0,
			       "/bin/sh", NULL, argv, "processor",
			       SV_EXIT_TEMP, NULL, 0, 0, 0 };
	static const char *const what[] = { "input", "output", "", "",
					     "state", "newstate" };
	pid_t pid;
	int k;

	d->pretry = 0;
	memcpy(tname, d->pname, NAMELEN + 1);
	tname[26] = 't';
	sp.fd[0] = openat(d->fd, d->pname, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	sp.fd[1] = openat(d->fd, tname, O_WRONLY | O_CREAT | O_TRUNC |
				  O_NOFOLLOW | O_CLOEXEC, 0644);
	sp.fd[4] = openat(d->fd, "state", O_RDONLY | O_CREAT | O_NOFOLLOW |
				  O_CLOEXEC, 0644);
	sp.fd[5] = openat(d->fd, "newstate", O_WRONLY | O_CREAT | O_TRUNC |
				     O_NOFOLLOW | O_CLOEXEC, 0644);
	pid = -1;
	for (k = 0; k < 6; k++)
		if (k != 2 && k != 3 && sp.fd[k] < 0) {
			sv_warn_sys("unable to open %s for processor: %s",
				    what[k], d->name);
			break;
		}
	if (k == 6) {
		info("processing: %s/%s", d->name, d->pname);
		pid = sv_spawn(&sp);
		if (pid < 0)
			sv_warn_sys("unable to fork for processor: %s", d->name);
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

static void procdone(struct dir *d, int w)
{
	char tname[NAMELEN + 1], sname[NAMELEN + 1];

	d->proc = 0;
	memcpy(tname, d->pname, NAMELEN + 1);
	tname[26] = 't';
	if (WIFEXITED(w) && !WEXITSTATUS(w)) {
		memcpy(sname, d->pname, NAMELEN + 1);
		sname[26] = 's';
		renameat(d->fd, tname, d->fd, sname);
		/* the syscall itself: libc's fchmodat carries flag
		 * emulation this call does not need */
		syscall(SYS_fchmodat, d->fd, sname, 0744);
		unlinkat(d->fd, d->pname, 0);
		renameat(d->fd, "newstate", d->fd, "state");
		info("processed: %s/%s", d->name, sname);
		d->pname[0] = 0;
		d->pfail = 0;
		return;
	}
	sv_warn("processor failed, restart: %s", d->name);
	unlinkat(d->fd, tname, 0);
	d->pretry = sv_mono_ms() + ((1000LL << (d->pfail < 6 ? d->pfail : 6)) >
				    BACKOFF_MAX_MS ? BACKOFF_MAX_MS
				    : (1000LL << (d->pfail < 6 ? d->pfail : 6)));
	d->pfail++;
}

static void reap(void)
{
	pid_t pid;
	int i, w;

	while ((pid = waitpid(-1, &w, WNOHANG)) > 0)
		for (i = 0; i < G.nd; i++)
			if (G.d[i].proc == pid)
				procdone(&G.d[i], w);
}

/* the running processor of d, synchronously */
static void procwait(struct dir *d)
{
	int w;

	while (d->proc) {
		if (waitpid(d->proc, &w, 0) == d->proc)
			procdone(d, w);
		else if (errno != EINTR)
			d->proc = 0;
	}
}

static void rotate(struct dir *d)
{
	char name[NAMELEN + 1];

	if (d->c.tsecs)
		d->tdl = sv_mono_ms() + (long long)d->c.tsecs * 1000;
	if (!d->size)
		return;
	procwait(d);
	if (d->pretry && d->pname[0]) {
		sv_warn("processor failed, giving up: %s/%s", d->name, d->pname);
		d->pretry = 0;
		d->pname[0] = 0;
	}
	newname(d, name, d->c.processor ? 'u' : 's');
	closecur(d);
	info("rename: %s/current %s", d->name, name);
	while (renameat(d->fd, "current", d->fd, name) < 0) {
		pausing("rename current", d);
		nap(PAUSE_MS);
	}
	opencur(d);
	d->size = 0;
	cleanup(d, d->c.nmax, 0);
	if (d->c.processor) {
		memcpy(d->pname, name, NAMELEN + 1);
		d->pfail = 0;
		procstart(d);
	}
}

/* append a copy to d, keeping current under s bytes (a longer line is
 * split) */
static void emit(struct dir *d, const char *p, size_t n)
{
	while (n) {
		size_t k = n;

		if (d->c.size) {
			if (d->size >= d->c.size)
				rotate(d);
			if (k > d->c.size - d->size)
				k = (size_t)(d->c.size - d->size);
		}
		if (k > G.obcap - d->on) {
			flush(d);
			if (k > G.obcap)
				k = G.obcap;
		}
		memcpy(d->ob + d->on, p, k);
		push(d, d->ob + d->on, k);
		d->on += k;
		d->size += k;
		p += k;
		n -= k;
	}
}

static void endline(struct dir *d)
{
	emit(d, "\n", 1);
	if (d->c.size > G.len && d->size >= d->c.size - G.len)
		rotate(d);
}

static void stampnow(void)
{
	sv_tai_now(&G.now);
	if (G.tflag == 1) {
		sv_tai_label(G.stamp, &G.now);
	} else if (G.tflag) {
		if (G.now.sec != G.stampsec) {
			sv_tai_date(G.stamp, &G.now, G.tflag == 2 ? '_' : 'T');
			G.stampsec = G.now.sec;
		} else {
			unsigned long v = G.now.nsec / 10000;
			int i;
			for (i = 24; i >= 20; i--, v /= 10)
				G.stamp[i] = (char)('0' + v % 10);
		}
	}
	G.stamp[25] = ' ';
}

/* stderr or UDP copy: STAMP PREFIX HEAD [...] \n */
static size_t copyline(char *buf, size_t cap, const struct dir *d,
		       const char *head, size_t hl, int trunc)
{
	size_t n = 0, k;

	if (G.tflag) {
		memcpy(buf, G.stamp, 26);
		n = 26;
	}
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
	char *buf = G.scratch;
	struct sockaddr_in sa;
	size_t n = copyline(buf, SCRATCH, d, head, hl, trunc);
	static const char nosock[] = "warning: no udp socket available: ";
	static const char fail[] = "warning: failure sending through udp: ";

	if (d->udp < 0)
		d->udp = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK |
				SOCK_CLOEXEC, 0);
	if (d->udp < 0) {
		emit(d, nosock, sizeof nosock - 1);
		emit(d, buf, n);
		return;
	}
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_port = htons(d->c.udpport);
	sa.sin_addr.s_addr = htonl((uint32_t)d->c.udpip);
	if (sendto(d->udp, buf, n, 0, (struct sockaddr *)&sa, sizeof sa) !=
	    (ssize_t)n) {
		emit(d, fail, sizeof fail - 1);
		emit(d, buf, n);
	}
}

/* a line, or the first part of one longer than our buffer; nl: p[n] is
 * its newline, in the input buffer */
static void line(const char *p, size_t n, int complete, int nl)
{
	size_t hl = n < G.len ? n : G.len;
	const char *head = p;
	int i, trunc = n > G.len || !complete;

	if (G.repl) {
		size_t k;
		for (k = 0; k < hl; k++) {
			unsigned char c = (unsigned char)p[k];
			G.head[k] = c < 32 || c > 126 ||
					    (G.replset && strchr(G.replset, c))
					    ? (char)G.repl : (char)c;
		}
		head = G.head;
	}
	for (i = 0; i < G.nd; i++) {
		struct dir *d = &G.d[i];
		int s;

		if (!d->ok)
			continue;
		if (nl && head == p && !d->c.pats && !d->c.prefix &&
		    !d->c.udpport) {
			/* the common case: no copy, the stamp and the line
			 * itself (with its newline) go to writev */
			size_t need = (G.tflag ? 26 : 0) + n + 1;
			if (!d->c.size || d->size + need <= d->c.size) {
				d->sel = 1;
				if (G.tflag)
					push(d, G.stamp, 26);
				push(d, p, n + 1);
				d->size += need;
				if (d->c.size > G.len &&
				    d->size >= d->c.size - G.len)
					rotate(d);
				continue;
			}
		}
		s = d->c.pats ? sv_log_select(&d->c, head, hl) : SV_LOG_SELECT;
		d->sel = 0;
		if (s & SV_LOG_ALERT)
			sv_write_all(2, G.scratch, copyline(G.scratch, SCRATCH,
							    d, head, hl, trunc));
		if (!(s & SV_LOG_SELECT))
			continue;
		if (ENABLE_SVLOGD_UDP && d->c.udpport)
			udpsend(d, head, hl, trunc);
		if (ENABLE_SVLOGD_UDP && d->c.udponly)
			continue;
		d->sel = 1;
		if (G.tflag)
			emit(d, G.stamp, 26);
		if (ENABLE_SVLOGD_PREFIX && d->c.prefix)
			emit(d, d->c.prefix, strlen(d->c.prefix));
		emit(d, head, hl);
		if (n > hl)
			emit(d, p + hl, n - hl);
		if (complete)
			endline(d);
	}
}

/* the rest of a long line: raw, to the directories that took its start */
static void more(const char *p, size_t n, int complete)
{
	int i;

	for (i = 0; i < G.nd; i++)
		if (G.d[i].ok && G.d[i].sel) {
			emit(&G.d[i], p, n);
			if (complete)
				endline(&G.d[i]);
		}
}

/* the complete lines in the input buffer; a partial one stays (all of it
 * at eof, with a newline added) */
static void process(int eof)
{
	size_t off = 0, n;
	int i, nl;

	if (G.tflag)
		stampnow();
	while (off < G.have) {
		nl = sv_log_line(G.in + off, G.have - off, &n);
		if (G.cont) {
			more(G.in + off, n, nl || eof);
			G.cont = !nl && !eof;
		} else if (nl || eof) {
			line(G.in + off, n, 1, nl);
		} else if (off == 0 && G.have == G.cap) {
			line(G.in, n, 0, 0); /* longer than the buffer */
			G.cont = 1;
		} else {
			break;
		}
		off += n + (size_t)nl;
	}
	/* a long line whose every byte went out as continuation: at eof it
	 * still gets its newline */
	if (eof && G.cont) {
		more(G.in, 0, 1);
		G.cont = 0;
	}
	/* written out before the buffer moves: the pieces point into it */
	for (i = 0; i < G.nd; i++)
		if (G.d[i].ok && G.d[i].niov)
			flush(&G.d[i]);
	if (off && off < G.have)
		memmove(G.in, G.in + off, G.have - off);
	G.have -= off;
}

static void badudp(enum sv_logcfg_warn w, const char *v)
{
	sv_warn(w == SV_LOGCFG_BADIP ? "unable to scan ip address: %s"
				     : "unable to scan port number: %s", v);
}

static void dclose(struct dir *d)
{
	if (!d->ok)
		return;
	procwait(d);
	closecur(d);
	close(d->lock);
	close(d->fd);
	if (d->udp >= 0)
		close(d->udp);
	free(d->cfg);
	free(d->iov);
	d->cfg = d->ob = NULL;
	d->iov = NULL;
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
			sv_warn_sys("unable to read config: %s", d->name);
		return;
	}
	if (fstat(fd, &st) == 0 && !S_ISREG(st.st_mode)) {
		sv_warn("unable to read config: %s: not a regular file, ignored",
			d->name);
		close(fd);
		return;
	}
	if (fstat(fd, &st) == 0 && (d->cfg = malloc((size_t)st.st_size + 1))) {
		ssize_t r;
		while (n < (size_t)st.st_size &&
		       (r = read(fd, d->cfg + n, (size_t)st.st_size - n)) > 0)
			n += (size_t)r;
		sv_logcfg_parse(&d->c, d->cfg, n, ENABLE_SVLOGD_UDP ? badudp : NULL);
		info("read: %s/config%s", d->name, "");
	} else {
		sv_warn_sys("unable to read config: %s", d->name);
	}
	close(fd);
	if (!ENABLE_SVLOGD_UDP)
		d->c.udpport = d->c.udponly = 0;
}

/* what dopen() took, given back when the directory cannot be used */
static void drelease(struct dir *d)
{
	free(d->iov);
	free(d->cfg);
	d->iov = NULL;
	d->cfg = NULL;
	close(d->lock);
	close(d->fd);
}

static void dopen(struct dir *d)
{
	struct stat st;

	d->udp = d->cur = -1;
	d->proc = 0;
	d->pretry = 0;
	d->pname[0] = 0;
	d->last[0] = 0;
	d->fd = open(d->name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (d->fd < 0) {
		sv_warn_sys("unable to open log directory: %s", d->name);
		return;
	}
	d->lock = openat(d->fd, "lock", O_WRONLY | O_APPEND | O_CREAT |
			 O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (d->lock < 0 || flock(d->lock, LOCK_EX | LOCK_NB) < 0) {
		sv_warn_sys("unable to lock directory: %s", d->name);
		if (d->lock >= 0)
			close(d->lock);
		close(d->fd);
		return;
	}
	/* one block, the iovecs first: an idle logger touches one page of it
	 * (the common path queues pieces of the input buffer, not of ob) */
	d->iov = malloc(NIOV * sizeof *d->iov + G.obcap);
	d->ob = (char *)(d->iov + NIOV);
	d->niov = 0;
	d->on = 0;
	if (!d->iov) {
		sv_warn_sys("unable to allocate a buffer for %s", d->name);
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
	if (fstatat(d->fd, "current", &st, 0) == 0) {
		if (st.st_size && !(st.st_mode & S_IXUSR)) {
			/* not closed cleanly: keep it aside as unprocessed */
			char name[NAMELEN + 1];
			newname(d, name, 'u');
			renameat(d->fd, "current", d->fd, name);
			cleanup(d, d->c.nmax, 0);
			st.st_size = 0;
		}
	} else if (errno != ENOENT) {
		sv_warn_sys("unable to stat current: %s", d->name);
		drelease(d);
		return;
	} else {
		st.st_size = 0;
	}
	opencur(d);
	d->size = (unsigned long long)st.st_size;
	d->tdl = d->c.tsecs ? sv_mono_ms() + (long long)d->c.tsecs * 1000 : 0;
	d->ok = 1;
	info(st.st_size ? "append: %s/current%s" : "new: %s/current%s",
	     d->name, "");
}

static void openall(void)
{
	int i, ok = 0;

	for (i = 0; i < G.nd; i++) {
		dopen(&G.d[i]);
		ok += G.d[i].ok;
	}
	if (!ok)
		sv_die(SV_EXIT_TEMP, "no functional log directories.");
}

static void finish(void)
{
	int i;

	for (i = 0; i < G.nd; i++)
		dclose(&G.d[i]);
	exit(G.lost ? SV_EXIT_TEMP : 0);
}

static int setrepl(int c, const char *arg)
{
	if (c == 'r') {
		if (!arg[0] || arg[1])
			return -1;
		G.repl = (unsigned char)arg[0];
	} else {
		G.replset = arg;
		if (!G.repl)
			G.repl = '_';
	}
	return 0;
}

static int setnum(int c, const char *arg)
{
	unsigned long long v;

	sv_scan_ulong(arg, &v);
	if (c == 'l')
		G.len = v && v < 1000000 ? (unsigned long)v : 1000;
	else
		G.cap = v && v < 1000000000 ? (size_t)v : 1024;
	return 0;
}

int svlogd_main(int argc, char **argv)
{
	static const int sigs[] = { SIGTERM, SIGHUP, SIGALRM, SIGCHLD, 0 };
	unsigned version = 0;
	const struct sv_opt opts[] = {
		{ 't', SV_OPT_FLAG, .to.u = &G.tflag },
		{ 'v', SV_OPT_FLAG, .to.u = &G.verbose },
		{ 'V', SV_OPT_FLAG, .to.u = &version },
		{ 'r', SV_OPT_CALLARG, .to.fn = setrepl },
		{ 'R', SV_OPT_CALLARG, .to.fn = setrepl },
		{ 'l', SV_OPT_CALLARG, .to.fn = setnum },
		{ 'b', SV_OPT_CALLARG, .to.fn = setnum },
		{ 0, 0, { 0 } },
	};
	long long termed = 0;
	int i;

	sv_usage_code = SVLOGD_USAGE;
	G.len = 1000;
	G.cap = 1024;
	sv_proc_std_fds();
	i = sv_getopt(argc, argv, opts);
	if (version)
		sv_say_version();
	if (i < 0 || i >= argc || version || G.cap <= G.len)
		sv_usage();
	if (G.tflag > 3)
		G.tflag = 3;
	/* bigger buffers than -b asks for: fewer syscalls, same output */
	if (G.cap < MIN_BUF)
		G.cap = MIN_BUF;
	G.obcap = G.cap;
	G.nd = argc - i;
	G.d = calloc((size_t)G.nd, sizeof *G.d);
	/* one block, so that little traffic dirties few pages */
	G.dents = malloc(DENTS + SCRATCH + G.len + 1 + G.cap);
	G.scratch = G.dents + DENTS;
	G.head = G.scratch + SCRATCH;
	G.in = G.head + G.len + 1;
	if (!G.d || !G.dents)
		sv_die(SV_EXIT_TEMP, "out of memory.");
	for (; i < argc; i++)
		G.d[G.nd - (argc - i)].name = argv[i];
	signal(SIGPIPE, SIG_IGN);
	G.sigfd = sv_sig_open(sigs);
	if (G.sigfd < 0)
		sv_die_sys(SV_EXIT_TEMP, "unable to set up signals");
	openall();

	for (;;) {
		struct pollfd p[2] = { { 0, POLLIN, 0 }, { G.sigfd, POLLIN, 0 } };
		long long dl = termed ? termed : 0, now;
		ssize_t r;
		int sig;

		for (i = 0; i < G.nd; i++) {
			dl = sv_deadline_min(dl, G.d[i].tdl);
			if (G.d[i].pretry && !G.d[i].proc)
				dl = sv_deadline_min(dl, G.d[i].pretry);
		}
		if (poll(p, 2, sv_deadline_ms(dl)) < 0 && errno != EINTR)
			sv_warn_sys("unable to poll");
		while ((p[1].revents & POLLIN) &&
		       (sig = sv_sig_next(G.sigfd)) > 0) {
			switch (sig) {
			case SIGTERM:
				G.term = 1;
				info("sigterm received.%s%s", "", "");
				break;
			case SIGHUP:
				info("sighangup received.%s%s", "", "");
				for (i = 0; i < G.nd; i++)
					dclose(&G.d[i]);
				openall();
				break;
			case SIGALRM:
				info("sigalarm received.%s%s", "", "");
				for (i = 0; i < G.nd; i++)
					if (G.d[i].ok)
						rotate(&G.d[i]);
				break;
			case SIGCHLD:
				reap();
				break;
			}
		}
		now = sv_mono_ms();
		for (i = 0; i < G.nd; i++) {
			struct dir *d = &G.d[i];
			if (!d->ok)
				continue;
			if (d->tdl && now >= d->tdl)
				rotate(d);
			if (d->pretry && !d->proc && now >= d->pretry &&
			    d->pname[0])
				procstart(d);
		}
		if (G.term && !G.have && !G.cont)
			finish();
		if (G.term && !termed)
			termed = now + TERM_LINE_MS;
		if (termed && now >= termed) {
			process(1); /* the line never ended: write it */
			finish();
		}
		if (!(p[0].revents & (POLLIN | POLLHUP)))
			continue;
		do
			r = read(0, G.in + G.have, G.cap - G.have);
		while (r < 0 && errno == EINTR);
		if (r < 0) {
			if (errno == EAGAIN)
				continue;
			sv_warn_sys("unable to read standard input");
			r = 0;
		}
		if (r == 0) {
			process(1);
			finish();
		}
		G.have += (size_t)r;
		process(0);
		if (G.lost)
			finish();
	}
}
