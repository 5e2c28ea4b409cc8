"""C literals: integer constants get the type C11 6.4.4.1 gives them, character and string
literals are decoded from their escapes."""
from __future__ import annotations

import re

from . import types as T
from .extfloat import ExtFloat, parse as parse_ext

_INT_RE = re.compile(r"^(0[xX][0-9a-fA-F]+|0[bB][01]+|[0-9]+)([uUlL]*)$")


class LiteralError(ValueError):
    pass


def parse_int(text: str):
    """Value and type of an integer constant (`0x10UL`, `077`, `42`)."""
    m = _INT_RE.match(text)
    if not m:
        raise LiteralError(f"invalid suffix on integer constant" if text[:1].isdigit()
                           else f"invalid integer constant '{text}'")
    digits, suffix = m.groups()
    sfx = suffix.lower()
    if sfx not in ("", "u", "l", "ul", "lu", "ll", "ull", "llu"):
        raise LiteralError(f"invalid suffix \"{suffix}\" on integer constant")
    if digits[:2].lower() == "0x":
        value, decimal = int(digits[2:], 16), False
    elif digits[:2].lower() == "0b":
        value, decimal = int(digits[2:], 2), False
    elif len(digits) > 1 and digits[0] == "0":
        if any(c in "89" for c in digits):
            raise LiteralError(f"invalid digit \"{max(digits)}\" in octal constant")
        value, decimal = int(digits, 8), False
    else:
        value, decimal = int(digits), True
    unsigned = "u" in sfx
    longs = sfx.count("l")
    # The first type of the list in which the value fits (C11 6.4.4.1p5).
    candidates = []
    if longs == 0:
        candidates += [T.UINT] if unsigned else ([T.INT] if decimal else [T.INT, T.UINT])
    if longs <= 1:
        candidates += [T.ULONG] if unsigned else ([T.LONG] if decimal else [T.LONG, T.ULONG])
    candidates += [T.ULLONG] if unsigned else ([T.LLONG] if decimal else [T.LLONG, T.ULLONG])
    for t in candidates:
        limit = 1 << (t.bits - 1 if t.signed else t.bits)
        if value < limit:
            return value, t
    # GCC: "integer constant is so large that it is unsigned" and uses unsigned __int128;
    # the nearest we have is unsigned long long.
    if value < 1 << 64:
        return value, T.ULLONG
    raise LiteralError("integer constant is too large for its type")


_SIMPLE_ESCAPES = {
    "n": 10, "t": 9, "r": 13, "a": 7, "b": 8, "f": 12, "v": 11, "e": 27, "E": 27,
    "\\": 92, "'": 39, '"': 34, "?": 63,
}


def decode_escapes(body: str, *, wide=False) -> list[int]:
    """The code units a literal's body stands for (escapes resolved, UTF-8 for the rest)."""
    out = []
    i, n = 0, len(body)
    while i < n:
        c = body[i]
        if c != "\\":
            if wide:
                out.append(ord(c))
            else:
                out.extend(c.encode("utf-8"))
            i += 1
            continue
        i += 1
        if i >= n:
            raise LiteralError("stray '\\' in program")
        c = body[i]
        if c in _SIMPLE_ESCAPES:
            out.append(_SIMPLE_ESCAPES[c])
            i += 1
        elif c in "01234567":
            j = i
            while j < n and j - i < 3 and body[j] in "01234567":
                j += 1
            out.append(int(body[i:j], 8) & (0xFFFFFFFF if wide else 0xFF))
            i = j
        elif c == "x":
            j = i + 1
            while j < n and body[j] in "0123456789abcdefABCDEF":
                j += 1
            if j == i + 1:
                raise LiteralError("\\x used with no following hex digits")
            out.append(int(body[i + 1:j], 16) & (0xFFFFFFFF if wide else 0xFF))
            i = j
        elif c in "uU":
            width = 4 if c == "u" else 8
            code = int(body[i + 1:i + 1 + width], 16)
            if wide:
                out.append(code)
            else:
                out.extend(chr(code).encode("utf-8"))
            i += 1 + width
        else:
            # GCC warns "unknown escape sequence" and keeps the character.
            out.append(ord(c))
            i += 1
    return out


def parse_char(text: str, char_signed: bool):
    """Value and type of a character constant: `'a'` is an int holding a (plain) char."""
    wide = text[0] in "LuU"
    prefix = text[0] if wide else ""
    body = text[len(prefix) + 1:-1]
    units = decode_escapes(body, wide=wide)
    if not units:
        raise LiteralError("empty character constant")
    if wide:
        return units[0], (T.INT if prefix == "L" else T.UINT)
    if len(units) == 1:
        v = units[0]
        if char_signed and v >= 128:
            v -= 256
        return v, T.INT
    # Multi-character constant: GCC packs big-endian into an int.
    v = 0
    for u in units[-4:]:
        v = (v << 8) | u
    return T.INT.wrap(v), T.INT


def parse_string(text: str) -> tuple[bytes, str]:
    """The bytes of a (possibly concatenated) string literal, NUL included, and its
    prefix ("" or "L"/"u"/"U"/"u8")."""
    m = re.match(r'^(u8|u|U|L)?"', text)
    prefix = m.group(1) or ""
    body = text[len(prefix) + 1:-1]
    if prefix in ("L", "U", "u"):
        units = decode_escapes(body, wide=True) + [0]
        width = 2 if prefix == "u" else 4
        return b"".join(u.to_bytes(width, "little") for u in units), prefix
    return bytes(decode_escapes(body)) + b"\0", prefix


_FLOAT_RE = re.compile(r"^(?:(?P<hex>0[xX](?:[0-9a-fA-F]*\.?[0-9a-fA-F]*)[pP][+-]?[0-9]+)|"
                       r"(?P<dec>(?:[0-9]*\.[0-9]*|[0-9]+)(?:[eE][+-]?[0-9]+)?))"
                       r"(?P<sfx>[fFlL]?)$")


def round_float(v, t) -> float:
    """v (an int, float or ExtFloat) rounded to the precision of floating type t: a
    Python float for float and double, an ExtFloat in the target's format for long
    double (see extfloat.py)."""
    if t.size > 8:
        return ExtFloat(v)
    if isinstance(v, ExtFloat):
        # Round the exact value once (through a double first could round twice).
        return v.to_binary(t.size)
    if isinstance(v, int):
        v = float(v)        # int -> double rounds correctly
    if t.size == 4:
        import struct
        try:
            return struct.unpack("<f", struct.pack("<f", v))[0]
        except OverflowError:
            return float("inf") if v > 0 else float("-inf")
    return v


def parse_float(text: str):
    """Value and type of a floating constant (`1.5`, `1e-3f`, `0x1.8p1`)."""
    m = _FLOAT_RE.match(text)
    if not m:
        raise LiteralError(f"invalid suffix on floating constant" if text[:1].isdigit() or
                           text[:1] == "." else f"invalid floating constant '{text}'")
    sfx = m.group("sfx").lower()
    t = {"": T.DOUBLE, "f": T.FLOAT, "l": T.LDOUBLE}[sfx]
    if t is T.LDOUBLE:
        return parse_ext(m.group("hex") or m.group("dec")), t
    if m.group("hex"):
        v = float.fromhex(m.group("hex"))
    else:
        v = float(m.group("dec"))
    if t is T.FLOAT:
        # Round once, from the exact decimal value (not through a double first).
        from decimal import Decimal
        import struct
        if not m.group("hex"):
            v = _nearest_single(Decimal(m.group("dec")))
        else:
            v = round_float(v, t)
    return v, t


def _nearest_single(d):
    """The binary32 value nearest to decimal d (ties to even)."""
    import struct
    from fractions import Fraction
    exact = Fraction(d)
    v = float(exact)                       # nearest double
    try:
        f = struct.unpack("<f", struct.pack("<f", v))[0]
    except OverflowError:
        return float("inf")
    # Double rounding can only go wrong when the double lies exactly halfway between two
    # singles; then decide from the exact value.
    bits = struct.unpack("<I", struct.pack("<f", f))[0]
    lo = struct.unpack("<f", struct.pack("<I", bits - 1 if bits & 0x7FFFFFFF else bits))[0]
    hi = struct.unpack("<f", struct.pack("<I", bits + 1))[0] if f != float("inf") else f
    def value(x):
        # Past FLT_MAX the next step is 2**128: rounding treats infinity as that number.
        return Fraction(2) ** 128 if x == float("inf") else Fraction(x)

    for a, b in ((lo, f), (f, hi)):
        mid = (value(a) + value(b)) / 2 if a != b else None
        if mid is not None and Fraction(v) == mid:
            return a if exact < mid else b if exact > mid else (
                a if struct.unpack("<I", struct.pack("<f", a))[0] % 2 == 0 else b)
    return f
