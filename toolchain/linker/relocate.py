"""Applying relocations: find S, A and P for each, let the architecture patch the bytes,
and keep what happened (the lessons show the arithmetic) as `AppliedRelocation`s.

Two passes, as in every ELF linker: `scan` runs before layout and decides which symbols
need a GOT entry (and which GOT loads x86-64 rewrites instead), because the .got must have
its size before addresses exist; `apply` runs after layout, when every S and P is known.
"""
from __future__ import annotations

from ..elf.constants import SHF_ALLOC, SHN_ABS, SHN_UNDEF, STT_SECTION
from .arch import RelocError
from .linkmap import AppliedRelocation
from .symbols import STT_GNU_IFUNC

SHN_LORESERVE = 0xFF00


class Unsupported(Exception):
    pass


def _kept(sec) -> bool:
    return sec is not None and not sec.discarded and sec.out is not None


def target_of(obj, symidx: int):
    """("global", Symbol) or ("local", ElfSymbol) for a relocation's symbol index."""
    if symidx < len(obj.resolved) and obj.resolved[symidx] is not None:
        return "global", obj.resolved[symidx]
    return "local", obj.symbols[symidx]


def symbol_address(sym) -> int:
    """Address of a global Symbol after layout."""
    if sym.kind in ("defined", "common"):
        sec = sym.section
        if sec is None or sec.out is None:
            return 0
        return sec.address_of(sym.value)
    if sym.kind in ("absolute", "linker"):
        return sym.value
    return 0


def local_address(obj, esym) -> int:
    if esym.shndx == SHN_ABS:
        return esym.value
    if esym.shndx == SHN_UNDEF or esym.shndx >= SHN_LORESERVE:
        return 0
    sec = obj.sections[esym.shndx]
    if not _kept(sec):
        return 0
    return sec.address_of(esym.value)


def is_local_definition(kind, sym) -> bool:
    """Defined inside the executable at an address we choose (so a GOT load can become lea)."""
    if kind == "global":
        return sym.kind in ("defined", "common", "linker")
    return sym.shndx not in (SHN_UNDEF, SHN_ABS) and sym.shndx < SHN_LORESERVE


class Got:
    """The .got: one 8-byte entry per symbol (x86-64) or per S+A (AArch64)."""

    def __init__(self, arch):
        self.arch = arch
        self.keys: dict = {}         # key -> entry index
        self.targets: list = []      # (kind, symbol, obj, addend) per entry
        self.section = None          # SyntheticSection, once laid out

    def entry(self, key, target) -> int:
        idx = self.keys.get(key)
        if idx is None:
            idx = self.keys[key] = self.arch.GOT_RESERVED + len(self.targets)
            self.targets.append(target)
        return idx

    @property
    def size(self) -> int:
        return 8 * (self.arch.GOT_RESERVED + len(self.targets)) if self.targets else 0


def _got_key(arch, kind, sym, obj, addend):
    ident = id(sym) if kind == "global" else (id(obj), sym.index)
    return (ident, addend) if arch.NAME == "aarch64" else ident


def scan(objects, arch, got: Got, reporter) -> tuple[dict, bool]:
    """Decide GOT entries and x86-64 GOT relaxations. Returns ({(id(sec), i): relax}, and
    whether anything needs _GLOBAL_OFFSET_TABLE_/.got.plt)."""
    relax: dict = {}
    wants_gotplt = False
    for obj in objects:
        for sec in obj.sections:
            if sec is None or sec.discarded or not sec.relocs:
                continue
            for i, r in enumerate(sec.relocs):
                if r.sym >= len(obj.symbols):
                    continue
                kind, sym = target_of(obj, r.sym)
                if kind == "global" and sym.type == STT_GNU_IFUNC and sym.kind == "defined":
                    raise Unsupported(f"{obj.name}: IFUNC symbol `{sym.name}' is not supported "
                                      "yet (static glibc needs .iplt and IRELATIVE)")
                if arch.wants_gotplt(r.type):
                    wants_gotplt = True
                if not arch.needs_got(r.type):
                    continue
                how = arch.relax_kind(r.type, sec.data, r.offset, is_local_definition(kind, sym))
                if how:
                    relax[(id(sec), i)] = how
                    continue
                got.entry(_got_key(arch, kind, sym, obj, r.addend), (kind, sym, obj, r.addend))
    return relax, wants_gotplt


def fill_got(got: Got):
    if got.section is None:
        return
    data = got.section.data
    for i, (kind, sym, obj, addend) in enumerate(got.targets):
        value = symbol_address(sym) if kind == "global" else local_address(obj, sym)
        if got.arch.NAME == "aarch64":
            value += addend
        at = 8 * (got.arch.GOT_RESERVED + i)
        data[at:at + 8] = got.arch.got_entry(value)


def _against(kind, sym, obj, output_name: str) -> str:
    """The end of GNU's "relocation truncated to fit" message."""
    if kind == "global":
        if sym.kind == "undefined":
            return f"against undefined symbol `{sym.name}'"
        if sym.kind == "absolute":
            # bfd counts absolute symbols as the output file's (`*ABS*` of a.out).
            return f"against symbol `{sym.name}' defined in *ABS* section in {output_name}"
        if sym.kind == "linker":
            sec = getattr(sym, "out_section", None)
            where = sec.name if sec else "*ABS*"
            return f"against symbol `{sym.name}' defined in {where} section in {output_name}"
        if sym.kind == "common":
            return f"against symbol `{sym.name}'"
        return (f"against symbol `{sym.name}' defined in {sym.section.name} section in "
                f"{sym.file.name}")
    if sym.type == STT_SECTION:
        sec = obj.sections[sym.shndx]
        return f"against `{sec.name if sec else ''}'"
    return f"against `{sym.name}'"


def apply(objects, arch, got: Got, relax: dict, reporter, *, output_name="a.out",
          machine_name=None) -> list[AppliedRelocation]:
    records: list[AppliedRelocation] = []
    got_base = got.section.address if got.section is not None and got.section.out else 0
    got_symbol_base = getattr(got, "gotplt_address", got_base)
    for obj in objects:
        for sec in obj.sections:
            if not sec or not sec.relocs or not _kept(sec):
                continue
            if sec.pieces is not None:
                continue   # relocations inside merged strings: none in practice
            buf = sec.data if isinstance(sec.data, bytearray) else bytearray(sec.data)
            sec.data = buf
            alloc = bool(sec.flags & SHF_ALLOC)
            base = sec.address
            for i, r in enumerate(sec.relocs):
                if r.sym >= len(obj.symbols):
                    reporter.error(f"{obj.name}: bad symbol index {r.sym} in relocation "
                                   f"in section `{sec.name}'")
                    continue
                kind, sym = target_of(obj, r.sym)
                A = r.addend
                note = ""
                if kind == "global":
                    name = sym.name
                    if sym.kind == "undefined" and not sym.weak_ref_only and alloc:
                        reporter.undefined(obj, sec, r.offset, name)
                        continue
                    S = symbol_address(sym)
                    if sym.kind == "undefined" and r.type in getattr(arch, "BRANCH_TYPES", ()):
                        # AAELF64: a call to an undefined weak symbol goes to the next
                        # instruction, so the bl does nothing.
                        S = base + r.offset + 4 - A
                else:
                    target_sec = obj.sections[sym.shndx] if 0 < sym.shndx < len(obj.sections) else None
                    name = target_sec.name if sym.type == STT_SECTION and target_sec else sym.name
                    if sym.type == STT_SECTION and target_sec is not None and target_sec.pieces is not None \
                            and _kept(target_sec):
                        # A section symbol into merged strings: the string is at offset A.
                        S = target_sec.address_of(A)
                        note = f"merged string: S is where offset {A:#x} of {name} went"
                        A = 0
                    else:
                        S = local_address(obj, sym)
                P = base + r.offset
                how = relax.get((id(sec), i))
                G = 0
                if arch.needs_got(r.type) and not how:
                    G = got_base + 8 * got.keys[_got_key(arch, kind, sym, obj, r.addend)]
                try:
                    start, end = arch.span(r.type, buf, r.offset, 4, how)
                except (KeyError, IndexError):
                    start, end = r.offset, r.offset
                before = bytes(buf[start:end])
                try:
                    formula, value, note2 = arch.apply(r.type, buf, r.offset, S=S, A=A, P=P, G=G,
                                                       GOT=got_symbol_base, relax=how)
                except RelocError as e:
                    rname = arch.reloc_name(r.type)
                    if e.kind == "overflow":
                        reporter.truncated(obj, sec, r.offset, rname,
                                           _against(kind, sym, obj, output_name))
                    elif e.kind == "unsupported":
                        reporter.error(f"{obj.name}: {rname} against `{name}': {e.detail} is "
                                       "not supported yet")
                    elif rname:
                        reporter.error(f"{obj.name}: relocation {rname} against `{name}' in "
                                       f"section `{sec.name}' is not supported yet")
                    else:
                        reporter.error(f"{obj.name}: unsupported relocation type {r.type:#x}")
                    continue
                if formula == "none":
                    continue
                records.append(AppliedRelocation(
                    input=obj.name, section=sec.name, offset=r.offset, address=P,
                    type=arch.reloc_name(r.type), symbol=name, S=S, A=A, formula=formula,
                    value=value, bytes_before=before, bytes_after=bytes(buf[start:end]),
                    note="; ".join(n for n in (note, note2) if n), G=G))
    return records
