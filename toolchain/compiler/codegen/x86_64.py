"""x86-64 code generation, System V ABI, AT&T syntax, shaped like GCC -O0.

Expression values end up in %rax (%eax for 32-bit and narrower values, which are kept
sign- or zero-extended to 32 bits as their type says); float and double values in %xmm0
(SSE2 scalar instructions, %xmm1 the second operand, .LC constants in .rodata); long double
values on top of the x87 register stack, %st(0), as GCC computes them (see "x87 long double"
below). A right operand that is a constant
or a variable is used in place (`addl -8(%rbp), %eax`); otherwise it is computed first and
handed over in %edx (or %ecx for division and shifts, which need %edx and %cl). Values that
must survive the evaluation of another operand are kept in frame slots, as GCC -O0 keeps
everything in memory.
"""
from __future__ import annotations

from .. import types as T
from ..tree import (AddrOf, Assign, Binary, Call, Cast, Comma, CompoundAssign, Conditional,
                    Const, Deref, FloatConst, IncDec, Logical, Member, Return, StringLit, Unary, VaArg,
                    VaCopy, VaStart, VarRef, StmtExpr, Builtin)
from ..extfloat import ExtFloat
from .abi import INTEGER, SSE, has_float, sysv_classify, sysv_x87_record
from .common import CodeGen, Frame

ARG_REGS = ["rdi", "rsi", "rdx", "rcx", "r8", "r9"]
_NAMES = {
    "rax": ("rax", "eax", "ax", "al"), "rbx": ("rbx", "ebx", "bx", "bl"),
    "rcx": ("rcx", "ecx", "cx", "cl"), "rdx": ("rdx", "edx", "dx", "dl"),
    "rsi": ("rsi", "esi", "si", "sil"), "rdi": ("rdi", "edi", "di", "dil"),
    "r8": ("r8", "r8d", "r8w", "r8b"), "r9": ("r9", "r9d", "r9w", "r9b"),
    "r10": ("r10", "r10d", "r10w", "r10b"), "r11": ("r11", "r11d", "r11w", "r11b"),
}
_INDEX = {8: 0, 4: 1, 2: 2, 1: 3}
SUFFIX = {1: "b", 2: "w", 4: "l", 8: "q"}
_JCC = {"==": "e", "!=": "ne", "<": "l", "<=": "le", ">": "g", ">=": "ge"}
_JCC_U = {"==": "e", "!=": "ne", "<": "b", "<=": "be", ">": "a", ">=": "ae"}
_NEGATE = {"e": "ne", "ne": "e", "l": "ge", "ge": "l", "le": "g", "g": "le", "b": "ae",
           "ae": "b", "be": "a", "a": "be"}
_ALU = {"+": "add", "-": "sub", "&": "and", "|": "or", "^": "xor"}
REG_SAVE_AREA = 176     # 6 GPRs * 8 + 8 XMMs * 16
_FP_ALU = {"+": "add", "-": "sub", "*": "mul", "/": "div"}
_FP_CC = {"<": "a", "<=": "ae", ">": "a", ">=": "ae"}      # after ordering the operands
_FP_NEGATE = {"a": "be", "ae": "b"}


def is_fp(t):
    return isinstance(t, T.FloatType)


def is_ld(t):
    """long double: x87 extended precision (80 bits in a 16-byte object), computed on the
    x87 register stack, never in SSE registers."""
    return isinstance(t, T.FloatType) and t.size == 16


# How many values may wait on the x87 stack (8 registers) while another operand is
# computed above them; past that, operands go through frame slots. An operation needs at
# most 3 registers of its own, so 4 waiting values never overflow the stack.
X87_WAITING = 4
# The x87 integer store each conversion uses (by C type size and signedness), as GCC picks
# it: the narrowest of 16/32/64 bits that holds every value of the type.
_FIST = {(1, True): 2, (1, False): 2, (2, True): 2, (2, False): 4, (4, True): 4,
         (4, False): 8, (8, True): 8, (8, False): 8}
_X87_SUFFIX = {2: "s", 4: "l", 8: "q"}


def _align(n, a):
    return (n + a - 1) // a * a


def sfx(t):
    """The scalar SSE suffix of a floating type: movss/addss or movsd/addsd."""
    return "ss" if t.size == 4 else "sd"


def pfx(t):
    """The packed suffix, for register copies and bit operations: movaps/movapd."""
    return "ps" if t.size == 4 else "pd"


def _positive_zero(v):
    import math
    return v == 0 and math.copysign(1.0, v) > 0


def reg(name, size):
    return "%" + _NAMES[name][_INDEX[size]]


def width(t):
    """Registers hold values of at least 32 bits."""
    return 8 if t.size == 8 and not t.is_record and not t.is_array else 4


def fits_imm32(v):
    return -2 ** 31 <= v < 2 ** 31


class Mem:
    """A memory operand: disp(base) or sym+disp(%rip)."""

    def __init__(self, base, disp=0, sym=None):
        self.base, self.disp, self.sym = base, disp, sym

    def plus(self, n):
        return Mem(self.base, self.disp + n, self.sym)

    @property
    def stable(self):
        """Addressed off %rbp or %rip: stays valid while other code runs."""
        return self.base in ("rbp", "rip")

    def __str__(self):
        if self.sym is not None:
            d = f"{self.disp:+d}" if self.disp else ""
            return f"{self.sym}{d}(%rip)"
        if self.disp == 0:
            return f"(%{self.base})"
        return f"{self.disp}(%{self.base})"


def _signed32(v):
    v &= 0xFFFFFFFF
    return v - (1 << 32) if v >> 31 else v


def _signed64(v):
    v &= (1 << 64) - 1
    return v - (1 << 64) if v >> 63 else v


def _contains_call(e):
    if isinstance(e, (Call, VaArg, StmtExpr)):
        return True
    for attr in ("operand", "left", "right", "pointer", "base", "target", "value", "cond",
                 "then", "other", "ap"):
        sub = getattr(e, attr, None)
        if sub is not None and hasattr(sub, "type") and _contains_call(sub):
            return True
    return False


class X86_64CodeGen(CodeGen):
    globl = ".globl"
    type_prefix = "@"
    data_words = {1: ".byte", 2: ".value", 4: ".long", 8: ".quad"}

    def emit_align(self, align):
        if align > 1:
            self.emit(f".align {align}")

    def data_alignment(self, t):
        # GCC (DATA_ALIGNMENT) gives big aggregates 32- or 16-byte alignment on x86-64.
        if (t.is_array or t.is_record) and t.size >= 32:
            return max(t.align, 32)
        if (t.is_array or t.is_record) and t.size >= 16:
            return max(t.align, 16)
        return t.align

    # -- functions ---------------------------------------------------------------------------
    def function_body(self, fn):
        self.frame = Frame()
        self.ld_free = []           # released 16-byte frame temporaries (long double)
        self.cw_slots = None        # the x87 control word, saved and truncating
        self.x87_waiting = 0        # values held on the x87 stack under the current one
        self.breaks, self.continues, self.user_labels = [], [], {}
        self.return_label = self.new_label()
        self.return_used = False
        ft = fn.sym.type
        self.reg_save = None
        if ft.variadic:
            self.reg_save = -self.frame.alloc(REG_SAVE_AREA, 16)
        for sym in fn.locals:
            sym.offset = -self.frame.alloc(sym.type.size, max(self.slot_align(sym.type),
                                                              sym.align or 1))
        if fn.locals:
            self.frame.alloc(0, 16)
        # Parameters: the first six INTEGER-class ones come in registers and are spilled
        # to their slots; the rest stay where the caller put them, above the return address.
        self.gp_named = 0
        self.sse_named = 0
        stack_pos = 16
        spills = []
        self.sret_slot = None
        if ft.ret.is_record and self.record_classes(ft.ret, fn.pos) is None and \
                not sysv_x87_record(ft.ret):
            # A MEMORY-class result: the caller's buffer comes as a hidden first argument
            # in %rdi, and goes back in %rax.
            self.sret_slot = -self.frame.alloc(8, 8)
            self.gp_named = 1
        for p in fn.params:
            t = p.type
            if t.is_record:
                cls = self.record_classes(t, fn.pos)
                regs = self.take_registers(cls, self.gp_named, self.sse_named)
                if regs is None:
                    p.offset = stack_pos = _align(stack_pos, max(t.align, 8))
                    stack_pos += (t.size + 7) // 8 * 8
                    continue
                p.offset = -self.frame.alloc(len(cls) * 8, max(t.align, 8))
                spills.append((p, regs))
                self.gp_named += cls.count(INTEGER)
                self.sse_named += cls.count(SSE)
                continue
            if is_ld(t):
                # Class X87: always in memory, in a 16-byte aligned slot.
                p.offset = stack_pos = _align(stack_pos, 16)
                stack_pos += 16
                continue
            if is_fp(t):
                if self.sse_named < 8:
                    p.offset = -self.frame.alloc(t.size, t.align)
                    spills.append((p, [f"xmm{self.sse_named}"]))
                    self.sse_named += 1
                else:
                    p.offset = stack_pos
                    stack_pos += 8
                continue
            if self.gp_named < 6:
                p.offset = -self.frame.alloc(t.size, t.align)
                spills.append((p, [ARG_REGS[self.gp_named]]))
                self.gp_named += 1
            else:
                p.offset = stack_pos
                stack_pos += 8
        self.stack_named = stack_pos - 16
        entry_loc = self.capture(lambda: self.loc(fn.pos))

        def body():
            if self.sret_slot is not None:
                self.emit(f"movq\t%rdi, {self.sret_slot}(%rbp)")
            for p, regs in spills:
                if is_fp(p.type):
                    self.emit(f"mov{sfx(p.type)}\t%{regs[0]}, {Mem('rbp', p.offset)}")
                    continue
                if p.type.is_record:
                    for i, r in enumerate(regs):
                        if r.startswith("xmm"):
                            self.emit(f"movq\t%{r}, {Mem('rbp', p.offset + 8 * i)}")
                            continue
                        left = p.type.size - 8 * i
                        self.store_reg(r, min(left, 8) if left < 8 else 8,
                                       Mem("rbp", p.offset + 8 * i), partial=True)
                    continue
                self.store_reg(regs[0], p.type.size, Mem("rbp", p.offset))
            if ft.variadic:
                self.save_varargs_registers()
            self.stmt(fn.body)
            if fn.sym.name == "main" and not self.ends_in_return(fn.body) and \
                    ft.ret == T.INT:
                self.emit("movl\t$0, %eax")
        lines = self.capture(body)
        while lines and lines[-1].strip() == f"jmp\t{self.return_label}":
            lines.pop()
        frame_size = (self.frame.max_depth + 15) // 16 * 16
        leaf = not fn.calls
        dynamic = getattr(fn, "dynamic_stack", False)     # alloca moved %rsp
        # (the red zone below %rsp is no place for slots when alloca moves %rsp)
        use_sub = frame_size > 0 and (not leaf or frame_size > 128 or dynamic)
        out = entry_loc + [
            "\t.cfi_startproc", "\tpushq\t%rbp", "\t.cfi_def_cfa_offset 16",
            "\t.cfi_offset 6, -16", "\tmovq\t%rsp, %rbp", "\t.cfi_def_cfa_register 6"]
        if use_sub:
            out.append(f"\tsubq\t${frame_size}, %rsp")
        out += lines
        out.append(f"{self.return_label}:")
        out += self.capture(lambda: self.loc(fn.end_pos))
        out += ["\tleave" if use_sub or dynamic else "\tpopq\t%rbp", "\t.cfi_def_cfa 7, 8",
                "\tret"]
        return self.drop_unused_labels(out)

    def function_header(self, fn):
        super().function_header(fn)

    @staticmethod
    def ends_in_return(block):
        items = getattr(block, "items", None)
        return bool(items) and isinstance(items[-1], Return)

    @staticmethod
    def slot_align(t):
        # The ABI aligns arrays of 16 bytes or more to 16.
        if t.is_array and t.size >= 16:
            return 16
        return t.align

    def save_varargs_registers(self):
        for i in range(self.gp_named, 6):
            self.emit(f"movq\t{reg(ARG_REGS[i], 8)}, {self.reg_save + 8 * i}(%rbp)")
        skip = self.new_label()
        self.emit("testb\t%al, %al")
        self.emit(f"je\t{skip}")
        for i in range(8):
            self.emit(f"movaps\t%xmm{i}, {self.reg_save + 48 + 16 * i}(%rbp)")
        self.label(skip)

    def store_reg(self, r, size, mem, partial=False):
        if size in (1, 2) and not partial:
            # GCC -O0 moves through %eax to store a narrow parameter.
            self.emit(f"movl\t{reg(r, 4)}, %eax")
            self.emit(f"mov{SUFFIX[size]}\t{reg('rax', size)}, {mem}")
            return
        if size not in (1, 2, 4, 8):
            size = 8
        self.emit(f"mov{SUFFIX[size]}\t{reg(r, size)}, {mem}")

    # -- jumps -------------------------------------------------------------------------------
    def jump(self, label):
        self.emit(f"jmp\t{label}")

    def load_const_result(self, v):
        self.emit(f"movl\t${v}, %eax")

    # -- memory operands -------------------------------------------------------------------
    def var_mem(self, sym):
        if sym.storage in ("auto", "param"):
            return Mem("rbp", sym.offset)
        return Mem("rip", 0, sym.asm_name)

    def lvalue(self, e, into="rax"):
        """The memory operand designating lvalue e, computing a pointer into `into` if
        one is needed."""
        if isinstance(e, VarRef):
            return self.var_mem(e.sym)
        if isinstance(e, StringLit):
            return Mem("rip", 0, self.string_label(e))
        if isinstance(e, Member):
            return self.lvalue(e.base, into).plus(e.offset)
        if isinstance(e, Deref):
            p = e.pointer
            if isinstance(p, Binary) and p.op in ("+", "-") and isinstance(p.right, Const) \
                    and p.type.is_pointer and fits_imm32(p.right.value):
                off = p.right.value if p.op == "+" else -p.right.value
                return self.lvalue(Deref(p.left, e.type), into).plus(off)
            if isinstance(p, AddrOf):
                return self.lvalue(p.operand, into)
            if isinstance(p, VarRef) and into != "rax":
                self.emit(f"movq\t{self.var_mem(p.sym)}, {reg(into, 8)}")
                return Mem(into)
            self.gen(p)
            if into != "rax":
                self.emit(f"movq\t%rax, {reg(into, 8)}")
            return Mem(into)
        if isinstance(e, Call) and e.type.is_record:
            return self.gen_Call(e)          # the result's slot in our frame
        if isinstance(e, Comma):
            self.gen_discard(e.left)
            return self.lvalue(e.right, into)
        if isinstance(e, Assign) and e.type.is_record and self.address_is_cheap(e.target):
            # `(a = b).m`: copy, then address the target again (that has no side effects).
            self.gen_Assign(e, discard=True)
            return self.lvalue(e.target, into)
        if e.type.is_record:
            # Any other structure value (`?:`, a statement expression, an assignment to
            # a target with side effects...): its code leaves the object's address in %rax.
            self.gen(e)
            if into != "rax":
                self.emit(f"movq\t%rax, {reg(into, 8)}")
            return Mem(into)
        raise AssertionError(f"not an lvalue: {type(e).__name__}")

    def load(self, mem, t, dest="rax"):
        """Load a value of type t into dest, extended to 32 bits as C's type says."""
        if t.is_array or t.is_record or t.is_function:
            self.emit(f"leaq\t{mem}, {reg(dest, 8)}")
            return
        if is_ld(t):
            self.emit(f"fldt\t{mem}")
            return
        if is_fp(t):
            x = "xmm0" if dest == "rax" else dest
            self.emit(f"mov{sfx(t)}\t{mem}, %{x}")
            return
        size = t.size
        if size == 8:
            self.emit(f"movq\t{mem}, {reg(dest, 8)}")
        elif size == 4:
            self.emit(f"movl\t{mem}, {reg(dest, 4)}")
        elif size == 2:
            self.emit(f"mov{'s' if t.signed else 'z'}wl\t{mem}, {reg(dest, 4)}")
        else:
            self.emit(f"mov{'s' if t.signed and not t.is_bool else 'z'}bl\t{mem}, {reg(dest, 4)}")

    def store(self, t, mem, src="rax"):
        """Store the value of type t from src (%rax), %xmm0, or the x87 stack, which it
        pops (`fstpt`: there is no storing 80-bit form that keeps the value)."""
        if is_ld(t):
            self.emit(f"fstpt\t{mem}")
            return
        if is_fp(t):
            x = "xmm0" if src == "rax" else src
            self.emit(f"mov{sfx(t)}\t%{x}, {mem}")
            return
        size = t.size
        self.emit(f"mov{SUFFIX[size]}\t{reg(src, size)}, {mem}")

    def spill(self, t):
        """Keep the value of type t (in %rax or %xmm0) in a new frame temporary."""
        if is_ld(t):
            slot = self.ld_free.pop() if self.ld_free else self.frame.alloc(16, 16)
            self.emit(f"fstpt\t{-slot}(%rbp)")
            return slot
        slot = self.frame.temp()
        if is_fp(t):
            self.emit(f"mov{sfx(t)}\t%xmm0, {-slot}(%rbp)")
        else:
            self.emit(f"movq\t%rax, {-slot}(%rbp)")
        return slot

    def reload(self, t, slot, dest="rax"):
        """Bring back a spilled value (and free its slot)."""
        if is_ld(t):
            self.emit(f"fldt\t{-slot}(%rbp)")
            self.ld_free.append(slot)
            return
        if is_fp(t):
            x = "xmm0" if dest == "rax" else dest
            self.emit(f"mov{sfx(t)}\t{-slot}(%rbp), %{x}")
        else:
            self.emit(f"movq\t{-slot}(%rbp), {reg(dest, 8)}")
        self.frame.release(slot)

    def release_temp(self, t, slot):
        if is_ld(t):
            self.ld_free.append(slot)
        else:
            self.frame.release(slot)

    def fp_operand(self, e):
        """e as the memory source operand of an SSE instruction, if it can be one."""
        if not is_fp(e.type) or is_ld(e.type):
            return None
        if isinstance(e, FloatConst):
            return f"{self.float_label(e.value, e.type)}(%rip)"
        if isinstance(e, VarRef) and e.sym.kind == "var":
            return str(self.var_mem(e.sym))
        if isinstance(e, Member) and self.lvalue_is_stable(e):
            return str(self.lvalue(e))
        return None

    def operand(self, e, size):
        """e as a direct source operand of a `size`-byte instruction, if it can be one."""
        if isinstance(e, Const):
            v = e.value
            if size == 4:
                return f"${_signed32(v)}"
            if fits_imm32(_signed64(v)):
                return f"${_signed64(v)}"
            return None
        if isinstance(e, VarRef) and e.sym.kind == "var" and e.type.is_scalar and \
                e.type.size == size:
            return str(self.var_mem(e.sym))
        return None

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
            if is_ld(e.type):
                self.emit("fstp\t%st(0)")      # the x87 stack is left as it was

    def gen_FloatConst(self, e, dest="xmm0"):
        if is_ld(e.type):
            if _positive_zero(e.value):
                self.emit("fldz")
            elif e.value == 1:
                self.emit("fld1")
            else:
                self.emit(f"fldt\t{self.float_label(e.value, e.type)}(%rip)")
            return
        if _positive_zero(e.value):
            self.emit(f"pxor\t%{dest}, %{dest}")
        else:
            self.emit(f"mov{sfx(e.type)}\t{self.float_label(e.value, e.type)}(%rip), %{dest}")

    def gen_Const(self, e):
        v = e.value
        if width(e.type) == 8:
            v = _signed64(v)
            if 0 <= v < 2 ** 31:
                self.emit(f"movl\t${v}, %eax")
            elif fits_imm32(v):
                self.emit(f"movq\t${v}, %rax")
            else:
                self.emit(f"movabsq\t${v}, %rax")
        else:
            self.emit(f"movl\t${_signed32(v)}, %eax")

    def gen_StringLit(self, e):
        self.emit(f"leaq\t{self.string_label(e)}(%rip), %rax")

    def gen_VarRef(self, e):
        self.load(self.var_mem(e.sym), e.type)

    def gen_Deref(self, e):
        self.load(self.lvalue(e), e.type)

    def gen_Member(self, e):
        self.load(self.lvalue(e), e.type)

    def gen_AddrOf(self, e):
        x = e.operand
        if isinstance(x, VarRef) and x.sym.kind == "func":
            self.emit(f"leaq\t{x.sym.asm_name}(%rip), %rax")
            return
        if isinstance(x, Deref):
            self.gen(x.pointer)
            return
        mem = self.lvalue(x)
        if str(mem) != "(%rax)":
            self.emit(f"leaq\t{mem}, %rax")

    def gen_Cast(self, e):
        src, dst = e.operand.type, e.type
        if dst.is_void:
            self.gen_discard(e.operand)
            return
        if is_ld(dst) and self.ld_load_variable(e.operand):
            return
        self.gen(e.operand)
        self.convert(src, dst)

    def ld_load_variable(self, x, emit=True):
        """(long double)x for a variable x that the x87 loads and converts itself, as GCC
        does: fildl -4(%rbp), flds -4(%rbp). Says whether it did (or, emit=False, could)."""
        if not (isinstance(x, VarRef) and x.sym.kind == "var"):
            return False
        t = x.type
        if is_fp(t) and not is_ld(t):
            ins = f"fld{'s' if t.size == 4 else 'l'}"
        elif t.is_integer and not t.is_bool and t.signed and t.size in _X87_SUFFIX:
            ins = f"fild{_X87_SUFFIX[t.size]}"
        else:
            return False
        if emit:
            self.emit(f"{ins}\t{self.var_mem(x.sym)}")
        return True

    def convert(self, src, dst):
        """Convert the value in %rax (integers, pointers) or %xmm0 (floating) from type
        src to type dst."""
        if dst.is_void or src.is_record:
            return
        if is_fp(src) or is_fp(dst):
            return self.convert_fp(src, dst)
        if dst.is_integer and dst.is_bool:
            if src.is_integer and src.is_bool:
                return
            w = width(src)
            self.emit(f"test{SUFFIX[w]}\t{reg('rax', w)}, {reg('rax', w)}")
            self.emit("setne\t%al")
            self.emit("movzbl\t%al, %eax")
            return
        ssize, dsize = src.size, dst.size
        ssigned = getattr(src, "signed", False)
        if dsize == 8:
            if ssize < 8:
                if ssigned:
                    self.emit("cltq")
                elif ssize == 4:
                    self.emit("movl\t%eax, %eax")
            return
        if dsize < 4:
            if dsize < ssize or dst.signed != ssigned or ssize > 4:
                ext = "s" if dst.signed else "z"
                self.emit(f"mov{ext}{SUFFIX[dsize]}l\t{reg('rax', dsize)}, %eax")

    def convert_fp(self, src, dst):
        """GCC's conversions between the floating types and from/to every integer type
        (cvtsi2sd, cvttsd2si, and its sequences for unsigned long)."""
        if is_ld(src) or is_ld(dst):
            return self.convert_ld(src, dst)
        if is_fp(src) and is_fp(dst):
            if src.size != dst.size:
                self.emit(f"cvt{sfx(src)}2{sfx(dst)}\t%xmm0, %xmm0")
            return
        if is_fp(dst):
            s = sfx(dst)
            if src.size < 4 or (src.size == 4 and src.signed):
                self.emit("pxor\t%xmm0, %xmm0")
                self.emit(f"cvtsi2{s}l\t%eax, %xmm0")
            elif src.size == 4:
                self.emit("movl\t%eax, %eax")
                self.emit("pxor\t%xmm0, %xmm0")
                self.emit(f"cvtsi2{s}q\t%rax, %xmm0")
            elif src.signed:
                self.emit("pxor\t%xmm0, %xmm0")
                self.emit(f"cvtsi2{s}q\t%rax, %xmm0")
            else:
                # Unsigned 64-bit: halve (keeping the low bit so rounding is right),
                # convert as signed, double.
                big, done = self.new_label(), self.new_label()
                self.emit("testq\t%rax, %rax")
                self.emit(f"js\t{big}")
                self.emit("pxor\t%xmm0, %xmm0")
                self.emit(f"cvtsi2{s}q\t%rax, %xmm0")
                self.jump(done)
                self.label(big)
                self.emit("movq\t%rax, %rdx")
                self.emit("shrq\t%rdx")
                self.emit("andl\t$1, %eax")
                self.emit("orq\t%rax, %rdx")
                self.emit("pxor\t%xmm0, %xmm0")
                self.emit(f"cvtsi2{s}q\t%rdx, %xmm0")
                self.emit(f"add{s}\t%xmm0, %xmm0")
                self.label(done)
            return
        s = sfx(src)
        if dst.is_bool:
            # Nonzero, NaN included, is true.
            self.emit("pxor\t%xmm1, %xmm1")
            self.emit(f"ucomi{s}\t%xmm1, %xmm0")
            self.emit("setne\t%al")
            self.emit("setp\t%dl")
            self.emit("orl\t%edx, %eax")
            self.emit("movzbl\t%al, %eax")
            return
        if dst.size == 8 and not dst.signed and not dst.is_pointer:
            big, done = self.new_label(), self.new_label()
            limit = self.float_label(2.0 ** 63, src)
            self.emit(f"comi{s}\t{limit}(%rip), %xmm0")
            self.emit(f"jnb\t{big}")
            self.emit(f"cvtt{s}2siq\t%xmm0, %rax")
            self.jump(done)
            self.label(big)
            self.emit(f"sub{s}\t{limit}(%rip), %xmm0")
            self.emit(f"cvtt{s}2siq\t%xmm0, %rax")
            self.emit("btcq\t$63, %rax")
            self.label(done)
            return
        if dst.size == 8 or (dst.size == 4 and not dst.signed):
            self.emit(f"cvtt{s}2siq\t%xmm0, %rax")
            return
        self.emit(f"cvtt{s}2sil\t%xmm0, %eax")
        if dst.size < 4:
            self.convert(T.INT, dst)

    def gen_Unary(self, e):
        if is_fp(e.operand.type):
            return self.fp_unary(e)
        w = width(e.type if e.op != "!" else e.operand.type)
        self.gen(e.operand)
        if e.op == "-":
            self.emit(f"neg{SUFFIX[w]}\t{reg('rax', w)}")
        elif e.op == "~":
            self.emit(f"not{SUFFIX[w]}\t{reg('rax', w)}")
        else:
            self.emit(f"test{SUFFIX[w]}\t{reg('rax', w)}, {reg('rax', w)}")
            self.emit("sete\t%al")
            self.emit("movzbl\t%al, %eax")

    def gen_Logical(self, e):
        self.gen_logical(e)

    def gen_Comma(self, e):
        self.gen_discard(e.left)
        self.gen(e.right)

    def gen_Conditional(self, e):
        other, end = self.new_label(), self.new_label()
        self.branch(e.cond, other, False)
        if e.type.is_void:
            self.gen_discard(e.then)
        else:
            self.gen(e.then)
        self.jump(end)
        self.label(other)
        if e.type.is_void:
            self.gen_discard(e.other)
        else:
            self.gen(e.other)
        self.label(end)

    def fp_unary(self, e):
        t = e.operand.type
        self.gen(e.operand)
        if is_ld(t):
            if e.op == "-":
                self.emit("fchs")
                return
            self.ld_zero_test()
            self.emit("sete\t%al")
            self.emit("setnp\t%dl")
            self.emit("andl\t%edx, %eax")
            self.emit("movzbl\t%al, %eax")
            return
        if e.op == "-":
            # Flip the sign bit with a 16-byte mask, as GCC does.
            words = [0x80000000, 0, 0, 0] if t.size == 4 else [0, 0x80000000, 0, 0]
            mask = self.constant_label(words, 16)
            self.emit(f"mov{sfx(t)}\t{mask}(%rip), %xmm1")
            self.emit(f"xor{pfx(t)}\t%xmm1, %xmm0")
            return
        self.fp_zero_test(t)
        self.emit("sete\t%al")
        self.emit("setnp\t%dl")
        self.emit("andl\t%edx, %eax")
        self.emit("movzbl\t%al, %eax")

    def fp_zero_test(self, t):
        self.emit("pxor\t%xmm1, %xmm1")
        self.emit(f"ucomi{sfx(t)}\t%xmm1, %xmm0")

    # -- floating-point binary operators -----------------------------------------------------
    def fp_operands(self, a, b):
        """a into %xmm0; returns b as a source operand (memory, or %xmm1)."""
        t = a.type
        bop = self.fp_operand(b)
        if bop is not None:
            self.gen(a)
            return bop
        aop = self.fp_operand(a)
        if aop is not None:
            self.gen(b)
            self.emit(f"movap{pfx(t)[1]}\t%xmm0, %xmm1")
            self.emit(f"mov{sfx(t)}\t{aop}, %xmm0")
            return "%xmm1"
        self.gen(a)
        slot = self.spill(t)
        self.gen(b)
        self.emit(f"movap{pfx(t)[1]}\t%xmm0, %xmm1")
        self.reload(t, slot)
        return "%xmm1"

    def fp_compare(self, e):
        """Set the flags for comparison e; returns the condition (a/ae for the ordered
        relations, e/ne for equality, where the parity flag marks unordered)."""
        t = e.left.type
        if is_ld(t):
            return self.ld_compare(e)
        if e.op in ("<", "<="):                 # a < b is b > a: comisd a, b; seta
            src = self.fp_operands(e.right, e.left)
            self.emit(f"comi{sfx(t)}\t{src}, %xmm0")
        elif e.op in (">", ">="):
            src = self.fp_operands(e.left, e.right)
            self.emit(f"comi{sfx(t)}\t{src}, %xmm0")
        else:
            src = self.fp_operands(e.left, e.right)
            self.emit(f"ucomi{sfx(t)}\t{src}, %xmm0")
            return "e" if e.op == "==" else "ne"
        return _FP_CC[e.op]

    def fp_binary(self, e):
        t = e.left.type
        if is_ld(t) and e.op in _FP_ALU:
            return self.ld_arith(e.op, self.ld_operands(e.left, e.right))
        if e.op in _FP_ALU:
            src = self.fp_operands(e.left, e.right)
            self.emit(f"{_FP_ALU[e.op]}{sfx(t)}\t{src}, %xmm0")
            return
        cc = self.fp_compare(e)
        if cc == "e":
            self.emit("sete\t%al")
            self.emit("setnp\t%dl")
            self.emit("andl\t%edx, %eax")
        elif cc == "ne":
            self.emit("setne\t%al")
            self.emit("setp\t%dl")
            self.emit("orl\t%edx, %eax")
        else:
            self.emit(f"set{cc}\t%al")
        self.emit("movzbl\t%al, %eax")

    def fp_branch(self, cc, target, when):
        """Jump on the flags of an SSE comparison; unordered (PF=1) is false for
        everything but !=."""
        if cc in ("e", "ne"):
            if (cc == "e") == when:             # jump if equal and ordered
                skip = self.new_label()
                self.emit(f"jp\t{skip}")
                self.emit(f"je\t{target}")
                self.label(skip)
            else:                               # jump if unequal or unordered
                self.emit(f"jp\t{target}")
                self.emit(f"jne\t{target}")
            return
        self.emit(f"j{cc if when else _FP_NEGATE[cc]}\t{target}")

    # -- x87 long double ---------------------------------------------------------------------
    # A long double value is on top of the x87 register stack, %st(0); computing one pushes
    # one register, and whatever consumes it (a store, an operator, a conversion) pops it,
    # so the stack is empty again between statements and at every call, as the ABI wants.
    def ld_simple(self, e):
        """e loads onto the x87 stack with one instruction that touches nothing else."""
        if isinstance(e, FloatConst):
            return True
        if isinstance(e, VarRef):
            return e.sym.kind == "var"
        if isinstance(e, Cast):
            return self.ld_load_variable(e.operand, emit=False)
        return isinstance(e, Member) and self.lvalue_is_stable(e)

    def ld_object(self, e):
        """The memory operand of long double object e (a variable or a member of one)."""
        if isinstance(e, VarRef) and e.sym.kind == "var":
            return self.var_mem(e.sym)
        if isinstance(e, Member) and self.lvalue_is_stable(e):
            return self.lvalue(e)
        return None

    def ld_operands(self, a, b):
        """Push a, then b; returns True if they ended the other way round (b in %st(1))."""
        if self.ld_simple(b):
            self.gen(a)
            self.gen(b)
            return False
        if not _contains_call(b) and self.x87_waiting < X87_WAITING:
            self.gen(a)
            self.x87_waiting += 1
            self.gen(b)
            self.x87_waiting -= 1
            return False
        if self.ld_simple(a):
            self.gen(b)
            self.gen(a)
            return True
        # b calls a function, and the x87 stack must be empty across a call.
        self.gen(a)
        slot = self.spill(a.type)
        self.gen(b)
        self.reload(a.type, slot)
        return True

    def ld_arith(self, op, swapped):
        """%st(1) op %st(0) (or the reverse), popping one. In AT&T syntax `fsubrp %st,
        %st(1)` computes %st(1) - %st(0): GNU as swaps the r forms (and GCC writes them so)."""
        ins = {"+": "faddp", "*": "fmulp", "-": "fsubp" if swapped else "fsubrp",
               "/": "fdivp" if swapped else "fdivrp"}[op]
        self.emit(f"{ins}\t%st, %st(1)")

    def ld_compare(self, e):
        """Compare with fcomip (fucomip for equality), which set ZF, PF, CF as comisd does,
        so the SSE conditions apply: a < b is b > a, `seta` on b compared with a."""
        a, b = e.left, e.right
        if e.op in (">", ">="):
            a, b = b, a
        if self.ld_operands(a, b):
            self.emit("fxch\t%st(1)")
        ins = "fucomip" if e.op in ("==", "!=") else "fcomip"
        self.emit(f"{ins}\t%st(1), %st")
        self.emit("fstp\t%st(0)")
        if e.op in ("==", "!="):
            return "e" if e.op == "==" else "ne"
        return _FP_CC[e.op]

    def ld_zero_test(self):
        """Flags for %st(0) compared with zero (popped): ZF for equal, PF for NaN."""
        self.emit("fldz")
        self.emit("fucomip\t%st(1), %st")
        self.emit("fstp\t%st(0)")

    def ld_control_words(self):
        """Two 16-bit frame slots: the caller's x87 control word, and the same with the
        rounding field set to truncate (C's conversion to integer)."""
        if self.cw_slots is None:
            self.cw_slots = (-self.frame.alloc(2, 2), -self.frame.alloc(2, 2))
        return self.cw_slots

    def ld_truncate(self, size):
        """Pop %st(0) into a size-byte integer, rounded toward zero; it comes back in
        %eax/%rax (as stored, not extended). x86-64 without SSE3 has no fisttp, so the
        rounding mode is switched around fistp, as GCC does at -O0."""
        saved, trunc = self.ld_control_words()
        slot = self.frame.temp()
        self.emit(f"fnstcw\t{saved}(%rbp)")
        self.emit(f"movzwl\t{saved}(%rbp), %eax")
        self.emit("orb\t$12, %ah")
        self.emit(f"movw\t%ax, {trunc}(%rbp)")
        self.emit(f"fldcw\t{trunc}(%rbp)")
        self.emit(f"fistp{_X87_SUFFIX[size]}\t{-slot}(%rbp)")
        self.emit(f"fldcw\t{saved}(%rbp)")
        return slot

    def convert_ld(self, src, dst):
        """Conversions from and to long double: integers through fild/fistp on a frame
        slot, float and double through flds/fldl and fstps/fstpl (the x87 rounds once)."""
        if is_ld(src) and is_ld(dst):
            return
        if is_ld(dst):
            slot = self.frame.temp()
            at = f"{-slot}(%rbp)"
            if is_fp(src):
                self.emit(f"mov{sfx(src)}\t%xmm0, {at}")
                self.emit(f"fld{'s' if src.size == 4 else 'l'}\t{at}")
            elif src.size < 4 or (src.size == 4 and src.signed):
                # (narrower values are already extended to 32 bits as their type says)
                self.emit(f"movl\t%eax, {at}")
                self.emit(f"fildl\t{at}")
            else:
                if src.size == 4:
                    self.emit("movl\t%eax, %eax")
                self.emit(f"movq\t%rax, {at}")
                self.emit(f"fildq\t{at}")
                if src.size == 8 and not src.signed:
                    # fildq read it as signed: add 2**64 back when the top bit was set.
                    done = self.new_label()
                    self.emit("testq\t%rax, %rax")
                    self.emit(f"jns\t{done}")
                    self.emit(f"fldt\t{self.float_label(ExtFloat(2 ** 64), dst)}(%rip)")
                    self.emit("faddp\t%st, %st(1)")
                    self.label(done)
            self.frame.release(slot)
            return
        if is_fp(dst):
            slot = self.frame.temp()
            self.emit(f"fstp{'s' if dst.size == 4 else 'l'}\t{-slot}(%rbp)")
            self.emit(f"mov{sfx(dst)}\t{-slot}(%rbp), %xmm0")
            self.frame.release(slot)
            return
        if dst.is_bool:
            # Nonzero, NaN included, is true.
            self.ld_zero_test()
            self.emit("setne\t%al")
            self.emit("setp\t%dl")
            self.emit("orl\t%edx, %eax")
            self.emit("movzbl\t%al, %eax")
            return
        if dst.size == 8 and not dst.signed:
            # Beyond the signed range: subtract 2**63 first and flip the top bit after,
            # as GCC does. (A NaN compares unordered, CF=1: it takes the first way.)
            big, done = self.new_label(), self.new_label()
            self.emit(f"fldt\t{self.float_label(ExtFloat(2 ** 63), src)}(%rip)")
            self.emit("fld\t%st(1)")
            self.emit("fcomip\t%st(1), %st")
            self.emit(f"jnb\t{big}")
            self.emit("fstp\t%st(0)")
            slot = self.ld_truncate(8)
            self.emit(f"movq\t{-slot}(%rbp), %rax")
            self.jump(done)
            self.label(big)
            self.emit("fsubrp\t%st, %st(1)")
            self.frame.release(slot)
            slot = self.ld_truncate(8)
            self.emit(f"movq\t{-slot}(%rbp), %rax")
            self.emit("btcq\t$63, %rax")
            self.label(done)
            self.frame.release(slot)
            return
        size = _FIST[dst.size, bool(dst.signed)]
        slot = self.ld_truncate(size)
        # The stored integer is at least as wide as dst: take dst's bytes of it, extended
        # to 32 bits as dst says.
        self.load(Mem("rbp", -slot), dst)
        self.frame.release(slot)

    # -- binary operators ------------------------------------------------------------------
    def gen_Binary(self, e):
        if is_fp(e.left.type):
            return self.fp_binary(e)
        op = e.op
        w = width(e.left.type)
        l, r = e.left, e.right
        needs_ecx = op in ("/", "%", "/exact", "<<", ">>")
        commutative = op in ("+", "*", "&", "|", "^", "==", "!=")
        lop, rop = self.operand(l, w), self.operand(r, w)
        if op == "+" and lop and rop and not lop.startswith("$") and not rop.startswith("$"):
            # GCC's shape for a + b: both into registers, then add.
            self.emit(f"mov{SUFFIX[w]}\t{lop}, {reg('rdx', w)}")
            self.emit(f"mov{SUFFIX[w]}\t{rop}, {reg('rax', w)}")
            self.emit(f"add{SUFFIX[w]}\t{reg('rdx', w)}, {reg('rax', w)}")
            return
        if rop is not None and not (needs_ecx and rop.startswith("$") and op in ("/", "%")):
            self.gen(l)
            self.apply(e, rop, w)
            return
        if lop is not None and commutative and op not in ("==", "!="):
            self.gen(r)
            self.apply(e, lop, w)
            return
        other = "rcx" if needs_ecx else "rdx"
        if rop is not None:            # a constant divisor: it needs a register
            self.gen(l)
            self.emit(f"mov{SUFFIX[w]}\t{rop}, {reg(other, w)}")
            self.apply(e, reg(other, w), w)
            return
        if lop is not None:
            self.gen(r)
            self.emit(f"mov{SUFFIX[w]}\t{reg('rax', w)}, {reg(other, w)}")
            self.emit(f"mov{SUFFIX[w]}\t{lop}, {reg('rax', w)}")
            self.apply(e, reg(other, w), w)
            return
        self.gen(l)
        slot = self.frame.temp()
        self.emit(f"movq\t%rax, {-slot}(%rbp)")
        self.gen(r)
        self.emit(f"mov{SUFFIX[w]}\t{reg('rax', w)}, {reg(other, w)}")
        self.emit(f"movq\t{-slot}(%rbp), %rax")
        self.frame.release(slot)
        self.apply(e, reg(other, w), w)

    def apply(self, e, src, w):
        """%rax = %rax op src, for the operator and operand type of e."""
        op = e.op
        s = SUFFIX[w]
        ax = reg("rax", w)
        signed = getattr(e.left.type, "signed", False)
        if op in _ALU:
            self.emit(f"{_ALU[op]}{s}\t{src}, {ax}")
        elif op == "*":
            if src.startswith("$"):
                v = int(src[1:])
                if v > 0 and v & (v - 1) == 0:
                    self.emit(f"sal{s}\t${v.bit_length() - 1}, {ax}")
                else:
                    self.emit(f"imul{s}\t{src}, {ax}, {ax}")
            else:
                self.emit(f"imul{s}\t{src}, {ax}")
        elif op == "/exact" and src.startswith("$") and _is_pow2(int(src[1:])):
            self.emit(f"sar{s}\t${int(src[1:]).bit_length() - 1}, {ax}")
        elif op in ("/", "%", "/exact"):
            if src.startswith("$"):
                self.emit(f"mov{s}\t{src}, {reg('rcx', w)}")
                src = reg("rcx", w)
            if signed or op == "/exact":
                self.emit("cltd" if w == 4 else "cqto")
                self.emit(f"idiv{s}\t{src}")
            else:
                self.emit(f"movl\t$0, %edx")
                self.emit(f"div{s}\t{src}")
            if op == "%":
                self.emit(f"mov{s}\t{reg('rdx', w)}, {ax}")
        elif op in ("<<", ">>"):
            ins = "sal" if op == "<<" else ("sar" if signed else "shr")
            if src.startswith("$"):
                self.emit(f"{ins}{s}\t${int(src[1:]) & (w * 8 - 1)}, {ax}")
            else:
                if src not in ("%ecx", "%rcx"):
                    self.emit(f"movl\t{src}, %ecx")
                self.emit(f"{ins}{s}\t%cl, {ax}")
        else:   # comparison
            cc = (_JCC if signed else _JCC_U)[op]
            self.emit(f"cmp{s}\t{src}, {ax}")
            self.emit(f"set{cc}\t%al")
            self.emit("movzbl\t%al, %eax")

    def compare_branch(self, e, target, when):
        if is_fp(e.left.type):
            return self.fp_branch(self.fp_compare(e), target, when)
        w = width(e.left.type)
        signed = getattr(e.left.type, "signed", False)
        cc = (_JCC if signed else _JCC_U)[e.op]
        l, r = e.left, e.right
        lop, rop = self.operand(l, w), self.operand(r, w)
        if lop and rop and rop.startswith("$") and not lop.startswith("$"):
            self.emit(f"cmp{SUFFIX[w]}\t{rop}, {lop}")
        elif rop is not None:
            self.gen(l)
            self.emit(f"cmp{SUFFIX[w]}\t{rop}, {reg('rax', w)}")
        elif lop is not None:
            self.gen(r)
            self.emit(f"mov{SUFFIX[w]}\t{reg('rax', w)}, {reg('rdx', w)}")
            self.emit(f"mov{SUFFIX[w]}\t{lop}, {reg('rax', w)}")
            self.emit(f"cmp{SUFFIX[w]}\t{reg('rdx', w)}, {reg('rax', w)}")
        else:
            self.gen(l)
            slot = self.frame.temp()
            self.emit(f"movq\t%rax, {-slot}(%rbp)")
            self.gen(r)
            self.emit(f"mov{SUFFIX[w]}\t{reg('rax', w)}, {reg('rdx', w)}")
            self.emit(f"movq\t{-slot}(%rbp), %rax")
            self.frame.release(slot)
            self.emit(f"cmp{SUFFIX[w]}\t{reg('rdx', w)}, {reg('rax', w)}")
        if not when:
            cc = _NEGATE[cc]
        self.emit(f"j{cc}\t{target}")

    def test_branch(self, e, target, when):
        if is_fp(e.type):
            self.gen(e)
            if is_ld(e.type):
                self.ld_zero_test()
            else:
                self.fp_zero_test(e.type)
            return self.fp_branch("ne", target, when)
        w = width(e.type)
        op = self.operand(e, w)
        if op is not None and not op.startswith("$"):
            self.emit(f"cmp{SUFFIX[w]}\t$0, {op}")
        else:
            self.gen(e)
            self.emit(f"test{SUFFIX[w]}\t{reg('rax', w)}, {reg('rax', w)}")
        self.emit(f"j{'ne' if when else 'e'}\t{target}")

    def switch_dispatch(self, s, default):
        self.gen(s.expr)
        w = width(s.expr.type)
        jt = self.jump_table(s, default)
        if jt is not None:
            return self.jump_table_dispatch(jt, w, default)
        for c in s.cases:
            if c.high is not None:
                # case lo ... hi: one unsigned compare of x - lo against hi - lo.
                lo = _signed32(c.value) if w == 4 else _signed64(c.value)
                span = (c.high - c.value) & ((1 << (8 * w)) - 1)
                if not fits_imm32(-lo) or not fits_imm32(span if w == 8 else
                                                         _signed32(span)):
                    self.unsupported(s, "case ranges this wide")
                self.emit(f"lea{SUFFIX[w]}\t{-lo}({reg('rax', 8)}), {reg('rdx', w)}")
                self.emit(f"cmp{SUFFIX[w]}\t${span if w == 8 else _signed32(span)}, "
                          f"{reg('rdx', w)}")
                self.emit(f"jbe\t{c.label}")
                continue
            v = _signed32(c.value) if w == 4 else _signed64(c.value)
            if fits_imm32(v):
                self.emit(f"cmp{SUFFIX[w]}\t${v}, {reg('rax', w)}")
            else:
                self.emit(f"movabsq\t${v}, %rdx")
                self.emit("cmpq\t%rdx, %rax")
            self.emit(f"je\t{c.label}")
        self.jump(default)

    # -- inline assembly: the x86-64 side ---------------------------------------------------
    asm_pool = ["rax", "rdx", "rcx", "rsi", "rdi", "r8", "r9", "r10", "r11"]
    callee_saved = {"rbx", "r12", "r13", "r14", "r15"}

    def asm_reg_name(self, name):
        for full, names in _NAMES.items():
            if name in names:
                return full
        if name in ("r12", "r13", "r14", "r15", "r12d", "r13d", "r14d", "r15d"):
            return name.rstrip("d")
        return None

    def asm_save(self, regs):
        # Into frame slots, not pushes: a leaf function's locals live in the red zone.
        self.asm_saved = getattr(self, "asm_saved", {})
        for r_ in regs:
            slot = self.frame.temp()
            self.asm_saved[r_] = slot
            self.emit(f"movq\t%{r_}, {-slot}(%rbp)")

    def asm_restore(self, regs):
        for r_ in reversed(regs):
            slot = self.asm_saved.pop(r_)
            self.emit(f"movq\t{-slot}(%rbp), %{r_}")
            self.frame.release(slot)

    def asm_load(self, op, r_):
        if is_ld(op.type) and op.kind != "mem":
            self.unsupported(self.fn, "long double operands of 'asm' in registers")
        if op.kind == "mem":
            self.emit(f"movq\t{self.var_mem(op.slot)}, {reg(r_, 8)}")
        else:
            self.emit(f"mov{SUFFIX[op.type.size]}\t{self.var_mem(op.slot)}, "
                      f"{reg(r_, op.type.size)}")

    def asm_store(self, op, r_):
        if is_ld(op.type) and op.kind != "mem":
            self.unsupported(self.fn, "long double operands of 'asm' in registers")
        self.store(op.type, self.var_mem(op.slot), r_)

    def asm_operand_text(self, op, r_, mod, s):
        if op.kind == "imm":
            return str(op.value) if mod in ("c", "P") else f"${op.value}"
        if op.kind == "mem":
            return f"({reg(r_, 8)})"
        size = {"k": 4, "q": 8, "w": 2, "b": 1}.get(mod, op.type.size)
        if r_ not in _NAMES:
            return "%" + r_ + ("d" if size == 4 else "w" if size == 2 else
                               "b" if size == 1 else "")
        return reg(r_, size)

    def jump_table_dispatch(self, jt, w, default):
        """GCC's table: x - low, one unsigned bound check, then a .rodata table of
        32-bit offsets from the table itself: `.long .Lcase-.L4`."""
        lo, hi, labels = jt
        x = reg("rax", w)
        if lo:
            v = _signed32(lo) if w == 4 else _signed64(lo)
            if fits_imm32(v):
                self.emit(f"sub{SUFFIX[w]}\t${v}, {x}")
            else:
                self.emit(f"movabsq\t${v}, %rdx")
                self.emit("subq\t%rdx, %rax")
        n = hi - lo
        if fits_imm32(n):
            self.emit(f"cmp{SUFFIX[w]}\t${n if w == 8 else _signed32(n)}, {x}")
        else:
            self.emit(f"movabsq\t${n}, %rdx")
            self.emit("cmpq\t%rdx, %rax")
        self.emit(f"ja\t{default}")
        if w == 4:
            self.emit("movl\t%eax, %eax")
        table = self.new_label()
        self.emit("leaq\t0(,%rax,4), %rdx")
        self.emit(f"leaq\t{table}(%rip), %rax")
        self.emit("movl\t(%rdx,%rax), %eax")
        self.emit("cltq")
        self.emit(f"leaq\t{table}(%rip), %rdx")
        self.emit("addq\t%rdx, %rax")
        self.emit("jmp\t*%rax")
        self.emit(".section\t.rodata")
        self.emit(".align 4")
        self.emit(".align 4")
        self.label(table)
        for lbl in labels:
            self.emit(f".long\t{lbl}-{table}")
        self.emit(self.function_section_directive())

    # -- builtins ----------------------------------------------------------------------------
    def gen_Builtin(self, e):
        if e.name == "trap":
            self.emit("ud2")
            return
        if e.name == "stack_save":         # (around the blocks that hold VLAs)
            self.emit("movq\t%rsp, %rax")
            return
        if e.name == "stack_restore":
            self.gen(e.args[0])
            self.emit("movq\t%rax, %rsp")
            return
        self.gen(e.args[0])
        w = width(e.args[0].type)
        q = SUFFIX[w]
        if e.name == "alloca":
            # Round up to 16 and move %rsp down; the frame is addressed off %rbp.
            self.emit("addq\t$15, %rax")
            self.emit("andq\t$-16, %rax")
            self.emit("subq\t%rax, %rsp")
            self.emit("movq\t%rsp, %rax")
        elif e.name == "clz":
            self.emit(f"bsr{q}\t{reg('rax', w)}, {reg('rax', w)}")
            self.emit(f"xor{q}\t${8 * w - 1}, {reg('rax', w)}")
        elif e.name == "ctz":
            self.emit(f"bsf{q}\t{reg('rax', w)}, {reg('rax', w)}")
        elif e.name == "bswap":
            if e.type.size == 2:
                self.emit("rolw\t$8, %ax")
                self.emit("movzwl\t%ax, %eax")
            else:
                self.emit(f"bswap\t{reg('rax', w)}")
        elif e.name == "popcount":
            # The classic SWAR count (x86-64 without -mpopcnt has no instruction for it).
            a, d, c = reg("rax", w), reg("rdx", w), reg("rcx", w)
            k = (1 << (8 * w)) - 1
            for m, shift in ((0x5555555555555555 & k, 1), (0x3333333333333333 & k, 2)):
                self.emit(f"mov{q}\t{a}, {d}")
                self.emit(f"shr{q}\t${shift}, {d}")
                if w == 8:
                    self.emit(f"movabsq\t${m}, %rcx")
                    self.emit(f"andq\t%rcx, %rdx")
                    if shift == 2:
                        self.emit("andq\t%rcx, %rax")
                else:
                    self.emit(f"andl\t${_signed32(m)}, %edx")
                    if shift == 2:
                        self.emit(f"andl\t${_signed32(m)}, %eax")
                self.emit(f"{'sub' if shift == 1 else 'add'}{q}\t{d}, {a}")
            self.emit(f"mov{q}\t{a}, {d}")
            self.emit(f"shr{q}\t$4, {d}")
            self.emit(f"add{q}\t{d}, {a}")
            if w == 8:
                self.emit("movabsq\t$1085102592571150095, %rcx")     # 0x0f0f...0f
                self.emit("andq\t%rcx, %rax")
                self.emit("movabsq\t$72340172838076673, %rcx")       # 0x0101...01
                self.emit("imulq\t%rcx, %rax")
                self.emit("shrq\t$56, %rax")
            else:
                self.emit("andl\t$252645135, %eax")
                self.emit("imull\t$16843009, %eax, %eax")
                self.emit("shrl\t$24, %eax")
        else:
            self.unsupported(e, f"__builtin_{e.name}")

    # -- assignment --------------------------------------------------------------------------
    def record_temp(self, t):
        """The %rbp offset of a new frame object for a structure value."""
        return -self.frame.alloc(t.size, max(t.align, 8))

    def gen_Assign(self, e, discard=False):
        t = e.target.type
        if t.is_record:
            dst = self.copy_record(e.target, e.value)
            if not discard:
                # The value of a structure assignment: the target's object, after it.
                self.emit(f"leaq\t{dst}, %rax")
            return
        if is_ld(t):
            return self.ld_assign(e, discard)
        direct = self.operand(e.value, width(t)) if isinstance(e.value, Const) else None
        probe = self.lvalue_is_stable(e.target)
        if probe:
            mem = self.lvalue(e.target)
            if direct is not None and t.size in (4, 8) and (t.size == 4 or fits_imm32(
                    _signed64(e.value.value))):
                self.emit(f"mov{SUFFIX[t.size]}\t{direct}, {mem}")
                if not discard:
                    self.gen(e.value)
                return
            if direct is not None and t.size in (1, 2):
                self.emit(f"mov{SUFFIX[t.size]}\t${self.data_int(e.value.value, t.size)}, {mem}")
                if not discard:
                    self.gen(e.value)
                return
            self.gen(e.value)
            self.store(t, mem)
            return
        simple = isinstance(e.value, (Const, VarRef)) or not _contains_call(e.value) and \
            self.is_cheap(e.value)
        if simple and not _contains_call(e.target):
            mem = self.lvalue(e.target, "rdx")
            self.gen(e.value)
            self.store(t, mem)
            return
        self.gen(e.value)
        slot = self.spill(t)
        mem = self.lvalue(e.target, "rdx")
        self.reload(t, slot)
        self.store(t, mem)

    def ld_assign(self, e, discard):
        """The value first, then the target's address (in %rdx), then fstpt, which pops:
        the assignment's own value is loaded back from the target if it is used."""
        t = e.target.type
        if self.lvalue_is_stable(e.target):
            mem = self.lvalue(e.target)
            self.gen(e.value)
        else:
            self.gen(e.value)
            if _contains_call(e.target) or self.x87_waiting >= X87_WAITING:
                slot = self.spill(t)
                mem = self.lvalue(e.target, "rdx")
                self.reload(t, slot)
            else:
                self.x87_waiting += 1
                mem = self.lvalue(e.target, "rdx")
                self.x87_waiting -= 1
        self.store(t, mem)
        if not discard:
            self.load(mem, t)

    def is_cheap(self, e):
        """Evaluating e touches only %rax (so a pointer in %rdx survives it)."""
        if isinstance(e, (Const, VarRef, StringLit)):
            return True
        if isinstance(e, FloatConst):
            return True
        if isinstance(e, Cast):
            # (conversions to and from floating types use more registers)
            return self.is_cheap(e.operand) and not e.type.is_bool and not (
                is_fp(e.type) or is_fp(e.operand.type))
        if isinstance(e, AddrOf):
            return isinstance(e.operand, (VarRef, StringLit))
        if isinstance(e, Member):
            return self.lvalue_is_stable(e)
        if isinstance(e, Unary) and e.op in ("-", "~"):
            return self.is_cheap(e.operand) and not is_fp(e.type)
        return False

    def lvalue_is_stable(self, e):
        if isinstance(e, (VarRef, StringLit)):
            return True
        if isinstance(e, Member):
            return self.lvalue_is_stable(e.base)
        if isinstance(e, Deref) and isinstance(e.pointer, AddrOf):
            return self.lvalue_is_stable(e.pointer.operand)
        return False

    def copy_record(self, target, value):
        size = target.type.size
        self.gen_AddrOf(AddrOf(value, T.PointerType(value.type)))
        if self.lvalue_is_stable(target):
            dst = self.lvalue(target)
        else:
            slot = self.frame.temp()
            self.emit(f"movq\t%rax, {-slot}(%rbp)")
            dst = self.lvalue(target, "rdx")
            self.emit(f"movq\t{-slot}(%rbp), %rax")
            self.frame.release(slot)
        self.copy_bytes(Mem("rax"), dst, size)
        return dst

    def copy_bytes(self, src, dst, size):
        off = 0
        for chunk in (8, 4, 2, 1):
            while size - off >= chunk:
                self.emit(f"mov{SUFFIX[chunk]}\t{src.plus(off)}, {reg('rcx', chunk)}")
                self.emit(f"mov{SUFFIX[chunk]}\t{reg('rcx', chunk)}, {dst.plus(off)}")
                off += chunk

    def target_address(self, target, value_first):
        """Memory operand of target for a read-modify-write; the pointer (if any) goes in
        %rsi, which the arithmetic in between does not touch."""
        if self.lvalue_is_stable(target):
            return self.lvalue(target)
        return self.lvalue(target, "rsi")

    def ld_compound_assign(self, e, discard):
        """target op= value computed in long double: a value that needs more than one
        load is computed first, into a frame slot; the target's address is kept in %rsi,
        which conversions to and from long double do not touch."""
        t, opt = e.target.type, e.op_type
        slot = None
        if not self.ld_simple(e.value):
            self.gen(e.value)
            slot = self.spill(opt)
        mem = self.target_address(e.target, True)
        self.load(mem, t)
        self.convert(t, opt)
        if slot is not None:
            self.reload(opt, slot)
        else:
            self.gen(e.value)
        self.ld_arith(e.op, False)
        self.convert(opt, t)
        self.store(t, mem)
        if is_ld(t) and not discard:
            self.load(mem, t)

    def fp_compound_assign(self, e):
        t, opt = e.target.type, e.op_type
        vop = self.fp_operand(e.value)
        slot = None
        if vop is None:
            self.gen(e.value)
            slot = self.spill(opt)
            vop = f"{-slot}(%rbp)"
        mem = self.target_address(e.target, True)
        self.load(mem, t)
        self.convert(t, opt)
        self.emit(f"{_FP_ALU[e.op]}{sfx(opt)}\t{vop}, %xmm0")
        self.convert(opt, t)
        self.store(t, mem)
        if slot is not None:
            self.frame.release(slot)

    def gen_CompoundAssign(self, e, discard=False):
        t = e.target.type
        opt = e.op_type
        if is_ld(opt):
            return self.ld_compound_assign(e, discard)
        if is_fp(opt) or is_fp(t):
            return self.fp_compound_assign(e)
        w = width(opt)
        vop = self.operand(e.value, w)
        stable = self.lvalue_is_stable(e.target)
        if stable and t == opt and t.size in (4, 8) and e.op in _ALU and vop is not None:
            mem = self.lvalue(e.target)
            if vop.startswith("$"):
                self.emit(f"{_ALU[e.op]}{SUFFIX[w]}\t{vop}, {mem}")
            else:
                self.emit(f"mov{SUFFIX[w]}\t{vop}, {reg('rax', w)}")
                self.emit(f"{_ALU[e.op]}{SUFFIX[w]}\t{reg('rax', w)}, {mem}")
            if not discard:
                self.load(mem, t)
            return
        slot = None
        if vop is None:
            self.gen(e.value)
            slot = self.frame.temp()
            self.emit(f"movq\t%rax, {-slot}(%rbp)")
            vop = f"{-slot}(%rbp)"
            if w == 4:
                vop = f"{-slot}(%rbp)"
        mem = self.target_address(e.target, True)
        self.load(mem, t)
        self.convert(t, opt)
        fake = Binary(e.op, _Typed(opt), _Typed(opt), opt)
        if e.op in ("<<", ">>"):
            fake = Binary(e.op, _Typed(opt), _Typed(T.INT), opt)
        self.apply(fake, vop if not (e.op in ("/", "%") and vop.startswith("$")) else vop, w)
        self.convert(opt, t)
        self.store(t, mem)
        if slot is not None:
            self.frame.release(slot)

    def gen_IncDec(self, e, discard=False):
        t = e.target.type
        if is_ld(t):
            # x, then (for x++ whose value is used) a copy of it, then x + 1 stored back.
            mem = self.target_address(e.target, False)
            self.load(mem, t)
            if not e.prefix and not discard:
                self.emit("fld\t%st(0)")
            self.emit("fld1")
            self.ld_arith(e.op, False)
            self.store(t, mem)
            if e.prefix and not discard:
                self.load(mem, t)
            return
        if is_fp(t):
            mem = self.target_address(e.target, False)
            self.load(mem, t)
            one = f"{self.float_label(1.0, t)}(%rip)"
            ins = "add" if e.op == "+" else "sub"
            if e.prefix or discard:
                self.emit(f"{ins}{sfx(t)}\t{one}, %xmm0")
                self.store(t, mem)
            else:
                self.emit(f"movap{pfx(t)[1]}\t%xmm0, %xmm1")
                self.emit(f"{ins}{sfx(t)}\t{one}, %xmm1")
                self.store(t, mem, "xmm1")
            return
        w = width(t)
        s = SUFFIX[w]
        ins = "add" if e.op == "+" else "sub"
        if t.size in (4, 8) and self.lvalue_is_stable(e.target):
            mem = self.lvalue(e.target)
            if discard:
                self.emit(f"{ins}{s}\t${e.amount}, {mem}")
            elif e.prefix:
                self.emit(f"{ins}{s}\t${e.amount}, {mem}")
                self.load(mem, t)
            else:
                self.load(mem, t)
                delta = e.amount if e.op == "+" else -e.amount
                self.emit(f"lea{s}\t{delta}({reg('rax', 8)}), {reg('rdx', w)}")
                self.emit(f"mov{s}\t{reg('rdx', w)}, {mem}")
            return
        mem = self.target_address(e.target, False)
        self.load(mem, t)
        self.emit(f"mov{s}\t{reg('rax', w)}, {reg('rdx', w)}")
        if t.is_integer and t.is_bool:
            if e.op == "+":
                self.emit("movl\t$1, %edx")
            else:
                self.emit("xorl\t$1, %edx")
        else:
            self.emit(f"{ins}{s}\t${e.amount}, {reg('rdx', w)}")
        self.emit(f"mov{SUFFIX[t.size]}\t{reg('rdx', t.size)}, {mem}")
        if e.prefix and not discard:
            self.load(mem, t)

    # -- calls -------------------------------------------------------------------------------
    def is_trivial_arg(self, e):
        if is_ld(e.type):
            return self.ld_simple(e) or (isinstance(e, Deref) and isinstance(e.pointer, VarRef))
        if is_fp(e.type):
            return self.fp_operand(e) is not None or (
                isinstance(e, Deref) and isinstance(e.pointer, VarRef))
        return self.is_cheap(e) or (isinstance(e, Deref) and isinstance(e.pointer, VarRef))

    def address_is_cheap(self, e):
        """Computing the address of record lvalue e touches only %rax."""
        if self.lvalue_is_stable(e):
            return True
        if isinstance(e, Member):
            return self.address_is_cheap(e.base)
        return isinstance(e, Deref) and isinstance(e.pointer, VarRef)

    def record_classes(self, t, pos):
        """The classes of t's eightbytes (psABI 3.2.3), or None for MEMORY."""
        return sysv_classify(t)

    @staticmethod
    def take_registers(cls, gp, sse):
        """The registers for eightbytes of classes cls when gp general and sse vector
        registers are taken already; None if they do not all fit (then the whole
        argument goes on the stack)."""
        if cls is None or gp + cls.count(INTEGER) > 6 or sse + cls.count(SSE) > 8:
            return None
        regs = []
        for c in cls:
            if c == INTEGER:
                regs.append(ARG_REGS[gp])
                gp += 1
            else:
                regs.append(f"xmm{sse}")
                sse += 1
        return regs

    @staticmethod
    def result_registers(cls):
        """Where a record result's eightbytes come back: %rax, %rdx / %xmm0, %xmm1."""
        gp, sse, out = iter(("rax", "rdx")), iter(("xmm0", "xmm1")), []
        for c in cls:
            out.append(next(gp) if c == INTEGER else next(sse))
        return out

    def load_eightbyte(self, mem, n, dest):
        """Load the n (<= 8) bytes at mem into 64-bit register dest, zero-extended, never
        reading past them (the struct may end at the end of a page). %r11 is scratch."""
        if dest.startswith("xmm"):
            self.emit(f"{'movq' if n >= 8 else 'movss'}\t{mem}, %{dest}")
            return
        if n >= 8:
            self.emit(f"movq\t{mem}, {reg(dest, 8)}")
            return
        off = 0
        for chunk in (4, 2, 1):
            while n - off >= chunk:
                r = dest if off == 0 else "r11"
                ins = {4: "movl", 2: "movzwl", 1: "movzbl"}[chunk]
                self.emit(f"{ins}\t{mem.plus(off)}, {reg(r, 4)}")
                if off:
                    self.emit(f"salq\t${8 * off}, %r11")
                    self.emit(f"orq\t%r11, {reg(dest, 8)}")
                off += chunk

    def return_record(self, e):
        """`return s;` for a structure: through the caller's buffer (MEMORY) or in
        %rax:%rdx."""
        self.gen_AddrOf(AddrOf(e, T.PointerType(e.type)))
        size = e.type.size
        if sysv_x87_record(e.type):
            self.emit("fldt\t(%rax)")          # X87 class: in %st0, like a long double
            return
        if self.sret_slot is not None:
            self.emit(f"movq\t{self.sret_slot}(%rbp), %rdx")
            self.copy_bytes(Mem("rax"), Mem("rdx"), size)
            self.emit(f"movq\t{self.sret_slot}(%rbp), %rax")
            return
        self.emit("movq\t%rax, %rsi")
        dests = self.result_registers(sysv_classify(e.type))
        for i, dest in reversed(list(enumerate(dests))):
            self.load_eightbyte(Mem("rsi", 8 * i), min(8, size - 8 * i), dest)

    def gen_Call(self, e):
        """Returns, for a call whose result is a structure, the frame slot holding it
        (its address is also left in %rax)."""
        ft = e.ftype
        args = e.args
        ret = e.type
        rslot = rcls = None
        x87_result = ret.is_record and sysv_x87_record(ret)
        if ret.is_record:
            rslot = -self.frame.alloc((ret.size + 7) // 8 * 8, max(ret.align, 8))
            rcls = self.record_classes(ret, e.pos)
        sret = ret.is_record and rcls is None and not x87_result
        # Where each argument goes (ABI classification). A MEMORY-class result takes
        # %rdi for the hidden pointer to its buffer. On the stack, ("stack", eightbytes,
        # alignment): long double and aggregates holding one are 16-byte aligned there.
        regs_used = 1 if sret else 0
        sse_used = 0
        places = []
        for a in args:
            if a.type.is_record:
                cls = self.record_classes(a.type, a.pos or e.pos)
                n = (a.type.size + 7) // 8
                regs = self.take_registers(cls, regs_used, sse_used)
                if regs is not None:
                    places.append(("regs", regs))
                    regs_used += cls.count(INTEGER)
                    sse_used += cls.count(SSE)
                else:
                    places.append(("stack", n, max(a.type.align, 8)))
                continue
            if is_ld(a.type):
                places.append(("stack", 2, 16))      # class X87: always in memory
                continue
            if is_fp(a.type):
                if sse_used < 8:
                    places.append(("xmm", f"xmm{sse_used}"))
                    sse_used += 1
                else:
                    places.append(("stack", 1, 8))
                continue
            if regs_used < 6:
                places.append(("reg", ARG_REGS[regs_used]))
                regs_used += 1
            else:
                places.append(("stack", 1, 8))
        # Arguments are evaluated right to left, as GCC does. Those that need more than
        # %rax (calls, arithmetic) are computed first into frame slots; for a structure,
        # its address is.
        temps = {}
        for i in reversed(range(len(args))):
            a = args[i]
            if a.type.is_record:
                if self.address_is_cheap(a):
                    continue
                self.gen_AddrOf(AddrOf(a, T.PointerType(a.type)))
            elif self.is_trivial_arg(a):
                continue
            else:
                self.gen(a)
            temps[i] = self.spill(a.type if not a.type.is_record else T.LONG)
        fslot = None
        direct = e.direct
        if direct is None and not (isinstance(e.func, VarRef) or self.is_cheap(e.func)):
            self.gen(e.func)
            fslot = self.frame.temp()
            self.emit(f"movq\t%rax, {-fslot}(%rbp)")

        def record_address(i):
            if i in temps:
                self.emit(f"movq\t{-temps[i]}(%rbp), %rax")
            else:
                self.gen_AddrOf(AddrOf(args[i], T.PointerType(args[i].type)))

        # The stack arguments' offsets in the argument area, which ends 16-byte aligned;
        # they are pushed last to first, with padding where an alignment leaves a gap.
        offsets, area = {}, 0
        for i, p in enumerate(places):
            if p[0] == "stack":
                offsets[i] = area = _align(area, p[2])
                area += 8 * p[1]
        area = _align(area, 16)
        top = area
        for i in reversed(range(len(args))):
            if places[i][0] != "stack":
                continue
            where = places[i][1]
            a = args[i]
            gap = top - (offsets[i] + 8 * where)
            top = offsets[i]
            if gap:
                self.emit(f"subq\t${gap}, %rsp")
            if a.type.is_record:
                record_address(i)
                for k in reversed(range(where)):
                    self.emit(f"pushq\t{8 * k}(%rax)")
                continue
            if is_ld(a.type):
                obj = Mem("rbp", -temps[i]) if i in temps else self.ld_object(a)
                if obj is not None:
                    self.emit(f"pushq\t{obj.plus(8)}")
                    self.emit(f"pushq\t{obj}")
                else:
                    self.gen(a)
                    self.emit("leaq\t-16(%rsp), %rsp")
                    self.emit("fstpt\t(%rsp)")
                continue
            if i in temps:
                self.emit(f"pushq\t{-temps[i]}(%rbp)")
            elif is_fp(a.type):
                self.gen(a)
                self.emit("subq\t$8, %rsp")
                self.emit(f"mov{sfx(a.type)}\t%xmm0, (%rsp)")
            else:
                self.gen(a)
                self.emit("pushq\t%rax")
        for i in reversed(range(len(args))):
            kind, where = places[i][:2]
            a = args[i]
            if kind == "regs":
                record_address(i)
                for k in reversed(range(len(where))):
                    self.load_eightbyte(Mem("rax", 8 * k), min(8, a.type.size - 8 * k),
                                        where[k])
                continue
            if kind == "xmm":
                src = f"{-temps[i]}(%rbp)" if i in temps else self.fp_operand(a)
                if src is not None:
                    self.emit(f"mov{sfx(a.type)}\t{src}, %{where}")
                else:
                    self.gen(a)
                    if where != "xmm0":
                        self.emit(f"movap{pfx(a.type)[1]}\t%xmm0, %{where}")
                continue
            if kind != "reg":
                continue
            w = width(a.type)
            if i in temps:
                self.emit(f"mov{SUFFIX[w]}\t{-temps[i]}(%rbp), {reg(where, w)}")
                continue
            op = self.operand(a, w)
            if op is not None:
                self.emit(f"mov{SUFFIX[w]}\t{op}, {reg(where, w)}")
            else:
                self.gen(a)
                self.emit(f"mov{SUFFIX[w]}\t{reg('rax', w)}, {reg(where, w)}")
        for i, slot in temps.items():
            self.release_temp(args[i].type, slot)
        if sret:
            self.emit(f"leaq\t{rslot}(%rbp), %rdi")
        if ft.variadic or not ft.prototyped:
            self.emit(f"movl\t${sse_used}, %eax")    # the number of vector registers used
        if direct is not None:
            name = direct.asm_name
            # Like GCC's position-independent code: functions defined elsewhere are
            # called through the PLT (the static linker resolves that directly).
            self.emit(f"call\t{name}" if direct.defined else f"call\t{name}@PLT")
        else:
            if fslot is not None:
                self.emit(f"movq\t{-fslot}(%rbp), %r10")
                self.frame.release(fslot)
            else:
                self.gen_into_r10(e.func)
            self.emit("call\t*%r10")
        if area:
            self.emit(f"addq\t${area}, %rsp")
        if ret.is_record:
            if x87_result:
                self.emit(f"fstpt\t{rslot}(%rbp)")
            elif rcls is not None:
                for k, r in enumerate(self.result_registers(rcls)):
                    self.emit(f"movq\t%{r}, {rslot + 8 * k}(%rbp)")
            self.emit(f"leaq\t{rslot}(%rbp), %rax")
            return Mem("rbp", rslot)
        if ret.is_integer and ret.size < 4:
            ext = "s" if ret.signed and not ret.is_bool else "z"
            self.emit(f"mov{ext}{SUFFIX[ret.size]}l\t{reg('rax', ret.size)}, %eax")

    def gen_into_r10(self, f):
        if isinstance(f, VarRef):
            self.emit(f"movq\t{self.var_mem(f.sym)}, %r10")
        else:
            self.gen(f)
            self.emit("movq\t%rax, %r10")

    # -- varargs -----------------------------------------------------------------------------
    def gen_VaStart(self, e):
        self.gen(e.ap)
        self.emit(f"movl\t${8 * self.gp_named}, (%rax)")
        self.emit(f"movl\t${48 + 16 * self.sse_named}, 4(%rax)")
        self.emit(f"leaq\t{16 + self.stack_named}(%rbp), %rdx")
        self.emit("movq\t%rdx, 8(%rax)")
        self.emit(f"leaq\t{self.reg_save}(%rbp), %rdx")
        self.emit("movq\t%rdx, 16(%rax)")

    def gen_VaArg(self, e):
        """The register save area while gp_offset (fp_offset for floating types) has
        room, then the overflow area on the stack."""
        if is_ld(e.type):
            # Class X87 is never in registers: the overflow area, aligned to 16.
            self.gen(e.ap)
            self.emit("movq\t%rax, %rcx")
            self.emit("movq\t8(%rcx), %rax")
            self.emit("addq\t$15, %rax")
            self.emit("andq\t$-16, %rax")
            self.emit("leaq\t16(%rax), %rdx")
            self.emit("movq\t%rdx, 8(%rcx)")
            self.emit("fldt\t(%rax)")
            return
        stack, done = self.new_label(), self.new_label()
        fp = is_fp(e.type)
        field, limit, step = (4, 175, 16) if fp else (0, 47, 8)
        self.gen(e.ap)
        self.emit("movq\t%rax, %rcx")
        self.emit(f"movl\t{field or ''}(%rcx), %eax")
        self.emit(f"cmpl\t${limit}, %eax")
        self.emit(f"ja\t{stack}")
        self.emit("movq\t16(%rcx), %rdx")
        self.emit("movl\t%eax, %eax")
        self.emit("addq\t%rax, %rdx")
        self.emit(f"addl\t${step}, %eax")
        self.emit(f"movl\t%eax, {field or ''}(%rcx)")
        self.jump(done)
        self.label(stack)
        self.emit("movq\t8(%rcx), %rdx")
        self.emit("leaq\t8(%rdx), %rax")
        self.emit("movq\t%rax, 8(%rcx)")
        self.label(done)
        if fp and e.type.size == 4:       # (a float argument arrives as a double)
            self.load(Mem("rdx"), T.DOUBLE)
            self.convert(T.DOUBLE, e.type)
            return
        self.load(Mem("rdx"), e.type)

    def gen_VaCopy(self, e):
        self.gen(e.src)
        slot = self.frame.temp()
        self.emit(f"movq\t%rax, {-slot}(%rbp)")
        self.gen(e.dest)
        self.emit("movq\t%rax, %rdx")
        self.emit(f"movq\t{-slot}(%rbp), %rax")
        self.frame.release(slot)
        self.copy_bytes(Mem("rax"), Mem("rdx"), 24)

    # -- local initializers ----------------------------------------------------------------
    def init_local(self, s):
        sym = s.sym
        base = Mem("rbp", sym.offset)
        if s.zero_fill:
            self.zero_fill(base, sym.type.size)
        for init in s.inits:
            mem = base.plus(init.offset)
            if init.data is not None:
                self.store_bytes(mem, init.data)
            elif init.type.is_record:
                self.gen_AddrOf(AddrOf(init.expr, T.PointerType(init.type)))
                self.copy_bytes(Mem("rax"), mem, init.type.size)
            elif isinstance(init.expr, Const):
                if s.zero_fill and init.expr.value == 0:
                    continue
                self.store_const(mem, init.type, init.expr.value)
            else:
                self.gen(init.expr)
                self.store(init.type, mem)

    def store_const(self, mem, t, v):
        size = t.size
        v = self.data_int(v, size)
        if size == 8 and not fits_imm32(v):
            self.emit(f"movabsq\t${v}, %rax")
            self.emit(f"movq\t%rax, {mem}")
        else:
            self.emit(f"mov{SUFFIX[size]}\t${v}, {mem}")

    def zero_fill(self, mem, size):
        off = 0
        for chunk in (8, 4, 2, 1):
            while size - off >= chunk:
                self.emit(f"mov{SUFFIX[chunk]}\t$0, {mem.plus(off)}")
                off += chunk

    def store_bytes(self, mem, data):
        off = 0
        for chunk in (8, 4, 2, 1):
            while len(data) - off >= chunk:
                v = int.from_bytes(data[off:off + chunk], "little")
                self.store_const(mem.plus(off), _SizedInt(chunk), v)
                off += chunk


class _Typed:
    """A stand-in operand carrying only a type (for reusing `apply`)."""

    def __init__(self, t):
        self.type = t


class _SizedInt:
    def __init__(self, size):
        self.size = size


def _is_pow2(v):
    return v > 0 and v & (v - 1) == 0
