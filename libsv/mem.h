/* SPDX-License-Identifier: 0BSD */
/* libsv/mem.h - memory without libc's allocator: the daemons touch only
 * the pages they use and a router build carries no malloc.
 *  - sv_map/sv_unmap: a table sized once (anonymous pages, untouched
 *    until used);
 *  - sv_alloc/sv_free: small objects made and freed as services come and
 *    go (runsvdir -S): 32-byte size classes over 64 KiB mappings, a free
 *    list per class, freed memory reused for the same class and never
 *    returned (a service directory that comes back finds its room).
 */
#ifndef LIBSV_MEM_H
#define LIBSV_MEM_H
#include <stddef.h>

/* n bytes of zeroed pages, or NULL with errno. */
void *sv_map(size_t n);
void sv_unmap(void *p, size_t n);
/* n bytes (zeroed), or NULL with errno; sizes over 4 KiB get a mapping of
 * their own. */
void *sv_alloc(size_t n);
void sv_free(void *p);
#endif
