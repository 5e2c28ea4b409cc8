"""What both architecture modules share: a dry run of operand rewriting to warm keystone."""
from __future__ import annotations

from .. import expr as X
from ..model import Symbol


class DryLookup:
    """Stands in for the assembler while texts are prepared for a batch: it must not
    create symbols or labels (that happens in the real pass, in statement order)."""

    def __init__(self, asm):
        self.asm = asm

    def symbol(self, name):
        s = self.asm.symbols.get(name)
        if s is not None:
            return s
        return Symbol(name, -1, temp=True)

    def local_label(self, digits, direction):
        return Symbol(".Ldry", -1, temp=True)

    def dot(self):
        return Symbol(".Ldot", -1, temp=True)

    def parse(self, text):
        return X.parse(text, self.symbol, self.local_label, self.dot)


def hexnum(v: int) -> str:
    return f"-0x{-v:x}" if v < 0 else f"0x{v:x}"
