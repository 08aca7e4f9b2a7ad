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
	enum sv_status_step step;
	struct sv_status st;
	int fd, r;

	fd = sv_svdir_open(name, SV_RULE_PROPOSAL, sv_svdir(CONFIG_SVDIR));
	if (fd < 0)
		sv_die_sys(SV_EXIT_TEMP, "unable to chdir to %s", name);
	if (!up) {
		r = sv_ctl_supervised(fd);
		step = SV_STEP_OK;
	} else {
		/* 18 bytes: a daemontools record is fine for "is it up" */
		r = sv_status_get(fd, &st, SV_STATUS_DTLEN, &step);
	}
	if (r < 0 && step == SV_STEP_OK && errno != ENOENT)
		sv_die_sys(SV_EXIT_TEMP, "unable to open %s/supervise/ok", name);
	if (r < 0 && step == SV_STEP_FORMAT)
		sv_die(SV_EXIT_TEMP, "unable to read %s/supervise/status: "
		       "bad format", name);
	if (r < 0 && step != SV_STEP_OK)
		sv_die_sys(SV_EXIT_TEMP, "unable to read %s/supervise/status",
			   name);
	close(fd);
	if (r <= 0)
		return SVOK_NO;
	return !up || (st.pid && st.state == SV_RUN) ? 0 : SVOK_NO;
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
