"""The frontend: pycparser's AST -> the checked, typed tree (tree.py).

It keeps scopes, declares and redeclares (with GCC's "conflicting types" checks), walks
function bodies statement by statement and reports errors the way GCC does: it records
the error, abandons the statement, and goes on, so one run reports several errors.
Declarations are in declarators.py, expressions in expressions.py.
"""
from __future__ import annotations

import re

from pycparser import c_ast

from ..diagnostics import Diagnostic, ToolError
from ..target import Target
from . import types as T
from .declarators import DeclMixin
from .warnings import WarningsMixin
from .expressions import ExprMixin, is_lvalue
from .literals import parse_string
from .parser import Asm, CaseRange
from .scope import Bail, FunctionContext, Scope
from .tree import (Block, Break, CaseLabel, Const, Continue, DefaultLabel, DoWhile, Empty,
                   Builtin, Cast, Deref,
                   ExprStmt, For, Function, GlobalVar, Goto, If, Labeled, LocalDecl, Return,
                   Switch, Symbol, Unit, While, AsmOperand, AsmStmt, TopAsm, VarRef,
                   Assign, AddrOf)


def source_lines(text: str, filename: str) -> dict:
    """(file, line) -> text of that line, following GCC linemarkers in the .i text, so
    diagnostics can quote the original line."""
    lines = {}
    cur, n = filename, 1
    for raw in text.split("\n"):
        s = raw.lstrip()
        if s.startswith("#"):
            parts = s[1:].split()
            if parts and parts[0] == "line":
                parts = parts[1:]
            if parts and parts[0].isdigit():
                n = int(parts[0])
                if len(parts) > 1 and parts[1].startswith('"'):
                    cur = parts[1].strip('"')
                continue
        lines[(cur, n)] = raw
        n += 1
    return lines


def va_list_type(target: Target) -> T.CType:
    """`__builtin_va_list` as each ABI defines it."""
    if target.name == "x86_64":
        tag = T.StructType("__va_list_tag")
        tag.layout([("gp_offset", T.UINT), ("fp_offset", T.UINT),
                    ("overflow_arg_area", T.PointerType(T.VOID)),
                    ("reg_save_area", T.PointerType(T.VOID))])
        return T.ArrayType(tag, 1)
    st = T.StructType("__va_list")
    st.layout([("__stack", T.PointerType(T.VOID)), ("__gr_top", T.PointerType(T.VOID)),
               ("__vr_top", T.PointerType(T.VOID)), ("__gr_offs", T.INT),
               ("__vr_offs", T.INT)])
    return st


class Frontend(WarningsMixin, DeclMixin, ExprMixin):
    def __init__(self, text: str, filename: str, target: Target, warnings: bool = True):
        self.filename = filename
        self.target = target
        self.lines = source_lines(text, filename)
        self.warnings_on = warnings
        self.diags: list[Diagnostic] = []
        self.scopes = [Scope()]
        self.func: FunctionContext | None = None
        self.items = []
        self.static_locals = []
        self.file_symbols: dict[str, Symbol] = {}
        self.globals_by_name: dict[str, GlobalVar] = {}
        self.plain_char = T.plain_char(target.char_is_signed)
        self.va_list_type = va_list_type(target)
        self.static_counter = 0
        self.pending_decls = []
        self.end_coords = {}
        # `#pragma pack`: the maximum member alignment in force (None: natural) and the
        # stack push/pop work on, entries (identifier or None, alignment).
        self.pack_align = None
        self.pack_stack = []
        self.defined_records = {}       # id(c_ast.Struct/Union) -> (node, its StructType)
        # What is being analysed, for the position of an internal compiler error.
        self.where = None
        self.where_fn = None

    # -- diagnostics -----------------------------------------------------------------------
    def pos(self, node):
        if isinstance(node, tuple):
            return node
        c = getattr(node, "coord", None)
        if c is None:
            return (self.filename, 0, 0)
        return (c.file or self.filename, c.line or 0, c.column or 0)

    # gcc's warning flags: -Wall adds warnings, -Werror makes them errors (the option
    # tag becomes [-Werror=...]), -pedantic / -pedantic-errors report extensions.
    wall = False
    werror = False
    pedantic = None             # None | "warn" | "error"
    std = "gnu17"               # -std=: what C90 forbids is an error there
    werror_used = False

    def _diag(self, node, severity, msg):
        severity, msg = self.diagnostic_severity(severity, msg)    # (warnings.py)
        if severity is None:
            return
        f, line, col = self.display_pos(self.pos(node))
        self.diags.append(Diagnostic(f, line, col, severity, msg, self.source_line(f, line),
                                     function=self.where_fn))

    def record_error(self, node, msg):
        self._diag(node, "error", msg)

    def error(self, node, msg):
        self._diag(node, "error", msg)
        raise Bail()

    def warn(self, node, msg):
        self._diag(node, "warning", msg)        # (-w: diagnostic_severity drops it)

    def pedwarn(self, node, msg):
        """A -pedantic diagnostic: an extension used where ISO C has none."""
        if self.pedantic == "error":
            self._diag(node, "error", msg + " [-Wpedantic]")
        elif self.pedantic == "warn":
            self.warn(node, msg + " [-Wpedantic]")

    def note(self, node, msg):
        self._diag(node, "note", msg)

    def note_at(self, pos, msg):
        self._diag(pos, "note", msg)

    @property
    def has_errors(self):
        return any(d.is_error for d in self.diags)

    # -- scopes ----------------------------------------------------------------------------
    def lookup(self, name):
        for s in reversed(self.scopes):
            if name in s.names:
                return s.names[name]
        return None

    def lookup_tag(self, tag):
        for s in reversed(self.scopes):
            if tag in s.tags:
                return s.tags[tag]
        return None

    def declare_enum_const(self, e, value):
        scope = self.scopes[-1]
        if e.name in scope.names:
            self.error(e, f"redeclaration of enumerator '{e.name}'")
        scope.names[e.name] = Symbol(e.name, T.INT, "enumconst", value=value, pos=self.pos(e))

    # -- translation unit ------------------------------------------------------------------
    def run(self, ast) -> Unit:
        for ext in ast.ext:
            try:
                if isinstance(ext, c_ast.FuncDef):
                    self.function(ext)
                elif isinstance(ext, c_ast.Decl):
                    self.file_decl(ext)
                elif isinstance(ext, c_ast.Typedef):
                    self.typedef(ext)
                elif isinstance(ext, c_ast.StaticAssert):
                    self.static_assert(ext)
                elif isinstance(ext, Asm):
                    self.items.append(TopAsm(self.asm_template(ext), self.pos(ext)))
                elif isinstance(ext, c_ast.Pragma):
                    self.pragma(ext)
                else:
                    self.error(ext, f"not supported yet: {type(ext).__name__} at file "
                                    "scope")
            except Bail:
                self.func = None
                del self.scopes[1:]
        self.where_fn = None
        self.unit_end_warnings()        # (warnings.py)
        if self.werror_used:
            self.diags.append(Diagnostic(None, 0, 0, "", self.werror_summary(), tool="cc1"))
        if self.has_errors:
            raise ToolError(self.diags)
        return Unit(self.items + self.static_locals, self.filename, dict(self.file_symbols))

    # Pragmas gcc acts on or knows and ignores without -Wunknown-pragmas.
    _KNOWN_PRAGMAS = {"GCC", "once", "weak", "message", "redefine_extname", "push_macro",
                      "pop_macro", "scalar_storage_order"}

    def pragma(self, node):
        """A `#pragma` line (or `_Pragma`) where it stands in the translation unit."""
        text = node.string
        if isinstance(text, c_ast.Constant):
            text = parse_string(text.value)[0].rstrip(b"\0").decode("latin-1")
        text = (text or "").strip()
        word = re.match(r"[A-Za-z_]\w*", text)
        word = word.group(0) if word else ""
        if word == "pack":
            self.pragma_pack(node, text[4:].strip())
        elif word not in self._KNOWN_PRAGMAS and self.wflag("unknown-pragmas"):
            head = text if word != "STDC" else " ".join(text.split()[:2])
            f, line, _ = self.pos(node)         # (gcc gives the line alone)
            self.warn((f, line, 0), f"ignoring '#pragma {head}' [-Wunknown-pragmas]")

    def pragma_pack(self, node, rest):
        """`#pragma pack` as gcc takes it: (), (N), (push[, id][, N]), (pop[, id|N])."""
        def bad(msg):
            self.warn(node, msg + " [-Wpragmas]")
        if not rest.startswith("("):
            return bad("missing '(' after '#pragma pack' - ignored")
        m = re.fullmatch(r"\((.*)\)\s*", rest)
        args = [a.strip() for a in m.group(1).split(",")] if m else None
        if args == [""]:
            args = []
        if args is None or any(a == "" for a in args):
            return bad("malformed '#pragma pack(push[, id][, <n>])' - ignored")

        def number(a):
            try:
                n = int(a, 0)
            except ValueError:
                return "bad"
            if n not in (1, 2, 4, 8, 16):
                bad(f"alignment must be a small power of two, not {n}")
                return "bad"
            return n
        if not args:
            self.pack_align = None
        elif args[0] not in ("push", "pop"):
            if len(args) != 1 or (n := number(args[0])) == "bad":
                if len(args) != 1:
                    bad("malformed '#pragma pack' - ignored")
                return
            self.pack_align = n
        elif args[0] == "push":
            ident = n = None
            for a in args[1:]:
                if re.fullmatch(r"[A-Za-z_]\w*", a) and ident is None and n is None:
                    ident = a
                elif (n := number(a)) == "bad":
                    return
            self.pack_stack.append((ident, self.pack_align))
            if n is not None:
                self.pack_align = n
        else:
            ident = n = None
            for a in args[1:]:
                if re.fullmatch(r"[A-Za-z_]\w*", a) and ident is None:
                    ident = a
                elif (n := number(a)) == "bad":
                    return
            if ident is not None:
                depth = next((i for i in range(len(self.pack_stack) - 1, -1, -1)
                              if self.pack_stack[i][0] == ident), None)
                if depth is None:
                    return bad(f"'#pragma pack (pop, {ident})' encountered without "
                               f"matching '#pragma pack (push, {ident})'")
                self.pack_align = self.pack_stack[depth][1]
                del self.pack_stack[depth:]
            elif not self.pack_stack:
                return bad("'#pragma pack (pop)' encountered without matching "
                           "'#pragma pack (push)'")
            else:
                self.pack_align = self.pack_stack.pop()[1]
            if n is not None:
                self.pack_align = n

    def decl_attributes(self, node):
        """GNU attributes of a declaration, with `_Alignas` folded into "aligned"."""
        attrs = self.attributes(node)
        for a in getattr(node, "align", None) or []:
            if isinstance(a.alignment, c_ast.Typename):
                n = self.declared_type(a.alignment).align
            else:
                n = self.constant_int(a.alignment, "requested alignment is not an integer "
                                                   "constant")
                if n and n & (n - 1) or n < 0:
                    self.error(a, "requested alignment is not a positive power of 2")
            if n:
                attrs["aligned"] = max(attrs.get("aligned", 1), n)
        return attrs

    def typedef(self, node):
        attrs = self.attributes(node)
        if attrs.get("aligned") or attrs.get("packed"):
            self.error(node, "not supported yet: 'aligned' or 'packed' on a typedef")
        t = self.declared_type(node.type)
        scope = self.scopes[-1]
        old = scope.names.get(node.name)
        if old is not None:
            if old.kind != "typedef" or not T.same_type(old.type, t):
                self.error(node, f"conflicting types for '{node.name}'; have '{t}'")
            return
        scope.names[node.name] = Symbol(node.name, t, "typedef", pos=self.pos(node),
                                        const=self.is_const_object(node.type))

    file_decl_node = None       # (for "variably modified 'x' at file scope")

    def implicit_int(self, node):
        """C90's implicit int (`static n = 3;`): valid there, a warning since C99."""
        if id(node) in getattr(self.end_coords, "implicit_int", ()) and self.std not in (
                "c89", "c90", "gnu89", "gnu90", "iso9899:1990", "iso9899:199409"):
            self.wwarn(node, f"type defaults to 'int' in declaration of '{node.name}'",
                       "implicit-int")

    def file_decl(self, node):
        self.where, self.where_fn = self.pos(node), None
        self.file_decl_node = node
        self.implicit_int(node)
        try:
            self.file_decl_body(node)
        finally:
            self.file_decl_node = None

    def file_decl_body(self, node):
        if node.name is None:           # struct s { ... };  enum { A, B };
            self.declared_type(node.type)
            return
        t = self.declared_type(node.type)
        storage = node.storage or []
        if "typedef" in storage:
            return self.typedef(node)
        if t.is_function:
            sym = self.declare_function(node, t, "static" if "static" in storage else "extern",
                                        False)
            self.apply_attributes(sym, self.decl_attributes(node))
            return
        kind = "static" if "static" in storage else "extern" if "extern" in storage else "global"
        sym = self.declare_object(node, t, kind)
        sym.const = self.is_const_object(node.type)
        self.apply_attributes(sym, self.decl_attributes(node))
        if node.init is not None:
            if kind == "extern":
                self.warn(node, f"'{node.name}' initialized and declared 'extern'")
                sym.storage = "global"
            if sym.defined and self.globals_by_name.get(node.name) is not None and \
                    self.globals_by_name[node.name].inits is not None:
                self.error(node, f"redefinition of '{node.name}'")
            t2, inits = self.initializer(sym.type, node.init, True)
            sym.type = t2
            inits = self.lower_bitfield_inits(sym, inits, True)
            self.check_static_inits(inits, node)
            self.define_global(sym, inits, node)
        elif kind != "extern":
            if sym.type.is_array and sym.type.length is None:
                # A tentative `int a[];` becomes `int a[1];` at the end (GCC warns).
                pass
            if not sym.type.is_complete and not sym.type.is_array:
                self.error(node, f"storage size of '{node.name}' isn't known")
            self.define_global(sym, None, node)

    def define_global(self, sym, inits, node):
        sym.defined = True
        g = self.globals_by_name.get(sym.name)
        if g is None:
            g = GlobalVar(sym, inits, self.pos(node))
            self.globals_by_name[sym.name] = g
            self.items.append(g)
        elif inits is not None:
            g.inits = inits

    def declare_object(self, node, t, kind):
        name = node.name
        old = self.scopes[0].names.get(name)
        if old is not None:
            if old.kind != "var":
                self.error(node, f"'{name}' redeclared as different kind of symbol")
            if not T.same_type(old.type, t):
                self.record_error(node, f"conflicting types for '{name}'; have '{t}'")
                self.note_at(old.pos, f"previous declaration of '{name}' with type '{old.type}'")
                raise Bail()
            if old.type.is_array and old.type.length is None and t.is_array:
                old.type = t
            if kind == "static" and old.storage != "static":
                self.error(node, f"static declaration of '{name}' follows non-static declaration")
            if kind == "global" and old.storage == "extern":
                old.storage = "global"
            return old
        sym = Symbol(name, t, "var", kind, asm_name=name, pos=self.pos(node))
        self.scopes[0].names[name] = sym
        self.file_symbols[name] = sym
        return sym

    def declare_function(self, node, t, storage, defining):
        name = node.name
        scope = self.scopes[0] if defining or self.func is None else self.scopes[-1]
        old = self.lookup(name) if not defining else self.scopes[0].names.get(name)
        if old is None and self.func is not None:
            old = self.file_symbols.get(name)
        if old is not None and old.kind == "func":
            if not T.same_type(old.type, t):
                self.record_error(node, f"conflicting types for '{name}'; have "
                                        f"'{_fn_str(t)}'")
                self.note_at(old.pos, f"previous {'definition' if old.defined else 'declaration'}"
                                      f" of '{name}' with type '{_fn_str(old.type)}'")
                raise Bail()
            if defining and old.defined:
                self.record_error(node, f"redefinition of '{name}'")
                self.note_at(old.pos, f"previous definition of '{name}' with type "
                                      f"'{_fn_str(old.type)}'")
                raise Bail()
            if t.prototyped and not old.type.prototyped or defining:
                old.type = t if t.prototyped or not old.type.prototyped else old.type
            if defining:
                old.pos = self.pos(node)
            if storage == "static" and old.storage != "static" and defining:
                self.error(node, f"static declaration of '{name}' follows non-static declaration")
            scope.names[name] = old
            return old
        if old is not None and scope is self.scopes[0] and name in self.scopes[0].names:
            self.error(node, f"'{name}' redeclared as different kind of symbol")
        sym = Symbol(name, t, "func", storage, asm_name=name, pos=self.pos(node))
        scope.names[name] = sym
        self.scopes[0].names.setdefault(name, sym)
        self.file_symbols.setdefault(name, sym)
        return sym

    def check_static_inits(self, inits, node):
        for init in inits:
            if init.expr is not None and not self.is_static_constant(init.expr):
                self.error(node.init if node.init is not None else node,
                           "initializer element is not constant")

    def is_static_constant(self, e):
        from .constinit import static_value
        return static_value(e) is not None

    # -- functions -------------------------------------------------------------------------
    def function(self, fdef):
        decl = fdef.decl
        self.where, self.where_fn = self.pos(decl), decl.name
        ftype = self.declared_type(decl.type)
        if fdef.param_decls:
            ftype = self.knr_type(fdef, ftype)
        storage = "static" if "static" in (decl.storage or []) else "global"
        if ftype.ret.is_record and not ftype.ret.is_complete:
            self.error(decl, f"return type is an incomplete type")
        sym = self.declare_function(decl, ftype, storage, True)
        self.apply_attributes(sym, self.decl_attributes(decl))
        if sym.storage == "extern":
            sym.storage = "global"
        sym.defined = True
        ctx = FunctionContext(sym)
        self.func = ctx
        self.scopes.append(Scope())
        ctx.scope = self.scopes[-1]
        params = []
        try:
            for i, p in enumerate(ftype.params):
                if p.name is None:
                    self.error(decl, "parameter name omitted")
                if p.type.is_record and not p.type.is_complete:
                    self.error(decl, f"parameter {i + 1} ('{p.name}') has incomplete type")
                ps = Symbol(p.name, p.type, "var", "param", pos=self.pos(decl), param_index=i)
                self.scopes[-1].names[p.name] = ps
                params.append(ps)
            entry = self.vla_parameters(decl, params)
            body = self.compound(fdef.body, new_scope=False)
            body.items[:0] = entry + [
                ExprStmt(Assign(VarRef(s, s.type), Const(0, s.type), s.type)) for s in
                ctx.vla_saves]
            self.check_vla_jumps(ctx)
        finally:
            self.scopes.pop()
            self.func = None
        # (-Wunused-variable and the other warnings on the whole function: warnings.py)
        for name, pos in ctx.gotos:
            if name not in ctx.labels:
                self.record_error(pos, f"label '{name}' used but not defined")
        start = self.pos(fdef.body)
        end = self.end_coords.get(id(fdef.body), start)
        fn = Function(sym, params, body, ctx.locals, ctx.calls, start, end, ctx.uses_va_start)
        # GCC emits a `static inline` function only if something uses it.
        fn.inline_static = storage == "static" and "inline" in (decl.funcspec or [])
        fn.dynamic_stack = ctx.dynamic_stack
        self.items.append(fn)

    def vla_parameters(self, decl, params):
        """Parameters of variably modified type (`int n, int a[][n]`): their sizes are
        computed on entry, in order, with the parameters before them in scope."""
        fdecl = decl.type
        while not isinstance(fdecl, c_ast.FuncDecl):
            fdecl = fdecl.type
        if fdecl.args is None or not any(_variably_modified(p.type) for p in params):
            return []
        nodes = [p for p in fdecl.args.params if not isinstance(p, c_ast.EllipsisParam)]
        self.live_params = True
        self.in_params += 1
        try:
            for ps, pnode in zip(params, nodes):
                if _variably_modified(ps.type):
                    ps.type = T.decay_param(self.declared_type(pnode.type))
        finally:
            self.in_params -= 1
            self.live_params = False
        return self.take_pending()

    def check_vla_jumps(self, ctx):
        """A goto may not jump into the scope of a VLA (C11 6.8.6.1p1)."""
        for name, pos, vlas in ctx.goto_vlas:
            there = ctx.label_vlas.get(name)
            if there is None:
                continue
            entered = [v for v in there[1] if v not in vlas]
            if entered:
                self.record_error(pos, "jump into scope of identifier with variably "
                                       "modified type")
                self.note_at(there[0], f"label '{name}' defined here")
                self.note_at(entered[0].pos, f"'{entered[0].name}' declared here")

    def active_vlas(self):
        return [v for s in self.scopes for v in s.vlas]

    def knr_type(self, fdef, ftype):
        """An old-style definition `int f(a, b) int a; char *b; { ... }`."""
        types = {}
        for d in fdef.param_decls:
            types[d.name] = T.decay_param(self.declared_type(d.type))
        names = [p.name for p in fdef.decl.type.args.params]
        params = tuple(T.Param(n, types.get(n, T.INT)) for n in names)
        return T.FunctionType(ftype.ret, params, False, prototyped=False)

    # -- statements ------------------------------------------------------------------------
    def compound(self, node, new_scope=True, free_vlas=True):
        if new_scope:
            self.scopes.append(Scope())
        scope = self.scopes[-1]
        saves_before = len(self.func.vla_saves) if self.func else 0
        items = []
        try:
            for item in node.block_items or []:
                try:
                    items.extend(self.block_item(item))
                except Bail:
                    pass
        finally:
            if new_scope:
                self.scopes.pop()
        if scope.vla_save is not None and new_scope and free_vlas:
            # Leaving the block frees its VLAs: sp back where it was before the first.
            save = scope.vla_save
            nested = [s for s in self.func.vla_saves[saves_before:] if s is not save]
            scope.vla_zero.items.extend(
                ExprStmt(Assign(VarRef(s, s.type), Const(0, s.type), s.type)) for s in nested)
            if not (items and isinstance(items[-1], (Return, Goto))):
                items.append(ExprStmt(Builtin("stack_restore", [VarRef(save, save.type)],
                                              T.VOID)))
                items.append(ExprStmt(Assign(VarRef(save, save.type), Const(0, save.type),
                                             save.type)))
        return Block(items, self.pos(node), self.end_coords.get(id(node)))

    def block_item(self, node):
        if isinstance(node, c_ast.Decl):
            return self.local_decl(node)
        if isinstance(node, c_ast.Typedef):
            self.typedef(node)
            return self.take_pending()      # (a VLA type's size is computed here)
        if isinstance(node, c_ast.DeclList):
            out = []
            for d in node.decls:
                out.extend(self.local_decl(d))
            return out
        if isinstance(node, c_ast.StaticAssert):
            self.static_assert(node)
            return []
        if isinstance(node, c_ast.Pragma):
            self.pragma(node)
            return []
        return [self.stmt(node)]

    def local_decl(self, node):
        self.implicit_int(node)
        if node.name is None:
            self.declared_type(node.type)
            return []
        storage = node.storage or []
        if "typedef" in storage:
            self.typedef(node)
            return []
        t = self.declared_type(node.type)
        name = node.name
        scope = self.scopes[-1]
        if t.is_vla:
            return self.vla_decl(node, t, storage)
        if t.is_function:
            sym = self.declare_function(node, t, "extern", False)
            self.apply_attributes(sym, self.decl_attributes(node))
            return []
        attrs = self.decl_attributes(node)
        old = scope.names.get(name)
        if old is not None and not ("extern" in storage and old.storage == "extern"):
            self.record_error(node, f"redeclaration of '{name}' with no linkage"
                              if old.kind == "var" and T.same_type(old.type, t) else
                              f"conflicting types for '{name}'; have '{t}'")
            self.note_at(old.pos, f"previous declaration of '{name}' with type '{old.type}'")
            raise Bail()
        if "extern" in storage:
            sym = self.scopes[0].names.get(name)
            if sym is None:
                sym = Symbol(name, t, "var", "extern", asm_name=name, pos=self.pos(node))
                self.file_symbols.setdefault(name, sym)
            scope.names[name] = sym
            return []
        if "static" in storage:
            sym = Symbol(name, t, "var", "static", asm_name=f"{name}.{self.static_counter}",
                         pos=self.pos(node), is_local_static=True,
                         const=self.is_const_object(node.type))
            self.static_counter += 1
            self.apply_attributes(sym, attrs)
            scope.names[name] = sym
            inits = None
            if node.init is not None:
                t2, inits = self.initializer(t, node.init, True)
                sym.type = t2
                inits = self.lower_bitfield_inits(sym, inits, True)
                self.check_static_inits(inits, node)
            elif not t.is_complete:
                self.error(node, f"storage size of '{name}' isn't known")
            sym.defined = True
            self.static_locals.append(GlobalVar(sym, inits, self.pos(node)))
            return []
        if t.is_void:
            self.error(node, f"variable or field '{name}' declared void")
        sym = Symbol(name, t, "var", "auto", pos=self.pos(node),
                     const=self.is_const_object(node.type))
        self.apply_attributes(sym, attrs)
        if "section" in attrs:
            self.record_error(node, f"section attribute cannot be specified for local "
                                    "variables")
        if (sym.align or 1) > 16:
            self.error(node, "not supported yet: local variables aligned to more than 16 "
                             "bytes")
        # The name is in scope in its own initializer (C11 6.2.1p7).
        scope.names[name] = sym
        inits = None
        zero = False
        if node.init is not None:
            t2, inits = self.initializer(t, node.init, False)
            sym.type = t2
            if t2.is_array or t2.is_record:
                zero = self.covered_bytes(inits) < t2.size
            if any(getattr(i, "bits", None) for i in inits):
                zero = True
                inits = self.lower_bitfield_inits(sym, inits, False)
        if not sym.type.is_complete:
            self.error(node, f"storage size of '{name}' isn't known" if not sym.type.is_array
                       else f"array size missing in '{name}'")
        self.func.locals.append(sym)
        out = self.take_pending()
        out.append(LocalDecl(sym, inits, zero, self.pos(node)))
        return out

    def vla_decl(self, node, t, storage):
        """`T a[n];`: its storage is allocated on the stack where the declaration stands
        (__builtin_alloca) and found through a hidden pointer; the block saves sp before
        its first VLA and restores it on leaving (and when control comes back to that
        point again, by a loop or a goto), as GCC does."""
        name = node.name
        if "static" in storage or "extern" in storage:
            if "extern" in storage:
                self.record_error(node, "object with variably modified type must have no "
                                        "linkage")
            self.error(node, f"storage size of '{name}' isn't constant")
        if node.init is not None:
            c = getattr(node.type, "coord", None)
            self.error(self.decl_start(node), "variable-sized object may not be initialized")
        scope = self.scopes[-1]
        old = scope.names.get(name)
        if old is not None:
            self.record_error(node, f"redeclaration of '{name}' with no linkage")
            self.note_at(old.pos, f"previous declaration of '{name}' with type '{old.type}'")
            raise Bail()
        pos = self.pos(node)
        ptr = Symbol("__vla_" + name, T.PointerType(t), "var", "auto", pos=pos, used=True)
        sym = Symbol(name, t, "var", "auto", pos=pos, vla_ptr=ptr,
                     const=self.is_const_object(node.type))
        self.func.locals.append(ptr)
        self.func.dynamic_stack = True
        out = []
        if scope.vla_save is None:
            vp = T.PointerType(T.VOID)
            save = Symbol("__vla_sp", vp, "var", "auto", pos=pos, used=True)
            self.func.locals.append(save)
            self.func.vla_saves.append(save)
            scope.vla_save = save
            scope.vla_zero = Block([], pos)
            out.append(If(VarRef(save, vp), ExprStmt(Builtin(
                "stack_restore", [VarRef(save, vp)], T.VOID)), None, pos))
            out.append(ExprStmt(Assign(VarRef(save, vp), Builtin("stack_save", [], vp), vp),
                                pos))
            out.append(scope.vla_zero)
        out.extend(self.take_pending())
        alloca = Builtin("alloca", [VarRef(t.size_var, T.ULONG, pos)], T.PointerType(T.VOID),
                         pos)
        out.append(ExprStmt(Assign(VarRef(ptr, ptr.type, pos), Cast(alloca, ptr.type, pos),
                                   ptr.type, pos), pos))
        scope.names[name] = sym
        scope.vlas.append(sym)
        return out

    def decl_start(self, node):
        """Where a declaration's specifiers start (GCC's position for some errors)."""
        t = node.type
        while not isinstance(t, c_ast.TypeDecl) and hasattr(t, "type"):
            t = t.type
        inner = getattr(t, "type", None)
        c = getattr(inner, "coord", None) or getattr(t, "coord", None)
        return (c.file or self.filename, c.line, c.column) if c else node

    def take_pending(self):
        out, self.pending_decls = self.pending_decls, []
        return out

    def stmt(self, node):
        self.where = self.pos(node)
        method = getattr(self, "stmt_" + type(node).__name__, None)
        if method is None:
            # An expression statement.
            e = self.expr(node)
            pending = self.take_pending()
            s = ExprStmt(self.rvalue(e) if not e.type.is_array else e, self.pos(node))
            return Block(pending + [s], s.pos) if pending else s
        s = method(node)
        if self.pending_decls:
            pending, self.pending_decls = self.pending_decls, []
            if all(isinstance(p, ExprStmt) for p in pending):
                return Block(pending + [s], s.pos)      # VLA sizes (sizeof (int[n]))
            self.error(node, "not supported yet: compound literals in this position")
        return s

    def cond(self, node):
        e = self.value(node)
        if not e.type.is_scalar:
            self.error(node, f"used {self.type_word(e.type)} type value where scalar is "
                             "required")
        return e

    def sub_stmt(self, node):
        try:
            return self.stmt(node) if node is not None else Empty()
        except Bail:
            return Empty()

    def stmt_Compound(self, node):
        return self.compound(node)

    def stmt_EmptyStatement(self, node):
        return Empty(self.pos(node))

    def stmt_If(self, node):
        c = self.cond(node.cond)
        then = self.scoped(node.iftrue)
        other = self.scoped(node.iffalse) if node.iffalse is not None else None
        return If(c, then, other, self.pos(node))

    def scoped(self, node):
        """A secondary block is a scope of its own (C11 6.8.4p3)."""
        self.scopes.append(Scope())
        try:
            return self.sub_stmt(node)
        finally:
            self.scopes.pop()

    def loop_body(self, node):
        self.func.breakable += 1
        self.func.continuable += 1
        try:
            return self.scoped(node)
        finally:
            self.func.breakable -= 1
            self.func.continuable -= 1

    def stmt_While(self, node):
        c = self.cond(node.cond)
        return While(c, self.loop_body(node.stmt), self.pos(node))

    def stmt_DoWhile(self, node):
        body = self.loop_body(node.stmt)
        return DoWhile(body, self.cond(node.cond), self.pos(node))

    def stmt_For(self, node):
        self.scopes.append(Scope())
        try:
            init = None
            if isinstance(node.init, c_ast.DeclList):
                if self.std in ("c89", "c90", "gnu89", "gnu90", "iso9899:1990",
                                "iso9899:199409"):
                    self.record_error(node, "'for' loop initial declarations are only "
                                            "allowed in C99 or C11 mode")
                    self.note(node, "use option '-std=c99', '-std=gnu99', '-std=c11' or "
                                    "'-std=gnu11' to compile your code")
                items = []
                for d in node.init.decls:
                    items.extend(self.local_decl(d))
                init = Block(items, self.pos(node.init))
            elif node.init is not None:
                init = self.rvalue(self.expr(node.init))
            c = self.cond(node.cond) if node.cond is not None else None
            step = self.rvalue(self.expr(node.next)) if node.next is not None else None
            body = self.loop_body(node.stmt)
            return For(init, c, step, body, self.pos(node))
        finally:
            self.scopes.pop()

    def stmt_Switch(self, node):
        e = self.value(node.cond)
        if not e.type.is_integer:
            self.error(node.cond, "switch quantity not an integer")
        e = self.convert(e, T.integer_promote(e.type))
        sw = Switch(e, None, pos=self.pos(node))
        self.func.switches.append(sw)
        sw.vlas = self.active_vlas()
        self.func.breakable += 1
        try:
            sw.body = self.scoped(node.stmt)
        finally:
            self.func.breakable -= 1
            self.func.switches.pop()
        return sw

    def stmt_Case(self, node):
        if not self.func.switches:
            self.error(node, "case label not within a switch statement")
        sw = self.func.switches[-1]
        self.check_switch_vlas(sw, node)
        high = None
        if isinstance(node.expr, CaseRange):        # GNU `case lo ... hi:`
            self.pedwarn(node, "range expressions in switch statements are non-standard")
            v = self.constant_int(node.expr.low, "case label does not reduce to an integer "
                                                 "constant")
            high = self.constant_int(node.expr.high, "case label does not reduce to an "
                                                     "integer constant")
            v, high = sw.expr.type.wrap(v), sw.expr.type.wrap(high)
            if high < v:
                self.warn(node, "empty range specified")
                label = CaseLabel(v, None, self.pos(node), high=None)
                label.stmt = self.labeled_body(node.stmts, node)
                return label.stmt
        else:
            v = self.constant_int(node.expr, "case label does not reduce to an integer "
                                             "constant")
            v = sw.expr.type.wrap(v)
        top = v if high is None else high
        for c in sw.cases:
            chigh = c.value if c.high is None else c.high
            if c.value <= top and v <= chigh:
                self.record_error(node, "duplicate (or overlapping) case value"
                                  if high is not None else "duplicate case value")
                self.note_at(c.pos, "this is the first entry overlapping that value"
                             if high is not None else "previously used here")
                raise Bail()
        label = CaseLabel(v, None, self.pos(node), high=high)
        sw.cases.append(label)
        label.stmt = self.labeled_body(node.stmts, node)
        return label

    def stmt_Default(self, node):
        if not self.func.switches:
            self.error(node, "'default' label not within a switch statement")
        sw = self.func.switches[-1]
        self.check_switch_vlas(sw, node)
        if sw.default is not None:
            self.record_error(node, "multiple default labels in one switch")
            self.note_at(sw.default.pos, "this is the first default label")
            raise Bail()
        label = DefaultLabel(None, self.pos(node))
        sw.default = label
        label.stmt = self.labeled_body(node.stmts, node)
        return label

    def check_switch_vlas(self, sw, node):
        entered = [v for v in self.active_vlas() if v not in sw.vlas]
        if entered:
            self.record_error(node, "switch jumps into scope of identifier with variably "
                                    "modified type")
            self.note_at(sw.pos, "switch starts here")
            self.note_at(entered[0].pos, f"'{entered[0].name}' declared here")

    def labeled_body(self, stmts, node):
        # pycparser hangs the statements up to the next label on a case.
        items = []
        for s in stmts or []:
            try:
                items.extend(self.block_item(s))
            except Bail:
                pass
        return Block(items, self.pos(node)) if len(items) != 1 else items[0]

    def stmt_Label(self, node):
        if node.name in self.func.labels:
            self.record_error(node, f"duplicate label '{node.name}'")
            self.note_at(self.func.labels[node.name], f"previous definition of '{node.name}' "
                                                      "was here")
            raise Bail()
        self.func.labels[node.name] = self.pos(node)
        self.func.label_vlas[node.name] = (self.pos(node), self.active_vlas())
        return Labeled(node.name, self.sub_stmt(node.stmt), self.pos(node))

    def stmt_Goto(self, node):
        self.func.gotos.append((node.name, self.pos(node)))
        self.func.goto_vlas.append((node.name, self.pos(node), self.active_vlas()))
        return Goto(node.name, self.pos(node))

    def stmt_Break(self, node):
        if not self.func.breakable:
            self.error(node, "break statement not within loop or switch")
        return Break(self.pos(node))

    def stmt_Continue(self, node):
        if not self.func.continuable:
            self.error(node, "continue statement not within a loop")
        return Continue(self.pos(node))

    # -- inline assembly -------------------------------------------------------------------
    def asm_template(self, node):
        return self.expr(node.template).data[:-1].decode("latin-1")

    def stmt_Asm(self, node):
        """GNU asm. Operands are staged through hidden locals, as GCC -O0 does through
        the frame: inputs are computed into them before the asm, outputs stored back
        to their lvalues after it."""
        template = self.asm_template(node)
        pos = self.pos(node)
        if not node.outputs and not node.inputs and not node.clobbers:
            return AsmStmt(template, [], [], True, pos)
        before, after, ops = [], [], []
        x86 = self.target.name == "x86_64"
        names = {}
        for i, (name, cnode, enode) in enumerate(node.outputs):
            c = self.expr(cnode).data[:-1].decode()
            if not c or c[0] not in "=+":
                self.error(cnode, f"output operand constraint lacks '='")
            early = "&" in c
            letters = c.lstrip("=+").replace("&", "")
            target = self.expr(enode)
            if not is_lvalue(target) or target.type.is_array or target.type.is_function:
                self.error(enode, f"invalid lvalue in 'asm' output {i}")
            op = self.asm_operand(name, c, letters, target, enode, x86, output=True)
            op.early = early
            if c[0] == "+" and op.kind == "reg":
                op.load = True
                before.append(ExprStmt(Assign(VarRef(op.slot, op.type), self.rvalue(target),
                                              op.type, pos), pos))
            if op.kind == "reg":
                op.store = True
                after.append(ExprStmt(Assign(target, VarRef(op.slot, op.type), target.type,
                                             pos), pos))
            elif op.kind == "mem":
                before.append(ExprStmt(Assign(VarRef(op.slot, op.slot.type),
                                              AddrOf(target, op.slot.type, pos),
                                              op.slot.type, pos), pos))
            ops.append(op)
        n_out = len(ops)
        for name, cnode, enode in node.inputs:
            c = self.expr(cnode).data[:-1].decode()
            if c[:1] in "=+":
                self.error(cnode, f"input operand constraint contains '{c[0]}'")
            if c.isdigit() or (c.startswith("[") and c.endswith("]")):
                tie = int(c) if c.isdigit() else next(
                    (k for k, o in enumerate(ops[:n_out]) if o.name == c[1:-1]), None)
                if tie is None or tie >= n_out:
                    self.error(cnode, "matching constraint references invalid operand "
                                      "number")
                out = ops[tie]
                v = self.assign_convert(self.value(enode), out.type, enode, "assignment") \
                    if out.type.is_scalar else self.value(enode)
                slot = self.temp_local(out.type, pos)
                before.append(ExprStmt(Assign(VarRef(slot, out.type), v, out.type, pos), pos))
                ops.append(AsmOperand(name, c, "reg", out.type, slot, load=True, tie=tie))
                continue
            letters = c.replace("&", "")
            e = self.expr(enode)
            op = self.asm_operand(name, c, letters, e, enode, x86, output=False)
            if op.kind == "reg":
                v = self.rvalue(e)
                if v.type.is_integer and v.type.size < 4:
                    v = self.convert(v, T.integer_promote(v.type))
                op.type = v.type
                op.slot = self.temp_local(v.type, pos)
                op.load = True
                before.append(ExprStmt(Assign(VarRef(op.slot, v.type), v, v.type, pos), pos))
            elif op.kind == "mem":
                before.append(ExprStmt(Assign(VarRef(op.slot, op.slot.type),
                                              AddrOf(e, op.slot.type, pos),
                                              op.slot.type, pos), pos))
            ops.append(op)
        clobbers = [self.expr(c).data[:-1].decode() for c in node.clobbers]
        stmt = AsmStmt(template, ops, clobbers, False, pos)
        return Block(self.take_pending() + before + [stmt] + after, pos)

    def asm_operand(self, name, c, letters, e, enode, x86, output):
        """Choose how one operand is passed, from its constraint letters."""
        t = e.type
        fixed = [ch for ch in letters if x86 and ch in _X86_FIXED]
        if fixed:
            kind, reg = "reg", _X86_FIXED[fixed[0]]
        elif any(ch in letters for ch in "rgq") or (not x86 and "w" in letters and False):
            kind, reg = "reg", None
        elif "m" in letters or "o" in letters or "Q" in letters and not x86:
            kind, reg = "mem", None
        elif not output and any(ch in letters for ch in "inIJKLMNO"):
            v = self.constant_int(enode, "impossible constraint in 'asm'")
            return AsmOperand(name, c, "imm", t, value=v)
        else:
            self.error(enode, f"not supported yet: asm constraint '{c}'")
        if kind == "reg":
            if not (t.is_integer or t.is_pointer):
                self.error(enode, f"not supported yet: asm register operand of type '{t}'")
            return AsmOperand(name, c, "reg", t, self.temp_local(t, self.pos(enode)), reg=reg)
        if not is_lvalue(e):
            self.error(enode, "memory input is not directly addressable")
        pt = T.PointerType(t)
        return AsmOperand(name, c, "mem", t, self.temp_local(pt, self.pos(enode)))

    def stmt_Return(self, node):
        ret = self.func.sym.type.ret
        name = self.func.sym.name
        if node.expr is None:
            if not ret.is_void:
                self.return_type_pedwarn(node, "'return' with no value, in function "
                                               "returning non-void", self.func.sym)
            return Return(None, self.pos(node))
        e = self.value(node.expr)
        if ret.is_void:
            if not e.type.is_void:
                self.return_type_pedwarn(node.expr, "'return' with a value, in function "
                                                    "returning void", self.func.sym)
            pending = self.take_pending()
            s = Return(None, self.pos(node))
            return Block(pending + [ExprStmt(e, e.pos), s], s.pos)
        e = self.assign_convert(e, ret, node.expr, "return")
        pending = self.take_pending()
        s = Return(e, self.pos(node))
        return Block(pending + [s], s.pos) if pending else s


_X86_FIXED = {"a": "rax", "b": "rbx", "c": "rcx", "d": "rdx", "S": "rsi", "D": "rdi"}


def _fn_str(t):
    """GCC writes function types in messages without the space: `int(int,  int)`."""
    return str(t).replace(" (", "(")


def analyse(ast, end_coords, text, filename, target, warnings=True, fe=None
            ) -> tuple[Unit, list]:
    fe = fe or Frontend(text, filename, target, warnings)
    fe.end_coords = end_coords
    unit = fe.run(ast)
    return unit, fe.diags


def _variably_modified(t):
    """A VLA type, or one derived from one (a pointer to a VLA...)."""
    while t.is_pointer or t.is_array:
        if t.is_vla:
            return True
        t = t.base
    return False
