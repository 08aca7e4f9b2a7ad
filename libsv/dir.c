/* SPDX-License-Identifier: 0BSD */
/* libsv/dir.c - see dir.h */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "dir.h"
#include "sys.h"

/* the kernel's record: d_ino, d_off, d_reclen, d_type, d_name */
struct dirent64 {
	unsigned long long ino;
	long long off;
	unsigned short reclen;
	unsigned char type;
	char name[];
};

void sv_dir_start(struct sv_dir *d, int fd, char *buf, size_t size)
{
	d->fd = fd;
	d->buf = buf;
	d->size = size;
	d->n = d->off = 0;
	lseek(fd, 0, SEEK_SET);
}

const char *sv_dir_next(struct sv_dir *d, unsigned char *type)
{
	struct dirent64 *e;

	if (d->off >= d->n) {
		d->n = sv_syscall(SYS_getdents64, d->fd, (long)d->buf, (long)d->size, 0, 0);
		d->off = 0;
		if (d->n <= 0) {
			if (!d->n)
				errno = 0;
			return NULL;
		}
	}
	e = (struct dirent64 *)(void *)(d->buf + d->off);
	d->off += e->reclen;
	*type = e->type;
	return e->name;
}

int sv_is(int dfd, const char *path, int what)
{
	struct stat st;

	if (fstatat(dfd, path, &st, 0) < 0)
		return 0;
	return what == SV_IS_DIR ? S_ISDIR(st.st_mode)
				 : S_ISREG(st.st_mode) && (st.st_mode & S_IXUSR);
}
