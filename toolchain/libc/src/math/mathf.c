/* The float versions of the math functions.
 *
 * Each converts its float argument to double (exact), calls the double function and
 * rounds the result to float. For the exact functions and for sqrt the answer is
 * then still exact, or correctly rounded: a double holds more than twice a float's
 * bits. For the others the double result is far more precise than a float needs, so
 * the float comes out within one float ulp. */
#include <math.h>
#include <stdint.h>
#include <string.h>

int __fpclassifyf(float x)
{
    return __fpclassify((double)x);
}

int __signbitf(float x)
{
    uint32_t b;
    memcpy(&b, &x, sizeof b);
    return (int)(b >> 31);
}

float fabsf(float x) { return (float)fabs(x); }
float copysignf(float x, float y) { return (float)copysign(x, y); }
float floorf(float x) { return (float)floor(x); }
float ceilf(float x) { return (float)ceil(x); }
float truncf(float x) { return (float)trunc(x); }
float roundf(float x) { return (float)round(x); }
long lroundf(float x) { return lround(x); }
float rintf(float x) { return (float)rint(x); }
long lrintf(float x) { return lrint(x); }
float nearbyintf(float x) { return (float)nearbyint(x); }
float fmodf(float x, float y) { return (float)fmod(x, y); }
float remainderf(float x, float y) { return (float)remainder(x, y); }
float fminf(float x, float y) { return (float)fmin(x, y); }
float fmaxf(float x, float y) { return (float)fmax(x, y); }
float fdimf(float x, float y) { return (float)fdim(x, y); }
float ldexpf(float x, int n) { return (float)ldexp(x, n); }
float scalbnf(float x, int n) { return (float)scalbn(x, n); }
int ilogbf(float x) { return ilogb(x); }
float logbf(float x) { return (float)logb(x); }
float nanf(const char *tag) { return (float)nan(tag); }
float sqrtf(float x) { return (float)sqrt(x); }
float cbrtf(float x) { return (float)cbrt(x); }
float hypotf(float x, float y) { return (float)hypot(x, y); }
float expf(float x) { return (float)exp(x); }
float exp2f(float x) { return (float)exp2(x); }
float expm1f(float x) { return (float)expm1(x); }
float logf(float x) { return (float)log(x); }
float log2f(float x) { return (float)log2(x); }
float log10f(float x) { return (float)log10(x); }
float log1pf(float x) { return (float)log1p(x); }
float powf(float x, float y) { return (float)pow(x, y); }
float sinf(float x) { return (float)sin(x); }
float cosf(float x) { return (float)cos(x); }
float tanf(float x) { return (float)tan(x); }
float asinf(float x) { return (float)asin(x); }
float acosf(float x) { return (float)acos(x); }
float atanf(float x) { return (float)atan(x); }
float atan2f(float y, float x) { return (float)atan2(y, x); }
float sinhf(float x) { return (float)sinh(x); }
float coshf(float x) { return (float)cosh(x); }
float tanhf(float x) { return (float)tanh(x); }

/* x*y is exact in double (24 + 24 bits); adding z rounds once in double and once
 * more to float, which can differ from one rounding only in rare ties. */
float fmaf(float x, float y, float z)
{
    return (float)((double)x * (double)y + (double)z);
}

float frexpf(float x, int *e)
{
    return (float)frexp(x, e);
}

float modff(float x, float *ip)
{
    double i;
    float r = (float)modf(x, &i);
    *ip = (float)i;
    return r;
}

float nextafterf(float x, float y)
{
    uint32_t b;

    if (isnan(x) || isnan(y))
        return x + y;
    if (x == y)
        return y;
    if (x == 0) {
        b = 1;
        memcpy(&x, &b, sizeof x);
        return copysignf(x, y);
    }
    memcpy(&b, &x, sizeof b);
    if ((x < y) == (x > 0))
        b++;
    else
        b--;
    memcpy(&x, &b, sizeof x);
    return x;
}
