/* SPDX-License-Identifier: 0BSD */
/* libsv/sig.c - see sig.h */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include "sig.h"

#if defined(__linux__)
#include <sys/signalfd.h>

int sv_sig_open(const int *sigs)
{
	sigset_t set;

	sigemptyset(&set);
	while (*sigs)
		sigaddset(&set, *sigs++);
	if (sigprocmask(SIG_BLOCK, &set, NULL) < 0)
		return -1;
	return signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
}

int sv_sig_next(int fd)
{
	struct signalfd_siginfo si;
	ssize_t r;

	do
		r = read(fd, &si, sizeof si);
	while (r < 0 && errno == EINTR);
	if (r == (ssize_t)sizeof si)
		return (int)si.ssi_signo;
	if (r < 0 && errno == EAGAIN)
		return 0;
	return r < 0 ? -1 : 0;
}
#else
static int selfpipe[2] = { -1, -1 };

static void handler(int sig)
{
	unsigned char c = (unsigned char)sig;
	int e = errno;

	(void)!write(selfpipe[1], &c, 1);
	errno = e;
}

int sv_sig_open(const int *sigs)
{
	struct sigaction sa;
	int i;

	if (pipe(selfpipe) < 0)
		return -1;
	for (i = 0; i < 2; i++) {
		fcntl(selfpipe[i], F_SETFD, FD_CLOEXEC);
		fcntl(selfpipe[i], F_SETFL, O_NONBLOCK);
	}
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = handler;
	sigemptyset(&sa.sa_mask);
	while (*sigs)
		if (sigaction(*sigs++, &sa, NULL) < 0)
			return -1;
	return selfpipe[0];
}

int sv_sig_next(int fd)
{
	unsigned char c;
	ssize_t r;

	do
		r = read(fd, &c, 1);
	while (r < 0 && errno == EINTR);
	if (r == 1)
		return c;
	return r < 0 && errno != EAGAIN ? -1 : 0;
}
#endif

void sv_sig_child(void)
{
	sigset_t set;
	int i;

	for (i = 1; i < NSIG; i++)
		if (i != SIGKILL && i != SIGSTOP)
			signal(i, SIG_DFL);
	sigemptyset(&set);
	sigprocmask(SIG_SETMASK, &set, NULL);
}
