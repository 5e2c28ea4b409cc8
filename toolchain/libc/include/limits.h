#ifndef _LIMITS_H
#define _LIMITS_H

/* Ranges of the integer types on the LP64 Linux ABIs. */

#define CHAR_BIT    8
#define MB_LEN_MAX  16

#define SCHAR_MIN   (-128)
#define SCHAR_MAX   127
#define UCHAR_MAX   255

/* Plain char is signed on x86-64 and unsigned on AArch64; the compiler tells us which. */
#ifdef __CHAR_UNSIGNED__
#define CHAR_MIN    0
#define CHAR_MAX    UCHAR_MAX
#else
#define CHAR_MIN    SCHAR_MIN
#define CHAR_MAX    SCHAR_MAX
#endif

#define SHRT_MIN    (-32768)
#define SHRT_MAX    32767
#define USHRT_MAX   65535

/* INT_MIN cannot be written -2147483648: that is unary minus applied to 2147483648,
 * which does not fit an int and so would have type long. */
#define INT_MAX     2147483647
#define INT_MIN     (-INT_MAX - 1)
#define UINT_MAX    4294967295U

#define LONG_MAX    9223372036854775807L
#define LONG_MIN    (-LONG_MAX - 1L)
#define ULONG_MAX   18446744073709551615UL

#define LLONG_MAX   9223372036854775807LL
#define LLONG_MIN   (-LLONG_MAX - 1LL)
#define ULLONG_MAX  18446744073709551615ULL

/* POSIX */
#define SSIZE_MAX   LONG_MAX

#endif
