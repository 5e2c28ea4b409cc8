"""gcc's warnings that teach: which ones a run gives (gcc's flag semantics), and the
checks themselves.

Flags. Each warning belongs to a flag that gcc names in brackets after the message. A
flag is on when -W<flag> says so (or -Werror=<flag>), off when -Wno-<flag> says so; else
its group decides (-Wno-format silences -Wformat-extra-args, -Wunused turns on every
-Wunused-*), else its level: on by default, with -Wall, or with -Wextra. The level
belongs to the message rather than to the flag where gcc says so: "'return' with no
value" is on by default while "control reaches end of non-void function", under the
same -Wreturn-type, waits for -Wall. -Werror turns every warning into an error
("[-Werror=<flag>]"), -Werror=<flag> one flag, -Wno-error=<flag> exempts one; -w
silences everything; a note that follows a warning not given is not given either.

Checks. The frontend analyses expressions and statements one at a time; the checks sit
on the methods it calls, overridden in WarningChecks (each calling the frontend's own
before or after), the class put in front of Frontend by checking_frontend(), which
compile_c uses; so the frontend's files carry little warning logic. A check that fails
costs its warning, never the compilation. Checks that need a whole
function (what is read, what is reached, what is uninitialized) are in flowcheck.py,
the printf/scanf format checks in formatcheck.py.
"""
from __future__ import annotations

import dataclasses
import functools
import re

from pycparser import c_ast

from . import types as T
from .parser import gnu_attributes
from .scope import Bail
from .tree import (AddrOf, Assign, Binary, Call, Cast, Comma, CompoundAssign, Conditional,
                   Const, Deref, FloatConst, IncDec, Logical, Member, StringLit, Unary,
                   VarRef, Builtin, StmtExpr, Block, Return)

# flag -> (level, group): level "default" | "all" (-Wall) | "extra" (-Wextra) | "all+extra"
# (either) | "extra+unused" (-Wextra with -Wall or -Wunused) | None (only when asked
# for by name); group: the flag that turns it on and off with it.
FLAGS = {
    "format": ("all", None),
    "format-extra-args": ("all", "format"),
    "format-zero-length": ("all", "format"),
    "return-type": ("all", None),
    "return-local-addr": ("default", None),
    "overflow": ("default", None),
    "shift-count-overflow": ("default", None),
    "shift-count-negative": ("default", None),
    "discarded-qualifiers": ("default", None),
    "int-to-pointer-cast": ("default", None),
    "pointer-to-int-cast": ("default", None),
    "builtin-declaration-mismatch": ("default", None),
    "implicit-int": ("default", None),
    "implicit-function-declaration": ("default", None),
    "int-conversion": ("default", None),
    "incompatible-pointer-types": ("default", None),
    "div-by-zero": ("default", None),
    "main": ("all", None),
    "unused": ("all", None),
    "unused-variable": ("all", "unused"),
    "unused-but-set-variable": ("all", "unused"),
    "unused-function": ("all", "unused"),
    "unused-label": ("all", "unused"),
    "unused-value": ("all", "unused"),
    "unused-parameter": ("extra+unused", "unused"),
    "unused-but-set-parameter": ("extra+unused", "unused"),
    "uninitialized": ("all+extra", None),
    "maybe-uninitialized": ("all+extra", "uninitialized"),
    "parentheses": ("all", None),
    "dangling-else": ("all", "parentheses"),
    "char-subscripts": ("all", None),
    "switch": ("all", None),
    "pointer-sign": ("all", None),
    "sizeof-pointer-div": ("all", None),
    "logical-not-parentheses": ("all", None),
    "bool-compare": ("all", None),
    "int-in-bool-context": ("all", None),
    "address": ("all", None),
    "misleading-indentation": ("all", None),
    "unknown-pragmas": ("all", None),
    "unused-const-variable": ("all", "unused-variable"),
    "sign-compare": ("extra", None),
    "empty-body": ("extra", None),
}

_TAG = re.compile(r" \[-W([\w=+-]+)\]$")


def flag_of(msg):
    """The flag named at the end of a message ("format=" is -Wformat=1's spelling)."""
    m = _TAG.search(msg)
    return m.group(1) if m else None


class WarningFlags:
    """What the command line said about warnings: -w, -Wall, -Wextra, -Werror and the
    -W<flag> / -Wno-<flag> / -Werror=<flag> / -Wno-error=<flag> of each flag."""

    def __init__(self, enabled=True, wall=False, wextra=False, werror=False, explicit=None,
                 werror_flags=None):
        self.enabled_all = enabled
        self.wall, self.wextra, self.werror = wall, wextra, werror
        self.explicit = dict(explicit or {})
        self.werror_flags = dict(werror_flags or {})
        for f, on in self.werror_flags.items():
            if on:                          # -Werror=<flag> turns the flag on too
                self.explicit.setdefault(f, True)

    def said(self, flag, table):
        """True/False when the command line decided for the flag or its group."""
        while flag is not None:
            if flag in table:
                return table[flag]
            flag = FLAGS.get(flag, (None, None))[1]
        return None

    def on(self, flag, level=None):
        """Whether a warning of `flag` at `level` (default: the flag's own) is given."""
        if not self.enabled_all:
            return False
        said = self.said(flag, self.explicit)
        if said is not None:
            return said
        level = level or FLAGS.get(flag, ("default", None))[0]
        if level == "default":
            return True
        if level == "all":
            return self.wall
        if level == "extra":
            return self.wextra
        if level == "all+extra":
            return self.wall or self.wextra
        if level == "extra+unused":
            return self.wextra and (self.wall or bool(self.explicit.get("unused")))
        return False

    def is_error(self, flag):
        said = self.said(flag, self.werror_flags) if flag else None
        return self.werror if said is None else said


def _canonical(flag):
    """The flag a tag names: gcc writes -Wformat's level-taking form as "format="."""
    return flag[:-1] if flag.endswith("=") else flag


class WarningsMixin:
    """What every Frontend has: the flags deciding which warnings are given and how,
    gcc's columns, and what is said at the end of the file."""

    wflags: WarningFlags = None
    note_dropped = False            # the last warning was not given: nor are its notes
    real_errors = 0                 # errors (not warnings made errors) so far

    def wflags_(self):
        if self.wflags is None:
            self.wflags = WarningFlags(self.warnings_on, self.wall, False, self.werror)
        return self.wflags

    def wflag(self, flag, level=None):
        return self.wflags_().on(flag, level)

    def diagnostic_severity(self, severity, msg):
        """(severity, message) as the command line wants the diagnostic given, or
        (None, msg) when it is not to be given."""
        if severity == "note":
            return (None if self.note_dropped else severity), msg
        if severity != "warning":
            self.note_dropped = False
            self.real_errors = self.real_errors + 1
            return severity, msg
        flags = self.wflags_()
        flag = flag_of(msg)
        name = _canonical(flag) if flag else None
        if not flags.enabled_all or (name and flags.said(name, flags.explicit) is False):
            self.note_dropped = True
            return None, msg
        self.note_dropped = False
        if flags.is_error(name):
            if flag:
                msg = msg[:msg.rfind(" [-W")] + f" [-Werror={flag}]"
            self.werror_used = True
            return "error", msg
        return severity, msg

    original_sources = {}       # path -> text before preprocessing (where known)

    def original_line(self, f, line):
        """The line as the source file has it, when cpp only changed its indent."""
        text = self.lines.get((f, line))
        src = self.original_sources.get(f)
        if text is None or src is None:
            return None
        cache = self.__dict__.setdefault("_original_lines", {})
        if f not in cache:
            cache[f] = src.split("\n")
        lines = cache[f]
        orig = lines[line - 1] if 0 < line <= len(lines) else None
        if orig is None or orig == text or orig.lstrip(" \t") != text.lstrip(" \t"):
            return None
        return orig

    def source_line(self, f, line):
        return self.original_line(f, line) or self.lines.get((f, line))

    def display_pos(self, pos):
        """gcc counts columns in the source file as displayed, a tab moving to the next
        multiple of 8 (cpp turned an indent of tabs into one space)."""
        f, line, col = pos
        if not col:
            return pos
        text = self.lines.get((f, line))
        orig = self.original_line(f, line)
        if orig is not None:
            indent = len(text) - len(text.lstrip(" \t"))
            if col - 1 >= indent:
                col = col - indent + len(orig) - len(orig.lstrip(" \t"))
            text = orig
        if text is None or "\t" not in text[:col - 1]:
            return f, line, col
        return f, line, len(text[:col - 1].expandtabs(8)) + 1

    def return_type_pedwarn(self, node, msg, fn):
        """gcc's "'return' with no value" and "with a value": always said, unless
        -Wno-return-type; tagged [-Wreturn-type] only when that flag is on."""
        if self.wflag("return-type"):
            msg += " [-Wreturn-type]"
        elif self.wflags_().said("return-type", self.wflags_().explicit) is False:
            self.note_dropped = True
            return
        self._diag(node, "warning", msg)
        self.note_at(getattr(fn, "name_pos", None) or fn.pos, "declared here")

    def werror_summary(self):
        return ("all" if self.wflags_().werror else "some") + \
            " warnings being treated as errors"

    def wwarn(self, node, msg, flag, level=None):
        """A warning of `flag`, if the flags ask for it at this level."""
        if self.wflag(_canonical(flag), level):
            self._diag(node, "warning", f"{msg} [-W{flag}]")
            return True
        self.note_dropped = True
        return False

    # -- the end of the translation unit ---------------------------------------------------
    @property
    def late_return(self):
        return self.__dict__.setdefault("_late_return", [])

    @property
    def late_uninit(self):
        return self.__dict__.setdefault("_late_uninit", [])

    def unit_end_warnings(self):
        """What gcc says once the whole file is read, in its order: static functions
        declared but not defined, functions that can end without a return value, file-
        scope statics never used (latest first), then uninitialized uses."""
        statics = [s for s in self.file_symbols.values() if s.storage == "static"]
        for sym in statics:
            if sym.kind == "func" and not sym.defined:
                pos = getattr(sym, "name_pos", None) or sym.pos
                if sym.used:
                    self.warn(pos, f"'{sym.name}' used but never defined")
                elif not sym.unused_ok:
                    self.wwarn(pos, f"'{sym.name}' declared 'static' but never defined",
                               "unused-function")
        for name, pos in self.late_return:
            self.where_fn = name            # (for the "In function" context line)
            self.wwarn(pos, "control reaches end of non-void function", "return-type")
        self.where_fn = None
        inline = {id(f.sym) for f in self.items if getattr(f, "inline_static", False)}
        # (a static local never used gets this too, besides "unused variable")
        statics += [g.sym for g in self.static_locals if getattr(g.sym, "decl_node", None)]
        statics.sort(key=lambda s: tuple(getattr(s, "name_pos", None) or s.pos or ("", 0, 0))[1:])
        for sym in reversed(statics):
            if sym.used or sym.unused_ok or not sym.defined or id(sym) in inline or \
                    sym.name.startswith("__compound_literal") or getattr(sym, "volatile", False):
                continue
            pos = getattr(sym, "name_pos", None) or sym.pos
            if sym.kind == "func":
                self.wwarn(pos, f"'{sym.name}' defined but not used", "unused-function")
            elif sym.kind == "var":
                if getattr(sym, "const_object", False):
                    self.wwarn(pos, f"'{sym.name}' defined but not used",
                               "unused-const-variable=", "all")
                else:
                    self.wwarn(pos, f"'{sym.name}' defined but not used", "unused-variable")
        # gcc finds these in its middle end, which does not run once there are errors.
        real_errors = any(d.is_error and "[-Werror=" not in d.message for d in self.diags)
        for name, uses in ([] if real_errors else self.late_uninit):
            self.where_fn = name
            for pos, msg, flag, note_pos, note in uses:
                if self.wwarn(pos, msg, flag):
                    self.note_at(note_pos, note)
        self.where_fn = None



def _check(fn):
    """A warning check: a bug in one costs its warning, never the compilation (the
    tests set WarningChecks.strict_checks to see such bugs)."""
    @functools.wraps(fn)
    def run(self, *args, **kwargs):
        try:
            return fn(self, *args, **kwargs)
        except Bail:
            raise
        except Exception:
            if self.strict_checks:
                raise
            return None
    return run


class WarningChecks:
    """The checks, on the frontend's methods: each override calls the frontend's own.
    (A mixin in front of Frontend: see checking_frontend().)"""

    strict_checks = False

    # -- declarations ----------------------------------------------------------------------
    def declare_function(self, node, t, storage, defining):
        first = self.lookup(node.name) is None and node.name not in self.file_symbols
        sym = super().declare_function(node, t, storage, defining)
        self.function_declared(node, t, storage, defining, first, sym)
        return sym

    @_check
    def function_declared(self, node, t, storage, defining, first, sym):
        """What the checks keep of a function's declaration (where its name and its
        parameters are, a format attribute, _Noreturn), and -Wbuiltin-declaration-
        mismatch."""
        if defining or getattr(sym, "name_pos", None) is None:
            sym.name_pos = decl_name_pos(self, node)
        if "_Noreturn" in (getattr(node, "funcspec", None) or []):
            sym.noreturn = True
        fdecl = node.type
        while not isinstance(fdecl, c_ast.FuncDecl) and hasattr(fdecl, "type"):
            fdecl = fdecl.type
        if isinstance(fdecl, c_ast.FuncDecl) and fdecl.args is not None:
            params = [p for p in fdecl.args.params if isinstance(p, (c_ast.Decl,
                                                                      c_ast.Typename))]
            if params:
                sym.param_pos = [decl_name_pos(self, p) if getattr(p, "name", None)
                                 else self.decl_start(p) for p in params]
        for a in gnu_attributes(node):
            if a.name == "format" and a.arguments is not None and \
                    len(a.arguments.exprs) == 3:
                kind, m, n = a.arguments.exprs
                archetype = getattr(kind, "name", "").strip("_")
                archetype = {"gnu_printf": "printf", "gnu_scanf": "scanf"}.get(archetype,
                                                                              archetype)
                try:
                    sym.format_spec = (archetype, int(m.value, 0), int(n.value, 0))
                except (AttributeError, ValueError):
                    pass
        if first and storage != "static":
            self.builtin_mismatch(node, t)

    @_check
    def builtin_mismatch(self, node, t):
        from .builtins import builtin_type
        known = builtin_type(self, node.name)
        if known is None:
            return
        want, header = known
        if not T.same_type(t, want):
            if self.wwarn(decl_name_pos(self, node),
                          f"conflicting types for built-in function '{node.name}'; "
                          f"expected '{self.spell_function(want)}'",
                          "builtin-declaration-mismatch"):
                # (gcc points at the file's start for the first function of a header,
                # at the declaration itself for the next ones)
                noted = self.__dict__.setdefault("_headers_noted", set())
                self.note_at((self.filename, 1, 1) if header not in noted else
                             decl_name_pos(self, node),
                             f"'{node.name}' is declared in header '{header}'")
                noted.add(header)

    def spell_function(self, t):
        """gcc's spelling of a function type in these messages: `int(int,  int)` (a
        parameter ending in a word is followed by two spaces)."""
        if not t.prototyped:
            ps = ""
        elif not t.params and not t.variadic:
            ps = "void"
        else:
            parts = [self.spell(p.type) for p in t.params] + (["..."] if t.variadic else [])
            ps = ""
            for i, part in enumerate(parts):
                if i:
                    ps += ",  " if parts[i - 1][-1:].isalnum() else ", "
                ps += part
        return self.spell(t.ret) + f"({ps})"

    def declare_object(self, node, t, kind):
        self.object_builtin_check(node)
        sym = super().declare_object(node, t, kind)
        self.object_declared(node, sym)
        return sym

    @_check
    def object_builtin_check(self, node):
        from .builtins import builtin_type
        if node.name not in self.file_symbols and builtin_type(self, node.name) is not None:
            self.wwarn(decl_name_pos(self, node), f"built-in function '{node.name}' declared "
                                                  "as non-function",
                       "builtin-declaration-mismatch")

    @_check
    def object_declared(self, node, sym):
        if getattr(sym, "name_pos", None) is None or node.init is not None:
            sym.name_pos = decl_name_pos(self, node)
            sym.const_object = self.is_const_object(node.type)
            sym.volatile = "volatile" in (_top_quals(node.type) or ())

    def local_decl(self, node):
        out = super().local_decl(node)
        self.local_declared(node)
        return out

    @_check
    def local_declared(self, node):
        """Keep a block's variables for the checks when the block closes."""
        sym = self.scopes[-1].names.get(node.name) if node.name else None
        if sym is not None and sym.kind == "var" and sym.storage in ("auto", "static") and \
                getattr(sym, "decl_node", None) is None and self.scope_decls:
            sym.decl_node = node
            sym.name_pos = decl_name_pos(self, node)
            sym.volatile = "volatile" in (_top_quals(node.type) or ())
            self.scope_decls[-1].append(sym)

    # -- scopes and functions --------------------------------------------------------------
    scope_decls = ()        # per open block: the variables it declared, in order
    closed_scopes = ()      # (where in diags the block closed, its variables)

    def compound(self, node, new_scope=True, free_vlas=True):
        self.item_stack.append(None)
        try:
            return self.compound_scope(node, new_scope, free_vlas)
        finally:
            self.item_stack.pop()

    @property
    def item_stack(self):
        """Per open block, its statement read last (for -Wmisleading-indentation)."""
        return self.__dict__.setdefault("_item_stack", [])

    def block_item(self, node):
        stack = self.item_stack
        if stack:
            if stack[-1] is not None:
                self.misleading_indentation(stack[-1], node)
            stack[-1] = node
        return super().block_item(node)

    def compound_scope(self, node, new_scope, free_vlas):
        if self.func is None:
            return super().compound(node, new_scope, free_vlas)
        if not new_scope and getattr(self, "fdef", None) is not None:
            self.name_parameters(self.fdef)
        self.scope_decls.append([])
        try:
            block = super().compound(node, new_scope, free_vlas)
        finally:
            syms = self.scope_decls.pop()
        self.closed_scopes.append((len(self.diags), syms, not new_scope))
        return block

    # -- -Wmisleading-indentation ---------------------------------------------------------
    @_check
    def misleading_indentation(self, prev, nxt):
        """prev guards one statement (if, else, for, while) and nxt, the statement after
        prev, is indented as if prev guarded it too."""
        while isinstance(prev, c_ast.If) and isinstance(prev.iffalse, c_ast.If):
            prev = prev.iffalse
        if isinstance(prev, c_ast.If):
            kw, body = ("else", prev.iffalse) if prev.iffalse is not None else \
                ("if", prev.iftrue)
        elif isinstance(prev, (c_ast.For, c_ast.While)):
            kw, body = ("for" if isinstance(prev, c_ast.For) else "while"), prev.stmt
        else:
            return
        if body is None or isinstance(body, (c_ast.Compound, c_ast.EmptyStatement)) or \
                isinstance(nxt, (c_ast.Case, c_ast.Default, c_ast.Label,
                                 c_ast.EmptyStatement, c_ast.Pragma)):
            return
        g = self.pos(prev) if kw != "else" else self.keyword_before(body, "else")
        b, n = self.stmt_start(body), self.stmt_start(nxt)
        if g is None or b is None or n is None or not (g[0] == b[0] == n[0]):
            return
        vis = self.visual_column
        warn = False
        if n[1] == b[1]:
            if g[1] < b[1]:
                warn = True
            elif g[1] == b[1]:
                warn = vis(g) == self.first_nonblank(g)
        elif n[1] > b[1]:
            guard_col = self.first_nonblank(g) if kw == "else" else vis(g)
            warn = self.first_nonblank(n) == vis(n) and vis(n) == vis(b) and \
                guard_col != vis(b)
        if warn and self.wwarn(g, f"this '{kw}' clause does not guard...",
                               "misleading-indentation"):
            self.note_at(n, "...this statement, but the latter is misleadingly indented as "
                            f"if it were guarded by the '{kw}'")

    def stmt_start(self, n):
        if isinstance(n, c_ast.DeclList):
            n = n.decls[0] if n.decls else None
        if isinstance(n, c_ast.Decl):
            return self.decl_start(n)
        if n is None or getattr(n, "coord", None) is None:
            return None
        if isinstance(n, (c_ast.If, c_ast.For, c_ast.While, c_ast.DoWhile, c_ast.Switch,
                          c_ast.Return, c_ast.Break, c_ast.Continue, c_ast.Goto,
                          c_ast.Compound)):
            return self.pos(n)
        return self.start_of(n)

    def visual_column(self, pos):
        return self.display_pos(pos)[2]

    def first_nonblank(self, pos):
        text = (self.source_line(pos[0], pos[1]) or "").expandtabs(8)
        return len(text) - len(text.lstrip()) + 1

    def keyword_before(self, n, word):
        """Where keyword `word` is, the last thing before statement n (skipping blanks
        and line ends)."""
        start = self.stmt_start(n)
        if start is None:
            return None
        f, line, col = start
        text = self.lines.get((f, line))
        i = min(col - 1, len(text)) if text is not None else 0
        while text is not None:
            j = i
            while j > 0 and text[j - 1] in " \t":
                j -= 1
            if j > 0:
                k = j - len(word)
                if k >= 0 and text[k:j] == word and (k == 0 or not (text[k - 1].isalnum()
                                                                     or text[k - 1] == "_")):
                    return (f, line, k + 1)
                return None
            line -= 1
            text = self.lines.get((f, line))
            i = len(text) if text is not None else 0
        return None

    def stmt_For(self, node):
        self.scope_decls.append([])
        try:
            s = super().stmt_For(node)
        finally:
            self.closed_scopes.append((len(self.diags), self.scope_decls.pop(), False))
        self.for_init_check(node, s)
        return s

    @_check
    def for_init_check(self, node, s):
        init = getattr(s, "init", None)
        if init is not None and not isinstance(init, Block) and not init.type.is_void and \
                not self.side_effects(init):
            self.wwarn(node, "statement with no effect", "unused-value")

    def function(self, fdef):
        self.function_decl_checks(fdef)
        self.fdef = fdef
        self.scope_decls, self.closed_scopes = [], []
        n, errors = len(self.items), self.real_errors
        try:
            super().function(fdef)
            fn = self.items[-1] if len(self.items) > n else None
            if fn is not None and errors == self.real_errors:
                self.function_warnings(fn, fdef)
        finally:
            self.scope_decls, self.closed_scopes = (), ()

    @_check
    def name_parameters(self, fdef):
        """Give the parameters their own positions (gcc's, for notes about them)."""
        fdecl = fdef.decl.type
        while not isinstance(fdecl, c_ast.FuncDecl) and hasattr(fdecl, "type"):
            fdecl = fdecl.type
        if not isinstance(fdecl, c_ast.FuncDecl) or fdecl.args is None:
            return
        for p in fdecl.args.params:
            if isinstance(p, c_ast.Decl) and p.name:
                sym = self.scopes[-1].names.get(p.name)
                if sym is not None and sym.storage == "param":
                    sym.name_pos = decl_name_pos(self, p)

    @_check
    def function_decl_checks(self, fdef):
        decl = fdef.decl
        fdecl = decl.type
        while not isinstance(fdecl, c_ast.FuncDecl) and hasattr(fdecl, "type"):
            fdecl = fdecl.type
        if not isinstance(fdecl, c_ast.FuncDecl):
            return
        ret = fdecl.type
        if isinstance(ret, c_ast.TypeDecl) and isinstance(ret.type, c_ast.IdentifierType) and \
                ret.type.names == ["int"] and ret.type.coord is not None and \
                ret.coord is not None and (ret.type.coord.line, ret.type.coord.column) == \
                (ret.coord.line, ret.coord.column):
            self.wwarn(decl, "return type defaults to 'int'", "implicit-int")
        if decl.name != "main":
            return
        where = decl_name_pos(self, decl)
        if "static" in (decl.storage or []):
            self.wwarn(where, "'main' is normally a non-static function", "main")
        try:
            mark = len(self.diags)
            t = self.declared_type(decl.type)
            del self.diags[mark:]
        except Exception:       # (its errors are reported where it is declared)
            return
        if not t.is_function:
            return
        if not (t.ret.is_integer and t.ret.kind == "int" and t.ret.signed and
                t.ret.enum_tag is None):
            self.wwarn(where, "return type of 'main' is not 'int'", "main")
        params = t.params if t.prototyped else ()
        charpp = lambda p: p.is_pointer and p.base.is_pointer and p.base.base.is_integer \
            and p.base.base.kind == "char"
        if len(params) >= 1 and not (params[0].type.is_integer and
                                     params[0].type.kind == "int"):
            self.wwarn(where, "first argument of 'main' should be 'int'", "main")
        if len(params) >= 2 and not charpp(params[1].type):
            self.wwarn(where, "second argument of 'main' should be 'char **'", "main")
        if len(params) >= 3 and not charpp(params[2].type):
            self.wwarn(where, "third argument of 'main' should probably be 'char **'", "main")
        if len(params) == 1 or len(params) > 3:
            self.wwarn(where, "'main' takes only zero or two arguments", "main")

    def emit_at(self, index, emit):
        """Give the diagnostics `emit` makes at `index` in the list: gcc reports unused
        variables when their block closes, before what comes after it."""
        mark = len(self.diags)
        emit()
        made = self.diags[mark:]
        del self.diags[mark:]
        self.diags[index:index] = made

    @_check
    def function_warnings(self, fn, fdef):
        from .flowcheck import falls_off_end, symbols_read, walk_all
        from .tree import Goto, Labeled
        read = symbols_read(fn.body)
        labels, gotos = [], set()
        for n in walk_all(fn.body):
            if isinstance(n, Labeled):
                labels.append(n)
            elif isinstance(n, Goto):
                gotos.add(n.name)
        for index, syms, outermost in reversed(self.closed_scopes):
            names = [(s.name_pos, s) for s in syms]
            if outermost:
                names += [(lab.pos, lab) for lab in labels]
                names.sort(key=lambda p: (p[0][1], p[0][2]))
            self.emit_at(index, lambda names=names: self.unused_in_scope(names, read, gotos))
        self.unused_parameters(fn, fdef, read)
        ret = fn.sym.type.ret
        if not ret.is_void and fn.sym.name != "main" and self.wflag("return-type") and \
                falls_off_end(fn.body):
            self.late_return.append((fn.sym.name, fn.end_pos))
        from .uninit import uninitialized_uses
        if self.wflag("uninitialized") or self.wflag("maybe-uninitialized"):
            self.late_uninit.append((fn.sym.name, uninitialized_uses(self, fn)))

    def unused_in_scope(self, names, read, gotos):
        from .tree import Labeled
        for pos, s in reversed(names):
            if isinstance(s, Labeled):
                if s.name not in gotos:
                    self.wwarn(pos, f"label '{s.name}' defined but not used", "unused-label")
            elif s.unused_ok or s.name == "__func__":
                continue
            elif not s.used:
                self.wwarn(pos, f"unused variable '{s.name}'", "unused-variable")
            elif s not in read and not getattr(s, "read_unevaluated", False):
                self.wwarn(pos, f"variable '{s.name}' set but not used",
                           "unused-but-set-variable")

    def unused_parameters(self, fn, fdef, read):
        fdecl = fdef.decl.type
        while not isinstance(fdecl, c_ast.FuncDecl) and hasattr(fdecl, "type"):
            fdecl = fdecl.type
        if not isinstance(fdecl, c_ast.FuncDecl) or fdecl.args is None:
            return
        nodes = [p for p in fdecl.args.params if isinstance(p, c_ast.Decl)]
        for p, node in zip(fn.params, nodes):
            if not p.name or any(a.name in ("unused", "maybe_unused")
                                 for a in gnu_attributes(node)):
                continue
            pos = decl_name_pos(self, node)
            if not p.used:
                self.wwarn(pos, f"unused parameter '{p.name}'", "unused-parameter")
            elif p not in read and not getattr(p, "read_unevaluated", False):
                self.wwarn(pos, f"parameter '{p.name}' set but not used",
                           "unused-but-set-parameter")

    # -- unevaluated operands (sizeof, typeof, _Generic) still read what they name ------
    unevaluated = 0

    def peek_type(self, node):
        self.unevaluated += 1
        try:
            return super().peek_type(node)
        finally:
            self.unevaluated -= 1

    def peek_sizeof_type(self, node):
        self.unevaluated += 1
        try:
            return super().peek_sizeof_type(node)
        finally:
            self.unevaluated -= 1

    def expr(self, node):
        e = super().expr(node)
        paren = self.end_coords.parens.get(id(node)) if hasattr(self.end_coords, "parens") \
            else None
        if paren is not None:
            e.paren_pos = paren
        return e

    def builtin___builtin_unreachable(self, node, args):
        e = super().builtin___builtin_unreachable(node, args)
        e.noreturn = True
        return e

    def expr_ID(self, node):
        e = super().expr_ID(node)
        if self.unevaluated and isinstance(e, VarRef):
            e.sym.read_unevaluated = True
        return e



    # -- types as gcc names them in messages: typedef names, const targets -------------
    # The types carry neither; both are kept beside them, by the identity of the type
    # object a declaration made (a typedef's use gets its own copy, equal to the type).

    @property
    def typedef_names(self):
        return self.__dict__.setdefault("_typedef_names", {})

    @property
    def target_quals(self):
        return self.__dict__.setdefault("_target_quals", {})

    def named_type(self, names, node):
        t = super().named_type(names, node)
        if len(names) == 1 and (isinstance(t, T.PointerType) or (
                isinstance(t, T.IntType) and t.enum_tag is None and t.width is None)):
            sym = self.lookup(names[0])
            if sym is not None and sym.kind == "typedef":
                t = dataclasses.replace(t)
                self.typedef_names[id(t)] = (names[0], t)
                if isinstance(sym.type, T.PointerType) and id(sym.type) in self.target_quals:
                    self.target_quals[id(t)] = (t, self.target_quals[id(sym.type)][1])
        return t

    def declared_type(self, node):
        t = super().declared_type(node)
        if isinstance(node, c_ast.PtrDecl) and isinstance(t, T.PointerType):
            inner = node.type
            quals = set(getattr(inner, "quals", None) or ()) & {"const", "volatile"}
            if isinstance(inner, c_ast.TypeDecl) and isinstance(inner.type, c_ast.IdentifierType) \
                    and len(inner.type.names) == 1:
                sym = self.lookup(inner.type.names[0])
                if sym is not None and sym.kind == "typedef" and getattr(sym, "const", False):
                    quals.add("const")
            if quals:
                self.target_quals[id(t)] = (t, frozenset(quals))
        return t

    def quals_of_target(self, t):
        entry = self.target_quals.get(id(t))
        return entry[1] if entry is not None else frozenset()

    def rvalue(self, e):
        out = super().rvalue(e)
        if isinstance(out, AddrOf) and out is not e and isinstance(out.operand, VarRef) and \
                getattr(out.operand.sym, "const", False) and out.operand.type.is_array:
            self.target_quals[id(out.type)] = (out.type, frozenset({"const"}))
        return out

    def spell(self, t, typedefs=True, inner=""):
        """A type as gcc writes it: with typedef names (typedefs=True) and the const of
        pointer targets."""
        if isinstance(t, T.PointerType):
            if typedefs and id(t) in self.typedef_names:
                return _join(self.typedef_names[id(t)][0], inner)
            s = "*" + inner
            if isinstance(t.base, (T.ArrayType, T.FunctionType)):
                s = "(" + s + ")"
            quals = self.quals_of_target(t)
            if quals and not isinstance(t.base, (T.PointerType, T.ArrayType, T.FunctionType)):
                base = self.spell(t.base, typedefs)
                return _join(" ".join(q for q in ("const", "volatile") if q in quals) + " " +
                             base, s)
            return self.spell(t.base, typedefs, s)
        if isinstance(t, T.ArrayType):
            n = "*" if t.size_var is not None else "" if t.length is None else str(t.length)
            return self.spell(t.base, typedefs, f"{inner}[{n}]")
        if isinstance(t, T.FunctionType):
            if not t.prototyped:
                ps = ""
            elif not t.params and not t.variadic:
                ps = "void"
            else:
                ps = ", ".join(self.spell(p.type, typedefs) for p in t.params) + \
                    (", ..." if t.variadic else "")
            return self.spell(t.ret, typedefs, f"{inner}({ps})")
        if typedefs and id(t) in self.typedef_names:
            return _join(self.typedef_names[id(t)][0], inner)
        if isinstance(t, T.IntType) and not t.signed and t.enum_tag is None and \
                not t.plain_char and t.kind in ("short", "long", "long long"):
            return _join(f"{t.kind} unsigned int", inner)   # (gcc's order of the words)
        return _join(str(t), inner)

    def type_name(self, t):
        """'size_t' {aka 'long unsigned int'}, or 'int'."""
        spelled, canonical = self.spell(t), self.spell(t, False)
        return f"'{spelled}'" if spelled == canonical else \
            f"'{spelled}' {{aka '{canonical}'}}"

    # -- calls: printf/scanf formats ----------------------------------------------------
    def expr_FuncCall(self, node):
        e = super().expr_FuncCall(node)
        if isinstance(e, Call) and self.wflag("format"):
            self.check_format_call(node, e)
        return e

    @_check
    def check_format_call(self, node, call):
        from .formatcheck import FORMAT_FUNCTIONS, check_format, literal_positions
        sym = call.direct
        if sym is None:
            return
        spec = getattr(sym, "format_spec", None) or (
            FORMAT_FUNCTIONS.get(sym.name) if sym.storage != "static" else None)
        if spec is None:
            return
        kind, fmt_at, first = spec
        if fmt_at > len(call.args) or not node.args:
            return
        lit = call.args[fmt_at - 1]
        while isinstance(lit, (Cast, AddrOf)):
            lit = lit.operand
        if not isinstance(lit, StringLit) or lit.type.base.size != 1:
            return
        cnode = node.args.exprs[fmt_at - 1]
        start = self.pos(cnode)
        mapped = literal_positions(self.lines, start, lit.data[:-1]) \
            if isinstance(cnode, c_ast.Constant) else None
        args = call.args[first - 1:] if first else []
        for a in args:
            a.type_shown = self.type_name(a.type)
            a.const_target = a.type.is_pointer and "const" in self.quals_of_target(a.type)

        def at(i):
            if i is None or mapped is None:
                return start, None
            where, first_piece = mapped
            return (where[i], None) if i < first_piece else (start, where[i])

        def report(where, msg, flag):
            pos, note = where if where[0] != "call" else (call.pos, None)
            if self.wwarn(pos, msg, flag) and note is not None:
                self.note_at(note, "format string is defined here")
        check_format(kind, lit.data[:-1], args, first, at, report)

    # -- positions gcc uses that pycparser's tree does not keep ---------------------------
    def start_of(self, n):
        """Where an expression starts in the source (its '(' when parenthesized)."""
        parens = getattr(self.end_coords, "parens", {})
        while True:
            if id(n) in parens:
                return parens[id(n)]
            if isinstance(n, c_ast.BinaryOp):
                n = n.left
            elif isinstance(n, c_ast.Assignment):
                n = n.lvalue
            elif isinstance(n, c_ast.TernaryOp):
                n = n.cond
            elif isinstance(n, c_ast.UnaryOp) and n.op in ("p++", "p--"):
                n = n.expr
            elif isinstance(n, (c_ast.ArrayRef, c_ast.StructRef, c_ast.FuncCall)):
                n = n.name
            elif isinstance(n, c_ast.ExprList) and n.exprs:
                n = n.exprs[0]
            else:
                return self.pos(n)

    def source_char(self, pos, skip=0):
        text = self.lines.get((pos[0], pos[1]))
        if text is None or not pos[2]:
            return None, None
        i = pos[2] - 1 + skip
        while i < len(text) and text[i] in " \t":
            i += 1
        return (text[i] if i < len(text) else None), (pos[0], pos[1], i + 1)

    def bracket_pos(self, node):
        """The '[' of a subscript (gcc's position for a[i]): before the index, past
        blanks and the index's own parentheses."""
        f, line, col = self.start_of(node.subscript)
        text = self.lines.get((f, line))
        if text is None or not col or col - 1 > len(text):
            return None
        i = col - 2
        while i >= 0 and text[i] in " \t(":
            if text[i] == "(" and id(node.subscript) not in self.end_coords.parens:
                break
            i -= 1
        return (f, line, i + 1) if i >= 0 and text[i] == "[" else None

    def is_paren(self, n):
        return id(n) in getattr(self.end_coords, "parens", {})

    # -- -Wparentheses, -Wlogical-not-parentheses and the checks of binary operators -----
    _COMPARE = {"==", "!=", "<", "<=", ">", ">="}

    def expr_BinaryOp(self, node):
        self.and_within_or(node)
        e = super().expr_BinaryOp(node)
        if node.op in ("&&", "||") and isinstance(e, (Const, FloatConst)):
            self.read_in(node)
            e.effects = self.written_effects(node)     # (for -Wunused-value, as gcc's)
        return e

    @staticmethod
    def written_effects(node):
        """Whether C source does something besides computing a value (an assignment,
        ++ or --, a call): what a folded constant condition kept for gcc."""
        stack = [node]
        while stack:
            n = stack.pop()
            if isinstance(n, (c_ast.Assignment, c_ast.FuncCall)) or \
                    isinstance(n, c_ast.UnaryOp) and n.op in ("++", "--", "p++", "p--"):
                return True
            if isinstance(n, c_ast.Node):
                stack.extend(child for _, child in n.children())
        return False

    def expr_TernaryOp(self, node):
        e = super().expr_TernaryOp(node)
        if isinstance(_bare(e), (Const, FloatConst)) or node.iftrue is not None and \
                isinstance(_bare(self.cond_value(e)), (Const, FloatConst)):
            self.read_in(node)
        return e

    @staticmethod
    def cond_value(e):
        return e.cond if isinstance(e, Conditional) else e

    def read_in(self, node):
        """A constant condition folded this code away: what it names counts as read all
        the same (gcc marks a variable read as it parses, before folding)."""
        stack = [node]
        while stack:
            n = stack.pop()
            if isinstance(n, c_ast.ID):
                sym = self.lookup(n.name)
                if sym is not None and sym.kind == "var":
                    sym.read_unevaluated = True
            elif isinstance(n, c_ast.Node):
                stack.extend(child for _, child in n.children())

    @_check
    def and_within_or(self, node):
        if node.op == "||":
            for side in (node.left, node.right):
                if isinstance(side, c_ast.BinaryOp) and side.op == "&&" and \
                        not self.is_paren(side):
                    self.wwarn(side, "suggest parentheses around '&&' within '||'",
                               "parentheses")

    def binary(self, op, l, r, node):
        direct = isinstance(node, c_ast.BinaryOp) and node.op == op
        if direct:
            self.binary_checks(op, l, r, node)
        e = super().binary(op, l, r, node)
        if direct:
            self.parentheses_checks(op, node)
            self.logical_not_check(op, node)
        return e

    @_check
    def logical_not_check(self, op, node):
        if op in self._COMPARE and isinstance(node.left, c_ast.UnaryOp) and \
                    node.left.op == "!" and not self.is_paren(node.left) and \
                    not (isinstance(node.right, c_ast.UnaryOp) and node.right.op == "!"):
                if self.wwarn(node, "logical not is only applied to the left hand side of "
                                    "comparison", "logical-not-parentheses"):
                    self.note_at(node.left, "add parentheses around left hand side "
                                            "expression to silence this warning")

    @_check
    def parentheses_checks(self, op, node):
        def bare(side, ops):
            return isinstance(side, c_ast.BinaryOp) and side.op in ops and \
                not self.is_paren(side)
        l, r = node.left, node.right
        if op in ("<<", ">>"):
            for side in (l, r):
                if bare(side, ("+", "-")):
                    self.wwarn(side, f"suggest parentheses around '{side.op}' inside '{op}'",
                               "parentheses")
        elif op == "|":
            for side in (l, r):
                if bare(side, ("&", "^", "+", "-")):
                    self.wwarn(side, "suggest parentheses around arithmetic in operand of "
                                     "'|'", "parentheses")
                elif bare(side, self._COMPARE):
                    self.wwarn(side, "suggest parentheses around comparison in operand of "
                                     "'|'", "parentheses")
        elif op == "^":
            for side in (l, r):
                if bare(side, ("&", "+", "-")):
                    self.wwarn(side, "suggest parentheses around arithmetic in operand of "
                                     "'^'", "parentheses")
                elif bare(side, self._COMPARE):
                    self.wwarn(side, "suggest parentheses around comparison in operand of "
                                     "'^'", "parentheses")
        elif op == "&":
            for side in (l, r):
                if bare(side, ("+", "-")):
                    self.wwarn(side, f"suggest parentheses around '{side.op}' in operand of "
                                     "'&'", "parentheses")
                elif bare(side, self._COMPARE):
                    self.wwarn(side, "suggest parentheses around comparison in operand of "
                                     "'&'", "parentheses")
        elif op in ("==", "!="):
            side = l if bare(l, self._COMPARE) else r if bare(r, self._COMPARE) else None
            if side is not None:
                self.wwarn(side, f"suggest parentheses around comparison in operand of "
                                 f"'{op}'", "parentheses")
        elif op in self._COMPARE:
            if bare(l, self._COMPARE) and not bare(r, self._COMPARE):
                self.wwarn(l, "comparisons like 'X<=Y<=Z' do not have their mathematical "
                              "meaning", "parentheses")

    @_check
    def binary_checks(self, op, l, r, node):
        """What gcc's build_binary_op says: shift counts, booleans compared with
        constants, addresses compared with null, string literals compared."""
        lb, rb = _bare(l), _bare(r)
        if op == "/" and all(isinstance(x, c_ast.UnaryOp) and x.op == "sizeof"
                             for x in (node.left, node.right)):
            self.sizeof_pointer_div(node)
        if op in ("<<", ">>") and isinstance(rb, Const) and l.type.is_integer:
            word = "left" if op == "<<" else "right"
            if rb.value < 0:
                self.wwarn(node, f"{word} shift count is negative", "shift-count-negative")
            elif rb.value >= T.integer_promote(l.type).bits:
                self.wwarn(node, f"{word} shift count >= width of type",
                           "shift-count-overflow")
        if op not in self._COMPARE:
            return
        if lb.type.is_pointer or rb.type.is_pointer or l.type.is_pointer or r.type.is_pointer:
            for this, other in ((lb, r), (rb, l)):
                if isinstance(this, AddrOf) and isinstance(this.operand, StringLit) and \
                        op in ("==", "!="):
                    self.wwarn(node, "comparison with string literal results in unspecified "
                                     "behavior", "address")
                    return
            for this, other in ((lb, r), (rb, l)):
                sym = _address_of(this, direct=True)
                if sym is not None and op in ("==", "!=") and _null_constant(other):
                    truth = "false" if op == "==" else "true"
                    if self.wwarn(node, f"the comparison will always evaluate as '{truth}' "
                                        f"for the address of '{sym.name}' will never be NULL",
                                  "address"):
                        self.note_at(getattr(sym, "name_pos", None) or sym.pos,
                                     f"'{sym.name}' declared here")
                    return
            return
        for b, c, b_first in ((l, r, True), (r, l, False)):
            if _boolean(b) and not _boolean(c) and isinstance(_bare(c), Const) and \
                    _bare(c).type.is_integer:
                v = _bare(c).value
                code = op if b_first else _SWAP[op]       # as `bool OP v`
                if v not in (0, 1):
                    false = code == "==" or (code in (">", ">=") and v > 0) or \
                        (code in ("<", "<=") and v < 0)
                    if code == "!=" or not false:
                        truth = "true"
                    else:
                        truth = "false"
                else:
                    if (code == ">=" and v == 0) or (code == "<=" and v == 1):
                        truth = "true"
                    elif (code == "<" and v == 0) or (code == ">" and v == 1):
                        truth = "false"
                    else:
                        return
                self.wwarn(node, f"comparison of constant '{v}' with boolean expression is "
                                 f"always {truth}", "bool-compare")
                return
        if op in self._COMPARE and isinstance(node, c_ast.BinaryOp) and \
                l.type.is_integer and r.type.is_integer:
            self.sign_compare(l, r, node)

    @_check
    def sizeof_pointer_div(self, node):
        """sizeof p / sizeof *p with p a pointer: not an array's length."""
        first, second = node.left.expr, node.right.expr
        if isinstance(first, c_ast.Typename):
            return
        t1 = self.peek_type(first)
        t2 = self.declared_type(second) if isinstance(second, c_ast.Typename) else \
            self.peek_type(second)
        if t1 is None or t2 is None or not t1.is_pointer or not T.same_type(t1.base, t2):
            return
        if self.wwarn(node, f"division 'sizeof ({self.spell(t1)}) / sizeof ({self.spell(t2)})' "
                            "does not compute the number of array elements",
                      "sizeof-pointer-div"):
            if isinstance(first, c_ast.ID):
                sym = self.lookup(first.name)
                if sym is not None and sym.kind == "var":
                    self.note_at(getattr(sym, "name_pos", None) or sym.pos,
                                 "first 'sizeof' operand was declared here")

    @_check
    def sign_compare(self, l, r, node):
        """-Wsign-compare (-Wextra): signed and unsigned compared, the signed one not a
        constant known not negative."""
        t = T.usual_arithmetic(l.type, r.type)
        if t.signed:
            return
        pl, pr = T.integer_promote(l.type), T.integer_promote(r.type)
        if pl.signed == pr.signed:
            return
        if _nonnegative(l if pl.signed else r):
            return          # (gcc knows that operand is never negative)
        self.wwarn(node, "comparison of integer expressions of different signedness: "
                         f"{self.type_name(_bare(l).type)} and {self.type_name(_bare(r).type)}",
                   "sign-compare")

    def fold(self, e):
        out = super().fold(e)
        self.overflow_check(e, out)
        return out

    @_check
    def overflow_check(self, e, out):
        if out is not e and isinstance(e, Binary) and e.op in ("+", "-", "*") and \
                isinstance(e.left, Const) and isinstance(e.right, Const) and \
                e.type.is_integer and e.type.signed and e.pos is not None:
            exact = {"+": e.left.value + e.right.value, "-": e.left.value - e.right.value,
                     "*": e.left.value * e.right.value}[e.op]
            if e.type.wrap(exact) != exact:
                self.wwarn(e.pos, f"integer overflow in expression of type "
                                  f"'{self.spell(e.type)}' results in '{out.value}'",
                           "overflow")

    # -- conditions: if, while, do, for --------------------------------------------------
    def cond(self, node):
        self.assignment_as_truth(node)
        e = super().cond(node)
        self.truth_value_checks(e, node)
        return e

    @_check
    def assignment_as_truth(self, node):
        if isinstance(node, c_ast.Assignment) and node.op == "=" and not self.is_paren(node):
            self.wwarn(self.start_of(node), "suggest parentheses around assignment used as "
                                            "truth value", "parentheses")

    @_check
    def truth_value_checks(self, e, node):
        b = _bare(e)
        if isinstance(b, Binary) and b.op == "<<" and b.type.is_integer and b.type.signed:
            self.wwarn(b.pos, "'<<' in boolean context, did you mean '<'?",
                       "int-in-bool-context")
        elif isinstance(b, Binary) and b.op == "*" and b.type.is_integer:
            self.wwarn(b.pos, "'*' in boolean context, suggest '&&' instead",
                       "int-in-bool-context")
        sym = _address_of(b, direct=True)
        if sym is not None:
            self.wwarn(self.start_of(node), f"the address of '{sym.name}' will always "
                                            "evaluate as 'true'", "address")

    # -- statements ----------------------------------------------------------------------
    def stmt_If(self, node):
        self.if_checks(node)
        return super().stmt_If(node)

    @_check
    def if_checks(self, node):
        inner = node.iftrue
        if node.iffalse is None and isinstance(inner, c_ast.If) and inner.iffalse is not None:
            ch, paren = self.source_char(self.pos(node), 2)
            if ch == "(":
                self.wwarn(paren, "suggest explicit braces to avoid ambiguous 'else'",
                           "dangling-else")
        if isinstance(node.iftrue, c_ast.EmptyStatement) and node.iffalse is None:
            self.wwarn(node.iftrue, "suggest braces around empty body in an 'if' statement",
                       "empty-body")

    def stmt_Return(self, node):
        s = super().stmt_Return(node)
        self.return_checks(node, s)
        return s

    @_check
    def return_checks(self, node, s):
        ret = s if not isinstance(s, Block) else next(
            (x for x in s.items if isinstance(x, Return)), None)
        if ret is not None and ret.expr is not None and node.expr is not None:
            sym = _address_of(_bare(ret.expr), local=True)
            if sym is not None:
                self.wwarn(self.start_of(node.expr), "function returns address of local "
                                                     "variable", "return-local-addr")

    def stmt_Switch(self, node):
        sw = super().stmt_Switch(node)
        self.switch_checks(sw)
        return sw

    @_check
    def switch_checks(self, sw):
        x = sw.expr
        while isinstance(x, Cast):
            x = x.operand
        enumerators = self.enum_values.get(id(x.type))
        if enumerators is None:
            return
        covered = lambda v: any(c.value <= v <= (c.high if c.high is not None else c.value)
                                for c in sw.cases)
        if sw.default is None:
            seen = set()
            for name, v in enumerators:
                if not covered(v) and v not in seen:
                    self.wwarn(sw.pos, f"enumeration value '{name}' not handled in switch",
                               "switch")
                seen.add(v)
        values = {v for _, v in enumerators}
        for c in sw.cases:
            if c.high is None and c.value not in values:
                self.wwarn(c.pos, f"case value '{c.value}' not in enumerated type "
                                  f"'{x.type}'", "switch")

    @property
    def enum_values(self):
        return self.__dict__.setdefault("_enum_values", {})

    def enum_type(self, node):
        t = super().enum_type(node)
        if node.values is not None and id(t) not in self.enum_values:
            values = []
            for e in node.values.enumerators:
                sym = self.lookup(e.name)
                if sym is not None and sym.kind == "enumconst":
                    values.append((e.name, sym.value))
            self.enum_values[id(t)] = values
            self.__dict__.setdefault("_enum_keep", []).append(t)    # (ids stay unique)
        return t

    def stmt(self, node):
        s = super().stmt(node)
        if not hasattr(self, "stmt_" + type(node).__name__):
            self.unused_value(node, s)
        return s

    @_check
    def unused_value(self, node, s):
        """-Wunused-value for an expression statement (gcc's emit_side_effect_warnings)."""
        e = s
        if isinstance(e, Block):
            e = e.items[-1] if e.items else None
        e = getattr(e, "expr", None)
        if e is None or e.type.is_void:
            return
        where = self.expr_loc(e) or self.start_of(node)
        if not self.side_effects(e):
            if self.expr_loc(e) is None and not isinstance(_bare(e), (VarRef, Const)):
                return      # (where gcc puts it is not known here)
            self.wwarn(where, "statement with no effect", "unused-value")
        elif isinstance(e, Comma):
            self.right_hand_check(e, getattr(e, "comma_pos", None))
        else:
            self.value_not_used(e, where)

    def right_hand_check(self, e, where):
        r = e
        while isinstance(r, Comma):
            where = getattr(r, "comma_pos", None) or where
            r = r.right
        if where is not None and not self.side_effects(r) and not r.type.is_void and \
                getattr(r, "cast_pos", None) is None:
            self.wwarn(where, "right-hand operand of comma expression has no effect",
                       "unused-value")

    def value_not_used(self, e, where):
        """gcc's warn_if_unused_value: True when it warned."""
        while True:
            if e.type.is_void:
                return False
            where = self.expr_loc(e) or where
            if isinstance(e, (IncDec, Assign, CompoundAssign, Call, StmtExpr)) or \
                    type(e).__name__ in ("VaArg", "VaStart", "VaCopy", "BitFieldRef"):
                return False
            if isinstance(e, Cast) and getattr(e, "cast_pos", None) is None:
                e = e.operand
                continue
            if isinstance(e, Comma):
                if self.value_not_used(e.left, where):
                    return True
                if isinstance(_bare(e.right), (Const, FloatConst)):
                    return False
                e = e.right
                continue
            if isinstance(e, Conditional) and self.side_effects(e):
                return False
            if self.volatile_access(e):
                return False
            if where is None:
                return False
            return self.wwarn(where, "value computed is not used", "unused-value")

    def expr_loc(self, e):
        """Where gcc puts an expression of the typed tree (None: it has no place of its
        own, as a variable has not)."""
        if isinstance(e, Cast):
            return getattr(e, "cast_pos", None) or self.expr_loc(e.operand)
        if isinstance(e, Comma):
            return getattr(e, "comma_pos", None)
        if isinstance(e, Deref):
            text = self.lines.get((e.pos[0], e.pos[1])) if e.pos else None
            if text is not None and e.pos[2] and text[e.pos[2] - 1:e.pos[2]] == "*":
                return e.pos
            return getattr(e, "bracket_pos", None)
        if isinstance(e, (Binary, Unary, Logical, Conditional, Assign, CompoundAssign, Call,
                          Const, FloatConst)):
            return e.pos
        if isinstance(e, IncDec) and e.prefix:
            return e.pos
        return None

    def side_effects(self, e):
        """Whether evaluating e does something besides computing a value (a store, a call,
        reading a volatile object)."""
        return _side_effects(e) or self.volatile_access(e, deep=True)

    def volatile_access(self, e, deep=False):
        from .flowcheck import sub_exprs
        stack = [e]
        while stack:
            x = stack.pop()
            if isinstance(x, VarRef) and getattr(x.sym, "volatile", False):
                return True
            if isinstance(x, Deref) and x.pointer.type.is_pointer and \
                    "volatile" in self.quals_of_target(x.pointer.type):
                return True
            if isinstance(x, Member):
                if (id(x.base.type), x.name) in self.volatile_members:
                    return True
                stack.append(x.base)
            elif deep:
                stack.extend(sub_exprs(x))
        return False

    def comma_before(self, cnode):
        """The ',' before an operand of a comma expression."""
        f, line, col = self.start_of(cnode)
        text = self.lines.get((f, line))
        if text is None or not col or col - 1 > len(text):
            return None
        i = col - 2
        while i >= 0 and text[i] in " \t":
            i -= 1
        return (f, line, i + 1) if i >= 0 and text[i] == "," else None

    @property
    def volatile_members(self):
        return self.__dict__.setdefault("_volatile_members", set())

    def record_type(self, node):
        t = super().record_type(node)
        for d in getattr(node, "decls", None) or ():
            if getattr(d, "name", None) and "volatile" in (_top_quals(d.type) or ()):
                self.volatile_members.add((id(t), d.name))
        return t

    def initializer(self, t, node, for_static):
        saved = getattr(self, "braced", False)
        self.braced = isinstance(node, c_ast.InitList)
        try:
            return super().initializer(t, node, for_static)
        finally:
            self.braced = saved

    def expr_ExprList(self, node):
        e = super().expr_ExprList(node)
        if self.func is not None:
            self.comma_checks(node, e)
        return e

    @_check
    def comma_checks(self, node, e):
        # ((x0, x1), x2): gcc builds the commas from the left, and checks each as built
        for comma, cnode in zip(reversed(_commas(e)[:len(node.exprs) - 1]), node.exprs[1:]):
            comma.comma_pos = where = self.comma_before(cnode)
            if where is None:
                continue
            left = comma.left
            if not self.side_effects(left):
                if not (left.type.is_void and (getattr(left, "cast_pos", None) or
                                               isinstance(left, Comma))):
                    self.wwarn(where, "left-hand operand of comma expression has no effect",
                               "unused-value")
            elif isinstance(left, Comma):
                self.right_hand_check(left, where)
            else:
                self.value_not_used(left, where)

    def expr_ArrayRef(self, node):
        where = self.subscript_check(node)
        e = super().expr_ArrayRef(node)
        if where is not None:
            e.bracket_pos = where
        return e

    @_check
    def subscript_check(self, node):
        where = self.bracket_pos(node)
        t = self.simple_type(node.subscript)
        if t is not None and t.is_integer and t.plain_char and \
                not isinstance(node.subscript, c_ast.Constant) and where is not None:
            self.wwarn(where, "array subscript has type 'char'", "char-subscripts")
        return where

    # -- subscripts, casts ---------------------------------------------------------------
    def simple_type(self, n):
        """The type of a simple expression (a name, *p, a[i], s.m, p->m) read from the
        declarations, without analysing it (None: not that simple)."""
        if isinstance(n, c_ast.ID):
            sym = self.lookup(n.name)
            return sym.type if sym is not None and sym.kind == "var" else None
        if isinstance(n, c_ast.UnaryOp) and n.op == "*" or isinstance(n, c_ast.ArrayRef):
            t = self.simple_type(n.expr if isinstance(n, c_ast.UnaryOp) else n.name)
            return t.base if t is not None and (t.is_pointer or t.is_array) else None
        if isinstance(n, c_ast.StructRef):
            t = self.simple_type(n.name)
            if t is not None and n.type == "->":
                t = t.base if t.is_pointer else None
            if t is None or not t.is_record or not t.is_complete:
                return None
            found = t.member(n.field.name)
            return found[1].type if found and not found[1].bit_width else None
        return None

    def expr_Cast(self, node):
        e = super().expr_Cast(node)
        if isinstance(e, Cast):
            e.cast_pos = self.pos(node)     # (the frontend's own conversions have none)
            self.cast_check(node, e)
        return e

    @_check
    def cast_check(self, node, e):
        o = e.operand
        if e.type.is_pointer and o.type.is_integer and o.type.size != 8 and \
                not isinstance(_bare(o), Const):
            self.wwarn(node, "cast to pointer from integer of different size",
                       "int-to-pointer-cast")

    # -- conversions as if by assignment -------------------------------------------------
    def expr_Assignment(self, node):
        saved = getattr(self, "assign_at", None)
        self.assign_at = self.pos(node)
        try:
            return super().expr_Assignment(node)
        finally:
            self.assign_at = saved

    def assign_convert(self, e, t, node, context, argnum=None, fname=None):
        if self.conversion_checks(e, t, node, context, argnum, fname):
            # the targets differ only in signedness: said here, not as incompatible
            return super().assign_convert(Cast(e, t, e.pos), t, node, context, argnum, fname)
        mark = len(self.diags)
        out = super().assign_convert(e, t, node, context, argnum, fname)
        if context == "argument" and len(self.diags) > mark and \
                self.diags[-1].severity in ("warning", "error") and \
                "passing argument" in self.diags[-1].message:
            self.argument_note(context, t, e.type, argnum, fname)
        return out

    @_check
    def conversion_checks(self, e, t, node, context, argnum, fname):
        """-Wdiscarded-qualifiers, -Wpointer-sign (True: said), -Woverflow."""
        src = e.type
        where = self.assign_at if context == "assignment" and \
            getattr(self, "assign_at", None) else self.start_of(node)
        if t.is_pointer and src.is_pointer:
            lost = self.quals_of_target(src) - self.quals_of_target(t)
            if lost and not t.base.is_function:
                q = " ".join(x for x in ("const", "volatile") if x in lost)
                what = {"initialization": "initialization", "assignment": "assignment",
                        "return": "return"}.get(context, f"passing argument {argnum} of "
                                                         f"'{fname}'")
                if self.wwarn(where, f"{what} discards '{q}' qualifier from pointer target "
                                     "type", "discarded-qualifiers"):
                    self.argument_note(context, t, src, argnum, fname)
            if _sign_only(t.base, src.base):
                msg = {"initialization": f"pointer targets in initialization of "
                                         f"'{self.spell(t)}' from '{self.spell(src)}' differ "
                                         "in signedness",
                       "assignment": f"pointer targets in assignment from '{self.spell(src)}' "
                                     f"to '{self.spell(t)}' differ in signedness",
                       "return": f"pointer targets in returning '{self.spell(src)}' from a "
                                 f"function with return type '{self.spell(t)}' differ in "
                                 "signedness"}.get(context, f"pointer targets in passing "
                                                            f"argument {argnum} of '{fname}' "
                                                            "differ in signedness")
                if self.wwarn(where, msg, "pointer-sign"):
                    self.argument_note(context, t, src, argnum, fname)
                return True
        b = _bare(e)
        if isinstance(b, Const) and b.type.is_integer and t.is_integer and not t.is_bool \
                and t.width is None and not _fits(b.value, t):
            new = t.wrap(b.value)
            # (an element of a braced initializer is named without its typedef)
            frm = self.spell(b.type, False)
            to = f"'{self.spell(t, False)}'" if getattr(self, "braced", False) else \
                self.type_name(t)
            if not t.signed and not _fits(b.value, _signed_of(t)):
                what = "conversion" if not b.type.signed else "unsigned conversion"
                self.wwarn(self.start_of(node), f"{what} from '{frm}' to {to} changes value "
                                                f"from '{b.value}' to '{new}'", "overflow")
            elif t.signed and not _fits(b.value, _unsigned_of(t)):
                self.wwarn(self.start_of(node), f"overflow in conversion from '{frm}' to "
                                                f"{to} changes value from '{b.value}' to "
                                                f"'{new}'", "overflow")
        return False

    def argument_note(self, context, t, src, argnum, fname):
        """gcc's note under a bad argument: the parameter's declaration."""
        if context != "argument":
            return
        sym = self.lookup(fname) if fname else None
        places = getattr(sym, "param_pos", None) if sym is not None else None
        if places and 0 < argnum <= len(places):
            self.note_at(places[argnum - 1], f"expected '{self.spell(t)}' but argument is of "
                                             f"type '{self.spell(src)}'")

@functools.lru_cache(maxsize=None)
def checking_frontend():
    """Frontend with the warning checks on (the class compile_c uses)."""
    from .frontend import Frontend

    class CheckingFrontend(WarningChecks, Frontend):
        pass
    return CheckingFrontend

def decl_name_pos(fe, node):
    """Where a declaration's name is (gcc's position for it; pycparser's Decl is at the
    first '*' of a pointer declarator, and with qualifiers elsewhere still): the name
    itself, found in the source from there."""
    t = getattr(node, "type", None)
    while t is not None and not isinstance(t, c_ast.TypeDecl):
        t = getattr(t, "type", None)
    pos = fe.pos(t) if t is not None and getattr(t, "coord", None) is not None \
        else fe.pos(node)
    name = getattr(node, "name", None)
    text = fe.lines.get((pos[0], pos[1]))
    if name and text is not None and pos[2]:
        i = pos[2] - 1
        while True:
            i = text.find(name, i)
            if i < 0:
                break
            before = text[i - 1:i] if i else ""
            after = text[i + len(name):i + len(name) + 1]
            if not (before.isalnum() or before == "_") and not (after.isalnum() or after == "_"):
                return (pos[0], pos[1], i + 1)
            i += 1
    return pos


def _top_quals(t):
    while isinstance(t, c_ast.ArrayDecl):
        t = t.type
    return getattr(t, "quals", None)


def _join(base, inner):
    if not inner:
        return base
    return base + inner if inner.startswith("[") else f"{base} {inner}"


_SWAP = {"==": "==", "!=": "!=", "<": ">", ">": "<", "<=": ">=", ">=": "<="}


def _bare(e):
    """e without the conversions the frontend added."""
    while isinstance(e, Cast) and getattr(e, "cast_pos", None) is None:
        e = e.operand
    return e


def _commas(e):
    out = []
    while isinstance(e, Comma):
        out.append(e)
        e = e.left
    return out


def _boolean(e):
    """A truth value: _Bool, or !x, a comparison, && / ||."""
    b = _bare(e)
    if b.type.is_integer and b.type.is_bool:
        return True
    return isinstance(b, Logical) or (isinstance(b, Unary) and b.op == "!") or \
        (isinstance(b, Binary) and b.op in ("==", "!=", "<", "<=", ">", ">="))


def _address_of(e, local=False, direct=False):
    """The variable or function whose address e is (&x, an array, a function name; with
    `direct` not a member of it)."""
    e = _bare(e)
    if not isinstance(e, AddrOf):
        return None
    x = e.operand
    while isinstance(x, Member) and not direct:
        x = x.base
    if not isinstance(x, VarRef):
        return None
    sym = x.sym
    if local:
        if sym.kind != "var" or sym.storage not in ("auto", "param") or \
                sym.name.startswith("__"):
            return None
    return sym


def _null_constant(e):
    b = _bare(e)
    while isinstance(b, Cast) and (b.type.is_integer or b.type.is_pointer):
        b = b.operand
    return isinstance(b, Const) and b.value == 0


def _side_effects(e):
    """Whether evaluating e does something besides computing a value."""
    from .flowcheck import sub_exprs
    from .tree import VaArg, VaStart, VaCopy
    stack = [e]
    while stack:
        x = stack.pop()
        if isinstance(x, (Assign, CompoundAssign, IncDec, Call, StmtExpr, VaStart, VaArg,
                          VaCopy, Builtin)) or getattr(x, "effects", False):
            return True
        if isinstance(x, Deref) and getattr(x, "volatile", False):
            return True
        stack.extend(sub_exprs(x))
    return False


def _sign_only(a, b):
    """Two integer types that differ only in signedness (char, signed char, unsigned
    char count as such)."""
    return isinstance(a, T.IntType) and isinstance(b, T.IntType) and a.size == b.size and \
        a.kind == b.kind and not a.is_bool and (a.signed != b.signed or
                                                 a.plain_char != b.plain_char) and \
        a.enum_tag is None and b.enum_tag is None


def _fits(v, t):
    bits = t.bits
    lo, hi = (-(1 << (bits - 1)), (1 << (bits - 1)) - 1) if t.signed else (0, (1 << bits) - 1)
    return lo <= v <= hi


def _signed_of(t):
    return T.IntType(t.kind, t.size, True)


def _unsigned_of(t):
    return T.IntType(t.kind, t.size, False)


def _nonnegative(e):
    """Whether an integer expression can never be negative, as far as gcc's
    tree_expr_nonnegative_p sees (-Wsign-compare is quiet about those)."""
    b = e
    while isinstance(b, Cast):
        inner = b.operand
        if inner.type.is_integer and not inner.type.signed and \
                inner.type.size < b.type.size:
            return True             # zero-extended
        if not (inner.type.is_integer and inner.type.size <= b.type.size):
            break
        b = inner
    if b.type.is_integer and not b.type.signed:
        return True
    if isinstance(b, Const):
        return b.value >= 0
    if isinstance(b, (Logical,)) or (isinstance(b, Unary) and b.op == "!"):
        return True
    if isinstance(b, Binary):
        if b.op in ("==", "!=", "<", "<=", ">", ">="):
            return True
        if b.op == "&":
            return _nonnegative(b.left) or _nonnegative(b.right)
        if b.op in ("|", "^", "%", "/", "+", "*"):
            return _nonnegative(b.left) and _nonnegative(b.right)
        if b.op == ">>":
            return _nonnegative(b.left)
    if isinstance(b, Conditional):
        return _nonnegative(b.then) and _nonnegative(b.other)
    if isinstance(b, Comma):
        return _nonnegative(b.right)
    if isinstance(b, Assign):
        return _nonnegative(b.value)
    return False
