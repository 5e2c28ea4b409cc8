/* binary128 addition, subtraction and negation (see internal/softfp.h). */
#include <stdint.h>
#include "../internal/softfp.h"

static int is_zero(struct __tf a)
{
    return ((a.hi << 1) | a.lo) == 0;
}

static int is_inf(struct __tf a)
{
    return (a.hi & ~TF_SIGN) == ((uint64_t)TF_EXP_MAX << 48) && a.lo == 0;
}

struct __tf __tf_add(struct __tf a, struct __tf b)
{
    int sa = (int)(a.hi >> 63);
    int sb = (int)(b.hi >> 63);
    int ea, eb;
    struct __tf x, y, s;

    if (__tf_isnan(a) || __tf_isnan(b))
        return __tf_pick_nan(a, b);
    if (is_inf(a)) {
        if (is_inf(b) && sa != sb)
            return __tf_default_nan();
        return a;
    }
    if (is_inf(b))
        return b;
    if (is_zero(a)) {
        /* 0 + 0 is -0 only when both are: x - x is +0 when rounding to nearest. */
        if (is_zero(b))
            b.hi &= a.hi | ~TF_SIGN;
        return b;
    }
    if (is_zero(b))
        return a;

    /* Both finite and non-zero: the significands, 113 bits, moved up 14 places so
     * that the bits shifted out of the smaller operand stay for the rounding, and
     * bit 127 is free for the carry. Then x is the larger in magnitude. */
    x = __tf_shl(__tf_unpack(a, &ea), 14);
    y = __tf_shl(__tf_unpack(b, &eb), 14);
    if (ea < eb || (ea == eb && (x.hi < y.hi || (x.hi == y.hi && x.lo < y.lo)))) {
        struct __tf t = x;
        int te = ea;
        int ts = sa;
        x = y;
        y = t;
        ea = eb;
        eb = te;
        sa = sb;
        sb = ts;
    }
    /* Anything shifted out of y sticks to its lowest bit: below the rounding point
     * even when a subtraction takes away the top bit (it can take away more only when
     * the exponents are within one, and then nothing was shifted out). */
    y = __tf_shr_jam(y, ea - eb);
    if (sa == sb) {
        s.lo = x.lo + y.lo;
        s.hi = x.hi + y.hi + (s.lo < x.lo);
    } else {
        s.lo = x.lo - y.lo;
        s.hi = x.hi - y.hi - (x.lo < y.lo);
        if ((s.hi | s.lo) == 0) {
            s.hi = 0;           /* x - x is +0 */
            return s;
        }
    }
    /* x's top bit, bit 126, is worth 2^ea. */
    return __tf_round_pack(sa, ea + 1, s, 0);
}

struct __tf __tf_neg(struct __tf a)
{
    a.hi ^= TF_SIGN;
    return a;
}

/* a - b is a + (-b), except that a NaN b keeps its sign (libgcc does not negate it). */
struct __tf __tf_sub(struct __tf a, struct __tf b)
{
    if (!__tf_isnan(b))
        b.hi ^= TF_SIGN;
    return __tf_add(a, b);
}
