#include <string.h>

int strncmp(const char *a, const char *b, size_t n)
{
    const unsigned char *p = (const unsigned char *)a;
    const unsigned char *q = (const unsigned char *)b;

    if (n == 0)
        return 0;
    while (--n > 0 && *p && *p == *q) {
        p++;
        q++;
    }
    return *p - *q;
}
