/* freopen: the same FILE, now on another file (or on the same file in another mode).
 * Its classic use is sending stdout or stdin elsewhere, freopen("out.txt", "w", stdout),
 * so the new file gets the stream's old descriptor number as well: code that writes to
 * descriptor 1 directly, and any program it starts, follow stdout there, as with glibc.
 *
 * What the stream was doing is forgotten: output waiting is written to the old file,
 * the error and end-of-file indicators are cleared, and buffering is decided afresh at
 * the next use (glibc even makes a reopened stderr fully buffered when it names a file).
 * If the new file cannot be opened, the stream is left closed (C11 7.21.5.4).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "../internal/stdio_impl.h"
#include "../internal/syscall.h"

#define F_GETFL 3
#define F_SETFL 4

/* freopen(NULL, mode, f): the same file in another mode. Like glibc, open it afresh by
 * its /proc/self/fd name: a new open file description, at offset 0 ("a": at the end),
 * "w" emptying it, whatever the old descriptor allowed. Without /proc (our emulator has
 * none) keep the descriptor and change what can be changed: the append flag, the
 * offset, the length; asking for access the descriptor lacks then fails with EBADF. */
static int reopen_same(int fd, const char *mode, int oflags)
{
    char name[32];
    long have;
    int want = oflags & O_ACCMODE, nfd;

    snprintf(name, sizeof name, "/proc/self/fd/%d", fd);
    nfd = open(name, oflags & ~(O_CREAT | O_EXCL), 0666);
    if (nfd >= 0) {
        if (__syscall_ret(__syscall3(SYS_dup3, nfd, fd, oflags & O_CLOEXEC)) < 0) {
            close(nfd);
            return -1;
        }
        close(nfd);
        return 0;
    }
    if (errno != ENOENT)
        return -1;
    have = __syscall_ret(__syscall2(SYS_fcntl, fd, F_GETFL));
    if (have < 0)
        return -1;
    if ((have & O_ACCMODE) != O_RDWR && (have & O_ACCMODE) != want) {
        errno = EBADF;
        return -1;
    }
    if (__syscall_ret(__syscall3(SYS_fcntl, fd, F_SETFL, (have & ~O_APPEND) | (oflags & O_APPEND))) < 0)
        return -1;
    if (mode[0] == 'w' && __syscall_ret(__syscall2(SYS_ftruncate, fd, 0)) < 0)
        return -1;
    return lseek(fd, 0, SEEK_SET) < 0 && errno != ESPIPE ? -1 : 0;
}

FILE *freopen(const char *path, const char *mode, FILE *f)
{
    int oflags, fflags, fd, saved;
    int old = f->fd;
    int open_still = 1;         /* old is still open (and must be closed on failure) */

    /* Output waiting goes to the old file; input read ahead goes back to it, so that the
     * same file reopened starts where the program was. */
    fflush(f);
    if (__stdio_mode_flags(mode, &oflags, &fflags) < 0)
        goto fail;
    if (path == NULL) {
        if (reopen_same(old, mode, oflags) < 0)
            goto fail;
        fd = old;
    } else {
        close(old);
        open_still = 0;
        fd = open(path, oflags, 0666);
        if (fd < 0)
            goto fail;
        /* The lowest free number is usually the old one, just closed; if not, move it. */
        if (fd != old && old >= 0
            && __syscall_ret(__syscall3(SYS_dup3, fd, old, oflags & O_CLOEXEC)) >= 0) {
            close(fd);
            fd = old;
        }
    }
    if (mode[0] == 'a' && (fflags & __F_NORD))
        lseek(fd, 0, SEEK_END);

    f->fd = fd;
    f->flags = fflags | (f->flags & (__F_OWNFILE | __F_OWNBUF));
    if (f->flags & __F_OWNBUF)
        free(f->buf);
    f->flags &= ~__F_OWNBUF;
    f->buf = NULL;              /* a buffer the program gave setvbuf is not ours to keep */
    f->size = 0;
    f->mode = __MODE_UNSET;
    f->wlen = f->rpos = f->rend = 0;
    return f;

fail:
    /* The stream is closed for good: every read and write on it fails. */
    saved = errno;
    if (open_still && old >= 0)
        close(old);
    f->fd = -1;
    f->flags = __F_NORD | __F_NOWR | (f->flags & (__F_OWNFILE | __F_OWNBUF));
    f->wlen = f->rpos = f->rend = 0;
    errno = saved;
    return NULL;
}
