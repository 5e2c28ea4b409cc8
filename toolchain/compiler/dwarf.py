"""DWARF 5 debugging information (`-g`), written as GAS directives the way gcc 12 -g -O0
writes it, so that GNU as (or ours) assembles it, and gdb, readelf, objdump, pyelftools
and our own views can name functions, parameters and locals.

What is emitted, after `.Letext0`:

    .debug_info      one compile unit: DW_TAG_compile_unit (producer, language, name and
                     comp_dir as .debug_line_str strings, low_pc/high_pc over .text,
                     stmt_list -> .debug_line), then
                     DW_TAG_variable for each file-scope object (DW_OP_addr <symbol>),
                     DW_TAG_subprogram for each function emitted (external, name,
                     decl_file/line/column, prototyped, type, low_pc = .LFBn,
                     high_pc = .LFEn - .LFBn, frame_base = DW_OP_call_frame_cfa) with its
                     DW_TAG_formal_parameter and DW_TAG_variable children located by
                     DW_OP_fbreg <offset from the CFA> -- the slot the code generator
                     really chose -- and DW_TAG_lexical_block (.LBBn/.LBEn) for each
                     nested scope that declares something; `static` locals sit in their
                     scope with DW_OP_addr <name.N>.
                     Types: DW_TAG_base_type, pointer_type, array_type + subrange_type,
                     structure_type / union_type + member, enumeration_type,
                     subroutine_type (+ formal_parameter, unspecified_parameters).
    .debug_abbrev    the abbreviations those DIEs use (numbered in order of first use).
    .debug_aranges   one range: .Ltext0 .. .Letext0.
    .debug_line      only its label .Ldebug_line0; the assembler writes the table from the
                     .file/.loc directives.
    .debug_str       names longer than 3 characters (DW_FORM_strp), as gcc does; shorter
                     ones inline (DW_FORM_string).
    .debug_line_str  the unit's name and directory (DW_FORM_line_strp).

The documented subset (what gcc emits and we do not): the typed tree has no qualifiers and
resolves typedef names, so there is no DW_TAG_const_type/volatile_type and no
DW_TAG_typedef (a `size_t` variable has type `long unsigned int`); enumeration types have
their name and size but no DW_TAG_enumerator children (the frontend does not keep them);
struct and union types carry no decl_file/decl_line; no DW_AT_sibling, no call-site DIEs,
no declarations of external objects and functions that are only used.

Frame offsets: DW_AT_frame_base is the canonical frame address (the caller's sp before the
call), from the .cfi_* directives. On x86-64 the CFA is %rbp + 16, so a slot at N(%rbp)
is `DW_OP_fbreg N-16`; on AArch64 a slot at depth d below the frame's top is [sp, S-d]
with S the frame size, i.e. CFA - d, so `DW_OP_fbreg -d` (stack-passed arguments, at
negative depth, land above the CFA).
"""
from __future__ import annotations

import re

from . import types as T
from .tree import (Block, CaseLabel, DefaultLabel, DoWhile, For, Function, GlobalVar, If,
                   Labeled, LocalDecl, Switch, While)

# -- DWARF constants ----------------------------------------------------------------------
TAG = {"array_type": 0x01, "enumeration_type": 0x04, "formal_parameter": 0x05,
       "lexical_block": 0x0b, "member": 0x0d, "pointer_type": 0x0f, "compile_unit": 0x11,
       "structure_type": 0x13, "subroutine_type": 0x15, "union_type": 0x17,
       "unspecified_parameters": 0x18, "subrange_type": 0x21, "base_type": 0x24,
       "subprogram": 0x2e, "variable": 0x34}
AT = {"sibling": 0x01, "location": 0x02, "name": 0x03, "byte_size": 0x0b, "stmt_list": 0x10,
      "low_pc": 0x11, "high_pc": 0x12, "language": 0x13, "comp_dir": 0x1b,
      "producer": 0x25, "prototyped": 0x27, "upper_bound": 0x2f, "data_member_location": 0x38,
      "decl_column": 0x39, "decl_file": 0x3a, "decl_line": 0x3b, "declaration": 0x3c,
      "encoding": 0x3e, "external": 0x3f, "frame_base": 0x40, "type": 0x49}
FORM = {"addr": 0x01, "data2": 0x05, "data4": 0x06, "data8": 0x07, "string": 0x08,
        "data1": 0x0b, "sdata": 0x0d, "strp": 0x0e, "udata": 0x0f, "ref4": 0x13,
        "sec_offset": 0x17, "exprloc": 0x18, "flag_present": 0x19, "line_strp": 0x1f}
ATE = {"boolean": 0x02, "float": 0x04, "signed": 0x05, "signed_char": 0x06,
       "unsigned": 0x07, "unsigned_char": 0x08}
LANG = {"c89": 0x01, "c99": 0x0c, "c11": 0x1d}
DW_OP_addr, DW_OP_fbreg, DW_OP_call_frame_cfa = 0x03, 0x91, 0x9c
DW_UT_compile = 0x01

_IDENT = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*\Z")


def uleb(v: int) -> bytes:
    out = bytearray()
    while True:
        b = v & 0x7F
        v >>= 7
        out.append(b | (0x80 if v else 0))
        if not v:
            return bytes(out)


def sleb(v: int) -> bytes:
    out = bytearray()
    while True:
        b = v & 0x7F
        v >>= 7
        done = (v == 0 and not b & 0x40) or (v == -1 and b & 0x40)
        out.append(b | (0 if done else 0x80))
        if done:
            return bytes(out)


# -- the hook the code generator calls -----------------------------------------------------

class _State:
    """What code generation tells us while it runs: each function's .LFBn/.LFEn number
    and the .LBBn/.LBEn labels around each scope that declares something."""

    def __init__(self):
        self.fn_labels = {}       # id(Function) -> n of .LFBn/.LFEn
        self.scopes = {}          # id(stmt) -> n of .LBBn/.LBEn
        self.for_inits = set()    # id(Block) of a `for` declaration (its For is the scope)
        self.next_block = 2


def _state(gen) -> _State:
    st = getattr(gen, "_dwarf", None)
    if st is None:
        st = gen._dwarf = _State()
    return st


def scope_labels(gen, s):
    """Called by CodeGen.stmt (with -g) for every statement: returns the (.LBBn, .LBEn)
    labels to put around `s` when it opens a lexical block that declares something, else
    None. The function's own body is not a lexical block; it records the function."""
    st = _state(gen)
    fn = getattr(gen, "fn", None)
    if fn is not None and s is fn.body:
        st.fn_labels[id(fn)] = gen.fn_label
        return None
    if not _opens_scope(s, st):
        return None
    n = st.scopes.get(id(s))
    if n is None:             # AArch64 generates a body twice: same labels both times
        n = st.scopes[id(s)] = st.next_block
        st.next_block += 1
    return f".LBB{n}", f".LBE{n}"


def close_scope(gen, label):
    """Put a scope's end label after its code -- but before a jump to the function's
    return that ends it, so that the code generator still drops a jump to the very next
    instruction and -g does not change the code."""
    ret = getattr(gen, "return_label", None)
    if gen.out and ret and gen.out[-1].strip() in (f"jmp\t{ret}", f"b\t{ret}"):
        gen.out.insert(len(gen.out) - 1, label + ":")
    else:
        gen.label(label)


def _declares(block) -> bool:
    return any(isinstance(i, LocalDecl) and _named(i.sym) for i in block.items)


def _named(sym) -> bool:
    return bool(sym.name) and _IDENT.match(sym.name) is not None and \
        not sym.name.startswith("__compound_literal")


def _opens_scope(s, st) -> bool:
    if isinstance(s, For) and isinstance(s.init, Block) and _declares(s.init):
        st.for_inits.add(id(s.init))
        return True
    return isinstance(s, Block) and id(s) not in st.for_inits and _declares(s)


# -- DIEs and their encoding ----------------------------------------------------------------

class DIE:
    def __init__(self, tag, attrs=None, children=None):
        self.tag = tag
        self.attrs = attrs or []          # (name, form, value)
        self.children = children or []
        self.offset = None

    def add(self, name, form, value):
        self.attrs.append((name, form, value))
        return self


class Expr:
    """A DWARF expression: a list of ("byte"|"uleb"|"sleb", int) and ("addr", symbol)."""

    def __init__(self, *ops):
        self.ops = list(ops)

    def size(self):
        n = 0
        for kind, v in self.ops:
            n += {"byte": lambda: 1, "uleb": lambda: len(uleb(v)),
                  "sleb": lambda: len(sleb(v)), "addr": lambda: 8}[kind]()
        return n


class DwarfWriter:
    def __init__(self, gen):
        self.gen = gen
        self.arch = gen.target.name
        if self.arch == "x86_64":
            self.w = {1: ".byte", 2: ".value", 4: ".long", 8: ".quad"}
        else:
            self.w = {1: ".byte", 2: ".2byte", 4: ".4byte", 8: ".8byte"}
        self.state = _state(gen)
        self.types = {}              # CType -> DIE (structs by identity)
        self.type_dies = []          # in creation order, children of the unit
        self.strings = {}            # .debug_str text -> label
        self.line_strings = {}       # .debug_line_str text -> label
        self.abbrevs = {}            # (tag, has_children, ((at, form), ...)) -> code
        self.placed = set()          # id(GlobalVar) of static locals put in a scope

    # -- names and positions ---------------------------------------------------------------
    def str_label(self, table, text):
        if text not in table:
            self.gen.__dict__.setdefault("_dwarf_lasf", 0)
            n = self.gen._dwarf_lasf
            self.gen._dwarf_lasf += 1
            table[text] = f".LASF{n}"
        return table[text]

    def name(self, die, text):
        if len(text.encode()) + 1 <= 4:
            die.add("name", "string", text)
        else:
            die.add("name", "strp", self.str_label(self.strings, text))

    def decl(self, die, pos):
        if not pos or not pos[0] or not pos[1]:
            return
        f, line, col = pos
        n = self.gen.file_number(f)
        die.add("decl_file", _data_form(n), n)
        die.add("decl_line", _data_form(line), line)
        if col:
            die.add("decl_column", _data_form(col), col)

    # -- types -------------------------------------------------------------------------------
    def type_ref(self, die, t):
        """Add DW_AT_type for t (nothing for void)."""
        d = self.type_die(t)
        if d is not None:
            die.add("type", "ref4", d)

    def type_die(self, t):
        if t is None or isinstance(t, T.VoidType):
            return None
        key = t if not isinstance(t, T.StructType) else ("struct", id(t))
        d = self.types.get(key)
        if d is not None:
            return d
        if isinstance(t, T.IntType) and t.enum_tag is not None:
            d = DIE("enumeration_type")
            if t.enum_tag != "<anonymous>":
                self.name(d, t.enum_tag)
            d.add("encoding", "data1", ATE["signed" if t.signed else "unsigned"])
            d.add("byte_size", "data1", t.size)
            self._register(key, d)
            self.type_ref(d, T.IntType(t.kind, t.size, t.signed))
            return d
        if isinstance(t, T.IntType):
            d = DIE("base_type").add("byte_size", "data1", t.size)
            d.add("encoding", "data1", _encoding(t))
            self.name(d, _base_name(t))
            return self._register(key, d)
        if isinstance(t, T.FloatType):
            d = DIE("base_type").add("byte_size", "data1", t.size)
            d.add("encoding", "data1", ATE["float"])
            self.name(d, t.kind)
            return self._register(key, d)
        if isinstance(t, T.PointerType):
            d = self._register(key, DIE("pointer_type").add("byte_size", "data1", 8))
            self.type_ref(d, t.base)
            return d
        if isinstance(t, T.ArrayType):
            d = self._register(key, DIE("array_type"))
            self.type_ref(d, t.base)
            sub = DIE("subrange_type")
            self.type_ref(sub, T.ULONG)          # gcc's sizetype
            if t.length is not None and t.length > 0:
                sub.add("upper_bound", _data_form(t.length - 1), t.length - 1)
            d.children.append(sub)
            return d
        if isinstance(t, T.StructType):
            d = self._register(key, DIE("union_type" if t.is_union else "structure_type"))
            if t.tag:
                self.name(d, t.tag)
            if not t.is_complete:
                d.add("declaration", "flag_present", True)
                return d
            d.add("byte_size", _data_form(t.size), t.size)
            for m in t.members:
                md = DIE("member")
                if m.name:
                    self.name(md, m.name)
                self.type_ref(md, m.type)
                if not t.is_union:
                    md.add("data_member_location", _data_form(m.offset), m.offset)
                d.children.append(md)
            return d
        if isinstance(t, T.FunctionType):
            d = self._register(key, DIE("subroutine_type"))
            if t.prototyped:
                d.add("prototyped", "flag_present", True)
            self.type_ref(d, t.ret)
            if t.prototyped:
                for p in t.params:
                    pd = DIE("formal_parameter")
                    self.type_ref(pd, T.decay_param(p.type))
                    d.children.append(pd)
                if t.variadic:
                    d.children.append(DIE("unspecified_parameters"))
            return d
        return None

    def _register(self, key, d):
        self.types[key] = d
        self.type_dies.append(d)
        return d

    # -- objects ------------------------------------------------------------------------------
    def address_var(self, sym, external):
        d = DIE("variable")
        self.name(d, sym.name)
        self.decl(d, sym.pos)
        self.type_ref(d, _object_type(sym.type))
        if external:
            d.add("external", "flag_present", True)
        d.add("location", "exprloc", Expr(("byte", DW_OP_addr), ("addr", sym.asm_name)))
        return d

    def frame_offset(self, sym):
        """The symbol's slot as an offset from the CFA (see the module's docstring)."""
        if self.arch == "x86_64":
            return sym.offset - 16
        return -sym.offset

    def frame_var(self, sym, tag):
        d = DIE(tag)
        self.name(d, sym.name)
        self.decl(d, sym.pos)
        self.type_ref(d, sym.type)
        d.add("location", "exprloc", Expr(("byte", DW_OP_fbreg), ("sleb", self.frame_offset(sym))))
        return d

    def function(self, fn, n, statics):
        sym = fn.sym
        d = DIE("subprogram")
        if sym.storage != "static":
            d.add("external", "flag_present", True)
        self.name(d, sym.name)
        self.decl(d, sym.pos)
        if sym.type.prototyped:
            d.add("prototyped", "flag_present", True)
        self.type_ref(d, sym.type.ret)
        d.add("low_pc", "addr", f".LFB{n}")
        d.add("high_pc", "data8", f".LFE{n}-.LFB{n}")
        d.add("frame_base", "exprloc", Expr(("byte", DW_OP_call_frame_cfa)))
        for p in fn.params:
            if p.name:
                d.children.append(self.frame_var(p, "formal_parameter"))
        scopes = []           # (pos, end_pos, DIE) of each scope, for static locals
        self.scope(fn.body, d, scopes, top=True)
        scopes.append((fn.pos, fn.end_pos, d))        # the body's braces
        for g in statics:
            inside = [s for s in scopes if _within(g.pos, s[0], s[1])]
            if inside:
                # The innermost scope holding the declaration: the one starting last.
                inner = max(inside, key=lambda s: (s[0][1], s[0][2]))
                inner[2].children.append(self.address_var(g.sym, False))
                self.placed.add(id(g))
        _order(d)
        return d

    def scope(self, s, parent, scopes, top=False):
        """Walk a statement: variables declared in it go into `parent`, nested scopes
        into lexical blocks (when the code generator labelled them)."""
        if s is None:
            return
        if isinstance(s, Block):
            target = parent
            n = None if top else self.state.scopes.get(id(s))
            if n is not None and id(s) not in self.state.for_inits:
                target = DIE("lexical_block")
                target.add("low_pc", "addr", f".LBB{n}")
                target.add("high_pc", "data8", f".LBE{n}-.LBB{n}")
            for item in s.items:
                if isinstance(item, LocalDecl):
                    if _named(item.sym):
                        target.children.append(self.frame_var(item.sym, "variable"))
                else:
                    self.scope(item, target, scopes)
            if target is not parent:
                parent.children.append(target)
                scopes.append((s.pos, s.end_pos, target))
            return
        if isinstance(s, For):
            target = parent
            n = self.state.scopes.get(id(s))
            if n is not None:
                target = DIE("lexical_block")
                target.add("low_pc", "addr", f".LBB{n}")
                target.add("high_pc", "data8", f".LBE{n}-.LBB{n}")
            if isinstance(s.init, Block):
                self.scope(s.init, target, scopes)
            self.scope(s.body, target, scopes)
            if target is not parent:
                parent.children.append(target)
            return
        if isinstance(s, If):
            self.scope(s.then, parent, scopes)
            self.scope(s.other, parent, scopes)
        elif isinstance(s, (While, DoWhile, Switch)):
            self.scope(s.body, parent, scopes)
        elif isinstance(s, (CaseLabel, DefaultLabel, Labeled)):
            self.scope(s.stmt, parent, scopes)

    # -- the unit -----------------------------------------------------------------------------
    def build(self):
        gen = self.gen
        cu = DIE("compile_unit")
        cu.add("producer", "strp", self.str_label(self.strings, _producer(gen)))
        cu.add("language", "data1", LANG[_language(getattr(gen, "std", None))])
        cu.add("name", "line_strp", self.str_label(self.line_strings, gen.filename))
        cu.add("comp_dir", "line_strp", self.str_label(self.line_strings, gen.comp_dir or "."))
        cu.add("low_pc", "addr", ".Ltext0")
        cu.add("high_pc", "data8", ".Letext0-.Ltext0")
        cu.add("stmt_list", "sec_offset", ".Ldebug_line0")
        statics = [g for g in gen.unit.items
                   if isinstance(g, GlobalVar) and g.sym.is_local_static]
        items = []
        for item in gen.unit.items:
            if isinstance(item, Function):
                n = self.state.fn_labels.get(id(item))
                if n is not None:             # an unused static inline is not emitted
                    items.append(self.function(item, n, statics))
            elif not item.sym.is_local_static:
                items.append(self.address_var(item.sym, item.sym.storage != "static"))
        for g in statics:                     # in no function we know: at file scope
            if id(g) not in self.placed:
                items.append(self.address_var(g.sym, False))
        cu.children = items + self.type_dies
        return cu

    def layout(self, die, offset):
        die.offset = offset
        key = (die.tag, bool(die.children), tuple((a, f) for a, f, _ in die.attrs))
        code = self.abbrevs.setdefault(key, len(self.abbrevs) + 1)
        offset += len(uleb(code))
        for _, form, value in die.attrs:
            offset += _form_size(form, value)
        if die.children:
            for c in die.children:
                offset = self.layout(c, offset)
            offset += 1                        # the null entry ending the children
        return offset

    def emit_die(self, die, out):
        key = (die.tag, bool(die.children), tuple((a, f) for a, f, _ in die.attrs))
        out.append(f"\t.uleb128 {self.abbrevs[key]:#x}")
        for _, form, value in die.attrs:
            self.emit_value(form, value, out)
        if die.children:
            for c in die.children:
                self.emit_die(c, out)
            out.append("\t.byte\t0")

    def emit_value(self, form, value, out):
        w = self.w
        if form in ("data1", "data2", "data4"):
            size = {"data1": 1, "data2": 2, "data4": 4}[form]
            out.append(f"\t{w[size]}\t{value:#x}" if value else f"\t{w[size]}\t0")
        elif form in ("data8", "addr"):
            out.append(f"\t{w[8]}\t{value}")
        elif form == "ref4":
            out.append(f"\t{w[4]}\t{value.offset:#x}")
        elif form in ("strp", "line_strp", "sec_offset"):
            out.append(f"\t{w[4]}\t{value}")
        elif form == "string":
            from .codegen.common import escape_string
            out.append(f'\t.string\t"{escape_string(value.encode())}"')
        elif form == "sdata":
            out.append(f"\t.sleb128 {value}")
        elif form == "udata":
            out.append(f"\t.uleb128 {value:#x}")
        elif form == "exprloc":
            out.append(f"\t.uleb128 {value.size():#x}")
            for kind, v in value.ops:
                if kind == "byte":
                    out.append(f"\t.byte\t{v:#x}")
                elif kind == "uleb":
                    out.append(f"\t.uleb128 {v:#x}")
                elif kind == "sleb":
                    out.append(f"\t.sleb128 {v}")
                else:
                    out.append(f"\t{w[8]}\t{v}")
        elif form == "flag_present":
            pass
        else:                                              # pragma: no cover
            raise ValueError(f"DWARF form {form}")

    def sections(self):
        cu = self.build()
        end = self.layout(cu, 12)              # DWARF 5 unit header: 12 bytes
        w = self.w
        out = ['\t.section\t.debug_info,"",@progbits', ".Ldebug_info0:",
               f"\t{w[4]}\t{end - 4:#x}", f"\t{w[2]}\t0x5", f"\t.byte\t{DW_UT_compile:#x}",
               "\t.byte\t0x8", f"\t{w[4]}\t.Ldebug_abbrev0"]
        self.emit_die(cu, out)
        out += ['\t.section\t.debug_abbrev,"",@progbits', ".Ldebug_abbrev0:"]
        for (tag, children, attrs), code in sorted(self.abbrevs.items(), key=lambda kv: kv[1]):
            out.append(f"\t.uleb128 {code:#x}")
            out.append(f"\t.uleb128 {TAG[tag]:#x}")
            out.append(f"\t.byte\t{1 if children else 0}")
            for a, f in attrs:
                out.append(f"\t.uleb128 {AT[a]:#x}")
                out.append(f"\t.uleb128 {FORM[f]:#x}")
            out += ["\t.byte\t0", "\t.byte\t0"]
        out.append("\t.byte\t0")
        out += ['\t.section\t.debug_aranges,"",@progbits', f"\t{w[4]}\t0x2c", f"\t{w[2]}\t0x2",
                f"\t{w[4]}\t.Ldebug_info0", "\t.byte\t0x8", "\t.byte\t0", f"\t{w[2]}\t0",
                f"\t{w[2]}\t0", f"\t{w[8]}\t.Ltext0", f"\t{w[8]}\t.Letext0-.Ltext0",
                f"\t{w[8]}\t0", f"\t{w[8]}\t0"]
        out += ['\t.section\t.debug_line,"",@progbits', ".Ldebug_line0:"]
        from .codegen.common import escape_string
        for sec, table in ((".debug_str", self.strings), (".debug_line_str", self.line_strings)):
            if table:
                out.append(f'\t.section\t{sec},"MS",@progbits,1')
                for text, label in table.items():
                    out.append(f"{label}:")
                    out.append(f'\t.string\t"{escape_string(text.encode())}"')
        return out


def debug_sections(gen) -> list:
    """The DWARF sections for what `gen` (a CodeGen, after all functions) generated, as
    lines of GAS text. `.file` directives for declaration files that no `.loc` named yet
    are emitted into the generator's own output first (where they are)."""
    lines = DwarfWriter(gen).sections()
    gen.section = None
    return lines


# -- helpers -------------------------------------------------------------------------------

def _order(die):
    """gcc's order inside a scope: parameters, then variables (in declaration order), then
    the nested lexical blocks."""
    rank = {"formal_parameter": 0, "variable": 1, "lexical_block": 2}
    die.children.sort(key=lambda c: rank.get(c.tag, 1))
    for c in die.children:
        if c.tag == "lexical_block":
            _order(c)


def _data_form(v):
    if 0 <= v < 0x100:
        return "data1"
    if 0 <= v < 0x10000:
        return "data2"
    return "data4" if 0 <= v < 1 << 32 else "sdata"


def _form_size(form, value):
    fixed = {"data1": 1, "data2": 2, "data4": 4, "data8": 8, "addr": 8, "ref4": 4,
             "strp": 4, "line_strp": 4, "sec_offset": 4, "flag_present": 0}
    if form in fixed:
        return fixed[form]
    if form == "string":
        return len(value.encode()) + 1
    if form == "sdata":
        return len(sleb(value))
    if form == "udata":
        return len(uleb(value))
    if form == "exprloc":
        n = value.size()
        return len(uleb(n)) + n
    raise ValueError(f"DWARF form {form}")


def _base_name(t: T.IntType) -> str:
    """gcc's spelling of base type names in DWARF ("long unsigned int")."""
    if t.kind == "_Bool":
        return "_Bool"
    if t.kind == "char":
        if t.plain_char:
            return "char"
        return "signed char" if t.signed else "unsigned char"
    base = {"short": "short int", "int": "int", "long": "long int",
            "long long": "long long int"}[t.kind]
    return base if t.signed else base.replace(" int", " unsigned int") \
        if base != "int" else "unsigned int"


def _encoding(t: T.IntType) -> int:
    if t.kind == "_Bool":
        return ATE["boolean"]
    if t.kind == "char":
        return ATE["signed_char" if t.signed else "unsigned_char"]
    return ATE["signed" if t.signed else "unsigned"]


def _object_type(t):
    # `int a[];` alone is emitted as one element (see CodeGen.global_var).
    if isinstance(t, T.ArrayType) and t.length is None:
        return T.ArrayType(t.base, 1)
    return t


def _within(pos, start, end):
    if not pos or not start or not end or pos[0] != start[0]:
        return False
    return (start[1], start[2]) <= (pos[1], pos[2]) <= (end[1], end[2])


def _language(std):
    std = (std or "gnu17").lower()
    if std in ("c89", "c90", "gnu89", "gnu90", "iso9899:1990", "iso9899:199409"):
        return "c89"
    if std in ("c99", "gnu99", "c9x", "gnu9x", "iso9899:1999"):
        return "c99"
    return "c11"


def _producer(gen):
    from .codegen.common import IDENT
    return IDENT
