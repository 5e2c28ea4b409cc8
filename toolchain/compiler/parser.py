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
from pycparser.c_parser import Coord, ParseError, _TokenStream

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


# GNU spellings of standard keywords, and GNU keywords, as token types pycparser knows.
# `typeof` and `asm` are keywords only in the GNU dialects (-std=gnu*), as in GCC.
GNU_KEYWORDS = {
    "__inline": "INLINE", "__inline__": "INLINE", "__restrict": "RESTRICT",
    "__restrict__": "RESTRICT", "__const": "CONST", "__const__": "CONST",
    "__volatile": "VOLATILE", "__volatile__": "VOLATILE", "__signed": "SIGNED",
    "__signed__": "SIGNED", "__alignof__": "_ALIGNOF", "__alignof": "_ALIGNOF",
    "__typeof__": "TYPEOF", "__typeof": "TYPEOF", "__builtin_offsetof": "OFFSETOF",
    "__asm__": "ASM", "__asm": "ASM",
}
GNU_DIALECT_KEYWORDS = {"typeof": "TYPEOF", "asm": "ASM"}


class Asm(c_ast.Node):
    """GNU `asm [volatile] ("template" : outputs : inputs : clobbers);` (a statement), or
    a basic `asm ("...");` at file scope. Operands are (name or None, constraint string
    node, expression); clobbers are string nodes."""
    __slots__ = ("template", "outputs", "inputs", "clobbers", "qualifiers", "coord",
                 "__weakref__")
    attr_names = ("qualifiers",)

    def __init__(self, template, outputs, inputs, clobbers, qualifiers, coord=None):
        self.template, self.outputs, self.inputs = template, outputs, inputs
        self.clobbers, self.qualifiers, self.coord = clobbers, qualifiers, coord

    def children(self):
        out = [("template", self.template)]
        for i, (_, c, e) in enumerate(self.outputs):
            out.append((f"outputs[{i}]", e))
        for i, (_, c, e) in enumerate(self.inputs):
            out.append((f"inputs[{i}]", e))
        return tuple(out)

    def __iter__(self):
        for _, child in self.children():
            yield child


class CaseRange(c_ast.Node):
    """The GNU case range `case lo ... hi:` (the expression of a c_ast.Case)."""
    __slots__ = ("low", "high", "coord", "__weakref__")
    attr_names = ()

    def __init__(self, low, high, coord=None):
        self.low, self.high, self.coord = low, high, coord

    def children(self):
        return (("low", self.low), ("high", self.high))

    def __iter__(self):
        yield self.low
        yield self.high


def gnu_attributes(node):
    """The attributes (c_ast.Attribute) on a node, GNU `__attribute__((...))` ones (their
    namespace is "gnu") and C23 `[[...]]` ones alike, flattened."""
    out = []
    for group in getattr(node, "attributes", None) or []:
        if isinstance(group, c_ast.AttributeSpecifier):
            out.extend(group.attributes)
        elif isinstance(group, c_ast.Attribute):
            out.append(group)
    return out


class ParseMarks(dict):
    """Positions pycparser's tree does not keep: id(Compound) -> its closing brace (the
    dict itself), and `parens`: id(expression node) -> its outermost '('."""

    def __init__(self):
        super().__init__()
        self.parens = {}
        # (file, line, column) of a member name after `.` or `->` -> that operator's
        # position: GCC reports member errors at the operator.
        self.member_ops = {}
        # ids of declarations with no type specifier at all (`static n = 3;`): C90's
        # implicit int, which GCC still takes, with a warning in C99 and later.
        self.implicit_int = set()


class SyntaxErrorAt(Exception):
    """A parse error with a position and a GCC-worded message."""

    def __init__(self, file, line, column, message):
        super().__init__(message)
        self.file, self.line, self.column, self.message = file, line, column, message


class GccParser(c_parser.CParser):
    """pycparser with GCC's messages and the GNU C it rejects.

    GNU attributes `__attribute__((...))` (and `__extension__`) are taken out of the
    token stream as it is read, so pycparser's grammar never sees them and no position
    moves; each attribute list rides on the token that follows it. When the parser
    consumes that token, its attributes join a list of attributes seen, and each
    construct that can carry attributes (declaration, struct, member, parameter, type
    name, enumerator) takes those seen while it was parsed into its `attributes` field,
    as c_ast.Attribute nodes of namespace "gnu" whose `arguments` is an ExprList or
    None. Backtracking (pycparser re-parses `(type)` after a mark) forgets attributes
    consumed after the mark, so nothing is taken twice."""

    def __init__(self, gnu=True):
        super().__init__()
        self._last_tok = None
        self.end_coords = ParseMarks()    # id(Compound) -> (file, line, column) of its "}"
        self.clex._keyword_map.update(GNU_KEYWORDS)
        if gnu:
            self.clex._keyword_map.update(GNU_DIALECT_KEYWORDS)

    def parse(self, text, filename="", debug=False):
        self._last_tok = None
        self.end_coords = ParseMarks()
        self._tok_attrs = {}        # id(token) -> (token, [raw attribute])
        self._attr_seen = []        # (stream position, c_ast.Attribute), in parse order
        self._attr_pos = set()      # stream positions whose attributes were seen
        old_limit = sys.getrecursionlimit()
        # Deeply nested expressions recurse deeply in a recursive-descent parser.
        sys.setrecursionlimit(max(old_limit, 20000))
        try:
            self._scope_stack = [{}]
            self._typedef_checked_token = None
            self.clex.input(text, filename)
            self._tokens = _TokenStream(self._gnu_token)
            ast = self._parse_translation_unit_or_empty()
            tok = self._peek()
            if tok is not None:
                self._parse_error(f"before: {tok.value}", self._tok_coord(tok))
            return ast
        finally:
            sys.setrecursionlimit(old_limit)

    # -- GNU attributes ----------------------------------------------------------------
    def _gnu_token(self):
        """The lexer's next token, GNU attributes and `__extension__` taken out."""
        tok = self.clex.token()
        attrs = []
        while tok is not None and tok.type == "ID" and tok.value in (
                "__attribute__", "__attribute", "__extension__"):
            if tok.value != "__extension__":
                attrs.extend(self._read_attribute(tok))
            tok = self.clex.token()
        if attrs:
            if tok is None:
                a = attrs[-1][0]
                raise SyntaxErrorAt(a.filename, a.lineno, a.column,
                                    "expected declaration or statement at end of input")
            self._tok_attrs[id(tok)] = (tok, attrs)
        return tok

    def _read_attribute(self, at):
        """`__attribute__ ((a, b(args), ...))` from the lexer: [(name token, arg tokens)]."""
        def nxt():
            t = self.clex.token()
            if t is None:
                raise SyntaxErrorAt(at.filename, at.lineno, at.column,
                                    "expected '(' at end of input")
            return t
        for _ in range(2):
            t = nxt()
            if t.type != "LPAREN":
                raise SyntaxErrorAt(t.filename, t.lineno, t.column,
                                    f"expected '(' before {describe_token(t)}")
        out = []
        while True:
            t = nxt()
            if t.type == "RPAREN":
                break
            if t.type == "COMMA":
                continue
            if not t.value.isidentifier():
                raise SyntaxErrorAt(t.filename, t.lineno, t.column,
                                    f"expected identifier before {describe_token(t)}")
            name, args = t, None
            t = nxt()
            if t.type == "LPAREN":
                args, depth = [], 1
                while True:
                    t = nxt()
                    depth += {"LPAREN": 1, "RPAREN": -1}.get(t.type, 0)
                    if depth == 0:
                        break
                    args.append(t)
                t = nxt()
            out.append((name, args))
            if t.type == "RPAREN":
                break
            if t.type != "COMMA":
                raise SyntaxErrorAt(t.filename, t.lineno, t.column,
                                    f"expected ')' before {describe_token(t)}")
        t = nxt()
        if t.type != "RPAREN":
            raise SyntaxErrorAt(t.filename, t.lineno, t.column,
                                f"expected ')' before {describe_token(t)}")
        return out

    def _attribute_node(self, name, args):
        """A raw attribute as a c_ast.Attribute; arguments parsed as expressions here,
        where the typedef names in scope are the attribute's own."""
        n = name.value
        if n.startswith("__") and n.endswith("__") and len(n) > 4:
            n = n[2:-2]
        exprs = None
        if args is not None:
            saved = self._tokens, self._typedef_checked_token, self._last_tok
            it = iter(args)
            self._tokens = _TokenStream(lambda: next(it, None))
            self._typedef_checked_token = None
            try:
                exprs = c_ast.ExprList([], self._tok_coord(name)) if not args else \
                    self._parse_argument_expression_list()
                if self._peek() is not None:
                    t = self._peek()
                    raise SyntaxErrorAt(t.filename, t.lineno, t.column,
                                        f"expected ')' before {describe_token(t)}")
            finally:
                self._tokens, self._typedef_checked_token, self._last_tok = saved
        return c_ast.Attribute(n, "gnu", exprs, self._tok_coord(name))

    def _see_attributes(self, tok, where):
        entry = self._tok_attrs.get(id(tok))
        if entry is None or entry[0] is not tok or where in self._attr_pos:
            return
        self._attr_pos.add(where)
        for name, args in entry[1]:
            self._attr_seen.append((where, self._attribute_node(name, args)))

    def _absorb_next(self):
        """Count the attributes before the next token as seen (trailing attributes:
        `int x __attribute__((aligned(8)));`, `struct s {...} __attribute__((packed))`)."""
        tok = self._peek()
        if tok is not None:
            self._see_attributes(tok, self._mark())

    def _take_attributes(self, mark):
        taken = [a for _, a in self._attr_seen[mark:]]
        del self._attr_seen[mark:]
        if not taken:
            return []
        return [c_ast.AttributeSpecifier(taken, taken[0].coord)]

    def _reset(self, mark):
        # Lookahead (pycparser scans declarators ahead, then resets) must not see an
        # attribute twice: forget what was seen after the mark unless a construct took it.
        super()._reset(mark)
        dropped = {p for p, _ in self._attr_seen if p >= mark}
        self._attr_seen = [(p, a) for p, a in self._attr_seen if p < mark]
        self._attr_pos -= dropped

    @staticmethod
    def _attach(nodes, attrs):
        if not attrs:
            return nodes
        for node in nodes:
            target = node.decl if isinstance(node, c_ast.FuncDef) else node
            if hasattr(target, "attributes"):
                target.attributes = list(target.attributes or []) + attrs
        return nodes

    def _parse_external_declaration(self):
        if self._peek_type() == "ASM":
            mark = len(self._attr_seen)
            node = self._parse_asm(top_level=True)
            self._take_attributes(mark)
            return [node]
        mark = len(self._attr_seen)
        nodes = super()._parse_external_declaration()
        return self._attach(nodes, self._take_attributes(mark))

    def _parse_declaration(self):
        mark = len(self._attr_seen)
        nodes = super()._parse_declaration()
        return self._attach(nodes, self._take_attributes(mark))

    def _parse_struct_declaration(self):
        mark = len(self._attr_seen)
        nodes = super()._parse_struct_declaration()
        attrs = self._take_attributes(mark)
        return self._attach(nodes, attrs) if nodes is not None else None

    def _parse_parameter_declaration(self):
        mark = len(self._attr_seen)
        node = super()._parse_parameter_declaration()
        self._absorb_next()
        self._attach([node], self._take_attributes(mark))
        return node

    def _parse_type_name(self):
        mark = len(self._attr_seen)
        node = super()._parse_type_name()
        self._attach([node], self._take_attributes(mark))
        return node

    def _parse_enumerator(self):
        mark = len(self._attr_seen)
        node = super()._parse_enumerator()
        self._absorb_next()
        self._attach([node], self._take_attributes(mark))
        return node

    def _parse_struct_or_union_specifier(self):
        mark = len(self._attr_seen)
        node = super()._parse_struct_or_union_specifier()
        if node.decls is not None:
            self._absorb_next()
            self._attach([node], self._take_attributes(mark))
        return node

    def _parse_statement(self):
        # Statement attributes (`__attribute__((fallthrough));`) change nothing here.
        mark = len(self._attr_seen)
        if self._peek_type() == "ASM":
            node = self._parse_asm()
        else:
            node = super()._parse_statement()
        self._take_attributes(mark)
        return node

    def _starts_statement(self):
        return self._peek_type() == "ASM" or super()._starts_statement()

    # -- asm labels and asm statements -------------------------------------------------
    def _asm_label(self, decl):
        """`int x asm("name")`, `void f(void) __asm__("g")`: the symbol's name, kept as a
        GNU attribute "asm" whose argument is the string."""
        if self._peek_type() == "ASM":
            tok = self._advance()
            self._expect("LPAREN")
            label = self._parse_unified_string_literal()
            self._expect("RPAREN")
            self._attr_seen.append((self._mark(), c_ast.Attribute(
                "asm", "gnu", c_ast.ExprList([label], label.coord), self._tok_coord(tok))))
        return decl

    def _parse_declarator(self):
        return self._asm_label(super()._parse_declarator())

    def _parse_id_declarator(self):
        return self._asm_label(super()._parse_id_declarator())

    def _parse_asm(self, top_level=False):
        tok = self._advance()
        quals = []
        while self._peek_type() in ("VOLATILE", "INLINE", "GOTO"):
            quals.append(self._advance().value.strip("_"))
        self._expect("LPAREN")
        if self._peek_type() not in c_parser._STRING_LITERAL:
            t = self._peek()
            raise SyntaxErrorAt(t.filename, t.lineno, t.column,
                                f"expected string literal before {describe_token(t)}")
        template = self._parse_unified_string_literal()
        sections = [[], [], []]
        pending_colon = False           # `::` is one token (C23 attributes): two colons
        for k in range(3):
            if top_level:
                break
            if pending_colon:
                pending_colon = False
            elif self._accept("COLONCOLON"):
                pending_colon = True
                continue
            elif not self._accept("COLON"):
                break
            if k == 2:
                while self._peek_type() in c_parser._STRING_LITERAL:
                    sections[2].append(self._parse_unified_string_literal())
                    if not self._accept("COMMA"):
                        break
                break
            while self._peek_type() in ("LBRACKET",) or \
                    self._peek_type() in c_parser._STRING_LITERAL:
                name = None
                if self._accept("LBRACKET"):
                    name = self._parse_identifier_or_typeid().name
                    self._expect("RBRACKET")
                constraint = self._parse_unified_string_literal()
                self._expect("LPAREN")
                expr = self._parse_expression()
                self._expect("RPAREN")
                sections[k].append((name, constraint, expr))
                if not self._accept("COMMA"):
                    break
        if "goto" in quals:
            raise SyntaxErrorAt(tok.filename, tok.lineno, tok.column,
                                "not supported yet: asm goto")
        self._expect("RPAREN")
        self._expect("SEMI")
        return Asm(template, sections[0], sections[1], sections[2], quals,
                   self._tok_coord(tok))

    # -- GNU expressions and labels ----------------------------------------------------
    def _parse_labeled_statement(self):
        if self._peek_type() != "CASE":
            return super()._parse_labeled_statement()
        case_tok = self._advance()
        expr = self._parse_constant_expression()
        if self._peek_type() == "ELLIPSIS":          # case 1 ... 5:
            dots = self._advance()
            high = self._parse_constant_expression()
            expr = CaseRange(expr, high, self._tok_coord(dots))
        self._expect("COLON")
        if self._starts_statement():
            stmt = self._parse_pragmacomp_or_statement()
        else:
            stmt = c_ast.EmptyStatement(self._tok_coord(case_tok))
        return c_ast.Case(expr, [stmt], self._tok_coord(case_tok))

    def _push_builtins(self):
        for name in BUILTIN_TYPEDEFS:
            self._scope_stack[0][name] = True

    def _parse_translation_unit_or_empty(self):
        self._push_builtins()
        return super()._parse_translation_unit_or_empty()

    # -- token bookkeeping -------------------------------------------------------------
    def _advance(self):
        where = self._mark()
        tok = super()._advance()
        prev, self._last_tok = self._last_tok, tok
        if prev is not None and prev.type in ("PERIOD", "ARROW") and tok is not None:
            self.end_coords.member_ops[(tok.filename, tok.lineno, tok.column)] = \
                (prev.filename, prev.lineno, prev.column)
        if self._tok_attrs:
            self._see_attributes(tok, where)
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
            declaration = token_type == "SEMI" and self._declaration_end
            if declaration == "init":
                msg = "expected ',' or ';'"       # an init-declarator list could go on
            elif declaration:
                msg = "expected '=', ',', ';', 'asm' or '__attribute__'"
            # GCC puts a missing closer just after the previous token, except at the end
            # of a declaration, where it names the token that cannot continue it.
            if token_type in ("SEMI", "RPAREN", "RBRACKET", "RBRACE", "COMMA", "COLON") \
                    and self._last_tok is not None and not declaration:
                f, line, col = self._after_last()
            else:
                f, line, col = tok.filename, tok.lineno, tok.column
            raise SyntaxErrorAt(f, line, col, f"{msg} before {describe_token(tok)}")
        return self._advance()

    _declaration_end = False

    def _fix_decl_name_type(self, decl, typename):
        if not typename and isinstance(decl, c_ast.Decl) and \
                not isinstance(decl.type, c_ast.FuncDecl):
            self.end_coords.implicit_int.add(id(decl))
            typename = [c_ast.IdentifierType(["int"], coord=decl.coord)]
        # A struct/union/enum body followed by another type is the classic missing `;`
        # after `struct s { ... }`: say it as GCC does, at the second type.
        records = (c_ast.Struct, c_ast.Union, c_ast.Enum)
        for i, tn in enumerate(typename):
            if isinstance(tn, records) and (getattr(tn, "decls", None) is not None or
                                            getattr(tn, "values", None) is not None):
                later = [t for t in typename[i + 1:] if t.coord is not None]
                if later:
                    c = later[0].coord
                    word = later[0].names[0] if isinstance(later[0], c_ast.IdentifierType) \
                        else {c_ast.Struct: "struct", c_ast.Union: "union",
                              c_ast.Enum: "enum"}.get(type(later[0]), "")
                    raise SyntaxErrorAt(c.file, c.line, c.column or 0,
                                        f"expected ';', identifier or '(' before '{word}'")
        others = [t for t in typename if not isinstance(t, c_ast.IdentifierType)]
        if others and len(typename) > 1:
            c = typename[-1].coord or others[0].coord
            raise SyntaxErrorAt(c.file, c.line, c.column or 0,
                                "two or more data types in declaration specifiers")
        return super()._fix_decl_name_type(decl, typename)

    def _parse_declaration_end(self, decls):
        named = [d for d in decls if isinstance(d, c_ast.Decl) and d.name]
        # After `= value` only `,` or `;` can follow; after a bare declarator also `=`,
        # `asm` or `__attribute__`, and GCC lists them all.
        self._declaration_end = named and ("init" if named[-1].init is not None else "bare")
        try:
            return super()._parse_declaration_end(decls)
        finally:
            self._declaration_end = False

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

    def _parse_primary_expression(self):
        # GNU `__builtin_types_compatible_p(type, type)`: two type names as arguments,
        # which pycparser's argument list (expressions only) cannot take.
        tok = self._peek()
        if tok is not None and tok.type == "ID" and \
                tok.value == "__builtin_types_compatible_p" and self._peek_type(2) == "LPAREN":
            self._advance()
            self._advance()
            first = self._parse_type_name()
            self._expect("COMMA")
            second = self._parse_type_name()
            self._expect("RPAREN")
            coord = self._tok_coord(tok)
            return c_ast.FuncCall(c_ast.ID(tok.value, coord),
                                  c_ast.ExprList([first, second], coord), coord)
        node = super()._parse_primary_expression()
        if tok is not None and tok.type == "LPAREN":
            # pycparser drops parentheses; warnings need them (they silence
            # -Wparentheses, and gcc puts some messages at the '(').
            self.end_coords.parens[id(node)] = (tok.filename, tok.lineno, tok.column)
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
        if tok is not None and tok.type == "_ALIGNOF" and not (
                self._peek_type(2) == "LPAREN" and self._starts_declaration(self._peek(3))):
            # GNU `__alignof__ expr` / `_Alignof(expr)`, like sizeof of an expression.
            self._advance()
            expr = self._parse_unary_expression()
            return c_ast.UnaryOp(tok.value, expr, self._tok_coord(tok))
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
            # GNU `x ?: y`: the middle operand omitted (TernaryOp.iftrue is None).
            iftrue = None if self._peek_type() == "COLON" else self._parse_expression()
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


def parse(text: str, filename: str, gnu: bool = True):
    """Parse preprocessed C into (FileAST, closing-brace positions of compound
    statements by id). Syntax errors raise SyntaxErrorAt. `gnu`: the GNU dialect's
    keywords (`typeof`, `asm`) too, as -std=gnu* has them."""
    p = GccParser(gnu)
    try:
        return p.parse(text, filename), p.end_coords
    except ParseError as e:   # any path our overrides did not catch
        raise SyntaxErrorAt(filename, 0, 0, str(e)) from None


def to_diagnostic(e: SyntaxErrorAt, lines) -> Diagnostic:
    src = lines.get((e.file, e.line)) if lines is not None else None
    return Diagnostic(e.file, e.line or 0, e.column or 0, "error", e.message, src)
