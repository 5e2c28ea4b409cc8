"""long double in our C library: printf's %Lf %Le %Lg %La, strtold and float.h, against glibc.

long double is the x87's 80-bit extended format on x86-64 (a 64-bit significand with its
leading bit written out; glibc's %La shows it as 0xc.ccccccccccccccdp-7) and IEEE
binary128 on AArch64 (0x1.999...ap-4). The values come in as bit patterns, so that every
encoding can be reached (subnormals, the x87's pseudo-denormals and unnormals, NaNs with
payloads) and the test depends on no compiler's reading of long double literals.

Each program runs on our libc and on glibc and must print the same bytes: built by GCC on
our libc (test_libc.py's harness, native on x86-64 and qemu on AArch64), and, for a
smaller set, built by our own toolchain (compiler, libc, linker) and run in our emulator.
"""
from __future__ import annotations

import random
from fractions import Fraction

import pytest

from test_libc import _arch_params, _c_string, arch_libc, libc  # noqa: F401

M64 = (1 << 64) - 1

# ---------------------------------------------------------------- encodings


class Fmt:
    """One long double format: its precision and how it lays out its bits."""

    def __init__(self, arch: str):
        self.x87 = arch == "x86_64"
        self.p = 64 if self.x87 else 113        # significand bits, the leading one included
        self.emin = -16382
        self.emax = 16383
        self.digits = 21 if self.x87 else 36    # DECIMAL_DIG: enough to round-trip

    def words(self, sign: int, exp: int, mant: int) -> tuple[int, int]:
        """(low, high) 64-bit words from the fields: for x87, mant is all 64 bits; for
        binary128, the 112 fraction bits."""
        if self.x87:
            return mant & M64, (sign << 15) | exp
        return mant & M64, (sign << 63) | (exp << 48) | ((mant >> 64) & ((1 << 48) - 1))

    def encode(self, v: Fraction) -> tuple[int, int]:
        """The nearest value (ties to even), finite, as words."""
        sign = 1 if v < 0 else 0
        v = abs(v)
        if v == 0:
            return self.words(sign, 0, 0)
        e = v.numerator.bit_length() - v.denominator.bit_length()
        if Fraction(2) ** e > v:
            e -= 1
        e = max(e, self.emin)
        scaled = v / Fraction(2) ** (e - self.p + 1)
        m = scaled.numerator // scaled.denominator
        rest = scaled - m
        if rest > Fraction(1, 2) or (rest == Fraction(1, 2) and m & 1):
            m += 1
        if m >> self.p:
            m >>= 1
            e += 1
        assert e <= self.emax
        if m >> (self.p - 1) == 0:              # subnormal
            return self.words(sign, 0, m)
        if self.x87:
            return self.words(sign, e + 16383, m)
        return self.words(sign, e + 16383, m & ((1 << 112) - 1))

    def decode(self, lo: int, hi: int) -> Fraction | None:
        """The exact value of finite bits (None for inf and NaN)."""
        if self.x87:
            sign, exp, m = (hi >> 15) & 1, hi & 0x7fff, lo
            if exp == 0x7fff:
                return None
            v = Fraction(m) * Fraction(2) ** (max(exp, 1) - 16383 - 63)
        else:
            sign, exp = hi >> 63, (hi >> 48) & 0x7fff
            frac = ((hi & ((1 << 48) - 1)) << 64) | lo
            if exp == 0x7fff:
                return None
            m = frac | (1 << 112) if exp else frac
            v = Fraction(m) * Fraction(2) ** (max(exp, 1) - 16383 - 112)
        return -v if sign else v

    def random_bits(self, rng: random.Random) -> tuple[int, int]:
        """Any finite or special value, biased toward the interesting ones."""
        sign = rng.getrandbits(1)
        r = rng.random()
        if r < 0.25:
            exp = rng.randint(1, 0x7ffe)
        elif r < 0.6:
            exp = 16383 + rng.randint(-70, 70)
        elif r < 0.7:
            exp = rng.choice([0, 1, 2, 0x7ffe, 0x7ffd])
        elif r < 0.8:
            exp = 16383 + rng.randint(-8, 12)
        else:
            exp = 16383 + rng.randint(-300, 300)
        if self.x87:
            if rng.random() < 0.3:      # few bits: exact short decimals, ties when rounding
                mant = rng.getrandbits(rng.randint(1, 12)) << 52
            else:
                mant = rng.getrandbits(63)
            if exp != 0:
                mant |= 1 << 63
            return self.words(sign, exp, mant)
        if rng.random() < 0.3:
            frac = rng.getrandbits(rng.randint(1, 12)) << 100
        else:
            frac = rng.getrandbits(112)
        return self.words(sign, exp, frac)

    def specials(self) -> list[tuple[int, int]]:
        w = self.words
        out = []
        for s in (0, 1):
            out += [w(s, 0, 0), w(s, 0x7fff, 1 << 63 if self.x87 else 0)]       # zero, inf
        if self.x87:
            out += [w(0, 0x7fff, 0xc000000000000000), w(1, 0x7fff, 0xc000000000000000),  # qNaN
                    w(0, 0x7fff, 0x8000000000001234),                  # sNaN with a payload
                    w(0, 0, 1), w(0, 0, (1 << 63) - 1),                # denormals
                    w(0, 0, 1 << 63), w(1, 0, 0xc000000000000000),     # pseudo-denormals
                    w(0, 0x3fff, 0x4000000000000000), w(1, 0x4000, 0),  # unnormals: nan
                    w(0, 0x7fff, 0), w(0, 0x7fff, 0x4000000000000000),  # pseudo-inf, pseudo-NaN
                    w(0, 1, 1 << 63), w(0, 0x7ffe, M64), w(0, 0x3fff, M64), w(0, 0x3ffe, M64)]
        else:
            out += [w(0, 0x7fff, 1 << 111), w(1, 0x7fff, (1 << 111) | 5),   # qNaN
                    w(0, 0x7fff, 1),                                   # sNaN
                    w(0, 0, 1), w(0, 0, (1 << 112) - 1), w(1, 0, 1 << 111),  # subnormals
                    w(0, 1, 0), w(0, 0x7ffe, (1 << 112) - 1), w(0, 0x3fff, (1 << 112) - 1),
                    w(0, 0x3ffe, (1 << 112) - 1)]
        for text in ["0.1", "0.5", "1.5", "2.5", "-0.5", "0.125", "0.375", "9.5", "99.5", "999.9999",
                     "0.05", "0.15", "0.25", "1", "-1", "123456789", "1e15", "1e16", "1e17",
                     "1e21", "1e22", "1e23", "1e-5", "9.9999e-5", "0.0001", "1/3", "2/3", "1e300",
                     "1e-300", "1e4000", "1e-4000", "65536", "0.9999995", "999999.5", "1.25",
                     "0.0625", "7e-10", "12345.6789", "1e30", "1e35", "1e36", "0.3", "3.14159265358979323846264338327950288"]:
            out.append(self.encode(Fraction(text)))
        return out


def _digits_of(n: int) -> str:
    """str(n) for any size (Python refuses int -> str beyond 4300 digits)."""
    if n < 10 ** 1000:
        return str(n)
    k = (len(bin(n)) * 3) // 20             # about half the digits
    hi, lo = divmod(n, 10 ** k)
    return _digits_of(hi) + _digits_of(lo).rjust(k, "0")


def _exact_decimal(v: Fraction) -> str:
    """The exact decimal expansion of a dyadic fraction, in plain notation."""
    sign = "-" if v < 0 else ""
    v = abs(v)
    k = v.denominator.bit_length() - 1      # denominator is 2^k
    assert v.denominator == 1 << k
    digits = _digits_of(v.numerator * 5 ** k)
    if k == 0:
        return sign + digits
    digits = digits.rjust(k + 1, "0")
    return sign + digits[:-k] + "." + digits[-k:]


def _words_table(values) -> str:
    return ",\n".join(f"    {{0x{lo:016x}ULL, 0x{hi:016x}ULL}}" for lo, hi in values)


# ---------------------------------------------------------------- printf

def _printf_cases(arch: str, seed: int, count: int):
    fmt = Fmt(arch)
    rng = random.Random(seed)
    specials = fmt.specials()
    values = list(specials)
    cases = []
    for _ in range(count):
        conv = rng.choice("fFeEgGaAfegaa")
        flags = "".join(rng.sample("-+ #0", rng.randint(0, 3))) if rng.random() < 0.5 else ""
        width = str(rng.randint(1, 40)) if rng.random() < 0.3 else ""
        r = rng.random()
        if r < 0.55:
            prec = "." + str(rng.choice([0, 1, 2, 3, 5, 6, 10, 15, 18, 19, 20, 21, 25, 27, 28, 30,
                                         33, 34, 35, 36, 40, rng.randint(0, 70)]))
        elif r < 0.58:
            prec = "."
        else:
            prec = ""
        length = "L" if rng.random() < 0.93 else "ll"      # glibc reads %llf as long double too
        if rng.random() < 0.3:
            index = rng.randrange(len(specials))
        else:
            bits = fmt.random_bits(rng)
            # %Lf of a huge value prints thousands of digits: keep those rare.
            v = fmt.decode(*bits)
            if conv in "fF" and v is not None and abs(v) > 10 ** 60 and rng.random() < 0.9:
                conv = "e"
            values.append(bits)
            index = len(values) - 1
        cases.append((f"[%{flags}{width}{prec}{length}{conv}]", index))
    return values, cases


def _printf_program(values, cases) -> str:
    fmts = ",\n".join(f'    "{f}"' for f, _ in cases)
    index = ", ".join(str(i) for _, i in cases)
    return r"""
#include <stdio.h>
#include <string.h>
static const unsigned long long V[][2] = {
""" + _words_table(values) + r"""
};
static const char *F[] = {
""" + fmts + r"""
};
static const int I[] = { """ + index + r""" };
int main(void) {
    char buf[48];
    int i, r;
    for (i = 0; i < (int)(sizeof I / sizeof I[0]); i++) {
        long double x;
        memcpy(&x, V[I[i]], sizeof x);
        r = printf(F[i], x);
        printf(" %d\n", r);
        if (i % 11 == 0) {
            r = snprintf(buf, (size_t)(i % 37), F[i], x);
            printf("snprintf %d: %d |%s|\n", i % 37, r, i % 37 ? buf : "");
        }
    }
    return 0;
}
"""


@arch_libc
def test_printf_long_double_generated(libc):
    values, cases = _printf_cases(libc.arch, 20261107, 4000)
    out, _, status = libc.compare(_printf_program(values, cases))
    assert status == 0 and out.count(b"\n") > 4000


@arch_libc
def test_printf_long_double_edges(libc):
    """Hand-picked: ties and carries in every conversion, %La's leading digit running
    over (0xf -> 0x1 four powers up on x86-64), the widest expansions, flags."""
    fmt = Fmt(libc.arch)
    names = {}
    vals = []

    def val(name, v):
        names[name] = len(vals)
        vals.append(fmt.encode(Fraction(v)) if not isinstance(v, tuple) else v)

    for i, v in enumerate(["0.5", "1.5", "2.5", "-0.5", "3.5", "0.25", "1.005", "2.5e10", "0.1",
                           "15.5", "15.96875", "8.5", "9.5", "1.9375", "1.96875", "1.03125",
                           "999999.5", "99.5"]):
        val(f"v{i}", v)
    w = fmt.words
    top = (1 << 63) if fmt.x87 else 0
    val("tiny", w(0, 0, 1))
    val("big", w(0, 0x7ffe, M64 if fmt.x87 else (1 << 112) - 1))
    val("minnorm", w(0, 1, top))
    val("maxsub", w(0, 0, (1 << 63) - 1 if fmt.x87 else (1 << 112) - 1))
    val("ffff", w(0, 0x3fff, M64 if fmt.x87 else (1 << 112) - 1))
    val("negzero", w(1, 0, 0))
    val("inf", w(0, 0x7fff, top))
    val("nan", w(1, 0x7fff, (3 << 62) if fmt.x87 else 1 << 111))
    lines = []

    def p(f, *args):
        call_args = ", ".join(f"X({names[a]})" for a in args)
        lines.append(f'    r = printf("{f}", {call_args}); printf(" %d\\n", r);')

    p("[%.0Lf|%.0Lf|%.0Lf|%.0Lf|%.0Lf|%.1Lf|%.2Lf|%.0Le|%.0Le]", "v0", "v1", "v2", "v3", "v4", "v5", "v6", "v2", "v7")
    p("[%.70Lf|%.70Le|%.70Lg|%La|%LA]", "v8", "v8", "v8", "v8", "v8")
    p("[%.0La|%.1La|%.0La|%.0La|%.1La|%.2La|%.0La|%.3La]", "v9", "v10", "v11", "v12", "v13", "v14", "v15", "v15")
    p("[%.12000Lf]", "tiny")
    p("[%.11600Le|%La|%.3La|%.0La|%#La]", "tiny", "tiny", "tiny", "tiny", "tiny")
    p("[%Lf]", "big")
    p("[%.40Le|%La|%.1La|%LA|%.0La]", "big", "big", "big", "big", "big")
    p("[%.40Le|%La|%.0La|%.40Lg]", "minnorm", "minnorm", "minnorm", "minnorm")
    p("[%.40Le|%La|%.0La|%.2La|%.40Lg]", "maxsub", "maxsub", "maxsub", "maxsub", "maxsub")
    p("[%La|%.0La|%.1La|%.5La|%.40Lf|%.0Lf|%.0Le|%Lg]", "ffff", "ffff", "ffff", "ffff", "ffff", "ffff", "ffff", "ffff")
    p("[%Lf|%Le|%Lg|%La|%+.3Lf|% Le]", "negzero", "negzero", "negzero", "negzero", "negzero", "negzero")
    p("[%Lf|%-6Le|%+Lg|%010La|%LF|%LE|%LG|%LA]", "inf", "inf", "inf", "inf", "nan", "nan", "nan", "nan")
    p("[%#.0Lf|%#.0Le|%#Lg|%#.0Lg|%#La|%#.0La|%Lg|%Lg|%Lg]", "v1", "v1", "v1", "v1", "v1", "v1", "v7", "v8", "tiny")
    p("[%015Lf|%-15Lf|%+015.2Le|% 015Lg|%025La|%-25La|%+La]", "v3", "v3", "v7", "v8", "v8", "v8", "v8")
    # glibc's %#g when rounding carries the fixed style up to 10^P: "1.e+06"
    p("[%#Lg|%Lg|%#.2Lg|%#.1Lg|%#.0Lg|%#.4Lg]", "v16", "v16", "v17", "v12", "v12", "v17")
    source = r"""
#include <stdio.h>
#include <string.h>
static const unsigned long long V[][2] = {
""" + _words_table(vals) + r"""
};
static long double X(int i) { long double x; memcpy(&x, V[i], sizeof x); return x; }
int main(void) {
    int r;
""" + "\n".join(lines) + r"""
    r = printf("[%2$.*1$Lf|%3$Lg|%4$d]", 4, X(0), X(1), 7); printf(" %d\n", r);
    r = printf("[%*.*Lf|%-*.*Le|%.*Lg]", 12, 3, X(9), 12, 2, X(7), -1, X(8)); printf(" %d\n", r);
    r = printf("[%Lf|%f|%Le|%e|%Lg]", X(0), 0.25, X(8), 1e10, X(1)); printf(" %d\n", r);
    return 0;
}
"""
    out, _, status = libc.compare(source)
    assert status == 0 and out.count(b"\n") == len(lines) + 3


# ---------------------------------------------------------------- strtold

def _strtold_strings(arch: str, seed: int, count: int) -> list[str]:
    """Text for strtold: short and long decimals, exact halfway points between two
    neighbouring long doubles (and a hair either side), the edges of the range, hex,
    inf/nan spellings, junk after."""
    fmt = Fmt(arch)
    rng = random.Random(seed)
    out = ["0", "-0", "1", "0.1", "1e23", "1e4932", "1.18973149535723176502e+4932",
           "1.18973149535723176508575932662800702e4932", "1.1897314953572317650857593266280071e4932",
           "1.1897314953572317651e4932", "1e4933", "3.36210314311209350626e-4932",
           "3.3621031431120935062626778173217526e-4932", "3.6451995318824746025e-4951",
           "1.8225997659412373012e-4951", "1.8225997659412373013e-4951", "1e-4951", "1e-4960",
           "6.4751751194380251109244389582276466e-4966", "3.2375875597190125554622194791138233e-4966",
           "3.2375875597190125554622194791138234e-4966", "1e-5000", "1e-99999", "1e99999",
           "0x1p-16445", "0x1p-16446", "0x1.8p-16446", "0x1p-16494", "0x1p-16495", "0x1.8p-16495",
           "0x1p16384", "0x1.ffffffffffffffffffffffffffffp16383", "0xf.fffffffffffffffp16380",
           "0x1.00000000000000008p0", "0x1.00000000000000018p0", "0x1.00000000000000000000000000008p0",
           "0x1.00000000000000000000000000018p0", "0x.8p1", "0x1P+4", "0x", "0x.p1", "0xg", "1e",
           "1e+", "1e+x", ".e1", ".", "-", "+.5", " \t\n  -12.5e-1xyz", "inf", "-INF", "infinity",
           "Infinityx", "infinit", "nan", "-NaN", "nan(123)", "nan(0x7f)", "nan(abc_1)", "nan(",
           "nan()x", "nan(0xffffffffffffffff)", "-nan(0x4000000000000000)", "nan(0x8000000000000001)",
           "123456789012345678901234567890123456789", "00000000.000000001e+9",
           "1" + "0" * 5000 + "e-5000", "0." + "0" * 4950 + "1e4950", "9" * 5000]
    for _ in range(count):
        r = rng.random()
        if r < 0.25:
            digits = "".join(rng.choice("0123456789") for _ in range(rng.randint(1, 45)))
            point = rng.randint(0, len(digits))
            out.append(digits[:point] + "." + digits[point:] + f"e{rng.randint(-4970, 4940)}")
        elif r < 0.4:
            v = fmt.decode(*fmt.random_bits(rng))
            if v is None:
                continue
            exp = rng.randint(1, fmt.digits + 3)
            out.append(f"{float(v):.{exp}e}" if abs(v) < 10 ** 300 and abs(v) > Fraction(1, 10 ** 300)
                       else f"{rng.randint(1, 9)}.{rng.getrandbits(60)}e{rng.randint(-4950, 4930)}")
        elif r < 0.8:
            # Halfway between x and its successor, exactly, then maybe nudged.
            if rng.random() < 0.15:      # at the bottom of the range: the longest texts
                lo, hi = fmt.words(0, 0, rng.getrandbits(rng.randint(1, 20)))
            else:
                lo, hi = fmt.random_bits(rng)
            hi &= ~((1 << 15) if fmt.x87 else (1 << 63))
            x = fmt.decode(lo, hi)
            if x is None or (fmt.x87 and hi & 0x7fff and not lo >> 63):
                continue
            ulp = Fraction(2) ** (max(hi & 0x7fff if fmt.x87 else hi >> 48, 1) - 16383 - (fmt.p - 1))
            text = _exact_decimal(x + ulp / 2)
            if len(text) > 600 and rng.random() < 0.85:
                continue
            nudge = rng.random()
            if nudge < 0.3:
                text += "000000000000000000000001"
            elif nudge < 0.5 and len(text.replace(".", "").lstrip("0")) > 3:
                text = text[:-1]
            if rng.random() < 0.5:
                text = "-" + text
            out.append(text)
        else:
            v = fmt.decode(*fmt.random_bits(rng))
            if v is None or v == 0:
                continue
            e = v.numerator.bit_length() - v.denominator.bit_length()
            m = abs(v) / Fraction(2) ** (e - 120)
            out.append(("-" if v < 0 else "") + f"0x{m.numerator // m.denominator:x}p{e - 120}")
    return out


def _strtold_program(texts) -> str:
    table = ",\n".join("    " + _c_string(t) for t in texts)
    return r"""
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
static const char *texts[] = {
""" + table + r"""
};
int main(void) {
    int i;
    for (i = 0; i < (int)(sizeof texts / sizeof texts[0]); i++) {
        char *end;
        long double x;
        unsigned long long w[2];
        int e;
        errno = 0;
        x = strtold(texts[i], &end);
        e = errno;
        memcpy(w, &x, sizeof w);
#ifdef __x86_64__
        w[1] &= 0xffff;         /* the 6 bytes above the x87's 10 are padding */
#endif
        printf("%d: %016llx%016llx %d %ld\n", i, w[1], w[0], e, (long)(end - texts[i]));
    }
    return 0;
}
"""


@arch_libc
def test_strtold_against_glibc(libc):
    texts = _strtold_strings(libc.arch, 20261108, 1500)
    out, _, status = libc.compare(_strtold_program(texts))
    assert status == 0 and out.count(b"\n") == len(texts)


@arch_libc
def test_printf_then_strtold_round_trips(libc):
    """%.{DECIMAL_DIG}Lg and %La give back every bit through strtold, here and on glibc."""
    out, _, _ = libc.compare(r"""
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <float.h>
static unsigned long long state = 88172645463325252ULL;
static unsigned long long next(void) {
    state ^= state << 13; state ^= state >> 7; state ^= state << 17; return state;
}
int main(void) {
    int i, bad = 0, badhex = 0, tried = 0;
    char text[128];
    for (i = 0; i < 3000; i++) {
        unsigned long long w[2], back[2];
        long double x, y;
        w[0] = next();
        w[1] = next();
#ifdef __x86_64__
        w[1] &= 0xffff;
        if ((w[1] & 0x7fff) != 0)
            w[0] |= 1ULL << 63;           /* a valid x87 number: normal, or exponent 0 */
        if ((w[1] & 0x7fff) == 0)
            w[0] &= ~(1ULL << 63);
        if (i % 3 == 0)
            w[1] = (w[1] & 0x8000) | (0x3fff + (int)(w[1] % 41) - 20);
        if ((w[1] & 0x7fff) == 0x7fff)
            continue;
#else
        if (i % 3 == 0)
            w[1] = (w[1] & 0x8000ffffffffffffULL) | ((0x3fffULL + w[1] % 41 - 20) << 48);
        if (((w[1] >> 48) & 0x7fff) == 0x7fff)
            continue;
#endif
        memcpy(&x, w, sizeof x);
        tried++;
        sprintf(text, "%.*Lg", DECIMAL_DIG, x);
        y = strtold(text, NULL);
        memcpy(back, &y, sizeof back);
#ifdef __x86_64__
        back[1] &= 0xffff;
#endif
        if (back[0] != w[0] || back[1] != w[1]) { bad++; printf("%s\n", text); }
        sprintf(text, "%La", x);
        y = strtold(text, NULL);
        memcpy(back, &y, sizeof back);
#ifdef __x86_64__
        back[1] &= 0xffff;
#endif
        if (back[0] != w[0] || back[1] != w[1]) { badhex++; printf("%s\n", text); }
        if (i % 100 == 0)
            printf("%s\n", text);
    }
    printf("%d tried, round trips failed: %d decimal, %d hex\n", tried, bad, badhex);
    return 0;
}
""")
    assert b"failed: 0 decimal, 0 hex" in out


# ---------------------------------------------------------------- float.h

@arch_libc
def test_float_h_long_double_macros_match_gcc(libc):
    """Our <float.h> against GCC's, each read by GCC: the same numbers, the same bits."""
    libc.compare(r"""
#include <stdio.h>
#include <string.h>
#include <float.h>
static void bits(const char *name, long double x) {
    unsigned long long w[2];
    memcpy(w, &x, sizeof w);
#ifdef __x86_64__
    w[1] &= 0xffff;
#endif
    printf("%s %016llx%016llx %La\n", name, w[1], w[0], x);
}
int main(void) {
    printf("%d %d %d %d %d %d %d %d\n", LDBL_MANT_DIG, LDBL_DIG, LDBL_MIN_EXP, LDBL_MIN_10_EXP,
           LDBL_MAX_EXP, LDBL_MAX_10_EXP, DECIMAL_DIG, (int)sizeof(long double));
    bits("max", LDBL_MAX);
    bits("min", LDBL_MIN);
    bits("epsilon", LDBL_EPSILON);
    return 0;
}
""")


# ---------------------------------------------------------------- our whole toolchain

@pytest.mark.parametrize("libc", _arch_params(), indirect=True)
def test_long_double_through_our_toolchain(libc, tmp_path):
    """printf and strtold programs compiled and linked by our toolchain (the libc by our
    compiler too: this is where va_arg(ap, long double) and strtold's return are ours),
    run in our emulator; glibc's natively or under qemu."""
    from toolchain import driver
    from toolchain.emulator import run
    from toolchain.target import get_target
    values, cases = _printf_cases(libc.arch, 20261109, 200)
    texts = _strtold_strings(libc.arch, 20261110, 120)
    texts = [t for t in texts if len(t) < 2000]
    for name, source in [("p.c", _printf_program(values, cases)), ("s.c", _strtold_program(texts))]:
        src = tmp_path / name
        src.write_text(source)
        build = driver.build([str(src)], driver.Options(target=get_target(libc.arch)))
        assert build.executable is not None, "\n".join(map(str, build.diagnostics))
        ours = run(build.executable, timeout=300, output_limit=1 << 24)
        theirs = libc.run(libc.build(source, False))
        assert (ours.status, ours.stderr) == (0, b"") and theirs[2] == 0
        mine, ref = ours.stdout.decode("latin-1").splitlines(), theirs[0].decode("latin-1").splitlines()
        diff = next((f"line {i + 1}:\n  ours : {a}\n  glibc: {b}" for i, (a, b) in
                     enumerate(zip(mine, ref)) if a != b), None)
        assert diff is None, diff
        assert len(mine) == len(ref)
