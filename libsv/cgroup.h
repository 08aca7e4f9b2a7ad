/* SPDX-License-Identifier: 0BSD */
/* libsv/cgroup.h - a cgroup (v2) per service where one can be made
 * (Kconfig CGROUP, docs/runsv.8 "Cgroups"): ./run is born in it, so
 * cgroup.procs lists every process of the service, daemons that left its
 * process group included, and timeout-kill ends them all (cgroup.kill).
 */
#ifndef LIBSV_CGROUP_H
#define LIBSV_CGROUP_H

/* sv_cgroup and sv_cgroup_kill where Kconfig CGROUP is on; NULL: no
 * cgroups (constants the program defines, libsv/hooks.h). */
extern int (*const sv_cgroup_fn)(int dfd, int create);
extern int (*const sv_cgroup_kill_fn)(int cg);

/* The cgroup directory for the service directory open on dfd: under
 * $SVCGROUP, or else under the caller's own cgroup in the cgroup2 mount
 * (/proc/self/mountinfo), in "svbox/", named as the run directory names
 * state (state.h). Made (0755) when create. -1 with errno where there is
 * none or it cannot be made (no cgroup2, not writable). */
int sv_cgroup(int dfd, int create);
/* SIGKILL to every process in the cgroup open on cg: cgroup.kill, or
 * one by one from cgroup.procs where the kernel has no cgroup.kill
 * (before Linux 5.14). 0, or -1. */
int sv_cgroup_kill(int cg);
#endif
