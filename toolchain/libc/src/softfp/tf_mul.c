/* binary128 multiplication and division (see internal/softfp.h). */
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

static struct __tf signed_zero(int sign)
{
    struct __tf r;

    r.hi = (uint64_t)sign << 63;
    r.lo = 0;
    return r;
}

static struct __tf signed_inf(int sign)
{
    struct __tf r;

    r.hi = ((uint64_t)sign << 63) | ((uint64_t)TF_EXP_MAX << 48);
    r.lo = 0;
    return r;
}

/* The 128-bit product of two 64-bit words, from four 32 x 32 -> 64 bit products. */
static struct __tf mul64(uint64_t a, uint64_t b)
{
    uint64_t a0 = a & 0xffffffffu, a1 = a >> 32;
    uint64_t b0 = b & 0xffffffffu, b1 = b >> 32;
    uint64_t p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
    uint64_t mid = (p00 >> 32) + (p01 & 0xffffffffu) + (p10 & 0xffffffffu);   /* < 3 * 2^32 */
    struct __tf r;

    r.lo = (mid << 32) | (p00 & 0xffffffffu);
    r.hi = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
    return r;
}

struct __tf __tf_mul(struct __tf a, struct __tf b)
{
    int sign = (int)((a.hi ^ b.hi) >> 63);
    int ea, eb;
    struct __tf x, y, p00, p01, p10, p11, top;
    uint64_t w1, w2, w3, c;

    if (__tf_isnan(a) || __tf_isnan(b))
        return __tf_pick_nan(a, b);
    if (is_inf(a) || is_inf(b)) {
        if (is_zero(a) || is_zero(b))
            return __tf_default_nan();
        return signed_inf(sign);
    }
    if (is_zero(a) || is_zero(b))
        return signed_zero(sign);

    /* Both significands to the top of 128 bits; the 256-bit product then has its top
     * bit at 255 or 254, and its upper half keeps 127 bits or more of it. */
    x = __tf_shl(__tf_unpack(a, &ea), 15);
    y = __tf_shl(__tf_unpack(b, &eb), 15);
    p00 = mul64(x.lo, y.lo);
    p01 = mul64(x.lo, y.hi);
    p10 = mul64(x.hi, y.lo);
    p11 = mul64(x.hi, y.hi);
    /* Add up the columns: w1 (bits 64..127), w2, w3; the bottom word only counts
     * as "not zero". */
    w1 = p00.hi + p01.lo;
    c = w1 < p00.hi;
    w1 += p10.lo;
    c += w1 < p10.lo;
    w2 = p11.lo + c;
    c = w2 < c;
    w2 += p01.hi;
    c += w2 < p01.hi;
    w2 += p10.hi;
    c += w2 < p10.hi;
    w3 = p11.hi + c;
    top.hi = w3;
    top.lo = w2;
    /* x = X * 2^(ea - 127) with X the integer in x, and the same for y: the product
     * is top * 2^(ea + eb - 126). */
    return __tf_round_pack(sign, ea + eb + 1, top, (w1 | p00.lo) != 0);
}

struct __tf __tf_div(struct __tf a, struct __tf b)
{
    int sign = (int)((a.hi ^ b.hi) >> 63);
    int ea, eb;
    int i;
    struct __tf x, y, q;

    if (__tf_isnan(a) || __tf_isnan(b))
        return __tf_pick_nan(a, b);
    if (is_inf(a)) {
        if (is_inf(b))
            return __tf_default_nan();
        return signed_inf(sign);
    }
    if (is_inf(b))
        return signed_zero(sign);
    if (is_zero(b)) {
        if (is_zero(a))
            return __tf_default_nan();
        return signed_inf(sign);
    }
    if (is_zero(a))
        return signed_zero(sign);

    /* Long division, one quotient bit per step, as on paper: 116 bits of quotient
     * are the 113 kept, the rounding bit and more; what remains says whether the
     * quotient goes on (sticky). x stays below 2y, so below 2^114 before the shift. */
    x = __tf_unpack(a, &ea);
    y = __tf_unpack(b, &eb);
    q.hi = q.lo = 0;
    for (i = 0; i < 116; i++) {
        q.hi = (q.hi << 1) | (q.lo >> 63);
        q.lo <<= 1;
        if (x.hi > y.hi || (x.hi == y.hi && x.lo >= y.lo)) {
            x.hi = x.hi - y.hi - (x.lo < y.lo);
            x.lo -= y.lo;
            q.lo |= 1;
        }
        x.hi = (x.hi << 1) | (x.lo >> 63);
        x.lo <<= 1;
    }
    /* q = floor(X / Y * 2^115) and |a / b| = X / Y * 2^(ea - eb). */
    return __tf_round_pack(sign, ea - eb + 12, q, (x.hi | x.lo) != 0);
}
