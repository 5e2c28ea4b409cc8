"""The global symbol table: one `Symbol` per name, resolved the way GNU ld resolves them.

A strong definition beats a weak one and a common one; two strong definitions are an
error; two commons merge into the larger; a weak definition loses to a common. Undefined
references that are all weak do not pull archive members and resolve to 0. Local symbols
never enter this table: relocations reach them through their own file.
"""
from __future__ import annotations

from ..elf.constants import (SHN_ABS, SHN_COMMON, SHN_UNDEF, STB_GLOBAL, STB_LOCAL, STB_WEAK,
                             STT_NOTYPE, STT_SECTION, STV_DEFAULT)
from .messages import Reporter

STT_GNU_IFUNC = 10
STT_TLS = 6


class Symbol:
    __slots__ = ("name", "bind", "type", "size", "other", "file", "section", "value", "kind",
                 "align", "weak_ref_only", "referenced_by", "provided", "elf", "out_section")

    def __init__(self, name: str):
        self.name = name
        self.bind = STB_GLOBAL
        self.type = STT_NOTYPE
        self.size = 0
        self.other = STV_DEFAULT
        self.file = None          # ObjectFile that defines it (or first references it)
        self.section = None       # InputSection holding the definition
        self.value = 0            # offset in `section`, or the absolute value
        self.kind = "undefined"   # undefined | defined | absolute | common | linker
        self.align = 1            # commons: the alignment asked for
        self.weak_ref_only = True
        self.referenced_by = None
        self.provided = False     # defined by the linker script (PROVIDE-style or not)
        self.elf = None           # the ElfSymbol that won
        self.out_section = None   # linker-defined symbols: the output section they belong to

    @property
    def is_defined(self) -> bool:
        return self.kind != "undefined"

    def __repr__(self):
        return f"<Symbol {self.name} {self.kind}>"


class SymbolTable:
    def __init__(self, reporter: Reporter):
        self.symbols: dict[str, Symbol] = {}
        self.reporter = reporter
        self.discarded_sections: set = set()

    def get(self, name: str) -> Symbol | None:
        return self.symbols.get(name)

    def _symbol(self, name: str) -> Symbol:
        sym = self.symbols.get(name)
        if sym is None:
            sym = self.symbols[name] = Symbol(name)
        return sym

    def add_file(self, obj):
        """Enter every global of `obj`; remember which Symbol each index resolves to."""
        obj.resolved = [None] * len(obj.symbols)
        for esym in obj.symbols[obj.first_global:]:
            if esym.bind == STB_LOCAL or not esym.name:
                continue
            sym = self._symbol(esym.name)
            obj.resolved[esym.index] = sym
            shndx = esym.shndx
            sec = obj.sections[shndx] if 0 < shndx < len(obj.sections) else None
            if shndx == SHN_UNDEF or (sec is not None and sec.discarded):
                self._reference(sym, obj, esym)
            elif shndx == SHN_COMMON:
                self._common(sym, obj, esym)
            else:
                self._define(sym, obj, esym, sec)

    def _reference(self, sym: Symbol, obj, esym):
        if esym.bind != STB_WEAK:
            sym.weak_ref_only = False
            if sym.referenced_by is None:
                sym.referenced_by = obj
        if sym.kind == "undefined" and sym.file is None:
            sym.file = obj
            sym.type = esym.type
        if sym.kind == "undefined" and esym.bind != STB_WEAK:
            sym.bind = STB_GLOBAL
        elif sym.kind == "undefined" and sym.weak_ref_only:
            sym.bind = STB_WEAK
        # The most constraining visibility wins (gABI), for references too.
        if esym.visibility and (sym.other & 3 == 0 or esym.visibility < (sym.other & 3)):
            sym.other = (sym.other & ~3) | esym.visibility

    def _take(self, sym: Symbol, obj, esym, sec, kind: str):
        sym.kind = kind
        sym.file = obj
        sym.section = sec
        sym.value = esym.value
        sym.bind = esym.bind
        sym.type = esym.type
        sym.size = esym.size
        vis, prev = esym.visibility, sym.other & 3
        if prev and (vis == 0 or prev < vis):
            vis = prev
        sym.other = (esym.other & ~3) | vis
        sym.elf = esym

    def _common(self, sym: Symbol, obj, esym):
        if sym.kind in ("undefined",) or (sym.kind in ("defined", "absolute") and sym.bind == STB_WEAK):
            self._take(sym, obj, esym, None, "common")
            sym.align = max(esym.value, 1)   # a common's st_value is its alignment
            sym.value = 0
        elif sym.kind == "common":
            sym.align = max(sym.align, esym.value, 1)
            if esym.size > sym.size:
                sym.size, sym.file, sym.elf = esym.size, obj, esym

    def _define(self, sym: Symbol, obj, esym, sec):
        kind = "absolute" if esym.shndx == SHN_ABS else "defined"
        if sym.kind == "undefined" or sym.kind == "common" and esym.bind != STB_WEAK:
            self._take(sym, obj, esym, sec, kind)
        elif sym.kind in ("defined", "absolute"):
            if sym.bind == STB_WEAK and esym.bind != STB_WEAK:
                self._take(sym, obj, esym, sec, kind)
            elif sym.bind != STB_WEAK and esym.bind != STB_WEAK:
                first_sec = sym.section
                if sec is not None and first_sec is not None:
                    self.reporter.multiple_definition(sym.name, obj, sec, esym.value, sym.file,
                                                      first_sec, sym.elf.value)
                else:
                    self.reporter.error(f"{obj.name}: multiple definition of `{sym.name}'; "
                                        f"{sym.file.name}: first defined here")

    def wanted_from_archive(self, name: str) -> str | None:
        """Why an archive member defining `name` must be pulled: "undefined" (a strong
        reference is unresolved), "common" (only a common definition exists so far; bfd pulls
        a member that really defines it), or None."""
        sym = self.symbols.get(name)
        if sym is None:
            return None
        if sym.kind == "undefined" and not sym.weak_ref_only:
            return "undefined"
        if sym.kind == "common":
            return "common"
        return None

    def define_linker(self, name: str, *, always: bool = False, hidden: bool = False) -> Symbol | None:
        """A symbol the default linker script defines. PROVIDE'd ones (`always=False`)
        exist only if something references them and nothing else defines them."""
        sym = self.symbols.get(name)
        if sym is None:
            if not always:
                return None
            sym = self._symbol(name)
        elif sym.kind != "undefined" and not always:
            return None
        elif sym.kind != "undefined" and always and sym.file is not None:
            return None   # an object's definition stands; GNU would let the script win
        sym.kind = "linker"
        sym.provided = True
        sym.bind = STB_GLOBAL
        if hidden:
            sym.other = (sym.other & ~3) | 2
        return sym


def is_section_symbol(esym) -> bool:
    return esym.type == STT_SECTION
