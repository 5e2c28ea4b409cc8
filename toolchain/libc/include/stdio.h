#ifndef _STDIO_H
#define _STDIO_H

#define __NEED_size_t
#define __NEED_va_list
#define __NEED_NULL
#include <bits/types.h>

/* A stream: a file descriptor plus a buffer, so that a thousand putchar calls cost one
 * write system call instead of a thousand. sprintf, snprintf and sscanf use the same
 * structure with the caller's array as the buffer and no descriptor at all.
 * One buffer serves both directions of a stream opened for update ("r+"): it holds
 * either output not yet written or input read ahead, never both. */
struct __FILE {
    int fd;                 /* the descriptor; -1 for a string */
    int flags;              /* __F_ERR, __F_EOF, ...: see src/internal/stdio_impl.h */
    int mode;               /* _IOFBF, _IOLBF, _IONBF, or -1 until the first use decides */
    unsigned char *buf;     /* the buffer ... */
    size_t size;            /* ... and its capacity in bytes */
    size_t wlen;            /* output waiting in buf[0 .. wlen) */
    size_t rpos;            /* input read ahead: buf[rpos .. rend) not yet consumed */
    size_t rend;
    struct __FILE *next;    /* the open streams form a chain, newest first */
};
typedef struct __FILE FILE;

extern FILE *stdin;
extern FILE *stdout;
extern FILE *stderr;
#define stdin  stdin
#define stdout stdout
#define stderr stderr

#define EOF     (-1)
#define BUFSIZ  8192

#define FOPEN_MAX     16        /* at least this many streams can be open at once */
#define FILENAME_MAX  4096      /* the longest path Linux accepts */

/* tmpnam's names: "/tmp/file" and six letters or digits (62^3 of them is what glibc
 * promises as TMP_MAX), at most L_tmpnam bytes with the null. */
#define P_tmpdir  "/tmp"
#define L_tmpnam  20
#define TMP_MAX   238328

/* A position in a stream, for fgetpos and fsetpos: the byte offset (and, in glibc, a
 * multibyte conversion state, which the C locale never needs; the room is kept so that
 * the type has glibc's size). */
typedef struct {
    long __pos;
    int __state[2];
} fpos_t;

/* fseek's whence: from the start, from the current position, from the end. */
#ifndef SEEK_SET
#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2
#endif

/* Buffering modes for setvbuf. */
#define _IOFBF  0
#define _IOLBF  1
#define _IONBF  2

int printf(const char *format, ...);
int fprintf(FILE *stream, const char *format, ...);
int sprintf(char *s, const char *format, ...);
int snprintf(char *s, size_t n, const char *format, ...);
int vprintf(const char *format, va_list ap);
int vfprintf(FILE *stream, const char *format, va_list ap);
int vsprintf(char *s, const char *format, va_list ap);
int vsnprintf(char *s, size_t n, const char *format, va_list ap);

int scanf(const char *format, ...);
int fscanf(FILE *stream, const char *format, ...);
int sscanf(const char *s, const char *format, ...);
int vscanf(const char *format, va_list ap);
int vfscanf(FILE *stream, const char *format, va_list ap);
int vsscanf(const char *s, const char *format, va_list ap);

FILE *fopen(const char *path, const char *mode);
FILE *fdopen(int fd, const char *mode);
int fclose(FILE *stream);
size_t fread(void *ptr, size_t size, size_t nmemb, FILE *stream);
int fseek(FILE *stream, long offset, int whence);
long ftell(FILE *stream);
void rewind(FILE *stream);
int remove(const char *path);
int rename(const char *from, const char *to);
FILE *freopen(const char *path, const char *mode, FILE *stream);
FILE *tmpfile(void);
char *tmpnam(char *s);
int fgetpos(FILE *stream, fpos_t *pos);
int fsetpos(FILE *stream, const fpos_t *pos);

int fputc(int c, FILE *stream);
int putc(int c, FILE *stream);
int putchar(int c);
int fputs(const char *s, FILE *stream);
int puts(const char *s);
size_t fwrite(const void *ptr, size_t size, size_t nmemb, FILE *stream);

int fgetc(FILE *stream);
int getc(FILE *stream);
int getchar(void);
char *fgets(char *s, int n, FILE *stream);
int ungetc(int c, FILE *stream);

int fflush(FILE *stream);
int setvbuf(FILE *stream, char *buf, int mode, size_t size);
void setbuf(FILE *stream, char *buf);
int ferror(FILE *stream);
int feof(FILE *stream);
void clearerr(FILE *stream);
int fileno(FILE *stream);
void perror(const char *s);

#endif
