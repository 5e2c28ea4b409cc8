"""Link pane: where everything went, and every relocation the linker applied, with its sums.

All of it comes from the linker's LinkResult (sections, segments, archive members pulled,
applied relocations) and from the executable's own bytes (symbol table, code at its final
addresses coloured through DWARF .debug_line).
"""
from __future__ import annotations

import bisect
import os

from toolchain.binutils import disassemble
from toolchain.binutils.elfread import ElfFile
from toolchain.binutils.nm import symbol_letter
from toolchain.elf import constants as C

from .html import Raw, columns, esc, table
from .linemap import executable_lines
from .objectfile import section_flags, sources_of

_PT = {1: "LOAD", 2: "DYNAMIC", 3: "INTERP", 4: "NOTE", 6: "PHDR", 7: "TLS",
       0x6474E550: "GNU_EH_FRAME", 0x6474E551: "GNU_STACK", 0x6474E552: "GNU_RELRO",
       0x6474E553: "GNU_PROPERTY"}


def _pflags(f: int) -> str:
    return ("R" if f & 4 else " ") + ("W" if f & 2 else " ") + ("E" if f & 1 else " ")


def short(name: str) -> str:
    """`/root/.cache/ccpipeline/x86_64-.../libc.a(exit.o)` -> `libc.a(exit.o)`."""
    head, _, member = name.partition("(")
    base = os.path.basename(head)
    return f"{base}({member}" if member else base


def user_code_ranges(build) -> list:
    mine = user_inputs(build)
    return [(p.address, p.address + p.size) for s in build.link.sections if s.flags & C.SHF_EXECINSTR
            for p in s.pieces if p.file in mine and p.size]


def user_inputs(build) -> set:
    return {u.object_name if u.kind not in ("object", "archive") else u.path for u in build.units}


def _diff(before: bytes, after: bytes) -> Raw:
    cells = []
    for i, b in enumerate(after):
        changed = i >= len(before) or before[i] != b
        cells.append(f'<span class="patched">{b:02x}</span>' if changed else f"{b:02x}")
    return Raw(" ".join(cells))


def _value(r) -> str:
    return f"{r.value:#x}" if r.value >= 0 else f"-{-r.value:#x}"


def _reloc_rows(rels):
    rows = []
    for r in rels:
        parts = [f"S={r.S:#x}", f"A={r.A:#x}" if r.A >= 0 else f"A=-{-r.A:#x}", f"P={r.address:#x}"]
        if "G" in r.formula:
            parts.append(f"G={r.G:#x}")
        rows.append([f"{short(r.input)}({r.section}+{r.offset:#x})", f"{r.address:x}", r.type, r.symbol,
                     r.formula, "  ".join(parts), _value(r), r.bytes_before.hex(" "),
                     _diff(r.bytes_before, r.bytes_after), r.note])
    return rows


_RELOC_HEAD = ["where (input section+offset)", "P", "type", "symbol", "formula", "values",
               "result", "bytes before", "bytes after", "note"]


def _symbolizer(elf):
    funcs = sorted((s.value, s.name) for s in elf.symbols
                   if s.type in (C.STT_FUNC, C.STT_NOTYPE, C.STT_OBJECT) and s.name and s.shndx != C.SHN_UNDEF
                   and not s.name.startswith(("$x", "$d")))
    addrs = [a for a, _ in funcs]

    def name(addr: int) -> str:
        i = bisect.bisect_right(addrs, addr) - 1
        if i < 0:
            return f"{addr:x}"
        a, n = funcs[i]
        return f"{addr:x} <{n}>" if a == addr else f"{addr:x} <{n}+{addr - a:#x}>"
    return name


def _code(build, elf, colours, sources) -> str:
    mine = user_inputs(build)
    rows_dw = executable_lines(build)
    starts = [r[0] for r in rows_dw]
    name = _symbolizer(elf)
    out = []
    text = {s.name: s for s in elf.sections}
    for sec in build.link.sections:
        if not sec.flags & C.SHF_EXECINSTR:
            continue
        esec = text.get(sec.name)
        for p in sec.pieces:
            if p.file not in mine or p.size == 0 or esec is None:
                continue
            code = esec.data[p.address - esec.addr:p.address - esec.addr + p.size]
            rows = []
            for insn in disassemble(code, p.address, build.target):
                i = bisect.bisect_right(starts, insn.address) - 1
                k = rows_dw[i][1] if i >= 0 else None
                col = colours.of(k) if k else None
                src = ""
                if k:
                    lines = source_lines(sources, k[0])
                    if lines and 0 < k[1] <= len(lines):
                        src = f"{k[0]}:{k[1]}  {lines[k[1] - 1].strip()}"
                rows.append(([f"{insn.address:x}", insn.bytes.hex(" "), insn.text(name).expandtabs(8), src],
                             {"col": col}))
            out.append(f"<h4>{esc(p.file)}({esc(p.section)}) at {p.address:#x}</h4>" +
                       table(["address", "bytes", "instruction", "source line"], rows))
    return "".join(out)


def source_lines(sources: dict, name: str):
    """A C file's lines: from the build, else from the working directory (object inputs)."""
    if name not in sources:
        try:
            with open(name, encoding="utf-8", errors="replace") as f:
                sources[name] = f.read().expandtabs(4).split("\n")
        except OSError:
            sources[name] = None
    return sources[name]


def _froms(sec, mine) -> str:
    files = sorted({short(p.file) for p in sec.pieces if p.size}, key=lambda f: (f not in mine, f))
    text = ", ".join(files[:6])
    return text + (f", ... ({len(files)} inputs)" if len(files) > 6 else "")


def render_link(build, colours, sources) -> str:
    link = build.link
    if link is None:
        return '<div class="note">Not linked (-E, -S or -c stop before the linker).</div>'
    try:
        elf = ElfFile(link.executable, "a.out", "objdump")
    except Exception as e:
        return f'<pre class="diag">{esc(e)}</pre>'
    mine = user_inputs(build)
    out = [f'<div class="note">Inputs, in link order: {esc(", ".join(short(n) for n in build.link_inputs))}. '
           f'Entry point <code>_start</code> = {link.entry:#x}.</div>']
    ours = sorted((r for r in link.relocations if r.input in mine),
                  key=lambda r: r.section.startswith((".debug", ".eh_frame")))
    theirs = [r for r in link.relocations if r.input not in mine]
    out.append(f"<h4>Relocations applied in your objects ({len(ours)}): each hole filled</h4>")
    out.append(table(_RELOC_HEAD, _reloc_rows(ours)) if ours else
               '<div class="note">None: your code refers to nothing outside itself.</div>')
    out.append("<h4>Your code at its final addresses</h4>")
    out.append(_code(build, elf, colours, sources))
    out.append("<h4>Output sections</h4>")
    out.append(table(["section", "address", "size", "flags", "from"],
                     [[s.name, f"{s.address:#x}", f"{s.size:#x}", section_flags(s.flags),
                       _froms(s, mine)] for s in link.sections]))
    out.append("<h4>Segments (what the loader maps into memory)</h4>")
    out.append(table(["type", "file offset", "address", "file size", "memory size", "flags", "align"],
                     [[_PT.get(g.type, hex(g.type)), f"{g.offset:#x}", f"{g.vaddr:#x}", f"{g.filesz:#x}",
                       f"{g.memsz:#x}", _pflags(g.flags), f"{g.align:#x}"] for g in link.segments]))
    if link.pulled:
        out.append(f"<details><summary>Archive members pulled in from the C library, and why "
                   f"({len(link.pulled)})</summary>")
        out.append(table(["member", "to define", "needed by"],
                         [[short(p.member), p.symbol, short(p.referenced_by)] for p in link.pulled]))
        out.append("</details>")
    syms = []
    for s in elf.symbols[1:]:
        if s.type in (C.STT_SECTION, C.STT_FILE) or not s.name or s.name.startswith(("$x", "$d")):
            continue
        syms.append(s)
    syms.sort(key=lambda s: (s.value, s.name))
    ranges = [(p.address, p.address + p.size) for sec in link.sections for p in sec.pieces
              if p.file in mine and p.size]

    def is_mine(s):
        return any(a <= s.value < b for a, b in ranges)
    sym_rows = [([f"{s.value:016x}", symbol_letter(elf, s), s.size, s.name],
                 {"col": "#dbeafe" if is_mine(s) else None}) for s in syms]
    out.append(f"<details><summary>Symbol table after the link ({len(sym_rows)} symbols; yours "
               f"shaded)</summary><div class=\"scroll\">{table(['address', 'nm', 'size', 'name'], sym_rows)}"
               f"</div></details>")
    if theirs:
        out.append(f"<details><summary>Relocations applied in the C library and start files "
                   f"({len(theirs)})</summary><div class=\"scroll\">{table(_RELOC_HEAD, _reloc_rows(theirs))}"
                   f"</div></details>")
    return "".join(out)


def render(builds, colours) -> str:
    sources = sources_of(builds)
    return columns([(b.target.name, render_link(b, colours, sources)) for b in builds])
