"""GAS pseudo-ops: sections, symbols, data, alignment, and the `.loc`/`.cfi_*` records.

Handlers take the assembler and the operand text. Directives whose meaning differs by
architecture (`.align`, `.word`, `.hword`) are looked up in the architecture first.
"""
from __future__ import annotations

import re
import struct

from ..elf.constants import (SHF_ALLOC, SHF_EXECINSTR, SHF_MERGE, SHF_STRINGS, SHF_WRITE,
                             SHT_NOBITS, SHT_PROGBITS, STT_FUNC, STT_NOTYPE, STT_OBJECT)
from .core import AsmError
from .lexer import parse_string, split_operands
from .directives_support import sleb, uleb
from .model import Fixup, Leb128

STT_TLS, STT_GNU_IFUNC = 6, 10


def _ops(text):
    ops = split_operands(text)
    if any(o == "" for o in ops):
        raise AsmError("missing expression")
    return ops


def _strings(asm, text):
    out = []
    pos, n = 0, len(text)
    while pos < n:
        while pos < n and text[pos] in " \t":
            pos += 1
        if pos >= n:
            break
        if text[pos] != '"':
            raise AsmError("expected string")
        try:
            s, pos = parse_string(text, pos)
        except ValueError:
            raise AsmError("missing closing `\"'") from None
        out.append(s)
        while pos < n and text[pos] in " \t":
            pos += 1
        if pos < n:
            if text[pos] == ",":
                pos += 1
            elif text[pos] != '"':
                raise AsmError(f"junk at end of line, first unrecognized character is `{text[pos]}'")
    return out


# ---- data --------------------------------------------------------------------------
# Compiler output with -g is mostly `.byte 0x3`, `.uleb128 0x2e`, `.long 0x1c`: one plain
# number. Their bytes depend on the text alone, so they are kept (across assemblies) and
# such a statement costs a dictionary look-up.
_PLAIN = re.compile(r"(-?)(0[xX][0-9a-fA-F]+|[1-9][0-9]*|0)\Z")
_PLAIN_BYTES: dict = {}


def _plain(key, text, encode):
    m = _PLAIN.match(text)
    if m is None:
        return None
    v = int(m.group(2), 0)
    b = encode(-v if m.group(1) else v)
    if b is not None:
        if len(_PLAIN_BYTES) > 100000:
            _PLAIN_BYTES.clear()
        _PLAIN_BYTES[key] = b
    return b


def _fits(size):
    lo, hi = -(1 << (8 * size)), (1 << (8 * size)) - 1
    return lambda v: (v & hi).to_bytes(size, "little") if lo < v <= hi else None


def data(size):
    fits = _fits(size)

    def handler(asm, text):
        key = (size, text)
        b = _PLAIN_BYTES.get(key)
        if b is None and size <= 8:
            b = _plain(key, text, fits)
        if b is not None:
            asm.emit(b)
            return
        if not text.strip():
            return
        out = bytearray()
        fixups = []
        for op in _ops(text):
            node = asm.parse_expr(op)
            try:
                v = asm.eval(node)
                const = v.const if v.is_const else None
            except AsmError as e:
                if "invalid operands" not in e.message:
                    raise
                const = None       # e.g. (.L3 - .L2) / 4 across a relaxable jump: after layout
            if const is not None:
                out += pack_int(asm, const, size)
            else:
                fixups.append(Fixup(None, len(out), size, node, "data", line=asm.stmt.line))
                out += bytes(size)
        asm.emit(bytes(out), fixups)
    return handler


def pack_int(asm, value, size):
    mask = (1 << (8 * size)) - 1
    if size < 8 and not (-(1 << (8 * size)) < value <= mask):
        asm.warning(f"value 0x{value & ((1 << 64) - 1):x} truncated to 0x{value & mask:x}")
    return (value & mask).to_bytes(size, "little")


def d_string(asm, text, zero=True):
    out = b"".join(s + (b"\0" if zero else b"") for s in _strings(asm, text))
    asm.emit(out)


def d_ascii(asm, text):
    d_string(asm, text, zero=False)


def d_zero(asm, text):
    ops = _ops(text)
    n = asm.const_expr(ops[0])
    fill = asm.const_expr(ops[1]) & 0xFF if len(ops) > 1 else 0
    if n < 0:
        raise AsmError(".space, .nops or .fill with negative value, ignoring")
    if n == 0:
        asm.warning(".space repeat count is zero, ignored")
        return
    asm.emit(bytes([fill]) * n)


def d_fill(asm, text):
    ops = _ops(text)
    count = asm.const_expr(ops[0])
    size = asm.const_expr(ops[1]) if len(ops) > 1 else 1
    value = asm.const_expr(ops[2]) if len(ops) > 2 else 0
    size = min(size, 8)
    if count <= 0 or size <= 0:
        return
    unit = (value & 0xFFFFFFFF).to_bytes(4, "little")[:min(size, 4)] + bytes(max(size - 4, 0))
    asm.emit(unit * count)


def d_leb128(signed):
    kind = "s" if signed else "u"
    enc = sleb if signed else uleb

    def handler(asm, text):
        key = (kind, text)
        b = _PLAIN_BYTES.get(key)
        if b is None:
            b = _plain(key, text, enc)
        if b is not None:
            asm.emit(b)
            return
        for op in _ops(text):
            node = asm.parse_expr(op)
            try:
                v = asm.eval(node)
            except AsmError:
                v = None
            if v is not None and v.is_const:
                asm.emit((sleb if signed else uleb)(v.const))
            else:
                # a label difference: its size is settled during layout
                asm.emit_var(Leb128(node, signed, asm.stmt.line), kind="d")
    return handler


def d_float(fmt):
    def handler(asm, text):
        out = b""
        for op in _ops(text):
            t = op.strip()
            if t[:2].lower() in ("0f", "0d", "0e"):
                t = t[2:]
            try:
                out += struct.pack(fmt, float(t))
            except (ValueError, OverflowError):
                raise AsmError(f"bad floating literal: {op}") from None
        asm.emit(out)
    return handler


# ---- alignment ---------------------------------------------------------------------
def _align_args(asm, text):
    ops = split_operands(text)
    if not ops or not ops[0]:
        raise AsmError("expected alignment")
    n = asm.const_expr(ops[0])
    fill = asm.const_expr(ops[1]) if len(ops) > 1 and ops[1] else None
    max_skip = asm.const_expr(ops[2]) if len(ops) > 2 and ops[2] else None
    return n, fill, max_skip


def d_p2align(asm, text):
    n, fill, max_skip = _align_args(asm, text)
    if n > 31:
        raise AsmError(f"alignment too large: 31 assumed")
    asm.align(1 << n, fill, max_skip)


def d_balign(asm, text):
    n, fill, max_skip = _align_args(asm, text)
    if n and n & (n - 1):
        raise AsmError("alignment not a power of 2")
    asm.align(n, fill, max_skip)


# ---- sections ----------------------------------------------------------------------
def d_text(asm, text):
    _subsection(asm, text)
    asm.switch(asm.get_section(".text"))


def d_data(asm, text):
    _subsection(asm, text)
    asm.switch(asm.get_section(".data"))


def d_bss(asm, text):
    _subsection(asm, text)
    asm.switch(asm.get_section(".bss"))


def _subsection(asm, text):
    if text.strip() and asm.const_expr(text) != 0:
        raise AsmError("subsections are not supported")


_TYPES = {"progbits": SHT_PROGBITS, "nobits": SHT_NOBITS, "note": 7, "init_array": 14,
          "fini_array": 15, "preinit_array": 16, "unwind": 0x70000001}


def _section_args(asm, text):
    ops = split_operands(text)
    if not ops or not ops[0]:
        raise AsmError("missing name")
    name = ops[0].strip()
    if name.startswith('"'):
        name = parse_string(name)[0].decode()
    flags = type_ = None
    entsize = 0
    if len(ops) > 1:
        f = ops[1].strip()
        if f.startswith('"'):
            flags = 0
            for c in parse_string(f)[0].decode():
                bit = {"a": SHF_ALLOC, "w": SHF_WRITE, "x": SHF_EXECINSTR, "M": SHF_MERGE,
                       "S": SHF_STRINGS, "T": 0x400, "e": 0x80000000, "o": 0x80, "R": 0x200000,
                       "d": 0}.get(c)
                if c == "G":
                    raise AsmError("section groups (`G' flag) are not supported yet")
                if bit is None:
                    raise AsmError(f"unknown section attribute '{c}'")
                flags |= bit
        elif f.startswith("#"):
            flags = 0
            for word in f.split(","):
                flags |= {"#alloc": SHF_ALLOC, "#write": SHF_WRITE, "#execinstr": SHF_EXECINSTR}.get(word.strip(), 0)
        else:
            raise AsmError(f"junk at end of line, first unrecognized character is `{f[:1]}'")
    if len(ops) > 2:
        t = ops[2].strip().lstrip("@%")
        if t not in _TYPES:
            raise AsmError(f"unrecognized section type `{t}'")
        type_ = _TYPES[t]
    if flags is not None and flags & SHF_MERGE:
        if len(ops) < 4:
            asm.warning("entity size for SHF_MERGE not specified")
            flags &= ~(SHF_MERGE | SHF_STRINGS)
        else:
            entsize = asm.const_expr(ops[3])
    if type_ is None and flags is not None:
        from .core import default_section_attrs
        type_ = default_section_attrs(name)[0]
    return name, type_, flags, entsize


def d_section(asm, text):
    name, type_, flags, entsize = _section_args(asm, text)
    known = (name, None) in asm.section_by_key
    sec = asm.get_section(name, type_, flags, entsize)
    if known and flags is not None and flags != sec.flags:
        asm.warning(f"ignoring changed section attributes for {name}")
    asm.switch(sec)


def d_pushsection(asm, text):
    asm.section_stack.append((asm.cur, asm.previous))
    d_section(asm, text)


def d_popsection(asm, text):
    if not asm.section_stack:
        raise AsmError(".popsection without corresponding .pushsection; ignored")
    asm.cur, asm.previous = asm.section_stack.pop()


def d_previous(asm, text):
    if asm.previous is None:
        raise AsmError(".previous without corresponding .section; ignored")
    asm.cur, asm.previous = asm.previous, asm.cur


# ---- symbols -----------------------------------------------------------------------
def _names(asm, text):
    names = [n.strip() for n in text.split(",")]
    if not names or not all(names):
        raise AsmError("expected symbol name")
    for n in names:
        if not _is_name(n):
            raise AsmError(f"junk at end of line, first unrecognized character is `{n[len(n.split()[0]):].strip()[:1] or n[:1]}'")
    return names


def _is_name(n):
    import re
    return re.fullmatch(r"[A-Za-z_.$][\w.$]*", n) is not None


def d_globl(asm, text):
    for n in _names(asm, text):
        s = asm.symbol(n)
        if s.binding != "weak":
            s.binding = "global"
        s.explicit_binding = True


def d_weak(asm, text):
    for n in _names(asm, text):
        s = asm.symbol(n)
        s.binding = "weak"
        s.explicit_binding = True


def d_local(asm, text):
    for n in _names(asm, text):
        s = asm.symbol(n)
        s.binding = "local"
        s.explicit_binding = True
        s.common = None


def visibility(v):
    def handler(asm, text):
        for n in _names(asm, text):
            asm.symbol(n).visibility = v
    return handler


_SYMTYPES = {"function": STT_FUNC, "object": STT_OBJECT, "notype": STT_NOTYPE,
             "tls_object": STT_TLS, "gnu_indirect_function": STT_GNU_IFUNC,
             "common": 5, "gnu_unique_object": STT_OBJECT}


def d_type(asm, text):
    ops = split_operands(text)
    if len(ops) != 2:
        raise AsmError("expected comma after name in .type" if len(ops) < 2 else "junk at end of line")
    s = asm.symbol(ops[0])
    t = ops[1].strip().lstrip("@%#").strip('"')
    if t.startswith("STT_"):
        t = t[4:].lower()
    if t not in _SYMTYPES:
        raise AsmError(f"unrecognized symbol type \"{t}\"")
    s.type = _SYMTYPES[t]


def d_size(asm, text):
    ops = split_operands(text)
    if len(ops) != 2 or not ops[1]:
        raise AsmError("expected comma after name in .size")
    s = asm.symbol(ops[0])
    s.size = asm.parse_expr(ops[1])
    asm.size_lines[s.name] = asm.stmt.line


def d_set(asm, text):
    ops = split_operands(text)
    if len(ops) != 2 or not ops[0]:
        raise AsmError("expected comma after name")
    name = ops[0].strip()
    s = asm.symbol(name)
    if s.defined_line or s.common is not None:
        raise AsmError(f"symbol `{name}' is already defined")
    node = asm.parse_expr(ops[1])
    v = asm.eval(node)
    if v.is_const:
        s.absolute, s.equ = v.const, None
    elif v.add is not None and v.sub is None and v.add.section is not None and not v.modifier:
        s.section, s.frag, s.offset = v.add.section, v.add.frag, v.add.offset + v.const
    else:
        s.equ = node


def d_equiv(asm, text):
    name = split_operands(text)[0].strip()
    if name in asm.symbols and asm.symbols[name].defined:
        raise AsmError(f"symbol `{name}' is already defined")
    d_set(asm, text)


def d_comm(asm, text, local=False):
    ops = split_operands(text)
    if len(ops) < 2:
        raise AsmError("expected comma after symbol-name")
    s = asm.symbol(ops[0].strip())
    size = asm.const_expr(ops[1])
    align = asm.const_expr(ops[2]) if len(ops) > 2 else None
    if s.section is not None:
        raise AsmError(f"symbol `{s.name}' is already defined")
    if local or (s.binding == "local" and s.explicit_binding):
        bss = asm.get_section(".bss")
        saved, saved_sub = asm.cur, bss.cur_sub
        asm.cur = bss
        bss.set_subsection(1)
        if align is None:
            align = _default_common_align(size)
        elif local:
            align = 1 << align if asm.arch.lcomm_align_is_log2 else align
        asm.arch.on_emit(asm, "d")      # the AArch64 `$d` goes before the padding
        asm.align(align, 0, None) if align > 1 else None
        frag, off = bss.here()
        s.section, s.frag, s.offset = bss, frag, off
        frag.data += bytes(size)
        s.size = ("num", size)
        s.type = STT_OBJECT
        asm.cur = saved
        bss.cur_sub = saved_sub
    else:
        if align is None:
            align = _default_common_align(size)
        s.common = (size, align)
        s.type = STT_OBJECT
        if s.binding == "local":
            s.binding = "global"


def _default_common_align(size):
    a = 1
    while a < size and a < 16:
        a <<= 1
    return a


def d_lcomm(asm, text):
    d_comm(asm, text, local=True)


def d_file(asm, text):
    text = text.strip()
    if not text:
        raise AsmError("missing string")
    if text[0] == '"':
        asm.file_symbol = _strings(asm, text)[0].decode(errors="replace")
        return
    num_text, _, rest = text.partition(" ")
    try:
        num = int(num_text, 0)
    except ValueError:
        raise AsmError("file number less than one") from None
    parts = _strings(asm, rest.split(" md5 ")[0].strip())
    if not parts:
        raise AsmError("missing string")
    name = parts[-1].decode(errors="replace")
    directory = parts[0].decode(errors="replace") if len(parts) > 1 else None
    md5 = None
    if " md5 " in rest:
        md5 = rest.split(" md5 ")[1].strip()
    asm.files[num] = name
    asm.file_entries[num] = (directory, name, md5)
    if num == 0 and directory is not None:
        asm.comp_dir = directory


def d_loc(asm, text):
    words = text.split()
    if len(words) < 2:
        raise AsmError("missing line number" if words else "missing file number")
    try:
        fnum, line = int(words[0], 0), int(words[1], 0)
        col = int(words[2], 0) if len(words) > 2 and words[2][0].isdigit() else 0
    except ValueError:
        raise AsmError("bad .loc operands") from None
    if fnum not in asm.files:
        raise AsmError(f"unassigned file number {fnum}")
    opts = {}
    i = 3 if len(words) > 2 and words[2][0].isdigit() else 2
    while i < len(words):
        w = words[i]
        if w in ("basic_block", "prologue_end", "epilogue_begin"):
            opts[w] = True
            i += 1
        elif w == "view":
            if i + 1 >= len(words):
                raise AsmError("missing value for view")
            _loc_view(asm, words[i + 1])
            i += 2
        elif w in ("is_stmt", "isa", "discriminator"):
            if i + 1 >= len(words):
                raise AsmError(f"missing value for {w}")
            opts[w] = words[i + 1]
            i += 2
        else:
            raise AsmError(f"unknown .loc sub-directive `{w}'")
    asm.new_loc(fnum, line, col, opts)
    asm.last_loc_place = (asm.cur,) + asm.cur.here()


def _loc_view(asm, arg):
    """`view .LVUn`: the number of this row among rows at the same address (0 after code)."""
    here = (asm.cur,) + asm.cur.here()
    if asm.last_loc_place is not None and asm.last_loc_place == here:
        asm.view += 1
    else:
        asm.view = 0
    if arg.lstrip("-").isdigit():
        if int(arg) != asm.view and int(arg) != 0:
            raise AsmError(f"view number mismatch")
        return
    s = asm.symbol(arg)
    if s.defined:
        raise AsmError(f"symbol `{arg}' is already defined")
    s.absolute = asm.view


def d_ident(asm, text):
    strings = _strings(asm, text)
    if asm.comment is None:
        asm.comment = asm.get_section(".comment", SHT_PROGBITS, SHF_MERGE | SHF_STRINGS, 1,
                                      create_symbol=False)
        asm.comment.frag.data += b"\0"
    for s in strings:
        asm.comment.frag.data += s + b"\0"


def d_ignore(asm, text):
    pass


def d_unsupported(name):
    def handler(asm, text):
        raise AsmError(f"`{name}' is not supported by this assembler yet")
    return handler


def d_org(asm, text):
    target = asm.eval(asm.parse_expr(text.split(",")[0]))
    frag, off = asm.cur.here()
    if not target.is_const:
        raise AsmError("can't handle .org with a symbolic value")
    cur_addr = sum(f.size() for f in asm.cur.frags[:-1]) + off if all(
        f.var is None for f in asm.cur.frags[:-1]) else None
    if cur_addr is None:
        raise AsmError(".org after relaxable code is not supported")
    if target.const < cur_addr:
        raise AsmError("attempt to move .org backwards")
    asm.emit(bytes(target.const - cur_addr))


def d_incbin(asm, text):
    """.incbin "file"[,skip[,count]]: the file's bytes, relative to the including file."""
    from .macros import resolve_path
    ops = split_operands(text)
    if not ops or not ops[0].startswith('"'):
        raise AsmError("missing string")
    try:
        name = parse_string(ops[0])[0].decode()
    except ValueError:
        raise AsmError("missing closing `\"'") from None
    skip = asm.const_expr(ops[1]) if len(ops) > 1 and ops[1] else 0
    count = asm.const_expr(ops[2]) if len(ops) > 2 and ops[2] else None
    try:
        with open(resolve_path(asm, name), "rb") as f:
            data = f.read()
    except OSError:
        raise AsmError(f"file not found: {name}") from None
    if skip < 0 or skip > len(data):
        raise AsmError(f"skip ({skip}) or count ({count}) invalid for file size ({len(data)})")
    end = len(data) if count is None else skip + count
    if count is not None and (count < 0 or end > len(data)):
        raise AsmError(f"skip ({skip}) or count ({count}) invalid for file size ({len(data)})")
    asm.emit(data[skip:end])


def d_end(asm, text):
    asm.ended = True


def d_cfi(asm, name, text):
    from .eh_frame import cfi_directive
    cfi_directive(asm, name, text)


DIRECTIVES = {
    ".byte": data(1), ".short": data(2), ".value": data(2), ".2byte": data(2),
    ".long": data(4), ".int": data(4), ".4byte": data(4),
    ".quad": data(8), ".8byte": data(8), ".xword": data(8), ".dword": data(8),
    ".string": d_string, ".asciz": d_string, ".string8": d_string, ".ascii": d_ascii,
    ".zero": d_zero, ".skip": d_zero, ".space": d_zero, ".fill": d_fill,
    ".uleb128": d_leb128(False), ".sleb128": d_leb128(True),
    ".float": d_float("<f"), ".single": d_float("<f"), ".double": d_float("<d"),
    ".p2align": d_p2align, ".p2alignw": d_p2align, ".p2alignl": d_p2align,
    ".balign": d_balign, ".balignw": d_balign, ".balignl": d_balign,
    ".text": d_text, ".data": d_data, ".bss": d_bss, ".section": d_section,
    ".pushsection": d_pushsection, ".popsection": d_popsection, ".previous": d_previous,
    ".globl": d_globl, ".global": d_globl, ".weak": d_weak, ".local": d_local,
    ".hidden": visibility(2), ".internal": visibility(1), ".protected": visibility(3),
    ".type": d_type, ".size": d_size, ".set": d_set, ".equ": d_set, ".equiv": d_equiv,
    ".comm": d_comm, ".lcomm": d_lcomm, ".file": d_file, ".loc": d_loc, ".ident": d_ident,
    ".org": d_org, ".end": d_end,
    ".loc_mark_labels": d_ignore, ".addrsig": d_ignore,
    ".addrsig_sym": d_ignore,
    ".incbin": d_incbin,
}

for _n in ("startproc", "endproc", "def_cfa", "def_cfa_offset", "def_cfa_register",
           "adjust_cfa_offset", "offset", "rel_offset", "restore", "undefined", "same_value",
           "register", "remember_state", "restore_state", "escape", "signal_frame",
           "sections", "personality", "lsda", "return_column", "window_save",
           "negate_ra_state", "val_offset"):
    DIRECTIVES[".cfi_" + _n] = (lambda name: lambda asm, text: d_cfi(asm, name, text))(_n)
