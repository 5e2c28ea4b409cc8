"""Macro expansion (C11 6.10.3.1-6.10.3.4), following libcpp's algorithm step by step.

Why libcpp's and not a textbook one: GCC's -E output spacing is a side effect of how
libcpp expands (the PADDING tokens it leaves at macro and argument boundaries), and
corner cases of rescanning (a function-like macro name at the end of an expansion
picking its arguments from the source text) depend on the context stack. So:

- a *context* is a list of tokens being read (a macro's expansion, a pasted token, an
  argument being pre-expanded); the file is the base below all contexts;
- a macro is *disabled* while its context is on the stack; a name met while its macro
  is disabled is copied with NO_EXPAND and is never expanded again (painted blue);
- arguments are fully macro-expanded on their own before substitution, except the
  operands of # and ##; the result is pushed as a new context and rescanned.

MacroExpander is mixed into the Preprocessor (engine.py), which provides the base
lexer (`lex_token`), diagnostics and the macro table.
"""
from __future__ import annotations

from .records import MacroExpansion
from .tokens import (AVOID_PASTE, CHAR, EOF, MACRO_ARG, NAME, NO_EXPAND, OTHER, PADDING,
                     PASTE_LEFT, PREV_WHITE, STRING, STRINGIFY, Token, avoid_paste, padding)

IN_DEFINITION = 64   # token spelled inside a #define (for __LINE__)
ENDARG = Token(EOF, "")   # libcpp's pfile->endarg: ends an argument being pre-expanded


class Context:
    """`name_tok` is the macro name that was expanded (its expansion point) and `spans`
    the (start, end, parameter token) runs of `tokens` that came from an argument: what
    GCC's virtual locations know, for the "in expansion of macro" notes."""
    __slots__ = ("tokens", "pos", "macro", "record", "name_tok", "spans")

    def __init__(self, tokens, macro, record=None, name_tok=None, spans=None):
        self.tokens = tokens
        self.pos = 0
        self.macro = macro
        self.record = record
        self.name_tok = name_tok
        self.spans = spans


class Arg:
    __slots__ = ("first", "expanded", "stringified", "absent")

    def __init__(self, first):
        self.first = first          # tokens as written (None: variadic argument absent)
        self.expanded = None
        self.stringified = None


class MacroExpander:
    # --- the token stream -------------------------------------------------------------

    def get_token(self) -> Token:
        """libcpp's cpp_get_token_1: the next token after macro expansion."""
        contexts = self.contexts
        while True:
            if not contexts:
                tok = self.lex_token()
                self.loc_token = tok
            else:
                ctx = contexts[-1]
                if ctx.pos < len(ctx.tokens):
                    tok = ctx.tokens[ctx.pos]
                    ctx.pos += 1
                    if tok.flags & PASTE_LEFT:
                        self.paste_all_tokens(tok)
                        if self.in_directive:
                            continue
                        return padding(tok)
                else:
                    self.pop_context()
                    if self.in_directive:
                        continue
                    return AVOID_PASTE
            if tok.kind != NAME or tok.flags & NO_EXPAND:
                return tok
            macro = self.macros.get(tok.text)
            if macro is None:
                if self.poisoned and tok.text in self.poisoned:
                    self.error_at(tok, f'attempt to use poisoned "{tok.text}"')
                return tok
            if not macro.disabled:
                if not contexts and not self.about_to_expand:
                    self.invocation = tok
                    self.top_most_name = tok.text
                if self.prevent_expansion:
                    return tok
                ret = self.enter_macro_context(macro, tok)
                if ret:
                    if self.in_directive or ret == 2:
                        continue
                    return padding(tok)
                return tok
            painted = tok.copy()
            painted.flags |= NO_EXPAND
            return painted

    def push_context(self, tokens, macro, record=None, name_tok=None, spans=None):
        self.contexts.append(Context(tokens, macro, record, name_tok, spans))

    def pop_context(self):
        ctx = self.contexts.pop()
        macro = ctx.macro
        if macro is not None:
            # One expansion may span several contexts (a pasted token, re-inserted
            # padding); the macro comes back to life only when the last one goes.
            if not self.contexts or self.contexts[-1].macro is not macro:
                macro.disabled = False
        if ctx.record is not None:
            self.finish_record(ctx.record)

    def backup_tokens(self):
        """Step back one token (libcpp's _cpp_backup_tokens(pfile, 1))."""
        if self.contexts:
            self.contexts[-1].pos -= 1
        else:
            self.unlex()

    def in_expansion(self) -> bool:
        return bool(self.contexts)

    # --- entering a macro -------------------------------------------------------------

    def enter_macro_context(self, macro, name_tok) -> int:
        self.mi_valid = False
        if macro.builtin is not None:
            return self.builtin_macro(macro, name_tok)
        record = self.start_record(macro, name_tok)
        spans = None
        if macro.fun_like:
            self.prevent_expansion += 1
            self.parsing_args = 1
            saved, self.about_to_expand = self.about_to_expand, True
            try:
                args = self.funlike_invocation_p(macro, name_tok)
            finally:
                self.about_to_expand = saved
                self.parsing_args = 0
                self.prevent_expansion -= 1
            if args is None:
                self.abandon_record(record)
                return 0
            if record is not None:
                record.args = [self.arg_text(a) for a in args[:len(macro.params)]]
            if macro.params:
                tokens = self.replace_args(macro, args, record)
                spans = self.arg_spans
            else:
                tokens = macro.tokens
        else:
            tokens = macro.tokens
        macro.disabled = True
        macro.used = True
        if record is not None:
            record.replacement = self.render(tokens)
        self.push_context(tokens, macro, record, name_tok, spans)
        if record is not None:
            record._substituted = True
            if record is not self.record_stack[0]:
                self.snapshot()
            elif not self.contexts[:-1]:
                self.locate_in_line(record, macro, name_tok)
        return 1

    def funlike_invocation_p(self, macro, name_tok):
        pad = None
        while True:
            tok = self.get_token()
            if tok.kind != PADDING:
                break
            if pad is None or pad.source is None or (
                    not pad.source.flags & PREV_WHITE and tok.source is None):
                pad = tok
        if tok.kind == "punct" and tok.op == "(":
            self.parsing_args = 2
            return self.collect_args(macro, name_tok)
        # A real end of file is not given back; the end of an argument or of a
        # directive is (the caller still needs to see it).
        if tok.kind != EOF or tok is ENDARG or self.in_directive:
            self.backup_tokens()
            if pad is not None:
                self.push_context([pad], None)
        return None

    def collect_args(self, macro, name_tok):
        nparams = len(macro.params)
        args: list[Arg] = []
        while True:
            toks = []
            depth = 0
            while True:
                tok = self.get_token()
                kind = tok.kind
                if kind == PADDING:
                    if not toks:
                        continue
                elif kind == "punct":
                    op = tok.op
                    if op == "(":
                        depth += 1
                    elif op == ")":
                        if depth == 0:
                            break
                        depth -= 1
                    elif op == ",":
                        if depth == 0 and not (macro.variadic and len(args) + 1 == nparams):
                            break
                elif kind == EOF:
                    break
                toks.append(tok)
            while toks and toks[-1].kind == PADDING:
                toks.pop()
            args.append(Arg(toks))
            if tok.kind == EOF or tok.op == ")":
                break
        if tok.kind == EOF:
            if self.contexts or self.in_directive:
                self.backup_tokens()
            self.error_here(f'unterminated argument list invoking macro "{macro.name}"')
            return None
        argc = len(args)
        if argc == 1 and nparams == 0 and not args[0].first:
            argc = 0
        if argc != nparams:
            if argc < nparams and argc + 1 == nparams and macro.variadic:
                pass
            else:
                if argc < nparams:
                    msg = (f'macro "{macro.name}" requires {nparams} arguments, '
                           f'but only {argc} given')
                else:
                    msg = (f'macro "{macro.name}" passed {argc} arguments, '
                           f'but takes just {nparams}')
                # GCC reports it at the last token read from the file (cur_token[-1]).
                where = self.last_lexed if self.last_lexed is not None else tok
                self.error_at(where, msg, notes=[(macro, f'macro "{macro.name}" defined here')])
                return None
        while len(args) < nparams:
            args.append(Arg([]))
        # GNU `, ## __VA_ARGS__`: the comma goes when the variadic argument was left
        # out entirely (and, outside strict ISO modes, when it is the only one and empty).
        if macro.variadic and (argc < nparams or (
                argc == 1 and not args[0].first and not self.iso)):
            args[nparams - 1].first = None
        return args

    # --- substitution -----------------------------------------------------------------

    def expand_arg(self, arg: Arg):
        self.arg_depth += 1
        try:
            self._expand_arg(arg)
        finally:
            self.arg_depth -= 1

    def _expand_arg(self, arg: Arg):
        toks = arg.first or []
        self.push_context(list(toks) + [ENDARG], None)
        out = []
        floor = len(self.record_stack)
        while True:
            tok = self.get_token()
            if tok.kind == EOF:
                break
            out.append(tok)
            if len(self.record_stack) > floor:
                self.note_output(tok, floor)
        self.pop_context()
        arg.expanded = out

    def replace_args(self, macro, args, record):
        """Substitute the arguments into a copy of the replacement list (C11 6.10.3.1-3)."""
        exp = macro.tokens
        for i, src in enumerate(exp):
            if src.kind == MACRO_ARG:
                arg = args[src.arg]
                if src.flags & STRINGIFY:
                    if arg.stringified is None:
                        arg.stringified = self.stringify(arg.first or [], src)
                elif src.flags & PASTE_LEFT or (i and exp[i - 1].flags & PASTE_LEFT):
                    pass
                elif arg.expanded is None:
                    self.expand_arg(arg)
        if record is not None:
            # Operands of # and ## are not expanded (6.10.3.1): None says so.
            record.expanded_args = [self.render(a.expanded) if a.expanded is not None else None
                                    for a in args[:len(macro.params)]]
        in_directive = self.in_directive
        buff: list[Token] = []
        spans = self.arg_spans = []
        vaopt = _VaOpt(self, macro, args[-1] if macro.variadic else None)
        vaopt_start = None
        for i, src in enumerate(exp):
            prev_src = exp[i - 1] if i else None
            state = vaopt.update(src)
            if state != _INCLUDE:
                if state == _BEGIN:
                    if prev_src is not None and not prev_src.flags & PASTE_LEFT:
                        buff.append(padding(src))
                    vaopt_start = len(buff) - 1 if buff else None
                elif state == _END:
                    start = vaopt_start
                    vaopt_start = None
                    if vaopt.stringify:
                        first = start + 1 if start is not None else 0
                        part = self._paste_run(buff[first:])
                        del buff[first:]
                        t = self.stringify(part, src)
                        if src.flags & PASTE_LEFT:
                            t.flags |= PASTE_LEFT
                        buff.append(t)
                        continue
                    if src.flags & PASTE_LEFT:
                        while buff and (start is None or len(buff) - 1 != start) and \
                                buff[-1] is AVOID_PASTE:
                            buff.pop()
                        if buff and buff[-1].kind != PADDING:
                            _set_paste(buff, len(buff) - 1, src)
                    else:
                        buff.append(AVOID_PASTE)
                continue

            if src.kind != MACRO_ARG:
                buff.append(src)
                continue

            paste_at = None
            arg = args[src.arg]
            if src.flags & STRINGIFY:
                from_toks = [arg.stringified]
            elif src.flags & PASTE_LEFT:
                from_toks = arg.first or []
            elif prev_src is not None and prev_src.flags & PASTE_LEFT:
                from_toks = arg.first or []
                if buff:
                    last = buff[-1]
                    if last.kind == "punct" and last.op == "," and macro.variadic and \
                            src.arg == len(macro.params) - 1:
                        if arg.first is None:
                            buff.pop()
                        else:
                            paste_at = len(buff) - 1
                    elif not from_toks and (vaopt_start is None or len(buff) - 1 != vaopt_start):
                        paste_at = len(buff) - 1
            else:
                from_toks = arg.expanded
                if vaopt_start is not None and len(buff) - 1 == vaopt_start:
                    k = 0
                    while k < len(from_toks) and from_toks[k].kind == PADDING:
                        k += 1
                    from_toks = from_toks[k:]

            if (not in_directive or self.directive_wants_padding) and prev_src is not None \
                    and not prev_src.flags & PASTE_LEFT \
                    and not (vaopt_start is not None and len(buff) - 1 == vaopt_start):
                buff.append(padding(src))

            if from_toks:
                spans.append((len(buff), len(buff) + len(from_toks), src))
                buff.extend(from_toks)
                if src.flags & PASTE_LEFT:
                    paste_at = len(buff) - 1

            if not in_directive and not src.flags & PASTE_LEFT:
                buff.append(AVOID_PASTE)

            if paste_at is not None:
                _set_paste(buff, paste_at, src)
        self.arg_spans = spans      # (a nested expansion inside __VA_OPT__ may have reset it)
        return buff

    def _paste_run(self, toks):
        """Apply pending ## inside a stringified __VA_OPT__ before stringizing it."""
        out = []
        i = 0
        while i < len(toks):
            t = toks[i]
            while t.flags & PASTE_LEFT and i + 1 < len(toks):
                i += 1
                ok, t = self.paste_tokens(t, toks[i])
                if not ok:
                    i -= 1
                    break
            out.append(t)
            i += 1
        return out

    # --- # and ## ---------------------------------------------------------------------

    def stringify(self, toks, where: Token) -> Token:
        parts = []
        source = None
        backslashes = 0
        for t in toks:
            if t.kind == PADDING:
                if source is None or (not source.flags & PREV_WHITE and t.source is None):
                    source = t.source
                continue
            if parts:
                if source is None:
                    source = t
                if source.flags & PREV_WHITE:
                    parts.append(" ")
            source = None
            text = t.text
            if t.kind in (STRING, CHAR):
                text = text.replace("\\", "\\\\").replace('"', '\\"')
            parts.append(text)
            backslashes = backslashes + 1 if (t.kind == OTHER and text == "\\") else 0
        body = "".join(parts)
        if backslashes & 1:
            self.warning_here("invalid string literal, ignoring final '\\'")
            body = body[:-1]
        return Token(STRING, f'"{body}"', 0, where.src, where.line, where.col)

    def paste_tokens(self, lhs: Token, rhs: Token):
        text = lhs.text
        if lhs.kind == "punct" and lhs.op == "/" and rhs.op != "=":
            text += " "      # never create a comment: // and /* are still lexed here
        text += rhs.text
        new = self.relex(text)
        if new is None:
            bad = lhs.copy()
            bad.flags &= ~PASTE_LEFT
            self.error_at(lhs, f'pasting "{lhs.text}" and "{rhs.text}" does not give a '
                               f'valid preprocessing token',
                          notes=self.macro_notes(lhs, self.contexts, self.paste_index))
            return False, bad
        new.flags |= lhs.flags & PREV_WHITE
        new.src, new.line, new.col = lhs.src, lhs.line, lhs.col
        return True, new

    def paste_all_tokens(self, lhs: Token):
        ctx = self.contexts[-1]
        self.paste_index = ctx.pos - 1
        while True:
            rhs = ctx.tokens[ctx.pos]
            ctx.pos += 1
            if rhs.kind == PADDING:
                # Only a placemarker can sit there; pasting with it changes nothing.
                if not rhs.flags & PASTE_LEFT:
                    break
                continue
            ok, lhs = self.paste_tokens(lhs, rhs)
            if not ok:
                ctx.pos -= 1
                break
            if not rhs.flags & PASTE_LEFT:
                break
        self.push_context([lhs], None)

    # --- where a token came from, for diagnostics ------------------------------------------

    def macro_notes(self, tok, contexts, index=None):
        """GCC's unwinding of a token's macro expansion (maybe_unwind_expanded_macro_loc):
        "in definition of macro 'M'" at the parameter the token came through when it came
        from an argument, then "in expansion of macro 'M'" at each expansion point, from
        the innermost macro out. `contexts` is the context stack the token was read from
        (top = its context) and `index` its position there."""
        chain = []
        for ctx in reversed(contexts):
            if ctx.macro is not None and ctx.name_tok is not None and (
                    not chain or chain[-1].macro is not ctx.macro):
                chain.append(ctx)
        if not chain:
            return []
        notes = []
        first = chain[0]
        m = first.macro
        in_body = tok.src is m.file and m.line <= tok.line <= getattr(m, "end_line", m.line)
        if not in_body:
            if first is contexts[-1] and index is not None and first.spans:
                for start, end, param in first.spans:
                    if start <= index < end:
                        notes.append(((param.src, param.line, param.col),
                                      f"in definition of macro ‘{m.name}’"))
                        break
            if not notes:
                return []
            chain = chain[1:]
        for ctx in chain:
            nt = ctx.name_tok
            notes.append(((nt.src, nt.line, nt.col), f"in expansion of macro ‘{ctx.macro.name}’"))
        return notes

    # --- the trace ----

    def snapshot(self):
        """Record, on the outermost expansion being rescanned, the text of its region now:
        what it has produced so far, then every token still waiting in the contexts."""
        top = self.record_stack[0]
        if not top._substituted or self.arg_depth:
            return
        toks = list(top._result)
        toks.append(padding(self.contexts[-1].name_tok))   # the spacing the printer gets
        for ctx in reversed(self.contexts):
            toks.extend(ctx.tokens[ctx.pos:])
            if ctx.record is top:
                break
        top.snapshots.append(self.render(toks))

    def locate_in_line(self, record, macro, name_tok):
        """The source text before and after a top-level invocation, for whole-line steps."""
        src = name_tok.src
        if src is None:
            return
        text = (src.line_text(name_tok.line) or "").rstrip("\n")
        record.line_prefix = text[:name_tok.col - 1]
        if macro.fun_like:
            end = self.last_lexed
            if end is None or end.src is not src:
                return
            end_text = (src.line_text(end.line) or "").rstrip("\n")
            record.line_suffix = end_text[end.col:]
        else:
            record.line_suffix = text[name_tok.col - 1 + len(name_tok.text):]

    # --- the records ------------------------------------------------------------------

    def start_record(self, macro, name_tok):
        if not self.tracing:
            return None
        parent = self.record_stack[-1] if self.record_stack else None
        rec = MacroExpansion(
            name=macro.name, file=self.presumed_name(name_tok), line=self.presumed_line(name_tok),
            column=name_tok.col,
            definition_file=macro.file.name if macro.file else "<built-in>",
            definition_line=macro.line, definition=macro.definition,
            in_directive=self.in_directive)
        (parent.nested if parent else self.expansions).append(rec)
        self.record_stack.append(rec)
        return rec

    def abandon_record(self, rec):
        if rec is None:
            return
        self.record_stack.remove(rec)
        siblings = self.record_stack[-1].nested if self.record_stack else self.expansions
        if rec in siblings:
            siblings.remove(rec)

    def finish_record(self, rec):
        if rec in self.record_stack:
            self.record_stack.remove(rec)
        rec.result = self.render(rec._result)
        rec._result = []

    def note_output(self, tok, floor=0):
        """Feed a token that left the expander to the `result` of the open expansions
        (above `floor`: an argument's pre-expansion belongs to the expansions inside it)."""
        for rec in self.record_stack[floor:]:
            rec._result.append(tok)

    @staticmethod
    def render(toks) -> str:
        """Tokens as text with GCC's spacing rules (padding decides, as in the printer)."""
        out = []
        prev = None
        source = None
        pending = False
        for t in toks:
            if t.kind == PADDING:
                pending = True
                if source is None or (not source.flags & PREV_WHITE and t.source is None):
                    source = t.source
                continue
            if t.kind == EOF:
                continue
            if prev is not None and prev.flags & PASTE_LEFT:
                pass        # a ## still to apply: the operands meet (the replacement list)
            elif prev is not None:
                if pending:
                    s = source or t
                    if s.flags & PREV_WHITE or avoid_paste(prev, t):
                        out.append(" ")
                elif t.flags & PREV_WHITE:
                    out.append(" ")
            out.append(t.text)
            prev, source, pending = t, None, False
        return "".join(out)

    def render_replacement(self, toks) -> str:
        """The replacement list after substitution, # and ## (before rescanning)."""
        out = []
        glue = False
        for t in toks:
            if t.kind in (PADDING, EOF):
                continue
            if out and t.flags & PREV_WHITE and not glue:
                out.append(" ")
            out.append(t.text)
            glue = bool(t.flags & PASTE_LEFT)
        return "".join(out)

    def arg_text(self, arg) -> str:
        return self.render(arg.first or [])


def _set_paste(buff, index, src):
    """libcpp's copy_paste_flag: make buff[index] carry src's PASTE_LEFT, on a copy."""
    t = buff[index]
    want = src.flags & PASTE_LEFT
    if (t.flags & PASTE_LEFT) != want:
        t = t.copy()
        t.flags = (t.flags & ~PASTE_LEFT) | want
        buff[index] = t


_INCLUDE, _DROP, _BEGIN, _END = range(4)


class _VaOpt:
    """Tracks __VA_OPT__ ( ... ) while substituting (libcpp's vaopt_state)."""

    def __init__(self, pp, macro, var_arg):
        self.pp = pp
        self.variadic = macro.variadic
        self.arg = var_arg
        self.state = 0
        self.depth = 0
        self.stringify = False
        self.update_kind = None

    def update(self, tok):
        if not self.variadic:
            return _INCLUDE
        if tok.kind == NAME and tok.text == "__VA_OPT__":
            self.state = 1
            self.stringify = bool(tok.flags & STRINGIFY)
            return _BEGIN
        if self.state == 1:
            self.state = 2
            self.depth = 1
            if self.update_kind is None:
                self.update_kind = _DROP
                arg = self.arg
                if arg is not None:
                    if arg.expanded is None:
                        self.pp.expand_arg(arg)
                    if any(t.kind != PADDING for t in arg.expanded):
                        self.update_kind = _INCLUDE
            return _DROP
        if self.state == 2:
            if tok.kind == "punct" and tok.op == "(":
                self.depth += 1
            elif tok.kind == "punct" and tok.op == ")":
                self.depth -= 1
                if self.depth == 0:
                    self.state = 0
                    return _END
            return self.update_kind
        return _INCLUDE
