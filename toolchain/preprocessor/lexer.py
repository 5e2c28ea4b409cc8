"""Translation phases 1-3: line splicing, comments, and cutting text into pp-tokens.

Splices (backslash-newline) are removed before lexing, so they work anywhere, also in
the middle of a token or a comment; every token still knows its physical line and
column (1-based, counted in characters the way GCC counts bytes for ASCII text), which
is what diagnostics and the printer's column reconstruction need.
"""
from __future__ import annotations

import re
from bisect import bisect_right

from .tokens import (BOL, CHAR, COMMENT, DIGRAPH, DIGRAPHS, EOF, HEADER, NAME, NUMBER,
                     OTHER, PREV_WHITE, PUNCT, STRING, Token)

NEWLINE = "newline"   # internal: end of a logical line, never leaves the reader

_IDSTART = r"A-Za-z_$\u0080-\U0010FFFF"
_IDCHAR = r"A-Za-z0-9_$\u0080-\U0010FFFF"
_PUNCT = (r"%:%:|\.\.\.|<<=|>>=|->|\+\+|--|<<|>>|<=|>=|==|!=|&&|\|\||\*=|/=|%=|\+=|-=|&=|"
          r"\^=|\|=|\#\#|<:|:>|<%|%>|%:|[\[\](){}.&*+\-~!/%<>^|?:;=,\#]")


def _token_regex(line_comments: bool, extended_numbers: bool) -> re.Pattern:
    sign = "[eEpP][+-]" if extended_numbers else "[eE][+-]"
    parts = [
        r"(?P<ws>[ \t\f\v\0]+)",
        r"(?P<nl>\n)",
        r"(?P<bc>/\*)",
    ]
    if line_comments:
        parts.append(r"(?P<lc>//[^\n]*)")
    parts += [
        r'(?P<str>(?:u8|[uUL])?"(?:[^"\\\n]|\\[^\n])*")',
        r"(?P<chr>[uUL]?'(?:[^'\\\n]|\\[^\n])*')",
        rf"(?P<name>[{_IDSTART}][{_IDCHAR}]*)",
        rf"(?P<num>\.?[0-9](?:{sign}|[{_IDCHAR}.])*)",
        rf"(?P<punct>{_PUNCT})",
        r"(?P<quote>(?:u8|[uUL])?['\"])",
        r"(?P<other>.)",
    ]
    return re.compile("|".join(parts), re.S)


_REGEXES: dict = {}


def token_regex(line_comments=True, extended_numbers=True) -> re.Pattern:
    key = (line_comments, extended_numbers)
    if key not in _REGEXES:
        _REGEXES[key] = _token_regex(*key)
    return _REGEXES[key]


_SPLICE = re.compile(r"\\[ \t\f\v]*\n")


class SplicedText:
    """The text of one file after phases 1-2, with the way back to physical positions."""

    def __init__(self, raw: str):
        if "\r" in raw:
            raw = raw.replace("\r\n", "\n").replace("\r", "\n")
        if raw and not raw.endswith("\n"):
            raw += "\n"
        self.raw = raw
        self._newlines = None
        self.splice_at: list[int] = []     # offsets in `text` where a splice was removed
        self.removed: list[int] = []       # characters removed up to and including that one
        self.spaced_splices: list[int] = []  # raw offsets of "\ <spaces> newline"
        if "\\" not in raw or not _SPLICE.search(raw):
            self.text = raw
            return
        pieces, last, removed = [], 0, 0
        for m in _SPLICE.finditer(raw):
            pieces.append(raw[last:m.start()])
            removed += m.end() - m.start()
            self.splice_at.append(m.start() - (removed - (m.end() - m.start())))
            self.removed.append(removed)
            if m.end() - m.start() > 2:
                self.spaced_splices.append(m.start())
            last = m.end()
        pieces.append(raw[last:])
        self.text = "".join(pieces)

    @property
    def newlines(self) -> list[int]:
        if self._newlines is None:
            self._newlines = [m.start() for m in re.finditer("\n", self.raw)]
        return self._newlines

    def raw_offset(self, off: int) -> int:
        if not self.splice_at:
            return off
        i = bisect_right(self.splice_at, off) - 1
        return off if i < 0 else off + self.removed[i]

    def position(self, off: int) -> tuple[int, int]:
        """(line, column) of a text offset, both 1-based, in physical lines."""
        raw = self.raw_offset(off)
        nls = self.newlines
        i = bisect_right(nls, raw - 1)
        start = nls[i - 1] + 1 if i else 0
        return i + 1, raw - start + 1

    def line_text(self, line: int) -> str:
        nls = self.newlines
        start = nls[line - 2] + 1 if line >= 2 else 0
        end = nls[line - 1] if line - 1 < len(nls) else len(self.raw)
        return self.raw[start:end]


class Lexer:
    """Cuts one file into pp-tokens, one logical line at a time.

    `lex()` returns NEWLINE tokens at the end of each logical line and an EOF token
    at the end of the file; comments become whitespace (PREV_WHITE) unless kept.
    """

    def __init__(self, file, regex: re.Pattern, keep_comments=False, report=None):
        self.file = file
        self.spliced: SplicedText = file.spliced
        self.text = self.spliced.text
        self.end = len(self.text)
        self.pos = 0
        self.bol = True
        self.regex = regex
        self.keep_comments = keep_comments
        self.report = report        # report(severity, file, line, col, message)
        self.skipping = False
        self.c90_comments = False   # -std=c89/c90: `//` is an error (see lex)
        self.c90_warned = False
        # Without splices, logical and physical lines agree: count them as we go
        # instead of searching the newline table for every token.
        self.fast = not self.spliced.splice_at
        self.line = 1
        self.line_start = 0

    def _make(self, kind, text, start, flags, op=None):
        if self.fast:
            return Token(kind, text, flags, self.file, self.line, start - self.line_start + 1, op)
        line, col = self.spliced.position(start)
        return Token(kind, text, flags, self.file, line, col, op)

    def _count_lines(self, start, end):
        n = self.text.count("\n", start, end)
        if n:
            self.line += n
            self.line_start = self.text.rfind("\n", start, end) + 1

    def lex(self) -> Token:
        flags = 0
        text = self.text
        while True:
            pos = self.pos
            if pos >= self.end:
                line, col = self.spliced.position(max(self.end - 1, 0))
                return Token(EOF, "", flags, self.file, line, col)
            m = self.regex.match(text, pos)
            kind = m.lastgroup
            self.pos = m.end()
            if kind == "ws":
                flags |= PREV_WHITE
                continue
            if kind == "nl":
                self.bol = True
                self.line += 1
                self.line_start = self.pos
                return Token(NEWLINE, "\n", 0, self.file, 0, 0)
            if kind == "bc":
                close = text.find("*/", self.pos)
                if close < 0:
                    # Reported in skipped groups too, as GCC does.
                    if self.report:
                        line, col = self.spliced.position(pos)
                        self.report("error", self.file, line, col, "unterminated comment")
                    self.pos = self.end
                else:
                    self.pos = close + 2
                if self.keep_comments and not self.skipping:
                    tok = self._finish(self._make(COMMENT, text[pos:self.pos], pos, flags))
                    self._count_lines(pos, self.pos)
                    return tok
                self._count_lines(pos, self.pos)
                flags |= PREV_WHITE
                continue
            if kind == "lc" and self.c90_comments:
                # GCC's C90 rule: `//*` and `//` in a skipped group are two divisions;
                # anything else is an error, reported once per file, then a comment.
                if text.startswith("//*", pos) or self.skipping:
                    self.pos = pos + 1
                    return self._finish(self._make(PUNCT, "/", pos, flags, "/"))
                if not self.c90_warned and self.report:
                    self.c90_warned = True
                    line, col = self.spliced.position(pos)
                    self.report("error", self.file, line, col,
                                "C++ style comments are not allowed in ISO C90")
                    self.report("note", self.file, line, col,
                                "(this will be reported only once per input file)")
            if kind == "lc":
                if self.keep_comments and not self.skipping:
                    return self._finish(self._make(COMMENT, m.group(), pos, flags))
                flags |= PREV_WHITE
                continue
            value = m.group()
            if kind == "name":
                return self._finish(self._make(NAME, value, pos, flags))
            if kind == "punct":
                op = DIGRAPHS.get(value)
                if op is not None:
                    return self._finish(self._make(PUNCT, value, pos, flags | DIGRAPH, op))
                return self._finish(self._make(PUNCT, value, pos, flags, value))
            if kind == "num":
                return self._finish(self._make(NUMBER, value, pos, flags))
            if kind == "str":
                return self._finish(self._make(STRING, value, pos, flags))
            if kind == "chr":
                return self._finish(self._make(CHAR, value, pos, flags))
            if kind == "quote":
                # An unterminated literal: GCC keeps the rest of the line as one token.
                nl = text.find("\n", pos)
                self.pos = nl if nl >= 0 else self.end
                tok = self._make(OTHER, text[pos:self.pos], pos, flags)
                if self.report:      # skipped groups included (GCC's pedwarn)
                    self.report("warning", self.file, tok.line, tok.col,
                                f"missing terminating {value[-1]} character")
                return self._finish(tok)
            return self._finish(self._make(OTHER, value, pos, flags))

    def _finish(self, tok: Token) -> Token:
        if self.bol:
            tok.flags |= BOL
            self.bol = False
        return tok

    def lex_header_name(self) -> Token | None:
        """In #include: `<...>` is one header-name token (C11 6.4.7), not `<` `stdio` ..."""
        text = self.text
        pos = self.pos
        flags = 0
        while pos < self.end and text[pos] in " \t\f\v":
            pos += 1
            flags = PREV_WHITE
        if pos < self.end and text[pos] == "<":
            close = text.find(">", pos)
            nl = text.find("\n", pos)
            if close >= 0 and (nl < 0 or close < nl):
                self.pos = close + 1
                return self._make(HEADER, text[pos:close + 1], pos, flags)
        if pos < self.end and text[pos] == '"':
            # Inside #include, backslashes do not escape the quote.
            close = text.find('"', pos + 1)
            nl = text.find("\n", pos)
            if close >= 0 and (nl < 0 or close < nl):
                self.pos = close + 1
                return self._make(STRING, text[pos:close + 1], pos, flags)
        return None

    def skip_line(self):
        """Drop the rest of the logical line (comments may hide its end)."""
        saved = self.skipping
        self.skipping = True
        try:
            while True:
                t = self.lex()
                if t.kind == NEWLINE or t.kind == EOF:
                    if t.kind == EOF:
                        return
                    self.bol = True
                    return
        finally:
            self.skipping = saved


def relex_single(text: str, regex: re.Pattern) -> Token | None:
    """The token `text` spells, or None if it is not exactly one pp-token (## uses this)."""
    m = regex.match(text)
    if m is None or m.end() != len(text):
        return None
    kind = m.lastgroup
    if kind == "name":
        return Token(NAME, text)
    if kind == "num":
        return Token(NUMBER, text)
    if kind == "str":
        return Token(STRING, text)
    if kind == "chr":
        return Token(CHAR, text)
    if kind == "punct":
        op = DIGRAPHS.get(text)
        return Token(PUNCT, text, DIGRAPH if op else 0, op=op or text)
    if kind == "other" and text not in "'\"":
        return Token(OTHER, text)
    return None
