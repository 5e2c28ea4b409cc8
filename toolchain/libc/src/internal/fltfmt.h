/* Exact decimal digits of a double, for printf (stdio/fltfmt.c). */
#ifndef _INTERNAL_FLTFMT_H
#define _INTERNAL_FLTFMT_H

/* The most significant digits a finite double can have: m * 5^1074 < 10^767. */
#define FLT_DIGITS_MAX 800

/* Write the exact decimal digits of |x| (finite, not zero) into digits, without
 * trailing zeros, and return how many; *point says where the decimal point goes:
 * |x| = 0.d1 d2 d3 ... * 10^point. */
int __flt_digits(double x, char *digits, int *point);

/* Round digits[0 .. n) to keep digits (keep may be 0 or negative: the value then lies
 * below the first kept place), to nearest, ties to even, as glibc does in the default
 * rounding mode. Returns the new count (trailing zeros dropped, 0 if the value rounded
 * to zero); a carry out of the top digit ("999" -> "1") moves *point up by one. */
int __flt_round(char *digits, int n, int keep, int *point);

#endif
