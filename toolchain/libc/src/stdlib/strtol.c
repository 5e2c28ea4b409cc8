/* Text to integer: strtol, strtoul, strtoll, strtoull, and atoi/atol/atoll on top.
 *
 * All share one scanner: optional white space, an optional sign, a prefix for the base
 * (0x for 16; with base 0 the prefix chooses: 0x hex, 0 octal, else decimal), then the
 * longest run of digits valid in that base. *end is set just past the digits, or to
 * the start of the string if there were none. A value out of range saturates and sets
 * errno to ERANGE. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>

static int digit_value(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'Z')
        return c - 'A' + 10;
    return 99;
}

/* Return the magnitude; *negative for a '-', *overflow if it passed ULLONG_MAX. */
static unsigned long long scan(const char *s, char **end, int base, int *negative, int *overflow)
{
    const char *p = s;
    const char *digits;
    unsigned long long value = 0;

    *negative = 0;
    *overflow = 0;
    if (base < 0 || base == 1 || base > 36) {
        errno = EINVAL;     /* glibc leaves *end alone here */
        return 0;
    }

    while (isspace((unsigned char)*p))
        p++;
    if (*p == '-' || *p == '+') {
        *negative = *p == '-';
        p++;
    }
    /* "0x" counts as a prefix only if a hex digit follows; "0xz" reads as 0. */
    if ((base == 0 || base == 16) && p[0] == '0' && (p[1] == 'x' || p[1] == 'X') &&
        digit_value((unsigned char)p[2]) < 16) {
        p += 2;
        base = 16;
    } else if (base == 0) {
        base = p[0] == '0' ? 8 : 10;
    }

    digits = p;
    while (digit_value((unsigned char)*p) < base) {
        unsigned long long d = (unsigned long long)digit_value((unsigned char)*p);
        if (value > (ULLONG_MAX - d) / (unsigned long long)base)
            *overflow = 1;
        else
            value = value * (unsigned long long)base + d;
        p++;
    }

    if (end)
        *end = (char *)(p == digits ? s : p);
    return value;
}

/* The signed result in [-max-1, max]. */
static long long to_signed(unsigned long long mag, int negative, int overflow, unsigned long long max)
{
    if (negative) {
        if (overflow || mag > max + 1) {
            errno = ERANGE;
            return -(long long)max - 1;
        }
        return mag == 0 ? 0 : -(long long)(mag - 1) - 1;
    }
    if (overflow || mag > max) {
        errno = ERANGE;
        return (long long)max;
    }
    return (long long)mag;
}

/* The unsigned result: "-1" is accepted and wraps around, as C specifies. */
static unsigned long long to_unsigned(unsigned long long mag, int negative, int overflow, unsigned long long max)
{
    if (overflow || mag > max) {
        errno = ERANGE;
        return max;
    }
    return negative ? (0 - mag) & max : mag;
}

long strtol(const char *s, char **end, int base)
{
    int negative, overflow;
    unsigned long long mag = scan(s, end, base, &negative, &overflow);

    return (long)to_signed(mag, negative, overflow, LONG_MAX);
}

unsigned long strtoul(const char *s, char **end, int base)
{
    int negative, overflow;
    unsigned long long mag = scan(s, end, base, &negative, &overflow);

    return (unsigned long)to_unsigned(mag, negative, overflow, ULONG_MAX);
}

long long strtoll(const char *s, char **end, int base)
{
    int negative, overflow;
    unsigned long long mag = scan(s, end, base, &negative, &overflow);

    return to_signed(mag, negative, overflow, LLONG_MAX);
}

unsigned long long strtoull(const char *s, char **end, int base)
{
    int negative, overflow;
    unsigned long long mag = scan(s, end, base, &negative, &overflow);

    return to_unsigned(mag, negative, overflow, ULLONG_MAX);
}

/* glibc's atoi is strtol cut to int: out-of-range text gives whatever the cut gives. */
int atoi(const char *s)
{
    return (int)strtol(s, NULL, 10);
}

long atol(const char *s)
{
    return strtol(s, NULL, 10);
}

long long atoll(const char *s)
{
    return strtoll(s, NULL, 10);
}
