"""#if / #elif arithmetic (C11 6.10.1): integer constant expressions in intmax_t and
uintmax_t, with C's conversions (`-1 > 0u` is true), short-circuit evaluation (no
"division by zero" in an arm that is not evaluated) and GCC's diagnostics.
"""
from __future__ import annotations

from .tokens import CHAR, EOF, NAME, NUMBER, PUNCT

BITS = 64
MASK = (1 << BITS) - 1
SMAX = (1 << (BITS - 1)) - 1
SMIN = -(1 << (BITS - 1))


class ExprError(Exception):
    def __init__(self, tok, message):
        super().__init__(message)
        self.tok = tok
        self.message = message


class Value:
    __slots__ = ("v", "u")

    def __init__(self, v, u=False):
        self.v = v
        self.u = u


def _wrap_signed(v):
    v &= MASK
    return v - (1 << BITS) if v > SMAX else v


# Binary operators: precedence (higher binds tighter).
_BINARY = {
    "*": 10, "/": 10, "%": 10,
    "+": 9, "-": 9,
    "<<": 8, ">>": 8,
    "<": 7, ">": 7, "<=": 7, ">=": 7,
    "==": 6, "!=": 6,
    "&": 5, "^": 4, "|": 3, "&&": 2, "||": 1,
    "?": 0, ",": -1,
}
_UNARY = {"+", "-", "!", "~"}
# Tokens that can only start an operand ("missing binary operator before ...").
_VALID_OPS = set(_BINARY) | _UNARY | {"(", ")", ":"}


class Evaluator:
    """Parses and evaluates one #if line. `next_token()` gives macro-expanded tokens with
    `defined` and `__has_include` already turned into NUMBER tokens by the engine."""

    def __init__(self, pp, directive: str):
        self.pp = pp
        self.loc = None     # location GCC gives the last reduced operand (see expr)
        self.directive = directive
        self.skip = 0
        self.tok = None
        self.only_not_defined = None   # for #if !defined X include guards

    # --- tokens -----------------------------------------------------------------------
    def advance(self):
        self.tok = self.pp.expr_token()
        return self.tok

    def kind(self, tok=None):
        """Classify: 'num', 'eof', or the operator text; bad tokens raise."""
        tok = tok or self.tok
        if tok.kind == EOF:
            return "eof"
        if tok.kind in (NUMBER, NAME, CHAR) or getattr(tok, "value", None) is not None:
            return "num"
        if tok.kind == PUNCT and tok.op in _VALID_OPS:
            return tok.op
        if tok.kind == PUNCT and tok.op == "#":
            return "num"
        raise ExprError(tok, f'token "{tok.text}" is not valid in preprocessor expressions')

    # --- grammar ----------------------------------------------------------------------
    def evaluate(self) -> bool:
        self.advance()
        if self.kind() == "eof":
            raise ExprError(self.tok, f"#{self.directive} with no expression")
        v = self.expr(-2, None)
        k = self.kind()
        if k != "eof":
            self.trailing(k)
        return v.v != 0

    def trailing(self, k):
        if k == ")":
            raise ExprError(self.tok, "missing '(' in expression")
        if k == ":":
            raise ExprError(self.tok, " ':' without preceding '?'")
        raise ExprError(self.tok, f'missing binary operator before token "{self.tok.text}"')

    def expr(self, min_prec, op_before):
        lhs = self.unary(op_before)
        while True:
            k = self.kind()
            if k == "num" or k in ("!", "~") or k == "(":
                raise ExprError(self.tok, f'missing binary operator before token "{self.tok.text}"')
            prec = _BINARY.get(k)
            if prec is None or prec <= min_prec:
                return lhs
            op_tok = self.tok
            self.advance()
            if k == "&&" or k == "||":
                short = (lhs.v == 0) if k == "&&" else (lhs.v != 0)
                self.skip += short
                rhs = self.expr(prec, op_tok)
                self.loc = self.loc or op_tok
                self.skip -= short
                lhs = Value(int((lhs.v != 0 and rhs.v != 0) if k == "&&" else (lhs.v != 0 or rhs.v != 0)))
            elif k == "?":
                cond = lhs.v != 0
                self.skip += not cond
                a = self.expr(-2, op_tok)
                self.skip -= not cond
                if self.kind() != ":":
                    if self.kind() == "eof" or self.kind() == ")":
                        raise ExprError(self.tok, "'?' without following ':'")
                    self.trailing(self.kind())
                colon = self.tok
                self.advance()
                self.skip += cond
                b = self.expr(-0.5, colon)     # right-associative, below ?: itself
                self.loc = self.loc or colon
                self.skip -= cond
                u = a.u or b.u
                pick = a if cond else b
                lhs = Value(pick.v & MASK if u else pick.v, u)
            elif k == ",":
                rhs = self.expr(prec, op_tok)
                self.loc = self.loc or op_tok
                lhs = rhs
            else:
                rhs = self.expr(prec, op_tok)
                # GCC's reduce() gives the operator the location of its reduced right
                # operand (see `self.loc`): "division by zero" points there.
                self.loc = self.loc or op_tok
                lhs = self.binary(k, lhs, rhs, self.loc)

    def unary(self, op_before):
        tok = self.tok
        k = self.kind()
        if k == "num":
            v = self.pp.expr_value(tok, self)
            self.advance()
            self.loc = None
            return v
        if k in _UNARY:
            self.advance()
            v = self.unary(tok)
            self.loc = self.loc or tok
            return self.apply_unary(k, v, tok)
        if k == "(":
            self.advance()
            if self.kind() == ")":
                raise ExprError(self.tok, "missing expression between '(' and ')'")
            v = self.expr(-2, tok)
            if self.kind() != ")":
                if self.kind() == "eof":
                    raise ExprError(tok, "missing ')' in expression")
                self.trailing(self.kind())
            self.advance()
            self.loc = self.loc or tok
            return v
        # Wanted a value, found an operator or the end.
        if op_before is not None and not (op_before.kind == PUNCT and op_before.op == "("):
            raise ExprError(tok, f"operator '{op_before.text}' has no right operand")
        if k == "eof":
            raise ExprError(op_before or tok, "missing ')' in expression")
        if k == ")":
            raise ExprError(tok, "missing '(' in expression")
        if k == ":":
            raise ExprError(tok, " ':' without preceding '?'")
        raise ExprError(tok, f"operator '{tok.text}' has no left operand")

    # --- arithmetic -------------------------------------------------------------------
    def overflow(self, tok):
        if not self.skip:
            self.pp.warning_at(self.tok, "integer overflow in preprocessor expression")

    def apply_unary(self, k, v, tok):
        if k == "!":
            return Value(int(v.v == 0))
        if k == "+":
            return v
        if k == "-":
            if v.u:
                return Value((-v.v) & MASK, True)
            if v.v == SMIN:
                self.overflow(tok)
                return Value(SMIN)
            return Value(-v.v)
        # ~
        if v.u:
            return Value(v.v ^ MASK, True)
        return Value(~v.v)

    def binary(self, k, a, b, op_tok):
        if k in ("<<", ">>"):
            return self.shift(k, a, b)
        u = a.u or b.u
        x, y = (a.v & MASK, b.v & MASK) if u else (a.v, b.v)
        if k in ("<", ">", "<=", ">=", "==", "!="):
            r = {"<": x < y, ">": x > y, "<=": x <= y, ">=": x >= y, "==": x == y, "!=": x != y}[k]
            return Value(int(r))
        if k in ("/", "%"):
            if y == 0:
                if self.skip:
                    return Value(0, u)
                raise ExprError(op_tok, "division by zero in #if")
            q = abs(x) // abs(y)
            if (x < 0) != (y < 0):
                q = -q
            r = q if k == "/" else x - q * y
        elif k == "*":
            r = x * y
        elif k == "+":
            r = x + y
        elif k == "-":
            r = x - y
        elif k == "&":
            r = x & y
        elif k == "|":
            r = x | y
        else:
            r = x ^ y
        if u:
            return Value(r & MASK, True)
        if r > SMAX or r < SMIN:
            self.overflow(op_tok)
            r = _wrap_signed(r)
        return Value(r)

    def shift(self, k, a, b):
        n = b.v if not b.u else b.v & MASK
        if not b.u and n < 0:
            k = "<<" if k == ">>" else ">>"
            n = -n
        if k == ">>":
            if a.u:
                return Value((a.v & MASK) >> n if n < BITS else 0, True)
            return Value(a.v >> n if n < BITS else (-1 if a.v < 0 else 0))
        if a.u:
            return Value(((a.v & MASK) << n) & MASK if n < BITS else 0, True)
        r = a.v << n if n < BITS else (0 if a.v == 0 else a.v << BITS)
        if r > SMAX or r < SMIN or (n >= BITS and a.v != 0):
            self.overflow(None)
            r = _wrap_signed(r) if n < BITS else 0
        return Value(r)


# --- constants ------------------------------------------------------------------------

def interpret_number(text: str):
    """(value, unsigned) of an integer pp-number, or raise ValueError(message)."""
    t = text
    low = t.lower()
    is_hex = low.startswith("0x")
    is_bin = low.startswith("0b")
    body = t[2:] if is_hex or is_bin else t
    if "." in t or (not is_hex and "e" in low and not is_bin) or (is_hex and "p" in low):
        raise ValueError("floating constant in preprocessor expression")
    digits = "0123456789abcdefABCDEF" if is_hex else "01" if is_bin else "0123456789"
    i = 0
    while i < len(body) and body[i] in digits:
        i += 1
    num, suffix = body[:i], body[i:]
    if (is_hex or is_bin) and not num:
        raise ValueError(f'invalid suffix "{t[1:]}" on integer constant')
    sl = suffix.lower()
    if sl in ("i", "j") or (sl and sl.strip("ulij") == "" and ("i" in sl or "j" in sl)):
        raise ValueError("imaginary number in preprocessor expression")
    if suffix not in _SUFFIXES:
        raise ValueError(f'invalid suffix "{suffix}" on integer constant')
    unsigned = "u" in sl
    if is_hex:
        v = int(num, 16)
        base = 16
    elif is_bin:
        v = int(num, 2)
        base = 2
    elif len(num) > 1 and num[0] == "0":
        for ch in num:
            if ch in "89":
                raise ValueError(f'invalid digit "{ch}" in octal constant')
        v = int(num, 8)
        base = 8
    else:
        v = int(num)
        base = 10
    warn = None
    if v > MASK:
        warn = "integer constant is too large for its type"
        v &= MASK
        unsigned = True if v > SMAX else unsigned
    elif v > SMAX and not unsigned:
        if base == 10:
            warn = "integer constant is so large that it is unsigned"
        unsigned = True
    return v, unsigned, warn


_SUFFIXES = {""}
for _u in ("", "u", "U"):
    for _l in ("", "l", "L", "ll", "LL"):
        _SUFFIXES.add(_u + _l)
        _SUFFIXES.add(_l + _u)

_ESCAPES = {"n": 10, "t": 9, "r": 13, "a": 7, "b": 8, "f": 12, "v": 11, "e": 27, "E": 27,
            "\\": 92, "'": 39, '"': 34, "?": 63}


def interpret_char(text: str, char_signed: bool, wchar_signed: bool):
    """(value, unsigned, warnings) of a character constant, as GCC computes it."""
    prefix = text[:text.index("'")]
    body = text[len(prefix) + 1:-1]
    units = []
    i = 0
    while i < len(body):
        c = body[i]
        if c != "\\":
            units.append(ord(c))
            i += 1
            continue
        i += 1
        e = body[i] if i < len(body) else ""
        if e in _ESCAPES:
            units.append(_ESCAPES[e])
            i += 1
        elif e in "01234567" and e:
            j = i
            while j < len(body) and j < i + 3 and body[j] in "01234567":
                j += 1
            units.append(int(body[i:j], 8))
            i = j
        elif e == "x":
            j = i + 1
            while j < len(body) and body[j] in "0123456789abcdefABCDEF":
                j += 1
            units.append(int(body[i + 1:j] or "0", 16))
            i = j
        elif e in ("u", "U"):
            n = 4 if e == "u" else 8
            units.append(int(body[i + 1:i + 1 + n], 16))
            i += 1 + n
        else:
            units.append(ord(e) if e else 0)
            i += 1
    warnings = []
    if not units:
        raise ValueError("empty character constant")
    if prefix == "":
        # Narrow: characters outside ASCII count as their UTF-8 bytes.
        data = []
        for u in units:
            if u < 256:
                data.append(u)
            else:
                data.extend(chr(u).encode("utf-8"))
        width = 8
        if len(data) > 4:
            warnings.append("character constant too long for its type")
        elif len(data) > 1:
            warnings.append("multi-character character constant")
        v = 0
        for b in data:
            v = ((v << width) | (b & 0xFF)) & 0xFFFFFFFF
        if len(data) == 1:
            unsigned = not char_signed
            if char_signed and v & 0x80:
                v -= 0x100
            return v, unsigned, warnings
        if v & 0x80000000:
            v -= 1 << 32
        return v, False, warnings
    width = 16 if prefix == "u" else 32
    if len(units) > 1:
        warnings.append("character constant too long for its type")
    v = units[-1] & ((1 << width) - 1)
    if prefix == "L" and wchar_signed:
        if v & 0x80000000:
            v -= 1 << 32
        return v, False, warnings
    return v, True, warnings
