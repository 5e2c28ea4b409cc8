"""From ELF bytes to a process image: what execve(2) checks and what binfmt_elf maps.

Like the kernel, we check the ELF header first (a `.o`, a file for another machine or no
ELF at all is "Exec format error"), then map every PT_LOAD segment page by page with its
permissions, file bytes where the file has them and zeros for the rest (bss). The break
starts on the page after the highest segment.
"""
from __future__ import annotations

import io
from dataclasses import dataclass

from elftools.common.exceptions import ELFError
from elftools.construct import ConstructError
from elftools.elf.elffile import ELFFile

from ..target import Target, target_for_machine
from .memory import PAGE, PROT_EXEC, PROT_READ, PROT_WRITE, AddressSpace, page_down, page_up

PT_LOAD, PT_INTERP, PT_PHDR = 1, 3, 6
PF_X, PF_W, PF_R = 1, 2, 4
ET_EXEC, ET_DYN = 2, 3


class ExecFormatError(Exception):
    """The kernel refused the file (ENOEXEC). `status` is what the shell exits with."""

    status = 126

    def __init__(self, message: str = "cannot execute binary file: Exec format error"):
        super().__init__(message)


class MissingInterpreterError(ExecFormatError):
    """A dynamically linked executable: its interpreter (ld.so) does not exist in our
    sandbox, so execve fails with ENOENT and bash says so (exit status 127)."""

    status = 127

    def __init__(self, interpreter: str):
        self.interpreter = interpreter
        super().__init__("cannot execute: required file not found")


@dataclass
class Segment:
    vaddr: int
    memsz: int
    offset: int
    filesz: int
    prot: int


@dataclass
class Image:
    """What the loader learnt from the file; addresses already include any load bias."""

    target: Target
    elf: ELFFile
    data: bytes
    entry: int
    phdr: int          # where the program headers are in memory (AT_PHDR)
    phent: int
    phnum: int
    segments: list
    brk: int           # initial program break
    load_bias: int = 0


# Where Linux puts a static PIE (ET_DYN with no interpreter) when ASLR is off:
# ELF_ET_DYN_BASE, two thirds of the way up the user address space.
_DYN_BASE = {"x86_64": 0x555555554000, "aarch64": 0xAAAAAAAAA000}


def parse(elf: bytes, target: Target | None = None) -> Image:
    data = bytes(elf)
    if data[:4] != b"\x7fELF" or len(data) < 64 or data[4] != 2 or data[5] != 1:
        raise ExecFormatError()
    try:
        f = ELFFile(io.BytesIO(data))
        header = f.header
        machine = target_for_machine(_e_machine(data))
        if machine is None or (target is not None and target.elf_machine != machine.elf_machine):
            raise ExecFormatError()
        if header.e_type not in ("ET_EXEC", "ET_DYN") or header.e_phnum == 0:
            raise ExecFormatError()
        phdrs = [f.get_segment(i).header for i in range(f.num_segments())]
    except (ELFError, ConstructError, ValueError, KeyError, IndexError, OverflowError,
            AttributeError, TypeError) as e:
        raise ExecFormatError() from e

    interp = [p for p in phdrs if p.p_type == "PT_INTERP"]
    if interp:
        raw = data[interp[0].p_offset:interp[0].p_offset + interp[0].p_filesz]
        raise MissingInterpreterError(raw.split(b"\0")[0].decode("latin-1"))

    loads = [p for p in phdrs if p.p_type == "PT_LOAD"]
    if not loads:
        raise ExecFormatError()
    bias = 0
    if header.e_type == "ET_DYN":
        bias = page_down(_DYN_BASE[machine.name] - page_down(min(p.p_vaddr for p in loads)))

    segments = []
    for p in loads:
        if p.p_filesz > p.p_memsz or (p.p_filesz and p.p_offset + p.p_filesz > len(data)):
            raise ExecFormatError()
        if (p.p_vaddr - p.p_offset) % PAGE:
            raise ExecFormatError()   # the kernel's mmap needs offset and address congruent
        prot = ((PROT_READ if p.p_flags & PF_R else 0) | (PROT_WRITE if p.p_flags & PF_W else 0)
                | (PROT_EXEC if p.p_flags & PF_X else 0))
        segments.append(Segment(p.p_vaddr + bias, p.p_memsz, p.p_offset, p.p_filesz, prot))

    # AT_PHDR: PT_PHDR if present, else the PT_LOAD that covers e_phoff in the file.
    phdr_addr = 0
    for p in phdrs:
        if p.p_type == "PT_PHDR":
            phdr_addr = p.p_vaddr + bias
            break
    else:
        for s in segments:
            if s.offset <= header.e_phoff < s.offset + s.filesz:
                phdr_addr = s.vaddr + header.e_phoff - s.offset
                break

    top = max(s.vaddr + s.memsz for s in segments)
    return Image(target=machine, elf=f, data=data, entry=header.e_entry + bias, phdr=phdr_addr,
                 phent=header.e_phentsize, phnum=header.e_phnum, segments=segments,
                 brk=page_up(top), load_bias=bias)


def _e_machine(data: bytes) -> int:
    return int.from_bytes(data[18:20], "little")


def map_image(space: AddressSpace, image: Image):
    """Map the segments as binfmt_elf does: each one covers whole pages; where two share a
    page the later one's permissions win (its mmap replaces the earlier page)."""
    painted: list[tuple[int, int, int]] = []
    for s in image.segments:
        if s.memsz:
            painted = _paint(painted, page_down(s.vaddr), page_up(s.vaddr + s.memsz), s.prot)
    if sum(end - start for start, end, _ in painted) > space.limit:
        raise ExecFormatError()
    for start, end, prot in painted:
        try:
            space.map(start, end - start, prot)
        except Exception as e:   # a segment unicorn cannot place (absurd addresses)
            raise ExecFormatError() from e

    data = image.data
    for s in image.segments:
        if s.filesz:
            # the file page window: bytes before vaddr in the first page come from the file too
            lead = s.vaddr - page_down(s.vaddr)
            window_end = page_up(s.vaddr + s.filesz)
            chunk = data[s.offset - lead:s.offset - lead + (window_end - page_down(s.vaddr))]
            space.poke(page_down(s.vaddr), chunk)
        if s.memsz > s.filesz:
            # bss: zero the rest of the last file page; later pages are fresh anonymous zeros
            start = s.vaddr + s.filesz
            space.poke(start, bytes(page_up(start) - start))


def _paint(areas, start, end, prot):
    """Lay [start, end) with `prot` over the sorted disjoint `areas`; merge equal neighbours."""
    out = []
    for a_start, a_end, a_prot in areas:
        if a_end <= start or a_start >= end:
            out.append((a_start, a_end, a_prot))
            continue
        if a_start < start:
            out.append((a_start, start, a_prot))
        if a_end > end:
            out.append((end, a_end, a_prot))
    out.append((start, end, prot))
    out.sort()
    merged = []
    for area in out:
        if merged and merged[-1][1] == area[0] and merged[-1][2] == area[2]:
            merged[-1] = (merged[-1][0], area[1], area[2])
        else:
            merged.append(area)
    return merged
