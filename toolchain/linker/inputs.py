"""The linker's inputs: ELF relocatable objects, and `ar` archives whose members join the
link only when they define a symbol that is still wanted (GNU ld's rule).

Objects are read with `struct` rather than pyelftools: the linker touches every symbol and
every relocation of every input, and a flat parse is many times faster than building
pyelftools' objects for each of them.
"""
from __future__ import annotations

import struct
from dataclasses import dataclass, field

from ..diagnostics import Diagnostic, ToolError
from ..elf.archive import is_archive, read_archive
from ..elf.constants import (ET_REL, SHF_ALLOC, SHF_MERGE, SHF_STRINGS, SHN_UNDEF,
                             SHT_NOBITS, SHT_REL, SHT_RELA, SHT_STRTAB, SHT_SYMTAB, STT_FILE,
                             STT_SECTION)

SHT_GROUP = 17
SHT_SYMTAB_SHNDX = 18
GRP_COMDAT = 1
SHN_LORESERVE = 0xFF00


def ld_error(message: str) -> Diagnostic:
    """A message as GNU ld prints it: `ld: <message>`."""
    return Diagnostic(None, 0, 0, "", message, tool="ld")


@dataclass
class ElfSymbol:
    index: int
    name: str
    value: int
    size: int
    bind: int
    type: int
    other: int
    shndx: int

    @property
    def visibility(self) -> int:
        return self.other & 3


@dataclass
class Reloc:
    offset: int
    type: int
    sym: int
    addend: int


class InputSection:
    """One section of one input object, and where the link put it.

    `out`/`out_offset` are filled by layout. Merged string sections get `pieces`: the
    (input offset, output offset, length) of each string, because after merging a string
    no longer sits at its input offset.
    """

    def __init__(self, file, index, name, type, flags, data, size, align, entsize, link, info):
        self.file = file
        self.index = index
        self.name = name
        self.type = type
        self.flags = flags
        self.data = data
        self.size = size
        self.align = max(align, 1)
        self.entsize = entsize
        self.link = link
        self.info = info
        self.relocs: list[Reloc] = []
        self.out = None
        self.out_offset = 0
        self.pieces = None        # merged strings: [(input offset, offset in merged_into, length)]
        self.merged_into = None
        self.discarded = False

    @property
    def address(self) -> int:
        return self.out.addr + self.out_offset

    @property
    def is_mergeable_strings(self) -> bool:
        return (self.flags & (SHF_MERGE | SHF_STRINGS)) == (SHF_MERGE | SHF_STRINGS) and self.entsize >= 1

    def output_offset_of(self, offset: int) -> int:
        """Offset in the output section of the byte at `offset` in this input section."""
        if self.pieces is None:
            return self.out_offset + offset
        lo, hi = 0, len(self.pieces) - 1
        while lo < hi:   # last piece starting at or before `offset`
            mid = (lo + hi + 1) // 2
            if self.pieces[mid][0] <= offset:
                lo = mid
            else:
                hi = mid - 1
        start, out, _ = self.pieces[lo] if self.pieces else (0, 0, 0)
        return self.merged_into.out_offset + out + (offset - start)

    def address_of(self, offset: int) -> int:
        return self.out.addr + self.output_offset_of(offset)

    def __repr__(self):
        return f"<InputSection {self.file.name if self.file else '*linker*'}({self.name})>"


@dataclass
class ObjectFile:
    name: str                 # as GNU ld names it in messages: `main.o` or `libx.a(sum.o)`
    data: bytes
    machine: int = 0
    sections: list = field(default_factory=list)   # index -> InputSection | None
    symbols: list = field(default_factory=list)    # index -> ElfSymbol
    file_symbol: str | None = None                 # first STT_FILE name: GNU's "main.c:" prefix
    first_global: int = 0
    has_gnu_stack_note: bool = False
    resolved: list = field(default_factory=list)   # index -> Symbol for globals (symbols.py)
    archive: str | None = None
    member: str | None = None

    def __hash__(self):
        return id(self)

    def __eq__(self, other):
        return self is other


_EHDR = struct.Struct("<16sHHIQQQIHHHHHH")
_SHDR = struct.Struct("<IIQQQQIIQQ")
_SYM = struct.Struct("<IBBHQQ")
_RELA = struct.Struct("<QQq")


def _cstr(blob: bytes, off: int) -> str:
    end = blob.find(b"\0", off)
    return blob[off:end if end >= 0 else len(blob)].decode("utf-8", "replace")


def machine_of(data: bytes) -> int | None:
    if len(data) >= 20 and data[:4] == b"\x7fELF" and data[4] == 2 and data[5] == 1:
        return struct.unpack_from("<H", data, 18)[0]
    return None


def parse_object(name: str, data: bytes) -> ObjectFile:
    """Read an ELF64 little-endian ET_REL file. Bad files raise ToolError with GNU's words."""
    if data[:4] != b"\x7fELF":
        raise ToolError([Diagnostic(None, 0, 0, "", f"ld:{name}: file format not recognized; "
                                    "treating as linker script"),
                         Diagnostic(None, 0, 0, "", f"ld:{name}:0: syntax error")])
    try:
        return _parse(name, data)
    except (struct.error, IndexError, ValueError, UnicodeDecodeError):
        raise ToolError([ld_error(f"{name}: error adding symbols: file format not recognized")]) from None


def _parse(name: str, data: bytes) -> ObjectFile:
    if data[4] != 2 or data[5] != 1:
        raise ToolError([ld_error(f"{name}: error adding symbols: file in wrong format")])
    (_, e_type, e_machine, _, _, _, e_shoff, _, _, _, _, e_shentsize, e_shnum,
     e_shstrndx) = _EHDR.unpack_from(data, 0)
    if e_type != ET_REL:
        what = {2: "executable", 3: "shared object"}.get(e_type, f"ELF type {e_type}")
        raise ToolError([ld_error(f"{name}: linking against a {what} is not supported "
                                  "(static links of relocatable objects only)")])
    obj = ObjectFile(name, data, machine=e_machine)
    headers = [_SHDR.unpack_from(data, e_shoff + i * e_shentsize) for i in range(e_shnum)]
    shstr_off, shstr_size = headers[e_shstrndx][4], headers[e_shstrndx][5]
    shstr = data[shstr_off:shstr_off + shstr_size]
    secs: list = [None] * e_shnum
    symtab_index = None
    rela_sections = []
    groups = []
    for i, (sh_name, sh_type, sh_flags, _, sh_offset, sh_size, sh_link, sh_info, sh_align,
            sh_entsize) in enumerate(headers):
        if i == 0:
            continue
        sname = _cstr(shstr, sh_name)
        if sh_type == SHT_SYMTAB:
            symtab_index = i
            continue
        if sh_type == SHT_RELA:
            rela_sections.append((sh_info, sh_offset, sh_size))
            continue
        if sh_type == SHT_REL:
            raise ToolError([ld_error(f"{name}: SHT_REL relocation sections are not supported "
                                      "(ELF64 uses SHT_RELA)")])
        if sh_type in (SHT_STRTAB, SHT_SYMTAB_SHNDX, 0):
            continue      # the object's own string tables: consumed, never linked
        if sh_type == SHT_GROUP:
            groups.append((sh_link, sh_info, data[sh_offset:sh_offset + sh_size]))
            continue
        if sname == ".note.GNU-stack":
            obj.has_gnu_stack_note = True
        body = b"" if sh_type == SHT_NOBITS else data[sh_offset:sh_offset + sh_size]
        if sh_type != SHT_NOBITS and len(body) != sh_size:
            raise ValueError("section past end of file")
        secs[i] = InputSection(obj, i, sname, sh_type, sh_flags, body, sh_size, sh_align,
                               sh_entsize, sh_link, sh_info)
    obj.sections = secs
    if symtab_index is not None:
        _, _, _, _, off, size, link, info, _, entsize = headers[symtab_index]
        stroff, strsize = headers[link][4], headers[link][5]
        strtab = data[stroff:stroff + strsize]
        entsize = entsize or _SYM.size
        for k in range(size // entsize):
            st_name, st_info, st_other, st_shndx, st_value, st_size = _SYM.unpack_from(
                data, off + k * entsize)
            sym = ElfSymbol(k, _cstr(strtab, st_name), st_value, st_size, st_info >> 4,
                            st_info & 0xF, st_other, st_shndx)
            obj.symbols.append(sym)
            if sym.type == STT_FILE and obj.file_symbol is None:
                obj.file_symbol = sym.name
        obj.first_global = info
    for target, off, size in rela_sections:
        sec = secs[target] if 0 < target < len(secs) else None
        if sec is None:
            continue
        sec.relocs = [Reloc(o, i & 0xFFFFFFFF, i >> 32, a)
                      for o, i, a in _RELA.iter_unpack(data[off:off + size])]
    obj._groups = groups
    return obj


def group_signature(obj: ObjectFile, group) -> tuple[bool, str, list[int]]:
    """(is COMDAT, signature, member section indexes) of one SHT_GROUP section."""
    _, info, body = group
    words = struct.unpack(f"<{len(body) // 4}I", body)
    sig = obj.symbols[info].name if info < len(obj.symbols) else ""
    if sig == "" and info < len(obj.symbols) and obj.symbols[info].type == STT_SECTION:
        sec = obj.sections[obj.symbols[info].shndx]
        sig = sec.name if sec else ""
    return bool(words and words[0] & GRP_COMDAT), sig, list(words[1:])


@dataclass
class ArchiveFile:
    name: str
    members: list              # elf.archive.Member
    index: dict                # symbol -> list of member offsets, in armap order
    armap: list                # (symbol, member offset) in armap order
    loaded: dict = field(default_factory=dict)   # member offset -> ObjectFile


def _read_armap(data: bytes) -> list[tuple[str, int]] | None:
    """The GNU `/` symbol index: big-endian count, member header offsets, names."""
    pos = 8
    if len(data) < pos + 60 or data[pos:pos + 16].rstrip() != b"/":
        return None
    size = int(data[pos + 48:pos + 58].decode().strip())
    body = data[pos + 60:pos + 60 + size]
    count = struct.unpack_from(">I", body, 0)[0]
    offsets = struct.unpack_from(f">{count}I", body, 4)
    names, p = [], 4 + 4 * count
    for _ in range(count):
        end = body.index(b"\0", p)
        names.append(body[p:end].decode("utf-8", "replace"))
        p = end + 1
    return list(zip(names, offsets))


def parse_archive(name: str, data: bytes) -> ArchiveFile:
    try:
        members = read_archive(data, name)
        armap = _read_armap(data)
    except ToolError as e:
        raise ToolError([ld_error(d.message) for d in e.diagnostics]) from None
    except (struct.error, ValueError, IndexError):
        raise ToolError([ld_error(f"{name}: error adding symbols: malformed archive")]) from None
    if armap is None:
        armap = []
        if any(m.data[:4] == b"\x7fELF" for m in members):
            raise ToolError([ld_error(f"{name}: error adding symbols: archive has no index; "
                                      "run ranlib to add one")])
    index: dict = {}
    for sym, off in armap:
        index.setdefault(sym, []).append(off)
    return ArchiveFile(name, members, index, armap)


def load_member(archive: ArchiveFile, offset: int) -> ObjectFile:
    obj = archive.loaded.get(offset)
    if obj is None:
        member = next((m for m in archive.members if m.offset == offset), None)
        if member is None:
            raise ToolError([ld_error(f"{archive.name}: error adding symbols: malformed archive")])
        obj = parse_object(f"{archive.name}({member.name})", member.data)
        obj.archive, obj.member = archive.name, member.name
        archive.loaded[offset] = obj
    return obj


def is_undefined(sym: ElfSymbol) -> bool:
    return sym.shndx == SHN_UNDEF


def is_alloc(sec: InputSection) -> bool:
    return bool(sec.flags & SHF_ALLOC)


__all__ = ["ObjectFile", "InputSection", "ElfSymbol", "Reloc", "ArchiveFile", "parse_object",
           "parse_archive", "load_member", "machine_of", "is_archive", "ld_error",
           "group_signature", "SHN_LORESERVE"]
