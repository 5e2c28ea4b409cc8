"""The preprocessor proper: file buffers, the base token stream with its directives,
and the main loop that feeds the printer.

Entry point: `preprocess(...)` (re-exported by the package).
"""
from __future__ import annotations

import copy
import os
import sys
from bisect import bisect_right

from ..diagnostics import Diagnostic, ToolError
from ..target import X86_64, get_target
from .directives import Directives
from .expand import MacroExpander
from .files import LIBC_INCLUDE, SourceFile, build_chain, read_disk
from .lexer import NEWLINE, Lexer, relex_single, token_regex
from .macros import VA_ARGS_WARNING, VA_OPT_WARNING, Macro
from .output import Printer
from .predefined import (DYNAMIC, SPECIAL_OPERATORS, all_predefined, check_opt, check_std,
                         is_iso)
from .records import IncludeRecord, PreprocessResult
from .tokens import BOL, EOF, NAME, PADDING, PREV_WHITE, PUNCT, Token

MAX_INCLUDE_DEPTH = 200
_VA_NAMES = frozenset(("__VA_ARGS__", "__VA_OPT__"))
_BUILTIN_CACHE: dict = {}


class Fatal(Exception):
    """Stops preprocessing at once (GCC's "fatal error", e.g. a missing #include)."""


class Buffer:
    """One file being read: its lexer and its stack of open conditionals."""

    __slots__ = ("file", "lexer", "if_stack", "key", "virtual", "from_loc")

    def __init__(self, file, lexer, key, virtual=False):
        self.file = file
        self.lexer = lexer
        self.if_stack = []
        self.key = key
        self.virtual = virtual
        self.from_loc = None


class Presumed:
    """#line and system_header change the name/line/system-ness GCC reports for the
    rest of a file; this keeps those changes per physical line."""

    __slots__ = ("starts", "entries")

    def __init__(self):
        self.starts = []
        self.entries = []

    def add(self, from_line, name, delta, sysp):
        self.starts.append(from_line)
        self.entries.append((name, delta, sysp))


def _presumed(src: SourceFile, line: int):
    p = getattr(src, "presumed_map", None)
    if p is None or not p.starts:
        return src.name, line, src.sysp
    i = bisect_right(p.starts, line) - 1
    if i < 0:
        return src.name, line, src.sysp
    name, delta, sysp = p.entries[i]
    return name, line + delta, sysp


class Preprocessor(MacroExpander, Directives):
    def __init__(self, *, target, include_dirs, quote_dirs, system_dirs, linemarkers,
                 keep_comments, std, read_file, opt_level=0):
        self.target = target
        self.opt_level = opt_level
        self.std = check_std(std)
        self.iso = is_iso(std)
        self.read = read_file or read_disk
        self.chain, self.bracket_start = build_chain(quote_dirs, include_dirs, system_dirs)
        self.keep_comments = keep_comments
        # ISO C90 has no `//` comments: GCC still skips them (after one error per file),
        # so the lexer always knows them and is told to complain.
        self.c90 = std in ("c89", "c90", "iso9899:1990", "iso9899:199409")
        self.regex = token_regex(line_comments=True, extended_numbers=not self.c90)
        self.printer = Printer(linemarkers)
        self.macros: dict[str, Macro] = {}
        self.poisoned: set[str] = set()
        self.pushed_macros: dict[str, list] = {}
        # Token stream state (libcpp's pfile->state).
        self.contexts = []
        self.lookahead: list[Token] = []
        self.buffers: list[Buffer] = []
        self.in_directive = False
        self.directive_eol = False
        self.directive_eof = None
        self.directive_raw: list[Token] = []
        self.directive_wants_padding = False
        self.prevent_expansion = 0
        self.parsing_args = 0
        self.skipping = False
        self.invocation = None
        self.about_to_expand = False
        self.loc_token = None
        self.last_lexed = None
        self.last_returned = None
        self.pending_line_change = False
        self.main_done = False
        self.counter = 0
        self.directive_name = None
        self.header_at_eol = False     # a <header-name lost its ">" (directives.py)
        # Multiple-include optimisation (GCC's mi_valid / mi_cmacro).
        self.mi_valid = False
        self.mi_cmacro = None
        self.mi_ind_cmacro = None
        self.guards: dict[str, str] = {}
        self.once: set[str] = set()
        self.seen_files: dict[str, str] = {}
        # Results.
        self.diags: list[Diagnostic] = []
        self.last_chain = ()
        self.includes_seen = set()
        self.expr_origins = {}
        self.arg_depth = 0
        self.errors = 0
        self.tracing = True
        self.expansions = []
        self.record_stack = []
        self.includes: list[IncludeRecord] = []
        self.skipped = []
        self.skip_start = None
        self.dependencies: list[str] = []
        self.base_file = None

    # --- diagnostics ------------------------------------------------------------------

    def presumed_name(self, tok) -> str:
        return _presumed(tok.src, tok.line)[0] if tok.src else "<built-in>"

    def presumed_line(self, tok) -> int:
        return _presumed(tok.src, tok.line)[1] if tok.src else 0

    def _diag(self, severity, tok, message, line_only=False, notes=()):
        """Record a diagnostic as GCC prints it: the include chain first when it changed
        ("In file included from ..."), the message, then its notes. A note is
        (macro, text) for "defined here" (a line, no column) or ((src, line, col), text)."""
        if tok is None or tok.src is None:
            d = Diagnostic(None, 0, 0, severity, message, tool="cpp")
        else:
            name, line, _ = _presumed(tok.src, tok.line)
            if tok.src.name.startswith("<"):
                d = Diagnostic(tok.src.name, 0, 0, severity, message)
            else:
                col = 0 if line_only else tok.col
                d = Diagnostic(name, line, col, severity, message,
                               tok.src.line_text(tok.line) if col else None)
                self.include_context(tok.src)
        self.diags.append(d)
        if severity in ("error", "fatal error"):
            self.errors += 1
        for where, text in notes:
            if isinstance(where, tuple):
                src, line, col = where
            else:
                src, line, col = where.file, where.line, 0
            if src is None or src.name.startswith("<"):
                continue
            name, pline, _ = _presumed(src, line)
            self.include_context(src)
            self.diags.append(Diagnostic(name, pline, col, "note", text,
                                         src.line_text(line) if col else None))

    def include_context(self, src):
        """GCC's diagnostic_report_current_module: "In file included from b.h:1," /
        "                 from e.c:1:" before the first message from another header."""
        chain = getattr(src, "include_chain", ())
        if chain == self.last_chain:
            return
        self.last_chain = chain
        # Each #include is shown once (GCC's includes_seen): a second message from a
        # header whose chain was already printed gets no chain.
        if not chain or chain[0] in self.includes_seen:
            return
        self.includes_seen.update(chain)
        for k, (name, line) in enumerate(chain):
            head = "In file included from" if k == 0 else "                 from"
            end = ":" if k == len(chain) - 1 else ","
            self.diags.append(Diagnostic(None, 0, 0, "", f"{head} {name}:{line}{end}"))

    def error_at(self, tok, message, notes=(), line_only=False):
        self._diag("error", tok, message, line_only, notes)

    def warning_at(self, tok, message, line_only=False, notes=()):
        self._diag("warning", tok, message, line_only, notes)

    def error_here(self, message):
        self._diag("error", self.last_lexed, message)

    def warning_here(self, message):
        self._diag("warning", self.last_lexed, message)

    def fatal_at(self, tok, message):
        self._diag("fatal error", tok, message)
        self.diags.append(Diagnostic(None, 0, 0, "", "compilation terminated."))
        raise Fatal()

    def report_from_lexer(self, severity, file, line, col, message):
        tok = Token(EOF, "", 0, file, line, col)
        self._diag(severity, tok, message)

    # --- files ------------------------------------------------------------------------

    def read_source(self, path):
        if path in self.seen_files:
            return self.seen_files[path]
        text = self.read(path)
        if text is not None:
            self.seen_files[path] = text
        return text

    def push_buffer(self, file: SourceFile, key, virtual=False):
        lexer = Lexer(file, self.regex, self.keep_comments, self.report_from_lexer)
        lexer.c90_comments = self.c90
        buf = Buffer(file, lexer, key, virtual)
        self.buffers.append(buf)
        if not virtual:
            self.mi_valid = True
            self.mi_cmacro = None
        return buf

    @property
    def buffer(self) -> Buffer:
        return self.buffers[-1]

    def pop_buffer(self) -> bool:
        """End of a file: report open conditionals, return to the includer.
        False at the end of the main file."""
        buf = self.buffers[-1]
        for ifs in reversed(buf.if_stack):
            self.error_at(ifs.tok, f"unterminated #{ifs.kind}", line_only=True)
        buf.if_stack.clear()
        self.set_skipping(False, None)
        if self.mi_valid and buf.key not in self.guards and self.mi_cmacro:
            self.guards[buf.key] = self.mi_cmacro
        self.mi_valid = False
        if len(self.buffers) == 1:
            self.main_done = True
            return False
        self.buffers.pop()
        parent = self.buffers[-1]
        line, _ = parent.file.spliced.position(parent.lexer.pos)
        name, pline, sysp = _presumed(parent.file, line)
        self.printer.file_change(name, pline, sysp, "leave")
        return True

    # --- the base token stream --------------------------------------------------------

    def lex_token(self) -> Token:
        """libcpp's _cpp_lex_token: next token from the files, running directives."""
        while True:
            if self.lookahead:
                tok = self.lookahead.pop()
                if self.in_directive:
                    return tok
            else:
                buf = self.buffers[-1]
                lexer = buf.lexer
                if self.in_directive:
                    if self.directive_eol:
                        return self.directive_eof
                    tok = lexer.lex()
                    while tok.kind == "comment":
                        tok = lexer.lex()
                    if tok.kind == NEWLINE or tok.kind == EOF:
                        self.directive_eol = True
                        line, col = buf.file.spliced.position(max(lexer.pos - 1, 0))
                        self.directive_eof = Token(EOF, "", 0, buf.file, line, col)
                        self.last_lexed = self.directive_eof
                        return self.directive_eof
                    self.last_lexed = tok
                    self.directive_raw.append(tok)
                    if tok.kind == NAME and tok.text in _VA_NAMES and not self.skipping \
                            and self.directive_name != "define":
                        self.va_warning(tok)     # (#define checks its own operands)
                    return tok
                lexer.skipping = self.skipping
                tok = lexer.lex()
                if tok.kind == NEWLINE:
                    continue
                if tok.kind == EOF:
                    self.last_lexed = tok
                    if self.parsing_args or self.main_done:
                        return tok
                    if self.pop_buffer():
                        continue
                    return tok
                self.last_lexed = tok
                if tok.kind == NAME and tok.text in _VA_NAMES and not self.skipping:
                    self.va_warning(tok)
            if tok.flags & BOL:
                if self.parsing_args == 2:
                    tok.flags |= PREV_WHITE
                if tok.kind == PUNCT and tok.op == "#" and self.parsing_args != 1:
                    self.handle_directive(tok)
                    continue
                if self.skipping:
                    self.mi_valid = False
                    self.buffers[-1].lexer.skip_line()
                    continue
                if not self.parsing_args:
                    self.line_change(tok)
            self.mi_valid = False
            self.last_returned = tok
            return tok

    def va_warning(self, tok):
        """GCC's lexer: __VA_ARGS__/__VA_OPT__ outside a variadic macro's body."""
        self.warning_at(tok, VA_ARGS_WARNING if tok.text == "__VA_ARGS__" else VA_OPT_WARNING)

    def unlex(self):
        if self.in_directive:
            if self.last_lexed is not None and self.last_lexed.kind != EOF:
                self.lookahead.append(self.last_lexed)
            return
        self.lookahead.append(self.last_returned)

    def line_change(self, tok):
        self.pending_line_change = False
        name, line, sysp = _presumed(tok.src, tok.line)
        self.printer.line_change(name, line, tok.col, sysp)

    def relex(self, text):
        return relex_single(text, self.regex)

    # --- where a token is, for the printer --------------------------------------------

    def token_loc(self, tok):
        src = tok.src
        if src is None:
            return ("", 0, 0, -1)
        if self.contexts:
            inv = self.invocation
            name, line, _ = _presumed(inv.src, inv.line)
            sysp = _presumed(src, tok.line)[2]
            return (name, line, inv.col, sysp)
        name, line, sysp = _presumed(src, tok.line)
        return (name, line, tok.col, sysp)

    # --- set up and run ---------------------------------------------------------------

    def define_builtins(self, defines, undefines):
        for name in DYNAMIC:
            self.macros[name] = Macro(name, builtin=name)
        for name in SPECIAL_OPERATORS:
            self.macros[name] = Macro(name, builtin=name)
        self.macros["_Pragma"] = Macro("_Pragma", builtin="_Pragma")
        # Some 350 definitions: parsed once per target/standard/-O, copied for each run
        # (a Macro carries per-run state: disabled, used).
        key = (id(self.target), self.target.name, self.std, self.opt_level)
        cached = _BUILTIN_CACHE.get(key)
        if cached is None:
            before = set(self.macros)
            lines = [f"#define {n} {v}"
                     for n, v in all_predefined(self.target, self.std, self.opt_level)]
            self.run_virtual("<built-in>", "\n".join(lines) + "\n", sysp=-1)
            cached = _BUILTIN_CACHE[key] = [copy.copy(m) for n, m in self.macros.items()
                                            if n not in before]
        else:
            for m in cached:
                self.macros[m.name] = copy.copy(m)
        cmd = []
        for d in defines:
            name, eq, value = str(d).partition("=")
            cmd.append(f"#define {name} {value if eq else '1'}")
        for u in undefines:
            cmd.append(f"#undef {u}")
        if cmd:
            self.run_virtual("<command-line>", "\n".join(cmd) + "\n", sysp=0)

    def run_virtual(self, name, text, sysp):
        """Run directives from a pseudo-file (<built-in>, <command-line>)."""
        file = SourceFile(name, text, sysp=sysp)
        buf = self.push_buffer(file, name, virtual=True)
        saved_printer = self.printer
        self.printer = _Mute()
        try:
            while True:
                tok = buf.lexer.lex()
                if tok.kind == EOF:
                    break
                if tok.kind == NEWLINE:
                    continue
                if tok.flags & BOL and tok.kind == PUNCT and tok.op == "#":
                    self.handle_directive(tok)
                else:
                    self.error_at(tok, "expected a directive")
                    buf.lexer.skip_line()
        finally:
            self.printer = saved_printer
            self.buffers.pop()

    def run(self, filename, source):
        if source is None:
            source = self.read(filename)
            if source is None:
                self.diags.append(Diagnostic(None, 0, 0, "fatal error",
                                             f"{filename}: No such file or directory", tool="cc1"))
                self.errors += 1
                raise Fatal()
        main = SourceFile(filename, source)
        self.base_file = filename
        self.dependencies.append(filename)
        self.includes.append(IncludeRecord(filename, 0))
        self.printer.file_change(filename, 0, 0, "rename")
        if self.printer.linemarkers:
            self.printer.file_change("<built-in>", 0, 0, "rename")
        self.define_builtins(self._defines, self._undefines)
        if self.printer.linemarkers:
            self.printer.file_change("<command-line>", 0, 0, "rename")
            self.printer.file_change(filename, 1, 0, "rename")
        self.push_buffer(main, os.path.normpath(filename))
        self.scan()

    def scan(self):
        printer = self.printer
        token = printer.token
        get = self.get_token
        records = self.record_stack
        while True:
            tok = get()
            kind = tok.kind
            if kind == PADDING:
                token(tok, None)
                if records:
                    self.note_output(tok)     # spacing, for the trace's rendering
                continue
            if kind == EOF:
                if self.main_done:
                    break
                continue
            if records:
                self.note_output(tok)
            if self.pending_line_change:
                # After a _Pragma GCC restarts the line at the next token's column
                # (with -P it reuses a stale token slot: column 1 in practice).
                self.pending_line_change = False
                name, line, col, sysp = self.token_loc(tok)
                printer.line_change(name, line, col if printer.linemarkers else 1, sysp)
            token(tok, self.token_loc(tok))

    def result(self) -> PreprocessResult:
        text = self.printer.text()
        for rec in list(self.record_stack):
            self.finish_record(rec)
        warnings = [d for d in self.diags]
        return PreprocessResult(
            text=text, expansions=self.expansions, includes=self.includes,
            line_map=self.printer.line_map, skipped=self.skipped, diagnostics=warnings,
            dependencies=self.dependencies,
            macros={n: m.definition for n, m in self.macros.items() if m.builtin is None})


class _Mute:
    """A printer that prints nothing (while running <built-in> and <command-line>)."""
    linemarkers = False

    def __getattr__(self, name):
        return lambda *a, **k: False


def preprocess(filename: str, source: str | None = None, *, target=X86_64,
               include_dirs=(), quote_dirs=(), system_dirs=None,
               defines=(), undefines=(), linemarkers=True, keep_comments=False,
               std="gnu17", read_file=None, opt_level=0) -> PreprocessResult:
    """Preprocess one C file the way `gcc -E` does; see the package docstring.
    `opt_level` (0-3, "s", "z", "g", as -O) only decides __OPTIMIZE__ and friends."""
    target = get_target(target)
    try:
        check_std(std)
        opt_level = check_opt(opt_level)
    except ValueError as e:
        raise ToolError([Diagnostic(None, 0, 0, "error", str(e), tool="cpp")]) from None
    if system_dirs is None:
        system_dirs = [LIBC_INCLUDE]
    pp = Preprocessor(target=target, include_dirs=list(include_dirs),
                      quote_dirs=list(quote_dirs), system_dirs=list(system_dirs),
                      linemarkers=linemarkers, keep_comments=keep_comments, std=std,
                      read_file=read_file, opt_level=opt_level)
    pp._defines = list(defines)
    pp._undefines = list(undefines)
    # Nested macro calls recurse (each argument is expanded on its own); allow deep ones.
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 20000))
    try:
        pp.run(filename, source)
    except Fatal:
        raise ToolError(pp.diags) from None
    except RecursionError:
        pp.diags.append(Diagnostic(filename, 0, 0, "fatal error",
                                   "macro expansion nested too deeply"))
        raise ToolError(pp.diags) from None
    finally:
        sys.setrecursionlimit(limit)
    if pp.errors:
        raise ToolError(pp.diags)
    return pp.result()
