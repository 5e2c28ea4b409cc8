"""GAS expressions: parsing to a small tree, and evaluation to `symbol + constant` values.

Symbols are looked up (and created) while parsing, so `1f` and `.` are bound to the place the
expression was written. Evaluation gives a `Value` with at most one added and one subtracted
symbol; what is left of that becomes a relocation, or an error as GNU as reports it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_TOKEN = re.compile(r"""
    (?P<ws>\s+)
  | (?P<num>0[xX][0-9a-fA-F]+|0[bB][01]+(?![0-9a-zA-Z])|\d+[bf](?![\w$])|\d+(?:\.\d*)?(?:[eE][-+]?\d+)?)
  | (?P<chr>'\\?.'?)
  | (?P<sym>[A-Za-z_.$][\w.$]*(?:@[A-Za-z_]\w*)?)
  | (?P<op><<|>>|<>|==|!=|<=|>=|&&|\|\||[-+*/%&|^~!<>()])
""", re.X)


class ExprError(Exception):
    pass


@dataclass
class Value:
    add: object = None      # Symbol or None
    sub: object = None      # Symbol or None
    const: int = 0
    modifier: str | None = None   # @PLT, @GOTPCREL ... attached to `add`

    @property
    def is_const(self) -> bool:
        return self.add is None and self.sub is None


_CHAR_ESC = {"n": 10, "t": 9, "r": 13, "b": 8, "f": 12, "v": 11, "0": 0, "\\": 92, "'": 39, '"': 34}


def _int(text: str) -> int:
    t = text.lower()
    if t.startswith("0x"):
        return int(t, 16)
    if t.startswith("0b"):
        return int(t[2:], 2)
    if len(t) > 1 and t.startswith("0") and t.isdigit():
        return int(t, 8)
    return int(t)


class Parser:
    """Parses one expression. `lookup(name, modifier)` returns the symbol node to use;
    `local_label(n, 'b'|'f')` resolves numeric labels; `dot()` gives a symbol for `.`."""

    def __init__(self, text, lookup, local_label, dot):
        self.toks = []
        pos = 0
        while pos < len(text):
            m = _TOKEN.match(text, pos)
            if not m:
                raise ExprError(f"junk at end of line, first unrecognized character is `{text[pos]}'")
            pos = m.end()
            if m.lastgroup != "ws":
                self.toks.append((m.lastgroup, m.group()))
        self.i = 0
        self.lookup, self.local_label, self.dot = lookup, local_label, dot

    def peek(self):
        return self.toks[self.i] if self.i < len(self.toks) else (None, None)

    def take(self):
        t = self.peek()
        self.i += 1
        return t

    def parse(self):
        if not self.toks:
            raise ExprError("missing expression")
        node = self.binary(0)
        if self.i < len(self.toks):
            raise ExprError(f"junk at end of line, first unrecognized character is `{self.toks[self.i][1][0]}'")
        return node

    # GAS precedence, loosest first.
    LEVELS = [("||",), ("&&",), ("+", "-", "==", "!=", "<>", "<", ">", "<=", ">="),
              ("|", "&", "^", "!"), ("*", "/", "%", "<<", ">>")]

    def binary(self, level):
        if level == len(self.LEVELS):
            return self.unary()
        left = self.binary(level + 1)
        while True:
            kind, text = self.peek()
            if kind == "op" and text in self.LEVELS[level]:
                self.take()
                right = self.binary(level + 1)
                left = ("bin", text, left, right)
            else:
                return left

    def unary(self):
        kind, text = self.take()
        if kind == "op" and text in "-~!+":
            return ("un", text, self.unary())
        if kind == "op" and text == "(":
            node = self.binary(0)
            k, t = self.take()
            if t != ")":
                raise ExprError("missing `)'")
            return node
        if kind == "num":
            if text[-1] in "bf" and not text.lower().startswith(("0x", "0b")):
                return ("sym", self.local_label(text[:-1], text[-1]), None)
            if "." in text or "e" in text.lower() and not text.lower().startswith("0x"):
                raise ExprError(f"bad expression: floating point number `{text}' is not allowed here")
            return ("num", _int(text))
        if kind == "chr":
            body = text[1:].rstrip("'") if len(text) > 2 else text[1:]
            if body.startswith("\\"):
                v = _CHAR_ESC.get(body[1:2], ord(body[1:2] or "\\"))
            else:
                v = ord(body[:1] or "\0")
            return ("num", v)
        if kind == "sym":
            if text == ".":
                return ("sym", self.dot(), None)
            name, _, mod = text.partition("@")
            return ("sym", self.lookup(name), mod or None)
        if kind is None:
            raise ExprError("missing operand")
        raise ExprError(f"bad expression, unexpected `{text}'")


_SIMPLE = re.compile(r"\s*(?:(-?)(0[xX][0-9a-fA-F]+|[1-9]\d*|0)|([A-Za-z_][\w.$]*|\.[\w.$]+))\s*\Z")


def parse(text, lookup, local_label, dot):
    # the common cases, a number or a symbol name, without the general parser
    m = _SIMPLE.match(text)
    if m:
        if m.group(2):
            v = _int(m.group(2))
            return ("num", v) if not m.group(1) else ("un", "-", ("num", v))
        return ("sym", lookup(m.group(3)), None)
    return Parser(text, lookup, local_label, dot).parse()


def symbols_in(node):
    if node[0] == "sym":
        yield node[1]
    elif node[0] == "un":
        yield from symbols_in(node[2])
    elif node[0] == "bin":
        yield from symbols_in(node[2])
        yield from symbols_in(node[3])


def _mask(v):
    # GAS computes in 64-bit; keep Python ints bounded the same way (signed view).
    v &= (1 << 64) - 1
    return v - (1 << 64) if v >> 63 else v


def evaluate(node, final: bool) -> Value:
    """`final`: layout is done, so differences of symbols in one section are known."""
    t = node[0]
    if t == "num":
        return Value(const=node[1])
    if t == "sym":
        sym, mod = node[1], node[2]
        if mod is None:
            if sym.absolute is not None:
                return Value(const=sym.absolute)
            if sym.equ is not None:
                sym_equ, sym.equ = sym.equ, None     # guards against `x = x + 1` loops
                try:
                    return evaluate(sym_equ, final)
                finally:
                    sym.equ = sym_equ
        return Value(add=sym, modifier=mod)
    if t == "un":
        v = evaluate(node[2], final)
        op = node[1]
        if op == "+":
            return v
        if op == "-" and v.modifier is None and (v.add is None or v.sub is not None or True):
            if v.is_const:
                return Value(const=_mask(-v.const))
            if v.add is not None and v.sub is None:
                return Value(sub=v.add, const=-v.const)
            return Value(add=v.sub, sub=v.add, const=-v.const)
        v = _reduce(v, final)
        if not v.is_const:
            raise ExprError("invalid operands for unary operator")
        return Value(const={"-": lambda x: -x, "~": lambda x: ~x,
                            "!": lambda x: int(not x)}[op](v.const))
    op = node[1]
    a = evaluate(node[2], final)
    b = evaluate(node[3], final)
    if op == "+":
        if a.modifier and b.add:
            raise ExprError("invalid operands for `+'")
        add = [s for s in (a.add, b.add) if s is not None]
        sub = [s for s in (a.sub, b.sub) if s is not None]
        if len(add) > 1 or len(sub) > 1:
            v = _reduce(Value(add[0] if add else None, sub[0] if sub else None,
                              a.const + b.const), final)
            raise ExprError("can't resolve expression with two symbols added")
        return _reduce(Value(add[0] if add else None, sub[0] if sub else None,
                             _mask(a.const + b.const), a.modifier or b.modifier), final)
    if op == "-":
        if b.modifier:
            raise ExprError("invalid operands for `-'")
        # a - b: b's added symbol becomes the subtracted one
        adds = [s for s in (a.add, b.sub) if s is not None]
        subs = [s for s in (a.sub, b.add) if s is not None]
        const = _mask(a.const - b.const)
        # cancel pairs that are in the same place
        for s in list(subs):
            for x in list(adds):
                d = _difference(x, s, final)
                if d is not None:
                    adds.remove(x)
                    subs.remove(s)
                    const += d
                    break
        if len(adds) > 1 or len(subs) > 1:
            raise ExprError("can't resolve expression: two symbols in different sections")
        return _reduce(Value(adds[0] if adds else None, subs[0] if subs else None, _mask(const),
                             a.modifier), final)
    a = _reduce(a, final)
    b = _reduce(b, final)
    if not (a.is_const and b.is_const):
        raise _NotConst(op)
    x, y = a.const, b.const
    if op in ("/", "%") and y == 0:
        raise ExprError("division by zero")
    r = {
        "*": lambda: x * y, "/": lambda: int(x / y), "%": lambda: x - int(x / y) * y,
        "<<": lambda: x << (y & 63), ">>": lambda: (x & ((1 << 64) - 1)) >> (y & 63),
        "|": lambda: x | y, "&": lambda: x & y, "^": lambda: x ^ y, "!": lambda: x | ~y,
        "==": lambda: -int(x == y), "!=": lambda: -int(x != y), "<>": lambda: -int(x != y),
        "<": lambda: -int(x < y), ">": lambda: -int(x > y), "<=": lambda: -int(x <= y),
        ">=": lambda: -int(x >= y), "&&": lambda: int(bool(x) and bool(y)),
        "||": lambda: int(bool(x) or bool(y)),
    }[op]()
    return Value(const=_mask(r))


class _NotConst(ExprError):
    def __init__(self, op):
        super().__init__(f"invalid operands (*UND* and *UND* sections) for `{op}'")
        self.op = op


def _difference(x, s, final):
    """x - s as a number when both are defined in one section and their distance is known."""
    if x is s:
        return 0
    if x.section is None or s.section is None or x.section is not s.section:
        return None
    if x.frag is s.frag:
        return x.offset - s.offset
    if final:
        return x.address() - s.address()
    return None


def _reduce(v: Value, final: bool) -> Value:
    if v.add is not None and v.sub is not None:
        d = _difference(v.add, v.sub, final)
        if d is not None:
            return Value(const=_mask(v.const + d))
    return v
