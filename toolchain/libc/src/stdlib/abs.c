#include <stdlib.h>

/* abs(INT_MIN) has no answer in int: C leaves it undefined. */
int abs(int j)
{
    return j < 0 ? -j : j;
}

long labs(long j)
{
    return j < 0 ? -j : j;
}

long long llabs(long long j)
{
    return j < 0 ? -j : j;
}
