"""What a link produced besides the executable: the records the lessons show (applied
relocations, archive members pulled and why, where every input section went) and a text
rendering shaped like GNU ld's `-Map` file."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..elf.writer import Segment


@dataclass
class AppliedRelocation:
    input: str            # object file, `main.o` or `libx.a(sum.o)`
    section: str          # input section the relocation patches
    offset: int           # in that input section
    address: int          # P: where the patched field is in memory
    type: str             # "R_X86_64_PLT32"
    symbol: str           # the symbol, or the section name for a section symbol
    S: int
    A: int
    formula: str          # "S+A-P"
    value: int            # what the formula gave (before it was cut to the field)
    bytes_before: bytes   # the instruction (or data field) before patching ...
    bytes_after: bytes    # ... and after
    note: str = ""        # e.g. "GOT load relaxed: mov -> lea"
    G: int = 0            # GOT entry address, for GOT relocations

    def explain(self) -> str:
        return (f"{self.input}({self.section}+{self.offset:#x}) {self.type} {self.symbol}: "
                f"{self.formula} with S={self.S:#x} A={self.A:#x} P={self.address:#x} "
                f"= {self.value:#x}; {self.bytes_before.hex(' ')} -> {self.bytes_after.hex(' ')}")


@dataclass
class Piece:
    file: str             # input file, or "*linker*" for COMMON/.got made by the linker
    section: str          # input section name
    address: int
    size: int


@dataclass
class OutputSectionInfo:
    name: str
    address: int
    offset: int
    size: int
    flags: int
    type: int
    align: int
    pieces: list[Piece] = field(default_factory=list)


@dataclass
class Pulled:
    member: str           # "libx.a(sum.o)"
    archive: str
    symbol: str           # the symbol whose reference pulled it
    referenced_by: str    # the file whose undefined reference it satisfied


@dataclass
class LinkResult:
    executable: bytes
    relocations: list[AppliedRelocation]
    symbols: dict[str, int]
    sections: list[OutputSectionInfo]
    segments: list[Segment]
    pulled: list[Pulled]
    entry: int
    warnings: list = field(default_factory=list)     # Diagnostics GNU ld would print
    common: list = field(default_factory=list)       # (symbol, size, file)

    def map_text(self) -> str:
        """The link map, in the shape of GNU ld's `-Map` output."""
        lines = []
        if self.pulled:
            lines.append("Archive member included to satisfy reference by file (symbol)\n")
            for p in self.pulled:
                lines.append(p.member)
                lines.append(f"{'':<30}{p.referenced_by} ({p.symbol})")
            lines.append("")
        if self.common:
            lines.append("Allocating common symbols")
            lines.append(f"{'Common symbol':<19}{'size':<19}file\n")
            for name, size, file in self.common:
                lines.append(f"{name:<19}{size:<#19x}{file}")
            lines.append("")
        lines.append("Memory map\n")
        for s in self.sections:
            lines.append(f"{s.name:<15}0x{s.address:016x}{s.size:#13x}")
            for p in s.pieces:
                lines.append(f" {p.section:<14}0x{p.address:016x}{p.size:#13x} {p.file}")
            lines.append("")
        return "\n".join(lines)
