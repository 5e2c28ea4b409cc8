"""Scopes and the per-function state the frontend keeps while it walks a body."""
from __future__ import annotations

from dataclasses import dataclass, field


class Bail(Exception):
    """Abandon the current statement or declaration after an error was recorded (GCC
    goes on with the next one, so one run reports several errors)."""


@dataclass
class Scope:
    names: dict = field(default_factory=dict)   # ordinary identifiers -> Symbol
    tags: dict = field(default_factory=dict)    # struct/union/enum tags -> type
    vla_save: object = None     # the block's saved sp (Symbol), once it declares a VLA
    vla_zero: object = None     # (tree.Block run there: the nested blocks' saves reset)
    vlas: list = field(default_factory=list)    # VLA objects declared so far, in order


@dataclass
class FunctionContext:
    sym: object
    locals: list = field(default_factory=list)        # automatic variables, in order
    labels: dict = field(default_factory=dict)        # name -> pos of definition
    gotos: list = field(default_factory=list)         # (name, pos) to check at the end
    breakable: int = 0                                # loops and switches open
    continuable: int = 0                              # loops open
    switches: list = field(default_factory=list)      # Switch nodes open
    calls: bool = False
    undeclared_reported: set = field(default_factory=set)
    uses_va_start: bool = False
    dynamic_stack: bool = False                       # alloca (or a VLA): sp moves
    vla_saves: list = field(default_factory=list)     # the blocks' saved-sp Symbols
    scope: object = None                              # the function's outermost Scope
    label_vlas: dict = field(default_factory=dict)    # label -> VLAs in scope there
    goto_vlas: list = field(default_factory=list)     # (label, pos, VLAs in scope)
