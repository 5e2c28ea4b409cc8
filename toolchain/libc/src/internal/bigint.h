/* Big unsigned integers, for exact floating-point conversion.
 *
 * A double is m * 2^e with a 53-bit integer m. Printing it exactly in decimal, or
 * reading a decimal string back to the nearest double, needs integers far wider than
 * 64 bits: the smallest subnormal, 2^-1074, has 751 significant decimal digits (and
 * long double's, 2^-16445 on x86-64 and 2^-16494 on AArch64, over 11000). So the
 * conversions (stdio/fltfmt.c, stdlib/strtod.c) do their arithmetic on these: an array
 * of 32-bit words, least significant first, so that a word times a word fits in a
 * uint64_t and the carry is its top half. Only the operations those two files need are
 * here, each on one big number and one small (single word) operand: no big-by-big
 * multiplication or division is ever needed.
 */
#ifndef _INTERNAL_BIGINT_H
#define _INTERNAL_BIGINT_H

#include <stdint.h>

/* 1280 words = 40960 bits. The widest numbers: printing the smallest binary128
 * subnormal exactly, m * 5^16494 (38500 bits), and strtold's 11600 significant digits
 * (38600 bits) or a quotient by 5^16569 that must keep 113 bits (38800 bits). */
#define BIG_WORDS 1280

struct big {
    int n;                      /* words in use; w[n-1] != 0 unless n == 0 */
    uint32_t w[BIG_WORDS];
};

void __big_set(struct big *b, uint64_t v);
void __big_set128(struct big *b, uint64_t hi, uint64_t lo);   /* b = hi * 2^64 + lo */
void __big_mul_small(struct big *b, uint32_t m);
void __big_add_small(struct big *b, uint32_t a);
void __big_mul_pow5(struct big *b, int k);      /* b *= 5^k */
void __big_mul_pow10(struct big *b, int k);     /* b *= 10^k */
void __big_shl(struct big *b, int bits);        /* b *= 2^bits */
uint32_t __big_div_small(struct big *b, uint32_t d);   /* b /= d; returns the remainder */
int __big_div_pow5(struct big *b, int k);       /* b = floor(b / 5^k); 1 if inexact */
int __big_shr(struct big *b, int bits);         /* b = floor(b / 2^bits); 1 if inexact */
int __big_bits(const struct big *b);            /* the position of the top 1 bit, plus one */
int __big_bit(const struct big *b, int i);      /* bit i (0 = least significant) */
int __big_any_below(const struct big *b, int i);        /* is any of bits 0 .. i-1 set? */
uint64_t __big_extract(const struct big *b, int lo, int count);  /* bits lo .. lo+count-1 */

#endif
