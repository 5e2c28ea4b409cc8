#include <stdint.h>
#include <string.h>

typedef uint64_t word_t;      /* see memcpy.c */

/* Byte by byte to an 8-byte boundary, then the byte repeated in whole words. */
void *memset(void *s, int c, size_t n)
{
    unsigned char *p = s;
    word_t pattern = (unsigned char)c * (word_t)0x0101010101010101ULL;

    if (n >= 16) {
        while ((uintptr_t)p & 7) {
            *p++ = (unsigned char)c;
            n--;
        }
        for (; n >= 8; n -= 8, p += 8)
            *(word_t *)p = pattern;
    }
    while (n-- > 0)
        *p++ = (unsigned char)c;
    return s;
}
