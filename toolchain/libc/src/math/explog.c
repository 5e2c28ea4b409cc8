/* Exponentials and logarithms: exp exp2 expm1 log log2 log10 log1p pow, and cbrt hypot.
 *
 * Two kernels do the work, both in double-double (dd.h) so that the result rounds once:
 *
 *   exp_kernel: e^(r + c) for |r| <= ln2/2, by its Taylor series. Any x reduces to that:
 *               x = k*ln2 + r, and e^x = 2^k * e^r.
 *   log_kernel: ln x as hi + lo. x = 2^k * m with m in [sqrt(1/2), sqrt(2)), and
 *               ln m = 2 atanh(s) = 2(s + s^3/3 + s^5/5 + ...) with s = (m-1)/(m+1),
 *               a series in s^2 <= 0.03 that converges fast.
 * pow(x, y) is e^(y ln x) with y ln x in double-double: a plain double would lose up to
 * 700 ulps when y ln x is large.
 */
#include <math.h>
#include <stdint.h>
#include "dd.h"
#include "fpbits.h"

/* ln 2 in two parts; the first has 21 zero bits at the end, so k * LN2_HI is exact. */
static const double LN2_HI = 0.6931471803691238;
static const double LN2_LO = 1.9082149292705877e-10;
static const double INV_LN2 = 1.4426950408889634;

/* e^(r + c) - 1 for |r| <= 0.35 and a tiny correction c. The Taylor series up to r^14
 * leaves an error below 2^-62; written as r + r^2 * q so that the big term r is
 * added last, exactly as it is. */
static double expm1_kernel(double r, double c)
{
    double q = 1.0 / 87178291200.0;     /* 1/14!, then Horner's rule back to 1/2! */
    q = 1.0 / 6227020800.0 + r * q;
    q = 1.0 / 479001600 + r * q;
    q = 1.0 / 39916800 + r * q;
    q = 1.0 / 3628800 + r * q;
    q = 1.0 / 362880 + r * q;
    q = 1.0 / 40320 + r * q;
    q = 1.0 / 5040 + r * q;
    q = 1.0 / 720 + r * q;
    q = 1.0 / 120 + r * q;
    q = 1.0 / 24 + r * q;
    q = 1.0 / 6 + r * q;
    q = 0.5 + r * q;
    /* e^(r+c) - 1 = (e^r - 1) + c e^r, and c e^r is c (1 + r) closely enough. */
    return r + (r * r * q + (c + c * r));
}

/* e^(h + l) for a double-double argument: 2^k * e^r. */
static double exp_dd(double h, double l)
{
    double k, a, b, r, c;

    if (h > 709.79)
        return HUGE_VAL;
    if (h < -745.2)
        return 0.0;
    k = rint(h * INV_LN2);
    a = h - k * LN2_HI;                 /* exact: the two are close */
    b = l - k * LN2_LO;
    r = a + b;
    c = (a - r) + b;                    /* what the addition lost */
    return scalbn(1.0 + expm1_kernel(r, c), (int)k);
}

double exp(double x)
{
    if (isnan(x))
        return x;
    return exp_dd(x, 0.0);
}

/* 2^x = 2^k * e^(f ln2) with f = x - k in [-1/2, 1/2], exact. */
double exp2(double x)
{
    double k, f;
    struct dd t;

    if (isnan(x))
        return x;
    if (x > 1024)
        return HUGE_VAL;
    if (x < -1080)
        return 0.0;
    k = rint(x);
    f = x - k;
    t = two_prod(f, LN2_HI);
    t.lo += f * LN2_LO;
    t = dd_make(t.hi, t.lo);
    return scalbn(1.0 + expm1_kernel(t.hi, t.lo), (int)k);
}

/* e^x - 1 = (2^k - 1) + 2^k (e^r - 1): the first part is exact for |k| <= 53, so
 * only the final addition rounds. */
double expm1(double x)
{
    double k, a, b, r, c, t, e;

    if (isnan(x) || x == 0)
        return x;                       /* expm1(-0) is -0 */
    if (x > 709.79)
        return HUGE_VAL;
    if (x < -40)
        return -1.0;
    k = rint(x * INV_LN2);
    a = x - k * LN2_HI;
    b = -k * LN2_LO;
    r = a + b;
    c = (a - r) + b;
    e = expm1_kernel(r, c);
    if (k == 0)
        return e;
    if (k > 53)
        return scalbn(1.0 + e, (int)k) - 1.0;
    t = scalbn(1.0, (int)k);
    return (t - 1.0) + t * e;
}

/* ln x = hi + lo for finite x > 0. */
static struct dd log_kernel(double x)
{
    int k = 0;
    double m, f, s_hi, s_lo, u, p;
    struct dd den, prod, s, s2, s3, t3, two_s, mlog, kln2;
    static const struct dd TWO_THIRDS = { 0.6666666666666666, 3.700743415417188e-17 };
    uint64_t b;

    if (exponent_field(x) == 0) {
        x *= 18014398509481984.0;       /* subnormal: times 2^54 first */
        k = -54;
    }
    /* x = 2^k * m with m in [sqrt(1/2), sqrt(2)). */
    b = bits_of(x);
    k += exponent_field(x) - 1023;
    m = from_bits((b & FRAC_MASK) | (1023ULL << 52));
    if (m > 1.4142135623730951) {
        m *= 0.5;
        k++;
    }
    f = m - 1.0;                        /* exact */

    /* s = f / (2 + f), to double-double precision: the quotient, then the remainder
     * (computed exactly) divided once more. */
    den = two_sum(2.0, f);
    s_hi = f / den.hi;
    prod = two_prod(s_hi, den.hi);
    s_lo = (((f - prod.hi) - prod.lo) - s_hi * den.lo) / den.hi;
    s = dd_make(s_hi, s_lo);

    /* ln m = 2s + (2/3) s^3 + s^5 (2/5 + (2/7) s^2 + ...): the first two terms in
     * double-double; the rest is below 2^-10 of the whole, so a double serves. */
    s2 = dd_mul(s, s);
    s3 = dd_mul(s2, s);
    t3 = dd_mul(s3, TWO_THIRDS);
    u = s2.hi;
    p = 2.0 / 29;
    p = 2.0 / 27 + u * p;
    p = 2.0 / 25 + u * p;
    p = 2.0 / 23 + u * p;
    p = 2.0 / 21 + u * p;
    p = 2.0 / 19 + u * p;
    p = 2.0 / 17 + u * p;
    p = 2.0 / 15 + u * p;
    p = 2.0 / 13 + u * p;
    p = 2.0 / 11 + u * p;
    p = 2.0 / 9 + u * p;
    p = 2.0 / 7 + u * p;
    p = 2.0 / 5 + u * p;
    two_s.hi = 2.0 * s.hi;
    two_s.lo = 2.0 * s.lo;
    mlog = dd_add(two_s, t3);
    mlog = dd_add(mlog, dd_make(s3.hi * u * p, 0.0));

    kln2.hi = k * LN2_HI;               /* exact */
    kln2.lo = k * LN2_LO;
    return dd_add(kln2, mlog);
}

/* The special cases every logarithm shares; 1 if *result is the answer. */
static int log_special(double x, double *result)
{
    if (isnan(x)) {
        *result = x;
        return 1;
    }
    if (x == 0) {
        *result = -HUGE_VAL;
        return 1;
    }
    if (x < 0) {
        *result = (x - x) / (x - x);    /* NaN */
        return 1;
    }
    if (isinf(x)) {
        *result = x;
        return 1;
    }
    return 0;
}

double log(double x)
{
    double r;
    struct dd l;

    if (log_special(x, &r))
        return r;
    l = log_kernel(x);
    return l.hi + l.lo;
}

double log2(double x)
{
    static const struct dd INV_LN2_DD = { 1.4426950408889634, 2.0355273740931033e-17 };
    double r;
    struct dd l;

    if (log_special(x, &r))
        return r;
    l = dd_mul(log_kernel(x), INV_LN2_DD);
    return l.hi + l.lo;
}

double log10(double x)
{
    static const struct dd INV_LN10_DD = { 0.4342944819032518, 1.098319650216765e-17 };
    double r;
    struct dd l;

    if (log_special(x, &r))
        return r;
    l = dd_mul(log_kernel(x), INV_LN10_DD);
    return l.hi + l.lo;
}

/* ln(1 + x): 1 + x in double-double is u + v exactly, and ln(u + v) = ln u + v/u
 * closely enough (v is tiny next to u). */
double log1p(double x)
{
    struct dd u, l;

    if (isnan(x))
        return x;
    if (x == -1)
        return -HUGE_VAL;
    if (x < -1)
        return (x - x) / (x - x);
    if (isinf(x))
        return x;
    if (fabs(x) < 1e-300)
        return x;
    u = two_sum(1.0, x);
    l = log_kernel(u.hi);
    l.lo += u.lo / u.hi;
    return l.hi + l.lo;
}

/* Is y an integer, and is it odd? */
static int int_kind(double y)
{
    if (isinf(y) || trunc(y) != y)
        return 0;                       /* not an integer */
    if (fabs(y) >= 9007199254740992.0)
        return 2;                       /* even: no odd integer is that large */
    return fmod(y, 2.0) != 0 ? 1 : 2;   /* 1 odd, 2 even */
}

/* The special cases follow C99 Annex F, one by one. */
double pow(double x, double y)
{
    int kind;
    double sign = 1.0;
    struct dd l, t;

    if (y == 0 || x == 1)
        return 1.0;
    if (isnan(x) || isnan(y))
        return x + y;
    kind = int_kind(y);
    if (isinf(y)) {
        double ax = fabs(x);
        if (ax == 1)
            return 1.0;
        return (ax < 1) == (y < 0) ? HUGE_VAL : 0.0;
    }
    if (x == 0) {
        if (y < 0)
            return kind == 1 ? 1.0 / x : HUGE_VAL;     /* 1/-0 is -inf */
        return kind == 1 ? x : 0.0;
    }
    if (isinf(x)) {
        if (x < 0)
            sign = kind == 1 ? -1.0 : 1.0;
        return sign * (y < 0 ? 0.0 : HUGE_VAL);
    }
    if (x < 0) {
        if (kind == 0)
            return (x - x) / (x - x);   /* a negative number to a fraction: NaN */
        if (kind == 1)
            sign = -1.0;
        x = -x;
    }
    /* e^(y ln x), the product in double-double. */
    l = log_kernel(x);
    t = two_prod(y, l.hi);
    t.lo += y * l.lo;
    t = dd_make(t.hi, t.lo);
    return sign * exp_dd(t.hi, t.lo);
}

/* The cube root: a first guess from the exponent divided by three, Newton's method
 * to full double precision, and one last correction with the error computed exactly. */
double cbrt(double x)
{
    double ax, y, r;
    int e, i;
    struct dd y2, y3;

    if (isnan(x) || isinf(x) || x == 0)
        return x;
    ax = fabs(x);
    e = ilogb(ax);
    /* 2^(e/3) scaled by a rough cube root of the mantissa in [1, 2). */
    y = scalbn(1.0, e >= 0 ? e / 3 : -((-e + 2) / 3));
    y = y * (1.0 + 0.26 * (scalbn(ax, -ilogb(ax)) - 1.0)) * (e % 3 == 0 ? 1.0 : (e % 3 == 1 || e % 3 == -2) ? 1.2599210498948732 : 1.5874010519681994);
    for (i = 0; i < 6; i++)
        y = y - (y * y * y - ax) / (3.0 * y * y);
    /* The residual ax - y^3, exactly enough, fixes the last bit. */
    y2 = two_prod(y, y);
    y3 = dd_mul(y2, dd_make(y, 0.0));
    r = ((ax - y3.hi) - y3.lo) / (3.0 * y * y);
    y = y + r;
    return copysign(y, x);
}

/* sqrt(x^2 + y^2) without overflow or underflow on the way: scale to near 1 by a power
 * of two (exact), sum the squares in double-double, and correct the square root once. */
double hypot(double x, double y)
{
    double ax = fabs(x), ay = fabs(y), t, h;
    int e;
    struct dd sx, sy, s, hh;

    if (isinf(x) || isinf(y))
        return HUGE_VAL;
    if (isnan(x) || isnan(y))
        return x + y;
    if (ax < ay) {
        t = ax;
        ax = ay;
        ay = t;
    }
    if (ay == 0)
        return ax;
    e = ilogb(ax);
    if (e - ilogb(ay) > 60)
        return ax + ay;
    ax = scalbn(ax, -e);
    ay = scalbn(ay, -e);
    sx = two_prod(ax, ax);
    sy = two_prod(ay, ay);
    s = dd_add(sx, sy);
    h = sqrt(s.hi);
    hh = two_prod(h, h);
    h = h + (((s.hi - hh.hi) - hh.lo) + s.lo) / (2.0 * h);
    return scalbn(h, e);
}
