"""Machine code -> instructions with the text objdump prints, one module per architecture.

capstone decodes; `x86_64.py` and `aarch64.py` re-spell its operands the way GNU objdump
2.40 does (capstone's own text differs in many small ways, see dependency-facts.md).
An instruction that refers to an address (a branch target, a RIP-relative operand, an
`adrp` page) keeps that address apart, so objdump can print `<main+0x13>` after it.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Instruction:
    address: int
    bytes: bytes
    mnemonic: str
    operands: str                  # as objdump prints them, an address as bare hex (`call   13`)
    target: int | None = None      # the address objdump names with a symbol, if any
    # How objdump lays the line out around the symbolised address: text = head + addr + tail.
    head: str = field(default="", repr=False)
    tail: str = field(default="", repr=False)
    is_data: bool = field(default=False, repr=False)   # `.word`/`(bad)`: bytes, not code
    # For PC-relative fields: what the PC contributes to `target`. A relocated field holds
    # the addend alone, and objdump then shows target - pcrel_base (AArch64 only).
    pcrel_base: int | None = field(default=None, repr=False)
    ops_head: str = field(default="", repr=False)     # operands = ops_head + hex(target) + ops_tail
    ops_tail: str = field(default="", repr=False)

    @property
    def size(self) -> int:
        return len(self.bytes)

    def text(self, address_text=None) -> str:
        """The text after the byte column; `address_text(addr)` spells the target address
        (objdump's is `13 <main+0x13>`), default bare hex."""
        if self.target is None:
            return self.head
        spelled = address_text(self.target) if address_text else f"{self.target:x}"
        return self.head + spelled + self.tail


class DecodeCache:
    """Instruction text depends only on the bytes, except for the address an instruction
    refers to, which moves with it by a fixed delta. Decoding with details and re-spelling
    costs ~50 us per instruction; code repeats itself a lot, so each distinct byte string
    is converted once and later copies are rebuilt for their own address."""

    def __init__(self, convert):
        self.convert = convert          # (bytes, address) -> Instruction
        self.table: dict[bytes, tuple[Instruction, int]] = {}

    def get(self, raw: bytes, address: int) -> Instruction:
        hit = self.table.get(raw)
        if hit is None:
            if len(self.table) > 200_000:     # a bound for long-lived kernels
                self.table.clear()
            insn = self.convert(raw, address)
            base = _pc_base(insn, address)
            self.table[raw] = (insn, (insn.target - base) if insn.target is not None else 0)
            return insn
        t, delta = hit
        if t.target is None:
            return Instruction(address, raw, t.mnemonic, t.operands, None, t.head, t.tail, t.is_data)
        base = _pc_base(t, address)
        target = (base + delta) & 0xFFFFFFFFFFFFFFFF
        pcrel = None if t.pcrel_base is None else base
        return Instruction(address, raw, t.mnemonic, t.ops_head + f"{target:x}" + t.ops_tail, target,
                           t.head, t.tail, t.is_data, pcrel, t.ops_head, t.ops_tail)


def _pc_base(insn: Instruction, address: int) -> int:
    # ADRP's target is relative to the 4 KiB page of the PC; everything else to the PC.
    return address & ~0xFFF if insn.mnemonic == "adrp" else address


def disassembler_for(target):
    """The module that decodes `target`'s machine code (x86_64 or aarch64)."""
    if target.name == "x86_64":
        from . import x86_64 as mod
    elif target.name == "aarch64":
        from . import aarch64 as mod
    else:  # pragma: no cover - Target only has the two
        raise ValueError(f"no disassembler for {target.name}")
    return mod


def disassemble(code: bytes, address: int, target) -> list[Instruction]:
    """Decode all of `code`, loaded at `address`, as objdump -d would (no symbols)."""
    from ...target import get_target
    return disassembler_for(get_target(target)).disassemble(code, address)
