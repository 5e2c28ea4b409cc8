#include <string.h>

/* Appends at most n characters, and always a terminating 0 (unlike strncpy). */
char *strncat(char *dst, const char *src, size_t n)
{
    char *d = dst + strlen(dst);

    while (n > 0 && *src) {
        *d++ = *src++;
        n--;
    }
    *d = 0;
    return dst;
}
