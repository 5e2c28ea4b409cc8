#include <time.h>

/* t1 - t0 in seconds. The difference of two 64-bit times can need 65 bits; it is formed
 * exactly (as an unsigned magnitude, which has room for it) and rounded once, so that it
 * comes out as glibc's, which subtracts in long double. */
double difftime(time_t t1, time_t t0)
{
    unsigned long long magnitude;

    if (t1 >= t0) {
        magnitude = (unsigned long long)t1 - (unsigned long long)t0;
        return (double)magnitude;
    }
    magnitude = (unsigned long long)t0 - (unsigned long long)t1;
    return -(double)magnitude;
}
