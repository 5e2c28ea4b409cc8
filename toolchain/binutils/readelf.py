"""readelf -h -S -s -r -l, laid out as GNU readelf 2.40 lays it out (non-wide mode).

readelf reads the raw ELF structures (no BFD), so every number here is a field of the
file printed with readelf's own format; the layout rules (truncating long names to
`name[...]`, which sections a segment "contains") follow readelf.c.
"""
from __future__ import annotations

from ..diagnostics import Diagnostic, ToolError
from ..elf import archive as ar
from ..elf import constants as C
from . import names
from .elfread import ElfFile, guarded

M64 = (1 << 64) - 1

_OSABI = {0: "UNIX - System V", 1: "UNIX - HP-UX", 2: "UNIX - NetBSD", 3: "UNIX - GNU",
          6: "UNIX - Solaris", 7: "UNIX - AIX", 8: "UNIX - IRIX", 9: "UNIX - FreeBSD",
          12: "UNIX - OpenBSD", 97: "ARM", 255: "Standalone App"}
_ETYPE = {0: "NONE (None)", 1: "REL (Relocatable file)", 2: "EXEC (Executable file)",
          3: "DYN (Shared object file)", 4: "CORE (Core file)"}
_MACHINE = {0: "None", 3: "Intel 80386", 40: "ARM", 62: "Advanced Micro Devices X86-64",
            183: "AArch64", 243: "RISC-V"}
_SHT = {0: "NULL", 1: "PROGBITS", 2: "SYMTAB", 3: "STRTAB", 4: "RELA", 5: "HASH", 6: "DYNAMIC",
        7: "NOTE", 8: "NOBITS", 9: "REL", 10: "SHLIB", 11: "DYNSYM", 14: "INIT_ARRAY",
        15: "FINI_ARRAY", 16: "PREINIT_ARRAY", 17: "GROUP", 18: "SYMTAB SECTION INDICES",
        19: "RELR", 0x6ffffff5: "GNU_ATTRIBUTES", 0x6ffffff6: "GNU_HASH", 0x6ffffff7: "GNU_LIBLIST",
        0x6ffffffd: "VERDEF", 0x6ffffffe: "VERNEED", 0x6fffffff: "VERSYM", 0x6fff4c03: "LLVM_ADDRSIG"}
_SHT_MACHINE = {62: {0x70000001: "X86_64_UNWIND"}, 183: {0x70000003: "AARCH64_ATTRIBUTES"}}
_PT = {0: "NULL", 1: "LOAD", 2: "DYNAMIC", 3: "INTERP", 4: "NOTE", 5: "SHLIB", 6: "PHDR", 7: "TLS",
       0x6474E550: "GNU_EH_FRAME", 0x6474E551: "GNU_STACK", 0x6474E552: "GNU_RELRO",
       0x6474E553: "GNU_PROPERTY", 0x6474E554: "GNU_SFRAME"}
_STT = {0: "NOTYPE", 1: "OBJECT", 2: "FUNC", 3: "SECTION", 4: "FILE", 5: "COMMON", 6: "TLS", 10: "IFUNC"}
_STB = {0: "LOCAL", 1: "GLOBAL", 2: "WEAK", 10: "UNIQUE"}
_STV = {0: "DEFAULT", 1: "INTERNAL", 2: "HIDDEN", 3: "PROTECTED"}
# get_elf_section_flags: one letter per flag bit, in bit order.
_FLAG_LETTERS = ((0x1, "W"), (0x2, "A"), (0x4, "X"), (0x10, "M"), (0x20, "S"), (0x40, "I"),
                 (0x80, "L"), (0x100, "O"), (0x200, "G"), (0x400, "T"), (0x800, "C"),
                 (0x200000, "R"), (0x80000000, "E"))


def _trunc(name: str, width: int, pad: bool) -> str:
    """readelf's print_symbol: at most `width` characters, `[...]` marking a cut."""
    if len(name) > width:
        name = name[:width - 5] + "[...]"
    return name.ljust(width) if pad else name


def _section_flags(elf: ElfFile, flags: int) -> str:
    out = ""
    known = 0
    for bit, letter in _FLAG_LETTERS:
        known |= bit
        if flags & bit:
            out += letter
    if elf.machine == 62 and flags & 0x10000000:
        out += "l"
        known |= 0x10000000
    rest = flags & ~known
    if rest & 0x0FF00000:
        out += "o"
    if rest & 0x70000000:
        out += "p"
    if rest & ~0x7FF00000:
        out += "x"
    return out


class _Readelf:
    def __init__(self, elf: ElfFile):
        self.elf = elf
        self.out: list[str] = []

    def w(self, s: str):
        self.out.append(s)

    def file_type(self) -> str:
        t = self.elf.e_type
        if t == C.ET_DYN and any(p.type == 3 for p in self.elf.segments):
            return "DYN (Position-Independent Executable file)"
        return _ETYPE.get(t, f"<unknown>: {t:x}")

    def header(self):
        e = self.elf
        ident = e.data[:16]
        self.w("ELF Header:\n")
        self.w("  Magic:   " + "".join(f"{b:02x} " for b in ident) + "\n")
        rows = [
            ("Class", "ELF64"),
            ("Data", "2's complement, little endian"),
            ("Version", f"{ident[6]} (current)" if ident[6] == 1 else f"{ident[6]} <unknown>"),
            ("OS/ABI", _OSABI.get(ident[7], f"<unknown: {ident[7]:x}>")),
            ("ABI Version", f"{ident[8]}"),
            ("Type", self.file_type()),
            ("Machine", _MACHINE.get(e.machine, f"<unknown>: 0x{e.machine:x}")),
            ("Version", f"0x{e.version:x}"),
            ("Entry point address", f"0x{e.entry:x}"),
            ("Start of program headers", f"{e.phoff} (bytes into file)"),
            ("Start of section headers", f"{e.shoff} (bytes into file)"),
            ("Flags", f"0x{e.flags:x}"),
            ("Size of this header", f"{e.ehsize} (bytes)"),
            ("Size of program headers", f"{e.phentsize} (bytes)"),
            ("Number of program headers", f"{e.phnum}"),
            ("Size of section headers", f"{e.shentsize} (bytes)"),
            ("Number of section headers", f"{e.shnum}"),
            ("Section header string table index", f"{e.shstrndx}"),
        ]
        for k, v in rows:
            self.w(f"  {k + ':':<35}{v}\n")

    def sections(self, with_header: bool):
        e = self.elf
        if not e.sections:
            self.w("\nThere are no sections in this file.\n")
            return
        if not with_header:
            n = e.shnum
            self.w(f"There {'is' if n == 1 else 'are'} {n} section header{'' if n == 1 else 's'}, "
                   f"starting at offset 0x{e.shoff:x}:\n")
        self.w("\nSection Headers:\n" if len(e.sections) > 1 else "\nSection Header:\n")
        self.w("  [Nr] Name              Type             Address           Offset\n")
        self.w("       Size              EntSize          Flags  Link  Info  Align\n")
        for s in e.sections:
            stype = _SHT.get(s.type) or _SHT_MACHINE.get(e.machine, {}).get(s.type) or self._other_type(s.type)
            self.w(f"  [{s.index:2d}] {_trunc(s.name, 17, True)} {stype[:15]:<15}  {s.addr:016x}  {s.offset:08x}\n")
            self.w(f"       {s.size:016x}  {s.entsize:016x} {_section_flags(e, s.flags):>3}      "
                   f"{s.link:2d}   {s.info:3d}     {s.align}\n")
        self.w("Key to Flags:\n")
        self.w("  W (write), A (alloc), X (execute), M (merge), S (strings), I (info),\n")
        self.w("  L (link order), O (extra OS processing required), G (group), T (TLS),\n")
        self.w("  C (compressed), x (unknown), o (OS specific), E (exclude),\n")
        self.w("  D (mbind), " + ("l (large), " if e.machine == 62 else "") + "p (processor specific)\n")

    @staticmethod
    def _other_type(t: int) -> str:
        if 0x70000000 <= t <= 0x7FFFFFFF:
            return f"LOPROC+{t - 0x70000000:#x}"
        if 0x60000000 <= t <= 0x6FFFFFFF:
            return f"LOOS+{t - 0x60000000:#x}"
        if 0x80000000 <= t <= 0xFFFFFFFF:
            return f"LOUSER+{t - 0x80000000:#x}"
        return f"{t:08x}: <unknown>"

    def program_headers(self, with_header: bool):
        e = self.elf
        if not e.segments:
            self.w("\nThere are no program headers in this file.\n")
            return
        if not with_header:
            n = len(e.segments)
            self.w(f"\nElf file type is {self.file_type()}\n")
            self.w(f"Entry point 0x{e.entry:x}\n")
            self.w(f"There {'is' if n == 1 else 'are'} {n} program header{'' if n == 1 else 's'}, "
                   f"starting at offset {e.phoff}\n")
        self.w("\nProgram Headers:\n")
        self.w("  Type           Offset             VirtAddr           PhysAddr\n")
        self.w("                 FileSiz            MemSiz              Flags  Align\n")
        for p in e.segments:
            ptype = _PT.get(p.type) or self._other_segment(p.type)
            flags = ("R" if p.flags & 4 else " ") + ("W" if p.flags & 2 else " ") + ("E" if p.flags & 1 else " ")
            self.w(f"  {ptype[:14]:<14} 0x{p.offset:016x} 0x{p.vaddr:016x} 0x{p.paddr:016x}\n")
            self.w(f"                 0x{p.filesz:016x} 0x{p.memsz:016x}  {flags}    0x{p.align:x}\n")
            if p.type == 3:
                interp = e.data[p.offset:p.offset + p.filesz].split(b"\0")[0].decode("utf-8", "replace")
                self.w(f"      [Requesting program interpreter: {interp}]\n")
        if not e.sections:
            return
        self.w("\n Section to Segment mapping:\n")
        self.w("  Segment Sections...\n")
        for i, p in enumerate(e.segments):
            names_in = [s.name for s in e.sections[1:] if not _tbss_special(s, p) and _in_segment(s, p)]
            self.w(f"   {i:02d}     " + "".join(n + " " for n in names_in) + "\n")

    @staticmethod
    def _other_segment(t: int) -> str:
        if 0x70000000 <= t <= 0x7FFFFFFF:
            return f"LOPROC+{t - 0x70000000:#x}"
        if 0x60000000 <= t <= 0x6FFFFFFF:
            return f"LOOS+{t - 0x60000000:#x}"
        return f"<unknown>: {t:x}"

    def relocs(self):
        e = self.elf
        found = False
        for rs in e.reloc_sections:
            found = True
            sec = rs.section
            n = len(rs.relocs)
            self.w(f"\nRelocation section '{sec.name}' at offset 0x{sec.offset:x} contains "
                   f"{n} {'entry' if n == 1 else 'entries'}:\n")
            is_rela = sec.type == C.SHT_RELA
            if is_rela:
                self.w("  Offset          Info           Type           Sym. Value    Sym. Name + Addend\n")
            else:
                self.w("  Offset          Info           Type           Sym. Value    Sym. Name\n")
            syms = e.symbols_of(rs)
            for r in rs.relocs:
                info = (r.sym << 32) | r.type
                line = f"{r.offset & 0xFFFFFFFFFFFF:012x}  {info & 0xFFFFFFFFFFFF:012x} "
                name = names.reloc_name(e.machine, r.type)
                if name.startswith("<unknown>"):
                    line += f"unrecognized: {r.type:<7x}"
                else:
                    line += f"{name[:17]:<17}"
                if r.sym and r.sym < len(syms):
                    s = syms[r.sym]
                    line += f" {s.value:016x} "
                    if s.name == "" and s.type == C.STT_SECTION or (s.name == "" and s.shndx):
                        if 0 < s.shndx < len(e.sections):
                            sname = e.sections[s.shndx].name
                        elif s.shndx == C.SHN_ABS:
                            sname = "ABS"
                        elif s.shndx == C.SHN_COMMON:
                            sname = "COMMON"
                        else:
                            sname = "<null>"
                        line += _trunc(sname, 22, False)
                    else:
                        line += _trunc(s.name, 22, False)
                    if is_rela:
                        line += f" - {-r.addend:x}" if r.addend < 0 else f" + {r.addend:x}"
                elif is_rela:
                    line += " " * 20
                    line += f"-{-r.addend:x}" if r.addend < 0 else f"{r.addend:x}"
                self.w(line + "\n")
        if not found:
            self.w("\nThere are no relocations in this file.\n")

    def symbols(self):
        e = self.elf
        for sec in e.sections:
            if sec.type not in (C.SHT_SYMTAB, 11):
                continue
            syms = e.symbols if sec is e.symtab_section else e._symbols(sec)
            n = len(syms)
            self.w(f"\nSymbol table '{sec.name}' contains {n} {'entry' if n == 1 else 'entries'}:\n")
            self.w("   Num:    Value          Size Type    Bind   Vis      Ndx Name\n")
            for s in syms:
                stype = _STT.get(s.type) or (f"<processor specific>: {s.type}" if s.type >= 13
                                             else f"<OS specific>: {s.type}" if s.type >= 10 else f"<unknown>: {s.type}")
                bind = _STB.get(s.bind) or (f"<processor specific>: {s.bind}" if s.bind >= 13
                                            else f"<OS specific>: {s.bind}" if s.bind >= 10 else f"<unknown>: {s.bind}")
                vis = _STV[s.other & 3]
                if s.shndx == 0:
                    ndx = "UND"
                elif s.shndx == C.SHN_ABS:
                    ndx = "ABS"
                elif s.shndx == C.SHN_COMMON:
                    ndx = "COM"
                elif s.shndx >= 0xFF00:
                    ndx = f"RSV[0x{s.shndx:04x}]" if s.shndx < 0xFFF1 else f"{s.shndx:3d}"
                else:
                    ndx = f"{s.shndx:3d}"
                name = s.name
                if s.type == C.STT_SECTION and not name and 0 < s.shndx < len(e.sections):
                    name = e.sections[s.shndx].name
                self.w(f"{s.index:6d}: {s.value:016x} {s.size:5d} {stype:<7} {bind:<6} {vis:<7} {ndx:>4} "
                       f"{_trunc(name, 21, False)}\n")


def _tbss_special(s, p) -> bool:
    return bool(s.flags & 0x400) and s.type == C.SHT_NOBITS and p.type != 7


def _in_segment(s, p) -> bool:
    """ELF_SECTION_IN_SEGMENT_STRICT from include/elf/internal.h (unsigned arithmetic)."""
    tls = bool(s.flags & 0x400)
    alloc = bool(s.flags & C.SHF_ALLOC)
    size = 0 if (tls and s.type == C.SHT_NOBITS and p.type != 7) else s.size
    if not ((tls and p.type in (7, 0x6474E552, 1)) or (not tls and p.type not in (7, 6))):
        return False
    if not alloc and (p.type in (1, 2, 0x6474E550, 0x6474E551, 0x6474E552, 0x6474E554)
                      or 0x6474E555 <= p.type <= 0x6474E555 + 0xFF):
        return False
    if s.type != C.SHT_NOBITS:
        if not (s.offset >= p.offset and ((s.offset - p.offset) & M64) <= ((p.filesz - 1) & M64)
                and s.offset - p.offset + size <= p.filesz):
            return False
    if alloc:
        if not (s.addr >= p.vaddr and ((s.addr - p.vaddr) & M64) <= ((p.memsz - 1) & M64)
                and s.addr - p.vaddr + size <= p.memsz):
            return False
    if p.type in (2, 4) and s.size == 0 and p.memsz != 0:
        ok_off = s.type == C.SHT_NOBITS or (s.offset > p.offset and s.offset - p.offset < p.filesz)
        ok_addr = not alloc or (s.addr > p.vaddr and s.addr - p.vaddr < p.memsz)
        if not (ok_off and ok_addr):
            return False
    return True


@guarded("readelf", "readelf: Error: {name}: not a valid ELF file")
def readelf(data: bytes, name: str, *, file_header=False, section_headers=False, symbols=False,
            relocs=False, program_headers=False) -> str:
    """What `readelf` with -h -S -s -r -l prints for the file `name` holding `data`
    (for an archive, each member after a `File: lib.a(member.o)` line)."""
    opts = dict(file_header=file_header, section_headers=section_headers, symbols=symbols,
                relocs=relocs, program_headers=program_headers)
    if ar.is_archive(data):
        out = []
        for m in ar.read_archive(data, name):
            out.append(f"\nFile: {name}({m.name})\n")
            out.append(_one(m.data, f"{name}({m.name})", **opts))
        return "".join(out)
    return _one(data, name, **opts)


def _one(data: bytes, name: str, *, file_header, section_headers, symbols, relocs, program_headers) -> str:
    if not data.startswith(b"\x7fELF"):
        raise ToolError([Diagnostic(None, 0, 0, "Error",
                                    "Not an ELF file - it has the wrong magic bytes at the start",
                                    tool="readelf")])
    try:
        elf = ElfFile(data, name, "readelf")
    except ToolError:
        raise ToolError([Diagnostic(None, 0, 0, "Error", f"{name}: not a valid ELF file",
                                    tool="readelf")]) from None
    r = _Readelf(elf)
    if file_header:
        r.header()
    if section_headers:
        r.sections(with_header=file_header)
    if program_headers:
        r.program_headers(with_header=file_header)
    if relocs:
        r.relocs()
    if symbols:
        r.symbols()
    return "".join(r.out)
