#ifndef _MATH_H
#define _MATH_H

/* Infinity and NaN as constant expressions the compiler folds, as glibc spells them (a
 * run-time 0.0/0.0 would be x86's negative "default NaN" and print as -nan). HUGE_VAL is
 * what overflowing functions return. */
#define INFINITY  (__builtin_inff ())
#define NAN       (__builtin_nanf (""))
#define HUGE_VAL  (__builtin_huge_val ())
#define HUGE_VALF (__builtin_huge_valf ())
#define HUGE_VALL (__builtin_huge_vall ())

/* What fpclassify returns. */
#define FP_NAN       0
#define FP_INFINITE  1
#define FP_ZERO      2
#define FP_SUBNORMAL 3
#define FP_NORMAL    4

#define FP_ILOGB0   (-2147483647 - 1)
#define FP_ILOGBNAN (-2147483647 - 1)

#define MATH_ERRNO     1
#define MATH_ERREXCEPT 2
#define math_errhandling MATH_ERREXCEPT

/* Evaluation happens in the type itself (SSE and FP-SIMD, no x87 long double steps). */
typedef float float_t;
typedef double double_t;

#define M_E        2.7182818284590452354
#define M_LOG2E    1.4426950408889634074
#define M_LOG10E   0.43429448190325182765
#define M_LN2      0.69314718055994530942
#define M_LN10     2.30258509299404568402
#define M_PI       3.14159265358979323846
#define M_PI_2     1.57079632679489661923
#define M_PI_4     0.78539816339744830962
#define M_1_PI     0.31830988618379067154
#define M_2_PI     0.63661977236758134308
#define M_2_SQRTPI 1.12837916709551257390
#define M_SQRT2    1.41421356237309504880
#define M_SQRT1_2  0.70710678118654752440

/* The classification macros take a float or a double. Without _Generic (C11) or GNU
 * builtins, the size of the argument tells the two apart. */
int __fpclassify(double x);
int __fpclassifyf(float x);
int __signbit(double x);
int __signbitf(float x);
#define fpclassify(x) (sizeof(x) == sizeof(float) ? __fpclassifyf((float)(x)) : __fpclassify((double)(x)))
#define signbit(x)    (sizeof(x) == sizeof(float) ? __signbitf((float)(x)) : __signbit((double)(x)))
#define isnan(x)      (fpclassify(x) == FP_NAN)
#define isinf(x)      (fpclassify(x) == FP_INFINITE)
#define isfinite(x)   (fpclassify(x) > FP_INFINITE)
#define isnormal(x)   (fpclassify(x) == FP_NORMAL)

/* Comparisons that are false, quietly, when either side is a NaN. */
#define isunordered(x, y)    (isnan(x) || isnan(y))
#define isgreater(x, y)      (!isunordered(x, y) && (x) > (y))
#define isgreaterequal(x, y) (!isunordered(x, y) && (x) >= (y))
#define isless(x, y)         (!isunordered(x, y) && (x) < (y))
#define islessequal(x, y)    (!isunordered(x, y) && (x) <= (y))
#define islessgreater(x, y)  (!isunordered(x, y) && ((x) < (y) || (x) > (y)))

double fabs(double x);
double copysign(double x, double y);
double floor(double x);
double ceil(double x);
double trunc(double x);
double round(double x);
long lround(double x);
long long llround(double x);
double rint(double x);
long lrint(double x);
long long llrint(double x);
double nearbyint(double x);
double fmod(double x, double y);
double remainder(double x, double y);
double fmin(double x, double y);
double fmax(double x, double y);
double fdim(double x, double y);
double fma(double x, double y, double z);
double ldexp(double x, int n);
double scalbn(double x, int n);
double scalbln(double x, long n);
double frexp(double x, int *e);
double modf(double x, double *ip);
int ilogb(double x);
double logb(double x);
double nextafter(double x, double y);
double nan(const char *tag);
double sqrt(double x);
double cbrt(double x);
double hypot(double x, double y);
double exp(double x);
double exp2(double x);
double expm1(double x);
double log(double x);
double log2(double x);
double log10(double x);
double log1p(double x);
double pow(double x, double y);
double sin(double x);
double cos(double x);
double tan(double x);
double asin(double x);
double acos(double x);
double atan(double x);
double atan2(double y, double x);
double sinh(double x);
double cosh(double x);
double tanh(double x);

float fabsf(float x);
float copysignf(float x, float y);
float floorf(float x);
float ceilf(float x);
float truncf(float x);
float roundf(float x);
long lroundf(float x);
float rintf(float x);
long lrintf(float x);
float nearbyintf(float x);
float fmodf(float x, float y);
float remainderf(float x, float y);
float fminf(float x, float y);
float fmaxf(float x, float y);
float fdimf(float x, float y);
float fmaf(float x, float y, float z);
float ldexpf(float x, int n);
float scalbnf(float x, int n);
float frexpf(float x, int *e);
float modff(float x, float *ip);
int ilogbf(float x);
float logbf(float x);
float nextafterf(float x, float y);
float nanf(const char *tag);
float sqrtf(float x);
float cbrtf(float x);
float hypotf(float x, float y);
float expf(float x);
float exp2f(float x);
float expm1f(float x);
float logf(float x);
float log2f(float x);
float log10f(float x);
float log1pf(float x);
float powf(float x, float y);
float sinf(float x);
float cosf(float x);
float tanf(float x);
float asinf(float x);
float acosf(float x);
float atanf(float x);
float atan2f(float y, float x);
float sinhf(float x);
float coshf(float x);
float tanhf(float x);

double asinh(double x);
double acosh(double x);
double atanh(double x);
double erf(double x);
double erfc(double x);
double tgamma(double x);
double lgamma(double x);
float asinhf(float x);
float acoshf(float x);
float atanhf(float x);
float erff(float x);
float erfcf(float x);
float tgammaf(float x);
float lgammaf(float x);
/* The sign of Gamma(x) at lgamma's last argument (POSIX); the _r forms (glibc's) return
 * it through a pointer instead. */
extern int signgam;
double lgamma_r(double x, int *sign);
float lgammaf_r(float x, int *sign);

#endif
