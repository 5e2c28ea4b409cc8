/* The bits of a double, for the math functions that work on them directly. */
#ifndef _MATH_FPBITS_H
#define _MATH_FPBITS_H

#include <stdint.h>
#include <string.h>

static uint64_t bits_of(double x)
{
    uint64_t b;
    memcpy(&b, &x, sizeof b);
    return b;
}

static double from_bits(uint64_t b)
{
    double x;
    memcpy(&x, &b, sizeof x);
    return x;
}

/* The biased exponent field: 0 for zero and subnormals, 0x7ff for inf and NaN. */
static int exponent_field(double x)
{
    return (int)((bits_of(x) >> 52) & 0x7ff);
}

#define FRAC_MASK 0x000fffffffffffffULL
#define SIGN_BIT  0x8000000000000000ULL

#endif
