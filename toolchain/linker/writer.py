"""The executable's bytes: output sections with their contents, `.symtab`/`.strtab` so nm and
objdump show names, and the program headers, through toolchain/elf/writer.py.

The symbol table is ordered like GNU ld's: (AArch64 only: a section symbol per output
section), then per input file its STT_FILE symbol and its local symbols, then the locals
the link itself made (hidden symbols become local in an executable), then the globals.
Locals of merged-string sections (`.LC0`) are dropped, as ld's default `--discard-locals`
for them does.
"""
from __future__ import annotations

from ..elf.constants import (ET_EXEC, SHF_EXECINSTR, SHN_ABS, SHN_UNDEF, SHT_NOBITS,
                             SHT_STRTAB, SHT_SYMTAB, STB_GLOBAL, STB_LOCAL, STB_WEAK,
                             STT_FILE, STT_SECTION, SYM_SIZE)
from ..elf.writer import Section, StringTable, pack_symbol, st_info, write_elf
from .relocate import local_address, symbol_address

SHN_LORESERVE = 0xFF00
STV_HIDDEN, STV_INTERNAL = 2, 1


def section_bytes(out, fill: bytes) -> bytes:
    buf = bytearray(out.size)
    pos = 0
    for p in out.pieces:
        if p.merged_into is not None and p.merged_into is not p:
            continue
        if p.out_offset > pos and fill and out.flags & SHF_EXECINSTR:
            gap = p.out_offset - pos
            buf[pos:p.out_offset] = (fill * (gap // len(fill) + 1))[:gap]
        buf[p.out_offset:p.out_offset + len(p.data)] = p.data
        pos = p.out_offset + p.size
    return bytes(buf)


def output_index(outs) -> dict:
    return {id(o): i + 1 for i, o in enumerate(outs)}


def _out_of(sec):
    return sec.out if sec is not None and not sec.discarded else None


def build_symtab(objects, symtab, outs, arch):
    index = output_index(outs)
    strtab = StringTable()
    entries: list[bytes] = [pack_symbol(0, 0, 0, 0, 0, 0)]
    names: dict[str, int] = {}

    def emit(name, bind, typ, other, shndx, value, size):
        entries.append(pack_symbol(strtab.add(name) if name else 0, st_info(bind, typ), other,
                                   shndx, value, size))

    if arch.NAME == "aarch64":
        for o in outs:
            emit("", STB_LOCAL, STT_SECTION, 0, index[id(o)], o.addr, 0)
    for obj in objects:
        for es in obj.symbols[1:obj.first_global]:
            if es.type == STT_SECTION:
                continue
            if es.type == STT_FILE:
                emit(es.name, STB_LOCAL, STT_FILE, es.other, SHN_ABS, 0, 0)
                continue
            if not es.name:
                continue
            if es.shndx == SHN_ABS:
                emit(es.name, STB_LOCAL, es.type, es.other, SHN_ABS, es.value, es.size)
                names.setdefault(es.name, es.value)
                continue
            if es.shndx == SHN_UNDEF or es.shndx >= SHN_LORESERVE:
                continue
            sec = obj.sections[es.shndx]
            out = _out_of(sec)
            if out is None or sec.pieces is not None:
                continue
            addr = local_address(obj, es)
            emit(es.name, STB_LOCAL, es.type, es.other, index[id(out)], addr, es.size)
            names.setdefault(es.name, addr)

    hidden, globals_ = [], []
    for sym in symtab.symbols.values():
        if sym.kind == "undefined":
            continue      # GNU ld leaves unresolved weak references out of a static executable
        (hidden if sym.other & 3 in (STV_HIDDEN, STV_INTERNAL) and sym.kind != "undefined"
         else globals_).append(sym)
    if any(s.kind == "linker" for s in hidden):
        emit("", STB_LOCAL, STT_FILE, 0, SHN_ABS, 0, 0)   # GNU's marker before linker locals
    for sym in hidden:
        shndx, value = _where(sym, index)
        emit(sym.name, STB_LOCAL, sym.type, sym.other & ~3, shndx, value, sym.size)
        names.setdefault(sym.name, value)
    first_global = len(entries)
    for sym in globals_:
        shndx, value = _where(sym, index)
        bind = STB_WEAK if sym.bind == STB_WEAK else STB_GLOBAL
        emit(sym.name, bind, sym.type, sym.other, shndx, value, sym.size)
        names[sym.name] = value
    return b"".join(entries), strtab.bytes(), first_global, names


def _where(sym, index) -> tuple[int, int]:
    if sym.kind == "undefined":
        return SHN_UNDEF, 0
    if sym.kind == "absolute":
        return SHN_ABS, sym.value
    if sym.kind == "linker":
        out = getattr(sym, "out_section", None)
        return (index[id(out)] if out is not None else SHN_ABS), sym.value
    out = _out_of(sym.section)
    if out is None:
        return SHN_ABS, 0
    return index[id(out)], symbol_address(sym)


def write_executable(*, arch, outs, segments, symtab_bytes, strtab_bytes, first_global,
                     entry: int) -> bytes:
    sections = []
    for o in outs:
        if o.nobits:
            sections.append(Section(o.name, SHT_NOBITS, o.flags, b"", o.addr, o.align,
                                    o.entsize, size=o.size, offset=o.offset))
        else:
            sections.append(Section(o.name, o.type, o.flags, section_bytes(o, arch.NOP), o.addr,
                                    o.align, o.entsize, offset=o.offset))
    sections.append(Section(".symtab", SHT_SYMTAB, 0, symtab_bytes, align=8, entsize=SYM_SIZE,
                            link=".strtab", info=first_global))
    sections.append(Section(".strtab", SHT_STRTAB, 0, strtab_bytes))
    return write_elf(machine=arch.MACHINE, elf_type=ET_EXEC, sections=sections,
                     segments=segments, entry=entry)
