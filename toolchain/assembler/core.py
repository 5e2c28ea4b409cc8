"""The assembler's one pass over the statements, then layout, fixups and the object file.

GNU as reads the source once, building fragments; relaxes the variable ones to a fixed
point; resolves each fixup to bytes or a relocation; writes ELF. This follows it.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..diagnostics import Diagnostic, ToolError
from ..elf.constants import (SHF_ALLOC, SHF_EXECINSTR, SHF_WRITE, SHT_NOBITS, SHT_PROGBITS,
                             STT_SECTION)
from ..target import X86_64
from . import expr as X
from .lexer import LexError, Statement, statements
from .directives_support import leb_bytes
from .model import Align, Fixup, Leb128, LineInfo, Section, Symbol


class AsmError(Exception):
    """An error in one statement, with GNU as's wording."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line


class StopAssembly(AsmError):
    """A statement after which assembling on would only produce a cascade of errors."""


# Directives handled by the statement filter in macros.py.
_FLOW = {".macro", ".endm", ".rept", ".irp", ".irpc", ".endr", ".exitm", ".purgem", ".include",
         ".if", ".ifdef", ".ifndef", ".ifnotdef", ".ifeq", ".ifne", ".ifgt", ".ifge", ".iflt",
         ".ifle", ".ifc", ".ifnc", ".ifeqs", ".ifnes", ".ifb", ".ifnb", ".else", ".elseif",
         ".endif"}
# Directives that change how every later line is read: unknown here, the rest is noise.
_MODES = {".intel_syntax", ".att_syntax", ".code16", ".code16gcc", ".code32", ".arm",
          ".thumb", ".thumb_func", ".syntax"}


@dataclass
class ListingEntry:
    line: int
    text: str
    section: str
    offset: int
    data: bytes
    c_file: str | None
    c_line: int | None


class AsmResult:
    """The object file's bytes, the listing (statement -> section, offset, bytes, C line;
    made when first read: building a library never reads it) and the warnings."""

    def __init__(self, object: bytes, listing=None, diagnostics=None):
        self.object = object
        self._listing = listing if listing is None or not callable(listing) else None
        self._make_listing = listing if callable(listing) else None
        self.diagnostics = diagnostics if diagnostics is not None else []

    @property
    def listing(self) -> list:
        if self._listing is None:
            make, self._make_listing = self._make_listing, None
            self._listing = make() if make is not None else []
        return self._listing

    @listing.setter
    def listing(self, value):
        self._listing, self._make_listing = value, None

    def __repr__(self):
        return (f"AsmResult(object=<{len(self.object)} bytes>, "
                f"diagnostics={self.diagnostics!r})")


def _arch_for(target):
    if target.name == "x86_64":
        from .arch import x86_64 as mod
    elif target.name == "aarch64":
        from .arch import aarch64 as mod
    else:
        raise ValueError(f"no assembler for target {target.name}")
    return mod.Arch()


class Assembler:
    def __init__(self, filename: str, target=X86_64):
        self.filename = filename
        self.target = target
        self.arch = _arch_for(target)
        self.diags: list[Diagnostic] = []
        self.errors = 0
        self.symbols: dict[str, Symbol] = {}
        self.symbol_list: list[Symbol] = []   # creation order, as GNU as keeps it
        self.sections: list[Section] = []
        self.section_by_key: dict = {}
        self.section_stack = []               # .pushsection / .popsection
        self.previous = None                  # .previous
        self.numeric = {}                     # numeric local label -> instance count
        self.file_symbol: str | None = None
        self.files = {}                       # .file N "name" (DWARF file table)
        self.file_entries = {}                # N -> (directory, name, md5)
        self.comp_dir = None
        self.pending_loc = None
        self.last_loc_place = None
        self.view = 0
        self.ended = False
        self.size_lines = {}
        self.loc = None                       # (file number, line, column, ...) from .loc
        self.loc_records = []                 # (position, file, line, column, flags) for .debug_line
        self.lines: list[LineInfo] = []
        self.cfi = None
        self.fdes = []
        self.comment = None                   # .comment Section, made by .ident
        self.late_section_symbols = []
        self.stmt: Statement | None = None
        self.temp_count = 0
        self.got_symbol_used = False
        self.defsyms = {}
        self.cur = None
        for name in (".text", ".data", ".bss"):
            self.get_section(name)
        self.cur = self.sections[0]

    # ---- diagnostics ---------------------------------------------------------------
    def _where(self, line):
        file = (self.stmt.file if self.stmt is not None and line is None else None) or self.filename
        return file, line if line is not None else (self.stmt.line if self.stmt else 0)

    def error(self, message: str, line: int | None = None):
        self.errors += 1
        file, line = self._where(line)
        self.diags.append(Diagnostic(file, line, 0, "Error", message))

    def warning(self, message: str, line: int | None = None):
        file, line = self._where(line)
        self.diags.append(Diagnostic(file, line, 0, "Warning", message))

    # ---- symbols -------------------------------------------------------------------
    def symbol(self, name: str) -> Symbol:
        s = self.symbols.get(name)
        if s is None:
            s = Symbol(name, len(self.symbol_list), temp=name.startswith(".L") or "\x02" in name)
            self.symbols[name] = s
            if s.listed:
                self.symbol_list.append(s)
        return s

    def ref_symbol(self, name: str) -> Symbol:
        """A symbol named in an expression. GNU as first makes a temporary label a light
        "local symbol" outside its symbol list; a second mention (a reference after the
        definition, or a second reference) turns it into a real one, listed from then on.
        Labels mentioned once are converted when the object is written (so come last).
        (GNU as for AArch64 converts them all when writing.)"""
        s = self.symbols.get(name)
        if s is None:
            return self.symbol(name)
        if not s.listed and self.arch.early_temp_conversion:
            s.listed = True
            self.symbol_list.append(s)
        return s

    def anon_symbol(self, name: str, temp=True) -> Symbol:
        s = Symbol(name, len(self.symbol_list), temp=temp)
        self.symbol_list.append(s)
        return s

    def here_symbol(self) -> Symbol:
        """A temporary symbol at the current location (GNU as's `.`)."""
        s = Symbol(".L.dot", -1, temp=True)
        frag, off = self.cur.here()
        s.section, s.frag, s.offset = self.cur, frag, off
        return s

    def local_label(self, digits: str, direction: str) -> Symbol:
        n = self.numeric.get(digits, 0) + (1 if direction == "f" else 0)
        if direction == "b" and n == 0:
            raise X.ExprError(f"undefined local label `{digits}b'")
        return self.symbol(f".L{digits}\x02{n}")

    def parse_expr(self, text: str):
        try:
            return X.parse(text, self.ref_symbol, self.local_label, self.here_symbol)
        except X.ExprError as e:
            raise AsmError(str(e)) from None

    def const_expr(self, text: str) -> int:
        v = self.eval(self.parse_expr(text))
        if not v.is_const:
            raise AsmError("expression too complex" if v.sub else "bad or irreducible absolute expression")
        return v.const

    def eval(self, node, final=False) -> X.Value:
        try:
            return X.evaluate(node, final)
        except X.ExprError as e:
            raise AsmError(str(e)) from None

    def define_label(self, name: str):
        if name.isdigit():
            self.numeric[name] = self.numeric.get(name, 0) + 1
            name = f".L{name}\x02{self.numeric[name]}"
        s = self.symbol(name)
        if s.defined or s.common is not None:
            raise AsmError(f"symbol `{name}' is already defined")
        frag, off = self.cur.here()
        s.section, s.frag, s.offset = self.cur, frag, off
        s.defined_line = self.stmt.line
        self.arch.on_label(self, s)

    # ---- sections ------------------------------------------------------------------
    def get_section(self, name, type_=None, flags=None, entsize=0, group=None, create_symbol=True):
        key = (name, group)
        sec = self.section_by_key.get(key)
        if sec is None:
            dt, df = default_section_attrs(name)
            sec = Section(name, dt if type_ is None else type_, df if flags is None else flags,
                          len(self.sections), entsize, group)
            self.sections.append(sec)
            self.section_by_key[key] = sec
            sym = Symbol(name, len(self.symbol_list))
            sym.type = STT_SECTION
            sym.section, sym.frag, sym.offset = sec, sec.frags[0], 0
            sec.symbol = sym
            if create_symbol:
                self.symbol_list.append(sym)
            else:
                self.late_section_symbols.append(sym)
        return sec

    def switch(self, sec: Section):
        if sec is not self.cur:
            self.previous = self.cur
            self.cur = sec

    # ---- emitting ------------------------------------------------------------------
    def emit(self, data: bytes, fixups=(), kind="d", listing=True):
        """Append bytes (and the fixups inside them, offsets relative to `data`)."""
        self.arch.on_emit(self, kind)
        cur = self.cur
        frag = cur.subs[cur.cur_sub][-1]
        if frag.var is not None:
            frag = cur.new_frag()
        buf = frag.data
        off = len(buf)
        if cur.type == SHT_NOBITS and any(data):
            raise AsmError(f"attempt to store non-zero value in section `{cur.name}'")
        buf += data
        if fixups:
            for f in fixups:
                f.frag = frag
                f.offset += off
                f.insn_start += off
                frag.fixups.append(f)
        if listing:
            # the listing entry of this statement (grown when it emits again right after)
            st = self.stmt
            lines = self.lines
            if lines:
                last = lines[-1]
                if (last.line == st.line and last.frag_end is frag and last.end_offset == off
                        and last.section is cur):
                    last.end_offset = len(buf)
                    return
            lines.append(LineInfo(st.line, st.text, cur, frag, off, self.loc, frag, len(buf)))

    def emit_var(self, var, kind="x", fixed=b""):
        self.arch.on_emit(self, kind)
        frag, off = self.cur.here()
        frag.data += fixed
        frag.var = var
        self._note_bytes(frag, off, var=True)

    def _note_bytes(self, frag, off, var=False):
        st = self.stmt
        last = self.lines[-1] if self.lines else None
        end_off = -1 if var else len(frag.data)
        if (last is not None and last.line == st.line and last.section is self.cur
                and last.frag_end is frag and last.end_offset == off):
            last.end_offset = end_off
            return
        self.lines.append(LineInfo(st.line, st.text, self.cur, frag, off, self.loc, frag, end_off))

    def new_loc(self, fnum, line, col, opts):
        # Two .loc in a row: GNU as emits the first at the current address.
        if self.pending_loc is not None:
            self.flush_loc()
        self.loc = (fnum, line, col)
        self.pending_loc = (fnum, line, col, opts)

    def flush_loc(self):
        """Called as an instruction is emitted: the pending .loc row starts here."""
        if self.pending_loc is None:
            return
        frag, off = self.cur.here()
        self.loc_records.append((self.cur, frag, off) + self.pending_loc)
        self.pending_loc = None

    def align(self, boundary: int, fill: int | None, max_skip: int | None):
        if boundary <= 1:
            return
        if boundary & (boundary - 1):
            raise AsmError("alignment not a power of 2")
        code = fill is None and bool(self.cur.flags & SHF_EXECINSTR)
        map_sym = self.arch.on_align(self, code)
        self.cur.align = max(self.cur.align, boundary)
        fill_bytes = None if code else bytes([(fill or 0) & 0xFF])
        var = Align(boundary, fill_bytes, max_skip, self.stmt.line)
        var.map_sym = map_sym
        self.emit_var(var, kind=None)

    # ---- the pass ------------------------------------------------------------------
    def run(self, text: str):
        from .directives import DIRECTIVES
        from .macros import Flow, Source
        stmts = list(statements(text, hash_anywhere=self.arch.hash_comments))
        self.arch.prefetch(self, stmts)
        self.flow = flow = Flow(self)
        self.sources = sources = [Source(stmts)]
        arch_directives = self.arch.directives
        while sources and not self.ended:
            st = next(sources[-1].it, None)
            if st is None:
                sources.pop()
                continue
            self.stmt = st
            try:
                if (flow.body is not None or flow.conds or flow.macros
                        or st.name[:1] == "." and st.name.lower() in _FLOW) and flow.intercept(st):
                    continue
                for lab in st.labels:
                    self.define_label(lab)
                if not st.name:
                    continue
                if st.name == "=":
                    DIRECTIVES[".set"](self, st.assign + "," + st.operands)
                elif st.name.startswith("."):
                    name = st.name.lower()
                    handler = DIRECTIVES.get(name)
                    if handler is None:
                        handler = arch_directives.get(name)
                    if handler is None:
                        if name in _MODES:
                            # assembling on in a mode we do not know only makes noise
                            self.error(f"unknown pseudo-op: `{name}' (the rest of the file is "
                                       f"not assembled)")
                            break
                        raise AsmError(f"unknown pseudo-op: `{name}'")
                    handler(self, st.operands)
                else:
                    self.arch.instruction(self, st)
            except StopAssembly as e:
                self.error(e.message, e.line)
                break
            except AsmError as e:
                self.error(e.message, e.line)
            except LexError as e:
                self.error(e.message, e.line)
            except RecursionError:
                self.error("expression too deeply nested")
        if not self.ended:
            flow.finish()
        # what the architecture keeps until the end (AArch64 literal pools), reported at
        # the line after the last, as GNU as does
        self.stmt = Statement(text.count("\n") + 1, "")
        try:
            self.arch.end_of_input(self)
        except AsmError as e:
            self.error(e.message, e.line)
        self.stmt = None
        if self.cfi is not None:
            self.error("open CFI at the end of file; missing .cfi_endproc directive",
                       self.cfi.line)
            self.cfi = None

    # ---- after the pass ------------------------------------------------------------
    def layout(self):
        for sec in self.sections:
            self.arch.prepare_relax(self, sec)
            for _ in range(1000):
                addr = 0
                for f in sec.frags:
                    f.address = addr
                    addr += len(f.data)
                    if isinstance(f.var, Align):
                        addr += f.var.compute(addr)
                    elif f.var is not None:
                        addr += f.var.size
                changed = self.arch.relax(self, sec)
                for f in sec.frags:
                    if isinstance(f.var, Leb128):
                        changed |= self._size_leb(f.var)
                if not changed:
                    break
        for sec in self.sections:
            for f in sec.frags:
                if isinstance(f.var, Align):
                    v = f.var
                    if v.fill is None:
                        v.bytes = self.arch.nops(v.size)
                    else:
                        v.bytes = v.fill * v.size
                elif f.var is not None:
                    self.arch.finish_var(self, f)

    def _size_leb(self, var) -> bool:
        try:
            v = X.evaluate(var.node, True)
        except X.ExprError as e:
            raise AsmError(str(e), var.line) from None
        if not v.is_const:
            self.error("leb128 operand is not a constant after layout", var.line)
            var.node = ("num", 0)
            v = X.Value()
        var.bytes = leb_bytes(v.const, var.signed)
        grew = len(var.bytes) > var.size
        # never shrink, so relaxation converges (GNU as pads a shrunken LEB the same way)
        if len(var.bytes) < var.size:
            var.bytes = _pad_leb(var.bytes, var.size)
        var.size = len(var.bytes)
        return grew

    def generate_tables(self):
        """.eh_frame from the .cfi_* records and .debug_line from .loc, now that code is laid out."""
        from .dwarf_line import emit_debug_line
        from .eh_frame import emit_eh_frame
        saved = self.cur
        emit_eh_frame(self)
        emit_debug_line(self)
        self.cur = saved

    def position(self, frag, off):
        return frag.address + (frag.size() if off == -1 else off)

    def resolve_fixups(self):
        for sec in self.sections:
            fixups = [fx for f in sec.frags for fx in f.fixups]
            fixups += self.arch.late_fixups(self, sec)
            for fx in fixups:
                try:
                    self.resolve(sec, fx)
                except AsmError as e:
                    self.error(e.message, fx.line)

    def resolve(self, sec, fx: Fixup):
        v = self.eval(fx.expr, final=True)
        where = fx.frag.address + fx.offset
        pcrel = fx.pcrel
        if v.sub is not None:
            if v.sub.section is sec and v.add is not None and not pcrel:
                # `sym - label_here`: PC-relative relocation (jump tables, .eh_frame, .long x-.)
                v = X.Value(v.add, None, v.const + (where - v.sub.address()), v.modifier)
                pcrel = True
            elif v.sub.section is None or v.sub.section is not (v.add.section if v.add else None):
                raise AsmError(f"can't resolve `{_name(v.add)}' {{{_secname(v.add)}}} - "
                               f"`{_name(v.sub)}' {{{_secname(v.sub)}}}")
        if v.add is not None and v.add.section is None and v.add.common is None \
                and v.add.temp and not v.add.equ:
            raise AsmError(f"undefined local label `{_display(v.add.name)}'")
        self.arch.apply_fixup(self, sec, fx, v, pcrel, where)

    def reloc(self, sec, offset, rtype, sym: Symbol, addend, adjustable=True, pcrel=False):
        """Record a relocation, moving it to the section symbol as GNU as does for locals."""
        if (adjustable and sym.binding == "local" and sym.section is not None
                and sym.common is None and sym.type != STT_SECTION and sym.absolute is None):
            target_sec = sym.section
            merge = target_sec.flags & 0x10
            if not (merge and (addend != 0 or (pcrel and self.arch.keep_pcrel_merge))):
                addend += sym.address()
                sym = target_sec.symbol
        sym.used_in_reloc = True
        if not sym.listed:
            sym.listed = True
            self.symbol_list.append(sym)
        sec.relocs.append((offset, rtype, sym, addend))

    def listing(self):
        out = []
        contents = {}
        files = self.files
        position = self.position
        for li in self.lines:
            start = position(li.frag, li.offset)
            end = position(li.frag_end, li.end_offset)
            if end <= start:
                continue
            if li.section.type == SHT_NOBITS:
                data = bytes(end - start)
            else:
                if li.section not in contents:
                    contents[li.section] = li.section.contents()
                data = contents[li.section][start:end]
            loc = li.loc
            out.append(ListingEntry(li.line, li.text, li.section.name, start, data,
                                    files.get(loc[0]) if loc else None, loc[1] if loc else None))
        return out


def _pad_leb(b: bytes, size: int) -> bytes:
    b = bytearray(b)
    pad = b[-1] & 0x40 and 0x7F or 0
    while len(b) < size:
        b[-1] |= 0x80
        b.append(pad)
    b[-1] &= 0x7F
    return bytes(b)


def _name(s):
    return _display(s.name) if s is not None else "0"


def _secname(s):
    if s is None:
        return "*ABS*"
    return s.section.name if s.section is not None else "*UND*"


def _display(name: str) -> str:
    if "\x02" in name:
        return name[2:].split("\x02")[0]
    return name


def default_section_attrs(name: str):
    if name == ".text" or name.startswith(".text."):
        return SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR
    if name in (".bss", ".sbss") or name.startswith((".bss.", ".sbss.")):
        return SHT_NOBITS, SHF_ALLOC | SHF_WRITE
    if name == ".tbss" or name.startswith(".tbss."):
        return SHT_NOBITS, SHF_ALLOC | SHF_WRITE | 0x400
    if name == ".tdata" or name.startswith(".tdata."):
        return SHT_PROGBITS, SHF_ALLOC | SHF_WRITE | 0x400
    if name in (".data", ".data1", ".sdata") or name.startswith((".data.", ".data1.", ".sdata.")):
        return SHT_PROGBITS, SHF_ALLOC | SHF_WRITE
    if name.startswith((".rodata", ".rodata1")):
        return SHT_PROGBITS, SHF_ALLOC
    if name.startswith(".init_array"):
        return 14, SHF_ALLOC | SHF_WRITE
    if name.startswith(".fini_array"):
        return 15, SHF_ALLOC | SHF_WRITE
    if name.startswith(".preinit_array"):
        return 16, SHF_ALLOC | SHF_WRITE
    if name.startswith(".note"):
        return 7, 0
    if name == ".comment":
        return SHT_PROGBITS, 0x30
    if name.startswith((".init", ".fini")):
        return SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR
    return SHT_PROGBITS, 0


def assemble(text: str, filename: str = "a.s", *, target=X86_64) -> AsmResult:
    """Assemble GAS source into an ELF64 relocatable object, as GNU as would."""
    from ..target import get_target
    from .object import write_object
    target = get_target(target)
    asm = Assembler(filename, target)
    try:
        asm.run(text)
        if not asm.errors:
            asm.layout()
            asm.generate_tables()
            asm.layout()
            asm.arch.late_mapping_symbols(asm)
            asm.resolve_fixups()
        if asm.errors:
            raise ToolError(asm.diags)
        obj = write_object(asm)
        if asm.errors:
            raise ToolError(asm.diags)
        return AsmResult(obj, asm.listing, [d for d in asm.diags if not d.is_error])
    except ToolError:
        raise
    except RecursionError:
        raise ToolError([Diagnostic(filename, 0, 0, "Error", "expression too deeply nested")]) from None
    except Exception as e:  # a bug of ours must not become a traceback in a notebook
        line = asm.stmt.line if asm.stmt else 0
        raise ToolError(asm.diags + [Diagnostic(filename, line, 0, "Error",
                                                f"internal assembler error: {type(e).__name__}: {e}")]) from e
