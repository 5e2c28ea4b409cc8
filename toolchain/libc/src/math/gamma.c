/* The gamma function: tgamma (Gamma itself) and lgamma (the logarithm of its absolute
 * value, with its sign in signgam), and their float forms.
 *
 * Everything stands on two power series of ln Gamma, both from the Weierstrass product,
 * with zeta(k) Riemann's zeta function and gamma = 0.5772... Euler's constant:
 *
 *   ln Gamma(1 + z) = -gamma z + sum over k >= 2 of (-1)^k zeta(k)/k z^k        (|z| < 1)
 *   ln Gamma(2 + z) = (1 - gamma) z + sum over k >= 2 of (-1)^k (zeta(k) - 1)/k z^k  (|z| < 2)
 *
 * The first serves near 1, the second (which converges twice as fast) near 2: both are
 * exactly 0 there, and the series keep all the digits of the small values around them.
 * Any other argument is brought to [1.25, 2.75] by Gamma(x + 1) = x Gamma(x), with the
 * product of the factors kept in double-double; large arguments use Stirling's series
 * instead, and lgamma of very negative ones the reflection formula
 * Gamma(x) Gamma(1 - x) = pi / sin(pi x).
 */
#include <math.h>
#include "dd.h"
#include "fpbits.h"
#include "logdd.h"

int signgam;

/* zeta(k) - 1 for k = 2 .. 56 as hi + lo, from mpmath at 300 bits:
 * hi = float(mpmath.zeta(k) - 1), lo = float(mpmath.zeta(k) - 1 - hi).
 * tests/test_libc_more.py checks them. */
static const struct dd ZETA_M1[57] = {
    { 0, 0 }, { 0, 0 },
    { 0.6449340668482264, 3.040672350398476e-17 },   /* 2 */
    { 0.2020569031595943, -6.752241127462512e-18 },   /* 3 */
    { 0.08232323371113819, 5.851757005110278e-18 },   /* 4 */
    { 0.03692775514336993, -3.178450686126237e-19 },   /* 5 */
    { 0.01734306198444914, -4.414770097141147e-19 },   /* 6 */
    { 0.008349277381922827, -2.92234966467598e-19 },   /* 7 */
    { 0.00407735619794434, -2.2242833400456106e-19 },   /* 8 */
    { 0.0020083928260822143, 1.6255172980294325e-19 },   /* 9 */
    { 0.0009945751278180853, 8.155271993117836e-20 },   /* 10 */
    { 0.0004941886041194645, 3.007775458283559e-20 },   /* 11 */
    { 0.0002460865533080483, -2.126804481899407e-20 },   /* 12 */
    { 0.00012271334757848915, 1.312879617594989e-21 },   /* 13 */
    { 6.124813505870483e-05, 1.5932044187197156e-21 },   /* 14 */
    { 3.058823630702049e-05, 2.828205815153663e-22 },   /* 15 */
    { 1.528225940865187e-05, 7.677620188142347e-22 },   /* 16 */
    { 7.637197637899763e-06, -2.946683490299432e-22 },   /* 17 */
    { 3.81729326499984e-06, -3.619576661891535e-22 },   /* 18 */
    { 1.908212716553939e-06, -4.589595461742015e-23 },   /* 19 */
    { 9.539620338727962e-07, -9.885419869008806e-23 },   /* 20 */
    { 4.769329867878064e-07, 1.6292492268188835e-23 },   /* 21 */
    { 2.38450502727733e-07, -1.4348855177581243e-23 },   /* 22 */
    { 1.1921992596531106e-07, 9.349486696402915e-24 },   /* 23 */
    { 5.960818905125948e-08, -4.84489270891793e-25 },   /* 24 */
    { 2.980350351465228e-08, 9.038750484718945e-25 },   /* 25 */
    { 1.4901554828365043e-08, -1.4462631435868446e-24 },   /* 26 */
    { 7.45071178983543e-09, -5.689596284297908e-25 },   /* 27 */
    { 3.725334024788457e-09, -2.2838109257068324e-25 },   /* 28 */
    { 1.862659723513049e-09, -1.357608175618366e-25 },   /* 29 */
    { 9.313274324196682e-10, 1.7251523768776834e-26 },   /* 30 */
    { 4.656629065033784e-10, 4.154615304849929e-26 },   /* 31 */
    { 2.3283118336765053e-10, 1.5614446225186379e-26 },   /* 32 */
    { 1.164155017270052e-10, 4.647009828608305e-27 },   /* 33 */
    { 5.820772087902701e-11, -5.609266140509216e-27 },   /* 34 */
    { 2.9103850444971e-11, -3.1836341409162154e-27 },   /* 35 */
    { 1.4551921891041985e-11, -6.5815767720265535e-28 },   /* 36 */
    { 7.275959835057482e-12, -7.817491596192177e-28 },   /* 37 */
    { 3.637979547378651e-12, 3.2757482504856895e-28 },   /* 38 */
    { 1.818989650307066e-12, -1.2313033251541885e-28 },   /* 39 */
    { 9.094947840263888e-13, 8.752915335828258e-29 },   /* 40 */
    { 4.547473783042154e-13, -1.915433400472885e-29 },   /* 41 */
    { 2.2737368458246524e-13, 7.510141332821777e-30 },   /* 42 */
    { 1.136868407680228e-13, -6.497889027465259e-30 },   /* 43 */
    { 5.684341987627585e-14, 1.9239561017173886e-30 },   /* 44 */
    { 2.842170976889302e-14, -1.4857762609882343e-30 },   /* 45 */
    { 1.4210854828031608e-14, -1.5517661487563433e-30 },   /* 46 */
    { 7.105427395210853e-15, 7.713369817595167e-33 },   /* 47 */
    { 3.552713691337114e-15, -2.605702063609657e-31 },   /* 48 */
    { 1.7763568435791204e-15, -8.689427287890744e-32 },   /* 49 */
    { 8.881784210930816e-16, -2.8972264863617053e-32 },   /* 50 */
    { 4.440892103143813e-16, 2.321028135682245e-32 },   /* 51 */
    { 2.220446050798042e-16, 7.73646017791737e-33 },   /* 52 */
    { 1.1102230251410661e-16, -1.5298905424452545e-33 },   /* 53 */
    { 5.551115124845481e-17, 2.5715123863172194e-33 },   /* 54 */
    { 2.775557562136124e-17, 2.6547030081215438e-33 },   /* 55 */
    { 1.3877787809725232e-17, 8.207028574837895e-34 },   /* 56 */
};

/* The constants the leading terms need to 106 bits (hi, lo). */
static const struct dd EULER = { 0.5772156649015329, -4.942915152430645e-18 };
static const struct dd ONE_M_EULER = { 0.42278433509846713, 4.942915152430645e-18 };
static const struct dd ZETA2_2 = { 0.8224670334241132, 1.520336175199238e-17 };      /* zeta(2)/2 */
static const struct dd HALF_LN_2PI = { 0.9189385332046728, -3.8782941580672414e-17 };
static const struct dd LN_PI = { 1.1447298858494002, 1.0265951162707826e-17 };
static const double PI_HI = 3.141592653589793;
static const double PI_LO = 1.2246467991473532e-16;

static struct dd dd_neg(struct dd a)
{
    a.hi = -a.hi;
    a.lo = -a.lo;
    return a;
}

static struct dd dd_sub(struct dd a, struct dd b)
{
    return dd_add(a, dd_neg(b));
}

/* c z + d z^2 for double-double c, d and z: the two leading terms of either series. */
static struct dd leading_terms(struct dd c, struct dd d, struct dd z)
{
    struct dd cz, z2, dz2;

    cz = two_prod(c.hi, z.hi);
    cz.lo += c.lo * z.hi + c.hi * z.lo;
    z2 = two_prod(z.hi, z.hi);
    z2.lo += 2.0 * z.hi * z.lo;
    dz2 = dd_mul(d, z2);
    return dd_add(cz, dz2);
}

/* ln Gamma(1 + z) for |z| <= 1/4 (exact z). The terms from z^3 on are below a tenth of
 * the sum, and thirty-two of them reach 2^-60 of it. */
static struct dd lgamma1p(double z)
{
    double t = 0.0;
    int k;

    for (k = 33; k >= 3; k--)
        t = t * -z + (1.0 + ZETA_M1[k].hi) / k;
    return dd_add(leading_terms(dd_neg(EULER), ZETA2_2, dd_make(z, 0.0)),
                  dd_make(-z * z * z * t, 0.0));
}

/* ln Gamma(2 + z) for |z| <= 3/4, z given as hi + lo. (zeta(k) - 1)/k shrinks like 2^-k.
 * Where x < 0, ln|Gamma(x)| is this minus a logarithm of about the same size, and near the
 * zeros of lgamma the two cancel to the last of their digits: so the series is summed to
 * 2^-107, in double-double for the terms above 2^-54 (k < 27 when |z| <= 1/2), in doubles
 * for those below. Fifty-six terms reach 2^-60 even at |z| = 3/4, where the sum is
 * ln Gamma(1.25) = -0.098. */
static struct dd lgamma2p(struct dd z)
{
    double t = 0.0;
    struct dd acc, c, p, mz = dd_neg(z), z2;
    int k;

    for (k = 56; k >= 27; k--)
        t = t * mz.hi + ZETA_M1[k].hi / k;
    acc = dd_make(t, 0.0);
    for (k = 26; k >= 2; k--) {
        /* (zeta(k) - 1)/k in double-double: the quotient, then the remainder's share */
        c.hi = ZETA_M1[k].hi / k;
        p = two_prod(c.hi, (double)k);
        c.lo = ((ZETA_M1[k].hi - p.hi) - p.lo + ZETA_M1[k].lo) / k;
        acc = dd_add(dd_mul(acc, mz), c);
    }
    z2 = dd_mul(z, z);
    acc = dd_mul(acc, z2);
    return dd_add(dd_mul(ONE_M_EULER, z), acc);
}

/* Stirling's series for x >= 12:
 *   ln Gamma(x) = (x - 1/2) ln x - x + ln(2 pi)/2 + sum of B(2k) / (2k (2k-1) x^(2k-1))
 * with B the Bernoulli numbers; ten terms leave 2^-70 at x = 12. */
static struct dd lgamma_stirling(double x)
{
    double r = 1.0 / x, u = r * r, s;
    struct dd l = __log_dd(x), a;

    s = -174611.0 / 125400;
    s = 43867.0 / 244188 + u * s;
    s = -3617.0 / 122400 + u * s;
    s = 1.0 / 156 + u * s;
    s = -691.0 / 360360 + u * s;
    s = 1.0 / 1188 + u * s;
    s = -1.0 / 1680 + u * s;
    s = 1.0 / 1260 + u * s;
    s = -1.0 / 360 + u * s;
    s = 1.0 / 12 + u * s;
    if (x > 1e300) {
        /* the product would overflow the splitting in two_prod: scale by 2^-100 */
        a = dd_mul(dd_add(l, dd_make(-1.0, 0.0)), dd_make(x * 7.888609052210118e-31, 0.0));
        a.hi *= 1267650600228229401496703205376.0;
        a.lo *= 1267650600228229401496703205376.0;
        return a;
    }
    a = dd_mul(l, two_sum(x, -0.5));
    a = dd_add(a, dd_make(-x, 0.0));
    a = dd_add(a, HALF_LN_2PI);
    return dd_add(a, dd_make(r * s, 0.0));
}

/* ln Gamma(x) for finite x > 0. */
static struct dd lgamma_positive(double x)
{
    struct dd p;
    double r;

    if (x < 0.25)                       /* Gamma(x) = Gamma(1 + x) / x */
        return dd_sub(lgamma1p(x), __log_dd(x));
    if (x < 0.75)                       /* the same, with 1 + x = 2 + (x - 1) */
        return dd_sub(lgamma2p(two_sum(x, -1.0)), __log_dd(x));
    if (x <= 1.25)
        return lgamma1p(x - 1.0);
    if (x < 2.75)
        return lgamma2p(dd_make(x - 2.0, 0.0));
    if (x >= 12.0)
        return lgamma_stirling(x);
    /* Gamma(x) = Gamma(r) r (r + 1) ... (x - 1), r in [1.75, 2.75): every r exact */
    r = x;
    p = dd_make(1.0, 0.0);
    while (r >= 2.75) {
        r -= 1.0;
        p = dd_mul(p, dd_make(r, 0.0));
    }
    return dd_add(lgamma2p(dd_make(r - 2.0, 0.0)), __log_dd2(p));
}

/* |sin(pi x)| for a finite x that is not an integer: pi times the distance to the nearest
 * integer, in double-double, then sin of that. */
static double abs_sin_pi(double x)
{
    double f = fabs(x - rint(x));       /* exact, in (0, 1/2] */
    struct dd a = two_prod(PI_HI, f);

    a.lo += PI_LO * f;
    return sin(a.hi) + cos(a.hi) * a.lo;
}

/* ln |Gamma(x)| for x < 0, not an integer, as hi + lo. */
static struct dd lgamma_negative(double x)
{
    struct dd p, l;
    int n, k;

    if (x > -40.0) {
        /* Gamma(x) = Gamma(x + n) / (x (x + 1) ... (x + n - 1)), with x + n in [1.5, 2.5] */
        n = (int)rint(2.0 - x);
        p = dd_make(1.0, 0.0);
        for (k = 0; k < n; k++)
            p = dd_mul(p, two_sum(x, (double)k));
        if (p.hi < 0)
            p = dd_neg(p);
        return dd_sub(lgamma2p(two_sum(x, (double)(n - 2))), __log_dd2(p));
    }
    /* Reflection: ln|Gamma(x)| = ln pi - ln|sin(pi x)| - ln Gamma(1 - x), and
     * ln Gamma(1 - x) = ln Gamma(-x) + ln(-x), since 1 - x need not be a double. */
    l = dd_add(lgamma_stirling(-x), __log_dd(-x));
    l = dd_add(l, dd_make(log(abs_sin_pi(x)), 0.0));
    return dd_sub(LN_PI, l);
}

double lgamma_r(double x, int *sign)
{
    struct dd r;

    *sign = 1;
    if (isnan(x))
        return x;
    if (isinf(x))
        return fabs(x);
    if (x == 0) {
        if (signbit(x))
            *sign = -1;
        return 1.0 / fabs(x);           /* a pole: +infinity, divide-by-zero */
    }
    if (x > 0) {
        r = lgamma_positive(x);
    } else {
        if (x == rint(x))
            return 1.0 / 0.0;           /* the poles at the negative integers */
        /* the sign of Gamma: negative on (-1, 0), (-3, -2), ..., positive between */
        if (fmod(floor(x), 2.0) != 0)
            *sign = -1;
        r = lgamma_negative(x);
    }
    return r.hi + r.lo;
}

double lgamma(double x)
{
    return lgamma_r(x, &signgam);
}

float lgammaf_r(float x, int *sign)
{
    return (float)lgamma_r(x, sign);
}

float lgammaf(float x)
{
    return (float)lgamma_r(x, &signgam);
}

/* e^(hi + lo) for a small hi + lo (|hi| < 1): e^hi (1 + lo). */
static double exp_dd_small(struct dd a)
{
    double e = exp(a.hi);
    return e + e * a.lo;
}

double tgamma(double x)
{
    struct dd p, g, qp;
    double r, q, c;
    int n, k, scale;

    if (isnan(x))
        return x;
    if (isinf(x))
        return x > 0 ? x : (x - x) / (x - x);   /* Gamma(-inf) is undefined: NaN */
    if (x == 0)
        return 1.0 / x;                 /* +-infinity, divide-by-zero */
    if (x > 0) {
        if (x >= 172.0)
            return 1.79769313486231570815e308 * 2.0;    /* overflow: +infinity */
        if (x < 0.25)
            return exp_dd_small(lgamma1p(x)) / x;
        if (x < 0.75)
            return exp_dd_small(lgamma2p(two_sum(x, -1.0))) / x;
        if (x <= 1.25)
            return exp_dd_small(lgamma1p(x - 1.0));
        /* Gamma(x) = Gamma(r) r (r + 1) ... (x - 1), r in [1.75, 2.75); the product is
         * kept scaled by 2^-scale, so that it only overflows when the answer does */
        r = x;
        while (r >= 2.75)
            r -= 1.0;
        p = dd_make(exp_dd_small(lgamma2p(dd_make(r - 2.0, 0.0))), 0.0);
        scale = 0;
        for (; r < x; r += 1.0) {
            p = dd_mul(p, dd_make(r, 0.0));
            if (p.hi > 4.149515568880993e180) {        /* 2^600: two_prod must not overflow */
                p.hi *= 2.409919865102884e-181;
                p.lo *= 2.409919865102884e-181;
                scale += 600;
            }
        }
        return scalbn(p.hi + p.lo, scale);
    }
    if (x == rint(x))
        return (x - x) / (x - x);       /* the poles at the negative integers: NaN */
    if (x > -5.551115123125783e-17)
        return 1.0 / x;                 /* |x| < 2^-54: Gamma(x) = 1/x - gamma + ... */
    if (x <= -184.0) {
        /* below the least subnormal: a zero with Gamma's sign */
        return fmod(trunc(x), 2.0) == 0 ? -0.0 : 0.0;
    }
    /* Gamma(x) = Gamma(x + n) / (x (x + 1) ... (x + n - 1)), x + n in [1.5, 2.5]. The
     * product can pass the largest double, so it is kept scaled by 2^-scale. */
    n = (int)rint(2.0 - x);
    p = dd_make(1.0, 0.0);
    scale = 0;
    for (k = 0; k < n; k++) {
        p = dd_mul(p, two_sum(x, (double)k));
        if (fabs(p.hi) > 4.149515568880993e180) {       /* 2^600 */
            p.hi *= 2.409919865102884e-181;             /* 2^-600 */
            p.lo *= 2.409919865102884e-181;
            scale += 600;
        }
    }
    g = dd_make(exp_dd_small(lgamma2p(two_sum(x, (double)(n - 2)))), 0.0);
    /* g / p, to a little more than a double */
    q = g.hi / p.hi;
    qp = two_prod(q, p.hi);
    c = ((g.hi - qp.hi) - qp.lo - q * p.lo) / p.hi;
    return scalbn(q + c, -scale);
}

float tgammaf(float x)
{
    return (float)tgamma(x);
}
