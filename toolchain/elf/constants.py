"""ELF64 constants the writers and readers share (values from the gABI and the psABIs).

Reading ELF goes through pyelftools; these names are for code that writes ELF or prints
it as binutils does.
"""

# e_type
ET_REL, ET_EXEC, ET_DYN = 1, 2, 3

# e_ident
ELFCLASS64 = 2
ELFDATA2LSB = 1
EV_CURRENT = 1
ELFOSABI_SYSV = 0

# section types
SHT_NULL, SHT_PROGBITS, SHT_SYMTAB, SHT_STRTAB, SHT_RELA = 0, 1, 2, 3, 4
SHT_NOTE, SHT_NOBITS, SHT_REL = 7, 8, 9
SHT_INIT_ARRAY, SHT_FINI_ARRAY = 14, 15
SHT_X86_64_UNWIND = 0x70000001

# section flags
SHF_WRITE, SHF_ALLOC, SHF_EXECINSTR = 0x1, 0x2, 0x4
SHF_MERGE, SHF_STRINGS, SHF_INFO_LINK = 0x10, 0x20, 0x40
SHF_GROUP = 0x200

SHN_UNDEF, SHN_ABS, SHN_COMMON = 0, 0xFFF1, 0xFFF2

# symbols
STB_LOCAL, STB_GLOBAL, STB_WEAK = 0, 1, 2
STT_NOTYPE, STT_OBJECT, STT_FUNC, STT_SECTION, STT_FILE = 0, 1, 2, 3, 4
STV_DEFAULT, STV_HIDDEN = 0, 2

# program headers
PT_LOAD, PT_NOTE, PT_GNU_STACK = 1, 4, 0x6474E551
PF_X, PF_W, PF_R = 1, 2, 4

EHDR_SIZE = 64
PHDR_SIZE = 56
SHDR_SIZE = 64
SYM_SIZE = 24
RELA_SIZE = 24

# Relocation types: name -> number, per machine. Names are binutils' spellings.
R_X86_64 = {
    "R_X86_64_NONE": 0, "R_X86_64_64": 1, "R_X86_64_PC32": 2, "R_X86_64_GOT32": 3,
    "R_X86_64_PLT32": 4, "R_X86_64_GOTPCREL": 9, "R_X86_64_32": 10, "R_X86_64_32S": 11,
    "R_X86_64_16": 12, "R_X86_64_PC16": 13, "R_X86_64_8": 14, "R_X86_64_PC8": 15,
    "R_X86_64_PC64": 24, "R_X86_64_GOTPCRELX": 41, "R_X86_64_REX_GOTPCRELX": 42,
}

R_AARCH64 = {
    "R_AARCH64_NONE": 0, "R_AARCH64_ABS64": 257, "R_AARCH64_ABS32": 258,
    "R_AARCH64_ABS16": 259, "R_AARCH64_PREL64": 260, "R_AARCH64_PREL32": 261,
    "R_AARCH64_PREL16": 262,
    "R_AARCH64_MOVW_UABS_G0": 263, "R_AARCH64_MOVW_UABS_G0_NC": 264,
    "R_AARCH64_MOVW_UABS_G1": 265, "R_AARCH64_MOVW_UABS_G1_NC": 266,
    "R_AARCH64_MOVW_UABS_G2": 267, "R_AARCH64_MOVW_UABS_G2_NC": 268,
    "R_AARCH64_MOVW_UABS_G3": 269,
    "R_AARCH64_LD_PREL_LO19": 273, "R_AARCH64_ADR_PREL_LO21": 274,
    "R_AARCH64_ADR_PREL_PG_HI21": 275, "R_AARCH64_ADR_PREL_PG_HI21_NC": 276,
    "R_AARCH64_ADD_ABS_LO12_NC": 277, "R_AARCH64_LDST8_ABS_LO12_NC": 278,
    "R_AARCH64_TSTBR14": 279, "R_AARCH64_CONDBR19": 280, "R_AARCH64_JUMP26": 282,
    "R_AARCH64_CALL26": 283, "R_AARCH64_LDST16_ABS_LO12_NC": 284,
    "R_AARCH64_LDST32_ABS_LO12_NC": 285, "R_AARCH64_LDST64_ABS_LO12_NC": 286,
    "R_AARCH64_LDST128_ABS_LO12_NC": 299,
    "R_AARCH64_ADR_GOT_PAGE": 311, "R_AARCH64_LD64_GOT_LO12_NC": 312,
}

RELOCS_BY_MACHINE = {62: R_X86_64, 183: R_AARCH64}


def reloc_name(machine: int, rtype: int) -> str:
    """binutils' name for a relocation type number, or a numeric placeholder."""
    for name, num in RELOCS_BY_MACHINE.get(machine, {}).items():
        if num == rtype:
            return name
    return f"<unknown>: {rtype:x}"


def reloc_number(machine: int, name: str) -> int:
    return RELOCS_BY_MACHINE[machine][name]
