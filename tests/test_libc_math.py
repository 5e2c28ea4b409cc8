"""sin, cos, tan and sinf, cosf, tanf of our C library on huge arguments (and on
arguments that lie very near a multiple of pi/2), where the reduction by pi/2 needs
hundreds of bits of pi.

Each result is checked two ways: against glibc (native on x86-64, qemu on AArch64), to
within 1 ulp, and against an exact reference computed here with Python integers (pi to
2300 bits), to within 1 ulp as well. glibc itself is sometimes further off than that
(cos(6381956970095103 * 2^797), 8 ulps in glibc 2.36): where the reference shows glibc is
the one more than an ulp away, only the reference decides. Our library runs both as GCC
builds it (test_libc.py's harness) and as our own toolchain builds it, in our emulator.
"""
from __future__ import annotations

import functools
import random
import struct
from fractions import Fraction
from pathlib import Path

import pytest

from test_libc import ARCHES, _arch_params, _ulp_distance, arch_libc, libc  # noqa: F401

# ---------------------------------------------------------------- the exact reference

_FIX = 2300     # pi/2 and x in fixed point with this many bits after the point
_OUT = 400      # the reduced argument and the series, with this many


def _pi_fixed(bits: int) -> int:
    """floor(pi * 2^bits) give or take one, by Machin's formula pi = 16 atan 1/5 - 4 atan 1/239."""
    guard = bits + 32

    def atan_inv(n):
        total = term = (1 << guard) // n
        k, n2 = 1, n * n
        while term:
            term //= n2
            total += (-1) ** k * (term // (2 * k + 1))
            k += 1
        return total
    return (16 * atan_inv(5) - 4 * atan_inv(239)) >> 32


_HALF_PI = _pi_fixed(_FIX) >> 1


@functools.lru_cache(maxsize=None)
def _sin_cos(x: float) -> tuple[Fraction, Fraction]:
    """sin x and cos x to about 330 bits (relative) for any finite nonzero double."""
    num, den = x.as_integer_ratio()                 # den is a power of two, at most 2^1074
    big = num * ((1 << _FIX) // den)                # x * 2^_FIX, exactly
    k = (2 * big + _HALF_PI) // (2 * _HALF_PI)      # the nearest multiple of pi/2
    r = (big - k * _HALF_PI) >> (_FIX - _OUT)       # |r| <= pi/4, error below 2^-1200
    one = 1 << _OUT
    r2 = r * r >> _OUT
    s = term = r
    n = 1
    while term:
        term = -(term * r2 >> _OUT) // ((2 * n) * (2 * n + 1))
        s += term
        n += 1
    c = term = one
    n = 1
    while term:
        term = -(term * r2 >> _OUT) // ((2 * n - 1) * (2 * n))
        c += term
        n += 1
    s, c = Fraction(s, one), Fraction(c, one)
    return [(s, c), (c, -s), (-s, -c), (-c, s)][k % 4]


def _reference(name: str, x: float) -> Fraction:
    s, c = _sin_cos(x)
    return {"sin": s, "cos": c, "tan": s / c}[name]


def _double_bits(v: Fraction) -> int:
    return struct.unpack("<Q", struct.pack("<d", float(v)))[0]    # float() rounds correctly


def _float_bits(v: Fraction) -> int:
    """v rounded correctly to a float (not through a double: that would round twice)."""
    first = struct.unpack("<I", struct.pack("<f", float(v)))[0]
    def err(bits):
        return abs(Fraction(struct.unpack("<f", struct.pack("<I", bits))[0]) - v)
    return min((first - 1, first, first + 1), key=err)


def _float_ulp_distance(a: int, b: int) -> int:
    def key(bits):
        return bits if bits < 1 << 31 else -(bits - (1 << 31))
    return abs(key(a) - key(b))

# ---------------------------------------------------------------- the arguments


def _double(bits: int) -> float:
    return struct.unpack("<d", struct.pack("<Q", bits))[0]


def _f32(x: float) -> float:
    return struct.unpack("<f", struct.pack("<f", x))[0]


def _near_multiples(rng, count, kmax, to_float=False):
    """Numbers as close as a double (or float) gets to k pi/2: the reduced argument is
    then tiny, and every bit of pi that the reduction lacks shows."""
    out = []
    for _ in range(count):
        k = rng.randint(1, kmax)
        v = Fraction(k * _HALF_PI, 1 << _FIX)
        x = _f32(float(v)) if to_float else float(v)
        if x != float("inf"):
            out.append(x if rng.random() < 0.5 else -x)
    return out


def _double_cases(seed=20261107):
    rng = random.Random(seed)
    # 6381956970095103 * 2^797 comes nearer a multiple of pi/2 than any other double
    xs = [1e22, 2.0 ** 1023, 1e300, 1.7976931348623157e308, 6381956970095103 * 2.0 ** 797, 1e15, 1e9, 524288.0, 524287.9999999999, 2.0 ** 19 * 1.5707963267948966,
          3.0, 1.5707963267948966, 3.141592653589793, 0.7853981633974483, 0.7853981633974484,
          2.0 ** -26, 1e-5]
    xs += [-x for x in xs]
    for _ in range(2400):       # huge: every exponent from 2^19 up
        xs.append(_double((rng.getrandbits(1) << 63) | (rng.randint(1023 + 19, 2046) << 52) | rng.getrandbits(52)))
    xs += _near_multiples(rng, 300, 1 << 19)            # the fast reduction's range, r tiny
    xs += _near_multiples(rng, 300, 1 << 1000)          # and far beyond
    for _ in range(600):        # moderate ones, where tan used to be 2 ulps off
        xs.append(rng.uniform(-1e5, 1e5) if rng.random() < 0.5 else rng.uniform(-4, 4))
    return xs


def _float_cases(seed=20261108):
    rng = random.Random(seed)
    xs = [_f32(v) for v in (1e22, 3.4028234663852886e38, 1e30, 16777216.0, 1e5, 1.5707963267948966, 3.0)]
    xs += [-x for x in xs]
    for _ in range(1200):
        xs.append(struct.unpack("<f", struct.pack("<I", (rng.getrandbits(1) << 31) | (rng.randint(127 + 10, 254) << 23)
                                                  | rng.getrandbits(23)))[0])
    xs += _near_multiples(rng, 200, 1 << 100, to_float=True)
    return xs


DOUBLES = _double_cases()
FLOATS = _float_cases()

# The arguments come on stdin, as bit patterns: the program stays small to compile.
SOURCE = r"""
#include <math.h>
#include <stdio.h>
#include <string.h>
static unsigned long long bits(double d) { unsigned long long u; memcpy(&u, &d, 8); return u; }
static unsigned int fbits(float f) { unsigned int u; memcpy(&u, &f, 4); return u; }
int main(void) {
    unsigned n, i;
    unsigned long long u;
    unsigned int w;
    double x;
    float f;
    if (scanf("%u", &n) != 1)
        return 1;
    for (i = 0; i < n; i++) {
        if (scanf("%llx", &u) != 1)
            return 1;
        memcpy(&x, &u, 8);
        printf("%016llx %016llx %016llx\n", bits(sin(x)), bits(cos(x)), bits(tan(x)));
    }
    if (scanf("%u", &n) != 1)
        return 1;
    for (i = 0; i < n; i++) {
        if (scanf("%x", &w) != 1)
            return 1;
        memcpy(&f, &w, 4);
        printf("%08x %08x %08x\n", fbits(sinf(f)), fbits(cosf(f)), fbits(tanf(f)));
    }
    return 0;
}
"""
STDIN = "\n".join([str(len(DOUBLES))] + [f"{struct.unpack('<Q', struct.pack('<d', x))[0]:016x}" for x in DOUBLES]
                  + [str(len(FLOATS))] + [f"{struct.unpack('<I', struct.pack('<f', x))[0]:08x}" for x in FLOATS]
                  ).encode() + b"\n"

NAMES = ("sin", "cos", "tan")


def _check(ours: bytes, glibc: bytes):
    """Every result within 1 ulp of the exact value, and of glibc's unless glibc is the one
    more than 1 ulp off. Returns the largest distances seen, for the log."""
    a, b = ours.decode().split("\n"), glibc.decode().split("\n")
    assert len(a) == len(b) == len(DOUBLES) + len(FLOATS) + 1
    worst = {}
    failures = []
    glibc_off = []
    for i, (x, ours_line, glibc_line) in enumerate(zip(DOUBLES + FLOATS, a, b)):
        single = i >= len(DOUBLES)
        for name, o, g in zip(NAMES, ours_line.split(), glibc_line.split()):
            o, g = int(o, 16), int(g, 16)
            ref = _reference(name, x)
            exact = _float_bits(ref) if single else _double_bits(ref)
            dist = _float_ulp_distance if single else _ulp_distance
            to_ref, to_glibc, glibc_to_ref = dist(o, exact), dist(o, g), dist(g, exact)
            label = name + ("f" if single else "")
            before = worst.get(label, (0, 0))
            worst[label] = (max(before[0], to_ref), max(before[1], to_glibc))
            if glibc_to_ref > 1:
                glibc_off.append((label, x, glibc_to_ref))
            if to_ref > 1 or (to_glibc > 1 and glibc_to_ref <= 1):
                failures.append((label, repr(x), f"ours {o:x} glibc {g:x} exact {exact:x}"))
    print("largest (ulps from exact, ulps from glibc):", worst)
    print("where glibc is more than 1 ulp off:", glibc_off)
    assert not failures, failures[:10]
    return worst


def test_reference_is_right():
    """The reference itself, on values whose sine and cosine are known by other means."""
    import math
    for x in (0.5, 1.0, 3.0, -2.5, 100.0, 1e5):
        for name in NAMES:
            assert abs(float(_reference(name, x)) - getattr(math, name)(x)) <= 2 * math.ulp(getattr(math, name)(x))
    # sin(1e22), from the literature on argument reduction (Ng 1992)
    assert float(_reference("sin", 1e22)) == -0.8522008497671888


@arch_libc
def test_trig_huge_arguments_gcc_built(libc):
    """Our libc as GCC builds it (native, or qemu on AArch64) against glibc and exact."""
    ours = libc.run(libc.build(SOURCE, True), STDIN)
    theirs = libc.run(libc.build(SOURCE, False), STDIN)
    assert ours[2] == theirs[2] == 0
    _check(ours[0], theirs[0])


@pytest.mark.parametrize("libc", _arch_params(), indirect=True)
def test_trig_huge_arguments_our_toolchain(libc, tmp_path):
    """The same program, compiled and linked by our toolchain (our libc built by our
    compiler), run in our emulator; glibc's run natively or under qemu."""
    from toolchain import driver
    from toolchain.emulator import run
    from toolchain.target import get_target
    src = tmp_path / "trig.c"
    src.write_text(SOURCE)
    exe = driver.build([str(src)], driver.Options(target=get_target(libc.arch), opt_level=1)).executable
    ours = run(exe, stdin=STDIN, timeout=120, output_limit=1 << 24)
    theirs = libc.run(libc.build(SOURCE, False), STDIN)
    assert (ours.status, ours.stderr) == (0, b"") and theirs[2] == 0
    _check(ours.stdout, theirs[0])
