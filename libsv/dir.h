/* SPDX-License-Identifier: 0BSD */
/* libsv/dir.h - reading a directory without malloc or stdio (the
 * daemons: runsvdir's scans, svlogd's old-file cleanup). Linux getdents64
 * into a buffer the caller owns.
 */
#ifndef LIBSV_DIR_H
#define LIBSV_DIR_H
#include <stddef.h>

struct sv_dir {
	int fd;
	char *buf;
	size_t size;
	long n, off;
};

/* Read the directory open on fd from its start, through buf (a few KiB;
 * its size bounds one getdents64 call). Never closes fd. */
void sv_dir_start(struct sv_dir *d, int fd, char *buf, size_t size);
/* The next entry's name ("." and ".." included), its d_type in *type
 * (DT_UNKNOWN where the filesystem does not say); NULL at the end with
 * errno 0, or on a read error with errno set. */
const char *sv_dir_next(struct sv_dir *d, unsigned char *type);

/* What path in dfd is (symlinks followed): SV_IS_DIR a directory,
 * SV_IS_EXE a regular file its owner may execute (runit's test for run,
 * finish and stage files). 1, or 0 (also when it cannot be examined). */
enum { SV_IS_DIR, SV_IS_EXE };
int sv_is(int dfd, const char *path, int what);
#endif
