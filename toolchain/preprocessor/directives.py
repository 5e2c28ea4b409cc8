"""Preprocessing directives (C11 6.10): dispatch and one handler per directive.

Mixed into the Preprocessor (engine.py). A handler reads its operands with
`lex_token()` (raw) or `get_token()` (macro-expanded); whatever it leaves on the line is
dropped by `end_directive`, after `check_eol` has warned about it where GCC does.
"""
from __future__ import annotations

import os

from .expand import IN_DEFINITION
from .expr import Evaluator, ExprError, Value, interpret_char, interpret_number
from .files import SourceFile, join
from .macros import (VA_ARGS_WARNING, VA_OPT_WARNING, DefineError, parse_define,
                     same_definition)
from .output import quote_name
from .records import IncludeRecord, SkippedGroup
from .tokens import (CHAR, EOF, HEADER, NAME, NUMBER, PADDING, PREV_WHITE, PUNCT, STRING,
                     Token, spell)

COND = 1        # conditional directive: runs even in a skipped group
IF_COND = 2     # opens a conditional (does not spoil an include guard)
INCL = 4        # takes a header name

class IfState:
    __slots__ = ("kind", "tok", "was_skipping", "skip_elses", "mi_cmacro")

    def __init__(self, kind, tok, was_skipping, skip_elses, mi_cmacro):
        self.kind = kind
        self.tok = tok
        self.was_skipping = was_skipping
        self.skip_elses = skip_elses
        self.mi_cmacro = mi_cmacro


class Directives:
    DIRECTIVES = {
        "define": ("do_define", 0), "undef": ("do_undef", 0),
        "include": ("do_include", INCL), "include_next": ("do_include_next", INCL),
        "import": ("do_import", INCL),
        "if": ("do_if", COND | IF_COND), "ifdef": ("do_ifdef", COND | IF_COND),
        "ifndef": ("do_ifndef", COND | IF_COND), "elif": ("do_elif", COND),
        "elifdef": ("do_elifdef", COND), "elifndef": ("do_elifndef", COND),
        "else": ("do_else", COND), "endif": ("do_endif", COND),
        "line": ("do_line", 0), "error": ("do_error", 0), "warning": ("do_warning", 0),
        "pragma": ("do_pragma", 0), "ident": ("do_ident", 0), "sccs": ("do_ident", 0),
        "assert": ("do_assert", 0), "unassert": ("do_assert", 0),
    }

    # --- dispatch ---------------------------------------------------------------------

    def handle_directive(self, hash_tok):
        was_parsing, was_prevent = self.parsing_args, self.prevent_expansion
        self.parsing_args = 0
        self.prevent_expansion = 0
        self.in_directive = True
        self.directive_eol = False
        self.directive_raw = []
        self.directive_hash = hash_tok
        try:
            dname = self.lex_token()
            handler = None
            self.directive_name = dname.text
            if dname.kind == NAME and dname.text in self.DIRECTIVES:
                method, flags = self.DIRECTIVES[dname.text]
                if not flags & IF_COND:
                    self.mi_valid = False
                self.directive_wants_padding = bool(flags & INCL)
                if not self.skipping or flags & COND:
                    handler = getattr(self, method)
            elif dname.kind == NUMBER:
                if not self.skipping:
                    self.mi_valid = False
                    handler = self.do_linemarker
            elif dname.kind == EOF:
                pass        # the null directive
            elif not self.skipping:
                self.mi_valid = False
                self.error_at(dname, f"invalid preprocessing directive #{dname.text}")
            if handler is not None:
                handler(dname)
        finally:
            self.end_directive()
            self.directive_name = None
            self.parsing_args, self.prevent_expansion = was_parsing, was_prevent

    def end_directive(self):
        while self.contexts:
            self.pop_context()
        self.lookahead.clear()
        if not self.directive_eol:
            self.buffers[-1].lexer.skip_line()
            self.directive_eol = True
        self.in_directive = False
        self.directive_wants_padding = False

    def finish_line(self):
        """Drop the rest of the directive line now (before #include switches files)."""
        while self.contexts:
            self.pop_context()
        self.lookahead.clear()
        if not self.directive_eol:
            self.buffers[-1].lexer.skip_line()
            self.directive_eol = True

    def check_eol(self, directive, tag=""):
        tok = self.lex_token()
        if tok.kind != EOF:
            self.warning_at(tok, f"extra tokens at end of #{directive} directive{tag}")

    def rest_of_line(self):
        toks = []
        while True:
            tok = self.lex_token()
            if tok.kind == EOF:
                return toks
            toks.append(tok)

    # --- macros -----------------------------------------------------------------------

    def macro_name(self, directive):
        """The identifier a #define/#undef/#ifdef names, or None after an error."""
        tok = self.lex_token()
        if tok.kind == EOF:
            self.error_at(tok, f"no macro name given in #{directive} directive")
            return None
        if tok.kind != NAME:
            self.error_at(tok, "macro names must be identifiers")
            return None
        if tok.text == "defined":
            self.error_at(tok, '"defined" cannot be used as a macro name')
            return None
        if tok.text in ("__has_include", "__has_include_next") and directive in ("define", "undef"):
            self.error_at(tok, f'"{tok.text}" cannot be used as a macro name')
            return None
        return tok

    def do_define(self, dname):
        name = self.macro_name("define")
        if name is None:
            return
        if name.text in self.poisoned:
            self.error_at(name, f'attempt to use poisoned "{name.text}"')
        if name.text == "__VA_ARGS__":
            self.warning_at(name, VA_ARGS_WARNING)
        elif name.text == "__VA_OPT__":
            self.warning_at(name, VA_OPT_WARNING)
        toks = self.rest_of_line()
        for t in toks:
            t.flags |= IN_DEFINITION
        toks.append(self.directive_eof)
        try:
            macro = parse_define(name, toks, self.buffers[-1].file,
                                 lambda t, m: self.warning_at(t, m))
        except DefineError as e:
            self.error_at(e.tok, e.message)
            return
        macro.end_line = self.directive_eof.line
        old = self.macros.get(name.text)
        if old is not None:
            if old.builtin is not None:
                self.warning_at(name, f'"{name.text}" redefined', line_only=True)
            elif not same_definition(old, macro):
                self.warning_at(name, f'"{name.text}" redefined', line_only=True,
                                notes=[(old, "this is the location of the previous definition")])
        self.macros[name.text] = macro

    def do_undef(self, dname):
        name = self.macro_name("undef")
        if name is None:
            return
        old = self.macros.get(name.text)
        if old is not None:
            if old.builtin is not None:
                self.warning_at(name, f'undefining "{name.text}" [-Wbuiltin-macro-redefined]',
                                line_only=True)
            del self.macros[name.text]
        self.check_eol("undef")

    # --- conditionals -----------------------------------------------------------------

    def set_skipping(self, skip, directive_tok, text=None):
        """Switch skipping on/off, keeping the record of skipped groups."""
        if skip and not self.skipping and directive_tok is not None:
            self.skip_start = (directive_tok, text, getattr(self, "skip_why", ("", None)))
        elif not skip and self.skipping and self.skip_start is not None:
            start_tok, start_text, (why, value) = self.skip_start
            end_line = (directive_tok.line - 1) if directive_tok is not None else \
                self.buffers[-1].file.spliced.position(self.buffers[-1].lexer.pos)[0]
            name, first, _ = self._presumed_of(start_tok)
            self.skipped.append(SkippedGroup(name, start_tok.line + 1, max(end_line, start_tok.line),
                                             start_text, start_tok.line, why, value))
            self.skip_start = None
        self.skipping = skip

    def _presumed_of(self, tok):
        from .engine import _presumed
        return _presumed(tok.src, tok.line)

    def directive_text(self, dname):
        """The directive line as written, for the skipped-group record."""
        text = dname.src.spliced.line_text(dname.line) if dname.src else ""
        return " ".join(text.split())

    def push_conditional(self, skip, kind, dname, cmacro=None):
        buf = self.buffers[-1]
        mi = cmacro if (self.mi_valid and self.mi_cmacro is None) else None
        buf.if_stack.append(IfState(kind, dname, self.skipping, self.skipping or not skip, mi))
        if not self.skipping:
            self.set_skipping(skip, dname, self.directive_text(dname))

    def do_if(self, dname):
        skip = True
        cmacro = None
        if not self.skipping:
            value = self.eval_if(dname, "if")
            skip = not value
            self.skip_why = ("the condition is 0", 0)
            cmacro = self.if_not_defined_macro()
        self.push_conditional(skip, "if", dname, cmacro)

    def do_ifdef(self, dname, negate=False):
        skip = True
        cmacro = None
        if not self.skipping:
            kind = "ifndef" if negate else "ifdef"
            name = self.macro_name(kind)
            if name is not None:
                defined = self.is_defined(name.text)
                skip = defined if negate else not defined
                self.skip_why = (f"{name.text} is {'' if defined else 'not '}defined",
                                 int(defined))
                if negate:
                    cmacro = name.text
                self.check_eol(kind)
        self.push_conditional(skip, "ifndef" if negate else "ifdef", dname, cmacro)

    def do_ifndef(self, dname):
        self.do_ifdef(dname, negate=True)

    def top_if(self, dname, directive):
        buf = self.buffers[-1]
        if not buf.if_stack:
            self.error_at(dname, f"#{directive} without #if")
            return None
        return buf.if_stack[-1]

    def _after_else(self, ifs, dname, directive):
        if ifs.kind == "else":
            self.error_at(dname, f"#{directive} after #else")
            self.error_note(ifs.tok, "the conditional began here")

    def error_note(self, tok, text):
        # GCC prints this one as an error of its own, at the line of the #if.
        self.error_at(tok, text, line_only=True)

    def do_elif(self, dname, mode=None):
        directive = {None: "elif", False: "elifdef", True: "elifndef"}[mode]
        ifs = self.top_if(dname, directive)
        if ifs is None:
            return
        self._after_else(ifs, dname, directive)
        ifs.kind = directive
        if ifs.skip_elses:
            if not self.skipping:
                self.skip_why = ("an earlier branch was taken", None)
                self.set_skipping(True, dname, self.directive_text(dname))
        else:
            if mode is None:
                was = self.skipping
                self.skipping = False
                taken = self.eval_if(dname, "elif")
                self.skipping = was
                self.skip_why = ("the condition is 0", 0)
            else:
                name = self.macro_name(directive)
                taken = False
                if name is not None:
                    taken = self.is_defined(name.text) != mode
                    self.skip_why = (f"{name.text} is {'' if mode else 'not '}defined",
                                     int(mode))
                    self.check_eol(directive)
            ifs.skip_elses = taken
            self.set_skipping(not taken, dname, self.directive_text(dname))
        ifs.mi_cmacro = None

    def do_elifdef(self, dname):
        self.do_elif(dname, mode=False)

    def do_elifndef(self, dname):
        self.do_elif(dname, mode=True)

    def do_else(self, dname):
        ifs = self.top_if(dname, "else")
        if ifs is None:
            return
        self._after_else(ifs, dname, "else")
        ifs.kind = "else"
        self.skip_why = ("an earlier branch was taken", None)
        self.set_skipping(ifs.skip_elses, dname, self.directive_text(dname))
        ifs.skip_elses = True
        ifs.mi_cmacro = None
        if not ifs.was_skipping:
            self.check_eol("else", " [-Wendif-labels]")

    def do_endif(self, dname):
        ifs = self.top_if(dname, "endif")
        if ifs is None:
            return
        buf = self.buffers[-1]
        if not ifs.was_skipping:
            self.check_eol("endif", " [-Wendif-labels]")
        if len(buf.if_stack) == 1 and ifs.mi_cmacro:
            self.mi_valid = True
            self.mi_cmacro = ifs.mi_cmacro
        buf.if_stack.pop()
        self.set_skipping(ifs.was_skipping, dname)

    def is_defined(self, name):
        return name in self.macros

    # --- #if expressions --------------------------------------------------------------

    def eval_if(self, dname, directive) -> bool:
        self.directive_raw = []
        self.expr_origins = {}
        ev = Evaluator(self, directive)
        try:
            return ev.evaluate()
        except ExprError as e:
            origin = self.expr_origins.get(id(e.tok))
            notes = self.macro_notes(*origin) if origin and origin[0] is e.tok else ()
            self.error_at(e.tok, e.message, notes=notes)
            return False
        finally:
            self.expr_origins = {}

    def if_not_defined_macro(self):
        """`#if !defined X` / `#if !defined(X)` is an include guard too (GCC)."""
        raw = [t for t in self.directive_raw if t.kind != PADDING]
        texts = [t.text for t in raw]
        if len(raw) == 3 and texts[:2] == ["!", "defined"] and raw[2].kind == NAME:
            return texts[2]
        if len(raw) == 5 and texts[:3] == ["!", "defined", "("] and raw[3].kind == NAME \
                and texts[4] == ")":
            return texts[3]
        return None

    def expr_token(self):
        while True:
            tok = self.get_token()
            if tok.kind == PADDING:
                continue
            if self.record_stack:
                self.note_output(tok)
            if self.contexts:
                # Where it came from, should an error be reported at it.
                self.expr_origins[id(tok)] = (tok, list(self.contexts), self.contexts[-1].pos - 1)
            if tok.kind == NAME:
                if tok.text == "defined":
                    return self.parse_defined(tok)
                if tok.text in ("__has_include", "__has_include_next"):
                    return self.parse_has_include(tok)
            return tok

    def parse_defined(self, dtok):
        self.prevent_expansion += 1
        try:
            tok = self.get_token_np()
            paren = False
            if tok.kind == PUNCT and tok.op == "(":
                paren = True
                tok = self.get_token_np()
            if tok.kind != NAME:
                raise ExprError(tok, 'operator "defined" requires an identifier')
            if paren:
                close = self.get_token_np()
                if not (close.kind == PUNCT and close.op == ")"):
                    raise ExprError(close, "missing ')' after \"defined\"")
            value = self.is_defined(tok.text)
            if tok.text in self.macros:
                self.macros[tok.text].used = True
        finally:
            self.prevent_expansion -= 1
        return Token(NUMBER, "1" if value else "0", 0, dtok.src, dtok.line, dtok.col)

    def get_token_np(self):
        while True:
            tok = self.get_token()
            if tok.kind != PADDING:
                return tok

    def parse_has_include(self, htok):
        # As GCC's parse_has_include: each problem is an error at the last token read
        # from the file (cpp_error's cur_token[-1]), and the operator is then 0.
        op = htok.text

        def here():
            if self.header_at_eol:
                return self.last_lexed
            return self.directive_raw[-1] if self.directive_raw else htok

        self.header_at_eol = False

        tok = self.get_token_np()
        paren = tok.kind == PUNCT and tok.op == "("
        if not paren:
            self.error_at(here(), f'missing \'(\' before "{op}" operand')
            self.backup_tokens()
        name, angled, where = self.read_header_name(op)
        if name is None:
            self.error_at(here(), f'operator "{op}" requires a header-name')
        found = None
        if name is not None:
            next_ = op.endswith("_next")
            if not os.path.isabs(name) and self.search_start(angled, next_) is None:
                self.error_at(here(), f"no include path in which to search for {name}")
            else:
                found = self.find_include(name, angled, next_=next_)
        if paren:
            close = self.get_token_np()
            if not (close.kind == PUNCT and close.op == ")"):
                self.error_at(here(), f'missing \')\' after "{op}" operand')
        return Token(NUMBER, "1" if found else "0", 0, htok.src, htok.line, htok.col)

    def expr_value(self, tok, ev) -> Value:
        if tok.kind == PUNCT and tok.op == "#":
            # `#if #machine(x86)`: GCC's obsolete assertions; none are ever made here.
            self.warning_at(tok, "assertions are a deprecated extension [-Wdeprecated]")
            self.prevent_expansion += 1
            try:
                name = self.get_token_np()
                nxt = self.get_token_np()
                if nxt.kind == PUNCT and nxt.op == "(":
                    while nxt.kind != EOF and not (nxt.kind == PUNCT and nxt.op == ")"):
                        nxt = self.get_token_np()
                else:
                    self.backup_tokens()
            finally:
                self.prevent_expansion -= 1
            return Value(0)
        if tok.kind == NUMBER:
            try:
                v, unsigned, warn = interpret_number(tok.text)
            except ValueError as e:
                # GCC reports a bad number and goes on with 0 (CPP_N_INVALID).
                self.error_at(tok, str(e))
                return Value(0)
            if warn:
                self.warning_at(tok, warn)
            return Value(v, unsigned)
        if tok.kind == CHAR:
            try:
                v, unsigned, warns = interpret_char(
                    tok.text, self.target.char_is_signed, self.target.name == "x86_64")
            except ValueError as e:
                self.error_at(tok, str(e))
                return Value(0)
            for w in warns:
                self.warning_at(tok, w + (" [-Wmultichar]" if w.startswith("multi") else ""))
            return Value(v & ((1 << 64) - 1) if unsigned else v, unsigned)
        return Value(0)

    # --- #include ---------------------------------------------------------------------

    def read_header_name(self, directive):
        """(name, angled, token) for #include and __has_include: a header-name, a string,
        or macro-expanded tokens that make one (6.10.2p4)."""
        tok = None
        if not self.lookahead and not self.contexts:
            tok = self.buffers[-1].lexer.lex_header_name()
            if tok is not None:
                self.last_lexed = tok
                self.directive_raw.append(tok)
        if tok is None:
            tok = self.get_token_np()
        if tok.kind == HEADER:
            return tok.text[1:-1], True, tok
        if tok.kind == STRING and tok.text.startswith('"'):
            return tok.text[1:-1], False, tok
        if tok.kind == PUNCT and tok.op == "<":
            parts = []
            source = None
            while True:
                t = self.get_token()
                if t.kind == PADDING:
                    if source is None:
                        source = t.source
                    continue
                if t.kind == EOF:
                    # GCC goes on with what it collected (and the end of the line is
                    # then the last token read, where later errors point).
                    self.error_at(t, "missing terminating > character")
                    self.header_at_eol = True
                    break
                if t.kind == PUNCT and t.op == ">":
                    break
                if parts and ((source or t).flags & PREV_WHITE):
                    parts.append(" ")
                source = None
                parts.append(t.text)
            return "".join(parts), True, tok
        return None, False, tok

    def do_include(self, dname, kind="include"):
        name, angled, tok = self.read_header_name(kind)
        if name is None:
            self.error_at(tok, f'#{kind} expects "FILENAME" or <FILENAME>')
            return
        if name == "":
            self.error_at(tok, f"empty filename in #{kind}")
            return
        self.check_eol(kind)
        eol = self.directive_eof
        self.finish_line()
        if len(self.buffers) >= 200:
            self.error_at(eol, "#include nested depth 200 exceeds maximum of 200 "
                               "(use -fmax-include-depth=DEPTH to increase the maximum)")
            return
        next_ = kind == "include_next"
        found = self.find_include(name, angled, next_=next_)
        if found is None:
            if not os.path.isabs(name) and self.search_start(angled, next_) is None:
                self.error_at(eol, f"no include path in which to search for {name}")
                return
            self.fatal_at(tok, f"{name}: No such file or directory")
        path, text, sysp, index = found
        key = os.path.normpath(path)
        if key not in self.dependencies_set():
            self.dependencies.append(path)
        if kind == "import":
            if key in self.imported:
                return
            self.imported.add(key)
        if key in self.once:
            return
        guard = self.guards.get(key)
        if guard is not None and guard in self.macros:
            return
        self.enter_file(path, text, sysp, index, key, dname)

    def dependencies_set(self):
        return {os.path.normpath(p) for p in self.dependencies}

    @property
    def imported(self):
        if not hasattr(self, "_imported"):
            self._imported = set()
        return self._imported

    def do_include_next(self, dname):
        if len(self.buffers) == 1:
            self.warning_at(dname, "#include_next in primary source file")
        self.do_include(dname, "include_next")

    def do_import(self, dname):
        self.warning_at(dname, "#import is a deprecated GCC extension [-Wdeprecated]")
        self.do_include(dname, "import")

    # Where a search starts (GCC's search_path_head): CUR_DIR is the including file's
    # own directory, whose "next" is the head of the quote chain (index 0).
    CUR_DIR = -1
    # Found without a search (the main file, an absolute name: GCC's no_search_path):
    # #include_next from such a file searches as #include does.
    NO_SEARCH = -2

    def search_start(self, angled, next_):
        """Index of the first directory to try; CUR_DIR for the includer's directory;
        None when there is nowhere to look (#include_next from the last directory)."""
        cur = self.buffers[-1].file
        if next_ and len(self.buffers) > 1 and not self.buffers[-1].virtual \
                and cur.dir_index != self.NO_SEARCH:
            # Continue after the directory the current file was found in.
            start = cur.dir_index + 1
        elif angled:
            start = self.bracket_start
        else:
            return self.CUR_DIR
        return start if start < len(self.chain) else None

    def find_include(self, name, angled, next_=False):
        """(path, text, sysp, chain index) or None, searching as GCC does. The index is
        where the file was found (CUR_DIR: next to its includer), for #include_next."""
        cur = self.buffers[-1].file
        if os.path.isabs(name):
            text = self.read_source(name)
            return (name, text, 0, self.NO_SEARCH) if text is not None else None
        start = self.search_start(angled, next_)
        if start is None:
            return None
        if start == self.CUR_DIR:
            path = join(cur.dir.rstrip("/"), name) if cur.dir else name
            text = self.read_source(path)
            if text is not None:
                return path, text, max(cur.sysp, 0), self.CUR_DIR
            start = 0
        for i in range(start, len(self.chain)):
            d = self.chain[i]
            path = join(d.path, name)
            text = self.read_source(path)
            if text is not None:
                return path, text, d.sysp, i
        return None

    def enter_file(self, path, text, sysp, index, key, dname):
        from .engine import _presumed
        pname, pline, psysp = _presumed(dname.src, dname.line)
        file = SourceFile(path, text, sysp=sysp, dir_index=index)
        file.include_chain = ((pname, pline),) + getattr(dname.src, "include_chain", ())
        self.includes.append(IncludeRecord(path, len(self.buffers), pname, pline, sysp > 0))
        self.push_buffer(file, key)
        self.printer.file_change(path, 1, sysp, "enter", from_loc=(pname, pline, psysp))

    # --- #line and linemarkers --------------------------------------------------------

    def set_presumed(self, name, line, sysp, flags=""):
        """From the next physical line on, GCC reports `name`:`line`."""
        from .engine import Presumed
        buf = self.buffers[-1]
        file = buf.file
        next_phys, _ = file.spliced.position(buf.lexer.pos)
        p = getattr(file, "presumed_map", None)
        if p is None:
            p = file.presumed_map = Presumed()
        p.add(next_phys, name, line - next_phys, sysp)
        self.printer.print_line(name, line, sysp, flags)

    def do_line(self, dname):
        from .engine import _presumed
        tok = self.get_token_np()
        if tok.kind == EOF:
            self.error_at(tok, "unexpected end of file after #line")
            return
        if tok.kind != NUMBER or not tok.text.isdigit():
            self.error_at(tok, f'"{tok.text}" after #line is not a positive integer')
            return
        # GCC's linenum_type wraps, and says so (above 2**31-1 only with -pedantic).
        line = int(tok.text)
        if line > 0xFFFFFFFF:
            self.warning_at(tok, "line number out of range")
        line &= 0xFFFFFFFF
        cur_name, _, sysp = _presumed(dname.src, dname.line)
        name = cur_name
        ftok = self.get_token_np()
        if ftok.kind == STRING and ftok.text.startswith('"'):
            name = _unquote(ftok.text)
            self.check_eol_expanded("line")
        elif ftok.kind != EOF:
            self.error_at(ftok, f'"{ftok.text}" is not a valid filename')
            return
        self.finish_line()
        self.set_presumed(name, line, sysp)

    def check_eol_expanded(self, directive):
        tok = self.get_token_np()
        if tok.kind != EOF:
            self.warning_at(tok, f"extra tokens at end of #{directive} directive")

    def do_linemarker(self, dname):
        from .engine import _presumed
        line = int(dname.text) & 0xFFFFFFFF if dname.text.isdigit() else None
        if line is None:
            self.error_at(dname, f'"{dname.text}" after # is not a positive integer')
            return
        cur_name, _, sysp = _presumed(dname.src, dname.line)
        name = cur_name
        flags = ""
        ftok = self.lex_token()
        if ftok.kind == STRING and ftok.text.startswith('"'):
            name = _unquote(ftok.text)
            sysp = 0
            while True:
                f = self.lex_token()
                if f.kind == EOF:
                    break
                if f.kind != NUMBER or f.text not in ("1", "2", "3", "4"):
                    self.error_at(f, f'invalid flag "{f.text}" in line directive')
                    return
                if f.text in ("1", "2"):
                    flags += " " + f.text
                elif f.text == "3":
                    sysp = 1
                else:
                    sysp = 2
        elif ftok.kind != EOF:
            self.error_at(ftok, f'"{ftok.text}" is not a valid filename')
            return
        self.finish_line()
        self.set_presumed(name, line, sysp, flags)

    # --- diagnostics directives -------------------------------------------------------

    def do_error(self, dname):
        self.error_at(dname, "#error " + spell(self.rest_of_line()))

    def do_warning(self, dname):
        self.warning_at(dname, "#warning " + spell(self.rest_of_line()) + " [-Wcpp]")

    def do_assert(self, dname):
        self.warning_at(dname, f"#{dname.text} is a deprecated GCC extension [-Wdeprecated]")

    def do_ident(self, dname):
        from .engine import _presumed
        tok = self.get_token_np()
        if tok.kind != STRING:
            self.error_at(tok, f"invalid #{dname.text} directive")
            return
        self.check_eol_expanded(dname.text)
        name, line, sysp = _presumed(dname.src, dname.line)
        self.printer.directive_line((name, line, sysp), f"#ident {tok.text}")

    # --- #pragma ----------------------------------------------------------------------

    def do_pragma(self, dname, loc=None):
        from .engine import _presumed
        self.prevent_expansion += 1
        try:
            toks = self.rest_of_line()
        finally:
            self.prevent_expansion -= 1
        if loc is None:
            loc = _presumed(dname.src, dname.line)
        first = toks[0] if toks else None
        words = [t.text for t in toks[:2]]
        internal = None
        if words[:1] == ["once"]:
            internal = self.pragma_once
        elif words[:1] in (["push_macro"], ["pop_macro"]):
            internal = self.pragma_push_pop
        elif words[:1] == ["GCC"] and len(words) > 1 and words[1] in (
                "poison", "system_header", "warning", "error", "dependency"):
            internal = getattr(self, "pragma_" + words[1])
        if internal is None:
            self.printer.directive_line(loc, "#pragma " + spell(toks))
            return
        name, line, sysp = _presumed(first.src, first.line)
        self.printer.line_change(name, line, first.col, sysp)
        internal(toks)

    def pragma_once(self, toks):
        if len(self.buffers) == 1:
            self.warning_at(toks[0], "#pragma once in main file")
        if len(toks) > 1:
            self.warning_at(toks[1], "extra tokens at end of #pragma directive")
        self.once.add(self.buffers[-1].key)

    def pragma_push_pop(self, toks):
        op = toks[0].text
        if len(toks) < 4 or toks[1].op != "(" or toks[2].kind != STRING or toks[3].op != ")":
            self.error_at(toks[0], f'invalid #pragma {op} directive')
            return
        name = _unquote(toks[2].text)
        stack = self.pushed_macros.setdefault(name, [])
        if op == "push_macro":
            stack.append(self.macros.get(name))
        elif stack:
            m = stack.pop()
            if m is None:
                self.macros.pop(name, None)
            else:
                self.macros[name] = m

    def pragma_poison(self, toks):
        for t in toks[2:]:
            if t.kind != NAME:
                self.error_at(t, "invalid #pragma GCC poison directive")
                return
            if t.text in self.macros and t.text not in self.poisoned:
                self.warning_at(t, f'poisoning existing macro "{t.text}"')
            self.poisoned.add(t.text)

    def pragma_system_header(self, toks):
        from .engine import _presumed
        if len(self.buffers) == 1:
            self.warning_at(toks[1], "#pragma system_header ignored outside include file")
            return
        self.finish_line()
        name, line, _ = _presumed(toks[0].src, toks[0].line)
        self.set_presumed(name, line + 1, 1)

    def pragma_warning(self, toks, severity="warning"):
        rest = toks[2:]
        if rest and rest[0].op == "(":
            rest = rest[1:]
        if not rest or rest[0].kind != STRING:
            self.error_at(toks[1], f"invalid \"#pragma GCC {severity}\" directive")
            return
        self._diag(severity, rest[0], _unquote(rest[0].text))

    def pragma_error(self, toks):
        self.pragma_warning(toks, "error")

    def pragma_dependency(self, toks):
        pass    # compares file dates; nothing to do for a build from memory

    # --- builtin macros ---------------------------------------------------------------

    def builtin_macro(self, macro, name_tok) -> int:
        kind = macro.builtin
        if kind == "_Pragma":
            if self.in_directive:
                return 0
            return self.do__pragma(name_tok)
        if kind in ("__has_include", "__has_include_next"):
            if self.in_directive:
                return 0        # an operator of #if, handled by expr_token
            self.error_at(name_tok, f'"{kind}" used outside of preprocessing directive')
            return 0
        from .engine import _presumed
        from .predefined import date_time, timestamp
        # GCC (enter_macro_context): a token spelled in the file keeps its own line only
        # while the outermost macro being expanded is (still) a function-like user macro;
        # otherwise, and for tokens from a definition, the outermost expansion point counts.
        own = not name_tok.flags & IN_DEFINITION
        if own and self.invocation is not None and self.invocation is not name_tok:
            top = self.macros.get(getattr(self, "top_most_name", None))
            if top is None or top.builtin is not None or not top.fun_like:
                own = False
        where = name_tok if (own or self.invocation is None) else self.invocation
        name, line, _ = _presumed(where.src, where.line)
        tok_kind = NUMBER
        if kind == "__LINE__":
            text = str(line)
        elif kind == "__FILE__":
            text = '"' + quote_name(name) + '"'
            tok_kind = STRING
        elif kind == "__FILE_NAME__":
            text = '"' + quote_name(os.path.basename(name)) + '"'
            tok_kind = STRING
        elif kind == "__BASE_FILE__":
            text = '"' + quote_name(self.base_file) + '"'
            tok_kind = STRING
        elif kind == "__INCLUDE_LEVEL__":
            text = str(sum(1 for b in self.buffers if not b.virtual) - 1)
        elif kind == "__COUNTER__":
            text = str(self.counter)
            self.counter += 1
        elif kind == "__DATE__":
            text = date_time()[0]
            tok_kind = STRING
        elif kind == "__TIME__":
            text = date_time()[1]
            tok_kind = STRING
        else:   # __TIMESTAMP__
            mtime = None
            try:
                mtime = os.stat(self.buffers[-1].file.name).st_mtime
            except OSError:
                pass
            text = timestamp(mtime)
            tok_kind = STRING
        tok = Token(tok_kind, text, 0, name_tok.src, name_tok.line, name_tok.col)
        self.push_context([tok], None)
        return 1

    def do__pragma(self, name_tok) -> int:
        from .engine import _presumed
        self.prevent_expansion += 1
        self.pragma_bad = None
        try:
            t = self.get_token_np()
            self.pragma_bad = t
            string = None
            if t.kind == PUNCT and t.op == "(":
                s = self.get_token_np()
                self.pragma_bad = s
                if s.kind == STRING:
                    c = self.get_token_np()
                    if c.kind == PUNCT and c.op == ")":
                        string = s
                    else:
                        self.backup_tokens()
                else:
                    self.backup_tokens()
            else:
                self.backup_tokens()
        finally:
            self.prevent_expansion -= 1
        if string is None:
            self.error_at(self.pragma_bad or name_tok,
                          "_Pragma takes a parenthesized string literal")
            return 0
        body = string.text[string.text.index('"') + 1:-1]
        body = body.replace('\\"', '"').replace("\\\\", "\\")
        where = name_tok if not self.contexts else (self.invocation or name_tok)
        loc = _presumed(where.src, where.line)
        self.run_pragma_text(body, loc, name_tok)
        self.pending_line_change = True
        return 1

    def run_pragma_text(self, body, loc, name_tok):
        """Run `#pragma <body>` from a _Pragma string (C11 6.10.9)."""
        file = SourceFile(name_tok.src.name if name_tok.src else "<_Pragma>", body + "\n",
                          sysp=name_tok.src.sysp if name_tok.src else 0)
        saved = (self.contexts, self.lookahead, self.in_directive, self.directive_eol,
                 self.directive_eof, self.directive_raw, self.prevent_expansion,
                 self.parsing_args)
        self.contexts, self.lookahead = [], []
        self.in_directive, self.directive_eol = True, False
        self.prevent_expansion = 0
        self.parsing_args = 0
        self.push_buffer(file, "<_Pragma>", virtual=True)
        try:
            self.do_pragma(name_tok, loc=loc)
        finally:
            self.buffers.pop()
            (self.contexts, self.lookahead, self.in_directive, self.directive_eol,
             self.directive_eof, self.directive_raw, self.prevent_expansion,
             self.parsing_args) = saved


def _unquote(text: str) -> str:
    body = text[text.index('"') + 1:-1]
    out = []
    i = 0
    while i < len(body):
        c = body[i]
        if c == "\\" and i + 1 < len(body):
            out.append(body[i + 1])
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)
