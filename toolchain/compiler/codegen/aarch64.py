"""AArch64 code generation, AAPCS64 (Linux), GNU syntax, shaped like GCC -O0.

Values end up in x0/w0, float and double values in s0/d0 (the left operand of a binary
operation in v1/x1, as GCC does). Operands are brought into registers (ldr) because AArch64
computes only on registers: GCC's -O0 shape for `a + b` is `ldr w1, [sp, 12]`,
`ldr w0, [sp, 8]`, `add w0, w1, w0`, and this generator follows it. Slots are addressed
off sp, as GCC does when a function has no alloca: the frame is laid out as
[outgoing stack arguments][x29, x30 (if the function calls)][locals], so a slot at
depth d below the frame's top is at [sp, frame_size - d]. The frame size is known only
after the body is generated, so a function is generated twice (the first time to size
the frame); code generation has no other state, so both runs agree.

`long double` is IEEE binary128 (AAPCS64), held in q registers; the hardware has no
arithmetic for it, so every operation on it (but negation) is a call to a libgcc routine
(__addtf3, __lttf2, __extenddftf2, ...) with the operands in q0/q1 (ints in w0/x0). Those
calls clobber every caller-saved register, so nothing is kept in a register across one:
like other calls, an operand that needs computing goes through a frame slot first.
"""
from __future__ import annotations

from .. import types as T
from ..tree import (AddrOf, Assign, Binary, Call, Cast, Comma, CompoundAssign, Conditional,
                    Const, Deref, FloatConst, IncDec, Logical, Member, Return, StringLit, Unary, VaArg,
                    VaCopy, VaStart, VarRef)
from ..extfloat import ExtFloat
from .abi import aapcs_hfa
from .common import CodeGen, Frame

_COND = {"==": "eq", "!=": "ne", "<": "lt", "<=": "le", ">": "gt", ">=": "ge"}
_COND_U = {"==": "eq", "!=": "ne", "<": "lo", "<=": "ls", ">": "hi", ">=": "hs"}
_NEGATE = {"eq": "ne", "ne": "eq", "lt": "ge", "ge": "lt", "le": "gt", "gt": "le",
           "lo": "hs", "hs": "lo", "ls": "hi", "hi": "ls", "mi": "pl", "pl": "mi"}
# fcmp sets N for less, Z for equal, C and V for unordered: these hold only when ordered
# (but != is true for unordered operands).
_FCOND = {"==": "eq", "!=": "ne", "<": "mi", "<=": "ls", ">": "gt", ">=": "ge"}
_FP_ALU = {"+": "fadd", "-": "fsub", "*": "fmul", "/": "fdiv"}
_ALU = {"+": "add", "-": "sub", "&": "and", "|": "orr", "^": "eor", "*": "mul"}
GR_SAVE = 64      # x0-x7
VR_SAVE = 128     # q0-q7


def width(t):
    return 8 if t.size == 8 and not t.is_record and not t.is_array else 4


def is_fp(t):
    return isinstance(t, T.FloatType)


def fr(n, t):
    """FP/SIMD register n viewed as a scalar of floating type t: s<n>, d<n> or q<n>."""
    return f"{'s' if t.size == 4 else 'd' if t.size == 8 else 'q'}{n}"


def is_ld(t):
    """`long double`: IEEE binary128 (AAPCS64), which AArch64 cannot compute on in
    hardware, so GCC (and this generator) call libgcc's soft-float routines for it."""
    return isinstance(t, T.FloatType) and t.size == 16


# libgcc's names for binary128 ("tf" mode) arithmetic, comparisons and conversions.
_TF_ALU = {"+": "__addtf3", "-": "__subtf3", "*": "__multf3", "/": "__divtf3"}
# Each comparison routine returns an int to test against 0 with the relation itself;
# for unordered operands it returns a value that makes that test false (true for !=).
_TF_CMP = {"==": "__eqtf2", "!=": "__netf2", "<": "__lttf2", "<=": "__letf2",
           ">": "__gttf2", ">=": "__getf2"}


def fmov_imm(v):
    """v as GCC writes an `fmov` immediate (±n/16 * 2**r with 16 <= n <= 31 and
    -3 <= r <= 4, e.g. 1.0e+0, 2.5e-1), or None if it has no such encoding."""
    import math
    if v == 0 or v != v or math.isinf(v):
        return None
    m, e = math.frexp(abs(v))          # v = m * 2**e with 0.5 <= m < 1, so n = 32m, r = e-1
    if 32 * m != int(32 * m) or not -2 <= e <= 5:
        return None
    mant, exp = f"{v:.15e}".split("e")
    mant = mant.rstrip("0")
    return f"{mant}0e{int(exp):+d}" if mant.endswith(".") else f"{mant}e{int(exp):+d}"


def r(n, w):
    """Register n (an int, "sp" or "zr") in width w; an FP register name passes through."""
    if isinstance(n, str) and n[:1] in "sdq" and n[1:].isdigit():
        return n
    if n == "sp":
        return "sp"
    if n == "zr":
        return "xzr" if w == 8 else "wzr"
    return f"{'x' if w == 8 else 'w'}{n}"


class Addr:
    """[base, #offset] with base a register number or "sp"."""

    def __init__(self, base, offset=0):
        self.base, self.offset = base, offset

    def plus(self, n):
        return Addr(self.base, self.offset + n)

    @property
    def stable(self):
        return self.base == "sp"


def _unsigned(v, w):
    return v & ((1 << (8 * w)) - 1)


def _signed(v, w):
    v = _unsigned(v, w)
    return v - (1 << (8 * w)) if v >> (8 * w - 1) else v


class AArch64CodeGen(CodeGen):
    globl = ".global"
    type_prefix = "%"
    data_words = {1: ".byte", 2: ".hword", 4: ".word", 8: ".xword"}

    def file_header(self):
        self.emit(".arch armv8-a")
        super().file_header()
        self.declared_libcalls = set()

    def emit_align(self, align):
        if align > 1:
            self.emit(f".align\t{align.bit_length() - 1}")

    def align_string(self):
        self.emit(".align\t3")

    def data_alignment(self, t):
        if (t.is_array or t.is_record) and t.size >= 8:
            return max(t.align, 8)
        return t.align

    def function_header(self, fn):
        # GCC declares each soft-float routine once, before the first function calling it.
        for name in self.fn_libcalls:
            if name not in self.declared_libcalls:
                self.emit(f".global\t{name}")
                self.declared_libcalls.add(name)
        self.emit(".align\t2")
        super().function_header(fn)

    # -- functions ---------------------------------------------------------------------------
    def function_body(self, fn):
        state = (self.label_no, self.lc_no, list(self.pending_strings), dict(self.string_labels),
                 dict(self.files), dict(self.constants))
        self.frame_size = 0
        self.out_args = 0
        self.out_size = 0
        self.made_call = False      # a soft-float call makes even a call-free function non-leaf
        self.generate_body(fn)
        size = self.frame_layout(fn)
        (self.label_no, self.lc_no, self.pending_strings, self.string_labels,
         self.files, self.constants) = state
        lines = self.generate_body(fn, size)
        return self.drop_unused_labels(lines)

    def frame_layout(self, fn):
        # (alloca needs x29: a function that moves sp saves x29, x30 as a caller does)
        self.leaf = not fn.calls and not self.made_call and not getattr(fn, "dynamic_stack",
                                                                         False)
        locals_area = (self.frame.max_depth + 15) // 16 * 16
        self.out_size = (self.out_args + 15) // 16 * 16
        return self.out_size + (0 if self.leaf else 16) + locals_area

    def generate_body(self, fn, size=None):
        self.frame = Frame()
        self.free_qtemps = []       # 16-byte slots for long double temporaries
        self.fn_libcalls = []
        self.S = size or 0
        self.breaks, self.continues, self.user_labels = [], [], {}
        self.return_label = self.new_label()
        ft = fn.sym.type
        if ft.variadic:
            self.gr_area = self.frame.alloc(GR_SAVE, 16)
            self.vr_area = self.frame.alloc(VR_SAVE, 16)
        # alloca or a VLA moves sp: slots are then addressed off x29 (GCC does the same).
        self.dynamic = getattr(fn, "dynamic_stack", False)
        for sym in fn.locals:
            sym.offset = self.frame.alloc(sym.type.size, max(sym.type.align, sym.align or 1))
        if fn.locals:
            self.frame.alloc(0, 16)
        self.gr_named = 0
        self.vr_named = 0
        stack = 0
        spills = []
        by_ref = []
        self.sret_slot = None
        if ft.ret.is_record and self.by_reference(ft.ret):
            # The caller passes the result's address in x8 (the indirect result register).
            self.sret_slot = self.frame.alloc(8, 8)
        for p in fn.params:
            t = p.type
            hfa = aapcs_hfa(t)
            if is_fp(t) or hfa:
                elem, count = hfa or (t, 1)
                if self.vr_named + count <= 8:
                    p.offset = self.frame.alloc(t.size, t.align)
                    spills.append((p, "vregs", self.vr_named))
                    self.vr_named += count
                else:
                    self.vr_named = 8
                    stack = _stack_align(stack, t)
                    p.offset = -stack
                    stack += (t.size + 7) // 8 * 8
                continue
            if t.is_record and self.by_reference(t):
                # Passed by reference: copied into our own slot, allocated after the
                # other arguments' (GCC keeps the address in x19.. and has no slot for
                # it, so the others then sit where GCC's do).
                by_ref.append(p)
                if self.gr_named < 8:
                    spills.append((p, "ref", self.gr_named))
                    self.gr_named += 1
                else:
                    spills.append((p, "refstack", stack))
                    stack += 8
                continue
            n = (t.size + 7) // 8 if t.is_record else 1
            if self.gr_named + n <= 8:
                p.offset = self.frame.alloc(n * 8 if t.is_record else t.size,
                                            8 if t.is_record else t.align)
                spills.append((p, "regs", self.gr_named))
                self.gr_named += n
            else:
                self.gr_named = 8
                p.offset = -stack          # depth above the frame's top
                stack += n * 8
        for p in by_ref:
            p.offset = self.frame.alloc(p.type.size, max(p.type.align, 8))
        self.stack_named = stack
        entry = self.capture(lambda: self.loc(fn.pos))

        def body():
            if self.sret_slot is not None:
                self.mem_op("str", 8, 8, self.slot(self.sret_slot))
            # Registers first: copying a by-reference argument uses x3 and x9, so the
            # copies go last, the one whose address came in x3 (if any) before the others.
            order = sorted(spills, key=lambda s: (s[1] in ("ref", "refstack"),
                                                  not (s[1] == "ref" and s[2] == 3)))
            for p, kind, where in order:
                mem = self.slot(p.offset)
                if kind == "vregs":
                    elem, count = aapcs_hfa(p.type) or (p.type, 1)
                    for k in range(count):
                        self.store(elem, mem.plus(k * elem.size), fr(where + k, elem))
                elif kind == "regs":
                    if p.type.is_record:
                        for k in range((p.type.size + 7) // 8):
                            self.store_w(8, where + k, mem.plus(8 * k))
                    else:
                        self.store(p.type, mem, where)
                elif kind == "ref":
                    self.emit(f"mov\tx9, {r(where, 8)}")
                    self.copy_bytes(Addr(9), mem, p.type.size)
                else:
                    self.mem_op("ldr", 8, 9, self.slot(-where))
                    self.copy_bytes(Addr(9), mem, p.type.size)
            if ft.variadic:
                self.save_varargs_registers()
            self.stmt(fn.body)
            if fn.sym.name == "main" and not _ends_in_return(fn.body) and ft.ret == T.INT:
                self.emit("mov\tw0, 0")
        lines = self.capture(body)
        while lines and lines[-1].strip() == f"b\t{self.return_label}":
            lines.pop()
        if size is None:
            return lines
        S = size
        out = entry + ["\t.cfi_startproc"]
        epilogue = []
        if self.leaf:
            if S:
                out += self.sp_adjust("sub", S) + [f"\t.cfi_def_cfa_offset {S}"]
                epilogue += self.sp_adjust("add", S) + ["\t.cfi_def_cfa_offset 0"]
        elif self.out_size == 0 and S <= 504:
            out += [f"\tstp\tx29, x30, [sp, -{S}]!", f"\t.cfi_def_cfa_offset {S}",
                    f"\t.cfi_offset 29, -{S}", f"\t.cfi_offset 30, -{S - 8}", "\tmov\tx29, sp"]
            epilogue += ["\tmov\tsp, x29"] if self.dynamic else []
            epilogue += [f"\tldp\tx29, x30, [sp], {S}", "\t.cfi_restore 30",
                         "\t.cfi_restore 29", "\t.cfi_def_cfa_offset 0"]
        else:
            o = self.out_size
            out += self.sp_adjust("sub", S) + [f"\t.cfi_def_cfa_offset {S}"]
            out += [f"\tstp\tx29, x30, [sp, {o}]" if o else "\tstp\tx29, x30, [sp]",
                    f"\t.cfi_offset 29, -{S - o}", f"\t.cfi_offset 30, -{S - o - 8}",
                    f"\tadd\tx29, sp, {o}" if o else "\tmov\tx29, sp"]
            if self.dynamic:
                epilogue += [f"\tsub\tsp, x29, #{o}" if o else "\tmov\tsp, x29"]
            epilogue += [f"\tldp\tx29, x30, [sp, {o}]" if o else "\tldp\tx29, x30, [sp]"]
            epilogue += self.sp_adjust("add", S)
            epilogue += ["\t.cfi_restore 29", "\t.cfi_restore 30", "\t.cfi_def_cfa_offset 0"]
        out += lines
        out.append(f"{self.return_label}:")
        out += self.capture(lambda: self.loc(fn.end_pos))
        out += epilogue + ["\tret"]
        return out

    @staticmethod
    def sp_adjust(op, n):
        hi, lo = n & ~0xFFF, n & 0xFFF
        out = []
        if hi:
            out.append(f"\t{op}\tsp, sp, #{hi >> 12}, lsl 12")
        if lo or not hi:
            out.append(f"\t{op}\tsp, sp, #{lo}" if op == "sub" else f"\t{op}\tsp, sp, {lo}")
        return out

    def save_varargs_registers(self):
        gr = self.slot(self.gr_area)
        for i in range(self.gr_named, 8):
            self.mem_op("str", 8, i, gr.plus(8 * i))
        vr = self.slot(self.vr_area)
        for i in range(8):
            base = "sp" if vr.base == "sp" else f"x{vr.base}"
            self.emit(f"str\tq{i}, [{base}, {vr.offset + 16 * i}]")

    def slot(self, depth):
        if self.dynamic:
            # x29 points at the saved x29, x30 just above the outgoing argument area.
            return Addr(29, self.S - self.out_size - depth)
        return Addr("sp", self.S - depth)

    # -- memory access -----------------------------------------------------------------------
    def mem_op(self, op, w, reg, addr, size=None):
        """ldr/str (with b/h/sb/sh variants via op) of register `reg` at addr."""
        size = size or w
        off = addr.offset
        base = "sp" if addr.base == "sp" else f"x{addr.base}"
        if off == 0:
            self.emit(f"{op}\t{r(reg, w)}, [{base}]")
        elif off % size == 0 and 0 <= off <= 4095 * size:
            self.emit(f"{op}\t{r(reg, w)}, [{base}, {off}]")
        elif -256 <= off < 256:
            self.emit(f"{op.replace('ldr', 'ldur').replace('str', 'stur')}\t{r(reg, w)}, "
                      f"[{base}, {off}]")
        else:
            self.load_imm(16, off, 8)
            self.emit(f"add\tx16, {base}, x16")
            self.emit(f"{op}\t{r(reg, w)}, [x16]")

    def load(self, t, addr, reg=0):
        """Load into x<reg>/w<reg>, or v<reg> for floating types (reg may also name an
        FP register, "d2")."""
        if t.is_array or t.is_record or t.is_function:
            self.address_of(addr, reg)
            return
        if is_fp(t):
            self.mem_op("ldr", t.size, reg if isinstance(reg, str) else fr(reg, t), addr,
                        t.size)
            return
        size = t.size
        if size == 8:
            self.mem_op("ldr", 8, reg, addr)
        elif size == 4:
            self.mem_op("ldr", 4, reg, addr)
        elif size == 2:
            self.mem_op("ldrsh" if t.signed else "ldrh", 4, reg, addr, 2)
        else:
            self.mem_op("ldrsb" if t.signed and not t.is_bool else "ldrb", 4, reg, addr, 1)

    def store(self, t, addr, reg=0):
        if is_fp(t):
            self.mem_op("str", t.size, reg if isinstance(reg, str) else fr(reg, t), addr,
                        t.size)
            return
        size = t.size
        self.store_w(size, reg, addr)

    def store_w(self, size, reg, addr):
        op = {1: "strb", 2: "strh", 4: "str", 8: "str"}[size]
        self.mem_op(op, 8 if size == 8 else 4, reg, addr, size)

    def address_of(self, addr, reg):
        base = "sp" if addr.base == "sp" else f"x{addr.base}"
        if addr.offset == 0:
            if base != f"x{reg}":
                self.emit(f"mov\tx{reg}, {base}")
        elif 0 < addr.offset <= 4095:
            self.emit(f"add\tx{reg}, {base}, {addr.offset}")
        elif -4095 <= addr.offset < 0:
            self.emit(f"sub\tx{reg}, {base}, #{-addr.offset}")
        else:
            self.load_imm(16, addr.offset, 8)
            self.emit(f"add\tx{reg}, {base}, x16")

    def symbol_address(self, name, reg):
        self.emit(f"adrp\tx{reg}, {name}")
        self.emit(f"add\tx{reg}, x{reg}, :lo12:{name}")

    def var_addr(self, sym, reg):
        if sym.storage in ("auto", "param"):
            return self.slot(sym.offset)
        self.symbol_address(sym.asm_name, reg)
        return Addr(reg)

    def lvalue(self, e, reg=0):
        """Address of lvalue e, using register `reg` if it needs computing."""
        if isinstance(e, VarRef):
            return self.var_addr(e.sym, reg)
        if isinstance(e, StringLit):
            self.symbol_address(self.string_label(e), reg)
            return Addr(reg)
        if isinstance(e, Member):
            return self.lvalue(e.base, reg).plus(e.offset)
        if isinstance(e, Deref):
            p = e.pointer
            if isinstance(p, Binary) and p.op in ("+", "-") and isinstance(p.right, Const) \
                    and p.type.is_pointer and -4096 < p.right.value < 4096:
                off = p.right.value if p.op == "+" else -p.right.value
                return self.lvalue(Deref(p.left, e.type), reg).plus(off)
            if isinstance(p, AddrOf):
                return self.lvalue(p.operand, reg)
            if isinstance(p, VarRef) and reg != 0:
                self.load(p.type, self.var_addr(p.sym, reg), reg)
                return Addr(reg)
            self.gen(p)
            if reg != 0:
                self.emit(f"mov\tx{reg}, x0")
            return Addr(reg)
        if isinstance(e, Call) and e.type.is_record:
            return self.gen_Call(e)          # the result's slot in our frame
        if isinstance(e, Comma):
            self.gen_discard(e.left)
            return self.lvalue(e.right, reg)
        if isinstance(e, Assign) and e.type.is_record and self.address_is_cheap(e.target):
            # `(a = b).m`: copy, then address the target again (that has no side effects).
            self.gen_Assign(e, discard=True)
            return self.lvalue(e.target, reg)
        if e.type.is_record:
            # Any other structure value (`?:`, a statement expression, an assignment to
            # a target with side effects...): its code leaves the object's address in x0.
            self.gen(e)
            if reg != 0:
                self.emit(f"mov\tx{reg}, x0")
            return Addr(reg)
        raise AssertionError(f"not an lvalue: {type(e).__name__}")

    def lvalue_is_stable(self, e):
        if isinstance(e, VarRef):
            return e.sym.storage in ("auto", "param")
        if isinstance(e, Member):
            return self.lvalue_is_stable(e.base)
        if isinstance(e, Deref) and isinstance(e.pointer, AddrOf):
            return self.lvalue_is_stable(e.pointer.operand)
        return False

    # -- constants ---------------------------------------------------------------------------
    def load_imm(self, reg, v, w):
        v = _unsigned(v, w)
        chunks = [(v >> (16 * i)) & 0xFFFF for i in range(w // 2)]
        inv = [(~c) & 0xFFFF for c in chunks]
        if sum(1 for c in chunks if c) <= 1:
            self.emit(f"mov\t{r(reg, w)}, {v}")
        elif sum(1 for c in inv if c) <= 1:
            self.emit(f"mov\t{r(reg, w)}, {_signed(v, w)}")
        else:
            first = True
            for i, c in enumerate(chunks):
                if c == 0:
                    continue
                if first:
                    self.emit(f"mov\t{r(reg, w)}, {c << (16 * i)}" if i == 0 else
                              f"movz\t{r(reg, w)}, {c}, lsl {16 * i}")
                    first = False
                else:
                    self.emit(f"movk\t{r(reg, w)}, 0x{c:x}, lsl {16 * i}")

    # -- jumps -------------------------------------------------------------------------------
    def jump(self, label):
        self.emit(f"b\t{label}")

    def load_const_result(self, v):
        self.emit(f"mov\tw0, {v}")

    # -- expressions -------------------------------------------------------------------------
    def gen(self, e):
        getattr(self, "gen_" + type(e).__name__)(e)

    def gen_discard(self, e):
        if isinstance(e, (Assign, CompoundAssign, IncDec)):
            getattr(self, "gen_" + type(e).__name__)(e, discard=True)
        elif isinstance(e, Cast) and e.type.is_void:
            self.gen_discard(e.operand)
        elif isinstance(e, Comma):
            self.gen_discard(e.left)
            self.gen_discard(e.right)
        elif isinstance(e, (Const, VarRef, FloatConst)):
            pass
        else:
            self.gen(e)

    def spill(self, t, reg=0):
        if is_ld(t):
            # A q register needs a 16-byte slot (the frame's reusable temps are 8 bytes).
            slot = self.free_qtemps.pop() if self.free_qtemps else self.frame.alloc(16, 16)
            self.mem_op("str", 16, fr(reg, t), self.slot(slot), 16)
            return slot
        slot = self.frame.temp()
        self.mem_op("str", 8, fr(reg, t) if is_fp(t) else reg, self.slot(slot),
                    t.size if is_fp(t) else 8)
        return slot

    def reload(self, t, slot, reg=0):
        if is_ld(t):
            self.mem_op("ldr", 16, fr(reg, t), self.slot(slot), 16)
            self.free_qtemps.append(slot)
            return
        self.mem_op("ldr", 8, fr(reg, t) if is_fp(t) else reg, self.slot(slot),
                    t.size if is_fp(t) else 8)
        self.frame.release(slot)

    def simple(self, e):
        """Can be loaded into any one register using only that register (floating
        values: using only x17 besides their v register)."""
        if isinstance(e, (Const, StringLit, FloatConst)):
            return True
        if isinstance(e, VarRef):
            return e.sym.kind == "var" or e.sym.kind == "func"
        if isinstance(e, AddrOf):
            return isinstance(e.operand, (VarRef, StringLit)) or (
                isinstance(e.operand, Member) and self.lvalue_is_stable(e.operand))
        if isinstance(e, Member):
            return self.lvalue_is_stable(e)
        return False

    def load_into(self, e, reg):
        """Load a `simple` expression into register reg."""
        if is_fp(e.type):
            if isinstance(e, FloatConst):
                self.gen_FloatConst(e, reg)
            else:
                self.load(e.type, self.lvalue(e, 17), reg)
            return
        if isinstance(e, Const):
            self.load_imm(reg, e.value, width(e.type))
        elif isinstance(e, StringLit):
            self.symbol_address(self.string_label(e), reg)
        elif isinstance(e, AddrOf):
            x = e.operand
            if isinstance(x, VarRef) and x.sym.kind == "func":
                self.symbol_address(x.sym.asm_name, reg)
            else:
                addr = self.lvalue(x, reg)
                self.address_of(addr, reg)
        else:
            self.load(e.type, self.lvalue(e, reg), reg)

    def gen_Const(self, e):
        self.load_imm(0, e.value, width(e.type))

    def gen_FloatConst(self, e, reg=0):
        """fmov when the value has an 8-bit immediate form, else from bits: a float
        through w16, a double from the .rodata pool."""
        import math
        v, t = e.value, e.type
        if is_ld(t):
            # No immediate form for a q register: +0 by movi, anything else from .rodata
            # (through add, as GCC does, so the load needs no 16-byte-scaled relocation).
            x = v if isinstance(v, ExtFloat) else ExtFloat(v)
            if x.kind == "finite" and x.exact == 0 and not x.negative:
                self.emit(f"movi\tv{reg}.2d, #0")
                return
            lbl = self.float_label(x, t)
            self.emit(f"adrp\tx16, {lbl}")
            self.emit(f"add\tx16, x16, :lo12:{lbl}")
            self.emit(f"ldr\tq{reg}, [x16]")
            return
        if v == 0 and math.copysign(1.0, v) > 0:
            self.emit(f"movi\td{reg}, #0")
        elif fmov_imm(v) is not None:
            self.emit(f"fmov\t{fr(reg, t)}, {fmov_imm(v)}")
        elif t.size == 4:
            from .common import float_words
            self.load_imm(16, float_words(v, 4)[0], 4)
            self.emit(f"fmov\ts{reg}, w16")
        else:
            lbl = self.float_label(v, t)
            self.emit(f"adrp\tx16, {lbl}")
            self.emit(f"ldr\td{reg}, [x16, #:lo12:{lbl}]")

    def gen_StringLit(self, e):
        self.load_into(e, 0)

    def gen_VarRef(self, e):
        self.load(e.type, self.lvalue(e, 0), 0)

    def gen_Deref(self, e):
        self.load(e.type, self.lvalue(e, 0), 0)

    def gen_Member(self, e):
        self.load(e.type, self.lvalue(e, 0), 0)

    def gen_AddrOf(self, e):
        x = e.operand
        if isinstance(x, Deref):
            self.gen(x.pointer)
            return
        self.load_into(e, 0) if self.simple(e) else self.address_of(self.lvalue(x, 0), 0)

    def gen_Cast(self, e):
        if e.type.is_void:
            self.gen_discard(e.operand)
            return
        self.gen(e.operand)
        self.convert(e.operand.type, e.type)

    def convert(self, src, dst, reg=0):
        if dst.is_void or src.is_record:
            return
        if is_fp(src) or is_fp(dst):
            return self.convert_fp(src, dst, reg)
        if dst.is_integer and dst.is_bool:
            if src.is_integer and src.is_bool:
                return
            self.emit(f"cmp\t{r(reg, width(src))}, 0")
            self.emit(f"cset\t{r(reg, 4)}, ne")
            return
        ssize, dsize = src.size, dst.size
        ssigned = getattr(src, "signed", False)
        if dsize == 8:
            if ssize < 8:
                self.emit(f"{'sxtw' if ssigned else 'uxtw'}\tx{reg}, w{reg}")
            return
        if dsize < 4 and (dsize < ssize or dst.signed != ssigned or ssize > 4):
            if dst.signed:
                self.emit(f"sxt{'b' if dsize == 1 else 'h'}\tw{reg}, w{reg}")
            else:
                self.emit(f"and\tw{reg}, w{reg}, {255 if dsize == 1 else 65535}")

    def convert_fp(self, src, dst, n):
        """Between floating types (fcvt), from integers (scvtf/ucvtf) and to them
        (fcvtzs/fcvtzu, which saturate; then narrowed as C says)."""
        if is_ld(src) or is_ld(dst):
            return self.convert_ld(src, dst, n)
        if is_fp(src) and is_fp(dst):
            if src.size != dst.size:
                self.emit(f"fcvt\t{fr(n, dst)}, {fr(n, src)}")
            return
        if is_fp(dst):
            ins = "scvtf" if src.signed else "ucvtf"
            self.emit(f"{ins}\t{fr(n, dst)}, {r(n, 8 if src.size == 8 else 4)}")
            return
        if dst.is_bool:
            self.emit(f"fcmp\t{fr(n, src)}, #0.0")
            self.emit(f"cset\tw{n}, ne")
            return
        ins = "fcvtzs" if dst.signed else "fcvtzu"
        self.emit(f"{ins}\t{r(n, 8 if dst.size == 8 else 4)}, {fr(n, src)}")
        if dst.size < 4:
            self.convert(T.INT if dst.signed else T.UINT, dst, n)

    def convert_ld(self, src, dst, n):
        """To or from long double: each is a libgcc call, value in and out in register 0.
        Integers narrower than int are already extended in w0 and convert as int does;
        _Bool, as GCC has it, as unsigned."""
        if is_ld(src) and is_ld(dst):
            return
        if n != 0:
            raise AssertionError("long double conversion outside register 0")
        if is_ld(dst):
            if is_fp(src):
                self.libcall("__extendsftf2" if src.size == 4 else "__extenddftf2")
            else:
                signed = src.signed and not src.is_bool
                self.libcall(f"__float{'' if signed else 'un'}{'d' if src.size == 8 else 's'}"
                             "itf")
            return
        if is_fp(dst):
            self.libcall("__trunctfsf2" if dst.size == 4 else "__trunctfdf2")
            return
        if dst.is_bool:
            self.ld_truth("__netf2")
            self.emit("cset\tw0, ne")
            return
        self.libcall(f"__fix{'' if dst.signed else 'uns'}tf{'di' if dst.size == 8 else 'si'}")
        if dst.size < 4:
            self.convert(T.INT if dst.signed else T.UINT, dst, 0)

    def libcall(self, name):
        """A call to a soft-float routine of libgcc (ours: libc's softfp), which may
        clobber every caller-saved register, x0-x18 and v0-v7, v16-v31 alike."""
        self.emit(f"bl\t{name}")
        self.made_call = True
        if name not in self.fn_libcalls:
            self.fn_libcalls.append(name)

    def ld_truth(self, routine):
        """Compare the long double in q0 with +0 (NaN is unequal, so true), leaving the
        flags to test with ne/eq."""
        self.emit("movi\tv1.2d, #0")
        self.libcall(routine)
        self.emit("cmp\tw0, 0")

    def vmove(self, dst, src, t):
        if is_ld(t):
            self.emit(f"mov\tv{dst}.16b, v{src}.16b")
        else:
            self.emit(f"fmov\t{fr(dst, t)}, {fr(src, t)}")

    def gen_Unary(self, e):
        if is_ld(e.operand.type):
            self.gen(e.operand)
            if e.op == "-":
                # Negation only flips the sign bit (bit 63 of the high doubleword), as
                # GCC does; using only x0 keeps it `cheap`.
                self.emit("fmov\tx0, v0.d[1]")
                self.emit("eor\tx0, x0, -9223372036854775808")
                self.emit("fmov\tv0.d[1], x0")
            else:
                self.ld_truth("__eqtf2")
                self.emit("cset\tw0, eq")
            return
        if is_fp(e.operand.type):
            t = e.operand.type
            self.gen(e.operand)
            if e.op == "-":
                self.emit(f"fneg\t{fr(0, t)}, {fr(0, t)}")
            else:
                self.emit(f"fcmp\t{fr(0, t)}, #0.0")
                self.emit("cset\tw0, eq")
            return
        self.gen(e.operand)
        w = width(e.operand.type)
        if e.op == "-":
            self.emit(f"neg\t{r(0, w)}, {r(0, w)}")
        elif e.op == "~":
            self.emit(f"mvn\t{r(0, w)}, {r(0, w)}")
        else:
            self.emit(f"cmp\t{r(0, w)}, 0")
            self.emit("cset\tw0, eq")

    def gen_Logical(self, e):
        self.gen_logical(e)

    def gen_Comma(self, e):
        self.gen_discard(e.left)
        self.gen(e.right)

    def gen_Conditional(self, e):
        other, end = self.new_label(), self.new_label()
        self.branch(e.cond, other, False)
        (self.gen_discard if e.type.is_void else self.gen)(e.then)
        self.jump(end)
        self.label(other)
        (self.gen_discard if e.type.is_void else self.gen)(e.other)
        self.label(end)

    def operands(self, l, r_):
        """Bring l into w1/x1 and r into w0/x0 (GCC's order for `l op r`)."""
        if self.simple(l) and self.simple(r_):
            self.load_into(l, 1)
            self.load_into(r_, 0)
            return
        if self.simple(l):
            self.gen(r_)
            self.load_into(l, 1)
            return
        self.gen(l)
        if self.simple(r_):
            self.emit("mov\tx1, x0")
            self.load_into(r_, 0)
            return
        slot = self.frame.temp()
        self.mem_op("str", 8, 0, self.slot(slot))
        self.gen(r_)
        self.mem_op("ldr", 8, 1, self.slot(slot))
        self.frame.release(slot)

    def fp_operands(self, a, b):
        """a into v1, b into v0 (GCC's order for `a op b`)."""
        t = a.type
        if self.simple(a) and self.simple(b):
            self.load_into(a, 1)
            self.load_into(b, 0)
        elif self.simple(a):
            self.gen(b)
            self.load_into(a, 1)
        elif self.simple(b):
            self.gen(a)
            self.vmove(1, 0, t)
            self.load_into(b, 0)
        else:
            self.gen(a)
            slot = self.spill(t)
            self.gen(b)
            self.reload(t, slot, 1)

    def ld_operands(self, a, b):
        """a into q0, b into q1: the arguments of a soft-float routine (GCC loads q1
        first). Nothing stays in a register across the evaluation of an operand."""
        t = a.type
        if self.simple(a) and self.simple(b):
            self.load_into(b, 1)
            self.load_into(a, 0)
        elif self.simple(a):
            self.gen(b)
            self.vmove(1, 0, t)
            self.load_into(a, 0)
        elif self.simple(b):
            self.gen(a)
            self.load_into(b, 1)
        else:
            self.gen(a)
            slot = self.spill(t)
            self.gen(b)
            self.vmove(1, 0, t)
            self.reload(t, slot, 0)

    def fp_compare(self, e):
        """fcmpe for the ordered relations (they signal on NaN), fcmp for equality;
        long double: the routine's result against 0."""
        t = e.left.type
        if is_ld(t):
            self.ld_operands(e.left, e.right)
            self.libcall(_TF_CMP[e.op])
            self.emit("cmp\tw0, 0")
            return _COND[e.op]
        self.fp_operands(e.left, e.right)
        ins = "fcmp" if e.op in ("==", "!=") else "fcmpe"
        self.emit(f"{ins}\t{fr(1, t)}, {fr(0, t)}")
        return _FCOND[e.op]

    def gen_Binary(self, e):
        if is_fp(e.left.type):
            t = e.left.type
            if is_ld(t) and e.op in _TF_ALU:
                self.ld_operands(e.left, e.right)
                self.libcall(_TF_ALU[e.op])
            elif e.op in _FP_ALU:
                self.fp_operands(e.left, e.right)
                self.emit(f"{_FP_ALU[e.op]}\t{fr(0, t)}, {fr(1, t)}, {fr(0, t)}")
            else:
                cond = self.fp_compare(e)
                self.emit(f"cset\tw0, {cond}")
            return
        w = width(e.left.type)
        op = e.op
        if op in ("+", "-") and isinstance(e.right, Const) and 0 <= e.right.value <= 4095:
            self.gen(e.left)
            self.emit(f"{'add' if op == '+' else 'sub'}\t{r(0, w)}, {r(0, w)}, {e.right.value}")
            return
        if op in ("<<", ">>") and isinstance(e.right, Const):
            self.gen(e.left)
            self.shift_imm(e, w, e.right.value & (8 * w - 1))
            return
        if op == "/exact" and isinstance(e.right, Const) and _pow2(e.right.value):
            self.gen(e.left)
            self.emit(f"asr\t{r(0, w)}, {r(0, w)}, {e.right.value.bit_length() - 1}")
            return
        if op == "*" and isinstance(e.right, Const) and _pow2(e.right.value):
            self.gen(e.left)
            self.emit(f"lsl\t{r(0, w)}, {r(0, w)}, {e.right.value.bit_length() - 1}")
            return
        self.operands(e.left, e.right)
        self.apply(e.op, e.left.type, w)

    def shift_imm(self, e, w, n):
        signed = getattr(e.left.type, "signed", False)
        ins = "lsl" if e.op == "<<" else ("asr" if signed else "lsr")
        self.emit(f"{ins}\t{r(0, w)}, {r(0, w)}, {n}")

    def apply(self, op, t, w):
        """w0 = w1 op w0, for operands of type t."""
        a, b, d = r(1, w), r(0, w), r(0, w)
        signed = getattr(t, "signed", False)
        if op in _ALU:
            self.emit(f"{_ALU[op]}\t{d}, {a}, {b}")
        elif op in ("/", "/exact"):
            self.emit(f"{'sdiv' if signed or op == '/exact' else 'udiv'}\t{d}, {a}, {b}")
        elif op == "%":
            self.emit(f"{'sdiv' if signed else 'udiv'}\t{r(2, w)}, {a}, {b}")
            self.emit(f"msub\t{d}, {r(2, w)}, {b}, {a}")
        elif op in ("<<", ">>"):
            ins = "lsl" if op == "<<" else ("asr" if signed else "lsr")
            self.emit(f"{ins}\t{d}, {a}, {r(0, w)}")
        else:
            cond = (_COND if signed else _COND_U)[op]
            self.emit(f"cmp\t{a}, {b}")
            self.emit(f"cset\tw0, {cond}")

    def compare_branch(self, e, target, when):
        if is_fp(e.left.type):
            cond = self.fp_compare(e)
            self.emit(f"b{cond if when else _NEGATE[cond]}\t{target}")
            return
        w = width(e.left.type)
        signed = getattr(e.left.type, "signed", False)
        cond = (_COND if signed else _COND_U)[e.op]
        if isinstance(e.right, Const) and 0 <= e.right.value <= 4095:
            self.gen(e.left)
            self.emit(f"cmp\t{r(0, w)}, {e.right.value}")
        else:
            self.operands(e.left, e.right)
            self.emit(f"cmp\t{r(1, w)}, {r(0, w)}")
        if not when:
            cond = _NEGATE[cond]
        self.emit(f"b{cond}\t{target}")

    def test_branch(self, e, target, when):
        if is_ld(e.type):
            self.gen(e)
            self.ld_truth("__netf2")
            self.emit(f"b{'ne' if when else 'eq'}\t{target}")
            return
        if is_fp(e.type):
            self.gen(e)
            self.emit(f"fcmp\t{fr(0, e.type)}, #0.0")
            self.emit(f"b{'ne' if when else 'eq'}\t{target}")
            return
        w = width(e.type)
        self.gen(e)
        self.emit(f"cmp\t{r(0, w)}, 0")
        self.emit(f"b{'ne' if when else 'eq'}\t{target}")

    def switch_dispatch(self, s, default):
        self.gen(s.expr)
        w = width(s.expr.type)
        jt = self.jump_table(s, default)
        if jt is not None:
            return self.jump_table_dispatch(jt, w, default)
        for c in s.cases:
            if c.high is not None:
                # case lo ... hi: one unsigned compare of x - lo against hi - lo.
                self.load_imm(1, c.value, w)
                self.emit(f"sub\t{r(1, w)}, {r(0, w)}, {r(1, w)}")
                self.load_imm(2, _unsigned(c.high - c.value, w), w)
                self.emit(f"cmp\t{r(1, w)}, {r(2, w)}")
                self.emit(f"bls\t{c.label}")
                continue
            v = _unsigned(c.value, w)
            if v <= 4095:
                self.emit(f"cmp\t{r(0, w)}, {v}")
            else:
                self.load_imm(1, c.value, w)
                self.emit(f"cmp\t{r(0, w)}, {r(1, w)}")
            self.emit(f"beq\t{c.label}")
        self.jump(default)

    jump_table_threshold = 11

    # -- inline assembly: the AArch64 side --------------------------------------------------
    asm_comment = "//"
    asm_pool = [f"x{n}" for n in range(16)]
    callee_saved = {f"x{n}" for n in range(19, 29)}

    def asm_reg_name(self, name):
        if len(name) > 1 and name[0] in "xw" and name[1:].isdigit() and int(name[1:]) < 31:
            return "x" + name[1:]
        return None

    def asm_save(self, regs):
        for r_ in regs:
            self.emit(f"str\t{r_}, [sp, -16]!")

    def asm_restore(self, regs):
        for r_ in reversed(regs):
            self.emit(f"ldr\t{r_}, [sp], 16")

    def asm_load(self, op, r_):
        n = int(r_[1:])
        if op.kind == "mem":
            self.load(op.slot.type, self.var_addr(op.slot, n), n)
        else:
            self.load(op.type, self.var_addr(op.slot, n), n)

    def asm_store(self, op, r_):
        n = int(r_[1:])
        self.store(op.type, self.var_addr(op.slot, n), n)

    def asm_operand_text(self, op, r_, mod, s):
        if op.kind == "imm":
            return str(op.value)
        n = int(r_[1:])
        if op.kind == "mem":
            return f"[x{n}]"
        if mod == "w" or (mod != "x" and op.type.size <= 4):
            return f"w{n}"
        return f"x{n}"

    def jump_table_dispatch(self, jt, w, default):
        """GCC -O0's table: x - low, one unsigned bound check, then a .rodata table of
        word offsets (in instructions) from the `adr` anchor after the `br`."""
        lo, hi, labels = jt
        x = r(0, w)
        if lo:
            v = _signed(lo, w)
            if 0 < v <= 4095:
                self.emit(f"sub\t{x}, {x}, #{v}")
            elif -4095 <= v < 0:
                self.emit(f"add\t{x}, {x}, {-v}")
            else:
                self.load_imm(1, lo, w)
                self.emit(f"sub\t{x}, {x}, {r(1, w)}")
        n = hi - lo
        if n <= 4095:
            self.emit(f"cmp\t{x}, {n}")
        else:
            self.load_imm(1, n, w)
            self.emit(f"cmp\t{x}, {r(1, w)}")
        self.emit(f"bhi\t{default}")
        table = self.new_label()
        anchor = f".Lrtx{table[2:]}"
        self.emit(f"adrp\tx1, {table}")
        self.emit(f"add\tx1, x1, :lo12:{table}")
        self.emit("ldr\tw0, [x1,w0,uxtw #2]")
        self.emit(f"adr\tx1, {anchor}")
        self.emit("add\tx0, x1, w0, sxtw #2")
        self.emit("br\tx0")
        self.label(anchor)
        self.emit(".section\t.rodata")
        self.emit(".align\t0")
        self.emit(".align\t2")
        self.label(table)
        for lbl in labels:
            self.emit(f".word\t({lbl} - {anchor}) / 4")
        self.emit(self.function_section_directive())

    # -- builtins ----------------------------------------------------------------------------
    def gen_Builtin(self, e):
        if e.name == "trap":
            self.emit("brk\t#1000")
            return
        if e.name == "stack_save":         # (around the blocks that hold VLAs)
            self.emit("mov\tx0, sp")
            return
        if e.name == "stack_restore":
            self.gen(e.args[0])
            self.emit("mov\tsp, x0")
            return
        self.gen(e.args[0])
        w = width(e.args[0].type)
        x = r(0, w)
        if e.name == "clz":
            self.emit(f"clz\t{x}, {x}")
        elif e.name == "ctz":
            self.emit(f"rbit\t{x}, {x}")
            self.emit(f"clz\t{x}, {x}")
        elif e.name == "popcount":
            self.emit(f"fmov\t{'d0' if w == 8 else 's0'}, {x}")
            self.emit("cnt\tv0.8b, v0.8b")
            self.emit("addv\tb0, v0.8b")
            self.emit("fmov\tw0, s0")
        elif e.name == "alloca":
            # Round up to 16 and move sp down; the block starts above the outgoing
            # argument area at the bottom of the frame (slots are addressed off x29).
            self.emit("add\tx0, x0, 15")
            self.emit("and\tx0, x0, -16")
            self.emit("sub\tsp, sp, x0")
            self.emit(f"add\tx0, sp, {self.out_size}")
        elif e.name == "bswap":
            if e.type.size == 2:
                self.emit("rev16\tw0, w0")
                self.emit("and\tw0, w0, 65535")
            else:
                self.emit(f"rev\t{x}, {x}")
        else:
            self.unsupported(e, f"__builtin_{e.name}")

    # -- assignment --------------------------------------------------------------------------
    def record_temp(self, t):
        """The frame depth of a new frame object for a structure value."""
        return self.frame.alloc(t.size, max(t.align, 8))

    def gen_Assign(self, e, discard=False):
        t = e.target.type
        if t.is_record:
            dst = self.copy_record(e.target, e.value)
            if not discard:
                # The value of a structure assignment: the target's object, after it.
                self.address_of(dst, 0)
            return
        if isinstance(e.value, Const) and e.value.value == 0 and self.lvalue_is_stable(e.target):
            self.store_w(t.size, "zr", self.lvalue(e.target))     # str wzr, [sp, 28]
            if not discard:
                self.gen(e.value)
            return
        if self.lvalue_is_stable(e.target):
            self.gen(e.value)
            self.store(t, self.lvalue(e.target))
            return
        if self.cheap(e.value):
            addr = self.lvalue(e.target, 1)
            self.gen(e.value)
            self.store(t, addr)
            return
        self.gen(e.value)
        slot = self.spill(t)
        addr = self.lvalue(e.target, 1)
        self.reload(t, slot)
        self.store(t, addr)

    def cheap(self, e):
        """Evaluating e touches only x0."""
        if isinstance(e, Const):
            return True
        if isinstance(e, VarRef):
            return e.sym.kind == "var"
        if isinstance(e, Member):
            return self.lvalue_is_stable(e)
        if isinstance(e, Cast):
            # (a conversion to or from long double is a call)
            return is_ld(e.type) == is_ld(e.operand.type) and self.cheap(e.operand)
        if isinstance(e, Unary) and e.op in ("-", "~"):
            return self.cheap(e.operand)
        return False

    def copy_record(self, target, value):
        size = target.type.size
        self.address_of(self.lvalue(value, 0), 0)
        if self.lvalue_is_stable(target):
            dst = self.lvalue(target)
            self.emit("mov\tx2, x0")
        else:
            slot = self.frame.temp()
            self.mem_op("str", 8, 0, self.slot(slot))
            dst = self.lvalue(target, 1)
            self.mem_op("ldr", 8, 2, self.slot(slot))
            self.frame.release(slot)
        self.copy_bytes(Addr(2), dst, size)
        return dst

    def copy_bytes(self, src, dst, size):
        off = 0
        for chunk in (8, 4, 2, 1):
            while size - off >= chunk:
                op = {1: "b", 2: "h", 4: "", 8: ""}[chunk]
                self.mem_op("ldr" + op, 8 if chunk == 8 else 4, 3, src.plus(off), chunk)
                self.mem_op("str" + op, 8 if chunk == 8 else 4, 3, dst.plus(off), chunk)
                off += chunk

    def rmw_address(self, target):
        """Address of a read-modify-write target; a computed one is kept in x3, which
        the arithmetic between load and store does not touch."""
        if self.lvalue_is_stable(target):
            return self.lvalue(target)
        addr = self.lvalue(target, 0)
        if addr.base != "sp":
            self.emit(f"mov\tx3, x{addr.base}")
            return Addr(3, addr.offset)
        return addr

    def ld_rmw_address(self, target):
        """(address, slot) of a read-modify-write target whose update calls soft-float
        routines: a computed address cannot wait in a register across them, so it waits
        in a frame slot (reloaded into x1 by ld_rmw_reload)."""
        if self.lvalue_is_stable(target):
            return self.lvalue(target), None
        addr = self.lvalue(target, 0)
        if addr.base in ("sp", 29):
            return addr, None
        slot = self.frame.temp()
        self.mem_op("str", 8, addr.base, self.slot(slot))
        return addr, slot

    def ld_rmw_reload(self, addr, slot):
        if slot is None:
            return addr
        self.mem_op("ldr", 8, 1, self.slot(slot))
        self.frame.release(slot)
        return Addr(1, addr.offset)

    def gen_CompoundAssign(self, e, discard=False):
        t, opt = e.target.type, e.op_type
        if is_ld(opt):
            # old value (converted) in q0, the operand in q1, the routine, back to t.
            vslot = None
            if not self.simple(e.value):
                self.gen(e.value)
                vslot = self.spill(opt)
            addr, aslot = self.ld_rmw_address(e.target)
            self.load(t, addr, 0)
            self.convert(t, opt)
            if vslot is not None:
                self.reload(opt, vslot, 1)
            else:
                self.load_into(e.value, 1)
            self.libcall(_TF_ALU[e.op])
            self.convert(opt, t)
            self.store(t, self.ld_rmw_reload(addr, aslot))
            return
        if is_fp(t) or is_fp(opt):
            slot = None
            if not self.simple(e.value):
                self.gen(e.value)
                slot = self.spill(opt)
            addr = self.rmw_address(e.target)
            self.load(t, addr, 1)
            self.convert(t, opt, 1)
            if slot is not None:
                self.reload(opt, slot)
            else:
                self.load_into(e.value, 0)
            self.emit(f"{_FP_ALU[e.op]}\t{fr(0, opt)}, {fr(1, opt)}, {fr(0, opt)}")
            self.convert(opt, t)
            self.store(t, addr)
            return
        w = width(opt)
        slot = None
        if not self.simple(e.value):
            self.gen(e.value)
            slot = self.frame.temp()
            self.mem_op("str", 8, 0, self.slot(slot))
        addr = self.rmw_address(e.target)
        self.load(t, addr, 1)
        self.convert(t, opt, 1)
        if slot is not None:
            self.mem_op("ldr", 8, 0, self.slot(slot))
            self.frame.release(slot)
        else:
            self.load_into(e.value, 0)
        self.apply(e.op, opt if e.op not in ("<<", ">>") else opt, w)
        self.convert(opt, t)
        self.store(t, addr)

    def gen_IncDec(self, e, discard=False):
        t = e.target.type
        w = width(t)
        if is_ld(t):
            addr, aslot = self.ld_rmw_address(e.target)
            self.load(t, addr, 0)
            old = self.spill(t) if not e.prefix and not discard else None
            self.gen_FloatConst(FloatConst(ExtFloat(1), t), 1)
            self.libcall("__addtf3" if e.op == "+" else "__subtf3")
            self.store(t, self.ld_rmw_reload(addr, aslot))
            if old is not None:
                self.reload(t, old)
            return
        addr = self.rmw_address(e.target)
        if is_fp(t):
            self.load(t, addr, 0)
            self.emit(f"fmov\t{fr(1, t)}, 1.0e+0")
            ins = "fadd" if e.op == "+" else "fsub"
            self.emit(f"{ins}\t{fr(1, t)}, {fr(0, t)}, {fr(1, t)}")
            self.store(t, addr, 1)
            if e.prefix and not discard:
                self.emit(f"fmov\t{fr(0, t)}, {fr(1, t)}")
            return
        self.load(t, addr, 0)
        ins = "add" if e.op == "+" else "sub"
        if t.is_integer and t.is_bool:
            self.emit("mov\tw1, 1" if e.op == "+" else "eor\tw1, w0, 1")
        else:
            self.emit(f"{ins}\t{r(1, w)}, {r(0, w)}, {e.amount}")
        self.store(t, addr, 1)
        if e.prefix and not discard:
            self.load(t, addr, 0)

    # -- calls -------------------------------------------------------------------------------
    def check_record(self, t, pos):
        return t

    @staticmethod
    def by_reference(t):
        """AAPCS64: a composite over 16 bytes that is not an HFA goes by reference
        (arguments) or through x8 (results)."""
        return t.is_record and t.size > 16 and not aapcs_hfa(t)

    def address_is_cheap(self, e):
        """lvalue(e, reg) uses only register reg."""
        if self.lvalue_is_stable(e) or isinstance(e, (VarRef, StringLit)):
            return True
        if isinstance(e, Member):
            return self.address_is_cheap(e.base)
        return isinstance(e, Deref) and isinstance(e.pointer, VarRef)

    def load_eightbyte(self, addr, n, dest):
        """Load the n (<= 8) bytes at addr into x<dest>, zero-extended, never reading past
        them (the struct may end at the end of a page). x11 is scratch."""
        if n >= 8:
            self.mem_op("ldr", 8, dest, addr)
            return
        off = 0
        for chunk in (4, 2, 1):
            while n - off >= chunk:
                rn = dest if off == 0 else 11
                self.mem_op({4: "ldr", 2: "ldrh", 1: "ldrb"}[chunk], 4, rn, addr.plus(off),
                            chunk)
                if off:
                    self.emit(f"orr\tx{dest}, x{dest}, x11, lsl {8 * off}")
                off += chunk

    def return_record(self, e):
        """`return s;` for a structure: in x0/x1 up to 16 bytes, else into the buffer
        whose address came in x8."""
        size = self.check_record(e.type, e.pos).size
        addr = self.lvalue(e, 2)
        hfa = aapcs_hfa(e.type)
        if hfa:
            elem, count = hfa
            for k in range(count):
                self.load(elem, addr.plus(k * elem.size), fr(k, elem))
            return
        if self.sret_slot is not None:
            self.mem_op("ldr", 8, 1, self.slot(self.sret_slot))
            self.copy_bytes(addr, Addr(1), size)
            return
        for k in reversed(range((size + 7) // 8)):
            self.load_eightbyte(addr.plus(8 * k), min(8, size - 8 * k), k)

    def gen_Call(self, e):
        """Returns, for a call whose result is a structure, the frame slot holding it
        (its address is also left in x0)."""
        args = e.args
        ret = e.type
        rdepth = None
        if ret.is_record:
            self.check_record(ret, e.pos)
            rdepth = self.frame.alloc((ret.size + 7) // 8 * 8, max(ret.align, 8))
        gr = vr = 0
        stack = 0
        places = []
        for a in args:
            t = a.type
            hfa = aapcs_hfa(t)
            if is_fp(t) or hfa:
                count = hfa[1] if hfa else 1
                if vr + count <= 8:
                    places.append(("hfa" if hfa else "vreg", vr, None))
                    vr += count
                else:
                    vr = 8
                    stack = _stack_align(stack, t)
                    places.append(("stack", stack, None))
                    stack += (t.size + 7) // 8 * 8
                continue
            if t.is_record and self.by_reference(t):
                # A copy in our frame, passed by reference.
                copy = self.frame.alloc(t.size, max(t.align, 8))
                if gr < 8:
                    places.append(("refreg", gr, copy))
                    gr += 1
                else:
                    places.append(("refstack", stack, copy))
                    stack += 8
                continue
            n = (t.size + 7) // 8 if t.is_record else 1
            if gr + n <= 8:
                places.append(("regs" if t.is_record else "reg", gr, None))
                gr += n
            else:
                gr = 8
                places.append(("stack", stack, None))
                stack += 8 * n
        self.out_args = max(self.out_args, stack)
        direct = e.direct
        fslot = None
        if direct is None and not self.simple(e.func):
            self.gen(e.func)
            fslot = self.frame.temp()
            self.mem_op("str", 8, 0, self.slot(fslot))
        temps = {}
        # GCC for AArch64 evaluates the arguments left to right (x86-64: right to left).
        # Anything that needs more than one register (or calls) is computed first into a
        # frame slot; for a structure, its address is.
        for i in range(len(args)):
            a = args[i]
            if a.type.is_record:
                if self.address_is_cheap(a):
                    continue
                self.address_of(self.lvalue(a, 0), 0)
            elif self.simple(a):
                continue
            else:
                self.gen(a)
            temps[i] = self.spill(a.type if is_fp(a.type) else T.LONG)

        def record_address(i, reg):
            if i in temps:
                self.mem_op("ldr", 8, reg, self.slot(temps[i]))
                return Addr(reg)
            return self.lvalue(args[i], reg)

        for i in reversed(range(len(args))):
            kind, where, copy = places[i]
            a = args[i]
            if kind in ("refreg", "refstack"):
                src = record_address(i, 2)
                dst = self.slot(copy)
                self.copy_bytes(src, dst, a.type.size)
                if kind == "refstack":
                    self.address_of(dst, 0)
                    self.mem_op("str", 8, 0, Addr("sp", where))
            elif kind == "stack":
                if a.type.is_record:
                    src = record_address(i, 2)
                    self.copy_bytes(src, Addr("sp", where), (a.type.size + 7) // 8 * 8)
                    continue
                if is_fp(a.type):
                    if i in temps:
                        self.reload(a.type, temps.pop(i))
                    else:
                        self.load_into(a, 0)
                    self.store(a.type, Addr("sp", where))
                    continue
                w = width(a.type)
                if i in temps:
                    self.mem_op("ldr", 8, 0, self.slot(temps[i]))
                else:
                    self.load_into(a, 0)
                self.store_w(8 if w == 8 else 4, 0, Addr("sp", where))
        for i in reversed(range(len(args))):
            kind, where, copy = places[i]
            a = args[i]
            if kind == "vreg":
                if i in temps:
                    self.reload(a.type, temps.pop(i), where)
                else:
                    self.load_into(a, where)
            elif kind == "hfa":
                elem, count = aapcs_hfa(a.type)
                addr = record_address(i, 10)
                for k in range(count):
                    self.load(elem, addr.plus(k * elem.size), fr(where + k, elem))
            elif kind == "refreg":
                self.address_of(self.slot(copy), where)
            elif kind == "regs":
                addr = record_address(i, 10)
                size = a.type.size
                for k in reversed(range((size + 7) // 8)):
                    self.load_eightbyte(addr.plus(8 * k), min(8, size - 8 * k), where + k)
            elif kind == "reg":
                if i in temps:
                    self.mem_op("ldr", width(a.type), where, self.slot(temps[i]))
                else:
                    self.load_into(a, where)
        for slot in temps.values():
            self.frame.release(slot)
        if ret.is_record and self.by_reference(ret):
            self.address_of(self.slot(rdepth), 8)
        if direct is not None:
            self.emit(f"bl\t{direct.asm_name}")
        else:
            # The callee's address goes in x9, which carries no argument.
            if fslot is not None:
                self.mem_op("ldr", 8, 9, self.slot(fslot))
                self.frame.release(fslot)
            else:
                self.load_into(e.func, 9)
            self.emit("blr\tx9")
        if ret.is_record:
            result = self.slot(rdepth)
            hfa = aapcs_hfa(ret)
            if hfa:
                elem, count = hfa
                for k in range(count):
                    self.store(elem, result.plus(k * elem.size), fr(k, elem))
            elif ret.size <= 16:
                for k in range((ret.size + 7) // 8):
                    self.mem_op("str", 8, k, result.plus(8 * k))
            self.address_of(result, 0)
            return result
        if ret.is_integer and ret.size < 4:
            if ret.signed and not ret.is_bool:
                self.emit(f"sxt{'b' if ret.size == 1 else 'h'}\tw0, w0")
            else:
                self.emit(f"and\tw0, w0, {255 if ret.size == 1 else 65535}")

    # -- varargs -----------------------------------------------------------------------------
    def gen_VaStart(self, e):
        self.gen(e.ap)
        self.address_of(self.slot(-self.stack_named), 1)     # __stack
        self.emit("str\tx1, [x0]")
        self.address_of(self.slot(0), 1)                       # __gr_top
        self.emit("str\tx1, [x0, 8]")
        self.address_of(self.slot(GR_SAVE), 1)                 # __vr_top
        self.emit("str\tx1, [x0, 16]")
        self.load_imm(1, -8 * (8 - self.gr_named), 4)
        self.emit("str\tw1, [x0, 24]")
        self.load_imm(1, -16 * (8 - self.vr_named), 4)
        self.emit("str\tw1, [x0, 28]")

    def gen_VaArg(self, e):
        """From the general (__gr_offs, 8-byte steps) or the FP/SIMD (__vr_offs, 16-byte
        steps) save area while its offset is negative, else from __stack."""
        stack, done = self.new_label(), self.new_label()
        fp = is_fp(e.type)
        offs, top, step = (28, 16, 16) if fp else (24, 8, 8)
        self.gen(e.ap)
        self.emit("mov\tx2, x0")
        self.emit(f"ldr\tw3, [x2, {offs}]")
        self.emit("cmp\tw3, 0")
        self.emit(f"bge\t{stack}")
        self.emit(f"add\tw4, w3, {step}")
        self.emit(f"str\tw4, [x2, {offs}]")
        self.emit("cmp\tw4, 0")
        self.emit(f"bgt\t{stack}")
        self.emit(f"ldr\tx1, [x2, {top}]")
        self.emit("add\tx1, x1, w3, sxtw")
        self.jump(done)
        self.label(stack)
        self.emit("ldr\tx1, [x2]")
        if e.type.align >= 16:
            # (a long double's stack slot is 16-aligned, 16 bytes)
            self.emit("add\tx1, x1, 15")
            self.emit("and\tx1, x1, -16")
        self.emit(f"add\tx4, x1, {max(8, (e.type.size + 7) // 8 * 8)}")
        self.emit("str\tx4, [x2]")
        self.label(done)
        if fp and e.type.size == 4:       # (a float argument arrives as a double)
            self.load(T.DOUBLE, Addr(1), 0)
            self.convert(T.DOUBLE, e.type)
            return
        self.load(e.type, Addr(1), 0)

    def gen_VaCopy(self, e):
        self.gen(e.src)
        slot = self.frame.temp()
        self.mem_op("str", 8, 0, self.slot(slot))
        self.gen(e.dest)
        self.emit("mov\tx1, x0")
        self.mem_op("ldr", 8, 2, self.slot(slot))
        self.frame.release(slot)
        self.copy_bytes(Addr(2), Addr(1), 32)

    # -- local initializers ----------------------------------------------------------------
    def init_local(self, s):
        base = self.slot(s.sym.offset)
        if s.zero_fill:
            off = 0
            size = s.sym.type.size
            for chunk in (8, 4, 2, 1):
                while size - off >= chunk:
                    self.store_w(chunk, "zr", base.plus(off))
                    off += chunk
        for init in s.inits:
            addr = base.plus(init.offset)
            if init.data is not None:
                off = 0
                for chunk in (8, 4, 2, 1):
                    while len(init.data) - off >= chunk:
                        v = int.from_bytes(init.data[off:off + chunk], "little")
                        if v == 0:
                            self.store_w(chunk, "zr", addr.plus(off))
                        else:
                            self.load_imm(0, v, 8 if chunk == 8 else 4)
                            self.store_w(chunk, 0, addr.plus(off))
                        off += chunk
            elif init.type.is_record:
                self.address_of(self.lvalue(init.expr, 0), 0)
                self.emit("mov\tx2, x0")
                self.copy_bytes(Addr(2), addr, init.type.size)
            elif isinstance(init.expr, Const) and init.expr.value == 0:
                if not s.zero_fill:
                    self.store_w(init.type.size, "zr", addr)
            else:
                self.gen(init.expr)
                self.store(init.type, addr)


def raise_unsupported(e, what):
    from ...diagnostics import ToolError, error
    f, line, col = e.pos or (None, 0, 0)
    raise ToolError([error(f, line, col, f"not supported yet: {what}")])


def _ends_in_return(block):
    items = getattr(block, "items", None)
    return bool(items) and isinstance(items[-1], Return)


def _has_call(e):
    if isinstance(e, (Call, VaArg)):
        return True
    for attr in ("operand", "left", "right", "pointer", "base", "target", "value", "cond",
                 "then", "other", "ap"):
        sub = getattr(e, attr, None)
        if sub is not None and hasattr(sub, "type") and _has_call(sub):
            return True
    return False


def _stack_align(offset, t):
    """AAPCS64 C.6: a floating-point argument or HFA on the stack starts at a multiple of
    its natural alignment (16 for long double and HFAs of it), at least 8."""
    return (offset + 15) // 16 * 16 if t.align >= 16 else offset


def _pow2(v):
    return v > 0 and v & (v - 1) == 0
