/* Reducing a huge argument by pi/2, exactly enough (the Payne-Hanek method).
 *
 * sin(x) needs r = x - k pi/2 with |r| <= pi/4. For x up to 2^1024 the usual way,
 * subtracting k times a few doubles that add up to pi/2, would need pi/2 to about
 * 1100 bits, and k itself does not fit in any integer type. The trick: what matters
 * is x * 2/pi modulo 4 (its integer part mod 4 is k mod 4, its fraction times pi/2 is
 * r), and x = m * 2^e is an integer m of 53 bits times a power of two. In
 *
 *     x * 2/pi = m * 2^e * (b1 2^-1 + b2 2^-2 + b3 2^-3 + ...)     (the bits of 2/pi)
 *
 * every term with e - i >= 2 is m times a multiple of 4, so it changes nothing mod 4:
 * only the bits of 2/pi from about position e on count. A window of 256 of them is
 * enough: m times the window is exact integer arithmetic (here in 32-bit pieces,
 * since C has no wider integer than 64 bits), and the bits left out beyond the window
 * (from position e + 223 on at the earliest) move the product by less than
 * 2^53 * 2^-223 = 2^-170, while the fraction of x * 2/pi is never smaller than about
 * 2^-62 for any double x (the closest a double comes to a multiple of pi/2). So the
 * fraction comes out with more than 106 correct bits, which the double-double keeps.
 */
#include <stdint.h>
#include "dd.h"
#include "fpbits.h"
#include "rem_pio2.h"

/* The first 1280 bits of 2/pi after the binary point, 32 at a time, most significant
 * first: 2/pi = 0.a2f9836e 4e441529 fc2757d1 ... in hexadecimal. A double's exponent
 * needs at most word 37. */
static const uint32_t TWO_OVER_PI[40] = {
    0xa2f9836e, 0x4e441529, 0xfc2757d1, 0xf534ddc0, 0xdb629599, 0x3c439041,
    0xfe5163ab, 0xdebbc561, 0xb7246e3a, 0x424dd2e0, 0x06492eea, 0x09d1921c,
    0xfe1deb1c, 0xb129a73e, 0xe88235f5, 0x2ebb4484, 0xe99c7026, 0xb45f7e41,
    0x3991d639, 0x835339f4, 0x9c845f8b, 0xbdf9283b, 0x1ff897ff, 0xde05980f,
    0xef2f118b, 0x5a0a6d1f, 0x6d367ecf, 0x27cb09b7, 0x4f463f66, 0x9e5fea2d,
    0x7527bac7, 0xebe5f17b, 0x3d0739f7, 0x8a5292ea, 0x6bfb5fb1, 0x1f8d5d08,
    0x56033046, 0xfc7b6bab, 0xf0cfbc20, 0x9af4361d,
};

#define WINDOW  8                   /* words of 2/pi used: 256 bits */
#define PLIMBS  (WINDOW + 2)        /* the product with m, which has two words */

static const double PIO2_HI = 1.5707963267948966;       /* pi/2 = PIO2_HI + PIO2_LO */
static const double PIO2_LO = 6.123233995736766e-17;

/* The 64 bits of the little-endian number p (PLIMBS words) that start at bit pos. */
static uint64_t bits_at(const uint32_t *p, int pos)
{
    int w = pos / 32, sh = pos % 32;
    uint64_t lo = p[w];
    uint64_t mid = w + 1 < PLIMBS ? p[w + 1] : 0;
    uint64_t hi = w + 2 < PLIMBS ? p[w + 2] : 0;
    uint64_t v = (lo | mid << 32) >> sh;

    if (sh != 0)
        v |= hi << (64 - sh);
    return v;
}

/* How many 0 bits lead a word that is not zero, by halving. */
static int leading_zeros(uint64_t w)
{
    int n = 0;

    if ((w >> 32) == 0) { w <<= 32; n += 32; }
    if ((w >> 48) == 0) { w <<= 16; n += 16; }
    if ((w >> 56) == 0) { w <<= 8; n += 8; }
    if ((w >> 60) == 0) { w <<= 4; n += 4; }
    if ((w >> 62) == 0) { w <<= 2; n += 2; }
    if ((w >> 63) == 0)
        n += 1;
    return n;
}

int __rem_pio2_large(double x, double *hi, double *lo)
{
    uint64_t b = bits_of(x);
    uint64_t m = (b & FRAC_MASK) | ((uint64_t)1 << 52);    /* |x| = m * 2^e */
    int e = exponent_field(x) - 1075;
    int first = e >= 2 ? (e - 2) / 32 : 0;      /* the window's first word */
    int s = 32 * (first + WINDOW) - e;          /* x * 2/pi = product * 2^-s */
    uint32_t win[WINDOW];
    uint32_t p[PLIMBS];
    uint32_t mw[2];
    uint64_t f1, f2, f3;
    int i, j, k, lz, shift, negative = 0;
    double a, c;
    struct dd r;

    /* The window as a little-endian number: its last word is the least significant. */
    for (i = 0; i < WINDOW; i++)
        win[i] = TWO_OVER_PI[first + WINDOW - 1 - i];
    mw[0] = (uint32_t)m;
    mw[1] = (uint32_t)(m >> 32);

    /* p = m * window, schoolbook: each 32x32-bit product plus what is there plus
     * the carry still fits in 64 bits. */
    for (i = 0; i < PLIMBS; i++)
        p[i] = 0;
    for (j = 0; j < 2; j++) {
        uint64_t carry = 0;
        for (i = 0; i < WINDOW; i++) {
            uint64_t t = (uint64_t)mw[j] * win[i] + p[i + j] + carry;
            p[i + j] = (uint32_t)t;
            carry = t >> 32;
        }
        p[WINDOW + j] = (uint32_t)carry;
    }

    /* Bits s and s+1 are the integer part mod 4; the 192 bits below, the fraction. */
    k = (int)(bits_at(p, s) & 3);
    f1 = bits_at(p, s - 64);
    f2 = bits_at(p, s - 128);
    f3 = bits_at(p, s - 192);

    /* A fraction of a half or more is nearer the next multiple: take k + 1 and the
     * fraction minus one, a negative number (two's complement negation of 192 bits). */
    if (f1 >> 63) {
        k++;
        negative = 1;
        f3 = ~f3 + 1;
        f2 = ~f2 + (f3 == 0);
        f1 = ~f1 + (f3 == 0 && f2 == 0);
    }

    /* Move the first 1 bit to the top; shift counts how far the value was moved up. */
    shift = 0;
    while (f1 == 0 && shift < 128) {
        f1 = f2;
        f2 = f3;
        f3 = 0;
        shift += 64;
    }
    if (f1 == 0) {                  /* cannot happen for a double; said for safety */
        *hi = *lo = 0.0;
        return k & 3;
    }
    lz = leading_zeros(f1);
    if (lz != 0) {
        f1 = f1 << lz | f2 >> (64 - lz);
        f2 = f2 << lz | f3 >> (64 - lz);
        shift += lz;
    }

    /* The fraction as a double-double: its first 53 bits, then the next 53, each
     * scaled by a power of two (shift is at most about 130: no underflow). */
    a = (double)(int64_t)(f1 >> 11) * from_bits((uint64_t)(1023 - 53 - shift) << 52);
    c = (double)(int64_t)(((f1 & 0x7ff) << 42) | (f2 >> 22)) * from_bits((uint64_t)(1023 - 106 - shift) << 52);

    /* r = fraction * pi/2, to 106 bits. */
    r = two_prod(a, PIO2_HI);
    r.lo += a * PIO2_LO + c * PIO2_HI;
    r = two_sum(r.hi, r.lo);
    if (negative != (x < 0)) {
        r.hi = -r.hi;
        r.lo = -r.lo;
    }
    if (x < 0)
        k = -k;
    *hi = r.hi;
    *lo = r.lo;
    return k & 3;
}
