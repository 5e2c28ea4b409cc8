"""x86-64: capstone's decoding, spelled in objdump 2.40's AT&T syntax.

capstone's AT&T text is close to GNU's but not equal: it always writes the size suffix
(`movl %eax, -4(%rbp)`, `retq`), puts a space after commas, prints small immediates in
decimal and drops zero displacements that are really encoded. So the operands are
rebuilt here from capstone's operand details, and the suffix is kept only where objdump
keeps it: when no register operand tells the size.
"""
from __future__ import annotations

import capstone
from capstone import x86_const as X

from . import DecodeCache, Instruction

_md = None


def _decoder():
    global _md
    if _md is None:
        md = capstone.Cs(capstone.CS_ARCH_X86, capstone.CS_MODE_64)
        md.syntax = capstone.CS_OPT_SYNTAX_ATT
        md.detail = True
        md.skipdata = False
        _md = md
    return _md


# Conversions whose suffixes name two sizes: objdump keeps them whatever the operands.
_TWO_SIZE = ("movzb", "movzw", "movsb", "movsw", "movsl")
# capstone spellings objdump writes differently. The stack and control-transfer ones have
# their size implied in 64-bit mode, so objdump never adds a suffix to them.
_RENAME = {
    "movabsq": "movabs", "movabsl": "movabs", "movabsb": "movabs", "movabsw": "movabs",
    "retq": "ret", "callq": "call", "jmpq": "jmp", "leaveq": "leave", "pushq": "push",
    "popq": "pop", "lretq": "lret", "pushfq": "pushf", "popfq": "popf",
}
_LEGACY_PREFIXES = frozenset(b"\xf0\xf2\xf3\x2e\x36\x3e\x26\x64\x65\x66\x67")
_NULL_SEGMENTS = {0x2E: "cs", 0x36: "ss", 0x3E: "ds", 0x26: "es"}
# capstone's names of the string instructions (stosq, movsb, ...), by their stem.
_STRING_STEMS = ("stos", "lods", "movs", "scas", "cmps")
_NOT_STRING = {"movsx", "movsxd", "movss", "movsd"}   # movsd is also SSE's scalar move
_SEG = {"es", "cs", "ss", "ds", "fs", "gs"}


def _hex_signed(v: int) -> str:
    return f"-0x{-v:x}" if v < 0 else f"0x{v:x}"


def _is_gpr(md, reg: int) -> bool:
    name = md.reg_name(reg)
    return not (name.startswith(("xmm", "ymm", "zmm", "st", "mm", "k", "cr", "dr")) or name in _SEG)


def _mem(md, insn, op) -> tuple[str, int | None]:
    """An AT&T memory operand and, for RIP-relative ones, the address it means."""
    m = op.mem
    seg = f"%{md.reg_name(m.segment)}:" if m.segment else ""
    base = md.reg_name(m.base) if m.base else ""
    index = md.reg_name(m.index) if m.index else ""
    has_disp = insn.disp_size > 0
    disp = m.disp
    if base == "rip":
        target = (insn.address + insn.size + disp) & 0xFFFFFFFFFFFFFFFF
        return f"{seg}{_hex_signed(disp)}(%rip)", target
    if not index and insn.sib and (insn.modrm & 0xC0) != 0xC0 and (insn.modrm & 7) == 4:
        # A SIB byte whose index field says "none": objdump shows the pseudo register %riz
        # unless the base is %rsp/%r12 (the usual reason for a SIB).
        if ((insn.sib >> 3) & 7) == 4 and not (insn.rex & 2) and base not in ("rsp", "r12", ""):
            index, m_scale = "riz", m.scale
        else:
            m_scale = m.scale
    else:
        m_scale = m.scale
    if not base and not index:
        return f"{seg}0x{disp & 0xFFFFFFFFFFFFFFFF:x}", None
    text = seg
    if has_disp:
        text += _hex_signed(disp)
    text += "(" + (f"%{base}" if base else "")
    if index:
        text += f",%{index},{m_scale}"
    return text + ")", None


def _convert(md, insn) -> Instruction:
    raw_mnem = insn.mnemonic
    prefix = ""
    if " " in raw_mnem:
        prefix, raw_mnem = raw_mnem.rsplit(" ", 1)
        prefix += " "
    name = insn.insn_name()
    ops = insn.operands
    groups = set(insn.groups)
    is_branch = bool(groups & {X.X86_GRP_JUMP, X.X86_GRP_CALL}) and insn.id not in (
        X.X86_INS_LJMP, X.X86_INS_LCALL)
    has_gpr = any(o.type == capstone.CS_OP_REG and _is_gpr(md, o.reg) for o in ops)

    mnem = raw_mnem
    if mnem in _RENAME:
        mnem = _RENAME[mnem]
    elif mnem.startswith(_TWO_SIZE) and len(mnem) == 6:
        pass
    elif len(mnem) == len(name) + 1 and mnem.startswith(name) and mnem[-1] in "bwlq" and has_gpr:
        # a register operand tells the size, so objdump drops the suffix capstone adds
        mnem = name
    if name[:-1] in _STRING_STEMS and name not in _NOT_STRING and name[-1] in "bwdq":
        return _string_op(md, insn, prefix, name)

    code = bytes(insn.bytes)
    lead = 0
    while lead < len(code) and code[lead] in _LEGACY_PREFIXES:
        lead += 1
    prefixes = code[:lead]
    opcode = insn.opcode[0]
    if opcode == 0x90 and prefixes.count(0x66) == 1 and not insn.rex:
        # 66 90 is the two-byte NOP; objdump reads it as what it encodes.
        return _plain(insn, "xchg", "%ax,%ax")
    if opcode in (0xD0, 0xD1) and len(ops) == 2 and ops[0].type == capstone.CS_OP_IMM:
        # Shift by one has no immediate byte; objdump shows the single operand (`sar %eax`).
        ops = ops[1:]
    words = []
    if prefixes.count(0x66) > 1:
        words += ["data16"] * (prefixes.count(0x66) - 1)
    seg_word = None
    if not is_branch:
        for b in prefixes:
            # In 64-bit mode the cs/ds/es/ss overrides do nothing; objdump names them as prefixes.
            if b in _NULL_SEGMENTS:
                seg_word = _NULL_SEGMENTS[b]
                words.append(seg_word)
    if words:
        prefix = " ".join(words) + " " + prefix

    parts = []
    target = None
    rip_target = None
    for o in ops:
        if o.type == capstone.CS_OP_REG:
            parts.append(f"%{md.reg_name(o.reg)}")
        elif o.type == capstone.CS_OP_IMM:
            if is_branch:
                target = o.imm & 0xFFFFFFFFFFFFFFFF
                parts.append(None)
            else:
                bits = 8 * (o.size or 8)
                parts.append(f"$0x{o.imm & ((1 << bits) - 1):x}")
        elif o.type == capstone.CS_OP_MEM:
            text, t = _mem(md, insn, o)
            if seg_word and text.startswith(f"%{seg_word}:"):
                text = text[len(seg_word) + 2:]
            if t is not None:
                rip_target = t
            parts.append(text)
    if is_branch and target is None and parts:
        parts = ["*" + p for p in parts]
    mnem = prefix + mnem
    if target is not None:
        head = mnem.ljust(6) + " " + ",".join(p for p in parts if p is not None)
        return Instruction(insn.address, bytes(insn.bytes), mnem, f"{target:x}", target, head, "")
    operands = ",".join(parts)
    head = (mnem.ljust(6) + " " + operands) if operands else mnem
    if rip_target is not None:
        return Instruction(insn.address, bytes(insn.bytes), mnem, f"{operands}        # {rip_target:x}",
                           rip_target, head + "        # ", "", ops_head=f"{operands}        # ")
    return Instruction(insn.address, bytes(insn.bytes), mnem, operands, None, head)


def _plain(insn, mnem: str, operands: str) -> Instruction:
    head = (mnem.ljust(6) + " " + operands) if operands else mnem
    return Instruction(insn.address, bytes(insn.bytes), mnem, operands, None, head)


def _string_op(md, insn, prefix, name) -> Instruction:
    # objdump spells string instructions with both implicit operands: `rep stos %rax,%es:(%rdi)`.
    size = {"b": 1, "w": 2, "d": 4, "q": 8}[name[-1]]
    acc = {1: "%al", 2: "%ax", 4: "%eax", 8: "%rax"}[size]
    base = name[:-1]
    src, dst = "%ds:(%rsi)", "%es:(%rdi)"
    if base == "stos":
        mnem, operands = "stos", f"{acc},{dst}"
    elif base == "lods":
        mnem, operands = "lods", f"{src},{acc}"
    elif base == "scas":
        mnem, operands = "scas", f"{dst},{acc}"
    elif base == "movs":
        mnem, operands = "movs" + "bwlq"[[1, 2, 4, 8].index(size)], f"{src},{dst}"
    else:  # cmps
        mnem, operands = "cmps" + "bwlq"[[1, 2, 4, 8].index(size)], f"{dst},{src}"
    mnem = prefix + mnem
    return Instruction(insn.address, bytes(insn.bytes), mnem, operands, None, mnem.ljust(6) + " " + operands)


def _bad(address: int, byte: bytes) -> Instruction:
    return Instruction(address, byte, "(bad)", "", None, "(bad)", is_data=True)


_cache = None


def _convert_bytes(raw: bytes, address: int) -> Instruction:
    md = _decoder()
    for insn in md.disasm(raw, address, 1):
        return _convert(md, insn)
    return _bad(address, raw[:1])


def disassemble(code: bytes, address: int) -> list[Instruction]:
    global _cache
    if _cache is None:
        _cache = DecodeCache(_convert_bytes)
    md = _decoder()
    get = _cache.get
    out: list[Instruction] = []
    off = 0
    n = len(code)
    while off < n:
        for addr, size, _m, _o in md.disasm_lite(code[off:], address + off):
            out.append(get(code[off:off + size], addr))
            off += size
        if off < n:     # capstone stops at bytes it cannot decode; objdump says (bad), one byte
            out.append(_bad(address + off, code[off:off + 1]))
            off += 1
    return out
