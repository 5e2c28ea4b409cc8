/* What the stdio sources share and programs need not see. */
#ifndef _INTERNAL_STDIO_IMPL_H
#define _INTERNAL_STDIO_IMPL_H

#include <stdio.h>

/* FILE.flags */
#define __F_ERR   1     /* a write or read failed: ferror() */
#define __F_EOF   2     /* a read found the end: feof() */
#define __F_STR   4     /* the buffer is a string (sprintf): no descriptor, never flushed */
#define __F_NORD  8     /* opened without read access ("w", "a"): reads fail with EBADF */
#define __F_NOWR  16    /* opened without write access ("r"): writes fail with EBADF */
#define __F_APP   32    /* "a" modes: the kernel puts every write at the end (O_APPEND) */
#define __F_OWNBUF 64   /* buf came from malloc: fclose frees it */
#define __F_OWNFILE 128 /* the FILE itself came from malloc (fopen): fclose frees it */

/* FILE.mode before the first use has looked at what the descriptor is. */
#define __MODE_UNSET (-1)

/* Append n bytes to the stream's output, flushing as its buffering mode asks.
 * Returns how many bytes it accepted: n, or fewer if the descriptor failed. */
size_t __stdio_write(FILE *f, const unsigned char *p, size_t n);

/* Hand the pending output to the kernel. 0, or EOF on failure. */
int __stdio_flush(FILE *f);

/* Settle a stream's buffering mode the first time it is used. */
void __stdio_decide_mode(FILE *f);

/* Fill an empty read buffer from the descriptor. 0, or EOF at end of input or error. */
int __stdio_fill(FILE *f);

/* Flush every stream; exit() calls this after the atexit handlers. */
void __stdio_exit(void);

/* The chain of open streams, newest first; stderr, stdout, stdin at its end. */
extern FILE *__stdio_head;

/* Before output goes into a stream's buffer: fail if the stream is read-only, and give
 * back input read ahead but not consumed. 0, or EOF. */
int __stdio_to_write(FILE *f);

/* Parse an fopen mode: the open(2) flags, and the __F_* flags the stream starts with.
 * 0, or -1 with errno = EINVAL. */
int __stdio_mode_flags(const char *mode, int *oflags, int *fflags);

#endif
