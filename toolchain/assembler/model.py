"""What the assembler builds while it reads: sections made of fragments, symbols, fixups.

A fragment is a run of fixed bytes followed by an optional variable part whose size is only
known at layout (an alignment, or an x86 jump that may be short or near), as in GNU as.
Symbols point into fragments, so relaxation moves them without rewriting anything.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..elf.constants import STT_NOTYPE


class Symbol:
    __slots__ = ("name", "section", "frag", "offset", "binding", "type", "size", "visibility",
                 "common", "equ", "order", "temp", "used_in_reloc", "defined_line", "absolute",
                 "explicit_binding", "listed")

    def __init__(self, name: str, order: int, temp: bool = False):
        self.name = name
        self.section = None          # Section, or None while undefined
        self.frag = None
        self.offset = 0
        self.binding = "local"       # "local" | "global" | "weak"
        self.explicit_binding = False
        self.type = STT_NOTYPE
        self.size = None             # expression node from .size
        self.visibility = 0
        self.common = None           # (size, align) for .comm symbols not made local
        self.equ = None              # expression node from .set / = when not absolute
        self.absolute = None         # value of an absolute symbol (.set x, 5)
        self.order = order           # creation order, the order GNU as lists local symbols in
        self.temp = temp             # .L labels and our own helpers never reach .symtab
        self.used_in_reloc = False
        self.listed = not temp     # temporary labels join the symbol list only when needed
        self.defined_line = 0

    @property
    def defined(self) -> bool:
        return self.section is not None or self.absolute is not None or self.equ is not None

    def address(self) -> int:
        return self.frag.address + self.offset

    def __repr__(self):
        return f"Symbol({self.name!r})"


@dataclass
class Fixup:
    """A field in a fragment's fixed bytes whose value depends on a symbol."""
    frag: "Frag"
    offset: int           # within the fragment
    size: int             # bytes in the field (AArch64 instruction fixups: 4)
    expr: object          # expression node
    kind: str             # architecture's name for how to fill it / which relocation to emit
    pcrel: bool = False
    bias: int = 0         # x86: field offset - instruction length, added to PC-relative addends
    line: int = 0
    insn_start: int = 0   # offset of the instruction in the fragment (AArch64: same as offset)
    extra: object = None  # architecture data (e.g. x86 instruction bytes facts)


class Frag:
    __slots__ = ("section", "data", "fixups", "var", "address", "index")

    def __init__(self, section, index):
        self.section = section
        self.data = bytearray()
        self.fixups: list[Fixup] = []
        self.var = None       # None, Align, or an architecture's relaxable branch
        self.address = 0
        self.index = index

    def var_size(self) -> int:
        return self.var.size if self.var is not None else 0

    def size(self) -> int:
        return len(self.data) + self.var_size()


@dataclass
class Align:
    """Pad to a multiple of `boundary`, unless that needs more than `max_skip` bytes."""
    boundary: int
    fill: bytes | None      # None: the architecture's NOPs (code sections)
    max_skip: int | None
    line: int = 0
    size: int = 0

    def compute(self, address: int) -> int:
        pad = (-address) % self.boundary
        if self.max_skip is not None and pad > self.max_skip:
            pad = 0
        self.size = pad
        return pad


class Leb128:
    """`.uleb128`/`.sleb128` of an expression known only after layout (a label difference)."""

    def __init__(self, node, signed, line):
        self.node, self.signed, self.line = node, signed, line
        self.size = 1
        self.bytes = b"\0"


class Section:
    def __init__(self, name: str, type_: int, flags: int, index: int, entsize: int = 0,
                 group: str | None = None):
        self.name = name
        self.type = type_
        self.flags = flags
        self.entsize = entsize
        self.group = group
        self.index = index           # creation order
        self.align = 1
        # Subsections (GNU as puts local .comm symbols in .bss subsection 1, after labels)
        self.subs: dict[int, list[Frag]] = {0: [Frag(self, 0)]}
        self.cur_sub = 0
        self.symbol: Symbol | None = None   # the STT_SECTION symbol
        self.relocs = []             # filled at the end: (offset, type, Symbol, addend)
        self.mapping = None          # AArch64 mapping state: None, "x", "d"
        self.elf_index = 0

    @property
    def frags(self) -> list[Frag]:
        if len(self.subs) == 1:
            return self.subs[0]
        return [f for k in sorted(self.subs) for f in self.subs[k]]

    @property
    def frag(self) -> Frag:
        return self.subs[self.cur_sub][-1]

    def set_subsection(self, n: int):
        if n not in self.subs:
            self.subs[n] = [Frag(self, 0)]
        self.cur_sub = n

    def new_frag(self) -> Frag:
        lst = self.subs[self.cur_sub]
        f = Frag(self, len(lst))
        lst.append(f)
        return f

    def here(self):
        """(frag, offset) of the current location."""
        f = self.subs[self.cur_sub][-1]
        if f.var is not None:
            f = self.new_frag()
        return f, len(f.data)

    def size(self) -> int:
        last = self.frags[-1]
        return last.address + last.size()

    def contents(self) -> bytes:
        out = bytearray()
        for f in self.frags:
            out += f.data
            if f.var is not None:
                out += f.var.bytes
        return bytes(out)


class LineInfo:
    """Where the listing needs to know a statement produced bytes: from (frag, offset) to
    (frag_end, end_offset), -1 meaning the end of a variable part; `loc` is the .loc then."""
    __slots__ = ("line", "text", "section", "frag", "offset", "loc", "frag_end", "end_offset")

    def __init__(self, line, text, section, frag, offset, loc, frag_end, end_offset):
        self.line, self.text, self.section, self.frag, self.offset = line, text, section, frag, offset
        self.loc, self.frag_end, self.end_offset = loc, frag_end, end_offset
