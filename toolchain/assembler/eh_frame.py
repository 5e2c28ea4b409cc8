"""`.cfi_*` directives -> `.eh_frame` (CIEs and FDEs) laid out as GNU as writes them.

While reading, each FDE records its CFA instructions with the code position they apply
at. After layout the positions are addresses, so the advances (DW_CFA_advance_loc*) are
known. As GNU as does, instructions given at the very start of a function (before any
code) go into the CIE, and FDEs share a CIE when those match.
"""
from __future__ import annotations

from ..elf.constants import SHF_ALLOC, SHT_PROGBITS
from .core import AsmError
from .directives import sleb, uleb
from .lexer import split_operands
from .model import Fixup, Symbol

DW_CFA_advance_loc, DW_CFA_offset, DW_CFA_restore = 0x40, 0x80, 0xC0
DW_CFA_advance_loc1, DW_CFA_advance_loc2, DW_CFA_advance_loc4 = 0x02, 0x03, 0x04
DW_CFA_offset_extended, DW_CFA_restore_extended, DW_CFA_undefined = 0x05, 0x06, 0x07
DW_CFA_same_value, DW_CFA_register, DW_CFA_remember_state = 0x08, 0x09, 0x0A
DW_CFA_restore_state, DW_CFA_def_cfa, DW_CFA_def_cfa_register = 0x0B, 0x0C, 0x0D
DW_CFA_def_cfa_offset, DW_CFA_offset_extended_sf = 0x0E, 0x11
DW_CFA_def_cfa_offset_sf, DW_CFA_val_offset, DW_CFA_val_offset_sf = 0x13, 0x14, 0x15
DW_CFA_GNU_window_save = 0x2D

# Instructions that may move from the start of an FDE into its CIE.
_CIE_MOVABLE = {"def_cfa", "def_cfa_offset", "def_cfa_register", "offset", "undefined",
                "same_value", "register", "restore"}


class FDE:
    def __init__(self, asm, line, simple):
        self.line = line
        self.section = asm.cur
        self.start = _here(asm)
        self.end = None
        self.ops = []               # (position Symbol, kind, encoded bytes)
        self.cfa_reg = asm.arch.sp_reg
        self.cfa_offset = 0 if simple else (8 if asm.arch.name == "x86_64" else 0)
        self.simple = simple
        self.signal = False
        self.ra = asm.arch.ra_reg
        self.stack = []


def _here(asm) -> Symbol:
    s = Symbol(".Lcfi", -1, temp=True)
    frag, off = asm.cur.here()
    s.section, s.frag, s.offset = asm.cur, frag, off
    return s


def _reg(asm, text):
    t = text.strip().lstrip("%")
    if t.isdigit():
        return int(t)
    num = asm.arch.dwarf_regs.get(t.lower()) if hasattr(asm.arch, "dwarf_regs") else None
    if num is None:
        raise AsmError(f"bad register expression")
    return num


def _offset_op(asm, fde, reg, off, val=False):
    da = asm.arch.data_align
    if off % da:
        raise AsmError("register save offset not a multiple of %d" % abs(da))
    f = off // da
    if val:
        return bytes([DW_CFA_val_offset]) + uleb(reg) + uleb(f) if f >= 0 else \
            bytes([DW_CFA_val_offset_sf]) + uleb(reg) + sleb(f)
    if f < 0:
        return bytes([DW_CFA_offset_extended_sf]) + uleb(reg) + sleb(f)
    if reg < 64:
        return bytes([DW_CFA_offset | reg]) + uleb(f)
    return bytes([DW_CFA_offset_extended]) + uleb(reg) + uleb(f)


def cfi_directive(asm, name, text):
    fde = asm.cfi
    ops = split_operands(text) if text.strip() else []
    if name == "startproc":
        if fde is not None:
            raise AsmError("previous CFI entry not closed (missing .cfi_endproc)")
        simple = text.strip() == "simple"
        asm.cfi = FDE(asm, asm.stmt.line, simple)
        return
    if name == "sections":
        if not any(o.strip() == ".eh_frame" for o in ops):
            raise AsmError(".cfi_sections other than .eh_frame are not supported yet")
        return
    if fde is None:
        raise AsmError(f"CFI instruction used without previous .cfi_startproc")
    if name == "endproc":
        fde.end = _here(asm)
        asm.fdes.append(fde)
        asm.cfi = None
        return
    if name in ("personality", "lsda"):
        if ops and ops[0].strip() in ("0xff", "255"):
            return
        raise AsmError(f".cfi_{name} is not supported yet")
    if name == "signal_frame":
        fde.signal = True
        return
    if name == "return_column":
        fde.ra = _reg(asm, ops[0])
        return

    def need(n):
        if len(ops) != n:
            raise AsmError("missing separator" if len(ops) < n else "junk at end of line")

    if name == "def_cfa":
        need(2)
        fde.cfa_reg, fde.cfa_offset = _reg(asm, ops[0]), asm.const_expr(ops[1])
        code = bytes([DW_CFA_def_cfa]) + uleb(fde.cfa_reg) + uleb(fde.cfa_offset)
    elif name in ("def_cfa_offset", "adjust_cfa_offset"):
        need(1)
        v = asm.const_expr(ops[0])
        fde.cfa_offset = v if name == "def_cfa_offset" else fde.cfa_offset + v
        code = (bytes([DW_CFA_def_cfa_offset]) + uleb(fde.cfa_offset) if fde.cfa_offset >= 0 else
                bytes([DW_CFA_def_cfa_offset_sf]) + sleb(fde.cfa_offset // asm.arch.data_align))
        name = "def_cfa_offset"
    elif name == "def_cfa_register":
        need(1)
        fde.cfa_reg = _reg(asm, ops[0])
        code = bytes([DW_CFA_def_cfa_register]) + uleb(fde.cfa_reg)
    elif name in ("offset", "rel_offset", "val_offset"):
        need(2)
        reg, off = _reg(asm, ops[0]), asm.const_expr(ops[1])
        if name == "rel_offset":
            off -= fde.cfa_offset
        code = _offset_op(asm, fde, reg, off, val=(name == "val_offset"))
        name = "offset" if name != "val_offset" else name
    elif name == "restore":
        code = b""
        for o in ops:
            reg = _reg(asm, o)
            code += bytes([DW_CFA_restore | reg]) if reg < 64 else \
                bytes([DW_CFA_restore_extended]) + uleb(reg)
    elif name in ("undefined", "same_value"):
        code = b""
        for o in ops:
            code += bytes([DW_CFA_undefined if name == "undefined" else DW_CFA_same_value]) + \
                uleb(_reg(asm, o))
    elif name == "register":
        need(2)
        code = bytes([DW_CFA_register]) + uleb(_reg(asm, ops[0])) + uleb(_reg(asm, ops[1]))
    elif name == "remember_state":
        fde.stack.append((fde.cfa_reg, fde.cfa_offset))
        code = bytes([DW_CFA_remember_state])
    elif name == "restore_state":
        if not fde.stack:
            raise AsmError("CFI state restore without previous remember")
        fde.cfa_reg, fde.cfa_offset = fde.stack.pop()
        code = bytes([DW_CFA_restore_state])
    elif name == "escape":
        code = bytes(asm.const_expr(o) & 0xFF for o in ops)
    elif name in ("window_save", "negate_ra_state"):
        code = bytes([DW_CFA_GNU_window_save])
    else:
        raise AsmError(f"unknown pseudo-op: `.cfi_{name}'")
    fde.ops.append((_here(asm), name, code))


def _advance(delta: int) -> bytes:
    if delta < 0x40:
        return bytes([DW_CFA_advance_loc | delta])
    if delta < 0x100:
        return bytes([DW_CFA_advance_loc1, delta])
    if delta < 0x10000:
        return bytes([DW_CFA_advance_loc2]) + delta.to_bytes(2, "little")
    return bytes([DW_CFA_advance_loc4]) + delta.to_bytes(4, "little")


def _pad(buf: bytearray, align: int, start: int = 0):
    """Pad with DW_CFA_nop so the entry (4-byte length + buf) ends aligned in the section."""
    while (start + len(buf) + 4) % align:
        buf.append(0)   # DW_CFA_nop


def emit_eh_frame(asm):
    if not asm.fdes:
        return
    arch = asm.arch
    sec = asm.get_section(".eh_frame", SHT_PROGBITS, SHF_ALLOC, create_symbol=False)
    asm.late_section_symbols.remove(sec.symbol)
    sec.align = max(sec.align, 8)
    asm.cur = sec
    cies = {}          # key -> offset of the CIE in .eh_frame
    out = bytearray()
    fixups = []
    for fde in asm.fdes:
        start_addr = fde.start.address()
        # instructions at the function's first address, up to the first that cannot move
        lead = []
        for op in fde.ops:
            if op[0].address() != start_addr or op[1] not in _CIE_MOVABLE:
                break
            lead.append(op[2])
        key = (fde.ra, fde.signal, fde.simple, tuple(lead))
        if key not in cies:
            cies[key] = len(out)
            body = bytearray(b"\0\0\0\0")            # CIE id
            body.append(1)                             # version
            body += b"zRS\0" if fde.signal else b"zR\0"
            body += uleb(arch.code_align) + sleb(arch.data_align)
            body.append(fde.ra)
            body += uleb(1) + bytes([0x1B])            # augmentation: FDE pointers pcrel sdata4
            if not fde.simple:
                body += arch.cie_initial
            for code in lead:
                body += code
            _pad(body, 4, len(out))
            out += len(body).to_bytes(4, "little") + body
        cie_at = cies[key]
        here = len(out)
        body = bytearray((here + 4 - cie_at).to_bytes(4, "little"))
        pc_at = len(body)
        body += bytes(4)                               # pc_begin, relocated
        length = fde.end.address() - start_addr
        body += length.to_bytes(4, "little")
        body += uleb(0)                                # augmentation data length
        last = start_addr
        for op in fde.ops[len(lead):]:
            addr = op[0].address()
            if addr != last:
                body += _advance((addr - last) // arch.code_align)
                last = addr
            body += op[2]
        # GNU as aligns each entry to 4 and the last one to the address size
        _pad(body, arch.eh_align if fde is asm.fdes[-1] else 4, here)
        out += len(body).to_bytes(4, "little")
        fixups.append(Fixup(None, here + 4 + pc_at, 4,
                            ("bin", "-", ("sym", fde.start, None), ("sym", None, None)),
                            "data", line=fde.line))
        out += body
    # `.` of each pc_begin field, once the section's fragment exists
    frag, base = sec.here()
    for fx in fixups:
        dot = Symbol(".Leh", -1, temp=True)
        dot.section, dot.frag, dot.offset = sec, frag, base + fx.offset
        fx.expr = ("bin", "-", fx.expr[2], ("sym", dot, None))
    asm.emit(bytes(out), fixups, kind=None, listing=False)
    first_fde = fixups[0].offset - 8
    arch.after_eh_frame(asm, sec, frag, base + first_fde)
    asm.symbol_list.append(sec.symbol)     # GNU as makes it after the mapping symbol
