/* The inverse hyperbolic functions asinh, acosh, atanh, and their float forms.
 *
 * Each is a logarithm:
 *     asinh x = ln(x + sqrt(x^2 + 1))
 *     acosh x = ln(x + sqrt(x^2 - 1))
 *     atanh x = (1/2) ln((1 + x) / (1 - x))
 * The argument of the logarithm is formed in double-double and its logarithm taken in
 * double-double (logdd.c), so the result rounds once. Near 0 the logarithm's argument
 * is near 1 and all of its information sits in the low part, so there asinh and atanh use
 * their Taylor series instead, which start with x itself.
 *
 * The float forms compute in double and round once to float.
 */
#include <math.h>
#include "dd.h"
#include "fpbits.h"
#include "logdd.h"

/* sqrt(a) for a double-double a > 0, to about 100 bits: the root of the high part, then
 * one Newton step on the exact remainder. */
static struct dd sqrt_dd(struct dd a)
{
    double r = sqrt(a.hi);
    struct dd sq = two_prod(r, r);
    return dd_make(r, ((a.hi - sq.hi) - sq.lo + a.lo) / (2.0 * r));
}

static double round_dd(struct dd a)
{
    return a.hi + a.lo;
}

double asinh(double x)
{
    double a = fabs(x), u, p, r;
    struct dd sq, t;

    if (isnan(x) || isinf(x) || a < 3.7252902984e-09)   /* 2^-28: x^3/6 is below half an ulp */
        return x;
    if (a < 0.125) {
        /* x - x^3/6 + 3x^5/40 - ...: the coefficients are (-1)^k (2k)! / (4^k k!^2 (2k+1)),
         * and x^2 <= 1/64 makes eleven of them enough */
        u = x * x;
        p = -88179.0 / 12058624;
        p = 46189.0 / 5505024 + u * p;
        p = -12155.0 / 1245184 + u * p;
        p = 6435.0 / 557056 + u * p;
        p = -143.0 / 10240 + u * p;
        p = 231.0 / 13312 + u * p;
        p = -63.0 / 2816 + u * p;
        p = 35.0 / 1152 + u * p;
        p = -5.0 / 112 + u * p;
        p = 3.0 / 40 + u * p;
        p = -1.0 / 6 + u * p;
        return x + x * u * p;
    }
    if (a > 268435456.0) {
        /* 2^28 < |x|: x + sqrt(x^2 + 1) is 2|x| to within 2^-56 */
        t = dd_add(__log_dd(a), dd_make(LN2_DD_HI, LN2_DD_LO));
    } else {
        sq = two_prod(a, a);
        sq = dd_add(dd_make(1.0, 0.0), sq);
        t = dd_add(dd_make(a, 0.0), sqrt_dd(sq));
        t = __log_dd2(t);
    }
    r = round_dd(t);
    return x < 0 ? -r : r;
}

double acosh(double x)
{
    struct dd t, sq;
    double d;

    if (isnan(x))
        return x;
    if (x < 1.0)
        return (x - x) / (x - x);       /* NaN, and the invalid exception */
    if (x == 1.0)
        return 0.0;
    if (isinf(x))
        return x;
    if (x > 268435456.0)
        return round_dd(dd_add(__log_dd(x), dd_make(LN2_DD_HI, LN2_DD_LO)));
    if (x < 2.0) {
        /* x = 1 + d, d exact: ln(1 + d + sqrt(2d + d^2)), with 1 + ... kept in two parts
         * so that the small answer near x = 1 keeps all its digits */
        d = x - 1.0;
        sq = two_prod(d, d);
        sq = dd_add(sq, dd_make(2.0 * d, 0.0));
        t = dd_add(dd_make(d, 0.0), sqrt_dd(sq));
        t = dd_add(dd_make(1.0, 0.0), t);
        return round_dd(__log_dd2(t));
    }
    sq = dd_add(two_prod(x, x), dd_make(-1.0, 0.0));
    t = dd_add(dd_make(x, 0.0), sqrt_dd(sq));
    return round_dd(__log_dd2(t));
}

double atanh(double x)
{
    double a = fabs(x), u, p, q, r;
    struct dd num, den, prod, quot;

    if (isnan(x))
        return x;
    if (a > 1.0)
        return (x - x) / (x - x);       /* NaN, and the invalid exception */
    if (a == 1.0)
        return x / 0.0;                 /* +-infinity, and the divide-by-zero exception */
    if (a < 3.7252902984e-09)           /* 2^-28 */
        return x;
    if (a < 0.125) {
        /* x + x^3/3 + x^5/5 + ...: with x^2 <= 1/64, up to x^23 */
        u = x * x;
        p = 1.0 / 23;
        p = 1.0 / 21 + u * p;
        p = 1.0 / 19 + u * p;
        p = 1.0 / 17 + u * p;
        p = 1.0 / 15 + u * p;
        p = 1.0 / 13 + u * p;
        p = 1.0 / 11 + u * p;
        p = 1.0 / 9 + u * p;
        p = 1.0 / 7 + u * p;
        p = 1.0 / 5 + u * p;
        p = 1.0 / 3 + u * p;
        return x + x * u * p;
    }
    /* (1 + a) / (1 - a) in double-double: both sums exactly, then the quotient and its
     * remainder */
    num = two_sum(1.0, a);
    den = two_sum(1.0, -a);
    q = num.hi / den.hi;
    prod = two_prod(q, den.hi);
    quot = dd_make(q, ((num.hi - prod.hi) - prod.lo + num.lo - q * den.lo) / den.hi);
    r = 0.5 * round_dd(__log_dd2(quot));
    return x < 0 ? -r : r;
}

float asinhf(float x)
{
    return (float)asinh(x);
}

float acoshf(float x)
{
    return (float)acosh(x);
}

float atanhf(float x)
{
    return (float)atanh(x);
}
