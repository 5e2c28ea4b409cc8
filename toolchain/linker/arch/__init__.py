"""Per-architecture relocation arithmetic and layout constants, one module per target
(like lld's `ELF/Arch/`)."""
from __future__ import annotations

from ...target import EM_AARCH64, EM_X86_64


class RelocError(Exception):
    """The relocation cannot be applied: `kind` is "overflow", "unsupported" or "unknown"."""

    def __init__(self, kind: str, detail: str = ""):
        super().__init__(detail)
        self.kind = kind
        self.detail = detail


def fits_signed(v: int, bits: int) -> bool:
    return -(1 << (bits - 1)) <= v < (1 << (bits - 1))


def fits_unsigned(v: int, bits: int) -> bool:
    return 0 <= v < (1 << bits)


def fits_bitfield(v: int, bits: int) -> bool:
    # bfd's complain_overflow_bitfield: the value fits as signed or as unsigned.
    return -(1 << (bits - 1)) <= v < (1 << bits)


def arch_for(machine: int):
    if machine == EM_X86_64:
        from . import x86_64
        return x86_64
    if machine == EM_AARCH64:
        from . import aarch64
        return aarch64
    return None
