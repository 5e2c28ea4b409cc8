#include <stdlib.h>

/* Quotient and remainder in one call. Since C99 '/' truncates toward zero and '%' takes
 * the sign of the numerator, so these are just the two operators. */
div_t div(int numer, int denom)
{
    div_t r;

    r.quot = numer / denom;
    r.rem = numer % denom;
    return r;
}

ldiv_t ldiv(long numer, long denom)
{
    ldiv_t r;

    r.quot = numer / denom;
    r.rem = numer % denom;
    return r;
}

lldiv_t lldiv(long long numer, long long denom)
{
    lldiv_t r;

    r.quot = numer / denom;
    r.rem = numer % denom;
    return r;
}
