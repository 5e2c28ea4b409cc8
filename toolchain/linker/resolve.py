"""Reading the command line in order: objects join the link, archives are searched at their
position for members that define what is still undefined (repeatedly, until a pass pulls
nothing new), and symbols are resolved as each file arrives.

GNU semantics, not lld's: an archive is searched only when the command line reaches it,
so a later object's undefined symbol never goes back to an earlier archive.
"""
from __future__ import annotations

from ..diagnostics import ToolError
from ..elf.constants import SHN_COMMON, SHN_UNDEF, STB_LOCAL
from ..target import target_for_machine
from .inputs import (group_signature, is_archive, ld_error, load_member, machine_of,
                     parse_archive, parse_object)
from .linkmap import Pulled
from .symbols import SymbolTable


def _bfd_arch(machine: int) -> str:
    return {62: "i386:x86-64", 183: "aarch64", 3: "i386", 40: "arm"}.get(machine, f"EM {machine}")


class Loader:
    def __init__(self, symtab: SymbolTable, target):
        self.symtab = symtab
        self.target = target
        self.objects = []
        self.pulled: list[Pulled] = []
        self._groups: set = set()

    def _check_machine(self, obj):
        if self.target is not None and obj.machine != self.target.elf_machine:
            # bfd reads a foreign object with its generic ELF backend, which complains once
            # per relocation section, then gives up on the file.
            n = _count_rela_sections(obj)
            diags = [ld_error(f"{obj.name}: Relocations in generic ELF (EM: {obj.machine})")] * n
            diags.append(ld_error(f"{obj.name}: error adding symbols: file in wrong format"))
            raise ToolError(diags)

    def _discard_duplicate_groups(self, obj):
        for group in getattr(obj, "_groups", []):
            comdat, sig, members = group_signature(obj, group)
            if not comdat:
                continue
            if sig in self._groups:
                for idx in members:
                    if 0 < idx < len(obj.sections) and obj.sections[idx] is not None:
                        obj.sections[idx].discarded = True
            else:
                self._groups.add(sig)

    def add_object(self, obj):
        self._check_machine(obj)
        self._discard_duplicate_groups(obj)
        self.objects.append(obj)
        self.symtab.add_file(obj)

    def add_archive(self, archive):
        included: set = set()
        while True:
            pulled_any = False
            for name, offset in archive.armap:
                if offset in included:
                    continue
                why = self.symtab.wanted_from_archive(name)
                if why is None:
                    continue
                obj = load_member(archive, offset)
                if why == "common" and not _defines_for_real(obj, name):
                    continue
                sym = self.symtab.get(name)
                referrer = sym.referenced_by.name if sym.referenced_by else (
                    sym.file.name if sym.file else "")
                included.add(offset)
                self.add_object(obj)
                self.pulled.append(Pulled(obj.name, archive.name, name, referrer))
                pulled_any = True
            if not pulled_any:
                return


def _count_rela_sections(obj) -> int:
    import struct
    data = obj.data
    shoff = struct.unpack_from("<Q", data, 0x28)[0]
    shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
    return sum(1 for i in range(shnum)
               if struct.unpack_from("<I", data, shoff + i * shentsize + 4)[0] == 4)


def _defines_for_real(obj, name: str) -> bool:
    """bfd pulls a member for a common symbol only if the member has a real definition."""
    for s in obj.symbols[obj.first_global:]:
        if s.name == name and s.bind != STB_LOCAL and s.shndx not in (SHN_UNDEF, SHN_COMMON):
            return True
    return False


def first_machine(inputs) -> int | None:
    for name, data in inputs:
        if is_archive(data):
            try:
                for m in parse_archive(name, data).members:
                    mach = machine_of(m.data)
                    if mach is not None:
                        return mach
            except ToolError:
                continue
        else:
            mach = machine_of(data)
            if mach is not None:
                return mach
    return None


def load_inputs(inputs, target, symtab: SymbolTable) -> Loader:
    loader = Loader(symtab, target)
    for name, data in inputs:
        if is_archive(data):
            loader.add_archive(parse_archive(name, data))
        else:
            loader.add_object(parse_object(name, data))
    return loader


def resolve_target(inputs, target):
    if target is not None:
        return target
    machine = first_machine(inputs)
    if machine is None:
        if not inputs:
            raise ToolError([ld_error("no input files")])
        return None
    tgt = target_for_machine(machine)
    if tgt is None:
        name = inputs[0][0]
        raise ToolError([ld_error(f"{name}: unsupported ELF machine {_bfd_arch(machine)} "
                                  "(x86-64 and AArch64 only)")])
    return tgt
