"""pycparser, taught to report syntax errors the way GCC does.

pycparser's own errors are one string ("t.c:3:5: before: }") and sometimes lose their
position. This subclass keeps the last consumed token so a missing token is reported where
GCC reports it (just after the previous token), names the expected token, and gives binary,
conditional and assignment expressions the position of their operator (GCC's caret goes
under the operator; pycparser would use the left operand's).

It leans on pycparser's private methods (`_expect`, `_advance`, `_parse_error`,
`_parse_binary_expression`), so the pycparser version is pinned; tests/test_compiler.py
checks the messages.
"""
from __future__ import annotations

import sys

from pycparser import c_ast, c_parser
from pycparser.c_parser import Coord, ParseError

from ..diagnostics import Diagnostic

# The builtin typedef names GCC knows without any header. pycparser must see them as
# type names, or `__builtin_va_list ap;` is a syntax error.
BUILTIN_TYPEDEFS = ("__builtin_va_list",)

_SPELLING = {
    "SEMI": ";", "COMMA": ",", "COLON": ":", "LPAREN": "(", "RPAREN": ")", "LBRACE": "{",
    "RBRACE": "}", "LBRACKET": "[", "RBRACKET": "]", "EQUALS": "=", "PERIOD": ".",
    "ID": "identifier",
}
_CONSTANT_KINDS = {
    "INT_CONST_DEC": "numeric constant", "INT_CONST_OCT": "numeric constant",
    "INT_CONST_HEX": "numeric constant", "INT_CONST_BIN": "numeric constant",
    "INT_CONST_CHAR": "numeric constant", "FLOAT_CONST": "numeric constant",
    "HEX_FLOAT_CONST": "numeric constant", "CHAR_CONST": "character constant",
    "WCHAR_CONST": "character constant", "U8CHAR_CONST": "character constant",
    "U16CHAR_CONST": "character constant", "U32CHAR_CONST": "character constant",
    "STRING_LITERAL": "string constant", "WSTRING_LITERAL": "string constant",
    "U8STRING_LITERAL": "string constant", "U16STRING_LITERAL": "string constant",
    "U32STRING_LITERAL": "string constant",
}


def describe_token(tok) -> str:
    """How GCC names a token in "before ..." messages."""
    if tok is None:
        return "end of input"
    kind = _CONSTANT_KINDS.get(tok.type)
    if kind:
        return kind
    if tok.type in ("ID", "TYPEID") or tok.value.isidentifier():
        return f"'{tok.value}'"
    return f"'{tok.value}' token"


class SyntaxErrorAt(Exception):
    """A parse error with a position and a GCC-worded message."""

    def __init__(self, file, line, column, message):
        super().__init__(message)
        self.file, self.line, self.column, self.message = file, line, column, message


class GccParser(c_parser.CParser):
    def __init__(self):
        super().__init__()
        self._last_tok = None
        self.end_coords = {}    # id(Compound) -> (file, line, column) of its '}' 

    def parse(self, text, filename="", debug=False):
        self._last_tok = None
        self.end_coords = {}
        old_limit = sys.getrecursionlimit()
        # Deeply nested expressions recurse deeply in a recursive-descent parser.
        sys.setrecursionlimit(max(old_limit, 20000))
        try:
            return super().parse(text, filename)
        finally:
            sys.setrecursionlimit(old_limit)

    def _push_builtins(self):
        for name in BUILTIN_TYPEDEFS:
            self._scope_stack[0][name] = True

    def _parse_translation_unit_or_empty(self):
        self._push_builtins()
        return super()._parse_translation_unit_or_empty()

    # -- token bookkeeping -------------------------------------------------------------
    def _advance(self):
        tok = super()._advance()
        self._last_tok = tok
        return tok

    def _after_last(self):
        """GCC's position for a missing token: just after the previous token."""
        t = self._last_tok
        if t is None:
            return None, 0, 0
        return t.filename, t.lineno, t.column + len(t.value)

    def _expect(self, token_type):
        tok = self._peek()
        if tok is None or tok.type != token_type:
            want = _SPELLING.get(token_type, token_type.lower())
            if token_type == "ID":
                msg = "expected identifier"
            else:
                msg = f"expected '{want}'"
            if tok is None:
                f, line, col = self._after_last()
                raise SyntaxErrorAt(f, line, col, f"{msg} at end of input")
            if token_type in ("SEMI", "RPAREN", "RBRACKET", "RBRACE", "COMMA", "COLON") \
                    and self._last_tok is not None:
                f, line, col = self._after_last()
            else:
                f, line, col = tok.filename, tok.lineno, tok.column
            raise SyntaxErrorAt(f, line, col, f"{msg} before {describe_token(tok)}")
        return self._advance()

    def _parse_error(self, msg, coord):
        tok = self._peek()
        if isinstance(coord, Coord):
            f, line, col = coord.file, coord.line, coord.column or 0
        elif tok is not None:
            f, line, col = tok.filename, tok.lineno, tok.column
        else:
            f, line, col = self._after_last()
        if msg == "At end of input" or tok is None and msg.startswith("before"):
            f, line, col = self._after_last()
            raise SyntaxErrorAt(f, line, col, "expected declaration or statement at end of input")
        if msg.startswith("before: "):
            if tok is not None:
                f, line, col = tok.filename, tok.lineno, tok.column
            raise SyntaxErrorAt(f, line, col,
                                f"expected identifier or '(' before {describe_token(tok)}")
        if msg == "Invalid expression":
            if tok is not None:
                f, line, col = tok.filename, tok.lineno, tok.column
            raise SyntaxErrorAt(f, line, col, f"expected expression before {describe_token(tok)}")
        raise SyntaxErrorAt(f, line, col, _reword(msg, tok))

    def _lex_error_func(self, msg, line, column):
        raise SyntaxErrorAt(self.clex.filename, line, column, msg)

    def _parse_compound_statement(self, **kw):
        node = super()._parse_compound_statement(**kw)
        # The closing brace: GCC puts a function's last .loc (the epilogue) there.
        # (pycparser nodes have __slots__, so the position lives beside the tree.)
        t = self._last_tok
        if t is not None:
            self.end_coords[id(node)] = (t.filename, t.lineno, t.column)
        return node

    # -- operator positions ------------------------------------------------------------
    def _parse_assignment_expression(self):
        expr = self._parse_conditional_expression()
        if self._is_assignment_op():
            tok = self._advance()
            rhs = self._parse_assignment_expression()
            return c_ast.Assignment(tok.value, expr, rhs, self._tok_coord(tok))
        return expr

    def _parse_unary_expression(self):
        # A prefix operator's position is the operator's own (pycparser uses the operand's).
        tok = self._peek()
        if tok is not None and tok.type in ("PLUSPLUS", "MINUSMINUS", "AND", "TIMES", "PLUS",
                                            "MINUS", "NOT", "LNOT"):
            node = super()._parse_unary_expression()
            if isinstance(node, c_ast.UnaryOp):
                node.coord = self._tok_coord(tok)
            return node
        return super()._parse_unary_expression()

    def _parse_conditional_expression(self):
        expr = self._parse_binary_expression()
        tok = self._peek()
        if self._accept("CONDOP"):
            iftrue = self._parse_expression()
            self._expect("COLON")
            iffalse = self._parse_conditional_expression()
            return c_ast.TernaryOp(expr, iftrue, iffalse, self._tok_coord(tok))
        return expr

    def _parse_binary_expression(self, min_prec=0, lhs=None):
        prec_of = c_parser._BINARY_PRECEDENCE
        if lhs is None:
            lhs = self._parse_cast_expression()
        while True:
            tok = self._peek()
            if tok is None or tok.type not in prec_of or prec_of[tok.type] < min_prec:
                return lhs
            prec = prec_of[tok.type]
            self._advance()
            rhs = self._parse_cast_expression()
            while True:
                nxt = self._peek()
                if nxt is None or nxt.type not in prec_of or prec_of[nxt.type] <= prec:
                    break
                rhs = self._parse_binary_expression(prec_of[nxt.type], rhs)
            lhs = c_ast.BinaryOp(tok.value, lhs, rhs, self._tok_coord(tok))


def _reword(msg, tok):
    if msg.startswith("Invalid declarator") or msg.startswith("Invalid declaration"):
        return f"expected identifier or '(' before {describe_token(tok)}"
    if msg.startswith("Missing type in declaration"):
        return "type specifier missing"
    return msg[:1].lower() + msg[1:]


def parse(text: str, filename: str):
    """Parse preprocessed C into (FileAST, closing-brace positions of compound
    statements by id). Syntax errors raise SyntaxErrorAt."""
    p = GccParser()
    try:
        return p.parse(text, filename), p.end_coords
    except ParseError as e:   # any path our overrides did not catch
        raise SyntaxErrorAt(filename, 0, 0, str(e)) from None


def to_diagnostic(e: SyntaxErrorAt, lines) -> Diagnostic:
    src = lines.get((e.file, e.line)) if lines is not None else None
    return Diagnostic(e.file, e.line or 0, e.column or 0, "error", e.message, src)
