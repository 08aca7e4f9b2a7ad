/* SPDX-License-Identifier: 0BSD */
/* libsv/proc.h - starting programs. */
#ifndef LIBSV_PROC_H
#define LIBSV_PROC_H
#include <sys/types.h>

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

/* kv ("NAME=value", kept by the caller) into the environment that
 * programs started later get, in place of NAME's entry: environ becomes a
 * copy in memory of sv_alloc (setenv would bring libc's malloc into the
 * static build). 0, or -1 with errno. */
int sv_putenv(char *kv);
/* NAME's entries out of the environment, in place (no memory: musl's
 * unsetenv brings its environment bookkeeping). */
void sv_unsetenv(const char *name);

/* How to start a program: every fork+exec of svbox goes through here. */
struct sv_spawn {
	int dir;	  /* fchdir() here first (-1: stay) */
	const char *sub;  /* then chdir() here (e.g. "log"), or NULL */
	int fd[6];	  /* fd[k] >= 0 is moved onto fd k (stdin, stdout,
			     stderr, runsvdir's fd 3, svlogd's 4 and 5);
			     -1: fd k as inherited; -2: fd k closed */
	int setsid;	  /* a session (and process group) of its own */
	const char *self; /* execve() this file first, if set */
	const char *path; /* PATH to search argv[0] in when it has no '/';
			     NULL: argv[0] is run as it is */
	char *const *argv;
	const char *what; /* named in the child's message on failure */
	int failcode;	  /* the child's exit status when exec fails */
	const char *who;  /* the child's messages say this instead of the
			     parent's argument (runsvdir -S: the service) */
	int nfrom, nto;	  /* nto > 2: fd nfrom is moved onto fd nto (the
			     notification-fd); 0: none */
	int pgrp;	  /* a process group of its own (setpgid) */
	int cgroup;	  /* > 0: an open cgroup.procs the child writes
			     itself into first (0: none; fd 0 never is) */
};

/* What every start begins with: no directory change, every fd as
 * inherited, no session, group or cgroup, argv[0] run as it is, exit
 * status 111 when exec fails; a caller copies it and sets its fields
 * (a copy is smaller than an initializer of every field). */
extern const struct sv_spawn sv_spawn_none;

/* fork() without the C library's atfork work where it has _Fork (musl):
 * svbox has no threads and no atfork handlers, and musl's fork() drags in
 * its thread locks (1.7 KB static). glibc keeps fork(): its sanitizers
 * intercept it. */
pid_t sv_fork(void);

/* sv_fork(); in the child: default signal dispositions and an empty mask,
 * the directory, the fds, the session, then exec. The child says why on
 * stderr ("unable to change to directory SUB", "unable to start WHAT")
 * and exits failcode if it cannot. Returns the pid, or -1 with errno
 * (fork failed; nothing started). */
pid_t sv_spawn(const struct sv_spawn *sp);
#endif
