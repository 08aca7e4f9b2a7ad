/* SPDX-License-Identifier: 0BSD */
/* testsuite/fuzz/logcfg_fuzz.c - libFuzzer: svlogd's config parser, with
 * the parsed patterns run over lines cut from the same input. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "libsv/logdir.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *t = malloc(size + 1), *copy = malloc(size + 1);
	struct sv_logcfg c;
	size_t off = 0, n;

	if (!t || !copy)
		return 0;
	memcpy(t, data, size);
	memcpy(copy, data, size);
	sv_logcfg_init(&c);
	sv_logcfg_parse(&c, t, size, NULL);
	while (off < size) {
		int nl = sv_log_line(copy + off, size - off, &n);
		sv_log_select(&c, copy + off, n > 1000 ? 1000 : n);
		off += n + (size_t)nl;
	}
	free(t);
	free(copy);
	return 0;
}
