/* ln x to about 100 bits, for the functions that take a logarithm and must then add
 * or subtract something of the same size (asinh, acosh, atanh, lgamma) and still round
 * only once at the end. */
#ifndef _MATH_LOGDD_H
#define _MATH_LOGDD_H

#include "dd.h"

/* ln x as hi + lo, for finite x > 0. */
struct dd __log_dd(double x);

/* ln(hi + lo) for a double-double hi + lo > 0 (lo at most half an ulp of hi). */
struct dd __log_dd2(struct dd x);

/* ln 2 to 106 bits. */
#define LN2_DD_HI 0.6931471805599453
#define LN2_DD_LO 2.3190468138462996e-17

#endif
