"""Warnings about a whole function, from its typed tree (tree.py): whether control can
reach the closing brace (-Wreturn-type), which variables are ever read
(-Wunused-but-set-variable), and which are read before anything was stored in them
(-Wuninitialized, -Wmaybe-uninitialized).

gcc finds these on its control-flow graph (the last two in SSA form, at -O0 too). The
walks here follow the statement tree instead, and where the tree cannot tell what gcc's
graph would say they say nothing: a missing warning teaches less than a wrong one does.
"""
from __future__ import annotations

from .tree import (AddrOf, Assign, AsmStmt, Binary, Block, Break, Builtin, Call, CaseLabel,
                   Cast, Comma, CompoundAssign, Conditional, Const, Continue, DefaultLabel,
                   Deref, DoWhile, Expr, ExprStmt, FloatConst, For, Goto, If, IncDec,
                   Labeled, LocalDecl, Logical, Member, Return, StmtExpr, Switch, Unary, VaArg,
                   VaCopy, VarRef, VaStart, While)

# Functions gcc knows never return (its builtins; glibc's assert's __assert_fail is
# declared noreturn there).
NORETURN = {"abort", "exit", "_exit", "_Exit", "quick_exit", "longjmp", "siglongjmp",
            "__builtin_abort", "__builtin_exit", "__builtin_trap", "__builtin_unreachable",
            "__assert_fail", "__builtin_longjmp"}


def sub_exprs(e):
    """The operands of an expression, in the order they are evaluated."""
    if isinstance(e, (Unary, Cast, AddrOf)):
        return (e.operand,)
    if isinstance(e, (Binary, Logical, Comma)):
        return (e.left, e.right)
    if isinstance(e, Conditional):
        return (e.cond, e.then, e.other)
    if isinstance(e, Deref):
        return (e.pointer,)
    if isinstance(e, Member):
        return (e.base,)
    if isinstance(e, Assign):
        return (e.value, e.target)
    if isinstance(e, CompoundAssign):
        return (e.target, e.value)
    if isinstance(e, IncDec):
        return (e.target,)
    if isinstance(e, Call):
        return (e.func, *e.args)
    if isinstance(e, Builtin):
        return tuple(e.args)
    if isinstance(e, (VaStart, VaArg)):
        return (e.ap,)
    if isinstance(e, VaCopy):
        return (e.dest, e.src)
    return ()


def sub_stmts(s):
    """(statements, expressions) directly inside a statement."""
    if isinstance(s, Block):
        return s.items, ()
    if isinstance(s, ExprStmt):
        return (), (s.expr,)
    if isinstance(s, LocalDecl):
        return (), tuple(i.expr for i in s.inits or () if i.expr is not None)
    if isinstance(s, If):
        return tuple(x for x in (s.then, s.other) if x is not None), (s.cond,)
    if isinstance(s, (While, DoWhile)):
        return (s.body,), (s.cond,)
    if isinstance(s, For):
        stmts = [s.body]
        exprs = [x for x in (s.cond, s.step) if x is not None]
        if s.init is not None:
            if isinstance(s.init, Block):
                stmts.insert(0, s.init)
            else:
                exprs.insert(0, s.init)
        return stmts, exprs
    if isinstance(s, Switch):
        return (s.body,), (s.expr,)
    if isinstance(s, (CaseLabel, DefaultLabel, Labeled)):
        return ((s.stmt,) if s.stmt is not None else ()), ()
    if isinstance(s, Return):
        return (), ((s.expr,) if s.expr is not None else ())
    if isinstance(s, AsmStmt):
        return (), ()
    return (), ()


def walk_all(s):
    """Every statement and expression node in a statement, nested ones included."""
    stack = [s]
    while stack:
        n = stack.pop()
        if n is None:
            continue
        yield n
        if isinstance(n, StmtExpr):
            stack.append(n.body)
            if n.value is not None:
                stack.append(n.value)
            continue
        if isinstance(n, Expr):
            stack.extend(reversed(sub_exprs(n)))
            continue
        stmts, exprs = sub_stmts(n)
        stack.extend(reversed(list(stmts) + list(exprs)))


def noreturn_expr(e):
    """Evaluating e never comes back (exit(1), abort(), __builtin_trap(), ...)."""
    while isinstance(e, Cast) and not getattr(e, "noreturn", False):
        e = e.operand
    if getattr(e, "noreturn", False):
        return True
    if isinstance(e, Call):
        sym = e.direct
        return sym is not None and (sym.noreturn or sym.name in NORETURN)
    if isinstance(e, Builtin):
        return e.name == "trap"
    if isinstance(e, Conditional) and isinstance(e.cond, (Const, FloatConst)):
        return noreturn_expr(e.then if e.cond.value else e.other)
    if isinstance(e, Comma):
        return noreturn_expr(e.left) or noreturn_expr(e.right)
    return False


def const_truth(e):
    """True / False for a constant condition (gcc folds those even at -O0), else None."""
    if e is None:
        return True
    if isinstance(e, (Const, FloatConst)):
        return bool(e.value)
    return None


# -- -Wreturn-type: can control reach the closing brace? -----------------------------------

class _Reach:
    def __init__(self):
        self.labels = set()         # labels some reachable goto jumps to
        self.jumps = []             # innermost first: [kind, broke, continued]

    def stmt(self, s, live):
        if s is None:
            return live
        if isinstance(s, Block):
            for item in s.items:
                live = self.stmt(item, live)
            return live
        if isinstance(s, Labeled):
            return self.stmt(s.stmt, live or s.name in self.labels)
        if isinstance(s, (CaseLabel, DefaultLabel)):
            sw = next((j for j in self.jumps if j[0] == "switch"), None)
            return self.stmt(s.stmt, live or (sw is not None and sw[3]))
        if isinstance(s, ExprStmt):
            return live and not noreturn_expr(s.expr)
        if isinstance(s, If):
            c = const_truth(s.cond)
            a = self.stmt(s.then, live and c is not False)
            b = self.stmt(s.other, live and c is not True) if s.other is not None else \
                live and c is not True
            return a or b
        if isinstance(s, (While, For, DoWhile)):
            if isinstance(s, For) and s.init is not None and isinstance(s.init, Block):
                live = self.stmt(s.init, live)
            c = const_truth(s.cond)
            j = ["loop", False, False, live]
            self.jumps.insert(0, j)
            try:
                end = self.stmt(s.body, live and (c is not False or isinstance(s, DoWhile)))
            finally:
                self.jumps.pop(0)
            if c is True:
                return j[1]
            if isinstance(s, DoWhile):
                return end or j[2] or j[1]
            return live or end or j[1] or j[2]
        if isinstance(s, Switch):
            j = ["switch", False, False, live]
            self.jumps.insert(0, j)
            try:
                end = self.stmt(s.body, False)
            finally:
                self.jumps.pop(0)
            return (live and s.default is None) or end or j[1]
        if isinstance(s, Goto):
            if live:
                self.labels.add(s.name)
            return False
        if isinstance(s, Return):
            return False
        if isinstance(s, Break):
            if live and self.jumps:
                self.jumps[0][1] = True
            return False
        if isinstance(s, Continue):
            if live:
                loop = next((j for j in self.jumps if j[0] == "loop"), None)
                if loop is not None:
                    loop[2] = True
            return False
        return live


def falls_off_end(body):
    """Whether control can reach the end of a function body."""
    r = _Reach()
    while True:
        seen = set(r.labels)
        end = r.stmt(body, True)
        if r.labels == seen:
            return end


# -- what is read --------------------------------------------------------------------------

def _store_base(target):
    """For a store `a[i] = v`, `s.m = v`, `v = ...`: the variable stored into, whose value
    is not read by the store (gcc's DECL_READ_P stays clear), and the expressions the
    store does evaluate (the index)."""
    evaluated = []
    t = target
    while True:
        if isinstance(t, VarRef):
            return t.sym, evaluated
        if isinstance(t, Member):
            t = t.base
            continue
        if isinstance(t, Deref):
            p = t.pointer
            if isinstance(p, Binary) and p.op in ("+", "-") and isinstance(p.left, AddrOf):
                evaluated.append(p.right)
                t = p.left.operand
                continue
            if isinstance(p, AddrOf):
                t = p.operand
                continue
        return None, [target]


class _Reads:
    def __init__(self):
        self.read = set()

    def stmt(self, s):
        stmts, exprs = sub_stmts(s)
        if isinstance(s, ExprStmt):
            self.expr(s.expr, False)
            return
        if isinstance(s, For) and s.init is not None and not isinstance(s.init, Block):
            self.expr(s.init, False)
            exprs = [x for x in exprs if x is not s.init]
        for e in exprs:
            self.expr(e, not (isinstance(s, For) and e is s.step))
        for x in stmts:
            self.stmt(x)

    def expr(self, e, used=True):
        if isinstance(e, VarRef):
            self.read.add(e.sym)
            return
        if isinstance(e, Assign) and not used:
            sym, evaluated = _store_base(e.target)
            for x in evaluated:
                self.expr(x)
            self.expr(e.value)
            return
        if isinstance(e, Comma):
            self.expr(e.left, False)
            self.expr(e.right, used)
            return
        if isinstance(e, Cast) and e.type.is_void:
            self.expr(e.operand, True)
            return
        if isinstance(e, StmtExpr):
            self.stmt(e.body)
            if e.value is not None:
                self.expr(e.value)
            return
        for x in sub_exprs(e):
            self.expr(x)


def symbols_read(body):
    """The variables whose value the code reads (a store into a variable, into an element
    or a member of it, is not a read; ++, op= and taking the address are)."""
    r = _Reads()
    r.stmt(body)
    return r.read
