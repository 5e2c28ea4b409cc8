#include <stdlib.h>

/* Binary search in an array sorted by compar: halve the range [lo, hi) until the key
 * is found or the range is empty. */
void *bsearch(const void *key, const void *base, size_t nmemb, size_t size,
              int (*compar)(const void *, const void *))
{
    size_t lo = 0;
    size_t hi = nmemb;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const char *elem = (const char *)base + mid * size;
        int c = compar(key, elem);
        if (c == 0)
            return (void *)elem;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}
