/* SPDX-License-Identifier: 0BSD */
/* libsv/proc.h - starting programs. */
#ifndef LIBSV_PROC_H
#define LIBSV_PROC_H

/* execve() file with argv and envp, searching path (a PATH value; NULL
 * means "/bin:/usr/bin") when file has no '/'. An empty element means
 * the current directory; EACCES, EPERM and EISDIR on one element go on
 * with the next (runit and daemontools). Returns only on failure: -1
 * with errno of the most telling failure. */
int sv_proc_execvp(const char *file, char *const argv[], char *const envp[],
		   const char *path);

/* Move fd "from" onto fd "to" (dup2, then close from unless equal),
 * clearing close-on-exec on "to". 0, or -1 with errno. */
int sv_proc_move(int from, int to);

/* Daemons call this first: fds 0, 1 and 2 are made open (on /dev/null
 * when closed), so no pipe, fifo or lock ever lands on them and a later
 * dup2 onto 2 cannot close one. */
void sv_proc_std_fds(void);
#endif
