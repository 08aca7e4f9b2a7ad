/* SPDX-License-Identifier: 0BSD */
/* libsv/state.h - where a service's state (runit's supervise/ files) is:
 * DIR/supervise (a directory, or runit's symlink to one), or, for a
 * service directory that cannot hold one (read-only), a directory under
 * the run directory named after DIR's canonical path (docs/runsv.8,
 * "Read-only service directories"). The engine and every client find it
 * through sv_state_open(), so no two tools can disagree.
 */
#ifndef LIBSV_STATE_H
#define LIBSV_STATE_H
#include <stddef.h>

/* The run directory: Kconfig SV_RUNDIR_PATH (a constant the program
 * defines, libsv/hooks.h); the environment's SVRUNDIR overrides it. Both
 * unset: no state outside service directories (runit's behaviour). */
extern const char *const sv_rundir;
/* The run directory's part: sv_state_rundir where Kconfig SV_RUNDIR is
 * on, NULL (none of its code linked) where it is off. */
extern int (*const sv_state_rundir_fn)(int dfd, int create);

/* The state directory of the service directory open on dfd, for reading:
 * DIR/supervise followed as runit follows it, else (no such entry at
 * all) the run directory's. -1 with errno (ENOENT: none). */
int sv_state_open(int dfd);

/* The run directory's state directory for the directory open on dfd;
 * with create, made (mode 0700, the run directory's missing parts 0755),
 * and refused (EPERM) unless owned by this user: nothing on the way is a
 * symlink, nothing another user planted is used. -1 with errno. */
int sv_state_rundir(int dfd, int create);

/* Control rights (Kconfig CONTROL_GROUP): the group named in the
 * service directory's file control-group (one line: a group name or a
 * number), whose members may control and read the service: the engine
 * makes supervise/ 0750 and control and ok 0620 of that group each time
 * it creates them. The gid; -1 without the file; -2 when it names no
 * group (the engine warns). Linked only where the applets set it. */
extern long (*const sv_state_group_fn)(int dfd);
long sv_state_group(int dfd);
/* The rights on the state directory open on dir and the fifos: group
 * gid may enter the directory (0750) and write control and ok (0620);
 * only through these descriptors, never a path a member could change
 * (they get no write access to the directory). 0, or -1 with errno. */
extern int (*const sv_state_rights_fn)(int dir, int ctl, int ok, long gid);
int sv_state_rights(int dir, int ctl, int ok, long gid);

/* The name for the directory open on dfd: its canonical path (the
 * kernel's name for it, symlinks resolved) through sv_state_name(). The
 * run directory and the cgroups (cgroup.h) name services this way. */
int sv_state_key(int dfd, char *name, size_t cap);

/* The name under the run directory for an absolute path: '%' as "%25"
 * and '/' as "%2f", nothing else changed (one name per path, and back).
 * Its length, or -1 (ENAMETOOLONG) when it does not fit cap or NAME_MAX. */
int sv_state_name(char *out, size_t cap, const char *path);
#endif
