/* Conversions between binary128 and float, double and the integers (see
 * internal/softfp.h). */
#include <stdint.h>
#include "../internal/softfp.h"

/* A narrower IEEE format: float or double. */
struct narrow {
    int mant;           /* significand bits with the hidden one: 24 or 53 */
    int bias;           /* 127 or 1023; the exponent field of inf and NaN is 2 * bias + 1 */
};

static const struct narrow F32 = { 24, 127 };
static const struct narrow F64 = { 53, 1023 };

/* Widening is exact: the fraction moves up to the top of binary128's. A signalling NaN
 * is quieted and keeps its payload, moved up with the rest of the fraction. */
static struct __tf widen(uint64_t bits, const struct narrow *f)
{
    int fbits = f->mant - 1;
    int sign = (int)(bits >> (f->mant == 53 ? 63 : 31));
    int biased = (int)((bits >> fbits) & (uint64_t)(2 * f->bias + 1));
    uint64_t frac = bits & ((1ULL << fbits) - 1);
    struct __tf r;

    /* The fraction's top bit goes to bit 111 of the result. */
    if (fbits > 48) {
        r.hi = frac >> (fbits - 48);
        r.lo = frac << (64 - (fbits - 48));
    } else {
        r.hi = frac << (48 - fbits);
        r.lo = 0;
    }
    if (biased == 2 * f->bias + 1) {
        r.hi |= (uint64_t)TF_EXP_MAX << 48;
        if (frac != 0)
            r.hi |= TF_QUIET;
    } else if (biased != 0) {
        r.hi |= (uint64_t)(biased - f->bias + TF_BIAS) << 48;
    } else if (frac != 0) {
        /* Subnormal in the narrow format, normal in binary128: frac * 2^(1 - bias - fbits). */
        struct __tf sig;
        sig.hi = 0;
        sig.lo = frac;
        return __tf_round_pack(sign, 1 - f->bias - fbits + 127, sig, 0);
    }
    r.hi |= (uint64_t)sign << 63;
    return r;
}

struct __tf __tf_from_f32(uint32_t bits)
{
    return widen(bits, &F32);
}

struct __tf __tf_from_f64(uint64_t bits)
{
    return widen(bits, &F64);
}

/* Narrowing rounds, to nearest, ties to even, and may overflow to infinity or
 * underflow to a subnormal or zero. A NaN keeps the top of its payload. */
static uint64_t narrow(struct __tf a, const struct narrow *f)
{
    int fbits = f->mant - 1;
    uint64_t emax = (uint64_t)(2 * f->bias + 1);
    uint64_t sign = (a.hi >> 63) << (f->mant == 53 ? 63 : 31);
    int biased = (int)((a.hi >> 48) & TF_EXP_MAX);
    int exp;
    int drop;
    struct __tf sig;
    uint64_t s, m, rb, half;

    if (biased == TF_EXP_MAX) {
        uint64_t frac = ((a.hi & TF_FRAC_HI) << 16) | (a.lo >> 48);      /* top 64 bits */
        if (((a.hi & TF_FRAC_HI) | a.lo) == 0)
            return sign | (emax << fbits);
        return sign | (emax << fbits) | (1ULL << (fbits - 1)) | (frac >> (64 - fbits));
    }
    if (biased == 0 && ((a.hi & TF_FRAC_HI) | a.lo) == 0)
        return sign;

    /* The significand to the top of 64 bits; everything below sticks to bit 0. */
    sig = __tf_unpack(a, &exp);
    sig = __tf_shl(sig, 15);
    s = sig.hi | (sig.lo != 0);
    biased = exp + f->bias;
    if (biased >= (int)emax)
        return sign | (emax << fbits);
    if (biased <= 0) {
        /* Subnormal in the narrow format: its scale is fixed at the smallest normal's. */
        int shift = 1 - biased;
        s = shift >= 64 ? (s != 0) : (s >> shift) | ((s << (64 - shift)) != 0);
        biased = 1;
    }
    drop = 64 - f->mant;
    m = s >> drop;
    rb = s & ((1ULL << drop) - 1);
    half = 1ULL << (drop - 1);
    if (rb > half || (rb == half && (m & 1)))
        m++;
    /* As in __tf_round_pack, a carry runs on into the exponent field, to infinity at worst. */
    return sign | (((uint64_t)(biased - 1) << fbits) + m);
}

uint32_t __tf_to_f32(struct __tf a)
{
    return (uint32_t)narrow(a, &F32);
}

uint64_t __tf_to_f64(struct __tf a)
{
    return narrow(a, &F64);
}

/* To an integer: toward zero. What does not fit (NaN included, taken by its sign)
 * becomes the nearest end of the type's range, as with libgcc. *huge is set when the
 * magnitude reaches 2^64 or more, *neg when a is negative. */
static uint64_t truncate(struct __tf a, int *neg, int *huge)
{
    int biased = (int)((a.hi >> 48) & TF_EXP_MAX);
    int e = biased - TF_BIAS;
    int shift;
    uint64_t hi = (a.hi & TF_FRAC_HI) | (1ULL << 48);

    *neg = (int)(a.hi >> 63);
    *huge = 0;
    if (biased == TF_EXP_MAX || e >= 64) {
        *huge = 1;
        return 0;
    }
    if (e < 0)
        return 0;
    /* |a| = sig * 2^(e - 112) with e <= 63: the integer part is sig >> (112 - e). */
    shift = 112 - e;
    if (shift >= 64)
        return hi >> (shift - 64);
    return (hi << (64 - shift)) | (a.lo >> shift);
}

int64_t __tf_to_i64(struct __tf a)
{
    int neg, huge;
    uint64_t m = truncate(a, &neg, &huge);

    if (neg) {
        if (huge || m > 0x8000000000000000ULL)
            return INT64_MIN;
        return (int64_t)(0 - m);
    }
    if (huge || m > (uint64_t)INT64_MAX)
        return INT64_MAX;
    return (int64_t)m;
}

int32_t __tf_to_i32(struct __tf a)
{
    int neg, huge;
    uint64_t m = truncate(a, &neg, &huge);

    if (neg) {
        if (huge || m > 0x80000000ULL)
            return INT32_MIN;
        return (int32_t)(0 - (uint32_t)m);
    }
    if (huge || m > (uint64_t)INT32_MAX)
        return INT32_MAX;
    return (int32_t)m;
}

uint64_t __tf_to_u64(struct __tf a)
{
    int neg, huge;
    uint64_t m = truncate(a, &neg, &huge);

    if (neg)
        return 0;
    return huge ? UINT64_MAX : m;
}

uint32_t __tf_to_u32(struct __tf a)
{
    int neg, huge;
    uint64_t m = truncate(a, &neg, &huge);

    if (neg)
        return 0;
    return huge || m > UINT32_MAX ? UINT32_MAX : (uint32_t)m;
}

/* From an integer: always exact (64 bits fit in 113). */
static struct __tf from_magnitude(int sign, uint64_t m)
{
    struct __tf sig;

    if (m == 0) {
        sig.hi = (uint64_t)sign << 63;
        sig.lo = 0;
        return sig;
    }
    sig.hi = 0;
    sig.lo = m;
    return __tf_round_pack(sign, 127, sig, 0);
}

struct __tf __tf_from_i64(int64_t v)
{
    return v < 0 ? from_magnitude(1, 0 - (uint64_t)v) : from_magnitude(0, (uint64_t)v);
}

struct __tf __tf_from_i32(int32_t v)
{
    return __tf_from_i64(v);
}

struct __tf __tf_from_u64(uint64_t v)
{
    return from_magnitude(0, v);
}

struct __tf __tf_from_u32(uint32_t v)
{
    return from_magnitude(0, v);
}
