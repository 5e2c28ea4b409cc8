/* Big unsigned integers: see bigint.h for why they exist.
 *
 * The arithmetic is the schoolbook kind, one 32-bit word at a time, with the carry (or
 * the remainder) travelling in a 64-bit variable. */
#include <stdint.h>
#include "bigint.h"

/* Drop zero words from the top, so that n says how big the number really is. */
static void trim(struct big *b)
{
    while (b->n > 0 && b->w[b->n - 1] == 0)
        b->n--;
}

void __big_set(struct big *b, uint64_t v)
{
    b->w[0] = (uint32_t)v;
    b->w[1] = (uint32_t)(v >> 32);
    b->n = 2;
    trim(b);
}

void __big_set128(struct big *b, uint64_t hi, uint64_t lo)
{
    b->w[0] = (uint32_t)lo;
    b->w[1] = (uint32_t)(lo >> 32);
    b->w[2] = (uint32_t)hi;
    b->w[3] = (uint32_t)(hi >> 32);
    b->n = 4;
    trim(b);
}

void __big_mul_small(struct big *b, uint32_t m)
{
    uint64_t carry = 0;
    int i;

    for (i = 0; i < b->n; i++) {
        uint64_t t = (uint64_t)b->w[i] * m + carry;
        b->w[i] = (uint32_t)t;
        carry = t >> 32;
    }
    if (carry != 0 && b->n < BIG_WORDS)
        b->w[b->n++] = (uint32_t)carry;
}

void __big_add_small(struct big *b, uint32_t a)
{
    uint64_t carry = a;
    int i;

    for (i = 0; i < b->n && carry != 0; i++) {
        uint64_t t = (uint64_t)b->w[i] + carry;
        b->w[i] = (uint32_t)t;
        carry = t >> 32;
    }
    if (carry != 0 && b->n < BIG_WORDS)
        b->w[b->n++] = (uint32_t)carry;
}

/* 5^13 is the largest power of five that fits in 32 bits: take them 13 at a time. */
void __big_mul_pow5(struct big *b, int k)
{
    static const uint32_t pow5[14] = {
        1, 5, 25, 125, 625, 3125, 15625, 78125, 390625, 1953125, 9765625,
        48828125, 244140625, 1220703125
    };

    while (k >= 13) {
        __big_mul_small(b, pow5[13]);
        k -= 13;
    }
    if (k > 0)
        __big_mul_small(b, pow5[k]);
}

/* 10^k = 5^k * 2^k: the twos are a shift. */
void __big_mul_pow10(struct big *b, int k)
{
    __big_mul_pow5(b, k);
    __big_shl(b, k);
}

void __big_shl(struct big *b, int bits)
{
    int words = bits / 32;
    int s = bits % 32;
    int i;

    if (b->n == 0)
        return;
    if (b->n + words + 1 > BIG_WORDS)
        words = BIG_WORDS - b->n - 1;   /* cannot happen with the sizes the callers use */
    /* Move whole words first (from the top down, so nothing is overwritten early)... */
    for (i = b->n - 1; i >= 0; i--)
        b->w[i + words] = b->w[i];
    for (i = 0; i < words; i++)
        b->w[i] = 0;
    b->n += words;
    /* ... then the bits within a word, carrying the top bits into a new word. */
    if (s != 0) {
        b->w[b->n] = 0;
        for (i = b->n; i > words; i--)
            b->w[i] = (b->w[i] << s) | (b->w[i - 1] >> (32 - s));
        b->w[words] <<= s;
        b->n++;
        trim(b);
    }
}

/* Long division by one word, from the top down, as on paper. */
uint32_t __big_div_small(struct big *b, uint32_t d)
{
    uint64_t rem = 0;
    int i;

    for (i = b->n - 1; i >= 0; i--) {
        uint64_t cur = (rem << 32) | b->w[i];
        b->w[i] = (uint32_t)(cur / d);
        rem = cur % d;
    }
    trim(b);
    return (uint32_t)rem;
}

/* floor(floor(x / a) / b) is floor(x / ab), and x / ab is exact only if every step
 * left no remainder: so divide by 5^13 (the largest power of five in a word) at a time. */
int __big_div_pow5(struct big *b, int k)
{
    int inexact = 0;

    while (k > 0) {
        uint32_t d = 1;
        int i;
        for (i = 0; i < 13 && i < k; i++)
            d *= 5;
        if (__big_div_small(b, d) != 0)
            inexact = 1;
        k -= i;
    }
    return inexact;
}

int __big_shr(struct big *b, int bits)
{
    int words = bits / 32;
    int s = bits % 32;
    int inexact;
    int i;

    if (words >= b->n) {
        inexact = b->n > 0;
        b->n = 0;
        return inexact;
    }
    inexact = __big_any_below(b, bits);
    for (i = 0; i + words < b->n; i++)
        b->w[i] = b->w[i + words];
    b->n -= words;
    if (s != 0) {
        for (i = 0; i < b->n - 1; i++)
            b->w[i] = (b->w[i] >> s) | (b->w[i + 1] << (32 - s));
        b->w[b->n - 1] >>= s;
    }
    trim(b);
    return inexact;
}

int __big_bits(const struct big *b)
{
    uint32_t top;
    int bits;

    if (b->n == 0)
        return 0;
    top = b->w[b->n - 1];
    bits = (b->n - 1) * 32;
    while (top != 0) {
        bits++;
        top >>= 1;
    }
    return bits;
}

int __big_bit(const struct big *b, int i)
{
    if (i < 0 || i / 32 >= b->n)
        return 0;
    return (int)((b->w[i / 32] >> (i % 32)) & 1);
}

int __big_any_below(const struct big *b, int i)
{
    int k;

    for (k = 0; k < i / 32 && k < b->n; k++) {
        if (b->w[k] != 0)
            return 1;
    }
    if (i % 32 != 0 && i / 32 < b->n)
        return (b->w[i / 32] & ((1u << (i % 32)) - 1)) != 0;
    return 0;
}

uint64_t __big_extract(const struct big *b, int lo, int count)
{
    uint64_t v = 0;
    int i;

    for (i = count - 1; i >= 0; i--)
        v = (v << 1) | (uint64_t)__big_bit(b, lo + i);
    return v;
}
