"""objdump -d -r -t -h -s -l, printing what GNU objdump 2.40 prints.

objdump sees an ELF file through BFD, and much of its output follows from BFD's view:
section symbols are named after their section, symbols carry BSF_* flags, `.rela.*` and
`.symtab` are not "sections" at all. `_BfdView` rebuilds that view; the printers below
follow objdump.c's functions of the same purpose (dump_headers, dump_symbols,
dump_relocs, dump_data, disassemble_section/disassemble_bytes), including its rules for
which symbol names an address.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass

from ..elf import archive as ar
from ..elf import constants as C
from . import names
from .disasm import Instruction, disassembler_for
from .elfread import ElfFile, guarded, tool_error

# BFD symbol flags objdump's sorting and printing look at.
BSF_LOCAL, BSF_GLOBAL, BSF_DEBUGGING, BSF_FUNCTION = 0x1, 0x2, 0x8, 0x10
BSF_WEAK, BSF_SECTION_SYM, BSF_OBJECT, BSF_FILE = 0x80, 0x100, 0x10000, 0x4000
BSF_GNU_UNIQUE, BSF_IFUNC = 0x800000, 0x400000

SHN_ABS, SHN_COMMON = 0xFFF1, 0xFFF2


@dataclass
class _Sym:
    """A symbol as BFD presents it."""
    index: int
    name: str
    value: int
    size: int
    flags: int
    shndx: int          # 0 undefined, SHN_ABS, SHN_COMMON, else the ELF section index
    secname: str
    other: int
    st_value: int


def _bfd_symbols(elf: ElfFile) -> list[_Sym]:
    out = []
    for s in elf.symbols[1:]:
        flags = 0
        if s.bind == C.STB_LOCAL:
            flags |= BSF_LOCAL
        elif s.bind == C.STB_GLOBAL:
            if s.shndx not in (0, SHN_COMMON):   # BFD: undefined/common globals have no BSF_GLOBAL
                flags |= BSF_GLOBAL
        elif s.bind == C.STB_WEAK:
            flags |= BSF_WEAK
        elif s.bind == 10:
            flags |= BSF_GNU_UNIQUE
        if s.type == C.STT_FUNC:
            flags |= BSF_FUNCTION
        elif s.type == 10:
            flags |= BSF_FUNCTION | BSF_IFUNC
        elif s.type in (C.STT_OBJECT, 5, 6):   # OBJECT, COMMON, TLS
            flags |= BSF_OBJECT
        elif s.type == C.STT_SECTION:
            flags |= BSF_SECTION_SYM | BSF_DEBUGGING
        elif s.type == C.STT_FILE:
            flags |= BSF_FILE | BSF_DEBUGGING
        name = s.name
        if s.shndx == 0:
            secname = "*UND*"
        elif s.shndx == SHN_ABS:
            secname = "*ABS*"
        elif s.shndx == SHN_COMMON:
            secname = "*COM*"
        elif s.shndx < len(elf.sections):
            secname = elf.sections[s.shndx].name
        else:
            secname = "*ABS*"
        if s.type == C.STT_SECTION and s.shndx < len(elf.sections) and 0 < s.shndx:
            name = elf.sections[s.shndx].name
        value = s.value
        if s.shndx == SHN_COMMON:
            value = s.size
        out.append(_Sym(s.index, name, value, s.size, flags, s.shndx, secname, s.other, s.value))
    return out


def _section_flags(elf: ElfFile, sec) -> list[str]:
    """BFD's SEC_* flags for an ELF section, as dump_headers names them."""
    has_contents = sec.type != C.SHT_NOBITS
    alloc = bool(sec.flags & C.SHF_ALLOC)
    load = alloc and has_contents
    readonly = not (sec.flags & C.SHF_WRITE)
    code = bool(sec.flags & C.SHF_EXECINSTR)
    data = not code and load
    reloc = any(r.target == sec.index for r in elf.reloc_sections) and elf.is_relocatable
    debugging = not alloc and sec.name.startswith((".debug", ".gnu.linkonce.wi.", ".zdebug", ".line", ".stab"))
    out = []
    for cond, word in ((has_contents, "CONTENTS"), (alloc, "ALLOC"), (load, "LOAD"), (reloc, "RELOC"),
                       (readonly, "READONLY"), (code, "CODE"), (data, "DATA"), (debugging, "DEBUGGING"),
                       (bool(sec.flags & 0x80000000), "EXCLUDE"), (bool(sec.flags & 0x400), "THREAD_LOCAL"),
                       (sec.type == 17, "GROUP"), (debugging, "OCTETS")):
        if cond:
            out.append(word)
    return out


def _bfd_sections(elf: ElfFile) -> list:
    """The ELF sections BFD turns into sections of its own (not symbol/string/relocation tables)."""
    out = []
    for s in elf.sections[1:]:
        if s.type in (C.SHT_SYMTAB, C.SHT_STRTAB, 18) and not (s.flags & C.SHF_ALLOC):
            continue
        if s.index == elf.shstrndx:
            continue
        if s.type in (C.SHT_RELA, C.SHT_REL) and not (s.flags & C.SHF_ALLOC) and s.info:
            continue
        out.append(s)
    return out


class _Objdump:
    def __init__(self, elf: ElfFile, name: str):
        self.elf = elf
        self.name = name
        self.syms = _bfd_symbols(elf)
        self.is_aarch64 = elf.machine == 183
        self.sections = _bfd_sections(elf)
        self.out: list[str] = []
        self.prev_function = None
        self.prev_line = -1
        self.prev_discriminator = 0
        self._lines = None

    def w(self, s: str):
        self.out.append(s)

    # ---------------------------------------------------------------- -h
    def headers(self):
        self.w("Sections:\n")
        self.w("Idx Name          Size      VMA               LMA               File off  Algn\n")
        for i, s in enumerate(self.sections):
            lma = self._lma(s)
            self.w(f"{i:3d} {s.name:<13} {s.size:08x}  {s.addr:016x}  {lma:016x}  {s.offset:08x}  2**{_log2(s.align)}\n")
            self.w("                  " + ", ".join(_section_flags(self.elf, s)) + "\n")

    def _lma(self, s) -> int:
        if not (s.flags & C.SHF_ALLOC):
            return s.addr
        for p in self.elf.segments:
            if p.type == C.PT_LOAD and p.vaddr <= s.addr < p.vaddr + max(p.memsz, 1) \
                    and (s.type == C.SHT_NOBITS or p.offset <= s.offset < p.offset + max(p.filesz, 1)):
                return s.addr - p.vaddr + p.paddr
        return s.addr

    # ---------------------------------------------------------------- -t
    def symtab(self):
        self.w("SYMBOL TABLE:\n")
        if not self.syms:
            self.w("no symbols\n")
        for s in self.syms:
            if self.is_aarch64 and not self._valid(s):
                continue        # mapping symbols are "target special": objdump -t hides them
            f = s.flags
            c1 = ("!" if f & BSF_GLOBAL else "l") if f & BSF_LOCAL else (
                "g" if f & BSF_GLOBAL else "u" if f & BSF_GNU_UNIQUE else " ")
            c2 = "w" if f & BSF_WEAK else " "
            c5 = "i" if f & BSF_IFUNC else " "
            c6 = "d" if f & BSF_DEBUGGING else " "
            c7 = "F" if f & BSF_FUNCTION else "f" if f & BSF_FILE else "O" if f & BSF_OBJECT else " "
            other = s.other
            vis = {0: "", 1: " .internal", 2: " .hidden", 3: " .protected"}.get(other, f" 0x{other:02x}")
            second = s.st_value if s.shndx == SHN_COMMON else s.size
            self.w(f"{s.value:016x} {c1}{c2}  {c5}{c6}{c7} {s.secname}\t{second:016x}{vis} {s.name}\n")
        self.w("\n\n")

    # ---------------------------------------------------------------- -r
    def relocs(self):
        for s in self.sections:
            rsecs = self.elf.relocs_for(s.index)
            if not rsecs or not self.elf.is_relocatable:
                continue
            self.w(f"RELOCATION RECORDS FOR [{s.name}]:")
            rows = self._reloc_rows(rsecs)
            if not rows:
                self.w(" (none)\n\n")
                continue
            self.w("\nOFFSET           TYPE              VALUE\n")
            for r, symname in rows:
                line = f"{r.offset:016x} {names.reloc_name(self.elf.machine, r.type):<16}  {symname}"
                if r.addend:
                    line += f"-0x{-r.addend:016x}" if r.addend < 0 else f"+0x{r.addend:016x}"
                self.w(line + "\n")
            self.w("\n\n")

    def _reloc_rows(self, rsecs):
        rows = []
        for rs in rsecs:
            syms = self.elf.symbols_of(rs)
            for r in rs.relocs:
                rows.append((r, self._reloc_symname(syms, r.sym)))
        return rows

    def _reloc_symname(self, syms, index) -> str:
        if index == 0 or index >= len(syms):
            return "*ABS*"
        s = syms[index]
        if s.type == C.STT_SECTION and 0 < s.shndx < len(self.elf.sections):
            return self.elf.sections[s.shndx].name
        return s.name

    # ---------------------------------------------------------------- -s
    def contents(self):
        for s in self.sections:
            if s.type == C.SHT_NOBITS or s.size == 0:
                continue
            self.w(f"Contents of section {s.name}:\n")
            data = s.data
            start, stop = s.addr, s.addr + s.size - 1
            width = max(4, len(f"{start:x}"), len(f"{stop:x}"))
            for off in range(0, len(data), 16):
                chunk = data[off:off + 16]
                hexpart = ""
                for j in range(16):
                    hexpart += f"{chunk[j]:02x}" if j < len(chunk) else "  "
                    if j & 3 == 3:
                        hexpart += " "
                text = "".join(chr(b) if 0x20 <= b < 0x7F else "." for b in chunk).ljust(16)
                addr = f"{s.addr + off:x}"
                addr = addr.rjust(width, "0")[-width:] if len(addr) <= width else addr[-width:]
                self.w(f" {addr} {hexpart} {text}\n")

    # ---------------------------------------------------------------- -d
    def disassemble(self, reloc: bool, line_numbers: bool):
        if self.elf.target is None:
            raise tool_error("objdump", f"can't disassemble for architecture UNKNOWN!\n")
        self.dis = disassembler_for(self.elf.target)
        self.sorted_syms = sorted(
            (s for s in self.syms
             if s.name and not (s.flags & (BSF_DEBUGGING | BSF_SECTION_SYM))
             and s.shndx not in (0, SHN_COMMON)),
            key=_sort_key)
        self.sorted_values = [s.value for s in self.sorted_syms]
        for s in self.sections:
            if not (s.flags & C.SHF_EXECINSTR) or s.type == C.SHT_NOBITS or s.size == 0:
                continue
            self._disassemble_section(s, reloc, line_numbers)

    def _valid(self, sym: _Sym) -> bool:
        if self.is_aarch64:
            n = sym.name
            return not (n.startswith(("$x", "$d")) and (len(n) == 2 or n[2] == "."))
        return True

    def _sym_ok(self, want_section: bool, place: int, sec) -> bool:
        sym = self.sorted_syms[place]
        if want_section and sym.shndx != sec.index:
            return False
        return self._valid(sym)

    def find_symbol(self, vma: int, sec, require_sec=False):
        """objdump's find_symbol_for_address: (symbol or None, its place)."""
        syms = self.sorted_syms
        count = len(syms)
        if count == 0:
            return None, 0
        thisplace = bisect.bisect_right(self.sorted_values, vma) - 1
        if thisplace < 0:
            thisplace = 0
        while thisplace > 0 and syms[thisplace].value == syms[thisplace - 1].value:
            thisplace -= 1
        low = thisplace
        mn = thisplace
        while mn < count and syms[mn].value == syms[thisplace].value:
            if self._sym_ok(True, mn, sec):
                return syms[mn], mn
            mn += 1
        want_section = require_sec or (self.elf.has_relocs and sec.addr <= vma < sec.addr + sec.size)
        if not self._sym_ok(want_section, thisplace, sec):
            newplace = count
            for i in range(low - 1, -1, -1):
                if self._sym_ok(want_section, i, sec):
                    if newplace == count:
                        newplace = i
                    if syms[i].value != syms[newplace].value:
                        break
                    newplace = i
            if newplace != count:
                thisplace = newplace
            else:
                for i in range(thisplace + 1, count):
                    if self._sym_ok(want_section, i, sec):
                        thisplace = i
                        break
            if not self._sym_ok(want_section, thisplace, sec):
                return None, thisplace
        return syms[thisplace], thisplace

    def addr_with_sym(self, sec, sym, vma: int, skip_zeroes: bool) -> str:
        text = f"{vma:x}" if skip_zeroes else f"{vma:016x}"
        if sym is None:
            off = vma - sec.addr
            tail = f"-0x{-off:x}" if off < 0 else f"+0x{off:x}" if off > 0 else ""
            return f"{text} <{sec.name}{tail}>"
        if sym.value == vma or (not self.elf.is_relocatable and sym.shndx == 0):
            tail = ""
        elif sym.value > vma:
            tail = f"-0x{sym.value - vma:x}"
        else:
            tail = f"+0x{vma - sym.value:x}"
        return f"{text} <{sym.name}{tail}>"

    def print_addr(self, vma: int, sec, reloc_sym=None) -> str:
        if not self.sorted_syms:
            return f"0x{vma:x}"
        sym = None
        if reloc_sym is not None:
            vma = (vma + reloc_sym.value) & 0xFFFFFFFFFFFFFFFF
            if reloc_sym.shndx == 0:
                sym = reloc_sym
        if sym is None:
            sym, _ = self.find_symbol(vma, sec)
        return self.addr_with_sym(sec, sym, vma, True)

    def _disassemble_section(self, sec, reloc: bool, line_numbers: bool):
        self.w(f"\nDisassembly of section {sec.name}:\n")
        relocs = []
        rel_syms: list = []
        load_relocs = (reloc or self.is_aarch64) and self.elf.is_relocatable
        if load_relocs:
            for rs in self.elf.relocs_for(sec.index):
                syms = self.elf.symbols_of(rs)
                for r in rs.relocs:
                    relocs.append((r, self._reloc_symname(syms, r.sym), self._reloc_bfd_sym(syms, r.sym)))
            relocs.sort(key=lambda t: t[0].offset)
        end = sec.addr + sec.size
        digits = f"{end:016x}"
        skip = len(digits) - len(digits.lstrip("0"))
        if skip == 16 and sec.addr != 0:
            skip = 0
        if skip:
            skip = (skip - 1) & -4
        self.addr_width = 16 - skip
        self.rel_i = 0
        self.data_ranges = self._mapping_data_ranges(sec) if self.is_aarch64 else ()

        sym, place = self.find_symbol(sec.addr, sec, require_sec=True)
        offset = 0
        stop = sec.size
        while offset < stop:
            addr = sec.addr + offset
            self.w("\n" + self.addr_with_sym(sec, sym, addr, False) + ":\n")
            if sym is not None and sym.value > addr:
                nextsym = sym
            elif sym is None:
                nextsym = None
            else:
                while place < len(self.sorted_syms) and not self._valid_next(self.sorted_syms[place], sym, sec):
                    place += 1
                nextsym = self.sorted_syms[place] if place < len(self.sorted_syms) else None
            if sym is not None and sym.value > addr:
                nextstop = sym.value - sec.addr
            elif nextsym is None:
                nextstop = stop
            else:
                nextstop = nextsym.value - sec.addr
            if nextstop > stop or nextstop <= offset:
                nextstop = stop
            self._disassemble_bytes(sec, offset, nextstop, relocs, reloc, line_numbers)
            offset = nextstop
            sym = nextsym

    def _mapping_data_ranges(self, sec) -> list:
        """Address ranges the AArch64 mapping symbols ($d ... $x) mark as data in `sec`."""
        marks = sorted((s.value, s.name[1]) for s in self.syms
                       if s.shndx == sec.index and s.name[:2] in ("$x", "$d")
                       and (len(s.name) == 2 or s.name[2] == "."))
        ranges = []
        for i, (addr, kind) in enumerate(marks):
            if kind == "d":
                end = marks[i + 1][0] if i + 1 < len(marks) else sec.addr + sec.size
                if end > addr:
                    ranges.append((addr, end))
        return ranges

    def _decode(self, code: bytes, address: int):
        if self.is_aarch64:
            return self.dis.disassemble(code, address, self.data_ranges)
        return self.dis.disassemble(code, address)

    def _valid_next(self, cand: _Sym, sym: _Sym, sec) -> bool:
        return cand.secname == sec.name and cand.value > sym.value and self._valid(cand)

    def _reloc_bfd_sym(self, syms, index):
        if index == 0 or index >= len(syms):
            return None
        s = syms[index]
        # objdump_print_addr only needs the value and whether the symbol is undefined.
        return _Sym(index, s.name, s.value, s.size, 0, s.shndx, "", s.other, s.value)

    def _fmt_addr(self, addr: int) -> str:
        # bfd_sprintf_vma, minus the leading digits no address in the section needs,
        # with the remaining leading zeros turned into spaces
        digits = f"{addr:016x}"[16 - self.addr_width:]
        return (digits.lstrip("0") or "0").rjust(self.addr_width)

    def _disassemble_bytes(self, sec, start: int, stop: int, relocs, show_relocs: bool, line_numbers: bool):
        data = sec.data
        code = data[start:stop]
        insns = self._decode(code, sec.addr + start)
        per_line = 4 if self.is_aarch64 else 7
        i = 0
        offset = start
        # relocations below this chunk were printed (or skipped) already
        while self.rel_i < len(relocs) and relocs[self.rel_i][0].offset < offset:
            self.rel_i += 1
        n = len(insns)
        while offset < stop:
            # runs of zero bytes: `...`, as objdump does when not given -z
            z = offset
            while z < stop and data[z] == 0:
                z += 1
            if z - offset >= 8 or (z == stop and z - offset < 3 and z > offset):
                if z != stop:
                    z = offset + ((z - offset) & ~3)
                self.w("\t...\n")
                offset = z
                while self.rel_i < len(relocs) and relocs[self.rel_i][0].offset < offset:
                    self.rel_i += 1
                while i < n and insns[i].address < sec.addr + offset:
                    i += 1
                if i < n and insns[i].address != sec.addr + offset:
                    # the zero run ended inside an instruction: decode again from here
                    insns = insns[:i] + self._decode(data[offset:stop], sec.addr + offset)
                    n = len(insns)
                continue
            if i >= n or insns[i].address != sec.addr + offset:
                insns = insns[:i] + self._decode(data[offset:stop], sec.addr + offset)
                n = len(insns)
            insn = insns[i]
            i += 1
            if line_numbers:
                self._show_line(sec, sec.addr + offset)
            reloc_sym = None
            if self.is_aarch64 and self.rel_i < len(relocs):
                dist = relocs[self.rel_i][0].offset - offset
                if dist == 0 or 0 < dist < insn.size:
                    reloc_sym = relocs[self.rel_i][2]
                    if reloc_sym is None:
                        reloc_sym = _Sym(0, "*ABS*", 0, 0, 0, SHN_ABS, "", 0, 0)
            text = self._insn_text(insn, sec, reloc_sym)
            raw = insn.bytes
            addr_txt = self._fmt_addr(sec.addr + offset)
            if self.is_aarch64:
                cols = " ".join(raw[j:j + 4][::-1].hex() for j in range(0, min(len(raw), 4), 4)) + " "
                self.w(f"{addr_txt}:\t{cols}\t{text}\n")
            else:
                first = raw[:per_line]
                cols = first.hex(" ") + " " + "   " * (per_line - len(first))
                self.w(f"{addr_txt}:\t{cols}\t{text}\n")
                for j in range(per_line, len(raw), per_line):
                    # continuation rows: address and the remaining bytes only
                    part = raw[j:j + per_line]
                    self.w(f"{self._fmt_addr(sec.addr + offset + j)}:\t{part.hex(' ')} \n")
            offset += insn.size
            while self.rel_i < len(relocs) and relocs[self.rel_i][0].offset < offset:
                r, symname, _ = relocs[self.rel_i]
                if show_relocs:
                    line = f"\t\t\t{sec.addr + r.offset:x}: {names.reloc_name(self.elf.machine, r.type)}\t{symname}"
                    if r.addend:
                        line += f"-0x{-r.addend:x}" if r.addend < 0 else f"+0x{r.addend:x}"
                    self.w(line + "\n")
                self.rel_i += 1

    def _insn_text(self, insn: Instruction, sec, reloc_sym) -> str:
        if insn.target is None:
            return insn.text()
        target = insn.target
        if reloc_sym is not None and insn.pcrel_base is not None:
            # With a relocation on it, the field is the addend, not a PC-relative offset
            # (aarch64-dis.c drops the PC when INSN_HAS_RELOC is set).
            target = (target - insn.pcrel_base) & 0xFFFFFFFFFFFFFFFF
        return insn.text(lambda a: self.print_addr(target, sec, reloc_sym))

    # ---------------------------------------------------------------- -l
    def _show_line(self, sec, addr: int):
        found = self._find_line(addr)
        function = self._function_name(addr, sec)
        if found is None:
            # Without DWARF, BFD still names the function from the symbol table.
            if function is None:
                return
            found = (None, 0, 0)
        filename, line, discriminator = found
        if function and function != self.prev_function:
            self.w(f"{function}():\n")
            self.prev_line = -1
        if line > 0 and (line != self.prev_line or discriminator != self.prev_discriminator):
            fname = filename or "???"
            if discriminator > 0:
                self.w(f"{fname}:{line} (discriminator {discriminator})\n")
            else:
                self.w(f"{fname}:{line}\n")
        if function:
            self.prev_function = function
        if line > 0:
            self.prev_line = line
        self.prev_discriminator = discriminator

    def _function_name(self, addr: int, sec) -> str | None:
        best = None
        for s in self.syms:
            if s.flags & BSF_FUNCTION and s.shndx == sec.index and s.value <= addr < s.value + max(s.size, 1):
                best = s
                break
        if best is None:
            sym, _ = self.find_symbol(addr, sec, require_sec=True)
            return sym.name if sym is not None and not (sym.flags & BSF_SECTION_SYM) else None
        return best.name

    def _find_line(self, addr: int):
        if self._lines is None:
            from .lines import line_rows
            self._lines = line_rows(self.elf)
        rows = self._lines
        if not rows:
            return None
        i = bisect.bisect_right(rows, (addr, float("inf"))) - 1
        if i < 0:
            return None
        row_addr, _, filename, line, disc, end_seq = rows[i]
        if end_seq:
            return None
        return filename, line, disc


def _log2(n: int) -> int:
    k = 0
    while n > 1:
        n >>= 1
        k += 1
    return k


def _sort_key(s: _Sym):
    """objdump's compare_symbols as a sort key."""
    name = s.name
    gnu = "gnu_compiled" in name or "gcc2_compiled" in name
    filesym = bool(s.flags & BSF_FILE) or (len(name) > 2 and name[-2] == "." and name[-1] in "oa")
    f = s.flags
    return (s.value, gnu, filesym, bool(f & BSF_SECTION_SYM), bool(f & BSF_DEBUGGING),
            not f & BSF_FUNCTION, not f & BSF_OBJECT, bool(f & BSF_LOCAL), not f & BSF_GLOBAL,
            -s.size, name.startswith("."), name.encode())


def _dump_elf(data: bytes, name: str, opts: dict) -> str:
    elf = ElfFile(data, name, "objdump")
    od = _Objdump(elf, name)
    od.w(f"\n{name}:     file format {elf.bfd_format_name()}\n")
    od.w("\n")
    if opts["headers"]:
        od.headers()
    if opts["syms"]:
        od.symtab()
    if opts["reloc"] and not opts["disassemble"]:
        od.relocs()
    if opts["full_contents"]:
        od.contents()
    if opts["disassemble"]:
        od.disassemble(opts["reloc"], opts["line_numbers"])
    return "".join(od.out)


@guarded("objdump")
def objdump(data: bytes, name: str, *, disassemble=False, reloc=False, syms=False, headers=False,
            full_contents=False, line_numbers=False) -> str:
    """What `objdump` with -d -r -t -h -s -l prints for the file `name` holding `data`."""
    opts = dict(disassemble=disassemble, reloc=reloc, syms=syms, headers=headers,
                full_contents=full_contents, line_numbers=line_numbers)
    if not any(opts[k] for k in ("disassemble", "reloc", "syms", "headers", "full_contents")):
        raise tool_error("objdump", "at least one of -d -r -t -h -s must be given")
    if ar.is_archive(data):
        members = ar.read_archive(data, name)
        out = [f"In archive {name}:\n"]
        for m in members:
            out.append(_dump_elf(m.data, m.name, opts))
        return "".join(out)
    return _dump_elf(data, name, opts)
