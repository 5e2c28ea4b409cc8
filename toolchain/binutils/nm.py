"""nm: the symbol table, one line per symbol, as GNU nm 2.40 prints it (BSD format,
sorted by name as in the C locale).

The type letter is BFD's bfd_decode_symclass: U/w/v for undefined, W/V for weak, C for
common, A for absolute, otherwise the section's letter (by name prefix, .text -> t,
.data* -> d, .rodata* -> r, .bss* -> b, else from its flags), upper case if global.
"""
from __future__ import annotations

from ..elf import archive as ar
from ..elf import constants as C
from .elfread import ElfFile, guarded, tool_error

# bfd/syms.c stt[]: section-name prefixes and their letters.
_SECTION_LETTERS = (
    (".bss", "b"), ("code", "t"), (".data", "d"), ("*DEBUG*", "N"), (".debug", "N"),
    (".drectve", "i"), (".edata", "e"), (".fini", "t"), (".idata", "i"), (".init", "t"),
    (".pdata", "p"), (".rdata", "r"), (".rodata", "r"), (".sbss", "s"), (".scommon", "c"),
    (".sdata", "g"), (".text", "t"), ("vars", "d"), ("zerovars", "b"),
)


def _section_letter(sec) -> str:
    for prefix, letter in _SECTION_LETTERS:
        if sec.name.startswith(prefix):
            return letter
    # decode_section_type: from the BFD flags of the section
    has_contents = sec.type != C.SHT_NOBITS
    alloc = bool(sec.flags & C.SHF_ALLOC)
    readonly = not (sec.flags & C.SHF_WRITE)
    if sec.flags & C.SHF_EXECINSTR:
        return "t"
    if alloc and has_contents:          # SEC_DATA
        return "r" if readonly else "d"
    if not has_contents:
        return "b"
    if not alloc and sec.name.startswith((".debug", ".zdebug", ".line", ".stab", ".gnu.linkonce.wi.")):
        return "N"
    if readonly:
        return "n"
    return "?"


def symbol_letter(elf: ElfFile, s) -> str:
    """bfd_decode_symclass for an ELF symbol."""
    if s.shndx == C.SHN_COMMON:
        return "C"
    if s.shndx == C.SHN_UNDEF:
        if s.bind == C.STB_WEAK:
            return "v" if s.type == C.STT_OBJECT else "w"
        return "U"
    if s.type == 10:                              # STT_GNU_IFUNC
        return "i"
    if s.bind == C.STB_WEAK:
        return "V" if s.type == C.STT_OBJECT else "W"
    if s.bind == 10:                              # STB_GNU_UNIQUE
        return "u"
    if s.bind not in (C.STB_LOCAL, C.STB_GLOBAL):
        return "?"
    if s.shndx == C.SHN_ABS:
        c = "a"
    elif s.shndx < len(elf.sections):
        c = _section_letter(elf.sections[s.shndx])
    else:
        return "?"
    return c.upper() if s.bind == C.STB_GLOBAL else c


def _is_special(elf: ElfFile, s) -> bool:
    # AArch64 mapping symbols ($x, $d, $x.foo) are "target special": nm hides them.
    if elf.machine != 183:
        return False
    n = s.name
    return n.startswith(("$x", "$d")) and (len(n) == 2 or n[2] == ".")


def _lines(elf: ElfFile) -> list[str]:
    rows = []
    for s in elf.symbols[1:]:
        if s.type in (C.STT_SECTION, C.STT_FILE):      # BSF_DEBUGGING: not without -a
            continue
        if _is_special(elf, s):
            continue
        rows.append(s)
    rows.sort(key=lambda s: s.name.encode())
    out = []
    for s in rows:
        letter = symbol_letter(elf, s)
        if letter in "Uwv":
            out.append(f"{'':16} {letter} {s.name}\n")
        else:
            value = s.size if s.shndx == C.SHN_COMMON else s.value
            out.append(f"{value:016x} {letter} {s.name}\n")
    return out


@guarded("nm")
def nm(data: bytes, name: str) -> str:
    """What `nm name` prints (stdout). A file without symbols raises ToolError with nm's
    `nm: x: no symbols`."""
    if ar.is_archive(data):
        try:
            members = ar.read_archive(data, name)
        except Exception:
            raise tool_error("nm", f"{name}: file format not recognized") from None
        out = []
        for m in members:
            elf = ElfFile(m.data, m.name, "nm")
            out.append(f"\n{m.name}:\n")
            out.extend(_lines(elf))
        return "".join(out)
    elf = ElfFile(data, name, "nm")
    if elf.symtab_section is None:
        raise tool_error("nm", f"{name}: no symbols")
    return "".join(_lines(elf))
