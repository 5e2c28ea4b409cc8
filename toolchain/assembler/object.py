"""The relocatable object: sections in the order GNU as creates them, each `.rela` right
after its section, then `.symtab` (file symbol, locals in creation order, then globals),
`.strtab` and `.shstrtab`."""
from __future__ import annotations

from ..elf.constants import (ET_REL, SHF_INFO_LINK, SHN_ABS, SHN_COMMON, SHN_UNDEF, SHT_NOBITS,
                             SHT_RELA, SHT_STRTAB, SHT_SYMTAB, STB_GLOBAL, STB_LOCAL, STB_WEAK,
                             STT_FILE, STT_SECTION)
from ..elf.writer import Section as ElfSection
from ..elf.writer import StringTable, pack_rela, pack_symbol, st_info, write_elf
from . import expr as X

_BIND = {"local": STB_LOCAL, "global": STB_GLOBAL, "weak": STB_WEAK}


def _resolve_equ(asm, s):
    """A symbol set to an expression of other symbols: pin it to a section or a number."""
    try:
        v = X.evaluate(s.equ, True)
    except X.ExprError as e:
        asm.error(str(e), s.defined_line)
        return
    if v.is_const:
        s.absolute = v.const
    elif v.add is not None and v.sub is None and v.add.section is not None:
        s.section, s.frag, s.offset = v.add.section, v.add.frag, v.add.offset + v.const
    elif v.add is not None and v.sub is None and v.const == 0:
        pass   # alias of an undefined symbol: stays undefined
    else:
        asm.error(f"can't resolve value for symbol `{s.name}'", s.defined_line)
    s.equ = None


def write_object(asm) -> bytes:
    arch = asm.arch
    for s in asm.symbol_list:
        if s.equ is not None:
            _resolve_equ(asm, s)

    order = list(asm.symbol_list) + asm.late_section_symbols
    order += [s for s in asm.symbols.values() if not s.listed and not s.temp]
    emitted_sections = set(asm.sections)
    locals_, globals_ = [], []
    for s in order:
        if s.order < 0:
            continue
        if s.type == STT_SECTION:
            if s.section in emitted_sections and (arch.keep_all_section_symbols or s.used_in_reloc):
                locals_.append(s)
            continue
        if s.temp and not s.used_in_reloc:
            continue
        if s.binding == "local" and (s.section is not None or s.absolute is not None):
            locals_.append(s)
        elif s.binding == "local" and s.temp:
            continue
        else:
            globals_.append(s)

    strtab = StringTable()
    syms = [pack_symbol(0, 0, 0, 0, 0, 0)]
    if asm.file_symbol is not None:
        syms.append(pack_symbol(strtab.add(asm.file_symbol), st_info(STB_LOCAL, STT_FILE), 0,
                                SHN_ABS, 0, 0))
    index = {}
    elf_index = {}
    n = 1
    for sec in asm.sections:
        elf_index[sec] = n
        n += 2 if sec.relocs else 1
    symtab_index = n

    def sym_entry(s):
        if s.type == STT_SECTION:
            return pack_symbol(0, st_info(STB_LOCAL, STT_SECTION), 0, elf_index[s.section], 0, 0)
        name = strtab.add(s.name)
        size = 0
        if s.size is not None:
            try:
                v = X.evaluate(s.size, True)
            except X.ExprError:
                v = None
            if v is None or not v.is_const:
                asm.error(f".size expression for {s.name} does not evaluate to a constant",
                          asm.size_lines.get(s.name, 0))
            else:
                size = v.const
        bind = STB_GLOBAL if s.binding == "local" else _BIND[s.binding]
        if s in local_set:
            bind = STB_LOCAL
        if s.common is not None and s.section is None:
            return pack_symbol(name, st_info(bind, s.type), s.visibility, SHN_COMMON,
                               s.common[1], s.common[0])
        if s.absolute is not None and s.section is None:
            return pack_symbol(name, st_info(bind, s.type), s.visibility, SHN_ABS,
                               s.absolute & ((1 << 64) - 1), size)
        if s.section is None:
            return pack_symbol(name, st_info(bind, s.type), s.visibility, SHN_UNDEF, 0, size)
        return pack_symbol(name, st_info(bind, s.type), s.visibility, elf_index[s.section],
                           s.address(), size)

    local_set = set(locals_)
    for s in locals_ + globals_:
        index[id(s)] = len(syms)
        syms.append(sym_entry(s))
    first_global = len(syms) - len(globals_)

    out = []
    for sec in asm.sections:
        if sec.type == SHT_NOBITS:
            out.append(ElfSection(sec.name, sec.type, sec.flags, align=sec.align,
                                  entsize=sec.entsize, size=sec.size()))
        else:
            out.append(ElfSection(sec.name, sec.type, sec.flags, data=sec.contents(),
                                  align=sec.align, entsize=sec.entsize))
        if sec.relocs:
            rel = b"".join(pack_rela(off, index[id(sym)], rtype, addend)
                           for off, rtype, sym, addend in sec.relocs)
            out.append(ElfSection(".rela" + sec.name, SHT_RELA, SHF_INFO_LINK, data=rel, align=8,
                                  entsize=24, link=symtab_index, info=elf_index[sec]))
    out.append(ElfSection(".symtab", SHT_SYMTAB, 0, data=b"".join(syms), align=8, entsize=24,
                          link=symtab_index + 1, info=first_global))
    out.append(ElfSection(".strtab", SHT_STRTAB, 0, data=strtab.bytes(), align=1))
    return write_elf(machine=arch.machine, elf_type=ET_REL, sections=out)
