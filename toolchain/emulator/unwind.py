"""Where a function keeps its return address and its caller's frame pointer, at any pc.

gcc -O0 and our compiler build frames the same two ways, which we read from the code
itself (no CFI needed):

x86-64   push %rbp; mov %rsp,%rbp; [sub $N,%rsp] ... [leave | pop %rbp]; ret
AArch64  stp x29,x30,[sp,#-N]!; mov x29,sp ...  ldp x29,x30,[sp],#N; ret
         or, for a leaf: sub sp,sp,#N ... add sp,sp,#N; ret  (return address stays in x30)

The state at a pc says where the CFA is (the caller's stack pointer at the call: a
register plus an offset), and where the return address and the caller's frame pointer are
saved (offsets from the CFA), or None while they are still in their registers. It is found
by simulating the prologue forward from the function's start, or, when pc sits in an
epilogue, backward from the `ret` that follows.
"""
from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass
class FrameState:
    cfa_reg: str          # "rsp", "rbp", "sp", "x29"
    cfa_off: int
    ra_at: int | None     # the return address is at CFA + ra_at; None: still in lr (x30)
    fp_at: int | None     # the caller's frame pointer is at CFA + fp_at; None: in its register


def _imm(text: str) -> int | None:
    m = re.search(r"[#$](-?(?:0x[0-9a-f]+|\d+))", text)
    return int(m.group(1), 0) if m else None


def _entry(arch: str) -> FrameState:
    if arch == "x86_64":
        return FrameState("rsp", 8, -8, None)
    return FrameState("sp", 0, None, None)


def _exit(arch: str) -> FrameState:
    return _entry(arch)


def _forward(arch: str, s: FrameState, mnem: str, ops: str) -> bool:
    """Apply one prologue instruction; False if it is not one we know (ignored)."""
    ops = ops.replace(" ", "")
    if arch == "x86_64":
        if mnem in ("push", "pushq"):
            if s.cfa_reg == "rsp":
                s.cfa_off += 8
            if ops == "%rbp" and s.fp_at is None:
                s.fp_at = -s.cfa_off
            return True
        if mnem in ("mov", "movq") and ops == "%rsp,%rbp":
            s.cfa_reg = "rbp"
            return True
        if mnem in ("sub", "subq") and ops.endswith(",%rsp") and s.cfa_reg == "rsp":
            s.cfa_off += _imm(ops) or 0
            return True
        return False
    if mnem == "stp" and ops.startswith("x29,x30,[sp"):
        n = _imm(ops) or 0
        if ops.endswith("]!"):
            if s.cfa_reg == "sp":
                s.cfa_off -= n          # n is negative: the frame grows by -n
            s.fp_at, s.ra_at = -s.cfa_off, -s.cfa_off + 8
        elif s.cfa_reg == "sp":
            s.fp_at, s.ra_at = n - s.cfa_off, n + 8 - s.cfa_off
        return True
    if mnem == "sub" and ops.startswith("sp,sp,") and s.cfa_reg == "sp":
        s.cfa_off += _imm(ops) or 0
        return True
    if mnem == "mov" and ops == "x29,sp" and s.cfa_reg == "sp":
        s.cfa_reg = "x29"
        return True
    if mnem == "add" and ops.startswith("x29,sp,") and s.cfa_reg == "sp":
        s.cfa_reg, s.cfa_off = "x29", s.cfa_off - (_imm(ops) or 0)
        return True
    return False


def _backward(arch: str, s: FrameState, mnem: str, ops: str) -> bool:
    """Undo one epilogue instruction (the state before it, given the state after it)."""
    ops = ops.replace(" ", "")
    if arch == "x86_64":
        if mnem in ("pop", "popq"):
            s.cfa_off += 8
            if ops == "%rbp":
                s.fp_at = -s.cfa_off
            return True
        if mnem in ("leave", "leaveq"):
            s.cfa_reg, s.cfa_off = "rbp", s.cfa_off + 8
            s.fp_at = -s.cfa_off
            return True
        if mnem in ("add", "addq") and ops.endswith(",%rsp"):
            s.cfa_off += _imm(ops) or 0
            return True
        return False
    if mnem == "ldp" and ops.startswith("x29,x30,[sp"):
        n = _imm(ops) or 0
        if "]," in ops:              # post-index: ldp x29, x30, [sp], #n
            s.cfa_off += n
            s.fp_at, s.ra_at = -s.cfa_off, -s.cfa_off + 8
        else:
            s.fp_at, s.ra_at = n - s.cfa_off, n + 8 - s.cfa_off
        return True
    if mnem == "add" and ops.startswith("sp,sp,"):
        s.cfa_off += _imm(ops) or 0
        return True
    if mnem == "mov" and ops == "sp,x29":
        s.cfa_reg = "x29"
        return True
    return False


def frame_state(arch: str, disasm, read_code, func_start: int, body: int | None,
                pc: int) -> FrameState:
    """The frame's shape at `pc` inside the function starting at `func_start`; `body` is
    where its prologue ends (from the line table) when known."""
    # in an epilogue? look ahead to a ret through epilogue instructions only
    ahead = []
    code = read_code(pc, 40)
    for insn in disasm.disasm(code, pc):
        if insn.mnemonic in ("ret", "retq"):
            s = _exit(arch)
            for mnem, ops in reversed(ahead):
                _backward(arch, s, mnem, ops)
            return s
        probe = _exit(arch)
        if not _backward(arch, probe, insn.mnemonic, insn.op_str) or len(ahead) >= 4:
            break
        ahead.append((insn.mnemonic, insn.op_str))
    s = _entry(arch)
    limit = body if body is not None else pc
    end = min(pc, limit, func_start + 64)
    if end <= func_start:
        return s
    for insn in disasm.disasm(read_code(func_start, end - func_start), func_start):
        if insn.address >= end:
            break
        if insn.mnemonic in ("call", "callq", "bl", "blr", "ret", "retq", "b", "jmp"):
            break
        _forward(arch, s, insn.mnemonic, insn.op_str)
    return s
