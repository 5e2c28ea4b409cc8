"""Macro definitions: parsing `#define` (C11 6.10.3) and comparing redefinitions.

A definition keeps its replacement list as tokens in which parameters have become
MACRO_ARG tokens, `#` has been folded into a STRINGIFY flag on its operand, and `##`
into a PASTE_LEFT flag on its left operand, the way libcpp stores them, because the
expansion algorithm (expand.py) and GCC's output spacing are defined on that shape.
"""
from __future__ import annotations

from .tokens import (EOF, MACRO_ARG, NAME, PASTE_LEFT, PREV_WHITE, PUNCT, STRINGIFY,
                     Token, spell)


class Macro:
    __slots__ = ("name", "fun_like", "params", "variadic", "tokens", "file", "line", "col",
                 "builtin", "disabled", "params_text", "body_text", "used", "end_line")

    def __init__(self, name, fun_like=False, params=(), variadic=False, tokens=(),
                 file=None, line=0, col=0, builtin=None):
        self.name = name
        self.fun_like = fun_like
        self.params = list(params)
        self.variadic = variadic
        self.tokens = list(tokens)
        self.file = file
        self.line = line
        self.col = col
        self.builtin = builtin      # None for user macros; else which builtin
        self.disabled = False       # inside its own expansion (libcpp's NODE_DISABLED)
        self.params_text = ""
        self.body_text = ""
        self.used = False
        self.end_line = line        # last physical line of the #define (splices)

    @property
    def definition(self) -> str:
        """As `gcc -dM` prints it after `#define `."""
        head = self.name + (f"({self.params_text})" if self.fun_like else "")
        return f"{head} {self.body_text}" if self.body_text else head

    @property
    def where(self) -> str:
        return f"{self.file.name}:{self.line}" if self.file else "<built-in>"


VA_ARGS_WARNING = "__VA_ARGS__ can only appear in the expansion of a C99 variadic macro"
VA_OPT_WARNING = "__VA_OPT__ can only appear in the expansion of a C++20 variadic macro"


class DefineError(Exception):
    def __init__(self, tok, message, severity="error"):
        super().__init__(message)
        self.tok = tok
        self.message = message


def parse_define(name_tok: Token, toks: list[Token], file, warn) -> Macro:
    """Build a Macro from the tokens after the name (up to the end of the line).

    `warn(tok, message)` reports a warning; errors raise DefineError.
    """
    macro = Macro(name_tok.text, file=file, line=name_tok.line, col=name_tok.col)
    i = 0
    n = len(toks)
    head = name_tok     # GCC reports errors in the body at the end of the head
    if n and toks[0].op == "(" and not toks[0].flags & PREV_WHITE:
        macro.fun_like = True
        i = _parse_params(macro, toks, name_tok)
        head = toks[i - 1]
    elif n and toks[0].kind != EOF and not toks[0].flags & PREV_WHITE:
        warn(name_tok, "ISO C99 requires whitespace after the macro name")
    body = [t for t in toks[i:] if t.kind != EOF]
    macro.body_text = spell(body)
    try:
        macro.tokens = _parse_body(macro, body, warn)
    except DefineError as e:
        # GCC puts these at the end of the head; the __VA_OPT__ ones at their token.
        if e.message.startswith(("'#'", "'##'")) and "__VA_OPT__" not in e.message:
            e.tok = head
        raise
    return macro


def _parse_params(macro: Macro, toks, name_tok) -> int:
    i = 1
    params = []
    shown = []
    prev = toks[0]
    while True:
        t = toks[i] if i < len(toks) else None
        if t is None or t.kind == EOF:
            where = t or prev
            if not params and prev.op == "(":
                raise DefineError(where, "expected parameter name before end of line")
            raise DefineError(where, "expected ')' before end of line")
        if t.op == ")" and not params and prev.op == "(":
            return i + 1
        if t.kind == NAME:
            if t.text in params:
                raise DefineError(t, f'duplicate macro parameter "{t.text}"')
            if t.text == "__VA_ARGS__":
                raise DefineError(t, "__VA_ARGS__ can not appear in the parameter list")
            params.append(t.text)
            shown.append(t.text)
            i += 1
            nxt = toks[i] if i < len(toks) else None
            if nxt is not None and nxt.op == "...":
                macro.variadic = True
                shown[-1] += "..."
                i += 1
                nxt = toks[i] if i < len(toks) else None
                if nxt is None or nxt.op != ")":
                    raise DefineError(nxt or t, "expected ')' after \"...\"")
        elif t.op == "...":
            macro.variadic = True
            params.append("__VA_ARGS__")
            shown.append("...")
            i += 1
            nxt = toks[i] if i < len(toks) else None
            if nxt is None or nxt.kind == EOF or nxt.op != ")":
                raise DefineError(nxt or t, "expected ')' after \"...\"")
        else:
            if prev.op in ("(", ","):
                raise DefineError(t, f'expected parameter name, found "{t.text}"')
            raise DefineError(t, f"expected ',' or ')', found \"{t.text}\"")
        nxt = toks[i] if i < len(toks) else None
        if nxt is None or nxt.kind == EOF:
            raise DefineError(nxt or t, "expected ')' before end of line")
        if nxt.op == ")":
            macro.params = params
            macro.params_text = ",".join(shown)
            return i + 1
        if nxt.op != ",":
            raise DefineError(nxt, f"expected ',' or ')', found \"{nxt.text}\"")
        prev = nxt
        i += 1
        t2 = toks[i] if i < len(toks) else None
        if t2 is None or t2.kind == EOF:
            raise DefineError(t2 or nxt, "expected parameter name before end of line")


def _parse_body(macro: Macro, body: list[Token], warn) -> list[Token]:
    out: list[Token] = []
    params = {p: k for k, p in enumerate(macro.params)} if macro.fun_like else {}
    vaopt_depth = 0         # parentheses open inside __VA_OPT__( ... )
    vaopt_open = None
    # GCC's va_args_ok: only `...` (not `args...`) allows __VA_ARGS__/__VA_OPT__.
    va_ok = macro.variadic and bool(macro.params) and macro.params[-1] == "__VA_ARGS__"
    k = 0
    n = len(body)
    while k < n:
        t = body[k].copy()
        t.flags &= ~(PASTE_LEFT | STRINGIFY)
        if t.kind == NAME:
            if t.text in params:
                t.kind = MACRO_ARG
                t.arg = params[t.text]
            elif t.text == "__VA_ARGS__" and not va_ok:
                warn(t, VA_ARGS_WARNING)
            elif t.text == "__VA_OPT__" and not macro.variadic:
                warn(t, VA_OPT_WARNING)
            elif t.text == "__VA_OPT__" and macro.variadic:
                if not va_ok:       # a named variadic (x...): GCC warns, then obeys
                    warn(t, VA_OPT_WARNING)
                if vaopt_open is not None:
                    raise DefineError(t, "__VA_OPT__ may not appear in a __VA_OPT__")
                nxt = body[k + 1] if k + 1 < n else None
                if nxt is None or nxt.op != "(":
                    raise DefineError(t, "__VA_OPT__ must be followed by an open parenthesis")
                vaopt_open = t
                vaopt_depth = 0
        elif vaopt_open is not None and t.kind == PUNCT:
            if t.op == "(":
                vaopt_depth += 1
            elif t.op == ")":
                vaopt_depth -= 1
                if vaopt_depth == 0:
                    if out and out[-1].flags & PASTE_LEFT and out[-1].op != "(":
                        raise DefineError(t, "'##' cannot appear at either end of __VA_OPT__")
                    vaopt_open = None
        if t.kind == PUNCT and t.op == "#" and macro.fun_like:
            nxt = body[k + 1] if k + 1 < n else None
            is_param = nxt is not None and nxt.kind == NAME and (
                nxt.text in params or (nxt.text == "__VA_OPT__" and macro.variadic))
            if not is_param:
                raise DefineError(t, "'#' is not followed by a macro parameter")
            # The operand inherits the '#''s leading whitespace (libcpp does the same).
            operand = nxt.copy()
            operand.flags = (operand.flags & ~PREV_WHITE) | (t.flags & PREV_WHITE) | STRINGIFY
            if operand.text in params:
                operand.kind = MACRO_ARG
                operand.arg = params[operand.text]
            else:
                if vaopt_open is not None:
                    raise DefineError(operand, "__VA_OPT__ may not appear in a __VA_OPT__")
                vaopt_open = operand
                vaopt_depth = 0
            out.append(operand)
            k += 2
            continue
        if t.kind == PUNCT and t.op == "##":
            if not out:
                raise DefineError(t, "'##' cannot appear at either end of a macro expansion")
            if k + 1 >= n:
                raise DefineError(t, "'##' cannot appear at either end of a macro expansion")
            if vaopt_open is not None and out[-1].op == "(" and vaopt_depth == 1 and \
                    out[-2:-1] and out[-2] is not None and out[-2].text == "__VA_OPT__":
                raise DefineError(t, "'##' cannot appear at either end of __VA_OPT__")
            out[-1].flags |= PASTE_LEFT
            k += 1
            continue
        out.append(t)
        k += 1
    if vaopt_open is not None:
        raise DefineError(vaopt_open, "unterminated __VA_OPT__")
    if out:
        out[0].flags &= ~PREV_WHITE
    return out


def same_definition(a: Macro, b: Macro) -> bool:
    """C11 6.10.3p2: identical parameters and replacement lists, whitespace-separated
    the same way (only the presence of whitespace counts, not its amount)."""
    if a.fun_like != b.fun_like or a.params != b.params or a.variadic != b.variadic:
        return False
    if len(a.tokens) != len(b.tokens):
        return False
    mask = PREV_WHITE | PASTE_LEFT | STRINGIFY
    for x, y in zip(a.tokens, b.tokens):
        if x.kind != y.kind or x.text != y.text or (x.flags & mask) != (y.flags & mask):
            return False
        if x.kind == MACRO_ARG and x.arg != y.arg:
            return False
    return True
