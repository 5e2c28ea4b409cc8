/* The three standard streams and the buffering under all of stdio.
 *
 * The rule is glibc's: stderr is unbuffered, so an error message appears at once;
 * stdout is line-buffered when it is a terminal (a person watches each line appear)
 * and fully buffered otherwise (a pipe or file gets large, cheap writes). That choice
 * is made at the stream's first use, not at startup, so a program that calls setvbuf
 * first gets what it asked for. Whatever is still buffered is written by exit().
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "../internal/stdio_impl.h"
#include "../internal/syscall.h"

static unsigned char stdin_buf[BUFSIZ];
static unsigned char stdout_buf[BUFSIZ];
static unsigned char stderr_buf[BUFSIZ];    /* idle unless setvbuf asks for buffering */

/* fd, flags, mode, buf, size, wlen, rpos, rend, next. As in glibc, stdin cannot be
 * written and stdout and stderr cannot be read. */
static FILE stdin_file  = { 0, __F_NOWR, __MODE_UNSET, stdin_buf, BUFSIZ, 0, 0, 0, NULL };
static FILE stdout_file = { 1, __F_NORD, __MODE_UNSET, stdout_buf, BUFSIZ, 0, 0, 0, &stdin_file };
static FILE stderr_file = { 2, __F_NORD, _IONBF, stderr_buf, BUFSIZ, 0, 0, 0, &stdout_file };

FILE *stdin = &stdin_file;
FILE *stdout = &stdout_file;
FILE *stderr = &stderr_file;

/* fopen puts each new stream at the head, so fflush(NULL) goes newest first, as glibc. */
FILE *__stdio_head = &stderr_file;

/* glibc sizes a stream's buffer by the descriptor's preferred I/O size, st_blksize from
 * fstat: 4096 for a pipe or most files, 1024 for a terminal. If fstat fails it uses
 * BUFSIZ. The size decides where long output is cut into writes, which shows when
 * stdout and stderr go to the same place. */
static size_t preferred_size(int fd)
{
    /* struct stat differs between the architectures, but on both st_blksize sits at
     * byte 56 and fits in its low 4 bytes (little-endian). 144 bytes hold either. */
    unsigned char st[144];
    unsigned int blksize;

    if (__syscall_ret(__syscall2(SYS_fstat, fd, st)) < 0)
        return BUFSIZ;
    blksize = st[56] | st[57] << 8 | (unsigned int)st[58] << 16 | (unsigned int)st[59] << 24;
    if (blksize == 0 || blksize > BUFSIZ)
        return BUFSIZ;
    return blksize;
}

void __stdio_decide_mode(FILE *f)
{
    if (f->mode == __MODE_UNSET) {
        f->mode = isatty(f->fd) ? _IOLBF : _IOFBF;
        if (f->buf == NULL || !(f->flags & __F_OWNBUF))
            f->size = preferred_size(f->fd);
    }
    /* A stream from fopen gets its buffer at its first use. Even an unbuffered one
     * needs a little: it reads one byte at a time into it, and ungetc pushes back there.
     * With no memory at all the stream still works, unbuffered. */
    if (f->buf == NULL) {
        if (f->size == 0)
            f->size = preferred_size(f->fd);
        f->buf = malloc(f->size);
        if (f->buf != NULL) {
            f->flags |= __F_OWNBUF;
        } else {
            f->size = 0;
            f->mode = _IONBF;
        }
    }
}

/* write(2) may accept fewer bytes than offered (a full pipe, a signal): keep going. */
static int write_all(FILE *f, const unsigned char *p, size_t n)
{
    while (n > 0) {
        ssize_t done = write(f->fd, p, n);
        if (done < 0) {
            f->flags |= __F_ERR;
            return EOF;
        }
        p += done;
        n -= (size_t)done;
    }
    return 0;
}

int __stdio_flush(FILE *f)
{
    size_t n = f->wlen;

    if ((f->flags & __F_STR) || n == 0)
        return 0;
    f->wlen = 0;
    return write_all(f, f->buf, n);
}

/* Put n bytes, no more than there is room for, into the buffer. A line-buffered stream
 * writes out everything up to and including the last newline among them. */
static int buffer_bytes(FILE *f, const unsigned char *p, size_t n)
{
    size_t line = 0;

    if (f->mode == _IOLBF) {
        line = n;
        while (line > 0 && p[line - 1] != '\n')
            line--;
    }
    memcpy(f->buf + f->wlen, p, line);
    f->wlen += line;
    if (line > 0 && __stdio_flush(f) < 0)
        return EOF;
    memcpy(f->buf + f->wlen, p + line, n - line);
    f->wlen += n - line;
    return 0;
}

/* The cuts fall where glibc's do: top the buffer up, write it out, send whole buffers'
 * worth straight from the caller's memory (small buffers: all of it), keep the tail. */
size_t __stdio_write(FILE *f, const unsigned char *p, size_t n)
{
    size_t room;
    size_t rest;
    size_t direct;

    /* A string stream keeps what fits and silently drops the rest: snprintf still
     * has to count every character it would have written. */
    if (f->flags & __F_STR) {
        size_t k;
        room = f->size - f->wlen;
        k = n < room ? n : room;
        memcpy(f->buf + f->wlen, p, k);
        f->wlen += k;
        return n;
    }

    if (__stdio_to_write(f) < 0)
        return 0;
    __stdio_decide_mode(f);
    if (f->mode == _IONBF || f->size == 0) {
        if (__stdio_flush(f) < 0 || write_all(f, p, n) < 0)
            return 0;
        return n;
    }

    room = f->size - f->wlen;
    if (n <= room)
        return buffer_bytes(f, p, n) < 0 ? 0 : n;

    memcpy(f->buf + f->wlen, p, room);
    f->wlen += room;
    if (__stdio_flush(f) < 0)
        return 0;
    rest = n - room;
    direct = f->size >= 128 ? rest - rest % f->size : rest;
    if (write_all(f, p + room, direct) < 0)
        return room;
    if (buffer_bytes(f, p + room + direct, rest - direct) < 0)
        return room + direct;
    return n;
}

/* Switching a stream from reading to writing: the descriptor is ahead of the program
 * by the input read ahead, so step it back (what C's "fseek between reading and
 * writing" would do) before the output goes in. */
int __stdio_to_write(FILE *f)
{
    if (f->flags & __F_NOWR) {
        f->flags |= __F_ERR;
        errno = EBADF;
        return EOF;
    }
    if (f->rpos < f->rend) {
        if (lseek(f->fd, -(off_t)(f->rend - f->rpos), SEEK_CUR) < 0)
            return EOF;
    }
    f->rpos = f->rend = 0;
    return 0;
}

int __stdio_fill(FILE *f)
{
    ssize_t got;

    /* sscanf's string has nothing more to give. */
    if (f->flags & __F_STR) {
        f->flags |= __F_EOF;
        return EOF;
    }
    if (f->flags & __F_NORD) {
        f->flags |= __F_ERR;
        errno = EBADF;
        return EOF;
    }
    /* And from writing to reading: what is waiting must be written first. */
    if (f->wlen > 0 && __stdio_flush(f) < 0)
        return EOF;
    __stdio_decide_mode(f);
    /* Someone at a terminal must see the prompt before the program waits for the
     * answer: reading a line-buffered or unbuffered stream first flushes a
     * line-buffered stdout (glibc does the same). */
    if ((f->mode == _IOLBF || f->mode == _IONBF) && stdout->mode == _IOLBF)
        __stdio_flush(stdout);

    f->rpos = 0;
    f->rend = 0;
    if (f->size == 0) {
        f->flags |= __F_ERR;
        errno = EBADF;
        return EOF;
    }
    /* Unbuffered input takes one byte per read: whatever follows stays in the
     * descriptor for whoever reads it next. */
    got = read(f->fd, f->buf, f->mode == _IONBF ? 1 : f->size);
    if (got < 0) {
        f->flags |= __F_ERR;
        return EOF;
    }
    if (got == 0) {
        f->flags |= __F_EOF;
        return EOF;
    }
    f->rend = (size_t)got;
    return 0;
}

int fflush(FILE *f)
{
    /* All streams with output waiting, newest first (stderr is newer than stdout). */
    if (f == NULL) {
        int r = 0;
        for (f = __stdio_head; f != NULL; f = f->next) {
            if (f->wlen > 0 && __stdio_flush(f) < 0)
                r = EOF;
        }
        return r;
    }
    if (f->wlen > 0)
        return __stdio_flush(f);
    /* Flushing an input stream means nothing in C. POSIX (and glibc) give the input
     * read ahead back to the file, so that the descriptor's offset is where the
     * program is; a pipe cannot take it back, and then it stays buffered. */
    if (f->rpos < f->rend && !(f->flags & __F_STR)) {
        if (lseek(f->fd, -(off_t)(f->rend - f->rpos), SEEK_CUR) >= 0)
            f->rpos = f->rend = 0;
        else if (errno != ESPIPE)
            return EOF;
    }
    return 0;
}

void __stdio_exit(void)
{
    fflush(NULL);
}

int setvbuf(FILE *f, char *buf, int mode, size_t size)
{
    if (mode != _IOFBF && mode != _IOLBF && mode != _IONBF) {
        errno = EINVAL;
        return EOF;
    }
    /* C allows setvbuf only before the first I/O; if output is pending anyway, it
     * goes out under the old buffering rather than being lost. */
    __stdio_flush(f);
    f->mode = mode;
    if (buf != NULL && mode != _IONBF) {
        if (f->flags & __F_OWNBUF)
            free(f->buf);
        f->flags &= ~__F_OWNBUF;
        f->buf = (unsigned char *)buf;
        f->size = size;
    } else if (mode != _IONBF && !(f->flags & __F_OWNBUF) && f->buf != NULL) {
        /* Our static buffer (stdin, stdout, stderr) has room for any preferred size. */
        f->size = preferred_size(f->fd);
    }
    return 0;
}

void setbuf(FILE *f, char *buf)
{
    setvbuf(f, buf, buf ? _IOFBF : _IONBF, BUFSIZ);
}

int ferror(FILE *f)
{
    return (f->flags & __F_ERR) != 0;
}

int feof(FILE *f)
{
    return (f->flags & __F_EOF) != 0;
}

void clearerr(FILE *f)
{
    f->flags &= ~(__F_ERR | __F_EOF);
}

int fileno(FILE *f)
{
    return f->fd;
}
