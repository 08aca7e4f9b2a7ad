/* SPDX-License-Identifier: 0BSD */
/* testsuite/fuzz/tz_fuzz.c - libFuzzer: libsv/tz.c's TZif reader and its
 * POSIX rule parser, each asked for the offset at moments from before
 * 1901 to after 2100. */
#include <stdint.h>
#include <string.h>
#include "libsv/tz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const long long t[] = { -5000000000LL, -1, 0, 1000000000,
				       1750000000, 4102444800LL, 1LL << 40 };
	struct sv_tz z;
	size_t i;

	memset(&z, 0, sizeof z);
	if (sv_tz_from(&z, data, size) == 0)
		for (i = 0; i < sizeof t / sizeof *t; i++)
			(void)sv_tz_offset(&z, t[i]);
	memset(&z, 0, sizeof z);
	z.rule = (const char *)data; /* the bytes as a TZ rule */
	z.rulelen = size;
	for (i = 0; i < sizeof t / sizeof *t; i++)
		(void)sv_tz_offset(&z, t[i]);
	return 0;
}
