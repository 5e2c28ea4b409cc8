"""AArch64: capstone's decoding, spelled as objdump 2.40 (aarch64-dis.c) spells it.

Where they differ: objdump writes memory offsets, shift amounts and bit positions in
decimal but other immediates in hex (`add x0, x0, #0x10`, `[sp, #28]`); it names the
carry conditions cs/cc (capstone: hs/lo) and adds the SVE alias names as a comment
(`b.ne 10 <f+0x10>  // b.any`, `cset w0, eq\t// eq = none`); a MOV of an immediate is
printed as `#0x%-20x` followed by the value in decimal; FP immediates in %e form.
"""
from __future__ import annotations

import re
import struct

import capstone
from capstone import arm64_const as A

from . import DecodeCache, Instruction

_md = None


def _decoder():
    global _md
    if _md is None:
        md = capstone.Cs(capstone.CS_ARCH_ARM64, capstone.CS_MODE_ARM)
        md.detail = True
        _md = md
    return _md


# aarch64_conds in opcodes/aarch64-opc.c: the first name is the one printed, the rest
# go into the comment.
_CONDS = {
    "eq": ["eq", "none"], "ne": ["ne", "any"], "cs": ["cs", "hs", "nlast"], "hs": ["cs", "hs", "nlast"],
    "cc": ["cc", "lo", "ul", "last"], "lo": ["cc", "lo", "ul", "last"], "mi": ["mi", "first"],
    "pl": ["pl", "nfrst"], "vs": ["vs"], "vc": ["vc"], "hi": ["hi", "pmore"], "ls": ["ls", "plast"],
    "ge": ["ge", "tcont"], "lt": ["lt", "tstop"], "gt": ["gt"], "le": ["le"], "al": ["al"], "nv": ["nv"],
}

# Mnemonics whose plain immediates objdump prints in decimal (bit positions, widths, shifts).
_DECIMAL_IMM = {
    "lsl", "lsr", "asr", "ror", "ubfx", "sbfx", "ubfiz", "sbfiz", "bfi", "bfxil", "bfc", "ubfm", "sbfm",
    "bfm", "extr", "tbz", "tbnz", "shl", "sshr", "ushr", "sli", "sri", "shrn", "sshll", "ushll",
    "sxtl", "uxtl", "rshrn", "srshr", "urshr", "ssra", "usra", "udf", "ext",
}
_SHIFT_WORDS = ("lsl", "lsr", "asr", "ror", "msl", "uxtw", "sxtw", "uxtx", "sxtx", "uxtb", "sxtb",
                "uxth", "sxth")

# Instructions whose last operand is an address (printed as `<sym+off>` by objdump).
_PCREL_GROUPS = {A.ARM64_GRP_JUMP, A.ARM64_GRP_CALL, A.ARM64_GRP_BRANCH_RELATIVE}
_PCREL_IDS = (A.ARM64_INS_ADR, A.ARM64_INS_ADRP)

_IMM_RE = re.compile(r"#(-?)(0x[0-9a-fA-F]+|\d+)")


def _split_operands(op_str: str) -> list[str]:
    parts, depth, cur = [], 0, ""
    for ch in op_str:
        if ch in "[{":
            depth += 1
        elif ch in "]}":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append(cur.strip())
            cur = ""
        else:
            cur += ch
    if cur.strip():
        parts.append(cur.strip())
    return parts


def _num(sign: str, digits: str) -> int:
    v = int(digits, 16) if digits.lower().startswith("0x") else int(digits)
    return -v if sign else v


def _to_decimal(text: str) -> str:
    return _IMM_RE.sub(lambda m: f"#{_num(m.group(1), m.group(2))}", text)


def _to_hex(text: str) -> str:
    def rep(m):
        v = _num(m.group(1), m.group(2))
        return f"#-0x{-v:x}" if v < 0 else f"#0x{v:x}"
    return _IMM_RE.sub(rep, text)


def _fp_imm(word: int) -> str:
    # FMOV's 8-bit immediate (VFPExpandImm): sign, a 3-bit exponent in -3..4, 4-bit fraction;
    # objdump prints the value with "%.18e".
    imm8 = (word >> 13) & 0xFF
    n = (imm8 >> 4) & 7
    exponent = (n & 3) - 3 if n & 4 else (n & 3) + 1
    value = (1 + (imm8 & 0xF) / 16.0) * (2.0 ** exponent)
    return f"#{-value if imm8 & 0x80 else value:.18e}"


def _convert(md, insn) -> Instruction:
    mnem = insn.mnemonic
    word = struct.unpack("<I", insn.bytes)[0]
    ops = _split_operands(insn.op_str)
    comment = ""
    target = None
    pcrel_base = None

    if mnem.startswith("b.") and len(mnem) > 2:
        names = _CONDS.get(mnem[2:], [mnem[2:]])
        mnem = "b." + names[0]
        if len(names) > 1:
            comment = "  //" + ",".join(f" b.{n}" for n in names[1:])
    dops = insn.operands
    is_pcrel = bool(set(insn.groups) & _PCREL_GROUPS) or insn.id in _PCREL_IDS or _is_literal_load(word)
    if is_pcrel and dops and dops[-1].type == A.ARM64_OP_IMM and ops:
        target = dops[-1].imm & 0xFFFFFFFFFFFFFFFF
        pcrel_base = insn.address & ~0xFFF if insn.id == A.ARM64_INS_ADRP else insn.address
        ops = ops[:-1]

    out = []
    done = []          # operands already in their final spelling
    for i, op in enumerate(ops):
        if op.startswith("[") or op.lower().startswith(_SHIFT_WORDS) or (
                i > 0 and ops[i - 1].endswith(("]", "]!")) and op.startswith("#")):
            out.append(_to_decimal(op))      # addresses, post-index offsets, shift amounts
            done.append(True)
        elif op in _CONDS and i == len(ops) - 1 and i > 0:
            names = _CONDS[op]
            out.append(names[0])
            done.append(True)
            if len(names) > 1:
                comment = f"\t// {names[0]} = " + ", ".join(names[1:])
        else:
            out.append(op)
            done.append(False)

    base = mnem.split(".")[0]
    for i, op in enumerate(out):
        if done[i] or not op.startswith("#") or op in ("#0.0",):
            continue
        if "." in op or "e" in op[1:] and not op.lower().startswith("#0x"):
            continue
        out[i] = _to_decimal(op) if base in _DECIMAL_IMM else _to_hex(op)

    if base == "mov" and len(out) == 2 and out[1].startswith("#") and not out[0].startswith("v"):
        # MOV (wide/bitmask immediate): objdump's "#0x%-20x" and the value in decimal.
        value = _mov_value(insn)
        if value is not None:
            is_w = out[0].startswith("w")
            shown = value & (0xFFFFFFFF if is_w else 0xFFFFFFFFFFFFFFFF)
            signed = shown - (1 << 32) if is_w and shown >> 31 else (
                shown - (1 << 64) if not is_w and shown >> 63 else shown)
            out[1] = f"#0x{shown:<20x}"
            comment = f"\t// #{signed}"
    if base == "fmov" and len(out) == 2 and out[1].startswith("#"):
        out[1] = _fp_imm(word)
    if base == "udf":
        out = [f"#{word & 0xFFFF}"]

    operands = ", ".join(out)
    if target is not None:
        head = f"{mnem}\t" + (operands + ", " if operands else "")
        plain = head[len(mnem) + 1:] + f"{target:x}" + comment
        return Instruction(insn.address, bytes(insn.bytes), mnem, plain, target, head, comment,
                           pcrel_base=pcrel_base, ops_head=head[len(mnem) + 1:], ops_tail=comment)
    text = f"{mnem}\t{operands}{comment}" if operands else f"{mnem}{comment}"
    return Instruction(insn.address, bytes(insn.bytes), mnem, operands + comment, None, text)


def _mov_value(insn) -> int | None:
    for o in insn.operands:
        if o.type == A.ARM64_OP_IMM:
            v = o.imm
            if o.shift.type == A.ARM64_SFT_LSL and o.shift.value:
                v <<= o.shift.value
            return v
    return None


def _is_literal_load(word: int) -> bool:
    # LDR (literal), LDRSW (literal), PRFM (literal): opc x 011 V 00 imm19 Rt
    return (word & 0x3B000000) == 0x18000000


def _data_word(address: int, chunk: bytes) -> Instruction:
    if len(chunk) == 4:
        v = struct.unpack("<I", chunk)[0]
        text = f".word\t0x{v:08x}"
    elif len(chunk) == 2:
        text = f".short\t0x{struct.unpack('<H', chunk)[0]:04x}"
    else:
        text = f".byte\t0x{chunk[0]:02x}"
    return Instruction(address, chunk, text.split("\t")[0], text.split("\t")[1], None, text, is_data=True)


def _undefined(address: int, chunk: bytes) -> Instruction:
    if len(chunk) < 4:
        return _data_word(address, chunk)
    v = struct.unpack("<I", chunk)[0]
    text = f".inst\t0x{v:08x} ; undefined"
    return Instruction(address, chunk, ".inst", f"0x{v:08x} ; undefined", None, text, is_data=True)


def disassemble(code: bytes, address: int, data_ranges=()) -> list[Instruction]:
    """Decode `code`; `data_ranges` are (start, end) addresses that mapping symbols ($d)
    mark as data, printed as `.word` like objdump does."""
    global _cache
    if _cache is None:
        _cache = DecodeCache(_convert_bytes)
    get = _cache.get
    md = _decoder()
    out: list[Instruction] = []
    off = 0
    n = len(code)
    while off < n:
        addr = address + off
        in_data = next((r for r in data_ranges if r[0] <= addr < r[1]), None)
        if in_data is not None:
            end = min(in_data[1] - address, n)
            while off < end:
                size = 4 if end - off >= 4 else (2 if end - off >= 2 else 1)
                out.append(_data_word(address + off, code[off:off + size]))
                off += size
            continue
        stop = n
        for r in data_ranges:
            if addr < r[0] < address + stop:
                stop = r[0] - address
        for a, _size, _m, _o in md.disasm_lite(code[off:stop], addr):
            out.append(get(code[off:off + 4], a))
            off += 4
        if off < stop:
            out.append(_undefined(address + off, code[off:min(off + 4, stop)]))
            off += min(4, stop - off)
    return out


_cache = None


def _convert_bytes(raw: bytes, address: int) -> Instruction:
    md = _decoder()
    for insn in md.disasm(raw, address, 1):
        return _convert(md, insn)
    return _undefined(address, raw)
