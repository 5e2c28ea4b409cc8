"""Writing ELF64 little-endian files: relocatable objects (assembler) and executables (linker).

The writer only places bytes. What goes in the sections, and, for executables, where
segments and sections live in memory and in the file, is decided by the caller: the
assembler lets the writer pack sections one after the other, the linker passes explicit
file offsets so that every PT_LOAD segment's offset and address agree modulo the page size.
"""
from __future__ import annotations

import struct
from dataclasses import dataclass

from .constants import (EHDR_SIZE, ELFCLASS64, ELFDATA2LSB, ELFOSABI_SYSV, EV_CURRENT,
                        PHDR_SIZE, SHDR_SIZE, SHT_NOBITS, SHT_NULL, SHT_STRTAB)


@dataclass
class Section:
    name: str
    type: int
    flags: int = 0
    data: bytes = b""
    addr: int = 0
    align: int = 1
    entsize: int = 0
    link: int | str = 0        # a section index, or the name of a section in the same file
    info: int | str = 0        # likewise (SHT_RELA's info names the section it patches)
    size: int | None = None    # SHT_NOBITS only: the size the section takes in memory
    offset: int | None = None  # file offset; None lets the writer place it


@dataclass
class Segment:
    type: int
    flags: int
    offset: int
    vaddr: int
    filesz: int
    memsz: int
    align: int


class StringTable:
    """An ELF string table: offset 0 is the empty string, names are NUL-terminated."""

    def __init__(self):
        self._data = bytearray(b"\0")
        self._offsets = {"": 0}

    def add(self, name: str) -> int:
        off = self._offsets.get(name)
        if off is None:
            off = len(self._data)
            self._data += name.encode() + b"\0"
            self._offsets[name] = off
        return off

    def bytes(self) -> bytes:
        return bytes(self._data)


def pack_symbol(name: int, info: int, other: int, shndx: int, value: int, size: int) -> bytes:
    return struct.pack("<IBBHQQ", name, info, other, shndx, value, size)


def pack_rela(offset: int, sym: int, rtype: int, addend: int) -> bytes:
    return struct.pack("<QQq", offset, (sym << 32) | rtype, addend)


def st_info(bind: int, typ: int) -> int:
    return (bind << 4) | (typ & 0xF)


def _align(n: int, a: int) -> int:
    return (n + a - 1) // a * a if a > 1 else n


def write_elf(*, machine: int, elf_type: int, sections: list[Section],
              segments: list[Segment] = (), entry: int = 0, flags: int = 0) -> bytes:
    """Return the bytes of an ELF64 LSB file. Section index 0 (SHT_NULL) is added here, and
    `.shstrtab` is appended unless the caller already gave one."""
    secs = [Section("", SHT_NULL)] + list(sections)
    if not any(s.name == ".shstrtab" for s in secs):
        secs.append(Section(".shstrtab", SHT_STRTAB))
    names = StringTable()
    name_offs = [names.add(s.name) for s in secs]
    shstrndx = next(i for i, s in enumerate(secs) if s.name == ".shstrtab")
    secs[shstrndx].data = names.bytes()
    index_of = {s.name: i for i, s in enumerate(secs) if s.name}

    def ref(v):
        return index_of[v] if isinstance(v, str) else v

    phoff = EHDR_SIZE if segments else 0
    pos = EHDR_SIZE + PHDR_SIZE * len(segments)
    offsets = [0]
    for s in secs[1:]:
        if s.offset is not None:
            off = s.offset
        else:
            off = _align(pos, max(s.align, 1))
        offsets.append(off)
        if s.type != SHT_NOBITS:
            pos = max(pos, off + len(s.data))
    shoff = _align(pos, 8)

    out = bytearray(shoff + SHDR_SIZE * len(secs))
    ident = b"\x7fELF" + bytes([ELFCLASS64, ELFDATA2LSB, EV_CURRENT, ELFOSABI_SYSV]) + bytes(8)
    out[0:EHDR_SIZE] = ident + struct.pack(
        "<HHIQQQIHHHHHH", elf_type, machine, EV_CURRENT, entry, phoff, shoff, flags,
        EHDR_SIZE, PHDR_SIZE if segments else 0, len(segments), SHDR_SIZE, len(secs), shstrndx)
    for i, seg in enumerate(segments):
        at = EHDR_SIZE + i * PHDR_SIZE
        out[at:at + PHDR_SIZE] = struct.pack("<IIQQQQQQ", seg.type, seg.flags, seg.offset,
                                             seg.vaddr, seg.vaddr, seg.filesz, seg.memsz, seg.align)
    for i, s in enumerate(secs):
        if i and s.type != SHT_NOBITS and s.data:
            out[offsets[i]:offsets[i] + len(s.data)] = s.data
        size = (s.size or 0) if s.type == SHT_NOBITS else len(s.data)
        at = shoff + i * SHDR_SIZE
        out[at:at + SHDR_SIZE] = struct.pack(
            "<IIQQQQIIQQ", name_offs[i], s.type, s.flags, s.addr, offsets[i] if i else 0, size,
            ref(s.link), ref(s.info), s.align if i else 0, s.entsize)
    return bytes(out)
