/* The exact decimal value of a double or long double, for printf's %f %e %g.
 *
 * Printing with float arithmetic (multiply by ten, take the integer part, repeat) loses
 * a little at every step, and the digits drift from the true value. But every binary
 * floating-point number is exactly an integer times a power of two, m * 2^e, and so has
 * an exact, finite decimal expansion; this file computes it with big integers
 * (internal/bigint.c):
 *
 *   e >= 0:  the value is the integer m * 2^e: print that integer;
 *   e <  0:  m * 2^e = m * 5^-e / 10^-e: print the integer m * 5^-e and move the
 *            decimal point -e places to the left.
 *
 * Rounding to the precision asked for is then done on the decimal digits, where an
 * exact tie ("...5" with nothing after it) can be seen for what it is.
 *
 * Only as many digits as the conversion shows are computed, and whether anything
 * follows them: x * 10^t, for the t that makes them the integer part, with the
 * remainder of the division (if t makes it one) standing for the rest.
 *
 * The formats differ only in how m and e are stored: a double has 52 fraction bits
 * and a hidden leading 1; long double is the x87's 80-bit extended format on x86-64
 * (64 bits with the leading 1 written out) and IEEE binary128 on AArch64 (112 bits and
 * a hidden 1). Taking them apart is all that is type-specific here, along with how %a
 * shows them, which glibc does differently per format.
 */
#include <stdint.h>
#include <string.h>
#include "../internal/bigint.h"
#include "../internal/fltfmt.h"

void __flt_from_double(struct __flt *v, double x)
{
    uint64_t bits;
    int biased;
    uint64_t frac;

    /* sign (1 bit), biased exponent (11), fraction (52) */
    memcpy(&bits, &x, sizeof bits);
    biased = (int)((bits >> 52) & 0x7ff);
    frac = bits & 0xfffffffffffffULL;
    v->neg = (int)(bits >> 63);
    v->mhi = 0;
    v->fhi = 0;
    v->flo = frac;
    v->fbits = 52;
    if (biased == 0x7ff) {
        v->cls = frac != 0 ? FLT_NAN : FLT_INF;
        return;
    }
    v->cls = FLT_FINITE;
    if (biased == 0) {
        /* zero or subnormal: no hidden 1, the smallest normal's scale; %a shows 0x0.f */
        v->mlo = frac;
        v->e = -1074;
        v->lead = 0;
        v->hexp = frac != 0 ? -1022 : 0;
    } else {
        v->mlo = frac | (1ULL << 52);
        v->e = biased - 1075;
        v->lead = 1;
        v->hexp = biased - 1023;
    }
}

/* x87 extended: 64 bits of significand with its leading bit written out, then 15 bits
 * of exponent and the sign in the next 16 bits; the 6 bytes above them are padding.
 * glibc's %La shows the 64 bits as 16 hex digits, the first before the point:
 * 1.0L is 0x8p-3. */
static void from_x87(struct __flt *v, uint64_t lo, uint64_t hi)
{
    int biased = (int)(hi & 0x7fff);

    v->neg = (int)((hi >> 15) & 1);
    v->mhi = 0;
    v->mlo = lo;
    v->lead = (int)(lo >> 60);
    v->fhi = 0;
    v->flo = lo & 0x0fffffffffffffffULL;
    v->fbits = 60;
    if (biased == 0x7fff) {
        /* Infinity is the leading bit alone; all else, even without the leading bit
         * (the 8087's "pseudo" encodings, which today's FPU refuses), is NaN. */
        v->cls = lo == 0x8000000000000000ULL ? FLT_INF : FLT_NAN;
        return;
    }
    if (biased != 0 && (lo >> 63) == 0) {
        v->cls = FLT_NAN;           /* an "unnormal": invalid too, and glibc says nan */
        return;
    }
    v->cls = FLT_FINITE;
    /* Exponent 0 (denormals) has the scale of exponent 1. With the leading bit set
     * anyway (a "pseudo-denormal"), glibc's decimal conversions drop that bit, unless
     * nothing would be left; its %La shows the bits as they are. */
    if (biased == 0 && (lo << 1) != 0)
        v->mlo = lo & 0x7fffffffffffffffULL;
    v->e = (biased != 0 ? biased : 1) - 16383 - 63;
    v->hexp = lo == 0 ? 0 : (biased != 0 ? biased : 1) - 16383 - 3;
}

/* binary128: sign, 15 bits of exponent, 112 of fraction, a hidden 1; %La is 0x1.f. */
static void from_f128(struct __flt *v, uint64_t lo, uint64_t hi)
{
    int biased = (int)((hi >> 48) & 0x7fff);
    uint64_t fh = hi & 0xffffffffffffULL;

    v->neg = (int)(hi >> 63);
    v->fhi = fh;
    v->flo = lo;
    v->fbits = 112;
    if (biased == 0x7fff) {
        v->cls = (fh | lo) != 0 ? FLT_NAN : FLT_INF;
        return;
    }
    v->cls = FLT_FINITE;
    v->mlo = lo;
    if (biased == 0) {
        v->mhi = fh;
        v->e = 1 - 16383 - 112;
        v->lead = 0;
        v->hexp = (fh | lo) != 0 ? 1 - 16383 : 0;
    } else {
        v->mhi = fh | (1ULL << 48);
        v->e = biased - 16383 - 112;
        v->lead = 1;
        v->hexp = biased - 16383;
    }
}

void __flt_from_ldbl(struct __flt *v, uint64_t lo, uint64_t hi)
{
#ifdef __aarch64__
    from_f128(v, lo, hi);
#else
    from_x87(v, lo, hi);
#endif
}

/* A lower bound for floor(log10(2^l)), within 2 of it, for |l| < 2^15: 78913 / 2^18 is
 * log10(2) to six digits. */
static int log10_pow2(int l)
{
    if (l >= 0)
        return (int)(((long)l * 78913) >> 18) - 1;
    return -(int)((((long)-l * 78913) + (1L << 18) - 1) >> 18) - 1;
}

int __flt_digits(const struct __flt *v, int sig, int pos, char *digits, int *point)
{
    struct big b;
    char chunk[9];
    int n = 0;
    int t;
    int exact_t;
    int inexact = 0;
    int i;

    __big_set128(&b, v->mhi, v->mlo);

    /* Scale by 10^t so that the digits wanted are the integer part: sig digits need
     * t = sig - floor(log10 |x|) (this gives one or two more); the 10^pos place needs
     * t = -pos. There is no point going past the last digit of the exact expansion
     * (x * 10^-e is an integer when e < 0). */
    exact_t = v->e < 0 ? -v->e : 0;
    t = exact_t;
    if (sig < 2 * FLT_DIGITS_MAX && sig - log10_pow2(__big_bits(&b) - 1 + v->e) < t)
        t = sig - log10_pow2(__big_bits(&b) - 1 + v->e);
    if (pos > -2 * FLT_DIGITS_MAX && -pos < t)
        t = -pos;

    /* x * 10^t = m * 2^e * 5^t * 2^t; a division leaves "inexact" behind. */
    if (t >= 0) {
        __big_mul_pow5(&b, t);
        if (t + v->e >= 0)
            __big_shl(&b, t + v->e);
        else
            inexact = __big_shr(&b, -(t + v->e));
    } else if (v->e + t >= 0) {
        __big_shl(&b, v->e + t);
        inexact = __big_div_pow5(&b, -t);
    } else {
        inexact = __big_div_pow5(&b, -t);
        inexact |= __big_shr(&b, -(v->e + t));
    }

    /* Peel off nine digits at a time from the bottom; they come out in reverse. */
    while (b.n > 0) {
        uint32_t r = __big_div_small(&b, 1000000000u);
        for (i = 8; i >= 0; i--) {
            chunk[i] = (char)('0' + r % 10);
            r /= 10;
        }
        for (i = 8; i >= 0; i--)
            digits[n++] = chunk[i];
    }
    /* Now digits[] holds them lowest first, padded with zeros to a multiple of nine:
     * reverse, drop the leading zeros of the top chunk. */
    for (i = 0; i < n / 2; i++) {
        char c = digits[i];
        digits[i] = digits[n - 1 - i];
        digits[n - 1 - i] = c;
    }
    i = 0;
    while (i < n && digits[i] == '0')
        i++;
    memmove(digits, digits + i, (size_t)(n - i));
    n -= i;
    /* The integer had n digits; 10^t moved the point t places right. */
    *point = n - t;
    if (inexact) {
        /* Something below the last digit: one more digit, a 1, stands for it (and so
         * the zeros before it are digits that count). */
        digits[n++] = '1';
        return n;
    }
    while (n > 0 && digits[n - 1] == '0')
        n--;
    return n;
}

int __flt_round(char *digits, int n, int keep, int *point)
{
    int up;
    int i;

    if (keep >= n)
        return n;               /* nothing to cut */
    if (keep < 0)
        return 0;               /* below half of the last place: rounds to zero */

    /* Look at what is cut off: more than half, exactly half, or less. */
    if (digits[keep] > '5') {
        up = 1;
    } else if (digits[keep] < '5') {
        up = 0;
    } else {
        /* 5 followed by anything non-zero is more than half (there are no trailing
         * zeros, so "anything" means "any digit at all"); a lone 5 is a tie, which
         * goes to the even neighbour. With keep == 0 that neighbour is 0, even. */
        if (keep + 1 < n)
            up = 1;
        else
            up = keep > 0 && (digits[keep - 1] - '0') % 2 == 1;
    }

    n = keep;
    if (up) {
        /* Add one in the last kept place; 9s become 0s and carry. */
        i = n - 1;
        while (i >= 0 && digits[i] == '9')
            i--;
        if (i < 0) {
            digits[0] = '1';    /* all nines (or nothing kept): the value is 10^point */
            *point += 1;
            return 1;
        }
        digits[i]++;
        n = i + 1;              /* the 9s that turned to 0 are trailing zeros now */
    }
    while (n > 0 && digits[n - 1] == '0')
        n--;
    return n;
}
