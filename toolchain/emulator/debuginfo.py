"""Addresses back to names: function+offset from `.symtab`, C file:line from `.debug_line`.

Both come from the executable itself through pyelftools, the way gdb and addr2line find
them; a stripped file or one without -g simply answers None.
"""
from __future__ import annotations

import bisect
import posixpath
from dataclasses import dataclass

from elftools.common.exceptions import DWARFError, ELFError
from elftools.construct import ConstructError


@dataclass(frozen=True)
class Symbol:
    name: str
    address: int
    size: int
    is_function: bool
    section_end: int    # a size-less label reaches at most to the end of its section


@dataclass(frozen=True)
class LineRow:
    address: int
    file: str
    line: int
    column: int


class DebugInfo:
    def __init__(self, elf, load_bias: int = 0):
        self.bias = load_bias
        self.symbols = _symbols(elf, load_bias)
        self._sym_addrs = [s.address for s in self.symbols]
        self.rows, self._ends = _line_rows(elf, load_bias)
        self._row_addrs = [r.address for r in self.rows]

    def symbolize(self, addr: int) -> tuple[Symbol, int] | None:
        """The function (or label) containing `addr`, and the offset into it."""
        i = bisect.bisect_right(self._sym_addrs, addr) - 1
        if i < 0:
            return None
        # several symbols may precede addr (aliases, labels inside a function): prefer the
        # one whose extent contains it, else the nearest one before it, as objdump does
        for j in range(i, max(i - 16, -1), -1):
            sym = self.symbols[j]
            if sym.size and sym.address <= addr < sym.address + sym.size:
                return sym, addr - sym.address
        sym = self.symbols[i]
        return (sym, addr - sym.address) if addr < sym.section_end else None

    def describe(self, addr: int) -> str | None:
        found = self.symbolize(addr)
        if found is None:
            return None
        sym, off = found
        return f"{sym.name}+0x{off:x}" if off else sym.name

    def line_for(self, addr: int) -> LineRow | None:
        i = bisect.bisect_right(self._row_addrs, addr) - 1
        if i < 0:
            return None
        row = self.rows[i]
        # the row covers addr only up to the next row or the end of its sequence
        end = self._ends[i]
        return row if addr < end else None

    def addresses_for_line(self, file: str, line: int) -> list[int]:
        """Every address where a statement of file:line begins (for breakpoints)."""
        base = posixpath.basename(file)
        return [r.address for r in self.rows
                if r.line == line and (r.file == file or posixpath.basename(r.file) == base)]


def _symbols(elf, bias) -> list[Symbol]:
    out = []
    try:
        symtab = elf.get_section_by_name(".symtab")
        if symtab is None:
            return out
        for sym in symtab.iter_symbols():
            kind = sym["st_info"]["type"]
            if kind not in ("STT_FUNC", "STT_NOTYPE", "STT_GNU_IFUNC") or not sym.name:
                continue
            if sym["st_shndx"] in ("SHN_UNDEF", "SHN_ABS"):
                continue
            # skip mapping symbols ($x, $d) and compiler-local labels (.L...)
            if sym.name.startswith(("$", ".L")):
                continue
            index = sym["st_shndx"]
            if not isinstance(index, int) or index >= elf.num_sections():
                continue
            section = elf.get_section(index).header
            out.append(Symbol(sym.name, sym["st_value"] + bias, sym["st_size"], kind != "STT_NOTYPE",
                              section.sh_addr + section.sh_size + bias))
    except (ELFError, ConstructError, ValueError, KeyError, IndexError, AttributeError, TypeError):
        return []
    # functions first at equal addresses so lookups prefer them over labels
    out.sort(key=lambda s: (s.address, not s.is_function))
    return out


def _line_rows(elf, bias):
    rows, ends = [], []
    try:
        if not elf.has_dwarf_info():
            return rows, ends
        dwarf = elf.get_dwarf_info()
        for cu in dwarf.iter_CUs():
            program = dwarf.line_program_for_CU(cu)
            if program is None:
                continue
            version = program.header.version
            files = program.header.file_entry
            dirs = program.header.include_directory
            seq = []
            for entry in program.get_entries():
                state = entry.state
                if state is None:
                    continue
                if state.end_sequence:
                    for j, r in enumerate(seq):
                        rows.append(r)
                        ends.append(seq[j + 1].address if j + 1 < len(seq) else state.address + bias)
                    seq = []
                    continue
                name = _file_name(files, dirs, state.file, version)
                seq.append(LineRow(state.address + bias, name, state.line, state.column))
    except (DWARFError, ELFError, ConstructError, ValueError, KeyError, IndexError,
            AttributeError, TypeError, UnicodeDecodeError):
        return [], []
    order = sorted(range(len(rows)), key=lambda k: rows[k].address)
    return [rows[k] for k in order], [ends[k] for k in order]


def _file_name(files, dirs, index, version) -> str:
    # DWARF 5 numbers files from 0; earlier versions from 1
    i = index if version >= 5 else index - 1
    if not 0 <= i < len(files):
        return "??"
    entry = files[i]
    name = entry.name.decode("utf-8", "replace") if isinstance(entry.name, bytes) else str(entry.name)
    d = entry.dir_index if version >= 5 else entry.dir_index - 1
    if not posixpath.isabs(name) and 0 <= d < len(dirs) and d > (0 if version >= 5 else -1):
        directory = dirs[d]
        directory = directory.decode("utf-8", "replace") if isinstance(directory, bytes) else str(directory)
        name = posixpath.join(directory, name)
    return name
