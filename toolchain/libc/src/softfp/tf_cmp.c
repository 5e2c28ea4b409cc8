/* binary128 comparisons, with libgcc's return values (see internal/softfp.h). */
#include <stdint.h>
#include "../internal/softfp.h"

/* -1, 0 or 1 as a < b, a == b, a > b; 2 if either is a NaN. */
static int compare(struct __tf a, struct __tf b)
{
    int sa = (int)(a.hi >> 63);
    int sb = (int)(b.hi >> 63);
    int less;

    if (__tf_isnan(a) || __tf_isnan(b))
        return 2;
    if ((((a.hi | b.hi) << 1) | a.lo | b.lo) == 0)
        return 0;               /* +0 == -0 */
    if (sa != sb)
        return sa ? -1 : 1;
    if (a.hi == b.hi && a.lo == b.lo)
        return 0;
    /* Same sign: the bits, read as integers, order the magnitudes. */
    less = a.hi < b.hi || (a.hi == b.hi && a.lo < b.lo);
    return (less ^ sa) ? -1 : 1;
}

int __tf_eq(struct __tf a, struct __tf b)
{
    return compare(a, b) != 0;
}

int __tf_lt(struct __tf a, struct __tf b)
{
    return compare(a, b);
}

int __tf_gt(struct __tf a, struct __tf b)
{
    int c = compare(a, b);

    return c == 2 ? -2 : c;
}

int __tf_unord(struct __tf a, struct __tf b)
{
    return __tf_isnan(a) || __tf_isnan(b);
}
