/* SPDX-License-Identifier: 0BSD */
/* svok.c - is this service directory under supervision?
 * Behaves like daemontools svok, but never blocks. Manual page: docs/svok.8

APPLET(svok, "[-u] DIR...")
APPLET(svup, "[-lL] DIR...")

config SVOK
	bool "svok"
	default y
	help
	  svok DIR exits 0 if a supervisor holds DIR, 100 if none does,
	  and 111 (with a message) if DIR cannot be examined. svok -u
	  also requires the service itself to be up.

config SVUP
	bool "svup (svok -u under its own name)"
	default y
	help
	  svup DIR exits 0 if the service in DIR is up: its supervisor is
	  alive and it runs ./run; and so is its log service when DIR has
	  log/ (daemontools-encore's svup; -l: the main service only,
	  -L: the log service only).
*/

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include "libsv/ctl.h"
#include "libsv/err.h"
#include "libsv/info.h"
#include "libsv/opt.h"
#include "libsv/status.h"
#include "libsv/svdir.h"

/* daemontools' answer for "not supervised"; equal to the usage code */
enum { SVOK_NO = 100 };

/* 0 yes, SVOK_NO no; dies with 111 when DIR (name, or name/log when
 * log is set) cannot be examined */
static int check(const char *name, unsigned up, int log)
{
	enum sv_status_step step;
	struct sv_status st;
	const char *l = log ? "/log" : "";
	int fd, r;

	fd = sv_svdir_open(name, SV_RULE_PROPOSAL, sv_svdir(CONFIG_SVDIR));
	if (fd >= 0 && log) {
		int lfd = sv_svdir_log(fd);
		close(fd);
		fd = lfd;
	}
	if (fd < 0)
		sv_die_unable(SV_EXIT_TEMP, "chdir to %s%s", name, l);
	if (!up) {
		r = sv_ctl_supervised(fd);
		step = SV_STEP_OK;
	} else {
		/* 18 bytes: a daemontools record is fine for "is it up" */
		r = sv_status_get(fd, &st, SV_STATUS_DTLEN, &step);
	}
	if (r < 0 && step == SV_STEP_OK && errno != ENOENT)
		sv_die_unable(SV_EXIT_TEMP, "open %s%s/supervise/ok", name, l);
	if (r < 0 && step == SV_STEP_FORMAT)
		sv_die(SV_EXIT_TEMP, "unable to read %s%s/supervise/status: "
		       "bad format", name, l);
	if (r < 0 && step != SV_STEP_OK)
		sv_die_unable(SV_EXIT_TEMP, "read %s%s/supervise/status", name,
			      l);
	if (r > 0 && up && st.pid && st.state == SV_RUN && ENABLE_POLICY) {
		/* with readiness (supervise/info says so): up means ready */
		struct sv_info in;
		if (sv_info_get(fd, &in) > 0 && in.ready &&
		    (in.pid != st.pid || in.ready != SV_READY_YES))
			r = 0;
	}
	close(fd);
	if (r <= 0)
		return SVOK_NO;
	return !up || (st.pid && st.state == SV_RUN) ? 0 : SVOK_NO;
}

/* has DIR a log service (a directory log/, or the default logger)? */
static int haslog(const char *name)
{
	int fd = sv_svdir_open(name, SV_RULE_PROPOSAL, sv_svdir(CONFIG_SVDIR));
	int lfd = fd >= 0 ? sv_svdir_log(fd) : -1;

	if (fd >= 0)
		close(fd);
	if (lfd >= 0)
		close(lfd);
	return lfd >= 0;
}

/* which: 1 main, 2 log, 3 both (log only when there is one; without
 * one, the main service is checked) */
static int svok(int argc, char **argv, unsigned up, unsigned which)
{
	struct svok_o {
		unsigned up, mainonly, logonly;
	} o = { up, 0, 0 };
	static const struct sv_opt opts[] = {
		SV_OPT_IN('u', SV_OPT_FLAG, struct svok_o, up),
		{ 0, 0, 0 },
	}, upopts[] = {
		SV_OPT_IN('l', SV_OPT_FLAG, struct svok_o, mainonly),
		SV_OPT_IN('L', SV_OPT_FLAG, struct svok_o, logonly),
		{ 0, 0, 0 },
	};
	int i = sv_getopt(argc, argv, which == 1 ? opts : upopts, &o, NULL);
	int rc = 0;

	if (i < 0 || i >= argc)
		sv_usage();
	up = o.up;
	if (o.logonly)
		which = 2;
	else if (o.mainonly)
		which = 1;
	for (; i < argc; i++) {
		int log = which != 1 && haslog(argv[i]);
		/* -L on a service without log/: the service itself */
		if ((which & 1 || !log) && check(argv[i], up, 0))
			rc = SVOK_NO;
		if (log && check(argv[i], up, 1))
			rc = SVOK_NO;
	}
	return rc;
}

int svok_main(int argc, char **argv)
{
	return svok(argc, argv, 0, 1);
}

int svup_main(int argc, char **argv)
{
	return svok(argc, argv, 1, 3);
}
