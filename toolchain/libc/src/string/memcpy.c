#include <stdint.h>
#include <string.h>

/* Whole words through a uint64_t lvalue: this file only ever touches the memory through
 * it and through bytes, and is compiled on its own, so no alias analysis can see the
 * caller's types (glibc's string functions rely on the same separation). */
typedef uint64_t word_t;

/* The areas must not overlap; memmove is for when they might.
 * When both pointers share their alignment, the middle goes eight bytes at a time
 * (structure copies and realloc are mostly that); the ends go byte by byte. */
void *memcpy(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;

    if (n >= 16 && ((uintptr_t)d & 7) == ((uintptr_t)s & 7)) {
        while ((uintptr_t)d & 7) {
            *d++ = *s++;
            n--;
        }
        for (; n >= 8; n -= 8, d += 8, s += 8)
            *(word_t *)d = *(const word_t *)s;
    }
    while (n-- > 0)
        *d++ = *s++;
    return dst;
}
