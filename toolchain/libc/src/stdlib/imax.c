/* The <inttypes.h> functions. intmax_t is long on LP64, so each is its long twin. */
#include <inttypes.h>
#include <stdlib.h>

intmax_t imaxabs(intmax_t j)
{
    return j < 0 ? -j : j;
}

imaxdiv_t imaxdiv(intmax_t numer, intmax_t denom)
{
    imaxdiv_t r;

    r.quot = numer / denom;
    r.rem = numer % denom;
    return r;
}

intmax_t strtoimax(const char *s, char **end, int base)
{
    return strtol(s, end, base);
}

uintmax_t strtoumax(const char *s, char **end, int base)
{
    return strtoul(s, end, base);
}
