"""x86-64 Intel syntax (`.intel_syntax noprefix`), as GNU as reads it, rewritten as AT&T.

The AT&T path is the one that is byte-identical to GNU as, so an Intel statement is turned
into the AT&T statement GNU as would encode the same way: operands reversed, `%` on
registers, `$` on immediates, `DWORD PTR -4[rbp]` -> `-4(%rbp)` with the size becoming the
mnemonic's suffix where AT&T needs one, and the mnemonics the dialects spell differently
(`cdqe` -> `cltq`, `movsx eax, BYTE PTR [rax]` -> `movsbl (%rax), %eax`, ...).

GNU as's rules for a bare operand apply: a register; a constant expression (or `OFFSET
sym`) is an immediate; the target of a branch is a label; any other expression (`sym`,
`sym+4`) is a memory reference.
"""
from __future__ import annotations

import re

from ..core import AsmError
from ..lexer import split_operands

_GPR64 = ["rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rsp", "rbp"] + [f"r{i}" for i in range(8, 16)]
_GPR32 = ["eax", "ebx", "ecx", "edx", "esi", "edi", "esp", "ebp"] + [f"r{i}d" for i in range(8, 16)]
_GPR16 = ["ax", "bx", "cx", "dx", "si", "di", "sp", "bp"] + [f"r{i}w" for i in range(8, 16)]
_GPR8 = ["al", "bl", "cl", "dl", "sil", "dil", "spl", "bpl", "ah", "bh", "ch", "dh"] + \
    [f"r{i}b" for i in range(8, 16)] + [f"r{i}l" for i in range(8, 16)]
GPR_SIZE = {**{r: "q" for r in _GPR64}, **{r: "l" for r in _GPR32},
            **{r: "w" for r in _GPR16}, **{r: "b" for r in _GPR8}}
_OTHER_REG = re.compile(r"^(?:[xyz]mm(?:[12]?\d|3[01])|mm[0-7]|st|st\(\s*[0-7]\s*\)|k[0-7]|"
                        r"[cdefgs]s|rip|eip|cr[0-8]|dr[0-7])$")
_SEG = re.compile(r"^\s*([cdefgs]s)\s*:\s*", re.I)
_SIZE = re.compile(r"^\s*(byte|word|dword|qword|tbyte|xword|oword|xmmword|ymmword|zmmword|fword)"
                   r"\s+ptr\b\s*", re.I)
_OFFSET = re.compile(r"^\s*offset\s+(?:flat\s*:\s*)?", re.I)
_SUFFIX = {"byte": "b", "word": "w", "dword": "l", "qword": "q"}
_FLOAT_SUFFIX = {"dword": "s", "qword": "l", "tbyte": "t"}
_FINT_SUFFIX = {"word": "s", "dword": "l", "qword": "q"}

# Mnemonics whose memory-operand size becomes an AT&T suffix.
_INT_OPS = {"mov", "add", "sub", "adc", "sbb", "and", "or", "xor", "cmp", "test", "inc", "dec",
            "neg", "not", "mul", "imul", "div", "idiv", "shl", "shr", "sal", "sar", "rol", "ror",
            "rcl", "rcr", "push", "pop", "xchg", "cmpxchg", "xadd", "bt", "bts", "btr", "btc",
            "nop", "shld", "shrd", "bsf", "bsr", "popcnt", "lzcnt", "tzcnt", "movbe"}
_FLOAT_MEM = {"fld", "fst", "fstp", "fadd", "fsub", "fsubr", "fmul", "fdiv", "fdivr", "fcom",
              "fcomp"}
_FINT_MEM = {"fild", "fist", "fistp", "fisttp", "fiadd", "fisub", "fisubr", "fimul", "fidiv",
             "fidivr", "ficom", "ficomp"}
_RENAME = {"cdqe": "cltq", "cqo": "cqto", "cdq": "cltd", "cwd": "cwtd", "cwde": "cwtl",
           "cbw": "cbtw", "movsxd": "movslq"}
_STRING = {"stos", "lods", "scas", "movs", "cmps", "ins", "outs"}
_STRING_SIZED = {"stosb", "stosw", "stosd", "stosq", "lodsb", "lodsw", "lodsd", "lodsq",
                 "scasb", "scasw", "scasd", "scasq", "movsb", "movsw", "movsq", "cmpsb",
                 "cmpsw", "cmpsq", "insb", "insw", "insd", "outsb", "outsw", "outsd",
                 "movsd", "cmpsd"}
_SYSV_SWAP = {"fsub": "fsubr", "fsubr": "fsub", "fsubp": "fsubrp", "fsubrp": "fsubp",
              "fdiv": "fdivr", "fdivr": "fdiv", "fdivp": "fdivrp", "fdivrp": "fdivp"}
_PREFIXES = {"rep", "repe", "repz", "repne", "repnz", "lock", "notrack", "data16", "addr32",
             "rex64"}
_CC = ("o", "no", "b", "c", "nae", "ae", "nb", "nc", "e", "z", "ne", "nz", "be", "na", "a",
       "nbe", "s", "ns", "p", "pe", "np", "po", "l", "nge", "ge", "nl", "le", "ng", "g", "nle")
_BRANCHES = {"jmp", "call", "jrcxz", "jecxz", "loop", "loope", "loopz", "loopne", "loopnz"} | \
    {"j" + c for c in _CC}


def is_register(text: str) -> bool:
    t = text.strip().lower()
    return t in GPR_SIZE or bool(_OTHER_REG.match(t))


def _reg(text: str) -> str:
    t = text.strip().lower().replace(" ", "")
    return "%" + t


def _split_additive(text):
    """'rbp-20+rax*4' -> [('+','rbp'), ('-','20'), ('+','rax*4')] at parenthesis depth 0."""
    terms, cur, sign, depth = [], [], "+", 0
    for c in text:
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        if c in "+-" and depth == 0:
            prev = "".join(cur).strip()
            if prev:
                terms.append((sign, prev))
                cur, sign = [], c
            elif c == "-":                      # a unary sign
                sign = "-" if sign == "+" else "+"
            continue
        cur.append(c)
    last = "".join(cur).strip()
    if last:
        terms.append((sign, last))
    elif text.strip():
        raise AsmError("missing operand")
    return terms


class _Mem:
    __slots__ = ("seg", "disp", "base", "index", "scale", "size")

    def __init__(self):
        self.seg = ""
        self.disp = ""
        self.base = self.index = None
        self.scale = None
        self.size = None

    def att(self):
        seg = f"%{self.seg}:" if self.seg else ""
        if self.base is None and self.index is None:
            return seg + (self.disp or "0")
        inner = _reg(self.base) if self.base else ""
        if self.index is not None:
            inner += f",{_reg(self.index)},{self.scale or 1}"
        return f"{seg}{self.disp}({inner})"


def _memory(text, size):
    m = _Mem()
    m.size = size
    t = text.strip()
    sm = _SEG.match(t)
    if sm:
        m.seg, t = sm.group(1).lower(), t[sm.end():]
    # the text outside brackets and the text inside each pair are added together
    pieces, i, n = [], 0, len(t)
    outside = []
    while i < n:
        c = t[i]
        if c == "[":
            j = t.find("]", i)
            if j < 0:
                raise AsmError("missing `]'")
            inner = t[i + 1:j].strip()
            sm = _SEG.match(inner)
            if sm:
                m.seg, inner = sm.group(1).lower(), inner[sm.end():]
            pieces.append(inner)
            outside.append(" + ")
            i = j + 1
            continue
        outside.append(c)
        i += 1
    out_text = "".join(outside).strip().strip("+").strip()
    terms = _split_additive(out_text) if out_text else []
    for p in pieces:
        if p:
            terms += _split_additive(p)
    disp = []
    for sign, term in terms:
        low = term.lower().replace(" ", "")
        if "*" in low:
            a, _, b = low.partition("*")
            if is_register(a) or is_register(b):
                reg, scale = (a, b) if is_register(a) else (b, a)
                if sign == "-" or m.index is not None:
                    raise AsmError(f"invalid use of register")
                m.index, m.scale = reg, scale
                continue
        elif is_register(low):
            if sign == "-":
                raise AsmError("invalid use of register")
            if low in ("rip", "eip"):
                if m.base is not None:
                    raise AsmError("invalid use of register")
                m.base = low
            elif m.base is None:
                m.base = low
            elif m.index is None:
                m.index, m.scale = low, "1"
            else:
                raise AsmError("too many registers in memory operand")
            continue
        disp.append(("-" if sign == "-" else ("+" if disp else "")) + term)
    m.disp = "".join(disp)
    if m.base in ("rip", "eip") and m.index is not None:
        raise AsmError("invalid use of register")
    return m


def _strip_size(op):
    sm = _SIZE.match(op)
    if sm:
        return sm.group(1).lower(), op[sm.end():].strip()
    return None, op.strip()


def translate(name: str, operands: str, is_const, prefix_regs=False):
    """Intel `name operands` -> AT&T (name, operands). `is_const(text)` says whether an
    expression is a constant (an immediate rather than a memory reference)."""
    mnem = name.lower()
    rest = operands.strip()
    prefixes = []
    while mnem in _PREFIXES and rest:
        prefixes.append(mnem)
        parts = rest.split(None, 1)
        mnem, rest = parts[0].lower(), (parts[1] if len(parts) > 1 else "")
    if prefix_regs:
        rest = re.sub(r"%(\w+)", r"\1", rest)
    ops = split_operands(rest) if rest else []
    if any(o == "" for o in ops):
        raise AsmError("expecting operand after ','; got nothing")
    branch = mnem in _BRANCHES
    conv = []        # (kind, att text, size keyword, register name)
    for op in ops:
        size, body = _strip_size(op)
        om = _OFFSET.match(body)
        low = body.lower()
        if om:
            conv.append(("imm", "$" + body[om.end():].strip(), size, None))
        elif is_register(low):
            conv.append(("reg", _reg(low), size, low))
        elif "[" in body or size is not None or _SEG.match(body):
            conv.append(("mem", _memory(body, size).att(), size, None))
        elif branch:
            conv.append(("label", body, None, None))
        elif is_const(body):
            conv.append(("imm", "$" + body, None, None))
        else:
            conv.append(("mem", _memory(body, None).att(), None, None))
    mem_size = next((c[2] for c in conv if c[0] == "mem" and c[2]), None)
    regs = [c[3] for c in conv if c[0] == "reg"]
    att_ops = [c[1] for c in conv]

    if mnem in _RENAME:
        mnem = _RENAME[mnem]
    elif mnem in ("movsx", "movzx") and len(conv) == 2:
        src = conv[1]
        src_size = GPR_SIZE.get(src[3]) if src[0] == "reg" else _SUFFIX.get(src[2] or "")
        dst_size = GPR_SIZE.get(conv[0][3] or "")
        if src_size is None or dst_size is None:
            raise AsmError(f"operand size mismatch for `{mnem}'")
        if src_size == "l":
            mnem = "movslq"
        else:
            mnem = mnem[:4] + src_size + dst_size
    elif mnem in _STRING:
        size = _SUFFIX.get(mem_size or "") or \
            {"al": "b", "ax": "w", "eax": "l", "rax": "q"}.get(regs[0] if regs else "", "")
        return _join(prefixes, mnem + size, [])
    elif mnem in _STRING_SIZED and not any(r.startswith("xmm") for r in regs):
        if mnem.endswith("d"):
            mnem = mnem[:-1] + "l"
        return _join(prefixes, mnem, [])
    elif mnem in _INT_OPS and mem_size in _SUFFIX:
        mnem += _SUFFIX[mem_size]
    elif mnem in _INT_OPS and mnem not in ("nop", "xchg") and conv and conv[0][0] == "reg" \
            and conv[0][3] in GPR_SIZE:
        # as gcc's AT&T output: `mov rcx, 1000` is movq (c7 /0), not keystone's movabs
        mnem += GPR_SIZE[conv[0][3]]
    elif mnem in ("cvtsi2sd", "cvtsi2ss") and len(conv) == 2:
        src = conv[1]
        s = GPR_SIZE.get(src[3] or "") if src[0] == "reg" else _SUFFIX.get(src[2] or "")
        if s in ("l", "q"):
            mnem += s
    elif mnem in _FLOAT_MEM and mem_size in _FLOAT_SUFFIX:
        mnem += _FLOAT_SUFFIX[mem_size]
    elif mnem in _FINT_MEM and mem_size in _FINT_SUFFIX:
        mnem += _FINT_SUFFIX[mem_size]
    elif mnem == "movabs" and any(GPR_SIZE.get(r) == "q" for r in regs):
        mnem = "movabsq"

    if mnem in _SYSV_SWAP and (not conv or (conv[0][0] == "reg" and conv[0][3] not in ("st", "st(0)")
                                              and conv[0][3].startswith("st"))):
        # AT&T keeps the UnixWare mistake: with st(i) as destination, `fsub` means fsubr
        mnem = _SYSV_SWAP[mnem]
    if branch or mnem in ("jmp", "call"):
        att_ops = [("*" + a if c[0] in ("reg", "mem") else a) for c, a in zip(conv, att_ops)]
    if mnem not in ("enter",):
        att_ops.reverse()
    return _join(prefixes, mnem, att_ops)


def _join(prefixes, mnem, ops):
    body = ", ".join(ops)
    if prefixes:
        return prefixes[0], " ".join(prefixes[1:] + [mnem]) + (" " + body if body else "")
    return mnem, body
