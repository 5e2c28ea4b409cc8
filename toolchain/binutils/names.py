"""Names binutils prints for numbers: relocation types beyond the ones our writers use."""
from __future__ import annotations

from ..elf import constants as C

# Relocation types that appear in GNU-built objects (TLS, GOT, ...) but that no stage of
# ours emits, so they are not in elf/constants.py.
_EXTRA = {
    62: {
        5: "R_X86_64_COPY", 6: "R_X86_64_GLOB_DAT", 7: "R_X86_64_JUMP_SLOT", 8: "R_X86_64_RELATIVE",
        16: "R_X86_64_DTPMOD64", 17: "R_X86_64_DTPOFF64", 18: "R_X86_64_TPOFF64", 19: "R_X86_64_TLSGD",
        20: "R_X86_64_TLSLD", 21: "R_X86_64_DTPOFF32", 22: "R_X86_64_GOTTPOFF", 23: "R_X86_64_TPOFF32",
        25: "R_X86_64_GOTOFF64", 26: "R_X86_64_GOTPC32", 27: "R_X86_64_GOT64", 28: "R_X86_64_GOTPCREL64",
        29: "R_X86_64_GOTPC64", 30: "R_X86_64_GOTPLT64", 31: "R_X86_64_PLTOFF64", 32: "R_X86_64_SIZE32",
        33: "R_X86_64_SIZE64", 34: "R_X86_64_GOTPC32_TLSDESC", 35: "R_X86_64_TLSDESC_CALL",
        36: "R_X86_64_TLSDESC", 37: "R_X86_64_IRELATIVE", 38: "R_X86_64_RELATIVE64",
    },
    183: {
        270: "R_AARCH64_MOVW_SABS_G0", 271: "R_AARCH64_MOVW_SABS_G1", 272: "R_AARCH64_MOVW_SABS_G2",
        275: "R_AARCH64_ADR_PREL_PG_HI21",
        287: "R_AARCH64_MOVW_PREL_G0", 288: "R_AARCH64_MOVW_PREL_G0_NC",
        312: "R_AARCH64_LD64_GOT_LO12_NC", 1024: "R_AARCH64_COPY", 1025: "R_AARCH64_GLOB_DAT",
        1026: "R_AARCH64_JUMP_SLOT", 1027: "R_AARCH64_RELATIVE", 1032: "R_AARCH64_IRELATIVE",
        549: "R_AARCH64_TLSLE_ADD_TPREL_HI12", 550: "R_AARCH64_TLSLE_ADD_TPREL_LO12",
        551: "R_AARCH64_TLSLE_ADD_TPREL_LO12_NC",
    },
}


def reloc_name(machine: int, rtype: int) -> str:
    for name, num in C.RELOCS_BY_MACHINE.get(machine, {}).items():
        if num == rtype:
            return name
    return _EXTRA.get(machine, {}).get(rtype, f"<unknown>: {rtype:x}")
