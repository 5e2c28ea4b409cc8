"""-masm=intel: the x86-64 output rewritten in GCC's Intel dialect (`.intel_syntax noprefix`).

The AT&T generator is the one source of truth; this translates the instruction forms it
emits, the way GCC prints them with -masm=intel: operands reversed, no % or $, memory as
`DWORD PTR [rbp-4]` / `QWORD PTR g[rip]`, and the AT&T-only mnemonics renamed
(cltq -> cdqe, movsbl -> movsx, ...). Tests check GNU as gives the same bytes for both.
"""
from __future__ import annotations

import re

_PTR = {"b": "BYTE", "w": "WORD", "l": "DWORD", "q": "QWORD"}
_RENAME = {"cltq": "cdqe", "cltd": "cdq", "cqto": "cqo", "cwtl": "cwde"}
# Mnemonics whose last letter is an AT&T size suffix (and what the bare name is).
_SUFFIXED = ("mov", "add", "sub", "and", "or", "xor", "cmp", "test", "neg", "not", "imul",
             "idiv", "div", "sal", "sar", "shr", "shl", "lea", "push", "pop", "inc", "dec")
# x87 memory forms: the AT&T suffix gives the operand's width (t: 80-bit TBYTE).
_X87_MEM = {"fldt": ("fld", "t"), "fstpt": ("fstp", "t"), "flds": ("fld", "l"),
            "fldl": ("fld", "q"), "fstps": ("fstp", "l"), "fstpl": ("fstp", "q"),
            "filds": ("fild", "w"), "fildl": ("fild", "l"), "fildq": ("fild", "q"),
            "fistps": ("fistp", "w"), "fistpl": ("fistp", "l"), "fistpq": ("fistp", "q"),
            "fnstcw": ("fnstcw", "w"), "fldcw": ("fldcw", "w")}
# AT&T (GNU as, after the old System V assemblers) names the popping register forms of the
# non-commutative x87 operations the other way round from Intel: AT&T `fsubrp %st, %st(1)`
# computes %st(1) - %st(0), which Intel writes `fsubp st(1), st`.
_X87_SWAP = {"fsubp": "fsubrp", "fsubrp": "fsubp", "fdivp": "fdivrp", "fdivrp": "fdivp"}
_MEM = re.compile(r"^(?P<disp>[^(]*)\((?P<base>%\w+)?(?:,(?P<index>%\w+)(?:,(?P<scale>\d+))?)?\)$")


def _split_operands(text):
    out, depth, cur = [], 0, ""
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == "," and depth == 0:
            out.append(cur.strip())
            cur = ""
        else:
            cur += ch
    if cur.strip():
        out.append(cur.strip())
    return out


def _operand(op, size):
    if op.startswith("%"):
        return op[1:]
    if op.startswith("$"):
        return op[1:]
    if op.startswith("*"):
        return _operand(op[1:], size)
    m = _MEM.match(op)
    if not m:
        return op                   # a label (jump or call target)
    disp, base = m.group("disp"), m.group("base")
    ptr = f"{'TBYTE' if size == 't' else _PTR[size]} PTR " if size else ""
    if base == "%rip":
        return f"{ptr}{disp}[rip]"
    parts = []
    if base:
        parts.append(base[1:])
    if m.group("index"):
        parts.append(f"{m.group('index')[1:]}*{m.group('scale') or 1}")
    inner = "+".join(parts)
    if disp and disp != "0":
        # GCC's Intel dialect writes the displacement before the brackets: -20[rbp].
        return f"{ptr}{disp}[{inner}]"
    return f"{ptr}[{inner}]"


def _instruction(mn, ops):
    if mn in _RENAME:
        return _RENAME[mn], []
    size = None
    m = re.fullmatch(r"mov([sz])([bw])([lq])", mn)
    if m:                                   # movsbl %al, %eax -> movsx eax, al
        mn = "movsx" if m.group(1) == "s" else "movzx"
        size = m.group(2)
        return mn, [_operand(ops[1], None), _operand(ops[0], size)]
    if mn == "movslq":
        return "movsxd", [_operand(ops[1], None), _operand(ops[0], "l")]
    if mn in _X87_MEM:
        mn, size = _X87_MEM[mn]
        return mn, [_operand(o, size) for o in ops]
    if mn in _X87_SWAP:
        return _X87_SWAP[mn], [_operand(o, None) for o in reversed(ops)]
    if mn == "movabsq":
        return "movabs", [_operand(ops[1], None), _operand(ops[0], None)]
    if mn == "movaps":
        return mn, [_operand(o, None) if o.startswith("%") else "XMMWORD PTR " +
                    _operand(o, None) for o in reversed(ops)]
    m = re.fullmatch(r"(cvtsi2s[sd]|cvtts[sd]2si)([lq])", mn)
    if m:                                   # cvtsi2sdl %eax, %xmm0 -> cvtsi2sd xmm0, eax
        return m.group(1), [_operand(o, m.group(2)) for o in reversed(ops)]
    m = re.fullmatch(r"(?:mov|add|sub|mul|div|u?comi|cvt)(?:s[sd]2)?(s[sd])", mn)
    if m or (mn == "movq" and any("%xmm" in o for o in ops)):
        # Scalar SSE: the memory operand is a DWORD (ss) or QWORD (sd, movq).
        size = "l" if m and m.group(1) == "ss" and not mn.startswith("cvtss") else "q"
        if mn.startswith("cvtss"):
            size = "l"
        return mn, [_operand(o, size) for o in reversed(ops)]
    if mn.startswith("set") or mn.startswith("j") or mn == "call":
        return mn, [_operand(o, None) for o in ops]
    for base in _SUFFIXED:
        if mn == base + mn[-1:] and len(mn) == len(base) + 1 and mn[-1] in _PTR:
            size = mn[-1]
            mn = base
            break
    if mn == "lea":
        size = None
    conv = [_operand(o, size) for o in reversed(ops)]
    if mn in ("push", "pop") and conv and "PTR" not in conv[0] and "[" in conv[0]:
        conv[0] = "QWORD PTR " + conv[0]
    return mn, conv


def to_intel(att: str) -> str:
    out = []
    for line in att.splitlines():
        s = line.strip()
        if not line.startswith("\t") or s.startswith("."):
            out.append(line)
            if s.startswith(".file\t"):
                out.append("\t.intel_syntax noprefix")
            continue
        parts = s.split(None, 1)
        mn = parts[0]
        ops = _split_operands(parts[1]) if len(parts) > 1 else []
        mn, conv = _instruction(mn, ops)
        out.append(f"\t{mn}\t{', '.join(conv)}" if conv else f"\t{mn}")
    return "\n".join(out) + "\n"
