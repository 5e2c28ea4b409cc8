/* Opening and closing streams on files. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "../internal/stdio_impl.h"

/* The mode string: "r", "w" or "a", then any of '+' (update: read and write), 'b'
 * (binary: means nothing on POSIX systems, where text and binary files are the same),
 * and glibc's 'x' (fail if the file exists) and 'e' (close on exec). Like glibc, other
 * letters after the first are ignored. */
int __stdio_mode_flags(const char *mode, int *oflags, int *fflags)
{
    int update = 0;
    int i;

    switch (mode[0]) {
    case 'r':
        *oflags = 0;
        *fflags = __F_NOWR;
        break;
    case 'w':
        *oflags = O_CREAT | O_TRUNC;
        *fflags = __F_NORD;
        break;
    case 'a':
        *oflags = O_CREAT | O_APPEND;
        *fflags = __F_NORD | __F_APP;
        break;
    default:
        errno = EINVAL;
        return -1;
    }
    for (i = 1; i < 7 && mode[i] != 0; i++) {
        if (mode[i] == '+')
            update = 1;
        else if (mode[i] == 'x')
            *oflags |= O_EXCL;
        else if (mode[i] == 'e')
            *oflags |= O_CLOEXEC;
    }
    if (update) {
        *oflags |= O_RDWR;
        *fflags &= ~(__F_NORD | __F_NOWR);
    } else {
        *oflags |= mode[0] == 'r' ? O_RDONLY : O_WRONLY;
    }
    return 0;
}

/* A stream on an open descriptor; the buffer comes later, at the first use. */
static FILE *new_stream(int fd, int fflags)
{
    FILE *f = calloc(1, sizeof *f);

    if (f == NULL)
        return NULL;
    f->fd = fd;
    f->flags = fflags | __F_OWNFILE;
    f->mode = __MODE_UNSET;
    f->next = __stdio_head;
    __stdio_head = f;
    return f;
}

FILE *fopen(const char *path, const char *mode)
{
    int oflags, fflags, fd;
    FILE *f;

    if (__stdio_mode_flags(mode, &oflags, &fflags) < 0)
        return NULL;
    /* 0666: anyone may read and write, less what the process's umask takes away. */
    fd = open(path, oflags, 0666);
    if (fd < 0)
        return NULL;
    f = new_stream(fd, fflags);
    if (f == NULL) {
        close(fd);
        return NULL;
    }
    /* glibc starts an "a" stream at the end, so ftell tells the file's length; an "a+"
     * stream starts at 0, where its reads begin. Writes go to the end either way. */
    if (mode[0] == 'a' && (fflags & __F_NORD))
        lseek(fd, 0, SEEK_END);
    return f;
}

/* A stream on a descriptor the program already has: the mode must not ask for more
 * than the descriptor allows, and "w" does not truncate here. */
FILE *fdopen(int fd, const char *mode)
{
    int oflags, fflags;
    FILE *f;

    if (__stdio_mode_flags(mode, &oflags, &fflags) < 0)
        return NULL;
    if (lseek(fd, 0, SEEK_CUR) < 0 && errno == EBADF)
        return NULL;
    f = new_stream(fd, fflags);
    if (f != NULL && mode[0] == 'a' && (fflags & __F_NORD))
        lseek(fd, 0, SEEK_END);
    return f;
}

/* Write out what is waiting, let go of the descriptor, take the stream off the chain
 * and free it. The stream is gone even if something failed (C11 7.21.5.1). */
int fclose(FILE *f)
{
    int r = 0;
    FILE **link;

    if (f->wlen > 0 && __stdio_flush(f) < 0)
        r = EOF;
    if (close(f->fd) < 0)
        r = EOF;
    for (link = &__stdio_head; *link != NULL; link = &(*link)->next) {
        if (*link == f) {
            *link = f->next;
            break;
        }
    }
    if (f->flags & __F_OWNBUF)
        free(f->buf);
    if (f->flags & __F_OWNFILE)
        free(f);
    return r;
}
