"""Declarations: C types from pycparser's specifier/declarator nodes, struct/union/enum
definitions, and initializers (brace elision, designators, strings into char arrays).

A mixin of `frontend.Frontend`; it uses the frontend's scopes and diagnostics.
"""
from __future__ import annotations

import re

from pycparser import c_ast
from pycparser.c_parser import Coord

from . import types as T
from .parser import gnu_attributes
from .tree import Assign, Binary, Const, ExprStmt, Init, Member, StringLit, Symbol, VarRef
from .scope import Bail

# GNU attributes that are accepted and change nothing we generate at -O0 (hints for the
# optimizer and for warnings we do not give), so GCC's -O0 code has them no effect either.
_IGNORED_ATTRIBUTES = {
    "format", "format_arg", "nonnull", "pure", "const", "malloc", "warn_unused_result",
    "deprecated", "always_inline", "noinline", "cold", "hot", "used", "nothrow", "leaf",
    "returns_nonnull", "sentinel", "fallthrough", "may_alias", "visibility", "gnu_inline",
    "artificial", "optimize", "no_instrument_function", "noclone", "flatten",
    "alloc_size", "access", "transparent_union", "externally_visible", "unavailable",
    "no_sanitize", "no_stack_protector", "noipa", "nonstring", "designated_init",
    "warning", "error", "tls_model", "copy", "target", "mode", "vector_size",
}
# Attributes that are honoured (see attributes()).
_HONOURED_ATTRIBUTES = {"packed", "aligned", "noreturn", "unused", "section", "weak",
                        "asm", "maybe_unused", "nodiscard", "constructor", "destructor"}

_INT_WORDS = {"char", "short", "int", "long", "signed", "unsigned", "_Bool", "__int128"}
_FLOAT_WORDS = {"float", "double"}


class DeclMixin:
    # -- GNU attributes --------------------------------------------------------------------
    def attributes(self, node) -> dict:
        """The honoured attributes of a declaration, struct or member, by name:
        packed/noreturn/unused/weak -> True, aligned -> int, section/asm -> str.
        Attributes GCC would ignore are warned about as GCC does."""
        out = {}
        for a in gnu_attributes(node):
            name = a.name
            args = a.arguments.exprs if a.arguments is not None else []
            if name in ("mode", "vector_size") and a.namespace == "gnu":
                self.error(a, f"not supported yet: the '{name}' attribute")
            if name in _IGNORED_ATTRIBUTES:
                continue
            if name not in _HONOURED_ATTRIBUTES:
                self.warn(a, f"'{name}' attribute directive ignored [-Wattributes]")
                continue
            if name == "aligned":
                if args:
                    n = self.constant_int(args[0], "requested alignment is not an "
                                                   "integer constant")
                    if n <= 0 or n & (n - 1):
                        self.error(a, "requested alignment is not a positive power of 2")
                else:
                    n = 16          # the biggest alignment of any type, on both targets
                out["aligned"] = max(out.get("aligned", 1), n)
            elif name in ("section", "asm"):
                if len(args) != 1 or not (isinstance(args[0], c_ast.Constant) and
                                          args[0].type == "string"):
                    self.error(a, f"{name} attribute argument not a string constant"
                               if name == "section" else "expected string literal")
                out[name] = self.expr(args[0]).data[:-1].decode("latin-1")
            elif name in ("constructor", "destructor"):
                # The priority orders the calls (.init_array.NNNNN sections, sorted by the
                # linker); without one, the plain section runs after all numbered ones.
                prio = 65535
                if args:
                    prio = self.constant_int(args[0], f"{name} priorities must be integers")
                    if not 0 <= prio <= 65535:
                        self.error(a, f"{name} priorities must be integers from 0 to 65535 "
                                      "inclusive")
                out[name] = prio
            elif name == "maybe_unused":
                out["unused"] = True
            elif name != "nodiscard":
                out[name] = True
        return out

    def apply_attributes(self, sym, attrs):
        """Give a declared object or function what its attributes say."""
        if "aligned" in attrs:
            sym.align = max(sym.align or 1, attrs["aligned"])
        if "section" in attrs:
            sym.section = attrs["section"]
        if attrs.get("weak"):
            sym.weak = True
        if "constructor" in attrs:
            sym.constructor = attrs["constructor"]
        if "destructor" in attrs:
            sym.destructor = attrs["destructor"]
        if attrs.get("noreturn"):
            sym.noreturn = True
        if attrs.get("unused"):
            sym.unused_ok = True
        if "asm" in attrs:
            sym.asm_name = attrs["asm"]

    # -- specifiers ------------------------------------------------------------------------
    def specifier_type(self, node) -> T.CType:
        if isinstance(node, c_ast.IdentifierType):
            return self.named_type(node.names, node)
        if isinstance(node, (c_ast.Struct, c_ast.Union)):
            return self.record_type(node)
        if isinstance(node, c_ast.Enum):
            return self.enum_type(node)
        if isinstance(node, c_ast.TypeOf):
            # GNU typeof / C23 typeof: of a type name, or of an expression (not evaluated).
            if isinstance(node.expr, c_ast.Typename):
                return self.declared_type(node.expr)
            t = self.peek_sizeof_type(node.expr)
            if t.is_integer and t.width is not None:
                self.error(node, "'typeof' applied to a bit-field")
            return t
        self.error(node, f"not supported yet: {type(node).__name__}")

    def _check_specifier_words(self, words, node):
        """GCC's checks on type specifier words, made word by word as it reads them, each
        reported at the word that cannot join those before it."""
        base, sign, size = None, None, []        # e.g. "int", "unsigned", ["long", "long"]
        for i, w in enumerate(words):
            problem = None
            if w in ("signed", "unsigned"):
                if sign and sign != w:
                    problem = "both 'signed' and 'unsigned'"
                elif base in ("void", "_Bool", "float", "double"):
                    problem = f"both '{w}' and '{base}'"
                sign = w
            elif w in ("short", "long"):
                if w == "long" and size == ["long", "long"]:
                    self.error(self._word_at(node, i), "'long long long' is too long for GCC")
                if size and size[0] != w:
                    problem = "both 'long' and 'short'"
                elif w == "short" and size:
                    self.error(self._word_at(node, i), "duplicate 'short'")
                elif base in ("void", "_Bool", "char", "float") or \
                        base == "double" and w == "short":
                    problem = f"both '{w}' and '{base}'"
                size.append(w)
            elif w in ("void", "_Bool", "char", "int", "float", "double"):
                if base is not None:
                    self.error(self._word_at(node, i),
                               "two or more data types in declaration specifiers")
                if size and (w in ("void", "_Bool", "char", "float") or
                             w == "double" and size != ["long"]):
                    problem = f"both '{' '.join(size)}' and '{w}'"
                elif sign and w in ("void", "_Bool", "float", "double"):
                    problem = f"both '{sign}' and '{w}'"
                base = w
            if problem:
                self.error(self._word_at(node, i), problem + " in declaration specifiers")

    def _word_at(self, node, index):
        """A stand-in node at the index-th type word of node's specifiers (pycparser keeps
        one position for all of them): found by reading the source from there."""
        c = node.coord
        src = self.lines.get((c.file, c.line)) if c is not None else None
        if src is None:
            return node
        seen = -1
        for m in re.finditer(r"[A-Za-z_]\w*", src[(c.column or 1) - 1:]):
            if m.group() in _INT_WORDS | _FLOAT_WORDS | {"void"}:
                seen += 1
                if seen == index:
                    return c_ast.ID(m.group(), Coord(c.file, c.line,
                                                     (c.column or 1) + m.start()))
        return node

    def named_type(self, names, node) -> T.CType:
        words = list(names)
        if words == ["__builtin_va_list"]:
            return self.va_list_type
        if len(words) == 1 and words[0] not in _INT_WORDS | _FLOAT_WORDS | {"void"}:
            sym = self.lookup(words[0])
            if sym is None or sym.kind != "typedef":
                self.error(node, f"unknown type name '{words[0]}'")
            return sym.type
        if "__builtin_va_list" in words:
            return self.va_list_type
        count = {w: words.count(w) for w in set(words)}
        self._check_specifier_words(words, node)
        if "void" in count:
            return T.VOID
        if "_Bool" in count:
            return T.BOOL
        if "float" in count:
            return T.FLOAT
        if "double" in count:
            return T.LDOUBLE if "long" in count else T.DOUBLE
        if "__int128" in count:
            self.error(node, "not supported yet: __int128")
        unsigned = "unsigned" in count
        if "char" in count:
            if "signed" in count:
                return T.SCHAR
            return T.UCHAR if unsigned else self.plain_char
        if "short" in count:
            return T.USHORT if unsigned else T.SHORT
        longs = count.get("long", 0)
        if longs == 2:
            return T.ULLONG if unsigned else T.LLONG
        if longs == 1:
            return T.ULONG if unsigned else T.LONG
        return T.UINT if unsigned else T.INT

    def record_type(self, node) -> T.StructType:
        is_union = isinstance(node, c_ast.Union)
        kw = "union" if is_union else "struct"
        tag = node.name
        if node.decls is not None:
            # `struct s { ... } a, b;`: the declarators share the one specifier node.
            done = self.defined_records.get(id(node))
            if done is not None and done[0] is node:
                if tag and self.scopes[-1].tags.get(tag) is None:
                    self.scopes[-1].tags[tag] = done[1]
                return done[1]
        if node.decls is None:
            # A reference (`struct s *p;`): find the tag in any scope, else declare it here.
            found = self.lookup_tag(tag)
            if found is not None:
                if not isinstance(found, T.StructType) or found.is_union != is_union:
                    self.error(node, f"'{tag}' defined as wrong kind of tag")
                return found
            st = T.StructType(tag, is_union)
            self.scopes[-1].tags[tag] = st
            return st
        st = self.scopes[-1].tags.get(tag) if tag else None
        if st is not None:
            if not isinstance(st, T.StructType) or st.is_union != is_union:
                self.error(node, f"'{tag}' defined as wrong kind of tag")
            if st.complete:
                self.error(node, f"redefinition of '{kw} {tag}'")
        else:
            st = T.StructType(tag, is_union)
            if tag:
                self.scopes[-1].tags[tag] = st
        members = []
        seen = set()
        sattrs = self.attributes(node)
        packed = sattrs.get("packed", False)
        for d in node.decls:
            if isinstance(d, c_ast.StaticAssert):
                self.static_assert(d)
                continue
            if isinstance(d, c_ast.Pragma):
                self.pragma(d)          # (gcc lays out with the packing at the '}')
                continue
            mtype = self.declared_type(d.type)
            name = d.name
            mattrs = self.decl_attributes(d)
            malign = mattrs.get("aligned")
            if d.bitsize is not None:
                width = self.bit_field_width(d, mtype, name)
                if width is None:
                    continue
                members.append((name, mtype, (malign, mattrs.get("packed", False)), width))
                if name is not None:
                    if name in seen:
                        self.error(d, f"duplicate member '{name}'")
                    seen.add(name)
                continue
            if mtype.is_function:
                self.error(d, f"field '{name}' declared as a function")
            if mtype.is_vla:
                self.error(d, "not supported yet: a variable length array in a structure")
            if not mtype.is_complete:
                if mtype.is_array and not is_union and d is [x for x in node.decls if not isinstance(x, c_ast.Pragma)][-1]:
                    mtype = T.ArrayType(mtype.base, 0)    # flexible array member
                else:
                    self.error(d, f"field '{name}' has incomplete type")
            if name is not None:
                if name in seen:
                    self.error(d, f"duplicate member '{name}'")
                seen.add(name)
            elif not mtype.is_record:
                continue
            members.append((name, mtype, (malign, mattrs.get("packed", False)), None))
        self.defined_records[id(node)] = (node, st)
        st.layout(members, packed=packed, min_align=sattrs.get("aligned", 1),
                  unnamed_bitfields_align=self.target.name == "aarch64",
                  max_align=self.pack_align)
        return st

    def bit_field_width(self, d, mtype, name):
        """The width of bit-field d (None for a member to leave out), with GCC's checks."""
        what = f"bit-field '{name}'" if name else "bit-field '<anonymous>'"
        if not mtype.is_integer:
            self.error(d, f"{what} has invalid type")
        width = self.constant_int(d.bitsize, f"{what} width not an integer constant")
        if width < 0:
            self.error(d, f"negative width in {what}")
        if width > mtype.bits:
            self.error(d, f"width of '{name}' exceeds its type")
        if width == 0 and name is not None:
            self.error(d, f"zero width for bit-field '{name}'")
        return width

    def enum_type(self, node) -> T.IntType:
        tag = node.name
        if node.values is None:
            found = self.lookup_tag(tag)
            if found is None:
                # GCC accepts a forward reference to an enum as an extension.
                found = T.IntType("int", 4, False, enum_tag=tag)
                self.scopes[-1].tags[tag] = found
            return found
        done = self.defined_records.get(id(node))
        if done is not None and done[0] is node and self.lookup_enum_scope_ok(done[1], node):
            return done[1]              # `enum e { ... } a, b;`: one specifier, two uses
        value = 0
        values = []
        for e in node.values.enumerators:
            if e.value is not None:
                v = self.constant_int(e.value, "enumerator value for '%s' is not an integer constant"
                                      % e.name)
                value = v
            values.append((e, value))
            self.declare_enum_const(e, value)
            value += 1
        # GCC: unsigned int when no value is negative, else int.
        lo = min((v for _, v in values), default=0)
        etype = T.IntType("int", 4, lo < 0, enum_tag=tag or "<anonymous>")
        if tag:
            self.scopes[-1].tags[tag] = etype
        self.defined_records[id(node)] = (node, etype)
        return etype

    def lookup_enum_scope_ok(self, etype, node):
        """Whether the enumerators of an enum specifier seen before are still in scope
        (the same declaration's second declarator, not a fresh walk of the code)."""
        first = node.values.enumerators[0] if node.values.enumerators else None
        return first is None or first.name in self.scopes[-1].names

    # -- declarators -----------------------------------------------------------------------
    def declared_type(self, node) -> T.CType:
        """The type a declarator chain (TypeDecl/PtrDecl/ArrayDecl/FuncDecl) denotes."""
        if isinstance(node, c_ast.TypeDecl):
            return self.specifier_type(node.type)
        if isinstance(node, c_ast.Typename):
            return self.declared_type(node.type)
        if isinstance(node, c_ast.PtrDecl):
            return T.PointerType(self.declared_type(node.type))
        if isinstance(node, c_ast.ArrayDecl):
            base = self.declared_type(node.type)
            if base.is_function:
                self.error(node, "declaration of array of functions")
            if not base.is_complete:
                self.error(node, "array type has incomplete element type "
                                 f"'{base}'")
            if node.dim is None:
                return T.ArrayType(base, None)
            if isinstance(node.dim, c_ast.ID) and node.dim.name == "*":       # `T a[*]`
                if not self.in_params:
                    f, line, col = self.pos(node.dim)      # (at the '[')
                    self.error((f, line, max(col - 1, 1)), "'[*]' not allowed in other than function "
                                         "prototype scope")
                return T.ArrayType(base, None, size_var=self.UNSPECIFIED_VLA)
            n = self.constant_int(node.dim, None)
            if n is None:
                return self.vla_type(node, base)
            if n < 0:
                self.error(node.dim, "size of array is negative")
            if base.is_vla:             # `T a[3][n]`: a VLA too, of 3 runtime-sized rows
                return self.vla_type(node, base)
            return T.ArrayType(base, n)
        if isinstance(node, c_ast.FuncDecl):
            ret = self.declared_type(node.type)
            if ret.is_array:
                self.error(node, "function returns an array")
            if ret.is_function:
                self.error(node, "function returns a function")
            return self.function_type(ret, node.args)
        if isinstance(node, c_ast.AttributedType):
            return self.declared_type(node.type)
        if isinstance(node, (c_ast.Struct, c_ast.Union, c_ast.Enum, c_ast.IdentifierType)):
            return self.specifier_type(node)
        self.error(node, f"not supported yet: {type(node).__name__}")

    # The size of a VLA parameter in a prototype: `[*]`, never evaluated.
    UNSPECIFIED_VLA = Symbol("__vla_unspecified", T.ULONG, "var", "auto")
    in_params = 0               # parameter lists open (dimensions name earlier parameters)
    live_params = False         # a definition's parameters, evaluated at the entry

    def vla_type(self, node, base):
        """`T [n]` with n not constant: a variable length array type. Its size in bytes is
        computed where the declaration stands (a statement left in pending_decls) into
        a hidden variable the type carries."""
        if self.in_params and not self.live_params:
            return T.ArrayType(base, None, size_var=self.UNSPECIFIED_VLA)
        if self.func is None:
            d = self.file_decl_node
            if d is not None and d.name:
                self.error(d, f"variably modified '{d.name}' at file scope")
            self.error(node.dim, "variably modified type at file scope")
        dim = self.value(node.dim)
        if not dim.type.is_integer:
            self.error(node.dim, "size of array has non-integer type")
        pos = self.pos(node.dim)
        size = Symbol("__vla_size", T.ULONG, "var", "auto", pos=pos, used=True)
        self.func.locals.append(size)
        total = self.fold(Binary("*", self.convert(dim, T.ULONG), self.vla_size(base, pos),
                                 T.ULONG, pos))
        self.pending_decls.append(ExprStmt(Assign(VarRef(size, T.ULONG, pos), total, T.ULONG,
                                                  pos), pos))
        return T.ArrayType(base, None, size_var=size)

    @staticmethod
    def vla_size(t, pos=None):
        """sizeof t as an unsigned long expression (a VLA's from its hidden variable)."""
        if t.is_vla:
            return VarRef(t.size_var, T.ULONG, pos)
        return Const(t.size, T.ULONG, pos)

    def function_type(self, ret, args) -> T.FunctionType:
        if args is None:
            return T.FunctionType(ret, (), False, prototyped=False)
        # The parameters are in scope for the later ones (`int n, int a[n]`).
        from .scope import Scope
        self.scopes.append(Scope())
        self.in_params += 1
        try:
            return self.function_type_in_scope(ret, args)
        finally:
            self.in_params -= 1
            self.scopes.pop()

    def function_type_in_scope(self, ret, args) -> T.FunctionType:
        params = []
        variadic = False
        plist = args.params
        for p in plist:
            if isinstance(p, c_ast.EllipsisParam):
                variadic = True
                continue
            if isinstance(p, c_ast.ID):          # K&R identifier list: int f(a, b)
                return T.FunctionType(ret, (), False, prototyped=False)
            ptype = self.declared_type(p.type)
            if ptype.is_void and len(plist) == 1 and p.name is None:
                return T.FunctionType(ret, (), False)
            if ptype.is_void:
                self.error(p, "'void' must be the only parameter")
            params.append(T.Param(p.name, T.decay_param(ptype)))
            if p.name is not None:
                self.scopes[-1].names[p.name] = Symbol(p.name, T.decay_param(ptype), "var",
                                                       "param", pos=self.pos(p))
        return T.FunctionType(ret, tuple(params), variadic)

    # -- initializers ----------------------------------------------------------------------
    def initializer(self, t: T.CType, node, for_static: bool):
        """The pieces of an object's initial value and its (completed) type."""
        out = []
        if isinstance(node, c_ast.InitList):
            t = self._braced(t, node.exprs, 0, out, for_static, top=True)
        elif self._string_for_char_array(t, node):
            t = self._string_into(t, node, 0, out)
        elif t.is_array:
            self.error(node, "invalid initializer")
        else:
            out.append(self._scalar_init(t, node, 0, for_static))
        return t, out

    def _scalar_init(self, t, node, offset, for_static):
        if isinstance(node, c_ast.InitList):
            if not node.exprs:
                return Init(offset, t, self.zero_of(t))
            if len(node.exprs) > 1:
                self.warn(node, "excess elements in scalar initializer")
            return self._scalar_init(t, node.exprs[0], offset, for_static)
        e = self.value(node)
        if t.is_record:
            if e.type is not t:
                self.error(node, f"invalid initializer")
            if for_static:
                self.error(node, "initializer element is not constant")
            return Init(offset, t, e)
        e = self.assign_convert(e, t, node, "initialization")
        return Init(offset, t, e)

    # The element size each string-literal prefix gives (C11 6.4.5).
    _PREFIX_UNIT = {"": 1, "u8": 1, "u": 2, "U": 4, "L": 4}

    def _string_for_char_array(self, t, node):
        """Whether node is a string literal initializing the character array t: char
        arrays from "" and u8"", char16_t from u"", char32_t and wchar_t from U"" and L""."""
        if not (t.is_array and isinstance(t.base, T.IntType) and t.base.size in (1, 2, 4)):
            return False
        if isinstance(node, c_ast.InitList) and len(node.exprs) == 1:
            node = node.exprs[0]
        if not (isinstance(node, c_ast.Constant) and node.type == "string"):
            return False
        unit = self._PREFIX_UNIT.get(node.value[:node.value.index('"')], 1)
        if unit == t.base.size:
            return True
        if t.base.size == 1 or unit == 1:
            self.error(node, "array of inappropriate type initialized from string constant"
                       if t.base.size > 1 else
                       "cannot initialize array of 'char' from a string literal with type "
                       "array of '" + ("short unsigned int" if unit == 2 else
                                       "unsigned int" if node.value[0] == "U" or
                                       not self.target.wchar_is_signed else "int") + "'")
        return False

    def _string_into(self, t, node, offset, out):
        if isinstance(node, c_ast.InitList):
            node = node.exprs[0]
        lit = self.expr(node)
        data, unit = lit.data, t.base.size
        if t.length is None:
            t = T.ArrayType(t.base, len(data) // unit)
        elif len(data) // unit - 1 > t.length:
            self.warn(node, "initializer-string for array of '"
                      + ("char" if unit == 1 else str(t.base)) + "' is too long")
        data = data[:t.length * unit].ljust(t.length * unit, b"\0")
        out.append(Init(offset, t, data=data))
        return t

    def _braced(self, t, items, offset, out, for_static, top=False):
        """Initialize an object of type t from a brace-enclosed list; returns t with an
        array length completed."""
        if t.is_scalar:
            out.append(self._scalar_init(t, c_ast.InitList(items), offset, for_static))
            return t
        if self._string_for_char_array(t, c_ast.InitList(items)):
            return self._string_into(t, items[0], offset, out)
        pos = [0]
        end = self._fill(t, items, pos, offset, out, for_static)
        if pos[0] < len(items):
            self.warn(items[pos[0]], "excess elements in "
                      + ("array" if t.is_array else "struct" if not t.is_union else "union")
                      + " initializer")
        if t.is_array and t.length is None:
            return T.ArrayType(t.base, end)
        return t

    def _fill(self, t, items, pos, offset, out, for_static, anonymous=False):
        """Consume items for the aggregate t (brace elision). Returns, for arrays, the
        number of elements seen (to complete `int a[] = {...}`). `anonymous`: t is an
        anonymous struct/union entered by a designator naming one of its members; it takes
        that item and the positional ones after it, and hands the next designator back
        to the enclosing object, which designators always start from (C11 6.7.9p17)."""
        first = pos[0]
        if t.is_array:
            index, count = 0, 0
            while pos[0] < len(items):
                if t.length is not None and index >= t.length and \
                        not isinstance(items[pos[0]], c_ast.NamedInitializer):
                    break
                item = items[pos[0]]
                if isinstance(item, c_ast.NamedInitializer):
                    d = item.name[0]
                    if not isinstance(d, c_ast.ArrayDesignator):
                        if pos[0] == 0 or not isinstance(d, c_ast.ID):
                            self.error(item, "field name not in record or union initializer")
                        break
                    index = self.constant_int(d.expr, "array index in initializer not of "
                                                      "integer type")
                    if t.length is not None and index >= t.length:
                        self.error(item, "array index in initializer exceeds array bounds")
                    self._designated(t.base, item, offset + index * t.base.size, out, for_static)
                    pos[0] += 1
                else:
                    self._element(t.base, items, pos, offset + index * t.base.size, out,
                                  for_static)
                index += 1
                count = max(count, index)
            return count
        # Unnamed bit-fields take no initializer.
        members = [m for m in t.members if m.name is not None or not m.bit_width]
        i = 0
        while pos[0] < len(items) and (i < len(members) or isinstance(items[pos[0]],
                                                                       c_ast.NamedInitializer)):
            item = items[pos[0]]
            if isinstance(item, c_ast.NamedInitializer):
                d = item.name[0]
                if not isinstance(d, c_ast.ID) or anonymous and pos[0] != first:
                    break
                found = [k for k, m in enumerate(members) if m.name == d.name]
                inside = [k for k, m in enumerate(members) if m.name is None and
                          m.type.is_record and m.type.member(d.name)]
                if not found and inside:
                    m = members[inside[0]]
                    self._fill(m.type, items, pos, offset + m.offset, out, for_static,
                               anonymous=True)
                    i = inside[0] + 1
                    if t.is_union:
                        break
                    continue
                if not found:     # (pycparser gives the designator a position, not the item)
                    self.error(d, f"'{t}' has no member named '{d.name}'")
                i = found[0]
                m = members[i]
                n = len(out)
                self._designated(self.member_type(m), item, offset + m.offset, out, for_static)
                self._tag_bits(m, out, n)
                pos[0] += 1
            else:
                m = members[i]
                n = len(out)
                self._element(self.member_type(m), items, pos, offset + m.offset, out,
                              for_static)
                self._tag_bits(m, out, n)
            i += 1
            if t.is_union:
                break
        return 0

    @staticmethod
    def member_type(m):
        if m.bit_width:
            from .expressions import bitfield_type
            return bitfield_type(m)
        return m.type

    @staticmethod
    def _tag_bits(m, out, n):
        if m.bit_width:
            for init in out[n:]:
                init.bits = m

    def lower_bitfield_inits(self, sym, inits, for_static):
        """Initializers of bit-fields become whole storage units: for static data, the
        fields' constant values combined; for automatic objects (zero-filled first),
        a read-modify-write of the unit in the object itself."""
        out = []
        units = {}
        for init in inits:
            m = getattr(init, "bits", None)
            if m is None:
                out.append(init)
                continue
            if not m.unit_size:
                self.error(init.expr.pos, "not supported yet: a packed bit-field running "
                                          "past the end of its structure")
            u = {1: T.UCHAR, 2: T.USHORT, 4: T.UINT, 8: T.ULONG}[m.unit_size]
            mask = ((1 << m.bit_width) - 1) << m.bit_offset
            if for_static:
                if not isinstance(init.expr, Const):
                    self.error(init.expr.pos, "initializer element is not constant")
                # Units of different types may overlap: combine the fields byte by byte.
                v = (init.expr.value << m.bit_offset) & mask
                for k in range(m.unit_size):
                    bmask = (mask >> (8 * k)) & 0xFF
                    if bmask:
                        old = units.get(init.offset + k, 0)
                        units[init.offset + k] = (old & ~bmask) | ((v >> (8 * k)) & bmask)
                continue
            from .expressions import BitFieldRef
            pos = init.expr.pos or sym.pos
            base = VarRef(sym, sym.type, pos)
            ref = BitFieldRef(Member(base, m.name, init.offset, m.type, pos), m,
                              self.member_type(m), pos)
            store = self.bitfield_store(ref, init.expr, want_value=False)
            out.append(Init(init.offset, u, store.value, None))
        # The bytes bit-fields cover, as the widest aligned words that fit each run.
        offs = sorted(units)
        i = 0
        while i < len(offs):
            start = offs[i]
            size = next(n for n in (8, 4, 2, 1) if start % n == 0 and all(
                start + k in units for k in range(n)))
            v = sum(units[start + k] << (8 * k) for k in range(size))
            u = {1: T.UCHAR, 2: T.USHORT, 4: T.UINT, 8: T.ULONG}[size]
            out.append(Init(start, u, Const(v, u)))
            i += size
        return out

    def _designated(self, t, item, offset, out, for_static):
        rest = item.name[1:]
        if rest:
            sub = [c_ast.NamedInitializer(rest, item.expr, item.coord)]
            self._fill(t, sub, [0], offset, out, for_static)
        elif isinstance(item.expr, c_ast.InitList):
            self._braced(t, item.expr.exprs, offset, out, for_static)
        elif self._string_for_char_array(t, item.expr):
            self._string_into(t, item.expr, offset, out)
        elif t.is_scalar:
            out.append(self._scalar_init(t, item.expr, offset, for_static))
        else:
            self._fill(t, [item.expr], [0], offset, out, for_static)

    def _element(self, t, items, pos, offset, out, for_static):
        item = items[pos[0]]
        if isinstance(item, c_ast.InitList):
            self._braced(t, item.exprs, offset, out, for_static)
            pos[0] += 1
        elif self._string_for_char_array(t, item):
            self._string_into(t, item, offset, out)
            pos[0] += 1
        elif t.is_scalar:
            out.append(self._scalar_init(t, item, offset, for_static))
            pos[0] += 1
        elif t.is_record and not isinstance(item, c_ast.InitList) and \
                self.peek_type(item) is t:
            out.append(self._scalar_init(t, item, offset, for_static))
            pos[0] += 1
        else:
            self._fill(t, items, pos, offset, out, for_static)   # brace elision

    def peek_type(self, node):
        """The type of an expression node, without keeping the analysis."""
        mark = len(self.diags)
        try:
            return self.expr(node).type
        except Bail:
            return None
        finally:
            del self.diags[mark:]

    def is_const_object(self, node) -> bool:
        """Whether a declarator chain declares a const-qualified object (an array of
        const elements counts): such objects with static storage go to read-only data,
        and assigning to them is an error."""
        while isinstance(node, (c_ast.ArrayDecl, c_ast.AttributedType, c_ast.Typename)):
            node = node.type
        if isinstance(node, c_ast.PtrDecl):
            return "const" in (node.quals or [])
        if isinstance(node, c_ast.TypeDecl):
            if "const" in (node.quals or []):
                return True
            spec = node.type
            if isinstance(spec, c_ast.IdentifierType) and len(spec.names) == 1:
                sym = self.lookup(spec.names[0])
                return bool(sym is not None and sym.kind == "typedef" and
                            getattr(sym, "const", False))
        return False

    def static_assert(self, node):
        v = self.constant_int(node.cond, "expression in static assertion is not an integer")
        if not v:
            msg = ""
            if node.message is not None:
                lit = self.expr(node.message)
                msg = '"' + "".join(
                    '\\"' if b == 34 else "\\\\" if b == 92 else chr(b) if 32 <= b < 127
                    else "\\%03o" % b for b in lit.data[:-1]) + '"'
            self.error(node, f"static assertion failed: {msg}" if msg else
                       "static assertion failed")

    @staticmethod
    def covered_bytes(inits):
        return sum(i.type.size for i in inits)

    def string_literal_of(self, e):
        return e if isinstance(e, StringLit) else None
