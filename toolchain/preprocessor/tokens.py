"""Preprocessing tokens (C11 6.4.7-6.4.9) as the macro machinery and the printer see them.

The flags mirror libcpp's, because GCC's output spacing is defined in their terms:
PREV_WHITE (whitespace before the token), BOL (first token of a logical line),
PASTE_LEFT (left operand of ##), STRINGIFY (a parameter under #), NO_EXPAND (a macro
name met while that macro was disabled: "painted blue", never expanded again).
"""
from __future__ import annotations

# Token kinds.
NAME = "name"
NUMBER = "number"
CHAR = "char"          # character constant, any prefix
STRING = "string"      # string literal, any prefix
HEADER = "header"      # <stdio.h>, only inside #include
PUNCT = "punct"
OTHER = "other"        # a stray character: \ @ ` or an unterminated quote
COMMENT = "comment"    # only with keep_comments
PADDING = "padding"    # libcpp's CPP_PADDING: no text, steers the printer's spacing
EOF = "eof"            # end of a directive line, of an argument, or of a file
MACRO_ARG = "macro_arg"  # a parameter inside a macro's replacement list

PREV_WHITE = 1
BOL = 2
PASTE_LEFT = 4
STRINGIFY = 8
NO_EXPAND = 16
DIGRAPH = 32

DIGRAPHS = {"<:": "[", ":>": "]", "<%": "{", "%>": "}", "%:": "#", "%:%:": "##"}


class Token:
    """One pp-token. `op` is the punctuator with digraphs folded (`%:` -> `#`).

    `src` is the spelling position (a SourceFile, line, column); padding tokens instead
    carry `source`, the token whose PREV_WHITE decides whether a space is printed.
    """

    __slots__ = ("kind", "text", "flags", "src", "line", "col", "op", "arg", "source")

    def __init__(self, kind, text, flags=0, src=None, line=0, col=0, op=None):
        self.kind = kind
        self.text = text
        self.flags = flags
        self.src = src
        self.line = line
        self.col = col
        self.op = op
        self.arg = -1
        self.source = None

    def copy(self) -> "Token":
        t = Token(self.kind, self.text, self.flags, self.src, self.line, self.col, self.op)
        t.arg = self.arg
        t.source = self.source
        return t

    def is_op(self, op: str) -> bool:
        return self.op == op

    def __repr__(self):
        return f"Token({self.kind}, {self.text!r}, {self.flags})"


def padding(source: Token | None) -> Token:
    t = Token(PADDING, "")
    t.source = source
    return t


# The one padding token with no source: libcpp's pfile->avoid_paste.
AVOID_PASTE = padding(None)


def is_plain_char_or_string(tok: Token) -> bool:
    return tok.kind in (CHAR, STRING) and tok.text[0] in "'\""


# Operators that make a new token when followed by '=' (libcpp's CPP_EQ..CPP_LAST_EQ).
_PASTES_WITH_EQ = {"=", "!", ">", "<", "+", "-", "*", "/", "%", "&", "|", "^", ">>", "<<"}


def avoid_paste(a: Token, b: Token) -> bool:
    """True if printing `a` then `b` with nothing between would lex differently.

    This is libcpp's cpp_avoid_paste, case by case; GCC prints a space exactly when this
    says so (after a macro expansion boundary), so `.i` files re-lex to the same tokens.
    """
    c = b.text[0] if b.kind == PUNCT else None
    ak = a.kind
    if ak == PUNCT:
        op = a.op
        if c == "=" and op in _PASTES_WITH_EQ:
            return True
        if op == ">":
            return c == ">"
        if op == "<":
            return c in ("<", "%", ":")
        if op == "+":
            return c == "+"
        if op == "-":
            return c in ("-", ">")
        if op == "/":
            return c in ("/", "*")
        if op == "%":
            return c in (":", "%")
        if op == "&":
            return c == "&"
        if op == "|":
            return c == "|"
        if op == ":":
            return c in (":", ">")
        if op == "->":
            return c == "*"
        if op == ".":
            return c in (".", "%") or b.kind == NUMBER
        if op == "#":
            return c in ("#", "%")
        if op == "<=":
            return c == ">"
        return False
    if ak == NAME:
        if b.kind == NUMBER:
            # Only a number made of identifier characters would glue onto the name.
            return _continues_identifier(b.text)
        return b.kind == NAME or (b.kind in (CHAR, STRING) and is_plain_char_or_string(b))
    if ak == NUMBER:
        return (b.kind in (NUMBER, NAME) or (b.kind == CHAR and b.text[0] == "'")
                or c in (".", "+", "-"))
    if ak == OTHER:
        return a.text[0] == "\\" and b.kind == NAME
    return False


def _continues_identifier(text: str) -> bool:
    return all(ch.isalnum() or ch in "_$" for ch in text)


def spell(tokens, start_space=False) -> str:
    """Tokens as text, one space where the source had whitespace (the way GCC prints
    directive operands and diagnostics)."""
    out = []
    for t in tokens:
        if t.kind in (PADDING, EOF):
            continue
        if out and t.flags & PREV_WHITE:
            out.append(" ")
        out.append(t.text)
    return "".join(out)
