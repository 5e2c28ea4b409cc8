"""The one line map, as the views use it: which C lines produced code, and their colour.

The facts come from the toolchain's own records at each stage: the assembler's listing
(`.loc` -> offset, from the compiler's `.loc` directives) for objects, the preprocessor's
line_map (from its linemarkers) for `.i` text, the `.loc` directives for `.s` text, and
DWARF `.debug_line` for the executable. Every C line that produced code gets one colour,
and that colour is used for it everywhere, in every target's column.
"""
from __future__ import annotations

import os
import re

from .style import colour


def key(file, line):
    """A C line's identity across stages: (basename, line). Paths differ by stage
    (`sum.c` in linemarkers, `/dir/sum.c` in DWARF); lessons never have two files with
    one basename."""
    if not file or not line:
        return None
    return (os.path.basename(str(file)), int(line))


_FILE = re.compile(r'^\s*\.file\s+(\d+)\s+"([^"]*)"(?:\s+"([^"]*)")?')
_LOC = re.compile(r'^\s*\.loc\s+(\d+)\s+(\d+)')


def asm_line_keys(asm: str) -> list:
    """For each line of GAS text, the C line its `.loc` says it belongs to (None for
    lines that are not instructions)."""
    files, current, out = {}, None, []
    for text in asm.splitlines():
        m = _FILE.match(text)
        if m:
            files[m.group(1)] = m.group(3) or m.group(2)
            out.append(None)
            continue
        m = _LOC.match(text)
        if m:
            current = key(files.get(m.group(1)), m.group(2))
            out.append(None)
            continue
        out.append(current if is_instruction(text) else None)
    return out


_LABEL = re.compile(r"^\s*[\w.$@]+:")


def is_instruction(text: str) -> bool:
    s = text.split("#", 1)[0].split("//", 1)[0].strip() if text.strip()[:1] != '"' else text.strip()
    if not s or s.startswith("."):
        return False
    if _LABEL.match(s):
        rest = s.split(":", 1)[1].strip()
        return bool(rest) and not rest.startswith(".")
    return True


def executable_lines(build):
    """[(address, key)] of the linked program's own code (not the C library's), from the
    DWARF line table the assembler wrote and the linker relocated."""
    if build.link is None:
        return []
    cached = getattr(build, "_ccp_exe_lines", None)
    if cached is not None:
        return cached
    from toolchain.binutils.elfread import ElfFile
    from toolchain.binutils.lines import line_rows
    from .link import user_code_ranges
    try:
        elf = ElfFile(build.link.executable, "a.out", "objdump")
        rows = line_rows(elf) or debug_line_rows(elf)
    except Exception:
        rows = []
    ranges = user_code_ranges(build)
    out = [(r[0], None if r[5] else key(r[2], r[3])) for r in rows
           if any(a <= r[0] < b for a, b in ranges) or r[5]]
    build._ccp_exe_lines = out
    return out


def debug_line_rows(elf) -> list[tuple]:
    """Rows (address, order, file, line, 0, end_sequence) read from .debug_line itself,
    unit by unit, for files whose line tables have no .debug_info unit pointing at them
    (pyelftools only finds a line program through a compilation unit)."""
    sec = elf.section_by_name(".debug_line")
    if sec is None:
        return []
    dwarf = elf.dwarf()
    rows, offset, order = [], 0, 0
    while offset < sec.size:
        prog = dwarf._parse_line_program_at_offset(offset, dwarf.structs)
        hdr = prog.header
        version = hdr["version"]
        files = hdr["file_entry"]
        for entry in prog.get_entries():
            st = entry.state
            if st is None:
                continue
            i = st.file if version >= 5 else st.file - 1
            name = files[i].name if 0 <= i < len(files) else b"?"
            name = name.decode("utf-8", "replace") if isinstance(name, bytes) else str(name)
            rows.append((st.address, order, name, st.line, 0, st.end_sequence))
            order += 1
        length = hdr["unit_length"]
        offset += length + (12 if length >= 0xFFFFFFF0 else 4)
    rows.sort(key=lambda r: (r[0], r[1]))
    return rows


class LineColours:
    """C line -> colour, shared by every pane of one cell's output."""

    def __init__(self, builds):
        keys = set()
        for b in builds:
            for u in b.units:
                if u.assembled is not None:
                    for e in u.assembled.listing:
                        k = key(e.c_file, e.c_line)
                        if k:
                            keys.add(k)
                elif u.compiled is not None:
                    keys.update(k for k in asm_line_keys(u.compiled.asm) if k)
            keys.update(k for _, k in executable_lines(b) if k)
        self.order = sorted(keys)
        self.index = {k: i for i, k in enumerate(self.order)}

    def __contains__(self, k):
        return k in self.index

    def of(self, file, line=None):
        k = file if line is None and isinstance(file, tuple) else key(file, line)
        i = self.index.get(k) if k else None
        return colour(i) if i is not None else None
