"""GAS's text-level directives: conditionals, repeats, macros, and included files.

`.if`/`.ifdef`/.../`.else`/`.elseif`/`.endif` decide which statements the assembler sees;
`.rept`, `.irp`, `.irpc` and `.macro` collect a body of statements and hand back copies of
it, with `\\arg` (and `\\@`, `\\()`) substituted, to be assembled where they were written;
`.include` inserts another file. Like GNU as, all this happens during the one pass, so a
condition sees the symbols defined above it.
"""
from __future__ import annotations

import os
import re

from .core import AsmError
from .lexer import Statement, parse_string, split_operands, statements

_OPEN_BODY = {".macro", ".rept", ".irp", ".irpc"}
_CONDS = {".if", ".ifdef", ".ifndef", ".ifnotdef", ".ifeq", ".ifne", ".ifgt", ".ifge",
          ".iflt", ".ifle", ".ifc", ".ifnc", ".ifeqs", ".ifnes", ".ifb", ".ifnb"}
_ARG = re.compile(r"\\(\(\)|@|[A-Za-z_.$][\w.$]*)")


class Source:
    """A stream of statements: the file, an included file, or one expansion of a body."""

    def __init__(self, stmts, kind="file", name=None):
        self.it = iter(stmts)
        self.kind = kind
        self.name = name
        self.cond_depth = 0


class Body:
    def __init__(self, kind, line, head):
        self.kind, self.line, self.head = kind, line, head
        self.stmts = []           # (line, text, raw, file)
        self.depth = 1


class Macro:
    def __init__(self, name, params, body, line):
        self.name, self.params, self.body, self.line = name, params, body, line


class Flow:
    def __init__(self, asm):
        self.asm = asm
        self.macros: dict[str, Macro] = {}
        self.conds = []           # [active, taken, else_seen, line, parent_active]
        self.body: Body | None = None
        self.counter = 0          # \@: macros executed so far
        self.include_depth = 0

    @property
    def active(self):
        return not self.conds or self.conds[-1][0]

    # ---- the filter every statement passes ---------------------------------------------
    def intercept(self, st) -> bool:
        """True if the statement was consumed here (collected, skipped, or a flow directive)."""
        name = st.name.lower() if st.name else ""
        if self.body is not None:
            return self._collect(st, name)
        if name in _CONDS or name in (".else", ".elseif", ".endif"):
            if st.labels and self.active:
                for lab in st.labels:
                    self.asm.define_label(lab)
            self._conditional(st, name)
            return True
        if not self.active:
            return True
        if name in _OPEN_BODY:
            for lab in st.labels:
                self.asm.define_label(lab)
            self.body = Body(name, st.line, st.operands)
            return True
        if name == ".endm":
            self.asm.warning(".endm encountered without preceding .macro")
            return True
        if name == ".endr":
            self.asm.warning(".endr encountered without preceding .rept, .irp, or .irpc")
            return True
        if name == ".exitm":
            self._exit_macro()
            return True
        if name == ".purgem":
            key = st.operands.strip().lower()
            if key not in self.macros:
                self.asm.warning(f".purgem: macro `{st.operands.strip()}' is not defined")
            self.macros.pop(key, None)
            return True
        if name == ".include":
            for lab in st.labels:
                self.asm.define_label(lab)
            self._include(st.operands)
            return True
        if name and name in self.macros and not name.startswith("."):
            for lab in st.labels:
                self.asm.define_label(lab)
            self._invoke(self.macros[name], st)
            return True
        return False

    def finish(self):
        """At the end of the input: what is still open is an error, as GNU as says."""
        if self.body is not None:
            b = self.body
            if b.kind == ".macro":
                name = b.head.split(",")[0].split()[0] if b.head.split() else ""
                self.asm.error(f"unexpected end of file in macro `{name}' definition", b.line)
            else:
                self.asm.error(f"{b.kind[1:].upper()} without ENDR", b.line)
            self.body = None
        if self.conds:
            self.asm.error("end of file inside conditional", 0)
            self.asm.error("here is the start of the unterminated conditional", self.conds[-1][3])
            self.conds = []

    # ---- conditionals --------------------------------------------------------------------
    def _conditional(self, st, name):
        asm = self.asm
        if name in (".else", ".elseif", ".endif"):
            if not self.conds:
                what = {".else": '".else" without matching ".if"',
                        ".elseif": '".elseif" without matching ".if"',
                        ".endif": '".endif" without ".if"'}[name]
                raise AsmError(what)
            c = self.conds[-1]
            if name == ".endif":
                self.conds.pop()
                return
            if c[2]:
                raise AsmError(f'"{name}" after ".else"')
            if name == ".else":
                c[2] = True
                c[0] = c[4] and not c[1]
                c[1] = True
                return
            # .elseif
            if c[4] and not c[1]:
                c[0] = self._test(".if", st.operands)
                c[1] = c[0]
            else:
                c[0] = False
            return
        parent = self.active
        value = self._test(name, st.operands) if parent else False
        self.conds.append([parent and value, parent and value, False, st.line, parent])

    def _test(self, name, text) -> bool:
        asm = self.asm
        if name in (".ifdef", ".ifndef", ".ifnotdef"):
            sym = text.strip()
            if not re.fullmatch(r"[A-Za-z_.$][\w.$]*", sym):
                raise AsmError("invalid identifier for \".ifdef\"")
            s = asm.symbols.get(sym)
            defined = s is not None and (s.defined or s.common is not None)
            return defined if name == ".ifdef" else not defined
        if name in (".ifb", ".ifnb"):
            blank = not text.strip()
            return blank if name == ".ifb" else not blank
        if name in (".ifc", ".ifnc", ".ifeqs", ".ifnes"):
            ops = split_operands(text)
            if len(ops) != 2:
                raise AsmError("expected comma after first string")
            a, b = (_unquote(o) for o in ops)
            same = a == b
            return same if name in (".ifc", ".ifeqs") else not same
        if not text.strip():
            raise AsmError("missing expression")
        v = asm.const_expr(text)
        return {".if": v != 0, ".ifne": v != 0, ".ifeq": v == 0, ".ifgt": v > 0,
                ".ifge": v >= 0, ".iflt": v < 0, ".ifle": v <= 0}[name]

    # ---- bodies: .macro, .rept, .irp, .irpc ------------------------------------------------
    def _collect(self, st, name):
        b = self.body
        if name in _OPEN_BODY:
            b.depth += 1
        elif name in (".endm", ".endr"):
            b.depth -= 1
            if b.depth == 0:
                self.body = None
                self._close(b, name, st)
                return True
        b.stmts.append((st.line, _text(st), st.text, getattr(st, "file", None)))
        return True

    def _close(self, b, name, st):
        if b.kind == ".macro":
            if name != ".endm":
                raise AsmError(".endr encountered without preceding .rept, .irp, or .irpc")
            self._define(b)
            return
        if name != ".endr":
            raise AsmError(".endm encountered without preceding .macro")
        asm = self.asm
        if b.kind == ".rept":
            count = asm.const_expr(b.head) if b.head.strip() else 0
            if count < 0:
                count = 0
            if count > 1_000_000:
                raise AsmError("excessive count for .rept")
            out = []
            for _ in range(count):
                out += self._expand(b.stmts, {})
            self._push(out, "rept")
            return
        ops = split_operands(b.head)
        if not ops or not ops[0]:
            raise AsmError("missing model parameter")
        param = ops[0].strip()
        if b.kind == ".irp":
            values = ops[1:] or [""]
        else:
            values = list(_unquote(",".join(ops[1:]).strip())) or [""]
        out = []
        for v in values:
            out += self._expand(b.stmts, {param: v.strip()})
        self._push(out, "rept")

    def _define(self, b):
        head = b.head.strip()
        m = re.match(r"([A-Za-z_.$][\w.$]*)\s*,?\s*(.*)$", head, re.S)
        if not m:
            raise AsmError("expected symbol name")
        name, rest = m.group(1), m.group(2)
        params = []
        for p in _split_args(rest):
            default, kind = None, None
            if "=" in p:
                p, default = p.split("=", 1)
                default = _unquote(default.strip())
            if ":" in p:
                p, kind = p.split(":", 1)
                kind = kind.strip().lower()
            params.append((p.strip(), default, kind))
        key = name.lower()
        if key in self.macros:
            raise AsmError(f"macro `{name}' was already defined")
        self.macros[key] = Macro(name, params, b.stmts, b.line)

    def _invoke(self, macro, st):
        args = _split_args(st.operands) if macro.params and macro.params[-1][2] != "vararg" else None
        values = {}
        positional = []
        if args is None:
            # the last parameter takes the rest of the line
            args = _split_args(st.operands)
            n = len(macro.params) - 1
            if len(args) > n:
                rest = _rest_after(st.operands, n)
                args = args[:n] + [rest]
        for a in args:
            km = re.match(r"([A-Za-z_.$][\w.$]*)\s*=(?!=)\s*(.*)$", a, re.S)
            if km and any(p[0] == km.group(1) for p in macro.params):
                values[km.group(1)] = _unquote(km.group(2).strip())
            else:
                positional.append(_unquote(a.strip()))
        i = 0
        for pname, default, kind in macro.params:
            if pname in values:
                continue
            if i < len(positional):
                values[pname] = positional[i]
                i += 1
            else:
                if kind == "req":
                    raise AsmError(f"Missing value for required parameter `{pname}' of macro `{macro.name}'")
                values[pname] = default if default is not None else ""
        if i < len(positional) and positional[i:] != [""]:
            raise AsmError(f"too many positional arguments")
        values["@"] = str(self.counter)
        self.counter += 1
        self._push(self._expand(macro.body, values), "macro")

    def _exit_macro(self):
        asm = self.asm
        for idx in range(len(asm.sources) - 1, -1, -1):
            if asm.sources[idx].kind == "macro":
                # drop the expansion and what it pushed on top of it
                del asm.sources[idx:]
                return
        raise AsmError(".exitm outside of a macro")

    def _expand(self, body, values):
        out = []
        hash_anywhere = self.asm.arch.hash_comments
        for line, text, raw, file in body:
            if values:
                text = _ARG.sub(lambda m: _subst(m, values), text)
            for st in statements(text, hash_anywhere=hash_anywhere):
                st.line, st.text = line, raw
                if file is not None:
                    st.file = file
                out.append(st)
        return out

    def _push(self, stmts, kind):
        asm = self.asm
        if len(asm.sources) > 200:
            raise AsmError("macros nested too deeply")
        asm.arch.prefetch(asm, stmts, continuing=True)
        asm.sources.append(Source(stmts, kind))

    # ---- .include ------------------------------------------------------------------------
    def _include(self, text):
        asm = self.asm
        t = text.strip()
        if not t.startswith('"'):
            raise AsmError("missing string")
        try:
            name = parse_string(t)[0].decode()
        except ValueError:
            raise AsmError("missing closing `\"'") from None
        path = resolve_path(asm, name)
        try:
            with open(path, encoding="utf-8", errors="replace") as f:
                src = f.read()
        except OSError as e:
            raise AsmError(f"can't open {name} for reading: {e.strerror}") from None
        if len(asm.sources) > 100:
            raise AsmError("includes nested too deeply")
        stmts = list(statements(src, hash_anywhere=asm.arch.hash_comments))
        for s in stmts:
            s.file = path if os.path.isabs(name) else _display_path(asm, name)
        asm.arch.prefetch(asm, stmts, continuing=True)
        asm.sources.append(Source(stmts, "include", name))


def resolve_path(asm, name):
    """A file named in .include/.incbin: absolute, or relative to the directory of the file
    being assembled (GNU as looks in its working directory: the same, run where the file is)."""
    if os.path.isabs(name):
        return name
    base = os.path.dirname(asm.filename)
    return os.path.join(base, name) if base else name


def _display_path(asm, name):
    return name


def _text(st) -> str:
    """A statement's own text (comments are gone), for a body to be substituted."""
    return st.src


def _subst(m, values):
    key = m.group(1)
    if key == "()":
        return ""
    if key in values:
        return values[key]
    return m.group(0)


def _unquote(s: str) -> str:
    s = s.strip()
    if len(s) >= 2 and s[0] == '"' and s[-1] == '"':
        try:
            return parse_string(s)[0].decode(errors="replace")
        except ValueError:
            return s
    return s


def _split_args(text: str):
    """Macro arguments: separated by commas, or by blanks (GAS accepts both)."""
    out, cur, depth, i, n = [], [], 0, 0, len(text)
    pending_space = False
    while i < n:
        c = text[i]
        if c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            if pending_space and cur:
                out.append("".join(cur))
                cur = []
            pending_space = False
            cur.append(text[i:j + 1])
            i = j + 1
            continue
        if c in "([":
            depth += 1
        elif c in ")]":
            depth -= 1
        if depth == 0 and c == ",":
            out.append("".join(cur))
            cur, pending_space = [], False
            i += 1
            while i < n and text[i] in " \t":
                i += 1
            continue
        if depth == 0 and c in " \t":
            pending_space = True
            i += 1
            continue
        if pending_space and cur:
            out.append("".join(cur))
            cur = []
        pending_space = False
        cur.append(c)
        i += 1
    if cur or out:
        out.append("".join(cur))
    return [a.strip() for a in out]


def _rest_after(text, n):
    """The operand text after the first n arguments (for a :vararg parameter)."""
    if n == 0:
        return text.strip()
    args = _split_args(text)
    pos = 0
    for a in args[:n]:
        pos = text.index(a, pos) + len(a)
    rest = text[pos:].lstrip()
    if rest.startswith(","):
        rest = rest[1:]
    return rest.strip()
