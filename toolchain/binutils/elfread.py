"""One read of an ELF file, shared by objdump, nm and readelf.

The headers, symbols and relocations are plain struct reads (their raw numbers are what
readelf prints); DWARF goes through pyelftools. Records are built once
so the printers can sort and index them freely; every parse failure becomes the
binutils-style message (`nm: x.o: file format not recognized`) instead of a traceback.
"""
from __future__ import annotations

import io
import struct
from dataclasses import dataclass, field

from elftools.elf.elffile import ELFFile

from ..diagnostics import Diagnostic, ToolError
from ..elf import constants as C
from ..target import target_for_machine

ELF_MAGIC = b"\x7fELF"


def tool_error(tool: str, message: str) -> ToolError:
    return ToolError([Diagnostic(None, 0, 0, "", message, tool=tool)])


# What a damaged file can make the readers trip over, beyond what ElfFile checks up front.
MALFORMED = (struct.error, ValueError, OverflowError, IndexError, KeyError, UnicodeError, MemoryError)


def guarded(tool: str, message="{name}: file format not recognized"):
    """Turn a reader's stumble over a damaged file into the tool's one-line complaint,
    never a traceback (GNU's tools also just give up on such files)."""
    def wrap(fn):
        import functools

        @functools.wraps(fn)
        def inner(data, name, *args, **kwargs):
            try:
                return fn(data, name, *args, **kwargs)
            except MALFORMED as e:
                text = message.format(name=name)
                if text.startswith(f"{tool}: Error: "):      # readelf's style
                    raise ToolError([Diagnostic(None, 0, 0, "Error", text[len(tool) + 9:], tool=tool)]) from e
                raise tool_error(tool, text) from e
        return inner
    return wrap


@dataclass
class Section:
    index: int
    name: str
    type: int
    flags: int
    addr: int
    offset: int
    size: int
    link: int
    info: int
    align: int
    entsize: int
    name_offset: int
    data: bytes = b""

    @property
    def is_alloc(self) -> bool:
        return bool(self.flags & C.SHF_ALLOC)


@dataclass
class Symbol:
    index: int
    name: str
    value: int
    size: int
    type: int          # STT_*
    bind: int          # STB_*
    other: int         # st_other (visibility in the low bits)
    shndx: int

    @property
    def visibility(self) -> int:
        return self.other & 3


@dataclass
class Reloc:
    offset: int
    type: int
    sym: int           # index into the symbol table the relocation section links to
    addend: int


@dataclass
class RelocSection:
    section: Section   # the SHT_RELA/SHT_REL section itself
    target: int        # index of the section it patches (sh_info)
    relocs: list = field(default_factory=list)


@dataclass
class Segment:
    type: int
    flags: int
    offset: int
    vaddr: int
    paddr: int
    filesz: int
    memsz: int
    align: int


class ElfFile:
    """The parts of an ELF64 little-endian file the binutils print."""

    def __init__(self, data: bytes, name: str, tool: str):
        self.data = data
        self.name = name
        if not data.startswith(ELF_MAGIC) or len(data) < 64:
            raise tool_error(tool, f"{name}: file format not recognized")
        if data[4] != C.ELFCLASS64 or data[5] != C.ELFDATA2LSB:
            raise tool_error(tool, f"{name}: file format not recognized")
        try:
            self._read()
        except (struct.error, ValueError, OverflowError, IndexError) as e:
            raise tool_error(tool, f"{name}: file format not recognized") from e

    def _read(self):
        d = self.data
        (self.e_type, self.machine, self.version, self.entry, self.phoff, self.shoff, self.flags,
         self.ehsize, self.phentsize, self.phnum, self.shentsize, self.shnum,
         self.shstrndx) = struct.unpack_from("<HHIQQQIHHHHHH", d, 16)
        self.target = target_for_machine(self.machine)
        self.sections: list[Section] = []
        raw = []
        if self.shoff:
            if self.shentsize != C.SHDR_SIZE:
                raise ValueError("bad section header size")
            for i in range(self.shnum):
                raw.append(struct.unpack_from("<IIQQQQIIQQ", d, self.shoff + i * C.SHDR_SIZE))
        for i, (name, stype, flags, addr, off, size, link, info, align, entsize) in enumerate(raw):
            data = b""
            if stype != C.SHT_NOBITS and stype != C.SHT_NULL and size:
                data = d[off:off + size]
                if len(data) != size:
                    raise ValueError("section extends past end of file")
            self.sections.append(Section(i, "", stype, flags, addr, off, size, link, info, align,
                                         entsize, name, data))
        if self.sections and self.shstrndx < len(self.sections):
            names = self.sections[self.shstrndx].data
            for s in self.sections:
                s.name = _cstr(names, s.name_offset)
        self.segments: list[Segment] = []
        for i in range(self.phnum if self.phoff else 0):
            ptype, pflags, off, vaddr, paddr, filesz, memsz, align = struct.unpack_from(
                "<IIQQQQQQ", d, self.phoff + i * C.PHDR_SIZE)
            self.segments.append(Segment(ptype, pflags, off, vaddr, paddr, filesz, memsz, align))
        self.symtab_section = next((s for s in self.sections if s.type == C.SHT_SYMTAB), None)
        self.symbols: list[Symbol] = self._symbols(self.symtab_section) if self.symtab_section else []
        self.reloc_sections: list[RelocSection] = []
        for s in self.sections:
            if s.type in (C.SHT_RELA, C.SHT_REL):
                self.reloc_sections.append(RelocSection(s, s.info, self._relocs(s)))

    def dwarf(self):
        """pyelftools' DWARF reader (it applies .rela.debug_* itself for relocatable files)."""
        return ELFFile(io.BytesIO(self.data)).get_dwarf_info()

    def _symbols(self, sec: Section) -> list[Symbol]:
        strtab = self.sections[sec.link].data if sec.link < len(self.sections) else b""
        out = []
        for i in range(sec.size // C.SYM_SIZE):
            name, info, other, shndx, value, size = struct.unpack_from("<IBBHQQ", sec.data, i * C.SYM_SIZE)
            out.append(Symbol(i, _cstr(strtab, name), value, size, info & 0xF, info >> 4, other, shndx))
        return out

    def _relocs(self, sec: Section) -> list[Reloc]:
        out = []
        if sec.type == C.SHT_RELA:
            for i in range(sec.size // C.RELA_SIZE):
                off, info, addend = struct.unpack_from("<QQq", sec.data, i * C.RELA_SIZE)
                out.append(Reloc(off, info & 0xFFFFFFFF, info >> 32, addend))
        else:
            for i in range(sec.size // 16):
                off, info = struct.unpack_from("<QQ", sec.data, i * 16)
                out.append(Reloc(off, info & 0xFFFFFFFF, info >> 32, 0))
        return out

    # -- questions the printers ask -------------------------------------------------------

    @property
    def is_relocatable(self) -> bool:
        return self.e_type == C.ET_REL

    @property
    def has_relocs(self) -> bool:
        # BFD's HAS_RELOC: set for ET_REL files and for anything carrying a relocation section.
        return self.e_type == C.ET_REL or bool(self.reloc_sections)

    def section_by_name(self, name: str) -> Section | None:
        return next((s for s in self.sections if s.name == name), None)

    def relocs_for(self, index: int) -> list[RelocSection]:
        return [r for r in self.reloc_sections if r.target == index and r.section.type in (C.SHT_RELA, C.SHT_REL)]

    def symbols_of(self, rsec: RelocSection) -> list[Symbol]:
        link = rsec.section.link
        if self.symtab_section is not None and link == self.symtab_section.index:
            return self.symbols
        if 0 < link < len(self.sections) and self.sections[link].type in (C.SHT_SYMTAB, 11):
            return self._symbols(self.sections[link])
        return []

    def has_debug_info(self) -> bool:
        return self.section_by_name(".debug_info") is not None

    def bfd_format_name(self) -> str:
        if self.machine == 62:
            return "elf64-x86-64"
        if self.machine == 183:
            return "elf64-littleaarch64"
        return "elf64-little"


def _cstr(table: bytes, offset: int) -> str:
    end = table.find(b"\0", offset)
    if end < 0:
        end = len(table)
    return table[offset:end].decode("utf-8", "replace")
