"""Values of `long double` while the compiler folds constants and lays out data.

Python's float is a binary64, but `long double` is wider and differs per target: x87
extended precision on x86-64 (64-bit significand with an explicit integer bit) and IEEE
binary128 on AArch64 (113 bits). A constant like `0.1L` must be rounded once, from the exact
decimal, to the target's format, and folding `1.0L / 3` must round in that format, or the
bytes in .rodata differ from GCC's. So a long double constant is an `ExtFloat`: the exact
value (a Fraction, already rounded to its format) with the format it belongs to.

ExtFloat subclasses float (its float value is the nearest double), so code that only needs
"is this a floating constant" or a double's view keeps working; arithmetic with an ExtFloat
on either side stays in the wide format.

Which format `long double` has is a property of the target being compiled; `compile_c`
sets it for the duration of one compilation with `long_double_format(target)`.
"""
from __future__ import annotations

import contextlib
import contextvars
import math
from dataclasses import dataclass
from fractions import Fraction


@dataclass(frozen=True)
class Format:
    name: str
    precision: int          # significand bits, the leading one included
    emin: int               # exponent of the smallest normal number
    emax: int               # exponent of the largest finite number
    explicit_integer_bit: bool

    @property
    def max_finite(self) -> Fraction:
        return Fraction(2 ** self.precision - 1) * Fraction(2) ** (self.emax - self.precision + 1)


BINARY32 = Format("binary32", 24, -126, 127, False)
X87 = Format("x87 extended", 64, -16382, 16383, True)
BINARY128 = Format("binary128", 113, -16382, 16383, False)

_current = contextvars.ContextVar("long_double_format", default=X87)


@contextlib.contextmanager
def long_double_format(target):
    """`long double` is `target`'s format inside the block."""
    token = _current.set(X87 if target.name == "x86_64" else BINARY128)
    try:
        yield
    finally:
        _current.reset(token)


def current_format() -> Format:
    return _current.get()


def _round(q: Fraction, fmt: Format):
    """|q| rounded to fmt, to nearest, ties to even: a Fraction, or None on overflow."""
    if q == 0:
        return Fraction(0)
    # e such that 2**e <= q < 2**(e+1), from the bit lengths, then corrected.
    e = q.numerator.bit_length() - q.denominator.bit_length()
    if Fraction(2) ** e > q:
        e -= 1
    quantum_exp = max(e, fmt.emin) - fmt.precision + 1
    scaled = q / Fraction(2) ** quantum_exp
    m, rest = divmod(scaled.numerator, scaled.denominator)
    twice = 2 * rest
    if twice > scaled.denominator or (twice == scaled.denominator and m & 1):
        m += 1
    r = m * Fraction(2) ** quantum_exp
    return None if r > fmt.max_finite else r


class ExtFloat(float):
    """A long double value: exact magnitude, sign, or inf/NaN, in a given format."""

    __slots__ = ("exact", "negative", "kind", "fmt")

    def __new__(cls, value, fmt: Format | None = None, *, negative=None, kind=None):
        fmt = fmt or current_format()
        if kind is None:
            kind, exact, neg = _classify(value)
            if kind == "finite":
                rounded = _round(abs(exact), fmt)
                if rounded is None:
                    kind, exact = "inf", Fraction(0)
                else:
                    exact = rounded
            if negative is None:
                negative = neg
        else:
            exact = Fraction(0) if kind != "finite" else abs(Fraction(value))
        if kind == "inf":
            approx = -math.inf if negative else math.inf
        elif kind == "nan":
            approx = math.nan
        else:
            try:
                approx = float(exact)
            except OverflowError:
                approx = math.inf
            approx = -approx if negative else approx
        self = super().__new__(cls, approx)
        self.exact, self.negative, self.kind, self.fmt = exact, negative, kind, fmt
        return self

    # -- what arithmetic needs ------------------------------------------------------------
    def _signed(self) -> Fraction:
        return -self.exact if self.negative else self.exact

    def _binary(self, other, op, reflected=False):
        o = other if isinstance(other, ExtFloat) else ExtFloat(other, self.fmt)
        a, b = (o, self) if reflected else (self, o)
        fmt = self.fmt
        if a.kind == "nan" or b.kind == "nan":
            return ExtFloat(math.nan, fmt)
        if a.kind == "inf" or b.kind == "inf":
            # IEEE's rules for infinities are the double ones: only the signs matter, and
            # whether a finite operand is zero. (Not the operand's nearest double: a finite
            # 1e4000L would become inf, 1e-4000L a zero.)
            if op is _div and b.kind == "finite" and b.exact == 0:
                return ExtFloat(math.inf, fmt, negative=a.negative != b.negative, kind="inf")
            r = op(_sign_proxy(a), _sign_proxy(b))
            return ExtFloat(r, fmt)
        x, y = a._signed(), b._signed()
        if op is _div:
            if y == 0:
                if x == 0:
                    return ExtFloat(math.nan, fmt)
                return ExtFloat(math.inf, fmt, negative=(a.negative != b.negative), kind="inf")
            r = x / y
            neg = a.negative != b.negative
        elif op is _mul:
            r = x * y
            neg = a.negative != b.negative
        else:
            r = op(x, y)
            # An exact zero sum is +0 in round-to-nearest, except (-0) + (-0).
            neg = r < 0 or (r == 0 and a.negative and (b.negative if op is _add else not b.negative))
        return ExtFloat(abs(r), fmt, negative=neg)

    def __add__(self, o): return self._binary(o, _add)
    def __radd__(self, o): return self._binary(o, _add, True)
    def __sub__(self, o): return self._binary(o, _sub)
    def __rsub__(self, o): return self._binary(o, _sub, True)
    def __mul__(self, o): return self._binary(o, _mul)
    def __rmul__(self, o): return self._binary(o, _mul, True)
    def __truediv__(self, o): return self._binary(o, _div)
    def __rtruediv__(self, o): return self._binary(o, _div, True)

    def __neg__(self):
        return ExtFloat(self.exact, self.fmt, negative=not self.negative, kind=self.kind)

    def __abs__(self):
        return ExtFloat(self.exact, self.fmt, negative=False, kind=self.kind)

    def _key(self, other):
        """Both sides as exact numbers, or None if either is a NaN."""
        o = other if isinstance(other, ExtFloat) else ExtFloat(other, self.fmt)
        if self.kind == "nan" or o.kind == "nan":
            return None

        def exact(v):
            if v.kind == "inf":
                return (-1 if v.negative else 1, Fraction(0))
            return (0, v._signed())
        return exact(self), exact(o)

    def __eq__(self, o):
        k = self._key(o)
        return k is not None and k[0] == k[1]

    def __ne__(self, o):
        return not self.__eq__(o)

    def __lt__(self, o):
        k = self._key(o)
        return k is not None and k[0] < k[1]

    def __le__(self, o):
        k = self._key(o)
        return k is not None and k[0] <= k[1]

    def __gt__(self, o):
        k = self._key(o)
        return k is not None and k[0] > k[1]

    def __ge__(self, o):
        k = self._key(o)
        return k is not None and k[0] >= k[1]

    __hash__ = float.__hash__

    def __bool__(self):
        return self.kind != "finite" or self.exact != 0

    def __int__(self):
        if self.kind != "finite":
            raise OverflowError("cannot convert infinity or NaN to integer")
        return int(self._signed())          # Fraction's int() truncates toward zero

    def __float__(self):
        return float.__float__(self)

    def to_binary(self, size: int) -> float:
        """The nearest float (size 4) or double (size 8), rounded once from the exact value."""
        if size == 8 or self.kind != "finite":
            return float.__float__(self)
        r = _round(self.exact, BINARY32)
        v = math.inf if r is None else float(r)     # exactly representable: no rounding
        return -v if self.negative else v

    def __repr__(self):
        return f"ExtFloat({self.to_hex()}, {self.fmt.name})"

    def to_hex(self) -> str:
        if self.kind == "nan":
            return "nan"
        if self.kind == "inf":
            return "-inf" if self.negative else "inf"
        if self.exact == 0:
            return "-0x0p+0" if self.negative else "0x0p+0"
        e = self.exact.numerator.bit_length() - self.exact.denominator.bit_length()
        if Fraction(2) ** e > self.exact:
            e -= 1
        m = self.exact / Fraction(2) ** e          # in [1, 2)
        frac = m - 1
        digits = ""
        while frac:
            frac *= 16
            d = int(frac)
            digits += "0123456789abcdef"[d]
            frac -= d
        return f"{'-' if self.negative else ''}0x1{'.' + digits if digits else ''}p{e:+d}"

    # -- bytes -----------------------------------------------------------------------------
    def encode(self) -> bytes:
        """The 16 bytes of the object in memory (little-endian), as GCC lays them out."""
        fmt = self.fmt
        sign = 1 if self.negative else 0
        if fmt.explicit_integer_bit:            # x87: 64-bit significand, 6 bytes padding
            if self.kind == "inf":
                exp, sig = 0x7FFF, 1 << 63
            elif self.kind == "nan":
                exp, sig = 0x7FFF, 3 << 62
            else:
                exp, sig = _fields(self.exact, fmt)
                if exp:
                    pass                        # the integer bit stays in the significand
            word = sig | (exp | sign << 15) << 64
        else:                                   # binary128: hidden bit, 112 stored
            if self.kind == "inf":
                exp, sig = 0x7FFF, 0
            elif self.kind == "nan":
                exp, sig = 0x7FFF, 1 << 111
            else:
                exp, sig = _fields(self.exact, fmt)
                sig &= (1 << 112) - 1
            word = sig | (exp | sign << 15) << 112
        return word.to_bytes(16, "little")

    def words32(self) -> list:
        """The four 32-bit words (low first) as GCC writes them in data."""
        data = self.encode()
        return [int.from_bytes(data[i:i + 4], "little") for i in range(0, 16, 4)]


def _fields(q: Fraction, fmt: Format):
    """(biased exponent, significand with its leading bit) of an exactly representable q."""
    if q == 0:
        return 0, 0
    e = q.numerator.bit_length() - q.denominator.bit_length()
    if Fraction(2) ** e > q:
        e -= 1
    if e < fmt.emin:                            # subnormal: exponent field 0
        sig = q / Fraction(2) ** (fmt.emin - fmt.precision + 1)
        return 0, int(sig)
    sig = q / Fraction(2) ** (e - fmt.precision + 1)
    return e + 16383, int(sig)


def _classify(value):
    """(kind, exact magnitude or value, negative) of an int, float, Fraction or ExtFloat."""
    if isinstance(value, ExtFloat):
        return value.kind, value.exact, value.negative
    if isinstance(value, float):
        if math.isnan(value):
            return "nan", Fraction(0), math.copysign(1.0, value) < 0
        if math.isinf(value):
            return "inf", Fraction(0), value < 0
        return "finite", Fraction(value), math.copysign(1.0, value) < 0
    q = Fraction(value)
    return "finite", q, q < 0


def decode(data: bytes, fmt: Format) -> ExtFloat:
    """The value of 16 bytes of memory holding a long double in fmt."""
    word = int.from_bytes(data[:16], "little")
    if fmt.explicit_integer_bit:
        sig, top = word & ((1 << 64) - 1), (word >> 64) & 0xFFFF
        frac_bits = 63
    else:
        sig, top = word & ((1 << 112) - 1), word >> 112
        frac_bits = 112
    neg, exp = bool(top >> 15), top & 0x7FFF
    if exp == 0x7FFF:
        is_inf = (sig == 1 << 63) if fmt.explicit_integer_bit else sig == 0
        return ExtFloat(0, fmt, negative=neg, kind="inf" if is_inf else "nan")
    if not fmt.explicit_integer_bit and exp:
        sig |= 1 << 112
    q = sig * Fraction(2) ** (max(exp, 1) - 16383 - frac_bits)
    return ExtFloat(q, fmt, negative=neg)


def parse(text: str, fmt: Format | None = None) -> ExtFloat:
    """A decimal or hexadecimal floating constant's digits (no suffix) rounded once, from
    the exact value, to fmt."""
    t = text.strip()
    if t[:2].lower() == "0x":
        mant, _, exp = t[2:].lower().partition("p")
        whole, _, frac = mant.partition(".")
        q = Fraction(int((whole + frac) or "0", 16), 16 ** len(frac))
        q *= Fraction(2) ** int(exp or "0")
    else:
        q = Fraction(t)     # Fraction parses decimal and exponent notation exactly
    return ExtFloat(q, fmt)


def _sign_proxy(v) -> float:
    """A double standing for v beside an infinity: ±inf, ±0 or ±1."""
    if v.kind == "inf":
        return -math.inf if v.negative else math.inf
    return math.copysign(0.0 if v.exact == 0 else 1.0, -1.0 if v.negative else 1.0)


def _add(a, b): return a + b
def _sub(a, b): return a - b
def _mul(a, b): return a * b
def _div(a, b): return a / b
