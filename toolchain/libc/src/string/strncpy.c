#include <string.h>

/* Exactly n bytes are written: the string, then zeros. If src has n or more characters
 * the result is NOT terminated, the trap strncpy is known for. */
char *strncpy(char *dst, const char *src, size_t n)
{
    size_t i = 0;

    for (; i < n && src[i]; i++)
        dst[i] = src[i];
    for (; i < n; i++)
        dst[i] = 0;
    return dst;
}
