"""What code generation for both targets shares: the file's shape (sections, data,
string literals, .file/.loc), frame slots, labels, and the walk over statements.

GCC -O0 is the model: every variable lives in its stack slot and every statement
reads its operands from memory, so each C line maps to a short, self-contained run of
instructions, which is what the lessons show. The per-target classes (x86_64.py,
aarch64.py) supply instruction selection and the ABI's calling convention.
"""
from __future__ import annotations

import math
import struct

from ..constinit import static_value
from ..extfloat import ExtFloat
from ..tree import (Block, Break, CaseLabel, Const, Continue, DefaultLabel, DoWhile, Empty,
                    ExprStmt, For, Function, GlobalVar, Goto, If, Labeled, LocalDecl, Logical,
                    Return, StringLit, Switch, Unary, While, Binary, Symbol, TopAsm, Assign, VarRef)
from ...diagnostics import ToolError, error
from ..dwarf import close_scope, debug_sections, scope_labels

IDENT = "ccpipeline 0.1"


class Frame:
    """Stack slots of one function, by depth below the frame's top (x86-64: below %rbp;
    AArch64: below the caller's sp). Temporaries are reused once released."""

    def __init__(self):
        self.depth = 0
        self.max_depth = 0
        self.free_temps = []

    def alloc(self, size, align):
        align = max(align, 1)
        self.depth = (self.depth + size + align - 1) // align * align
        self.max_depth = max(self.max_depth, self.depth)
        return self.depth

    def temp(self):
        if self.free_temps:
            return self.free_temps.pop()
        return self.alloc(8, 8)

    def release(self, slot):
        self.free_temps.append(slot)


def escape_string(data: bytes) -> str:
    """Bytes as GAS string syntax, escaped the way GCC prints them."""
    out = []
    for b in data:
        c = chr(b)
        if c == '"':
            out.append('\\"')
        elif c == "\\":
            out.append("\\\\")
        elif c == "\n":
            out.append("\\n")
        elif c == "\t":
            out.append("\\t")
        elif 32 <= b < 127:
            out.append(c)
        else:
            out.append("\\%03o" % b)
    return "".join(out)


def float_words(value: float, size: int) -> list:
    """The 32-bit words (low first) of a float, double or long double (16 bytes, in the
    target's format: see extfloat.py), as GCC writes them in data."""
    if size == 16:
        return (value if isinstance(value, ExtFloat) else ExtFloat(value)).words32()
    if size == 4:
        return [struct.unpack("<I", struct.pack("<f", value))[0]]
    lo, hi = struct.unpack("<II", struct.pack("<d", value))
    return [lo, hi]


def is_zero_bits(v) -> bool:
    """All bits zero (so the object can live in .bss): -0.0 is not."""
    if isinstance(v, float):
        return v == 0 and math.copysign(1.0, v) > 0
    return isinstance(v, int) and v == 0


class CodeGen:
    """Target-independent driver. Subclasses implement the `gen_*`/`emit_*` hooks."""

    # Directive spellings that differ between the targets' GCC output.
    globl = ".globl"
    type_prefix = "@"
    data_words = {1: ".byte", 2: ".value", 4: ".long", 8: ".quad"}

    def __init__(self, unit, target, *, debug=False, comp_dir=None, filename="a.c"):
        self.unit = unit
        self.target = target
        self.debug = debug
        self.comp_dir = comp_dir
        self.filename = filename
        self.out = []
        self.section = None
        self.label_no = 2        # GCC's first code label is .L2
        self.lc_no = 0
        self.fn_no = 0
        self.files = {}          # file name -> .file number (debug)
        self.pending_strings = []
        self.string_labels = {}  # id(StringLit) -> .LCn
        self.constants = {}      # (alignment, 32-bit words) -> .LCn: the .rodata pool
        # What is being generated, for the position of an internal compiler error.
        self.where = None
        self.where_fn = None

    # -- output helpers --------------------------------------------------------------------
    def emit(self, line):
        self.out.append("\t" + line)

    def label(self, name):
        self.out.append(name + ":")

    def new_label(self):
        n = self.label_no
        self.label_no += 1
        return f".L{n}"

    def switch_section(self, name):
        if self.section != name:
            if name in (".text", ".data", ".bss"):
                self.emit(name)
            else:
                self.emit(f".section\t{name}")
            self.section = name

    def string_label(self, lit: StringLit):
        # Identical literals share one label, as GCC emits them (one .LCn per contents).
        key = (lit.data, lit.type.base.size)
        if key not in self.string_labels:
            lbl = f".LC{self.lc_no}"
            self.lc_no += 1
            self.string_labels[key] = lbl
            self.pending_strings.append((lbl, lit))
        return self.string_labels[key]

    def constant_label(self, words, align):
        """The .LCn label of read-only data made of these 32-bit words (floating
        constants, sign masks), emitted once at the end of the file as GCC does."""
        key = (align, tuple(words))
        if key not in self.constants:
            self.constants[key] = f".LC{self.lc_no}"
            self.lc_no += 1
        return self.constants[key]

    def float_label(self, value, t):
        return self.constant_label(float_words(value, t.size), t.size)

    def flush_constants(self):
        if not self.constants:
            return
        self.switch_section(".rodata")
        for (align, words), lbl in self.constants.items():
            self.emit_align(align)
            self.label(lbl)
            for w in words:
                self.emit(f"{self.data_words[4]}\t{self.data_int(w, 4)}")
        self.constants = {}

    def flush_strings(self):
        if not self.pending_strings:
            return
        self.switch_section(".rodata")
        for lbl, lit in self.pending_strings:
            self.align_string()
            self.label(lbl)
            self.emit_bytes_as_string(lit.data, lit.type.base.size)
        self.pending_strings = []

    def align_string(self):
        pass

    def emit_bytes_as_string(self, data: bytes, unit=1):
        if unit == 1 and data.endswith(b"\0"):
            self.emit(f'.string\t"{escape_string(data[:-1])}"')
        else:
            self.emit(f'.ascii\t"{escape_string(data)}"')

    # -- debug line info ---------------------------------------------------------------------
    def loc(self, pos):
        if not self.debug or not pos or not pos[1]:
            return
        f, line, col = pos
        n = self.file_number(f)
        self.emit(f".loc {n} {line} {col}")

    def file_number(self, f):
        if f not in self.files:
            n = len(self.files) + 1
            self.files[f] = n
            self.emit(f'.file {n} "{f}"')
        return self.files[f]

    # -- the file ----------------------------------------------------------------------------
    def generate(self) -> str:
        self.file_header()
        self.switch_section(".text")
        if self.debug:
            self.label(".Ltext0")
            cd = self.comp_dir or "."
            self.emit(f'.file 0 "{cd}" "{self.filename}"')
        for item in self.unit.items:
            if isinstance(item, Function):
                self.function(item)
            elif isinstance(item, TopAsm):
                self.switch_section(".text") if self.section is None else None
                self.emit_asm_text(item.template, item.pos)
            else:
                self.global_var(item)
        self.flush_constants()
        if self.debug:
            self.switch_section(".text")
            self.label(".Letext0")
            self.out.extend(debug_sections(self))      # DWARF .debug_info & co (dwarf.py)
        self.emit(f'.ident\t"{IDENT}"')
        self.emit('.section\t.note.GNU-stack,"",@progbits')
        return "\n".join(self.out) + "\n"

    def file_header(self):
        self.emit(f'.file\t"{self.filename}"')

    # -- data --------------------------------------------------------------------------------
    def data_alignment(self, t):
        return t.align

    def global_var(self, g: GlobalVar):
        self.where, self.where_fn = g.pos, None
        sym = g.sym
        name = sym.asm_name
        t = sym.type
        size = t.size if t.size else (t.base.size if t.is_array else 1)
        if t.is_array and t.length is None:
            size = t.base.size            # `int a[];` alone means one element, like GCC
        align = max(self.data_alignment(t), sym.align or 1)
        values = self.static_values(g)
        if sym.section is not None and (g.inits is None or
                                        all(is_zero_bits(v) for _, _, v in values)):
            # section("x"): even a zero object goes there (not to .bss / common).
            if sym.storage != "static":
                self.emit(f"{self.linkage(sym)}\t{name}")
            self.switch_section(f'{sym.section},"aw"')
            self.emit_align(align)
            self.emit_object_header(name, size)
            self.emit(f".zero\t{size}")
            return
        relocs = any(isinstance(v, tuple) for _, _, v in values)
        if sym.const and sym.section is None:
            # const objects: read-only data (.data.rel.ro.local when it holds addresses,
            # which the dynamic linker of a PIE must relocate), even when all zero.
            for _, _, v in values:
                if isinstance(v, tuple) and isinstance(v[0], StringLit):
                    self.string_label(v[0])
            if sym.storage != "static":
                self.emit(f"{self.linkage(sym)}\t{name}")
            self.flush_strings()
            if relocs:
                self.switch_section('.data.rel.ro.local,"aw"')
                self.section = ".data.rel.ro.local"
            else:
                self.switch_section(".rodata")
            self.emit_align(align)
            self.emit_object_header(name, size)
            if all(is_zero_bits(v) for _, _, v in values):
                self.emit(f".zero\t{size}")
            else:
                self.emit_values(values, size)
            return
        if g.inits is None or all(is_zero_bits(v) for _, _, v in values):
            if sym.storage == "static":
                self.emit(f".local\t{name}")
                self.emit(f".comm\t{name},{size},{align}")
                return
            self.emit(f"{self.linkage(sym)}\t{name}")
            self.switch_section(".bss")
            self.emit_align(align)
            self.emit_object_header(name, size)
            self.emit(f".zero\t{size}")
            return
        # String literals the initializer points to come first, as GCC emits them.
        for _, _, v in values:
            if isinstance(v, tuple) and isinstance(v[0], StringLit):
                self.string_label(v[0])
        if sym.storage != "static":
            self.emit(f"{self.linkage(sym)}\t{name}")
        self.flush_strings()
        relocs = any(isinstance(v, tuple) for _, _, v in values)
        if sym.section is not None:
            self.switch_section(f'{sym.section},"aw"')
        else:
            self.switch_section('.data.rel.local,"aw"' if relocs else ".data")
            if relocs:
                self.section = ".data.rel.local"
        self.emit_align(align)
        self.emit_object_header(name, size)
        self.emit_values(values, size)

    def emit_values(self, values, size):
        pos = 0
        for off, vsize, v in values:
            if off > pos:
                self.emit(f".zero\t{off - pos}")
            if isinstance(v, bytes):
                self.emit_bytes_as_string(v)
            elif isinstance(v, float):
                for w in float_words(v, vsize):
                    self.emit(f"{self.data_words[4]}\t{self.data_int(w, 4)}")
            elif isinstance(v, tuple):
                target, addend = v
                lbl = self.string_label(target) if isinstance(target, StringLit) else \
                    target.asm_name
                ref = lbl if addend == 0 else f"{lbl}{addend:+d}"
                self.emit(f"{self.data_words[vsize]}\t{ref}")
            else:
                self.emit(f"{self.data_words[vsize]}\t{self.data_int(v, vsize)}")
            pos = off + vsize
        if size > pos:
            self.emit(f".zero\t{size - pos}")

    @staticmethod
    def data_int(v, size):
        """GCC prints data words as signed numbers of their width."""
        bits = size * 8
        v &= (1 << bits) - 1
        if size < 8 and v >> (bits - 1):
            v -= 1 << bits
        if size == 8 and v >> 63:
            v -= 1 << 64
        return v

    def static_values(self, g):
        """(offset, size, value) in address order; value is int, bytes or (target, addend)."""
        out = []
        for init in sorted(g.inits or [], key=lambda i: i.offset):
            if init.data is not None:
                out.append((init.offset, len(init.data), init.data))
                continue
            v = static_value(init.expr)
            size = init.type.size
            if isinstance(v, int) and init.type.is_arithmetic and not init.type.is_integer:
                v = float(v)
            if isinstance(v, tuple) and size != 8:
                raise ToolError([error(g.pos[0], g.pos[1], g.pos[2],
                                       "initializer element is not computable at load time")])
            out.append((init.offset, size, v))
        # A later initializer for the same bytes overrides an earlier one.
        dedup = {}
        for off, size, v in out:
            dedup[off] = (off, size, v)
        return sorted(dedup.values())

    def emit_object_header(self, name, size):
        self.emit(f".type\t{name}, {self.type_prefix}object")
        self.emit(f".size\t{name}, {size}")
        self.label(name)

    # -- functions ---------------------------------------------------------------------------
    def function(self, fn: Function):
        if getattr(fn, "inline_static", False) and not fn.sym.used:
            return
        self.fn = fn
        self.where, self.where_fn = fn.pos, fn.sym.name
        self.fn_label = self.fn_no
        self.fn_no += 1
        body = self.function_body(fn)      # fills pending strings, frame
        self.flush_strings()
        if fn.sym.section is not None:
            self.switch_section(f'{fn.sym.section},"ax",{self.type_prefix}progbits')
        else:
            self.switch_section(".text")
        self.function_header(fn)
        self.out.extend(body)
        self.function_footer(fn)
        for array, prio in (("init", fn.sym.constructor), ("fini", fn.sym.destructor)):
            if prio is not None:
                # A pointer to the function in the array the C library's start-up walks.
                name = f".{array}_array" + (f".{prio:05d}" if prio != 65535 else "")
                self.switch_section(f'{name},"aw"')
                self.emit_align(8)
                self.emit(f"{self.data_words[8]}\t{fn.sym.asm_name}")

    def linkage(self, sym):
        """How a symbol with external linkage is made visible: .globl, or .weak."""
        return ".weak" if sym.weak else self.globl

    def function_header(self, fn):
        name = fn.sym.asm_name
        if fn.sym.storage != "static":
            self.emit(f"{self.linkage(fn.sym)}\t{name}")
        self.emit(f".type\t{name}, {self.type_prefix}function")
        self.label(name)
        self.label(f".LFB{self.fn_label}")

    def function_footer(self, fn):
        self.emit(".cfi_endproc")
        self.label(f".LFE{self.fn_label}")
        self.emit(f".size\t{fn.sym.asm_name}, .-{fn.sym.asm_name}")

    def capture(self, produce):
        """Run code generation into a separate buffer and return its lines."""
        saved = self.out
        self.out = []
        try:
            produce()
            return self.out
        finally:
            self.out = saved

    # -- statements --------------------------------------------------------------------------
    def stmt(self, s):
        if s.pos:
            self.where = s.pos
        scope = scope_labels(self, s) if self.debug else None    # .LBBn/.LBEn (dwarf.py)
        if scope:
            self.label(scope[0])
        getattr(self, "stmt_" + type(s).__name__)(s)
        if scope:
            close_scope(self, scope[1])

    def stmt_Block(self, s: Block):
        for item in s.items:
            self.stmt(item)

    def stmt_Empty(self, s):
        pass

    def stmt_ExprStmt(self, s: ExprStmt):
        self.loc(s.expr.pos or s.pos)
        self.gen_discard(s.expr)

    def stmt_LocalDecl(self, s: LocalDecl):
        if s.inits is None:
            return
        self.loc(s.pos)
        self.init_local(s)

    def stmt_If(self, s: If):
        self.loc(s.cond.pos or s.pos)
        other = self.new_label()
        self.branch(s.cond, other, False)
        self.stmt(s.then)
        if s.other is None or isinstance(s.other, Empty):
            self.label(other)
            return
        end = self.new_label()
        if not self.ends_in_jump():
            self.jump(end)
        self.label(other)
        self.stmt(s.other)
        self.label(end)

    def loop(self, body, cond, step, kind):
        """GCC's loop shape: the test at the bottom, entered by a jump (while, for)."""
        top, cont, brk = self.new_label(), self.new_label(), self.new_label()
        infinite = cond is None or (isinstance(cond, Const) and cond.value)
        test = cont if step is None else self.new_label()
        if kind != "do" and not infinite:
            self.jump(test)
        self.label(top)
        self.breaks.append(brk)
        self.continues.append(cont)
        self.stmt(body)
        self.breaks.pop()
        self.continues.pop()
        self.label(cont)
        if step is not None:
            self.loc(step.pos)
            self.gen_discard(step)
            self.label(test)
        if infinite:
            self.jump(top)
        else:
            self.loc(cond.pos)
            self.branch(cond, top, True)
        self.label(brk)

    def stmt_While(self, s: While):
        self.loop(s.body, s.cond, None, "while")

    def stmt_DoWhile(self, s: DoWhile):
        self.loop(s.body, s.cond, None, "do")

    def stmt_For(self, s: For):
        if s.init is not None:
            if isinstance(s.init, Block):
                self.stmt(s.init)
            else:
                self.loc(s.init.pos)
                self.gen_discard(s.init)
        self.loc(s.pos)
        self.loop(s.body, s.cond, s.step, "for")

    def stmt_Switch(self, s: Switch):
        self.loc(s.expr.pos or s.pos)
        brk = self.new_label()
        for c in s.cases:
            c.label = self.new_label()
        if s.default is not None:
            s.default.label = self.new_label()
        self.switch_dispatch(s, s.default.label if s.default is not None else brk)
        self.breaks.append(brk)
        self.stmt(s.body)
        self.breaks.pop()
        self.label(brk)

    # GCC's case_values_threshold at -O0: x86-64 5 (no casesi), AArch64 11.
    jump_table_threshold = 5

    def jump_table(self, s: Switch, default):
        """The dispatch table of a dense switch, decided as GCC's switch lowering does
        for one cluster: cases with the same destination merged into ranges, at least
        `jump_table_threshold` of them, and a range of at most 8 entries per comparison
        (param jump-table-max-growth-ratio-for-speed = 800%). A table whose low bound is
        1 or 2 starts at 0 (saving the subtraction). Returns (low, high, labels) or None.
        """
        def dest(c):
            st = c
            while isinstance(st, (CaseLabel, DefaultLabel)):
                if isinstance(st, DefaultLabel):
                    return None
                st = st.stmt
            return id(st) if st is not None else id(c)
        ranges = []
        for c in sorted(s.cases, key=lambda c: c.value):
            hi = c.value if c.high is None else c.high
            d = dest(c)
            if d is None:       # falls into default: GCC drops the label
                continue
            if ranges and ranges[-1][3] == d and ranges[-1][1] + 1 == c.value:
                ranges[-1][1] = hi
            else:
                ranges.append([c.value, hi, c.label, d])
        if len(ranges) < self.jump_table_threshold:
            return None
        lo, hi = ranges[0][0], ranges[-1][1]
        span = hi - lo + 1
        comparisons = sum(1 if a == b else 2 for a, b, _, _ in ranges)
        if 100 * span > 800 * comparisons:
            return None
        if 0 < lo < 3:
            lo = 0
        table = [default] * (hi - lo + 1)
        for c in s.cases:
            if dest(c) is None:
                continue
            for v in range(c.value, (c.value if c.high is None else c.high) + 1):
                table[v - lo] = c.label
        return lo, hi, table

    def function_section_directive(self):
        """The directive that returns to the current function's section."""
        sec = self.fn.sym.section
        return ".text" if sec is None else f'.section\t{sec},"ax",{self.type_prefix}progbits'

    def stmt_CaseLabel(self, s: CaseLabel):
        self.label(s.label)
        self.stmt(s.stmt)

    def stmt_DefaultLabel(self, s: DefaultLabel):
        self.label(s.label)
        self.stmt(s.stmt)

    def stmt_Break(self, s):
        self.loc(s.pos)
        self.jump(self.breaks[-1])

    def stmt_Continue(self, s):
        self.loc(s.pos)
        self.jump(self.continues[-1])

    def stmt_Goto(self, s: Goto):
        self.loc(s.pos)
        self.jump(self.user_label(s.name))

    def stmt_Labeled(self, s: Labeled):
        self.label(self.user_label(s.name))
        self.stmt(s.stmt)

    def user_label(self, name):
        if name not in self.user_labels:
            self.user_labels[name] = self.new_label()
        return self.user_labels[name]

    def stmt_Return(self, s: Return):
        self.loc(s.expr.pos if s.expr is not None and s.expr.pos else s.pos)
        if s.expr is not None and s.expr.type.is_record:
            self.return_record(s.expr)      # each ABI has its own way (registers or memory)
        elif s.expr is not None:
            self.gen(s.expr)
        self.jump(self.return_label)
        self.return_used = True

    # -- inline assembly -------------------------------------------------------------------
    asm_comment = "#"

    def stmt_AsmStmt(self, s):
        self.loc(s.pos)
        if s.basic:
            self.emit_asm_text(s.template, s.pos)
            return
        regs = self.asm_registers(s)
        saved = [r for r in self.asm_clobbered(s.clobbers) if r in self.callee_saved
                 and r not in regs]
        fixed_saved = [r for r in dict.fromkeys(regs) if r in self.callee_saved]
        self.asm_save(fixed_saved)
        for op, r in zip(s.operands, regs):
            if op.kind == "mem" or op.load:
                self.asm_load(op, r)
        self.asm_save(saved)
        self.emit_asm_text(self.asm_substitute(s, regs), s.pos)
        self.asm_restore(saved)
        for op, r in zip(s.operands, regs):
            if op.store:
                self.asm_store(op, r)
        self.asm_restore(fixed_saved)

    def emit_asm_text(self, text, pos):
        c = self.asm_comment
        self.out.append("#APP")
        self.out.append(f'{c} {pos[1] if pos else 0} "{pos[0] if pos else self.filename}" 1')
        for line in text.split("\n"):
            self.out.append("\t" + line.lstrip("\t") if line.strip() else "")
        self.out.append(f'{c} 0 "" 2')
        self.out.append("#NO_APP")

    def asm_clobbered(self, clobbers):
        out = []
        for c in clobbers:
            r = self.asm_reg_name(c.lstrip("%"))
            if r is None and c not in ("memory", "cc"):
                raise ToolError([error(*self.where, f"unknown register name '{c}' in "
                                                    "'asm'")])
            if r is not None:
                out.append(r)
        return out

    def asm_registers(self, s):
        """A register for each operand (None for immediates): fixed ones as the
        constraint says, matched inputs sharing their output's, the rest from the
        target's scratch pool minus what the asm clobbers."""
        used = set(self.asm_clobbered(s.clobbers))
        used.update(op.reg for op in s.operands if op.reg)
        regs = []
        for op in s.operands:
            if op.kind == "imm":
                regs.append(None)
            elif op.tie is not None:
                regs.append(regs[op.tie])
            elif op.reg:
                regs.append(op.reg)
            else:
                free = [r for r in self.asm_pool if r not in used]
                if not free:
                    raise ToolError([error(*s.pos, "'asm' operand has impossible "
                                                   "constraints")])
                regs.append(free[0])
                used.add(free[0])
        return regs

    def asm_substitute(self, s, regs):
        """The template with %0, %[name], %k0 ... replaced, %% made %, %= unique."""
        import re
        t = s.template
        out = []
        i = 0
        names = {op.name: k for k, op in enumerate(s.operands) if op.name}
        while i < len(t):
            ch = t[i]
            if ch != "%" or i + 1 == len(t):
                out.append(ch)
                i += 1
                continue
            nxt = t[i + 1]
            if nxt in "%{|}":
                out.append(nxt if nxt == "%" else "%" + nxt)
                i += 2
                continue
            if nxt == "=":
                out.append(str(self.fn_label * 1000 + self.label_no))
                i += 2
                continue
            m = re.match(r"([a-zA-Z]?)(\d+|\[(\w+)\])", t[i + 1:])
            if not m:
                raise ToolError([error(*s.pos, "invalid 'asm': operand number missing after "
                                               "%-letter")])
            mod = m.group(1)
            if m.group(3) is not None:
                if m.group(3) not in names:
                    raise ToolError([error(*s.pos, f"undefined named operand "
                                                   f"'{m.group(3)}'")])
                k = names[m.group(3)]
            else:
                k = int(m.group(2))
            if k >= len(s.operands):
                raise ToolError([error(*s.pos, "invalid 'asm': operand number out of range")])
            out.append(self.asm_operand_text(s.operands[k], regs[k], mod, s))
            i += 1 + m.end()
        return "".join(out)

    def ends_in_jump(self):
        for line in reversed(self.out):
            t = line.strip()
            if t.startswith(".loc") or t.startswith(".cfi") or t.startswith((".LBB", ".LBE")):
                continue
            return t.startswith(("jmp\t", "b\t"))
        return False

    # -- conditions --------------------------------------------------------------------------
    def branch(self, e, target, when: bool):
        """Jump to target if e's truth is `when`; fall through otherwise."""
        if isinstance(e, Const):
            if bool(e.value) == when:
                self.jump(target)
            return
        if isinstance(e, Unary) and e.op == "!":
            return self.branch(e.operand, target, not when)
        if isinstance(e, Logical):
            if (e.op == "&&") == when:
                # both must hold (&& true) / both must fail (|| false): skip on the other
                skip = self.new_label()
                self.branch(e.left, skip, not when)
                self.branch(e.right, target, when)
                self.label(skip)
            else:
                self.branch(e.left, target, when)
                self.branch(e.right, target, when)
            return
        if isinstance(e, Binary) and e.op in ("==", "!=", "<", "<=", ">", ">="):
            return self.compare_branch(e, target, when)
        self.test_branch(e, target, when)

    def gen_StmtExpr(self, e):
        """GNU `({ ... })`: the statements, then the value (in the result register)."""
        self.stmt(e.body)
        if e.value is not None and e.value.type.is_record:
            # A structure value outlives the block whose objects it may name: copy it
            # to a frame object of its own and leave that one's address.
            t = e.value.type
            tmp = Symbol(".stmtexpr", t, "var", pos=e.pos)
            tmp.offset = self.record_temp(t)
            self.gen_Assign(Assign(VarRef(tmp, t, e.pos), e.value, t, e.pos))
        elif e.value is not None:
            self.gen(e.value)

    def unsupported(self, e, what):
        f, line, col = e.pos or (self.filename, 0, 0)
        raise ToolError([error(f, line, col, f"not supported yet: {what}")])

    def drop_unused_labels(self, lines):
        """GCC prints only the labels something jumps to."""
        import re
        used = set()
        for line in lines:
            if not line.endswith(":"):
                used.update(re.findall(r"\.L\d+\b", line))
        return [l for l in lines
                if not (l.endswith(":") and re.fullmatch(r"\.L\d+:", l) and l[:-1] not in used)]

    def gen_logical(self, e: Logical):
        false = self.new_label()
        end = self.new_label()
        self.branch(e, false, False)
        self.load_const_result(1)
        self.jump(end)
        self.label(false)
        self.load_const_result(0)
        self.label(end)
