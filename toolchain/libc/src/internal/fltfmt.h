/* Exact decimal digits of a double or long double, for printf (stdio/fltfmt.c). */
#ifndef _INTERNAL_FLTFMT_H
#define _INTERNAL_FLTFMT_H

#include <stdint.h>

/* The most significant digits a finite value can have: the smallest binary128 subnormal
 * is m * 5^16494 / 10^16494 with m < 2^113, and m * 5^16494 < 10^11564 (a double needs
 * 767, x87's long double 11514). */
#define FLT_DIGITS_MAX 11620

enum { FLT_FINITE, FLT_INF, FLT_NAN };

/* A value of any floating type printf takes, taken apart. */
struct __flt {
    int neg;                /* the sign bit: printed even on -0 and NaN */
    int cls;                /* FLT_FINITE (zero included), FLT_INF or FLT_NAN */
    uint64_t mhi, mlo;      /* finite: |x| = m * 2^e exactly, m = mhi * 2^64 + mlo */
    int e;
    /* How %a writes it, as glibc does for the type: one hex digit, then fbits / 4 more
     * (the fraction f), then the binary exponent hexp: "0x<lead>.<f>p<hexp>". */
    int lead;
    uint64_t fhi, flo;
    int fbits;
    int hexp;
};

/* Take apart a double, or a long double given as its 16 bytes in memory (low 64 bits,
 * high 64 bits): x87 80-bit extended on x86-64, IEEE binary128 on AArch64. */
void __flt_from_double(struct __flt *v, double x);
void __flt_from_ldbl(struct __flt *v, uint64_t lo, uint64_t hi);

/* Write the decimal digits of |v| (finite, not zero) into digits and return how many;
 * *point says where the decimal point goes: |v| = 0.d1 d2 d3 ... * 10^point. The digits
 * are exact down to the first sig significant ones, or down to the 10^pos place,
 * whichever comes first (sig or -pos beyond 2 * FLT_DIGITS_MAX: no limit); if more non-zero digits
 * follow, they are all stood for by one last digit '1' (a 0.d1..dk1 that rounds
 * exactly as the value does at any of the places asked for). Without that, trailing
 * zeros are dropped. */
int __flt_digits(const struct __flt *v, int sig, int pos, char *digits, int *point);

/* Round digits[0 .. n) to keep digits (keep may be 0 or negative: the value then lies
 * below the first kept place), to nearest, ties to even, as glibc does in the default
 * rounding mode. Returns the new count (trailing zeros dropped, 0 if the value rounded
 * to zero); a carry out of the top digit ("999" -> "1") moves *point up by one. */
int __flt_round(char *digits, int n, int keep, int *point);

#endif
