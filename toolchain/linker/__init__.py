"""The linker: ELF relocatable objects and `ar` archives -> a static ET_EXEC, like
`ld -static -o a.out crt1.o main.o sum.o libc.a` with GNU ld 2.40's default script.

    link([("start.o", b"..."), ("main.o", b"..."), ("libsum.a", b"!<arch>\\n...")])

The stages, each in its own module: `resolve` (command line order, archive members,
symbol resolution through `symbols`), `relocate.scan` (GOT entries), `layout` (output
sections, addresses, program headers; `merge` for strings), `relocate.apply` (through
`arch/<arch>.py`), `writer` (the ELF file). `linkmap` holds what the lessons show.
"""
from __future__ import annotations

from ..diagnostics import ToolError
from ..elf.constants import SHF_ALLOC, SHF_WRITE, SHT_NOBITS, SHT_PROGBITS, STT_OBJECT
from .arch import arch_for
from .inputs import ld_error
from .layout import SHF_TLS, Layout, SyntheticSection, map_sections, size_sections
from .linkmap import (AppliedRelocation, LinkResult, OutputSectionInfo, Piece, Pulled)
from .merge import merge_strings
from .messages import Reporter
from .relocate import Got, Unsupported, apply, fill_got, scan
from .resolve import load_inputs, resolve_target
from .symbols import SymbolTable
from .writer import build_symtab, write_executable

__all__ = ["link", "LinkResult", "AppliedRelocation", "OutputSectionInfo", "Piece", "Pulled"]

OUTPUT_NAME = "a.out"


def link(inputs: list[tuple[str, bytes]], *, target=None, entry: str = "_start") -> LinkResult:
    """Link `inputs` ((file name, bytes) in command-line order) into a static executable.
    Errors raise ToolError carrying GNU ld's messages (and any warnings before them)."""
    reporter = Reporter()
    try:
        return _link(list(inputs), target, entry, reporter)
    except ToolError as e:
        raise ToolError(reporter.diagnostics + list(e.diagnostics)) from None
    except Unsupported as e:
        raise ToolError(reporter.diagnostics + [ld_error(str(e))]) from None
    except (ValueError, IndexError, KeyError, TypeError, AttributeError) as e:
        # Malformed input we did not foresee still must not reach the user as a traceback.
        raise ToolError(reporter.diagnostics + [ld_error(
            f"internal error: cannot link these inputs ({type(e).__name__}: {e})")]) from None


def _linker_symbols(symtab, arch):
    """The symbols GNU's default script defines: some always, PROVIDE'd ones on demand."""
    always = ["__bss_start", "_edata", "_end"]
    if arch.NAME == "aarch64":
        always += ["__bss_start__", "_bss_end__", "__bss_end__", "__end__"]
    for name in always:
        symtab.define_linker(name, always=True)
    provided = ["__executable_start", "etext", "_etext", "__etext", "edata", "end"] + (
        ["__data_start"] if arch.NAME == "aarch64" else [])
    for name in provided:
        symtab.define_linker(name)
    hidden = ["__preinit_array_start", "__preinit_array_end", "__init_array_start",
              "__init_array_end", "__fini_array_start", "__fini_array_end",
              "__rela_iplt_start", "__rela_iplt_end", "__ehdr_start", "_GLOBAL_OFFSET_TABLE_"]
    for name in hidden:
        sym = symtab.define_linker(name, hidden=True)
        if sym is not None and name == "_GLOBAL_OFFSET_TABLE_":
            sym.type = STT_OBJECT     # GNU makes it a local OBJECT in an executable


def _allocate_commons(symtab) -> tuple[SyntheticSection | None, list]:
    commons = [s for s in symtab.symbols.values() if s.kind == "common"]
    if not commons:
        return None, []
    sec = SyntheticSection("COMMON", SHT_NOBITS, SHF_ALLOC | SHF_WRITE, 1)
    off = 0
    listing = []
    for sym in commons:
        align = max(sym.align, 1)
        off = (off + align - 1) // align * align
        sym.section, sym.value = sec, off
        if sym.type == 0:
            sym.type = STT_OBJECT
        off += sym.size
        sec.align = max(sec.align, align)
        listing.append((sym.name, sym.size, sym.file.name if sym.file else ""))
    sec.size = off
    return sec, listing


def _containing(outs, addr: int, prefer=None):
    """The output section a script symbol at `addr` is relative to: `prefer` (the section
    whose statement defines it) if it starts there, else, as for an assignment between
    output sections, the last section starting before it."""
    if prefer is not None:
        return prefer
    alloc = [o for o in outs if o.alloc]
    before = [o for o in alloc if o.addr < addr]
    if before:
        return before[-1]
    return next((o for o in alloc if o.addr <= addr < o.end), alloc[0] if alloc else None)


def _set_linker_values(symtab, outs, layout, arch, target):
    by_name = {o.name: o for o in outs}
    alloc = [o for o in outs if o.alloc]
    text = [o for o in alloc if o.flags & 4]
    data = [o for o in alloc if o.flags & SHF_WRITE]
    bss = by_name.get(".bss")
    etext = text[-1].end if text else layout.ro_end
    progbits = [o for o in data if not o.nobits]
    edata = max([o.end for o in progbits] + [layout.data_base])
    bss_end = bss.end if bss else edata
    end = (max([o.end for o in data] + [edata]) + 7) // 8 * 8
    base = target.text_base

    def arr(name, edge):
        o = by_name.get(name)
        if o is None:
            return layout.data_base, None
        return (o.addr if edge == "start" else o.end), o

    values = {
        "__bss_start": (edata, bss), "__bss_start__": (edata, bss), "_edata": (edata, None),
        "edata": (edata, None), "_end": (end, None), "end": (end, None), "__end__": (end, None),
        "_bss_end__": (bss_end, None), "__bss_end__": (bss_end, None),
        "etext": (etext, None), "_etext": (etext, None), "__etext": (etext, None),
        "__executable_start": (base, "first"), "__ehdr_start": (base, "first"),
        "__rela_iplt_start": (base + layout.headers_size, "first"),
        "__rela_iplt_end": (base + layout.headers_size, "first"),
        "__data_start": arr(".data", "start"),
        "_GLOBAL_OFFSET_TABLE_": ((by_name[".got.plt"].addr if ".got.plt" in by_name and arch.NAME == "x86_64"
                                   else by_name[".got"].addr if ".got" in by_name else layout.data_base),
                                  by_name.get(".got.plt") if arch.NAME == "x86_64" else by_name.get(".got")),
    }
    for kind in ("preinit", "init", "fini"):
        values[f"__{kind}_array_start"] = arr(f".{kind}_array", "start")
        values[f"__{kind}_array_end"] = arr(f".{kind}_array", "end")
    for sym in symtab.symbols.values():
        if sym.kind != "linker":
            continue
        name = sym.name
        if name.startswith(("__start_", "__stop_")):
            o = by_name.get(name.split("_", 3)[3])
            value, prefer = ((o.addr if name.startswith("__start_") else o.end), o) if o else (0, None)
        else:
            value, prefer = values.get(name, (0, None))
        if prefer == "first":
            sec = alloc[0] if alloc else None
        else:
            sec = _containing(outs, value, prefer)
        sym.value = value
        sym.out_section = sec


def _link(inputs, target, entry, reporter) -> LinkResult:
    for item in inputs:
        if not (isinstance(item, tuple) and len(item) == 2 and isinstance(item[1], (bytes, bytearray))):
            raise ToolError([ld_error("inputs must be (file name, bytes) pairs")])
    tgt = resolve_target(inputs, target)
    if tgt is None:
        raise ToolError([ld_error("no ELF object among the inputs")])
    arch = arch_for(tgt.elf_machine)
    symtab = SymbolTable(reporter)
    loader = load_inputs(inputs, tgt, symtab)
    objects = loader.objects
    if not objects:
        raise ToolError(reporter.diagnostics and [] or [ld_error("no input files")])

    for obj in objects:
        for sec in obj.sections:
            if sec is not None and not sec.discarded and sec.flags & SHF_TLS and sec.flags & SHF_ALLOC:
                raise Unsupported(f"{obj.name}: thread-local storage (section `{sec.name}') is "
                                  "not supported yet")
    exec_stack = False
    for obj in objects:
        if not obj.has_gnu_stack_note:
            exec_stack = True
            reporter.warning(f"{obj.name}: missing .note.GNU-stack section implies executable stack")
            reporter.note("NOTE: This behaviour is deprecated and will be removed in a future "
                          "version of the linker")
            break

    # Orphan sections with C-identifier names get __start_/__stop_ symbols on demand.
    for obj in objects:
        for sec in obj.sections:
            if sec is not None and sec.name.isidentifier():
                for edge in ("__start_", "__stop_"):
                    symtab.define_linker(edge + sec.name)
    _linker_symbols(symtab, arch)

    got = Got(arch)
    relax, wants_gotplt = scan(objects, arch, got, reporter)
    got_symbol = symtab.get("_GLOBAL_OFFSET_TABLE_")
    got_referenced = got_symbol is not None and got_symbol.kind == "linker"
    extra = []
    if got.targets or (arch.NAME == "aarch64" and (got_referenced or wants_gotplt)):
        got.section = SyntheticSection(".got", SHT_PROGBITS, SHF_ALLOC | SHF_WRITE, 8,
                                       bytes(max(got.size, 8 * arch.GOT_RESERVED)))
        extra.append(got.section)
    if got.section is not None and arch.NAME == "aarch64" or (
            arch.NAME == "x86_64" and (wants_gotplt or got_referenced)):
        gotplt = SyntheticSection(".got.plt", SHT_PROGBITS, SHF_ALLOC | SHF_WRITE, 8, bytes(24))
        extra.append(gotplt)
    else:
        gotplt = None
    common_sec, common_list = _allocate_commons(symtab)

    outs = map_sections(objects, common_sec, extra)
    for out in outs:
        merge_strings(out)
    outs = size_sections(outs)
    layout = Layout(outs, arch, tgt, exec_stack=exec_stack).run()
    layout.place_non_alloc()
    _set_linker_values(symtab, outs, layout, arch, tgt)
    got.gotplt_address = gotplt.address if gotplt is not None and gotplt.out else (
        got.section.address if got.section is not None else 0)
    if arch.NAME == "aarch64" and got.section is not None:
        got.gotplt_address = got.section.address

    entry_sym = symtab.get(entry)
    if entry_sym is not None and entry_sym.kind != "undefined":
        from .relocate import symbol_address
        entry_addr = symbol_address(entry_sym)
    else:
        try:
            entry_addr = int(entry, 0)
        except ValueError:
            text = next((o for o in outs if o.name == ".text"), None) or \
                next((o for o in outs if o.alloc and o.flags & 4), None)
            entry_addr = text.addr if text else 0
            reporter.warning(f"cannot find entry symbol {entry}; defaulting to {entry_addr:016x}")

    fill_got(got)
    records = apply(objects, arch, got, relax, reporter, output_name=OUTPUT_NAME,
                    machine_name=arch.BFD_ARCH)
    if reporter.errors:
        raise ToolError([])

    symtab_bytes, strtab_bytes, first_global, names = build_symtab(objects, symtab, outs, arch)
    exe = write_executable(arch=arch, outs=outs, segments=layout.segments,
                           symtab_bytes=symtab_bytes, strtab_bytes=strtab_bytes,
                           first_global=first_global, entry=entry_addr)
    sections = []
    for o in outs:
        pieces = [Piece(p.file.name if p.file else "*linker*", p.name, p.address, p.size)
                  for p in o.pieces if p.merged_into is None or p.merged_into is p]
        sections.append(OutputSectionInfo(o.name, o.addr, o.offset, o.size, o.flags, o.type,
                                          o.align, pieces))
    warnings = list(reporter.diagnostics)
    return LinkResult(executable=exe, relocations=records, symbols=names, sections=sections,
                      segments=layout.segments, pulled=loader.pulled, entry=entry_addr,
                      warnings=warnings, common=common_list)
