"""x86-64 (System V psABI): relocation arithmetic, GOT relaxation, layout constants.

Letters as in the psABI: S symbol address, A addend, P place, GOT the .got address,
G the symbol's GOT entry (here already its address, so the psABI's G+GOT is our G).
In a static link a PLT is never needed, so PLT32 is S+A-P to the function itself.
"""
from __future__ import annotations

import struct

from . import RelocError, fits_bitfield, fits_signed, fits_unsigned

NAME = "x86_64"
MACHINE = 62
BFD_ARCH = "i386:x86-64"
MAXPAGESIZE = 0x1000
COMMONPAGESIZE = 0x1000
SEPARATE_CODE = True        # Debian's ld defaults to -z separate-code on x86-64
GOT_RESERVED = 0            # .got has no reserved entries in a static x86-64 link
NOP = b"\x90"

# type -> (name, formula, field size, overflow check, check bits)
RELOCS = {
    0: ("R_X86_64_NONE", "", 0, None, 0),
    1: ("R_X86_64_64", "S+A", 8, None, 64),
    2: ("R_X86_64_PC32", "S+A-P", 4, fits_signed, 32),
    4: ("R_X86_64_PLT32", "S+A-P", 4, fits_signed, 32),
    9: ("R_X86_64_GOTPCREL", "G+A-P", 4, fits_signed, 32),
    10: ("R_X86_64_32", "S+A", 4, fits_unsigned, 32),
    11: ("R_X86_64_32S", "S+A", 4, fits_signed, 32),
    12: ("R_X86_64_16", "S+A", 2, fits_bitfield, 16),
    13: ("R_X86_64_PC16", "S+A-P", 2, fits_signed, 16),
    14: ("R_X86_64_8", "S+A", 1, fits_bitfield, 8),
    15: ("R_X86_64_PC8", "S+A-P", 1, fits_signed, 8),
    24: ("R_X86_64_PC64", "S+A-P", 8, None, 64),
    25: ("R_X86_64_GOTOFF64", "S+A-GOT", 8, None, 64),
    26: ("R_X86_64_GOTPC32", "GOT+A-P", 4, fits_signed, 32),
    29: ("R_X86_64_GOTPC64", "GOT+A-P", 8, None, 64),
    41: ("R_X86_64_GOTPCRELX", "G+A-P", 4, fits_signed, 32),
    42: ("R_X86_64_REX_GOTPCRELX", "G+A-P", 4, fits_signed, 32),
}
GOT_TYPES = {9, 41, 42}
GOT_BASE_TYPES = {25, 26, 29}   # need _GLOBAL_OFFSET_TABLE_ / .got.plt
TLS = {16: "R_X86_64_DTPMOD64", 17: "R_X86_64_DTPOFF64", 18: "R_X86_64_TPOFF64",
       19: "R_X86_64_TLSGD", 20: "R_X86_64_TLSLD", 21: "R_X86_64_DTPOFF32",
       22: "R_X86_64_GOTTPOFF", 23: "R_X86_64_TPOFF32", 34: "R_X86_64_GOTPC32_TLSDESC",
       35: "R_X86_64_TLSDESC_CALL", 36: "R_X86_64_TLSDESC"}
OTHER_NAMES = {3: "R_X86_64_GOT32", 5: "R_X86_64_COPY", 6: "R_X86_64_GLOB_DAT",
               7: "R_X86_64_JUMP_SLOT", 8: "R_X86_64_RELATIVE", 27: "R_X86_64_GOT64",
               28: "R_X86_64_GOTPCREL64", 30: "R_X86_64_GOTPLT64", 31: "R_X86_64_PLTOFF64",
               37: "R_X86_64_IRELATIVE", 38: "R_X86_64_RELATIVE64"}


def reloc_name(rtype: int) -> str | None:
    if rtype in RELOCS:
        return RELOCS[rtype][0]
    return TLS.get(rtype) or OTHER_NAMES.get(rtype)


def relro_offset(data_outs: dict) -> int:
    # DATA_SEGMENT_RELRO_END (SIZEOF (.got.plt) >= 24 ? 24 : 0, .)
    gotplt = data_outs.get(".got.plt")
    return 24 if gotplt is not None and gotplt.size >= 24 else 0


def wants_gotplt(rtype: int) -> bool:
    return rtype in GOT_BASE_TYPES


def relax_kind(rtype: int, buf, off: int, local_def: bool) -> str | None:
    """How GNU ld rewrites a GOT load of a symbol defined in the executable: `mov
    foo@GOTPCREL(%rip), %reg` becomes `lea foo(%rip), %reg`, `call *foo@GOTPCREL(%rip)`
    becomes `addr32 call foo` and `jmp *...` becomes `jmp foo; nop`. Then no GOT entry."""
    if rtype not in GOT_TYPES or not local_def or off < 2:
        return None
    opcode, modrm = buf[off - 2], buf[off - 1]
    if modrm & 0xC7 != 0x05:           # not RIP-relative
        return None
    if opcode == 0x8B:
        return "lea"
    if rtype != 9 and opcode == 0xFF and modrm == 0x15:
        return "call"
    if rtype != 9 and opcode == 0xFF and modrm == 0x25:
        return "jmp"
    return None


def needs_got(rtype: int) -> bool:
    return rtype in GOT_TYPES


def span(rtype: int, buf, off: int, size: int, relax: str | None) -> tuple[int, int]:
    """The bytes a lesson shows for this relocation: the instruction when we can tell
    where it starts (call/jmp/jcc rel32, the relaxed GOT load), else just the field."""
    if relax:
        start = off - 2
        if rtype == 42 and start > 0 and 0x40 <= buf[start - 1] <= 0x4F:
            start -= 1
        return start, off + 4
    if rtype in (2, 4) and off >= 1 and buf[off - 1] in (0xE8, 0xE9):
        return off - 1, off + size
    if rtype in (2, 4) and off >= 2 and buf[off - 2] == 0x0F and 0x80 <= buf[off - 1] <= 0x8F:
        return off - 2, off + size
    return off, off + size


def apply(rtype: int, buf: bytearray, off: int, *, S: int, A: int, P: int, G: int, GOT: int,
          relax: str | None) -> tuple[str, int, str]:
    """Patch `buf` at `off`; return (formula, value written, note)."""
    how = RELOCS.get(rtype)
    if how is None:
        if rtype in TLS:
            raise RelocError("unsupported", "thread-local storage")
        raise RelocError("unknown")
    name, formula, size, check, bits = how
    if size == 0:
        return "none", 0, ""
    note = ""
    if relax:
        formula = "S+A-P"
        value = S + A - P
        if relax == "lea":
            buf[off - 2] = 0x8D
            note = "GOT load relaxed: mov -> lea"
        elif relax == "call":
            buf[off - 2:off] = b"\x67\xe8"     # addr32 call rel32
            note = "GOT call relaxed: call *GOT -> addr32 call"
        else:
            buf[off - 2] = 0xE9                # jmp rel32; nop
            off -= 1
            value += 1                          # the field moved one byte closer to P
            buf[off + 4:off + 5] = NOP
            note = "GOT jump relaxed: jmp *GOT -> jmp; nop"
    elif formula == "S+A":
        value = S + A
    elif formula == "S+A-P":
        value = S + A - P
    elif formula == "G+A-P":
        value = G + A - P
    elif formula == "S+A-GOT":
        value = S + A - GOT
    else:   # GOT+A-P
        value = GOT + A - P
    if check is not None and not check(value, bits):
        raise RelocError("overflow")
    buf[off:off + size] = (value & ((1 << (8 * size)) - 1)).to_bytes(size, "little")
    return formula, value, note


def got_entry(value: int) -> bytes:
    return struct.pack("<Q", value & 0xFFFFFFFFFFFFFFFF)
