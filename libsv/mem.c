/* SPDX-License-Identifier: 0BSD */
/* libsv/mem.c - see mem.h */
#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include "mem.h"

enum {
	GRAIN = 32,		/* class step */
	CLASSES = 128,		/* up to 4096 bytes with the header */
	CHUNK = 65536,		/* what one mapping feeds */
	HDR = 16,		/* the class (or a big object's size) */
};

/* the allocator's own state lives in its first mapping, not in the
 * binary's data page */
struct heap {
	void *free[CLASSES];
	char *bump, *end;
};
static struct heap *H;

void *sv_map(size_t n)
{
	void *p = mmap(NULL, n ? n : 1, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

void sv_unmap(void *p, size_t n)
{
	if (p)
		munmap(p, n ? n : 1);
}

static int grow(void)
{
	char *p = sv_map(CHUNK);

	if (!p)
		return -1;
	if (!H) {
		H = (struct heap *)(void *)p;
		H->bump = p + (sizeof *H + GRAIN - 1) / GRAIN * GRAIN;
	} else {
		H->bump = p; /* the old chunk's rest stays unused */
	}
	H->end = p + CHUNK;
	return 0;
}

void *sv_alloc(size_t n)
{
	size_t c = (n + HDR + GRAIN - 1) / GRAIN;
	char *p;

	if (n > CHUNK / 2 || c >= CLASSES) {
		size_t len = n + HDR;
		p = sv_map(len);
		if (!p)
			return NULL;
		memcpy(p, &len, sizeof len);
		return p + HDR;
	}
	if (H && H->free[c]) {
		p = H->free[c];
		memcpy(&H->free[c], p + HDR, sizeof (void *));
		memset(p + HDR, 0, c * GRAIN - HDR);
		return p + HDR;
	}
	if ((!H || (size_t)(H->end - H->bump) < c * GRAIN) && grow() < 0)
		return NULL;
	p = H->bump;
	H->bump += c * GRAIN;
	memcpy(p, &c, sizeof c);
	return p + HDR;
}

void sv_free(void *q)
{
	char *p;
	size_t c;

	if (!q)
		return;
	p = (char *)q - HDR;
	memcpy(&c, p, sizeof c);
	if (c >= CLASSES) { /* a mapping of its own: its length */
		sv_unmap(p, c);
		return;
	}
	memcpy(p + HDR, &H->free[c], sizeof (void *));
	H->free[c] = p;
}
