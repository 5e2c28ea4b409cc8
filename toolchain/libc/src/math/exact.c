/* The math functions whose result is always exact, or correctly rounded: computed on
 * the bits, or with operations that cannot round, so they agree with glibc bit for bit.
 *
 * fabs copysign, floor ceil trunc round rint nearbyint (and lround lrint...), fmod
 * remainder, fmin fmax fdim, ldexp scalbn frexp modf ilogb logb nextafter nan, sqrt,
 * and the classification helpers behind isnan() and friends. */
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include "dd.h"
#include "fpbits.h"

int __fpclassify(double x)
{
    uint64_t b = bits_of(x);
    int e = (int)((b >> 52) & 0x7ff);

    if (e == 0x7ff)
        return (b & FRAC_MASK) ? FP_NAN : FP_INFINITE;
    if (e == 0)
        return (b & FRAC_MASK) ? FP_SUBNORMAL : FP_ZERO;
    return FP_NORMAL;
}

int __signbit(double x)
{
    return (int)(bits_of(x) >> 63);
}

double fabs(double x)
{
    return from_bits(bits_of(x) & ~SIGN_BIT);
}

double copysign(double x, double y)
{
    return from_bits((bits_of(x) & ~SIGN_BIT) | (bits_of(y) & SIGN_BIT));
}

/* Towards zero: clear the fraction bits that lie below the binary point. */
double trunc(double x)
{
    uint64_t b = bits_of(x);
    int e = exponent_field(x) - 1023;   /* the value is 1.f * 2^e */

    if (e >= 52)
        return x;                       /* already an integer (or inf, NaN) */
    if (e < 0)
        return from_bits(b & SIGN_BIT); /* |x| < 1: a zero of x's sign */
    return from_bits(b & ~(FRAC_MASK >> e));
}

double floor(double x)
{
    double t = trunc(x);
    return (x < 0 && t != x) ? t - 1.0 : t;
}

double ceil(double x)
{
    double t = trunc(x);
    if (x > 0 && t != x)
        return t + 1.0;
    return t;
}

/* Half way rounds away from zero. x - trunc(x) is exact, so the comparison is too. */
double round(double x)
{
    double t = trunc(x);

    if (fabs(x - t) >= 0.5)
        return t + copysign(1.0, x);
    return t;
}

/* In the current rounding mode, which is to nearest, ties to even: adding and then
 * subtracting 2^52 leaves no room for a fraction, so the hardware's rounding does it. */
double rint(double x)
{
    double two52 = 4503599627370496.0;
    double r;

    if (exponent_field(x) >= 1023 + 52)
        return x;
    r = fabs(x) + two52;
    r = r - two52;
    return copysign(r, x);              /* rint(-0.3) is -0.0 */
}

double nearbyint(double x)
{
    return rint(x);
}

long lround(double x)
{
    return (long)round(x);
}

long long llround(double x)
{
    return (long long)round(x);
}

long lrint(double x)
{
    return (long)rint(x);
}

long long llrint(double x)
{
    return (long long)rint(x);
}

/* Split a finite non-zero |x| into an integer mantissa with its top bit at 2^52 and an
 * exponent: |x| = m * 2^e. */
static uint64_t unpack(double x, int *e)
{
    uint64_t b = bits_of(x);
    int ef = (int)((b >> 52) & 0x7ff);
    uint64_t m = b & FRAC_MASK;

    if (ef == 0) {
        *e = -1074;
        while (!(m >> 52)) {            /* subnormal: normalize */
            m <<= 1;
            (*e)--;
        }
        return m;
    }
    *e = ef - 1075;
    return m | (1ULL << 52);
}

/* m * 2^e, exactly representable (the callers guarantee it), with a sign. */
static double pack(uint64_t m, int e, int negative)
{
    double r;

    if (m == 0)
        return negative ? -0.0 : 0.0;
    while (m >= (1ULL << 53)) {         /* 1.11..1 rounded up to 10.00..0 */
        m >>= 1;
        e++;
    }
    while (m < (1ULL << 52)) {
        m <<= 1;
        e--;
    }
    /* The biased exponent of m * 2^e is e + 1075; below 1 the number is subnormal,
     * its fraction shifted right (only zeros fall off, the result being exact). */
    if (e + 1075 <= 0)
        r = from_bits(m >> (-1074 - e));
    else
        r = from_bits(((uint64_t)(e + 1075) << 52) | (m & FRAC_MASK));
    return negative ? -r : r;
}

/* x - n*y with n = trunc(x/y), exactly: long division in binary, one bit at a time,
 * as on paper. The remainder never needs more bits than y has. */
double fmod(double x, double y)
{
    uint64_t mx, my;
    int ex, ey;

    if (isnan(x) || isnan(y) || isinf(x) || y == 0)
        return (x * y) / (x * y);       /* NaN */
    if (isinf(y) || x == 0 || fabs(x) < fabs(y))
        return x;
    mx = unpack(x, &ex);
    my = unpack(y, &ey);
    while (ex > ey) {
        if (mx >= my)
            mx -= my;
        mx <<= 1;
        ex--;
    }
    if (mx >= my)
        mx -= my;
    return pack(mx, ey, signbit(x));
}

/* x - n*y with n the integer nearest x/y (ties to even). */
double remainder(double x, double y)
{
    double ax, ay, r;
    int odd = 0;

    if (isnan(x) || isnan(y) || isinf(x) || y == 0)
        return (x * y) / (x * y);
    if (isinf(y))
        return x;
    ax = fabs(x);
    ay = fabs(y);
    /* First the remainder by 2y, which tells the parity of n; then one more y. */
    r = ay <= 8.9884656743115795e307 ? fmod(ax, ay + ay) : ax;
    if (r >= ay) {
        r -= ay;
        odd = 1;
    }
    if (r > ay - r || (r == ay - r && odd))
        r -= ay;
    if (r == 0)
        return copysign(0.0, x);
    return signbit(x) ? -r : r;
}

/* A NaN argument is ignored: the other one is the answer. */
double fmin(double x, double y)
{
    if (isnan(x))
        return y;
    if (isnan(y))
        return x;
    if (x == y)                         /* -0 is the smaller zero */
        return signbit(x) ? x : y;
    return x < y ? x : y;
}

double fmax(double x, double y)
{
    if (isnan(x))
        return y;
    if (isnan(y))
        return x;
    if (x == y)
        return signbit(x) ? y : x;
    return x > y ? x : y;
}

double fdim(double x, double y)
{
    if (isnan(x) || isnan(y))
        return x + y;
    return x > y ? x - y : 0.0;
}

/* x * 2^n with one rounding at most: big steps while the result stays normal, then
 * one last multiplication by an exact power of two. */
double scalbn(double x, int n)
{
    double two1023 = from_bits(0x7fe0000000000000ULL);
    double two_m969 = from_bits((uint64_t)(1023 - 969) << 52);     /* 2^-969 */

    if (n > 1023) {
        x *= two1023;
        n -= 1023;
        if (n > 1023) {
            x *= two1023;
            n -= 1023;
            if (n > 1023)
                n = 1023;
        }
    } else if (n < -1022) {
        /* 2^-969 = 2^-1022 * 2^53: the result stays normal as long as it can, so
         * only the final product rounds to a subnormal. */
        x *= two_m969;
        n += 969;
        if (n < -1022) {
            x *= two_m969;
            n += 969;
            if (n < -1022)
                n = -1022;
        }
    }
    return x * from_bits((uint64_t)(n + 1023) << 52);
}

double scalbln(double x, long n)
{
    if (n > INT_MAX)
        n = INT_MAX;
    if (n < INT_MIN)
        n = INT_MIN;
    return scalbn(x, (int)n);
}

double ldexp(double x, int n)
{
    return scalbn(x, n);
}

/* x = f * 2^e with 0.5 <= |f| < 1. */
double frexp(double x, int *e)
{
    uint64_t b = bits_of(x);
    int ef = exponent_field(x);

    *e = 0;
    if (x == 0 || ef == 0x7ff)
        return x;
    if (ef == 0) {
        /* Subnormal: scale into the normal range first. */
        x *= 18014398509481984.0;      /* 2^54 */
        b = bits_of(x);
        ef = exponent_field(x);
        *e = -54;
    }
    *e += ef - 1022;
    return from_bits((b & ~(0x7ffULL << 52)) | (1022ULL << 52));
}

double modf(double x, double *ip)
{
    double t = trunc(x);

    *ip = t;
    if (isinf(x))
        return copysign(0.0, x);
    if (isnan(x))
        return x;
    return copysign(x - t, x);
}

int ilogb(double x)
{
    int e;

    if (x == 0)
        return FP_ILOGB0;
    if (isnan(x))
        return FP_ILOGBNAN;
    if (isinf(x))
        return INT_MAX;
    unpack(x, &e);
    return e + 52;
}

double logb(double x)
{
    if (x == 0)
        return -1.0 / fabs(x);          /* -inf, and the divide-by-zero exception */
    if (isnan(x))
        return x;
    if (isinf(x))
        return fabs(x);
    return (double)ilogb(x);
}

double nextafter(double x, double y)
{
    uint64_t b;

    if (isnan(x) || isnan(y))
        return x + y;
    if (x == y)
        return y;
    if (x == 0)
        return copysign(from_bits(1), y);
    b = bits_of(x);
    /* Away from zero is one more in the bits; towards zero, one less. */
    if ((x < y) == (x > 0))
        b++;
    else
        b--;
    return from_bits(b);
}

double nan(const char *tag)
{
    char buf[80];
    size_t n = strlen(tag);

    if (n > sizeof buf - 6)
        n = sizeof buf - 6;
    memcpy(buf, "nan(", 4);
    memcpy(buf + 4, tag, n);
    buf[4 + n] = ')';
    buf[5 + n] = 0;
    return strtod(buf, NULL);
}

/* The square root, correctly rounded: the digit-by-digit method of school, in base 2,
 * on the integer mantissa. Each step decides one bit of the root; what is left over
 * (the remainder) says whether the bits not computed are zero. */
double sqrt(double x)
{
    uint64_t m, root = 0, rem = 0;
    int e, i;

    if (isnan(x) || x == 0 || (isinf(x) && x > 0))
        return x;
    if (x < 0)
        return (x - x) / (x - x);       /* NaN, and the invalid exception */
    m = unpack(x, &e);                  /* x = m * 2^e, m in [2^52, 2^53) */
    if (e & 1) {                        /* make e even, so sqrt(2^e) = 2^(e/2) */
        m <<= 1;
        e--;
    }
    /* sqrt(m * 2^56) has 55 bits: 53 to keep, one to round on, one more (with the
     * remainder) to tell "exactly half" from "more". m * 2^56 is taken two bits at a
     * time from the top: 27 pairs from m (as a 54-bit number), then 28 pairs of zeros. */
    for (i = 0; i < 55; i++) {
        uint64_t pair = i < 27 ? (m >> (52 - 2 * i)) & 3 : 0;
        uint64_t trial;
        rem = (rem << 2) | pair;
        trial = (root << 2) | 1;
        if (rem >= trial) {
            rem -= trial;
            root = (root << 1) | 1;
        } else {
            root <<= 1;
        }
    }
    /* root has 55 bits; drop two, to nearest, ties to even. */
    {
        uint64_t kept = root >> 2;
        int half = (int)((root >> 1) & 1);
        int rest = (root & 1) || rem != 0;
        if (half && (rest || (kept & 1)))
            kept++;
        return pack(kept, e / 2 - 28 + 2, 0);
    }
}

/* x * y + z with one rounding. The product is exact as a double-double (two_prod),
 * the sum with z too (two_sum); the last addition rounds. That is exact except when
 * the low parts themselves round right at a tie, a case this version does not chase. */
double fma(double x, double y, double z)
{
    struct dd p, s;

    if (!isfinite(x) || !isfinite(y) || !isfinite(z))
        return x * y + z;
    if (x == 0 || y == 0)
        return x * y + z;
    p = two_prod(x, y);
    if (z == 0)
        return p.hi;
    s = two_sum(p.hi, z);
    return s.hi + (s.lo + p.lo);
}
