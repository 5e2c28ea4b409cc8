"""x86-64: AT&T operands for keystone, fixups, jump relaxation and NOP fill as GNU as does.

Keystone never sees a symbol. Every symbolic displacement or immediate is replaced by a
distinctive placeholder number; its bytes are then found in keystone's output, zeroed, and
become a fixup. Absolute memory operands (no base, no index: `movl x, %eax`, `%fs:40`)
are given to keystone as `disp(,%rax,1)` and the SIB byte is patched to "no index",
because keystone would otherwise encode them RIP-relative. Jumps (`jmp`/`jcc`) to labels
are encoded here: short or near, relaxed to a fixed point as GNU as picks them.
"""
from __future__ import annotations

import re

import capstone
import keystone

from ...elf.constants import R_X86_64
from .. import expr as X
from ..core import AsmError
from ..directives import data, d_balign
from ..encoder import EncodeError, Encoder
from ..lexer import split_operands
from ..model import Fixup
from . import x86_intel
from .common import DryLookup, hexnum

PLACEHOLDERS = (0x7A5B3C1D, 0x6B4A2D1E)

_CC = {"o": 0, "no": 1, "b": 2, "c": 2, "nae": 2, "ae": 3, "nb": 3, "nc": 3, "e": 4, "z": 4,
       "ne": 5, "nz": 5, "be": 6, "na": 6, "a": 7, "nbe": 7, "s": 8, "ns": 9, "p": 10,
       "pe": 10, "np": 11, "po": 11, "l": 12, "nge": 12, "ge": 13, "nl": 13, "le": 14,
       "ng": 14, "g": 15, "nle": 15}
_SHORT_ONLY = {"jrcxz": b"\xe3", "jecxz": b"\x67\xe3", "loop": b"\xe2", "loope": b"\xe1",
               "loopz": b"\xe1", "loopne": b"\xe0", "loopnz": b"\xe0"}
_PREFIXES = {"rep", "repe", "repz", "repne", "repnz", "lock", "data16", "addr32", "rex64"}
_GOTPCRELX_OK = {"mov", "call", "jmp", "test", "add", "adc", "and", "cmp", "or", "sbb", "sub", "xor"}
_RAW = {"endbr64": b"\xf3\x0f\x1e\xfa", "endbr32": b"\xf3\x0f\x1e\xfb"}
_NOP11 = bytes.fromhex("66662e0f1f840000000000")
_NOPS = [b"", bytes.fromhex("90"), bytes.fromhex("6690"), bytes.fromhex("0f1f00"),
         bytes.fromhex("0f1f4000"), bytes.fromhex("0f1f440000"), bytes.fromhex("660f1f440000"),
         bytes.fromhex("0f1f8000000000"), bytes.fromhex("0f1f840000000000"),
         bytes.fromhex("660f1f840000000000"), bytes.fromhex("662e0f1f840000000000"), _NOP11]
# Keystone encodes the multi-byte NOPs (`nopl`/`nopw` m) as other instructions: they are
# built here from the ModRM/SIB/displacement keystone gives `leal m, %eax` (GNU's bytes).
_NOP_FORMS = {"nop": _NOPS[1], "xchg %ax,%ax": _NOPS[2]}
_SEGS = {"es": 0x26, "cs": 0x2E, "ss": 0x36, "ds": 0x3E, "fs": 0x64, "gs": 0x65}


def _lengths(code: bytes, count: int):
    md = _lengths.md
    sizes = [insn[1] for insn in md.disasm_lite(code, 0)]
    return sizes


_lengths.md = capstone.Cs(capstone.CS_ARCH_X86, capstone.CS_MODE_64)

_ENCODER = None


def encoder() -> Encoder:
    global _ENCODER
    if _ENCODER is None:
        _ENCODER = Encoder(keystone.KS_ARCH_X86, keystone.KS_MODE_64, keystone.KS_OPT_SYNTAX_ATT,
                           _lengths)
    return _ENCODER


class Field:
    __slots__ = ("placeholder", "node", "kind", "absolute_sib", "const")

    def __init__(self, placeholder, node, kind, absolute_sib=False, const=None):
        self.placeholder, self.node, self.kind = placeholder, node, kind
        self.absolute_sib, self.const = absolute_sib, const


class Plan:
    __slots__ = ("text", "fields", "branch", "raw", "prefix", "mnemonic", "nop")

    def __init__(self):
        self.nop = None
        self.text = ""
        self.fields = []
        self.branch = None
        self.raw = None
        self.prefix = b""
        self.mnemonic = ""


class Branch:
    """A jmp/jcc whose size GNU as decides at layout: 2 bytes (rel8) or 5/6 (rel32)."""
    __slots__ = ("cc", "node", "size", "relax", "line", "bytes", "frag", "modifier")

    def __init__(self, cc, node, line):
        self.cc, self.node, self.line = cc, node, line
        self.size = 2
        self.relax = True
        self.bytes = b""
        self.modifier = None

    def near_size(self):
        return 5 if self.cc is None else 6


def _value(parse_eval, text):
    node, v = parse_eval(text)
    return node, v


def _split_memory(op):
    """'seg:disp(base,index,scale)' -> (seg, disp, inner or None)."""
    seg = ""
    m = re.match(r"%([cdefgs]s)\s*:\s*", op)
    if m:
        seg, op = "%" + m.group(1) + ":", op[m.end():]
    inner = None
    if op.endswith(")"):
        depth = 0
        for i in range(len(op) - 1, -1, -1):
            if op[i] == ")":
                depth += 1
            elif op[i] == "(":
                depth -= 1
                if depth == 0:
                    cand = op[i + 1:-1].strip()
                    if cand == "" or cand.startswith("%") or cand.startswith(","):
                        inner = cand
                        op = op[:i]
                    break
    return seg, op.strip(), inner


_REGISTER = re.compile(
    r"%(?:[re]?(?:ax|bx|cx|dx|si|di|sp|bp)|[abcd][lh]|(?:si|di|sp|bp)l|r(?:[89]|1[0-5])[dwb]?|"
    r"[re]?ip|[cdefgs]s|[xyz]mm(?:[12]?\d|3[01])|mm[0-7]|st(?:\(\s*[0-7]\s*\))?|k[0-7]|"
    r"cr[0-8]|dr[0-7])$", re.I)


def _check_register(op):
    name = op.split()[0] if op.split() else op
    if not _REGISTER.match(name.split("(")[0] if name.startswith("%st") else name):
        raise AsmError(f"bad register name `{name}'")
    rest = op[len(name):].strip()
    if rest:
        raise AsmError(f"junk `{rest}' after register")


class Rewriter:
    def __init__(self, parse_eval):
        self.parse_eval = parse_eval
        self.fields = []

    def placeholder(self):
        if len(self.fields) >= len(PLACEHOLDERS):
            raise AsmError("too many symbolic operands in one instruction")
        return PLACEHOLDERS[len(self.fields)]

    def operand(self, op, mnemonic):
        if op.startswith("*"):
            if not op[1:].strip():
                raise AsmError(f"missing operand after `*'")
            return "*" + self.operand(op[1:].strip(), mnemonic)
        if op.startswith("$"):
            node, v = self.parse_eval(op[1:])
            if v is not None and v.is_const:
                return "$" + hexnum(v.const)
            p = self.placeholder()
            kind = "abs64" if mnemonic.startswith("movabs") else "imm"
            self.fields.append(Field(p, node, kind))
            return "$" + hexnum(p)
        if op.startswith("%") and not re.match(r"%[cdefgs]s\s*:", op):
            _check_register(op)
            return op
        seg, disp, inner = _split_memory(op)
        if inner is not None and not _INNER.match(inner):
            raise AsmError(f"bad memory operand `{op}'")
        if inner is not None and inner.replace(" ", "").startswith("%rip"):
            if not disp:
                return f"{seg}({inner})"
            node, v = self.parse_eval(disp)
            if v is not None and v.is_const:
                return f"{seg}{hexnum(v.const)}({inner})"
            p = self.placeholder()
            self.fields.append(Field(p, node, "rip"))
            return f"{seg}{hexnum(p)}(%rip)"
        if inner is None:
            # absolute address: keystone would make it RIP-relative
            p = self.placeholder()
            node, v = self.parse_eval(disp) if disp else (("num", 0), X.Value())
            const = v.const if v is not None and v.is_const else None
            self.fields.append(Field(p, node, "abs32s", absolute_sib=True, const=const))
            return f"{seg}{hexnum(p)}(,%rax,1)"
        if not disp:
            return f"{seg}({inner})"
        node, v = self.parse_eval(disp)
        if v is not None and v.is_const:
            return f"{seg}{hexnum(v.const)}({inner})"
        p = self.placeholder()
        self.fields.append(Field(p, node, "abs32s"))
        return f"{seg}{hexnum(p)}({inner})"


_MNEMONIC = re.compile(r"^[a-z][a-z0-9]*(?:\.[a-z0-9]+)?$")
_INNER = re.compile(r"^\s*(?:%\w+)?\s*(?:,\s*(?:%\w+)?\s*(?:,\s*\w*\s*)?)?$")


def plan_instruction(name, operands, parse_eval) -> Plan:
    plan = Plan()
    mnem = name.lower()
    if not _MNEMONIC.match(mnem):
        # keystone is never given what cannot be an instruction (deep nesting makes it crawl)
        raise AsmError(f"no such instruction: `{(name + ' ' + operands).strip()}'")
    ops_text = operands
    if mnem == "notrack":
        plan.prefix = b"\x3e"
        parts = ops_text.split(None, 1)
        if not parts:
            raise AsmError("expecting indirect branch instruction after `notrack'")
        mnem, ops_text = parts[0].lower(), (parts[1] if len(parts) > 1 else "")
    if mnem in _RAW and not ops_text:
        plan.raw = _RAW[mnem]
        return plan
    if mnem in ("nop", "nopw", "nopl", "nopq", "xchg") and not plan.prefix:
        key = (mnem + " " + ops_text.replace(" ", "")).strip()
        if key in _NOP_FORMS:
            plan.raw = _NOP_FORMS[key]
            return plan
        if mnem != "xchg" and ops_text.strip():
            op = ops_text.strip()
            seg = b""
            m = re.match(r"%([cdefgs]s)\s*:\s*", op)
            if m:
                seg, op = bytes([_SEGS[m.group(1).lower()]]), op[m.end():]
            if op.startswith("%"):
                raise AsmError(f"operand type mismatch for `{mnem}'")
            plan.nop = seg + (b"\x66" if mnem == "nopw" else b"")
            mnem, ops_text = ("leaq", op + ", %rax") if mnem == "nopq" else ("leal", op + ", %eax")
    prefix_words = []
    while mnem in _PREFIXES and ops_text:
        prefix_words.append(mnem)
        parts = ops_text.split(None, 1)
        mnem, ops_text = parts[0].lower(), (parts[1] if len(parts) > 1 else "")
    plan.mnemonic = mnem
    ops = split_operands(ops_text)
    if any(o == "" for o in ops):
        raise AsmError(f"expecting operand after ','; got nothing")
    base = mnem[:-1] if mnem in ("jmpq", "callq") else mnem
    if (len(ops) == 1 and not ops[0].startswith(("*", "%", "$")) and
            (base in ("jmp", "call") or (base[0] == "j" and base[1:] in _CC) or base in _SHORT_ONLY)):
        node, _ = parse_eval(ops[0])
        cc = _CC.get(base[1:]) if base not in ("jmp", "call") else None
        plan.branch = (base, cc, node)
        return plan
    rw = Rewriter(parse_eval)
    new_ops = [rw.operand(o, mnem) for o in ops]
    plan.fields = rw.fields
    plan.text = " ".join(prefix_words + [mnem]) + (" " + ", ".join(new_ops) if new_ops else "")
    return plan


_NUMBER = re.compile(r"\b(?:0[xX][0-9a-fA-F]+|\d+)\b")
_WORD = re.compile(r"%?[A-Za-z_.][\w.$@]*")
_SIZE_PTR = re.compile(r"\b(?:byte|word|dword|qword|tbyte|xword|oword|xmmword|ymmword|zmmword|"
                       r"fword)\s+ptr\b", re.I)
_INTEL_WORDS = frozenset(x86_intel.GPR_SIZE) | {
    "st", "rip", "cs", "ds", "es", "fs", "gs", "ss"} | \
    {f"{p}mm{i}" for p in "xyz" for i in range(32)} | {f"mm{i}" for i in range(8)}


def symbol_free(operands: str, intel: bool) -> bool:
    """No symbol (or `.`, or local label) in the operands: the bytes depend on the text only."""
    if '"' in operands or "'" in operands:
        return False
    if intel:
        operands = _SIZE_PTR.sub(" ", operands)
    for w in _WORD.findall(_NUMBER.sub(" ", operands)):
        if intel:
            if w.lower().lstrip("%") not in _INTEL_WORDS:
                return False
        elif w[0] != "%":
            return False
    return True


def _rebind(plan, rec, parse_eval):
    """The plan made in the dry run, its expressions parsed again for real (in the same
    order, so symbols are created as a fresh plan would create them); None if an operand
    turned out constant now (a `.set` symbol), which changes the plan."""
    nodes = {}
    for text, dry_node, was_const in rec:
        node, v = parse_eval(text)
        if (v.const if v is not None and v.is_const else None) != was_const:
            return None
        nodes[id(dry_node)] = node
    new = Plan()
    new.text, new.raw, new.prefix, new.mnemonic, new.nop = \
        plan.text, plan.raw, plan.prefix, plan.mnemonic, plan.nop
    new.fields = [Field(f.placeholder, nodes.get(id(f.node), f.node), f.kind, f.absolute_sib, f.const)
                  for f in plan.fields]
    if plan.branch is not None:
        base, cc, node = plan.branch
        new.branch = (base, cc, nodes[id(node)])
    return new


def _rex_w(code: bytes) -> bool:
    i = 0
    while i < len(code) and code[i] in (0x66, 0x67, 0xF2, 0xF3, 0xF0, 0x2E, 0x36, 0x3E, 0x26, 0x64, 0x65):
        i += 1
    return i < len(code) and 0x48 <= code[i] <= 0x4F


def _has_rex(code: bytes) -> bool:
    i = 0
    while i < len(code) and code[i] in (0x66, 0x67, 0xF2, 0xF3, 0xF0, 0x2E, 0x36, 0x3E, 0x26, 0x64, 0x65):
        i += 1
    return i < len(code) and 0x40 <= code[i] <= 0x4F


_KS_ERRORS = {512: "operand", 513: "feature", 514: "mnemonic"}


# What GNU as says when an instruction's operands do not fit, for the common instructions:
# keystone only says "invalid operand", so the operands are checked here the way GNU's
# template matching reports them (count, then register sizes, then suffix, then kinds).
_ARITY = {**{m: (2,) for m in ("mov", "add", "sub", "adc", "sbb", "and", "or", "xor", "cmp",
                               "test", "lea", "xchg")},
          **{m: (1,) for m in ("inc", "dec", "neg", "not", "mul", "div", "idiv", "push", "pop",
                               "int")},
          **{m: (1, 2) for m in ("shl", "shr", "sal", "sar", "rol", "ror", "rcl", "rcr")},
          "imul": (1, 2, 3), "ret": (0, 1)}
_GPR_BITS = {**{r: "q" for r in ("rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rsp", "rbp")},
             **{r: "l" for r in ("eax", "ebx", "ecx", "edx", "esi", "edi", "esp", "ebp")},
             **{r: "w" for r in ("ax", "bx", "cx", "dx", "si", "di", "sp", "bp")},
             **{r: "b" for r in ("al", "bl", "cl", "dl", "ah", "bh", "ch", "dh", "sil", "dil",
                                 "spl", "bpl")},
             **{f"r{i}": "q" for i in range(8, 16)}, **{f"r{i}d": "l" for i in range(8, 16)},
             **{f"r{i}w": "w" for i in range(8, 16)}, **{f"r{i}b": "b" for i in range(8, 16)}}


def operand_error(mnemonic: str, operands: str):
    """GNU as's message for operands that do not fit `mnemonic`, or None if unknown."""
    m = mnemonic.lower()
    if m in _ARITY:
        base, suffix = m, None
    elif m[:-1] in _ARITY and m[-1] in "bwlq":
        base, suffix = m[:-1], m[-1]
    else:
        return None
    ops = split_operands(operands)
    if len(ops) not in _ARITY[base]:
        return f"number of operands mismatch for `{base}'"
    kinds = []
    for o in ops:
        o = o.lstrip("*")
        if o.startswith("$"):
            kinds.append(("imm", None))
        elif o.startswith("%") and ":" not in o:
            kinds.append(("reg", _GPR_BITS.get(o[1:].strip().lower())))
        else:
            kinds.append(("mem", None))
    sizes = [k[1] for k in kinds if k[0] == "reg" and k[1]]
    if base in ("push", "pop") and suffix is not None and (suffix in "bl" or any(x != suffix for x in sizes)):
        return f"invalid instruction suffix for `{base}'"
    if base in ("ret", "int") and kinds and kinds[0][0] != "imm":
        return f"operand size mismatch for `{base}'"
    shift = base in ("shl", "shr", "sal", "sar", "rol", "ror", "rcl", "rcr")
    if shift and len(ops) == 2:
        if kinds[0][0] == "reg" and ops[0].strip().lower() != "%cl":
            return f"operand type mismatch for `{base}'"
        sizes = sizes[1:] if kinds[0][0] == "reg" else sizes
    if any(k[0] == "imm" for k in kinds[1:]) or (base == "lea" and kinds[0][0] != "mem") \
            or (base == "imul" and len(ops) == 3 and kinds[1][0] == "imm"):
        return f"operand type mismatch for `{base}'"
    if len(set(sizes)) > 1:
        return (f"{'operand' if base == 'mov' else 'register'} type mismatch for "
                f"`{'movq' if m == 'movq' else base}'")
    if suffix is not None and sizes and sizes[0] != suffix:
        reg = next(o.strip() for o, k in zip(ops, kinds) if k[0] == "reg" and k[1] != suffix)
        if suffix in "lq":
            return f"incorrect register `{reg}' used with `{suffix}' suffix"
        if suffix == "b":
            return f"`{reg}' not allowed with `{m}'"
        return f"operand type mismatch for `{base}'"
    if sum(k[0] == "mem" for k in kinds) > 1:
        return f"operand size mismatch for `{base}'"
    return f"operand type mismatch for `{base}'"


def _gnu_message(err: EncodeError, name, operands, mnemonic):
    text = f"{name} {operands}".strip()
    if err.errno == 514:
        return f"no such instruction: `{text}'"
    if err.errno in (512, 513):
        return f"operand type mismatch for `{mnemonic or name}'"
    if err.errno == 0x209 or err.errno == 521:  # invalid operand size / suffix
        return f"invalid instruction suffix for `{mnemonic or name}'"
    return f"invalid instruction: `{text}'"


class Arch:
    name = "x86_64"
    hash_comments = True
    lcomm_align_is_log2 = False
    keep_pcrel_merge = True
    early_temp_conversion = True
    keep_all_section_symbols = False
    machine = 62
    # .eh_frame facts (System V x86-64 psABI): code align 1, data align -8, RA = r16
    code_align = 1
    data_align = -8
    ra_reg = 16
    cie_initial = bytes([0x0C, 0x07, 0x08, 0x90, 0x01])
    sp_reg = 7
    eh_align = 8

    def __init__(self):
        self.directives = {".align": d_balign, ".word": data(2), ".hword": data(2),
                           ".code64": lambda asm, text: None,
                           ".intel_syntax": self._intel_syntax, ".att_syntax": self._att_syntax,
                           ".intel_mnemonic": _ignore, ".att_mnemonic": _ignore}
        self.branch_fixups = {}
        self.intel = False          # .intel_syntax in effect
        self.intel_prefix = False   # ... with `%` on registers

    def _intel_syntax(self, asm, text):
        arg = text.strip().lower()
        if arg not in ("", "prefix", "noprefix"):
            raise AsmError(f"bad argument to syntax directive.")
        self.intel, self.intel_prefix = True, arg != "noprefix"

    def _att_syntax(self, asm, text):
        arg = text.strip().lower()
        if arg not in ("", "prefix", "noprefix"):
            raise AsmError(f"bad argument to syntax directive.")
        if arg == "noprefix":
            raise AsmError("`.att_syntax noprefix' is not supported by this assembler")
        self.intel = False

    # ---- parse ---------------------------------------------------------------------
    # Most instructions in compiler output name no symbol and repeat exactly (`movq %rsp,
    # %rbp`, `movl %edi, -4(%rbp)`): their bytes depend on the text alone, so they are kept
    # here, across assemblies, and such a statement costs one dictionary look-up.
    _done: dict = {}

    def _key(self, st):
        return (self.intel, st.name, st.operands)

    def _translate(self, asm_or_dry, name, operands, intel, prefix):
        if not intel:
            return name, operands
        dry = asm_or_dry if isinstance(asm_or_dry, DryLookup) else DryLookup(asm_or_dry)

        def is_const(text):
            try:
                return X.evaluate(dry.parse(text), False).is_const
            except X.ExprError:
                return False
        return x86_intel.translate(name, operands, is_const, prefix)

    def prefetch(self, asm, stmts, continuing=False):
        dry = DryLookup(asm)
        rec = []

        def parse_eval(text):
            node = dry.parse(text)
            try:
                v = X.evaluate(node, False)
            except X.ExprError:
                v = None
            rec.append((text, node, v.const if v is not None and v.is_const else None))
            return node, v
        texts = []
        if not continuing or not hasattr(self, "_symbolic"):
            self._symbolic, self._pending = {}, {}
        symbolic, pending = self._symbolic, self._pending
        intel, prefix = (self.intel, self.intel_prefix) if continuing else (False, False)
        done = self._done
        if len(done) > 200000:
            done.clear()
        for st in stmts:
            name = st.name
            if not name:
                continue
            if name[0] == ".":
                if name in (".intel_syntax", ".att_syntax"):
                    intel = name == ".intel_syntax"
                    prefix = st.operands.strip().lower() != "noprefix"
                continue
            if name == "=":
                continue
            key = (intel, name, st.operands)
            if key in done or key in pending:
                continue
            free = symbol_free(st.operands, intel)
            if not free and key in symbolic:
                continue
            rec = []
            try:
                n, ops = self._translate(dry, name, st.operands, intel, prefix)
                plan = plan_instruction(n, ops, parse_eval)
            except Exception:
                continue
            if free and plan.branch is None:
                pending[key] = plan
            elif not free and not intel:
                symbolic[key] = (plan, rec)
            if plan.text:
                texts.append(plan.text)
        encoder().prefetch(texts)

    def instruction(self, asm, st):
        key = (self.intel, st.name, st.operands)
        code = self._done.get(key)
        if code is not None:
            asm.flush_loc()
            asm.emit(code, kind="x")
            return
        plan = self._pending.get(key) if hasattr(self, "_pending") else None
        cacheable = plan is not None or symbol_free(st.operands, self.intel)
        if plan is None:
            def parse_eval(text):
                node = asm.parse_expr(text)
                try:
                    v = X.evaluate(node, False)
                except X.ExprError:
                    v = None
                if v is not None and v.modifier in ("GOTPCREL", "GOT", "GOTOFF", "GOTPC",
                                                    "GOTTPOFF", "TLSGD", "TLSLD"):
                    asm.symbol("_GLOBAL_OFFSET_TABLE_")
                return node, v
            if not cacheable and hasattr(self, "_symbolic") and key in self._symbolic:
                plan = _rebind(*self._symbolic[key], parse_eval)
        if plan is None:
            def parse_eval(text):
                node = asm.parse_expr(text)
                try:
                    v = X.evaluate(node, False)
                except X.ExprError:
                    v = None
                if v is not None and v.modifier in ("GOTPCREL", "GOT", "GOTOFF", "GOTPC",
                                                    "GOTTPOFF", "TLSGD", "TLSLD"):
                    asm.symbol("_GLOBAL_OFFSET_TABLE_")
                return node, v
            name, operands = self._translate(asm, st.name, st.operands, self.intel,
                                             self.intel_prefix)
            plan = plan_instruction(name, operands, parse_eval)
        asm.flush_loc()
        if plan.raw is not None:
            code = plan.prefix + plan.raw
            if cacheable:
                self._done[key] = code
            asm.emit(code, kind="x")
            return
        if plan.branch is not None:
            self._branch(asm, st, plan)
            return
        try:
            code = bytearray(encoder().encode(plan.text))
        except EncodeError as e:
            msg = None if self.intel or st.name.lower() != plan.mnemonic else \
                operand_error(plan.mnemonic, st.operands)
            raise AsmError(msg or _gnu_message(e, st.name, st.operands, plan.mnemonic)) from None
        if plan.nop is not None:
            i = code.index(0x8D)                  # after a REX prefix, if any
            code = bytearray(plan.nop) + code[:i] + b"\x0f\x1f" + code[i + 1:]
        fixups = []
        for f in plan.fields:
            pat = f.placeholder.to_bytes(4, "little")
            at = code.find(pat)
            if at < 0:
                raise AsmError(f"operand out of range for `{plan.mnemonic}'")
            size = 4
            if f.kind == "abs64":
                size = 8
            if f.absolute_sib:
                if at < 2 or code[at - 1] != 0x05 or code[at - 2] & 0xC7 != 0x04:
                    raise AsmError(f"cannot encode absolute address in `{plan.mnemonic}'")
                code[at - 1] = 0x25
            code[at:at + size] = bytes(size)
            if f.const is not None:
                code[at:at + 4] = (f.const & 0xFFFFFFFF).to_bytes(4, "little")
                if not -(1 << 31) <= f.const < (1 << 32):
                    raise AsmError(f"0x{f.const & (2**64-1):x} out of range of signed 32bit displacement")
                continue
            kind = f.kind
            if kind == "imm":
                kind = "abs32s" if (_rex_w(code) or plan.mnemonic.startswith("push")) else "abs32"
            fixups.append(Fixup(None, at, size, f.node, kind, pcrel=(kind == "rip"),
                                line=st.line, extra=(plan.mnemonic, _has_rex(code))))
        total = len(plan.prefix) + len(code)
        for fx in fixups:
            fx.offset += len(plan.prefix)
            fx.bias = fx.offset - total
        code = plan.prefix + bytes(code)
        if cacheable and not fixups:
            self._done[key] = code
        asm.emit(code, fixups, kind="x")

    def _branch(self, asm, st, plan):
        base, cc, node = plan.branch
        if base == "call":
            fx = Fixup(None, 1, 4, node, "branch", pcrel=True, bias=-4, line=st.line)
            asm.emit(plan.prefix + b"\xe8" + bytes(4), [fx] if not plan.prefix else
                     [Fixup(None, 2, 4, node, "branch", pcrel=True, bias=-4, line=st.line)], kind="x")
            return
        if base in _SHORT_ONLY:
            op = _SHORT_ONLY[base]
            fx = Fixup(None, len(op), 1, node, "short", pcrel=True, bias=-1, line=st.line)
            asm.emit(op + b"\0", [fx], kind="x")
            return
        br = Branch(cc, node, st.line)
        asm.emit_var(br, kind="x", fixed=plan.prefix)

    # ---- hooks ---------------------------------------------------------------------
    dwarf_regs = {"rax": 0, "rdx": 1, "rcx": 2, "rbx": 3, "rsi": 4, "rdi": 5, "rbp": 6, "rsp": 7,
                  **{f"r{i}": i for i in range(8, 16)}, "rip": 16,
                  **{f"xmm{i}": 17 + i for i in range(16)}}

    def after_eh_frame(self, asm, sec, frag, first_fde):
        pass

    def on_label(self, asm, sym):
        pass

    def on_emit(self, asm, kind):
        pass

    def on_align(self, asm, code):
        pass

    def late_mapping_symbols(self, asm):
        pass

    def end_of_input(self, asm):
        pass

    def nops(self, n):
        return _NOP11 * (n // 11) + _NOPS[n % 11]

    # ---- layout --------------------------------------------------------------------
    def prepare_relax(self, asm, sec):
        self.branch_fixups[sec] = []
        for f in sec.frags:
            br = f.var
            if not isinstance(br, Branch):
                continue
            br.frag = f
            try:
                v = X.evaluate(br.node, False)
            except X.ExprError as e:
                asm.error(str(e), br.line)
                br.relax = False
                br.size = br.near_size()
                continue
            s = v.add
            br.modifier = v.modifier
            # GNU as resolves a jump here when the target is in this section and cannot be
            # preempted (not weak); anything else gets a near jump and a relocation.
            if (v.sub is None and s is not None and s.section is sec and s.binding != "weak"
                    and v.modifier is None):
                br.relax = True
                br.size = 2
            else:
                br.relax = False
                br.size = br.near_size()

    def relax(self, asm, sec):
        changed = False
        for f in sec.frags:
            br = f.var
            if isinstance(br, Branch) and br.relax and br.size == 2:
                v = X.evaluate(br.node, False)
                target = v.add.address() + v.const
                disp = target - (f.address + len(f.data) + 2)
                if not -128 <= disp <= 127:
                    br.size = br.near_size()
                    changed = True
        return changed

    def finish_var(self, asm, f):
        br = f.var
        if not isinstance(br, Branch):
            return
        end = f.address + len(f.data) + br.size
        if br.relax:
            v = X.evaluate(br.node, True)
            disp = v.add.address() + v.const - end
        else:
            disp = 0
            fx = Fixup(f, len(f.data) + br.size - 4, 4, br.node, "branch", pcrel=True, bias=-4,
                       line=br.line)
            self.branch_fixups[f.section].append(fx)
        if br.size == 2:
            op = b"\xeb" if br.cc is None else bytes([0x70 + br.cc])
            br.bytes = op + (disp & 0xFF).to_bytes(1, "little")
        else:
            op = b"\xe9" if br.cc is None else bytes([0x0F, 0x80 + br.cc])
            br.bytes = op + (disp & 0xFFFFFFFF).to_bytes(4, "little")

    def late_fixups(self, asm, sec):
        # GNU as creates the fixups of relaxed jumps after all others: same order in .rela
        return self.branch_fixups.get(sec, [])

    # ---- fixups --------------------------------------------------------------------
    def apply_fixup(self, asm, sec, fx, v, pcrel, where):
        sym = v.add
        data = fx.frag.data if fx.frag.var is None or fx.offset < len(fx.frag.data) else None
        if fx.kind == "data":
            if sym is None:
                if pcrel:
                    raise AsmError("can't resolve pc-relative constant")
                data[fx.offset:fx.offset + fx.size] = _pack(asm, v.const, fx.size)
                return
            if v.modifier == "PLT" and pcrel and fx.size == 4:
                rtype = "R_X86_64_PLT32"
            elif v.modifier == "GOTPCREL" and pcrel:
                rtype = "R_X86_64_GOTPCREL"
            elif v.modifier:
                raise AsmError(f"unsupported relocation modifier @{v.modifier} in data")
            else:
                rtype = ({8: "R_X86_64_PC64", 4: "R_X86_64_PC32", 2: "R_X86_64_PC16", 1: "R_X86_64_PC8"}
                         if pcrel else
                         {8: "R_X86_64_64", 4: "R_X86_64_32", 2: "R_X86_64_16", 1: "R_X86_64_8"})[fx.size]
            asm.reloc(sec, where, R_X86_64[rtype], sym, v.const, pcrel=pcrel)
            return
        if sym is None:
            if fx.kind in ("abs32", "abs32s", "abs64"):
                data[fx.offset:fx.offset + fx.size] = _pack(asm, v.const, fx.size)
                return
            raise AsmError("can't resolve pc-relative constant")
        if fx.kind in ("abs32", "abs32s", "abs64"):
            if v.modifier:
                raise AsmError(f"relocation @{v.modifier} is not supported here")
            rtype = {"abs32": "R_X86_64_32", "abs32s": "R_X86_64_32S", "abs64": "R_X86_64_64"}[fx.kind]
            asm.reloc(sec, where, R_X86_64[rtype], sym, v.const)
            return
        addend = v.const + fx.bias
        local_here = (sym.section is sec and sym.binding == "local" and sym.common is None
                      and v.modifier is None)
        if fx.kind == "rip":
            if local_here:
                self._patch_pcrel(asm, fx, sym.address() + addend - where, 4)
                return
            if v.modifier == "GOTPCREL":
                mnemonic, rex = fx.extra
                base = re.sub(r"[bwlq]$", "", mnemonic) if mnemonic not in _GOTPCRELX_OK else mnemonic
                if base in _GOTPCRELX_OK:
                    rtype = "R_X86_64_REX_GOTPCRELX" if rex else "R_X86_64_GOTPCRELX"
                else:
                    rtype = "R_X86_64_GOTPCREL"
                asm.reloc(sec, where, R_X86_64[rtype], sym, addend, adjustable=False)
                return
            if v.modifier == "PLT":
                asm.reloc(sec, where, R_X86_64["R_X86_64_PLT32"], sym, addend, adjustable=False)
                return
            if v.modifier:
                raise AsmError(f"relocation @{v.modifier} is not supported yet")
            asm.reloc(sec, where, R_X86_64["R_X86_64_PC32"], sym, addend, pcrel=True)
            return
        if fx.kind == "short":
            if not local_here:
                raise AsmError("cannot do signed 1 byte relocation (short jump to a symbol outside this section)")
            self._patch_pcrel(asm, fx, sym.address() + addend - where, 1)
            return
        # call / near jump
        if local_here and fx.offset < len(fx.frag.data):
            self._patch_pcrel(asm, fx, sym.address() + addend - where, 4)
            return
        if v.modifier not in (None, "PLT"):
            raise AsmError(f"relocation @{v.modifier} is not supported on a branch")
        if v.modifier == "PLT" or sym.binding != "local" or sym.section is None:
            asm.reloc(sec, where, R_X86_64["R_X86_64_PLT32"], sym, addend, adjustable=v.modifier is None and sym.binding == "local")
        else:
            asm.reloc(sec, where, R_X86_64["R_X86_64_PC32"], sym, addend, pcrel=True)

    def _patch_pcrel(self, asm, fx, value, size):
        lo, hi = -(1 << (8 * size - 1)), (1 << (8 * size - 1)) - 1
        if not lo <= value <= hi:
            raise AsmError(f"value of {value} too large for field of {size} byte{'s' if size > 1 else ''} at 0x{fx.frag.address + fx.offset:x}")
        fx.frag.data[fx.offset:fx.offset + size] = (value & ((1 << (8 * size)) - 1)).to_bytes(size, "little")


def _pack(asm, value, size):
    mask = (1 << (8 * size)) - 1
    if size < 8 and not (-(1 << (8 * size - 1)) <= value <= mask):
        asm.warning(f"value 0x{value & ((1 << 64) - 1):x} truncated to 0x{value & mask:x}")
    return (value & mask).to_bytes(size, "little")


def _ignore(asm, text):
    pass
