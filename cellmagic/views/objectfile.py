"""Object-file pane: what the assembler wrote into each .o, read back from the ELF bytes.

For every section with contents: the table address / bytes / instruction / source line
(bytes a relocation will patch are marked, with the relocation under the instruction,
as `objdump -dr` shows it); then the relocations and the symbol table (`nm`'s letters).
"""
from __future__ import annotations

from toolchain.binutils import disassemble
from toolchain.binutils.elfread import ElfFile
from toolchain.binutils.names import reloc_name
from toolchain.binutils.nm import symbol_letter
from toolchain.elf import constants as C

from .html import Raw, columns, esc, hexbytes, span, table
from .linemap import key

_TYPES = {0: "NOTYPE", 1: "OBJECT", 2: "FUNC", 3: "SECTION", 4: "FILE", 5: "COMMON", 6: "TLS"}
_BINDS = {0: "LOCAL", 1: "GLOBAL", 2: "WEAK"}


def section_flags(flags: int) -> str:
    out = ""
    for bit, ch in ((C.SHF_WRITE, "W"), (C.SHF_ALLOC, "A"), (C.SHF_EXECINSTR, "X")):
        if flags & bit:
            out += ch
    return out


def symbol_name(elf, sym) -> str:
    if sym.type == C.STT_SECTION and sym.shndx < len(elf.sections):
        return elf.sections[sym.shndx].name
    return sym.name


def _addend(a: int) -> str:
    return f"+{a:#x}" if a >= 0 else f"-{-a:#x}"


def relocations(elf):
    """[(section index, offset, type name, symbol, addend)] of every relocation."""
    out = []
    for rs in elf.reloc_sections:
        syms = elf.symbols_of(rs)
        for r in rs.relocs:
            s = syms[r.sym] if r.sym < len(syms) else None
            out.append((rs.target, r.offset, reloc_name(elf.machine, r.type),
                        symbol_name(elf, s) if s else "", r.addend))
    return out


def _line_index(unit, elf):
    """(section, offset) -> C key: from the assembler's listing for what we assembled, else
    (an object read from disk) from its .debug_line, whose addresses are .text offsets."""
    idx = {}
    if unit.assembled is not None:
        for e in unit.assembled.listing:
            k = key(e.c_file, e.c_line)
            if k:
                idx[(e.section, e.offset)] = k
        return idx
    from .linemap import debug_line_rows
    try:
        rows = debug_line_rows(elf)
    except Exception:
        rows = []
    for addr, _, file, line, _, end in rows:
        if not end:
            idx[(".text", addr)] = key(file, line)
    return idx


def _source_text(unit, k, sources):
    lines = sources.get(k[0]) if k else None
    if lines and 0 < k[1] <= len(lines):
        return lines[k[1] - 1].strip()
    return ""


def _code_rows(elf, sec, rels, lines, colours, target, sources, size_of_field):
    rows = []
    mine = sorted((r for r in rels if r[0] == sec.index), key=lambda r: r[1])
    current = None
    for insn in disassemble(sec.data, 0, target):
        if (sec.name, insn.address) in lines:
            current = lines[(sec.name, insn.address)]
        k = current
        col = colours.of(k) if k else None
        here = [r for r in mine if insn.address <= r[1] < insn.address + insn.size]
        cells = []
        for i, b in enumerate(insn.bytes):
            a = insn.address + i
            hit = any(r[1] <= a < r[1] + size_of_field(r[2]) for r in here)
            cells.append(f'<span class="relb">{b:02x}</span>' if hit else f"{b:02x}")
        text = insn.text().expandtabs(8)
        src = f"{k[0]}:{k[1]}  {_source_text(None, k, sources)}" if k else ""
        rows.append(([f"{insn.address:4x}", Raw(" ".join(cells)), text, src], {"col": col}))
        for r in here:
            rows.append((["", "", Raw(span(f"  {r[1]:x}: {r[2]}  {r[3]}{_addend(r[4])}", "rel")), ""], {}))
    return rows


def field_size(target):
    def size(tname: str) -> int:
        if target.name == "aarch64":
            return 8 if tname.endswith(("ABS64", "PREL64")) else 4
        if tname.endswith(("_64", "64")) and not tname.endswith("PLT32"):
            return 8
        if tname.endswith(("_16", "PC16")):
            return 2
        if tname.endswith(("_8", "PC8")):
            return 1
        return 4
    return size


def _data_rows(sec):
    rows = []
    for off in range(0, len(sec.data), 16):
        chunk = sec.data[off:off + 16]
        ascii_ = "".join(chr(b) if 32 <= b < 127 else "." for b in chunk)
        rows.append([f"{off:4x}", hexbytes(chunk), ascii_])
    return rows


def render_object(unit, target, colours, sources) -> str:
    if unit.object is None:
        return '<div class="note">No object.</div>'
    try:
        elf = ElfFile(unit.object, unit.object_name, "objdump")
    except Exception as e:   # a bad input object: say so, as objdump would
        return f'<pre class="diag">{esc(e)}</pre>'
    rels = relocations(elf)
    lines = _line_index(unit, elf)
    out = []
    for sec in elf.sections[1:]:
        if not sec.is_alloc or sec.size == 0:
            continue
        head = f"<h4>section {esc(sec.name)} ({sec.size} bytes, flags {section_flags(sec.flags)})</h4>"
        if sec.type == C.SHT_NOBITS:
            out.append(head + '<div class="note">No bytes in the file: zero-filled when the program starts.</div>')
        elif sec.flags & C.SHF_EXECINSTR:
            out.append(head + table(["offset", "bytes", "instruction", "source line"],
                                    _code_rows(elf, sec, rels, lines, colours, target, sources,
                                               field_size(target))))
        elif sec.name.startswith(".eh_frame"):
            out.append(f"<details><summary>section {esc(sec.name)} ({sec.size} bytes): how to unwind "
                       f"the stack, for debuggers and C++ exceptions</summary>"
                       f"{table(['offset', 'bytes', 'text'], _data_rows(sec))}</details>")
        else:
            out.append(head + table(["offset", "bytes", "text"], _data_rows(sec)))
    shown = [r for r in rels if not elf.sections[r[0]].name.startswith((".debug", ".eh_frame"))]
    hidden = len(rels) - len(shown)
    out.append("<h4>Relocations: holes the linker must fill</h4>")
    if shown:
        out.append(table(["section", "offset", "type", "symbol", "addend"],
                         [[elf.sections[r[0]].name, f"{r[1]:#x}", r[2], r[3], _addend(r[4])] for r in shown]))
    else:
        out.append('<div class="note">None: this object needs no patching.</div>')
    if hidden:
        out.append(f'<div class="note">(and {hidden} in the .debug_*/.eh_frame sections, for the '
                   f'debugger and the unwinder)</div>')
    out.append("<h4>Symbols (nm's letter: T text, D data, B bss, R read-only, U undefined; "
               "lower case = local)</h4>")
    rows = []
    for s in elf.symbols[1:]:
        if s.type in (C.STT_SECTION, C.STT_FILE) or s.name.startswith(("$x", "$d")):
            continue
        letter = symbol_letter(elf, s)
        where = ("(undefined)" if s.shndx == C.SHN_UNDEF else
                 elf.sections[s.shndx].name if s.shndx < len(elf.sections) else f"{s.shndx:#x}")
        rows.append([letter, "" if letter in "Uwv" else f"{s.value:016x}", s.size,
                     _TYPES.get(s.type, s.type), _BINDS.get(s.bind, s.bind), where, s.name])
    out.append(table(["nm", "value", "size", "type", "bind", "section", "name"], rows))
    return "".join(out)


def sources_of(builds) -> dict:
    out = {}
    for b in builds:
        for u in b.units:
            if u.source is not None and u.kind == "c":
                out[key(u.path, 1)[0]] = u.source.expandtabs(4).split("\n")
    return out


def render(builds, colours) -> str:
    sources = sources_of(builds)
    out = []
    names = [u.name for u in builds[0].units if u.object is not None and u.kind in ("c", "asm", "asm-cpp", "object")]
    for name in names:
        units = [b.unit(name) for b in builds]
        out.append(f"<h4>{esc(units[0].object_name)}</h4>")
        out.append(columns([(b.target.name, render_object(u, b.target, colours, sources))
                            for b, u in zip(builds, units)]))
    if not out:
        return '<div class="note">Nothing was assembled.</div>'
    return "".join(out)
