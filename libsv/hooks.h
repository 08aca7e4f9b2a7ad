/* SPDX-License-Identifier: 0BSD */
/* libsv/hooks.h - the engine's optional parts, as the program that links
 * libsv chooses them: this header defines each hook as a constant from
 * the program's configuration (config.h's ENABLE_ and CONFIG_ macros; none
 * defined, as in the unit tests: every part off, runit's behaviour).
 * Include it in exactly one file of a program (svbox: main.c). Constants,
 * not pointers set at run time: with link-time optimisation a build
 * without a part carries none of its code, and a build with it no test
 * for whether it is there.
 */
#ifndef LIBSV_HOOKS_H
#define LIBSV_HOOKS_H
#include <stddef.h>
#include "cgroup.h"
#include "state.h"
#include "supervise.h"

/* read-only service directories: state in the run directory */
#if ENABLE_SV_RUNDIR
const char *const sv_rundir = CONFIG_SV_RUNDIR_PATH;
int (*const sv_state_rundir_fn)(int, int) = sv_state_rundir;
#else
const char *const sv_rundir = NULL;
int (*const sv_state_rundir_fn)(int, int) = NULL;
#endif

/* a new supervisor adopts a running ./run */
#if ENABLE_TAKEOVER
const struct sv_takeover *const sv_takeover = &sv_takeover_on;
#else
const struct sv_takeover *const sv_takeover = NULL;
#endif

/* runsvdir -l, RUNSV_DEFAULT_LOG: a logger for services without log/ */
#if ENABLE_DEFAULT_LOG
int (*const sv_deflog_fn)(const char *) = sv_deflog_template;
#else
int (*const sv_deflog_fn)(const char *) = NULL;
#endif

/* notification-fd, timeout-kill, down-signal, restart policy ... */
#if ENABLE_POLICY
const struct sv_policy *const sv_svc_policy = &sv_policy;
#else
const struct sv_policy *const sv_svc_policy = NULL;
#endif

/* a cgroup per service */
#if ENABLE_CGROUP
int (*const sv_cgroup_fn)(int, int) = sv_cgroup;
int (*const sv_cgroup_kill_fn)(int) = sv_cgroup_kill;
#else
int (*const sv_cgroup_fn)(int, int) = NULL;
int (*const sv_cgroup_kill_fn)(int) = NULL;
#endif

/* control-group: a group that may control a service */
#if ENABLE_CONTROL_GROUP
long (*const sv_state_group_fn)(int) = sv_state_group;
int (*const sv_state_rights_fn)(int, int, int, long) = sv_state_rights;
#else
long (*const sv_state_group_fn)(int) = NULL;
int (*const sv_state_rights_fn)(int, int, int, long) = NULL;
#endif
#endif
