"""Output sections, their addresses and file offsets, and the program headers: GNU ld's
default static layout (`ld --verbose`), reduced to the statements a C program meets.

Input sections go to the first output section whose patterns match, in script order
(`.text.*` -> .text, `.rodata.*` -> .rodata, COMMON -> .bss, ...). Sections no pattern
matches are "orphans", placed after the output section with the same kind of contents,
as ld's `ldelf_place_orphan` does.

Addresses follow the script's segment logic: x86-64's script is `-z separate-code` (headers
alone in an R page, code in an R+X page, read-only data in an R page); AArch64's puts
headers, code and read-only data in one R+X segment. The RW segment starts where
`DATA_SEGMENT_ALIGN` and `DATA_SEGMENT_RELRO_END` put it, reproduced from measurements of
GNU ld 2.40: with RELRO contents (or .eh_frame) the RELRO part ends on a max-page
boundary; otherwise the segment keeps the same offset within the next page, unless moving
it down a page saves one.
"""
from __future__ import annotations

from fnmatch import fnmatchcase

from ..elf.constants import (EHDR_SIZE, PF_R, PF_W, PF_X, PHDR_SIZE, PT_GNU_STACK, PT_LOAD,
                             PT_NOTE, SHF_ALLOC, SHF_EXECINSTR, SHF_MERGE, SHF_STRINGS,
                             SHF_WRITE, SHT_FINI_ARRAY, SHT_INIT_ARRAY, SHT_NOBITS, SHT_NOTE,
                             SHT_PROGBITS)
from ..elf.writer import Segment
from .inputs import InputSection

PT_GNU_RELRO = 0x6474E552
SHT_PREINIT_ARRAY = 16
SHF_TLS = 0x400
SORT_PRIORITY = "sort-by-init-priority"

# (output section, [statements]); a statement is a list of patterns, optionally tagged
# for sorting. Order = the order of the default script. `relro` marks sections that
# DATA_SEGMENT_RELRO_END covers.
RULES = [
    (".init", [[".init"]]),
    (".text", [[".text.unlikely", ".text.*_unlikely", ".text.unlikely.*"],
               [".text.exit", ".text.exit.*"], [".text.startup", ".text.startup.*"],
               [".text.hot", ".text.hot.*"], ("sort-by-name", [".text.sorted.*"]),
               [".text", ".stub", ".text.*", ".gnu.linkonce.t.*"]]),
    (".fini", [[".fini"]]),
    (".rodata", [[".rodata", ".rodata.*", ".gnu.linkonce.r.*"]]),
    (".rodata1", [[".rodata1"]]),
    (".eh_frame", [[".eh_frame"], [".eh_frame.*"]]),
    (".gcc_except_table", [[".gcc_except_table", ".gcc_except_table.*"]]),
    (".tdata", [[".tdata", ".tdata.*", ".gnu.linkonce.td.*"]]),
    (".tbss", [[".tbss", ".tbss.*", ".gnu.linkonce.tb.*"], [".tcommon"]]),
    (".preinit_array", [[".preinit_array"]]),
    (".init_array", [(SORT_PRIORITY, [".init_array.*", ".ctors.*"]), [".init_array", ".ctors"]]),
    (".fini_array", [(SORT_PRIORITY, [".fini_array.*", ".dtors.*"]), [".fini_array", ".dtors"]]),
    (".data.rel.ro", [[".data.rel.ro.local*", ".gnu.linkonce.d.rel.ro.local.*"],
                      [".data.rel.ro", ".data.rel.ro.*", ".gnu.linkonce.d.rel.ro.*"]]),
    (".got", [[".got"], [".igot"]]),
    (".got.plt", [[".got.plt"], [".igot.plt"]]),
    (".data", [[".data", ".data.*", ".gnu.linkonce.d.*"]]),
    (".data1", [[".data1"]]),
    (".bss", [[".dynbss"], [".bss", ".bss.*", ".gnu.linkonce.b.*"], ["COMMON"]]),
    (".comment", [[".comment"]]),
    (".gnu.build.attributes", [[".gnu.build.attributes", ".gnu.build.attributes.*"]]),
] + [(n, [[n]]) for n in (".debug", ".line", ".debug_srcinfo", ".debug_sfnames",
                          ".debug_aranges", ".debug_pubnames")] + [
    (".debug_info", [[".debug_info", ".gnu.linkonce.wi.*"]]),
    (".debug_abbrev", [[".debug_abbrev"]]),
    (".debug_line", [[".debug_line", ".debug_line.*", ".debug_line_end"]]),
] + [(n, [[n]]) for n in (
    ".debug_frame", ".debug_str", ".debug_loc", ".debug_macinfo", ".debug_weaknames",
    ".debug_funcnames", ".debug_typenames", ".debug_varnames", ".debug_pubtypes",
    ".debug_ranges", ".debug_addr", ".debug_line_str", ".debug_loclists", ".debug_macro",
    ".debug_names", ".debug_rnglists", ".debug_str_offsets", ".debug_sup",
    ".gnu.attributes", ".ARM.attributes")]

DISCARD = [".note.GNU-stack", ".gnu_debuglink", ".gnu.lto_*"]
RELRO = {".tdata", ".tbss", ".preinit_array", ".init_array", ".fini_array", ".data.rel.ro",
         ".got"}
_RULE_INDEX = {name: i for i, (name, _) in enumerate(RULES)}

# Orphans go after the output section holding the same kind of contents.
_ORPHAN_ANCHOR = {"note": -1, "code": _RULE_INDEX[".text"], "rodata": _RULE_INDEX[".rodata"],
                  "data": _RULE_INDEX[".data"], "bss": _RULE_INDEX[".bss"], "other": len(RULES)}


def _align(n: int, a: int) -> int:
    return (n + a - 1) // a * a if a > 1 else n


class SyntheticSection(InputSection):
    """A piece the linker makes itself: COMMON, .got, merged strings."""

    def __init__(self, name, type, flags, align, data=b"", size=None):
        super().__init__(None, 0, name, type, flags, bytearray(data),
                         len(data) if size is None else size, align, 0, 0, 0)


class OutputSection:
    def __init__(self, name: str, key: tuple):
        self.name = name
        self.key = key
        self.statements: dict[int, list] = {}
        self.pieces: list[InputSection] = []
        self.type = SHT_PROGBITS
        self.flags = 0
        self.align = 1
        self.entsize = 0
        self.addr = 0
        self.offset = 0
        self.size = 0

    @property
    def alloc(self) -> bool:
        return bool(self.flags & SHF_ALLOC)

    @property
    def nobits(self) -> bool:
        return self.type == SHT_NOBITS

    @property
    def relro(self) -> bool:
        return self.name in RELRO

    @property
    def end(self) -> int:
        return self.addr + self.size

    def __repr__(self):
        return f"<OutputSection {self.name} {self.addr:#x}+{self.size:#x}>"


def _match(name: str, patterns) -> bool:
    return any(fnmatchcase(name, p) for p in patterns)


def _rule_for(name: str):
    for i, (_, statements) in enumerate(RULES):
        for j, st in enumerate(statements):
            pats = st[1] if isinstance(st, tuple) else st
            if _match(name, pats):
                return i, j
    return None


def orphan_kind(sec: InputSection) -> str:
    if not sec.flags & SHF_ALLOC:
        return "other"
    if sec.type == SHT_NOTE:
        return "note"
    if sec.flags & SHF_EXECINSTR:
        return "code"
    if sec.type == SHT_NOBITS:
        return "bss"
    return "data" if sec.flags & SHF_WRITE else "rodata"


def _init_priority(name: str) -> int:
    # `.init_array.00100` and `.ctors.65435` sort together: ctors count down (bfd does the same).
    tail = name.rsplit(".", 1)[-1]
    if not tail.isdigit():
        return 65536
    return 65535 - int(tail) if name.startswith((".ctors", ".dtors")) else int(tail)


def is_discarded_name(name: str) -> bool:
    return _match(name, DISCARD)


def map_sections(objects, synthetic_bss=None, extra=()) -> list[OutputSection]:
    """Assign every kept input section to an output section; return them in script order."""
    outs: dict[str, OutputSection] = {}
    orphan_seq = 0
    for sec in [s for obj in objects for s in obj.sections if s is not None] + list(extra):
        if sec.discarded or sec.type in (0,) or is_discarded_name(sec.name):
            continue
        rule = _rule_for(sec.name)
        if rule is None:
            name = sec.name
            if name not in outs:
                orphan_seq += 1
                outs[name] = OutputSection(name, (_ORPHAN_ANCHOR[orphan_kind(sec)], 1, orphan_seq))
            stmt = 0
        else:
            name = RULES[rule[0]][0]
            if name not in outs:
                outs[name] = OutputSection(name, (rule[0], 0, 0))
            stmt = rule[1]
        outs[name].statements.setdefault(stmt, []).append(sec)
    if synthetic_bss is not None:
        bss = outs.get(".bss") or outs.setdefault(".bss", OutputSection(".bss", (_RULE_INDEX[".bss"], 0, 0)))
        bss.statements.setdefault(2, []).append(synthetic_bss)
    result = sorted(outs.values(), key=lambda o: o.key)
    for out in result:
        rule = RULES[out.key[0]][1] if out.key[1] == 0 else None
        for stmt in sorted(out.statements):
            secs = out.statements[stmt]
            tag = rule[stmt][0] if rule and isinstance(rule[stmt], tuple) else None
            if tag == SORT_PRIORITY:
                secs = sorted(secs, key=lambda s: _init_priority(s.name))
            elif tag == "sort-by-name":
                secs = sorted(secs, key=lambda s: s.name)
            out.pieces.extend(secs)
        _set_kind(out)
    return result


def _set_kind(out: OutputSection):
    flags = 0
    merge = all(p.flags & SHF_MERGE and p.flags & SHF_STRINGS for p in out.pieces)
    entsizes = {p.entsize for p in out.pieces}
    for p in out.pieces:
        flags |= p.flags & (SHF_ALLOC | SHF_WRITE | SHF_EXECINSTR | SHF_TLS | SHF_MERGE | SHF_STRINGS)
        out.align = max(out.align, p.align)
    if not (merge and len(entsizes) == 1):
        flags &= ~(SHF_MERGE | SHF_STRINGS)
    else:
        out.entsize = entsizes.pop()
    out.flags = flags
    types = {p.type for p in out.pieces}
    if types == {SHT_NOBITS}:
        out.type = SHT_NOBITS
    elif out.name == ".init_array" or types == {SHT_INIT_ARRAY}:
        out.type, out.entsize = SHT_INIT_ARRAY, 8
    elif out.name == ".fini_array" or types == {SHT_FINI_ARRAY}:
        out.type, out.entsize = SHT_FINI_ARRAY, 8
    elif out.name == ".preinit_array":
        out.type, out.entsize = SHT_PREINIT_ARRAY, 8
    elif types == {SHT_NOTE}:
        out.type = SHT_NOTE
    else:
        out.type = SHT_PROGBITS
    if out.name in (".got", ".got.plt"):
        out.entsize = 8


def size_sections(outs: list[OutputSection]) -> list[OutputSection]:
    """Give each input piece its offset in its output section; drop empty outputs."""
    for out in outs:
        off = 0
        for p in out.pieces:
            if p.merged_into is not None and p.merged_into is not p:
                continue          # represented by its merged blob
            # .eh_frame records must follow each other without zero padding: a zero word
            # would read as the end of the table. Records are multiples of 4 bytes.
            align = 4 if out.name == ".eh_frame" else p.align
            off = _align(off, align)
            p.out = out
            p.out_offset = off
            off += p.size
        for p in out.pieces:
            if p.merged_into is not None and p.merged_into is not p:
                p.out = out
        if out.name == ".bss" and off:
            off = _align(off, 8)   # `. = ALIGN(. != 0 ? 64 / 8 : 1)` inside .bss
        out.size = off
    return [o for o in outs if o.size or o.name in (".got",)]


class Layout:
    """Addresses, offsets and program headers for one link."""

    def __init__(self, outs, arch, target, *, exec_stack: bool):
        self.outs = outs
        self.arch = arch
        self.target = target
        self.exec_stack = exec_stack
        self.segments: list[Segment] = []
        self.headers_size = 0
        self.relro = None          # (start, end) of PT_GNU_RELRO
        self.file_end = 0

    def _classes(self):
        notes, text, ro, data = [], [], [], []
        for o in self.outs:
            if not o.alloc:
                continue
            if o.flags & SHF_WRITE:
                data.append(o)
            elif o.type == SHT_NOTE:
                notes.append(o)
            elif o.flags & SHF_EXECINSTR:
                text.append(o)
            else:
                ro.append(o)
        return notes, text, ro, data

    def run(self):
        arch, maxp = self.arch, self.arch.MAXPAGESIZE
        notes, text, ro, data = self._classes()
        has_eh = any(o.name == ".eh_frame" for o in ro)
        relro_secs = [o for o in data if o.relro]
        relro_offset = arch.relro_offset({o.name: o for o in data})
        use_relro = bool(relro_secs) or has_eh
        want_relro_phdr = bool(data) and use_relro and (bool(relro_secs) or relro_offset > 0)
        separate = arch.SEPARATE_CODE
        nloads = (1 + bool(text) + bool(ro)) if separate else 1
        nloads += bool(data)
        nphdr = nloads + bool(notes) + 1 + want_relro_phdr
        base = self.target.text_base
        self.headers_size = EHDR_SIZE + PHDR_SIZE * nphdr
        dot = base + self.headers_size

        def place(seq, dot):
            for o in seq:
                dot = _align(dot, o.align)
                o.addr = dot
                dot += o.size
            return dot

        dot = place(notes, dot)
        groups = []   # (flags, [sections], start address)
        if separate:
            groups.append((PF_R, notes, base))
            if text:
                dot = _align(dot, maxp)
                start = dot
                dot = place(text, dot)
                groups.append((PF_R | PF_X, text, start))
            if ro:
                dot = _align(dot, maxp)
                start = dot
                dot = place(ro, dot)
                groups.append((PF_R, ro, start))
        else:
            dot = place(text + ro, dot)
            groups.append((PF_R | PF_X, notes + text + ro, base))
        # Where the data segment starts matters even without data: `_edata`, `_end` and
        # friends are defined there.
        self.ro_end = dot
        self.data_base = self._place_data(dot, data, relro_secs, use_relro, relro_offset)
        if data:
            groups.append((PF_R | PF_W, data, min(o.addr for o in data)))

        # File offsets: a segment's offset is congruent to its address modulo the page size,
        # and never earlier than the end of the previous segment's bytes.
        file_end = 0
        for flags, secs, start in groups:
            off = start - base if file_end == 0 else file_end + ((start - file_end) % maxp)
            filesz = memsz = 0
            if start == base:
                filesz = memsz = self.headers_size
            for o in secs:
                # NOBITS sections occupy no file bytes: like GNU ld, give them the offset
                # where the file's bytes for this segment stop.
                o.offset = off + (o.addr - start) if not o.nobits else off + filesz
                memsz = max(memsz, o.end - start)
                if not o.nobits:
                    filesz = max(filesz, o.end - start)
            self.segments.append(Segment(PT_LOAD, flags, off, start, filesz, memsz, maxp))
            file_end = max(file_end, off + filesz)
        self.file_end = file_end
        if notes:
            first, last = notes[0], notes[-1]
            self.segments.append(Segment(PT_NOTE, PF_R, first.offset, first.addr,
                                         last.end - first.addr, last.end - first.addr,
                                         max(o.align for o in notes)))
        self.segments.append(Segment(PT_GNU_STACK, PF_R | PF_W | (PF_X if self.exec_stack else 0),
                                     0, 0, 0, 0, 0x10))
        if want_relro_phdr and self.relro and self.relro[1] > self.relro[0]:
            rs, re_ = self.relro
            dseg = self.segments[nloads - 1]
            file_top = dseg.vaddr + dseg.filesz
            off = dseg.offset + (rs - dseg.vaddr)
            self.segments.append(Segment(PT_GNU_RELRO, PF_R, off, rs,
                                         max(0, min(re_, file_top) - rs), re_ - rs, 1))
        return self

    def _place_data(self, dot, data, relro_secs, use_relro, relro_offset) -> int:
        maxp, commonp = self.arch.MAXPAGESIZE, self.arch.COMMONPAGESIZE

        def forward(seq, at):
            for o in seq:
                at = _align(at, o.align)
                o.addr = at
                at += o.size
            return at

        if use_relro:
            base0 = _align(dot, maxp)
            end = forward(relro_secs, base0)
            relro_end = _align(end + relro_offset, maxp)
            desired = relro_end - relro_offset
            for o in reversed(relro_secs):
                o.addr = (desired - o.size) & ~(o.align - 1)
                desired = o.addr
            self.relro = (desired, relro_end)
            rest = [o for o in data if not o.relro]
            forward(rest, relro_end - relro_offset)
            return min([o.addr for o in data] + [relro_end - relro_offset])
        base = _align(dot, maxp) + (dot & (maxp - 1))
        end = _align(forward(data, base), 8)
        first = -base & (commonp - 1)
        last = end & (commonp - 1)
        if (first and last and (base & ~(commonp - 1)) != (end & ~(commonp - 1))
                and first + last <= commonp):
            base = _align(dot, maxp) + ((dot + commonp - 1) & (maxp - commonp))
            forward(data, base)
        return base

    def place_non_alloc(self):
        off = self.file_end
        for o in self.outs:
            if not o.alloc:
                off = _align(off, o.align)
                o.offset, o.addr = off, 0
                off += 0 if o.nobits else o.size
        return off


def segment_flags_text(flags: int) -> str:
    return ("R" if flags & PF_R else " ") + ("W" if flags & PF_W else " ") + ("E" if flags & PF_X else " ")
