"""AArch64 (ELF for the Arm 64-bit Architecture, AAELF64): relocation arithmetic, the
instruction fields each relocation fills, layout constants.

Letters as in AAELF64: S, A, P; Page(x) = x & ~0xfff; G(GDAT(S+A)) is the address of the
GOT entry holding S+A. GNU ld does not relax GOT loads on AArch64 in a static link, so
neither do we: each symbol reached through the GOT gets an entry.
"""
from __future__ import annotations

import struct

from . import RelocError, fits_bitfield, fits_signed, fits_unsigned

NAME = "aarch64"
MACHINE = 183
BFD_ARCH = "aarch64"
MAXPAGESIZE = 0x10000
COMMONPAGESIZE = 0x1000
SEPARATE_CODE = False
GOT_RESERVED = 1            # .got[0] is reserved (it would hold _DYNAMIC)
NOP = b"\x1f\x20\x03\xd5"


def _page(x: int) -> int:
    return x & ~0xFFF


def _imm(insn: int, value: int, shift: int, bits: int) -> int:
    mask = ((1 << bits) - 1) << shift
    return (insn & ~mask) | ((value << shift) & mask)


def _adr(insn: int, imm21: int) -> int:
    insn &= ~((3 << 29) | (0x7FFFF << 5))
    return insn | ((imm21 & 3) << 29) | (((imm21 >> 2) & 0x7FFFF) << 5)


# type -> (name, formula, kind, parameter); kind says which field and which check.
RELOCS = {
    0: ("R_AARCH64_NONE", "", "none", 0),
    256: ("R_AARCH64_NONE", "", "none", 0),
    257: ("R_AARCH64_ABS64", "S+A", "data", 8),
    258: ("R_AARCH64_ABS32", "S+A", "data", 4),
    259: ("R_AARCH64_ABS16", "S+A", "data", 2),
    260: ("R_AARCH64_PREL64", "S+A-P", "data", 8),
    261: ("R_AARCH64_PREL32", "S+A-P", "data", 4),
    262: ("R_AARCH64_PREL16", "S+A-P", "data", 2),
    263: ("R_AARCH64_MOVW_UABS_G0", "S+A", "movw", (0, True)),
    264: ("R_AARCH64_MOVW_UABS_G0_NC", "S+A", "movw", (0, False)),
    265: ("R_AARCH64_MOVW_UABS_G1", "S+A", "movw", (1, True)),
    266: ("R_AARCH64_MOVW_UABS_G1_NC", "S+A", "movw", (1, False)),
    267: ("R_AARCH64_MOVW_UABS_G2", "S+A", "movw", (2, True)),
    268: ("R_AARCH64_MOVW_UABS_G2_NC", "S+A", "movw", (2, False)),
    269: ("R_AARCH64_MOVW_UABS_G3", "S+A", "movw", (3, False)),
    273: ("R_AARCH64_LD_PREL_LO19", "S+A-P", "branch", (19, 5)),
    274: ("R_AARCH64_ADR_PREL_LO21", "S+A-P", "adr", True),
    275: ("R_AARCH64_ADR_PREL_PG_HI21", "Page(S+A)-Page(P)", "adrp", True),
    276: ("R_AARCH64_ADR_PREL_PG_HI21_NC", "Page(S+A)-Page(P)", "adrp", False),
    277: ("R_AARCH64_ADD_ABS_LO12_NC", "(S+A) & 0xfff", "lo12", 0),
    278: ("R_AARCH64_LDST8_ABS_LO12_NC", "(S+A) & 0xfff", "lo12", 0),
    279: ("R_AARCH64_TSTBR14", "S+A-P", "branch", (14, 5)),
    280: ("R_AARCH64_CONDBR19", "S+A-P", "branch", (19, 5)),
    282: ("R_AARCH64_JUMP26", "S+A-P", "branch", (26, 0)),
    283: ("R_AARCH64_CALL26", "S+A-P", "branch", (26, 0)),
    284: ("R_AARCH64_LDST16_ABS_LO12_NC", "(S+A) & 0xfff", "lo12", 1),
    285: ("R_AARCH64_LDST32_ABS_LO12_NC", "(S+A) & 0xfff", "lo12", 2),
    286: ("R_AARCH64_LDST64_ABS_LO12_NC", "(S+A) & 0xfff", "lo12", 3),
    299: ("R_AARCH64_LDST128_ABS_LO12_NC", "(S+A) & 0xfff", "lo12", 4),
    311: ("R_AARCH64_ADR_GOT_PAGE", "Page(G(GDAT(S+A)))-Page(P)", "adrp", True),
    312: ("R_AARCH64_LD64_GOT_LO12_NC", "G(GDAT(S+A)) & 0xfff", "lo12", 3),
}
GOT_TYPES = {311, 312}
BRANCH_TYPES = {282, 283}
TLS = {n: f"R_AARCH64_{s}" for n, s in {
    512: "TLSGD_ADR_PREL21", 513: "TLSGD_ADR_PAGE21", 514: "TLSGD_ADD_LO12_NC",
    541: "TLSIE_ADR_GOTTPREL_PAGE21", 542: "TLSIE_LD64_GOTTPREL_LO12_NC",
    544: "TLSLE_MOVW_TPREL_G2", 545: "TLSLE_MOVW_TPREL_G1", 546: "TLSLE_MOVW_TPREL_G1_NC",
    547: "TLSLE_MOVW_TPREL_G0", 548: "TLSLE_MOVW_TPREL_G0_NC", 549: "TLSLE_ADD_TPREL_HI12",
    550: "TLSLE_ADD_TPREL_LO12", 551: "TLSLE_ADD_TPREL_LO12_NC",
    560: "TLSDESC_ADR_PAGE21", 561: "TLSDESC_LD64_LO12", 562: "TLSDESC_ADD_LO12",
    569: "TLSDESC_CALL"}.items()}
OTHER_NAMES = {1024: "R_AARCH64_COPY", 1025: "R_AARCH64_GLOB_DAT",
               1026: "R_AARCH64_JUMP_SLOT", 1027: "R_AARCH64_RELATIVE",
               1032: "R_AARCH64_IRELATIVE", 313: "R_AARCH64_LD64_GOTPAGE_LO15",
               287: "R_AARCH64_MOVW_PREL_G0", 309: "R_AARCH64_GOT_LD_PREL19"}


def reloc_name(rtype: int) -> str | None:
    if rtype in RELOCS:
        return RELOCS[rtype][0]
    return TLS.get(rtype) or OTHER_NAMES.get(rtype)


def relro_offset(data_outs: dict) -> int:
    return 24   # DATA_SEGMENT_RELRO_END (24, .): the first 3 .got.plt words are RELRO


def wants_gotplt(rtype: int) -> bool:
    return rtype in GOT_TYPES


def needs_got(rtype: int) -> bool:
    return rtype in GOT_TYPES


def relax_kind(rtype, buf, off, local_def) -> None:
    return None


def span(rtype: int, buf, off: int, size: int, relax) -> tuple[int, int]:
    kind = RELOCS.get(rtype, ("", "", "data", 4))[2]
    return off, off + (RELOCS[rtype][3] if kind == "data" else 4)


def apply(rtype: int, buf: bytearray, off: int, *, S: int, A: int, P: int, G: int, GOT: int,
          relax=None) -> tuple[str, int, str]:
    how = RELOCS.get(rtype)
    if how is None:
        if rtype in TLS:
            raise RelocError("unsupported", "thread-local storage")
        raise RelocError("unknown")
    name, formula, kind, param = how
    if kind == "none":
        return "none", 0, ""
    X = G if rtype in GOT_TYPES else S + A
    if kind == "data":
        size = param
        value = X if formula == "S+A" else X - P
        ok = (fits_bitfield(value, 8 * size) if size < 8 else True)
        if not ok:
            raise RelocError("overflow")
        buf[off:off + size] = (value & ((1 << (8 * size)) - 1)).to_bytes(size, "little")
        return formula, value, ""
    insn = struct.unpack_from("<I", buf, off)[0]
    if kind == "branch":
        bits, shift = param
        value = X - P
        if not fits_signed(value, bits + 2):
            raise RelocError("overflow")
        insn = _imm(insn, value >> 2, shift, bits)
    elif kind == "adr":
        value = X - P
        if not fits_signed(value, 21):
            raise RelocError("overflow")
        insn = _adr(insn, value)
    elif kind == "adrp":
        value = _page(X) - _page(P)
        if param and not fits_signed(value, 33):
            raise RelocError("overflow")
        insn = _adr(insn, value >> 12)
    elif kind == "lo12":
        value = X & 0xFFF
        insn = _imm(insn, value >> param, 10, 12)
    else:   # movw
        group, checked = param
        value = X
        if checked and not fits_unsigned(value, 16 * (group + 1)):
            raise RelocError("overflow")
        insn = _imm(insn, (value >> (16 * group)) & 0xFFFF, 5, 16)
    struct.pack_into("<I", buf, off, insn & 0xFFFFFFFF)
    return formula, value, ""


def got_entry(value: int) -> bytes:
    return struct.pack("<Q", value & 0xFFFFFFFFFFFFFFFF)
