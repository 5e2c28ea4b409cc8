/* Argument reduction by pi/2 for any finite double, however large (rem_pio2.c). */
#ifndef _MATH_REM_PIO2_H
#define _MATH_REM_PIO2_H

/* x = k * pi/2 + (*hi + *lo) with |*hi + *lo| <= pi/4 (a hair more at the edges),
 * *lo below half an ulp of *hi; returns k mod 4. For |x| >= 2^-10. */
int __rem_pio2_large(double x, double *hi, double *lo);

#endif
