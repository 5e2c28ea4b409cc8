/* Text to floating point: strtod, strtof, strtold, atof.
 *
 * The result must be the double nearest to the number the text writes, exactly: "0.1"
 * is not a double, and the answer is whichever neighbour of 0.1 is closer (ties to the
 * one with an even last bit). Float arithmetic cannot decide that (each step rounds),
 * so the digits become a big integer (internal/bigint.c) and the question becomes one
 * about integers:
 *
 *   the text is D * 10^k, D the digits as an integer;
 *   k >= 0: N = D * 10^k is an integer, exactly;
 *   k <  0: N = D * 2^s / 10^-k, with s large enough that N has more bits than the
 *           format keeps; the division's remainder only says "a little more" (sticky).
 *
 * Then the value is N * 2^-s, and rounding N to 53 bits (fewer for a subnormal) looks at
 * the first bit dropped (is it at least half?) and all the others (exactly half, or
 * more?). The same rounding serves hexadecimal text ("0x1.8p3"), whose digits are bits
 * already, and strtof and strtold, which round to their own widths directly: rounding to
 * double first and then to float would round twice and can be wrong. long double is the
 * x87's 80-bit format on x86-64 (64 bits, the leading 1 written out) and IEEE binary128
 * on AArch64 (113 bits), so the significand travels in two 64-bit words.
 *
 * What glibc does where C leaves a choice is done too: ERANGE for a result that
 * overflows, or underflows (tiny and inexact); "nan(n)" puts n in the
 * NaN's payload.
 */
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "../internal/bigint.h"

/* A binary floating-point format. */
struct fmt {
    int mant;           /* significand bits, the leading one included: 24, 53, 64, 113 */
    int emin;           /* exponent of the smallest normal number: -126, -1022, -16382 */
    int emax;           /* exponent of the largest: 127, 1023, 16383 */
    int kind;           /* how the bits are laid out */
    int max10;          /* D * 10^k with D of nd digits overflows if nd + k > max10 */
    int min10;          /* ... and is below half the smallest subnormal if nd + k < min10 */
    int digits;         /* significant digits worth keeping (see MAX_DIGITS) */
};

enum { IEEE, X87 };     /* x87: no hidden bit, the exponent in a word of its own */

static const struct fmt FLOAT_FMT = { 24, -126, 127, IEEE, 40, -47, 120 };
static const struct fmt DOUBLE_FMT = { 53, -1022, 1023, IEEE, 310, -330, 800 };
#ifdef __aarch64__
static const struct fmt LDOUBLE_FMT = { 113, -16382, 16383, IEEE, 4934, -4968, 11600 };
#else
static const struct fmt LDOUBLE_FMT = { 64, -16382, 16383, X87, 4934, -4954, 11550 };
#endif

/* The bits of a result of any format, as they lie in memory: float and double in lo;
 * long double in lo (the low 64 bits) and hi. */
struct bits {
    uint64_t lo;
    uint64_t hi;
};

/* At most this many significant decimal digits are kept. A halfway point between two
 * numbers of a format has at most so many of them (float 112, double 768, x87 11515,
 * binary128 11565), so the digits beyond cannot change the answer, except as a "more
 * than written" flag (sticky). */
#define MAX_DIGITS 11600

/* Infinity, with the sign bit given. */
static struct bits infinity(int sign, const struct fmt *f)
{
    struct bits r;

    r.hi = 0;
    if (f->kind == X87) {
        r.lo = 1ULL << 63;
        r.hi = 0x7fff | ((uint64_t)sign << 15);
    } else if (f->mant > 64) {
        r.lo = 0;
        r.hi = ((uint64_t)(2 * f->emax + 1) << (f->mant - 65)) | ((uint64_t)sign << 63);
    } else {
        r.lo = ((uint64_t)(2 * f->emax + 1) << (f->mant - 1)) |
               ((uint64_t)sign << (f->mant == 53 ? 63 : 31));
    }
    return r;
}

/* The bits of a finite number: m the significand (mant bits, the leading one included,
 * or fewer for a subnormal, m < 2^(mant-1)), biased the biased exponent if normal. */
static struct bits pack(int sign, uint64_t mhi, uint64_t mlo, int biased, const struct fmt *f)
{
    struct bits r;

    if (f->kind == X87) {
        /* The leading bit stays; a subnormal has exponent 0. */
        r.lo = mlo;
        r.hi = (uint64_t)((mlo >> 63) ? biased : 0) | ((uint64_t)sign << 15);
    } else if (f->mant > 64) {
        /* binary128: the hidden bit is bit 48 of hi; a subnormal has none. */
        r.lo = mlo;
        r.hi = (mhi & 0xffffffffffffULL) | ((uint64_t)sign << 63);
        if ((mhi >> 48) & 1)
            r.hi |= (uint64_t)biased << 48;
    } else {
        uint64_t hidden = 1ULL << (f->mant - 1);
        r.hi = 0;
        r.lo = (mlo & (hidden - 1)) | ((uint64_t)sign << (f->mant == 53 ? 63 : 31));
        if (mlo & hidden)
            r.lo |= (uint64_t)biased << (f->mant - 1);
    }
    return r;
}

/* Bits lo .. lo + count - 1 of N, count <= 128, as two words. */
static void extract(const struct big *n, int lo, int count, uint64_t *hi, uint64_t *low)
{
    *low = __big_extract(n, lo, count < 64 ? count : 64);
    *hi = count > 64 ? __big_extract(n, lo + 64, count - 64) : 0;
}

/* Round N * 2^-s (plus a little more if sticky) to the format; return its bits. */
static struct bits round_bits(const struct big *n, int s, int sticky, const struct fmt *f)
{
    int len = __big_bits(n);
    int top;            /* the exponent of N's top bit, as a power of two of the value */
    int lo;             /* the lowest bit of N the result keeps */
    uint64_t mhi, mlo;  /* the kept bits, then rounded */
    int half, rest, inexact, tiny;
    struct bits zero = { 0, 0 };

    if (len == 0)
        return zero;
    top = len - 1 - s;
    if (top > f->emax)
        goto overflow;

    /* Normally mant bits are kept; below the normal range, fewer (subnormal). */
    lo = len - f->mant;
    if (lo < f->emin - f->mant + 1 + s)
        lo = f->emin - f->mant + 1 + s;

    if (lo <= 0) {
        /* Every bit of N fits: exact. Move them up to where the format keeps them. */
        int up = -lo;
        extract(n, 0, len, &mhi, &mlo);
        if (up >= 64) {
            mhi = mlo << (up - 64);
            mlo = 0;
        } else if (up > 0) {
            mhi = (mhi << up) | (mlo >> (64 - up));
            mlo <<= up;
        }
        half = 0;
        rest = sticky;
    } else {
        mhi = mlo = 0;
        if (lo < len)
            extract(n, lo, len - lo, &mhi, &mlo);
        half = __big_bit(n, lo - 1);
        rest = sticky || __big_any_below(n, lo - 1);
    }
    inexact = half || rest;

    /* glibc reports underflow when the result is tiny and inexact. "Tiny" follows the
     * hardware (IEEE 754 lets it choose): x86 decides after rounding (to the format's
     * precision as if the exponent went on below emin), AArch64 before. */
    tiny = 0;
    if (top < f->emin) {
        tiny = 1;
#ifndef __aarch64__
        if (top == f->emin - 1) {
            /* Just below 2^emin: it is not tiny if rounding to mant bits carries it
             * up to 2^emin, that is if the mant bits are all ones and the first bit
             * dropped is a one (a tie rounds up too: all ones is odd). */
            int l2 = len - f->mant;
            if (l2 > 0 && __big_bit(n, l2 - 1)) {
                int i = l2;
                while (i < len && __big_bit(n, i))
                    i++;
                if (i == len)
                    tiny = 0;
            }
        }
#endif
    }
    if (tiny && inexact)
        errno = ERANGE;

    /* To nearest; on an exact tie, to the even neighbour. */
    if (half && (rest || (mlo & 1))) {
        mlo++;
        if (mlo == 0)
            mhi++;
    }
    if ((mhi | mlo) == 0)
        return zero;
    /* 1.111...1 rounded up to 10.000...0: one bit more than mant */
    if (f->mant > 64 ? (mhi >> (f->mant - 64)) != 0 : f->mant < 64 ? (mlo >> f->mant) != 0
                                                                   : mhi != 0) {
        mlo = (mlo >> 1) | (mhi << 63);
        mhi >>= 1;
        lo++;
    }
    {
        /* The biased exponent of a normal result (pack ignores it for a subnormal). */
        int e = lo - s + f->mant - 1;
        if (e > f->emax)
            goto overflow;
        return pack(0, mhi, mlo, e + f->emax, f);
    }

overflow:
    errno = ERANGE;
    return infinity(0, f);
}

static int hex_value(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Does s start with word, in either case? */
static int starts_with(const char *s, const char *word)
{
    while (*word) {
        if (tolower((unsigned char)*s) != *word)
            return 0;
        s++;
        word++;
    }
    return 1;
}

/* An exponent's digits ("e-12", "p+3"): 0 and stay put if no digit follows the letter
 * and its sign. Huge exponents are clamped: the value is zero or infinite anyway. */
static long read_exponent(const char **pp)
{
    const char *p = *pp + 1;
    int negative = 0;
    long e = 0;

    if (*p == '+' || *p == '-')
        negative = *p++ == '-';
    if (!isdigit((unsigned char)*p))
        return 0;
    while (isdigit((unsigned char)*p)) {
        if (e < 100000000)
            e = e * 10 + (*p - '0');
        p++;
    }
    *pp = p;
    return negative ? -e : e;
}

/* "0x" already seen; p is at the first digit or '.'. The bits of the result; *none if
 * there is no hex digit at all. */
static struct bits parse_hex(const char **pp, const struct fmt *f, int *none)
{
    const char *p = *pp;
    struct big n;
    int sticky = 0;
    int ndigits = 0;
    long e = 0;             /* the value is N * 2^e */
    int seen_point = 0;
    int any = 0;
    struct bits zero = { 0, 0 };

    __big_set(&n, 0);
    for (;; p++) {
        int v = hex_value((unsigned char)*p);
        if (*p == '.' && !seen_point) {
            seen_point = 1;
            continue;
        }
        if (v < 0)
            break;
        any = 1;
        if (ndigits == 0 && v == 0) {
            if (seen_point)
                e -= 4;     /* leading zeros after the point only scale */
            continue;
        }
        if (ndigits < 32) {
            /* 32 hex digits are 125 bits or more: enough for rounding to 113. */
            __big_mul_small(&n, 16);
            __big_add_small(&n, (uint32_t)v);
            ndigits++;
            if (seen_point)
                e -= 4;
        } else {
            if (v != 0)
                sticky = 1;
            if (!seen_point)
                e += 4;
        }
    }
    *none = !any;
    if (!any)
        return zero;            /* the caller reads "0x" as 0 followed by "x" */
    if (*p == 'p' || *p == 'P')
        e += read_exponent(&p);
    *pp = p;
    if (e > 100000)
        e = 100000;
    if (e < -100000)
        e = -100000;
    return round_bits(&n, (int)-e, sticky, f);
}

/* Decimal digits: the bits of the result. */
static struct bits parse_decimal(const char **pp, const struct fmt *f, int *none)
{
    const char *p = *pp;
    struct big n;
    char digits[MAX_DIGITS + 1];
    int nd = 0;
    int sticky = 0;
    long k = 0;             /* the value is D * 10^k */
    int seen_point = 0;
    int any = 0;
    int s = 0;
    int i;
    struct bits zero = { 0, 0 };

    for (;; p++) {
        if (*p == '.' && !seen_point) {
            seen_point = 1;
            continue;
        }
        if (!isdigit((unsigned char)*p))
            break;
        any = 1;
        if (nd == 0 && *p == '0') {
            if (seen_point)
                k--;
            continue;
        }
        if (nd < f->digits) {
            digits[nd++] = *p;
            if (seen_point)
                k--;
        } else {
            if (*p != '0')
                sticky = 1;
            if (!seen_point)
                k++;
        }
    }
    *none = !any;
    if (!any)
        return zero;
    if (*p == 'e' || *p == 'E')
        k += read_exponent(&p);
    *pp = p;
    if (nd == 0)
        return zero;

    /* Far out of range either way: no need to build the big number. */
    if (nd + k > f->max10) {
        errno = ERANGE;
        return infinity(0, f);
    }
    if (nd + k < f->min10) {
        errno = ERANGE;
        return zero;
    }
    if (sticky) {
        /* One more digit, a 1, stands for everything dropped: it puts the value
         * strictly between the kept digits and the next number they can write. */
        digits[nd++] = '1';
        k--;
    }

    /* D, nine digits at a time. */
    __big_set(&n, 0);
    for (i = 0; i < nd; i += 9) {
        uint32_t chunk = 0;
        uint32_t scale = 1;
        int j;
        for (j = i; j < nd && j < i + 9; j++) {
            chunk = chunk * 10 + (uint32_t)(digits[j] - '0');
            scale *= 10;
        }
        __big_mul_small(&n, scale);
        __big_add_small(&n, chunk);
    }

    if (k >= 0) {
        __big_mul_pow10(&n, (int)k);
    } else {
        /* D * 10^-kk = D * 2^-kk / 5^kk. Scale up so that the quotient keeps mant + 8
         * bits or more (5^kk has at most kk * 7/3 + 1 bits), then divide by 5^kk; the
         * division's remainder says whether there is more (sticky). */
        int kk = (int)-k;
        s = kk * 7 / 3 + 2 + f->mant + 8 - __big_bits(&n);
        if (s < 0)
            s = 0;
        __big_shl(&n, s);
        if (__big_div_pow5(&n, kk))
            sticky = 1;
        s += kk;
        return round_bits(&n, s, sticky, f);
    }
    return round_bits(&n, 0, 0, f);
}

/* The shared parser: the bits of the result in format f, with its sign. */
static struct bits parse(const char *s, char **end, const struct fmt *f)
{
    const char *p = s;
    int negative = 0;
    struct bits bits;
    int none = 0;

    bits.lo = bits.hi = 0;
    while (isspace((unsigned char)*p))
        p++;
    if (*p == '+' || *p == '-')
        negative = *p++ == '-';

    if (starts_with(p, "inf")) {
        p += starts_with(p, "infinity") ? 8 : 3;
        bits = infinity(0, f);
    } else if (starts_with(p, "nan")) {
        uint64_t payload = 0;
        p += 3;
        if (*p == '(') {
            /* "nan(n-char-sequence)": letters, digits and '_' up to a ')'. When they
             * form a number, glibc puts it into the NaN's fraction bits (those below
             * the quiet bit, as many as there are, at most 64). */
            const char *q = p + 1;
            while (isalnum((unsigned char)*q) || *q == '_')
                q++;
            if (*q == ')') {
                char *e;
                unsigned long long v = strtoull(p + 1, &e, 0);
                if (e == q)
                    payload = v;
                p = q + 1;
            }
        }
        bits = infinity(0, f);
        if (f->kind == X87) {
            bits.lo |= (1ULL << 62) | (payload & ((1ULL << 62) - 1));
        } else if (f->mant > 64) {
            bits.hi |= 1ULL << (f->mant - 66);
            bits.lo = payload;
        } else {
            bits.lo |= (1ULL << (f->mant - 2)) | (payload & ((1ULL << (f->mant - 2)) - 1));
        }
    } else if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
        const char *q = p + 2;
        int nohex = 0;
        bits = parse_hex(&q, f, &nohex);
        if (nohex)
            p++;                /* just the "0" */
        else
            p = q;
    } else {
        bits = parse_decimal(&p, f, &none);
        if (none)
            p = s;              /* no number at all: nothing is consumed */
    }
    if (end)
        *end = (char *)p;
    if (none) {
        bits.lo = bits.hi = 0;
    } else if (negative) {
        if (f->kind == X87)
            bits.hi |= 1 << 15;
        else if (f->mant > 64)
            bits.hi |= 1ULL << 63;
        else
            bits.lo |= 1ULL << (f->mant == 53 ? 63 : 31);
    }
    return bits;
}

double strtod(const char *s, char **end)
{
    struct bits b = parse(s, end, &DOUBLE_FMT);
    double d;

    memcpy(&d, &b.lo, sizeof d);
    return d;
}

float strtof(const char *s, char **end)
{
    uint32_t bits = (uint32_t)parse(s, end, &FLOAT_FMT).lo;
    float x;

    memcpy(&x, &bits, sizeof x);
    return x;
}

long double strtold(const char *s, char **end)
{
    struct bits b = parse(s, end, &LDOUBLE_FMT);
    long double x;

    /* Both long doubles take 16 bytes in memory (the x87's last 6 are padding). */
    memcpy(&x, &b, sizeof x);
    return x;
}

double atof(const char *s)
{
    return strtod(s, NULL);
}
