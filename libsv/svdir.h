/* SPDX-License-Identifier: 0BSD */
/* libsv/svdir.h - where a service name points.
 * Two rules (docs/sv.8, docs/svc.8):
 *  - runit (sv): under the service directory unless the name is empty,
 *    starts with '/' or '.', or ends with '/';
 *  - proposal (svc, svok, svstat): under it iff the name has no '/' and
 *    is not "." or "..".
 * The service directory is $SVDIR if set and non-empty, else a default
 * the applet passes (Kconfig SVDIR, /var/service).
 */
#ifndef LIBSV_SVDIR_H
#define LIBSV_SVDIR_H

enum sv_svdir_rule { SV_RULE_RUNIT, SV_RULE_PROPOSAL };

/* $SVDIR, or dflt when it is unset or empty. */
const char *sv_svdir(const char *dflt);
/* 1 if name is looked up under the service directory by rule, else 0. */
int sv_svdir_under(const char *name, enum sv_svdir_rule rule);
/* Open the service directory of name (O_RDONLY|O_DIRECTORY|O_CLOEXEC):
 * svdir/name when sv_svdir_under(), else name relative to the cwd.
 * Returns the fd, or -1 with errno. */
int sv_svdir_open(const char *name, enum sv_svdir_rule rule,
		  const char *svdir);
/* The log service of the service directory dfd, as a directory whose
 * supervise/ the clients read: dfd/log, or, when there is no log entry at
 * all, dfd/supervise/log (the default logger's, runsv.8) while a
 * supervisor holds it. The fd
 * (O_RDONLY|O_DIRECTORY|O_CLOEXEC), or -1 with errno: ENOENT none,
 * ENOTDIR a plain file log (no logger). */
int sv_svdir_log(int dfd);
#endif
