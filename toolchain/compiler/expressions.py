"""Expressions: types, conversions and checks of C11 6.5, producing the typed tree.

Integer constant expressions are folded as they are built (GCC folds them even at -O0),
so `x = 2 * 3` stores 6 and array sizes and case labels are plain numbers.
A mixin of `frontend.Frontend`.
"""
from __future__ import annotations

from pycparser import c_ast
from pycparser.c_parser import Coord

from . import types as T
from .literals import LiteralError, parse_char, parse_float, parse_int, parse_string, \
    round_float
from .scope import Bail
from .tree import (AddrOf, Assign, Binary, Call, Cast, Comma, CompoundAssign, Conditional,
                   Const, Deref, FloatConst, IncDec, Logical, Member, StringLit, Symbol, Unary, VaArg,
                   VaCopy, VaStart, VarRef, StmtExpr, Builtin, Block, ExprStmt, Expr, LocalDecl)

_ARITH_OPS = {"+", "-", "*", "/", "%", "<<", ">>", "&", "|", "^"}
_COMPARE_OPS = {"==", "!=", "<", "<=", ">", ">="}


class BitFieldRef(Expr):
    """A bit-field designated in the frontend (`s.f`, `p->f`); it never reaches code
    generation: reads, stores, ++ and op= become shifts and masks of its storage unit
    (expressions on ordinary tree nodes)."""

    def __init__(self, base, member, type, pos=None):
        self.base, self.member, self.type, self.pos = base, member, type, pos


def is_pure(e) -> bool:
    """Evaluating e twice does what evaluating it once does (no stores, no calls)."""
    if isinstance(e, (VarRef, Const, FloatConst, StringLit)):
        return True
    if isinstance(e, (Member, BitFieldRef)):
        return is_pure(e.base)
    if isinstance(e, Deref):
        return is_pure(e.pointer)
    if isinstance(e, (AddrOf, Cast, Unary)):
        return is_pure(e.operand)
    if isinstance(e, Binary):
        return is_pure(e.left) and is_pure(e.right)
    return False


def is_lvalue(e) -> bool:
    if isinstance(e, BitFieldRef):
        return True
    if isinstance(e, VarRef):
        return e.sym.kind == "var"
    if isinstance(e, (Deref, StringLit)):
        return True
    if isinstance(e, Member):
        return is_lvalue(e.base)
    return False


def is_null_pointer_constant(e) -> bool:
    while isinstance(e, Cast) and (e.type.is_integer or
                                   (e.type.is_pointer and e.type.base.is_void)):
        e = e.operand
    return isinstance(e, Const) and e.value == 0 and (e.type.is_integer or e.type.is_pointer)


def _fold_binary(op, a, b, t):
    """Evaluate an integer operation as the target does; None when C leaves it undefined
    at compile time (division by zero) so the program keeps the run-time operation."""
    if op in ("/", "%", "/exact"):
        if b == 0:
            return None
        if t.signed or t.is_pointer:
            q = abs(a) // abs(b)
            q = q if (a >= 0) == (b >= 0) else -q
        else:
            q = a // b
        return q if op != "%" else a - q * b
    if op == "<<":
        return a << (b & 63)
    if op == ">>":
        return a >> (b & 63)
    return {"+": a + b, "-": a - b, "*": a * b, "&": a & b, "|": a | b, "^": a ^ b,
            "==": int(a == b), "!=": int(a != b), "<": int(a < b), "<=": int(a <= b),
            ">": int(a > b), ">=": int(a >= b)}[op]


class ExprMixin:
    # -- entry points ----------------------------------------------------------------------
    def value(self, node):
        """An expression used for its value: arrays and functions decay to pointers."""
        return self.rvalue(self.expr(node))

    def rvalue(self, e):
        if isinstance(e, BitFieldRef):
            return self.bitfield_read(e)
        if e.type.is_array:
            return AddrOf(e, T.PointerType(e.type.base), e.pos)
        if e.type.is_function:
            return AddrOf(e, T.PointerType(e.type), e.pos)
        return e

    def scalar(self, node, what):
        e = self.value(node)
        if not e.type.is_scalar:
            self.error(node, f"used {self.type_word(e.type)} type value where scalar is required")
        return e

    def expr(self, node):
        method = getattr(self, "expr_" + type(node).__name__, None)
        if method is None:
            self.error(node, f"not supported yet: {type(node).__name__} expressions")
        e = method(node)
        if e.pos is None:
            e.pos = self.pos(node)
        return e


    @staticmethod
    def type_word(t):
        if t.is_record:
            return "union" if t.is_union else "struct"
        if t.is_void:
            return "void"
        return "array" if t.is_array else str(t)

    # -- conversions -----------------------------------------------------------------------
    def convert(self, e, t):
        """Convert e to type t (an explicit Cast node; constants fold)."""
        if t.is_void:
            return Cast(e, t, e.pos)
        if e.type == t or (e.type.is_pointer and t.is_pointer and T.same_type(e.type, t)):
            return e
        if isinstance(e, Const) and (t.is_integer or t.is_pointer):
            v = e.value
            return Const(t.wrap(v) if t.is_integer else v & (2 ** 64 - 1), t, e.pos)
        if isinstance(e, Const) and isinstance(t, T.FloatType):
            return FloatConst(round_float(e.value, t), t, e.pos)
        if isinstance(e, FloatConst) and isinstance(t, T.FloatType):
            return FloatConst(round_float(e.value, t), t, e.pos)
        if isinstance(e, FloatConst) and t.is_integer and _finite(e.value):
            if t.is_bool:
                return Const(int(e.value != 0), t, e.pos)
            v = int(e.value)            # truncation toward zero
            if t.wrap(v) == v:          # (out of range is undefined: leave it to run time)
                return Const(v, t, e.pos)
        if e.type.is_integer and t.is_integer and e.type.size == t.size and \
                e.type.signed == t.signed and not t.is_bool and not e.type.is_bool:
            # Same representation (enum <-> int, plain char <-> signed char): no code.
            return Cast(e, t, e.pos)
        return Cast(e, t, e.pos)

    def assign_convert(self, e, t, node, context, argnum=None, fname=None):
        """Implicit conversion as by assignment (C11 6.5.16.1), with GCC's diagnostics."""
        src = e.type
        if t.is_record or src.is_record:
            if src is not t:
                self.error(node, self._incompatible(context, t, src, argnum, fname))
            return e
        if t.is_void:
            self.error(node, "void value not ignored as it ought to be")
        if src.is_void:
            self.error(node, "void value not ignored as it ought to be")
        if t.is_pointer:
            if src.is_pointer:
                if not (t.base.is_void or src.base.is_void or
                        T.same_type(_unqual_base(t.base), _unqual_base(src.base))):
                    self.warn(node, self._incompatible(context, t, src, argnum, fname, True)
                              + " [-Wincompatible-pointer-types]")
            elif src.is_integer:
                if not is_null_pointer_constant(e):
                    self.warn(node, self._int_conversion(context, t, src, argnum, fname,
                                                         "pointer from integer"))
            else:
                self.error(node, self._incompatible(context, t, src, argnum, fname))
        elif t.is_integer:
            if src.is_pointer and not t.is_bool:
                self.warn(node, self._int_conversion(context, t, src, argnum, fname,
                                                     "integer from pointer"))
            elif not (src.is_arithmetic or src.is_pointer):
                self.error(node, self._incompatible(context, t, src, argnum, fname))
        elif isinstance(t, T.FloatType):
            if not src.is_arithmetic:
                self.error(node, self._incompatible(context, t, src, argnum, fname))
        return self.convert(e, t)

    @staticmethod
    def _incompatible(context, t, src, argnum, fname, pointer=False):
        if context == "argument":
            return f"incompatible type for argument {argnum} of '{fname}'" if not pointer else \
                f"passing argument {argnum} of '{fname}' from incompatible pointer type"
        if context == "return":
            return (f"returning '{src}' from a function with incompatible return type '{t}'"
                    if pointer else
                    f"incompatible types when returning type '{src}' but '{t}' was expected")
        if context == "initialization":
            return (f"initialization of '{t}' from incompatible pointer type '{src}'" if pointer
                    else f"incompatible types when initializing type '{t}' using type '{src}'")
        return (f"assignment to '{t}' from incompatible pointer type '{src}'" if pointer
                else f"incompatible types when assigning to type '{t}' from type '{src}'")

    @staticmethod
    def _int_conversion(context, t, src, argnum, fname, what):
        if context == "argument":
            return (f"passing argument {argnum} of '{fname}' makes {what} without a cast "
                    "[-Wint-conversion]")
        if context == "return":
            return f"returning '{src}' from a function with return type '{t}' makes {what} " \
                   "without a cast [-Wint-conversion]"
        if context == "initialization":
            return f"initialization of '{t}' from '{src}' makes {what} without a cast " \
                   "[-Wint-conversion]"
        return f"assignment to '{t}' from '{src}' makes {what} without a cast [-Wint-conversion]"

    def zero_of(self, t):
        return Const(0, t)

    # -- primary expressions ---------------------------------------------------------------
    def expr_ID(self, node):
        sym = self.lookup(node.name)
        if sym is None and node.name == "__func__" and self.func is not None:
            sym = self.declare_func_name(node)
        if sym is None:
            return self.undeclared(node)
        if sym.kind == "typedef":
            self.error(node, f"expected expression before '{node.name}'")
        if sym.kind == "enumconst":
            return Const(sym.value, T.INT, self.pos(node))
        sym.used = True
        if sym.vla_ptr is not None:         # a VLA: its storage is where the pointer says
            p = sym.vla_ptr
            return Deref(VarRef(p, p.type, self.pos(node)), sym.type, self.pos(node))
        return VarRef(sym, sym.type, self.pos(node))

    def declare_func_name(self, node):
        """C99 6.4.2.2: `__func__` is as if the function began with
        `static const char __func__[] = "name";`. It is declared on first use, as GCC
        emits the string only for functions that use it (assert() does)."""
        from pycparser import c_ast as A
        ctx, where = self.func, node.coord
        decl = A.Decl("__func__", ["const"], None, ["static"], [],
                      A.ArrayDecl(A.TypeDecl("__func__", ["const"], None,
                                             A.IdentifierType(["char"], where), where),
                                  None, [], where),
                      A.Constant("string", f'"{ctx.sym.name}"', where), None, where)
        self.scopes.append(ctx.scope)     # in the function's own scope, whatever block we are in
        try:
            self.local_decl(decl)
        finally:
            self.scopes.pop()
        return ctx.scope.names["__func__"]

    def undeclared(self, node):
        ctx = self.func
        if ctx is None:
            self.error(node, f"'{node.name}' undeclared here (not in a function)")
        first = not ctx.undeclared_reported
        if node.name in ctx.undeclared_reported:
            raise Bail()
        ctx.undeclared_reported.add(node.name)
        self.record_error(node, f"'{node.name}' undeclared (first use in this function)")
        if first:
            self.note(node, "each undeclared identifier is reported only once for each "
                            "function it appears in")
        raise Bail()

    def expr_Constant(self, node):
        kind = node.type
        try:
            if kind == "string":
                data, prefix = parse_string(node.value)
                if prefix:
                    wchar = T.INT if self.target.wchar_is_signed else T.UINT
                    elem = {"L": wchar, "u": T.USHORT, "U": T.UINT, "u8": self.plain_char}[prefix]
                else:
                    elem = self.plain_char
                return StringLit(data, T.ArrayType(elem, len(data) // elem.size),
                                 self.pos(node))
            if kind == "char" or node.value[:1] in ("'",) or node.value[:2] in (
                    "L'", "u'", "U'"):
                v, t = parse_char(node.value, self.plain_char.signed)
                return Const(v, t, self.pos(node))
            text = node.value
            if "float" in kind or "double" in kind or (
                    text.lower().startswith("0x") and ("." in text or "p" in text.lower())) or (
                    any(c in text for c in ".eE") and not text.lower().startswith("0x")):
                v, t = parse_float(text)
                return FloatConst(v, t, self.pos(node))
            v, t = parse_int(text)
            return Const(v, t, self.pos(node))
        except LiteralError as e:
            self.error(node, str(e))

    def expr_ExprList(self, node):
        exprs = [self.expr(x) for x in node.exprs]
        e = exprs[0]
        for nxt in exprs[1:]:
            e = Comma(self.rvalue(e), self.rvalue(nxt), self.rvalue(nxt).type, nxt.pos)
        return e

    def expr_GenericSelection(self, node):
        """C11 `_Generic(e, T1: e1, ..., default: d)`: e is not evaluated; its type
        after lvalue conversion (arrays and functions decay) picks the association."""
        saved = list(self.pending_decls)
        try:
            t = self.peek_type(node.expr)
        finally:
            self.pending_decls = saved
        if t is None:
            self.value(node.expr)           # report its error
        if t.is_array:
            t = T.PointerType(t.base)
        elif t.is_function:
            t = T.PointerType(t)
        chosen = default = None
        seen = []
        for a in node.associations:
            if a.type is None:
                if default is not None:
                    self.error(a, "duplicate 'default' case in '_Generic'")
                default = a
                continue
            at = self.declared_type(a.type)
            if not at.is_complete and not at.is_array:
                self.error(a, f"'_Generic' association has incomplete type")
            for prev in seen:
                if T.same_type(prev, at):
                    self.error(a, f"'_Generic' specifies two compatible types")
            seen.append(at)
            if chosen is None and T.same_type(at, t):
                chosen = a
        chosen = chosen or default
        if chosen is None:
            self.error(node.expr, f"'_Generic' selector of type '{t}' is not compatible with "
                             "any association")
        return self.expr(chosen.expr)

    def expr_CompoundLiteral(self, node):
        t = self.declared_type(node.type)
        if self.func is None:
            # At file scope: an unnamed object with static storage, as GCC names it.
            from .tree import GlobalVar
            n = getattr(self, "compound_literals", 0)
            self.compound_literals = n + 1
            name = f"__compound_literal.{n}"
            sym = Symbol(name, t, "var", "static", asm_name=name, pos=self.pos(node),
                         defined=True)
            t, inits = self.initializer(t, node.init, True)
            sym.type = t
            inits = self.lower_bitfield_inits(sym, inits, True)
            self.check_static_inits(inits, node)
            self.items.append(GlobalVar(sym, inits, self.pos(node)))
            return VarRef(sym, t, self.pos(node))
        t, inits = self.initializer(t, node.init, False)
        sym = Symbol("__compound_literal", t, "var", "auto", pos=self.pos(node))
        inits = self.lower_bitfield_inits(sym, inits, False)
        self.func.locals.append(sym)
        from .tree import LocalDecl
        self.pending_decls.append(LocalDecl(sym, inits, True, self.pos(node)))
        return VarRef(sym, t, self.pos(node))

    # -- postfix ---------------------------------------------------------------------------
    def expr_ArrayRef(self, node):
        a = self.value(node.name)
        i = self.value(node.subscript)
        if a.type.is_integer and i.type.is_pointer:
            a, i = i, a
        if not a.type.is_pointer:
            self.error(node, "subscripted value is neither array nor pointer nor vector")
        if not i.type.is_integer:
            self.error(node.subscript, "array subscript is not an integer")
        p = self.pointer_add("+", a, i, node)
        return self.deref(p, node)

    def expr_StructRef(self, node):
        if node.type == "->":
            p = self.value(node.name)
            if not p.type.is_pointer:
                self.error(node, f"invalid type argument of '->' (have '{p.type}')")
            base = self.deref(p, node)
        else:
            base = self.expr(node.name)
        st = base.type
        at = self._member_operator(node)
        if not st.is_record:
            self.error(at, f"request for member '{node.field.name}' in something not a "
                           "structure or union")
        if not st.is_complete:
            self.error(at, f"invalid use of undefined type '{st}'")
        found = st.member(node.field.name)
        if found is None:
            self.error(at, f"'{st}' has no member named '{node.field.name}'")
        offset, m = found
        if m.bit_width:
            if not m.unit_size:
                self.error(node, "not supported yet: a packed bit-field running past the "
                                 "end of its structure")
            unit = Member(base.base, m.name, base.offset + offset, m.type, self.pos(node)) \
                if isinstance(base, Member) else Member(base, m.name, offset, m.type,
                                                        self.pos(node))
            return BitFieldRef(unit, m, bitfield_type(m), self.pos(node))
        # Fold a chain of members into one offset from the outermost base.
        if isinstance(base, Member):
            return Member(base.base, m.name, base.offset + offset, m.type, self.pos(node))
        return Member(base, m.name, offset, m.type, self.pos(node))

    def expr_FuncCall(self, node):
        if isinstance(node.name, c_ast.ID):
            name = node.name.name
            builtin = getattr(self, "builtin_" + name, None)
            if builtin is not None and name.startswith("__builtin_"):
                return builtin(node, node.args.exprs if node.args else [])
            if name == "offsetof":
                return self.builtin_offsetof(node, node.args.exprs)
            if self.lookup(name) is None:
                self.implicit_declaration(node.name)
        f = self.value(node.name)
        ft = f.type.base if f.type.is_pointer else None
        if ft is None or not ft.is_function:
            self.error(node, "called object is not a function or function pointer")
        fname = node.name.name if isinstance(node.name, c_ast.ID) else "<function>"
        args = node.args.exprs if node.args else []
        out = []
        if ft.prototyped:
            n = len(ft.params)
            if len(args) < n or (len(args) > n and not ft.variadic):
                many = "many" if len(args) > n else "few"
                self.record_error(node, f"too {many} arguments to function '{fname}'")
                sym = self.lookup(fname) if isinstance(node.name, c_ast.ID) else None
                if sym is not None and sym.pos:
                    self.note_at(sym.pos, "declared here")
                raise Bail()
        for i, a in enumerate(args):
            e = self.value(a)
            if ft.prototyped and i < len(ft.params):
                e = self.assign_convert(e, ft.params[i].type, a, "argument", i + 1, fname)
            else:
                if e.type.is_void:
                    self.error(a, "invalid use of void expression")
                # The default argument promotions: float goes as double.
                e = self.convert(e, T.integer_promote(e.type)) if e.type.is_integer else \
                    self.convert(e, T.DOUBLE) if e.type == T.FLOAT else e
            out.append(e)
        if self.func is not None:
            self.func.calls = True
        ret = ft.ret
        if ret.is_record and not ret.is_complete:
            self.error(node, f"invalid use of undefined type '{ret}'")
        return Call(f, out, ft, ret, self.pos(node))

    def implicit_declaration(self, id_node):
        name = id_node.name
        msg = f"implicit declaration of function '{name}' [-Wimplicit-function-declaration]"
        if self.pedantic == "error":        # a pedwarn in C99 and later
            self._diag(id_node, "error", msg)
        else:
            self.warn(id_node, msg)
        ft = T.FunctionType(T.INT, (), False, prototyped=False)
        sym = Symbol(name, ft, "func", "extern", asm_name=name, pos=self.pos(id_node))
        # GCC 12 gives the implicit declaration block scope; later prototypes are checked
        # against it all the same, so keep it at file scope.
        self.scopes[0].names[name] = sym
        self.file_symbols.setdefault(name, sym)

    def _member_operator(self, node):
        """Where GCC reports a bad member access: at its `.` or `->`."""
        c = node.field.coord
        op = getattr(self.end_coords, "member_ops", {}).get(
            (c.file, c.line, c.column)) if c is not None else None
        if op is None:
            return node.field
        return c_ast.ID(node.field.name, Coord(*op))

    # -- builtins --------------------------------------------------------------------------
    def _va_list_pointer(self, node):
        e = self.expr(node)
        vt = self.va_list_type
        if e.type.is_array and e.type is vt or (e.type is vt):
            return self.rvalue(e) if vt.is_array else AddrOf(e, T.PointerType(vt), e.pos)
        # A va_list parameter on x86-64 has been adjusted to a pointer.
        if e.type.is_pointer and vt.is_array and e.type.base is vt.base:
            return e
        self.error(node, "first argument to 'va_arg' not of type 'va_list'")

    def builtin___builtin_va_start(self, node, args):
        if len(args) != 2:
            self.error(node, "wrong number of arguments to function '__builtin_va_start'")
        if self.func is None or not self.func.sym.type.variadic:
            self.error(node, "'va_start' used in function with fixed arguments")
        ap = self._va_list_pointer(args[0])
        self.func.uses_va_start = True
        self.func.calls = self.func.calls
        return VaStart(ap, T.VOID, self.pos(node))

    def builtin___builtin_va_arg(self, node, args):
        ap = self._va_list_pointer(args[0])
        t = self.declared_type(args[1])
        if t.is_record or t.is_array or t.is_void:
            self.error(node, f"not supported yet: va_arg of type '{t}'")
        return VaArg(ap, t, self.pos(node))

    def builtin___builtin_va_end(self, node, args):
        ap = self._va_list_pointer(args[0])
        return Cast(ap, T.VOID, self.pos(node))

    def builtin___builtin_va_copy(self, node, args):
        return VaCopy(self._va_list_pointer(args[0]), self._va_list_pointer(args[1]), T.VOID,
                      self.pos(node))

    def builtin___builtin_expect(self, node, args):
        return self.convert(self.value(args[0]), T.LONG)

    def builtin___builtin_types_compatible_p(self, node, args):
        # Top-level qualifiers do not count (GCC's documentation); ours live on
        # declarations, not in the types, so comparing the types is the whole test.
        a, b = (self.declared_type(x) for x in args)
        return Const(int(T.same_type(a, b)), T.INT, self.pos(node))

    def builtin___builtin_choose_expr(self, node, args):
        if len(args) != 3:
            self.error(node, "wrong number of arguments to function '__builtin_choose_expr'")
        c = self.constant_int(args[0], "first argument to '__builtin_choose_expr' not a "
                                       "constant")
        return self.expr(args[1] if c else args[2])

    def builtin___builtin_unreachable(self, node, args):
        return Cast(Const(0, T.INT), T.VOID, self.pos(node))

    def builtin_offsetof(self, node, args):
        t = self.declared_type(args[0])
        offset = 0
        d = args[1]
        chain = []
        while not isinstance(d, c_ast.ID):
            chain.append(d)
            d = d.name
        chain.append(d)
        for part in reversed(chain):
            if isinstance(part, c_ast.ID) or isinstance(part, c_ast.StructRef):
                fname = part.name if isinstance(part, c_ast.ID) else part.field.name
                if not t.is_record or t.member(fname) is None:
                    self.error(node, f"'{t}' has no member named '{fname}'")
                off, m = t.member(fname)
                offset += off
                t = m.type
            else:   # ArrayRef
                idx = self.constant_int(part.subscript, "array index not constant")
                t = t.base
                offset += idx * t.size
        return Const(offset, T.ULONG, self.pos(node))


    # -- bit-fields --------------------------------------------------------------------------
    def temp_local(self, t, pos):
        """A hidden automatic variable (for values computed once and used twice)."""
        if self.func is None:
            self.error(pos, "not supported yet: this expression outside a function")
        sym = Symbol("__tmp", t, "var", "auto", pos=pos)
        self.func.locals.append(sym)
        return sym

    def _once(self, ref):
        """ref with a base that is safe to evaluate twice, and the side effects to run
        first (or None): a base with side effects is addressed once through a temporary."""
        unit = ref.base
        if is_pure(unit.base):
            return ref, None
        ptype = T.PointerType(unit.base.type)
        tmp = self.temp_local(ptype, ref.pos)
        setup = Assign(VarRef(tmp, ptype, ref.pos), AddrOf(unit.base, ptype, ref.pos), ptype,
                       ref.pos)
        base = Deref(VarRef(tmp, ptype, ref.pos), unit.base.type, ref.pos)
        unit = Member(base, unit.name, unit.offset, unit.type, ref.pos)
        return BitFieldRef(unit, ref.member, ref.type, ref.pos), setup

    @staticmethod
    def _unit_types(m):
        """The storage unit's unsigned type, and the (unsigned, signed) type to compute in."""
        u = {1: T.UCHAR, 2: T.USHORT, 4: T.UINT, 8: T.ULONG}[m.unit_size]
        return u, (T.ULONG, T.LONG) if m.unit_size == 8 else (T.UINT, T.INT)

    def bitfield_read(self, ref, unit=None):
        m, pos = ref.member, ref.pos
        u, (wu, ws) = self._unit_types(m)
        bits = wu.size * 8
        v = self.convert(Member(ref.base.base, m.name, ref.base.offset, u, pos)
                         if unit is None else unit, wu)
        left = bits - m.bit_offset - m.bit_width
        if left:
            v = Binary("<<", v, Const(left, T.INT), wu, pos)
        if ref.type.signed and not ref.type.is_bool:
            v = Cast(v, ws, pos)
        v = Binary(">>", v, Const(bits - m.bit_width, T.INT), v.type, pos)
        return self.convert(v, T.integer_promote(ref.type))

    def bitfield_store(self, ref, value, want_value=True):
        """`ref = value` (value already of the bit-field's type): read the unit, replace
        the field's bits, write it back; the expression's value is the field re-read."""
        ref, setup = self._once(ref)
        m, pos = ref.member, ref.pos
        u, (wu, _) = self._unit_types(m)
        mask = ((1 << m.bit_width) - 1) << m.bit_offset
        unit = Member(ref.base.base, m.name, ref.base.offset, u, pos)
        keep = self.fold(Binary("&", self.convert(unit, wu),
                                Const(wu.wrap(~mask), wu, pos), wu, pos))
        new = self.convert(value, wu)
        if m.bit_offset:
            new = self.fold(Binary("<<", new, Const(m.bit_offset, T.INT), wu, pos))
        new = self.fold(Binary("&", new, Const(mask, wu, pos), wu, pos))
        e = Assign(Member(ref.base.base, m.name, ref.base.offset, u, pos),
                   self.convert(Binary("|", keep, new, wu, pos), u), u, pos)
        if want_value:
            read = self.bitfield_read(ref)
            e = Comma(e, read, read.type, pos)
        if setup is not None:
            e = Comma(setup, e, e.type, pos)
        return e

    def bitfield_update(self, ref, op, rhs, node, postfix=False):
        """`ref op= rhs`, `++ref`, `ref++`: rhs a typed expression."""
        ref, setup = self._once(ref)
        old = self.bitfield_read(ref)
        if postfix:
            tmp = self.temp_local(old.type, ref.pos)
            save = Assign(VarRef(tmp, old.type, ref.pos), old, old.type, ref.pos)
            new = self.binary(op, VarRef(tmp, old.type, ref.pos), rhs, node)
            store = self.bitfield_store(ref, self.convert(new, ref.type), False)
            e = Comma(Comma(save, store, store.type, ref.pos), VarRef(tmp, old.type, ref.pos),
                      old.type, ref.pos)
        else:
            new = self.binary(op, old, rhs, node)
            e = self.bitfield_store(ref, self.assign_convert(new, ref.type, node,
                                                             "assignment"))
        if setup is not None:
            e = Comma(setup, e, e.type, ref.pos)
        return e

    # -- GNU statement expressions -------------------------------------------------------
    def expr_Compound(self, node):
        """`({ int t = f(); t * t; })`: the block runs, the last expression statement is
        the value."""
        if self.func is None:
            self.error(node, "braced-group within expression allowed only inside a function")
        f, line, col = self.pos(node)
        self.pedwarn((f, line, max(col - 1, 1)), "ISO C forbids braced-groups within "
                                                 "expressions")
        saved = self.pending_decls
        self.pending_decls = []
        try:
            # (its VLAs live on until the function returns: the value may be one)
            block = self.compound(node, free_vlas=False)
        finally:
            self.pending_decls = saved
        value = None
        items = block.items
        last = items[-1] if items else None
        if isinstance(last, Block) and last.items and isinstance(last.items[-1], ExprStmt):
            items = items[:-1] + last.items
            last = items[-1]
        if isinstance(last, ExprStmt) and not last.expr.type.is_void:
            value = last.expr
            items = items[:-1]
        return StmtExpr(Block(items, block.pos, block.end_pos), value,
                        value.type if value is not None else T.VOID, self.pos(node))

    # -- GNU builtins ----------------------------------------------------------------------
    def builtin___builtin_offsetof(self, node, args):
        return self.builtin_offsetof(node, args)

    def _int_builtin(self, node, args, name, t, fold):
        if len(args) != 1:
            self.error(node, f"wrong number of arguments to function '{name}'")
        e = self.convert(self.value(args[0]), t)
        if not e.type.is_integer:
            self.error(node, f"incompatible type for argument 1 of '{name}'")
        if isinstance(e, Const):
            v = fold(e.value & ((1 << t.bits) - 1), t.bits)
            if v is not None:
                return Const(v, T.INT if not name.startswith("__builtin_bswap") else t,
                             self.pos(node))
        return None, e

    def _bits_builtin(self, kind, t):
        def make(self, node, args, _kind=kind, _t=t):
            name = node.name.name
            def fold(v, bits):
                if _kind == "clz":
                    return bits - v.bit_length() if v else None
                if _kind == "ctz":
                    return (v & -v).bit_length() - 1 if v else None
                if _kind == "popcount":
                    return bin(v).count("1")
                if _kind == "parity":
                    return bin(v).count("1") & 1
                if _kind == "ffs":
                    return (v & -v).bit_length()
                return int.from_bytes(v.to_bytes(bits // 8, "little"), "big")
            r = self._int_builtin(node, args, name, _t, fold)
            if isinstance(r, Const):
                return r
            e = r[1]
            rt = _t if _kind == "bswap" else T.INT
            return Builtin(_kind, [e], rt, self.pos(node))
        return make

    def builtin___builtin_trap(self, node, args):
        return Builtin("trap", [], T.VOID, self.pos(node))

    def builtin___builtin_alloca(self, node, args):
        if len(args) != 1:
            self.error(node, "wrong number of arguments to function '__builtin_alloca'")
        if self.func is None:
            self.error(node, "not supported yet: alloca outside a function")
        self.func.dynamic_stack = True
        return Builtin("alloca", [self.convert(self.value(args[0]), T.ULONG)],
                       T.PointerType(T.VOID), self.pos(node))

    def builtin___builtin_constant_p(self, node, args):
        e = self.value(args[0]) if args else None
        return Const(int(isinstance(e, (Const, FloatConst))), T.INT, self.pos(node))

    def _special_float(self, node, args, t, value, name):
        """__builtin_inf/huge_val/nan and their f/l forms: constants, as GCC folds them."""
        if name.startswith("__builtin_nan"):
            if len(args) != 1 or not isinstance(args[0], c_ast.Constant) or \
                    args[0].type != "string":
                self.error(node, f"argument to '{name}' must be a string constant")
            if args[0].value.strip('"'):
                self.error(node, f"not supported yet: a NaN payload in '{name}'")
        elif args:
            self.error(node, f"too many arguments to function '{name}'")
        return FloatConst(round_float(value, t), t, self.pos(node))

    # -- unary -----------------------------------------------------------------------------
    def expr_UnaryOp(self, node):
        op = node.op
        if op in ("__alignof__", "__alignof"):
            op = "_Alignof"
        if op == "sizeof" or op == "_Alignof":
            if isinstance(node.expr, c_ast.Typename):
                t = self.declared_type(node.expr)
            else:
                t = self.peek_sizeof_type(node.expr)
                if t.is_integer and t.width is not None:
                    self.error(node.expr, f"'{op}' applied to a bit-field")
            if t.is_function:
                return Const(1, T.ULONG, self.pos(node))
            if not t.is_complete and not t.is_void:
                self.error(node, f"invalid application of '{op}' to incomplete type '{t}'")
            if t.is_vla and op == "sizeof":
                return self.vla_size(t, self.pos(node))     # computed at run time
            return Const(t.size if op == "sizeof" else t.align, T.ULONG, self.pos(node))
        if op == "&":
            e = self.expr(node.expr)
            if isinstance(e, BitFieldRef):
                self.error(node, f"cannot take address of bit-field '{e.member.name}'")
            if isinstance(e, Deref):
                return self.rvalue(e.pointer) if not e.type.is_array else \
                    AddrOf(e, T.PointerType(e.type), self.pos(node))
            if e.type.is_function:
                return AddrOf(e, T.PointerType(e.type), self.pos(node))
            if not is_lvalue(e):
                self.error(node, "lvalue required as unary '&' operand")
            return AddrOf(e, T.PointerType(e.type), self.pos(node))
        if op == "*":
            p = self.value(node.expr)
            if not p.type.is_pointer:
                self.error(node, f"invalid type argument of unary '*' (have '{p.type}')")
            return self.deref(p, node)
        if op in ("++", "--", "p++", "p--"):
            target = self.expr(node.expr)
            if isinstance(target, BitFieldRef):
                return self.bitfield_update(target, "+" if "++" in op else "-",
                                            Const(1, T.INT), node, op.startswith("p"))
            if not is_lvalue(target) or target.type.is_array:
                what = "increment" if "++" in op else "decrement"
                self.error(node, f"lvalue required as {what} operand")
            if target.type.is_pointer:
                if not target.type.base.is_complete and not target.type.base.is_void:
                    self.error(node, f"invalid use of undefined type '{target.type.base}'")
                amount = target.type.base.size
                if target.type.base.is_vla:
                    step = self.convert(self.vla_size(target.type.base, self.pos(node)), T.LONG)
                    pos, tt = self.pos(node), target.type
                    upd = CompoundAssign("+" if "++" in op else "-", target, step, tt, tt, pos)
                    if not op.startswith("p"):
                        return upd
                    if not isinstance(target, VarRef):
                        self.error(node, "not supported yet: postfix increment of this "
                                         "pointer to a variable length array")
                    tmp = VarRef(self.temp_local(tt, pos), tt, pos)     # (old value)
                    return Comma(Comma(Assign(tmp, target, tt, pos), upd, tt, pos), tmp, tt, pos)
            elif target.type.is_arithmetic:
                amount = 1
            else:
                self.error(node, f"wrong type argument to {'increment' if '+' in op else 'decrement'}")
            return IncDec("+" if "++" in op else "-", not op.startswith("p"), target, amount,
                          target.type, self.pos(node))
        e = self.value(node.expr)
        if op == "!":
            if not e.type.is_scalar:
                self.error(node, "wrong type argument to unary exclamation mark")
            if isinstance(e, (Const, FloatConst)):
                return Const(int(e.value == 0), T.INT, self.pos(node))
            return Unary("!", e, T.INT, self.pos(node))
        if isinstance(e.type, T.FloatType) and op in ("-", "+"):
            if op == "+":
                return e
            if isinstance(e, FloatConst):
                return FloatConst(-e.value, e.type, self.pos(node))
            return Unary("-", e, e.type, self.pos(node))
        if not e.type.is_integer:
            self.error(node, f"wrong type argument to {'bit-complement' if op == '~' else 'unary ' + ('minus' if op == '-' else 'plus')}")
        t = T.integer_promote(e.type)
        e = self.convert(e, t)
        if op == "+":
            return e
        if isinstance(e, Const):
            return Const(t.wrap(-e.value if op == "-" else ~e.value), t, self.pos(node))
        return Unary(op, e, t, self.pos(node))

    def peek_sizeof_type(self, node):
        """sizeof's operand is not evaluated: analyse it without keeping the code."""
        saved = self.func.calls if self.func else None
        e = self.expr(node)
        if self.func:
            self.func.calls = saved
        return e.type

    def deref(self, p, node):
        base = p.type.base
        if base.is_void:
            self.warn(node, "dereferencing 'void *' pointer")
        return Deref(p, base, self.pos(node))

    # -- casts -----------------------------------------------------------------------------
    def expr_Cast(self, node):
        t = self.declared_type(node.to_type)
        e = self.value(node.expr)
        if t.is_void:
            return Cast(e, t, self.pos(node))
        if not t.is_scalar:
            self.error(node, "conversion to non-scalar type requested")
        if not e.type.is_scalar:
            self.error(node, f"aggregate value used where an integer was expected"
                       if not isinstance(t, T.FloatType) else
                       "aggregate value used where a floating-point was expected")
        if isinstance(t, T.FloatType) and e.type.is_pointer:
            self.error(node, "pointer value used where a floating-point was expected")
        if t.is_pointer and isinstance(e.type, T.FloatType):
            self.error(node, "cannot convert to a pointer type")
        if t.is_integer and e.type.is_pointer and t.size < 8:
            self.warn(node, "cast from pointer to integer of different size "
                            "[-Wpointer-to-int-cast]")
        out = self.convert(e, t)
        if out is e:
            out = Cast(e, t, self.pos(node))
        return out

    # -- binary ----------------------------------------------------------------------------
    def expr_BinaryOp(self, node):
        op = node.op
        if op in ("&&", "||"):
            l = self.scalar(node.left, op)
            r = self.scalar(node.right, op)
            if isinstance(l, Const):
                lv = bool(l.value)
                if (op == "&&" and not lv) or (op == "||" and lv):
                    return Const(int(lv), T.INT, self.pos(node))
                if isinstance(r, Const):
                    return Const(int(bool(r.value)), T.INT, self.pos(node))
            return Logical(op, l, r, T.INT, self.pos(node))
        l = self.value(node.left)
        r = self.value(node.right)
        return self.binary(op, l, r, node)

    def binary(self, op, l, r, node):
        lt, rt = l.type, r.type
        pos = self.pos(node)
        if op in ("+", "-") and (lt.is_pointer or rt.is_pointer):
            if op == "-" and lt.is_pointer and rt.is_pointer:
                if not T.same_type(_unqual_base(lt.base), _unqual_base(rt.base)):
                    self.error(node, "invalid operands to binary - (have "
                                     f"'{lt}' and '{rt}')")
                diff = Binary("-", self.convert(l, T.LONG), self.convert(r, T.LONG), T.LONG, pos)
                if lt.base.is_vla:
                    return Binary("/", diff, self.convert(self.vla_size(lt.base, pos), T.LONG),
                                  T.LONG, pos)
                size = lt.base.size
                if size == 1:
                    return diff
                return self.fold(Binary("/exact", diff, Const(size, T.LONG), T.LONG, pos))
            if lt.is_integer and op == "+":
                l, r = r, l
            if not r.type.is_integer:
                self.error(node, f"invalid operands to binary {op} (have '{lt}' and '{rt}')")
            return self.pointer_add(op, l, r, node)
        if op in _COMPARE_OPS:
            if lt.is_pointer or rt.is_pointer:
                if lt.is_pointer and rt.is_pointer:
                    if not (lt.base.is_void or rt.base.is_void or
                            T.same_type(_unqual_base(lt.base), _unqual_base(rt.base))):
                        self.warn(node, "comparison of distinct pointer types lacks a cast")
                    t = lt
                elif lt.is_pointer:
                    if not is_null_pointer_constant(r):
                        if not rt.is_integer:
                            self.error(node, f"invalid operands to binary {op}")
                        self.warn(node, "comparison between pointer and integer")
                    t = lt
                else:
                    if not is_null_pointer_constant(l):
                        if not lt.is_integer:
                            self.error(node, f"invalid operands to binary {op}")
                        self.warn(node, "comparison between pointer and integer")
                    t = rt
                return self.fold(Binary(op, self.convert(l, T.ULONG), self.convert(r, T.ULONG),
                                        T.INT, pos))
            if not (lt.is_arithmetic and rt.is_arithmetic):
                self.error(node, f"invalid operands to binary {op} (have '{lt}' and '{rt}')")
            t = T.usual_arithmetic(lt, rt)
            return self.fold(Binary(op, self.convert(l, t), self.convert(r, t), T.INT, pos))
        if op in ("+", "-", "*", "/") and lt.is_arithmetic and rt.is_arithmetic and (
                isinstance(lt, T.FloatType) or isinstance(rt, T.FloatType)):
            t = T.usual_arithmetic(lt, rt)
            return self.fold(Binary(op, self.convert(l, t), self.convert(r, t), t, pos))
        if not (lt.is_integer and rt.is_integer):
            self.error(node, f"invalid operands to binary {op} (have '{lt}' and '{rt}')")
        if op in ("<<", ">>"):
            t = T.integer_promote(lt)
            return self.fold(Binary(op, self.convert(l, t), self.convert(r, T.INT), t, pos))
        t = T.usual_arithmetic(lt, rt)
        if op in ("/", "%") and isinstance(r, Const) and r.value == 0:
            self.warn(node, "division by zero [-Wdiv-by-zero]")
        return self.fold(Binary(op, self.convert(l, t), self.convert(r, t), t, pos))

    def pointer_add(self, op, p, i, node):
        base = p.type.base
        if not base.is_complete and not base.is_void:
            self.error(node, f"invalid use of undefined type '{base}'")
        if base.is_function:
            size = 1
        else:
            size = base.size
        offset = self.convert(i, T.LONG)
        if base.is_vla:                 # a pointer to a VLA steps by its run-time size
            scale = self.convert(self.vla_size(base, self.pos(node)), T.LONG)
            return Binary(op, p, Binary("*", offset, scale, T.LONG, self.pos(node)), p.type,
                          self.pos(node))
        if size != 1:
            offset = self.fold(Binary("*", offset, Const(size, T.LONG), T.LONG, self.pos(node)))
        return self.fold(Binary(op, p, offset, p.type, self.pos(node)))

    def fold(self, e):
        if isinstance(e, Binary) and isinstance(e.left, FloatConst) and \
                isinstance(e.right, FloatConst):
            v = _fold_float(e.op, e.left.value, e.right.value)
            if v is None:
                return e
            if e.type.is_integer:
                return Const(v, e.type, e.pos)
            return FloatConst(round_float(v, e.type), e.type, e.pos)
        if isinstance(e, Binary) and isinstance(e.left, Const) and isinstance(e.right, Const):
            t = e.left.type
            v = _fold_binary(e.op, e.left.value, e.right.value, t)
            if v is None:
                return e
            return Const(e.type.wrap(v) if e.type.is_integer else v & (2 ** 64 - 1), e.type,
                         e.pos)
        return e

    # -- conditional, assignment -----------------------------------------------------------
    def expr_TernaryOp(self, node):
        if node.iftrue is None:
            return self.omitted_middle(node)
        c = self.scalar(node.cond, "?:")
        a = self.value(node.iftrue)
        b = self.value(node.iffalse)
        at, bt = a.type, b.type
        if at.is_arithmetic and bt.is_arithmetic:
            t = T.usual_arithmetic(at, bt)
        elif at.is_void and bt.is_void:
            t = T.VOID
        elif at.is_pointer and bt.is_pointer:
            t = at if not at.base.is_void else bt
            if at.base.is_void and is_null_pointer_constant(a):
                t = bt
        elif at.is_pointer and is_null_pointer_constant(b):
            t = at
        elif bt.is_pointer and is_null_pointer_constant(a):
            t = bt
        elif at.is_pointer and bt.is_integer or bt.is_pointer and at.is_integer:
            self.warn(node, "pointer/integer type mismatch in conditional expression")
            t = at if at.is_pointer else bt
        elif at.is_record and at is bt:
            return self.record_conditional(c, a, b, node)
        else:
            self.error(node, "type mismatch in conditional expression")
        if isinstance(c, FloatConst):
            c = Const(int(c.value != 0), T.INT, c.pos)
        if isinstance(c, Const) and not t.is_void:
            return self.convert(a if c.value else b, t)
        if not t.is_void:
            a, b = self.convert(a, t), self.convert(b, t)
        return Conditional(c, a, b, t, self.pos(node))

    def record_conditional(self, c, a, b, node):
        """`c ? s1 : s2` of structure type as `*(c ? &s1 : &s2)`; an operand that is
        not an object (a call's result, an assignment) is first copied to a hidden
        temporary."""
        pt = T.PointerType(a.type)
        arms = []
        for x in (a, b):
            if is_lvalue(x) and not isinstance(x, BitFieldRef):
                arms.append(AddrOf(x, pt, x.pos))
            else:
                tmp = VarRef(self.temp_local(x.type, x.pos), x.type, x.pos)
                arms.append(Comma(Assign(tmp, x, x.type, x.pos), AddrOf(tmp, pt, x.pos),
                                  pt, x.pos))
        if isinstance(c, FloatConst):
            c = Const(int(c.value != 0), T.INT, c.pos)
        if isinstance(c, Const):
            p = arms[0] if c.value else arms[1]
        else:
            p = Conditional(c, arms[0], arms[1], pt, self.pos(node))
        return Deref(p, a.type, self.pos(node))

    def omitted_middle(self, node):
        """GNU `x ?: y`: x if it is nonzero, else y, with x evaluated once."""
        c = self.scalar(node.cond, "?:")
        f, line, col = self.pos(node)
        self.pedwarn((f, line, col + 1), "ISO C forbids omitting the middle term of a '?:' "
                                         "expression")
        if isinstance(c, (Const, FloatConst)):
            return self.expr_TernaryOp(c_ast.TernaryOp(node.cond, node.cond, node.iffalse,
                                                       node.coord))
        tmp = self.temp_local(c.type, self.pos(node))
        ref = VarRef(tmp, c.type, c.pos)
        save = Assign(ref, c, c.type, c.pos)
        b = self.value(node.iffalse)
        at, bt = c.type, b.type
        if at.is_arithmetic and bt.is_arithmetic:
            t = T.usual_arithmetic(at, bt)
        elif at.is_pointer and (bt.is_pointer or is_null_pointer_constant(b)):
            t = at
        else:
            self.error(node, "type mismatch in conditional expression")
        cond = Conditional(VarRef(tmp, c.type, c.pos), self.convert(VarRef(tmp, c.type, c.pos), t),
                           self.convert(b, t), t, self.pos(node))
        return Comma(save, cond, t, self.pos(node))

    def expr_Assignment(self, node):
        target = self.expr(node.lvalue)
        if not is_lvalue(target) or target.type.is_array or target.type.is_function:
            self.error(node, "lvalue required as left operand of assignment"
                       if not target.type.is_array else
                       f"assignment to expression with array type")
        if isinstance(target, VarRef) and target.sym.type is not None and \
                getattr(target.sym, "const", False):
            self.error(node, f"assignment of read-only variable '{target.sym.name}'")
        r = self.value(node.rvalue)
        op = node.op
        if op == "=":
            v = self.assign_convert(r, target.type, node.rvalue, "assignment")
            if isinstance(target, BitFieldRef):
                return self.bitfield_store(target, v)
            return Assign(target, v, target.type, self.pos(node))
        op = op[:-1]
        if isinstance(target, BitFieldRef):
            if not r.type.is_arithmetic:
                self.error(node, f"invalid operands to binary {op} (have '{target.type}' "
                                 f"and '{r.type}')")
            return self.bitfield_update(target, op, r, node)
        tt = target.type
        if tt.is_pointer and op in ("+", "-"):
            if not r.type.is_integer:
                self.error(node, f"invalid operands to binary {op}")
            size = tt.base.size
            offset = self.convert(r, T.LONG)
            if tt.base.is_vla:
                offset = Binary("*", offset, self.convert(self.vla_size(tt.base, r.pos), T.LONG),
                                T.LONG, r.pos)
                size = 1
            if size != 1:
                offset = self.fold(Binary("*", offset, Const(size, T.LONG), T.LONG, r.pos))
            return CompoundAssign(op, target, offset, tt, tt, self.pos(node))
        if not (tt.is_arithmetic and r.type.is_arithmetic) or (
                op not in ("+", "-", "*", "/") and not (tt.is_integer and r.type.is_integer)):
            self.error(node, f"invalid operands to binary {op} (have '{tt}' and '{r.type}')")
        if op in ("<<", ">>"):
            opt = T.integer_promote(tt)
            return CompoundAssign(op, target, self.convert(r, T.INT), opt, tt, self.pos(node))
        opt = T.usual_arithmetic(tt, r.type)
        return CompoundAssign(op, target, self.convert(r, opt), opt, tt, self.pos(node))

    # -- constant expressions --------------------------------------------------------------
    def constant_int(self, node, message):
        """The value of an integer constant expression; None (message None) or an error."""
        e = self.value(node)
        if isinstance(e, Const) and e.type.is_integer:
            return e.value
        if message is None:
            return None
        self.error(node, message)


def _finite(v):
    return v == v and v not in (float("inf"), float("-inf"))


def _fold_float(op, a, b):
    """A floating operation on constants, as IEEE arithmetic does it; None to leave it to
    run time (division by zero raises FP exceptions there)."""
    try:
        if op == "+":
            return a + b
        if op == "-":
            return a - b
        if op == "*":
            return a * b
        if op == "/":
            return a / b if b != 0 else None
    except OverflowError:
        return None
    cmp = {"==": a == b, "!=": a != b, "<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}
    return int(cmp[op]) if op in cmp else None


def _unqual_base(t):
    if isinstance(t, T.IntType):
        return T.IntType(t.kind, t.size, t.signed, t.plain_char)
    return t


def bitfield_type(m):
    """The type of bit-field member m as an expression: its declared type, `width` bits."""
    t = m.type
    return T.IntType(t.kind, t.size, t.signed, t.plain_char, t.enum_tag, m.bit_width)


for _kind in ("clz", "ctz", "popcount"):
    for _sfx, _t in (("", T.UINT), ("l", T.ULONG), ("ll", T.ULLONG)):
        setattr(ExprMixin, f"builtin___builtin_{_kind}{_sfx}",
                ExprMixin._bits_builtin(None, _kind, _t))
for _sfx, _t in (("", T.DOUBLE), ("f", T.FLOAT), ("l", T.LDOUBLE)):
    for _kind, _v in (("inf", float("inf")), ("huge_val", float("inf")), ("nan", float("nan"))):
        setattr(ExprMixin, f"builtin___builtin_{_kind}{_sfx}",
                lambda self, node, args, _t=_t, _v=_v, _n=f"__builtin_{_kind}{_sfx}":
                self._special_float(node, args, _t, _v, _n))
for _bits, _t in ((16, T.USHORT), (32, T.UINT), (64, T.ULONG)):
    setattr(ExprMixin, f"builtin___builtin_bswap{_bits}", ExprMixin._bits_builtin(None, "bswap", _t))
