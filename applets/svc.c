/* SPDX-License-Identifier: 0BSD */
/* svc.c - send commands to supervisors, daemontools' svc interface.
 * Manual page: docs/svc.8

APPLET(svc, "[-udopchaitkxq12] DIR...")

config SVC
	bool "svc"
	default y
	help
	  svc -udopchaitkx DIR... writes the command letters to each
	  DIR/supervise/control in one write, without blocking when no
	  supervisor listens. The distro proposal's control interface.
*/

#include <errno.h>
#include <string.h>
#include <unistd.h>
#include "libsv/ctl.h"
#include "libsv/err.h"
#include "libsv/opt.h"
#include "libsv/svdir.h"

/* the letters, first appearance kept, duplicates dropped */
static char cmds[16];

static int letter(int c, const char *arg)
{
	(void)arg;
	if (!strchr(cmds, c))
		cmds[strlen(cmds)] = (char)c;
	return 0;
}

int svc_main(int argc, char **argv)
{
	static const char letters[] = "udopchaitkxq12";
	struct sv_opt opts[sizeof letters];
	const char *svdir = sv_svdir(CONFIG_SVDIR);
	int i, rc = 0;

	for (i = 0; letters[i]; i++) {
		opts[i].c = letters[i];
		opts[i].type = SV_OPT_CALL;
		opts[i].at = 0;
	}
	opts[i].c = 0;
	i = sv_getopt(argc, argv, opts, NULL, letter);
	if (i < 0)
		sv_usage();
	for (; i < argc; i++) {
		int fd = sv_svdir_open(argv[i], SV_RULE_PROPOSAL, svdir), r;

		if (fd < 0) {
			sv_warn_unable("chdir to %s", argv[i]);
			rc = 1;
			continue;
		}
		r = sv_ctl_send(fd, cmds, strlen(cmds));
		if (r == 0)
			sv_warn("unable to control %s: supervise not running",
				argv[i]);
		else if (r < 0)
			sv_warn_unable("control %s", argv[i]);
		if (r <= 0)
			rc = 1;
		close(fd);
	}
	return rc;
}
