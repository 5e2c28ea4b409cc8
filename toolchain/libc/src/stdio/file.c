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
#include <string.h>
#include <unistd.h>
#include "../internal/stdio_impl.h"
#include "../internal/syscall.h"

static unsigned char stdin_buf[BUFSIZ];
static unsigned char stdout_buf[BUFSIZ];
static unsigned char stderr_buf[BUFSIZ];    /* idle unless setvbuf asks for buffering */

/* fd, flags, mode, buf, size, wlen, rpos, rend */
static FILE stdin_file  = { 0, 0, __MODE_UNSET, stdin_buf, BUFSIZ, 0, 0, 0 };
static FILE stdout_file = { 1, 0, __MODE_UNSET, stdout_buf, BUFSIZ, 0, 0, 0 };
static FILE stderr_file = { 2, 0, _IONBF, stderr_buf, BUFSIZ, 0, 0, 0 };

FILE *stdin = &stdin_file;
FILE *stdout = &stdout_file;
FILE *stderr = &stderr_file;

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
        f->size = preferred_size(f->fd);
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

int __stdio_fill(FILE *f)
{
    ssize_t got;

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
    /* All streams, in glibc's order: newest first, and stderr is newer than stdout. */
    if (f == NULL) {
        int r = __stdio_flush(stderr);
        if (__stdio_flush(stdout) < 0)
            r = EOF;
        return r;
    }
    /* Flushing an input stream means nothing in C; glibc drops the read-ahead. */
    f->rpos = f->rend = 0;
    return __stdio_flush(f);
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
        f->buf = (unsigned char *)buf;
        f->size = size;
    } else if (mode != _IONBF) {
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
