/* SPDX-License-Identifier: 0BSD */
/* testsuite/libsv/tap.h - a few lines of TAP for the libsv unit tests */
#ifndef TAP_H
#define TAP_H
#include <stdio.h>
#include <string.h>
static int tap_n, tap_fail;
#define OK(cond, name)                                                    \
	do {                                                              \
		int ok_ = !!(cond);                                       \
		tap_fail += !ok_;                                         \
		printf("%s %d - %s%s\n", ok_ ? "ok" : "not ok", ++tap_n, \
		       name, ok_ ? "" : " (" #cond ")");                 \
	} while (0)
#define STREQ(a, b, name) OK(strcmp((a), (b)) == 0, name)
#define MEMEQ(a, b, n, name) OK(memcmp((a), (b), (n)) == 0, name)
#define DONE() (printf("1..%d\n", tap_n), tap_fail != 0)
#endif
