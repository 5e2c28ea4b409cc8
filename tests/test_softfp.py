"""binary128 soft-float (AArch64 long double), checked bit for bit against libgcc.

Our libc carries the libgcc routines AArch64 long double needs (__addtf3, __lttf2,
__extenddftf2, ...): a C core over pairs of 64-bit words (src/softfp/) and an assembly
shim that gives it libgcc's names and q-register convention (arch/aarch64/softfp.s).

Two comparisons:
  * native, at scale: the C core built by gcc on x86-64 against gcc's own __float128
    arithmetic, which x86-64's libgcc does with the same soft-fp rules. x86-64's NaNs
    follow other conventions (its default NaN is negative), so there only "is a NaN" is
    compared for NaN results.
  * AArch64, every bit: one program, compiled by aarch64-linux-gnu-gcc with ordinary
    long double arithmetic, linked once with glibc and libgcc and once with our libc as
    our toolchain builds it (so the C core is our compiler's code), both run under
    qemu-aarch64; and the second also in our emulator. NaN signs and payloads must agree
    here too.

Both programs draw their operands from the same generator: every pair of a list of
special values (zeros, subnormals, the ends of the range, infinities, quiet and
signalling NaNs), then random values biased toward the hard cases (equal and nearby
exponents for cancellation, exponents whose sum or difference lands in the subnormal
range, fractions of all ones or with long runs of zeros that make ties).

CCPIPELINE_SOFTFP_CASES=5000000 makes the native comparison a bulk run.
"""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from conftest import HAVE_GCC, NATIVE_X86_64, ccpipeline, needs_aarch64
from test_libc import INCLUDE, LIBC, LIBC_CFLAGS

SOFTFP_SOURCES = sorted((LIBC / "src" / "softfp").glob("*.c"))
NATIVE_CASES = int(os.environ.get("CCPIPELINE_SOFTFP_CASES", "100000"))
M64 = (1 << 64) - 1

# The operand generator both programs share. W is the pair of 64-bit words of a
# binary128 (low word first, as in memory).
# Operands every pair of which is tried: (high word, low word) of a binary128. Zero, the
# smallest and largest subnormals and normals, one and its neighbours, infinity, quiet and
# signalling NaNs with payloads; each also with the sign bit set.
SPECIALS = [
    (0, 0), (0, 1), (0, 0x8000000000000000), (0x0000ffffffffffff, M64), (0x0001000000000000, 0),
    (0x3fff000000000000, 0), (0x3fff800000000000, 0), (0x4000000000000000, 1),
    (0x7ffeffffffffffff, M64), (0x7fff000000000000, 0), (0x7fff800000000000, 0),
    (0x7fff800000000000, 0x1234), (0x7fff000000000000, 1), (0x7fff400000000000, 0xabcd),
    (0x3ffeffffffffffff, M64),
]

GENERATOR = r"""
#include <stdint.h>
#include <string.h>
struct W { uint64_t lo, hi; };
static uint64_t s[2] = {0x0123456789abcdefULL, 0xfedcba9876543210ULL};
static uint64_t rnd(void)
{   /* xorshift128+ */
    uint64_t s1 = s[0];
    const uint64_t s0 = s[1];
    s[0] = s0;
    s1 ^= s1 << 23;
    s[1] = s1 ^ s0 ^ (s1 >> 17) ^ (s0 >> 26);
    return s[1] + s0;
}
#define FRAC_HI 0x0000ffffffffffffULL
static struct W mkw(int sign, int e, uint64_t fh, uint64_t fl)
{
    struct W r;
    r.hi = ((uint64_t)sign << 63) | ((uint64_t)e << 48) | (fh & FRAC_HI);
    r.lo = fl;
    return r;
}
static uint64_t frac_word(void)
{
    switch (rnd() % 6) {
    case 0: return 0;
    case 1: return ~0ULL;
    case 2: return rnd() << (rnd() % 64);
    case 3: return rnd() >> (rnd() % 64);
    default: return rnd();
    }
}
static struct W gen(void)
{
    int sign = (int)(rnd() & 1);
    uint64_t fh = frac_word(), fl = frac_word();
    int e;
    switch (rnd() % 16) {
    case 0: e = 0; break;                                   /* subnormal */
    case 1: e = 0; fh = fl = 0; break;                      /* zero */
    case 2: e = 0x7fff; fh = fl = 0; break;                 /* infinity */
    case 3: e = 0x7fff; if (((fh & FRAC_HI) | fl) == 0) fl = 1; break;     /* NaN */
    case 4: e = 1 + (int)(rnd() % 3); break;                /* smallest normals */
    case 5: e = 0x7ffe - (int)(rnd() % 3); break;           /* largest */
    case 6: e = 16383 + (int)(rnd() % 130) - 65; break;     /* around 1 */
    case 7: e = 16383 - 8191 + (int)(rnd() % 5) - 2; break; /* squares near the bottom */
    case 8: e = 16383 + 8191 + (int)(rnd() % 5) - 2; break; /* ... and the top */
    default: e = (int)(rnd() % 0x7fff); break;
    }
    return mkw(sign, e, fh, fl);
}
/* A second operand near the first: cancellation, exponent differences around the
 * significand's width, ties. */
static struct W near(struct W a)
{
    struct W b = a;
    switch (rnd() % 4) {
    case 0: b.lo += (rnd() % 7) - 3; break;
    case 1: b.hi ^= 1ULL << 63; b.lo += (rnd() % 3) - 1; break;
    case 2: {
        uint64_t d = rnd() % 120, e = (b.hi >> 48) & 0x7fff;
        if (e > d)
            b.hi -= d << 48;
        break;
    }
    default:
        b = gen();
        b.hi = (b.hi & ~(0x7fffULL << 48)) | (a.hi & (0x7fffULL << 48));
    }
    return b;
}
@SPECIALS@
#define NSPECIAL (int)(sizeof SPECIAL_HI / sizeof SPECIAL_HI[0])
/* Operand pair number i: first every ordered pair of specials, with both signs, then
 * random ones. */
static void operands(long i, struct W *a, struct W *b)
{
    long n = 2 * NSPECIAL;
    if (i < n * n) {
        long x = i / n, y = i % n;
        *a = mkw((int)(x & 1), 0, 0, 0);
        a->hi |= SPECIAL_HI[x / 2]; a->lo = SPECIAL_LO[x / 2];
        *b = mkw((int)(y & 1), 0, 0, 0);
        b->hi |= SPECIAL_HI[y / 2]; b->lo = SPECIAL_LO[y / 2];
        return;
    }
    *a = gen();
    *b = rnd() % 3 == 0 ? near(*a) : gen();
}
/* An integer or a double/float bit pattern to convert. */
static uint64_t conv_source(void)
{
    uint64_t r = rnd() >> (rnd() % 64);
    if (rnd() % 2) {
        /* double bits with a chosen exponent: zero/subnormal, inf/NaN, or any */
        uint64_t k = rnd() % 3, e = k == 0 ? 0 : k == 1 ? 0x7ff : rnd() % 0x7ff;
        r = (r & 0x800fffffffffffffULL) | (e << 52);
    }
    return r;
}
""".replace("@SPECIALS@", "static const uint64_t SPECIAL_HI[] = {%s};\nstatic const uint64_t SPECIAL_LO[] = {%s};" % (
    ", ".join(f"0x{hi:016x}ULL" for hi, _ in SPECIALS), ", ".join(f"0x{lo:016x}ULL" for _, lo in SPECIALS)))

NATIVE_HARNESS = GENERATOR + r"""
#include <stdio.h>
#include <stdlib.h>
#include "softfp.h"
typedef __float128 Q;
int __eqtf2(Q, Q), __netf2(Q, Q), __lttf2(Q, Q), __letf2(Q, Q);
int __gttf2(Q, Q), __getf2(Q, Q), __unordtf2(Q, Q);
static struct __tf tf(struct W w) { struct __tf r; r.lo = w.lo; r.hi = w.hi; return r; }
static Q toq(struct __tf a) { Q q; memcpy(&q, &a, 16); return q; }
static struct __tf fromq(Q q) { struct __tf a; memcpy(&a, &q, 16); return a; }
static long bad, checked;
static void report(const char *op, struct __tf a, struct __tf b, const char *got, const char *want)
{
    if (bad++ < 20)
        printf("MISMATCH %s a=%016llx%016llx b=%016llx%016llx ours=%s gcc=%s\n", op,
               (unsigned long long)a.hi, (unsigned long long)a.lo,
               (unsigned long long)b.hi, (unsigned long long)b.lo, got, want);
}
static void check(const char *op, struct __tf a, struct __tf b, struct __tf got, struct __tf want)
{
    char g[40], w[40];
    checked++;
    if (__tf_isnan(got) && __tf_isnan(want))
        return;
    if (got.hi == want.hi && got.lo == want.lo)
        return;
    sprintf(g, "%016llx%016llx", (unsigned long long)got.hi, (unsigned long long)got.lo);
    sprintf(w, "%016llx%016llx", (unsigned long long)want.hi, (unsigned long long)want.lo);
    report(op, a, b, g, w);
}
static void checki(const char *op, struct __tf a, struct __tf b, long long got, long long want)
{
    char g[40], w[40];
    checked++;
    if (got == want)
        return;
    sprintf(g, "%llx", got);
    sprintf(w, "%llx", want);
    report(op, a, b, g, w);
}
int main(int argc, char **argv)
{
    long n = atol(argv[1]), i;
    for (i = 0; i < n; i++) {
        struct W wa, wb;
        struct __tf a, b, z = {0, 0};
        Q qa, qb;
        uint64_t r, bits;
        double d;
        float f;
        uint32_t fb;
        operands(i, &wa, &wb);
        a = tf(wa);
        b = tf(wb);
        qa = toq(a);
        qb = toq(b);
        check("add", a, b, __tf_add(a, b), fromq(qa + qb));
        check("sub", a, b, __tf_sub(a, b), fromq(qa - qb));
        check("mul", a, b, __tf_mul(a, b), fromq(qa * qb));
        check("div", a, b, __tf_div(a, b), fromq(qa / qb));
        check("neg", a, b, __tf_neg(a), fromq(-qa));
        checki("eqtf2", a, b, __tf_eq(a, b), __eqtf2(qa, qb));
        checki("netf2", a, b, __tf_eq(a, b), __netf2(qa, qb));
        checki("lttf2", a, b, __tf_lt(a, b), __lttf2(qa, qb));
        checki("letf2", a, b, __tf_lt(a, b), __letf2(qa, qb));
        checki("gttf2", a, b, __tf_gt(a, b), __gttf2(qa, qb));
        checki("getf2", a, b, __tf_gt(a, b), __getf2(qa, qb));
        checki("unordtf2", a, b, __tf_unord(a, b), __unordtf2(qa, qb));
        d = (double)qa;
        memcpy(&bits, &d, 8);
        if (!(__tf_isnan(a)))
            checki("trunctfdf2", a, z, (long long)__tf_to_f64(a), (long long)bits);
        f = (float)qa;
        memcpy(&fb, &f, 4);
        if (!(__tf_isnan(a)))
            checki("trunctfsf2", a, z, __tf_to_f32(a), fb);
        if (!__tf_isnan(a)) {
            checki("fixtfsi", a, z, __tf_to_i32(a), (int)qa);
            checki("fixtfdi", a, z, __tf_to_i64(a), (long long)qa);
            checki("fixunstfsi", a, z, __tf_to_u32(a), (unsigned)qa);
            checki("fixunstfdi", a, z, (long long)__tf_to_u64(a), (long long)(unsigned long long)qa);
        }
        r = conv_source();
        check("floatditf", a, z, __tf_from_i64((int64_t)r), fromq((Q)(int64_t)r));
        check("floatunditf", a, z, __tf_from_u64(r), fromq((Q)r));
        check("floatsitf", a, z, __tf_from_i32((int32_t)r), fromq((Q)(int32_t)r));
        check("floatunsitf", a, z, __tf_from_u32((uint32_t)r), fromq((Q)(uint32_t)r));
        memcpy(&d, &r, 8);
        if (d == d)
            check("extenddftf2", a, z, __tf_from_f64(r), fromq((Q)d));
        fb = (uint32_t)(r >> 7);
        memcpy(&f, &fb, 4);
        if (f == f)
            check("extendsftf2", a, z, __tf_from_f32(fb), fromq((Q)f));
    }
    printf("%ld checks, %ld mismatches\n", checked, bad);
    return bad != 0;
}
"""

AARCH64_PROGRAM = GENERATOR + r"""
#include <stdio.h>
#include <stdlib.h>
typedef long double LD;
int __eqtf2(LD, LD), __netf2(LD, LD), __lttf2(LD, LD), __letf2(LD, LD);
int __gttf2(LD, LD), __getf2(LD, LD), __unordtf2(LD, LD);
LD __negtf2(LD);
static LD ld(struct W w) { LD x; memcpy(&x, &w, 16); return x; }
static void put(LD x)
{
    struct W w;
    memcpy(&w, &x, 16);
    printf(" %016llx%016llx", (unsigned long long)w.hi, (unsigned long long)w.lo);
}
int main(int argc, char **argv)
{
    long n = atol(argv[1]), i;
    for (i = 0; i < n; i++) {
        struct W wa, wb;
        volatile LD a, b;
        if (argc > 2 && i < atol(argv[2])) {        /* skip to a later case */
            operands(i, &wa, &wb);
            conv_source();
            continue;
        }
        uint64_t r, bits;
        double d;
        float f;
        uint32_t fb;
        operands(i, &wa, &wb);
        a = ld(wa);
        b = ld(wb);
        printf("%ld", i);
        /* What gcc makes of the operators: calls to __addtf3 ... */
        put(a + b); put(a - b); put(a * b); put(a / b); put(__negtf2(a));
        printf(" %d%d%d%d%d%d", a == b, a != b, a < b, a <= b, a > b, a >= b);
        /* ... and the comparison routines' own return values. */
        printf(" %d %d %d %d %d %d %d", __eqtf2(a, b), __netf2(a, b), __lttf2(a, b),
               __letf2(a, b), __gttf2(a, b), __getf2(a, b), __unordtf2(a, b));
        d = (double)a;
        memcpy(&bits, &d, 8);
        f = (float)a;
        memcpy(&fb, &f, 4);
        printf(" %016llx %08x", (unsigned long long)bits, fb);
        printf(" %d %lld %u %llu", (int)a, (long long)a, (unsigned)a, (unsigned long long)a);
        r = conv_source();
        memcpy(&d, &r, 8);
        fb = (uint32_t)(r >> 7);
        memcpy(&f, &fb, 4);
        put((LD)d); put((LD)f);
        put((LD)(int)r); put((LD)(long long)r); put((LD)(unsigned)r); put((LD)(unsigned long long)r);
        printf("\n");
    }
    return 0;
}
"""

LIBGCC_NAMES = """__addtf3 __subtf3 __multf3 __divtf3 __negtf2 __eqtf2 __netf2 __lttf2 __letf2 __gttf2
__getf2 __unordtf2 __extendsftf2 __extenddftf2 __trunctfsf2 __trunctfdf2 __fixtfsi __fixtfdi
__fixunstfsi __fixunstfdi __floatsitf __floatditf __floatunsitf __floatunditf""".split()


def _special_pairs() -> int:
    return (2 * len(SPECIALS)) ** 2


@pytest.mark.skipif(not (HAVE_GCC and NATIVE_X86_64), reason="needs gcc on x86-64")
def test_core_against_gcc_float128_natively(tmp_path):
    (tmp_path / "harness.c").write_text(NATIVE_HARNESS)
    objs = []
    # The core as the library sees it (our headers, no builtins), the harness on glibc.
    for src in SOFTFP_SOURCES:
        obj = tmp_path / (src.stem + ".o")
        subprocess.run(["gcc", *LIBC_CFLAGS, "-O2", "-c", str(src), "-o", str(obj)], check=True)
        objs.append(str(obj))
    subprocess.run(["gcc", "-O1", "-w", "-no-pie", "-I", str(LIBC / "src" / "internal"), "-o",
                    str(tmp_path / "harness"), str(tmp_path / "harness.c"), *objs], check=True)
    p = subprocess.run([str(tmp_path / "harness"), str(NATIVE_CASES)], capture_output=True,
                       text=True, timeout=600)
    print(p.stdout)
    assert p.returncode == 0, p.stdout
    assert p.stdout.strip().endswith(" 0 mismatches")


def _first_difference(ours: str, theirs: str) -> str:
    for x, y in zip(ours.splitlines(), theirs.splitlines()):
        if x != y:
            cols = [f"field {k}: ours {a} libgcc {b}" for k, (a, b) in
                    enumerate(zip(x.split(), y.split())) if a != b]
            return f"case {x.split()[0]}: " + "; ".join(cols)
    return f"{len(ours.splitlines())} lines vs {len(theirs.splitlines())}"


def _aarch64_builds(d: Path) -> tuple[Path, Path]:
    """The program on glibc + libgcc, and on our libc as our toolchain builds it."""
    from toolchain import libc as our_libc
    (d / "t.c").write_text(AARCH64_PROGRAM)
    cc = "aarch64-linux-gnu-gcc"
    subprocess.run([cc, "-O1", "-w", "-static", "-o", str(d / "glibc"), str(d / "t.c")], check=True)
    lib = our_libc.build("aarch64")
    subprocess.run([cc, "-nostdinc", "-I", str(INCLUDE), "-fno-builtin", "-O1", "-w", "-c",
                    str(d / "t.c"), "-o", str(d / "t.o")], check=True)
    # No libgcc on this link line: every long double operation must find our routines.
    subprocess.run([cc, "-nostdlib", "-static", "-no-pie", "-o", str(d / "ours"),
                    str(lib.directory / "crt1.o"), str(d / "t.o"), str(lib.directory / "libc.a")],
                   check=True)
    return d / "glibc", d / "ours"


def _qemu(exe: Path, *args: int) -> str:
    return subprocess.run(["qemu-aarch64", str(exe), *map(str, args)], capture_output=True,
                          text=True, check=True, timeout=120).stdout


@needs_aarch64
def test_aarch64_routines_match_libgcc_bit_for_bit(tmp_path):
    from toolchain.emulator import run
    glibc, ours = _aarch64_builds(tmp_path)
    nm = subprocess.run(["aarch64-linux-gnu-nm", str(ours)], capture_output=True, text=True,
                        check=True).stdout
    defined = {line.split()[-1] for line in nm.splitlines() if " T " in line}
    # gcc -O1 calls most of them; the shim defines them, with the C core behind.
    assert {"__addtf3", "__lttf2", "__fixunstfdi", "__floatunditf", "__tf_add"} <= defined

    cases = _special_pairs() + 4000
    theirs = _qemu(glibc, cases)
    assert len(theirs.splitlines()) == cases
    mine = _qemu(ours, cases)
    assert mine == theirs, _first_difference(mine, theirs)

    # The same binary in our emulator, on fewer cases (it is slower than qemu): the last
    # hundred special pairs and a hundred random ones.
    cases, start = _special_pairs() + 100, _special_pairs() - 100
    theirs = _qemu(glibc, cases, start)
    assert len(theirs.splitlines()) == 200
    result = run(ours.read_bytes(), ["ours", str(cases), str(start)], timeout=60)
    mine = result.stdout.decode()
    assert mine == theirs, _first_difference(mine, theirs)


def test_the_shim_defines_every_libgcc_name_and_only_for_aarch64(tmp_path):
    shim = LIBC / "arch" / "aarch64" / "softfp.s"
    obj = tmp_path / "softfp.o"
    built = ccpipeline("as", "--target=aarch64", shim, "-o", obj)
    assert built.returncode == 0, built.stderr
    symbols = ccpipeline("nm", obj).stdout.split("\n")
    for name in LIBGCC_NAMES:
        assert any(line.endswith(f" T {name}") for line in symbols), name
    assert not list((LIBC / "arch" / "x86_64").glob("softfp*"))
    # The C core keeps to reserved names: nothing in it may clash with a user's symbol.
    for src in SOFTFP_SOURCES:
        for name in LIBGCC_NAMES:
            assert name not in src.read_text()
