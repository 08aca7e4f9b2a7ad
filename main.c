/* SPDX-License-Identifier: 0BSD */
/* main.c - svbox: the dispatcher, and the only file that knows the
 * applet list (generated into build/gen/applets.h from the applets/ sources).
 *
 * An applet is chosen by the basename of argv[0], then by argv[1]
 * ("svbox sv status x"). A name that is no applet but a symlink to one
 * (/etc/init.d/sshd -> /usr/bin/sv) runs that applet with argv[0]
 * unchanged: this is sv's init-script mode.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "libsv/err.h"
#include "libsv/fmt.h"
#include "libsv/out.h"
#include "libsv/cgroup.h"
#include "libsv/state.h"
#include "libsv/supervise.h"
#include "libsv/hooks.h" /* the engine's parts this build carries */
#include "version.h"

#define APPLET(name, usage) int name##_main(int, char **);
#include "applets.h"
#undef APPLET

enum { SVBOX_NOAPPLET = 127 };

/* every applet's name and usage, packed as "name\0usage\0" (no pointers),
 * and its main in the same order */
static const char table[] =
#define APPLET(name, usage) #name "\0" usage "\0"
#include "applets.h"
#undef APPLET
	;
static int (*const mains[])(int, char **) = {
#define APPLET(name, usage) name##_main,
#include "applets.h"
#undef APPLET
};
#define NAPPLETS ((int)(sizeof mains / sizeof *mains))

/* the name of applet i; its usage follows it */
static const char *entry(int i)
{
	const char *p = table;

	for (i *= 2; i--;)
		p += strlen(p) + 1;
	return p;
}

static const char *base(const char *s)
{
	const char *p = strrchr(s, '/');
	return p ? p + 1 : s;
}

/* An applet's name in C has '_' where its command has '-' (runit_init is
 * runit-init): the two compare equal, the command's form is shown. */
static int same(const char *cname, const char *name)
{
	for (; *cname; cname++, name++)
		if (*cname != *name && !(*cname == '_' && *name == '-'))
			return 0;
	return !*name;
}

/* the command's name of an applet (one static buffer) */
static const char *cmd(const char *cname)
{
	static char buf[32];
	size_t i;

	for (i = 0; cname[i] && i < sizeof buf - 1; i++)
		buf[i] = cname[i] == '_' ? '-' : cname[i];
	buf[i] = 0;
	return buf;
}

/* the number of the applet called name, or -1 */
static int find(const char *name)
{
	int i;

	for (i = 0; i < NAPPLETS; i++)
		if (same(entry(i), name))
			return i;
	return -1;
}

static int list(int fd)
{
	struct sv_out o = SV_OUT_INIT(fd);
	int i;

	for (i = 0; i < NAPPLETS; i++) {
		sv_out_puts(&o, cmd(entry(i)));
		sv_out_put(&o, "\n", 1);
	}
	return sv_out_flush(&o) < 0 ? SV_EXIT_TEMP : 0;
}

/* svbox --install DIR: DIR/NAME -> this binary, for every applet. */
static __attribute__((noinline)) int install(const char *dir)
{
	char self[4096], path[4352];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	int i, rc = 0;

	if (n <= 0)
		sv_die_unable(SV_EXIT_TEMP, "find myself in /proc/self/exe");
	self[n] = 0;
	for (i = 0; i < NAPPLETS; i++) {
		struct stat st;
		if (sv_fmt(path, sizeof path, "%s/%s", dir, cmd(entry(i))) >=
		    sizeof path - 1)
			sv_die(SV_EXIT_USAGE, "unable to install into %s: "
			       "name too long", dir);
		if (!lstat(path, &st)) {
			if (!S_ISLNK(st.st_mode)) {
				sv_warn("unable to install %s: "
					"exists and is not a symlink", path);
				rc = SV_EXIT_TEMP;
				continue;
			}
			unlink(path);
		}
		if (symlink(self, path) < 0) {
			sv_warn_unable("symlink %s", path);
			rc = SV_EXIT_TEMP;
		}
	}
	return rc;
}

static int run(int i, int argc, char **argv)
{
	const char *name = entry(i);

	sv_prog = sv_name = cmd(name);
	sv_usage_line = name + strlen(name) + 1;
	if (argc == 2 && !strcmp(argv[1], "--help"))
		sv_help();
	return mains[i](argc, argv);
}

/* A symlink (chain) to an applet under another name: sv's init-script
 * mode. Relative links are read from the cwd: enough for the absolute
 * links init scripts use. Kept out of main() so that its buffers are not
 * in the stack frame under every daemon (runsv's memory per service). */
static __attribute__((noinline)) int alias(const char *path)
{
	char link[2][4096];
	ssize_t n;
	int i, a;

	for (i = 0; i < 8; i++, path = link[(i - 1) & 1]) {
		n = readlink(path, link[i & 1], sizeof link[0] - 1);
		if (n <= 0)
			return -1;
		link[i & 1][n] = 0;
		if ((a = find(base(link[i & 1]))) >= 0)
			return a;
	}
	return -1;
}

/* kept out of main(): its output buffer would sit in the frame under
 * every daemon */
static __attribute__((noinline)) int version(void)
{
	struct sv_out o = SV_OUT_INIT(1);

	sv_out_printf(&o, "svbox %s\n", sv_version);
	return sv_out_flush(&o) < 0 ? SV_EXIT_TEMP : 0;
}

int main(int argc, char **argv)
{
	const char *name = base(argc ? argv[0] : "svbox");
	int a = find(name);

	sv_version = SVBOX_VERSION;
	if (a >= 0)
		return run(a, argc, argv);
	if (argc && strcmp(name, "svbox") && (a = alias(argv[0])) >= 0)
		return run(a, argc, argv);
	if (argc < 2 || !strcmp(argv[1], "--list"))
		return list(1);
	if (!strcmp(argv[1], "--install")) {
		sv_prog = "svbox";
		if (!ENABLE_INSTALLER)
			sv_die(SV_EXIT_USAGE, "unable to install: not in this "
			       "build (CONFIG_INSTALLER)");
		if (argc != 3)
			sv_die(SV_EXIT_USAGE, "usage: svbox --install DIR");
		return install(argv[2]);
	}
	if (!strcmp(argv[1], "--version"))
		return version();
	if (!strcmp(argv[1], "--help")) {
		static const char h[] =
			"usage: svbox APPLET [ARG...] | --list | "
#if ENABLE_INSTALLER
			"--install DIR | "
#endif
			"--version\napplets:\n";
		sv_write_all(1, h, sizeof h - 1);
		return list(1);
	}
	if ((a = find(base(argv[1]))) >= 0)
		return run(a, argc - 1, argv + 1);
	/* busybox's and the shell's code for "command not found" */
	sv_prog = "svbox";
	sv_warn("unknown applet: %s", argv[1]);
	list(2);
	return SVBOX_NOAPPLET;
}
