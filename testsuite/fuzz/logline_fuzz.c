/* SPDX-License-Identifier: 0BSD */
/* testsuite/fuzz/logline_fuzz.c - libFuzzer: svlogd's line splitter and
 * pattern matcher; the first line of the input is the pattern. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "libsv/logdir.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data;
	char *pat;
	size_t n, off;
	int nl = sv_log_line(p, size, &n);

	if (!nl)
		return 0;
	pat = malloc(n + 1);
	if (!pat)
		return 0;
	memcpy(pat, p, n);
	pat[n] = 0;
	for (off = n + 1; off < size;) {
		size_t len;
		int more = sv_log_line(p + off, size - off, &len);
		if (len > size - off || (more && p[off + len] != '\n'))
			abort(); /* the splitter's contract */
		sv_log_match(pat, p + off, len);
		off += len + (size_t)more;
	}
	free(pat);
	return 0;
}
