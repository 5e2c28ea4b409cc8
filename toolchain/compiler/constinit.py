"""Values of static initializers: integers, or an address plus a constant (`&a[2]`,
`"str"`, `f`, `&s.m + 1`), which the assembler and linker finish as relocations."""
from __future__ import annotations

from .literals import round_float
from .tree import AddrOf, Binary, Cast, Comma, Conditional, Const, Deref, FloatConst, Member, \
    StringLit, VarRef


def static_value(e):
    """An int, or (target, addend) with target a Symbol or StringLit; None if the
    expression is not a constant a static initializer may hold."""
    if isinstance(e, Const):
        return e.value
    if isinstance(e, FloatConst):
        return e.value                     # a Python float
    if isinstance(e, StringLit):
        return (e, 0)
    if isinstance(e, Cast):
        v = static_value(e.operand)
        if isinstance(v, float):
            if e.type.is_integer and v == v and abs(v) < 2.0 ** 64:
                return e.type.wrap(int(v)) if not e.type.is_bool else int(v != 0)
            return round_float(v, e.type) if e.type.is_arithmetic else None
        if isinstance(v, int) and e.type.is_arithmetic and not e.type.is_integer:
            return round_float(v, e.type)
        if isinstance(v, int) and e.type.is_integer:
            return e.type.wrap(v)
        if isinstance(v, tuple) and e.type.is_integer and e.type.size < 8:
            return None
        return v
    if isinstance(e, AddrOf):
        return _address(e.operand)
    if isinstance(e, Binary) and e.op in ("+", "-"):
        a, b = static_value(e.left), static_value(e.right)
        if isinstance(a, tuple) and isinstance(b, int):
            return (a[0], a[1] + b if e.op == "+" else a[1] - b)
        if isinstance(b, tuple) and isinstance(a, int) and e.op == "+":
            return (b[0], b[1] + a)
        if isinstance(a, (int, float)) and isinstance(b, (int, float)):
            v = a + b if e.op == "+" else a - b
            return round_float(v, e.type) if isinstance(v, float) else v
        return None
    if isinstance(e, Binary) and e.op == "*":
        a, b = static_value(e.left), static_value(e.right)
        if isinstance(a, (int, float)) and isinstance(b, (int, float)):
            v = a * b
            return round_float(v, e.type) if isinstance(v, float) else v
    if isinstance(e, Conditional):
        c = static_value(e.cond)
        if c is not None:      # an object's address is never null
            return static_value(e.then if not isinstance(c, int) or c else e.other)
    if isinstance(e, Comma):
        return None
    return None


def _address(lv):
    if isinstance(lv, VarRef):
        s = lv.sym
        if s.kind == "func" or s.storage in ("global", "static", "extern"):
            return (s, 0)
        return None
    if isinstance(lv, StringLit):
        return (lv, 0)
    if isinstance(lv, Member):
        base = _address(lv.base)
        return None if base is None else (base[0], base[1] + lv.offset)
    if isinstance(lv, Deref):
        return static_value(lv.pointer) if not isinstance(static_value(lv.pointer), int) else None
    return None
