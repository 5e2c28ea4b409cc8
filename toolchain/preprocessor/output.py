"""Printing the token stream as GCC's `cpp -E` does (gcc/c-family/c-ppoutput.cc).

What a reader of a .i file relies on, and how GCC gets it:
- every output line can be traced to a source line: blank lines are printed to catch
  up (at most 7 in a row; a bigger jump becomes a linemarker `# 42 "file.c"`);
- the first token of a line is put back in its column (column - 2 spaces, plus one for
  its leading whitespace);
- inside a line, a space is printed where the source had whitespace, and at macro
  boundaries only where two tokens would otherwise lex as one (tokens.avoid_paste);
- entering/leaving an #include prints `# 1 "x.h" 1` / `# 5 "main.c" 2`, with 3 (and
  4) after it for system headers; a token whose spelling lies in a system header gets
  linemarkers around it, so diagnostics know to stay quiet about it.
"""
from __future__ import annotations

from .tokens import COMMENT, EOF, PADDING, PREV_WHITE, PUNCT, avoid_paste


def quote_name(name: str) -> str:
    out = []
    for ch in name:
        if ch in '\\"':
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        else:
            out.append(ch)
    return "".join(out)


class Printer:
    def __init__(self, linemarkers: bool):
        self.linemarkers = linemarkers
        self.parts: list[str] = []
        self.line_map: list = []
        self.origin = None          # (file, line) of the output line being written
        self.src_line = 1
        self.src_file = None
        self.printed = False
        self.prev = None
        self.source = None
        self.avoid = False
        self.prev_was_system = False
        self.first_time = True
        self.marker_emitted = False

    # --- low level --------------------------------------------------------------------

    def _newline(self):
        self.parts.append("\n")
        self.line_map.append(self.origin)
        self.origin = None

    def _full_line(self, text):
        self.parts.append(text)
        self.parts.append("\n")
        self.line_map.append(None)

    def text(self) -> str:
        if self.printed:
            self._newline()
            self.printed = False
        return "".join(self.parts)

    # --- GCC's print_line / maybe_print_line ------------------------------------------

    def print_line(self, name, line, sysp, flags=""):
        if self.printed:
            self._newline()
        self.printed = False
        if self.linemarkers:
            self.src_line = line
            self.src_file = name
            extra = " 3 4" if sysp == 2 else " 3" if sysp == 1 else ""
            self._full_line(f'# {line} "{quote_name(name)}"{flags}{extra}')

    def maybe_print_line(self, name, line, sysp) -> bool:
        if self.printed:
            self._newline()
            self.src_line += 1
            self.printed = False
        if self.linemarkers and self.src_line <= line < self.src_line + 8 \
                and name == self.src_file:
            while line > self.src_line:
                self._newline()
                self.src_line += 1
            return False
        self.print_line(name, line, sysp)
        return self.linemarkers

    def line_change(self, name, line, col, sysp) -> bool:
        """A new source line starts with a token at `col` (GCC's do_line_change)."""
        emitted = self.maybe_print_line(name, line, sysp)
        self.prev = None
        self.source = None
        self.printed = True
        if col > 2:
            self.parts.append(" " * (col - 2))
        return emitted

    # --- callbacks from the preprocessor ----------------------------------------------

    def file_change(self, name, line, sysp, reason, from_loc=None):
        """reason: "enter", "leave" or "rename" (the first call prints the main file)."""
        if not self.linemarkers:
            return
        if self.first_time:
            self.first_time = False
            self.print_line(name, line, sysp)
            return
        flags = ""
        if reason == "enter":
            if from_loc is not None:
                self.maybe_print_line(*from_loc)
            flags = " 1"
        elif reason == "leave":
            flags = " 2"
        self.print_line(name, line, sysp, flags)

    def directive_line(self, loc, text):
        """#pragma / #ident lines GCC copies to its output."""
        self.maybe_print_line(*loc)
        self._full_line(text)
        self.printed = False
        self.src_line += 1

    # --- tokens -----------------------------------------------------------------------

    def token(self, tok, loc):
        """Print one token; loc = (presumed file, presumed line, column, sysp) GCC would
        give it (the expansion point for tokens coming out of a macro)."""
        kind = tok.kind
        if kind == PADDING:
            self.avoid = True
            src = self.source
            if src is None or (not src.flags & PREV_WHITE and tok.source is None):
                self.source = tok.source
            return
        if kind == EOF:
            return
        name, line, col, sysp = loc
        is_system = sysp > 0
        changed = is_system != self.prev_was_system
        self.prev_was_system = is_system
        parts = self.parts
        if self.avoid:
            source = self.source or tok
            prev = self.prev
            if line != self.src_line and self.linemarkers:
                # The source moved on to a later line (a macro call spanning lines):
                # catch up, as GCC does, with a space either way.
                self.marker_emitted = self.line_change(name, line, col, sysp)
                parts.append(" ")
                self.printed = True
            elif source.flags & PREV_WHITE or (prev is not None and avoid_paste(prev, tok)) \
                    or (prev is None and kind == PUNCT and tok.op == "#"):
                parts.append(" ")
                self.printed = True
        elif tok.flags & PREV_WHITE:
            if line != self.src_line and self.linemarkers:
                self.marker_emitted = self.line_change(name, line, col, sysp)
            parts.append(" ")
            self.printed = True
        self.avoid = False
        self.source = None
        self.prev = tok
        if self.linemarkers and not self.marker_emitted and changed and sysp >= 0:
            self.marker_emitted = self.line_change(name, line, col, sysp)
        parts.append(tok.text)
        if self.origin is None:
            self.origin = (name, self.src_line)
        self.marker_emitted = False
        self.printed = True
        if kind == COMMENT:
            self.src_line += tok.text.count("\n")
