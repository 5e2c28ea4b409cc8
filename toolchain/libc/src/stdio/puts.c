/* Writing characters and strings, without formatting. */
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include "../internal/stdio_impl.h"

int fputc(int c, FILE *f)
{
    unsigned char byte = (unsigned char)c;

    if (__stdio_write(f, &byte, 1) != 1)
        return EOF;
    return byte;
}

int putc(int c, FILE *f)
{
    return fputc(c, f);
}

int putchar(int c)
{
    return fputc(c, stdout);
}

/* glibc returns 1 for success; C only asks for a non-negative number. */
int fputs(const char *s, FILE *f)
{
    size_t n = strlen(s);

    if (__stdio_write(f, (const unsigned char *)s, n) != n)
        return EOF;
    return 1;
}

/* puts adds the newline; on success it returns the bytes written, as glibc does. */
int puts(const char *s)
{
    size_t n = strlen(s);

    if (__stdio_write(stdout, (const unsigned char *)s, n) != n)
        return EOF;
    if (fputc('\n', stdout) == EOF)
        return EOF;
    return n + 1 > INT_MAX ? INT_MAX : (int)(n + 1);
}
