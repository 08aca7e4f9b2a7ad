/* SPDX-License-Identifier: 0BSD */
/* libsv/ctl.h - a service's supervise/ control and ok fifos.
 * A supervisor holds supervise/ok open for reading for its whole life, so
 * open(ok, O_WRONLY|O_NONBLOCK) succeeds iff one is alive and fails with
 * ENXIO otherwise. Each byte written to supervise/control is a command.
 */
#ifndef LIBSV_CTL_H
#define LIBSV_CTL_H
#include <errno.h>
#include <stddef.h>

#define SV_CTL_DIR "supervise"

/* errno for "exists but is not a fifo" (control or ok replaced by a
 * regular file or a symlink); sv_strerror() says "not a fifo" */
#define SV_ENOTFIFO ENOSTR

/* Is a supervisor holding the service directory dfd?
 * 1: yes; 0: no (ENXIO); -1: error with errno (ENOENT: never supervised,
 * or no supervise/ directory; SV_ENOTFIFO: ok is not a fifo). Never
 * blocks. */
int sv_ctl_supervised(int dfd);
/* The same for the directory name in dfd: 1 held, 0 not (or no such
 * directory, or an error) */
int sv_ctl_held(int dfd, const char *name);

/* Send n command bytes (n <= PIPE_BUF: one atomic write) to
 * dfd/supervise/control without blocking. 1: sent; 0: no supervisor
 * (ENXIO); -1: error with errno (EAGAIN: the fifo is full, SV_ENOTFIFO:
 * control is not a fifo). */
int sv_ctl_send(int dfd, const char *cmd, size_t n);

/* Supervisor side: make the fifo path in dir (e.g. "supervise/ok") and
 * open it non-blocking and close-on-exec: for reading, or with rdwr for
 * reading and writing (reads then never see EOF; Linux semantics). An
 * existing fifo is reused when it is ours (its mode set back to 0600);
 * one owned by another user is replaced; a symlink or any other file is
 * refused. The fd, or -1 with errno (SV_ENOTFIFO: path exists and is not
 * a fifo). */
int sv_ctl_fifo(int dir, const char *path, int rdwr);
#endif
