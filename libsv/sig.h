/* SPDX-License-Identifier: 0BSD */
/* libsv/sig.h - signals delivered as a file descriptor.
 * On Linux a signalfd; elsewhere a self-pipe fed by handlers that only
 * write the signal number. The signals are blocked (Linux) or caught.
 */
#ifndef LIBSV_SIG_H
#define LIBSV_SIG_H

/* Take over the signals in sigs (0-terminated): returns a non-blocking,
 * close-on-exec fd that becomes readable when one arrives, or -1 with
 * errno. Call once per process. */
int sv_sig_open(const unsigned char *sigs);
/* Next pending signal from fd: its number, 0 if none is pending, -1 on
 * error (errno). Never blocks. */
int sv_sig_next(int fd);
/* In a freshly forked child: every signal back to its default action and
 * an empty signal mask, as a program started by a shell expects. */
void sv_sig_child(void);
/* "TERM" for SIGTERM (no "SIG"), NULL for a signal without a name here. */
const char *sv_sig_name(int sig);
/* A signal from its name ("TERM", "SIGTERM", any case) or its number
 * (1 to 64), len bytes of s: the number, or 0 when it is none. */
int sv_sig_number(const char *s, unsigned long len);
#endif
