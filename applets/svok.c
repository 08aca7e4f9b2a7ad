/* svok.c - is this service directory under supervision?
 * Behaves like daemontools svok, but never blocks. Manual page: docs/svok.8

APPLET(svok, "[-u] DIR...")
APPLET(svup, "DIR...")

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
	  alive and it runs ./run (daemontools-encore's svup).
*/

#include <errno.h>
#include <unistd.h>
#include "libsv/ctl.h"
#include "libsv/err.h"
#include "libsv/opt.h"
#include "libsv/status.h"
#include "libsv/svdir.h"

/* daemontools' answer for "not supervised"; equal to the usage code */
enum { SVOK_NO = 100 };

/* 0 yes, SVOK_NO no; dies with 111 when DIR cannot be examined */
static int check(const char *name, unsigned up)
{
	unsigned char raw[SV_STATUS_LEN];
	struct sv_status st;
	int fd, r, n;

	fd = sv_svdir_open(name, SV_RULE_PROPOSAL, sv_svdir(CONFIG_SVDIR));
	if (fd < 0)
		sv_die_sys(SV_EXIT_TEMP, "unable to chdir to %s", name);
	r = sv_ctl_supervised(fd);
	if (r < 0 && errno != ENOENT)
		sv_die_sys(SV_EXIT_TEMP, "unable to open %s/supervise/ok", name);
	if (r <= 0 || !up) {
		close(fd);
		return r > 0 ? 0 : SVOK_NO;
	}
	n = sv_status_read(fd, SV_CTL_DIR "/status", raw);
	if (n < 0)
		sv_die_sys(SV_EXIT_TEMP, "unable to read %s/supervise/status",
			   name);
	if (sv_status_unpack(&st, raw, (size_t)n) < 0)
		sv_die(SV_EXIT_TEMP, "unable to read %s/supervise/status: "
		       "bad format", name);
	close(fd);
	return st.pid && st.state == SV_RUN ? 0 : SVOK_NO;
}

static int svok(int argc, char **argv, unsigned up)
{
	const struct sv_opt opts[] = {
		{ 'u', SV_OPT_FLAG, .to.u = &up },
		{ 0, 0, { 0 } },
	};
	int i = sv_getopt(argc, argv, opts, NULL), rc = 0;

	if (i < 0 || i >= argc)
		sv_usage();
	for (; i < argc; i++)
		if (check(argv[i], up))
			rc = SVOK_NO;
	return rc;
}

int svok_main(int argc, char **argv)
{
	return svok(argc, argv, 0);
}

int svup_main(int argc, char **argv)
{
	return svok(argc, argv, 1);
}
