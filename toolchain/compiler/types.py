"""C types with the LP64 sizes both our targets share (x86-64 System V and AAPCS64 Linux).

The one difference between the targets at this level is the signedness of plain `char`,
which the frontend passes in. Types are immutable values compared with `same_type`;
struct and union types are compared by identity, as C says.
"""
from __future__ import annotations

from dataclasses import dataclass, field

# Integer conversion ranks (C11 6.3.1.1).
RANK = {"_Bool": 0, "char": 1, "short": 2, "int": 3, "long": 4, "long long": 5}


class CType:
    @property
    def is_integer(self):
        return isinstance(self, IntType)

    @property
    def is_pointer(self):
        return isinstance(self, PointerType)

    @property
    def is_scalar(self):
        return isinstance(self, (IntType, PointerType, FloatType))

    @property
    def is_arithmetic(self):
        return isinstance(self, (IntType, FloatType))

    @property
    def is_void(self):
        return isinstance(self, VoidType)

    @property
    def is_array(self):
        return isinstance(self, ArrayType)

    @property
    def is_function(self):
        return isinstance(self, FunctionType)

    @property
    def is_record(self):
        return isinstance(self, StructType)

    @property
    def is_vla(self):
        """A variable length array type (its size known only at run time)."""
        return False

    @property
    def is_complete(self):
        return True

    # Asked of any type by code that handles integers specially (loads, conversions);
    # only IntType("_Bool") answers yes.
    is_bool = False
    signed = False


@dataclass(frozen=True, eq=False)
class VoidType(CType):
    size = 1      # GNU C: sizeof(void) == 1, pointer arithmetic on void * steps by 1
    align = 1

    @property
    def is_complete(self):
        return False

    def __str__(self):
        return "void"


@dataclass(frozen=True)
class IntType(CType):
    """An integer type. `kind` is its rank name; `plain_char` marks plain `char`,
    a type distinct from both `signed char` and `unsigned char`."""
    kind: str
    size: int
    signed: bool
    plain_char: bool = False
    enum_tag: str | None = None   # an enumerated type, compatible with its underlying type
    width: int | None = None      # a bit-field's type: this many bits of `kind`

    @property
    def align(self):
        return self.size

    @property
    def rank(self):
        return RANK[self.kind]

    @property
    def is_bool(self):
        return self.kind == "_Bool"

    @property
    def bits(self):
        return self.width if self.width is not None else self.size * 8

    def wrap(self, value: int) -> int:
        """Reduce a mathematical integer to a value of this type (two's complement)."""
        if self.is_bool:
            return 1 if value else 0
        value &= (1 << self.bits) - 1
        if self.signed and value >> (self.bits - 1):
            value -= 1 << self.bits
        return value

    def __str__(self):
        if self.enum_tag is not None:
            return f"enum {self.enum_tag}"
        if self.plain_char:
            return "char"
        if self.kind == "_Bool":
            return "_Bool"
        base = {"long": "long int", "long long": "long long int", "short": "short int"}.get(
            self.kind, self.kind)
        if self.kind == "char":
            return "signed char" if self.signed else "unsigned char"
        if not self.signed:
            return "unsigned " + base if self.kind != "int" else "unsigned int"
        return base


@dataclass(frozen=True)
class FloatType(CType):
    kind: str     # "float" | "double" | "long double"
    size: int

    @property
    def align(self):
        return self.size

    def __str__(self):
        return self.kind


@dataclass(frozen=True)
class PointerType(CType):
    base: CType
    size = 8
    align = 8

    def __str__(self):
        return _declarator_str(self, "")


@dataclass(frozen=True)
class ArrayType(CType):
    base: CType
    length: int | None    # None: incomplete (`int a[]`), or a VLA
    # A VLA: the hidden automatic variable (tree.Symbol, unsigned long) that holds the
    # size in bytes, set where the type is declared; `size` is then 0.
    size_var: object = field(default=None, compare=False)

    @property
    def size(self):
        return self.base.size * (self.length or 0)

    @property
    def is_vla(self):
        return self.size_var is not None

    @property
    def align(self):
        return self.base.align

    @property
    def is_complete(self):
        return self.length is not None or self.size_var is not None

    def __str__(self):
        return _declarator_str(self, "")


@dataclass(frozen=True)
class Param:
    name: str | None
    type: CType


@dataclass(frozen=True)
class FunctionType(CType):
    ret: CType
    params: tuple = ()            # of Param
    variadic: bool = False
    prototyped: bool = True       # False for `int f()`: old-style, arguments unchecked
    size = 1
    align = 1

    def __str__(self):
        return _declarator_str(self, "")


@dataclass(eq=False)
class Member:
    name: str | None
    type: CType
    offset: int                    # bytes; for a bit-field, of its storage unit
    bit_width: int | None = None   # a bit-field's width
    bit_offset: int = 0            # a bit-field's first bit within its unit (LSB = 0)
    unit_size: int = 0             # a bit-field's storage unit: bytes loaded and stored


@dataclass(eq=False)
class StructType(CType):
    """A struct or union. Identity is the type: two declarations of `struct s` in the same
    scope are the same object, completed in place when the body is seen."""
    tag: str | None
    is_union: bool = False
    members: list = field(default_factory=list)
    size_: int = 0
    align_: int = 1
    complete: bool = False

    @property
    def size(self):
        return self.size_

    @property
    def align(self):
        return self.align_

    @property
    def is_complete(self):
        return self.complete

    def member(self, name):
        """Find a member by name, looking into anonymous structs/unions. Returns
        (offset, Member) or None."""
        for m in self.members:
            if m.name == name:
                return m.offset, m
            if m.name is None and isinstance(m.type, StructType):
                found = m.type.member(name)
                if found:
                    return m.offset + found[0], found[1]
        return None

    def layout(self, members, packed=False, min_align=1, unnamed_bitfields_align=False,
               max_align=None):
        """Lay the members out as the psABIs say: each at the next multiple of its
        alignment (all at 0 in a union), size rounded up to the largest alignment.

        members: (name, type) or (name, type, (aligned, packed), bit_width): the member's
        own `aligned(N)` (or None) and `packed`, and bit_width None for ordinary members.
        Bit-fields (both psABIs, as GCC lays them out): one goes at the next free bit
        unless it would cross a boundary of its type's alignment, then at that boundary;
        a zero-width one moves to the next boundary. Unnamed bit-fields count for the
        structure's alignment only on AArch64 (`unnamed_bitfields_align`). `packed`
        (GNU): members at byte 1 alignment, bit-fields at the very next bit. `max_align`
        (`#pragma pack(N)` in force, GCC's maximum_field_alignment): every member's
        alignment, `aligned(N)` included, capped at N, and bit-fields placed at the very
        next bit as when packed; a zero-width bit-field still goes to the boundary of its
        type, and on AArch64 counts for the structure's alignment uncapped."""
        bit = size = 0
        align = min_align
        placed = []
        for item in members:
            name, mtype = item[0], item[1]
            (member_align, member_packed), width = item[2:] if len(item) > 2 else \
                ((None, False), None)
            a = 1 if packed or member_packed else mtype.align
            if member_align:
                a = max(a, member_align)
            if max_align:
                a = min(a, max_align)
            if width is not None:
                member_packed = member_packed or bool(max_align)
                if width == 0 and max_align and not (packed or item[2][1]):
                    a = mtype.align
                unit_bits = mtype.size * 8
                start = 0 if self.is_union else bit
                if member_align:
                    start = -(-start // (a * 8)) * (a * 8)
                if width == 0:
                    start = -(-start // (mtype.align * 8)) * (mtype.align * 8)
                elif not (packed or member_packed) and start // unit_bits != (start + width - 1) // unit_bits:
                    start = -(-start // unit_bits) * unit_bits
                end = start + width
                if name is not None or unnamed_bitfields_align:
                    align = max(align, a)
                if width:
                    # The unit loaded and stored: the aligned unit of the type, or (packed)
                    # the smallest power-of-two run of bytes from the field's first byte.
                    if not (packed or member_packed):
                        ubyte = start // unit_bits * mtype.size
                        usize = mtype.size
                    else:
                        ubyte = start // 8
                        usize = 1
                        while (ubyte + usize) * 8 < end:
                            usize *= 2
                    placed.append(Member(name, mtype, ubyte, width, start - ubyte * 8, usize))
                bit = max(bit, end) if not self.is_union else bit
                size = max(size, -(-end // 8))
                continue
            if self.is_union:
                off = 0
            else:
                off = -(-(-(-bit // 8)) // a) * a
                bit = (off + mtype.size) * 8
            size = max(size, off + mtype.size)
            align = max(align, a)
            placed.append(Member(name, mtype, off))
        self.members = placed
        self.align_ = align
        self.size_ = (size + align - 1) // align * align
        for m in placed:
            over = m.offset + m.unit_size - self.size_
            if m.bit_width and over > 0:
                # A packed unit running past the end: take it that much earlier.
                if m.offset >= over:
                    m.offset -= over
                    m.bit_offset += 8 * over
                else:
                    m.unit_size = 0      # (not supported: reported where it is used)
        self.complete = True

    def __str__(self):
        kw = "union" if self.is_union else "struct"
        return f"{kw} {self.tag}" if self.tag else f"{kw} <anonymous>"

    def __hash__(self):
        return id(self)


VOID = VoidType()
BOOL = IntType("_Bool", 1, False)
SCHAR = IntType("char", 1, True)
UCHAR = IntType("char", 1, False)
SHORT = IntType("short", 2, True)
USHORT = IntType("short", 2, False)
INT = IntType("int", 4, True)
UINT = IntType("int", 4, False)
LONG = IntType("long", 8, True)
ULONG = IntType("long", 8, False)
LLONG = IntType("long long", 8, True)
ULLONG = IntType("long long", 8, False)
FLOAT = FloatType("float", 4)
DOUBLE = FloatType("double", 8)
LDOUBLE = FloatType("long double", 16)


def plain_char(signed: bool) -> IntType:
    return IntType("char", 1, signed, plain_char=True)


def pointer_to(t: CType) -> PointerType:
    return PointerType(t)


def unqualified_int(t: IntType) -> IntType:
    """The type without enum, plain-char or bit-field marks, for arithmetic."""
    if t.enum_tag is None and not t.plain_char and t.width is None:
        return t
    return IntType(t.kind, t.size, t.signed)


def integer_promote(t: CType) -> CType:
    """C11 6.3.1.1p2: everything narrower than int becomes int (all of our narrow types
    fit in int)."""
    if isinstance(t, IntType):
        if t.width is not None:
            # A bit-field promotes to int if int holds all its values (GCC: whatever
            # its declared type), else to unsigned int, else it keeps its type.
            if t.width < 32 or t.width == 32 and t.signed and not t.is_bool:
                return INT if not t.is_bool else INT
            if t.width == 32:
                return UINT
            return IntType(t.kind, t.size, t.signed)
        if t.rank < RANK["int"]:
            return INT
        return unqualified_int(t)
    return t


def usual_arithmetic(a: CType, b: CType) -> CType:
    """C11 6.3.1.8 for integer operands."""
    if isinstance(a, FloatType) or isinstance(b, FloatType):
        if isinstance(a, FloatType) and isinstance(b, FloatType):
            return a if a.size >= b.size else b
        return a if isinstance(a, FloatType) else b
    a, b = integer_promote(a), integer_promote(b)
    if a == b:
        return a
    if a.signed == b.signed:
        return a if a.rank >= b.rank else b
    s, u = (a, b) if a.signed else (b, a)
    if u.rank >= s.rank:
        return u
    if s.size > u.size:
        return s
    return IntType(s.kind, s.size, False)


def same_type(a: CType, b: CType) -> bool:
    """Compatible types in the sense that matters for redeclarations (C11 6.2.7)."""
    if a is b:
        return True
    if isinstance(a, IntType) and isinstance(b, IntType):
        # An enum is compatible with its underlying type; plain char is its own type.
        return (a.kind, a.size, a.signed, a.plain_char) == (b.kind, b.size, b.signed, b.plain_char)
    if type(a) is not type(b):
        return False
    if isinstance(a, PointerType):
        return same_type(a.base, b.base)
    if isinstance(a, ArrayType):
        return same_type(a.base, b.base) and (
            a.length is None or b.length is None or a.length == b.length)
    if isinstance(a, FunctionType):
        if not same_type(a.ret, b.ret):
            return False
        if not a.prototyped or not b.prototyped:
            return True
        if a.variadic != b.variadic or len(a.params) != len(b.params):
            return False
        return all(same_type(decay_param(p.type), decay_param(q.type))
                   for p, q in zip(a.params, b.params))
    if isinstance(a, StructType):
        return a is b
    return a == b


def decay_param(t: CType) -> CType:
    """Parameter types adjust: array of T -> pointer to T, function -> pointer."""
    if isinstance(t, ArrayType):
        return PointerType(t.base)
    if isinstance(t, FunctionType):
        return PointerType(t)
    return t


def _declarator_str(t: CType, inner: str) -> str:
    """Spell a type the way GCC's messages do: `int *`, `char (*)[4]`, `int (*)(int)`."""
    if isinstance(t, PointerType):
        s = "*" + inner
        if isinstance(t.base, (ArrayType, FunctionType)):
            s = "(" + s + ")"
        return _declarator_str(t.base, s)
    if isinstance(t, ArrayType):
        n = "*" if t.size_var is not None else "" if t.length is None else str(t.length)
        return _declarator_str(t.base, f"{inner}[{n}]")
    if isinstance(t, FunctionType):
        if not t.prototyped:
            ps = ""
        elif not t.params and not t.variadic:
            ps = "void"
        else:
            ps = ", ".join(str(p.type) for p in t.params) + (", ..." if t.variadic else "")
        return _declarator_str(t.ret, f"{inner}({ps})")
    base = str(t)
    if not inner:
        return base
    return base + inner if inner.startswith("[") else f"{base} {inner}"
