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

int sv_sig_open(const unsigned char *sigs)
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

int sv_sig_open(const unsigned char *sigs)
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

/* the names, packed, and their numbers in the same order (no pointers,
 * no padding) */
static const char names[] =
	"HUP\0INT\0QUIT\0ILL\0TRAP\0ABRT\0BUS\0FPE\0KILL\0USR1\0SEGV\0USR2\0"
	"PIPE\0ALRM\0TERM\0CHLD\0CONT\0STOP\0TSTP\0TTIN\0TTOU\0URG\0XCPU\0"
	"XFSZ\0VTALRM\0PROF\0WINCH\0IO\0SYS";
static const unsigned char numbers[] = {
	SIGHUP,	 SIGINT,  SIGQUIT, SIGILL,  SIGTRAP, SIGABRT,	SIGBUS,
	SIGFPE,	 SIGKILL, SIGUSR1, SIGSEGV, SIGUSR2, SIGPIPE,	SIGALRM,
	SIGTERM, SIGCHLD, SIGCONT, SIGSTOP, SIGTSTP, SIGTTIN,	SIGTTOU,
	SIGURG,	 SIGXCPU, SIGXFSZ, SIGVTALRM, SIGPROF, SIGWINCH, SIGIO,
	SIGSYS,
};

const char *sv_sig_name(int sig)
{
	const char *n = names;
	size_t i;

	for (i = 0; i < sizeof numbers; i++, n += strlen(n) + 1)
		if (numbers[i] == sig)
			return n;
	return NULL;
}

int sv_sig_number(const char *s, unsigned long len)
{
	const char *name = names;
	unsigned long k, n = 0;
	size_t i;

	if (len && *s >= '0' && *s <= '9') {
		for (k = 0; k < len && n <= 64; k++) {
			if (s[k] < '0' || s[k] > '9')
				return 0;
			n = n * 10 + (unsigned long)(s[k] - '0');
		}
		return n >= 1 && n <= 64 ? (int)n : 0;
	}
	if (len > 3 && (s[0] | 32) == 's' && (s[1] | 32) == 'i' &&
	    (s[2] | 32) == 'g' && s[3] != '_') {
		s += 3;
		len -= 3;
	}
	for (i = 0; i < sizeof numbers; i++, name += strlen(name) + 1) {
		for (k = 0; k < len && name[k]; k++) {
			char c = s[k] >= 'a' && s[k] <= 'z' ? s[k] - 32 : s[k];
			if (c != name[k])
				break;
		}
		if (k == len && !name[k])
			return numbers[i];
	}
	return 0;
}
