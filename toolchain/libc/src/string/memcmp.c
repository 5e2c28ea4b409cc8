#include <string.h>

/* Bytes compare as unsigned char: 0x80 is greater than 0x7f. */
int memcmp(const void *a, const void *b, size_t n)
{
    const unsigned char *p = a;
    const unsigned char *q = b;

    for (; n > 0; n--, p++, q++) {
        if (*p != *q)
            return *p - *q;
    }
    return 0;
}
