"""AArch64: operands for keystone with `#0` where a symbol was, relocations chosen from the
mnemonic and the `:lo12:`-style operator, branches within a section resolved here, and the
`$x`/`$d` mapping symbols GNU as puts where code and data start.

Keystone aborts the whole process on `:lo12:sym` with a symbol it can resolve, so no symbol
ever reaches it; every integer is also rewritten as hex (keystone reads decimal as hex once
an option was set on any instance).
"""
from __future__ import annotations

import re

import keystone

from ...elf.constants import R_AARCH64
from .. import expr as X
from ..core import AsmError
from ..directives import d_p2align, data
from ..encoder import EncodeError, Encoder
from ..lexer import split_operands
from ..model import Align, Fixup, Symbol
from .common import DryLookup, hexnum

_CONDS = {"eq", "ne", "cs", "hs", "cc", "lo", "mi", "pl", "vs", "vc", "hi", "ls", "ge", "lt",
          "gt", "le", "al", "nv"}
_REG = re.compile(r"^(?:[xw](?:[12]?\d|3[01])|[bhsdqv](?:[12]?\d|3[01])(?:\.\w+)?(?:\[\d+\])?|"
                  r"sp|wsp|xzr|wzr|lr|fp|ip0|ip1)$", re.I)
_INT = re.compile(r"(?<![\w.])(\d+)(?![\w.])")
_FLOAT = re.compile(r"^#?[-+]?\d+\.\d*(?:[eE][-+]?\d+)?$|^#?[-+]?\d+[eE][-+]?\d+$")
_SYMBOLIC = re.compile(r"(?<![0-9])[A-Za-z_.$]")
_MOD = re.compile(r"^#?:(\w+):(.*)$")
_BRANCH = {"b": "R_AARCH64_JUMP26", "bl": "R_AARCH64_CALL26", "cbz": "R_AARCH64_CONDBR19",
           "cbnz": "R_AARCH64_CONDBR19", "tbz": "R_AARCH64_TSTBR14", "tbnz": "R_AARCH64_TSTBR14",
           "adr": "R_AARCH64_ADR_PREL_LO21", "adrp": "R_AARCH64_ADR_PREL_PG_HI21",
           "ldr": "R_AARCH64_LD_PREL_LO19", "ldrsw": "R_AARCH64_LD_PREL_LO19",
           "prfm": "R_AARCH64_LD_PREL_LO19"}
_MOVW = {"abs_g0": "R_AARCH64_MOVW_UABS_G0", "abs_g0_nc": "R_AARCH64_MOVW_UABS_G0_NC",
         "abs_g1": "R_AARCH64_MOVW_UABS_G1", "abs_g1_nc": "R_AARCH64_MOVW_UABS_G1_NC",
         "abs_g2": "R_AARCH64_MOVW_UABS_G2", "abs_g2_nc": "R_AARCH64_MOVW_UABS_G2_NC",
         "abs_g3": "R_AARCH64_MOVW_UABS_G3"}
# Where each PC-relative form keeps its offset: (low bit, bits, shift applied to the byte offset)
_FIELDS = {"R_AARCH64_JUMP26": (0, 26, 2), "R_AARCH64_CALL26": (0, 26, 2),
           "R_AARCH64_CONDBR19": (5, 19, 2), "R_AARCH64_LD_PREL_LO19": (5, 19, 2),
           "R_AARCH64_TSTBR14": (5, 14, 2)}
_NOP = bytes.fromhex("1f2003d5")
_IMM19 = 0x7FFFF << 5
_FIELD_MASKS = {"R_AARCH64_JUMP26": 0x3FFFFFF, "R_AARCH64_CALL26": 0x3FFFFFF,
                "R_AARCH64_CONDBR19": _IMM19, "R_AARCH64_LD_PREL_LO19": _IMM19,
                "R_AARCH64_TSTBR14": 0x3FFF << 5, "R_AARCH64_ADR_PREL_LO21": _IMM19 | (3 << 29),
                "R_AARCH64_ADR_PREL_PG_HI21": _IMM19 | (3 << 29),
                "R_AARCH64_ADR_PREL_PG_HI21_NC": _IMM19 | (3 << 29),
                "R_AARCH64_ADR_GOT_PAGE": _IMM19 | (3 << 29)}

_ENCODER = None


def encoder() -> Encoder:
    global _ENCODER
    if _ENCODER is None:
        _ENCODER = Encoder(keystone.KS_ARCH_ARM64, keystone.KS_MODE_LITTLE_ENDIAN, None,
                           lambda code, n: [4] * (len(code) // 4))
    return _ENCODER


def _ldst_reloc(mnem, first_reg):
    m = mnem.lower()
    if m in ("ldrb", "strb", "ldrsb"):
        size = 8
    elif m in ("ldrh", "strh", "ldrsh"):
        size = 16
    elif m == "ldrsw":
        size = 32
    else:
        r = first_reg.lower()[:1]
        size = {"x": 64, "w": 32, "b": 8, "h": 16, "s": 32, "d": 64, "q": 128}.get(r, 64)
    return f"R_AARCH64_LDST{size}_ABS_LO12_NC"


def _hexify(op):
    if _FLOAT.match(op.strip()):
        return op
    return _INT.sub(lambda m: f"0x{int(m.group(1)):x}", op)


def plan_instruction(name, operands, parse):
    """Return (keystone text, [(reloc name, expression node)])."""
    mnem = name.lower()
    if not re.match(r"^[a-z][a-z0-9]*(?:\.[a-z0-9]+)?$", mnem):
        raise AsmError(f"unknown mnemonic `{mnem}' -- `{(name + ' ' + operands).strip()}'")
    if operands.count("(") > 8:
        raise AsmError(f"expression too deeply nested -- `{name} {operands}'")
    if mnem.startswith("b") and mnem[1:] in _CONDS:
        mnem = "b." + mnem[1:]
    ops = split_operands(operands)
    if any(o == "" for o in ops):
        raise AsmError(f"missing operand")
    fixups = []
    out = []
    base = "b.cond" if mnem.startswith("b.") else mnem
    for i, op in enumerate(ops):
        o = op.strip()
        inner = o[1:-1].strip() if o.startswith("[") and o.endswith(("]", "]!")) else None
        m = _MOD.match(o)
        if inner is not None and "," in inner and ":" in inner:
            # [xN, #:lo12:sym] / [xN, :got_lo12:sym]
            reg, _, rest = inner.partition(",")
            mm = _MOD.match(rest.strip())
            if mm:
                mod, e = mm.group(1).lower(), mm.group(2)
                if mod == "lo12":
                    rname = _ldst_reloc(mnem, ops[0])
                elif mod == "got_lo12":
                    rname = "R_AARCH64_LD64_GOT_LO12_NC"
                else:
                    raise AsmError(f"unknown relocation modifier `:{mod}:'")
                fixups.append((rname, parse(e)))
                out.append(f"[{reg.strip()}, #0]")
                continue
        if m:
            mod, e = m.group(1).lower(), m.group(2)
            if mod == "lo12" and base in ("add", "adds"):
                rname = "R_AARCH64_ADD_ABS_LO12_NC"
            elif mod == "got" and base == "adrp":
                rname = "R_AARCH64_ADR_GOT_PAGE"
            elif mod in ("pg_hi21", "pg_hi21_nc") and base == "adrp":
                rname = "R_AARCH64_ADR_PREL_PG_HI21" + ("_NC" if mod.endswith("nc") else "")
            elif mod in _MOVW and base in ("movz", "movk", "movn", "mov"):
                rname = _MOVW[mod]
                group = int(mod[5])
                fixups.append((rname, parse(e)))
                # the group selects the halfword: GNU sets `hw` accordingly
                out.append(f"#0, lsl #{16 * group}" if group else "#0")
                continue
            else:
                raise AsmError(f"relocation modifier `:{mod}:' not allowed in `{name}'")
            fixups.append((rname, parse(e)))
            out.append("#0")
            continue
        last = i == len(ops) - 1
        # GNU as reads a label operand as an expression: a name there is a symbol even when
        # it is spelled like a register (`bl h4`, `adrp x0, s1`, `ldr x0, x9`)
        if last and (base in _BRANCH or base == "b.cond") and not o.startswith(("#", "[", "=")) \
                and not (base in ("ldr", "ldrsw", "prfm") and i == 0):
            if base in ("ldr", "ldrsw", "prfm") and len(ops) != 2:
                out.append(_hexify(o))
                continue
            rname = "R_AARCH64_CONDBR19" if base == "b.cond" else _BRANCH[base]
            node = parse(o)
            fixups.append((rname, node))
            out.append("#0")
            continue
        if o.startswith("="):
            if base not in ("ldr", "ldrsw") or i != 1 or len(ops) != 2:
                raise AsmError(f"invalid use of \"=immediate\" -- `{_quote(name, operands)}'")
            if not o[1:].strip():
                raise AsmError(f"bad expression -- `{_quote(name, operands)}'")
            # a literal pool entry: the size follows the register (ldrsw reads a word)
            r = ops[0].strip().lower()[:1]
            size = 4 if base == "ldrsw" else _LITERAL_SIZE.get(r)
            if size is None:
                raise AsmError(f"operand mismatch -- `{_quote(name, operands)}'")
            fixups.append((f"={size}", parse(o[1:])))
            out.append("#0")
            continue
        if o.startswith("#") and _SYMBOLIC.search(o[1:]) and not _FLOAT.match(o):
            # `#K` with K from .set/.equ: its value
            try:
                v = X.evaluate(parse(o[1:]), False)
            except X.ExprError as e:
                raise AsmError(str(e)) from None
            if not v.is_const:
                raise AsmError(f"constant expression required at operand {i + 1} -- "
                               f"`{name} {operands}'")
            out.append("#" + hexnum(v.const))
            continue
        out.append(_hexify(o))
    if mnem == "uxtw" and len(out) == 2 and out[0].lower().startswith("x"):
        # GNU encodes `uxtw xd, wn` as `mov wd, wn`; keystone picks the equivalent ubfx
        return f"mov w{out[0][1:]}, {out[1]}", fixups
    text = mnem + (" " + ", ".join(out) if out else "")
    return text, fixups


_LITERAL_SIZE = {"w": 4, "s": 4, "x": 8, "d": 8, "q": 16}


def _quote(name, operands):
    return f"{name} {','.join(o.strip() for o in split_operands(operands))}".strip()


def _gnu_message(err, name, operands):
    # GNU quotes the statement with the spaces after commas removed
    text = f"{name} {','.join(o.strip() for o in split_operands(operands))}".strip()
    if err.errno == 514:
        return f"unknown mnemonic `{name.lower()}' -- `{text}'"
    return f"operand mismatch -- `{text}'"


class Arch:
    name = "aarch64"
    hash_comments = False
    lcomm_align_is_log2 = False
    keep_pcrel_merge = False
    early_temp_conversion = False
    keep_all_section_symbols = True
    machine = 183
    code_align = 4
    data_align = -8
    ra_reg = 30
    sp_reg = 31
    cie_initial = bytes([0x0C, 0x1F, 0x00])
    eh_align = 8
    dwarf_regs = {**{f"x{i}": i for i in range(31)}, "sp": 31, "fp": 29, "lr": 30,
                  **{f"v{i}": 64 + i for i in range(32)}, **{f"d{i}": 64 + i for i in range(32)},
                  **{f"q{i}": 64 + i for i in range(32)}}

    def __init__(self):
        self.directives = {".align": d_p2align, ".word": data(4), ".hword": data(2),
                           ".arch": _ignore, ".arch_extension": _ignore, ".cpu": _ignore,
                           ".variant_pcs": _ignore, ".ltorg": self.d_ltorg, ".pool": self.d_ltorg}
        self.pools = {}          # (section, subsection, size) -> _Pool
        self.pool_order = []     # creation order (GNU flushes the newest first at the end)
        self.pool_count = 0
        self.map_syms = []       # every mapping symbol made, in order

    # ---- parse ---------------------------------------------------------------------
    def prefetch(self, asm, stmts, continuing=False):
        dry = DryLookup(asm)
        texts = []
        for st in stmts:
            if st.name and not st.name.startswith(".") and st.name != "=":
                try:
                    texts.append(plan_instruction(st.name, st.operands, dry.parse)[0])
                except Exception:
                    continue
        encoder().prefetch(texts)

    def instruction(self, asm, st):
        if asm.cur.mapping != "x":
            # before the operands are read (their symbols come after `$x`, as in GNU as)
            self._start_code(asm)
        text, refs = plan_instruction(st.name, st.operands, asm.parse_expr)
        try:
            code = encoder().encode(text)
        except EncodeError as e:
            raise AsmError(_gnu_message(e, st.name, st.operands)) from None
        if len(code) != 4:
            raise AsmError(f"cannot encode `{st.name} {st.operands}'")
        # keystone encoded `#0` as an address in its batch, not as offset 0: clear the field
        word = int.from_bytes(code, "little")
        for rname, _ in refs:
            word &= ~_FIELD_MASKS.get(rname if rname[0] != "=" else "R_AARCH64_LD_PREL_LO19", 0)
        code = word.to_bytes(4, "little")
        refs = [self._literal(asm, rname, node) if rname[0] == "=" else (rname, node)
                for rname, node in refs]
        asm.flush_loc()
        fixups = [Fixup(None, 0, 4, node, rname, line=st.line) for rname, node in refs]
        asm.cur.align = max(asm.cur.align, 4)    # GNU as aligns code sections to 4
        asm.emit(code, fixups, kind="x")

    # ---- literal pools (`ldr x0, =value`) ---------------------------------------------
    # As tc-aarch64.c: one pool per section, subsection and entry size (4, 8, 16); equal
    # constants and equal symbol+offset share an entry; `.ltorg`/`.pool` (and the end of the
    # input, for every section with entries) place the pools: each aligned to its size, the
    # 4-byte one first. The load refers to the pool's local label, so it is resolved here.
    def _literal(self, asm, rname, node):
        size = int(rname[1:])
        key = (asm.cur, asm.cur.cur_sub, size)
        pool = self.pools.get(key)
        if pool is None:
            pool = self.pools[key] = _Pool(asm.cur, asm.cur.cur_sub, size)
            self.pool_order.append(pool)
        if pool.symbol is None:
            pool.symbol = Symbol(f".L$$lit\x02{self.pool_count}", -1, temp=True)
            self.pool_count += 1
        try:
            v = X.evaluate(node, False)
        except X.ExprError:
            v = None
        same = None
        if v is not None and v.sub is None and not v.modifier:
            same = ("c", v.const) if v.add is None else ("s", v.add, v.const)
        index = pool.index.get(same) if same is not None else None
        if index is None:
            index = len(pool.entries)
            pool.entries.append((node, asm.stmt.line))
            if same is not None:
                pool.index[same] = index
        return "R_AARCH64_LD_PREL_LO19", ("bin", "+", ("sym", pool.symbol, None),
                                           ("num", index * size))

    def d_ltorg(self, asm, text):
        sec, sub = asm.cur, asm.cur.cur_sub
        from ..directives import pack_int
        for size in (4, 8, 16):
            pool = self.pools.get((sec, sub, size))
            if pool is None or pool.symbol is None or not pool.entries:
                continue
            asm.align(size, 0, None)
            self.on_emit(asm, "d")
            frag, off = sec.here()
            pool.symbol.section, pool.symbol.frag, pool.symbol.offset = sec, frag, off
            for node, line in pool.entries:
                try:
                    v = X.evaluate(node, False)
                except X.ExprError:
                    v = None
                if v is not None and v.is_const:
                    asm.emit(pack_int(asm, v.const, size) if size < 16
                             else (v.const & ((1 << 128) - 1)).to_bytes(16, "little"))
                else:
                    asm.emit(bytes(size), [Fixup(None, 0, size, node, "data", line=line)])
            pool.entries, pool.index, pool.symbol = [], {}, None

    def end_of_input(self, asm):
        saved = (asm.cur, asm.cur.cur_sub)
        for pool in reversed(self.pool_order):
            # GNU visits every pool, newest first, and places all pools of its section
            asm.cur = pool.section
            pool.section.cur_sub = pool.sub
            self.d_ltorg(asm, "")
        asm.cur = saved[0]
        asm.cur.cur_sub = saved[1]

    # ---- mapping symbols -------------------------------------------------------------
    # GNU as (tc-aarch64.c): `mapping_state` on the way from nothing to code puts a `$d` at
    # the section's start if something is already there; `mapping_state_2` makes the symbol
    # here, replacing one its fragment already has at the same place. Code after data in an
    # executable section is first aligned to 4 (an alignment fragment, whose `$x` is
    # replaced by `$d` + `$x` around the zero bytes when the padding is laid out).
    def _map(self, asm, state, sec=None):
        sec = sec or asm.cur
        if sec.mapping == state or not sec.flags & 0x2:   # only in SHF_ALLOC sections
            return None
        sec.mapping = state
        frag, off = sec.here()
        return self._make_map(asm, sec, state, frag, off)

    def _make_map(self, asm, sec, state, frag, off):
        s = Symbol("$" + state, len(asm.symbol_list))
        s.section, s.frag, s.offset = sec, frag, off
        last = getattr(sec, "last_map", None)
        if last is not None and last.frag is frag and last.offset == off and last.listed:
            asm.symbol_list.remove(last)
            last.listed = False
        sec.last_map = s
        asm.symbol_list.append(s)
        self.map_syms.append(s)
        return s

    def _start_code(self, asm):
        sec = asm.cur
        if not sec.flags & 0x2:
            return
        if sec.mapping == "d" and sec.flags & 0x4:
            frag, off = sec.here()
            var = Align(4, None, None, asm.stmt.line)
            var.map_sym = self._map(asm, "x")
            asm.emit_var(var, kind=None)
            return
        if sec.mapping is None:
            first = sec.frags[0]
            frag, off = sec.here()
            if frag is not first or off > 0:
                self._make_map(asm, sec, "d", first, 0)
        self._map(asm, "x")

    def on_label(self, asm, sym):
        pass

    def on_emit(self, asm, kind):
        # GNU as marks data with `$d` only in code sections (elsewhere an alignment does it)
        if kind is not None and (kind == "x" or asm.cur.flags & 0x4):
            if kind == "x" and asm.cur.mapping != "x":
                self._start_code(asm)
            else:
                self._map(asm, kind)

    def on_align(self, asm, code):
        # an alignment starts a mapping region (before the label after it): code in an
        # executable section, whatever the fill, data elsewhere
        return self._map(asm, "x" if asm.cur.flags & 0x4 else "d")

    def late_mapping_symbols(self, asm):
        """At the end (GNU's HANDLE_ALIGN): code padding that is not a whole number of
        NOPs starts with zero bytes, marked `$d`, then `$x` at the first NOP."""
        for sec in asm.sections:
            for f in sec.frags:
                v = f.var
                if not isinstance(v, Align) or v.fill is not None:
                    continue
                fix = v.size & 3
                if not fix:
                    continue
                at = len(f.data)
                m = getattr(v, "map_sym", None)
                if m is not None and m.listed and m.frag is f and m.offset == at:
                    asm.symbol_list.remove(m)
                    m.listed = False
                for state, off in (("d", at), ("x", at + fix)):
                    s = Symbol("$" + state, len(asm.symbol_list))
                    s.section, s.frag, s.offset = sec, f, off
                    asm.symbol_list.append(s)
                    self.map_syms.append(s)
        self._drop_redundant_maps(asm)

    def _drop_redundant_maps(self, asm):
        """GNU's check_mapping_symbols: a fragment's last mapping symbol that sits at its
        end goes if the next non-empty fragment starts with one, or if the section ends."""
        last, first = {}, set()
        for s in self.map_syms:
            if s.listed:
                last[id(s.frag)] = s
                if s.offset == 0:
                    first.add(id(s.frag))
        drop = []
        for sec in asm.sections:
            frags = sec.frags
            for i, f in enumerate(frags):
                s = last.get(id(f))
                if s is None or s.address() < f.address + f.size():
                    continue
                j = i + 1
                while j < len(frags) and id(frags[j]) not in first and not frags[j].size():
                    j += 1
                if j == len(frags) or id(frags[j]) in first:
                    drop.append(s)
        if drop:
            gone = set(map(id, drop))
            for s in drop:
                s.listed = False
            asm.symbol_list[:] = [s for s in asm.symbol_list if id(s) not in gone]

    def after_eh_frame(self, asm, sec, frag, first_fde):
        s = Symbol("$d", len(asm.symbol_list))
        s.section, s.frag, s.offset = sec, frag, first_fde
        asm.symbol_list.append(s)

    def nops(self, n):
        return bytes(n % 4) + _NOP * (n // 4)

    # ---- layout: nothing to relax ----------------------------------------------------
    def prepare_relax(self, asm, sec):
        pass

    def relax(self, asm, sec):
        return False

    def finish_var(self, asm, frag):
        pass

    def late_fixups(self, asm, sec):
        return []

    # ---- fixups --------------------------------------------------------------------
    def apply_fixup(self, asm, sec, fx, v, pcrel, where):
        sym = v.add
        data_ = fx.frag.data
        if fx.kind == "data":
            if sym is None:
                if pcrel:
                    raise AsmError("can't resolve pc-relative constant")
                mask = (1 << (8 * fx.size)) - 1
                if fx.size < 8 and not (-(1 << (8 * fx.size - 1)) <= v.const <= mask):
                    asm.warning(f"value 0x{v.const & ((1 << 64) - 1):x} truncated to 0x{v.const & mask:x}")
                data_[fx.offset:fx.offset + fx.size] = (v.const & mask).to_bytes(fx.size, "little")
                return
            if v.modifier:
                raise AsmError(f"unsupported relocation modifier @{v.modifier}")
            rtype = ({8: "R_AARCH64_PREL64", 4: "R_AARCH64_PREL32", 2: "R_AARCH64_PREL16"} if pcrel
                     else {8: "R_AARCH64_ABS64", 4: "R_AARCH64_ABS32", 2: "R_AARCH64_ABS16"}).get(fx.size)
            if rtype is None:
                raise AsmError(f"cannot represent {'pc-relative ' if pcrel else ''}relocation in a {fx.size}-byte field")
            asm.reloc(sec, where, R_AARCH64[rtype], sym, v.const, pcrel=pcrel)
            return
        insn = int.from_bytes(data_[fx.offset:fx.offset + 4], "little")
        if sym is None:
            raise AsmError("a symbol is needed here")
        local_here = sym.section is sec and sym.binding == "local" and sym.common is None
        if local_here and (fx.kind in _FIELDS or fx.kind == "R_AARCH64_ADR_PREL_LO21"):
            off = sym.address() + v.const - where
            if off & 3 and fx.kind != "R_AARCH64_ADR_PREL_LO21":
                raise AsmError({"R_AARCH64_LD_PREL_LO19": "pc-relative load offset not word aligned",
                                "R_AARCH64_CONDBR19": "conditional branch target not word aligned",
                                "R_AARCH64_TSTBR14": "conditional branch target not word aligned"}
                               .get(fx.kind, "branch target not word aligned"))
            if fx.kind == "R_AARCH64_ADR_PREL_LO21":
                if not -(1 << 20) <= off < (1 << 20):
                    raise AsmError("immediate out of range")
                insn |= ((off & 3) << 29) | (((off >> 2) & 0x7FFFF) << 5)
            else:
                lo, bits, shift = _FIELDS[fx.kind]
                val = off >> shift
                if not -(1 << (bits - 1)) <= val < (1 << (bits - 1)):
                    raise AsmError({26: "branch out of range", 19: "conditional branch out of range",
                                    14: "conditional branch out of range"}[bits])
                insn |= (val & ((1 << bits) - 1)) << lo
            data_[fx.offset:fx.offset + 4] = insn.to_bytes(4, "little")
            return
        got = fx.kind in ("R_AARCH64_ADR_GOT_PAGE", "R_AARCH64_LD64_GOT_LO12_NC")
        asm.reloc(sec, where, R_AARCH64[fx.kind], sym, v.const, adjustable=not got)


class _Pool:
    def __init__(self, section, sub, size):
        self.section, self.sub, self.size = section, sub, size
        self.entries = []        # (expression node, line)
        self.index = {}          # ("c", value) / ("s", symbol, addend) -> entry
        self.symbol = None


def _ignore(asm, text):
    pass
