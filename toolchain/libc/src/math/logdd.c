/* The natural logarithm in double-double (see logdd.h), good to about 2^-104 of the
 * result, so that a difference of two logarithms (or of a logarithm and something else)
 * that nearly cancel still has its digits: lgamma near its zeros needs that.
 *
 * x = 2^k * m with m in [sqrt(1/2), sqrt(2)), and ln m = 2 atanh s with s = (m-1)/(m+1),
 * |s| <= 0.172:
 *     ln m = s (2 + (2/3) u + (2/5) u^2 + ...),   u = s^2 <= 0.0295
 * Twenty-two terms reach 2^-107. The ones below 2^-54 are summed in plain doubles (their
 * rounding errors are below 2^-107); the first eleven in double-double, Horner's way. */
#include <math.h>
#include <stdint.h>
#include "dd.h"
#include "fpbits.h"
#include "logdd.h"

/* 2/(2j+1) for j = 0 .. 10 in double-double, worked out at the first call. */
static struct dd coef[11];
static int coef_ready;

static void make_coefficients(void)
{
    int j;
    double d, q;
    struct dd p;

    for (j = 0; j <= 10; j++) {
        d = 2 * j + 1;
        q = 2.0 / d;
        p = two_prod(q, d);             /* exactly q d, so 2 - q d is known exactly */
        coef[j] = dd_make(q, ((2.0 - p.hi) - p.lo) / d);
    }
    coef_ready = 1;
}

struct dd __log_dd(double x)
{
    int k = 0, j;
    double m, f, q, tail;
    struct dd den, prod, s, u, acc, k_ln2;

    if (!coef_ready)
        make_coefficients();
    if (exponent_field(x) == 0) {
        x *= 18014398509481984.0;       /* subnormal: scale by 2^54 to normalise */
        k = -54;
    }
    k += exponent_field(x) - 1023;
    m = from_bits((bits_of(x) & FRAC_MASK) | (1023ULL << 52));
    if (m > 1.4142135623730951) {
        m *= 0.5;
        k++;
    }
    f = m - 1.0;                        /* exact */

    /* s = f / (2 + f): the quotient, then what is left of f, divided once more */
    den = two_sum(2.0, f);
    q = f / den.hi;
    prod = two_prod(q, den.hi);
    s = dd_make(q, (((f - prod.hi) - prod.lo) - q * den.lo) / den.hi);

    u = dd_mul(s, s);
    tail = 0.0;
    for (j = 21; j >= 11; j--)
        tail = tail * u.hi + 2.0 / (2 * j + 1);
    acc = dd_make(tail, 0.0);
    for (j = 10; j >= 0; j--)
        acc = dd_add(dd_mul(acc, u), coef[j]);
    acc = dd_mul(acc, s);

    k_ln2 = two_prod((double)k, LN2_DD_HI);
    k_ln2.lo += k * LN2_DD_LO;
    return dd_add(k_ln2, acc);
}

/* ln(hi + lo) = ln hi + ln(1 + lo/hi), and lo/hi is below 2^-53, so ln(1 + lo/hi) is
 * lo/hi to within 2^-107. */
struct dd __log_dd2(struct dd x)
{
    struct dd r = __log_dd(x.hi);
    return dd_add(r, dd_make(x.lo / x.hi, 0.0));
}
