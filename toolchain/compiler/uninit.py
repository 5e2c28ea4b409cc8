"""-Wuninitialized and -Wmaybe-uninitialized as gcc 12 gives them at -O0.

gcc's early pass looks at each use of a scalar local (one whose address is never taken)
in SSA form: when the only definition reaching the use is the variable's undefined
initial value, it warns, once per variable: "is used uninitialized" when the use is on
every path through the function, "may be used uninitialized" when not. A use reached by
a store on some path (a phi) gets nothing at -O0, so neither does a sum accumulated in a
loop.

Here the same question is asked of the statement tree, walking it in execution order
with the set of variables some path may have stored into. Loops and labels count every
store inside them as done before (a later iteration, or a goto, brings it round).
Where gcc puts the message follows its gimple statements: a variable read directly by a
statement is reported at that statement's position (the '=' of an assignment, the name
in a declaration, the call, the '(' of an if); an operand of a nested operation at that
operation's operator. A use whose position or path cannot be told for sure is not
reported (and silences the variable, as a report would).
"""
from __future__ import annotations

from .flowcheck import const_truth, noreturn_expr, sub_exprs, sub_stmts, walk_all
from .tree import (AddrOf, Assign, AsmStmt, Binary, Block, Break, Call, CaseLabel, Cast,
                   CompoundAssign, Const, Continue, DefaultLabel, Deref, DoWhile, ExprStmt,
                   For, Goto, If, IncDec, Labeled, LocalDecl, Return, Switch, Unary, VarRef,
                   While)


def uninitialized_uses(fe, fn):
    """[(pos, message, flag, note pos, note)] for function fn."""
    decls = {}
    taken = set()
    for n in walk_all(fn.body):
        if isinstance(n, LocalDecl):
            decls.setdefault(n.sym, n)
        elif isinstance(n, AddrOf):
            base = n.operand
            while not isinstance(base, VarRef) and hasattr(base, "base"):
                base = base.base
            if isinstance(base, VarRef):
                taken.add(base.sym)
    tracked = {sym for sym, d in decls.items()
               if d.inits is None and sym.storage == "auto" and sym not in taken
               and _scalar(sym.type)
               and getattr(sym, "decl_node", None) is not None}
    if not tracked:
        return []
    facts = _Facts(tracked)
    w = _Walk(fe, tracked, facts)
    w.everything = set(facts.assigned(fn.body))
    w.stmt(fn.body)
    return w.out


class _Facts:
    """What each statement holds, computed once per function (the walk asks about the
    same statements at every level of nesting): the tracked variables stored into, and
    whether it can leave the function (return, goto, a call that does not return) or
    the loop or switch around it (break, continue)."""

    def __init__(self, tracked):
        self.tracked = tracked
        self.memo = {}

    def of(self, s):
        """(stored into, leaves the function, breaks out, continues out)."""
        if s is None:
            return frozenset(), False, False, False
        found = self.memo.get(id(s))
        if found is not None:
            return found
        stmts, exprs = sub_stmts(s)
        stored, out, brk, cont = set(), isinstance(s, (Return, Goto)), \
            isinstance(s, Break), isinstance(s, Continue)
        if isinstance(s, LocalDecl) and s.inits is not None and s.sym in self.tracked:
            stored.add(s.sym)
        for e in exprs:
            for n in walk_all(e):
                if isinstance(n, (Assign, CompoundAssign, IncDec)) and \
                        isinstance(n.target, VarRef) and n.target.sym in self.tracked:
                    stored.add(n.target.sym)
                elif isinstance(n, (Return, Goto)) or isinstance(n, Call) and noreturn_expr(n):
                    out = True
        for x in stmts:
            xs, xout, xbrk, xcont = self.of(x)
            stored |= xs
            out = out or xout
            if not isinstance(s, (While, DoWhile, For, Switch)):
                brk = brk or xbrk
            if not isinstance(s, (While, DoWhile, For)):
                cont = cont or xcont
        found = self.memo[id(s)] = (frozenset(stored), out, brk, cont)
        return found

    def assigned(self, s):
        return self.of(s)[0]

    def escapes(self, s, breaks=True):
        """Whether s may leave the sequence it stands in other than at its end (with
        `breaks`, a break or continue of the loop or switch around it counts)."""
        _, out, brk, cont = self.of(s)
        return out or (breaks and (brk or cont))

    def breaks_out(self, s):
        """Whether a break in loop body s ends that loop."""
        return self.of(s)[2]


def _scalar(t):
    return (t.is_integer and getattr(t, "width", None) is None) or t.is_pointer or \
        (t.is_arithmetic and not t.is_integer)


def _implicit(e):
    """A conversion the frontend added (not a cast written in the source)."""
    return isinstance(e, Cast) and getattr(e, "cast_pos", None) is None


def _strip(e):
    while _implicit(e):
        e = e.operand
    return e


class _Walk:
    def __init__(self, fe, tracked, facts):
        self.fe = fe
        self.tracked = tracked
        self.facts = facts
        self.everything = set()         # stored anywhere in the function (set by run)
        self.out = []
        self.done = set()               # warned about, or silenced
        self.defs = set()               # some path to here may have stored into it
        self.live = True                # (code after return/goto is not looked at)
        self.always = True              # on every path: True, on some: False, unsure: None
        self.switch_live = []

    # -- positions -------------------------------------------------------------------------
    def line(self, pos):
        return self.fe.lines.get((pos[0], pos[1])) if pos else None

    def after(self, pos, skip, want):
        """The position of `want` after `skip` characters at pos, blanks between."""
        text = self.line(pos)
        if text is None or not pos[2]:
            return None
        i = pos[2] - 1 + skip
        while i < len(text) and text[i] in " \t":
            i += 1
        if text.startswith(want, i) and "\t" not in text[:i]:
            return (pos[0], pos[1], i + 1)
        return None

    def own(self, e):
        """Where gcc puts the gimple statement computing e (None: cannot tell)."""
        e = _strip(e)
        if isinstance(e, (Binary, Unary, Assign, CompoundAssign, Call)):
            return e.pos
        if isinstance(e, Cast):
            return e.cast_pos
        if isinstance(e, IncDec):
            if e.prefix or not isinstance(e.target, VarRef):
                return e.pos if e.prefix else None
            return self.after(e.target.pos, len(e.target.sym.name), "++" if e.op == "+" else "--")
        if isinstance(e, Deref):
            text = self.line(e.pos)
            if text is not None and e.pos[2] and text[e.pos[2] - 1:e.pos[2]] == "*":
                return e.pos
            base = _strip(e.pointer)
            if isinstance(base, Binary):
                base = _strip(base.left)
            if isinstance(base, AddrOf):
                base = base.operand
            if isinstance(base, VarRef):
                return self.after(base.pos, len(base.sym.name), "[")
        return None

    def top(self, e):
        """Where a statement using e's value as a whole is (return e, while (e))."""
        s = _strip(e)
        if isinstance(s, VarRef):
            return getattr(s, "paren_pos", None) or getattr(e, "paren_pos", None) or s.pos
        return self.own(s)

    # -- uses ------------------------------------------------------------------------------
    def use(self, sym, pos):
        if sym not in self.tracked or sym in self.done or sym in self.defs or not self.live:
            return
        volatile = getattr(sym, "volatile", False)
        if pos is None or self.always is None or (volatile and not self.always):
            self.done.add(sym)
            return
        if not self.fe.wflag("uninitialized" if self.always else "maybe-uninitialized"):
            return          # (not said, so not silenced: a later use may be)
        self.done.add(sym)
        note = f"'{sym.name}' {'declared' if volatile else 'was declared'} here"
        if self.always:
            self.out.append((pos, f"'{sym.name}' is used uninitialized", "uninitialized",
                             sym.name_pos, note))
        else:
            self.out.append((pos, f"'{sym.name}' may be used uninitialized",
                             "maybe-uninitialized", sym.name_pos, note))

    def store(self, target):
        if isinstance(target, VarRef):
            self.defs.add(target.sym)

    def expr(self, e, at):
        """Walk e, reporting a variable it reads directly at `at`."""
        if e is None:
            return
        e = _strip(e)
        if isinstance(e, VarRef):
            self.use(e.sym, at)
            return
        if isinstance(e, Assign):
            self.expr(e.value, e.pos)
            if not isinstance(e.target, VarRef):
                self.lvalue(e.target, e.pos)
            self.store(e.target)
            return
        if isinstance(e, CompoundAssign):
            if isinstance(e.target, VarRef):
                self.use(e.target.sym, e.pos)
            else:
                self.lvalue(e.target, e.pos)
            self.expr(e.value, e.pos)
            self.store(e.target)
            return
        if isinstance(e, IncDec):
            if isinstance(e.target, VarRef):
                self.use(e.target.sym, self.own(e))
            else:
                self.lvalue(e.target, None)
            self.store(e.target)
            return
        if isinstance(e, Call):
            self.operand(e.func, None)
            for a in e.args:
                self.expr(a, e.pos)
            return
        if isinstance(e, Deref):
            self.lvalue(e, at)
            return
        if isinstance(e, (Binary, Unary, Cast)):
            self.operands(sub_exprs(e), at)
            return
        # &&, ||, ?:, comma, statement expressions...: paths and positions gcc's own.
        saved = self.always
        self.always = None
        try:
            if hasattr(e, "body") and isinstance(getattr(e, "body"), Block):
                self.stmt(e.body)
                if getattr(e, "value", None) is not None:
                    self.expr(e.value, None)
            else:
                for x in sub_exprs(e):
                    self.expr(x, None)
        finally:
            self.always = saved

    def operand(self, x, at):
        self.operands((x,), at)

    def operands(self, xs, at):
        """Operands of one gimple statement: the nested operations are computed first
        (into temporaries, each its own statement), then the statement reads the
        variables that are operands themselves."""
        leaves = []
        for x in xs:
            s = _strip(x)
            if isinstance(s, VarRef):
                leaves.append(s.sym)
            else:
                self.expr(s, self.own(s))
        for sym in leaves:
            self.use(sym, at)

    def lvalue(self, t, at):
        """The address computation of a store or a load through a pointer: `*p`, `a[i]`:
        the pointer and the index are read by the statement itself."""
        if isinstance(t, Deref):
            p = _strip(t.pointer)
            here = at if at is not None else self.own(t)
            if isinstance(p, Binary) and p.op in ("+", "-"):
                idx = _strip(p.right)
                if isinstance(idx, Binary) and idx.op == "*" and isinstance(idx.right, Const):
                    idx = _strip(idx.left)
                self.operands((p.left, idx), here)
            elif isinstance(p, AddrOf):
                self.lvalue(p.operand, here)
            else:
                self.operand(p, here)
            return
        if isinstance(t, VarRef):
            return
        self.expr(t, None)

    # -- statements ------------------------------------------------------------------------
    def stmt(self, s):
        if s is None:
            return
        if isinstance(s, Block):
            for item in s.items:
                self.stmt(item)
            return
        if isinstance(s, Labeled):
            self.live = True
            self.defs |= self.everything
            self.always = None
            self.stmt(s.stmt)
            return
        if isinstance(s, (CaseLabel, DefaultLabel)):
            self.live = self.live or bool(self.switch_live and self.switch_live[-1])
            self.always = False
            self.stmt(s.stmt)
            return
        if not self.live:
            stmts, _ = sub_stmts(s)
            for x in stmts:
                self.stmt(x)
            return
        if isinstance(s, ExprStmt):
            self.expr(s.expr, None)
            if noreturn_expr(s.expr):
                self.live = False
        elif isinstance(s, LocalDecl):
            for init in s.inits or ():
                if init.expr is not None:
                    self.expr(init.expr, getattr(s.sym, "name_pos", None))
            if s.inits is not None:
                self.defs.add(s.sym)
        elif isinstance(s, Return):
            if s.expr is not None:
                self.expr(s.expr, self.top(s.expr))
            self.live = False
        elif isinstance(s, (Goto, Break, Continue)):
            self.live = False
        elif isinstance(s, If):
            self.if_stmt(s)
        elif isinstance(s, (While, For)):
            self.loop(s)
        elif isinstance(s, DoWhile):
            self.do_loop(s)
        elif isinstance(s, Switch):
            self.switch(s)
        elif isinstance(s, AsmStmt):
            pass

    def if_stmt(self, s):
        paren = self.after(s.pos, 2, "(") if s.pos else None
        self.expr(s.cond, paren)
        c = const_truth(s.cond)
        before, always = set(self.defs), self.always
        ends, defs = [], set()
        for branch, taken in ((s.then, c is not False), (s.other, c is not True)):
            self.defs, self.live = set(before), taken
            self.always = always if c is not None else False
            self.stmt(branch)
            ends.append(self.live)
            defs |= self.defs
        self.defs, self.live = defs, any(ends)
        escapes = self.facts.escapes(s.then) or self.facts.escapes(s.other)
        self.always = always if not escapes else (False if always is not None else None)

    def loop(self, s):
        if isinstance(s, For) and s.init is not None:
            if isinstance(s.init, Block):
                self.stmt(s.init)
            else:
                self.expr(s.init, None)
        self.defs |= self.facts.assigned(s)
        always = self.always
        c = const_truth(s.cond)
        if s.cond is not None:
            self.expr(s.cond, self.top(s.cond))
        self.always = always if c is True else False if always is not None else None
        self.body(s.body, c is True)
        if isinstance(s, For) and s.step is not None:
            self.always = None
            self.expr(s.step, None)
        if c is True:
            self.live = self.facts.breaks_out(s.body)
            self.always = None
        else:
            self.live = True
            self.always = always if not self.facts.escapes(s.body, False) else \
                (False if always is not None else None)

    def do_loop(self, s):
        self.defs |= self.facts.assigned(s)
        always = self.always
        self.body(s.body, True)
        self.live = True
        self.always = always if not self.facts.escapes(s.body) else None
        self.expr(s.cond, self.top(s.cond))
        self.always = always if not self.facts.escapes(s.body, False) else \
            (False if always is not None else None)

    def body(self, s, first_always):
        """A loop body: with `first_always`, its statements run on every path until the
        first one that may jump away."""
        if not first_always or not isinstance(s, Block):
            if first_always and self.facts.escapes(s):
                self.always = None
            self.stmt(s)
            return
        for item in s.items:
            self.stmt(item)
            if self.facts.escapes(item) and self.always:
                self.always = False

    def switch(self, s):
        self.expr(s.expr, s.pos)
        always = self.always
        self.switch_live.append(True)
        self.live, self.always = False, False if always is not None else None
        try:
            self.stmt(s.body)
        finally:
            self.switch_live.pop()
        self.live = True
        self.always = always if not self.facts.escapes(s.body, False) else \
            (False if always is not None else None)
