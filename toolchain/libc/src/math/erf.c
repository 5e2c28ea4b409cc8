/* The error function erf and its complement erfc = 1 - erf, and their float forms.
 *
 *   erf x = (2/sqrt(pi)) * integral from 0 to x of e^(-t^2) dt
 *
 * Near 0, erf is its Taylor series, x (2/sqrt(pi)) (1 - x^2/3 + x^4/10 - ...), whose
 * n-th coefficient is (-1)^n / (n! (2n+1)). Further out, erf x = 1 - erfc x, and erfc is
 * computed as
 *
 *   erfc x = e^(-x^2) * erfcx(x)
 *
 * where the scaled complement erfcx is smooth and slowly varying (about 1/(x sqrt(pi))).
 * e^(-x^2) is formed from x^2 split exactly into two doubles, so that its rounding is
 * exp's alone. erfcx comes from
 *   - 0.5 <= x < 3.125: its Taylor series about the nearest multiple c of 1/4. erfcx
 *     satisfies y' = 2xy - 2/sqrt(pi), which gives each Taylor coefficient from the two
 *     before it:  a1 = 2c a0 - 2/sqrt(pi),  (n+1) a(n+1) = 2c a(n) + 2 a(n-1).
 *     Only a0 = erfcx(c) must be known: the table below.
 *   - x >= 3.125: Laplace's continued fraction
 *       erfcx(x) = (1/sqrt(pi)) / (x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...)))))
 *     which needs fewer terms the larger x is (about 10 + 300/x^2 for 2^-60).
 * Negative x: erf is odd, and erfc(-x) = 2 - erfc(x).
 */
#include <math.h>
#include "dd.h"
#include "fpbits.h"

/* 2/sqrt(pi) - 1 and 1/sqrt(pi), each as a double and the double nearest what it lacks. */
static const double TWO_RSQPI_M1_HI = 0.12837916709551256;    /* TWO_RSQPI_HI - 1, exactly */
static const double TWO_RSQPI_HI = 1.1283791670955126;
static const double TWO_RSQPI_LO = 1.533545961316588e-17;
static const double RSQPI_HI = 0.5641895835477563;
static const double RSQPI_LO = 7.66772980658294e-18;

/* erfcx(c) = e^(c^2) erfc(c) for c = 0.5, 0.75, ..., 3.0, as hi + lo, computed with
 * mpmath at 200 bits: dd(mpmath.erfc(c) * mpmath.exp(c * c)). tests/test_libc_more.py
 * checks them. */
static const struct dd ERFCX_AT[11] = {
    { 0.6156903441929259, -2.312175868623341e-17 },     /* 0.5 */
    { 0.5069376502931449, -5.335681035462232e-17 },     /* 0.75 */
    { 0.427583576155807, 5.235737283314228e-18 },       /* 1.0 */
    { 0.3678229164523611, 1.387401093925035e-19 },      /* 1.25 */
    { 0.3215854164543175, 1.7007985607722196e-17 },     /* 1.5 */
    { 0.2849722347374364, 8.539813023973122e-18 },      /* 1.75 */
    { 0.25539567631050575, -4.276022290165946e-18 },    /* 2.0 */
    { 0.23108725873039188, -5.74762364596782e-18 },     /* 2.25 */
    { 0.2108063640611436, -5.6277259093102524e-18 },    /* 2.5 */
    { 0.1936620962790687, -1.2015846532739174e-17 },    /* 2.75 */
    { 0.17900115118138996, -5.4272175920200274e-18 },   /* 3.0 */
};

/* erf x for |x| < 0.75, from the series (2/sqrt(pi)) x (1 - u q) with u = x^2 and
 * q = 1/3 - u/10 + u^2/42 - ..., whose n-th term is (-u)^(n-1) / (n! (2n+1)). Eighteen
 * terms reach 2^-60 at u = 0.5625. It is summed as x + x ((2/sqrt(pi) - 1) - ...): the
 * correction to x is at most a fifth of it, so its rounding errors hardly show. */
static double erf_series(double x)
{
    double u = x * x, q;

    q = 1.0 / 236887827111936000.0;
    q = 1.0 / 12449059983360000.0 - u * q;
    q = 1.0 / 690452066304000.0 - u * q;
    q = 1.0 / 40537905408000.0 - u * q;
    q = 1.0 / 2528170444800.0 - u * q;
    q = 1.0 / 168129561600.0 - u * q;
    q = 1.0 / 11975040000.0 - u * q;
    q = 1.0 / 918086400.0 - u * q;
    q = 1.0 / 76204800.0 - u * q;
    q = 1.0 / 6894720.0 - u * q;
    q = 1.0 / 685440.0 - u * q;
    q = 1.0 / 75600.0 - u * q;
    q = 1.0 / 9360.0 - u * q;
    q = 1.0 / 1320.0 - u * q;
    q = 1.0 / 216.0 - u * q;
    q = 1.0 / 42.0 - u * q;
    q = 1.0 / 10.0 - u * q;
    q = 1.0 / 3.0 - u * q;
    return x + x * ((TWO_RSQPI_M1_HI + TWO_RSQPI_LO) - TWO_RSQPI_HI * u * q);
}

/* erfcx(a) for 0.5 <= a < 3.125, by the Taylor series about the nearest table point. */
static struct dd erfcx_taylor(double a)
{
    int j = (int)((a - 0.5) * 4.0 + 0.5);
    double c = 0.5 + 0.25 * j;
    double h = a - c;                   /* exact, |h| <= 1/8 */
    struct dd a0 = ERFCX_AT[j], a1, p;
    double prev, cur, next, coef[21], tail;
    int n;

    /* a1 = 2c a0 - 2/sqrt(pi): a difference of nearly equal numbers for the larger c,
     * so in double-double */
    p = two_prod(2.0 * c, a0.hi);
    p.lo += 2.0 * c * a0.lo;
    a1 = dd_add(p, dd_make(-TWO_RSQPI_HI, -TWO_RSQPI_LO));

    /* the rest need not be as exact: a2 h^2 is below a0 / 50 */
    prev = a0.hi + a0.lo;
    cur = a1.hi + a1.lo;
    for (n = 1; n < 20; n++) {
        next = (2.0 * c * cur + 2.0 * prev) / (n + 1);
        coef[n + 1] = next;
        prev = cur;
        cur = next;
    }
    tail = 0.0;
    for (n = 20; n >= 2; n--)
        tail = tail * h + coef[n];
    tail *= h * h;

    p = two_prod(a1.hi, h);
    p.lo += a1.lo * h + tail;
    return dd_add(a0, p);
}

/* erfcx(a) for a >= 3.125, by the continued fraction, evaluated from the bottom up; the
 * last step, and the division into 1/sqrt(pi), in double-double. */
static struct dd erfcx_fraction(double a)
{
    int n = a > 1000.0 ? 10 : 10 + (int)(300.0 / (a * a));
    double t = a, q, r;
    struct dd den, prod;

    for (; n > 1; n--)
        t = a + (0.5 * n) / t;
    den = two_sum(a, 0.5 / t);
    q = RSQPI_HI / den.hi;
    prod = two_prod(q, den.hi);
    r = ((RSQPI_HI - prod.hi) - prod.lo + RSQPI_LO - q * den.lo) / den.hi;
    return dd_make(q, r);
}

/* erfc a for finite a >= 0.5. */
static double erfc_tail(double a)
{
    struct dd r, sq;
    double e;

    if (a > 40.0)
        return 0.0;                     /* below half the least subnormal since 27.3 */
    r = a < 3.125 ? erfcx_taylor(a) : erfcx_fraction(a);
    sq = two_prod(a, a);                /* a^2 = sq.hi + sq.lo exactly */
    /* e^-(hi + lo) = e^-hi (1 - lo): lo is at most 2^-53 hi, and its square is lost */
    r = dd_add(r, dd_make(-r.hi * sq.lo, 0.0));
    if (sq.hi < 700.0) {
        e = exp(-sq.hi);
        return e * r.hi + e * r.lo;
    }
    /* The answer is tiny or subnormal, and e^(-hi) would be too: go through its square
     * root, so that only the last product rounds into the subnormals. */
    e = exp(-0.5 * sq.hi);
    return (e * r.hi + e * r.lo) * e;
}

double erf(double x)
{
    double a = fabs(x), r;

    if (isnan(x))
        return x;
    if (a < 0.75) {
        if (a < 1e-300)
            /* so that x (2/sqrt(pi) - 1) is not lost in the subnormals: scaled by 2^200 */
            return erf_series(x * 1606938044258990275541962092341162602522202993782792835301376.0)
                   * 6.223015277861142e-61;
        return erf_series(x);
    }
    if (a >= 6.0)
        r = 1.0;                        /* erfc 6 is 2e-17: 1 - erfc rounds to 1 */
    else
        r = 1.0 - erfc_tail(a);
    return x < 0 ? -r : r;
}

double erfc(double x)
{
    if (isnan(x))
        return x;
    if (x < 0.5) {
        if (x > -0.75)
            return 1.0 - erf_series(x);
        if (x < -6.0)
            return 2.0;
        return 2.0 - erfc_tail(-x);
    }
    return erfc_tail(x);
}

float erff(float x)
{
    return (float)erf(x);
}

float erfcf(float x)
{
    return (float)erfc(x);
}
