/* Collation in the C locale, the only locale here: strings order by their bytes, as
 * unsigned char, so strcoll is strcmp and strxfrm's transformed string is the string. */
#include <string.h>

int strcoll(const char *a, const char *b)
{
    return strcmp(a, b);
}

/* The transformed string is src itself: copied, null included, when it fits in n
 * bytes; otherwise C leaves dst's contents open, and like glibc we fill it with the first
 * n bytes. The length is returned either way, so a caller whose array was too small
 * learns how much it needs (the length plus one). */
size_t strxfrm(char *dst, const char *src, size_t n)
{
    size_t len = strlen(src);

    if (n != 0)
        memcpy(dst, src, len < n ? len + 1 : n);
    return len;
}
