/* Text to floating point: strtod, strtof, atof.
 *
 * The result must be the double nearest to the number the text writes, exactly: "0.1"
 * is not a double, and the answer is whichever neighbour of 0.1 is closer (ties to the
 * one with an even last bit). Float arithmetic cannot decide that (each step rounds),
 * so the digits become a big integer (internal/bigint.c) and the question becomes one
 * about integers:
 *
 *   the text is D * 10^k, D the digits as an integer;
 *   k >= 0: N = D * 10^k is an integer, exactly;
 *   k <  0: N = D * 2^s / 10^-k, with s large enough that N has more bits than a
 *           double keeps; the division's remainder only says "a little more" (sticky).
 *
 * Then the value is N * 2^-s, and rounding N to 53 bits (fewer for a subnormal) looks at
 * the first bit dropped (is it at least half?) and all the others (exactly half, or
 * more?). The same rounding serves hexadecimal text ("0x1.8p3"), whose digits are bits
 * already, and strtof, which rounds to 24 bits directly: rounding to double first and
 * then to float would round twice and can be wrong.
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

/* A binary floating-point format: float or double. */
struct fmt {
    int mant;           /* significand bits, the hidden one included: 24 or 53 */
    int emin;           /* exponent of the smallest normal number: -126 or -1022 */
    int emax;           /* exponent of the largest: 127 or 1023 */
};

static const struct fmt DOUBLE_FMT = { 53, -1022, 1023 };
static const struct fmt FLOAT_FMT = { 24, -126, 127 };

/* At most this many significant decimal digits are kept. A halfway point between two
 * doubles has at most 768 of them, so the digits beyond cannot change the answer,
 * except as a "more than written" flag (sticky). */
#define MAX_DIGITS 800

/* Round N * 2^-s (plus a little more if sticky) to the format; return its bits. */
static uint64_t round_bits(const struct big *n, int s, int sticky, const struct fmt *f)
{
    int len = __big_bits(n);
    int top;            /* the exponent of N's top bit, as a power of two of the value */
    int lo;             /* the lowest bit of N the result keeps */
    uint64_t m;
    int half, rest, inexact, tiny;
    int bias = f->emax;
    uint64_t one = 1;

    if (len == 0)
        return 0;
    top = len - 1 - s;
    if (top > f->emax)
        goto overflow;

    /* Normally mant bits are kept; below the normal range, fewer (subnormal). */
    lo = len - f->mant;
    if (lo < f->emin - f->mant + 1 + s)
        lo = f->emin - f->mant + 1 + s;

    if (lo <= 0) {
        /* Every bit of N fits: exact. */
        m = __big_extract(n, 0, len) << -lo;
        half = 0;
        rest = sticky;
    } else {
        m = lo < len ? __big_extract(n, lo, len - lo) : 0;
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
            if (l2 > 0 && __big_extract(n, l2, f->mant) == (one << f->mant) - 1 &&
                __big_bit(n, l2 - 1))
                tiny = 0;
        }
#endif
    }
    if (tiny && inexact)
        errno = ERANGE;

    /* To nearest; on an exact tie, to the even neighbour. */
    if (half && (rest || (m & 1)))
        m++;
    if (m == 0)
        return 0;
    if (m >> f->mant) {         /* 1.111...1 rounded up to 10.000...0 */
        m >>= 1;
        lo++;
    }
    if (m >> (f->mant - 1)) {
        /* Normal: the biased exponent, then the fraction without its hidden bit. */
        int e = lo - s + f->mant - 1;
        if (e > f->emax)
            goto overflow;
        return ((uint64_t)(e + bias) << (f->mant - 1)) | (m & ((one << (f->mant - 1)) - 1));
    }
    return m;                   /* subnormal: biased exponent 0 */

overflow:
    errno = ERANGE;
    return (uint64_t)(2 * bias + 1) << (f->mant - 1);   /* infinity */
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

/* "0x" already seen; p is at the first digit or '.'. The bits of the result. */
static uint64_t parse_hex(const char **pp, const struct fmt *f)
{
    const char *p = *pp;
    struct big n;
    int sticky = 0;
    int ndigits = 0;
    long e = 0;             /* the value is N * 2^e */
    int seen_point = 0;
    int any = 0;

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
            /* 32 hex digits are 128 bits: more than enough for any rounding. */
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
    if (!any)
        return (uint64_t)-1;    /* the caller reads "0x" as 0 followed by "x" */
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
static uint64_t parse_decimal(const char **pp, const struct fmt *f, int *none)
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
        if (nd < MAX_DIGITS) {
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
        return 0;
    if (*p == 'e' || *p == 'E')
        k += read_exponent(&p);
    *pp = p;
    if (nd == 0)
        return 0;

    /* Far out of range either way: no need to build the big number. */
    if (nd + k > 310) {
        errno = ERANGE;
        return (uint64_t)(2 * f->emax + 1) << (f->mant - 1);
    }
    if (nd + k < -330) {
        errno = ERANGE;
        return 0;
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
        /* Scale up so that the quotient keeps at least 64 bits (10^-k < 2^(-4k)),
         * then divide by 10^-k, nine zeros at a time. floor(floor(x/a)/b) is
         * floor(x/(ab)), and the remainders are all zero only if x/(ab) is exact. */
        int kk = (int)-k;
        s = 4 * kk + 66 - __big_bits(&n);
        if (s < 0)
            s = 0;
        __big_shl(&n, s);
        while (kk >= 9) {
            if (__big_div_small(&n, 1000000000u) != 0)
                sticky = 1;
            kk -= 9;
        }
        if (kk > 0) {
            uint32_t d = 1;
            while (kk-- > 0)
                d *= 10;
            if (__big_div_small(&n, d) != 0)
                sticky = 1;
        }
        return round_bits(&n, s, sticky, f);
    }
    return round_bits(&n, 0, 0, f);
}

/* The shared parser: the bits of the result in format f, with its sign. */
static uint64_t parse(const char *s, char **end, const struct fmt *f)
{
    const char *p = s;
    int negative = 0;
    uint64_t bits = 0;
    uint64_t sign;
    int none = 0;

    while (isspace((unsigned char)*p))
        p++;
    if (*p == '+' || *p == '-')
        negative = *p++ == '-';
    sign = (uint64_t)negative << (f->mant == 53 ? 63 : 31);

    if (starts_with(p, "inf")) {
        p += starts_with(p, "infinity") ? 8 : 3;
        bits = (uint64_t)(2 * f->emax + 1) << (f->mant - 1);
    } else if (starts_with(p, "nan")) {
        uint64_t payload = 0;
        p += 3;
        if (*p == '(') {
            /* "nan(n-char-sequence)": letters, digits and '_' up to a ')'. When they
             * form a number, glibc puts it into the NaN's fraction bits. */
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
        bits = ((uint64_t)(2 * f->emax + 1) << (f->mant - 1)) | ((uint64_t)1 << (f->mant - 2)) |
               (payload & (((uint64_t)1 << (f->mant - 2)) - 1));
    } else if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
        const char *q = p + 2;
        bits = parse_hex(&q, f);
        if (bits == (uint64_t)-1) {
            p++;                /* just the "0" */
            bits = 0;
        } else {
            p = q;
        }
    } else {
        bits = parse_decimal(&p, f, &none);
        if (none)
            p = s;              /* no number at all: nothing is consumed */
    }
    if (end)
        *end = (char *)p;
    return none ? 0 : bits | sign;
}

double strtod(const char *s, char **end)
{
    uint64_t bits = parse(s, end, &DOUBLE_FMT);
    double d;

    memcpy(&d, &bits, sizeof d);
    return d;
}

float strtof(const char *s, char **end)
{
    uint32_t bits = (uint32_t)parse(s, end, &FLOAT_FMT);
    float x;

    memcpy(&x, &bits, sizeof x);
    return x;
}

double atof(const char *s)
{
    return strtod(s, NULL);
}
