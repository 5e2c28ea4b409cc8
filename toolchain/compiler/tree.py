"""The typed tree: what the frontend hands to code generation (and to the views).

Every expression carries its C type after the conversions C prescribes; those conversions
are explicit `Cast` nodes, array and function designators decay through explicit `AddrOf`
nodes, and `a[i]`, `p->m`, pointer arithmetic are spelled out as `Deref`, `Member` and
scaled `Binary` nodes. So code generation never has to re-derive a C rule.
`pos` is (file, line, column) of the construct, as GCC would report it.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .types import CType

Pos = tuple  # (file, line, column)


@dataclass(eq=False)
class Symbol:
    name: str
    type: CType
    kind: str                 # "var" | "func" | "typedef" | "enumconst"
    storage: str = "auto"     # "auto" | "param" | "static" | "extern" | "global"
    asm_name: str | None = None   # label for objects with static storage
    defined: bool = False     # a function body or an initialised/tentative object
    value: int = 0            # enum constants
    pos: Pos = None
    offset: int = 0           # frame slot, set by code generation
    used: bool = False
    is_local_static: bool = False
    param_index: int = -1
    # GNU attributes that change the object or function (None / False: not given).
    align: int | None = None          # aligned(N): at least this alignment
    section: str | None = None        # section("name")
    weak: bool = False
    noreturn: bool = False
    constructor: int | None = None    # constructor(priority): called before main
    destructor: int | None = None     # destructor(priority): called after exit's handlers
    unused_ok: bool = False           # unused: no -Wunused-variable warning
    const: bool = False               # a const-qualified object (or typedef of one)
    vla_ptr: object = None            # a VLA: the hidden Symbol pointing at its storage


class Expr:
    type: CType
    pos: Pos


@dataclass(eq=False)
class Const(Expr):
    value: int
    type: CType
    pos: Pos = None


@dataclass(eq=False)
class FloatConst(Expr):
    """A floating constant; `value` is already rounded to its type (float or double)."""
    value: float
    type: CType
    pos: Pos = None


@dataclass(eq=False)
class StringLit(Expr):
    data: bytes               # including the terminating NUL
    type: CType
    pos: Pos = None


@dataclass(eq=False)
class VarRef(Expr):
    sym: Symbol
    type: CType
    pos: Pos = None


@dataclass(eq=False)
class Unary(Expr):
    op: str                   # "-" | "~" | "!"
    operand: Expr
    type: CType
    pos: Pos = None


@dataclass(eq=False)
class Binary(Expr):
    """Arithmetic on operands already converted to a common type. For comparisons the
    result type is int while `operand_type` says how to compare. "/exact" is the
    division by the element size in a pointer difference (it may shift)."""
    op: str
    left: Expr
    right: Expr
    type: CType
    pos: Pos = None

    @property
    def operand_type(self):
        return self.left.type


@dataclass(eq=False)
class Logical(Expr):
    op: str                   # "&&" | "||"
    left: Expr
    right: Expr
    type: CType
    pos: Pos = None


@dataclass(eq=False)
class Conditional(Expr):
    cond: Expr
    then: Expr
    other: Expr
    type: CType
    pos: Pos = None


@dataclass(eq=False)
class Comma(Expr):
    left: Expr
    right: Expr
    type: CType
    pos: Pos = None


@dataclass(eq=False)
class Cast(Expr):
    operand: Expr
    type: CType
    pos: Pos = None


@dataclass(eq=False)
class Deref(Expr):
    pointer: Expr
    type: CType
    pos: Pos = None


@dataclass(eq=False)
class Member(Expr):
    """`base.name` with base an lvalue of struct/union type (p->m is (*p).m)."""
    base: Expr
    name: str
    offset: int
    type: CType
    pos: Pos = None


@dataclass(eq=False)
class AddrOf(Expr):
    operand: Expr
    type: CType
    pos: Pos = None


@dataclass(eq=False)
class Assign(Expr):
    target: Expr
    value: Expr               # converted to the target's type
    type: CType
    pos: Pos = None


@dataclass(eq=False)
class CompoundAssign(Expr):
    """target op= value: the target is read once, converted to `op_type`, combined
    with `value` (already of `op_type`, or the promoted count for shifts, or the scaled
    byte offset for pointers), converted back and stored."""
    op: str
    target: Expr
    value: Expr
    op_type: CType
    type: CType
    pos: Pos = None


@dataclass(eq=False)
class IncDec(Expr):
    op: str                   # "+" | "-"
    prefix: bool
    target: Expr
    amount: int               # 1, or the element size for pointers
    type: CType
    pos: Pos = None


@dataclass(eq=False)
class Call(Expr):
    func: Expr                # of pointer-to-function type
    args: list
    ftype: CType              # the FunctionType called through
    type: CType
    pos: Pos = None

    @property
    def direct(self):
        """The called function's symbol when the callee is named directly."""
        f = self.func
        if isinstance(f, AddrOf) and isinstance(f.operand, VarRef) and f.operand.sym.kind == "func":
            return f.operand.sym
        return None


@dataclass(eq=False)
class StmtExpr(Expr):
    """GNU `({ ... })`: the statements of `body` run, then `value` (None when the last
    statement is not an expression; the type is void then) is the result."""
    body: object              # Block
    value: Expr | None
    type: CType
    pos: Pos = None


@dataclass(eq=False)
class Builtin(Expr):
    """A GCC builtin compiled inline: "clz", "ctz", "popcount", "bswap" (on its
    operand's width, 16/32/64), "trap", "alloca"."""
    name: str
    args: list
    type: CType
    pos: Pos = None


@dataclass(eq=False)
class VaStart(Expr):
    ap: Expr                  # pointer to the va_list object
    type: CType
    pos: Pos = None


@dataclass(eq=False)
class VaArg(Expr):
    ap: Expr                  # pointer to the va_list object
    type: CType
    pos: Pos = None


@dataclass(eq=False)
class VaCopy(Expr):
    dest: Expr                # pointers to the two va_list objects
    src: Expr
    type: CType
    pos: Pos = None


# -- statements ------------------------------------------------------------------------

class Stmt:
    pos: Pos


@dataclass(eq=False)
class Block(Stmt):
    items: list
    pos: Pos = None
    end_pos: Pos = None


@dataclass(eq=False)
class ExprStmt(Stmt):
    expr: Expr
    pos: Pos = None


@dataclass(eq=False)
class Init:
    """One piece of an object's initial value: a scalar expression stored at `offset`,
    or (for char arrays from string literals) raw bytes."""
    offset: int
    type: CType
    expr: Expr | None = None
    data: bytes | None = None


@dataclass(eq=False)
class LocalDecl(Stmt):
    sym: Symbol
    inits: list | None        # of Init; None: no initializer
    zero_fill: bool = False   # aggregate with fewer initializers than members
    pos: Pos = None


@dataclass(eq=False)
class If(Stmt):
    cond: Expr
    then: Stmt
    other: Stmt | None
    pos: Pos = None


@dataclass(eq=False)
class While(Stmt):
    cond: Expr
    body: Stmt
    pos: Pos = None


@dataclass(eq=False)
class DoWhile(Stmt):
    body: Stmt
    cond: Expr
    pos: Pos = None


@dataclass(eq=False)
class For(Stmt):
    init: object              # Stmt (declarations), Expr, or None
    cond: Expr | None
    step: Expr | None
    body: Stmt
    pos: Pos = None


@dataclass(eq=False)
class Switch(Stmt):
    expr: Expr                # promoted controlling expression
    body: Stmt
    cases: list = field(default_factory=list)    # of CaseLabel, in source order
    default: object = None                        # the DefaultLabel
    pos: Pos = None


@dataclass(eq=False)
class CaseLabel(Stmt):
    value: int
    stmt: Stmt
    pos: Pos = None
    label: str = ""
    high: int | None = None   # GNU case range `case value ... high:`


@dataclass(eq=False)
class DefaultLabel(Stmt):
    stmt: Stmt
    pos: Pos = None
    label: str = ""


@dataclass(eq=False)
class Break(Stmt):
    pos: Pos = None


@dataclass(eq=False)
class Continue(Stmt):
    pos: Pos = None


@dataclass(eq=False)
class Return(Stmt):
    expr: Expr | None
    pos: Pos = None


@dataclass(eq=False)
class Goto(Stmt):
    name: str
    pos: Pos = None


@dataclass(eq=False)
class Labeled(Stmt):
    name: str
    stmt: Stmt
    pos: Pos = None


@dataclass(eq=False)
class AsmOperand:
    """One operand of extended asm, ready for code generation: `kind` is "reg" (a
    register, `reg` names a fixed one or None for any), "mem" (the object at the
    address held by `slot`) or "imm" (`value`). A register operand is loaded from
    `slot` first when `load` and stored back to `slot` afterwards when `store`;
    `tie` is the index of the output an input matches ("0")."""
    name: str | None
    constraint: str
    kind: str
    type: CType
    slot: Symbol | None = None
    value: int = 0
    load: bool = False
    store: bool = False
    reg: str | None = None
    early: bool = False
    tie: int | None = None


@dataclass(eq=False)
class AsmStmt(Stmt):
    """GNU asm: the template and its operands (outputs first, as %0.. numbers them);
    `basic` asm (no colon) has its template copied verbatim."""
    template: str
    operands: list
    clobbers: list
    basic: bool = False
    pos: Pos = None


@dataclass(eq=False)
class TopAsm:
    """Basic asm at file scope, emitted where it stands."""
    template: str
    pos: Pos = None


@dataclass(eq=False)
class Empty(Stmt):
    pos: Pos = None


# -- top level -------------------------------------------------------------------------

@dataclass(eq=False)
class Function:
    sym: Symbol
    params: list              # of Symbol
    body: Block
    locals: list              # of Symbol with automatic storage, in declaration order
    calls: bool               # makes calls (decides leaf-function frame shapes)
    pos: Pos = None           # the opening brace (where GCC puts the first .loc)
    end_pos: Pos = None       # the closing brace
    uses_va_start: bool = False


@dataclass(eq=False)
class GlobalVar:
    sym: Symbol
    inits: list | None        # of Init; None: zero-initialised (.bss / .comm)
    pos: Pos = None


@dataclass(eq=False)
class Unit:
    """A translation unit: functions and objects in the order GCC emits them."""
    items: list               # of Function | GlobalVar
    filename: str
    externs: dict = field(default_factory=dict)   # name -> Symbol of file-scope names
