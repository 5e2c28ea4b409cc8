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
        self._elf = elf
        self._variables = None

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


    # -- what the debugger asks ---------------------------------------------------------
    def function(self, name: str) -> Symbol | None:
        """The function symbol called `name` (a data label is not a function)."""
        found = [s for s in self.symbols if s.name == name]
        found.sort(key=lambda s: not s.is_function)
        return found[0] if found else None

    def function_at(self, addr: int) -> Symbol | None:
        found = self.symbolize(addr)
        return found[0] if found else None

    def rows_in(self, start: int, end: int) -> list[LineRow]:
        lo = bisect.bisect_left(self._row_addrs, start)
        hi = bisect.bisect_left(self._row_addrs, end)
        return self.rows[lo:hi]

    def body_address(self, sym: Symbol) -> int | None:
        """Where gdb puts `break FUNCTION`: past the prologue, at the address of the second
        line-table row of the function (where the first row, the opening line, ends).
        None when the function has no line information."""
        end = sym.address + sym.size if sym.size else sym.section_end
        rows = self.rows_in(sym.address, end)
        if not rows or rows[0].address != sym.address:
            return None
        for r in rows[1:]:
            if r.address > sym.address:
                return r.address
        return None

    def row_range(self, addr: int):
        """[start, end) of the line-table row that covers addr, or None."""
        i = bisect.bisect_right(self._row_addrs, addr) - 1
        if i < 0 or addr >= self._ends[i]:
            return None
        j = i
        while j + 1 < len(self.rows) and self._row_addrs[j + 1] == self._row_addrs[i]:
            j += 1
        return self._row_addrs[i], (self._row_addrs[j + 1] if j + 1 < len(self.rows) else self._ends[i])

    def is_row_start(self, addr: int) -> bool:
        i = bisect.bisect_left(self._row_addrs, addr)
        return i < len(self._row_addrs) and self._row_addrs[i] == addr

    def files(self) -> list[str]:
        return sorted({r.file for r in self.rows})

    def frame_variables(self, pc: int) -> list:
        """The parameters and locals of the function at `pc`, each with where it lives
        relative to the frame (DWARF .debug_info, DW_OP_fbreg). Empty when the executable
        has no .debug_info (our compiler does not emit it yet)."""
        if self._variables is None:
            self._variables = _variables(self._elf, self.bias)
        for low, high, frame_base, variables in self._variables:
            if low <= pc < high:
                return [dict(v, frame_base=frame_base) for v in variables]
        return []


def _variables(elf, bias) -> list:
    """(low_pc, high_pc, frame base, [variables]) for every function with DWARF info."""
    out = []
    try:
        if not elf.has_dwarf_info():
            return out
        dwarf = elf.get_dwarf_info()
        if not dwarf.has_debug_info:
            return out
        from elftools.dwarf.dwarf_expr import DWARFExprParser
        parser = DWARFExprParser(dwarf.structs)
        for cu in dwarf.iter_CUs():
            for die in cu.iter_DIEs():
                if die.tag != "DW_TAG_subprogram" or "DW_AT_low_pc" not in die.attributes:
                    continue
                low = die.attributes["DW_AT_low_pc"].value
                high_attr = die.attributes.get("DW_AT_high_pc")
                if high_attr is None:
                    continue
                high = high_attr.value if high_attr.form == "DW_FORM_addr" else low + high_attr.value
                base = _frame_base(parser, die)
                variables = []
                _collect(parser, die, variables)
                out.append((low + bias, high + bias, base, variables))
    except Exception:   # malformed or unsupported DWARF: no names, never a crash
        return out
    return out


def _frame_base(parser, die):
    attr = die.attributes.get("DW_AT_frame_base")
    if attr is None or not isinstance(attr.value, list):
        return None
    ops = parser.parse_expr(attr.value)
    if len(ops) == 1 and ops[0].op_name == "DW_OP_call_frame_cfa":
        return ("cfa", 0)
    if len(ops) == 1 and ops[0].op_name.startswith("DW_OP_breg"):
        return (int(ops[0].op_name[len("DW_OP_breg"):]), ops[0].args[0])
    if len(ops) == 1 and ops[0].op_name.startswith("DW_OP_reg"):
        return (int(ops[0].op_name[len("DW_OP_reg"):]), 0)
    return None


def _collect(parser, die, out):
    for child in die.iter_children():
        if child.tag == "DW_TAG_lexical_block":
            _collect(parser, child, out)
            continue
        if child.tag not in ("DW_TAG_formal_parameter", "DW_TAG_variable"):
            continue
        name = child.attributes.get("DW_AT_name")
        loc = child.attributes.get("DW_AT_location")
        if name is None or loc is None or not isinstance(loc.value, list):
            continue
        ops = parser.parse_expr(loc.value)
        if len(ops) != 1 or ops[0].op_name != "DW_OP_fbreg":
            continue
        type_name, size = _type_of(child)
        value = name.value
        out.append(dict(name=value.decode() if isinstance(value, bytes) else str(value),
                        kind="parameter" if child.tag == "DW_TAG_formal_parameter" else "local",
                        offset=ops[0].args[0], type=type_name, size=size))


def _type_of(die):
    pointers = 0
    for _ in range(16):
        if "DW_AT_type" not in die.attributes:
            return ("void" + " *" * pointers if pointers else "void"), (8 if pointers else 0)
        die = die.get_DIE_from_attribute("DW_AT_type")
        if die.tag == "DW_TAG_pointer_type":
            pointers += 1
            if pointers == 1:
                size = 8
            continue
        if die.tag in ("DW_TAG_const_type", "DW_TAG_volatile_type") :
            continue
        name = die.attributes.get("DW_AT_name")
        name = name.value.decode() if name is not None and isinstance(name.value, bytes) else (
            str(name.value) if name is not None else die.tag.replace("DW_TAG_", ""))
        size = 8 if pointers else die.attributes["DW_AT_byte_size"].value if "DW_AT_byte_size" in die.attributes else 0
        if die.tag == "DW_TAG_array_type":
            return name, size
        return name + " *" * pointers if pointers else name, size
    return "?", 0


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
        for program in _line_programs(dwarf):
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


def _line_programs(dwarf):
    """Every line program in .debug_line: through the compilation units when there is a
    .debug_info, else by walking the section itself (our assembler emits only the line
    table, as `gcc -g1`-less `as --gdwarf` output without CUs would)."""
    programs = []
    if dwarf.has_debug_info:
        for cu in dwarf.iter_CUs():
            program = dwarf.line_program_for_CU(cu)
            if program is not None:
                programs.append(program)
        if programs:
            return programs
    section = dwarf.debug_line_sec
    if section is None:
        return programs
    offset = 0
    while offset + 4 <= section.size:
        program = dwarf._parse_line_program_at_offset(offset, dwarf.structs)
        length = program.header.unit_length
        if not length:
            break
        programs.append(program)
        offset += length + (12 if dwarf.structs.dwarf_format == 64 else 4)
    return programs


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
