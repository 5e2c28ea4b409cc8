#include <string.h>

/* When the destination starts inside the source, copying front to back would overwrite
 * bytes before they are read: copy back to front instead. */
void *memmove(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;

    if (d < s || d >= s + n) {
        while (n-- > 0)
            *d++ = *s++;
    } else {
        while (n > 0) {
            n--;
            d[n] = s[n];
        }
    }
    return dst;
}
