/* The printf family: front doors to the engine in vfprintf.c.
 * sprintf and snprintf format into a FILE whose buffer is the caller's array. */
#include <stdarg.h>
#include <stdio.h>
#include "../internal/stdio_impl.h"

int printf(const char *fmt, ...)
{
    va_list ap;
    int r;

    va_start(ap, fmt);
    r = vfprintf(stdout, fmt, ap);
    va_end(ap);
    return r;
}

int fprintf(FILE *f, const char *fmt, ...)
{
    va_list ap;
    int r;

    va_start(ap, fmt);
    r = vfprintf(f, fmt, ap);
    va_end(ap);
    return r;
}

int vprintf(const char *fmt, va_list ap)
{
    return vfprintf(stdout, fmt, ap);
}

/* At most n-1 characters go into s, then a terminating 0; the return value is the
 * length the whole output would have had, so a caller can see it was cut short.
 * With n == 0 nothing is written and s may be NULL. */
int vsnprintf(char *s, size_t n, const char *fmt, va_list ap)
{
    FILE f;
    unsigned char nowhere;
    int r;

    f.fd = -1;
    f.flags = __F_STR;
    f.mode = _IOFBF;
    f.buf = n > 0 ? (unsigned char *)s : &nowhere;
    f.size = n > 0 ? n - 1 : 0;
    f.wlen = 0;
    f.rpos = 0;
    f.rend = 0;
    f.next = NULL;
    r = vfprintf(&f, fmt, ap);
    if (n > 0)
        s[f.wlen] = 0;
    return r;
}

/* sprintf trusts the caller that s is big enough: no limit at all. */
int vsprintf(char *s, const char *fmt, va_list ap)
{
    return vsnprintf(s, (size_t)-1, fmt, ap);
}

int snprintf(char *s, size_t n, const char *fmt, ...)
{
    va_list ap;
    int r;

    va_start(ap, fmt);
    r = vsnprintf(s, n, fmt, ap);
    va_end(ap);
    return r;
}

int sprintf(char *s, const char *fmt, ...)
{
    va_list ap;
    int r;

    va_start(ap, fmt);
    r = vsnprintf(s, (size_t)-1, fmt, ap);
    va_end(ap);
    return r;
}
