"""`long double`, differentially against GCC -O0.

x86-64: x87 extended precision (64-bit significand, explicit integer bit) in a 16-byte,
16-aligned object, computed on the x87 register stack; class X87 in the psABI (arguments
in memory, results in %st0).
AArch64: IEEE binary128 (AAPCS64), in q registers, computed by calls to libgcc's soft-float
routines (__addtf3, __lttf2, __fixtfdi, ...; our libc has its own); HFAs of long double in
consecutive q registers, 16-aligned stack slots. Its executables run in our emulator only
(gcc's, for reference, under qemu-aarch64).

Three kinds of checks, each parametrized by `arch` (a new target adds its row to ARCHES,
FORMATS and SIGNIFICANT, and a way to run its executables natively):

1. A value matrix and a random corpus. The value matrix runs every operator, comparison,
   branch and conversion over every pair of a list of values (special: zeros, subnormals,
   the largest finite, infinities, NaNs, all significand bits set, the 2**31/2**32/2**63/2**64
   boundaries of the integer conversions; and random ones with a full significand). The
   corpus is random functions of statements: nested expressions deep enough to spill the
   x87 stack, calls inside expressions, conditionals, compound assignment and ++/-- through
   pointers and members, guarded conversions to every integer type. Each program prints
   its results as the significant bytes of each long double (no %Lf: our libc's printf may
   not have it), and is built by gcc (with glibc) and by our whole toolchain (our libc),
   which runs natively and in our emulator: the three outputs must be byte-identical.
2. An ABI calling matrix: random signatures mixing long double with integers, double and
   structures (ones holding a long double: MEMORY class, or X87 returned in %st0), more
   arguments than registers, variadic callees reading va_arg(ap, long double); one side
   compiled by gcc, the other by us (both linked with glibc, whose printf shows %La).
3. The assembly: it reads like GCC's -O0 (fldt/faddp/fstpt, fcomip + parity, the
   control-word dance around fistp), GNU as and our assembler give the same bytes,
   -masm=intel encodes the same, and -g describes `long double` as GCC does.
"""
from __future__ import annotations

import functools
import os
import random
import shutil
import stat
import subprocess
from fractions import Fraction

import pytest

from test_compiler import (FP_STRUCTS, TOOLS, _cross_compiled_runs, _fp_init, _fp_print,
                           have, matrix_function)
from toolchain import assembler, driver
from toolchain.compiler import compile_c
from toolchain.compiler.extfloat import BINARY128, X87, ExtFloat, parse
from toolchain.emulator import run as emulate
from toolchain.target import get_target

ARCHES = ["x86_64", "aarch64"]
FORMATS = {"x86_64": X87, "aarch64": BINARY128}
SIGNIFICANT = {"x86_64": 10, "aarch64": 16}   # bytes of the 16 that hold the value (x87: 6 are padding)
NATIVE = {"x86_64": os.uname().machine == "x86_64", "aarch64": False}

arch_param = pytest.mark.parametrize("arch", ARCHES)


def _need(arch):
    if not have(arch):
        pytest.skip(f"no {arch} reference toolchain")


# -- values ---------------------------------------------------------------------------------

def hex_literal(q: Fraction) -> str:
    """An exact C hexadecimal floating constant of type long double for q."""
    sign = "-" if q < 0 else ""
    q = abs(q)
    if q == 0:
        return f"{sign}0.0L"
    m, den = q.numerator, q.denominator
    assert den & (den - 1) == 0, "not a binary fraction"
    zeros = (m & -m).bit_length() - 1
    return f"{sign}0x{m >> zeros:x}p{zeros - (den.bit_length() - 1):+d}L"


@functools.lru_cache(maxsize=None)
def special_values(fmt):
    """(C constant, description) of the values every operation meets."""
    p = fmt.precision
    tiny = Fraction(2) ** (fmt.emin - p + 1)
    two = Fraction(2)
    exact = [
        (0, "zero"), (1, "one"), (-1, "minus one"), (Fraction(1, 2), "half"), (3, "three"),
        (Fraction(-5, 2), "-2.5"),
        (tiny, "smallest subnormal"), (-tiny * 3, "negative subnormal"),
        ((2 ** (p - 1) - 1) * tiny, "largest subnormal"),
        (two ** fmt.emin, "smallest normal"), (fmt.max_finite, "largest finite"),
        (-fmt.max_finite, "most negative finite"),
        (2 - two ** (1 - p), "all significand bits set"),
        (2 ** 31 - Fraction(1, 2), "2**31 - 0.5"), (-2 ** 31 - Fraction(3, 4), "-2**31 - 0.75"),
        (2 ** 31, "2**31"), (2 ** 32 - Fraction(1, 2), "2**32 - 0.5"), (2 ** 32, "2**32"),
        (2 ** 63 - 1, "2**63 - 1"), (2 ** 63 - Fraction(1, 2), "2**63 - 0.5"),
        (2 ** 63, "2**63"), (2 ** 63 + 2, "2**63 + 2"), (-2 ** 63, "-2**63"),
        (-2 ** 63 - 1, "-2**63 - 1"), (2 ** 64 - 1, "2**64 - 1"), (2 ** 64, "2**64"),
        (2 ** 64 + 2 ** 12, "2**64 + 2**12"), (Fraction(-7, 2 ** 70), "small negative"),
    ]
    out = [(hex_literal(Fraction(q)), what) for q, what in exact]
    out += [("-0.0L", "negative zero"), ("0.1L", "0.1 (rounded)"), ("1e4000L", "1e4000"),
            ("-1e-4000L", "-1e-4000"), ("123456789.987654321L", "decimal"),
            ("__builtin_infl()", "infinity"), ("-__builtin_infl()", "minus infinity"),
            ('__builtin_nanl("")', "NaN"), ('-__builtin_nanl("")', "negative NaN")]
    return out


def random_value(rng, fmt):
    """A long double with every significand bit random (the leading one set)."""
    p = fmt.precision
    m = rng.getrandbits(p - 1) | 1 << (p - 1)
    e = rng.choice([rng.randint(-80, 80), rng.randint(-8, 8), rng.randint(fmt.emin, fmt.emax)])
    sign = -1 if rng.random() < 0.4 else 1
    return hex_literal(sign * m * Fraction(2) ** (e - p + 1))


def value_of(text, fmt):
    """The ExtFloat a constant from special_values/random_value stands for."""
    if "inf" in text:
        return ExtFloat(0, fmt, negative=text.startswith("-"), kind="inf")
    if "nan" in text:
        return ExtFloat(0, fmt, negative=text.startswith("-"), kind="nan")
    neg = text.startswith("-")
    v = parse(text.lstrip("-").rstrip("L"), fmt)
    return -v if neg else v


INT_TYPES = {      # C type: (min, max)
    "signed char": (-2 ** 7, 2 ** 7 - 1), "unsigned char": (0, 2 ** 8 - 1),
    "short": (-2 ** 15, 2 ** 15 - 1), "unsigned short": (0, 2 ** 16 - 1),
    "int": (-2 ** 31, 2 ** 31 - 1), "unsigned": (0, 2 ** 32 - 1),
    "long": (-2 ** 63, 2 ** 63 - 1), "unsigned long": (0, 2 ** 64 - 1),
}


def int_literal(v, t):
    if t.startswith("unsigned"):
        return f"{v}ul" if t == "unsigned long" else f"{v}u"
    if v == -2 ** 63:
        return "(-9223372036854775807l - 1)"
    return f"{v}l" if t == "long" else str(v)


def int_values(t, rng):
    lo, hi = INT_TYPES[t]
    vals = {lo, hi, 0, 1, lo + 1, hi - 1, hi // 2, hi // 2 + 1, -1 if lo else 2}
    vals |= {rng.randint(lo, hi) for _ in range(4)}
    return sorted(vals)


DOUBLES = ["0.0", "-0.0", "0.1", "-1e300", "0x1p-1074", "0x1.fffffffffffffp+1023", "1.0/3",
           "__builtin_inf()", "__builtin_nan(\"\")", "9007199254740993.0", "-2.5"]
FLOATS = ["0.0f", "-0.1f", "3.4e38f", "0x1p-149f", "16777217.0f", "__builtin_inff()", "7.75f"]

PRELUDE = r"""int printf(const char *, ...);
void *memcpy(void *, const void *, unsigned long);
static char line_[1024];
static int pos_;
static void put_hex(const void *p, int n) {
  const unsigned char *b = p;
  for (int i = n - 1; i >= 0; i--) {
    line_[pos_++] = "0123456789abcdef"[b[i] >> 4];
    line_[pos_++] = "0123456789abcdef"[b[i] & 15];
  }
  line_[pos_++] = ' ';
}
static void put_ld(long double x) { unsigned char b[sizeof x]; memcpy(b, &x, sizeof x); put_hex(b, LDB); }
static void put_d(double x) { put_hex(&x, 8); }
static void put_f(float x) { put_hex(&x, 4); }
static void put_u(unsigned long v) {
  char d[24]; int n = 0;
  do { d[n++] = '0' + v % 10; v /= 10; } while (v);
  while (n) line_[pos_++] = d[--n];
  line_[pos_++] = ' ';
}
static void put_i(long v) {
  if (v < 0) { line_[pos_++] = '-'; put_u(-(unsigned long)v); } else put_u(v);
}
static void end_line(void) { line_[pos_] = 0; printf("%s\n", line_); pos_ = 0; }
static long double id(long double x) { return x; }
"""


def prelude(arch):
    return f"enum {{ LDB = {SIGNIFICANT[arch]} }};\n" + PRELUDE


# -- 1a. every operation over every pair of values ------------------------------------------

# binary() also computes in the other operand shapes: a call on either side (the left one
# spilled, or loaded second), and nesting.
MATRIX_BODY = r"""
static void unary(long double a) {
  long double t;
  put_ld(-a); put_i(!a); put_i(a ? 1 : 2); put_i((_Bool)a);
  if (a) put_i(1); else put_i(0);
  if (!a) put_i(1); else put_i(0);
  put_d((double)a); put_f((float)a);
  t = a; put_ld(t++); put_ld(t); put_ld(--t); put_ld(t); put_ld(t--); put_ld(++t);
  t = a; t += 1; put_ld(t); t *= a; put_ld(t); t -= 0.25; put_ld(t); t /= 3; put_ld(t);
  double d = 1.5; d += a; put_d(d); d *= a; put_d(d);
  float f = -2.0f; f -= a; put_f(f);
  put_ld(-id(a)); put_ld(id(-a) * 2);
  end_line();
}

static void binary(long double a, long double b) {
  int m = 0;
  put_ld(a + b); put_ld(a - b); put_ld(a * b); put_ld(a / b);
  put_i(a < b); put_i(a <= b); put_i(a > b); put_i(a >= b); put_i(a == b); put_i(a != b);
  if (a < b) m |= 1;
  if (a <= b) m |= 2;
  if (a > b) m |= 4;
  if (a >= b) m |= 8;
  if (a == b) m |= 16;
  if (a != b) m |= 32;
  if (!(a < b)) m |= 64;
  if (a && b) m |= 128;
  if (a || b) m |= 256;
  if (!(a >= b)) m |= 512;
  put_i(m);
  put_i((a < b) + 2 * (a == b) + 4 * !b + 8 * (a && !b));
  put_ld(a < b ? a : b); put_ld(a != b ? a - b : b - a);
  put_ld(id(a) - id(b)); put_ld(id(a) / id(b)); put_ld(a - id(b)); put_ld(id(a) / b);
  put_ld((a * b) - (b / a)); put_ld(a - (b - (a - (b - (a - (b - a))))));
  put_i(id(a) < id(b)); put_i(id(a) == b); put_i(a >= id(b)); put_i(id(a) != id(b));
  { long double c = a; c -= b; put_ld(c); c = a; c /= b; put_ld(c); c = b; c -= id(a); put_ld(c); }
  end_line();
}

int main(void) {
  for (int i = 0; i < NV; i++)
    unary(V[i]);
  for (int i = 0; i < NV; i++)
    for (int j = 0; j < NV; j++)
      binary(V[i], V[j]);
  conversions();
  return 0;
}
"""


def matrix_source(arch, seed=1):
    fmt = FORMATS[arch]
    rng = random.Random(seed)
    values = [v for v, _ in special_values(fmt)] + [random_value(rng, fmt) for _ in range(14)]
    out = [prelude(arch), "static long double V[] = {\n"]
    out += [f"  {v},\n" for v in values]
    out.append("};\nenum { NV = (int)(sizeof V / sizeof V[0]) };\n")
    conv = ["static void conversions(void) {"]
    for t, (lo, hi) in INT_TYPES.items():
        name = t.replace(" ", "_")
        ints = int_values(t, rng)
        # integer -> long double, through a variable and through an expression
        out.append(f"static {t} I_{name}[] = {{{', '.join(int_literal(v, t) for v in ints)}}};\n")
        conv.append(f"  for (int k = 0; k < {len(ints)}; k++) {{ {t} x = I_{name}[k]; "
                    f"put_ld(x); put_ld((long double)I_{name}[k] * 3); long double y = x; "
                    f"y += x; put_ld(y); end_line(); }}")
        # long double -> integer, for the values C defines it for (in range after truncation)
        inside = []
        for k, v in enumerate(values):
            x = value_of(v, fmt)
            if x.kind == "finite" and lo <= int(x) <= hi:
                inside.append(k)
        out.append(f"static const int R_{name}[] = {{{', '.join(map(str, inside))}}};\n")
        put = "put_u" if t.startswith("unsigned") else "put_i"
        conv.append(f"  for (int k = 0; k < {len(inside)}; k++) {{ long double v = V[R_{name}[k]]; "
                    f"{t} x = v; {put}(x); {put}(({t})(v * 1)); {put}(({t})id(v)); end_line(); }}")
    out.append(f"static double DV[] = {{{', '.join(DOUBLES)}}};\n")
    out.append(f"static float FV[] = {{{', '.join(FLOATS)}}};\n")
    conv.append(f"  for (int k = 0; k < {len(DOUBLES)}; k++) {{ double d = DV[k]; long double x = d; "
                "put_ld(x); put_ld(d + (long double)1); put_d((double)(x / 3)); end_line(); }")
    conv.append(f"  for (int k = 0; k < {len(FLOATS)}; k++) {{ float f = FV[k]; long double x = f; "
                "put_ld(x); put_ld(f * 3.0L); put_f((float)(x / 3)); end_line(); }")
    conv.append("  { _Bool t = 1, z = 0; put_ld(t); put_ld(z); put_ld(t + 0.5L); end_line(); }")
    conv.append("}\n")
    return "".join(out) + "\n".join(conv) + MATRIX_BODY, len(values)


# -- 1b. a random corpus of statements --------------------------------------------------------

# P and D show a NaN without its sign: GCC folds -x * y into x * -y, which moves the sign
# of a NaN (C leaves it unspecified); the value matrix checks NaN bytes exactly.
CORPUS_PRELUDE = r"""
struct S { int k; long double x; char t; };
struct X { long double v; };
struct M { long double v; long n; };
long double G = 1.0L / 3;
struct S GSS = {5, -2.75L, 1};
static long double mix(int k, long double x, double y, long double z) { return x * k - z + y; }
static long double vsum(int n, ...) {
  __builtin_va_list ap; __builtin_va_start(ap, n);
  long double s = 0;
  for (int i = 0; i < n; i++) s = s * 3 + __builtin_va_arg(ap, long double);
  __builtin_va_end(ap);
  return s;
}
static struct X wrap(long double v) { struct X x; x.v = v; return x; }
static struct M pair(long double v, long n) { struct M m = {v, n}; return m; }
static long double many(long double a, int b, double c, long double d, int e, int f, int g,
                        int h, int i, long double j, struct X x, struct M m) {
  return a - b * c + d * e - f + g * h - i + j / 2 + x.v - m.v * m.n;
}
static void P(int n, long double x) { put_i(n); put_ld(x != x ? __builtin_nanl("") : x); end_line(); }
static void I(int n, long v) { put_i(n); put_i(v); end_line(); }
static void U(int n, unsigned long v) { put_i(n); put_u(v); end_line(); }
static void D(int n, double v) { put_i(n); put_d(v != v ? __builtin_nan("") : v); end_line(); }
"""

LD_LVALUES = ["a", "b", "c", "arr[0]", "arr[1]", "arr[3]", "s.x", "*p", "p[1]", "G", "GSS.x",
              "ps->x"]
SCALARS = {"i": "int", "u": "unsigned", "l": "long", "ul": "unsigned long", "sc": "signed char",
           "uc": "unsigned char", "sh": "short", "us": "unsigned short", "bo": "_Bool",
           "d": "double", "f": "float"}
CONVERSIONS = [   # type, exclusive bounds that keep the truncated value in range, printer
    ("int", "-2147483649.0L", "2147483648.0L", "I"), ("unsigned", "-1.0L", "4294967296.0L", "U"),
    ("long", "-9223372036854775809.0L", "0x1p63L", "I"), ("unsigned long", "-1.0L", "0x1p64L", "U"),
    ("short", "-32769.0L", "32768.0L", "I"), ("unsigned short", "-1.0L", "65536.0L", "U"),
    ("signed char", "-129.0L", "128.0L", "I"), ("unsigned char", "-1.0L", "256.0L", "U"),
]


class Corpus:
    def __init__(self, arch, seed):
        self.fmt = FORMATS[arch]
        self.rng = random.Random(seed)
        self.n = 0

    def num(self):
        self.n += 1
        return self.n

    def value(self):
        rng = self.rng
        if rng.random() < 0.5:
            return rng.choice(special_values(self.fmt))[0]
        return random_value(rng, self.fmt)

    def ld(self, depth):
        """A long double expression without side effects."""
        rng = self.rng
        k = rng.randint(0, 12 if depth > 0 else 2)
        if k == 0:
            return rng.choice(LD_LVALUES)
        if k == 1:
            return rng.choice([self.value(), f"{rng.randint(-9, 9)}.{rng.randint(0, 99)}L"])
        if k == 2:
            return f"({rng.choice(['long double', 'long double', 'double'])}){rng.choice(list(SCALARS))}"
        x = self.ld(depth - 1)
        if k in (3, 4, 5):
            return f"({x} {rng.choice('+-*/')} {self.ld(depth - 1)})"
        if k == 6:      # a right-leaning chain, deeper than the x87 stack holds
            chain = x
            for _ in range(rng.randint(3, 9)):
                chain = f"({self.ld(0)} {rng.choice('+-*/')} {chain})"
            return chain
        if k == 7:
            other = rng.choice(list(SCALARS))
            return rng.choice([f"({x} {rng.choice('+-*/')} {other})",
                               f"({other} {rng.choice('+-*/')} {x})"])
        if k == 8:
            return f"-{x}" if not x.startswith("-") else f"-({x})"
        if k == 9:
            return f"({self.cond(depth - 1)} ? {x} : {self.ld(depth - 1)})"
        if k == 10:
            return f"({x}, {self.ld(depth - 1)})" if rng.random() < 0.2 else \
                f"({rng.choice(['double', 'float'])}){x}"
        return rng.choice([
            f"id({x})", f"mix({rng.randint(-3, 3)}, {x}, d, {self.ld(depth - 1)})",
            f"vsum(3, (long double){x}, (long double){self.ld(0)}, 1.0L * {self.ld(0)})",
            f"wrap({x}).v",
            f"pair({x}, {rng.randint(-4, 4)}).v",
            f"many({x}, i, d, {self.ld(0)}, 2, sc, 3, uc, bo, {self.ld(0)}, wrap({self.ld(0)}), "
            f"pair(c, l % 5))"])

    def cond(self, depth):
        rng = self.rng
        k = rng.randint(0, 4)
        x = self.ld(depth)
        if k <= 1:
            return f"({x} {rng.choice(['<', '<=', '>', '>=', '==', '!='])} {self.ld(depth)})"
        if k == 2:
            return f"!{x}"
        if k == 3:
            return f"({x} {rng.choice(['&&', '||'])} {self.ld(depth)})"
        return f"(_Bool){x}"

    def statement(self):
        rng = self.rng
        k = rng.randint(0, 11)
        if k <= 2:
            return f"P({self.num()}, {self.ld(3)});"
        if k == 3:
            return f"I({self.num()}, {self.cond(2)});"
        if k == 4:
            return f"D({self.num()}, ({rng.choice(['double', 'float'])}){self.ld(2)});"
        if k == 5:
            t, lo, hi, pr = rng.choice(CONVERSIONS)
            x = self.ld(2)
            return f"{{ long double v = {x}; {pr}({self.num()}, v > {lo} && v < {hi} ? ({t})v : ({t})7); }}"
        if k == 6:
            target = rng.choice(LD_LVALUES + ["d", "f"])
            show = f"D({self.num()}, {target});" if target in ("d", "f") else \
                f"P({self.num()}, {target});"
            return f"{target} {rng.choice('+-*/')}= {self.ld(2)}; {show}"
        if k == 7:
            target = rng.choice(LD_LVALUES)
            op = rng.choice(["++", "--"])
            e = rng.choice([f"{op}{target}", f"({target}){op}"])
            return f"P({self.num()}, {e}); P({self.num()}, {target});"
        if k == 8:
            n1, n2 = self.num(), self.num()
            return (f"if ({self.cond(2)}) I({n1}, 1); else if ({self.ld(1)}) I({n2}, 2); "
                    f"else I({n2}, 3);")
        if k == 9:
            n1, n2 = self.num(), self.num()
            return (f"{{ int n = 0; while ({self.cond(1)} && n < 3) {{ a = a * 2 + {self.ld(1)}; "
                    f"n++; }} P({n1}, a); I({n2}, n); }}")
        if k == 10:
            t1, t2 = rng.sample(LD_LVALUES, 2)
            return f"{t1} = {t2} = {self.ld(2)}; P({self.num()}, {t1} - {t2});"
        return f"s2 = s; s2.x *= {self.ld(1)}; P({self.num()}, s2.x); I({self.num()}, s2.k + s2.t);"

    def function(self, name):
        rng = self.rng
        decls = [f"long double a = {self.value()}, b = {self.value()}, c = {self.value()};",
                 f"long double arr[4] = {{{self.value()}, {self.value()}, {self.value()}}};",
                 f"struct S s = {{3, {self.value()}, 4}}, s2;",
                 f"long double *p = &arr[{rng.randint(0, 2)}];",
                 f"struct S *ps = {rng.choice(['&s', '&GSS'])};"]
        for v, t in SCALARS.items():
            decls.append(f"{t} {v} = {self.scalar(t)};")
        body = [self.statement() for _ in range(rng.randint(5, 9))]
        return f"static void {name}(void) {{\n  " + "\n  ".join(decls + body) + "\n}\n"

    def scalar(self, t):
        rng = self.rng
        if t == "double":
            return rng.choice(DOUBLES)
        if t == "float":
            return rng.choice(FLOATS)
        if t == "_Bool":
            return str(rng.randint(0, 1))
        return int_literal(rng.choice(int_values(t, rng)), t)


def corpus_source(arch, seed, functions=30):
    c = Corpus(arch, seed)
    fns = [c.function(f"t{k}") for k in range(functions)]
    calls = "".join(f"  t{k}();\n" for k in range(functions))
    return (prelude(arch) + CORPUS_PRELUDE + "".join(fns) + "int main(void) {\n" + calls +
            "  return 0;\n}\n")


# -- running: gcc's build, and ours natively and in the emulator ----------------------------

def gcc_output(arch, src, tmp):
    t = TOOLS[arch]
    (tmp / "ref.c").write_text(src)
    subprocess.run([t["cc"], *t["link"], "-w", "-O0", str(tmp / "ref.c"), "-o", str(tmp / "ref")],
                   check=True, capture_output=True)
    r = subprocess.run(t["run"] + [str(tmp / "ref")], capture_output=True, timeout=120)
    assert r.returncode == 0, r.stderr
    return r.stdout


def our_build(arch, src, tmp):
    """Our whole pipeline (compiler, assembler, linker, libc): the executable's path."""
    path = tmp / "ours.c"
    path.write_text(src)
    b = driver.build([str(path)], driver.Options(target=get_target(arch), warnings=False))
    exe = tmp / "ours"
    exe.write_bytes(b.executable)
    exe.chmod(exe.stat().st_mode | stat.S_IXUSR)
    return exe, b


def our_outputs(arch, exe):
    """{how: stdout} of our executable: in our emulator, and natively where it can run."""
    out = {}
    r = emulate(exe.read_bytes(), ["./ours"], timeout=120, output_limit=1 << 24)
    assert (r.status, r.signal, r.limit) == (0, None, None), r.message
    out["emulated"] = r.stdout
    if NATIVE[arch]:
        n = subprocess.run([str(exe)], capture_output=True, timeout=120)
        assert n.returncode == 0, n.stderr
        out["native"] = n.stdout
    return out


def first_difference(ref, got):
    a, b = ref.decode().splitlines(), got.decode().splitlines()
    for k, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return k, x, y
    return (min(len(a), len(b)), len(a), len(b)) if len(a) != len(b) else None


def assert_same_as_gcc(arch, src, tmp):
    ref = gcc_output(arch, src, tmp)
    exe, _ = our_build(arch, src, tmp)
    for how, got in our_outputs(arch, exe).items():
        assert (how, first_difference(ref, got)) == (how, None)
    return ref


@arch_param
def test_every_operation_on_every_pair_of_values(arch, tmp_path):
    _need(arch)
    src, nv = matrix_source(arch)
    ref = assert_same_as_gcc(arch, src, tmp_path)
    assert ref.count(b"\n") > nv * nv + nv


@arch_param
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_statements_like_gcc(arch, seed, tmp_path):
    _need(arch)
    ref = assert_same_as_gcc(arch, corpus_source(arch, seed), tmp_path)
    assert ref.count(b"\n") > 100


# The forms the generators do not make: unions (one holding only long doubles comes back
# like the scalar; with an int beside it, through memory), nested X87 structures, calls
# through pointers and to an unprototyped K&R definition, statement expressions, dropped
# results, long double loop counters and array walks, sizeof and _Alignof.
ASSORTED = r"""
union U2 { long double a; long double b; };
union UI { long double a; int i; };
struct N { struct { long double v; } in; };
struct A { long double m[2]; char c; };
static void P(long double x) { put_ld(x); end_line(); }
static void I(long v) { put_i(v); end_line(); }
static union U2 mk2(long double v) { union U2 u; u.a = v; return u; }
static union UI mki(long double v) { union UI u; u.a = v; return u; }
static struct N mkn(long double v) { struct N n; n.in.v = v * 3; return n; }
static struct A twice(struct A s) { s.m[0] *= 2; s.m[1] += s.m[0]; s.c++; return s; }
static long double sq(long double x) { return x * x; }
long double kr();
long double kr(a, n, b) long double a; int n; long double b; { return a * n - b; }
int main(void) {
  long double (*f)(long double) = sq;
  long double arr[5], x, *q = arr, sum = 0;
  int count = 0;
  struct A st = {{1.25L, -2}, 3}, st2;
  P(f(1.5L)); P((*f)(f(3))); P(mk2(2.5L).b); P(mki(-1.25L).a); P(mkn(0.5L).in.v);
  P(kr(3.0L, 4, 0.125L));
  P(({ long double t = 2; t * 3; }));
  sq(4); (void)sq(5); f(6);
  x = (sq(2), 7.0L); P(x);
  for (int i = 0; i < 5; i++) arr[i] = i / 3.0L;
  for (int i = 0; i < 5; i++) P(arr[i]);
  P(*q++); P(*++q); P(q[-1] - q[1]); P(*q);
  for (long double d = 0; d < 5; d += 0.5L) count++;
  I(count);
  for (long double d = 10; d; d--) sum += d / 7;
  P(sum);
  st2 = twice(st); P(st2.m[0]); P(st2.m[1]); I(st2.c); P(twice(st2).m[1]);
  I(sizeof(long double)); I(_Alignof(long double)); I(sizeof st); I(_Alignof(struct A));
  switch ((int)x) { case 7: I(70); break; default: I(-1); }
  I(count ? x > 3 : x < 3); P(count ? x : 1.5); P(!count ? 2.5f : x / 3);
  x = -x; P(x); x = -(x * 2); P(x);
  return 0;
}
"""


@arch_param
def test_assorted_forms_like_gcc(arch, tmp_path):
    _need(arch)
    ref = assert_same_as_gcc(arch, prelude(arch) + ASSORTED, tmp_path)
    assert ref.count(b"\n") == 33


# -- 2. calls across the ABI boundary -------------------------------------------------------

LD_STRUCTS = {     # name: members, as FP_STRUCTS writes them (one type per declaration)
    "X1": [("long double", "a")],                       # X87: returned in %st0
    "Xa": [("long double", "a[1]")],                    # the same, as an array
    "X2": [("long double", "a"), ("long double", "b")],  # MEMORY (32 bytes)
    "Xd": [("long double", "a"), ("double", "b")],
    "iX": [("int", "a"), ("long double", "b")],
    "cX": [("char", "a"), ("long double", "b"), ("char", "c")],
}
_LD_TYPES = ["int", "long", "double", "char", "float"] + ["long double"] * 4
_LD_MATRIX_VALUES = ["1.0L / 3", "-0x1.123456789abcdef2p+100L", "0x1p-16445L",
                     "0x1.fffffffffffffffep+16383L", "-0.0L", "2.5L", "0x1.8p63L",
                     "__builtin_infl()"]


def _ld_leaves(k):
    out = []
    for t, n in LD_STRUCTS[k]:
        if n.endswith("]"):
            base, count = n[:-1].split("[")
            out += [(f"{base}[{i}]", t) for i in range(int(count))]
        else:
            out.append((n, t))
    return out


def _ld_print(expr, t):
    if t == "long double":
        return ["%La"], [expr]
    if t.startswith("struct ") and t.split()[1] in LD_STRUCTS:
        fmts, args = [], []
        for n, mt in _ld_leaves(t.split()[1]):
            f, a = _ld_print(f"{expr}.{n}", mt)
            fmts += f
            args += a
        return fmts, args
    return _fp_print(expr, t)


def _ld_init(t, rng):
    if t == "long double":
        return rng.choice(_LD_MATRIX_VALUES)
    if t.startswith("struct ") and t.split()[1] in LD_STRUCTS:
        vals = [_ld_init(mt, rng) for _, mt in _ld_leaves(t.split()[1])]
        return f"({t}){{{', '.join(vals)}}}"
    return _fp_init(t, rng)


def ld_matrix_sources(n=36, seed=5):
    """(callee, caller) sources: callees print what they received, the caller what came
    back; every fourth callee is variadic and reads its arguments with va_arg."""
    rng = random.Random(seed)
    decls = "".join(f"struct {k} {{ {m}; }};\n" for k, m in FP_STRUCTS.items())
    decls += "".join(f"struct {k} {{ {'; '.join(f'{t} {n}' for t, n in ms)}; }};\n"
                     for k, ms in LD_STRUCTS.items())
    types = _LD_TYPES * 2 + [f"struct {k}" for k in LD_STRUCTS] * 2 + \
        [f"struct {k}" for k in FP_STRUCTS]
    head = decls + "int printf(const char *, ...);\n"
    callee, caller, body = [head], [head], []
    for k in range(n):
        variadic = k % 4 == 3
        pool = ["int", "long", "double", "long double", "long double"] if variadic else types
        params = [rng.choice(pool) for _ in range(rng.randint(1, 14))]
        ret = rng.choice(types + ["void"]) if not variadic else "long double"
        if variadic:
            params[0] = rng.choice(["int", "long double"])
        source, proto, call, lines = matrix_function(k, ret, params, variadic, _ld_print,
                                                     _ld_init, rng)
        callee.append(source)
        caller.append(proto + ";")
        body += lines
        if ret == "long double":        # a result used in place, and one dropped
            body.append(f'  printf("use{k}: %La\\n", {call} * 2);')
            body.append(f"  {call};")
    caller.append("int main(void) {\n" + "\n".join(body) + "\n  return 0;\n}")
    return "\n".join(callee) + "\n", "\n".join(caller) + "\n"


@arch_param
@pytest.mark.parametrize("seed", [5, 6])
def test_calls_interoperate_with_gcc(arch, seed, tmp_path):
    _need(arch)
    runs = _cross_compiled_runs(arch, tmp_path, ld_matrix_sources(seed=seed),
                                [("gcc", "gcc"), ("ours", "gcc"), ("gcc", "ours"),
                                 ("ours", "ours")])
    ref = runs["gcc", "gcc"]
    assert ref.returncode == 0 and ref.stdout.count(b"fn") >= 36
    for key, r in runs.items():
        assert (key, r.returncode, r.stdout.decode()) == (key, 0, ref.stdout.decode())


# -- 3. the assembly ----------------------------------------------------------------------

SHAPES = r"""
long double g = 1.5L;
long double add(long double a, long double b) { return a + b; }
long double sub(long double a, long double b) { return a - b; }
int lt(long double a, long double b) { return a < b; }
int to_int(long double x) { return x; }
long double from_ulong(unsigned long x) { return x; }
long double konst(void) { return g * 0.1L + 1; }
"""


def test_reads_like_gcc():
    asm = compile_c(SHAPES, "t.c").asm
    body = lambda fn: asm.split(f"\n{fn}:\n")[1].split(".cfi_endproc")[0]
    assert "\tfldt\t16(%rbp)\n\tfldt\t32(%rbp)\n\tfaddp\t%st, %st(1)\n" in body("add")
    assert "\tfsubrp\t%st, %st(1)\n" in body("sub")
    assert "\tfcomip\t%st(1), %st\n\tfstp\t%st(0)\n\tseta\t%al\n" in body("lt")
    conv = body("to_int")
    for ins in ("fnstcw", "orb\t$12, %ah", "fldcw", "fistpl", "fldcw"):
        assert ins in conv
    assert "\tfildq\t" in body("from_ulong") and "\tjns\t" in body("from_ulong")
    k = body("konst")
    assert "\tfldt\tg(%rip)\n" in k and "\tfld1\n" in k
    # the 0.1L constant: .rodata, 16-aligned, the four words gcc writes
    assert "\t.align 16\n.LC" in asm and "\t.long\t-858993459\n\t.long\t-858993460\n" \
        "\t.long\t16379\n\t.long\t0\n" in asm


@arch_param
def test_gnu_as_and_ours_give_the_same_bytes(arch, tmp_path):
    if not shutil.which(TOOLS[arch]["as"]):
        pytest.skip("GNU as not installed")
    src = corpus_source(arch, 9, functions=8)
    asm = compile_c(src, "t.c", target=arch).asm
    (tmp_path / "t.s").write_text(asm)
    subprocess.run([TOOLS[arch]["as"], str(tmp_path / "t.s"), "-o", str(tmp_path / "gnu.o")],
                   check=True)
    ours = assembler.assemble(asm, "t.s", target=arch).object
    (tmp_path / "ours.o").write_bytes(ours)
    objdump = TOOLS[arch]["as"][:-2] + "objdump"       # (the host's reads only x86)
    dumps = [subprocess.run([objdump, "-dr", str(tmp_path / o)], capture_output=True,
                            text=True, check=True).stdout.split("\n", 3)[3]
             for o in ("gnu.o", "ours.o")]
    assert dumps[0] == dumps[1]


@pytest.mark.parametrize("which", ["matrix", "corpus"])
def test_intel_syntax_gives_the_same_bytes(which, tmp_path):
    if not shutil.which("as"):
        pytest.skip("GNU as not installed")
    src = matrix_source("x86_64")[0] if which == "matrix" else \
        corpus_source("x86_64", 4, functions=10)
    out = []
    for masm in ("att", "intel"):
        (tmp_path / f"{masm}.s").write_text(compile_c(src, "t.c", masm=masm).asm)
        subprocess.run(["as", str(tmp_path / f"{masm}.s"), "-o", str(tmp_path / f"{masm}.o")],
                       check=True)
        subprocess.run(["objcopy", "-O", "binary", "--only-section=.text",
                        str(tmp_path / f"{masm}.o"), str(tmp_path / f"{masm}.bin")], check=True)
        out.append((tmp_path / f"{masm}.bin").read_bytes())
    assert out[0] == out[1]
    if which == "corpus":
        return
    intel = compile_c(SHAPES, "t.c", masm="intel").asm
    assert "\tfld\tTBYTE PTR 16[rbp]\n\tfld\tTBYTE PTR 32[rbp]\n\tfaddp\tst(1), st\n" in intel
    assert "\tfsubp\tst(1), st\n" in intel and "\tfistp\tDWORD PTR " in intel


@arch_param
def test_debug_info_describes_long_double_like_gcc(arch, tmp_path):
    _need(arch)
    from test_dwarf import dies, frame_vars, records, shape
    src = ("struct S { int k; long double x; };\nlong double g = 2.5L;\n"
           "long double f(int a, long double b, struct S s, long double c) {\n"
           "  long double t = b * c;\n  return t + s.x + a;\n}\n")
    asm = compile_c(src, "t.c", target=arch, debug=True, comp_dir=str(tmp_path)).asm
    mine = dies(assembler.assemble(asm, "t.s", target=arch).object)
    (tmp_path / "t.c").write_text(src)
    subprocess.run([TOOLS[arch]["cc"], "-g", "-O0", "-c", "t.c", "-o", "gcc.o"], check=True,
                   cwd=tmp_path)
    theirs = dies((tmp_path / "gcc.o").read_bytes())
    key = lambda e: (e[0], e[1] or "")
    assert sorted(shape(mine.get_top_DIE()), key=key) == \
        sorted(shape(theirs.get_top_DIE()), key=key)
    assert records(mine) == records(theirs)

    def base(cu):
        for d in cu.iter_DIEs():
            if d.tag == "DW_TAG_base_type" and d.attributes["DW_AT_name"].value == b"long double":
                return {k: d.attributes[k].value for k in ("DW_AT_byte_size", "DW_AT_encoding")}
    assert base(mine) == base(theirs) == {"DW_AT_byte_size": 16, "DW_AT_encoding": 4}
    # the arguments passed in memory are where gcc's DWARF says they are. (On AArch64 the
    # 32-byte s comes by reference: gcc keeps its address in x19, we copy it to our frame.)
    names = ("b", "s", "c") if arch == "x86_64" else ("b", "c")
    params = lambda cu: {k: v for k, v in frame_vars(cu)["f"].items() if k in names}
    assert params(mine) == params(theirs)


# -- AArch64 specifics: HFAs of 3 and 4 long doubles, 16-aligned stack slots, GCC's shapes --

A64_ABI_DECLS = r"""struct q3 { long double a, b, c; };
struct q4 { long double a, b, c, d; };
struct qi { long double a; int b; };
int printf(const char *, ...);
"""
# f1: x in q0-q2, y q3-q6, z q7; w and v on the stack (48 bytes, then 16-aligned).
# f2: s1 after a char on the stack, rounded up to 16. f3: va_arg(ap, long double) from the q
# save area, then from a stack an int has misaligned. f4: va_copy, a named HFA before `...`.
# f5: five structures by reference (addresses in x0-x4), copied in without losing one.
A64_ABI_CALLEE = A64_ABI_DECLS + r"""
struct q4 f1(struct q3 x, struct q4 y, long double z, int i, struct q3 w, long double v) {
  printf("f1 %La %La %La %La %La %La %La %La %d %La %La %La %La\n", x.a, x.b, x.c, y.a, y.b,
         y.c, y.d, z, i, w.a, w.b, w.c, v);
  return (struct q4){x.a + y.d, z * i, w.c, -v};
}
struct q3 f2(double d, long double a, float f, struct q4 h, long double s0, char c,
             long double s1, struct q3 s2) {
  printf("f2 %a %La %a %La %La %La %La %La %d %La %La %La %La\n", d, a, f, h.a, h.b, h.c, h.d,
         s0, c, s1, s2.a, s2.b, s2.c);
  return (struct q3){a / d, s0 - s1, s2.c * c};
}
long double f3(int n, ...) {
  __builtin_va_list ap; __builtin_va_start(ap, n);
  long double s = 0;
  for (int k = 0; k < n; k++) {
    long double x = __builtin_va_arg(ap, long double);
    int j = __builtin_va_arg(ap, int);
    double d = __builtin_va_arg(ap, double);
    printf("f3 %d %La %d %a\n", k, x, j, d);
    s = s * 2 + x + j + d;
  }
  __builtin_va_end(ap);
  return s;
}
long double f4(long double a, struct q3 b, ...) {
  __builtin_va_list ap, aq; __builtin_va_start(ap, b);
  __builtin_va_copy(aq, ap);
  long double x = __builtin_va_arg(ap, long double), y = __builtin_va_arg(ap, long double);
  long double z = __builtin_va_arg(aq, long double);
  printf("f4 %La %La %La %La %La %La\n", a, b.a, b.c, x, y, z);
  __builtin_va_end(ap); __builtin_va_end(aq);
  return a + b.b + x * y;
}
long double f5(struct qi a, struct qi b, struct qi c, struct qi d, struct qi e) {
  printf("f5 %La %d %La %d %La %d %La %d %La %d\n", a.a, a.b, b.a, b.b, c.a, c.b, d.a, d.b,
         e.a, e.b);
  return a.a - e.a * d.b;
}
"""
A64_ABI_CALLER = A64_ABI_DECLS + r"""
struct q4 f1(struct q3 x, struct q4 y, long double z, int i, struct q3 w, long double v);
struct q3 f2(double d, long double a, float f, struct q4 h, long double s0, char c,
             long double s1, struct q3 s2);
long double f3(int n, ...);
long double f4(long double a, struct q3 b, ...);
long double f5(struct qi a, struct qi b, struct qi c, struct qi d, struct qi e);
int main(void) {
  struct q3 x = {1.0L / 3, -2.5L, 0x1.ffffffffffffffffffffffffffffp+0L};
  struct q4 y = {0.1L, 1e4000L, -0x1p-16494L, 7};
  for (int k = 1; k <= 2; k++) {
    struct q4 r = f1(x, y, k * 0.25L, -3 * k, (struct q3){k, 2 * k, 3 * k}, 1e-300L * k);
    printf("r1 %La %La %La %La\n", r.a, r.b, r.c, r.d);
    struct q3 s = f2(0.5 * k, x.a * k, 1.5f, y, x.b, 'A' + k, y.a - k, x);
    printf("r2 %La %La %La\n", s.a, s.b, s.c);
    printf("r3 %La\n", f3(4, 1.5L, 1, 0.25, x.a, 2, -1.0, y.b, 3, 2.0, x.c * k, 4, 0.5));
    printf("r3 %La\n", f3(9, 1.0L, 1, 1.0, 2.0L, 2, 2.0, 3.0L, 3, 3.0, 4.0L, 4, 4.0, 5.0L, 5,
                         5.0, 6.0L, 6, 6.0, 7.0L, 7, 7.0, 8.0L, 8, 8.0, 9.0L * k, 9, 9.0));
    printf("r4 %La\n", f4(x.c, x, y.a, (long double)k));
    printf("r4 %La\n", f4(1, x, 2.0L, 3.0L, 4.0L, 5.0L, 6.0L, 7.0L, 8.0L, 9.0L));
    struct qi q = {x.a, k};
    printf("r5 %La\n", f5(q, (struct qi){2, 3}, q, (struct qi){y.a, -k}, (struct qi){7, 8}));
  }
  return 0;
}
"""


def test_aarch64_hfas_and_stack_arguments_interoperate_with_gcc(tmp_path):
    _need("aarch64")
    pairs = [(a, b) for a in ("gcc", "ours") for b in ("gcc", "ours")]
    runs = _cross_compiled_runs("aarch64", tmp_path, (A64_ABI_CALLEE, A64_ABI_CALLER), pairs)
    ref = runs["gcc", "gcc"]
    assert ref.returncode == 0 and ref.stdout.count(b"\n") == 2 * (2 + 2 + 5 + 10 + 2 + 2 + 2)
    for key, r in runs.items():
        assert (key, r.returncode, r.stdout.decode()) == (key, 0, ref.stdout.decode())


def _a64_lines(src):
    return [l.strip() for l in compile_c(src, "t.c", target="aarch64").asm.splitlines()
            if not l.strip().startswith(".cfi")]


def test_aarch64_reads_like_gcc():
    asm = _a64_lines(SHAPES + "long double n(long double a) { return -a; }\n"
                     "long double z(void) { return 0; }\n"
                     "_Bool b(long double a) { return a; }\n")
    body = lambda fn: asm[asm.index(f"{fn}:"):asm.index(f".size\t{fn}, .-{fn}")]
    # each soft-float routine declared once, before the first function calling it
    assert asm.count(".global\t__addtf3") == 1
    assert asm.index(".global\t__addtf3") < asm.index("add:")
    assert body("add")[3:9] == ["mov\tx29, sp", "str\tq0, [sp, 32]", "str\tq1, [sp, 16]",
                                "ldr\tq1, [sp, 16]", "ldr\tq0, [sp, 32]", "bl\t__addtf3"]
    assert "bl\t__subtf3" in body("sub")
    lt = body("lt")
    assert lt[lt.index("bl\t__lttf2") + 1:][:2] == ["cmp\tw0, 0", "cset\tw0, lt"]
    assert "bl\t__fixtfsi" in body("to_int") and "bl\t__floatunditf" in body("from_ulong")
    k = body("konst")
    assert "bl\t__multf3" in k and "ldr\tq1, [x16]" in k and "bl\t__addtf3" in k
    # negation flips the sign bit: no call, so n is a leaf
    n = body("n")
    assert "bl" not in " ".join(n) and "stp\tx29, x30, [sp, -32]!" not in n
    i = n.index("fmov\tx0, v0.d[1]")
    assert n[i + 1:i + 3] == ["eor\tx0, x0, -9223372036854775808", "fmov\tv0.d[1], x0"]
    assert "movi\tv0.2d, #0" in body("z")
    b = body("b")
    i = b.index("bl\t__netf2")
    assert b[i - 1:i + 3] == ["movi\tv1.2d, #0", "bl\t__netf2", "cmp\tw0, 0", "cset\tw0, ne"]
    # 0.1L in .rodata: 16-aligned, the four words gcc writes
    assert ".align\t4" in asm and [".word\t-1717986918", ".word\t-1717986919",
                                    ".word\t-1717986919", ".word\t1073453465"] in \
        [asm[i:i + 4] for i in range(len(asm))]
