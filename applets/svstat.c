/* SPDX-License-Identifier: 0BSD */
/* svstat.c - daemontools' svstat, reading runit's status record.
 * Manual page: docs/svstat.8

APPLET(svstat, "[-lL] DIR...")

config SVSTAT
	bool "svstat"
	default y
	help
	  svstat DIR... prints one line per service in daemontools' words
	  ("DIR: up (pid 123) 45 seconds, normally down"), plus one for
	  its log service.
*/

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "libsv/err.h"
#include "libsv/fmt.h"
#include "libsv/opt.h"
#include "libsv/out.h"
#include "libsv/state.h"
#include "libsv/status.h"
#include "libsv/svdir.h"
#include "libsv/tai.h"

/* the line of NAME (NAME/log when log is set) */
static void report(struct sv_out *o, int fd, const char *name, int log,
		   const struct sv_tai *now)
{
	enum sv_status_step why;
	struct sv_status st;
	struct stat sb;
	unsigned long long secs = 0;
	int down, r;

	sv_out_printf(o, "%s%s: ", name, log ? "/log" : "");
	down = fstatat(fd, "down", &sb, 0) == 0;
	if (!down && errno != ENOENT) {
		sv_out_printf(o, "unable to stat down: %s\n",
			      sv_strerror(errno));
		return;
	}
	r = sv_status_get(fd, &st, SV_STATUS_DTLEN, &why);
	if (r == 0) {
		sv_out_puts(o, "supervise not running\n");
		return;
	}
	if (r < 0) {
		sv_out_puts(o, sv_status_why(why));
		if (why != SV_STEP_FORMAT)
			sv_out_printf(o, ": %s", sv_strerror(errno));
		sv_out_put(o, "\n", 1);
		return;
	}
	if (now->sec > st.stamp.sec)
		secs = now->sec - st.stamp.sec;
	if (st.pid)
		sv_out_printf(o, "up (pid %lu) %llu seconds", st.pid, secs);
	else
		sv_out_printf(o, "down %llu seconds", secs);
	sv_status_notes(o, &st, down);
	sv_out_put(o, "\n", 1);
}

int svstat_main(int argc, char **argv)
{
	struct svstat_o {
		unsigned nolog, onlylog;
	} so = { 0, 0 };
	static const struct sv_opt opts[] = {
		SV_OPT_IN('l', SV_OPT_FLAG, struct svstat_o, nolog),
		SV_OPT_IN('L', SV_OPT_FLAG, struct svstat_o, onlylog),
		{ 0, 0, 0 },
	};
	struct sv_out o = SV_OUT_INIT(1);
	const char *svdir = sv_svdir(CONFIG_SVDIR);
	struct sv_tai now;
	int i = sv_getopt(argc, argv, opts, &so, NULL);

	if (i < 0)
		sv_usage();
	sv_tai_now(&now);
	for (; i < argc; i++) {
		int fd = sv_svdir_open(argv[i], SV_RULE_PROPOSAL, svdir), lfd;
		int sfd = -1;

		if (fd < 0) {
			sv_out_printf(&o, "%s: unable to chdir: %s\n", argv[i],
				      sv_strerror(errno));
			continue;
		}
		if (!so.onlylog)
			report(&o, fd, argv[i], 0, &now);
		lfd = sv_svdir_log(fd);
		if (lfd >= 0 && !so.nolog &&
		    (so.onlylog || (sfd = sv_state_open(lfd)) >= 0)) {
			if (sfd >= 0)
				close(sfd);
			report(&o, lfd, argv[i], 1, &now);
		}
		else if (so.onlylog)
			sv_out_printf(&o, "%s: no log service\n", argv[i]);
		if (lfd >= 0)
			close(lfd);
		close(fd);
	}
	return sv_out_flush(&o) < 0 ? SV_EXIT_TEMP : 0;
}
