/* IEEE binary128 arithmetic in software: what AArch64's long double needs.
 *
 * On AArch64 long double is the 128-bit IEEE format (1 sign bit, 15 exponent bits, 112
 * fraction bits), and no instruction does arithmetic on it: gcc turns every operation
 * into a call to a libgcc routine (__addtf3, __lttf2, __extenddftf2, ...). We link with
 * our own libc and never with libgcc, so the libc provides those routines.
 *
 * The work is done here, in portable C over pairs of 64-bit words (our compiler has no
 * 128-bit integer type, and code that used long double here would call itself).
 * arch/aarch64/softfp.s gives each routine its libgcc name and calling convention: it
 * moves the q registers the callers use into the x registers these C functions take,
 * and back. The C functions
 * are built on x86-64 too, where nothing calls them; their __tf_ names keep them out of
 * every program's way.
 *
 * Results are bit for bit those of AArch64's libgcc: round to nearest, ties to even;
 * subnormals, infinities and signed zeros as IEEE 754 says; and where IEEE leaves the
 * choice, libgcc's: the default NaN (inf - inf, 0 * inf, 0 / 0) is 0x7fff ffff...ff, an
 * operation on NaNs returns its first operand's NaN unless only the second is
 * signalling, always quieted, and a conversion to an integer that does not fit
 * saturates (NaN counts as +/- huge by its sign bit). Exception flags are not raised.
 */
#ifndef _INTERNAL_SOFTFP_H
#define _INTERNAL_SOFTFP_H

#include <stdint.h>

/* A binary128 value as it lies in memory on a little-endian machine (and in a q
 * register): the low 64 bits of the fraction first, then sign, exponent and the top 48
 * bits of the fraction. The same pair serves as a plain 128-bit integer inside. */
struct __tf {
    uint64_t lo;
    uint64_t hi;
};

#define TF_BIAS 16383
#define TF_EXP_MAX 0x7fff                       /* the exponent field of inf and NaN */
#define TF_FRAC_HI 0x0000ffffffffffffULL        /* the fraction's bits in hi */
#define TF_QUIET 0x0000800000000000ULL          /* the top fraction bit: quiet NaN */
#define TF_SIGN 0x8000000000000000ULL

/* The arithmetic (each one correctly rounded). */
struct __tf __tf_add(struct __tf a, struct __tf b);
struct __tf __tf_sub(struct __tf a, struct __tf b);
struct __tf __tf_mul(struct __tf a, struct __tf b);
struct __tf __tf_div(struct __tf a, struct __tf b);
struct __tf __tf_neg(struct __tf a);

/* Comparisons, returning what libgcc's do: __tf_eq 0 if equal, else 1 (also when
 * unordered); __tf_lt -1, 0 or 1, and 2 if unordered, so that "< 0" and "<= 0" are
 * false for NaNs; __tf_gt the same with -2; __tf_unord 1 if either is a NaN. */
int __tf_eq(struct __tf a, struct __tf b);
int __tf_lt(struct __tf a, struct __tf b);
int __tf_gt(struct __tf a, struct __tf b);
int __tf_unord(struct __tf a, struct __tf b);

/* Conversions; float and double travel as their bits. */
struct __tf __tf_from_f32(uint32_t bits);
struct __tf __tf_from_f64(uint64_t bits);
uint32_t __tf_to_f32(struct __tf a);
uint64_t __tf_to_f64(struct __tf a);
int32_t __tf_to_i32(struct __tf a);
int64_t __tf_to_i64(struct __tf a);
uint32_t __tf_to_u32(struct __tf a);
uint64_t __tf_to_u64(struct __tf a);
struct __tf __tf_from_i32(int32_t v);
struct __tf __tf_from_i64(int64_t v);
struct __tf __tf_from_u32(uint32_t v);
struct __tf __tf_from_u64(uint64_t v);

/* ---- shared by the files in softfp/ ---- */

/* Is a a NaN; a signalling one? */
int __tf_isnan(struct __tf a);
int __tf_issnan(struct __tf a);

/* The NaN an operation on a and b returns (at least one of them is a NaN). */
struct __tf __tf_pick_nan(struct __tf a, struct __tf b);
/* The default NaN, for operations that have no answer (inf - inf, 0 / 0). */
struct __tf __tf_default_nan(void);

/* Shift a 128-bit integer right by n (any n >= 0), ORing every bit shifted out into
 * the lowest bit (so that "was anything lost" survives for rounding); and left. */
struct __tf __tf_shr_jam(struct __tf x, int n);
struct __tf __tf_shl(struct __tf x, int n);
/* The number of leading zero bits of x (128 for zero). */
int __tf_clz(struct __tf x);

/* The significand of a finite a as a 113-bit integer (hidden bit included) and its
 * exponent: |a| = sig * 2^(*exp - 112). Subnormals are normalised (sig's top bit at
 * 112, *exp below the normal range). a must not be zero. */
struct __tf __tf_unpack(struct __tf a, int *exp);

/* The binary128 nearest to sig * 2^(exp - 127), negated if sign: sig non-zero and
 * sticky (1 if the value is a little more than sig, from bits already dropped). The
 * rounding point is 15 bits above the normalised sig's bottom, so sig may need at most
 * 14 bits of normalising shift to the left when sticky is set. Overflow gives an
 * infinity, underflow a subnormal or zero. */
struct __tf __tf_round_pack(int sign, int exp, struct __tf sig, int sticky);

#endif
