/* What the stdio sources share and programs need not see. */
#ifndef _INTERNAL_STDIO_IMPL_H
#define _INTERNAL_STDIO_IMPL_H

#include <stdio.h>

/* FILE.flags */
#define __F_ERR   1     /* a write or read failed: ferror() */
#define __F_EOF   2     /* a read found the end: feof() */
#define __F_STR   4     /* the buffer is a string (sprintf): no descriptor, never flushed */

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

#endif
