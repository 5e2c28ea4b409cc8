/* Trigonometric and hyperbolic functions: sin cos tan asin acos atan atan2 sinh cosh tanh.
 *
 * sin, cos, tan: x = k * pi/2 + r with |r| <= pi/4, then a Taylor series for sin r or
 * cos r, and k mod 4 says which one and with what sign. For |x| below 2^19, pi/2 is
 * subtracted in four pieces, the first two of 33 bits so that k times them is exact,
 * and r comes out as a double-double. That is precise to about 2^-100 absolutely,
 * which is plenty unless r itself is tiny (x very near a multiple of pi/2); then, and
 * for every larger x, rem_pio2.c does an exact reduction with the bits of 2/pi.
 * The series are summed so that sin r and cos r come out as double-doubles too, with
 * an error far below the last bit; the one rounding to double at the end is what
 * keeps each result within half an ulp and a little, and tan = sin/cos is divided in
 * double-double for the same reason.
 *
 * atan: reduced to |u| <= 0.25 by atan(x) = atan(c) + atan((x - c) / (1 + x c)) for
 * c = 0, 1/2, 1 or 3/2 (and 1/x above 2.4), then its Taylor series. asin and acos
 * follow from atan.
 */
#include <math.h>
#include "dd.h"
#include "fpbits.h"
#include "rem_pio2.h"

static const double PIO2_1 = 1.5707963267341256;          /* pi/2 in four parts */
static const double PIO2_2 = 6.077100506303966e-11;
static const double PIO2_3 = 2.0222662487111665e-21;
static const double PIO2_3T = 8.4784276603689e-32;
static const double PIO2_HI = 1.5707963267948966;         /* pi/2 as a double-double */
static const double PIO2_LO = 6.123233995736766e-17;
static const double SIXTH_HI = 0.16666666666666666;       /* 1/6 as a double-double */
static const double SIXTH_LO = 9.25185853854297e-18;

/* The kernels return their result as a double-double whose high part is already the
 * sum rounded to double: that is what sin and cos return, and tan divides the pairs. */

/* sin(r + c), |r| <= pi/4, |c| tiny: with z = (r + c)^2,
 *     sin(r + c) = (r + c) - (r + c)^3 (1/6 - z/5! + z^2/7! - ... + z^9/21!).
 * The cube and its factor near -1/6 are kept in double-double; the rest of the
 * factor, below 0.01, can be a plain double. */
static struct dd sin_kernel(double r, double c)
{
    double z = r * r;
    double q = -1.0 / 51090942171709440000.0;
    struct dd zz, cube, f, s;

    q = 1.0 / 121645100408832000.0 + z * q;
    q = -1.0 / 355687428096000.0 + z * q;
    q = 1.0 / 1307674368000.0 + z * q;
    q = -1.0 / 6227020800.0 + z * q;
    q = 1.0 / 39916800 + z * q;
    q = -1.0 / 362880 + z * q;
    q = 1.0 / 5040 + z * q;
    q = -1.0 / 120 + z * q;              /* -1/6 - z q is the whole factor */
    zz = two_prod(r, r);
    zz.lo += 2.0 * r * c;
    cube = two_prod(zz.hi, r);
    cube.lo += zz.hi * c + zz.lo * r;
    f = two_sum(-SIXTH_HI, -(z * q));
    f.lo -= SIXTH_LO;
    cube = dd_mul(cube, f);
    s = two_sum(r, cube.hi);
    s.lo += c + cube.lo;
    return two_sum(s.hi, s.lo);
}

/* cos(r + c), |r| <= pi/4, |c| tiny: with z = (r + c)^2,
 *     cos(r + c) = 1 - z/2 + z^2 (1/4! - z/6! + ... + z^8/20!).
 * 1 - z/2 is kept in double-double; the last term, below 0.02, is a plain double. */
static struct dd cos_kernel(double r, double c)
{
    double z = r * r;
    double p = 1.0 / 2432902008176640000.0;
    struct dd zz, w, s;

    p = -1.0 / 6402373705728000.0 + z * p;
    p = 1.0 / 20922789888000.0 + z * p;
    p = -1.0 / 87178291200.0 + z * p;
    p = 1.0 / 479001600 + z * p;
    p = -1.0 / 3628800 + z * p;
    p = 1.0 / 40320 + z * p;
    p = -1.0 / 720 + z * p;
    p = 1.0 / 24 + z * p;
    zz = two_prod(r, r);
    zz.lo += 2.0 * r * c;
    w = two_sum(1.0, -0.5 * zz.hi);
    w.lo -= 0.5 * zz.lo;
    s = two_sum(w.hi, z * z * p);
    s.lo += w.lo;
    return two_sum(s.hi, s.lo);
}

/* n / d in double-double, rounded once: the quotient's error term is found exactly
 * (two_prod) and divided again. */
static double dd_div(struct dd n, struct dd d)
{
    double t = n.hi / d.hi;
    struct dd e = two_prod(t, d.hi);

    return t + (((n.hi - e.hi) - e.lo) + n.lo - t * d.lo) / d.hi;
}

/* x = k * pi/2 + (r + c); returns k mod 4. */
static int reduce(double x, double *r, double *c)
{
    double k, a, w, t, ax = fabs(x);
    struct dd d;

    if (ax <= 0.7853981633974483) {
        *r = x;
        *c = 0.0;
        return 0;
    }
    if (ax < 524288.0) {
        k = rint(x * 0.6366197723675814);   /* 2/pi; |k| < 2^19 */
        a = x - k * PIO2_1;                 /* exact: k * PIO2_1 is, and so is the difference */
        w = k * PIO2_2;                     /* exact too */
        d = two_sum(a, -w);
        /* The rounding error of a - w, less the last parts of pi/2. */
        t = d.lo - (k * PIO2_3 + k * PIO2_3T);
        d = two_sum(d.hi, t);
        /* The roundings of the last parts and of t leave r + c within about 2^-100
         * of the truth: harmless unless r is tiny. */
        if (fabs(d.hi) > 1.4901161193847656e-08) {     /* 2^-26 */
            *r = d.hi;
            *c = d.lo;
            return (int)((long long)k & 3);
        }
    }
    return __rem_pio2_large(x, r, c);
}

double sin(double x)
{
    double r, c;

    if (isnan(x) || isinf(x))
        return x - x;
    if (fabs(x) < 7.450580596923828e-09)    /* 2^-27: sin x rounds to x */
        return x;
    switch (reduce(x, &r, &c)) {
    case 0: return sin_kernel(r, c).hi;
    case 1: return cos_kernel(r, c).hi;
    case 2: return -sin_kernel(r, c).hi;
    default: return -cos_kernel(r, c).hi;
    }
}

double cos(double x)
{
    double r, c;

    if (isnan(x) || isinf(x))
        return x - x;
    if (fabs(x) < 7.450580596923828e-09)    /* 2^-27: cos x rounds to 1 */
        return 1.0;
    switch (reduce(x, &r, &c)) {
    case 0: return cos_kernel(r, c).hi;
    case 1: return -sin_kernel(r, c).hi;
    case 2: return -cos_kernel(r, c).hi;
    default: return sin_kernel(r, c).hi;
    }
}

/* tan = sin / cos on the reduced argument, and -cos / sin a quarter turn on. */
double tan(double x)
{
    double r, c;
    struct dd s, k;

    if (isnan(x) || isinf(x))
        return x - x;
    if (fabs(x) < 7.450580596923828e-09)    /* 2^-27: tan x rounds to x */
        return x;
    if (reduce(x, &r, &c) & 1) {
        s = sin_kernel(r, c);
        k = cos_kernel(r, c);
        return -dd_div(k, s);
    }
    s = sin_kernel(r, c);
    k = cos_kernel(r, c);
    return dd_div(s, k);
}

/* atan(k/8) for k = 0 .. 20, as double-doubles: the points atan reduces to. */
static const double AT_HI[21] = {
    0.0, 0.12435499454676144, 0.24497866312686414, 0.35877067027057225, 0.4636476090008061,
    0.5585993153435624, 0.6435011087932844, 0.7188299996216245, 0.7853981633974483,
    0.844153986113171, 0.8960553845713439, 0.9420000403794636, 0.982793723247329,
    1.0191413442663497, 1.0516502125483738, 1.0808390005411683, 1.1071487177940904,
    1.1309537439791604, 1.1525719972156676, 1.1722738811284763, 1.1902899496825317
};
static const double AT_LO[21] = {
    0.0, -3.1253241424539383e-18, 1.0698755618734451e-17, -2.4623815582638635e-17,
    2.2698777452961687e-17, -5.4556305485916264e-18, 1.5834785051444286e-17,
    -2.1478388444456983e-17, 3.061616997868383e-17, -4.841337011934917e-17,
    2.923876285774305e-17, 5.4608374858466876e-17, 1.3903311031230998e-17,
    1.0004018869366799e-17, -9.650564731467514e-17, -1.5676322511359073e-17,
    9.40447137356638e-17, 7.123833804538446e-17, -9.159738508900379e-17,
    8.385188614028674e-17, 7.683333629842069e-17
};

/* atan(u) for |u| <= 1/16: u - u^3/3 + u^5/5 - ..., to u^17 (the next term is below
 * 2^-70 of u). */
static double atan_series(double u)
{
    double z = u * u;
    double p = -1.0 / 17;
    p = 1.0 / 15 + z * p;
    p = -1.0 / 13 + z * p;
    p = 1.0 / 11 + z * p;
    p = -1.0 / 9 + z * p;
    p = 1.0 / 7 + z * p;
    p = -1.0 / 5 + z * p;
    p = 1.0 / 3 + z * p;
    return u - u * z * p;
}

/* atan(a) for 0 <= a <= 2.5: a = c + (a - c) with c = k/8 the nearest eighth, and
 * atan(a) = atan(c) + atan(u), u = (a - c) / (1 + a c), |u| <= 1/16. */
static double atan_reduced(double a, double extra_lo)
{
    int k = (int)(a * 8 + 0.5);
    double c = k / 8.0;
    double u = (a - c) / (1.0 + a * c);

    if (k == 0)
        return atan_series(a) + extra_lo;
    return AT_HI[k] + ((AT_LO[k] + extra_lo) + atan_series(u));
}

double atan(double x)
{
    double ax = fabs(x), r;

    if (isnan(x))
        return x;
    if (ax < 1e-9)
        return x;
    if (ax <= 2.5)
        return copysign(atan_reduced(ax, 0.0), x);
    /* atan(x) = pi/2 - atan(1/x), and 1/x < 0.4 reduces as above. */
    if (ax > 1e17)
        r = PIO2_HI;
    else
        r = PIO2_HI + (PIO2_LO - atan_reduced(1.0 / ax, 0.0));
    return copysign(r, x);
}

/* The angle of the point (x, y): atan(y/x) put in the right quadrant, with C99's
 * answers for zeros and infinities. */
double atan2(double y, double x)
{
    double pi = 3.141592653589793, pi_lo = 1.2246467991473532e-16, a;

    if (isnan(x) || isnan(y))
        return x + y;
    if (y == 0) {
        if (signbit(x))
            return copysign(pi, y);
        return y;
    }
    if (x == 0)
        return copysign(PIO2_HI, y);
    if (isinf(x)) {
        if (isinf(y))
            return copysign(x > 0 ? PIO2_HI * 0.5 : 3 * PIO2_HI * 0.5, y);
        return x > 0 ? copysign(0.0, y) : copysign(pi, y);
    }
    if (isinf(y))
        return copysign(PIO2_HI, y);
    if (fabs(y) > fabs(x) * 1e17)
        return copysign(PIO2_HI, y);
    if (x < 0 && fabs(y) < fabs(x) * 1e-17)
        return copysign(pi, y);
    a = atan(fabs(y / x));
    if (x < 0)
        a = pi - a + pi_lo;
    return copysign(a, y);
}

/* asin x = atan(x / sqrt(1 - x^2)), with 1 - x^2 as (1 - x)(1 + x), which keeps its
 * digits near |x| = 1. */
double asin(double x)
{
    double ax = fabs(x);

    if (isnan(x))
        return x;
    if (ax > 1)
        return (x - x) / (x - x);
    if (ax == 1)
        return copysign(PIO2_HI, x);
    if (ax < 1e-9)
        return x;
    return atan(x / sqrt((1.0 - ax) * (1.0 + ax)));
}

/* acos x = pi/2 - asin x, or from the half angle when that would cancel:
 * acos x = 2 atan(sqrt((1 - x) / (1 + x))). */
double acos(double x)
{
    double ax = fabs(x);

    if (isnan(x))
        return x;
    if (ax > 1)
        return (x - x) / (x - x);
    if (ax <= 0.5)
        return PIO2_HI + (PIO2_LO - asin(x));
    return 2.0 * atan(sqrt((1.0 - x) / (1.0 + x)));
}

/* sinh x = (e^x - e^-x)/2 = (E + E/(E+1))/2 with E = e^|x| - 1, which keeps the
 * digits of small x. */
double sinh(double x)
{
    double ax = fabs(x), e, r;

    if (isnan(x) || isinf(x))
        return x;
    if (ax < 1e-9)
        return x;
    if (ax < 22) {
        e = expm1(ax);
        r = 0.5 * (e + e / (e + 1.0));
    } else if (ax < 709.7) {
        r = 0.5 * exp(ax);
    } else {
        e = exp(0.5 * ax);              /* e^|x| would overflow before the halving */
        r = (0.5 * e) * e;
    }
    return copysign(r, x);
}

double cosh(double x)
{
    double ax = fabs(x), e;

    if (isnan(x))
        return x;
    if (ax < 0.5) {
        /* 1 + E^2 / (2 (1 + E)), E = e^|x| - 1: no cancellation near 1. */
        e = expm1(ax);
        return 1.0 + (e * e) / (2.0 * (1.0 + e));
    }
    if (ax < 22) {
        e = exp(ax);
        return 0.5 * e + 0.5 / e;
    }
    if (ax < 709.7)
        return 0.5 * exp(ax);
    e = exp(0.5 * ax);
    return (0.5 * e) * e;
}

/* tanh x = E / (E + 2) with E = e^(2|x|) - 1. */
double tanh(double x)
{
    double ax = fabs(x), e;

    if (isnan(x))
        return x;
    if (ax < 1e-9)
        return x;
    if (ax > 22)
        return copysign(1.0, x);
    e = expm1(2.0 * ax);
    return copysign(e / (e + 2.0), x);
}
