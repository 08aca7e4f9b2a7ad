/* SPDX-License-Identifier: 0BSD */
/* testsuite/libsv/core_test.c - libsv's pure code: status records, TAI64N,
 * the formatter, option tables and service-name rules. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "libsv/err.h"
#include "libsv/fmt.h"
#include "libsv/hooks.h" /* none of the engine's optional parts */
#include "libsv/ident.h"
#include "libsv/info.h"
#include "libsv/logdir.h"
#include "libsv/mem.h"
#include "libsv/opt.h"
#include "libsv/pwd.h"
#include "libsv/sig.h"
#include "libsv/state.h"
#include "libsv/status.h"
#include "libsv/svdir.h"
#include "libsv/tai.h"
#include "libsv/tz.h"
#include "tap.h"

/* the record of runsv.md 6.1, observed from runit */
static const unsigned char runit_rec[20] = {
	0x40, 0x00, 0x00, 0x00, 0x6b, 0x02, 0x6f, 0x91, 0x02, 0xe2,
	0x6d, 0x1c, 0xc7, 0x20, 0x00, 0x00, 0x00, 0x75, 0x00, 0x01,
};

static void status(void)
{
	struct sv_status s;
	unsigned char out[20];
	char buf[48];

	OK(sv_status_unpack(&s, runit_rec, 20) == 0, "status: unpack 20 bytes");
	OK(s.stamp.sec == SV_TAI_OFFSET + 1795321735ULL, "status: seconds");
	OK(s.stamp.nsec == 48393500, "status: nanoseconds");
	OK(s.pid == 8391, "status: pid little-endian");
	OK(s.paused == 0 && s.want == 'u' && s.term == 0, "status: flags");
	OK(s.state == SV_RUN, "status: state run");
	sv_status_pack(out, &s);
	MEMEQ(out, runit_rec, 20, "status: pack(unpack(x)) == x");

	s.want = 'x';
	s.paused = 1;
	s.term = 1;
	s.state = SV_FINISH;
	s.pid = 0x01020304;
	sv_status_pack(out, &s);
	OK(out[17] == 'd', "status: want exit is stored as 'd'");
	OK(out[12] == 4 && out[15] == 1, "status: pid byte order");
	OK(out[16] == 1 && out[18] == 1 && out[19] == 2, "status: flag bytes");

	OK(sv_status_unpack(&s, runit_rec, 18) == 0, "status: 18-byte record");
	OK(s.state == SV_RUN && s.term == 0, "status: 18 bytes: run iff pid");
	OK(sv_status_unpack(&s, runit_rec, 19) < 0, "status: 19 bytes rejected");
	OK(sv_status_unpack(&s, runit_rec, 0) < 0, "status: 0 bytes rejected");

	memset(&s, 0, sizeof s);
	s.want = 'u';
	sv_status_stat(buf, &s);
	STREQ(buf, "down\n", "stat: down");
	s.paused = 1;
	sv_status_stat(buf, &s);
	STREQ(buf, "down, paused\n", "stat: down, paused");
	s.paused = 0;
	s.state = SV_RUN;
	s.want = 'd';
	s.term = 1;
	sv_status_stat(buf, &s);
	STREQ(buf, "run, got TERM, want down\n", "stat: run, got TERM, want down");
	s.term = 0;
	s.state = SV_FINISH;
	s.want = 'x';
	sv_status_stat(buf, &s);
	STREQ(buf, "finish, want exit\n", "stat: finish, want exit");
	s.state = SV_RUN;
	s.want = 'u';
	s.paused = 1;
	sv_status_stat(buf, &s);
	STREQ(buf, "run, paused\n", "stat: run, paused");
}

static void tai(void)
{
	struct sv_tai t = { SV_TAI_OFFSET + 1795321735ULL, 961450000 };
	unsigned char b[12];
	struct sv_tai u;
	char s[26] = { 0 };

	sv_tai_label(s, &t);
	STREQ(s, "@400000006b026f91394e9010", "tai: label");
	sv_tai_pack(b, &t);
	sv_tai_unpack(&u, b);
	OK(u.sec == t.sec && u.nsec == t.nsec, "tai: pack/unpack round trip");
	OK(b[0] == 0x40 && b[7] == 0x91, "tai: big-endian seconds");
	t.sec = SV_TAI_OFFSET + 1795321934ULL; /* 2026-11-22 04:32:14 UTC */
	sv_tai_iso(s, &t, '_', 5, 0, 0);
	STREQ(s, "2026-11-22_04:32:14.96145", "tai: -tt date");
	sv_tai_iso(s, &t, 'T', 5, 0, 0);
	STREQ(s, "2026-11-22T04:32:14.96145", "tai: -ttt date");
	t.sec = SV_TAI_OFFSET + 951782400ULL; /* 2000-02-29 00:00:00 */
	t.nsec = 500;
	sv_tai_iso(s, &t, '_', 5, 0, 0);
	STREQ(s, "2000-02-29_00:00:00.00000", "tai: leap day");
	t.sec = SV_TAI_OFFSET;
	sv_tai_iso(s, &t, '_', 5, 0, 0);
	STREQ(s, "1970-01-01_00:00:00.00000", "tai: epoch");
	t.sec = SV_TAI_OFFSET + 4107542399ULL;
	sv_tai_iso(s, &t, '_', 5, 0, 0);
	STREQ(s, "2100-02-28_23:59:59.00000", "tai: 2100 is no leap year");
	{
		char w[40] = { 0 };
		t.sec = SV_TAI_OFFSET + 1795321934ULL;
		t.nsec = 961450500;
		OK(sv_tai_iso(w, &t, 'T', 6, 3600, 1) == 32, "tai: -T is 32 bytes");
		STREQ(w, "2026-11-22T05:32:14.961450+01:00", "tai: -T east of UTC");
		memset(w, 0, sizeof w);
		sv_tai_iso(w, &t, 'T', 6, -(5 * 3600 + 30 * 60), 1);
		STREQ(w, "2026-11-21T23:02:14.961450-05:30",
		      "tai: -T west of UTC, back a day, half hours");
		memset(w, 0, sizeof w);
		OK(sv_tai_iso(w, &t, ' ', 9, 0, 0) == 29, "tai: tai64nlocal is 29 bytes");
		STREQ(w, "2026-11-22 04:32:14.961450500", "tai: tai64nlocal form");
		memset(w, 0, sizeof w);
		t.sec = SV_TAI_OFFSET + 253402300800ULL; /* 10000-01-01 */
		t.nsec = 0;
		OK(sv_tai_iso(w, &t, ' ', 9, 0, 0) == 30, "tai: year 10000 is 30 bytes");
		STREQ(w, "10000-01-01 00:00:00.000000000", "tai: five-digit year");
		memset(w, 0, sizeof w);
		t.sec = SV_TAI_OFFSET - 62135596800ULL; /* 0001-01-01 */
		OK(sv_tai_iso(w, &t, ' ', 9, 0, 0) == 26, "tai: year 1 is 26 bytes");
		STREQ(w, "1-01-01 00:00:00.000000000", "tai: one-digit year");
		memset(w, 0, sizeof w);
		t.sec = SV_TAI_OFFSET - 62167219200ULL; /* 0000-01-01 */
		OK(sv_tai_iso(w, &t, ' ', 9, -1, 0) == 0 && !w[0],
		   "tai: before the year 0: 0, nothing written");
	}
	OK(sv_deadline_ms(0) == -1, "deadline: none is -1");
	OK(sv_deadline_ms(1) == 0, "deadline: passed is 0");
	OK(sv_deadline_min(0, 5) == 5 && sv_deadline_min(7, 5) == 5,
	   "deadline: min");
}

static void fmt(void)
{
	char b[96];
	unsigned long long u;

	sv_fmt(b, sizeof b, "%s:%d:%u:%x:%05u:%c:%%", "a", -12, 34u, 255u, 42u,
	       'z');
	STREQ(b, "a:-12:34:ff:00042:z:%", "fmt: conversions");
	sv_fmt(b, sizeof b, "%ld %lu %lld %llu %zu %.*s|%3s", -1L, 2UL, -3LL,
	       18446744073709551615ULL, (size_t)5, 2, "abc", "x");
	STREQ(b, "-1 2 -3 18446744073709551615 5 ab|  x", "fmt: lengths");
	/* the edges of each width: an int's sign is its own, not the slot's */
	sv_fmt(b, sizeof b, "%d %u %x %ld %lld %zd %d", (int)(-2147483647 - 1),
	       4294967295u, 4294967295u, (long)(-2147483647 - 1),
	       (long long)(-9223372036854775807LL - 1), (ssize_t)-7, 2147483647);
	STREQ(b, "-2147483648 4294967295 ffffffff -2147483648 "
		 "-9223372036854775808 -7 2147483647", "fmt: widths' edges");
	OK(sv_fmt(b, 4, "%s", "abcdef") == 3 && !strcmp(b, "abc"),
	   "fmt: truncation");
	OK(sv_scan_ulong("123x", &u) == 3 && u == 123, "scan: leading digits");
	OK(sv_scan_ulong("x", &u) == 0 && u == 0, "scan: no digits");
}

static char seen[8];
static int letter(int c, const char *arg)
{
	(void)arg;
	seen[strlen(seen)] = (char)c;
	return c == 'q' ? -1 : 0;
}

static struct optv {
	unsigned v;
	const char *u;
	unsigned long w;
} ov;

static void opt(void)
{
	static const struct sv_opt o[] = {
		SV_OPT_IN('v', SV_OPT_FLAG, struct optv, v),
		SV_OPT_IN('u', SV_OPT_STR, struct optv, u),
		SV_OPT_IN('w', SV_OPT_ULONG, struct optv, w),
		{ 'd', SV_OPT_CALL, 0 },
		{ 'q', SV_OPT_CALL, 0 },
		{ 0, 0, 0 },
	};
	char *a1[] = { "x", "-vvd", "-unobody", "-w", "12", "op", "-v", 0 };
	char *a2[] = { "x", "--", "-v", 0 };
	char *a3[] = { "x", "-z", 0 };
	char *a4[] = { "x", "-w1x", 0 };
	char *a5[] = { "x", "-u", 0 };
	char *a6[] = { "x", "-", 0 };
	char *a7[] = { "x", "-dq", 0 };
	OK(sv_getopt(7, a1, o, &ov, letter) == 5, "opt: first operand index");
	OK(ov.v == 2 && !strcmp(ov.u, "nobody") && ov.w == 12,
	   "opt: flags counted, string and number stored");
	STREQ(seen, "d", "opt: call");
	OK(sv_getopt(3, a2, o, &ov, letter) == 2, "opt: -- ends options");
	OK(sv_getopt(2, a3, o, &ov, letter) == -1, "opt: unknown option");
	OK(sv_getopt(2, a4, o, &ov, letter) == -1, "opt: bad number");
	OK(sv_getopt(2, a5, o, &ov, letter) == -1, "opt: missing argument");
	OK(sv_getopt(2, a6, o, &ov, letter) == 1, "opt: - is an operand");
	OK(sv_getopt(2, a7, o, &ov, letter) == -1 && !strcmp(seen, "ddq"), "opt: rejected call");
}

static void svdir(void)
{
	OK(sv_svdir_under("sshd", SV_RULE_RUNIT), "runit: bare name");
	OK(sv_svdir_under("sshd/log", SV_RULE_RUNIT), "runit: a/b under SVDIR");
	OK(!sv_svdir_under("/etc/sv/x", SV_RULE_RUNIT), "runit: absolute");
	OK(!sv_svdir_under("./x", SV_RULE_RUNIT), "runit: ./x");
	OK(!sv_svdir_under(".hidden", SV_RULE_RUNIT), "runit: .hidden in cwd");
	OK(!sv_svdir_under("sshd/", SV_RULE_RUNIT), "runit: trailing slash");
	OK(!sv_svdir_under("", SV_RULE_RUNIT), "runit: empty");
	OK(sv_svdir_under("sshd", SV_RULE_PROPOSAL), "proposal: bare name");
	OK(!sv_svdir_under("sshd/log", SV_RULE_PROPOSAL), "proposal: a/b in cwd");
	OK(sv_svdir_under(".hidden", SV_RULE_PROPOSAL), "proposal: .hidden");
	OK(!sv_svdir_under(".", SV_RULE_PROPOSAL), "proposal: .");
	OK(!sv_svdir_under("..", SV_RULE_PROPOSAL), "proposal: ..");
	OK(!sv_svdir_under("sshd/", SV_RULE_PROPOSAL), "proposal: trailing /");
	setenv("SVDIR", "/x", 1);
	STREQ(sv_svdir("/var/service"), "/x", "svdir: $SVDIR");
	setenv("SVDIR", "", 1);
	STREQ(sv_svdir("/var/service"), "/var/service", "svdir: empty $SVDIR");
	unsetenv("SVDIR");
	STREQ(sv_svdir("/var/service"), "/var/service", "svdir: default");
}

static void logdir(void)
{
	char text[] = "s100k\nn3\nN2\nt5m\n!tr a-z A-Z\npPFX \n-*\n+a*\n"
		      "# x\n\ns 100\nu10.0.0.1:9\n-ab*\ne*warn*\nZ";
	char t2[] = "s5\nuxx\nU1.2.3.4\n";
	char t3[] = "+x*\nt";
	struct sv_logcfg c;
	size_t n;

	sv_logcfg_init(&c);
	OK(c.size == 1000000 && c.nmax == 10 && c.nmin == 10 && !c.tsecs,
	   "logcfg: defaults");
	sv_logcfg_parse(&c, text, sizeof text - 1, NULL);
	OK(c.size == 0, "logcfg: 's 100' with a space parses as 0 (runit)");
	OK(c.nmax == 3 && c.nmin == 2 && c.tsecs == 300, "logcfg: n N t5m");
	STREQ(c.processor, "tr a-z A-Z", "logcfg: processor");
	STREQ(c.prefix, "PFX ", "logcfg: prefix keeps its space");
	OK(c.udpip == 0x0a000001 && c.udpport == 9 && !c.udponly, "logcfg: u");
	OK(sv_log_select(&c, "apple", 5) == SV_LOG_SELECT, "select: +a*");
	OK(sv_log_select(&c, "abc", 3) == 0, "select: -ab* wins later");
	OK(sv_log_select(&c, "banana", 6) == 0, "select: -*");
	OK(sv_log_select(&c, "awarn", 5) == (SV_LOG_SELECT | SV_LOG_ALERT),
	   "select: e*warn* alerts");
	sv_logcfg_init(&c);
	sv_logcfg_parse(&c, t2, sizeof t2 - 1, NULL);
	OK(c.size == 5 && c.udponly && c.udpport == 514, "logcfg: U, port 514");
	sv_logcfg_init(&c);
	sv_logcfg_parse(&c, t3, sizeof t3 - 1, NULL);
	OK(c.tsecs == 0, "logcfg: a lone last key byte is ignored");
	OK(sv_log_select(&c, "xy", 2) == SV_LOG_SELECT &&
	   sv_log_select(&c, "y", 1) == SV_LOG_SELECT, "select: only +");
	OK(sv_log_match("*: *: pid *", "tcpsvd: info: pid 1977", 22),
	   "match: *: *: pid *");
	OK(!sv_log_match("*pid*", "tcpsvd: info: pid 1977", 22),
	   "match: no backtracking");
	OK(sv_log_match("a+bc", "abbbc", 5) && !sv_log_match("a+bc", "ac", 2),
	   "match: + runs");
	OK(sv_log_match("", "", 0) && !sv_log_match("", "x", 1), "match: empty");
	OK(sv_log_match("a+", "a+", 2) && !sv_log_match("a+", "aa", 2),
	   "match: a trailing + is a plain byte");
	OK(sv_log_match("ab", "ab", 2) && !sv_log_match("ab", "abc", 3),
	   "match: whole line");
	OK(sv_log_line("ab\ncd", 5, &n) == 1 && n == 2, "line: complete");
	OK(sv_log_line("abcd", 4, &n) == 0 && n == 4, "line: partial");
}

/* supervise/info: the line, and back */
/* a sync that reports a lost write, and one that works */
static int eio(int fd)
{
	(void)fd;
	errno = EIO;
	return -1;
}
static int notsup(int fd)
{
	(void)fd;
	errno = EINVAL;
	return -1;
}

static void logfiles(void)
{
	struct sv_logscan sc;
	struct sv_tai t = { SV_TAI_OFFSET + 100, 5 };
	char name[SV_LOGNAME + 1], tmpl[] = "/tmp/svbox-seal-XXXXXX";
	struct stat st;
	int fd;

	OK(sv_logname_kind("@400000000000006e0000000a.s") == 's' &&
	   sv_logname_kind("@400000000000006e0000000a.u") == 'u' &&
	   sv_logname_kind("@400000000000006e0000000a.t") == 't',
	   "logname: .s .u .t");
	OK(!sv_logname_kind("@400000000000006e0000000a.x") &&
	   !sv_logname_kind("@400000000000006e0000000A.s") &&
	   !sv_logname_kind("@400000000000006e0000000a.ss") &&
	   !sv_logname_kind("current") && !sv_logname_kind("@") &&
	   !sv_logname_kind("x400000000000006e0000000a.s"),
	   "logname: anything else is no old file");

	sv_logname_make(name, &t, "", 's');
	STREQ(name, "@400000000000006e00000005.s", "logname: label of now");
	t.nsec = 5;
	sv_logname_make(name, &t, "@40000000000000800000000f.u", 'u');
	STREQ(name, "@400000000000008000000010.u",
	      "logname: a clock behind the newest goes on after it");
	OK(t.nsec == 16, "logname: the label used is returned");
	t.sec = SV_TAI_OFFSET;
	sv_logname_make(name, &t, "@40000000000000803b9ac9ff.s", 's');
	STREQ(name, "@400000000000008100000000.s",
	      "logname: a nanosecond past 999999999 carries");

	/* the cleanup: the running processor's files are never touched */
	sv_logscan_init(&sc, "@400000000000000300000000.u");
	OK(!sv_logscan_add(&sc, "@400000000000000200000000.s"), "logscan: .s kept");
	OK(sv_logscan_add(&sc, "@400000000000000100000000.t"),
	   "logscan: an abandoned .t goes");
	OK(!sv_logscan_add(&sc, "@400000000000000300000000.t"),
	   "logscan: the running processor's .t stays");
	OK(!sv_logscan_add(&sc, "@400000000000000300000000.u") &&
	   !sv_logscan_add(&sc, "current") && !sv_logscan_add(&sc, "lock"),
	   "logscan: its input and other files stay");
	OK(!sv_logscan_add(&sc, "@400000000000000000000009.u"), "logscan: .u counted");
	OK(sc.count == 2, "logscan: .s and .u counted, busy ones not");
	STREQ(sc.newest, "@400000000000000300000000.u", "logscan: newest of all");
	OK(sv_logscan_excess(&sc, 0) == NULL && sv_logscan_excess(&sc, 2) == NULL,
	   "logscan: n0 keeps all; count <= n keeps all");
	STREQ(sv_logscan_excess(&sc, 1), "@400000000000000000000009.u",
	      "logscan: the oldest goes first");
	sv_logscan_init(&sc, NULL);
	OK(sv_logscan_add(&sc, "@400000000000000300000000.t"),
	   "logscan: no processor: every .t goes");

	/* sealing: 0744 only once the data is known to be on disk */
	fd = mkstemp(tmpl);
	OK(fd >= 0, "seal: a file");
	fchmod(fd, 0644);
	OK(sv_log_seal(fd, eio) < 0 && errno == EIO, "seal: fsync EIO is an error");
	OK(fstat(fd, &st) == 0 && (st.st_mode & 0777) == 0644,
	   "seal: after EIO the file stays 0644 (not closed cleanly)");
	OK(sv_log_seal(fd, eio) < 0, "seal: and again (never trusted on retry)");
	OK(sv_log_seal(fd, notsup) == 0 && fstat(fd, &st) == 0 &&
	   (st.st_mode & 0777) == 0744, "seal: no fsync support: sealed");
	fchmod(fd, 0644);
	OK(sv_log_seal(fd, fsync) == 0 && fstat(fd, &st) == 0 &&
	   (st.st_mode & 0777) == 0744, "seal: fsync works: 0744");
	close(fd);
	unlink(tmpl);

	/* a processor's output becomes .s; the input goes only after that */
	{
		char dir[] = "/tmp/svbox-logdir-XXXXXX";
		const char *u = "@400000000000000300000000.u";
		int dfd;
		OK(mkdtemp(dir) != NULL, "commit: a directory");
		dfd = open(dir, O_RDONLY | O_DIRECTORY);
		close(openat(dfd, u, O_WRONLY | O_CREAT, 0644));
		OK(sv_logdir_commit(dfd, u) < 0 && errno == ENOENT,
		   "commit: no .t: an error");
		OK(faccessat(dfd, u, F_OK, 0) == 0,
		   "commit: a failed rename keeps the input");
		close(openat(dfd, "@400000000000000300000000.t", O_WRONLY | O_CREAT, 0644));
		close(openat(dfd, "newstate", O_WRONLY | O_CREAT, 0644));
		OK(sv_logdir_commit(dfd, u) == 0, "commit: done");
		OK(fstatat(dfd, "@400000000000000300000000.s", &st, 0) == 0 &&
		   (st.st_mode & 0777) == 0744, "commit: .s is 0744");
		OK(faccessat(dfd, u, F_OK, 0) < 0 &&
		   faccessat(dfd, "@400000000000000300000000.t", F_OK, 0) < 0,
		   "commit: .u and .t are gone");
		OK(faccessat(dfd, "state", F_OK, 0) == 0 &&
		   faccessat(dfd, "newstate", F_OK, 0) < 0,
		   "commit: newstate is the state");
		unlinkat(dfd, "@400000000000000300000000.s", 0);
		unlinkat(dfd, "state", 0);
		close(dfd);
		rmdir(dir);
	}
}

static void info(void)
{
	struct sv_info in, out;
	char buf[SV_INFO_MAX];
	size_t n;

	memset(&in, 0, sizeof in);
	n = sv_info_format(buf, &in);
	STREQ(buf, "pid=0 ready=- ready_at=0 last=- last_at=0 restarts=0 "
		   "fails=0 hold=- until=0\n", "info: all empty");
	OK(sv_info_parse(&out, buf, n) == 0 && !out.exited && !out.ready,
	   "info: empty parses");
	in.pid = 4242;
	in.ready = SV_READY_YES;
	in.ready_at.sec = SV_TAI_OFFSET + 1795000000ULL;
	in.ready_at.nsec = 5;
	in.exited = 1;
	in.wstat = 9; /* killed by SIGKILL */
	in.last_at.sec = SV_TAI_OFFSET + 1795000001ULL;
	in.last_at.nsec = 999999999;
	in.restarts = 7;
	in.fails = 3;
	in.hold = SV_HOLD_BACKOFF;
	in.until.sec = SV_TAI_OFFSET + 1795000009ULL;
	n = sv_info_format(buf, &in);
	STREQ(buf, "pid=4242 ready=yes ready_at=1795000000.000000005 "
		   "last=signal:KILL last_at=1795000001.999999999 restarts=7 "
		   "fails=3 hold=backoff until=1795000009.000000000\n",
	      "info: every field");
	OK(sv_info_parse(&out, buf, n) == 0, "info: parses");
	OK(out.pid == 4242 && out.ready == SV_READY_YES && out.exited &&
	   out.wstat == 9 && out.restarts == 7 && out.fails == 3 &&
	   out.hold == SV_HOLD_BACKOFF, "info: parse(format(x)) == x");
	OK(out.ready_at.sec == in.ready_at.sec && out.ready_at.nsec == 5 &&
	   out.last_at.nsec == 999999999 && out.until.sec == in.until.sec,
	   "info: times survive");
	in.wstat = 3 << 8;
	sv_info_format(buf, &in);
	OK(strstr(buf, " last=exit:3 ") != NULL, "info: exit code");
	OK(sv_info_parse(&out, buf, strlen(buf)) == 0 && out.wstat == 3 << 8,
	   "info: exit code parses");
	OK(sv_info_parse(&out, "pid=1 ready=maybe", 17) < 0,
	   "info: a bad value is refused");
	OK(sv_info_parse(&out, "pid=1\n", 6) < 0, "info: missing keys refused");
	n = sv_info_format(buf, &in);
	memcpy(buf + n - 1, " later=1\n", 10);
	OK(sv_info_parse(&out, buf, n + 8) == 0, "info: unknown keys ignored");
	OK(sv_info_parse(&out, "pid=1 ready=- ready_at=1.5 last=- last_at=0 "
			       "restarts=0 fails=0 hold=- until=0", 76) < 0,
	   "info: a time needs nine decimals");
}

static void statename(void)
{
	char a[300], b[300];
	char longp[400];

	OK(sv_state_name(a, sizeof a, "/etc/sv/sshd") == 18, "state: length");
	STREQ(a, "%2fetc%2fsv%2fsshd", "state: '/' as %2f");
	sv_state_name(a, sizeof a, "/a%2fb");
	sv_state_name(b, sizeof b, "/a/b");
	STREQ(a, "%2fa%252fb", "state: '%' as %25");
	OK(strcmp(a, b) != 0, "state: /a%2fb and /a/b differ");
	sv_state_name(a, sizeof a, "/.x/-y z");
	STREQ(a, "%2f.x%2f-y z", "state: other bytes as they are, never a dot name");
	memset(longp, 'x', sizeof longp - 1);
	longp[0] = '/';
	longp[sizeof longp - 1] = 0;
	OK(sv_state_name(a, sizeof a, longp) < 0 && errno == ENAMETOOLONG,
	   "state: over NAME_MAX: ENAMETOOLONG");
	OK(sv_state_name(a, 4, "/ab") < 0, "state: over cap: an error");
}

static void mem(void)
{
	char *a = sv_alloc(700), *b = sv_alloc(700), *c, *big, *m;
	size_t i;
	int zero = 1;

	OK(a && b && a != b, "mem: two objects");
	OK(((size_t)a & 15) == 0 && ((size_t)b & 15) == 0, "mem: 16-aligned");
	for (i = 0; i < 700; i++)
		zero &= !a[i] && !b[i];
	OK(zero, "mem: zeroed");
	memset(a, 'x', 700);
	memset(b, 'y', 700);
	OK(b - a >= 700 || a - b >= 700, "mem: no overlap");
	sv_free(a);
	c = sv_alloc(690); /* the same class: the freed room again */
	OK(c == a, "mem: a freed object's room is reused for its class");
	OK(!c[0] && !c[689], "mem: reused room is zeroed");
	OK(b[0] == 'y' && b[699] == 'y', "mem: the neighbour untouched");
	big = sv_alloc(100000);
	OK(big != NULL, "mem: a big object gets a mapping");
	memset(big, 1, 100000);
	sv_free(big);
	for (i = 0, zero = 1; i < 2000; i++) /* past one 64 KiB mapping */
		zero &= sv_alloc(100) != NULL;
	OK(zero, "mem: 2000 small objects over several mappings");
	m = sv_map(3 * 4096);
	OK(m && !m[0] && !m[3 * 4096 - 1], "mem: sv_map gives zeroed pages");
	sv_unmap(m, 3 * 4096);
	sv_free(NULL);
	sv_free(b);
	sv_free(c);
}

static void ident(void)
{
	static const char stat[] = "4242 (a) b (c)) S 1 4242 4242 0 -1 4194560 "
				   "100 0 0 0 1 2 0 0 20 0 1 0 98765 2170880 "
				   "200 18446744073709551615";
	struct sv_ident a, b;
	unsigned long long st = 0;
	char buf[SV_IDENT_MAX];

	OK(sv_ident_start(stat, sizeof stat - 1, &st) == 0 && st == 98765,
	   "ident: field 22 after the last ')' of a command with ') ' in it");
	OK(sv_ident_start("12 (x", 5, &st) < 0, "ident: no ')': an error");
	OK(sv_ident_start("12 (x) S 1 2", 12, &st) < 0, "ident: too short");
	memset(&a, 0, sizeof a);
	a.pid = 4242;
	a.start = 98765;
	strcpy(a.boot, "da9e304f-2440-48ea-bfbf-ad6b48fb1575");
	STREQ((sv_ident_format(buf, &a), buf),
	      "4242 98765 da9e304f-2440-48ea-bfbf-ad6b48fb1575\n", "ident: format");
	OK(sv_ident_parse(&b, buf, strlen(buf)) == 0 && sv_ident_same(&a, &b),
	   "ident: parse(format(x)) is x");
	b.start++;
	OK(!sv_ident_same(&a, &b), "ident: a reused pid (another start time) is not the same");
	b.start--;
	b.boot[0] = 'e';
	OK(!sv_ident_same(&a, &b), "ident: another boot is not the same");
	OK(sv_ident_parse(&b, "0 1 x\n", 6) < 0 && sv_ident_parse(&b, "1 2\n", 4) < 0 &&
	   sv_ident_parse(&b, "1 2 x", 5) < 0 && sv_ident_parse(&b, "a 2 x\n", 6) < 0,
	   "ident: garbage is no identity");
	OK(sv_ident_of(getpid(), &b) == 0 && b.pid == (unsigned long)getpid() &&
	   b.start > 0 && strlen(b.boot) == 36, "ident: of this process");
}

static void signames(void)
{
	OK(sv_sig_number("TERM", 4) == SIGTERM, "sig: TERM");
	OK(sv_sig_number("SIGHUP", 6) == SIGHUP, "sig: SIGHUP");
	OK(sv_sig_number("sigusr1", 7) == SIGUSR1, "sig: any case");
	OK(sv_sig_number("9", 1) == 9 && sv_sig_number("64", 2) == 64,
	   "sig: numbers");
	OK(!sv_sig_number("0", 1) && !sv_sig_number("65", 2) &&
	   !sv_sig_number("99999999999999999999", 20), "sig: out of range");
	OK(!sv_sig_number("TER", 3) && !sv_sig_number("TERMS", 5) &&
	   !sv_sig_number("SIG", 3) && !sv_sig_number("", 0) &&
	   !sv_sig_number("-1", 2) && !sv_sig_number("1x", 2),
	   "sig: garbage is none");
	STREQ(sv_sig_name(SIGKILL), "KILL", "sig: name of 9");
	OK(sv_sig_name(0) == NULL, "sig: no name for 0");
	/* names and numbers in step to the last */
	STREQ(sv_sig_name(SIGSYS), "SYS", "sig: the last name");
	OK(sv_sig_number("vtalrm", 6) == SIGVTALRM &&
	   sv_sig_number("SYS", 3) == SIGSYS, "sig: the last numbers");
}

/* the colon-file reader: fields, a last line without newline, empty
 * lines, a line longer than the buffer cut there and its rest skipped;
 * every buffer size from 40 to 64 bytes, so the buffer's refills split
 * the lines at every place */
static void db(void)
{
	static const char text[] =
		"root:x:0:0:root:/root:/bin/sh\n"
		"\n"
		"long:x:1:2:" "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb:/x:/y\n"
		"users:x:100:ann,bob\n"
		"last:x:7";
	char buf[64], *f[4], got[256], want[256];
	size_t cap;
	int ok = 1;

	for (cap = 40; cap <= sizeof buf; cap++) {
		struct sv_db st = { 0, 0, 0, 0 };
		int p[2], k;

		if (pipe(p) < 0 || write(p[1], text, sizeof text - 1) < 0)
			break;
		close(p[1]);
		got[0] = 0;
		while ((k = sv_db_next(p[0], &st, buf, cap, f, 4)) > 0) {
			size_t n = strlen(got);
			sv_fmt(got + n, sizeof got - n, "%d:%s|%s|", k, f[0],
			       k == 4 ? f[3] : "-");
		}
		close(p[0]);
		/* the long line: its first cap - 1 bytes */
		sv_fmt(want, sizeof want,
		       "4:root|0:root:/root:/bin/sh|1:|-|4:long|2:%.*s|"
		       "4:users|ann,bob|3:last|-|",
		       (int)(cap - 1 - 11), text + 42);
		if (k != 0 || strcmp(got, want)) {
			ok = 0;
			printf("# cap %zu: %s\n", cap, got);
			break;
		}
	}
	OK(ok, "db: fields, empty and last lines, a long line cut, any split");
}

/* the error words: runit's, more in its style, the rest by number; the
 * last code finds the last text (codes and texts in step) */
static void errwords(void)
{
	STREQ(sv_strerror(ENOENT), "file does not exist", "err: runit's words");
	STREQ(sv_strerror(EACCES), "access denied", "err: access denied");
	STREQ(sv_strerror(EXDEV), "cross-device link", "err: more in its style");
	STREQ(sv_strerror(EOVERFLOW), "value too large",
	      "err: codes and texts in step");
	STREQ(sv_strerror(ECONNRESET), "connection reset",
	      "err: what a write to a socket as stdout meets");
	STREQ(sv_strerror(EHOSTUNREACH), "host unreachable",
	      "err: what a write to a socket as stdout meets");
	{
		/* connect's, bind's, accept's: no call of svbox returns them */
		char want[24];
		sv_fmt(want, sizeof want, "error %d", EADDRINUSE);
		STREQ(sv_strerror(EADDRINUSE), want,
		      "err: no words for calls svbox does not make");
		sv_fmt(want, sizeof want, "error %d", EILSEQ);
		STREQ(sv_strerror(EILSEQ), want,
		      "err: none for errors no call of svbox returns");
	}
	STREQ(sv_strerror(4000), "error 4000", "err: the rest by number");
}

/* TZ as a rule and as a TZif file: the offsets on each side of a change */
static void be(unsigned char *p, unsigned long long v, int n)
{
	while (n--)
		p[n] = (unsigned char)v, v >>= 8;
}

static long tzat(const char *tz, long long t)
{
	struct sv_tz z = { 0 };
	long off;

	setenv("TZ", tz, 1);
	sv_tz_load(&z);
	off = sv_tz_offset(&z, t);
	sv_tz_free(&z);
	return off;
}

static void tz(void)
{
	/* 2025-03-30 01:00:00 UTC and 2025-10-26 01:00:00 UTC: Europe */
	const char *cet = "CET-1CEST,M3.5.0,M10.5.0/3";
	const char *aus = "AEST-10AEDT,M10.1.0,M4.1.0/3";
	char path[] = "/tmp/svbox-tz-XXXXXX", tzv[40];
	unsigned char f[200] = { 0 }, *p = f;
	int fd;

	OK(tzat(cet, 1743296399) == 3600 && tzat(cet, 1743296400) == 7200,
	   "tz: a rule's spring change at 01:00 UTC");
	OK(tzat(cet, 1761440399) == 7200 && tzat(cet, 1761440400) == 3600,
	   "tz: its autumn change at 01:00 UTC");
	/* southern: summer across the new year; 2025-04-05 16:00 UTC */
	OK(tzat(aus, 1743868799) == 39600 && tzat(aus, 1743868800) == 36000 &&
	   tzat(aus, 1735689600) == 39600, "tz: a southern rule");
	OK(tzat("<+0330>-3:30", 0) == 12600 && tzat("EST5", 0) == -18000 &&
	   tzat("XYZ+12:45", 0) == -45900, "tz: fixed offsets, quoted names");
	OK(tzat("X+12:45", 0) == 0 && tzat("<AB>1", 0) == 0,
	   "tz: names shorter than three are not rules (UTC), as in glibc");
	/* no rules: the US ones; 2025-03-09 07:00 UTC */
	OK(tzat("EST5EDT", 1741503599) == -18000 &&
	   tzat("EST5EDT", 1741503600) == -14400, "tz: a dst without rules");
	/* J60 is March 1st every year; 59 (zero-based) is Feb 29 in 2024 */
	OK(tzat("AAA0BBB,J60/0,J61/0", 1709251200) == 3600 && /* 2024-03-01 */
	   tzat("AAA0BBB,J60/0,J61/0", 1709164800) == 0 &&	  /* 2024-02-29 */
	   tzat("AAA0BBB,59/0,60/0", 1709164800) == 3600, "tz: Jn and n");
	OK(tzat("AAA0BBB,0/0,J365/25", 1750000000) == 3600, "tz: dst all year");
	/* the ends of time: an offset of the zone, no overflow (UBSan) */
	OK(tzat(cet, 0x7fffffffffffffffLL) % 3600 == 0 &&
	   tzat(cet, -0x7fffffffffffffffLL - 1) % 3600 == 0 &&
	   tzat(aus, 0x7fffffffffffffffLL) >= 36000, "tz: the ends of time");
	{ /* a footer cut after its comma: nothing read past its end (ASan) */
		char *r = malloc(8);
		struct sv_tz z;
		memset(&z, 0, sizeof z);
		if (r) {
			memcpy(r, "AAA0BBB,", 8);
			z.rule = r;
			z.rulelen = 8;
		}
		OK(r && sv_tz_offset(&z, 0) == 0, "tz: a rule cut short is UTC");
		free(r);
	}
	OK(tzat("", 1750000000) == 0 && tzat("nonsense!", 0) == 0 &&
	   tzat("../../etc/passwd", 0) == 0, "tz: empty, unknown, .. are UTC");
	/* a TZif v2 file: v1 block, then 2 transitions, a leap record and
	 * a footer that takes over after the last transition */
	memcpy(p, "TZif2", 5);
	be(p + 36, 1, 4), be(p + 40, 4, 4); /* v1: 1 type, 4 chars */
	p += 44;
	p += 6; /* type 0: UTC */
	memcpy(p, "UTC", 4), p += 4;
	memcpy(p, "TZif2", 5);
	be(p + 28, 1, 4), be(p + 32, 2, 4), be(p + 36, 2, 4), be(p + 40, 8, 4);
	p += 44;
	be(p, 1000000000, 8), be(p + 8, 2000000000, 8), p += 16;
	*p++ = 1, *p++ = 0;
	be(p, 3600, 4), p += 6;
	be(p, 7200, 4), p[4] = 1, p[5] = 4, p += 6;
	memcpy(p, "AAA\0BBB", 8), p += 8;
	p += 12; /* a leap second record */
	memcpy(p, "\n<+05>-5\n", 9), p += 9;
	fd = mkstemp(path);
	OK(fd >= 0 && write(fd, f, (size_t)(p - f)) == p - f, "tz: file written");
	close(fd);
	snprintf(tzv, sizeof tzv, ":%s", path);
	OK(tzat(tzv, 999999999) == 3600 && tzat(tzv, 1000000000) == 7200 &&
	   tzat(tzv, 1999999999) == 7200 && tzat(path, 2000000000) == 18000,
	   "tz: TZif transitions, type 0 before, the footer after");
	fd = open(path, O_WRONLY | O_TRUNC);
	OK(fd >= 0 && write(fd, f, 100) == 100, "tz: file cut short");
	close(fd);
	OK(tzat(tzv, 1500000000) == 0, "tz: a short TZif file is UTC");
	unlink(path);
	unsetenv("TZ");
}

int main(void)
{
	db();
	errwords();
	logdir();
	logfiles();
	status();
	tai();
	tz();
	fmt();
	opt();
	svdir();
	info();
	signames();
	statename();
	mem();
	ident();
	return DONE();
}
