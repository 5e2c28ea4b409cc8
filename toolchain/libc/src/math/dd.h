/* Double-double arithmetic: a number carried as hi + lo, two doubles, where lo holds
 * what hi could not. It gives about 106 bits, enough to compute a function's value a
 * little more precisely than a double and then round once at the end: that is how
 * log, pow and friends stay within one unit in the last place (ulp).
 *
 * The two basic tricks are exact: two_sum finds the rounding error of an addition
 * (Knuth), two_prod that of a multiplication (Dekker: split each factor into halves
 * of 26 bits, whose products are exact). */
#ifndef _MATH_DD_H
#define _MATH_DD_H

struct dd {
    double hi;
    double lo;
};

static struct dd two_sum(double a, double b)
{
    struct dd r;
    double bb;

    r.hi = a + b;
    bb = r.hi - a;
    r.lo = (a - (r.hi - bb)) + (b - bb);
    return r;
}

static struct dd two_prod(double a, double b)
{
    double split = 134217729.0;         /* 2^27 + 1 */
    double t, ah, al, bh, bl;
    struct dd r;

    t = split * a;
    ah = t - (t - a);
    al = a - ah;
    t = split * b;
    bh = t - (t - b);
    bl = b - bh;
    r.hi = a * b;
    r.lo = ((ah * bh - r.hi) + ah * bl + al * bh) + al * bl;
    return r;
}

static struct dd dd_make(double hi, double lo)
{
    struct dd r = two_sum(hi, lo);
    return r;
}

static struct dd dd_add(struct dd a, struct dd b)
{
    struct dd s = two_sum(a.hi, b.hi);
    return two_sum(s.hi, s.lo + a.lo + b.lo);
}

static struct dd dd_mul(struct dd a, struct dd b)
{
    struct dd p = two_prod(a.hi, b.hi);
    return two_sum(p.hi, p.lo + (a.hi * b.lo + a.lo * b.hi));
}

#endif
