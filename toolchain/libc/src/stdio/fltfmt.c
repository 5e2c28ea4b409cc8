/* The exact decimal value of a double, for printf's %f %e %g.
 *
 * Printing with float arithmetic (multiply by ten, take the integer part, repeat) loses
 * a little at every step, and the digits drift from the true value. But every double is
 * exactly an integer times a power of two, m * 2^e, and so has an exact, finite decimal
 * expansion; this file computes it with big integers (internal/bigint.c):
 *
 *   e >= 0:  the value is the integer m * 2^e: print that integer;
 *   e <  0:  m * 2^e = m * 5^-e / 10^-e: print the integer m * 5^-e and move the
 *            decimal point -e places to the left.
 *
 * Rounding to the precision asked for is then done on the decimal digits, where an
 * exact tie ("...5" with nothing after it) can be seen for what it is.
 */
#include <stdint.h>
#include <string.h>
#include "../internal/bigint.h"
#include "../internal/fltfmt.h"

int __flt_digits(double x, char *digits, int *point)
{
    uint64_t bits;
    uint64_t m;
    int e;
    int biased;
    struct big b;
    char chunk[9];
    int n = 0;
    int i;

    /* The fields of an IEEE 754 double: sign (1 bit), biased exponent (11), fraction (52). */
    memcpy(&bits, &x, sizeof bits);
    biased = (int)((bits >> 52) & 0x7ff);
    m = bits & 0xfffffffffffffULL;
    if (biased == 0) {
        e = -1074;                      /* subnormal: no hidden 1 bit */
    } else {
        m |= 1ULL << 52;                /* normal: the hidden leading 1 */
        e = biased - 1075;
    }

    __big_set(&b, m);
    if (e >= 0)
        __big_shl(&b, e);
    else
        __big_mul_pow5(&b, -e);

    /* Peel off nine digits at a time from the bottom; they come out in reverse. */
    while (b.n > 0) {
        uint32_t r = __big_div_small(&b, 1000000000u);
        for (i = 8; i >= 0; i--) {
            chunk[i] = (char)('0' + r % 10);
            r /= 10;
        }
        for (i = 8; i >= 0; i--)
            digits[n++] = chunk[i];
    }
    /* Now digits[] holds them lowest first, padded with zeros to a multiple of nine:
     * reverse, drop the leading zeros of the top chunk and the trailing zeros. */
    for (i = 0; i < n / 2; i++) {
        char t = digits[i];
        digits[i] = digits[n - 1 - i];
        digits[n - 1 - i] = t;
    }
    i = 0;
    while (i < n && digits[i] == '0')
        i++;
    memmove(digits, digits + i, (size_t)(n - i));
    n -= i;
    /* The integer had n digits; e < 0 moves the point -e places left. */
    *point = e >= 0 ? n : n + e;
    while (n > 0 && digits[n - 1] == '0')
        n--;
    return n;
}

int __flt_round(char *digits, int n, int keep, int *point)
{
    int up;
    int i;

    if (keep >= n)
        return n;               /* nothing to cut */
    if (keep < 0)
        return 0;               /* below half of the last place: rounds to zero */

    /* Look at what is cut off: more than half, exactly half, or less. */
    if (digits[keep] > '5') {
        up = 1;
    } else if (digits[keep] < '5') {
        up = 0;
    } else {
        /* 5 followed by anything non-zero is more than half (there are no trailing
         * zeros, so "anything" means "any digit at all"); a lone 5 is a tie, which
         * goes to the even neighbour. With keep == 0 that neighbour is 0, even. */
        if (keep + 1 < n)
            up = 1;
        else
            up = keep > 0 && (digits[keep - 1] - '0') % 2 == 1;
    }

    n = keep;
    if (up) {
        /* Add one in the last kept place; 9s become 0s and carry. */
        i = n - 1;
        while (i >= 0 && digits[i] == '9')
            i--;
        if (i < 0) {
            digits[0] = '1';    /* all nines (or nothing kept): the value is 10^point */
            *point += 1;
            return 1;
        }
        digits[i]++;
        n = i + 1;              /* the 9s that turned to 0 are trailing zeros now */
    }
    while (n > 0 && digits[n - 1] == '0')
        n--;
    return n;
}
