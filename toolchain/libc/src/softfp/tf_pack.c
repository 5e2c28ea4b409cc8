/* binary128 in software: the pieces every operation shares (see internal/softfp.h). */
#include <stdint.h>
#include "../internal/softfp.h"

int __tf_isnan(struct __tf a)
{
    uint64_t h = a.hi & ~TF_SIGN;

    return h > ((uint64_t)TF_EXP_MAX << 48) || (h == ((uint64_t)TF_EXP_MAX << 48) && a.lo != 0);
}

int __tf_issnan(struct __tf a)
{
    return __tf_isnan(a) && (a.hi & TF_QUIET) == 0;
}

/* AArch64's libgcc (like the hardware's FPU for float and double) prefers a signalling
 * NaN, because that is the one that reports a problem, and otherwise the first
 * operand; the answer keeps its sign and payload and is made quiet. */
struct __tf __tf_pick_nan(struct __tf a, struct __tf b)
{
    struct __tf r;

    if (!__tf_isnan(a) || (__tf_issnan(b) && !__tf_issnan(a)))
        r = b;
    else
        r = a;
    r.hi |= TF_QUIET;
    return r;
}

struct __tf __tf_default_nan(void)
{
    struct __tf r;

    r.hi = 0x7fffffffffffffffULL;
    r.lo = 0xffffffffffffffffULL;
    return r;
}

struct __tf __tf_shr_jam(struct __tf x, int n)
{
    struct __tf r;
    uint64_t lost;

    if (n == 0)
        return x;
    if (n >= 128) {
        r.hi = 0;
        r.lo = (x.hi | x.lo) != 0;
        return r;
    }
    if (n >= 64) {
        lost = x.lo | (n > 64 ? x.hi << (128 - n) : 0);
        r.lo = n == 64 ? x.hi : x.hi >> (n - 64);
        r.hi = 0;
    } else {
        lost = x.lo << (64 - n);
        r.lo = (x.lo >> n) | (x.hi << (64 - n));
        r.hi = x.hi >> n;
    }
    r.lo |= lost != 0;
    return r;
}

struct __tf __tf_shl(struct __tf x, int n)
{
    struct __tf r;

    if (n == 0)
        return x;
    if (n >= 128) {
        r.hi = r.lo = 0;
    } else if (n >= 64) {
        r.hi = x.lo << (n - 64);
        r.lo = 0;
    } else {
        r.hi = (x.hi << n) | (x.lo >> (64 - n));
        r.lo = x.lo << n;
    }
    return r;
}

static int clz64(uint64_t x)
{
    int n = 0;

    if (x == 0)
        return 64;
    /* Halve the search each time: 32, 16, ... bits at the top. */
    if ((x >> 32) == 0) { n += 32; x <<= 32; }
    if ((x >> 48) == 0) { n += 16; x <<= 16; }
    if ((x >> 56) == 0) { n += 8; x <<= 8; }
    if ((x >> 60) == 0) { n += 4; x <<= 4; }
    if ((x >> 62) == 0) { n += 2; x <<= 2; }
    if ((x >> 63) == 0) n += 1;
    return n;
}

int __tf_clz(struct __tf x)
{
    return x.hi != 0 ? clz64(x.hi) : 64 + clz64(x.lo);
}

struct __tf __tf_unpack(struct __tf a, int *exp)
{
    int biased = (int)((a.hi >> 48) & TF_EXP_MAX);
    struct __tf sig;

    sig.hi = a.hi & TF_FRAC_HI;
    sig.lo = a.lo;
    if (biased != 0) {
        sig.hi |= 1ULL << 48;
        *exp = biased - TF_BIAS;
        return sig;
    }
    /* Subnormal: 0.fraction * 2^-16382. Move the top 1 up to bit 112. */
    {
        int shift = __tf_clz(sig) - 15;
        *exp = 1 - TF_BIAS - shift;
        return __tf_shl(sig, shift);
    }
}

struct __tf __tf_round_pack(int sign, int exp, struct __tf sig, int sticky)
{
    int lz = __tf_clz(sig);
    int biased;
    uint64_t rb;
    struct __tf m;
    struct __tf r;
    int up;

    /* Normalise: the top bit to bit 127, worth 2^exp. */
    sig = __tf_shl(sig, lz);
    exp -= lz;
    biased = exp + TF_BIAS;
    if (biased >= TF_EXP_MAX) {
        r.hi = ((uint64_t)TF_EXP_MAX << 48) | ((uint64_t)sign << 63);
        r.lo = 0;
        return r;
    }
    if (biased <= 0) {
        /* Below the normal range the format has fewer bits: line sig up with the
         * subnormals' fixed scale 2^-16382, which is the smallest normal's. */
        sig = __tf_shr_jam(sig, 1 - biased);
        biased = 1;
    }
    /* Keep the top 113 bits; the 15 below them decide the rounding. */
    rb = (sig.lo & 0x7fff) | (uint64_t)(sticky != 0);
    m.lo = (sig.lo >> 15) | (sig.hi << 49);
    m.hi = sig.hi >> 15;
    up = rb > 0x4000 || (rb == 0x4000 && (m.lo & 1));
    if (up) {
        m.lo++;
        if (m.lo == 0)
            m.hi++;
    }
    /* m holds the hidden bit at bit 112 (bit 48 of hi): adding it to the exponent
     * field minus one gives the right field, also when rounding carried m up to 2^113
     * (the next binade) or a subnormal up to the smallest normal, and also when that
     * carry overflows to the exact bits of infinity. */
    r.hi = ((uint64_t)(biased - 1) << 48) + m.hi;
    r.lo = m.lo;
    r.hi |= (uint64_t)sign << 63;
    return r;
}
